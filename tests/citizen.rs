//! What citizens and journalists rely on (issue 6): identity numbers never published, the
//! search index, the accessibility statement and machine-readable metadata. The browser,
//! HTML-validator and feed-parser checks run on built sites from `tests/browser/`.

mod util;

use std::fs;
use std::path::Path;
use util::{copy_fixture, diarium};

const ITEM: &str =
    "content/region-nord/regionstyrelsens-arbetsutskott/2024-11-20/102-ekonomirapport.md";

fn read(root: &Path, rel: &str) -> String {
    fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn append(root: &Path, rel: &str, text: &str) {
    let mut all = read(root, rel);
    all.push_str(text);
    fs::write(root.join(rel), all).unwrap();
}

#[test]
fn personnummer_stops_build_and_check_naming_file_line_and_column() {
    let site = copy_fixture("sites/archive");
    let lines = read(site.path(), ITEM).lines().count();
    append(
        site.path(),
        ITEM,
        "\nSökande: 850709-9805, ombud 19850769-9802.\n",
    );
    let hint = "  hint: remove the number or mask it (e.g. 850709-XXXX); the public archive must \
                not carry identity numbers";
    let line = lines + 2;
    let expected = format!(
        "{ITEM}:{line}:10: error: a personnummer (850709-XXXX) must not be published\n{hint}\n\
         {ITEM}:{line}:29: error: a samordningsnummer (19850769-XXXX) must not be published\n{hint}\n\
         2 errors\n"
    );
    let build = diarium(site.path(), &["build"]).failure();
    assert!(build.stderr.starts_with(&expected), "{build}");
    assert!(
        !build.stderr.contains("9805"),
        "the message leaks the number\n{build}"
    );
    assert!(!site.path().join("public").exists(), "{build}");
    let check = diarium(site.path(), &["check"]).failure();
    assert_eq!(check.stderr, expected, "{check}");
}

/// Issue 13, point 4: the dashes and spaces of PDF extraction, and every number in a file.
#[test]
fn personnummer_with_en_dash_or_spaces_is_caught_and_each_reported() {
    let site = copy_fixture("sites/archive");
    let lines = read(site.path(), ITEM).lines().count();
    append(
        site.path(),
        ITEM,
        "\nA: 811218\u{2013}9876\nB: 811218\u{a0}9876\nC: 811218 9876, D: 19811218-9876\n",
    );
    let check = diarium(site.path(), &["check"]).failure();
    let errors: Vec<&str> = check
        .stderr
        .lines()
        .filter(|l| l.contains(": error: "))
        .collect();
    let at = |line: usize, col: usize, masked: &str| {
        format!(
            "{ITEM}:{}:{col}: error: a personnummer ({masked}) must not be published",
            lines + line
        )
    };
    assert_eq!(
        errors,
        [
            at(2, 4, "811218\u{2013}XXXX"),
            at(3, 4, "811218\u{a0}XXXX"),
            at(4, 4, "811218 XXXX"),
            at(4, 20, "19811218-XXXX"),
        ],
        "{check}"
    );
    assert!(
        !check.stderr.contains("9876"),
        "the message leaks the number\n{check}"
    );
}

#[test]
fn samordningsnummer_in_front_matter_is_found_too() {
    let site = copy_fixture("sites/archive");
    let text =
        read(site.path(), ITEM).replacen("---\n", "---\nrecipients:\n- Sökande 850769-9802\n", 1);
    fs::write(site.path().join(ITEM), text).unwrap();
    let build = diarium(site.path(), &["build"]).failure();
    assert!(
        build.stderr.contains(&format!(
            "{ITEM}:3:11: error: a samordningsnummer (850769-XXXX) must not be published"
        )),
        "{build}"
    );
}

#[test]
fn search_index_folds_definite_forms_and_numbers_documents_by_date() {
    use diarium::search::{bucket_count, bucket_of, normalize};
    let site = copy_fixture("sites/archive");
    diarium(site.path(), &["build"]).success();
    let public = site.path().join("public");
    let meta: serde_json::Value =
        serde_json::from_str(&read(&public, "sok/index/meta.json")).unwrap();
    assert_eq!(meta["version"], 4);
    assert_eq!(meta["docs"], 4);
    assert_eq!(meta["docs_a_file"], 8, "d/<c / 125>/<c>.json, c = n / 8");
    assert_eq!(meta["files_a_folder"], 125);
    assert_eq!(meta["buckets"], bucket_count(4));
    let term = normalize("regionavtalet");
    let bucket = bucket_of(&term, bucket_count(4));
    let terms: serde_json::Value =
        serde_json::from_str(&read(&public, &format!("sok/index/t/{bucket}.json"))).unwrap();
    // A rare term's sets are inline: [items, base64 of its title, case and rest sets].
    assert_eq!(terms[&term][0], 2, "two items: {terms}");
    assert!(terms[&term][1].is_string(), "{terms}");
    // Documents are numbered by meeting date: a year is a range.
    let years = meta["years"].as_array().unwrap();
    let first_year = years[0].as_array().unwrap();
    assert_eq!(first_year[1], 0);
    assert_eq!(years.last().unwrap()[2], 4);
    // Every body's documents are a set in a postings file: [file, offset, length].
    for body in meta["bodies"].as_array().unwrap() {
        let p = body["p"].as_array().unwrap();
        let file = std::fs::read(public.join(format!("sok/index/p/{}.bin", p[0]))).unwrap();
        assert!(p[1].as_u64().unwrap() + p[2].as_u64().unwrap() <= file.len() as u64);
    }
    // The four documents share the first file, in date order.
    let docs: serde_json::Value =
        serde_json::from_str(&read(&public, "sok/index/d/0/0.json")).unwrap();
    let docs = docs.as_array().unwrap();
    assert_eq!(docs.len(), 4, "{docs:?}");
    assert!(!public.join("sok/index/d/0/1.json").exists());
    for doc in docs {
        assert!(doc["u"].as_str().unwrap().ends_with('/'), "{doc}");
        assert!(doc["x"].as_str().unwrap().chars().count() <= 320, "{doc}");
    }
}

#[test]
fn search_page_without_javascript_links_to_the_lists() {
    let site = copy_fixture("sites/archive");
    diarium(site.path(), &["build"]).success();
    let page = read(&site.path().join("public"), "sok/index.html");
    assert!(
        page.contains("<div id=\"search-nojs\" class=\"notice\">"),
        "{page}"
    );
    assert!(page.contains("href=\"/region-nord/arenden/\""), "{page}");
    assert!(page.contains("<div id=\"search-app\" hidden"), "{page}");
    assert!(page.contains("role=\"search\""), "{page}");
}

#[test]
fn accessibility_statement_comes_from_site_toml() {
    let site = copy_fixture("sites/archive");
    let run = diarium(site.path(), &["build"]).success();
    assert!(!run.stderr.contains("warning"), "{run}");
    let public = site.path().join("public");
    let page = read(&public, "tillganglighet/index.html");
    assert!(
        page.contains("<h1>Tillgänglighetsredogörelse</h1>"),
        "{page}"
    );
    assert!(page.contains("mailto:tillganglighet@example.se"), "{page}");
    assert!(
        page.contains("delvis förenlig"),
        "known issues make it partial\n{page}"
    );
    assert!(
        page.contains("<time datetime=\"2026-11-20\">20 november 2026</time>"),
        "{page}"
    );
    let sitemap = util::sitemap_urls(&public, "https://arkiv.example.se/");
    for url in [
        "https://arkiv.example.se/sok/",
        "https://arkiv.example.se/tillganglighet/",
    ] {
        assert!(sitemap.iter().any(|u| u == url), "{sitemap:?}");
    }
    assert!(read(&public, "index.html").contains("href=\"/tillganglighet/\""));
}

#[test]
fn missing_accessibility_contact_is_a_warning() {
    let site = copy_fixture("sites/archive");
    fs::write(site.path().join("site.toml"), "title = \"T\"\n").unwrap();
    let run = diarium(site.path(), &["build"]).success();
    assert!(
        run.stderr.contains(
            "site.toml: warning: the accessibility statement has no contact for reporting problems"
        ),
        "{run}"
    );
}

#[test]
fn item_page_carries_schema_org_metadata_that_text_cannot_break() {
    let site = copy_fixture("sites/archive");
    let rel = "content/region-nord/regionstyrelsen/2024-12-03/201-uppsagning-av-regionavtalet.md";
    let text = read(site.path(), rel).replace(
        "title: Uppsägning av regionavtalet",
        "title: \"Uppsägning </script><script>alert(1)</script>\"",
    );
    fs::write(site.path().join(rel), text).unwrap();
    diarium(site.path(), &["build"]).success();
    let page = read(
        &site.path().join("public"),
        "region-nord/regionstyrelsen/2024-12-03/201-uppsagning-av-regionavtalet/index.html",
    );
    let start = page
        .find("<script type=\"application/ld+json\">")
        .expect("JSON-LD")
        + 35;
    let end = start + page[start..].find("</script>").unwrap();
    let value: serde_json::Value = serde_json::from_str(&page[start..end]).unwrap();
    assert_eq!(value["@type"], "Article");
    assert_eq!(
        value["url"],
        "https://arkiv.example.se/region-nord/regionstyrelsen/2024-12-03/201-uppsagning-av-regionavtalet/"
    );
    assert_eq!(value["datePublished"], "2024-12-03");
    assert_eq!(
        value["headline"],
        "§ 201 Uppsägning </script><script>alert(1)</script>"
    );
    assert!(!page.contains("<script>alert(1)"), "{page}");
}
