//! Adding people to `people.yaml` without touching what is there: new entries are appended
//! as text, so the registrar's comments, order and layout stay (writing the parsed file
//! back would drop the comments).
//!
//! ```yaml
//! anna-berg:
//!   name: Anna Berg
//!   spellings: [Anna Berg]
//! ```
//!
//! A new entry lists the printed name among its spellings too, so that renaming the person
//! is editing `name:` alone: the minutes' form still finds the entry.

use super::{Registry, FILE};
use crate::diag::Diagnostic;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// What a new registry file starts with.
const HEADER: &str = "\
# The person registry: one entry per person. The key is the person's id: the page's address
# (/personer/<id>/) and the open-data id. `name` is how pages print the name: edit it to
# rename (the id stays); `spellings` are the forms the minutes print. To merge two people,
# move one's spellings into the other's and delete its entry. `party:` fixes the party shown
# (else the one printed most often). diarium import and diarium check --update-people append
# the names the minutes print that are not here yet.
";

/// The text that adds `names` (printed names, without party) to a registry whose ids are
/// `taken`: one entry each, its id the slug of the name, numbered when taken, the name as
/// printed also its first spelling.
pub fn entries(names: &[String], taken: &mut HashSet<String>) -> String {
    let mut out = String::new();
    for name in names {
        let slug = crate::slug::slugify(name);
        let base = if slug.is_empty() {
            "person".to_string()
        } else {
            slug
        };
        let id = std::iter::once(base.clone())
            .chain((2..).map(|n| format!("{base}-{n}")))
            .find(|id| !taken.contains(id))
            .expect("an unused number");
        let name = scalar(name);
        out.push_str(&format!("{id}:\n  name: {name}\n  spellings: [{name}]\n"));
        taken.insert(id);
    }
    out
}

/// `name` as a YAML value: plain when it is letters, digits, spaces, dots, dashes and
/// apostrophes starting with a letter; else double-quoted (a JSON string is one).
fn scalar(name: &str) -> String {
    let plain = name.chars().next().is_some_and(char::is_alphabetic)
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '.' | '-' | '\''))
        && !name.ends_with(' ')
        && !name.contains("  ");
    if plain {
        name.to_string()
    } else {
        serde_json::to_string(name).unwrap_or_default()
    }
}

/// What [`add`] did.
#[derive(Debug, Default)]
pub struct Added {
    pub path: PathBuf,
    /// The names added, in the order written.
    pub names: Vec<String>,
}

/// Appends the names of `names` that `registry` (the file as read, `None` when there is none)
/// does not know to the registry in `content_dir`, creating it with a header when missing.
/// A registry that did not parse is left alone: the caller reports its errors.
pub fn add(
    content_dir: &Path,
    registry: Option<&Registry>,
    names: &[String],
) -> Result<Added, Diagnostic> {
    let path = content_dir.join(FILE);
    let mut taken: HashSet<String> = registry
        .map(|r| r.entries.iter().map(|e| e.id.clone()).collect())
        .unwrap_or_default();
    let mut seen = HashSet::new();
    let new: Vec<String> = names
        .iter()
        .filter(|n| registry.is_none_or(|r| r.find(n).is_none()))
        .filter(|n| seen.insert(super::key(n)))
        .cloned()
        .collect();
    let mut added = Added {
        path: path.clone(),
        names: Vec::new(),
    };
    if (new.is_empty() || registry.is_none()) && path.exists() {
        return Ok(added);
    }
    let old = match path.exists() {
        true => crate::content::read_text(&path)?,
        false => HEADER.to_string(),
    };
    let mut text = old;
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(&entries(&new, &mut taken));
    std::fs::write(&path, text)
        .map_err(|e| Diagnostic::error(&path, format!("cannot write: {e}")))?;
    added.names = new;
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_entries_get_free_slug_ids_and_safe_names() {
        let mut taken: HashSet<String> = ["anna-berg".to_string()].into();
        let text = entries(
            &["Anna Berg".into(), "Åsa Öberg".into(), "Olle: Ek #2".into()],
            &mut taken,
        );
        assert_eq!(
            text,
            "anna-berg-2:\n  name: Anna Berg\n  spellings: [Anna Berg]\nasa-oberg:\n  name: Åsa Öberg\n  spellings: [Åsa Öberg]\nolle-ek-2:\n  name: \"Olle: Ek #2\"\n  spellings: [\"Olle: Ek #2\"]\n"
        );
    }

    #[test]
    fn appending_keeps_the_file_and_adds_only_unknown_names() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE);
        let before = "# mine\nanna-berg: # she\n  name: Anna Berg\n  spellings: [A. Berg]";
        std::fs::write(&path, before).unwrap();
        let registry = super::super::parse(&path, before).unwrap();
        let names = ["A. Berg".to_string(), "Olle Ek".into(), "Olle Ek".into()];
        let added = add(dir.path(), Some(&registry), &names).unwrap();
        assert_eq!(added.names, ["Olle Ek"]);
        let after = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            after,
            format!("{before}\nolle-ek:\n  name: Olle Ek\n  spellings: [Olle Ek]\n")
        );
        let again = super::super::parse(&path, &after).unwrap();
        assert!(add(dir.path(), Some(&again), &names)
            .unwrap()
            .names
            .is_empty());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), after);
    }

    #[test]
    fn a_missing_registry_is_made_with_its_header() {
        let dir = tempfile::tempdir().unwrap();
        let added = add(dir.path(), None, &["Olle Ek".to_string()]).unwrap();
        let text = std::fs::read_to_string(added.path).unwrap();
        assert!(
            text.starts_with(HEADER)
                && text.ends_with("olle-ek:\n  name: Olle Ek\n  spellings: [Olle Ek]\n")
        );
        assert!(super::super::parse(Path::new(FILE), &text).is_ok());
    }
}
