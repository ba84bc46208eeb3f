//! `diarium build`, `check` and `init` on fixture sites: golden output, every error message
//! pinned with its file and line, and the guarantees (no half-written output, escaping,
//! sub-path hosting, theme overrides).

mod util;

use std::fs;
use std::path::Path;
use util::{assert_golden, copy_fixture, diarium, fixture, small_site, write, MEETING};

/// Builds [`small_site`] with `files` (path, text) written over it: the build must fail and
/// its report start with `expected`.
fn assert_build_fails_with(files: &[(&str, &str)], expected: &str) {
    let site = small_site();
    for (rel, text) in files {
        write(site.path(), rel, text);
    }
    let run = diarium(site.path(), &["build"]).failure();
    assert!(run.stderr.starts_with(expected), "{run}");
}

#[test]
fn archive_matches_golden() {
    let site = copy_fixture("sites/archive");
    diarium(site.path(), &["build"]).success();
    assert_golden(&site.path().join("public"), &fixture("golden/archive"));
}

#[test]
fn archive_checks_clean() {
    let run = diarium(&fixture("sites/archive"), &["check"]).success();
    assert!(
        run.stderr
            .contains("checked 3 meetings, 4 items: no errors"),
        "{run}"
    );
}

#[test]
fn init_creates_a_site_that_builds() {
    let tmp = tempfile::tempdir().unwrap();
    diarium(tmp.path(), &["init", "arkiv"]).success();
    let run = diarium(&tmp.path().join("arkiv"), &["build"]).success();
    assert!(run.stderr.contains("(1 meeting, 2 items, 1 case)"), "{run}");
    let item = tmp
        .path()
        .join("arkiv/public/exempelkommun/kommunstyrelsen/2025-01-15/002-budget/index.html");
    assert!(fs::read_to_string(item)
        .unwrap()
        .contains("Förslag till kommunfullmäktige"));
    let again = diarium(tmp.path(), &["init", "arkiv"]).failure();
    assert!(again.stderr.contains("is not empty"), "{again}");
}

#[test]
fn sub_path_base_url_prefixes_every_link() {
    let site = copy_fixture("sites/archive");
    diarium(
        site.path(),
        &["build", "--base-url", "https://x.se/protokoll"],
    )
    .success();
    let home = fs::read_to_string(site.path().join("public/index.html")).unwrap();
    assert!(home.contains("href=\"/protokoll/style.css\""), "{home}");
    assert!(home.contains("href=\"/protokoll/region-nord/\""));
    assert!(!home.contains("href=\"/region-nord/"));
    let feed = fs::read_to_string(site.path().join("public/atom.xml")).unwrap();
    assert!(
        feed.contains("href=\"https://x.se/protokoll/region-nord/"),
        "{feed}"
    );
}

/// Issue 14: entry ids are `tag:` URIs under site.toml's `feed_tag`, the same whatever the
/// base URL, so a site that moves does not show its readers every entry again.
#[test]
fn feed_ids_survive_a_new_base_url() {
    let site = copy_fixture("sites/archive");
    let ids = |args: &[&str]| {
        diarium(site.path(), args).success();
        let feed = fs::read_to_string(site.path().join("public/atom.xml")).unwrap();
        let ids: Vec<String> = feed
            .lines()
            .filter(|l| l.trim_start().starts_with("<id>"))
            .map(str::to_string)
            .collect();
        assert!(ids.len() > 1, "{feed}");
        ids
    };
    let before = ids(&["build"]);
    assert!(
        before[1].contains("<id>tag:arkiv.example.se,2024:/region-"),
        "{before:?}"
    );
    assert_eq!(
        ids(&["build", "--base-url", "https://x.se/protokoll"]),
        before
    );
}

#[test]
fn a_site_without_feed_tag_is_warned_that_its_ids_follow_the_host() {
    let site = copy_fixture("sites/archive");
    let toml = fs::read_to_string(site.path().join("site.toml")).unwrap();
    let without: String = toml
        .lines()
        .filter(|l| !l.starts_with("feed_tag"))
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(site.path().join("site.toml"), without).unwrap();
    let check = diarium(site.path(), &["check"]).success();
    assert!(
        check.stderr.contains(
            "site.toml: warning: no `feed_tag`: feed entry ids are made from base_url's host \
             (`tag:arkiv.example.se,2026:/…`) and change if the site moves\n  \
             hint: add `feed_tag = \"arkiv.example.se,2026\"` to site.toml to keep them\n"
        ),
        "{check}"
    );
}

#[test]
fn minutes_text_is_escaped() {
    let site = copy_fixture("sites/archive");
    diarium(site.path(), &["build"]).success();
    let page = fs::read_to_string(
        site.path()
            .join("public/region-syd/kommunstyrelsen/2024-12-10-dagordning/005-lokaler/index.html"),
    )
    .unwrap();
    assert!(!page.contains("<script>"), "raw script reached the page");
    assert!(!page.contains("<b>för</b>"));
    assert!(page.contains("&lt;script&gt;"));
    assert!(!page.contains("javascript:"));
}

