//! Fingerprints of the graph's entities, to tell which changed between two graphs of one
//! archive (after an edit in `serve`, or between two runs of `build`).
//!
//! Entities are matched by their URL, which is what a page is known by too (kept as its
//! 128-bit hash, a [`Key`]), and an entity's
//! fingerprint hashes everything a page can read of it: its content file's digest and every
//! field the graph computed, with the entities it points to named by their URLs, not their
//! indices (a file added shifts the indices of everything after it, and changes nothing
//! else). Each function below takes its struct apart field by field without `..`, so a field
//! added to an entity does not compile until it is hashed here.
//!
//! An item's text is the exception: it has a table of its own ([`Kind::ItemText`]), and the
//! item's fingerprint hashes its front-matter instead of its file's digest, so that an edit
//! of the text reaches the pages that show the text, not every page that lists the item
//! (the open data, the sitemap, the organization's lists). A meeting's text likewise
//! ([`Kind::MeetingText`]): its fingerprint hashes its front-matter and the time it was
//! created, not its file's digest and time.
//!
//! A page's [`Read`]s and the [`Changes`] between two graphs then decide whether the page is
//! made again: see [`Changes::reaches`].

use super::reads::{Kind, Read};
use super::{
    Body, Case, Entities, Id, Item, Meeting, Org, Pairs, Party, Person, Role, Site, Subject, Target,
};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use xxhash_rust::xxh3::xxh3_128;

mod relinked;

/// Every entity's URL (its [`Key`]) and fingerprint, by kind, in arena order, and the three
/// summaries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fingerprints {
    /// Indexed by `Kind as usize` for the entity kinds.
    pub tables: [Vec<(Key, u128)>; Kind::ENTITIES.len()],
    /// [`Kind::PartyLinks`], [`Kind::PersonLinks`] and [`Kind::Today`].
    pub summaries: [u128; 3],
}

/// An entity's URL as the tables match it: its 128-bit XXH3. The tables are held through a
/// whole build (the cache is written at its end), and a URL kept as a `String` was a heap
/// block of about 80 bytes beside a row of 48, for each of the 300,000 items' and texts'
/// rows at 10,000 meetings; a row with a key is 32 bytes and nothing else. Two URLs that
/// hash alike are as unlikely as two fingerprints that do, which the tables rely on anyway;
/// two entities with one URL still have one key, so a clash is still seen (see
/// [`Changes::compare`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key(pub u128);

impl Key {
    pub fn of(url: &str) -> Key {
        Key(xxh3_128(url.as_bytes()))
    }
}

/// A hasher that writes strings and lists unambiguously (with their lengths). The bytes are
/// gathered and hashed at once: a streaming hasher's setup per entity was most of the cost of
/// fingerprinting 150,000 items, and XXH3 over the gathered bytes is the same digest.
struct Writer(Vec<u8>);

/// The bytes `Hash` writes, as a streaming hasher takes them.
struct Bytes<'a>(&'a mut Vec<u8>);

impl std::hash::Hasher for Bytes<'_> {
    fn write(&mut self, bytes: &[u8]) {
        self.0.extend_from_slice(bytes);
    }
    fn finish(&self) -> u64 {
        unreachable!("only the writer's digest is taken")
    }
}

impl Writer {
    fn new() -> Writer {
        Writer(Vec::with_capacity(256))
    }
    /// Bytes after their length, so that two fields never run into each other.
    fn bytes(&mut self, b: &[u8]) -> &mut Self {
        self.0.extend_from_slice(&(b.len() as u64).to_le_bytes());
        self.0.extend_from_slice(b);
        self
    }
    fn str(&mut self, s: &str) -> &mut Self {
        self.bytes(s.as_bytes())
    }
    /// A file's path by its bytes, as [`Writer::str`] writes a string: the same bytes for a
    /// path that is UTF-8, without the check and copy `to_string_lossy` made of each of
    /// 160,000 paths on every build.
    fn path(&mut self, p: &std::path::Path) -> &mut Self {
        self.bytes(p.as_os_str().as_encoded_bytes())
    }
    fn num(&mut self, n: u128) -> &mut Self {
        self.0.extend_from_slice(&n.to_le_bytes());
        self
    }
    fn opt(&mut self, s: Option<&str>) -> &mut Self {
        match s {
            Some(s) => self.num(1).str(s),
            None => self.num(0),
        }
    }
    /// A value of the graph's own types, by its derived `Hash` (which hashes every field).
    fn hashed(&mut self, value: &impl std::hash::Hash) -> &mut Self {
        value.hash(&mut Bytes(&mut self.0));
        self
    }
    /// A value of the content model, as JSON (which spells every field, and delimits itself):
    /// the model derives no `Hash`.
    fn serialized(&mut self, value: &impl serde::Serialize) -> &mut Self {
        serde_json::to_writer(&mut self.0, value).expect("the content model serializes");
        self
    }
    fn urls<'a>(&mut self, urls: impl ExactSizeIterator<Item = &'a str>) -> &mut Self {
        self.num(urls.len() as u128);
        for u in urls {
            self.str(u);
        }
        self
    }
    fn finish(&self) -> u128 {
        xxh3_128(&self.0)
    }
}

