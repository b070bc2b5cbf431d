//! For the property tests of the decoders of untrusted bytes (docs/reliability.md): how
//! much memory a call takes at its peak, so a test can say "never without bound", and
//! the number of cases to run.
//!
//! Including this module installs a counting allocator for the whole test binary: each
//! thread counts what it allocates and frees, so tests running side by side don't see each
//! other's memory.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

pub struct Counting;

thread_local! {
    /// Bytes this thread holds now (what it allocated minus what it freed), and the most
    /// it held since the last `peak_of`.
    static NOW: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn count(delta: isize) {
    // `try_with`: a thread being torn down still frees memory.
    let _ = NOW.try_with(|now| {
        let n = now.get() + delta;
        now.set(n);
        let _ = PEAK.try_with(|p| p.set(p.get().max(n)));
    });
}

// SAFETY: every call is passed on to the system allocator unchanged; only counts are kept.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            count(layout.size() as isize);
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            count(layout.size() as isize);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        count(-(layout.size() as isize));
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            count(new_size as isize - layout.size() as isize);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Runs `f` and returns its result with the most memory it held at once, in bytes, on top
/// of what this thread held before.
pub fn peak_of<R>(f: impl FnOnce() -> R) -> (R, usize) {
    let start = NOW.with(Cell::get);
    PEAK.with(|p| p.set(start));
    let r = f();
    let peak = PEAK.with(Cell::get) - start;
    (r, peak.max(0) as usize)
}

/// The memory a decoder may take for `input_len` bytes of input: a few MB, and a small
/// multiple of the input (a decoder may hold its text, its lines and what it made of them).
/// What it must never do is take memory for what the input *says* (a length, a cell's place).
pub fn budget(input_len: usize) -> usize {
    (8 << 20) + 64 * input_len
}

/// A property test's settings with `cases` cases, unless `PROPTEST_CASES` asks for another
/// number (to run many by hand). Failures are not written to files: each one found becomes
/// a named regression test.
pub fn config(cases: u32) -> proptest::test_runner::Config {
    let mut config = proptest::test_runner::Config {
        failure_persistence: None,
        ..proptest::test_runner::Config::default()
    };
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = cases;
    }
    config
}
