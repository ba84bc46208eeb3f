//! The served site, in memory: the archive as the pipeline loads it (config, theme, graph,
//! every content file as last parsed), and a cache of rendered pages, each with what it read
//! of the graph. Nothing is written to disk, and nothing is rendered ahead: a page is rendered
//! when first asked for and kept until an edit reaches what it read, so a 150,000-item archive
//! costs its graph, not its several GB of HTML.

use super::positions::Positions;
use crate::diag::{Diagnostic, Diagnostics};
use crate::pipeline::{self, Archive, Keep};
use crate::render::{Page, Renderer};
use crate::site::fingerprint::Fingerprints;
use crate::site::reads::Read;
use crate::site::{ItemId, MeetingId, Site};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A cache larger than this is dropped whole: it only holds pages someone opened, so reaching
/// it means a crawler, and re-rendering on demand is cheap.
const CACHE_LIMIT: usize = 4096;

/// What a request for a site path finds.
pub enum Lookup {
    /// A page of the site, rendered.
    Found(Arc<Vec<u8>>),
    /// The page exists but failed to render.
    Failed(Diagnostic),
    Missing,
}

/// A rendered page and what it read of the graph it was rendered from.
pub(super) struct Cached {
    pub bytes: Arc<Vec<u8>>,
    pub reads: Box<[Read]>,
}

pub struct State {
    pub root: PathBuf,
    /// The URL the server answers on; replaces site.toml's `base_url` so links stay local.
    pub base_url: String,
    pub archive: Archive,
    /// The graph's entities, fingerprinted: compared with the next graph's after an edit.
    pub(super) fingerprints: Fingerprints,
    /// site.toml or theme problems: the last good config and theme stay in use meanwhile.
    pub(super) setup_diags: Diagnostics,
    /// Site path (`a/b/index.html`) → its position in the archive's pages.
    pub(super) index: Positions,
    /// Content file → item, and → meeting.
    pub(super) item_paths: Positions,
    pub(super) meeting_paths: Positions,
    pub(super) cache: HashMap<String, Cached>,
}

impl State {
    /// Loads the archive through the pipeline, as `build` does. `Err` when there is nothing to
    /// serve (site.toml or the theme cannot be read); content problems are kept and shown.
    pub fn load(root: &Path, base_url: &str) -> Result<State, Diagnostics> {
        let archive = pipeline::load(root, Some(base_url), Keep::Everything)?;
        let mut state = State {
            root: root.to_path_buf(),
            base_url: base_url.to_string(),
            fingerprints: Fingerprints::of(&archive.site),
            archive,
            setup_diags: Diagnostics::default(),
            index: Positions::default(),
            item_paths: Positions::default(),
            meeting_paths: Positions::default(),
            cache: HashMap::new(),
        };
        state.reindex();
        Ok(state)
    }

    /// Every problem that stands now, as `build` and `check` would report it, and the problems
    /// of a site.toml or theme that could not be loaded again.
    pub fn diagnostics(&self) -> Diagnostics {
        let mut all = self.setup_diags.clone();
        all.extend(self.archive.diagnostics().0);
        all.sorted()
    }

    /// With an error, HTML requests get the error page.
    pub fn has_errors(&self) -> bool {
        !self.setup_diags.is_empty() || self.archive.has_errors()
    }

    /// The page at a site path, from the cache or rendered now.
    pub fn lookup(&mut self, path: &str) -> Lookup {
        if let Some(cached) = self.cache.get(path) {
            return Lookup::Found(cached.bytes.clone());
        }
        let Some(page) = self.page_at(path) else {
            return Lookup::Missing;
        };
        let renderer = Renderer::new(&self.archive.site, &self.archive.theme);
        match renderer.render_recorded(page) {
            (Ok(bytes), reads) => {
                if self.cache.len() >= CACHE_LIMIT {
                    self.cache.clear();
                }
                let bytes = Arc::new(bytes);
                let cached = Cached {
                    bytes: bytes.clone(),
                    reads,
                };
                self.cache.insert(path.to_string(), cached);
                Lookup::Found(bytes)
            }
            (Err(d), _) => Lookup::Failed(d),
        }
    }

    pub fn has_page(&self, path: &str) -> bool {
        self.page_at(path).is_some()
    }

