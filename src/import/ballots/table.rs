//! A voteringslista as `pdftotext -layout` (or a transcript with `|` between cells) prints it.
//!
//! ```text
//! Ledamöter                    Parti     Ja    Nej   Avstår   Frånvarande    header: its last
//! Anna Berg                    S         X                                   words are vote
//! Olle Ek (M)                                  X                             columns
//! Ordförande Eva Lund (S)                X                                   a role word is
//! Summa                                  2     1     0        0             dropped; marks go
//!                                                                            to the nearest
//! Anna Berg (S)                Ja                                            column; without a
//! Olle Ek (M)                  Nej                                           header, a run of
//! ```                                                                        rows ending in a
//!                                                                            vote word
//!
//! Two names in one row (a ledamot and the tjänstgörande ersättare beside) give the vote to
//! the last, the ersättare who sat in. Rows without a mark are skipped: the list does not say
//! how that member voted.

use super::{choice_word, member, Group};
use crate::import::doc::Line;
use crate::model::{Ballot, Choice};

/// A word of a line and the column (in characters) where it starts.
#[derive(Debug, Clone, Copy)]
struct Word<'a> {
    col: usize,
    text: &'a str,
}

impl Word<'_> {
    fn center(&self) -> usize {
        self.col + self.text.chars().count() / 2
    }
}

/// Words separated by spaces or `|`, with their columns; the gaps between cells (two or more
/// spaces, or a `|`) are kept as `None`. A transcript with `|` between cells aligns cells,
/// not characters, so there a word's column is its cell's number (times a width no cell
/// reaches), and marks still find their header by the nearest column.
fn words(line: &str) -> Vec<Option<Word<'_>>> {
    let piped = line.contains('|');
    let mut cell = 0;
    let mut out = Vec::new();
    let mut start: Option<(usize, usize)> = None;
    let mut spaces = 0;
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    for (col, &(byte, c)) in chars.iter().enumerate() {
        let sep = c.is_whitespace() || c == '|';
        cell += usize::from(c == '|');
        let col = if piped { cell * 1000 } else { col };
        if sep {
            if let Some((scol, sbyte)) = start.take() {
                out.push(Some(Word {
                    col: scol,
                    text: &line[sbyte..byte],
                }));
            }
            spaces += if c == '|' { 2 } else { 1 };
            if spaces >= 2 && out.last().is_some_and(Option::is_some) {
                out.push(None);
            }
        } else {
            spaces = 0;
            start.get_or_insert((col, byte));
        }
    }
    if let Some((scol, sbyte)) = start {
        out.push(Some(Word {
            col: scol,
            text: &line[sbyte..],
        }));
    }
    out
}

/// The vote columns of a header row: its last words, at least `Ja` and `Nej`.
fn header(line: &str) -> Option<Vec<(Choice, usize)>> {
    let ws: Vec<Word> = words(line).into_iter().flatten().collect();
    let mut cols: Vec<(Choice, usize)> = Vec::new();
    for w in ws.iter().rev() {
        match choice_word(w.text) {
            Some(c) => cols.push((c, w.center())),
            None => break,
        }
    }
    cols.reverse();
    let has = |c: Choice| cols.iter().any(|(x, _)| *x == c);
    (has(Choice::Yes) && has(Choice::No)).then_some(cols)
}

fn is_mark(w: &str) -> bool {
    matches!(w, "X" | "x" | "×" | "✓" | "✔" | "1")
}

const ROLE_WORDS: &[&str] = &[
    "ordförande",
    "vice",
    "1:e",
    "2:e",
    "ledamot",
    "ersättare",
    "tjänstgörande",
    "tjg",
    "tjg.",
];

