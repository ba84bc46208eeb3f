//! Pairing on constructed archives: each test lays out the meetings it needs and asks which
//! items the graph paired.

use super::super::{ItemId, Site};
use crate::content::{Documents, ItemDoc, MeetingDoc};
use crate::model::{ItemMeta, ItemNumber, MeetingMeta, Outcome, OutcomeKind};
use std::path::{Path, PathBuf};

/// A meeting document of `org`/`body` on `date` (`kind`: `protokoll` or `dagordning`).
fn meeting(org: &str, body: &str, date: &str, kind: &str) -> MeetingDoc {
    let yaml = format!("organization: {org}\nbody: {body}\ndate: {date}\nkind: {kind}\n");
    let meta: MeetingMeta =
        crate::content::frontmatter::deserialize_file(Path::new("_index.md"), &yaml).unwrap();
    let slug = |s: &str| crate::slug::slugify(s);
    let folder = match kind {
        "protokoll" => date.to_string(),
        other => format!("{date}-{other}"),
    };
    MeetingDoc {
        path: PathBuf::from(format!("{}/{}/{folder}/_index.md", slug(org), slug(body))),
        org: slug(org),
        body: slug(body),
        folder,
        meta,
        text: Default::default(),
        items: Vec::new(),
        digest: 0,
        modified: 0,
    }
}

/// Adds item `number` with its title and case numbers to the meeting; returns its
/// front-matter to set more.
fn add<'m>(m: &'m mut MeetingDoc, number: u32, title: &str, cases: &[&str]) -> &'m mut ItemMeta {
    let mut meta = ItemMeta::new(ItemNumber::Int(number), title);
    meta.cases = cases.iter().map(|c| c.to_string()).collect();
    let stem = format!("{number:03}-x");
    m.items.push(ItemDoc {
        path: m.path.with_file_name(format!("{stem}.md")),
        stem,
        meta,
        text: Default::default(),
        digest: 0,
        modified: 0,
    });
    &mut m.items.last_mut().unwrap().meta
}

fn item_number(meta: &ItemMeta) -> u32 {
    meta.number.sort_key().0
}

fn proposed(to: Option<&str>) -> Option<Outcome> {
    Some(Outcome::new(OutcomeKind::Proposed, to.map(String::from)))
}

fn site(meetings: Vec<MeetingDoc>) -> Site {
    let config = crate::config::parse(
        Path::new("."),
        Path::new("site.toml"),
        "title = \"T\"\n",
        None,
    )
    .unwrap();
    Site::build(
        config,
        Documents {
            meetings,
            people: None,
        },
    )
    .0
}

/// The item numbered `number` in the meeting folder `folder` of body `body`.
fn find(site: &Site, body: &str, folder: &str, number: u32) -> ItemId {
    let items = site.items.unrecorded();
    items
        .ids()
        .find(|&i| {
            let m = site.meeting_of(i);
            site.bodies[m.body].slug == body
                && m.folder == folder
                && item_number(&items[i].meta) == number
        })
        .unwrap_or_else(|| panic!("no item {body}/{folder} {number}"))
}

fn twin(site: &Site, body: &str, folder: &str, number: u32) -> Option<(String, u32)> {
    let i = find(site, body, folder, number);
    site.items[i].pairs.twin.map(|t| {
        let m = site.meeting_of(t);
        (m.folder.clone(), item_number(&site.items[t].meta))
    })
}

#[test]
fn agenda_items_pair_with_paragraphs_by_case_then_title() {
    let mut agenda = meeting("Region X", "Styrelsen", "2025-03-01", "dagordning");
    let mut protocol = meeting("Region X", "Styrelsen", "2025-03-01", "protokoll");
    for (n, title, cases) in [
        (1, "Budget 2026", &["RS 5-2025"][..]),
        (2, "Motion om cykelbanor", &[]),
        (3, "Information om läget", &[]),
        (4, "Övriga frågor", &[]),
    ] {
        add(&mut agenda, n, title, cases);
    }
    for (n, title, cases) in [
        (10, "Information om läget", &[][..]),
        (11, "Regionens budget för 2026", &["RS 5–2025"]),
        (12, "Svar på motion om cykelbanor", &[]),
        (13, "Val av justerare", &[]),
    ] {
        add(&mut protocol, n, title, cases);
    }
    let s = site(vec![agenda, protocol]);
    let p = |n| Some(("2025-03-01".to_string(), n));
    assert_eq!(twin(&s, "styrelsen", "2025-03-01-dagordning", 1), p(11));
    assert_eq!(twin(&s, "styrelsen", "2025-03-01-dagordning", 2), p(12));
    assert_eq!(twin(&s, "styrelsen", "2025-03-01-dagordning", 3), p(10));
    assert_eq!(twin(&s, "styrelsen", "2025-03-01-dagordning", 4), None);
    let a = |n| Some(("2025-03-01-dagordning".to_string(), n));
    assert_eq!(twin(&s, "styrelsen", "2025-03-01", 11), a(1));
    assert_eq!(twin(&s, "styrelsen", "2025-03-01", 13), None);
}

