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
    Regex::new(r"(?:^|\s)(Delvis\s+genomför[dt]|Planenligt|Genomför[dt]|Ej\s+påbörjat|Ej\s+genomfört|Försenat|Avslutat|Negativt/inte\s+uppnått|Går\s+ej\s+att\s+bedöma|Delvis\s+uppnått|Ej\s+uppnått|Uppnått|Oförändrat|Negativt|Positivt)(?:\s|$)").unwrap()
});
static CODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\(?([A-ZÅÄÖ]{1,4}\d{1,3})\)?\s+").unwrap());
static COLUMNS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\S(?:\s?\S)*").unwrap());

/// One section of a report: its title and Markdown.
pub struct Section {
    pub title: String,
    pub body: String,
}

/// Splits a report into sections at page titles and renders each one.
pub fn parse(lines: &[Line], flow: Flow, dropped: &mut Vec<Dropped>) -> Vec<Section> {
    let pages = pages(lines);
    let labels = sub_labels(&pages);
    let mut out: Vec<(String, Vec<Line>)> = Vec::new();
    for page in pages {
        let title = page[0].trimmed().to_string();
        match out.last_mut() {
            Some((_, body)) if labels.contains(&title) || !is_title(&page) => body.extend(page),
            Some((t, body)) if *t == title => {
                dropped.push(Dropped {
                    line: page[0].no,
                    text: title,
                    reason: "repeated page title",
                });
                body.extend(page.into_iter().skip(1));
            }
            _ => out.push((title, page[1..].to_vec())),
        }
    }
    fold_empty(&mut out);
    out.into_iter()
        .map(|(title, body)| Section {
            body: render(&body, flow, dropped),
            title,
        })
        .collect()
}

/// A page opens a section when its first line stands alone: the next line is not its
/// lowercase continuation (`Inriktning` / `ekonomi` is a table cell cut by a page break).
fn is_title(page: &[Line]) -> bool {
    let next = page.get(1).map(Line::trimmed).unwrap_or("");
    !next.chars().next().is_some_and(char::is_lowercase)
}

/// Lines that open a page but also occur inside pages (`Kommentarer`) label a part of a
/// section, not a section.
fn sub_labels(pages: &[Vec<Line>]) -> Vec<String> {
    let inner: Vec<&str> = pages
        .iter()
        .flat_map(|p| p.iter().skip(1))
        .map(Line::trimmed)
        .collect();
    pages
        .iter()
        .map(|p| p[0].trimmed().to_string())
        .filter(|t| inner.contains(&t.as_str()))
        .collect()
}

/// A section with a title and nothing else (a caption left over from a graphic) is kept as
/// a line at the end of the section before it.
fn fold_empty(out: &mut Vec<(String, Vec<Line>)>) {
    let mut i = 1;
    while i < out.len() {
        if out[i].1.iter().all(Line::is_blank) {
            let (title, _) = out.remove(i);
            let no = out[i - 1].1.last().map_or(0, |l| l.no + 1);
            out[i - 1].1.push(Line {
                no,
                text: String::new(),
            });
            out[i - 1].1.push(Line { no, text: title });
        } else {
            i += 1;
        }
    }
}

/// Pages: runs of text separated by two or more blank lines; each starts with a text line.
fn pages(lines: &[Line]) -> Vec<Vec<Line>> {
    let mut out: Vec<Vec<Line>> = Vec::new();
    let mut blanks = 0;
    for l in lines {
        if l.is_blank() {
            blanks += 1;
            if let Some(page) = out.last_mut() {
                page.push(l.clone());
            }
            continue;
        }
        if blanks >= 2 || out.is_empty() {
            out.push(Vec::new());
        }
        blanks = 0;
        out.last_mut().unwrap().push(l.clone());
    }
    out
}

