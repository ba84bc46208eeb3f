//! Typed indices into the graph's arenas. An item's index and a case's index were both bare
//! `usize`, so nothing stopped a case index from being used on the items; an [`Id<T>`] indexes
//! only an [`Arena<T>`](super::Arena). It is four bytes, not eight: the graph holds several
//! hundred thousand of them in its link lists, and no archive comes near four billion
//! entities of one kind.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;

/// The ids of an arena, in order: a named type rather than `impl Iterator`, so that it
/// borrows nothing and a loop over an arena's ids may change the arena.
pub type Ids<T> = std::iter::Map<std::ops::Range<usize>, fn(usize) -> Id<T>>;

/// The place of one `T` in the graph's arena of `T`s.
pub struct Id<T> {
    index: u32,
    // `fn() -> T` rather than `T`: an id neither owns a `T` nor needs `T` to be `Send`,
    // `Sync`, `Clone` or anything else for the id to be.
    kind: PhantomData<fn() -> T>,
}

impl<T> Id<T> {
    /// The id of the `index`th entity. Panics past `u32::MAX`, which an archive of any size
    /// stays far below (150,000 items a 10,000-meeting archive).
    #[inline]
    pub fn new(index: usize) -> Self {
        let index = u32::try_from(index).expect("fewer than 2³² entities of one kind");
        Id {
            index,
            kind: PhantomData,
        }
    }

    /// The place in the arena, for vectors kept beside it (one value per entity).
    #[inline]
    pub fn index(self) -> usize {
        self.index as usize
    }

    /// The ids `0..n`, in order.
    pub fn all(n: usize) -> Ids<T> {
        (0..n).map(Id::new)
    }
}

// Written out rather than derived: a derive would demand the same trait of `T`, and an
// item need not be `Copy` for its id to be.
impl<T> Clone for Id<T> {
    #[inline]
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Id<T> {}

/// The first entity: for records gathered before they know where they are (the people of
/// documents not yet in an archive, which have no meeting of their own).
impl<T> Default for Id<T> {
    fn default() -> Self {
        Id::new(0)
    }
}

impl<T> PartialEq for Id<T> {
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        self.index == other.index
    }
}

impl<T> Eq for Id<T> {}

impl<T> PartialOrd for Id<T> {
    #[inline]
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl<T> Ord for Id<T> {
    #[inline]
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.index.cmp(&other.index)
    }
}

impl<T> Hash for Id<T> {
    #[inline]
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.index.hash(state);
    }
}

/// As its number: the search index's files name organizations and bodies by their place.
impl<T> serde::Serialize for Id<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u32(self.index)
    }
}

impl<T> fmt::Debug for Id<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Thing;

    #[test]
    fn an_id_is_its_index_in_four_bytes() {
        let id: Id<Thing> = Id::new(7);
        assert_eq!(id.index(), 7);
        assert_eq!(std::mem::size_of::<Id<Thing>>(), 4);
        assert_eq!(std::mem::size_of::<Option<Id<Thing>>>(), 8);
        assert!(Id::<Thing>::new(2) < Id::new(3));
        assert_eq!(format!("{id:?}"), "#7");
        let ids: Vec<usize> = Id::<Thing>::all(3).map(Id::index).collect();
        assert_eq!(ids, [0, 1, 2]);
    }

    #[test]
    #[should_panic(expected = "fewer than 2³² entities")]
    fn an_index_past_u32_is_refused() {
        let _ = Id::<Thing>::new(u32::MAX as usize + 1);
    }
}
