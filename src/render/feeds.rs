//! Atom feeds (RFC 4287) of decisions: the whole site, an organization, a body, a case. An
//! entry is an item; its summary is the line that says what was decided, or what the item
//! says when it decides nothing (every entry has one: readers show it as the entry's text).
//! Ids are `tag:` URIs (RFC 4151) under site.toml's `feed_tag`, so that a site that moves to
//! a new `base_url` does not show its readers every entry again. Feeds are written here rather
//! than in a template because their escaping and IDs are not a matter of taste.

use super::views::Views;
use super::Page;
use crate::site::{ItemId, Site};
use std::fmt::Write;

/// `newest`: every item, newest first, asked for only by the feeds that list from it (a
/// case's or subject's feed reads its own items, not every item).
pub(super) fn render<'n>(
    site: &Site,
    views: &Views<'_>,
    newest: &dyn Fn() -> &'n [ItemId],
    page: Page,
) -> String {
    let (title, html_url, items) = select(site, newest, page);
    let limit = site.config.feed_limit;
    let items: Vec<ItemId> = items.into_iter().take(limit).collect();
    let feed_path = match page {
        Page::SiteFeed => "atom.xml".to_string(),
        _ => format!("{html_url}atom.xml"),
    };
    let updated = items
        .iter()
        .map(|i| site.item_date(*i))
        .max()
        .or_else(|| site.meetings.iter().map(|m| m.meta.date).max());
    let mut out = String::with_capacity(1024 + items.len() * 512);
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        out,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        site.config.language.code()
    );
    let _ = writeln!(out, "  <title>{}</title>", esc(&title));
    let _ = writeln!(
        out,
        "  <id>{}</id>",
        esc(&site.config.feed_tag.id(&html_url))
    );
    let _ = writeln!(
        out,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        esc(&link(site, &feed_path))
    );
    let _ = writeln!(
        out,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        esc(&link(site, &html_url))
    );
    let _ = writeln!(out, "  <updated>{}</updated>", timestamp(updated));
    let _ = writeln!(
        out,
        "  <author><name>{}</name></author>",
        esc(&site.config.title)
    );
    for i in items {
        entry(&mut out, site, views, i);
    }
    out.push_str("</feed>\n");
    out
}

/// The feed's title, the page it belongs to, and its items newest first.
fn select<'n>(
    site: &Site,
    newest: &dyn Fn() -> &'n [ItemId],
    page: Page,
) -> (String, String, Vec<ItemId>) {
    let newest = || newest().iter().copied();
    let site_title = &site.config.title;
    match page {
        Page::OrgFeed(o) => {
            let org = &site.orgs[o];
            let items = newest_of(site, &org.meetings);
            (
                format!("{} – {site_title}", org.name),
                org.url.clone(),
                items,
            )
        }
        Page::BodyFeed(b) => {
            let body = &site.bodies[b];
            let items = newest_of(site, &body.meetings);
            (
                format!("{}, {} – {site_title}", body.name, site.orgs[body.org].name),
                body.url.clone(),
                items,
            )
        }
        Page::CaseFeed(c) => {
            let case = &site.cases[c];
            let mut items: Vec<ItemId> = case
                .appearances
                .iter()
                .chain(&case.mentioned_in)
                .copied()
                .collect();
            items.sort_by_key(|i| std::cmp::Reverse((site.item_date(*i), *i)));
            (
                format!(
                    "{} {} – {site_title}",
                    case.number, site.orgs[case.org].name
                ),
                case.url.clone(),
                items,
            )
        }
        Page::SubjectFeed(s) => {
            let subject = &site.subjects[s];
            let items = subject.items.iter().rev().copied().collect();
            (
                format!("{} – {site_title}", subject.name),
                subject.url.clone(),
                items,
            )
        }
        Page::AppealsFeed => (
            match site.config.language {
                crate::config::Language::Swedish => format!("Går att överklaga – {site_title}"),
                crate::config::Language::English => format!("Open to appeal – {site_title}"),
            },
            super::appeal_view::URL.to_string(),
            super::appeal_view::open_items(site),
        ),
        _ => (site_title.clone(), String::new(), newest().collect()),
    }
}

/// The items of `meetings`, newest first in the order of the site's feed (meeting date, then
/// item), read from those meetings alone: an organization's or body's feed does not depend on
/// every item of the archive.
fn newest_of(site: &Site, meetings: &[crate::site::MeetingId]) -> Vec<ItemId> {
    let mut items: Vec<(std::cmp::Reverse<chrono::NaiveDate>, ItemId)> = meetings
        .iter()
        .flat_map(|m| {
            let meeting = &site.meetings[*m];
            let date = std::cmp::Reverse(meeting.meta.date);
            meeting.items.iter().map(move |i| (date, *i))
        })
        .collect();
    items.sort_unstable();
    items.into_iter().map(|(_, i)| i).collect()
}

fn entry(out: &mut String, site: &Site, views: &Views<'_>, i: ItemId) {
    let item = &site.items[i];
    let head = views.item_head(i);
    let meeting = &site.meetings[item.meeting];
    let title = format!(
        "§ {} {} ({}, {})",
        head.number, item.meta.title, site.bodies[meeting.body].name, site.orgs[meeting.org].name
    );
    out.push_str("  <entry>\n");
    let _ = writeln!(out, "    <title>{}</title>", esc(&title));
    let _ = writeln!(
        out,
        "    <id>{}</id>",
        esc(&site.config.feed_tag.id(&item.url))
    );
    let _ = writeln!(
        out,
        "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        esc(&link(site, &item.url))
    );
    let _ = writeln!(
        out,
        "    <updated>{}</updated>",
        timestamp(Some(site.item_date(i)))
    );
    let _ = writeln!(out, "    <summary>{}</summary>", esc(&views.summary(i)));
    for c in &head.cases {
        let _ = writeln!(out, "    <category term=\"{}\"/>", esc(c.title));
    }
    out.push_str("  </entry>\n");
}

/// An absolute link when the base URL is absolute, else a root-relative one.
fn link(site: &Site, path: &str) -> String {
    site.config.absolute(path)
}

fn timestamp(date: Option<chrono::NaiveDate>) -> String {
    date.map_or_else(
        || "1970-01-01T00:00:00Z".into(),
        |d| format!("{}T00:00:00Z", d.format("%Y-%m-%d")),
    )
}

/// Escapes text for XML content and attribute values.
pub fn esc(s: &str) -> String {
    super::escape::replace_ascii(s, |byte| match byte {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&apos;"),
        b'\n' | b'\t' | b'\r' => None,
        // Other control characters are not allowed in XML 1.0 at all.
        0..=0x1f => Some(""),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(super::esc("a<b>&\"'\u{1}"), "a&lt;b&gt;&amp;&quot;&apos;");
        assert_eq!(super::esc("å\tä\nö\r\u{1f}é"), "å\tä\nö\ré");
    }
}
