//! `check`'s link validation: every page is rendered in memory (nothing is written) and every
//! internal `href`/`src` in it, and every root-relative link in the Markdown, must name a page
//! or file of the site.

use crate::content::frontmatter;
use crate::diag::Diagnostic;
use crate::pipeline::Archive;
use crate::render::{self, Page};
use std::collections::HashSet;
use std::path::Path;
use std::sync::Mutex;

/// The broken links of every page of the archive (its clashes are among its own diagnostics).
///
/// The HTML pages are rendered as a build renders them ([`render::render_all`]: each meeting's
/// item pages right after it, in waves), so that what a meeting page keeps for its items is
/// taken by them at once. Rendered in the archive's page order, every meeting page came long
/// before its items, and the items' values were all held together: at 100,000 meetings the
/// check's peak was 12 GB, twice the graph's.
pub fn links(archive: &Archive) -> Vec<Diagnostic> {
    let site = &archive.site;
    let base = site.config.base_path().to_string();
    let existing: HashSet<&str> = archive.paths.iter().map(String::as_str).collect();
    let wanted: Vec<bool> = (archive.pages.iter())
        .map(|page| page.is_html() || *page == Page::NotFound)
        .collect();
    let found = Mutex::new(Vec::new());
    let rendering = render::render_all(archive.work(), Some(&wanted), |made| {
        let broken = page_problems(
            &String::from_utf8_lossy(&made.bytes),
            made.path,
            &base,
            &existing,
        );
        if !broken.is_empty() {
            found
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .extend(broken);
        }
        Ok(())
    });
    let mut problems = found.into_inner().unwrap_or_else(|e| e.into_inner());
    problems.sort_by(|a, b| a.path.cmp(&b.path));
    problems.extend(rendering.0);
    let markdown = site
        .meetings
        .enumerate()
        .map(|(id, m)| (&m.path, site.meeting_text(id), &m.url))
        .chain((site.items.enumerate()).map(|(id, i)| (&i.path, site.item_text(id), &i.url)));
    for (path, text, page) in markdown {
        problems.extend(markdown_problems(path, &text, page, &base, &existing));
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
    existing: &HashSet<&str>,
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

/// The internal links of the rendered page at `path` that name no page or file.
fn page_problems(html: &str, path: &str, base: &str, existing: &HashSet<&str>) -> Vec<Diagnostic> {
    attribute_urls(html)
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
fn resolves(url: &str, base: &str, existing: &HashSet<&str>) -> bool {
    let Some(rel) = url.strip_prefix(base) else {
        return false;
    };
    if rel.is_empty() || rel.ends_with('/') {
        return existing.contains(format!("{rel}index.html").as_str());
    }
    existing.contains(rel) || existing.contains(format!("{rel}/index.html").as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_resolve_under_base() {
        let existing: HashSet<&str> = ["index.html", "a/index.html", "style.css"]
            .into_iter()
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
