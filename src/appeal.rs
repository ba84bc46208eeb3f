//! The appeal window of a decision (laglighetsprövning, kommunallagen 13 kap. 5 §): a member
//! of the municipality or region may appeal within three weeks from the day the notice that
//! the protocol was approved (justerat) was posted on the official notice board. A period
//! that ends on a Saturday, Sunday or public holiday, or on midsommarafton, julafton or
//! nyårsafton, ends on the next working day instead (lag (1930:173) om beräkning av
//! lagstadgad tid, 2 §).
//!
//! ```text
//! posted 2024-12-03 (Tue)   + 3 weeks = 2024-12-24 julafton → 25, 26 holidays → 2024-12-27
//! printed `Sista dag för överklagande 2018-04-24`           → 2018-04-24 (the print wins)
//! ```
//!
//! The Swedish holiday calendar is computed (Easter by the Gregorian computus), so nothing is
//! fetched at run time.

use crate::model::{MeetingKind, MeetingMeta, OutcomeKind};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Timelike, Utc, Weekday};

/// Where a decision's appeal window stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Window {
    /// Appeals are still possible up to and including `until`.
    Open { until: NaiveDate },
    /// The last day was `ended`.
    Closed { ended: NaiveDate },
    /// Neither the posting day nor a last day is known.
    Unknown,
}

/// Where the last day comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    Printed,
    Computed,
}

/// The last day to appeal: the printed one when the protocol gives it, else three weeks from
/// the posting day, moved past holidays and weekends.
pub fn last_day(
    posted: Option<NaiveDate>,
    printed: Option<NaiveDate>,
) -> Option<(NaiveDate, Source)> {
    if let Some(d) = printed {
        return Some((d, Source::Printed));
    }
    posted.map(|p| (next_working_day(p + Duration::weeks(3)), Source::Computed))
}

/// The window as of `today` (the day the site is built: pages say "as of" it).
pub fn window(posted: Option<NaiveDate>, printed: Option<NaiveDate>, today: NaiveDate) -> Window {
    match last_day(posted, printed) {
        Some((until, _)) if until >= today => Window::Open { until },
        Some((ended, _)) => Window::Closed { ended },
        None => Window::Unknown,
    }
}

/// What a protocol says of its appeal window, as of the day the site is built: the graph
/// keeps it on each protocol meeting, so a page that shows an open window is made again on
/// the next build after the day it names (see [`Appeal::as_of`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Appeal {
    /// The last day, and whether the protocol printed it or it was computed.
    pub last_day: Option<(NaiveDate, Source)>,
    pub window: Window,
    /// The day the window was judged open: set only while it is, since a closed or unknown
    /// window stays so whatever the day (a later edit of the content changes the meeting).
    pub as_of: Option<NaiveDate>,
}

impl Appeal {
    /// The appeal window of a meeting: only a protocol records decisions that can be
    /// appealed; an agenda's proposals and a report's sections cannot.
    pub fn of(meta: &MeetingMeta, today: NaiveDate) -> Option<Appeal> {
        if meta.kind != MeetingKind::Protokoll {
            return None;
        }
        let window = window(meta.posted, meta.appeal_deadline, today);
        Some(Appeal {
            last_day: last_day(meta.posted, meta.appeal_deadline),
            window,
            as_of: matches!(window, Window::Open { .. }).then_some(today),
        })
    }
}

/// Whether an item with this outcome is a decision a member of the municipality can appeal.
/// A proposal to a higher body, a referral back and a postponement prepare a decision that is
/// taken later (kommunallagen 13 kap. 2 §: such decisions cannot be appealed), and a report
/// noted decides nothing.
pub fn appealable(outcome: Option<OutcomeKind>) -> bool {
    matches!(outcome, Some(OutcomeKind::Decided | OutcomeKind::Rejected))
}

/// The day the site is built, in Swedish time: `SOURCE_DATE_EPOCH` (seconds since 1970, the
/// reproducible-builds convention) when set, else the clock. `Err` names a malformed value.
pub fn today() -> Result<NaiveDate, String> {
    Ok(swedish_date(now()?))
}

/// The instant of the run: `SOURCE_DATE_EPOCH` when set, else the clock (see [`today`]).
pub fn now() -> Result<DateTime<Utc>, String> {
    Ok(match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => v
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|s| DateTime::from_timestamp(s, 0))
            .ok_or_else(|| {
                format!("SOURCE_DATE_EPOCH=`{v}` is not a number of seconds since 1970")
            })?,
        Err(_) => Utc::now(),
    })
}

