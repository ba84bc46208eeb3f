//! The template and context of each HTML page.

use super::dates::DateView;
use super::fragments::Listed;
use super::views::{ItemSummary, Link};
use super::{Page, Renderer};
use crate::diag::Diagnostic;
use crate::site::{BodyId, CaseId, ItemId, MeetingId, OrgId, PartyId, PersonId, RoleKind, Site};
use serde::Serialize;
use std::path::PathBuf;
use tera::Context;

/// The parties, which every page's context holds (beside the shared keys of
/// [`super::theme::Theme::tera`]'s global context).
pub(super) fn party_links(site: &Site) -> tera::Value {
    tera::Value::from_serializable(
        &site
            .parties
            .iter()
            .map(|p| Link {
                title: &p.name,
                url: &p.url,
            })
            .collect::<Vec<_>>(),
    )
}

/// The content file a page is made from, for error messages.
pub(super) fn source_file(site: &Site, page: Page) -> Option<PathBuf> {
    match page {
        Page::Meeting(m) => Some(site.meetings[m].path.clone()),
        Page::Item(i) => Some(site.items[i].path.clone()),
        _ => None,
    }
}

/// Inserts the page's own keys and names its template; fails when an item row it lists
/// cannot be made (see [`super::fragments`]).
pub(super) fn context(
    r: &Renderer<'_>,
    page: Page,
    ctx: &mut Context,
) -> Result<&'static str, Diagnostic> {
    match page {
        // Every item of a meeting has the same trail; it is made once, as a template value.
        Page::Item(i) => {
            let m = r.site.items[i].meeting;
            // Made of the meeting alone, not of the item that happens to come first: the
            // memo hands its reads on to every item page of the meeting.
            let trail = r.item_crumbs[m.index()]
                .get_or_init(|| tera::Value::from_serializable(&item_crumbs(r, m)));
            ctx.insert_value("crumbs", trail.clone());
        }
        _ => ctx.insert("crumbs", &crumbs(r, page)),
    }
    match page {
        Page::Home => home(r, ctx),
        Page::Org(o) => org(r, o, ctx),
        Page::OrgCases(o) => org_cases(r, o, ctx),
        Page::Body(b) => body(r, b, ctx),
        Page::Meeting(m) => meeting(r, m, ctx),
        Page::Item(i) => item(r, i, ctx),
        Page::Case(c) => case(r, c, ctx),
        Page::People => people(r, ctx),
        Page::Person(p) => person(r, p, ctx),
        Page::Parties => parties(r, ctx),
        Page::Party(p) => party(r, p, ctx),
        Page::Subjects => super::subject_pages::list(r, ctx),
        Page::Subject(s) => super::subject_pages::page(r, s, ctx),
        Page::SubjectYear(s, y, n) => super::subject_pages::year_page(r, (s, y, n), ctx),
        Page::Search => super::search::page(r, ctx),
        Page::Accessibility => accessibility(r, ctx),
        Page::Appeals => super::appeal_view::page(r, ctx),
        _ => Ok("404.html"),
    }
}

#[derive(Serialize)]
struct Counted<'a> {
    title: &'a str,
    url: &'a str,
    meetings: usize,
    cases: usize,
}

