//! Publishing: the archive's pages into the output folder, fully or incrementally.
//!
//! - **Full** (no usable cache, `--full`, an output without its marker, or a changed binary,
//!   theme, site.toml or base URL): every page is rendered into a fresh folder, which is then
//!   exchanged with the output (`output::Staging`). The old output it replaces is kept as the
//!   spare folder (see below) when it differs from the new one at few paths, so that the
//!   next incremental build need not make one (`output::adopt`).
//! - **Incremental**: the cache says what every page read of the graph when it was last
//!   written, and comparing the graph's fingerprints with the cached ones says which entities
//!   changed; only the pages those changes reach are rendered. The spare folder beside the
//!   output is brought up to date with the files that differ and exchanged with the output
//!   (`output::Spare`): still one step, never a mix. When no file differs, neither folder is
//!   touched; when nothing was rendered either, nor is the cache.
//!
//! Both write the cache for the next build afterwards; the output is byte for byte the same
//! either way (tested).

use super::cache::{self, Cache, PageRecord, Writing};
use super::packed::Packed;
use super::{Archive, Reuse};
use crate::config::Config;
use crate::content::kept::{self, Kept};
use crate::content::Files;
use crate::diag::{Diagnostic, Diagnostics};
use crate::output::{Spare, Staging, Target, Written};
use crate::progress::Progress;
use crate::render::{self, Made};
use crate::site::fingerprint::{Changes, Fingerprints, Key};
use crate::site::Kind;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::{BTreeSet, HashSet};
use std::path::Path;
use std::sync::{Mutex, OnceLock};
use xxhash_rust::xxh3::xxh3_128;

/// What a publish did.
pub struct Published {
    pub pages: usize,
    /// Pages rendered (all of them in a full build).
    pub rendered: usize,
    /// By page index (the archive's): whether it was rendered. What an edit reached, page by
    /// page, for the tests to name.
    #[cfg(test)]
    pub rendered_pages: Vec<bool>,
    /// Output files written, replaced or removed.
    pub changed: usize,
    pub incremental: bool,
    /// Files of the search index rendered.
    pub search_rendered: usize,
    /// Items split into words to fingerprint the search index (see
    /// `render::search::prints`): none without a cache (the index rendered whole gives its
    /// sums), none when none changed, two for each item changed.
    pub search_split: usize,
}

/// What the last build into an output left for the next: its cache, when it is for this
/// output as it is now and for the same binary, theme, site.toml and base URL.
pub struct Prior {
    setup: u128,
    /// The cache, read on a thread of its own while the content is walked (see
    /// [`Prior::read`]); taken by [`Prior::cache`].
    reading: std::sync::Mutex<Option<std::thread::JoinHandle<Option<Cache>>>>,
    cache: OnceLock<Option<Cache>>,
    full: bool,
    /// The content as the last build parsed it, once [`Prior::read_content`] has opened it:
    /// the search index's fingerprints read an edited item's old words from it.
    kept: OnceLock<Kept>,
}

impl Prior {
    /// Started before the content is read, so that loading can reuse what the cache kept of
    /// it; `full` ignores the cache. The cache (about 100 MB and millions of strings at
    /// 10,000 meetings, most of a second to decode) is read on a thread of its own meanwhile:
    /// walking the content waits on the file system more than it works, and the graph wants
    /// the cache only once the files are read (see [`Prior::cache`]).
    pub fn read(root: &Path, config: &Config, out: &Path, full: bool) -> anyhow::Result<Prior> {
        let setup = cache::setup_digest(root, &config.theme_dir(), &config.base_url)?;
        let live = crate::output::folder_id(out);
        // An output without its marker is not as the last build left it (an older diarium's,
        // or changed by hand): only a full build makes it whole.
        let marked = out.join(crate::output::MARKER).is_file();
        let path = cache::path_for(out);
        let reading = (!full && marked).then(|| {
            std::thread::spawn(move || {
                Cache::read(&path).filter(|c| c.setup == setup && live == Some(c.live))
            })
        });
        Ok(Prior {
            setup,
            reading: std::sync::Mutex::new(reading),
            cache: OnceLock::new(),
            full,
            kept: OnceLock::new(),
        })
    }

