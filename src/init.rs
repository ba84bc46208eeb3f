//! `diarium init <dir>`: a new archive that builds at once and shows one sample meeting:
//! site.toml, content/ with the sample, and an empty sources/ for the minutes to import.

use crate::diag::Diagnostic;
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

/// What `init` left that must not be published as it is: its sample meeting, unchanged, and
/// a placeholder contact in the accessibility statement (an address in a top-level domain
/// reserved for examples). Warnings for `build` and `check`.
pub fn leftovers(config: &crate::config::Config) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let sample = config.root.join(FILES[1].0);
    if std::fs::read_to_string(&sample).is_ok_and(|t| t == FILES[1].1) {
        out.push(
            Diagnostic::warning(
                &sample,
                "the sample meeting of `diarium init` is still here and will be published",
            )
            .hint("delete content/exempelkommun/ once your own minutes are imported"),
        );
    }
    let a = &config.accessibility;
    let contacts = [
        ("contact_email", a.contact_email.as_deref()),
        ("contact_url", a.contact_url.as_deref()),
    ];
    for (key, value) in contacts {
        let Some(value) = value.filter(|v| is_placeholder(v)) else {
            continue;
        };
        let site = config.root.join("site.toml");
        let line = std::fs::read_to_string(&site)
            .ok()
            .and_then(|t| t.lines().position(|l| l.trim_start().starts_with(key)))
            .map_or(0, |i| i + 1);
        out.push(
            Diagnostic::warning(&site, format!("the accessibility statement's {key} `{value}` is a placeholder, not an address readers can use"))
                .at(line, 1)
                .hint("give where readers report accessibility problems: the law requires a real contact"),
        );
    }
    out
}

/// An address or URL in a top-level domain reserved for examples (`.invalid`, `.example`,
/// `.test`, `.localhost`).
fn is_placeholder(contact: &str) -> bool {
    let host = contact
        .rsplit('@')
        .next()
        .unwrap_or(contact)
        .trim_start_matches("https://")
        .trim_start_matches("http://");
    let host = host.split(['/', ':']).next().unwrap_or(host).to_lowercase();
    [".invalid", ".example", ".test", ".localhost"]
        .iter()
        .any(|tld| host.ends_with(tld))
}

fn write(path: &Path, text: &str) -> anyhow::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}
