//! Watching the archive: notify events, debounced (an editor's write-to-temp-and-rename is one
//! save), then classified by what they can change — content files, the theme (templates,
//! static files, strings) or site.toml — so the rebuild does only what the change needs.

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
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
/// go to `tx` as [`Event`]s. The returned watcher must be kept: dropping it stops the watch.
///
/// The debounce is ours rather than notify-debouncer-mini's: that one passes on *access*
/// events, and serve reading a file after a change would then count as another change.
pub fn start(root: &Path, tx: Sender<Event>) -> notify::Result<RecommendedWatcher> {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let (raw_tx, raw_rx) = channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(raw_tx)?;
    // The root itself only for site.toml (not recursively: public/ and target/ live there).
    watcher.watch(&root, RecursiveMode::NonRecursive)?;
    for dir in ["content", "templates", "static", "themes"] {
        let dir = root.join(dir);
        if dir.is_dir() {
            watcher.watch(&dir, RecursiveMode::Recursive)?;
        }
    }
    std::thread::spawn(move || debounce(&raw_rx, &root, &tx));
    Ok(watcher)
}

/// Collects changed paths until the tree has been quiet for [`DEBOUNCE`], then sends the batch.
fn debounce(raw: &Receiver<notify::Result<notify::Event>>, root: &Path, tx: &Sender<Event>) {
    let mut batch: Vec<PathBuf> = Vec::new();
    loop {
        let next = if batch.is_empty() {
            raw.recv().map_err(|_| RecvTimeoutError::Disconnected)
        } else {
            raw.recv_timeout(DEBOUNCE)
        };
        let sent = match next {
            Ok(Ok(event)) => {
                if !matches!(event.kind, EventKind::Access(_)) {
                    batch.extend(event.paths);
                }
                Ok(())
            }
            Ok(Err(e)) => tx.send(Event::Failed(e.to_string())),
            Err(RecvTimeoutError::Timeout) => match classify(root, &std::mem::take(&mut batch)) {
                Some(change) => tx.send(Event::Changed(change)),
                None => Ok(()),
            },
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if sent.is_err() {
            return;
        }
    }
}

/// The change a batch of paths makes; `None` when none of them matters.
pub fn classify(root: &Path, paths: &[PathBuf]) -> Option<Change> {
    let mut content = Vec::new();
    let mut theme = false;
    for path in paths {
        let Ok(rel) = path.strip_prefix(root) else {
            continue;
        };
        let first = rel
            .iter()
            .next()
            .map(|c| c.to_string_lossy().into_owned())
            .unwrap_or_default();
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
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    name.starts_with('.') || name.ends_with('~') || name == "4913"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_by_folder() {
        let root = Path::new("/a");
        let p = |s: &str| PathBuf::from(s);
        assert_eq!(
            classify(root, &[p("/a/site.toml"), p("/a/content/x.md")]),
            Some(Change::Config)
        );
        assert_eq!(
            classify(root, &[p("/a/templates/base.html"), p("/a/content/x.md")]),
            Some(Change::Theme)
        );
        assert_eq!(
            classify(
                root,
                &[p("/a/content/o/b/m/1.md"), p("/a/content/o/b/m/1.md")]
            ),
            Some(Change::Content(vec![p("/a/content/o/b/m/1.md")]))
        );
        assert_eq!(
            classify(root, &[p("/a/public/index.html"), p("/a/static/.x.swp")]),
            None
        );
    }
}
