//! Item markers: where each agenda item or paragraph begins, chosen by the document's
//! structure rather than by a list of house styles.
//!
//! ```text
//! § 229 Uppsägning av regionavtalet        paragraph marker, optionally with a body prefix
//! KS § 12 Budget 2026                      (`KS § 12`, `AU § 3`)
//! Ks 250 Anmälan om beslut enligt ...      prefixed marker without `§` (`Ks 250`, `Sn 49`)
//! 12 Uppdrag om utredning (RV250337)       numbered item (`12`, `12.`, `3 a`, `Ärende 12`,
//! Punkt 4: Budget                          `Punkt 4`), or a number alone above its title
//! ... formalia. Sn 50 Budget och ...       any of these inside a flattened page (a very long
//!                                          line), where a transcript lost the line breaks
//! ```
//!
//! Every place that could open an item is a candidate. Candidates fall into families (the
//! marker kind and its prefix, so `Ks 250` and `Au 84` never mix), and within a family the
//! items are the best chain of increasing numbers: each candidate scores for standing at a
//! line start, for the text that follows it, for a case number right after it; a chain loses
//! for numbers it skips and for changing shape (`12.` after `11`). The family with the best
//! chain wins. A second, compact chain before it (or a compact chain followed by a restart of
//! the numbering) is a table of contents: it confirms the items, and an item it announces
//! that the body lacks (a truncated document) is still created from the entry.
//!
//! The chain is found in one pass: for each candidate, the best chain ending at each of the
//! few numbers just below its own is looked up in a map, so the work is linear in the number
//! of candidates.

use super::doc::Line;
use super::layout::Looks;
use super::profile::Marker;
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

/// A line longer than this is a flattened page or paragraph: markers are looked for inside it.
pub const LONG_LINE: usize = 240;
/// Numbers a chain may skip between two items (a dropped or withdrawn item).
const MAX_GAP: u32 = 6;

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

/// The kind of marker and its prefix: items of one document share one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Family {
    /// `§ 12`, `KS § 12` (the prefix in lowercase, or empty).
    Paragraph(String),
    /// `Ks 250`, `Sn 49`.
    Prefixed(String),
    /// `12`, `12.`, `Ärende 12`, a number alone above its title.
    Numbered,
}

/// How a marker is printed, beyond its family: a chain keeps one shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Shape {
    dot: bool,
    alone: bool,
    case_next: bool,
    line_start: bool,
    /// Bold or larger in the PDF: a heading.
    emphasized: bool,
    /// Not emphasized in a PDF whose other markers are.
    plain_among_bold: bool,
}

impl Shape {
    fn differences(self, other: Shape) -> u32 {
        u32::from(self.dot != other.dot)
            + u32::from(self.alone != other.alone)
            + u32::from(self.case_next != other.case_next)
            + u32::from(self.line_start != other.line_start)
            + u32::from(self.emphasized != other.emphasized)
    }
}

/// A place that could open an item.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Index of the line, and the byte offset in its text where the marker begins.
    pub line: usize,
    pub start: usize,
    /// Byte offset where the text after the marker begins.
    pub rest: usize,
    pub number: u32,
    pub suffix: Option<char>,
    pub family: Family,
    shape: Shape,
    /// Characters from this marker to the next candidate (the item's text, if it is one).
    span: usize,
    /// Whether that text ends like a table-of-contents entry: dot leaders or a page number.
    paged: bool,
}

impl Candidate {
    pub fn at_line_start(&self) -> bool {
        self.shape.line_start
    }

    fn key(&self) -> (u32, u32) {
        (
            self.number,
            self.suffix.map_or(0, |c| c as u32 - 'a' as u32 + 1),
        )
    }

