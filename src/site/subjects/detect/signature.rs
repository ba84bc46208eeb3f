//! An item's signature as it is kept: its terms ([`ItemTerms`]) packed into one block of
//! bytes. The graph keeps every item's signature through the whole build (the next graph
//! and the build's cache read them), and as three vectors of `String`s a signature of a
//! dozen short stems was about 800 bytes in some 20 heap blocks, a tenth of the heap at
//! 1,000 meetings; packed it is its bytes, their lengths and one block. Detection reads the
//! terms unpacked, while it runs. The block is shared (an `Arc`), not copied, between the
//! graphs and the detection that read it, as the whole signature was before: two copies of
//! 150,000 signatures were a tenth of a second of every graph `serve` assembled again.
//!
//! ```text
//! [titles][bodies][surfaces]  counts, as varints (`pipeline::packed::put_var`)
//! [len][bytes] ...             each title stem, each body stem, then each surface's stem
//!                              and word, each string after its length (a varint)
//! ```

use super::candidates::ItemTerms;
use crate::pipeline::packed::{put_var, take_var};
use std::sync::Arc;

/// What detection sees of one item: two items with equal signatures contribute the same to
/// every subject, so an edit that keeps an item's signature cannot change the subjects (the
/// preview server uses this to skip detection on a text edit). Packed as the module's
/// header shows; the packing of given terms is one, so equal terms are equal bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct ItemSignature(Arc<[u8]>);

impl ItemSignature {
    pub(super) fn of(terms: &ItemTerms) -> ItemSignature {
        let title: Vec<&str> = terms.title.iter().map(String::as_str).collect();
        let body: Vec<&str> = terms.body.iter().map(String::as_str).collect();
        let surfaces: Vec<(&str, &str)> = (terms.surfaces.iter())
            .map(|(s, w)| (s.as_str(), w.as_str()))
            .collect();
        ItemSignature::pack(&title, &body, &surfaces)
    }

    /// The title's stems, the body's, and (stem, word as printed) pairs, packed.
    fn pack(title: &[&str], body: &[&str], surfaces: &[(&str, &str)]) -> ItemSignature {
        let strings = title.iter().chain(body).map(|s| s.len()).sum::<usize>()
            + (surfaces.iter())
                .map(|(s, w)| s.len() + w.len())
                .sum::<usize>();
        let mut out =
            Vec::with_capacity(3 + strings + title.len() + body.len() + 2 * surfaces.len());
        for n in [title.len(), body.len(), surfaces.len()] {
            put_var(&mut out, n as u64);
        }
        let pairs = surfaces.iter().flat_map(|(s, w)| [s, w]);
        for s in title.iter().chain(body).chain(pairs) {
            put_var(&mut out, s.len() as u64);
            out.extend_from_slice(s.as_bytes());
        }
        ItemSignature(out.into())
    }

    /// Its terms, to be kept between runs (see `pipeline::cache`): the title's stems, the
    /// body's, and (stem, word as printed) pairs.
    pub fn parts(&self) -> (Vec<&str>, Vec<&str>, Vec<(&str, &str)>) {
        let mut r = Reader(&self.0);
        let (titles, bodies, surfaces) = (r.count(), r.count(), r.count());
        let title = (0..titles).map(|_| r.str()).collect();
        let body = (0..bodies).map(|_| r.str()).collect();
        let pairs = (0..surfaces).map(|_| (r.str(), r.str())).collect();
        (title, body, pairs)
    }

    /// A signature kept by [`ItemSignature::parts`], packed from the kept strings as they
    /// are read (the cache's bytes), without a `String` for each.
    pub fn from_parts(title: &[&str], body: &[&str], surfaces: &[(&str, &str)]) -> ItemSignature {
        ItemSignature::pack(title, body, surfaces)
    }

    /// Its terms, unpacked, for detection.
    pub(super) fn terms(&self) -> ItemTerms {
        let (title, body, surfaces) = self.parts();
        ItemTerms {
            title: title.into_iter().map(str::to_string).collect(),
            body: body.into_iter().map(str::to_string).collect(),
            surfaces: (surfaces.into_iter())
                .map(|(s, w)| (s.to_string(), w.to_string()))
                .collect(),
        }
    }
}

/// As its terms, not its bytes, so that a failing test shows the stems.
impl std::fmt::Debug for ItemSignature {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("ItemSignature").field(&self.terms()).finish()
    }
}

/// Reads what [`ItemSignature::of`] packed; it reads only blocks that function made, so
/// a short or broken one is a bug, not bad input.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn count(&mut self) -> usize {
        let n = take_var(&mut self.0).expect("a signature packs its lengths");
        usize::try_from(n).expect("a signature packs lengths that fit in memory")
    }

    fn str(&mut self) -> &'a str {
        let len = self.count();
        let (bytes, rest) = self.0.split_at(len);
        self.0 = rest;
        std::str::from_utf8(bytes).expect("a signature packs whole strings")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Terms read back as packed, with strings of every length the lengths' bytes change at.
    #[test]
    fn terms_read_back_as_packed() {
        let long = "ö".repeat(100);
        let longer = "x".repeat(20_000);
        let samples = [
            ItemTerms::default(),
            ItemTerms {
                title: vec!["regionavtal".into(), String::new()],
                body: vec!["cosmic".into(), long.clone()],
                surfaces: vec![
                    ("regionavtal".into(), "Regionavtalet".into()),
                    (longer.clone(), "IT-plan".into()),
                ],
            },
            ItemTerms {
                title: (0..200).map(|n| format!("t{n}")).collect(),
                body: Vec::new(),
                surfaces: vec![("labhus".into(), longer)],
            },
        ];
        for terms in samples {
            let packed = ItemSignature::of(&terms);
            assert_eq!(packed.terms(), terms);
            let (title, body, surfaces) = packed.parts();
            let again = ItemSignature::from_parts(&title, &body, &surfaces);
            assert_eq!(again, packed);
        }
    }
}