/// One member's row: the name cells before the first mark or vote word, and the vote.
fn row(line: &str, cols: Option<&[(Choice, usize)]>) -> Option<Ballot> {
    let ws = words(line);
    let at = ws.iter().position(|w| {
        w.is_some_and(|w| (is_mark(w.text) && cols.is_some()) || choice_word(w.text).is_some())
    })?;
    // The vote stands in a column of its own, apart from the name: `Anna Berg (S) ja` in
    // running text is not a row.
    if at == 0 || ws[at - 1].is_some() {
        return None;
    }
    let w = ws[at]?;
    let vote = match choice_word(w.text) {
        Some(c) => c,
        None => nearest(cols?, w.center())?,
    };
    // Cells before the vote: names, a party's letters, role words.
    let mut names: Vec<String> = Vec::new();
    let mut party: Option<&str> = None;
    for cell in ws[..at].split(Option::is_none) {
        let cell: Vec<&str> = cell
            .iter()
            .flatten()
            .map(|w| w.text)
            .skip_while(|t| ROLE_WORDS.contains(&t.to_lowercase().as_str()))
            .collect();
        match cell.as_slice() {
            [] => {}
            [p] if is_party(p) => party = Some(p),
            words => names.push(words.join(" ")),
        }
    }
    let by = member(names.last()?, party)?;
    Some(Ballot { by, vote })
}

fn is_party(t: &str) -> bool {
    let t = t.trim_matches(['(', ')']);
    (1..=4).contains(&t.chars().count()) && t.chars().all(|c| c.is_uppercase())
}

fn nearest(cols: &[(Choice, usize)], center: usize) -> Option<Choice> {
    cols.iter()
        .min_by_key(|(_, c)| c.abs_diff(center))
        .map(|(choice, _)| *choice)
}

/// `Summa  2  1  0`: the counts printed under the columns.
fn sum_row(line: &str, cols: &[(Choice, usize)]) -> Option<(u32, u32, u32)> {
    let ws: Vec<Word> = words(line).into_iter().flatten().collect();
    let first = ws.first()?.text.to_lowercase();
    if !matches!(
        first.as_str(),
        "summa" | "totalt" | "antal" | "summa:" | "totalt:"
    ) {
        return None;
    }
    let mut counts = (0, 0, 0);
    for w in &ws[1..] {
        let Ok(n) = w.text.parse::<u32>() else {
            continue;
        };
        match nearest(cols, w.center()) {
            Some(Choice::Yes) => counts.0 = n,
            Some(Choice::No) => counts.1 = n,
            Some(Choice::Abstain) => counts.2 = n,
            _ => {}
        }
    }
    Some(counts)
}

/// The table being read: its columns (none for rows that print the vote as a word).
struct Open {
    cols: Option<Vec<(Choice, usize)>>,
    group: Group,
    /// Lines since the last row: the table ends at text after its rows.
    misses: usize,
}

pub fn read(lines: &[Line]) -> Vec<Group> {
    let mut out = Vec::new();
    let mut open: Option<Open> = None;
    for line in lines {
        if line.is_blank() {
            continue;
        }
        if let Some(cols) = header(&line.text) {
            // A header repeated after a page break continues the table.
            match &mut open {
                Some(o) if o.cols.is_some() && !o.group.ballots.is_empty() => o.misses = 0,
                _ => open = Some(start(line.no, Some(cols))),
            }
            continue;
        }
        let cols = open.as_ref().and_then(|o| o.cols.as_deref());
        if let Some(ballot) = row(&line.text, cols) {
            let o = open.get_or_insert_with(|| start(line.no, None));
            o.group.ballots.push(ballot);
            o.misses = 0;
            continue;
        }
        let Some(o) = open.as_mut() else { continue };
        if let Some(sum) = o.cols.as_deref().and_then(|c| sum_row(&line.text, c)) {
            o.group.printed = Some(sum);
            close(&mut open, &mut out);
            continue;
        }
        o.misses += 1;
        // Before its first row a table may have a line or two (`Ledamöter`, a party's name).
        if !o.group.ballots.is_empty() || o.misses > 2 {
            close(&mut open, &mut out);
        }
    }
    close(&mut open, &mut out);
    out
}

fn start(at: usize, cols: Option<Vec<(Choice, usize)>>) -> Open {
    Open {
        cols,
        group: Group {
            at,
            ballots: Vec::new(),
            printed: None,
        },
        misses: 0,
    }
}

/// Keeps a table with rows; rows without a header must be at least two, so that one line
/// ending in `Ja` in running text is not taken for a vote.
fn close(open: &mut Option<Open>, out: &mut Vec<Group>) {
    let Some(o) = open.take() else { return };
    let enough = if o.cols.is_some() { 1 } else { 2 };
    let voted = o
        .group
        .ballots
        .iter()
        .any(|b| matches!(b.vote, Choice::Yes | Choice::No));
    if o.group.ballots.len() >= enough && voted {
        out.push(o.group);
    }
}
