//! Case numbers in the text of minutes: after a label, or by their shape alone.
//!
//! ```text
//! label    = ["Vår" | "Vårt"] ("Dnr" | "D nr" | "Diarienummer" | "Diarienr" | "Ärendenummer"
//!            | "Ärendenr" | "Ärendebeteckning" | "Beteckning" | "Registreringsnummer"
//!            | "Reg.nr") ["."] [":"]                               any case, any spacing
//! labelled = label number {("," | ";" | "och" | "samt" | "&") number}
//! number   = [word [sep]] digits {sep digits}                    read by `CaseNumber::parse`
//! shaped   = a number with a prefix and a four-digit year, or a compact number
//!
//! Dnr KS 2018/14                          labelled: KS 2018/14
//! DNR: 2019/45                            labelled: 2019/45 (a bare pair needs its label)
//! Diarienr 2.3.1-456/2021                 labelled: 2.3.1-456/2021
//! Dnr 7-742-2011 och 5-744-2011           labelled: both
//! Dnr 2016/                               labelled, truncated: stays text, makes no case
//! Er beteckning 2019/45                   nothing: the sender's number, not ours
//! Uppföljning 2014 (LS/4/2014)            shaped: LS/4/2014
//! RS 269:1-2020                           shaped
//! Motion nr 11-2020, SOU 2017:114         nothing: no prefix of ours
//! ```
//!
//! Outside a label only shapes that cannot be something else count: a prefix of capitals
//! (`KS`, `BUN`) or a capital and a small letter (`Ks`), and a four-digit year; or a compact
//! number (`24RS11304`, `RV250029-3`). A bare pair (`493-2019`, `2016/123`) is a case number
//! only after a label, and so is a two-digit year (`VA 104/11` in running text is a court's).

use crate::case_number::{self, CaseNumber, Shape};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:vårt?\s+)?(?:diarienummer|diarie\s?nr|ärendenummer|ärende\s?nr|ärendebeteckning|beteckning|registreringsnummer|reg\.?\s?nr|d\s?nr)\b\.?\s*(?::\s*)?",
    )
    .unwrap()
});
/// A number as printed: an optional prefix word, then digit groups joined by separators with
/// at most one space on each side.
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\d{0,4}\p{L}{1,8}\s?[/.\-]?\s?)?\d+(?:\s?[/:.\-–—‐‑−]\s?\d+)*").unwrap()
});
/// A separator printed right after the digits with no digits after it: `2016/`, `478/`.
/// Not `:`, which after a number is punctuation (`enligt dnr 2019/45: ...`).
static CUT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[/\-–]").unwrap());
static LIST: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:,|;|&|\boch\b|\bsamt\b)\s*").unwrap());
static SHAPED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:\p{Lu}{2,5}|\p{Lu}\p{Ll})\s?[/.\-]?\s?\d+(?:\s?[/:.\-–—‐‑−]\s?\d+)*").unwrap()
});
static COMPACT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:\d{2}\p{Lu}{2,4}\d{2,6}|\p{Lu}{2,4}\d{6}(?:-\d{1,3})?)\b").unwrap()
});
/// Words before a label that make the number someone else's: `Er beteckning`, `Ert dnr`.
const THEIRS: &[&str] = &["er", "ert", "deras", "motpartens"];

/// A case number found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Exactly as printed: what front-matter `cases:` keeps.
    pub printed: String,
    /// Where it is printed, in bytes of the text searched.
    pub range: Range<usize>,
    /// The label it was read after, if any.
    pub label: Option<Range<usize>>,
    /// The number, or `None` when it is truncated (`Dnr 2016/`).
    pub number: Option<CaseNumber>,
}

impl Found {
    /// A truncated number stays in the text and makes no case.
    pub fn truncated(&self) -> bool {
        self.number.is_none()
    }
}

