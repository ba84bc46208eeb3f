//! Finding content files: the tree is `content/<org>/<body>/<meeting>/{_index.md,NNN-slug.md}`.
//! Anything whose path has a component starting with `.` is skipped (editor swap files, the
//! importer's manifest); non-Markdown files are left alone; a symbolic link, to a file or a
//! folder, is skipped with a warning naming it.

use crate::diag::Diagnostic;
use rayon::prelude::*;
use std::fs::Metadata;
use std::path::{Path, PathBuf};

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

/// Walks `content_dir`; files in the wrong place become diagnostics. (The load path hands
/// each file on with [`walk_with`]; this collecting form is for the tests.)
#[cfg(test)]
pub fn walk(content_dir: &Path) -> (Vec<Found>, Vec<Diagnostic>) {
    walk_with(content_dir, false, |found, _| found)
}

/// What the walk learnt of a file's status from its folder, when asked to and it could (see
/// [`walk_below`]): `None` makes a reader that needs it ask by path.
pub type Status = Option<Metadata>;

/// Walks `content_dir` and hands each file found, with its status when `stated` (a status
/// call a file, which only a reader that compares statuses wants), to `each`, in parallel,
/// in the order of the walk.
///
/// A large archive has a few hundred thousand entries, and listing them one folder at a time
/// took seconds; so the organization and body folders are listed first, and the bodies'
/// folders are then walked in parallel, each body's files handed on as soon as its listing
/// is done: a build parses one body while listing the next, rather than waiting for the
/// whole walk.
pub fn walk_with<T: Send>(
    content_dir: &Path,
    stated: bool,
    each: impl Fn(Found, Status) -> T + Sync,
) -> (Vec<T>, Vec<Diagnostic>) {
    let mut bodies: Vec<PathBuf> = Vec::new();
    let mut walked = Walked::stating(stated);
    walk_below(
        content_dir,
        content_dir,
        0,
        Some(2),
        &mut bodies,
        &mut walked,
    );
    let mut done: Vec<T> = (walked.found.into_iter())
        .map(|(found, status)| each(found, status))
        .collect();
    let mut problems = walked.problems;
    let deeper: Vec<(Vec<T>, Vec<Diagnostic>)> = bodies
        .par_iter()
        .map(|body| {
            let mut walked = Walked::stating(stated);
            walk_below(content_dir, body, 2, None, &mut Vec::new(), &mut walked);
            let done = (walked.found.into_par_iter())
                .map(|(found, status)| each(found, status))
                .collect();
            (done, walked.problems)
        })
        .collect();
    for (d, p) in deeper {
        done.extend(d);
        problems.extend(p);
    }
    (done, problems)
}

/// The Markdown files a walk found, with their status when `stated`, and its problems.
struct Walked {
    stated: bool,
    found: Vec<(Found, Status)>,
    problems: Vec<Diagnostic>,
}

impl Walked {
    fn stating(stated: bool) -> Walked {
        Walked {
            stated,
            found: Vec::new(),
            problems: Vec::new(),
        }
    }
}

/// The Markdown files below `dir`, which lies `depth` folders below `content_dir`, in the
/// order of their names; a folder at `max_depth` (when given) is pushed to `folders` to walk
/// later, not entered. A name starting with `.` is passed over, file or folder.
///
/// Listed with the standard library rather than walkdir: a folder's entries then give each
/// file's status relative to the open folder, one path component to look up, where asking
/// by the whole path looked up every folder above it again, 160,000 times at 10,000
/// meetings; the kept parses (see [`super::kept`]) are taken by that status.
fn walk_below(
    content_dir: &Path,
    dir: &Path,
    depth: usize,
    max_depth: Option<usize>,
    folders: &mut Vec<PathBuf>,
    walked: &mut Walked,
) {
    let cannot_read =
        |path: &Path, e: std::io::Error| Diagnostic::error(path, format!("cannot read: {e}"));
    let listing = match std::fs::read_dir(dir) {
        Ok(listing) => listing,
        Err(e) => return walked.problems.push(cannot_read(dir, e)),
    };
    let mut entries = Vec::new();
    for entry in listing {
        match entry {
            Ok(e) if e.file_name().as_encoded_bytes().starts_with(b".") => {}
            Ok(e) => entries.push(e),
            Err(e) => walked.problems.push(cannot_read(dir, e)),
        }
    }
    entries.sort_unstable_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let path = entry.path();
        let kind = match entry.file_type() {
            Ok(kind) => kind,
            Err(e) => {
                walked.problems.push(cannot_read(&path, e));
                continue;
            }
        };
        if kind.is_symlink() {
            walked.problems.push(symlink_skipped(&path));
        } else if kind.is_dir() && Some(depth + 1) == max_depth {
            folders.push(path);
        } else if kind.is_dir() {
            walk_below(content_dir, &path, depth + 1, max_depth, folders, walked);
        } else if kind.is_file() && path.extension().is_some_and(|x| x == "md") {
            let rel = path.strip_prefix(content_dir).unwrap_or(&path);
            match classify(rel) {
                Some(place) => {
                    let status = walked.stated.then(|| entry.metadata().ok()).flatten();
                    walked.found.push((Found { path, place }, status));
                }
                None => walked.problems.push(misplaced(&path)),
            }
        }
    }
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

