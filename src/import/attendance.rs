//! The presence list and the people who ran the meeting.
//!
//! ```text
//! NÄRVARANDE / Beslutande / Ledamöter          a heading opens the list; sub-headings
//!  Roger Johansson (S) för Sara Nylund (S)     give the role (ledamot, ersättare, ...)
//!  Åsa Bellander regiondirektör, digitalt      name, role as printed, note after a comma
//! Ordförande: Anna Berg (S)                    labelled roles, anywhere in the preamble
//! Vid protokollet / Ann Christin Hamrén / ...  signatures: secretary, chair, adjusters
//! ```

use super::doc::Line;
use super::people;
use crate::model::Attendee;
use regex::Regex;
use std::sync::LazyLock;

static ADJUSTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:att utse\s+)?(\p{Lu}[\p{L}-]+(?:\s+\p{Lu}[\p{L}-]+){1,3}(?:\s*\(\p{Lu}{1,4}\))?)\s+(?:utses\s+(?:att|till)|att\s+jämte)").unwrap()
});

/// Headings that open or subdivide a presence list, and the role they give.
const LIST_HEADINGS: &[(&str, Option<&str>)] = &[
    ("närvarande", None),
    ("beslutande", Some("ledamot")),
    ("ledamöter", Some("ledamot")),
    ("beslutande ledamöter", Some("ledamot")),
    ("tjänstgörande ersättare", Some("tjänstgörande ersättare")),
    ("ersättare", Some("ersättare")),
    ("närvarande ersättare", Some("ersättare")),
    ("övriga", None),
    ("övriga närvarande", None),
    ("övriga deltagare", None),
    ("närvarande tjänstepersoner", None),
];

#[derive(Debug, Default, Clone, PartialEq)]
pub struct People {
    pub attendees: Vec<Attendee>,
    pub chair: Option<String>,
    pub secretary: Option<String>,
    pub adjusters: Vec<String>,
}

/// Reads the presence list and labelled roles from the preamble.
pub fn read(preamble: &[Line]) -> People {
    let mut p = People::default();
    let mut role: Option<Option<&str>> = None;
    for line in preamble {
        let t = line.trimmed();
        if t.is_empty() {
            continue;
        }
        if let Some(r) = list_heading(t) {
            role = Some(r);
        } else if labelled(t, &mut p) {
        } else if let Some(r) = role {
            match attendee(t, r) {
                Some(a) => p.attendees.push(a),
                None => role = None,
            }
        }
    }
    p.chair = p.chair.or_else(|| with_role(&p.attendees, "ordförande"));
    p.secretary = p
        .secretary
        .or_else(|| with_role(&p.attendees, "sekreterare"));
    p
}

fn list_heading(t: &str) -> Option<Option<&'static str>> {
    let key = t.trim_end_matches(':').trim().to_lowercase();
    LIST_HEADINGS
        .iter()
        .find(|(h, _)| *h == key)
        .map(|(_, r)| *r)
}

/// `Ordförande: Anna Berg (S)`, `Sekreterare: ...`, `Justerare: A (M), B (S)`.
fn labelled(t: &str, p: &mut People) -> bool {
    let Some((label, value)) = t.split_once(':') else {
        return false;
    };
    let value = value.trim();
    let names = || {
        let found = people::with_party(value);
        if found.is_empty() {
            people::leading_name(value)
                .map(str::to_string)
                .into_iter()
                .collect()
        } else {
            found
        }
    };
    match label.trim().to_lowercase().as_str() {
        "ordförande" => p.chair = names().into_iter().next(),
        "sekreterare" => p.secretary = names().into_iter().next(),
        "justerare" | "justerande" | "justeras av" => p.adjusters = names(),
        _ => return false,
    }
    true
}

/// One presence line: name, party, role words, and a note.
fn attendee(t: &str, default_role: Option<&str>) -> Option<Attendee> {
    let t = t.trim_start_matches(['\u{f0b7}', '•', '-']).trim();
    let name = people::leading_name(t)?;
    let mut rest = t[name.len()..].trim();
    let mut party = None;
    if let Some(r) = rest.strip_prefix('(') {
        let (p, after) = r.split_once(')')?;
        party = Some(p.trim().to_string());
        rest = after.trim();
    }
    let (role_words, note) = split_note(rest);
    Some(Attendee {
        name: name.to_string(),
        party,
        role: role_words.or(default_role.map(str::to_string)),
        note,
    })
}

/// `regiondirektör, digitalt` → role `regiondirektör`, note `digitalt`; `för X (S)` is a note.
fn split_note(rest: &str) -> (Option<String>, Option<String>) {
    let rest = rest.trim().trim_start_matches(',').trim();
    if rest.is_empty() {
        return (None, None);
    }
    if rest.starts_with("för ") || rest.starts_with("§") {
        return (None, Some(rest.to_string()));
    }
    match rest.split_once(',') {
        Some((role, note)) => (
            Some(role.trim().to_string()),
            Some(note.trim().to_string()).filter(|n| !n.is_empty()),
        ),
        None => (Some(rest.to_string()), None),
    }
}

fn with_role(attendees: &[Attendee], role: &str) -> Option<String> {
    let a = attendees.iter().find(|a| {
        a.role
            .as_deref()
            .is_some_and(|r| r.eq_ignore_ascii_case(role))
    })?;
    Some(match &a.party {
        Some(p) => format!("{} ({p})", a.name),
        None => a.name.clone(),
    })
}

/// Adjusters named in the text of the `Val av justerare` item.
pub fn adjusters_in(text: &str) -> Vec<String> {
    // Line by line: a heading on the line above is not part of a name.
    text.lines()
        .flat_map(|l| {
            ADJUSTER
                .captures_iter(l)
                .map(|c| c[1].split_whitespace().collect::<Vec<_>>().join(" "))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The signature block's names: secretary first, then the chair, then the adjusters, the
/// order Swedish protocols print them in.
pub fn signatures(lines: &[Line]) -> Vec<String> {
    lines
        .iter()
        .map(Line::trimmed)
        .filter_map(|t| people::leading_name(t).filter(|n| n.len() == t.len()))
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::doc::lines_of;

    #[test]
    fn presence_list_with_roles_and_notes() {
        let p = read(&lines_of("NÄRVARANDE\nLedamöter\n Roger Johansson (S) för Sara Nylund (S)\n Åsa Bellander regiondirektör, digitalt\n Ann Christin Hamrén sekreterare\n\nInför sammanträdet lämnas följande:"));
        assert_eq!(p.attendees.len(), 3);
        assert_eq!(p.attendees[0].party.as_deref(), Some("S"));
        assert_eq!(p.attendees[0].note.as_deref(), Some("för Sara Nylund (S)"));
        assert_eq!(p.attendees[1].role.as_deref(), Some("regiondirektör"));
        assert_eq!(p.attendees[1].note.as_deref(), Some("digitalt"));
        assert_eq!(p.secretary.as_deref(), Some("Ann Christin Hamrén"));
    }

    #[test]
    fn adjusters_from_text() {
        assert_eq!(
            adjusters_in("att utse Martin Andersson att jämte ordföranden justera"),
            ["Martin Andersson"]
        );
        assert_eq!(
            adjusters_in("Nicklas Sandström (M) utses att justera"),
            ["Nicklas Sandström (M)"]
        );
    }
}
