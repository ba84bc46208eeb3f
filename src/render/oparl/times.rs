//! `created` and `modified` of the objects made from content files, from the content's own
//! history: a meeting was created when import first wrote it (`source.imported`, kept by
//! every re-import), and a file was modified when it last changed on disk. An object made of
//! several files was created with the first and modified with the last of them. Objects the
//! law or the other objects define (mandate periods, memberships, party groups) carry
//! neither.

use crate::site::{ItemId, MeetingId, Site};
use chrono::DateTime;
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Times {
    created: i64,
    modified: i64,
}

impl Times {
    fn new(created: i64, modified: i64) -> Times {
        // A file copied or checked out keeps no older time than its import's.
        Times {
            created: created.min(modified),
            modified,
        }
    }

    /// The meeting's own file.
    pub(super) fn of_meeting(site: &Site, m: MeetingId) -> Times {
        Times::new(site.meeting_created(m), site.meeting_modified(m))
    }

    /// An item's file, created with its meeting. Not modified with it: the meeting file's
    /// own time is not read, so that an edit of its text reaches no item's object.
    pub(super) fn of_item(site: &Site, i: ItemId) -> Times {
        let created = site.meeting_created(site.items[i].meeting);
        Times::new(created, site.item_modified(i))
    }

    /// A meeting file and its items' files.
    pub(super) fn of_document(site: &Site, m: MeetingId) -> Times {
        let own = Times::of_meeting(site, m);
        let items = site.meetings[m]
            .items
            .iter()
            .map(|i| Times::of_item(site, *i));
        Times::span(std::iter::once(own).chain(items)).unwrap_or(own)
    }

    /// From the first creation to the last change; `None` for no times.
    pub(super) fn span(all: impl IntoIterator<Item = Times>) -> Option<Times> {
        all.into_iter().reduce(|a, b| Times {
            created: a.created.min(b.created),
            modified: a.modified.max(b.modified),
        })
    }

    /// Writes `created` and `modified` into the object, as UTC date-times.
    pub(super) fn stamp(self, object: &mut Value) {
        let (created, modified) = self.strings();
        object["created"] = created.into();
        object["modified"] = modified.into();
    }

    /// `created` and `modified`, as UTC date-times.
    pub(super) fn strings(self) -> (String, String) {
        (date_time(self.created), date_time(self.modified))
    }
}

/// RFC 3339 in UTC, as OParl's `date-time` format takes it.
fn date_time(seconds: i64) -> String {
    use chrono::{Datelike, Timelike};
    let t = DateTime::from_timestamp(seconds, 0).unwrap_or_default();
    // Written out rather than through `format`, which parses its pattern again for every
    // call: two stamps on every object made a tenth of the interface's rendering time.
    if (0..=9999).contains(&t.year()) {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            t.year(),
            t.month(),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        )
    } else {
        t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_span_runs_from_the_first_creation_to_the_last_change() {
        let all = [Times::new(10, 50), Times::new(5, 20), Times::new(30, 40)];
        assert_eq!(Times::span(all), Some(Times::new(5, 50)));
        assert_eq!(Times::span([]), None);
    }

    #[test]
    fn nothing_is_created_after_it_changed() {
        assert_eq!(Times::new(100, 60), Times::new(60, 60));
        let mut o = serde_json::json!({});
        Times::new(1734696000, 1734700000).stamp(&mut o);
        assert_eq!(o["created"], "2024-12-20T12:00:00Z");
        assert_eq!(o["modified"], "2024-12-20T13:06:40Z");
    }

    #[test]
    fn a_stamp_is_written_as_the_pattern_writes_it() {
        for seconds in [
            0,
            59,
            951_782_400,
            1_734_700_000,
            4_102_444_799,
            -1,
            253_402_300_800,
        ] {
            let pattern = DateTime::from_timestamp(seconds, 0)
                .unwrap()
                .format("%Y-%m-%dT%H:%M:%SZ")
                .to_string();
            assert_eq!(date_time(seconds), pattern, "{seconds}");
        }
    }
}
