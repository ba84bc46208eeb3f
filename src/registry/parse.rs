//! Reading `people.yaml`: a YAML mapping from id to entry, read by the front-matter reader
//! (one YAML library, its limits, errors at file lines), then checked as a whole: every id a
//! slug, every name given, and no spelling claimed by two entries.
//!
//! ```yaml
//! # comments anywhere
//! anna-andersson:
//!   name: Anna Andersson
//!   spellings: [Anna Anderson, "Anna Andersson (S)"]
//! ```

use super::{is_id, key, Entry, Registry};
use crate::diag::{Diagnostic, Diagnostics};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// One entry as written.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    name: String,
    #[serde(default)]
    party: Option<String>,
    #[serde(default)]
    spellings: Vec<String>,
}

/// The registry in `text`, read from `path`; every problem at its line.
pub fn parse(path: &Path, text: &str) -> Result<Registry, Diagnostics> {
    let raw: BTreeMap<String, RawEntry> = if is_blank(text) {
        BTreeMap::new()
    } else {
        crate::content::frontmatter::deserialize_file(path, text)
            .map_err(|d| Diagnostics(vec![d.hint(FORMAT_HINT)]))?
    };
    let lines = key_lines(text);
    let entries: Vec<Entry> = raw
        .into_iter()
        .map(|(id, e)| Entry {
            line: lines.get(id.as_str()).copied().unwrap_or(0),
            id,
            name: e.name.trim().to_string(),
            party: e
                .party
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty()),
            spellings: e.spellings,
        })
        .collect();
    let mut problems: Vec<Diagnostic> = entries.iter().filter_map(|e| bad_entry(path, e)).collect();
    let by_spelling = index(path, &entries, &mut problems);
    if !problems.is_empty() {
        problems.sort_by_key(|d| d.line);
        return Err(Diagnostics(problems));
    }
    Ok(Registry {
        path: path.to_path_buf(),
        entries,
        by_spelling,
    })
}

const FORMAT_HINT: &str =
    "people.yaml maps each person's id to `name:` and optional `party:` and `spellings: [...]`";

/// Only comments and blank lines (a registry with nobody in it yet).
fn is_blank(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .all(|l| l.is_empty() || l.starts_with('#') || l == "---")
}

fn bad_entry(path: &Path, e: &Entry) -> Option<Diagnostic> {
    let at = |message: String, hint: &str| {
        Some(Diagnostic::error(path, message).at(e.line, 1).hint(hint))
    };
    if !is_id(&e.id) {
        let wanted = crate::slug::slugify(&e.id);
        return at(
            format!(
                "the id `{}` is not a slug, so it cannot be a page's address",
                e.id
            ),
            &format!("ids are lowercase a–z, digits and single dashes, e.g. `{wanted}`"),
        );
    }
    if key(&e.name).is_empty() {
        return at(
            format!("`{}` has no name", e.id),
            "write how pages print the name: `name: Anna Andersson`",
        );
    }
    None
}

/// Every entry's name and spellings by their folded form; a form two entries claim is an
/// error at the later entry (by line), naming the other.
fn index(path: &Path, entries: &[Entry], problems: &mut Vec<Diagnostic>) -> HashMap<String, usize> {
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by_key(|&e| entries[e].line);
    let mut by_spelling: HashMap<String, usize> = HashMap::new();
    for e in order {
        let entry = &entries[e];
        for form in std::iter::once(&entry.name).chain(&entry.spellings) {
            let k = key(form);
            if k.is_empty() {
                continue;
            }
            match by_spelling.get(&k) {
                Some(&other) if other != e => problems.push(
                    Diagnostic::error(
                        path,
                        format!("`{k}` is claimed by both `{}` and `{}`", entries[other].id, entry.id),
                    )
                    .at(entry.line, 1)
                    .hint("a spelling names one person: keep it in one entry (to merge two people, move one's spellings into the other and delete it)"),
                ),
                Some(_) => {}
                None => {
                    by_spelling.insert(k, e);
                }
            }
        }
    }
    by_spelling
}

/// The line of every top-level key (an id) in the file: a line that starts in the first
/// column with something other than a comment, a list or a document marker, up to its `:`.
fn key_lines(text: &str) -> HashMap<&str, usize> {
    let mut out = HashMap::new();
    for (n, line) in text.lines().enumerate() {
        let starts_key = line
            .chars()
            .next()
            .is_some_and(|c| !c.is_whitespace() && !matches!(c, '#' | '-' | '{'));
        if !starts_key {
            continue;
        }
        if let Some(colon) = line.find(':') {
            let k = line[..colon].trim().trim_matches(|c| c == '"' || c == '\'');
            out.entry(k).or_insert(n + 1);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Registry, String> {
        parse(Path::new("content/people.yaml"), text).map_err(|d| {
            d.0.iter()
                .map(|d| format!("{}:{}: {}", d.line, d.col, d.message))
                .collect::<Vec<_>>()
                .join("\n")
        })
    }

    #[test]
    fn names_and_spellings_find_their_entry() {
        let r = read(
            "# who is who\nanna-andersson:\n  name: Anna Andersson\n  party: S\n  spellings: [Anna Anderson, \"Anna\u{200b} Andersen (S)\"]\nolle-ek:\n  name: Olle Ek\n",
        )
        .unwrap();
        assert_eq!(r.entries.len(), 2);
        assert_eq!(r.find("Anna Andersson").unwrap().id, "anna-andersson");
        assert_eq!(r.find("Anna Anderson").unwrap().id, "anna-andersson");
        assert_eq!(r.find("Anna Andersen").unwrap().id, "anna-andersson");
        assert_eq!(r.find("Olle Ek").unwrap().line, 6);
        assert_eq!(r.find("Olle Ek").unwrap().party, None);
        assert!(r.find("Anna").is_none());
    }

    #[test]
    fn an_empty_or_comment_only_file_is_an_empty_registry() {
        assert!(read("").unwrap().entries.is_empty());
        assert!(read("# nobody yet\n\n").unwrap().entries.is_empty());
    }

    #[test]
    fn a_spelling_claimed_twice_is_an_error_at_the_later_entry() {
        let err = read("a:\n  name: Anna\nb:\n  name: Bo\n  spellings: [Anna]\n").unwrap_err();
        assert_eq!(err, "3:1: `Anna` is claimed by both `a` and `b`");
    }

    #[test]
    fn an_id_that_is_no_slug_is_an_error_at_its_line() {
        let err = read("ok:\n  name: A\nAnna Berg:\n  name: Anna Berg\n").unwrap_err();
        assert_eq!(
            err,
            "3:1: the id `Anna Berg` is not a slug, so it cannot be a page's address"
        );
    }

    #[test]
    fn a_duplicate_id_unknown_field_or_bad_yaml_is_an_error_at_its_line() {
        let dup = read("a:\n  name: A\na:\n  name: B\n").unwrap_err();
        assert!(dup.starts_with("3:"), "{dup}");
        let unknown = read("a:\n  name: A\n  parti: S\n").unwrap_err();
        assert!(unknown.starts_with("3:"), "{unknown}");
        let broken = read("a:\n  name: [\n").unwrap_err();
        assert!(
            broken.starts_with("2:") || broken.starts_with("3:"),
            "{broken}"
        );
        let no_name = read("a:\n  name: \"  \"\n").unwrap_err();
        assert_eq!(no_name, "1:1: `a` has no name");
    }
}
