//! init
use std::path::PathBuf;
use std::process::ExitCode;
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    pub dir: PathBuf,
}
pub fn run(_a: &InitArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("todo")
}
