//! Front-matter: the YAML block between `---` lines at the top of a content file.
//!
//! ```text
//! ---                      ← line 1: the opening fence
//! number: 229              ← YAML; its line 1 is the file's line 2
//! title: Uppsägning av regionavtalet
//! ---                      ← the closing fence
//!
//! ## Sammanfattning        ← the Markdown body
//! ```
//!
//! This is the only module that knows the YAML library: it splits a file, deserializes the
//! block into a model type with errors mapped to the file's own line and column, and writes a
//! model type back. serde_yaml is unmaintained upstream; a successor replaces it here alone.

use crate::diag::Diagnostic;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::path::Path;

/// A content file split into its parts.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// The file line (1-based) of the YAML's first line.
    pub yaml_line: usize,
    pub body: &'a str,
    /// The file line (1-based) of the body's first line.
    pub body_line: usize,
}

/// Splits `text` at its front-matter fences.
pub fn split<'a>(path: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let after_open = strip_fence(text).ok_or_else(|| {
        Diagnostic::error(path, "the file does not start with front-matter")
            .at(1, 1)
            .hint("start the file with a line `---`, the YAML fields, and another line `---`")
    })?;
    let mut offset = 0;
    for line in after_open.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let yaml = &after_open[..offset];
            let body = &after_open[offset + line.len()..];
            let yaml_lines = yaml.matches('\n').count();
            return Ok(Split {
                yaml,
                yaml_line: 2,
                body,
                body_line: 2 + yaml_lines + 1,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(path, "the front-matter is not closed")
        .at(1, 1)
        .hint("end the YAML fields with a line holding only `---`"))
}

fn strip_fence(text: &str) -> Option<&str> {
    let first_end = text.find('\n')?;
    (text[..first_end].trim_end() == "---").then(|| &text[first_end + 1..])
}

/// Deserializes a split file's YAML into `T`, with errors at the file's line and column.
pub fn deserialize<T: DeserializeOwned>(path: &Path, split: &Split<'_>) -> Result<T, Diagnostic> {
    serde_yaml::from_str(split.yaml).map_err(|e| yaml_error(path, split, &e))
}

/// Splits and deserializes in one step; returns the metadata and the Markdown body.
pub fn parse<'a, T: DeserializeOwned>(
    path: &Path,
    text: &'a str,
) -> Result<(T, Split<'a>), Diagnostic> {
    let split = split(path, text)?;
    let meta = deserialize(path, &split)?;
    Ok((meta, split))
}

fn yaml_error(path: &Path, split: &Split<'_>, e: &serde_yaml::Error) -> Diagnostic {
    let message = clean_message(&e.to_string());
    let (line, col) = match e.location() {
        Some(loc) => (split.yaml_line + loc.line() - 1, loc.column()),
        None => (split.yaml_line, 1),
    };
    let mut d = Diagnostic::error(path, message.clone()).at(line, col);
    if let Some(h) = hint_for(&message) {
        d = d.hint(h);
    }
    d
}

/// serde_yaml appends ` at line L column C` to its messages; we print our own position.
fn clean_message(raw: &str) -> String {
    match raw.find(" at line ") {
        Some(i) => raw[..i].to_string(),
        None => raw.to_string(),
    }
}

fn hint_for(message: &str) -> Option<String> {
    if let Some(field) = between(message, "missing field `", "`") {
        return Some(format!("add `{field}:` to the front-matter"));
    }
    if message.starts_with("unknown field") {
        return Some("remove the field, or correct its spelling to one of those allowed".into());
    }
    let date_problems = [
        "premature end of input",
        "input contains invalid characters",
        "input is out of range",
        "trailing input",
        "input is not enough",
    ];
    if date_problems.iter().any(|p| message.contains(p)) {
        return Some("write dates as YYYY-MM-DD, for example `date: 2024-12-05`".into());
    }
    if message.contains("unknown variant") {
        return Some("use one of the values listed".into());
    }
    if message.contains("did not match any variant of untagged enum Outcome") {
        return Some(
            "write `outcome: decided` (or proposed, noted, referred_back, rejected, postponed), \
             or `outcome: {kind: proposed, to: Regionstyrelsen}`"
                .into(),
        );
    }
    if message.contains("did not find expected")
        || message.contains("mapping values are not allowed")
    {
        return Some("check the indentation and quote values that contain `: ` or start with a special character".into());
    }
    None
}

