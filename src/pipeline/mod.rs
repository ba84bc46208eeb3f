//! pipeline: the one way from an archive's folder to its graph and its list of pages, which
//! `build`, `check` and `serve` all take, so that they see the same archive and report the
//! same problems.
//!
//! ```text
//! site.toml → Config ─┐
//! themes/   → Theme  ─┼→ Archive { site, pages, paths } → diagnostics()
//! content/  → Files  ─┘        (serve keeps Files, to assemble the graph again after an edit)
//! ```

use crate::config::{self, Config};
use crate::content::{self, Files};
use crate::diag::{Diagnostic, Diagnostics};
use crate::render::{self, theme::Theme, Page};
use crate::site::Site;
use crate::timings;
use rayon::prelude::*;

pub mod cache;
pub mod packed;
pub mod publish;
mod relisted;
use std::path::{Path, PathBuf};

/// What `build`, `check` and `serve` work from.
pub struct Archive {
    pub root: PathBuf,
    pub theme: Theme,
    pub site: Site,
    /// Every content file as last read (see [`Keep`]).
    pub files: Files,
    /// Every page, and its output path beside it.
    pub pages: Vec<Page>,
    pub paths: Vec<String>,
    /// Problems of putting files in their meetings and of the graph (not of single files).
    graph_problems: Diagnostics,
    /// Where the graph checks' problems ([`Site::checked`]) begin in `graph_problems`.
    checks_at: usize,
    /// Two pages claiming one path.
    clashes: Vec<Diagnostic>,
    /// What site.toml and `init` left that should not be published; shown once the content
    /// has no errors, so that they do not bury the errors to fix first.
    warnings: Vec<Diagnostic>,
}

/// What the archive keeps of its content files once the graph is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Only their problems: the parsed documents move into the graph (`build`, `check`).
    Problems,
    /// Everything, to assemble the graph again after an edit (`serve`).
    Everything,
}

/// Reads site.toml (with `base_url` replacing its own, when given) and the theme: `Err` when
/// there is nothing to build with.
pub fn setup(root: &Path, base_url: Option<&str>) -> Result<(Config, Theme), Diagnostics> {
    let config = config::load(root, base_url).map_err(|d| Diagnostics(vec![d]))?;
    let theme = timings::stage("theme", || Theme::load(&config)).map_err(Diagnostics)?;
    Ok((config, theme))
}

/// Loads the archive at `root`. `Err` only when there is nothing to build with (no readable
/// site.toml, a theme that does not parse); content problems are kept in the archive.
pub fn load(root: &Path, base_url: Option<&str>, keep: Keep) -> Result<Archive, Diagnostics> {
    let (config, theme) = setup(root, base_url)?;
    let files = timings::stage("content", || content::read_all(&config.content_dir()));
    Ok(Archive::assemble(
        root,
        config,
        theme,
        files,
        keep,
        Reuse::Nothing,
    ))
}

/// The graph of `files`, and what it leaves of them (see [`Keep`]).
struct Graph {
    site: Site,
    files: Files,
    problems: Diagnostics,
    checks_at: usize,
    warnings: Vec<Diagnostic>,
}

