//! The sitemap: every HTML page a person reads, for crawlers, as a sitemap index and its parts
//! (<https://www.sitemaps.org/protocol.html>).
//!
//! ```text
//! sitemap.xml                 the index: the URL of every part
//! sitemap/<n>.xml             the home page, the lists, the people and the parties
//! sitemap/teman/<n>.xml       the subjects and their list pages
//! sitemap/<org>/<n>.xml       an organization: its pages, its bodies', its meetings' with
//!                             their items, its cases'
//! ```
//!
//! The protocol allows 50,000 URLs a file; a part holds [`PER_PART`], so that it reads few
//! enough items and meetings of the graph to be recorded one by one (see
//! [`crate::site::reads`]): an edit of an item renders again the one part that lists it, not
//! a file of every URL of the site. Parts are numbered from 1 within their group, so an item
//! added moves only the later parts of its own organization.

use super::feeds::esc;
use super::{theme::Theme, Page};
use crate::site::{OrgId, Site};

/// URLs in one part: well under the protocol's 50,000, and under the count of single reads
/// of one kind that `reads` keeps before it counts the whole kind as read
/// ([`crate::site::reads::WHOLE_ABOVE`]), so that an item edit renders one part again.
pub const PER_PART: usize = 1000;
const _: () = assert!(PER_PART < crate::site::reads::WHOLE_ABOVE);

/// One part of the sitemap: its group and its number (from 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Part {
    /// The site's own pages, the people and the parties.
    Site(usize),
    Subjects(usize),
    Org(OrgId, usize),
}

impl Part {
    pub fn path(self, site: &Site) -> String {
        match self {
            Part::Site(n) => format!("sitemap/{n}.xml"),
            Part::Subjects(n) => format!("sitemap/teman/{n}.xml"),
            Part::Org(o, n) => format!("sitemap/{}/{n}.xml", site.orgs[o].slug),
        }
    }
}

/// Every part, in the order the index lists them.
pub fn parts(site: &Site) -> Vec<Part> {
    // No part is empty: the protocol's schema wants a URL in every file (a site without
    // subjects has no subjects' part).
    let count = |urls: usize| urls.div_ceil(PER_PART);
    let mut out: Vec<Part> = (1..=count(site_pages(site).len()))
        .map(Part::Site)
        .collect();
    out.extend((1..=count(subject_pages(site).len())).map(Part::Subjects));
    for o in site.orgs.ids() {
        out.extend((1..=count(org_len(site, o))).map(|n| Part::Org(o, n)));
    }
    out
}

/// `sitemap.xml`: the index of the parts.
pub fn index(site: &Site) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for part in parts(site) {
        out.push_str("  <sitemap><loc>");
        out.push_str(&esc(&site.config.absolute(&part.path(site))));
        out.push_str("</loc></sitemap>\n");
    }
    out.push_str("</sitemapindex>\n");
    out
}

/// The pages one part lists.
fn pages_of(site: &Site, part: Part) -> Vec<Page> {
    let slice = |n: usize| (n - 1) * PER_PART..n * PER_PART;
    match part {
        Part::Site(n) => cut(site_pages(site), slice(n)),
        Part::Subjects(n) => cut(subject_pages(site), slice(n)),
        Part::Org(o, n) => org_pages(site, o, slice(n)),
    }
}

