//! site: parsed documents → an immutable, cross-linked graph of organizations, bodies,
//! meetings, items and cases, with the URL of every page. No I/O and no templates here: the
//! graph is computed from the documents alone, so a hand edit changes the links on the next
//! build, and `serve` can rebuild it cheaply after an edit.
//!
//! Entities are stored in vectors and refer to each other by index; the vectors are sorted so
//! that indices are stable for the same content.

pub mod arena;
mod ballots;
mod build;
mod case_links;
pub mod checks;
pub mod fingerprint;
pub mod id;
mod pairing;
mod people;
pub mod reads;
mod references;
mod relink;
mod resize;
pub mod subjects;

use crate::config::Config;
use crate::content::{Documents, ItemDoc, MeetingDoc};
use crate::diag::Diagnostics;
use crate::model::{ItemMeta, MeetingMeta};
use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::PathBuf;
use thin_vec::ThinVec;

pub use arena::{Arena, Entities, Entity};
pub use id::Id;
pub use pairing::{title_pairs, Pairs};
pub(crate) use people::printed_people;
pub use people::{as_person, Cast, Party, PartyVote, Person, Role, RoleKind, Unregistered};
pub use reads::{Kind, Read};
pub use references::Target;
pub use relink::{Relink, Relinked};
pub use resize::{Resize, Shift};
pub use subjects::{Signatures, Subject, SubjectId};

pub type OrgId = Id<Org>;
pub type BodyId = Id<Body>;
pub type MeetingId = Id<Meeting>;
pub type ItemId = Id<Item>;
pub type CaseId = Id<Case>;
pub type PersonId = Id<Person>;
pub type PartyId = Id<Party>;

/// The whole archive as a graph.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    pub orgs: Arena<Org>,
    pub bodies: Arena<Body>,
    pub meetings: Arena<Meeting>,
    pub items: Arena<Item>,
    pub cases: Arena<Case>,
    pub people: Arena<Person>,
    pub parties: Arena<Party>,
    /// Recurring subjects, by slug.
    pub subjects: Arena<Subject>,
    /// By organization: canonical case number → case. One map per organization, so that a
    /// number is looked up as it is, without a (organization, number) key cloned for each of
    /// the 300,000 lookups that linking the cases of 10,000 meetings makes.
    case_index: Vec<FxHashMap<String, CaseId>>,
    /// Every printed name of a person (folded, without party: [`crate::model::PersonName`]),
    /// and the registry's spellings of the people it names → the person.
    person_index: HashMap<String, PersonId>,
    /// The person registry, when the archive has one.
    pub(crate) registry: Option<crate::registry::Registry>,
    /// The people the registry lacks, in person order (all of them without a registry).
    pub(crate) unregistered: Vec<Unregistered>,
    /// What subject detection made of each item, for the next graph (see [`Site::rebuild`]).
    pub signatures: subjects::Signatures,
    /// What the graph checks found (part of the problems building the graph returned), so
    /// that [`Site::relink`] can replace exactly these.
    pub(crate) checked: checks::Checked,
    /// Where `checked` begins among the problems building the graph returned: relinking
    /// puts the new ones in the same place, so that problems at one line keep their order.
    pub(crate) checked_at: usize,
    /// What subject detection found wrong in site.toml's `[topics]` against the content
    /// (part of the problems building the graph returned, right after `checked`), so that
    /// [`Site::resize`] can replace exactly these when it detects the subjects again.
    pub(crate) topics_checked: Vec<crate::diag::Diagnostic>,
    /// Each item's case numbers as parsed from its front-matter, by item: parsing them was
    /// most of linking's time, and [`Site::relink`] parses only the items it patches.
    case_numbers: Vec<CaseNumbers>,
    /// The items' terms as subject detection indexes them, kept by `serve` once it detected
    /// the subjects again after an item was put in or taken out (see [`Site::resize`]), and
    /// moved with the items from then on; `None` in a graph just built.
    pub(crate) term_index: Option<subjects::detect::TermIndex>,
}

/// An item's own case numbers, each parsed or `None`, and the parsed ones its references name.
type CaseNumbers = (
    Vec<Option<crate::case_number::CaseNumber>>,
    Vec<crate::case_number::CaseNumber>,
);

#[derive(Debug)]
pub struct Org {
    pub slug: String,
    pub name: String,
    pub url: String,
    /// The list of the organization's cases: `<org>/arenden/`.
    pub cases_url: String,
    /// Bodies by name.
    pub bodies: Vec<BodyId>,
    /// Meetings, newest first.
    pub meetings: Vec<MeetingId>,
    /// Cases, by canonical number.
    pub cases: Vec<CaseId>,
}

