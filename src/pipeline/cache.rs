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
//! ([`Packed`]), which made the file 4 times smaller at 10,000 meetings; and a hash of all that
//! at the end, after where the pages and the signatures begin (so that the three parts are
//! decoded at once). Anything unexpected in it (another version, a truncated file, a damaged byte)
//! makes it no cache: the build is then full, never wrong.

use super::packed::{self, Packed};
use crate::render::search::{Kept, Touches};
use crate::site::fingerprint::Fingerprints;
use crate::site::subjects::detect::ItemSignature;
use crate::site::{Kind, Signatures};
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use xxhash_rust::xxh3::{xxh3_128, Xxh3};

const MAGIC: &[u8] = b"diarium build cache 9\n";

/// One page as the last build wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRecord {
    pub hash: u128,
    pub reads: Packed,
}

#[derive(Debug, Clone, Default, PartialEq)]
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
    /// By output path, sorted.
    pub pages: Vec<(String, PageRecord)>,
    pub signatures: Signatures,
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
    pub fn read(path: &Path) -> Option<Cache> {
        let bytes = std::fs::read(path).ok()?;
        decode(&bytes)
    }

    /// The cache as it is written.
    pub fn writing(&self) -> Writing<'_, String> {
        Writing {
            setup: self.setup,
            paths: self.paths,
            live: self.live,
            spare: self.spare,
            spare_differs: &self.spare_differs,
            fingerprints: &self.fingerprints,
            search: &self.search,
            pages: &self.pages,
            signatures: &self.signatures,
        }
    }

    #[cfg(test)]
    pub fn page(&self, path: &str) -> Option<&PageRecord> {
        let at = self
            .pages
            .binary_search_by(|(p, _)| p.as_str().cmp(path))
            .ok()?;
        Some(&self.pages[at].1)
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
        // Items' texts are fingerprinted apart from the items, under the same URLs, which are
        // then not written twice (150,000 of them at 10,000 meetings, a sixth of the file).
        let texts = k == Kind::ItemText as usize;
        let shared = texts && same_urls(table, items);
        if texts {
            w.num(u64::from(shared));
        }
        w.num(table.len() as u64);
        for (url, fp) in table {
            if !shared {
                w.text(url);
            }
            w.wide(*fp);
            w.spill()?;
        }
    }
    for s in c.fingerprints.summaries {
        w.wide(s);
    }
    encode_search(&mut w, c.search)?;
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
    w.num(pages_at);
    w.num(signatures_at);
    w.finish()
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

/// The cache's bytes on their way to `out`, with the hash that ends the file.
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
    fn finish(mut self) -> std::io::Result<()> {
        self.hash.update(&self.buf);
        let sum = self.hash.digest128().to_le_bytes();
        self.buf.extend_from_slice(&sum);
        self.out.write_all(&self.buf)?;
        self.out.flush()
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
        let n = self.count(1)?;
        String::from_utf8(self.take(n)?.to_vec()).ok()
    }
}

/// The cache in `bytes`, when they are one whole and undamaged (the hash at their end holds).
///
/// Its three parts are decoded at once, each on a core, beside the hash's check: the file
/// ends with where the page records and the signatures begin. (One after the other, the
/// millions of short strings of 10,000 meetings took a fifth of a second.) Decoding bytes the
/// hash then refuses is harmless: every count is checked against what is left.
fn decode(bytes: &[u8]) -> Option<Cache> {
    let (body, sum) = bytes.split_at_checked(bytes.len().checked_sub(16)?)?;
    let (parts, at) = body.split_at_checked(body.len().checked_sub(16)?)?;
    let offset = |n: &[u8]| usize::try_from(u64::from_le_bytes(n.try_into().ok()?)).ok();
    let (pages_at, signatures_at) = (offset(&at[..8])?, offset(&at[8..])?);
    if !(MAGIC.len() <= pages_at && pages_at <= signatures_at && signatures_at <= parts.len()) {
        return None;
    }
    let (head, rest) = parts.split_at(pages_at);
    let (pages, signatures) = rest.split_at(signatures_at - pages_at);
    let ((sound, head), (pages, signatures)) = rayon::join(
        || rayon::join(|| xxh3_128(body).to_le_bytes() == sum, || decode_head(head)),
        || {
            rayon::join(
                || whole(pages, decode_pages),
                || whole(signatures, decode_signatures),
            )
        },
    );
    let cache = head?;
    sound.then_some(Cache {
        pages: pages?,
        signatures: signatures?,
        ..cache
    })
}

