//! output: pages → the output folder, never half-written, never anything but output.
//!
//! [`Target`] checks the folder before the build reads anything: it must not be or hold
//! anything `build` reads, and an existing folder is replaced only when `build` wrote it (it
//! holds the marker `.diarium-output`). Pages are written into a fresh sibling folder
//! (`.public.tmp-<pid>`); only when every page is written is it synced and exchanged with the
//! old output in one step (see `swap.rs`), so a failed or killed build leaves the previous
//! output complete and a reader of `public/` never sees a mix.
//!
//! A page identical to the one in the previous output is hard-linked from it rather than
//! written: on a rebuild most pages are unchanged, and creating inodes is what costs most on
//! a disk (on ext4 without a journal, creating a file right after many were deleted is
//! several times slower than reading one).

use crate::diag::Diagnostic;
use anyhow::Context as _;
use rayon::prelude::*;
use std::path::{Component, Path, PathBuf};

mod adopt;
mod folders;
pub mod lock;
mod spare;
mod swap;
mod target;

pub use adopt::adopt;
pub use spare::{spare_path, Spare};
pub use target::{Target, MARKER};

/// How [`Staging::write`] put a file in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// As a hard link of the old output's file, which had the same bytes.
    Linked,
    /// As a file of its own.
    New,
}

/// A folder being filled, to be swapped in with [`Staging::commit`].
pub struct Staging {
    target: PathBuf,
    parent: PathBuf,
    tmp: PathBuf,
    /// Where the two-step swap puts the old output for a moment.
    aside: PathBuf,
    /// Whether a previous output exists to reuse unchanged files from.
    reuse: bool,
    folders: folders::Folders,
}

impl Staging {
    /// Creates the fresh folder beside the target, after removing those of killed builds.
    pub fn new(target: &Target) -> anyhow::Result<Staging> {
        let target = target.path();
        let parent = target.parent().unwrap_or(Path::new("/"));
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
        for leftover in swap::leftovers(parent, &name) {
            remove_any(&leftover)
                .with_context(|| format!("cannot remove {}", leftover.display()))?;
        }
        let pid = std::process::id();
        let tmp = beside(target, &format!("tmp-{pid}"));
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp)
                .with_context(|| format!("cannot clear {}", tmp.display()))?;
        }
        std::fs::create_dir(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
        Ok(Staging {
            target: target.to_path_buf(),
            parent: parent.to_path_buf(),
            folders: folders::Folders::new(&tmp),
            aside: beside(target, &format!("old-{pid}")),
            tmp,
            reuse: target.is_dir(),
        })
    }

    /// Writes one file at `rel` (a `/`-separated path that must stay inside the folder).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<Written, Diagnostic> {
        if safe_join(Path::new(""), rel).is_none() {
            return Err(Diagnostic::error(
                rel,
                "refusing to write outside the output folder",
            ));
        }
        let folder = self.folders.make(rel)?;
        if self.reuse && self.link_unchanged(rel, &self.tmp.join(rel), bytes) {
            return Ok(Written::Linked);
        }
        folder.write(bytes).map(|()| Written::New)
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

    /// Marks and syncs the new folder and swaps it in; the old output is removed only after
    /// the new one is in place. (`build` keeps the old output: see [`Staging::commit_keeping_old`].)
    #[cfg(test)]
    pub fn commit(self) -> anyhow::Result<()> {
        if let Some(old) = self.commit_keeping_old()? {
            remove_any(&old).with_context(|| format!("cannot remove {}", old.display()))?;
        }
        Ok(())
    }

    /// [`Staging::commit`], leaving the old output, if there was one, where the new one was
    /// staged (`.public.tmp-<pid>`, which the next full build clears if this one is killed):
    /// its path is returned for the caller to keep (see [`adopt`]) or remove.
    pub fn commit_keeping_old(mut self) -> anyhow::Result<Option<PathBuf>> {
        // The open folders would outlive `forget` below.
        self.folders.close();
        let marker = self.tmp.join(target::MARKER);
        std::fs::write(&marker, target::MARKER_TEXT)
            .with_context(|| format!("cannot write {}", marker.display()))?;
        swap::sync_tree(&self.tmp)
            .with_context(|| format!("cannot sync {}", self.tmp.display()))?;
        let had_old = swap::swap(&self.tmp, &self.target, &self.aside)
            .with_context(|| format!("cannot move the new site into {}", self.target.display()))?;
        swap::sync_folder(&self.parent)
            .with_context(|| format!("cannot sync {}", self.parent.display()))?;
        // `tmp` now names the old output, which `Drop` must not remove.
        let old = had_old.then(|| self.tmp.clone());
        std::mem::forget(self);
        Ok(old)
    }
}

impl Drop for Staging {
    /// A build that failed or panicked leaves no temporary folder behind.
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.tmp);
    }
}

/// Levels of the old output whose entries [`remove_tree`] removes in parallel: down to the
/// meeting and case folders, so that even an archive of one organization and one body has
/// thousands of pieces of work to share.
const PARALLEL_LEVELS: usize = 3;

