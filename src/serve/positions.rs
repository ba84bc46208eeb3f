//! Where a path sits in one of the archive's lists (site path → page, content file → item or
//! meeting), without a copy of the paths: the index maps a 64-bit hash of each path to its
//! position, and a lookup checks the path found there against the list. After a structural
//! edit that moved the 420,000 pages of 10,000 meetings, maps of owned strings took 0.16–0.3 s
//! to build again (a clone and a SipHash of every path); hashing into positions, on every
//! core, takes a tenth of that and a fraction of the memory.

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use xxhash_rust::xxh3::xxh3_64;

#[derive(Default)]
pub(super) struct Positions {
    /// Hash → the position of the last entry with that path (as collecting into a map keeps).
    first: FxHashMap<u64, u32>,
    /// Entries whose hash an entry with another path has already: looked through in order
    /// (expected empty, at 2⁻⁶⁴ a pair).
    more: Vec<(u64, u32)>,
}

impl Positions {
    /// The positions of `list`'s entries by `key`.
    pub(super) fn of<T: Sync>(list: &[T], key: impl Fn(&T) -> &[u8] + Sync) -> Positions {
        let hashes: Vec<u64> = list.par_iter().map(|x| xxh3_64(key(x))).collect();
        let mut index = Positions {
            first: FxHashMap::with_capacity_and_hasher(hashes.len(), Default::default()),
            more: Vec::new(),
        };
        let same = |a: u32, b: usize| key(&list[a as usize]) == key(&list[b]);
        for (at, hash) in hashes.into_iter().enumerate() {
            match index.first.get(&hash) {
                Some(&was) if !same(was, at) => index.add_more(hash, at, same),
                _ => {
                    index.first.insert(hash, at as u32);
                }
            }
        }
        index
    }

    /// A colliding entry: replaces an earlier one with its path, or joins the list.
    fn add_more(&mut self, hash: u64, at: usize, same: impl Fn(u32, usize) -> bool) {
        match self
            .more
            .iter_mut()
            .find(|(h, was)| *h == hash && same(*was, at))
        {
            Some(slot) => slot.1 = at as u32,
            None => self.more.push((hash, at as u32)),
        }
    }

    /// The position of the entry whose key is `wanted`, where `key_at` gives the key of the
    /// entry at a position of the indexed list.
    pub(super) fn find<'a>(
        &self,
        wanted: &[u8],
        key_at: impl Fn(usize) -> &'a [u8],
    ) -> Option<usize> {
        self.find_hashed(xxh3_64(wanted), wanted, key_at)
    }

    fn find_hashed<'a>(
        &self,
        hash: u64,
        wanted: &[u8],
        key_at: impl Fn(usize) -> &'a [u8],
    ) -> Option<usize> {
        let first = self.first.get(&hash).map(|at| *at as usize);
        let more = (self.more.iter())
            .filter(|(h, _)| *h == hash)
            .map(|(_, at)| *at as usize);
        first
            .into_iter()
            .chain(more)
            .find(|at| key_at(*at) == wanted)
    }

    pub(super) fn len(&self) -> usize {
        self.first.len() + self.more.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(index: &Positions, list: &[&str], wanted: &str) -> Option<usize> {
        index.find(wanted.as_bytes(), |at| list[at].as_bytes())
    }

    #[test]
    fn finds_each_path_and_nothing_else() {
        let list = ["a/index.html", "b/index.html", "", "a/b/index.html"];
        let index = Positions::of(&list, |s| s.as_bytes());
        for (at, path) in list.iter().enumerate() {
            assert_eq!(find(&index, &list, path), Some(at));
        }
        assert_eq!(find(&index, &list, "c/index.html"), None);
        assert_eq!(index.len(), 4);
    }

    #[test]
    fn a_path_listed_twice_finds_its_last_entry_as_a_map_would() {
        let list = ["x", "y", "x", "x"];
        let index = Positions::of(&list, |s| s.as_bytes());
        assert_eq!(find(&index, &list, "x"), Some(3));
        assert_eq!(index.len(), 2);
    }

    #[test]
    fn entries_whose_hashes_collide_are_told_apart_by_their_paths() {
        // Real collisions cannot be made to order: put two paths under one hash by hand.
        let list = ["p", "q", "r"];
        let mut index = Positions::of(&list[..1], |s| s.as_bytes());
        let hash = xxh3_64(b"p");
        let same = |a: u32, b: usize| list[a as usize] == list[b];
        index.add_more(hash, 1, same);
        index.add_more(hash, 2, same);
        let key_at = |at: usize| list[at].as_bytes();
        assert_eq!(index.find(b"p", key_at), Some(0));
        // `q` and `r` live under `p`'s hash, behind `p`'s entry.
        assert_eq!(index.find_hashed(hash, b"q", key_at), Some(1));
        assert_eq!(index.find_hashed(hash, b"r", key_at), Some(2));
        assert_eq!(index.find_hashed(hash, b"s", key_at), None);
        index.add_more(hash, 1, same);
        assert_eq!(
            index.more.len(),
            2,
            "the same path again replaces, not adds"
        );
    }
}
