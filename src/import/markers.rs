//! Item markers: where each agenda item or paragraph begins, chosen by the document's
//! structure rather than by a list of house styles.
//!
//! ```text
//! § 229 Uppsägning av regionavtalet        paragraph marker, optionally with a body prefix
//! KS § 12 Budget 2026                      (`KS § 12`, `AU § 3`)
//! Ks 250 Anmälan om beslut enligt ...      prefixed marker without `§` (`Ks 250`, `Sn 49`)
//! 12 Uppdrag om utredning (RV250337)       numbered item (`12`, `12.`, `3 a`, `Ärende 12`,
//! Punkt 4: Budget                          `Punkt 4`), or a number alone above its title
//! ... formalia. Sn 50 Budget och ...       any of these inside a flattened page (a very long
//!                                          line), where a transcript lost the line breaks
//! ```
//!
//! Every place that could open an item is a candidate. Candidates fall into families (the
//! marker kind and its prefix, so `Ks 250` and `Au 84` never mix), and within a family the
//! items are the best chain of increasing numbers: each candidate scores for standing at a
//! line start, for the text that follows it, for a case number right after it; a chain loses
//! for numbers it skips and for changing shape (`12.` after `11`). The family with the best
//! chain wins. A second, compact chain before it (or a compact chain followed by a restart of
//! the numbering) is a table of contents: it confirms the items, and an item it announces
//! that the body lacks (a truncated document) is still created from the entry.
//!
//! The chain is found in one pass: for each candidate, the best chain ending at each of the
//! few numbers just below its own is looked up in a map, so the work is linear in the number
//! of candidates.

mod candidates;

use super::doc::Line;
use super::layout::Looks;
use super::profile::Marker;
pub use candidates::candidates;
use std::collections::HashMap;

/// A line longer than this is a flattened page or paragraph: markers are looked for inside it.
pub const LONG_LINE: usize = 240;
/// Numbers a chain may skip between two items (a dropped or withdrawn item).
const MAX_GAP: u32 = 6;

/// The kind of marker and its prefix: items of one document share one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Family {
    /// `§ 12`, `KS § 12` (the prefix in lowercase, or empty).
    Paragraph(String),
    /// `Ks 250`, `Sn 49`.
    Prefixed(String),
    /// `12`, `12.`, `Ärende 12`, a number alone above its title.
    Numbered,
}

/// How a marker is printed, beyond its family: a chain keeps one shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Shape {
    dot: bool,
    alone: bool,
    case_next: bool,
    line_start: bool,
    /// Bold or larger in the PDF: a heading.
    emphasized: bool,
    /// Not emphasized in a PDF whose other markers are.
    plain_among_bold: bool,
}

impl Shape {
    fn differences(self, other: Shape) -> u32 {
        u32::from(self.dot != other.dot)
            + u32::from(self.alone != other.alone)
            + u32::from(self.case_next != other.case_next)
            + u32::from(self.line_start != other.line_start)
            + u32::from(self.emphasized != other.emphasized)
    }
}

/// A place that could open an item.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Index of the line, and the byte offset in its text where the marker begins.
    pub line: usize,
    pub start: usize,
    /// Byte offset where the text after the marker begins.
    pub rest: usize,
    pub number: u32,
    pub suffix: Option<char>,
    pub family: Family,
    shape: Shape,
    /// Characters from this marker to the next candidate (the item's text, if it is one).
    span: usize,
    /// Whether that text ends like a table-of-contents entry: dot leaders or a page number.
    paged: bool,
}

impl Candidate {
    pub fn at_line_start(&self) -> bool {
        self.shape.line_start
    }

    fn key(&self) -> (u32, u32) {
        (
            self.number,
            self.suffix.map_or(0, |c| c as u32 - 'a' as u32 + 1),
        )
    }

