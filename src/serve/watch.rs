//! Watching the archive: notify events, debounced (an editor's write-to-temp-and-rename is one
//! save), then classified by what they can change — content files, the theme (templates,
//! static files, strings) or site.toml — so the rebuild does only what the change needs.

use notify::RecursiveMode;
use notify_debouncer_mini::{new_debouncer, DebounceEventResult, Debouncer};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

/// How long the tree must be quiet before a batch of events is handled. Editors finish a save
/// (write, rename, chmod) within a few milliseconds; every millisecond here is a millisecond
/// of preview latency, and a rebuild that finds nothing new does nothing.
const DEBOUNCE: Duration = Duration::from_millis(25);

/// A change, by what it can affect; the widest wins in a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Content files (or folders) created, edited or removed.
    Content(Vec<PathBuf>),
    /// Templates, static files or UI strings.
    Theme,
    Config,
}

/// What the watch loop receives.
pub enum Event {
    Changed(Change),
    /// The watcher itself failed (a watched folder removed, too many files for inotify).
    Failed(String),
    Stop,
}

/// Starts watching site.toml, content/, templates/, static/ and themes/ under `root`; batches
/// go to `tx` as [`Event`]s. The returned value must be kept: dropping it stops the watch.
pub fn start(root: &Path, tx: Sender<Event>) -> notify::Result<Debouncer<notify::RecommendedWatcher>> {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let classify_root = root.clone();
    let mut debouncer = new_debouncer(DEBOUNCE, move |res: DebounceEventResult| {
        let event = match res {
            Ok(events) => {
                let paths: Vec<PathBuf> = events.into_iter().map(|e| e.path).collect();
                match classify(&classify_root, &paths) {
                    Some(change) => Event::Changed(change),
                    None => return,
                }
            }
            Err(e) => Event::Failed(e.to_string()),
        };
        let _ = tx.send(event);
    })?;
    let watcher = debouncer.watcher();
    // The root itself only for site.toml (not recursively: public/ and target/ live there).
    watcher.watch(&root, RecursiveMode::NonRecursive)?;
    for dir in ["content", "templates", "static", "themes"] {
        let dir = root.join(dir);
        if dir.is_dir() {
            watcher.watch(&dir, RecursiveMode::Recursive)?;
        }
    }
    Ok(debouncer)
}

/// The change a batch of paths makes; `None` when none of them matters.
pub fn classify(root: &Path, paths: &[PathBuf]) -> Option<Change> {
    let mut content = Vec::new();
    let mut theme = false;
    for path in paths {
        let Ok(rel) = path.strip_prefix(root) else { continue };
        let first = rel.iter().next().map(|c| c.to_string_lossy().into_owned()).unwrap_or_default();
        match first.as_str() {
            "site.toml" => return Some(Change::Config),
            "content" => content.push(path.clone()),
            "templates" | "static" | "themes" if !is_editor_temp(rel) => theme = true,
            _ => {}
        }
    }
    if theme {
        return Some(Change::Theme);
    }
    content.sort();
    content.dedup();
    (!content.is_empty()).then_some(Change::Content(content))
}

/// Swap and backup files (`.x.swp`, `x~`, `4913`): never part of the theme.
fn is_editor_temp(rel: &Path) -> bool {
    let name = rel.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    name.starts_with('.') || name.ends_with('~') || name == "4913"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_by_folder() {
        let root = Path::new("/a");
        let p = |s: &str| PathBuf::from(s);
        assert_eq!(classify(root, &[p("/a/site.toml"), p("/a/content/x.md")]), Some(Change::Config));
        assert_eq!(classify(root, &[p("/a/templates/base.html"), p("/a/content/x.md")]), Some(Change::Theme));
        assert_eq!(
            classify(root, &[p("/a/content/o/b/m/1.md"), p("/a/content/o/b/m/1.md")]),
            Some(Change::Content(vec![p("/a/content/o/b/m/1.md")]))
        );
        assert_eq!(classify(root, &[p("/a/public/index.html"), p("/a/static/.x.swp")]), None);
    }
}
