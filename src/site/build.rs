//! Assembling the graph from documents: organizations and bodies from the folder names,
//! meetings and items with their URLs, cases from the items' case numbers and references.

use super::*;
use crate::case_number::CaseNumber;
use crate::diag::Diagnostic;
use crate::model::ItemNumber;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;

pub(super) fn build(
    config: Config,
    mut docs: Documents,
    known: &subjects::Signatures,
) -> (Site, Diagnostics) {
    // An item file with a bad name is left out on its own, before anything counts the items
    // (subject detection pairs its inputs with the graph's items by position).
    let misnamed = take_misnamed_items(&mut docs);
    let folders: Vec<Result<(), Diagnostic>> =
        docs.meetings.par_iter().map(check_folder_names).collect();
    let kept: Vec<bool> = folders.iter().map(Result::is_ok).collect();
    let subjects_config = config.subjects.clone();
    let (inputs, signatures) = subjects::Inputs::take(&docs, &kept, &subjects_config, known);
    // Detection reads only the signatures, meetings and hand-set subjects taken above, so it
    // runs on one core while the graph is assembled, mostly one step at a time, on the other.
    let (detection, (mut site, mut diags)) = rayon::join(
        || inputs.detect(&subjects_config),
        || graph(config, docs, folders),
    );
    crate::timings::stage("subjects", || {
        site.topics_checked = subjects::collect(&mut site, detection);
        diags.extend(site.topics_checked.iter().cloned())
    });
    diags.extend(misnamed);
    site.signatures = signatures;
    (site, diags)
}

/// Item files whose names are not slugs (`Fem.md`): each is an error at the file itself, and
/// only that file is left out; its meeting and the other items stay.
fn take_misnamed_items(docs: &mut Documents) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for meeting in &mut docs.meetings {
        meeting.items.retain(|item| {
            if is_slug(&item.stem) {
                return true;
            }
            let wanted = format!(
                "{:03}-{}.md",
                item.meta.number.sort_key().0.min(999),
                crate::slug::slugify(&item.meta.title)
            );
            out.push(
                Diagnostic::error(&item.path, format!("the file name `{}.md` is not a slug, so it cannot be a page's address", item.stem))
                    .hint(format!("item files are named by number and title in lowercase a–z, digits and single dashes: rename it, e.g. to `{wanted}`")),
            );
            false
        });
    }
    out
}

/// The graph without its subjects: `folders[m]` tells whether meeting `m` has slugs for
/// folder names (see [`check_folder_names`]); a meeting without is left out.
fn graph(
    config: Config,
    mut docs: Documents,
    folders: Vec<Result<(), Diagnostic>>,
) -> (Site, Diagnostics) {
    let mut diags = Diagnostics::default();
    let mut site = Site {
        config,
        orgs: Arena::default(),
        bodies: Arena::default(),
        meetings: Arena::default(),
        items: Arena::default(),
        cases: Arena::default(),
        people: Arena::default(),
        parties: Arena::default(),
        subjects: Arena::default(),
        case_index: Vec::new(),
        person_index: HashMap::new(),
        registry: None,
        unregistered: Vec::new(),
        signatures: subjects::Signatures::default(),
        checked: Default::default(),
        checked_at: 0,
        topics_checked: Vec::new(),
        case_numbers: Vec::new(),
        term_index: None,
    };
    // The registry names the people, gathered last from the whole graph.
    let registry = docs.people.take();
    let started = std::time::Instant::now();
    let mut org_ids: BTreeMap<String, OrgId> = BTreeMap::new();
    let mut body_ids: BTreeMap<(OrgId, String), BodyId> = BTreeMap::new();
    // Items are large structs; growing the vector by doubling would copy them all again.
    site.items
        .build_mut()
        .reserve(docs.meetings.iter().map(|m| m.items.len()).sum());
    site.meetings.build_mut().reserve(docs.meetings.len());
    for (doc, folder) in docs.meetings.into_iter().zip(folders) {
        if let Err(d) = folder {
            diags.push(d);
            continue;
        }
        let org = *org_ids
            .entry(doc.org.clone())
            .or_insert_with(|| add_org(&mut site, &doc));
        let body = *body_ids
            .entry((org, doc.body.clone()))
            .or_insert_with(|| add_body(&mut site, org, &doc));
        warn_name_mismatch(&site, org, body, &doc, &mut diags);
        add_meeting(&mut site, org, body, doc);
    }
    crate::timings::record("meetings", started.elapsed());
    use crate::timings::stage;
    stage("graph", || {
        site.case_numbers = case_numbers(site.items.unrecorded());
        sort_and_link(&mut site);
        link_cases(&mut site, &mut diags);
    });
    stage("references", || references::resolve_all(&mut site));
    stage("pairing", || pairing::pair_all(&mut site));
    stage("graph checks", || {
        site.checked = checks::graph_problems(&site)
    });
    site.checked_at = diags.0.len();
    diags.extend(site.checked.problems.iter().cloned());
    stage("people", || people::collect(&mut site, registry.as_ref()));
    site.registry = registry;
    (site, diags)
}

