//! The search index behind `/sok/`: built at `build` time, split so that a reader's browser
//! downloads only the parts a query needs, and read by `search.js` on any static host.
//!
//! ```text
//! sok/index/meta.json     documents, organizations, bodies, years, outcomes; where the set
//!                         of each organization's, body's and outcome's documents lies
//! sok/index/t/<n>.json    dictionary: terms whose first three letters hash to n →
//!                         [documents, base64 sets] (a rare term, inline) or
//!                         [documents, file, offset, length] (its sets in a postings file)
//! sok/index/p/<n>.bin     postings: the sets of the common terms of the group of buckets
//!                         n is in, several terms a file; past the buckets, one file for
//!                         each organization's, body's and outcome's set (see [`filter_count`])
//! sok/index/d/<f>/<c>.json  documents 8c to 8c + 7 (c = n / 8, in folder f = c / 125):
//!                         URL, number, title, body, date, outcome, case numbers and an
//!                         excerpt of each, the piece a hit shows
//! ```
//!
//! Every term has three sets of documents (see [`sets`] for their bytes): the items with the
//! term in their title, those with it in a case number (not the title), and the rest. The
//! client ranks a title match above a case-number match above any other, and intersects whole
//! sets: every item that has all the words of a query is found and counted, however common a
//! word. Documents are numbered in date order (oldest first), so sorting by date is sorting by
//! number and a year is a range of numbers; an organization, a body or an outcome is a set
//! like a term's, fetched when its filter is chosen.
//!
//! The numbers of dictionary and postings files depend only on the number of items, so the
//! page list needs no index; the index is built once, on first use, in one pass over every
//! word of every item. Buckets come in groups (see [`GROUP`]) whose files depend on the
//! group's terms alone: an incremental build makes the index of the groups an edit reached
//! (see [`prints`]) and renders their files only.

mod excerpt;
mod json;
mod prints;
mod read;
mod sets;
mod text;

pub use text::{bucket_of, normalize, words};

use super::Renderer;
use crate::model::OutcomeKind;
use crate::site::{ItemId, Kind, OrgId, Site};
pub use prints::{bucket_prints, Before, Kept, Summed, Touches, Unsummed};
pub use read::doc_order;
use read::{years, Filters, Terms};
use serde::Serialize;
use std::cmp::Reverse;

/// How many documents share a file of `d/`. One file a document made the search index 150,000
/// of the 421,000 files a 10,000-meeting archive writes: creating a file is most of what
/// writing one costs (an inode, a directory entry, a 4 KiB block for 500 bytes), hosts limit
/// how many files a site may have, and every one is a request a browser makes. Eight
/// documents (about 4 KB) fill one block; a hit shown then downloads its neighbours in date
/// order too, a few KB more for a page of ten hits (fewer when they are near in date, as a
/// date-sorted list's are). `meta.json` says the number (`docs_a_file`).
pub const DOCS_A_FILE: usize = 8;

/// How many document files share a folder (`d/<c / 125>/<c>.json`: a thousand documents). One
/// folder of 150,000 files made the build's threads wait on each other: creating a file locks
/// its folder, and perf found 3–14% of a full build's time spent waiting so on two cores.
/// `meta.json` says the number (`files_a_folder`).
pub const FILES_A_FOLDER: usize = 125;

/// Sets of this many bytes or fewer are written into the dictionary file itself, saving the
/// reader a second download for a rare word.
const INLINE: usize = 48;

/// The outcome kinds a reader can filter by, in the order the form lists them.
pub const OUTCOMES: [OutcomeKind; 6] = [
    OutcomeKind::Decided,
    OutcomeKind::Proposed,
    OutcomeKind::ReferredBack,
    OutcomeKind::Rejected,
    OutcomeKind::Postponed,
    OutcomeKind::Noted,
];

/// The number of dictionary files, and of postings files, for an archive of `items` items: a
/// power of two, about one per 64 items, at least 8.
pub fn bucket_count(items: usize) -> usize {
    (items / 64).clamp(8, 4096).next_power_of_two()
}

/// Dictionary buckets a group has, at most: the large sets of a group's terms are packed into
/// the group's postings files (those of the same numbers) alone, so that a set that grows or
/// shrinks moves sets of its own group only, and an edit re-renders the files of the groups
/// its words are in, not the whole index. Sixteen postings files share their sets about as
/// evenly as all of them did (see the report of the commit that made groups).
///
/// Unit tests take groups of two, so that the example archive's eight buckets make four
/// groups and the random-edit tests (`pipeline::tests`) hold groups to a full build too.
const GROUP: usize = if cfg!(test) { 2 } else { 16 };

