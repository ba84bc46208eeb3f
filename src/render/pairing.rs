//! What was proposed, and what was decided: the links an item's page shows to the items it
//! is paired with (see `site::pairing`), each with the proposal's text compared word by word
//! with the decision's (see [`super::word_diff`]).
//!
//! The texts compared are the clauses of the sections the page itself shows (found as
//! [`super::views`] finds the decision line), without their lead, since who decides is
//! no difference:
//!
//! ```text
//! proposal  ## Förslag till beslut   Arbetsutskottet föreslår att regionstyrelsen beslutar
//!                                    att säga upp regionavtalet.
//! decision  ## Beslut                Regionstyrelsen beslutar att säga upp regionavtalet.
//! compared  att säga upp regionavtalet.  =  att säga upp regionavtalet.   → as proposed
//! ```
//!
//! Computed while the page is made, from both items' texts, so the page records that it read
//! both: an edit of either text makes it again.

use super::markdown;
use super::views::{is_decision_heading, is_proposal_heading, Views};
use super::word_diff::{self, WordDiff, BREAK};
use crate::model::MeetingKind;
use crate::site::ItemId;
use serde::Serialize;

/// Words that end the lead of a decision or a proposal: `Regionstyrelsen beslutar`,
/// `Arbetsutskottet föreslår att regionstyrelsen beslutar`.
const LEAD_VERBS: [&str; 8] = [
    "beslutar",
    "besluta",
    "beslutade",
    "beslöt",
    "föreslår",
    "föreslå",
    "föreslås",
    "föreslog",
];

/// How far into a text its lead may reach.
const LEAD_WORDS: usize = 12;

/// A decision that only says it follows the proposal: `… beslutar enligt arbetsutskottets
/// förslag.` It has at most this many words.
const ENLIGT_WORDS: usize = 6;

/// One pair as the page shows it.
#[derive(Serialize)]
pub struct PairView<'a> {
    /// `Behandlades i protokollet § 12`, `Beslut i Regionstyrelsen 1 mars 2025, § 40`.
    pub label: String,
    pub title: &'a str,
    pub url: &'a str,
    /// `None` when either text lacks its section.
    pub comparison: Option<Comparison>,
}

#[derive(Serialize)]
pub struct Comparison {
    /// The decision's clauses are the proposal's (`Beslutat enligt förslaget`).
    pub as_proposed: bool,
    /// The line that says so, or what differs.
    pub verdict: String,
    /// The decision's words against the proposal's; empty when taken as proposed.
    pub diff: WordDiff,
}

/// What the other item of a pair is to this one.
#[derive(Clone, Copy)]
enum Other {
    /// The protocol paragraph that handled this agenda item.
    Protocol,
    /// The agenda item this protocol paragraph handled.
    Agenda,
    /// The proposal this decision followed.
    Proposal,
    /// The higher body's decision on this proposal.
    Decision,
}

/// The item's pairs, in the order a reader follows a case: the other document of its
/// meeting, the proposal it followed, the decision its proposal led to.
pub fn links<'a>(views: &Views<'a>, item: ItemId) -> Vec<PairView<'a>> {
    let pairs = &views.site.items[item].pairs;
    let twin = match views.site.meeting_of(item).meta.kind {
        MeetingKind::Dagordning => Other::Protocol,
        _ => Other::Agenda,
    };
    [
        (pairs.twin, twin),
        (pairs.proposal, Other::Proposal),
        (pairs.decision, Other::Decision),
    ]
    .into_iter()
    .filter_map(|(other, what)| Some(pair(views, item, other?, what)))
    .collect()
}

fn pair<'a>(views: &Views<'a>, item: ItemId, other: ItemId, what: Other) -> PairView<'a> {
    let (proposal, decision) = match what {
        Other::Protocol | Other::Decision => (item, other),
        Other::Agenda | Other::Proposal => (other, item),
    };
    let o = &views.site.items[other];
    PairView {
        label: label(views, other, what),
        title: &o.meta.title,
        url: &o.url,
        comparison: compare(views, proposal, decision),
    }
}

/// `Behandlades i protokollet § 12`, `Förslag i kallelsen, punkt 5`, `Beslut i
/// Regionstyrelsen 1 mars 2025, § 40`, `Förslag från Arbetsutskottet 1 februari 2025, § 7`.
fn label(views: &Views, other: ItemId, what: Other) -> String {
    let site = views.site;
    let meeting = site.meeting_of(other);
    let number = &site.items[other].meta.number;
    let numbered = match meeting.meta.kind {
        MeetingKind::Dagordning => format!("{} {number}", views.label("pair_point")),
        _ => format!("§ {number}"),
    };
    let date = &views.meeting_strings(site.items[other].meeting).date.text;
    let body = &site.bodies[meeting.body].name;
    match what {
        Other::Protocol => format!("{} {numbered}", views.label("pair_in_protocol")),
        Other::Agenda => format!("{}, {numbered}", views.label("pair_in_agenda")),
        Other::Proposal => format!("{} {body} {date}, {numbered}", views.label("pair_proposal")),
        Other::Decision => format!("{} {body} {date}, {numbered}", views.label("pair_decision")),
    }
}

