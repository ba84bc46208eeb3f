//! The sitemap of a built site read as a crawler reads it, through an XML parser: the index
//! `sitemap.xml`, then every part it names (<https://www.sitemaps.org/protocol.html>).

use quick_xml::events::Event;
use quick_xml::Reader;
use std::path::Path;

const NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
/// The protocol's limits of one file.
pub const MAX_URLS: usize = 50_000;
pub const MAX_BYTES: usize = 50 * 1024 * 1024;

/// The parts the index of the site in `public` (built with `base_url`) names, each with its
/// path below `public` and the URLs it lists. Panics, naming the file, on a file that is not
/// a sitemap of the protocol, over its limits, or a part outside the site.
pub fn sitemap_parts(public: &Path, base_url: &str) -> Vec<(String, Vec<String>)> {
    let index = read(public, "sitemap.xml");
    locs(&index, "sitemapindex", "sitemap.xml")
        .into_iter()
        .map(|loc| {
            let rel = loc
                .strip_prefix(base_url)
                .unwrap_or_else(|| panic!("sitemap.xml: {loc} is not below {base_url}"))
                .to_string();
            let xml = read(public, &rel);
            assert!(xml.len() <= MAX_BYTES, "{rel}: {} bytes", xml.len());
            let urls = locs(&xml, "urlset", &rel);
            assert!(urls.len() <= MAX_URLS, "{rel}: {} URLs", urls.len());
            (rel, urls)
        })
        .collect()
}

/// Every URL of every part, in order.
pub fn sitemap_urls(public: &Path, base_url: &str) -> Vec<String> {
    sitemap_parts(public, base_url)
        .into_iter()
        .flat_map(|(_, urls)| urls)
        .collect()
}

fn read(public: &Path, rel: &str) -> String {
    std::fs::read_to_string(public.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The text of every `<loc>` of a document whose root element is `root` in the protocol's
/// namespace.
fn locs(xml: &str, root: &str, file: &str) -> Vec<String> {
    let mut reader = Reader::from_str(xml);
    let (mut out, mut depth, mut in_loc) = (Vec::new(), 0, false);
    let mut text = String::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                let name = e.name().as_ref().to_string();
                if depth == 0 {
                    assert_eq!(name, root, "{file}: the root element");
                    let xmlns = e.try_get_attribute("xmlns").ok().flatten();
                    let xmlns = xmlns.map(|a| a.value.into_owned());
                    assert_eq!(xmlns.as_deref(), Some(NS), "{file}: the namespace");
                }
                in_loc = name == "loc";
                text.clear();
                depth += 1;
            }
            Ok(Event::Text(t)) if in_loc => text.push_str(&t.xml10_content()),
            Ok(Event::GeneralRef(r)) if in_loc => {
                let c = match r.as_ref() {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    other => panic!("{file}: &{other};"),
                };
                text.push(c);
            }
            Ok(Event::End(_)) => {
                if in_loc {
                    out.push(std::mem::take(&mut text));
                }
                in_loc = false;
                depth -= 1;
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("{file}: not XML: {e}"),
        }
    }
    assert_eq!(depth, 0, "{file}: unclosed elements");
    out
}
