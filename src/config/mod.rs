//! site.toml: parsed strictly (an unknown key or a wrong type is an error naming the key and
//! its line), then validated into a [`Config`] that the rest of the pipeline trusts.
//!
//! ```toml
//! title = "Diarium – exempelarkiv"
//! base_url = "https://protokoll.example.se/arkiv/"
//! language = "sv"            # or "en": the UI language of the default theme
//! description = "Beslut från regionernas styrelser och nämnder"
//! theme = "default"          # themes/<name>/ beside site.toml, else the built-in theme
//! feed_tag = "protokoll.example.se,2025"   # who mints the feeds' `tag:` ids, and since when
//! ```

pub mod data;
pub mod feed_tag;
pub mod subjects;

pub use data::OpenData;
pub use subjects::SubjectsConfig;

use crate::diag::Diagnostic;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// site.toml as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    #[serde(default)]
    base_url: Option<String>,
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    theme: Option<String>,
    #[serde(default)]
    feed_limit: Option<usize>,
    #[serde(default)]
    feed_tag: Option<String>,
    /// `[parents]`: a body's parent body where its name does not say it (see [`Config::parents`]).
    #[serde(default)]
    parents: std::collections::BTreeMap<String, String>,
    /// Recurring subjects: see [`SubjectsConfig`]. The table keeps its name `[topics]`, which
    /// archives' site.toml files use.
    #[serde(default, rename = "topics")]
    subjects: SubjectsConfig,
    #[serde(default)]
    accessibility: Accessibility,
    /// The house-style profile for `diarium import`: see `import::profile`. Checked here, so
    /// that build and check report a bad `[import]` table too; `import` reads it itself.
    #[serde(default)]
    import: crate::import::profile::Profile,
    /// `[data]`: the open data's licence, publisher and originals.
    #[serde(default)]
    data: data::RawData,
}

/// `[accessibility]`: the accessibility statement (tillgänglighetsredogörelse) that the law on
/// accessibility of digital public services (DOS-lagen) requires, shown at `/tillganglighet/`.
///
/// ```toml
/// [accessibility]
/// organization = "Region Exempel"        # who is responsible for the site (default: title)
/// contact_email = "webb@example.se"      # where readers report problems (email or URL needed)
/// contact_url = "https://example.se/kontakt"
/// phone = "010-123 45 67"
/// compliance = "partial"                 # "full", "partial" or "none"
/// known_issues = ["Bilagor i PDF är inte tillgängliga."]
/// assessed = "2025-01-15"                # when the site was last assessed
/// published = "2025-01-20"               # when the statement was published or updated
/// ```
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Accessibility {
    pub organization: Option<String>,
    pub contact_email: Option<String>,
    pub contact_url: Option<String>,
    pub phone: Option<String>,
    pub compliance: Option<Compliance>,
    #[serde(default)]
    pub known_issues: Vec<String>,
    pub assessed: Option<chrono::NaiveDate>,
    pub published: Option<chrono::NaiveDate>,
}

#[derive(Debug, Clone, Copy, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Compliance {
    Full,
    Partial,
    None,
}

impl Config {
    /// A warning when the accessibility statement lacks the contact the law requires.
    pub fn accessibility_warnings(&self) -> Vec<Diagnostic> {
        let a = &self.accessibility;
        if a.contact_email.is_some() || a.contact_url.is_some() {
            return Vec::new();
        }
        vec![Diagnostic::warning(
            self.root.join("site.toml"),
            "the accessibility statement has no contact for reporting problems",
        )
        .hint("add `[accessibility]` with `contact_email = \"...\"` or `contact_url = \"...\"`")]
    }
}

/// The UI language of the theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    Swedish,
    English,
}

impl Language {
    pub fn code(self) -> &'static str {
        match self {
            Language::Swedish => "sv",
            Language::English => "en",
        }
    }
}

/// The validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The folder holding site.toml.
    pub root: PathBuf,
    pub title: String,
    pub description: String,
    /// Absolute URL or path of the site, always ending in `/`.
    pub base_url: String,
    pub language: Language,
    pub theme: String,
    /// How many entries a feed holds.
    pub feed_limit: usize,
    /// The tagging entity of the feeds' ids (RFC 4151): see [`feed_tag`].
    pub feed_tag: feed_tag::FeedTag,
    /// `[data]`: the open data's licence (CC0 by default), publisher and originals.
    pub data: OpenData,
    /// `[parents]`: `"<org>/<body>" = "<parent body>"` (slugs), the bodies a committee works
    /// under where its name does not say so (`Personalutskottet` under `Regionstyrelsen`);
    /// OParl's `subOrganizationOf` and Popolo's `parent_id`. See `Site::parent_body`.
    pub parents: std::collections::BTreeMap<String, String>,
    /// How recurring subjects are detected, named, merged, split and suppressed.
    pub subjects: SubjectsConfig,
    /// The accessibility statement; `organization` defaults to the title.
    pub accessibility: Accessibility,
    /// The day the site is built, in Swedish time (see [`crate::appeal::today`]): appeal
    /// windows are judged open or closed as of it. Not from site.toml.
    pub today: chrono::NaiveDate,
}

