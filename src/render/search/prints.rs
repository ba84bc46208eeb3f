//! Fingerprints of the index's dictionary buckets, which its files read instead of every
//! item (see [`crate::site::reads::Kind::SearchBucket`]): an incremental build then renders
//! the files of the groups whose buckets an edit changed, not the whole index.
//!
//! A bucket's fingerprint hashes what its terms' entries are made of: every (document, term,
//! place) of a term in the bucket, as [`super::read::Terms`] finds them, through the same
//! [`item_fields`] and in the same document order. It is a sum of one 128-bit hash per
//! triple (the term as its own 128-bit hash), so that items can be hashed in parallel and in
//! any order. The first bucket's also holds every document's organization, body and outcome,
//! whose sets are packed with its group's.
//!
//! What else a file depends on is read from the graph as usual: the order of the meetings
//! (`doc_order`), the number of items (the number of buckets), and, for `meta.json`, the
//! organizations, bodies and years.

use super::read::{doc_order, filters_of, item_fields, Best};
use super::{bucket_count, normalize, words};
use crate::site::{ItemId, Site};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use xxhash_rust::xxh3::xxh3_128;

/// Which groups of buckets (see [`super::group_of`]) each document has a term in, found
/// while fingerprinting: an index of a few groups then reads only the items that have a term
/// in one of them.
pub struct Touches {
    /// Words of 64 bits a document.
    width: usize,
    /// Document by document, a bit per group.
    bits: Vec<u64>,
}

impl Touches {
    /// Whether document `n` has a term in one of the `wanted` groups.
    pub fn any(&self, n: usize, wanted: &[u64]) -> bool {
        let doc = self.bits.get(n * self.width..(n + 1) * self.width);
        doc.is_none_or(|doc| doc.iter().zip(wanted).any(|(a, b)| a & b != 0))
    }

    /// `wanted` (a flag per group) as the words [`Touches::any`] takes.
    pub fn mask(&self, wanted: &[bool]) -> Vec<u64> {
        let mut mask = vec![0; self.width];
        for (g, _) in wanted.iter().enumerate().filter(|(_, w)| **w) {
            if let Some(word) = mask.get_mut(g / 64) {
                *word |= 1 << (g % 64);
            }
        }
        mask
    }
}

/// Each bucket's fingerprint, named by its number (the table's "URL"), and which groups each
/// document has a term in.
pub fn bucket_prints(site: &Site) -> (Vec<(String, u128)>, Touches) {
    let docs = doc_order(site);
    let buckets = bucket_count(site.items.unrecorded().len());
    let width = (buckets / super::group_size(buckets)).div_ceil(64);
    // A few long runs, not rayon's many small ones: each task normalizes every word it meets
    // once, so its cache of words should see many items.
    let run = docs.len().div_ceil(4 * rayon::current_num_threads()).max(1);
    let runs: Vec<Sums> = docs
        .par_chunks(run)
        .enumerate()
        .map(|(k, chunk)| {
            let mut sums = Sums::new(buckets, width);
            for (j, item) in chunk.iter().enumerate() {
                sums.add_item(site, k * run + j, *item);
            }
            sums
        })
        .collect();
    let mut sums = vec![0u128; buckets];
    let mut touches = Touches {
        width,
        bits: Vec::with_capacity(docs.len() * width),
    };
    for run in runs {
        sums.iter_mut()
            .zip(run.by_bucket)
            .for_each(|(x, y)| *x = x.wrapping_add(y));
        touches.bits.extend(run.touches);
    }
    if let Some(first) = sums.first_mut() {
        // The number of organizations and bodies: each has a set, an empty one too.
        let (orgs, bodies) = (site.orgs.unrecorded().len(), site.bodies.unrecorded().len());
        *first = first.wrapping_add(hash(&[u64::MAX, orgs as u64, bodies as u64]));
    }
    let table = (sums.into_iter().enumerate())
        .map(|(b, sum)| (b.to_string(), sum))
        .collect();
    (table, touches)
}

/// One task's sums, with the terms of the words it met (a word is normalized once a task).
struct Sums {
    by_bucket: Vec<u128>,
    /// Word as printed → its term's number in `terms`.
    by_word: FxHashMap<Box<str>, usize>,
    /// (the term's 128-bit hash as two halves, its bucket), numbered in the order this task
    /// met them.
    terms: Vec<([u64; 2], usize)>,
    best: Best,
    /// Its documents' [`Touches`] bits.
    touches: Vec<u64>,
    width: usize,
}

impl Sums {
    fn new(buckets: usize, width: usize) -> Sums {
        Sums {
            touches: Vec::new(),
            width,
            by_bucket: vec![0; buckets],
            by_word: FxHashMap::default(),
            terms: Vec::new(),
            best: Best::default(),
        }
    }

    fn add_item(&mut self, site: &Site, n: usize, item: ItemId) {
        let buckets = self.by_bucket.len();
        let (by_word, terms, best) = (&mut self.by_word, &mut self.terms, &mut self.best);
        item_fields(site, item, |text, place| {
            for word in words(text) {
                let id = match by_word.get(word) {
                    Some(id) => *id,
                    None => {
                        let term = normalize(word);
                        let bucket = super::bucket_of(&term, buckets);
                        let h = xxh3_128(term.as_bytes());
                        terms.push(([h as u64, (h >> 64) as u64], bucket));
                        by_word.insert(word.into(), terms.len() - 1);
                        terms.len() - 1
                    }
                };
                best.add(id, place);
            }
        });
        // The document's number, above the place (two bits) and a tag: 0 for a term.
        let doc = (n as u64) << 3;
        let at = self.touches.len();
        self.touches.resize(at + self.width, 0);
        let group = super::group_size(buckets);
        for (id, place) in best.drain() {
            let (term, bucket) = terms[id];
            let h = hash(&[doc | u64::from(place), term[0], term[1]]);
            self.by_bucket[bucket] = self.by_bucket[bucket].wrapping_add(h);
            let g = bucket / group;
            self.touches[at + g / 64] |= 1 << (g % 64);
        }
        let (org, body, outcome) = filters_of(site, item);
        let outcome = outcome.map_or(u64::MAX, |k| k as u64);
        let filters = hash(&[doc | 4, org as u64, body as u64, outcome]);
        self.by_bucket[0] = self.by_bucket[0].wrapping_add(filters);
    }
}

/// A 128-bit hash of a few numbers.
fn hash(numbers: &[u64]) -> u128 {
    let mut bytes = [0u8; 32];
    for (at, n) in bytes.chunks_exact_mut(8).zip(numbers) {
        at.copy_from_slice(&n.to_le_bytes());
    }
    xxh3_128(&bytes[..8 * numbers.len().min(4)])
}
