//! What a party's members moved, reserved and noted, for the party's page beside its votes:
//! the page of a party shows its positions, not only what was said in its name. Members who
//! reserved themselves together (`A (M) och B (M) reserverar sig`) are one entry.

use super::pages::{role_view, RoleView};
use super::views::Link;
use super::Renderer;
use crate::site::{PersonId, Role, RoleKind};
use serde::Serialize;

#[derive(Serialize)]
pub(super) struct MemberRole<'a> {
    #[serde(flatten)]
    role: RoleView<'a>,
    by: Vec<Link<'a>>,
}

/// The party's members' motions, reservations and protocol notes, newest first.
pub(super) fn statements<'a>(r: &Renderer<'a>, party: usize) -> Vec<MemberRole<'a>> {
    let site = r.site;
    let mut found: Vec<(&'a Role, PersonId)> = Vec::new();
    for &m in &site.parties[party].members {
        let stated = site.people[m].roles.iter().filter(|role| {
            matches!(
                role.kind,
                RoleKind::Motion | RoleKind::Reservation | RoleKind::Note
            )
        });
        found.extend(stated.map(|role| (role, m)));
    }
    let date = |role: &Role| site.meetings[role.meeting].meta.date;
    // Newest first; within an item, the same statement by several members side by side.
    let key = |role: &'a Role| {
        let when = std::cmp::Reverse((date(role), role.meeting, role.item));
        (when, role.kind, role.text.as_deref())
    };
    found.sort_by(|(a, _), (b, _)| key(a).cmp(&key(b)));
    let mut out: Vec<(&'a Role, Vec<PersonId>)> = Vec::new();
    for (role, m) in found {
        match out.last_mut() {
            Some((last, by)) if same(last, role) => by.push(m),
            _ => out.push((role, vec![m])),
        }
    }
    out.into_iter()
        .map(|(role, by)| MemberRole {
            role: role_view(r, role),
            by: by
                .into_iter()
                .map(|m| Link {
                    title: &site.people[m].name,
                    url: &site.people[m].url,
                })
                .collect(),
        })
        .collect()
}

fn same(a: &Role, b: &Role) -> bool {
    (a.kind, a.meeting, a.item, &a.text) == (b.kind, b.meeting, b.item, &b.text)
}
