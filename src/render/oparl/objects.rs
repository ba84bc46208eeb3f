//! The JSON of each OParl object and list page (schemas: `tests/fixtures/oparl/schema/`).

use super::times::Times;
use super::{id, ListKind, MemberCache, Members, OparlFile, PAGE_SIZE, SCHEMA};
use crate::model::{MeetingKind, OutcomeKind};
use crate::render::views::Views;
use crate::site::{BodyId, CaseId, ItemId, MeetingId, OrgId, PartyId, PersonId, Site};
use serde::Serialize;
use serde_json::{json, Value};

/// The file's bytes. `views`: the pages' views, which hold what an item's text says was
/// decided (the item's page finds it too), so the text is searched for it once.
pub(super) fn of(site: &Site, views: &Views, members: &MemberCache, file: OparlFile) -> Vec<u8> {
    let value = match file {
        OparlFile::System => system(site),
        OparlFile::Bodies => {
            let bodies: Vec<Value> = (site.orgs.ids()).map(|o| body(site, o)).collect();
            // One page, however many organizations: the system's entry list.
            let total = bodies.len();
            return bytes(&list(site, bodies, (total, total.max(1)), 1, |_| file));
        }
        OparlFile::Body(o) => body(site, o),
        OparlFile::List(o, kind, n) => {
            let members = members[o.index()].get_or_init(|| Members::of(site, o));
            return list_page(site, views, members, o, kind, n);
        }
        OparlFile::Organization(b) => organization(site, b),
        OparlFile::Party(o, p) => {
            let members = members[o.index()].get_or_init(|| Members::of(site, o));
            party(site, members, o, p)
        }
        OparlFile::Meeting(m) => return bytes(&super::meeting::meeting(site, views, m)),
        OparlFile::Paper(c) => paper(site, c),
        OparlFile::Person(p) => person(site, p),
    };
    bytes(&value)
}

/// Compact JSON and a newline.
fn bytes(value: &impl Serialize) -> Vec<u8> {
    let mut out = serde_json::to_vec(value).expect("OParl objects serialize");
    out.push(b'\n');
    out
}

pub(super) fn kind(name: &str) -> String {
    format!("{SCHEMA}{name}")
}

fn system(site: &Site) -> Value {
    let mut o = json!({
        "id": id(site, OparlFile::System),
        "type": kind("System"),
        "oparlVersion": SCHEMA,
        "license": site.config.data.license,
        "body": id(site, OparlFile::Bodies),
        "name": site.config.title,
        "website": site.config.absolute(""),
        "product": "https://github.com/diarium/diarium",
        "web": site.config.absolute(""),
    });
    contact(site, &mut o);
    let all = (site.meetings.ids()).map(|m| Times::of_document(site, m));
    if let Some(times) = Times::span(all) {
        times.stamp(&mut o);
    }
    o
}

/// Whom to ask about the data (`[data] publisher` and `contact_email`).
fn contact(site: &Site, o: &mut Value) {
    let data = &site.config.data;
    o["contactName"] = data.publisher.clone().into();
    if let Some(email) = &data.contact_email {
        o["contactEmail"] = email.clone().into();
    }
}

fn body(site: &Site, o: OrgId) -> Value {
    let org = &site.orgs[o];
    let list = |kind| id(site, OparlFile::List(o, kind, 1));
    let mut b = json!({
        "id": id(site, OparlFile::Body(o)),
        "type": kind("Body"),
        "system": id(site, OparlFile::System),
        "name": org.name,
        "website": site.config.absolute(&org.url),
        "license": site.config.data.license,
        "organization": list(ListKind::Organization),
        "person": list(ListKind::Person),
        "meeting": list(ListKind::Meeting),
        "paper": list(ListKind::Paper),
        "legislativeTerm": legislative_terms(site, o),
        "web": site.config.absolute(&org.url),
    });
    contact(site, &mut b);
    if let Some(times) = Times::span(org.meetings.iter().map(|m| Times::of_document(site, *m))) {
        times.stamp(&mut b);
    }
    b
}

/// The mandate periods the organization's meetings fall in, oldest first.
fn legislative_terms(site: &Site, o: OrgId) -> Vec<Value> {
    let org = &site.orgs[o];
    let dates = org.meetings.iter().map(|m| site.meetings[*m].meta.date);
    let (Some(first), Some(last)) = (dates.clone().min(), dates.max()) else {
        return Vec::new();
    };
    let body_id = id(site, OparlFile::Body(o));
    super::terms::between(first, last)
        .into_iter()
        .map(|t| {
            json!({
                "id": format!("{body_id}#mandatperiod-{}", t.slug()),
                "type": kind("LegislativeTerm"),
                "body": body_id,
                "name": t.name(),
                "startDate": t.start.to_string(),
                "endDate": t.end.to_string(),
                "license": site.config.data.license,
            })
        })
        .collect()
}

