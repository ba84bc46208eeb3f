//! content: the content tree → parsed documents and diagnostics.
//!
//! Files are read and parsed in parallel; every bad file is reported (not just the first), and
//! the documents that did parse are still returned so `serve` can show what works.

pub mod frontmatter;
pub(crate) mod kept;
pub(crate) mod pii;
mod text;
pub(crate) use text::read_at;
pub(crate) mod walk;

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{ItemMeta, MeetingMeta};
use std::collections::BTreeMap;
use std::fs::Metadata;
use std::path::{Path, PathBuf};
pub(crate) use text::Text;
use walk::{Found, Place};

/// A meeting folder: its `_index.md` and its items, items in file-name order.
#[derive(Debug, Clone)]
pub(crate) struct MeetingDoc {
    pub path: PathBuf,
    pub org: String,
    pub body: String,
    pub folder: String,
    pub meta: MeetingMeta,
    /// The Markdown body (the preamble).
    pub text: Text,
    pub items: Vec<ItemDoc>,
    /// The file's bytes, hashed: what the incremental build compares (see `site::fingerprint`).
    pub digest: u128,
    /// When the file was last changed (seconds since 1970): the open data's `modified`.
    pub modified: i64,
}

/// One item file.
#[derive(Debug, Clone)]
pub(crate) struct ItemDoc {
    pub path: PathBuf,
    pub stem: String,
    pub meta: ItemMeta,
    pub text: Text,
    /// The file's bytes, hashed (see [`MeetingDoc::digest`]).
    pub digest: u128,
    /// See [`MeetingDoc::modified`].
    pub modified: i64,
}

/// Everything that loaded, in a stable order (by org, body, meeting folder).
#[derive(Debug, Default, Clone)]
pub(crate) struct Documents {
    pub meetings: Vec<MeetingDoc>,
    /// The person registry, `people.yaml`, when the archive has one.
    pub people: Option<crate::registry::Registry>,
}

/// One parsed content file, before it is put in its meeting.
#[derive(Debug, Clone)]
pub(crate) enum Parsed {
    Meeting(Box<MeetingDoc>),
    Item {
        key: (String, String, String),
        doc: Box<ItemDoc>,
    },
    /// The person registry (see [`crate::registry`]).
    People(Box<crate::registry::Registry>),
}

/// Every content file found below the content folder, by path: its parsed document, or the
/// problems that kept it out (a misplaced file, a link skipped, a front-matter error). Kept
/// per file, so that `serve`, fixing one file, clears exactly its problems.
pub(crate) type Files = BTreeMap<PathBuf, Result<Parsed, Diagnostics>>;

/// Reads and parses the whole content tree, in parallel. This and [`read_one`] are the one
/// rule of what a content file is (see [`walk`]).
pub(crate) fn read_all(content_dir: &Path) -> Files {
    read_all_with(content_dir, false, |found, _| parse_found(found))
}

/// [`read_all`], each file found read by `read` (which [`kept`] lets take what the last
/// build parsed), with its status from the walk when `stated`.
fn read_all_with(
    content_dir: &Path,
    stated: bool,
    read: impl Fn(Found, walk::Status) -> Result<Parsed, Diagnostics> + Sync,
) -> Files {
    if !content_dir.is_dir() {
        let d = Diagnostic::error(content_dir, "the content folder does not exist")
            .hint("import minutes with `diarium import sources/`, or run `diarium init <dir>` for a sample");
        return [(content_dir.to_path_buf(), Err(d.into()))].into();
    }
    let (parsed, problems) = crate::timings::stage("  walk, parse", || {
        walk::walk_with(content_dir, stated, |found, status| {
            (found.path.clone(), read(found, status))
        })
    });
    let mut files: Files = parsed.into_iter().collect();
    for d in problems {
        files.insert(d.path.clone(), Err(d.into()));
    }
    let registry = content_dir.join(crate::registry::FILE);
    if registry.is_file() {
        files.insert(registry.clone(), parse_registry(&registry));
    }
    files
}

/// The person registry at `path`; an identity number in it stops the build, as in any
/// content file.
fn parse_registry(path: &Path) -> Result<Parsed, Diagnostics> {
    let text = read_text(path)?;
    let numbers = pii::diagnostics(path, &text, true);
    let registry = crate::registry::parse(path, &text)?;
    match numbers.is_empty() {
        true => Ok(Parsed::People(Box::new(registry))),
        false => Err(Diagnostics(numbers)),
    }
}

