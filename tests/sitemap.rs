//! The sitemap as crawlers read it: an index of parts, each a sitemap of the protocol within
//! its limits, listing every HTML page of the site once and nothing else.

mod util;

use std::collections::BTreeSet;
use util::{copy_fixture, diarium, files, sitemap_parts};

const BASE: &str = "https://arkiv.example.se/";

#[test]
fn the_sitemap_index_names_parts_that_list_every_page_once() {
    let site = copy_fixture("sites/archive");
    diarium(site.path(), &["build"]).success();
    let public = site.path().join("public");
    let parts = sitemap_parts(&public, BASE);
    let names: Vec<&str> = parts.iter().map(|(rel, _)| rel.as_str()).collect();
    assert_eq!(names[..2], ["sitemap/1.xml", "sitemap/teman/1.xml"]);
    assert!(
        names[2..].iter().all(|n| n.starts_with("sitemap/region-")),
        "{names:?}"
    );
    let mut listed = BTreeSet::new();
    for (rel, urls) in &parts {
        assert!(!urls.is_empty(), "{rel} lists nothing");
        for url in urls {
            let path = url
                .strip_prefix(BASE)
                .unwrap_or_else(|| panic!("{rel}: {url}"));
            let file = format!("{path}index.html");
            assert!(public.join(&file).is_file(), "{rel}: {url} is no page");
            assert!(listed.insert(file), "{rel}: {url} listed twice");
        }
    }
    let pages: BTreeSet<String> = files(&public)
        .into_iter()
        .filter(|f| f.ends_with(".html") && f != "404.html")
        .collect();
    assert_eq!(listed, pages);
}