/// The buckets a group has: [`GROUP`], or all when there are fewer.
pub fn group_size(buckets: usize) -> usize {
    GROUP.min(buckets)
}

/// The buckets of the group of bucket `n`: a dictionary file and a postings file are made
/// from (and read) these.
pub fn group_of(n: usize, buckets: usize) -> std::ops::Range<usize> {
    let size = group_size(buckets);
    let start = n / size * size;
    start..start + size
}

/// The number of filters (organizations, bodies, outcomes), each with a postings file of its
/// own after the buckets' (`p/<buckets + k>.bin`): a filtered query downloads its filter's set
/// and nothing else, and a filter's set that changes re-renders its own file and `meta.json`,
/// never a group of buckets. (Packed with the first group's terms, a filtered query downloaded
/// the terms' sets that shared its filter's file too: 5.5% more bytes than when every set was
/// packed over all the postings files.)
pub fn filter_count(site: &Site) -> usize {
    site.orgs.unrecorded().len() + site.bodies.unrecorded().len() + OUTCOMES.len()
}

/// The place in the index's fingerprint table (after the buckets' and the filters') of the
/// entry that fingerprints the documents' order and the years they span (see
/// [`prints::Unsummed`]): what every file made from [`doc_order`] reads of the meetings.
pub fn order_entry(site: &Site) -> usize {
    bucket_count(site.items.unrecorded().len()) + filter_count(site)
}

/// The number of document files: one for each [`DOCS_A_FILE`] items.
pub fn doc_count(items: usize) -> usize {
    items.div_ceil(DOCS_A_FILE)
}

/// Where a set lies: postings file, offset, length.
type Place = [usize; 3];

/// A term's three sets: their bytes, inline in the dictionary, or where they lie.
type Sets = Result<Vec<u8>, Place>;

/// A term, its number of documents and its three sets' bytes.
type TermSets = (Box<str>, usize, Vec<u8>);

/// A term as its dictionary file lists it.
struct Entry {
    /// How many items have the term.
    df: usize,
    sets: Sets,
}

/// The whole index in memory, serialized file by file.
pub struct Index {
    /// Document number → item, oldest meeting first.
    docs: Vec<ItemId>,
    /// Dictionary file → its terms, sorted.
    dictionary: Vec<Vec<(Box<str>, Entry)>>,
    /// Postings file → its bytes: the buckets', then the filters'.
    postings: Vec<Vec<u8>>,
    orgs: Vec<Place>,
    bodies: Vec<Place>,
    outcomes: Vec<Place>,
    /// (year, first document, end), oldest first.
    years: Vec<(i32, usize, usize)>,
}

impl Index {
    /// The index of the buckets of the groups `wanted` marks (see [`group_of`]), or of all;
    /// the files of other buckets come out empty. Reads nothing of the graph but the order of
    /// its meetings (see [`doc_order`]): each file notes the buckets it was made from.
    ///
    /// `touches`, when given, says which documents have a term in which groups (it must be of
    /// this graph): the others are passed over.
    ///
    /// `summed`, when given, receives the index's fingerprints' sums (see [`Summed`]) made
    /// from its postings, if it is built whole.
    pub fn build(
        site: &Site,
        wanted: Option<&[bool]>,
        touches: Option<&Touches>,
        summed: Option<&std::sync::OnceLock<Summed>>,
    ) -> Index {
        let docs = doc_order(site);
        let files = bucket_count(site.items.unrecorded().len());
        let group = group_size(files);
        let built = |bucket: usize| wanted.is_none_or(|w| w.get(bucket / group) == Some(&true));
        let read = match (wanted, touches) {
            (Some(w), Some(t)) => {
                let mask = t.mask(w);
                (0..docs.len()).map(|n| t.any(n, &mask)).collect()
            }
            _ => vec![true; docs.len()],
        };
        let terms = Terms::read(site, &docs, &read, files, built);
        let mut sums = summed
            .filter(|_| wanted.is_none())
            .map(|_| Summed::new(docs.len(), files));
        let mut groups: Vec<Vec<TermSets>> = vec![Vec::new(); files / group];
        for (term, postings) in terms.by_term.into_iter().zip(terms.postings) {
            if let Some(sums) = &mut sums {
                sums.add(&term, &postings);
            }
            let (bytes, df) = term_sets(&postings);
            groups[bucket_of(&term, files) / group].push((term, df, bytes));
        }
        let mut index = Index {
            years: years(site, &docs),
            docs,
            dictionary: (0..files).map(|_| Vec::new()).collect(),
            postings: vec![Vec::new(); files],
            orgs: Vec::new(),
            bodies: Vec::new(),
            outcomes: Vec::new(),
        };
        for (g, terms) in groups.into_iter().enumerate() {
            index.pack_group(g * group..(g + 1) * group, terms);
        }
        // Made whole every time: one pass over the documents' organizations, bodies and
        // outcomes, no words.
        index.add_filters(&Filters::read(site, &index.docs));
        for file in &mut index.dictionary {
            file.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        }
        if let (Some(slot), Some(sums)) = (summed, sums) {
            let _ = slot.set(sums);
        }
        index
    }