    /// The last build's cache, when it is usable: waits for [`Prior::read`]'s thread the
    /// first time (the wait is the "cache read" stage).
    fn cache(&self) -> &Option<Cache> {
        self.cache.get_or_init(|| {
            let reading = lock(&self.reading).take();
            crate::timings::stage("cache read", || {
                reading.and_then(|thread| thread.join().ok().flatten())
            })
        })
    }

    /// The content files, each taken from what the last build into this output parsed when
    /// it has not changed since (see [`crate::content::kept`]); all read with `--full`.
    pub fn read_content(&self, content_dir: &Path, out: &Path) -> Files {
        let store = kept::path_for(out);
        // Taken before the walk: a file changed after it is never kept as unchanged.
        let settled = kept::settled_at(std::time::SystemTime::now());
        let kept = (!self.full)
            .then(|| crate::timings::stage("  store index", || Kept::read(&store, self.setup)))
            .flatten();
        let (files, reading, problem) =
            kept::read_all(content_dir, kept.as_ref(), &store, self.setup, settled);
        // Still the last build's: the store just written replaced the file, not this one's
        // open handle.
        if let Some(kept) = kept {
            let _ = self.kept.set(kept);
        }
        if let Some(e) = problem {
            let _ = std::fs::remove_file(&store);
            eprintln!(
                "{}",
                Diagnostic::warning(&store, format!("cannot keep the parsed content: {e}"))
                    .hint("the next build will read every content file again")
            );
        }
        if crate::timings::enabled() {
            eprintln!(
                "content: {} kept from the last build, {} read",
                reading.kept, reading.read
            );
        }
        files
    }

