//! Each page's own `<meta name="description">`: what a search engine or a shared link shows of
//! the page. One site-wide text on every page said nothing of any of them; each page here says
//! what it holds in one line (a meeting its decisions, an item its decision, a case its title
//! and where it stands), and pages with nothing of their own keep the site's.

use super::roles::RoleSummary;
use super::views::Views;
use super::Page;
use crate::site::{CaseId, ItemId, MeetingId, Site};

/// Search engines show about this many characters.
const MAX_CHARS: usize = 300;

/// The page's description, or `None` for the site's own.
pub(super) fn of(views: &Views<'_>, page: Page) -> Option<String> {
    let site = views.site;
    let text = match page {
        Page::Meeting(m) => meeting(views, m),
        Page::Item(i) => {
            let item = &site.items[i];
            format!(
                "§ {} {}: {}",
                item.meta.number,
                item.meta.title,
                views.summary(i)
            )
        }
        Page::Case(c) => case(views, c),
        Page::Body(b) => {
            let body = &site.bodies[b];
            let org = &site.orgs[body.org].name;
            let meetings = views.count(body.meetings.len(), "meeting");
            format!("{}, {org}: {meetings}", body.name)
        }
        Page::Org(o) => {
            let org = &site.orgs[o];
            let meetings = views.count(org.meetings.len(), "meeting");
            let cases = views.count(org.cases.len(), "case");
            format!("{}: {meetings}, {cases}", org.name)
        }
        Page::Person(p) => {
            let person = &site.people[p];
            let summary = RoleSummary::new(views, &person.roles);
            let party = person.party.as_ref().map(|x| format!(" ({x})"));
            format!(
                "{}{}: {}",
                person.name,
                party.unwrap_or_default(),
                summary.line()
            )
        }
        Page::Party(p) => {
            let party = &site.parties[p];
            let members = views.count(party.members.len(), "member");
            let summary = RoleSummary::of_party(views, p);
            format!(
                "{} ({}): {members}, {}",
                party.name,
                party.code,
                summary.line()
            )
        }
        Page::Subject(s) => subject(views, s),
        _ => return None,
    };
    Some(super::views::shorten(&text, MAX_CHARS))
}

/// `<meeting>: 17 ärenden, 13 beslut: <the first decisions' titles>`.
fn meeting(views: &Views<'_>, m: MeetingId) -> String {
    let site = views.site;
    let meeting = &site.meetings[m];
    let decisions: Vec<&str> = meeting
        .items
        .iter()
        .filter(|i| site.is_decision(**i))
        .map(|i| site.items[*i].meta.title.as_str())
        .collect();
    let title = &views.meeting_strings(m).title;
    let items = views.count(meeting.items.len(), "item");
    if decisions.is_empty() {
        return format!("{title}: {items}");
    }
    let count = views.count(decisions.len(), "decision");
    format!("{title}: {items}, {count}: {}", decisions.join("; "))
}

/// `<number> <title>: <its latest outcome>, <body>, <date>`.
fn case(views: &Views<'_>, c: CaseId) -> String {
    let site = views.site;
    let case = &site.cases[c];
    let Some(&latest) = case.appearances.last().or(case.mentioned_in.last()) else {
        return case.number.clone();
    };
    let item = &site.items[latest];
    let meeting = site.meeting_of(latest);
    let status = views
        .item_head(latest)
        .outcome
        .map(|o| format!("{}, ", o.label))
        .unwrap_or_default();
    format!(
        "{} {}: {status}{}, {}",
        case.number,
        item.meta.title,
        site.bodies[meeting.body].name,
        views.meeting_strings(item.meeting).date.text
    )
}

/// `<name>: 12 ärenden, Region A, Region B, 2014–2025`.
fn subject(views: &Views<'_>, s: crate::site::SubjectId) -> String {
    let site: &Site = views.site;
    let subject = &site.subjects[s];
    let orgs: Vec<&str> = subject
        .orgs
        .iter()
        .map(|o| site.orgs[*o].name.as_str())
        .collect();
    let years = |i: Option<&ItemId>| i.map(|i| site.item_date(*i).format("%Y").to_string());
    let period = match (years(subject.items.first()), years(subject.items.last())) {
        (Some(a), Some(b)) if a != b => format!(", {a}–{b}"),
        (Some(a), _) => format!(", {a}"),
        _ => String::new(),
    };
    format!(
        "{}: {}, {}{period}",
        subject.name,
        views.count(subject.items.len(), "item"),
        orgs.join(", ")
    )
}
