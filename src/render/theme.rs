//! The theme: Tera templates, static assets and UI strings. The default theme is compiled into
//! the binary (so `diarium init` gives an archive that builds anywhere); a theme folder
//! `themes/<name>/` beside site.toml replaces it file by file, and the site's own `templates/`
//! and `static/` override both.

use crate::config::Config;
use crate::diag::Diagnostic;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tera::Tera;

macro_rules! builtin {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/templates/", $name)))),*]
    };
}

/// The default theme's templates.
const TEMPLATES: &[(&str, &str)] = builtin!(
    "base.html",
    "components.html",
    "votes.html",
    "index.html",
    "organization.html",
    "cases.html",
    "body.html",
    "meeting.html",
    "item.html",
    "case.html",
    "people.html",
    "person.html",
    "parties.html",
    "party.html",
    "404.html",
    "item_body.html",
    "item_pairing.html",
    "item_row.html",
    "topics.html",
    "topic.html",
    "topic_year.html",
    "search.html",
    "accessibility.html",
    "appeals.html",
);

/// The default theme's static assets.
const ASSETS: &[(&str, &[u8])] = &[
    (
        "style.css",
        include_bytes!("../../themes/default/static/style.css"),
    ),
    (
        "favicon.svg",
        include_bytes!("../../themes/default/static/favicon.svg"),
    ),
    (
        "search.js",
        include_bytes!("../../themes/default/static/search.js"),
    ),
];

const STRINGS: &str = include_str!("../../themes/default/strings.toml");

/// A loaded theme.
pub struct Theme {
    /// The templates, with the site-wide constants folded in (see [`super::constants`]), and
    /// the keys every page shares (`site`, `base`, `t`) as Tera's global context: a page's
    /// own context holds only its own keys, and nothing is copied per page.
    pub tera: Tera,
    /// The same templates as written: an error found while rendering with [`Theme::tera`] is
    /// found again here, at the line and column the author sees.
    pub as_written: Tera,
    /// UI strings of the configured language.
    pub strings: toml::Table,
    /// Static files to copy: site path → bytes.
    pub assets: BTreeMap<String, Vec<u8>>,
    /// Where each template came from, for error messages.
    pub template_paths: BTreeMap<String, PathBuf>,
}

impl Theme {
    pub fn load(config: &Config) -> Result<Theme, Vec<Diagnostic>> {
        let theme_dir = config.theme_dir();
        let (sources, template_paths) =
            template_sources(config, &theme_dir).map_err(|d| vec![d])?;
        let strings = load_strings(config, &theme_dir).map_err(|d| vec![d])?;
        let shared = super::constants::shared(config, &strings);
        let errors = |e: tera::Error| {
            let files = super::template_errors::Files {
                paths: &template_paths,
                root: &config.root,
            };
            super::template_errors::diagnostics(&e, &files)
        };
        // The templates as written are compiled first, so that an error is reported where the
        // author wrote it; folding keeps them valid.
        let as_written = compile(&sources, &shared).map_err(errors)?;
        let constants = super::constants::of(&shared);
        let folded = super::constants::fold(&sources, &constants, escape_html);
        let tera = compile(&folded, &shared).map_err(errors)?;
        let assets = load_assets(config, &theme_dir).map_err(|d| vec![d])?;
        Ok(Theme {
            tera,
            as_written,
            strings,
            assets,
            template_paths,
        })
    }
}

fn compile(sources: &BTreeMap<String, String>, shared: &tera::Value) -> tera::TeraResult<Tera> {
    let mut tera = Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    tera.add_raw_templates(sources)?;
    *tera.global_context() = tera::Context::from_serialize(shared)?;
    Ok(tera)
}

type Sources = (BTreeMap<String, String>, BTreeMap<String, PathBuf>);

