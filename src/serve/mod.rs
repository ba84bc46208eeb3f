//! serve: live preview. Builds the archive into memory, serves it on loopback, watches the
//! sources and, after each change, rebuilds only what the change reaches and tells open pages
//! to reload.
//!
//! ```text
//! watch.rs    notify → debounce → Change::{Content, Theme, Config}
//! rebuild.rs  Change → new graph + the cached pages whose reads it reaches re-rendered
//! state.rs    the pipeline's archive and the page cache with each page's reads
//! http.rs     URL → site path (no file system), SSE endpoint
//! reload.rs   the injected script, the event hub, the error page
//! ```

mod http;
mod rebuild;
mod reload;
mod state;
mod watch;

pub use state::State;
#[cfg(test)]
pub use watch::Change;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{mpsc, Arc, Mutex};
use std::time::Instant;

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The archive's folder (holding site.toml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The port to listen on; the next free one is used when it is taken (0: any free port).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// The address to listen on; loopback unless you mean to share the preview.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: String,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
}

/// Set (to anything) to print, after each rebuild, the wall time of each of its stages.
const TIMINGS_VAR: &str = "DIARIUM_TIMINGS";

/// HTTP worker threads; event streams get a thread each on top.
const WORKERS: usize = 4;

pub fn run(args: &ServeArgs) -> anyhow::Result<ExitCode> {
    let root = args
        .root
        .canonicalize()
        .map_err(|e| anyhow::anyhow!("cannot open {}: {e}", args.root.display()))?;
    let (server, addr) = http::bind(&args.bind, args.port)?;
    if args.port != 0 && addr.port() != args.port {
        eprintln!("port {} is taken; using {}", args.port, addr.port());
    }
    let url = format!("http://{addr}/");
    // Watch before loading, so an edit made during a long first load is not missed.
    let (tx, rx) = mpsc::channel();
    let _watcher = watch::start(&root, tx.clone())?;
    let stop = tx.clone();
    ctrlc::set_handler(move || {
        let _ = stop.send(watch::Event::Stop);
    })?;

    if std::env::var_os(TIMINGS_VAR).is_some() {
        crate::timings::enable();
    }
    let started = Instant::now();
    let state = match State::load(&root, &url) {
        Ok(s) => s,
        Err(d) => return Ok(crate::diag::report(d, &root)),
    };
    announce(&state, &root, started);
    let state = Arc::new(Mutex::new(state));
    let hub = Arc::new(reload::Hub::default());
    let server = Arc::new(server);
    for _ in 0..WORKERS {
        let (server, state, hub) = (server.clone(), state.clone(), hub.clone());
        std::thread::spawn(move || http::serve_requests(server, state, hub));
    }
    println!("serving {} at {url} (Ctrl-C to stop)", root.display());
    if args.open {
        open_browser(&url);
    }
    watch_loop(&rx, &state, &hub, &root);
    server.unblock();
    eprintln!("stopped");
    Ok(ExitCode::SUCCESS)
}

/// Handles changes until Ctrl-C; a rebuild never ends the loop, whatever the edit broke.
fn watch_loop(
    rx: &mpsc::Receiver<watch::Event>,
    state: &Mutex<State>,
    hub: &reload::Hub,
    root: &std::path::Path,
) {
    let mut generation = 0;
    // Stages recorded so far (the first load's): each rebuild prints only its own.
    let mut shown = crate::timings::stage_lines().len();
    while let Ok(event) = rx.recv() {
        let change = match event {
            watch::Event::Stop => return,
            watch::Event::Failed(e) => {
                eprintln!("watch: {e}");
                continue;
            }
            watch::Event::Changed(c) => c,
        };
        let mut s = state.lock().unwrap_or_else(|e| e.into_inner());
        let report = s.apply(&change);
        if report.nothing {
            continue;
        }
        generation += 1;
        hub.reload(generation);
        eprintln!("{report}");
        let diags = crate::timings::stage("diagnostics", || s.diagnostics());
        if !diags.is_empty() {
            crate::diag::report(diags, root);
        }
        if crate::timings::enabled() {
            let lines = crate::timings::stage_lines();
            lines[shown..].iter().for_each(|l| eprintln!("{l}"));
            shown = lines.len();
        }
    }
}

fn announce(state: &State, root: &std::path::Path, started: Instant) {
    let diags = state.diagnostics();
    if !diags.is_empty() {
        crate::diag::report(diags, root);
    }
    let s = &state.archive.site;
    eprintln!(
        "loaded {} meetings, {} items, {} cases in {:.2}s; pages render when first asked for",
        s.meetings.len(),
        s.items.len(),
        s.cases.len(),
        started.elapsed().as_secs_f64()
    );
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(opener).arg(url).spawn() {
        eprintln!("cannot open a browser ({opener}: {e}); open {url}");
    }
}

#[cfg(test)]
mod tests;
