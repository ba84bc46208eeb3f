use super::super::{cluster, surfaces};
use super::*;
use crate::test_edits::Rng;

/// A random item's terms from a small, skewed vocabulary (so that some terms are too
/// common for 600 items, and many are seeds), with two ways to print each title word.
fn random_terms(rng: &mut Rng) -> ItemSignature {
    let term = |rng: &mut Rng| {
        let spread = 1 + rng.below(40);
        format!("t{}", rng.below(spread))
    };
    let mut title: Vec<String> = (0..rng.below(4)).map(|_| term(rng)).collect();
    title.sort();
    title.dedup();
    let mut body: Vec<String> = (0..rng.below(5)).map(|_| term(rng)).collect();
    body.sort();
    body.dedup();
    if title.is_empty() {
        body.clear();
    }
    let surfaces = (title.iter())
        .map(|t| (t.clone(), format!("{t}{}", "x".repeat(rng.below(2)))))
        .collect();
    ItemSignature::of(&ItemTerms {
        title,
        body,
        surfaces,
    })
}

/// Issue 16: the index kept through items put in and taken out equals one made afresh,
/// and its clusters and names equal a full detection's, across the size at which terms
/// become too common.
#[test]
fn the_index_kept_through_edits_detects_as_a_full_run() {
    let mut rng = Rng(16);
    let mut items: Vec<(ItemSignature, u32)> = Vec::new();
    let mut next_meeting = 0;
    for _ in 0..480 {
        if rng.below(5) == 0 {
            next_meeting += 1;
        }
        items.push((random_terms(&mut rng), next_meeting));
    }
    let fresh = |items: &[(ItemSignature, u32)]| {
        let signed: Vec<&ItemSignature> = items.iter().map(|(s, _)| s).collect();
        TermIndex::of(&signed, items.iter().map(|(_, m)| *m).collect(), 2)
    };
    let mut index = fresh(&items);
    for round in 0..300 {
        let at = rng.below(items.len() + 1);
        // Mostly growing, through 500 items, where the share of too common terms starts.
        if rng.below(3) > 0 || items.len() < 2 {
            // Its meeting: a neighbour's, or a new one between two meetings.
            let neighbours = [at.checked_sub(1), Some(at)].map(|k| k.and_then(|k| items.get(k)));
            let meeting = match neighbours[rng.below(2)] {
                Some((_, m)) => *m,
                None => {
                    next_meeting += 1;
                    next_meeting
                }
            };
            let meeting = match neighbours {
                [Some((_, a)), Some((_, b))] if a != b && rng.below(3) == 0 => {
                    next_meeting += 1;
                    next_meeting
                }
                _ => meeting,
            };
            let signed = random_terms(&mut rng);
            index.insert(at, &signed, meeting);
            items.insert(at, (signed, meeting));
        } else {
            let at = at.min(items.len() - 1);
            let (signed, _) = items.remove(at);
            index.remove(at, &signed);
        }
        assert!(index == fresh(&items), "round {round}: the index");
        let terms: Vec<ItemTerms> = items.iter().map(|(s, _)| s.terms()).collect();
        let names: Vec<String> = items.iter().map(|(_, m)| m.to_string()).collect();
        let meetings: Vec<&str> = names.iter().map(String::as_str).collect();
        let want = cluster::cluster(&terms, &meetings, 2);
        let got = index.clusters();
        assert_eq!(
            got,
            want,
            "round {round}: clusters of {} items",
            items.len()
        );
        assert_eq!(
            index.surfaces(&got),
            surfaces(&terms, &want),
            "round {round}"
        );
    }
    assert!(items.len() > 500, "{} items", items.len());
}
