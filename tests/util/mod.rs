//! The test harness every integration test shares: it runs the real `diarium` binary
//! ([`diarium`], which gives a [`Run`]), lays out fixtures in temporary folders, and compares
//! what a run wrote with golden files ([`assert_golden`] for a folder,
//! [`assert_golden_file`] for one file).
//!
//! A failing run prints the command as a line to paste into a shell, its folder, its exit
//! status and both streams in full. A failing golden comparison lists, in one message, every
//! missing file, every surplus file and every differing file with a unified diff.
//!
//! To accept an intended change, run the test with `UPDATE_GOLDEN=1`, e.g.
//! `UPDATE_GOLDEN=1 cargo test --test build`: the golden files are rewritten to what the run
//! produced (changed and new files written, surplus ones removed). Then read `git diff` of the
//! golden folder like code before committing it.

// Each test file uses a part of the harness; the rest is dead code there.
#![allow(dead_code, unused_imports)]

mod golden;
mod run;
mod sitemap;

pub use golden::{
    assert_golden, assert_golden_file, compare_trees, file_diff, files, tree, update_golden,
    TreeDiff, UPDATE_GOLDEN,
};
pub use run::{command, command_line, diarium, diarium_as_of, Run, BIN};
pub use sitemap::{sitemap_parts, sitemap_urls, MAX_BYTES, MAX_URLS};

use std::path::{Path, PathBuf};

/// The repository's root (the crate's folder).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A folder or file below `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// Copies a fixture into a fresh temporary folder, so tests never write into the repository.
pub fn copy_fixture(name: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture(name), tmp.path());
    tmp
}

/// Copies the folder `from` with everything below it into `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap_or_else(|e| panic!("walk {}: {e}", from.display()));
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest)
                .unwrap_or_else(|e| panic!("create {}: {e}", dest.display()));
        } else {
            std::fs::copy(entry.path(), &dest).unwrap_or_else(|e| {
                panic!("copy {} to {}: {e}", entry.path().display(), dest.display())
            });
            settle_time(&dest);
        }
    }
}

/// The tests' build day (see `run::command`): the time every file a test copies or writes is
/// given, so that what the open data says of when a file changed (`modified`) is the same on
/// every checkout.
pub const TEST_EPOCH: u64 = 1_734_696_000;

/// Sets the file's modification time to [`TEST_EPOCH`].
pub fn settle_time(path: &Path) {
    let time = std::time::UNIX_EPOCH + std::time::Duration::from_secs(TEST_EPOCH);
    std::fs::File::options()
        .append(true)
        .open(path)
        .and_then(|f| f.set_modified(time))
        .unwrap_or_else(|e| panic!("set the time of {}: {e}", path.display()));
}

/// Writes `contents` to `root/rel`, creating the folders on the way.
pub fn write(root: &Path, rel: &str, contents: &(impl AsRef<[u8]> + ?Sized)) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap())
        .unwrap_or_else(|e| panic!("create the folder of {}: {e}", path.display()));
    std::fs::write(&path, contents).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    settle_time(&path);
}

/// The meeting folder of [`small_site`].
pub const MEETING: &str = "content/org/styrelsen/2024-01-10";

/// A minimal valid site to break in one place per test.
pub fn small_site() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    write(
        root,
        "site.toml",
        "title = \"T\"\n[accessibility]\ncontact_email = \"webb@example.se\"\n",
    );
    write(
        root,
        &format!("{MEETING}/_index.md"),
        "---\norganization: Org\nbody: Styrelsen\ndate: 2024-01-10\nkind: protokoll\n---\n",
    );
    write(
        root,
        &format!("{MEETING}/001-a.md"),
        "---\nnumber: 1\ntitle: A\n---\n\nText.\n",
    );
    tmp
}
