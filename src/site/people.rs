//! People and parties, from what the minutes say about them: attendance lists, chair and
//! adjusters, motions, reservations, protocol notes, abstentions, recusals and ballots.
//!
//! A politician is a name printed with a party (`Nicklas Sandström (M)`, also `(M)` without the
//! space) or one holding a political role (chair, adjuster); the same spelling is one person.
//! Officials without a party (handläggare, regiondirektör) get no page: they are shown on the
//! items they handled.

pub use super::ballots::{Cast, PartyVote};
use super::{ItemId, MeetingId, PersonId, Site};
use crate::model::{PersonName, Statement};
use crate::slug::slugify;
use std::collections::BTreeMap;

#[derive(Debug)]
pub struct Person {
    pub slug: String,
    pub name: String,
    /// The party most often printed with the name.
    pub party: Option<String>,
    pub url: String,
    /// Everything the person did, by date.
    pub roles: Vec<Role>,
    /// How the person voted where a protocol names the voters, by date.
    pub casts: Vec<Cast>,
}

#[derive(Debug)]
pub struct Party {
    /// As printed: `M`, `S`, `SD`.
    pub code: String,
    pub slug: String,
    pub name: String,
    pub url: String,
    pub members: Vec<PersonId>,
    /// Statements made in the party's name (`SD reserverar sig`), and its members' roles.
    pub roles: Vec<Role>,
    /// How the members printed with the party voted, per vote, by date.
    pub votes: Vec<PartyVote>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RoleKind {
    Chair,
    Adjuster,
    Attended,
    Motion,
    Reservation,
    Note,
    Abstained,
    Recused,
}

impl RoleKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RoleKind::Chair => "chair",
            RoleKind::Adjuster => "adjuster",
            RoleKind::Attended => "attended",
            RoleKind::Motion => "motion",
            RoleKind::Reservation => "reservation",
            RoleKind::Note => "note",
            RoleKind::Abstained => "abstained",
            RoleKind::Recused => "recused",
        }
    }
}

/// One thing a person or party did.
#[derive(Debug, Clone)]
pub struct Role {
    pub kind: RoleKind,
    pub meeting: MeetingId,
    pub item: Option<ItemId>,
    /// The motion's or statement's text, or the attendance role (`ledamot`, `ersättare`).
    pub text: Option<String>,
}

/// True for the letters of a Swedish parliamentary party (`S`, `M`, `SD` …): subject detection
/// knows a person's name by them (`Camilla Larsson (SD)`).
pub(in crate::site) fn is_party_code(code: &str) -> bool {
    party_name(code).is_some()
}

/// Swedish parliamentary parties by their usual letters.
fn party_name(code: &str) -> Option<&'static str> {
    Some(match code {
        "S" => "Socialdemokraterna",
        "M" => "Moderaterna",
        "SD" => "Sverigedemokraterna",
        "C" => "Centerpartiet",
        "V" => "Vänsterpartiet",
        "KD" => "Kristdemokraterna",
        "L" => "Liberalerna",
        "MP" => "Miljöpartiet",
        _ => return None,
    })
}

/// What is gathered about one printed name: its roles and how often each party was printed.
#[derive(Default)]
struct Gathered {
    roles: Vec<Role>,
    parties: BTreeMap<String, usize>,
}

#[derive(Default)]
struct Collector {
    people: BTreeMap<String, Gathered>,
    party_roles: BTreeMap<String, Vec<Role>>,
}

impl Collector {
    /// Records `who` (a printed name, or a party's letters) doing `kind`.
    fn add(&mut self, who: &str, role: Role, political: bool) {
        if let Some(roles) = self.roles_of(who, political) {
            roles.push(role);
        }
    }

    /// The roles of `who`, a person or party made known by this mention; none for a name that
    /// gets no page.
    fn roles_of(&mut self, who: &str, political: bool) -> Option<&mut Vec<Role>> {
        let folded = crate::identity::fold(who);
        let trimmed = folded.trim();
        if party_name(trimmed).is_some() {
            return Some(self.party_roles.entry(trimmed.to_string()).or_default());
        }
        let parsed = PersonName::parse(trimmed);
        let no_slug = slugify(&parsed.name).is_empty();
        if no_slug || (parsed.party.is_none() && !political) {
            return None;
        }
        let entry = self.people.entry(parsed.name).or_default();
        if let Some(p) = parsed.party {
            *entry.parties.entry(p).or_default() += 1;
        }
        Some(&mut entry.roles)
    }
}

pub(super) fn collect(site: &mut Site) {
    let mut c = Collector::default();
    for (id, meeting) in site.meetings.iter().enumerate() {
        collect_meeting(&mut c, id, meeting);
    }
    for (id, item) in site.items.iter().enumerate() {
        let chair = site.meetings[item.meeting].meta.chair.as_deref();
        collect_item(&mut c, (item.meeting, chair), id, &item.meta);
    }
    finish(site, c);
}

