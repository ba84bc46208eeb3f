//! The preview's latency: the time from writing one item file to the reload event reaching a
//! browser, measured as a browser sees it. Starts the real `diarium serve` on an archive,
//! opens the item's page (so it is cached, as in a browser), listens on the SSE endpoint,
//! then edits the item N times (text edits: the common proofreading case) and N/2 times each
//! structurally (its number, then its case number changed: the graph is relinked; an item
//! file added beside it and removed: the graph is assembled again), and prints median and p90
//! of write → `reload` event, plus the server's peak RSS (VmHWM).
//!
//! ```text
//! cargo bench --bench serve_latency -- <archive root> [edits]
//! DIARIUM_BIN=/tmp/diarium-main cargo bench --bench serve_latency -- <archive root> [edits]
//! ```
//!
//! `DIARIUM_BIN` measures another binary (another branch's) with the same bench;
//! `DIARIUM_SERVE_LOG=<file>` keeps the server's terminal output there (with
//! `DIARIUM_TIMINGS=1`, the wall time of each stage of each rebuild). The item file is edited
//! in place and written back at the end: point it at a copy of the archive.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let root = PathBuf::from(
        args.first()
            .expect("usage: serve_latency <archive root> [edits]"),
    );
    let edits: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(20);
    let item = first_item(&root.join("content"));
    let original = std::fs::read_to_string(&item).unwrap();

    let started = Instant::now();
    let bin = std::env::var_os("DIARIUM_BIN").map_or_else(
        || PathBuf::from(env!("CARGO_BIN_EXE_diarium")),
        PathBuf::from,
    );
    println!("measuring {}", bin.display());
    let mut child = Command::new(bin)
        .args(["serve", "--port", "0", "--root"])
        .arg(&root)
        .stdout(Stdio::piped())
        .stderr(server_log())
        .spawn()
        .expect("start diarium serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .expect("URL")
        .to_string();
    println!(
        "serve ready in {:.2}s at {addr}",
        started.elapsed().as_secs_f64()
    );

    let rel = item
        .strip_prefix(root.join("content"))
        .unwrap()
        .with_extension("");
    let url = format!("/{}/", rel.display());
    let first = Instant::now();
    get(&addr, &url);
    println!(
        "first render of {url}: {:.1} ms",
        first.elapsed().as_secs_f64() * 1e3
    );
    get(&addr, "/");
    let mut events = subscribe(&addr);

    let text = measure(&item, &original, edits, &mut events, |n| {
        original.replacen("\n## ", &format!("\nRättelse {n}.\n\n## "), 1)
    });
    report("text edit", &text);
    let page = Instant::now();
    let body = get(&addr, &url);
    assert!(
        body.contains(&format!("Rättelse {}.", edits - 1)),
        "the page shows the last edit"
    );
    println!(
        "GET of the edited page after the reload: {:.1} ms",
        page.elapsed().as_secs_f64() * 1e3
    );
    // A new item number: order and anchors move, so the graph is rebuilt.
    let number = original
        .lines()
        .find(|l| l.starts_with("number:"))
        .expect("a number line")
        .to_string();
    // Half as many as text edits (each takes longer), and enough for a median.
    let structural = measure(&item, &original, (edits / 2).max(5), &mut events, |n| {
        original.replacen(&number, &format!("number: {}", 9000 + n), 1)
    });
    report("structural edit (item number changed)", &structural);
    // A case number: the item moves between cases, and the graph is relinked.
    if let Some(cases) = original.lines().find(|l| l.starts_with("cases:")) {
        let cases = cases.to_string();
        let moved = measure(&item, &original, (edits / 2).max(5), &mut events, |n| {
            original.replacen(&cases, &format!("cases: [\"XX {n}-2015\"]"), 1)
        });
        report("structural edit (case number changed)", &moved);
    }
    std::fs::write(&item, &original).unwrap();
    wait_reload(&mut events);
    // A file added, then removed: every index after it moves, and the graph is assembled
    // again.
    let (added, removed) = add_and_remove(&item, (edits / 2).max(5), &mut events);
    report("structural edit (item file added)", &added);
    report("structural edit (item file removed)", &removed);

    std::fs::write(&item, &original).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let status =
        std::fs::read_to_string(format!("/proc/{}/status", child.id())).unwrap_or_default();
    for key in ["VmHWM", "VmRSS"] {
        if let Some(l) = status.lines().find(|l| l.starts_with(key)) {
            println!("server {l}");
        }
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// Where the server's stderr goes: the file `DIARIUM_SERVE_LOG` names, or nowhere.
fn server_log() -> Stdio {
    match std::env::var_os("DIARIUM_SERVE_LOG") {
        Some(path) => std::fs::File::create(&path)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", PathBuf::from(path).display()))
            .into(),
        None => Stdio::null(),
    }
}

/// Writes `edit(n)` to the file n times (write to a temporary file and rename, as editors
/// do), timing each write until the next `reload` event.
fn measure(
    item: &Path,
    original: &str,
    n: usize,
    events: &mut impl BufRead,
    edit: impl Fn(usize) -> String,
) -> Vec<f64> {
    let mut times = Vec::new();
    for i in 0..n {
        let text = edit(i);
        assert_ne!(text, original, "the edit changes the file");
        let tmp = item.with_extension("md.tmp~");
        let t0 = Instant::now();
        std::fs::write(&tmp, &text).unwrap();
        std::fs::rename(&tmp, item).unwrap();
        wait_reload(events);
        times.push(t0.elapsed().as_secs_f64() * 1e3);
        std::thread::sleep(Duration::from_millis(150));
    }
    times
}

/// Adds a new item file beside `item` and removes it again, `n` times; the times of each.
fn add_and_remove(item: &Path, n: usize, events: &mut impl BufRead) -> (Vec<f64>, Vec<f64>) {
    let new = item.with_file_name("999-tillagd-punkt.md");
    let text = "---\nnumber: 999\ntitle: \"Tillagd punkt\"\n---\n\nEn punkt som lades till.\n";
    let mut added = Vec::new();
    let mut removed = Vec::new();
    for _ in 0..n {
        let t0 = Instant::now();
        std::fs::write(&new, text).unwrap();
        wait_reload(events);
        added.push(t0.elapsed().as_secs_f64() * 1e3);
        std::thread::sleep(Duration::from_millis(150));
        let t0 = Instant::now();
        std::fs::remove_file(&new).unwrap();
        wait_reload(events);
        removed.push(t0.elapsed().as_secs_f64() * 1e3);
        std::thread::sleep(Duration::from_millis(150));
    }
    (added, removed)
}

fn report(what: &str, times: &[f64]) {
    let mut sorted = times.to_vec();
    sorted.sort_by(|a, b| a.total_cmp(b));
    let at = |q: f64| sorted[((sorted.len() - 1) as f64 * q).round() as usize];
    println!(
        "{what}: n={} median {:.1} ms, p90 {:.1} ms, min {:.1} ms, max {:.1} ms",
        sorted.len(),
        at(0.5),
        at(0.9),
        sorted[0],
        sorted[sorted.len() - 1]
    );
}

fn subscribe(addr: &str) -> BufReader<TcpStream> {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(s, "GET /__diarium/events HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut r = BufReader::new(s);
    let mut line = String::new();
    while !line.starts_with(": connected") {
        line.clear();
        r.read_line(&mut line).unwrap();
    }
    r
}

fn wait_reload(r: &mut impl BufRead) {
    let mut line = String::new();
    loop {
        line.clear();
        if r.read_line(&mut line).unwrap() == 0 {
            panic!("the event stream closed");
        }
        if line.starts_with("event: reload") {
            return;
        }
    }
}

fn get(addr: &str, path: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    raw
}

/// The first item file of the first meeting, in name order.
fn first_item(content: &Path) -> PathBuf {
    let mut dir = content.to_path_buf();
    for _ in 0..3 {
        let mut subs: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        subs.sort();
        dir = subs.into_iter().next().expect("a meeting folder");
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md") && !p.ends_with("_index.md"))
        .collect();
    files.sort();
    files.into_iter().next().expect("an item file")
}
