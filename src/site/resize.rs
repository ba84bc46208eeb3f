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
//!           meetings' item lists, cases' items, back-links, pairs, case numbers: moved
//!           with them; the item's cases linked again (see `case_links`); references,
//!           pairs, people: linked again; subjects: detected again
//! ```

use super::{build, subjects, Arena, ItemId, MeetingId, Pairs, Relinked, Site};
use super::{relink::People, Subject, SubjectId, Target};
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
        // The cases the item removed was in or mentioned lost it.
        let mut touched = Vec::new();
        let (shift, meeting, patched) = stage("items moved", || match resize {
            Resize::Added(m, doc) => {
                let digest = doc.digest;
                let i = self.insert_item(m, *doc);
                self.index_terms(i, digest, Shift::Inserted(i.index()));
                (Shift::Inserted(i.index()), m, vec![i])
            }
            Resize::Removed(i) => {
                let item = &self.items.unrecorded()[i];
                touched.extend(item.cases.iter().chain(&item.mentions));
                self.index_terms(i, item.digest, Shift::Removed(i.index()));
                let m = self.remove_item(i);
                (Shift::Removed(i.index()), m, Vec::new())
            }
        });
        // Every item after the one put in or taken out moved, and people name items by id.
        let mut relinked = self.link_again(vec![meeting], patched, touched, People::Again);
        // Detection makes every item's subjects again: the old arena is taken, and the
        // items' lists copied into one flat list (taking them would drop their
        // allocations, which detection's collection then makes again item by item).
        let was = std::mem::take(&mut self.subjects);
        let was_of = FlatLists::of(self.items.unrecorded().iter().map(|i| &i.subjects[..]));
        self.topics_checked = stage("subjects", || subjects::redetect(self));
        // An item's subjects are part of it (its page lists them): those that moved changed.
        let moved = stage("subjects compared", || self.subjects_moved(&was, &was_of));
        std::thread::spawn(move || drop((was, was_of)));
        relinked.items.extend(moved);
        relinked.items.sort_unstable();
        relinked.items.dedup();
        relinked.shift = Some(shift);
        relinked
    }

    /// Puts item `i` (of the file with `digest`) in the index of terms, or takes it out
    /// (see [`subjects::detect::TermIndex`]); without its signature, drops the index, which
    /// detection then makes again from all items.
    fn index_terms(&mut self, i: ItemId, digest: u128, shift: Shift) {
        let Some(index) = self.term_index.as_mut() else {
            return;
        };
        let Some(signed) = self.signatures.get(digest) else {
            self.term_index = None;
            return;
        };
        match shift {
            Shift::Inserted(at) => {
                let meeting = self.items.unrecorded()[i].meeting.index() as u32;
                index.insert(at, signed, meeting);
            }
            Shift::Removed(at) => index.remove(at, signed),
        }
    }

    /// The items whose subjects (by URL: their ids move when one is added or goes) differ
    /// from `was_of`, which were ids in `was`.
    fn subjects_moved(&self, was: &Arena<Subject>, was_of: &FlatLists<SubjectId>) -> Vec<ItemId> {
        let (now, was) = (self.subjects.unrecorded(), was.unrecorded());
        let items = self.items.unrecorded();
        (items.enumerate().zip(was_of.iter()))
            .filter(|((_, item), before)| {
                let same = |(a, b): (&SubjectId, &SubjectId)| now[*a].url == was[*b].url;
                let now = &item.subjects;
                !(now.len() == before.len() && now.iter().zip(before.iter()).all(same))
            })
            .map(|((i, _), _)| i)
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
    /// relink: in the meetings' item lists, the cases' (which a relink keeps, see
    /// `case_links`), and the links a relink compares with the ones it makes (back-links,
    /// pairs, references), so that only those that differ count as changed, and the graph
    /// checks' problems (see [`super::checks::Checked::shift`]). People and
    /// subjects are made again and keep none.
    fn move_ids(&mut self, shift: Shift) {
        let moved = |i: ItemId| shift.new_of(i.index()).map(ItemId::new);
        self.checked.shift(shift);
        for meeting in self.meetings.iter_mut() {
            for i in &mut meeting.items {
                // A removed item is out of its meeting's list already.
                *i = moved(*i).unwrap_or(*i);
            }
        }
        for case in self.cases.iter_mut() {
            // A shift keeps the order of the items it moves: the lists stay sorted.
            for list in [&mut case.appearances, &mut case.mentioned_in] {
                let kept = moved_in_place(list, shift);
                list.truncate(kept);
            }
        }
        for item in self.items.iter_mut() {
            let kept = moved_in_place(&mut item.cited_by, shift);
            item.cited_by.truncate(kept);
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

/// Many short lists in one vector, one after another.
struct FlatLists<T> {
    all: Vec<T>,
    ends: Vec<usize>,
}

impl<T: Copy> FlatLists<T> {
    fn of<'a>(lists: impl Iterator<Item = &'a [T]>) -> FlatLists<T>
    where
        T: 'a,
    {
        let mut flat = FlatLists {
            all: Vec::new(),
            ends: Vec::new(),
        };
        for list in lists {
            flat.all.extend_from_slice(list);
            flat.ends.push(flat.all.len());
        }
        flat
    }

    fn iter(&self) -> impl Iterator<Item = &[T]> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(&self.ends).map(|(a, b)| &self.all[a..*b])
    }
}

/// Moves the items of `list` by `shift` in place (not a new list for each of 150,000
/// items), the one taken out left out; returns how many are left, at the front.
fn moved_in_place(list: &mut [ItemId], shift: Shift) -> usize {
    let mut kept = 0;
    for k in 0..list.len() {
        if let Some(new) = shift.new_of(list[k].index()) {
            list[kept] = ItemId::new(new);
            kept += 1;
        }
    }
    kept
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