/// One part: its pages, with the meeting date as `lastmod` where there is one.
pub fn part(site: &Site, theme: &Theme, part: Part) -> String {
    let pages = pages_of(site, part);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for page in pages {
        let path = page.path(site, theme);
        let url = site.config.absolute(path.trim_end_matches("index.html"));
        out.push_str("  <url><loc>");
        out.push_str(&esc(&url));
        out.push_str("</loc>");
        let date = match page {
            Page::Meeting(m) => Some(site.meetings[m].meta.date),
            Page::Item(i) => Some(site.item_date(i)),
            _ => None,
        };
        if let Some(d) = date {
            out.push_str(&format!("<lastmod>{d}</lastmod>"));
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

fn cut(pages: Vec<Page>, range: std::ops::Range<usize>) -> Vec<Page> {
    let end = range.end.min(pages.len());
    pages.get(range.start..end).unwrap_or_default().to_vec()
}

/// The site's own pages, the people's and the parties'.
fn site_pages(site: &Site) -> Vec<Page> {
    let mut out: Vec<Page> = super::SITE_PAGES
        .into_iter()
        .filter(Page::is_html)
        .collect();
    out.extend((site.people.ids()).map(Page::Person));
    out.extend((site.parties.ids()).map(Page::Party));
    out
}

/// Every subject's page and list pages.
fn subject_pages(site: &Site) -> Vec<Page> {
    (site.subjects.ids())
        .flat_map(|s| super::subject_pages::pages(site, s))
        .filter(Page::is_html)
        .collect()
}

/// How many pages an organization's parts list, counted without reading its items.
fn org_len(site: &Site, o: OrgId) -> usize {
    let org = &site.orgs[o];
    let meetings: usize = (org.meetings.iter())
        .map(|m| 1 + site.meetings[*m].items.len())
        .sum();
    2 + org.bodies.len() + meetings + org.cases.len()
}

/// The pages `range` of an organization's: its own two, its bodies', each meeting's followed
/// by its items', its cases'. A meeting outside the range is counted, its items not read.
fn org_pages(site: &Site, o: OrgId, range: std::ops::Range<usize>) -> Vec<Page> {
    let org = &site.orgs[o];
    let mut out = Vec::new();
    let mut at = 0;
    let mut add = |page: Page, at: &mut usize| {
        if range.contains(at) {
            out.push(page);
        }
        *at += 1;
    };
    add(Page::Org(o), &mut at);
    add(Page::OrgCases(o), &mut at);
    for b in &org.bodies {
        add(Page::Body(*b), &mut at);
    }
    for m in &org.meetings {
        let items = &site.meetings[*m].items;
        if at + 1 + items.len() <= range.start || at >= range.end {
            at += 1 + items.len();
            continue;
        }
        add(Page::Meeting(*m), &mut at);
        for i in items {
            add(Page::Item(*i), &mut at);
        }
    }
    for c in &org.cases {
        add(Page::Case(*c), &mut at);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::tests::example;
    use crate::site::reads::{capture, Kind, Read};

    #[test]
    fn an_organizations_parts_cut_its_pages_without_gaps_or_repeats() {
        let archive = example();
        let site = &archive.site;
        for o in site.orgs.ids() {
            let all = org_pages(site, o, 0..usize::MAX);
            assert_eq!(all.len(), org_len(site, o));
            for per in [1, 2, 7, 50] {
                let cut: Vec<Page> = (0..all.len().div_ceil(per))
                    .flat_map(|k| org_pages(site, o, k * per..(k + 1) * per))
                    .collect();
                assert_eq!(cut, all, "{per} a part");
            }
        }
    }

    #[test]
    fn every_html_page_is_in_one_part() {
        let archive = example();
        let (site, theme) = (&archive.site, &archive.theme);
        // Each part's own pages, as it lists them: a page in two parts would be here twice.
        let mut listed: Vec<Page> = parts(site)
            .into_iter()
            .flat_map(|part| pages_of(site, part))
            .collect();
        listed.sort();
        let mut pages: Vec<Page> = (super::super::pages(site, theme).into_iter())
            .filter(Page::is_html)
            .collect();
        pages.sort();
        assert_eq!(listed, pages);
    }

    /// What keeps an edit of an item to the one part that lists it: a part reads the items
    /// it lists, one by one, and no other.
    #[test]
    fn a_part_reads_only_the_items_it_lists() {
        let archive = example();
        let (site, theme) = (&archive.site, &archive.theme);
        let o = site.meetings.unrecorded().first().unwrap().org;
        let all = org_pages(site, o, 0..usize::MAX);
        let first = all.iter().position(|p| matches!(p, Page::Item(_))).unwrap();
        let (_, reads) = capture(|| org_pages(site, o, first..first + 3));
        assert!(!reads.iter().any(|r| r.kind == Kind::Item), "{reads:?}");
        let (_, reads) = capture(|| part(site, theme, Part::Org(o, 1)));
        assert!(!reads.contains(&Read::whole(Kind::Item)), "{reads:?}");
    }
}
