//! An item file added to a meeting the graph holds, or removed from one: `serve`'s way past
//! assembling the graph again for the other common structural edit. The item is put in (or
//! taken out) at the place a fresh build gives it, every item after it moves by one, and the
//! graph is relinked as after a link edit (see [`crate::site::Relink`]); subjects are then
//! detected again from the signatures the graph keeps, without reading any text.
//!
//! ```text
//! items   [… m:001 m:002 │ m:003 n:001 …]   item ids follow (meeting, file name), as a
//!                        ↑ 002b-x.md added     fresh build numbers them: the new item takes
//! items   [… m:001 m:002 m:002b │ m:003 …]   its place, those after it move up one
//!           meetings' item lists, back-links, pairs, case numbers: moved with them
//!           cases, references, pairs, people: linked again; subjects: detected again
//! ```

use super::{build, subjects, ItemId, MeetingId, OrgId, Pairs, Relinked, Site, Target};
use crate::content::ItemDoc;

/// An item file added to a meeting the graph holds (its signature already kept in
/// [`Site::signatures`]), or the item of a file removed.
pub enum Resize {
    Added(MeetingId, Box<ItemDoc>),
    Removed(ItemId),
}

/// Where an item was put in or taken out: the items after it moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shift {
    Inserted(usize),
    Removed(usize),
}

impl Shift {
    /// The place after the shift of the item at `old` before it (`None`: removed).
    pub fn new_of(self, old: usize) -> Option<usize> {
        match self {
            Shift::Inserted(at) if old >= at => Some(old + 1),
            Shift::Removed(at) if old == at => None,
            Shift::Removed(at) if old > at => Some(old - 1),
            _ => Some(old),
        }
    }

    /// The place before the shift of the item at `new` after it (`None`: put in).
    pub fn old_of(self, new: usize) -> Option<usize> {
        match self {
            Shift::Inserted(at) if new == at => None,
            Shift::Inserted(at) if new > at => Some(new - 1),
            Shift::Removed(at) if new >= at => Some(new + 1),
            _ => Some(new),
        }
    }
}

impl Site {
    /// Puts the item in or takes it out, relinks the graph and detects its subjects again;
    /// the graph's checks and `[topics]` problems are made again too.
    pub fn resize(&mut self, resize: Resize) -> Relinked {
        use crate::timings::stage;
        let mut gone_cases = Vec::new();
        let (shift, meeting, patched) = stage("items moved", || match resize {
            Resize::Added(m, doc) => {
                let i = self.insert_item(m, *doc);
                (Shift::Inserted(i.index()), m, vec![i])
            }
            Resize::Removed(i) => {
                gone_cases = self.case_keys(i);
                let m = self.remove_item(i);
                (Shift::Removed(i.index()), m, Vec::new())
            }
        });
        let mut relinked = self.link_again(vec![meeting], patched);
        // The cases the item removed was in or mentioned, when they stay, lost it.
        let stay = gone_cases.iter().filter_map(|(org, n)| self.case(*org, n));
        relinked.cases.extend(stay);
        relinked.cases.sort_unstable();
        relinked.cases.dedup();
        let was: Vec<Vec<String>> = stage("subjects compared", || self.subject_urls());
        self.topics_checked = stage("subjects", || subjects::redetect(self));
        let now = stage("subjects compared", || self.subject_urls());
        // An item's subjects are part of it (its page lists them): those that moved changed.
        let moved = (was.iter().zip(&now).enumerate()).filter(|(_, (a, b))| a != b);
        relinked.items.extend(moved.map(|(i, _)| ItemId::new(i)));
        relinked.items.sort_unstable();
        relinked.items.dedup();
        relinked.shift = Some(shift);
        relinked
    }

    /// The cases item `i` is in or mentions, by organization and number (their ids move).
    fn case_keys(&self, i: ItemId) -> Vec<(OrgId, String)> {
        let (item, cases) = (&self.items.unrecorded()[i], self.cases.unrecorded());
        (item.cases.iter().chain(&item.mentions))
            .map(|c| (cases[*c].org, cases[*c].number.clone()))
            .collect()
    }

    /// Each item's subjects, by URL (their ids move when one is added or goes).
    fn subject_urls(&self) -> Vec<Vec<String>> {
        let subjects = self.subjects.unrecorded();
        (self.items.unrecorded().iter())
            .map(|i| {
                i.subjects
                    .iter()
                    .map(|s| subjects[*s].url.clone())
                    .collect()
            })
            .collect()
    }

    /// Puts the item of `doc` in meeting `m` at the place a fresh build numbers it: after
    /// the items of earlier meetings and of earlier file names in its own.
    fn insert_item(&mut self, m: MeetingId, doc: ItemDoc) -> ItemId {
        let items = self.items.unrecorded();
        let at = items.partition_point(|i| (i.meeting, i.stem.as_str()) < (m, doc.stem.as_str()));
        self.move_ids(Shift::Inserted(at));
        let id = ItemId::new(at);
        self.case_numbers
            .insert(at, build::item_case_numbers(&doc.meta));
        let url = self.meetings[m].url.clone();
        self.items
            .build_mut()
            .insert(at, build::new_item(m, &url, doc));
        self.meetings[m].items.push(id);
        id
    }

    /// Takes item `i` out; returns its meeting.
    fn remove_item(&mut self, i: ItemId) -> MeetingId {
        let m = self.items.unrecorded()[i].meeting;
        self.meetings[m].items.retain(|x| *x != i);
        self.items.build_mut().remove(i.index());
        self.case_numbers.remove(i.index());
        self.move_ids(Shift::Removed(i.index()));
        m
    }

    /// Moves the ids of the items that `shift` moves wherever the graph keeps them past a
    /// relink: in the meetings' item lists, and in the links a relink compares with the
    /// ones it makes (back-links, pairs, references), so that only those that differ count
    /// as changed. Cases, people and subjects are made again and keep none.
    fn move_ids(&mut self, shift: Shift) {
        let moved = |i: ItemId| shift.new_of(i.index()).map(ItemId::new);
        for meeting in self.meetings.iter_mut() {
            for i in &mut meeting.items {
                // A removed item is out of its meeting's list already.
                *i = moved(*i).unwrap_or(*i);
            }
        }
        for item in self.items.iter_mut() {
            item.cited_by = item.cited_by.iter().filter_map(|i| moved(*i)).collect();
            let Pairs {
                twin,
                decision,
                proposal,
            } = &mut item.pairs;
            for pair in [twin, decision, proposal] {
                *pair = pair.and_then(moved);
            }
            for target in &mut item.reference_targets {
                if let Some(Target::Item(i)) = *target {
                    *target = moved(i).map(Target::Item);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Shift;

    #[test]
    fn a_shift_maps_places_both_ways() {
        for shift in [Shift::Inserted(2), Shift::Removed(2)] {
            for old in 0..6 {
                if let Some(new) = shift.new_of(old) {
                    assert_eq!(shift.old_of(new), Some(old), "{shift:?} {old}");
                }
            }
        }
        assert_eq!(Shift::Inserted(2).old_of(2), None);
        assert_eq!(Shift::Removed(2).new_of(2), None);
    }
}
