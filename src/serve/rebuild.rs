//! The minimal rebuild after a change. Which cached pages an edit reaches is not listed here:
//! every cached page keeps what it read of the graph (see [`crate::site::reads`]), and the
//! entities an edit changed are found by comparing fingerprints (see
//! [`crate::site::fingerprint`]). Two ways to the new graph, cheapest first:
//!
//! - **A text edit** (an item's or meeting's body or title changed, nothing else in its
//!   front-matter, and nothing subject detection reads): the graph's links do not move, so
//!   the file's entity is patched in place and is the one entity changed. O(1) in the
//!   archive's size.
//! - **A link edit** (an item's number, cases, references, outcome, people or votes, with
//!   what subject detection reads of it unchanged): the item is patched in and the graph's
//!   links are made again in place by the steps `build` runs (see [`crate::site::Relink`]);
//!   organizations, bodies, meetings, items and subjects stay. Fingerprints tell which
//!   entities changed.
//! - **An item file added to a meeting the graph holds, or removed** (one, alone in its
//!   batch): the item is put in or taken out at the place a fresh build numbers it, the
//!   items after it move, the graph is relinked and its subjects detected again from the
//!   signatures it keeps (see [`crate::site::Resize`]).
//! - **Anything else** (other files added or deleted, a meeting's front-matter, the
//!   registry, an item's subject terms, or any edit while a file does not parse): the changed files are
//!   re-parsed, the rest is reused, and the graph is assembled again from all parsed files
//!   through the pipeline, exactly as `build` does; the two graphs' fingerprints tell which
//!   entities changed.
//!
//! A template, static file or site.toml reaches every page: the theme (or everything) is
//! loaded again. A file that no longer parses does not touch the graph: the last good site
//! stays served for non-HTML requests while HTML requests show the error, until the file is
//! fixed.

use super::state::State;
use super::watch::Change;
use crate::content::{self, Parsed};
use crate::pipeline;
use crate::site::fingerprint::{Changes, Fingerprints};
use crate::site::reads::{Kind, Read};
use crate::site::subjects::detect::{signature, ItemSignature};
use crate::site::{title_pairs, ItemId, MeetingId, Relink, Resize};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// What a rebuild did, for the terminal.
pub struct Report {
    pub what: String,
    pub affected: usize,
    pub rerendered: usize,
    pub millis: f64,
    /// Nothing changed (an editor's second event for one save): no reload needed.
    pub nothing: bool,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {} pages affected, {} re-rendered, in {:.1} ms",
            self.what, self.affected, self.rerendered, self.millis
        )
    }
}

/// How one content file's new version relates to what the graph holds.
enum Edit {
    Same,
    /// Back to what the graph holds after a broken version: only the error page goes.
    Fixed,
    /// With the new version's subject signature, which the graph keeps by its digest.
    ItemText(ItemId, Box<Parsed>, ItemSignature),
    MeetingText(MeetingId, Box<Parsed>),
    /// The same item with other links (its number, cases, references, people, votes) but
    /// what subject detection sees of it unchanged: patched in, then the graph relinked.
    ItemLinks(ItemId, Box<Parsed>, ItemSignature),
    /// An item file added to a meeting the graph holds, with its subject signature.
    ItemAdded(MeetingId, Box<Parsed>, ItemSignature),
    /// The file of an item the graph holds, removed.
    ItemRemoved(ItemId),
    /// The file's new version does not parse: recorded, the graph untouched.
    Broken,
    Structural,
}

impl Edit {
    /// The item of the graph whose file version this edit replaces or removes.
    fn item_replaced(&self) -> Option<ItemId> {
        match self {
            Edit::ItemText(i, ..) | Edit::ItemLinks(i, ..) | Edit::ItemRemoved(i) => Some(*i),
            _ => None,
        }
    }
}

impl State {
    pub fn apply(&mut self, change: &Change) -> Report {
        let started = Instant::now();
        let (what, affected, rerendered, nothing) = match change {
            Change::Config => self.reload_config(),
            Change::Theme => self.reload_theme(),
            Change::Content(paths) => self.content_changed(paths),
        };
        Report {
            what,
            affected,
            rerendered,
            millis: started.elapsed().as_secs_f64() * 1e3,
            nothing,
        }
    }

