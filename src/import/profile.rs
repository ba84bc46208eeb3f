//! House-style profiles: what a registrar says once for a folder of sources when the text
//! cannot tell it (the organization only in a logo, a marker style the structure leaves
//! ambiguous, a footer to drop). Read from `[import]` in site.toml and from a
//! `diarium-import.toml` in a source's folder or any folder above it (the nearest wins, key by
//! key); a sidecar and the command line win over both.
//!
//! ```toml
//! [import]
//! organization = "Storby kommun"
//! body = "Kommunstyrelsen"
//! kind = "protokoll"
//! items = "Ks"                 # `§` (§ 12), a prefix (`Ks 12`, `KS § 12`) or "number" (12, 12.)
//! drop = ['^Storby kommun\s+Sida \d+ av \d+$', 'Justerandes signatur']
//! case_labels = ["Ärende-ID"]  # beside Dnr, Diarienummer, ...
//! case_pattern = '\b\d{1,5}-20\d\d\b'   # bare `493-2019` printed without a label
//! ```
//!
//! Strict like the rest of site.toml: an unknown key, a wrong type or a bad pattern is an
//! error naming the file and line.

use super::markers::Family;
use super::sidecar::Overrides;
use crate::diag::Diagnostic;
use crate::model::MeetingKind;
use regex::Regex;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The file name of a folder's profile.
pub const FILE_NAME: &str = "diarium-import.toml";

/// A profile as written.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub organization: Option<String>,
    pub body: Option<String>,
    pub kind: Option<MeetingKind>,
    /// How items are marked: `§`, a prefix such as `Ks`, or `number`.
    pub items: Option<String>,
    /// Regular expressions; a line (trimmed) that matches one is page furniture.
    #[serde(default)]
    pub drop: Vec<String>,
    /// Labels this house prints before its case numbers, beside the built-in ones (`Dnr`,
    /// `Diarienummer`, ...): `case_labels = ["Ärende-ID"]`.
    #[serde(default)]
    pub case_labels: Vec<String>,
    /// A regular expression for this house's case numbers where no label stands before them
    /// (`'KS-\d{4}-\d+'`): every match in an item's title or text is one of its cases.
    pub case_pattern: Option<String>,
}

/// A profile ready to use: patterns compiled.
#[derive(Debug, Clone, Default)]
pub struct Style {
    pub given: Overrides,
    pub items: Option<Marker>,
    pub drop: Vec<Regex>,
    pub cases: CaseVocabulary,
}

/// What a profile adds to the case-number finder.
#[derive(Debug, Clone, Default)]
pub struct CaseVocabulary {
    /// Labels in lowercase.
    pub labels: Vec<String>,
    pub pattern: Option<Regex>,
}

impl CaseVocabulary {
    /// A line that opens with one of the profile's labels: read as if it opened with `Dnr`.
    pub fn label_line(&self, line: &str) -> Option<super::case_refs::LabelLine> {
        let lower = line.to_lowercase();
        let label = self.labels.iter().find(|l| {
            lower.starts_with(l.as_str())
                && !lower[l.len()..].starts_with(|c: char| c.is_alphanumeric())
        })?;
        let rest = line[label.len()..].trim_start_matches(['.', ':', ' ']);
        let mut read = super::case_refs::label_line(&format!("Dnr {rest}"))?;
        read.label = line[..label.len()].to_string();
        Some(read)
    }

    /// Every match of the profile's pattern in `text` that the case-number grammar reads (a
    /// match it cannot read stays text: `build` would refuse it as a case).
    pub fn matches<'t>(&self, text: &'t str) -> Vec<&'t str> {
        self.pattern
            .iter()
            .flat_map(|p| p.find_iter(text).map(|m| m.as_str()))
            .filter(|m| crate::case_number::CaseNumber::parse(m).is_some())
            .collect()
    }
}

/// The item marker a profile names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Marker {
    Paragraph,
    Prefix(String),
    Number,
}

impl Marker {
    /// Whether a family of candidates is the one named.
    pub fn admits(&self, family: &Family) -> bool {
        match (self, family) {
            (Marker::Paragraph, Family::Paragraph(_)) | (Marker::Number, Family::Numbered) => true,
            (Marker::Prefix(p), Family::Paragraph(q) | Family::Prefixed(q)) => p == q,
            _ => false,
        }
    }
}

impl Profile {
    /// `self`'s keys where set, else `other`'s.
    pub fn or(self, other: Profile) -> Profile {
        Profile {
            organization: self.organization.or(other.organization),
            body: self.body.or(other.body),
            kind: self.kind.or(other.kind),
            items: self.items.or(other.items),
            drop: if self.drop.is_empty() {
                other.drop
            } else {
                self.drop
            },
            case_labels: if self.case_labels.is_empty() {
                other.case_labels
            } else {
                self.case_labels
            },
            case_pattern: self.case_pattern.or(other.case_pattern),
        }
    }