    /// Puts the terms of the buckets `files` (in order of first appearance) into their
    /// dictionary files, their sets too large to be inline packed into the postings files of
    /// the same numbers.
    fn pack_group(&mut self, files: std::ops::Range<usize>, terms: Vec<TermSets>) {
        let large = terms.iter().map(|t| &t.2).filter(|b| b.len() > INLINE);
        let (postings, places) = pack(large, files.len());
        let mut places = places
            .into_iter()
            .map(|[file, offset, length]| [files.start + file, offset, length]);
        for (file, bytes) in files.clone().zip(postings) {
            self.postings[file] = bytes;
        }
        for (term, df, bytes) in terms {
            let sets = if bytes.len() <= INLINE {
                Ok(bytes)
            } else {
                Err(places.next().unwrap_or_default())
            };
            let bucket = bucket_of(&term, self.dictionary.len());
            self.dictionary[bucket].push((term, Entry { df, sets }));
        }
    }

    /// Each filter's set in a postings file of its own, after the buckets'.
    fn add_filters(&mut self, f: &Filters) {
        let mut place = |docs: &Vec<u32>| {
            let bytes = filter_sets(docs);
            let at = [self.postings.len(), 0, bytes.len()];
            self.postings.push(bytes);
            at
        };
        self.orgs = f.orgs.iter().map(&mut place).collect();
        self.bodies = f.bodies.iter().map(&mut place).collect();
        self.outcomes = f.outcomes.iter().map(&mut place).collect();
    }

    /// Notes what the file of number `n` (a dictionary's or a postings file's) is made from:
    /// for a bucket, every bucket of its group, since a set that grows moves the others its
    /// postings file holds; for a filter, its own set (see [`prints`]).
    fn note_file(&self, n: usize) {
        let buckets = self.dictionary.len();
        let read = |b| crate::site::reads::note(crate::site::Read::one(Kind::SearchBucket, b));
        if n < buckets {
            group_of(n, buckets).for_each(read);
        } else {
            read(n);
        }
    }

    /// `sok/index/t/<n>.json`: `{term: [df, "base64"] or [df, file, offset, length], …}`.
    pub fn terms_file(&self, n: usize) -> Vec<u8> {
        self.note_file(n);
        let terms = self.dictionary.get(n).map_or(&[][..], Vec::as_slice);
        let mut out = Vec::with_capacity(terms.len() * 40 + 2);
        let mut file = json::Object::new(&mut out);
        for (term, entry) in terms {
            let value = file.key(term);
            match &entry.sets {
                Ok(bytes) => {
                    value.push(b'[');
                    json::number(value, entry.df);
                    value.push(b',');
                    json::string(value, &sets::base64(bytes));
                    value.push(b']');
                }
                Err(place) => {
                    let numbers = std::iter::once(entry.df).chain(place.iter().copied());
                    json::array(value, numbers, json::number);
                }
            }
        }
        file.end();
        out
    }

    /// `sok/index/p/<n>.bin`: sets, one after another, where the dictionary and meta say.
    pub fn postings_file(&self, n: usize) -> Vec<u8> {
        self.note_file(n);
        self.postings.get(n).cloned().unwrap_or_default()
    }

