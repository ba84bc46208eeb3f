//! The `diarium` binary: parse the command line, run, and decide the exit code in one place.

use std::process::ExitCode;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay`: the 16th entry of its option enum, in both its v2 and
/// v3 headers; the Rust bindings do not name it.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Keeps freed memory in the process. A build allocates and frees in waves (each page's
/// context and text); by default mimalloc (v3) hands memory back to the kernel a second after
/// it is freed, and the kernel must zero it again when the next wave asks for it. At 10,000 meetings
/// that zeroing was 5 % of the build's CPU (`clear_page_erms` in perf) and 33,000 page faults;
/// keeping the memory cost 30 MB more peak (1.24 → 1.27 GB).
#[allow(unsafe_code)]
fn keep_freed_memory() {
    // SAFETY: sets a plain option value; mimalloc reads it at its next purge.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) }
}

fn main() -> ExitCode {
    keep_freed_memory();
    let cli = <diarium::cli::Cli as clap::Parser>::parse();
    match cli.run() {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(unsafe_code)]
    fn the_purge_delay_option_is_the_one_set() {
        // mimalloc v3's default `purge_delay` is 1000 ms; a shifted enum would read another
        // option's default here.
        // SAFETY: reads and sets plain option values.
        unsafe {
            assert_eq!(libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY), 1000);
            keep_freed_memory();
            assert_eq!(libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY), -1);
        }
    }
}
