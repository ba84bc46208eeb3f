//! References in running text to other cases and paragraphs.
//!
//! ```text
//! (RS 2124:1-2022)                              {text: RS 2124:1-2022, case: RS 2124:1-2022}
//! en utredning ... har genomförts, 23HSN4083.   {case: 23HSN4083}
//! enligt beslut (dnr 2016/123)                  {case: 2016/123} (a bare pair after a label)
//! Regionstyrelsen beslutade 2024-10-01 §165     {text: 2024-10-01 §165, paragraph: 165,
//!                                                date: 2024-10-01, body: Regionstyrelsen}
//! Protokoll § 170 gällande ...                  {text: Protokoll § 170, paragraph: 170}
//! ```

use super::case_refs;
use crate::case_number::CaseNumber;
use crate::model::Reference;
use chrono::NaiveDate;
use regex::Regex;
use std::sync::LazyLock;

static PARAGRAPH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(\d{4}-\d{2}-\d{2}),?\s+)?(?:(Protokoll(?:sutdrag)?)\s+)?§§?\s?(\d{1,4})(?:\s*[-–]\s*\d{1,4})?").unwrap()
});
static BODY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\p{Lu}?\p{Ll}*(?:styrelsen|fullmäktige|nämnden|utskottet|beredningen))\b[^.§]*$")
        .unwrap()
});
/// `4 kap. 1 § kommunallagen`: a section of a law, not a paragraph of minutes.
static LAW: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:kap|\p{Ll}+lagen\b|i\s+\p{Ll}+lagen)").unwrap());

/// References found in `text`, excluding the item's own case numbers.
pub fn find(text: &str, own_cases: &[String]) -> Vec<Reference> {
    let text = text.replace('\n', " ");
    let own: Vec<String> = own_cases
        .iter()
        .filter_map(|c| CaseNumber::parse(c).map(|c| c.canonical))
        .collect();
    let mut out: Vec<Reference> = Vec::new();
    for found in cases_in(&text) {
        let Some(case) = &found.number else {
            continue;
        };
        if !own.contains(&case.canonical) {
            push(&mut out, reference(&found.printed, Some(&found.printed)));
        }
    }
    for c in PARAGRAPH.captures_iter(&text) {
        let whole = c.get(0).unwrap();
        let after = &text[whole.end()..];
        if c.get(1).is_none() && c.get(2).is_none() && LAW.is_match(after) {
            continue;
        }
        let mut r = reference(whole.as_str().trim(), None);
        r.paragraph = c[3].parse().ok();
        r.date = c
            .get(1)
            .and_then(|d| NaiveDate::parse_from_str(d.as_str(), "%Y-%m-%d").ok());
        r.body = body_before(&text[..whole.start()]);
        push(&mut out, r);
    }
    out
}

/// Case numbers after a label (`dnr 2016/123`) and by their shape (`RS 2124:1-2022`), in
/// the order printed.
fn cases_in(text: &str) -> Vec<case_refs::Found> {
    let mut all = case_refs::find_labelled(text);
    let shaped: Vec<case_refs::Found> = case_refs::find_shaped(text)
        .into_iter()
        .filter(|s| {
            !all.iter()
                .any(|l| l.range.start < s.range.end && s.range.start < l.range.end)
        })
        .collect();
    all.extend(shaped);
    all.sort_by_key(|f| f.range.start);
    all
}

fn reference(text: &str, case: Option<&str>) -> Reference {
    Reference {
        text: text.to_string(),
        case: case.map(str::to_string),
        paragraph: None,
        date: None,
        body: None,
    }
}

/// Keeps the first mention of each text, and of each paragraph when a later mention adds
/// nothing (`§165` after `2024-10-01 §165`).
fn push(out: &mut Vec<Reference>, r: Reference) {
    let bare = r.case.is_none() && r.date.is_none() && r.body.is_none();
    let seen_paragraph = r.paragraph.is_some() && out.iter().any(|o| o.paragraph == r.paragraph);
    let repeated = out.iter().any(|o| o.text == r.text) || (bare && seen_paragraph);
    if !repeated {
        out.push(r);
    }
}

/// The body named earlier in the same sentence, within a few words.
fn body_before(before: &str) -> Option<String> {
    let start = before.len().saturating_sub(100);
    let start = (start..before.len())
        .find(|i| before.is_char_boundary(*i) && (*i == 0 || before[..*i].ends_with(' ')))?;
    let tail = &before[start..];
    let m = BODY.captures(tail)?;
    Some(super::doc::upper_first(&m[1]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases_and_paragraphs() {
        let r = find(
            "Tidigare beslut (RS 2124:1-2022). Regionstyrelsen beslutade 2024-10-01 §165 att. Se RS 29-2024.",
            &["RS 29-2024".into()],
        );
        assert_eq!(r[0].case.as_deref(), Some("RS 2124:1-2022"));
        assert_eq!(r.len(), 2, "{r:?}");
        assert_eq!(r[1].paragraph, Some(165));
        assert_eq!(r[1].body.as_deref(), Some("Regionstyrelsen"));
        assert_eq!(r[1].date.unwrap().to_string(), "2024-10-01");
    }

    #[test]
    fn law_sections_are_not_references() {
        assert!(find("som avses i 4 kap. 1 § kommunallagen", &[]).is_empty());
        assert!(find("enligt 17 kap. 3 b § och", &[]).is_empty());
        assert_eq!(
            find("Protokoll § 170 gällande", &[])[0].paragraph,
            Some(170)
        );
    }
}
