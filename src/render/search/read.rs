//! What the index reads of the site: the documents in date order, every word of every item
//! with the best place it stands in (title, case number, elsewhere), and each organization's,
//! body's and outcome's documents.
//!
//! Items are read here without noting reads (`unrecorded`): what an index file depends on is
//! the terms of its buckets, which [`super::prints`] fingerprints through the same
//! [`fields`], and each file notes the buckets it was made from.

use super::{bucket_of, normalize, words, OUTCOMES};
use crate::model::ItemMeta;
use crate::site::{ItemId, Site};
use rustc_hash::FxHashMap;

/// Where a term was found in an item: the best of these, the lowest.
pub const TITLE: u32 = 0;
pub const CASE: u32 = 1;
pub const REST: u32 = 2;
/// The distinct terms of the archive, numbered in order of first appearance, with their
/// postings (`document << 2 | place`). Each word as printed is normalized once: an archive's
/// millions of words are a few tens of thousands of distinct spellings, so a word costs one
/// hash lookup.
#[derive(Default)]
pub struct Terms {
    /// Word as printed → term, or [`Terms::SKIPPED`] for a term outside the buckets read.
    by_word: FxHashMap<Box<str>, usize>,
    /// Term number → term.
    pub by_term: Vec<Box<str>>,
    /// Normalized term → its number.
    numbers: FxHashMap<Box<str>, usize>,
    pub postings: Vec<Vec<u32>>,
}

impl Terms {
    const SKIPPED: usize = usize::MAX;

    /// Every word of every item that `read` marks (by document) whose term's bucket `keep`
    /// accepts, documents in the order of `docs`;
    /// terms are numbered in order of first appearance, as in an index of every term.
    pub fn read(
        site: &Site,
        docs: &[ItemId],
        read: &[bool],
        buckets: usize,
        keep: impl Fn(usize) -> bool,
    ) -> Terms {
        // Sequential on purpose: the index is built inside a render task, and a nested
        // parallel loop could steal another search page's task, which would wait on this one.
        let mut terms = Terms::default();
        let mut best = Best::default();
        let keep_term = |term: &str| keep(bucket_of(term, buckets));
        for (n, item) in docs.iter().enumerate() {
            // A document with no term in the buckets kept adds nothing.
            if !read[n] {
                continue;
            }
            fields(&Fields::of(site, *item), |text, place| {
                for word in words(text) {
                    // Most words of an index of a few groups are in none of them, which the
                    // word's first letters tell without looking the word up.
                    if ascii_bucket(word, buckets).is_some_and(|b| !keep(b)) {
                        continue;
                    }
                    let id = terms.id_of_word(word, keep_term);
                    if id != Terms::SKIPPED {
                        best.add(id, place);
                    }
                }
            });
            for (term, place) in best.drain() {
                terms.postings[term].push((n as u32) << 2 | place);
            }
        }
        terms
    }

    fn id_of_word(&mut self, word: &str, keep: impl Fn(&str) -> bool) -> usize {
        if let Some(&id) = self.by_word.get(word) {
            return id;
        }
        let term = normalize(word).into_boxed_str();
        if !keep(&term) {
            self.by_word.insert(word.into(), Terms::SKIPPED);
            return Terms::SKIPPED;
        }
        let next = self.by_term.len();
        let id = *self.numbers.entry(term.clone()).or_insert(next);
        if id == next {
            self.by_term.push(term);
            self.postings.push(Vec::new());
        }
        self.by_word.insert(word.into(), id);
        id
    }
}

/// The bucket of a word's term, when its first four letters (or all, when it has fewer) are
/// ASCII: a term keeps the first three letters of its word (endings are folded only when
/// three remain), lowercased, and the bucket is theirs. The fourth, since a combining ring or
/// diaeresis there would fold the third into å, ä or ö.
fn ascii_bucket(word: &str, buckets: usize) -> Option<usize> {
    let bytes = word.as_bytes();
    if !bytes[..bytes.len().min(4)].is_ascii() {
        return None;
    }
    let head = &bytes[..bytes.len().min(3)];
    let mut lower = [0u8; 3];
    lower[..head.len()].copy_from_slice(head);
    lower.make_ascii_lowercase();
    let lower = std::str::from_utf8(&lower[..head.len()]).ok()?;
    Some(bucket_of(lower, buckets))
}

/// The best place of each term in one item, reused from item to item: a slot per term of the
/// archive and the list of slots in use, so clearing costs only what the item touched.
#[derive(Default)]
pub struct Best {
    by_term: Vec<u32>,
    touched: Vec<usize>,
}

impl Best {
    const UNSEEN: u32 = u32::MAX;

    pub fn add(&mut self, term: usize, place: u32) {
        if term >= self.by_term.len() {
            self.by_term.resize(term + 1, Best::UNSEEN);
        }
        let best = &mut self.by_term[term];
        if *best == Best::UNSEEN {
            self.touched.push(term);
        }
        *best = (*best).min(place);
    }

    /// (term, place) for every term of the item, leaving the table empty for the next.
    pub fn drain(&mut self) -> impl Iterator<Item = (usize, u32)> + '_ {
        let by_term = &mut self.by_term;
        self.touched
            .drain(..)
            .map(move |term| (term, std::mem::replace(&mut by_term[term], Best::UNSEEN)))
    }
}

