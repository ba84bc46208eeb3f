//! Reports (verksamhetsberättelse, årsredovisning): pages of sections and flattened tables.
//!
//! ```text
//! Uppdrag                                          page title → section (item); a title
//! Uppdrag              Ansvarig   Status   Kommentar   repeated on the next page continues it
//! (RF2) Under 2025 ska RS och HSN ...              a row: lead text, then the unit and a
//! CHR/HSF Planenligt Centrum för HR stöttar ...    status word, then the comment
//! ```
//!
//! A row becomes `### RF2` (when it has an assignment code) and a list of its columns, so
//! the assignments, indicators and activities stay structured Markdown.

use super::doc::{Dropped, Line};
use super::reflow::{join, markdown, Flow};
use regex::Regex;
use std::sync::LazyLock;

static STATUS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|\s)(Delvis\s+genomförd?|Planenligt|Genomförd?|Ej\s+påbörjat|Ej\s+genomfört|Försenat|Avslutat|Negativt/inte\s+uppnått|Går\s+ej\s+att\s+bedöma|Delvis\s+uppnått|Ej\s+uppnått|Uppnått|Oförändrat|Negativt|Positivt)(?:\s|$)").unwrap()
});
static CODE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\(?([A-ZÅÄÖ]{1,4}\d{1,3})\)?\s+").unwrap());
static COLUMNS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\S(?:\s?\S)*").unwrap());

/// One section of a report: its title and Markdown.
pub struct Section {
    pub title: String,
    pub body: String,
}

/// Splits a report into sections at page titles and renders each one.
pub fn parse(lines: &[Line], flow: Flow, dropped: &mut Vec<Dropped>) -> Vec<Section> {
    let mut out: Vec<(String, Vec<Line>)> = Vec::new();
    for page in pages(lines) {
        let Some(first) = page.iter().position(|l| !l.is_blank()) else { continue };
        let title = page[first].trimmed().to_string();
        let rest = page[first + 1..].to_vec();
        match out.last_mut() {
            Some((t, body)) if *t == title => {
                dropped.push(Dropped { line: page[first].no, text: title, reason: "repeated page title" });
                body.extend(rest);
            }
            _ => out.push((title, rest)),
        }
    }
    out.into_iter()
        .map(|(title, body)| Section { body: render(&body, flow, dropped), title })
        .collect()
}

/// Pages: runs of text separated by two or more blank lines.
fn pages(lines: &[Line]) -> Vec<Vec<Line>> {
    let mut out = vec![Vec::new()];
    let mut blanks = 0;
    for l in lines {
        if l.is_blank() {
            blanks += 1;
            continue;
        }
        if blanks >= 2 && !out.last().unwrap().is_empty() {
            out.push(Vec::new());
        }
        blanks = 0;
        out.last_mut().unwrap().push(l.clone());
    }
    out
}

fn columns(t: &str) -> Vec<String> {
    t.split("  ").map(str::trim).filter(|c| !c.is_empty()).map(str::to_string).collect()
}

/// A table header: three or more columns apart, one of them a status column.
fn header(t: &str) -> Option<Vec<String>> {
    let cols = columns(t);
    let is_status = |c: &String| c.contains("Status") || c.contains("Måluppfyllelse");
    (cols.len() >= 3 && cols.iter().any(is_status) && COLUMNS.is_match(t)).then_some(cols)
}

fn render(lines: &[Line], flow: Flow, dropped: &mut Vec<Dropped>) -> String {
    let mut parts = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    let mut chunk: Vec<Line> = Vec::new();
    let mut cols: Option<Vec<String>> = None;
    for l in lines {
        let norm = l.trimmed().split_whitespace().collect::<Vec<_>>().join(" ");
        if let Some(h) = header(l.trimmed()) {
            flush(&mut parts, &chunk, cols.as_deref(), flow);
            chunk.clear();
            if seen.contains(&norm) {
                dropped.push(Dropped { line: l.no, text: l.trimmed().to_string(), reason: "repeated table header" });
            } else {
                parts.push(h.join(" | "));
                seen.push(norm);
            }
            cols = Some(h);
            continue;
        }
        chunk.push(l.clone());
    }
    flush(&mut parts, &chunk, cols.as_deref(), flow);
    parts.retain(|p| !p.is_empty());
    parts.join("\n\n")
}

fn flush(parts: &mut Vec<String>, lines: &[Line], cols: Option<&[String]>, flow: Flow) {
    match cols {
        Some(cols) => parts.push(rows(lines, cols, flow)),
        None => parts.push(markdown(lines, flow, false)),
    }
}

