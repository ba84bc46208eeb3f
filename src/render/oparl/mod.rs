//! The archive as OParl 1.1 (<https://oparl.org>), the open standard of council information
//! systems, from any static host: every object a JSON file whose URL is its `id`, lists paged
//! as the standard describes, entered at `oparl/system.json`.
//!
//! ```text
//! System      oparl/system.json                      → bodies
//! Body        oparl/body/<org>.json                  one per organization (kommun, region)
//!   lists     oparl/body/<org>/<kind>/<page>.json    organization, meeting, paper, person
//! Organization oparl/organization/<org>/<body>.json  a body: styrelse, nämnd, utskott
//!             oparl/organization/<org>/parti/<party>.json  a party's group in the organization
//! Meeting     oparl/meeting/<org>/<body>/<date>.json a sitting: its agenda and its protocol,
//!             with its AgendaItems and Files inside
//! Paper       oparl/paper/<org>/<case>.json          a case, with a Consultation per treatment
//! Person      oparl/person/<person>.json
//! ```
//!
//! Ids are made of what a thing is, not of what it is called: a sitting of its organization,
//! body and date; an agenda item of its sitting and number; a paper of its organization and
//! canonical case number. A corrected title changes no id. Ids are absolute, so the interface
//! is published only when the site has an absolute `base_url`.

mod meeting;
mod objects;
mod terms;
mod times;

use super::ical;
use super::views::Views;
use crate::site::reads::Memo;
use crate::site::{BodyId, CaseId, MeetingId, OrgId, PartyId, PersonId, Site};

/// Objects in one page of a list.
pub const PAGE_SIZE: usize = 100;

/// The version every object's `type` and the system's `oparlVersion` name.
const SCHEMA: &str = "https://schema.oparl.org/1.1/";

/// One file of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OparlFile {
    System,
    Bodies,
    Body(OrgId),
    /// A page (from 1) of one of a body's lists.
    List(OrgId, ListKind, usize),
    Organization(BodyId),
    /// A party's group (Fraktion) in an organization: the people printed with its letters in
    /// the organization's minutes. The number is an index of `site.parties`.
    Party(OrgId, PartyId),
    /// A sitting, by its first document (the protocol when there is one).
    Meeting(MeetingId),
    Paper(CaseId),
    Person(PersonId),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ListKind {
    Organization,
    Meeting,
    Paper,
    Person,
}

impl ListKind {
    fn slug(self) -> &'static str {
        match self {
            ListKind::Organization => "organization",
            ListKind::Meeting => "meeting",
            ListKind::Paper => "paper",
            ListKind::Person => "person",
        }
    }
    const ALL: [ListKind; 4] = [
        ListKind::Organization,
        ListKind::Meeting,
        ListKind::Paper,
        ListKind::Person,
    ];
}

/// Whether the site publishes the interface: its ids must be absolute URLs.
pub fn published(site: &Site) -> bool {
    site.config.base_url.contains("://")
}

/// Every file of the interface (none when it is not [`published`]).
pub fn files(site: &Site) -> Vec<OparlFile> {
    if !published(site) {
        return Vec::new();
    }
    let mut out = vec![OparlFile::System, OparlFile::Bodies];
    for o in site.orgs.ids() {
        out.push(OparlFile::Body(o));
        let members = Members::of(site, o);
        for kind in ListKind::ALL {
            let pages = members.len(kind).div_ceil(PAGE_SIZE).max(1);
            out.extend((1..=pages).map(|n| OparlFile::List(o, kind, n)));
        }
        out.extend(members.sittings.iter().map(|m| OparlFile::Meeting(*m)));
        out.extend(members.parties.iter().map(|p| OparlFile::Party(o, *p)));
    }
    out.extend((site.bodies.ids()).map(OparlFile::Organization));
    out.extend((site.cases.ids()).map(OparlFile::Paper));
    out.extend((site.people.ids()).map(OparlFile::Person));
    out
}

