use super::super::{build, Arena};
use super::*;
use crate::case_number::CaseNumber;
use crate::diag::Diagnostics;
use crate::test_edits::Rng;

/// Everything linking makes of the cases, to compare two graphs' by.
fn linked(site: &Site) -> String {
    let items: Vec<_> = (site.items.unrecorded().iter())
        .map(|i| (&i.cases, &i.mentions))
        .collect();
    let orgs: Vec<_> = site.orgs.unrecorded().iter().map(|o| &o.cases).collect();
    let mut index: Vec<Vec<(&String, &CaseId)>> = (site.case_index.iter())
        .map(|m| m.iter().collect())
        .collect();
    index.iter_mut().for_each(|m| m.sort());
    format!("{:#?}", (site.cases.unrecorded(), items, orgs, index))
}

/// The cases linked again from every item, as a fresh build links them.
fn linked_afresh(site: &mut Site) {
    for item in site.items.iter_mut() {
        item.cases.clear();
        item.mentions.clear();
    }
    for org in site.orgs.iter_mut() {
        org.cases.clear();
    }
    site.cases = Arena::default();
    site.case_index.clear();
    build::link_cases(site, &mut Diagnostics::default());
}

/// Random case numbers for an item: own and referenced, from numbers other items carry and
/// new ones, some naming a document, some repeated, some that do not parse.
fn numbers(rng: &mut Rng, site: &Site) -> super::super::CaseNumbers {
    let pool = [
        "RS 2273-2024",
        "RS 2273-2024-3",
        "RS 1-2024",
        "KS 12-2023",
        "RV250029-3",
        "RV250029",
        "RS 9999-2019",
        "not a number",
    ];
    let pick = |rng: &mut Rng| -> Option<CaseNumber> {
        if rng.below(3) == 0 {
            let other = rng.below(site.case_numbers.len());
            let (own, _) = &site.case_numbers[other];
            return own.first().cloned().flatten();
        }
        CaseNumber::parse(pool[rng.below(pool.len())])
    };
    let own = (0..rng.below(4)).map(|_| pick(rng)).collect();
    let mentioned = (0..rng.below(3)).filter_map(|_| pick(rng)).collect();
    (own, mentioned)
}

/// Issue 16: linking the cases of a few items again equals linking every item afresh, ids
/// and order included, whether the cases keep their ids or are numbered again.
#[test]
fn relinking_a_few_items_equals_linking_all() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let archive = crate::pipeline::load(root, None, crate::pipeline::Keep::Everything)
        .unwrap_or_else(|d| panic!("loads: {d:?}"));
    let mut site = archive.site;
    let mut rng = Rng(2026);
    let (mut renumbered, mut kept) = (0, 0);
    for round in 0..200 {
        let n = site.items.unrecorded().len();
        let patched: Vec<ItemId> = (0..1 + rng.below(3))
            .map(|_| ItemId::new(rng.below(n)))
            .collect();
        for p in &patched {
            site.case_numbers[p.index()] = numbers(&mut rng, &site);
        }
        let (moves, _) = site.relink_cases(&patched, Vec::new());
        renumbered += usize::from(moves.0.is_some());
        kept += usize::from(moves.0.is_none());
        let got = linked(&site);
        linked_afresh(&mut site);
        assert!(got == linked(&site), "round {round}: {patched:?}");
    }
    assert!(renumbered > 0, "some edits number the cases again");
    // Those are told by the touched cases alone (see `still_numbered`).
    assert!(kept > 0, "some edits keep the cases' ids");
}