impl Config {
    pub fn content_dir(&self) -> PathBuf {
        self.root.join("content")
    }
    pub fn theme_dir(&self) -> PathBuf {
        self.root.join("themes").join(&self.theme)
    }
    /// The path part of the base URL (`/arkiv/`), which prefixes every link in the pages so a
    /// site hosted under a sub-path works.
    pub fn base_path(&self) -> &str {
        match self.base_url.find("://") {
            Some(scheme_end) => {
                let after = &self.base_url[scheme_end + 3..];
                match after.find('/') {
                    Some(i) => &after[i..],
                    None => "/",
                }
            }
            None => &self.base_url,
        }
    }
    /// An absolute URL for `path` (relative to the site root), for feeds and the sitemap.
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path.trim_start_matches('/'))
    }
}

/// Reads and validates `<root>/site.toml`; `base_url` overrides the file's when given.
pub fn load(root: &Path, base_url: Option<&str>) -> Result<Config, Diagnostic> {
    if !root.is_dir() {
        return Err(Diagnostic::error("--root", format!("no such folder `{}`", root.display()))
            .hint("--root names the archive's folder, the one holding site.toml; `diarium init <dir>` makes one"));
    }
    let path = root.join("site.toml");
    let text = std::fs::read_to_string(&path).map_err(|e| {
        Diagnostic::error(&path, format!("cannot read site.toml: {e}"))
            .hint("run `diarium init <dir>` to create an archive, or pass --root <dir>")
    })?;
    parse(root, &path, &text, base_url)
}

/// Parses site.toml text; separated from [`load`] so it is tested from strings.
pub fn parse(
    root: &Path,
    path: &Path,
    text: &str,
    base_url: Option<&str>,
) -> Result<Config, Diagnostic> {
    let raw: RawConfig = toml::from_str(text).map_err(|e| toml_error(path, text, &e))?;
    if let Err(problems) = raw.subjects.validate() {
        return Err(
            key_error(path, text, "[topics]", problems.replace('\n', "; "))
                .hint("see the [topics] keys in the README"),
        );
    }
    raw.import.style(path, text)?;
    let language = match raw.language.as_deref().unwrap_or("sv") {
        "sv" => Language::Swedish,
        "en" => Language::English,
        other => {
            return Err(key_error(
                path,
                text,
                "language",
                format!("unknown language `{other}`"),
            )
            .hint("use \"sv\" or \"en\""))
        }
    };
    check_theme(path, text, raw.theme.as_deref())?;
    let feed_tag = feed_tag::FeedTag::new(raw.feed_tag.as_deref(), raw.base_url.as_deref())
        .map_err(|problem| key_error(path, text, "feed_tag", problem).hint(feed_tag::HINT))?;
    check_links(path, text, &raw)?;
    if let Some(key) = raw.parents.keys().find(|k| k.split('/').count() != 2) {
        return Err(key_error(
            path,
            text,
            &format!("\"{key}\""),
            format!("`{key}` in [parents] is not `<organization>/<body>`"),
        )
        .hint("name the body by its organization's and its own slug, as in its URL: \"region-nord/personalutskottet\" = \"regionstyrelsen\""));
    }
    if let Some(url) = base_url {
        url_problem(url).map_or(Ok(()), |problem| {
            Err(Diagnostic::error("--base-url", problem).hint(URL_HINT))
        })?;
    }
    let base = base_url
        .map(str::to_string)
        .or(raw.base_url)
        .unwrap_or_else(|| "/".into());
    let today = crate::appeal::today().map_err(|problem| {
        Diagnostic::error("SOURCE_DATE_EPOCH", problem)
            .hint("unset it to build as of today, or give seconds since 1970, e.g. `date +%s`")
    })?;
    let accessibility = Accessibility {
        organization: raw.accessibility.organization.or(Some(raw.title.clone())),
        ..raw.accessibility
    };
    let data = raw
        .data
        .validate((path, text), &raw.title, &accessibility)?;
    Ok(Config {
        root: root.to_path_buf(),
        title: raw.title,
        description: raw.description.unwrap_or_default(),
        base_url: normalize_base(&base),
        language,
        theme: raw.theme.unwrap_or_else(|| "default".into()),
        feed_limit: raw.feed_limit.unwrap_or(50),
        feed_tag,
        data,
        parents: raw.parents,
        subjects: raw.subjects,
        accessibility,
        today,
    })
}

