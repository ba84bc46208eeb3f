//! A source's text → a [`Document`]: clean the furniture, choose the layout, read the items
//! and the meeting, and check that everything required is known.
//!
//! Layouts, tried in order: a report (when the kind says so), `§ N` paragraphs, a numbered
//! agenda; minutes in none of them still import as one item holding all their text.

use super::attendance;
use super::doc::{lines_of, Document, Dropped, Item, Line};
use super::doubts;
use super::furniture;
use super::headings::Heading;
use super::item::{self, Parts};
use super::layout::{self, Looks};
use super::markers::Family;
use super::meeting;
use super::outline::{self, Outline};
use super::profile::{CaseVocabulary, Marker, Style};
use super::reflow::{markdown, Flow};
use super::report;
use super::sidecar::Overrides;
use crate::diag::Diagnostic;
use crate::model::{ItemMeta, ItemNumber, MeetingKind, MeetingMeta, ParagraphRange, SourceRef};
use regex::Regex;
use std::path::Path;
use std::sync::LazyLock;

static CLOSING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:vid protokollet|justeras|justerat|underskrifter|sekreterare|ordförande|justerare)\s*:?$").unwrap()
});

/// A parsed source and the warnings it gave.
pub struct Parsed {
    pub doc: Document,
    pub warnings: Vec<Diagnostic>,
}

/// What a source is: where it came from, and its text.
pub struct Source<'a> {
    pub path: &'a Path,
    pub shown: String,
    pub sha256: String,
    /// The SHA-512 and size of the file, for the open data's `File` (none for a bare text).
    pub file_facts: Option<(String, u64)>,
    pub text: &'a str,
    /// What the PDF's layout says of the text's lines (empty for a `.txt`).
    pub looks: &'a Looks,
}

pub fn parse(
    src: &Source<'_>,
    given: &Overrides,
    style: &Style,
) -> Result<Parsed, Vec<Diagnostic>> {
    let a = analyze(src, given, style);
    let meta = meeting_meta(src, given, &a.header, &a.body, a.kind)?;
    Ok(Parsed {
        doc: Document {
            meta,
            preamble: a.body.preamble,
            items: a.body.items,
            dropped: a.dropped,
        },
        warnings: a.warnings,
    })
}

/// Everything read from a source, before the required meeting facts are checked.
pub struct Analysis {
    pub header: meeting::Header,
    pub kind: MeetingKind,
    body: Body,
    pub dropped: Vec<Dropped>,
    pub warnings: Vec<Diagnostic>,
    /// The lines as the items were read from them: furniture blanked, flattened pages split.
    pub lines: Vec<Line>,
    /// The item headings found, when the layout has items.
    pub found: Option<Outline>,
    /// What the PDF's layout said of the lines (empty for a `.txt`).
    pub looks: Looks,
}

impl Analysis {
    pub fn items(&self) -> &[Item] {
        &self.body.items
    }
}

