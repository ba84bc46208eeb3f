//! The document's outline: which lines open items, which are a table of contents, and which
//! items the contents announce but the body lacks. The markers are chosen by `markers.rs`;
//! here the lines are split where a marker, or the title after it, ends inside a flattened
//! page, and each item's heading is read (`headings.rs`).
//!
//! ```text
//! ... formalia. Sn 50 Au 84 Sn 34 Dnr 2016/ Budget och uppföljning år Au Förvaltningschef ...
//!              └ marker └ earlier handling   └ title                  └ the item's text
//!
//! split into:  [... formalia.] [Sn 50] [Budget och uppföljning år] [Au 84 Sn 34 Dnr 2016/] [Au ...]
//!                              heading  (continued)                 text of the item
//! ```

use super::doc::Line;
use super::headings::{contents_title, flattened, heading, Flattened, Heading};
use super::layout::Looks;
use super::markers::{self, Candidate, Choice, Family};
use super::profile::Marker;
use super::reflow::Flow;
use std::collections::HashMap;

/// The items a document's markers give, with the lines split where a marker or a title ends
/// inside a flattened page.
#[derive(Debug, Default, Clone)]
pub struct Outline {
    pub family: Option<Family>,
    /// Items with a heading in the text, in text order.
    pub heads: Vec<Heading>,
    /// Items known only from a table of contents entry (the body lacks them).
    pub announced: Vec<Heading>,
    /// Line ranges of table-of-contents entries whose items the body has.
    pub toc: Vec<(usize, usize)>,
}

/// Chooses the item markers of `lines` and reads their headings; `lines` is split in place
/// where a marker, or the title after it, ends inside a long flattened line.
pub fn find(lines: &mut Vec<Line>, flow: Flow, only: Option<&Marker>, looks: &Looks) -> Outline {
    let choice = markers::choose(lines, only, looks);
    if choice.items.is_empty() {
        return Outline::default();
    }
    let contents_only = choice.items_are_contents();
    let all: Vec<&Candidate> = choice.items.iter().chain(&choice.toc).collect();
    let mut cuts: Vec<(usize, usize)> = all
        .iter()
        .filter(|c| !c.at_line_start())
        .map(|c| (c.line, c.start))
        .collect();
    let titles = flattened_titles(lines, &choice, &all, contents_only, &mut cuts);
    let (split, place) = split_lines(lines, &cuts);
    *lines = split;
    let at = |c: &Candidate| place(c.line, c.start);
    let starts: Vec<usize> = choice.items.iter().map(&at).collect();
    let mut heads: Vec<Heading> = choice
        .items
        .iter()
        .zip(titles)
        .enumerate()
        .map(|(k, (c, title))| {
            let limit = starts.get(k + 1).copied().unwrap_or(lines.len());
            let read = Read {
                at: starts[k],
                rest: marker_end(c),
                limit,
                flow,
                contents_only,
            };
            numbered(read.heading(lines, title), c)
        })
        .collect();
    keep_apart(&mut heads);
    let (toc, announced) = contents(lines, &choice, &at);
    Outline {
        family: choice.family().cloned(),
        heads,
        announced,
        toc,
    }
}

/// For each chosen item: its heading read inside a flattened page (with the cuts that take
/// the title, and the references before it, out of the line), or `None` where the heading
/// is read from its lines as usual.
fn flattened_titles(
    lines: &[Line],
    choice: &Choice,
    all: &[&Candidate],
    contents_only: bool,
    cuts: &mut Vec<(usize, usize)>,
) -> Vec<Option<Flattened>> {
    choice
        .items
        .iter()
        .map(|c| {
            let text = &lines[c.line].text;
            if contents_only || text.trim().chars().count() <= markers::LONG_LINE {
                return None;
            }
            let stop = next_cut(all, c).min(text.len()).max(c.rest);
            let f = flattened(&text[c.rest..stop]);
            cuts.push((c.line, c.rest + f.used));
            if f.lead > 0 && f.used > f.lead {
                cuts.extend([(c.line, c.rest), (c.line, c.rest + f.lead)]);
            }
            Some(f)
        })
        .collect()
}

/// Where and how one item's heading is read.
struct Read {
    at: usize,
    rest: usize,
    /// The next item's line: a heading never reads into it.
    limit: usize,
    flow: Flow,
    contents_only: bool,
}

