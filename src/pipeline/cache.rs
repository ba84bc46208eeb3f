//! The build cache: what the last `build` wrote, so that the next one renders only the pages
//! an edit reaches. It lives beside the output (`.public.diarium-cache`) and holds:
//!
//! - a fingerprint of everything that is not content ([`setup_digest`]: the binary, site.toml,
//!   the theme's files, the base URL): when it differs, the build is full;
//! - the graph's entity fingerprints (see [`crate::site::fingerprint`]), the search index's
//!   buckets' among them, and what the next build needs to fingerprint those again without
//!   splitting every item into words ([`crate::render::search::Kept`]);
//! - every page's output path, the hash of its bytes, and what it read of the graph, and a
//!   digest of the paths in the archive's order ([`paths_digest`]);
//! - what subject detection made of each item (its signature, by the item file's digest),
//!   so that the next build signs only the files that changed;
//! - the two output folders it knows: the live one and the spare copy beside it (see
//!   [`crate::output::Spare`]), by inode, and the paths where the spare differs from the live
//!   one.
//!
//! The format is this module's own: little-endian numbers and length-prefixed strings after a
//! versioned magic line; page paths spelled from the path before them and reads in runs
//! ([`Packed`]), which made the file 4 times smaller at 10,000 meetings. Three parts — the head
//! (everything but the pages and signatures), the page records, the signatures — each with its
//! own hash in a footer that says where they begin and is hashed itself:
//!
//! ```text
//! magic, head | pages | signatures | pages_at, signatures_at, 3 part hashes | footer hash
//! ```
//!
//! Why parts: a build reads the head and the signatures with one positioned read each, and the
//! page records (half the file: 53 MB and 420,000 paths at 10,000 meetings) only once an edit
//! reached some page ([`Pages`]); a build with nothing changed never reads them. Reading and
//! decoding the whole file up front cost a fresh 104 MB buffer and 420,000 strings on every
//! build, when first-touching memory is what an incremental build spends most of its time on.
//!
//! Anything unexpected (another version, a truncated file, a damaged byte) makes it no cache,
//! or, found in the page records when they are read, makes that build full: never wrong.

use super::packed::{self, Packed};
use crate::render::search::{Kept, Touches};
use crate::site::fingerprint::{Fingerprints, Key};
use crate::site::subjects::detect::ItemSignature;
use crate::site::{Kind, Signatures};
use std::collections::BTreeSet;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use xxhash_rust::xxh3::{xxh3_128, Xxh3};

const MAGIC: &[u8] = b"diarium build cache 12\n";
/// The footer: two offsets, three part hashes and its own hash.
const FOOTER: usize = 8 + 8 + 3 * 16 + 16;

/// One page as the last build wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRecord {
    pub hash: u128,
    pub reads: Packed,
}

#[derive(Debug, Clone, Default)]
#[cfg_attr(test, derive(PartialEq))]
pub struct Cache {
    pub setup: u128,
    /// The digest of every page's output path, in the archive's order (see [`paths_digest`]).
    pub paths: u128,
    /// The live output folder's inode (device and number).
    pub live: (u64, u64),
    /// The spare folder's inode, when it holds a known state.
    pub spare: Option<(u64, u64)>,
    /// Where the spare differs from the live output (files to write, replace or remove).
    pub spare_differs: BTreeSet<String>,
    pub fingerprints: Fingerprints,
    pub search: Kept,
    /// By output path, sorted; read from the file when first taken.
    pub pages: Pages,
    pub signatures: Signatures,
}

/// A cache's page records: in memory, or still in its file (see the module's header).
#[derive(Debug, Clone, Default)]
pub struct Pages(PagesAt);

#[derive(Debug, Clone, Default)]
enum PagesAt {
    #[default]
    Taken,
    /// Made in memory (the tests').
    #[cfg(test)]
    Held(Vec<(String, PageRecord)>),
    /// In `file` at `at`, `len` bytes long, with this hash.
    Unread {
        file: Arc<File>,
        at: u64,
        len: usize,
        sum: u128,
    },
}