#[test]
fn colliding_case_numbers_of_two_organizations_stay_two_cases() {
    let site = copy_fixture("sites/archive");
    diarium(site.path(), &["build"]).success();
    let nord = fs::read_to_string(
        site.path()
            .join("public/region-nord/arenden/rs-12-2024/index.html"),
    )
    .unwrap();
    let syd = fs::read_to_string(
        site.path()
            .join("public/region-syd/arenden/rs-12-2024/index.html"),
    )
    .unwrap();
    assert!(nord.contains("§ 101") && nord.contains("§ 201") && !nord.contains("§ 5 "));
    assert!(syd.contains("§ 5 ") && !syd.contains("§ 101"));
}

#[test]
fn failed_build_leaves_previous_output_untouched() {
    let site = small_site();
    diarium(site.path(), &["build"]).success();
    let index = site.path().join("public/index.html");
    let before = fs::read(&index).unwrap();
    write(
        site.path(),
        &format!("{MEETING}/001-a.md"),
        "---\nnumber: 1\n---\n",
    );
    let run = diarium(site.path(), &["build"]).failure();
    assert!(run.stderr.contains("public was left as it was"), "{run}");
    assert_eq!(fs::read(&index).unwrap(), before);
    let names: Vec<String> = fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.contains(".tmp-")),
        "temporary folder left: {names:?}"
    );
}

/// Runs `build` and `check` on a broken site; both must fail with exactly `expected` lines.
fn assert_errors(site: &Path, expected: &str) {
    for cmd in ["build", "check"] {
        let run = diarium(site, &[cmd]).failure();
        assert_eq!(run.code(), Some(1), "{run}");
        assert_eq!(run.problems(), expected.trim_end(), "{run}");
    }
}

#[test]
fn unknown_front_matter_field() {
    let site = small_site();
    write(
        site.path(),
        &format!("{MEETING}/001-a.md"),
        "---\nnumber: 1\ntitle: A\ncolour: red\n---\n",
    );
    assert_errors(site.path(), &format!("{MEETING}/001-a.md:4:1: error: unknown field `colour`, expected one of number, title, group, cases, topics, outcome, motions, votes, reservations, notes, abstained, recused, officials, references, attachments, recipients\n  hint: remove the field, or correct its spelling to one of those allowed"));
}

#[test]
fn missing_required_field() {
    let site = small_site();
    write(
        site.path(),
        &format!("{MEETING}/001-a.md"),
        "---\nnumber: 1\n---\n",
    );
    assert_errors(site.path(), &format!("{MEETING}/001-a.md:2:1: error: missing field `title`\n  hint: add `title:` to the front-matter"));
}

#[test]
fn date_that_is_not_a_date() {
    let site = small_site();
    write(
        site.path(),
        &format!("{MEETING}/_index.md"),
        "---\norganization: Org\nbody: Styrelsen\ndate: 2024-02-30\nkind: protokoll\n---\n",
    );
    assert_errors(site.path(), &format!("{MEETING}/_index.md:4:7: error: date: input is out of range\n  hint: write dates as YYYY-MM-DD, for example `date: 2024-12-05`"));
}

#[test]
fn broken_yaml() {
    let site = small_site();
    write(
        site.path(),
        &format!("{MEETING}/001-a.md"),
        "---\nnumber: 1\ntitle: A\n  cases: x\n---\n",
    );
    let run = diarium(site.path(), &["build"]).failure();
    assert!(
        run.stderr.starts_with(&format!(
            "{MEETING}/001-a.md:4:8: error: mapping values are not allowed in this context"
        )),
        "{run}"
    );
}

#[test]
fn every_bad_file_is_reported_in_one_run() {
    let site = small_site();
    write(
        site.path(),
        &format!("{MEETING}/001-a.md"),
        "---\nnumber: 1\n---\n",
    );
    write(
        site.path(),
        &format!("{MEETING}/002-b.md"),
        "no front matter\n",
    );
    write(
        site.path(),
        &format!("{MEETING}/003-c.md"),
        "---\nnumber: 3\ntitle: C\n---\n",
    );
    fs::write(
        site.path().join(format!("{MEETING}/004-d.md")),
        b"---\nnumber: 4\ntitle: \xff\n---\n",
    )
    .unwrap();
    assert_errors(site.path(), &format!(
        "{MEETING}/001-a.md:2:1: error: missing field `title`\n  hint: add `title:` to the front-matter\n\
         {MEETING}/002-b.md:1:1: error: the file does not start with front-matter\n  hint: start the file with a line `---`, the YAML fields, and another line `---`\n\
         {MEETING}/004-d.md:3:8: error: the file is not valid UTF-8\n  hint: save the file as UTF-8 in your editor"
    ));
}