impl Read {
    fn heading(&self, lines: &mut [Line], title: Option<Flattened>) -> Heading {
        let Some(f) = title else {
            return match self.contents_only {
                true => entry_heading(lines, self.at, self.rest),
                false => heading(lines, self.at, self.rest, self.flow, self.limit),
            };
        };
        // The references before the title go after it, into the item's text, so the heading
        // reads marker and title: pieces [marker][references][title] become
        // [marker][title][references].
        let moved = f.lead > 0 && f.used > f.lead && self.at + 2 < lines.len();
        if moved {
            lines.swap(self.at + 1, self.at + 2);
        }
        Heading {
            at: self.at,
            span: if moved { 2 } else { 1 },
            number: 0,
            suffix: None,
            title: f.title,
            cases: f.cases,
            end: None,
        }
    }
}

fn numbered(mut h: Heading, c: &Candidate) -> Heading {
    h.number = c.number;
    h.suffix = c.suffix;
    h
}

/// A title's continuation never runs into the next item's heading.
fn keep_apart(heads: &mut [Heading]) {
    for k in 1..heads.len() {
        let next = heads[k].at;
        let h = &mut heads[k - 1];
        h.span = h.span.min(next.saturating_sub(h.at)).max(1);
    }
}

/// The table of contents' entries whose items the body has (as line ranges, to drop), and
/// the items only an entry announces (read from their entry, with a warning later).
fn contents(
    lines: &[Line],
    choice: &Choice,
    at: &impl Fn(&Candidate) -> usize,
) -> (Vec<(usize, usize)>, Vec<Heading>) {
    let announced: Vec<&Candidate> = choice.announced_only();
    let confirmed: Vec<&Candidate> = choice
        .toc
        .iter()
        .filter(|t| {
            !announced
                .iter()
                .any(|a| (a.line, a.start) == (t.line, t.start))
        })
        .collect();
    let toc = confirmed
        .iter()
        .enumerate()
        .map(|(k, c)| (at(c), confirmed.get(k + 1).map_or(at(c) + 1, |n| at(n))))
        .collect();
    let announced = announced
        .iter()
        .map(|c| {
            let line = at(c);
            let mut h = numbered(entry_heading(lines, line, marker_end(c)), c);
            h.end = Some(line + 1);
            h
        })
        .collect();
    (toc, announced)
}

/// Byte offset of the text after `c`'s marker once its line was split at the marker.
fn marker_end(c: &Candidate) -> usize {
    if c.at_line_start() {
        c.rest
    } else {
        c.rest - c.start
    }
}

/// A heading read from a table-of-contents entry: one line, its title cleaned.
fn entry_heading(lines: &[Line], at: usize, rest: usize) -> Heading {
    let (title, cases) = contents_title(lines[at].text.get(rest..).unwrap_or(""));
    Heading {
        at,
        span: 1,
        number: 0,
        suffix: None,
        title,
        cases,
        end: None,
    }
}

/// The byte offset of the next marker after `c` on the same line, or the line's end.
fn next_cut(all: &[&Candidate], c: &Candidate) -> usize {
    all.iter()
        .filter(|o| o.line == c.line && o.start > c.start)
        .map(|o| o.start)
        .min()
        .unwrap_or(usize::MAX)
}

