//! Relinking the graph in place after item files changed their front-matter but stayed the
//! same items: `serve`'s way past assembling the graph again for the common structural edit
//! (a number, a case number, a reference, a vote corrected while proofreading).
//!
//! ```text
//! 062-x.md: number 62 → 63    Site (entities kept: orgs, bodies, meetings, items, subjects)
//!   item patched ─────────────→ its anchor, its meeting's item order
//!   its cases ────────────────→ linked again for the items patched alone, keeping the
//!                               ids a fresh build gives (see `case_links`)
//!   links dropped ────────────→ references, pairs, people, parties: made again by
//!                               the steps `Site::build` runs, from the same items in the
//!                               same order, so they come out as a fresh build makes them
//! ```
//!
//! What an item contributes to the steps before linking is its path (its meeting, URL and
//! index), its number (anchor and order) and what subject detection reads of it; the caller
//! relinks only items whose path, subject signature and hand-set subjects did not change (see
//! [`Relink::keeps_subjects`]), and assembles the graph again for anything else.

use super::case_links::CaseMoves;
use super::{build, pairing, people, references, CaseId, Pairs, Site};
use super::{MeetingId, Target};
use crate::content::ItemDoc;
use crate::site::ItemId;
use thin_vec::ThinVec;

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

/// What a relink changed, for fingerprinting only that (see
/// [`crate::site::fingerprint::Fingerprints::relinked`]).
pub struct Relinked {
    /// The items patched in, and every item whose links now differ (a number changed moves
    /// the references that named it; a case number, the case's other items' pairs).
    pub items: Vec<ItemId>,
    /// The meetings of the items patched in, whose item order may have changed.
    pub meetings: Vec<MeetingId>,
    /// The cases `items` belong to or mention, now or before (when they still exist): no
    /// other case's items, their order or its documents can have changed.
    pub cases: Vec<CaseId>,
    /// An item put in or taken out (see [`crate::site::Resize`]): the items after it moved,
    /// and `items` are in the new places.
    pub shift: Option<super::Shift>,
    /// Linking made the same cases (ids and numbers), people and parties as before. With the
    /// entities a relink keeps, those are all a page is listed for (see
    /// [`crate::render::pages`]), so the page list and its paths are the ones before.
    pub same_entities: bool,
}

/// Whether a relink gathers the people and parties again, or keeps them as they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum People {
    Kept,
    Again,
}

impl People {
    /// What [`people::collect`] reads of an item is its id, its meeting (the chair's name
    /// and the date) and the fields compared here; a relink keeps every item's id and
    /// meeting and every meeting's front-matter, so when none of the items patched in
    /// changed these fields, gathering again makes the same people, roles, votes and
    /// parties (a tenth of a relink at 10,000 meetings).
    fn after(site: &Site, relink: &Relink) -> People {
        let items = site.items.unrecorded();
        let same = |(i, doc): &(ItemId, ItemDoc)| {
            let (a, b) = (&items[*i].meta, &doc.meta);
            a.motions == b.motions
                && a.reservations == b.reservations
                && a.notes == b.notes
                && a.abstained == b.abstained
                && a.recused == b.recused
                && a.votes == b.votes
        };
        if relink.items.iter().all(same) {
            People::Kept
        } else {
            People::Again
        }
    }
}

/// An item's links as linking made them, kept through a relink to tell which items' links
/// it changed.
struct Links {
    reference_targets: ThinVec<Option<Target>>,
    cited_by: ThinVec<ItemId>,
    pairs: Pairs,
}

impl Site {
    /// Patches the items of `relink` in and makes every link again, as [`Site::build`] makes
    /// them.
    pub fn relink(&mut self, relink: Relink) -> Relinked {
        let mut meetings = Vec::new();
        let mut patched = Vec::new();
        let people = People::after(self, &relink);
        for (i, doc) in relink.items {
            let item = &mut self.items[i];
            item.anchor = build::anchor(&doc.meta.number);
            self.case_numbers[i.index()] = build::item_case_numbers(&doc.meta);
            item.meta = doc.meta;
            item.text = doc.text;
            item.digest = doc.digest;
            item.modified = doc.modified;
            meetings.push(item.meeting);
            patched.push(i);
        }
        self.link_again(meetings, patched, Vec::new(), people)
    }