impl Fingerprints {
    pub fn of(site: &Site) -> Fingerprints {
        Fingerprints {
            tables: Kind::ENTITIES.map(|kind| table(site, kind)),
            summaries: summaries(site),
        }
    }

    /// Fingerprints one item or meeting again, after `serve` patched it in place; returns
    /// which of its fingerprints changed (an item's text and the rest of it are apart).
    pub fn refresh(&mut self, site: &Site, read: Read) -> Vec<Read> {
        let i = read.index as usize;
        let fresh: Vec<(Kind, u128)> = match read.kind {
            Kind::Item => (site.items.unrecorded().get(Id::new(i)))
                .map(|x| [(Kind::Item, item(site, x)), (Kind::ItemText, item_text(x))].to_vec())
                .unwrap_or_default(),
            Kind::Meeting => (site.meetings.unrecorded().get(Id::new(i)))
                .map(|x| {
                    let text = (Kind::MeetingText, meeting_text(x));
                    [(Kind::Meeting, meeting(site, x)), text].to_vec()
                })
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        let mut changed = Vec::new();
        for (kind, fp) in fresh {
            if let Some(slot) = self.tables[kind as usize].get_mut(i) {
                if slot.1 != fp {
                    slot.1 = fp;
                    changed.push(Read::one(kind, i));
                }
            }
        }
        changed
    }

    fn table(&self, kind: Kind) -> Option<&[(Key, u128)]> {
        self.tables.get(kind as usize).map(Vec::as_slice)
    }
}

/// The URL and fingerprint of every entity of `kind`, in arena order.
fn table(s: &Site, kind: Kind) -> Vec<(Key, u128)> {
    match kind {
        Kind::Org => each(s.orgs.unrecorded(), |o| (Key::of(&o.url), org(s, o))),
        Kind::Body => each(s.bodies.unrecorded(), |b| (Key::of(&b.url), body(s, b))),
        Kind::Meeting => each(s.meetings.unrecorded(), |m| {
            (Key::of(&m.url), meeting(s, m))
        }),
        Kind::MeetingText => each(s.meetings.unrecorded(), |m| {
            (Key::of(&m.url), meeting_text(m))
        }),
        Kind::Item => each(s.items.unrecorded(), |i| (Key::of(&i.url), item(s, i))),
        Kind::ItemText => each(s.items.unrecorded(), |i| (Key::of(&i.url), item_text(i))),
        Kind::Case => each(s.cases.unrecorded(), |c| (Key::of(&c.url), case(s, c))),
        Kind::Person => each(s.people.unrecorded(), |p| (Key::of(&p.url), person(s, p))),
        Kind::Party => each(s.parties.unrecorded(), |p| (Key::of(&p.url), party(s, p))),
        Kind::Subject => each(s.subjects.unrecorded(), |x| {
            (Key::of(&x.url), subject(s, x))
        }),
        // Made by the caller that needs it (see `render::search::prints`): empty, every
        // read of a bucket counts as changed.
        _ => Vec::new(),
    }
}

/// [`Kind::PartyLinks`], [`Kind::PersonLinks`] and [`Kind::Today`].
fn summaries(s: &Site) -> [u128; 3] {
    let mut party_links = Writer::new();
    for p in s.parties.unrecorded() {
        party_links.str(&p.code).str(&p.name).str(&p.url);
    }
    let mut person_links = Writer::new();
    for p in s.people.unrecorded() {
        person_links.str(&p.name).str(&p.url);
    }
    // What each printed name links to (the registry's spellings included), in one order.
    let people = s.people.unrecorded();
    let mut names: Vec<(&str, &str)> = s
        .person_names()
        .map(|(n, p)| (n, people.get(p).map_or("", |p| p.url.as_str())))
        .collect();
    names.sort_unstable();
    for (name, url) in names {
        person_links.str(name).str(url);
    }
    [
        party_links.finish(),
        person_links.finish(),
        Writer::new().str(&s.config.today.to_string()).finish(),
    ]
}

fn each<T: Sync>(list: &[T], f: impl Fn(&T) -> (Key, u128) + Sync + Send) -> Vec<(Key, u128)> {
    list.par_iter().map(f).collect()
}

fn url_of<'a, T>(
    list: &'a Entities<T>,
    url: impl Fn(&'a T) -> &'a str,
) -> impl Fn(&Id<T>) -> &'a str {
    move |i| list.get(*i).map_or("", &url)
}

