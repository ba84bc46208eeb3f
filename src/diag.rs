//! Diagnostics: problems in the user's input (minutes, front-matter, site.toml, templates,
//! links), collected rather than thrown, so that one run reports every bad file, and printed
//! as `path:line:col: error: message` followed by a hint.

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Something the user should know that is as intended (a hand-edited file kept).
    Note,
    Warning,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub path: PathBuf,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based; 0 when unknown.
    pub col: usize,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(path: impl Into<PathBuf>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line: 0,
            col: 0,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(path: impl Into<PathBuf>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, message)
        }
    }

    pub fn note(path: impl Into<PathBuf>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(path, message)
        }
    }

    pub fn at(mut self, line: usize, col: usize) -> Diagnostic {
        self.line = line;
        self.col = col;
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The path shown to the user: relative to `root` when it lies inside it.
    pub fn relative_to(mut self, root: &Path) -> Diagnostic {
        if let Ok(rel) = self.path.strip_prefix(root) {
            self.path = rel.to_path_buf();
        }
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The current folder, once made relative, is the empty path.
        if self.path.as_os_str().is_empty() {
            write!(f, ".")?;
        } else {
            write!(f, "{}", self.path.display())?;
        }
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.col > 0 {
                write!(f, ":{}", self.col)?;
            }
        }
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        write!(f, ": {level}: {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Diagnostics of one run, in a stable order (by path, then line) for printing.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Diagnostics {
        Diagnostics(vec![d])
    }
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }
    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }
    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn sorted(mut self) -> Diagnostics {
        self.0
            .sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
        self
    }
    /// Prints every diagnostic to stderr, one block each.
    pub fn eprint(&self) {
        for d in &self.0 {
            eprintln!("{d}");
        }
    }
}

/// `1 error`, `2 errors`: a count with its noun, in English.
pub fn count(n: usize, noun: &str) -> String {
    match n {
        1 => format!("1 {noun}"),
        _ => format!("{n} {noun}s"),
    }
}

/// Prints diagnostics (paths relative to the root) and a count; the exit code follows errors.
pub fn report(diags: Diagnostics, root: &Path) -> ExitCode {
    let canonical = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let shown: Vec<Diagnostic> = diags
        .sorted()
        .0
        .into_iter()
        .map(|d| d.relative_to(&canonical).relative_to(root))
        .collect();
    let shown = Diagnostics(shown);
    shown.eprint();
    if shown.has_errors() {
        eprintln!("{}", count(shown.error_count(), "error"));
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// 1-based line and column (in characters) of the byte `offset` of `text`: the one converter
/// for every diagnostic that points into a file.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before
        .rfind('\n')
        .map_or(before.chars().count(), |i| before[i + 1..].chars().count())
        + 1;
    (line, col)
}

/// [`line_col`] of bytes that may not be UTF-8 (where a file stops being UTF-8): each
/// malformed sequence before `offset` counts as one character (the U+FFFD it reads as). The
/// callers pass the end of the valid part, so the count is exact there.
pub fn line_col_of_bytes(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = String::from_utf8_lossy(&bytes[..offset.min(bytes.len())]);
    line_col(&before, before.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grammatical() {
        assert_eq!(count(1, "error"), "1 error");
        assert_eq!(count(0, "meeting"), "0 meetings");
        assert_eq!(count(2, "case"), "2 cases");
    }

    #[test]
    fn display_with_line_and_hint() {
        let d = Diagnostic::error("content/a/_index.md", "missing field `date`")
            .at(3, 1)
            .hint("add `date: YYYY-MM-DD`");
        assert_eq!(
            d.to_string(),
            "content/a/_index.md:3:1: error: missing field `date`\n  hint: add `date: YYYY-MM-DD`"
        );
        let w = Diagnostic::warning("x.txt", "no meeting found");
        assert_eq!(w.to_string(), "x.txt: warning: no meeting found");
    }
}