/// Whether any file's problems include an error (a link skipped is only a warning).
pub(crate) fn has_errors(files: &Files) -> bool {
    files
        .values()
        .any(|f| f.as_ref().is_err_and(Diagnostics::has_errors))
}

/// One file on its own, as [`read_all`] would read it: `None` when the walk would skip it
/// without a word (not Markdown, or a `.`-component such as an editor's swap file).
pub(crate) fn read_one(content_dir: &Path, path: &Path) -> Option<Result<Parsed, Diagnostics>> {
    let rel = path.strip_prefix(content_dir).ok()?;
    if rel == Path::new(crate::registry::FILE) {
        return path.is_file().then(|| parse_registry(path));
    }
    let hidden = rel.iter().any(|c| c.to_string_lossy().starts_with('.'));
    let markdown = path.extension() == Some(std::ffi::OsStr::new("md"));
    if hidden || !markdown {
        return None;
    }
    if path.is_symlink() {
        return Some(Err(walk::symlink_skipped(path).into()));
    }
    if !path.is_file() {
        return None;
    }
    Some(match walk::classify(rel) {
        Some(place) => parse_found(Found {
            path: path.to_path_buf(),
            place,
        }),
        None => Err(walk::misplaced(path).into()),
    })
}

/// Puts parsed files into their meetings, as [`load`] does; errors pass through.
pub(crate) fn assemble(
    content_dir: &Path,
    parsed: impl IntoIterator<Item = Result<Parsed, Diagnostics>>,
) -> (Documents, Diagnostics) {
    let mut problems = Vec::new();
    let mut meetings: BTreeMap<(String, String, String), MeetingDoc> = BTreeMap::new();
    let mut items: BTreeMap<(String, String, String), Vec<ItemDoc>> = BTreeMap::new();
    let mut people = None;
    for p in parsed {
        match p {
            Ok(Parsed::Meeting(m)) => {
                meetings.insert((m.org.clone(), m.body.clone(), m.folder.clone()), *m);
            }
            Ok(Parsed::Item { key, doc }) => items.entry(key).or_default().push(*doc),
            Ok(Parsed::People(registry)) => people = Some(*registry),
            Err(d) => problems.extend(d.0),
        }
    }
    for (key, mut list) in items {
        match meetings.get_mut(&key) {
            Some(m) => {
                list.sort_by(|a, b| a.stem.cmp(&b.stem));
                m.items = list;
            }
            None => problems.extend(orphans(content_dir, &key, &list)),
        }
    }
    let docs = Documents {
        meetings: meetings.into_values().collect(),
        people,
    };
    (docs, Diagnostics(problems))
}

/// Items whose folder has no `_index.md` (or one that failed to parse, reported already).
fn orphans(
    content_dir: &Path,
    key: &(String, String, String),
    list: &[ItemDoc],
) -> Vec<Diagnostic> {
    let index = content_dir
        .join(&key.0)
        .join(&key.1)
        .join(&key.2)
        .join("_index.md");
    if index.exists() {
        return Vec::new();
    }
    list.iter()
        .take(1)
        .map(|i| {
            Diagnostic::error(&i.path, "this meeting folder has no _index.md")
                .hint("add _index.md with the meeting's organization, body, date and kind")
        })
        .collect()
}

/// Reads and parses one file. An identity number stops the build: every one in the file is
/// reported, beside any problem of its front-matter.
fn parse_found(found: Found) -> Result<Parsed, Diagnostics> {
    parse_found_with_status(found).0
}

/// [`parse_found`], with the status of the file as it was opened (`None` when it could not
/// be), which [`kept`] keeps beside the parse without asking for it a second time.
fn parse_found_with_status(found: Found) -> (Result<Parsed, Diagnostics>, Option<Metadata>) {
    let (text, status) = match read_text_and_status(&found.path) {
        Ok(read) => read,
        Err(d) => return (Err(d.into()), None),
    };
    let numbers = pii::diagnostics(&found.path, &text, true);
    let parsed = match parse_text(found, &text, modified_secs(&status)) {
        Ok(parsed) if numbers.is_empty() => Ok(parsed),
        Ok(_) => Err(Diagnostics(numbers)),
        Err(d) => Err(Diagnostics(numbers.into_iter().chain([d]).collect())),
    };
    (parsed, Some(status))
}

