//! The work a front-matter block may ask of the YAML parser, measured in one linear pass before
//! the parser sees it: a block of 100,000 `[` took the old parser minutes before its own depth
//! error, and 100,000 aliases of one string expanded to 100 MB. Refused here, each at its
//! position:
//!
//! ```text
//! title: [[[[[[ … ]]]]]]          ← nesting deeper than MAX_DEPTH (flow brackets and indentation)
//! chair: &c Anna Berg (S)         ← any anchor or alias: front-matter never needs them
//! secretary: *c
//! title: "Beslut\x07"             ← a control character, raw or as a double-quoted escape
//! ```
//!
//! and a block larger than MAX_BYTES. The scan knows just enough YAML to tell where a node
//! starts (after `key: `, `- `, `[`, `{` or `,`) and to skip quoted text; what it lets through,
//! the parser still judges, under its own budget.

use super::YamlError;

/// The largest front-matter read: a meeting's runs to a few KiB.
pub const MAX_BYTES: usize = 256 * 1024;
/// The deepest nesting read: the model's deepest field is four levels down.
pub const MAX_DEPTH: usize = 64;

/// Measures `yaml`; the first problem found, at its line and column within the block.
pub(crate) fn check(yaml: &str) -> Result<(), YamlError> {
    if yaml.len() > MAX_BYTES {
        return Err(problem(
            yaml,
            0,
            format!(
                "the front-matter is {} KiB, more than the {} KiB allowed",
                yaml.len().div_ceil(1024),
                MAX_BYTES / 1024
            ),
            "keep long text in the Markdown body below the closing `---`",
        ));
    }
    raw_controls(yaml)?;
    Scan {
        text: yaml,
        levels: Vec::new(),
        open_text: None,
    }
    .run()
}

/// A control character typed into the file (a tab, line feed, or the carriage return of a
/// CRLF line end are text).
fn raw_controls(yaml: &str) -> Result<(), YamlError> {
    let bytes = yaml.as_bytes();
    match yaml
        .char_indices()
        .find(|&(i, c)| is_refused_control(c) && !(c == '\r' && bytes.get(i + 1) == Some(&b'\n')))
    {
        Some((i, c)) => Err(control_problem(yaml, i, c)),
        None => Ok(()),
    }
}

fn is_refused_control(c: char) -> bool {
    c.is_control() && c != '\t' && c != '\n'
}

fn control_problem(yaml: &str, at: usize, c: char) -> YamlError {
    problem(
        yaml,
        at,
        format!(
            "a control character (U+{:04X}) in the front-matter",
            c as u32
        ),
        "remove it: names, titles and text never hold control characters",
    )
}

fn problem(yaml: &str, at: usize, message: String, hint: &str) -> YamlError {
    let (line, col) = crate::diag::line_col(yaml, at);
    YamlError {
        message,
        line,
        col,
        hint: Some(hint.to_string()),
    }
}

struct Scan<'a> {
    text: &'a str,
    /// Indentations of the open block levels, innermost last.
    levels: Vec<usize>,
    /// While in text that may go on below the line that opened it (a `|` or `>` block, or a
    /// plain scalar), the indentation its lines have to pass: its key's column, or its `-`'s.
    open_text: Option<usize>,
}

