//! The build cache: what the last `build` wrote, so that the next one renders only the pages
//! an edit reaches. It lives beside the output (`.public.diarium-cache`) and holds:
//!
//! - a fingerprint of everything that is not content ([`setup_digest`]: the binary, site.toml,
//!   the theme's files, the base URL): when it differs, the build is full;
//! - the graph's entity fingerprints (see [`crate::site::fingerprint`]);
//! - every page's output path, the hash of its bytes, and what it read of the graph;
//! - what subject detection made of each item (its signature, by the item file's digest),
//!   so that the next build signs only the files that changed;
//! - the two output folders it knows: the live one and the spare copy beside it (see
//!   [`crate::output::Spare`]), by inode, and the paths where the spare differs from the live
//!   one.
//!
//! The format is this module's own: little-endian numbers and length-prefixed strings after a
//! versioned magic line. Anything unexpected in it (another version, a truncated file, a
//! damaged one) makes it no cache: the build is then full, never wrong.

use crate::site::fingerprint::Fingerprints;
use crate::site::reads::{Kind, Read};
use crate::site::topics::ItemSignature;
use crate::site::Signatures;
use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use xxhash_rust::xxh3::Xxh3;

const MAGIC: &[u8] = b"diarium build cache 3\n";

/// One page as the last build wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRecord {
    pub hash: u128,
    pub reads: Box<[Read]>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cache {
    pub setup: u128,
    /// The live output folder's inode (device and number).
    pub live: (u64, u64),
    /// The spare folder's inode, when it holds a known state.
    pub spare: Option<(u64, u64)>,
    /// Where the spare differs from the live output (files to write, replace or remove).
    pub spare_differs: BTreeSet<String>,
    pub fingerprints: Fingerprints,
    /// By output path, sorted.
    pub pages: Vec<(String, PageRecord)>,
    pub signatures: Signatures,
}

/// The cache file of the output folder `out`.
pub fn path_for(out: &Path) -> PathBuf {
    crate::output::beside(out, "diarium-cache")
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

    /// Written beside and renamed over, so that a killed build leaves the old cache or the
    /// new one, never half of one (and a `.tmp` file the next build writes over).
    pub fn write(&self, path: &Path) -> std::io::Result<()> {
        let mut tmp = path.as_os_str().to_owned();
        tmp.push(".tmp");
        let tmp = PathBuf::from(tmp);
        let mut out = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
        out.write_all(&encode(self))?;
        out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        std::fs::rename(&tmp, path)
    }

    pub fn page(&self, path: &str) -> Option<&PageRecord> {
        let at = self
            .pages
            .binary_search_by(|(p, _)| p.as_str().cmp(path))
            .ok()?;
        Some(&self.pages[at].1)
    }
}

