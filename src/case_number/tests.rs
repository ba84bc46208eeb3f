//! The grammar of `case_number`, shape by shape: every printed variant folds into one
//! canonical spelling, the canonical spelling parses to itself, and look-alikes do not parse.

use super::*;

fn canon(s: &str) -> (String, Option<String>) {
    let c = CaseNumber::parse(s).unwrap_or_else(|| panic!("{s} should parse"));
    (c.canonical, c.document)
}

fn shape(s: &str) -> Shape {
    parse_shaped(s)
        .unwrap_or_else(|| panic!("{s} should parse"))
        .1
}

/// Every variant is the case `expected` without a document, and `expected` is stable.
fn folds(variants: &[&str], expected: &str) {
    for s in variants {
        assert_eq!(canon(s), (expected.to_string(), None), "{s}");
    }
    assert_eq!(
        canon(expected),
        (expected.to_string(), None),
        "canonical {expected}"
    );
}

#[test]
fn printed_variants_fold_together() {
    folds(
        &[
            "RS 2273-2024",
            "RS 2273–2024",
            "RS2273-2024",
            "rs 2273 - 2024",
            "RS 2273 — 2024",
        ],
        "RS 2273-2024",
    );
    assert_eq!(
        CaseNumber::parse("RS 2273-2024").unwrap().slug(),
        "rs-2273-2024"
    );
}

#[test]
fn document_suffixes_belong_to_their_case() {
    assert_eq!(canon("RV250029-3"), ("RV250029".into(), Some("3".into())));
    assert_eq!(canon("FDS250030-2"), ("FDS250030".into(), Some("2".into())));
    assert_eq!(
        canon("RS 2124:1-2022"),
        ("RS 2124-2022".into(), Some("1".into()))
    );
    assert_eq!(
        canon("RS 269:1-2020"),
        ("RS 269-2020".into(), Some("1".into()))
    );
    assert_eq!(
        canon("KS 2018/00014-3"),
        ("KS 2018/14".into(), Some("3".into()))
    );
    assert_eq!(
        canon("RS 2273-2024-3"),
        ("RS 2273-2024".into(), Some("3".into()))
    );
}

#[test]
fn compact_numbers() {
    assert_eq!(canon("24RS11304"), ("24RS11304".into(), None));
    assert_eq!(canon("23HSN4083"), ("23HSN4083".into(), None));
    assert_eq!(canon("RV 250246"), ("RV250246".into(), None));
    assert_eq!(CaseNumber::parse("24RS11304").unwrap().slug(), "24rs11304");
    assert_eq!(CaseNumber::parse("RV250246").unwrap().slug(), "rv250246");
    assert_eq!(shape("RV250029-3"), Shape::Compact);
}

#[test]
fn prefix_year_serial() {
    folds(
        &[
            "KS 2018/14",
            "KS2018/14",
            "Ks 2018/14",
            "ks 2018/14",
            "KS 2018:14",
            "KS 2018.14",
            "KS 2018-14",
            "KS 2018 / 14",
            "KS/2018/14",
            "KS-2018-14",
            "KS.2018.14",
            "KS 2018/0014",
            "KS 2018/00014",
        ],
        "KS 2018/14",
    );
    folds(&["KS2018/124", "KS 2018/124"], "KS 2018/124");
    folds(&["SN 2019/0045", "SN 2019/45", "Sn 2019-045"], "SN 2019/45");
    folds(&["KSN-2019-0123", "KSN 2019/123"], "KSN 2019/123");
    folds(&["BUN 2020/7", "Bun 2020-07"], "BUN 2020/7");
    folds(&["MBN 2020:7"], "MBN 2020/7");
    folds(&["RS 2019-0834"], "RS 2019/834");
    folds(&["ON 2021/3", "On 2021/3"], "ON 2021/3");
    assert_eq!(shape("KS 2018/14"), Shape::Prefixed);
    assert_eq!(
        CaseNumber::parse("KS 2018/14").unwrap().slug(),
        "ks-2018-14"
    );
}

#[test]
fn prefix_serial_year() {
    folds(
        &[
            "LS/4/2014",
            "LS 4/2014",
            "LS 4-2014",
            "ls/4/2014",
            "LS 0004/2014",
        ],
        "LS 4-2014",
    );
    folds(&["RS 1234-2019", "RS 1234/2019"], "RS 1234-2019");
    folds(&["SN-2017/104"], "SN 2017/104");
    assert_eq!(shape("LS/4/2014"), Shape::Prefixed);
    assert_eq!(CaseNumber::parse("LS/4/2014").unwrap().slug(), "ls-4-2014");
}

#[test]
fn printed_order_is_kept() {
    assert_eq!(canon("KS 2018/14").0, "KS 2018/14");
    assert_eq!(canon("KS 14/2018").0, "KS 14-2018");
    // Both groups are years: the last is the year, as in the seeds' `RS 2273-2024`.
    assert_eq!(canon("KS 2018/2019").0, "KS 2018-2019");
    assert_eq!(canon("KS 2018-2019").0, "KS 2018-2019");
}

