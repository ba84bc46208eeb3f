//! import: minutes → content Markdown. (Being written: see issue 3.)

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// Source files (.txt extracted from PDFs, or .pdf) or folders of them.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Where the content tree is written.
    #[arg(long, default_value = "content")]
    pub out: PathBuf,
    /// Overwrite files that were edited by hand since they were generated.
    #[arg(long)]
    pub force: bool,
}

pub fn run(_args: &ImportArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("import is not built yet")
}
