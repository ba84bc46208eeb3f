//! One item: its heading and lines → front-matter and Markdown body.
//!
//! ```text
//! Diarienummer: 24RS11304           cases: [24RS11304]           (label lines move to
//! Ärendeansvarig: Åsa Bellander     officials: [{name, role}]     the front-matter)
//! Beslut:                           ## Beslut
//! ...
//! ```

use super::doc::{Dropped, Item, Line};
use super::fields;
use super::headings::Heading;
use super::references;
use super::reflow::{markdown, Flow};
use super::sections::{self, Section};
use crate::model::{ItemMeta, MeetingKind, Official};

/// Labels whose value is a case number.
const CASE_LABELS: &[&str] = &["diarienummer", "dnr", "ärendenummer"];
/// Labels whose value names the officials who handled the item.
const OFFICIAL_LABELS: &[&str] = &[
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
}

pub fn build(p: Parts<'_>, dropped: &mut Vec<Dropped>) -> Item {
    let mut meta = empty_meta(p.heading, p.group);
    let rest = take_labels(p.lines, &mut meta, dropped);
    let secs = sections::split(&rest);
    fill(&mut meta, &secs, p.kind, p.flow);
    let body = render(&secs, p.flow);
    meta.references = references::find(&body, &meta.cases);
    Item { meta, body }
}

fn empty_meta(h: &Heading, group: Option<String>) -> ItemMeta {
    let number = h.item_number();
    ItemMeta {
        group,
        cases: h.cases.clone(),
        ..ItemMeta::new(number, h.title.clone())
    }
}

/// Moves `Label: value` lines (case numbers, officials) into the front-matter.
fn take_labels(lines: &[Line], meta: &mut ItemMeta, dropped: &mut Vec<Dropped>) -> Vec<Line> {
    let mut rest = Vec::with_capacity(lines.len());
    for line in lines {
        let Some((label, value)) = label_value(line.trimmed()) else {
            rest.push(line.clone());
            continue;
        };
        let (key, value) = (label.trim().to_lowercase(), value.trim());
        if CASE_LABELS.contains(&key.as_str()) && !value.is_empty() {
            meta.cases
                .extend(value.split([',', ';']).map(|c| c.trim().to_string()));
        } else if OFFICIAL_LABELS.contains(&key.as_str()) && !value.is_empty() {
            meta.officials
                .extend(split_names(value).map(|name| Official {
                    name,
                    role: Some(label.trim().to_string()),
                }));
        } else {
            rest.push(line.clone());
            continue;
        }
        dropped.push(Dropped {
            line: line.no,
            text: format!("{}:", label.trim()),
            reason: "field label (value in front-matter)",
        });
    }
    rest
}

/// `Label: value`, or `Dnr KS 12-2025` where the label is a known one without a colon.
fn label_value(t: &str) -> Option<(&str, &str)> {
    if let Some(pair) = t.split_once(':') {
        return Some(pair);
    }
    let (first, rest) = t.split_once(' ')?;
    let key = first.trim_end_matches('.').to_lowercase();
    CASE_LABELS.contains(&key.as_str()).then_some((first, rest))
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
    meta.motions = fields::motions(secs, flow);
    meta.votes = fields::votes(secs, flow);
    meta.reservations = fields::statements(secs, &["reservation", "reservationer"], flow);
    meta.notes = fields::statements(
        secs,
        &[
            "protokollsanteckning",
            "protokollsanteckningar",
            "särskilt yttrande",
        ],
        flow,
    );
    meta.abstained = fields::named(secs, &["deltar ej i beslutet"], flow);
    meta.recused = fields::named(secs, &["jäv"], flow);
    meta.attachments = fields::entries(secs, &["beslutsunderlag", "handlingar"], flow);
    meta.recipients = fields::entries(
        secs,
        &["delges", "expedieras", "beslutet skickas till"],
        flow,
    );
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
