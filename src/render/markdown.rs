//! Markdown → HTML for item and meeting text. Text from minutes is untrusted: raw HTML in the
//! Markdown is shown as text, never passed through, and link targets with a script scheme are
//! dropped. Headings are shifted so that a `## Beslut` inside an item sits below the item's
//! own heading wherever the item is shown.

use pulldown_cmark::{html, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// A phrase in running text to turn into a link: a case number or a reference as printed.
#[derive(Debug, Clone)]
pub struct Linkable {
    pub text: String,
    /// The full href, or `None` when the target is not in the archive: then the phrase is
    /// marked as a reference rather than left as plain text.
    pub href: Option<String>,
}

/// Renders `text`; `shift` moves every heading that many levels down (h2 → h3 for 1).
pub fn to_html(text: &str, shift: u8) -> String {
    to_html_linked(text, shift, &[], "")
}

/// Renders `text` with every occurrence of a [`Linkable`] phrase outside existing links turned
/// into a link; `missing` is the title given to references whose target is not in the archive.
pub fn to_html_linked(text: &str, shift: u8, links: &[Linkable], missing: &str) -> String {
    let parser = Parser::new_ext(text, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH);
    let mut in_link = 0usize;
    let mut events = Vec::new();
    for event in parser {
        match &event {
            Event::Start(Tag::Link { .. }) => in_link += 1,
            Event::End(TagEnd::Link) => in_link = in_link.saturating_sub(1),
            Event::Text(t) if in_link == 0 && !links.is_empty() => {
                link_phrases(t, links, missing, &mut events);
                continue;
            }
            // Raw HTML from minutes is shown as text, before any markup of ours is added.
            Event::Html(raw) | Event::InlineHtml(raw) => {
                events.push(Event::Text(raw.clone()));
                continue;
            }
            _ => {}
        }
        events.push(event);
    }
    let events = events.into_iter().map(|event| match event {
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: shifted(level, shift),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(shifted(level, shift))),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        other => other,
    });
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    html::push_html(&mut out, events);
    out
}

fn shifted(level: HeadingLevel, shift: u8) -> HeadingLevel {
    let n = (level as u8 + shift).min(6);
    HeadingLevel::try_from(n as usize).unwrap_or(HeadingLevel::H6)
}

fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let lower = url.trim_start().to_ascii_lowercase();
    if ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|s| lower.starts_with(s))
    {
        CowStr::Borrowed("#")
    } else {
        url
    }
}

/// Splits one text event at the phrases of `links`, earliest first and longest on a tie.
fn link_phrases<'a>(text: &str, links: &[Linkable], missing: &str, out: &mut Vec<Event<'a>>) {
    let mut rest = text;
    loop {
        let hit = links
            .iter()
            .filter(|l| !l.text.is_empty())
            .filter_map(|l| {
                rest.find(l.text.as_str())
                    .map(|at| (at, std::cmp::Reverse(l.text.len()), l))
            })
            .min_by_key(|(at, len, _)| (*at, *len));
        let Some((at, _, link)) = hit else {
            break;
        };
        if at > 0 {
            out.push(Event::Text(CowStr::from(rest[..at].to_string())));
        }
        let phrase = CowStr::from(link.text.clone());
        match &link.href {
            Some(href) => {
                let dest = CowStr::from(href.clone());
                out.push(Event::Start(Tag::Link {
                    link_type: pulldown_cmark::LinkType::Inline,
                    dest_url: dest,
                    title: "".into(),
                    id: "".into(),
                }));
                out.push(Event::Text(phrase));
                out.push(Event::End(TagEnd::Link));
            }
            None => {
                // Our own markup around escaped text: the title is ours, the phrase goes
                // through the escaping Text event.
                let title = html_attr(missing);
                out.push(Event::InlineHtml(CowStr::from(format!(
                    "<span class=\"ref-missing\" title=\"{title}\">"
                ))));
                out.push(Event::Text(phrase));
                out.push(Event::InlineHtml(CowStr::from("</span>")));
            }
        }
        rest = &rest[at + link.text.len()..];
    }
    if !rest.is_empty() {
        out.push(Event::Text(CowStr::from(rest.to_string())));
    }
}

