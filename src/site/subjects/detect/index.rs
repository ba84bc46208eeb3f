//! The items' terms as an inverted index that `serve` keeps between edits, so that subjects
//! are detected again after an item is put in or taken out from what changed, not from every
//! item's terms: hashing the 150,000 items' terms into the index was most of detection's time.
//!
//! ```text
//! term         items      titled  meetings  candidate (titled, meetings ≥ min)
//! regionavtal  [229, 716]  2       2         yes  ─┐ seeds: candidates not too common
//! nrf          [229, 716]  0       2         no    │ for the archive's size now
//! item 500 put in: ids ≥ 500 move up one; its terms' entries, counts and candidacy
//! change; the seeds, their shared items and the clusters follow from the index
//! ```
//!
//! What [`super::cluster::cluster`] finds by walking every item, the index holds ready: each
//! term's items (ascending, once for each time the item names it), how many name it in the
//! title, and how many meetings they span (an item's meeting is new to a list when neither
//! neighbour in it shares the meeting: a meeting's items are numbered together). The seeds'
//! shared items are counted from the seeds' own lists, and titles' surfaces are counted by
//! stem. The result equals a full detection's (tested in `tests.rs`).

use super::candidates::ItemTerms;
use super::cluster::{joined, too_common, Cluster, TermItems, MAX_SEEDS_PER_ITEM};
use super::ItemSignature;
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// One term's entry.
#[derive(Debug, Clone, Default, PartialEq)]
struct Posting {
    /// The items naming it, ascending; an item once for each time it names it.
    items: Vec<u32>,
    /// How many of those name it in the title.
    titled: u32,
    /// How many meetings the items span.
    meetings: u32,
}

/// The inverted index of the items' terms (see the module's header).
#[derive(Debug, Clone, PartialEq)]
pub struct TermIndex {
    terms: FxHashMap<String, Posting>,
    /// The terms named in some title whose items span `min_meetings` meetings: the seeds
    /// but for being too common, which moves with the number of items.
    candidates: BTreeSet<String>,
    /// By stem, each way titles print it, and how often.
    surfaces: FxHashMap<String, BTreeMap<String, u32>>,
    /// Each item's meeting (any number that is one per meeting).
    meeting_of: Vec<u32>,
    min_meetings: usize,
}

impl TermIndex {
    /// The index of `items`' terms; `meeting_of[i]` numbers item `i`'s meeting, and a
    /// meeting's items are numbered together.
    pub fn of<T: std::borrow::Borrow<ItemSignature>>(
        items: &[T],
        meeting_of: Vec<u32>,
        min_meetings: usize,
    ) -> TermIndex {
        let mut index = TermIndex {
            terms: FxHashMap::default(),
            candidates: BTreeSet::new(),
            surfaces: FxHashMap::default(),
            meeting_of,
            min_meetings: min_meetings.max(1),
        };
        for (i, item) in items.iter().enumerate() {
            index.add(i as u32, &item.borrow().terms());
        }
        index
    }

    /// The number of items it holds.
    pub(crate) fn len(&self) -> usize {
        self.meeting_of.len()
    }

    /// Puts in an item at `at` (the items from `at` on move up one), with its terms and
    /// its meeting's number.
    pub fn insert(&mut self, at: usize, signed: &ItemSignature, meeting: u32) {
        let terms = &signed.terms();
        let at = at as u32;
        for posting in self.terms.values_mut() {
            let from = posting.items.partition_point(|i| *i < at);
            posting.items[from..].iter_mut().for_each(|i| *i += 1);
        }
        self.meeting_of.insert(at as usize, meeting);
        self.add(at, terms);
    }

    /// Takes out the item at `at`, whose terms are `terms` (the items after it move down).
    pub fn remove(&mut self, at: usize, signed: &ItemSignature) {
        let terms = &signed.terms();
        let at = at as u32;
        for term in &terms.title {
            self.take(term, at, true);
        }
        for term in body_only(terms) {
            self.take(term, at, false);
        }
        for (stem, surface) in &terms.surfaces {
            let Some(counts) = self.surfaces.get_mut(stem) else {
                continue;
            };
            if let Some(n) = counts.get_mut(surface) {
                *n -= 1;
                if *n == 0 {
                    counts.remove(surface);
                }
            }
            if counts.is_empty() {
                self.surfaces.remove(stem);
            }
        }
        for posting in self.terms.values_mut() {
            let from = posting.items.partition_point(|i| *i <= at);
            posting.items[from..].iter_mut().for_each(|i| *i -= 1);
        }
        self.meeting_of.remove(at as usize);
    }

    /// Adds the terms of item `at` (already numbered among the others).
    fn add(&mut self, at: u32, terms: &ItemTerms) {
        for term in &terms.title {
            self.put(term, at, true);
        }
        for term in body_only(terms) {
            self.put(term, at, false);
        }
        for (stem, surface) in &terms.surfaces {
            let counts = self.surfaces.entry(stem.clone()).or_default();
            *counts.entry(surface.clone()).or_default() += 1;
        }
    }

    /// Whether the item at `place` in `items` is the only one there of its meeting.
    fn alone(&self, items: &[u32], place: usize) -> bool {
        let meeting = |k: usize| self.meeting_of[items[k] as usize];
        let m = meeting(place);
        let before = place > 0 && meeting(place - 1) == m;
        let after = place + 1 < items.len() && meeting(place + 1) == m;
        !before && !after
    }

