//! The graph's problems kept with what each is about, so that a relink checks again only
//! what it changed: 40 ms of every item-number or case-number edit in `serve` at 10,000
//! meetings went to checking all 150,000 items and 10,000 meetings again.
//!
//! ```text
//! origins   Numbers(m0) Numbers(m7) │ Paragraphs(m7) │ Parents │ CaseNumbers(i3) …
//!           └ the order the full pass runs its checks in (derived `Ord`), so the problems
//!             of the meetings and items changed, made again, are merged back in place
//! ```
//!
//! A relink keeps the config, bodies and meetings' front-matter: only the meetings whose
//! items it sorted again (their numbers) and the items it patched (their case numbers) can
//! have other problems. An item put in or taken out moves the ids after it (see
//! [`Checked::shift`]).

use super::{case_number_problems, number_problems, paragraph_problems};
use crate::diag::Diagnostic;
use crate::site::{ItemId, MeetingId, Shift, Site};

/// What one problem of the graph checks is about. The variants are in the order the checks
/// run, and each's ids in arena order: problems sorted by origin are in the order of a full
/// pass ([`super::graph_problems`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Origin {
    /// Two items of the meeting with one number.
    Numbers(MeetingId),
    /// The meeting's `paragraphs` against its items.
    Paragraphs(MeetingId),
    /// site.toml's `[parents]` against the bodies.
    Parents,
    /// The item's case numbers that do not parse.
    CaseNumbers(ItemId),
}

/// The problems of the graph checks, and what each is about beside it.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Checked {
    pub problems: Vec<Diagnostic>,
    origins: Vec<Origin>,
}

impl Checked {
    pub(super) fn push(&mut self, origin: Origin, problems: Vec<Diagnostic>) {
        self.origins.extend(problems.iter().map(|_| origin));
        self.problems.extend(problems);
    }

    /// The problems again after a relink sorted the items of `meetings` again and patched
    /// `items` (each list sorted, without repeats): theirs are made again, the others kept.
    pub(crate) fn again(&mut self, site: &Site, meetings: &[MeetingId], items: &[ItemId]) {
        let mut fresh = Checked::default();
        for &m in meetings {
            fresh.push(Origin::Numbers(m), number_problems(site, m));
        }
        for &m in meetings {
            fresh.push(Origin::Paragraphs(m), paragraph_problems(site, m));
        }
        for &i in items {
            fresh.push(Origin::CaseNumbers(i), case_number_problems(site, i));
        }
        let stale = |o: &Origin| match o {
            Origin::Numbers(m) | Origin::Paragraphs(m) => meetings.binary_search(m).is_ok(),
            Origin::CaseNumbers(i) => items.binary_search(i).is_ok(),
            Origin::Parents => false,
        };
        let kept = std::mem::take(self);
        let kept = (kept.origins.into_iter().zip(kept.problems)).filter(|(o, _)| !stale(o));
        *self = merge(kept, fresh.origins.into_iter().zip(fresh.problems));
    }

    /// Moves the items' ids as `shift` moves them (an item put in or taken out); the problems
    /// of an item taken out go with it.
    pub(crate) fn shift(&mut self, shift: Shift) {
        let kept = std::mem::take(self);
        for (origin, problem) in kept.origins.into_iter().zip(kept.problems) {
            let origin = match origin {
                Origin::CaseNumbers(i) => match shift.new_of(i.index()) {
                    Some(now) => Origin::CaseNumbers(ItemId::new(now)),
                    None => continue,
                },
                other => other,
            };
            self.origins.push(origin);
            self.problems.push(problem);
        }
    }
}

/// Two runs of problems, each sorted by origin and no origin in both, as one sorted run.
fn merge(
    a: impl Iterator<Item = (Origin, Diagnostic)>,
    b: impl Iterator<Item = (Origin, Diagnostic)>,
) -> Checked {
    let (mut a, mut b) = (a.peekable(), b.peekable());
    let mut out = Checked::default();
    loop {
        let take_a = match (a.peek(), b.peek()) {
            (Some((x, _)), Some((y, _))) => x <= y,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => return out,
        };
        let next = if take_a { a.next() } else { b.next() };
        if let Some((origin, problem)) = next {
            out.origins.push(origin);
            out.problems.push(problem);
        }
    }
}

#[cfg(test)]
mod tests;
