//! Issue 17, point 2: what was proposed, and what was decided. The real binary builds a
//! fixture archive holding the agenda and the protocol of one meeting of a board, a
//! committee's proposal to the board, and another organization's paragraph on a case with the
//! same number; the pairing sections of every page are compared with a golden file (the rest
//! of each page is the other tests' business).

mod util;

use std::path::Path;
use util::{assert_golden_file, copy_fixture, diarium, files, fixture};

const SECTION_START: &str = "<section class=\"facts pairing\">";
const SECTION_END: &str = "</section>";

/// Every pairing section of the page, in order.
fn sections(page: &str) -> Vec<&str> {
    page.match_indices(SECTION_START)
        .map(|(at, _)| {
            let rest = &page[at..];
            let end = rest
                .find(SECTION_END)
                .map_or(rest.len(), |e| e + SECTION_END.len());
            &rest[..end]
        })
        .collect()
}

/// Each item page (`org/body/meeting/item/index.html`) that shows a pairing section, headed
/// by its path, with its sections. Meeting pages show the same sections (see
/// [`meeting_pages_show_their_items_pairs`]).
fn pairing_sections(public: &Path) -> String {
    let mut out = String::new();
    let item_page = |f: &String| f.ends_with("/index.html") && f.matches('/').count() == 4;
    for rel in files(public).into_iter().filter(item_page) {
        let page = std::fs::read_to_string(public.join(&rel)).unwrap();
        let found = sections(&page);
        if found.is_empty() {
            continue;
        }
        out.push_str(&format!("=== {rel}\n"));
        for s in found {
            out.push_str(s);
            out.push('\n');
        }
    }
    out
}

#[test]
fn agenda_protocol_and_proposal_decision_pairs_show_on_their_pages() {
    let site = copy_fixture("sites/pairing");
    diarium(site.path(), &["build"]).success();
    let public = site.path().join("public");
    assert_golden_file(
        &pairing_sections(&public),
        &fixture("golden/pairing-sections.html"),
    );
}

#[test]
fn nothing_pairs_across_organizations_or_without_a_match() {
    let site = copy_fixture("sites/pairing");
    diarium(site.path(), &["build"]).success();
    let public = site.path().join("public");
    for page in [
        "kommun-annan/kommunstyrelsen/2025-03-20/010-nya-bussar/index.html",
        "region-test/regionstyrelsen/2025-03-04-dagordning/003-ovriga-fragor/index.html",
        "region-test/regionstyrelsen/2025-03-04/030-val-av-justerare/index.html",
    ] {
        let html = std::fs::read_to_string(public.join(page)).unwrap();
        assert!(sections(&html).is_empty(), "{page} shows a pair");
    }
}

#[test]
fn an_edited_decision_text_changes_the_verdict_in_an_incremental_build() {
    let site = copy_fixture("sites/pairing");
    diarium(site.path(), &["build"]).success();
    let decision = site
        .path()
        .join("content/region-test/regionstyrelsen/2025-03-04/031-nya-bussar.md");
    let text = std::fs::read_to_string(&decision).unwrap();
    std::fs::write(&decision, text.replace("tolv nya", "tio nya")).unwrap();
    diarium(site.path(), &["build"]).success();
    let page = site
        .path()
        .join("public/region-test/arbetsutskottet/2025-02-10/005-nya-bussar/index.html");
    let html = std::fs::read_to_string(page).unwrap();
    let shown = sections(&html).join("\n");
    assert!(shown.contains("Beslutat enligt förslaget."), "{shown}");
    assert!(!shown.contains("<del>"), "{shown}");
}

#[test]
fn meeting_pages_show_their_items_pairs() {
    let site = copy_fixture("sites/pairing");
    diarium(site.path(), &["build"]).success();
    let public = site.path().join("public");
    let count = |rel: &str| {
        let html = std::fs::read_to_string(public.join(rel)).unwrap();
        sections(&html).len()
    };
    assert_eq!(
        count("region-test/regionstyrelsen/2025-03-04/index.html"),
        2
    );
    assert_eq!(
        count("region-test/regionstyrelsen/2025-03-04-dagordning/index.html"),
        2
    );
    assert_eq!(
        count("region-test/arbetsutskottet/2025-02-10/index.html"),
        1
    );
    assert_eq!(
        count("kommun-annan/kommunstyrelsen/2025-03-20/index.html"),
        0
    );
}