    /// The page at a site path.
    pub(super) fn page_at(&self, path: &str) -> Option<Page> {
        let paths = &self.archive.paths;
        let at = self
            .index
            .find(path.as_bytes(), |at| paths[at].as_bytes())?;
        Some(self.archive.pages[at])
    }

    /// The item a content file holds, when the graph has it.
    pub(super) fn item_at(&self, path: &Path) -> Option<ItemId> {
        let items = self.archive.site.items.unrecorded();
        let at = (self.item_paths).find(bytes(path), |at| bytes(&items[ItemId::new(at)].path));
        at.map(ItemId::new)
    }

    /// The meeting a content file (`_index.md`) holds, when the graph has it.
    pub(super) fn meeting_at(&self, path: &Path) -> Option<MeetingId> {
        let meetings = self.archive.site.meetings.unrecorded();
        let at =
            (self.meeting_paths).find(bytes(path), |at| bytes(&meetings[MeetingId::new(at)].path));
        at.map(MeetingId::new)
    }

    /// Rebuilds the path indexes after the graph or theme changed.
    pub(super) fn reindex(&mut self) {
        let a = &self.archive;
        self.index = Positions::of(&a.paths, |p| p.as_bytes());
        let site = &a.site;
        self.item_paths = Positions::of(site.items.unrecorded(), |i| bytes(&i.path));
        self.meeting_paths = Positions::of(site.meetings.unrecorded(), |m| bytes(&m.path));
    }

    /// [`State::reindex`] after the graph was assembled again, from `previous` with the page
    /// list `old`: each index is built again only when what it maps moved. After most edits
    /// nothing did, and comparing the lists in order is a tenth of the cost of building the
    /// maps (or of looking every entry up in them).
    pub(super) fn reindex_since(&mut self, previous: &Site, old: (&[String], &[Page])) {
        self.reindex_pages_since(old);
        let site = &self.archive.site;
        let (items, was) = (site.items.unrecorded(), previous.items.unrecorded());
        if !same_paths(items, was, |i| &i.path) {
            self.item_paths = Positions::of(items, |i| bytes(&i.path));
        }
        let (meetings, was) = (site.meetings.unrecorded(), previous.meetings.unrecorded());
        if !same_paths(meetings, was, |m| &m.path) {
            self.meeting_paths = Positions::of(meetings, |m| bytes(&m.path));
        }
    }

    /// The page index again when the page list differs from `old`.
    pub(super) fn reindex_pages_since(&mut self, old: (&[String], &[Page])) {
        let a = &self.archive;
        if (a.paths.as_slice(), a.pages.as_slice()) != old {
            self.reindex_pages();
        }
    }

    /// The page index again, after the page list changed.
    pub(super) fn reindex_pages(&mut self) {
        self.index = Positions::of(&self.archive.paths, |p| p.as_bytes());
    }

    /// Drops the given cached pages and renders them again (they are the ones open in a
    /// browser, about to reload); a path that is no longer a page is only dropped. Returns
    /// how many were re-rendered.
    pub(super) fn rerender(&mut self, paths: Vec<String>) -> usize {
        for p in &paths {
            self.cache.remove(p);
        }
        if paths.is_empty() {
            return 0;
        }
        let (site, theme) = (&self.archive.site, &self.archive.theme);
        let renderer = crate::timings::stage("renderer", || Renderer::new(site, theme));
        let this = &*self;
        let fresh: Vec<(String, Cached)> = paths
            .into_par_iter()
            .filter_map(|p| {
                let page = this.page_at(&p)?;
                match renderer.render_recorded(page) {
                    (Ok(bytes), reads) => Some((
                        p,
                        Cached {
                            bytes: Arc::new(bytes),
                            reads,
                        },
                    )),
                    (Err(_), _) => None,
                }
            })
            .collect();
        let n = fresh.len();
        self.cache.extend(fresh);
        n
    }

    /// After the theme or config changed: re-render every cached page that still exists.
    pub(super) fn rerender_all_cached(&mut self) -> usize {
        let paths: Vec<String> = self.cache.keys().cloned().collect();
        self.rerender(paths)
    }
}

/// Whether two lists of entities have the same paths in the same order.
fn same_paths<T>(a: &[T], b: &[T], path: impl Fn(&T) -> &PathBuf) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| path(x) == path(y))
}

/// A content file's path as the indexes key it.
fn bytes(path: &Path) -> &[u8] {
    path.as_os_str().as_encoded_bytes()
}
