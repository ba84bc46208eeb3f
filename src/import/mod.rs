//! import: minutes → content Markdown (DESIGN.md, "Content format").
//!
//! ```text
//! source.rs      read .txt / .pdf, reject empty, binary, non-UTF-8 input
//! layout.rs      a PDF's layout (pdftohtml -xml): bold lines, running headers, form rows
//! profile.rs     house-style profiles: [import] in site.toml, diarium-import.toml per folder
//! furniture.rs   page numbers, running headers, signature lines      → dropped, listed
//! markers.rs     item markers in families, the best chain of numbers (markers/candidates.rs:
//!                every place that could open an item)
//! outline.rs     which lines open items, tables of contents, flattened pages split
//! headings.rs    one heading: its title and the case numbers printed with it
//! case_refs.rs   case numbers after labels and by shape
//! sections.rs    Sammanfattning, Beslut, Beslutsunderlag ...          → `## Heading`
//! reflow.rs      paragraphs, hyphenation, bullets, numbered lists
//! fields.rs      outcome, motions, votes, reservations, ...           → front-matter
//! ballots.rs     per-person votes: voteringslista tables, `Ja-röster:` lists
//! meeting.rs     organization, body, date, kind, place, notice dates from the header
//!                (meeting/cover.rs: the cover page read as running text)
//! attendance.rs  presence list, chair, secretary, adjusters
//! report.rs      reports: sections by page title, tables as structured lists
//! assemble.rs    all of the above for one source → Document
//! doubts.rs      what the importer is unsure of → warnings
//! explain.rs     `--explain`: every line's role and why
//! writer.rs      Document → files, never overwriting hand edits (manifest)
//! coverage.rs    words of the source found in the output (`--report`)
//! ```

mod assemble;
mod attendance;
mod ballots;
pub mod case_refs;
pub(crate) mod coverage;
pub(crate) mod doc;
mod doubts;
mod explain;
mod fields;
mod furniture;
mod headings;
mod item;
pub(crate) mod layout;
mod markers;
pub(crate) mod meeting;
mod outline;
mod people;
mod people_file;
pub(crate) mod profile;
mod references;
mod reflow;
mod report;
mod sections;
pub mod sidecar;
pub(crate) mod source;
pub mod writer;

use crate::diag::{count, Diagnostic, Diagnostics};
use crate::model::MeetingKind;
use assemble::{Parsed, Source};
use chrono::NaiveDate;
use rayon::prelude::*;
use sidecar::Overrides;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub(crate) struct ImportArgs {
    /// Source files (.txt extracted from PDFs, or .pdf) or folders of them.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// The archive's folder (the one holding site.toml); its `content/` is written.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Write into another content folder than `<root>/content`.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Overwrite files that were edited by hand since they were generated.
    #[arg(long)]
    pub force: bool,
    /// Summarize what was dropped as page furniture (by kind, with counts) and the word
    /// coverage of each source.
    #[arg(long)]
    pub report: bool,
    /// Print each source line by line with the role the importer gave every line and why
    /// (furniture, header field, item heading, table of contents, section, text); write
    /// nothing.
    #[arg(long)]
    pub explain: bool,
    /// With --report: list every dropped line.
    #[arg(short, long)]
    pub verbose: bool,
    /// The organization, when the text does not state it (wins over the sidecar).
    #[arg(long)]
    pub organization: Option<String>,
    /// The body (board, committee), when the text does not state it.
    #[arg(long)]
    pub body: Option<String>,
    /// The meeting date (YYYY-MM-DD), when the text does not state it.
    #[arg(long)]
    pub date: Option<NaiveDate>,
    /// The kind: protokoll, dagordning or rapport.
    #[arg(long, value_parser = parse_kind)]
    pub kind: Option<MeetingKind>,
}

fn parse_kind(s: &str) -> Result<MeetingKind, String> {
    match s {
        "protokoll" => Ok(MeetingKind::Protokoll),
        "dagordning" => Ok(MeetingKind::Dagordning),
        "rapport" => Ok(MeetingKind::Rapport),
        _ => Err("use protokoll, dagordning or rapport".into()),
    }
}

impl ImportArgs {
    /// The content folder written: `--out`, else `<root>/content`.
    pub fn content_dir(&self) -> PathBuf {
        self.out
            .clone()
            .unwrap_or_else(|| self.root.join("content"))
    }

    fn flags(&self) -> Overrides {
        Overrides {
            organization: self.organization.clone(),
            body: self.body.clone(),
            date: self.date,
            kind: self.kind,
            ..Overrides::default()
        }
    }
}

