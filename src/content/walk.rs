//! Finding content files: the tree is `content/<org>/<body>/<meeting>/{_index.md,NNN-slug.md}`.
//! Anything whose path has a component starting with `.` is skipped (editor swap files, the
//! importer's manifest); non-Markdown files are left alone.

use crate::diag::Diagnostic;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// Where a Markdown file sits in the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// `<org>/<body>/<meeting>/_index.md`
    Meeting {
        org: String,
        body: String,
        meeting: String,
    },
    /// `<org>/<body>/<meeting>/<stem>.md`
    Item {
        org: String,
        body: String,
        meeting: String,
        stem: String,
    },
}

/// A content file found by the walk.
#[derive(Debug, Clone)]
pub struct Found {
    pub path: PathBuf,
    pub place: Place,
}

/// Walks `content_dir`; files in the wrong place become diagnostics.
pub fn walk(content_dir: &Path) -> (Vec<Found>, Vec<Diagnostic>) {
    let mut found = Vec::new();
    let mut problems = Vec::new();
    let walker = WalkDir::new(content_dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().unwrap_or(content_dir).to_path_buf();
                problems.push(Diagnostic::error(path, format!("cannot read: {e}")));
                continue;
            }
        };
        if !entry.file_type().is_file() || entry.path().extension().is_none_or(|x| x != "md") {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(content_dir)
            .unwrap_or(entry.path());
        match classify(rel) {
            Some(place) => found.push(Found {
                path: entry.path().to_path_buf(),
                place,
            }),
            None => problems.push(misplaced(entry.path())),
        }
    }
    (found, problems)
}

pub(crate) fn classify(rel: &Path) -> Option<Place> {
    let parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let [org, body, meeting, file] = parts.as_slice() else {
        return None;
    };
    let (org, body, meeting) = (org.clone(), body.clone(), meeting.clone());
    if file == "_index.md" {
        return Some(Place::Meeting { org, body, meeting });
    }
    let stem = file.strip_suffix(".md")?.to_string();
    Some(Place::Item {
        org,
        body,
        meeting,
        stem,
    })
}

pub(crate) fn misplaced(path: &Path) -> Diagnostic {
    Diagnostic::error(path, "a content file outside a meeting folder").hint(
        "meetings live in content/<organization>/<body>/<YYYY-MM-DD>/_index.md, \
         their items beside _index.md",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_by_depth() {
        assert_eq!(
            classify(Path::new("r/b/2024-12-05/_index.md")),
            Some(Place::Meeting {
                org: "r".into(),
                body: "b".into(),
                meeting: "2024-12-05".into()
            })
        );
        assert!(matches!(
            classify(Path::new("r/b/2024-12-05/229-x.md")),
            Some(Place::Item { stem, .. }) if stem == "229-x"
        ));
        assert_eq!(classify(Path::new("r/b/x.md")), None);
        assert_eq!(classify(Path::new("r/b/m/extra/x.md")), None);
    }
}
