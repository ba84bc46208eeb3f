//! `/data/votes.json`: every vote of the archive, one record each, with its ballots linked to
//! the people and parties the site has pages for (their URLs are their stable ids). The same
//! votes are in `items.json` as the front-matter writes them; this file saves a reuser from
//! resolving names.

use crate::model::{Choice, PersonName};
use crate::render::votes::Facts;
use crate::site::Site;
use serde::Serialize;
use std::collections::HashMap;

#[derive(Serialize)]
pub(super) struct VoteRecord<'a> {
    /// The item in the graph, for other shapes of the same record (Popolo).
    #[serde(skip)]
    pub(super) item_id: crate::site::ItemId,
    pub(super) item: &'a str,
    pub(super) date: chrono::NaiveDate,
    /// The vote's place among the item's votes, from 0.
    pub(super) index: usize,
    #[serde(flatten)]
    pub(super) vote: Facts<'a>,
    pub(super) ballots: Vec<BallotRecord<'a>>,
}

#[derive(Serialize)]
pub(super) struct BallotRecord<'a> {
    /// As printed: `Anna Berg (S)`.
    pub(super) by: &'a str,
    pub(super) vote: Choice,
    pub(super) person: Option<&'a str>,
    pub(super) party: Option<&'a str>,
}

pub(super) fn records(site: &Site) -> Vec<VoteRecord<'_>> {
    let people = site.people.all();
    let parties: HashMap<&str, &str> = site
        .parties
        .iter()
        .map(|p| (p.code.as_str(), p.url.as_str()))
        .collect();
    let mut out = Vec::new();
    for (item_id, item) in site.items.enumerate() {
        let date = site.meetings[item.meeting].meta.date;
        for (index, v) in item.meta.votes.iter().enumerate() {
            out.push(VoteRecord {
                item_id,
                item: &item.url,
                date,
                index,
                vote: Facts::of(v),
                ballots: v
                    .ballots
                    .iter()
                    .map(|b| {
                        let printed = PersonName::parse(&b.by);
                        let person = site
                            .person_named(&printed.name)
                            .map(|p| (people[p].url.as_str(), people[p].party.as_deref()));
                        // The party printed on the ballot, else the person's usual one.
                        let code = printed.party.as_deref().or(person.and_then(|p| p.1));
                        BallotRecord {
                            by: &b.by,
                            vote: b.vote,
                            person: person.map(|p| p.0),
                            party: code.and_then(|c| parties.get(c).copied()),
                        }
                    })
                    .collect(),
            });
        }
    }
    out
}