/// One source's result: the parsed document and its text (for coverage), or diagnostics.
struct Imported {
    shown: String,
    text: String,
    parsed: Parsed,
}

pub(crate) fn run(args: &ImportArgs) -> anyhow::Result<ExitCode> {
    let mut diags = Diagnostics::default();
    let site = match site_profile(&args.root) {
        Ok(p) => p,
        Err(d) => {
            Diagnostics(vec![d]).eprint();
            return Ok(ExitCode::FAILURE);
        }
    };
    let setting = Setting {
        flags: args.flags(),
        site,
        styles: Default::default(),
    };
    let sources = collect(&args.inputs, &mut diags);
    if args.explain {
        return explain_all(&sources, &setting, diags);
    }
    let bar = crate::progress::Progress::new(sources.len(), "sources");
    let results: Vec<Result<Imported, Vec<Diagnostic>>> = sources
        .par_iter()
        .map(|p| {
            let r = import_one(p, &setting);
            bar.inc(1);
            r
        })
        .collect();
    bar.finish();
    let mut imported = Vec::new();
    for r in results {
        match r {
            Ok(i) => {
                diags.extend(i.parsed.warnings.clone());
                // Identity numbers are imported like any text (nothing is lost), but said
                // now: `build` will refuse the content until they are removed or masked.
                diags.extend(crate::content::pii::diagnostics(
                    Path::new(&i.shown),
                    &i.text,
                    false,
                ));
                imported.push(i);
            }
            Err(ds) => diags.extend(ds),
        }
    }
    let out = args.content_dir();
    let new_archive = people_file::is_new(&out);
    let summary = write_all(args, &out, &imported, &mut diags)?;
    let documents: Vec<&doc::Document> = imported.iter().map(|i| &i.parsed.doc).collect();
    diags.extend(people_file::update(&out, &documents, new_archive));
    if args.report {
        print_report(&imported, &summary.files, args.verbose);
    }
    let diags = diags.sorted();
    diags.eprint();
    eprintln!(
        "imported {} of {} into {}: {} written, {} unchanged, {} kept as edited by hand",
        count(imported.len() - summary.failed, "source"),
        sources.len(),
        out.display(),
        count(summary.written, "file"),
        summary.unchanged,
        summary.refused
    );
    Ok(if diags.has_errors() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// What the importer reads from a source's text when nothing is given by hand: the meeting
/// facts it found and the items. For scoring the importer against expected data (the dev
/// set's test) and for fuzzing; `import` itself goes through the same reading.
pub struct Reading {
    pub header: meeting::Header,
    pub kind: MeetingKind,
    pub items: Vec<crate::model::ItemMeta>,
    /// Whether items were recognized (else `items` is the whole text as one item).
    pub recognized: bool,
    pub warnings: Vec<Diagnostic>,
}

pub fn read_text(text: &str) -> Reading {
    let src = Source {
        path: Path::new("input.txt"),
        shown: "input.txt".into(),
        sha256: String::new(),
        file_facts: None,
        text,
        looks: &layout::Looks::default(),
    };
    let a = assemble::analyze(&src, &Overrides::default(), &profile::Style::default());
    Reading {
        items: a.items().iter().map(|i| i.meta.clone()).collect(),
        recognized: a.found.is_some(),
        header: a.header,
        kind: a.kind,
        warnings: a.warnings,
    }
}

/// Files named on the command line, and the `.txt`/`.pdf` files inside named folders.
fn collect(inputs: &[PathBuf], diags: &mut Diagnostics) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found: Vec<PathBuf> = walkdir::WalkDir::new(input)
                .into_iter()
                .filter_entry(|e| {
                    e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.')
                })
                .filter_map(Result::ok)
                .map(|e| e.into_path())
                .filter(|p| p.is_file() && is_source(p))
                .collect();
            found.sort();
            out.extend(found);
        } else if input.is_file() {
            // `sources/*` names the sidecars too; they are read with their source.
            if !sidecar::is_sidecar(input) {
                out.push(input.clone());
            }
        } else {
            diags.push(Diagnostic::error(input, "no such file or folder"));
        }
    }
    // A file named twice (itself and inside a named folder) is imported once.
    let mut seen = std::collections::HashSet::new();
    out.retain(|p| seen.insert(p.canonicalize().unwrap_or_else(|_| p.clone())));
    out
}