/// What a new graph can take from earlier work of subject detection.
#[derive(Clone, Copy)]
pub enum Reuse<'a> {
    Nothing,
    /// The archive's last graph (serve, after an edit).
    Graph(&'a Site),
    /// Signatures the last build kept in its cache, under the same site.toml.
    Signatures(&'a crate::site::Signatures),
}

fn graph(config: Config, mut files: Files, keep: Keep, reuse: Reuse<'_>) -> Graph {
    let content_dir = config.content_dir();
    let parsed: Vec<_> = match keep {
        // A copy of every parsed file (0.13 s on one core at 10,000 meetings): on every core.
        Keep::Everything => timings::stage("files", || {
            (files.par_iter())
                .filter_map(|(_, f)| f.is_ok().then(|| f.clone()))
                .collect()
        }),
        Keep::Problems => {
            // Into lists, not maps: inserting 160,000 paths one by one into a map compared
            // paths component by component 2.7 million times (0.5 s of CPU at 10k meetings);
            // the few files with problems make a map again.
            let (parsed, problems): (Vec<_>, Vec<_>) = std::mem::take(&mut files)
                .into_iter()
                .partition(|(_, f)| f.is_ok());
            files = problems.into_iter().collect();
            parsed.into_iter().map(|(_, f)| f).collect()
        }
    };
    let (docs, mut problems) =
        timings::stage("documents", || content::assemble(&content_dir, parsed));
    let (site, graph) = match reuse {
        Reuse::Graph(previous) => Site::rebuild(config, docs, previous),
        Reuse::Signatures(known) => Site::build_knowing(config, docs, known),
        Reuse::Nothing => Site::build(config, docs),
    };
    let checks_at = problems.0.len() + site.checked_at;
    problems.extend(graph.0);
    let warnings = warnings(&site);
    Graph {
        site,
        files,
        problems,
        checks_at,
        warnings,
    }
}

/// Every page of the graph, its path beside it, and the pages that claim one path twice.
fn page_list(site: &Site, theme: &Theme) -> (Vec<Page>, Vec<String>, Vec<Diagnostic>) {
    let pages = timings::stage("pages", || render::pages(site, theme));
    // Each path is its own string: made on every core (a tenth of a second on one, for the
    // 420,000 pages of 10,000 meetings, after every structural edit in `serve`).
    let paths: Vec<String> = timings::stage("page paths", || {
        pages.par_iter().map(|p| p.path(site, theme)).collect()
    });
    let clashes = timings::stage("clashes", || render::clashes(site, theme, &pages, &paths));
    (pages, paths, clashes)
}

/// What site.toml, `init` and the person registry leave that should not be published.
fn warnings(site: &Site) -> Vec<Diagnostic> {
    let config = &site.config;
    let mut warnings = config.accessibility_warnings();
    let site_toml = config.root.join("site.toml");
    warnings.extend(config.feed_tag.warning(&site_toml, &config.base_url));
    warnings.extend(crate::init::leftovers(config));
    warnings.extend(crate::registry::warnings::of(site));
    warnings
}

impl Archive {
    /// The graph, theme and pages, as rendering takes them.
    pub fn work(&self) -> crate::render::Work<'_> {
        crate::render::Work {
            site: &self.site,
            theme: &self.theme,
            pages: &self.pages,
            paths: &self.paths,
            search_touches: None,
        }
    }

    /// The graph and pages of `files`.
    pub fn assemble(
        root: &Path,
        config: Config,
        theme: Theme,
        files: Files,
        keep: Keep,
        reuse: Reuse<'_>,
    ) -> Archive {
        let g = graph(config, files, keep, reuse);
        let mut archive = Archive {
            root: root.to_path_buf(),
            theme,
            site: g.site,
            files: g.files,
            pages: Vec::new(),
            paths: Vec::new(),
            graph_problems: g.problems,
            checks_at: g.checks_at,
            clashes: Vec::new(),
            warnings: g.warnings,
        };
        archive.list_pages();
        archive
    }

    /// Assembles the graph again from the files kept ([`Keep::Everything`]), with the same
    /// config and theme. Returns the graph it replaces, for the caller to free off its
    /// critical path (freeing 150,000 items takes a tenth of a second).
    ///
    /// `alongside` runs on the new graph while its pages are listed (they take one core for
    /// a tenth of a second at 10,000 meetings), and its result is returned too.
    pub fn reassemble<T: Send>(&mut self, alongside: impl FnOnce(&Site) -> T + Send) -> (Site, T) {
        let files = std::mem::take(&mut self.files);
        let g = graph(
            self.site.config.clone(),
            files,
            Keep::Everything,
            Reuse::Graph(&self.site),
        );
        let previous = std::mem::replace(&mut self.site, g.site);
        self.files = g.files;
        self.graph_problems = g.problems;
        self.checks_at = g.checks_at;
        self.warnings = g.warnings;
        let beside = self.list_pages_beside(alongside);
        (previous, beside)
    }

    /// Relinks the graph in place (see [`Site::relink`]) instead of assembling it again, and
    /// what depends on its links: the problems of the graph checks, the warnings and pages.
    /// `alongside` runs on the new graph and what the relink changed while its pages are
    /// listed, as in [`Archive::reassemble`]. Also returns whether the page list and its
    /// paths are the same as before (then nothing that indexes them needs making again).
    pub fn relink<T: Send>(
        &mut self,
        relink: crate::site::Relink,
        alongside: impl FnOnce(&Site, &crate::site::Relinked) -> T + Send,
    ) -> (T, bool) {
        self.relink_with(|site| site.relink(relink), alongside)
    }

    /// [`Archive::relink`] after an item file was added to a meeting or removed (see
    /// [`Site::resize`]): every item after it moves, so every page path is made again.
    pub fn resize<T: Send>(
        &mut self,
        resize: crate::site::Resize,
        alongside: impl FnOnce(&Site, &crate::site::Relinked) -> T + Send,
    ) -> (T, bool) {
        self.relink_with(|site| site.resize(resize), alongside)
    }

    /// Relinks the graph by `relink`, then makes again what depends on its links: the
    /// problems of the graph checks and of `[topics]` (in place of the old ones), the
    /// warnings and the pages.
    fn relink_with<T: Send>(
        &mut self,
        relink: impl FnOnce(&mut Site) -> crate::site::Relinked,
        alongside: impl FnOnce(&Site, &crate::site::Relinked) -> T + Send,
    ) -> (T, bool) {
        let problems = self.site.checked.problems.len() + self.site.topics_checked.len();
        let relinked = &relink(&mut self.site);
        let checks = self.checks_at..self.checks_at + problems;
        let fresh = (self.site.checked.problems.iter()).chain(&self.site.topics_checked);
        self.graph_problems.0.splice(checks, fresh.cloned());
        self.warnings = warnings(&self.site);
        if relinked.shift.is_none() && relinked.same_entities {
            // The same entities, so the same pages at the same paths: listing 420,000 pages
            // and their paths was half of an item number edit's relink at 10,000 meetings.
            #[cfg(debug_assertions)]
            self.assert_same_pages();
            let beside = alongside(&self.site, relinked);
            if !self.clashes.is_empty() {
                let (site, theme) = (&self.site, &self.theme);
                let (pages, paths) = (&self.pages, &self.paths);
                self.clashes =
                    timings::stage("clashes", || render::clashes(site, theme, pages, paths));
            }
            return (beside, true);
        }
        let old_pages = std::mem::take(&mut self.pages);
        let old_paths = std::mem::take(&mut self.paths);
        let (site, theme) = (&self.site, &self.theme);
        let ((pages, paths, same), beside) = rayon::join(
            || Archive::relist(site, theme, relinked.shift, (old_pages, old_paths)),
            || alongside(site, relinked),
        );
        // The same paths of the same pages clash nowhere, as before (a clash's message
        // names what the pages show, which a relink may change: made again).
        if !same || !self.clashes.is_empty() {
            self.clashes =
                timings::stage("clashes", || render::clashes(site, theme, &pages, &paths));
        }
        self.pages = pages;
        self.paths = paths;
        (beside, same)
    }

    /// Lists the pages again after a relink, taking over the paths of `old` (the list and its
    /// paths before) where they stay; also returns whether the list and paths are the same.
    /// An item put in or taken out (`shift`) moves the pages of every item after it, and
    /// every page listed after theirs.
    fn relist(
        site: &Site,
        theme: &Theme,
        shift: Option<crate::site::Shift>,
        (old_pages, old_paths): (Vec<Page>, Vec<String>),
    ) -> (Vec<Page>, Vec<String>, bool) {
        let pages = timings::stage("pages", || render::pages(site, theme));
        let (paths, same) = match shift {
            None => timings::stage("page paths", || {
                relisted::paths(site, theme, &pages, &old_pages, old_paths)
            }),
            Some(shift) => timings::stage("page paths", || {
                let paths =
                    relisted::shifted_paths(site, theme, &pages, &old_pages, old_paths, shift);
                (paths, false)
            }),
        };
        #[cfg(debug_assertions)]
        assert!(
            (pages.iter().zip(&paths)).all(|(p, path)| p.path(site, theme) == *path),
            "page paths taken over after a relink differ from fresh ones"
        );
        let same = same && pages == old_pages;
        (pages, paths, same)
    }

    /// Panics unless the page list and its paths are those listed afresh from the graph.
    #[cfg(debug_assertions)]
    fn assert_same_pages(&self) {
        let (site, theme) = (&self.site, &self.theme);
        assert!(
            render::pages(site, theme) == self.pages,
            "a relink that kept the entities changed the page list"
        );
        assert!(
            (self.pages.iter().zip(&self.paths)).all(|(p, path)| p.path(site, theme) == *path),
            "a relink that kept the entities changed the page paths"
        );
    }

    /// Panics unless the graph, its problems and its pages are those a fresh assembly of
    /// the files kept makes: what `serve` checks, in debug builds (the tests), after every
    /// edit it made in place of assembling the graph again.
    #[cfg(debug_assertions)]
    pub fn assert_fresh(&self) {
        use crate::site::fingerprint::Fingerprints;
        let g = graph(
            self.site.config.clone(),
            self.files.clone(),
            Keep::Everything,
            Reuse::Graph(&self.site),
        );
        assert!(
            Fingerprints::of(&g.site) == Fingerprints::of(&self.site),
            "the graph made in place differs from a fresh one"
        );
        assert_eq!(g.problems.0, self.graph_problems.0, "graph problems");
        assert_eq!(g.checks_at, self.checks_at, "where the checks begin");
        assert_eq!(g.warnings, self.warnings, "warnings");
        let (pages, paths, clashes) = page_list(&g.site, &self.theme);
        assert!(pages == self.pages, "pages differ from a fresh list");
        assert_eq!(paths, self.paths, "page paths");
        assert_eq!(clashes, self.clashes, "clashes");
    }

    /// Lists the pages and their paths again, after the graph or the theme changed.
    pub fn list_pages(&mut self) {
        self.list_pages_beside(|_| ());
    }

    /// [`Archive::list_pages`], running `alongside` on the graph meanwhile.
    fn list_pages_beside<T: Send>(&mut self, alongside: impl FnOnce(&Site) -> T + Send) -> T {
        let (site, theme) = (&self.site, &self.theme);
        let ((pages, paths, clashes), beside) =
            rayon::join(|| page_list(site, theme), || alongside(site));
        self.pages = pages;
        self.paths = paths;
        self.clashes = clashes;
        beside
    }

    /// Every problem that stands now, sorted: of files, of the graph, of page paths; and,
    /// when none of those is an error, the warnings about what should not be published.
    pub fn diagnostics(&self) -> Diagnostics {
        let mut all = Diagnostics::default();
        for problems in self.files.values().filter_map(|f| f.as_ref().err()) {
            all.extend(problems.0.iter().cloned());
        }
        all.extend(self.graph_problems.0.iter().cloned());
        all.extend(self.clashes.iter().cloned());
        if !all.has_errors() {
            all.extend(self.warnings.iter().cloned());
        }
        all.sorted()
    }

    pub fn has_errors(&self) -> bool {
        content::has_errors(&self.files)
            || self.graph_problems.has_errors()
            || !self.clashes.is_empty()
    }

    pub fn config(&self) -> &Config {
        &self.site.config
    }
}

#[cfg(test)]
mod tests;
