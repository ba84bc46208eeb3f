//! Fingerprints after a relink, without fingerprinting the 150,000 items and 30,000 cases
//! again (each costs a hasher's setup: a fifth of a second on one core, the whole of a
//! relink's budget): a relink keeps every item and meeting in its place and says which items,
//! meetings and cases it changed (see [`Relinked`]), so only those, and their organizations,
//! are fingerprinted again. People and parties, which linking makes afresh and are few, are
//! fingerprinted whole; bodies and subjects, which a relink keeps, are kept.
//!
//! ```text
//! Site::relink → Relinked { items, meetings, cases }   Fingerprints (of the graph before)
//!                       └──────────── relinked ─────────────┘
//!                         items (their texts apart), meetings, their orgs: those
//!                         named, in place
//!                         cases: those named; the rest by URL (their ids may move)
//!                         people, parties: whole
//!                         bodies, subjects, search buckets: kept
//! ```
//!
//! After an item was put in or taken out (see [`crate::site::Resize`]) the item tables'
//! rows move with the items, and the subjects, detected again, are fingerprinted whole.
//!
//! In debug builds (the tests) every update is compared with a fresh [`Fingerprints::of`],
//! and its changes with [`Changes::between`].

use super::{case, item, item_text, meeting, org, summaries, table, Changes, Fingerprints, Key};
use crate::site::reads::Kind;
use crate::site::{CaseId, Id, ItemId, OrgId, Relinked, Shift, Site};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

impl Fingerprints {
    /// Updates these fingerprints, of the graph before [`Site::relink`], to `site` after it,
    /// which made `relinked`; returns the changes, as [`Changes::between`] does.
    pub fn relinked(&mut self, site: &Site, relinked: &Relinked) -> Changes {
        #[cfg(debug_assertions)]
        let before = self.clone();
        let mut changes = Changes::none(self);
        // The items patched in are among them, and only those can have another text.
        for kind in [Kind::Item, Kind::ItemText] {
            match relinked.shift {
                None => self.refresh_all(site, kind, places(&relinked.items), &mut changes),
                Some(shift) => self.shift_items(site, kind, shift, &relinked.items, &mut changes),
            }
        }
        if relinked.shift.is_some() {
            // Detected again (see `Site::resize`): few, fingerprinted whole.
            let after = table(site, Kind::Subject);
            changes.compare(Kind::Subject, &self.tables[Kind::Subject as usize], &after);
            self.tables[Kind::Subject as usize] = after;
        }
        self.refresh_all(
            site,
            Kind::Meeting,
            places(&relinked.meetings),
            &mut changes,
        );
        // An organization lists its meetings and cases: those of the items and meetings
        // changed (an item removed is in no list, but its meeting is).
        let of_items = relinked.items.iter().map(|i| site.meeting_of(*i).org);
        let of_meetings = relinked
            .meetings
            .iter()
            .map(|m| site.meetings.unrecorded()[*m].org);
        let mut orgs: Vec<OrgId> = of_items.chain(of_meetings).collect();
        orgs.sort_unstable();
        orgs.dedup();
        self.refresh_all(site, Kind::Org, places(&orgs), &mut changes);
        self.refresh_cases(site, &relinked.cases, &mut changes);
        for kind in [Kind::Person, Kind::Party] {
            let after = table(site, kind);
            changes.compare(kind, &self.tables[kind as usize], &after);
            self.tables[kind as usize] = after;
        }
        let after = summaries(site);
        changes.compare_summaries(&self.summaries, &after);
        self.summaries = after;
        #[cfg(debug_assertions)]
        self.assert_fresh(site, &before, &changes);
        changes
    }

    /// Fingerprints the entities of `kind` at the places `ids` again in place, recording those
    /// that changed. (Places, not typed ids: one loop serves the five kinds, as the tables
    /// are by place.)
    fn refresh_all(
        &mut self,
        site: &Site,
        kind: Kind,
        ids: impl Iterator<Item = usize>,
        changes: &mut Changes,
    ) {
        let k = kind as usize;
        for i in ids {
            let fresh = match kind {
                Kind::Item => item(site, &site.items.unrecorded()[Id::new(i)]),
                Kind::ItemText => item_text(&site.items.unrecorded()[Id::new(i)]),
                Kind::Meeting => meeting(site, &site.meetings.unrecorded()[Id::new(i)]),
                Kind::Org => org(site, &site.orgs.unrecorded()[Id::new(i)]),
                _ => case(site, &site.cases.unrecorded()[Id::new(i)]),
            };
            let slot = &mut self.tables[k][i].1;
            if *slot != fresh {
                *slot = fresh;
                changes.changed[k][i] = true;
                changes.whole[k] = true;
            }
        }
    }

