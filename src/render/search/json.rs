//! The few JSON shapes the search index writes, written straight into the file's buffer.
//!
//! The index files are most of a large archive's bytes (124 MB for 10,000 meetings), and
//! going through serde meant a `Vec` or `BTreeMap` per file and serde_json's escaper, which
//! looks up every byte of every excerpt in a table and hands each run to a formatter. The
//! output is byte for byte what serde_json writes (compact, same escapes), which the tests
//! below hold it to.

/// A JSON string: quoted, escaped as serde_json escapes (`"`, `\` and control characters;
/// everything else, `/` and non-ASCII included, as it is).
pub fn string(out: &mut Vec<u8>, s: &str) {
    out.reserve(s.len() + 2);
    out.push(b'"');
    let mut rest = s.as_bytes();
    // Copy the runs between bytes that need escaping whole; text rarely has any.
    while let Some(at) = first_to_escape(rest) {
        out.extend_from_slice(&rest[..at]);
        escape(out, rest[at]);
        rest = &rest[at + 1..];
    }
    out.extend_from_slice(rest);
    out.push(b'"');
}

fn needs_escape(byte: u8) -> bool {
    byte < 0x20 || byte == b'"' || byte == b'\\'
}

/// Where the first byte that [`needs_escape`] is. Eight bytes are tested at once (a byte-wise
/// scan was most of the cost of writing an excerpt): a word's bytes below 0x20, equal to `"`
/// or equal to `\` show as high bits of the tests below, which are exact about whether any
/// byte matches, though not about which.
fn first_to_escape(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    let below = |word: u64, n: u8| word.wrapping_sub(ONES * u64::from(n)) & !word & HIGH;
    let mut words = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in words.by_ref() {
        let word = u64::from_ne_bytes(chunk.try_into().unwrap_or_default());
        let quote = word ^ (ONES * u64::from(b'"'));
        let backslash = word ^ (ONES * u64::from(b'\\'));
        if below(word, 0x20) | below(quote, 1) | below(backslash, 1) != 0 {
            break;
        }
        at += 8;
    }
    let found = bytes[at..].iter().position(|b| needs_escape(*b));
    found.map(|n| at + n)
}

fn escape(out: &mut Vec<u8>, byte: u8) {
    let short = match byte {
        b'"' => b'"',
        b'\\' => b'\\',
        0x08 => b'b',
        0x0c => b'f',
        b'\n' => b'n',
        b'\r' => b'r',
        b'\t' => b't',
        _ => {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            let (high, low) = (HEX[usize::from(byte >> 4)], HEX[usize::from(byte & 0xf)]);
            out.extend_from_slice(&[b'\\', b'u', b'0', b'0', high, low]);
            return;
        }
    };
    out.extend_from_slice(&[b'\\', short]);
}

/// A non-negative integer.
pub fn number(out: &mut Vec<u8>, n: usize) {
    // Most numbers written are postings' scores and document gaps, one or two digits.
    if n < 10 {
        out.push(b'0' + n as u8);
        return;
    }
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

/// An array of `items`, each written by `write`.
pub fn array<T>(
    out: &mut Vec<u8>,
    items: impl IntoIterator<Item = T>,
    mut write: impl FnMut(&mut Vec<u8>, T),
) {
    out.push(b'[');
    for (n, item) in items.into_iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        write(out, item);
    }
    out.push(b']');
}

/// An object being written: `key` starts each member, [`Object::end`] closes it.
pub struct Object<'a> {
    out: &'a mut Vec<u8>,
    empty: bool,
}

impl<'a> Object<'a> {
    pub fn new(out: &'a mut Vec<u8>) -> Object<'a> {
        out.push(b'{');
        Object { out, empty: true }
    }

    /// Writes `"key":` and returns the buffer for the value.
    pub fn key(&mut self, key: &str) -> &mut Vec<u8> {
        if !self.empty {
            self.out.push(b',');
        }
        self.empty = false;
        string(self.out, key);
        self.out.push(b':');
        self.out
    }

    pub fn string(&mut self, key: &str, value: &str) {
        string(self.key(key), value);
    }

    pub fn number(&mut self, key: &str, value: usize) {
        number(self.key(key), value);
    }

    pub fn end(self) {
        self.out.push(b'}');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn as_json(s: &str) -> Vec<u8> {
        let mut out = Vec::new();
        string(&mut out, s);
        out
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let every_control: String = (0u8..0x20).map(char::from).collect();
        let tricky = [
            "",
            "plain words",
            "\"quoted\" and \\back\\slashed\\",
            "</script><!-- / -->",
            "tab\there, line\nbreak, return\r, feed\u{c}, bell\u{7}, back\u{8}",
            &every_control,
            "\u{7f} delete, \u{80}\u{9f} C1, \u{2028}\u{2029} separators",
            "åäö ÅÄÖ é 中文 𝔘 e\u{301} \u{feff}",
            "\"",
            "\\",
            "\u{0}",
        ];
        for s in tricky {
            assert_eq!(as_json(s), serde_json::to_vec(s).unwrap(), "{s:?}");
        }
        for c in (0..0x800u32).filter_map(char::from_u32) {
            let s = format!("a{c}b{c}");
            assert_eq!(as_json(&s), serde_json::to_vec(&s).unwrap(), "{c:?}");
        }
    }

    #[test]
    fn the_first_byte_to_escape_is_found_at_any_offset() {
        for special in [b'"', b'\\', 0, 0x1f, b'\n'] {
            for len in 0..40 {
                for at in 0..=len {
                    let mut bytes = vec![b'a'; len];
                    bytes.extend("ä ~\u{7f}".as_bytes());
                    if at < len {
                        bytes[at] = special;
                    }
                    let expected = bytes.iter().position(|b| needs_escape(*b));
                    assert_eq!(first_to_escape(&bytes), expected, "{bytes:?}");
                }
            }
        }
    }

    #[test]
    fn numbers_are_decimal() {
        for n in [
            0,
            1,
            9,
            10,
            99,
            100,
            255,
            1 << 24,
            u32::MAX as usize,
            usize::MAX,
        ] {
            let mut out = Vec::new();
            number(&mut out, n);
            assert_eq!(out, serde_json::to_vec(&n).unwrap());
        }
    }

    #[test]
    fn objects_and_arrays_are_compact() {
        let mut out = Vec::new();
        let mut object = Object::new(&mut out);
        object.string("u", "a/\"b\"");
        object.number("b", 7);
        array(object.key("c"), ["x", "y"], string);
        array(object.key("e"), Vec::<&str>::new(), string);
        object.end();
        assert_eq!(out, br#"{"u":"a/\"b\"","b":7,"c":["x","y"],"e":[]}"#);
    }
}