/// What the index reads of one item: its front-matter and text, and the names of its
/// meeting's organization and body. Apart from the graph, so that [`super::prints`] can read
/// an item as the last build parsed it too.
pub struct Fields<'a> {
    pub meta: &'a ItemMeta,
    pub text: &'a str,
    pub org: &'a str,
    pub body: &'a str,
}

impl<'a> Fields<'a> {
    pub fn of(site: &'a Site, i: ItemId) -> Fields<'a> {
        let item = &site.items.unrecorded()[i];
        let meeting = &site.meetings.unrecorded()[item.meeting];
        Fields {
            meta: &item.meta,
            text: &item.text,
            org: &site.orgs.unrecorded()[meeting.org].name,
            body: &site.bodies.unrecorded()[meeting.body].name,
        }
    }
}

/// Hands each field of an item that the index holds to `add`, with its place.
pub fn fields(item: &Fields<'_>, mut add: impl FnMut(&str, u32)) {
    let meta = item.meta;
    add(&meta.title, TITLE);
    for c in &meta.cases {
        add(c, CASE);
    }
    add(&meta.number.to_string(), REST);
    for p in meta.people() {
        add(p, REST);
    }
    add(item.org, REST);
    add(item.body, REST);
    add(item.text, REST);
}

/// The documents of each organization, body and outcome kind.
pub struct Filters {
    pub orgs: Vec<Vec<u32>>,
    pub bodies: Vec<Vec<u32>>,
    pub outcomes: Vec<Vec<u32>>,
}

impl Filters {
    pub fn read(site: &Site, docs: &[ItemId]) -> Filters {
        let mut filters = Filters {
            orgs: vec![Vec::new(); site.orgs.unrecorded().len()],
            bodies: vec![Vec::new(); site.bodies.unrecorded().len()],
            outcomes: vec![Vec::new(); OUTCOMES.len()],
        };
        for (n, i) in docs.iter().enumerate() {
            let (org, body, outcome) = filters_of(site, *i);
            filters.orgs[org].push(n as u32);
            filters.bodies[body].push(n as u32);
            if let Some(k) = outcome {
                filters.outcomes[k].push(n as u32);
            }
        }
        filters
    }
}

/// An item's organization, body and outcome (its place in [`OUTCOMES`]), as the filters
/// list it.
fn filters_of(site: &Site, i: ItemId) -> (usize, usize, Option<usize>) {
    let item = &site.items.unrecorded()[i];
    let meeting = &site.meetings.unrecorded()[item.meeting];
    let kind = item.meta.outcome.as_ref().map(|o| o.kind());
    let outcome = OUTCOMES.iter().position(|o| Some(*o) == kind);
    (meeting.org.index(), meeting.body.index(), outcome)
}

/// Items by meeting date, oldest first (meetings of a day by organization, body and folder),
/// each meeting's in their order.
pub fn doc_order(site: &Site) -> Vec<ItemId> {
    // Sorted by the organizations' and bodies' places, read here as numbers.
    crate::site::reads::note(crate::site::Read::whole(crate::site::Kind::Org));
    crate::site::reads::note(crate::site::Read::whole(crate::site::Kind::Body));
    let mut meetings: Vec<crate::site::MeetingId> = site.meetings.ids().collect();
    meetings.sort_by_key(|m| {
        let meeting = &site.meetings[*m];
        (meeting.meta.date, meeting.org, meeting.body, *m)
    });
    meetings
        .iter()
        .flat_map(|m| site.meetings[*m].items.iter().copied())
        .collect()
}

/// Each year's documents, a range since documents are in date order.
pub fn years(site: &Site, docs: &[ItemId]) -> Vec<(i32, usize, usize)> {
    let mut out: Vec<(i32, usize, usize)> = Vec::new();
    // Read unrecorded: the dates and items of meetings are read whole by [`doc_order`].
    let (items, meetings) = (site.items.unrecorded(), site.meetings.unrecorded());
    for (n, i) in docs.iter().enumerate() {
        let date = meetings[items[*i].meeting].meta.date;
        let year = chrono::Datelike::year(&date);
        match out.last_mut() {
            Some(y) if y.0 == year => y.2 = n + 1,
            _ => out.push((year, n, n + 1)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shortcut that skips the words of other buckets agrees with the bucket of the term.
    #[test]
    fn a_words_first_letters_tell_its_bucket() {
        let words = [
            "Regionavtalet",
            "KS",
            "2020",
            "0045",
            "Ab",
            "x",
            "Erna",
            "arna",
            "Beslutet",
            "ORNA",
            "et",
            "aaar",
            "Äldreomsorgen",
            "Müller",
            "bla\u{30a}",
            "Straße",
            "İstanbul",
        ];
        for buckets in [8, 256, 4096] {
            for word in words {
                let want = bucket_of(&normalize(word), buckets);
                if let Some(got) = ascii_bucket(word, buckets) {
                    assert_eq!(got, want, "{word}");
                }
            }
        }
        assert_eq!(ascii_bucket("bla\u{30a}", 8), None);
        assert!(ascii_bucket("Regionavtalet", 8).is_some());
    }
}
