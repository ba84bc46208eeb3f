//! The PDF path reads what plain text loses: bold headings tell items from a numbered list
//! printed the same way, and a footer at the same place on every page is furniture. The PDFs
//! are constructed (`tests/fixtures/import/pdf-styles/*.ms`, made by
//! `scripts/make_style_pdfs.sh`); poppler's `pdftotext` and `pdftohtml` read them.

mod util;

use std::path::Path;
use util::{diarium, fixture};

fn poppler() -> bool {
    let ok = |tool: &str| std::process::Command::new(tool).arg("-v").output().is_ok();
    let found = ok("pdftotext") && ok("pdftohtml");
    if !found {
        eprintln!("skipped: poppler-utils (pdftotext, pdftohtml) is not installed");
    }
    found
}

fn import(pdf: &str, tmp: &Path) -> String {
    std::fs::copy(fixture("import/pdf-styles").join(pdf), tmp.join(pdf)).unwrap();
    diarium(tmp, &["import", pdf, "--out", "c"]).success();
    let mut all = String::new();
    for e in walkdir::WalkDir::new(tmp.join("c")).sort_by_file_name() {
        let e = e.unwrap();
        if e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md") {
            all += &format!("== {}\n", e.file_name().to_string_lossy());
            all += &std::fs::read_to_string(e.path()).unwrap();
        }
    }
    all
}

#[test]
fn bold_headings_and_a_running_footer() {
    if !poppler() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let all = import("bold-numbers.pdf", tmp.path());
    for (file, case) in [
        ("012-val-av-justerare.md", None),
        (
            "013-budget-2026-for-kommunstyrelsen.md",
            Some("KS 2024/456"),
        ),
        ("014-motion-om-cykelvagar-i-norrby.md", Some("KS 2024/311")),
        ("015-taxa-for-bygglov.md", Some("KS 2025/12")),
        ("016-anmalan-av-delegationsbeslut.md", None),
    ] {
        let at = all
            .find(&format!("== {file}"))
            .unwrap_or_else(|| panic!("{file}:\n{all}"));
        let item = &all[at..];
        let item = &item[..item[3..].find("== ").map_or(item.len(), |e| e + 3)];
        if let Some(case) = case {
            assert!(item.contains(&format!("- {case}")), "{item}");
        }
    }
    assert!(
        !all.contains("Sida 1"),
        "the footer's page number stays:\n{all}"
    );
    assert!(
        !all.contains("protokoll 2025-03-12"),
        "the footer stays:\n{all}"
    );
}

#[test]
fn bold_tells_items_from_a_list_printed_like_them() {
    if !poppler() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let all = import("bold-short.pdf", tmp.path());
    let files: Vec<&str> = all.lines().filter_map(|l| l.strip_prefix("== ")).collect();
    assert_eq!(
        files,
        [
            "007-detaljplan-for-norrby-3-14.md",
            "008-tillsynsplan-2025.md",
            "_index.md"
        ],
        "{all}"
    );
    assert!(
        all.contains("- MBN 2024/88") && all.contains("- MBN 2025/3"),
        "{all}"
    );
    assert!(all.contains("Exploateringsavtalet godkänns"), "{all}");
}

#[test]
fn a_cover_page_table_pairs_labels_with_values() {
    if !poppler() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    // The text alone reads the label column, then the value column: no body, no place.
    let all = import("form-cover.pdf", tmp.path());
    let index = all.split("== _index.md").nth(1).unwrap_or_default();
    assert!(
        index.contains("body: Barn- och utbildningsnämnden"),
        "{index}"
    );
    assert!(index.contains("place: Stadshuset, Storby"), "{index}");
    assert!(index.contains("date: 2025-03-12"), "{index}");
    assert!(
        all.contains("== 012-val-av-justerare.md") && all.contains("- BUN 2024/77"),
        "{all}"
    );
}
