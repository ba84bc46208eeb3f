//! Sets of document numbers in the few bytes `search.js` decodes: every set in the smallest of
//! three forms, chosen set by set.
//!
//! ```text
//! set     = tag (count << 2 | form), then by form:
//!   0 gaps    count × varint(doc − previous doc − 1), the first from −1
//!   1 runs    count × (varint(first − end of the previous run), varint(length − 1))
//!   2 bitmap  varint(first doc), count bytes; bit j of byte k is document first + 8k + j
//!   3 blocks  count × (varint(block − previous block − 1), the first from −1, then a set of
//!             form 0, 1 or 2 of the documents of block·4096 … block·4096 + 4095, numbered
//!             from the block's start)
//! varint  = 7 bits a byte, low first, high bit set on all but the last
//! ```
//!
//! A rare word's few documents are gaps; a body's or an organization's documents, which come
//! meeting by meeting, are runs; a word in a third of all items is a bitmap, an eighth of a
//! byte a document, which is about what any coding of such a set costs. Documents are in date
//! order, so a year (`2024`) or a name is dense in some stretches and rare in others: blocks
//! let each stretch take its own form, which halves such sets.

/// Appends `n` as a varint.
pub fn varint(out: &mut Vec<u8>, mut n: usize) {
    while n >= 0x80 {
        out.push((n as u8 & 0x7f) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn varint_len(n: usize) -> usize {
    let bits = usize::BITS - n.leading_zeros();
    (bits.max(1) as usize).div_ceil(7)
}

/// Documents a block of form 3.
const BLOCK: u32 = 4096;

/// Appends the set of `docs` (ascending, distinct) in its smallest form.
pub fn write(out: &mut Vec<u8>, docs: &[u32]) {
    let at = out.len();
    write_flat(out, docs);
    if docs.len() < 64 || docs[docs.len() - 1] - docs[0] < 2 * BLOCK {
        return;
    }
    let flat = out.len() - at;
    let mut blocks = Vec::with_capacity(flat);
    let mut previous = -1i64;
    let mut count = 0;
    let mut body = Vec::with_capacity(flat);
    for chunk in docs.chunk_by(|a, b| a / BLOCK == b / BLOCK) {
        let block = chunk[0] / BLOCK;
        varint(&mut body, (i64::from(block) - previous - 1) as usize);
        previous = i64::from(block);
        let inside: Vec<u32> = chunk.iter().map(|d| d - block * BLOCK).collect();
        write_flat(&mut body, &inside);
        count += 1;
    }
    varint(&mut blocks, count << 2 | 3);
    blocks.extend_from_slice(&body);
    if blocks.len() < flat {
        out.truncate(at);
        out.extend_from_slice(&blocks);
    }
}

/// Appends the set of `docs` in the smallest of forms 0, 1 and 2.
fn write_flat(out: &mut Vec<u8>, docs: &[u32]) {
    let (Some(&first), Some(&last)) = (docs.first(), docs.last()) else {
        varint(out, 0);
        return;
    };
    let gaps = gaps_len(docs);
    let runs = runs_of(docs);
    let runs_len: usize = runs
        .iter()
        .map(|(skip, length)| varint_len(*skip) + varint_len(length - 1))
        .sum();
    let bytes = (last - first) as usize / 8 + 1;
    let bitmap = varint_len(first as usize) + bytes;
    if gaps <= runs_len && gaps <= bitmap {
        varint(out, docs.len() << 2);
        let mut previous = -1i64;
        for &doc in docs {
            varint(out, (i64::from(doc) - previous - 1) as usize);
            previous = i64::from(doc);
        }
    } else if runs_len <= bitmap {
        varint(out, runs.len() << 2 | 1);
        for (skip, length) in runs {
            varint(out, skip);
            varint(out, length - 1);
        }
    } else {
        varint(out, bytes << 2 | 2);
        varint(out, first as usize);
        let at = out.len();
        out.resize(at + bytes, 0);
        for &doc in docs {
            let bit = (doc - first) as usize;
            out[at + bit / 8] |= 1 << (bit % 8);
        }
    }
}

/// Bytes of the gaps form, without its tag.
fn gaps_len(docs: &[u32]) -> usize {
    let mut previous = -1i64;
    let mut len = 0;
    for &doc in docs {
        len += varint_len((i64::from(doc) - previous - 1) as usize);
        previous = i64::from(doc);
    }
    len
}

/// The runs of consecutive documents: (documents skipped since the previous run, length).
fn runs_of(docs: &[u32]) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut end = 0usize;
    let mut at = 0;
    while at < docs.len() {
        let start = docs[at] as usize;
        let mut next = at + 1;
        while next < docs.len() && docs[next] as usize == start + (next - at) {
            next += 1;
        }
        runs.push((start - end, next - at));
        end = start + (next - at);
        at = next;
    }
    runs
}

/// The documents of the set that starts at `bytes[*at]`, moving `at` past it: the decoder that
/// `search.js` mirrors, for the tests.
#[cfg(test)]
pub fn read(bytes: &[u8], at: &mut usize) -> Vec<u32> {
    let next = |at: &mut usize| {
        let mut n = 0usize;
        let mut shift = 0;
        loop {
            let byte = bytes[*at];
            *at += 1;
            n |= usize::from(byte & 0x7f) << shift;
            shift += 7;
            if byte < 0x80 {
                return n;
            }
        }
    };
    let tag = next(at);
    let count = tag >> 2;
    let mut docs = Vec::new();
    match tag & 3 {
        0 => {
            let mut doc = -1i64;
            for _ in 0..count {
                doc += next(at) as i64 + 1;
                docs.push(doc as u32);
            }
        }
        1 => {
            let mut end = 0;
            for _ in 0..count {
                let start = end + next(at);
                end = start + next(at) + 1;
                docs.extend(start as u32..end as u32);
            }
        }
        3 => {
            let mut block = -1i64;
            for _ in 0..count {
                block += next(at) as i64 + 1;
                let start = block as u32 * BLOCK;
                docs.extend(read(bytes, at).into_iter().map(|d| start + d));
            }
        }
        _ => {
            let first = next(at) as u32;
            for k in 0..count {
                let byte = bytes[*at + k];
                docs.extend(
                    (0..8)
                        .filter(|j| byte & (1 << j) != 0)
                        .map(|j| first + 8 * k as u32 + j),
                );
            }
            *at += count;
        }
    }
    docs
}

/// Standard base64 with padding, for the small sets the dictionary files carry inline
/// (`atob` in the browser reads it).
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(docs: &[u32]) -> usize {
        let mut out = vec![7];
        write(&mut out, docs);
        let mut at = 1;
        assert_eq!(read(&out, &mut at), docs);
        assert_eq!(at, out.len(), "{docs:?}");
        out.len() - 1
    }

    #[test]
    fn every_form_reads_back() {
        assert_eq!(round_trip(&[]), 1);
        // A few scattered documents: gaps.
        assert_eq!(round_trip(&[3, 1000, 150_000]), 1 + 1 + 2 + 3);
        // A body's meetings: runs.
        let meetings: Vec<u32> = (0..50).flat_map(|m| m * 300..m * 300 + 12).collect();
        let bytes = round_trip(&meetings);
        assert!(bytes < 160, "{bytes}");
        // A year: dense in its stretch, rare elsewhere: blocks.
        let year: Vec<u32> = (0..150_000)
            .filter(|d| {
                if (60_000..80_000).contains(d) {
                    d % 2 == 0
                } else {
                    d % 500 == 0
                }
            })
            .collect();
        let bytes = round_trip(&year);
        // A bitmap of its dense stretch (2,500 bytes) and gaps elsewhere, where a flat set
        // would be a bitmap of 18,750.
        assert!(bytes < 4000, "{bytes}");
        // Every third document: a bitmap.
        let dense: Vec<u32> = (0..30_000).filter(|d| d % 3 == 0).collect();
        assert_eq!(round_trip(&dense), 2 + 1 + 3750);
        let mut seed = 11u32;
        for len in [1, 2, 9, 100, 5000] {
            let mut docs: Vec<u32> = (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
                    (seed >> 8) % 20_000
                })
                .collect();
            docs.sort_unstable();
            docs.dedup();
            round_trip(&docs);
        }
    }

    #[test]
    fn varints_are_seven_bits_a_byte() {
        for n in [0, 1, 127, 128, 300, 16_383, 16_384, 150_000] {
            let mut out = Vec::new();
            varint(&mut out, n);
            assert_eq!(out.len(), varint_len(n), "{n}");
        }
        let mut out = Vec::new();
        varint(&mut out, 300);
        assert_eq!(out, [0xac, 0x02]);
    }

    #[test]
    fn base64_is_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(&[0xff, 0xfe, 0x00, 0x01]), "//4AAQ==");
    }
}

#[cfg(test)]
mod client_tests {
    use super::*;

    /// A set of each form, blocks included, as one term's three sets: the bytes that
    /// tests/browser/check.mjs has `search.js` decode (the example archive has no set large
    /// enough for blocks).
    #[test]
    fn every_form_as_search_js_reads_it() {
        let dense: Vec<u32> = (10_000..10_200)
            .step_by(2)
            .chain([100_000, 140_000])
            .collect();
        let mut out = Vec::new();
        write(&mut out, &[3, 1000, 150_000]);
        write(&mut out, &(40..60).collect::<Vec<u32>>());
        let at = out.len();
        write(&mut out, &dense);
        assert_eq!(out[at] & 3, 3, "blocks");
        assert_eq!(
            base64(&out),
            "DAPkB4eMCQUoEw8CZpAOVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVVRUEoA0JBOAF"
        );
    }
}