impl Pages {
    #[cfg(test)]
    pub fn held(records: Vec<(String, PageRecord)>) -> Pages {
        Pages(PagesAt::Held(records))
    }

    /// The records, sorted by path, read from the cache's file if they are still there;
    /// `None` when they are damaged there (the build is then full) or were taken already.
    pub fn take(&mut self) -> Option<Vec<(String, PageRecord)>> {
        match std::mem::take(&mut self.0) {
            PagesAt::Taken => None,
            #[cfg(test)]
            PagesAt::Held(records) => Some(records),
            PagesAt::Unread { file, at, len, sum } => {
                let bytes = read_part(&file, at, len)?;
                (xxh3_128(&bytes) == sum).then_some(())?;
                whole(&bytes, decode_pages)
            }
        }
    }

    /// The records, read from the file if they are still there (for comparisons in tests).
    #[cfg(test)]
    fn records(&self) -> Option<Vec<(String, PageRecord)>> {
        self.clone().take()
    }
}

/// Page records compare by what they say, wherever they are.
#[cfg(test)]
impl PartialEq for Pages {
    fn eq(&self, other: &Pages) -> bool {
        self.records() == other.records()
    }
}

/// A [`Cache`] as it is written, its lists borrowed from the build that made them: a full
/// build at 10,000 meetings would otherwise copy 420,000 output paths and 150,000 subject
/// signatures at the end, when its memory is at its peak.
pub struct Writing<'a, P: AsRef<str>> {
    pub setup: u128,
    pub paths: u128,
    pub live: (u64, u64),
    pub spare: Option<(u64, u64)>,
    pub spare_differs: &'a BTreeSet<String>,
    pub fingerprints: &'a Fingerprints,
    pub search: &'a Kept,
    /// By output path, sorted.
    pub pages: &'a [(P, PageRecord)],
    pub signatures: &'a Signatures,
}

impl<P: AsRef<str>> Writing<'_, P> {
    /// Written beside and renamed over, so that a killed build leaves the old cache or the
    /// new one, never half of one (and a `.tmp` file the next build writes over).
    pub fn write(&self, path: &Path) -> std::io::Result<()> {
        let tmp = crate::output::tmp_beside(path);
        let mut file = std::fs::File::create(&tmp)?;
        encode(self, &mut file)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    }
}

/// The cache file of the output folder `out`.
pub fn path_for(out: &Path) -> PathBuf {
    crate::output::beside(out, "diarium-cache")
}

/// A digest of the archive's page paths in their order: when it is the last build's and no
/// entity changed, every page is as the last build wrote it, and nothing need be planned.
pub fn paths_digest(paths: &[String]) -> u128 {
    let mut h = Xxh3::new();
    for p in paths {
        h.update(&(p.len() as u64).to_le_bytes());
        h.update(p.as_bytes());
    }
    h.digest128()
}

/// Everything a page's bytes depend on besides the content: the running binary (templates,
/// strings and assets are built into it), site.toml, the theme's and the archive's template,
/// static and string files, and the base URL the pages are made for.
pub fn setup_digest(root: &Path, theme_dir: &Path, base_url: &str) -> std::io::Result<u128> {
    let mut h = Xxh3::new();
    // The binary by its size, time and inode rather than its bytes (tens of MB): a new build
    // or install of it is a new file.
    let exe = std::fs::metadata(std::env::current_exe()?)?;
    h.update(format!("{:?} {:?}", exe.len(), exe.modified().ok()).as_bytes());
    #[cfg(unix)]
    h.update(&std::os::unix::fs::MetadataExt::ino(&exe).to_le_bytes());
    let mut file = |path: &Path| -> std::io::Result<()> {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(e),
        };
        h.update(path.to_string_lossy().as_bytes());
        h.update(&(bytes.len() as u64).to_le_bytes());
        h.update(&bytes);
        Ok(())
    };
    file(&root.join("site.toml"))?;
    let folders = [
        theme_dir.to_path_buf(),
        root.join("templates"),
        root.join("static"),
    ];
    for folder in folders {
        for entry in walkdir::WalkDir::new(folder).sort_by_file_name() {
            match entry {
                Ok(e) if e.file_type().is_file() => file(e.path())?,
                _ => {}
            }
        }
    }
    h.update(base_url.as_bytes());
    Ok(h.digest128())
}

