//! Golden comparison: a produced folder or file against its committed expectation. The
//! whole tree is compared, and the report lists every missing, surplus and differing file,
//! the differing ones with a unified diff (a few lines of context, capped per file and in
//! all, so a log stays readable). `UPDATE_GOLDEN=1` rewrites the golden files instead.

use similar::TextDiff;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

/// Set (to any value), golden comparisons rewrite the golden files instead of failing.
pub const UPDATE_GOLDEN: &str = "UPDATE_GOLDEN";

/// Lines of context around each change in a diff.
const CONTEXT: usize = 3;
/// Diff lines shown for one file; the rest is counted.
const FILE_LINES: usize = 60;
/// Diff lines shown in one report; files past it are listed by name only.
const REPORT_LINES: usize = 600;
/// Characters shown of one diff line (a minified page can be one long line).
const LINE_CHARS: usize = 300;

/// Every file under `root` (dot-files included), relative path with `/` → bytes. A folder
/// that does not exist is an empty tree, so a golden folder can be made from nothing.
pub fn tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut tree = BTreeMap::new();
    if !root.exists() {
        return tree;
    }
    for entry in walkdir::WalkDir::new(root) {
        let entry = entry.unwrap_or_else(|e| panic!("walk {}: {e}", root.display()));
        if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path())
                .unwrap_or_else(|e| panic!("read {}: {e}", entry.path().display()));
            tree.insert(relative(root, entry.path()), bytes);
        }
    }
    tree
}

/// Relative paths of every file under `dir`.
pub fn files(dir: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap_or_else(|e| panic!("walk {}: {e}", dir.display())))
        .filter(|e| e.file_type().is_file())
        .map(|e| relative(dir, e.path()))
        .collect()
}

fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap();
    rel.to_string_lossy().replace('\\', "/")
}

/// How a produced tree differs from its golden tree.
pub struct TreeDiff {
    pub golden: PathBuf,
    pub actual: PathBuf,
    /// In the golden tree, not produced.
    pub missing: Vec<String>,
    /// Produced, not in the golden tree.
    pub surplus: Vec<String>,
    /// In both, with different bytes: the path and its diff (golden `-`, actual `+`).
    pub differing: Vec<(String, String)>,
}

/// Compares the whole tree `actual` with the golden tree.
pub fn compare_trees(actual: &Path, golden: &Path) -> TreeDiff {
    let (want, have) = (tree(golden), tree(actual));
    let mut diff = TreeDiff {
        golden: golden.to_path_buf(),
        actual: actual.to_path_buf(),
        missing: Vec::new(),
        surplus: have
            .keys()
            .filter(|f| !want.contains_key(*f))
            .cloned()
            .collect(),
        differing: Vec::new(),
    };
    for (rel, expected) in &want {
        match have.get(rel) {
            None => diff.missing.push(rel.clone()),
            Some(got) if got != expected => {
                diff.differing
                    .push((rel.clone(), file_diff(rel, got, expected)));
            }
            Some(_) => {}
        }
    }
    diff
}

impl TreeDiff {
    pub fn is_empty(&self) -> bool {
        self.missing.is_empty() && self.surplus.is_empty() && self.differing.is_empty()
    }
}

impl fmt::Display for TreeDiff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} differs from the golden folder {}: {} missing (golden, not produced), \
             {} surplus (produced, not golden), {} differing",
            self.actual.display(),
            self.golden.display(),
            self.missing.len(),
            self.surplus.len(),
            self.differing.len()
        )?;
        for rel in &self.missing {
            writeln!(f, "missing: {rel}")?;
        }
        for rel in &self.surplus {
            writeln!(f, "surplus: {rel}")?;
        }
        let mut shown = 0;
        for (rel, diff) in &self.differing {
            if shown >= REPORT_LINES {
                writeln!(
                    f,
                    "differs: {rel} (diff left out: the report is long enough)"
                )?;
                continue;
            }
            writeln!(f, "differs: {rel}\n{diff}")?;
            shown += diff.lines().count();
        }
        Ok(())
    }
}

