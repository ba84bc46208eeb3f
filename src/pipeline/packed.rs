//! A page's reads as the build cache keeps them, in memory and on disk: runs of consecutive
//! indices of one kind, each written as its kind's byte, its first index and its length less
//! one, the numbers as LEB128 varints.
//!
//! ```text
//! reads  Meeting 7, Meeting 8, Meeting 9, Item 40, PartyLinks (whole)
//! runs   (Meeting, 7, 3)  (Item, 40, 1)  (PartyLinks, WHOLE, 1)
//! bytes  02 07 02   03 28 00   0a ff ff ff ff 0f 00
//! ```
//!
//! Why: an OParl paper page reads every meeting of its body, hundreds in arena order; at
//! 10,000 meetings the pages made 20.7 million reads in 6.1 million runs. As `Read`s (8 bytes
//! each) they took 166 MB of memory on every incremental build, and 5 bytes each in the file;
//! packed they take about a fifth of that, and a page kept unchanged is carried over as its
//! bytes.

use crate::site::reads::{Kind, Read};

/// The reads of one page, packed (see the module's header). Only [`Packed::pack`] and
/// [`Packed::from_bytes`] make one, so its bytes always unpack.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Packed(Box<[u8]>);

impl Packed {
    /// `reads` in their order; a run only ever grows by the next index of its kind, and a
    /// whole-kind read is a run of its own.
    pub fn pack(reads: &[Read]) -> Packed {
        let mut out = Vec::with_capacity(reads.len() * 2);
        let mut run: Option<(Kind, u32, u32)> = None;
        for r in reads {
            match &mut run {
                Some((kind, start, len))
                    if *kind == r.kind
                        && !r.is_whole()
                        && *start != Read::WHOLE
                        && start.checked_add(*len) == Some(r.index) =>
                {
                    *len += 1;
                }
                _ => {
                    if let Some(done) = run {
                        put_run(&mut out, done);
                    }
                    run = Some((r.kind, r.index, 1));
                }
            }
        }
        if let Some(done) = run {
            put_run(&mut out, done);
        }
        Packed(out.into_boxed_slice())
    }

    /// Checks that `bytes` are whole runs of known kinds whose indices stay within `u32`.
    pub fn from_bytes(bytes: &[u8]) -> Option<Packed> {
        let mut rest = bytes;
        while !rest.is_empty() {
            let (_, start, len) = take_run(&mut rest)?;
            let last = start.checked_add(len - 1)?;
            // A whole-kind read is a run of one; no run of indices reaches `WHOLE`.
            let whole_alone = start == Read::WHOLE && len == 1;
            if last == Read::WHOLE && !whole_alone {
                return None;
            }
        }
        Some(Packed(bytes.into()))
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The reads, in the order they were packed.
    pub fn iter(&self) -> impl Iterator<Item = Read> + '_ {
        self.runs().flat_map(|(kind, start, len)| {
            (0..len).map(move |i| Read {
                kind,
                index: start + i,
            })
        })
    }

    /// The runs: kind, first index (or [`Read::WHOLE`]) and length.
    pub fn runs(&self) -> impl Iterator<Item = (Kind, u32, u32)> + '_ {
        let mut rest: &[u8] = &self.0;
        std::iter::from_fn(move || {
            if rest.is_empty() {
                return None;
            }
            take_run(&mut rest)
        })
    }
}

fn put_run(out: &mut Vec<u8>, (kind, start, len): (Kind, u32, u32)) {
    out.push(kind as u8);
    put_var(out, u64::from(start));
    put_var(out, u64::from(len - 1));
}

/// One run, or `None` at bytes that are not one (the caller checked them once already).
fn take_run(rest: &mut &[u8]) -> Option<(Kind, u32, u32)> {
    let (&kind, tail) = rest.split_first()?;
    *rest = tail;
    let kind = Kind::from_u8(kind)?;
    let start = u32::try_from(take_var(rest)?).ok()?;
    let len = u32::try_from(take_var(rest)?).ok()?.checked_add(1)?;
    Some((kind, start, len))
}

/// `n` as a LEB128 varint: seven bits a byte, low bits first, the high bit set on every byte
/// but the last.
pub fn put_var(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// A varint written by [`put_var`]; `None` at the end of the bytes, or for one longer than
/// a `u64` or not in its shortest form, so that one number has one spelling.
pub fn take_var(rest: &mut &[u8]) -> Option<u64> {
    let mut n: u64 = 0;
    for (i, &b) in rest.iter().enumerate().take(10) {
        let bits = u64::from(b & 0x7f);
        let shift = 7 * i as u32;
        if shift == 63 && bits > 1 {
            return None;
        }
        n |= bits << shift;
        if b & 0x80 == 0 {
            if i > 0 && b == 0 {
                return None;
            }
            *rest = &rest[i + 1..];
            return Some(n);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reads() -> Vec<Read> {
        vec![
            Read::one(Kind::Meeting, 7),
            Read::one(Kind::Meeting, 8),
            Read::one(Kind::Meeting, 9),
            Read::one(Kind::Item, 40),
            Read::whole(Kind::PartyLinks),
            Read::one(Kind::Item, (Read::WHOLE - 1) as usize),
            Read::whole(Kind::Item),
            Read::one(Kind::Case, 0),
            Read::one(Kind::Item, 41),
        ]
    }

    #[test]
    fn reads_come_back_as_packed_in_runs() {
        let packed = Packed::pack(&reads());
        assert_eq!(packed.iter().collect::<Vec<_>>(), reads());
        assert_eq!(
            &packed.as_bytes()[..6],
            &[2, 7, 2, 3, 40, 0],
            "three meetings in one run, then one item"
        );
        assert_eq!(Packed::from_bytes(packed.as_bytes()), Some(packed.clone()));
        assert_eq!(Packed::pack(&[]).iter().count(), 0);
    }

    #[test]
    fn bytes_that_are_not_runs_are_refused() {
        let bytes = Packed::pack(&reads()).as_bytes().to_vec();
        for cut in 1..bytes.len() {
            let whole_runs = [3, 6, 13, 20, 27, 30].contains(&cut);
            assert_eq!(
                Packed::from_bytes(&bytes[..cut]).is_some(),
                whole_runs,
                "{cut}"
            );
        }
        assert_eq!(Packed::from_bytes(&[99, 0, 0]), None, "no such kind");
        // A run of indices that would reach WHOLE, and a varint with a needless zero byte.
        assert_eq!(
            Packed::from_bytes(&[3, 0xfe, 0xff, 0xff, 0xff, 0x0f, 1]),
            None
        );
        assert_eq!(Packed::from_bytes(&[3, 0x81, 0x00, 0]), None);
    }

    #[test]
    fn varints_round_trip_in_their_shortest_form() {
        for n in [0, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            let mut out = Vec::new();
            put_var(&mut out, n);
            let mut rest = out.as_slice();
            assert_eq!(take_var(&mut rest), Some(n));
            assert!(rest.is_empty());
        }
        assert_eq!(take_var(&mut &[0x80u8][..]), None, "cut short");
        assert_eq!(take_var(&mut &[0xff; 10][..]), None, "longer than a u64");
    }
}
