//! Golden test: importing `sources/` gives exactly the committed example archive `content/`,
//! every seed keeps at least 99.5% of its words, and a second import changes nothing.
//! After an intended change to the importer: `UPDATE_GOLDEN=1 cargo test --test import_seeds`
//! rewrites `content/`.

mod util;

use util::{assert_golden, diarium, repo, tree, Run};

fn import_seeds_into(out: &std::path::Path) -> Run {
    let args = [
        "import",
        "sources",
        "--out",
        out.to_str().unwrap(),
        "--report",
    ];
    diarium(&repo(), &args).success()
}

#[test]
fn seeds_import_to_the_committed_content() {
    let tmp = tempfile::tempdir().unwrap();
    import_seeds_into(tmp.path());
    assert_golden(tmp.path(), &repo().join("content"));
}

#[test]
fn every_seed_keeps_its_words() {
    let tmp = tempfile::tempdir().unwrap();
    let run = import_seeds_into(tmp.path());
    let summaries: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.contains("word coverage"))
        .collect();
    assert_eq!(summaries.len(), 4, "{run}");
    for line in summaries {
        let pct: f64 = line
            .split("word coverage ")
            .nth(1)
            .and_then(|r| r.split('%').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no coverage in {line}"));
        assert!(pct >= 99.5, "coverage below 99.5%: {line}");
    }
}

#[test]
fn seed_item_counts() {
    let tmp = tempfile::tempdir().unwrap();
    let run = import_seeds_into(tmp.path());
    for (seed, items) in [("000_", 13), ("001_", 17), ("002_", 20)] {
        let line = run
            .stdout
            .lines()
            .find(|l| l.contains(seed) && l.contains("word coverage"))
            .unwrap();
        assert!(line.contains(&format!(": {items} items,")), "{line}");
    }
}

#[test]
fn reimport_is_byte_identical_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    import_seeds_into(tmp.path());
    let before = tree(tmp.path());
    let run = import_seeds_into(tmp.path());
    assert_eq!(before, tree(tmp.path()));
    run.stderr_has(" 0 files written");
}

#[test]
fn generated_files_load_with_the_content_model() {
    use diarium::content::frontmatter;
    use diarium::model::{ItemMeta, MeetingMeta};
    for (rel, bytes) in tree(&repo().join("content")) {
        if !rel.ends_with(".md") {
            continue;
        }
        let text = String::from_utf8(bytes).unwrap();
        let path = std::path::Path::new(&rel);
        let parsed = if rel.ends_with("_index.md") {
            frontmatter::parse::<MeetingMeta>(path, &text).map(|_| ())
        } else {
            frontmatter::parse::<ItemMeta>(path, &text).map(|_| ())
        };
        parsed.unwrap_or_else(|e| panic!("{e}"));
        assert!(!text.contains("<"), "{rel}: no raw HTML");
    }
}
