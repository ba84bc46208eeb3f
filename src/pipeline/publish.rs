//! Publishing: the archive's pages into the output folder, fully or incrementally.
//!
//! - **Full** (no usable cache, `--full`, or a changed binary, theme, site.toml or base URL):
//!   every page is rendered into a fresh folder, which is then exchanged with the output
//!   (`output::Staging`).
//! - **Incremental**: the cache says what every page read of the graph when it was last
//!   written, and comparing the graph's fingerprints with the cached ones says which entities
//!   changed; only the pages those changes reach are rendered. The spare folder beside the
//!   output is brought up to date with the files that differ and exchanged with the output
//!   (`output::Spare`): still one step, never a mix.
//!
//! Both write the cache for the next build afterwards; the output is byte for byte the same
//! either way (tested).

use super::cache::{self, Cache, PageRecord};
use super::{Archive, Reuse};
use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics};
use crate::output::{Spare, Staging, Target};
use crate::progress::Progress;
use crate::render::{self, Made};
use crate::site::fingerprint::{Changes, Fingerprints};
use std::collections::{BTreeSet, HashSet};
use std::path::Path;
use std::sync::Mutex;
use xxhash_rust::xxh3::xxh3_128;

/// What a publish did.
pub struct Published {
    pub pages: usize,
    /// Pages rendered (all of them in a full build).
    pub rendered: usize,
    /// Output files written, replaced or removed.
    pub changed: usize,
    pub incremental: bool,
}

/// What the last build into an output left for the next: its cache, when it is for this
/// output as it is now and for the same binary, theme, site.toml and base URL.
pub struct Prior {
    setup: u128,
    cache: Option<Cache>,
}

impl Prior {
    /// Read before the content, so that loading can reuse what the cache kept of it; `full`
    /// ignores the cache.
    pub fn read(root: &Path, config: &Config, out: &Path, full: bool) -> anyhow::Result<Prior> {
        let setup = cache::setup_digest(root, &config.theme_dir(), &config.base_url)?;
        let live = crate::output::folder_id(out);
        let cache = crate::timings::stage("cache", || {
            (!full)
                .then(|| Cache::read(&cache::path_for(out)))
                .flatten()
                .filter(|c| c.setup == setup && live == Some(c.live))
        });
        Ok(Prior { setup, cache })
    }

    /// How the graph can reuse the last build's subject detection.
    pub fn reuse(&self) -> Reuse<'_> {
        match &self.cache {
            Some(c) => Reuse::Signatures(&c.signatures),
            None => Reuse::Nothing,
        }
    }
}

/// Publishes `archive` into `target`, incrementally when `prior` holds a cache. `Ok(Err(..))`
/// carries the problems of pages that failed to render (the output is then left as it was).
pub fn publish(
    archive: &Archive,
    target: &Target,
    prior: Prior,
) -> anyhow::Result<Result<Published, Diagnostics>> {
    let fingerprints = crate::timings::stage("fingerprints", || Fingerprints::of(&archive.site));
    match prior.cache {
        Some(cached) => incremental(archive, target, cached, prior.setup, fingerprints),
        None => everything(archive, target, prior.setup, fingerprints),
    }
}

/// The full build.
fn everything(
    archive: &Archive,
    target: &Target,
    setup: u128,
    fingerprints: Fingerprints,
) -> anyhow::Result<Result<Published, Diagnostics>> {
    let out = target.path();
    // A spare and a cache from before describe an output about to be replaced.
    let _ = std::fs::remove_file(cache::path_for(out));
    let spare = crate::output::spare_path(out);
    if std::fs::symlink_metadata(&spare).is_ok() {
        crate::output::remove_any(&spare)?;
    }
    let staging = Staging::new(target)?;
    let progress = Progress::new(archive.pages.len(), "pages");
    let records = Mutex::new(Vec::with_capacity(archive.pages.len()));
    let problems = render::render_all(archive, None, |made: Made<'_>| {
        progress.inc(1);
        let hash = xxh3_128(&made.bytes);
        staging.write(made.path, &made.bytes)?;
        let record = PageRecord {
            hash,
            reads: made.reads,
        };
        lock(&records).push((made.path.to_string(), record));
        Ok(())
    });
    progress.finish();
    if problems.has_errors() {
        return Ok(Err(problems));
    }
    crate::timings::stage("swap in", || staging.commit())?;
    let mut pages = records.into_inner().unwrap_or_else(|e| e.into_inner());
    pages.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let n = pages.len();
    let written = Cache {
        setup,
        live: crate::output::folder_id(out).unwrap_or_default(),
        spare: None,
        spare_differs: BTreeSet::new(),
        fingerprints,
        pages,
        signatures: archive.site.signatures.clone(),
    };
    save(&written, out);
    Ok(Ok(Published {
        pages: n,
        rendered: n,
        changed: n,
        incremental: false,
    }))
}

