//! One meeting printed in many house styles — the shapes Swedish meeting systems and Word
//! templates give their minutes — must import to the same items, titles and case numbers.
//! The styles are constructed here, not copied from any document, so the importer is held to
//! structure rather than to lines it has seen.

use diarium::case_number::CaseNumber;

struct Item {
    number: &'static str,
    title: &'static str,
    case: Option<&'static str>,
    text: &'static str,
    decision: &'static str,
}

const ORG: &str = "Storby kommun";
const BODY: &str = "Kommunstyrelsen";
const DATE: &str = "2025-03-12";

const ITEMS: &[Item] = &[
    Item {
        number: "12",
        title: "Val av justerare",
        case: None,
        text: "Ordföranden föreslår att Per Holm (C) utses att justera protokollet.",
        decision: "Kommunstyrelsen beslutar att utse Per Holm (C) att justera protokollet.",
    },
    Item {
        number: "13",
        title: "Budget 2026 för kommunstyrelsen",
        case: Some("KS 2024/456"),
        text: "Förvaltningen har tagit fram ett förslag till budget för år 2026 med plan för 2027 och 2028.",
        decision: "Kommunstyrelsen föreslår kommunfullmäktige att fastställa budgeten.",
    },
    Item {
        number: "14",
        title: "Motion om cykelvägar i Norrby",
        case: Some("KS 2024/311"),
        text: "Anna Berg (V) har i en motion föreslagit att kommunen bygger en cykelväg till Norrby.",
        decision: "Kommunstyrelsen föreslår kommunfullmäktige att anse motionen besvarad.",
    },
    Item {
        number: "15",
        title: "Taxa för bygglov",
        case: Some("KS 2025/12"),
        text: "Miljö- och byggnämnden har lämnat förslag till ny taxa för plan- och bygglovsärenden.",
        decision: "Kommunstyrelsen beslutar att återremittera ärendet.",
    },
    Item {
        number: "16",
        title: "Anmälan av delegationsbeslut",
        case: None,
        text: "Förteckning över delegationsbeslut fattade under februari månad redovisas.",
        decision: "Kommunstyrelsen beslutar att lägga redovisningen till handlingarna.",
    },
];

fn cover_labels() -> String {
    format!("{ORG}\nProtokoll\n{BODY}\n\nSammanträdesdatum: {DATE}\nPlats och tid: Kommunhuset, Storby, kl. 13.00–15.30\n\nBeslutande\nEva Ek (S), ordförande\nPer Holm (C)\nAnna Berg (V)\n\nUtses att justera: Per Holm (C)\nParagrafer: 12–16\n\n")
}

fn body_of(it: &Item) -> String {
    format!("{}\n\nBeslut\n{}\n", it.text, it.decision)
}