#[derive(Debug)]
pub struct Body {
    pub org: OrgId,
    pub slug: String,
    pub name: String,
    pub url: String,
    /// Meetings, oldest first.
    pub meetings: Vec<MeetingId>,
}

#[derive(Debug)]
pub struct Meeting {
    pub org: OrgId,
    pub body: BodyId,
    pub folder: String,
    pub url: String,
    pub path: PathBuf,
    pub meta: MeetingMeta,
    /// The preamble in Markdown. The graph's own: a page reads it through
    /// [`Site::meeting_text`], which notes a read of the text alone (see [`Kind::MeetingText`]).
    text: crate::content::Text,
    /// The content file's bytes, hashed.
    pub digest: u128,
    /// When the content file was last changed (seconds since 1970): read as the text is
    /// ([`Site::meeting_modified`]), since every edit of the text moves it.
    modified: i64,
    /// Items in number order.
    pub items: Vec<ItemId>,
    /// The body's previous and next meeting by date.
    pub prev: Option<MeetingId>,
    pub next: Option<MeetingId>,
    /// A protocol's appeal window as of the build day (`config.today`).
    pub appeal: Option<crate::appeal::Appeal>,
}

#[derive(Debug)]
pub struct Item {
    pub meeting: MeetingId,
    pub stem: String,
    pub url: String,
    /// The fragment on the meeting page: `p229`.
    pub anchor: String,
    pub path: PathBuf,
    pub meta: ItemMeta,
    /// The Markdown body. The graph's own: a page reads it through [`Site::item_text`], which
    /// notes a read of the text alone (see [`Kind::ItemText`]).
    text: crate::content::Text,
    /// The content file's bytes, hashed.
    pub digest: u128,
    /// When the content file was last changed (seconds since 1970): read as the text is
    /// ([`Site::item_modified`]), since every edit of the text moves it.
    modified: i64,
    /// The cases the item belongs to (its own case numbers).
    pub cases: ThinVec<CaseId>,
    /// Cases mentioned in its references but not its own.
    pub mentions: ThinVec<CaseId>,
    /// The target of each of `meta.references`, when the archive holds it.
    pub reference_targets: ThinVec<Option<Target>>,
    /// Items whose references point here (back-links).
    pub cited_by: ThinVec<ItemId>,
    /// The recurring subjects the item belongs to.
    pub subjects: ThinVec<SubjectId>,
    /// The agenda item or protocol paragraph, proposal or decision it answers.
    pub pairs: Pairs,
}

#[derive(Debug)]
pub struct Case {
    pub org: OrgId,
    /// `RS 2273-2024`.
    pub number: String,
    pub slug: String,
    pub url: String,
    /// Items of this case, in date order (committee → board → council).
    pub appearances: Vec<ItemId>,
    /// Items that mention the case without belonging to it.
    pub mentioned_in: Vec<ItemId>,
    /// Document numbers inside the case seen in the archive (`RV250029-3` → `3`).
    pub documents: Vec<String>,
}

impl Site {
    /// Builds the graph; problems found on the way (duplicate numbers, bad case numbers, URL
    /// collisions) are returned as diagnostics beside it.
    pub fn build(config: Config, docs: Documents) -> (Site, Diagnostics) {
        build::build(config, docs, &subjects::Signatures::default())
    }

    /// [`Site::build`] for the next graph of the archive `previous` is a graph of, under the
    /// same config: items whose files did not change are not signed for subject detection
    /// again.
    pub fn rebuild(config: Config, docs: Documents, previous: &Site) -> (Site, Diagnostics) {
        let known = if previous.config.subjects == config.subjects {
            &previous.signatures
        } else {
            &subjects::Signatures::default()
        };
        build::build(config, docs, known)
    }

    /// [`Site::build`] reusing signatures `known` made under this config's `[topics]` (by the
    /// last build, from its cache).
    pub fn build_knowing(
        config: Config,
        docs: Documents,
        known: &subjects::Signatures,
    ) -> (Site, Diagnostics) {
        build::build(config, docs, known)
    }

    /// The person a printed name (`Anna Berg`, without its party) names. A page that asks
    /// depends on every person's names (a spelling added may name someone else).
    pub fn person_named(&self, name: &str) -> Option<PersonId> {
        reads::note(Read::whole(Kind::PersonLinks));
        self.person_index.get(name).copied()
    }

