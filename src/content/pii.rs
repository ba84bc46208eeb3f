//! Personal identity numbers must never reach `public/`. This finds Swedish personnummer and
//! samordningsnummer in a file's text, checked by their date and control digit, so that case
//! numbers, dates and organisation numbers are not mistaken for them.
//!
//! ```text
//! 850709-9805        YYMMDD-NNNN      (the usual printed form)
//! 19850709-9805      YYYYMMDD-NNNN
//! 850709+9805        `+`: the person is 100 years or older
//! 850709–9805        any dash PDF extraction gives: en dash, minus sign, non-breaking hyphen
//! 850709 9805        a space (plain, no-break, thin, narrow) instead of the dash, or around it
//! 8507099805         ten or twelve digits without a separator
//! 850769-9806        samordningsnummer: the day plus 60
//! ```
//!
//! The last of the four final digits is the Luhn control digit over the ten digits
//! YYMMDDNNN. `RS 2273-2024`, `2024-11-20` and `212000-2627` (an organisation number: month
//! 20 or more) do not match. Neither does a number written in spaced groups (`811218 9876 54`,
//! an account number), nor ten digits starting with 0 after a word such as `tel` (a phone
//! number: `tel 0701234567`).

use crate::diag::Diagnostic;
use std::path::Path;

/// One number found: byte offsets in the text and which kind it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Personnummer,
    Samordningsnummer,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Personnummer => "personnummer",
            Kind::Samordningsnummer => "samordningsnummer",
        }
    }
}

/// The dashes that stand between the date and the last four digits, as typed or as PDF
/// extraction gives them; `+` marks the over-hundreds.
const DASHES: [char; 8] = [
    '-', '+', '\u{2010}', '\u{2011}', '\u{2012}', '\u{2013}', '\u{2014}', '\u{2212}',
];

/// Spaces that stand instead of the dash or around it: plain, no-break, figure, thin,
/// narrow no-break.
const SPACES: [char; 5] = [' ', '\u{a0}', '\u{2007}', '\u{2009}', '\u{202f}'];

/// Words after which ten digits starting with 0 are a phone number.
const PHONE_WORDS: [&str; 7] = ["tel", "tfn", "telefon", "mobil", "fax", "växel", "sms"];

/// Every identity number in `text`.
pub fn find(text: &str) -> Vec<Finding> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let starts_word =
            bytes[i].is_ascii_digit() && !text[..i].chars().next_back().is_some_and(is_word_char);
        match starts_word.then(|| candidate(text, i)).flatten() {
            Some(f) => {
                i = f.end;
                out.push(f);
            }
            None => i += 1,
        }
    }
    out
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// A number starting at `start` (the first digit of a digit run).
fn candidate(text: &str, start: usize) -> Option<Finding> {
    let bytes = text.as_bytes();
    let run = digit_run(&bytes[start..]);
    let after = start + run;
    let (digits, end) = match (run, separator(text, after)) {
        (6 | 8, Some(sep)) => {
            let tail = after + sep.len;
            if sep.spaces_only && in_spaced_groups(text, start, tail + 4) {
                return None;
            }
            let mut d = bytes[start..after].to_vec();
            d.extend_from_slice(&bytes[tail..tail + 4]);
            (d, tail + 4)
        }
        (10, None) if bytes[start] == b'0' && after_phone_word(text, start) => return None,
        (10 | 12, None) => (bytes[start..after].to_vec(), after),
        _ => return None,
    };
    let rest = &text[end..];
    let next = rest.chars().next();
    if next.is_some_and(is_word_char)
        || (next.is_some_and(|c| DASHES.contains(&c))
            && rest[next.map_or(0, char::len_utf8)..].starts_with(|c: char| c.is_ascii_digit()))
    {
        return None;
    }
    let kind = check(&digits)?;
    Some(Finding { start, end, kind })
}

fn digit_run(bytes: &[u8]) -> usize {
    bytes.iter().take_while(|b| b.is_ascii_digit()).count()
}

/// What stands between the date and the last four digits.
struct Separator {
    /// Bytes up to the first of the four digits.
    len: usize,
    /// Spaces without a dash: then a number in spaced groups is not one.
    spaces_only: bool,
}

/// A separator at `at` followed by exactly four digits: a dash with at most two spaces on
/// either side, or one or two spaces.
fn separator(text: &str, at: usize) -> Option<Separator> {
    let rest = &text[at..];
    // (bytes, count) of the spaces that open `s`, counting up to three.
    let spaces = |s: &str| {
        s.chars()
            .take_while(|c| SPACES.contains(c))
            .take(3)
            .fold((0, 0), |(len, n), c| (len + c.len_utf8(), n + 1))
    };
    let (len_before, before) = spaces(rest);
    let dash = rest[len_before..]
        .chars()
        .next()
        .filter(|c| DASHES.contains(c));
    let (len, fits) = match dash {
        Some(dash) => {
            let at_digits = len_before + dash.len_utf8();
            let (len_after, after) = spaces(&rest[at_digits..]);
            (at_digits + len_after, before <= 2 && after <= 2)
        }
        None => (len_before, (1..=2).contains(&before)),
    };
    (fits && digit_run(&rest.as_bytes()[len..]) == 4).then_some(Separator {
        len,
        spaces_only: dash.is_none(),
    })
}

