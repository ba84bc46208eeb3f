//! timings: how long each stage of a build took, printed by `diarium build --timings`.
//!
//! A registrar with a large archive, or a developer reading a benchmark, wants to know where
//! the seconds go (loading, the graph, subjects, rendering each kind of page, writing). The
//! recorder is process-wide so that deep stages (subject detection inside the graph) can
//! report without threading a handle through every signature; it costs nothing when off.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

static ENABLED: AtomicBool = AtomicBool::new(false);
static STAGES: Mutex<Vec<(&'static str, Duration)>> = Mutex::new(Vec::new());

/// Turns recording on (off by default).
pub fn enable() {
    ENABLED.store(true, Ordering::Relaxed);
}

pub fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

/// Runs `f`, recording its wall time under `name` when recording is on.
pub fn stage<T>(name: &'static str, f: impl FnOnce() -> T) -> T {
    if !enabled() {
        return f();
    }
    let started = Instant::now();
    let out = f();
    record(name, started.elapsed());
    out
}

pub fn record(name: &'static str, took: Duration) {
    if let Ok(mut stages) = STAGES.lock() {
        stages.push((name, took));
    }
}

/// CPU time summed over threads, per kind of work (each kind of page, say).
pub struct Tally {
    names: Vec<&'static str>,
    nanos: Vec<AtomicU64>,
    counts: Vec<AtomicU64>,
}

impl Tally {
    pub fn new(names: Vec<&'static str>) -> Tally {
        let n = names.len();
        Tally {
            names,
            nanos: (0..n).map(|_| AtomicU64::new(0)).collect(),
            counts: (0..n).map(|_| AtomicU64::new(0)).collect(),
        }
    }

    pub fn add(&self, kind: usize, took: Duration) {
        self.nanos[kind].fetch_add(took.as_nanos() as u64, Ordering::Relaxed);
        self.counts[kind].fetch_add(1, Ordering::Relaxed);
    }

    /// Lines `name  count  seconds`, the costliest first.
    pub fn lines(&self) -> Vec<String> {
        let mut rows: Vec<(u64, u64, &str)> = (0..self.names.len())
            .map(|k| {
                (
                    self.nanos[k].load(Ordering::Relaxed),
                    self.counts[k].load(Ordering::Relaxed),
                    self.names[k],
                )
            })
            .filter(|(_, count, _)| *count > 0)
            .collect();
        rows.sort_by_key(|row| std::cmp::Reverse(row.0));
        rows.into_iter()
            .map(|(nanos, count, name)| {
                format!(
                    "  {name:<16} {count:>8} files {:>8.2}s cpu",
                    nanos as f64 / 1e9
                )
            })
            .collect()
    }
}

/// The recorded stages in order, as lines for stderr.
pub fn stage_lines() -> Vec<String> {
    STAGES
        .lock()
        .map(|stages| {
            stages
                .iter()
                .map(|(name, took)| format!("  {name:<16} {:>8.2}s", took.as_secs_f64()))
                .collect()
        })
        .unwrap_or_default()
}