/// Folder names become URL segments: they must already be slugs, so nothing a hand edit puts
/// in a folder name can make a URL that escapes the site or needs escaping.
fn check_folder_names(doc: &MeetingDoc) -> Result<(), Diagnostic> {
    for name in [&doc.org, &doc.body, &doc.folder] {
        if !is_slug(name) || name == "arenden" {
            return Err(Diagnostic::error(&doc.path, format!("the folder name `{name}` is not a slug"))
                .hint("folder names are lowercase a–z, digits and single dashes (`region-vasterbotten`); `arenden` is reserved for cases"));
        }
    }
    Ok(())
}

/// `slugify(name) == name`, without making the slug (a sixteenth of loading's instructions
/// went to slugifying every file name): lowercase a–z and digits in runs joined by single
/// dashes (or nothing), which is all `slugify` writes and what it leaves as it is.
fn is_slug(name: &str) -> bool {
    let bytes = name.as_bytes();
    let plain = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    let ends = bytes.first().is_none_or(plain) && bytes.last().is_none_or(plain);
    ends && bytes.iter().all(|b| plain(b) || *b == b'-') && !name.contains("--")
}

/// The fragment of an item on its meeting's page: `p229`, `p229a` (the slug of the number).
pub(super) fn anchor(number: &ItemNumber) -> String {
    match number {
        // A number's digits are their own slug.
        ItemNumber::Int(n) => format!("p{n}"),
        ItemNumber::Text(s) => format!("p{}", crate::slug::slugify(s)),
    }
}

fn add_org(site: &mut Site, doc: &MeetingDoc) -> OrgId {
    let id = site.orgs.next_id();
    site.orgs.push(Org {
        slug: doc.org.clone(),
        name: doc.meta.organization.clone(),
        url: format!("{}/", doc.org),
        cases_url: format!("{}/arenden/", doc.org),
        bodies: Vec::new(),
        meetings: Vec::new(),
        cases: Vec::new(),
    });
    id
}

fn add_body(site: &mut Site, org: OrgId, doc: &MeetingDoc) -> BodyId {
    let id = site.bodies.next_id();
    site.bodies.push(Body {
        org,
        slug: doc.body.clone(),
        name: doc.meta.body.clone(),
        url: format!("{}/{}/", doc.org, doc.body),
        meetings: Vec::new(),
    });
    site.orgs[org].bodies.push(id);
    id
}

fn warn_name_mismatch(
    site: &Site,
    org: OrgId,
    body: BodyId,
    doc: &MeetingDoc,
    diags: &mut Diagnostics,
) {
    let (o, b) = (&site.orgs[org], &site.bodies[body]);
    if o.name != doc.meta.organization {
        diags.push(
            Diagnostic::warning(
                &doc.path,
                format!(
                    "organization `{}` differs from `{}` in the same folder",
                    doc.meta.organization, o.name
                ),
            )
            .at(2, 1)
            .hint("use one spelling per organization folder; the first one found is shown"),
        );
    }
    if b.name != doc.meta.body {
        diags.push(
            Diagnostic::warning(
                &doc.path,
                format!(
                    "body `{}` differs from `{}` in the same folder",
                    doc.meta.body, b.name
                ),
            )
            .hint("use one spelling per body folder; the first one found is shown"),
        );
    }
}

