//! Legislative terms (mandatperioder) of Swedish municipal and regional councils, computed
//! from the law rather than configured: every council is elected together, for four years
//! since the 1994 election, so one rule covers every organization of the archive.
//!
//! A term runs from the 15th of October of the election year (kommunallagen (2017:725)
//! 5 kap. 5 §, as since the 2014 election) and before that from the 1st of November (the
//! 1991 kommunallag), to the day before the next term begins.

use chrono::{Datelike, NaiveDate};

/// The first election whose term the rule covers; earlier terms were three years long.
const FIRST_ELECTION: i32 = 1994;

/// One mandate period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    pub election: i32,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Term {
    /// `Mandatperioden 2022–2026`.
    pub fn name(&self) -> String {
        format!("Mandatperioden {}–{}", self.election, self.election + 4)
    }

    /// `2022-2026`: what names the term in ids.
    pub fn slug(&self) -> String {
        format!("{}-{}", self.election, self.election + 4)
    }
}

fn start_of(election: i32) -> NaiveDate {
    let (month, day) = if election >= 2014 { (10, 15) } else { (11, 1) };
    NaiveDate::from_ymd_opt(election, month, day).expect("a real date")
}

fn term(election: i32) -> Term {
    Term {
        election,
        start: start_of(election),
        end: start_of(election + 4).pred_opt().expect("a real date"),
    }
}

/// The term `date` falls in, if the rule covers it.
pub fn of(date: NaiveDate) -> Option<Term> {
    if date < start_of(FIRST_ELECTION) {
        return None;
    }
    let years_since = date.year() - FIRST_ELECTION;
    let election = FIRST_ELECTION + years_since - years_since.rem_euclid(4);
    // Before this year's term begins, the day belongs to the term before.
    Some(if date < start_of(election) {
        term(election - 4)
    } else {
        term(election)
    })
}

/// Every term from the one of `first` to the one of `last`, oldest first.
pub fn between(first: NaiveDate, last: NaiveDate) -> Vec<Term> {
    let Some(last) = of(last) else {
        return Vec::new();
    };
    let from = of(first).map_or(FIRST_ELECTION, |t| t.election);
    (from..=last.election).step_by(4).map(term).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_term_begins_on_the_15th_of_october_since_2014_and_the_1st_of_november_before() {
        let t = of(d("2024-12-03")).unwrap();
        assert_eq!((t.start, t.end), (d("2022-10-15"), d("2026-10-14")));
        assert_eq!(t.name(), "Mandatperioden 2022–2026");
        assert_eq!(of(d("2022-10-14")).unwrap().election, 2018);
        assert_eq!(of(d("2022-10-15")).unwrap().election, 2022);
        let t = of(d("2014-10-14")).unwrap();
        assert_eq!(
            (t.election, t.start, t.end),
            (2010, d("2010-11-01"), d("2014-10-14"))
        );
        assert_eq!(of(d("2010-10-31")).unwrap().election, 2006);
        assert_eq!(of(d("2026-11-30")).unwrap().slug(), "2026-2030");
    }

    #[test]
    fn before_the_1994_term_there_is_no_rule() {
        assert_eq!(of(d("1994-10-31")), None);
        assert_eq!(of(d("1994-11-01")).unwrap().election, 1994);
        assert!(between(d("1990-01-01"), d("1993-01-01")).is_empty());
        let all: Vec<i32> = between(d("1990-01-01"), d("2003-01-01"))
            .iter()
            .map(|t| t.election)
            .collect();
        assert_eq!(all, [1994, 1998, 2002]);
    }

    #[test]
    fn terms_between_two_days_are_consecutive() {
        let all = between(d("2016-06-09"), d("2025-04-15"));
        let elections: Vec<i32> = all.iter().map(|t| t.election).collect();
        assert_eq!(elections, [2014, 2018, 2022]);
        for pair in all.windows(2) {
            assert_eq!(pair[0].end.succ_opt().unwrap(), pair[1].start);
        }
    }
}