    fn reload_config(&mut self) -> (String, usize, usize, bool) {
        match State::load(&self.root, &self.base_url) {
            Ok(mut fresh) => {
                fresh.cache = std::mem::take(&mut self.cache);
                *self = fresh;
                let n = self.rerender_all_cached();
                (
                    "site.toml: everything reloaded".into(),
                    self.index.len(),
                    n,
                    false,
                )
            }
            Err(d) => {
                self.setup_diags = d;
                (
                    "site.toml: not loaded, the previous config is kept".into(),
                    0,
                    0,
                    false,
                )
            }
        }
    }

    fn reload_theme(&mut self) -> (String, usize, usize, bool) {
        // The config is read again too: the theme's name lives in site.toml.
        match pipeline::setup(&self.root, Some(&self.base_url)) {
            Ok((_, theme)) => {
                self.archive.theme = theme;
                self.setup_diags = Default::default();
                self.archive.list_pages();
                self.reindex();
                let n = self.rerender_all_cached();
                ("theme reloaded".into(), self.index.len(), n, false)
            }
            Err(d) => {
                self.setup_diags = d;
                (
                    "theme: not loaded, the previous templates are kept".into(),
                    0,
                    0,
                    false,
                )
            }
        }
    }

    fn content_changed(&mut self, paths: &[PathBuf]) -> (String, usize, usize, bool) {
        let dir = self.archive.config().content_dir();
        let mut patched: Vec<Read> = Vec::new();
        let mut relink = Relink::default();
        let mut resized = Vec::new();
        let mut structural = false;
        let mut broken = 0;
        let mut fixed = 0;
        // The digests of item files' versions the graph is about to drop: their signatures
        // go too, unless another item still has the same file.
        let mut dropped = Vec::new();
        for path in paths {
            let edit = self.classify_edit(&dir, path);
            if let Some(i) = edit.item_replaced() {
                dropped.push(self.archive.site.items.unrecorded()[i].digest);
            }
            match edit {
                Edit::Same => {}
                Edit::Broken => broken += 1,
                Edit::Fixed => fixed += 1,
                Edit::Structural => structural = true,
                Edit::ItemText(i, doc, signed) => patched.push(self.patch_item(i, *doc, signed)),
                Edit::MeetingText(m, doc) => patched.push(self.patch_meeting(m, *doc)),
                Edit::ItemAdded(m, doc, signed) => {
                    if let Parsed::Item { doc, .. } = *doc {
                        self.archive.site.signatures.insert(doc.digest, signed);
                        resized.push(Resize::Added(m, doc));
                    }
                }
                Edit::ItemRemoved(i) => resized.push(Resize::Removed(i)),
                Edit::ItemLinks(i, doc, signed) => {
                    if let Parsed::Item { doc, .. } = *doc {
                        self.archive.site.signatures.insert(doc.digest, signed);
                        relink.add(i, *doc);
                    }
                }
            }
        }
        let name = describe(&self.root, paths);
        let outcome = self.apply_edits(name, (patched, relink, resized), structural, broken, fixed);
        self.forget_signatures(dropped);
        outcome
    }

