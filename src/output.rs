//! output: pages → the output folder, never half-written. Pages are written into a fresh
//! sibling folder (`.public.tmp-<pid>`); only when every page is written is the old output
//! moved aside and the new one renamed into place, so a failed build leaves the previous
//! output untouched and a reader of `public/` never sees a mix.
//!
//! A page identical to the one in the previous output is hard-linked from it rather than
//! written: on a rebuild most pages are unchanged, and creating inodes is what costs most on
//! a disk (on ext4 without a journal, creating a file right after many were deleted is
//! several times slower than reading one).

use crate::diag::Diagnostic;
use anyhow::Context as _;
use std::path::{Component, Path, PathBuf};

/// A folder being filled, to be swapped in with [`Staging::commit`].
pub struct Staging {
    target: PathBuf,
    tmp: PathBuf,
    /// Whether a previous output exists to reuse unchanged files from.
    reuse: bool,
}

impl Staging {
    /// Creates the fresh folder beside `target`.
    pub fn new(target: &Path) -> anyhow::Result<Staging> {
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
        let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp)
                .with_context(|| format!("cannot clear {}", tmp.display()))?;
        }
        std::fs::create_dir(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
        Ok(Staging {
            target: target.to_path_buf(),
            tmp,
            reuse: target.is_dir(),
        })
    }

    /// Writes one file at `rel` (a `/`-separated path that must stay inside the folder).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let path = safe_join(&self.tmp, rel)
            .ok_or_else(|| Diagnostic::error(rel, "refusing to write outside the output folder"))?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| Diagnostic::error(dir, format!("cannot create folder: {e}")))?;
        }
        if self.reuse && self.link_unchanged(rel, &path, bytes) {
            return Ok(());
        }
        std::fs::write(&path, bytes)
            .map_err(|e| Diagnostic::error(&path, format!("cannot write: {e}")))
    }

    /// Hard-links the previous output's file when its bytes are `bytes`; false otherwise.
    fn link_unchanged(&self, rel: &str, path: &Path, bytes: &[u8]) -> bool {
        let Some(old) = safe_join(&self.target, rel) else {
            return false;
        };
        let same_len =
            std::fs::metadata(&old).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64);
        let same = same_len && std::fs::read(&old).is_ok_and(|b| b == bytes);
        same && std::fs::hard_link(&old, path).is_ok()
    }

    /// Swaps the new folder in; the old output is removed only after the new one is in place.
    pub fn commit(self) -> anyhow::Result<()> {
        let old = self.tmp.with_file_name(format!(
            ".{}.old-{}",
            self.target
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            std::process::id()
        ));
        let had_old = self.target.exists();
        if had_old {
            std::fs::rename(&self.target, &old)
                .with_context(|| format!("cannot move the old {} aside", self.target.display()))?;
        }
        if let Err(e) = std::fs::rename(&self.tmp, &self.target) {
            if had_old {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(e).with_context(|| {
                format!("cannot move the new site into {}", self.target.display())
            });
        }
        if had_old {
            std::fs::remove_dir_all(&old)
                .with_context(|| format!("cannot remove {}", old.display()))?;
        }
        std::mem::forget(self);
        Ok(())
    }
}

impl Drop for Staging {
    /// A build that failed or panicked leaves no temporary folder behind.
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.tmp);
    }
}

/// `base/rel` when `rel` is a plain relative path (no `..`, no root, no prefix).
pub fn safe_join(base: &Path, rel: &str) -> Option<PathBuf> {
    let rel_path = Path::new(rel);
    let plain = !rel.is_empty()
        && rel_path
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
    plain.then(|| base.join(rel_path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths() {
        let b = Path::new("/out");
        assert_eq!(
            safe_join(b, "a/index.html"),
            Some(PathBuf::from("/out/a/index.html"))
        );
        for bad in ["../x", "a/../../x", "/etc/passwd", "", "a/./../b"] {
            assert_eq!(safe_join(b, bad), None, "{bad}");
        }
    }

    #[test]
    fn failed_build_leaves_old_output() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("old.html"), "old").unwrap();
        {
            let s = Staging::new(&target).unwrap();
            s.write("new.html", b"new").unwrap();
            // dropped without commit: a failed build
        }
        assert!(target.join("old.html").exists());
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary folder left"
        );
        let s = Staging::new(&target).unwrap();
        s.write("new.html", b"new").unwrap();
        s.commit().unwrap();
        assert!(!target.join("old.html").exists() && target.join("new.html").exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    fn inode(path: &Path) -> u64 {
        std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(path).unwrap())
    }

    #[cfg(not(unix))]
    fn inode(_: &Path) -> u64 {
        0
    }

    #[test]
    fn unchanged_files_are_reused_and_changed_ones_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        let mut inodes = Vec::new();
        for (same, changed) in [("same", "one"), ("same", "two")] {
            let s = Staging::new(&target).unwrap();
            s.write("a/same.html", same.as_bytes()).unwrap();
            s.write("changed.html", changed.as_bytes()).unwrap();
            s.commit().unwrap();
            inodes.push(inode(&target.join("a/same.html")));
        }
        assert_eq!(
            inodes[0], inodes[1],
            "the unchanged file was linked, not rewritten"
        );
        assert_eq!(
            std::fs::read_to_string(target.join("a/same.html")).unwrap(),
            "same"
        );
        assert_eq!(
            std::fs::read_to_string(target.join("changed.html")).unwrap(),
            "two"
        );
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "old output removed"
        );
    }
}
