//! Content a careless editor or an attacker writes (issue 13): control characters written as
//! YAML escapes, invisible characters inside names, symbolic links in the content folder,
//! dead relative links and a `paragraphs` range that contradicts the items. Each message is
//! pinned with its file, line and column.

mod util;

use std::fs;
use std::path::Path;
use util::diarium;

const MEETING: &str = "content/org/styrelsen/2024-01-10";

/// A site of one meeting whose files are `files` (names relative to the meeting's folder).
fn site(index_extra: &str, files: &[(&str, &str)]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let index = format!(
        "---\norganization: Org\nbody: Styrelsen\ndate: 2024-01-10\nkind: protokoll\n{index_extra}---\n"
    );
    fs::write(
        tmp.path().join("site.toml"),
        "title = \"T\"\n[accessibility]\ncontact_email = \"webb@example.se\"\n",
    )
    .unwrap();
    for (name, text) in [("_index.md", index.as_str())].iter().chain(files) {
        let path = tmp.path().join(MEETING).join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    tmp
}

/// The lines of stderr that report problems (without the closing summary).
fn problems(root: &Path, command: &str) -> String {
    diarium(root, &[command])
        .problems()
        .lines()
        .filter(|l| !l.starts_with("built ") && !l.starts_with("checked "))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn control_characters_written_as_yaml_escapes_are_refused() {
    let site = site(
        "",
        &[("001-a.md", "---\nnumber: 1\ntitle: \"Beslut\\x07\"\n---\n")],
    );
    assert_eq!(
        problems(site.path(), "build"),
        format!(
            "{MEETING}/001-a.md:3:15: error: a control character (U+0007) in the front-matter\n  \
             hint: remove it: names, titles and text never hold control characters"
        )
    );
}

#[test]
fn zero_width_characters_do_not_split_people_parties_or_cases() {
    let site = site(
        "",
        &[
            (
                "001-a.md",
                "---\nnumber: 1\ntitle: A\ncases: [\"RS 12\\u00ad-2024\"]\n\
                 abstained: [\"Anna\\u200b Berg (S\\u2060)\"]\n---\n",
            ),
            (
                "002-b.md",
                "---\nnumber: 2\ntitle: B\ncases: [RS 12-2024]\nabstained: [Anna Berg (S)]\n---\n",
            ),
        ],
    );
    diarium(site.path(), &["build"]).success();
    let public = site.path().join("public");
    let people: Vec<String> = fs::read_dir(public.join("personer"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".html") && !n.ends_with(".xml"))
        .collect();
    assert_eq!(people, ["anna-berg"]);
    let person = fs::read_to_string(public.join("personer/anna-berg/index.html")).unwrap();
    assert!(
        person.contains("001-a") && person.contains("002-b"),
        "{person}"
    );
    let case = fs::read_to_string(public.join("org/arenden/rs-12-2024/index.html")).unwrap();
    assert!(case.contains("001-a") && case.contains("002-b"), "{case}");
    assert!(!public.join("partier/s-2").exists());
}

#[cfg(unix)]
#[test]
fn symlinked_content_is_skipped_with_a_warning_naming_it() {
    let site = site("", &[("001-a.md", "---\nnumber: 1\ntitle: A\n---\n")]);
    let meeting = site.path().join(MEETING);
    std::os::unix::fs::symlink(meeting.join("001-a.md"), meeting.join("002-b.md")).unwrap();
    let run = diarium(site.path(), &["build"]).success();
    let target = meeting.join("001-a.md");
    assert!(
        run.stderr.starts_with(&format!(
            "{MEETING}/002-b.md: warning: a symbolic link (to {}) is skipped: its content is not \
             published\n  hint: copy the file or folder into content/ instead of linking to it\n",
            target.display()
        )),
        "{run}"
    );
    assert!(!site
        .path()
        .join("public/org/styrelsen/2024-01-10/002-b")
        .exists());
}

#[test]
fn check_finds_a_dead_relative_markdown_link_at_its_line() {
    // In an item's text, from the item's page; in a meeting's preamble, from the meeting's.
    let site = site(
        "",
        &[
            (
                "001-a.md",
                "---\nnumber: 1\ntitle: A\n---\n\nSe [nästa](../002-b/) och\n[länk](../finns-inte/).\n",
            ),
            ("002-b.md", "---\nnumber: 2\ntitle: B\n---\n\n[Mötet](../) [hem](../../../../)\n"),
        ],
    );
    let index = site.path().join(MEETING).join("_index.md");
    let meeting = fs::read_to_string(&index).unwrap();
    let preamble = "\nSe [punkt 1](001-a/) och [nästa möte](../2024-01-11/).\n";
    fs::write(&index, meeting + preamble).unwrap();
    let hint =
        "\n  hint: link to a page of the archive by its path, e.g. /region-x/arenden/rs-1-2024/";
    assert_eq!(
        problems(site.path(), "check"),
        format!(
            "{MEETING}/001-a.md:7:1: error: broken link to `../finns-inte/`{hint}\n\
             {MEETING}/_index.md:8:26: error: broken link to `../2024-01-11/`{hint}"
        )
    );
}

#[test]
fn a_paragraphs_range_that_contradicts_the_items_is_reported() {
    let item = |n: u32| {
        (
            format!("{n:03}-x.md"),
            format!("---\nnumber: {n}\ntitle: X\n---\n"),
        )
    };
    let items = [item(10), item(11), item(14)];
    let files: Vec<(&str, &str)> = items
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let contradicts = site("paragraphs: [11, 13]\n", &files);
    let hint =
        "\n  hint: correct `paragraphs:` here, or the item's `number:`, to what the minutes print";
    let expected = format!(
        "{MEETING}/_index.md:6:1: warning: paragraphs 11–13 leave out item 10 (010-x.md){hint}\n\
         {MEETING}/_index.md:6:1: warning: paragraphs 11–13 leave out item 14 (014-x.md){hint}\n\
         {MEETING}/_index.md:6:1: warning: the last of paragraphs 11–13, 13, is no item of this \
         meeting{hint}"
    );
    assert_eq!(problems(contradicts.path(), "check"), expected);
    assert_eq!(problems(contradicts.path(), "build"), expected);
    let agrees = site("paragraphs: [10, 14]\n", &files);
    assert_eq!(problems(agrees.path(), "check"), "");
}

#[test]
fn control_characters_in_a_source_never_reach_the_written_front_matter() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("sources");
    fs::create_dir_all(&src).unwrap();
    let minutes = "Protokoll\nKommunstyrelsen\n2025-02-03\n\n§ 1 Val av \u{7}justerare\n\n\
                   Kommunstyrelsen beslutar att utse Anna\u{8} Berg att justera.\n\n\
                   § 2 Budget\u{1b}\n\nBeslut\n\nBudgeten antas.\n";
    fs::write(src.join("ks.txt"), minutes).unwrap();
    fs::write(
        src.join("ks.txt.meta.yaml"),
        "organization: Testkommun\nbody: Kommunstyrelsen\ndate: 2025-02-03\n",
    )
    .unwrap();
    fs::write(tmp.path().join("site.toml"), "title = \"T\"\n").unwrap();
    diarium(tmp.path(), &["import", "sources"]).success();
    let item = tmp
        .path()
        .join("content/testkommun/kommunstyrelsen/2025-02-03/001-val-av-justerare.md");
    let text = fs::read_to_string(&item).unwrap();
    assert!(text.contains("title: Val av justerare\n"), "{text}");
    assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text}");
    diarium(tmp.path(), &["check"]).success();
}

