//! Slugs for URLs and file names, by the rule of DESIGN.md: lowercase ASCII, Swedish letters
//! folded (`å`,`ä`→`a`, `ö`→`o`), every run of other characters turned into one `-`.
//!
//! Hand-written rather than taken from a crate because the rule is the contract between import
//! (file names) and build (URLs): a transliteration table that changed under us would move
//! every page of every archive.

/// `Uppsägning av regionavtalet` → `uppsagning-av-regionavtalet`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        match fold(c) {
            Some(ascii) => {
                if pending_dash && !out.is_empty() {
                    out.push('-');
                }
                pending_dash = false;
                out.push_str(ascii);
            }
            None => pending_dash = true,
        }
    }
    out
}

/// A slug cut to at most `max` bytes at a dash, so file names stay readable and short.
pub fn slugify_max(text: &str, max: usize) -> String {
    let full = slugify(text);
    if full.len() <= max {
        return full;
    }
    let cut = full[..max].rfind('-').unwrap_or(max);
    full[..cut].trim_end_matches('-').to_string()
}

/// The ASCII spelling of one lowercase character, or `None` for a separator.
fn fold(c: char) -> Option<&'static str> {
    const LETTERS: &str = "abcdefghijklmnopqrstuvwxyz0123456789";
    if c.is_ascii_alphanumeric() {
        let i = LETTERS.find(c)?;
        return Some(&LETTERS[i..i + 1]);
    }
    Some(match c {
        'å' | 'ä' | 'á' | 'à' | 'â' | 'ã' => "a",
        'ö' | 'ø' | 'ó' | 'ò' | 'ô' | 'õ' => "o",
        'é' | 'è' | 'ê' | 'ë' => "e",
        'ü' | 'ú' | 'ù' | 'û' => "u",
        'í' | 'ì' | 'î' | 'ï' => "i",
        'æ' => "ae",
        'ß' => "ss",
        'ç' => "c",
        'ñ' => "n",
        'ý' | 'ÿ' => "y",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn design_examples() {
        assert_eq!(slugify("Region Västerbotten"), "region-vasterbotten");
        assert_eq!(
            slugify("Regionstyrelsens arbetsutskott"),
            "regionstyrelsens-arbetsutskott"
        );
        assert_eq!(
            slugify("Uppsägning av regionavtalet"),
            "uppsagning-av-regionavtalet"
        );
        assert_eq!(slugify("Hälso- och sjukvård"), "halso-och-sjukvard");
    }

    #[test]
    fn separators_collapse_and_trim() {
        assert_eq!(
            slugify("  --Årsredovisning 2024!!  "),
            "arsredovisning-2024"
        );
        assert_eq!(slugify("../../etc/passwd"), "etc-passwd");
        assert_eq!(slugify("§§"), "");
    }

    #[test]
    fn cut_at_dash() {
        assert_eq!(slugify_max("abc def ghi", 9), "abc-def");
        assert_eq!(slugify_max("abc", 9), "abc");
    }
}
