//! The graph's entity vectors. An [`Arena`] is a vector that notes every read of it (see
//! [`super::reads`]): indexing notes the one entity, and walking it, or asking its length,
//! notes the whole kind. It offers no slice of itself, so no page can read around the record.
//! Building the graph writes through [`Arena::build_mut`] and reads with [`Arena::unrecorded`],
//! where nothing is recorded.

use super::reads::{self, Kind, Read};
use std::ops::{Index, IndexMut};

/// An entity of the graph, stored in an [`Arena`].
pub trait Entity {
    const KIND: Kind;
}

#[derive(Debug)]
pub struct Arena<T> {
    list: Vec<T>,
}

impl<T> Default for Arena<T> {
    fn default() -> Self {
        Arena { list: Vec::new() }
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
    pub fn all(&self) -> &[T] {
        reads::note(Read::whole(T::KIND));
        &self.list
    }

    pub fn get(&self, index: usize) -> Option<&T> {
        reads::note(Read::one(T::KIND, index));
        self.list.get(index)
    }

    /// The entities without noting a read: for building and comparing graphs, never for
    /// making a page.
    pub fn unrecorded(&self) -> &[T] {
        &self.list
    }

    /// The vector itself, to build the graph.
    pub(crate) fn build_mut(&mut self) -> &mut Vec<T> {
        &mut self.list
    }

    pub fn push(&mut self, value: T) {
        self.list.push(value);
    }

    pub fn iter_mut(&mut self) -> std::slice::IterMut<'_, T> {
        self.list.iter_mut()
    }
}

impl<T: Entity> Index<usize> for Arena<T> {
    type Output = T;

    #[inline]
    fn index(&self, index: usize) -> &T {
        reads::note(Read::one(T::KIND, index));
        &self.list[index]
    }
}

impl<T: Entity> IndexMut<usize> for Arena<T> {
    fn index_mut(&mut self, index: usize) -> &mut T {
        &mut self.list[index]
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
        Arena { list }
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
        let (_, one) = reads::capture(|| &arena[1] as *const Thing);
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