/// Table rows: each status word ends a row's lead and starts its comment.
fn rows(lines: &[Line], cols: &[String], flow: Flow) -> String {
    let lines = merge_split_status(lines);
    let mut out = Vec::new();
    let mut lead: Vec<Line> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let t = lines[i].trimmed();
        let Some(m) = STATUS.captures(t).and_then(|c| c.get(1)) else {
            lead.push(lines[i].clone());
            i += 1;
            continue;
        };
        let before = t[..m.start()].trim().to_string();
        let mut comment = t[m.end()..].trim().to_string();
        i += 1;
        if comment.is_empty() {
            while lines.get(i).is_some_and(Line::is_blank) {
                i += 1;
            }
        }
        while let Some(next) = lines.get(i).filter(|l| !l.is_blank() && STATUS.captures(l.trimmed()).is_none()) {
            if comment.is_empty() { comment = next.trimmed().to_string() } else { join(&mut comment, next.trimmed()) }
            i += 1;
        }
        out.push(row(std::mem::take(&mut lead), before, m.as_str(), comment, cols, flow));
    }
    if !lead.is_empty() {
        out.push(markdown(&lead, flow, false));
    }
    out.join("\n\n")
}

/// `Delvis` / `genomfört` printed on two lines is one status.
fn merge_split_status(lines: &[Line]) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::new();
    for l in lines {
        if let Some(prev) = out.last_mut() {
            let t = l.trimmed();
            if prev.trimmed().ends_with("Delvis") && (t.starts_with("genomför") || t.starts_with("uppnått")) {
                prev.text = format!("{} {}", prev.text.trim_end(), t);
                continue;
            }
        }
        out.push(l.clone());
    }
    out
}

fn row(lead: Vec<Line>, before: String, status: &str, comment: String, cols: &[String], flow: Flow) -> String {
    let has_unit = cols.iter().any(|c| c.starts_with("Ansvarig"));
    let (task, unit) = split_unit(&lead, before, has_unit, flow);
    let label = |i: usize, fallback: &str| cols.get(i).cloned().unwrap_or_else(|| fallback.to_string());
    let status_col = cols.iter().position(|c| c.contains("Status") || c.contains("Måluppfyllelse")).unwrap_or(2);
    let mut out = String::new();
    let task = match CODE.captures(&task) {
        Some(c) => {
            out.push_str(&format!("### {}\n\n", &c[1]));
            task[c.get(0).unwrap().end()..].to_string()
        }
        None => task,
    };
    let mut field = |name: String, value: &str| {
        if !value.is_empty() {
            out.push_str(&format!("- **{name}:** {value}\n"));
        }
    };
    field(label(0, "Uppgift"), &task);
    if let Some(unit) = unit {
        field("Ansvarig".to_string(), &unit);
    }
    field(label(status_col, "Status"), &status.split_whitespace().collect::<Vec<_>>().join(" "));
    field(label(status_col + 1, "Kommentar"), &comment);
    out.trim_end().to_string()
}

/// The responsible unit: the text before the status on its line, or else the lead's last
/// paragraph (`Regionstab` / `en` printed in a narrow column).
fn split_unit(lead: &[Line], before: String, has_unit: bool, flow: Flow) -> (String, Option<String>) {
    let text = markdown(lead, flow, false).replace("\n\n", " ");
    if !has_unit {
        let task = [text, before].iter().filter(|s| !s.is_empty()).cloned().collect::<Vec<_>>().join(" ");
        return (task, None);
    }
    if !before.is_empty() {
        return (text, Some(before));
    }
    let paras: Vec<String> = paragraphs(lead);
    match paras.split_last() {
        Some((unit, rest)) if !rest.is_empty() => (rest.join(" "), Some(unit.clone())),
        _ => (text, None),
    }
}

fn paragraphs(lines: &[Line]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    for l in lines {
        if l.is_blank() {
            open = false;
        } else if open {
            join(out.last_mut().unwrap(), l.trimmed());
        } else {
            out.push(l.trimmed().to_string());
            open = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::doc::lines_of;

    #[test]
    fn assignment_rows_keep_their_columns() {
        let text = "Uppdrag\n\nUppdrag              Ansvarig   Status        Kommentar\n\n(RF2) Under 2025 ska RS\nfortsätta.\n\nCHR/HSF Planenligt Centrum för HR stöttar.\n\n(RF9) Regionstyrelsen ska\nvidta åtgärder.\n\nRegionstab\nen\n\nDelvis\ngenomfört Arbetet pågår.";
        let mut d = Vec::new();
        let s = parse(&lines_of(text), Flow { wrap: 60 }, &mut d);
        assert_eq!(s.len(), 1);
        assert!(s[0].body.contains("### RF2\n\n- **Uppdrag:** Under 2025 ska RS fortsätta.\n- **Ansvarig:** CHR/HSF\n- **Status:** Planenligt\n- **Kommentar:** Centrum för HR stöttar."), "{}", s[0].body);
        assert!(s[0].body.contains("- **Ansvarig:** Regionstab en\n- **Status:** Delvis genomfört"), "{}", s[0].body);
    }

    #[test]
    fn repeated_page_titles_merge() {
        let mut d = Vec::new();
        let s = parse(&lines_of("Ekonomi\nText ett.\n\n\n\nEkonomi\nText två."), Flow { wrap: 60 }, &mut d);
        assert_eq!(s.len(), 1);
        assert_eq!(d[0].reason, "repeated page title");
    }
}