fn parse_text(found: Found, text: &str, modified: i64) -> Result<Parsed, Diagnostic> {
    let digest = xxhash_rust::xxh3::xxh3_128(text.as_bytes());
    let (meta, body) = match found.place {
        Place::Meeting { .. } => {
            let (meta, split) = frontmatter::parse::<MeetingMeta>(&found.path, text)?;
            (Meta::Meeting(meta), split.body)
        }
        Place::Item { .. } => {
            let (meta, split) = frontmatter::parse::<ItemMeta>(&found.path, text)?;
            (Meta::Item(meta), split.body)
        }
    };
    let file = FileFacts { digest, modified };
    Ok(document(found, meta, Text::from(body), file).expect("the meta of the file's place"))
}

/// A file's front-matter, of the kind its place says.
enum Meta {
    Meeting(MeetingMeta),
    Item(ItemMeta),
}

/// What a document keeps of its file besides its text (see [`MeetingDoc::digest`]).
#[derive(Clone, Copy)]
struct FileFacts {
    digest: u128,
    modified: i64,
}

/// The document of the file `found`, from its front-matter and body; `None` when the
/// front-matter is not of the kind the file's place says.
fn document(found: Found, meta: Meta, text: Text, file: FileFacts) -> Option<Parsed> {
    let FileFacts { digest, modified } = file;
    match (found.place, meta) {
        (Place::Meeting { org, body, meeting }, Meta::Meeting(meta)) => {
            Some(Parsed::Meeting(Box::new(MeetingDoc {
                text,
                path: found.path,
                org,
                body,
                folder: meeting,
                meta,
                items: Vec::new(),
                digest,
                modified,
            })))
        }
        (
            Place::Item {
                org,
                body,
                meeting,
                stem,
            },
            Meta::Item(meta),
        ) => Some(Parsed::Item {
            key: (org, body, meeting),
            doc: Box::new(ItemDoc {
                text,
                path: found.path,
                stem,
                meta,
                digest,
                modified,
            }),
        }),
        _ => None,
    }
}

/// The file's bytes and its status, taken on the open file (its modification time is the
/// open data's `modified`, see [`modified_secs`]).
///
/// Like `std::fs::read`, but without asking for the size: content files are small, and the
/// buffer lives only while the file is parsed. (`Read::read_to_end` on a `File` itself would
/// ask for the size and the position; through `Take` it reads until the end, growing the
/// buffer when a file is larger.) The one status call made is on the open file rather than by
/// a second lookup of its path.
fn read_file_and_status(path: &Path) -> std::io::Result<(Vec<u8>, Metadata)> {
    use std::io::Read as _;
    let mut bytes = Vec::with_capacity(16 * 1024);
    let mut file = std::fs::File::open(path)?;
    let status = file.metadata()?;
    (&mut file).take(u64::MAX).read_to_end(&mut bytes)?;
    Ok((bytes, status))
}

/// A file's modification time in seconds since 1970 (0 where the system keeps none).
fn modified_secs(status: &Metadata) -> i64 {
    status
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_secs() as i64)
}

/// Reads a file as UTF-8; invalid bytes are reported at their line.
pub(crate) fn read_text(path: &Path) -> Result<String, Diagnostic> {
    read_text_and_status(path).map(|(text, _)| text)
}

/// [`read_text`] and the file's status (see [`read_file_and_status`]).
fn read_text_and_status(path: &Path) -> Result<(String, Metadata), Diagnostic> {
    let (bytes, status) = read_file_and_status(path)
        .map_err(|e| Diagnostic::error(path, format!("cannot read: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let (line, col) =
            crate::diag::line_col_of_bytes(e.as_bytes(), e.utf8_error().valid_up_to());
        Diagnostic::error(path, "the file is not valid UTF-8")
            .at(line, col)
            .hint("save the file as UTF-8 in your editor")
    })?;
    Ok((text, status))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_whole_files_of_any_size() {
        let dir = tempfile::tempdir().unwrap();
        for len in [0, 1, 8 * 1024, 16 * 1024, 16 * 1024 + 1, 100_000] {
            let path = dir.path().join(format!("{len}.md"));
            let bytes: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
            std::fs::write(&path, &bytes).unwrap();
            assert_eq!(read_file_and_status(&path).unwrap().0, bytes, "{len}");
        }
        assert!(read_file_and_status(&dir.path().join("missing.md")).is_err());
    }
}
