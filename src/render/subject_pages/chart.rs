//! The chart of a subject page: its items counted per month, quarter or year (by how long the
//! subject runs) and per organization, one row of bars per organization in inline SVG on a
//! shared scale, with year labels spaced so that they never run together. It is a picture
//! (`role="img"` with a summary); the counts per year are the table beside it.
//!
//! ```text
//! Region Dalarna     ▁▃▂▅▁▂▃▇▂▁…   one bar per quarter, one path per row
//! Region Gävleborg   ▂▁▃▂▁▅▂▁▃▂…
//!                    2015    2017    2019 …   a label only where it has room
//! ```
//!
//! Its size does not grow with the number of items: a row is one `<path>` of at most one
//! segment per bin, so a subject of 10,000 items draws as few elements as one of 100.

use crate::site::{OrgId, Site, SubjectId};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// What one bar counts: chosen so that a subject has between a dozen and about sixty bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(super) enum Bin {
    Month,
    Quarter,
    Year,
}

/// Up to this many months from the first item to the last, a bar is a month ...
const MONTHS_BY_MONTH: i32 = 36;
/// ... up to this many, a quarter; beyond, a year.
const MONTHS_BY_QUARTER: i32 = 15 * 12;

/// Width of one bin in the SVG's units; a bar is [`BAR`] of it, so bars never touch.
const BIN_WIDTH: usize = 10;
const BAR: usize = 8;

/// The least distance between two year labels, in percent of the chart's width: on a phone
/// (about 16 rem of chart) and from 40 rem of screen on. A label is about 2.3 rem wide.
const NARROW_GAP: f64 = 16.0;
const WIDE_GAP: f64 = 7.5;

impl Bin {
    fn for_span(first: NaiveDate, last: NaiveDate) -> Bin {
        let months = month_number(last) - month_number(first);
        if months <= MONTHS_BY_MONTH {
            Bin::Month
        } else if months <= MONTHS_BY_QUARTER {
            Bin::Quarter
        } else {
            Bin::Year
        }
    }

    /// The bin of `date`, counted from year 0.
    fn of(self, date: NaiveDate) -> i32 {
        match self {
            Bin::Month => month_number(date),
            Bin::Quarter => date.year() * 4 + date.month0() as i32 / 3,
            Bin::Year => date.year(),
        }
    }
}

fn month_number(date: NaiveDate) -> i32 {
    date.year() * 12 + date.month0() as i32
}

#[derive(Debug, Serialize)]
pub(super) struct Chart<'a> {
    pub bin: Bin,
    /// The SVG's `viewBox`: a bin is [`BIN_WIDTH`] wide, and the highest bar is `height`.
    pub width: usize,
    pub height: usize,
    /// A bar's stroke width, in the same units.
    pub bar: usize,
    pub rows: Vec<Row<'a>>,
    pub labels: Vec<Label>,
    pub first_year: i32,
    pub last_year: i32,
}

#[derive(Debug, Serialize)]
pub(super) struct Row<'a> {
    pub org: &'a str,
    pub items: usize,
    /// One vertical stroke per bin that has items: `M15 31V24M25 31V12`.
    pub path: String,
}

#[derive(Debug, PartialEq, Serialize)]
pub(super) struct Label {
    pub year: i32,
    /// Where the year starts, in percent of the chart's width.
    pub pos: String,
    /// Shown on a phone too; the others only where the chart is wide.
    pub narrow: bool,
}