#[test]
fn no_paragraph_is_paired_twice_and_other_cases_keep_titles_apart() {
    let mut agenda = meeting("Region X", "Styrelsen", "2025-03-01", "dagordning");
    let mut protocol = meeting("Region X", "Styrelsen", "2025-03-01", "protokoll");
    for (n, title, cases) in [
        (1, "Information", &[][..]),
        (2, "Information", &[]),
        (3, "Information", &[]),
        (4, "Delegationsbeslut", &["RS 1-2025"]),
    ] {
        add(&mut agenda, n, title, cases);
    }
    for (n, title, cases) in [
        (20, "Information", &[][..]),
        (21, "Information", &[]),
        (22, "Delegationsbeslut", &["RS 2-2025"]),
    ] {
        add(&mut protocol, n, title, cases);
    }
    let s = site(vec![agenda, protocol]);
    let folder = "2025-03-01-dagordning";
    let p = |n| Some(("2025-03-01".to_string(), n));
    assert_eq!(twin(&s, "styrelsen", folder, 1), p(20));
    assert_eq!(twin(&s, "styrelsen", folder, 2), p(21));
    assert_eq!(twin(&s, "styrelsen", folder, 3), None);
    assert_eq!(twin(&s, "styrelsen", folder, 4), None, "its case differs");
}

#[test]
fn a_containment_that_fits_two_paragraphs_pairs_neither() {
    let mut agenda = meeting("Region X", "Styrelsen", "2025-03-01", "dagordning");
    let mut protocol = meeting("Region X", "Styrelsen", "2025-03-01", "protokoll");
    add(&mut agenda, 1, "Motion om skolan", &[]);
    for (n, title) in [(5, "Svar på motion om skolan"), (6, "Ny motion om skolan")] {
        add(&mut protocol, n, title, &[]);
    }
    let s = site(vec![agenda, protocol]);
    assert_eq!(twin(&s, "styrelsen", "2025-03-01-dagordning", 1), None);
}

#[test]
fn documents_of_other_days_bodies_or_organizations_are_not_twins() {
    let mut agenda = meeting("Region X", "Styrelsen", "2025-03-01", "dagordning");
    add(&mut agenda, 1, "Budget 2026", &["RS 5-2025"]);
    let mut others = Vec::new();
    for (org, body, date) in [
        ("Region X", "Styrelsen", "2025-03-02"),
        ("Region X", "Nämnden", "2025-03-01"),
        ("Region Y", "Styrelsen", "2025-03-01"),
    ] {
        let mut p = meeting(org, body, date, "protokoll");
        add(&mut p, 1, "Budget 2026", &["RS 5-2025"]);
        others.push(p);
    }
    let mut all = vec![agenda];
    all.extend(others);
    let s = site(all);
    assert_eq!(twin(&s, "styrelsen", "2025-03-01-dagordning", 1), None);
}

/// A committee's proposal on a case, and the protocols of later meetings on it.
fn chain(to: Option<&str>) -> Site {
    let mut au = meeting("Region X", "Arbetsutskottet", "2025-02-01", "protokoll");
    add(&mut au, 7, "Avtalet", &["RS 9-2025"]).outcome = proposed(to);
    let mut fu = meeting("Region X", "Finansutskottet", "2025-02-10", "protokoll");
    add(&mut fu, 3, "Avtalet, ekonomin", &["RS 9-2025"]);
    let mut rs = meeting("Region X", "Regionstyrelsen", "2025-03-01", "protokoll");
    add(&mut rs, 40, "Avtalet", &["RS 9–2025"]).outcome =
        Some(Outcome::Plain(OutcomeKind::Decided));
    let mut old = meeting("Region X", "Regionstyrelsen", "2024-12-01", "protokoll");
    add(&mut old, 90, "Avtalet, första gången", &["RS 9-2025"]);
    let mut other_org = meeting("Region Y", "Regionstyrelsen", "2025-02-05", "protokoll");
    add(&mut other_org, 1, "Avtalet", &["RS 9-2025"]);
    site(vec![au, fu, rs, old, other_org])
}

fn decision_of(site: &Site, body: &str, folder: &str, number: u32) -> Option<(String, u32)> {
    let i = find(site, body, folder, number);
    site.items[i].pairs.decision.map(|d| {
        let m = site.meeting_of(d);
        (
            site.bodies[m.body].slug.clone(),
            item_number(&site.items[d].meta),
        )
    })
}

