//! The store's file, read a parse at a time.
//!
//! ```text
//! magic line, setup digest (16 bytes)
//! parses            one after another, each of the bytes `encode_parse` makes
//! index             count, then per file: path below content/, size, inode, start, length,
//!                   hash of the parse's head (varints); its four times (8 bytes each)
//! index start       8 bytes
//! hash              16 bytes: of the magic line, digest and index
//! ```
//!
//! Why this shape: a build reads the header and the index, and then the head of each parse it
//! takes (everything but the text, which stays here until a page reads it: see
//! `content::text`) with one positioned read. Reading the whole file first (hundreds of MB at
//! 10,000 meetings) cost as much as it saved: fresh memory for all of it, and a copy. Each
//! parse's head is checked against the index's hash as it is taken, the index against the hash
//! at the end, a text against the hash in its head when it is read. The parses come in no set
//! order (a build appends each as it is read, see [`Writer`]); the index, by path, says where
//! each is. A build that reads a few files appends their parses and a new index to the last
//! store in place, and leaves the old parses and index where they were; once less than half
//! of the file is still pointed to, the next build writes the store anew, the parses it keeps
//! copied across by the kernel, not through the program.

use super::super::text::read_at;
use super::Stat;
use rustc_hash::FxHashMap;
use std::fs::File;
use std::io::{Seek, SeekFrom};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use xxhash_rust::xxh3::xxh3_128;

const MAGIC: &[u8] = b"diarium parsed content 3\n";
const HEADER: usize = MAGIC.len() + 16;
const FOOTER: usize = 8 + 16;

/// Where one file's parse is in the store, and what it was kept for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Entry {
    pub stat: Stat,
    pub start: u64,
    pub len: u64,
    /// Of the parse's head (see `kept::Head`): its text has a hash of its own.
    pub hash: u64,
}

/// An open store: its file and its index.
pub(super) struct Store {
    /// Shared with the texts left in it (see `content::text`).
    file: Arc<File>,
    entries: FxHashMap<String, Entry>,
    /// The file's length when it was opened, and how much of it the index points into (the
    /// rest is parses and indexes that earlier builds appended to and left behind).
    len: u64,
    live: u64,
}

impl Store {
    /// The store at `path`, when it was written by this binary under this `setup` and its
    /// index is whole.
    pub fn open(path: &Path, setup: u128) -> Option<Store> {
        let file = File::open(path).ok()?;
        let len = file.metadata().ok()?.len();
        let mut head = vec![0; HEADER];
        read_at(&file, &mut head, 0)?;
        let mut foot = [0; FOOTER];
        read_at(&file, &mut foot, len.checked_sub(FOOTER as u64)?)?;
        let index_at = u64::from_le_bytes(foot[..8].try_into().ok()?);
        let index_len = len.checked_sub(FOOTER as u64)?.checked_sub(index_at)?;
        if index_at < HEADER as u64 {
            return None;
        }
        let mut index = vec![0; usize::try_from(index_len).ok()?];
        read_at(&file, &mut index, index_at)?;
        head.extend_from_slice(&index);
        head.extend_from_slice(&foot[..8]);
        if xxh3_128(&head).to_le_bytes()[..] != foot[8..] {
            return None;
        }
        let (magic, rest) = head.split_at(MAGIC.len());
        let written = u128::from_le_bytes(rest.get(..16)?.try_into().ok()?);
        if magic != MAGIC || written != setup {
            return None;
        }
        let entries = decode_index(&index, index_at)?;
        let live = HEADER as u64 + entries.values().map(|e| e.len).sum::<u64>();
        Some(Store {
            file: Arc::new(file),
            entries,
            len,
            live,
        })
    }

    pub fn get(&self, rel: &str) -> Option<&Entry> {
        self.entries.get(rel)
    }

    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.entries.values()
    }

    /// The first `len` bytes of the parse `entry` points to (all of it, when it is shorter),
    /// unchecked: the caller knows where its head ends, and checks it.
    pub fn bytes(&self, entry: &Entry, len: u64) -> Option<Vec<u8>> {
        let mut buf = vec![0; usize::try_from(len.min(entry.len)).ok()?];
        read_at(&self.file, &mut buf, entry.start)?;
        Some(buf)
    }

    pub fn file(&self) -> &Arc<File> {
        &self.file
    }

    /// Whether the next store is better appended to this one than written anew: while at
    /// least half of it is parses still kept. (Each build appends an index too, about a tenth
    /// of the store, so a store is rewritten whole every several builds that change a file.)
    fn worth_appending_to(&self) -> bool {
        self.live >= self.len / 2
    }
}

