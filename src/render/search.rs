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
//!
//! Building it reads every word of every item once: each distinct spelling is normalized once
//! and numbered, and an item's scores are summed in a reused table, so a word costs one hash
//! lookup and no allocation.

mod json;

use super::views::Link;
use super::Renderer;
use crate::site::topics::swedish::is_word_char;
use crate::site::{ItemId, Site};
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::borrow::Cow;

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
/// `24`, `rs`, `11304`, as its printed variants do). Letters are what
/// [`char::is_alphanumeric`] accepts apart from the ASCII digits.
pub fn words(text: &str) -> Words<'_> {
    Words { text, at: 0 }
}

/// The iterator of [`words`]; it reads ASCII a byte at a time and decodes only other
/// characters.
pub struct Words<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let bytes = self.text.as_bytes();
        let mut at = self.at;
        loop {
            let byte = *bytes.get(at)?;
            if byte.is_ascii_alphanumeric() || (!byte.is_ascii() && self.letter_at(at).is_some()) {
                break;
            }
            at += utf8_width(byte);
        }
        let start = at;
        if bytes[at].is_ascii_digit() {
            at += count_while(&bytes[at..], u8::is_ascii_digit);
        } else {
            loop {
                at += count_while(&bytes[at..], u8::is_ascii_alphabetic);
                match self.letter_at(at) {
                    Some(width) => at += width,
                    _ => break,
                }
            }
        }
        self.at = at;
        Some(&self.text[start..at])
    }
}

/// How many bytes at the start of `bytes` pass `test`.
fn count_while(bytes: &[u8], test: impl Fn(&u8) -> bool) -> usize {
    bytes.iter().take_while(|b| test(b)).count()
}

impl Words<'_> {
    /// The width of the letter at byte `at`, if a letter (not an ASCII digit) starts there.
    fn letter_at(&self, at: usize) -> Option<usize> {
        let byte = *self.text.as_bytes().get(at)?;
        if byte.is_ascii() {
            return byte.is_ascii_alphabetic().then_some(1);
        }
        let c = self.text[at..].chars().next()?;
        is_word_char(c).then_some(c.len_utf8())
    }
}

