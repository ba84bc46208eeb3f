//! Progress of long work: a bar on a terminal; elsewhere (a log, CI, a pipe) a plain line
//! every few seconds, so a long import or build is never silent for minutes.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How often a plain line is printed when stderr is not a terminal.
const EVERY: Duration = Duration::from_secs(5);

pub struct Progress {
    bar: ProgressBar,
    /// For plain lines: what is counted, the total, and when a line was last printed.
    plain: Option<Plain>,
}

struct Plain {
    what: &'static str,
    len: u64,
    done: AtomicU64,
    last: Mutex<Instant>,
}

impl Progress {
    /// Progress over `len` units of `what` (`sources`, `pages`); nothing at all for less
    /// than two units.
    pub fn new(len: usize, what: &'static str) -> Progress {
        let bar = ProgressBar::new(len as u64);
        let terminal = std::io::stderr().is_terminal();
        if len < 2 || !terminal {
            bar.set_draw_target(ProgressDrawTarget::hidden());
        }
        let template = format!("{{bar:40}} {{pos}}/{{len}} {what}  {{elapsed}}");
        if let Ok(style) = ProgressStyle::with_template(&template) {
            bar.set_style(style);
        }
        let plain = (len >= 2 && !terminal).then(|| Plain {
            what,
            len: len as u64,
            done: AtomicU64::new(0),
            last: Mutex::new(Instant::now()),
        });
        Progress { bar, plain }
    }

    pub fn inc(&self, n: u64) {
        self.bar.inc(n);
        let Some(p) = &self.plain else {
            return;
        };
        let done = p.done.fetch_add(n, Ordering::Relaxed) + n;
        let Ok(mut last) = p.last.try_lock() else {
            return;
        };
        if last.elapsed() >= EVERY && done < p.len {
            *last = Instant::now();
            eprintln!("{done} of {} {} done", p.len, p.what);
        }
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
