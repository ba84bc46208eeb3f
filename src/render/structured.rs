//! schema.org metadata (JSON-LD) for item pages, so search engines and reusers can read what
//! a page is: a decision of a body of an organization at a meeting, with its case numbers.
//! Made here rather than in a template: JSON inside `<script>` must escape `<`, which
//! template autoescaping does not do.

use super::Renderer;
use crate::site::ItemId;
use serde::Serialize;

/// A schema.org thing with a name and a URL. Fields of these structs are declared in
/// alphabetical order, the order the JSON has always had.
#[derive(Serialize)]
struct Named<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    url: String,
}

#[derive(Serialize)]
struct Author<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    #[serde(rename = "parentOrganization")]
    parent: &'a Named<'a>,
}

#[derive(Serialize)]
struct Article<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "abstract")]
    summary: Option<String>,
    author: Author<'a>,
    #[serde(rename = "datePublished")]
    published: &'a str,
    headline: String,
    identifier: &'a [String],
    #[serde(rename = "inLanguage")]
    language: &'static str,
    #[serde(rename = "isPartOf")]
    part_of: Named<'a>,
    publisher: &'a Named<'a>,
    url: String,
}

/// The JSON-LD of an item's page, safe to put between `<script>` tags.
pub(super) fn item(r: &Renderer<'_>, i: ItemId) -> String {
    let site = r.site;
    let config = &site.config;
    let item = &site.items[i];
    let meeting = &site.meetings[item.meeting];
    let head = r.views.item_head(i);
    let strings = r.views.meeting_strings(item.meeting);
    let org = Named {
        kind: "GovernmentOrganization",
        name: &site.orgs[meeting.org].name,
        url: config.absolute(&site.orgs[meeting.org].url),
    };
    let article = Article {
        context: "https://schema.org",
        kind: "Article",
        summary: head.decision,
        author: Author {
            kind: "GovernmentOrganization",
            name: &site.bodies[meeting.body].name,
            parent: &org,
        },
        published: &strings.date.iso,
        headline: format!("§ {} {}", head.number, head.title),
        identifier: &item.meta.cases,
        language: config.language.code(),
        part_of: Named {
            kind: "CreativeWork",
            name: &strings.title,
            url: config.absolute(&meeting.url),
        },
        publisher: &org,
        url: config.absolute(&item.url),
    };
    script_safe(&serde_json::to_string(&article).unwrap_or_default())
}

/// `<`, `>` and `&` as JSON escapes, so no text can close the script element.
fn script_safe(json: &str) -> String {
    super::escape::replace_ascii(json, |byte| match byte {
        b'<' => Some("\\u003c"),
        b'>' => Some("\\u003e"),
        b'&' => Some("\\u0026"),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn script_cannot_be_closed() {
        assert_eq!(
            super::script_safe(r#"{"a":"</script>&"}"#),
            r#"{"a":"\u003c/script\u003e\u0026"}"#
        );
        assert_eq!(
            super::script_safe("{\"å\":\"ä<ö\"}"),
            "{\"å\":\"ä\\u003cö\"}"
        );
    }
}
