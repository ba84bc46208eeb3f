//! What a person or a party did, counted: the summary that opens a person's page (counts by
//! kind, the bodies, the period) and a party's page (its members' motions, reservations and
//! other acts by year). A page of a hundred dated lines says little until it is counted.

use super::views::Views;
use crate::site::{BodyId, PartyId, PersonId, Role, RoleKind};
use serde::Serialize;
use std::collections::BTreeMap;

/// The kinds counted, in the order they are shown.
const KINDS: [RoleKind; 8] = [
    RoleKind::Motion,
    RoleKind::Reservation,
    RoleKind::Note,
    RoleKind::Abstained,
    RoleKind::Recused,
    RoleKind::Attended,
    RoleKind::Chair,
    RoleKind::Adjuster,
];

#[derive(Serialize)]
pub struct Count {
    pub kind: &'static str,
    pub n: usize,
    /// `3 yrkanden`.
    pub text: String,
}

#[derive(Serialize)]
pub struct BodyLink<'a> {
    pub title: &'a str,
    pub url: &'a str,
}

/// Counts of one year: the year, then one number per kind of [`RoleSummary::kinds`].
#[derive(Serialize)]
pub struct YearCounts {
    pub year: i32,
    pub counts: Vec<usize>,
}

#[derive(Serialize)]
pub struct RoleSummary<'a> {
    /// Counts by kind, of the kinds that occur.
    pub counts: Vec<Count>,
    /// The bodies the roles were taken in.
    pub bodies: Vec<BodyLink<'a>>,
    pub first_year: Option<i32>,
    pub last_year: Option<i32>,
    /// The column headings of `years`: the labels of the kinds that occur.
    pub kinds: Vec<String>,
    /// Counts by year, oldest first.
    pub years: Vec<YearCounts>,
}

impl<'a> RoleSummary<'a> {
    pub fn new(views: &Views<'a>, roles: &[Role]) -> RoleSummary<'a> {
        let site = views.site;
        let occurring: Vec<RoleKind> = KINDS
            .into_iter()
            .filter(|k| roles.iter().any(|r| r.kind == *k))
            .collect();
        let counts = occurring
            .iter()
            .map(|k| {
                let n = roles.iter().filter(|r| r.kind == *k).count();
                Count {
                    kind: k.as_str(),
                    n,
                    text: views.count(n, k.as_str()),
                }
            })
            .collect();
        let mut bodies: Vec<BodyId> = roles
            .iter()
            .map(|r| site.meetings[r.meeting].body)
            .collect();
        bodies.sort_unstable();
        bodies.dedup();
        let year = |r: &Role| chrono::Datelike::year(&site.meetings[r.meeting].meta.date);
        let mut by_year: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
        for r in roles {
            let at = occurring.iter().position(|k| *k == r.kind).unwrap_or(0);
            by_year
                .entry(year(r))
                .or_insert_with(|| vec![0; occurring.len()])[at] += 1;
        }
        RoleSummary {
            counts,
            bodies: bodies
                .into_iter()
                .map(|b| BodyLink {
                    title: &site.bodies[b].name,
                    url: &site.bodies[b].url,
                })
                .collect(),
            first_year: by_year.keys().next().copied(),
            last_year: by_year.keys().next_back().copied(),
            kinds: occurring
                .iter()
                .map(|k| views.label(&format!("roles_{}", k.as_str())))
                .collect(),
            years: by_year
                .into_iter()
                .map(|(year, counts)| YearCounts { year, counts })
                .collect(),
        }
    }

    /// A party's statements in its own name and every member's roles, together.
    pub fn of_party(views: &Views<'a>, p: PartyId) -> RoleSummary<'a> {
        let site = views.site;
        let party = &site.parties[p];
        let mut roles: Vec<Role> = party.roles.clone();
        for m in &party.members {
            roles.extend(site.people[*m].roles.iter().cloned());
        }
        RoleSummary::new(views, &roles)
    }

    /// `3 yrkanden, 1 reservation; Regionstyrelsen; 2024–2025`.
    pub fn line(&self) -> String {
        let counts: Vec<&str> = self.counts.iter().map(|c| c.text.as_str()).collect();
        let bodies: Vec<&str> = self.bodies.iter().map(|b| b.title).collect();
        let period = match (self.first_year, self.last_year) {
            (Some(a), Some(b)) if a != b => format!("; {a}–{b}"),
            (Some(a), _) => format!("; {a}"),
            _ => String::new(),
        };
        format!("{}; {}{period}", counts.join(", "), bodies.join(", "))
    }
}

/// How many of its members' motions and reservations a party's page lists.
const MEMBER_ACTS: usize = 50;

/// A member's motion or reservation, as a party's page lists it.
#[derive(Serialize)]
pub struct MemberAct<'a> {
    pub who: BodyLink<'a>,
    pub label: String,
    pub meeting: tera::Value,
    pub item: Option<super::views::ItemSummary<'a>>,
    pub text: Option<&'a str>,
}

/// The party's members' motions and reservations, newest first, the latest [`MEMBER_ACTS`].
pub fn member_acts<'a>(views: &Views<'a>, p: PartyId) -> (usize, Vec<MemberAct<'a>>) {
    let site = views.site;
    let mut acts: Vec<(PersonId, &'a Role)> = site.parties[p]
        .members
        .iter()
        .flat_map(|m| site.people[*m].roles.iter().map(move |r| (*m, r)))
        .filter(|(_, r)| matches!(r.kind, RoleKind::Motion | RoleKind::Reservation))
        .collect();
    let total = acts.len();
    acts.sort_by_key(|(m, r)| {
        let date = site.meetings[r.meeting].meta.date;
        std::cmp::Reverse((date, r.meeting, r.item, *m))
    });
    let list = acts
        .into_iter()
        .take(MEMBER_ACTS)
        .map(|(m, r)| MemberAct {
            who: BodyLink {
                title: &site.people[m].name,
                url: &site.people[m].url,
            },
            label: views.label(&format!("role_{}", r.kind.as_str())),
            meeting: views.meeting_value(r.meeting),
            item: r.item.map(|i| views.item(i)),
            text: r.text.as_deref(),
        })
        .collect();
    (total, list)
}
