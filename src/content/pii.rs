//! Personal identity numbers must never reach `public/`. This finds Swedish personnummer and
//! samordningsnummer in a file's text, checked by their date and control digit, so that case
//! numbers, dates and organisation numbers are not mistaken for them.
//!
//! ```text
//! 850709-9805        YYMMDD-NNNN      (the usual printed form)
//! 19850709-9805      YYYYMMDD-NNNN
//! 850709+9805        `+`: the person is 100 years or older
//! 8507099805         ten or twelve digits without a separator
//! 850769-9806        samordningsnummer: the day plus 60
//! ```
//!
//! The last of the four final digits is the Luhn control digit over the ten digits
//! YYMMDDNNN. `RS 2273-2024`, `2024-11-20` and `212000-2627` (an organisation number: month
//! 20 or more) do not match.

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

/// Every identity number in `text`.
pub fn find(text: &str) -> Vec<Finding> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() || (i > 0 && is_word_byte(bytes[i - 1])) {
            i += 1;
            continue;
        }
        match candidate(bytes, i) {
            Some(f) => {
                i = f.end;
                out.push(f);
            }
            None => i += 1,
        }
    }
    out
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// A number starting at `start` (the first digit of a digit run).
fn candidate(bytes: &[u8], start: usize) -> Option<Finding> {
    let run = bytes[start..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    let after = start + run;
    let separated = matches!(bytes.get(after), Some(b'-' | b'+'))
        && bytes[after + 1..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
            == 4;
    let (digits, end) = match (run, separated) {
        (6 | 8, true) => {
            let mut d = bytes[start..after].to_vec();
            d.extend_from_slice(&bytes[after + 1..after + 5]);
            (d, after + 5)
        }
        (10 | 12, false) => (bytes[start..after].to_vec(), after),
        _ => return None,
    };
    if bytes.get(end).is_some_and(|b| is_word_byte(*b))
        || (matches!(bytes.get(end), Some(b'-'))
            && bytes.get(end + 1).is_some_and(u8::is_ascii_digit))
    {
        return None;
    }
    let kind = check(&digits)?;
    Some(Finding { start, end, kind })
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
            let (line, col) = crate::config::line_col(text, f.start);
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
