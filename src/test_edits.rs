//! Random edits of an archive on disk, of every kind a registrar makes (text added or
//! rewritten, titles, case numbers, item numbers, outcomes, references, people, votes naming
//! their voters, files saved unchanged, items added, deleted and renamed, meetings added and
//! moved in time, files broken and mended, people renamed and merged in the person registry,
//! templates, site.toml), for the
//! property tests of `serve` and of the incremental build: whatever the edits, the result must
//! equal a fresh one.

use crate::serve::Change;
use std::path::{Path, PathBuf};

/// The kinds of edit [`edit`] makes.
pub const KINDS: usize = 24;
/// The kinds that break a file and mend the last one broken.
const BREAK: usize = 11;
const MEND: usize = 12;

/// Every kind of edit once, in an order drawn from `rng`, with a file mended after it is
/// broken (the builds in between fail, and a failed build compares nothing).
pub fn order(rng: &mut Rng) -> Vec<usize> {
    let mut kinds: Vec<usize> = (0..KINDS).collect();
    for i in (1..kinds.len()).rev() {
        kinds.swap(i, rng.below(i + 1));
    }
    let at = |k: usize, kinds: &[usize]| kinds.iter().position(|x| *x == k).unwrap_or(0);
    let (broken, mended) = (at(BREAK, &kinds), at(MEND, &kinds));
    if mended < broken {
        kinds.swap(broken, mended);
    }
    // Mended soon after: two edits later at most.
    let (broken, mended) = (at(BREAK, &kinds), at(MEND, &kinds));
    if mended > broken + 2 {
        let m = kinds.remove(mended);
        kinds.insert(broken + 2, m);
    }
    kinds
}

/// xorshift64*: reproducible edits without a dependency; the seed is in every failure.
pub struct Rng(pub u64);

impl Rng {
    pub fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n.max(1)
    }
    pub fn pick<'a, T>(&mut self, list: &'a [T]) -> &'a T {
        &list[self.below(list.len())]
    }
}

