//! build
use std::path::PathBuf;
use std::process::ExitCode;
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}
pub fn run(_a: &BuildArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("todo")
}
pub fn check(_a: &CheckArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("todo")
}