impl Cache {
    /// The cache at `path`, its head and signatures read and checked, its page records left
    /// in the file until [`Pages::take`].
    pub fn read(path: &Path) -> Option<Cache> {
        let file = File::open(path).ok()?;
        let len = file.metadata().ok()?.len();
        let footer = read_part(&file, len.checked_sub(FOOTER as u64)?, FOOTER)?;
        let parts = Parts::of(&footer, len - FOOTER as u64)?;
        let head = read_part(&file, 0, usize::try_from(parts.pages_at).ok()?)?;
        let signatures_len = usize::try_from(parts.end - parts.signatures_at).ok()?;
        let signatures = read_part(&file, parts.signatures_at, signatures_len)?;
        let (head, signatures) = rayon::join(
            || decode_head(checked(&head, parts.sums[0])?),
            || whole(checked(&signatures, parts.sums[2])?, decode_signatures),
        );
        let pages = Pages(PagesAt::Unread {
            file: Arc::new(file),
            at: parts.pages_at,
            len: usize::try_from(parts.signatures_at - parts.pages_at).ok()?,
            sum: parts.sums[1],
        });
        Some(Cache {
            pages,
            signatures: signatures?,
            ..head?
        })
    }

    /// The cache as it is written, its page records as `pages` (see [`Pages::take`]).
    pub fn writing<'a>(&'a self, pages: &'a [(String, PageRecord)]) -> Writing<'a, String> {
        Writing {
            setup: self.setup,
            paths: self.paths,
            live: self.live,
            spare: self.spare,
            spare_differs: &self.spare_differs,
            fingerprints: &self.fingerprints,
            search: &self.search,
            pages,
            signatures: &self.signatures,
        }
    }

    #[cfg(test)]
    pub fn page(&self, path: &str) -> Option<PageRecord> {
        let pages = self.pages.records()?;
        let at = pages.binary_search_by(|(p, _)| p.as_str().cmp(path)).ok()?;
        Some(pages[at].1.clone())
    }
}

/// `len` bytes of `file` from `at`.
fn read_part(file: &File, at: u64, len: usize) -> Option<Vec<u8>> {
    let mut buf = vec![0; len];
    crate::content::read_at(file, &mut buf, at)?;
    Some(buf)
}

/// `bytes`, when their hash is `sum`.
fn checked(bytes: &[u8], sum: u128) -> Option<&[u8]> {
    (xxh3_128(bytes) == sum).then_some(bytes)
}

/// Where the parts of a cache file begin and end, and their hashes: what its footer says.
#[derive(Debug, PartialEq)]
struct Parts {
    pages_at: u64,
    signatures_at: u64,
    /// Where the signatures end: the footer's start.
    end: u64,
    /// Of the head (with the magic line), the pages and the signatures.
    sums: [u128; 3],
}

impl Parts {
    /// The footer's bytes, of a file whose footer begins at `end`; `None` unless its own hash
    /// holds and the parts follow each other in the file.
    fn of(footer: &[u8], end: u64) -> Option<Parts> {
        let (said, sum) = footer.split_at_checked(FOOTER - 16)?;
        checked(said, u128::from_le_bytes(sum.try_into().ok()?))?;
        let num = |i: usize| u64::from_le_bytes(said[i..i + 8].try_into().unwrap_or_default());
        let wide = |i: usize| u128::from_le_bytes(said[i..i + 16].try_into().unwrap_or_default());
        let parts = Parts {
            pages_at: num(0),
            signatures_at: num(8),
            end,
            sums: [wide(16), wide(32), wide(48)],
        };
        let ordered = MAGIC.len() as u64 <= parts.pages_at
            && parts.pages_at <= parts.signatures_at
            && parts.signatures_at <= end;
        ordered.then_some(parts)
    }
}