/// Each style prints the whole document.
fn styles() -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let paged = |pages: Vec<String>| -> String {
        let n = pages.len();
        pages
            .into_iter()
            .enumerate()
            .map(|(k, p)| format!("{p}\n{BODY} {DATE}\nSida {} av {n}\n\u{c}", k + 1))
            .collect()
    };
    // 1. Label/value cover page, `§ N Title`, `Dnr` line under it.
    out.push(("paragraph-dnr-below", {
        let mut t = cover_labels();
        for it in ITEMS {
            t += &format!("§ {} {}\n", it.number, it.title);
            if let Some(c) = it.case {
                t += &format!("Dnr {c}\n");
            }
            t += &format!("\n{}\n", body_of(it));
        }
        t
    }));
    // 2. `Ks N` markers without the section sign, `Dnr:` on the next line.
    out.push(("prefixed-no-sign", {
        let mut t = cover_labels();
        for it in ITEMS {
            t += &format!("Ks {}   {}\n", it.number, it.title);
            if let Some(c) = it.case {
                t += &format!("Dnr: {c}\n");
            }
            t += &format!("\n{}\n", body_of(it));
        }
        t
    }));
    // 3. `KS § N` alone, the case number before the title.
    out.push(("prefixed-sign-case-first", {
        let mut t = cover_labels();
        for it in ITEMS {
            t += &format!("KS § {}\n", it.number);
            if let Some(c) = it.case {
                t += &format!("Diarienummer: {c}\n");
            }
            t += &format!("{}\n\n{}\n", it.title, body_of(it));
        }
        t
    }));
    // 4. Case number in parentheses after the title.
    out.push(("case-in-parentheses", {
        let mut t = cover_labels();
        for it in ITEMS {
            let case = it.case.map(|c| format!(" ({c})")).unwrap_or_default();
            t += &format!("§ {} {}{case}\n\n{}\n", it.number, it.title, body_of(it));
        }
        t
    }));
    // 5. An agenda web page: `Ärende N` with bullets, the case under the title.
    out.push(("agenda-web-page", {
        let mut t = format!("{ORG}\nKallelse och föredragningslista\n{BODY}\nDatum: {DATE}\n\n");
        for it in ITEMS {
            t += &format!(" •   Ärende {}\n\n  {}\n", it.number, it.title);
            if let Some(c) = it.case {
                t += &format!("  {c}\n");
            }
            t += &format!("\n  {}\n\n", it.text);
        }
        t
    }));
    // 6. Flattened pages: each page one line, opening with its page number.
    out.push(("flattened-pages", {
        let mut pages = vec![format!("1 {ORG} PROTOKOLL 1(3) {BODY} Sammanträdesdatum {DATE} Plats och tid Kommunhuset, Storby, kl. 13.00-15.30 Beslutande Eva Ek (S), ordförande Per Holm (C) Anna Berg (V) Utses att justera Per Holm (C) Paragrafer 12-16")];
        let mut page = String::new();
        for it in ITEMS {
            let case = it.case.map(|c| format!("Dnr {c} ")).unwrap_or_default();
            page += &format!("§ {} {}. {case}{} Beslut {} ", it.number, it.title, it.text, it.decision);
        }
        let half = page.len() / 2;
        let cut = page[half..].find("§ ").map_or(half, |i| half + i);
        pages.push(format!("2 {ORG} PROTOKOLL 2(3) {}", &page[..cut]));
        pages.push(format!("3 {ORG} PROTOKOLL 3(3) {}", &page[cut..]));
        pages.join("\n\n")
    }));
    // 7. Two columns: the marker in a margin column, title and case set apart by spaces.
    out.push(("two-columns", {
        let mut t = cover_labels();
        for it in ITEMS {
            t += &format!("§ {:<10}{}\n", it.number, it.title);
            if let Some(c) = it.case {
                t += &format!("            Dnr {c}\n");
            }
            t += &format!(
                "\n            {}\n\n            Beslut\n            {}\n\n",
                it.text, it.decision
            );
        }
        t
    }));
    // 8. The decision before the description, case number label in capitals.
    out.push(("decision-first", {
        let mut t = cover_labels();
        for it in ITEMS {
            t += &format!("§ {}\n{}\n", it.number, it.title);
            if let Some(c) = it.case {
                t += &format!("DNR {c}\n");
            }
            t += &format!(
                "\nKommunstyrelsens beslut\n{}\n\nÄrendebeskrivning\n{}\n\n",
                it.decision, it.text
            );
        }
        t
    }));
    // 9. A numbered agenda (`12.`), the case number after the title in parentheses.
    out.push(("numbered-agenda", {
        let mut t = format!("{ORG}\n{BODY}\nFöredragningslista\nDatum: {DATE}\n\n");
        for it in ITEMS {
            let case = it.case.map(|c| format!(" ({c})")).unwrap_or_default();
            t += &format!(
                "{}. {}{case}\n\nFörslag till beslut\n{}\n\n",
                it.number, it.title, it.decision
            );
        }
        t
    }));
    // 10. A table of contents with dot leaders and pages, then the paragraphs on pages.
    out.push(("contents-then-pages", {
        let mut toc = cover_labels() + "Innehållsförteckning\n";
        let mut pages = Vec::new();
        for (k, it) in ITEMS.iter().enumerate() {
            toc += &format!(
                "§ {} {} ........................ {}\n",
                it.number,
                it.title,
                k + 2
            );
            let case = it
                .case
                .map(|c| format!("Ärendenummer {c}\n"))
                .unwrap_or_default();
            pages.push(format!(
                "§ {} {}\n{case}\n{}",
                it.number,
                it.title,
                body_of(it)
            ));
        }
        let mut all = vec![toc];
        all.extend(pages);
        paged(all)
    }));
    // 11. `Punkt N:` items, and `Vårt dnr` labels.
    out.push(("punkt-items", {
        let mut t = format!("{ORG}\nProtokoll för {BODY}\nTid: {DATE} kl. 13.00\n\n");
        for it in ITEMS {
            t += &format!("Punkt {}: {}\n", it.number, it.title);
            if let Some(c) = it.case {
                t += &format!("Vårt dnr: {c}\n");
            }
            t += &format!("\n{}\n", body_of(it));
        }
        t
    }));
    // 12. Marker and case number on one line, set apart; the title on the next.
    out.push(("marker-and-case-one-line", {
        let mut t = cover_labels();
        for it in ITEMS {
            let case = it
                .case
                .map(|c| format!("        Dnr {}", c.replace(' ', "-")))
                .unwrap_or_default();
            t += &format!(
                "KS § {}{case}\n{}\n\n{}\n",
                it.number,
                it.title,
                body_of(it)
            );
        }
        t
    }));
    // 13. A dash between the number and the title, `Dnr.` with a full stop.
    out.push(("dash-separated-titles", {
        let mut t = cover_labels();
        for it in ITEMS {
            t += &format!("Ärende {} – {}\n", it.number, it.title);
            if let Some(c) = it.case {
                t += &format!("Dnr. {c}\n");
            }
            t += &format!("\n{}\n", body_of(it));
        }
        t
    }));
    // 14 and 15. Flattened pages whose items are marked without `§`: a prefix (`Kf 12`), or a
    // bare number inside the text.
    for (name, marker) in [
        ("flattened-prefixed", "Kf "),
        ("flattened-bare-numbers", ""),
    ] {
        out.push((name, {
            let mut page = String::new();
            for it in ITEMS {
                let case = it.case.map(|c| format!("Dnr {c} ")).unwrap_or_default();
                page += &format!("{marker}{} {}. {case}{} Beslut {} ", it.number, it.title, it.text, it.decision);
            }
            format!("1 {ORG} PROTOKOLL 1(2) {BODY} Sammanträdesdatum {DATE} Plats och tid Kommunhuset, Storby, kl. 13.00-15.30 Beslutande Eva Ek (S), ordförande Per Holm (C) Utses att justera Per Holm (C)\n\n2 {ORG} PROTOKOLL 2(2) {page}")
        }));
    }
    out
}