    /// How the graph can reuse the last build's subject detection.
    pub fn reuse(&self) -> Reuse<'_> {
        match self.cache() {
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
    mut prior: Prior,
) -> anyhow::Result<Result<Published, Diagnostics>> {
    prior.cache();
    let Some(mut cached) = prior.cache.take().flatten() else {
        return everything(archive, target, prior.setup, full_prints(archive));
    };
    let (fingerprints, search, split) = crate::timings::stage("fingerprints", || {
        let mut f = Fingerprints::of(&archive.site);
        // The search index's buckets, which its files read instead of every item.
        let (buckets, search, split) = search_prints(archive, &mut prior, &mut cached);
        f.tables[Kind::SearchBucket as usize] = buckets;
        (f, search, split)
    });
    let published = incremental(
        archive,
        target,
        cached,
        prior.setup,
        (fingerprints, &search),
    );
    Ok(published?.map(|p| Published {
        search_split: split,
        ..p
    }))
}

/// The search index's fingerprints (see [`render::search::bucket_prints`]), from the last
/// build's in its cache.
fn search_prints(
    archive: &Archive,
    prior: &mut Prior,
    cached: &mut Cache,
) -> (Vec<(Key, u128)>, render::search::Kept, usize) {
    let content_dir = archive.site.config.content_dir();
    let kept = prior.kept.take();
    let previous = |i: crate::site::ItemId| {
        let item = &archive.site.items.unrecorded()[i];
        let rel = item.path.strip_prefix(&content_dir).ok()?.to_str()?;
        kept.as_ref()?.item(rel)
    };
    let before = render::search::Before {
        kept: std::mem::take(&mut cached.search),
        table: &cached.fingerprints.tables[Kind::SearchBucket as usize],
        previous: &previous,
    };
    render::search::bucket_prints(&archive.site, Some(before))
}

/// The fingerprints of a full build: the search index's sums come from the index itself once
/// it is rendered (see [`everything`]).
fn full_prints(archive: &Archive) -> (Fingerprints, render::search::Unsummed) {
    crate::timings::stage("fingerprints", || {
        rayon::join(
            || Fingerprints::of(&archive.site),
            || render::search::Unsummed::of(&archive.site),
        )
    })
}

/// The full build. The fingerprints come without the search index's buckets': the index,
/// rendered whole, gives their sums.
fn everything(
    archive: &Archive,
    target: &Target,
    setup: u128,
    (mut fingerprints, search): (Fingerprints, render::search::Unsummed),
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
    // By page index, not path: the paths are the archive's already, and copying 420,000 of
    // them while rendering (10,000 meetings) only raised the build's peak memory. Beside
    // each, whether its file was written anew rather than linked from the old output.
    let records = Mutex::new(Vec::with_capacity(archive.pages.len()));
    let summed = OnceLock::new();
    let problems = render::render_everything(archive.work(), &summed, |made: Made<'_>| {
        progress.inc(1);
        let hash = xxh3_128(&made.bytes);
        let written = staging.write(made.path, &made.bytes)?;
        let record = PageRecord {
            hash,
            reads: Packed::pack(&made.reads),
        };
        lock(&records).push((made.index, record, written == Written::New));
        Ok(())
    });
    progress.finish();
    if problems.has_errors() {
        return Ok(Err(problems));
    }
    let old = crate::timings::stage("swap in", || staging.commit_keeping_old())?;
    let mut records = records.into_inner().unwrap_or_else(|e| e.into_inner());
    records.sort_unstable_by(|a, b| archive.paths[a.0].cmp(&archive.paths[b.0]));
    // By place in the sorted list.
    let fresh: Vec<usize> = (records.iter().enumerate())
        .filter_map(|(j, (_, _, fresh))| fresh.then_some(j))
        .collect();
    let pages: Vec<(&str, PageRecord)> = (records.into_iter())
        .map(|(i, record, _)| (archive.paths[i].as_str(), record))
        .collect();
    let n = pages.len();
    let kept = match old {
        Some(old) => {
            crate::timings::stage("keep spare", || keep_as_spare(&old, out, &pages, &fresh))?
        }
        None => None,
    };
    let spare_id = kept.as_ref().and_then(|_| crate::output::folder_id(&spare));
    let spare_differs = kept.unwrap_or_default();
    let (buckets, search, search_split) = search.finish(&archive.site, summed.into_inner());
    fingerprints.tables[Kind::SearchBucket as usize] = buckets;
    let written = Writing {
        setup,
        paths: cache::paths_digest(&archive.paths),
        live: crate::output::folder_id(out).unwrap_or_default(),
        spare: spare_id,
        spare_differs: &spare_differs,
        fingerprints: &fingerprints,
        search: &search,
        pages: &pages,
        signatures: &archive.site.signatures,
    };
    save(&written, out);
    let search_rendered = archive.pages.iter().filter(|p| p.is_search_index()).count();
    Ok(Ok(Published {
        pages: n,
        rendered: n,
        #[cfg(test)]
        rendered_pages: vec![true; n],
        changed: n,
        incremental: false,
        search_rendered,
        search_split,
    }))
}

/// Keeps the output a full build replaced (`old`) as the spare of the new one `out`, when it
/// differs from it at no more than half its pages (see [`crate::output::adopt`]); returns
/// where it differs. `pages` are the new output's, sorted by path, and `fresh` the places
/// among them of the pages written anew.
fn keep_as_spare(
    old: &Path,
    out: &Path,
    pages: &[(&str, PageRecord)],
    fresh: &[usize],
) -> anyhow::Result<Option<BTreeSet<String>>> {
    let in_live = |rel: &str| pages.binary_search_by(|(p, _)| (*p).cmp(rel)).is_ok();
    let fresh = fresh.iter().map(|i| pages[*i].0.to_string());
    crate::output::adopt(old, out, in_live, fresh, pages.len() / 2)
}

