//! The finder on lines as minutes print them: labels in any case and spacing, lists,
//! truncated numbers, and look-alikes in running text that are not our case numbers.

use super::*;

/// The printed numbers found, `…` marking a truncated one.
fn printed(finds: &[Found]) -> Vec<String> {
    finds
        .iter()
        .map(|f| match f.truncated() {
            true => format!("{}…", f.printed),
            false => f.printed.clone(),
        })
        .collect()
}

fn labelled(line: &str) -> Vec<String> {
    printed(&find_labelled(line))
}

fn shaped(text: &str) -> Vec<String> {
    printed(&find_shaped(text))
}

#[test]
fn labels_in_any_case_and_spacing() {
    for (line, want) in [
        ("Dnr KS 2018/14", "KS 2018/14"),
        ("Dnr: KS 2018/14", "KS 2018/14"),
        ("DNR: 2019/45", "2019/45"),
        ("Dnr. 493-2019", "493-2019"),
        ("dnr 2016/123", "2016/123"),
        ("D nr 013 – 430 / 05", "013 – 430 / 05"),
        ("Diarienummer: 24RS11304", "24RS11304"),
        ("Diarienummer RS 2273-2024", "RS 2273-2024"),
        ("Diarienr 2.3.1-456/2021", "2.3.1-456/2021"),
        ("Diarie nr: 2.2.2/171-2013", "2.2.2/171-2013"),
        ("Ärendenummer: KS 2021/00456-1.2.3", "KS 2021/00456-1.2.3"),
        ("ÄRENDENR 2019:45", "2019:45"),
        ("Vårt dnr: SN 2019/0045", "SN 2019/0045"),
        ("Vår beteckning LS/4/2014", "LS/4/2014"),
        ("Beteckning: Ks 478/08", "Ks 478/08"),
        ("Dnr  :  KS2018/124", "KS2018/124"),
    ] {
        assert_eq!(labelled(line), [want], "{line}");
    }
}

#[test]
fn several_numbers_after_one_label() {
    assert_eq!(
        labelled("Dnr 7-742-2011 och 5-744-2011"),
        ["7-742-2011", "5-744-2011"]
    );
    assert_eq!(
        labelled("Diarienummer: 24RS9834, 24RS9256; RS 12-2024"),
        ["24RS9834", "24RS9256", "RS 12-2024"]
    );
    assert_eq!(
        labelled("Dnr KS 2018/14 samt KS 2018/15"),
        ["KS 2018/14", "KS 2018/15"]
    );
    // The list ends at the first thing that is not a number.
    assert_eq!(labelled("Dnr 2019/45 och beslut 2019"), ["2019/45"]);
}

#[test]
fn truncated_numbers_are_flagged() {
    assert_eq!(labelled("Dnr 2016/"), ["2016/…"]);
    assert_eq!(
        labelled("Dnr 2016/ Budget och ekonomisk uppföljning år"),
        ["2016/…"]
    );
    assert_eq!(labelled("Dnr 500/ Kommunstyrelsen beslutar"), ["500/…"]);
    assert_eq!(labelled("Dnr KS 2018/"), ["KS 2018/…"]);
    // A period after a whole number ends the sentence.
    assert_eq!(labelled("enligt dnr KS 2018/14."), ["KS 2018/14"]);
    // A dash after a space is punctuation, not a cut; so is a colon.
    assert_eq!(labelled("Dnr 2019/45 - Budget"), ["2019/45"]);
    assert_eq!(labelled("enligt dnr 2019/45: beslut"), ["2019/45"]);
}

#[test]
fn labels_in_flattened_lines() {
    let toc = "Ärendelista 26 Dnr KS 2018/14 Information... 3 27 Dnr KS 2018/124 Årsredovisning för Kramfors kommun 2017... 4 32 Dnr KS 2018/56 Svar på remiss (SOU 2017:114)... 18";
    assert_eq!(labelled(toc), ["KS 2018/14", "KS 2018/124", "KS 2018/56"]);
    let f = &find_labelled(toc)[0];
    assert_eq!(&toc[f.range.clone()], "KS 2018/14");
    assert_eq!(&toc[f.label.clone().unwrap()], "Dnr");
}