/// The index's entries, each pointing within the parses (which end where the index begins).
fn decode_index(mut r: &[u8], index_at: u64) -> Option<FxHashMap<String, Entry>> {
    let var = |r: &mut &[u8]| crate::pipeline::packed::take_var(r);
    let n = usize::try_from(var(&mut r)?).ok()?;
    // Every entry takes more than 32 bytes: a count beyond that is no index.
    if n > r.len() / 32 + 1 {
        return None;
    }
    let mut entries = FxHashMap::with_capacity_and_hasher(n, Default::default());
    for _ in 0..n {
        let rel_len = usize::try_from(var(&mut r)?).ok()?;
        let (rel, tail) = r.split_at_checked(rel_len)?;
        r = tail;
        let rel = std::str::from_utf8(rel).ok()?.to_string();
        let (len, inode, start, size, hash) = (
            var(&mut r)?,
            var(&mut r)?,
            var(&mut r)?,
            var(&mut r)?,
            var(&mut r)?,
        );
        if start < HEADER as u64 || start.checked_add(size)? > index_at {
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
            hash,
        };
        entries.insert(rel, entry).is_none().then_some(())?;
    }
    r.is_empty().then_some(entries)
}

/// The next store, written while the content is read: each parse appended the moment it is
/// made (from any thread), so that its text can be left there at once and a full build never
/// holds the archive's text; then, when reading is done, the parses kept from the last store
/// and the index. It is written beside `path` and renamed over it, so that a killed build
/// leaves one whole store or the other.
pub(super) struct Writer {
    /// Where the store is written before it is renamed over the last one; `None` when the
    /// last store is appended to in place (see [`Writer::open`]).
    tmp: Option<std::path::PathBuf>,
    /// Shared with the texts left in it (see `content::text`): they stay readable whatever
    /// becomes of its name.
    file: Arc<File>,
    setup: u128,
    /// Where the next parse goes.
    end: AtomicU64,
}

impl Writer {
    /// The writer of the next store at `path`, where `old` (read under the same `setup`) lies:
    /// appended to in place while that is worth it, written anew beside it otherwise.
    ///
    /// Why in place: a build that changed one file of 160,000 copied the 218 MB of parses it
    /// kept into a new store, about half of the time it took to read the content. Appending
    /// leaves every byte the last index points into as it was, so the texts this build reads
    /// from the old store stay what they were; the new parses and index go after the old
    /// index, and the footer at the end names the new one. A build killed before that footer
    /// is written leaves a file whose end is no footer: no store, and the next build reads
    /// every file and writes a new one, as after a damaged store.
    pub fn open(path: &Path, setup: u128, old: Option<&Store>) -> std::io::Result<Writer> {
        (old.filter(|old| old.worth_appending_to()))
            .and_then(|old| Writer::in_place(path, setup, old))
            .map_or_else(|| Writer::create(path, setup), Ok)
    }

    /// `old`'s own file, opened to append to, when `path` still names it and it has not grown
    /// since it was read.
    #[cfg(unix)]
    fn in_place(path: &Path, setup: u128, old: &Store) -> Option<Writer> {
        use std::os::unix::fs::MetadataExt;
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(path)
            .ok()?;
        let (now, then) = (file.metadata().ok()?, old.file.metadata().ok()?);
        let same = now.dev() == then.dev() && now.ino() == then.ino() && now.len() == old.len;
        same.then(|| Writer {
            tmp: None,
            file: Arc::new(file),
            setup,
            end: AtomicU64::new(old.len),
        })
    }

    /// Elsewhere nothing is kept, so there is nothing to append to.
    #[cfg(not(unix))]
    fn in_place(_: &Path, _: u128, _: &Store) -> Option<Writer> {
        None
    }

    fn create(path: &Path, setup: u128) -> std::io::Result<Writer> {
        let tmp = crate::output::tmp_beside(path);
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(&tmp)?;
        let mut header = MAGIC.to_vec();
        header.extend_from_slice(&setup.to_le_bytes());
        write_at(&file, &header, 0)?;
        Ok(Writer {
            tmp: Some(tmp),
            file: Arc::new(file),
            setup,
            end: AtomicU64::new(HEADER as u64),
        })
    }

    pub fn file(&self) -> &Arc<File> {
        &self.file
    }

    /// Appends one parse's `bytes`; returns where they begin. Threads take their places in
    /// turn and write at once: a parse whose write failed leaves a gap no entry points into.
    pub fn append(&self, bytes: &[u8]) -> std::io::Result<u64> {
        let at = self.end.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        write_at(&self.file, bytes, at)?;
        Ok(at)
    }

