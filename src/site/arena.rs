//! The graph's entity vectors. An [`Arena`] is a vector that notes every read of it (see
//! [`super::reads`]): indexing notes the one entity, and walking it, or asking its length,
//! notes the whole kind. It offers no slice of itself, so no page can read around the record.
//! Building the graph writes through [`Arena::build_mut`] and reads with [`Arena::unrecorded`],
//! where nothing is recorded.

use super::id::{Id, Ids};
use super::reads::{self, Kind, Read};
use std::ops::{Index, IndexMut};

/// An entity of the graph, stored in an [`Arena`].
pub trait Entity {
    const KIND: Kind;
}

#[derive(Debug)]
pub struct Arena<T> {
    list: Entities<T>,
}

impl<T> Default for Arena<T> {
    fn default() -> Self {
        Arena {
            list: Entities(Vec::new()),
        }
    }
}

/// An arena's entities as they are, read without noting it ([`Arena::unrecorded`]): a slice
/// that an [`Id`] indexes.
#[derive(Debug)]
pub struct Entities<T>(Vec<T>);

impl<T> Entities<T> {
    pub fn get(&self, id: Id<T>) -> Option<&T> {
        self.0.get(id.index())
    }

    /// Every entity with its id.
    pub fn enumerate(&self) -> impl DoubleEndedIterator<Item = (Id<T>, &T)> + ExactSizeIterator {
        self.0.iter().enumerate().map(|(i, t)| (Id::new(i), t))
    }

    pub fn ids(&self) -> Ids<T> {
        Id::all(self.0.len())
    }
}

// To the vector, not the slice, so that building the graph can push through
// [`Arena::build_mut`]; a slice's methods are one deref further.
impl<T> std::ops::Deref for Entities<T> {
    type Target = Vec<T>;
    fn deref(&self) -> &Vec<T> {
        &self.0
    }
}

impl<T> std::ops::DerefMut for Entities<T> {
    fn deref_mut(&mut self) -> &mut Vec<T> {
        &mut self.0
    }
}

impl<'a, T> IntoIterator for &'a Entities<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<T> IndexMut<Id<T>> for Entities<T> {
    #[inline]
    fn index_mut(&mut self, id: Id<T>) -> &mut T {
        &mut self.0[id.index()]
    }
}

impl<T> Index<Id<T>> for Entities<T> {
    type Output = T;

    #[inline]
    fn index(&self, id: Id<T>) -> &T {
        &self.0[id.index()]
    }
}

impl<T: Entity> Arena<T> {
    pub fn len(&self) -> usize {
        reads::note(Read::whole(T::KIND));
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        reads::note(Read::whole(T::KIND));
        self.list.iter()
    }

    /// Every entity, noted as one read of the whole kind: for code that reads them all many
    /// times over (a sort), where indexing would note a read at every comparison.
    pub fn all(&self) -> &Entities<T> {
        reads::note(Read::whole(T::KIND));
        &self.list
    }

    pub fn get(&self, id: Id<T>) -> Option<&T> {
        reads::note(Read::one(T::KIND, id.index()));
        self.list.get(id)
    }

    /// Every entity with its id, noted as one read of the whole kind.
    pub fn enumerate(&self) -> impl DoubleEndedIterator<Item = (Id<T>, &T)> + ExactSizeIterator {
        self.all().enumerate()
    }

    /// Every id, noted as one read of the whole kind.
    pub fn ids(&self) -> Ids<T> {
        self.all().ids()
    }

    /// The id the next pushed entity gets.
    pub fn next_id(&self) -> Id<T> {
        Id::new(self.list.len())
    }

    /// The entities without noting a read: for building and comparing graphs, never for
    /// making a page.
    pub fn unrecorded(&self) -> &Entities<T> {
        &self.list
    }

    /// The vector itself, to build the graph.
    pub(crate) fn build_mut(&mut self) -> &mut Entities<T> {
        &mut self.list
    }

    pub fn push(&mut self, value: T) {
        self.list.0.push(value);
    }

    pub fn iter_mut(&mut self) -> std::slice::IterMut<'_, T> {
        self.list.0.iter_mut()
    }
}

impl<T: Entity> Index<Id<T>> for Arena<T> {
    type Output = T;

    #[inline]
    fn index(&self, id: Id<T>) -> &T {
        reads::note(Read::one(T::KIND, id.index()));
        &self.list[id]
    }
}

impl<T: Entity> IndexMut<Id<T>> for Arena<T> {
    fn index_mut(&mut self, id: Id<T>) -> &mut T {
        &mut self.list.0[id.index()]
    }
}

impl<'a, T: Entity> IntoIterator for &'a Arena<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'a, T: Entity> IntoIterator for &'a mut Arena<T> {
    type Item = &'a mut T;
    type IntoIter = std::slice::IterMut<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter_mut()
    }
}

impl<T> From<Vec<T>> for Arena<T> {
    fn from(list: Vec<T>) -> Self {
        Arena {
            list: Entities(list),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Thing;
    impl Entity for Thing {
        const KIND: Kind = Kind::Case;
    }

    #[test]
    fn indexing_notes_the_entity_and_walking_the_kind() {
        let arena: Arena<Thing> = vec![Thing, Thing].into();
        let (_, one) = reads::capture(|| &arena[Id::new(1)] as *const Thing);
        assert_eq!(&*one, &[Read::one(Kind::Case, 1)]);
        let (n, whole) = reads::capture(|| arena.iter().count());
        assert_eq!(n, 2);
        assert_eq!(&*whole, &[Read::whole(Kind::Case)]);
        let (_, len) = reads::capture(|| arena.len());
        assert_eq!(&*len, &[Read::whole(Kind::Case)]);
        let (_, none) = reads::capture(|| arena.unrecorded().len());
        assert!(none.is_empty());
    }
}