fn home(r: &Renderer<'_>, ctx: &mut Context) -> Result<&'static str, Diagnostic> {
    let site = r.site;
    let orgs: Vec<Counted> = site
        .orgs
        .iter()
        .map(|o| Counted {
            title: &o.name,
            url: &o.url,
            meetings: o.meetings.len(),
            cases: o.cases.len(),
        })
        .collect();
    ctx.insert("orgs", &orgs);
    // Sorting meetings, not all items: the home page is re-rendered after every edit in serve.
    let newest = site.meetings_newest_first();
    let meetings: Vec<tera::Value> = newest
        .iter()
        .take(10)
        .map(|m| r.views.meeting_value(*m))
        .collect();
    ctx.insert("latest_meetings", &meetings);
    let decisions = newest
        .iter()
        .flat_map(|m| &site.meetings[*m].items)
        .filter(|i| site.is_decision(**i))
        .take(15)
        .copied();
    ctx.insert("latest_decisions", &r.listed(decisions, None)?);
    ctx.insert("subjects", &super::subject_pages::most_active(site, 8));
    Ok("index.html")
}

fn org(r: &Renderer<'_>, o: OrgId, ctx: &mut Context) -> Result<&'static str, Diagnostic> {
    let site = r.site;
    let org = &site.orgs[o];
    ctx.insert(
        "org",
        &Link {
            title: &org.name,
            url: &org.url,
        },
    );
    let bodies: Vec<Counted> = org
        .bodies
        .iter()
        .map(|b| &site.bodies[*b])
        .map(|b| Counted {
            title: &b.name,
            url: &b.url,
            meetings: b.meetings.len(),
            cases: 0,
        })
        .collect();
    ctx.insert("bodies", &bodies);
    let meetings: Vec<tera::Value> = org
        .meetings
        .iter()
        .take(10)
        .map(|m| r.views.meeting_value(*m))
        .collect();
    ctx.insert("latest_meetings", &meetings);
    let mut active: Vec<CaseId> = org.cases.clone();
    active.sort_by_key(|c| std::cmp::Reverse(last_date(site, *c)));
    let cases: Vec<CaseSummary> = active
        .into_iter()
        .take(15)
        .map(|c| case_summary(r, c))
        .collect();
    ctx.insert("cases", &cases);
    ctx.insert("case_count", &org.cases.len());
    Ok("organization.html")
}

fn org_cases(r: &Renderer<'_>, o: OrgId, ctx: &mut Context) -> Result<&'static str, Diagnostic> {
    let org = &r.site.orgs[o];
    ctx.insert(
        "org",
        &Link {
            title: &org.name,
            url: &org.url,
        },
    );
    let cases: Vec<CaseSummary> = org.cases.iter().map(|c| case_summary(r, *c)).collect();
    ctx.insert("cases", &cases);
    Ok("cases.html")
}

#[derive(Serialize)]
struct CaseSummary<'a> {
    number: &'a str,
    url: &'a str,
    /// The title of its latest appearance, or of the latest item mentioning it.
    title: Option<&'a str>,
    appearances: usize,
    mentions: usize,
    last: Option<DateView>,
}

fn last_date(site: &Site, c: CaseId) -> Option<chrono::NaiveDate> {
    let case = &site.cases[c];
    case.appearances
        .iter()
        .chain(&case.mentioned_in)
        .map(|i| site.item_date(*i))
        .max()
}

fn case_summary<'a>(r: &Renderer<'a>, c: CaseId) -> CaseSummary<'a> {
    let site = r.site;
    let case = &site.cases[c];
    let latest = case.appearances.last().or(case.mentioned_in.last());
    CaseSummary {
        number: &case.number,
        url: &case.url,
        title: latest.map(|i| site.items[*i].meta.title.as_str()),
        appearances: case.appearances.len(),
        mentions: case.mentioned_in.len(),
        last: last_date(site, c).map(|d| DateView::new(d, site.config.language)),
    }
}

#[derive(Serialize)]
struct Year {
    year: i32,
    meetings: Vec<tera::Value>,
}