    /// `sok/index/meta.json`.
    pub fn meta_file(&self, site: &Site) -> Vec<u8> {
        // Where the filters' sets lie, and how long each is.
        (self.dictionary.len()..self.postings.len()).for_each(|n| self.note_file(n));
        let meta = Meta {
            version: 4,
            docs: self.docs.len(),
            docs_a_file: DOCS_A_FILE,
            files_a_folder: FILES_A_FOLDER,
            buckets: self.dictionary.len(),
            orgs: site
                .orgs
                .iter()
                .zip(&self.orgs)
                .map(|(o, p)| OrgMeta {
                    title: &o.name,
                    url: &o.url,
                    p: *p,
                })
                .collect(),
            bodies: site
                .bodies
                .iter()
                .zip(&self.bodies)
                .map(|(b, p)| BodyMeta {
                    n: &b.name,
                    o: b.org,
                    u: &b.url,
                    p: *p,
                })
                .collect(),
            years: &self.years,
            outcomes: OUTCOMES
                .iter()
                .map(|k| k.as_str())
                .zip(self.outcomes.iter().copied())
                .collect(),
        };
        serde_json::to_vec(&meta).unwrap_or_default()
    }
}

#[derive(Serialize)]
struct Meta<'a> {
    version: u32,
    docs: usize,
    /// Documents a file of `d/` and files a folder (see [`DOCS_A_FILE`], [`FILES_A_FOLDER`]):
    /// said, so that a reader of the index need not know the numbers.
    docs_a_file: usize,
    files_a_folder: usize,
    buckets: usize,
    orgs: Vec<OrgMeta<'a>>,
    bodies: Vec<BodyMeta<'a>>,
    years: &'a [(i32, usize, usize)],
    outcomes: std::collections::BTreeMap<&'static str, Place>,
}

#[derive(Serialize)]
struct OrgMeta<'a> {
    title: &'a str,
    url: &'a str,
    p: Place,
}

#[derive(Serialize)]
struct BodyMeta<'a> {
    n: &'a str,
    o: OrgId,
    u: &'a str,
    p: Place,
}

/// A term's three sets (title, case number, rest) as bytes, and its number of documents.
/// `postings` are `document << 2 | place`, in document order.
fn term_sets(postings: &[u32]) -> (Vec<u8>, usize) {
    let mut by_place: [Vec<u32>; 3] = Default::default();
    for p in postings {
        by_place[(p & 3) as usize].push(p >> 2);
    }
    let mut out = Vec::new();
    for docs in &by_place {
        sets::write(&mut out, docs);
    }
    (out, postings.len())
}

/// A filter's documents as a term's three sets: none in a title or case number, all the rest.
fn filter_sets(docs: &[u32]) -> Vec<u8> {
    let mut out = Vec::new();
    sets::write(&mut out, &[]);
    sets::write(&mut out, &[]);
    sets::write(&mut out, docs);
    out
}

/// Packs sets into `files` postings files: largest first, each into the file with the fewest
/// bytes so far, so that the common terms each get a file of their own while there are files
/// enough, and no file is much larger than its largest set. Returns the files and each set's
/// place, in the order given.
fn pack<'a>(sets: impl Iterator<Item = &'a Vec<u8>>, files: usize) -> (Vec<Vec<u8>>, Vec<Place>) {
    let sets: Vec<&Vec<u8>> = sets.collect();
    let mut order: Vec<usize> = (0..sets.len()).collect();
    order.sort_by_key(|n| Reverse(sets[*n].len()));
    let mut sizes: std::collections::BinaryHeap<Reverse<(usize, usize)>> =
        (0..files).map(|f| Reverse((0, f))).collect();
    let mut out = vec![Vec::new(); files];
    let mut places = vec![[0; 3]; sets.len()];
    for n in order {
        let Some(Reverse((size, file))) = sizes.pop() else {
            break;
        };
        places[n] = [file, size, sets[n].len()];
        out[file].extend_from_slice(sets[n]);
        sizes.push(Reverse((size + sets[n].len(), file)));
    }
    (out, places)
}

