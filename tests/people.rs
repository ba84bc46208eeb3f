//! Issue 15, point 2, the person registry (`content/people.yaml`), through the real binary:
//! a merge (two spellings, one page), a rename (the name changes, the URL stays), the same id
//! in every open-data file, the warnings and errors at their file and line, and the two ways
//! the registry is kept up (`check --update-people`, `import`), which only ever append.

mod util;

use std::fs;
use std::path::Path;
use util::{assert_golden_file, copy_fixture, diarium, fixture, write};

const REGISTRY: &str = "content/people.yaml";
const BUDGET: &str = "content/storby-kommun/kommunfullmaktige/2025-03-20/045-budget-2026.md";
const KS: &str = "content/storby-kommun/kommunstyrelsen/2025-02-10";

fn read(root: &Path, rel: &str) -> String {
    fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn built() -> tempfile::TempDir {
    let site = copy_fixture("sites/people");
    let run = diarium(site.path(), &["build"]).success();
    assert!(!run.stderr.contains("warning"), "{run}");
    site
}

#[test]
fn two_spellings_merged_in_the_registry_are_one_person_with_one_page() {
    let site = built();
    let root = site.path();
    assert!(!root.join("public/personer/anna-anderson").exists());
    let page = read(root, "public/personer/anna-andersson/index.html");
    assert!(page.contains("<h1>Anna Andersson (S)</h1>"), "{page}");
    assert!(page.contains("<p>Skrivs även: Anna Anderson</p>"), "{page}");
    // Her roles under both spellings: chair and attendee (2025-02-10), adjuster (2025-03-20).
    for kind in ["Ordförande", "Justerare"] {
        assert!(page.contains(kind), "{kind} missing: {page}");
    }
    // The misspelt ballot links to her page.
    let item = read(
        root,
        "public/storby-kommun/kommunfullmaktige/2025-03-20/045-budget-2026/index.html",
    );
    assert!(
        item.contains("<a href=\"/personer/anna-andersson/\">Anna Anderson</a>"),
        "{item}"
    );
}

#[test]
fn a_renamed_person_keeps_the_id_and_url_everywhere() {
    let site = built();
    let root = site.path();
    let page = read(root, "public/personer/asa-berg/index.html");
    assert!(page.contains("<h1>Åsa Berg-Lind (M)</h1>"), "{page}");
    assert!(page.contains("<p>Skrivs även: Åsa Berg</p>"), "{page}");
    let oparl = read(root, "public/oparl/person/asa-berg.json");
    assert!(oparl.contains("\"name\":\"Åsa Berg-Lind\""), "{oparl}");
    assert!(
        oparl.contains("\"id\":\"https://arkiv.example.se/oparl/person/asa-berg.json\""),
        "{oparl}"
    );
    let popolo = read(root, "public/data/popolo.json");
    for id in ["anna-andersson", "asa-berg", "olle-ek"] {
        let voter = format!("\"voter_id\":\"https://arkiv.example.se/personer/{id}/\"");
        assert!(popolo.contains(&voter), "{voter} not in {popolo}");
    }
    assert!(
        popolo.contains("\"name\":\"Åsa Berg-Lind\",\"other_names\":[{\"name\":\"Åsa Berg\"}]"),
        "{popolo}"
    );
    assert_golden_file(
        &read(root, "public/data/people.json"),
        &fixture("golden/people.json"),
    );
}

#[test]
fn without_the_registry_each_spelling_is_a_person_as_before() {
    let site = copy_fixture("sites/people");
    let root = site.path();
    fs::remove_file(root.join(REGISTRY)).unwrap();
    let run = diarium(root, &["build"]).success();
    assert!(!run.stderr.contains("warning"), "{run}");
    for slug in ["anna-andersson", "anna-anderson", "asa-berg", "olle-ek"] {
        assert!(root.join("public/personer").join(slug).exists(), "{slug}");
    }
    let page = read(root, "public/personer/asa-berg/index.html");
    assert!(page.contains("<h1>Åsa Berg (M)</h1>") && !page.contains("Skrivs även"));
}

#[test]
fn a_name_missing_from_the_registry_is_a_warning_at_its_mention_and_update_appends_it() {
    let site = copy_fixture("sites/people");
    let root = site.path();
    let item = format!("{KS}/001-budget.md");
    let text =
        read(root, &item).replace("reservations:", "abstained:\n- Eva Lund (C)\nreservations:");
    write(root, &item, &text);
    let before = read(root, REGISTRY);
    let run = diarium(root, &["check"]).success();
    run.stderr_has(&format!(
        "{item}:10:3: warning: `Eva Lund` is not in the person registry, people.yaml"
    ));
    // Her page exists meanwhile, by the slug of her name.
    diarium(root, &["build"]).success();
    assert!(root.join("public/personer/eva-lund/index.html").exists());

    let run = diarium(root, &["check", "--update-people"]).success();
    run.stderr_has("content/people.yaml: 1 name added");
    assert!(!run.stderr.contains("warning"), "{run}");
    let after = read(root, REGISTRY);
    assert_eq!(
        after,
        format!("{before}eva-lund:\n  name: Eva Lund\n  spellings: [Eva Lund]\n")
    );
    let again = diarium(root, &["check", "--update-people"]).success();
    again.stderr_has("content/people.yaml: 0 names added");
    assert_eq!(read(root, REGISTRY), after);
}

#[test]
fn likely_merges_and_unused_entries_are_warnings_never_merges() {
    let site = copy_fixture("sites/people");
    let root = site.path();
    let registry = read(root, REGISTRY)
        + "a-andersson:\n  name: A. Andersson\n  party: S\n  spellings: [A. Andersson]\n\
           nobody:\n  name: Ingen Alls\n";
    write(root, REGISTRY, &registry);
    let text = read(root, BUDGET).replace(
        "  - by: Olle Ek (V)",
        "  - by: A. Andersson (S)\n    vote: yes\n  - by: Olle Ek (V)",
    );
    write(root, BUDGET, &text);
    let run = diarium(root, &["check"]).success();
    run.stderr_has("content/people.yaml:17:1: warning: `nobody` names nobody the minutes print");
    run.stderr_has(
        "content/people.yaml:13:1: warning: `A. Andersson` (a-andersson) and `Anna Andersson` (anna-andersson) may be one person",
    );
    diarium(root, &["build"]).success();
    assert!(root.join("public/personer/a-andersson/index.html").exists());
}

#[test]
fn registry_errors_name_the_file_and_line() {
    for (registry, expected) in [
        (
            "anna:\n  name: Anna Andersson\nolle:\n  name: Olle Ek\n  spellings: [Anna Andersson]\n",
            "content/people.yaml:3:1: error: `Anna Andersson` is claimed by both `anna` and `olle`",
        ),
        (
            "Anna Andersson:\n  name: Anna Andersson\n",
            "content/people.yaml:1:1: error: the id `Anna Andersson` is not a slug, so it cannot be a page's address",
        ),
        (
            "anna:\n  name: Anna\n  namn: Anna\n",
            "content/people.yaml:3:",
        ),
        ("anna:\n  name: [Anna\n", "content/people.yaml:"),
        ("anna:\n  name: A\nanna:\n  name: B\n", "content/people.yaml:3:"),
    ] {
        let site = copy_fixture("sites/people");
        write(site.path(), REGISTRY, registry);
        let run = diarium(site.path(), &["build"]).failure();
        assert!(run.stderr.starts_with(expected), "{expected}\n{run}");
        assert!(run.stderr.contains(": error: "), "{run}");
    }
}

#[test]
fn import_appends_new_names_and_keeps_the_registrars_entries_and_comments() {
    let tmp = tempfile::tempdir().unwrap();
    diarium(tmp.path(), &["init", "site"]).success();
    let site = tmp.path().join("site");
    fs::remove_dir_all(site.join("content/exempelkommun")).unwrap();
    let mine = "# mine\nanna-berg:   # renamed\n  name: Anna Berg-Lind\n  spellings: [Anna Berg]\n";
    write(&site, REGISTRY, mine);
    write(
        &site,
        "sources/kf.txt",
        "Storby kommun\nKommunfullmäktige\nProtokoll\nDatum: 2025-03-20\n\n\
         § 45 Budget 2026\nDnr KS 2024/456\n\nYrkande\n\
         Anna Berg (S) yrkar bifall. Olle Ek (M) yrkar återremiss.\n\n\
         Beslut\nFullmäktige beslutar att fastställa budgeten.\n",
    );
    let run = diarium(&site, &["import", "sources/kf.txt"]).success();
    run.stderr_has("content/people.yaml: note: 1 name added: Olle Ek");
    assert_eq!(
        read(&site, REGISTRY),
        format!("{mine}olle-ek:\n  name: Olle Ek\n  spellings: [Olle Ek]\n")
    );
    let run = diarium(&site, &["build"]).success();
    assert!(!run.stderr.contains("warning: `"), "{run}");
    assert!(site.join("public/personer/anna-berg/index.html").exists());
    let page = read(&site, "public/personer/anna-berg/index.html");
    assert!(page.contains("<h1>Anna Berg-Lind (S)</h1>"), "{page}");
}

#[test]
fn import_into_an_archive_without_a_registry_leaves_it_without_one() {
    let tmp = tempfile::tempdir().unwrap();
    diarium(tmp.path(), &["init", "site"]).success();
    let site = tmp.path().join("site");
    write(
        &site,
        "sources/kf.txt",
        "Storby kommun\nKommunfullmäktige\nProtokoll\nDatum: 2025-03-20\n\n\
         § 45 Budget 2026\n\nYrkande\nOlle Ek (M) yrkar återremiss.\n\n\
         Beslut\nFullmäktige beslutar att fastställa budgeten.\n",
    );
    let run = diarium(&site, &["import", "sources/kf.txt"]).success();
    run.stderr_has("content/people.yaml: note: this archive has no person registry");
    assert!(!site.join(REGISTRY).exists());
    let run = diarium(&site, &["check", "--update-people"]).success();
    run.stderr_has("content/people.yaml: 3 names added");
    assert!(read(&site, REGISTRY).contains("olle-ek:\n  name: Olle Ek\n"));
}
