//! Page furniture: text a PDF repeats on its pages that is not part of the minutes.
//!
//! ```text
//! 4 (29)                                     page number           → dropped
//! 1(33)   Sida 3 av 9   3/9                  page number           → dropped
//! Comfact Signature Referensnummer: 173340SE signature service     → dropped
//! Ordförandens sign Justerandens sign ...    certification line    → dropped
//! Protokoll / Sammanträdesdatum / Utdragsbestyrkande   form labels → dropped
//! Regionstyrelsens arbetsutskott 2024-12-05  a line repeated next to form labels on
//!                                            three or more pages   → dropped (running header)
//! ```
//!
//! A dropped line becomes blank (so it still separates paragraphs) and is listed with its
//! reason; the coverage measure subtracts exactly these words.

use super::doc::{Dropped, Line};
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:sida\s*)?\d{1,4}\s*(?:\(\s*\d{1,4}\s*\)|/\s*\d{1,4}|(?i:av)\s+\d{1,4})$")
        .unwrap()
});
/// `Lycksele kommun          Sida 2 av 3`: a short header with the page number set apart.
static HEADER_WITH_PAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^.{1,60}?\S\s{2,}(?i:sida\s*)?\d{1,4}\s*(?:\(\s*\d{1,4}\s*\)|/\s*\d{1,4}|(?i:av)\s+\d{1,4})$").unwrap()
});
static SIGNATURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)comfact signature|referensnummer:|ordförandens sign|justerandens sign|justerares sign|sekreterarens sign|signerat av|digitalt signerad")
        .unwrap()
});

/// Words that only ever appear in a page's form header: a line made of nothing else is furniture.
const FORM_LABELS: &[&str] = &[
    "protokoll",
    "sammanträdesprotokoll",
    "sammanträdesdatum",
    "utdragsbestyrkande",
    "dokumentnamn",
    "tjänsteställe",
    "handläggare",
    "datum",
    "dnr",
    "sida",
    "exp",
    "den",
    "justerandes",
    "sign",
];

/// Marks furniture in `lines`: dropped lines are blanked in place and returned.
pub fn strip(lines: &mut [Line]) -> Vec<Dropped> {
    let mut dropped = Vec::new();
    for line in lines.iter_mut() {
        if let Some(reason) = fixed_reason(line.trimmed()) {
            dropped.push(take(line, reason));
        }
    }
    for i in running_headers(lines, &dropped) {
        dropped.push(take(&mut lines[i], "running header"));
    }
    dropped.extend(page_prefixes(lines));
    dropped.sort_by_key(|d| d.line);
    dropped
}

fn take(line: &mut Line, reason: &'static str) -> Dropped {
    let d = Dropped {
        line: line.no,
        text: line.text.trim().to_string(),
        reason,
    };
    line.text.clear();
    d
}

/// The furniture recognizable from one line alone.
pub fn fixed_reason(t: &str) -> Option<&'static str> {
    if t.is_empty() {
        return None;
    }
    if PAGE_NUMBER.is_match(t) {
        return Some("page number");
    }
    if HEADER_WITH_PAGE.is_match(t) {
        return Some("running header with page number");
    }
    if SIGNATURE.is_match(t) {
        return Some("signature line");
    }
    is_form_label(t).then_some("form label")
}

fn is_form_label(t: &str) -> bool {
    let words: Vec<String> = t
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    !words.is_empty() && words.iter().all(|w| FORM_LABELS.contains(&w.as_str()))
}

/// Lines repeated on three or more pages, each time within two lines of form-label
/// furniture: the body-and-date line of a running header. Requiring the form labels nearby
/// keeps repeated sentences of the minutes themselves ("Finansutskottet föreslår att
/// regionstyrelsen beslutar") out.
fn running_headers(lines: &[Line], dropped: &[Dropped]) -> Vec<usize> {
    let label_lines: Vec<usize> = dropped
        .iter()
        .filter(|d| d.reason == "form label")
        .map(|d| d.line)
        .collect();
    let near_label = |no: usize| label_lines.iter().any(|l| l.abs_diff(no) <= 3);
    let mut counts: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, line) in lines.iter().enumerate() {
        let t = line.trimmed();
        if !t.is_empty() && t.len() <= 80 && near_label(line.no) {
            counts.entry(t).or_default().push(i);
        }
    }
    counts
        .into_values()
        .filter(|at| at.len() >= 3)
        .flatten()
        .collect()
}

