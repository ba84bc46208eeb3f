//! Hostile content (issue 13): the same archive built twice, once with harmless text and once
//! with injection payloads in every field a registrar or an attacker can write (front-matter
//! strings, names, case numbers, topics, Markdown with raw HTML and `javascript:` links). Every
//! HTML file of the hostile build is tokenized by a WHATWG tokenizer (html5gum) and must hold
//! no element, attribute or URL scheme that the clean build lacks; every JSON file must parse
//! and every XML file must be well-formed.

mod util;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use util::diarium;

const MEETING: &str = "content/region-test/styrelsen/2024-03-01";

const PAYLOAD: &str = r#"<script>alert(1)</script><img src=x onerror=alert(2)>"'><svg onload=alert(3)> javascript:alert(4) {{ 7*7 }} {% raw %}"#;

const MARKDOWN_PAYLOAD: &str = r#"<script>alert(5)</script>

<img src="x" onerror="alert(6)"><iframe src="//evil.example/"></iframe>

[klick](javascript:alert(7)) [data](data:text/html;base64,PHNjcmlwdD4=) ![bild](javascript:alert(8))

<a href="vbscript:msgbox(9)" onclick="alert(10)">länk</a> <javascript:alert(11)>

<style>body{background:url(javascript:alert(12))}</style><form action="javascript:alert(13)"><button formaction="//evil.example">x</button></form>"#;

/// One meeting with two items; `text` fills every free-text field, `markdown` the bodies.
fn archive(text: &str, markdown: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let q = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    let t = q(text);
    let name = q(&format!("Anna {text} Berg (S)"));
    fs::write(
        tmp.path().join("site.toml"),
        "title = \"Arkiv\"\n[accessibility]\ncontact_email = \"webb@example.se\"\n",
    )
    .unwrap();
    let index = format!(
        "---\norganization: Region Test\nbody: Styrelsen\ndate: 2024-03-01\nkind: protokoll\ntitle: {t}\nplace: {t}\nchair: {name}\nsecretary: {t}\nattendees:\n- name: {t}\n  party: S\n  role: {t}\n  note: {t}\nparagraphs: [1, 2]\n---\n{markdown}\n"
    );
    let first = format!(
        "---\nnumber: 1\ntitle: {t}\ncases:\n- RS 12-2024\ntopics: [{t}]\noutcome:\n  kind: proposed\n  to: {t}\nmotions:\n- by: [{name}]\n  text: {t}\nreservations:\n- by: [{name}]\n  text: {t}\nabstained: [{name}]\nattachments: [{t}]\nrecipients: [{t}]\n---\n## {text}\n\n{markdown}\n"
    );
    let second = format!(
        "---\nnumber: 2\ntitle: Budget {t}\ncases:\n- RS 12-2024\ntopics: [{t}]\nreferences:\n- text: {t}\n  case: RS 12-2024\n---\nSe § 1. {markdown}\n"
    );
    for (file, body) in [
        ("_index.md", index),
        ("001-ett.md", first),
        ("002-tva.md", second),
    ] {
        let path = tmp.path().join(MEETING).join(file);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, body).unwrap();
    }
    tmp
}

/// What the HTML of a built site is made of.
#[derive(Default)]
struct Vocabulary {
    elements: BTreeSet<String>,
    attributes: BTreeSet<String>,
    schemes: BTreeSet<String>,
}

fn scan(root: &Path) -> Vocabulary {
    let mut v = Vocabulary::default();
    for entry in walkdir::WalkDir::new(root) {
        let entry = entry.unwrap();
        let path = entry.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !entry.file_type().is_file() {
            continue;
        }
        let bytes = fs::read(path).unwrap();
        match ext {
            "html" => html(&String::from_utf8(bytes).unwrap(), &mut v),
            "json" => {
                serde_json::from_slice::<serde_json::Value>(&bytes)
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            }
            "xml" => well_formed(path, &bytes),
            _ => {}
        }
    }
    v
}

fn html(text: &str, v: &mut Vocabulary) {
    for token in html5gum::Tokenizer::new(text) {
        let Ok(html5gum::Token::StartTag(tag)) = token else {
            continue;
        };
        v.elements
            .insert(String::from_utf8_lossy(&tag.name).to_lowercase());
        for (key, value) in &tag.attributes {
            let key = String::from_utf8_lossy(key).to_lowercase();
            let value = String::from_utf8_lossy(value).trim().to_lowercase();
            if [
                "href",
                "src",
                "action",
                "formaction",
                "srcset",
                "poster",
                "data",
            ]
            .contains(&key.as_str())
            {
                v.schemes.insert(scheme(&value));
            }
            v.attributes.insert(key);
        }
    }
}

/// `https`, `mailto`, or `relative` for a site path; `//host` counts as its own scheme.
fn scheme(url: &str) -> String {
    if url.starts_with("//") {
        return "protocol-relative".into();
    }
    match url.split_once(':') {
        Some((s, _))
            if !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) =>
        {
            s.to_string()
        }
        _ => "relative".into(),
    }
}

fn well_formed(path: &Path, bytes: &[u8]) {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => buf.clear(),
            Err(e) => panic!("{}: not well-formed XML: {e}", path.display()),
        }
    }
}

#[test]
fn hostile_content_adds_no_element_attribute_or_url_scheme() {
    // The clean text uses the Markdown the hostile one abuses: a link and an image.
    let clean = archive(
        "Text om budgeten",
        "Vanlig text med [en länk](/region-test/) och ![en bild](/bild.png).",
    );
    let hostile = archive(PAYLOAD, MARKDOWN_PAYLOAD);
    for site in [&clean, &hostile] {
        diarium(site.path(), &["build"]).success();
    }
    let (c, h) = (
        scan(&clean.path().join("public")),
        scan(&hostile.path().join("public")),
    );
    let extra = |a: &BTreeSet<String>, b: &BTreeSet<String>| -> Vec<String> {
        a.difference(b).cloned().collect()
    };
    assert_eq!(
        extra(&h.elements, &c.elements),
        Vec::<String>::new(),
        "elements"
    );
    assert_eq!(
        extra(&h.attributes, &c.attributes),
        Vec::<String>::new(),
        "attributes"
    );
    assert_eq!(
        extra(&h.schemes, &c.schemes),
        Vec::<String>::new(),
        "URL schemes"
    );
    // The scan sees what it should: the clean site has pages, links and a site path.
    assert!(c.elements.contains("a") && c.schemes.contains("relative"));
    // The payloads reached the pages, as text.
    let item = fs::read_to_string(
        hostile
            .path()
            .join("public/region-test/styrelsen/2024-03-01/001-ett/index.html"),
    )
    .unwrap();
    assert!(
        item.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{item}"
    );
    assert!(
        item.contains("&lt;a href=\"vbscript:msgbox(9)\""),
        "raw HTML is text"
    );
    // A link or image to a script URL keeps its words and loses its target.
    assert!(
        item.contains("klick</a>") && !item.contains("href=\"javascript"),
        "{item}"
    );
}
