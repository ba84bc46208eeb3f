//! Constructed minutes in house styles other than the seeds' (a municipal kommunstyrelse
//! protocol with `§ N` alone on its line and `Dnr`, a fullmäktige protocol with an omröstning,
//! a nämnd protocol with protokollsanteckning and jäv) import to their expected trees: the
//! importer recognizes structure, not the seeds' lines.

mod import_util;
use import_util::*;

fn check(name: &str) {
    let fixture = repo().join("tests/fixtures/import").join(name);
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture.join("sources"), &tmp.path().join("sources"));
    let args = ["import", "sources", "--out", "out", "--report"];
    let o = diarium(tmp.path(), &args);
    assert!(o.status.success(), "{}", show(tmp.path(), &args, &o));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("word coverage 100.00%"), "{stdout}");
    let regenerate = format!("cd tests/fixtures/import/{name} && rm -rf expected && cargo run -- import sources --out expected");
    assert_same_tree(
        &tmp.path().join("out"),
        &fixture.join("expected"),
        &regenerate,
    );
}

#[test]
fn kommunstyrelse_protocol() {
    check("kommunstyrelse");
}

#[test]
fn fullmaktige_protocol_with_votes() {
    check("fullmaktige-omrostning");
}

#[test]
fn protocol_with_note_and_jav() {
    check("anteckning-jav");
}