/// Every number printed after a label in `line`.
pub fn find_labelled(line: &str) -> Vec<Found> {
    let mut out = Vec::new();
    for m in LABEL.find_iter(line) {
        if theirs(&line[..m.start()]) || out.last().is_some_and(|f: &Found| f.range.end > m.start())
        {
            continue;
        }
        let label =
            m.start()..m.as_str().trim_end().trim_end_matches(':').trim_end().len() + m.start();
        let mut at = m.end();
        while let Some(found) = number_at(line, at, &label) {
            at = found.range.end;
            let truncated = found.truncated();
            out.push(found);
            match LIST.find(&line[at..]) {
                Some(sep) if !truncated => at += sep.end(),
                _ => break,
            }
        }
    }
    out
}

fn theirs(before: &str) -> bool {
    let word = before
        .trim_end()
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    THEIRS.contains(&word.to_lowercase().as_str())
}

/// The number printed at `at`, complete or truncated.
fn number_at(line: &str, at: usize, label: &Range<usize>) -> Option<Found> {
    let m = NUMBER.find(&line[at..])?;
    let end = at + m.end();
    let found = |range: Range<usize>, number| Found {
        printed: line[range.clone()].to_string(),
        range,
        label: Some(label.clone()),
        number,
    };
    if let Some(cut) = CUT.find(&line[end..]) {
        let after = &line[end + cut.end()..];
        if !after.starts_with(|c: char| c.is_alphanumeric()) {
            return Some(found(at..end + cut.end(), None));
        }
    }
    if line[end..].starts_with(char::is_alphanumeric) {
        return None;
    }
    // `RV 250246` is the compact `RV250246` to a reader of front-matter, but after a label
    // a word and a number apart are more often prose: `Dnr 2019/45 och beslut 2019`.
    let (number, shape) = case_number::parse_shaped(m.as_str())?;
    let spaced = shape == Shape::Compact && m.as_str().contains(char::is_whitespace);
    (!spaced).then(|| found(at..end, Some(number)))
}

/// Numbers printed without a label, by the shapes that cannot be something else.
pub fn find_shaped(text: &str) -> Vec<Found> {
    let prefixed = SHAPED.find_iter(text).filter(|m| {
        let next_ok = !text[m.end()..].starts_with(char::is_alphanumeric);
        next_ok
            && matches!(
                case_number::parse_shaped(m.as_str()),
                Some((_, Shape::Prefixed))
            )
    });
    let compact = COMPACT.find_iter(text).filter(|m| {
        matches!(
            case_number::parse_shaped(m.as_str()),
            Some((_, Shape::Compact))
        )
    });
    let mut all: Vec<Found> = prefixed
        .chain(compact)
        .map(|m| Found {
            printed: m.as_str().to_string(),
            range: m.range(),
            label: None,
            number: CaseNumber::parse(m.as_str()),
        })
        .collect();
    all.sort_by_key(|f| (f.range.start, std::cmp::Reverse(f.range.end)));
    let mut out: Vec<Found> = Vec::with_capacity(all.len());
    for f in all {
        if out
            .last()
            .is_none_or(|last| last.range.end <= f.range.start)
        {
            out.push(f);
        }
    }
    out
}

/// `finds` and the separators between them make up all of `text[from..]`, and none is
/// truncated.
fn covers(text: &str, from: usize, finds: &[Found]) -> bool {
    let mut at = from;
    for f in finds {
        // A list's numbers share their label; it counts before the first of them.
        let start = match &f.label {
            Some(l) if l.start >= at => l.start,
            _ => f.range.start,
        };
        let Some(between) = text.get(at..start) else {
            return false;
        };
        let sep_only = between.trim().is_empty()
            || LIST.find(between).is_some_and(|m| m.end() == between.len());
        if f.truncated() || !sep_only {
            return false;
        }
        at = f.range.end;
    }
    !finds.is_empty() && text[at..].trim().is_empty()
}

/// A line that holds only case numbers printed by their shape: `RS 2273-2024`.
pub fn is_case_line(line: &str) -> bool {
    covers(line, 0, &find_shaped(line))
}