/// `theme` names a folder under `themes/`: one plain name, so templates are never read from
/// outside the archive (`../../x`, `/etc`).
fn check_theme(path: &Path, text: &str, theme: Option<&str>) -> Result<(), Diagnostic> {
    let Some(theme) = theme else {
        return Ok(());
    };
    let plain = !theme.is_empty()
        && !theme.starts_with('.')
        && theme
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if plain {
        return Ok(());
    }
    Err(key_error(
        path,
        text,
        "theme",
        format!("theme: `{theme}` is not the name of a folder in themes/"),
    )
    .hint("write the folder's name only, as in `theme = \"default\"` for themes/default/"))
}

const URL_HINT: &str =
    "write an absolute URL such as \"https://example.se/protokoll/\" or a path of the site such as \"/protokoll/\"";

/// The URLs of site.toml that reach a page: `base_url`, `[accessibility]` `contact_url`, and
/// `contact_email` (as a `mailto:` link).
fn check_links(path: &Path, text: &str, raw: &RawConfig) -> Result<(), Diagnostic> {
    let a = &raw.accessibility;
    let urls = [("base_url", &raw.base_url), ("contact_url", &a.contact_url)];
    for (key, url) in urls {
        if let Some(problem) = url.as_deref().and_then(url_problem) {
            return Err(key_error(path, text, key, format!("{key}: {problem}")).hint(URL_HINT));
        }
    }
    match a.contact_email.as_deref() {
        Some(email) if !is_email(email) => Err(key_error(
            path,
            text,
            "contact_email",
            format!("contact_email: `{email}` is not an email address"),
        )
        .hint("write the address alone, as in `contact_email = \"webb@example.se\"`")),
        _ => Ok(()),
    }
}

/// Why `url` may not be linked from a page: only an `http(s)` URL with a host, or a path of
/// the site, may. `javascript:` and `file:` are other schemes; `//host/` and `/\\host/` lead
/// a browser to another host.
pub fn url_problem(url: &str) -> Option<String> {
    let url = url.trim();
    if url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '\\')
    {
        return Some(format!(
            "`{url}` holds a space, a backslash or a control character"
        ));
    }
    let scheme_end = url
        .find(':')
        .filter(|&i| !url[..i].contains(['/', '?', '#']));
    match scheme_end.map(|i| (url[..i].to_ascii_lowercase(), &url[i + 1..])) {
        Some((scheme, rest)) if scheme == "http" || scheme == "https" => {
            let host = rest
                .strip_prefix("//")
                .map(|r| r.split(['/', '?', '#']).next());
            match host {
                Some(Some(host)) if !host.is_empty() => None,
                _ => Some(format!("`{url}` has no host")),
            }
        }
        Some((scheme, _)) => Some(format!(
            "`{url}`: only http and https URLs may be linked, not `{scheme}:`"
        )),
        None if url.starts_with("//") => Some(format!(
            "`{url}` leads to another host; write https://… in full, or a path with one `/`"
        )),
        None => None,
    }
}

fn is_email(email: &str) -> bool {
    let forbidden =
        |c: char| c.is_whitespace() || c.is_control() || "<>()[]\\,;:\"'?&=/#%".contains(c);
    match email.split_once('@') {
        Some((user, host)) => {
            !user.is_empty()
                && !host.is_empty()
                && !host.contains('@')
                && !email.contains(forbidden)
        }
        None => false,
    }
}

fn normalize_base(base: &str) -> String {
    let trimmed = base.trim();
    let with_lead = if trimmed.contains("://") || trimmed.starts_with('/') {
        trimmed.to_string()
    } else {
        format!("/{trimmed}")
    };
    if with_lead.ends_with('/') {
        with_lead
    } else {
        format!("{with_lead}/")
    }
}

