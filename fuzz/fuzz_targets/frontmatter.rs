//! The content loader's front-matter parsing of one file's text never panics, for a meeting
//! (`_index.md`) and an item alike.

#![no_main]

use diarium::content::frontmatter;
use diarium::model::{ItemMeta, MeetingMeta};
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|text: &str| {
    let index = Path::new("content/org/body/2020-01-01/_index.md");
    let item = Path::new("content/org/body/2020-01-01/001-item.md");
    let _ = frontmatter::parse::<MeetingMeta>(index, text);
    let _ = frontmatter::parse::<ItemMeta>(item, text);
});
