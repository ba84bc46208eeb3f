//! The words of the search index and of a query: how text is split into words and how a word
//! is folded to the term the index stores. `search.js` does exactly the same to a query: the
//! test `search_js_normalizes_as_rust_does` runs both on one word list, and the browser test
//! holds the served script to the values asserted here.
//!
//! ```text
//! "Årsredovisningen för 2020, KS 2020/0045, Müller"
//!   words   → Årsredovisningen · för · 2020 · KS · 2020 · 0045 · Müller
//!   terms   → årsredovisning · för · 2020 · ks · 2020 · 0045 · muller
//! ```

use crate::swedish::{is_word_char, stem_slice};

/// Letters folded to another (after lowercasing): accented Latin letters lose their accent,
/// except å, ä and ö, which are letters of their own in Swedish; æ and ø are their Danish and
/// Norwegian spellings. The same table is in `search.js`.
const FOLD: &[(char, &str)] = &[
    ('ß', "ss"),
    ('à', "a"),
    ('á', "a"),
    ('â', "a"),
    ('ã', "a"),
    ('æ', "ä"),
    ('ç', "c"),
    ('è', "e"),
    ('é', "e"),
    ('ê', "e"),
    ('ë', "e"),
    ('ì', "i"),
    ('í', "i"),
    ('î', "i"),
    ('ï', "i"),
    ('ð', "d"),
    ('ñ', "n"),
    ('ò', "o"),
    ('ó', "o"),
    ('ô', "o"),
    ('õ', "o"),
    ('ø', "ö"),
    ('ù', "u"),
    ('ú', "u"),
    ('û', "u"),
    ('ü', "u"),
    ('ý', "y"),
    ('þ', "th"),
    ('ÿ', "y"),
    ('ā', "a"),
    ('ą', "a"),
    ('ć', "c"),
    ('č', "c"),
    ('ď', "d"),
    ('đ', "d"),
    ('ē', "e"),
    ('ę', "e"),
    ('ě', "e"),
    ('ğ', "g"),
    ('ī', "i"),
    ('ı', "i"),
    ('ł', "l"),
    ('ń', "n"),
    ('ň', "n"),
    ('ō', "o"),
    ('ő', "o"),
    ('ř', "r"),
    ('ś', "s"),
    ('ş', "s"),
    ('š', "s"),
    ('ť', "t"),
    ('ū', "u"),
    ('ů', "u"),
    ('ű', "u"),
    ('ź', "z"),
    ('ż', "z"),
    ('ž', "z"),
];

/// A word as the index stores it: lowercase, accents folded (see [`fold`]), then definite,
/// plural and genitive endings folded by the stemmer subject detection uses
/// ([`crate::swedish::stem`]): `Regionavtalets` → `regionavtal`.
pub fn normalize(word: &str) -> String {
    let mut folded = fold(word);
    // A stem is a prefix of its word: cut the folded word in place rather than copy it.
    let stem = stem_slice(&folded).len();
    folded.truncate(stem);
    folded
}

/// Lowercase, with [`FOLD`] applied and combining accents dropped; a combining ring or
/// diaeresis on `a` or `o` (a decomposed å, ä, ö) makes the Swedish letter.
pub fn fold(word: &str) -> String {
    let lower = word.to_lowercase();
    if lower.is_ascii() {
        return lower;
    }
    let mut out = String::with_capacity(lower.len());
    for c in lower.chars() {
        match c {
            '\u{30a}' | '\u{308}' => {
                let composed = match (out.chars().last(), c) {
                    (Some('a'), '\u{30a}') => Some('å'),
                    (Some('a'), '\u{308}') => Some('ä'),
                    (Some('o'), '\u{308}') => Some('ö'),
                    _ => None,
                };
                if let Some(letter) = composed {
                    out.pop();
                    out.push(letter);
                }
            }
            '\u{300}'..='\u{36f}' => {}
            _ => match FOLD.binary_search_by(|(from, _)| from.cmp(&c)) {
                Ok(at) => out.push_str(FOLD[at].1),
                Err(_) => out.push(c),
            },
        }
    }
    out
}

/// The words of a text: runs of letters, and runs of digits (a case number `24RS11304` gives
/// `24`, `rs`, `11304`, as its printed variants do). Letters are what
/// [`char::is_alphanumeric`] accepts apart from the ASCII digits.
pub fn words(text: &str) -> Words<'_> {
    Words { text, at: 0 }
}

