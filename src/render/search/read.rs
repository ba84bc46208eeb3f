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
/// postings (`document << 2 | place`).
#[derive(Default)]
pub struct Terms {
    /// Term number → term.
    pub by_term: Vec<Box<str>>,
    /// Normalized term → its number.
    numbers: FxHashMap<Box<str>, usize>,
    pub postings: Vec<Vec<u32>>,
}

impl Terms {
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
        let mut splitter = Splitter::default();
        // Most words of an index of a few groups are in none of them, which the word's first
        // letters tell without looking the word up.
        let pass_over = |word: &str| ascii_bucket(word, buckets).is_some_and(|b| !keep(b));
        for (n, item) in docs.iter().enumerate() {
            // A document with no term in the buckets kept adds nothing.
            if !read[n] {
                continue;
            }
            let Terms {
                by_term,
                numbers,
                postings,
            } = &mut terms;
            let number = |term: String| {
                if !keep(bucket_of(&term, buckets)) {
                    return Splitter::SKIPPED;
                }
                number_of(numbers, term, |term| {
                    by_term.push(term);
                    postings.push(Vec::new());
                })
            };
            splitter.split(&Fields::of(site, *item), pass_over, number);
            for (term, place) in splitter.found() {
                postings[term].push((n as u32) << 2 | place);
            }
        }
        terms
    }
}

/// The number of `term` in `numbers`; a term not there yet takes the next number, and is
/// handed to `added`.
pub fn number_of(
    numbers: &mut FxHashMap<Box<str>, usize>,
    term: String,
    added: impl FnOnce(Box<str>),
) -> usize {
    let term = term.into_boxed_str();
    if let Some(&id) = numbers.get(&term) {
        return id;
    }
    let id = numbers.len();
    numbers.insert(term.clone(), id);
    added(term);
    id
}

/// Splits items into their terms with the best place of each, for the index ([`Terms`]) and
/// for its fingerprints ([`super::prints`]) alike, so that both find the same (term, place)
/// pairs. Each word as printed is normalized once: an archive's millions of words are a few
/// tens of thousands of distinct spellings, so a word costs one hash lookup.
#[derive(Default)]
pub struct Splitter {
    /// Word as printed → its term's number, or [`Splitter::SKIPPED`].
    by_word: FxHashMap<Box<str>, usize>,
    best: Best,
}

impl Splitter {
    /// The number of a term left out.
    pub const SKIPPED: usize = usize::MAX;

    /// Finds every term of `item` with its best place, for [`Splitter::found`] to hand out.
    /// A word `pass_over` accepts is not looked up; a word met for the first time is
    /// normalized and its term handed to `number`, which returns the term's number (one term,
    /// one number, whatever its spellings) or [`Splitter::SKIPPED`].
    pub fn split(
        &mut self,
        item: &Fields<'_>,
        pass_over: impl Fn(&str) -> bool,
        mut number: impl FnMut(String) -> usize,
    ) {
        let (by_word, best) = (&mut self.by_word, &mut self.best);
        fields(item, |text, place| {
            for word in words(text) {
                if pass_over(word) {
                    continue;
                }
                let id = match by_word.get(word) {
                    Some(id) => *id,
                    None => {
                        let id = number(normalize(word));
                        by_word.insert(word.into(), id);
                        id
                    }
                };
                if id != Splitter::SKIPPED {
                    best.add(id, place);
                }
            }
        });
    }

    /// (term, place) for every term the last [`Splitter::split`] found, leaving none.
    pub fn found(&mut self) -> impl Iterator<Item = (usize, u32)> + '_ {
        self.best.drain()
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

/// What the index reads of one item: its front-matter and text, and the names of its
/// meeting's organization and body. Apart from the graph, so that [`super::prints`] can read
/// an item as the last build parsed it too.
pub struct Fields<'a> {
    pub meta: &'a ItemMeta,
    pub text: std::borrow::Cow<'a, str>,
    pub org: &'a str,
    pub body: &'a str,
}

impl<'a> Fields<'a> {
    pub fn of(site: &'a Site, i: ItemId) -> Fields<'a> {
        Fields {
            text: site.items.unrecorded().text(i),
            ..Fields::without_text(site, i)
        }
    }

    /// [`Fields::of`] without the text, and the text's hash (see
    /// [`crate::content::Text::hash`]): what [`super::prints`] digests, without reading
    /// every item's text from the store.
    pub fn hashed(site: &'a Site, i: ItemId) -> (Fields<'a>, u64) {
        let hash = site.items.unrecorded().text_hash(i);
        (Fields::without_text(site, i), hash)
    }

    fn without_text(site: &'a Site, i: ItemId) -> Fields<'a> {
        let item = &site.items.unrecorded()[i];
        let meeting = &site.meetings.unrecorded()[item.meeting];
        Fields {
            meta: &item.meta,
            text: "".into(),
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
///
/// Noted as one read of the index's order entry (see [`super::order_entry`]), which
/// fingerprints the order made here and the years it spans, not as reads of every meeting:
/// a meeting's fingerprint moves with its text, which no index file shows, and every file of
/// the index was made again when a meeting's text was edited.
pub fn doc_order(site: &Site) -> Vec<ItemId> {
    use crate::site::{Kind, Read};
    crate::site::reads::note(Read::one(Kind::SearchBucket, super::order_entry(site)));
    let all = site.meetings.unrecorded();
    let mut meetings: Vec<crate::site::MeetingId> = all.ids().collect();
    meetings.sort_by_key(|m| {
        let meeting = &all[*m];
        (meeting.meta.date, meeting.org, meeting.body, *m)
    });
    meetings
        .iter()
        .flat_map(|m| all[*m].items.iter().copied())
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
