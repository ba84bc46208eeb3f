//! The rule the preview lives by: after any sequence of edits, every page `serve` answers with
//! (from its cache or rendered now) is byte for byte the page a fresh load of the same files
//! renders, and it reports the same problems. Random edits of every kind (text, titles, case
//! numbers, references, people, items added, deleted and renamed, meetings added and moved in
//! time, files broken and mended, templates, site.toml) are applied to a copy of the example
//! archive, each followed by a full comparison; every page is in the cache before each edit,
//! so a page the edit reaches but the cache keeps is caught.

use super::{Change, State};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const BASE: &str = "http://127.0.0.1:1111/";
/// The kinds of edit [`edit`] makes.
const KINDS: usize = 16;

/// xorshift64*: reproducible edits without a dependency; the seed is in every failure.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n.max(1)
    }
    fn pick<'a, T>(&mut self, list: &'a [T]) -> &'a T {
        &list[self.below(list.len())]
    }
}

fn example_copy() -> tempfile::TempDir {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    std::fs::copy(repo.join("site.toml"), tmp.path().join("site.toml")).unwrap();
    for entry in walkdir::WalkDir::new(repo.join("content")) {
        let entry = entry.unwrap();
        let to = tmp.path().join(entry.path().strip_prefix(repo).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    tmp
}

/// Every page's bytes (or its error) and every problem, as a reader and `check` see them.
fn everything(state: &mut State) -> (BTreeMap<String, Vec<u8>>, Vec<String>) {
    let mut paths: Vec<String> = state.index.keys().cloned().collect();
    paths.sort();
    let pages = paths
        .into_iter()
        .map(|p| {
            let bytes = match state.lookup(&p) {
                super::state::Lookup::Found(b) => b.to_vec(),
                super::state::Lookup::Failed(d) => format!("failed: {d}").into_bytes(),
                super::state::Lookup::Missing => b"missing".to_vec(),
            };
            (p, bytes)
        })
        .collect();
    let diags = state
        .diagnostics()
        .0
        .iter()
        .map(|d| d.to_string())
        .collect();
    (pages, diags)
}

fn files(dir: &Path, name: impl Fn(&str) -> bool) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| name(&e.file_name().to_string_lossy()))
        .map(|e| e.into_path())
        .collect();
    out.sort();
    out
}

/// Replaces the front-matter line starting with `key:` (and the list below it), or adds it.
fn set_field(text: &str, key: &str, value: &str) -> String {
    let Some(rest) = text.strip_prefix("---\n") else {
        return text.to_string();
    };
    let Some(end) = rest.find("\n---") else {
        return text.to_string();
    };
    let (front, body) = rest.split_at(end);
    let mut lines: Vec<String> = Vec::new();
    let mut skipping = false;
    for line in front.lines() {
        if skipping && (line.starts_with("- ") || line.starts_with("  ")) {
            continue;
        }
        skipping = line.starts_with(&format!("{key}:"));
        if !skipping {
            lines.push(line.to_string());
        }
    }
    lines.push(format!("{key}:{value}"));
    format!("---\n{}{body}", lines.join("\n"))
}

