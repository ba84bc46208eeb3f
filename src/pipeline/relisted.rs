//! The page paths again after a relink, from the paths before it: a relink keeps every
//! organization, body, meeting, item and subject where it was, with its URL, so the paths of
//! their pages (160,000 of 10,000 meetings' 420,000: a tenth of a second of every case-number
//! or item-number edit in `serve`, made one by one) are the ones the list had. Only pages
//! named by what linking makes again (cases, people, parties) are made anew.
//!
//! ```text
//! pages before  [Home … Item(0) … Item(n) │ Case(0) … Person(k) …]   paths before
//! pages after   [Home … Item(0) … Item(n) │ Case(0) … Case(c) … ]
//!                 └ same page, at the same   └ a case, person or party, or a page that
//!                   place: its path moved        moved: its path made again
//! ```

use crate::render::oparl::OparlFile;
use crate::render::{theme::Theme, Page};
use crate::site::{Shift, Site};
use rayon::prelude::*;

/// The paths of `pages`, listed after a relink, taking over `old_paths` (of `old_pages`, the
/// list before it) where the same page stands at the same place and its path is made of what
/// a relink keeps. Also returns whether every path is the one at its place before, and the
/// list as long: then nothing that indexes the paths needs making again.
pub(super) fn paths(
    site: &Site,
    theme: &Theme,
    pages: &[Page],
    old_pages: &[Page],
    mut old_paths: Vec<String>,
) -> (Vec<String>, bool) {
    let kept = pages.len().min(old_pages.len()).min(old_paths.len());
    // Made again in the list taken over, not moved into a new list of pairs and out of it
    // again: two lists of 420,000 fewer to allocate and fill.
    old_paths.truncate(kept);
    let same = (old_paths.par_iter_mut())
        .zip(&old_pages[..kept])
        .zip(&pages[..kept])
        .map(|((old, was), page)| {
            if was == page && kept_by_relink(page) {
                return true;
            }
            let fresh = page.path(site, theme);
            let same = fresh == *old;
            *old = fresh;
            same
        })
        .reduce(|| true, |a, b| a && b);
    old_paths.par_extend(pages[kept..].par_iter().map(|p| p.path(site, theme)));
    (old_paths, same && pages.len() == old_pages.len())
}

/// [`paths`] after an item was put in or taken out (`shift`): the items after it moved, and
/// with them their pages and every page listed after theirs. Each page takes over the path
/// of the page it was: an item's page that of its item's old place, a page listed before
/// the items' the one at its place, a page listed after them the one as far from the end
/// of the items' pages.
pub(super) fn shifted_paths(
    site: &Site,
    theme: &Theme,
    pages: &[Page],
    old_pages: &[Page],
    mut old_paths: Vec<String>,
    shift: Shift,
) -> Vec<String> {
    let (new_items, old_items) = (item_pages(pages), item_pages(old_pages));
    let (start, old_start) = (new_items.start, old_items.start);
    // Taken over one by one (each old path at most once), then the rest made on every core.
    let kept: Vec<Option<String>> = (pages.iter().enumerate())
        .map(|(at, page)| {
            let was = match page {
                Page::Item(i) => shift.old_of(i.index()).map(|j| old_start + j),
                _ if at < start => Some(at),
                _ => (at + old_items.end).checked_sub(new_items.end),
            }?;
            let same = match (page, old_pages.get(was)?) {
                (Page::Item(i), Page::Item(j)) => shift.old_of(i.index()) == Some(j.index()),
                // Subjects are detected again: their pages' paths are made again.
                (page, old) => page == old && kept_by_relink(page) && !of_subject(page),
            };
            same.then(|| std::mem::take(&mut old_paths[was]))
        })
        .collect();
    (kept.into_par_iter().zip(pages))
        .map(|(kept, page)| kept.unwrap_or_else(|| page.path(site, theme)))
        .collect()
}

fn of_subject(page: &Page) -> bool {
    matches!(
        page,
        Page::Subject(_) | Page::SubjectYear(..) | Page::SubjectFeed(_)
    )
}

/// Where the items' pages lie in a page list (one run, in item order).
fn item_pages(pages: &[Page]) -> std::ops::Range<usize> {
    let is_item = |p: &Page| matches!(p, Page::Item(_));
    let start = pages.iter().position(is_item).unwrap_or(pages.len());
    let len = pages[start..].iter().take_while(|p| is_item(p)).count();
    start..start + len
}

/// Whether the page's path is made only of what a relink keeps in place (see
/// [`crate::site::Relink`]): organizations, bodies, meetings, items, subjects, the theme's
/// assets and fixed names. Every kind is named, so a page added does not compile until it is
/// decided here.
fn kept_by_relink(page: &Page) -> bool {
    match page {
        Page::Case(_) | Page::CaseFeed(_) | Page::Person(_) | Page::Party(_) => false,
        Page::Oparl(f) => match f {
            OparlFile::Party(..) | OparlFile::Paper(_) | OparlFile::Person(_) => false,
            OparlFile::System
            | OparlFile::Bodies
            | OparlFile::Body(_)
            | OparlFile::List(..)
            | OparlFile::Organization(_)
            | OparlFile::Meeting(_) => true,
        },
        Page::Home
        | Page::Org(_)
        | Page::OrgCases(_)
        | Page::Body(_)
        | Page::Meeting(_)
        | Page::Item(_)
        | Page::People
        | Page::Parties
        | Page::Subjects
        | Page::Subject(_)
        | Page::SubjectYear(..)
        | Page::SubjectFeed(_)
        | Page::NotFound
        | Page::SiteFeed
        | Page::OrgFeed(_)
        | Page::BodyFeed(_)
        | Page::Sitemap
        | Page::SitemapPart(_)
        | Page::Data(_)
        | Page::DataCatalog
        | Page::Asset(_)
        | Page::Search
        | Page::SearchMeta
        | Page::SearchTerms(_)
        | Page::SearchPostings(_)
        | Page::SearchDocs(_)
        | Page::Accessibility
        | Page::Appeals
        | Page::AppealsFeed
        | Page::SiteCalendar
        | Page::OrgCalendar(_)
        | Page::BodyCalendar(_) => true,
    }
}
