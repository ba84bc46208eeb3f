//! Ballots printed as labelled lists, in running text or one label per paragraph.
//!
//! ```text
//! Ja-röster (2): Anna Berg (S), Eva Lund (S).          label, an optional count, a colon,
//! Nej-röster: Olle Ek (M)                              then the people up to the next label
//! Följande ledamöter röstade ja: Anna Berg, Eva Lund   or the end of the sentence
//! Frånvarande: Per Sund (SD)
//! ```
//!
//! A label seen again (a second `Ja-röster:`) opens the next vote. A list with neither a Ja nor
//! a Nej (a presence note, `Frånvarande: …` alone) is no vote.

use super::{choice_word, member, Group};
use crate::import::doc::Line;
use crate::import::people;
use crate::model::{Ballot, Choice};
use regex::Regex;
use std::sync::LazyLock;

static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(ja-?röster|ja-?röst|nej-?röster|nej-?röst|röst(?:ade|ar)\s+(?:ja|nej)|avstår|avstod|avstående|frånvarande|ja|nej)(?:\s*\(\d+\))?\s*:",
    )
    .unwrap()
});

pub fn read(lines: &[Line]) -> Vec<Group> {
    let mut out = Vec::new();
    let mut current: Option<Group> = None;
    for block in lines.split(Line::is_blank).filter(|b| !b.is_empty()) {
        let text: Vec<&str> = block.iter().map(Line::trimmed).collect();
        let text = text.join("\n");
        let labels: Vec<_> = LABEL.captures_iter(&text).collect();
        for (k, cap) in labels.iter().enumerate() {
            let whole = cap.get(0).expect("a match has its text");
            let end = labels.get(k + 1).map_or(text.len(), |n| {
                label_line_start(&text, n.get(0).unwrap().start())
            });
            let Some(vote) = label_choice(&cap[1]) else {
                continue;
            };
            let named = names(&text[whole.end()..end]);
            if named.is_empty() {
                continue;
            }
            let repeated = current
                .as_ref()
                .is_some_and(|g| g.ballots.iter().any(|b| b.vote == vote));
            if repeated {
                finish(current.take(), &mut out);
            }
            let group = current.get_or_insert_with(|| Group {
                at: block[0].no,
                ballots: Vec::new(),
                printed: None,
            });
            let ballots = named.into_iter().map(|by| Ballot { by, vote });
            group.ballots.extend(ballots);
        }
    }
    finish(current, &mut out);
    out
}

fn finish(group: Option<Group>, out: &mut Vec<Group>) {
    let Some(g) = group else { return };
    if g.ballots
        .iter()
        .any(|b| matches!(b.vote, Choice::Yes | Choice::No))
    {
        out.push(g);
    }
}

/// Where the words leading to a label begin: the start of its line when only words stand
/// before it there (`Följande ledamöter röstade nej:`), else the label itself (`(S). Nej:`,
/// the end of a list wrapped onto the label's line).
fn label_line_start(text: &str, label: usize) -> usize {
    let line = text[..label].rfind('\n').map_or(0, |k| k + 1);
    match text[line..label].contains(['.', ',', ')']) {
        true => label,
        false => line,
    }
}

/// `röstade ja` → Ja; the label words otherwise as a vote column would be named.
fn label_choice(label: &str) -> Option<Choice> {
    let last = label.split_whitespace().last()?;
    choice_word(last)
}

/// The people of a list up to the end of its sentence: `Name (P)` where parties are printed,
/// else the names between commas and `och`.
fn names(segment: &str) -> Vec<String> {
    let sentence = sentence_end(segment).map_or(segment, |k| &segment[..k]);
    let with_party = people::with_party(sentence);
    if !with_party.is_empty() {
        return with_party;
    }
    sentence
        .split([',', ';'])
        .flat_map(|p| p.split(" och "))
        .filter_map(|n| member(n.trim(), None))
        .collect()
}

/// Where the list's sentence ends: a full stop followed by a space or the end.
fn sentence_end(s: &str) -> Option<usize> {
    s.char_indices()
        .find(|&(k, c)| c == '.' && s[k + 1..].chars().next().is_none_or(char::is_whitespace))
        .map(|(k, _)| k)
}
