//! Subject detection: the recurring subjects, each the items of different meetings and
//! organizations that deal with one subject, found at build time from the content itself, so
//! that a hand edit to an item changes the links on the next build. Each subject becomes
//! `/teman/<slug>/`.
//!
//! ```text
//! VB § 229 "Uppsägning av regionavtalet"                        ┐
//! VN § 216 "Uppsägning och uppdrag till ett nytt regionavtal …" ┘→ regionavtal "Regionavtal"
//! VB § 222 "… framtidens vårdinformationsstöd, FVIS"            ┐
//! VB § 223 "Övergripande tidsplan för driftsättning av Cosmic"  │→ cosmic-fvis "Cosmic / FVIS"
//! VN § 220 "Information om IT-plan 2025" (Cosmic ×4 in text)    ┘
//! ```
//!
//! Precision comes before recall; a subject is
//! - backed by a distinctive term that some item names in its *title* and that items of at least
//!   `min_meetings` different meetings carry (in the title, or as a theme of the body);
//! - never made of generic administrative words (`beslut`, `uppföljning`, `regionstyrelsen`,
//!   `budget` ...) or of function words (`kring`, `om`) — see `swedish.rs`;
//! - never the frame a title puts around its subject: the kind of business (`Motion om …`,
//!   `Riktlinje för …`) and any word right before a preposition meaning *about*
//!   (`Överenskommelse om …`) — see `candidates.rs`;
//! - never a person's name: the words printed before a party's letters (`Camilla Larsson
//!   (SD)`) and the names in the item's front-matter make no term of that item;
//! - never joined by housekeeping items (`Val av justerare`, `Meddelanden`) or by items whose
//!   title names no subject (`Informationer`), whatever their text lists.
//!
//! Steps: `swedish.rs` normalizes words, `candidates.rs` takes the terms of each item,
//! `cluster.rs` joins terms and items, and this module applies site.toml (`config.rs`) and the
//! subjects set by hand. Cost: linear in the text, plus a sort of the term index; no item is
//! compared with another item.

mod candidates;
mod cluster;
mod index;
mod signature;

pub use index::TermIndex;
pub use signature::ItemSignature;

/// The `[topics]` table lives with the rest of site.toml (see `config::subjects`), so that
/// reading the config needs nothing of the graph.
pub use crate::config::SubjectsConfig;

use candidates::{ItemTerms, Vocabulary};
use cluster::{Cluster, TermItems};
use rayon::prelude::*;
use rustc_hash::FxHashSet;
use std::borrow::Borrow;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// One agenda item as the subject detector sees it.
#[derive(Debug, Clone, Copy)]
pub struct ItemInput<'a> {
    /// The caller's item index.
    pub id: usize,
    /// Meeting key, unique per meeting (e.g. its URL path). Detection counts meetings, not
    /// organizations: a report made at every meeting of one board is a subject too.
    pub meeting: &'a str,
    /// Subjects set by hand in front-matter (`topics: [regionavtal]`): names or slugs.
    pub manual: &'a [String],
    // The graph signs every item as it takes it ([`Signer::sign`], see `Inputs::take`) and
    // detects with [`detect_signed`]; only the tests' [`detect_checked`] signs here, so
    // these three exist in test builds only.
    #[cfg(test)]
    pub title: &'a str,
    /// The item's Markdown body, section headings included.
    #[cfg(test)]
    pub text: &'a str,
    /// The people its front-matter names (`Name (P)`, a name): their names never make a
    /// subject, like every name printed with a party in the title or text.
    #[cfg(test)]
    pub people: &'a [&'a str],
}

impl<'a> ItemInput<'a> {
    /// An item that was signed already (see [`Signer`]): detection reads no text of it.
    pub fn signed(id: usize, meeting: &'a str, manual: &'a [String]) -> ItemInput<'a> {
        ItemInput {
            id,
            meeting,
            manual,
            #[cfg(test)]
            title: "",
            #[cfg(test)]
            text: "",
            #[cfg(test)]
            people: &[],
        }
    }
}

/// A recurring subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detected {
    /// URL slug, lowercase ASCII, from the defining terms (stable when display names change).
    pub slug: String,
    /// Display name, e.g. `Regionavtal` or `Cosmic / FVIS`.
    pub name: String,
    /// [`ItemInput::id`]s, ascending.
    pub members: Vec<usize>,
    /// The normalized terms that define it, sorted (empty for a subject only set by hand).
    pub terms: Vec<String>,
}

/// Subjects and the problems found in the `[topics]` table while applying it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Detection {
    pub subjects: Vec<Detected>,
    /// E.g. `topics.merge: no topic "regionavtalet" (known: ...)`; for the caller to report
    /// against site.toml.
    pub problems: Vec<String>,
}

