//! The pages of recurring subjects: `/teman/` (every subject) and `/teman/<slug>/`, a
//! timeline across organizations and years, drawn with HTML and CSS (no script): one row per
//! organization with a mark per item placed by date, and the same events as a list.

use super::dates::DateView;
use super::views::Link;
use super::Renderer;
use crate::diag::Diagnostic;
use crate::site::{ItemId, Site, SubjectId};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use tera::Context;

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
    let date = |i: &usize| DateView::new(site.item_date(*i), site.config.language);
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
    let mut ids: Vec<SubjectId> = (0..site.subjects.len()).collect();
    ids.sort_by_key(|s| (std::cmp::Reverse(site.subjects[*s].items.len()), *s));
    ids.into_iter()
        .take(limit)
        .map(|s| summary(site, s))
        .collect()
}

pub(super) fn list(r: &Renderer<'_>, ctx: &mut Context) -> Result<&'static str, Diagnostic> {
    let all: Vec<SubjectSummary> = (0..r.site.subjects.len())
        .map(|s| summary(r.site, s))
        .collect();
    ctx.insert("subjects", &all);
    Ok("topics.html")
}

#[derive(Serialize)]
struct Mark<'a> {
    /// Horizontal position in percent of the timeline's width.
    pos: String,
    /// How many earlier marks of the row share its date.
    level: usize,
    url: &'a str,
    /// The outcome's kind (`decided`, `proposed`, …), or `none`.
    outcome: &'static str,
    /// What the mark stands for, for screen readers: `27 september 2021, Regionfullmäktige:
    /// § 177 Motion om …`.
    label: String,
}

#[derive(Serialize)]
struct Row<'a> {
    org: Link<'a>,
    marks: Vec<Mark<'a>>,
    /// The highest stack of marks on one date, for the row's height.
    depth: usize,
}

#[derive(Serialize)]
struct Tick {
    year: i32,
    pos: String,
}

pub(super) fn page(
    r: &Renderer<'_>,
    s: SubjectId,
    ctx: &mut Context,
) -> Result<&'static str, Diagnostic> {
    let site = r.site;
    let subject = &site.subjects[s];
    let dates: Vec<NaiveDate> = subject.items.iter().map(|i| site.item_date(*i)).collect();
    let scale = Scale::new(&dates);
    let rows: Vec<Row> = subject
        .orgs
        .iter()
        .map(|o| {
            (
                o,
                marks(
                    r,
                    &scale,
                    subject
                        .items
                        .iter()
                        .filter(|i| site.meeting_of(**i).org == *o),
                ),
            )
        })
        .map(|(o, marks)| Row {
            depth: marks.iter().map(|m| m.level).max().unwrap_or(0),
            org: Link {
                title: &site.orgs[*o].name,
                url: &site.orgs[*o].url,
            },
            marks,
        })
        .collect();
    ctx.insert("subject", &summary(site, s));
    ctx.insert("terms", &subject.terms);
    ctx.insert("rows", &rows);
    ctx.insert("ticks", &scale.ticks());
    ctx.insert(
        "events",
        &r.listed(subject.items.iter().rev().copied(), None)?,
    );
    Ok("topic.html")
}

/// The marks of one row. Items of one date stack upwards (`level`), so each stays a visible,
/// focusable mark instead of hiding under the other.
fn marks<'a>(
    r: &Renderer<'a>,
    scale: &Scale,
    items: impl Iterator<Item = &'a ItemId>,
) -> Vec<Mark<'a>> {
    let site = r.site;
    let mut seen: std::collections::HashMap<NaiveDate, usize> = std::collections::HashMap::new();
    items
        .map(|i| {
            let date = site.item_date(*i);
            let level = seen.entry(date).or_default();
            *level += 1;
            let item = &site.items[*i];
            let day = &r.views.meeting_strings(item.meeting).date.text;
            let body = &site.bodies[site.meetings[item.meeting].body].name;
            Mark {
                pos: scale.percent(date),
                level: *level - 1,
                url: &item.url,
                outcome: item
                    .meta
                    .outcome
                    .as_ref()
                    .map_or("none", |o| o.kind().as_str()),
                label: format!(
                    "{}, {}: § {} {}",
                    day, body, item.meta.number, item.meta.title
                ),
            }
        })
        .collect()
}

/// Maps dates onto 0–100 % of the timeline, padded by a month on each side so marks at the
/// ends stay inside.
struct Scale {
    start: NaiveDate,
    days: i64,
}

impl Scale {
    fn new(dates: &[NaiveDate]) -> Scale {
        let min = dates.iter().min().copied().unwrap_or_default();
        let max = dates.iter().max().copied().unwrap_or(min);
        let start = min - chrono::Days::new(31);
        let end = max + chrono::Days::new(31);
        Scale {
            start,
            days: (end - start).num_days().max(1),
        }
    }

    fn percent(&self, date: NaiveDate) -> String {
        let p = (date - self.start).num_days() as f64 * 100.0 / self.days as f64;
        format!("{:.1}", p.clamp(0.0, 100.0))
    }

    /// A tick at the start of each year inside the range, and the first year at 0 %.
    fn ticks(&self) -> Vec<Tick> {
        let end = self.start + chrono::Days::new(self.days as u64);
        let mut ticks = vec![Tick {
            year: self.start.year(),
            pos: "0.0".into(),
        }];
        for year in self.start.year() + 1..=end.year() {
            if let Some(jan1) = NaiveDate::from_ymd_opt(year, 1, 1) {
                ticks.push(Tick {
                    year,
                    pos: self.percent(jan1),
                });
            }
        }
        ticks
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_places_dates_and_years() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        let s = Scale::new(&[d(2024, 12, 5), d(2025, 4, 15)]);
        let (a, b) = (s.percent(d(2024, 12, 5)), s.percent(d(2025, 4, 15)));
        assert!(
            a.parse::<f64>().unwrap() > 0.0 && b.parse::<f64>().unwrap() < 100.0,
            "{a} {b}"
        );
        let years: Vec<i32> = s.ticks().iter().map(|t| t.year).collect();
        assert_eq!(years, [2024, 2025]);
        let one = Scale::new(&[d(2024, 12, 5)]);
        assert_eq!(one.percent(d(2024, 12, 5)), "50.0");
    }
}
