//! The import's part in the person registry: the people the imported minutes name that
//! `content/people.yaml` lacks are appended to it, so that each has an id before the first
//! build. What is there is never changed (see [`crate::registry::append`]). The file is made
//! for a new archive only: an archive that has content and no registry keeps working as it
//! did (each spelling its own person) until `check --update-people` makes one from all of it.

use crate::diag::Diagnostic;
use crate::registry::{self, Registry};
use std::path::Path;

/// Whether `content_dir` holds no content yet (nothing but hidden files): an import into it
/// starts the registry. Asked before the import writes.
pub(super) fn is_new(content_dir: &Path) -> bool {
    std::fs::read_dir(content_dir).map_or(true, |entries| {
        entries
            .filter_map(Result::ok)
            .all(|e| e.file_name().to_string_lossy().starts_with('.'))
    })
}

/// Adds the people of `documents` to the registry in `content_dir` (made when `new`, see
/// [`is_new`]); says what it did, or why it left the file alone.
pub(super) fn update(
    content_dir: &Path,
    documents: &[&super::doc::Document],
    new: bool,
) -> Vec<Diagnostic> {
    let names = crate::site::printed_people(
        documents
            .iter()
            .map(|d| (&d.meta, d.items.iter().map(|i| &i.meta).collect())),
    );
    let path = content_dir.join(registry::FILE);
    let registry = match read(&path) {
        Ok(None) if !new => {
            let message =
                "this archive has no person registry, so each spelling of a name is its own person";
            return vec![Diagnostic::note(&path, message)
                .hint("`diarium check --update-people` makes one from the whole archive")];
        }
        Ok(r) => r,
        Err(d) => {
            let hint = "fix it, then `diarium check --update-people` adds the new names";
            return vec![
                Diagnostic::warning(&path, format!("not updated: {}", d.message))
                    .at(d.line, d.col)
                    .hint(hint),
            ];
        }
    };
    match registry::append::add(content_dir, registry.as_ref(), &names) {
        Ok(added) if added.names.is_empty() => Vec::new(),
        Ok(added) => vec![Diagnostic::note(
            &added.path,
            format!(
                "{} added: {}",
                crate::diag::count(added.names.len(), "name"),
                added.names.join(", ")
            ),
        )],
        Err(d) => vec![d],
    }
}

/// The registry as it is on disk: `None` when there is none yet.
fn read(path: &Path) -> Result<Option<Registry>, Diagnostic> {
    if !path.exists() {
        return Ok(None);
    }
    let text = crate::content::read_text(path)?;
    match registry::parse(path, &text) {
        Ok(r) => Ok(Some(r)),
        Err(ds) => Err(ds.0.into_iter().next().expect("a problem")),
    }
}