impl Scan<'_> {
    fn run(mut self) -> Result<(), YamlError> {
        let mut pos = 0;
        while pos < self.text.len() {
            let end = self.line(pos)?;
            pos = self.text[end..]
                .find('\n')
                .map_or(self.text.len(), |i| end + i + 1);
        }
        Ok(())
    }

    /// One line of block context from `start`; returns where the line's last node ended.
    fn line(&mut self, start: usize) -> Result<usize, YamlError> {
        let bytes = self.text.as_bytes();
        let end = self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |i| start + i);
        let indent = bytes[start..end].iter().take_while(|b| **b == b' ').count();
        let mut p = start + indent;
        if p == end || bytes[p] == b'#' || bytes[p] == b'\r' {
            return Ok(end);
        }
        if let Some(owner) = self.open_text {
            if indent > owner {
                return Ok(end);
            }
            self.open_text = None;
        }
        while self.levels.last().is_some_and(|&top| top > indent) {
            self.levels.pop();
        }
        if self.levels.last() != Some(&indent) {
            self.levels.push(indent);
        }
        let mut depth = self.levels.len();
        // `- -` at the very end of the text leaves `p` at its end: `get`, not indexing.
        while bytes.get(p) == Some(&b'-')
            && bytes.get(p + 1).is_none_or(|b| *b == b' ' || *b == b'\n')
        {
            depth += 1;
            p = skip_spaces(bytes, p + 1);
        }
        self.deep(depth, p)?;
        self.node(p, end, indent, depth)
    }

    /// A node starting at `p` on a line ending at `end`, owned by the key or `-` at column
    /// `owner`; returns where it ended. A loop, not recursion, through tags and the entries of
    /// one line (`a: b: c: …`), so a hostile line costs time linear in its length.
    fn node(
        &mut self,
        mut p: usize,
        mut end: usize,
        mut owner: usize,
        mut depth: usize,
    ) -> Result<usize, YamlError> {
        let bytes = self.text.as_bytes();
        loop {
            let Some(&first) = bytes.get(p).filter(|_| p < end) else {
                return Ok(end);
            };
            let after = match first {
                b'&' | b'*' => return Err(anchor_problem(self.text, p)),
                b'!' => {
                    let tag_end = p + bytes[p..end].iter().take_while(|b| **b != b' ').count();
                    p = skip_spaces(bytes, tag_end);
                    continue;
                }
                b'"' => self.double_quoted(p)?,
                b'\'' => single_quoted(bytes, p),
                b'[' | b'{' => self.flow(p, depth - 1)?,
                b'|' | b'>' => {
                    self.open_text = Some(owner);
                    return Ok(end);
                }
                _ => p,
            };
            // A key (plain or quoted) and its value on the same line.
            let line_end = self.text[after..]
                .find('\n')
                .map_or(self.text.len(), |i| after + i);
            let Some(v) = mapping_value(&bytes[after..line_end]) else {
                if after == p {
                    self.open_text = Some(owner);
                }
                return Ok(after);
            };
            owner = p - self.text[..p].rfind('\n').map_or(0, |i| i + 1);
            p = skip_spaces(bytes, after + v);
            end = line_end;
            depth += 1;
            if p < end {
                self.deep(depth, p)?;
            }
        }
    }

    fn deep(&self, depth: usize, at: usize) -> Result<(), YamlError> {
        if depth <= MAX_DEPTH {
            return Ok(());
        }
        Err(problem(
            self.text,
            at,
            format!("the front-matter nests deeper than {MAX_DEPTH} levels"),
            "front-matter needs a few levels at most: look for `[` or `{` that are never closed",
        ))
    }

    /// A `"…"` scalar from its opening quote; refuses escapes that make a control character.
    fn double_quoted(&self, open: usize) -> Result<usize, YamlError> {
        let bytes = self.text.as_bytes();
        let mut i = open + 1;
        while i < bytes.len() {
            match bytes[i] {
                b'"' => return Ok(i + 1),
                b'\\' => i = self.escape(i)?,
                _ => i += 1,
            }
        }
        Ok(i)
    }

    /// The escape at `i` (a backslash); returns the position after it.
    fn escape(&self, i: usize) -> Result<usize, YamlError> {
        let bytes = self.text.as_bytes();
        let (c, len) = match bytes.get(i + 1) {
            Some(b'0') => (Some('\0'), 2),
            Some(b'a') => (Some('\u{7}'), 2),
            Some(b'b') => (Some('\u{8}'), 2),
            Some(b'e') => (Some('\u{1b}'), 2),
            Some(b'f') => (Some('\u{c}'), 2),
            Some(b'v') => (Some('\u{b}'), 2),
            Some(b'r') => (Some('\r'), 2),
            Some(b'N') => (Some('\u{85}'), 2),
            Some(b'x') => (hex(bytes, i + 2, 2), 4),
            Some(b'u') => (hex(bytes, i + 2, 4), 6),
            Some(b'U') => (hex(bytes, i + 2, 8), 10),
            Some(_) => (None, 2),
            None => (None, 1),
        };
        match c {
            Some(c) if is_refused_control(c) => Err(control_problem(self.text, i, c)),
            _ => Ok((i + len).min(bytes.len())),
        }
    }

    /// A flow collection from its opening bracket, inside `base` levels; returns the position
    /// after its closing bracket.
    fn flow(&self, open: usize, base: usize) -> Result<usize, YamlError> {
        let bytes = self.text.as_bytes();
        let mut depth = base;
        let mut node_next = true;
        let mut i = open;
        while i < bytes.len() {
            let b = bytes[i];
            match b {
                b'[' | b'{' => {
                    depth += 1;
                    self.deep(depth, i)?;
                }
                b']' | b'}' => {
                    depth -= 1;
                    if depth == base {
                        return Ok(i + 1);
                    }
                }
                b'"' if node_next => i = self.double_quoted(i)? - 1,
                b'\'' if node_next => i = single_quoted(bytes, i) - 1,
                b'&' | b'*' if node_next => return Err(anchor_problem(self.text, i)),
                b'#' if i == 0 || bytes[i - 1].is_ascii_whitespace() => {
                    i = self.text[i..].find('\n').map_or(bytes.len(), |n| i + n);
                    continue;
                }
                _ => {}
            }
            if !b.is_ascii_whitespace() {
                node_next = matches!(b, b'[' | b'{' | b',' | b':');
            }
            i += 1;
        }
        Ok(i)
    }
}

