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

/// Refuses when the disk holding `dir` has less than [`MIN_FREE`] plus `extra` bytes free.
/// A file system that cannot say how much is free is not refused.
pub(super) fn ensure(dir: &Path, extra: u64) -> Result<(), StoreError> {
    let Ok(free) = fs4::available_space(dir) else {
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