/// Makes one random edit on disk and says what changed, as the watcher would.
fn edit(
    rng: &mut Rng,
    kind: usize,
    root: &Path,
    n: usize,
    saved: &mut Vec<(PathBuf, String)>,
) -> Change {
    let content = root.join("content");
    let items = files(&content, |f| f.ends_with(".md") && f != "_index.md");
    let meetings = files(&content, |f| f == "_index.md");
    let item = rng.pick(&items).clone();
    let meeting = rng.pick(&meetings).clone();
    let read = |p: &Path| std::fs::read_to_string(p).unwrap();
    let write = |p: &Path, t: &str| std::fs::write(p, t).unwrap();
    let touched = |p: &Path| Change::Content(vec![p.to_path_buf()]);
    let cases = ["RS 2273-2024", "RS 1-2024", "RS 2048-2024", "KS 12-2023"];
    let people = ["Nicklas Sandström (M)", "Anna Testsson (S)", "V"];
    match kind {
        0 | 1 => {
            write(
                &item,
                &format!("{}\nTillägg {n} om regionavtalet.\n", read(&item)),
            );
            touched(&item)
        }
        2 => {
            write(
                &item,
                &set_field(&read(&item), "title", &format!(" Rubrik {n}")),
            );
            touched(&item)
        }
        3 => {
            let case = rng.pick(&cases);
            write(
                &item,
                &set_field(&read(&item), "cases", &format!("\n- {case}")),
            );
            touched(&item)
        }
        4 => {
            let (case, paragraph) = (rng.pick(&cases), 218 + rng.below(20));
            let value = format!(
                "\n- text: § {paragraph}\n  paragraph: {paragraph}\n- text: {case}\n  case: {case}"
            );
            write(&item, &set_field(&read(&item), "references", &value));
            touched(&item)
        }
        5 => {
            let who = rng.pick(&people);
            write(
                &item,
                &set_field(&read(&item), "abstained", &format!("\n- {who}")),
            );
            touched(&item)
        }
        6 => {
            let to = item.with_file_name(format!("{}-ny-punkt-{n}.md", 900 + n % 99));
            write(
                &to,
                &set_field(&read(&item), "number", &format!(" {}", 900 + n % 99)),
            );
            touched(&to)
        }
        7 if items.len() > 20 => {
            std::fs::remove_file(&item).unwrap();
            touched(&item)
        }
        8 => {
            let stem = item.file_stem().unwrap().to_string_lossy();
            let to = item.with_file_name(format!("{stem}-x.md"));
            std::fs::rename(&item, &to).unwrap();
            Change::Content(vec![item, to])
        }
        9 => {
            let day = 1 + rng.below(28);
            write(
                &meeting,
                &set_field(&read(&meeting), "date", &format!(" 2024-02-{day:02}")),
            );
            touched(&meeting)
        }
        10 => {
            write(
                &meeting,
                &set_field(&read(&meeting), "title", &format!(" Sammanträde {n}")),
            );
            touched(&meeting)
        }
        11 => {
            saved.push((item.clone(), read(&item)));
            write(&item, "---\nnumber: [\n---\nTrasig.\n");
            touched(&item)
        }
        12 => match saved.pop() {
            Some((path, text)) => {
                write(&path, &text);
                touched(&path)
            }
            None => touched(&item),
        },
        13 => {
            let from = meeting.parent().unwrap();
            let to = from.with_file_name(format!("2023-01-{:02}", 1 + n % 28));
            if !to.exists() {
                std::fs::create_dir_all(&to).unwrap();
                for f in files(from, |_| true) {
                    std::fs::copy(&f, to.join(f.file_name().unwrap())).unwrap();
                }
            }
            Change::Content(vec![to])
        }
        14 => {
            let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
            let name = rng
                .pick(&["item_row.html", "item_body.html", "base.html"])
                .to_string();
            let built_in = read(&repo.join("themes/default/templates").join(&name));
            std::fs::create_dir_all(root.join("templates")).unwrap();
            write(
                &root.join("templates").join(name),
                &format!("{built_in}<!-- {n} -->\n"),
            );
            Change::Theme
        }
        _ => {
            let site = root.join("site.toml");
            let text = read(&site).replacen("title = \"", &format!("title = \"{n} "), 1);
            write(&site, &text);
            Change::Config
        }
    }
}

/// Every kind of edit once, in an order and with targets drawn from `seed`.
fn run(seed: u64) {
    let dir = example_copy();
    let root = dir.path();
    let mut rng = Rng(seed);
    let mut served = State::load(root, BASE).unwrap_or_else(|d| panic!("loads: {d:?}"));
    everything(&mut served);
    let mut saved = Vec::new();
    let mut kinds: Vec<usize> = (0..KINDS).collect();
    for i in (1..kinds.len()).rev() {
        kinds.swap(i, rng.below(i + 1));
    }
    for (n, kind) in kinds.into_iter().enumerate() {
        let change = edit(&mut rng, kind, root, n + 1, &mut saved);
        served.apply(&change);
        let mut fresh = State::load(root, BASE).unwrap_or_else(|d| panic!("loads: {d:?}"));
        let (want_pages, want_diags) = everything(&mut fresh);
        let (got_pages, got_diags) = everything(&mut served);
        let context = format!("seed {seed}, edit {n}: {change:?}");
        assert_eq!(got_diags, want_diags, "{context}");
        // With an error, every HTML page is the error page and the last good graph stays
        // served for the rest (see `rebuild.rs`): only the problems must agree.
        assert_eq!(served.has_errors(), fresh.has_errors(), "{context}");
        if fresh.has_errors() {
            continue;
        }
        let only = |a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>| {
            a.keys()
                .filter(|k| !b.contains_key(*k))
                .cloned()
                .collect::<Vec<_>>()
        };
        let (surplus, missing) = (only(&got_pages, &want_pages), only(&want_pages, &got_pages));
        assert!(
            surplus.is_empty() && missing.is_empty(),
            "{context}: served pages a fresh load lacks: {surplus:?}; lacking: {missing:?}"
        );
        for (path, want) in &want_pages {
            let got = &got_pages[path];
            assert!(
                got == want,
                "{context}: {path} differs from a fresh load's\n--- served\n{}\n--- fresh\n{}",
                String::from_utf8_lossy(got),
                String::from_utf8_lossy(want)
            );
        }
    }
}

#[test]
fn every_page_after_random_edits_equals_a_fresh_load() {
    for seed in [1, 2026] {
        run(seed);
    }
}