    fn score(&self) -> f64 {
        let mut s = 1.0 + (self.span as f64 / 400.0).min(1.0);
        if self.shape.line_start {
            s += 1.0;
        }
        if self.shape.case_next {
            s += 0.3;
        }
        if self.shape.emphasized {
            s += 1.0;
        }
        if self.shape.plain_among_bold {
            s -= 1.5;
        }
        if self.shape.alone {
            s -= 0.3;
        }
        s + match self.family {
            Family::Paragraph(_) => 0.5,
            Family::Prefixed(_) => 0.3,
            Family::Numbered => 0.0,
        }
    }
}

/// The items' markers as the document's structure shows them.
#[derive(Debug, Default)]
pub struct Choice {
    /// The markers that open items, in text order.
    pub items: Vec<Candidate>,
    /// The table of contents' entries, in text order.
    pub toc: Vec<Candidate>,
}

impl Choice {
    pub fn family(&self) -> Option<&Family> {
        self.items.first().map(|c| &c.family)
    }

    /// Table-of-contents entries for which the body has no item.
    pub fn announced_only(&self) -> Vec<&Candidate> {
        self.toc
            .iter()
            .filter(|t| !self.items.iter().any(|i| i.key() == t.key()))
            .collect()
    }

    /// Whether the chosen items are themselves a table of contents with no body after it:
    /// short entries (a title and a page number) one after the other.
    pub fn items_are_contents(&self) -> bool {
        let paged = self.items.iter().filter(|c| c.paged).count();
        self.toc.is_empty()
            && self.items.len() >= 2
            && compact(&self.items)
            && paged * 2 >= self.items.len()
    }
}

/// Finds the candidates of `lines` and chooses the items among them; a profile's `only`
/// restricts them to the family it names.
pub fn choose(lines: &[Line], only: Option<&Marker>, looks: &Looks) -> Choice {
    let mut cands = candidates(lines);
    if !looks.is_empty() {
        for c in &mut cands {
            c.shape.emphasized = looks.get(lines[c.line].no).emphasized;
        }
        // Where the PDF sets some markers in bold, a plain one is a list or a reference.
        if cands.iter().filter(|c| c.shape.emphasized).count() >= 2 {
            for c in cands.iter_mut().filter(|c| !c.shape.emphasized) {
                c.shape.plain_among_bold = true;
            }
        }
    }
    let mut by_family: HashMap<&Family, Vec<&Candidate>> = HashMap::new();
    for c in cands
        .iter()
        .filter(|c| only.is_none_or(|m| m.admits(&c.family)))
    {
        by_family.entry(&c.family).or_default().push(c);
    }
    let best = by_family
        .values()
        .map(|cs| (chain(cs), cs))
        .filter(|((chain, _), _)| acceptable(chain))
        .max_by(|((a, sa), _), ((b, sb), _)| {
            sa.total_cmp(sb)
                .then_with(|| b.first().map(|c| c.line).cmp(&a.first().map(|c| c.line)))
        });
    let Some(((body, _), family)) = best else {
        return Choice::default();
    };
    contents(family, body)
}

fn acceptable(chain: &[&Candidate]) -> bool {
    match chain {
        [] => false,
        [one] => matches!(one.family, Family::Paragraph(_)) && one.shape.line_start,
        _ => true,
    }
}

/// Splits a family's chain into table of contents and items (see the module's comment).
fn contents(family: &[&Candidate], body: Vec<&Candidate>) -> Choice {
    let (first, last) = (body[0], body[body.len() - 1]);
    let before: Vec<&Candidate> = family
        .iter()
        .copied()
        .filter(|c| (c.line, c.start) < (first.line, first.start))
        .collect();
    let (toc, _) = chain(&before);
    if toc.len() >= 2 && compact(&toc) && shares_numbers(&toc, &body) {
        return owned(body, toc);
    }
    let after: Vec<&Candidate> = family
        .iter()
        .copied()
        .filter(|c| (c.line, c.start) > (last.line, last.start))
        .collect();
    let (next, _) = chain(&after);
    let restarts = next.first().is_some_and(|n| n.key() <= last.key());
    if !next.is_empty() && compact(&body) && restarts && shares_numbers(&next, &body) {
        return owned(next, body);
    }
    owned(body, Vec::new())
}

