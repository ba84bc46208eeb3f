//! Case numbers (diarienummer): the printed variants of one number folded into one identity.
//!
//! Recognized shapes, after dashes are unified and spaces dropped:
//!
//! ```text
//! RS 2273-2024   RS2273–2024    prefix, serial, year          → case `RS 2273-2024`
//! RS 2124:1-2022                 prefix, serial:doc, year      → case `RS 2124-2022`, document 1
//! 24RS11304  RV250246            compact                       → case as printed
//! RV250029-3  FDS250030-2        compact with document suffix  → case `RV250029`, document 3
//! ```
//!
//! A case's identity is (organization, canonical number); the slug is the canonical number in
//! lowercase with every run of other characters turned into one `-`.

use crate::slug::slugify;
use regex::Regex;
use std::sync::LazyLock;

/// A parsed case number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CaseNumber {
    /// The canonical spelling: `RS 2273-2024`, `24RS11304`, `RV250029`.
    pub canonical: String,
    /// The document inside the case, when the printed number names one.
    pub document: Option<String>,
}

static YEAR_STYLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([A-ZÅÄÖ]{1,8})(\d{1,6})(?::(\d{1,4}))?-((?:19|20)\d\d)$").unwrap()
});
static COMPACT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{0,4}[A-ZÅÄÖ]{1,8}\d{2,10})(?:-(\d{1,4}))?$").unwrap());

impl CaseNumber {
    /// Parses a printed case number; `None` when it has none of the recognized shapes.
    pub fn parse(printed: &str) -> Option<CaseNumber> {
        let compact: String = printed
            .trim()
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                '–' | '—' | '‐' | '‑' | '−' => '-',
                other => other,
            })
            .flat_map(char::to_uppercase)
            .collect();
        if let Some(m) = YEAR_STYLE.captures(&compact) {
            return Some(CaseNumber {
                canonical: format!("{} {}-{}", &m[1], &m[2], &m[4]),
                document: m.get(3).map(|d| d.as_str().to_string()),
            });
        }
        let m = COMPACT.captures(&compact)?;
        Some(CaseNumber {
            canonical: m[1].to_string(),
            document: m.get(2).map(|d| d.as_str().to_string()),
        })
    }

    /// `rs-2273-2024`, `24rs11304`.
    pub fn slug(&self) -> String {
        slugify(&self.canonical)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(s: &str) -> (String, Option<String>) {
        let c = CaseNumber::parse(s).unwrap_or_else(|| panic!("{s} should parse"));
        (c.canonical, c.document)
    }

    #[test]
    fn printed_variants_fold_together() {
        for s in [
            "RS 2273-2024",
            "RS 2273–2024",
            "RS2273-2024",
            "rs 2273 - 2024",
        ] {
            assert_eq!(canon(s), ("RS 2273-2024".into(), None), "{s}");
        }
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
    }

    #[test]
    fn compact_numbers() {
        assert_eq!(canon("24RS11304"), ("24RS11304".into(), None));
        assert_eq!(canon("23HSN4083"), ("23HSN4083".into(), None));
        assert_eq!(CaseNumber::parse("24RS11304").unwrap().slug(), "24rs11304");
        assert_eq!(CaseNumber::parse("RV250246").unwrap().slug(), "rv250246");
    }

    #[test]
    fn not_case_numbers() {
        for s in ["", "§ 229", "2024", "Regionstyrelsen", "RS", "../etc"] {
            assert_eq!(CaseNumber::parse(s), None, "{s}");
        }
    }
}
