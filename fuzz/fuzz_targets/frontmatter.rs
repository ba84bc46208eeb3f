//! The content loader's YAML parsing of one file's text never panics, for a meeting
//! (`_index.md`), an item and the person registry (`people.yaml`) alike; what the registry
//! accepts finds each of its spellings again.

#![no_main]

use diarium::content::frontmatter;
use diarium::model::{ItemMeta, MeetingMeta};
use diarium::registry;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|text: &str| {
    let index = Path::new("content/org/body/2020-01-01/_index.md");
    let item = Path::new("content/org/body/2020-01-01/001-item.md");
    let _ = frontmatter::parse::<MeetingMeta>(index, text);
    let _ = frontmatter::parse::<ItemMeta>(item, text);
    if let Ok(registry) = registry::parse(Path::new("content/people.yaml"), text) {
        for entry in &registry.entries {
            let found = registry.find(&entry.name).map(|e| &e.id);
            assert_eq!(found, Some(&entry.id), "{text:?}");
        }
    }
});
