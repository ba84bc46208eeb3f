//! Joining items into subjects. Items never meet one another directly: each term keeps the
//! list of items that name it (an inverted index), so the work grows with the number of terms
//! an item has, not with the number of item pairs.
//!
//! ```text
//! term         items (T = in the title, b = a theme of the body)   meetings  seed?
//! regionavtal  VB§229 T, VN§216 T                                    2         yes
//! fvis         VB§222 T, VB§223 b, VN§220 b                          2         yes
//! cosmic       VB§223 T, VN§220 b                                    2         yes
//! nrf          VB§229 b, VN§216 b                                    2         no: never a title
//! ```
//!
//! A term is a *seed* when some item names it in its title and its items span
//! `min_meetings` meetings. Two seeds are one subject when they share at least two items and
//! half of all the items either has (Jaccard ≥ ½): `cosmic` and `fvis` share VB§223 and VN§220
//! of three, so they make one subject; a term that merely co-occurs in one item does not pull
//! its other items in.

use super::candidates::ItemTerms;
use rustc_hash::FxHashMap;
use std::borrow::Borrow;
use std::collections::{BTreeMap, BTreeSet};

/// Seeds two items must share, at least, to be joined.
const MIN_SHARED_ITEMS: usize = 2;
/// Seeds considered per item when counting shared items; bounds the pair count per item.
pub const MAX_SEEDS_PER_ITEM: usize = 16;
/// In an archive of at least `COMMON_MIN_ITEMS` items, a term in more than one item in
/// `COMMON_SHARE` is vocabulary the generic list missed, not a subject. A report made at every
/// meeting of a busy board (one item in fifteen) stays a subject.
const COMMON_MIN_ITEMS: usize = 500;
const COMMON_SHARE: usize = 10;

/// A seed term and the items (positions in the input) it gathers, ascending.
#[derive(Debug, Clone, PartialEq)]
pub struct TermItems {
    pub term: String,
    pub items: Vec<usize>,
}

/// Terms joined into one subject, each with its items.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    pub terms: Vec<TermItems>,
}

impl Cluster {
    /// The items of all its terms, ascending.
    pub fn members(&self) -> Vec<usize> {
        let all: BTreeSet<usize> = self
            .terms
            .iter()
            .flat_map(|t| t.items.iter().copied())
            .collect();
        all.into_iter().collect()
    }
}

/// Seeds from `items` (with `meetings[i]` the meeting of item `i`), joined into clusters,
/// in a deterministic order (by first term).
pub fn cluster<T: Borrow<ItemTerms>>(
    items: &[T],
    meetings: &[&str],
    min_meetings: usize,
) -> Vec<Cluster> {
    let seeds = seeds(items, meetings, min_meetings);
    let shared = shared_items(items, &seeds);
    joined(seeds, shared)
}

/// The `seeds` (sorted by term) joined by the number of items each pair shares (`shared`,
/// by index into `seeds`, in any order: the sets joined do not depend on it).
pub fn joined(
    seeds: Vec<TermItems>,
    shared: impl IntoIterator<Item = ((usize, usize), usize)>,
) -> Vec<Cluster> {
    let mut sets = DisjointSets::new(seeds.len());
    for ((a, b), count) in shared {
        let union = seeds[a].items.len() + seeds[b].items.len() - count;
        if count >= MIN_SHARED_ITEMS && 2 * count >= union {
            sets.join(a, b);
        }
    }
    let mut groups: BTreeMap<usize, Vec<TermItems>> = BTreeMap::new();
    for (i, seed) in seeds.into_iter().enumerate() {
        groups.entry(sets.root(i)).or_default().push(seed);
    }
    let mut clusters: Vec<Cluster> = groups
        .into_values()
        .map(|terms| Cluster { terms })
        .collect();
    clusters.sort_by(|a, b| a.terms[0].term.cmp(&b.terms[0].term));
    clusters
}

/// Terms named in some title whose items span enough meetings, sorted by term.
fn seeds<T: Borrow<ItemTerms>>(
    items: &[T],
    meetings: &[&str],
    min_meetings: usize,
) -> Vec<TermItems> {
    // Every term of every item goes through this map, so it is hashed; only the few seeds
    // are sorted.
    let mut index: FxHashMap<&str, (Vec<usize>, bool)> = FxHashMap::default();
    for (i, item) in items.iter().enumerate() {
        let item = item.borrow();
        for term in &item.title {
            let entry = index.entry(term).or_default();
            entry.0.push(i);
            entry.1 = true;
        }
        for term in item.body.iter().filter(|t| !item.title.contains(t)) {
            index.entry(term).or_default().0.push(i);
        }
    }
    let too_common = |n: usize| too_common(n, items.len());
    let mut spans = Spans::new(meetings);
    let mut seeds: Vec<TermItems> = index
        .into_iter()
        .filter(|(_, (list, titled))| *titled && !too_common(list.len()))
        .filter(|(_, (list, _))| spans.meetings(list) >= min_meetings)
        .map(|(term, (items, _))| TermItems {
            term: term.to_string(),
            items,
        })
        .collect();
    seeds.sort_unstable_by(|a, b| a.term.cmp(&b.term));
    seeds
}