/// Lines a house-style profile names as furniture (`drop = [...]`).
pub fn drop_matching(lines: &mut [Line], patterns: &[Regex]) -> Vec<Dropped> {
    if patterns.is_empty() {
        return Vec::new();
    }
    lines
        .iter_mut()
        .filter(|l| !l.is_blank() && patterns.iter().any(|p| p.is_match(l.trimmed())))
        .map(|l| take(l, "named in the profile"))
        .collect()
}

static PAGE_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(\d{1,4})(?:\s+(?i:sida\s*)?\d{1,4}\s*\(\s*\d{1,4}\s*\))?(?:\s+|$)").unwrap()
});

/// Transcripts that flatten each PDF page to one line start every line with the page's
/// number (`3 52 Sammanträdet öppnas`, `4 4(42) Ks 250 ...`): when the non-blank lines are
/// long and open with 1, 2, 3 ... in turn, that number (and a `4(42)` after it) is page
/// furniture, cut from the line's start.
fn page_prefixes(lines: &mut [Line]) -> Vec<Dropped> {
    let numbered: Vec<(usize, u32, usize)> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.is_blank())
        .map(|(i, l)| {
            let c = PAGE_PREFIX.captures(&l.text);
            let n = c.as_ref().and_then(|c| c[1].parse().ok()).unwrap_or(0);
            (i, n, c.map_or(0, |c| c.get(0).unwrap().end()))
        })
        .collect();
    let in_turn = numbered.windows(2).filter(|w| w[1].1 == w[0].1 + 1).count();
    let mut lens: Vec<usize> = numbered
        .iter()
        .map(|(i, ..)| lines[*i].text.len())
        .collect();
    lens.sort_unstable();
    let median = lens.get(lens.len() / 2).copied().unwrap_or(0);
    if numbered.len() < 2 || in_turn * 5 < (numbered.len() - 1) * 4 || median < 200 {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut pages = Vec::new();
    for (i, n, end) in numbered {
        if n == 0 || end == 0 {
            continue;
        }
        let line = &mut lines[i];
        out.push(Dropped {
            line: line.no,
            text: line.text[..end].trim().to_string(),
            reason: "page number",
        });
        line.text.replace_range(..end, "");
        pages.push(i);
    }
    out.extend(page_headers(lines, &pages));
    out
}

static PAGE_TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:\d{1,4}\s?\(\s*\d{1,4}\s*\)|\d{1,4}(?:\s+_)?)(?:\s+|$)").unwrap()
});

