//! Item fields read from the text of its sections: outcome, motions, votes, reservations,
//! protocol notes, abstentions, jäv, attachments and recipients.
//!
//! ```text
//! Beslut                                                   outcome:
//! Arbetsutskottet föreslår att regionstyrelsen beslutar      {kind: proposed, to: Regionstyrelsen}
//! Informationen noteras.                                     noted
//! Förslag till beslut under sammanträdet / Yrkande         motions: [{by, text}]
//! Nicklas Sandström (M) ... yrkar; I första hand ...
//! Reservationer: X (M) och Y (C) reserverar sig ...        reservations: [{by, text}]
//! Omröstning: ... 31 ja-röster och 30 nej-röster           votes: [{yes: 31, no: 30}]
//! ```

use super::doc::Line;
use super::people;
use super::reflow::{blocks, Block, Flow};
use super::sections::{canonical, Section};
use crate::model::{MeetingKind, Motion, Outcome, OutcomeKind, Statement, Vote};
use regex::Regex;
use std::sync::LazyLock;

static PROPOSED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:föreslår\s+(?:att\s+)?(\p{L}+?)s?\s+beslutar|förslag\s+till\s+(\p{L}+?)s?\s+beslut\b)").unwrap()
});
static NOTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)informationen\s+(?:noteras|är\s+delgiven|läggs\s+till\s+handlingarna)|lägga\s+(?:informationen|redovisningen|rapporten)\s+till\s+handlingarna|noteras\s+(?:till\s+protokollet|och\s+läggs\s+till\s+handlingarna)|läggs\s+till\s+handlingarna").unwrap()
});
static REFERRED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?:ärendet|att)\s+återremitter").unwrap());
static POSTPONED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)bordl[äa]gg").unwrap());
static REJECTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:att\s+)?avslå|\bavslås\b").unwrap());
static DECIDES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b\p{L}+\s+beslutar\b|\bbeslutade\b").unwrap());
static MOVES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:yrkar|föreslår|tilläggsyrkar)\b").unwrap());
static YRKAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\byrkar\b").unwrap());
static SUPPORTS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)ställer\s+sig\s+bakom|instämmer|biträder").unwrap());
static YES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(\d+)\s+ja(?:-?röster)?\b|\bja(?:-?röster)?\s*[:=]\s*(\d+)").unwrap()
});
static NO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(\d+)\s+nej(?:-?röster)?\b|\bnej(?:-?röster)?\s*[:=]\s*(\d+)").unwrap()
});
static ABSTAIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(\d+)\s+(?:(?:ledamöter|ledamot|som)\s+)?(?:avstår|avstod|avstående)|\bavstår\s*[:=]\s*(\d+)").unwrap()
});

/// The section text that states the outcome: `Beslut`, or for a protocol without one, the
/// text before the first heading (`Finansutskottet beslutar att ...`).
pub fn outcome(sections: &[Section], kind: MeetingKind) -> Option<Outcome> {
    match kind {
        MeetingKind::Protokoll => decided(&decision_text(sections)?),
        MeetingKind::Dagordning => {
            let text = section_text(sections, "förslag till beslut")?;
            proposed_to(&text).map(|to| Outcome::new(OutcomeKind::Proposed, Some(to)))
        }
        MeetingKind::Rapport => None,
    }
}

fn decision_text(sections: &[Section]) -> Option<String> {
    section_text(sections, "beslut").or_else(|| {
        let lead = sections.first()?.text();
        DECIDES.is_match(&lead).then_some(lead)
    })
}

fn section_text(sections: &[Section], name: &str) -> Option<String> {
    let text: Vec<String> = sections
        .iter()
        .filter(|s| s.is(name))
        .map(Section::text)
        .collect();
    let text = text.join("\n");
    (!text.trim().is_empty()).then_some(text)
}

fn decided(text: &str) -> Option<Outcome> {
    let flat = text.replace('\n', " ");
    let kind = if REFERRED.is_match(&flat) {
        OutcomeKind::ReferredBack
    } else if let Some(to) = proposed_to(&flat) {
        return Some(Outcome::new(OutcomeKind::Proposed, Some(to)));
    } else if POSTPONED.is_match(&flat) {
        OutcomeKind::Postponed
    } else if NOTED.is_match(&flat) {
        OutcomeKind::Noted
    } else if REJECTED.is_match(flat.trim()) {
        OutcomeKind::Rejected
    } else {
        OutcomeKind::Decided
    };
    Some(Outcome::new(kind, None))
}

/// `... föreslår att regionstyrelsen beslutar` → `Regionstyrelsen`.
pub fn proposed_to(text: &str) -> Option<String> {
    let flat = text.replace('\n', " ");
    let m = PROPOSED.captures(&flat)?;
    let word = m.get(1).or(m.get(2))?.as_str();
    Some(super::doc::upper_first(word))
}