fn org(s: &Site, o: &Org) -> u128 {
    let Org {
        slug,
        name,
        url,
        cases_url,
        bodies,
        meetings,
        cases,
    } = o;
    Writer::new()
        .str(slug)
        .str(name)
        .str(url)
        .str(cases_url)
        .urls(bodies.iter().map(url_of(s.bodies.unrecorded(), |b| &b.url)))
        .urls(
            meetings
                .iter()
                .map(url_of(s.meetings.unrecorded(), |m| &m.url)),
        )
        .urls(cases.iter().map(url_of(s.cases.unrecorded(), |c| &c.url)))
        .finish()
}

fn body(s: &Site, b: &Body) -> u128 {
    let Body {
        org,
        slug,
        name,
        url,
        meetings,
    } = b;
    Writer::new()
        .str(url_of(s.orgs.unrecorded(), |o| &o.url)(org))
        .str(slug)
        .str(name)
        .str(url)
        .urls(
            meetings
                .iter()
                .map(url_of(s.meetings.unrecorded(), |m| &m.url)),
        )
        .finish()
}

fn meeting(s: &Site, m: &Meeting) -> u128 {
    let Meeting {
        org,
        body,
        folder,
        url,
        path,
        meta,
        text: _,     // in `meeting_text`, a table of its own
        digest: _,   // moves with the text: `meta` is hashed instead
        modified: _, // in `meeting_text`; `created`, which pages read apart, below
        items,
        prev,
        next,
        appeal,
    } = m;
    let meeting_url = url_of(s.meetings.unrecorded(), |m| &m.url);
    Writer::new()
        .str(url_of(s.orgs.unrecorded(), |o| &o.url)(org))
        .str(url_of(s.bodies.unrecorded(), |b| &b.url)(body))
        .str(folder)
        .str(url)
        .path(path)
        .serialized(meta)
        .num(m.created() as u128)
        .urls(items.iter().map(url_of(s.items.unrecorded(), |i| &i.url)))
        .opt(prev.as_ref().map(&meeting_url))
        .opt(next.as_ref().map(&meeting_url))
        // The window's state and the day it was judged open, which pages print ("as of").
        .hashed(appeal)
        .finish()
}

fn item(s: &Site, i: &Item) -> u128 {
    let Item {
        meeting,
        stem,
        url,
        anchor,
        path,
        meta,
        text: _,     // in `item_text`, a table of its own
        digest: _,   // moves with the text: `meta` is hashed instead
        modified: _, // in `item_text`
        cases,
        mentions,
        reference_targets,
        cited_by,
        subjects,
        pairs,
    } = i;
    let item_url = url_of(s.items.unrecorded(), |i| &i.url);
    let case_url = url_of(s.cases.unrecorded(), |c| &c.url);
    let mut w = Writer::new();
    w.str(url_of(s.meetings.unrecorded(), |m| &m.url)(meeting))
        .str(stem)
        .str(url)
        .str(anchor)
        .path(path)
        .serialized(meta)
        .urls(cases.iter().map(&case_url))
        .urls(mentions.iter().map(&case_url))
        .num(reference_targets.len() as u128);
    for target in reference_targets {
        match target {
            None => w.num(0),
            Some(Target::Item(x)) => w.num(1).str(item_url(x)),
            Some(Target::Case(c)) => w.num(2).str(case_url(c)),
        };
    }
    w.urls(cited_by.iter().map(&item_url)).urls(
        subjects
            .iter()
            .map(url_of(s.subjects.unrecorded(), |x| &x.url)),
    );
    let Pairs {
        twin,
        decision,
        proposal,
    } = pairs;
    for pair in [twin, decision, proposal] {
        w.opt(pair.as_ref().map(&item_url));
    }
    w.finish()
}

