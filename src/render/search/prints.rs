//! Fingerprints of the index's dictionary buckets and filter sets, which its files read
//! instead of every item (see [`crate::site::reads::Kind::SearchBucket`]): an incremental
//! build then renders the files of the groups whose buckets an edit changed, not the whole
//! index.
//!
//! A bucket's fingerprint hashes what its terms' entries are made of: every (document, term,
//! place) of a term in the bucket, as [`super::read::Terms`] finds them, through the same
//! [`Splitter`]. It is a sum of one 128-bit hash per triple (the term as its own 128-bit
//! hash), so that items can be hashed in parallel and in any order, and so that an item's
//! part can be taken out again. A filter's fingerprint (entries after the buckets') hashes
//! its documents.
//!
//! Finding the triples means splitting every word of every item, about a second at 10,000
//! meetings: too much for a build where nothing, or one item, changed. So a build keeps
//! ([`Kept`], in the build cache) a digest of each document's fields and which groups it has
//! terms in, and the next one splits only the documents whose digest changed: their part of
//! each sum as the last build had it (the last build's parse of their file, which the caller
//! looks up) is taken out and their part now put in. Anything else that moved — the
//! documents' order or number, a parse the caller cannot give or that is not the one the
//! digest was made from — makes it split every item.
//!
//! A build without a cache splits no item for the sums: it renders the whole index, which
//! splits every item anyway, and the index hands back the sums of its own postings
//! ([`Summed`]) before the cache is written; the other fingerprints ([`Unsummed`]) need no
//! words.
//!
//! One more entry, after the filters', stands for the documents' order (`doc_order`): the
//! items' URLs in that order, the number of buckets and the years the documents span, which
//! every file made from the order reads instead of every meeting (see [`super::order_entry`]).
//! What else a file depends on is read from the graph as usual: for `meta.json`, the
//! organizations and bodies; for a document's file, its item and meeting.

use super::read::{doc_order, fields, number_of, years, Fields, Filters, Splitter};
use super::{bucket_count, filter_sets, group_size};
use crate::site::fingerprint::Key;
use crate::site::{ItemId, Site};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use xxhash_rust::xxh3::{xxh3_128, Xxh3};

/// Which groups of buckets (see [`super::group_of`]) each document has a term in: an index of
/// a few groups then reads only the items that have a term in one of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Touches {
    /// Words of 64 bits a document.
    pub width: usize,
    /// Document by document, a bit per group.
    pub bits: Vec<u64>,
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

/// What a build keeps for the next one's fingerprints of the index (see the module's header).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Kept {
    /// What numbers the documents: their items' URLs in document order, and the number of
    /// buckets.
    pub order: u128,
    /// By document: a digest of its fields (see [`digest`]).
    pub docs: Vec<u128>,
    pub touches: Touches,
}

/// What the last build knew, for [`bucket_prints`] to start from.
pub struct Before<'a> {
    pub kept: Kept,
    /// The last build's search entries of the fingerprint table.
    pub table: &'a [(Key, u128)],
    /// An item's front-matter and text as the last build parsed them, when known.
    pub previous: &'a (dyn Fn(ItemId) -> Option<(crate::model::ItemMeta, String)> + Sync),
}

/// Each bucket's and each filter's fingerprint, named by its file's number (the table's
/// "URL"), what to keep for the next build, and how many items were split into words.
pub fn bucket_prints(site: &Site, before: Option<Before<'_>>) -> (Vec<(Key, u128)>, Kept, usize) {
    let unsummed = Unsummed::of(site);
    let updated = before.and_then(|b| update(site, &unsummed, b));
    match updated {
        Some((summed, split)) => unsummed.with(summed, split),
        None => unsummed.finish(site, None),
    }
}

/// The index's fingerprints but its buckets' sums and touches: what a build without a cache
/// makes before rendering, the index it renders giving the rest (see [`Summed`]).
pub struct Unsummed {
    docs: Vec<ItemId>,
    /// See [`Kept::order`].
    order: u128,
    /// By document: see [`Kept::docs`].
    digests: Vec<u128>,
    /// Each filter's fingerprint.
    filters: Vec<u128>,
    /// The order entry's fingerprint: [`Unsummed::order`] and the years.
    order_entry: u128,
}

impl Unsummed {
    pub fn of(site: &Site) -> Unsummed {
        let docs = doc_order(site);
        let buckets = bucket_count(site.items.unrecorded().len());
        let mut order = Xxh3::new();
        order.update(&(buckets as u64).to_le_bytes());
        for i in &docs {
            let url = &site.items.unrecorded()[*i].url;
            order.update(&(url.len() as u64).to_le_bytes());
            order.update(url.as_bytes());
        }
        let digests: Vec<u128> = docs
            .par_iter()
            .map_init(Vec::new, |buf, i| {
                let (head, text) = Fields::hashed(site, *i);
                digest(&head, text, buf)
            })
            .collect();
        let filters = Filters::read(site, &docs);
        let filters = (filters.orgs.iter())
            .chain(&filters.bodies)
            .chain(&filters.outcomes)
            .map(|docs| xxh3_128(&filter_sets(docs)))
            .collect();
        let order = order.digest128();
        let mut entry = Xxh3::new();
        entry.update(&order.to_le_bytes());
        for (year, first, end) in years(site, &docs) {
            for n in [i64::from(year), first as i64, end as i64] {
                entry.update(&n.to_le_bytes());
            }
        }
        Unsummed {
            docs,
            order,
            digests,
            filters,
            order_entry: entry.digest128(),
        }
    }

