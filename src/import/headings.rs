//! Item headings: where one agenda item or paragraph ends and the next begins.
//!
//! ```text
//! § 216 Uppsägning och uppdrag till ett nytt regionavtal för norra    paragraph protocol:
//! sjukvårdsområdet                                                    `§ N` and a title that
//! Diarienummer: 24RS11304                                             may wrap
//!
//! 12 Uppdrag om utredning av samverkansformer inom inköpsnämndens     numbered agenda:
//! (RV250337)                                                          1, 2, 3 ... in sequence
//! ```
//!
//! Which lines open items is chosen by `markers.rs` and `outline.rs`; here a heading is read
//! from where its marker ends: the title (wrapped, or cut out of a flattened page, or a
//! table-of-contents entry's without its page number) and the case numbers printed with it.

use super::case_refs;
use super::doc::Line;
use super::reflow::{join, Flow};
use super::sections;
use crate::model::ItemNumber;
use regex::Regex;
use std::sync::LazyLock;

static PREFIX_WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\p{Lu}\p{Ll}{1,2}$").unwrap());
/// Another family's marker: `Au 84 `, `KS § 12 `.
static EARLIER_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\p{Lu}\p{Ll}{0,3}|\p{Lu}{2,4})\s+(?:§\s*)?\d{1,4}\s+").unwrap()
});
/// Where a table-of-contents entry's title ends: dot leaders, or the page number after it.
static ENTRY_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s*(?:\.{2,}|…)|\s\d{1,3}(?:\s|$)").unwrap());

/// One item heading: where it is, its number and title, and how many lines it spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub at: usize,
    pub span: usize,
    pub number: u32,
    /// A letter after the number (`3 a`).
    pub suffix: Option<char>,
    pub title: String,
    pub cases: Vec<String>,
    /// Where the item's text ends, when that is not where the next heading begins: an item
    /// known only from a table of contents ends with its entry.
    pub end: Option<usize>,
}

impl Heading {
    /// `12`, or `3 a` with a letter.
    pub fn item_number(&self) -> ItemNumber {
        match self.suffix {
            Some(s) => ItemNumber::Text(format!("{} {s}", self.number)),
            None => ItemNumber::Int(self.number),
        }
    }
}

/// Reads a heading whose marker ends at byte `rest` of line `at`: its title, joining wrapped
/// lines, and the case numbers printed with it (before or after the title).
pub fn heading(all: &[Line], at: usize, rest: usize, flow: Flow, limit: usize) -> Heading {
    // The heading never reads into the next item's heading.
    let lines = &all[..limit.min(all.len())];
    // `§ 12 – Budget`, `Ärende 3: Taxor`: the separator is not the title's.
    let first = lines[at].text.get(rest..).unwrap_or("").trim();
    let first = first.trim_start_matches(['–', '—', '-', ':']).trim_start();
    let mut cases = Vec::new();
    let mut title = take_leading_case(first, &mut cases).to_string();
    let mut prev_len = lines[at].trimmed().chars().count();
    let mut span = 1;
    // `§ 12` alone on its line: the title is the next line (a common municipal layout),
    // perhaps after the case-number line.
    if title.is_empty() {
        while let Some(next) = lines.get(at + span) {
            let t = next.trimmed();
            if t.is_empty() {
                span += 1;
            } else if is_case_line(t) {
                cases.push(t.to_string());
                span += 1;
            } else if cases.is_empty() && case_refs::label_line(t).is_some() {
                let left = take_leading_case(t, &mut cases);
                span += 1;
                if !left.is_empty() {
                    title = left.to_string();
                    prev_len = t.chars().count();
                    break;
                }
            } else {
                title = t.to_string();
                prev_len = title.chars().count();
                span += 1;
                break;
            }
        }
    }
    while let Some(mut next) = lines.get(at + span).map(Line::trimmed) {
        // A page break may put a blank line inside a title; its tail starts in lowercase.
        let after_blank = lines.get(at + span + 1).map(Line::trimmed).unwrap_or("");
        if next.is_empty() && after_blank.chars().next().is_some_and(char::is_lowercase) {
            span += 1;
            next = after_blank;
        }
        if span > 4 || !continues_title(next, prev_len, flow) {
            break;
        }
        join(&mut title, next);
        prev_len = next.chars().count();
        span += 1;
    }
    let title = take_trailing_cases(title, &mut cases);
    while let Some(next) = lines.get(at + span).map(Line::trimmed) {
        if !is_case_line(next) {
            break;
        }
        cases.extend(case_refs::find_shaped(next).into_iter().map(|f| f.printed));
        span += 1;
    }
    Heading {
        at,
        span,
        number: 0,
        suffix: None,
        title: title.trim().to_string(),
        cases,
        end: None,
    }
}

