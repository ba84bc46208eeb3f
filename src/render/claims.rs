//! One output file, one page: the check that no two pages claim the same path, made here
//! because this is the one place that sees every page of every kind. Slugs are made unique
//! within their kind where they are made; this catches what crosses kinds or slips through
//! (a theme's `static/index.html` over the home page, a case slug equal to another's).

use super::{theme::Theme, Page};
use crate::diag::Diagnostic;
use crate::site::Site;
use rayon::prelude::*;
use std::collections::HashMap;

/// An error for every output path that more than one of `pages` claims; `paths[i]` is the path
/// of `pages[i]`.
pub fn clashes(site: &Site, theme: &Theme, pages: &[Page], paths: &[String]) -> Vec<Diagnostic> {
    if !any_path_twice_possible(paths) {
        return Vec::new();
    }
    let mut first: HashMap<&str, Page> = HashMap::with_capacity(paths.len());
    let mut problems = Vec::new();
    for (page, path) in pages.iter().zip(paths) {
        if let Some(earlier) = first.insert(path, *page) {
            problems.push(
                Diagnostic::error(
                    path,
                    format!(
                        "two pages would be written to this file: {} and {}",
                        earlier.source(site, theme),
                        page.source(site, theme)
                    ),
                )
                .hint("rename one of them: a URL is made of the name's letters and digits"),
            );
        }
    }
    problems
}

/// Whether two of `paths` hash alike, as two equal paths do. Asked on every page listing (after
/// each structural edit in `serve`): when no hashes are equal there is no clash, and sorting
/// 420,000 hashes on every core (10,000 meetings) is a fraction of putting as many paths into
/// the map that names the clashing pages.
fn any_path_twice_possible(paths: &[String]) -> bool {
    let mut hashes: Vec<u64> = (paths.par_iter())
        .map(|p| xxhash_rust::xxh3::xxh3_64(p.as_bytes()))
        .collect();
    hashes.par_sort_unstable();
    hashes.windows(2).any(|w| w[0] == w[1])
}

impl Page {
    /// What the page shows, in words and with the file or name it comes from.
    fn source(self, site: &Site, theme: &Theme) -> String {
        let file = |path: &std::path::Path| {
            let shown = path.strip_prefix(&site.config.root).unwrap_or(path);
            shown.display().to_string()
        };
        match self {
            Page::Home => "the home page".into(),
            Page::Org(o) => format!("the organization \"{}\"", site.orgs[o].name),
            Page::OrgCases(o) => format!("the case list of \"{}\"", site.orgs[o].name),
            Page::OrgFeed(o) => format!("the feed of \"{}\"", site.orgs[o].name),
            Page::Body(b) => format!("the body \"{}\"", site.bodies[b].name),
            Page::BodyFeed(b) => format!("the feed of \"{}\"", site.bodies[b].name),
            Page::Meeting(m) => format!("the meeting {}", file(&site.meetings[m].path)),
            Page::Item(i) => format!("the item {}", file(&site.items[i].path)),
            Page::Case(c) => format!("the case \"{}\"", site.cases[c].number),
            Page::CaseFeed(c) => format!("the feed of case \"{}\"", site.cases[c].number),
            Page::People => "the list of people".into(),
            Page::Person(p) => format!("the person \"{}\"", site.people[p].name),
            Page::Parties => "the list of parties".into(),
            Page::Party(p) => format!("the party \"{}\"", site.parties[p].code),
            Page::Subjects => "the list of subjects".into(),
            Page::Subject(s) => format!("the subject \"{}\"", site.subjects[s].name),
            Page::SubjectYear(s, y, n) => {
                format!(
                    "part {n} of {y} of the subject \"{}\"",
                    site.subjects[s].name
                )
            }
            Page::SubjectFeed(s) => format!("the feed of subject \"{}\"", site.subjects[s].name),
            Page::Asset(a) => format!(
                "the theme file static/{}",
                theme.assets.keys().nth(a).map_or("", String::as_str)
            ),
            Page::NotFound => "the 404 page".into(),
            Page::SiteFeed => "the site's feed".into(),
            Page::Sitemap | Page::SitemapPart(_) => "the sitemap".into(),
            Page::Data(_) => "an open data file".into(),
            Page::DataCatalog => "the open data catalogue".into(),
            Page::Search => "the search page".into(),
            Page::SearchMeta
            | Page::SearchTerms(_)
            | Page::SearchPostings(_)
            | Page::SearchDocs(_) => "the search index".into(),
            Page::Accessibility => "the accessibility statement".into(),
            Page::Appeals => "the list of open appeal windows".into(),
            Page::AppealsFeed => "the feed of open appeal windows".into(),
            Page::SiteCalendar => "the site's calendar".into(),
            Page::Oparl(_) => "a file of the OParl interface".into(),
            Page::OrgCalendar(o) => format!("the calendar of \"{}\"", site.orgs[o].name),
            Page::BodyCalendar(b) => format!("the calendar of \"{}\"", site.bodies[b].name),
        }
    }
}
