//! The minimal rebuild after a change. Three cases, cheapest first:
//!
//! - **A text edit** (an item's or meeting's body or title changed, nothing else in its
//!   front-matter): the graph's links do not move, so the file's entity is patched in place and
//!   only the pages that show it are dropped from the cache — the item, its meeting, its cases
//!   and their other items, the people and parties it names, the organization, home, feeds and
//!   data files. O(1) in the archive's size.
//! - **Anything structural** (numbers, cases, references, people, files added or deleted): the
//!   changed files are re-parsed, the rest is reused, and the graph is rebuilt from all parsed
//!   files exactly as `build` does; every cached page is re-rendered.
//! - **A template, static file or site.toml**: the theme (or everything) is loaded again.
//!
//! A file that no longer parses does not touch the graph: the last good site stays served for
//! non-HTML requests while HTML requests show the error, until the file is fixed.

use super::state::{assemble, read_content, State};
use super::watch::Change;
use crate::config;
use crate::content::{self, Parsed};
use crate::render::{theme::Theme, Page};
use crate::site::topics::signature;
use crate::site::{ItemId, MeetingId, Site};
use std::collections::BTreeSet;
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
    ItemText(ItemId, Box<Parsed>),
    MeetingText(MeetingId, Box<Parsed>),
    /// The file's new version does not parse: recorded, the graph untouched.
    Broken,
    Structural,
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
        let loaded = config::load(&self.root, Some(&self.base_url))
            .map_err(|d| vec![d])
            .and_then(|c| Theme::load(&c));
        match loaded {
            Ok(theme) => {
                self.theme = theme;
                self.setup_diags = Default::default();
                self.reindex();
                let n = self.rerender_all_cached();
                ("theme reloaded".into(), self.index.len(), n, false)
            }
            Err(d) => {
                self.setup_diags = crate::diag::Diagnostics(d);
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
        let dir = self.config.content_dir();
        let mut affected: BTreeSet<Page> = BTreeSet::new();
        let mut clear_all = false;
        let mut structural = false;
        let mut broken = 0;
        let mut fixed = 0;
        for path in paths {
            match self.classify_edit(&dir, path) {
                Edit::Same => {}
                Edit::Broken => broken += 1,
                Edit::Fixed => fixed += 1,
                Edit::Structural => structural = true,
                Edit::ItemText(i, doc) => {
                    self.patch_item(i, *doc);
                    affected.extend(item_pages(&self.site, i));
                }
                Edit::MeetingText(m, doc) => {
                    clear_all |= self.patch_meeting(m, *doc);
                    affected.extend([Page::Meeting(m)]);
                    affected.extend(crate::render::data_pages());
                }
            }
        }
        let name = describe(&self.root, paths);
        if structural {
            return self.rebuild_graph(name);
        }
        if clear_all {
            let n = self.rerender_all_cached();
            return (
                format!("{name}: meeting title changed"),
                self.index.len(),
                n,
                false,
            );
        }
        let nothing = affected.is_empty() && broken == 0 && fixed == 0;
        let theme = &self.theme;
        let paths: Vec<String> = affected
            .iter()
            .map(|p| p.path(&self.site, theme))
            .filter(|p| self.cache.contains_key(p))
            .collect();
        let n = self.rerender(paths);
        let what = if broken > 0 {
            format!("{name}: does not parse, the last good site is kept")
        } else if affected.is_empty() && fixed > 0 {
            format!("{name}: fixed")
        } else {
            format!("{name}: text edit")
        };
        (what, affected.len(), n, nothing)
    }

    /// Reads the file again and decides how far its change reaches, recording the new version.
    fn classify_edit(&mut self, dir: &Path, path: &Path) -> Edit {
        let fresh = content::load_file(dir, path);
        if path.is_dir() {
            return self.rescan(dir);
        }
        let Some(fresh) = fresh else {
            if self.files.remove(path).is_some()
                || self.item_paths.contains_key(path)
                || self.meeting_paths.contains_key(path)
            {
                return Edit::Structural;
            }
            // A folder removed: forget every file below it. Paths order by component, so
            // they follow `path` in the map (an editor's temporary file finds none, cheaply).
            let below: Vec<PathBuf> = self
                .files
                .range(path.to_path_buf()..)
                .map(|(p, _)| p)
                .take_while(|p| p.starts_with(path))
                .cloned()
                .collect();
            for p in &below {
                self.files.remove(p);
            }
            return if below.is_empty() {
                Edit::Same
            } else {
                Edit::Structural
            };
        };
        let was_broken = matches!(self.files.get(path), Some(Err(_)));
        let edit = match &fresh {
            Err(_) => Edit::Broken,
            Ok(doc) => match self.compare(path, doc) {
                Edit::Same if was_broken => Edit::Fixed,
                other => other,
            },
        };
        self.files.insert(path.to_path_buf(), fresh);
        edit
    }

    /// A folder appeared (a meeting copied in, or renamed): read the content tree again.
    fn rescan(&mut self, dir: &Path) -> Edit {
        self.files = read_content(dir);
        Edit::Structural
    }

    fn compare(&self, path: &Path, doc: &Parsed) -> Edit {
        match doc {
            Parsed::Item { doc: new, .. } => {
                let Some(&i) = self.item_paths.get(path) else {
                    return Edit::Structural;
                };
                let old = &self.site.items[i];
                if old.meta == new.meta && old.text == new.text {
                    return Edit::Same;
                }
                let mut same_links = new.meta.clone();
                same_links.title.clone_from(&old.meta.title);
                // Subjects are detected from titles and text: an edit that changes what
                // detection sees of the item needs the whole graph.
                let topics = &self.site.config.topics;
                let old_people: Vec<&str> = old.meta.people().collect();
                let new_people: Vec<&str> = new.meta.people().collect();
                let same_subjects = signature(&old.meta.title, &old.text, &old_people, topics)
                    == signature(&new.meta.title, &new.text, &new_people, topics);
                if same_links == old.meta && new.stem == old.stem && same_subjects {
                    Edit::ItemText(i, Box::new(doc.clone()))
                } else {
                    Edit::Structural
                }
            }
            Parsed::Meeting(new) => {
                let Some(&m) = self.meeting_paths.get(path) else {
                    return Edit::Structural;
                };
                let old = &self.site.meetings[m];
                if old.meta == new.meta && old.text == new.text {
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
        }
    }

    fn patch_item(&mut self, i: ItemId, doc: Parsed) {
        if let Parsed::Item { doc, .. } = doc {
            let item = &mut self.site.items[i];
            item.meta.title = doc.meta.title;
            item.text = doc.text;
        }
    }

    /// Returns whether the title changed (it shows on every page listing the meeting).
    fn patch_meeting(&mut self, m: MeetingId, doc: Parsed) -> bool {
        let Parsed::Meeting(doc) = doc else {
            return false;
        };
        let meeting = &mut self.site.meetings[m];
        let title_changed = meeting.meta.title != doc.meta.title;
        meeting.meta.title = doc.meta.title;
        meeting.text = doc.text;
        title_changed
    }

    fn rebuild_graph(&mut self, name: String) -> (String, usize, usize, bool) {
        let started = Instant::now();
        let (site, diags) = assemble(&self.config, &self.files);
        let graph_ms = started.elapsed().as_secs_f64() * 1e3;
        self.site = site;
        self.graph_diags = diags;
        self.reindex();
        let n = self.rerender_all_cached();
        let s = &self.site;
        let what = format!(
            "{name}: graph rebuilt ({} meetings, {} items) in {graph_ms:.0} ms",
            s.meetings.len(),
            s.items.len()
        );
        (what, self.index.len(), n, false)
    }
}

/// The pages that show an item's title or text.
pub fn item_pages(site: &Site, i: ItemId) -> BTreeSet<Page> {
    let item = &site.items[i];
    let meeting = &site.meetings[item.meeting];
    let mut out: BTreeSet<Page> = [
        Page::Item(i),
        Page::Meeting(item.meeting),
        Page::Body(meeting.body),
        Page::Org(meeting.org),
        Page::OrgCases(meeting.org),
        Page::Home,
        Page::SiteFeed,
        Page::OrgFeed(meeting.org),
        Page::BodyFeed(meeting.body),
        Page::Sitemap,
    ]
    .into();
    out.extend(crate::render::data_pages());
    // The search index holds every item's title and text.
    out.extend(crate::render::search_pages(site));
    for &c in item.cases.iter().chain(&item.mentions) {
        out.extend([Page::Case(c), Page::CaseFeed(c)]);
        // An item page lists the other appearances of its cases.
        out.extend(site.cases[c].appearances.iter().map(|x| Page::Item(*x)));
    }
    // Pages of the items it cites show it among their back-links, on their item and meeting.
    for target in item.reference_targets.iter().flatten() {
        if let crate::site::Target::Item(x) = target {
            out.extend([Page::Item(*x), Page::Meeting(site.items[*x].meeting)]);
        }
    }
    for &s in &item.subjects {
        out.extend(crate::render::pages_of_subject(site, s));
    }
    for (p, person) in site.people.iter().enumerate() {
        if person.roles.iter().any(|r| r.item == Some(i)) {
            out.insert(Page::Person(p));
        }
    }
    for (p, party) in site.parties.iter().enumerate() {
        if party.roles.iter().any(|r| r.item == Some(i)) {
            out.insert(Page::Party(p));
        }
    }
    out
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
