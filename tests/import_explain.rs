//! `diarium import --explain`: every line's role, compared with golden files. To accept a
//! change after reading the diff: `UPDATE_GOLDEN=1 cargo test --test import_explain`.

mod util;

use util::{assert_golden_file, diarium, fixture};

fn check(name: &str) {
    let dir = fixture("explain");
    let run = diarium(&dir, &["import", "--explain", &format!("{name}.txt")]).success();
    let got = run.stdout + &run.stderr;
    assert_golden_file(&got, &dir.join(format!("{name}.explain")));
}

#[test]
fn explain_a_protocol_with_prefixed_paragraphs_and_contents() {
    check("kommunstyrelse");
}

#[test]
fn explain_a_flattened_transcript() {
    check("flattened");
}