/// Whether the digits `start..end` are part of a longer number written in spaced groups:
/// a group of digits just before or after them, across one space.
fn in_spaced_groups(text: &str, start: usize, end: usize) -> bool {
    let mut before = text[..start].chars().rev();
    let mut after = text[end..].chars();
    let grouped = |first: Option<char>, second: Option<char>| {
        first.is_some_and(|c| SPACES.contains(&c)) && second.is_some_and(|c| c.is_ascii_digit())
    };
    grouped(before.next(), before.next()) || grouped(after.next(), after.next())
}

/// Whether a phone word stands just before `start`, on the same line (`tel. 070…`,
/// `Telefon: 070…`).
fn after_phone_word(text: &str, start: usize) -> bool {
    let line = &text[text[..start].rfind('\n').map_or(0, |i| i + 1)..start];
    let words: Vec<String> = line
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words
        .last()
        .is_some_and(|w| PHONE_WORDS.iter().any(|p| w.starts_with(p)))
}

/// The kind of a 10- or 12-digit number (ASCII digits) when its date and control digit hold.
fn check(digits: &[u8]) -> Option<Kind> {
    let d: Vec<u32> = digits.iter().map(|b| u32::from(b - b'0')).collect();
    let ten = match d.len() {
        12 if matches!(d[0] * 10 + d[1], 18..=20) => &d[2..],
        10 => &d[..],
        _ => return None,
    };
    let month = ten[2] * 10 + ten[3];
    let day = ten[4] * 10 + ten[5];
    let (kind, day) = if day > 60 {
        (Kind::Samordningsnummer, day - 60)
    } else {
        (Kind::Personnummer, day)
    };
    let full_year = match d.len() {
        12 => Some((d[0] * 1000 + d[1] * 100 + d[2] * 10 + d[3]) as i32),
        _ => None,
    };
    if !valid_date(full_year, month, day) || !luhn(ten) {
        return None;
    }
    Some(kind)
}

fn valid_date(year: Option<i32>, month: u32, day: u32) -> bool {
    if !(1..=12).contains(&month) || day == 0 {
        return false;
    }
    match year {
        Some(y) => chrono::NaiveDate::from_ymd_opt(y, month, day).is_some(),
        // Without the century a 29 February may be valid; allow it.
        None => day <= [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month as usize - 1],
    }
}

/// The Luhn check over ten digits, the last being the control digit.
fn luhn(ten: &[u32]) -> bool {
    let sum: u32 = ten
        .iter()
        .enumerate()
        .map(|(i, &x)| {
            let v = if i % 2 == 0 { x * 2 } else { x };
            v / 10 + v % 10
        })
        .sum();
    sum.is_multiple_of(10)
}

/// Diagnostics for every identity number in a file's text, at its line and column.
pub fn diagnostics(path: &Path, text: &str, as_error: bool) -> Vec<Diagnostic> {
    find(text)
        .into_iter()
        .map(|f| {
            let (line, col) = crate::diag::line_col(text, f.start);
            let message = format!(
                "a {} ({}) must not be published",
                f.kind.name(),
                mask(&text[f.start..f.end])
            );
            let d = if as_error {
                Diagnostic::error(path, message)
            } else {
                Diagnostic::warning(path, message)
            };
            d.at(line, col).hint(
                "remove the number or mask it (e.g. 850709-XXXX); the public archive must not \
                 carry identity numbers",
            )
        })
        .collect()
}

