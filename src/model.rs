//! The content model: what the front-matter of `_index.md` (a meeting) and `NNN-slug.md`
//! (an agenda item) may hold. These types are the contract between `import` (which writes
//! them), hand-editing, and `build` (which reads them): the importer serializes exactly these
//! structs and the loader deserializes them with `deny_unknown_fields`, so a field that one side
//! knows and the other does not is a compile error, not a silent loss.
//!
//! Field order in the structs is the order fields are written, chosen for a proofreader:
//! identity first, then what happened, then provenance.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thin_vec::ThinVec;

mod vote;
pub use vote::{Ballot, Choice, Vote};

/// The kind of a meeting document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MeetingKind {
    /// Justerat protokoll: decisions taken.
    Protokoll,
    /// Föredragningslista or kallelse: the agenda with proposals.
    Dagordning,
    /// A report (verksamhetsberättelse, årsredovisning, ...).
    Rapport,
}

impl MeetingKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MeetingKind::Protokoll => "protokoll",
            MeetingKind::Dagordning => "dagordning",
            MeetingKind::Rapport => "rapport",
        }
    }
}

/// Front-matter of a meeting's `_index.md`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingMeta {
    pub organization: String,
    pub body: String,
    pub date: NaiveDate,
    pub kind: MeetingKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// Time of day as printed (`kl. 09.00–12.00`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chair: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secretary: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub adjusters: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attendees: Vec<Attendee>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paragraphs: Option<ParagraphRange>,
    /// The day the protocol was approved (justerat).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved: Option<NaiveDate>,
    /// The day the notice of approval was put up on the official notice board (anslaget
    /// uppsatt): the appeal window (three weeks) runs from it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub posted: Option<NaiveDate>,
    /// The day the notice comes down (anslaget nedtas, till och med).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub posted_until: Option<NaiveDate>,
    /// The last day for appeal when the protocol prints it (sista dag för överklagande).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appeal_deadline: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceRef>,
}

/// One person present at a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attendee {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party: Option<String>,
    /// `ordförande`, `ledamot`, `ersättare`, `tjänstgörande ersättare`, `sekreterare`,
    /// `regiondirektör`, ... as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Free remark as printed: `för Sara Nylund (S)`, `digitalt`, `§§ 208-215`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// First and last paragraph (§) of a protocol. Written `paragraphs: [218, 234]`; the map
/// form `{first: 218, last: 234}` is read too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "ParagraphRangeRepr", into = "[u32; 2]")]
pub struct ParagraphRange {
    pub first: u32,
    pub last: u32,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum ParagraphRangeRepr {
    Pair([u32; 2]),
    Map { first: u32, last: u32 },
}

impl TryFrom<ParagraphRangeRepr> for ParagraphRange {
    type Error = String;
    fn try_from(r: ParagraphRangeRepr) -> Result<Self, String> {
        let (first, last) = match r {
            ParagraphRangeRepr::Pair([f, l]) => (f, l),
            ParagraphRangeRepr::Map { first, last } => (first, last),
        };
        if first > last {
            return Err(format!(
                "the first paragraph ({first}) comes after the last ({last})"
            ));
        }
        Ok(ParagraphRange { first, last })
    }
}

impl From<ParagraphRange> for [u32; 2] {
    fn from(r: ParagraphRange) -> [u32; 2] {
        [r.first, r.last]
    }
}

/// Where a meeting was imported from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceRef {
    pub file: String,
    pub sha256: String,
    /// The file's SHA-512, which OParl's `File` carries (`sha512Checksum`); absent in files
    /// imported before it was recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha512: Option<String>,
    /// The file's size in bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// When import first wrote the meeting (UTC), kept by every re-import: the open data's
    /// `created`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imported: Option<chrono::DateTime<chrono::Utc>>,
}

impl SourceRef {
    /// The file's own name, without the folders it was imported from.
    pub fn file_name(&self) -> &str {
        self.file.rsplit('/').next().unwrap_or(&self.file)
    }
}

