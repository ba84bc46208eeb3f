//! Views of votes for the templates: an item's votes with each ballot linked to its person and
//! party, a person's ballots, and how a party's members voted, vote by vote.

use super::views::{ItemSummary, Views};
use crate::model::{Choice, PersonName, Vote};
use crate::site::reads::{self, Kind, Read};
use crate::site::{Cast, ItemId, PartyVote};
use serde::Serialize;

/// What a vote says of itself besides its ballots: for pages and the open data alike.
#[derive(Serialize)]
pub struct Facts<'a> {
    pub question: Option<&'a str>,
    pub yes_for: Option<&'a str>,
    pub no_for: Option<&'a str>,
    pub yes: u32,
    pub no: u32,
    pub abstained: u32,
    pub result: Option<&'a str>,
}

impl<'a> Facts<'a> {
    pub fn of(v: &'a Vote) -> Facts<'a> {
        Facts {
            question: v.question.as_deref(),
            yes_for: v.yes_for.as_deref(),
            no_for: v.no_for.as_deref(),
            yes: v.yes,
            no: v.no,
            abstained: v.abstained,
            result: v.result.as_deref(),
        }
    }
}

/// One vote on an item's page.
#[derive(Serialize)]
pub struct VoteView<'a> {
    #[serde(flatten)]
    pub facts: Facts<'a>,
    /// The ballots, grouped by choice in the order Ja, Nej, Avstår, Frånvarande.
    pub groups: Vec<BallotGroup<'a>>,
    /// The ballots do not add up to the printed counts.
    pub disagrees: bool,
}

#[derive(Serialize)]
pub struct BallotGroup<'a> {
    pub choice: &'static str,
    pub label: String,
    pub ballots: Vec<BallotView<'a>>,
}

#[derive(Serialize)]
pub struct BallotView<'a> {
    pub name: String,
    pub url: Option<&'a str>,
    pub party: Option<String>,
    pub party_url: Option<&'a str>,
}

/// One of a person's ballots, for their page.
#[derive(Serialize)]
pub struct CastView<'a> {
    pub item: ItemSummary<'a>,
    pub question: Option<&'a str>,
    pub choice: &'static str,
    pub label: String,
    pub yes: u32,
    pub no: u32,
    pub abstained: u32,
}

/// How a party's members voted in one vote, for the party's page.
#[derive(Serialize)]
pub struct PartyVoteView<'a> {
    pub item: ItemSummary<'a>,
    pub question: Option<&'a str>,
    pub yes: u32,
    pub no: u32,
    pub abstained: u32,
    pub absent: u32,
    /// The whole body's counts, as printed.
    pub total: [u32; 3],
}

impl<'a> Views<'a> {
    pub fn choice_label(&self, c: Choice) -> String {
        self.label(&format!("vote_{}", c.as_str()))
    }

    pub fn votes(&self, i: ItemId) -> Vec<VoteView<'a>> {
        let votes: &'a [Vote] = &self.site.items[i].meta.votes;
        votes.iter().map(|v| self.vote(v)).collect()
    }

    fn vote(&self, v: &'a Vote) -> VoteView<'a> {
        let groups = Choice::ALL
            .iter()
            .map(|&c| BallotGroup {
                choice: c.as_str(),
                label: self.choice_label(c),
                ballots: v
                    .ballots
                    .iter()
                    .filter(|b| b.vote == c)
                    .map(|b| self.ballot(&b.by))
                    .collect(),
            })
            .filter(|g| !g.ballots.is_empty())
            .collect();
        VoteView {
            facts: Facts::of(v),
            groups,
            disagrees: v.disagrees(),
        }
    }

    fn ballot(&self, by: &'a str) -> BallotView<'a> {
        let printed = PersonName::parse(by);
        let url = self.person(by).url;
        reads::note(Read::whole(Kind::PartyLinks));
        let party_url = printed.party.as_deref().and_then(|code| {
            let parties = self.site.parties.unrecorded();
            parties
                .iter()
                .find(|p| p.code == code)
                .map(|p| p.url.as_str())
        });
        BallotView {
            name: printed.name,
            url,
            party: printed.party,
            party_url,
        }
    }

    pub fn casts(&self, casts: &'a [Cast]) -> Vec<CastView<'a>> {
        casts
            .iter()
            .rev()
            .map(|c| {
                let v = &self.site.items[c.item].meta.votes[c.vote];
                CastView {
                    item: self.item(c.item),
                    question: v.question.as_deref(),
                    choice: c.choice.as_str(),
                    label: self.choice_label(c.choice),
                    yes: v.yes,
                    no: v.no,
                    abstained: v.abstained,
                }
            })
            .collect()
    }

    pub fn party_votes(&self, votes: &'a [PartyVote]) -> Vec<PartyVoteView<'a>> {
        votes
            .iter()
            .rev()
            .map(|pv| {
                let v = &self.site.items[pv.item].meta.votes[pv.vote];
                PartyVoteView {
                    item: self.item(pv.item),
                    question: v.question.as_deref(),
                    yes: pv.count(Choice::Yes),
                    no: pv.count(Choice::No),
                    abstained: pv.count(Choice::Abstain),
                    absent: pv.count(Choice::Absent),
                    total: [v.yes, v.no, v.abstained],
                }
            })
            .collect()
    }
}
