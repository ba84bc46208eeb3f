//! The importer's intermediate values: source lines in, a parsed document out. Every stage
//! works on these so that each one can be tested from a string.

use crate::model::{ItemMeta, MeetingMeta};

/// One line of a source, with its 1-based line number kept for diagnostics and the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub no: usize,
    pub text: String,
}

impl Line {
    pub fn trimmed(&self) -> &str {
        self.text.trim()
    }
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

/// Splits text into numbered lines (form feeds, which pdftotext puts between pages, become
/// blank lines so a page break still separates paragraphs). Other control characters (a
/// backspace of overstruck print, an escape) are dropped: no field or text holds them, and the
/// loader refuses a front-matter that does.
pub fn lines_of(text: &str) -> Vec<Line> {
    text.replace('\u{c}', "\n")
        .lines()
        .enumerate()
        .map(|(i, t)| Line {
            no: i + 1,
            text: t
                .trim_end()
                .chars()
                .filter(|c| !c.is_control() || *c == '\t')
                .collect(),
        })
        .collect()
}

pub use crate::swedish::upper_first;

/// Text the importer removed, with the reason, for `--report` and the coverage measure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    pub line: usize,
    pub text: String,
    pub reason: &'static str,
}

/// A parsed item: front-matter and Markdown body.
#[derive(Debug, Clone)]
pub struct Item {
    pub meta: ItemMeta,
    pub body: String,
}

/// A parsed meeting document.
#[derive(Debug, Clone)]
pub struct Document {
    pub meta: MeetingMeta,
    pub preamble: String,
    pub items: Vec<Item>,
    pub dropped: Vec<Dropped>,
}