/// Writes `c` in the cache's format: in slices of about a megabyte, hashed as they go, so that
/// no copy of the whole file is ever held in memory (it is tens of MB at 10,000 meetings).
fn encode<P: AsRef<str>>(c: &Writing<'_, P>, out: impl Write) -> std::io::Result<()> {
    let mut w = Encoder {
        buf: Vec::with_capacity(SLICE + 64 * 1024),
        out,
        hash: Xxh3::new(),
        spilled: 0,
    };
    w.buf.extend_from_slice(MAGIC);
    w.wide(c.setup);
    w.wide(c.paths);
    w.num(c.live.0);
    w.num(c.live.1);
    let (spare_dev, spare_ino) = c.spare.unwrap_or((0, 0));
    w.num(u64::from(c.spare.is_some()));
    w.num(spare_dev);
    w.num(spare_ino);
    w.num(c.spare_differs.len() as u64);
    for p in c.spare_differs {
        w.text(p);
        w.spill()?;
    }
    let items = &c.fingerprints.tables[Kind::Item as usize];
    for (k, table) in c.fingerprints.tables.iter().enumerate() {
        // Items' texts are fingerprinted apart from the items, under the same URLs' keys,
        // which are then not written twice (150,000 of them at 10,000 meetings).
        let texts = k == Kind::ItemText as usize;
        let shared = texts && same_urls(table, items);
        if texts {
            w.num(u64::from(shared));
        }
        w.num(table.len() as u64);
        for (url, fp) in table {
            if !shared {
                w.wide(url.0);
            }
            w.wide(*fp);
            w.spill()?;
        }
    }
    for s in c.fingerprints.summaries {
        w.wide(s);
    }
    encode_search(&mut w, c.search)?;
    let head_sum = w.part()?;
    let pages_at = w.at();
    w.num(c.pages.len() as u64);
    let mut last = "";
    for (path, page) in c.pages {
        let path = path.as_ref();
        // Paths are sorted: each is written as what it shares with the one before and the rest.
        let shared = common_prefix(last, path);
        w.var(shared as u64);
        w.var((path.len() - shared) as u64);
        w.buf.extend_from_slice(&path.as_bytes()[shared..]);
        w.wide(page.hash);
        w.var(page.reads.as_bytes().len() as u64);
        w.buf.extend_from_slice(page.reads.as_bytes());
        last = path;
        w.spill()?;
    }
    let pages_sum = w.part()?;
    let signatures_at = w.at();
    let signatures = c.signatures.sorted();
    w.num(signatures.len() as u64);
    for (digest, signature) in signatures {
        w.wide(digest);
        let (title, body, surfaces) = signature.parts();
        for list in [title, body] {
            w.num(list.len() as u64);
            list.iter().for_each(|t| w.text(t));
        }
        w.num(surfaces.len() as u64);
        for (stem, word) in surfaces {
            w.text(stem);
            w.text(word);
        }
        w.spill()?;
    }
    let signatures_sum = w.part()?;
    w.num(pages_at);
    w.num(signatures_at);
    for sum in [head_sum, pages_sum, signatures_sum] {
        w.wide(sum);
    }
    let footer_sum = xxh3_128(&w.buf);
    w.wide(footer_sum);
    w.out.write_all(&w.buf)?;
    w.out.flush()
}

