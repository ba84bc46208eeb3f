//! Writing content files safely: the manifest `content/.diarium-import.json` records the
//! sha256 of every file the importer wrote, so a re-import can tell a file it generated from
//! one edited by hand since.
//!
//! ```text
//! file absent                        → write
//! file equal to the new output       → leave as is
//! file equal to what import wrote    → overwrite with the new output
//! anything else (edited by hand)     → refuse, unless --force
//! ```
//!
//! Writes go to a temporary file in the same folder and are renamed into place.

use super::doc::Document;
use crate::content::frontmatter;
use crate::diag::Diagnostic;
use crate::slug::{slugify, slugify_max};
use anyhow::Context;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const MANIFEST: &str = ".diarium-import.json";

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Manifest {
    /// Relative path (with `/`) → sha256 of the content the importer last wrote there.
    pub files: BTreeMap<String, String>,
    /// Source (as named on the command line) → the files its last import produced.
    #[serde(default)]
    pub sources: BTreeMap<String, Vec<String>>,
}

impl Manifest {
    pub fn load(out: &Path) -> anyhow::Result<Manifest> {
        let path = out.join(MANIFEST);
        match std::fs::read_to_string(&path) {
            Ok(text) => serde_json::from_str(&text)
                .with_context(|| format!("{}: not a valid import manifest", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Manifest::default()),
            Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
        }
    }

    pub fn save(&self, out: &Path) -> anyhow::Result<()> {
        let text = serde_json::to_string_pretty(self)? + "\n";
        write_atomic(&out.join(MANIFEST), &text)
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

pub fn sha512_hex(bytes: &[u8]) -> String {
    hex(&sha2::Sha512::digest(bytes))
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The document with the time it was first imported: the one its meeting file already
/// records, else `now`. A re-import thus writes the same file when nothing else changed.
pub fn keep_imported(out: &Path, doc: &Document, now: DateTime<Utc>) -> Document {
    let mut doc = doc.clone();
    let existing = std::fs::read_to_string(out.join(meeting_file(&doc)))
        .ok()
        .and_then(|text| {
            frontmatter::parse::<crate::model::MeetingMeta>(Path::new(""), &text)
                .ok()
                .and_then(|(meta, _)| meta.source?.imported)
        });
    if let Some(source) = &mut doc.meta.source {
        source.imported = Some(existing.unwrap_or(now));
    }
    doc
}

fn meeting_folder(doc: &Document) -> String {
    let m = &doc.meta;
    format!(
        "{}/{}/{}{}",
        slugify(&m.organization),
        slugify(&m.body),
        m.date.format("%Y-%m-%d"),
        match m.kind {
            crate::model::MeetingKind::Protokoll => String::new(),
            k => format!("-{}", k.as_str()),
        }
    )
}

fn meeting_file(doc: &Document) -> String {
    format!("{}/_index.md", meeting_folder(doc))
}

/// The files of a document: relative path → content.
pub fn render(doc: &Document) -> Vec<(String, String)> {
    let m = &doc.meta;
    let folder = meeting_folder(doc);
    let mut files = vec![(
        format!("{folder}/_index.md"),
        frontmatter::write(m, &doc.preamble),
    )];
    for item in &doc.items {
        let slug = slugify_max(&item.meta.title, 60);
        let name = match item.meta.number.sort_key().0 {
            u32::MAX => slug,
            n => format!("{n:03}-{slug}"),
        };
        files.push((
            format!("{folder}/{name}.md"),
            frontmatter::write(&item.meta, &item.body),
        ));
    }
    files
}

/// What happened to one file.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Written,
    Unchanged,
    Refused,
}

/// Writes one file under the re-import rule; updates the manifest.
pub fn write(
    out: &Path,
    rel: &str,
    content: &str,
    manifest: &mut Manifest,
    force: bool,
) -> anyhow::Result<Outcome> {
    let path = out.join(rel);
    let new_hash = sha256_hex(content.as_bytes());
    if let Ok(existing) = std::fs::read(&path) {
        if existing == content.as_bytes() {
            manifest.files.insert(rel.to_string(), new_hash);
            return Ok(Outcome::Unchanged);
        }
        let generated = manifest
            .files
            .get(rel)
            .is_some_and(|h| *h == sha256_hex(&existing));
        if !generated && !force {
            return Ok(Outcome::Refused);
        }
    }
    write_atomic(&path, content)?;
    manifest.files.insert(rel.to_string(), new_hash);
    Ok(Outcome::Written)
}

/// Removes the files `source` produced last time but not now (a title or date changed), unless
/// edited by hand since; returns those kept.
pub fn remove_stale(
    out: &Path,
    source: &str,
    now: &[String],
    manifest: &mut Manifest,
) -> anyhow::Result<Vec<String>> {
    let before = manifest.sources.insert(source.to_string(), now.to_vec());
    let mut kept = Vec::new();
    for rel in before
        .unwrap_or_default()
        .iter()
        .filter(|r| !now.contains(r))
    {
        let path = out.join(rel);
        let Ok(existing) = std::fs::read(&path) else {
            manifest.files.remove(rel);
            continue;
        };
        if manifest.files.get(rel) == Some(&sha256_hex(&existing)) {
            std::fs::remove_file(&path)
                .with_context(|| format!("cannot remove {}", path.display()))?;
            manifest.files.remove(rel);
            // The folder goes too when it was the last file (a meeting that moved).
            let _ = path.parent().map(std::fs::remove_dir);
        } else {
            kept.push(rel.clone());
        }
    }
    Ok(kept)
}

pub fn refused(out: &Path, rel: &str) -> Diagnostic {
    Diagnostic::note(out.join(rel), "edited by hand since import; kept as it is")
        .hint("nothing to do to keep your edits; `--force` replaces them with the new import")
}

/// Writes `content` to a temporary file beside `path`, syncs it, renames it into place and
/// syncs the folder: after a crash the file holds either its old or its new content, never
/// nothing (a rename without the syncs can reach the disk before the data on ext4 and xfs).
fn write_atomic(path: &Path, content: &str) -> anyhow::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    create_dir_durable(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let tmp: PathBuf = dir.join(format!(
        ".{}.tmp",
        path.file_name().unwrap_or_default().to_string_lossy()
    ));
    write_synced(&tmp, content.as_bytes())
        .with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, path)
        .with_context(|| format!("cannot move {} into place", path.display()))?;
    sync_dir(dir).with_context(|| format!("cannot sync {}", dir.display()))
}

fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut file = std::fs::File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// `create_dir_all`, with each folder it made recorded durably in its parent.
fn create_dir_durable(dir: &Path) -> std::io::Result<()> {
    let missing: Vec<&Path> = dir
        .ancestors()
        .take_while(|a| !a.as_os_str().is_empty() && !a.exists())
        .collect();
    std::fs::create_dir_all(dir)?;
    for made in missing.iter().rev() {
        sync_dir(made.parent().unwrap_or(Path::new(".")))?;
    }
    Ok(())
}

/// Makes the folder's entries (a rename, a new file) durable.
#[cfg(unix)]
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    std::fs::File::open(dir)?.sync_all()
}

/// Elsewhere a folder cannot be opened to be synced; the file's own sync is what there is.
#[cfg(not(unix))]
fn sync_dir(_: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reimport_rules() {
        let dir = tempfile::tempdir().unwrap();
        let mut m = Manifest::default();
        assert_eq!(
            write(dir.path(), "a/x.md", "one", &mut m, false).unwrap(),
            Outcome::Written
        );
        assert_eq!(
            write(dir.path(), "a/x.md", "one", &mut m, false).unwrap(),
            Outcome::Unchanged
        );
        assert_eq!(
            write(dir.path(), "a/x.md", "two", &mut m, false).unwrap(),
            Outcome::Written
        );
        std::fs::write(dir.path().join("a/x.md"), "edited").unwrap();
        assert_eq!(
            write(dir.path(), "a/x.md", "three", &mut m, false).unwrap(),
            Outcome::Refused
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("a/x.md")).unwrap(),
            "edited"
        );
        assert_eq!(
            write(dir.path(), "a/x.md", "three", &mut m, true).unwrap(),
            Outcome::Written
        );
    }

    #[test]
    fn stale_files_go_unless_edited() {
        let dir = tempfile::tempdir().unwrap();
        let mut m = Manifest::default();
        for f in ["m/a.md", "m/b.md"] {
            write(dir.path(), f, f, &mut m, false).unwrap();
        }
        let both = ["m/a.md".to_string(), "m/b.md".to_string()];
        remove_stale(dir.path(), "s.txt", &both, &mut m).unwrap();
        std::fs::write(dir.path().join("m/b.md"), "edited").unwrap();
        let kept = remove_stale(dir.path(), "s.txt", &[], &mut m).unwrap();
        assert_eq!(kept, ["m/b.md"]);
        assert!(!dir.path().join("m/a.md").exists());
        assert!(dir.path().join("m/b.md").exists());
    }
}