/// One document file, `sok/index/d/<c / 125>/<c>.json`: an array of documents `8c` to
/// `8c + 7` of `docs` (see [`doc_order`]; fewer in the last file), each an object with `u`
/// URL (its meeting's URL and one more segment), `n` item number, `t` title, `b` body, `d`
/// meeting date as shown, `o` outcome (when there is one), `c` case numbers, `x` excerpt.
pub fn doc_file(r: &Renderer<'_>, docs: &[ItemId], c: usize) -> Vec<u8> {
    let first = (c * DOCS_A_FILE).min(docs.len());
    let last = (first + DOCS_A_FILE).min(docs.len());
    let mut out = Vec::with_capacity(600 * (last - first) + 2);
    out.push(b'[');
    for (k, i) in docs[first..last].iter().enumerate() {
        if k > 0 {
            out.push(b',');
        }
        write_doc(&mut out, r, *i);
    }
    out.push(b']');
    out
}

fn write_doc(out: &mut Vec<u8>, r: &Renderer<'_>, i: ItemId) {
    // The body's number is its place among all bodies, which a body added before it moves.
    crate::site::reads::note(crate::site::Read::whole(crate::site::Kind::Body));
    let site = r.site;
    let head = r.views.item_head(i);
    let item = &site.items[i];
    let meeting = &site.meetings[item.meeting];
    let date = &r.views.meeting_strings(item.meeting).date;
    let mut doc = json::Object::new(out);
    doc.string("u", &item.url);
    doc.string("n", &head.number);
    doc.string("t", &item.meta.title);
    doc.number("b", meeting.body.index());
    doc.string("d", &date.text);
    if let Some(outcome) = &head.outcome {
        doc.string("o", &outcome.label);
    }
    json::array(doc.key("c"), &item.meta.cases, |out, c| {
        json::string(out, c)
    });
    doc.string("x", &excerpt::excerpt(&site.item_text(i)));
    doc.end();
}

#[derive(Serialize)]
struct FilterOption<'a> {
    title: &'a str,
    index: usize,
    /// The organization of a body; the organization's cases list for an organization.
    #[serde(skip_serializing_if = "str::is_empty")]
    cases_url: &'a str,
    org: OrgId,
}

#[derive(Serialize)]
struct OutcomeOption {
    value: &'static str,
    title: String,
}

/// The search page: the form with its filters filled in, and links for readers without
/// JavaScript.
pub(super) fn page(
    r: &Renderer<'_>,
    ctx: &mut tera::Context,
) -> Result<&'static str, crate::diag::Diagnostic> {
    let site = r.site;
    let orgs: Vec<FilterOption> = (site.orgs.enumerate())
        .map(|(org, o)| FilterOption {
            title: &o.name,
            index: org.index(),
            cases_url: &o.cases_url,
            org,
        })
        .collect();
    let bodies: Vec<FilterOption> = (site.bodies.enumerate())
        .map(|(body, b)| FilterOption {
            title: &b.name,
            index: body.index(),
            cases_url: "",
            org: b.org,
        })
        .collect();
    let outcomes: Vec<OutcomeOption> = OUTCOMES
        .iter()
        .map(|k| OutcomeOption {
            value: k.as_str(),
            title: r.views.label(&format!("outcome_{}", k.as_str())),
        })
        .collect();
    let mut years: Vec<i32> = site
        .meetings
        .iter()
        .map(|m| chrono::Datelike::year(&m.meta.date))
        .collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    ctx.insert("orgs", &orgs);
    ctx.insert("bodies", &bodies);
    ctx.insert("years", &years);
    // The list of recurring subjects, for readers without JavaScript, when there is one to
    // show (the template had this link, but nothing set it).
    if !site.subjects.is_empty() {
        ctx.insert("topics_url", "teman/");
    }
    ctx.insert("outcomes", &outcomes);
    Ok("search.html")
}

#[cfg(test)]
mod tests {
    use super::read::{CASE, REST, TITLE};
    use super::*;

    fn terms_of(entries: Vec<(&str, usize, Sets)>) -> Index {
        let mut file: Vec<(Box<str>, Entry)> = entries
            .into_iter()
            .map(|(t, df, sets)| (t.into(), Entry { df, sets }))
            .collect();
        file.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        Index {
            docs: Vec::new(),
            dictionary: vec![file],
            postings: Vec::new(),
            orgs: Vec::new(),
            bodies: Vec::new(),
            outcomes: Vec::new(),
            years: Vec::new(),
        }
    }