    /// The fingerprints with `summed`, the whole index's sums as it was built for this graph;
    /// without them (no index was built whole), every item is split into words to make them.
    pub fn finish(self, site: &Site, summed: Option<Summed>) -> (Vec<(Key, u128)>, Kept, usize) {
        let buckets = bucket_count(site.items.unrecorded().len());
        let (summed, split) = match summed {
            Some(s) => (s, 0),
            None => (every_item(site, &self.docs, buckets), self.docs.len()),
        };
        self.with(summed, split)
    }

    fn with(self, summed: Summed, split: usize) -> (Vec<(Key, u128)>, Kept, usize) {
        // The order entry by a name, not its place: a filter added moves it, and the build's
        // changes match entries by name.
        let table = (summed.sums.into_iter().chain(self.filters).enumerate())
            .map(|(n, print)| (Key::of(&n.to_string()), print))
            .chain([(Key::of("order"), self.order_entry)])
            .collect();
        let kept = Kept {
            order: self.order,
            docs: self.digests,
            touches: summed.touches,
        };
        (table, kept, split)
    }
}

/// A digest of what the index reads of a document's item (not of the document's number: the
/// order of all is [`Kept::order`]): `head`, its fields but the text (which it holds empty),
/// and `text`, the text's hash (see [`crate::content::Text::hash`]), so that no item's text
/// is read from the store to digest it. The fields are gathered in `buf` and hashed at once:
/// every build hashes every item, and a streaming hash fed a dozen short fields an item
/// costs a call per field.
fn digest(head: &Fields<'_>, text: u64, buf: &mut Vec<u8>) -> u128 {
    buf.clear();
    fields(head, |text, place| {
        buf.push(place as u8);
        buf.extend_from_slice(&(text.len() as u64).to_le_bytes());
        buf.extend_from_slice(text.as_bytes());
    });
    buf.extend_from_slice(&text.to_le_bytes());
    xxh3_128(buf)
}

/// The sums and touches of the last build with the parts of the documents that changed
/// taken out and put in again; `None` when that cannot be done (see the module's header) or
/// would split more than an eighth of the items.
fn update(site: &Site, now: &Unsummed, before: Before<'_>) -> Option<(Summed, usize)> {
    let (docs, digests) = (&now.docs, &now.digests);
    let buckets = bucket_count(site.items.unrecorded().len());
    let Before {
        kept,
        table,
        previous,
    } = before;
    let width = touch_width(buckets);
    let same = kept.order == now.order
        && kept.docs.len() == docs.len()
        && kept.touches.width == width
        && kept.touches.bits.len() == docs.len() * width
        && table.len() >= buckets;
    if !same {
        return None;
    }
    let changed: Vec<usize> = (0..docs.len())
        .filter(|n| kept.docs[*n] != digests[*n])
        .collect();
    if changed.len() > docs.len() / 8 {
        return None;
    }
    let mut sums: Vec<u128> = table[..buckets].iter().map(|(_, p)| *p).collect();
    let mut touches = kept.touches;
    let mut split = Sums::new(buckets, width);
    for &n in &changed {
        let (meta, text) = previous(docs[n])?;
        let (head, _) = Fields::hashed(site, docs[n]);
        let head = Fields {
            meta: &meta,
            ..head
        };
        // The parse must be the one the kept digest was made from (a build that failed after
        // reading the content keeps the parse but not the cache).
        let hash = xxhash_rust::xxh3::xxh3_64(text.as_bytes());
        if digest(&head, hash, &mut Vec::new()) != kept.docs[n] {
            return None;
        }
        let old = Fields {
            text: text.as_str().into(),
            ..head
        };
        let (minus, _) = split.item(n, &old);
        let (plus, bits) = split.item(n, &Fields::of(site, docs[n]));
        for (b, h) in minus {
            sums[b] = sums[b].wrapping_sub(h);
        }
        for (b, h) in plus {
            sums[b] = sums[b].wrapping_add(h);
        }
        touches.bits[n * width..(n + 1) * width].copy_from_slice(&bits);
    }
    Some((Summed { sums, touches }, 2 * changed.len()))
}

/// Words of [`Touches`] a document, for `buckets` buckets.
fn touch_width(buckets: usize) -> usize {
    (buckets / group_size(buckets)).div_ceil(64)
}

