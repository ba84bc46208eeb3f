//! Sections of an item: the document's own headings, recognized from a vocabulary shared by
//! Swedish minutes of every house style.
//!
//! ```text
//! Sammanfattning          ## Sammanfattning
//! Beslut:                 ## Beslut              (a trailing colon is dropped)
//!  Förslag till beslut    ## Förslag till beslut (leading space from a page break)
//! ```

use super::doc::Line;
use regex::Regex;
use std::sync::LazyLock;

/// Headings of a paragraph's sections, lowercase.
const HEADINGS: &[&str] = &[
    "sammanfattning",
    "ärendebeskrivning",
    "ärendet i korthet",
    "beskrivning av ärendet",
    "bakgrund",
    "förvaltningens bedömning",
    "bedömning",
    "synpunkter",
    "förslag till beslut",
    "förslag till beslut under sammanträdet",
    "yrkande",
    "yrkanden",
    "beslutsgång",
    "propositionsordning",
    "proposition",
    "omröstning",
    "omröstningsresultat",
    "beslut",
    "reservation",
    "reservationer",
    "protokollsanteckning",
    "protokollsanteckningar",
    "särskilt yttrande",
    "jäv",
    "deltar ej i beslutet",
    "beslutsunderlag",
    "handlingar",
    "delges",
    "expedieras",
    "beslutet skickas till",
    "beredning",
    "delegeringsbeslut",
    "delegationsbeslut",
    "anmälningar",
    "ekonomiska konsekvenser",
    "motivering",
];

/// Sections whose lines are a list: one entry per line or bullet.
const LIST_SECTIONS: &[&str] = &[
    "beslutsunderlag",
    "handlingar",
    "delges",
    "expedieras",
    "beslutet skickas till",
    "delegeringsbeslut",
    "delegationsbeslut",
    "anmälningar",
    "ärendet i korthet",
    "beredning",
];

/// A heading line's name as printed (without colon), when the line is a section heading.
pub fn heading(t: &str) -> Option<&str> {
    let name = t.trim().trim_end_matches(':').trim_end();
    (HEADINGS.contains(&name.to_lowercase().as_str()) || BODY_DECISION.is_match(name))
        .then_some(name)
}

/// `Kommunstyrelsens beslut`, `Arbetsutskottets förslag till beslut`: a body's decision.
static BODY_DECISION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\p{Lu}\p{Ll}*(?:styrelsens|nämndens|fullmäktiges|utskottets|beredningens)\s+(beslut|förslag till beslut)$").unwrap()
});

/// The vocabulary name of a heading: `Kommunstyrelsens beslut` → `beslut`.
pub fn canonical(name: &str) -> String {
    match BODY_DECISION.captures(name) {
        Some(c) => c[1].to_string(),
        None => name.to_lowercase(),
    }
}

pub fn is_list_section(name: &str) -> bool {
    LIST_SECTIONS.contains(&name.to_lowercase().as_str())
}

/// A section: its heading (None for the text before the first heading) and its lines.
#[derive(Debug, Clone)]
pub struct Section {
    pub heading: Option<String>,
    pub lines: Vec<Line>,
}

impl Section {
    /// True when the heading is `name` (case-insensitive).
    pub fn is(&self, name: &str) -> bool {
        self.heading
            .as_deref()
            .is_some_and(|h| canonical(h) == name.to_lowercase())
    }
    pub fn text(&self) -> String {
        self.lines
            .iter()
            .map(|l| l.trimmed())
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Splits an item's lines at its section headings.
pub fn split(lines: &[Line]) -> Vec<Section> {
    let mut out = vec![Section {
        heading: None,
        lines: Vec::new(),
    }];
    let mut i = 0;
    while i < lines.len() {
        let (name, used) = heading_at(lines, i);
        match name {
            Some(name) => out.push(Section {
                heading: Some(capitalized(&name)),
                lines: Vec::new(),
            }),
            None => out.last_mut().unwrap().lines.push(lines[i].clone()),
        }
        i += used;
    }
    out
}

/// A heading on line `i`, or split over lines `i` and `i + 1` (`Förslag till beslut under` /
/// `sammanträdet`); returns it and the number of lines it takes.
fn heading_at(lines: &[Line], i: usize) -> (Option<String>, usize) {
    let t = lines[i].trimmed();
    if let Some(name) = heading(t) {
        let two = lines.get(i + 1).map(|n| format!("{t} {}", n.trimmed()));
        if let Some(longer) = two.as_deref().and_then(heading) {
            return (Some(longer.to_string()), 2);
        }
        return (Some(name.to_string()), 1);
    }
    match lines.get(i + 1) {
        Some(next) if !t.is_empty() && !next.is_blank() => {
            let joined = format!("{t} {}", next.trimmed());
            match heading(&joined) {
                Some(name) => (Some(name.to_string()), 2),
                None => (None, 1),
            }
        }
        _ => (None, 1),
    }
}

/// `BESLUT` → `Beslut`; `Beslut` stays.
fn capitalized(name: &str) -> String {
    if name.chars().any(char::is_lowercase) {
        return name.to_string();
    }
    super::doc::upper_first(&name.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::doc::lines_of;

    #[test]
    fn headings_with_colon_space_and_case() {
        assert_eq!(heading("Beslut: "), Some("Beslut"));
        assert_eq!(heading(" Förslag till beslut"), Some("Förslag till beslut"));
        assert_eq!(heading("Beslut om budget"), None);
    }

    #[test]
    fn heading_split_over_two_lines() {
        let s = split(&lines_of(
            "Förslag till beslut under\nsammanträdet\nX (M) yrkar.",
        ));
        assert_eq!(
            s[1].heading.as_deref(),
            Some("Förslag till beslut under sammanträdet")
        );
        assert_eq!(s[1].text(), "X (M) yrkar.");
    }

    #[test]
    fn split_keeps_lead_text() {
        let s = split(&lines_of(
            "Diarienummer: 1\nBESLUT\nText\nBeslutsunderlag\nA",
        ));
        let names: Vec<_> = s.iter().map(|s| s.heading.clone()).collect();
        assert_eq!(
            names,
            [None, Some("Beslut".into()), Some("Beslutsunderlag".into())]
        );
        assert_eq!(s[1].text(), "Text");
    }
}
