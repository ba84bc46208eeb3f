//! The iCalendar feeds (issue 15, point 5) through the real binary: one event per sitting
//! (an agenda and the protocol of the same day are one), upcoming sittings first as of the
//! build day, a clock time in Swedish time, and an incremental build on a later day writes
//! what a full build writes. `tests/browser/validate.py` reads every calendar with the
//! `icalendar` library in CI.

mod util;

use std::fs;
use std::path::Path;
use util::{copy_fixture, diarium_as_of, write};

/// The calendar at `rel`, its folded lines joined.
fn calendar(root: &Path, rel: &str) -> String {
    fs::read_to_string(root.join("public").join(rel))
        .unwrap_or_else(|e| panic!("{rel}: {e}"))
        .replace("\r\n ", "")
}

/// Each event's UID, in the order of the file.
fn uids(ics: &str) -> Vec<&str> {
    ics.lines().filter_map(|l| l.strip_prefix("UID:")).collect()
}

/// The event with this UID, as its lines.
fn event<'a>(ics: &'a str, uid: &str) -> Vec<&'a str> {
    let start = ics.find(&format!("UID:{uid}")).expect("the event");
    let end = start + ics[start..].find("END:VEVENT").unwrap();
    ics[start..end].lines().collect()
}

#[test]
fn sittings_upcoming_first_with_their_agenda_folded_into_the_protocol() {
    let site = copy_fixture("sites/archive");
    let root = site.path();
    let board = "content/region-nord/regionstyrelsen";
    // The agenda of the sitting the protocol records, and of one still to come.
    for date in ["2024-12-03", "2025-01-14"] {
        write(
            root,
            &format!("{board}/{date}-dagordning/_index.md"),
            &format!(
                "---\norganization: Region Nord\nbody: Regionstyrelsen\ndate: {date}\nkind: dagordning\n---\n"
            ),
        );
        write(
            root,
            &format!("{board}/{date}-dagordning/001-budget.md"),
            "---\nnumber: 1\ntitle: Budget\n---\n\nFörslag till beslut.\n",
        );
    }
    // 20 December 2024.
    diarium_as_of(root, "1734696000", &["build"]).success();
    let ics = calendar(root, "region-nord/kalender.ics");
    assert_eq!(
        uids(&ics),
        [
            "20250114-regionstyrelsen-region-nord@diarium",
            "20241203-regionstyrelsen-region-nord@diarium",
            "20241120-regionstyrelsens-arbetsutskott-region-nord@diarium",
        ]
    );
    let sitting = event(&ics, "20241203-regionstyrelsen-region-nord@diarium");
    for line in [
        "DTSTART;TZID=Europe/Stockholm:20241203T090000",
        "DTEND;TZID=Europe/Stockholm:20241203T120000",
        "SUMMARY:Regionstyrelsen – Region Nord",
        "LOCATION:Regionhuset\\, Umeå",
        "URL:https://arkiv.example.se/region-nord/regionstyrelsen/2024-12-03/",
    ] {
        assert!(sitting.contains(&line), "{line} not in {sitting:#?}");
    }
    assert!(
        sitting
            .iter()
            .any(|l| l.starts_with("DESCRIPTION:Protokoll och kallelse\\, ")),
        "{sitting:#?}"
    );
    let upcoming = event(&ics, "20250114-regionstyrelsen-region-nord@diarium");
    assert!(
        upcoming.contains(&"DTSTART;VALUE=DATE:20250114"),
        "{upcoming:#?}"
    );
    assert!(
        upcoming.contains(&"DTEND;VALUE=DATE:20250115"),
        "{upcoming:#?}"
    );
    let body = calendar(root, "region-nord/regionstyrelsen/kalender.ics");
    assert_eq!(uids(&body).len(), 2);
    assert_eq!(uids(&calendar(root, "kalender.ics")).len(), 4);

    // Built again as of 1 December 2024: three sittings to come, soonest first.
    diarium_as_of(root, "1733054400", &["build"]).success();
    assert_eq!(
        uids(&calendar(root, "kalender.ics")),
        [
            "20241203-regionstyrelsen-region-nord@diarium",
            "20241210-kommunstyrelsen-region-syd@diarium",
            "20250114-regionstyrelsen-region-nord@diarium",
            "20241120-regionstyrelsens-arbetsutskott-region-nord@diarium",
        ]
    );
    diarium_as_of(root, "1733054400", &["build", "--full", "--out", "full"]).success();
    let (got, want) = (
        util::tree(&root.join("public")),
        util::tree(&root.join("full")),
    );
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &want {
        assert!(got[path] == *bytes, "{path} differs from a full build's");
    }
}
