//! iCalendar feeds (RFC 5545) of meetings: the whole site (`/kalender.ics`), an organization
//! and a body (`kalender.ics` beside their pages), for a calendar program to subscribe to.
//!
//! One event is one sitting of a body on one day: an agenda (kallelse) announces it before it
//! happens and the protocol records it after, so the two documents are one event, linked to
//! the protocol once there is one. Reports are not sittings and are left out. Events that
//! have not happened yet come first, soonest first, then the latest past ones: a calendar
//! holds every upcoming meeting and the [`PAST`] latest, so that a subscription to an
//! archive of ten thousand meetings stays small.
//!
//! Written by hand rather than with a crate: the format is a few escaped, folded lines, and
//! the tests read every file back with a real parser.

use super::Page;
use crate::config::Language;
use crate::model::MeetingKind;
use crate::site::reads::{self, Kind, Read};
use crate::site::{MeetingId, Site};
use chrono::NaiveDate;
use regex::Regex;
use std::fmt::Write;
use std::sync::LazyLock;

/// Past sittings a calendar keeps, newest first, after every upcoming one.
pub const PAST: usize = 100;

/// The file name of a calendar beside its page.
pub const FILE: &str = "kalender.ics";

/// Europe/Stockholm as the EU has kept it since 1996: what `TZID=Europe/Stockholm` means.
const TIMEZONE: &str = "BEGIN:VTIMEZONE\r\nTZID:Europe/Stockholm\r\n\
BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\n\
DTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n\
BEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\n\
DTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n\
END:VTIMEZONE\r\n";

/// `kl. 09.00–12.00`, `09:00 - 11.30`, `13.15`: the start and, when printed, the end.
static CLOCK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b([01]?\d|2[0-3])[.:]([0-5]\d)(?:\s*(?:[-–—]+|till)\s*([01]?\d|2[0-3])[.:]([0-5]\d))?",
    )
    .expect("valid regex")
});

/// The start of a printed time (`kl. 09.00–12.00` → 9, 0).
pub(super) fn clock(time: &str) -> Option<(u32, u32)> {
    let c = CLOCK.captures(time)?;
    Some((c[1].parse().ok()?, c[2].parse().ok()?))
}

/// The calendar of `page` (one of the calendar pages).
pub(super) fn render(site: &Site, page: Page) -> String {
    let (name, meetings): (String, Vec<MeetingId>) = match page {
        Page::OrgCalendar(o) => {
            let org = &site.orgs[o];
            (org.name.clone(), org.meetings.clone())
        }
        Page::BodyCalendar(b) => {
            let body = &site.bodies[b];
            let org = &site.orgs[body.org];
            (
                format!("{}, {}", body.name, org.name),
                body.meetings.clone(),
            )
        }
        _ => (site.config.title.clone(), (site.meetings.ids()).collect()),
    };
    // Which sittings are upcoming depends on the day of the build.
    reads::note(Read::whole(Kind::Today));
    let sittings = order(sittings(site, &meetings), site.config.today);
    let mut out = String::with_capacity(1024 + sittings.len() * 400);
    out.push_str("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//diarium//diarium//SV\r\n");
    out.push_str("CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n");
    line(&mut out, "X-WR-CALNAME", &text(&name));
    line(&mut out, "X-WR-TIMEZONE", "Europe/Stockholm");
    out.push_str(TIMEZONE);
    for sitting in &sittings {
        event(&mut out, site, sitting);
    }
    out.push_str("END:VCALENDAR\r\n");
    out
}

/// The documents of one body's sitting on one day.
pub(super) struct Sitting {
    pub date: NaiveDate,
    /// Its documents, the protocol (if any) first.
    pub documents: Vec<MeetingId>,
}

/// The sittings of `meetings` (see [`Site::sitting`]), each once, in body and date order;
/// reports left out.
pub(super) fn sittings(site: &Site, meetings: &[MeetingId]) -> Vec<Sitting> {
    let mut out: Vec<Sitting> = meetings
        .iter()
        .filter_map(|&m| {
            let documents = site.sitting(m);
            (documents.first() == Some(&m)).then(|| Sitting {
                date: site.meetings[m].meta.date,
                documents,
            })
        })
        .collect();
    out.sort_by_key(|s| (site.meetings[s.documents[0]].body, s.date, s.documents[0]));
    out
}

/// Upcoming sittings (from `today` on), soonest first, then the [`PAST`] latest past ones.
fn order(sittings: Vec<Sitting>, today: NaiveDate) -> Vec<Sitting> {
    let key = |s: &Sitting| s.documents[0];
    let (mut upcoming, mut past): (Vec<Sitting>, Vec<Sitting>) =
        sittings.into_iter().partition(|s| s.date >= today);
    upcoming.sort_by_key(|s| (s.date, key(s)));
    past.sort_by_key(|s| (std::cmp::Reverse(s.date), key(s)));
    past.truncate(PAST);
    upcoming.extend(past);
    upcoming
}

