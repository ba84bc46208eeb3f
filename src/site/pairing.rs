//! Pairing: which item answers which, so that a reader can see what was proposed and what was
//! decided.
//!
//! - **Twins.** An archive may hold both documents of one meeting: the agenda (dagordning,
//!   kallelse, with `Förslag till beslut`) and the protocol. They are two meetings of one body
//!   on one date; each agenda item is paired with the protocol paragraph that handled it, by a
//!   shared case number first, then by the folded title (equal, then one containing the other
//!   as a run of words: `Motion om X` in `Svar på motion om X`). No item is paired twice.
//! - **Proposal → decision.** An item that proposes to a higher body (`outcome: proposed`,
//!   perhaps `to: Regionstyrelsen`, or an agenda item under `Ärenden till regionstyrelsen`) is
//!   paired with the next protocol paragraph on the same case in another body of the same
//!   organization, from its date on, preferring the body it names. A case belongs to one
//!   organization, so nothing pairs across organizations.
//!
//! Pairs depend on cases, outcomes, groups, bodies, dates and titles, never on an item's text:
//! comparing the texts is the renderer's work (see `render::pairing`), so a text edit changes
//! no pair.

use super::{CaseId, ItemId, MeetingId, Site};
use crate::model::{MeetingKind, OutcomeKind};
use std::collections::BTreeMap;

/// What an item is paired with, as ids into [`Site::items`].
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Pairs {
    /// The same item in the other document of its meeting: an agenda item's protocol
    /// paragraph, or a paragraph's agenda item.
    pub twin: Option<ItemId>,
    /// For a proposal to a higher body: the decision that followed on the same case.
    pub decision: Option<ItemId>,
    /// For a decision: the proposal it followed (the latest, when several led to it).
    pub proposal: Option<ItemId>,
}

/// The agenda group heading that sends its items to a higher body: `Ärenden till
/// regionstyrelsen`.
const GROUP_TO: &str = "ärenden till ";

/// Fills every item's [`Pairs`].
pub(super) fn pair_all(site: &mut Site) {
    for (agenda, protocol) in twins(site) {
        site.items[agenda].pairs.twin = Some(protocol);
        site.items[protocol].pairs.twin = Some(agenda);
    }
    let decisions = decisions(site);
    let mut latest: BTreeMap<ItemId, ItemId> = BTreeMap::new();
    for (proposal, decision) in decisions {
        site.items[proposal].pairs.decision = Some(decision);
        let later = |a: ItemId| proposal_rank(site, a);
        let keep = latest
            .get(&decision)
            .is_none_or(|&p| later(proposal) > later(p));
        if keep {
            latest.insert(decision, proposal);
        }
    }
    for (decision, proposal) in latest {
        site.items[decision].pairs.proposal = Some(proposal);
    }
}

/// The pairs again after a relink (see [`super::Relink`]), made for the items it can have
/// changed rather than for all 150,000, with the result [`pair_all`] makes:
///
/// - twins: within a sitting, from its documents' item order and its items' titles and
///   cases; only the sittings of `meetings` (those sorted again, the patched items') can
///   have other ones. Case ids moved by a relink move for every item alike, which keeps
///   each comparison of cases.
/// - a proposal's decision: from its front-matter, its cases and their items; only the items
///   `patched` and those of the `cases` whose items changed can have another one.
/// - a decision's proposal: the latest of those naming it, all of which share a case with
///   it; only a decision named before or now by a proposal above, or one of those items
///   (a proposal taken out moves its decision's items' cases), can have another one.
pub(super) fn pair_again(
    site: &mut Site,
    meetings: &[MeetingId],
    patched: &[ItemId],
    cases: &[CaseId],
) {
    let mut sittings: Vec<Vec<MeetingId>> = meetings.iter().map(|m| site.sitting(*m)).collect();
    sittings.sort_unstable();
    sittings.dedup();
    for documents in sittings {
        for d in &documents {
            for i in site.meetings[*d].items.clone() {
                site.items[i].pairs.twin = None;
            }
        }
        for (agenda, protocol) in sitting_twins(site, documents) {
            site.items[agenda].pairs.twin = Some(protocol);
            site.items[protocol].pairs.twin = Some(agenda);
        }
    }
    let mut proposals = patched.to_vec();
    for c in cases {
        proposals.extend_from_slice(&site.cases.unrecorded()[*c].appearances);
    }
    proposals.sort_unstable();
    proposals.dedup();
    let mut decisions = proposals.clone();
    for &p in &proposals {
        decisions.extend(site.items.unrecorded()[p].pairs.decision);
        let decision = proposes_to(site, p).and_then(|to| decision_for(site, p, to.as_deref()));
        site.items[p].pairs.decision = decision;
        decisions.extend(decision);
    }
    decisions.sort_unstable();
    decisions.dedup();
    for d in decisions {
        site.items[d].pairs.proposal = proposal_of(site, d);
    }
}