    fn score(&self) -> f64 {
        let mut s = 1.0 + (self.span as f64 / 400.0).min(1.0);
        if self.shape.line_start {
            s += 1.0;
        }
        if self.shape.case_next {
            s += 0.3;
        }
        if self.shape.emphasized {
            s += 1.0;
        }
        if self.shape.plain_among_bold {
            s -= 1.5;
        }
        if self.shape.alone {
            s -= 0.3;
        }
        s + match self.family {
            Family::Paragraph(_) => 0.5,
            Family::Prefixed(_) => 0.3,
            Family::Numbered => 0.0,
        }
    }
}

/// The items' markers as the document's structure shows them.
#[derive(Debug, Default)]
pub struct Choice {
    /// The markers that open items, in text order.
    pub items: Vec<Candidate>,
    /// The table of contents' entries, in text order.
    pub toc: Vec<Candidate>,
}

impl Choice {
    pub fn family(&self) -> Option<&Family> {
        self.items.first().map(|c| &c.family)
    }

    /// Table-of-contents entries for which the body has no item.
    pub fn announced_only(&self) -> Vec<&Candidate> {
        self.toc
            .iter()
            .filter(|t| !self.items.iter().any(|i| i.key() == t.key()))
            .collect()
    }

    /// Whether the chosen items are themselves a table of contents with no body after it:
    /// short entries (a title and a page number) one after the other.
    pub fn items_are_contents(&self) -> bool {
        let paged = self.items.iter().filter(|c| c.paged).count();
        self.toc.is_empty()
            && self.items.len() >= 2
            && compact(&self.items)
            && paged * 2 >= self.items.len()
    }
}

/// Finds the candidates of `lines` and chooses the items among them; a profile's `only`
/// restricts them to the family it names.
pub fn choose(lines: &[Line], only: Option<&Marker>, looks: &Looks) -> Choice {
    let mut cands = candidates(lines);
    if !looks.is_empty() {
        for c in &mut cands {
            c.shape.emphasized = looks.get(lines[c.line].no).emphasized;
        }
        // Where the PDF sets some markers in bold, a plain one is a list or a reference.
        if cands.iter().filter(|c| c.shape.emphasized).count() >= 2 {
            for c in cands.iter_mut().filter(|c| !c.shape.emphasized) {
                c.shape.plain_among_bold = true;
            }
        }
    }
    let mut by_family: HashMap<&Family, Vec<&Candidate>> = HashMap::new();
    for c in cands
        .iter()
        .filter(|c| only.is_none_or(|m| m.admits(&c.family)))
    {
        by_family.entry(&c.family).or_default().push(c);
    }
    let best = by_family
        .values()
        .map(|cs| (chain(cs), cs))
        .filter(|((chain, _), _)| acceptable(chain))
        .max_by(|((a, sa), _), ((b, sb), _)| {
            sa.total_cmp(sb)
                .then_with(|| b.first().map(|c| c.line).cmp(&a.first().map(|c| c.line)))
        });
    let Some(((body, _), family)) = best else {
        return Choice::default();
    };
    contents(family, body)
}

fn acceptable(chain: &[&Candidate]) -> bool {
    match chain {
        [] => false,
        [one] => matches!(one.family, Family::Paragraph(_)) && one.shape.line_start,
        _ => true,
    }
}

/// Splits a family's chain into table of contents and items (see the module's comment).
fn contents(family: &[&Candidate], body: Vec<&Candidate>) -> Choice {
    let (first, last) = (body[0], body[body.len() - 1]);
    let before: Vec<&Candidate> = family
        .iter()
        .copied()
        .filter(|c| (c.line, c.start) < (first.line, first.start))
        .collect();
    let (toc, _) = chain(&before);
    if toc.len() >= 2 && compact(&toc) && shares_numbers(&toc, &body) {
        return owned(body, toc);
    }
    let after: Vec<&Candidate> = family
        .iter()
        .copied()
        .filter(|c| (c.line, c.start) > (last.line, last.start))
        .collect();
    let (next, _) = chain(&after);
    let restarts = next.first().is_some_and(|n| n.key() <= last.key());
    if !next.is_empty() && compact(&body) && restarts && shares_numbers(&next, &body) {
        return owned(next, body);
    }
    owned(body, Vec::new())
}

