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

/// Each bucket's fingerprint, named by its number (the table's "URL").
pub fn bucket_prints(site: &Site) -> Vec<(String, u128)> {
    let docs = doc_order(site);
    let buckets = bucket_count(site.items.unrecorded().len());
    // A few long runs, not rayon's many small ones: each task normalizes every word it meets
    // once, so its cache of words should see many items.
    let run = docs.len().div_ceil(4 * rayon::current_num_threads()).max(1);
    let mut sums = docs
        .par_chunks(run)
        .enumerate()
        .map(|(k, chunk)| {
            let mut sums = Sums::new(buckets);
            for (j, item) in chunk.iter().enumerate() {
                sums.add_item(site, k * run + j, *item);
            }
            sums.by_bucket
        })
        .reduce(
            || vec![0; buckets],
            |mut a, b| {
                a.iter_mut()
                    .zip(b)
                    .for_each(|(x, y)| *x = x.wrapping_add(y));
                a
            },
        );
    if let Some(first) = sums.first_mut() {
        // The number of organizations and bodies: each has a set, an empty one too.
        let (orgs, bodies) = (site.orgs.unrecorded().len(), site.bodies.unrecorded().len());
        *first = first.wrapping_add(hash(&[u64::MAX, orgs as u64, bodies as u64]));
    }
    sums.into_iter()
        .enumerate()
        .map(|(b, sum)| (b.to_string(), sum))
        .collect()
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
}

impl Sums {
    fn new(buckets: usize) -> Sums {
        Sums {
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
        for (id, place) in best.drain() {
            let (term, bucket) = terms[id];
            let h = hash(&[doc | u64::from(place), term[0], term[1]]);
            self.by_bucket[bucket] = self.by_bucket[bucket].wrapping_add(h);
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