fn section_blocks<'a>(
    sections: &'a [Section],
    names: &'a [&str],
    flow: Flow,
) -> impl Iterator<Item = Block> + 'a {
    sections
        .iter()
        .filter(|s| names.iter().any(|n| s.is(n)))
        .flat_map(move |s| blocks(&s.lines, flow, false))
}

/// Yrkanden: a paragraph with `yrkar` opens a motion by the people named before the verb;
/// `ställer sig bakom` adds supporters; other paragraphs and bullets continue the motion.
pub fn motions(sections: &[Section], flow: Flow) -> Vec<Motion> {
    let mut out: Vec<Motion> = Vec::new();
    for s in sections {
        // In `Förslag till beslut` only `yrkar` opens a motion: there `föreslår` is the
        // committee's own proposal, not a member's.
        let opens: &Regex = match s.heading.as_deref().map(canonical).as_deref() {
            Some("yrkande" | "yrkanden" | "förslag till beslut under sammanträdet") => &MOVES,
            Some("förslag till beslut") => &YRKAR,
            _ => continue,
        };
        let start = out.len();
        for b in blocks(&s.lines, flow, false) {
            for t in sentences(b.text()) {
                motion_sentence(&mut out, start, t, opens);
            }
        }
    }
    out
}

/// Adds one sentence: a new motion, supporters of the last one, or more of its text.
fn motion_sentence(out: &mut Vec<Motion>, start: usize, t: &str, opens: &Regex) {
    let open = out.len() > start;
    if SUPPORTS.is_match(t) && open {
        let by = people::with_party(&t[..SUPPORTS.find(t).unwrap().start()]);
        out.last_mut().unwrap().by.extend(by);
    } else if let Some(m) = opens.find(t) {
        let text = t[m.end()..].trim_start_matches([';', ':', ',', ' ']);
        out.push(Motion {
            by: movers(&t[..m.start()]),
            text: what_is_moved(text).to_string(),
        });
    } else if let Some(last) = out.last_mut().filter(|_| open) {
        if !last.text.is_empty() {
            last.text.push(' ');
        }
        last.text.push_str(t);
    }
}

/// What a motion moves, without the preposition of `yrka på`: `yrkar på följande ändringar`
/// moves `följande ändringar` (as `yrkar bifall` moves `bifall`); shown after the mover's
/// name, a leading `på` read as a cut sentence (`Ordförande: på följande ändringar`).
fn what_is_moved(text: &str) -> &str {
    match text.split_once(' ') {
        Some((first, rest)) if first.eq_ignore_ascii_case("på") => rest.trim_start(),
        _ => text,
    }
}

/// Splits text after `.`, `!` or `?` followed by a capitalized word.
fn sentences(t: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes: Vec<(usize, char)> = t.char_indices().collect();
    for w in bytes.windows(3) {
        let ((_, a), (_, b), (k, c)) = (w[0], w[1], w[2]);
        if ".!?".contains(a) && b == ' ' && c.is_uppercase() {
            out.push(t[start..k].trim());
            start = k;
        }
    }
    out.push(t[start..].trim());
    out
}

fn movers(before: &str) -> Vec<String> {
    let by = people::with_party(before);
    if !by.is_empty() {
        return by;
    }
    let who = before.trim().trim_end_matches(',').trim();
    if who.is_empty() {
        Vec::new()
    } else {
        vec![who.to_string()]
    }
}

/// Statements of a section (reservations, protokollsanteckningar): one per paragraph.
pub fn statements(sections: &[Section], names: &[&str], flow: Flow) -> Vec<Statement> {
    let mut out: Vec<Statement> = Vec::new();
    for block in section_blocks(sections, names, flow) {
        let by = people::with_party(block.text());
        match out.last_mut() {
            Some(last) if by.is_empty() => {
                let text = last.text.get_or_insert_with(String::new);
                text.push(' ');
                text.push_str(block.text());
            }
            _ => out.push(Statement {
                by,
                text: Some(block.text().to_string()),
            }),
        }
    }
    out
}

/// People named in a section (`Deltar ej i beslutet`, `Jäv`), or its leading names.
pub fn named(sections: &[Section], names: &[&str], flow: Flow) -> Vec<String> {
    let mut out = Vec::new();
    for block in section_blocks(sections, names, flow) {
        let found = people::with_party(block.text());
        if found.is_empty() {
            out.extend(people::leading_name(block.text()).map(str::to_string));
        }
        out.extend(found);
    }
    out.dedup();
    out
}

/// Entries of a list section (Beslutsunderlag, Delges): one per bullet or line group.
pub fn entries(sections: &[Section], names: &[&str], flow: Flow) -> Vec<String> {
    sections
        .iter()
        .filter(|s| names.iter().any(|n| s.is(n)))
        .flat_map(|s| blocks(&s.lines, flow, true))
        .map(|b| b.text().to_string())
        .collect()
}

