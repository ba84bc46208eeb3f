//! Test harness for `diarium import`: run the real binary, compare trees with golden ones.
//! On failure it prints the command, the folder and both streams.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `diarium <args>` in `dir`.
pub fn diarium(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_diarium"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("the diarium binary runs")
}

pub fn show(dir: &Path, args: &[&str], out: &Output) -> String {
    format!(
        "command: diarium {}\nin: {}\nstatus: {}\n--- stdout\n{}\n--- stderr\n{}",
        args.join(" "),
        dir.display(),
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Every file under `root` (dot-files included), relative path → bytes.
pub fn tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Fails on missing, surplus and differing files, with a hint to regenerate.
pub fn assert_same_tree(actual: &Path, expected: &Path, regenerate: &str) {
    let (a, e) = (tree(actual), tree(expected));
    let mut problems = Vec::new();
    for (rel, bytes) in &e {
        match a.get(rel) {
            None => problems.push(format!("missing: {rel}")),
            Some(b) if b != bytes => {
                problems.push(format!("differs: {rel}\n{}", first_diff(bytes, b)))
            }
            _ => {}
        }
    }
    for rel in a.keys().filter(|r| !e.contains_key(*r)) {
        problems.push(format!("surplus: {rel}"));
    }
    assert!(
        problems.is_empty(),
        "{} differs from {}:\n{}\nhint: if the change is intended, regenerate with `{regenerate}` and read the diff like code",
        actual.display(),
        expected.display(),
        problems.join("\n")
    );
}

fn first_diff(expected: &[u8], actual: &[u8]) -> String {
    let (e, a) = (
        String::from_utf8_lossy(expected),
        String::from_utf8_lossy(actual),
    );
    let line = e
        .lines()
        .zip(a.lines())
        .position(|(x, y)| x != y)
        .unwrap_or(e.lines().count().min(a.lines().count()));
    format!(
        "  line {}:\n  - {}\n  + {}",
        line + 1,
        e.lines().nth(line).unwrap_or("<end>"),
        a.lines().nth(line).unwrap_or("<end>")
    )
}

/// Copies a folder (sources and their sidecars) into `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