fn is_source(p: &Path) -> bool {
    let ext = p.extension().map(|e| e.to_string_lossy().to_lowercase());
    matches!(ext.as_deref(), Some("txt" | "pdf")) && !sidecar::is_sidecar(p)
}

/// What is given by hand for every source: the command line's flags and site.toml's profile.
struct Setting {
    flags: Overrides,
    site: profile::Profile,
    /// Each folder's style, read and compiled once for all its sources.
    styles: std::sync::Mutex<HashMap<PathBuf, Result<profile::Style, Diagnostic>>>,
}

impl Setting {
    /// What is given for one source: flags, then its sidecar, then its folder's profile and
    /// site.toml's; and the profile's style (item marker, lines to drop).
    fn for_source(&self, path: &Path) -> Result<(Overrides, profile::Style), Diagnostic> {
        let sidecar = sidecar::read(path)?;
        let folder = path.parent().unwrap_or(Path::new("")).to_path_buf();
        let style = {
            let mut styles = self.styles.lock().unwrap_or_else(|e| e.into_inner());
            styles
                .entry(folder)
                .or_insert_with_key(|f| profile::for_folder(f, &self.site))
                .clone()?
        };
        let given = self.flags.clone().or(sidecar).or(style.given.clone());
        Ok((given, style))
    }
}

/// site.toml's `[import]` profile, when the archive has a site.toml. Only that table is read:
/// the rest is the site's, which `build` and `check` validate (and with it this table, so
/// `check` reports a bad `[import]` too). Import thus needs nothing of `config`, which needs
/// the profile's type: the two modules form no cycle.
fn site_profile(root: &Path) -> Result<profile::Profile, Diagnostic> {
    let path = root.join("site.toml");
    if !path.is_file() {
        return Ok(profile::Profile::default());
    }
    let text = std::fs::read_to_string(&path)
        .map_err(|e| Diagnostic::error(&path, format!("cannot read site.toml: {e}")))?;
    profile::parse_site_table(&path, &text)
}