/// The length of the UTF-8 character that starts with `first`.
fn utf8_width(first: u8) -> usize {
    match first {
        0..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
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
    let mut units = [0u16; 2];
    for c in term.chars().take(3) {
        for unit in c.encode_utf16(&mut units) {
            hash ^= u32::from(*unit);
            hash = hash.wrapping_mul(0x0100_0193);
        }
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
    /// Term file → its terms with their postings, sorted by term.
    buckets: Vec<Vec<(Box<str>, Postings)>>,
    buckets_len: usize,
}

impl Index {
    pub fn build(site: &Site) -> Index {
        let docs = doc_order(site);
        let buckets_len = bucket_count(site.items.len());
        // Sequential on purpose: the index is built inside a render task, and a nested
        // parallel loop could steal another search page's task, which would wait on this one.
        let mut terms = Terms::default();
        let mut scores = Scores::default();
        for (n, item) in docs.iter().enumerate() {
            item_fields(site, *item, |text, weight| {
                for word in words(text) {
                    scores.add(terms.id_of_word(word), weight);
                }
            });
            for (term, score) in scores.drain() {
                terms.postings[term].push(posting(n, score));
            }
        }
        Index {
            docs,
            buckets: terms.into_buckets(buckets_len),
            buckets_len,
        }
    }

    /// `sok/index/t/<n>.json`: `{"t": {term: [doc delta, score, …], …}, "c": [cut terms]}`,
    /// terms in order (the bucket is sorted, as serde's `BTreeMap` would have them).
    pub fn terms_file(&self, n: usize) -> Vec<u8> {
        let bucket = self.buckets.get(n).map_or(&[][..], Vec::as_slice);
        // About two short numbers per posting: growing the buffer cost more than guessing.
        let guess: usize = bucket.iter().map(|(t, p)| t.len() + 8 * p.len() + 8).sum();
        let mut out = Vec::with_capacity(guess + 16);
        let mut cut = Vec::new();
        let mut file = json::Object::new(&mut out);
        let terms = file.key("t");
        let mut map = json::Object::new(terms);
        for (term, postings) in bucket {
            let kept = best(postings);
            if kept.len() < postings.len() {
                cut.push(&**term);
            }
            write_postings(map.key(term), &kept);
        }
        map.end();
        json::array(file.key("c"), cut, json::string);
        file.end();
        out
    }

    /// `sok/index/d/<n>.json`: an array of documents (see [`write_doc`]).
    pub fn docs_file(&self, r: &Renderer<'_>, n: usize) -> Vec<u8> {
        let docs = self.docs.iter().skip(n * CHUNK).take(CHUNK);
        // A document is under a kilobyte: its excerpt and a few short fields.
        let mut out = Vec::with_capacity(CHUNK * 1024);
        json::array(&mut out, docs, |out, i| write_doc(out, r, *i));
        out
    }

    /// `sok/index/meta.json`.
    pub fn meta_file(&self, site: &Site) -> Vec<u8> {
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
            bodies: self.bodies_meta(site),
        };
        serde_json::to_vec(&meta).unwrap_or_default()
    }

    /// Each body's documents and years, in one pass over the documents.
    fn bodies_meta<'a>(&self, site: &'a Site) -> Vec<BodyMeta<'a>> {
        let mut bodies: Vec<BodyMeta> = site
            .bodies
            .iter()
            .map(|body| BodyMeta {
                n: &body.name,
                o: body.org,
                u: &body.url,
                r: (0, 0),
                y: Vec::new(),
            })
            .collect();
        let mut seen = vec![false; bodies.len()];
        for (n, i) in self.docs.iter().enumerate() {
            let m = &site.meetings[site.items[*i].meeting];
            let body = &mut bodies[m.body];
            let year = chrono::Datelike::year(&m.meta.date);
            match body.y.last_mut() {
                Some(y) if y.0 == year => y.2 = n + 1,
                _ => body.y.push((year, n, n + 1)),
            }
            let first = if seen[m.body] { body.r.0 } else { n };
            body.r = (first, n + 1);
            seen[m.body] = true;
        }
        bodies
    }
}

/// A term's postings as the client reads them: document number as the difference from the
/// previous one, then the score.
fn write_postings(out: &mut Vec<u8>, postings: &[u32]) {
    let mut last = 0;
    json::array(out, postings, |out, p| {
        let doc = p >> 8;
        json::number(out, (doc - last) as usize);
        out.push(b',');
        json::number(out, (p & 0xff) as usize);
        last = doc;
    });
}

/// One document of a document file: `u` URL, `n` item number, `t` title, `b` body, `d` and
/// `i` meeting date as shown and as ISO, `m` meeting URL, `o` outcome (when there is one),
/// `c` case numbers, `x` excerpt.
fn write_doc(out: &mut Vec<u8>, r: &Renderer<'_>, i: ItemId) {
    let site = r.site;
    let head = r.views.item_head(i);
    let item = &site.items[i];
    let meeting = &site.meetings[item.meeting];
    let date = &r.views.meeting_strings(item.meeting).date;
    let mut doc = json::Object::new(out);
    doc.string("u", &item.url);
    doc.string("n", &head.number);
    doc.string("t", &item.meta.title);
    doc.number("b", meeting.body);
    doc.string("d", &date.text);
    doc.string("i", &date.iso);
    doc.string("m", &meeting.url);
    if let Some(outcome) = &head.outcome {
        doc.string("o", &outcome.label);
    }
    json::array(doc.key("c"), &item.meta.cases, |out, c| {
        json::string(out, c)
    });
    doc.string("x", &excerpt(&item.text));
    doc.end();
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

/// The postings kept for a term: all, or the best scored (still in document order): the
/// first [`MAX_POSTINGS`] by score, highest first, then by document.
///
/// Postings are in document order and scores take 256 values, so this counts the postings
/// per score to find the lowest score kept, then keeps, in one pass, every posting scored
/// above it and the earliest of those scored at it: no sort (sorting a copy of every long
/// term's postings was a third of writing the term files).
fn best(postings: &[u32]) -> Cow<'_, [u32]> {
    if postings.len() <= MAX_POSTINGS {
        return Cow::Borrowed(postings);
    }
    let mut per_score = [0; 256];
    for p in postings {
        per_score[(p & 0xff) as usize] += 1;
    }
    let mut lowest = 255;
    let mut above = 0;
    while above + per_score[lowest] < MAX_POSTINGS {
        above += per_score[lowest];
        lowest -= 1;
    }
    let lowest = lowest as u32;
    let mut ties = MAX_POSTINGS - above;
    let kept = postings.iter().filter(|p| match (*p & 0xff).cmp(&lowest) {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Equal if ties > 0 => {
            ties -= 1;
            true
        }
        _ => false,
    });
    Cow::Owned(kept.copied().collect())
}