#[test]
fn duplicate_item_numbers_and_bad_case_numbers() {
    let site = small_site();
    write(
        site.path(),
        &format!("{MEETING}/002-b.md"),
        "---\nnumber: 1\ntitle: B\ncases:\n- RS 1-2024\n- §§ 12\n---\n",
    );
    assert_errors(site.path(), &format!(
        "{MEETING}/002-b.md:2:1: error: item number 1 is used twice in this meeting\n  hint: the other is 001-a.md; give each item its own number\n\
         {MEETING}/002-b.md:6:1: error: `§§ 12` is not a case number\n  hint: write the diarienummer as printed, e.g. `RS 2273-2024`, `24RS11304` or `RV250246`"
    ));
}

#[test]
fn site_toml_unknown_key_and_wrong_type() {
    let site = small_site();
    write(
        site.path(),
        "site.toml",
        "title = \"T\"\nlanguge = \"sv\"\n",
    );
    let run = diarium(site.path(), &["build"]).failure();
    assert!(
        run.stderr
            .starts_with("site.toml:2:1: error: unknown field `languge`, expected one of"),
        "{run}"
    );
    write(site.path(), "site.toml", "title = 3\n");
    let run = diarium(site.path(), &["build"]).failure();
    assert!(
        run.stderr
            .starts_with("site.toml:1:9: error: invalid type: integer `3`, expected a string"),
        "{run}"
    );
}

#[test]
fn check_reports_broken_links_without_writing() {
    let site = small_site();
    write(
        site.path(),
        &format!("{MEETING}/001-a.md"),
        "---\nnumber: 1\ntitle: A\n---\n\nSe [detta](/org/finns-inte/).\n",
    );
    let run = diarium(site.path(), &["check"]).failure();
    assert!(
        run.stderr.contains(&format!(
            "{MEETING}/001-a.md:6:4: error: broken link to `/org/finns-inte/`"
        )),
        "{run}"
    );
    assert!(!site.path().join("public").exists());
}

#[test]
fn check_finds_broken_links_in_an_overridden_template() {
    let site = small_site();
    write(site.path(), "templates/404.html", "{% extends \"base.html\" %}{% block main %}<a href=\"{{ base }}saknas/\">x</a>{% endblock main %}");
    let run = diarium(site.path(), &["check"]).failure();
    assert!(
        run.stderr
            .contains("public/404.html: error: broken internal link to `/saknas/`"),
        "{run}"
    );
}

#[test]
fn template_error_names_template_and_content_file() {
    let site = small_site();
    // `{{ base }}` is folded into the template before it is compiled (see
    // src/render/constants.rs); the column is still the one in the file.
    write(site.path(), "templates/item.html", "{% extends \"base.html\" %}{% block main %}<a href=\"{{ base }}\">{{ item.nonexistent.field }}</a>{% endblock main %}");
    let run = diarium(site.path(), &["build"]).failure();
    assert!(
        run.stderr.contains(
            "templates/item.html:1:71: error: Field `nonexistent` is not defined. Available fields: "
        ),
        "{run}"
    );
    assert!(
        run.stderr
            .contains(&format!("(while rendering {MEETING}/001-a.md)")),
        "{run}"
    );
}

/// [`small_site`]'s item as a decision, so that the home page lists it in a row.
const DECIDED: &str = "---\nnumber: 1\ntitle: A\noutcome: decided\n---\n\nText.\n";

#[test]
fn an_item_row_error_names_the_row_template_and_the_item() {
    let site = small_site();
    write(site.path(), &format!("{MEETING}/001-a.md"), DECIDED);
    write(
        site.path(),
        "templates/item_row.html",
        "{{ i.nonexistent.field }}",
    );
    let run = diarium(site.path(), &["build"]).failure();
    assert!(
        run.stderr.contains(
            "templates/item_row.html:1:6: error: Field `nonexistent` is not defined. Available fields: "
        ),
        "{run}"
    );
    assert!(
        run.stderr
            .contains(&format!("(while rendering {MEETING}/001-a.md)")),
        "{run}"
    );
    assert!(!site.path().join("public").exists());
}

/// A row is rendered once and reused on many pages, so it must not see the keys of whichever
/// page needed it first (an item page's `item`): that would make the output depend on the
/// order pages happen to render in.
#[test]
fn an_item_row_cannot_see_the_keys_of_the_page_it_is_on() {
    let item = format!("{MEETING}/001-a.md");
    assert_build_fails_with(
        &[
            (&item, DECIDED),
            ("templates/item_row.html", "{{ i.title }} {{ item.title }}"),
        ],
        "templates/item_row.html:1:18: error: Variable `item` is not defined. \
         Available variables: base, i, site, t",
    );
}