/// The iterator of [`words`]; it reads ASCII a byte at a time and decodes only other
/// characters.
pub struct Words<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let bytes = self.text.as_bytes();
        let mut at = self.at;
        loop {
            let byte = *bytes.get(at)?;
            if byte.is_ascii_alphanumeric() || (!byte.is_ascii() && self.letter_at(at).is_some()) {
                break;
            }
            at += utf8_width(byte);
        }
        let start = at;
        if bytes[at].is_ascii_digit() {
            at += count_while(&bytes[at..], u8::is_ascii_digit);
        } else {
            loop {
                at += count_while(&bytes[at..], u8::is_ascii_alphabetic);
                match self.letter_at(at) {
                    Some(width) => at += width,
                    _ => break,
                }
            }
        }
        self.at = at;
        Some(&self.text[start..at])
    }
}

/// How many bytes at the start of `bytes` pass `test`.
fn count_while(bytes: &[u8], test: impl Fn(&u8) -> bool) -> usize {
    bytes.iter().take_while(|b| test(b)).count()
}

impl Words<'_> {
    /// The width of the letter at byte `at`, if a letter (not an ASCII digit) starts there.
    fn letter_at(&self, at: usize) -> Option<usize> {
        let byte = *self.text.as_bytes().get(at)?;
        if byte.is_ascii() {
            return byte.is_ascii_alphabetic().then_some(1);
        }
        let c = self.text[at..].chars().next()?;
        is_word_char(c).then_some(c.len_utf8())
    }
}