/// Omröstningar: counts of ja, nej and avstår in a vote section or a sentence that has them,
/// and the ballots printed anywhere in the item's `lines` (see [`super::ballots`]).
pub fn votes(sections: &[Section], lines: &[Line], flow: Flow) -> Vec<Vote> {
    let names = [
        "omröstning",
        "omröstningsresultat",
        "beslutsgång",
        "propositionsordning",
    ];
    let text: Vec<String> = section_blocks(sections, &names, flow)
        .map(|b| b.text().to_string())
        .collect();
    let text = text.join(" ");
    let counts = match (count(&YES, &text), count(&NO, &text)) {
        (Some(yes), Some(no)) => Some((yes, no, count(&ABSTAIN, &text).unwrap_or(0))),
        _ => None,
    };
    let described = Vote {
        question: sentence_with(&text, &["ja-röst ", "ja för", "röstar ja"]),
        result: sentence_with(
            &text,
            &["har beslutat", "beslutar enligt", "bifallit", "finner att"],
        ),
        ..Vote::counted(0, 0, 0)
    };
    super::ballots::votes(counts, described, super::ballots::read(lines))
}

fn count(re: &Regex, text: &str) -> Option<u32> {
    let m = re.captures(text)?;
    m.get(1).or(m.get(2))?.as_str().parse().ok()
}

/// The first sentence holding the first key that occurs at all: keys are in order of
/// preference (`har beslutat` names the result better than `finner att`).
fn sentence_with(text: &str, keys: &[&str]) -> Option<String> {
    let sentences: Vec<&str> = text.split_inclusive(['.', ';']).map(str::trim).collect();
    keys.iter().find_map(|k| {
        sentences
            .iter()
            .find(|s| s.to_lowercase().contains(k))
            .map(|s| s.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::doc::lines_of;
    use crate::import::sections::split;

    fn secs(text: &str) -> Vec<Section> {
        split(&lines_of(text))
    }
    const F: Flow = Flow { wrap: 50 };

    #[test]
    fn outcomes() {
        let o = |t: &str| {
            outcome(&secs(t), MeetingKind::Protokoll)
                .map(|o| (o.kind(), o.to().map(str::to_string)))
        };
        assert_eq!(
            o("Beslut\nArbetsutskottet föreslår att regionstyrelsens beslutar\nX."),
            Some((OutcomeKind::Proposed, Some("Regionstyrelsen".into())))
        );
        assert_eq!(
            o("Beslut\nInformationen noteras."),
            Some((OutcomeKind::Noted, None))
        );
        assert_eq!(
            o("Finansutskottet beslutar\natt utse Martin Andersson."),
            Some((OutcomeKind::Decided, None))
        );
        assert_eq!(
            o("Beslut\nÄrendet återremitteras till förvaltningen."),
            Some((OutcomeKind::ReferredBack, None))
        );
        let agenda = secs(
            "Förslag till beslut\nArbetsutskottets förslag till regionstyrelsens beslut\nGodkänns.",
        );
        assert_eq!(
            outcome(&agenda, MeetingKind::Dagordning).unwrap().to(),
            Some("Regionstyrelsen")
        );
    }

    #[test]
    fn motions_with_support() {
        let s = secs("Yrkande\nRoger Johansson (S) yrkar på en tilläggs att-sats.\nMartin Andersson (SD) ställer sig bakom Roger Johanssons (S) yrkande.");
        let m = motions(&s, F);
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].by, ["Roger Johansson (S)", "Martin Andersson (SD)"]);
        assert_eq!(m[0].text, "en tilläggs att-sats.");
    }

    /// Issue 14: `Ordförande yrkar på följande ändringar` read `Ordförande: på följande …`.
    #[test]
    fn a_motion_moves_what_follows_the_preposition() {
        let s = secs("Förslag till beslut\nOrdförande yrkar på följande ändringar i nämndplanen;\nAtt: posten utökas.");
        let m = motions(&s, F);
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].by, ["Ordförande"]);
        assert_eq!(
            m[0].text,
            "följande ändringar i nämndplanen; Att: posten utökas."
        );
    }

    #[test]
    fn votes_counted() {
        let s = secs("Omröstning\nJa-röst för bifall, nej-röst för avslag.\nJa: 31, Nej: 28, Avstår: 2.\nFullmäktige har beslutat bifalla förslaget.");
        let sentence = secs(
            "Omröstning\nMed 31 ja-röster mot 28 nej-röster och 2 som avstår bifalls förslaget.",
        );
        let v = &votes(&sentence, &[], F)[0];
        assert_eq!((v.yes, v.no, v.abstained), (31, 28, 2));
        let v = &votes(&s, &[], F)[0];
        assert_eq!((v.yes, v.no, v.abstained), (31, 28, 2));
        assert!(v.result.as_deref().unwrap().contains("har beslutat"));
    }
}
