//! What `build`, `check` and `serve` say about the registry once the graph is made: each
//! printed name the registry lacks, at its first mention, and the people who may be one.
//! Without a registry nothing is said (an archive without one works as before).

use super::suggest::{merges, Candidate};
use super::Registry;
use crate::diag::Diagnostic;
use crate::site::{Person, Site};
use std::collections::HashSet;

pub fn of(site: &Site) -> Vec<Diagnostic> {
    let Some(registry) = &site.registry else {
        return Vec::new();
    };
    let mut out: Vec<Diagnostic> = site
        .unregistered
        .iter()
        .map(|u| {
            let (line, col) = first_mention(&u.path, &u.name);
            Diagnostic::warning(
                &u.path,
                format!("`{}` is not in the person registry, {}", u.name, super::FILE),
            )
            .at(line, col)
            .hint("`diarium check --update-people` adds it; if it is another spelling of someone there, add it to their `spellings`")
        })
        .collect();
    let people = site.people.unrecorded();
    out.extend(unused_entries(registry, people));
    let candidates: Vec<Candidate<'_>> = people
        .iter()
        .map(|p| Candidate {
            id: &p.slug,
            name: &p.name,
            party: p.party.as_deref(),
            line: registry.find(&p.name).map_or(0, |e| e.line),
        })
        .collect();
    out.extend(merges(&registry.path, &candidates));
    out
}

/// Entries that name nobody the minutes print: a rename that dropped the printed form from
/// `spellings` leaves one, and the person then has a page of their own again.
fn unused_entries(registry: &Registry, people: &[Person]) -> Vec<Diagnostic> {
    let used: HashSet<&str> = people
        .iter()
        .filter(|p| p.registered)
        .map(|p| p.slug.as_str())
        .collect();
    registry
        .entries
        .iter()
        .filter(|e| !used.contains(e.id.as_str()))
        .map(|e| {
            Diagnostic::warning(&registry.path, format!("`{}` names nobody the minutes print", e.id))
                .at(e.line, 1)
                .hint("keep the form the minutes print in `spellings` (a rename changes only `name`), or delete the entry")
        })
        .collect()
}

/// Where `name` is first written in the file at `path` (read again only for this, as a
/// warning is rare once the registry is kept up); the whole file when it cannot be found.
fn first_mention(path: &std::path::Path, name: &str) -> (usize, usize) {
    let Ok(text) = crate::content::read_text(path) else {
        return (0, 0);
    };
    text.find(name)
        .map_or((0, 0), |at| crate::diag::line_col(&text, at))
}