/// The length of the UTF-8 character that starts with `first`.
fn utf8_width(first: u8) -> usize {
    match first {
        0..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
}

/// Which dictionary file holds `term`: FNV-1a over the UTF-16 units of its first three
/// characters (what JavaScript's `charCodeAt` sees), modulo the number of files. Terms that
/// share their first three letters share a file, so a prefix is looked up in one file.
pub fn bucket_of(term: &str, buckets: usize) -> usize {
    let mut hash: u32 = 0x811c_9dc5;
    let mut units = [0u16; 2];
    for c in term.chars().take(3) {
        for unit in c.encode_utf16(&mut units) {
            hash ^= u32::from(*unit);
            hash = hash.wrapping_mul(0x0100_0193);
        }
    }
    hash as usize % buckets
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_table_is_sorted_for_binary_search() {
        assert!(FOLD.windows(2).all(|w| w[0].0 < w[1].0));
    }

    /// The same pairs are asserted of `search.js` in tests/browser/check.mjs.
    pub const FOLDED: &[(&str, &str)] = &[
        ("Regionavtalet", "regionavtal"),
        ("nämnderna", "nämnd"),
        ("ÅRSREDOVISNINGEN", "årsredovisning"),
        ("Zürich", "zurich"),
        ("Café", "caf"),
        ("Ørsted", "örsted"),
        ("Mæland", "mäland"),
        ("a\u{30a}tgärd", "åtgärd"),
        ("o\u{308}versyn", "översyn"),
        ("e\u{301}tude", "etud"),
        ("Straße", "strass"),
        ("Łódź", "lodz"),
        ("İzmir", "izmir"),
        ("2020", "2020"),
    ];

    #[test]
    fn swedish_endings_case_and_accents_fold() {
        for (word, term) in FOLDED {
            assert_eq!(normalize(word), *term, "{word}");
        }
        assert_eq!(normalize("nämnden"), "nämnd");
        assert_eq!(normalize("nämnder"), "nämnd");
        assert_eq!(normalize("besluten"), "beslut");
        assert_eq!(normalize("regionerna"), "region");
        assert_eq!(normalize("Regionavtalets"), "regionavtal");
        assert_eq!(normalize("q3"), "q3");
        // Too short to fold.
        assert_eq!(normalize("den"), "den");
        assert_eq!(normalize("var"), "var");
    }

    /// Words for the stemmer in both languages: inflected and genitive forms, words where a
    /// rule must not apply, codes, short words, decomposed å/ä/ö, accents, other scripts.
    const STEM_WORDS: &[&str] = &[
        "Regionavtalet",
        "regionavtalen",
        "regionavtals",
        "regionavtalets",
        "avtalet",
        "nämnderna",
        "nämndens",
        "planerna",
        "bilarna",
        "skolorna",
        "ärendena",
        "ärendet",
        "ärende",
        "möte",
        "mötet",
        "mötena",
        "budget",
        "budgeten",
        "budgetens",
        "kompletteringar",
        "planer",
        "skolor",
        "plan",
        "planen",
        "mars",
        "kurs",
        "nus",
        "fvis",
        "status",
        "kris",
        "process",
        "processens",
        "sfs",
        "Kommunstyrelsens",
        "q3",
        "Q3s",
        "opf-kl18",
        "2025",
        "2025s",
        "24rs11304",
        "a",
        "s",
        "e",
        "en",
        "ett",
        "den",
        "var",
        "",
        "ås",
        "åren",
        "byggnadsnämnden",
        "a\u{30a}tgärd",
        "o\u{308}versyn",
        "a\u{308}renden",
        "e\u{301}tude",
        "Café",
        "Cafés",
        "Zürich",
        "Ørsted",
        "Mæland",
        "Straße",
        "Łódź",
        "İzmir",
        "Müllers",
        "ÅRSREDOVISNINGEN",
        "Årsredovisningarnas",
        "idé",
        "idéer",
        "ΣΑΣ",
        "中文",
        "x²y",
        "naïve",
        "rhytm",
        "krs",
        "strs",
        "prxs",
        "ngrna",
    ];

    /// `search.js` folds a query exactly as [`normalize`] folds the index: both run on one
    /// word list. Skips, saying so, only where `node` is not installed (CI has it).
    #[test]
    fn search_js_normalizes_as_rust_does() {
        use std::io::Write;
        use std::process::{Command, Stdio};
        let script = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/themes/default/static/search.js"
        );
        // search.js exports its functions on `window` and stops where the page has no search
        // form (`getElementById` gives null).
        let js = format!(
            "globalThis.window = {{}}; globalThis.document = {{ getElementById: () => null }};
             eval(require('fs').readFileSync({script:?}, 'utf8'));
             let input = ''; process.stdin.on('data', (d) => input += d);
             process.stdin.on('end', () => console.log(JSON.stringify(
               JSON.parse(input).map(window.diariumSearch.normalize))));"
        );
        let child = Command::new("node")
            .args(["-e", &js])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn();
        let mut child = match child {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                eprintln!("SKIPPED search_js_normalizes_as_rust_does: `node` is not installed");
                return;
            }
            other => other.expect("run node"),
        };
        let words = serde_json::to_string(STEM_WORDS).unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(words.as_bytes())
            .unwrap();
        let out = child.wait_with_output().expect("node runs");
        assert!(out.status.success(), "node failed on search.js");
        let js: Vec<String> = serde_json::from_slice(&out.stdout).expect("node prints JSON");
        let rust: Vec<String> = STEM_WORDS.iter().map(|w| normalize(w)).collect();
        for ((word, r), j) in STEM_WORDS.iter().zip(&rust).zip(&js) {
            assert_eq!(r, j, "{word:?}: Rust {r:?}, search.js {j:?}");
        }
        assert_eq!(rust.len(), js.len());
    }

    #[test]
    fn words_split_letters_from_digits() {
        let w: Vec<&str> = words("RS 2273–2024, 24RS11304 Åsa-Öberg").collect();
        assert_eq!(
            w,
            ["RS", "2273", "2024", "24", "RS", "11304", "Åsa", "Öberg"]
        );
    }

    /// The tokenizer as first written (a `find` per word), to hold the fast one to.
    fn words_by_find(text: &str) -> Vec<&str> {
        let mut rest = text;
        let mut out = Vec::new();
        while let Some(start) = rest.find(|c: char| c.is_alphanumeric()) {
            rest = &rest[start..];
            let digit = rest.starts_with(|c: char| c.is_ascii_digit());
            let end = rest
                .find(|c: char| !c.is_alphanumeric() || c.is_ascii_digit() != digit)
                .unwrap_or(rest.len());
            out.push(&rest[..end]);
            rest = &rest[end..];
        }
        out
    }

    #[test]
    fn words_agree_with_the_plain_definition() {
        let texts = [
            "",
            "   ",
            "RS 2273–2024, 24RS11304 Åsa-Öberg",
            "x²y 1½ ٣٤5 ª µ º naïve × ÷ İstanbul ΣΑΣ 𝔘nicode 中文 e\u{301}",
            "§ 229 Uppsägning av regionavtalet (SD). Slut",
            "abc123def4",
        ];
        for text in texts {
            assert_eq!(
                words(text).collect::<Vec<_>>(),
                words_by_find(text),
                "{text}"
            );
        }
        for c in (0..0x3000u32).filter_map(char::from_u32) {
            let text = format!("a{c}1{c}b {c}");
            assert_eq!(
                words(&text).collect::<Vec<_>>(),
                words_by_find(&text),
                "{c:?}"
            );
        }
    }

    #[test]
    fn buckets_match_the_javascript_hash() {
        // The same values are asserted of search.js in tests/browser/check.mjs.
        assert_eq!(bucket_of("regionavtal", 1 << 20), 296341);
        assert_eq!(bucket_of("nämnd", 1 << 20), 583302);
        assert_eq!(bucket_of("öl", 1 << 20), 823103);
    }
}
