//! `diarium init <dir>`: a new archive that builds at once and shows one sample meeting:
//! site.toml, content/ with the sample, and an empty sources/ for the minutes to import.

use anyhow::{bail, Context as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The folder to create (it may exist, but must be empty).
    pub dir: PathBuf,
}

const MEETING: &str = "content/exempelkommun/kommunstyrelsen/2025-01-15";

const FILES: &[(&str, &str)] = &[
    ("site.toml", include_str!("init_sample/site.toml")),
    (
        "content/exempelkommun/kommunstyrelsen/2025-01-15/_index.md",
        include_str!("init_sample/_index.md"),
    ),
    (
        "content/exempelkommun/kommunstyrelsen/2025-01-15/001-val-av-justerare.md",
        include_str!("init_sample/001-val-av-justerare.md"),
    ),
    (
        "content/exempelkommun/kommunstyrelsen/2025-01-15/002-budget.md",
        include_str!("init_sample/002-budget.md"),
    ),
];

pub fn run(args: &InitArgs) -> anyhow::Result<ExitCode> {
    let dir = &args.dir;
    if dir.exists()
        && std::fs::read_dir(dir)
            .with_context(|| format!("cannot read {}", dir.display()))?
            .next()
            .is_some()
    {
        bail!(
            "{} is not empty; choose a new folder so nothing in it is overwritten",
            dir.display()
        );
    }
    for (rel, text) in FILES {
        write(&dir.join(rel), text)?;
    }
    std::fs::create_dir_all(dir.join("sources"))
        .with_context(|| format!("cannot create {}/sources", dir.display()))?;
    eprintln!(
        "created a new archive in {} with a sample meeting in {MEETING}",
        dir.display()
    );
    eprintln!(
        "next: `diarium serve --root {}` to preview, `diarium build --root {}` to publish",
        dir.display(),
        dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn write(path: &Path, text: &str) -> anyhow::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}