/// One page of an organization's list, as bytes.
fn list_page(
    site: &Site,
    views: &Views,
    members: &Members,
    o: OrgId,
    which: ListKind,
    n: usize,
) -> Vec<u8> {
    let total = members.len(which);
    let range = (n - 1) * PAGE_SIZE..(n * PAGE_SIZE).min(total);
    let page = |data| {
        list(site, data, (total, PAGE_SIZE), n, |k| {
            OparlFile::List(o, which, k)
        })
    };
    match which {
        ListKind::Organization => bytes(&page(
            members.organizations(o)[range]
                .iter()
                .map(|file| match *file {
                    OparlFile::Party(o, p) => party(site, members, o, p),
                    OparlFile::Organization(b) => organization(site, b),
                    _ => unreachable!("an organization list holds bodies and parties"),
                })
                .collect(),
        )),
        // Typed, not a `Value`: see `super::meeting`.
        ListKind::Meeting => {
            let meetings = members.sittings[range]
                .iter()
                .map(|m| super::meeting::meeting(site, views, *m))
                .collect();
            bytes(&list(site, meetings, (total, PAGE_SIZE), n, |k| {
                OparlFile::List(o, which, k)
            }))
        }
        ListKind::Paper => bytes(&page(
            members.cases[range]
                .iter()
                .map(|c| paper(site, *c))
                .collect(),
        )),
        ListKind::Person => bytes(&page(
            members.people[range]
                .iter()
                .map(|p| person(site, *p))
                .collect(),
        )),
    }
}

/// A page of a list; its fields in the byte order of their names (see `super::meeting`).
#[derive(Serialize)]
struct ListPage<T> {
    data: Vec<T>,
    links: Links,
    pagination: Pagination,
}

#[derive(Serialize)]
struct Links {
    first: String,
    last: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    next: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    prev: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Pagination {
    current_page: usize,
    elements_per_page: usize,
    total_elements: usize,
    total_pages: usize,
}

/// A page (from 1) of a list of `total` objects, `per_page` to a page (OParl 1.1, 2.5): its
/// objects, where it stands, and links to the others.
fn list<T>(
    site: &Site,
    data: Vec<T>,
    (total, per_page): (usize, usize),
    page: usize,
    page_file: impl Fn(usize) -> OparlFile,
) -> ListPage<T> {
    let pages = total.div_ceil(per_page).max(1);
    ListPage {
        data,
        links: Links {
            first: id(site, page_file(1)),
            last: id(site, page_file(pages)),
            next: (page < pages).then(|| id(site, page_file(page + 1))),
            prev: (page > 1).then(|| id(site, page_file(page - 1))),
        },
        pagination: Pagination {
            current_page: page,
            elements_per_page: per_page,
            total_elements: total,
            total_pages: pages,
        },
    }
}

fn organization(site: &Site, b: BodyId) -> Value {
    let body = &site.bodies[b];
    let mut o = json!({
        "id": id(site, OparlFile::Organization(b)),
        "type": kind("Organization"),
        "body": id(site, OparlFile::Body(body.org)),
        "name": body.name,
        "organizationType": "Gremium",
        "license": site.config.data.license,
        "web": site.config.absolute(&body.url),
    });
    if let Some(p) = site.parent_body(b) {
        o["subOrganizationOf"] = id(site, OparlFile::Organization(p)).into();
    }
    let meetings = body.meetings.iter().map(|m| Times::of_document(site, *m));
    if let Some(times) = Times::span(meetings) {
        times.stamp(&mut o);
    }
    o
}

/// A party's group in an organization (Fraktion): the people printed with its letters there.
fn party(site: &Site, members: &Members, o: OrgId, p: PartyId) -> Value {
    let party = &site.parties[p];
    let memberships: Vec<String> = members
        .party_members(site, p)
        .map(|person| party_membership_id(site, person, o))
        .collect();
    json!({
        "id": id(site, OparlFile::Party(o, p)),
        "type": kind("Organization"),
        "body": id(site, OparlFile::Body(o)),
        "name": party.name,
        "shortName": party.code,
        "organizationType": "Fraktion",
        "classification": "Partigrupp",
        "membership": memberships,
        "license": site.config.data.license,
        "web": site.config.absolute(&party.url),
    })
}

fn party_membership_id(site: &Site, person: PersonId, o: OrgId) -> String {
    format!(
        "{}#{}/parti",
        id(site, OparlFile::Person(person)),
        site.orgs[o].slug
    )
}

/// When the sitting began: the printed clock time, else the start of its day, in Swedish time.
pub(super) fn start(site: &Site, documents: &[MeetingId]) -> String {
    let date = site.meetings[documents[0]].meta.date;
    let clock = documents
        .iter()
        .find_map(|d| site.meetings[*d].meta.time.as_deref())
        .and_then(super::super::ical::clock)
        .unwrap_or((0, 0));
    format!(
        "{date}T{:02}:{:02}:00{}",
        clock.0,
        clock.1,
        crate::appeal::swedish_offset(date)
    )
}

/// The media type of a source document, by its file name's ending.
pub(super) fn mime_type(file_name: &str) -> &'static str {
    let ending = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ending.as_str() {
        "pdf" => "application/pdf",
        "txt" => "text/plain",
        "html" | "htm" => "text/html",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "doc" => "application/msword",
        "odt" => "application/vnd.oasis.opendocument.text",
        _ => "application/octet-stream",
    }
}

