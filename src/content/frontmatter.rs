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
//! model type back. The library (serde-saphyr) is named in this file alone.

mod limits;

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

/// Deserializes a split file's YAML into `T`, with errors at the file's line and column. The
/// block is measured first ([`limits`]), so the parser never sees one too large or too deep.
pub fn deserialize<T: DeserializeOwned>(path: &Path, split: &Split<'_>) -> Result<T, Diagnostic> {
    limits::check(split.yaml).map_err(|e| e.at_file(path, split.yaml_line))?;
    from_yaml(split.yaml).map_err(|e| e.at_file(path, split.yaml_line))
}

/// Deserializes a whole YAML file (a sidecar), with errors at its line and column.
pub fn deserialize_file<T: DeserializeOwned>(path: &Path, yaml: &str) -> Result<T, Diagnostic> {
    limits::check(yaml).map_err(|e| e.at_file(path, 1))?;
    from_yaml(yaml).map_err(|e| e.at_file(path, 1))
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

/// A problem in a YAML block, at its line and column within the block.
#[derive(Debug)]
pub(crate) struct YamlError {
    pub message: String,
    pub line: usize,
    pub col: usize,
    pub hint: Option<String>,
}

impl YamlError {
    /// The diagnostic at the file's own position: the block starts at the file's `first_line`.
    fn at_file(self, path: &Path, first_line: usize) -> Diagnostic {
        let mut d = Diagnostic::error(path, self.message).at(first_line + self.line - 1, self.col);
        d.hint = self.hint;
        d
    }
}

/// The YAML library's reading: YAML 1.2 with the target type as the schema (`no`, `yes` and
/// `2024-12-05` are strings where the model asks for a string), duplicate keys refused, and
/// its own budget as a second fence behind [`limits`] (no anchors or aliases at all).
fn from_yaml<T: DeserializeOwned>(yaml: &str) -> Result<T, YamlError> {
    let options = serde_saphyr::options! {
        with_snippet: false,
        budget: serde_saphyr::budget! {
            max_depth: limits::MAX_DEPTH,
            max_aliases: 0,
            max_anchors: 0,
            max_documents: 1,
        },
    };
    serde_saphyr::from_str_with_options(yaml, options).map_err(|e| library_error(yaml, &e))
}

/// The library's error in plain words, at its place in the block. A value that does not fit
/// its field is named by the field (`date: input is out of range`), read from the line the
/// error points at; a missing field belongs to the whole mapping, shown where it starts.
fn library_error(yaml: &str, e: &serde_saphyr::Error) -> YamlError {
    let e = e.without_snippet();
    let (line, col) = e.location().map_or((1, 1), |l| {
        (l.line().max(1) as usize, l.column().max(1) as usize)
    });
    let mut message = plain_words(&clean_message(
        &e.render_with_formatter(&serde_saphyr::UserMessageFormatter),
    ));
    let whole_mapping = ["unknown field", "missing field", "duplicate"]
        .iter()
        .any(|p| message.starts_with(p));
    let syntax = matches!(e, serde_saphyr::Error::ExternalMessage { .. });
    if let Some(field) = field_at(yaml, line, col).filter(|_| !whole_mapping && !syntax) {
        message = format!("{field}: {message}");
    }
    let (line, col) = match message.starts_with("missing field") {
        true => (1, 1),
        false => (line, col),
    };
    let hint = hint_for(&message);
    YamlError {
        message,
        line,
        col,
        hint,
    }
}

/// The key of the `key: value` entry on `line` whose value holds column `col`.
fn field_at(yaml: &str, line: usize, col: usize) -> Option<&str> {
    let text = yaml.lines().nth(line - 1)?;
    let entry = text.trim_start().trim_start_matches("- ");
    let key_end = entry
        .find(": ")
        .or_else(|| entry.strip_suffix(':').map(str::len))?;
    let key = &entry[..key_end];
    let value_col = text.len() - entry.len() + key_end + 2;
    let plain = !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    (plain && col >= value_col).then_some(key)
}

/// The library appends ` at line L column C` to some messages; we print our own position.
fn clean_message(raw: &str) -> String {
    let raw = raw.trim();
    match raw.find(" at line ") {
        Some(i) => raw[..i].to_string(),
        None => raw.to_string(),
    }
}

/// The library's jargon in plain words: an untagged enum is "one of the forms this field
/// takes" (the hint lists them).
fn plain_words(message: &str) -> String {
    match message.find("data did not match any variant of untagged enum") {
        Some(_) => "the value is not one of the forms this field takes".to_string(),
        None => message.to_string(),
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
    if message.starts_with("outcome: the value is not one of the forms") {
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
    let yaml = to_yaml(meta);
    let mut out = String::with_capacity(yaml.len() + body.len() + 16);
    out.push_str("---\n");
    out.push_str(&yaml);
    if !yaml.ends_with('\n') {
        out.push('\n');
    }
    out.push_str("---\n");
    let body = body.trim_matches('\n');
    if !body.is_empty() {
        out.push('\n');
        out.push_str(body);
        out.push('\n');
    }
    out
}

/// The YAML of a model value, as the importer writes it: block style, lists at their key's
/// indentation, one line a string however long (a proofreader greps them), `|` for text with
/// line breaks, and quotes only where YAML 1.2 needs them (a plain `no` or `2024-12-05` reads
/// back as the string the model asks for).
pub fn to_yaml<T: Serialize>(meta: &T) -> String {
    let options = serde_saphyr::ser_options! {
        yaml_12: true,
        no_lang_directive: true,
        folded_wrap_chars: usize::MAX,
    };
    serde_saphyr::to_string_with_options(meta, options)
        .expect("model types always serialize to YAML")
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
            e.message.contains("expected one of number, title, group"),
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
    fn deeply_nested_flow_collections_are_refused_at_their_file_position() {
        let text = format!("---\nnumber: 1\ntitle: {}\n---\n", "[".repeat(100_000));
        let e = parse::<ItemMeta>(p(), &text).unwrap_err();
        assert_eq!(
            e.to_string(),
            "content/x/_index.md:3:71: error: the front-matter nests deeper than 64 levels\n  \
             hint: front-matter needs a few levels at most: look for `[` or `{` that are never closed"
        );
    }

    #[test]
    fn aliases_of_a_long_string_are_refused() {
        let long = "x".repeat(1024);
        let text = format!(
            "---\nnumber: 1\ntitle: &t {long}\nattachments:\n{}---\n",
            "- *t\n".repeat(100_000)
        );
        let e = parse::<ItemMeta>(p(), &text).unwrap_err();
        assert_eq!(
            e.to_string(),
            "content/x/_index.md:2:1: error: the front-matter is 490 KiB, more than the 256 KiB \
             allowed\n  hint: keep long text in the Markdown body below the closing `---`"
        );
        let text = "---\nnumber: 1\ntitle: T\nattachments:\n- &a Bilaga\n- *a\n---\n";
        let e = parse::<ItemMeta>(p(), text).unwrap_err();
        assert_eq!(
            e.to_string(),
            "content/x/_index.md:5:3: error: anchors and aliases (`&name`, `*name`) are not \
             allowed in front-matter\n  hint: write each value out in full; text that starts \
             with `*` or `&` goes in quotes, e.g. `title: '*Utkast*'`"
        );
    }

    #[test]
    fn control_characters_written_as_escapes_are_refused() {
        let text = "---\nnumber: 1\ntitle: T\nabstained: [\"Anna Berg\\x07 (S)\"]\n---\n";
        let e = parse::<ItemMeta>(p(), text).unwrap_err();
        assert_eq!(
            e.to_string(),
            "content/x/_index.md:4:23: error: a control character (U+0007) in the front-matter\n  \
             hint: remove it: names, titles and text never hold control characters"
        );
    }

    #[test]
    fn yaml_1_1_words_and_dates_stay_strings() {
        let text = "---\nnumber: 1\ntitle: no\ncases: [yes, 2024-12-05, off]\n---\n";
        let (meta, _) = parse::<ItemMeta>(p(), text).unwrap();
        assert_eq!(
            (meta.title.as_str(), meta.cases.join(",")),
            ("no", "yes,2024-12-05,off".into())
        );
        assert!(write(&meta, "").contains("title: no\ncases:\n- yes\n- 2024-12-05\n- off\n"));
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
