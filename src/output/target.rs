//! The output folder, checked before anything is read or written: `build` replaces the whole
//! folder, so it must be a folder that `build` wrote (or an empty or missing one), and never
//! one that `build` reads.
//!
//! ```text
//! --out public          fine: missing, empty, or holding the marker `.diarium-output`
//! --out content         refused: is content/, which build reads
//! --out .   --out ..    refused: is or contains the archive
//! --out content/site    refused: lies inside content/
//! --out ~/Documents     refused: a folder diarium did not write
//! ```
//!
//! Paths are compared resolved (symbolic links followed, `..` taken), so `public/../content`
//! or a link to content/ is recognized for what it is.

use crate::diag::Diagnostic;
use std::path::{Component, Path, PathBuf};

/// The file `build` writes into every output; only a folder holding it is replaced.
pub const MARKER: &str = ".diarium-output";

/// What the marker file says to whoever opens it.
pub const MARKER_TEXT: &str =
    "This folder was written by `diarium build`, which replaces it whole at the next build.\n";

/// What `build` reads, beside the archive folder itself.
const INPUTS: [&str; 6] = [
    "content",
    "themes",
    "templates",
    "static",
    "sources",
    "site.toml",
];

/// An output folder that `build` may replace.
#[derive(Debug, Clone)]
pub struct Target {
    path: PathBuf,
}

impl Target {
    /// Checks `out` (as the user named it: relative to the current folder or absolute)
    /// against the archive at `root`.
    pub fn check(root: &Path, out: &Path) -> Result<Target, Diagnostic> {
        let resolved = |p: &Path| {
            resolve(p).map_err(|e| Diagnostic::error(p, format!("cannot resolve the path: {e}")))
        };
        let path = resolved(out)?;
        let root_path = resolved(root)?;
        let refuse = |message: String| {
            Diagnostic::error(out, message)
                .hint("write the site to a folder of its own, for example `--out public`")
        };
        if let Some(relation) = relation(&path, &root_path) {
            if relation != "lies inside" {
                return Err(refuse(format!(
                    "--out {relation} the archive folder; build would replace it"
                )));
            }
        }
        for input in INPUTS {
            let input_path = resolved(&root_path.join(input))?;
            if let Some(relation) = relation(&path, &input_path) {
                return Err(refuse(format!(
                    "--out {relation} {}, which build reads; build would replace it",
                    shown(input)
                )));
            }
        }
        check_existing(out, &path)?;
        Ok(Target { path })
    }

    /// The folder, resolved.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// How `out` stands to `input`: "is", "contains" or "lies inside"; None when apart.
fn relation(out: &Path, input: &Path) -> Option<&'static str> {
    if out == input {
        Some("is")
    } else if input.starts_with(out) {
        Some("contains")
    } else if out.starts_with(input) {
        Some("lies inside")
    } else {
        None
    }
}

fn shown(input: &str) -> String {
    if input.contains('.') {
        input.to_string()
    } else {
        format!("{input}/")
    }
}

/// An existing `out` must be a folder that is empty, marked, or an older diarium's output.
fn check_existing(out: &Path, path: &Path) -> Result<(), Diagnostic> {
    let Ok(meta) = std::fs::metadata(path) else {
        return Ok(());
    };
    if !meta.is_dir() {
        return Err(Diagnostic::error(out, "--out is a file, not a folder")
            .hint("name a folder for the site, for example `--out public`"));
    }
    let empty = std::fs::read_dir(path)
        .map_err(|e| Diagnostic::error(out, format!("cannot read the folder: {e}")))?
        .next()
        .is_none();
    if empty || path.join(MARKER).is_file() || is_older_output(path) {
        return Ok(());
    }
    Err(Diagnostic::error(
        out,
        format!("--out is a folder that diarium did not write (it has no {MARKER}); build would replace everything in it"),
    )
    .hint("choose another --out, or empty the folder first if nothing in it is to be kept"))
}

/// Output written before the marker existed: the open data that every diarium build writes,
/// signed with the generator's name, beside the home page and the sitemap.
fn is_older_output(path: &Path) -> bool {
    let signed = std::fs::read(path.join("data/meetings.json"))
        .is_ok_and(|b| b.starts_with(br#"{"schema_version":1,"generator":"diarium","#));
    signed && path.join("index.html").is_file() && path.join("sitemap.xml").is_file()
}

/// `path` made absolute, with symbolic links followed and `.`/`..` taken, whether or not it
/// exists yet: the deepest existing ancestor is canonicalized and the rest appended. A `..`
/// after a missing folder cancels it, which may land on an existing link, so this repeats
/// until nothing changes.
fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let mut current = std::path::absolute(path)?;
    for _ in 0..40 {
        let next = resolve_once(&current)?;
        if next == current {
            break;
        }
        current = next;
    }
    Ok(current)
}

fn resolve_once(path: &Path) -> std::io::Result<PathBuf> {
    let mut rest = Vec::new();
    let mut existing = path;
    let base = loop {
        match existing.canonicalize() {
            Ok(base) => break base,
            Err(e) => {
                let (Some(parent), Some(last)) =
                    (existing.parent(), existing.components().next_back())
                else {
                    return Err(e);
                };
                rest.push(last);
                existing = parent;
            }
        }
    };
    let mut resolved = base;
    for component in rest.into_iter().rev() {
        match component {
            Component::ParentDir => {
                resolved.pop();
            }
            Component::CurDir => {}
            other => resolved.push(other),
        }
    }
    Ok(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_missing_folders_and_parent_steps() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().canonicalize().unwrap();
        std::fs::create_dir(base.join("a")).unwrap();
        assert_eq!(resolve(&base.join("a/x/y")).unwrap(), base.join("a/x/y"));
        assert_eq!(resolve(&base.join("a/x/../..")).unwrap(), base);
        assert_eq!(resolve(&base.join("a/./x/../b")).unwrap(), base.join("a/b"));
        #[cfg(unix)]
        {
            std::fs::create_dir_all(base.join("real/deep")).unwrap();
            std::os::unix::fs::symlink(base.join("real/deep"), base.join("a/link")).unwrap();
            // A `..` after a missing folder lands on a link, which is then followed.
            assert_eq!(
                resolve(&base.join("a/missing/../link/z")).unwrap(),
                base.join("real/deep/z")
            );
        }
    }

    #[test]
    fn relations() {
        let p = Path::new;
        assert_eq!(relation(p("/a/b"), p("/a/b")), Some("is"));
        assert_eq!(relation(p("/a"), p("/a/b")), Some("contains"));
        assert_eq!(relation(p("/a/b/c"), p("/a/b")), Some("lies inside"));
        assert_eq!(relation(p("/a/bc"), p("/a/b")), None);
    }
}
