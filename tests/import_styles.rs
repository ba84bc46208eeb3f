//! Constructed minutes in house styles other than the seeds' (a municipal kommunstyrelse
//! protocol with `§ N` alone on its line and `Dnr`, a fullmäktige protocol with an omröstning,
//! a nämnd protocol with protokollsanteckning and jäv) import to their expected trees: the
//! importer recognizes structure, not the seeds' lines.
//!
//! After an intended change: `UPDATE_GOLDEN=1 cargo test --test import_styles` rewrites each
//! fixture's `expected/`.

mod util;

use util::{assert_golden, copy_dir, diarium, fixture};

fn check(name: &str) {
    let fixture = fixture("import").join(name);
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture.join("sources"), &tmp.path().join("sources"));
    diarium(
        tmp.path(),
        &["import", "sources", "--out", "out", "--report"],
    )
    .success()
    .stdout_has("word coverage 100.00%");
    assert_golden(&tmp.path().join("out"), &fixture.join("expected"));
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