/// The incremental build.
fn incremental(
    archive: &Archive,
    target: &Target,
    mut cached: Cache,
    setup: u128,
    (fingerprints, search): (Fingerprints, &render::search::Kept),
) -> anyhow::Result<Result<Published, Diagnostics>> {
    let out = target.path();
    let changes = Changes::between(&cached.fingerprints, &fingerprints);
    let paths = cache::paths_digest(&archive.paths);
    // No entity changed and the pages are the last build's: none is reached, none is new or
    // gone, and the cache on disk already says all this.
    if changes.is_empty() && !changes.moves() && paths == cached.paths {
        return Ok(Ok(Published {
            pages: archive.pages.len(),
            rendered: 0,
            #[cfg(test)]
            rendered_pages: vec![false; archive.pages.len()],
            changed: 0,
            incremental: true,
            search_rendered: 0,
            search_split: 0,
        }));
    }
    // Read only now (see `cache::Pages`): a build with nothing changed never needs them.
    let Some(mut old_pages) = crate::timings::stage("cache pages", || cached.pages.take()) else {
        // Damaged where they lie in the file: the build is full, never wrong.
        return everything(archive, target, setup, full_prints(archive));
    };
    let mut plan = crate::timings::stage("plan", || Plan::make(archive, &mut old_pages, &changes));
    let spare = LazySpare::new(out, cached.spare);
    let work = render::Work {
        search_touches: Some(&search.touches),
        ..archive.work()
    };
    let rendered = crate::timings::stage("render", || render_wanted(work, &mut plan, &spare));
    let written = match rendered {
        Ok(written) => written,
        Err(problems) => return Ok(Err(problems)),
    };
    let published = Published {
        pages: archive.pages.len(),
        rendered: plan.wanted.iter().filter(|w| **w).count(),
        #[cfg(test)]
        rendered_pages: plan.wanted.clone(),
        changed: written.len() + plan.removed.len(),
        incremental: true,
        search_rendered: (archive.pages.iter().zip(&plan.wanted))
            .filter(|(p, w)| **w && p.is_search_index())
            .count(),
        search_split: 0,
    };
    // Nothing rendered, changed or moved: the cache on disk already says all this (the
    // search digests too: no item's changed, or its bucket would have).
    if published.changed == 0 && published.rendered == 0 && changes.is_empty() && !changes.moves() {
        return Ok(Ok(published));
    }
    let mut next = Cache {
        setup,
        paths,
        live: cached.live,
        spare: cached.spare,
        spare_differs: std::mem::take(&mut cached.spare_differs),
        fingerprints,
        search: render::search::Kept::default(),
        pages: cache::Pages::default(),
        // Written from the graph's own (see `save` below), not copied.
        signatures: crate::site::Signatures::default(),
    };
    let records = plan.records(archive, old_pages);
    if published.changed > 0 {
        let (spare, was_kept) = spare.take()?;
        if !was_kept {
            next.spare_differs.clear();
        }
        let brought = crate::timings::stage("spare", || {
            bring_up_to_date(&spare, &mut next.spare_differs, (&plan, &records), written)
        });
        if let Err(problems) = brought {
            return Ok(Err(problems));
        }
        next.live = spare.inode().unwrap_or_default();
        crate::timings::stage("swap in", || spare.commit())?;
        next.spare = crate::output::folder_id(&crate::output::spare_path(out));
    }
    let signatures = &archive.site.signatures;
    save(
        &Writing {
            signatures,
            search,
            ..next.writing(&records)
        },
        out,
    );
    Ok(Ok(published))
}

