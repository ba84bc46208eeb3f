//! Likely merges, said as warnings and never made: two people whose names differ only in
//! case, spacing, punctuation or diacritics (`Åsa Berg`, `Asa  Berg`), or who share a surname,
//! the first letter of the first name and a party (`A. Berg (S)`, `Anna Berg (S)`). The
//! registrar decides, by editing the registry.

use crate::diag::Diagnostic;
use crate::slug::slugify;
use std::collections::BTreeMap;
use std::path::Path;

/// A person as the suggestions see them.
pub struct Candidate<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub party: Option<&'a str>,
    /// The registry line of the person's entry; 0 for a person not in it.
    pub line: usize,
}

/// One warning per group of people that may be one, at the registry's `path`.
pub fn merges(path: &Path, people: &[Candidate<'_>]) -> Vec<Diagnostic> {
    let mut groups: BTreeMap<(u8, String), Vec<usize>> = BTreeMap::new();
    for (i, p) in people.iter().enumerate() {
        groups.entry((0, slugify(p.name))).or_default().push(i);
        if let Some(k) = initial_key(p) {
            groups.entry((1, k)).or_default().push(i);
        }
    }
    let mut said: Vec<Vec<usize>> = Vec::new();
    let mut out = Vec::new();
    for (_, group) in groups {
        if group.len() < 2 || said.contains(&group) {
            continue;
        }
        let names: Vec<String> = group
            .iter()
            .map(|&i| format!("`{}` ({})", people[i].name, people[i].id))
            .collect();
        let line = group.iter().map(|&i| people[i].line).max().unwrap_or(0);
        out.push(
            Diagnostic::warning(path, format!("{} may be one person", names.join(" and ")))
                .at(line, usize::from(line > 0))
                .hint("if so, move the other names into one entry's `spellings` and delete the rest; if not, nothing needs doing"),
        );
        said.push(group);
    }
    out
}

/// Surname, first letter of the first name and party: `berg/a/S`; none without a party or
/// a first name.
fn initial_key(p: &Candidate<'_>) -> Option<String> {
    let party = p.party?;
    let words: Vec<String> = p.name.split_whitespace().map(slugify).collect();
    let (first, last) = (words.first()?, words.last()?);
    if words.len() < 2 || first.is_empty() || last.is_empty() {
        return None;
    }
    Some(format!("{last}/{}/{party}", &first[..1]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn who<'a>(id: &'a str, name: &'a str, party: Option<&'a str>) -> Candidate<'a> {
        Candidate {
            id,
            name,
            party,
            line: 0,
        }
    }

    #[test]
    fn folded_names_and_initials_with_one_party_are_suggested_once() {
        let people = [
            who("asa-berg", "Åsa Berg", Some("S")),
            who("asa-berg-2", "Asa  berg", Some("S")),
            who("a-lund", "A. Lund", Some("M")),
            who("anna-lund", "Anna Lund", Some("M")),
            who("anders-lund", "Anders Lund", Some("V")),
            who("olle-ek", "Olle Ek", None),
        ];
        let got: Vec<String> = merges(Path::new("people.yaml"), &people)
            .into_iter()
            .map(|d| d.message)
            .collect();
        assert_eq!(
            got,
            [
                "`Åsa Berg` (asa-berg) and `Asa  berg` (asa-berg-2) may be one person",
                "`A. Lund` (a-lund) and `Anna Lund` (anna-lund) may be one person",
            ]
        );
    }
}
