//! Putting a finished staging folder in the output's place in one step, durably, and clearing
//! away the staging folders of builds that were killed.
//!
//! ```text
//! .public.tmp-<pid>   the new site, written and synced        ─┐ renameat2(RENAME_EXCHANGE):
//! public              the old site                            ─┘ one step, never no `public`
//! .public.tmp-<pid>   now the old site, removed after the parent folder is synced
//! ```
//!
//! Where the exchange is missing (not Linux, or a file system without it) the old output is
//! renamed aside and the new one into place: two steps, with a moment without `public`.

use std::path::{Path, PathBuf};

/// Swaps `staged` into `target`'s place; afterwards `staged` names the old output, if there
/// was one (the return value says whether there was). `aside` is where the two-step swap
/// puts the old output for a moment.
pub fn swap(staged: &Path, target: &Path, aside: &Path) -> std::io::Result<bool> {
    if std::fs::symlink_metadata(target).is_err() {
        std::fs::rename(staged, target)?;
        return Ok(false);
    }
    match exchange(staged, target) {
        Err(e) if exchange_unsupported(&e) => swap_by_renames(staged, target, aside)?,
        done => done?,
    }
    Ok(true)
}

/// The two-step swap: the old output aside, the new one into place, the old one back where
/// the new one was. A failure of the second step puts the old output back.
pub fn swap_by_renames(staged: &Path, target: &Path, aside: &Path) -> std::io::Result<()> {
    std::fs::rename(target, aside)?;
    if let Err(e) = std::fs::rename(staged, target) {
        let _ = std::fs::rename(aside, target);
        return Err(e);
    }
    std::fs::rename(aside, staged)
}

#[cfg(any(target_os = "linux", target_os = "android"))]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    Ok(renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE)?)
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

/// The errors of a kernel or file system that has no exchange (`EINVAL` from one that does
/// not support the flag, `ENOSYS` from a kernel before 3.15).
#[cfg(any(target_os = "linux", target_os = "android"))]
fn exchange_unsupported(e: &std::io::Error) -> bool {
    use rustix::io::Errno;
    matches!(
        Errno::from_io_error(e),
        Some(Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP)
    )
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn exchange_unsupported(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::Unsupported
}

/// Writes what is cached for the staging folder's file system to disk, so that once it is
/// swapped in its files are complete after a power loss. One `syncfs` for the whole tree:
/// an `fsync` per file would be hundreds of thousands of calls.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub fn sync_tree(dir: &Path) -> std::io::Result<()> {
    let folder = std::fs::File::open(dir)?;
    Ok(rustix::fs::syncfs(&folder)?)
}

#[cfg(all(unix, not(any(target_os = "linux", target_os = "android"))))]
pub fn sync_tree(_: &Path) -> std::io::Result<()> {
    rustix::fs::sync();
    Ok(())
}

/// Elsewhere there is no cheap way to sync a tree; the swap is still atomic.
#[cfg(not(unix))]
pub fn sync_tree(_: &Path) -> std::io::Result<()> {
    Ok(())
}

/// Makes the swap itself durable: the renames are entries of the parent folder.
#[cfg(unix)]
pub fn sync_folder(dir: &Path) -> std::io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
pub fn sync_folder(_: &Path) -> std::io::Result<()> {
    Ok(())
}

/// The staging folders that killed builds left beside the output `name` in `parent`
/// (`.<name>.tmp-<pid>`, `.<name>.old-<pid>`) whose process is no longer running. Only where
/// running processes can be looked up (`/proc`); elsewhere they are left.
pub fn leftovers(parent: &Path, name: &str) -> Vec<PathBuf> {
    if !Path::new("/proc/self").exists() {
        return Vec::new();
    }
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Vec::new();
    };
    let (tmp, old) = (format!(".{name}.tmp-"), format!(".{name}.old-"));
    let dead = |file_name: &str| {
        let pid = file_name
            .strip_prefix(&tmp)
            .or_else(|| file_name.strip_prefix(&old));
        pid.and_then(|p| p.parse::<u32>().ok()).is_some_and(|pid| {
            pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists()
        })
    };
    entries
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_str().is_some_and(dead))
        .map(|e| e.path())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder_with(path: &Path, file: &str) {
        std::fs::create_dir_all(path).unwrap();
        std::fs::write(path.join(file), file).unwrap();
    }

    #[test]
    fn swap_exchanges_old_and_new_or_renames_a_first_output() {
        let dir = tempfile::tempdir().unwrap();
        let (staged, target, aside) = (
            dir.path().join("new"),
            dir.path().join("public"),
            dir.path().join("aside"),
        );
        folder_with(&staged, "one");
        assert!(!swap(&staged, &target, &aside).unwrap(), "no old output");
        assert!(target.join("one").exists() && !staged.exists());
        folder_with(&staged, "two");
        assert!(swap(&staged, &target, &aside).unwrap());
        assert!(target.join("two").exists() && staged.join("one").exists());
        assert!(!aside.exists());
    }

    #[test]
    fn two_step_swap_moves_old_output_back_when_the_second_step_fails() {
        let dir = tempfile::tempdir().unwrap();
        let (staged, target, aside) = (
            dir.path().join("new"),
            dir.path().join("public"),
            dir.path().join("aside"),
        );
        folder_with(&target, "old");
        assert!(
            swap_by_renames(&staged, &target, &aside).is_err(),
            "nothing staged"
        );
        assert!(target.join("old").exists() && !aside.exists());
        folder_with(&staged, "new");
        swap_by_renames(&staged, &target, &aside).unwrap();
        assert!(target.join("new").exists() && staged.join("old").exists());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn leftovers_are_those_of_processes_no_longer_running() {
        let dir = tempfile::tempdir().unwrap();
        let mut child = std::process::Command::new("true").spawn().unwrap();
        child.wait().unwrap();
        let (dead, me) = (child.id(), std::process::id());
        for name in [
            format!(".public.tmp-{dead}"),
            format!(".public.old-{dead}"),
            format!(".public.tmp-{me}"),
            ".public.tmp-1".into(),
            ".public.tmp-x".into(),
            format!(".other.tmp-{dead}"),
            format!("public.tmp-{dead}"),
        ] {
            std::fs::create_dir(dir.path().join(name)).unwrap();
        }
        let mut found: Vec<String> = leftovers(dir.path(), "public")
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        found.sort();
        assert_eq!(
            found,
            [format!(".public.old-{dead}"), format!(".public.tmp-{dead}")]
        );
    }
}