pub fn example_copy() -> tempfile::TempDir {
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

pub fn files(dir: &Path, name: impl Fn(&str) -> bool) -> Vec<PathBuf> {
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
pub fn set_field(text: &str, key: &str, value: &str) -> String {
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
pub fn edit(
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
        15 => {
            // A body whose name sorts first: every other body's place among all moves.
            let from = meeting.parent().unwrap();
            let org = from.parent().unwrap().parent().unwrap();
            let to = org.join(format!("aaa-namnd-{n}")).join("2023-05-05");
            std::fs::create_dir_all(&to).unwrap();
            for f in files(from, |_| true) {
                let text = read(&f);
                let text = if f.ends_with("_index.md") {
                    set_field(&text, "body", &format!(" Aaa nämnd {n}"))
                } else {
                    text
                };
                write(&to.join(f.file_name().unwrap()), &text);
            }
            Change::Content(vec![to.parent().unwrap().to_path_buf()])
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
        16 => {
            // A vote naming its voters: a voter may be new (a person page appears), and the
            // person and party pages of everyone named gain a row.
            let who = rng.pick(&people);
            let value = format!(
                "\n- yes: 1\n  no: 1\n  ballots:\n  - by: {who}\n    vote: yes\n  - by: Lisa Röst {n} (KD)\n    vote: no"
            );
            write(&item, &set_field(&read(&item), "votes", &value));
            touched(&item)
        }
        18 | 19 => {
            let registry = content.join("people.yaml");
            let text = read(&registry);
            let edited = if kind == 18 {
                rename_person(&text, rng, n)
            } else {
                merge_people(&text, rng)
            };
            write(&registry, &edited);
            touched(&registry)
        }
        17 => {
            // Saved again unchanged: only the file's time moves (the open data's `modified`).
            let file = if rng.below(2) == 0 { &item } else { &meeting };
            let later =
                std::time::SystemTime::now() + std::time::Duration::from_secs(60 + n as u64);
            std::fs::File::options()
                .append(true)
                .open(file)
                .and_then(|f| f.set_modified(later))
                .unwrap();
            touched(file)
        }
        21 => {
            // Another number: the item's anchor and place in its meeting move, references to
            // paragraphs (kind 4 writes 218–237) find it or lose it, and a number taken
            // twice in a meeting is an error.
            let number = format!(" {}", 218 + rng.below(20));
            set_item_field(&item, "number", &number)
        }
        22 => {
            // Another outcome: a proposal to a body is paired with that body's decision.
            let outcome = rng.pick(&[
                "\n  kind: proposed\n  to: Regionstyrelsen",
                "\n  kind: proposed\n  to: Regionfullmäktige",
                " referred_back",
                " decided",
            ]);
            set_item_field(&item, "outcome", outcome)
        }
        23 => {
            // The text rewritten: words go as well as come, so terms leave the search index's
            // files they were in and enter others.
            let text = read(&item);
            let front = text.find("\n---\n").map_or(0, |at| at + 5);
            write(&item, &format!("{}\nOmskriven text {n}.\n", &text[..front]));
            touched(&item)
        }
        _ => {
            let site = root.join("site.toml");
            let text = read(&site).replacen("title = \"", &format!("title = \"{n} "), 1);
            write(&site, &text);
            Change::Config
        }
    }
}

/// Sets one front-matter field of a file, as a save in an editor would.
fn set_item_field(path: &Path, key: &str, value: &str) -> Change {
    let text = std::fs::read_to_string(path).unwrap();
    std::fs::write(path, set_field(&text, key, value)).unwrap();
    Change::Content(vec![path.to_path_buf()])
}

/// The registry's entries: each id line with the indented lines below it.
fn entries(text: &str) -> (String, Vec<Vec<String>>) {
    let (mut head, mut blocks) = (String::new(), Vec::<Vec<String>>::new());
    for line in text.lines() {
        if line.starts_with(' ') {
            if let Some(b) = blocks.last_mut() {
                b.push(line.to_string());
            }
        } else if line.starts_with('#') || line.is_empty() {
            head.push_str(line);
            head.push('\n');
        } else {
            blocks.push(vec![line.to_string()]);
        }
    }
    (head, blocks)
}

fn join(head: String, blocks: &[Vec<String>]) -> String {
    blocks.iter().flatten().fold(head, |t, l| t + l + "\n")
}

/// A person renamed in the registry: the id (and URL) stays, every page naming them changes.
fn rename_person(text: &str, rng: &mut Rng, n: usize) -> String {
    let (head, mut blocks) = entries(text);
    if blocks.is_empty() {
        return text.to_string();
    }
    let k = rng.below(blocks.len());
    for line in &mut blocks[k] {
        if line.starts_with("  name: ") {
            line.push_str(&format!(" Nyname{n}"));
        }
    }
    join(head, &blocks)
}

/// Two people merged in the registry: the second's name and spellings move into the first's
/// `spellings`, and its entry goes (its page with it).
fn merge_people(text: &str, rng: &mut Rng) -> String {
    let (head, mut blocks) = entries(text);
    if blocks.len() < 2 {
        return text.to_string();
    }
    let gone = blocks.remove(rng.below(blocks.len()));
    let mut forms: Vec<String> = Vec::new();
    for line in &gone {
        if let Some(name) = line.strip_prefix("  name: ") {
            forms.push(format!("{name:?}"));
        }
        if let Some(list) = line.strip_prefix("  spellings: [") {
            forms.push(list.trim_end_matches(']').to_string());
        }
    }
    let keep = rng.below(blocks.len());
    let block = &mut blocks[keep];
    match block.iter_mut().find(|l| l.starts_with("  spellings: [")) {
        Some(line) => *line = line.replacen('[', &format!("[{}, ", forms.join(", ")), 1),
        None => block.push(format!("  spellings: [{}]", forms.join(", "))),
    }
    join(head, &blocks)
}