/// Front-matter of an agenda item / paragraph file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemMeta {
    /// The § or item number as printed, without the `§`: `229`, `12`, `4 a`.
    pub number: ItemNumber,
    pub title: String,
    /// The agenda's group heading the item stands under, as printed (`Ärenden till
    /// regionstyrelsen`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Case numbers (diarienummer) exactly as printed.
    #[serde(default, skip_serializing_if = "ThinVec::is_empty")]
    pub cases: ThinVec<String>,
    /// Recurring subjects set by hand; detected subjects are added at build time.
    /// Front-matter calls the key `topics`, as site.toml calls the table `[topics]`.
    #[serde(default, rename = "topics", skip_serializing_if = "ThinVec::is_empty")]
    pub subjects: ThinVec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// Yrkanden.
    #[serde(default, skip_serializing_if = "ThinVec::is_empty")]
    pub motions: ThinVec<Motion>,
    /// Omröstningar.
    #[serde(default, skip_serializing_if = "ThinVec::is_empty")]
    pub votes: ThinVec<Vote>,
    #[serde(default, skip_serializing_if = "ThinVec::is_empty")]
    pub reservations: ThinVec<Statement>,
    /// Protokollsanteckningar.
    #[serde(default, skip_serializing_if = "ThinVec::is_empty")]
    pub notes: ThinVec<Statement>,
    /// Deltar ej i beslutet: people (`Name (P)`) or parties.
    #[serde(default, skip_serializing_if = "ThinVec::is_empty")]
    pub abstained: ThinVec<String>,
    /// Jäv: people who left the room for this item.
    #[serde(default, skip_serializing_if = "ThinVec::is_empty")]
    pub recused: ThinVec<String>,
    /// Ärendeansvarig, handläggare, föredragande: officials who handled the item.
    #[serde(default, skip_serializing_if = "ThinVec::is_empty")]
    pub officials: ThinVec<Official>,
    /// Other cases and paragraphs mentioned in the text.
    #[serde(default, skip_serializing_if = "ThinVec::is_empty")]
    pub references: ThinVec<Reference>,
    /// Beslutsunderlag titles.
    #[serde(default, skip_serializing_if = "ThinVec::is_empty")]
    pub attachments: ThinVec<String>,
    /// Delges / expedieras: who the decision is sent to.
    #[serde(default, skip_serializing_if = "ThinVec::is_empty")]
    pub recipients: ThinVec<String>,
}

impl ItemMeta {
    /// An item with a number and a title and nothing else stated yet.
    pub fn new(number: ItemNumber, title: impl Into<String>) -> ItemMeta {
        ItemMeta {
            number,
            title: title.into(),
            group: None,
            cases: ThinVec::new(),
            subjects: ThinVec::new(),
            outcome: None,
            motions: ThinVec::new(),
            votes: ThinVec::new(),
            reservations: ThinVec::new(),
            notes: ThinVec::new(),
            abstained: ThinVec::new(),
            recused: ThinVec::new(),
            officials: ThinVec::new(),
            references: ThinVec::new(),
            attachments: ThinVec::new(),
            recipients: ThinVec::new(),
        }
    }

    /// Everyone the front-matter names for the item, as printed (`Name (P)`, a name, or a
    /// party's letters): who moved, reserved themselves, wrote a note, abstained or was recused,
    /// who voted by name, and the officials who handled it.
    pub fn people(&self) -> impl Iterator<Item = &str> {
        self.motions
            .iter()
            .flat_map(|m| &m.by)
            .chain(self.reservations.iter().flat_map(|s| &s.by))
            .chain(self.notes.iter().flat_map(|s| &s.by))
            .chain(&self.abstained)
            .chain(&self.recused)
            .map(String::as_str)
            .chain(self.officials.iter().map(|o| o.name.as_str()))
            .chain(self.votes.iter().flat_map(Vote::voters))
    }
}

/// An item number: written as a YAML integer when it is one (`229`), as a string otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ItemNumber {
    Int(u32),
    Text(String),
}

impl ItemNumber {
    /// The number for sorting: its leading digits (`4 a` → 4), or `u32::MAX` when there are none.
    pub fn sort_key(&self) -> (u32, String) {
        match self {
            ItemNumber::Int(n) => (*n, String::new()),
            ItemNumber::Text(s) => {
                let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
                (digits.parse().unwrap_or(u32::MAX), s.clone())
            }
        }
    }
}

impl std::fmt::Display for ItemNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ItemNumber::Int(n) => write!(f, "{n}"),
            ItemNumber::Text(s) => f.write_str(s),
        }
    }
}

/// What became of an item. Written as a plain word (`outcome: decided`) or, for a proposal to a
/// higher body, as a map (`outcome: {kind: proposed, to: Regionstyrelsen}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Outcome {
    Plain(OutcomeKind),
    Detailed(OutcomeDetail),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutcomeDetail {
    pub kind: OutcomeKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
}

