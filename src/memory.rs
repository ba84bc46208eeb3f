//! memory: when the allocator hands freed memory back to the kernel.
//!
//! A build allocates in waves: loading (every file read and parsed), the search index (every
//! item's terms, about 200 MB at 10,000 meetings, let go when its files are written), the
//! open-data files (one 67 MB buffer for the items), then the pages, which keep each item's
//! row for the lists that show it. mimalloc's default hands freed memory back a second after
//! it is freed, and the kernel must zero it again when the next wave asks for it: at 10,000
//! meetings that zeroing was 5 % of the build's CPU (a 10 ms delay: 800,000 page faults).
//! Never handing it back costs peak memory instead: what one wave freed is not all of a shape
//! the next can reuse, so the next asks the kernel for more beside it.
//!
//! So freed memory is kept while a wave runs, and handed back between waves
//! ([`release_freed`]): a few calls a build, each returning what the wave that ended let go.
//! At 10,000 meetings, with the waves of `render::render_all`, a full build's peak fell from
//! 1,010–1,074 MiB to 912–1,003 MiB over three runs each, for about 30,000 page faults more
//! (about 1,000 before).
//!
//! Memory is also taken in small pages only ([`no_huge_pages`]): a huge page first touched
//! makes the kernel compact memory to find 2 MiB in one piece, which on a machine whose memory
//! is mostly page cache (any machine that has just written a 4 GB site) cost an incremental
//! build at 10,000 meetings 1.2 s of system time in 2.5 (11 % of its samples in
//! `compact_zone`), for nothing: a build touches each page a few times.
//!
//! These are the crate's only `unsafe` blocks: the allocator's options are set through its C
//! functions, which its Rust bindings offer only as FFI.

/// mimalloc's `mi_option_purge_delay`: the 16th entry of its option enum, in both its v2 and
/// v3 headers; the Rust bindings do not name it.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// How long freed memory is kept before mimalloc returns it on its own: a day, longer than any
/// build, so that only [`release_freed`] returns it. (A negative delay would keep it for good,
/// but mimalloc then no longer notes what was freed, and a collection finds nothing to return.)
const KEEP_FOR_MS: std::ffi::c_long = 24 * 60 * 60 * 1000;

/// Keeps freed memory until [`release_freed`]; called first thing by the binary.
#[allow(unsafe_code)]
pub fn keep_freed() {
    // SAFETY: sets a plain option value; mimalloc reads it when memory is next freed.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, KEEP_FOR_MS) }
}

/// Asks the kernel for no transparent huge pages in this process (see the module's header).
/// mimalloc asks for them (`madvise`) on the regions it maps, and its own option to stop
/// that is read before `main`; the process-wide flag covers the regions mapped already too.
/// Where it cannot be set, memory is as it was.
pub fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
}

/// Returns to the kernel the memory freed since the last call, between two waves of work.
/// (Harmless where mimalloc is not the global allocator, as in the library's tests: its own
/// heaps are then empty.)
#[allow(unsafe_code)]
pub fn release_freed() {
    // SAFETY: a collection of mimalloc's heaps; it takes no pointers.
    unsafe { libmimalloc_sys::mi_collect(true) }
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
            assert_eq!(libmimalloc_sys::mi_option_get(PURGE_DELAY), 1000);
            keep_freed();
            assert_eq!(libmimalloc_sys::mi_option_get(PURGE_DELAY), KEEP_FOR_MS);
        }
        release_freed();
    }
}
