//! sled's lock on its `db` file, which keeps a notebook to one process.
//!
//! Before sled opens a notebook, [`hold`] takes that lock so the files can be checked
//! while no one writes them. When a store closes, dropping sled's `Db` leaves the file
//! open in sled's IO threads for a moment longer; [`Release`], dropped after the sled
//! handles, waits until the lock can be taken again, then seals the notebook.

use std::fs::{File, TryLockError};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::error::StoreError;
use super::seal;

/// The file sled locks and writes its log to, inside the store's folder.
pub(super) const SLED_DB_FILE: &str = "db";

/// How long to wait for sled's threads; they finish in microseconds, so this only bounds
/// the wait when another process took the lock in the meantime.
const LIMIT: Duration = Duration::from_secs(5);

/// Takes the lock on the notebook in `dir`, if it has a `db` file; closing the returned
/// file releases it. Another process holding it gives `Locked`.
pub(super) fn hold(dir: &Path) -> Result<Option<File>, StoreError> {
    let io_error = |source| StoreError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let file = match File::open(dir.join(SLED_DB_FILE)) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_error(e)),
    };
    // std's exclusive lock is sled's: `flock` on Unix, `LockFileEx` on Windows.
    match file.try_lock() {
        Ok(()) => Ok(Some(file)),
        Err(TryLockError::WouldBlock) => Err(StoreError::Locked {
            path: dir.to_path_buf(),
        }),
        Err(TryLockError::Error(e)) => Err(io_error(e)),
    }
}

/// Waits, when dropped, until sled has let go of the notebook (once [`Release::arm`]ed:
/// after sled opened it, so a failed open never waits on another process's lock); then
/// writes its seal if [`Release::seal_on_close`] was called (only a store that opened
/// fine does).
pub(super) struct Release {
    dir: PathBuf,
    armed: bool,
    seal_with: Option<u64>,
}

impl Release {
    pub fn new(dir: &Path) -> Release {
        Release {
            dir: dir.to_path_buf(),
            armed: false,
            seal_with: None,
        }
    }

    /// sled has opened the notebook: wait for it to close it.
    pub fn arm(&mut self) {
        self.armed = true;
    }

    /// Seal the notebook on close, with the change log's next sequence number.
    pub fn seal_on_close(&mut self, next_seq: u64) {
        self.seal_with = Some(next_seq);
    }
}

impl Drop for Release {
    fn drop(&mut self) {
        if !self.armed {
            return;
        }
        let Ok(file) = File::open(self.dir.join(SLED_DB_FILE)) else {
            return;
        };
        let start = Instant::now();
        while file.try_lock().is_err() {
            if start.elapsed() > LIMIT {
                return;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        // Holding the lock: sled is done and no one else writes. A seal that can't be
        // written only means the next open checks a copy first.
        if let Some(next_seq) = self.seal_with {
            let _ = seal::measure(&self.dir, next_seq).and_then(|s| seal::write(&self.dir, &s));
        }
        // Closing `file` releases the lock.
    }
}
