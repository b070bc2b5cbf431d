//! Room on the disk. sled writes when it opens a notebook and at every save, and a disk
//! that fills up part-way through sled's writes can leave its log unreadable (seen: an import
//! that met a full disk, then another open on the still-full disk, and the notebook no longer
//! opened once space was freed). So sotay checks the free space before it lets sled write,
//! and refuses, changing nothing, when there is too little: a clear message now is better
//! than a notebook lost later.

use std::path::Path;

use super::error::StoreError;

/// What sled needs free to open a notebook and save into it safely: its log grows in
/// segments, and a new snapshot is written beside the old one.
pub(super) const MIN_FREE: u64 = 16 << 20;

/// Room a new record takes in sled's log, with a wide margin (measured: 4.6 kB a pupil
/// with its change log and index, in an import of 4,900).
pub(super) const PER_RECORD: u64 = 16 << 10;

/// Room a change of the log takes when a deletion rewrites it redacted: one entry of the
/// log, a small part of its record's [`PER_RECORD`], with the same wide margin.
pub(super) const PER_CHANGE: u64 = 1 << 10;

/// The room beyond [`MIN_FREE`] a write of `records` records that redacts `redacted`
/// changes of the log needs.
pub(super) fn for_write(records: usize, redacted: usize) -> u64 {
    PER_RECORD
        .saturating_mul(records as u64)
        .saturating_add(PER_CHANGE.saturating_mul(redacted as u64))
}

/// Refuses when the disk holding `dir` has less than [`MIN_FREE`] plus `extra` bytes free.
/// A file system that cannot say how much is free is not refused.
pub(super) fn ensure(dir: &Path, extra: u64) -> Result<(), StoreError> {
    let Some(free) = available(dir) else {
        return Ok(());
    };
    let needed = MIN_FREE.saturating_add(extra);
    if free < needed {
        return Err(StoreError::NoRoom {
            path: dir.to_path_buf(),
            free,
            needed,
        });
    }
    Ok(())
}

#[cfg(not(test))]
fn available(dir: &Path) -> Option<u64> {
    fs4::available_space(dir).ok()
}

/// The free space, or what a unit test makes it seem (see [`test_room`]).
#[cfg(test)]
fn available(dir: &Path) -> Option<u64> {
    test_room::CHECKS.set(test_room::CHECKS.get() + 1);
    test_room::FREE.get().or_else(|| fs4::available_space(dir).ok())
}

/// Unit tests set the free space the checks on their thread see, and count the checks.
#[cfg(test)]
pub(super) mod test_room {
    use std::cell::Cell;

    thread_local! {
        pub(super) static FREE: Cell<Option<u64>> = const { Cell::new(None) };
        pub(super) static CHECKS: Cell<usize> = const { Cell::new(0) };
    }

    /// From now on, on this thread, the disk seems to have `free` bytes free (`None`: what it has).
    pub fn seem_free(free: Option<u64>) {
        FREE.set(free);
    }

    /// How many checks were made on this thread so far.
    pub fn checks() -> usize {
        CHECKS.get()
    }
}
