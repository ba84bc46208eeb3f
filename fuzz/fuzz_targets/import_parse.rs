//! The importer on any text: parsing a source and rendering its files never panics.

#![no_main]

use diarium::import::{parse_text, sidecar::Overrides, writer};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let given = Overrides {
        organization: Some("Exempel kommun".into()),
        body: Some("Kommunstyrelsen".into()),
        date: "2020-01-01".parse().ok(),
        ..Overrides::default()
    };
    if let Ok(doc) = parse_text(text, &given) {
        let _ = writer::render(&doc);
    }
});
