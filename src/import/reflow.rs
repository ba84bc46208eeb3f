//! Re-flowing: the lines of extracted text into Markdown paragraphs and lists.
//!
//! ```text
//! Visselblåsar-             → Visselblåsarfunktionen   (hyphen at a line end, word joined)
//! funktionen
//! hälso-                    → hälso- och sjukvård      (a real hyphen before `och` stays)
//! och sjukvård
//!  Tjänsteskrivelse ...    → - Tjänsteskrivelse ...   (bullets of any glyph, or a glyph
//! • Rapport ...             → - Rapport ...             the extraction dropped: an indent)
//! 1.Kontant skobidrag       → 1. Kontant skobidrag     (numbered lists keep their numbers)
//! att fastställa ...        → its own paragraph        (att-clauses stay apart)
//! ```
//!
//! A line continues the paragraph above when that line ran to the right margin (it was
//! wrapped), or when it starts in lowercase (a sentence never does; a page break or a
//! stripped bullet glyph may have put a blank line in between).

use super::doc::Line;
use regex::Regex;
use std::sync::LazyLock;

static BULLET: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[\u{f0b7}\u{f0a7}•▪‣◦●○■□✓➢\-–*](?:\s+|(\p{Lu}))").unwrap());
static NUMBERED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2})[.)]\s*([^\d\s].*)$").unwrap());
static ATT_CLAUSE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:att|Att)[\s:]").unwrap());

/// Words before which a line-end hyphen is a real one (`hälso- och sjukvård`).
const CONJUNCTIONS: &[&str] = &["och", "eller", "samt", "till", "respektive", "som", "resp"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Para(String),
    Bullet(String),
    Numbered(String, String),
}

impl Block {
    pub fn text(&self) -> &str {
        match self {
            Block::Para(t) | Block::Bullet(t) | Block::Numbered(_, t) => t,
        }
    }
    fn text_mut(&mut self) -> &mut String {
        match self {
            Block::Para(t) | Block::Bullet(t) | Block::Numbered(_, t) => t,
        }
    }
}

/// How a document wraps its lines: a line at least `wrap` characters long was wrapped.
#[derive(Debug, Clone, Copy)]
pub struct Flow {
    pub wrap: usize,
}

impl Flow {
    /// Measures the right margin: 70% of the 90th percentile of line lengths.
    pub fn measure(lines: &[Line]) -> Flow {
        let mut lens: Vec<usize> = lines
            .iter()
            .map(|l| l.trimmed().chars().count())
            .filter(|n| *n > 0)
            .collect();
        lens.sort_unstable();
        let p90 = lens.get(lens.len() * 9 / 10).copied().unwrap_or(80);
        Flow {
            wrap: (p90 * 7 / 10).max(30),
        }
    }
}

/// Re-flows `lines` into blocks. `list` says whether the section is a list (Beslutsunderlag,
/// Delges, ...), where an indented line is a bullet even alone.
pub fn blocks(lines: &[Line], flow: Flow, list: bool) -> Vec<Block> {
    let indented = indent_marks(lines);
    let mut out: Vec<Block> = Vec::new();
    let mut prev: Option<String> = None;
    let mut blank_before = false;
    for (i, line) in lines.iter().enumerate() {
        // Runs of spaces are layout (column gaps), not text.
        let collapsed = line
            .trimmed()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let t = collapsed.as_str();
        if t.is_empty() {
            blank_before = true;
            continue;
        }
        let bullet_by_indent = indented[i] && (list || neighbour_indented(&indented, lines, i));
        // `... för` / `att kompletteras`: an att-clause cannot start mid-sentence.
        // (`...; samt` / `att ...` is the next clause of a list, though.)
        let mid_sentence = ATT_CLAUSE.is_match(t)
            && prev
                .as_deref()
                .is_some_and(|p| broken_off(p) && !p.ends_with(" samt") && !p.ends_with(" och"));
        match start_of(t, bullet_by_indent).filter(|_| !mid_sentence) {
            Some(block) => out.push(block),
            None if continues(prev.as_deref(), t, blank_before, flow, list) && !out.is_empty() => {
                join(out.last_mut().unwrap().text_mut(), t)
            }
            None if list => out.push(Block::Bullet(t.to_string())),
            None => out.push(Block::Para(t.to_string())),
        }
        prev = Some(t.to_string());
        blank_before = false;
    }
    out
}

