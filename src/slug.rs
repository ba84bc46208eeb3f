//! Slugs for URLs and file names, by the rule of DESIGN.md: lowercase ASCII, Swedish letters
//! folded (`å`,`ä`→`a`, `ö`→`o`), every run of other characters turned into one `-`.
//!
//! Hand-written rather than taken from a crate because the rule is the contract between import
//! (file names) and build (URLs): a transliteration table that changed under us would move
//! every page of every archive.

/// `Uppsägning av regionavtalet` → `uppsagning-av-regionavtalet`.
pub fn slugify(text: &str) -> String {
    // Invisible characters are no separators: `Anna\u{200b} Berg` is `anna-berg`, not
    // `anna--berg` nor a second person.
    let text = crate::identity::fold(text);
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

/// Makes the slugs of one kind of page (people, parties, subjects) non-empty and unique, in
/// order: an empty slug becomes `fallback`, and a slug an earlier one already has gets the
/// first `-2`, `-3`, … that no slug of the list has, so a name that is its own slug keeps it
/// (`Anna`, `Änna`, `Anna 2` → `anna`, `anna-3`, `anna-2`).
pub fn make_unique<'a>(slugs: impl IntoIterator<Item = &'a mut String>, fallback: &str) {
    let mut slugs: Vec<&mut String> = slugs.into_iter().collect();
    let claimed: std::collections::HashSet<String> = slugs.iter().map(|s| s.to_string()).collect();
    let mut used = std::collections::HashSet::new();
    for slug in slugs.iter_mut() {
        let empty = slug.is_empty();
        if empty {
            slug.push_str(fallback);
        }
        if used.contains(slug.as_str()) || (empty && claimed.contains(fallback)) {
            let free = (2..)
                .map(|n| format!("{slug}-{n}"))
                .find(|s| !claimed.contains(s) && !used.contains(s))
                .expect("an unused number");
            **slug = free;
        }
        used.insert(slug.to_string());
    }
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
    fn invisible_characters_do_not_change_a_slug() {
        assert_eq!(slugify("Anna\u{200b} Berg"), slugify("Anna Berg"));
        assert_eq!(slugify("Regi\u{ad}onavtal"), "regionavtal");
    }

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
    fn slugs_of_a_kind_are_made_non_empty_and_unique() {
        let mut slugs: Vec<String> = ["anna", "anna", "anna-2", "", "", "tema", "tema"]
            .map(String::from)
            .to_vec();
        make_unique(&mut slugs, "tema");
        assert_eq!(
            slugs,
            ["anna", "anna-3", "anna-2", "tema-2", "tema-3", "tema", "tema-4"]
        );
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
