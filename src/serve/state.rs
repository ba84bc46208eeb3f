//! The served site, in memory: the config, theme and graph of the last load, every content file
//! as last parsed, and a cache of rendered pages. Nothing is written to disk, and nothing is
//! rendered ahead: a page is rendered when first asked for and kept until an edit touches it,
//! so a 150,000-item archive costs its graph, not its several GB of HTML.

use crate::config::{self, Config};
use crate::content::{self, Parsed};
use crate::diag::{Diagnostic, Diagnostics};
use crate::render::{self, theme::Theme, Page, Renderer};
use crate::site::{ItemId, MeetingId, Site};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
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

pub struct State {
    pub root: PathBuf,
    /// The URL the server answers on; replaces site.toml's `base_url` so links stay local.
    pub base_url: String,
    pub config: Config,
    pub theme: Theme,
    pub site: Site,
    /// Every content file as last read: the parsed document or the problem that stopped it.
    pub(super) files: BTreeMap<PathBuf, Result<Parsed, Diagnostics>>,
    /// Problems of the graph and of assembling meetings (not of single files).
    pub(super) graph_diags: Diagnostics,
    /// site.toml or theme problems: the last good config and theme stay in use meanwhile.
    pub(super) setup_diags: Diagnostics,
    /// Site path (`a/b/index.html`) → page.
    pub(super) index: HashMap<String, Page>,
    /// Two pages claiming one path, found when the index is made (as `build` finds them).
    pub(super) clashes: Vec<Diagnostic>,
    pub(super) item_paths: HashMap<PathBuf, ItemId>,
    pub(super) meeting_paths: HashMap<PathBuf, MeetingId>,
    pub(super) cache: HashMap<String, Arc<Vec<u8>>>,
}

impl State {
    /// Loads config, theme and the whole content tree. `Err` when there is nothing to serve
    /// (site.toml or the theme cannot be read); content problems are kept and shown.
    pub fn load(root: &Path, base_url: &str) -> Result<State, Diagnostics> {
        let config = config::load(root, Some(base_url)).map_err(|d| Diagnostics(vec![d]))?;
        let theme = Theme::load(&config).map_err(Diagnostics)?;
        let files = read_content(&config.content_dir());
        let (site, graph_diags) = assemble(&config, &files);
        let mut state = State {
            root: root.to_path_buf(),
            base_url: base_url.to_string(),
            config,
            theme,
            site,
            files,
            graph_diags,
            setup_diags: Diagnostics::default(),
            index: HashMap::new(),
            clashes: Vec::new(),
            item_paths: HashMap::new(),
            meeting_paths: HashMap::new(),
            cache: HashMap::new(),
        };
        state.reindex();
        Ok(state)
    }

    /// Every problem that stands now; with an error among them, HTML requests get the error
    /// page.
    pub fn diagnostics(&self) -> Diagnostics {
        let mut all = self.setup_diags.clone();
        all.extend(
            self.files
                .values()
                .filter_map(|f| f.as_ref().err())
                .flat_map(|d| d.0.iter().cloned()),
        );
        all.extend(self.graph_diags.0.iter().cloned());
        all.extend(self.clashes.iter().cloned());
        all.sorted()
    }

    pub fn has_errors(&self) -> bool {
        !self.setup_diags.is_empty()
            || self.files.values().any(Result::is_err)
            || self.graph_diags.has_errors()
            || !self.clashes.is_empty()
    }

    /// The page at a site path, from the cache or rendered now.
    pub fn lookup(&mut self, path: &str) -> Lookup {
        if let Some(bytes) = self.cache.get(path) {
            return Lookup::Found(bytes.clone());
        }
        let Some(page) = self.index.get(path).copied() else {
            return Lookup::Missing;
        };
        match Renderer::new(&self.site, &self.theme).render(page) {
            Ok(bytes) => {
                if self.cache.len() >= CACHE_LIMIT {
                    self.cache.clear();
                }
                let bytes = Arc::new(bytes);
                self.cache.insert(path.to_string(), bytes.clone());
                Lookup::Found(bytes)
            }
            Err(d) => Lookup::Failed(d),
        }
    }

    pub fn has_page(&self, path: &str) -> bool {
        self.index.contains_key(path)
    }

    /// Rebuilds the path indexes after the graph or theme changed.
    pub(super) fn reindex(&mut self) {
        let (site, theme) = (&self.site, &self.theme);
        let pages = render::pages(site, theme);
        let paths: Vec<String> = pages.iter().map(|p| p.path(site, theme)).collect();
        self.clashes = render::clashes(site, theme, &pages, &paths);
        self.index = paths.into_iter().zip(pages).collect();
        self.item_paths = site
            .items
            .iter()
            .enumerate()
            .map(|(i, it)| (it.path.clone(), i))
            .collect();
        self.meeting_paths = site
            .meetings
            .iter()
            .enumerate()
            .map(|(m, mt)| (mt.path.clone(), m))
            .collect();
    }

    /// Drops the given cached pages and renders them again (they are the ones open in a
    /// browser, about to reload). Returns how many were re-rendered.
    pub(super) fn rerender(&mut self, paths: Vec<String>) -> usize {
        for p in &paths {
            self.cache.remove(p);
        }
        let renderer = Renderer::new(&self.site, &self.theme);
        let index = &self.index;
        let fresh: Vec<(String, Vec<u8>)> = paths
            .into_par_iter()
            .filter_map(|p| {
                let page = *index.get(&p)?;
                renderer.render(page).ok().map(|b| (p, b))
            })
            .collect();
        let n = fresh.len();
        self.cache
            .extend(fresh.into_iter().map(|(p, b)| (p, Arc::new(b))));
        n
    }

    /// After a rebuild that may have moved anything: re-render every cached page that still
    /// exists, so pages open in browsers are ready when they reload.
    pub(super) fn rerender_all_cached(&mut self) -> usize {
        let paths: Vec<String> = self.cache.keys().cloned().collect();
        self.cache.clear();
        self.rerender(paths)
    }
}

/// Reads and parses every content file in parallel, keyed by path; problems are kept per file
/// so that fixing one file clears exactly its problem.
pub(super) fn read_content(dir: &Path) -> BTreeMap<PathBuf, Result<Parsed, Diagnostics>> {
    let (found, problems) = content::walk::walk(dir);
    let mut files: BTreeMap<PathBuf, Result<Parsed, Diagnostics>> = found
        .into_par_iter()
        .filter_map(|f| Some((f.path.clone(), content::load_file(dir, &f.path)?)))
        .collect();
    for d in problems {
        files.insert(d.path.clone(), Err(d.into()));
    }
    files
}

/// The graph of the files that parsed, exactly as `diarium build` assembles it.
pub(super) fn assemble(
    config: &Config,
    files: &BTreeMap<PathBuf, Result<Parsed, Diagnostics>>,
) -> (Site, Diagnostics) {
    let parsed = files.values().filter(|f| f.is_ok()).cloned();
    let (docs, mut diags) = content::assemble(&config.content_dir(), parsed);
    let (site, graph) = Site::build(config.clone(), docs);
    diags.extend(graph.0);
    (site, diags)
}
