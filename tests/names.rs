//! Names, paths and URLs (issue 13, points 6–8): every page has a path of its own, themes
//! come from the archive's themes/ folder only, and every URL that reaches a page is http(s)
//! or a path of the site.

mod util;

use std::fs;
use util::{diarium, small_site, write, MEETING};

/// A topic, a party and people whose names make no slug, or fold to one slug.
const NAMELESS: &str = "---\nnumber: 1\ntitle: A\ntopics: [\"!!!\", \"..\", tema]\n\
    reservations:\n- by: [Anna Berg (ΩΣ)]\n  text: Nej.\n- by: [Bo Ek (ΨΦ)]\n  text: Nej.\n\
    - by: [Åsa Lind (S)]\n  text: Nej.\n- by: [Asa Lind (S)]\n  text: Nej.\n---\n\nText.\n";

#[test]
fn slugs_without_letters_get_pages_of_their_own() {
    let site = small_site();
    write(site.path(), &format!("{MEETING}/001-a.md"), NAMELESS);
    let run = diarium(site.path(), &["build"]).success();
    let public = site.path().join("public");
    let read = |rel: &str| {
        fs::read_to_string(public.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}\n{run}"))
    };
    // The lists are still the lists, not a subject's or a party's page written over them.
    assert!(
        read("teman/index.html").contains("href=\"/teman/tema-2/\""),
        "{run}"
    );
    assert!(
        read("partier/index.html").contains("href=\"/partier/parti/\""),
        "{run}"
    );
    for rel in [
        "teman/tema/index.html",
        "teman/tema-2/index.html",
        "teman/tema-3/index.html",
        "partier/parti/index.html",
        "partier/parti-2/index.html",
        "personer/asa-lind/index.html",
        "personer/asa-lind-2/index.html",
    ] {
        assert!(public.join(rel).is_file(), "{rel} missing\n{run}");
    }
}

#[test]
fn two_pages_claiming_one_path_is_an_error_naming_both() {
    let site = small_site();
    write(site.path(), "static/index.html", "<p>mine</p>");
    write(site.path(), "static/personer/index.html", "<p>mine</p>");
    for cmd in ["build", "check"] {
        let run = diarium(site.path(), &[cmd]).failure();
        let errors: Vec<&str> = run.stderr.lines().filter(|l| l.contains("error")).collect();
        assert_eq!(
            errors,
            [
                "index.html: error: two pages would be written to this file: the home page and \
                 the theme file static/index.html",
                "personer/index.html: error: two pages would be written to this file: the list \
                 of people and the theme file static/personer/index.html",
                "2 error(s)",
            ],
            "{run}"
        );
    }
    assert!(!site.path().join("public").exists());
}