fn add_meeting(site: &mut Site, org: OrgId, body: BodyId, doc: MeetingDoc) {
    let (doc, item_docs) = split_meeting(doc);
    let id = site.meetings.next_id();
    let url = format!("{}{}/", site.bodies[body].url, doc.folder);
    let mut items = Vec::with_capacity(item_docs.len());
    for item in item_docs {
        items.push(site.items.next_id());
        site.items.push(new_item(id, &url, item));
    }
    sort_items(site.items.unrecorded(), &mut items);
    let appeal = crate::appeal::Appeal::of(&doc.meta, site.config.today);
    site.meetings.push(Meeting {
        org,
        body,
        folder: doc.folder,
        url,
        path: doc.path,
        meta: doc.meta,
        text: doc.text,
        digest: doc.digest,
        modified: doc.modified,
        items,
        prev: None,
        next: None,
        appeal,
    });
    site.bodies[body].meetings.push(id);
    site.orgs[org].meetings.push(id);
}

/// The item of the file `doc` in the meeting `meeting` at `meeting_url`, before linking.
pub(super) fn new_item(meeting: MeetingId, meeting_url: &str, doc: ItemDoc) -> Item {
    Item {
        meeting,
        url: format!("{meeting_url}{}/", doc.stem),
        anchor: anchor(&doc.meta.number),
        stem: doc.stem,
        path: doc.path,
        meta: doc.meta,
        text: doc.text,
        digest: doc.digest,
        modified: doc.modified,
        cases: ThinVec::new(),
        mentions: ThinVec::new(),
        reference_targets: ThinVec::new(),
        cited_by: ThinVec::new(),
        subjects: ThinVec::new(),
        pairs: Pairs::default(),
    }
}

/// A meeting's items by (number, stem), comparing the stems in place rather than cloning one
/// per comparison.
pub(super) fn sort_items(all: &Entities<Item>, items: &mut [ItemId]) {
    items.sort_by(|a, b| {
        let (a, b) = (&all[*a], &all[*b]);
        let by_number = a.meta.number.sort_key().cmp(&b.meta.number.sort_key());
        by_number.then_with(|| a.stem.cmp(&b.stem))
    });
}

/// Orders meetings within bodies and organizations and links each to its neighbours.
fn sort_and_link(site: &mut Site) {
    let meetings = &site.meetings;
    let by_date = |a: &MeetingId, b: &MeetingId| {
        (meetings[*a].meta.date, &meetings[*a].folder)
            .cmp(&(meetings[*b].meta.date, &meetings[*b].folder))
    };
    for body in &mut site.bodies {
        body.meetings.sort_by(by_date);
    }
    for org in &mut site.orgs {
        org.meetings.sort_by(|a, b| by_date(b, a));
        let bodies = &site.bodies;
        org.bodies
            .sort_by(|a, b| bodies[*a].name.cmp(&bodies[*b].name));
    }
    for body in &site.bodies {
        for pair in body.meetings.windows(2) {
            site.meetings[pair[0]].next = Some(pair[1]);
            site.meetings[pair[1]].prev = Some(pair[0]);
        }
    }
}

/// Creates a case for every case number an item carries or mentions, then orders each case's
/// appearances by date. A case's id is the order in which it is first seen: by item, then by
/// place among the item's own numbers and then its references' (see
/// [`super::case_links`], which links a few items again and keeps that order).
pub(super) fn link_cases(site: &mut Site, _diags: &mut Diagnostics) {
    for item in site.items.ids() {
        link_item(site, item);
    }
    order_cases(site);
}

/// Links item `item` to the cases of its numbers (from [`Site::case_numbers`]), making the
/// cases not seen before.
pub(super) fn link_item(site: &mut Site, item: ItemId) {
    let numbers = std::mem::take(&mut site.case_numbers[item.index()]);
    let org = site.meeting_of(item).org;
    let (own, mentioned) = &numbers;
    for num in own.iter().flatten() {
        let case = case_id(site, org, num);
        push_unique(&mut site.items[item].cases, case);
        push_unique(&mut site.cases[case].appearances, item);
    }
    for num in mentioned {
        let case = case_id(site, org, num);
        if !site.items[item].cases.contains(&case) {
            push_unique(&mut site.items[item].mentions, case);
            push_unique(&mut site.cases[case].mentioned_in, item);
        }
    }
    site.case_numbers[item.index()] = numbers;
}

