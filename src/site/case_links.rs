//! Linking the cases of a few items again (`serve`, after a link edit or an item put in or
//! taken out), instead of linking all 150,000 items: only the cases those items were in, or
//! are in now, can change, and the ids of all cases follow from where each is first seen.
//!
//! ```text
//! item  numbers (own, then references')   a case's id is the order of its first sight:
//! 0     RS 5-2024, RS 9-2024              (item, place) = RS 5 (0,0) < RS 9 (0,1)
//! 1     KS 2-2023 | ref RS 5-2024                       < KS 2 (1,0) < …
//! ```
//!
//! The items patched are taken out of their cases and linked again, new cases made at the
//! end; each case touched gets its documents and order again from the items that hold it.
//! When every case still has an item and their first sights are still in id order, the ids
//! stay; otherwise (a case made before others, or one gone) they are numbered again by
//! first sight and every id moved where the graph keeps it. Either way the cases equal
//! those [`super::build::link_cases`] makes from all items (tested below).

use super::build::{link_item, order_case};
use super::{Case, CaseId, ItemId, Site};
use rayon::prelude::*;

/// Where each case went when the cases were linked again: by the id before, the id after
/// (`None`: no item holds it any more). The ids before are those of the cases that existed.
#[derive(Debug, Default)]
pub struct CaseMoves(Option<Vec<Option<CaseId>>>);

impl CaseMoves {
    /// Whether every case kept its id.
    pub fn none(&self) -> bool {
        self.0.is_none()
    }

    /// The id now of the case that had id `old`.
    pub fn new_of(&self, old: CaseId) -> Option<CaseId> {
        match &self.0 {
            None => Some(old),
            Some(to) => to.get(old.index()).copied().flatten(),
        }
    }
}

impl Site {
    /// Links the items `patched` (whose case numbers in [`Site::case_numbers`] may have
    /// changed, or which were put in) to their cases again. `touched`: cases that lost an
    /// item otherwise (the cases of an item taken out, already out of their lists). Returns
    /// where the cases went and the cases (new ids) whose items or documents changed.
    pub(super) fn relink_cases(
        &mut self,
        patched: &[ItemId],
        mut touched: Vec<CaseId>,
    ) -> (CaseMoves, Vec<CaseId>) {
        let before = self.cases.unrecorded().len();
        let mut patched = patched.to_vec();
        patched.sort_unstable();
        patched.dedup();
        for &p in &patched {
            touched.extend(self.unlink_item(p));
        }
        for &p in &patched {
            link_item(self, p);
            let item = &self.items.unrecorded()[p];
            touched.extend(item.cases.iter().chain(&item.mentions));
        }
        touched.sort_unstable();
        touched.dedup();
        for &c in &touched {
            self.cases.build_mut()[c].documents = self.documents_of(c);
            order_case(self, c);
        }
        let moves = self.number_cases(&touched);
        // Nothing moved and no case made: every organization lists the same cases.
        if moves.0.is_some() || self.cases.unrecorded().len() != before {
            self.list_org_cases(&moves);
        }
        let touched = touched
            .into_iter()
            .filter_map(|c| moves.new_of(c))
            .collect();
        (moves, touched)
    }

    /// Takes item `p` out of its cases' lists and drops its links to them; returns them.
    fn unlink_item(&mut self, p: ItemId) -> Vec<CaseId> {
        let item = &mut self.items.build_mut()[p];
        let mut cases: Vec<CaseId> = std::mem::take(&mut item.cases).into_iter().collect();
        cases.extend(std::mem::take(&mut item.mentions));
        for c in &cases {
            let case = &mut self.cases.build_mut()[*c];
            case.appearances.retain(|i| *i != p);
            case.mentioned_in.retain(|i| *i != p);
        }
        cases
    }

    /// The documents of case `c`: those of every number of its items that names it.
    fn documents_of(&self, c: CaseId) -> Vec<String> {
        let case = &self.cases.unrecorded()[c];
        let holders = case.appearances.iter().chain(&case.mentioned_in);
        let mut documents: Vec<String> = holders
            .flat_map(|i| {
                let (own, mentioned) = &self.case_numbers[i.index()];
                own.iter().flatten().chain(mentioned)
            })
            .filter(|n| n.canonical == case.number)
            .filter_map(|n| n.document.clone())
            .collect();
        documents.sort();
        documents.dedup();
        documents
    }