impl Outcome {
    pub fn kind(&self) -> OutcomeKind {
        match self {
            Outcome::Plain(k) => *k,
            Outcome::Detailed(d) => d.kind,
        }
    }
    pub fn to(&self) -> Option<&str> {
        match self {
            Outcome::Plain(_) => None,
            Outcome::Detailed(d) => d.to.as_deref(),
        }
    }
    /// The canonical form: a map only when there is a `to`.
    pub fn new(kind: OutcomeKind, to: Option<String>) -> Outcome {
        match to {
            Some(to) => Outcome::Detailed(OutcomeDetail { kind, to: Some(to) }),
            None => Outcome::Plain(kind),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeKind {
    Decided,
    Proposed,
    Noted,
    ReferredBack,
    Rejected,
    Postponed,
}

impl OutcomeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OutcomeKind::Decided => "decided",
            OutcomeKind::Proposed => "proposed",
            OutcomeKind::Noted => "noted",
            OutcomeKind::ReferredBack => "referred_back",
            OutcomeKind::Rejected => "rejected",
            OutcomeKind::Postponed => "postponed",
        }
    }
}

/// A yrkande: who moved what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Motion {
    /// People as printed, `Name (P)`, or a party.
    pub by: Vec<String>,
    pub text: String,
}

/// A reservation or protokollsanteckning: who, and the text when there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    pub by: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// An official (no party) who handled an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Official {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

/// A mention of another case or paragraph in an item's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    /// The words as printed: `RS 2124:1-2022`, `beslutade 2024-10-01 §165`, `Protokoll § 170`.
    pub text: String,
    /// The case number, when the mention names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case: Option<String>,
    /// The paragraph, when the mention names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// The body that took the cited decision, when named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
}

/// A person as printed in minutes: `Nicklas Sandström (M)`, `Nicklas Sandström(M)`, or a
/// name alone.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PersonName {
    pub name: String,
    pub party: Option<String>,
}

impl PersonName {
    pub fn parse(s: &str) -> PersonName {
        let s = crate::identity::fold(s);
        let s = s.trim();
        if let Some(open) = s.rfind('(') {
            if let Some(inner) = s[open + 1..].strip_suffix(')') {
                let inner = inner.trim();
                let is_party = !inner.is_empty()
                    && inner.len() <= 4
                    && inner.chars().all(|c| c.is_alphabetic() && c.is_uppercase());
                if is_party {
                    return PersonName {
                        name: s[..open].trim().to_string(),
                        party: Some(inner.to_string()),
                    };
                }
            }
        }
        PersonName {
            name: s.to_string(),
            party: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, crate::diag::Diagnostic> {
        crate::content::frontmatter::deserialize_file(std::path::Path::new("t.yaml"), text)
    }

    #[test]
    fn person_with_and_without_space() {
        let a = PersonName::parse("Nicklas Sandström (M)");
        let b = PersonName::parse("Nicklas Sandström(M)");
        assert_eq!(a, b);
        assert_eq!(a.party.as_deref(), Some("M"));
        assert_eq!(PersonName::parse("Åsa Bellander").party, None);
        assert_eq!(PersonName::parse("Kontoret (bilaga A)").party, None);
    }

    #[test]
    fn outcome_plain_and_detailed_round_trip() {
        let plain: Outcome = yaml("decided").unwrap();
        assert_eq!(plain.kind(), OutcomeKind::Decided);
        let det: Outcome = yaml("{kind: proposed, to: Regionstyrelsen}").unwrap();
        assert_eq!(det.to(), Some("Regionstyrelsen"));
        assert!(yaml::<Outcome>("maybe").is_err());
    }

    #[test]
    fn paragraph_range_as_pair_or_map() {
        let p: ParagraphRange = yaml("[218, 234]").unwrap();
        let q: ParagraphRange = yaml("{first: 218, last: 234}").unwrap();
        assert_eq!(p, q);
        assert_eq!(crate::content::frontmatter::to_yaml(&p), "- 218\n- 234\n");
        assert!(yaml::<ParagraphRange>("[9, 3]").is_err());
    }

    #[test]
    fn item_number_int_or_text() {
        let n: ItemNumber = yaml("229").unwrap();
        assert_eq!(n, ItemNumber::Int(229));
        let t: ItemNumber = yaml("'4 a'").unwrap();
        assert_eq!(t.sort_key().0, 4);
    }
}