/// Reads a source without asking for what it does not print.
pub fn analyze(src: &Source<'_>, given: &Overrides, style: &Style) -> Analysis {
    let raw = lines_of(src.text);
    let mut lines = raw.clone();
    let mut dropped = furniture::strip(&mut lines);
    dropped.extend(furniture::drop_matching(&mut lines, &style.drop));
    dropped.extend(layout::drop_repeated(&mut lines, src.looks));
    // A PDF's form rows (label and value side by side) are read first: plain text gives
    // the label column and the value column one after the other.
    let header = match src.looks.form.is_empty() {
        true => meeting::read(&raw),
        false => meeting::read(&with_form_rows(&src.looks.form, &raw)),
    };
    let flow = Flow::measure(&lines);
    let mut warnings = Vec::new();
    let kind_hint = given.kind.or(header.kind);
    let layout = if kind_hint == Some(MeetingKind::Rapport) {
        Layout::Report(report::parse(&lines, flow, &mut dropped))
    } else {
        choose(
            &mut lines,
            flow,
            &mut dropped,
            style.items.as_ref(),
            src.looks,
        )
    };
    if let Layout::Paragraphs(f) | Layout::Agenda(f) = &layout {
        warnings.extend(doubts::announced(src.path, f, &lines));
    }
    warnings.extend(doubts::inferred(src.path, &header, given));
    let kind = kind_hint.unwrap_or(match &layout {
        Layout::Agenda(_) if !has_decisions(&lines) => MeetingKind::Dagordning,
        _ => MeetingKind::Protokoll,
    });
    let body = Body::read(&lines, &layout, kind, flow, &mut dropped, &style.cases);
    warnings.extend(doubts::vote_tallies(src.path, &body.items));
    if body.items.is_empty() || matches!(layout, Layout::Unknown) {
        warnings.push(doubts::unrecognized(src.path));
    }
    let numbers: Vec<u32> = body
        .items
        .iter()
        .map(|i| i.meta.number.sort_key().0)
        .collect();
    warnings.extend(doubts::unprinted_paragraphs(
        src.path,
        header.paragraphs,
        &numbers,
    ));
    dropped.sort_by_key(|d| d.line);
    let found = match layout {
        Layout::Paragraphs(f) | Layout::Agenda(f) => Some(f),
        _ => None,
    };
    Analysis {
        header,
        kind,
        body,
        dropped,
        warnings,
        lines,
        found,
        looks: src.looks.clone(),
    }
}

/// The form rows of a PDF's cover before the raw lines, as lines without a number.
fn with_form_rows(form: &[String], raw: &[Line]) -> Vec<Line> {
    let rows = form.iter().map(|t| Line {
        no: 0,
        text: t.clone(),
    });
    rows.chain(raw.iter().cloned()).collect()
}

enum Layout {
    Paragraphs(Outline),
    Agenda(Outline),
    Report(Vec<report::Section>),
    Unknown,
}

fn choose(
    lines: &mut Vec<Line>,
    flow: Flow,
    dropped: &mut Vec<Dropped>,
    only: Option<&Marker>,
    looks: &Looks,
) -> Layout {
    let found = outline::find(lines, flow, only, looks);
    if found.heads.is_empty() {
        return Layout::Unknown;
    }
    for &(from, to) in &found.toc {
        for l in &mut lines[from..to] {
            if !l.is_blank() {
                dropped.push(Dropped {
                    line: l.no,
                    text: l.trimmed().to_string(),
                    reason: "table of contents",
                });
                l.text.clear();
            }
        }
    }
    match found.family {
        Some(Family::Numbered) => Layout::Agenda(found),
        _ => Layout::Paragraphs(found),
    }
}

fn has_decisions(lines: &[Line]) -> bool {
    lines.iter().any(|l| {
        l.trimmed()
            .trim_end_matches(':')
            .eq_ignore_ascii_case("beslut")
    })
}

/// The meeting's preamble, items, closing signatures and people.
struct Body {
    preamble: String,
    items: Vec<Item>,
    people: attendance::People,
}

impl Body {
    fn read(
        lines: &[Line],
        layout: &Layout,
        kind: MeetingKind,
        flow: Flow,
        dropped: &mut Vec<Dropped>,
        cases: &CaseVocabulary,
    ) -> Body {
        match layout {
            Layout::Paragraphs(f) | Layout::Agenda(f) => {
                items_body(lines, f, (kind, flow, cases), dropped)
            }
            Layout::Report(sections) => Body {
                preamble: String::new(),
                items: sections
                    .iter()
                    .enumerate()
                    .map(|(i, s)| plain_item(i as u32 + 1, &s.title, &s.body))
                    .collect(),
                people: attendance::People::default(),
            },
            Layout::Unknown => {
                let title = lines
                    .iter()
                    .map(Line::trimmed)
                    .find(|t| !t.is_empty())
                    .unwrap_or("Dokument");
                let body = markdown(lines, flow, false);
                Body {
                    preamble: String::new(),
                    items: vec![plain_item(1, title, &body)],
                    people: attendance::People::default(),
                }
            }
        }
    }
}