fn encode(c: &Cache) -> Vec<u8> {
    let mut w = Vec::with_capacity(64 * (c.pages.len() + 1));
    w.extend_from_slice(MAGIC);
    let num = |w: &mut Vec<u8>, n: u64| w.extend_from_slice(&n.to_le_bytes());
    let wide = |w: &mut Vec<u8>, n: u128| w.extend_from_slice(&n.to_le_bytes());
    let text = |w: &mut Vec<u8>, s: &str| {
        w.extend_from_slice(&(s.len() as u64).to_le_bytes());
        w.extend_from_slice(s.as_bytes());
    };
    wide(&mut w, c.setup);
    num(&mut w, c.live.0);
    num(&mut w, c.live.1);
    let (spare_dev, spare_ino) = c.spare.unwrap_or((0, 0));
    num(&mut w, u64::from(c.spare.is_some()));
    num(&mut w, spare_dev);
    num(&mut w, spare_ino);
    num(&mut w, c.spare_differs.len() as u64);
    for p in &c.spare_differs {
        text(&mut w, p);
    }
    for table in &c.fingerprints.tables {
        num(&mut w, table.len() as u64);
        for (url, fp) in table {
            text(&mut w, url);
            wide(&mut w, *fp);
        }
    }
    for s in c.fingerprints.summaries {
        wide(&mut w, s);
    }
    num(&mut w, c.pages.len() as u64);
    for (path, page) in &c.pages {
        text(&mut w, path);
        wide(&mut w, page.hash);
        num(&mut w, page.reads.len() as u64);
        for r in page.reads.iter() {
            w.push(r.kind as u8);
            w.extend_from_slice(&r.index.to_le_bytes());
        }
    }
    let signatures = c.signatures.sorted();
    num(&mut w, signatures.len() as u64);
    for (digest, signature) in signatures {
        wide(&mut w, digest);
        let (title, body, surfaces) = signature.parts();
        for list in [title, body] {
            num(&mut w, list.len() as u64);
            list.iter().for_each(|t| text(&mut w, t));
        }
        num(&mut w, surfaces.len() as u64);
        for (stem, word) in surfaces {
            text(&mut w, stem);
            text(&mut w, word);
        }
    }
    w
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
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
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

fn decode(bytes: &[u8]) -> Option<Cache> {
    let mut r = Bytes(bytes.strip_prefix(MAGIC)?);
    let setup = r.wide()?;
    let live = (r.num()?, r.num()?);
    let has_spare = r.num()? == 1;
    let spare_inode = (r.num()?, r.num()?);
    let spare = has_spare.then_some(spare_inode);
    let mut spare_differs = BTreeSet::new();
    for _ in 0..r.count(8)? {
        spare_differs.insert(r.text()?);
    }
    let mut fingerprints = Fingerprints::default();
    for table in &mut fingerprints.tables {
        let n = r.count(24)?;
        table.reserve(n);
        for _ in 0..n {
            table.push((r.text()?, r.wide()?));
        }
    }
    for s in &mut fingerprints.summaries {
        *s = r.wide()?;
    }
    let n = r.count(32)?;
    let mut pages = Vec::with_capacity(n);
    for _ in 0..n {
        let path = r.text()?;
        let hash = r.wide()?;
        let reads: Option<Box<[Read]>> = (0..r.count(5)?)
            .map(|_| {
                let kind = Kind::from_u8(*r.take(1)?.first()?)?;
                Some(Read {
                    kind,
                    index: r.u32()?,
                })
            })
            .collect();
        pages.push((
            path,
            PageRecord {
                hash,
                reads: reads?,
            },
        ));
    }
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
    let sorted = pages.windows(2).all(|w| w[0].0 < w[1].0);
    (r.0.is_empty() && sorted).then_some(Cache {
        setup,
        live,
        spare,
        spare_differs,
        fingerprints,
        pages,
        signatures: signatures.into_iter().collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Cache {
        let mut fingerprints = Fingerprints::default();
        fingerprints.tables[Kind::Item as usize].push(("a/b/".into(), 7));
        fingerprints.summaries = [1, 2, 3];
        let signature = ItemSignature::from_parts(
            vec!["regionavtal".into()],
            vec![],
            vec![("regionavtal".into(), "Regionavtalet".into())],
        );
        Cache {
            signatures: [(9, signature)].into_iter().collect(),
            setup: 42,
            live: (1, 99),
            spare: Some((1, 100)),
            spare_differs: ["x/index.html".to_string()].into(),
            fingerprints,
            pages: vec![
                (
                    "a/b/index.html".into(),
                    PageRecord {
                        hash: 5,
                        reads: vec![Read::one(Kind::Item, 0), Read::whole(Kind::PartyLinks)].into(),
                    },
                ),
                (
                    "index.html".into(),
                    PageRecord {
                        hash: 6,
                        reads: Box::new([]),
                    },
                ),
            ],
        }
    }

    #[test]
    fn a_cache_reads_back_as_written() {
        let c = sample();
        assert_eq!(decode(&encode(&c)), Some(c.clone()));
        assert_eq!(c.page("index.html").map(|p| p.hash), Some(6));
        assert_eq!(c.page("nothing.html"), None);
    }

    #[test]
    fn a_damaged_cache_is_no_cache() {
        let bytes = encode(&sample());
        for cut in 0..bytes.len() {
            assert_eq!(decode(&bytes[..cut]), None, "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(decode(&longer), None);
        let mut other = bytes.clone();
        other[MAGIC.len() - 2] = b'9';
        assert_eq!(decode(&other), None, "another version");
        // A count far beyond the file's length is refused before anything is allocated.
        let mut huge = MAGIC.to_vec();
        huge.extend_from_slice(&[0; 16 + 8 * 5]);
        huge.extend_from_slice(&u64::MAX.to_le_bytes());
        assert_eq!(decode(&huge), None);
    }
}
