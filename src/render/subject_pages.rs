//! The pages of recurring subjects: `/teman/` (every subject); `/teman/<slug>/`, a chart of
//! the subject across organizations and years (see [`chart`]), its latest treatments and a
//! table of its treatments per year and organization; and `/teman/<slug>/<year>/` (then
//! `/<year>/2/` …), every treatment of one year, newest first, [`PER_PAGE`] to a page. So a
//! subject page weighs the same whether the subject has ten items or ten thousand.

mod chart;

use super::dates::DateView;
use super::{Page, Renderer};
use crate::diag::Diagnostic;
use crate::site::{ItemId, Site, SubjectId};
use chrono::Datelike;
use serde::Serialize;
use std::ops::Range;
use tera::Context;

/// Treatments listed on the subject's own page, newest first.
const LATEST: usize = 20;
/// Treatments on one page of a year; a busier year gets more pages.
const PER_PAGE: usize = 100;

#[derive(Serialize)]
pub(super) struct SubjectSummary<'a> {
    pub name: &'a str,
    pub url: &'a str,
    pub items: usize,
    pub orgs: Vec<&'a str>,
    pub first: Option<DateView>,
    pub last: Option<DateView>,
}

pub(super) fn summary(site: &Site, s: SubjectId) -> SubjectSummary<'_> {
    let subject = &site.subjects[s];
    let date = |i: &ItemId| DateView::new(site.item_date(*i), site.config.language);
    SubjectSummary {
        name: &subject.name,
        url: &subject.url,
        items: subject.items.len(),
        orgs: subject
            .orgs
            .iter()
            .map(|o| site.orgs[*o].name.as_str())
            .collect(),
        first: subject.items.first().map(date),
        last: subject.items.last().map(date),
    }
}

/// The most active subjects first: for the home page.
pub(super) fn most_active(site: &Site, limit: usize) -> Vec<SubjectSummary<'_>> {
    let mut ids: Vec<SubjectId> = (site.subjects.ids()).collect();
    ids.sort_by_key(|s| (std::cmp::Reverse(site.subjects[*s].items.len()), *s));
    ids.into_iter()
        .take(limit)
        .map(|s| summary(site, s))
        .collect()
}

pub(super) fn list(r: &Renderer<'_>, ctx: &mut Context) -> Result<&'static str, Diagnostic> {
    let all: Vec<SubjectSummary> = r.site.subjects.ids().map(|s| summary(r.site, s)).collect();
    ctx.insert("subjects", &all);
    Ok("topics.html")
}

/// One list page of a subject: a year, or a part of a busy one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Part {
    pub year: i32,
    /// 1 for the year's newest treatments.
    pub number: usize,
    /// The year's number of parts.
    pub of: usize,
    /// Positions in the subject's items (oldest first).
    pub items: Range<usize>,
}

/// The list pages of subject `s`: for each year, newest first, [`PER_PAGE`] items a page,
/// the year's newest first. None when the subject's own page lists all its items.
pub(crate) fn parts(site: &Site, s: SubjectId) -> Vec<Part> {
    let items = &site.subjects[s].items;
    let mut out = Vec::new();
    let mut end = if items.len() > LATEST { items.len() } else { 0 };
    while end > 0 {
        let year = site.item_date(items[end - 1]).year();
        let start = items[..end].partition_point(|i| site.item_date(*i).year() < year);
        let of = (end - start).div_ceil(PER_PAGE);
        for number in 1..=of {
            let top = end - (number - 1) * PER_PAGE;
            out.push(Part {
                year,
                number,
                of,
                items: top.saturating_sub(PER_PAGE).max(start)..top,
            });
        }
        end = start;
    }
    out
}

/// Every page of subject `s`: its own, its feed and its list pages.
pub fn pages(site: &Site, s: SubjectId) -> impl Iterator<Item = Page> {
    let lists = parts(site, s)
        .into_iter()
        .map(move |p| Page::SubjectYear(s, p.year, p.number));
    [Page::Subject(s), Page::SubjectFeed(s)]
        .into_iter()
        .chain(lists)
}

/// The URL of a list page, relative to the site.
pub(crate) fn part_url(site: &Site, s: SubjectId, year: i32, number: usize) -> String {
    let url = &site.subjects[s].url;
    match number {
        1 => format!("{url}{year}/"),
        n => format!("{url}{year}/{n}/"),
    }
}

/// The table of the subject page: a column per year, oldest first like the chart, a row per
/// organization, and the years' totals.
#[derive(Serialize)]
struct Table<'a> {
    years: Vec<YearHead>,
    rows: Vec<TableRow<'a>>,
    totals: Vec<usize>,
}

#[derive(Serialize)]
struct YearHead {
    year: i32,
    /// Its list page, when the subject has them.
    url: Option<String>,
}

