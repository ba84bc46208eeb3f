//! Case numbers and the finder on any text: no panic; a canonical spelling parses to itself
//! with the same shape and no document; every find is the text at its range and parses to the
//! number it carries.

#![no_main]

use diarium::case_number::{parse_shaped, CaseNumber};
use diarium::import::case_refs::{self, Found};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Some((number, shape)) = parse_shaped(text) {
        let (again, again_shape) = parse_shaped(&number.canonical).unwrap_or_else(|| {
            panic!(
                "canonical {:?} of {text:?} does not parse",
                number.canonical
            )
        });
        assert_eq!(again.canonical, number.canonical, "{text:?}");
        assert_eq!(again.document, None, "{text:?}");
        assert_eq!(again_shape, shape, "{text:?}");
        assert!(!number.slug().is_empty(), "{text:?}");
    }
    for found in case_refs::find_labelled(text) {
        check(text, &found);
    }
    for found in case_refs::find_shaped(text) {
        check(text, &found);
    }
    let _ = case_refs::in_title(text);
    let _ = case_refs::label_line(text);
    let _ = case_refs::is_case_line(text);
});

fn check(text: &str, found: &Found) {
    let printed = text
        .get(found.range.clone())
        .expect("a find's range is in the text");
    assert_eq!(printed, found.printed);
    if let Some(label) = &found.label {
        assert!(text.get(label.clone()).is_some() && label.end <= found.range.start);
    }
    if found.number.is_some() {
        assert_eq!(CaseNumber::parse(printed), found.number, "{printed:?}");
    }
}
