//! What the index reads of the site: the documents in date order, every word of every item
//! with the best place it stands in (title, case number, elsewhere), and each organization's,
//! body's and outcome's documents.

use super::{normalize, words, OUTCOMES};
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
    /// Word as printed → term.
    by_word: FxHashMap<Box<str>, usize>,
    /// Term number → term.
    pub by_term: Vec<Box<str>>,
    /// Normalized term → its number.
    numbers: FxHashMap<Box<str>, usize>,
    pub postings: Vec<Vec<u32>>,
}

impl Terms {
    /// Every word of every item, documents in the order of `docs`.
    pub fn read(site: &Site, docs: &[ItemId]) -> Terms {
        // Sequential on purpose: the index is built inside a render task, and a nested
        // parallel loop could steal another search page's task, which would wait on this one.
        let mut terms = Terms::default();
        let mut best = Best::default();
        for (n, item) in docs.iter().enumerate() {
            item_fields(site, *item, |text, place| {
                for word in words(text) {
                    best.add(terms.id_of_word(word), place);
                }
            });
            for (term, place) in best.drain() {
                terms.postings[term].push((n as u32) << 2 | place);
            }
        }
        terms
    }

    fn id_of_word(&mut self, word: &str) -> usize {
        if let Some(&id) = self.by_word.get(word) {
            return id;
        }
        let term = normalize(word).into_boxed_str();
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

/// The best place of each term in one item, reused from item to item: a slot per term of the
/// archive and the list of slots in use, so clearing costs only what the item touched.
#[derive(Default)]
struct Best {
    by_term: Vec<u32>,
    touched: Vec<usize>,
}

impl Best {
    const UNSEEN: u32 = u32::MAX;

    fn add(&mut self, term: usize, place: u32) {
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
    fn drain(&mut self) -> impl Iterator<Item = (usize, u32)> + '_ {
        let by_term = &mut self.by_term;
        self.touched
            .drain(..)
            .map(move |term| (term, std::mem::replace(&mut by_term[term], Best::UNSEEN)))
    }
}

/// Hands each field of an item that the index holds to `add`, with its place.
fn item_fields(site: &Site, i: ItemId, mut add: impl FnMut(&str, u32)) {
    let item = &site.items[i];
    let meeting = &site.meetings[item.meeting];
    let meta = &item.meta;
    add(&meta.title, TITLE);
    for c in &meta.cases {
        add(c, CASE);
    }
    add(&meta.number.to_string(), REST);
    for p in meta.people() {
        add(p, REST);
    }
    add(&site.orgs[meeting.org].name, REST);
    add(&site.bodies[meeting.body].name, REST);
    add(&item.text, REST);
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
            orgs: vec![Vec::new(); site.orgs.len()],
            bodies: vec![Vec::new(); site.bodies.len()],
            outcomes: vec![Vec::new(); OUTCOMES.len()],
        };
        for (n, i) in docs.iter().enumerate() {
            let item = &site.items[*i];
            let meeting = &site.meetings[item.meeting];
            filters.orgs[meeting.org].push(n as u32);
            filters.bodies[meeting.body].push(n as u32);
            let kind = item.meta.outcome.as_ref().map(|o| o.kind());
            if let Some(k) = OUTCOMES.iter().position(|o| Some(*o) == kind) {
                filters.outcomes[k].push(n as u32);
            }
        }
        filters
    }
}

/// Items by meeting date, oldest first (meetings of a day by organization, body and folder),
/// each meeting's in their order.
pub fn doc_order(site: &Site) -> Vec<ItemId> {
    // Sorted by the organizations' and bodies' places, read here as numbers.
    crate::site::reads::note(crate::site::Read::whole(crate::site::Kind::Org));
    crate::site::reads::note(crate::site::Read::whole(crate::site::Kind::Body));
    let mut meetings: Vec<usize> = (0..site.meetings.len()).collect();
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
    for (n, i) in docs.iter().enumerate() {
        let date = site.meetings[site.items[*i].meeting].meta.date;
        let year = chrono::Datelike::year(&date);
        match out.last_mut() {
            Some(y) if y.0 == year => y.2 = n + 1,
            _ => out.push((year, n, n + 1)),
        }
    }
    out
}