    #[test]
    fn dictionary_files_are_json() {
        let (bytes, df) = term_sets(&[3 << 2 | TITLE, 7 << 2 | REST, 9 << 2 | CASE]);
        assert_eq!(df, 3);
        let mut at = 0;
        let read: Vec<Vec<u32>> = (0..3).map(|_| sets::read(&bytes, &mut at)).collect();
        assert_eq!(read, [vec![3], vec![9], vec![7]]);
        let index = terms_of(vec![
            ("regionavtal", 3, Ok(bytes)),
            ("2025", 40_000, Err([5, 120, 9000])),
        ]);
        let file = String::from_utf8(index.terms_file(0)).unwrap();
        assert_eq!(
            file,
            r#"{"2025":[40000,5,120,9000],"regionavtal":[3,"BAMECQQH"]}"#
        );
        assert_eq!(index.terms_file(5), b"{}");
    }

    #[test]
    fn packing_gives_the_largest_sets_files_of_their_own() {
        let sets: Vec<Vec<u8>> = [500, 10, 400, 20, 30].iter().map(|n| vec![1; *n]).collect();
        let (files, places) = pack(sets.iter(), 3);
        assert_eq!(places[0], [0, 0, 500]);
        assert_eq!(places[2], [1, 0, 400]);
        // The rest share the smallest file.
        assert_eq!(places[4], [2, 0, 30]);
        assert_eq!(places[3], [2, 30, 20]);
        assert_eq!(places[1], [2, 50, 10]);
        assert_eq!(
            files.iter().map(Vec::len).collect::<Vec<_>>(),
            [500, 400, 60]
        );
    }

    /// The fingerprints of `archive`'s graph, with the search index's buckets.
    fn prints(archive: &crate::pipeline::Archive) -> crate::site::fingerprint::Fingerprints {
        let mut f = crate::site::fingerprint::Fingerprints::of(&archive.site);
        f.tables[crate::site::Kind::SearchBucket as usize] = bucket_prints(&archive.site, None).0;
        f
    }

    /// Each of the index's files but the documents', with its bytes and what it read.
    fn index_files(archive: &crate::pipeline::Archive) -> Vec<(Vec<u8>, Box<[crate::site::Read]>)> {
        let r = Renderer::new(&archive.site, &archive.theme);
        (archive.pages.iter())
            .filter(|p| !matches!(p, crate::render::Page::SearchDocs(_)))
            .filter(|p| p.kind() == "search index")
            .map(|p| {
                let (bytes, reads) = r.render_recorded(*p);
                (bytes.unwrap(), reads)
            })
            .collect()
    }

    /// A word added to an item's text reaches the files of its bucket's group, not every file
    /// of the index, as when each read every item (nor the filters' or `meta.json`);
    /// and every file it does not reach is as a full build makes it.
    #[test]
    fn a_new_word_in_an_item_reaches_only_the_files_of_its_group() {
        use crate::pipeline::{load, Keep};
        let dir = crate::test_edits::example_copy();
        let root = dir.path();
        let before = load(root, None, Keep::Problems).unwrap();
        let item = walkdir::WalkDir::new(root.join("content"))
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .find(|e| {
                e.path().extension().is_some_and(|x| x == "md") && e.file_name() != "_index.md"
            })
            .unwrap()
            .into_path();
        let text = std::fs::read_to_string(&item).unwrap();
        std::fs::write(&item, format!("{text}\nZyxkvorn.\n")).unwrap();
        let after = load(root, None, Keep::Problems).unwrap();
        let changes = crate::site::fingerprint::Changes::between(&prints(&before), &prints(&after));
        let (old, new) = (index_files(&before), index_files(&after));
        let filters = filter_count(&before.site);
        assert_eq!(
            old.len(),
            2 * 8 + filters + 1,
            "eight buckets, the filters' files and meta.json"
        );
        let reached: Vec<usize> = (0..old.len())
            .filter(|n| changes.reaches(old[*n].1.iter().copied()))
            .collect();
        assert!(
            (1..=4).contains(&reached.len()),
            "a group's two dictionary and two postings files at most: {reached:?}"
        );
        for n in (0..old.len()).filter(|n| !reached.contains(n)) {
            assert!(old[n].0 == new[n].0, "file {n} changed unreached");
        }
        assert!(
            reached.iter().any(|n| old[*n].0 != new[*n].0),
            "the word is found"
        );
    }