impl<'a> Chart<'a> {
    /// The chart of subject `s`; `None` for a subject without items.
    pub(super) fn new(site: &'a Site, s: SubjectId) -> Option<Chart<'a>> {
        let subject = &site.subjects[s];
        let dated: Vec<(OrgId, NaiveDate)> = subject
            .items
            .iter()
            .map(|i| (site.meeting_of(*i).org, site.item_date(*i)))
            .collect();
        // Items are sorted by date, oldest first.
        let (first, last) = (dated.first()?.1, dated.last()?.1);
        let bin = Bin::for_span(first, last);
        let start = bin.of(first);
        let bins = (bin.of(last) - start + 1) as usize;
        let counts: Vec<Vec<usize>> = subject
            .orgs
            .iter()
            .map(|o| {
                let mut counts = vec![0; bins];
                for (_, date) in dated.iter().filter(|(org, _)| org == o) {
                    counts[(bin.of(*date) - start) as usize] += 1;
                }
                counts
            })
            .collect();
        let height = counts.iter().flatten().copied().max().unwrap_or(1).max(1);
        let rows = subject
            .orgs
            .iter()
            .zip(&counts)
            .map(|(o, counts)| Row {
                org: &site.orgs[*o].name,
                items: counts.iter().sum(),
                path: bars(counts, height),
            })
            .collect();
        Some(Chart {
            bin,
            width: bins * BIN_WIDTH,
            height,
            bar: BAR,
            rows,
            labels: labels(&year_starts(first, last, bin)),
            first_year: first.year(),
            last_year: last.year(),
        })
    }
}

/// The bars of one row as one path: a stroke [`BAR`] wide from the baseline up, per bin.
fn bars(counts: &[usize], height: usize) -> String {
    let mut path = String::new();
    for (k, n) in counts.iter().enumerate().filter(|(_, n)| **n > 0) {
        let x = k * BIN_WIDTH + BIN_WIDTH / 2;
        path.push_str(&format!("M{x} {height}V{}", height - n));
    }
    path
}

/// Each year of the chart of `first` to `last` with where it starts, in percent of the
/// width: the first year at 0, the others at their January.
fn year_starts(first: NaiveDate, last: NaiveDate, bin: Bin) -> Vec<(i32, f64)> {
    let start = bin.of(first);
    let bins = f64::from(bin.of(last) - start + 1);
    let at = |year: i32| {
        let january = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(first);
        f64::from(bin.of(january) - start) * 100.0 / bins
    };
    let later = (first.year() + 1..=last.year()).map(|y| (y, at(y)));
    std::iter::once((first.year(), 0.0)).chain(later).collect()
}

/// The labels of `years` (year, where it starts): each kept only where it has room after the
/// one before it and before the chart's end, on a phone ([`NARROW_GAP`]) or only on a wider
/// screen ([`WIDE_GAP`]). The first year, at the chart's start, gives way to the second when
/// that begins within the smaller gap (a chart from December 2014 read "20142015").
fn labels(years: &[(i32, f64)]) -> Vec<Label> {
    let mut out: Vec<Label> = Vec::new();
    let (mut last_narrow, mut last_wide) = (f64::NEG_INFINITY, f64::NEG_INFINITY);
    for (k, &(year, at)) in years.iter().enumerate() {
        let next = years.get(k + 1).map(|(_, next)| *next);
        let fits = |gap: f64, before: f64| {
            let after = k > 0 || next.is_none_or(|next| next - at >= WIDE_GAP);
            at - before >= gap && at + gap <= 100.0 + 1e-9 && after
        };
        let narrow = fits(NARROW_GAP, last_narrow);
        if narrow || fits(WIDE_GAP, last_wide) {
            out.push(Label {
                year,
                pos: format!("{at:.1}"),
                narrow,
            });
            last_wide = at;
            if narrow {
                last_narrow = at;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_bin_follows_the_span() {
        assert_eq!(Bin::for_span(d(2024, 11, 20), d(2024, 12, 3)), Bin::Month);
        assert_eq!(Bin::for_span(d(2022, 1, 1), d(2024, 12, 31)), Bin::Month);
        assert_eq!(Bin::for_span(d(2015, 1, 8), d(2025, 12, 17)), Bin::Quarter);
        assert_eq!(Bin::for_span(d(1990, 1, 8), d(2025, 12, 17)), Bin::Year);
        assert_eq!(
            Bin::Quarter.of(d(2015, 3, 31)) + 1,
            Bin::Quarter.of(d(2015, 4, 1))
        );
    }

    #[test]
    fn bars_rise_from_the_baseline_and_skip_empty_bins() {
        assert_eq!(bars(&[2, 0, 5], 5), "M5 5V3M25 5V0");
        assert_eq!(bars(&[0, 0], 1), "");
    }

    fn shown(labels: &[Label], narrow: bool) -> Vec<i32> {
        labels
            .iter()
            .filter(|l| l.narrow || !narrow)
            .map(|l| l.year)
            .collect()
    }

    #[test]
    fn year_labels_never_crowd() {
        // Eleven years by quarter: every year on a wide screen, every other one on a phone.
        let labels = labels(&year_starts(d(2015, 1, 8), d(2025, 12, 17), Bin::Quarter));
        assert_eq!(shown(&labels, false), (2015..=2025).collect::<Vec<_>>());
        assert_eq!(shown(&labels, true), [2015, 2017, 2019, 2021, 2023]);
        for pair in labels.windows(2) {
            let at = |l: &Label| l.pos.parse::<f64>().unwrap();
            assert!(at(&pair[1]) - at(&pair[0]) >= WIDE_GAP, "{pair:?}");
        }
    }

    /// Issue 14: where the chart began in December 2014, the labels of 2014 and 2015 ran
    /// together ("20142015").
    #[test]
    fn the_first_year_gives_way_to_the_second() {
        let long = labels(&year_starts(d(2014, 12, 2), d(2025, 12, 17), Bin::Quarter));
        assert_eq!(long[0].year, 2015);
        assert_eq!(shown(&long, true), [2015, 2017, 2019, 2021, 2023]);
        // Room for both: both.
        let short = labels(&year_starts(d(2024, 11, 20), d(2025, 4, 15), Bin::Month));
        assert_eq!(shown(&short, true), [2024, 2025]);
        assert_eq!(short[1].pos, "33.3");
        // One month: one label.
        let one = labels(&year_starts(d(2024, 12, 3), d(2024, 12, 5), Bin::Month));
        assert_eq!(
            one,
            [Label {
                year: 2024,
                pos: "0.0".into(),
                narrow: true
            }]
        );
    }

    #[test]
    fn a_row_of_ten_thousand_items_is_one_path_of_at_most_one_bar_a_bin() {
        let counts = vec![250; 44];
        let path = bars(&counts, 250);
        assert_eq!(path.matches('M').count(), 44);
        assert!(path.len() < 44 * 14, "{}", path.len());
    }
}
