//! Who voted how: every ballot of every vote linked to its person, and tallied for the party
//! printed with it, so that person and party pages list votes without reading every item.
//!
//! A ballot's party is the one printed on it (`Anna Berg (S)`), else the person's usual one:
//! a member who changed party counts for the party they sat for in that vote.

use super::arena::Entities;
use super::{Id, ItemId, PartyId, Site};
use crate::model::{Choice, PersonName};
use std::collections::HashMap;

/// One person's ballot: which vote of which item, and how they voted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cast {
    pub item: ItemId,
    /// The vote's index in the item's `votes`.
    pub vote: usize,
    pub choice: Choice,
}

/// How a party's members voted in one vote: the number of each choice, in the order of
/// [`Choice::ALL`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartyVote {
    pub item: ItemId,
    pub vote: usize,
    pub counts: [u32; 4],
}

impl PartyVote {
    pub fn count(&self, choice: Choice) -> u32 {
        self.counts[choice as usize]
    }
}

pub(super) fn link(site: &mut Site) {
    let parties = index(site.parties.unrecorded(), |p| &p.code);
    for item in dated_items(site) {
        for (vote, v) in site.items.unrecorded()[item].meta.votes.iter().enumerate() {
            let mut tallies: HashMap<PartyId, [u32; 4]> = HashMap::new();
            for ballot in &v.ballots {
                let printed = PersonName::parse(&ballot.by);
                let person = site.person_named(&printed.name);
                let cast = Cast {
                    item,
                    vote,
                    choice: ballot.vote,
                };
                let usual = person.and_then(|p| site.people.unrecorded()[p].party.clone());
                if let Some(p) = person {
                    site.people.build_mut()[p].casts.push(cast);
                }
                if let Some(&party) = printed
                    .party
                    .or(usual)
                    .as_ref()
                    .and_then(|c| parties.get(c))
                {
                    tallies.entry(party).or_default()[ballot.vote as usize] += 1;
                }
            }
            let mut tallies: Vec<_> = tallies.into_iter().collect();
            tallies.sort_unstable();
            for (party, counts) in tallies {
                site.parties.build_mut()[party]
                    .votes
                    .push(PartyVote { item, vote, counts });
            }
        }
    }
}

/// Each entity's position by a key (a person's name, a party's letters).
fn index<T>(list: &Entities<T>, key: impl Fn(&T) -> &String) -> HashMap<String, Id<T>> {
    list.enumerate().map(|(k, x)| (key(x).clone(), k)).collect()
}

/// Items with votes, by their meeting's date (then as stored), so lists come out in time order.
fn dated_items(site: &Site) -> Vec<ItemId> {
    let (items, meetings) = (site.items.unrecorded(), site.meetings.unrecorded());
    let mut ids: Vec<ItemId> = items
        .ids()
        .filter(|&i| items[i].meta.votes.iter().any(|v| !v.ballots.is_empty()))
        .collect();
    ids.sort_by_key(|&i| (meetings[items[i].meeting].meta.date, items[i].meeting, i));
    ids
}