fn toml_error(path: &Path, text: &str, e: &toml::de::Error) -> Diagnostic {
    let (line, col) = e
        .span()
        .map(|s| crate::diag::line_col(text, s.start))
        .unwrap_or((0, 0));
    let at = text
        .lines()
        .nth(line.saturating_sub(1))
        .unwrap_or("")
        .trim();
    let message = plain_toml_message(e.message().trim(), at, text, line);
    let hint = if message.starts_with("unknown field") {
        "remove or rename the key; see the keys listed above"
    } else if message.starts_with("missing field") {
        "add the key to site.toml"
    } else {
        "see the example site.toml made by `diarium init`"
    };
    Diagnostic::error(path, message).at(line, col).hint(hint)
}

/// toml's messages name neither the key of a wrong value nor the table written twice, and
/// speak of Rust types; `at` is the text of the line the error is at.
fn plain_toml_message(message: &str, at: &str, text: &str, line: usize) -> String {
    if message == "duplicate key" {
        if let Some(table) = at.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
            let first = text
                .lines()
                .position(|l| l.trim() == at)
                .map_or(0, |i| i + 1);
            return format!("the table `[{table}]` is written twice (first at line {first}); write its keys once, under one");
        }
        let key = at.split('=').next().unwrap_or("").trim();
        return format!("the key `{key}` is written twice in this table");
    }
    let plain = message
        .replace("expected usize", "expected a whole number")
        .replace("expected u32", "expected a whole number")
        .replace("expected u64", "expected a whole number")
        .replace("expected a sequence", "expected a list");
    match at.split_once('=') {
        Some((key, _)) if !message.contains('`') && line > 0 => {
            format!("`{}`: {plain}", key.trim())
        }
        _ => plain,
    }
}

