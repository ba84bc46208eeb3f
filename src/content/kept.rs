//! The content as the last build parsed it, kept beside the output (`.public.diarium-parsed`)
//! so that the next build reads and parses only the files that changed.
//!
//! Why: at 10,000 meetings, reading and parsing 160,000 files (opening each, checking it for
//! identity numbers, parsing its YAML) was the largest part of an incremental build that
//! renders a handful of pages. A file whose status is as it was when it was kept is taken
//! from here instead, at the cost of one status call.
//!
//! **When a file counts as unchanged:** its size, modification time, change time and inode
//! are all as kept. The change time cannot be set back by any tool (`cp -p`, `rsync -t` and
//! `touch -d` set the modification time only), so an edit that keeps a file's size and time
//! is still seen. A file changed less than [`SETTLE`] before a build began is not kept by it:
//! a second edit within the same tick of the file system's clock could leave every one of
//! those fields as they were (git's "racy" files).
//!
//! **The format** is this module's own, like the build cache's: a versioned magic line and
//! the digest of the binary and setup that parsed (another binary may parse differently),
//! then each file's parse — its kind, digest, time, its front-matter as JSON and its Markdown
//! body — then the index of paths with their status, and a hash of all of it at the end.
//! Anything unexpected makes it no store: every file is then read, never one wrongly kept.
//! Files with problems are never kept: they are read again, so their problems are reported
//! again.

use super::walk::Found;
use super::{FileFacts, Files, Meta, Parsed};
use crate::pipeline::packed::{put_var, take_var};
use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};
use xxhash_rust::xxh3::{xxh3_128, Xxh3};

const MAGIC: &[u8] = b"diarium parsed content 1\n";

/// How long before a build began a file must have last changed for the build to keep its
/// parse (see the module's header): longer than any file system's clock tick.
pub const SETTLE: Duration = Duration::from_secs(2);

/// What identifies a file's state without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stat {
    len: u64,
    modified: (i64, i64),
    changed: (i64, i64),
    inode: u64,
}

impl Stat {
    #[cfg(unix)]
    fn of(meta: &std::fs::Metadata) -> Option<Stat> {
        use std::os::unix::fs::MetadataExt as _;
        Some(Stat {
            len: meta.len(),
            modified: (meta.mtime(), meta.mtime_nsec()),
            changed: (meta.ctime(), meta.ctime_nsec()),
            inode: meta.ino(),
        })
    }

    /// Elsewhere the change time is not known: nothing is kept.
    #[cfg(not(unix))]
    fn of(_: &std::fs::Metadata) -> Option<Stat> {
        None
    }

    /// Whether the file last changed before `settled` (seconds and nanoseconds since 1970).
    fn settled_before(&self, settled: (i64, i64)) -> bool {
        self.modified < settled && self.changed < settled
    }
}

/// One kept file: where its parse is in the store's bytes.
#[derive(Debug, Clone, Copy)]
struct Entry {
    stat: Stat,
    start: usize,
    len: usize,
}

/// A store read back: its bytes and, by path below the content folder, its files.
pub struct Kept {
    bytes: Vec<u8>,
    entries: FxHashMap<String, Entry>,
}

/// The store of the output folder `out`.
pub fn path_for(out: &Path) -> PathBuf {
    crate::output::beside(out, "diarium-parsed")
}

impl Kept {
    /// The store at `path`, when it was written by this binary under this `setup` (see
    /// `pipeline::cache::setup_digest`) and is whole.
    pub fn read(path: &Path, setup: u128) -> Option<Kept> {
        let bytes = std::fs::read(path).ok()?;
        let entries = decode_index(&bytes, setup)?;
        Some(Kept { bytes, entries })
    }

    /// How many files it keeps.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The kept parse of the file `found` (at `rel`), when its status is still `stat`.
    fn take(&self, rel: &str, stat: Stat, found: &Found) -> Option<(Parsed, Entry)> {
        let entry = self.entries.get(rel).filter(|e| e.stat == stat)?;
        let bytes = self.bytes.get(entry.start..entry.start + entry.len)?;
        Some((decode_parse(bytes, found)?, *entry))
    }
}

/// How a build's reading went, for `--timings` and the tests.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    /// Files taken from the store.
    pub kept: usize,
    /// Files read and parsed.
    pub read: usize,
}

/// A file of the new store: its parse as the old store has it, or as just encoded.
enum Part {
    Old(Entry),
    New(Stat, Vec<u8>),
}