/// An item's text ([`Kind::ItemText`]), by its file's digest and time: hashing the text
/// itself would be a pass over every item's words, and a page that shows the text shows the
/// front-matter the digest also covers (the item's title, number, outcome), so it is made
/// again when either changes anyway.
fn item_text(i: &Item) -> u128 {
    Writer::new().num(i.digest).num(i.modified as u128).finish()
}

/// A meeting's text ([`Kind::MeetingText`]), by its file's digest and time, as
/// [`item_text`] is an item's.
fn meeting_text(m: &Meeting) -> u128 {
    Writer::new().num(m.digest).num(m.modified as u128).finish()
}

fn case(s: &Site, c: &Case) -> u128 {
    let Case {
        org,
        number,
        slug,
        url,
        appearances,
        mentioned_in,
        documents,
    } = c;
    let item_url = url_of(s.items.unrecorded(), |i| &i.url);
    let mut w = Writer::new();
    w.str(url_of(s.orgs.unrecorded(), |o| &o.url)(org))
        .str(number)
        .str(slug)
        .str(url)
        .urls(appearances.iter().map(&item_url))
        .urls(mentioned_in.iter().map(&item_url))
        .urls(documents.iter().map(String::as_str));
    w.finish()
}

fn roles(s: &Site, w: &mut Writer, roles: &[Role]) {
    w.num(roles.len() as u128);
    for role in roles {
        let Role {
            kind,
            meeting,
            item,
            text,
        } = role;
        w.str(kind.as_str())
            .str(url_of(s.meetings.unrecorded(), |m| &m.url)(meeting))
            .opt(item.as_ref().map(url_of(s.items.unrecorded(), |i| &i.url)))
            .opt(text.as_deref());
    }
}

fn person(s: &Site, p: &Person) -> u128 {
    let Person {
        slug,
        name,
        party,
        url,
        spellings,
        registered,
        roles: list,
        casts,
    } = p;
    let mut w = Writer::new();
    w.str(slug)
        .str(name)
        .opt(party.as_deref())
        .str(url)
        .urls(spellings.iter().map(String::as_str))
        .num(u128::from(*registered));
    roles(s, &mut w, list);
    w.num(casts.len() as u128);
    for super::Cast { item, vote, choice } in casts {
        w.str(url_of(s.items.unrecorded(), |i| &i.url)(item))
            .num(*vote as u128)
            .str(choice.as_str());
    }
    w.finish()
}

fn party(s: &Site, p: &Party) -> u128 {
    let Party {
        code,
        slug,
        name,
        url,
        members,
        roles: list,
        votes,
    } = p;
    let mut w = Writer::new();
    w.str(code).str(slug).str(name).str(url).urls(
        members
            .iter()
            .map(url_of(s.people.unrecorded(), |p| &p.url)),
    );
    roles(s, &mut w, list);
    w.num(votes.len() as u128);
    for super::PartyVote { item, vote, counts } in votes {
        w.str(url_of(s.items.unrecorded(), |i| &i.url)(item))
            .num(*vote as u128);
        for n in counts {
            w.num(u128::from(*n));
        }
    }
    w.finish()
}

fn subject(s: &Site, x: &Subject) -> u128 {
    let Subject {
        slug,
        name,
        url,
        items,
        orgs,
        terms,
    } = x;
    Writer::new()
        .str(slug)
        .str(name)
        .str(url)
        .urls(items.iter().map(url_of(s.items.unrecorded(), |i| &i.url)))
        .urls(orgs.iter().map(url_of(s.orgs.unrecorded(), |o| &o.url)))
        .urls(terms.iter().map(String::as_str))
        .finish()
}

/// What changed from one graph to the next, in terms of the old graph's indices (the ones
/// the pages' records were made with).
#[derive(Debug, PartialEq)]
pub struct Changes {
    /// Per entity kind, per old index: gone, or its fingerprint differs.
    changed: [Vec<bool>; Kind::ENTITIES.len()],
    /// Per kind (summaries included): anything of the kind differs, its order included.
    whole: [bool; Kind::COUNT],
    /// Per entity kind, per old index: the index of the same entity (by URL) in the new
    /// graph, or `None` when it is gone; `None` for the whole table when indices did not move.
    moved: [Option<Vec<Option<u32>>>; Kind::ENTITIES.len()],
}

