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
//! is still seen. A file changed less than [`SETTLE`] before a build began is not kept by it
//! to be taken: a second edit within the same tick of the file system's clock could leave
//! every one of those fields as they were (git's "racy" files). Its parse is stored all the
//! same, under a status no file has, for [`Kept::item`].
//!
//! **The store** ([`store`]) holds, for the setup digest of the binary that parsed (another
//! binary may parse differently), each file's parse — its kind, digest, time, its
//! front-matter as JSON and its Markdown body — and an index of paths with their status.
//! Anything unexpected makes it no store, or that file not kept: it is then read, never
//! wrongly kept. Files with problems are never kept: they are read again, so their problems
//! are reported again.

mod store;

use super::walk::Found;
use super::{FileFacts, Files, Meta, Parsed, Text};
use crate::pipeline::packed::{put_var, take_var};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, SystemTime};
use store::{Entry, Part, Store, Writer};
use xxhash_rust::xxh3::xxh3_64;

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
    /// The status a parse is kept under when its file changed within [`SETTLE`] of the build:
    /// no file has inode 0, so it is never taken for the file, but [`Kept::item`] still finds
    /// it (the search index's fingerprints need the last build's parse of an item edited twice
    /// in a row, and check it against their own digest).
    const UNSETTLED: Stat = Stat {
        len: 0,
        modified: (0, 0),
        changed: (0, 0),
        inode: 0,
    };

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

/// The store the last build left (see [`store`]).
pub struct Kept(Store);

/// The store of the output folder `out`.
pub fn path_for(out: &Path) -> PathBuf {
    crate::output::beside(out, "diarium-parsed")
}

impl Kept {
    /// The store at `path`, when it was written by this binary under this `setup` (see
    /// `pipeline::cache::setup_digest`) and its index is whole.
    pub fn read(path: &Path, setup: u128) -> Option<Kept> {
        Store::open(path, setup).map(Kept)
    }

    /// How many files it keeps to be taken (not those kept [`Stat::UNSETTLED`]).
    pub fn len(&self) -> usize {
        self.0
            .entries()
            .filter(|e| e.stat != Stat::UNSETTLED)
            .count()
    }

    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The front-matter and text of the item file at `rel` as the last build parsed it,
    /// whatever its status now: the search index's fingerprints take an edited item's old
    /// words out of their sums (see `render::search::prints`).
    pub fn item(&self, rel: &str) -> Option<(crate::model::ItemMeta, String)> {
        let entry = self.0.get(rel)?;
        let bytes = self.0.bytes(entry, entry.len)?;
        let head = Head::checked(&bytes, entry)?;
        if head.kind != ITEM {
            return None;
        }
        let meta = serde_json::from_slice(head.meta).ok()?;
        let text = &bytes[head.len..];
        (xxh3_64(text) == head.text_hash).then_some(())?;
        Some((meta, String::from_utf8(text.to_vec()).ok()?))
    }

    /// The kept parse of the file `found` (at `rel`), when its status is still `stat`: its
    /// head read and checked, its text left in the store.
    fn take(&self, rel: &str, stat: Stat, found: &Found) -> Option<(Parsed, Entry)> {
        let entry = self.0.get(rel).filter(|e| e.stat == stat)?;
        let mut bytes = self.0.bytes(entry, HEAD_GUESS)?;
        let mut head_len = Head::len_of(&bytes)?;
        if head_len > bytes.len() {
            bytes = self.0.bytes(entry, head_len as u64)?;
            head_len = Head::len_of(&bytes)?;
        }
        let head = Head::checked(&bytes, entry)?;
        debug_assert_eq!(head.len, head_len);
        let text = Text::stored(
            self.0.file().clone(),
            entry.start + head.len as u64,
            u32::try_from(entry.len - head.len as u64).ok()?,
            head.text_hash,
        );
        Some((decode_parse(&head, found, text)?, *entry))
    }
}

/// How much of a parse [`Kept::take`] reads first: the head of almost every parse (the
/// front-matter of an item is a few hundred bytes), so that one read is the rule.
const HEAD_GUESS: u64 = 2048;

/// How a build's reading went, for `--timings` and the tests.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    /// Files taken from the store.
    pub kept: usize,
    /// Files read and parsed.
    pub read: usize,
}