/// Reads the content tree like [`super::read_all`], taking from `kept` every file whose
/// status is as kept, and writes the store for the next build at `store` when any file was
/// read or is gone (`settled`: see [`SETTLE`]). A store that cannot be written only makes
/// the next build read everything; its problem is returned beside the files.
pub fn read_all(
    content_dir: &Path,
    kept: Option<Kept>,
    store: &Path,
    setup: u128,
    settled: (i64, i64),
) -> (Files, Reading, Option<std::io::Error>) {
    let parts: Mutex<Vec<(String, Part)>> = Mutex::new(Vec::new());
    let reading = Mutex::new(Reading::default());
    let files = super::read_all_with(content_dir, |found| {
        let rel = found
            .path
            .strip_prefix(content_dir)
            .ok()
            .and_then(Path::to_str)
            .map(str::to_string);
        let stat = std::fs::symlink_metadata(&found.path)
            .ok()
            .and_then(|m| Stat::of(&m));
        if let (Some(kept), Some(rel), Some(stat)) = (&kept, &rel, stat) {
            if let Some((parsed, entry)) = kept.take(rel, stat, &found) {
                lock(&parts).push((rel.clone(), Part::Old(entry)));
                lock(&reading).kept += 1;
                return Ok(parsed);
            }
        }
        let parsed = super::parse_found(found);
        lock(&reading).read += 1;
        if let (Ok(p), Some(rel), Some(stat)) = (&parsed, rel, stat) {
            if stat.settled_before(settled) {
                if let Some(bytes) = encode_parse(p) {
                    lock(&parts).push((rel, Part::New(stat, bytes)));
                }
            }
        }
        parsed
    });
    let reading = reading.into_inner().unwrap_or_else(|e| e.into_inner());
    let mut parts = parts.into_inner().unwrap_or_else(|e| e.into_inner());
    let old_count = kept.as_ref().map_or(0, |k| k.entries.len());
    // Every file kept and none gone: the store on disk already says all this.
    let unchanged = kept.is_some() && reading.read == 0 && parts.len() == old_count;
    let problem = if unchanged {
        // What a build killed while writing the store left (the store itself is whole).
        let _ = std::fs::remove_file(tmp_path(store));
        None
    } else {
        parts.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let old = kept.as_ref().map_or(&[][..], |k| &k.bytes[..]);
        write(store, setup, old, &parts).err()
    };
    (files, reading, problem)
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The time `SETTLE` before `now`, in seconds and nanoseconds since 1970: files changed
/// since are not kept.
pub fn settled_at(now: SystemTime) -> (i64, i64) {
    now.checked_sub(SETTLE)
        .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
        .map_or((0, 0), |d| {
            (d.as_secs() as i64, i64::from(d.subsec_nanos()))
        })
}

/// Written beside and renamed over, like the build cache, so that a killed build leaves one
/// whole store or the other; streamed, so that no second copy of the parses is held (they
/// are hundreds of MB at 10,000 meetings).
fn write(path: &Path, setup: u128, old: &[u8], parts: &[(String, Part)]) -> std::io::Result<()> {
    let tmp = tmp_path(path);
    let file = std::fs::File::create(&tmp)?;
    let mut out = Hashed {
        out: std::io::BufWriter::with_capacity(1 << 20, file),
        hash: Xxh3::new(),
        len: 0,
    };
    encode(setup, old, parts, &mut out)?;
    // Not synced: a store that a crash left torn fails its hash and is only no store, and a
    // sync here would hold up the build for a file it does not need to be durable.
    drop(out.out.into_inner().map_err(|e| e.into_error())?);
    std::fs::rename(&tmp, path)
}

fn tmp_path(store: &Path) -> PathBuf {
    let mut tmp = store.as_os_str().to_owned();
    tmp.push(".tmp");
    PathBuf::from(tmp)
}

/// Bytes on their way to a file, counted and hashed as they go.
struct Hashed<W: std::io::Write> {
    out: W,
    hash: Xxh3,
    len: usize,
}

impl<W: std::io::Write> Hashed<W> {
    fn put(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.hash.update(bytes);
        self.len += bytes.len();
        self.out.write_all(bytes)
    }
}

/// The store's bytes: header, parses, index, and the hash of all that.
fn encode<W: std::io::Write>(
    setup: u128,
    old: &[u8],
    parts: &[(String, Part)],
    out: &mut Hashed<W>,
) -> std::io::Result<()> {
    out.put(MAGIC)?;
    out.put(&setup.to_le_bytes())?;
    let mut index = Vec::with_capacity(parts.len() * 64);
    put_var(&mut index, parts.len() as u64);
    for (rel, part) in parts {
        let start = out.len;
        let stat = match part {
            Part::Old(e) => {
                out.put(&old[e.start..e.start + e.len])?;
                e.stat
            }
            Part::New(stat, bytes) => {
                out.put(bytes)?;
                *stat
            }
        };
        put_var(&mut index, rel.len() as u64);
        index.extend_from_slice(rel.as_bytes());
        for n in [stat.len, stat.inode, start as u64, (out.len - start) as u64] {
            put_var(&mut index, n);
        }
        for n in [
            stat.modified.0,
            stat.modified.1,
            stat.changed.0,
            stat.changed.1,
        ] {
            index.extend_from_slice(&n.to_le_bytes());
        }
    }
    let index_at = out.len as u64;
    out.put(&index)?;
    out.put(&index_at.to_le_bytes())?;
    let sum = out.hash.digest128();
    out.out.write_all(&sum.to_le_bytes())?;
    out.out.flush()
}

/// The index of a whole store written under `setup`.
fn decode_index(bytes: &[u8], setup: u128) -> Option<FxHashMap<String, Entry>> {
    let (body, sum) = bytes.split_at_checked(bytes.len().checked_sub(16)?)?;
    if xxh3_128(body).to_le_bytes() != sum {
        return None;
    }
    let rest = body.strip_prefix(MAGIC)?;
    let (written, _) = rest.split_at_checked(16)?;
    if u128::from_le_bytes(written.try_into().ok()?) != setup {
        return None;
    }
    let (_, at) = body.split_at_checked(body.len().checked_sub(8)?)?;
    let index_at = usize::try_from(u64::from_le_bytes(at.try_into().ok()?)).ok()?;
    let parses_end = index_at;
    let mut r = body.get(index_at..body.len() - 8)?;
    let n = usize::try_from(take_var(&mut r)?).ok()?;
    // Every entry takes more than 32 bytes: a count beyond that is no index.
    if n > r.len() / 32 + 1 {
        return None;
    }
    let first = MAGIC.len() + 16;
    let mut entries = FxHashMap::with_capacity_and_hasher(n, Default::default());
    for _ in 0..n {
        let rel_len = usize::try_from(take_var(&mut r)?).ok()?;
        let (rel, tail) = r.split_at_checked(rel_len)?;
        r = tail;
        let rel = std::str::from_utf8(rel).ok()?.to_string();
        let mut var = || take_var(&mut r);
        let (len, inode, start, size) = (var()?, var()?, var()?, var()?);
        let (start, size) = (usize::try_from(start).ok()?, usize::try_from(size).ok()?);
        if start < first || start.checked_add(size)? > parses_end {
            return None;
        }
        let mut times = [0i64; 4];
        for t in &mut times {
            let (n, tail) = r.split_at_checked(8)?;
            *t = i64::from_le_bytes(n.try_into().ok()?);
            r = tail;
        }
        let stat = Stat {
            len,
            modified: (times[0], times[1]),
            changed: (times[2], times[3]),
            inode,
        };
        let entry = Entry {
            stat,
            start,
            len: size,
        };
        entries.insert(rel, entry).is_none().then_some(())?;
    }
    r.is_empty().then_some(entries)
}

const MEETING: u8 = 0;
const ITEM: u8 = 1;

/// A parsed file's kind, digest, time, front-matter (JSON) and body; `None` for what is not
/// kept (the person registry, which is one file and parsed on every build).
fn encode_parse(parsed: &Parsed) -> Option<Vec<u8>> {
    let (kind, digest, modified, meta, text) = match parsed {
        Parsed::Meeting(m) => (
            MEETING,
            m.digest,
            m.modified,
            serde_json::to_vec(&m.meta).ok()?,
            &m.text,
        ),
        Parsed::Item { doc, .. } => (
            ITEM,
            doc.digest,
            doc.modified,
            serde_json::to_vec(&doc.meta).ok()?,
            &doc.text,
        ),
        Parsed::People(_) => return None,
    };
    let mut out = Vec::with_capacity(meta.len() + text.len() + 48);
    out.push(kind);
    out.extend_from_slice(&digest.to_le_bytes());
    out.extend_from_slice(&modified.to_le_bytes());
    put_var(&mut out, meta.len() as u64);
    out.extend_from_slice(&meta);
    out.extend_from_slice(text.as_bytes());
    Some(out)
}

/// A parse kept by [`encode_parse`] for the file `found`; `None` when it is not one, or not
/// of the kind the file's place says.
fn decode_parse(bytes: &[u8], found: &Found) -> Option<Parsed> {
    let (&kind, rest) = bytes.split_first()?;
    let (digest, rest) = rest.split_at_checked(16)?;
    let digest = u128::from_le_bytes(digest.try_into().ok()?);
    let (modified, mut rest) = rest.split_at_checked(8)?;
    let modified = i64::from_le_bytes(modified.try_into().ok()?);
    let meta_len = usize::try_from(take_var(&mut rest)?).ok()?;
    let (meta, text) = rest.split_at_checked(meta_len)?;
    let text = std::str::from_utf8(text).ok()?.to_string();
    let meta = match kind {
        MEETING => Meta::Meeting(serde_json::from_slice(meta).ok()?),
        ITEM => Meta::Item(serde_json::from_slice(meta).ok()?),
        _ => return None,
    };
    let file = FileFacts { digest, modified };
    super::document(found.clone(), meta, text, file)
}

#[cfg(test)]
mod tests;
