//! The spare output: a second copy of the site beside the live one (`.public.spare`), for the
//! incremental build. It holds the live site as it was one build ago; a build brings it up to
//! date by writing only the files that differ, syncs it, and exchanges it with the live folder
//! in one step, as a full build exchanges its fresh folder (see `swap.rs`). The old live
//! folder then becomes the spare, one build behind.
//!
//! The two folders share the inodes of every file that did not change: a spare is first made
//! as hard links of the live site, and a file is only ever replaced (unlinked, then written
//! or linked anew), never written through, so changing one folder never changes the other.
//!
//! While a build changes it, the spare lies under another name (`.public.spare-work`): a build
//! killed then leaves no folder at `.public.spare` for the next one to trust, which makes a
//! fresh spare instead.

use super::swap;
use crate::diag::Diagnostic;
use anyhow::Context as _;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

pub struct Spare {
    live: PathBuf,
    path: PathBuf,
}

/// The spare folder of the output `live`.
pub fn spare_path(live: &Path) -> PathBuf {
    super::beside(live, "spare")
}

/// Where the spare lies while a build changes it.
fn work_path(live: &Path) -> PathBuf {
    super::beside(live, "spare-work")
}

impl Spare {
    /// The spare of `live` when it is the folder known to the cache (`known`, by inode), or a
    /// fresh one made as hard links of `live`. Returns it and whether it was kept.
    pub fn prepare(live: &Path, known: Option<(u64, u64)>) -> anyhow::Result<(Spare, bool)> {
        let (resting, path) = (spare_path(live), work_path(live));
        let spare = Spare {
            live: live.to_path_buf(),
            path: path.clone(),
        };
        // What a killed build left.
        if std::fs::symlink_metadata(&path).is_ok() {
            super::remove_any(&path)
                .with_context(|| format!("cannot remove {}", path.display()))?;
        }
        let found = super::folder_id(&resting);
        if known.is_some() && found == known {
            std::fs::rename(&resting, &path)
                .with_context(|| format!("cannot move {}", resting.display()))?;
            return Ok((spare, true));
        }
        if found.is_some() {
            super::remove_any(&resting)
                .with_context(|| format!("cannot remove {}", resting.display()))?;
        }
        mirror(live, &path).with_context(|| format!("cannot make {}", path.display()))?;
        Ok((spare, false))
    }

    pub fn inode(&self) -> Option<(u64, u64)> {
        super::folder_id(&self.path)
    }

    /// Puts `bytes` at `rel`, replacing what is there.
    pub fn put(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let to = self.place(rel)?;
        std::fs::write(&to, bytes).map_err(|e| Diagnostic::error(&to, format!("cannot write: {e}")))
    }

    /// Puts the live site's file at `rel`, replacing what is there (a hard link: no bytes
    /// copied).
    pub fn take_live(&self, rel: &str) -> Result<(), Diagnostic> {
        let to = self.place(rel)?;
        let from = self.live.join(rel);
        std::fs::hard_link(&from, &to)
            .or_else(|_| std::fs::copy(&from, &to).map(|_| ()))
            .map_err(|e| Diagnostic::error(&to, format!("cannot link {}: {e}", from.display())))
    }

    /// Removes the file at `rel`, and the folders it leaves empty.
    pub fn remove(&self, rel: &str) -> Result<(), Diagnostic> {
        let path = self.unlinked(rel)?;
        let mut dir = path.parent();
        while let Some(d) = dir.filter(|d| *d != self.path) {
            if std::fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
        Ok(())
    }

    /// Syncs the spare and exchanges it with the live folder; the old live site then rests
    /// as the spare.
    pub fn commit(self) -> anyhow::Result<()> {
        swap::sync_tree(&self.path)
            .with_context(|| format!("cannot sync {}", self.path.display()))?;
        let aside = super::beside(&self.live, "aside");
        swap::swap(&self.path, &self.live, &aside)
            .with_context(|| format!("cannot move the new site into {}", self.live.display()))?;
        let resting = spare_path(&self.live);
        std::fs::rename(&self.path, &resting)
            .with_context(|| format!("cannot move {}", self.path.display()))?;
        if let Some(parent) = self.live.parent() {
            swap::sync_folder(parent)
                .with_context(|| format!("cannot sync {}", parent.display()))?;
        }
        Ok(())
    }

    /// The spare's path for `rel`, with nothing there and its folder made.
    fn place(&self, rel: &str) -> Result<PathBuf, Diagnostic> {
        let path = self.unlinked(rel)?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| Diagnostic::error(dir, format!("cannot create folder: {e}")))?;
        }
        Ok(path)
    }

    fn unlinked(&self, rel: &str) -> Result<PathBuf, Diagnostic> {
        let path = super::safe_join(&self.path, rel)
            .ok_or_else(|| Diagnostic::error(rel, "refusing to write outside the output folder"))?;
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(Diagnostic::error(&path, format!("cannot remove: {e}")))
            }
            _ => Ok(path),
        }
    }
}

/// Makes `to` a copy of the folder tree `from` in hard links: folders made one by one (each
/// needs its parent), files linked in parallel.
fn mirror(from: &Path, to: &Path) -> std::io::Result<()> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.map_err(std::io::Error::other)?;
        let rel = entry.path().strip_prefix(from).unwrap_or(entry.path());
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir(&dest)?;
        } else if entry.file_type().is_file() {
            files.push((entry.into_path(), dest));
        }
    }
    files
        .par_iter()
        .try_for_each(|(from, to)| std::fs::hard_link(from, to))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spare_changes_only_by_replacing_files_and_then_takes_the_live_place() {
        let dir = tempfile::tempdir().unwrap();
        let live = dir.path().join("public");
        std::fs::create_dir_all(live.join("a/b")).unwrap();
        std::fs::write(live.join("a/b/index.html"), "ab").unwrap();
        std::fs::write(live.join("index.html"), "home").unwrap();
        let (spare, kept) = Spare::prepare(&live, None).unwrap();
        assert!(!kept, "made fresh");
        spare.put("index.html", b"new home").unwrap();
        spare.put("c/index.html", b"c").unwrap();
        spare.remove("a/b/index.html").unwrap();
        // The live site is untouched, though the files were hard links.
        assert_eq!(
            std::fs::read_to_string(live.join("index.html")).unwrap(),
            "home"
        );
        assert!(live.join("a/b/index.html").exists());
        let inode = spare.inode();
        spare.commit().unwrap();
        assert_eq!(
            std::fs::read_to_string(live.join("index.html")).unwrap(),
            "new home"
        );
        assert!(live.join("c/index.html").exists());
        assert!(!live.join("a").exists(), "emptied folders go");
        assert_eq!(crate::output::folder_id(&live), inode);
        // The old live site is the spare now, and is kept when the cache knows it.
        let old = spare_path(&live);
        assert_eq!(
            std::fs::read_to_string(old.join("index.html")).unwrap(),
            "home"
        );
        let known = crate::output::folder_id(&old);
        let (spare, kept) = Spare::prepare(&live, known).unwrap();
        assert!(kept);
        assert!(
            !old.exists(),
            "changed under another name: a kill leaves no spare to trust"
        );
        spare.take_live("c/index.html").unwrap();
        spare.put("index.html", b"newer home").unwrap();
        spare.commit().unwrap();
        let read = |p: &Path| std::fs::read_to_string(p).unwrap();
        assert_eq!(read(&live.join("c/index.html")), "c");
        assert_eq!(read(&live.join("index.html")), "newer home");
        assert_eq!(read(&old.join("index.html")), "new home");
    }
}