/// The proposal decision `d` followed: the latest of those it is the decision of (each
/// shares a case with it, see [`decision_for`]), as [`pair_all`] keeps it.
fn proposal_of(site: &Site, d: ItemId) -> Option<ItemId> {
    let (items, cases) = (site.items.unrecorded(), site.cases.unrecorded());
    (items[d].cases.iter())
        .flat_map(|c| cases[*c].appearances.iter().copied())
        .filter(|p| items[*p].pairs.decision == Some(d))
        .max_by_key(|p| proposal_rank(site, *p))
}

/// Whether an item's title takes part in pairing: its meeting has a twin document. `serve`
/// patches a title edit in place only when it does not.
pub fn title_pairs(site: &Site, item: ItemId) -> bool {
    let Some(m) = site.items.unrecorded().get(item).map(|i| i.meeting) else {
        return false;
    };
    let kind = site.meetings[m].meta.kind;
    site.sitting(m)
        .iter()
        .any(|d| site.meetings[*d].meta.kind != kind)
}

/// Among proposals leading to one decision, the one it followed: the latest, and a
/// protocol's over an agenda's of the same day.
fn proposal_rank(site: &Site, item: ItemId) -> (chrono::NaiveDate, bool, ItemId) {
    let meeting = site.meeting_of(item);
    (
        meeting.meta.date,
        meeting.meta.kind == MeetingKind::Protokoll,
        item,
    )
}

/// (agenda item, protocol paragraph) of every sitting held as both documents (see
/// [`Site::sitting`]).
fn twins(site: &Site) -> Vec<(ItemId, ItemId)> {
    let meetings = site.meetings.unrecorded();
    meetings
        .ids()
        .map(|m| (m, site.sitting(m)))
        // Each sitting once, at its first document.
        .filter(|(m, documents)| documents.len() > 1 && documents[0] == *m)
        .flat_map(|(_, documents)| sitting_twins(site, documents))
        .collect()
}

/// (agenda item, protocol paragraph) of one sitting's `documents`; two agendas or protocols
/// of one sitting pair first with first.
fn sitting_twins(site: &Site, documents: Vec<MeetingId>) -> Vec<(ItemId, ItemId)> {
    let meetings = site.meetings.unrecorded();
    let (protocols, agendas): (Vec<MeetingId>, Vec<MeetingId>) = documents
        .into_iter()
        .partition(|d| meetings[*d].meta.kind == MeetingKind::Protokoll);
    agendas
        .into_iter()
        .zip(protocols)
        .flat_map(|(a, p)| match_items(site, &meetings[a].items, &meetings[p].items))
        .collect()
}

/// What pairing compares of an item.
struct Key<'a> {
    cases: &'a [CaseId],
    words: Vec<String>,
}

impl Key<'_> {
    fn shares_case(&self, other: &Key) -> bool {
        self.cases.iter().any(|c| other.cases.contains(c))
    }
    /// Both carry case numbers and none in common: their titles say nothing then.
    fn other_cases(&self, other: &Key) -> bool {
        !self.cases.is_empty() && !other.cases.is_empty() && !self.shares_case(other)
    }
    fn same_title(&self, other: &Key) -> bool {
        !self.words.is_empty() && self.words == other.words && !self.other_cases(other)
    }
    /// One title is a run of the other's words, of two words at least.
    fn title_within(&self, other: &Key) -> bool {
        let (short, long) = if self.words.len() <= other.words.len() {
            (&self.words, &other.words)
        } else {
            (&other.words, &self.words)
        };
        short.len() >= 2
            && !self.other_cases(other)
            && long.windows(short.len()).any(|w| w == short.as_slice())
    }
}

