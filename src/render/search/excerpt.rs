//! The excerpt each hit shows: the start of the item's text as plain words, read from its
//! Markdown without parsing more of a long text than the excerpt needs.

/// Characters of an item's text kept for its snippet.
/// (About fifty words: the snippet shows thirty around the first match in them. Each hit is
/// a download of its own, so every character here is paid for by every reader.)
pub const EXCERPT: usize = 320;

/// The snippet source: the start of the item's text as plain words (its first [`EXCERPT`]
/// characters, each run of white space made one space).
///
/// The parser reads a whole text into blocks before its first event, and the snippet needs
/// only the start of it; so a prefix is parsed first, and a longer one (up to the whole text)
/// only when the prefix cannot be trusted to begin as the whole text does.
pub fn excerpt(markdown: &str) -> String {
    let mut from = EXCERPT + EXCERPT / 4;
    loop {
        let end = prefix_end(markdown, from);
        // A link reference definition anywhere in the text decides whether `[words]` before
        // it is a link (its words) or text (with its brackets); one after the prefix would go
        // unseen, and every definition has `]:` in it.
        if end == markdown.len() || markdown[end..].contains("]:") {
            return excerpt_of(markdown, false).unwrap_or_default();
        }
        if let Some(plain) = excerpt_of(&markdown[..end], true) {
            return plain;
        }
        from = end * 2;
    }
}

/// Where a prefix of `text` for [`excerpt`] ends: after the line that follows the first blank
/// line at or after byte `from`, so that it likely ends the block holding the snippet's last
/// character and starts the next; the text's end if there is no such line. (Only a guess:
/// [`excerpt_of`] checks.)
fn prefix_end(text: &str, from: usize) -> usize {
    let bytes = text.as_bytes();
    let line_end = |at: usize| {
        bytes[at..]
            .iter()
            .position(|b| *b == b'\n')
            .map_or(bytes.len(), |n| at + n + 1)
    };
    match bytes
        .get(from..)
        .and_then(|rest| rest.windows(2).position(|w| w == b"\n\n"))
    {
        Some(blank) => line_end(from + blank + 2),
        None => bytes.len(),
    }
}

/// The excerpt of `markdown`; with `prefix`, of a text that `markdown` only begins, and then
/// `None` unless the result is sure to be the whole text's.
///
/// Blocks are parsed line by line, so a block that ends before the prefix's last one (the one
/// the cut may have shortened) is parsed as in the whole text; so are its words, link
/// references aside (see [`excerpt`]). The excerpt is sure when it is complete before that
/// last block.
fn excerpt_of(markdown: &str, prefix: bool) -> Option<String> {
    use pulldown_cmark::{Event, TagEnd};
    let mut out = String::with_capacity(EXCERPT + EXCERPT / 2);
    // Counted as they are added: recounting the whole excerpt after each event was quadratic.
    let mut chars = 0;
    let mut events = pulldown_cmark::Parser::new(markdown);
    let mut depth = 0;
    let mut complete = false;
    for event in events.by_ref() {
        depth = nesting(depth, &event);
        match event {
            Event::Text(t) | Event::Code(t) => {
                out.push_str(&t);
                chars += t.chars().count();
            }
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item)
            | Event::SoftBreak
            | Event::HardBreak => {
                out.push(' ');
                chars += 1;
            }
            _ => {}
        }
        if chars > EXCERPT {
            complete = true;
            break;
        }
    }
    if prefix && !(complete && another_block_follows(events, depth)) {
        return None;
    }
    Some(plain_words(&out))
}

/// How deep in blocks and spans the parser is after `event`, from `depth` before it.
fn nesting(depth: usize, event: &pulldown_cmark::Event) -> usize {
    match event {
        pulldown_cmark::Event::Start(_) => depth + 1,
        pulldown_cmark::Event::End(_) => depth - 1,
        _ => depth,
    }
}

/// Whether, `depth` deep in a top-level block, the block ends and something follows it.
fn another_block_follows<'a>(
    events: impl Iterator<Item = pulldown_cmark::Event<'a>>,
    mut depth: usize,
) -> bool {
    for event in events {
        if depth == 0 {
            return true;
        }
        depth = nesting(depth, &event);
    }
    false
}

