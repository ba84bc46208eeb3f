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
//! A table of contents (the same `§ N` lines before the paragraphs themselves) is recognized
//! because its numbers recur later; only the last occurrence of a number opens an item.

use super::case_refs;
use super::doc::Line;
use super::layout::Looks;
use super::markers::{self, Candidate, Family};
use super::profile::Marker;
use super::reflow::{join, Flow};
use super::sections;
use crate::model::ItemNumber;
use regex::Regex;
use std::collections::HashMap;
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

/// The items a document's markers give (see `markers.rs`), with the lines split where a
/// marker or a title ends inside a flattened page.
#[derive(Debug, Default, Clone)]
pub struct Found {
    pub family: Option<Family>,
    /// Items with a heading in the text, in text order.
    pub heads: Vec<Heading>,
    /// Items known only from a table of contents entry (the body lacks them).
    pub announced: Vec<Heading>,
    /// Line ranges of table-of-contents entries whose items the body has.
    pub toc: Vec<(usize, usize)>,
}

/// Chooses the item markers of `lines` and reads their headings; `lines` is split in place
/// where a marker, or the title after it, ends inside a long flattened line.
pub fn find(lines: &mut Vec<Line>, flow: Flow, only: Option<&Marker>, looks: &Looks) -> Found {
    let choice = markers::choose(lines, only, looks);
    if choice.items.is_empty() {
        return Found::default();
    }
    let contents_only = choice.items_are_contents();
    let announced: Vec<Candidate> = choice.announced_only().into_iter().cloned().collect();
    let confirmed: Vec<&Candidate> = choice
        .toc
        .iter()
        .filter(|t| {
            !announced
                .iter()
                .any(|a| (a.line, a.start) == (t.line, t.start))
        })
        .collect();
    let all: Vec<&Candidate> = choice.items.iter().chain(&choice.toc).collect();
    let mut cuts: Vec<(usize, usize)> = all
        .iter()
        .filter(|c| !c.at_line_start())
        .map(|c| (c.line, c.start))
        .collect();
    // In a flattened page the title runs on into the text: cut it off too.
    let mut titles: Vec<Option<Flattened>> = Vec::new();
    for c in &choice.items {
        let text = &lines[c.line].text;
        if contents_only || text.trim().chars().count() <= markers::LONG_LINE {
            titles.push(None);
            continue;
        }
        let stop = next_cut(&all, c).min(text.len()).max(c.rest);
        let f = flattened(&text[c.rest..stop]);
        cuts.push((c.line, c.rest + f.used));
        if f.lead > 0 && f.used > f.lead {
            cuts.extend([(c.line, c.rest), (c.line, c.rest + f.lead)]);
        }
        titles.push(Some(f));
    }
    let (split, place) = split_lines(lines, &cuts);
    *lines = split;
    let at = |c: &Candidate| place(c.line, c.start);
    let mut heads = Vec::new();
    let starts: Vec<usize> = choice.items.iter().map(&at).collect();
    for (k, (c, title)) in choice.items.iter().zip(titles).enumerate() {
        let line = at(c);
        let limit = starts.get(k + 1).copied().unwrap_or(lines.len());
        let rest = marker_end(c);
        let mut h = match title {
            Some(f) => {
                // The references before the title go after it, into the item's text, so the
                // heading reads marker and title: pieces [marker][references][title] become
                // [marker][title][references].
                let moved = f.lead > 0 && f.used > f.lead && line + 2 < lines.len();
                if moved {
                    lines.swap(line + 1, line + 2);
                }
                Heading {
                    at: line,
                    span: if moved { 2 } else { 1 },
                    number: 0,
                    suffix: None,
                    title: f.title,
                    cases: f.cases,
                    end: None,
                }
            }
            None if contents_only => entry_heading(lines, line, rest),
            None => heading(lines, line, rest, flow, limit),
        };
        h.number = c.number;
        h.suffix = c.suffix;
        heads.push(h);
    }
    // A title's continuation never runs into the next item's heading.
    for k in 1..heads.len() {
        let next = heads[k].at;
        let h = &mut heads[k - 1];
        h.span = h.span.min(next.saturating_sub(h.at)).max(1);
    }
    let toc = confirmed
        .iter()
        .enumerate()
        .map(|(k, c)| (at(c), confirmed.get(k + 1).map_or(at(c) + 1, |n| at(n))))
        .collect();
    let announced = announced
        .iter()
        .map(|c| {
            let line = at(c);
            let rest = marker_end(c);
            let mut h = entry_heading(lines, line, rest);
            h.number = c.number;
            h.suffix = c.suffix;
            h.end = Some(line + 1);
            h
        })
        .collect();
    Found {
        family: choice.family().cloned(),
        heads,
        announced,
        toc,
    }
}

/// Byte offset of the text after `c`'s marker once its line was split at the marker.
fn marker_end(c: &Candidate) -> usize {
    if c.at_line_start() {
        c.rest
    } else {
        c.rest - c.start
    }
}

/// A heading read from a table-of-contents entry: one line, its title cleaned.
fn entry_heading(lines: &[Line], at: usize, rest: usize) -> Heading {
    let (title, cases) = contents_title(lines[at].text.get(rest..).unwrap_or(""));
    Heading {
        at,
        span: 1,
        number: 0,
        suffix: None,
        title,
        cases,
        end: None,
    }
}

/// The byte offset of the next marker after `c` on the same line, or the line's end.
fn next_cut(all: &[&Candidate], c: &Candidate) -> usize {
    all.iter()
        .filter(|o| o.line == c.line && o.start > c.start)
        .map(|o| o.start)
        .min()
        .unwrap_or(usize::MAX)
}

