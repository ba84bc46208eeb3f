//! Case-number recall on the dev set of real minutes from other organizations
//! (`tests/fixtures/minutes-dev/`, see its README): every diarienummer that `expected.json`
//! lists is found by the finder the importer uses (after a label or by its shape), truncated
//! ones (`Dnr 2016/`) are found as truncated, and nothing else is found as a case number
//! (`SOU 2017:114`, `Motion nr 11-2020`, `VA 104/11`, `Örja 2:2` are not ours).

mod util;

use diarium::import::case_refs::{find_labelled, find_shaped, Found};
use std::collections::BTreeSet;

const LABELS: &[&str] = &["Dnr "];

/// What the finder reads in a text, line by line: complete numbers and truncated ones.
fn read(text: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let (mut whole, mut cut) = (BTreeSet::new(), BTreeSet::new());
    for line in text.lines() {
        let labelled = find_labelled(line);
        let shaped = find_shaped(line)
            .into_iter()
            .filter(|s| !labelled.iter().any(|l| overlaps(l, s)));
        for f in labelled.iter().cloned().chain(shaped) {
            match f.truncated() {
                true => cut.insert(f.printed),
                false => whole.insert(f.printed),
            };
        }
    }
    (whole, cut)
}

fn overlaps(a: &Found, b: &Found) -> bool {
    a.range.start < b.range.end && b.range.start < a.range.end
}

fn unlabelled(s: &str) -> String {
    LABELS
        .iter()
        .fold(s, |s, l| s.strip_prefix(l).unwrap_or(s))
        .to_string()
}

#[test]
fn dev_set_case_numbers() {
    let dir = util::fixture("minutes-dev");
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    let (mut wanted, mut found, mut cuts, mut report) = (0, 0, 0, Vec::new());
    for doc in expected["documents"].as_array().unwrap() {
        let file = doc["file"].as_str().unwrap();
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        let (whole, cut) = read(&text);
        let printed: Vec<&str> = doc["diarienummer"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let listed: Vec<String> = printed.iter().map(|s| unlabelled(s)).collect();
        let want_whole: Vec<&String> = listed.iter().filter(|s| !s.ends_with('/')).collect();
        // A truncated number is flagged after a label only: unlabelled (`Ks 478/`), it is
        // just text, which is also what becomes of it.
        let want_cut: Vec<String> = printed
            .iter()
            .filter(|s| s.ends_with('/') && unlabelled(s) != **s)
            .map(|s| unlabelled(s))
            .collect();
        wanted += want_whole.len();
        cuts += want_cut.len();
        found += want_whole.iter().filter(|s| whole.contains(**s)).count();
        let surplus: Vec<&String> = whole.iter().filter(|s| !listed.contains(s)).collect();
        let missed: Vec<&&String> = want_whole.iter().filter(|s| !whole.contains(**s)).collect();
        let cut_missed: Vec<&String> = want_cut.iter().filter(|s| !cut.contains(*s)).collect();
        if !surplus.is_empty() || !missed.is_empty() || !cut_missed.is_empty() {
            report.push(format!(
                "{file}: missed {missed:?}, truncated missed {cut_missed:?}, surplus {surplus:?}"
            ));
        }
    }
    eprintln!("case numbers found: {found} of {wanted}, truncated: {cuts}");
    assert!(report.is_empty(), "{}", report.join("\n"));
    assert_eq!(found, wanted);
}
