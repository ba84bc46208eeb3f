//! Recurring subjects in the graph: the subjects that [`detect`] finds (and those set by
//! hand in front-matter) as entities with URLs, their items in date order, and each item's
//! subjects. Problems in site.toml's `[topics]` that only show against the content (a merge
//! naming a subject that does not exist) become warnings on site.toml.

use super::{ItemId, OrgId, Site};
use crate::content::{Documents, ItemDoc};
use crate::diag::Diagnostic;
use detect::{Detected, Detection, ItemInput, ItemSignature, Signer, SubjectsConfig};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

pub mod detect;

pub type SubjectId = super::Id<Subject>;

#[derive(Debug)]
pub struct Subject {
    pub slug: String,
    pub name: String,
    pub url: String,
    /// Items, oldest first.
    pub items: Vec<ItemId>,
    /// The organizations that handled it, by name.
    pub orgs: Vec<OrgId>,
    /// The normalized terms that define it.
    pub terms: Vec<String>,
}

fn signature_of(signer: &Signer, item: &ItemDoc) -> ItemSignature {
    let people: Vec<&str> = item.meta.people().collect();
    signer.sign(&item.meta.title, &item.text.get(), &people)
}

/// Item signatures by their content file's digest, kept with a graph so that the next graph
/// of the same archive (in `serve`, after an edit) signs only the files that changed: signing
/// every item was the largest part of assembling the graph. A signature is shared, not
/// copied, between the graphs and the detection that reads them (see [`ItemSignature`]).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Signatures(FxHashMap<u128, ItemSignature>);

impl Signatures {
    /// The signature of the item file with this digest, if one was made.
    pub fn get(&self, digest: u128) -> Option<&ItemSignature> {
        self.0.get(&digest)
    }

    /// Keeps the signature of an item file's new version (`serve`, patching an item in place).
    pub fn insert(&mut self, digest: u128, signature: ItemSignature) {
        self.0.insert(digest, signature);
    }

    /// Forgets the signature of the file with this digest (no item of the graph has it).
    pub fn remove(&mut self, digest: u128) {
        self.0.remove(&digest);
    }

    /// By digest, in digest order (for a file that must not depend on a map's order).
    pub fn sorted(&self) -> Vec<(u128, &ItemSignature)> {
        let mut all: Vec<(u128, &ItemSignature)> = self.0.iter().map(|(d, s)| (*d, s)).collect();
        all.sort_unstable_by_key(|(d, _)| *d);
        all
    }
}

impl FromIterator<(u128, ItemSignature)> for Signatures {
    fn from_iter<I: IntoIterator<Item = (u128, ItemSignature)>>(iter: I) -> Self {
        Signatures(iter.into_iter().collect())
    }
}

/// What subject detection needs of the items, owned, so that it runs beside the graph's
/// assembly instead of after it: item `i` here is the graph's item `i`.
pub(super) struct Inputs {
    /// Per meeting: its URL, the key detection counts meetings by.
    meetings: Vec<String>,
    /// Per item: its meeting (an index into `meetings`) and its subjects set by hand.
    items: Vec<(usize, Vec<String>)>,
    signatures: Vec<ItemSignature>,
    /// What signed them; detection uses its vocabulary again.
    signer: Signer,
}

impl Inputs {
    /// Signs, in parallel, the items of the `docs` that the graph keeps (`kept[m]` for
    /// meeting `m`), and takes what else detection needs of them. An item whose file is one
    /// `known` signed already (by its digest, under the same `[topics]`) is not signed again.
    /// Also returns every signature by its file's digest, for the next graph.
    pub(super) fn take(
        docs: &Documents,
        kept: &[bool],
        config: &SubjectsConfig,
        known: &Signatures,
    ) -> (Inputs, Signatures) {
        let signer = Signer::new(config);
        let signed: Vec<(u128, ItemSignature)> = crate::timings::stage("  item terms", || {
            docs.meetings
                .par_iter()
                .zip(kept)
                .filter(|(_, kept)| **kept)
                .flat_map(|(m, _)| m.items.par_iter())
                .map(|item| {
                    let signature = match known.0.get(&item.digest) {
                        Some(s) => s.clone(),
                        None => signature_of(&signer, item),
                    };
                    (item.digest, signature)
                })
                .collect()
        });
        let by_digest = Signatures(signed.iter().cloned().collect());
        let signatures = signed.into_iter().map(|(_, s)| s).collect();
        let kept_meetings = docs.meetings.iter().zip(kept).filter(|(_, k)| **k);
        let mut meetings = Vec::new();
        let mut items = Vec::new();
        for (id, m) in kept_meetings.map(|(m, _)| m).enumerate() {
            // The meeting's URL, as the graph makes it: only its being one per meeting counts.
            meetings.push(format!("{}/{}/{}/", m.org, m.body, m.folder));
            items.extend(m.items.iter().map(|i| (id, i.meta.subjects.to_vec())));
        }
        let inputs = Inputs {
            meetings,
            items,
            signatures,
            signer,
        };
        (inputs, by_digest)
    }

    /// What detection needs of the graph's own items, with the signatures it keeps by their
    /// files' digests (see [`Site::signatures`]): an item missing there is signed now.
    fn of(site: &Site, config: &SubjectsConfig) -> Inputs {
        let signer = Signer::new(config);
        let (items, meetings) = (site.items.unrecorded(), site.meetings.unrecorded());
        let signatures = (items.par_iter())
            .map(|item| match site.signatures.0.get(&item.digest) {
                Some(s) => s.clone(),
                None => {
                    let people: Vec<&str> = item.meta.people().collect();
                    signer.sign(&item.meta.title, &item.text.get(), &people)
                }
            })
            .collect();
        Inputs {
            // The key `take` makes of a meeting's folders is its URL.
            meetings: meetings.iter().map(|m| m.url.clone()).collect(),
            items: (items.iter())
                .map(|i| (i.meeting.index(), i.meta.subjects.to_vec()))
                .collect(),
            signatures,
            signer,
        }
    }

