//! What a page read of the graph, recorded as it reads it.
//!
//! Every entity vector of the graph is an [`Arena`](super::arena::Arena), and indexing one
//! (or walking it) notes a [`Read`] on the current thread while a page is rendered inside
//! [`capture`]. The set of pages an edit reaches is then computed from these records and the
//! entities that changed (see [`super::fingerprint`]), instead of being listed by hand: a
//! template that starts showing item titles on another page is followed without anyone
//! updating a list.
//!
//! Values that a renderer keeps between pages ([`Memo`]) keep the reads that made them, and
//! hand them on to every page that uses them, so a cached value is no blind spot.

use std::cell::{Cell, RefCell};
use std::sync::OnceLock;

/// The kinds of entity a page can read, the build day, and the two summaries of a whole kind that every page
/// or many pages show (their names and URLs only; see [`super::fingerprint`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Kind {
    Org,
    Body,
    Meeting,
    Item,
    Case,
    Person,
    Party,
    Subject,
    /// A bucket of the search index's dictionary (`sok/index/t/<n>.json`): every term whose
    /// hash falls in it, with the documents that have it. Not an entity of the graph: the
    /// index's files read these instead of every item, so that an item edit reaches only the
    /// buckets its words leave or enter (see `render::search::prints`).
    SearchBucket,
    /// An item's text, apart from the item: most pages that show an item show its title,
    /// number and links, not its text, and are not made again when only the text changes.
    /// Read through [`super::Site::item_text`] (the field is the graph's own). It covers when
    /// the item's file last changed too ([`super::Site::item_modified`]), which every edit of
    /// the file moves.
    ItemText,
    /// A meeting's preamble and when its file last changed, apart from the meeting, as
    /// [`Kind::ItemText`] is from the item: read through [`super::Site::meeting_text`] and
    /// [`super::Site::meeting_modified`]. A meeting's OParl `modified` reads it, but the
    /// `created` time its items' objects carry does not ([`super::Site::meeting_created`]):
    /// an edit of a meeting's text no longer reaches every page that shows one of its items.
    MeetingText,
    /// Every party's name and URL: the menu on every page.
    PartyLinks,
    /// Every person's name and URL: what a printed name links to.
    PersonLinks,
    /// The day of the build (`config.today`): what a page that tells upcoming from past, or
    /// names the day it was judged on, depends on besides the content.
    Today,
}

impl Kind {
    /// The kinds with a table of fingerprints, one per member (the graph's entities and the
    /// search index's buckets).
    pub const ENTITIES: [Kind; 11] = [
        Kind::Org,
        Kind::Body,
        Kind::Meeting,
        Kind::Item,
        Kind::Case,
        Kind::Person,
        Kind::Party,
        Kind::Subject,
        Kind::SearchBucket,
        Kind::ItemText,
        Kind::MeetingText,
    ];
    /// How many kinds there are: the entities' and the three summaries.
    pub const COUNT: usize = Kind::ENTITIES.len() + 3;

    pub fn from_u8(n: u8) -> Option<Kind> {
        match n {
            11 => Some(Kind::PartyLinks),
            12 => Some(Kind::PersonLinks),
            13 => Some(Kind::Today),
            n => Kind::ENTITIES.get(usize::from(n)).copied(),
        }
    }
}

/// One entity read, or a whole kind (its set and every member).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Read {
    pub kind: Kind,
    /// The entity's index in its arena, or [`Read::WHOLE`].
    pub index: u32,
}

impl Read {
    pub const WHOLE: u32 = u32::MAX;

    pub fn one(kind: Kind, index: usize) -> Read {
        Read {
            kind,
            index: u32::try_from(index).unwrap_or(Read::WHOLE - 1),
        }
    }

    pub fn whole(kind: Kind) -> Read {
        Read {
            kind,
            index: Read::WHOLE,
        }
    }

    pub fn is_whole(&self) -> bool {
        self.index == Read::WHOLE
    }
}