#[test]
fn template_syntax_error_names_line() {
    assert_build_fails_with(
        &[(
            "templates/404.html",
            "{% extends \"base.html\" %}\n{% block main %}\n{{ oops( }}\n{% endblock main %}",
        )],
        "templates/404.html:3:10: error: Found `}}` but expected identifier.\n  \
         hint: fix the template",
    );
}

/// A theme folder's templates replace the built-in ones file by file, and an error in one
/// names that file.
#[test]
fn template_syntax_error_in_a_theme_names_the_themes_file() {
    assert_build_fails_with(
        &[
            ("site.toml", "title = \"T\"\ntheme = \"egen\"\n"),
            (
                "themes/egen/templates/components.html",
                "{% component date(d) %}\n{{ d.text }\n{% endcomponent date %}",
            ),
        ],
        "themes/egen/templates/components.html:2:11: error: Found `}` but expected }}.",
    );
}

/// Version 1 macros and imports do not parse in Tera 2; the hint says what replaced them.
#[test]
fn a_tera_1_macro_is_an_error_that_points_to_components() {
    assert_build_fails_with(
        &[(
            "templates/macros.html",
            "{% macro date(d) %}{{ d.text }}{% endmacro date %}",
        )],
        "templates/macros.html:1:4: error: Unknown tag\n  hint: Tera 2 has no macros or \
         imports: shared pieces are components",
    );
}

/// A component overridden by the site is used by every built-in template that calls it; an
/// error inside a component names the component's file and the call.
#[test]
fn site_components_override_the_themes() {
    let site = small_site();
    let components = include_str!("../themes/default/templates/components.html").replace(
        "{% component date(d) %}<time",
        "{% component date(d) %}<time class=\"egen\"",
    );
    write(site.path(), "templates/components.html", &components);
    diarium(site.path(), &["build"]).success();
    let body = fs::read_to_string(site.path().join("public/org/styrelsen/index.html")).unwrap();
    assert!(
        body.contains(
            "<a href=\"/org/styrelsen/2024-01-10/\"><time class=\"egen\" datetime=\"2024-01-10\">"
        ),
        "{body}"
    );
    write(
        site.path(),
        "templates/components.html",
        &components.replace("{{ d.text }}", "{{ d.text.oops }}"),
    );
    let run = diarium(site.path(), &["build"]).failure();
    assert!(
        run.stderr.contains(
            "templates/components.html:4:76: error: Field `oops` is not defined. \
             (called from themes/default/templates/body.html (built in):11:73)"
        ),
        "{run}"
    );
}

#[test]
fn site_static_and_templates_override_the_theme() {
    let site = small_site();
    write(site.path(), "static/style.css", "body{}");
    write(site.path(), "static/logo.svg", "<svg/>");
    diarium(site.path(), &["build"]).success();
    assert_eq!(
        fs::read_to_string(site.path().join("public/style.css")).unwrap(),
        "body{}"
    );
    assert!(site.path().join("public/logo.svg").exists());
}

#[test]
fn english_ui() {
    let site = small_site();
    write(
        site.path(),
        "site.toml",
        "title = \"T\"\nlanguage = \"en\"\n",
    );
    diarium(site.path(), &["build"]).success();
    let page = fs::read_to_string(site.path().join(format!(
        "public/{}/index.html",
        &MEETING["content/".len()..]
    )))
    .unwrap();
    assert!(
        page.contains("lang=\"en\"")
            && page.contains("Skip to content")
            && page.contains("10 January 2024"),
        "{page}"
    );
}

/// Issue 13, point 14: what `init` leaves for a new user to replace is said until it is.
#[test]
fn init_sample_and_placeholder_contact_are_warned_about_until_changed() {
    let tmp = tempfile::tempdir().unwrap();
    diarium(tmp.path(), &["init", "arkiv"]).success();
    let root = tmp.path().join("arkiv");
    let check = diarium(&root, &["check"]).success();
    assert!(
        check.stderr.contains("content/exempelkommun/kommunstyrelsen/2025-01-15/_index.md: warning: the sample meeting of `diarium init` is still here and will be published"),
        "{check}"
    );
    assert!(
        check.stderr.contains("site.toml:13:1: warning: the accessibility statement's contact_email `webb@exempelkommun.invalid` is a placeholder"),
        "{check}"
    );
    let toml = fs::read_to_string(root.join("site.toml")).unwrap();
    fs::write(
        root.join("site.toml"),
        toml.replace("webb@exempelkommun.invalid", "webb@storby.se"),
    )
    .unwrap();
    fs::remove_dir_all(root.join("content/exempelkommun")).unwrap();
    let check = diarium(&root, &["check"]).success();
    assert!(!check.stderr.contains("warning"), "{check}");
}