    /// Takes the edits of one batch to the graph by the cheapest way that makes it as a
    /// fresh load would (see the module's header).
    fn apply_edits(
        &mut self,
        name: String,
        (patched, relink, mut resized): (Vec<Read>, Relink, Vec<Resize>),
        structural: bool,
        broken: usize,
        fixed: usize,
    ) -> (String, usize, usize, bool) {
        // A file that does not parse left its last good version in the graph, which a fresh
        // load would not hold: only assembling the graph again drops it.
        let stale = || content::has_errors(&self.archive.files);
        // One item added or removed moves the items after it; more, or with other edits
        // of the graph, are left to assembling it again.
        let alone = relink.is_empty() && patched.is_empty() && resized.len() == 1;
        if structural || (!resized.is_empty() && (!alone || stale())) {
            return self.rebuild_graph(name);
        }
        if let Some(resize) = resized.pop() {
            return self.resize_graph(name, resize);
        }
        if !relink.is_empty() && stale() {
            return self.rebuild_graph(name);
        }
        if !relink.is_empty() {
            return self.relink_graph(name, relink);
        }
        // Only what differs: a text edit leaves the item's other fingerprint as it was, and the
        // pages that list the item without its text as they are.
        let changed: Vec<Read> = (patched.iter())
            .flat_map(|read| self.fingerprints.refresh(&self.archive.site, *read))
            .collect();
        let changes = Changes::only(&self.fingerprints, &changed);
        let (affected, n) = self.rerender_reached(&changes);
        let nothing = patched.is_empty() && broken == 0 && fixed == 0;
        let what = if broken > 0 {
            format!("{name}: does not parse, the last good site is kept")
        } else if patched.is_empty() && fixed > 0 {
            format!("{name}: fixed")
        } else {
            format!("{name}: text edit")
        };
        (what, affected, n, nothing)
    }

    /// Forgets the signatures of the file versions `digests` unless an item still has one.
    fn forget_signatures(&mut self, mut digests: Vec<u128>) {
        let site = &mut self.archive.site;
        digests.retain(|d| !site.items.unrecorded().iter().any(|i| i.digest == *d));
        for d in digests {
            site.signatures.remove(d);
        }
    }

    /// Re-renders the cached pages whose reads the changes reach, and moves the others'
    /// reads to the new graph's indices. Returns (pages reached, pages re-rendered).
    fn rerender_reached(&mut self, changes: &Changes) -> (usize, usize) {
        let mut reached = Vec::new();
        let mut cache = std::mem::take(&mut self.cache);
        cache.retain(|path, cached| {
            if self.page_at(path).is_none() {
                return false;
            }
            if changes.reaches(cached.reads.iter().copied()) {
                reached.push(path.clone());
            } else {
                cached.reads = changes.remap(cached.reads.iter().copied());
            }
            true
        });
        self.cache = cache;
        let affected = reached.len();
        (affected, self.rerender(reached))
    }

    /// Reads the file again and decides how far its change reaches, recording the new version.
    fn classify_edit(&mut self, dir: &Path, path: &Path) -> Edit {
        if path.is_dir() {
            return self.rescan(dir);
        }
        let fresh = content::read_one(dir, path);
        let item = self.item_at(path);
        let in_graph = item.is_some() || self.meeting_at(path).is_some();
        let files = &mut self.archive.files;
        let Some(fresh) = fresh else {
            let was = files.remove(path);
            if let (Some(Ok(_)), Some(i)) = (&was, item) {
                return Edit::ItemRemoved(i);
            }
            if was.is_some() || in_graph {
                return Edit::Structural;
            }
            // A folder removed: forget every file below it. Paths order by component, so
            // they follow `path` in the map (an editor's temporary file finds none, cheaply).
            let below: Vec<PathBuf> = files
                .range(path.to_path_buf()..)
                .map(|(p, _)| p)
                .take_while(|p| p.starts_with(path))
                .cloned()
                .collect();
            for p in &below {
                files.remove(p);
            }
            return if below.is_empty() {
                Edit::Same
            } else {
                Edit::Structural
            };
        };
        let was = files.get(path);
        let was_broken = matches!(was, Some(Err(_)));
        let edit = match &fresh {
            // A warning only (a link skipped) leaves the file out of the graph: structural.
            Err(d) if !d.has_errors() => Edit::Structural,
            Err(_) => Edit::Broken,
            Ok(doc) => match self.compare(path, doc) {
                Edit::Same if was_broken => Edit::Fixed,
                other => other,
            },
        };
        self.archive.files.insert(path.to_path_buf(), fresh);
        edit
    }

    /// A folder appeared (a meeting copied in, or renamed): read the content tree again.
    fn rescan(&mut self, dir: &Path) -> Edit {
        self.archive.files = content::read_all(dir);
        Edit::Structural
    }