    /// Where case `c` is first seen: its first item, and the place in that item's numbers
    /// (own, then its references') of the first that names it. `None`: no item holds it.
    fn first_seen(&self, c: &Case) -> Option<(ItemId, usize)> {
        let first = *c.appearances.iter().chain(&c.mentioned_in).min()?;
        let (own, mentioned) = &self.case_numbers[first.index()];
        let mut numbers = own.iter().flatten().chain(mentioned);
        let place = numbers.position(|n| n.canonical == c.number);
        // A holder always has a number naming it; an impossible miss sorts last in the item.
        Some((first, place.unwrap_or(usize::MAX)))
    }

    /// Numbers the cases again by where each is first seen, when they are not so numbered
    /// (or a case lost its last item); moves every id the graph keeps of them. `touched`:
    /// the cases whose items changed, the only ones whose first sight can have moved
    /// against the others'.
    fn number_cases(&mut self, touched: &[CaseId]) -> CaseMoves {
        if self.still_numbered(touched) {
            return CaseMoves(None);
        }
        let cases = self.cases.unrecorded();
        let seen: Vec<Option<(ItemId, usize)>> =
            cases.par_iter().map(|c| self.first_seen(c)).collect();
        let in_order = seen.iter().all(Option::is_some) && seen.windows(2).all(|w| w[0] < w[1]);
        if in_order {
            return CaseMoves(None);
        }
        let mut order: Vec<usize> = (0..seen.len()).filter(|c| seen[*c].is_some()).collect();
        order.sort_unstable_by_key(|c| seen[*c]);
        let mut to = vec![None; seen.len()];
        for (new, old) in order.iter().enumerate() {
            to[*old] = Some(CaseId::new(new));
        }
        // The arena's vector, taken whole (an arena derefs to it for building).
        let all: Vec<Case> = std::mem::take(&mut **self.cases.build_mut());
        let mut slots: Vec<Option<Case>> = all.into_iter().map(Some).collect();
        for old in order {
            if let Some(case) = slots[old].take() {
                self.cases.push(case);
            }
        }
        let moved = |c: &mut CaseId| *c = to[c.index()].unwrap_or(*c);
        for item in self.items.iter_mut() {
            item.cases.iter_mut().for_each(moved);
            item.mentions.iter_mut().for_each(moved);
        }
        for index in &mut self.case_index {
            index.retain(|_, c| {
                let now = to[c.index()];
                *c = now.unwrap_or(*c);
                now.is_some()
            });
        }
        CaseMoves(Some(to))
    }

    /// Whether the cases are still numbered by first sight, looking at the `touched` ones and
    /// their neighbours only (not all 30,000). The cases were so numbered before, and a case
    /// whose items did not change keeps its first sight, or sees it moved with every other
    /// item's id by an item put in or taken out, which keeps their order; so only a pair
    /// with a touched case in it can be out of order, or a touched case left without items.
    fn still_numbered(&self, touched: &[CaseId]) -> bool {
        let cases = self.cases.unrecorded();
        let seen = |c: usize| (cases.get(CaseId::new(c))).and_then(|case| self.first_seen(case));
        touched.iter().all(|c| {
            let c = c.index();
            let Some(here) = seen(c) else {
                return false;
            };
            let after_previous = c == 0 || seen(c - 1).is_some_and(|before| before < here);
            let before_next = c + 1 >= cases.len() || seen(c + 1).is_some_and(|next| here < next);
            after_previous && before_next
        })
    }

    /// Each organization's cases, by number, after `moves`: ids moved, cases gone dropped,
    /// cases made added at their place.
    fn list_org_cases(&mut self, moves: &CaseMoves) {
        let mut listed = vec![false; self.cases.unrecorded().len()];
        for org in self.orgs.iter_mut() {
            org.cases = org.cases.iter().filter_map(|c| moves.new_of(*c)).collect();
            org.cases.iter().for_each(|c| listed[c.index()] = true);
        }
        let cases = self.cases.unrecorded();
        for (c, case) in cases.enumerate().filter(|(c, _)| !listed[c.index()]) {
            let list = &mut self.orgs.build_mut()[case.org].cases;
            let at = list.partition_point(|x| cases[*x].number < case.number);
            list.insert(at, c);
        }
    }
}

#[cfg(test)]
mod tests;
