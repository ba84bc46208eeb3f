//! Every place in a text that could open an item, with how it is printed: the patterns of
//! `§ 12`, `KS § 12`, `Ks 250`, `12`, `12.`, `Ärende 12`, a number alone above its title, and
//! numbers inside a flattened page. Which of them are items is decided in `markers.rs`.

use super::{Candidate, Family, Shape, LONG_LINE};
use crate::import::doc::Line;
use regex::Regex;
use std::sync::LazyLock;

static PARAGRAPH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\b(\p{Lu}[\p{L}]{0,3})\s+)?§\s*(\d{1,4})(?:\s?([a-h])\b)?([.:])?(?:\s|$)")
        .unwrap()
});
static PREFIXED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s(])(\p{Lu}\p{Ll}{1,3}|\p{Lu}{2,4})\s+(\d{1,4})(?:\s?([a-h])\b)?(?:\s+\p{Lu}|\s*$)")
        .unwrap()
});
static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([•\u{f0b7}▪‣◦●■]\s*)?((?i:ärende|punkt)\s+)?(\d{1,3})(?:\s?([a-h])\b)?([.:])?(?:\s+[–—-])?(?:\s+(\S)|\s*$)")
        .unwrap()
});
static INLINE_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|\s)(\d{1,3})(\.)?\s+\p{Lu}\p{L}").unwrap());
static ENTRY_TAIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:\.{2,}|…)[\s.…]*\d{0,4}\s*$|\S\s+\d{1,3}\s*$").unwrap());
static CASE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:dnr|diarienr|diarienummer|ärendenummer|ärendenr|beteckning)\b").unwrap()
});

/// Words that are not a body's prefix although they look like one (`Nr 5`, `Kl 13`).
const NOT_PREFIXES: &[&str] = &[
    "nr", "dnr", "kl", "sid", "sida", "bil", "av", "den", "och", "till", "jan", "feb", "mars",
    "apr", "maj", "juni", "juli", "aug", "sep", "sept", "okt", "nov", "dec", "år", "tel", "kap",
    "lag", "st", "ca", "mm", "ex", "dag", "rum", "plan", "hus", "väg", "box", "tid", "vån", "mål",
    "bilaga", "punkt", "pkt", "ärende", "sfs", "sou", "prop", "dir", "ds",
];

/// Every candidate marker of the document, in text order, with its span measured.
pub fn candidates(lines: &[Line]) -> Vec<Candidate> {
    let mut out = Vec::new();
    // In a flattened transcript (most lines are whole pages) a short page is flattened too.
    let shortest = if flattened(lines) { 40 } else { LONG_LINE };
    for (i, line) in lines.iter().enumerate() {
        let long = line.text.trim().chars().count() > shortest;
        let mut here = Vec::new();
        paragraph_markers(i, &line.text, long, &mut here);
        prefixed_markers(i, &line.text, long, &mut here);
        numbered_marker(i, lines, &mut here);
        if long {
            inline_numbers(i, &line.text, &mut here);
        }
        // One marker can match two patterns (`Ks 250` and its `250 Anmälan`): the longer,
        // earlier one is kept.
        here.sort_by_key(|c| (c.start, std::cmp::Reverse(c.rest)));
        let mut end = 0;
        for c in here {
            if c.start >= end {
                end = c.rest.max(c.start + 1);
                out.push(c);
            }
        }
    }
    measure_spans(lines, &mut out);
    out
}

/// Whether the document's lines are mostly flattened pages: their median length is well past
/// any printed line's (a PDF's lines stay under about 160 characters).
fn flattened(lines: &[Line]) -> bool {
    let mut lens: Vec<usize> = lines
        .iter()
        .filter(|l| !l.is_blank())
        .map(|l| l.text.trim().chars().count())
        .collect();
    lens.sort_unstable();
    lens.get(lens.len() / 2).is_some_and(|m| *m > LONG_LINE)
}

/// The byte offset of the first non-space at or after `at`.
fn past_spaces(text: &str, at: usize) -> usize {
    text.len() - text[at..].trim_start().len()
}

fn is_line_start(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .all(|c| c.is_whitespace() || "•\u{f0b7}▪‣◦●■".contains(c))
}

fn paragraph_markers(line: usize, text: &str, long: bool, out: &mut Vec<Candidate>) {
    let mut from = 0;
    while let Some(c) = PARAGRAPH.captures_at(text, from) {
        let whole = c.get(0).unwrap();
        let sign = whole.start() + whole.as_str().find('§').unwrap_or(0);
        from = c.get(2).unwrap().end();
        let doubled = text[..sign].ends_with('§') || text[sign + '§'.len_utf8()..].starts_with('§');
        let prefix = c
            .get(1)
            .filter(|p| !NOT_PREFIXES.contains(&p.as_str().to_lowercase().as_str()));
        let start = prefix.map_or(sign, |p| p.start());
        let line_start = is_line_start(text, start);
        if doubled || !(line_start || long) {
            continue;
        }
        let rest = whole.end().min(text.len());
        out.push(Candidate {
            line,
            start,
            rest,
            number: c[2].parse().unwrap_or(0),
            suffix: c.get(3).and_then(|s| s.as_str().chars().next()),
            family: Family::Paragraph(prefix.map_or(String::new(), |p| p.as_str().to_lowercase())),
            shape: Shape {
                dot: c.get(4).is_some(),
                alone: text[rest..].trim().is_empty(),
                case_next: CASE_LABEL.is_match(text[rest..].trim_start()),
                line_start,
                ..Shape::default()
            },
            span: 0,
            paged: false,
        });
    }
}