fn key_error(path: &Path, text: &str, key: &str, message: String) -> Diagnostic {
    let offset = text
        .lines()
        .scan(0, |pos, l| {
            let start = *pos;
            *pos += l.len() + 1;
            Some((start, l))
        })
        .find(|(_, l)| l.trim_start().starts_with(key))
        .map(|(start, _)| start)
        .unwrap_or(0);
    let (line, col) = crate::diag::line_col(text, offset);
    Diagnostic::error(path, message).at(line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_config_needs_nothing_of_the_later_stages() {
        // site.toml is read before the graph exists: a use of the graph, the renderer or the
        // pipeline here would make the module cycle that issue 16 removed.
        for (name, text) in [
            ("mod.rs", include_str!("mod.rs")),
            ("subjects.rs", include_str!("subjects.rs")),
            ("data.rs", include_str!("data.rs")),
            ("feed_tag.rs", include_str!("feed_tag.rs")),
        ] {
            for stage in ["site", "render", "pipeline", "serve", "build"] {
                let used = format!("crate::{}::", stage);
                assert!(!text.contains(&used), "src/config/{name} uses {used}");
            }
        }
    }

    fn cfg(text: &str) -> Result<Config, Diagnostic> {
        parse(Path::new("."), Path::new("site.toml"), text, None)
    }

    #[test]
    fn a_parent_is_named_by_organization_and_body() {
        let ok = cfg("title = \"A\"\n[parents]\n\"org/pu\" = \"ks\"\n").unwrap();
        assert_eq!(ok.parents.get("org/pu").map(String::as_str), Some("ks"));
        let e = cfg("title = \"A\"\n[parents]\n\"pu\" = \"ks\"\n").unwrap_err();
        assert_eq!(e.line, 3, "{e}");
        assert!(e.message.contains("<organization>/<body>"), "{e}");
    }

    #[test]
    fn defaults() {
        let c = cfg("title = \"T\"\n").unwrap();
        assert_eq!(
            (c.base_url.as_str(), c.language, c.theme.as_str()),
            ("/", Language::Swedish, "default")
        );
    }

    #[test]
    fn base_path_of_absolute_and_relative_urls() {
        let c = cfg("title = \"T\"\nbase_url = \"https://x.se/arkiv\"\n").unwrap();
        assert_eq!(c.base_path(), "/arkiv/");
        assert_eq!(c.absolute("/a/"), "https://x.se/arkiv/a/");
        let c = cfg("title = \"T\"\nbase_url = \"https://x.se\"\n").unwrap();
        assert_eq!(c.base_path(), "/");
        let c = cfg("title = \"T\"\nbase_url = \"sub\"\n").unwrap();
        assert_eq!(c.base_path(), "/sub/");
    }

    #[test]
    fn unknown_key_names_key_and_line() {
        let e = cfg("title = \"T\"\n\ncolour = \"red\"\n").unwrap_err();
        assert_eq!((e.line, e.col), (3, 1), "{e}");
        assert!(e.message.contains("unknown field `colour`"), "{e}");
    }

    #[test]
    fn wrong_type_names_line() {
        let e = cfg("title = 5\n").unwrap_err();
        assert_eq!(e.line, 1, "{e}");
        assert!(e.message.contains("string"), "{e}");
    }

    #[test]
    fn subjects_table_is_read_and_checked() {
        let c = cfg("title = \"T\"\n[topics]\nmin_meetings = 3\nnames = { regionavtal = \"Regionavtalet\" }\n").unwrap();
        assert_eq!(c.subjects.min_meetings, 3);
        let e = cfg("title = \"T\"\n\n[topics]\nmin_meetings = 0\n").unwrap_err();
        assert_eq!(e.line, 3, "{e}");
        assert!(e.message.contains("min_meetings"), "{e}");
        let e = cfg("title = \"T\"\n[topics]\nsupress = []\n").unwrap_err();
        assert!(e.message.contains("unknown field `supress`"), "{e}");
    }

    #[test]
    fn theme_outside_themes_is_refused() {
        for theme in ["../../x", "/etc", "a/b", "..", ".hidden", "", "a\\b"] {
            let e = cfg(&format!(
                "title = \"T\"\ntheme = \"{}\"\n",
                theme.replace('\\', "\\\\")
            ))
            .unwrap_err();
            assert_eq!(
                (e.line, e.message.as_str()),
                (
                    2,
                    format!("theme: `{theme}` is not the name of a folder in themes/").as_str()
                )
            );
        }
        assert_eq!(
            cfg("title = \"T\"\ntheme = \"mitt-tema_2\"\n")
                .unwrap()
                .theme,
            "mitt-tema_2"
        );
    }

    #[test]
    fn urls_that_reach_a_page_are_http_or_site_paths() {
        for ok in [
            "https://example.se/protokoll/",
            "HTTP://example.se",
            "/protokoll/",
            "protokoll",
            "/",
            "/a?b=c:d",
        ] {
            assert_eq!(url_problem(ok), None, "{ok}");
        }
        for (bad, problem) in [
            (
                "javascript:alert(1)",
                "only http and https URLs may be linked, not `javascript:`",
            ),
            (
                "JavaScript:alert(1)",
                "only http and https URLs may be linked, not `javascript:`",
            ),
            (
                "file:///etc/passwd",
                "only http and https URLs may be linked, not `file:`",
            ),
            (
                "data:text/html,x",
                "only http and https URLs may be linked, not `data:`",
            ),
            (
                "//evil.example/",
                "leads to another host; write https://… in full, or a path with one `/`",
            ),
            (
                "/\\evil.example/",
                "holds a space, a backslash or a control character",
            ),
            ("https:///x", "has no host"),
            ("https:evil.example", "has no host"),
            (
                "java\tscript:x",
                "holds a space, a backslash or a control character",
            ),
        ] {
            let found = url_problem(bad).unwrap_or_default();
            assert!(found.ends_with(problem), "{bad}: {found}");
        }
    }

    #[test]
    fn bad_urls_in_site_toml_name_key_and_line() {
        let e = cfg("title = \"T\"\n\n[accessibility]\ncontact_url = \"javascript:alert(1)\"\n")
            .unwrap_err();
        assert_eq!((e.line, e.col), (4, 1), "{e}");
        assert_eq!(
            e.message,
            "contact_url: `javascript:alert(1)`: only http and https URLs may be linked, not `javascript:`"
        );
        let e = cfg("title = \"T\"\nbase_url = \"//evil.example/\"\n").unwrap_err();
        assert_eq!(e.line, 2, "{e}");
        let e = cfg("title = \"T\"\n[accessibility]\ncontact_email = \"a@b.se?cc=x@y.se\"\n")
            .unwrap_err();
        assert_eq!(
            (e.line, e.message.as_str()),
            (
                3,
                "contact_email: `a@b.se?cc=x@y.se` is not an email address"
            )
        );
        let e = parse(
            Path::new("."),
            Path::new("site.toml"),
            "title = \"T\"\n",
            Some("javascript:x"),
        )
        .unwrap_err();
        assert_eq!(e.to_string().lines().next().unwrap(), "--base-url: error: `javascript:x`: only http and https URLs may be linked, not `javascript:`");
    }

    #[test]
    fn unknown_language() {
        let e = cfg("title = \"T\"\nlanguage = \"fi\"\n").unwrap_err();
        assert_eq!((e.line, e.message.as_str()), (2, "unknown language `fi`"));
    }
}