/// Renders the pages `plan` wants, writes into the spare those whose bytes differ from what
/// the last build wrote, and puts the records of all into `plan.kept`. Returns the paths
/// written.
fn render_wanted(
    work: render::Work<'_>,
    plan: &mut Plan,
    spare: &LazySpare<'_>,
) -> Result<HashSet<String>, Diagnostics> {
    let progress = Progress::new(plan.wanted.iter().filter(|w| **w).count(), "pages");
    let made = Mutex::new(Vec::new());
    let written = Mutex::new(HashSet::new());
    let problems = render::render_all(work, Some(&plan.wanted), |page: Made<'_>| {
        progress.inc(1);
        let hash = xxh3_128(&page.bytes);
        if plan.before[page.index] != Some(hash) {
            spare.get()?.put(page.path, &page.bytes)?;
            lock(&written).insert(page.path.to_string());
        }
        let reads = Packed::pack(&page.reads);
        lock(&made).push((page.index, PageRecord { hash, reads }));
        Ok(())
    });
    progress.finish();
    if problems.has_errors() {
        return Err(problems);
    }
    for (i, record) in made.into_inner().unwrap_or_else(|e| e.into_inner()) {
        plan.kept[i] = Some(record);
    }
    Ok(written.into_inner().unwrap_or_else(|e| e.into_inner()))
}

/// The spare folder, made ready (see [`Spare::prepare`]) when the first file differs: a build
/// that changes no file leaves both folders as they are, and makes no spare after a full
/// build (making one links every file of the output: seconds at 10,000 meetings).
struct LazySpare<'a> {
    out: &'a Path,
    known: Option<(u64, u64)>,
    cell: OnceLock<Result<(Spare, bool), String>>,
}

