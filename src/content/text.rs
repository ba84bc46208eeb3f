//! A document's Markdown body: held in memory, or left where the last build's store of
//! parses has it (see [`super::kept`]) and read when a page asks for it.
//!
//! Why: an incremental build of 10,000 meetings took every kept file's text from the store —
//! 216 MB read, checked as UTF-8 and held — to render the handful of pages an edit reaches,
//! which read a few of them. A kept file's text now stays in the store; the build holds the
//! open store (a later build renaming a new store over it does not change what it reads) and
//! reads a text, checked against its own hash, each time it is asked for. The texts a build
//! read itself are left in the store it writes as soon as it is written, so that a full build
//! holds none of them while it renders (at 100,000 meetings they are 2.2 GB).
//!
//! A text in memory is shared, not copied: `serve` keeps every parsed file beside the graph
//! made of them (to assemble it again after an edit), and a copy in both held the archive's
//! text twice. An `Arc<String>` rather than an `Arc<str>`: the string read becomes it as it
//! is, where an `Arc<str>` would copy every byte once more.

use std::borrow::Cow;
use std::fs::File;
use std::sync::Arc;
use xxhash_rust::xxh3::xxh3_64;

#[derive(Clone)]
pub(crate) struct Text(Repr);

#[derive(Clone)]
enum Repr {
    Held(Arc<String>),
    Stored(Stored),
}

/// Where a text lies in an open store, and the hash it was written with.
#[derive(Clone)]
struct Stored {
    file: Arc<File>,
    at: u64,
    len: u32,
    hash: u64,
}

impl Text {
    /// A text that lies in `file` at `at`, `len` bytes long, whose bytes hash to `hash`.
    pub fn stored(file: Arc<File>, at: u64, len: u32, hash: u64) -> Text {
        Text(Repr::Stored(Stored {
            file,
            at,
            len,
            hash,
        }))
    }

    /// Whether the text lies in a store rather than in memory.
    #[cfg(test)]
    pub fn is_stored(&self) -> bool {
        matches!(self.0, Repr::Stored(_))
    }

    /// The text, read from the store when it lies there.
    ///
    /// # Panics
    /// When a stored text cannot be read as it was written: the store is the build's own
    /// open file, so that is a failing disk, and a page made of other bytes would be wrong
    /// without a word.
    pub fn get(&self) -> Cow<'_, str> {
        match &self.0 {
            Repr::Held(text) => Cow::Borrowed(text.as_str()),
            Repr::Stored(s) => Cow::Owned(s.read().unwrap_or_else(|| {
                panic!(
                    "the store of parsed content changed under the build (a text of {} bytes at \
                     {} no longer reads as written); build again with --full",
                    s.len, s.at
                )
            })),
        }
    }
}

impl Text {
    /// The text's `xxh3_64`, the hash the store keeps beside it: a stored text's is known
    /// without reading it. (The search index's fingerprints digest every item's text on
    /// every build: reading each from the store was most of their cost.)
    pub fn hash(&self) -> u64 {
        match &self.0 {
            Repr::Held(text) => xxh3_64(text.as_bytes()),
            Repr::Stored(s) => s.hash,
        }
    }
}

impl Stored {
    fn read(&self) -> Option<String> {
        let mut buf = vec![0; self.len as usize];
        read_at(&self.file, &mut buf, self.at)?;
        (xxh3_64(&buf) == self.hash).then_some(())?;
        String::from_utf8(buf).ok()
    }
}

/// Fills `buf` from `file` at `at`, without moving the file's cursor (the store is read by
/// many threads at once).
#[cfg(unix)]
pub(crate) fn read_at(file: &File, buf: &mut [u8], at: u64) -> Option<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, at).ok()
}

/// Elsewhere nothing is kept (see `kept::Stat::of`): there is nothing to read.
#[cfg(not(unix))]
pub(crate) fn read_at(_: &File, _: &mut [u8], _: u64) -> Option<()> {
    None
}

impl From<String> for Text {
    fn from(text: String) -> Text {
        Text(Repr::Held(Arc::new(text)))
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Text {
        Text::from(text.to_string())
    }
}

impl Default for Text {
    fn default() -> Text {
        Text::from(String::new())
    }
}

/// The text, wherever it lies: a document shows the same held or stored (the store's tests
/// compare documents so), and a stored text that does not read as written shows as
/// [`UNREADABLE`] rather than stopping the program.
impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Repr::Held(text) => text.fmt(f),
            Repr::Stored(s) => match s.read() {
                Some(text) => text.fmt(f),
                None => f.write_str(UNREADABLE),
            },
        }
    }
}

/// How [`Text`]'s `Debug` shows a stored text that does not read as written.
pub(crate) const UNREADABLE: &str = "<a stored text that does not read as written>";

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write as _;

    fn store_of(bytes: &[u8]) -> Arc<File> {
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(bytes).unwrap();
        Arc::new(file)
    }

    #[test]
    fn a_stored_text_reads_as_written() {
        let file = store_of(b"headxyz\xc3\xa5 tail");
        let text = Text::stored(file, 4, 5, xxh3_64("xyzå".as_bytes()));
        assert_eq!(text.get(), "xyzå");
    }

    #[test]
    #[should_panic(expected = "changed under the build")]
    fn a_stored_text_that_no_longer_matches_its_hash_is_refused() {
        let file = store_of(b"headxyz tail");
        Text::stored(file, 4, 3, xxh3_64(b"abc")).get();
    }

    #[test]
    fn a_stored_text_shows_as_its_text_or_as_unreadable() {
        let file = store_of(b"abc");
        let text = Text::stored(file.clone(), 0, 3, xxh3_64(b"abc"));
        assert_eq!(format!("{text:?}"), "\"abc\"");
        let text = Text::stored(file, 0, 3, xxh3_64(b"abd"));
        assert_eq!(format!("{text:?}"), UNREADABLE);
    }

    #[test]
    fn a_text_hashes_alike_held_or_stored() {
        let file = store_of(b"headxyz\xc3\xa5 tail");
        let stored = Text::stored(file, 4, 5, xxh3_64("xyzå".as_bytes()));
        assert_eq!(stored.hash(), Text::from("xyzå").hash());
        assert_ne!(stored.hash(), Text::from("xyz").hash());
    }

    #[test]
    fn a_held_text_is_borrowed() {
        let text = Text::from("abc");
        assert!(matches!(text.get(), Cow::Borrowed("abc")));
        assert_eq!(format!("{text:?}"), "\"abc\"");
    }
}
