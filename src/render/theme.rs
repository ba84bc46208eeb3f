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
    "macros.html",
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
    "item_row.html",
    "topics.html",
    "topic.html",
    "search.html",
    "accessibility.html",
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
    pub tera: Tera,
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
        // The templates as written are compiled first, so that a syntax error is reported at
        // the line and column the author sees; then the folded ones are compiled for use.
        compile(&sources).map_err(|e| vec![template_error(&e, &template_paths)])?;
        let shared = super::constants::shared_context(config, &strings);
        let constants = super::constants::of(&shared);
        let folded = super::constants::fold(&sources, &constants, escape_html);
        let tera = compile(&folded).map_err(|e| vec![template_error(&e, &template_paths)])?;
        let assets = load_assets(config, &theme_dir).map_err(|d| vec![d])?;
        Ok(Theme {
            tera,
            strings,
            assets,
            template_paths,
        })
    }
}

fn compile(sources: &BTreeMap<String, String>) -> tera::Result<Tera> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(escape_html);
    tera.add_raw_templates(sources.iter().map(|(n, s)| (n.as_str(), s.as_str())))?;
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
            .map(|s| crate::config::line_col(&text, s.start))
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

/// HTML escaping for template output. Tera's default also escapes `/`, which is safe but
/// makes every URL unreadable in the source; `/` cannot end an attribute or start a tag, so
/// the five characters below are enough inside quoted attributes and text.
pub fn escape_html(input: &str) -> String {
    let bytes = input.as_bytes();
    let special = |b: &u8| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'');
    let Some(first) = bytes.iter().position(special) else {
        return input.to_string();
    };
    let mut out = String::with_capacity(input.len() + 16);
    out.push_str(&input[..first]);
    let mut start = first;
    for (i, b) in bytes.iter().enumerate().skip(first) {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&input[start..i]);
        out.push_str(entity);
        start = i + 1;
    }
    out.push_str(&input[start..]);
    out
}

/// A Tera error as a diagnostic naming the template file, with the whole cause chain.
pub fn template_error(e: &tera::Error, paths: &BTreeMap<String, PathBuf>) -> Diagnostic {
    let chain = error_chain(e);
    let name = paths
        .keys()
        .find(|n| chain.contains(&format!("'{n}'")))
        .cloned();
    let path = name
        .and_then(|n| paths.get(&n).cloned())
        .unwrap_or_else(|| PathBuf::from("templates"));
    let (line, col) = parse_position(&chain);
    Diagnostic::error(path, chain)
        .at(line, col)
        .hint("fix the template; the previous output is left as it was")
}

/// Every message in an error's source chain, joined.
pub fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ").replace('\n', " ")
}

/// Tera's parse errors carry ` --> L:C`.
fn parse_position(message: &str) -> (usize, usize) {
    let Some(i) = message.find("--> ") else {
        return (0, 0);
    };
    let rest = &message[i + 4..];
    let mut it = rest
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty());
    let line = it.next().and_then(|s| s.parse().ok()).unwrap_or(0);
    let col = it.next().and_then(|s| s.parse().ok()).unwrap_or(0);
    (line, col)
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_the_five_characters_only() {
        assert_eq!(super::escape_html("a/b"), "a/b");
        assert_eq!(
            super::escape_html("<a href=\"x\">Å & 'ö'</a>"),
            "&lt;a href=&quot;x&quot;&gt;Å &amp; &#39;ö&#39;&lt;/a&gt;"
        );
    }
}
