//! `diarium import --explain FILE`: the document line by line with the role the importer gave
//! each line and why, so a registrar sees what went wrong and what a profile must say.
//!
//! ```text
//! organization  Kramfors kommun (inferred from running text: check it)
//! body          Kommunstyrelsens arbetsutskott
//! date          not printed: give it with --date or `date:` in the sidecar
//! items         12, numbered (`26`, `26.`, `Ärende 26`), read from a table of contents
//!
//!    1  dropped: page number          │ 1(36)
//!    2  item 26 heading: Information  │ 26 Dnr KS 2018/14 Information... 3
//!       case number KS 2018/14
//!    3  text of item 26               │ Kommunstyrelsens arbetsutskott beslutar ...
//! ```

use super::assemble::Analysis;
use super::doc::Line;
use super::headings::Heading;
use super::markers::Family;
use super::outline::Outline;
use super::sections;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The explanation of one analysed source, as printed.
pub fn explain(shown: &str, a: &Analysis) -> String {
    let mut out = format!("explain: {shown}\n\n");
    facts(a, &mut out);
    let roles = roles(a);
    let dropped = dropped_by_line(a);
    out.push('\n');
    let mut k = 0;
    let last = a.lines.last().map_or(0, |l| l.no);
    for no in 1..=last {
        for (reason, text) in dropped.get(&no).into_iter().flatten() {
            row(&mut out, no, &format!("dropped: {reason}"), text);
        }
        while let Some(line) = a.lines.get(k).filter(|l| l.no == no) {
            if !line.is_blank() {
                let role = match a.looks.get(no).emphasized {
                    true => format!("{} (bold)", roles[k]),
                    false => roles[k].clone(),
                };
                row(&mut out, no, &role, line.trimmed());
            }
            k += 1;
        }
    }
    for w in &a.warnings {
        let _ = writeln!(out, "\n{w}");
    }
    out
}

fn facts(a: &Analysis, out: &mut String) {
    let h = &a.header;
    let fact = |name: &'static str, value: Option<String>, flag: &str| match value {
        Some(v) if h.inferred.contains(&name) => {
            format!("{v} (inferred from running text: check it)")
        }
        Some(v) => v,
        None => format!("not printed: give it with --{flag} or `{flag}:` in the sidecar"),
    };
    let lines = [
        (
            "organization",
            fact("organization", h.organization.clone(), "organization"),
        ),
        ("body", fact("body", h.body.clone(), "body")),
        ("date", fact("date", h.date.map(|d| d.to_string()), "date")),
        ("kind", kind_fact(a)),
        (
            "place",
            h.place.clone().unwrap_or_else(|| "not printed".into()),
        ),
        ("chair", signer(h.chair.clone())),
        ("secretary", signer(h.secretary.clone())),
        (
            "adjusters",
            signer((!h.adjusters.is_empty()).then(|| h.adjusters.join(", "))),
        ),
        (
            "time",
            h.time.clone().unwrap_or_else(|| "not printed".into()),
        ),
        (
            "paragraphs",
            h.paragraphs
                .map_or("not printed".into(), |p| format!("{}–{}", p.first, p.last)),
        ),
        ("notice board", notice_fact(h)),
        ("items", items_fact(a)),
        ("layout", layout_fact(a)),
    ];
    for (label, value) in lines {
        let _ = writeln!(out, "{label:<13} {value}");
    }
}

/// The notice-board dates read and the last day to appeal they give.
fn notice_fact(h: &super::meeting::Header) -> String {
    let mut parts: Vec<String> = [
        ("approved", h.approved),
        ("posted", h.posted),
        ("posted until", h.posted_until),
    ]
    .iter()
    .filter_map(|(name, d)| d.map(|d| format!("{name} {d}")))
    .collect();
    match crate::appeal::last_day(h.posted, h.appeal_deadline) {
        Some((d, crate::appeal::Source::Printed)) => {
            parts.push(format!("last day to appeal {d} (printed)"))
        }
        Some((d, _)) => parts.push(format!("last day to appeal {d} (three weeks from posting)")),
        None => {}
    }
    match parts.is_empty() {
        true => "not printed".into(),
        false => parts.join(", "),
    }
}

fn signer(name: Option<String>) -> String {
    name.unwrap_or_else(|| "not on the cover page (the presence list may say)".into())
}

fn layout_fact(a: &Analysis) -> String {
    if a.looks.is_empty() {
        return "text only (a .txt, or no pdftohtml)".into();
    }
    let last = a.lines.last().map_or(0, |l| l.no);
    let (bold, repeated) = (1..=last).fold((0, 0), |(b, r), no| {
        let look = a.looks.get(no);
        (
            b + usize::from(look.emphasized),
            r + usize::from(look.repeated),
        )
    });
    format!("read from the PDF: {bold} bold or larger lines, {repeated} lines repeated at the same place on every page")
}