fn plain_item(n: u32, title: &str, body: &str) -> Item {
    Item {
        meta: ItemMeta::new(ItemNumber::Int(n), title),
        body: body.to_string(),
    }
}

/// The items of an outline; `how` is the meeting's kind, the text's flow and the profile's
/// case vocabulary.
fn items_body(
    lines: &[Line],
    found: &Outline,
    how: (MeetingKind, Flow, &CaseVocabulary),
    dropped: &mut Vec<Dropped>,
) -> Body {
    let (kind, flow, cases) = how;
    let heads = &found.heads;
    let mut ranges: Vec<(usize, usize)> = heads
        .iter()
        .enumerate()
        .map(|(k, h)| {
            let end = heads.get(k + 1).map_or(lines.len(), |n| n.at);
            // A heading never takes lines of the next item's: its text starts before `end`.
            ((h.at + h.span).min(end), end)
        })
        .collect();
    let mut preamble_end = heads.first().map_or(lines.len(), |h| h.at);
    let groups = take_groups(lines, heads, &mut ranges, &mut preamble_end);
    let closing = split_closing(lines, ranges.last_mut());
    let preamble_lines = &lines[..preamble_end];
    let mut people = attendance::read(preamble_lines);
    let mut items = Vec::new();
    for (k, h) in heads.iter().enumerate() {
        let (from, to) = ranges[k];
        let part = Parts {
            heading: h,
            lines: &lines[from..to],
            kind,
            flow,
            group: groups[k].clone(),
            cases,
        };
        let it = item::build(part, dropped);
        if kind == MeetingKind::Protokoll
            && people.adjusters.is_empty()
            && it.meta.title.to_lowercase().contains("juster")
        {
            people.adjusters = attendance::adjusters_in(&it.body);
        }
        items.push(it);
    }
    if !found.announced.is_empty() {
        for h in &found.announced {
            let part = Parts {
                heading: h,
                lines: &lines[h.at + h.span..h.end.unwrap_or(h.at + h.span)],
                kind,
                flow,
                group: None,
                cases,
            };
            items.push(item::build(part, dropped));
        }
        items.sort_by_key(|i| i.meta.number.sort_key());
    }
    let mut preamble = markdown(preamble_lines, flow, false);
    if let Some(closing) = closing {
        sign(
            &mut people,
            &attendance::signatures(&lines[closing.0..closing.1]),
        );
        let text = markdown(&lines[closing.0..closing.1], flow, false);
        preamble = [preamble, format!("## Underskrifter\n\n{text}")]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n");
    }
    Body {
        preamble,
        items,
        people,
    }
}

/// Group headings of an agenda (`Ärenden till regionstyrelsen`): a short line right before
/// an item heading. It is taken out of the text before it and given to the items after it.
fn take_groups(
    lines: &[Line],
    heads: &[Heading],
    ranges: &mut [(usize, usize)],
    preamble_end: &mut usize,
) -> Vec<Option<String>> {
    let mut current: Option<String> = None;
    let mut out = Vec::new();
    for (k, h) in heads.iter().enumerate() {
        let prev = (0..h.at).rev().find(|i| !lines[*i].is_blank());
        if let Some(p) =
            prev.filter(|p| is_group(lines[*p].trimmed()) && (k == 0 || *p >= ranges[k - 1].0))
        {
            current = Some(lines[p].trimmed().to_string());
            match k {
                0 => *preamble_end = p,
                _ => ranges[k - 1].1 = p,
            }
        }
        out.push(current.clone());
    }
    out
}

fn is_group(t: &str) -> bool {
    let lower = t.to_lowercase();
    t.split_whitespace().count() <= 6
        && !t.ends_with(['.', ':', ',', ';'])
        && (lower.starts_with("ärenden")
            || lower.starts_with("informationsärenden")
            || lower.starts_with("beslutsärenden"))
}

