//! timings: how long each stage of a build took, printed by `diarium build --timings`.
//!
//! A registrar with a large archive, or a developer reading a benchmark, wants to know where
//! the seconds go (loading, the graph, subjects, rendering each kind of page, writing). The
//! recorder is process-wide so that deep stages (subject detection inside the graph) can
//! report without threading a handle through every signature; it costs nothing when off.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

static ENABLED: AtomicBool = AtomicBool::new(false);
/// Each stage's name, wall time, and the process's peak memory when it ended (KiB; 0 where
/// unknown).
static STAGES: Mutex<Vec<(&'static str, Duration, u64)>> = Mutex::new(Vec::new());

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
    let peak = peak_kib();
    if let Ok(mut stages) = STAGES.lock() {
        stages.push((name, took, peak));
    }
}

/// The process's peak resident memory so far, in KiB (Linux's `VmHWM`); 0 elsewhere. Beside
/// each stage, it shows which one raised the peak.
fn peak_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// CPU time summed over threads, per kind of work (each kind of page, say). Only used with
/// `--timings`, so one lock per record is cheap enough.
#[derive(Default)]
pub struct Tally {
    kinds: Mutex<BTreeMap<&'static str, (Duration, u64)>>,
}

impl Tally {
    pub fn add(&self, kind: &'static str, took: Duration) {
        if let Ok(mut kinds) = self.kinds.lock() {
            let entry = kinds.entry(kind).or_default();
            entry.0 += took;
            entry.1 += 1;
        }
    }

    /// Lines `name  count  seconds`, the costliest first.
    pub fn lines(&self) -> Vec<String> {
        let Ok(kinds) = self.kinds.lock() else {
            return Vec::new();
        };
        let mut rows: Vec<(&str, Duration, u64)> =
            kinds.iter().map(|(k, (d, n))| (*k, *d, *n)).collect();
        rows.sort_by_key(|row| std::cmp::Reverse(row.1));
        rows.into_iter()
            .map(|(name, took, count)| {
                format!(
                    "  {name:<16} {count:>8} files {:>8.2}s cpu",
                    took.as_secs_f64()
                )
            })
            .collect()
    }
}

/// The recorded stages in order, as lines for stderr: to the millisecond, as `serve` times
/// stages of an edit that take a few.
pub fn stage_lines() -> Vec<String> {
    STAGES
        .lock()
        .map(|stages| {
            stages
                .iter()
                .map(|(name, took, peak)| {
                    let mib = peak / 1024;
                    format!(
                        "  {name:<16} {:>8.3}s  peak {mib:>6} MiB",
                        took.as_secs_f64()
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}