/// Issue 13, points 11 and 12: a broken front-matter, an unclosed one, a bad case number and
/// a misnamed item file are all reported in one run, each at its own file; the misnamed
/// file is blamed as a file, and its meeting's other items are still checked.
#[test]
fn every_problem_is_reported_in_one_run() {
    let tmp = site(
        "",
        &[
            ("001-trasig.md", "---\nnumber: 1\ntitle: [oops\n---\nText\n"),
            (
                "002-fyra.md",
                "---\nnumber: 2\ntitle: Fyra\ncases: [nonsense!!]\n---\nText\n",
            ),
            ("Fem.md", "---\nnumber: 5\ntitle: Fem år\n---\nText\n"),
            ("006-oavslutad.md", "---\nnumber: 6\ntitle: Sex\nText\n"),
        ],
    );
    let check = diarium(tmp.path(), &["check"]).failure();
    let errors: Vec<&str> = check
        .stderr
        .lines()
        .filter(|l| l.contains(": error: "))
        .collect();
    assert_eq!(
        errors,
        [
            "content/org/styrelsen/2024-01-10/001-trasig.md:3:8: error: title: expected string scalar",
            "content/org/styrelsen/2024-01-10/002-fyra.md:4:1: error: `nonsense!!` is not a case number",
            "content/org/styrelsen/2024-01-10/006-oavslutad.md:1:1: error: the front-matter is not closed",
            "content/org/styrelsen/2024-01-10/Fem.md: error: the file name `Fem.md` is not a slug, so it cannot be a page's address",
        ],
        "{check}"
    );
    assert!(
        check.stderr.contains("rename it, e.g. to `005-fem-ar.md`"),
        "{check}"
    );
}

/// Issue 13, point 12: messages in plain words, naming the key, the table and the folder.
#[test]
fn messages_name_the_key_the_table_and_the_folder() {
    let bad_outcome = site(
        "",
        &[(
            "001-budget.md",
            "---\nnumber: 1\ntitle: Budget\noutcome: beslutat\n---\nText\n",
        )],
    );
    let check = diarium(bad_outcome.path(), &["check"]).failure();
    assert!(
        check.stderr.starts_with("content/org/styrelsen/2024-01-10/001-budget.md:4:10: error: outcome: the value is not one of the forms this field takes\n  hint: write `outcome: decided`"),
        "{check}"
    );
    let tmp = site("", &[]);
    let config = |text: &str| {
        fs::write(tmp.path().join("site.toml"), text).unwrap();
        diarium(tmp.path(), &["check"]).failure().stderr
    };
    let feed = config("title = \"T\"\nfeed_limit = \"50\"\n");
    assert!(
        feed.starts_with("site.toml:2:14: error: `feed_limit`: invalid type: string \"50\", expected a whole number\n"),
        "{feed}"
    );
    let twice = config("title = \"T\"\n[accessibility]\ncontact_email = \"a@b.se\"\n[accessibility]\nphone = \"1\"\n");
    assert!(
        twice.starts_with("site.toml:4:2: error: the table `[accessibility]` is written twice (first at line 2); write its keys once, under one\n"),
        "{twice}"
    );
    let nope = diarium(tmp.path(), &["check", "--root", "nope"]).failure();
    assert!(
        nope.stderr
            .starts_with("--root: error: no such folder `nope`\n"),
        "{nope}"
    );
}