    fn compare(&self, path: &Path, doc: &Parsed) -> Edit {
        let site = &self.archive.site;
        match doc {
            Parsed::Item { doc: new, .. } => {
                let Some(i) = self.item_at(path) else {
                    return self.added(path, doc);
                };
                let old = &site.items.unrecorded()[i];
                // A file saved unchanged still moves its `modified` (open data): patched.
                let modified = site.items.unrecorded().modified(i);
                if old.digest == new.digest && modified == new.modified {
                    return Edit::Same;
                }
                let mut same_links = new.meta.clone();
                same_links.title.clone_from(&old.meta.title);
                // Subjects are detected from titles and text: an edit that changes what
                // detection sees of the item needs the whole graph.
                // The old one was made with the graph (by the file's digest).
                let config = &site.config.subjects;
                let new_people: Vec<&str> = new.meta.people().collect();
                let signed = signature(&new.meta.title, &new.text.get(), &new_people, config);
                let same_subjects = site.signatures.get(old.digest) == Some(&signed);
                // An agenda item and its protocol paragraph may be paired by their titles.
                let same_pairs = new.meta.title == old.meta.title || !title_pairs(site, i);
                if same_links == old.meta && new.stem == old.stem && same_subjects && same_pairs {
                    Edit::ItemText(i, Box::new(doc.clone()), signed)
                } else if Relink::keeps_subjects(site, i, new, same_subjects) {
                    Edit::ItemLinks(i, Box::new(doc.clone()), signed)
                } else {
                    Edit::Structural
                }
            }
            Parsed::Meeting(new) => {
                let Some(m) = self.meeting_at(path) else {
                    return Edit::Structural;
                };
                let old = &site.meetings.unrecorded()[m];
                let modified = site.meetings.unrecorded().modified(m);
                if old.digest == new.digest && modified == new.modified {
                    return Edit::Same;
                }
                let mut same_links = new.meta.clone();
                same_links.title.clone_from(&old.meta.title);
                if same_links == old.meta {
                    Edit::MeetingText(m, Box::new(doc.clone()))
                } else {
                    Edit::Structural
                }
            }
            // The registry names people everywhere: the graph is assembled again, and the
            // fingerprints tell which pages its edit reached.
            Parsed::People(_) => Edit::Structural,
        }
    }

    /// A new item file: added in place when its meeting is in the graph and its name can be
    /// an address (else the build leaves it out with an error, which assembling shows).
    fn added(&self, path: &Path, doc: &Parsed) -> Edit {
        let Parsed::Item { doc: new, .. } = doc else {
            return Edit::Structural;
        };
        let meeting = self.meeting_at(&path.with_file_name("_index.md"));
        match meeting {
            Some(m) if crate::slug::slugify(&new.stem) == new.stem => {
                let config = &self.archive.site.config.subjects;
                let people: Vec<&str> = new.meta.people().collect();
                let signed = signature(&new.meta.title, &new.text.get(), &people, config);
                Edit::ItemAdded(m, Box::new(doc.clone()), signed)
            }
            _ => Edit::Structural,
        }
    }

    /// Patches the item in place; returns the entity changed.
    fn patch_item(&mut self, i: ItemId, doc: Parsed, signed: ItemSignature) -> Read {
        if let Parsed::Item { doc, .. } = doc {
            // The next edit of this file compares with this version's signature.
            self.archive.site.signatures.insert(doc.digest, signed);
            let item = &mut self.archive.site.items[i];
            item.meta.title = doc.meta.title;
            item.replace_text(doc.text, doc.modified);
            item.digest = doc.digest;
        }
        Read::one(Kind::Item, i.index())
    }

    /// Patches the meeting in place; returns the entity changed.
    fn patch_meeting(&mut self, m: MeetingId, doc: Parsed) -> Read {
        if let Parsed::Meeting(doc) = doc {
            let meeting = &mut self.archive.site.meetings[m];
            meeting.meta.title = doc.meta.title;
            meeting.replace_text(doc.text, doc.modified);
            meeting.digest = doc.digest;
        }
        Read::one(Kind::Meeting, m.index())
    }