/// Whether a term in `n` of `items` items is too common to be a subject (see
/// [`COMMON_SHARE`]).
pub fn too_common(n: usize, items: usize) -> bool {
    items >= COMMON_MIN_ITEMS && n * COMMON_SHARE > items
}

/// Counts the meetings a list of items spans. Every titled term of the archive is counted,
/// so rather than a set of meeting names per term, each meeting is numbered once and
/// remembers the last count that saw it.
struct Spans {
    meeting_of: Vec<usize>,
    seen_in: Vec<usize>,
    count: usize,
}

impl Spans {
    fn new(meetings: &[&str]) -> Spans {
        let mut numbers: FxHashMap<&str, usize> = FxHashMap::default();
        let meeting_of = meetings
            .iter()
            .map(|m| {
                let next = numbers.len();
                *numbers.entry(m).or_insert(next)
            })
            .collect();
        Spans {
            meeting_of,
            seen_in: vec![0; numbers.len()],
            count: 0,
        }
    }

    /// The number of distinct meetings of `items`.
    fn meetings(&mut self, items: &[usize]) -> usize {
        self.count += 1;
        let mut n = 0;
        for &i in items {
            let seen = &mut self.seen_in[self.meeting_of[i]];
            if *seen != self.count {
                *seen = self.count;
                n += 1;
            }
        }
        n
    }
}

/// For each pair of seeds (by index into `seeds`), the number of items holding both.
fn shared_items<T: Borrow<ItemTerms>>(
    items: &[T],
    seeds: &[TermItems],
) -> BTreeMap<(usize, usize), usize> {
    let position: FxHashMap<&str, usize> = seeds
        .iter()
        .enumerate()
        .map(|(i, s)| (s.term.as_str(), i))
        .collect();
    let mut shared = BTreeMap::new();
    for item in items {
        let item = item.borrow();
        let mut present: Vec<usize> = item
            .title
            .iter()
            .chain(&item.body)
            .filter_map(|t| position.get(t.as_str()).copied())
            .collect();
        present.sort_unstable();
        present.dedup();
        present.truncate(MAX_SEEDS_PER_ITEM);
        for (k, &a) in present.iter().enumerate() {
            for &b in &present[k + 1..] {
                *shared.entry((a, b)).or_default() += 1;
            }
        }
    }
    shared
}

/// Union–find over seed indexes; the smaller index is the root, so results do not depend on
/// the order of joins.
struct DisjointSets {
    parent: Vec<usize>,
}

impl DisjointSets {
    fn new(n: usize) -> DisjointSets {
        DisjointSets {
            parent: (0..n).collect(),
        }
    }

    fn root(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    fn join(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.root(a), self.root(b));
        let (low, high) = (ra.min(rb), ra.max(rb));
        self.parent[high] = low;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(title: &[&str], body: &[&str]) -> ItemTerms {
        ItemTerms {
            title: title.iter().map(|s| s.to_string()).collect(),
            body: body.iter().map(|s| s.to_string()).collect(),
            surfaces: Vec::new(),
        }
    }

    fn terms(clusters: &[Cluster]) -> Vec<Vec<&str>> {
        clusters
            .iter()
            .map(|c| c.terms.iter().map(|t| t.term.as_str()).collect())
            .collect()
    }

    #[test]
    fn a_seed_needs_a_title_and_two_meetings() {
        let items = [
            item(&["regionavtal"], &["nrf"]),
            item(&["regionavtal"], &["nrf"]),
            item(&["labhus"], &[]),
            item(&["labhus"], &[]),
        ];
        let clusters = cluster(&items, &["vb", "vn", "vb", "vb"], 2);
        assert_eq!(terms(&clusters), [["regionavtal"]]);
        assert_eq!(clusters[0].members(), [0, 1]);
    }

    #[test]
    fn terms_sharing_most_items_join() {
        let items = [
            item(&["fvis"], &[]),
            item(&["cosmic"], &["fvis"]),
            item(&["itplan"], &["cosmic", "fvis"]),
        ];
        let clusters = cluster(&items, &["vb", "vb", "vn"], 2);
        assert_eq!(terms(&clusters), [["cosmic", "fvis"]]);
        assert_eq!(clusters[0].members(), [0, 1, 2]);
    }

    #[test]
    fn spans_count_distinct_meetings() {
        let mut spans = Spans::new(&["a", "b", "a", "c", "b"]);
        assert_eq!(spans.meetings(&[0, 2]), 1);
        assert_eq!(spans.meetings(&[0, 1, 2, 4]), 2);
        assert_eq!(spans.meetings(&[4, 3, 2, 1, 0]), 3);
        assert_eq!(spans.meetings(&[]), 0);
        assert_eq!(spans.meetings(&[3]), 1);
    }

    #[test]
    fn one_shared_item_does_not_join() {
        let items = [
            item(&["nus"], &[]),
            item(&["labhus"], &[]),
            item(&["regionavtal"], &["nus"]),
            item(&["regionavtal"], &[]),
            item(&["nus", "labhus"], &[]),
        ];
        let clusters = cluster(&items, &["a", "b", "c", "d", "e"], 2);
        assert_eq!(
            terms(&clusters),
            [vec!["labhus"], vec!["nus"], vec!["regionavtal"]]
        );
    }
}
