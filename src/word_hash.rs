//! A fast hasher for the in-memory maps keyed by words (the search index's terms, subject
//! detection's stems), where the standard SipHash was a quarter of the search index's build
//! time on a large archive.
//!
//! The scheme is FxHash's (rustc's own): one multiply per eight bytes. It gives no protection
//! against keys crafted to collide; the keys here are words of the archive's own minutes,
//! hashed once per build in a process that serves nobody, so that is not a concern. A few
//! lines, rather than a crate, since nothing else in the project needs one.

use std::hash::{BuildHasherDefault, Hasher};

/// `HashMap<K, V, WordHash>`: a map with [`WordHasher`].
pub type WordHash = BuildHasherDefault<WordHasher>;

/// A `HashMap` keyed by words, with [`WordHasher`].
pub type WordMap<K, V> = std::collections::HashMap<K, V, WordHash>;

#[derive(Default, Clone, Copy)]
pub struct WordHasher(u64);

const K: u64 = 0xf135_7aea_2e62_a9c5;

impl WordHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0 ^ word).wrapping_mul(K);
    }
}

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut eight = [0u8; 8];
            eight.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(eight));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut eight = [0u8; 8];
            eight[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(eight));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        // The multiply leaves its best bits high; the table indexes by the low ones.
        self.0.rotate_left(26)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_map_to_their_values() {
        let mut map: WordMap<String, usize> = WordMap::default();
        for (n, w) in ["regionavtal", "nämnd", "a", "", "regionavtalet"]
            .iter()
            .enumerate()
        {
            map.insert(w.to_string(), n);
        }
        assert_eq!(map["nämnd"], 1);
        assert_eq!(map[""], 3);
        assert_eq!(map["regionavtalet"], 4);
        assert_eq!(map.len(), 5);
    }
}