fn anchor_problem(yaml: &str, at: usize) -> YamlError {
    problem(
        yaml,
        at,
        "anchors and aliases (`&name`, `*name`) are not allowed in front-matter".to_string(),
        "write each value out in full; text that starts with `*` or `&` goes in quotes, \
         e.g. `title: '*Utkast*'`",
    )
}

/// A `'…'` scalar from its opening quote (`''` is a quote inside); the position after it.
fn single_quoted(bytes: &[u8], open: usize) -> usize {
    let mut i = open + 1;
    while i < bytes.len() {
        if bytes[i] == b'\'' {
            if bytes.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    i
}

/// Where the value of `key: value` starts in the rest of a line, when it is a mapping entry
/// (a `:` followed by a space or the line's end, before any comment).
fn mapping_value(rest: &[u8]) -> Option<usize> {
    let mut i = 0;
    while i < rest.len() {
        match rest[i] {
            b'#' if i == 0 || rest[i - 1] == b' ' => return None,
            b':' if rest.get(i + 1).is_none_or(|b| matches!(b, b' ' | b'\r')) => {
                return Some(i + 1)
            }
            _ => i += 1,
        }
    }
    None
}

fn skip_spaces(bytes: &[u8], mut p: usize) -> usize {
    while bytes.get(p) == Some(&b' ') {
        p += 1;
    }
    p
}

fn hex(bytes: &[u8], from: usize, len: usize) -> Option<char> {
    let digits = std::str::from_utf8(bytes.get(from..from + len)?).ok()?;
    char::from_u32(u32::from_str_radix(digits, 16).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(yaml: &str) -> (usize, usize, String) {
        let e = check(yaml).unwrap_err();
        (e.line, e.col, e.message)
    }

    #[test]
    fn a_dash_after_a_dash_at_the_end_of_the_text_is_measured() {
        // Found by fuzzing the person registry, which is measured as a whole file.
        for yaml in ["- -", "- - ", "a:\n- -", "- - -"] {
            check(yaml).unwrap();
        }
    }

    #[test]
    fn ordinary_front_matter_passes() {
        let yaml = "number: 229\ntitle: 'Uppsägning: av *avtalet*'\ncases:\n- RS 2273-2024\n\
                    outcome: {kind: proposed, to: Regionstyrelsen}\nmotions:\n- by: [Anna Berg (S)]\n  \
                    text: \"Bifall \\\"nu\\\" \\t\"\nvotes:\n- yes: 3\n  no: 2\nnotes:\n- by:\n  - A\n  \
                    text: |\n    rad *ett*\n      & två [[[[\ntitle2: a*b & c # kommentar *x\n";
        check(yaml).unwrap();
    }

    #[test]
    fn deeply_nested_flow_collections_are_refused() {
        for n in [16_000, 64_000, 100_000] {
            let yaml = format!("number: 1\ntitle: {}", "[".repeat(n));
            assert_eq!(
                refused(&yaml),
                (
                    2,
                    71,
                    "the front-matter nests deeper than 64 levels".to_string()
                ),
                "{n}"
            );
        }
        let nested = format!("title: {}x{}\n", "[".repeat(64), "]".repeat(64));
        assert!(check(&nested).is_err());
        let fits = format!("title: {}x{}\n", "[".repeat(60), "]".repeat(60));
        check(&fits).unwrap();
    }

    #[test]
    fn text_lines_may_start_with_indicators() {
        check("title: Beslut om\n  *viktigt* & [mer\nnumber: 1\n").unwrap();
        check("notes:\n- by: [A]\n  text: |\n    *a*\n- text: plain\n   &b\n").unwrap();
    }

    #[test]
    fn a_sibling_after_text_is_still_measured() {
        let yaml = "notes:\n- text: |\n    rad\n  by: [\"\\a\"]\n";
        assert_eq!(refused(yaml).0, 4);
        let yaml = "motions:\n- text: plain\n  by: [\"x\\0\"]\n";
        assert_eq!(refused(yaml).0, 3);
    }

    #[test]
    fn hostile_lines_cost_linear_time() {
        assert_eq!(refused(&"a: ".repeat(100_000)).0, 1);
        check(&format!("title: {}x\n", "! ".repeat(100_000))).unwrap();
        // Brackets inside quoted text do not nest.
        check(&format!(
            "cases: [{}x]\n",
            "\"[[[\\\"\", '{{', ".repeat(10_000)
        ))
        .unwrap();
    }

    #[test]
    fn deeply_nested_block_sequences_are_refused() {
        let yaml = format!("cases:\n{}x\n", "- ".repeat(70));
        assert_eq!(refused(&yaml).0, 2);
        let indented: String = (0..70)
            .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
            .collect();
        assert_eq!(refused(&indented).0, 65);
    }

    #[test]
    fn anchors_and_aliases_are_refused() {
        // The issue's case: 100,000 aliases of a 1 KB string (489 KiB, refused for its size).
        let one_kb = "x".repeat(1024);
        let aliases =
            |n: usize| format!("title: &a {one_kb}\nattachments:\n{}", "- *a\n".repeat(n));
        assert!(check(&aliases(100_000)).is_err());
        // Under the size limit, the anchor itself is refused.
        let (line, col, message) = refused(&aliases(40_000));
        assert_eq!((line, col), (1, 8));
        assert_eq!(
            message,
            "anchors and aliases (`&name`, `*name`) are not allowed in front-matter"
        );
        let (line, col, _) = refused("cases: [RS 1, *a]\n");
        assert_eq!((line, col), (1, 15));
        let (line, col, _) = refused("chair: A\nsecretary: *a\n");
        assert_eq!((line, col), (2, 12));
    }

    #[test]
    fn escaped_control_characters_are_refused_at_their_position() {
        for (yaml, col) in [
            ("title: \"a\\x07\"\n", 10),
            ("title: \"\\u0000\"\n", 9),
            ("by: [\"Anna\\aBerg\"]\n", 11),
            ("title: \"\\U0000001b\"\n", 9),
        ] {
            let (line, c, message) = refused(yaml);
            assert_eq!((line, c), (1, col), "{yaml}");
            assert!(message.starts_with("a control character (U+"), "{message}");
        }
        check("title: \"tab\\there\\nline \\u00e5\"\n").unwrap();
        check("title: 'a\\x07'\n").unwrap();
    }

    #[test]
    fn raw_control_characters_are_refused_at_their_line() {
        assert_eq!(
            refused("number: 1\ntitle: T\nplace: a\u{0}b\n"),
            (
                3,
                9,
                "a control character (U+0000) in the front-matter".to_string()
            )
        );
        check("number: 1\r\ntitle: T\r\n").unwrap();
    }

    #[test]
    fn oversized_front_matter_is_refused() {
        let yaml = format!("title: {}\n", "a".repeat(MAX_BYTES));
        assert_eq!(
            refused(&yaml),
            (
                1,
                1,
                "the front-matter is 257 KiB, more than the 256 KiB allowed".to_string()
            )
        );
    }
}