/// A line that holds only a label and its case numbers: `Dnr: KS 2018/14, KS 2018/15`.
pub fn is_labelled_line(line: &str) -> bool {
    covers(line, 0, &find_labelled(line))
}

/// A line that opens with a label: the label as printed and the numbers after it.
pub struct LabelLine {
    pub label: String,
    pub found: Vec<Found>,
    /// Nothing else is printed on the line.
    pub whole: bool,
}

/// `Dnr KS 2018/14` and `Diarienummer: 24RS11304, 24RS9834` at the start of a line.
pub fn label_line(line: &str) -> Option<LabelLine> {
    let found = find_labelled(line);
    let label = found.first()?.label.clone()?;
    if !line[..label.start].trim().is_empty() {
        return None;
    }
    let found: Vec<Found> = found
        .into_iter()
        .take_while(|f| f.label.as_ref() == Some(&label))
        .collect();
    Some(LabelLine {
        label: line[label].to_string(),
        whole: covers(line, 0, &found),
        found,
    })
}

/// A label alone on its line and its numbers on the next, as label/value columns come out
/// of a PDF: `Diarienummer` / `KS 2018/14`. Only when the next line holds nothing else.
pub fn label_above(line: &str, next: &str) -> Option<LabelLine> {
    let label = LABEL.find(line.trim())?;
    if label.len() != line.trim().len() || theirs(&line.trim()[..label.start()]) {
        return None;
    }
    label_line(&format!("{} {}", line.trim(), next.trim())).filter(|l| l.whole)
}

/// Case numbers printed in an item's title: a list in parentheses at its end (`(RV250337)`,
/// `(LS/4/2014)`), a label and its numbers at its end or start (`Dnr KS 2018/14
/// Information`), or a shaped number at its end (`Information KS 2018/14`, a right-hand
/// column flattened into the line). Gives the byte range to cut from the title and what was
/// found there.
pub fn in_title(title: &str) -> Option<(Range<usize>, Vec<Found>)> {
    in_parentheses(title)
        .or_else(|| labelled_end(title))
        .or_else(|| labelled_start(title))
        .or_else(|| shaped_end(title))
}

fn shaped_end(title: &str) -> Option<(Range<usize>, Vec<Found>)> {
    let last = find_shaped(title).pop()?;
    let before = &title[..last.range.start];
    let apart = before.is_empty() || before.ends_with(char::is_whitespace);
    (apart && title[last.range.end..].trim().is_empty())
        .then(|| (last.range.start..title.len(), vec![last]))
}

fn in_parentheses(title: &str) -> Option<(Range<usize>, Vec<Found>)> {
    let end = title.trim_end().strip_suffix(')')?.len();
    let open = title[..end].rfind('(')?;
    let inner = &title[open + 1..end];
    let shift = |mut f: Found| {
        let by = open + 1;
        f.range = f.range.start + by..f.range.end + by;
        f.label = f.label.map(|l| l.start + by..l.end + by);
        f
    };
    [find_shaped(inner), find_labelled(inner)]
        .into_iter()
        .find(|finds| covers(inner, 0, finds))
        .map(|finds| (open..end + 1, finds.into_iter().map(shift).collect()))
}

fn labelled_end(title: &str) -> Option<(Range<usize>, Vec<Found>)> {
    let found = find_labelled(title);
    let label = found.last()?.label.clone()?;
    let tail: Vec<Found> = found
        .into_iter()
        .filter(|f| f.label.as_ref() == Some(&label))
        .collect();
    covers(title, label.start, &tail).then_some((label.start..title.len(), tail))
}

fn labelled_start(title: &str) -> Option<(Range<usize>, Vec<Found>)> {
    let line = label_line(title)?;
    if line.found.iter().any(Found::truncated) {
        return None;
    }
    let end = line.found.last()?.range.end;
    Some((0..end, line.found))
}

#[cfg(test)]
mod tests;