    fn put(&mut self, term: &str, at: u32, titled: bool) {
        if !self.terms.contains_key(term) {
            self.terms.insert(term.to_string(), Posting::default());
        }
        let Some(posting) = self.terms.get_mut(term) else {
            return;
        };
        let place = posting.items.partition_point(|i| *i <= at);
        posting.items.insert(place, at);
        posting.titled += u32::from(titled);
        let posting = &self.terms[term];
        let new_meeting = self.alone(&posting.items, place);
        let posting = self.terms.get_mut(term).expect("put above");
        posting.meetings += u32::from(new_meeting);
        self.candidacy(term);
    }

    fn take(&mut self, term: &str, at: u32, titled: bool) {
        let Some(posting) = self.terms.get(term) else {
            return;
        };
        let Ok(place) = posting.items.binary_search(&at) else {
            return;
        };
        let last_of_meeting = self.alone(&posting.items, place);
        let posting = self.terms.get_mut(term).expect("found above");
        posting.items.remove(place);
        posting.titled -= u32::from(titled);
        posting.meetings -= u32::from(last_of_meeting);
        if posting.items.is_empty() {
            self.terms.remove(term);
        }
        self.candidacy(term);
    }

    /// Whether `term` is a candidate now, recorded.
    fn candidacy(&mut self, term: &str) {
        let min = self.min_meetings as u32;
        let is = (self.terms.get(term)).is_some_and(|p| p.titled > 0 && p.meetings >= min);
        if is {
            if !self.candidates.contains(term) {
                self.candidates.insert(term.to_string());
            }
        } else {
            self.candidates.remove(term);
        }
    }

    /// The clusters [`super::cluster::cluster`] makes of the items the index holds.
    pub fn clusters(&self) -> Vec<Cluster> {
        let n = self.len();
        let seeds: Vec<(&String, &Posting)> = (self.candidates.iter())
            .map(|t| (t, &self.terms[t]))
            .filter(|(_, p)| !too_common(p.items.len(), n))
            .collect();
        let shared = shared_counts(n, &seeds);
        let seeds = (seeds.into_iter())
            .map(|(term, p)| TermItems {
                term: term.clone(),
                items: p.items.iter().map(|i| *i as usize).collect(),
            })
            .collect();
        joined(seeds, shared)
    }

    /// For each stem of the clusters, the word titles print most often for it, as
    /// `super::surfaces` chooses it.
    pub fn surfaces(&self, clusters: &[Cluster]) -> HashMap<String, String> {
        let shown = clusters.iter().flat_map(|c| &c.terms).map(|t| &t.term);
        let mut best = HashMap::new();
        for stem in shown {
            let Some(counts) = self.surfaces.get(stem) else {
                continue;
            };
            let mut chosen: Option<(u32, &str)> = None;
            for (surface, &n) in counts {
                let better = |(m, old): &(u32, &str)| {
                    (n, std::cmp::Reverse(surface.len())) > (*m, std::cmp::Reverse(old.len()))
                };
                if chosen.as_ref().is_none_or(better) {
                    chosen = Some((n, surface));
                }
            }
            if let Some((_, surface)) = chosen {
                best.insert(stem.clone(), surface.to_string());
            }
        }
        best
    }
}

/// For each pair of `seeds` (by index), the number of items holding both, counting each
/// item's first [`MAX_SEEDS_PER_ITEM`] seeds as `shared_items` does. The items' seed lists
/// are laid out one after another by item (counted first, then filled in seed order, so
/// each comes out ascending), and the pairs counted by sorting: no map of 150,000 items.
fn shared_counts(n: usize, seeds: &[(&String, &Posting)]) -> Vec<((usize, usize), usize)> {
    let mut start = vec![0u32; n + 1];
    for (_, posting) in seeds {
        for &i in &posting.items {
            start[i as usize + 1] += 1;
        }
    }
    for k in 0..n {
        start[k + 1] += start[k];
    }
    let mut filled = start.clone();
    let mut lists = vec![0u32; start[n] as usize];
    for (s, (_, posting)) in seeds.iter().enumerate() {
        for &i in &posting.items {
            let at = &mut filled[i as usize];
            // An item twice in a list (named twice) counts once.
            if *at == start[i as usize] || lists[*at as usize - 1] != s as u32 {
                lists[*at as usize] = s as u32;
                *at += 1;
            }
        }
    }
    let mut pairs: Vec<u64> = Vec::new();
    for i in 0..n {
        let list = &lists[start[i] as usize..filled[i] as usize];
        let list = &list[..list.len().min(MAX_SEEDS_PER_ITEM)];
        for (k, &a) in list.iter().enumerate() {
            pairs.extend(
                list[k + 1..]
                    .iter()
                    .map(|&b| (u64::from(a) << 32) | u64::from(b)),
            );
        }
    }
    pairs.sort_unstable();
    let pair = |p: u64| ((p >> 32) as usize, (p & u64::from(u32::MAX)) as usize);
    pairs
        .chunk_by(|a, b| a == b)
        .map(|run| (pair(run[0]), run.len()))
        .collect()
}

/// The body's terms the title does not name (the title's count for the item).
fn body_only(terms: &ItemTerms) -> impl Iterator<Item = &String> {
    terms.body.iter().filter(|t| !terms.title.contains(t))
}

#[cfg(test)]
mod tests;