    /// The fingerprints of `kind` (items or their texts) after an item was put in or taken
    /// out: the table's rows move with the items, and the items at `new` (in the new
    /// places, the one put in among them) are fingerprinted again. Changes are recorded by
    /// the old places, with where each went, as [`Changes::between`] records them.
    fn shift_items(
        &mut self,
        site: &Site,
        kind: Kind,
        shift: Shift,
        new: &[ItemId],
        changes: &mut Changes,
    ) {
        let k = kind as usize;
        let table = &mut self.tables[k];
        let old_len = table.len();
        match shift {
            Shift::Inserted(at) => {
                let url = Key::of(&site.items.unrecorded()[ItemId::new(at)].url);
                // Fingerprinted below: the one put in is among `new`.
                table.insert(at, (url, 0));
            }
            Shift::Removed(at) => {
                table.remove(at);
                changes.changed[k][at] = true;
            }
        }
        let to: Vec<Option<u32>> = (0..old_len)
            .map(|old| shift.new_of(old).map(|n| n as u32))
            .collect();
        let in_place = to.iter().enumerate().all(|(old, n)| *n == Some(old as u32));
        changes.moved[k] = (!in_place).then_some(to);
        changes.whole[k] = true;
        let items = site.items.unrecorded();
        for i in new {
            let fresh = match kind {
                Kind::Item => item(site, &items[*i]),
                _ => item_text(&items[*i]),
            };
            let slot = &mut table[i.index()];
            if slot.1 != fresh || shift == Shift::Inserted(i.index()) {
                slot.1 = fresh;
                if let Some(old) = shift.old_of(i.index()) {
                    changes.changed[k][old] = true;
                }
            }
        }
    }

    /// The cases' fingerprints again: those `dirty` names made anew, the others' kept from
    /// the case with the same URL (the ids of cases made after a case added or gone move).
    fn refresh_cases(&mut self, site: &Site, dirty: &[CaseId], changes: &mut Changes) {
        let k = Kind::Case as usize;
        let (cases, before) = (site.cases.unrecorded(), &self.tables[k]);
        let in_place = before.len() == cases.len()
            && before
                .iter()
                .zip(cases)
                .all(|(b, c)| b.0 == Key::of(&c.url));
        if in_place {
            return self.refresh_all(site, Kind::Case, places(dirty), changes);
        }
        let was: FxHashMap<Key, u128> = before.iter().copied().collect();
        let mut anew = vec![false; cases.len()];
        dirty.iter().for_each(|c| anew[c.index()] = true);
        let after: Vec<(Key, u128)> = (cases.par_iter().zip(&anew))
            .map(|(c, anew)| {
                let url = Key::of(&c.url);
                match was.get(&url) {
                    Some(fp) if !anew => (url, *fp),
                    _ => (url, case(site, c)),
                }
            })
            .collect();
        changes.compare(Kind::Case, before, &after);
        self.tables[k] = after;
    }

    /// Panics unless these fingerprints are `site`'s, and `changes` what
    /// [`Changes::between`] finds from `before`.
    #[cfg(debug_assertions)]
    fn assert_fresh(&self, site: &Site, before: &Fingerprints, changes: &Changes) {
        let mut fresh = Fingerprints::of(site);
        // Not the graph's: made by the search index's caller, and kept here.
        let buckets = Kind::SearchBucket as usize;
        fresh.tables[buckets].clone_from(&self.tables[buckets]);
        assert!(
            *self == fresh,
            "incremental fingerprints differ from fresh ones"
        );
        assert!(
            *changes == Changes::between(before, &fresh),
            "incremental changes differ from fresh ones"
        );
    }
}

/// The places of `ids` in their arena.
fn places<T>(ids: &[Id<T>]) -> impl Iterator<Item = usize> + '_ {
    ids.iter().map(|i| i.index())
}