/// Splits lines at `(line, byte offset)` cuts; the pieces keep their line number. Returns the
/// new lines and a function from an old `(line, offset)` to the new line holding it.
fn split_lines(
    lines: &[Line],
    cuts: &[(usize, usize)],
) -> (Vec<Line>, impl Fn(usize, usize) -> usize) {
    let mut by_line: HashMap<usize, Vec<usize>> = HashMap::new();
    for &(l, at) in cuts {
        if at > 0 && at < lines[l].text.len() && lines[l].text.is_char_boundary(at) {
            by_line.entry(l).or_default().push(at);
        }
    }
    let mut out = Vec::with_capacity(lines.len() + cuts.len());
    let mut first_piece = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        first_piece.push(out.len());
        let mut at = by_line.remove(&i).unwrap_or_default();
        at.sort_unstable();
        at.dedup();
        let mut from = 0;
        for cut in at.iter().copied().chain([line.text.len()]) {
            out.push(Line {
                no: line.no,
                text: line.text[from..cut].to_string(),
            });
            from = cut;
        }
        let pieces = at;
        by_line.insert(i, pieces);
    }
    let place = move |l: usize, offset: usize| {
        let pieces = by_line
            .get(&l)
            .map_or(0, |p| p.iter().filter(|c| **c <= offset).count());
        first_piece[l] + pieces
    };
    (out, place)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::doc::lines_of;

    const F: Flow = Flow { wrap: 50 };

    fn found(text: &str) -> (Found, Vec<Line>) {
        let mut lines = lines_of(text);
        let f = find(&mut lines, F, None, &Looks::default());
        (f, lines)
    }

    #[test]
    fn wrapped_title_and_case_line() {
        let (f, _) = found("§ 231 Utveckla samspelet mellan sjukhusvården och primärvården i\n\nsyfte att stödja omställningen\nRS 2186-2024\n\nSammanfattning\n\n§ 232 Nästa\nText");
        let h = &f.heads;
        assert!(f.toc.is_empty());
        assert_eq!(h[0].title, "Utveckla samspelet mellan sjukhusvården och primärvården i syfte att stödja omställningen");
        assert_eq!(
            (h[0].number, h[0].cases.clone(), h[0].span),
            (231, vec!["RS 2186-2024".to_string()], 4)
        );
    }

    #[test]
    fn title_on_the_line_after_the_number_or_the_case() {
        let (f, _) = found("§ 12\nVal av justerare\n\nText\n§ 13\n\nBudget\nText\n§ 14\nDnr KS 2021/45\nTaxor 2022\nText");
        let titles: Vec<_> = f.heads.iter().map(|h| h.title.as_str()).collect();
        assert_eq!(
            titles,
            ["Val av justerare", "Budget", "Taxor 2022"],
            "{f:#?}"
        );
        assert_eq!(f.heads[2].cases, ["KS 2021/45"]);
    }

    #[test]
    fn table_of_contents_is_skipped() {
        let (f, _) = found("§ 1 Val\n§ 2 Budget\n§ 1 Val\nText\n§ 2 Budget\nText");
        assert_eq!(f.heads.iter().map(|h| h.at).collect::<Vec<_>>(), [2, 4]);
        assert_eq!(f.toc, [(0, 1), (1, 2)]);
    }

    #[test]
    fn agenda_sequence_and_trailing_case() {
        let (f, _) = found(
            "1 Val\n\n2 Uppdrag om utredning\n(RV250337)\n\n129 Öka 116\n3 Ansökan (RV250363)",
        );
        let h = &f.heads;
        assert_eq!(h.iter().map(|h| h.number).collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(
            (h[1].title.as_str(), h[1].cases.clone()),
            ("Uppdrag om utredning", vec!["RV250337".to_string()])
        );
        assert_eq!(h[2].cases, ["RV250363"]);
    }

    #[test]
    fn flattened_page_is_split_at_markers_and_titles() {
        let filler = "ord ".repeat(60);
        let text = format!("Inledning {filler}Ks 250 Anmälan om beslut Anmälan om beslut a) Arbetsutskottet Kommunstyrelsen beslutar. Ks 251 Ordföranderemisser Förteckning över inkomna ärenden. {filler}");
        let (f, lines) = found(&text);
        let titles: Vec<_> = f.heads.iter().map(|h| h.title.as_str()).collect();
        assert_eq!(titles, ["Anmälan om beslut", "Ordföranderemisser"]);
        assert_eq!(lines[f.heads[0].at].text, "Ks 250 Anmälan om beslut");
        assert!(lines[f.heads[0].at + 1]
            .text
            .starts_with(" Anmälan om beslut a)"));
        // Nothing is lost by splitting.
        let joined: String = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(joined, text.trim_end());
    }

    #[test]
    fn contents_entries_become_items_when_the_body_lacks_them() {
        let filler = "ord ".repeat(70);
        let text = format!("Ärendelista 1. Upprop 2. Anmälan 3. Information... 4 4. Budget 2026 5 {filler}\n{filler} 1. Upprop och val Tommy Ivarsson justerar. 2. Anmälan om delegationsbeslut {filler}");
        let (f, _) = found(&text);
        assert_eq!(f.heads.iter().map(|h| h.number).collect::<Vec<_>>(), [1, 2]);
        let announced: Vec<_> = f
            .announced
            .iter()
            .map(|h| (h.number, h.title.as_str()))
            .collect();
        assert_eq!(announced, [(3, "Information"), (4, "Budget 2026")]);
    }
}
