//! The `diarium` binary: parse the command line, run, and decide the exit code in one place.

use std::process::ExitCode;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    diarium::memory::keep_freed();
    diarium::memory::no_huge_pages();
    let cli = <diarium::cli::Cli as clap::Parser>::parse();
    match cli.run() {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}