#[test]
fn a_proposal_pairs_with_the_decision_in_the_body_it_names() {
    let s = chain(Some("Regionstyrelsen"));
    let got = decision_of(&s, "arbetsutskottet", "2025-02-01", 7);
    assert_eq!(got, Some(("regionstyrelsen".to_string(), 40)));
    let rs = find(&s, "regionstyrelsen", "2025-03-01", 40);
    let au = find(&s, "arbetsutskottet", "2025-02-01", 7);
    assert_eq!(s.items[rs].pairs.proposal, Some(au));
    let fu = find(&s, "finansutskottet", "2025-02-10", 3);
    assert_eq!(s.items[fu].pairs.proposal, None);
}

#[test]
fn a_proposal_naming_no_body_pairs_with_the_next_body_to_handle_the_case() {
    let s = chain(None);
    let got = decision_of(&s, "arbetsutskottet", "2025-02-01", 7);
    assert_eq!(got, Some(("finansutskottet".to_string(), 3)));
}

#[test]
fn an_item_under_a_group_to_a_higher_body_is_a_proposal_to_it() {
    let mut agenda = meeting("Region X", "Arbetsutskottet", "2025-02-01", "dagordning");
    add(&mut agenda, 2, "Avtalet", &["RV250001"]).group =
        Some("Ärenden till regionstyrelsen".into());
    let mut nf = meeting("Region X", "Nämnden", "2025-02-05", "protokoll");
    add(&mut nf, 1, "Avtalet", &["RV250001"]);
    let mut rs = meeting("Region X", "Regionstyrelsen", "2025-03-01", "protokoll");
    add(&mut rs, 8, "Avtalet", &["RV250001"]);
    let s = site(vec![agenda, nf, rs]);
    let got = decision_of(&s, "arbetsutskottet", "2025-02-01-dagordning", 2);
    assert_eq!(got, Some(("regionstyrelsen".to_string(), 8)));
}

#[test]
fn a_decision_follows_the_latest_proposal_and_an_item_deciding_is_no_proposal() {
    let mut agenda = meeting("Region X", "Arbetsutskottet", "2025-02-01", "dagordning");
    add(&mut agenda, 2, "Avtalet", &["RV250001"]).outcome = proposed(Some("Regionstyrelsen"));
    let mut au = meeting("Region X", "Arbetsutskottet", "2025-02-01", "protokoll");
    add(&mut au, 12, "Avtalet", &["RV250001"]).outcome = proposed(Some("Regionstyrelsen"));
    add(&mut au, 13, "Ett annat avtal", &["RV250002"]).outcome =
        Some(Outcome::Plain(OutcomeKind::Decided));
    let mut rs = meeting("Region X", "Regionstyrelsen", "2025-03-01", "protokoll");
    for (n, case) in [(8, "RV250001"), (9, "RV250002")] {
        add(&mut rs, n, "Avtalet", &[case]);
    }
    let s = site(vec![agenda, au, rs]);
    let (a, p) = (
        find(&s, "arbetsutskottet", "2025-02-01-dagordning", 2),
        find(&s, "arbetsutskottet", "2025-02-01", 12),
    );
    let d = find(&s, "regionstyrelsen", "2025-03-01", 8);
    assert_eq!(s.items[a].pairs.decision, Some(d));
    assert_eq!(s.items[p].pairs.decision, Some(d));
    assert_eq!(
        s.items[d].pairs.proposal,
        Some(p),
        "the protocol's, not the agenda's"
    );
    assert_eq!(s.items[a].pairs.twin, Some(p));
    let other = find(&s, "regionstyrelsen", "2025-03-01", 9);
    assert_eq!(s.items[other].pairs.proposal, None);
}

#[test]
fn title_edits_matter_only_where_the_meeting_has_a_twin() {
    let mut agenda = meeting("Region X", "Styrelsen", "2025-03-01", "dagordning");
    add(&mut agenda, 1, "A", &[]);
    let mut protocol = meeting("Region X", "Styrelsen", "2025-03-01", "protokoll");
    add(&mut protocol, 1, "A", &[]);
    let mut alone = meeting("Region X", "Styrelsen", "2025-04-01", "protokoll");
    add(&mut alone, 1, "A", &[]);
    let s = site(vec![agenda, protocol, alone]);
    assert!(super::title_pairs(
        &s,
        find(&s, "styrelsen", "2025-03-01", 1)
    ));
    assert!(!super::title_pairs(
        &s,
        find(&s, "styrelsen", "2025-04-01", 1)
    ));
}