fn owned(items: Vec<&Candidate>, toc: Vec<&Candidate>) -> Choice {
    Choice {
        items: items.into_iter().cloned().collect(),
        toc: toc.into_iter().cloned().collect(),
    }
}

fn shares_numbers(a: &[&Candidate], b: &[&Candidate]) -> bool {
    a.iter().any(|x| b.iter().any(|y| x.key() == y.key()))
}

/// Entries of a table of contents: a title and a page number, so short on average.
fn compact(chain: &[impl std::borrow::Borrow<Candidate>]) -> bool {
    let total: usize = chain.iter().map(|c| c.borrow().span).sum();
    !chain.is_empty() && total / chain.len() < 200
}

/// The best chain of increasing numbers among `cands` (in text order), and its score.
fn chain<'a>(cands: &[&'a Candidate]) -> (Vec<&'a Candidate>, f64) {
    // best chain ending at each candidate: (score, predecessor)
    let mut ends: Vec<(f64, Option<usize>)> = Vec::with_capacity(cands.len());
    // best chain end seen so far for each key
    let mut by_key: HashMap<(u32, u32), usize> = HashMap::new();
    for (i, c) in cands.iter().enumerate() {
        let (n, s) = c.key();
        let mut best: (f64, Option<usize>) = (0.0, None);
        for pn in n.saturating_sub(MAX_GAP + 1)..=n {
            for ps in 0..=8 {
                if (pn, ps) >= (n, s) {
                    break;
                }
                let Some(&j) = by_key.get(&(pn, ps)) else {
                    continue;
                };
                let gap = steps(cands[j].key(), c.key());
                let value = ends[j].0
                    - 0.5 * f64::from(gap)
                    - 0.3 * f64::from(cands[j].shape.differences(c.shape));
                if value > best.0 {
                    best = (value, Some(j));
                }
            }
        }
        let total = best.0 + c.score();
        ends.push((total, best.1));
        let slot = by_key.entry(c.key()).or_insert(i);
        if ends[*slot].0 < total {
            *slot = i;
        }
    }
    let Some((end, &(score, _))) = ends
        .iter()
        .enumerate()
        .max_by(|a, b| a.1 .0.total_cmp(&b.1 .0))
    else {
        return (Vec::new(), 0.0);
    };
    let mut out = vec![cands[end]];
    let mut at = ends[end].1;
    while let Some(j) = at {
        out.push(cands[j]);
        at = ends[j].1;
    }
    out.reverse();
    (out, score)
}