/// The words every flattened page opens with (`VILHELMINA KOMMUN PROTOKOLL`, `Kommunstyrelsen`)
/// and the page number after them (`3`, `1(54)`, `4 (22)`): a running header.
fn page_headers(lines: &mut [Line], pages: &[usize]) -> Vec<Dropped> {
    if pages.len() < 2 {
        return Vec::new();
    }
    let words: Vec<Vec<&str>> = pages
        .iter()
        .map(|&i| lines[i].text.split_whitespace().take(8).collect())
        .collect();
    let common = (0..8)
        .take_while(|&k| {
            words
                .iter()
                .all(|w| w.get(k).is_some_and(|x| *x == words[0][k]))
        })
        .count();
    let mut out = Vec::new();
    for &i in pages {
        let line = &mut lines[i];
        let mut end = 0;
        for w in line.text.split_whitespace().take(common) {
            end = line.text[end..]
                .find(w)
                .map_or(end, |at| end + at + w.len());
        }
        let page = PAGE_TOKEN.find(&line.text[end..]).map(|m| end + m.end());
        // Without a page number after it, a shared opening is the text's own (`§ 12`).
        let Some(cut) = page else {
            continue;
        };
        out.push(Dropped {
            line: line.no,
            text: line.text[..cut].trim().to_string(),
            reason: "running header",
        });
        line.text.replace_range(..cut, "");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::doc::lines_of;

    #[test]
    fn page_numbers_in_several_styles() {
        for t in ["4 (29)", "1(33)", "Sida 3 av 9", "3/9"] {
            assert_eq!(fixed_reason(t), Some("page number"), "{t}");
        }
        assert_eq!(
            fixed_reason("Lycksele kommun            Sida 2 av 3"),
            Some("running header with page number")
        );
        for t in ["2024", "§ 4 (RS 12)", "4 (29) kr", "2024-12-11 24RS1 1(33)"] {
            assert_eq!(fixed_reason(t), None, "{t}");
        }
    }

    #[test]
    fn flattened_pages_lose_their_page_numbers() {
        let long = "ord ".repeat(60);
        let text = format!("1 VILHELMINA KOMMUN {long}\n\n2 Sn 49 Öppnande {long}\n\n3 3(42) Ks 250 Anmälan {long}");
        let mut lines = lines_of(&text);
        let dropped = strip(&mut lines);
        let texts: Vec<_> = dropped.iter().map(|d| d.text.as_str()).collect();
        assert_eq!(texts, ["1", "2", "3 3(42)"]);
        assert!(lines[2].text.starts_with("Sn 49"));
        assert!(lines[4].text.starts_with("Ks 250"));
        // The words each page opens with, and its page number, are a running header.
        let text = format!(
            "1 ORT KOMMUN PROTOKOLL 1(9) Plats {long}\n2 ORT KOMMUN PROTOKOLL 2 Sn 49 {long}"
        );
        let mut lines = lines_of(&text);
        let dropped = strip(&mut lines);
        let texts: Vec<_> = dropped
            .iter()
            .map(|d| (d.reason, d.text.as_str()))
            .collect();
        assert_eq!(
            texts,
            [
                ("page number", "1"),
                ("running header", "ORT KOMMUN PROTOKOLL 1(9)"),
                ("page number", "2"),
                ("running header", "ORT KOMMUN PROTOKOLL 2")
            ]
        );
        assert!(lines[1].text.starts_with("Sn 49"));
        // Short numbered lines are an agenda, not pages.
        let mut agenda = lines_of("1 Val\n2 Budget\n3 Övrigt");
        assert!(strip(&mut agenda).is_empty());
    }

    #[test]
    fn signature_and_labels() {
        assert_eq!(
            fixed_reason("Comfact Signature Referensnummer: 173340SE"),
            Some("signature line")
        );
        assert_eq!(
            fixed_reason("Ordförandens sign Justerandens sign Exp den Utdragsbestyrkande"),
            Some("signature line")
        );
        assert_eq!(fixed_reason("Sammanträdesdatum"), Some("form label"));
        assert_eq!(fixed_reason("Beslut"), None);
    }

    #[test]
    fn running_header_needs_labels_and_three_pages() {
        let page = "Protokoll\nStyrelsen 2024-12-05\n\n\n\nStyrelsen föreslår\n\n\n\nText ett.\n";
        let mut lines = lines_of(&page.repeat(3));
        let dropped = strip(&mut lines);
        let reasons: Vec<_> = dropped.iter().map(|d| (d.line, d.reason)).collect();
        assert!(reasons.contains(&(2, "running header")), "{reasons:?}");
        assert!(reasons.contains(&(12, "running header")));
        assert!(!dropped.iter().any(|d| d.text == "Text ett."));
        // Three lines from a label, a repeated sentence is still text.
        assert!(
            !dropped.iter().any(|d| d.text == "Styrelsen föreslår"),
            "{reasons:?}"
        );
    }
}