#[test]
fn bare_pairs() {
    folds(
        &["493-2019", "493 – 2019", "493/2019", "0493-2019"],
        "493-2019",
    );
    folds(&["123/2016"], "123-2016");
    folds(&["2016/123", "2016-0123", "2016:123"], "2016/123");
    folds(&["2019/45", "2019/0045"], "2019/45");
    assert_eq!(shape("493-2019"), Shape::Bare);
    assert_eq!(shape("2016/123"), Shape::Bare);
}

#[test]
fn classification_codes() {
    folds(
        &[
            "2.3.1-456/2021",
            "2.3.1 - 456/2021",
            "2.3.1-0456/2021",
            "2.3.1/456-2021",
        ],
        "2.3.1-456/2021",
    );
    folds(&["2.2.2/171-2013"], "2.2.2-171/2013");
    folds(&["2.1/1216-2011"], "2.1-1216/2011");
    folds(&["1.6-216/2013"], "1.6-216/2013");
    folds(&["1.5.3-219-2012"], "1.5.3-219/2012");
    folds(&["7-742-2011", "7-742/2011"], "7-742/2011");
    folds(&["316-259/2012"], "316-259/2012");
    folds(
        &["KS 2021/00456-1.2.3", "KS 2021/456-1.2.3"],
        "KS 2021/456-1.2.3",
    );
    folds(&["SBN 2.3.1-456/2021"], "SBN 2.3.1-456/2021");
    assert_eq!(shape("2.3.1-456/2021"), Shape::Bare);
    assert_eq!(shape("KS 2021/00456-1.2.3"), Shape::Prefixed);
    assert_eq!(
        CaseNumber::parse("2.3.1-456/2021").unwrap().slug(),
        "2-3-1-456-2021"
    );
}

#[test]
fn two_digit_years() {
    folds(&["Ks 478/08", "KS 478 / 08"], "KS 478/08");
    folds(&["0456/19"], "0456/19");
    folds(&["002 – 443 / 05", "002-443/05"], "002-443/05");
    assert_eq!(canon("KS 18/14").0, "KS 18/14");
    assert_eq!(shape("Ks 478/08"), Shape::ShortYear);
    assert_eq!(shape("0456/19"), Shape::ShortYear);
    // After `-`, a two-digit group is a document of a compact number, as `RV250029-3`.
    assert_eq!(shape("KS 478-08"), Shape::Compact);
}

#[test]
fn not_case_numbers() {
    for s in [
        "",
        "§ 229",
        "§ 12",
        "2024",
        "Regionstyrelsen",
        "RS",
        "../etc",
        // truncated
        "2016/",
        "Ks 478/",
        "Dnr 2016/",
        "KS 2018/",
        "/2018",
        // dates and times
        "2018-03-06",
        "2018/03/06",
        "2018.03.06",
        "09.00-11.00",
        "09.00",
        "kl 13.00",
        // digit groups split by spaces: amounts, phone numbers
        "1 200/2018",
        "010-123 45 67",
        "0921-123456",
        "08-508 10 034",
        // other series and words
        "SOU 2017:114",
        "Prop. 2018/19:1",
        "SFS 2017:725",
        "Ds 2019:12",
        "ISO 9001:2015",
        "IEC 27002:2022",
        "FS 2016:40",
        "SOSFS 2011:9",
        "AFS 2001:1",
        "EU 2016/679",
        "nr 11-2020",
        "Motion nr 11-2020",
        "mål nr 1234-15",
        "Dnr KS 2018/14",
        // property designations and paragraph ranges
        "Örja 2:2",
        "Örja 30:2",
        "26 -- 38",
        "SDN 5/2013-03-21",
        "VA 104/11-105/11",
        // four groups, long groups
        "1-2-3-2019",
        "KS 2018/1234567",
        "Verksamhetsplan 2019-2022",
    ] {
        assert_eq!(CaseNumber::parse(s), None, "{s}");
    }
}

#[test]
fn canonical_spellings_parse_to_themselves() {
    for s in [
        "RS 2273-2024",
        "RS 2124:1-2022",
        "24RS11304",
        "RV250029-3",
        "KS 2018/0014",
        "LS/4/2014",
        "2.2.2/171-2013",
        "002 – 443 / 05",
        "KS 2021/00456-1.2.3",
        "KS 2018/00014-3",
        "123/2016",
        // found by fuzzing: an unpadded serial that reads as a year
        "KS 2022/02021",
        "KS 2022/02021-3",
        "KS 2022/02021-1.2",
    ] {
        let c = CaseNumber::parse(s).unwrap();
        let again = CaseNumber::parse(&c.canonical).unwrap();
        assert_eq!(again.canonical, c.canonical, "{s}");
    }
}
