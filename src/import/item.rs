//! One item: its heading and lines → front-matter and Markdown body.
//!
//! ```text
//! Diarienummer: 24RS11304           cases: [24RS11304]           (label lines move to
//! Ärendeansvarig: Åsa Bellander     officials: [{name, role}]     the front-matter)
//! Beslut:                           ## Beslut
//! ...
//! ```

use super::case_refs;
use super::doc::{Dropped, Item, Line};
use super::fields;
use super::headings::Heading;
use super::profile::CaseVocabulary;
use super::references;
use super::reflow::{markdown, Flow};
use super::sections::{self, Section};
use crate::model::{ItemMeta, MeetingKind, Official};

/// Labels whose value names the officials who handled the item.
pub(super) const OFFICIAL_LABELS: &[&str] = &[
    "ärendeansvarig",
    "handläggare",
    "föredragande",
    "beredare",
    "föredragare",
];

/// What an item is built from.
pub struct Parts<'a> {
    pub heading: &'a Heading,
    pub lines: &'a [Line],
    pub kind: MeetingKind,
    pub flow: Flow,
    pub group: Option<String>,
    /// A house-style profile's case labels and pattern.
    pub cases: &'a CaseVocabulary,
}

pub fn build(p: Parts<'_>, dropped: &mut Vec<Dropped>) -> Item {
    let mut meta = empty_meta(p.heading, p.group);
    let title_cases: Vec<String> = p
        .cases
        .matches(&meta.title)
        .into_iter()
        .map(str::to_string)
        .collect();
    meta.cases.extend(title_cases);
    let rest = take_labels(p.lines, p.cases, &mut meta, dropped);
    let secs = sections::split(&rest);
    fill(&mut meta, &secs, p.kind, p.flow);
    meta.votes = fields::votes(&secs, &rest, p.flow).into();
    let body = render(&secs, p.flow);
    meta.references = references::find(&body, &meta.cases).into();
    Item { meta, body }
}

fn empty_meta(h: &Heading, group: Option<String>) -> ItemMeta {
    let number = h.item_number();
    ItemMeta {
        group,
        cases: h.cases.clone().into(),
        ..ItemMeta::new(number, h.title.clone())
    }
}

/// Moves `Label: value` lines (case numbers, officials) into the front-matter.
fn take_labels(
    lines: &[Line],
    vocabulary: &CaseVocabulary,
    meta: &mut ItemMeta,
    dropped: &mut Vec<Dropped>,
) -> Vec<Line> {
    let mut rest = Vec::with_capacity(lines.len());
    let mut k = 0;
    while k < lines.len() {
        let line = &lines[k];
        let next = lines.get(k + 1).map_or("", Line::trimmed);
        let mut taken = vec![line];
        let label = if let Some(cases) = case_refs::label_above(line.trimmed(), next) {
            taken.push(&lines[k + 1]);
            take_cases(cases, meta)
        } else if let Some(cases) =
            case_refs::label_line(line.trimmed()).or_else(|| vocabulary.label_line(line.trimmed()))
        {
            take_cases(cases, meta)
        } else {
            take_officials(line.trimmed(), meta)
        };
        k += taken.len();
        let Some(label) = label else {
            // A case number alone on a line of the text (an agenda's sub-item, a motion and
            // its number) belongs to the item too; the line stays text.
            if case_refs::is_case_line(line.trimmed()) {
                let found = case_refs::find_shaped(line.trimmed());
                meta.cases.extend(found.into_iter().map(|f| f.printed));
            }
            let matched = vocabulary.matches(line.trimmed());
            meta.cases.extend(matched.into_iter().map(str::to_string));
            rest.extend(taken.into_iter().cloned());
            continue;
        };
        dropped.push(Dropped {
            line: line.no,
            text: format!("{label}:"),
            reason: "field label (value in front-matter)",
        });
    }
    let mut seen = std::collections::HashSet::new();
    meta.cases.retain(|c| seen.insert(c.clone()));
    rest
}

/// `Dnr KS 2018/14`: the numbers go to `cases:`; the label is returned when nothing else is
/// on the line, which then leaves the text. A truncated number (`Dnr 2016/`) stays text.
fn take_cases(line: case_refs::LabelLine, meta: &mut ItemMeta) -> Option<String> {
    let whole = line.found.iter().filter(|f| !f.truncated());
    meta.cases.extend(whole.map(|f| f.printed.clone()));
    line.whole.then_some(line.label)
}

/// `Handläggare: Åsa Bellander`: the names go to `officials:`; returns the label.
fn take_officials(t: &str, meta: &mut ItemMeta) -> Option<String> {
    let (label, value) = t.split_once(':')?;
    let (label, value) = (label.trim(), value.trim());
    if !OFFICIAL_LABELS.contains(&label.to_lowercase().as_str()) || value.is_empty() {
        return None;
    }
    meta.officials
        .extend(split_names(value).map(|name| Official {
            name,
            role: Some(label.to_string()),
        }));
    Some(label.to_string())
}

fn split_names(value: &str) -> impl Iterator<Item = String> + '_ {
    value
        .split([',', ';'])
        .flat_map(|p| p.split(" och "))
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string)
}

fn fill(meta: &mut ItemMeta, secs: &[Section], kind: MeetingKind, flow: Flow) {
    meta.outcome = fields::outcome(secs, kind);
    meta.motions = fields::motions(secs, flow).into();
    meta.reservations = fields::statements(secs, &["reservation", "reservationer"], flow).into();
    meta.notes = fields::statements(
        secs,
        &[
            "protokollsanteckning",
            "protokollsanteckningar",
            "särskilt yttrande",
        ],
        flow,
    )
    .into();
    meta.abstained = fields::named(secs, &["deltar ej i beslutet"], flow).into();
    meta.recused = fields::named(secs, &["jäv"], flow).into();
    meta.attachments = fields::entries(secs, &["beslutsunderlag", "handlingar"], flow).into();
    meta.recipients = fields::entries(
        secs,
        &["delges", "expedieras", "beslutet skickas till"],
        flow,
    )
    .into();
}

/// The body: the lead text, then each section under its own `##` heading.
pub fn render(secs: &[Section], flow: Flow) -> String {
    let mut parts = Vec::new();
    for s in secs {
        let list = s.heading.as_deref().is_some_and(sections::is_list_section);
        let text = markdown(&s.lines, flow, list);
        match &s.heading {
            Some(h) if text.is_empty() => parts.push(format!("## {h}")),
            Some(h) => parts.push(format!("## {h}\n\n{text}")),
            None if !text.is_empty() => parts.push(text),
            None => {}
        }
    }
    parts.join("\n\n")
}
