//! Escaping by bytes, for the formats we write ourselves (Atom, JSON-LD). Only ASCII bytes are
//! replaced, so every cut falls on a char boundary and the runs between are copied whole.

/// `text` with each byte for which `replacement` gives a string replaced by it (`""` drops the
/// byte). `replacement` must give `None` for every non-ASCII byte.
pub(super) fn replace_ascii(
    text: &str,
    replacement: impl Fn(u8) -> Option<&'static str>,
) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut copied = 0;
    for (at, byte) in text.bytes().enumerate() {
        let Some(with) = replacement(byte) else {
            continue;
        };
        debug_assert!(byte.is_ascii(), "only ASCII bytes are replaced");
        out.push_str(&text[copied..at]);
        out.push_str(with);
        copied = at + 1;
    }
    out.push_str(&text[copied..]);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn replaces_and_drops_ascii_bytes_and_keeps_the_rest() {
        let star = |b| match b {
            b'*' => Some("(star)"),
            b'-' => Some(""),
            _ => None,
        };
        assert_eq!(super::replace_ascii("å*ä-ö*", star), "å(star)äö(star)");
        assert_eq!(super::replace_ascii("", star), "");
        assert_eq!(super::replace_ascii("plain", star), "plain");
    }
}
