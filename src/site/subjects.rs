//! Recurring subjects in the graph: the topics that `topics::detect` finds (and those set by
//! hand in front-matter) as entities with URLs, their items in date order, and each item's
//! subjects. Problems in site.toml's `[topics]` that only show against the content (a merge
//! naming a subject that does not exist) become warnings on site.toml.

use super::{ItemId, OrgId, Site};
use crate::diag::Diagnostic;
use crate::site::topics::{self, TopicInput};

pub type SubjectId = usize;

#[derive(Debug)]
pub struct Subject {
    pub slug: String,
    pub name: String,
    pub url: String,
    /// Items, oldest first.
    pub items: Vec<ItemId>,
    /// The organizations that handled it, by name.
    pub orgs: Vec<OrgId>,
    /// The normalized terms that define it.
    pub terms: Vec<String>,
}

pub(super) fn collect(site: &mut Site) -> Vec<Diagnostic> {
    let meeting_urls: Vec<&str> = site
        .items
        .iter()
        .map(|i| site.meetings[i.meeting].url.as_str())
        .collect();
    let people: Vec<Vec<&str>> = site
        .items
        .iter()
        .map(|i| i.meta.people().collect())
        .collect();
    let inputs: Vec<TopicInput<'_>> = site
        .items
        .iter()
        .enumerate()
        .map(|(id, item)| TopicInput {
            id,
            organization: &site.orgs[site.meetings[item.meeting].org].slug,
            meeting: meeting_urls[id],
            title: &item.meta.title,
            text: &item.text,
            manual: &item.meta.topics,
            people: &people[id],
        })
        .collect();
    let detection = topics::detect_checked(&inputs, &site.config.topics);
    let site_toml = site.config.root.join("site.toml");
    let problems = detection
        .problems
        .into_iter()
        .map(|p| {
            Diagnostic::warning(&site_toml, p)
                .hint("correct the [topics] table; the rest of the site is built")
        })
        .collect();
    let subjects: Vec<Subject> = detection
        .topics
        .into_iter()
        .map(|t| subject(site, t))
        .collect();
    for (id, s) in subjects.iter().enumerate() {
        for item in &s.items {
            site.items[*item].subjects.push(id);
        }
    }
    site.subjects = subjects;
    problems
}

fn subject(site: &Site, topic: topics::Topic) -> Subject {
    let mut items = topic.members;
    items.sort_by_key(|i| (site.item_date(*i), *i));
    let mut orgs: Vec<OrgId> = items.iter().map(|i| site.meeting_of(*i).org).collect();
    orgs.sort_by(|a, b| site.orgs[*a].name.cmp(&site.orgs[*b].name));
    orgs.dedup();
    Subject {
        url: format!("teman/{}/", topic.slug),
        slug: topic.slug,
        name: topic.name,
        items,
        orgs,
        terms: topic.terms,
    }
}
