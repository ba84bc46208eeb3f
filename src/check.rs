//! `check`'s link validation: every page is rendered in memory (nothing is written) and every
//! internal `href`/`src` in it, and every root-relative link in the Markdown, must name a page
//! or file of the site.

use crate::diag::Diagnostic;
use crate::render::{self, theme::Theme, Page, Renderer};
use crate::site::Site;
use rayon::prelude::*;
use std::collections::HashSet;

pub fn links(site: &Site, theme: &Theme) -> Vec<Diagnostic> {
    let base = site.config.base_path().to_string();
    let pages = render::pages(site, theme);
    let paths: Vec<String> = pages.iter().map(|p| p.path(site, theme)).collect();
    let mut problems = render::clashes(site, theme, &pages, &paths);
    let existing: HashSet<String> = paths.into_iter().collect();
    let renderer = Renderer::new(site, theme);
    problems.extend(
        pages
            .par_iter()
            .flat_map_iter(|page| page_problems(&renderer, *page, &base, &existing))
            .collect::<Vec<_>>(),
    );
    for item in &site.items {
        for target in render::markdown::link_targets(&item.text) {
            if !resolves(&target, &base, &existing) {
                problems.push(Diagnostic::error(&item.path, format!("broken link to `{target}`")).hint(
                    "link to a page of the archive by its path, e.g. /region-x/arenden/rs-1-2024/",
                ));
            }
        }
    }
    problems
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
    fn finds_attribute_urls() {
        let html = r#"<a href="/x/#p1">x</a><link href="/s.css"><img src="/i.png?v=1">"#;
        let mut urls: Vec<String> = attribute_urls(html).collect();
        urls.sort();
        assert_eq!(urls, ["/i.png", "/s.css", "/x/"]);
    }
}
