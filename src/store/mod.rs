//! The embedded store (sled): records, the field-level change log, the hybrid logical
//! clock and the device id.
//!
//! API CONTRACT (the TUI, import and CLI are written against it; keep signatures):
//! every write goes through one private function that diffs the record's fields against
//! the stored version, writes the record and its change-log entries in one sled
//! transaction, and flushes before returning.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::clock::Clock;
use crate::domain::{Profile, RecordKind, Screening, Student, Value};

/// The store's schema version, checked at open.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Another process holds the store's lock.
    #[error("the notebook at {path} is open in another window")]
    Locked { path: PathBuf },
    /// sled or our codec could not read what is there; nothing was overwritten.
    #[error("the notebook at {path} is damaged: {detail}")]
    Damaged { path: PathBuf, detail: String },
    /// Made by a newer sotay.
    #[error("the notebook at {path} has schema {found}, newer than {SCHEMA_VERSION}")]
    NewerSchema { path: PathBuf, found: u32 },
    #[error("cannot use the notebook at {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
}

/// A hybrid logical clock reading: wall time in milliseconds, a counter for events in the
/// same millisecond, and the device id as the final tie-breaker.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub struct Hlc {
    pub millis: u64,
    pub counter: u32,
    pub device: Uuid,
}

/// One field-level change, as appended to the change log.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Change {
    pub kind: RecordKind,
    pub id: Uuid,
    pub field: String,
    /// `None` is a tombstone: the record was deleted.
    pub value: Option<Value>,
    pub hlc: Hlc,
}

pub struct Store {
    _path: PathBuf,
    _clock: Arc<dyn Clock>,
}

impl Store {
    /// Opens (or creates) the store in `dir`, with the system clock.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        Store::open_with_clock(dir, Arc::new(crate::clock::SystemClock))
    }
    pub fn open_with_clock(_dir: &Path, _clock: Arc<dyn Clock>) -> Result<Store, StoreError> {
        todo!()
    }
    pub fn path(&self) -> &Path {
        &self._path
    }
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self._clock
    }
    pub fn device_id(&self) -> Uuid {
        todo!()
    }
    pub fn profile(&self) -> Result<Option<Profile>, StoreError> {
        todo!()
    }
    pub fn save_profile(&self, _p: &Profile) -> Result<(), StoreError> {
        todo!()
    }
    /// All pupils, in no particular order.
    pub fn students(&self) -> Result<Vec<Student>, StoreError> {
        todo!()
    }
    pub fn student(&self, _id: Uuid) -> Result<Option<Student>, StoreError> {
        todo!()
    }
    pub fn save_student(&self, _s: &Student) -> Result<(), StoreError> {
        todo!()
    }
    /// Saves many pupils in one transaction (an import): all or none.
    pub fn save_students(&self, _s: &[Student]) -> Result<(), StoreError> {
        todo!()
    }
    /// Deletes the pupil and their screening, with tombstones in the change log.
    pub fn delete_student(&self, _id: Uuid) -> Result<(), StoreError> {
        todo!()
    }
    /// All current screenings.
    pub fn screenings(&self) -> Result<Vec<Screening>, StoreError> {
        todo!()
    }
    pub fn screening(&self, _student: Uuid) -> Result<Option<Screening>, StoreError> {
        todo!()
    }
    pub fn save_screening(&self, _s: &Screening) -> Result<(), StoreError> {
        todo!()
    }
    /// The whole change log, oldest first.
    pub fn changes(&self) -> Result<Vec<Change>, StoreError> {
        todo!()
    }
    /// The change log of one record, oldest first.
    pub fn changes_for(&self, _kind: RecordKind, _id: Uuid) -> Result<Vec<Change>, StoreError> {
        todo!()
    }
    /// When the store was last written, for the status bar.
    pub fn last_saved(&self) -> Option<DateTime<Utc>> {
        todo!()
    }
}
