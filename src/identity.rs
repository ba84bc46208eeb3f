//! What makes two printed names one: characters that print as nothing are not part of a
//! name. PDF extraction and copy-paste leave zero-width spaces, joiners, word joiners, byte
//! order marks and soft hyphens inside words, so `Anna\u{200b} Berg (S)` and `Anna Berg (S)`
//! must be one person, `RS 2273\u{ad}-2024` one case, `Region\u{200b}avtal` one subject.
//! People, parties, case numbers and subjects fold their names here before comparing them.

use std::borrow::Cow;

/// Characters that print as nothing and carry no letter.
const INVISIBLE: [char; 6] = [
    '\u{00ad}', // soft hyphen
    '\u{200b}', // zero width space
    '\u{200c}', // zero width non-joiner
    '\u{200d}', // zero width joiner
    '\u{2060}', // word joiner
    '\u{feff}', // zero width no-break space (byte order mark)
];

/// `text` without its invisible characters; borrowed when it has none (the common case, found
/// by one scan).
pub fn fold(text: &str) -> Cow<'_, str> {
    if text.contains(INVISIBLE) {
        Cow::Owned(text.chars().filter(|c| !INVISIBLE.contains(c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_fold_out_of_names() {
        assert_eq!(fold("Anna\u{200b} Berg (S)"), "Anna Berg (S)");
        assert_eq!(
            fold("\u{feff}Anna\u{2060}\u{200c}\u{200d} Berg\u{ad}"),
            "Anna Berg"
        );
        assert!(matches!(fold("Åsa Bellander (M)"), Cow::Borrowed(_)));
    }
}
