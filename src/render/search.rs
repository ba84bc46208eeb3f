//! The search index behind `/sok/`: built at `build` time, split so that a reader's browser
//! downloads only the parts a query needs, and read by `search.js` on any static host.
//!
//! ```text
//! sok/index/meta.json      organizations, bodies (each a range of document numbers, by year),
//!                          the number of documents and of term files
//! sok/index/t/<n>.json     terms whose first three letters hash to n → postings
//!                          {"t": {"regionavtal": [doc delta, score, doc delta, score, …]},
//!                           "c": [terms whose postings were cut to the best MAX_POSTINGS]}
//! sok/index/d/<n>.json     documents n·CHUNK … n·CHUNK+CHUNK−1: URL, title, meeting, date,
//!                          case numbers, an excerpt for the snippet
//! ```
//!
//! Documents are numbered organization by organization, body by body, oldest meeting first,
//! so that filtering by organization, body or year is a range check and needs no download.
//! Terms are normalized by [`normalize`] (lowercase, Swedish definite and plural endings
//! folded: `regionavtalet` → `regionavtal`); the same rules are in `search.js`. The number of
//! term files grows with the archive (one per ~64 items), so each stays small.

use super::page_context::PageContext;
use super::views::Link;
use super::Renderer;
use crate::site::{ItemId, Site};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Documents per document file.
pub const CHUNK: usize = 32;
/// A term in more documents than this keeps only its best-scored postings; the client then
/// treats it as optional (it ranks, it does not filter), like a stop word.
const MAX_POSTINGS: usize = 1000;
/// Characters of an item's text kept for its snippet.
const EXCERPT: usize = 480;

/// Endings folded away, longest first; only when at least three letters remain.
const SUFFIXES: &[&str] = &["erna", "arna", "orna", "et", "en", "na", "ar", "er", "or"];

/// A word as the index stores it: lowercase, definite and plural endings folded.
/// (Kept behind this one function so it can later share `site::topics::swedish::stem`.)
pub fn normalize(word: &str) -> String {
    let lower = word.to_lowercase();
    for suffix in SUFFIXES {
        if let Some(stem) = lower.strip_suffix(suffix) {
            if stem.chars().count() >= 3 {
                return stem.to_string();
            }
        }
    }
    lower
}

/// The words of a text: runs of letters, and runs of digits (a case number `24RS11304` gives
/// `24`, `rs`, `11304`, as its printed variants do).
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let start = rest.find(|c: char| c.is_alphanumeric())?;
        rest = &rest[start..];
        let digit = rest.starts_with(|c: char| c.is_ascii_digit());
        let end = rest
            .find(|c: char| !c.is_alphanumeric() || c.is_ascii_digit() != digit)
            .unwrap_or(rest.len());
        let (word, tail) = rest.split_at(end);
        rest = tail;
        Some(word)
    })
}

/// The number of term files for an archive of `items` items: a power of two, about one per
/// 64 items, at least 8.
pub fn bucket_count(items: usize) -> usize {
    (items / 64).clamp(8, 4096).next_power_of_two()
}