/// The incremental build.
fn incremental(
    archive: &Archive,
    target: &Target,
    mut cached: Cache,
    setup: u128,
    fingerprints: Fingerprints,
) -> anyhow::Result<Result<Published, Diagnostics>> {
    let out = target.path();
    let changes = Changes::between(&cached.fingerprints, &fingerprints);
    // What each page of the new archive needs: rendering, or its record carried over.
    let mut wanted = vec![false; archive.pages.len()];
    let mut kept: Vec<Option<PageRecord>> = Vec::with_capacity(archive.pages.len());
    for (i, path) in archive.paths.iter().enumerate() {
        match cached.page(path) {
            Some(record) if !changes.reaches(&record.reads) => kept.push(Some(PageRecord {
                hash: record.hash,
                reads: changes.remap(&record.reads),
            })),
            _ => {
                wanted[i] = true;
                kept.push(None);
            }
        }
    }
    let now: HashSet<&str> = archive.paths.iter().map(String::as_str).collect();
    let removed: Vec<String> = cached
        .pages
        .iter()
        .map(|(p, _)| p)
        .filter(|p| !now.contains(p.as_str()))
        .cloned()
        .collect();
    // The spare changes under another name (see `output::Spare`): a build killed meanwhile
    // leaves no spare the cache vouches for.
    let (spare, was_kept) = Spare::prepare(out, cached.spare.take())?;
    let mut to_fix = if was_kept {
        std::mem::take(&mut cached.spare_differs)
    } else {
        BTreeSet::new()
    };
    let rendered = wanted.iter().filter(|w| **w).count();
    let progress = Progress::new(rendered, "pages");
    let made = Mutex::new(Vec::new());
    let written = Mutex::new(HashSet::new());
    let problems = render::render_all(archive, Some(&wanted), |page: Made<'_>| {
        progress.inc(1);
        let hash = xxh3_128(&page.bytes);
        let before = cached.page(page.path).map(|r| r.hash);
        if before != Some(hash) {
            spare.put(page.path, &page.bytes)?;
            lock(&written).insert(page.path.to_string());
        }
        lock(&made).push((
            page.index,
            PageRecord {
                hash,
                reads: page.reads,
            },
        ));
        Ok(())
    });
    progress.finish();
    if problems.has_errors() {
        return Ok(Err(problems));
    }
    for (i, record) in made.into_inner().unwrap_or_else(|e| e.into_inner()) {
        kept[i] = Some(record);
    }
    let written = written.into_inner().unwrap_or_else(|e| e.into_inner());
    // The spare was the output one build ago (or a copy of it now): where it still differs
    // from the new output, the live file (unchanged by this build) or nothing belongs there.
    let mut fix_problems = Vec::new();
    for path in &to_fix {
        if written.contains(path) {
            continue;
        }
        let done = if now.contains(path.as_str()) {
            spare.take_live(path)
        } else {
            spare.remove(path)
        };
        fix_problems.extend(done.err());
    }
    for path in &removed {
        fix_problems.extend(spare.remove(path).err());
    }
    if !fix_problems.is_empty() {
        return Ok(Err(Diagnostics(fix_problems)));
    }
    let spare_inode = spare.inode();
    crate::timings::stage("swap in", || spare.commit())?;
    to_fix.clear();
    let changed = written.len() + removed.len();
    to_fix.extend(written);
    to_fix.extend(removed);
    // Every page was kept or rendered; one without a record would only be rendered again.
    let mut pages: Vec<(String, PageRecord)> = archive
        .paths
        .iter()
        .zip(kept)
        .filter_map(|(path, record)| Some((path.clone(), record?)))
        .collect();
    pages.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let n = archive.pages.len();
    let next = Cache {
        setup,
        live: spare_inode.unwrap_or_default(),
        spare: crate::output::folder_id(&crate::output::spare_path(out)),
        spare_differs: to_fix,
        fingerprints,
        pages,
        signatures: archive.site.signatures.clone(),
    };
    save(&next, out);
    Ok(Ok(Published {
        pages: n,
        rendered,
        changed,
        incremental: true,
    }))
}

/// Writes the cache; a cache that cannot be written only makes the next build full.
fn save(cache: &Cache, out: &Path) {
    let path = cache::path_for(out);
    if let Err(e) = crate::timings::stage("cache", || cache.write(&path)) {
        let _ = std::fs::remove_file(&path);
        eprintln!(
            "{}",
            Diagnostic::warning(&path, format!("cannot write the build cache: {e}"))
                .hint("the next build will be a full one")
        );
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
