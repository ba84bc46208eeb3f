//! Golden test: importing `sources/` gives exactly the committed example archive `content/`,
//! every seed keeps at least 99.5% of its words, and a second import changes nothing.

mod import_util;
use import_util::*;

const REGENERATE: &str = "cargo run -- import sources --out content";

fn import_seeds_into(out: &std::path::Path) -> std::process::Output {
    let args = [
        "import",
        "sources",
        "--out",
        out.to_str().unwrap(),
        "--report",
    ];
    let o = diarium(&repo(), &args);
    assert!(o.status.success(), "{}", show(&repo(), &args, &o));
    o
}

#[test]
fn seeds_import_to_the_committed_content() {
    let tmp = tempfile::tempdir().unwrap();
    import_seeds_into(tmp.path());
    assert_same_tree(tmp.path(), &repo().join("content"), REGENERATE);
}

#[test]
fn every_seed_keeps_its_words() {
    let tmp = tempfile::tempdir().unwrap();
    let out = import_seeds_into(tmp.path());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let summaries: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains("word coverage"))
        .collect();
    assert_eq!(summaries.len(), 4, "{stdout}");
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
    let out = import_seeds_into(tmp.path());
    let stdout = String::from_utf8_lossy(&out.stdout);
    for (seed, items) in [("000_", 13), ("001_", 17), ("002_", 20)] {
        let line = stdout
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
    let out = import_seeds_into(tmp.path());
    assert_eq!(before, tree(tmp.path()));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(" 0 files written"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
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