/// The distinct terms of the archive, numbered in order of first appearance, with their
/// postings. Each word as printed is normalized once: an archive's millions of words are a
/// few tens of thousands of distinct spellings, so a word costs one hash lookup.
#[derive(Default)]
struct Terms {
    /// Word as printed → term.
    by_word: FxHashMap<Box<str>, usize>,
    /// Normalized term → its number.
    by_term: FxHashMap<String, usize>,
    postings: Vec<Postings>,
}

impl Terms {
    fn id_of_word(&mut self, word: &str) -> usize {
        if let Some(&id) = self.by_word.get(word) {
            return id;
        }
        let id = self.id(normalize(word));
        self.by_word.insert(word.into(), id);
        id
    }

    fn id(&mut self, term: String) -> usize {
        let next = self.postings.len();
        let id = *self.by_term.entry(term).or_insert(next);
        if id == next {
            self.postings.push(Vec::new());
        }
        id
    }

    /// The terms by term file, each file's sorted.
    fn into_buckets(self, buckets_len: usize) -> Vec<Vec<(Box<str>, Postings)>> {
        let Terms {
            by_term,
            mut postings,
            ..
        } = self;
        let mut buckets = vec![Vec::new(); buckets_len];
        for (term, id) in by_term {
            let list = std::mem::take(&mut postings[id]);
            buckets[bucket_of(&term, buckets_len)].push((term.into_boxed_str(), list));
        }
        for bucket in &mut buckets {
            bucket.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        }
        buckets
    }
}

/// One item's score per term, reused from item to item: a slot per term of the archive and
/// the list of slots in use, so clearing costs only what the item touched.
#[derive(Default)]
struct Scores {
    by_term: Vec<u32>,
    touched: Vec<usize>,
}

impl Scores {
    fn add(&mut self, term: usize, weight: u32) {
        if term >= self.by_term.len() {
            self.by_term.resize(term + 1, 0);
        }
        // Weights are at least 1, so 0 means "not yet seen in this item".
        if self.by_term[term] == 0 {
            self.touched.push(term);
        }
        self.by_term[term] += weight;
    }

    /// (term, score) for every term of the item, leaving the scores empty for the next.
    fn drain(&mut self) -> impl Iterator<Item = (usize, u32)> + '_ {
        let by_term = &mut self.by_term;
        self.touched
            .drain(..)
            .map(move |term| (term, std::mem::take(&mut by_term[term])))
    }
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

/// Hands each field of an item that the index holds to `add`, with its weight.
fn item_fields(site: &Site, i: ItemId, mut add: impl FnMut(&str, u32)) {
    let item = &site.items[i];
    let meeting = &site.meetings[item.meeting];
    let meta = &item.meta;
    add(&meta.title, W_TITLE);
    add(&meta.number.to_string(), W_TEXT);
    for c in &meta.cases {
        add(c, W_CASE);
    }
    for p in meta.people() {
        add(p, W_PERSON);
    }
    add(&site.orgs[meeting.org].name, W_ORG);
    add(&site.bodies[meeting.body].name, W_ORG);
    add(&item.text, W_TEXT);
}