fn between<'a>(s: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = s.find(start)? + start.len();
    let len = s[from..].find(end)?;
    Some(&s[from..from + len])
}

/// Writes a content file: the fenced YAML of `meta`, a blank line, and `body`.
pub fn write<T: Serialize>(meta: &T, body: &str) -> String {
    let yaml = serde_yaml::to_string(meta).expect("model types always serialize to YAML");
    let mut out = String::with_capacity(yaml.len() + body.len() + 16);
    out.push_str("---\n");
    out.push_str(&yaml);
    out.push_str("---\n");
    let body = body.trim_matches('\n');
    if !body.is_empty() {
        out.push('\n');
        out.push_str(body);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ItemMeta, MeetingMeta};

    fn p() -> &'static Path {
        Path::new("content/x/_index.md")
    }

    #[test]
    fn split_reports_body_line() {
        let s = split(p(), "---\na: 1\nb: 2\n---\n\nBody\n").unwrap();
        assert_eq!(s.yaml, "a: 1\nb: 2\n");
        assert_eq!(s.body, "\nBody\n");
        assert_eq!(s.body_line, 5);
    }

    #[test]
    fn missing_fence_is_an_error_at_line_1() {
        let e = split(p(), "no front matter\n").unwrap_err();
        assert_eq!(e.line, 1);
        let e = split(p(), "---\na: 1\n").unwrap_err();
        assert!(e.message.contains("not closed"));
    }

    #[test]
    fn unknown_field_at_its_file_line() {
        let text = "---\nnumber: 1\ntitle: T\ncolour: red\n---\n";
        let e = parse::<ItemMeta>(p(), text).unwrap_err();
        assert_eq!(
            (e.line, e.message.starts_with("unknown field `colour`")),
            (4, true),
            "{e}"
        );
        assert!(
            e.message.contains("expected one of `number`, `title`"),
            "{e}"
        );
    }

    #[test]
    fn missing_field_names_it() {
        let text = "---\norganization: R\nbody: B\nkind: protokoll\n---\n";
        let e = parse::<MeetingMeta>(p(), text).unwrap_err();
        assert_eq!(e.message, "missing field `date`");
        assert_eq!(e.hint.as_deref(), Some("add `date:` to the front-matter"));
    }

    #[test]
    fn bad_date_at_its_line() {
        let text = "---\norganization: R\nbody: B\ndate: 2024-13-05\nkind: protokoll\n---\n";
        let e = parse::<MeetingMeta>(p(), text).unwrap_err();
        assert_eq!(e.line, 4, "{e}");
    }

    #[test]
    fn broken_yaml_at_its_line() {
        let text = "---\nnumber: 1\ntitle: [unclosed\n---\n";
        let e = parse::<ItemMeta>(p(), text).unwrap_err();
        assert!(e.line >= 3, "{e}");
    }

    #[test]
    fn write_then_parse_round_trips() {
        let text = "---\nnumber: 229\ntitle: 'Uppsägning: av avtalet'\ncases:\n- RS 2273-2024\n---\n\n## Beslut\n";
        let (meta, split) = parse::<ItemMeta>(p(), text).unwrap();
        let again = write(&meta, split.body);
        let (meta2, _) = parse::<ItemMeta>(p(), &again).unwrap();
        assert_eq!(meta, meta2);
        assert!(again.ends_with("\n## Beslut\n"));
    }
}