/// What `decode` makes of all of `bytes`; `None` when it leaves some.
fn whole<T>(bytes: &[u8], decode: impl FnOnce(&mut Bytes<'_>) -> Option<T>) -> Option<T> {
    let mut r = Bytes(bytes);
    let value = decode(&mut r)?;
    r.0.is_empty().then_some(value)
}

/// Everything before the page records; the cache's pages and signatures are left empty.
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
        pages: Vec::new(),
        signatures: Signatures::default(),
    })
}

/// Whether two tables name the same entities in the same order.
fn same_urls(a: &[(String, u128)], b: &[(String, u128)]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(a, b)| a.0 == b.0)
}

/// A table of fingerprints; with `urls`, its URLs are those (see [`encode`]), and it has as
/// many entries.
fn decode_table(r: &mut Bytes<'_>, urls: Option<&[(String, u128)]>) -> Option<Vec<(String, u128)>> {
    let Some(urls) = urls else {
        let n = r.count(24)?;
        return (0..n).map(|_| Some((r.text()?, r.wide()?))).collect();
    };
    let n = r.count(16)?;
    if n != urls.len() {
        return None;
    }
    urls.iter()
        .map(|(u, _)| Some((u.clone(), r.wide()?)))
        .collect()
}

/// Each item file's subject signature, by the file's digest.
fn decode_signatures(r: &mut Bytes<'_>) -> Option<Signatures> {
    let n = r.count(40)?;
    let mut signatures = Vec::with_capacity(n);
    for _ in 0..n {
        let digest = r.wide()?;
        let mut list = || -> Option<Vec<String>> { (0..r.count(8)?).map(|_| r.text()).collect() };
        let (title, body) = (list()?, list()?);
        let surfaces: Option<Vec<(String, String)>> = (0..r.count(16)?)
            .map(|_| Some((r.text()?, r.text()?)))
            .collect();
        signatures.push((digest, ItemSignature::from_parts(title, body, surfaces?)));
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
        encode(&c.writing(), &mut out).unwrap();
        out
    }

    fn sample() -> Cache {
        let mut fingerprints = Fingerprints::default();
        fingerprints.tables[Kind::Item as usize].push(("a/b/".into(), 7));
        fingerprints.tables[Kind::ItemText as usize].push(("a/b/".into(), 8));
        fingerprints.summaries = [1, 2, 3];
        let signature = ItemSignature::from_parts(
            vec!["regionavtal".into()],
            vec![],
            vec![("regionavtal".into(), "Regionavtalet".into())],
        );
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
            pages: vec![
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
            ],
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
        own.fingerprints.tables[Kind::ItemText as usize][0].0 = "c/d/".into();
        for c in [&shared, &own] {
            assert_eq!(decode(&encoded(c)).as_ref(), Some(c));
        }
        assert!(encoded(&own).len() > encoded(&shared).len() + "c/d/".len());
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

    /// The checks behind the hash, for a file that was damaged and hashed again.
    #[test]
    fn a_cache_that_is_not_one_is_refused_though_its_hash_holds() {
        let sealed = |body: Vec<u8>| {
            let mut bytes = body.clone();
            bytes.extend_from_slice(&xxh3_128(&body).to_le_bytes());
            bytes
        };
        let body = |bytes: &[u8]| bytes[..bytes.len() - 16].to_vec();
        let good = encoded(&sample());
        assert!(decode(&sealed(body(&good))).is_some());
        let mut other = body(&good);
        // The version's last digit made another.
        other[MAGIC.len() - 2] ^= 1;
        assert_eq!(decode(&sealed(other)), None, "another version");
        // A count far beyond the file's length is refused before anything is allocated.
        let mut huge = MAGIC.to_vec();
        huge.extend_from_slice(&[0; 16 + 16 + 8 * 5]);
        huge.extend_from_slice(&u64::MAX.to_le_bytes());
        let end = (huge.len() as u64).to_le_bytes();
        huge.extend_from_slice(&[end, end].concat());
        assert_eq!(decode(&sealed(huge)), None);
        // Parts that do not meet where the end says.
        let mut c = body(&good);
        let n = c.len();
        c[n - 16..].copy_from_slice(&[(n as u64).to_le_bytes(); 2].concat());
        assert_eq!(
            decode(&sealed(c)),
            None,
            "no pages where they are said to be"
        );
        // Pages out of order.
        let mut c = sample();
        c.pages.swap(0, 1);
        assert_eq!(decode(&encoded(&c)), None);
    }

    #[test]
    fn a_shared_prefix_ends_at_a_character_boundary() {
        assert_eq!(common_prefix("a/möte/", "a/måndag/"), 3);
        assert_eq!(common_prefix("abc", "abd"), 2);
        assert_eq!(common_prefix("", "x"), 0);
    }
}
