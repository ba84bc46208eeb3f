//! The person registry, `content/people.yaml`: one id per person, kept across meetings and
//! the spellings minutes print, so that a person has one page and one open-data id.
//!
//! ```yaml
//! anna-andersson:             # the id: the page (/personer/anna-andersson/) and open-data id
//!   name: Anna Andersson      # how pages print the name
//!   party: S                  # optional: else the party printed most often
//!   spellings: [Anna Anderson] # other printed forms of the name
//! ```
//!
//! The file is content: read by [`crate::content::read_all`] with the rest ([`parse`]), used by
//! the graph to name people ([`Registry::find`]), and kept up by `import` and
//! `check --update-people`, which only ever append to it ([`append`]), so the registrar's
//! comments and order stay. Merging two people is moving one entry's spellings into the
//! other's and deleting it; renaming is editing `name` (the id, and so the URL, stays).

pub(crate) mod append;
mod parse;
pub(crate) mod suggest;
pub(crate) mod warnings;

pub use parse::parse;
use std::collections::HashMap;
use std::path::PathBuf;

/// The registry's file name, in the content folder.
pub(crate) const FILE: &str = "people.yaml";

/// One person of the registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub id: String,
    pub name: String,
    pub party: Option<String>,
    /// Other printed forms of the name, as written in the file.
    pub spellings: Vec<String>,
    /// The line of the id in the file.
    pub line: usize,
}

/// The parsed file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registry {
    pub path: PathBuf,
    /// In the order of their ids.
    pub entries: Vec<Entry>,
    /// Every name and spelling, folded ([`key`]), → its entry.
    by_spelling: HashMap<String, usize>,
}

impl Registry {
    /// The entry that `name` (a printed name without its party, as
    /// [`crate::model::PersonName`] gives it) is the name or a spelling of.
    pub fn find(&self, name: &str) -> Option<&Entry> {
        self.by_spelling.get(&key(name)).map(|&e| &self.entries[e])
    }

    /// Every folded spelling (names included) with its entry.
    pub fn spellings(&self) -> impl Iterator<Item = (&str, &Entry)> {
        self.by_spelling
            .iter()
            .map(|(s, &e)| (s.as_str(), &self.entries[e]))
    }
}

/// What makes two printed names one name: the folding the graph uses (invisible characters
/// out, see [`crate::identity`]), and a party printed after a spelling in the file
/// (`Anna Berg (S)`) left out, as it is left out of printed names.
pub(crate) fn key(printed: &str) -> String {
    crate::model::PersonName::parse(printed).name
}

/// A valid id: a slug (lowercase a–z, digits, single dashes), as it becomes a URL segment.
pub(crate) fn is_id(id: &str) -> bool {
    !id.is_empty() && crate::slug::slugify(id) == id
}
