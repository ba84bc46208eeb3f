//! Relinking the graph in place after item files changed their front-matter but stayed the
//! same items: `serve`'s way past assembling the graph again for the common structural edit
//! (a number, a case number, a reference, a vote corrected while proofreading).
//!
//! ```text
//! 062-x.md: number 62 → 63    Site (entities kept: orgs, bodies, meetings, items, subjects)
//!   item patched ─────────────→ its anchor, its meeting's item order
//!   links dropped ────────────→ cases, references, pairs, people, parties: made again by
//!                               the steps `Site::build` runs, from the same items in the
//!                               same order, so they come out as a fresh build makes them
//! ```
//!
//! What an item contributes to the steps before linking is its path (its meeting, URL and
//! index), its number (anchor and order) and what subject detection reads of it; the caller
//! relinks only items whose path, subject signature and hand-set subjects did not change (see
//! [`Relink::keeps_subjects`]), and assembles the graph again for anything else.

use super::{build, checks, pairing, people, references, Pairs, Site};
use crate::content::ItemDoc;
use crate::diag::{Diagnostic, Diagnostics};
use crate::site::ItemId;

/// Item files to patch into the graph before it is relinked.
#[derive(Default)]
pub struct Relink {
    items: Vec<(ItemId, ItemDoc)>,
}

impl Relink {
    /// Whether item `i`'s new version `doc` can be relinked: it is the same file, and what
    /// subject detection reads of it is unchanged (`same_signature`: the caller compared the
    /// signatures), so subjects, which are made before linking, stay as they are.
    pub fn keeps_subjects(site: &Site, i: ItemId, doc: &ItemDoc, same_signature: bool) -> bool {
        let old = &site.items.unrecorded()[i];
        same_signature
            && old.path == doc.path
            && old.stem == doc.stem
            && old.meta.subjects == doc.meta.subjects
    }

    pub fn add(&mut self, i: ItemId, doc: ItemDoc) {
        self.items.push((i, doc));
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl Site {
    /// Patches the items of `relink` in and makes every link again, as [`Site::build`] makes
    /// them. Returns the graph checks' problems it replaced (see [`Site::checked`]).
    pub fn relink(&mut self, relink: Relink) -> Vec<Diagnostic> {
        let mut meetings = Vec::new();
        for (i, doc) in relink.items {
            let item = &mut self.items[i];
            item.anchor = build::anchor(&doc.meta.number);
            self.case_numbers[i.index()] = build::item_case_numbers(&doc.meta);
            item.meta = doc.meta;
            item.text = doc.text;
            item.digest = doc.digest;
            item.modified = doc.modified;
            meetings.push(item.meeting);
        }
        for m in meetings {
            let mut items = std::mem::take(&mut self.meetings[m].items);
            build::sort_items(self.items.unrecorded(), &mut items);
            self.meetings[m].items = items;
        }
        self.unlink();
        use crate::timings::stage;
        stage("graph", || {
            build::link_cases(self, &mut Diagnostics::default())
        });
        stage("references", || references::resolve_all(self));
        stage("pairing", || pairing::pair_all(self));
        let checked = stage("graph checks", || checks::graph_problems(self));
        let registry = self.registry.take();
        stage("people", || people::collect(self, registry.as_ref()));
        self.registry = registry;
        std::mem::replace(&mut self.checked, checked)
    }

    /// Drops what linking makes, back to the graph as it stands before `link_cases`. Every
    /// field is named (no `..`), so a field added to the graph does not compile until it is
    /// decided here whether linking makes it.
    fn unlink(&mut self) {
        let Site {
            config: _,
            orgs,
            bodies: _,
            meetings: _, // items re-sorted above; prev and next follow dates alone
            items,
            cases,
            people,
            parties,
            subjects: _, // kept: see `Relink::keeps_subjects`
            case_index,
            person_index,
            registry: _,
            unregistered,
            signatures: _,
            checked: _,
            checked_at: _,
            case_numbers: _, // from each item's front-matter: made again for the items patched in
        } = self;
        for item in items.iter_mut() {
            let super::Item {
                meeting: _,
                stem: _,
                url: _,
                anchor: _,
                path: _,
                meta: _,
                text: _,
                digest: _,
                modified: _,
                cases,
                mentions,
                reference_targets,
                cited_by,
                subjects: _,
                pairs,
            } = item;
            cases.clear();
            mentions.clear();
            reference_targets.clear();
            cited_by.clear();
            *pairs = Pairs::default();
        }
        for org in orgs.iter_mut() {
            org.cases.clear();
        }
        *cases = Default::default();
        case_index.clear();
        *people = Default::default();
        *parties = Default::default();
        person_index.clear();
        unregistered.clear();
    }
}