fn case_key(printed: &str) -> String {
    CaseNumber::parse(printed).map_or_else(
        || {
            printed
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        },
        |c| c.canonical.to_lowercase(),
    )
}

#[test]
fn every_house_style_gives_the_same_items_and_case_numbers() {
    let mut failures = Vec::new();
    let styles = styles();
    assert!(styles.len() >= 10);
    for (name, text) in &styles {
        let r = diarium::import::read_text(text);
        let got: Vec<(String, String, Vec<String>)> = r
            .items
            .iter()
            .map(|i| {
                (
                    i.number.to_string(),
                    i.title.clone(),
                    i.cases.iter().map(|c| case_key(c)).collect(),
                )
            })
            .collect();
        let want: Vec<(String, String, Vec<String>)> = ITEMS
            .iter()
            .map(|i| {
                (
                    i.number.to_string(),
                    i.title.to_string(),
                    i.case.iter().map(|c| case_key(c)).collect(),
                )
            })
            .collect();
        if !r.recognized || got != want {
            failures.push(format!("{name}:\n  want {want:?}\n  got  {got:?}"));
        }
        let h = &r.header;
        let facts = (
            h.organization.as_deref(),
            h.body.as_deref(),
            h.date.map(|d| d.to_string()),
        );
        if facts != (Some(ORG), Some(BODY), Some(DATE.to_string())) {
            failures.push(format!("{name}: meeting facts {facts:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} styles differ:\n{}",
        failures.len(),
        styles.len(),
        failures.join("\n")
    );
}

/// The constructed styles, written out for a look or for making PDFs of them
/// (`scripts/make_style_pdfs.sh`): `DIARIUM_WRITE_STYLES=dir cargo test --test import_house_styles`.
#[test]
fn styles_can_be_written_out() {
    let Some(dir) = std::env::var_os("DIARIUM_WRITE_STYLES") else {
        return;
    };
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text) in styles() {
        std::fs::write(std::path::Path::new(&dir).join(format!("{name}.txt")), text).unwrap();
    }
}