/// The search index's [`Kept`]: the order's digest, each document's digest, and each
/// document's touches (a number of words each).
fn encode_search<W: Write>(w: &mut Encoder<W>, k: &Kept) -> std::io::Result<()> {
    w.wide(k.order);
    w.num(k.docs.len() as u64);
    for d in &k.docs {
        w.wide(*d);
        w.spill()?;
    }
    w.num(k.touches.width as u64);
    w.num(k.touches.bits.len() as u64);
    for b in &k.touches.bits {
        w.num(*b);
        w.spill()?;
    }
    Ok(())
}

fn decode_search(r: &mut Bytes<'_>) -> Option<Kept> {
    let order = r.wide()?;
    let docs = (0..r.count(16)?)
        .map(|_| r.wide())
        .collect::<Option<Vec<u128>>>()?;
    let width = usize::try_from(r.num()?).ok()?;
    let bits = (0..r.count(8)?)
        .map(|_| r.num())
        .collect::<Option<Vec<u64>>>()?;
    Some(Kept {
        order,
        docs,
        touches: Touches { width, bits },
    })
}

/// How much [`Encoder`] gathers before it writes.
const SLICE: usize = 1 << 20;

/// The cache's bytes on their way to `out`, with the hash of the part being written.
struct Encoder<W: Write> {
    buf: Vec<u8>,
    out: W,
    hash: Xxh3,
    /// Bytes written to `out` so far.
    spilled: u64,
}

impl<W: Write> Encoder<W> {
    /// Where the next byte goes, from the file's start.
    fn at(&self) -> u64 {
        self.spilled + self.buf.len() as u64
    }
    fn num(&mut self, n: u64) {
        self.buf.extend_from_slice(&n.to_le_bytes());
    }
    fn wide(&mut self, n: u128) {
        self.buf.extend_from_slice(&n.to_le_bytes());
    }
    fn var(&mut self, n: u64) {
        packed::put_var(&mut self.buf, n);
    }
    fn text(&mut self, s: &str) {
        self.num(s.len() as u64);
        self.buf.extend_from_slice(s.as_bytes());
    }
    fn spill(&mut self) -> std::io::Result<()> {
        if self.buf.len() >= SLICE {
            self.hash.update(&self.buf);
            self.out.write_all(&self.buf)?;
            self.spilled += self.buf.len() as u64;
            self.buf.clear();
        }
        Ok(())
    }
    /// Ends a part of the file (see the module's header): writes what is gathered and
    /// returns the hash of the part, from the end of the one before.
    fn part(&mut self) -> std::io::Result<u128> {
        self.hash.update(&self.buf);
        self.out.write_all(&self.buf)?;
        self.spilled += self.buf.len() as u64;
        self.buf.clear();
        let sum = self.hash.digest128();
        self.hash.reset();
        Ok(sum)
    }
}

/// The length of the longest common prefix of `a` and `b` that ends at a character boundary.
fn common_prefix(a: &str, b: &str) -> usize {
    let n = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    (0..=n).rev().find(|i| b.is_char_boundary(*i)).unwrap_or(0)
}

/// A reader that fails (returns `None`) rather than reads past the end.
struct Bytes<'a>(&'a [u8]);

impl<'a> Bytes<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.0.len() {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }
    fn num(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn wide(&mut self) -> Option<u128> {
        Some(u128::from_le_bytes(self.take(16)?.try_into().ok()?))
    }
    fn var(&mut self) -> Option<usize> {
        usize::try_from(packed::take_var(&mut self.0)?).ok()
    }
    /// A count of things each at least `unit` bytes long: no larger than what is left.
    fn count(&mut self, unit: usize) -> Option<usize> {
        let n = usize::try_from(self.num()?).ok()?;
        (n.checked_mul(unit)? <= self.0.len()).then_some(n)
    }
    fn text(&mut self) -> Option<String> {
        self.str().map(str::to_string)
    }
    fn str(&mut self) -> Option<&'a str> {
        let n = self.count(1)?;
        std::str::from_utf8(self.take(n)?).ok()
    }
}

