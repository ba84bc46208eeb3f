//! A word-level difference between what was proposed and what was decided, as runs of words
//! kept, removed and added, for a template to lay out (as `<del>` and `<ins>` with words a
//! screen reader says, not colour alone).
//!
//! ```text
//! proposed: att säga upp avtalet.       decided: att säga upp avtalet och teckna ett nytt.
//! runs:     same "att säga upp"  removed "avtalet."  added "avtalet och teckna ett nytt."
//! ```
//!
//! Words are compared folded (lowercase, without the punctuation around them), so a comma or
//! a capital letter is no difference; the decision's own spelling is shown. A paragraph break
//! is a word of its own, so clauses stay on their lines. The diff is Myers' algorithm from
//! `similar`, which the test harness already uses: linear in space, and the shortest edit.

use serde::Serialize;
use similar::{capture_diff_slices, Algorithm, DiffOp};

/// A paragraph break among the words.
pub const BREAK: &str = "\n";

/// A run of words in one state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Run {
    /// `same`, `removed`, `added`, or `break` (a paragraph break kept).
    pub kind: &'static str,
    pub text: String,
}

/// The runs from `proposed` to `decided`, and how many words each side lost or gained.
#[derive(Debug, Default, PartialEq, Eq, Serialize)]
pub struct WordDiff {
    pub runs: Vec<Run>,
    pub removed: usize,
    pub added: usize,
}

impl WordDiff {
    pub fn is_same(&self) -> bool {
        self.removed == 0 && self.added == 0
    }
}

/// A word as compared: lowercase, without the punctuation around it.
pub fn fold(word: &str) -> String {
    word.trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

/// The difference between two lists of words (paragraph breaks as [`BREAK`]).
pub fn diff(proposed: &[&str], decided: &[&str]) -> WordDiff {
    let (old, new): (Vec<String>, Vec<String>) = (
        proposed.iter().map(|w| fold(w)).collect(),
        decided.iter().map(|w| fold(w)).collect(),
    );
    let mut out = WordDiff::default();
    for op in capture_diff_slices(Algorithm::Myers, &old, &new) {
        match op {
            DiffOp::Equal { new_index, len, .. } => {
                same(&mut out.runs, &decided[new_index..new_index + len])
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => out.removed += push(&mut out.runs, "removed", &proposed[old_index..][..old_len]),
            DiffOp::Insert {
                new_index, new_len, ..
            } => out.added += push(&mut out.runs, "added", &decided[new_index..][..new_len]),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                out.removed += push(&mut out.runs, "removed", &proposed[old_index..][..old_len]);
                out.added += push(&mut out.runs, "added", &decided[new_index..][..new_len]);
            }
        }
    }
    out
}

/// Words kept, split at paragraph breaks.
fn same(runs: &mut Vec<Run>, words: &[&str]) {
    for (n, line) in words.split(|w| *w == BREAK).enumerate() {
        if n > 0 {
            runs.push(Run {
                kind: "break",
                text: String::new(),
            });
        }
        if !line.is_empty() {
            runs.push(Run {
                kind: "same",
                text: line.join(" "),
            });
        }
    }
}

/// Words removed or added, as one run (a paragraph break inside reads as a space); returns
/// how many words there were.
fn push(runs: &mut Vec<Run>, kind: &'static str, words: &[&str]) -> usize {
    let words: Vec<&str> = words.iter().copied().filter(|w| *w != BREAK).collect();
    if !words.is_empty() {
        runs.push(Run {
            kind,
            text: words.join(" "),
        });
    }
    words.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<&str> {
        s.split(' ').collect()
    }

    fn show(d: &WordDiff) -> String {
        let runs = d.runs.iter().map(|r| match r.kind {
            "removed" => format!("[-{}-]", r.text),
            "added" => format!("{{+{}+}}", r.text),
            "break" => "/".to_string(),
            _ => r.text.clone(),
        });
        runs.collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn equal_texts_differ_in_nothing_but_case_and_punctuation() {
        let d = diff(
            &words("att säga upp avtalet."),
            &words("Att säga upp avtalet"),
        );
        assert!(d.is_same());
        assert_eq!(show(&d), "Att säga upp avtalet");
    }

    #[test]
    fn removed_and_added_words_are_runs_with_counts() {
        let d = diff(
            &words("att säga upp avtalet den 1 mars."),
            &words("att säga upp avtalet och teckna ett nytt den 1 april."),
        );
        assert_eq!(
            show(&d),
            "att säga upp avtalet {+och teckna ett nytt+} den 1 [-mars.-] {+april.+}"
        );
        assert_eq!((d.removed, d.added), (1, 5));
    }

    #[test]
    fn paragraph_breaks_kept_stay_breaks() {
        let d = diff(
            &["att", "a,", BREAK, "att", "b."],
            &["att", "a,", BREAK, "att", "c."],
        );
        assert_eq!(show(&d), "att a, / att [-b.-] {+c.+}");
        assert_eq!((d.removed, d.added), (1, 1));
    }

    #[test]
    fn an_empty_side_is_all_added_or_removed() {
        assert_eq!(show(&diff(&[], &words("ny text"))), "{+ny text+}");
        assert_eq!(diff(&words("gammal text"), &[]).removed, 2);
    }
}
