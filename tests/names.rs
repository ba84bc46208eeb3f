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
                "2 errors",
            ],
            "{run}"
        );
    }
    assert!(!site.path().join("public").exists());
}

/// Builds [`small_site`] with `site_toml`: build and check fail with exactly `expected`.
fn assert_site_toml_refused(site_toml: &str, expected: &str) {
    let site = small_site();
    write(site.path(), "site.toml", site_toml);
    for cmd in ["build", "check"] {
        let run = diarium(site.path(), &[cmd]).failure();
        let shown: Vec<&str> = run
            .stderr
            .lines()
            .filter(|l| {
                !(l.ends_with(" error") || l.ends_with(" errors") || l.contains("left as it was"))
            })
            .collect();
        assert_eq!(shown.join("\n"), expected, "{run}");
    }
}

#[test]
fn theme_outside_themes_folder_is_refused() {
    let hint =
        "  hint: write the folder's name only, as in `theme = \"default\"` for themes/default/";
    for theme in ["../../x", "/etc"] {
        assert_site_toml_refused(
            &format!("title = \"T\"\ntheme = \"{theme}\"\n"),
            &format!("site.toml:2:1: error: theme: `{theme}` is not the name of a folder in themes/\n{hint}"),
        );
    }
}

const URL_HINT: &str =
    "  hint: write an absolute URL such as \"https://example.se/protokoll/\" or a \
                        path of the site such as \"/protokoll/\"";

#[test]
fn contact_url_javascript_is_refused() {
    assert_site_toml_refused(
        "title = \"T\"\n[accessibility]\ncontact_url = \"javascript:alert(1)\"\n",
        &format!(
            "site.toml:3:1: error: contact_url: `javascript:alert(1)`: only http and https URLs \
             may be linked, not `javascript:`\n{URL_HINT}"
        ),
    );
}

#[test]
fn base_url_to_another_host_or_scheme_is_refused() {
    assert_site_toml_refused(
        "title = \"T\"\nbase_url = \"//evil.example/\"\n",
        &format!(
            "site.toml:2:1: error: base_url: `//evil.example/` leads to another host; write \
             https://… in full, or a path with one `/`\n{URL_HINT}"
        ),
    );
    assert_site_toml_refused(
        "title = \"T\"\n\nbase_url = \"file:///srv/\"\n",
        &format!(
            "site.toml:3:1: error: base_url: `file:///srv/`: only http and https URLs may be \
             linked, not `file:`\n{URL_HINT}"
        ),
    );
    let site = small_site();
    let run = diarium(site.path(), &["build", "--base-url", "javascript:alert(1)"]).failure();
    assert!(
        run.stderr.starts_with(&format!(
            "--base-url: error: `javascript:alert(1)`: only http and https URLs may be linked, \
             not `javascript:`\n{URL_HINT}\n"
        )),
        "{run}"
    );
    diarium(site.path(), &["build", "--base-url", "https://x.se/arkiv/"]).success();
    diarium(site.path(), &["build", "--base-url", "/arkiv/"]).success();
}
