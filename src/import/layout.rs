//! What a PDF knows that its plain text loses: which lines are bold or set larger, and where
//! on the page each line stands. Read from poppler's `pdftohtml -xml` beside the text that
//! `pdftotext` gives, and matched to that text line by line, so the `.txt` path and the PDF
//! path share every other stage.
//!
//! ```text
//! <page number="2" height="1263" ...>
//!   <fontspec id="0" size="17" .../>
//!   <text top="116" left="108" ... font="0"><b>KS § 12 Budget 2026</b></text>   bold: a heading
//!   <text top="1190" left="400" ... font="1">Storby kommun  Sida 2 av 9</text>   the same place on
//! </page>                                                                       every page: furniture
//! ```

use super::doc::Line;
use crate::diag::Diagnostic;
use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};
use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

/// One run of text as `pdftohtml` places it.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub page: usize,
    /// Distance from the page's top, as a share of its height (0.0 top, 1.0 bottom).
    pub top: f32,
    pub size: f32,
    pub bold: bool,
    pub text: String,
}

/// What the layout says of one line of the text.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Look {
    /// Bold, or set at least 15% larger than the document's body text.
    pub emphasized: bool,
    /// The same text (numbers aside) at the same height on three or more pages, or on most
    /// pages of a short document: a running header or footer.
    pub repeated: bool,
}

/// The looks of a text's lines, by 1-based line number, and the first page's form rows.
#[derive(Debug, Clone, Default)]
pub struct Looks {
    lines: HashMap<usize, Look>,
    /// Rows of the first page whose label and value stand side by side (`Organ` ...
    /// `Barn- och utbildningsnämnden`), which plain text reads a column at a time.
    pub form: Vec<String>,
}

impl Looks {
    pub fn get(&self, line: usize) -> Look {
        self.lines.get(&line).copied().unwrap_or_default()
    }
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty() && self.form.is_empty()
    }
}

/// Runs `pdftohtml -xml` on `path`; `None` when it is not installed or fails (the text alone
/// still imports).
pub fn runs_of(path: &Path) -> Option<Vec<Run>> {
    let out = Command::new("pdftohtml")
        .args(["-xml", "-i", "-q", "-stdout", "-enc", "UTF-8"])
        .arg(path)
        .output()
        .ok()?;
    out.status.success().then_some(())?;
    parse(&String::from_utf8_lossy(&out.stdout)).ok()
}