fn prefixed_markers(line: usize, text: &str, long: bool, out: &mut Vec<Candidate>) {
    let mut from = 0;
    while let Some(c) = PREFIXED.captures_at(text, from) {
        let (prefix, number) = (c.get(1).unwrap(), c.get(2).unwrap());
        from = number.end();
        let lower = prefix.as_str().to_lowercase();
        let line_start = is_line_start(text, prefix.start());
        if NOT_PREFIXES.contains(&lower.as_str()) || !(line_start || long) {
            continue;
        }
        let after = c.get(3).map_or(number.end(), |s| s.end());
        let rest = past_spaces(text, after);
        out.push(Candidate {
            line,
            start: prefix.start(),
            rest,
            number: number.as_str().parse().unwrap_or(0),
            suffix: c.get(3).and_then(|s| s.as_str().chars().next()),
            family: Family::Prefixed(lower),
            shape: Shape {
                alone: text[rest..].trim().is_empty(),
                case_next: CASE_LABEL.is_match(&text[rest..]),
                line_start,
                ..Shape::default()
            },
            span: 0,
            paged: false,
        });
    }
}

/// A numbered item at the start of a line (`12 Title`, `12. Title`, `Ärende 12`, `• 2`), or
/// a number alone on its line with a short, capitalized title on the next.
fn numbered_marker(line: usize, lines: &[Line], out: &mut Vec<Candidate>) {
    let text = &lines[line].text;
    let lead = text.len() - text.trim_start().len();
    let Some(c) = NUMBERED.captures(&text[lead..]) else {
        return;
    };
    let alone = c.get(6).is_none();
    let titled = c
        .get(6)
        .is_some_and(|t| t.as_str().chars().next().is_some_and(char::is_uppercase));
    if !(titled || alone && title_below(lines, line)) {
        return;
    }
    let number = c.get(3).unwrap();
    let rest = lead + c.get(6).map_or(text.len() - lead, |t| t.start());
    out.push(Candidate {
        line,
        start: lead + c.get(2).map_or(number.start(), |l| l.start()),
        rest,
        number: number.as_str().parse().unwrap_or(0),
        suffix: c.get(4).and_then(|s| s.as_str().chars().next()),
        family: Family::Numbered,
        shape: Shape {
            dot: c.get(5).is_some(),
            alone,
            case_next: CASE_LABEL.is_match(&text[rest.min(text.len())..]),
            line_start: true,
            ..Shape::default()
        },
        span: 0,
        paged: false,
    });
}

fn title_below(lines: &[Line], line: usize) -> bool {
    let Some(next) = lines[line + 1..].iter().find(|l| !l.is_blank()) else {
        return false;
    };
    let t = next.trimmed();
    t.chars().count() <= 120
        && t.chars().next().is_some_and(char::is_uppercase)
        && !t.chars().all(|c| c.is_ascii_digit() || c.is_whitespace())
}

/// Numbered items inside a flattened page: `... justerare 2. Anmälan om ...`.
fn inline_numbers(line: usize, text: &str, out: &mut Vec<Candidate>) {
    let mut from = 0;
    while let Some(c) = INLINE_NUMBER.captures_at(text, from) {
        let number = c.get(1).unwrap();
        from = number.end();
        let before = text[..number.start()].trim_end();
        // `§ 12`, `Ks 12` are the other families' markers; `nr 12`, `kl 13` are not items.
        let last_word = before.rsplit(char::is_whitespace).next().unwrap_or("");
        if last_word.ends_with('§') || NOT_PREFIXES.contains(&last_word.to_lowercase().as_str()) {
            continue;
        }
        let after = c.get(2).map_or(number.end(), |d| d.end());
        let rest = past_spaces(text, after);
        out.push(Candidate {
            line,
            start: number.start(),
            rest,
            number: number.as_str().parse().unwrap_or(0),
            suffix: None,
            family: Family::Numbered,
            shape: Shape {
                dot: c.get(2).is_some(),
                case_next: CASE_LABEL.is_match(&text[rest..]),
                line_start: is_line_start(text, number.start()),
                ..Shape::default()
            },
            span: 0,
            paged: false,
        });
    }
}

fn measure_spans(lines: &[Line], cands: &mut [Candidate]) {
    let mut offsets = Vec::with_capacity(lines.len() + 1);
    let mut at = 0;
    for l in lines {
        offsets.push(at);
        at += l.text.len() + 1;
    }
    offsets.push(at);
    let pos = |c: &Candidate| offsets[c.line] + c.start;
    for k in 0..cands.len() {
        let end = cands.get(k + 1).map_or(at, pos);
        let from = offsets[cands[k].line] + cands[k].rest;
        cands[k].span = end.saturating_sub(from);
        if cands[k].span < 300 {
            let next = cands.get(k + 1);
            let text = text_between(lines, &cands[k], next);
            cands[k].paged = ENTRY_TAIL.is_match(&text);
        }
    }
}

/// The text from `c`'s marker to `next`'s (or the end of `c`'s line), lines joined by spaces.
fn text_between(lines: &[Line], c: &Candidate, next: Option<&Candidate>) -> String {
    let (last, stop) = match next {
        Some(n) if n.line - c.line <= 3 => (n.line, Some(n.start)),
        _ => (c.line, None),
    };
    let mut out = String::new();
    for (i, l) in lines.iter().enumerate().take(last + 1).skip(c.line) {
        let from = if i == c.line {
            c.rest.min(l.text.len())
        } else {
            0
        };
        let to = if i == last {
            stop.unwrap_or(l.text.len()).max(from)
        } else {
            l.text.len()
        };
        out.push_str(l.text.get(from..to).unwrap_or(""));
        out.push(' ');
    }
    out
}
