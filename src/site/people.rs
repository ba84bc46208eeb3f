//! People and parties, from what the minutes say about them: attendance lists, chair and
//! adjusters, motions, reservations, protocol notes, abstentions, recusals and ballots.
//!
//! A politician is a name printed with a party (`Nicklas Sandström (M)`, also `(M)` without the
//! space), one holding a political role (chair, adjuster), or a name of the person registry
//! (`content/people.yaml`, see [`crate::registry`]). The registry makes its spellings one
//! person, with its id; without it, the same spelling is one person.
//! Officials without a party (handläggare, regiondirektör) get no page: they are shown on the
//! items they handled.

pub use super::ballots::{Cast, PartyVote};
use super::{ItemId, MeetingId, PersonId, Site};
use crate::model::{ItemMeta, MeetingMeta, PersonName, Statement};
use crate::registry::{Entry, Registry};
use crate::slug::slugify;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

#[derive(Debug)]
pub struct Person {
    pub slug: String,
    pub name: String,
    /// The party most often printed with the name.
    pub party: Option<String>,
    pub url: String,
    /// The other forms of the name the minutes printed (folded as names are), sorted.
    pub spellings: Vec<String>,
    /// Whether the person is in the registry (its id is then the slug).
    pub registered: bool,
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

/// A name the minutes print that the registry lacks (when there is a registry): what
/// `check --update-people` adds, and where `build` and `check` say it is printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unregistered {
    pub name: String,
    /// The file of its first mention.
    pub path: PathBuf,
}

/// What is gathered about one person: roles, how often each party was printed, the printed
/// names, the registry's entry, and where the person was first named.
#[derive(Default)]
struct Gathered<'r> {
    roles: Vec<Role>,
    parties: BTreeMap<String, usize>,
    printed: BTreeSet<String>,
    entry: Option<&'r Entry>,
    first: (MeetingId, Option<ItemId>),
}

/// People by the name pages print: the registry's name, else the printed one (a printed
/// name the registry has is never a key of its own).
#[derive(Default)]
struct Collector<'r> {
    registry: Option<&'r Registry>,
    people: BTreeMap<String, Gathered<'r>>,
    party_roles: BTreeMap<String, Vec<Role>>,
    /// The meeting and item being read.
    at: (MeetingId, Option<ItemId>),
}

impl Collector<'_> {
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
        let entry = self.registry.and_then(|r| r.find(&parsed.name));
        let no_slug = slugify(&parsed.name).is_empty();
        if entry.is_none() && (no_slug || (parsed.party.is_none() && !political)) {
            return None;
        }
        let key = entry.map_or_else(|| parsed.name.clone(), |e| e.name.clone());
        let at = self.at;
        let gathered = self.people.entry(key).or_insert_with(|| Gathered {
            entry,
            first: at,
            ..Gathered::default()
        });
        if let Some(p) = parsed.party {
            *gathered.parties.entry(p).or_default() += 1;
        }
        gathered.printed.insert(parsed.name);
        Some(&mut gathered.roles)
    }
}

pub(super) fn collect(site: &mut Site, registry: Option<&Registry>) {
    let mut c = Collector {
        registry,
        ..Collector::default()
    };
    for (id, meeting) in site.meetings.enumerate() {
        c.at = (id, None);
        collect_meeting(&mut c, id, &meeting.meta);
    }
    for (id, item) in site.items.enumerate() {
        let chair = site.meetings[item.meeting].meta.chair.as_deref();
        c.at = (item.meeting, Some(id));
        collect_item(&mut c, (item.meeting, chair), id, &item.meta);
    }
    finish(site, c);
}

/// The names of the people that documents not yet in an archive name (a meeting's
/// front-matter and its items'), by the rules the graph gathers people with: what `import`
/// adds to the registry.
pub(crate) fn printed_people<'a>(
    documents: impl IntoIterator<Item = (&'a MeetingMeta, Vec<&'a ItemMeta>)>,
) -> Vec<String> {
    let mut c = Collector::default();
    for (meeting, items) in documents {
        let at = Default::default();
        collect_meeting(&mut c, at, meeting);
        for item in items {
            collect_item(
                &mut c,
                (at, meeting.chair.as_deref()),
                Default::default(),
                item,
            );
        }
    }
    c.people.into_keys().collect()
}

fn collect_meeting(c: &mut Collector, id: MeetingId, meeting: &MeetingMeta) {
    let role = |kind, text: Option<String>| Role {
        kind,
        meeting: id,
        item: None,
        text,
    };
    if let Some(chair) = &meeting.chair {
        c.add(chair, role(RoleKind::Chair, None), true);
    }
    for adj in &meeting.adjusters {
        c.add(adj, role(RoleKind::Adjuster, None), true);
    }
    for a in &meeting.attendees {
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
    meta: &ItemMeta,
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
    site.unregistered.clear();
    for (name, g) in c.people {
        let Gathered {
            mut roles,
            parties: party_counts,
            mut printed,
            entry,
            first,
        } = g;
        let counted = party_counts
            .into_iter()
            .max_by_key(|(p, n)| (*n, std::cmp::Reverse(p.clone())))
            .map(|(p, _)| p);
        let party = entry.and_then(|e| e.party.clone()).or(counted);
        let meetings = &site.meetings;
        roles.sort_by_key(|r| (meetings[r.meeting].meta.date, r.meeting, r.item, r.kind));
        let slug = entry.map_or_else(|| slugify(&name), |e| e.id.clone());
        let id = site.people.next_id();
        index_names(&mut site.person_index, id, &name, &printed, entry);
        if entry.is_none() {
            let path = match first {
                (_, Some(item)) => site.items.unrecorded()[item].path.clone(),
                (m, None) => site.meetings.unrecorded()[m].path.clone(),
            };
            site.unregistered.push(Unregistered {
                name: name.clone(),
                path,
            });
        }
        printed.remove(&name);
        if let Some(p) = &party {
            parties.entry(p.clone()).or_default().0.push(id);
        }
        site.people.push(Person {
            url: format!("personer/{slug}/"),
            slug,
            name,
            party,
            spellings: printed.into_iter().collect(),
            registered: entry.is_some(),
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

/// Makes `name`, the forms `printed` and the registry's spellings of `entry` name person `id`.
fn index_names(
    index: &mut HashMap<String, PersonId>,
    id: PersonId,
    name: &str,
    printed: &BTreeSet<String>,
    entry: Option<&Entry>,
) {
    index.insert(crate::registry::key(name), id);
    for form in printed {
        index.insert(form.clone(), id);
    }
    for form in entry.iter().flat_map(|e| &e.spellings) {
        index.insert(crate::registry::key(form), id);
    }
}

/// Two spellings that fold to one slug (`Åsa`/`Asa`) get numbered slugs so neither page is
/// lost, and a party whose letters make no slug (`(!!!)`) still gets a page of its own
/// rather than `partier/index.html`. A registry id is kept: an unregistered name whose slug
/// it is gets the number.
fn unique_slugs(site: &mut Site) {
    let (registered, others): (Vec<&mut Person>, Vec<&mut Person>) =
        site.people.iter_mut().partition(|p| p.registered);
    let slugs = registered.into_iter().chain(others).map(|p| &mut p.slug);
    crate::slug::make_unique(slugs, "person");
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