fn collect_meeting(c: &mut Collector, id: MeetingId, meeting: &super::Meeting) {
    let role = |kind, text: Option<String>| Role {
        kind,
        meeting: id,
        item: None,
        text,
    };
    if let Some(chair) = &meeting.meta.chair {
        c.add(chair, role(RoleKind::Chair, None), true);
    }
    for adj in &meeting.meta.adjusters {
        c.add(adj, role(RoleKind::Adjuster, None), true);
    }
    for a in &meeting.meta.attendees {
        if let Some(party) = &a.party {
            c.add(
                &format!("{} ({party})", a.name),
                role(RoleKind::Attended, a.role.clone()),
                true,
            );
        }
    }
}

/// True for the role word minutes print in place of the chair's name (`Ordförande yrkar …`):
/// the chair of that meeting is meant.
pub fn names_the_chair(printed: &str) -> bool {
    matches!(
        printed.trim().to_lowercase().as_str(),
        "ordförande" | "ordföranden"
    )
}

/// `who` as a person: the meeting's chair for the chair's role word, else as printed.
pub fn as_person<'a>(who: &'a str, chair: Option<&'a str>) -> &'a str {
    match chair {
        Some(chair) if names_the_chair(who) => chair,
        _ => who,
    }
}

fn collect_item(
    c: &mut Collector,
    (meeting, chair): (MeetingId, Option<&str>),
    item: ItemId,
    meta: &crate::model::ItemMeta,
) {
    let role = |kind, text: Option<String>| Role {
        kind,
        meeting,
        item: Some(item),
        text,
    };
    for m in &meta.motions {
        for who in &m.by {
            let who = as_person(who, chair);
            c.add(who, role(RoleKind::Motion, Some(m.text.clone())), false);
        }
    }
    let statements: [(&[Statement], RoleKind); 2] = [
        (&meta.reservations, RoleKind::Reservation),
        (&meta.notes, RoleKind::Note),
    ];
    for (list, kind) in statements {
        for s in list {
            for who in &s.by {
                let who = as_person(who, chair);
                c.add(who, role(kind, s.text.clone()), false);
            }
        }
    }
    for who in &meta.abstained {
        c.add(who, role(RoleKind::Abstained, None), false);
    }
    for who in &meta.recused {
        c.add(who, role(RoleKind::Recused, None), false);
    }
    // A voter is a member of the body, party or not; the vote itself is linked after the
    // people are known (see `super::ballots`), not kept as a role.
    for who in meta.votes.iter().flat_map(crate::model::Vote::voters) {
        c.roles_of(who, true);
    }
}

fn finish(site: &mut Site, c: Collector) {
    let mut parties: BTreeMap<String, (Vec<PersonId>, Vec<Role>)> = BTreeMap::new();
    for (code, roles) in c.party_roles {
        parties.entry(code).or_default().1 = roles;
    }
    for (
        name,
        Gathered {
            mut roles,
            parties: party_counts,
        },
    ) in c.people
    {
        let party = party_counts
            .into_iter()
            .max_by_key(|(p, n)| (*n, std::cmp::Reverse(p.clone())))
            .map(|(p, _)| p);
        let meetings = &site.meetings;
        roles.sort_by_key(|r| (meetings[r.meeting].meta.date, r.meeting, r.item, r.kind));
        let slug = slugify(&name);
        if let Some(p) = &party {
            parties
                .entry(p.clone())
                .or_default()
                .0
                .push(site.people.len());
        }
        site.people.push(Person {
            url: format!("personer/{slug}/"),
            slug,
            name,
            party,
            roles,
            casts: Vec::new(),
        });
    }
    for (code, (members, mut roles)) in parties {
        let meetings = &site.meetings;
        roles.sort_by_key(|r| (meetings[r.meeting].meta.date, r.meeting, r.item));
        let slug = slugify(&code);
        site.parties.push(Party {
            name: party_name(&code).unwrap_or(&code).to_string(),
            url: format!("partier/{slug}/"),
            slug,
            code,
            members,
            roles,
            votes: Vec::new(),
        });
    }
    unique_slugs(site);
    super::ballots::link(site);
}

/// Two spellings that fold to one slug (`Åsa`/`Asa`) get numbered slugs so neither page is
/// lost, and a party whose letters make no slug (`(!!!)`) still gets a page of its own
/// rather than `partier/index.html`.
fn unique_slugs(site: &mut Site) {
    crate::slug::make_unique(site.people.iter_mut().map(|p| &mut p.slug), "person");
    for p in &mut site.people {
        p.url = format!("personer/{}/", p.slug);
    }
    crate::slug::make_unique(site.parties.iter_mut().map(|p| &mut p.slug), "parti");
    for p in &mut site.parties {
        p.url = format!("partier/{}/", p.slug);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chairs_role_word_is_the_meetings_chair() {
        let chair = Some("Karin Ek (S)");
        assert_eq!(as_person("Ordförande", chair), "Karin Ek (S)");
        assert_eq!(as_person("ordföranden", chair), "Karin Ek (S)");
        assert_eq!(as_person("Olle Berg (M)", chair), "Olle Berg (M)");
        assert_eq!(as_person("Ordförande", None), "Ordförande");
    }
}