/// The calendar day in Sweden at `instant`: UTC+1, and UTC+2 from 01:00 UTC on the last Sunday
/// of March to 01:00 UTC on the last Sunday of October (the EU rule), so a build just before
/// midnight in Stockholm does not call the deadline day over.
pub fn swedish_date(instant: DateTime<Utc>) -> NaiveDate {
    let (summer_from, summer_until) = summer_time(instant.year());
    let summer_from = summer_from.and_hms_opt(1, 0, 0).expect("valid time");
    let summer_until = summer_until.and_hms_opt(1, 0, 0).expect("valid time");
    let utc = instant.naive_utc();
    let offset = if utc >= summer_from && utc < summer_until {
        2
    } else {
        1
    };
    let local = utc + Duration::hours(offset);
    debug_assert!(local.hour() < 24);
    local.date()
}

/// The days Swedish summer time (UTC+2) starts and ends in `year`: the last Sundays of March
/// and October (at 01:00 UTC).
pub fn summer_time(year: i32) -> (NaiveDate, NaiveDate) {
    let last_sunday = |month: u32| {
        let first_of_next = NaiveDate::from_ymd_opt(year, month + 1, 1).expect("valid month");
        let back = first_of_next.pred_opt().expect("a day before");
        back - Duration::days(i64::from(back.weekday().num_days_from_sunday()))
    };
    (last_sunday(3), last_sunday(10))
}

/// The UTC offset of Swedish time during the working day of `date`, as ISO 8601 writes it.
pub fn swedish_offset(date: NaiveDate) -> &'static str {
    let (from, until) = summer_time(date.year());
    if date >= from && date < until {
        "+02:00"
    } else {
        "+01:00"
    }
}

/// `day`, or the first day after it that is neither a weekend, a public holiday nor one of the
/// eves the law counts with them.
pub fn next_working_day(mut day: NaiveDate) -> NaiveDate {
    while !is_working_day(day) {
        day += Duration::days(1);
    }
    day
}

pub fn is_working_day(day: NaiveDate) -> bool {
    !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && holiday(day).is_none()
}

/// The name of the public holiday (or eve counted as one) on `day`, if any.
pub fn holiday(day: NaiveDate) -> Option<&'static str> {
    let (y, m, d) = (day.year(), day.month(), day.day());
    let fixed = match (m, d) {
        (1, 1) => Some("nyårsdagen"),
        (1, 6) => Some("trettondedag jul"),
        (5, 1) => Some("första maj"),
        (6, 6) => Some("Sveriges nationaldag"),
        (12, 24) => Some("julafton"),
        (12, 25) => Some("juldagen"),
        (12, 26) => Some("annandag jul"),
        (12, 31) => Some("nyårsafton"),
        _ => None,
    };
    if fixed.is_some() {
        return fixed;
    }
    let easter = easter_sunday(y)?;
    let from_easter = (day - easter).num_days();
    let moving = match from_easter {
        -2 => Some("långfredagen"),
        0 => Some("påskdagen"),
        1 => Some("annandag påsk"),
        39 => Some("Kristi himmelsfärdsdag"),
        49 => Some("pingstdagen"),
        _ => None,
    };
    if moving.is_some() {
        return moving;
    }
    // Midsommardagen is the Saturday from 20 to 26 June, its eve the day before; alla
    // helgons dag the Saturday from 31 October to 6 November.
    let saturday = day.weekday() == Weekday::Sat;
    match (m, d) {
        (6, 20..=26) if saturday => Some("midsommardagen"),
        (6, 19..=25) if day.weekday() == Weekday::Fri => Some("midsommarafton"),
        (10, 31) | (11, 1..=6) if saturday => Some("alla helgons dag"),
        _ => None,
    }
}