fn template_sources(config: &Config, theme_dir: &Path) -> Result<Sources, Diagnostic> {
    let mut sources: BTreeMap<String, String> = BTreeMap::new();
    let mut paths: BTreeMap<String, PathBuf> = BTreeMap::new();
    for (name, text) in TEMPLATES {
        sources.insert(name.to_string(), text.to_string());
        paths.insert(
            name.to_string(),
            PathBuf::from(format!("themes/default/templates/{name} (built in)")),
        );
    }
    for dir in [theme_dir.join("templates"), config.root.join("templates")] {
        for (name, path) in files_in(&dir)? {
            sources.insert(name.clone(), read(&path)?);
            paths.insert(name, path);
        }
    }
    Ok((sources, paths))
}

fn load_assets(config: &Config, theme_dir: &Path) -> Result<BTreeMap<String, Vec<u8>>, Diagnostic> {
    let mut assets: BTreeMap<String, Vec<u8>> = ASSETS
        .iter()
        .map(|(n, b)| (n.to_string(), b.to_vec()))
        .collect();
    for dir in [theme_dir.join("static"), config.root.join("static")] {
        for (name, path) in files_in(&dir)? {
            let bytes = std::fs::read(&path)
                .map_err(|e| Diagnostic::error(&path, format!("cannot read: {e}")))?;
            assets.insert(name, bytes);
        }
    }
    Ok(assets)
}

fn load_strings(config: &Config, theme_dir: &Path) -> Result<toml::Table, Diagnostic> {
    let path = theme_dir.join("strings.toml");
    let text = if path.is_file() {
        read(&path)?
    } else {
        STRINGS.to_string()
    };
    let mut all: toml::Table = toml::from_str(&text).map_err(|e| {
        let (line, col) = e
            .span()
            .map(|s| crate::diag::line_col(&text, s.start))
            .unwrap_or((0, 0));
        Diagnostic::error(&path, e.message().to_string()).at(line, col)
    })?;
    let lang = config.language.code();
    match all.remove(lang) {
        Some(toml::Value::Table(t)) => Ok(t),
        _ => Err(
            Diagnostic::error(&path, format!("no [{lang}] table of UI strings"))
                .hint("add a table with the strings of the language chosen in site.toml"),
        ),
    }
}

/// Files below `dir` as (path relative to `dir` with `/`, full path); none if `dir` is absent.
fn files_in(dir: &Path) -> Result<Vec<(String, PathBuf)>, Diagnostic> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| Diagnostic::error(dir, format!("cannot read: {e}")))?;
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_file() && !name.starts_with('.') {
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            let rel = rel
                .iter()
                .map(|c| c.to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            out.push((rel, entry.path().to_path_buf()));
        }
    }
    Ok(out)
}

fn read(path: &Path) -> Result<String, Diagnostic> {
    crate::content::read_text(path)
}

/// HTML escaping outside templates (serve's error page, the folded constants), as Tera escapes
/// template output: `&`, `<`, `>`, `"` and `'`, and nothing else. Tera 1 also escaped `/`,
/// which made every URL unreadable in the source; it cannot end an attribute or start a tag.
pub fn escape_html(input: &str) -> String {
    let mut out = Vec::with_capacity(input.len() + 16);
    tera::escape_html(input, &mut out).expect("writing to memory");
    String::from_utf8(out).expect("escaping keeps UTF-8 intact")
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "<a href=\"/x/\">Å & 'ö'</a>";
    const ESCAPED: &str = "&lt;a href=&quot;/x/&quot;&gt;Å &amp; &#39;ö&#39;&lt;/a&gt;";

    #[test]
    fn escapes_the_five_characters_only() {
        assert_eq!(escape_html(TEXT), ESCAPED);
    }

    #[test]
    fn templates_escape_as_escape_html_does() {
        let sources = BTreeMap::from([
            ("a.html".to_string(), "{{ text }}".to_string()),
            ("a.txt".to_string(), "{{ text }}".to_string()),
        ]);
        let tera = compile(
            &sources,
            &tera::Value::from_serializable(&toml::Table::new()),
        )
        .unwrap();
        let ctx = tera::Context::from_serialize(&BTreeMap::from([("text", TEXT)])).unwrap();
        assert_eq!(tera.render("a.html", &ctx).unwrap(), ESCAPED);
        assert_eq!(tera.render("a.txt", &ctx).unwrap(), TEXT);
    }
}
