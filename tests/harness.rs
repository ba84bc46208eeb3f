//! The test harness itself (`tests/util/`): golden tree comparison lists every missing,
//! surplus and differing file with a diff, updating makes the golden tree equal to the
//! produced one, and a run prints everything needed to reproduce it.

mod util;

use std::path::Path;
use util::{command_line, compare_trees, diarium, file_diff, update_golden, write};

/// A golden tree and a produced one, differing in each way a tree can.
fn two_trees() -> (tempfile::TempDir, tempfile::TempDir) {
    let (golden, actual) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for tree in [golden.path(), actual.path()] {
        write(tree, "same.txt", "one\ntwo\n");
        write(tree, "deep/same.html", "<p>x</p>\n");
    }
    write(golden.path(), "gone/only-golden.txt", "lost\n");
    write(actual.path(), "new/only-actual.txt", "extra\n");
    write(
        golden.path(),
        "a/changed.txt",
        "1\n2\n3\n4\n5\n6\n7\n8\n9\n",
    );
    write(
        actual.path(),
        "a/changed.txt",
        "1\n2\n3\n4\nfive\n6\n7\n8\n9\n",
    );
    write(golden.path(), "z/changed-too.txt", "old\n");
    write(actual.path(), "z/changed-too.txt", "new\n");
    (golden, actual)
}

#[test]
fn equal_trees_have_no_difference() {
    let (golden, _) = two_trees();
    let diff = compare_trees(golden.path(), golden.path());
    assert!(diff.is_empty(), "{diff}");
}

#[test]
fn every_missing_surplus_and_differing_file_is_listed() {
    let (golden, actual) = two_trees();
    let diff = compare_trees(actual.path(), golden.path());
    assert_eq!(diff.missing, ["gone/only-golden.txt"]);
    assert_eq!(diff.surplus, ["new/only-actual.txt"]);
    let differing: Vec<&str> = diff.differing.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(differing, ["a/changed.txt", "z/changed-too.txt"]);
    let report = diff.to_string();
    for line in [
        "1 missing (golden, not produced), 1 surplus (produced, not golden), 2 differing",
        "missing: gone/only-golden.txt\n",
        "surplus: new/only-actual.txt\n",
        "differs: a/changed.txt\n--- golden/a/changed.txt\n+++ actual/a/changed.txt\n",
        "differs: z/changed-too.txt\n",
        "-old\n+new\n",
    ] {
        assert!(report.contains(line), "{line:?} not in:\n{report}");
    }
}

#[test]
fn a_diff_is_unified_with_three_lines_of_context() {
    let diff = file_diff(
        "f.txt",
        b"1\n2\n3\n4\nfive\n6\n7\n8\n9\n",
        b"1\n2\n3\n4\n5\n6\n7\n8\n9\n",
    );
    assert_eq!(
        diff,
        "--- golden/f.txt\n+++ actual/f.txt\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8"
    );
}

#[test]
fn a_long_diff_is_cut_and_says_how_much_is_left_out() {
    let golden: String = (0..200).map(|n| format!("line {n}\n")).collect();
    let actual = golden.replace("line ", "rad ");
    let diff = file_diff("long.txt", actual.as_bytes(), golden.as_bytes());
    // Two header lines, one hunk header, 200 removed and 200 added lines: 403 in all.
    assert_eq!(diff.lines().count(), 61, "{diff}");
    assert!(diff.ends_with("… 343 more lines of this diff"), "{diff}");
}

#[test]
fn a_long_line_is_cut() {
    let long = "x".repeat(1000);
    let diff = file_diff("page.html", format!("{long}\n").as_bytes(), b"short\n");
    assert!(diff.contains("… (701 more bytes)"), "{diff}");
    assert!(diff.lines().all(|l| l.chars().count() < 330), "{diff}");
}

