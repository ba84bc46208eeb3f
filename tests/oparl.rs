//! The OParl 1.1 interface (issue 15, point 1) through the real binary: ids are made of what a
//! thing is, so a corrected title keeps every file and id and changes only the name; a site
//! without an absolute address publishes no interface. `tests/browser/validate.py` checks
//! every object against the official schemas in CI.

mod util;

use std::fs;
use util::{copy_fixture, diarium};

const PAPER: &str = "public/oparl/paper/region-nord/rs-12-2024.json";
const MEETING: &str = "public/oparl/meeting/region-nord/regionstyrelsen/2024-12-03.json";
const ITEM: &str =
    "content/region-nord/regionstyrelsen/2024-12-03/201-uppsagning-av-regionavtalet.md";

fn json(root: &std::path::Path, rel: &str) -> serde_json::Value {
    let text = fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn oparl_files(root: &std::path::Path) -> Vec<String> {
    let mut files: Vec<String> = util::tree(&root.join("public/oparl")).into_keys().collect();
    files.sort();
    files
}

#[test]
fn a_corrected_title_changes_names_not_ids() {
    let site = copy_fixture("sites/archive");
    let root = site.path();
    diarium(root, &["build"]).success();
    let before = oparl_files(root);
    let paper = json(root, PAPER);
    assert_eq!(paper["reference"], "RS 12-2024");
    assert_eq!(paper["name"], "Uppsägning av regionavtalet");
    let roles: Vec<&str> = paper["consultation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["förberett", "beslutat"]);
    let item = &json(root, MEETING)["agendaItem"][0];
    assert_eq!(
        item["id"],
        "https://arkiv.example.se/oparl/meeting/region-nord/regionstyrelsen/2024-12-03.json#p201"
    );
    assert_eq!(
        item["resolutionText"],
        "Regionstyrelsen beslutar att säga upp regionavtalet."
    );

    let text = fs::read_to_string(root.join(ITEM)).unwrap();
    let fixed = text.replace(
        "title: Uppsägning av regionavtalet",
        "title: Uppsägning av det regionala avtalet",
    );
    assert_ne!(text, fixed, "the fixture's title line");
    fs::write(root.join(ITEM), fixed).unwrap();
    diarium(root, &["build"]).success();
    assert_eq!(oparl_files(root), before);
    assert_eq!(
        json(root, PAPER)["name"],
        "Uppsägning av det regionala avtalet"
    );
    assert_eq!(json(root, MEETING)["agendaItem"][0]["id"], item["id"]);
}

#[test]
fn a_site_without_an_absolute_address_publishes_no_interface() {
    let site = copy_fixture("sites/archive");
    let root = site.path();
    diarium(root, &["build", "--base-url", "/arkiv/"]).success();
    assert!(root.join("public/index.html").exists());
    assert!(!root.join("public/oparl").exists());
}

/// Issue 15, point 3: the fixture's vote as a Popolo VoteEvent, its voters and their parties
/// by the ids of their pages, which are also the persons and organizations of the export.
#[test]
fn popolo_vote_events_name_voters_and_parties_by_the_sites_ids() {
    let site = copy_fixture("sites/archive");
    let root = site.path();
    diarium(root, &["build"]).success();
    let popolo = json(root, "public/data/popolo.json");
    let event = &popolo["vote_events"][0];
    let counts: Vec<(String, u64)> = event["counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["option"].as_str().unwrap().to_string(),
                c["value"].as_u64().unwrap(),
            )
        })
        .collect();
    let want = [("yes", 2), ("no", 1), ("abstain", 1), ("absent", 1)];
    assert_eq!(counts, want.map(|(o, n)| (o.to_string(), n)).to_vec());
    let karin = "https://arkiv.example.se/personer/karin-ek/";
    assert_eq!(event["votes"][0]["voter_id"], karin);
    assert_eq!(
        event["votes"][0]["group_id"],
        "https://arkiv.example.se/partier/s/"
    );
    assert!(popolo["persons"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["id"] == karin));
    assert_eq!(
        popolo["motions"][0]["id"], event["motion_id"],
        "the event decides its motion"
    );
}

