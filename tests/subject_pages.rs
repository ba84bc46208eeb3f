//! Subject pages at size (issue 14, point 2): a subject of many items is drawn as a chart of
//! bars per organization, its page lists the latest treatments and a table per year, and every
//! treatment is on a list page of its year, a hundred to a page, newest first. The frames of
//! titles (`Motion om`, `Riktlinje för`, `kring`) make no subject. The same at 10,000 meetings,
//! with Lighthouse, is `scripts/subject_pages_10k.py`.

mod util;

use std::fs;
use std::path::Path;
use util::{diarium, write};

/// A meeting of `org` on `date` with `items` items about hyrpersonal, in the frames that the
/// benchmark archive's titles use.
fn meeting(root: &Path, org: &str, date: &str, items: usize) {
    let folder = format!("content/{org}/styrelsen/{date}");
    write(
        root,
        &format!("{folder}/_index.md"),
        &format!("---\norganization: {org}\nbody: Styrelsen\ndate: {date}\nkind: protokoll\n---\n"),
    );
    let frames = [
        "Motion om hyrpersonal från Anna Berg (S)",
        "Riktlinje för hyrpersonal",
        "Avtal om samverkan kring hyrpersonal",
        "Medborgarförslag om hyrpersonal",
    ];
    for n in 1..=items {
        let title = frames[n % frames.len()];
        write(
            root,
            &format!("{folder}/{n:03}-punkt.md"),
            &format!("---\nnumber: {n}\ntitle: {title}\n---\n\nText.\n"),
        );
    }
}

fn read(root: &Path, rel: &str) -> String {
    fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The dates of the treatments a list page shows, in its order.
fn dates(html: &str) -> Vec<&str> {
    html.split("<time datetime=\"")
        .skip(1)
        .map(|rest| &rest[..10])
        .collect()
}

fn built() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    write(root, "site.toml", "title = \"T\"\n");
    meeting(root, "region-a", "2023-03-01", 5);
    meeting(root, "region-a", "2024-02-01", 60);
    meeting(root, "region-b", "2024-09-01", 60);
    diarium(root, &["build"]).success();
    tmp
}

#[test]
fn a_large_subject_is_a_chart_a_table_and_pages_per_year() {
    let site = built();
    let root = site.path();
    let subjects: Vec<String> = fs::read_dir(root.join("public/teman"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    // Issue 14: `Kring`, `Motion`, `Riktlinje` and `Medborgarförslag` were subjects.
    assert_eq!(subjects.len(), 2, "{subjects:?}");
    assert!(subjects.contains(&"hyrpersonal".to_string()));

    let page = read(root, "public/teman/hyrpersonal/index.html");
    // One row of bars per organization, whatever the number of items.
    assert_eq!(
        page.matches("<path stroke-width=\"8\" d=\"M").count(),
        2 + 1
    );
    assert!(page.contains("role=\"img\" aria-label=\"Behandlingar per månad, 2023–2024"));
    // The latest twenty, newest first; the years in a table, linked to their pages.
    let listed = dates(&page);
    assert_eq!(listed.len(), 20);
    assert!(listed.iter().all(|d| *d == "2024-09-01"));
    assert!(page.contains("<a href=\"/teman/hyrpersonal/2024/\">Alla behandlingar 2024</a>"));
    let years = "<th scope=\"col\"><a href=\"/teman/hyrpersonal/2023/\">2023</a></th>\
                 <th scope=\"col\"><a href=\"/teman/hyrpersonal/2024/\">2024</a></th>";
    assert!(page.contains(years), "{page}");
    assert!(page.contains("<th scope=\"row\">region-a</th><td>5</td><td>60</td>"));
    assert!(page.contains("<th scope=\"row\">region-b</th><td>0</td><td>60</td>"));
    assert!(page.contains("<th scope=\"row\">Totalt</th><td>5</td><td>120</td>"));

    // 2024 has 120 items: a hundred on its page, newest first, and twenty on the next.
    let first = read(root, "public/teman/hyrpersonal/2024/index.html");
    let on_first = dates(&first);
    assert_eq!(on_first.len(), 100);
    assert_eq!(on_first.iter().filter(|d| **d == "2024-09-01").count(), 60);
    assert!(on_first.windows(2).all(|w| w[0] >= w[1]), "newest first");
    // The parts of a year are named by the dates they cover.
    assert!(first.contains(
        "<a href=\"/teman/hyrpersonal/2024/\" aria-current=\"page\">1 september – 1 februari</a>"
    ));
    assert!(first.contains("<a href=\"/teman/hyrpersonal/2024/2/\">1 februari</a>"));
    assert!(first.contains("<a href=\"/teman/hyrpersonal/2023/\" rel=\"prev\">← 2023</a>"));
    let second = read(root, "public/teman/hyrpersonal/2024/2/index.html");
    assert_eq!(dates(&second), ["2024-02-01"; 20]);
    assert!(second.contains("<title>Hyrpersonal 2024, del 2 av 2 – "));
    let older = read(root, "public/teman/hyrpersonal/2023/index.html");
    assert_eq!(dates(&older), ["2023-03-01"; 5]);
    assert!(older.contains("<a href=\"/teman/hyrpersonal/2024/\" rel=\"next\">2024 →</a>"));

    // Every list page is in the sitemap.
    let sitemap = util::sitemap_urls(&root.join("public"), "/");
    for url in [
        "/teman/hyrpersonal/2024/",
        "/teman/hyrpersonal/2024/2/",
        "/teman/hyrpersonal/2023/",
    ] {
        assert!(sitemap.iter().any(|u| u == url), "{url}");
    }
}

#[test]
fn a_subject_that_fits_its_page_has_no_list_pages() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    write(root, "site.toml", "title = \"T\"\n");
    meeting(root, "region-a", "2023-03-01", 3);
    meeting(root, "region-b", "2024-09-01", 3);
    diarium(root, &["build"]).success();
    let page = read(root, "public/teman/hyrpersonal/index.html");
    assert_eq!(dates(&page).len(), 6);
    assert!(page.contains("<th scope=\"col\">2024</th>"));
    assert!(!root.join("public/teman/hyrpersonal/2024").exists());
}