    /// Sorts the items of `meetings` again and makes every link again, as [`Site::build`]
    /// makes them; `patched` are the items whose files changed (or the one put in), and
    /// `touched` the cases that lost an item otherwise (those of an item taken out);
    /// `people`: whether the people and parties are gathered again.
    pub(super) fn link_again(
        &mut self,
        mut meetings: Vec<MeetingId>,
        mut patched: Vec<ItemId>,
        touched: Vec<CaseId>,
        people: People,
    ) -> Relinked {
        meetings.sort_unstable();
        meetings.dedup();
        patched.sort_unstable();
        patched.dedup();
        let cases_before = self.cases.unrecorded().len();
        for m in meetings.iter().copied() {
            let mut items = std::mem::take(&mut self.meetings[m].items);
            build::sort_items(self.items.unrecorded(), &mut items);
            self.meetings[m].items = items;
        }
        let links = self.unlink();
        use crate::timings::stage;
        // Only the patched items' cases can change: they are linked again alone (see
        // `case_links`), not all 150,000 items.
        let (moves, cases) = stage("graph", || self.relink_cases(&patched, touched));
        stage("references", || references::resolve_all(self));
        stage("pairing", || {
            pairing::pair_again(self, &meetings, &patched, &cases)
        });
        #[cfg(debug_assertions)]
        self.assert_pairs_fresh();
        // Only the meetings sorted again and the items patched can have other problems.
        stage("graph checks", || {
            let mut checked = std::mem::take(&mut self.checked);
            checked.again(self, &meetings, &patched);
            self.checked = checked;
        });
        #[cfg(debug_assertions)]
        assert_eq!(
            self.checked,
            super::checks::graph_problems(self),
            "graph checks made again differ from a full pass"
        );
        if people == People::Again {
            self.unlink_people();
            let registry = self.registry.take();
            stage("people", || people::collect(self, registry.as_ref()));
            self.registry = registry;
        }
        let same_entities =
            moves.none() && self.cases.unrecorded().len() == cases_before && people == People::Kept;
        let mut items = stage("links compared", || self.relinked_items(&links, &moves));
        items.extend(patched);
        items.sort_unstable();
        items.dedup();
        let cases = self.cases_of(&items, cases);
        std::thread::spawn(move || drop(links));
        Relinked {
            items,
            meetings,
            cases,
            shift: None,
            same_entities,
        }
    }

    /// Panics unless every item's pairs are those [`pairing::pair_all`] makes afresh.
    #[cfg(debug_assertions)]
    fn assert_pairs_fresh(&mut self) {
        let got: Vec<Pairs> = (self.items.unrecorded().iter())
            .map(|i| i.pairs.clone())
            .collect();
        for item in self.items.iter_mut() {
            item.pairs = Pairs::default();
        }
        pairing::pair_all(self);
        let fresh = self.items.unrecorded().iter().map(|i| &i.pairs);
        assert!(
            fresh.eq(got.iter()),
            "pairs made again after a relink differ from a full pass"
        );
    }

    /// The cases `items` belong to or mention, with `touched` (those whose items changed).
    fn cases_of(&self, items: &[ItemId], mut touched: Vec<CaseId>) -> Vec<CaseId> {
        for &i in items {
            let item = &self.items.unrecorded()[i];
            touched.extend(item.cases.iter().chain(&item.mentions));
        }
        touched.sort_unstable();
        touched.dedup();
        touched
    }

    /// The items whose links differ from `links` (made with the cases before `moves`). An
    /// item's own cases change only when it was patched (and those count as changed anyway).
    fn relinked_items(&self, links: &[Links], moves: &CaseMoves) -> Vec<ItemId> {
        let same_target = |a: &Option<Target>, b: &Option<Target>| match (a, b) {
            (Some(Target::Case(a)), Some(Target::Case(b))) => moves.new_of(*b) == Some(*a),
            _ => a == b,
        };
        let items = self.items.unrecorded();
        (items.enumerate().zip(links))
            .map(|((i, item), was)| (i, (item, was)))
            .filter(|(_, (item, was))| {
                let targets = (item.reference_targets.iter()).zip(&was.reference_targets);
                !(item.reference_targets.len() == was.reference_targets.len()
                    && targets.into_iter().all(|(a, b)| same_target(a, b))
                    && item.cited_by == was.cited_by
                    && item.pairs == was.pairs)
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// Drops what linking makes but the cases (which [`Site::relink_cases`] links again for
    /// the items that changed), and returns each item's links as they were. Every field is
    /// named (no `..`), so a field added to the graph does not compile until it is decided
    /// here whether linking makes it.
    fn unlink(&mut self) -> Vec<Links> {
        let Site {
            config: _,
            orgs: _, // their cases: kept, see `relink_cases`
            bodies: _,
            meetings: _, // items re-sorted above; prev and next follow dates alone
            items,
            cases: _,        // kept and linked again for the items patched
            case_index: _,   // as the cases
            people: _,       // gathered again or kept: see `People`
            parties: _,      // as the people
            subjects: _,     // kept: see `Relink::keeps_subjects`
            person_index: _, // as the people
            registry: _,
            unregistered: _, // as the people
            signatures: _,
            checked: _,
            checked_at: _,
            topics_checked: _, // detection's: kept with the subjects
            case_numbers: _,   // from each item's front-matter: made again for the items patched in
            term_index: _,     // detection's: kept with the subjects
        } = self;
        let links = (items.iter_mut()).map(|item| {
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
                cases: _,    // see `relink_cases`
                mentions: _, // as the cases
                reference_targets,
                cited_by,
                subjects: _,
                pairs, // kept, and made again for the items that can change (see `pair_again`)
            } = item;
            Links {
                reference_targets: std::mem::take(reference_targets),
                cited_by: std::mem::take(cited_by),
                pairs: pairs.clone(),
            }
        });
        links.collect()
    }

    /// Drops the people and parties, which [`people::collect`] gathers again.
    fn unlink_people(&mut self) {
        self.people = Default::default();
        self.parties = Default::default();
        self.person_index.clear();
        self.unregistered.clear();
    }
}