/// A unified diff from `golden` to `actual` (text), or their sizes (binary), headed by `rel`.
pub fn file_diff(rel: &str, actual: &[u8], golden: &[u8]) -> String {
    let (Some(want), Some(have)) = (text(golden), text(actual)) else {
        return format!(
            "binary files differ: {rel} is {} bytes in the golden folder, {} bytes produced",
            golden.len(),
            actual.len()
        );
    };
    let unified = TextDiff::from_lines(want, have)
        .unified_diff()
        .context_radius(CONTEXT)
        .header(&format!("golden/{rel}"), &format!("actual/{rel}"))
        .to_string();
    let lines: Vec<&str> = unified.lines().collect();
    let mut out: Vec<String> = lines.iter().take(FILE_LINES).map(|l| clip(l)).collect();
    if lines.len() > FILE_LINES {
        out.push(format!(
            "… {} more lines of this diff",
            lines.len() - FILE_LINES
        ));
    }
    out.join("\n")
}

/// The bytes as text, unless they are not UTF-8 or hold a NUL (then the file is binary).
fn text(bytes: &[u8]) -> Option<&str> {
    std::str::from_utf8(bytes)
        .ok()
        .filter(|t| !t.contains('\0'))
}

fn clip(line: &str) -> String {
    match line.char_indices().nth(LINE_CHARS) {
        Some((at, _)) => format!("{}… ({} more bytes)", &line[..at], line.len() - at),
        None => line.to_string(),
    }
}

/// Makes the golden tree equal to the produced one: differing and surplus files are
/// written, missing ones removed (with the folders they leave empty). Files already equal
/// are not touched.
pub fn update_golden(diff: &TreeDiff) {
    let copy = |rel: &String| {
        let (from, to) = (diff.actual.join(rel), diff.golden.join(rel));
        std::fs::create_dir_all(to.parent().unwrap())
            .unwrap_or_else(|e| panic!("create the folder of {}: {e}", to.display()));
        std::fs::copy(&from, &to)
            .unwrap_or_else(|e| panic!("copy {} to {}: {e}", from.display(), to.display()));
    };
    diff.surplus.iter().for_each(copy);
    diff.differing.iter().map(|(rel, _)| rel).for_each(copy);
    for rel in &diff.missing {
        let path = diff.golden.join(rel);
        std::fs::remove_file(&path).unwrap_or_else(|e| panic!("remove {}: {e}", path.display()));
        // Folders left empty go too; `remove_dir` refuses a folder that still holds a file.
        let mut dir = path.parent();
        while let Some(d) = dir.filter(|d| *d != diff.golden && std::fs::remove_dir(d).is_ok()) {
            dir = d.parent();
        }
    }
}

/// Asserts the folder `actual` equals the golden folder; with `UPDATE_GOLDEN` set, makes the
/// golden folder equal to it instead.
pub fn assert_golden(actual: &Path, golden: &Path) {
    let diff = compare_trees(actual, golden);
    if diff.is_empty() {
        return;
    }
    if updating() {
        update_golden(&diff);
        eprintln!("{UPDATE_GOLDEN}: rewrote {}", golden.display());
        return;
    }
    panic!("{diff}{}", accept_hint());
}

/// Asserts `actual` equals the golden file (a missing golden file reads as empty); with
/// `UPDATE_GOLDEN` set, writes `actual` to it instead.
pub fn assert_golden_file(actual: &str, golden: &Path) {
    let want = std::fs::read(golden).unwrap_or_default();
    if want == actual.as_bytes() {
        return;
    }
    if updating() {
        std::fs::write(golden, actual)
            .unwrap_or_else(|e| panic!("write {}: {e}", golden.display()));
        eprintln!("{UPDATE_GOLDEN}: rewrote {}", golden.display());
        return;
    }
    let name = golden.file_name().unwrap_or_default().to_string_lossy();
    panic!(
        "the output differs from the golden file {}:\n{}\n{}",
        golden.display(),
        file_diff(&name, actual.as_bytes(), &want),
        accept_hint()
    );
}

fn updating() -> bool {
    std::env::var_os(UPDATE_GOLDEN).is_some()
}

/// The command that accepts the change, naming this test file.
fn accept_hint() -> String {
    let exe = std::env::current_exe().unwrap_or_default();
    let stem = exe.file_stem().unwrap_or_default().to_string_lossy();
    // Cargo names a test binary `<file>-<hash>`.
    let test = stem.rsplit_once('-').map_or(&*stem, |(name, _)| name);
    format!(
        "hint: if the change is intended, accept it with `{UPDATE_GOLDEN}=1 cargo test --test {test}` \
         and read the golden files' diff like code before committing it"
    )
}