#[test]
fn binary_files_are_reported_with_their_sizes() {
    let diff = file_diff("logo.png", b"\x89PNG\x00\x01\x02", b"\x89PNG\x00\x01");
    assert_eq!(
        diff,
        "binary files differ: logo.png is 6 bytes in the golden folder, 7 bytes produced"
    );
}

#[test]
fn a_long_report_lists_the_files_past_its_budget_by_name() {
    let (golden, actual) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let text: String = (0..100).map(|n| format!("{n}\n")).collect();
    for n in 0..30 {
        write(golden.path(), &format!("f{n:02}.txt"), &text);
        write(
            actual.path(),
            &format!("f{n:02}.txt"),
            &text.replace('\n', " changed\n"),
        );
    }
    let report = compare_trees(actual.path(), golden.path()).to_string();
    assert!(
        report.contains("differs: f00.txt\n--- golden/f00.txt"),
        "{report}"
    );
    assert!(
        report.contains("differs: f29.txt (diff left out: the report is long enough)"),
        "{report}"
    );
    assert!(report.lines().count() < 700, "{report}");
}

#[test]
fn updating_makes_the_golden_tree_equal_to_the_produced_one() {
    let (golden, actual) = two_trees();
    update_golden(&compare_trees(actual.path(), golden.path()));
    let diff = compare_trees(actual.path(), golden.path());
    assert!(diff.is_empty(), "{diff}");
    assert!(
        !golden.path().join("gone").exists(),
        "a folder left empty is removed"
    );
}

#[test]
fn a_golden_folder_is_made_from_nothing() {
    let (golden, actual) = two_trees();
    let new = golden.path().join("not-yet");
    let diff = compare_trees(actual.path(), &new);
    assert_eq!(diff.surplus.len(), 5, "{diff}");
    update_golden(&diff);
    assert!(compare_trees(actual.path(), &new).is_empty());
}

#[test]
fn a_command_line_can_be_pasted_into_a_shell() {
    let line = command_line(
        Path::new("/tmp/a b"),
        &["import", "it's here", "--out", "c"],
    );
    assert_eq!(
        line,
        format!(
            "(cd '/tmp/a b' && {} import 'it'\\''s here' --out c)",
            util::BIN
        )
    );
}

#[test]
fn a_run_shows_its_command_folder_status_and_both_streams() {
    let tmp = tempfile::tempdir().unwrap();
    let run = diarium(tmp.path(), &["no-such-command"]).failure();
    let shown = run.to_string();
    let expected_start = format!(
        "command: {}\nfolder:  {}\nstatus:  exit status: 2\n--- stdout: empty\n--- stderr\n",
        command_line(tmp.path(), &["no-such-command"]),
        tmp.path().display()
    );
    assert!(shown.starts_with(&expected_start), "{shown}");
    assert!(shown.contains(&run.stderr), "{shown}");
    assert!(shown.ends_with("--- end of the run"), "{shown}");
}

#[test]
#[should_panic(expected = "expected success\ncommand: ")]
fn success_on_a_failed_run_prints_the_run() {
    let tmp = tempfile::tempdir().unwrap();
    diarium(tmp.path(), &["no-such-command"]).success();
}

#[test]
#[should_panic(expected = "stderr lacks \"not said\"\ncommand: ")]
fn stderr_has_prints_the_run() {
    let tmp = tempfile::tempdir().unwrap();
    diarium(tmp.path(), &["no-such-command"]).stderr_has("not said");
}

#[test]
fn problems_leave_out_the_summary() {
    let site = util::small_site();
    write(
        site.path(),
        &format!("{}/001-a.md", util::MEETING),
        "---\nnumber: 1\n---\n",
    );
    let run = diarium(site.path(), &["build"]).failure();
    let problems = run.problems();
    assert!(problems.contains("001-a.md"), "{run}");
    assert!(!problems.contains("left as it was"), "{run}");
    assert!(run.stderr.contains("left as it was"), "{run}");
}
