//! When this device last wrote a backup. In the `sync` tree beside the last bundle: this
//! device's own (each device has its own backups), never synced.

use chrono::{DateTime, Utc};

use super::Store;
use super::error::StoreError;
use super::layout::SYNC_LAST_BACKUP;

impl Store {
    /// When this device last wrote a backup (or was restored from one), if ever.
    pub fn last_backup(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        let millis: Option<i64> = self.sync_get(SYNC_LAST_BACKUP, "last backup")?;
        Ok(millis.and_then(DateTime::from_timestamp_millis))
    }

    /// When the oldest change of the log was made (by any device), if there is one: how
    /// long a notebook never backed up has held data.
    pub fn first_change_at(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        let keys = self.keys()?;
        let first = self
            .changes
            .first()
            .map_err(|e| super::error::from_sled(&self.path, e))?;
        let Some((key, value)) = first else { return Ok(None) };
        let change = super::decode_change(&self.path, &keys, &key, &value)?;
        Ok(i64::try_from(change.hlc.millis)
            .ok()
            .and_then(DateTime::from_timestamp_millis))
    }

    /// Records that a backup of this notebook was written at `at` (it is on disk by then).
    pub fn note_backup(&self, at: DateTime<Utc>) -> Result<(), StoreError> {
        let _writer = self.writer()?;
        self.sync_put(SYNC_LAST_BACKUP, &at.timestamp_millis())?;
        self.flush()
    }
}