/// Splits lines at `(line, byte offset)` cuts; the pieces keep their line number. Returns the
/// new lines and a function from an old `(line, offset)` to the new line holding it.
fn split_lines(
    lines: &[Line],
    cuts: &[(usize, usize)],
) -> (Vec<Line>, impl Fn(usize, usize) -> usize) {
    let mut by_line: HashMap<usize, Vec<usize>> = HashMap::new();
    for &(l, at) in cuts {
        if at > 0 && at < lines[l].text.len() && lines[l].text.is_char_boundary(at) {
            by_line.entry(l).or_default().push(at);
        }
    }
    let mut out = Vec::with_capacity(lines.len() + cuts.len());
    let mut first_piece = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        first_piece.push(out.len());
        let mut at = by_line.remove(&i).unwrap_or_default();
        at.sort_unstable();
        at.dedup();
        let mut from = 0;
        for cut in at.iter().copied().chain([line.text.len()]) {
            out.push(Line {
                no: line.no,
                text: line.text[from..cut].to_string(),
            });
            from = cut;
        }
        by_line.insert(i, at);
    }
    let place = move |l: usize, offset: usize| {
        let pieces = by_line
            .get(&l)
            .map_or(0, |p| p.iter().filter(|c| **c <= offset).count());
        first_piece[l] + pieces
    };
    (out, place)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::doc::lines_of;

    const F: Flow = Flow { wrap: 50 };

    fn found(text: &str) -> (Outline, Vec<Line>) {
        let mut lines = lines_of(text);
        let f = find(&mut lines, F, None, &Looks::default());
        (f, lines)
    }

    #[test]
    fn wrapped_title_and_case_line() {
        let (f, _) = found("§ 231 Utveckla samspelet mellan sjukhusvården och primärvården i\n\nsyfte att stödja omställningen\nRS 2186-2024\n\nSammanfattning\n\n§ 232 Nästa\nText");
        let h = &f.heads;
        assert!(f.toc.is_empty());
        assert_eq!(h[0].title, "Utveckla samspelet mellan sjukhusvården och primärvården i syfte att stödja omställningen");
        assert_eq!(
            (h[0].number, h[0].cases.clone(), h[0].span),
            (231, vec!["RS 2186-2024".to_string()], 4)
        );
    }

    #[test]
    fn title_on_the_line_after_the_number_or_the_case() {
        let (f, _) = found("§ 12\nVal av justerare\n\nText\n§ 13\n\nBudget\nText\n§ 14\nDnr KS 2021/45\nTaxor 2022\nText");
        let titles: Vec<_> = f.heads.iter().map(|h| h.title.as_str()).collect();
        assert_eq!(
            titles,
            ["Val av justerare", "Budget", "Taxor 2022"],
            "{f:#?}"
        );
        assert_eq!(f.heads[2].cases, ["KS 2021/45"]);
    }

    #[test]
    fn table_of_contents_is_skipped() {
        let (f, _) = found("§ 1 Val\n§ 2 Budget\n§ 1 Val\nText\n§ 2 Budget\nText");
        assert_eq!(f.heads.iter().map(|h| h.at).collect::<Vec<_>>(), [2, 4]);
        assert_eq!(f.toc, [(0, 1), (1, 2)]);
    }

    #[test]
    fn agenda_sequence_and_trailing_case() {
        let (f, _) = found(
            "1 Val\n\n2 Uppdrag om utredning\n(RV250337)\n\n129 Öka 116\n3 Ansökan (RV250363)",
        );
        let h = &f.heads;
        assert_eq!(h.iter().map(|h| h.number).collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(
            (h[1].title.as_str(), h[1].cases.clone()),
            ("Uppdrag om utredning", vec!["RV250337".to_string()])
        );
        assert_eq!(h[2].cases, ["RV250363"]);
    }

    #[test]
    fn flattened_page_is_split_at_markers_and_titles() {
        let filler = "ord ".repeat(60);
        let text = format!("Inledning {filler}Ks 250 Anmälan om beslut Anmälan om beslut a) Arbetsutskottet Kommunstyrelsen beslutar. Ks 251 Ordföranderemisser Förteckning över inkomna ärenden. {filler}");
        let (f, lines) = found(&text);
        let titles: Vec<_> = f.heads.iter().map(|h| h.title.as_str()).collect();
        assert_eq!(titles, ["Anmälan om beslut", "Ordföranderemisser"]);
        assert_eq!(lines[f.heads[0].at].text, "Ks 250 Anmälan om beslut");
        assert!(lines[f.heads[0].at + 1]
            .text
            .starts_with(" Anmälan om beslut a)"));
        // Nothing is lost by splitting.
        let joined: String = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(joined, text.trim_end());
    }

    #[test]
    fn contents_entries_become_items_when_the_body_lacks_them() {
        let filler = "ord ".repeat(70);
        let text = format!("Ärendelista 1. Upprop 2. Anmälan 3. Information... 4 4. Budget 2026 5 {filler}\n{filler} 1. Upprop och val Tommy Ivarsson justerar. 2. Anmälan om delegationsbeslut {filler}");
        let (f, _) = found(&text);
        assert_eq!(f.heads.iter().map(|h| h.number).collect::<Vec<_>>(), [1, 2]);
        let announced: Vec<_> = f
            .announced
            .iter()
            .map(|h| (h.number, h.title.as_str()))
            .collect();
        assert_eq!(announced, [(3, "Information"), (4, "Budget 2026")]);
    }
}