/// Reads the content tree like [`super::read_all`], taking from `kept` every file whose
/// status is as kept, and writes the store for the next build at `store` when any file was
/// read or is gone (`settled`: see [`SETTLE`]). Each file read is appended to the new store
/// as soon as it is parsed and its text left there (see [`Text`]): a full build never holds
/// the archive's text. A store that cannot be written only makes the next build read
/// everything; its problem is returned beside the files.
pub fn read_all(
    content_dir: &Path,
    kept: Option<&Kept>,
    store: &Path,
    setup: u128,
    settled: (i64, i64),
) -> (Files, Reading, Option<std::io::Error>) {
    let parts: Mutex<Vec<(String, Part)>> = Mutex::new(Vec::new());
    let reading = Mutex::new(Reading::default());
    // Opened by the first file read: a build that reads none may have nothing to write.
    let writer: OnceLock<Option<Writer>> = OnceLock::new();
    let problem: Mutex<Option<std::io::Error>> = Mutex::new(None);
    // Statuses from the walk only to compare with a store's.
    let files = super::read_all_with(content_dir, kept.is_some(), |found, status| {
        let rel = found
            .path
            .strip_prefix(content_dir)
            .ok()
            .and_then(Path::to_str)
            .map(str::to_string);
        // Asked for before reading only when there is a store to compare with; a file that
        // is read gives its status from the open file (one status call, not two).
        if let (Some(kept), Some(rel)) = (kept, &rel) {
            // As the walk found it, relative to its folder; by path when it could not.
            let stat = status
                .or_else(|| std::fs::symlink_metadata(&found.path).ok())
                .and_then(|m| Stat::of(&m));
            if let Some((parsed, entry)) = stat.and_then(|stat| kept.take(rel, stat, &found)) {
                lock(&parts).push((rel.clone(), Part::Old(entry)));
                lock(&reading).kept += 1;
                return Ok(parsed);
            }
        }
        let (mut parsed, status) = super::parse_found_with_status(found);
        let stat = status.as_ref().and_then(Stat::of);
        lock(&reading).read += 1;
        if let (Ok(parsed), Some(rel), Some(stat)) = (&mut parsed, rel, stat) {
            let stat = match stat.settled_before(settled) {
                true => stat,
                false => Stat::UNSETTLED,
            };
            let writer = writer.get_or_init(|| {
                Writer::open(store, setup, kept.map(|k| &k.0))
                    .map_err(|e| *lock(&problem) = Some(e))
                    .ok()
            });
            match writer.as_ref().map(|w| append(w, parsed, stat)) {
                Some(Ok(Some(entry))) => lock(&parts).push((rel, Part::New(entry))),
                Some(Err(e)) => drop(lock(&problem).get_or_insert(e)),
                _ => {}
            }
        }
        parsed
    });
    let reading = reading.into_inner().unwrap_or_else(|e| e.into_inner());
    let parts = parts.into_inner().unwrap_or_else(|e| e.into_inner());
    let problem = problem.into_inner().unwrap_or_else(|e| e.into_inner());
    let old_count = kept.map_or(0, Kept::len);
    // Every file kept and none gone: the store on disk already says all this.
    let unchanged = kept.is_some() && reading.read == 0 && parts.len() == old_count;
    let problem = match (writer.into_inner().flatten(), problem) {
        // A parse that could not be appended is missing from the store: none is written, and
        // the next build reads what it must (the texts written stay readable: see `Writer`).
        (_, Some(problem)) => {
            let _ = std::fs::remove_file(crate::output::tmp_beside(store));
            Some(problem)
        }
        (None, None) if unchanged => {
            // What a build killed while writing the store left (the store itself is whole).
            let _ = std::fs::remove_file(crate::output::tmp_beside(store));
            None
        }
        (writer, None) => {
            let writer = writer.map_or_else(|| Writer::open(store, setup, kept.map(|k| &k.0)), Ok);
            crate::timings::stage("  store write", || {
                writer
                    .and_then(|w| w.finish(store, kept.map(|k| &k.0), parts))
                    .err()
            })
        }
    };
    (files, reading, problem)
}

