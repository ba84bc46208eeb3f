//! Problems the graph reveals that no single file shows: two items with one number in a
//! meeting, a `paragraphs` range the items contradict, case numbers that do not parse.
//! Reported at the line of the offending field, found by reading the file again (only when
//! there is a problem, so the common path reads nothing).
//!
//! Each problem is about one meeting, one item or site.toml's `[parents]` (its [`Origin`]), so
//! that `serve`, after a relink, checks again only the meetings and items it changed (see
//! [`Checked::again`]) instead of all 150,000 items.

use super::{Item, ItemId, Meeting, MeetingId, Site};
use crate::diag::Diagnostic;
use std::collections::HashMap;
use std::path::Path;

mod again;
pub(crate) use again::{Checked, Origin};

/// Every problem of the graph, each with what it is about, in the order the checks run.
pub(super) fn graph_problems(site: &Site) -> Checked {
    let mut out = Checked::default();
    let meetings = || site.meetings.unrecorded().ids();
    for m in meetings() {
        out.push(Origin::Numbers(m), number_problems(site, m));
    }
    for m in meetings() {
        out.push(Origin::Paragraphs(m), paragraph_problems(site, m));
    }
    out.push(Origin::Parents, parent_problems(site));
    for i in site.items.unrecorded().ids() {
        out.push(Origin::CaseNumbers(i), case_number_problems(site, i));
    }
    out
}

/// Two items of meeting `m` with one number.
fn number_problems(site: &Site, m: MeetingId) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut seen: HashMap<String, &Item> = HashMap::new();
    for id in &site.meetings.unrecorded()[m].items {
        let item = &site.items.unrecorded()[*id];
        let number = item.meta.number.to_string();
        if let Some(first) = seen.insert(number.clone(), item) {
            out.push(
                at_field(
                    &item.path,
                    "number:",
                    format!("item number {number} is used twice in this meeting"),
                )
                .hint(format!(
                    "the other is {}; give each item its own number",
                    file_name(&first.path)
                )),
            );
        }
    }
    out
}

/// Item `i`'s case numbers that do not parse (parsed once, for linking: a number that did not
/// parse is `None` beside its printed form).
fn case_number_problems(site: &Site, i: ItemId) -> Vec<Diagnostic> {
    let item = &site.items.unrecorded()[i];
    let (own, _) = &site.case_numbers[i.index()];
    let bad = item.meta.cases.iter().zip(own).filter(|(_, p)| p.is_none());
    bad.map(|(printed, _)| {
        at_value(
            &item.path,
            printed,
            format!("`{printed}` is not a case number"),
        )
        .hint("write the diarienummer as printed, e.g. `RS 2273-2024`, `24RS11304` or `RV250246`")
    })
    .collect()
}

/// A meeting's `paragraphs: [first, last]` against its numbered items (`229`, `4 a`): each
/// item lies inside the range, and each end of the range is an item. A meeting without
/// numbered items (an agenda of headings) says nothing about its paragraphs. Said as
/// warnings, by `build`, `check` and `serve` alike.
fn paragraph_problems(site: &Site, m: MeetingId) -> Vec<Diagnostic> {
    let meeting: &Meeting = &site.meetings.unrecorded()[m];
    let Some(range) = meeting.meta.paragraphs else {
        return Vec::new();
    };
    let numbered: Vec<(u32, &Item)> = meeting
        .items
        .iter()
        .map(|id| &site.items.unrecorded()[*id])
        .map(|item| (item.meta.number.sort_key().0, item))
        .filter(|(n, _)| *n != u32::MAX)
        .collect();
    let shown = format!("{}–{}", range.first, range.last);
    // The file is read for the line only when there is a problem: reading every meeting's
    // file was most of this check's time (0.2 s at 10,000 meetings, on every serve rebuild).
    let line = std::cell::OnceCell::new();
    let line = || {
        *line
            .get_or_init(|| find_line(&meeting.path, |l| l.trim_start().starts_with("paragraphs:")))
    };
    // A warning: an item added while proofreading must not take the preview down.
    let problem = |message: String| {
        Diagnostic::warning(&meeting.path, message)
            .at(line(), 1)
            .hint("correct `paragraphs:` here, or the item's `number:`, to what the minutes print")
    };
    let outside = numbered
        .iter()
        .filter(|(n, _)| !(range.first..=range.last).contains(n))
        .map(|(_, item)| {
            problem(format!(
                "paragraphs {shown} leave out item {} ({})",
                item.meta.number,
                file_name(&item.path)
            ))
        });
    let ends = [("first", range.first), ("last", range.last)]
        .into_iter()
        .filter(|(_, end)| !numbered.is_empty() && numbered.iter().all(|(n, _)| n != end))
        // An item file that did not load (its own error is said) still is the item.
        .filter(|(_, end)| !has_item_file(&meeting.path, *end))
        .map(|(which, end)| {
            problem(format!(
                "the {which} of paragraphs {shown}, {end}, is no item of this meeting"
            ))
        });
    outside.chain(ends).collect()
}