thread_local! {
    /// How many captures are open on this thread: checked first, so that reads outside any
    /// capture (building the graph) cost one thread-local load.
    static DEPTH: Cell<usize> = const { Cell::new(0) };
    static FRAMES: RefCell<Vec<Vec<Read>>> = const { RefCell::new(Vec::new()) };
}

/// Notes a read in the innermost open capture on this thread, if any.
#[inline]
pub fn note(read: Read) {
    if DEPTH.with(Cell::get) == 0 {
        return;
    }
    FRAMES.with(|frames| {
        if let Some(top) = frames.borrow_mut().last_mut() {
            top.push(read);
        }
    });
}

/// Notes reads made elsewhere (a kept value's, handed on to the page that uses it).
pub fn note_all(reads: &[Read]) {
    if DEPTH.with(Cell::get) == 0 || reads.is_empty() {
        return;
    }
    FRAMES.with(|frames| {
        if let Some(top) = frames.borrow_mut().last_mut() {
            top.extend_from_slice(reads);
        }
    });
}

/// Runs `f` and returns what it read of the graph, as a sorted set in which a whole-kind read
/// stands for every read of that kind. Captures nest: the inner one's reads are also the
/// outer one's. Everything `f` reads must be read on this thread.
pub fn capture<T>(f: impl FnOnce() -> T) -> (T, Box<[Read]>) {
    struct Open;
    impl Drop for Open {
        // Also on unwinding: a panicking page must not leave its frame to the next page.
        fn drop(&mut self) {
            FRAMES.with(|frames| frames.borrow_mut().pop());
            DEPTH.with(|d| d.set(d.get() - 1));
        }
    }
    FRAMES.with(|frames| frames.borrow_mut().push(Vec::new()));
    DEPTH.with(|d| d.set(d.get() + 1));
    let open = Open;
    let value = f();
    let reads = FRAMES.with(|frames| {
        std::mem::take(
            frames
                .borrow_mut()
                .last_mut()
                .expect("the frame opened above"),
        )
    });
    drop(open);
    let reads = compact(reads);
    note_all(&reads);
    (value, reads)
}

/// More single reads of one kind than this make a whole-kind read: a page that reads so many
/// (the search index, the open data of every item) changes with nearly any edit of the kind
/// anyway, and keeping each read would cost memory by the page (at 10,000 meetings the search
/// index's 8,785 files would have kept 150,000 reads each).
///
/// Not fewer: an organization's page, its OParl lists and the Body read one organization's
/// items (thousands at 10,000 meetings), and each changes only with those. Counted whole at
/// 1,024, every item edit re-rendered all of them (220 OParl files, 4 s of CPU, of which 9
/// changed); kept, they cost little, since the build cache packs a page's reads in runs of
/// consecutive indices (1.4 MB more at 10,000 meetings).
pub const WHOLE_ABOVE: usize = 65_536;

/// Sorted, without repeats, and without single reads of a kind read whole (or read so often
/// that it counts as whole: see [`WHOLE_ABOVE`]).
fn compact(mut reads: Vec<Read>) -> Box<[Read]> {
    reads.sort_unstable();
    reads.dedup();
    let whole: Vec<Kind> = reads
        .chunk_by(|a, b| a.kind == b.kind)
        .filter(|group| group.len() > WHOLE_ABOVE || group.iter().any(Read::is_whole))
        .map(|group| group[0].kind)
        .collect();
    if !whole.is_empty() {
        reads.retain(|r| !whole.contains(&r.kind));
        reads.extend(whole.into_iter().map(Read::whole));
        reads.sort_unstable();
    }
    reads.into_boxed_slice()
}

/// A value made once and kept (by the renderer, for the many pages that show it), with the
/// reads that made it, which every use notes again.
pub struct Memo<T> {
    cell: OnceLock<(T, Box<[Read]>)>,
}

impl<T> Default for Memo<T> {
    fn default() -> Self {
        Memo {
            cell: OnceLock::new(),
        }
    }
}

