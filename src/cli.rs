//! The command line: one argument struct per command, each handed to the module that runs it.
//! Commands return `Ok(ExitCode::FAILURE)` when the user's input has errors (already printed
//! as diagnostics) and `Err` for internal or I/O failures.

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Turns the minutes of Swedish councils, regions and committees into a readable,
/// cross-linked static decision archive.
///
/// A typical session: `diarium import sources/` writes Markdown into content/, you proofread it
/// with `diarium serve` open in a browser, and `diarium build` writes the site into public/.
#[derive(Debug, Parser)]
#[command(name = "diarium", version, about, long_about)]
pub struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Create a new archive: site.toml, content/ with one sample meeting, sources/.
    Init(crate::init::InitArgs),
    /// Import minutes (text extracted from PDFs, or PDFs) into content Markdown.
    Import(crate::import::ImportArgs),
    /// Build the static site into public/ (or --out).
    Build(crate::build::BuildArgs),
    /// Build, serve on loopback, watch for changes and reload open pages.
    Serve(crate::serve::ServeArgs),
    /// Validate content, case numbers and internal links without writing the site.
    Check(crate::build::CheckArgs),
}

impl Cli {
    pub fn run(self) -> anyhow::Result<ExitCode> {
        match self.command {
            Command::Init(args) => crate::init::run(&args),
            Command::Import(args) => crate::import::run(&args),
            Command::Build(args) => crate::build::run(&args),
            Command::Serve(args) => crate::serve::run(&args),
            Command::Check(args) => crate::build::check(&args),
        }
    }
}