/// A heading inside a flattened page, where the title runs on into the item's text: the
/// title is cut where the text shows it ends (see [`flattened_title_len`]). Returns the
/// heading's title and cases, and the byte length of what the title took.
pub fn flattened(text: &str) -> Flattened {
    let lead = references_before_title(text);
    let mut cases = Vec::new();
    let after_case = take_leading_case(&text[lead..], &mut cases);
    let skipped = text.len() - after_case.len();
    let len = flattened_title_len(after_case);
    let title = take_trailing_cases(after_case[..len].trim().to_string(), &mut cases);
    let title = title.trim_end_matches(['.', ',', ':']).trim().to_string();
    Flattened {
        title,
        cases,
        lead,
        used: skipped + len,
    }
}

/// A heading read inside a flattened page.
pub struct Flattened {
    pub title: String,
    pub cases: Vec<String>,
    /// Bytes of references printed between the marker and the title (`Au 84 Sn 34 Dnr
    /// 2016/`): the item's earlier handling and a truncated case number, which stay text.
    pub lead: usize,
    /// Bytes of the text the references and the title take.
    pub used: usize,
}

/// `Au 84 Sn 34 Au 57 Dnr 2016/ Budget ...`: where the title begins after the markers of the
/// item's earlier handling (another family's `prefix number`) and a truncated case number.
fn references_before_title(text: &str) -> usize {
    let mut at = 0;
    loop {
        let rest = &text[at..];
        if let Some(m) = EARLIER_MARKER.find(rest) {
            at += m.end();
            continue;
        }
        match case_refs::label_line(rest) {
            Some(line)
                if !line.found.is_empty() && line.found.iter().all(case_refs::Found::truncated) =>
            {
                let end = line.found.last().map_or(0, |f| f.range.end);
                let cut = rest[end..]
                    .find(char::is_whitespace)
                    .map_or(rest.len(), |w| end + w);
                at += cut + (rest.len() - cut - rest[cut..].trim_start().len());
            }
            _ => return at,
        }
    }
}

/// A table-of-contents entry's title: without dot leaders, page number or case numbers.
pub fn contents_title(text: &str) -> (String, Vec<String>) {
    let mut cases = Vec::new();
    let t = take_leading_case(text.trim(), &mut cases);
    let t = ENTRY_END.find(t).map_or(t, |m| &t[..m.start()]);
    // An entry may run on into the next one whose number the transcript dropped
    // (`Likviditetsplan (LS/250/2014) Uppföljning av internkontroll (LS/299/2014)`): every
    // case number in it is kept, and the title ends before the first.
    let shaped = case_refs::find_shaped(t);
    let inner: Vec<_> = shaped.iter().filter(|f| !f.truncated()).collect();
    let t = match inner.as_slice() {
        [first, _, ..] => {
            cases.extend(inner.iter().map(|f| f.printed.clone()));
            t[..first.range.start].trim_end().trim_end_matches('(')
        }
        _ => t,
    };
    let title = take_trailing_cases(t.trim().to_string(), &mut cases);
    (title.trim().to_string(), cases)
}