fn indent_marks(lines: &[Line]) -> Vec<bool> {
    lines
        .iter()
        .map(|l| !l.is_blank() && l.text.starts_with([' ', '\t']))
        .collect()
}

fn neighbour_indented(indented: &[bool], lines: &[Line], i: usize) -> bool {
    let near = |j: usize| indented[j] && !lines[j].is_blank();
    let before = (i.saturating_sub(3)..i)
        .rev()
        .find(|j| !lines[*j].is_blank());
    let after = (i + 1..(i + 4).min(lines.len())).find(|j| !lines[*j].is_blank());
    before.is_some_and(near) || after.is_some_and(near)
}

/// The block a line opens, when it opens one by its own shape.
fn start_of(t: &str, bullet_by_indent: bool) -> Option<Block> {
    if let Some(m) = BULLET.captures(t) {
        let rest = match m.get(1) {
            Some(cap) => &t[cap.start()..],
            None => &t[m.get(0).unwrap().end()..],
        };
        return Some(Block::Bullet(rest.trim().to_string()));
    }
    if let Some(m) = NUMBERED.captures(t) {
        return Some(Block::Numbered(m[1].to_string(), m[2].trim().to_string()));
    }
    if ATT_CLAUSE.is_match(t) {
        return Some(Block::Para(t.to_string()));
    }
    let lower = t.chars().next().is_some_and(char::is_lowercase);
    (bullet_by_indent && !lower).then(|| Block::Bullet(t.to_string()))
}

/// In a list section a capitalized line opens the next entry unless the line above broke
/// off mid-phrase; elsewhere a line that reached the margin was wrapped.
fn continues(prev: Option<&str>, t: &str, blank_before: bool, flow: Flow, list: bool) -> bool {
    let Some(prev) = prev else { return false };
    let lower = t.chars().next().is_some_and(char::is_lowercase);
    if broken_off(prev) {
        return true;
    }
    if blank_before {
        return lower && !ends_sentence(prev);
    }
    lower || (!list && prev.chars().count() >= flow.wrap)
}

/// Words a line never ends on unless the sentence goes on.
const OPEN_ENDS: &[&str] = &[
    "till",
    "för",
    "av",
    "och",
    "i",
    "om",
    "med",
    "på",
    "samt",
    "inom",
    "från",
    "vid",
    "mot",
    "under",
    "över",
    "att",
    "som",
    "en",
    "ett",
    "den",
    "det",
    "de",
    "genom",
    "mellan",
    "efter",
    "enligt",
    "hos",
    "utan",
    "eller",
    "än",
    "per",
    "kring",
    "inför",
    "avseende",
    "gällande",
];

fn broken_off(prev: &str) -> bool {
    let last = prev.rsplit(' ').next().unwrap_or("");
    prev.ends_with(['-', '–', ',', '(']) && !prev.ends_with(" -") || OPEN_ENDS.contains(&last)
}

fn ends_sentence(t: &str) -> bool {
    t.ends_with(['.', '!', '?', ':'])
}

/// Joins a wrapped line onto a paragraph, undoing line-end hyphenation.
pub fn join(cur: &mut String, next: &str) {
    let next = next.trim();
    let ends_hyphen = cur.ends_with('-') && !cur.ends_with(" -");
    if ends_hyphen {
        let before: String = cur[..cur.len() - 1]
            .chars()
            .rev()
            .take_while(|c| c.is_alphanumeric())
            .collect();
        let first_word = next.split_whitespace().next().unwrap_or("");
        let lower = next.chars().next().is_some_and(char::is_lowercase);
        if CONJUNCTIONS.contains(&first_word) {
            cur.push(' ');
        } else if lower && is_word_part(&before) {
            cur.pop();
        }
        cur.push_str(next);
        return;
    }
    if cur.ends_with('–') || cur.ends_with('/') {
        cur.push_str(next);
        return;
    }
    cur.push(' ');
    cur.push_str(next);
}