/// Easter Sunday of the Gregorian calendar (the anonymous computus).
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn easter_in_known_years() {
        for (year, day) in [
            (2000, "2000-04-23"),
            (2008, "2008-03-23"),
            (2019, "2019-04-21"),
            (2024, "2024-03-31"),
            (2025, "2025-04-20"),
            (2026, "2026-04-05"),
            (2038, "2038-04-25"),
        ] {
            assert_eq!(easter_sunday(year), Some(d(day)), "{year}");
        }
    }

    #[test]
    fn the_holidays_of_2025() {
        let named: Vec<(String, &str)> = (0..365)
            .map(|k| d("2025-01-01") + Duration::days(k))
            .filter_map(|day| holiday(day).map(|h| (day.to_string(), h)))
            .collect();
        let want = [
            ("2025-01-01", "nyårsdagen"),
            ("2025-01-06", "trettondedag jul"),
            ("2025-04-18", "långfredagen"),
            ("2025-04-20", "påskdagen"),
            ("2025-04-21", "annandag påsk"),
            ("2025-05-01", "första maj"),
            ("2025-05-29", "Kristi himmelsfärdsdag"),
            ("2025-06-06", "Sveriges nationaldag"),
            ("2025-06-08", "pingstdagen"),
            ("2025-06-20", "midsommarafton"),
            ("2025-06-21", "midsommardagen"),
            ("2025-11-01", "alla helgons dag"),
            ("2025-12-24", "julafton"),
            ("2025-12-25", "juldagen"),
            ("2025-12-26", "annandag jul"),
            ("2025-12-31", "nyårsafton"),
        ];
        let named: Vec<(&str, &str)> = named.iter().map(|(a, b)| (a.as_str(), *b)).collect();
        assert_eq!(named, want);
    }

    /// Posting day → last day, over weekend and holiday edges.
    #[test]
    fn three_weeks_moved_past_holidays_and_weekends() {
        for (posted, last) in [
            ("2025-03-17", "2025-04-07"), // Monday to Monday
            ("2024-04-23", "2024-05-14"), // an ordinary Tuesday
            ("2025-03-29", "2025-04-22"), // Saturday (påskafton), Easter Sunday and Monday
            ("2024-12-03", "2024-12-27"), // julafton, juldagen, annandag jul
            ("2024-12-10", "2025-01-02"), // nyårsafton, nyårsdagen
            ("2025-05-08", "2025-05-30"), // Kristi himmelsfärdsdag
            ("2025-05-30", "2025-06-23"), // midsommarafton, then the weekend
            ("2025-05-16", "2025-06-09"), // nationaldagen on a Friday, then the weekend
            ("2023-12-16", "2024-01-08"), // trettondedag jul on a Saturday, then Sunday
            ("2025-10-11", "2025-11-03"), // alla helgons dag (Saturday), then Sunday
        ] {
            assert_eq!(
                last_day(Some(d(posted)), None),
                Some((d(last), Source::Computed)),
                "posted {posted}"
            );
        }
    }

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn the_day_in_sweden_around_midnight_and_the_clock_changes() {
        for (instant, day) in [
            ("2025-01-15T22:59:59Z", "2025-01-15"), // winter: UTC+1
            ("2025-01-15T23:00:00Z", "2025-01-16"),
            ("2025-07-15T21:59:59Z", "2025-07-15"), // summer: UTC+2
            ("2025-07-15T22:00:00Z", "2025-07-16"),
            ("2025-03-30T00:59:59Z", "2025-03-30"), // the March change, last Sunday 30 March
            ("2025-03-29T22:30:00Z", "2025-03-29"), // still winter the evening before
            ("2025-10-25T22:30:00Z", "2025-10-26"), // still summer the evening before 26 October
            ("2025-10-26T22:30:00Z", "2025-10-26"), // winter again
            ("2025-12-31T23:30:00Z", "2026-01-01"),
        ] {
            assert_eq!(swedish_date(at(instant)), d(day), "{instant}");
        }
    }

    #[test]
    fn only_protocols_have_a_window_and_only_while_open_does_it_name_a_day() {
        let mut meta: MeetingMeta = crate::content::frontmatter::deserialize_file(
            std::path::Path::new("_index.md"),
            "organization: A\nbody: B\ndate: 2025-03-10\nkind: protokoll\n",
        )
        .unwrap();
        meta.posted = Some(d("2025-03-17"));
        let open = Appeal::of(&meta, d("2025-04-01")).unwrap();
        assert_eq!(open.as_of, Some(d("2025-04-01")));
        assert_eq!(open.last_day, Some((d("2025-04-07"), Source::Computed)));
        let closed = Appeal::of(&meta, d("2025-05-01")).unwrap();
        assert_eq!(closed.as_of, None);
        assert_eq!(closed, Appeal::of(&meta, d("2030-01-01")).unwrap());
        meta.kind = MeetingKind::Dagordning;
        assert_eq!(Appeal::of(&meta, d("2025-04-01")), None);
    }

    #[test]
    fn decisions_can_be_appealed_preparations_cannot() {
        assert!(appealable(Some(OutcomeKind::Decided)));
        assert!(appealable(Some(OutcomeKind::Rejected)));
        for o in [
            OutcomeKind::Proposed,
            OutcomeKind::Noted,
            OutcomeKind::ReferredBack,
            OutcomeKind::Postponed,
        ] {
            assert!(!appealable(Some(o)), "{o:?}");
        }
        assert!(!appealable(None));
    }

    #[test]
    fn a_printed_last_day_wins_and_windows_say_as_of_when() {
        let printed = Some(d("2018-04-24"));
        assert_eq!(
            last_day(Some(d("2018-03-07")), printed),
            Some((d("2018-04-24"), Source::Printed))
        );
        let posted = Some(d("2025-03-17"));
        assert_eq!(
            window(posted, None, d("2025-04-07")),
            Window::Open {
                until: d("2025-04-07")
            }
        );
        assert_eq!(
            window(posted, None, d("2025-04-08")),
            Window::Closed {
                ended: d("2025-04-07")
            }
        );
        assert_eq!(window(None, None, d("2025-04-08")), Window::Unknown);
    }
}
