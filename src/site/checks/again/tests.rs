use super::super::graph_problems;
use super::Origin;
use crate::site::{build, ItemId, MeetingId, Shift, Site};

/// The example archive's graph.
fn example() -> Site {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    crate::pipeline::load(root, None, crate::pipeline::Keep::Problems)
        .unwrap_or_else(|_| panic!("the example archive loads"))
        .site
}

/// A meeting with two items or more, and its last two items.
fn two_items(site: &Site) -> (MeetingId, ItemId, ItemId) {
    let meetings = site.meetings.unrecorded();
    let m = (meetings.ids())
        .find(|m| meetings[*m].items.len() >= 2)
        .expect("a meeting with two items");
    let items = &meetings[m].items;
    (m, items[items.len() - 2], items[items.len() - 1])
}

/// Gives item `i` the number of `other` and a case number that does not parse, as a relink
/// patches an item in, and sorts its meeting's items again.
fn break_item(site: &mut Site, m: MeetingId, i: ItemId, other: ItemId) {
    let number = site.items.unrecorded()[other].meta.number.clone();
    let meta = &mut site.items[i].meta;
    meta.number = number;
    meta.cases.push("inget nummer".into());
    site.case_numbers[i.index()] = build::item_case_numbers(&site.items.unrecorded()[i].meta);
    let mut items = std::mem::take(&mut site.meetings[m].items);
    build::sort_items(site.items.unrecorded(), &mut items);
    site.meetings[m].items = items;
}

#[test]
fn checking_again_what_a_relink_changed_equals_a_full_pass() {
    let mut site = example();
    let before = graph_problems(&site);
    let (m, i, other) = two_items(&site);
    break_item(&mut site, m, i, other);
    let full = graph_problems(&site);
    // The edit made problems: keeping the old ones would not do.
    assert_ne!(full, before);
    assert!(full.origins.contains(&Origin::Numbers(m)));
    assert!(full.origins.contains(&Origin::CaseNumbers(i)));
    let mut again = before.clone();
    again.again(&site, &[m], &[i]);
    assert_eq!(again, full);
    // And back: the problems go again.
    let mut site = example();
    let mut broken = site_broken(&mut site, m, i, other);
    let fresh = example();
    site.items[i].meta = fresh.items.unrecorded()[i].meta.clone();
    site.case_numbers[i.index()] = fresh.case_numbers[i.index()].clone();
    site.meetings[m].items = fresh.meetings.unrecorded()[m].items.clone();
    broken.again(&site, &[m], &[i]);
    assert_eq!(broken, before);
}

/// `site` with item `i` broken (see [`break_item`]), and its problems.
fn site_broken(site: &mut Site, m: MeetingId, i: ItemId, other: ItemId) -> super::Checked {
    break_item(site, m, i, other);
    graph_problems(site)
}

#[test]
fn a_shift_moves_the_items_problems_and_drops_those_of_an_item_taken_out() {
    let mut site = example();
    let (m, i, other) = two_items(&site);
    let checked = site_broken(&mut site, m, i, other);
    let at = |c: &super::Checked, item: usize| {
        c.origins
            .iter()
            .filter(|o| **o == Origin::CaseNumbers(ItemId::new(item)))
            .count()
    };
    let mut inserted = checked.clone();
    inserted.shift(Shift::Inserted(i.index()));
    assert_eq!(at(&inserted, i.index() + 1), at(&checked, i.index()));
    assert_eq!(at(&inserted, i.index()), 0);
    let mut removed = checked.clone();
    removed.shift(Shift::Removed(i.index()));
    assert_eq!(
        removed.problems.len(),
        checked.problems.len() - at(&checked, i.index())
    );
    let sorted = removed.origins.windows(2).all(|w| w[0] <= w[1]);
    assert!(sorted, "origins stay in the order of a full pass");
}