/// Which term file holds `term`: FNV-1a over the UTF-16 units of its first three characters
/// (what JavaScript's `charCodeAt` sees), modulo the number of files.
pub fn bucket_of(term: &str, buckets: usize) -> usize {
    let mut hash: u32 = 0x811c_9dc5;
    let head: String = term.chars().take(3).collect();
    for unit in head.encode_utf16() {
        hash ^= u32::from(unit);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash as usize % buckets
}

/// The number of document files.
pub fn chunk_count(items: usize) -> usize {
    items.div_ceil(CHUNK)
}

/// Postings of one term, by document: the document number in the high 24 bits, the score
/// (capped at 255) in the low 8, so a 150,000-item archive's tens of millions of postings fit
/// in four bytes each.
type Postings = Vec<u32>;

fn posting(doc: usize, score: u32) -> u32 {
    ((doc as u32) << 8) | score.min(255)
}

/// The whole index in memory, serialized file by file.
pub struct Index {
    /// Document number → item.
    docs: Vec<ItemId>,
    /// Term file → its terms, sorted.
    buckets: Vec<BTreeMap<String, Postings>>,
    buckets_len: usize,
}

impl Index {
    pub fn build(site: &Site) -> Index {
        let docs = doc_order(site);
        let buckets_len = bucket_count(site.items.len());
        // Sequential on purpose: the index is built inside a render task, and a nested
        // parallel loop could steal another search page's task, which would wait on this one.
        let mut terms: HashMap<String, Postings> = HashMap::new();
        for (n, item) in docs.iter().enumerate() {
            for (term, score) in item_terms(site, *item) {
                terms.entry(term).or_default().push(posting(n, score));
            }
        }
        let mut buckets = vec![BTreeMap::new(); buckets_len];
        for (term, postings) in terms {
            buckets[bucket_of(&term, buckets_len)].insert(term, postings);
        }
        Index {
            docs,
            buckets,
            buckets_len,
        }
    }

    /// `sok/index/t/<n>.json`.
    pub fn terms_file(&self, n: usize) -> Vec<u8> {
        let mut out = TermFile::default();
        for (term, postings) in self.buckets.get(n).into_iter().flatten() {
            let kept = best(postings);
            if kept.len() < postings.len() {
                out.c.push(term);
            }
            let mut flat = Vec::with_capacity(kept.len() * 2);
            let mut last = 0;
            for p in kept {
                let doc = p >> 8;
                flat.push(doc - last);
                flat.push(p & 0xff);
                last = doc;
            }
            out.t.insert(term, flat);
        }
        serde_json::to_vec(&out).unwrap_or_default()
    }

    /// `sok/index/d/<n>.json`.
    pub fn docs_file(&self, r: &Renderer<'_>, n: usize) -> Vec<u8> {
        let site = r.site;
        let list: Vec<DocView> = self
            .docs
            .iter()
            .skip(n * CHUNK)
            .take(CHUNK)
            .map(|i| {
                let summary = r.views.item(*i);
                let item = &site.items[*i];
                DocView {
                    u: &item.url,
                    n: summary.number,
                    t: &item.meta.title,
                    b: site.meetings[item.meeting].body,
                    d: summary.meeting.date.text.clone(),
                    i: summary.meeting.date.iso.clone(),
                    m: &site.meetings[item.meeting].url,
                    o: summary.outcome.map(|o| o.label),
                    c: item.meta.cases.iter().map(String::as_str).collect(),
                    x: excerpt(&item.text),
                }
            })
            .collect();
        serde_json::to_vec(&list).unwrap_or_default()
    }

    /// `sok/index/meta.json`.
    pub fn meta_file(&self, site: &Site) -> Vec<u8> {
        let bodies: Vec<BodyMeta> = (0..site.bodies.len())
            .map(|b| self.body_meta(site, b))
            .collect();
        let meta = Meta {
            version: 1,
            docs: self.docs.len(),
            chunk: CHUNK,
            buckets: self.buckets_len,
            orgs: site
                .orgs
                .iter()
                .map(|o| Link {
                    title: &o.name,
                    url: &o.url,
                })
                .collect(),
            bodies,
        };
        serde_json::to_vec(&meta).unwrap_or_default()
    }

    fn body_meta<'a>(&self, site: &'a Site, b: usize) -> BodyMeta<'a> {
        let body = &site.bodies[b];
        let mut years: Vec<(i32, usize, usize)> = Vec::new();
        let mut range: Option<(usize, usize)> = None;
        for (n, i) in self.docs.iter().enumerate() {
            let m = &site.meetings[site.items[*i].meeting];
            if m.body != b {
                continue;
            }
            let year = chrono::Datelike::year(&m.meta.date);
            match years.last_mut() {
                Some(y) if y.0 == year => y.2 = n + 1,
                _ => years.push((year, n, n + 1)),
            }
            range = Some((range.map_or(n, |r| r.0), n + 1));
        }
        BodyMeta {
            n: &body.name,
            o: body.org,
            u: &body.url,
            r: range.unwrap_or((0, 0)),
            y: years,
        }
    }
}

#[derive(Serialize, Default)]
struct TermFile<'a> {
    t: BTreeMap<&'a str, Vec<u32>>,
    c: Vec<&'a str>,
}

#[derive(Serialize)]
struct Meta<'a> {
    version: u32,
    docs: usize,
    chunk: usize,
    buckets: usize,
    orgs: Vec<Link<'a>>,
    bodies: Vec<BodyMeta<'a>>,
}

#[derive(Serialize)]
struct BodyMeta<'a> {
    n: &'a str,
    o: usize,
    u: &'a str,
    /// Documents `r.0 .. r.1`.
    r: (usize, usize),
    /// (year, first document, end), oldest first.
    y: Vec<(i32, usize, usize)>,
}

#[derive(Serialize)]
struct DocView<'a> {
    u: &'a str,
    n: String,
    t: &'a str,
    b: usize,
    d: String,
    i: String,
    m: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    o: Option<String>,
    c: Vec<&'a str>,
    x: String,
}

/// The postings kept for a term: all, or the best scored (still in document order).
fn best(postings: &Postings) -> Postings {
    if postings.len() <= MAX_POSTINGS {
        return postings.clone();
    }
    let mut by_score = postings.clone();
    by_score.sort_by(|a, b| (b & 0xff).cmp(&(a & 0xff)).then(a.cmp(b)));
    by_score.truncate(MAX_POSTINGS);
    by_score.sort_unstable();
    by_score
}

