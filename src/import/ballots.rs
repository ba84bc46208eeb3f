//! Per-person votes (ballots) of an omröstning, read by structure wherever the item prints
//! them, and joined to the counts that `fields` reads from the vote's sentences.
//!
//! Two shapes are recognized (see the files below for the grammar of each):
//!
//! ```text
//! table.rs   a voteringslista: a header row whose last cells are vote columns, then one row
//!            per member with a mark (X) under a column or the vote as a word
//!                                      Ja    Nej   Avstår
//!              Anna Berg (S)           X
//!              Olle Ek          M            X
//! list.rs    labelled lists: `Ja-röster: Anna Berg (S), Eva Lund (S). Nej-röster: Olle Ek (M).`
//! ```
//!
//! The printed counts win over the ballots' sum: a list that does not add up is left for
//! [`super::doubts::vote_tallies`] to report, since either may be the misprint.

mod list;
mod table;

use super::doc::Line;
use crate::model::{Ballot, Choice, Vote};
use regex::Regex;
use std::sync::LazyLock;

/// The ballots of one vote, where they start, and the counts a sum row printed with them.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub at: usize,
    pub ballots: Vec<Ballot>,
    pub printed: Option<(u32, u32, u32)>,
}

/// Every group of ballots in the item's lines, in the order printed.
pub fn read(lines: &[Line]) -> Vec<Group> {
    let mut groups = table::read(lines);
    groups.extend(list::read(lines));
    groups.sort_by_key(|g| g.at);
    groups
}

/// The item's votes: the one the text describes (`described`, with `counts` when the text
/// prints them) takes the first group of ballots; further groups are further votes, counted
/// from their sum row or their ballots.
pub fn votes(counts: Option<(u32, u32, u32)>, described: Vote, groups: Vec<Group>) -> Vec<Vote> {
    let mut out = Vec::new();
    let mut first = Some(described);
    for group in groups {
        let base = first.take().unwrap_or_else(|| Vote::counted(0, 0, 0));
        let printed = if out.is_empty() { counts } else { None };
        out.push(with_ballots(base, printed.or(group.printed), group.ballots));
    }
    if let (Some(vote), Some((yes, no, abstained))) = (first, counts) {
        out.push(Vote {
            yes,
            no,
            abstained,
            ..vote
        });
    }
    for vote in &mut out {
        fill_sides(vote);
    }
    out
}

fn with_ballots(vote: Vote, printed: Option<(u32, u32, u32)>, ballots: Vec<Ballot>) -> Vote {
    let vote = Vote { ballots, ..vote };
    let (yes, no, abstained) = printed.unwrap_or_else(|| vote.tally());
    Vote {
        yes,
        no,
        abstained,
        ..vote
    }
}

static YES_FOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bja(?:-?röst(?:en)?)?\s+(?:för|innebär|=)\s+(.+?)\s*(?:[,;.]|\s+och\s+nej|$)")
        .unwrap()
});
static NO_FOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bnej(?:-?röst(?:en)?)?\s+(?:för|innebär|=)\s+(.+?)\s*(?:[,;.]|\s+och\s+ja|$)")
        .unwrap()
});
static WHO_WANTS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bsom\s+vill\s+(.+?)\s+röstar\s+(ja|nej)\b").unwrap());

/// What Ja and Nej stood for, from the question as printed: `Ja-röst för kommunstyrelsens
/// förslag, nej-röst för återremiss` or `Den som vill bifalla förslaget röstar ja`.
fn fill_sides(vote: &mut Vote) {
    let Some(q) = vote.question.as_deref() else {
        return;
    };
    let cap = |re: &Regex| re.captures(q).map(|c| c[1].trim().to_string());
    let (mut yes, mut no) = (cap(&YES_FOR), cap(&NO_FOR));
    for c in WHO_WANTS.captures_iter(q) {
        let side = if c[2].eq_ignore_ascii_case("ja") {
            &mut yes
        } else {
            &mut no
        };
        side.get_or_insert_with(|| c[1].trim().to_string());
    }
    vote.yes_for = vote.yes_for.take().or(yes.filter(|s| !s.is_empty()));
    vote.no_for = vote.no_for.take().or(no.filter(|s| !s.is_empty()));
}

/// A vote column's or vote word's meaning: `Ja`, `Nej`, `Avstår`, `Frånvarande` and their
/// printed variants.
pub(super) fn choice_word(word: &str) -> Option<Choice> {
    let w = word.trim().trim_end_matches([':', '.']).to_lowercase();
    Some(match w.as_str() {
        "ja" | "ja-röst" | "ja-röster" | "jaröster" => Choice::Yes,
        "nej" | "nej-röst" | "nej-röster" | "nejröster" => Choice::No,
        "avstår" | "avstod" | "avstående" | "avst" | "avstår från att rösta" => {
            Choice::Abstain
        }
        "frånvarande" | "frånv" | "ej närvarande" => Choice::Absent,
        _ => return None,
    })
}

/// Lowercase words inside Swedish names: `Anna von Berg`, `Karin de Lima`.
const PARTICLES: &[&str] = &["von", "af", "de", "van", "der", "la", "da"];

/// A member's name as printed in a row or list, with the party when it stands apart:
/// `Anna Berg (S)`, or `Anna Berg` and `S` in separate cells → `Anna Berg (S)`.
pub(super) fn member(name: &str, party: Option<&str>) -> Option<String> {
    let parsed = crate::model::PersonName::parse(name);
    let words: Vec<&str> = parsed.name.split_whitespace().collect();
    let looks_like_name = words.len() >= 2
        && words.len() <= 5
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase) || PARTICLES.contains(w))
        && !parsed.name.chars().any(|c| c.is_ascii_digit());
    if !looks_like_name {
        return None;
    }
    Some(match parsed.party.as_deref().or(party) {
        Some(p) => format!("{} ({p})", parsed.name),
        None => parsed.name,
    })
}

#[cfg(test)]
mod tests;