/// The case numbers of each item (see [`CaseNumbers`]). Parsed in parallel, as parsing was
/// most of linking's time; the cases are then made in item order, so their ids do not depend
/// on the threads.
pub(super) fn case_numbers(items: &[Item]) -> Vec<CaseNumbers> {
    items
        .par_iter()
        .map(|item| item_case_numbers(&item.meta))
        .collect()
}

/// An item's own case numbers, parsed (`None` for one that does not parse: the checks say so),
/// and those of its references that parse.
pub(super) fn item_case_numbers(meta: &crate::model::ItemMeta) -> CaseNumbers {
    let own = meta.cases.iter().map(|c| CaseNumber::parse(c)).collect();
    let mentioned = meta.references.iter().filter_map(|r| r.case.as_deref());
    (own, mentioned.filter_map(CaseNumber::parse).collect())
}

fn case_id(site: &mut Site, org: OrgId, num: &CaseNumber) -> CaseId {
    if site.case_index.len() <= org.index() {
        site.case_index
            .resize_with(org.index() + 1, FxHashMap::default);
    }
    let id = match site.case_index[org.index()].get(num.canonical.as_str()) {
        Some(id) => *id,
        None => {
            let slug = num.slug();
            let id = site.cases.next_id();
            site.cases.push(Case {
                org,
                url: format!("{}arenden/{slug}/", site.orgs[org].url),
                number: num.canonical.clone(),
                slug,
                appearances: Vec::new(),
                mentioned_in: Vec::new(),
                documents: Vec::new(),
            });
            site.case_index[org.index()].insert(num.canonical.clone(), id);
            id
        }
    };
    if let Some(doc) = &num.document {
        push_unique(&mut site.cases[id].documents, doc.clone());
    }
    id
}

fn push_unique<T: PartialEq, V: std::ops::Deref<Target = [T]> + Extend<T>>(v: &mut V, x: T) {
    if !v.contains(&x) {
        v.extend(std::iter::once(x));
    }
}

fn order_cases(site: &mut Site) {
    for case in site.cases.ids() {
        order_case(site, case);
    }
    for (id, case) in site.cases.enumerate() {
        site.orgs[case.org].cases.push(id);
    }
    let cases = &site.cases;
    for org in &mut site.orgs {
        org.cases
            .sort_by(|a, b| cases[*a].number.cmp(&cases[*b].number));
    }
}

/// Orders one case's appearances and mentions by date (then number and item), and its
/// documents.
pub(super) fn order_case(site: &mut Site, case: CaseId) {
    let mut appearances = std::mem::take(&mut site.cases.build_mut()[case].appearances);
    let mut mentioned_in = std::mem::take(&mut site.cases.build_mut()[case].mentioned_in);
    let items = site.items.unrecorded();
    let key = |i: &ItemId| {
        let item = &items[*i];
        let date = site.meetings.unrecorded()[item.meeting].meta.date;
        (date, item.meta.number.sort_key(), *i)
    };
    appearances.sort_by_cached_key(key);
    mentioned_in.sort_by_cached_key(key);
    let case = &mut site.cases.build_mut()[case];
    case.appearances = appearances;
    case.mentioned_in = mentioned_in;
    case.documents.sort();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_slug_agrees_with_slugify() {
        let names = [
            "",
            "-",
            "a",
            "a-",
            "-a",
            "a--b",
            "a-b",
            "229-x",
            "2024-12-05",
            "Ab",
            "å",
            "a_b",
            "a b",
            "region-vasterbotten",
            "x.md",
            "a-0-z9",
        ];
        for name in names {
            assert_eq!(
                is_slug(name),
                crate::slug::slugify(name) == name,
                "{name:?}"
            );
        }
    }

    #[test]
    fn anchors_are_slugs_of_the_number() {
        for n in [ItemNumber::Int(229), ItemNumber::Text("229 A".into())] {
            assert_eq!(
                anchor(&n),
                format!("p{}", crate::slug::slugify(&n.to_string()))
            );
        }
    }
}
