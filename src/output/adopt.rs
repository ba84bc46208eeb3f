//! The output a full build replaced, kept as the spare folder (see `spare.rs`) rather than
//! removed.
//!
//! A full build writes its site into a fresh folder, linking every file whose bytes did not
//! change from the old output (see [`super::Staging`]), and exchanges the two. The old output
//! then differs from the new one only at the files written anew and the files the new site no
//! longer has: with those listed, it is a spare one build behind, like the one an incremental
//! build leaves. Without this, the first incremental build after a full one made its spare by
//! linking every file of the output anew: 421,000 links at 10,000 meetings, 16 s of system
//! time, paid by a registrar's first edit after every full build; listing the old output's
//! files costs a fraction of that, and removing them, which this saves the full build, more.

use super::spare::spare_path;
use super::target::{MARKER, MARKER_TEXT};
use anyhow::Context as _;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::Path;

/// Makes `old`, the output a full build just replaced with `live`, the spare of `live`.
/// `in_live(rel)` says whether the new output has a file at `rel`, and `fresh` are those it
/// wrote anew rather than linked from `old` (every other file of `live` is `old`'s very
/// file). Returns where the spare differs from `live`, or `None` when `old` was removed
/// instead: when it differs at more than `limit` paths (bringing it up to date would cost
/// what making a spare does), or holds what a spare cannot (a file where the new output has
/// a folder, or the other way round; a symbolic link; a name not in UTF-8; another marker).
pub fn adopt(
    old: &Path,
    live: &Path,
    in_live: impl Fn(&str) -> bool + Sync,
    fresh: impl IntoIterator<Item = String>,
    limit: usize,
) -> anyhow::Result<Option<BTreeSet<String>>> {
    let differs = differing(old, &in_live, fresh, limit);
    let resting = spare_path(live);
    match differs {
        Some(differs) if std::fs::symlink_metadata(&resting).is_err() => {
            std::fs::rename(old, &resting)
                .with_context(|| format!("cannot move {}", old.display()))?;
            Ok(Some(differs))
        }
        _ => {
            super::remove_any(old).with_context(|| format!("cannot remove {}", old.display()))?;
            Ok(None)
        }
    }
}

/// Where `old` differs from the new output (see [`adopt`]), when it can be a spare.
fn differing(
    old: &Path,
    in_live: &(dyn Fn(&str) -> bool + Sync),
    fresh: impl IntoIterator<Item = String>,
    limit: usize,
) -> Option<BTreeSet<String>> {
    let marker = std::fs::read(old.join(MARKER)).ok()?;
    if marker != MARKER_TEXT.as_bytes() {
        return None;
    }
    let keep = |rel: &str| rel == MARKER || in_live(rel);
    let gone = files_not(old, "", &keep).ok()??;
    let mut differs: BTreeSet<String> = gone.into_iter().collect();
    for rel in fresh {
        differs.insert(rel);
        if differs.len() > limit {
            return None;
        }
    }
    (differs.len() <= limit && !nested(&differs)).then_some(differs)
}

/// Whether a path of `paths` lies inside another: a file of one folder that is a folder of
/// the other, which a spare changed file by file cannot become.
fn nested(paths: &BTreeSet<String>) -> bool {
    paths
        .iter()
        .any(|p| p.match_indices('/').any(|(i, _)| paths.contains(&p[..i])))
}

/// The files below `dir` (at `rel` of the tree) that `keep` refuses, by relative path; `None`
/// when the tree holds anything but folders and files with UTF-8 names. Folders are read on
/// every core: the output of 10,000 meetings has 300,000 of them.
fn files_not(
    dir: &Path,
    rel: &str,
    keep: &(dyn Fn(&str) -> bool + Sync),
) -> std::io::Result<Option<Vec<String>>> {
    let entries = std::fs::read_dir(dir)?.collect::<Result<Vec<_>, _>>()?;
    let found = entries
        .par_iter()
        .map(|entry| {
            let name = entry.file_name();
            let Some(name) = name.to_str() else {
                return Ok(None);
            };
            let path = match rel {
                "" => name.to_string(),
                _ => format!("{rel}/{name}"),
            };
            // The entry's own type: a symbolic link is never followed.
            let kind = entry.file_type()?;
            if kind.is_dir() {
                files_not(&entry.path(), &path, keep)
            } else if kind.is_file() {
                Ok(Some(if keep(&path) { Vec::new() } else { vec![path] }))
            } else {
                Ok(None)
            }
        })
        .collect::<std::io::Result<Option<Vec<Vec<String>>>>>()?;
    Ok(found.map(|lists| lists.concat()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(dir: &Path, files: &[&str]) {
        for f in files {
            let path = dir.join(f);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, f).unwrap();
        }
        std::fs::write(dir.join(MARKER), MARKER_TEXT).unwrap();
    }

    #[test]
    fn the_old_output_becomes_the_spare_with_where_it_differs() {
        let dir = tempfile::tempdir().unwrap();
        let (old, live) = (dir.path().join("old"), dir.path().join("public"));
        tree(&old, &["a/index.html", "b/index.html", "gone/x/index.html"]);
        let new = ["a/index.html", "b/index.html", "c/index.html"];
        let in_live = |rel: &str| new.contains(&rel);
        let fresh = ["b/index.html".to_string(), "c/index.html".to_string()];
        let differs = adopt(&old, &live, in_live, fresh, 10).unwrap();
        let want = ["b/index.html", "c/index.html", "gone/x/index.html"];
        let want: BTreeSet<String> = want.iter().map(|s| s.to_string()).collect();
        assert_eq!(differs, Some(want));
        assert!(!old.exists() && spare_path(&live).join("a/index.html").is_file());
    }

    #[test]
    fn an_old_output_too_different_or_shaped_otherwise_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let live = dir.path().join("public");
        let cases: [(&[&str], &[&str], usize); 3] = [
            // More differences than the limit.
            (&["a.html", "b.html"], &["c.html"], 2),
            // A file where the new output has a folder.
            (&["a"], &["a/index.html"], 10),
            // A folder where the new output has a file.
            (&["a/index.html"], &["a"], 10),
        ];
        for (old_files, new, limit) in cases {
            let old = dir.path().join("old");
            tree(&old, old_files);
            let in_live = |rel: &str| new.contains(&rel);
            let fresh = new.iter().map(|s| s.to_string());
            assert_eq!(adopt(&old, &live, in_live, fresh, limit).unwrap(), None);
            assert!(!old.exists() && !spare_path(&live).exists(), "{new:?}");
        }
        #[cfg(unix)]
        {
            let old = dir.path().join("old");
            tree(&old, &["a.html"]);
            std::os::unix::fs::symlink("a.html", old.join("b.html")).unwrap();
            let in_live = |rel: &str| rel == "a.html" || rel == "b.html";
            assert_eq!(adopt(&old, &live, in_live, [], 10).unwrap(), None);
            assert!(!old.exists());
        }
    }
}
