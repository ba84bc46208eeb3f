//! `/data/popolo.json`: the archive's votes in the Popolo data specification
//! (<https://www.popoloproject.com>), the shape parliamentary-monitoring tools read: the
//! people and the organizations they vote in and belong to (bodies and parties), a `Motion`
//! per vote (what was put to it), and a `VoteEvent` with its `counts` and, where the protocol
//! names the voters, each person's `votes`. Ids are the site's page URLs, absolute when the
//! site has an address, so the same person or party has one id here, in `/oparl/` and on the
//! pages.

use super::votes::{records, VoteRecord};
use crate::model::Choice;
use crate::site::Site;
use serde_json::{json, Value};

pub(super) fn export(site: &Site) -> Value {
    let id = |url: &str| site.config.absolute(url);
    let persons: Vec<Value> = site
        .people
        .iter()
        .map(|p| {
            let mut person = json!({ "id": id(&p.url), "name": p.name });
            // The other forms the minutes print (the registry's spellings that were used).
            if !p.spellings.is_empty() {
                let names: Vec<Value> = p.spellings.iter().map(|n| json!({ "name": n })).collect();
                person["other_names"] = Value::Array(names);
            }
            person
        })
        .collect();
    let parties = site
        .parties
        .iter()
        .map(|p| json!({ "id": id(&p.url), "name": p.name, "classification": "party" }));
    let bodies = (site.bodies.ids()).map(|b| {
        json!({
            "id": id(&site.bodies[b].url),
            "name": site.bodies[b].name,
            "classification": "committee",
            // The body it works under, else its organization.
            "parent_id": match site.parent_body(b) {
                Some(parent) => id(&site.bodies[parent].url),
                None => id(&site.orgs[site.bodies[b].org].url),
            },
        })
    });
    let orgs = site
        .orgs
        .iter()
        .map(|o| json!({ "id": id(&o.url), "name": o.name, "classification": "government" }));
    let organizations: Vec<Value> = orgs.chain(bodies).chain(parties).collect();
    let memberships: Vec<Value> = site
        .parties
        .iter()
        .flat_map(|party| {
            party.members.iter().map(|m| {
                json!({
                    "person_id": id(&site.people[*m].url),
                    "organization_id": id(&party.url),
                    "role": "member",
                })
            })
        })
        .collect();
    let (motions, vote_events): (Vec<Value>, Vec<Value>) = records(site)
        .into_iter()
        .map(|record| vote(site, &id, record))
        .unzip();
    json!({
        "persons": persons,
        "organizations": organizations,
        "memberships": memberships,
        "motions": motions,
        "vote_events": vote_events,
    })
}

fn vote(site: &Site, id: &dyn Fn(&str) -> String, record: VoteRecord<'_>) -> (Value, Value) {
    let item = &site.items[record.item_id];
    let (title, meeting) = (&item.meta.title, &site.meetings[item.meeting]);
    let n = record.index + 1;
    let item = id(record.item);
    let body = id(&site.bodies[meeting.body].url);
    let date = format!(
        "{}T00:00:00{}",
        record.date,
        crate::appeal::swedish_offset(record.date)
    );
    let text = record
        .vote
        .question
        .or(record.vote.yes_for)
        .unwrap_or(title.as_str());
    let motion_id = format!("{item}#motion-{n}");
    let mut motion = json!({
        "id": motion_id,
        "organization_id": body,
        "text": text,
        "date": date,
        "sources": [{ "url": item }],
    });
    let mut counts = vec![
        json!({ "option": "yes", "value": record.vote.yes }),
        json!({ "option": "no", "value": record.vote.no }),
        json!({ "option": "abstain", "value": record.vote.abstained }),
    ];
    let absent = record
        .ballots
        .iter()
        .filter(|b| b.vote == Choice::Absent)
        .count();
    if absent > 0 {
        counts.push(json!({ "option": "absent", "value": absent }));
    }
    let ballots: Vec<Value> = record
        .ballots
        .iter()
        .map(|b| {
            // Popolo's options are diarium's choices by name (yes, no, abstain, absent).
            let mut v = json!({ "option": b.vote.as_str() });
            match b.person {
                Some(p) => v["voter_id"] = id(p).into(),
                // A name the archive has no page for: the voter as printed.
                None => v["voter"] = json!({ "name": b.by }),
            }
            if let Some(party) = b.party {
                v["group_id"] = id(party).into();
            }
            v
        })
        .collect();
    let mut event = json!({
        "id": format!("{item}#vote-{n}"),
        "motion_id": motion_id,
        "organization_id": body,
        "start_date": date,
        "counts": counts,
        "votes": ballots,
    });
    if let Some(result) = record.vote.result {
        motion["result"] = result.into();
        event["result"] = result.into();
    }
    (motion, event)
}