/// Memberships from the attendance lists: a body per person, the role printed, whether it
/// votes, and the sittings' period.
#[test]
fn attendance_makes_memberships_of_bodies() {
    let site = copy_fixture("sites/archive");
    let root = site.path();
    diarium(root, &["build"]).success();
    let body = "https://arkiv.example.se/oparl/organization/region-nord/regionstyrelsens-arbetsutskott.json";
    let chair = &json(root, "public/oparl/person/karin-ek.json")["membership"][0];
    assert_eq!(chair["organization"], body);
    assert_eq!(chair["role"], "ordförande");
    assert_eq!(chair["votingRight"], true);
    assert_eq!(chair["startDate"], "2024-11-20");
    let member = &json(root, "public/oparl/person/olle-berg.json")["membership"][0];
    assert_eq!(member["role"], "ledamot");
    assert_eq!(member["votingRight"], true);
}

/// Party groups are organizations of their own with their members' memberships; an
/// organization carries the mandate periods its meetings fall in; a protocol whose original
/// is published (`[data] originals`) is that file, with the checksum import recorded.
#[test]
fn parties_terms_and_original_files() {
    let site = copy_fixture("sites/archive");
    let root = site.path();
    diarium(root, &["build"]).success();
    let party = json(root, "public/oparl/organization/region-nord/parti/s.json");
    assert_eq!(party["organizationType"], "Fraktion");
    assert_eq!(party["shortName"], "S");
    let person = json(root, "public/oparl/person/karin-ek.json");
    let memberships: Vec<&str> = person["membership"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["organization"].as_str().unwrap())
        .collect();
    assert!(
        memberships
            .contains(&"https://arkiv.example.se/oparl/organization/region-nord/parti/s.json"),
        "{memberships:?}"
    );
    for id in party["membership"].as_array().unwrap() {
        let id = id.as_str().unwrap();
        let (file, _) = id.split_once('#').unwrap();
        let rel = format!(
            "public/{}",
            file.trim_start_matches("https://arkiv.example.se/")
        );
        let owner = json(root, &rel);
        assert!(
            owner["membership"]
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m["id"] == id),
            "{id} is in no person's memberships"
        );
    }

    let body = json(root, "public/oparl/body/region-nord.json");
    let term = &body["legislativeTerm"][0];
    assert_eq!(term["name"], "Mandatperioden 2022–2026");
    assert_eq!(
        (&term["startDate"], &term["endDate"]),
        (&"2022-10-15".into(), &"2026-10-14".into())
    );
    assert_eq!(body["contactName"], "Region Nord");

    let protocol = &json(root, MEETING)["resultsProtocol"];
    assert_eq!(
        protocol["accessUrl"],
        "https://www.example.se/protokoll/2024/RS%202024-12-03.pdf"
    );
    assert_eq!(protocol["mimeType"], "application/pdf");
    assert_eq!(protocol["sha512Checksum"].as_str().map(str::len), Some(128));
    // Without `originals` the file is the page the site reads it on, and no checksum of a
    // PDF is claimed for it.
    let toml = fs::read_to_string(root.join("site.toml")).unwrap();
    let without: String = toml
        .lines()
        .filter(|l| !l.starts_with("originals"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(toml, without);
    fs::write(root.join("site.toml"), without).unwrap();
    diarium(root, &["build"]).success();
    let protocol = &json(root, MEETING)["resultsProtocol"];
    assert_eq!(protocol["mimeType"], "text/html");
    assert!(protocol.get("sha512Checksum").is_none(), "{protocol}");
}

/// `created` is when import first wrote the meeting (`source.imported`); `modified` is when a
/// file last changed, and an incremental build moves it on every object made of that file.
#[test]
fn created_and_modified_follow_the_content_history() {
    let site = copy_fixture("sites/archive");
    let root = site.path();
    diarium(root, &["build"]).success();
    let meeting = json(root, MEETING);
    assert_eq!(meeting["created"], "2024-12-10T09:30:00Z");
    assert_eq!(meeting["modified"], "2024-12-20T12:00:00Z");
    assert_eq!(json(root, PAPER)["created"], "2024-12-10T09:30:00Z");

    // The item is saved again a day later.
    let later = std::time::UNIX_EPOCH + std::time::Duration::from_secs(util::TEST_EPOCH + 86_400);
    fs::File::options()
        .append(true)
        .open(root.join(ITEM))
        .and_then(|f| f.set_modified(later))
        .unwrap();
    diarium(root, &["build"]).success();
    let meeting = json(root, MEETING);
    assert_eq!(meeting["created"], "2024-12-10T09:30:00Z");
    assert_eq!(meeting["modified"], "2024-12-21T12:00:00Z");
    assert_eq!(meeting["agendaItem"][0]["modified"], "2024-12-21T12:00:00Z");
    assert_eq!(json(root, PAPER)["modified"], "2024-12-21T12:00:00Z");
    assert_eq!(
        json(root, "public/oparl/system.json")["modified"],
        "2024-12-21T12:00:00Z"
    );
}

/// `[parents]` in site.toml places a body under another where its name does not say so, in
/// OParl and Popolo alike; an entry naming no body is a warning at its line.
#[test]
fn configured_parents_place_a_committee_under_its_board() {
    let site = copy_fixture("sites/archive");
    let root = site.path();
    util::write(
        root,
        "content/region-nord/personalutskottet/2024-12-10/_index.md",
        "---\norganization: Region Nord\nbody: Personalutskottet\ndate: 2024-12-10\nkind: protokoll\n---\n",
    );
    let toml = fs::read_to_string(root.join("site.toml")).unwrap();
    util::write(
        root,
        "site.toml",
        &format!("{toml}\n[parents]\n\"region-nord/personalutskottet\" = \"regionstyrelsen\"\n\"region-nord/valnamnden\" = \"regionstyrelsen\"\n"),
    );
    let run = diarium(root, &["build"]).success();
    let line = toml.lines().count() + 4;
    run.stderr_has(&format!(
        "site.toml:{line}:1: warning: [parents]: the archive has no body `region-nord/valnamnden`"
    ));
    let committee = json(
        root,
        "public/oparl/organization/region-nord/personalutskottet.json",
    );
    assert_eq!(
        committee["subOrganizationOf"],
        "https://arkiv.example.se/oparl/organization/region-nord/regionstyrelsen.json"
    );
    let popolo = json(root, "public/data/popolo.json");
    let body = popolo["organizations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "Personalutskottet")
        .unwrap();
    assert_eq!(
        body["parent_id"],
        "https://arkiv.example.se/region-nord/regionstyrelsen/"
    );
}

/// A sitting with an agenda and a protocol is one Meeting holding the protocol's paragraphs:
/// a consultation made from the agenda item links the paragraph it became (its twin), never
/// an agenda item the Meeting does not hold, and the case has one consultation there.
#[test]
fn a_consultation_links_an_agenda_item_the_meeting_holds() {
    let site = copy_fixture("sites/pairing");
    let root = site.path();
    diarium(root, &["build", "--base-url", "https://arkiv.example.se/"]).success();
    let paper = json(root, "public/oparl/paper/region-test/rs-7-2025.json");
    let mut held = std::collections::BTreeSet::new();
    for consultation in paper["consultation"].as_array().unwrap() {
        let Some(link) = consultation["agendaItem"].as_str() else {
            continue;
        };
        let (file, _) = link.split_once('#').unwrap();
        let rel = format!(
            "public/{}",
            file.trim_start_matches("https://arkiv.example.se/")
        );
        let meeting = json(root, &rel);
        assert!(
            meeting["agendaItem"]
                .as_array()
                .unwrap()
                .iter()
                .any(|a| a["id"] == link),
            "{link} is not in {rel}"
        );
        assert!(held.insert(link.to_string()), "{link} twice");
    }
    assert!(!held.is_empty(), "{paper}");
}
