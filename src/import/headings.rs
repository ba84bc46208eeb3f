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
use super::reflow::{join, Flow};
use super::sections;
use regex::Regex;
use std::sync::LazyLock;

static PARAGRAPH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^§\s*(\d{1,4})(?:\s+(\S.*))?$").unwrap());
static AGENDA: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(\d{1,3})\s+(\p{Lu}.*)$").unwrap());

/// One item heading: where it is, its number and title, and how many lines it spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub at: usize,
    pub span: usize,
    pub number: u32,
    pub title: String,
    pub cases: Vec<String>,
}

/// The two ways minutes number their items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Paragraphs,
    Agenda,
}

fn candidates(lines: &[Line], style: Style) -> Vec<(usize, u32)> {
    let re = match style {
        Style::Paragraphs => &*PARAGRAPH,
        Style::Agenda => &*AGENDA,
    };
    lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| {
            let c = re.captures(l.trimmed())?;
            Some((i, c[1].parse().ok()?))
        })
        .collect()
}

/// Paragraph headings, with table-of-contents entries left out; also returns those entries'
/// line ranges so they can be reported as dropped.
pub fn paragraphs(lines: &[Line], flow: Flow) -> (Vec<Heading>, Vec<(usize, usize)>) {
    let all = candidates(lines, Style::Paragraphs);
    let mut toc = Vec::new();
    let mut kept: Vec<(usize, u32)> = Vec::new();
    for (k, &(i, n)) in all.iter().enumerate() {
        if all[k + 1..].iter().any(|&(_, m)| m == n) {
            let end = all.get(k + 1).map_or(i + 1, |&(j, _)| j);
            toc.push((i, end));
        } else if kept.last().is_none_or(|&(_, last)| n > last) {
            kept.push((i, n));
        }
    }
    let heads = kept
        .into_iter()
        .map(|(i, n)| heading(lines, i, n, flow))
        .collect();
    (heads, toc)
}

/// Agenda headings: the longest run numbered 1, 2, 3 ... (or from any start) in sequence.
pub fn agenda(lines: &[Line], flow: Flow) -> Vec<Heading> {
    let all = candidates(lines, Style::Agenda);
    let mut best: Vec<(usize, u32)> = Vec::new();
    for start in 0..all.len() {
        let mut run = vec![all[start]];
        for &(i, n) in &all[start + 1..] {
            if n == run.last().unwrap().1 + 1 {
                run.push((i, n));
            }
        }
        if run.len() > best.len() {
            best = run;
        }
    }
    best.into_iter()
        .map(|(i, n)| heading(lines, i, n, flow))
        .collect()
}

/// Reads a heading's title, joining wrapped lines, and the case numbers printed with it.
fn heading(lines: &[Line], at: usize, number: u32, flow: Flow) -> Heading {
    let first = lines[at].trimmed();
    let mut title = first
        .trim_start_matches('§')
        .trim_start()
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .trim()
        .to_string();
    let mut prev_len = first.chars().count();
    let mut span = 1;
    // `§ 12` alone on its line: the title is the next line (a common municipal layout).
    if title.is_empty() {
        while lines.get(at + span).is_some_and(Line::is_blank) {
            span += 1;
        }
        if let Some(next) = lines.get(at + span) {
            title = next.trimmed().to_string();
            prev_len = title.chars().count();
            span += 1;
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
    let mut cases = Vec::new();
    if let Some((cut, found)) = case_refs::in_title(&title) {
        cases = found.into_iter().map(|f| f.printed).collect();
        title.replace_range(cut, " ");
        // `§ 26   Dnr KS 2018/14` with the title on the next line.
        if let Some(next) = lines.get(at + span).filter(|_| title.trim().is_empty()) {
            title = next.trimmed().to_string();
            span += 1;
        }
    }
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
        number,
        title: title.trim().to_string(),
        cases,
    }
}

fn continues_title(next: &str, prev_len: usize, flow: Flow) -> bool {
    if next.is_empty() || is_case_line(next) || next.contains(": ") || next.ends_with(':') {
        return false;
    }
    if case_refs::label_line(next).is_some() {
        return false;
    }
    if sections::heading(next).is_some() || PARAGRAPH.is_match(next) {
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

    #[test]
    fn wrapped_title_and_case_line() {
        let l = lines_of("§ 231 Utveckla samspelet mellan sjukhusvården och primärvården i\n\nsyfte att stödja omställningen\nRS 2186-2024\n\nSammanfattning");
        let (h, toc) = paragraphs(&l, F);
        assert!(toc.is_empty());
        assert_eq!(h[0].title, "Utveckla samspelet mellan sjukhusvården och primärvården i syfte att stödja omställningen");
        assert_eq!(
            (h[0].number, h[0].cases.clone(), h[0].span),
            (231, vec!["RS 2186-2024".to_string()], 4)
        );
    }

    #[test]
    fn title_on_the_line_after_the_number() {
        let (h, _) = paragraphs(
            &lines_of("§ 12\nVal av justerare\n\nText\n§ 13\n\nBudget\nText"),
            F,
        );
        assert_eq!(
            h.iter().map(|h| h.title.as_str()).collect::<Vec<_>>(),
            ["Val av justerare", "Budget"]
        );
    }

    #[test]
    fn table_of_contents_is_skipped() {
        let l = lines_of("§ 1 Val\n§ 2 Budget\n§ 1 Val\nText\n§ 2 Budget\nText");
        let (h, toc) = paragraphs(&l, F);
        assert_eq!(h.iter().map(|h| h.at).collect::<Vec<_>>(), [2, 4]);
        assert_eq!(toc, [(0, 1), (1, 2)]);
    }

    #[test]
    fn agenda_sequence_and_trailing_case() {
        let l = lines_of(
            "1 Val\n\n2 Uppdrag om utredning\n(RV250337)\n\n129 Öka 116\n3 Ansökan (RV250363)",
        );
        let h = agenda(&l, F);
        assert_eq!(h.iter().map(|h| h.number).collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(
            (h[1].title.as_str(), h[1].cases.clone()),
            ("Uppdrag om utredning", vec!["RV250337".to_string()])
        );
        assert_eq!(h[2].cases, ["RV250363"]);
    }
}