    /// Compiles the patterns; `path` and `text` name where the profile was written.
    pub fn style(&self, path: &Path, text: &str) -> Result<Style, Diagnostic> {
        let drop = self
            .drop
            .iter()
            .map(|p| {
                Regex::new(p).map_err(|e| {
                    let line = line_of(text, p);
                    Diagnostic::error(
                        path,
                        format!(
                            "`drop` pattern `{p}` is not a regular expression: {}",
                            first_line(&e.to_string())
                        ),
                    )
                    .at(line, 0)
                    .hint("patterns are Rust regular expressions, e.g. '^Sida \\d+ av \\d+$'")
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let pattern = self
            .case_pattern
            .as_deref()
            .map(|p| {
                Regex::new(p).map_err(|e| {
                    Diagnostic::error(
                        path,
                        format!(
                            "`case_pattern` `{p}` is not a regular expression: {}",
                            first_line(&e.to_string())
                        ),
                    )
                    .at(line_of(text, p), 0)
                    .hint("patterns are Rust regular expressions, e.g. 'KS-\\d{4}-\\d+'")
                })
            })
            .transpose()?;
        Ok(Style {
            cases: CaseVocabulary {
                labels: self
                    .case_labels
                    .iter()
                    .map(|l| l.trim().to_lowercase())
                    .collect(),
                pattern,
            },
            given: Overrides {
                organization: self.organization.clone(),
                body: self.body.clone(),
                kind: self.kind,
                ..Overrides::default()
            },
            items: self.items.as_deref().map(marker),
            drop,
        })
    }
}

fn marker(items: &str) -> Marker {
    match items.trim().to_lowercase().as_str() {
        "§" | "paragraf" | "paragraph" => Marker::Paragraph,
        "number" | "nummer" | "numbered" => Marker::Number,
        prefix => Marker::Prefix(prefix.trim_end_matches('§').trim().to_string()),
    }
}

fn first_line(s: &str) -> &str {
    s.lines().last().unwrap_or(s).trim()
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .map_or(0, |i| i + 1)
}

/// The `[import]` table of site.toml (the other keys are the site's and not looked at).
pub fn parse_site_table(path: &Path, text: &str) -> Result<Profile, Diagnostic> {
    #[derive(Deserialize)]
    struct SiteToml {
        #[serde(default)]
        import: Profile,
    }
    toml::from_str::<SiteToml>(text)
        .map(|site| site.import)
        .map_err(|e| {
            let (line, col) = e.span().map_or((0, 0), |s| crate::diag::line_col(text, s.start));
            Diagnostic::error(path, e.message().to_string())
                .at(line, col)
                .hint("[import] may hold organization, body, kind, items, drop, case_labels and case_pattern (see the README)")
        })
}

/// Parses a folder's `diarium-import.toml`.
pub fn parse_file(path: &Path, text: &str) -> Result<Profile, Diagnostic> {
    toml::from_str(text).map_err(|e| {
        let (line, col) = e.span().map_or((0, 0), |s| crate::diag::line_col(text, s.start));
        Diagnostic::error(path, e.message().to_string())
            .at(line, col)
            .hint("a profile may hold organization, body, kind, items, drop, case_labels and case_pattern (see the README)")
    })
}

/// The style for the sources of `folder`: its and its ancestors' `diarium-import.toml`
/// (nearest first), then `site` (site.toml's `[import]`).
pub fn for_folder(folder: &Path, site: &Profile) -> Result<Style, Diagnostic> {
    let mut profile = Profile::default();
    for dir in folder.ancestors() {
        let path = if dir.as_os_str().is_empty() {
            PathBuf::from(FILE_NAME)
        } else {
            dir.join(FILE_NAME)
        };
        if let Ok(text) = std::fs::read_to_string(&path) {
            let here = parse_file(&path, &text)?;
            // Checked where it is written, so a bad pattern is reported at its own line.
            here.style(&path, &text)?;
            profile = profile.or(here);
        }
    }
    // Every pattern was checked where it is written (site.toml's when the archive loaded).
    profile.or(site.clone()).style(Path::new(FILE_NAME), "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_toml_gives_its_import_table_alone() {
        let text = "title = \"Arkiv\"\n[data]\nlicense = \"x\"\n[import]\nitems = \"Ks\"\n";
        let p = parse_site_table(Path::new("site.toml"), text).unwrap();
        assert_eq!(p.items.as_deref(), Some("Ks"));
        let none = parse_site_table(Path::new("site.toml"), "title = \"Arkiv\"\n").unwrap();
        assert_eq!(none, Profile::default());
        let bad = "title = \"Arkiv\"\n[import]\nitem = \"Ks\"\n";
        let e = parse_site_table(Path::new("site.toml"), bad).unwrap_err();
        assert_eq!(e.line, 3, "{e}");
        assert!(e.message.contains("item"), "{e}");
    }

    #[test]
    fn nearest_keys_win_key_by_key() {
        let near = parse_file(Path::new("a"), "items = \"Ks\"\n").unwrap();
        let far = parse_file(
            Path::new("b"),
            "organization = \"Storby kommun\"\nitems = \"§\"\n",
        )
        .unwrap();
        let p = near.or(far);
        assert_eq!(p.items.as_deref(), Some("Ks"));
        assert_eq!(p.organization.as_deref(), Some("Storby kommun"));
    }

    #[test]
    fn unknown_keys_and_bad_patterns_are_errors_with_lines() {
        let e = parse_file(
            Path::new("p.toml"),
            "organization = \"X\"\nmarker = \"Ks\"\n",
        )
        .unwrap_err();
        assert_eq!(e.line, 2, "{e}");
        assert!(e.message.contains("unknown field `marker`"), "{e}");
        let text = "drop = [\n  'Sida (',\n]\n";
        let p = parse_file(Path::new("p.toml"), text).unwrap();
        let e = p.style(Path::new("p.toml"), text).unwrap_err();
        assert_eq!(e.line, 2, "{e}");
        assert!(e.message.contains("`drop` pattern `Sida (`"), "{e}");
    }

    #[test]
    fn markers_admit_their_family() {
        assert!(marker("Ks").admits(&Family::Prefixed("ks".into())));
        assert!(marker("KS §").admits(&Family::Paragraph("ks".into())));
        assert!(!marker("Ks").admits(&Family::Numbered));
        assert!(marker("§").admits(&Family::Paragraph(String::new())));
        assert!(marker("number").admits(&Family::Numbered));
    }
}
