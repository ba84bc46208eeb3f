//! The appeal window (issue 17, point 1) through the real binary: pages say "open" only as of
//! the day they were built, the next build after the last day says "closed" (an incremental
//! build writes what a full build writes), and the build day comes from `SOURCE_DATE_EPOCH`.

mod util;

use std::fs;
use std::path::Path;
use util::{command, copy_fixture, diarium, diarium_as_of};

/// The fixture's decision of the regional board: posted 5 December 2024, so the three weeks
/// end on annandag jul and the window on Friday 27 December.
const DECISION: &str =
    "region-nord/regionstyrelsen/2024-12-03/201-uppsagning-av-regionavtalet/index.html";
/// Its committee: the protocol prints its last day, 12 December 2024.
const COMMITTEE: &str = "region-nord/regionstyrelsens-arbetsutskott/2024-11-20/index.html";

fn page(root: &Path, out: &str, rel: &str) -> String {
    fs::read_to_string(root.join(out).join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The text of a page's appeal section, tags dropped.
fn appeal_text(html: &str) -> String {
    let start = html
        .find("<section class=\"facts appeal")
        .expect("an appeal section");
    let section = &html[start..start + html[start..].find("<details>").unwrap()];
    let mut text = String::new();
    let mut in_tag = false;
    for c in section.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn an_open_window_is_dated_and_closes_on_the_next_build_after_its_last_day() {
    let site = copy_fixture("sites/archive");
    let root = site.path();
    // 27 December 2024, 22:30 UTC: still the 27th in Sweden (UTC+1), the last day.
    diarium_as_of(root, "1735338600", &["build"]).success();
    assert_eq!(
        appeal_text(&page(root, "public", DECISION)),
        "Överklagande Beslutet kan överklagas till och med 27 december 2024 (läget den 27 \
         december 2024). Beräknat: tre veckor från den 5 december 2024, då det anslogs att \
         protokollet justerats, flyttat till nästa vardag om dagen är en lördag, söndag eller \
         helgdag."
    );
    let list = page(root, "public", "overklaga/index.html");
    assert!(
        list.contains("201-uppsagning-av-regionavtalet/\">§ 201"),
        "{list}"
    );
    let feed = page(root, "public", "overklaga/atom.xml");
    assert!(feed.contains("<title>§ 201 Uppsägning"), "{feed}");

    // 27 December 2024, 23:30 UTC: 28 December in Sweden, the window has closed.
    diarium_as_of(root, "1735342200", &["build"]).success();
    assert_eq!(
        appeal_text(&page(root, "public", DECISION)),
        "Överklagande Tiden för att överklaga gick ut 27 december 2024. Beräknat: tre veckor \
         från den 5 december 2024, då det anslogs att protokollet justerats, flyttat till nästa \
         vardag om dagen är en lördag, söndag eller helgdag."
    );
    let list = page(root, "public", "overklaga/index.html");
    assert!(
        list.contains("Inget protokoll i arkivet har en öppen tid för överklagande."),
        "{list}"
    );
    assert!(!list.contains("läget den"), "{list}");
    assert!(!page(root, "public", "overklaga/atom.xml").contains("<entry>"));

    // What the incremental build wrote is what a full build on that day writes.
    diarium_as_of(root, "1735342200", &["build", "--full", "--out", "full"]).success();
    let want = util::tree(&root.join("full"));
    let got = util::tree(&root.join("public"));
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &want {
        assert!(got[path] == *bytes, "{path} differs from a full build's");
    }
}

#[test]
fn a_printed_last_day_wins_and_an_agenda_has_no_window() {
    let site = copy_fixture("sites/archive");
    let root = site.path();
    diarium_as_of(root, "1734696000", &["build"]).success();
    assert_eq!(
        appeal_text(&page(root, "public", COMMITTEE)),
        "Överklagande Tiden för att överklaga gick ut 12 december 2024. Sista dagen står i \
         protokollet."
    );
    let agenda = page(
        root,
        "public",
        "region-syd/kommunstyrelsen/2024-12-10-dagordning/index.html",
    );
    assert!(!agenda.contains("class=\"facts appeal"), "{agenda}");
    let meetings = page(root, "public", "data/meetings.json");
    assert!(meetings.contains(
        "\"appeal_deadline\":\"2024-12-12\",\"appeal_last_day\":\"2024-12-12\",\"appeal_last_day_source\":\"printed\""
    ));
}

#[test]
fn a_malformed_build_day_is_an_error_that_names_the_variable() {
    let site = copy_fixture("sites/archive");
    let out = command(site.path(), &["build"])
        .env("SOURCE_DATE_EPOCH", "yesterday")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.starts_with(
            "SOURCE_DATE_EPOCH: error: SOURCE_DATE_EPOCH=`yesterday` is not a number of seconds since 1970"
        ),
        "{stderr}"
    );
    assert!(!site.path().join("public").exists());
    // The tests' own runs set a valid day.
    diarium(site.path(), &["check"]).success();
}