impl<'a> LazySpare<'a> {
    fn new(out: &'a Path, known: Option<(u64, u64)>) -> LazySpare<'a> {
        LazySpare {
            out,
            known,
            cell: OnceLock::new(),
        }
    }

    fn get(&self) -> Result<&Spare, Diagnostic> {
        let got = self
            .cell
            .get_or_init(|| Spare::prepare(self.out, self.known).map_err(|e| format!("{e:#}")));
        got.as_ref()
            .map(|(s, _)| s)
            .map_err(|e| Diagnostic::error(self.out, e.clone()))
    }

    /// The spare, made ready now if no page made it so, and whether it was kept.
    fn take(self) -> anyhow::Result<(Spare, bool)> {
        if let Err(d) = self.get() {
            anyhow::bail!("{}", d.message);
        }
        self.cell
            .into_inner()
            .and_then(Result::ok)
            .ok_or_else(|| anyhow::anyhow!("{}: no spare folder", self.out.display()))
    }
}

/// Writes into the spare what it lacks of the new output besides the pages just `written`
/// there: where it still differed from the live output (`differs`, one build behind), the
/// live file or nothing; and the pages gone. `differs` becomes where the spare will differ
/// from the live output once they are exchanged.
///
/// `pages` are the new cache's, by path: one for every page of the new archive.
fn bring_up_to_date(
    spare: &Spare,
    differs: &mut BTreeSet<String>,
    (plan, pages): (&Plan, &[(String, PageRecord)]),
    written: HashSet<String>,
) -> Result<(), Diagnostics> {
    let has = |path: &str| {
        pages
            .binary_search_by(|(p, _)| p.as_str().cmp(path))
            .is_ok()
    };
    let mut problems = Vec::new();
    for path in differs.iter() {
        if written.contains(path) {
            continue;
        }
        let done = if has(path) {
            spare.take_live(path)
        } else {
            spare.remove(path)
        };
        problems.extend(done.err());
    }
    for path in &plan.removed {
        problems.extend(spare.remove(path).err());
    }
    if !problems.is_empty() {
        return Err(Diagnostics(problems));
    }
    differs.clear();
    differs.extend(written);
    differs.extend(plan.removed.iter().cloned());
    Ok(())
}

/// By page, where `cached` holds the record of its path.
fn where_cached(paths: &[String], cached: &[(String, PageRecord)]) -> Vec<Option<usize>> {
    let index: FxHashMap<&str, usize> = (cached.iter().enumerate())
        .map(|(j, (path, _))| (path.as_str(), j))
        .collect();
    (paths.par_iter())
        .map(|p| index.get(p.as_str()).copied())
        .collect()
}

/// What an incremental build does with each page of the new archive.
struct Plan {
    /// By page index: to be rendered.
    wanted: Vec<bool>,
    /// By page index: the hash of the bytes the last build wrote at its path.
    before: Vec<Option<u128>>,
    /// By page index: the record carried over from the cache (rendered pages' come later).
    kept: Vec<Option<PageRecord>>,
    /// By page index: where the cache holds the last build's record of its path.
    at: Vec<Option<usize>>,
    /// Output paths of the last build the new archive no longer has.
    removed: Vec<String>,
}

impl Plan {
    /// Takes the records the changes do not reach out of `cached`, moved to the new graph's
    /// indices when entities moved (and carried over as they are otherwise).
    fn make(archive: &Archive, cached: &mut [(String, PageRecord)], changes: &Changes) -> Plan {
        let n = archive.pages.len();
        // Which records the changes reach (decoding every page's reads: 6 million runs at
        // 10,000 meetings), beside where each page's record is: on every core.
        let (at, reached) = rayon::join(
            || where_cached(&archive.paths, cached),
            || {
                (cached.par_iter())
                    .map(|(_, r)| r.reads.runs().any(|(k, s, n)| changes.reaches_run(k, s, n)))
                    .collect::<Vec<bool>>()
            },
        );
        let mut plan = Plan {
            wanted: vec![false; n],
            before: vec![None; n],
            kept: Vec::with_capacity(n),
            at,
            removed: Vec::new(),
        };
        let moves = changes.moves();
        let mut present = vec![false; cached.len()];
        for i in 0..n {
            let Some(j) = plan.at[i] else {
                plan.wanted[i] = true;
                plan.kept.push(None);
                continue;
            };
            present[j] = true;
            let record = &mut cached[j].1;
            plan.before[i] = Some(record.hash);
            if reached[j] {
                plan.wanted[i] = true;
                plan.kept.push(None);
                continue;
            }
            let reads = if moves {
                Packed::pack(&changes.remap(record.reads.iter()))
            } else {
                std::mem::take(&mut record.reads)
            };
            plan.kept.push(Some(PageRecord {
                hash: record.hash,
                reads,
            }));
        }
        plan.removed = (cached.iter().zip(present))
            .filter(|(_, present)| !present)
            .map(|((p, _), _)| p.clone())
            .collect();
        plan
    }

    /// The new cache's page records, sorted by path, made from the last build's (`cached`,
    /// sorted): each kept in its place, so that only pages new to this build need a sort.
    /// Every page was kept or rendered; one without a record would only be rendered again.
    fn records(
        &mut self,
        archive: &Archive,
        cached: Vec<(String, PageRecord)>,
    ) -> Vec<(String, PageRecord)> {
        let mut by_cache: Vec<Option<PageRecord>> = Vec::new();
        by_cache.resize_with(cached.len(), || None);
        let mut added = Vec::new();
        for (i, record) in std::mem::take(&mut self.kept).into_iter().enumerate() {
            let Some(record) = record else { continue };
            match self.at[i] {
                Some(j) => by_cache[j] = Some(record),
                None => added.push((archive.paths[i].clone(), record)),
            }
        }
        let mut pages: Vec<(String, PageRecord)> = (cached.into_iter().zip(by_cache))
            .filter_map(|((path, _), record)| Some((path, record?)))
            .collect();
        if !added.is_empty() {
            pages.extend(added);
            pages.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        }
        pages
    }
}

/// Writes the cache; a cache that cannot be written only makes the next build full.
fn save<P: AsRef<str>>(cache: &Writing<'_, P>, out: &Path) {
    let path = cache::path_for(out);
    if let Err(e) = crate::timings::stage("cache write", || cache.write(&path)) {
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