/// Cuts the signature block (`Vid protokollet` ...) off the last item.
fn split_closing(lines: &[Line], last: Option<&mut (usize, usize)>) -> Option<(usize, usize)> {
    let last = last?;
    let at = (last.0..last.1).find(|i| CLOSING.is_match(lines[*i].trimmed()))?;
    let closing = (at, last.1);
    last.1 = at;
    Some(closing)
}

/// Signatures in the order secretary, chair, adjusters fill what the text left open.
fn sign(people: &mut attendance::People, names: &[String]) {
    let mut it = names.iter();
    if let Some(s) = it.next() {
        people.secretary.get_or_insert_with(|| s.clone());
    }
    if let Some(c) = it.next() {
        people.chair.get_or_insert_with(|| c.clone());
    }
    if people.adjusters.is_empty() {
        people.adjusters = it.cloned().collect();
    }
}

fn meeting_meta(
    src: &Source<'_>,
    given: &Overrides,
    header: &meeting::Header,
    body: &Body,
    kind: MeetingKind,
) -> Result<MeetingMeta, Vec<Diagnostic>> {
    let organization = given.organization.clone().or(header.organization.clone());
    let body_name = given.body.clone().or(header.body.clone());
    let date = given.date.or(header.date);
    let mut errors = Vec::new();
    let missing = |what: &str, flag: &str, example: &str| {
        Diagnostic::error(
            src.path,
            format!("the text does not state the meeting's {what}"),
        )
        .hint(format!(
            "give it with `{flag} {example}`, or in `{}` next to the source: `{}: {example}`",
            super::sidecar::path_for(src.path)
                .file_name()
                .unwrap_or_default()
                .to_string_lossy(),
            flag.trim_start_matches('-')
        ))
    };
    if organization.is_none() {
        errors.push(missing(
            "organization",
            "--organization",
            "'<the organization, as printed>'",
        ));
    }
    if body_name.is_none() {
        errors.push(missing(
            "body (the board or committee)",
            "--body",
            "'<the board or committee, as printed>'",
        ));
    }
    if date.is_none() {
        errors.push(missing("date", "--date", "2025-04-15"));
    }
    let (Some(organization), Some(body_name), Some(date)) = (organization, body_name, date) else {
        return Err(errors);
    };
    Ok(MeetingMeta {
        organization,
        body: body_name,
        date,
        kind,
        title: given.title.clone(),
        place: given.place.clone().or(header.place.clone()),
        time: header.time.clone(),
        chair: body.people.chair.clone().or(header.chair.clone()),
        secretary: body.people.secretary.clone().or(header.secretary.clone()),
        adjusters: match body.people.adjusters.is_empty() {
            true => header.adjusters.clone(),
            false => body.people.adjusters.clone(),
        },
        attendees: body.people.attendees.clone(),
        paragraphs: header.paragraphs.or_else(|| paragraph_range(body, kind)),
        approved: header.approved,
        posted: header.posted,
        posted_until: header.posted_until,
        appeal_deadline: header.appeal_deadline,
        source: Some(SourceRef {
            file: src.shown.clone(),
            sha256: src.sha256.clone(),
            sha512: src.file_facts.as_ref().map(|f| f.0.clone()),
            size: src.file_facts.as_ref().map(|f| f.1),
            // Set when the files are written: see `writer::keep_imported`.
            imported: None,
        }),
    })
}

fn paragraph_range(body: &Body, kind: MeetingKind) -> Option<ParagraphRange> {
    if kind != MeetingKind::Protokoll {
        return None;
    }
    let nums: Vec<u32> = body
        .items
        .iter()
        .filter_map(|i| match i.meta.number {
            ItemNumber::Int(n) => Some(n),
            _ => None,
        })
        .collect();
    Some(ParagraphRange {
        first: *nums.iter().min()?,
        last: *nums.iter().max()?,
    })
}