fn event(out: &mut String, site: &Site, sitting: &Sitting) {
    let first = &site.meetings[sitting.documents[0]];
    let body = &site.bodies[first.body];
    let org = &site.orgs[first.org];
    let day = sitting.date.format("%Y%m%d");
    out.push_str("BEGIN:VEVENT\r\n");
    // The same sitting keeps its UID whatever the site's address or the documents it has.
    line(
        out,
        "UID",
        &format!("{day}-{}-{}@diarium", body.slug, org.slug),
    );
    // A stamp from the content, not the clock, so that a rebuild writes the same file.
    line(out, "DTSTAMP", &format!("{day}T000000Z"));
    let clock = sitting
        .documents
        .iter()
        .find_map(|m| site.meetings[*m].meta.time.as_deref())
        .and_then(|t| CLOCK.captures(t));
    match clock {
        Some(c) => {
            let at = |h: usize, m: usize| format!("{day}T{:0>2}{}00", &c[h], &c[m]);
            line(out, "DTSTART;TZID=Europe/Stockholm", &at(1, 2));
            if c.get(3).is_some() {
                line(out, "DTEND;TZID=Europe/Stockholm", &at(3, 4));
            }
        }
        None => {
            let next = sitting.date.succ_opt().unwrap_or(sitting.date);
            line(out, "DTSTART;VALUE=DATE", &day.to_string());
            line(out, "DTEND;VALUE=DATE", &next.format("%Y%m%d").to_string());
        }
    }
    line(
        out,
        "SUMMARY",
        &text(&format!("{} – {}", body.name, org.name)),
    );
    if let Some(place) = sitting
        .documents
        .iter()
        .find_map(|m| site.meetings[*m].meta.place.as_deref())
    {
        line(out, "LOCATION", &text(place));
    }
    // A link only when the site has an address: a bare path is no URI to a calendar.
    let url = site
        .config
        .base_url
        .contains("://")
        .then(|| site.config.absolute(&first.url));
    let items: usize = sitting
        .documents
        .iter()
        .map(|m| site.meetings[*m].items.len())
        .max()
        .unwrap_or(0);
    let swedish = site.config.language == Language::Swedish;
    let kinds: Vec<&str> = sitting
        .documents
        .iter()
        .map(|m| match (site.meetings[*m].meta.kind, swedish) {
            (MeetingKind::Protokoll, true) => "protokoll",
            (MeetingKind::Dagordning, true) => "kallelse",
            (MeetingKind::Rapport, true) => "rapport",
            (MeetingKind::Protokoll, false) => "minutes",
            (MeetingKind::Dagordning, false) => "agenda",
            (MeetingKind::Rapport, false) => "report",
        })
        .collect();
    let count = match (items, swedish) {
        (1, true) => "1 ärende".to_string(),
        (n, true) => format!("{n} ärenden"),
        (1, false) => "1 item".to_string(),
        (n, false) => format!("{n} items"),
    };
    let and = if swedish { " och " } else { " and " };
    let mut description = format!(
        "{}, {count}.",
        crate::swedish::upper_first(&kinds.join(and))
    );
    if let Some(url) = &url {
        description.push(' ');
        description.push_str(url);
    }
    line(out, "DESCRIPTION", &text(&description));
    if let Some(url) = &url {
        line(out, "URL", url);
    }
    line(out, "STATUS", "CONFIRMED");
    line(out, "TRANSP", "OPAQUE");
    out.push_str("END:VEVENT\r\n");
}

/// A TEXT value escaped (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// `NAME:value` folded at 75 octets (RFC 5545 3.1), never inside a UTF-8 character.
fn line(out: &mut String, name: &str, value: &str) {
    let whole = format!("{name}:{value}");
    let mut width = 0;
    for c in whole.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    let _ = write!(out, "\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        let mut out = String::new();
        line(&mut out, "SUMMARY", &"å".repeat(60));
        let lines: Vec<&str> = out.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert!(lines.iter().all(|l| l.len() <= 75), "{lines:?}");
        assert!(lines[1..].iter().all(|l| l.starts_with(' ')));
        let unfolded: String = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{}\r\n", "å".repeat(60)));
    }

    #[test]
    fn text_values_escape_what_separates_them() {
        assert_eq!(text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn clock_times_as_minutes_print_them() {
        let times = |t: &str| {
            CLOCK.captures(t).map(|c| {
                (1..=4)
                    .map(|i| c.get(i).map_or("", |m| m.as_str()).to_string())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
        };
        assert_eq!(times("kl. 09.00–12.00").as_deref(), Some("09 00 12 00"));
        assert_eq!(times("13:15 - 16.30").as_deref(), Some("13 15 16 30"));
        assert_eq!(times("kl 8.30").as_deref(), Some("8 30  "));
        assert_eq!(times("heldag"), None);
    }

    #[test]
    fn upcoming_sittings_come_first_then_the_latest_past() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let sitting = |date: &str, m: usize| Sitting {
            date: d(date),
            documents: vec![crate::site::MeetingId::new(m)],
        };
        let all = vec![
            sitting("2024-01-10", 0),
            sitting("2025-03-01", 1),
            sitting("2024-12-20", 2),
            sitting("2024-06-01", 3),
            sitting("2025-01-15", 4),
        ];
        let dates: Vec<String> = order(all, d("2024-12-20"))
            .iter()
            .map(|s| s.date.to_string())
            .collect();
        assert_eq!(
            dates,
            [
                "2024-12-20",
                "2025-01-15",
                "2025-03-01",
                "2024-06-01",
                "2024-01-10"
            ]
        );
    }
}