/// Appends `parsed` to the next store and leaves its text there; `None` for what is not kept
/// (the person registry).
fn append(writer: &Writer, parsed: &mut Parsed, stat: Stat) -> std::io::Result<Option<Entry>> {
    let Some((bytes, hash)) = encode_parse(parsed) else {
        return Ok(None);
    };
    let Some(text) = NewText::of(&bytes) else {
        return Ok(None);
    };
    let start = writer.append(&bytes)?;
    let stored = Text::stored(writer.file().clone(), start + text.at, text.len, text.hash);
    match parsed {
        Parsed::Meeting(m) => m.text = stored,
        Parsed::Item { doc, .. } => doc.text = stored,
        Parsed::People(_) => {}
    }
    Ok(Some(Entry {
        stat,
        start,
        len: bytes.len() as u64,
        hash,
    }))
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

/// Where the text of a parse [`encode_parse`] made lies in it, and its hash.
struct NewText {
    at: u64,
    len: u32,
    hash: u64,
}

impl NewText {
    fn of(bytes: &[u8]) -> Option<NewText> {
        let head = Head::of(bytes)?;
        Some(NewText {
            at: head.len as u64,
            len: u32::try_from(bytes.len() - head.len).ok()?,
            hash: head.text_hash,
        })
    }
}

const MEETING: u8 = 0;
const ITEM: u8 = 1;

/// A parsed file's head — its kind, digest, time, front-matter (JSON) and the hash of its
/// body — and then the body; with the hash of the head, which the index keeps. `None` for
/// what is not kept (the person registry, which is one file and parsed on every build).
fn encode_parse(parsed: &Parsed) -> Option<(Vec<u8>, u64)> {
    let (kind, digest, modified, meta, text) = match parsed {
        Parsed::Meeting(m) => (
            MEETING,
            m.digest,
            m.modified,
            serde_json::to_vec(&m.meta).ok()?,
            m.text.get(),
        ),
        Parsed::Item { doc, .. } => (
            ITEM,
            doc.digest,
            doc.modified,
            serde_json::to_vec(&doc.meta).ok()?,
            doc.text.get(),
        ),
        Parsed::People(_) => return None,
    };
    let mut out = Vec::with_capacity(meta.len() + text.len() + 56);
    out.push(kind);
    out.extend_from_slice(&digest.to_le_bytes());
    out.extend_from_slice(&modified.to_le_bytes());
    put_var(&mut out, meta.len() as u64);
    out.extend_from_slice(&meta);
    out.extend_from_slice(&xxh3_64(text.as_bytes()).to_le_bytes());
    let hash = xxh3_64(&out);
    out.extend_from_slice(text.as_bytes());
    Some((out, hash))
}

/// The document a kept parse's `head` and `text` make for the file `found`; `None` when it is
/// not of the kind the file's place says.
fn decode_parse(head: &Head<'_>, found: &Found, text: Text) -> Option<Parsed> {
    let meta = match head.kind {
        MEETING => Meta::Meeting(serde_json::from_slice(head.meta).ok()?),
        ITEM => Meta::Item(serde_json::from_slice(head.meta).ok()?),
        _ => return None,
    };
    let file = FileFacts {
        digest: head.digest,
        modified: head.modified,
    };
    super::document(found.clone(), meta, text, file)
}

/// The head [`encode_parse`] wrote: all but the text.
struct Head<'a> {
    kind: u8,
    digest: u128,
    modified: i64,
    meta: &'a [u8],
    text_hash: u64,
    /// Its length in bytes: where the text begins.
    len: usize,
}

impl Head<'_> {
    /// The head at the start of `bytes` (which may go on into the text), when it is the one
    /// `entry`'s hash was taken of.
    fn checked<'a>(bytes: &'a [u8], entry: &Entry) -> Option<Head<'a>> {
        let head = Head::of(bytes)?;
        (xxh3_64(&bytes[..head.len]) == entry.hash).then_some(head)
    }

    /// How long the head at the start of `bytes` is, from its first bytes alone: longer than
    /// `bytes` when they end before it does.
    fn len_of(bytes: &[u8]) -> Option<usize> {
        let mut rest = bytes.get(1 + 16 + 8..)?;
        let before = rest.len();
        let meta_len = usize::try_from(take_var(&mut rest)?).ok()?;
        let var_len = before - rest.len();
        (1 + 16 + 8 + var_len).checked_add(meta_len)?.checked_add(8)
    }

    fn of(bytes: &[u8]) -> Option<Head<'_>> {
        let (&kind, rest) = bytes.split_first()?;
        let (digest, rest) = rest.split_at_checked(16)?;
        let digest = u128::from_le_bytes(digest.try_into().ok()?);
        let (modified, mut rest) = rest.split_at_checked(8)?;
        let modified = i64::from_le_bytes(modified.try_into().ok()?);
        let meta_len = usize::try_from(take_var(&mut rest)?).ok()?;
        let (meta, rest) = rest.split_at_checked(meta_len)?;
        let (text_hash, rest) = rest.split_at_checked(8)?;
        Some(Head {
            kind,
            digest,
            modified,
            meta,
            text_hash: u64::from_le_bytes(text_hash.try_into().ok()?),
            len: bytes.len() - rest.len(),
        })
    }
}

#[cfg(test)]
mod tests;
