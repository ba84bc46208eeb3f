//! What the text does not state, given by hand: a `<source>.meta.yaml` next to the source,
//! and command-line flags, which win over the sidecar.
//!
//! ```yaml
//! # 000_89168f636f27dbf2.txt.meta.yaml
//! organization: Region Västmanland
//! body: Regionstyrelsens arbetsutskott
//! date: 2025-04-15   # not printed; chosen by hand (see comment)
//! kind: dagordning
//! ```

use crate::diag::Diagnostic;
use crate::model::MeetingKind;
use chrono::NaiveDate;
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Overrides {
    pub organization: Option<String>,
    pub body: Option<String>,
    pub date: Option<NaiveDate>,
    pub kind: Option<MeetingKind>,
    pub title: Option<String>,
    pub place: Option<String>,
}

impl Overrides {
    /// `self` where set, else `other`.
    pub fn or(self, other: Overrides) -> Overrides {
        Overrides {
            organization: self.organization.or(other.organization),
            body: self.body.or(other.body),
            date: self.date.or(other.date),
            kind: self.kind.or(other.kind),
            title: self.title.or(other.title),
            place: self.place.or(other.place),
        }
    }
}

/// The sidecar's path for a source: the source's file name with `.meta.yaml` appended.
pub fn path_for(source: &Path) -> PathBuf {
    let mut name = source.file_name().unwrap_or_default().to_os_string();
    name.push(".meta.yaml");
    source.with_file_name(name)
}

/// Reads the sidecar of `source`, if there is one.
pub fn read(source: &Path) -> Result<Overrides, Diagnostic> {
    let path = path_for(source);
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok(Overrides::default());
    };
    if text.trim().is_empty() {
        return Ok(Overrides::default());
    }
    crate::content::frontmatter::deserialize_file(&path, &text).map_err(|d| {
        d.hint(
            "the sidecar may hold organization, body, date (YYYY-MM-DD), kind (protokoll, dagordning, rapport), title and place",
        )
    })
}

/// Whether a path is a sidecar rather than a source.
pub fn is_sidecar(path: &Path) -> bool {
    path.to_string_lossy().ends_with(".meta.yaml")
}
