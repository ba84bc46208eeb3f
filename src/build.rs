//! The `build` and `check` commands: load → graph → render → write, each stage's problems
//! collected and printed together.

use crate::diag::count;
use crate::diag::Diagnostics;
use crate::pipeline::{self, Keep};
use crate::timings;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The archive's folder (the one holding site.toml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Where the site is written; relative paths are taken from --root.
    #[arg(long, default_value = "public")]
    pub out: PathBuf,
    /// The URL the site will be served from, e.g. https://example.se/protokoll/ (overrides
    /// site.toml; links work under a sub-path).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Print how long each stage took and the CPU time of each kind of page.
    #[arg(long)]
    pub timings: bool,
    /// Render every page, ignoring the build cache. Without it, `build` renders only the
    /// pages an edit reached since the last build into this output (see the README); a
    /// changed binary, theme, site.toml or base URL makes the build full anyway.
    #[arg(long)]
    pub full: bool,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The archive's folder (the one holding site.toml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// First add every person the minutes name that the person registry
    /// (content/people.yaml) lacks, as a new entry at its end (the file is created when
    /// missing; existing entries and comments are never changed), then check.
    #[arg(long)]
    pub update_people: bool,
}

pub fn run(args: &BuildArgs) -> anyhow::Result<ExitCode> {
    if args.timings {
        timings::enable();
    }
    let started = Instant::now();
    let out = if args.out.is_absolute() {
        args.out.clone()
    } else {
        args.root.join(&args.out)
    };
    let failed = |diags: Diagnostics| {
        let code = crate::diag::report(diags, &args.root);
        eprintln!("{} was left as it was", out.display());
        Ok(code)
    };
    // Before anything is read: a wrong --out is refused, not found out after a long load.
    let target = match crate::output::Target::check(&args.root, &out) {
        Ok(t) => t,
        Err(d) => return failed(Diagnostics(vec![d])),
    };
    let (config, theme) = match pipeline::setup(&args.root, args.base_url.as_deref()) {
        Ok(setup) => setup,
        Err(d) => return failed(d),
    };
    // Held to the end of the build: a second build into the same folder waits for this one.
    let _lock = crate::output::lock::hold(target.path())?;
    // The last build's cache first: loading reuses what it kept of the content.
    let prior = pipeline::publish::Prior::read(&args.root, &config, target.path(), args.full)?;
    let files = timings::stage("content", || {
        prior.read_content(&config.content_dir(), target.path())
    });
    let archive = pipeline::Archive::assemble(
        &args.root,
        config,
        theme,
        files,
        Keep::Problems,
        prior.reuse(),
    );
    if archive.has_errors() {
        return failed(archive.diagnostics());
    }
    let loaded_in = started.elapsed();
    let rendering = Instant::now();
    let published = match pipeline::publish::publish(&archive, &target, prior)? {
        Ok(p) => p,
        Err(problems) => {
            let mut all = archive.diagnostics();
            all.extend(problems.0);
            return failed(all);
        }
    };
    timings::record("render + write", rendering.elapsed());
    let all = archive.diagnostics();
    crate::diag::report(all, &args.root);
    let s = &archive.site;
    let how = if published.incremental {
        format!(
            "; {} rendered, {} changed (incremental: --full renders all)",
            count(published.rendered, "page"),
            count(published.changed, "file")
        )
    } else {
        String::new()
    };
    eprintln!(
        "built {} ({}, {}, {}) into {} in {:.2}s (loading {:.2}s){how}",
        count(published.pages, "file"),
        count(s.meetings.len(), "meeting"),
        count(s.items.len(), "item"),
        count(s.cases.len(), "case"),
        out.display(),
        started.elapsed().as_secs_f64(),
        loaded_in.as_secs_f64(),
    );
    if timings::enabled() {
        eprintln!(
            "search index: {} rendered, {} split into words for its fingerprints",
            count(published.search_rendered, "file"),
            count(published.search_split, "item")
        );
        eprintln!("stages (wall):");
        timings::stage_lines().iter().for_each(|l| eprintln!("{l}"));
    }
    leave(archive);
    Ok(ExitCode::SUCCESS)
}

/// Lets go of the archive without freeing it, when the process ends right after: the kernel
/// takes its memory back whole, while freeing its 150,000 items, 420,000 pages and their
/// paths one by one took 0.4 s of an incremental build's wall time at 10,000 meetings (after
/// the output and the cache were written). The library's own tests build many times in one
/// process, and free it.
fn leave(archive: pipeline::Archive) {
    if cfg!(test) {
        drop(archive);
    } else {
        std::mem::forget(archive);
    }
}

pub fn check(args: &CheckArgs) -> anyhow::Result<ExitCode> {
    let load = || pipeline::load(&args.root, None, Keep::Problems);
    let mut archive = match load() {
        Ok(a) => a,
        Err(d) => return Ok(crate::diag::report(d, &args.root)),
    };
    if args.update_people && update_people(&archive) {
        archive = match load() {
            Ok(a) => a,
            Err(d) => return Ok(crate::diag::report(d, &args.root)),
        };
    }
    let mut all = archive.diagnostics();
    all.extend(crate::check::links(&archive));
    let code = crate::diag::report(all.clone(), &args.root);
    if !all.has_errors() {
        eprintln!(
            "checked {}, {}: no errors",
            count(archive.site.meetings.len(), "meeting"),
            count(archive.site.items.len(), "item")
        );
    }
    leave(archive);
    Ok(code)
}

/// Appends the people the registry lacks to it; true when the file changed. A registry that
/// does not parse is left alone (its errors are reported by the check).
fn update_people(archive: &pipeline::Archive) -> bool {
    let site = &archive.site;
    let names: Vec<String> = site.unregistered.iter().map(|u| u.name.clone()).collect();
    let content_dir = site.config.content_dir();
    match crate::registry::append::add(&content_dir, site.registry.as_ref(), &names) {
        Ok(added) => {
            let shown = added
                .path
                .strip_prefix(&archive.root)
                .unwrap_or(&added.path);
            eprintln!(
                "{}: {} added",
                shown.display(),
                count(added.names.len(), "name")
            );
            !added.names.is_empty() || site.registry.is_none()
        }
        Err(d) => {
            Diagnostics(vec![d]).eprint();
            false
        }
    }
}
