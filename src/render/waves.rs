//! waves: the groups pages are rendered in, each with a renderer of its own that is dropped
//! before the next group starts.
//!
//! A renderer keeps what many pages show: each item's row, each item's head and each
//! meeting's summary, each meeting's breadcrumb trail (see [`super::fragments`],
//! [`super::views`]). Kept for the whole archive, those tables grew with it: 190 MB of a
//! 730 MB peak at 10,000 meetings. An organization's pages (its bodies, meetings, items,
//! cases and their feeds, its OParl objects) show its own meetings and items almost only, its
//! cases being its own; so each organization's pages are rendered together, and the tables of
//! meetings and heads hold one organization at a time. The rows are the exception: the pages
//! of the whole archive (subjects, people, the home page, the site's feeds, rendered last)
//! list items of every organization, and making every row a second time for them cost more
//! CPU than keeping them, so one table of rows is shared by the page waves (see
//! `render_waves`).
//!
//! A memo is a cache, not a source: a value made again in another group is the same value,
//! with the same reads (see [`crate::site::reads::Memo`]), so the split changes no byte of any
//! page (the build tests compare whole sites).

use super::oparl::OparlFile;
use super::Page;
use crate::site::{ItemId, OrgId, Site};

/// The three kinds of wave, in order (see [`Page::wave`]), by their names under `--timings`.
const NAMES: [&str; 3] = ["  search index", "  open data", "  pages"];

/// Records under `--timings` the kind of wave that began at the time given, now it ended.
pub fn ended(wave: Option<(usize, std::time::Instant)>) {
    if let Some((kind, started)) = wave.filter(|_| crate::timings::enabled()) {
        crate::timings::record(NAMES[kind], started.elapsed());
    }
}

/// The pages of `list` (indices of `pages`, in render order) grouped into the waves they are
/// rendered in, each group keeping `list`'s order: the search index's files, the open-data
/// files, then the pages, one group per organization and a last one for the rest.
pub fn group(site: &Site, pages: &[Page], list: Vec<usize>) -> Vec<(usize, Vec<usize>)> {
    let orgs = site.orgs.unrecorded().len();
    let mut kinds: [Vec<usize>; NAMES.len()] = Default::default();
    // By organization, and the pages of no one organization at the end.
    let mut by_org: Vec<Vec<usize>> = vec![Vec::new(); orgs + 1];
    for i in list {
        match pages[i].wave() {
            2 => by_org[org_of(site, &pages[i]).map_or(orgs, |o| o.index())].push(i),
            kind => kinds[kind].push(i),
        }
    }
    let [search, data, _] = kinds;
    [(0, search), (1, data)]
        .into_iter()
        .chain(by_org.into_iter().map(|g| (2, g)))
        .filter(|(_, g)| !g.is_empty())
        .collect()
}

/// The organization whose pages `page` is among, or `None` for a page of the whole archive.
fn org_of(site: &Site, page: &Page) -> Option<OrgId> {
    let bodies = site.bodies.unrecorded();
    let meetings = site.meetings.unrecorded();
    let cases = site.cases.unrecorded();
    let item_org = |i: ItemId| meetings[site.items.unrecorded()[i].meeting].org;
    match *page {
        Page::Org(o)
        | Page::OrgCases(o)
        | Page::OrgFeed(o)
        | Page::OrgCalendar(o)
        | Page::Oparl(OparlFile::Body(o))
        | Page::Oparl(OparlFile::List(o, ..))
        | Page::Oparl(OparlFile::Party(o, _)) => Some(o),
        Page::Body(b)
        | Page::BodyFeed(b)
        | Page::BodyCalendar(b)
        | Page::Oparl(OparlFile::Organization(b)) => Some(bodies[b].org),
        Page::Meeting(m) | Page::Oparl(OparlFile::Meeting(m)) => Some(meetings[m].org),
        Page::Item(i) => Some(item_org(i)),
        Page::Case(c) | Page::CaseFeed(c) | Page::Oparl(OparlFile::Paper(c)) => Some(cases[c].org),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_organizations_pages_are_a_wave_of_their_own_in_the_order_given() {
        let loaded = crate::render::tests::example();
        let (site, pages) = (&loaded.site, &loaded.pages);
        let orgs = site.orgs.unrecorded().len();
        assert!(orgs > 1, "the example has several organizations");
        let list: Vec<usize> = (0..pages.len()).rev().collect();
        let waves = group(site, pages, list.clone());
        // Every page once.
        let mut all: Vec<usize> = waves.iter().flat_map(|(_, g)| g.clone()).collect();
        all.sort_unstable();
        assert_eq!(all, (0..pages.len()).collect::<Vec<_>>());
        // The kinds in order, and each group in the order given.
        let kinds: Vec<usize> = waves.iter().map(|(k, _)| *k).collect();
        assert!(kinds.windows(2).all(|w| w[0] <= w[1]), "{kinds:?}");
        assert_eq!(&kinds[..2], &[0, 1]);
        let at = |i: usize| list.iter().position(|j| *j == i).unwrap();
        for (_, g) in &waves {
            assert!(g.windows(2).all(|w| at(w[0]) < at(w[1])));
        }
        // A group of pages for each organization, each with its items, then the archive's own.
        let groups: Vec<&Vec<usize>> = (waves.iter())
            .filter(|(k, _)| *k == 2)
            .map(|(_, g)| g)
            .collect();
        assert_eq!(groups.len(), orgs + 1);
        for g in &groups[..orgs] {
            let org = org_of(site, &pages[g[0]]);
            assert!(org.is_some());
            assert!(g.iter().all(|i| org_of(site, &pages[*i]) == org));
            assert!(g.iter().any(|i| matches!(pages[*i], Page::Item(_))));
            assert!(g.iter().any(|i| matches!(pages[*i], Page::Case(_))));
        }
        let rest = groups[orgs];
        assert!(rest.iter().any(|i| pages[*i] == Page::Home));
        assert!(rest.iter().all(|i| org_of(site, &pages[*i]).is_none()));
    }
}