    /// Every file of the index, the documents' too, with its bytes and what it read.
    fn all_index_files(
        archive: &crate::pipeline::Archive,
    ) -> Vec<(Vec<u8>, Box<[crate::site::Read]>)> {
        let r = Renderer::new(&archive.site, &archive.theme);
        (archive.pages.iter())
            .filter(|p| p.kind() == "search index")
            .map(|p| {
                let (bytes, reads) = r.render_recorded(*p);
                (bytes.unwrap(), reads)
            })
            .collect()
    }

    /// The first meeting file of the example archive (a copy of it at `root`).
    fn first_meeting(root: &std::path::Path) -> std::path::PathBuf {
        walkdir::WalkDir::new(root.join("content"))
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .find(|e| e.file_name() == "_index.md")
            .unwrap()
            .into_path()
    }

    /// Loads the archive at `root` before and after `edit`, and returns which of the index's
    /// files (by place) the edit reached, having checked that every other file is as a full
    /// build of the edited archive makes it.
    fn reached_by(root: &std::path::Path, edit: impl FnOnce()) -> Vec<usize> {
        use crate::pipeline::{load, Keep};
        let before = load(root, None, Keep::Problems).unwrap();
        edit();
        let after = load(root, None, Keep::Problems).unwrap();
        let changes = crate::site::fingerprint::Changes::between(&prints(&before), &prints(&after));
        let (old, new) = (all_index_files(&before), all_index_files(&after));
        assert_eq!(old.len(), new.len());
        let reached: Vec<usize> = (0..old.len())
            .filter(|n| changes.reaches(old[*n].1.iter().copied()))
            .collect();
        for n in (0..old.len()).filter(|n| !reached.contains(n)) {
            assert!(old[n].0 == new[n].0, "file {n} changed unreached");
        }
        reached
    }

    /// A meeting's own text is in no file of the index, and its items' documents read the
    /// meeting (its date) but not its text (see `crate::site::Kind::MeetingText`): an edit of
    /// the text reaches no file, where it once reached the documents' files of its items, and
    /// before that every file, when the documents' order read every meeting.
    #[test]
    fn a_meeting_text_edit_reaches_no_file_of_the_index() {
        let dir = crate::test_edits::example_copy();
        let meeting = first_meeting(dir.path());
        let reached = reached_by(dir.path(), || {
            let text = std::fs::read_to_string(&meeting).unwrap();
            std::fs::write(&meeting, format!("{text}\nZyxkvorn.\n")).unwrap();
        });
        assert!(reached.is_empty(), "{reached:?}");
    }

    /// A meeting moved to another day moves its items in the documents' order: the files
    /// made from the order are reached (and every file left is as a full build makes it).
    #[test]
    fn a_meeting_moved_to_another_day_reaches_the_documents_order() {
        let dir = crate::test_edits::example_copy();
        let meeting = first_meeting(dir.path());
        let reached = reached_by(dir.path(), || {
            let text = std::fs::read_to_string(&meeting).unwrap();
            let (head, rest) = text.split_once("\ndate: ").unwrap();
            let (_, rest) = rest.split_once('\n').unwrap();
            let moved = format!("{head}\ndate: 1999-01-04\n{rest}");
            std::fs::write(&meeting, moved).unwrap();
        });
        assert!(reached.len() > 10, "{reached:?}");
    }

    /// The sums the whole index leaves from its postings (a full build's) are those that
    /// splitting every item makes (the fallback, and what incremental builds update).
    #[test]
    fn the_index_sums_its_postings_as_splitting_every_item_does() {
        let archive = crate::render::tests::example();
        let site = &archive.site;
        let slot = std::sync::OnceLock::new();
        Index::build(site, None, None, Some(&slot));
        let summed = slot.into_inner().expect("built whole: summed");
        let from_index = Unsummed::of(site).finish(site, Some(summed));
        let (table, kept, split) = bucket_prints(site, None);
        assert_eq!((from_index.0, from_index.1), (table, kept));
        assert_eq!((from_index.2, split), (0, site.items.len()));
        // An index of some groups only leaves nothing: its sums would be of those groups.
        let some = std::sync::OnceLock::new();
        Index::build(site, Some(&[true, false, false, false]), None, Some(&some));
        assert!(some.get().is_none());
    }

    #[test]
    fn bucket_counts_grow_with_the_archive() {
        assert_eq!(bucket_count(5), 8);
        assert_eq!(bucket_count(10_000), 256);
        assert_eq!(bucket_count(150_000), 4096);
    }
}