/// `--explain`: each source's lines with their roles, on stdout; nothing is written.
fn explain_all(
    sources: &[PathBuf],
    setting: &Setting,
    mut diags: Diagnostics,
) -> anyhow::Result<ExitCode> {
    for path in sources {
        let read = source::read(path).and_then(|text| Ok((text, setting.for_source(path)?)));
        let looks = source::looks(path, read.as_ref().map_or("", |r| r.0.as_str()));
        let (text, (given, style)) = match read {
            Ok(r) => r,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let shown = path.to_string_lossy().replace('\\', "/");
        let src = Source {
            path,
            shown: shown.clone(),
            sha256: String::new(),
            file_facts: None,
            text: &text,
            looks: &looks,
        };
        let analysis = assemble::analyze(&src, &given, &style);
        println!("{}", explain::explain(&shown, &analysis));
    }
    diags.eprint();
    Ok(if diags.has_errors() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn import_one(path: &Path, setting: &Setting) -> Result<Imported, Vec<Diagnostic>> {
    let text = source::read(path).map_err(|d| vec![d])?;
    let (given, style) = setting.for_source(path).map_err(|d| vec![d])?;
    let looks = source::looks(path, &text);
    let bytes = std::fs::read(path).map_err(|e| vec![Diagnostic::error(path, e.to_string())])?;
    let shown = path.to_string_lossy().replace('\\', "/");
    let src = Source {
        path,
        shown: shown.clone(),
        sha256: writer::sha256_hex(&bytes),
        file_facts: Some((writer::sha512_hex(&bytes), bytes.len() as u64)),
        text: &text,
        looks: &looks,
    };
    let parsed = assemble::parse(&src, &given, &style)?;
    Ok(Imported {
        shown,
        text,
        parsed,
    })
}

/// Parses one source's text as `import` does, reading and writing no file: the entry point
/// for tests and the `import_parse` fuzz target. Errors are what the text lacks (an
/// organization, a date) that `given` does not supply either.
pub fn parse_text(text: &str, given: &Overrides) -> Result<doc::Document, Vec<Diagnostic>> {
    let src = Source {
        path: Path::new("text.txt"),
        shown: "text.txt".into(),
        sha256: writer::sha256_hex(text.as_bytes()),
        file_facts: None,
        text,
        looks: &layout::Looks::default(),
    };
    assemble::parse(&src, given, &profile::Style::default()).map(|p| p.doc)
}

#[derive(Default)]
struct Summary {
    written: usize,
    unchanged: usize,
    refused: usize,
    failed: usize,
    /// Source → the contents generated for it.
    files: BTreeMap<String, Vec<String>>,
}

fn write_all(
    args: &ImportArgs,
    out: &Path,
    imported: &[Imported],
    diags: &mut Diagnostics,
) -> anyhow::Result<Summary> {
    let mut manifest = writer::Manifest::load(out)?;
    let now = crate::appeal::now().map_err(anyhow::Error::msg)?;
    let rendered: Vec<Vec<(String, String)>> = imported
        .iter()
        .map(|i| writer::render(&writer::keep_imported(out, &i.parsed.doc, now)))
        .collect();
    let clashing = clashes(imported, &rendered, diags);
    let mut s = Summary {
        failed: clashing.len(),
        ..Summary::default()
    };
    for (k, (imp, files)) in imported.iter().zip(rendered).enumerate() {
        if clashing.contains(&k) {
            continue;
        }
        for (rel, content) in &files {
            match writer::write(out, rel, content, &mut manifest, args.force)? {
                writer::Outcome::Written => s.written += 1,
                writer::Outcome::Unchanged => s.unchanged += 1,
                writer::Outcome::Refused => {
                    s.refused += 1;
                    diags.push(writer::refused(out, rel));
                }
            }
        }
        let rels: Vec<String> = files.iter().map(|(r, _)| r.clone()).collect();
        for rel in writer::remove_stale(out, &imp.shown, &rels, &mut manifest)? {
            let message = format!(
                "no longer produced by the import of {}; kept because it was edited by hand",
                imp.shown
            );
            diags.push(
                Diagnostic::warning(out.join(&rel), message)
                    .hint("delete it if the new files replace it"),
            );
        }
        s.files.insert(
            imp.shown.clone(),
            files.into_iter().map(|(_, c)| c).collect(),
        );
    }
    manifest.save(out)?;
    Ok(s)
}

/// Sources that describe the same meeting (their files share a meeting folder): each is
/// refused before anything is written, so a meeting's content never mixes two sources.
fn clashes(
    imported: &[Imported],
    rendered: &[Vec<(String, String)>],
    diags: &mut Diagnostics,
) -> std::collections::BTreeSet<usize> {
    let meeting_of = |files: &[(String, String)]| {
        files
            .first()
            .and_then(|(rel, _)| rel.rsplit_once('/').map(|(dir, _)| dir.to_string()))
    };
    let mut by_meeting: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (k, files) in rendered.iter().enumerate() {
        if let Some(m) = meeting_of(files) {
            by_meeting.entry(m).or_default().push(k);
        }
    }
    let mut out = std::collections::BTreeSet::new();
    for (meeting, ks) in by_meeting.into_iter().filter(|(_, ks)| ks.len() > 1) {
        let names: Vec<&str> = ks.iter().map(|k| imported[*k].shown.as_str()).collect();
        for &k in &ks {
            let others: Vec<&str> = names
                .iter()
                .copied()
                .filter(|n| *n != imported[k].shown)
                .collect();
            diags.push(
                Diagnostic::error(
                    &imported[k].shown,
                    format!(
                        "describes the same meeting ({meeting}) as {}; neither was imported",
                        others.join(", ")
                    ),
                )
                .hint("if they are different documents, give one a different `kind`, `date` or `body` in its sidecar (<source>.meta.yaml)"),
            );
            out.insert(k);
        }
    }
    out
}

fn print_report(imported: &[Imported], files: &BTreeMap<String, Vec<String>>, verbose: bool) {
    for imp in imported {
        let generated = files.get(&imp.shown).cloned().unwrap_or_default();
        let (ratio, total) = coverage::measure(&imp.text, &imp.parsed.doc.dropped, &generated);
        println!(
            "{}: {}, word coverage {:.2}% of {} words, {} dropped",
            imp.shown,
            count(imp.parsed.doc.items.len(), "item"),
            ratio * 100.0,
            total,
            count(imp.parsed.doc.dropped.len(), "line"),
        );
        let mut by_reason: BTreeMap<&str, usize> = BTreeMap::new();
        for d in &imp.parsed.doc.dropped {
            *by_reason.entry(d.reason).or_default() += 1;
        }
        for (reason, n) in by_reason {
            println!("  {n:>5}  {reason}");
        }
        if verbose {
            for d in &imp.parsed.doc.dropped {
                println!(
                    "  {}:{}: dropped {}: {}",
                    imp.shown, d.line, d.reason, d.text
                );
            }
        }
    }
}