fn html_attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Moves the headings of rendered HTML `shift` levels down (`<h2>` → `<h3>` for 1). Works
/// on our own renderer's output, where headings are plain `<hN>` tags and any `<` from the
/// minutes is escaped, so the tags found are ours.
pub fn shift_headings(html: &str, shift: u8) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    // One pass: copy up to each `<`, and rewrite the digit of a `<hN>` or `</hN>` tag.
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let tag = if rest.starts_with("</h") { 3 } else { 2 };
        let bytes = rest.as_bytes();
        let is_heading = shift > 0
            && bytes.get(tag - 1) == Some(&b'h')
            && matches!(bytes.get(tag), Some(b'1'..=b'6'))
            && bytes.get(tag + 1) == Some(&b'>');
        if is_heading {
            out.push_str(&rest[..tag]);
            out.push(char::from(b'0' + (bytes[tag] - b'0' + shift).min(6)));
            rest = &rest[tag + 1..];
        } else {
            out.push('<');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

/// Internal link targets in Markdown, for `check`: root-relative (`/org/…`) and relative
/// (`../finns-inte/`) ones, each with the byte offset of its link in `text`. A link with a
/// scheme (`https:`, `mailto:`), to another host (`//…`) or to a fragment alone is not ours.
pub fn link_targets(text: &str) -> Vec<(String, usize)> {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    Parser::new_ext(text, options)
        .into_offset_iter()
        .filter_map(|(e, range)| match e {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
                if is_internal(&dest_url) =>
            {
                Some((dest_url.to_string(), range.start))
            }
            _ => None,
        })
        .collect()
}

fn is_internal(url: &str) -> bool {
    let scheme = url
        .split(['/', '?', '#'])
        .next()
        .is_some_and(|first| first.contains(':'));
    !url.is_empty() && !scheme && !url.starts_with("//") && !url.starts_with('#')
}

/// The first paragraph under the first heading whose title is one of `headings`, as plain
/// text: the one line that says what was decided.
///
/// A paragraph that introduces clauses (`Arbetsutskottet föreslår att regionstyrelsen
/// beslutar` followed by `att …` paragraphs or a list) is joined with what follows it, up to
/// the end of the section, since the decision is in the clauses.
pub fn first_paragraph_under(text: &str, is_heading: impl Fn(&str) -> bool) -> Option<String> {
    let mut paragraphs = paragraphs_under(text, is_heading)?.into_iter();
    let mut plain = plain_text(&paragraphs.next()?.join("\n"));
    while introduces_clauses(&plain) {
        let Some(next) = paragraphs.next() else { break };
        plain.push(' ');
        plain.push_str(&plain_text(&next.join("\n")));
    }
    (!plain.is_empty()).then_some(plain)
}

/// Whether the text has a heading (of any level, a trailing `:` ignored) that is one of
/// `names`, compared without case.
pub fn has_heading(text: &str, names: &[&str]) -> bool {
    text.lines().filter(|l| l.starts_with('#')).any(|l| {
        let h = l
            .trim_start_matches('#')
            .trim()
            .trim_end_matches(':')
            .to_lowercase();
        names.contains(&h.as_str())
    })
}

/// The first paragraph of a text that is not a heading, as plain words.
pub fn first_paragraph(text: &str) -> Option<String> {
    let paragraph: Vec<&str> = text
        .lines()
        .skip_while(|l| l.trim().is_empty() || l.starts_with('#'))
        .take_while(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .collect();
    let plain = plain_text(&paragraph.join("\n"));
    (!plain.is_empty()).then_some(plain)
}

/// The paragraphs (each its lines of Markdown) of the section under the first heading whose
/// title `is_heading` accepts; `None` when there is no such heading.
pub fn paragraphs_under(text: &str, is_heading: impl Fn(&str) -> bool) -> Option<Vec<Vec<&str>>> {
    let mut lines = text.lines();
    lines.find(|l| {
        l.starts_with('#') && is_heading(l.trim_start_matches('#').trim().trim_end_matches(':'))
    })?;
    let section: Vec<&str> = lines.take_while(|l| !l.starts_with('#')).collect();
    let paragraphs = section
        .split(|l| l.trim().is_empty())
        .filter(|p| !p.is_empty());
    Some(paragraphs.map(<[&str]>::to_vec).collect())
}

/// Whether a paragraph ends by announcing what follows (`… beslutar`, `… att:`), rather
/// than as a sentence.
pub fn introduces_clauses(paragraph: &str) -> bool {
    let end = paragraph.trim_end();
    !end.is_empty() && !end.ends_with(['.', '!', '?']) || end.ends_with(':')
}

/// The words of a Markdown fragment without its markup (link targets, emphasis, list marks).
pub fn plain_text(text: &str) -> String {
    if has_no_markup(text) {
        return text.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    parsed_plain_text(text)
}

/// [`plain_text`] by the Markdown parser.
fn parsed_plain_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for event in Parser::new(text) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                out.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Item) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `text` is one plain paragraph, which Markdown would give back as its own words:
/// no byte that starts inline markup, escapes or entities, and no line that starts a block
/// (list, heading, quote, fence, setext underline, break). Most decision paragraphs are, and
/// setting up a parser for them cost more than the rest of finding the decision line.
fn has_no_markup(text: &str) -> bool {
    let inline = |b: &u8| matches!(b, b'\\' | b'*' | b'_' | b'[' | b']' | b'<' | b'&' | b'`');
    if text.as_bytes().iter().any(inline) {
        return false;
    }
    text.lines().all(|line| {
        let start = line.trim_start();
        let digits = start.bytes().take_while(u8::is_ascii_digit).count();
        let ordered = digits > 0 && matches!(start.as_bytes().get(digits), Some(b'.' | b')'));
        !ordered && !start.starts_with(['-', '+', '=', '#', '>', '~'])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_paragraphs_skip_the_parser_with_the_same_words() {
        let cases = [
            "Kommunstyrelsen beslutar\natt anta förslaget.",
            "  Indragen första rad\n    och en till  \nmed hårt radbrott.",
            "Belopp 418 mkr, 2024-05-03 och KS-2024/118.",
            "Mitt i - raden + och = och # och > och ~ och ! och |.",
            "Rubrik\n===",
            "Rubrik\n---",
            "- att lägga informationen till handlingarna\n- att anta",
            "1. första\n2) andra",
            "2024. Ett år som början på raden",
            "# Rubrik",
            "> citat",
            "~~~\nkod\n~~~",
            "    indragen kod\n    två rader",
            "*betonat* och _understruket_",
            "[länk](/x/) och ![bild](/y.png)",
            "`kod` och \\* och &amp; och <b>html</b>",
            "Hårt\\\nradbrott",
            "Icke-brytande\u{a0}mellanslag och\ttab",
            "***",
        ];
        for text in cases {
            assert_eq!(plain_text(text), parsed_plain_text(text), "{text:?}");
        }
        assert!(has_no_markup(cases[0]) && has_no_markup(cases[3]));
        assert!(!has_no_markup(cases[4]) && !has_no_markup(cases[7]));
    }

    #[test]
    fn plain_text_shortcut_agrees_on_every_paragraph_of_the_example() {
        let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let mut seen = 0;
        for entry in walkdir::WalkDir::new(content) {
            let entry = entry.unwrap();
            if entry.path().extension().is_some_and(|e| e == "md") {
                let text = std::fs::read_to_string(entry.path()).unwrap();
                for paragraph in text.split("\n\n") {
                    assert_eq!(plain_text(paragraph), parsed_plain_text(paragraph));
                    seen += usize::from(has_no_markup(paragraph));
                }
            }
        }
        assert!(seen > 100, "the shortcut is taken ({seen})");
    }

    #[test]
    fn raw_html_is_text() {
        let out = to_html(
            "Hej <script>alert(1)</script> <b>x</b>\n\n<div>block</div>\n",
            0,
        );
        assert!(!out.contains("<script>"), "{out}");
        assert!(out.contains("&lt;script&gt;"), "{out}");
        assert!(out.contains("&lt;div&gt;"), "{out}");
    }

    #[test]
    fn phrases_become_links_or_marked_references() {
        let links = vec![
            Linkable {
                text: "RS 12-2024".into(),
                href: Some("/r/arenden/rs-12-2024/".into()),
            },
            Linkable {
                text: "§ 170".into(),
                href: None,
            },
        ];
        let out = to_html_linked(
            "Se RS 12-2024 och Protokoll § 170.\n",
            0,
            &links,
            "finns inte",
        );
        assert_eq!(
            out,
            "<p>Se <a href=\"/r/arenden/rs-12-2024/\">RS 12-2024</a> och Protokoll <span class=\"ref-missing\" title=\"finns inte\">§ 170</span>.</p>\n"
        );
        let linked = to_html_linked("[RS 12-2024](/x/)\n", 0, &links, "");
        assert_eq!(
            linked, "<p><a href=\"/x/\">RS 12-2024</a></p>\n",
            "no link inside a link"
        );
        let sneaky = to_html_linked(
            "a <span class=\"ref-missing\" title=\"x\">b</span>\n",
            0,
            &links,
            "",
        );
        assert!(
            sneaky.contains("&lt;span"),
            "minutes cannot forge our markup: {sneaky}"
        );
    }

    #[test]
    fn script_links_are_neutralized() {
        let out = to_html("[x](javascript:alert(1)) [y](JavaScript:alert(2))", 0);
        assert!(!out.to_lowercase().contains("javascript:"), "{out}");
    }

    #[test]
    fn headings_shift() {
        assert_eq!(to_html("## Beslut\n", 1), "<h3>Beslut</h3>\n");
        assert_eq!(to_html("###### x\n", 2), "<h6>x</h6>\n");
    }

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(
            plain_text("Se [en *länk*](javascript:x) och `kod`."),
            "Se en länk och kod."
        );
        assert_eq!(plain_text("- att a\n- att b"), "att a att b");
    }

    #[test]
    fn shifting_rendered_headings_matches_shifting_while_rendering() {
        let md =
            "# a\n\n## b\n\n###### c\n\nText <h2> kept, `</h3>` too\n\n---\n\n<hr> <h1>x</h1>\n";
        for shift in 0..6 {
            assert_eq!(shift_headings(&to_html(md, 0), shift), to_html(md, shift));
        }
    }

    #[test]
    fn decision_line_joins_att_clauses() {
        let md = "## Beslut\n\nArbetsutskottet föreslår att regionstyrelsen beslutar\n\natt säga upp avtalet.\n\natt ge uppdrag.\n\n## Beslutsunderlag\n\n- X\n";
        assert_eq!(
            first_paragraph_under(md, |h| h == "Beslut").as_deref(),
            Some("Arbetsutskottet föreslår att regionstyrelsen beslutar att säga upp avtalet.")
        );
        let listed = "## Beslut\n\nNämnden beslutar:\n\n- att godkänna planen\n- att notera\n";
        assert_eq!(
            first_paragraph_under(listed, |h| h == "Beslut").as_deref(),
            Some("Nämnden beslutar: att godkänna planen att notera")
        );
    }

    #[test]
    fn decision_line() {
        let md = "## Sammanfattning\n\nLång text.\n\n## Beslut\n\nFöredragningslistan\nfastställs.\n\nMer.\n";
        assert_eq!(
            first_paragraph_under(md, |h| h == "Beslut").as_deref(),
            Some("Föredragningslistan fastställs.")
        );
        assert_eq!(first_paragraph_under(md, |h| h == "Reservationer"), None);
    }
}