    /// Every printed name and spelling with its person, for fingerprints.
    pub(crate) fn person_names(&self) -> impl Iterator<Item = (&str, PersonId)> {
        self.person_index.iter().map(|(n, p)| (n.as_str(), *p))
    }

    pub fn case(&self, org: OrgId, canonical: &str) -> Option<CaseId> {
        self.case_index.get(org.index())?.get(canonical).copied()
    }

    /// An item's text, noted as a read of the text alone ([`Kind::ItemText`]), not of the
    /// item: a page that shows no item's text is not made again when only a text changes.
    ///
    /// Owned when the text lies in the last build's store (see [`crate::content::Text`]): a
    /// caller that wants it more than once keeps what this returns.
    pub fn item_text(&self, i: ItemId) -> Cow<'_, str> {
        reads::note(Read::one(Kind::ItemText, i.index()));
        self.items.unrecorded()[i].text.get()
    }

    /// When an item's file last changed, noted as its text is (see [`Site::item_text`]).
    pub fn item_modified(&self, i: ItemId) -> i64 {
        reads::note(Read::one(Kind::ItemText, i.index()));
        self.items.unrecorded()[i].modified
    }

    /// A meeting's preamble, noted as a read of the text alone ([`Kind::MeetingText`]), as
    /// [`Site::item_text`] is of an item's.
    pub fn meeting_text(&self, m: MeetingId) -> Cow<'_, str> {
        reads::note(Read::one(Kind::MeetingText, m.index()));
        self.meetings.unrecorded()[m].text.get()
    }

    /// When a meeting's file last changed, noted as its text is (see [`Site::meeting_text`]).
    pub fn meeting_modified(&self, m: MeetingId) -> i64 {
        reads::note(Read::one(Kind::MeetingText, m.index()));
        self.meetings.unrecorded()[m].modified
    }

    /// When a meeting was created (seconds since 1970): when import first wrote it, or when
    /// its file last changed if that was earlier (a copy keeps no older time than its
    /// import's). A read of the meeting, whose fingerprint covers this value rather than the
    /// file's time: an edit moves the file's time forward, and so leaves it as it was.
    pub fn meeting_created(&self, m: MeetingId) -> i64 {
        self.meetings[m].created()
    }

    pub fn meeting_of(&self, item: ItemId) -> &Meeting {
        &self.meetings[self.items[item].meeting]
    }

    /// The date of the meeting an item belongs to.
    pub fn item_date(&self, item: ItemId) -> chrono::NaiveDate {
        self.meeting_of(item).meta.date
    }

    /// Every item, newest meeting first: for the home page and feeds.
    pub fn items_newest_first(&self) -> Vec<ItemId> {
        let (items, meetings) = (self.items.all(), self.meetings.all());
        let date = |i: ItemId| meetings[items[i].meeting].meta.date;
        let mut ids: Vec<(std::cmp::Reverse<chrono::NaiveDate>, ItemId)> = items
            .ids()
            .map(|i| (std::cmp::Reverse(date(i)), i))
            .collect();
        ids.sort_unstable();
        ids.into_iter().map(|(_, i)| i).collect()
    }

    /// Whether an item is a decision a reader looks for: in minutes (not an agenda's proposal
    /// or a report's section), decided, proposed to a higher body, rejected or referred back,
    /// and not the meeting's own procedure (`Val av justerare`, see
    /// [`crate::swedish::is_housekeeping_title`]).
    pub fn is_decision(&self, i: ItemId) -> bool {
        use crate::model::{MeetingKind, OutcomeKind as K};
        let item = &self.items[i];
        let outcome = item.meta.outcome.as_ref().map(|o| o.kind());
        self.meetings[item.meeting].meta.kind == MeetingKind::Protokoll
            && matches!(
                outcome,
                Some(K::Decided | K::Proposed | K::Rejected | K::ReferredBack)
            )
            && !crate::swedish::is_housekeeping_title(&item.meta.title)
    }

    /// The body `b` works under: the one `[parents]` in site.toml names, else the body whose
    /// name `b`'s is the genitive of, with a committee's word after it (`Regionstyrelsens
    /// arbetsutskott` → `Regionstyrelsen`). OParl's `subOrganizationOf` and Popolo's
    /// `parent_id`.
    pub fn parent_body(&self, b: BodyId) -> Option<BodyId> {
        let body = &self.bodies[b];
        let org = &self.orgs[body.org];
        let siblings = || org.bodies.iter().copied().filter(move |other| *other != b);
        let key = format!("{}/{}", org.slug, body.slug);
        if let Some(parent) = self.config.parents.get(&key) {
            return siblings().find(|other| self.bodies[*other].slug == *parent);
        }
        let (head, tail) = body.name.split_once(' ')?;
        if !tail.to_lowercase().ends_with("utskott") {
            return None;
        }
        let stem = head.strip_suffix('s')?;
        siblings().find(|other| self.bodies[*other].name.eq_ignore_ascii_case(stem))
    }

    /// The documents of the sitting meeting `m` belongs to: its body's agenda and protocol of
    /// the same day, the protocol first, then in graph order. A report is no sitting: empty.
    /// Calendars, OParl and agenda↔protocol pairing all group documents by it.
    pub fn sitting(&self, m: MeetingId) -> Vec<MeetingId> {
        use crate::model::MeetingKind;
        let meeting = &self.meetings[m];
        if meeting.meta.kind == MeetingKind::Rapport {
            return Vec::new();
        }
        let mut documents: Vec<MeetingId> = self.bodies[meeting.body]
            .meetings
            .iter()
            .copied()
            .filter(|d| {
                let d = &self.meetings[*d].meta;
                d.date == meeting.meta.date && d.kind != MeetingKind::Rapport
            })
            .collect();
        documents.sort_by_key(|d| (self.meetings[*d].meta.kind != MeetingKind::Protokoll, *d));
        documents
    }

    /// Every meeting, newest first (see [`Site::items_newest_first`]).
    pub fn meetings_newest_first(&self) -> Vec<MeetingId> {
        let meetings = self.meetings.all();
        let mut ids: Vec<(std::cmp::Reverse<chrono::NaiveDate>, MeetingId)> = meetings
            .ids()
            .map(|m| (std::cmp::Reverse(meetings[m].meta.date), m))
            .collect();
        ids.sort_unstable();
        ids.into_iter().map(|(_, m)| m).collect()
    }
}