    /// Copies the parses kept from `old` after the new ones (unless they are in this very
    /// file), writes the index of all `parts`, and renames the store over `path`. On failure
    /// the file is removed (the texts left in it stay readable through the open file).
    pub fn finish(
        self,
        path: &Path,
        old: Option<&Store>,
        parts: Vec<(String, Part)>,
    ) -> std::io::Result<()> {
        let written = self.tmp.clone().unwrap_or_else(|| path.to_path_buf());
        let done = self.finish_at(path, old, parts);
        if done.is_err() {
            let _ = std::fs::remove_file(written);
        }
        done
    }

    fn finish_at(
        self,
        path: &Path,
        old: Option<&Store>,
        mut parts: Vec<(String, Part)>,
    ) -> std::io::Result<()> {
        let mut at = self.end.load(Ordering::Relaxed);
        // The kept parses in the order they lie in the last store, so that runs of them go
        // across in one copy by the kernel, not through the program; in place, they stay
        // where they are.
        let mut kept: Vec<&mut Entry> = (parts.iter_mut())
            .filter_map(|(_, p)| match p {
                Part::Old(e) if self.tmp.is_some() => Some(e),
                Part::Old(_) | Part::New(_) => None,
            })
            .collect();
        kept.sort_unstable_by_key(|e| e.start);
        let mut out = &*self.file;
        out.seek(SeekFrom::Start(at))?;
        let mut run: Option<(u64, u64)> = None;
        for e in kept {
            run = match run {
                Some((start, len)) if start + len == e.start => Some((start, len + e.len)),
                _ => {
                    copy_run(old, run, &mut out)?;
                    Some((e.start, e.len))
                }
            };
            e.start = at;
            at += e.len;
        }
        copy_run(old, run, &mut out)?;
        parts.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut tail = Vec::new();
        crate::pipeline::packed::put_var(&mut tail, parts.len() as u64);
        for (rel, part) in &parts {
            let (Part::Old(e) | Part::New(e)) = part;
            let put = |tail: &mut Vec<u8>, n: u64| crate::pipeline::packed::put_var(tail, n);
            put(&mut tail, rel.len() as u64);
            tail.extend_from_slice(rel.as_bytes());
            for n in [e.stat.len, e.stat.inode, e.start, e.len, e.hash] {
                put(&mut tail, n);
            }
            for n in [
                e.stat.modified.0,
                e.stat.modified.1,
                e.stat.changed.0,
                e.stat.changed.1,
            ] {
                tail.extend_from_slice(&n.to_le_bytes());
            }
        }
        tail.extend_from_slice(&at.to_le_bytes());
        let mut hashed = Vec::with_capacity(HEADER + tail.len());
        hashed.extend_from_slice(MAGIC);
        hashed.extend_from_slice(&self.setup.to_le_bytes());
        hashed.extend_from_slice(&tail);
        tail.extend_from_slice(&xxh3_128(&hashed).to_le_bytes());
        write_at(&self.file, &tail, at)?;
        // Not synced: a store that a crash left torn fails its hashes and is only no store, and
        // a sync here would hold up the build for a file it does not need to be durable.
        match &self.tmp {
            Some(tmp) => std::fs::rename(tmp, path),
            None => Ok(()),
        }
    }
}

/// A file of the next store, and where its parse lies: in the last store (until
/// [`Writer::finish`] copies it) or already in the new one.
pub(super) enum Part {
    Old(Entry),
    New(Entry),
}

#[cfg(unix)]
fn write_at(file: &File, bytes: &[u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, bytes, at)
}

/// Elsewhere nothing is kept (see `kept::Stat::of`), so no parse is appended; the header and
/// index are written through the cursor, by one thread.
#[cfg(not(unix))]
fn write_at(mut file: &File, bytes: &[u8], at: u64) -> std::io::Result<()> {
    use std::io::Write as _;
    file.seek(SeekFrom::Start(at))?;
    file.write_all(bytes)
}

/// Copies the bytes `run` (start, length) of the old store into `out`.
fn copy_run(old: Option<&Store>, run: Option<(u64, u64)>, out: &mut &File) -> std::io::Result<()> {
    let (Some(old), Some((start, len))) = (old, run) else {
        return Ok(());
    };
    let mut from = &*old.file;
    from.seek(SeekFrom::Start(start))?;
    let copied = std::io::copy(&mut std::io::Read::take(from, len), out)?;
    match copied == len {
        true => Ok(()),
        false => Err(std::io::Error::other("the last store ended early")),
    }
}