fn owned(items: Vec<&Candidate>, toc: Vec<&Candidate>) -> Choice {
    Choice {
        items: items.into_iter().cloned().collect(),
        toc: toc.into_iter().cloned().collect(),
    }
}

fn shares_numbers(a: &[&Candidate], b: &[&Candidate]) -> bool {
    a.iter().any(|x| b.iter().any(|y| x.key() == y.key()))
}

/// Entries of a table of contents: a title and a page number, so short on average.
fn compact(chain: &[impl std::borrow::Borrow<Candidate>]) -> bool {
    let total: usize = chain.iter().map(|c| c.borrow().span).sum();
    !chain.is_empty() && total / chain.len() < 200
}

/// The best chain of increasing numbers among `cands` (in text order), and its score.
fn chain<'a>(cands: &[&'a Candidate]) -> (Vec<&'a Candidate>, f64) {
    // best chain ending at each candidate: (score, predecessor)
    let mut ends: Vec<(f64, Option<usize>)> = Vec::with_capacity(cands.len());
    // best chain end seen so far for each key
    let mut by_key: HashMap<(u32, u32), usize> = HashMap::new();
    for (i, c) in cands.iter().enumerate() {
        let (n, s) = c.key();
        let mut best: (f64, Option<usize>) = (0.0, None);
        for pn in n.saturating_sub(MAX_GAP + 1)..=n {
            for ps in 0..=8 {
                if (pn, ps) >= (n, s) {
                    break;
                }
                let Some(&j) = by_key.get(&(pn, ps)) else {
                    continue;
                };
                let gap = steps(cands[j].key(), c.key());
                let value = ends[j].0
                    - 0.5 * f64::from(gap)
                    - 0.3 * f64::from(cands[j].shape.differences(c.shape));
                if value > best.0 {
                    best = (value, Some(j));
                }
            }
        }
        let total = best.0 + c.score();
        ends.push((total, best.1));
        let slot = by_key.entry(c.key()).or_insert(i);
        if ends[*slot].0 < total {
            *slot = i;
        }
    }
    let Some((end, &(score, _))) = ends
        .iter()
        .enumerate()
        .max_by(|a, b| a.1 .0.total_cmp(&b.1 .0))
    else {
        return (Vec::new(), 0.0);
    };
    let mut out = vec![cands[end]];
    let mut at = ends[end].1;
    while let Some(j) = at {
        out.push(cands[j]);
        at = ends[j].1;
    }
    out.reverse();
    (out, score)
}

/// Numbers skipped between two keys: `4` → `5` and `4` → `4 a` skip none, `4` → `6` one.
fn steps(from: (u32, u32), to: (u32, u32)) -> u32 {
    if from.0 == to.0 {
        to.1.saturating_sub(from.1 + 1)
    } else {
        to.0 - from.0 - 1 + to.1.saturating_sub(1)
    }
}

