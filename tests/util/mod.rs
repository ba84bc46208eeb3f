//! Test harness: runs the real `diarium` binary and compares trees with golden folders.
//! On failure it prints the command, the folder and both streams, so a failing CI log says
//! everything needed to reproduce.

#![allow(dead_code)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct Run {
    pub cmd: String,
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn success(self) -> Run {
        assert_eq!(self.status, 0, "{self}");
        self
    }
    pub fn failure(self) -> Run {
        assert_ne!(self.status, 0, "expected failure\n{self}");
        self
    }
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "command: {}\nstatus: {}\n--- stdout\n{}\n--- stderr\n{}",
            self.cmd, self.status, self.stdout, self.stderr
        )
    }
}

pub fn diarium(dir: &Path, args: &[&str]) -> Run {
    let out: Output = Command::new(env!("CARGO_BIN_EXE_diarium"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run diarium");
    Run {
        cmd: format!("(cd {} && diarium {})", dir.display(), args.join(" ")),
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Copies a fixture into a fresh temporary folder, so tests never write into the repository.
pub fn copy_fixture(name: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture(name), tmp.path());
    tmp
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

pub fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

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

/// Relative paths of every file below `dir`.
pub fn files(dir: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

/// Compares `actual` with the golden folder: missing and surplus files fail, and so does any
/// difference in content. With `DIARIUM_BLESS=1` the golden folder is rewritten instead (then
/// read the diff like code before committing it).
pub fn assert_golden(actual: &Path, golden: &Path) {
    if std::env::var_os("DIARIUM_BLESS").is_some() {
        let _ = std::fs::remove_dir_all(golden);
        copy_dir(actual, golden);
        return;
    }
    let (have, want) = (files(actual), files(golden));
    let missing: Vec<_> = want.difference(&have).collect();
    let surplus: Vec<_> = have.difference(&want).collect();
    assert!(
        missing.is_empty() && surplus.is_empty(),
        "missing: {missing:?}\nsurplus: {surplus:?}\n(run with DIARIUM_BLESS=1 to accept)"
    );
    for f in &want {
        let (a, g) = (
            std::fs::read(actual.join(f)).unwrap(),
            std::fs::read(golden.join(f)).unwrap(),
        );
        if a != g {
            panic!(
                "{f} differs from the golden file {}\n--- actual\n{}\n(run with DIARIUM_BLESS=1 to accept)",
                golden.join(f).display(),
                String::from_utf8_lossy(&a)
            );
        }
    }
}
