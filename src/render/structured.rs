//! schema.org metadata (JSON-LD) for item pages, so search engines and reusers can read what
//! a page is: a decision of a body of an organization at a meeting, with its case numbers.
//! Made here rather than in a template: JSON inside `<script>` must escape `<`, which
//! template autoescaping does not do.

use super::Renderer;
use crate::site::ItemId;
use serde_json::json;

/// The JSON-LD of an item's page, safe to put between `<script>` tags.
pub(super) fn item(r: &Renderer<'_>, i: ItemId) -> String {
    let site = r.site;
    let config = &site.config;
    let item = &site.items[i];
    let meeting = &site.meetings[item.meeting];
    let summary = r.views.item(i);
    let org = json!({"@type": "GovernmentOrganization", "name": site.orgs[meeting.org].name,
        "url": config.absolute(&site.orgs[meeting.org].url)});
    let value = json!({
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": format!("§ {} {}", summary.number, summary.title),
        "url": config.absolute(&item.url),
        "datePublished": summary.meeting.date.iso,
        "inLanguage": config.language.code(),
        "identifier": item.meta.cases,
        "abstract": summary.decision,
        "author": {"@type": "GovernmentOrganization", "name": site.bodies[meeting.body].name,
            "parentOrganization": org},
        "publisher": org,
        "isPartOf": {"@type": "CreativeWork", "name": summary.meeting.title,
            "url": config.absolute(&meeting.url)},
    });
    script_safe(&value.to_string())
}

/// `<`, `>` and `&` as JSON escapes, so no text can close the script element.
fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    #[test]
    fn script_cannot_be_closed() {
        assert_eq!(
            super::script_safe(r#"{"a":"</script>&"}"#),
            r#"{"a":"\u003c/script\u003e\u0026"}"#
        );
    }
}
