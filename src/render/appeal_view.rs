//! What a page says of a decision's appeal window (see [`crate::appeal`]): the last day, where
//! it comes from, and whether it is open as of the build day, for the `appeal` component.

use super::dates::DateView;
use crate::appeal::{Source, Window};
use crate::site::{CaseId, ItemId, MeetingId, Site};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct AppealView {
    /// `open`, `closed` or `unknown`.
    pub status: &'static str,
    pub last_day: Option<DateView>,
    /// The protocol printed the last day (else it was computed from `posted`).
    pub printed: bool,
    /// The day the notice was posted, which the computed last day counts from.
    pub posted: Option<DateView>,
    /// The build day, named only while the window is open: a page made today must not claim
    /// tomorrow that it still is.
    pub as_of: Option<DateView>,
}

/// The window of a protocol meeting; `None` for agendas and reports.
pub fn meeting(site: &Site, m: MeetingId) -> Option<AppealView> {
    let meeting = &site.meetings[m];
    let appeal = meeting.appeal?;
    let lang = site.config.language;
    let day = |d| DateView::new(d, lang);
    Some(AppealView {
        status: match appeal.window {
            Window::Open { .. } => "open",
            Window::Closed { .. } => "closed",
            Window::Unknown => "unknown",
        },
        last_day: appeal.last_day.map(|(d, _)| day(d)),
        printed: matches!(appeal.last_day, Some((_, Source::Printed))),
        posted: meeting.meta.posted.map(day),
        as_of: appeal.as_of.map(day),
    })
}

/// The window of an item that is a decision which can be appealed (see
/// [`crate::appeal::appealable`]).
pub fn item(site: &Site, i: ItemId) -> Option<AppealView> {
    can_be_appealed(site, i)
        .then(|| meeting(site, site.items[i].meeting))
        .flatten()
}

/// A decision (not the meeting's own procedure, see [`Site::is_decision`]) whose outcome can
/// be appealed.
fn can_be_appealed(site: &Site, i: ItemId) -> bool {
    let outcome = site.items[i].meta.outcome.as_ref().map(|o| o.kind());
    crate::appeal::appealable(outcome) && site.is_decision(i)
}

/// The case's latest appealable decision and its window: what a reader of the case asks.
pub fn case(site: &Site, c: CaseId) -> Option<(ItemId, AppealView)> {
    site.cases[c]
        .appearances
        .iter()
        .rev()
        .find_map(|i| item(site, *i).map(|view| (*i, view)))
}

/// Where the list of open windows is published.
pub const URL: &str = "overklaga/";

/// The decisions whose window is open, newest meeting first: the feed of `/overklaga/`.
pub fn open_items(site: &Site) -> Vec<ItemId> {
    open_meetings(site)
        .into_iter()
        .rev()
        .flat_map(|(m, _)| appealable_items(site, m))
        .collect()
}

/// Protocols whose window is open, the one that closes first first, with its last day.
fn open_meetings(site: &Site) -> Vec<(MeetingId, chrono::NaiveDate)> {
    let mut open: Vec<(MeetingId, chrono::NaiveDate)> = site
        .meetings
        .enumerate()
        .filter_map(|(m, meeting)| match meeting.appeal?.window {
            Window::Open { until } => Some((m, until)),
            _ => None,
        })
        .collect();
    open.sort_by_key(|(m, until)| (*until, site.meetings[*m].meta.date, *m));
    open
}

fn appealable_items(site: &Site, m: MeetingId) -> Vec<ItemId> {
    site.meetings[m]
        .items
        .iter()
        .copied()
        .filter(|i| can_be_appealed(site, *i))
        .collect()
}

#[derive(Serialize)]
struct OpenMeeting<'a> {
    meeting: tera::Value,
    appeal: Option<AppealView>,
    decisions: Vec<super::views::ItemHead<'a>>,
}

/// `/overklaga/`: every open window, soonest to close first, with its decisions; how many
/// protocols do not say when they were posted; and the rule.
pub(super) fn page(
    r: &super::Renderer<'_>,
    ctx: &mut tera::Context,
) -> Result<&'static str, crate::diag::Diagnostic> {
    let site = r.site;
    let open: Vec<OpenMeeting> = open_meetings(site)
        .into_iter()
        .map(|(m, _)| OpenMeeting {
            meeting: r.views.meeting_value(m),
            appeal: meeting(site, m),
            decisions: appealable_items(site, m)
                .into_iter()
                .map(|i| r.views.item_head(i))
                .collect(),
        })
        .collect();
    let unknown = site
        .meetings
        .iter()
        .filter(|m| matches!(m.appeal, Some(a) if a.window == Window::Unknown))
        .count();
    ctx.insert("open", &open);
    ctx.insert("unknown_count", &unknown);
    // The day is named only beside open windows (see [`AppealView::as_of`]); an empty list
    // stays true whatever the day, until the content changes.
    ctx.insert(
        "as_of",
        &(!open.is_empty()).then(|| DateView::new(site.config.today, site.config.language)),
    );
    Ok("appeals.html")
}