/// Whether the meeting's folder (beside its `_index.md` at `index`) holds a file for item
/// `number` (`102-ekonomirapport.md`), loaded or not. Read only when a range looks wrong.
fn has_item_file(index: &Path, number: u32) -> bool {
    let prefix = format!("{number:03}-");
    let Some(Ok(entries)) = index.parent().map(std::fs::read_dir) else {
        return false;
    };
    entries
        .filter_map(Result::ok)
        .any(|e| e.file_name().to_string_lossy().starts_with(&prefix))
}

/// `[parents]` entries that name a body or parent the archive does not hold: a warning, as
/// the site still builds (the body keeps no parent), at the entry's line of site.toml.
fn parent_problems(site: &Site) -> Vec<Diagnostic> {
    let path = site.config.root.join("site.toml");
    let mut out = Vec::new();
    for (key, parent) in &site.config.parents {
        let (org_slug, body_slug) = key.split_once('/').unwrap_or((key, ""));
        let org = site.orgs.iter().find(|o| o.slug == org_slug);
        let in_org =
            |slug: &str| org.is_some_and(|o| o.bodies.iter().any(|b| site.bodies[*b].slug == slug));
        let missing = if !in_org(body_slug) {
            key.as_str()
        } else if !in_org(parent) || parent == body_slug {
            parent.as_str()
        } else {
            continue;
        };
        let line = find_line(&path, |l| l.contains(&format!("\"{key}\"")));
        out.push(
            Diagnostic::warning(&path, format!("[parents]: the archive has no body `{missing}` for `{key}`"))
                .at(line, 1)
                .hint("name bodies by their slugs, as in their URLs: \"<organization>/<body>\" = \"<parent body>\""),
        );
    }
    // A body that ends up under itself.
    for b in site.bodies.ids() {
        let mut at = site.parent_body(b);
        for _ in site.bodies.ids() {
            match at {
                Some(p) if p == b => {
                    let body = &site.bodies[b];
                    out.push(
                        Diagnostic::warning(
                            &path,
                            format!(
                                "[parents]: `{}/{}` is under itself",
                                site.orgs[body.org].slug, body.slug
                            ),
                        )
                        .hint("a body's parent must not have the body above it"),
                    );
                    break;
                }
                Some(p) => at = site.parent_body(p),
                None => break,
            }
        }
    }
    out
}

/// A diagnostic at the first line of `path` that starts with `field`.
fn at_field(path: &Path, field: &str, message: String) -> Diagnostic {
    let line = find_line(path, |l| l.trim_start().starts_with(field));
    Diagnostic::error(path, message).at(line, 1)
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// A diagnostic at the first line of `path` that contains `value`.
fn at_value(path: &Path, value: &str, message: String) -> Diagnostic {
    let line = find_line(path, |l| l.contains(value));
    Diagnostic::error(path, message).at(line, 1)
}

fn find_line(path: &Path, pred: impl Fn(&str) -> bool) -> usize {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|t| t.lines().position(pred))
        .map_or(0, |i| i + 1)
}