/// What `decode` makes of all of `bytes`; `None` when it leaves some.
fn whole<T>(bytes: &[u8], decode: impl FnOnce(&mut Bytes<'_>) -> Option<T>) -> Option<T> {
    let mut r = Bytes(bytes);
    let value = decode(&mut r)?;
    r.0.is_empty().then_some(value)
}

/// The head: everything before the page records; the cache's pages and signatures are left
/// empty.
fn decode_head(bytes: &[u8]) -> Option<Cache> {
    let mut r = Bytes(bytes.strip_prefix(MAGIC)?);
    let setup = r.wide()?;
    let paths = r.wide()?;
    let live = (r.num()?, r.num()?);
    let has_spare = r.num()? == 1;
    let spare_inode = (r.num()?, r.num()?);
    let spare = has_spare.then_some(spare_inode);
    let mut spare_differs = BTreeSet::new();
    for _ in 0..r.count(8)? {
        spare_differs.insert(r.text()?);
    }
    let mut fingerprints = Fingerprints::default();
    for k in 0..fingerprints.tables.len() {
        // The items' table comes before their texts', whose URLs it may hold.
        let (before, rest) = fingerprints.tables.split_at_mut(k);
        let shared = k == Kind::ItemText as usize && r.num()? == 1;
        let urls = shared.then(|| before[Kind::Item as usize].as_slice());
        rest[0] = decode_table(&mut r, urls)?;
    }
    for s in &mut fingerprints.summaries {
        *s = r.wide()?;
    }
    let search = decode_search(&mut r)?;
    r.0.is_empty().then_some(Cache {
        setup,
        paths,
        live,
        spare,
        spare_differs,
        fingerprints,
        search,
        pages: Pages::default(),
        signatures: Signatures::default(),
    })
}

/// Whether two tables name the same entities in the same order.
fn same_urls(a: &[(Key, u128)], b: &[(Key, u128)]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(a, b)| a.0 == b.0)
}

/// A table of fingerprints; with `urls`, its URLs are those (see [`encode`]), and it has as
/// many entries.
fn decode_table(r: &mut Bytes<'_>, urls: Option<&[(Key, u128)]>) -> Option<Vec<(Key, u128)>> {
    let Some(urls) = urls else {
        let n = r.count(32)?;
        return (0..n).map(|_| Some((Key(r.wide()?), r.wide()?))).collect();
    };
    let n = r.count(16)?;
    if n != urls.len() {
        return None;
    }
    urls.iter().map(|(u, _)| Some((*u, r.wide()?))).collect()
}

/// Each item file's subject signature, by the file's digest.
fn decode_signatures(r: &mut Bytes<'_>) -> Option<Signatures> {
    let n = r.count(40)?;
    let mut signatures = Vec::with_capacity(n);
    for _ in 0..n {
        let digest = r.wide()?;
        let mut list = || -> Option<Vec<&str>> { (0..r.count(8)?).map(|_| r.str()).collect() };
        let (title, body) = (list()?, list()?);
        let surfaces: Option<Vec<(&str, &str)>> = (0..r.count(16)?)
            .map(|_| Some((r.str()?, r.str()?)))
            .collect();
        signatures.push((digest, ItemSignature::from_parts(&title, &body, &surfaces?)));
    }
    Some(signatures.into_iter().collect())
}