/// Every candidate marker of the document, in text order, with its span measured.
pub fn candidates(lines: &[Line]) -> Vec<Candidate> {
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let long = line.text.trim().chars().count() > LONG_LINE;
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
        let rest = after + (text.len() - after - text[after..].trim_start().len());
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
        let rest = after + (text.len() - after - text[after..].trim_start().len());
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::doc::lines_of;

    fn numbers(choice: &[Candidate]) -> Vec<String> {
        choice
            .iter()
            .map(|c| match c.suffix {
                Some(s) => format!("{} {s}", c.number),
                None => c.number.to_string(),
            })
            .collect()
    }

    #[test]
    fn paragraphs_with_a_table_of_contents() {
        let text = "§ 1 Val\n§ 2 Budget\n§ 3 Övrigt\n\n§ 1 Val\nText om valet.\n\n§ 2 Budget\nText.\n\n§ 3 Övrigt\nInget.";
        let c = choose(&lines_of(text), None, &Looks::default());
        assert_eq!(numbers(&c.items), ["1", "2", "3"]);
        assert_eq!(c.items[0].line, 4);
        assert_eq!(numbers(&c.toc), ["1", "2", "3"]);
        assert!(c.announced_only().is_empty());
    }

    #[test]
    fn prefixed_markers_keep_their_family() {
        let text = "Sn 49 Öppnande\nText.\nSn 50 Au 84 Sn 34 Au 57 Budget\nText.\nSn 51 Val\nText.";
        let c = choose(&lines_of(text), None, &Looks::default());
        assert_eq!(c.family(), Some(&Family::Prefixed("sn".into())));
        assert_eq!(numbers(&c.items), ["49", "50", "51"]);
    }

    #[test]
    fn numbered_agenda_with_letters_and_labels() {
        let text =
            "Ärende 1 Val\nText.\n2. Budget\nText.\n3 a Motion\nText.\n3 b Motion\nText.\n4 Övrigt";
        let c = choose(&lines_of(text), None, &Looks::default());
        assert_eq!(numbers(&c.items), ["1", "2", "3 a", "3 b", "4"]);
    }

    #[test]
    fn flattened_page_is_read_inside_the_line() {
        let filler = "Ord ".repeat(60);
        let text = format!("{filler}Ks 250 Anmälan om beslut Kommunstyrelsen beslutar att lägga anmälningarna till handlingarna. Ks 251 Ordföranderemisser {filler} Ks 252 Ks 478/ Optionsavtal {filler}");
        let c = choose(&lines_of(&text), None, &Looks::default());
        assert_eq!(numbers(&c.items), ["250", "251", "252"]);
    }

    #[test]
    fn contents_only_document() {
        let filler = "ord ".repeat(70);
        let text = format!("Protokoll {filler}\n2(36) Kommunstyrelsens arbetsutskott {filler} Ärendelista 26 Dnr KS 2018/14 Information... 3 27 Dnr KS 2018/124 Årsredovisning 2017... 4 28 Dnr KS 2018/117 Instruktion till ägarombud... 9 29 Dnr KS 2017/484 Svar på medborgarförslag... 12");
        let cands = candidates(&lines_of(&text));
        let c = choose(&lines_of(&text), None, &Looks::default());
        assert_eq!(numbers(&c.items), ["26", "27", "28", "29"], "{cands:#?}");
        assert!(c.items_are_contents());
    }

    #[test]
    fn contents_then_a_restarted_body() {
        let filler = "ord ".repeat(70);
        let text = format!("Ärendelista 1. Upprop 2. Anmälan 3. Information 4. Budget 5. Rapporter {filler}\nkommunen {filler} 1. Upprop och val Tommy Ivarsson justerar. 2. Anmälan om delegationsbeslut {filler}");
        let c = choose(&lines_of(&text), None, &Looks::default());
        assert_eq!(numbers(&c.items), ["1", "2"]);
        assert_eq!(numbers(&c.toc), ["1", "2", "3", "4", "5"]);
        assert_eq!(c.announced_only().len(), 3);
    }

    #[test]
    fn references_in_short_lines_are_not_markers() {
        let text = "§ 5 Budget\nEnligt § 3 i reglementet.\n§ 6 Val\nText";
        let c = choose(&lines_of(text), None, &Looks::default());
        assert_eq!(numbers(&c.items), ["5", "6"]);
    }

    #[test]
    fn chain_search_is_linear() {
        // 20,000 numbered lines ending in a number: quadratic search would take minutes.
        let text: String = (1..=20_000)
            .map(|n| format!("{} Punkt {}\n", n % 999 + 1, n))
            .collect();
        let c = choose(&lines_of(&text), None, &Looks::default());
        assert!(!c.items.is_empty());
    }
}