fn kind_fact(a: &Analysis) -> String {
    let how = if a.header.kind.is_some() {
        "printed"
    } else {
        "from the layout"
    };
    format!("{} ({how})", a.kind.as_str())
}

fn items_fact(a: &Analysis) -> String {
    let Some(f) = &a.found else {
        return "none recognized: the whole text becomes one item".into();
    };
    let family = match &f.family {
        Some(Family::Paragraph(p)) if p.is_empty() => "paragraphs (`§ N`)".to_string(),
        Some(Family::Paragraph(p)) => format!("paragraphs with a prefix (`{p} § N`)"),
        Some(Family::Prefixed(p)) => format!("prefixed numbers (`{p} N`)"),
        _ => "numbered items (`N`, `N.`, `Ärende N`)".to_string(),
    };
    let mut s = format!("{}, {family}", f.heads.len() + f.announced.len());
    if !f.toc.is_empty() {
        s.push_str(", confirmed by a table of contents");
    }
    if !f.announced.is_empty() {
        let _ = write!(s, "; {} only in the table of contents", f.announced.len());
    }
    s
}

/// The role of each of `a.lines`.
fn roles(a: &Analysis) -> Vec<String> {
    let mut roles: Vec<String> = vec!["preamble (before the first item)".into(); a.lines.len()];
    let Some(f) = &a.found else {
        return vec!["text of the one item".into(); a.lines.len()];
    };
    for (k, h) in f.heads.iter().enumerate() {
        let end = f.heads.get(k + 1).map_or(a.lines.len(), |n| n.at);
        item_roles(&a.lines, h, end, &mut roles);
    }
    for &(from, to) in &f.toc {
        for r in roles.iter_mut().take(to).skip(from) {
            *r = "table of contents (confirms an item below)".into();
        }
    }
    announced_roles(f, &mut roles);
    let first = f.heads.first().map_or(a.lines.len(), |h| h.at);
    header_roles(a, &a.lines[..first.min(a.lines.len())], &mut roles);
    roles
}

/// Lines of the preamble that state a meeting fact.
fn header_roles(a: &Analysis, preamble: &[Line], roles: &mut [String]) {
    let h = &a.header;
    let date = h.date.map(|d| d.to_string());
    let facts = [
        ("organization", h.organization.as_deref()),
        ("body", h.body.as_deref()),
        ("date", date.as_deref()),
        ("place", h.place.as_deref()),
        ("time", h.time.as_deref()),
    ];
    for (i, line) in preamble.iter().enumerate() {
        let t = line.trimmed().to_lowercase();
        let named: Vec<&str> = facts
            .iter()
            .filter(|(_, v)| v.is_some_and(|v| !v.is_empty() && t.contains(&v.to_lowercase())))
            .map(|(name, _)| *name)
            .collect();
        if !named.is_empty() {
            roles[i] = format!("header: {}", named.join(", "));
        }
    }
}

fn item_roles(lines: &[Line], h: &Heading, end: usize, roles: &mut [String]) {
    let n = h.item_number();
    let mut head = format!("item {n} heading: {}", h.title);
    for c in &h.cases {
        let _ = write!(head, "; case number {c}");
    }
    roles[h.at] = head;
    for r in roles.iter_mut().take(h.at + h.span).skip(h.at + 1) {
        *r = format!("item {n} heading, continued");
    }
    for i in (h.at + h.span).min(end)..end {
        let t = lines[i].trimmed();
        roles[i] = match sections::heading(t) {
            Some(name) => format!("section heading of item {n}: {name}"),
            None if is_label(t) => format!("field of item {n} (to front-matter)"),
            None => format!("text of item {n}"),
        };
    }
}

fn announced_roles(f: &Outline, roles: &mut [String]) {
    for h in &f.announced {
        roles[h.at] = format!(
            "table-of-contents entry: item {} created from it (the body lacks it)",
            h.item_number()
        );
    }
}

/// `Dnr: ...`, `Diarienummer ...`, `Handläggare: ...`: labels whose values go to front-matter,
/// as the item reader takes them.
fn is_label(t: &str) -> bool {
    let official = t.split_once(':').is_some_and(|(l, _)| {
        super::item::OFFICIAL_LABELS.contains(&l.trim().to_lowercase().as_str())
    });
    official || super::case_refs::label_line(t).is_some()
}

fn dropped_by_line(a: &Analysis) -> BTreeMap<usize, Vec<(&'static str, &str)>> {
    let mut by: BTreeMap<usize, Vec<(&'static str, &str)>> = BTreeMap::new();
    for d in &a.dropped {
        by.entry(d.line)
            .or_default()
            .push((d.reason, d.text.as_str()));
    }
    by
}

fn row(out: &mut String, no: usize, role: &str, text: &str) {
    let shown: String = if text.chars().count() > 100 {
        text.chars().take(99).chain(['…']).collect()
    } else {
        text.to_string()
    };
    let _ = writeln!(out, "{no:>5}  {role:<48} │ {shown}");
}