/// The sums and touches of every document, split into words anew.
fn every_item(site: &Site, docs: &[ItemId], buckets: usize) -> Summed {
    let width = touch_width(buckets);
    // A few long runs, not rayon's many small ones: each task normalizes every word it meets
    // once, so its cache of words should see many items.
    let run = docs.len().div_ceil(4 * rayon::current_num_threads()).max(1);
    let runs: Vec<(Vec<u128>, Vec<u64>)> = docs
        .par_chunks(run)
        .enumerate()
        .map(|(k, chunk)| {
            let mut split = Sums::new(buckets, width);
            let mut sums = vec![0u128; buckets];
            let mut bits = Vec::with_capacity(chunk.len() * width);
            for (j, item) in chunk.iter().enumerate() {
                let (parts, touched) = split.item(k * run + j, &Fields::of(site, *item));
                for (b, h) in parts {
                    sums[b] = sums[b].wrapping_add(h);
                }
                bits.extend(touched);
            }
            (sums, bits)
        })
        .collect();
    let mut sums = vec![0u128; buckets];
    let mut touches = Touches {
        width,
        bits: Vec::with_capacity(docs.len() * width),
    };
    for (run, bits) in runs {
        sums.iter_mut()
            .zip(run)
            .for_each(|(x, y)| *x = x.wrapping_add(y));
        touches.bits.extend(bits);
    }
    Summed { sums, touches }
}

/// Splits items into their (term, place) pairs, and hashes each into its bucket's sum.
struct Sums {
    buckets: usize,
    width: usize,
    splitter: Splitter,
    /// Term → its number in `terms`.
    numbers: FxHashMap<Box<str>, usize>,
    /// (the term's 128-bit hash as two halves, its bucket), numbered in the order met.
    terms: Vec<([u64; 2], usize)>,
}

impl Sums {
    fn new(buckets: usize, width: usize) -> Sums {
        Sums {
            buckets,
            width,
            splitter: Splitter::default(),
            numbers: FxHashMap::default(),
            terms: Vec::new(),
        }
    }

    /// Document `n`'s part of each bucket's sum (one hash a term, added to its bucket's), and
    /// its [`Touches`] bits.
    fn item(&mut self, n: usize, item: &Fields<'_>) -> (Vec<(usize, u128)>, Vec<u64>) {
        let (buckets, terms) = (self.buckets, &mut self.terms);
        let number = |term: String| {
            number_of(&mut self.numbers, term, |term| {
                terms.push((halves(&term), super::bucket_of(&term, buckets)));
            })
        };
        self.splitter.split(item, |_| false, number);
        let group = group_size(buckets);
        let mut bits = vec![0u64; self.width];
        let parts = (self.splitter.found())
            .map(|(id, place)| {
                let (term, bucket) = terms[id];
                touch(&mut bits, bucket / group);
                (bucket, triple(posting(n, place), term))
            })
            .collect();
        (parts, bits)
    }
}

/// The bucket sums and touches of the whole index, made from its own postings as it is built
/// (see [`super::Index::build`]): a build without a cache has them without splitting every
/// item a second time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summed {
    sums: Vec<u128>,
    touches: Touches,
}

impl Summed {
    /// Nothing yet, for `docs` documents and `buckets` buckets.
    pub fn new(docs: usize, buckets: usize) -> Summed {
        let width = touch_width(buckets);
        Summed {
            sums: vec![0; buckets],
            touches: Touches {
                width,
                bits: vec![0; docs * width],
            },
        }
    }

    /// Adds `term`'s postings (`document << 2 | place`, as the index holds them).
    pub fn add(&mut self, term: &str, postings: &[u32]) {
        let buckets = self.sums.len();
        let bucket = super::bucket_of(term, buckets);
        let group = bucket / group_size(buckets);
        let (halves, width) = (halves(term), self.touches.width);
        let mut sum = self.sums[bucket];
        for &p in postings {
            sum = sum.wrapping_add(triple(u64::from(p), halves));
            let n = (p >> 2) as usize;
            touch(&mut self.touches.bits[n * width..(n + 1) * width], group);
        }
        self.sums[bucket] = sum;
    }
}

/// The posting of document `n` with a term at `place`: the document's number above the
/// place (two bits), as the index's postings are (see [`super::read::Terms`]).
fn posting(n: usize, place: u32) -> u64 {
    (n as u64) << 2 | u64::from(place)
}

/// A term's 128-bit hash as two halves.
fn halves(term: &str) -> [u64; 2] {
    let h = xxh3_128(term.as_bytes());
    [h as u64, (h >> 64) as u64]
}

/// One (document, term, place)'s part of its bucket's sum.
fn triple(posting: u64, term: [u64; 2]) -> u128 {
    hash(&[posting, term[0], term[1]])
}

/// Marks group `g` in a document's [`Touches`] words.
fn touch(bits: &mut [u64], g: usize) {
    bits[g / 64] |= 1 << (g % 64);
}

/// A 128-bit hash of a few numbers.
fn hash(numbers: &[u64]) -> u128 {
    let mut bytes = [0u8; 32];
    for (at, n) in bytes.chunks_exact_mut(8).zip(numbers) {
        at.copy_from_slice(&n.to_le_bytes());
    }
    xxh3_128(&bytes[..8 * numbers.len().min(4)])
}
