//! Keeping a notebook to one process, and sealing it when it closes.
//!
//! [`hold`] takes an exclusive lock on `sotay.lock` in the notebook's folder before
//! anything else is read or written, and the store keeps it for its whole session, so the
//! checks before sled opens the files, replacing them with a checked copy, the session and
//! the seal at its end all happen while no other process can touch the notebook. (sled
//! also locks its `db` file while it is open; locking a file of our own lets sotay replace
//! `db` while holding the notebook, which Windows would not allow on a locked file.)
//!
//! When a store closes, dropping sled's `Db` leaves the files open in sled's IO threads
//! for a moment longer; [`Release`], dropped after the sled handles, waits until sled's
//! lock can be taken, then seals the notebook, then lets the notebook go.

use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::error::StoreError;
use super::seal;

/// The file sled locks and writes its log to, inside the store's folder.
pub(super) const SLED_DB_FILE: &str = "db";
/// The file sotay locks for a session.
pub(super) const LOCK_FILE: &str = "sotay.lock";

/// How long to wait for sled's threads; they finish in microseconds, so this only bounds
/// the wait when something else holds sled's lock.
const LIMIT: Duration = Duration::from_secs(5);

/// Takes the notebook's lock in `dir` (which exists); closing the returned file releases
/// it. Another process holding it gives `Locked`.
pub(super) fn hold(dir: &Path) -> Result<File, StoreError> {
    let io_error = |source| StoreError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(dir.join(LOCK_FILE)).map_err(io_error)?;
    // `flock` on Unix, `LockFileEx` on Windows.
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(TryLockError::WouldBlock) => Err(StoreError::Locked {
            path: dir.to_path_buf(),
        }),
        Err(TryLockError::Error(e)) => Err(io_error(e)),
    }
}

/// Waits, when dropped, until sled has let go of the notebook (once [`Release::arm`]ed:
/// after sled opened it, so a failed open never waits on another process's lock); then
/// writes its seal if [`Release::seal_on_close`] was called (only a store that opened
/// fine does); then drops the notebook's lock, if it holds it.
pub(super) struct Release {
    dir: PathBuf,
    armed: bool,
    seal_with: Option<u64>,
    lock: Option<File>,
}

impl Release {
    pub fn new(dir: &Path) -> Release {
        Release {
            dir: dir.to_path_buf(),
            armed: false,
            seal_with: None,
            lock: None,
        }
    }

    /// sled has opened the notebook: wait for it to close it.
    pub fn arm(&mut self) {
        self.armed = true;
    }

    /// Keep the notebook's lock until the end, after the seal.
    pub fn keep(&mut self, lock: File) {
        self.lock = Some(lock);
    }

    /// Seal the notebook on close, with the change log's next sequence number.
    pub fn seal_on_close(&mut self, next_seq: u64) {
        self.seal_with = Some(next_seq);
    }
}

impl Drop for Release {
    fn drop(&mut self) {
        if !self.armed || !sled_let_go(&self.dir) {
            return;
        }
        // sled is done, and no one else can open the notebook while `lock` is held. A
        // seal that can't be written only means the next open checks a copy first.
        if let Some(next_seq) = self.seal_with {
            let _ = seal::measure(&self.dir, next_seq).and_then(|s| seal::write(&self.dir, &s));
        }
        // Dropping `lock` releases the notebook.
    }
}

/// Whether sled's lock on `db` could be taken (and was let go again) within the limit.
fn sled_let_go(dir: &Path) -> bool {
    let Ok(file) = File::open(dir.join(SLED_DB_FILE)) else {
        return false;
    };
    let start = Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return file.unlock().is_ok(),
            Err(TryLockError::WouldBlock) if start.elapsed() <= LIMIT => {
                std::thread::sleep(Duration::from_millis(1));
            }
            Err(_) => return false,
        }
    }
}