/// The snippet source: the start of the item's text as plain words (its first [`EXCERPT`]
/// characters, each run of white space made one space).
///
/// The parser reads a whole text into blocks before its first event, and the snippet needs
/// only the start of it; so a prefix is parsed first, and a longer one (up to the whole text)
/// only when the prefix cannot be trusted to begin as the whole text does.
fn excerpt(markdown: &str) -> String {
    let mut from = EXCERPT + EXCERPT / 4;
    loop {
        let end = prefix_end(markdown, from);
        // A link reference definition anywhere in the text decides whether `[words]` before
        // it is a link (its words) or text (with its brackets); one after the prefix would go
        // unseen, and every definition has `]:` in it.
        if end == markdown.len() || markdown[end..].contains("]:") {
            return excerpt_of(markdown, false).unwrap_or_default();
        }
        if let Some(plain) = excerpt_of(&markdown[..end], true) {
            return plain;
        }
        from = end * 2;
    }
}

/// Where a prefix of `text` for [`excerpt`] ends: after the line that follows the first blank
/// line at or after byte `from`, so that it likely ends the block holding the snippet's last
/// character and starts the next; the text's end if there is no such line. (Only a guess:
/// [`excerpt_of`] checks.)
fn prefix_end(text: &str, from: usize) -> usize {
    let bytes = text.as_bytes();
    let line_end = |at: usize| {
        bytes[at..]
            .iter()
            .position(|b| *b == b'\n')
            .map_or(bytes.len(), |n| at + n + 1)
    };
    match bytes
        .get(from..)
        .and_then(|rest| rest.windows(2).position(|w| w == b"\n\n"))
    {
        Some(blank) => line_end(from + blank + 2),
        None => bytes.len(),
    }
}

/// The excerpt of `markdown`; with `prefix`, of a text that `markdown` only begins, and then
/// `None` unless the result is sure to be the whole text's.
///
/// Blocks are parsed line by line, so a block that ends before the prefix's last one (the one
/// the cut may have shortened) is parsed as in the whole text; so are its words, link
/// references aside (see [`excerpt`]). The excerpt is sure when it is complete before that
/// last block.
fn excerpt_of(markdown: &str, prefix: bool) -> Option<String> {
    use pulldown_cmark::{Event, TagEnd};
    let mut out = String::with_capacity(EXCERPT + EXCERPT / 2);
    // Counted as they are added: recounting the whole excerpt after each event was quadratic.
    let mut chars = 0;
    let mut events = pulldown_cmark::Parser::new(markdown);
    let mut depth = 0;
    let mut complete = false;
    for event in events.by_ref() {
        depth = nesting(depth, &event);
        match event {
            Event::Text(t) | Event::Code(t) => {
                out.push_str(&t);
                chars += t.chars().count();
            }
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item)
            | Event::SoftBreak
            | Event::HardBreak => {
                out.push(' ');
                chars += 1;
            }
            _ => {}
        }
        if chars > EXCERPT {
            complete = true;
            break;
        }
    }
    if prefix && !(complete && another_block_follows(events, depth)) {
        return None;
    }
    Some(plain_words(&out))
}

/// How deep in blocks and spans the parser is after `event`, from `depth` before it.
fn nesting(depth: usize, event: &pulldown_cmark::Event) -> usize {
    match event {
        pulldown_cmark::Event::Start(_) => depth + 1,
        pulldown_cmark::Event::End(_) => depth - 1,
        _ => depth,
    }
}