/// Links are not followed: a link can lead out of the archive, or make one file two pages.
pub(crate) fn symlink_skipped(path: &Path) -> Diagnostic {
    let target = std::fs::read_link(path).map_or_else(|_| "?".into(), |t| t.display().to_string());
    Diagnostic::warning(
        path,
        format!("a symbolic link (to {target}) is skipped: its content is not published"),
    )
    .hint("copy the file or folder into content/ instead of linking to it")
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
    fn walks_every_level_and_reports_misplaced_files_at_any_depth() {
        let dir = tempfile::tempdir().unwrap();
        let files = [
            "r/b/2024-12-05/_index.md",
            "r/b/2024-12-05/229-x.md",
            "s/k/2025-01-01/_index.md",
            "top.md",
            "r/in-org.md",
            "r/b/in-body.md",
            "r/b/2024-12-05/extra/deep.md",
            "r/b/2024-12-05/notes.txt",
            "r/.git/b/m/_index.md",
            "r/b/.swap/x.md",
        ];
        for f in files {
            let path = dir.path().join(f);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        let (found, problems) = walk(dir.path());
        let mut found: Vec<String> = found
            .iter()
            .map(|f| {
                f.path
                    .strip_prefix(dir.path())
                    .unwrap()
                    .display()
                    .to_string()
            })
            .collect();
        found.sort();
        assert_eq!(
            found,
            [
                "r/b/2024-12-05/229-x.md",
                "r/b/2024-12-05/_index.md",
                "s/k/2025-01-01/_index.md"
            ]
        );
        let mut misplaced: Vec<String> = problems
            .iter()
            .map(|d| {
                d.path
                    .strip_prefix(dir.path())
                    .unwrap()
                    .display()
                    .to_string()
            })
            .collect();
        misplaced.sort();
        assert_eq!(
            misplaced,
            [
                "r/b/2024-12-05/extra/deep.md",
                "r/b/in-body.md",
                "r/in-org.md",
                "top.md"
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn symlinked_content_files_and_folders_are_named_in_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let meeting = dir.path().join("r/b/2024-12-05");
        std::fs::create_dir_all(&meeting).unwrap();
        std::fs::write(meeting.join("_index.md"), "x").unwrap();
        std::os::unix::fs::symlink(meeting.join("_index.md"), meeting.join("001-a.md")).unwrap();
        std::os::unix::fs::symlink(&meeting, dir.path().join("r/b/2024-12-06")).unwrap();
        std::os::unix::fs::symlink("/etc", dir.path().join("r/etc")).unwrap();
        let (found, problems) = walk(dir.path());
        assert_eq!(found.len(), 1);
        let mut shown: Vec<String> = problems
            .iter()
            .map(|d| d.clone().relative_to(dir.path()).to_string())
            .collect();
        shown.sort();
        let hint = "\n  hint: copy the file or folder into content/ instead of linking to it";
        let m = meeting.display();
        assert_eq!(
            shown,
            [
                format!("r/b/2024-12-05/001-a.md: warning: a symbolic link (to {m}/_index.md) is skipped: its content is not published{hint}"),
                format!("r/b/2024-12-06: warning: a symbolic link (to {m}) is skipped: its content is not published{hint}"),
                format!("r/etc: warning: a symbolic link (to /etc) is skipped: its content is not published{hint}"),
            ]
        );
        assert!(problems.iter().all(|d| !d.is_error()));
    }

    #[cfg(unix)]
    #[test]
    fn each_file_is_handed_on_with_its_own_status() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let meeting = dir.path().join("r/b/2024-12-05");
        std::fs::create_dir_all(&meeting).unwrap();
        std::fs::write(meeting.join("_index.md"), "x").unwrap();
        std::fs::write(meeting.join("001-a.md"), "longer text").unwrap();
        let (statuses, _) = walk_with(dir.path(), true, |found, status| {
            let status = status.expect("a status from the folder");
            let asked = std::fs::symlink_metadata(&found.path).unwrap();
            (status.ino(), status.len(), asked.ino(), asked.len())
        });
        assert_eq!(statuses.len(), 2);
        for (ino, len, asked_ino, asked_len) in statuses {
            assert_eq!((ino, len), (asked_ino, asked_len));
        }
    }

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
