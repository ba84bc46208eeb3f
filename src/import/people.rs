//! People as printed in minutes, normalized to `Name (P)`.
//!
//! ```text
//! Nicklas Sandström (M), Åsa Ågren Wikström(M) och Malin Svensson (C) reserverar sig
//!   → ["Nicklas Sandström (M)", "Åsa Ågren Wikström (M)", "Malin Svensson (C)"]
//! Ordförande Anna Berg (S) yrkar ...      → ["Anna Berg (S)"]   (a role word is not a name)
//! ```

use regex::Regex;
use std::sync::LazyLock;

static WITH_PARTY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\p{Lu}[\p{L}'-]*(?:\s+\p{Lu}[\p{L}'-]*){1,3})\s*\((\p{Lu}{1,4})\)").unwrap()
});
static NAME_ONLY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\p{Lu}[\p{Ll}'-]+(?:\s+\p{Lu}[\p{L}'-]+){1,3}").unwrap());

/// Words that start a sentence or name a role, never a given name.
const NOT_NAMES: &[&str] = &[
    "Ordförande",
    "Ordföranden",
    "Vice",
    "Ledamot",
    "Ledamöter",
    "Ersättare",
    "Sekreterare",
    "Justerare",
    "Därefter",
    "Att",
    "Och",
];

/// Every `Name (P)` in `text`, in order, without repeats.
pub fn with_party(text: &str) -> Vec<String> {
    let text = text.replace('\n', " ");
    let mut out: Vec<String> = Vec::new();
    for m in WITH_PARTY.captures_iter(&text) {
        let name = strip_role_words(&m[1]);
        if name.split_whitespace().count() < 2 {
            continue;
        }
        let person = format!("{name} ({})", &m[2]);
        if !out.contains(&person) {
            out.push(person);
        }
    }
    out
}

fn strip_role_words(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let skip = words.iter().take_while(|w| NOT_NAMES.contains(w)).count();
    words[skip..].join(" ")
}

/// The leading name of a line such as `Åsa Bellander regiondirektör, digitalt`.
pub fn leading_name(t: &str) -> Option<&str> {
    let m = NAME_ONLY.find(t.trim())?;
    let first = m.as_str().split_whitespace().next()?;
    (!NOT_NAMES.contains(&first)).then_some(m.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parties_spacing_and_roles() {
        assert_eq!(
            with_party(
                "Nicklas Sandström (M), Åsa Ågren Wikström(M) och Malin Svensson\n(C) yrkar"
            ),
            [
                "Nicklas Sandström (M)",
                "Åsa Ågren Wikström (M)",
                "Malin Svensson (C)"
            ]
        );
        assert_eq!(
            with_party("Ordförande Anna Berg (S) yrkar"),
            ["Anna Berg (S)"]
        );
        assert!(with_party("Kontoret (bilaga A)").is_empty());
    }

    #[test]
    fn leading_names() {
        assert_eq!(
            leading_name("Åsa Bellander regiondirektör, digitalt"),
            Some("Åsa Bellander")
        );
        assert_eq!(leading_name("Inför sammanträdet lämnas"), None);
    }
}
