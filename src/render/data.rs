//! Open data: `/data/*.json` (meetings, items, cases, people, with a schema version so
//! reusers can tell when the shape changes). The sitemap is in [`super::sitemap`].

pub(super) mod catalog;
mod popolo;
mod votes;

use crate::site::{ItemId, Site};
use serde::Serialize;

/// The version of the `/data/` JSON shape; bump it when a field changes meaning or goes away.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DataFile {
    Meetings,
    Items,
    Cases,
    People,
    Subjects,
    Votes,
    /// The votes in the Popolo shape (see `popolo.rs`).
    Popolo,
}

impl DataFile {
    pub const ALL: [DataFile; 7] = [
        DataFile::Meetings,
        DataFile::Items,
        DataFile::Cases,
        DataFile::People,
        DataFile::Subjects,
        DataFile::Votes,
        DataFile::Popolo,
    ];

    pub fn path(self) -> &'static str {
        match self {
            DataFile::Meetings => "data/meetings.json",
            DataFile::Items => "data/items.json",
            DataFile::Cases => "data/cases.json",
            DataFile::People => "data/people.json",
            DataFile::Subjects => "data/subjects.json",
            DataFile::Votes => "data/votes.json",
            DataFile::Popolo => "data/popolo.json",
        }
    }
}

#[derive(Serialize)]
struct Envelope<T: Serialize> {
    schema_version: u32,
    generator: &'static str,
    records: T,
}

#[derive(Serialize)]
struct MeetingRecord<'a> {
    url: &'a str,
    organization_slug: &'a str,
    body_slug: &'a str,
    #[serde(flatten)]
    meta: &'a crate::model::MeetingMeta,
    /// A protocol's last day to appeal: `appeal_deadline` when printed, else computed from
    /// `posted` (src/appeal.rs). Whether it is open is left to the reader's clock.
    #[serde(skip_serializing_if = "Option::is_none")]
    appeal_last_day: Option<chrono::NaiveDate>,
    /// `printed` or `computed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    appeal_last_day_source: Option<&'static str>,
    items: Vec<&'a str>,
}

#[derive(Serialize)]
struct ItemRecord<'a> {
    url: &'a str,
    meeting: &'a str,
    date: chrono::NaiveDate,
    #[serde(flatten)]
    meta: &'a crate::model::ItemMeta,
}

#[derive(Serialize)]
struct CaseRecord<'a> {
    url: &'a str,
    organization_slug: &'a str,
    number: &'a str,
    documents: &'a [String],
    appearances: Vec<&'a str>,
    mentioned_in: Vec<&'a str>,
}

#[derive(Serialize)]
struct PersonRecord<'a> {
    url: &'a str,
    /// The registry's id (the page's last segment), which a rename does not change.
    id: &'a str,
    name: &'a str,
    party: Option<&'a str>,
    /// The other forms of the name the minutes print.
    spellings: &'a [String],
}

pub(super) fn render(site: &Site, file: DataFile) -> Vec<u8> {
    let item_url = |i: &ItemId| site.items[*i].url.as_str();
    match file {
        DataFile::Meetings => json(site.meetings.iter().map(|m| MeetingRecord {
            url: &m.url,
            organization_slug: &site.orgs[m.org].slug,
            body_slug: &site.bodies[m.body].slug,
            meta: &m.meta,
            appeal_last_day: m.appeal.and_then(|a| a.last_day).map(|(d, _)| d),
            appeal_last_day_source: m.appeal.and_then(|a| a.last_day).map(|(_, s)| match s {
                crate::appeal::Source::Printed => "printed",
                crate::appeal::Source::Computed => "computed",
            }),
            items: m.items.iter().map(item_url).collect(),
        })),
        DataFile::Items => json(site.items.iter().map(|i| ItemRecord {
            url: &i.url,
            meeting: &site.meetings[i.meeting].url,
            date: site.meetings[i.meeting].meta.date,
            meta: &i.meta,
        })),
        DataFile::Cases => json(site.cases.iter().map(|c| CaseRecord {
            url: &c.url,
            organization_slug: &site.orgs[c.org].slug,
            number: &c.number,
            documents: &c.documents,
            appearances: c.appearances.iter().map(item_url).collect(),
            mentioned_in: c.mentioned_in.iter().map(item_url).collect(),
        })),
        DataFile::People => json(site.people.iter().map(|p| PersonRecord {
            url: &p.url,
            id: &p.slug,
            name: &p.name,
            party: p.party.as_deref(),
            spellings: &p.spellings,
        })),
        DataFile::Subjects => json(site.subjects.iter().map(|s| SubjectRecord {
            url: &s.url,
            name: &s.name,
            terms: &s.terms,
            organization_slugs: s.orgs.iter().map(|o| site.orgs[*o].slug.as_str()).collect(),
            items: s.items.iter().map(item_url).collect(),
        })),
        DataFile::Votes => json(votes::records(site).into_iter()),
        DataFile::Popolo => {
            serde_json::to_vec(&popolo::export(site)).expect("JSON values serialize")
        }
    }
}

#[derive(Serialize)]
struct SubjectRecord<'a> {
    url: &'a str,
    name: &'a str,
    terms: &'a [String],
    organization_slugs: Vec<&'a str>,
    items: Vec<&'a str>,
}

fn json<T: Serialize>(records: impl Iterator<Item = T>) -> Vec<u8> {
    let env = Envelope {
        schema_version: SCHEMA_VERSION,
        generator: "diarium",
        records: records.collect::<Vec<_>>(),
    };
    serde_json::to_vec(&env).expect("records serialize to JSON")
}
