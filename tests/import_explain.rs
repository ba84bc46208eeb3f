//! `diarium import --explain`: every line's role, compared with golden files. To accept a
//! change after reading the diff: `UPDATE_GOLDEN=1 cargo test --test import_explain`.

mod import_util;
use import_util::*;

fn check(name: &str) {
    let dir = repo().join("tests/fixtures/explain");
    let args = ["import", "--explain", &format!("{name}.txt")];
    let o = diarium(&dir, &args);
    assert!(o.status.success(), "{}", show(&dir, &args, &o));
    let mut got = String::from_utf8(o.stdout).unwrap();
    got.push_str(&String::from_utf8(o.stderr).unwrap());
    let golden = dir.join(format!("{name}.explain"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden, &got).unwrap();
    }
    let want = std::fs::read_to_string(&golden).unwrap_or_default();
    if got != want {
        let diff: Vec<String> = want
            .lines()
            .zip(got.lines())
            .enumerate()
            .filter(|(_, (w, g))| w != g)
            .take(10)
            .map(|(i, (w, g))| format!("line {}:\n- {w}\n+ {g}", i + 1))
            .collect();
        panic!(
            "{name}: --explain differs from {} ({} lines expected, {} got)\n{}\nto accept: UPDATE_GOLDEN=1 cargo test --test import_explain",
            golden.display(),
            want.lines().count(),
            got.lines().count(),
            diff.join("\n")
        );
    }
}

#[test]
fn explain_a_protocol_with_prefixed_paragraphs_and_contents() {
    check("kommunstyrelse");
}

#[test]
fn explain_a_flattened_transcript() {
    check("flattened");
}