impl Changes {
    pub fn between(old: &Fingerprints, new: &Fingerprints) -> Changes {
        let mut changes = Changes::none(old);
        for kind in Kind::ENTITIES {
            let (before, after) = (
                old.table(kind).unwrap_or_default(),
                new.table(kind).unwrap_or_default(),
            );
            changes.compare(kind, before, after);
        }
        changes.compare_summaries(&old.summaries, &new.summaries);
        changes
    }

    /// No change to the graph `fingerprints` are of.
    fn none(fingerprints: &Fingerprints) -> Changes {
        Changes {
            changed: std::array::from_fn(|k| vec![false; fingerprints.tables[k].len()]),
            whole: [false; Kind::COUNT],
            moved: Default::default(),
        }
    }

    /// Records what changed of `kind` from the table `before` to `after`.
    fn compare(&mut self, kind: Kind, before: &[(Key, u128)], after: &[(Key, u128)]) {
        let k = kind as usize;
        // The same entities in the same places (every edit but a file added or removed):
        // compared in place, without a map of 150,000 URLs.
        if before.len() == after.len() && before.iter().zip(after).all(|(a, b)| a.0 == b.0) {
            self.changed[k] = before.iter().zip(after).map(|(a, b)| a.1 != b.1).collect();
            self.whole[k] = self.changed[k].contains(&true);
            self.moved[k] = None;
            return;
        }
        let now: FxHashMap<Key, (usize, u128)> = after
            .iter()
            .enumerate()
            .map(|(i, (u, f))| (*u, (i, *f)))
            .collect();
        // Two entities with one URL (a clash, reported as an error): nothing of the kind can
        // be matched by URL, so all of it counts as changed.
        let clash = now.len() != after.len();
        let found: Vec<Option<(usize, u128)>> = before
            .iter()
            .map(|(url, _)| now.get(url).copied())
            .collect();
        self.changed[k] = before
            .iter()
            .zip(&found)
            .map(|((_, fp), now)| clash || now.map(|n| n.1) != Some(*fp))
            .collect();
        let same_places = found
            .iter()
            .enumerate()
            .all(|(i, f)| f.is_some_and(|f| f.0 == i));
        self.moved[k] = (!same_places).then(|| {
            found
                .iter()
                .map(|f| f.and_then(|f| u32::try_from(f.0).ok()))
                .collect()
        });
        self.whole[k] = true;
    }

    /// Records which of the three summaries changed.
    fn compare_summaries(&mut self, before: &[u128; 3], after: &[u128; 3]) {
        self.whole[Kind::PartyLinks as usize] = before[0] != after[0];
        self.whole[Kind::PersonLinks as usize] = before[1] != after[1];
        self.whole[Kind::Today as usize] = before[2] != after[2];
    }

    /// Only the given entities changed (an edit patched in place).
    pub fn only(fingerprints: &Fingerprints, changed: &[Read]) -> Changes {
        let mut out = Changes::none(fingerprints);
        for r in changed {
            out.whole[r.kind as usize] = true;
            if let Some(slot) = out
                .changed
                .get_mut(r.kind as usize)
                .and_then(|v| v.get_mut(r.index as usize))
            {
                *slot = true;
            }
        }
        out
    }

    /// Whether a page that made these reads (of the old graph) must be made again.
    pub fn reaches(&self, reads: impl IntoIterator<Item = Read>) -> bool {
        reads.into_iter().any(|r| {
            if r.is_whole() {
                return self.whole[r.kind as usize];
            }
            self.changed
                .get(r.kind as usize)
                .and_then(|v| v.get(r.index as usize))
                .copied()
                // A summary read one by one, or an index the old graph did not have.
                .unwrap_or(true)
        })
    }

    /// [`Changes::reaches`] for the reads `start..start + len` of `kind` (or its whole, when
    /// `start` is [`Read::WHOLE`]) at once: a kind of which nothing changed is passed over
    /// without looking at its indices, so that a page reading hundreds of meetings costs one
    /// test when only an item changed.
    pub fn reaches_run(&self, kind: Kind, start: u32, len: u32) -> bool {
        if start == Read::WHOLE {
            return self.whole[kind as usize];
        }
        let Some(changed) = self.changed.get(kind as usize) else {
            // A summary read one by one.
            return true;
        };
        let (from, to) = (start as usize, start as usize + len as usize);
        match changed.get(from..to) {
            // An index the old graph did not have.
            None => true,
            Some(_) if !self.whole[kind as usize] => false,
            Some(run) => run.iter().any(|c| *c),
        }
    }

