//! The binary's allocator settings (mimalloc, see `src/main.rs`).
//!
//! mimalloc's defaults keep memory: its first arena, reserved before
//! `main`, is advised for transparent huge pages, so each touch can make
//! 2 MB resident, and freed pages go back to the system only after a
//! delay. Transparent huge pages are turned off for this process (set
//! before the heap grows), and freed pages are kept for [`PURGE_DELAY_MS`]
//! only: long enough that a stream of documents reuses them (returning
//! them at once cost the two-thread run 8 % of its wall time in page
//! faults), short enough that the peak stays near what is live
//! (docs/BENCHMARKS.md). A long document frees buffers several times its
//! size that nothing reuses soon: once one is read, freed pages go back at
//! once ([`return_freed_at_once`]). A `MIMALLOC_PURGE_DELAY` or
//! `MIMALLOC_ALLOW_THP` set by the user wins.

use libmimalloc_sys as mi;

/// `mi_option_purge_delay` in the v3 `mimalloc.h` that libmimalloc-sys
/// 0.1.49 builds (the crate has no constant for it).
const PURGE_DELAY: mi::mi_option_t = 15;

/// How long freed pages are kept for reuse in a stream of documents: 10 ms
/// keeps the two-thread speed-up of 50 ms (1.77x against 1.65-1.70x at 0 on
/// the 50 MB corpus) with a lower peak over a long stream (1 GB, GeoJSON, two
/// threads: 142,464 KB against 148,720 KB at 50 ms; docs/BENCHMARKS.md).
pub const PURGE_DELAY_MS: std::ffi::c_long = 10;

/// A document with at least this many bytes of text makes the run return
/// freed pages at once ([`return_freed_at_once`]).
pub const LONG_TEXT: usize = 16 << 20;

/// Whether the user set the purge delay (then it is never changed).
fn user_purge_delay() -> bool {
    std::env::var_os("MIMALLOC_PURGE_DELAY").is_some()
}

fn set_purge_delay(ms: std::ffi::c_long) {
    if !user_purge_delay() {
        // SAFETY: sets a global option of the allocator this binary links;
        // mimalloc reads its options atomically.
        unsafe { mi::mi_option_set(PURGE_DELAY, ms) };
    }
}

/// The settings at the start of `main`, before the heap grows.
pub fn configure() {
    set_purge_delay(PURGE_DELAY_MS);
    #[cfg(target_os = "linux")]
    if std::env::var_os("MIMALLOC_ALLOW_THP").is_none() {
        // SAFETY: prctl with integer arguments only; a failure leaves the
        // process as it was.
        unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0) };
    }
}

/// From now on freed pages go back to the system at once: called before
/// a document of [`LONG_TEXT`] bytes or more is mapped (the one 50 MB text
/// peaked at 392 MB this way, 423 MB with a 50 ms delay).
pub fn return_freed_at_once() {
    set_purge_delay(0);
}
