//! Issue 14, point 3 ("true pages") and point 4 (meeting pages), on the example archive built
//! by the real binary: what a reader of the built pages is told must be true.

mod util;

use std::path::Path;
use std::sync::OnceLock;
use util::{diarium, repo};

/// The example archive, built once for all the tests of this file.
fn public() -> &'static Path {
    static OUT: OnceLock<tempfile::TempDir> = OnceLock::new();
    OUT.get_or_init(|| {
        let out = tempfile::tempdir().unwrap();
        let public = out.path().join("public");
        diarium(&repo(), &["build", "--out", public.to_str().unwrap()]).success();
        out
    })
    .path()
}

fn page(rel: &str) -> String {
    let path = public().join("public").join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

const AU: &str = "region-vasterbotten/regionstyrelsens-arbetsutskott/2024-12-05/";

/// The part of a page between two markers (from the first, to the next after it).
fn between<'a>(html: &'a str, from: &str, to: &str) -> &'a str {
    let start = html.find(from).unwrap_or_else(|| panic!("no {from:?}"));
    let rest = &html[start..];
    &rest[..rest.find(to).unwrap_or(rest.len())]
}

#[test]
fn references_inside_a_meeting_link_to_its_items() {
    let item = page(&format!("{AU}220-informationer/index.html"));
    let refs = between(&item, "Hänvisningar", "</section>");
    assert!(!refs.contains("finns inte i arkivet"), "{refs}");
    assert!(
        refs.contains(&format!(
            "{AU}227-regionstyrelsens-namndplan-och-budget-2025/"
        )),
        "{refs}"
    );
}

#[test]
fn home_lists_only_decisions() {
    let home = page("index.html");
    let latest = between(&home, "id=\"latest-decisions\"", "</section>");
    for procedural in [
        "Inledning",
        "Justering",
        "Val av justerare",
        "föredragningslista",
    ] {
        assert!(!latest.contains(procedural), "{procedural} in {latest}");
    }
    assert!(
        latest.contains("Tilläggsbudget samt omdisponering 2025"),
        "{latest}"
    );
}

const ITEM_227: &str = "227-regionstyrelsens-namndplan-och-budget-2025/index.html";

#[test]
fn the_decision_box_shows_the_decision_not_a_motion() {
    let item = page(&format!("{AU}{ITEM_227}"));
    let decision = between(&item, "class=\"decision-line\"", "</p>");
    assert!(
        decision.contains("Arbetsutskottet föreslår att regionstyrelsen beslutar"),
        "{decision}"
    );
    assert!(!decision.contains("yrkar"), "{decision}");
}

#[test]
fn a_motion_reads_whole_and_no_section_is_shown_twice() {
    let item = page(&format!("{AU}{ITEM_227}"));
    assert!(!item.contains("Ordförande: på följande"), "{item}");
    assert!(item.contains("Ordförande: följande ändringar i nämndplanen"));
    assert_eq!(item.matches(">Deltar ej i beslutet<").count(), 1, "{item}");
}

#[test]
fn counts_take_the_swedish_plural_and_a_unit() {
    let body = page("region-vasterbotten/regionstyrelsens-arbetsutskott/index.html");
    assert!(body.contains("17 ärenden"), "{body}");
    assert!(!body.contains("(17)"), "{body}");
    let home = page("index.html");
    assert!(home.contains("1 sammanträde,"), "{home}");
    assert!(!home.contains("1 sammanträden"), "{home}");
    let meeting = page(&format!("{AU}index.html"));
    let toc = between(&meeting, "id=\"dagordning\"", "</nav>");
    assert!(toc.contains("<ul>") && !toc.contains("<ol>"), "{toc}");
}

fn description(html: &str) -> &str {
    between(html, "<meta name=\"description\" content=\"", "\">")
}

#[test]
fn every_page_says_what_it_holds_in_its_description() {
    let site = description(&page("index.html")).to_string();
    let meeting = page(&format!("{AU}index.html"));
    let d = description(&meeting);
    assert!(
        d.contains("17 ärenden, 13 beslut") && d.contains("Finansrapport per oktober 2024"),
        "{d}"
    );
    let item = page(&format!("{AU}{ITEM_227}"));
    let d = description(&item);
    assert!(
        d.contains("§ 227") && d.contains("föreslår att regionstyrelsen"),
        "{d}"
    );
    let case = page("region-vasterbotten/arenden/rs-1896-2024/index.html");
    let d = description(&case);
    assert!(d.contains("RS 1896-2024") && d.contains("nämndplan"), "{d}");
    for html in [meeting.as_str(), item.as_str(), case.as_str()] {
        assert_ne!(description(html), site);
    }
}

#[test]
fn every_item_of_a_meeting_leads_back_to_the_agenda() {
    let meeting = page(&format!("{AU}index.html"));
    assert!(meeting.contains("<nav class=\"toc\" id=\"dagordning\""));
    assert_eq!(
        meeting.matches("href=\"#dagordning\"").count(),
        17,
        "one per item"
    );
}

#[test]
fn feed_entries_all_have_a_summary_and_a_tag_id() {
    let feed = page("atom.xml");
    let entries = feed.matches("<entry>").count();
    assert!(entries > 20);
    assert_eq!(feed.matches("<summary>").count(), entries, "{feed}");
    assert_eq!(
        feed.matches("<id>tag:arkiv.example.org,2025:/").count(),
        entries + 1
    );
}

#[test]
fn person_and_party_pages_open_with_what_they_did() {
    let person = page("personer/nicklas-sandstrom/index.html");
    let summary = between(&person, "class=\"summary\"", "</section>");
    assert!(
        summary.contains("Regionstyrelsens arbetsutskott"),
        "{summary}"
    );
    assert!(summary.contains("2024"), "{summary}");
    let party = page("partier/m/index.html");
    let summary = between(&party, "class=\"summary\"", "</section>");
    assert!(summary.contains("<table"), "{summary}");
    assert!(party.contains("id=\"members\""), "{party}");
}

/// Minutes print `Ordförande yrkar …` for the chair: the meeting's chair is meant.
#[test]
fn the_chair_named_by_role_is_the_meetings_chair() {
    let site = util::copy_fixture("sites/archive");
    let rel = "content/region-nord/regionstyrelsen/2024-12-03/201-uppsagning-av-regionavtalet.md";
    let text = std::fs::read_to_string(site.path().join(rel)).unwrap();
    let edited = text.replace(
        "  - Olle Berg(M)\n  text: återremiss",
        "  - Ordförande\n  text: återremiss",
    );
    assert_ne!(edited, text);
    std::fs::write(site.path().join(rel), edited).unwrap();
    diarium(site.path(), &["build"]).success();
    let read = |rel: &str| std::fs::read_to_string(site.path().join("public").join(rel)).unwrap();
    let item =
        read("region-nord/regionstyrelsen/2024-12-03/201-uppsagning-av-regionavtalet/index.html");
    let motions = between(&item, "Yrkanden", "</section>");
    assert!(
        motions.contains(">Karin Ek (S)</a>: återremiss"),
        "{motions}"
    );
    let person = read("personer/karin-ek/index.html");
    assert_eq!(person.matches("</a> – återremiss").count(), 1, "{person}");
}