pub(super) fn consultation_id(site: &Site, c: CaseId, i: ItemId) -> String {
    let item = &site.items[i];
    let meeting = &site.meetings[item.meeting];
    format!(
        "{}#{}-{}-{}",
        id(site, OparlFile::Paper(c)),
        site.bodies[meeting.body].slug,
        meeting.meta.date,
        item.anchor
    )
}

fn paper(site: &Site, c: CaseId) -> Value {
    let case = &site.cases[c];
    let first = case.appearances.first().copied();
    let latest = case.appearances.last().copied();
    // Treatments at sittings: a report's section is no consultation.
    let consultations: Vec<Value> = case
        .appearances
        .iter()
        .filter(|i| site.meeting_of(**i).meta.kind != MeetingKind::Rapport)
        .map(|i| (*i, embedded(site, *i)))
        // An agenda item whose protocol paragraph is handled here too is that treatment.
        .filter(|(i, shown)| match shown {
            Some(shown) => shown == i || !case.appearances.contains(shown),
            None => true,
        })
        .map(|(i, shown)| consultation(site, c, i, shown))
        .collect();
    let mut o = json!({
        "id": id(site, OparlFile::Paper(c)),
        "type": kind("Paper"),
        "body": id(site, OparlFile::Body(case.org)),
        "reference": case.number,
        "consultation": consultations,
        "license": site.config.data.license,
        "web": site.config.absolute(&case.url),
    });
    if let Some(i) = latest {
        o["name"] = site.items[i].meta.title.clone().into();
    }
    if let Some(i) = first {
        o["date"] = site.item_date(i).to_string().into();
    }
    let appearances = case.appearances.iter().map(|i| Times::of_item(site, *i));
    if let Some(times) = Times::span(appearances) {
        times.stamp(&mut o);
    }
    o
}

/// The treatment of case `c` in item `i`; `shown` is the AgendaItem that stands for `i` in
/// its sitting's Meeting (see [`embedded`]).
fn consultation(site: &Site, c: CaseId, i: ItemId, shown: Option<ItemId>) -> Value {
    let item = &site.items[i];
    let meeting_id = sitting_id(site, item.meeting);
    let outcome = item.meta.outcome.as_ref().map(|o| o.kind());
    let role = match outcome {
        Some(OutcomeKind::Decided | OutcomeKind::Rejected) => "beslutat",
        Some(OutcomeKind::Proposed) => "förberett",
        Some(OutcomeKind::Noted) => "anmält",
        Some(OutcomeKind::ReferredBack) => "återremitterat",
        Some(OutcomeKind::Postponed) => "bordlagt",
        None => "behandlat",
    };
    let mut o = json!({
        "id": consultation_id(site, c, i),
        "type": kind("Consultation"),
        "paper": id(site, OparlFile::Paper(c)),
        "meeting": meeting_id,
        "organization": [id(site, OparlFile::Organization(site.meetings[item.meeting].body))],
        "authoritative": matches!(outcome, Some(OutcomeKind::Decided | OutcomeKind::Rejected)),
        "role": role,
        "license": site.config.data.license,
    });
    if let Some(shown) = shown {
        o["agendaItem"] = format!("{meeting_id}#{}", site.items[shown].anchor).into();
    }
    Times::of_item(site, i).stamp(&mut o);
    o
}

/// The document of a sitting whose items its Meeting object holds: the protocol when there
/// is one, else the agenda.
pub(super) fn embedding_document(site: &Site, documents: &[MeetingId]) -> Option<MeetingId> {
    let of = |kind| {
        documents
            .iter()
            .copied()
            .find(|d| site.meetings[*d].meta.kind == kind)
    };
    of(MeetingKind::Protokoll).or(of(MeetingKind::Dagordning))
}

/// The AgendaItem that stands for item `i` in its sitting's Meeting object: the item itself
/// when its document is the one held, else its twin there (an agenda item's protocol
/// paragraph), else none: a link to an AgendaItem must find one.
fn embedded(site: &Site, i: ItemId) -> Option<ItemId> {
    let item = &site.items[i];
    let held = embedding_document(site, &site.sitting(item.meeting))?;
    if item.meeting == held {
        return Some(i);
    }
    item.pairs.twin.filter(|t| site.items[*t].meeting == held)
}