/// Parses `pdftohtml -xml` output into runs.
pub fn parse(xml: &str) -> Result<Vec<Run>, Diagnostic> {
    let mut reader = Reader::from_str(xml);
    let mut fonts: HashMap<String, f32> = HashMap::new();
    let mut runs = Vec::new();
    let (mut page, mut height) = (0usize, 1.0f32);
    let mut current: Option<(f32, f32)> = None;
    let (mut text, mut bold) = (String::new(), false);
    loop {
        let event = reader
            .read_event()
            .map_err(|e| Diagnostic::error("pdftohtml", format!("cannot read its XML: {e}")))?;
        match event {
            Event::Start(e) | Event::Empty(e) => {
                let attrs = attributes(&e);
                match e.name().as_ref() {
                    "page" => {
                        page += 1;
                        height = number(&attrs, "height").max(1.0);
                    }
                    "fontspec" => {
                        let id = attrs.get("id").cloned().unwrap_or_default();
                        fonts.insert(id, number(&attrs, "size"));
                    }
                    "text" => {
                        let size = attrs.get("font").and_then(|f| fonts.get(f)).copied();
                        current = Some((number(&attrs, "top") / height, size.unwrap_or(0.0)));
                        text.clear();
                        bold = false;
                    }
                    "b" => bold = true,
                    _ => {}
                }
            }
            Event::End(e) if e.name().as_ref() == "text" => {
                if let Some((top, size)) = current.take() {
                    if !text.trim().is_empty() {
                        runs.push(Run {
                            page,
                            top,
                            size,
                            bold,
                            text: text.clone(),
                        });
                    }
                }
            }
            Event::Text(t) if current.is_some() => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if current.is_some() => {
                let name = r.xml10_content();
                let c = match name.as_ref() {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    _ => r.resolve_char_ref().ok().flatten(),
                };
                text.extend(c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(runs)
}

fn attributes(e: &quick_xml::events::BytesStart<'_>) -> HashMap<String, String> {
    e.attributes()
        .filter_map(Result::ok)
        .filter_map(|a| {
            let key = a.key.as_ref().to_string();
            let value = a.normalized_value(XmlVersion::Implicit1_0).ok()?;
            Some((key, value.into_owned()))
        })
        .collect()
}

fn number(attrs: &HashMap<String, String>, key: &str) -> f32 {
    attrs.get(key).and_then(|v| v.parse().ok()).unwrap_or(0.0)
}

/// Whitespace collapsed and digits folded, so `Sida 2 av 9` and `Sida 3 av 9` compare equal.
fn shape(t: &str) -> String {
    t.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

fn collapsed(t: &str) -> String {
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Matches the lines of the plain text (pages separated by form feeds, as `pdftotext` writes
/// them) to the runs of the same page, and says what each matched line looks like.
pub fn looks(text: &str, runs: &[Run]) -> Looks {
    let body_size = median_size(runs);
    let repeated = repeated_runs(runs);
    let mut by_page: HashMap<usize, Vec<(usize, &Run)>> = HashMap::new();
    for (k, r) in runs.iter().enumerate() {
        by_page.entry(r.page).or_default().push((k, r));
    }
    let mut out = HashMap::new();
    let mut used = vec![false; runs.len()];
    for (no, page, line) in numbered_lines(text) {
        let want = collapsed(&line);
        if want.is_empty() {
            continue;
        }
        let on_page = by_page.get(&page).map_or(&[][..], Vec::as_slice);
        // The same text in one run; else a run that holds it among other text (a footer's
        // left and right parts are one run for pdftohtml, two lines for pdftotext).
        let exact = on_page
            .iter()
            .find(|(k, r)| !used[*k] && collapsed(&r.text) == want);
        let within = || {
            on_page
                .iter()
                .find(|(_, r)| want.chars().count() >= 4 && holds_words(&collapsed(&r.text), &want))
        };
        let Some(&(k, run)) = exact.or_else(within) else {
            continue;
        };
        if exact.is_some() {
            used[k] = true;
        }
        let larger = body_size > 0.0 && run.size >= body_size * 1.15;
        out.insert(
            no,
            Look {
                emphasized: run.bold || larger,
                repeated: repeated[k],
            },
        );
    }
    Looks {
        lines: out,
        form: form_rows(runs),
    }
}

/// The first page's rows that hold more than one cell: runs at the same height joined left
/// to right, or one run whose cells `pdftohtml` already joined with a wide gap.
fn form_rows(runs: &[Run]) -> Vec<String> {
    let mut first: Vec<(f32, &Run)> = runs
        .iter()
        .filter(|r| r.page == 1)
        .map(|r| (r.top, r))
        .collect();
    first.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut rows: Vec<Vec<&Run>> = Vec::new();
    for (top, run) in first {
        match rows.last_mut() {
            Some(row) if (row[0].top - top).abs() < 0.004 => row.push(run),
            _ => rows.push(vec![run]),
        }
    }
    rows.into_iter()
        .filter(|row| row.len() > 1 || row[0].text.trim().contains("   "))
        .map(|row| {
            row.iter()
                .flat_map(|r| cells(&r.text))
                .collect::<Vec<_>>()
                .join("  ")
        })
        .collect()
}

/// A run's cells: text set apart by three or more spaces, each with its spaces collapsed.
fn cells(text: &str) -> Vec<String> {
    text.split("   ")
        .map(|c| c.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|c| !c.is_empty())
        .collect()
}

/// Each line with its 1-based number and page (form feeds start pages), as `lines_of` numbers
/// them.
fn numbered_lines(text: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut page = 1;
    // Form feeds become blank lines in `lines_of`: count them as line breaks the same way.
    let mut no = 0;
    for segment in text.split('\n') {
        let mut parts = segment.split('\u{c}').peekable();
        while let Some(part) = parts.next() {
            no += 1;
            out.push((no, page, part.trim_end().to_string()));
            if parts.peek().is_some() {
                page += 1;
            }
        }
    }
    out
}

/// Whether `run` holds `part` as whole words.
fn holds_words(run: &str, part: &str) -> bool {
    run.match_indices(part).any(|(at, _)| {
        let before = run[..at].chars().next_back();
        let after = run[at + part.len()..].chars().next();
        before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
    })
}

fn median_size(runs: &[Run]) -> f32 {
    let mut sizes: Vec<f32> = runs.iter().map(|r| r.size).filter(|s| *s > 0.0).collect();
    sizes.sort_by(f32::total_cmp);
    sizes.get(sizes.len() / 2).copied().unwrap_or(0.0)
}

/// For each run: whether its shape recurs at the same height (within 1% of the page) on
/// three or more pages, or on every page of a two-page document.
fn repeated_runs(runs: &[Run]) -> Vec<bool> {
    let pages = runs.iter().map(|r| r.page).max().unwrap_or(0);
    let mut seen: HashMap<(String, i32), Vec<usize>> = HashMap::new();
    for r in runs {
        let band = (r.top * 100.0).round() as i32;
        seen.entry((shape(&r.text), band)).or_default().push(r.page);
    }
    let need = if pages <= 2 { 2 } else { 3 };
    runs.iter()
        .map(|r| {
            let band = (r.top * 100.0).round() as i32;
            let on = |b: i32| {
                seen.get(&(shape(&r.text), b)).map_or(0, |ps| {
                    let mut ps = ps.clone();
                    ps.dedup();
                    ps.len()
                })
            };
            let count = on(band).max(on(band - 1)).max(on(band + 1));
            pages >= 2 && count >= need && (r.top < 0.15 || r.top > 0.85)
        })
        .collect()
}

/// Lines the layout shows are running headers or footers, blanked and returned for the
/// report; a line is only dropped when the plain text would not already have dropped it.
pub fn drop_repeated(lines: &mut [Line], looks: &Looks) -> Vec<super::doc::Dropped> {
    lines
        .iter_mut()
        .filter(|l| !l.is_blank() && looks.get(l.no).repeated)
        .map(|l| {
            let d = super::doc::Dropped {
                line: l.no,
                text: l.trimmed().to_string(),
                reason: "running header or footer (same place on every page)",
            };
            l.text.clear();
            d
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<pdf2xml producer="poppler" version="22.12.0">
<page number="1" position="absolute" top="0" left="0" height="1000" width="700">
	<fontspec id="0" size="17" family="Times" color="#000000"/>
	<fontspec id="1" size="12" family="Times" color="#000000"/>
<text top="20" left="100" width="200" height="15" font="1">Storby kommun Sida 1 av 2</text>
<text top="116" left="108" width="155" height="15" font="1"><b>KS § 12 Budget &amp; taxor</b></text>
<text top="142" left="108" width="117" height="15" font="1">Dnr KS 2024/456</text>
<text top="167" left="108" width="196" height="15" font="0">Stor rubrik</text>
</page>
<page number="2" position="absolute" top="0" left="0" height="1000" width="700">
<text top="21" left="100" width="200" height="15" font="1">Storby kommun Sida 2 av 2</text>
<text top="116" left="108" width="155" height="15" font="1">Text på sidan två.</text>
</page>
</pdf2xml>"##;

    #[test]
    fn runs_with_weight_size_and_entities() {
        let runs = parse(XML).unwrap();
        assert_eq!(runs.len(), 6);
        assert_eq!(runs[1].text, "KS § 12 Budget & taxor");
        assert!(runs[1].bold && !runs[2].bold);
        assert_eq!((runs[4].page, runs[4].size), (2, 12.0));
    }

    #[test]
    fn form_rows_pair_labels_with_values() {
        let xml = r##"<pdf2xml><page number="1" height="1000">
<fontspec id="1" size="12"/>
<text top="171" left="108" font="1">Organ                              Barn- och utbildningsnämnden</text>
<text top="210" left="108" font="1">Sammanträdesdatum</text>
<text top="210" left="271" font="1">2025-03-12</text>
<text top="230" left="108" font="1">Nämnden beslutar att godkänna.</text>
</page></pdf2xml>"##;
        let runs = parse(xml).unwrap();
        assert_eq!(
            form_rows(&runs),
            [
                "Organ  Barn- och utbildningsnämnden",
                "Sammanträdesdatum  2025-03-12"
            ]
        );
    }

    #[test]
    fn lines_get_their_looks() {
        let runs = parse(XML).unwrap();
        let text = "Storby kommun Sida 1 av 2\nKS § 12 Budget & taxor\nDnr KS 2024/456\nStor rubrik\n\u{c}Storby kommun Sida 2 av 2\nText på sidan två.\n";
        let looks = looks(text, &runs);
        assert!(looks.get(1).repeated && looks.get(6).repeated);
        assert!(looks.get(2).emphasized, "bold");
        assert!(!looks.get(3).emphasized);
        assert!(looks.get(4).emphasized, "larger");
        assert!(!looks.get(7).repeated);
    }
}