/// The path of a file under the output folder (its id without the base URL).
pub fn path(site: &Site, file: OparlFile) -> String {
    match file {
        OparlFile::System => "oparl/system.json".into(),
        OparlFile::Bodies => "oparl/body.json".into(),
        OparlFile::Body(o) => format!("oparl/body/{}.json", site.orgs[o].slug),
        OparlFile::List(o, kind, n) => {
            format!("oparl/body/{}/{}/{n}.json", site.orgs[o].slug, kind.slug())
        }
        OparlFile::Organization(b) => {
            let body = &site.bodies[b];
            format!(
                "oparl/organization/{}/{}.json",
                site.orgs[body.org].slug, body.slug
            )
        }
        OparlFile::Party(o, p) => format!(
            "oparl/organization/{}/parti/{}.json",
            site.orgs[o].slug, site.parties[p].slug
        ),
        OparlFile::Meeting(m) => {
            let meeting = &site.meetings[m];
            format!(
                "oparl/meeting/{}/{}/{}.json",
                site.orgs[meeting.org].slug, site.bodies[meeting.body].slug, meeting.meta.date
            )
        }
        OparlFile::Paper(c) => {
            let case = &site.cases[c];
            format!(
                "oparl/paper/{}/{}.json",
                site.orgs[case.org].slug, case.slug
            )
        }
        OparlFile::Person(p) => format!("oparl/person/{}.json", site.people[p].slug),
    }
}

/// The file's id: its absolute URL.
fn id(site: &Site, file: OparlFile) -> String {
    site.config.absolute(&path(site, file))
}

/// What each organization's lists hold, made once per renderer: a list page reads its own
/// slice, but finding the members walks every person.
pub type MemberCache = Vec<Memo<Members>>;

pub fn member_cache(site: &Site) -> MemberCache {
    (site.orgs.ids()).map(|_| Memo::default()).collect()
}

/// The file's bytes: one object, or one page of a list.
pub fn render(site: &Site, views: &Views, members: &MemberCache, file: OparlFile) -> Vec<u8> {
    objects::of(site, views, members, file)
}

/// What an organization's lists hold, in a fixed order.
pub struct Members {
    bodies: Vec<BodyId>,
    /// The parties whose members took part, by `site.parties` index.
    parties: Vec<PartyId>,
    /// Each sitting by its first document.
    sittings: Vec<MeetingId>,
    cases: Vec<CaseId>,
    people: Vec<PersonId>,
}

impl Members {
    /// The organization list: bodies, then party groups.
    fn organizations(&self, o: OrgId) -> Vec<OparlFile> {
        let bodies = self.bodies.iter().map(|b| OparlFile::Organization(*b));
        let parties = self.parties.iter().map(|p| OparlFile::Party(o, *p));
        bodies.chain(parties).collect()
    }

    /// The people of the organization printed with a party's letters.
    fn party_members<'a>(
        &'a self,
        site: &'a Site,
        party: PartyId,
    ) -> impl Iterator<Item = PersonId> + 'a {
        let code = &site.parties[party].code;
        self.people
            .iter()
            .copied()
            .filter(move |p| site.people[*p].party.as_ref() == Some(code))
    }

    fn of(site: &Site, o: OrgId) -> Members {
        let org = &site.orgs[o];
        let mut meetings = org.meetings.clone();
        meetings.sort_unstable();
        let sittings = ical::sittings(site, &meetings)
            .into_iter()
            .map(|s| s.documents[0])
            .collect();
        // The people who took part in the organization's meetings.
        let people = (site.people.ids())
            .filter(|p| {
                site.people[*p]
                    .roles
                    .iter()
                    .any(|r| site.meetings[r.meeting].org == o)
            })
            .collect::<Vec<PersonId>>();
        let parties = (site.parties.ids())
            .filter(|party| {
                let code = &site.parties[*party].code;
                people
                    .iter()
                    .any(|p| site.people[*p].party.as_ref() == Some(code))
            })
            .collect();
        Members {
            bodies: org.bodies.clone(),
            parties,
            sittings,
            cases: org.cases.clone(),
            people,
        }
    }

    fn len(&self, kind: ListKind) -> usize {
        match kind {
            ListKind::Organization => self.bodies.len() + self.parties.len(),
            ListKind::Meeting => self.sittings.len(),
            ListKind::Paper => self.cases.len(),
            ListKind::Person => self.people.len(),
        }
    }
}