    /// The reads of a page the changes do not reach, in the new graph's indices.
    pub fn remap(&self, reads: impl IntoIterator<Item = Read>) -> Box<[Read]> {
        reads
            .into_iter()
            .map(|r| {
                let moved = self.moved.get(r.kind as usize).and_then(Option::as_ref);
                match moved {
                    Some(to) if !r.is_whole() => Read {
                        kind: r.kind,
                        index: to
                            .get(r.index as usize)
                            .copied()
                            .flatten()
                            .unwrap_or(Read::WHOLE - 1),
                    },
                    _ => r,
                }
            })
            .collect()
    }

    /// Whether any entity's index moved, so that kept reads must be remapped.
    pub fn moves(&self) -> bool {
        self.moved.iter().any(Option::is_some)
    }

    pub fn is_empty(&self) -> bool {
        !self.whole.iter().any(|w| *w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A path is written as its string was (`to_string_lossy`), so that the fingerprints of
    /// a UTF-8 archive do not depend on which of the two wrote them.
    #[test]
    fn a_path_is_written_as_its_string() {
        for p in [
            "",
            "content/region/rs/2024-01-01/229-avtal.md",
            "möte/§ 3.md",
        ] {
            let (mut by_path, mut by_str) = (Writer::new(), Writer::new());
            by_path.path(std::path::Path::new(p));
            by_str.str(p);
            assert_eq!(by_path.0, by_str.0, "{p}");
        }
    }

    /// Fingerprints kept by an earlier build's cache were made with a streaming hasher: the
    /// gathered bytes must give the same digests, or every page would count as changed.
    #[test]
    fn the_writer_digests_as_the_streaming_hasher_did() {
        use std::hash::Hash;
        let mut streamed = xxhash_rust::xxh3::Xxh3::new();
        let long = "x".repeat(1000);
        for s in ["", "a", "teman/skola/", long.as_str()] {
            streamed.update(&(s.len() as u64).to_le_bytes());
            streamed.update(s.as_bytes());
        }
        streamed.update(&7u128.to_le_bytes());
        (3u8, Some("appeal"), -2i64).hash(&mut streamed);
        let mut w = Writer::new();
        w.str("").str("a").str("teman/skola/").str(&long).num(7);
        w.hashed(&(3u8, Some("appeal"), -2i64));
        assert_eq!(w.finish(), streamed.digest128());
    }

    fn graph(items: &[(&str, u128)], meetings: &[(&str, u128)]) -> Fingerprints {
        let mut f = Fingerprints::default();
        let table = |list: &[(&str, u128)]| list.iter().map(|(u, x)| (Key::of(u), *x)).collect();
        f.tables[Kind::Item as usize] = table(items);
        f.tables[Kind::Meeting as usize] = table(meetings);
        f
    }

    /// A run answers as its reads one by one do, for every run within and beyond the tables,
    /// whether the kind changed in place, moved, or did not change at all.
    #[test]
    fn a_run_reaches_a_page_exactly_when_one_of_its_reads_does() {
        let old = graph(
            &[("a", 1), ("b", 2), ("c", 3), ("d", 4)],
            &[("m", 1), ("n", 2), ("o", 3)],
        );
        let edits = [
            graph(
                &[("a", 1), ("b", 2), ("c", 9), ("d", 4)],
                &[("m", 1), ("n", 2), ("o", 3)],
            ),
            graph(
                &[("a", 1), ("c", 3), ("d", 4)],
                &[("m", 1), ("n", 2), ("o", 3)],
            ),
            graph(
                &[("a", 1), ("b", 2), ("c", 3), ("d", 4)],
                &[("m", 1), ("n", 2), ("o", 3)],
            ),
        ];
        for new in &edits {
            let changes = Changes::between(&old, new);
            for kind in [Kind::Item, Kind::Meeting, Kind::Case, Kind::PartyLinks] {
                for start in 0..6u32 {
                    for len in 1..4u32 {
                        let reads = (start..start + len).map(|index| Read { kind, index });
                        let one_by_one = changes.reaches(reads);
                        let run = changes.reaches_run(kind, start, len);
                        assert_eq!(run, one_by_one, "{kind:?} {start}+{len}, {new:?}");
                    }
                }
                let whole = changes.reaches([Read::whole(kind)]);
                assert_eq!(changes.reaches_run(kind, Read::WHOLE, 1), whole);
            }
        }
    }
}