fn compare(views: &Views, proposal: ItemId, decision: ItemId) -> Option<Comparison> {
    let proposed = proposed_words(views, proposal)?;
    let decided = clauses(&views.site.item_text(decision), is_decision_heading)?;
    let (p, d) = (operative(&proposed), operative(&decided));
    fn strs(words: &[String]) -> Vec<&str> {
        words.iter().map(String::as_str).collect()
    }
    let diff = if only_refers_to_proposal(d) {
        WordDiff::default()
    } else {
        word_diff::diff(&strs(p), &strs(d))
    };
    let as_proposed = diff.is_same();
    let verdict = if as_proposed {
        views.label("as_proposed")
    } else {
        format!(
            "{} {}: {}. {}: {}.",
            views.label("differs_from_proposal"),
            views.label("words_removed"),
            diff.removed,
            views.label("words_added"),
            diff.added
        )
    };
    Some(Comparison {
        as_proposed,
        verdict,
        diff: if as_proposed {
            WordDiff::default()
        } else {
            diff
        },
    })
}

/// A test of a section heading's title.
type Heading = fn(&str) -> bool;

/// What an item proposes: in a protocol, the committee's `Beslut` (it decided to propose),
/// else its `Förslag till beslut`; in an agenda, the other way round.
fn proposed_words(views: &Views, item: ItemId) -> Option<Vec<String>> {
    let text = views.site.item_text(item);
    let (first, then): (Heading, Heading) = match views.site.meeting_of(item).meta.kind {
        MeetingKind::Protokoll => (is_decision_heading, is_proposal_heading),
        _ => (is_proposal_heading, is_decision_heading),
    };
    clauses(&text, first).or_else(|| clauses(&text, then))
}

/// The words of the decision or proposal in a section: its first paragraph, and the
/// paragraphs after it that continue it (an `att …` clause, a list, or anything after a
/// paragraph that announces clauses). Paragraph breaks are [`BREAK`].
fn clauses(text: &str, heading: Heading) -> Option<Vec<String>> {
    let paragraphs = markdown::paragraphs_under(text, heading)?;
    let mut words: Vec<String> = Vec::new();
    let mut announces = true;
    for lines in paragraphs {
        let plain = markdown::plain_text(&lines.join("\n"));
        let list = lines[0].trim_start().starts_with(['-', '*', '•'])
            || lines[0]
                .trim_start()
                .starts_with(|c: char| c.is_ascii_digit());
        let clause = plain.split_whitespace().next().map(word_diff::fold) == Some("att".into());
        let continues = announces || list || clause;
        if !words.is_empty() && !continues {
            break;
        }
        if !words.is_empty() {
            words.push(BREAK.to_string());
        }
        announces = markdown::introduces_clauses(&plain);
        words.extend(plain.split_whitespace().map(String::from));
    }
    (!words.is_empty()).then_some(words)
}

/// The words after the lead (see [`LEAD_VERBS`]), without a paragraph break first.
fn operative(words: &[String]) -> &[String] {
    let lead = words
        .iter()
        .take(LEAD_WORDS)
        .rposition(|w| LEAD_VERBS.contains(&word_diff::fold(w).as_str()));
    let rest = &words[lead.map_or(0, |at| at + 1)..];
    let start = rest.iter().take_while(|w| *w == BREAK).count();
    &rest[start..]
}

/// `enligt arbetsutskottets förslag`, `enligt förslaget`: a decision taken as proposed that
/// does not repeat the clauses.
fn only_refers_to_proposal(words: &[String]) -> bool {
    let folded: Vec<String> = words.iter().map(|w| word_diff::fold(w)).collect();
    folded.first().is_some_and(|w| w == "enligt")
        && folded.len() <= ENLIGT_WORDS
        && folded.iter().any(|w| w.starts_with("förslag"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn clauses_take_the_att_paragraphs_and_stop_at_other_text() {
        let md = "## Beslut\n\nArbetsutskottet föreslår att regionstyrelsen beslutar\n\natt säga upp avtalet.\n\natt ge direktören i uppdrag.\n\nÄrendet har beretts.\n\n## Beslutsunderlag\n\n- Brev\n";
        let got = clauses(md, is_decision_heading).unwrap();
        let want = "Arbetsutskottet föreslår att regionstyrelsen beslutar \n att säga upp avtalet. \n att ge direktören i uppdrag.";
        assert_eq!(got.join(" "), want);
        assert_eq!(clauses(md, is_proposal_heading), None);
    }

    #[test]
    fn the_lead_is_who_decides_or_proposes() {
        let p =
            words("Arbetsutskottet föreslår att regionstyrelsen beslutar att säga upp avtalet.");
        let d = words("Regionstyrelsen beslutar att säga upp avtalet.");
        assert_eq!(operative(&p), operative(&d));
        let noted = words("Informationen noteras.");
        assert_eq!(operative(&noted), &noted[..]);
        let broken = vec![
            "Styrelsen".into(),
            "beslutar".into(),
            BREAK.into(),
            "att".into(),
        ];
        assert_eq!(operative(&broken), &["att".to_string()][..]);
    }

    #[test]
    fn enligt_forslaget_is_taken_as_proposed() {
        assert!(only_refers_to_proposal(&words(
            "enligt arbetsutskottets förslag."
        )));
        assert!(only_refers_to_proposal(&words("enligt förslaget")));
        assert!(!only_refers_to_proposal(&words(
            "enligt förslaget men med tillägget att avtalet ska ses över årligen"
        )));
        assert!(!only_refers_to_proposal(&words("att säga upp avtalet.")));
    }
}
