//! The content loader's YAML parsing of one file's text never panics, for a meeting
//! (`_index.md`), an item and the person registry (`people.yaml`) alike; what the registry
//! accepts finds each of its spellings again; and what a meeting's or item's front-matter
//! parses to reads back unchanged from the form the build keeps it in between builds
//! (`content::kept`, JSON), so that a kept parse is the parse.

#![no_main]

use diarium::content::frontmatter;
use diarium::model::{ItemMeta, MeetingMeta};
use diarium::registry;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|text: &str| {
    let index = Path::new("content/org/body/2020-01-01/_index.md");
    let item = Path::new("content/org/body/2020-01-01/001-item.md");
    if let Ok((meta, _)) = frontmatter::parse::<MeetingMeta>(index, text) {
        let kept = serde_json::to_vec(&meta).expect("a meeting's front-matter is JSON");
        let back: MeetingMeta = serde_json::from_slice(&kept).expect("and reads back");
        assert_eq!(back, meta, "{text:?}");
    }
    if let Ok((meta, _)) = frontmatter::parse::<ItemMeta>(item, text) {
        let kept = serde_json::to_vec(&meta).expect("an item's front-matter is JSON");
        let back: ItemMeta = serde_json::from_slice(&kept).expect("and reads back");
        assert_eq!(back, meta, "{text:?}");
    }
    if let Ok(registry) = registry::parse(Path::new("content/people.yaml"), text) {
        for entry in &registry.entries {
            let found = registry.find(&entry.name).map(|e| &e.id);
            assert_eq!(found, Some(&entry.id), "{text:?}");
        }
    }
});