impl Meeting {
    /// Puts in a new version of the meeting file's text, and when the file changed (`serve`
    /// patching an edit in place).
    pub(crate) fn replace_text(&mut self, text: crate::content::Text, modified: i64) {
        self.text = text;
        self.modified = modified;
    }

    /// See [`Site::meeting_created`] (which notes the read).
    pub(crate) fn created(&self) -> i64 {
        let source = self.meta.source.as_ref();
        let imported = source.and_then(|s| s.imported).map(|t| t.timestamp());
        imported.unwrap_or(self.modified).min(self.modified)
    }
}

impl Entities<Meeting> {
    /// A meeting's preamble without noting a read (see [`Entities::text`] of items).
    pub fn text(&self, m: MeetingId) -> Cow<'_, str> {
        self[m].text.get()
    }

    /// When a meeting's file last changed, without noting a read.
    pub fn modified(&self, m: MeetingId) -> i64 {
        self[m].modified
    }
}

impl Item {
    /// Puts in a new version of the item file's text, and when the file changed (`serve`
    /// patching an edit in place).
    pub(crate) fn replace_text(&mut self, text: crate::content::Text, modified: i64) {
        self.text = text;
        self.modified = modified;
    }
}

impl Entities<Item> {
    /// An item's text without noting a read: for building and comparing graphs, and for the
    /// search index's own fingerprints, never for making a page (see [`Site::item_text`]).
    pub fn text(&self, i: ItemId) -> Cow<'_, str> {
        self[i].text.get()
    }

    /// The hash of an item's text (see [`crate::content::Text::hash`]), without reading a
    /// stored text or noting a read: for the search index's fingerprints.
    pub fn text_hash(&self, i: ItemId) -> u64 {
        self[i].text.hash()
    }

    /// When an item's file last changed, without noting a read (see [`Entities::text`]).
    pub fn modified(&self, i: ItemId) -> i64 {
        self[i].modified
    }
}

/// The documents of one meeting folder without its items, as the graph keeps it.
fn split_meeting(doc: MeetingDoc) -> (MeetingDoc, Vec<ItemDoc>) {
    let mut doc = doc;
    let items = std::mem::take(&mut doc.items);
    (doc, items)
}

/// Each entity's kind, for the reads its arena notes.
macro_rules! entities {
    ($($t:ident),*) => {
        $(impl Entity for $t {
            const KIND: Kind = Kind::$t;
        })*
    };
}
entities!(Org, Body, Meeting, Item, Case, Person, Party, Subject);