#[test]
fn labels_without_a_number_find_nothing() {
    for line in [
        "Tjänsteställe, handläggare Datum Dnr Sida",
        "Dnr",
        "Diarienummer:",
        "Er beteckning 2019/45",
        "Ert dnr: KS 2019/12",
        "Dnr Sida 3",
        "fastighetsbeteckning Örja 2:2",
        "Beteckning: Örja 2:2",
        "Ärende nr 5",
        "Dnr 1 200",
    ] {
        assert_eq!(labelled(line), Vec::<String>::new(), "{line}");
    }
}

#[test]
fn shapes_in_titles_and_running_text() {
    assert_eq!(
        shaped("Styrelsens ledning och samordning av förvaltningen 2014 (LS/4/2014) 4"),
        ["LS/4/2014"]
    );
    assert_eq!(shaped("  RS 269:1-2020"), ["RS 269:1-2020"]);
    assert_eq!(
        shaped("Tidigare beslut (RS 2124:1-2022)."),
        ["RS 2124:1-2022"]
    );
    assert_eq!(
        shaped("se 23HSN4083 och RV250029-3 samt KSN-2019-0123"),
        ["23HSN4083", "RV250029-3", "KSN-2019-0123"]
    );
    assert_eq!(
        shaped("Ks 2018/14 och BUN 2020/7"),
        ["Ks 2018/14", "BUN 2020/7"]
    );
}

#[test]
fn look_alikes_in_running_text_are_not_shaped() {
    for text in [
        "Motion nr 11-2020 från Nicklas Sandström (M)",
        "Svar på remiss reboot (SOU 2017:114)",
        "enligt förordning EU 2016/679",
        "fastigheterna Örja 2:2 och 30:2",
        "VA 104/11-105/11 att fastställa",
        "Va 35 och Sn 50 Au 84",
        "Ks 478/ Optionsavtal",
        "Dnr 2016/ Budget",
        "beslut 493-2019 och 2016/123",
        "Plan 2019-2022",
        "Verksamhetsplan 2019-2022",
        "KF 2019-03-06 § 45",
        "kl 09.00-11.00",
        "Paragrafer 26 -- 38",
        "SDN 5/2013-03-21",
        "KS 2018/14abc",
        "ISO 9001:2015",
        "enligt ISO/IEC 27002:2022 och HSLF-FS 2016:40",
        "telefon 010-123 45 67",
    ] {
        assert_eq!(shaped(text), Vec::<String>::new(), "{text}");
    }
}

#[test]
fn whole_lines() {
    assert!(is_case_line("RS 2273-2024"));
    assert!(is_case_line("  RS 269:1-2020  "));
    assert!(is_case_line("RS 2273-2024, RS 2274-2024"));
    assert!(!is_case_line("RS 2273-2024 Budget"));
    assert!(!is_case_line("Dnr KS 2018/14"));
    assert!(!is_case_line("493-2019"));
    assert!(is_labelled_line("Dnr KS 2018/14"));
    assert!(is_labelled_line("Diarienummer: 24RS9834, 24RS9256"));
    assert!(!is_labelled_line("Dnr 2016/"));
    assert!(!is_labelled_line("Dnr KS 2018/14 Information"));
}

#[test]
fn label_lines() {
    let l = label_line("Diarienummer: 24RS9834, 24RS9256").unwrap();
    assert_eq!((l.label.as_str(), l.whole), ("Diarienummer", true));
    assert_eq!(printed(&l.found), ["24RS9834", "24RS9256"]);
    let l = label_line("Dnr KS 2018/14 Information").unwrap();
    assert_eq!((l.label.as_str(), l.whole), ("Dnr", false));
    assert!(label_line("Ärendet Dnr KS 2018/14").is_none());
    assert!(!label_line("Dnr 2016/").unwrap().whole);
}

#[test]
fn label_above_its_value() {
    let l = label_above("Diarienummer", "KS 2018/14").unwrap();
    assert_eq!(
        (l.label.as_str(), printed(&l.found)),
        ("Diarienummer", vec!["KS 2018/14".to_string()])
    );
    assert!(label_above("Dnr:", "2019/45, 2019/46").is_some());
    assert!(label_above("Diarienummer", "KS 2018/14 Information").is_none());
    assert!(label_above("Ert dnr", "KS 2018/14").is_none());
    assert!(label_above("Datum Dnr", "2019/45").is_none());
    assert!(label_above("Dnr", "2016/").is_none());
}

