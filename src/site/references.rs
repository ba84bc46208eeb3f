//! References between items: `beslutade 2024-10-01 §165`, `Protokoll § 170`, `2024-10-18,
//! § 213` name a paragraph of an earlier meeting; a case number names a case. Each reference
//! of an item is resolved to its target when the archive holds it, and every target learns who
//! cites it (its back-links).
//!
//! A paragraph reference is looked up in the citing item's organization: the meeting on the
//! given date (of the named body when one is given, else preferring the citing body), or, with
//! no date and no body, the citing meeting itself when it has that paragraph (`§§ 223–231` in
//! § 220's text are on the same page), else the citing body's latest earlier meeting that has it.

use super::{ItemId, MeetingId, Site};
use crate::case_number::CaseNumber;
use crate::model::Reference;
use crate::slug::slugify;

/// What a reference points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Item(ItemId),
    Case(super::CaseId),
}

pub(super) fn resolve_all(site: &mut Site) {
    for item in site.items.ids() {
        let targets: Vec<Option<Target>> = site.items[item]
            .meta
            .references
            .iter()
            .map(|r| resolve(site, item, r))
            .collect();
        for t in targets.iter().flatten() {
            if let Target::Item(cited) = t {
                if *cited != item && !site.items[*cited].cited_by.contains(&item) {
                    site.items[*cited].cited_by.push(item);
                }
            }
        }
        site.items[item].reference_targets = targets.into();
    }
}

fn resolve(site: &Site, from: ItemId, r: &Reference) -> Option<Target> {
    let org = site.meeting_of(from).org;
    if let Some(case) = r.case.as_deref().and_then(CaseNumber::parse) {
        return site.case(org, &case.canonical).map(Target::Case);
    }
    let paragraph = r.paragraph?;
    let meeting = match r.date {
        Some(date) => meeting_on(site, from, date, r.body.as_deref())?,
        None if r.body.is_none() && item_numbered(site, here(site, from), paragraph).is_some() => {
            here(site, from)
        }
        None => latest_with(site, from, paragraph)?,
    };
    item_numbered(site, meeting, paragraph).map(Target::Item)
}

fn here(site: &Site, from: ItemId) -> MeetingId {
    site.items[from].meeting
}

fn meeting_on(
    site: &Site,
    from: ItemId,
    date: chrono::NaiveDate,
    body: Option<&str>,
) -> Option<MeetingId> {
    let here = site.meeting_of(from);
    let candidates = site.orgs[here.org]
        .meetings
        .iter()
        .copied()
        .filter(|m| site.meetings[*m].meta.date == date);
    let wanted = body.map(slugify);
    candidates.max_by_key(|m| {
        let b = &site.bodies[site.meetings[*m].body];
        let named = wanted
            .as_ref()
            .is_some_and(|w| slugify(&b.name) == *w || b.slug == *w);
        (named, site.meetings[*m].body == here.body)
    })
}

fn latest_with(site: &Site, from: ItemId, paragraph: u32) -> Option<MeetingId> {
    let here = site.meeting_of(from);
    site.bodies[here.body]
        .meetings
        .iter()
        .rev()
        .copied()
        .filter(|m| site.meetings[*m].meta.date < here.meta.date)
        .find(|m| item_numbered(site, *m, paragraph).is_some())
}

fn item_numbered(site: &Site, meeting: MeetingId, paragraph: u32) -> Option<ItemId> {
    site.meetings[meeting].items.iter().copied().find(|i| {
        site.items[*i].meta.number.sort_key() == (paragraph, String::new())
            || site.items[*i].meta.number.to_string() == paragraph.to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ItemNumber;

    /// The example's meeting of 2024-12-05, whose § 220 cites §§ 223–231 of the same meeting.
    fn example() -> Site {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        crate::pipeline::load(root, None, crate::pipeline::Keep::Problems)
            .unwrap_or_else(|_| panic!("the example archive loads"))
            .site
    }

    fn numbered(site: &Site, meeting: MeetingId, n: u32) -> ItemId {
        item_numbered(site, meeting, n).unwrap_or_else(|| panic!("§ {n}"))
    }

    #[test]
    fn a_paragraph_without_date_is_first_looked_up_in_its_own_meeting() {
        let site = example();
        let m = (site.meetings.ids())
            .find(|m| site.meetings[*m].meta.date.to_string() == "2024-12-05")
            .expect("the meeting of 2024-12-05");
        let from = numbered(&site, m, 220);
        assert_eq!(site.items[from].meta.number, ItemNumber::Int(220));
        let targets = &site.items[from].reference_targets;
        assert!(!targets.is_empty());
        for (r, t) in site.items[from].meta.references.iter().zip(targets) {
            let want = numbered(&site, m, r.paragraph.unwrap());
            assert_eq!(*t, Some(Target::Item(want)), "{}", r.text);
        }
        assert!(site.items[numbered(&site, m, 227)].cited_by.contains(&from));
    }
}