/// The [`ItemSignature`] of an item's title, text and people (see [`ItemInput::people`])
/// under `config`.
pub fn signature(
    title: &str,
    text: &str,
    people: &[&str],
    config: &SubjectsConfig,
) -> ItemSignature {
    Signer::new(config).sign(title, text, people)
}

/// Makes [`ItemSignature`]s under one config, building its vocabulary once; detection then
/// reuses that vocabulary (see [`detect_signed`]).
pub struct Signer(Vocabulary);

impl Signer {
    pub fn new(config: &SubjectsConfig) -> Signer {
        let aliases: Vec<(String, String)> = config.aliases.clone().into_iter().collect();
        Signer(Vocabulary::new(&aliases, &config.generic))
    }

    /// See [`signature`].
    pub fn sign(&self, title: &str, text: &str, people: &[&str]) -> ItemSignature {
        let (title, text) = (crate::identity::fold(title), crate::identity::fold(text));
        ItemSignature::of(&self.0.item_terms(&title, &text, people))
    }
}

/// The subjects of `items`, sorted by slug. See [`detect_checked`] for config problems.
#[cfg(test)]
pub fn detect(items: &[ItemInput<'_>], config: &SubjectsConfig) -> Vec<Detected> {
    detect_checked(items, config).subjects
}

/// The subjects of `items`, sorted by slug, and what in `config` named no subject. Call
/// [`SubjectsConfig::validate`] first: detection trusts the config's shape.
#[cfg(test)]
pub fn detect_checked(items: &[ItemInput<'_>], config: &SubjectsConfig) -> Detection {
    let signer = Signer::new(config);
    // Per-item work is independent; rayon keeps the input order, so output is deterministic.
    let signatures: Vec<ItemSignature> = crate::timings::stage("  item terms", || {
        items
            .par_iter()
            .map(|item| signer.sign(item.title, item.text, item.people))
            .collect()
    });
    detect_signed(items, signatures, &signer, config)
}

/// [`detect_checked`] for items already signed (`signatures[i]` of `items[i]`) by `signer`,
/// made from the same `config`: their titles, texts and people are not read again.
#[cfg(test)]
pub fn detect_signed(
    items: &[ItemInput<'_>],
    signatures: Vec<ItemSignature>,
    signer: &Signer,
    config: &SubjectsConfig,
) -> Detection {
    let terms = signatures.iter().map(ItemSignature::terms).collect();
    let terms = without_suppressed(terms, &config.suppress, &signer.0);
    crate::timings::stage("  clusters", || {
        subjects_of(&terms, items, config, &signer.0)
    })
}

/// [`detect_signed`] for signatures shared with the graph that keeps them: unpacked (in
/// parallel) only for as long as detection runs, the graph keeping them packed.
pub fn detect_shared(
    items: &[ItemInput<'_>],
    signatures: &[ItemSignature],
    signer: &Signer,
    config: &SubjectsConfig,
) -> Detection {
    let terms = signatures.par_iter().map(|s| s.terms()).collect();
    let terms = without_suppressed(terms, &config.suppress, &signer.0);
    crate::timings::stage("  clusters", || {
        subjects_of(&terms, items, config, &signer.0)
    })
}

/// Detection's serial part: the items' terms (without the suppressed ones) joined, named
/// and adjusted by `config`.
fn subjects_of<T: Borrow<ItemTerms>>(
    terms: &[T],
    items: &[ItemInput<'_>],
    config: &SubjectsConfig,
    vocabulary: &Vocabulary,
) -> Detection {
    let meetings: Vec<&str> = items.iter().map(|item| item.meeting).collect();
    let clusters = cluster::cluster(terms, &meetings, config.min_meetings.max(1));
    let surfaces = surfaces(terms, &clusters);
    named(clusters, &surfaces, items, config, vocabulary)
}

/// Detection from the terms' index `serve` keeps (see [`TermIndex`]) instead of every
/// item's terms: the same subjects as [`detect_shared`] of the items the index holds, which
/// `items` are. `None` when `[topics]` suppresses terms (the index holds them all).
pub fn detect_indexed(
    index: &TermIndex,
    items: &[ItemInput<'_>],
    signer: &Signer,
    config: &SubjectsConfig,
) -> Option<Detection> {
    if !config.suppress.is_empty() {
        return None;
    }
    let clusters = index.clusters();
    let surfaces = index.surfaces(&clusters);
    Some(named(clusters, &surfaces, items, config, &signer.0))
}

/// The subjects of the `clusters` of `items`, named by `surfaces` and adjusted by `config`.
fn named(
    clusters: Vec<Cluster>,
    surfaces: &HashMap<String, String>,
    items: &[ItemInput<'_>],
    config: &SubjectsConfig,
    vocabulary: &Vocabulary,
) -> Detection {
    let meetings: Vec<&str> = items.iter().map(|item| item.meeting).collect();
    let mut problems = Vec::new();
    let clusters = split(
        clusters,
        &config.split,
        &meetings,
        config.min_meetings,
        &mut problems,
    );
    let mut subjects: Vec<Detected> = clusters
        .iter()
        .map(|c| subject(c, items, surfaces))
        .collect();
    subjects.retain(|t| !config.suppress.contains(&t.slug));
    subjects = merge(subjects, &config.merge, &mut problems);
    rename(&mut subjects, &config.names, &mut problems);
    add_manual(&mut subjects, items, vocabulary);
    subjects.sort_by(|a, b| a.slug.cmp(&b.slug));
    Detection { subjects, problems }
}

/// Drops suppressed terms (`suppress = ["finansrapport"]`) before anything is joined.
fn without_suppressed(
    mut terms: Vec<ItemTerms>,
    suppress: &[String],
    vocabulary: &Vocabulary,
) -> Vec<ItemTerms> {
    let stems: BTreeSet<String> = suppress.iter().map(|s| vocabulary.term_of(s)).collect();
    for item in &mut terms {
        item.title.retain(|t| !stems.contains(t));
        item.body.retain(|t| !stems.contains(t));
    }
    terms
}

/// For each stem of the clusters, the word titles print most often for it (ties: shorter,
/// then alphabetical). Only the clusters' stems are counted: they are the only names shown,
/// and counting every title word of the archive was a third of detection's serial time.
fn surfaces<T: Borrow<ItemTerms>>(terms: &[T], clusters: &[Cluster]) -> HashMap<String, String> {
    let shown: FxHashSet<&str> = clusters
        .iter()
        .flat_map(|c| &c.terms)
        .map(|t| t.term.as_str())
        .collect();
    let mut counts: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for (stem, surface) in terms.iter().flat_map(|t| &t.borrow().surfaces) {
        if shown.contains(stem.as_str()) {
            *counts.entry((stem, surface)).or_default() += 1;
        }
    }
    let mut best: HashMap<String, (usize, &str)> = HashMap::new();
    for ((stem, surface), n) in counts {
        let better = |(m, old): &(usize, &str)| {
            (n, std::cmp::Reverse(surface.len())) > (*m, std::cmp::Reverse(old.len()))
        };
        if best.get(stem).is_none_or(better) {
            best.insert(stem.to_string(), (n, surface));
        }
    }
    best.into_iter()
        .map(|(k, (_, s))| (k, s.to_string()))
        .collect()
}

/// The slug of a cluster: its (at most three) best-attested terms, alphabetically.
fn headline_terms(cluster: &Cluster) -> Vec<&TermItems> {
    let mut ranked: Vec<&TermItems> = cluster.terms.iter().collect();
    ranked.sort_by(|a, b| b.items.len().cmp(&a.items.len()).then(a.term.cmp(&b.term)));
    ranked.truncate(3);
    ranked.sort_by(|a, b| a.term.cmp(&b.term));
    ranked
}

fn subject(
    cluster: &Cluster,
    items: &[ItemInput<'_>],
    surfaces: &HashMap<String, String>,
) -> Detected {
    let headline = headline_terms(cluster);
    let slug = crate::slug::slugify(
        &headline
            .iter()
            .map(|t| t.term.as_str())
            .collect::<Vec<_>>()
            .join(" "),
    );
    let shown: Vec<&str> = headline
        .iter()
        .map(|t| {
            surfaces
                .get(&t.term)
                .map_or(t.term.as_str(), String::as_str)
        })
        .collect();
    let mut terms: Vec<String> = cluster.terms.iter().map(|t| t.term.clone()).collect();
    terms.sort();
    Detected {
        slug,
        name: capitalized(&shown.join(" / ")),
        members: ids(cluster.members(), items),
        terms,
    }
}

fn ids(positions: Vec<usize>, items: &[ItemInput<'_>]) -> Vec<usize> {
    let mut ids: Vec<usize> = positions.into_iter().map(|i| items[i].id).collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// `regionavtal` → `Regionavtal`; `FVIS` stays.
fn capitalized(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `split = ["cosmic-fvis"]`: a joined cluster shown as one cluster per term, each kept only
/// when its own items span enough meetings.
fn split(
    clusters: Vec<Cluster>,
    slugs: &[String],
    meetings: &[&str],
    min_meetings: usize,
    problems: &mut Vec<String>,
) -> Vec<Cluster> {
    let mut found = BTreeSet::new();
    let mut out = Vec::new();
    for cluster in clusters {
        let slug = cluster_slug(&cluster);
        if !slugs.contains(&slug) {
            out.push(cluster);
            continue;
        }
        found.insert(slug);
        for term in cluster.terms {
            let spanned: BTreeSet<&str> = term.items.iter().map(|&i| meetings[i]).collect();
            if spanned.len() >= min_meetings {
                out.push(Cluster { terms: vec![term] });
            }
        }
    }
    problems.extend(unknown("split", slugs.iter(), &found, &out));
    out
}

fn cluster_slug(cluster: &Cluster) -> String {
    let terms: Vec<&str> = headline_terms(cluster)
        .iter()
        .map(|t| t.term.as_str())
        .collect();
    crate::slug::slugify(&terms.join(" "))
}

fn unknown<'a>(
    key: &str,
    slugs: impl Iterator<Item = &'a String>,
    found: &BTreeSet<String>,
    clusters: &[Cluster],
) -> Vec<String> {
    let known: Vec<String> = clusters.iter().map(cluster_slug).collect();
    slugs
        .filter(|s| !found.contains(*s))
        .map(|s| {
            format!(
                "topics.{key}: no topic \"{s}\" (known: {})",
                known.join(", ")
            )
        })
        .collect()
}

/// `merge = [["a", "b"]]`: the subjects shown as one, under the first slug and name.
fn merge(
    subjects: Vec<Detected>,
    groups: &[Vec<String>],
    problems: &mut Vec<String>,
) -> Vec<Detected> {
    let mut by_slug: BTreeMap<String, Detected> =
        subjects.into_iter().map(|t| (t.slug.clone(), t)).collect();
    for group in groups {
        let missing: Vec<&String> = group.iter().filter(|s| !by_slug.contains_key(*s)).collect();
        if !missing.is_empty() {
            let known: Vec<&str> = by_slug.keys().map(String::as_str).collect();
            for slug in missing {
                problems.push(format!(
                    "topics.merge: no topic \"{slug}\" (known: {})",
                    known.join(", ")
                ));
            }
            continue;
        }
        let mut parts = group.iter().filter_map(|s| by_slug.remove(s));
        let Some(mut joined) = parts.next() else {
            continue;
        };
        for part in parts {
            joined.members.extend(part.members);
            joined.terms.extend(part.terms);
        }
        joined.members.sort_unstable();
        joined.members.dedup();
        joined.terms.sort();
        joined.terms.dedup();
        by_slug.insert(joined.slug.clone(), joined);
    }
    by_slug.into_values().collect()
}

/// `names = { "cosmic-fvis" = "Cosmic / FVIS" }`.
fn rename(subjects: &mut [Detected], names: &BTreeMap<String, String>, problems: &mut Vec<String>) {
    for (slug, name) in names {
        match subjects.iter_mut().find(|t| &t.slug == slug) {
            Some(subject) => subject.name = name.clone(),
            None => problems.push(format!("topics.names: no topic \"{slug}\"")),
        }
    }
}

/// Subjects set by hand join the subject they name — by slug (`regionavtal`) or by a term
/// (`Regionavtalet`) — or make a new one, even for a single item.
fn add_manual(subjects: &mut Vec<Detected>, items: &[ItemInput<'_>], vocabulary: &Vocabulary) {
    for item in items {
        for wanted in item.manual {
            let wanted = &crate::identity::fold(wanted);
            let index = match find_manual(subjects, wanted, vocabulary) {
                Some(index) => index,
                None => {
                    subjects.push(manual_subject(wanted));
                    subjects.len() - 1
                }
            };
            let members = &mut subjects[index].members;
            if let Err(at) = members.binary_search(&item.id) {
                members.insert(at, item.id);
            }
        }
    }
}

fn find_manual(subjects: &[Detected], wanted: &str, vocabulary: &Vocabulary) -> Option<usize> {
    let slug = crate::slug::slugify(wanted);
    let term = vocabulary.term_of(wanted);
    // Names without letters (`"!!!"`, `".."`) have no slug to join by: each is its own.
    subjects
        .iter()
        .position(|t| !slug.is_empty() && t.slug == slug)
        .or_else(|| subjects.iter().position(|t| t.terms.contains(&term)))
}

fn manual_subject(wanted: &str) -> Detected {
    Detected {
        slug: crate::slug::slugify(wanted),
        name: wanted.trim().to_string(),
        members: Vec::new(),
        terms: Vec::new(),
    }
}

#[cfg(test)]
mod tests;