/// The id of the sitting a document belongs to.
fn sitting_id(site: &Site, m: MeetingId) -> String {
    id(site, OparlFile::Meeting(site.sitting(m)[0]))
}

fn person(site: &Site, p: PersonId) -> Value {
    let person = &site.people[p];
    let mut o = json!({
        "id": id(site, OparlFile::Person(p)),
        "type": kind("Person"),
        "name": person.name,
        "license": site.config.data.license,
        "web": site.config.absolute(&person.url),
    });
    if let Some(party) = &person.party {
        o["keyword"] = json!([format!("parti:{party}")]);
    }
    let memberships = memberships(site, p);
    if !memberships.is_empty() {
        o["membership"] = memberships.into();
    }
    // The files that name the person.
    let mentions = person.roles.iter().map(|r| match r.item {
        Some(i) => Times::of_item(site, i),
        None => Times::of_meeting(site, r.meeting),
    });
    if let Some(times) = Times::span(mentions) {
        times.stamp(&mut o);
    }
    o
}

/// The bodies a person sat in, from the attendance lists: one Membership per body, with the
/// role printed most often, whether it votes, and the first and last sitting as its period.
fn memberships(site: &Site, p: PersonId) -> Vec<Value> {
    use crate::site::RoleKind;
    use std::collections::BTreeMap;
    let person = &site.people[p];
    // Body → (first date, last date, roles printed with their counts).
    let mut bodies: BTreeMap<
        BodyId,
        (
            chrono::NaiveDate,
            chrono::NaiveDate,
            BTreeMap<String, usize>,
        ),
    > = BTreeMap::new();
    for role in person.roles.iter().filter(|r| r.kind == RoleKind::Attended) {
        let meeting = &site.meetings[role.meeting];
        let date = meeting.meta.date;
        let entry = bodies
            .entry(meeting.body)
            .or_insert((date, date, BTreeMap::new()));
        entry.0 = entry.0.min(date);
        entry.1 = entry.1.max(date);
        if let Some(printed) = role.text.as_deref().filter(|t| !t.is_empty()) {
            *entry.2.entry(printed.to_lowercase()).or_default() += 1;
        }
    }
    bodies
        .into_iter()
        .map(|(b, (first, last, roles))| {
            let role = roles
                .iter()
                .max_by_key(|(name, n)| (**n, std::cmp::Reverse((*name).clone())))
                .map(|(name, _)| name.clone());
            let mut m = json!({
                "id": format!(
                    "{}#{}/{}",
                    id(site, OparlFile::Person(p)),
                    site.orgs[site.bodies[b].org].slug,
                    site.bodies[b].slug
                ),
                "type": kind("Membership"),
                "person": id(site, OparlFile::Person(p)),
                "organization": id(site, OparlFile::Organization(b)),
                "startDate": first.to_string(),
                "endDate": last.to_string(),
                "license": site.config.data.license,
            });
            if let Some(role) = role {
                // Members and the chair vote, a substitute only when serving (`tjänstgörande
                // ersättare`); of officials and others present the list says nothing.
                let votes = role.contains("ledamot")
                    || role.contains("ordförande")
                    || role.starts_with("tjänstgörande");
                if votes || role == "ersättare" {
                    m["votingRight"] = votes.into();
                }
                m["role"] = role.into();
            }
            m
        })
        .chain(party_memberships(site, p))
        .collect()
}

/// A membership of the party's group in each organization whose minutes name the person,
/// over the first to the last day they do.
fn party_memberships(site: &Site, p: PersonId) -> Vec<Value> {
    use std::collections::BTreeMap;
    let person = &site.people[p];
    let Some(code) = &person.party else {
        return Vec::new();
    };
    let Some((party, _)) = site
        .parties
        .enumerate()
        .find(|(_, party)| &party.code == code)
    else {
        return Vec::new();
    };
    let mut orgs: BTreeMap<OrgId, (chrono::NaiveDate, chrono::NaiveDate)> = BTreeMap::new();
    for role in &person.roles {
        let meeting = &site.meetings[role.meeting];
        let date = meeting.meta.date;
        let span = orgs.entry(meeting.org).or_insert((date, date));
        *span = (span.0.min(date), span.1.max(date));
    }
    orgs.into_iter()
        .map(|(o, (first, last))| {
            json!({
                "id": party_membership_id(site, p, o),
                "type": kind("Membership"),
                "person": id(site, OparlFile::Person(p)),
                "organization": id(site, OparlFile::Party(o, party)),
                "startDate": first.to_string(),
                "endDate": last.to_string(),
                "license": site.config.data.license,
            })
        })
        .collect()
}
