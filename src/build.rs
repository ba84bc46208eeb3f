//! The `build` and `check` commands: load → graph → render → write, each stage's problems
//! collected and printed together.

use crate::config::{self, Config};
use crate::diag::count;
use crate::diag::{Diagnostic, Diagnostics};
use crate::render::{self, theme::Theme};
use crate::site::Site;
use crate::timings;
use std::path::{Path, PathBuf};
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
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The archive's folder (the one holding site.toml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

/// A loaded archive: the graph, its theme and everything found wrong on the way.
pub struct Loaded {
    pub site: Site,
    pub theme: Theme,
    pub diagnostics: Diagnostics,
}

/// Loads config, content and theme and builds the graph. `Err` carries diagnostics when
/// nothing can be built at all (no readable site.toml, a theme that does not parse).
pub fn load(root: &Path, base_url: Option<&str>) -> Result<Loaded, Diagnostics> {
    let config = config::load(root, base_url).map_err(|d| Diagnostics(vec![d]))?;
    load_with(config)
}

pub fn load_with(config: Config) -> Result<Loaded, Diagnostics> {
    let theme = timings::stage("theme", || Theme::load(&config)).map_err(Diagnostics)?;
    let (docs, mut diagnostics) =
        timings::stage("content", || crate::content::load(&config.content_dir()));
    let mut warnings = config.accessibility_warnings();
    warnings.extend(crate::init::leftovers(&config));
    let (site, graph_diags) = Site::build(config, docs);
    diagnostics.extend(graph_diags.0);
    // Only once the content is clean: a warning should not bury the errors to fix first.
    if !diagnostics.has_errors() {
        diagnostics.extend(warnings);
    }
    Ok(Loaded {
        site,
        theme,
        diagnostics,
    })
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
        let code = report(diags, &args.root);
        eprintln!("{} was left as it was", out.display());
        Ok(code)
    };
    // Before anything is read: a wrong --out is refused, not found out after a long load.
    let target = match crate::output::Target::check(&args.root, &out) {
        Ok(t) => t,
        Err(d) => return failed(Diagnostics(vec![d])),
    };
    let loaded = match load(&args.root, args.base_url.as_deref()) {
        Ok(l) => l,
        Err(d) => return failed(d),
    };
    if loaded.diagnostics.has_errors() {
        return failed(loaded.diagnostics);
    }
    let loaded_in = started.elapsed();
    let staging = crate::output::Staging::new(&target)?;
    let pages = render::pages(&loaded.site, &loaded.theme).len();
    let progress = crate::progress::Progress::new(pages, "pages");
    let rendering = Instant::now();
    let problems = render::render_all(&loaded.site, &loaded.theme, |path, bytes| {
        progress.inc(1);
        staging.write(path, bytes)
    });
    progress.finish();
    timings::record("render + write", rendering.elapsed());
    let mut all = loaded.diagnostics;
    all.extend(problems.0);
    if all.has_errors() {
        return failed(all);
    }
    timings::stage("swap in", || staging.commit())?;
    report(all, &args.root);
    let s = &loaded.site;
    eprintln!(
        "built {} ({}, {}, {}) into {} in {:.2}s (loading {:.2}s)",
        count(progress.position() as usize, "file"),
        count(s.meetings.len(), "meeting"),
        count(s.items.len(), "item"),
        count(s.cases.len(), "case"),
        out.display(),
        started.elapsed().as_secs_f64(),
        loaded_in.as_secs_f64(),
    );
    if timings::enabled() {
        eprintln!("stages (wall):");
        timings::stage_lines().iter().for_each(|l| eprintln!("{l}"));
    }
    Ok(ExitCode::SUCCESS)
}

pub fn check(args: &CheckArgs) -> anyhow::Result<ExitCode> {
    let loaded = match load(&args.root, None) {
        Ok(l) => l,
        Err(d) => return Ok(report(d, &args.root)),
    };
    let mut all = loaded.diagnostics;
    all.extend(crate::check::links(&loaded.site, &loaded.theme));
    let code = report(all.clone(), &args.root);
    if !all.has_errors() {
        eprintln!(
            "checked {}, {}: no errors",
            count(loaded.site.meetings.len(), "meeting"),
            count(loaded.site.items.len(), "item")
        );
    }
    Ok(code)
}

/// Prints diagnostics (paths relative to the root) and a count; the exit code follows errors.
pub fn report(diags: Diagnostics, root: &Path) -> ExitCode {
    let canonical = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let shown: Vec<Diagnostic> = diags
        .sorted()
        .0
        .into_iter()
        .map(|d| d.relative_to(&canonical).relative_to(root))
        .collect();
    let shown = Diagnostics(shown);
    shown.eprint();
    if shown.has_errors() {
        eprintln!("{}", crate::diag::count(shown.error_count(), "error"));
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