fn columns(t: &str) -> Vec<String> {
    t.split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect()
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
        if let Some(mut h) = header(l.trimmed()) {
            if let Some(pre) = take_header_prefix(&mut chunk) {
                h[0] = format!("{} {}", pre.trimmed(), h[0]);
                if seen.contains(&norm) {
                    dropped.push(Dropped {
                        line: pre.no,
                        text: pre.trimmed().to_string(),
                        reason: "repeated table header",
                    });
                }
            }
            flush(&mut parts, &chunk, cols.as_deref(), flow);
            chunk.clear();
            if seen.contains(&norm) {
                dropped.push(Dropped {
                    line: l.no,
                    text: l.trimmed().to_string(),
                    reason: "repeated table header",
                });
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

/// `Utveckling/` printed on the line above a header is the header's first half.
fn take_header_prefix(chunk: &mut Vec<Line>) -> Option<Line> {
    let i = chunk.iter().rposition(|l| !l.is_blank())?;
    let t = chunk[i].trimmed();
    (t.ends_with('/') && t.chars().count() <= 20).then(|| chunk.remove(i))
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
        while let Some(next) = lines
            .get(i)
            .filter(|l| !l.is_blank() && STATUS.captures(l.trimmed()).is_none())
        {
            if comment.is_empty() {
                comment = next.trimmed().to_string()
            } else {
                join(&mut comment, next.trimmed())
            }
            i += 1;
        }
        out.push(row(
            std::mem::take(&mut lead),
            before,
            m.as_str(),
            comment,
            cols,
        ));
    }
    let rest = markdown(&lead, flow, false);
    if !rest.is_empty() {
        out.push(rest);
    }
    out.join("\n\n")
}

/// `Delvis` / `genomfört` printed on two lines is one status.
fn merge_split_status(lines: &[Line]) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::new();
    for l in lines {
        if let Some(prev) = out.last_mut() {
            let t = l.trimmed();
            if prev.trimmed().ends_with("Delvis")
                && (t.starts_with("genomför") || t.starts_with("uppnått"))
            {
                prev.text = format!("{} {}", prev.text.trim_end(), t);
                continue;
            }
        }
        out.push(l.clone());
    }
    out
}

fn row(lead: Vec<Line>, before: String, status: &str, comment: String, cols: &[String]) -> String {
    let is_status = |c: &String| c.contains("Status") || c.contains("Måluppfyllelse");
    let status_col = cols.iter().position(is_status).unwrap_or(cols.len());
    let unit_col = cols.iter().position(|c| c.starts_with("Ansvarig"));
    let lead_cols = &cols[..unit_col.unwrap_or(status_col).min(status_col)];
    let mut paras = paragraphs(&lead);
    let mut out = Vec::new();
    let unit = match unit_col {
        Some(_) if before.is_empty() => paras.pop(),
        Some(_) => Some(before),
        None => {
            let values_only = before.starts_with(|c: char| c.is_ascii_digit() || "+-–".contains(c));
            let name = match values_only {
                true => [paras.pop().unwrap_or_default(), before]
                    .join(" ")
                    .trim()
                    .to_string(),
                false => before,
            };
            out.append(&mut paras);
            paras.push(name);
            None
        }
    };
    let mut fields = lead_fields(paras, lead_cols, &mut out);
    fields.extend(unit.map(|u| ("Ansvarig".to_string(), u)));
    let status_label = match cols.get(status_col) {
        Some(c) if c.contains("Status") => "Status",
        _ => "Måluppfyllelse",
    };
    let status = status.split_whitespace().collect::<Vec<_>>().join(" ");
    fields.push((status_label.to_string(), status));
    let comment_label = cols
        .last()
        .filter(|c| c.starts_with("Kommentar"))
        .cloned()
        .unwrap_or_else(|| "Kommentar".into());
    fields.push((comment_label, comment));
    let list: Vec<String> = fields
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("- **{k}:** {v}"))
        .collect();
    out.push(list.join("\n"));
    out.join("\n\n")
}

/// The lead cells of a row: an assignment code (`(RF2)`, `RF7`) becomes a `###` heading; with
/// two lead columns (`Nr`, `Aktivitet`) the last paragraph is the second one.
fn lead_fields(
    mut paras: Vec<String>,
    lead_cols: &[String],
    out: &mut Vec<String>,
) -> Vec<(String, String)> {
    let mut cols = lead_cols.to_vec();
    if let Some(first) = paras.first_mut() {
        if let Some(c) = CODE.captures(first) {
            out.push(format!("### {}", &c[1]));
            *first = first[c.get(0).unwrap().end()..].to_string();
            if cols.len() >= 2 {
                cols.remove(0);
            }
        }
    }
    if cols.len() >= 2 && paras.len() >= 2 {
        let last = paras.pop().unwrap_or_default();
        return vec![
            (cols[0].clone(), paras.join(" ")),
            (cols[1..].join(" / "), last),
        ];
    }
    let label = match cols.is_empty() {
        true => "Uppgift".to_string(),
        false => cols.join(" / "),
    };
    vec![(label, paras.join(" "))]
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
        assert!(
            s[0].body
                .contains("- **Ansvarig:** Regionstab en\n- **Status:** Delvis genomfört"),
            "{}",
            s[0].body
        );
    }

    #[test]
    fn repeated_page_titles_merge() {
        let mut d = Vec::new();
        let s = parse(
            &lines_of("Ekonomi\nText ett.\n\n\n\nEkonomi\nText två."),
            Flow { wrap: 60 },
            &mut d,
        );
        assert_eq!(s.len(), 1);
        assert_eq!(d[0].reason, "repeated page title");
    }
}