/// A hyphenated stem that is a plain word part (`Visselblåsar`), not an abbreviation or
/// number (`e-`, `IT-`, `2025-`) whose hyphen belongs to the compound.
fn is_word_part(stem_reversed: &str) -> bool {
    let n = stem_reversed.chars().count();
    n >= 2
        && stem_reversed.chars().all(char::is_alphabetic)
        && !stem_reversed.chars().all(char::is_uppercase)
}

/// Renders blocks as Markdown; list items of one list stay together.
pub fn render(blocks: &[Block]) -> String {
    let mut out = String::new();
    let mut prev_list = false;
    for b in blocks {
        let is_list = !matches!(b, Block::Para(_));
        if !out.is_empty() {
            out.push_str(if is_list && prev_list { "\n" } else { "\n\n" });
        }
        match b {
            Block::Para(t) => out.push_str(t),
            Block::Bullet(t) => {
                out.push_str("- ");
                out.push_str(t);
            }
            Block::Numbered(n, t) => {
                out.push_str(n);
                out.push_str(". ");
                out.push_str(t);
            }
        }
        prev_list = is_list;
    }
    out
}

/// Convenience: lines straight to Markdown.
pub fn markdown(lines: &[Line], flow: Flow, list: bool) -> String {
    render(&blocks(lines, flow, list))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::doc::lines_of;

    fn md(text: &str) -> String {
        markdown(&lines_of(text), Flow { wrap: 40 }, false)
    }

    #[test]
    fn hyphenation_joined_real_hyphens_kept() {
        let long = "Region Västernorrland har sedan år 2018 en visselblåsar-";
        assert_eq!(
            md(&format!("{long}\nfunktion.")),
            format!("{}funktion.", &long[..long.len() - 1])
        );
        assert_eq!(
            md("Det gäller all vård inom hälso-\noch sjukvård."),
            "Det gäller all vård inom hälso- och sjukvård."
        );
        assert_eq!(
            md("Fler tjänster ska bli e-\ntjänster för alla."),
            "Fler tjänster ska bli e-tjänster för alla."
        );
        assert_eq!(
            md("Regionplanen gäller för 2025–\n2027 och framåt."),
            "Regionplanen gäller för 2025–2027 och framåt."
        );
    }

    #[test]
    fn short_lines_break_long_lines_wrap() {
        assert_eq!(
            md("Sammanfattning av målen\nTydlig fortsättning från 2024 års plan mot\nriktning."),
            "Sammanfattning av målen\n\nTydlig fortsättning från 2024 års plan mot riktning."
        );
    }

    #[test]
    fn bullets_of_any_glyph_and_stripped_glyphs() {
        assert_eq!(md("\u{f0b7} Ett\n• Två\n- Tre"), "- Ett\n- Två\n- Tre");
        assert_eq!(
            md(" Första punkten\n\n Andra punkten som\n\nfortsätter"),
            "- Första punkten\n- Andra punkten som fortsätter"
        );
        assert_eq!(md("-Tydliggöra roller."), "- Tydliggöra roller.");
    }

    #[test]
    fn numbers_and_att_clauses_kept() {
        assert_eq!(md("1.Kontant\n2. Fast utbud"), "1. Kontant\n2. Fast utbud");
        assert_eq!(
            md("att säga upp avtalet; samt\natt ge regiondirektören i uppdrag"),
            "att säga upp avtalet; samt\n\natt ge regiondirektören i uppdrag"
        );
        assert_eq!(
            md("beslutar att återremittera ärendet för\natt kompletteras."),
            "beslutar att återremittera ärendet för att kompletteras."
        );
    }
}