/// The number with its last four digits hidden, so the message itself does not leak it.
fn mask(number: &str) -> String {
    let keep = number.len().saturating_sub(4);
    format!("{}XXXX", &number[..keep])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Kind> {
        find(text).into_iter().map(|f| f.kind).collect()
    }

    #[test]
    fn short_form_with_dash() {
        let f = find("Sökande 850709-9805 har");
        assert_eq!(f.len(), 1);
        assert_eq!((f[0].start, f[0].end), (9, 20));
        assert_eq!(f[0].kind, Kind::Personnummer);
    }

    #[test]
    fn long_form_with_dash() {
        assert_eq!(kinds("pnr 19850709-9805."), [Kind::Personnummer]);
    }

    #[test]
    fn plus_for_centenarians() {
        assert_eq!(kinds("(850709+9805)"), [Kind::Personnummer]);
    }

    #[test]
    fn without_separator() {
        assert_eq!(kinds("8507099805"), [Kind::Personnummer]);
        assert_eq!(kinds("198507099805"), [Kind::Personnummer]);
    }

    #[test]
    fn samordningsnummer_day_plus_sixty() {
        assert_eq!(kinds("850769-9802"), [Kind::Samordningsnummer]);
    }

    #[test]
    fn wrong_control_digit_is_not_a_number() {
        assert!(find("850709-9806").is_empty());
    }

    #[test]
    fn case_numbers_dates_and_organisation_numbers_are_not_numbers() {
        for text in [
            "RS 2273-2024",
            "RS2273-2024",
            "24RS11304",
            "RV250029-3",
            "2024-11-20",
            "2024-11-20 § 101",
            "212000-2627",
            "Dnr 1234567-2024",
            "tel 070-123 45 67",
            "850709-98051",
            "A850709-9805",
            "850709-9805-1",
        ] {
            assert!(find(text).is_empty(), "{text}");
        }
    }

    /// Every form PDF extraction and typing give (issue 13, point 4): each must be caught.
    #[test]
    fn personnummer_with_any_separator_is_caught() {
        let variants = [
            "811218-9876",
            "811218\u{2013}9876",
            "811218\u{2014}9876",
            "811218\u{2212}9876",
            "811218\u{2011}9876",
            "811218\u{2010}9876",
            "811218\u{2012}9876",
            "811218 9876",
            "811218\u{a0}9876",
            "811218\u{202f}9876",
            "811218\u{2009}9876",
            "811218\u{2007}9876",
            "811218  9876",
            "811218 - 9876",
            "811218 \u{2013} 9876",
            "811218\u{a0}\u{2013}\u{a0}9876",
            "811218- 9876",
            "811218 -9876",
            "811218+9876",
            "811218 + 9876",
            "8112189876",
            "19811218-9876",
            "19811218\u{2013}9876",
            "19811218 9876",
            "19811218\u{a0}9876",
            "198112189876",
            "811278-9873",
            "811278\u{2013}9873",
            "811278 9873",
            "000229\u{2013}1235",
        ];
        assert_eq!(variants.len(), 30);
        for v in variants {
            for text in [
                v.to_string(),
                format!("Sökande ({v}), bor i Västerås."),
                format!("pnr:{v}."),
            ] {
                let found = find(&text);
                assert_eq!(found.len(), 1, "not caught: {text:?}");
                assert!(text[found[0].start..found[0].end].ends_with(&v[v.len() - 4..]));
            }
        }
    }

    /// What looks like one but is not (issue 13, point 4): none may be flagged.
    #[test]
    fn look_alikes_are_not_flagged() {
        let look_alikes = [
            "RS 2273-2024",
            "RS 2273\u{2013}2024",
            "RS2273-2024",
            "Dnr 1234567-2024",
            "KS 2024/811218",
            "RV250029-3",
            "2024-11-20",
            "2024\u{2013}11\u{2013}20",
            "20241120",
            "den 18 december 1981",
            "212000-2411",
            "212000\u{2013}2411",
            "212000 2411",
            "16212000-2411",
            "556677-8899",
            "070-123 45 67",
            "0701-234567",
            "tel 0701234569",
            "Telefon: 0812189876",
            "mobil 0702112236",
            "08-123 456 78",
            "+46 70 123 45 67",
            "811218-9877",
            "811218 9876 54",
            "12 811218 9876",
            "SE45 5000 0000 0583 9825 7466",
            "5050-1055",
            "811218-98761",
            "811218-9876-1",
            "x811218-9876",
        ];
        assert_eq!(look_alikes.len(), 30);
        for text in look_alikes {
            assert!(find(text).is_empty(), "flagged: {text:?}");
        }
        // The phone numbers above would pass the date and control digit on their own.
        for text in ["0701234569", "0812189876", "0702112236"] {
            assert_eq!(find(text).len(), 1, "{text}");
        }
    }

    #[test]
    fn every_number_in_a_text_is_found() {
        let text = "A 811218-9876, B 850709\u{2013}9805\nC 19811218 9876 och 850769-9802.";
        assert_eq!(find(text).len(), 4);
        let d = diagnostics(Path::new("a.md"), text, true);
        let at: Vec<(usize, usize)> = d.iter().map(|d| (d.line, d.col)).collect();
        assert_eq!(at, [(1, 3), (1, 18), (2, 3), (2, 21)]);
        assert!(
            d[1].message.contains("(850709\u{2013}XXXX)"),
            "{}",
            d[1].message
        );
    }

    #[test]
    fn invalid_dates_are_not_numbers() {
        // 31 April, month 13; both with a valid control digit.
        assert!(find("850431-9800").is_empty());
        assert!(find("851309-9807").is_empty());
    }

    #[test]
    fn diagnostic_names_line_and_column_and_masks_the_number() {
        let d = diagnostics(Path::new("a.md"), "---\nx: 1\n---\nHej 850709-9805\n", true);
        assert_eq!(d.len(), 1);
        assert_eq!(
            d[0].to_string().lines().next().unwrap(),
            "a.md:4:5: error: a personnummer (850709-XXXX) must not be published"
        );
    }
}