#[test]
fn cases_in_titles() {
    for (title, kept, want) in [
        ("Ansökan (RV250363)", "Ansökan ", vec!["RV250363"]),
        (
            "Uppföljning 2014 (LS/4/2014)",
            "Uppföljning 2014 ",
            vec!["LS/4/2014"],
        ),
        ("Budget (Dnr 2019/45)", "Budget ", vec!["2019/45"]),
        (
            "Avtal (RV250337, RV250338)",
            "Avtal ",
            vec!["RV250337", "RV250338"],
        ),
        (
            "Information Dnr KS 2018/14",
            "Information ",
            vec!["KS 2018/14"],
        ),
        (
            "Dnr KS 2018/14 Information",
            " Information",
            vec!["KS 2018/14"],
        ),
    ] {
        let (cut, finds) = in_title(title).unwrap_or_else(|| panic!("{title}"));
        let mut rest = title.to_string();
        rest.replace_range(cut, "");
        assert_eq!(
            (rest.as_str(), printed(&finds)),
            (kept, want.iter().map(|s| s.to_string()).collect()),
            "{title}"
        );
    }
    for title in [
        "Plan (2019-2022)",
        "Vaccination (Covid19)",
        "Budget (SOU 2017:114)",
        "Budget Dnr 2016/",
        "Dnr 2016/ Budget",
        "Motion (nr 11-2020)",
        "Budget 2019-2022",
        "Svar på remiss (SOU 2017:114)",
        "Remiss om ändring i HSLF-FS 2016:40",
    ] {
        assert_eq!(in_title(title), None, "{title}");
    }
}

/// The importer takes case numbers through this finder: labelled lines, titles, case lines.
mod importer {
    use crate::import::{parse_text, sidecar::Overrides};

    #[test]
    fn case_numbers_in_every_grammar_reach_the_front_matter() {
        let text = "§ 12 Information\nDnr KS 2018/14\n\nText.\n\n\
            § 13 Budget\nDNR: 2019/45\n\nText.\n\n\
            § 14 Klassificering\nDiarienr 2.3.1-456/2021, 2.3.1-457/2021\n\nText.\n\n\
            § 15 Uppföljning av internkontroll 2014 (LS/4/2014)\n\nText.\n\n\
            § 16 Val\nKS 2018/16\n\nText.\n\n\
            § 17 Budget\nDnr 2016/ Budget och ekonomisk uppföljning\n\nText.\n\n\
            § 18 Dnr KS 2018/18\nInformation om bolagen\n\nText.\n\n\
            § 19 Ansökan om bidrag KS 2018/19\n\nText.\n\n\
            § 20 Avtal\n\nHandläggare: Anna Berg\nDiarienummer\nKS 2018/20\n\nText.\n";
        let given = Overrides {
            organization: Some("Exempel kommun".into()),
            body: Some("Kommunstyrelsen".into()),
            date: "2018-03-06".parse().ok(),
            ..Overrides::default()
        };
        let doc = parse_text(text, &given).unwrap_or_else(|e| panic!("{e:?}"));
        let cases: Vec<(String, Vec<String>)> = doc
            .items
            .iter()
            .map(|i| (i.meta.title.clone(), i.meta.cases.to_vec()))
            .collect();
        let want = [
            ("Information", vec!["KS 2018/14"]),
            ("Budget", vec!["2019/45"]),
            ("Klassificering", vec!["2.3.1-456/2021", "2.3.1-457/2021"]),
            ("Uppföljning av internkontroll 2014", vec!["LS/4/2014"]),
            ("Val", vec!["KS 2018/16"]),
            ("Budget", vec![]),
            ("Information om bolagen", vec!["KS 2018/18"]),
            ("Ansökan om bidrag", vec!["KS 2018/19"]),
            ("Avtal", vec!["KS 2018/20"]),
        ];
        let want: Vec<(String, Vec<String>)> = want
            .iter()
            .map(|(t, c)| (t.to_string(), c.iter().map(|c| c.to_string()).collect()))
            .collect();
        assert_eq!(cases, want);
        assert!(
            doc.items[5].body.contains("Dnr 2016/ Budget"),
            "{}",
            doc.items[5].body
        );
        assert!(!doc.items[0].body.contains("Dnr"), "{}", doc.items[0].body);
    }
}

#[test]
fn other_registers_labels() {
    for line in [
        "Ärendebeteckning: KS 2024/456",
        "Registreringsnummer KS 2024/456",
        "Reg.nr KS 2024/456",
    ] {
        let found = find_labelled(line);
        assert_eq!(
            found.iter().map(|f| f.printed.as_str()).collect::<Vec<_>>(),
            ["KS 2024/456"],
            "{line}"
        );
    }
}
