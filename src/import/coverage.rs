//! Word coverage: how much of a source's substantive text reached the Markdown.
//!
//! Words are runs of letters and digits, lowercased, counted with their multiplicity. The
//! source's words minus those of the furniture the importer reports as dropped are the
//! substantive words; coverage is the share of them found in the generated files (a word
//! printed three times must appear three times).

use super::doc::Dropped;
use super::reflow::join;
use std::collections::HashMap;

pub fn words(text: &str) -> HashMap<String, usize> {
    let mut out = HashMap::new();
    for w in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        *out.entry(w.to_lowercase()).or_insert(0) += 1;
    }
    out
}

/// Coverage of a source by the generated files, in [0, 1], and the substantive word count.
pub fn measure(source: &str, dropped: &[Dropped], generated: &[String]) -> (f64, usize) {
    let mut expected = words(&dehyphenated(source));
    for d in dropped {
        for (w, n) in words(&d.text) {
            if let Some(c) = expected.get_mut(&w) {
                *c = c.saturating_sub(n);
            }
        }
    }
    let mut found: HashMap<String, usize> = HashMap::new();
    for g in generated {
        for (w, n) in words(g) {
            *found.entry(w).or_insert(0) += n;
        }
    }
    let total: usize = expected.values().sum();
    let covered: usize = expected
        .iter()
        .map(|(w, n)| (*n).min(found.get(w).copied().unwrap_or(0)))
        .sum();
    let ratio = if total == 0 {
        1.0
    } else {
        covered as f64 / total as f64
    };
    (ratio, total)
}

/// The source with words hyphenated at line ends joined exactly as the re-flow joins them,
/// so `Region-`/`staben` counts as the one word the Markdown holds.
fn dehyphenated(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    for line in source.lines() {
        join(&mut out, line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multiplicity_and_dropped_words() {
        let dropped = [Dropped {
            line: 1,
            text: "4 (29)".into(),
            reason: "page number",
        }];
        let (r, total) = measure("4 (29)\nja ja nej", &dropped, &["ja nej".into()]);
        assert_eq!(total, 3);
        assert!((r - 2.0 / 3.0).abs() < 1e-9);
    }
}
