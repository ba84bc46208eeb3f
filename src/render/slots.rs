//! A renderer's per-entity tables (one memo per item or meeting), allocated a chunk at a time
//! on first use. A renderer is set up for every preview request and every re-render after an
//! edit, which renders a handful of pages; allocating, filling and freeing a slot for each of
//! 150,000 items took about a tenth of a second of that. Set up this way a table costs its
//! chunk pointers (one per [`CHUNK`] entities), and a page pays for the chunks it touches. A
//! full build touches them all and ends up with the same slots as one vector would hold.

use std::sync::OnceLock;

/// Slots per chunk: an item page touches its meeting's items (neighbouring ids, one chunk or
/// two) and the items of its cases (a chunk each); a list of thousands touches them all.
const CHUNK: usize = 64;

/// `len` slots, each `T::default()` until first used (through `&self`, by any thread).
pub struct Slots<T> {
    chunks: Box<[OnceLock<Box<[T]>>]>,
    len: usize,
}

impl<T: Default> Slots<T> {
    pub fn new(len: usize) -> Slots<T> {
        Slots {
            chunks: (0..len.div_ceil(CHUNK)).map(|_| OnceLock::new()).collect(),
            len,
        }
    }

    /// The slot at `index`, its chunk allocated now if no slot of it was used before.
    /// Panics past the end, as a vector's index does.
    pub fn get(&self, index: usize) -> &T {
        let (chunk, at) = (index / CHUNK, index % CHUNK);
        assert!(index < self.len, "slot {index} of {}", self.len);
        let start = chunk * CHUNK;
        let size = CHUNK.min(self.len - start);
        &self.chunks[chunk].get_or_init(|| (0..size).map(|_| T::default()).collect())[at]
    }

    /// How many chunks hold slots now.
    #[cfg(test)]
    pub fn chunks_allocated(&self) -> usize {
        self.chunks.iter().filter(|c| c.get().is_some()).count()
    }
}

impl<T: Default> std::ops::Index<usize> for Slots<T> {
    type Output = T;
    fn index(&self, index: usize) -> &T {
        self.get(index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn nothing_is_allocated_until_a_slot_is_used() {
        let slots: Slots<OnceLock<u32>> = Slots::new(10 * CHUNK);
        assert_eq!(slots.chunks_allocated(), 0);
        slots[3 * CHUNK + 1].set(7).unwrap();
        assert_eq!(slots.chunks_allocated(), 1);
        assert_eq!(slots[3 * CHUNK + 1].get(), Some(&7));
        assert_eq!(slots[3 * CHUNK].get(), None, "a neighbour stays empty");
        assert_eq!(slots.chunks_allocated(), 1);
    }

    #[test]
    fn every_slot_is_its_own_and_kept() {
        let n = 2 * CHUNK + 5;
        let slots: Slots<AtomicUsize> = Slots::new(n);
        (0..n).for_each(|i| slots[i].store(i, Ordering::Relaxed));
        let kept: Vec<usize> = (0..n).map(|i| slots[i].load(Ordering::Relaxed)).collect();
        assert_eq!(kept, (0..n).collect::<Vec<_>>());
        assert_eq!(slots.chunks_allocated(), 3);
    }

    #[test]
    #[should_panic(expected = "slot 5 of 5")]
    fn past_the_end_panics_in_the_last_chunk() {
        let slots: Slots<u8> = Slots::new(5);
        let _ = slots[5];
    }

    #[test]
    fn an_empty_table_has_no_chunks() {
        let slots: Slots<u8> = Slots::new(0);
        assert_eq!(slots.chunks_allocated(), 0);
    }
}
