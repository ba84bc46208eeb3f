//! Cross-links on the example archive (the four seed minutes in content/): recurring subjects
//! across organizations, cases, people and parties. The expected lists were checked by reading
//! the minutes; a change here is a change in what readers are told is connected.

mod util;

use serde_json::Value;
use std::collections::BTreeMap;
use util::diarium;

/// Builds the repository's example archive into a temporary folder and reads one data file.
fn example() -> (tempfile::TempDir, impl Fn(&str) -> Vec<Value>) {
    let out = tempfile::tempdir().unwrap();
    let out_arg = out.path().to_str().unwrap().to_string();
    diarium(&util::repo(), &["build", "--out", &out_arg]).success();
    let dir = out.path().to_path_buf();
    let read = move |name: &str| {
        let text = std::fs::read_to_string(dir.join("data").join(name)).unwrap();
        let v: Value = serde_json::from_str(&text).unwrap();
        v["records"].as_array().unwrap().clone()
    };
    (out, read)
}

/// Item URL → "org § number" for readable assertions.
fn item_labels(items: &[Value]) -> BTreeMap<String, String> {
    items
        .iter()
        .map(|i| {
            let url = i["url"].as_str().unwrap().to_string();
            let org = url
                .split('/')
                .next()
                .unwrap()
                .trim_start_matches("region-")
                .to_string();
            (url, format!("{org} § {}", i["number"]))
        })
        .collect()
}

#[test]
fn subjects_join_exactly_the_items_that_share_them() {
    let (_out, read) = example();
    let labels = item_labels(&read("items.json"));
    let subjects: BTreeMap<String, Vec<String>> = read("subjects.json")
        .iter()
        .map(|s| {
            let members = s["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| labels[u.as_str().unwrap()].clone())
                .collect();
            (s["name"].as_str().unwrap().to_string(), members)
        })
        .collect();
    let expected: BTreeMap<String, Vec<String>> = [
        (
            "Cosmic / FVIS",
            vec![
                "vasterbotten § 222",
                "vasterbotten § 223",
                "vasternorrland § 220",
            ],
        ),
        (
            "Finansrapport",
            vec!["vasterbotten § 221", "vastmanland § 8"],
        ),
        (
            "Nära vård",
            vec!["vasterbotten § 231", "vasternorrland § 210"],
        ),
        (
            "Regionavtal",
            vec!["vasterbotten § 229", "vasternorrland § 216"],
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.into_iter().map(String::from).collect()))
    .collect();
    assert_eq!(subjects, expected);
}

#[test]
fn people_with_a_party_get_pages_and_officials_do_not() {
    let (_out, read) = example();
    let people: Vec<String> = read("people.json")
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect();
    assert!(
        people.contains(&"Nicklas Sandström".to_string()),
        "{people:?}"
    );
    assert!(
        !people.iter().any(|p| p == "Åsa Bellander"),
        "the regiondirektör is an official: {people:?}"
    );
}

#[test]
fn cases_keep_their_printed_organization() {
    let (_out, read) = example();
    let cases: Vec<(String, String)> = read("cases.json")
        .iter()
        .map(|c| {
            (
                c["organization_slug"].as_str().unwrap().to_string(),
                c["number"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        cases.contains(&("region-vasterbotten".into(), "RS 2273-2024".into())),
        "{cases:?}"
    );
    assert!(
        cases.contains(&("region-vasternorrland".into(), "24RS11304".into())),
        "{cases:?}"
    );
    assert!(
        cases.contains(&("region-vastmanland".into(), "RV250246".into())),
        "{cases:?}"
    );
}
