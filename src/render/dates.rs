//! Dates as readers write them: `5 december 2024` in Swedish, `5 December 2024` in English,
//! with the ISO form beside for `<time datetime>` and machines.

use crate::calendar::{MONTHS_EN, MONTHS_SV};
use crate::config::Language;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DateView {
    pub iso: String,
    pub text: String,
    pub year: i32,
}

impl DateView {
    pub fn new(date: NaiveDate, lang: Language) -> DateView {
        let months = match lang {
            Language::Swedish => &MONTHS_SV,
            Language::English => &MONTHS_EN,
        };
        DateView {
            iso: date.format("%Y-%m-%d").to_string(),
            text: format!(
                "{} {} {}",
                date.day(),
                months[date.month0() as usize],
                date.year()
            ),
            year: date.year(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_and_english() {
        let d = NaiveDate::from_ymd_opt(2024, 12, 5).unwrap();
        assert_eq!(DateView::new(d, Language::Swedish).text, "5 december 2024");
        assert_eq!(DateView::new(d, Language::English).text, "5 December 2024");
        assert_eq!(DateView::new(d, Language::English).iso, "2024-12-05");
    }
}