/// Whether, `depth` deep in a top-level block, the block ends and something follows it.
fn another_block_follows<'a>(
    events: impl Iterator<Item = pulldown_cmark::Event<'a>>,
    mut depth: usize,
) -> bool {
    for event in events {
        if depth == 0 {
            return true;
        }
        depth = nesting(depth, &event);
    }
    false
}

/// The first [`EXCERPT`] characters of `text`, each run of white space made one space and
/// none at either end (what joining its `split_whitespace` words gave, in one pass).
fn plain_words(text: &str) -> String {
    let mut plain = String::with_capacity(text.len().min(4 * EXCERPT));
    let mut space = false;
    for c in text.chars().take(EXCERPT) {
        if c.is_whitespace() {
            space = !plain.is_empty();
        } else {
            if space {
                plain.push(' ');
                space = false;
            }
            plain.push(c);
        }
    }
    plain
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
pub(super) fn page(
    r: &Renderer<'_>,
    ctx: &mut tera::Context,
) -> Result<&'static str, crate::diag::Diagnostic> {
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
    Ok("search.html")
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

    /// The tokenizer as first written (a `find` per word), to hold the fast one to.
    fn words_by_find(text: &str) -> Vec<&str> {
        let mut rest = text;
        let mut out = Vec::new();
        while let Some(start) = rest.find(|c: char| c.is_alphanumeric()) {
            rest = &rest[start..];
            let digit = rest.starts_with(|c: char| c.is_ascii_digit());
            let end = rest
                .find(|c: char| !c.is_alphanumeric() || c.is_ascii_digit() != digit)
                .unwrap_or(rest.len());
            out.push(&rest[..end]);
            rest = &rest[end..];
        }
        out
    }

    #[test]
    fn words_agree_with_the_plain_definition() {
        let texts = [
            "",
            "   ",
            "RS 2273–2024, 24RS11304 Åsa-Öberg",
            "x²y 1½ ٣٤5 ª µ º naïve × ÷ İstanbul ΣΑΣ 𝔘nicode 中文 e\u{301}",
            "§ 229 Uppsägning av regionavtalet (SD). Slut",
            "abc123def4",
        ];
        for text in texts {
            assert_eq!(
                words(text).collect::<Vec<_>>(),
                words_by_find(text),
                "{text}"
            );
        }
        for c in (0..0x3000u32).filter_map(char::from_u32) {
            let text = format!("a{c}1{c}b {c}");
            assert_eq!(
                words(&text).collect::<Vec<_>>(),
                words_by_find(&text),
                "{c:?}"
            );
        }
    }

    #[test]
    fn terms_files_are_json() {
        let mut terms = Terms::default();
        let a = terms.id_of_word("Regionavtalet");
        assert_eq!(terms.id_of_word("regionavtal"), a);
        let b = terms.id_of_word("2025");
        terms.postings[a].extend([posting(3, 6), posting(10, 300)]);
        terms.postings[b].push(posting(7, 1));
        let index = Index {
            docs: Vec::new(),
            buckets: terms.into_buckets(1),
            buckets_len: 1,
        };
        let file = String::from_utf8(index.terms_file(0)).unwrap();
        assert_eq!(
            file,
            r#"{"t":{"2025":[7,1],"regionavtal":[3,6,7,255]},"c":[]}"#
        );
        assert_eq!(index.terms_file(5), br#"{"t":{},"c":[]}"#);
    }

    /// The cut as first written: sort by score, then document; keep the first; sort back.
    fn best_by_sorting(postings: &[u32]) -> Vec<u32> {
        let mut by_score = postings.to_vec();
        by_score.sort_by(|a, b| (b & 0xff).cmp(&(a & 0xff)).then(a.cmp(b)));
        by_score.truncate(MAX_POSTINGS);
        by_score.sort_unstable();
        by_score
    }

    #[test]
    fn best_postings_are_the_best_by_sorting() {
        let mut seed = 7u32;
        let mut random = move |n: u32| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (seed >> 8) % n
        };
        for (len, scores) in [
            (999, 300),
            (1000, 3),
            (1001, 3),
            (1500, 1),
            (4000, 20),
            (5000, 256),
        ] {
            let postings: Vec<u32> = (0..len).map(|doc| posting(doc, random(scores))).collect();
            let kept = best(&postings);
            assert_eq!(kept.len(), postings.len().min(MAX_POSTINGS));
            assert_eq!(&*kept, best_by_sorting(&postings), "{len} {scores}");
        }
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

    /// Texts whose start a prefix could misread: blocks whose kind or extent later lines
    /// decide, and a link reference defined at the end.
    const TRICKY_TAILS: &[&str] = &[
        "- a\n- b\n\n- c (a loose list)\n\n- d\n\nAfter.\n",
        "- a\n- b\n- c (a tight list)\n\nAfter.\n",
        "1. one\n\n   more of one\n\n2. two\n\nAfter.\n",
        "See [the rule] and [other][r].\n\nMore text.\n\n[the rule]: /regel\n[r]: /r \"T\"\n",
        "    indented code\n\n\n    still code\n\nAfter.\n",
        "```\nfenced\n\nstill fenced\n\n```\nAfter.\n",
        "<!-- a comment\n\nstill the comment -->\nAfter.\n",
        "<div>\nhtml\n\n</div>\n\nAfter.\n",
        "A heading\nin two lines\n===\n\nAfter.\n",
        "> quoted\n\n> quoted again\n\nAfter.\n",
        "Text &amp; entities &#229; and `code  spans`\\\nwith a hard break.\n\nAfter.\n",
    ];

    #[test]
    fn excerpt_of_a_prefix_is_the_whole_texts() {
        let whole = |markdown: &str| excerpt_of(markdown, false).unwrap();
        for tail in TRICKY_TAILS {
            for filler in (0..900).step_by(7) {
                let words = "Ord för ord, åtgärd för åtgärd. ".repeat(40);
                let cut = words
                    .char_indices()
                    .nth(filler)
                    .map_or(words.as_str(), |(end, _)| &words[..end]);
                let markdown = format!("## Rubrik\n\n{cut}\n\n{tail}{tail}\n{words}\n\n{tail}");
                assert_eq!(excerpt(&markdown), whole(&markdown), "{markdown}");
            }
        }
    }

    #[test]
    fn excerpt_of_the_example_archive_is_the_whole_texts() {
        let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let mut checked = 0;
        for entry in walkdir::WalkDir::new(content) {
            let path = entry.unwrap().into_path();
            if path.extension().is_some_and(|e| e == "md") {
                let text = std::fs::read_to_string(&path).unwrap();
                let body = text.splitn(3, "---\n").nth(2).unwrap_or(&text);
                assert_eq!(excerpt(body), excerpt_of(body, false).unwrap(), "{path:?}");
                checked += 1;
            }
        }
        assert!(checked > 50, "{checked}");
    }

    #[test]
    fn plain_words_cut_then_fold() {
        let by_split = |text: &str| {
            let cut: String = text.chars().take(EXCERPT).collect();
            cut.split_whitespace().collect::<Vec<_>>().join(" ")
        };
        for text in [
            "",
            "   ",
            " a  b\t\nc\u{a0}d\u{2003} \u{b}e\u{3000}",
            &"ord  ".repeat(200),
            &format!("{}   efter", "å".repeat(EXCERPT - 2)),
        ] {
            assert_eq!(plain_words(text), by_split(text), "{text:?}");
        }
    }

    #[test]
    fn excerpt_keeps_its_first_characters() {
        let markdown = format!(
            "## Sammanfattning\n\n{}",
            "Två  åtgärder,\nvår plan. ".repeat(60)
        );
        // The text as the parser hands it over (a soft break is a space), cut, then folded.
        let stream = format!("Sammanfattning {}", "Två  åtgärder, vår plan. ".repeat(60));
        let cut: String = stream.chars().take(EXCERPT).collect();
        let expected = cut.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(excerpt(&markdown), expected);
    }
}
