//! What the importer is unsure of, said to the registrar as warnings: items known only from a
//! table of contents, facts inferred from running text, paragraphs announced but not
//! printed, and a layout it did not recognize. Each points at what to check.

use super::doc::{Item, Line};
use super::meeting::Header;
use super::outline::Outline;
use super::sidecar::Overrides;
use crate::diag::Diagnostic;
use crate::model::ParagraphRange;
use std::path::Path;

/// Items that only the table of contents lists: created from the entry.
pub fn announced(path: &Path, outline: &Outline, lines: &[Line]) -> Vec<Diagnostic> {
    outline
        .announced
        .iter()
        .map(|h| {
            Diagnostic::warning(
                path,
                format!(
                    "item {} ({}) is listed in the table of contents but not printed in the text; it was created from its entry",
                    h.item_number(),
                    h.title
                ),
            )
            .at(lines[h.at].no, 1)
            .hint("the document may be truncated or partial: check it against the original")
        })
        .collect()
}

/// Facts read from running text rather than a header, unless given by hand.
pub fn inferred(path: &Path, header: &Header, given: &Overrides) -> Vec<Diagnostic> {
    header
        .inferred
        .iter()
        .filter(|fact| !is_given(given, fact))
        .map(|fact| {
            Diagnostic::warning(
                path,
                format!("the meeting's {fact} was inferred from the running text, not read from a header"),
            )
            .hint(format!("check it; if it is wrong, give `{fact}:` in the sidecar or with --{fact}"))
        })
        .collect()
}

fn is_given(given: &Overrides, fact: &str) -> bool {
    match fact {
        "organization" => given.organization.is_some(),
        "body" => given.body.is_some(),
        _ => given.date.is_some(),
    }
}

pub fn unrecognized(path: &Path) -> Diagnostic {
    Diagnostic::warning(
        path,
        "no agenda items or paragraphs recognized; the whole text is imported as one item",
    )
    .hint("check the result with `diarium import --explain`, and tell the maintainers about this house style")
}

/// Paragraphs that the header's range (`Paragrafer 26–38`, `§§ 208-227`) announces and the
/// text does not print (`numbers` are the items'): a truncated or partial document. Nothing
/// can be made of them, but the registrar should know.
pub fn unprinted_paragraphs(
    path: &Path,
    range: Option<ParagraphRange>,
    numbers: &[u32],
) -> Option<Diagnostic> {
    let range = range?;
    if numbers.is_empty() || range.last - range.first > 500 {
        return None;
    }
    let missing: Vec<String> = (range.first..=range.last)
        .filter(|n| !numbers.contains(n))
        .map(|n| n.to_string())
        .collect();
    let (what, list, verb) = match missing.len() {
        0 => return None,
        1 => ("paragraph", missing[0].clone(), "is"),
        _ => ("paragraphs", missing.join(", "), "are"),
    };
    Some(
        Diagnostic::warning(
            path,
            format!(
                "{what} {list} of the announced {}–{} {verb} not printed in the text",
                range.first, range.last
            ),
        )
        .hint("the document may be truncated or partial: check it against the original"),
    )
}

/// Votes whose printed ballots do not add up to the printed counts: the counts are kept, and
/// the registrar checks which of the two the original misprints (or the import misread).
pub fn vote_tallies(path: &Path, items: &[Item]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for item in items {
        for v in item.meta.votes.iter().filter(|v| v.disagrees()) {
            let (yes, no, abstained) = v.tally();
            out.push(
                Diagnostic::warning(
                    path,
                    format!(
                        "item {}: the ballots add up to {yes} ja, {no} nej, {abstained} avstår, but the printed counts are {} ja, {} nej, {} avstår; the printed counts were kept",
                        item.meta.number, v.yes, v.no, v.abstained
                    ),
                )
                .hint("check the vote against the original and correct `votes:` in the item's front-matter"),
            );
        }
    }
    out
}