/// Items organization by organization, body by body, oldest meeting first.
fn doc_order(site: &Site) -> Vec<ItemId> {
    let mut out = Vec::with_capacity(site.items.len());
    for org in &site.orgs {
        for b in &org.bodies {
            for m in &site.bodies[*b].meetings {
                out.extend(&site.meetings[*m].items);
            }
        }
    }
    out
}

/// Field weights: a word in the title or a case number says more than one in the text.
const W_CASE: u32 = 8;
const W_TITLE: u32 = 6;
const W_PERSON: u32 = 4;
const W_ORG: u32 = 2;
const W_TEXT: u32 = 1;

/// An item's terms with their scores (the weighted count of their occurrences).
fn item_terms(site: &Site, i: ItemId) -> HashMap<String, u32> {
    let item = &site.items[i];
    let meeting = &site.meetings[item.meeting];
    let meta = &item.meta;
    let mut scores: HashMap<String, u32> = HashMap::new();
    let mut add = |text: &str, weight: u32| {
        for w in words(text) {
            *scores.entry(normalize(w)).or_default() += weight;
        }
    };
    add(&meta.title, W_TITLE);
    add(&meta.number.to_string(), W_TEXT);
    for c in &meta.cases {
        add(c, W_CASE);
    }
    let people = meta
        .motions
        .iter()
        .flat_map(|m| &m.by)
        .chain(meta.reservations.iter().flat_map(|s| &s.by))
        .chain(meta.notes.iter().flat_map(|s| &s.by))
        .chain(&meta.abstained)
        .chain(&meta.recused);
    for p in people {
        add(p, W_PERSON);
    }
    for o in &meta.officials {
        add(&o.name, W_PERSON);
    }
    add(&site.orgs[meeting.org].name, W_ORG);
    add(&site.bodies[meeting.body].name, W_ORG);
    add(&item.text, W_TEXT);
    scores
}

/// The snippet source: the start of the item's text as plain words.
fn excerpt(markdown: &str) -> String {
    let mut out = String::new();
    for event in pulldown_cmark::Parser::new(markdown) {
        use pulldown_cmark::{Event, TagEnd};
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item)
            | Event::SoftBreak
            | Event::HardBreak => out.push(' '),
            _ => {}
        }
        if out.chars().count() > EXCERPT {
            break;
        }
    }
    let cut: String = out.chars().take(EXCERPT).collect();
    cut.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[derive(Serialize)]
struct OrgOption<'a> {
    title: &'a str,
    cases_url: &'a str,
    index: usize,
}

#[derive(Serialize)]
struct BodyOption<'a> {
    title: &'a str,
    org: usize,
    index: usize,
}

/// The search page: the form with its filters filled in, and links for readers without
/// JavaScript.
pub(super) fn page(r: &Renderer<'_>, ctx: &mut PageContext) -> &'static str {
    let site = r.site;
    let orgs: Vec<OrgOption> = site
        .orgs
        .iter()
        .enumerate()
        .map(|(index, o)| OrgOption {
            title: &o.name,
            cases_url: &o.cases_url,
            index,
        })
        .collect();
    let bodies: Vec<BodyOption> = site
        .bodies
        .iter()
        .enumerate()
        .map(|(index, b)| BodyOption {
            title: &b.name,
            org: b.org,
            index,
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
    "search.html"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_endings_fold() {
        assert_eq!(normalize("regionavtalet"), "regionavtal");
        assert_eq!(normalize("Regionavtal"), "regionavtal");
        assert_eq!(normalize("nämnderna"), "nämnd");
        assert_eq!(normalize("nämnden"), "nämnd");
        assert_eq!(normalize("nämnder"), "nämnd");
        assert_eq!(normalize("besluten"), "beslut");
        assert_eq!(normalize("regionerna"), "region");
        // Too short to fold.
        assert_eq!(normalize("den"), "den");
        assert_eq!(normalize("var"), "var");
    }

    #[test]
    fn words_split_letters_from_digits() {
        let w: Vec<&str> = words("RS 2273–2024, 24RS11304 Åsa-Öberg").collect();
        assert_eq!(
            w,
            ["RS", "2273", "2024", "24", "RS", "11304", "Åsa", "Öberg"]
        );
    }

    #[test]
    fn buckets_match_the_javascript_hash() {
        // The same values are asserted in tests/browser/search.test.mjs.
        assert_eq!(bucket_of("regionavtal", 1 << 20), 296341);
        assert_eq!(bucket_of("nämnd", 1 << 20), 583302);
        assert_eq!(bucket_of("öl", 1 << 20), 823103);
        assert_eq!(bucket_count(5), 8);
        assert_eq!(bucket_count(10_000), 256);
    }

    #[test]
    fn excerpt_is_plain_text() {
        let x = excerpt("## Beslut\n\nRegionen *säger upp* avtalet.\n");
        assert_eq!(x, "Beslut Regionen säger upp avtalet.");
    }
}