/// Numbers skipped between two keys: `4` → `5` and `4` → `4 a` skip none, `4` → `6` one.
fn steps(from: (u32, u32), to: (u32, u32)) -> u32 {
    if from.0 == to.0 {
        to.1.saturating_sub(from.1 + 1)
    } else {
        to.0 - from.0 - 1 + to.1.saturating_sub(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::doc::lines_of;

    fn numbers(choice: &[Candidate]) -> Vec<String> {
        choice
            .iter()
            .map(|c| match c.suffix {
                Some(s) => format!("{} {s}", c.number),
                None => c.number.to_string(),
            })
            .collect()
    }

    #[test]
    fn paragraphs_with_a_table_of_contents() {
        let text = "§ 1 Val\n§ 2 Budget\n§ 3 Övrigt\n\n§ 1 Val\nText om valet.\n\n§ 2 Budget\nText.\n\n§ 3 Övrigt\nInget.";
        let c = choose(&lines_of(text), None, &Looks::default());
        assert_eq!(numbers(&c.items), ["1", "2", "3"]);
        assert_eq!(c.items[0].line, 4);
        assert_eq!(numbers(&c.toc), ["1", "2", "3"]);
        assert!(c.announced_only().is_empty());
    }

    #[test]
    fn prefixed_markers_keep_their_family() {
        let text = "Sn 49 Öppnande\nText.\nSn 50 Au 84 Sn 34 Au 57 Budget\nText.\nSn 51 Val\nText.";
        let c = choose(&lines_of(text), None, &Looks::default());
        assert_eq!(c.family(), Some(&Family::Prefixed("sn".into())));
        assert_eq!(numbers(&c.items), ["49", "50", "51"]);
    }

    #[test]
    fn numbered_agenda_with_letters_and_labels() {
        let text =
            "Ärende 1 Val\nText.\n2. Budget\nText.\n3 a Motion\nText.\n3 b Motion\nText.\n4 Övrigt";
        let c = choose(&lines_of(text), None, &Looks::default());
        assert_eq!(numbers(&c.items), ["1", "2", "3 a", "3 b", "4"]);
    }

    #[test]
    fn flattened_page_is_read_inside_the_line() {
        let filler = "Ord ".repeat(60);
        let text = format!("{filler}Ks 250 Anmälan om beslut Kommunstyrelsen beslutar att lägga anmälningarna till handlingarna. Ks 251 Ordföranderemisser {filler} Ks 252 Ks 478/ Optionsavtal {filler}");
        let c = choose(&lines_of(&text), None, &Looks::default());
        assert_eq!(numbers(&c.items), ["250", "251", "252"]);
    }

    #[test]
    fn a_short_flattened_page_is_read_inside_too() {
        let filler = "ord ".repeat(70);
        let text = format!("{filler} Ks 250 Anmälan {filler}\n\n{filler}\n\nslut på sidan. Ks 251 Budget för 2026 och Ks 252 Taxor\n\n{filler}");
        let c = choose(&lines_of(&text), None, &Looks::default());
        assert_eq!(numbers(&c.items), ["250", "251", "252"]);
    }

    #[test]
    fn contents_only_document() {
        let filler = "ord ".repeat(70);
        let text = format!("Protokoll {filler}\n2(36) Kommunstyrelsens arbetsutskott {filler} Ärendelista 26 Dnr KS 2018/14 Information... 3 27 Dnr KS 2018/124 Årsredovisning 2017... 4 28 Dnr KS 2018/117 Instruktion till ägarombud... 9 29 Dnr KS 2017/484 Svar på medborgarförslag... 12");
        let cands = candidates(&lines_of(&text));
        let c = choose(&lines_of(&text), None, &Looks::default());
        assert_eq!(numbers(&c.items), ["26", "27", "28", "29"], "{cands:#?}");
        assert!(c.items_are_contents());
    }

    #[test]
    fn contents_then_a_restarted_body() {
        let filler = "ord ".repeat(70);
        let text = format!("Ärendelista 1. Upprop 2. Anmälan 3. Information 4. Budget 5. Rapporter {filler}\nkommunen {filler} 1. Upprop och val Tommy Ivarsson justerar. 2. Anmälan om delegationsbeslut {filler}");
        let c = choose(&lines_of(&text), None, &Looks::default());
        assert_eq!(numbers(&c.items), ["1", "2"]);
        assert_eq!(numbers(&c.toc), ["1", "2", "3", "4", "5"]);
        assert_eq!(c.announced_only().len(), 3);
    }

    #[test]
    fn references_in_short_lines_are_not_markers() {
        let text = "§ 5 Budget\nEnligt § 3 i reglementet.\n§ 6 Val\nText";
        let c = choose(&lines_of(text), None, &Looks::default());
        assert_eq!(numbers(&c.items), ["5", "6"]);
    }

    #[test]
    fn chain_search_is_linear() {
        // 20,000 numbered lines ending in a number: quadratic search would take minutes.
        let text: String = (1..=20_000)
            .map(|n| format!("{} Punkt {}\n", n % 999 + 1, n))
            .collect();
        let c = choose(&lines_of(&text), None, &Looks::default());
        assert!(!c.items.is_empty());
    }
}
