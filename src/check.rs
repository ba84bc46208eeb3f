//! `check`'s link validation: every page is rendered in memory (nothing is written) and every
//! internal `href`/`src` in it, and every root-relative link in the Markdown, must name a page
//! or file of the site.

use crate::content::frontmatter;
use crate::diag::Diagnostic;
use crate::pipeline::Archive;
use crate::render::{self, Page, Renderer};
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::Path;

/// The broken links of every page of the archive (its clashes are among its own diagnostics).
pub fn links(archive: &Archive) -> Vec<Diagnostic> {
    let (site, theme) = (&archive.site, &archive.theme);
    let base = site.config.base_path().to_string();
    let existing: HashSet<String> = archive.paths.iter().cloned().collect();
    let renderer = Renderer::new(site, theme);
    let mut problems: Vec<Diagnostic> = archive
        .pages
        .par_iter()
        .flat_map_iter(|page| page_problems(&renderer, *page, &base, &existing))
        .collect();
    let markdown = site
        .meetings
        .iter()
        .map(|m| (&m.path, &m.text, &m.url))
        .chain(site.items.iter().map(|i| (&i.path, &i.text, &i.url)));
    for (path, text, page) in markdown {
        problems.extend(markdown_problems(path, text, page, &base, &existing));
    }
    problems
}

/// The links in the Markdown `text` of the file at `path` that name no page or file:
/// root-relative ones, and relative ones taken from its own page at `page` (an item's
/// permalink, a meeting's page), at their file line.
fn markdown_problems(
    path: &Path,
    text: &str,
    page: &str,
    base: &str,
    existing: &HashSet<String>,
) -> Vec<Diagnostic> {
    let dead: Vec<(String, usize)> = render::markdown::link_targets(text)
        .into_iter()
        .filter(|(target, _)| {
            let target = target.split(['#', '?']).next().unwrap_or("");
            !resolves(&absolute(target, base, page), base, existing)
        })
        .collect();
    if dead.is_empty() {
        return Vec::new();
    }
    // Read again only now, for the line the body starts on.
    let body_line = crate::content::read_text(path)
        .ok()
        .and_then(|file| Some(frontmatter::split(path, &file).ok()?.body_line))
        .unwrap_or(1);
    dead.into_iter()
        .map(|(target, offset)| {
            let (line, col) = crate::diag::line_col(text, offset);
            Diagnostic::error(path, format!("broken link to `{target}`"))
                .at(body_line + line - 1, col)
                .hint(
                    "link to a page of the archive by its path, e.g. /region-x/arenden/rs-1-2024/",
                )
        })
        .collect()
}

/// A link's path as a root-relative URL: as written when it starts with `/`, else resolved
/// against the page at `page` (relative to `base`), with `.` and `..` applied.
fn absolute(path: &str, base: &str, page: &str) -> String {
    if path.starts_with('/') {
        return path.to_string();
    }
    let from = format!("{base}{page}");
    let mut segments: Vec<&str> = from.split('/').filter(|p| !p.is_empty()).collect();
    let folder = matches!(path.rsplit('/').next(), Some("" | "." | ".."));
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            p => segments.push(p),
        }
    }
    let joined = segments.join("/");
    match (joined.is_empty(), folder) {
        (true, _) => "/".to_string(),
        (false, true) => format!("/{joined}/"),
        (false, false) => format!("/{joined}"),
    }
}

fn page_problems(
    r: &Renderer<'_>,
    page: Page,
    base: &str,
    existing: &HashSet<String>,
) -> Vec<Diagnostic> {
    if !page.is_html() && page != Page::NotFound {
        return Vec::new();
    }
    let html = match r.render(page) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(d) => return vec![d],
    };
    let path = page.path(r.site, r.theme);
    attribute_urls(&html)
        .filter(|u| u.starts_with('/'))
        .filter(|u| !resolves(u, base, existing))
        .map(|u| {
            Diagnostic::error(
                format!("public/{path}"),
                format!("broken internal link to `{u}`"),
            )
        })
        .collect()
}

/// Values of `href="..."` and `src="..."` attributes, fragments and queries cut off.
fn attribute_urls(html: &str) -> impl Iterator<Item = String> + '_ {
    ["href=\"", "src=\""].into_iter().flat_map(move |attr| {
        html.match_indices(attr).filter_map(move |(i, _)| {
            let rest = &html[i + attr.len()..];
            let end = rest.find('"')?;
            let url = &rest[..end];
            let url = url.split(['#', '?']).next().unwrap_or("");
            Some(url.replace("&amp;", "&"))
        })
    })
}

/// Whether a root-relative URL names an output file.
fn resolves(url: &str, base: &str, existing: &HashSet<String>) -> bool {
    let Some(rel) = url.strip_prefix(base) else {
        return false;
    };
    if rel.is_empty() || rel.ends_with('/') {
        return existing.contains(&format!("{rel}index.html"));
    }
    existing.contains(rel) || existing.contains(&format!("{rel}/index.html"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_resolve_under_base() {
        let existing: HashSet<String> = ["index.html", "a/index.html", "style.css"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert!(resolves("/arkiv/", "/arkiv/", &existing));
        assert!(resolves("/arkiv/a/", "/arkiv/", &existing));
        assert!(resolves("/arkiv/style.css", "/arkiv/", &existing));
        assert!(!resolves("/arkiv/b/", "/arkiv/", &existing));
        assert!(!resolves("/a/", "/arkiv/", &existing));
    }

    #[test]
    fn relative_links_resolve_from_the_items_page() {
        let page = "org/styrelsen/2024-01-10/001-a/";
        assert_eq!(
            absolute("../finns-inte/", "/arkiv/", page),
            "/arkiv/org/styrelsen/2024-01-10/finns-inte/"
        );
        assert_eq!(absolute("../../", "/", page), "/org/styrelsen/");
        assert_eq!(
            absolute("../002-b", "/", page),
            "/org/styrelsen/2024-01-10/002-b"
        );
        assert_eq!(absolute("..", "/", page), "/org/styrelsen/2024-01-10/");
        assert_eq!(absolute("../../../../../../x/", "/", page), "/x/");
        assert_eq!(absolute("/org/", "/", page), "/org/");
    }

    #[test]
    fn finds_attribute_urls() {
        let html = r#"<a href="/x/#p1">x</a><link href="/s.css"><img src="/i.png?v=1">"#;
        let mut urls: Vec<String> = attribute_urls(html).collect();
        urls.sort();
        assert_eq!(urls, ["/i.png", "/s.css", "/x/"]);
    }
}