/// The first [`EXCERPT`] characters of `text`, each run of white space made one space and
/// none at either end (what joining its `split_whitespace` words gave, in one pass).
fn plain_words(text: &str) -> String {
    let mut plain = String::with_capacity(text.len().min(4 * EXCERPT));
    let mut space = false;
    for c in text.chars().take(EXCERPT) {
        if c.is_whitespace() {
            space = !plain.is_empty();
        } else {
            if space {
                plain.push(' ');
                space = false;
            }
            plain.push(c);
        }
    }
    plain
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_is_plain_text() {
        let x = excerpt("## Beslut\n\nRegionen *säger upp* avtalet.\n");
        assert_eq!(x, "Beslut Regionen säger upp avtalet.");
    }

    /// Texts whose start a prefix could misread: blocks whose kind or extent later lines
    /// decide, and a link reference defined at the end.
    const TRICKY_TAILS: &[&str] = &[
        "- a\n- b\n\n- c (a loose list)\n\n- d\n\nAfter.\n",
        "- a\n- b\n- c (a tight list)\n\nAfter.\n",
        "1. one\n\n   more of one\n\n2. two\n\nAfter.\n",
        "See [the rule] and [other][r].\n\nMore text.\n\n[the rule]: /regel\n[r]: /r \"T\"\n",
        "    indented code\n\n\n    still code\n\nAfter.\n",
        "```\nfenced\n\nstill fenced\n\n```\nAfter.\n",
        "<!-- a comment\n\nstill the comment -->\nAfter.\n",
        "<div>\nhtml\n\n</div>\n\nAfter.\n",
        "A heading\nin two lines\n===\n\nAfter.\n",
        "> quoted\n\n> quoted again\n\nAfter.\n",
        "Text &amp; entities &#229; and `code  spans`\\\nwith a hard break.\n\nAfter.\n",
    ];

    #[test]
    fn excerpt_of_a_prefix_is_the_whole_texts() {
        let whole = |markdown: &str| excerpt_of(markdown, false).unwrap();
        for tail in TRICKY_TAILS {
            for filler in (0..900).step_by(7) {
                let words = "Ord för ord, åtgärd för åtgärd. ".repeat(40);
                let cut = words
                    .char_indices()
                    .nth(filler)
                    .map_or(words.as_str(), |(end, _)| &words[..end]);
                let markdown = format!("## Rubrik\n\n{cut}\n\n{tail}{tail}\n{words}\n\n{tail}");
                assert_eq!(excerpt(&markdown), whole(&markdown), "{markdown}");
            }
        }
    }

    #[test]
    fn excerpt_of_the_example_archive_is_the_whole_texts() {
        let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let mut checked = 0;
        for entry in walkdir::WalkDir::new(content) {
            let path = entry.unwrap().into_path();
            if path.extension().is_some_and(|e| e == "md") {
                let text = std::fs::read_to_string(&path).unwrap();
                let body = text.splitn(3, "---\n").nth(2).unwrap_or(&text);
                assert_eq!(excerpt(body), excerpt_of(body, false).unwrap(), "{path:?}");
                checked += 1;
            }
        }
        assert!(checked > 50, "{checked}");
    }

    #[test]
    fn plain_words_cut_then_fold() {
        let by_split = |text: &str| {
            let cut: String = text.chars().take(EXCERPT).collect();
            cut.split_whitespace().collect::<Vec<_>>().join(" ")
        };
        for text in [
            "",
            "   ",
            " a  b\t\nc\u{a0}d\u{2003} \u{b}e\u{3000}",
            &"ord  ".repeat(200),
            &format!("{}   efter", "å".repeat(EXCERPT - 2)),
        ] {
            assert_eq!(plain_words(text), by_split(text), "{text:?}");
        }
    }

    #[test]
    fn excerpt_keeps_its_first_characters() {
        let markdown = format!(
            "## Sammanfattning\n\n{}",
            "Två  åtgärder,\nvår plan. ".repeat(60)
        );
        // The text as the parser hands it over (a soft break is a space), cut, then folded.
        let stream = format!("Sammanfattning {}", "Två  åtgärder, vår plan. ".repeat(60));
        let cut: String = stream.chars().take(EXCERPT).collect();
        let expected = cut.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(excerpt(&markdown), expected);
    }
}