/// `Dnr KS 2018/14 Information`: the case numbers go to `cases`, the rest is returned. A
/// truncated number (`Dnr 2016/`) stays in the title's text.
fn take_leading_case<'a>(t: &'a str, cases: &mut Vec<String>) -> &'a str {
    let Some(line) = case_refs::label_line(t) else {
        return t;
    };
    if line.found.is_empty() || line.found.iter().any(case_refs::Found::truncated) {
        return t;
    }
    let end = line.found.last().map_or(0, |f| f.range.end);
    cases.extend(line.found.into_iter().map(|f| f.printed));
    t[end..].trim_start()
}

/// `Title (RV250246)`, `Title (LS/4/2014)`, `Title Dnr KS 2018/14`: the case numbers printed
/// in a title go to `cases` and out of the title.
fn take_trailing_cases(mut title: String, cases: &mut Vec<String>) -> String {
    if let Some((cut, found)) = case_refs::in_title(&title) {
        cases.extend(
            found
                .into_iter()
                .filter(|f| !f.truncated())
                .map(|f| f.printed),
        );
        title.replace_range(cut, " ");
    }
    title.trim().to_string()
}

/// Where a title ends inside flattened text, in bytes: at dot leaders, at the first sentence's
/// end, at a case-number label, where its first words repeat (`Anmälan om X Anmälan om X`),
/// or before a capitalized word that follows a lowercase one (a new sentence); at most
/// fifteen words.
fn flattened_title_len(t: &str) -> usize {
    let words: Vec<(usize, &str)> = t
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - t.as_ptr() as usize, w))
        .collect();
    let end_of = |k: usize| words.get(k).map_or(t.len(), |(o, w)| o + w.len());
    let start_of = |k: usize| words.get(k).map_or(t.len(), |(o, _)| *o);
    for k in 1..words.len().min(13) {
        if words.len() >= 2 * k && (0..k).all(|j| words[j].1 == words[k + j].1) {
            return end_of(k - 1);
        }
    }
    for (k, (_, w)) in words.iter().enumerate().take(15) {
        if w.contains("..") || w.contains('…') {
            return start_of(k) + w.find(['.', '…']).unwrap_or(0);
        }
        if k > 0 && case_refs::label_line(&t[start_of(k)..]).is_some() {
            return end_of(k - 1);
        }
        if w.ends_with('.') && words.get(k + 1).is_some_and(|(_, n)| starts_upper(n)) {
            return end_of(k);
        }
        let after_preposition = k > 0 && PREPOSITIONS.contains(&words[k - 1].1);
        let lower_next = words
            .get(k + 1)
            .is_some_and(|(_, n)| n.chars().next().is_some_and(char::is_lowercase));
        if k > 0 && starts_upper(w) && lower_next && !after_preposition {
            return end_of(k - 1);
        }
        // `... år Au Förvaltningschef`: a body's marker prefix left without its number.
        let after_lower = k > 0
            && words[k - 1]
                .1
                .chars()
                .next()
                .is_some_and(char::is_lowercase);
        if after_lower && PREFIX_WORD.is_match(w) && !after_preposition {
            return end_of(k - 1);
        }
    }
    end_of(words.len().min(15).saturating_sub(1))
}

/// Words after which a capitalized word is a name inside the title (`för Kramfors kommun`).
const PREPOSITIONS: &[&str] = &[
    "för", "i", "av", "till", "om", "med", "på", "inom", "vid", "från", "mellan", "och", "mot",
];

fn starts_upper(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

fn continues_title(next: &str, prev_len: usize, flow: Flow) -> bool {
    if next.is_empty() || is_case_line(next) || next.contains(": ") || next.ends_with(':') {
        return false;
    }
    if case_refs::label_line(next).is_some() {
        return false;
    }
    if sections::heading(next).is_some() || next.starts_with('§') {
        return false;
    }
    let opens_like_tail =
        next.starts_with(['(', '-', '–']) || next.chars().next().is_some_and(char::is_lowercase);
    opens_like_tail || prev_len >= flow.wrap
}

/// A line holding only a case number (`RS 2273-2024`), as Västerbotten prints it.
pub fn is_case_line(t: &str) -> bool {
    case_refs::is_case_line(t)
}