fn key(site: &Site, item: ItemId) -> Key<'_> {
    let item = &site.items.unrecorded()[item];
    let title = crate::identity::fold(&item.meta.title);
    Key {
        cases: &item.cases,
        words: crate::swedish::tokens(&title).collect(),
    }
}

/// A rule, and whether it must single out one paragraph to pair (a containment of titles
/// is a guess, taken only when nothing else fits).
type Rule = (fn(&Key, &Key) -> bool, bool);

const RULES: [Rule; 4] = [
    (|a, b| a.shares_case(b) && a.same_title(b), false),
    (|a, b| a.shares_case(b), false),
    (|a, b| a.same_title(b), false),
    (|a, b| a.title_within(b), true),
];

/// Pairs agenda items with protocol paragraphs, rule by rule, each agenda item with the
/// first paragraph still free that the rule accepts.
fn match_items(site: &Site, agenda: &[ItemId], protocol: &[ItemId]) -> Vec<(ItemId, ItemId)> {
    let a_keys: Vec<Key> = agenda.iter().map(|&i| key(site, i)).collect();
    let p_keys: Vec<Key> = protocol.iter().map(|&i| key(site, i)).collect();
    let mut a_free = vec![true; agenda.len()];
    let mut p_free = vec![true; protocol.len()];
    let mut out = Vec::new();
    for (rule, unique) in RULES {
        for (a, ak) in a_keys.iter().enumerate() {
            if !a_free[a] {
                continue;
            }
            let fits: Vec<usize> = (0..protocol.len())
                .filter(|&p| p_free[p] && rule(ak, &p_keys[p]))
                .take(2)
                .collect();
            let p = match fits[..] {
                [p] => p,
                [p, _] if !unique => p,
                _ => continue,
            };
            (a_free[a], p_free[p]) = (false, false);
            out.push((agenda[a], protocol[p]));
        }
    }
    out
}

/// The body an item proposes to, when it proposes: `Some(None)` for a proposal that names no
/// body.
fn proposes_to(site: &Site, item: ItemId) -> Option<Option<Vec<String>>> {
    let meta = &site.items.unrecorded()[item].meta;
    let words = |s: &str| crate::swedish::tokens(&crate::identity::fold(s)).collect::<Vec<_>>();
    let group = meta.group.as_deref().and_then(|g| {
        let g = g.to_lowercase();
        g.trim().strip_prefix(GROUP_TO).map(words)
    });
    match &meta.outcome {
        Some(o) if o.kind() == OutcomeKind::Proposed => Some(o.to().map(words).or(group)),
        _ => group.map(Some),
    }
}

/// (proposal, decision) for every proposal that a later protocol paragraph answers.
fn decisions(site: &Site) -> Vec<(ItemId, ItemId)> {
    site.items
        .unrecorded()
        .ids()
        .filter_map(|p| {
            let to = proposes_to(site, p)?;
            Some((p, decision_for(site, p, to.as_deref())?))
        })
        .collect()
}

/// The protocol paragraph answering `proposal`: on one of its cases, in another body, not
/// earlier; the first in the body named `to` when there is one there, else the first.
fn decision_for(site: &Site, proposal: ItemId, to: Option<&[String]>) -> Option<ItemId> {
    let (items, meetings) = (site.items.unrecorded(), site.meetings.unrecorded());
    let meeting = |d: ItemId| &meetings[items[d].meeting];
    let from = meeting(proposal);
    let mut later: Vec<ItemId> = items[proposal]
        .cases
        .iter()
        .flat_map(|&c| site.cases.unrecorded()[c].appearances.iter().copied())
        .filter(|&d| {
            let m = meeting(d);
            m.body != from.body
                && m.meta.kind == MeetingKind::Protokoll
                && m.meta.date >= from.meta.date
        })
        .collect();
    later.sort_by_key(|&d| (meeting(d).meta.date, d));
    let in_body = |d: &ItemId, to: &[String]| {
        let body = &site.bodies.unrecorded()[meeting(*d).body];
        crate::swedish::tokens(&crate::identity::fold(&body.name)).eq(to.iter().cloned())
    };
    let named = to.and_then(|to| later.iter().find(|d| in_body(d, to)));
    named.or(later.first()).copied()
}

#[cfg(test)]
mod tests;