/// The page records, each path spelled from the one before it; `None` unless they are
/// sorted and every record's reads unpack.
fn decode_pages(r: &mut Bytes<'_>) -> Option<Vec<(String, PageRecord)>> {
    let n = r.count(19)?;
    let mut pages: Vec<(String, PageRecord)> = Vec::with_capacity(n);
    for _ in 0..n {
        let last = pages.last().map_or("", |(p, _)| p.as_str());
        let shared = r.var()?;
        let suffix = r.var()?;
        let mut path = last.as_bytes().get(..shared)?.to_vec();
        path.extend_from_slice(r.take(suffix)?);
        let path = String::from_utf8(path).ok()?;
        if path.as_str() <= last && !pages.is_empty() {
            return None;
        }
        let hash = r.wide()?;
        let len = r.var()?;
        let reads = Packed::from_bytes(r.take(len)?)?;
        pages.push((path, PageRecord { hash, reads }));
    }
    Some(pages)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::reads::Read;

    fn encoded(c: &Cache) -> Vec<u8> {
        let mut out = Vec::new();
        let pages = c.pages.records().unwrap();
        encode(&c.writing(&pages), &mut out).unwrap();
        out
    }

    /// The cache in `bytes`, through a file as a build reads it, and its page records with
    /// it: `None` when any part is refused.
    fn decode(bytes: &[u8]) -> Option<Cache> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache");
        std::fs::write(&path, bytes).unwrap();
        let mut cache = Cache::read(&path)?;
        cache.pages = Pages::held(cache.pages.take()?);
        Some(cache)
    }

    fn sample() -> Cache {
        let mut fingerprints = Fingerprints::default();
        fingerprints.tables[Kind::Item as usize].push((Key::of("a/b/"), 7));
        fingerprints.tables[Kind::ItemText as usize].push((Key::of("a/b/"), 8));
        fingerprints.summaries = [1, 2, 3];
        let signature =
            ItemSignature::from_parts(&["regionavtal"], &[], &[("regionavtal", "Regionavtalet")]);
        Cache {
            signatures: [(9, signature)].into_iter().collect(),
            setup: 42,
            paths: 43,
            live: (1, 99),
            spare: Some((1, 100)),
            spare_differs: ["x/index.html".to_string()].into(),
            fingerprints,
            search: Kept {
                order: 11,
                docs: vec![12, 13],
                touches: Touches {
                    width: 1,
                    bits: vec![5, 6],
                },
            },
            pages: Pages::held(vec![
                (
                    "a/b/index.html".into(),
                    PageRecord {
                        hash: 5,
                        reads: Packed::pack(&[
                            Read::one(Kind::Item, 0),
                            Read::whole(Kind::PartyLinks),
                        ]),
                    },
                ),
                (
                    "index.html".into(),
                    PageRecord {
                        hash: 6,
                        reads: Packed::default(),
                    },
                ),
            ]),
        }
    }

    #[test]
    fn a_cache_reads_back_as_written() {
        let c = sample();
        assert_eq!(decode(&encoded(&c)), Some(c.clone()));
        assert_eq!(c.page("index.html").map(|p| p.hash), Some(6));
        assert_eq!(c.page("nothing.html"), None);
    }

    /// The texts' table names its URLs only where they are not the items' (see [`encode`]),
    /// and reads back the same either way.
    #[test]
    fn the_texts_table_reads_back_with_its_own_urls_or_the_items() {
        let shared = sample();
        let mut own = sample();
        own.fingerprints.tables[Kind::ItemText as usize][0].0 = Key::of("c/d/");
        for c in [&shared, &own] {
            assert_eq!(decode(&encoded(c)).as_ref(), Some(c));
        }
        assert!(encoded(&own).len() >= encoded(&shared).len() + 16);
    }

    #[test]
    fn a_damaged_cache_is_no_cache() {
        let bytes = encoded(&sample());
        for cut in 0..bytes.len() {
            assert_eq!(decode(&bytes[..cut]), None, "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(decode(&longer), None);
        for at in 0..bytes.len() {
            let mut flipped = bytes.clone();
            flipped[at] ^= 0x10;
            assert_eq!(decode(&flipped), None, "byte {at} changed");
        }
    }

    /// The head, pages and signatures of an encoded cache.
    fn split(bytes: &[u8]) -> [Vec<u8>; 3] {
        let end = bytes.len() - FOOTER;
        let parts = Parts::of(&bytes[end..], end as u64).unwrap();
        let (pages, signatures) = (parts.pages_at as usize, parts.signatures_at as usize);
        [
            bytes[..pages].to_vec(),
            bytes[pages..signatures].to_vec(),
            bytes[signatures..end].to_vec(),
        ]
    }

    /// A file of these parts with a footer whose offsets and hashes hold.
    fn sealed([head, pages, signatures]: [Vec<u8>; 3]) -> Vec<u8> {
        let mut footer = Vec::new();
        footer.extend_from_slice(&(head.len() as u64).to_le_bytes());
        footer.extend_from_slice(&((head.len() + pages.len()) as u64).to_le_bytes());
        for part in [&head, &pages, &signatures] {
            footer.extend_from_slice(&xxh3_128(part).to_le_bytes());
        }
        footer.extend_from_slice(&xxh3_128(&footer).to_le_bytes());
        [head, pages, signatures, footer].concat()
    }

    /// The page records are read only when taken: damage there leaves the rest of the cache
    /// usable, and is found when they are (the build is then full), while damage in the head
    /// or the signatures makes it no cache at once.
    #[test]
    fn damaged_page_records_are_found_when_they_are_taken() {
        let bytes = encoded(&sample());
        let [head, pages, _] = split(&bytes);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache");
        for at in 0..bytes.len() - FOOTER {
            let mut flipped = bytes.clone();
            flipped[at] ^= 0x10;
            std::fs::write(&path, &flipped).unwrap();
            let in_pages = (head.len()..head.len() + pages.len()).contains(&at);
            let read = Cache::read(&path);
            assert_eq!(read.is_some(), in_pages, "byte {at} changed");
            if let Some(mut cache) = read {
                assert_eq!(cache.pages.take(), None, "byte {at} changed");
            }
        }
        std::fs::write(&path, &bytes).unwrap();
        let mut cache = Cache::read(&path).unwrap();
        assert!(cache.pages.take().is_some());
        assert_eq!(cache.pages.take(), None, "taken once");
    }

    /// The checks behind the hashes, for a file that was damaged and hashed again.
    #[test]
    fn a_cache_that_is_not_one_is_refused_though_its_hashes_hold() {
        let good = encoded(&sample());
        assert_eq!(sealed(split(&good)), good);
        let [head, pages, signatures] = split(&good);
        let mut other = head.clone();
        // The version's last digit made another.
        other[MAGIC.len() - 2] ^= 1;
        let other = [other, pages.clone(), signatures.clone()];
        assert_eq!(decode(&sealed(other)), None, "another version");
        // A count far beyond the file's length is refused before anything is allocated.
        let mut huge = MAGIC.to_vec();
        huge.extend_from_slice(&[0; 16 + 16 + 8 * 5]);
        huge.extend_from_slice(&u64::MAX.to_le_bytes());
        let huge = [huge, pages.clone(), signatures.clone()];
        assert_eq!(decode(&sealed(huge)), None);
        // Parts that do not follow each other where the footer says.
        let mut footer = vec![0; FOOTER - 16];
        footer[..8].copy_from_slice(&100u64.to_le_bytes());
        footer[8..16].copy_from_slice(&50u64.to_le_bytes());
        footer.extend_from_slice(&xxh3_128(&footer).to_le_bytes());
        assert_eq!(Parts::of(&footer, 200), None, "signatures before pages");
        // Pages out of order.
        let mut c = sample();
        let mut records = c.pages.records().unwrap();
        records.swap(0, 1);
        c.pages = Pages::held(records);
        assert_eq!(decode(&encoded(&c)), None);
    }

    #[test]
    fn a_shared_prefix_ends_at_a_character_boundary() {
        assert_eq!(common_prefix("a/möte/", "a/måndag/"), 3);
        assert_eq!(common_prefix("abc", "abd"), 2);
        assert_eq!(common_prefix("", "x"), 0);
    }
}