impl<T> Memo<T> {
    pub fn get_or_init(&self, make: impl FnOnce() -> T) -> &T {
        let (value, reads) = self.cell.get_or_init(|| capture(make));
        note_all(reads);
        value
    }
}

/// A value kept for one later use (see `Views::item_full_value`), with its reads.
pub type Kept<T> = Option<(T, Box<[Read]>)>;

#[cfg(test)]
mod tests {
    use super::*;

    /// The build cache keeps a read's kind as its byte: every kind comes back from its own,
    /// and no other byte is a kind.
    #[test]
    fn every_kind_is_known_by_its_byte() {
        for n in 0..=u8::MAX {
            let kind = Kind::from_u8(n);
            assert_eq!(kind.is_some(), usize::from(n) < Kind::COUNT, "{n}");
            assert!(kind.is_none_or(|k| k as u8 == n), "{n}");
        }
        for (n, kind) in Kind::ENTITIES.into_iter().enumerate() {
            assert_eq!(
                kind as usize, n,
                "the entities come first, in their tables' order"
            );
        }
    }

    #[test]
    fn reads_outside_a_capture_are_not_kept() {
        note(Read::one(Kind::Item, 1));
        let ((), reads) = capture(|| note(Read::one(Kind::Item, 2)));
        assert_eq!(&*reads, &[Read::one(Kind::Item, 2)]);
    }

    #[test]
    fn captures_nest_and_the_outer_one_sees_the_inner_reads() {
        let ((), outer) = capture(|| {
            note(Read::one(Kind::Case, 3));
            let ((), inner) = capture(|| note(Read::one(Kind::Item, 7)));
            assert_eq!(&*inner, &[Read::one(Kind::Item, 7)]);
        });
        assert_eq!(
            &*outer,
            &[Read::one(Kind::Item, 7), Read::one(Kind::Case, 3)]
        );
    }

    #[test]
    fn a_whole_kind_stands_for_its_members() {
        let ((), reads) = capture(|| {
            note(Read::one(Kind::Item, 1));
            note(Read::whole(Kind::Item));
            note(Read::one(Kind::Item, 1));
            note(Read::one(Kind::Meeting, 0));
        });
        assert_eq!(
            &*reads,
            &[Read::one(Kind::Meeting, 0), Read::whole(Kind::Item)]
        );
    }

    #[test]
    fn many_reads_of_a_kind_count_as_the_whole_kind() {
        let ((), reads) = capture(|| {
            for i in 0..=WHOLE_ABOVE {
                note(Read::one(Kind::Item, i));
            }
            note(Read::one(Kind::Case, 1));
        });
        assert_eq!(
            &*reads,
            &[Read::whole(Kind::Item), Read::one(Kind::Case, 1)]
        );
        let ((), few) = capture(|| (0..WHOLE_ABOVE).for_each(|i| note(Read::one(Kind::Item, i))));
        assert_eq!(few.len(), WHOLE_ABOVE);
    }

    #[test]
    fn a_memo_hands_its_reads_to_every_page_that_uses_it() {
        let memo: Memo<u32> = Memo::default();
        let (_, first) = capture(|| {
            *memo.get_or_init(|| {
                note(Read::one(Kind::Subject, 4));
                1
            })
        });
        let (_, second) = capture(|| *memo.get_or_init(|| unreachable!("kept")));
        assert_eq!(&*first, &[Read::one(Kind::Subject, 4)]);
        assert_eq!(first, second);
    }

    #[test]
    fn a_panicking_capture_closes_its_frame() {
        let caught = std::panic::catch_unwind(|| {
            capture(|| {
                note(Read::one(Kind::Item, 1));
                panic!("a template bug");
            })
        });
        assert!(caught.is_err());
        assert_eq!(DEPTH.with(Cell::get), 0);
        let ((), reads) = capture(|| note(Read::one(Kind::Org, 0)));
        assert_eq!(&*reads, &[Read::one(Kind::Org, 0)]);
    }
}