#[derive(Serialize)]
struct TableRow<'a> {
    org: &'a str,
    /// Per year, in the order of [`Table::years`].
    counts: Vec<usize>,
}

fn table(site: &Site, s: SubjectId) -> Table<'_> {
    let subject = &site.subjects[s];
    let listed = subject.items.len() > LATEST;
    let mut years: Vec<YearHead> = Vec::new();
    let mut rows: Vec<TableRow> = subject
        .orgs
        .iter()
        .map(|o| TableRow {
            org: &site.orgs[*o].name,
            counts: Vec::new(),
        })
        .collect();
    let mut totals = Vec::new();
    for i in &subject.items {
        let year = site.item_date(*i).year();
        if years.last().is_none_or(|y| y.year != year) {
            let url = listed.then(|| part_url(site, s, year, 1));
            years.push(YearHead { year, url });
            rows.iter_mut().for_each(|row| row.counts.push(0));
            totals.push(0);
        }
        let org = site.meeting_of(*i).org;
        if let Some(k) = subject.orgs.iter().position(|o| *o == org) {
            *rows[k].counts.last_mut().unwrap_or(&mut 0) += 1;
        }
        *totals.last_mut().unwrap_or(&mut 0) += 1;
    }
    Table {
        years,
        rows,
        totals,
    }
}

pub(super) fn page(
    r: &Renderer<'_>,
    s: SubjectId,
    ctx: &mut Context,
) -> Result<&'static str, Diagnostic> {
    let site = r.site;
    let subject = &site.subjects[s];
    ctx.insert("subject", &summary(site, s));
    ctx.insert("terms", &subject.terms);
    ctx.insert("chart", &chart::Chart::new(site, s));
    let table = table(site, s);
    ctx.insert("newest_year", &table.years.last());
    ctx.insert("table", &table);
    let latest = subject.items.iter().rev().take(LATEST).copied();
    ctx.insert("events", &r.listed(latest, None)?);
    ctx.insert("more", &(subject.items.len() > LATEST));
    Ok("topic.html")
}

/// A link of the pager of the list pages.
#[derive(Serialize)]
struct PagerLink {
    text: String,
    url: String,
    current: bool,
}

/// `/teman/<slug>/<year>/` and its further parts.
pub(super) fn year_page(
    r: &Renderer<'_>,
    (s, year, number): (SubjectId, i32, usize),
    ctx: &mut Context,
) -> Result<&'static str, Diagnostic> {
    let site = r.site;
    let subject = &site.subjects[s];
    let all = parts(site, s);
    let Some(at) = all
        .iter()
        .position(|p| p.year == year && p.number == number)
    else {
        return Ok("404.html");
    };
    let part = &all[at];
    let items = subject.items[part.items.clone()].iter().rev().copied();
    ctx.insert("subject", &summary(site, s));
    ctx.insert("year", &year);
    ctx.insert("number", &part.number);
    ctx.insert("of", &part.of);
    let in_year = all.iter().filter(|p| p.year == year);
    ctx.insert("year_items", &in_year.map(|p| p.items.len()).sum::<usize>());
    ctx.insert("events", &r.listed(items, None)?);
    ctx.insert("parts", &pager(site, s, &all, part));
    let mut years: Vec<i32> = all.iter().map(|p| p.year).collect();
    years.dedup();
    let here = years.iter().position(|y| *y == year).unwrap_or_default();
    // Newest first: the newer year is before this one, the older after.
    let year_link = |y: Option<&i32>| {
        y.map(|y| PagerLink {
            text: y.to_string(),
            url: part_url(site, s, *y, 1),
            current: false,
        })
    };
    ctx.insert(
        "newer",
        &year_link(here.checked_sub(1).and_then(|k| years.get(k))),
    );
    ctx.insert("older", &year_link(years.get(here + 1)));
    Ok("topic_year.html")
}

/// The links to the parts of `part`'s year, when it has more than one, each named by the
/// dates it covers, newest first (`31 december – 14 oktober`).
fn pager(site: &Site, s: SubjectId, all: &[Part], part: &Part) -> Vec<PagerLink> {
    let items = &site.subjects[s].items;
    let day = |k: usize| {
        let date = DateView::new(site.item_date(items[k]), site.config.language);
        let year = format!(" {}", date.year);
        date.text.trim_end_matches(&year).to_string()
    };
    all.iter()
        .filter(|p| p.year == part.year && p.of > 1)
        .map(|p| {
            let (newest, oldest) = (day(p.items.end - 1), day(p.items.start));
            PagerLink {
                text: if newest == oldest {
                    newest
                } else {
                    format!("{newest} – {oldest}")
                },
                url: part_url(site, s, p.year, p.number),
                current: p.number == part.number,
            }
        })
        .collect()
}