fn body(r: &Renderer<'_>, b: BodyId, ctx: &mut Context) -> Result<&'static str, Diagnostic> {
    let site = r.site;
    let body = &site.bodies[b];
    let org = &site.orgs[body.org];
    ctx.insert(
        "org",
        &Link {
            title: &org.name,
            url: &org.url,
        },
    );
    ctx.insert(
        "body",
        &Link {
            title: &body.name,
            url: &body.url,
        },
    );
    let mut years: Vec<Year> = Vec::new();
    for m in body.meetings.iter().rev() {
        let year = r.views.meeting_strings(*m).date.year;
        let summary = r.views.meeting_value(*m);
        match years.last_mut() {
            Some(y) if y.year == year => y.meetings.push(summary),
            _ => years.push(Year {
                year,
                meetings: vec![summary],
            }),
        }
    }
    ctx.insert("years", &years);
    Ok("body.html")
}

fn meeting(r: &Renderer<'_>, m: MeetingId, ctx: &mut Context) -> Result<&'static str, Diagnostic> {
    let site = r.site;
    let meeting = &site.meetings[m];
    ctx.insert_value("meeting", r.views.meeting_value(m));
    ctx.insert("meta", &meeting.meta);
    ctx.insert(
        "preamble",
        &super::markdown::to_html(&site.meeting_text(m), 1),
    );
    let items: Vec<_> = meeting
        .items
        .iter()
        .map(|i| r.views.item_full_value(*i, 1))
        .collect();
    ctx.insert("items", &items);
    ctx.insert("prev", &meeting.prev.map(|p| r.views.meeting_value(p)));
    ctx.insert("next", &meeting.next.map(|n| r.views.meeting_value(n)));
    ctx.insert("appeal", &super::appeal_view::meeting(site, m));
    ctx.insert("original", &original(site, m));
    Ok("meeting.html")
}

/// The published original of a meeting's document, when `[data] originals` says where it is:
/// its URL, file name and size in kB.
fn original(site: &Site, m: MeetingId) -> Option<serde_json::Value> {
    let source = site.meetings[m].meta.source.as_ref()?;
    let url = site.config.data.original_url(&source.file)?;
    Some(serde_json::json!({
        "url": url,
        "name": source.file_name(),
        "kb": source.size.map(|bytes| bytes.div_ceil(1000)),
    }))
}

#[derive(Serialize)]
struct CaseAppearances<'a> {
    case: Link<'a>,
    appearances: Vec<Listed<'a>>,
}

fn item(r: &Renderer<'_>, i: ItemId, ctx: &mut Context) -> Result<&'static str, Diagnostic> {
    let site = r.site;
    let it = &site.items[i];
    ctx.insert_value("item", r.views.item_full_value(i, 0));
    ctx.insert_value("meeting", r.views.meeting_value(it.meeting));
    let others: Result<Vec<CaseAppearances>, _> = it
        .cases
        .iter()
        .map(|c| {
            Ok(CaseAppearances {
                case: r.views.case_link(*c),
                appearances: r.listed(site.cases[*c].appearances.iter().copied(), Some(i))?,
            })
        })
        .collect();
    ctx.insert("case_appearances", &others?);
    ctx.insert("appeal", &super::appeal_view::item(site, i));
    ctx.insert("jsonld", &super::structured::item(r, i));
    Ok("item.html")
}

fn case(r: &Renderer<'_>, c: CaseId, ctx: &mut Context) -> Result<&'static str, Diagnostic> {
    let site = r.site;
    let case = &site.cases[c];
    let org = &site.orgs[case.org];
    ctx.insert(
        "org",
        &Link {
            title: &org.name,
            url: &org.url,
        },
    );
    ctx.insert("case", &r.views.case_link(c));
    ctx.insert(
        "timeline",
        &r.listed(case.appearances.iter().copied(), None)?,
    );
    ctx.insert(
        "mentioned_in",
        &r.listed(case.mentioned_in.iter().copied(), None)?,
    );
    ctx.insert("documents", &case.documents);
    let latest = super::appeal_view::case(site, c);
    ctx.insert("appeal", &latest.as_ref().map(|(_, view)| view));
    ctx.insert("appeal_item", &latest.map(|(i, _)| r.views.item_head(i)));
    Ok("case.html")
}

#[derive(Serialize)]
struct PersonSummary<'a> {
    name: &'a str,
    url: &'a str,
    party: Option<&'a str>,
    count: usize,
}

fn person_summary(site: &Site, p: PersonId) -> PersonSummary<'_> {
    let person = &site.people[p];
    PersonSummary {
        name: &person.name,
        url: &person.url,
        party: person.party.as_deref(),
        count: person.roles.len(),
    }
}

fn people(r: &Renderer<'_>, ctx: &mut Context) -> Result<&'static str, Diagnostic> {
    let list: Vec<PersonSummary> = r
        .site
        .people
        .ids()
        .map(|p| person_summary(r.site, p))
        .collect();
    ctx.insert("people", &list);
    Ok("people.html")
}

#[derive(Serialize)]
pub(super) struct RoleView<'a> {
    kind: &'static str,
    label: String,
    meeting: tera::Value,
    item: Option<ItemSummary<'a>>,
    text: Option<&'a str>,
}

fn roles<'a>(r: &Renderer<'a>, list: &'a [crate::site::Role]) -> Vec<RoleView<'a>> {
    list.iter().rev().map(|role| role_view(r, role)).collect()
}

pub(super) fn role_view<'a>(r: &Renderer<'a>, role: &'a crate::site::Role) -> RoleView<'a> {
    RoleView {
        kind: role.kind.as_str(),
        label: r.views.label(&format!("role_{}", role.kind.as_str())),
        meeting: r.views.meeting_value(role.meeting),
        item: role.item.map(|i| r.views.item(i)),
        text: role.text.as_deref(),
    }
}

fn person(r: &Renderer<'_>, p: PersonId, ctx: &mut Context) -> Result<&'static str, Diagnostic> {
    let site = r.site;
    let person = &site.people[p];
    ctx.insert("person", &person_summary(site, p));
    ctx.insert("spellings", &person.spellings);
    let party = person
        .party
        .as_ref()
        .and_then(|code| site.parties.iter().find(|x| &x.code == code));
    ctx.insert(
        "party",
        &party.map(|x| Link {
            title: &x.name,
            url: &x.url,
        }),
    );
    ctx.insert(
        "summary",
        &super::roles::RoleSummary::new(&r.views, &person.roles),
    );
    ctx.insert("roles", &roles(r, &person.roles));
    ctx.insert("votes", &r.views.casts(&person.casts));
    let attended = person
        .roles
        .iter()
        .filter(|x| x.kind == RoleKind::Attended)
        .count();
    ctx.insert("attended_count", &attended);
    Ok("person.html")
}

fn parties(r: &Renderer<'_>, ctx: &mut Context) -> Result<&'static str, Diagnostic> {
    #[derive(Serialize)]
    struct PartySummary<'a> {
        code: &'a str,
        name: &'a str,
        url: &'a str,
        members: usize,
    }
    let list: Vec<PartySummary> = r
        .site
        .parties
        .iter()
        .map(|p| PartySummary {
            code: &p.code,
            name: &p.name,
            url: &p.url,
            members: p.members.len(),
        })
        .collect();
    ctx.insert("party_list", &list);
    Ok("parties.html")
}

fn party(r: &Renderer<'_>, p: PartyId, ctx: &mut Context) -> Result<&'static str, Diagnostic> {
    let party = &r.site.parties[p];
    ctx.insert(
        "party",
        &Link {
            title: &party.name,
            url: &party.url,
        },
    );
    ctx.insert("code", &party.code);
    let members: Vec<PersonSummary> = party
        .members
        .iter()
        .map(|m| person_summary(r.site, *m))
        .collect();
    ctx.insert("members", &members);
    ctx.insert("summary", &super::roles::RoleSummary::of_party(&r.views, p));
    let (acts_total, acts) = super::roles::member_acts(&r.views, p);
    ctx.insert("member_acts", &acts);
    ctx.insert("member_acts_total", &acts_total);
    ctx.insert("roles", &roles(r, &party.roles));
    ctx.insert("votes", &r.views.party_votes(&party.votes));
    Ok("party.html")
}

fn accessibility(r: &Renderer<'_>, ctx: &mut Context) -> Result<&'static str, Diagnostic> {
    let a = &r.site.config.accessibility;
    let lang = r.site.config.language;
    ctx.insert("statement", a);
    ctx.insert("assessed", &a.assessed.map(|d| DateView::new(d, lang)));
    ctx.insert("published", &a.published.map(|d| DateView::new(d, lang)));
    Ok("accessibility.html")
}

/// The trail of any item page of the meeting `m`: the meeting's own, then the meeting.
fn item_crumbs<'a>(r: &Renderer<'a>, m: MeetingId) -> Vec<Link<'a>> {
    let meeting = &r.site.meetings[m];
    let mut trail = crumbs(r, Page::Meeting(m));
    trail.push(Link {
        title: &meeting.folder,
        url: &meeting.url,
    });
    trail
}

/// The trail from the home page to the page's parent.
fn crumbs<'a>(r: &Renderer<'a>, page: Page) -> Vec<Link<'a>> {
    let site = r.site;
    // A link titled by a UI string; the key shows if the theme lacks it.
    let ui = |key: &'a str, url: &'a str| Link {
        title: r
            .theme
            .strings
            .get(key)
            .and_then(|v| v.as_str())
            .unwrap_or(key),
        url,
    };
    let home = ui("home", "");
    let org = |o: OrgId| Link {
        title: &site.orgs[o].name,
        url: &site.orgs[o].url,
    };
    let body = |b: BodyId| Link {
        title: &site.bodies[b].name,
        url: &site.bodies[b].url,
    };
    match page {
        Page::Home => Vec::new(),
        Page::Org(_)
        | Page::People
        | Page::Parties
        | Page::Subjects
        | Page::Search
        | Page::Accessibility
        | Page::Appeals => vec![home],
        Page::OrgCases(o) => vec![home, org(o)],
        Page::Body(b) => vec![home, org(site.bodies[b].org)],
        Page::Meeting(m) => vec![home, org(site.meetings[m].org), body(site.meetings[m].body)],
        Page::Item(i) => item_crumbs(r, site.items[i].meeting),
        Page::Case(c) => {
            let o = site.cases[c].org;
            vec![home, org(o), ui("all_cases", &site.orgs[o].cases_url)]
        }
        Page::Subject(_) => vec![home, ui("topics_short", "teman/")],
        Page::SubjectYear(s, ..) => vec![
            home,
            ui("topics_short", "teman/"),
            Link {
                title: &site.subjects[s].name,
                url: &site.subjects[s].url,
            },
        ],
        Page::Person(_) => vec![home, ui("people", "personer/")],
        Page::Party(_) => vec![home, ui("parties", "partier/")],
        _ => vec![home],
    }
}
