//! The `[topics]` table of site.toml: how an archive's editors name, merge, split or suppress
//! the subjects that detection finds, and teach it their own wordings.
//! The table keeps the name `[topics]` that archives' site.toml files use; the code calls the
//! concept a subject throughout.
//!
//! ```toml
//! [topics]
//! min_meetings = 2                      # a subject spans at least this many meetings
//! generic = ["projekt", "lokaler"]      # more words that never make a subject alone
//! suppress = ["finansrapport"]          # subjects (slug) or terms that are never a subject
//! split = ["cosmic-fvis"]               # a joined subject shown as one per term
//! merge = [["cosmic-fvis", "itplan"]]   # subjects shown as one; the first slug is kept
//!
//! [topics.aliases]                      # wording → term: both meet as one term
//! "avtalet om regionvård" = "regionavtal"
//! "Millennium" = "Cosmic"
//!
//! [topics.names]                        # display names by slug (slugs, and so URLs, stay)
//! "cosmic-fvis" = "Cosmic / FVIS"
//! ```

use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};

/// The `[topics]` table. Every key is optional; `SubjectsConfig::default()` is what an archive
/// without the table gets.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SubjectsConfig {
    /// Distinct meetings a detected subject must span (default 2). Subjects set by hand are exempt.
    pub min_meetings: usize,
    /// Wording → term, added to the built-in aliases (`"avtalet om regionvård" =
    /// "regionavtal"`). Both sides are compared by stemmed words, so any inflection matches.
    pub aliases: BTreeMap<String, String>,
    /// Extra words that never make a subject on their own, e.g. `["projekt"]`.
    pub generic: Vec<String>,
    /// Subject slugs or single terms never made a subject, e.g. `["finansrapport"]`.
    pub suppress: Vec<String>,
    /// Groups of subject slugs shown as one subject, e.g. `[["cosmic-fvis", "itplan"]]`.
    pub merge: Vec<Vec<String>>,
    /// Slugs of joined subjects to show as one subject per term, e.g. `["cosmic-fvis"]`.
    pub split: Vec<String>,
    /// Display names by slug, e.g. `{ "cosmic-fvis" = "Cosmic / FVIS" }`.
    pub names: BTreeMap<String, String>,
}

impl Default for SubjectsConfig {
    fn default() -> SubjectsConfig {
        SubjectsConfig {
            min_meetings: 2,
            aliases: BTreeMap::new(),
            generic: Vec::new(),
            suppress: Vec::new(),
            merge: Vec::new(),
            split: Vec::new(),
            names: BTreeMap::new(),
        }
    }
}

impl SubjectsConfig {
    /// Checks what can be checked without the content. Problems that need the detected subjects
    /// (a merge naming a subject that does not exist) are reported by
    /// `site::subjects::detect::detect_checked`.
    pub fn validate(&self) -> Result<(), String> {
        let mut problems = Vec::new();
        if self.min_meetings == 0 {
            problems.push("topics.min_meetings must be at least 1".to_string());
        }
        for (wording, term) in &self.aliases {
            if crate::swedish::tokens(wording).next().is_none()
                || crate::swedish::tokens(term).next().is_none()
            {
                problems.push(format!(
                    "topics.aliases: \"{wording}\" = \"{term}\" needs words on both sides"
                ));
            }
        }
        problems.extend(self.slug_problems());
        problems.extend(self.merge_problems());
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join("\n"))
        }
    }

    /// Names, merges and splits refer to subjects by slug; a slug must be one `slugify` can make.
    fn slug_problems(&self) -> Vec<String> {
        let named = self.names.keys().map(|s| ("names", s));
        let split = self.split.iter().map(|s| ("split", s));
        let merged = self.merge.iter().flatten().map(|s| ("merge", s));
        named
            .chain(split)
            .chain(merged)
            .filter(|(_, slug)| crate::slug::slugify(slug) != **slug)
            .map(|(key, slug)| {
                format!(
                    "topics.{key}: \"{slug}\" is not a topic slug (did you mean \"{}\"?)",
                    crate::slug::slugify(slug)
                )
            })
            .collect()
    }

    fn merge_problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut seen = BTreeSet::new();
        for group in &self.merge {
            if group.len() < 2 {
                problems.push(format!(
                    "topics.merge: {group:?} names fewer than two topics"
                ));
            }
            for slug in group {
                if !seen.insert(slug) {
                    problems.push(format!(
                        "topics.merge: \"{slug}\" is in more than one group"
                    ));
                }
                if self.split.contains(slug) {
                    problems.push(format!("topics: \"{slug}\" is both split and merged"));
                }
            }
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<SubjectsConfig, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }

    #[test]
    fn empty_table_gives_defaults() {
        assert_eq!(parse("").unwrap(), SubjectsConfig::default());
        assert_eq!(SubjectsConfig::default().min_meetings, 2);
    }

    #[test]
    fn all_keys_parse() {
        let config = parse(
            r#"
            min_meetings = 3
            generic = ["projekt"]
            suppress = ["finansrapport"]
            split = ["cosmic-fvis"]
            merge = [["a", "b"]]
            [aliases]
            "avtalet om regionvård" = "regionavtal"
            [names]
            "cosmic-fvis" = "Cosmic / FVIS"
            "#,
        )
        .unwrap();
        assert_eq!(config.min_meetings, 3);
        assert_eq!(config.aliases["avtalet om regionvård"], "regionavtal");
        assert_eq!(config.validate(), Ok(()));
    }

    #[test]
    fn unknown_key_is_an_error() {
        let error = parse("min_meeting = 3").unwrap_err();
        assert!(error.contains("unknown field `min_meeting`"), "{error}");
    }

    #[test]
    fn validate_reports_every_problem() {
        let config = SubjectsConfig {
            min_meetings: 0,
            split: vec!["a".into()],
            merge: vec![vec!["a".into(), "b".into()], vec!["Cosmic".into()]],
            ..SubjectsConfig::default()
        };
        let problems = config.validate().unwrap_err();
        assert_eq!(
            problems,
            "topics.min_meetings must be at least 1\n\
             topics.merge: \"Cosmic\" is not a topic slug (did you mean \"cosmic\"?)\n\
             topics: \"a\" is both split and merged\n\
             topics.merge: [\"Cosmic\"] names fewer than two topics"
        );
    }
}