/// `remove_dir_all(dir)`, with the entries of its first `levels` levels removed in parallel:
/// the old output of a large archive has hundreds of thousands of entries, and unlinking them
/// one by one took seconds of the build's wall time on one core.
fn remove_tree(dir: &Path, levels: usize) -> std::io::Result<()> {
    if levels == 0 {
        return std::fs::remove_dir_all(dir);
    }
    let entries = std::fs::read_dir(dir)?.collect::<Result<Vec<_>, _>>()?;
    entries.par_iter().try_for_each(|entry| {
        // The entry's own type: a symbolic link is removed, never followed.
        if entry.file_type()?.is_dir() {
            remove_tree(&entry.path(), levels - 1)
        } else {
            std::fs::remove_file(entry.path())
        }
    })?;
    std::fs::remove_dir(dir)
}

/// Removes a folder tree, or the file or symbolic link by that name (never following it).
pub(crate) fn remove_any(path: &Path) -> std::io::Result<()> {
    if std::fs::symlink_metadata(path)?.is_dir() {
        remove_tree(path, PARALLEL_LEVELS)
    } else {
        std::fs::remove_file(path)
    }
}

/// `.<name>.<suffix>` beside the output folder `out` (`.public.spare`): where a build keeps
/// what belongs to that output, its staging folders, spare copy and cache.
pub fn beside(out: &Path, suffix: &str) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    out.with_file_name(format!(".{name}.{suffix}"))
}

/// `<path>.tmp`: where a file beside the output is written before it is renamed over `path`,
/// so that a killed build leaves the old file or the new one, never half of one.
pub fn tmp_beside(path: &Path) -> PathBuf {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    PathBuf::from(tmp)
}

/// A folder's identity (device and inode), to know it again on the next build.
pub fn folder_id(path: &Path) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        let m = std::fs::symlink_metadata(path).ok()?;
        m.is_dir().then(|| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
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

    /// `target` checked as the output of an archive in its parent folder.
    fn checked(target: &Path) -> Target {
        Target::check(target.parent().unwrap(), target).unwrap()
    }

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
        std::fs::write(target.join(MARKER), "").unwrap();
        std::fs::write(target.join("old.html"), "old").unwrap();
        {
            let s = Staging::new(&checked(&target)).unwrap();
            s.write("new.html", b"new").unwrap();
            // dropped without commit: a failed build
        }
        assert!(target.join("old.html").exists());
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary folder left"
        );
        let s = Staging::new(&checked(&target)).unwrap();
        s.write("new.html", b"new").unwrap();
        s.commit().unwrap();
        assert!(!target.join("old.html").exists() && target.join("new.html").exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn removes_a_tree_in_parallel_and_reports_failure() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("old");
        for f in [
            "a/b/c/d/e/f.html",
            "a/b/c/x.html",
            "a/y.html",
            "z.html",
            "q/r/s/t.html",
        ] {
            let path = root.join(f);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        std::fs::create_dir_all(root.join("empty/folder")).unwrap();
        #[cfg(unix)]
        {
            // A link to a folder outside is removed, not followed.
            let outside = dir.path().join("outside");
            std::fs::create_dir(&outside).unwrap();
            std::fs::write(outside.join("keep.html"), "x").unwrap();
            std::os::unix::fs::symlink(&outside, root.join("a/b/link")).unwrap();
        }
        remove_tree(&root, PARALLEL_LEVELS).unwrap();
        assert!(!root.exists());
        #[cfg(unix)]
        assert!(dir.path().join("outside/keep.html").exists());
        assert!(
            remove_tree(&root, PARALLEL_LEVELS).is_err(),
            "a missing folder is an error"
        );
    }

    #[test]
    fn threads_share_folders_made_before_or_by_each_other() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        let s = Staging::new(&checked(&target)).unwrap();
        // Folders another writer made first.
        std::fs::create_dir_all(s.tmp.join("org/body/m0/p0")).unwrap();
        let files: Vec<String> = (0..400)
            .flat_map(|n| {
                let (m, p) = (n % 7, n % 13);
                [
                    format!("org/body/m{m}/p{p}/f{n}.html"),
                    format!("org/body/m{m}/f{n}.xml"),
                    format!("top{n}.json"),
                    format!("one/f{n}.json"),
                ]
            })
            .collect();
        let write = |f: &String| s.write(f, f.as_bytes()).map(|_| ());
        // Rayon's workers, each with its own open folder, and plain threads sharing one.
        files.par_iter().try_for_each(write).unwrap();
        std::thread::scope(|scope| {
            for _ in 0..3 {
                scope.spawn(|| files.iter().rev().try_for_each(write).unwrap());
            }
        });
        s.commit().unwrap();
        for f in &files {
            assert_eq!(std::fs::read_to_string(target.join(f)).unwrap(), *f);
        }
    }

    #[test]
    fn a_file_in_the_way_of_a_folder_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let s = Staging::new(&checked(&dir.path().join("public"))).unwrap();
        s.write("a/b", b"file").unwrap();
        let e = s.write("a/b/index.html", b"page").unwrap_err();
        assert!(e.message.starts_with("cannot create folder"), "{e}");
        assert_eq!(e.path, s.tmp.join("a/b"));
        let e = s.write("a/b/c/index.html", b"page").unwrap_err();
        assert!(e.message.starts_with("cannot create folder"), "{e}");
        s.write("a/c/index.html", b"page").unwrap();
        let e = s.write("a/c", b"file").unwrap_err();
        assert!(e.message.starts_with("cannot write"), "{e}");
        let e = s.write("../x.html", b"x").unwrap_err();
        assert!(e.message.starts_with("refusing"), "{e}");
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
            let s = Staging::new(&checked(&target)).unwrap();
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