    /// Detects the subjects; problems in `[topics]` are returned for [`collect`].
    pub(super) fn detect(self, config: &SubjectsConfig) -> Detection {
        let inputs: Vec<ItemInput<'_>> = self
            .items
            .iter()
            .enumerate()
            // Signed already (`self.signatures`): detection reads no text.
            .map(|(id, (meeting, manual))| ItemInput::signed(id, &self.meetings[*meeting], manual))
            .collect();
        detect::detect_shared(&inputs, &self.signatures, &self.signer, config)
    }
}

/// Detects the subjects of the graph's items again, from the signatures it keeps, and puts
/// them in place of the subjects it had (after an item was added or removed, see
/// [`Site::resize`]). Returns the problems in `[topics]`, as [`collect`] does.
pub(super) fn redetect(site: &mut Site) -> Vec<Diagnostic> {
    let config = site.config.subjects.clone();
    use crate::timings::stage;
    let indexed = stage("  indexed", || detect_indexed(site, &config));
    let detection = match indexed {
        Some(detection) => detection,
        None => {
            let inputs = stage("  inputs", || Inputs::of(site, &config));
            inputs.detect(&config)
        }
    };
    for item in site.items.iter_mut() {
        item.subjects.clear();
    }
    stage("  collected", || collect(site, detection))
}

/// Detects the subjects from the graph's index of the items' terms (see
/// [`detect::TermIndex`]), made from the signatures it keeps when it has none. `None` when
/// `[topics]` suppresses terms, which the index does not leave out.
fn detect_indexed(site: &mut Site, config: &SubjectsConfig) -> Option<Detection> {
    if !config.suppress.is_empty() {
        return None;
    }
    let n = site.items.unrecorded().len();
    if site
        .term_index
        .as_ref()
        .is_none_or(|index| index.len() != n)
    {
        site.term_index = Some(index_of(site, config));
    }
    let index = site.term_index.as_ref()?;
    #[cfg(debug_assertions)]
    assert_index_fresh(site, index, config);
    let (items, meetings) = (site.items.unrecorded(), site.meetings.unrecorded());
    let inputs: Vec<ItemInput<'_>> = (items.iter().enumerate())
        .map(|(id, item)| ItemInput::signed(id, &meetings[item.meeting].url, &item.meta.subjects))
        .collect();
    detect::detect_indexed(index, &inputs, &Signer::new(config), config)
}

/// Panics unless `index` is the one the graph's items make now (debug builds: the tests).
#[cfg(debug_assertions)]
fn assert_index_fresh(site: &Site, index: &detect::TermIndex, config: &SubjectsConfig) {
    let fresh = index_of(site, config);
    assert!(
        *index == fresh,
        "the kept index of terms differs from a fresh one"
    );
}

/// The index of the graph's items' terms, from the signatures it keeps (an item missing
/// there is signed now).
fn index_of(site: &Site, config: &SubjectsConfig) -> detect::TermIndex {
    let inputs = Inputs::of(site, config);
    let items = site.items.unrecorded();
    let meetings = items.iter().map(|i| i.meeting.index() as u32).collect();
    detect::TermIndex::of(&inputs.signatures, meetings, config.min_meetings)
}

/// Adds the subjects `detection` found to the graph.
pub(super) fn collect(site: &mut Site, detection: Detection) -> Vec<Diagnostic> {
    let site_toml = site.config.root.join("site.toml");
    let problems = detection
        .problems
        .into_iter()
        .map(|p| {
            Diagnostic::warning(&site_toml, p)
                .hint("correct the [topics] table; the rest of the site is built")
        })
        .collect();
    let mut subjects: Vec<Subject> = detection
        .subjects
        .into_iter()
        .map(|t| subject(site, t))
        .collect();
    // A subject set by hand as `"!!!"` has no slug; two may fold to one.
    crate::slug::make_unique(subjects.iter_mut().map(|s| &mut s.slug), "tema");
    for s in &mut subjects {
        s.url = format!("teman/{}/", s.slug);
    }
    for (id, s) in subjects.iter().enumerate() {
        let id = SubjectId::new(id);
        for item in &s.items {
            site.items.build_mut()[*item].subjects.push(id);
        }
    }
    site.subjects = subjects.into();
    problems
}

fn subject(site: &Site, found: Detected) -> Subject {
    // Detection numbers items as the graph does, in plain indices of its own tables.
    let mut items: Vec<ItemId> = found.members.into_iter().map(ItemId::new).collect();
    // Each item's date once, not at every comparison (each looks up the item and its
    // meeting): `serve` collects the subjects again after an item is added or removed.
    let (all, meetings) = (site.items.unrecorded(), site.meetings.unrecorded());
    let meeting = |i: &ItemId| &meetings[all[*i].meeting];
    items.sort_by_cached_key(|i| (meeting(i).meta.date, *i));
    let mut orgs: Vec<OrgId> = items.iter().map(|i| meeting(i).org).collect();
    // Runs of one organization first, so that far fewer names are compared: the stable
    // sort by name then dedup leaves what it left without (a run stays a run).
    orgs.dedup();
    let names = site.orgs.unrecorded();
    orgs.sort_by(|a, b| names[*a].name.cmp(&names[*b].name));
    orgs.dedup();
    Subject {
        url: format!("teman/{}/", found.slug),
        slug: found.slug,
        name: found.name,
        items,
        orgs,
        terms: found.terms,
    }
}