    /// Relinks the graph in place after items changed their links (see [`Relink`]); the
    /// fingerprints tell which entities changed, as after assembling it again.
    fn relink_graph(&mut self, name: String, relink: Relink) -> (String, usize, usize, bool) {
        let what = format!("{name}: graph relinked");
        self.graph_in_place(what, false, |archive, fingerprints| {
            archive.relink(relink, |site, relinked| {
                crate::timings::stage("fingerprints", || fingerprints.relinked(site, relinked))
            })
        })
    }

    /// Puts an item in or takes it out in place (see [`Resize`]): as a relink, but every
    /// item after it moves, and with it the pages and the content file index.
    fn resize_graph(&mut self, name: String, resize: Resize) -> (String, usize, usize, bool) {
        let what = format!("{name}: item put in place, graph relinked");
        self.graph_in_place(what, true, |archive, fingerprints| {
            archive.resize(resize, |site, relinked| {
                crate::timings::stage("fingerprints", || fingerprints.relinked(site, relinked))
            })
        })
    }

    /// Changes the graph in place by `change` (which returns the changes its fingerprints
    /// found and whether the page list stayed the same), then indexes again what moved and
    /// renders what the changes reach. `items_moved`: an item was put in or taken out, so
    /// the content file index moves too (and debug builds compare with a fresh assembly).
    fn graph_in_place(
        &mut self,
        what: String,
        items_moved: bool,
        change: impl FnOnce(&mut pipeline::Archive, &mut Fingerprints) -> (Changes, bool),
    ) -> (String, usize, usize, bool) {
        use crate::timings::stage;
        let started = Instant::now();
        let (changes, same_pages) = stage("relink", || {
            change(&mut self.archive, &mut self.fingerprints)
        });
        let graph_ms = started.elapsed().as_secs_f64() * 1e3;
        if items_moved {
            stage("reindex", || self.reindex());
            #[cfg(debug_assertions)]
            self.archive.assert_fresh();
        } else if !same_pages {
            // Items and meetings stay where they were: only the pages can have moved.
            stage("reindex", || self.reindex_pages());
        }
        let (affected, n) = stage("rerender", || self.rerender_reached(&changes));
        (format!("{what} in {graph_ms:.0} ms"), affected, n, false)
    }

    fn rebuild_graph(&mut self, name: String) -> (String, usize, usize, bool) {
        use crate::timings::stage;
        let started = Instant::now();
        let old_pages = std::mem::take(&mut self.archive.pages);
        let old_paths = std::mem::take(&mut self.archive.paths);
        let (previous, fresh) = stage("reassemble", || {
            (self.archive).reassemble(|site| stage("fingerprints", || Fingerprints::of(site)))
        });
        let graph_ms = started.elapsed().as_secs_f64() * 1e3;
        let changes = stage("changes", || Changes::between(&self.fingerprints, &fresh));
        self.fingerprints = fresh;
        stage("reindex", || {
            self.reindex_since(&previous, (&old_paths, &old_pages));
        });
        // Nothing reads the old graph any more; freeing it waits for no one.
        std::thread::spawn(move || drop((previous, old_paths, old_pages)));
        let (affected, n) = stage("rerender", || self.rerender_reached(&changes));
        let s = &self.archive.site;
        let what = format!(
            "{name}: graph rebuilt ({} meetings, {} items) in {graph_ms:.0} ms",
            s.meetings.unrecorded().len(),
            s.items.unrecorded().len()
        );
        (what, affected, n, false)
    }
}

/// `content/a/b/c/002-x.md`, or `3 files`.
fn describe(root: &Path, paths: &[PathBuf]) -> String {
    // An editor's temporary files are part of the batch but not of the story.
    let md: Vec<PathBuf> = paths
        .iter()
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .cloned()
        .collect();
    let paths = if md.is_empty() { paths } else { &md[..] };
    match paths {
        [one] => one.strip_prefix(root).unwrap_or(one).display().to_string(),
        many => format!("{} files", many.len()),
    }
}
