//! Sync's state in the notebook: the account's secret, this device's signing key, the
//! sealed batches it holds (its own and those it received, so bundles can pass them on),
//! and how far its own changes are sealed. All of it in the `sync` tree, never synced.

use std::path::Path;

use serde::{Deserialize, Serialize};
use sled::Transactional;
use uuid::Uuid;

use super::error::{StoreError, from_sled};
use super::layout::{
    self, META_DEVICE, META_HLC, SYNC_ACCOUNT, SYNC_DEVICE_KEY, SYNC_DROPPED, SYNC_FORMER_DEVICES, SYNC_HOME,
    SYNC_LAST_EXCHANGE, SYNC_NEXT_BATCH, SYNC_SEALED_SEQ,
};
use super::{Change, Hlc, Store};
use crate::sync::account::{AccountKeys, AccountSecret};
use crate::sync::device::DeviceKey;
use crate::sync::{envelope, wire};

/// At most this many changes in one batch; a commit larger than this (an import of a big
/// class) still goes whole, alone. A batch is applied in one transaction, and sled keeps a
/// copy of every tree node a transaction touches until it ends: at 5,000 changes a batch,
/// a whole school's bundle (2,000 pupils) took 104 MB to import, at 1,000 it takes 53 MB
/// (docs/performance.md); a batch's fixed cost in bytes (signature, keys, age header, about
/// 0.5 kB) stays small beside 1,000 changes.
pub const BATCH_CHANGES: usize = 1_000;

/// The last bundle written or read, for the profile screen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exchange {
    /// When, in milliseconds since 1970.
    pub at_millis: i64,
    /// `true`: a bundle was read; `false`: written.
    pub imported: bool,
    pub batches: u64,
    pub changes: u64,
}

impl Store {
    /// The account's secret, if this notebook belongs to one.
    pub fn account(&self) -> Result<Option<AccountSecret>, StoreError> {
        Ok(self
            .sync_get::<[u8; 32]>(SYNC_ACCOUNT, "account")?
            .map(AccountSecret::from_bytes))
    }

    /// The account's keys, or [`StoreError::NoAccount`].
    pub fn account_keys(&self) -> Result<AccountKeys, StoreError> {
        let secret = self.account()?.ok_or(StoreError::NoAccount)?;
        Ok(AccountKeys::from_secret(&secret))
    }

    /// Makes this notebook a device of the account `secret` (a new account, or one joined
    /// with its recovery code), with a new signing key. Refused when it already has one.
    pub fn set_account(&self, secret: &AccountSecret) -> Result<(), StoreError> {
        self.set_account_with_key(secret, &DeviceKey::generate())
    }

    /// [`Store::set_account`] with a signing key made beforehand: joining a hub enrols the
    /// key first, so a refused enrolment leaves the notebook without an account.
    pub fn set_account_with_key(&self, secret: &AccountSecret, key: &DeviceKey) -> Result<(), StoreError> {
        let _writer = self.writer()?;
        if self.account()?.is_some() {
            return Err(StoreError::AccountExists);
        }
        let home = home_of(&self.path);
        let keys = self.keys()?;
        self.sync_tree()?
            .transaction(|t| {
                t.insert(
                    SYNC_ACCOUNT,
                    keys.encode(layout::TREE_SYNC, SYNC_ACCOUNT, &secret.to_bytes()),
                )?;
                t.insert(
                    SYNC_DEVICE_KEY,
                    keys.encode(layout::TREE_SYNC, SYNC_DEVICE_KEY, &key.to_bytes()),
                )?;
                // Changes made before the account existed are sealed too: the account starts
                // with everything the notebook holds.
                t.insert(SYNC_SEALED_SEQ, keys.encode(layout::TREE_SYNC, SYNC_SEALED_SEQ, &0u64))?;
                t.insert(SYNC_NEXT_BATCH, keys.encode(layout::TREE_SYNC, SYNC_NEXT_BATCH, &1u64))?;
                t.insert(SYNC_HOME, keys.encode(layout::TREE_SYNC, SYNC_HOME, &home))?;
                Ok::<_, sled::transaction::ConflictableTransactionError>(())
            })
            .map_err(|e| self.tx_error(e))?;
        self.flush()
    }

    /// This device's signing key (made with the account).
    pub(crate) fn device_key(&self) -> Result<DeviceKey, StoreError> {
        self.sync_get::<[u8; 32]>(SYNC_DEVICE_KEY, "device key")?
            .map(|b| DeviceKey::from_bytes(&b))
            .ok_or(StoreError::NoAccount)
    }

    /// The sealed batch `number` of `device`, if this notebook holds it.
    pub fn held_batch(&self, device: Uuid, number: u64) -> Result<Option<Vec<u8>>, StoreError> {
        let Some(sync) = self.sync.get() else { return Ok(None) };
        let keys = self.keys()?;
        let key = layout::batch_key(device, number);
        let got = sync.get(key).map_err(|e| from_sled(&self.path, e))?;
        got.map(|v| self.open_held(&keys, &key, &v)).transpose()
    }

    /// Every sealed batch this notebook holds, by device and number.
    pub fn held_batches(&self) -> Result<Vec<Vec<u8>>, StoreError> {
        let Some(sync) = self.sync.get() else {
            return Ok(Vec::new());
        };
        let keys = self.keys()?;
        sync.scan_prefix([layout::SYNC_BATCH_PREFIX])
            .map(|e| {
                let (k, v) = e.map_err(|e| from_sled(&self.path, e))?;
                self.open_held(&keys, &k, &v)
            })
            .collect()
    }

    /// For each device, the batch numbers held (for the profile screen and the tests).
    pub fn held_numbers(&self) -> Result<Vec<(Uuid, u64)>, StoreError> {
        let Some(sync) = self.sync.get() else {
            return Ok(Vec::new());
        };
        sync.scan_prefix([layout::SYNC_BATCH_PREFIX])
            .keys()
            .map(|k| {
                let k = k.map_err(|e| from_sled(&self.path, e))?;
                layout::parse_batch_key(&k)
                    .ok_or_else(|| StoreError::damaged(&self.path, "a held batch has a malformed key"))
            })
            .collect()
    }

    /// The number this device's next batch will have.
    pub fn next_batch(&self) -> Result<u64, StoreError> {
        Ok(self.sync_get(SYNC_NEXT_BATCH, "next batch")?.unwrap_or(1))
    }

    /// Seals this device's changes not yet in a batch into new batches (whole commits
    /// each, numbered without gaps), and keeps them. Returns how many were made.
    pub fn seal_pending(&self) -> Result<usize, StoreError> {
        let keys = self.account_keys()?;
        let key = self.device_key()?;
        let _writer = self.writer()?;
        let device = self.device_id();
        let from: u64 = self.sync_get(SYNC_SEALED_SEQ, "sealed sequence")?.unwrap_or(0);
        let next_seq = self.next_seq()?;
        let mut number = self.next_batch()?;
        let own: Vec<Change> = self
            .changes_from(from)?
            .into_iter()
            .filter(|c| c.hlc.device == device && !c.kind.rules().local.contains(&c.field.as_str()))
            .collect();
        let mut sealed = Vec::new();
        for batch in whole_commits(&own, BATCH_CHANGES) {
            let bytes = envelope::seal(&keys, &key, device, number, &wire::encode(batch))
                .map_err(|e| StoreError::damaged(&self.path, format!("a batch cannot be sealed: {e}")))?;
            sealed.push((number, bytes));
            number += 1;
        }
        let made = sealed.len();
        super::space::ensure(&self.path, sealed.iter().map(|(_, b)| b.len() as u64).sum())?;
        let keys = self.keys()?;
        self.sync_tree()?
            .transaction(|t| {
                for (n, bytes) in &sealed {
                    let key = layout::batch_key(device, *n);
                    t.insert(&key, keys.encode_raw(layout::TREE_SYNC, &key, bytes))?;
                }
                t.insert(
                    SYNC_SEALED_SEQ,
                    keys.encode(layout::TREE_SYNC, SYNC_SEALED_SEQ, &next_seq),
                )?;
                t.insert(
                    SYNC_NEXT_BATCH,
                    keys.encode(layout::TREE_SYNC, SYNC_NEXT_BATCH, &number),
                )?;
                Ok::<_, sled::transaction::ConflictableTransactionError>(())
            })
            .map_err(|e| self.tx_error(e))?;
        self.flush()?;
        Ok(made)
    }

    /// Gives this notebook a new device id and signing key: a copy or a restored backup
    /// must never make changes under readings or batch numbers its original already used.
    /// Changes made before stay under the old id (the original seals and sends them).
    pub fn renew_device(&self) -> Result<Uuid, StoreError> {
        let _writer = self.writer()?;
        self.renew_device_locked()
    }

    pub(super) fn renew_device_locked(&self) -> Result<Uuid, StoreError> {
        let old = self.device_id();
        let new = Uuid::now_v7();
        let key = DeviceKey::generate();
        let next_seq = self.next_seq()?;
        let mut former: Vec<Uuid> = self
            .sync_get(SYNC_FORMER_DEVICES, "former devices")?
            .unwrap_or_default();
        former.push(old);
        let hlc = Hlc {
            device: new,
            ..self.last_hlc()?
        };
        let home = home_of(&self.path);
        let keys = self.keys()?;
        (&self.meta, self.sync_tree()?)
            .transaction(|(m, t)| {
                m.insert(META_DEVICE, keys.encode(layout::TREE_META, META_DEVICE, &new))?;
                m.insert(META_HLC, keys.encode(layout::TREE_META, META_HLC, &hlc))?;
                t.insert(
                    SYNC_DEVICE_KEY,
                    keys.encode(layout::TREE_SYNC, SYNC_DEVICE_KEY, &key.to_bytes()),
                )?;
                t.insert(
                    SYNC_SEALED_SEQ,
                    keys.encode(layout::TREE_SYNC, SYNC_SEALED_SEQ, &next_seq),
                )?;
                t.insert(SYNC_NEXT_BATCH, keys.encode(layout::TREE_SYNC, SYNC_NEXT_BATCH, &1u64))?;
                t.insert(
                    SYNC_FORMER_DEVICES,
                    keys.encode(layout::TREE_SYNC, SYNC_FORMER_DEVICES, &former),
                )?;
                t.insert(SYNC_HOME, keys.encode(layout::TREE_SYNC, SYNC_HOME, &home))?;
                Ok::<_, sled::transaction::ConflictableTransactionError>(())
            })
            .map_err(|e| self.tx_error(e))?;
        self.flush()?;
        *self.device.lock().unwrap_or_else(|p| p.into_inner()) = new;
        Ok(new)
    }

    /// At open: a notebook of an account found somewhere else than where it was last used
    /// is a copy, and takes a new device id before anything writes. Returns the new id.
    pub(super) fn renew_if_copied(&self) -> Result<Option<Uuid>, StoreError> {
        if self.account()?.is_none() {
            return Ok(None);
        }
        let home: Option<String> = self.sync_get(SYNC_HOME, "home")?;
        if home.as_deref() == Some(home_of(&self.path).as_str()) {
            return Ok(None);
        }
        self.renew_device().map(Some)
    }

    /// How many changes to deleted pupils were dropped since the teacher was last told,
    /// and resets the count: each is told once.
    pub fn take_dropped(&self) -> Result<u64, StoreError> {
        let n: u64 = self.sync_get(SYNC_DROPPED, "dropped count")?.unwrap_or(0);
        if n > 0 {
            let _writer = self.writer()?;
            self.sync_tree()?
                .remove(SYNC_DROPPED)
                .map_err(|e| from_sled(&self.path, e))?;
            self.flush()?;
        }
        Ok(n)
    }

    /// The last bundle written or read.
    pub fn last_exchange(&self) -> Result<Option<Exchange>, StoreError> {
        self.sync_get(SYNC_LAST_EXCHANGE, "last exchange")
    }

    pub fn note_exchange(&self, e: &Exchange) -> Result<(), StoreError> {
        let _writer = self.writer()?;
        self.sync_put(SYNC_LAST_EXCHANGE, e)?;
        self.flush()
    }

    /// The change log from sequence `from` on, oldest first.
    pub(super) fn changes_from(&self, from: u64) -> Result<Vec<Change>, StoreError> {
        let keys = self.keys()?;
        let mut out = Vec::new();
        for entry in self.changes.range(layout::change_key(from)..) {
            let (key, value) = entry.map_err(|e| from_sled(&self.path, e))?;
            out.push(super::decode_change(&self.path, &keys, &key, &value)?);
        }
        Ok(out)
    }

    pub(super) fn sync_get<T: serde::de::DeserializeOwned>(
        &self,
        key: &[u8],
        what: &str,
    ) -> Result<Option<T>, StoreError> {
        let Some(sync) = self.sync.get() else { return Ok(None) };
        let keys = self.keys()?;
        let bytes = sync.get(key).map_err(|e| from_sled(&self.path, e))?;
        bytes
            .map(|b| {
                keys.decode(layout::TREE_SYNC, key, &b)
                    .map_err(|e| StoreError::damaged(&self.path, format!("the {what} cannot be read: {e}")))
            })
            .transpose()
    }

    /// Writes one value of the `sync` tree (not flushed: the caller flushes).
    pub(super) fn sync_put<T: serde::Serialize + ?Sized>(&self, key: &[u8], value: &T) -> Result<(), StoreError> {
        let stored = self.keys()?.encode(layout::TREE_SYNC, key, value);
        self.sync_tree()?
            .insert(key, stored)
            .map_err(|e| from_sled(&self.path, e))?;
        Ok(())
    }

    /// A held batch as it was sealed, from its stored form.
    fn open_held(&self, keys: &super::codec::Keys, key: &[u8], stored: &[u8]) -> Result<Vec<u8>, StoreError> {
        keys.decode_raw(layout::TREE_SYNC, key, stored)
            .map(|b| b.into_owned())
            .map_err(|e| StoreError::damaged(&self.path, format!("a held batch cannot be read: {e}")))
    }

    /// The `sync` tree, made at the first write that needs it: a notebook made before sync
    /// is not written to by merely opening it.
    pub(super) fn sync_tree(&self) -> Result<&sled::Tree, StoreError> {
        if let Some(t) = self.sync.get() {
            return Ok(t);
        }
        let t = self
            .db
            .open_tree(layout::TREE_SYNC)
            .map_err(|e| from_sled(&self.path, e))?;
        Ok(self.sync.get_or_init(|| t))
    }

    fn tx_error<E>(&self, e: sled::transaction::TransactionError<E>) -> StoreError {
        match e {
            sled::transaction::TransactionError::Storage(e) => from_sled(&self.path, e),
            sled::transaction::TransactionError::Abort(_) => {
                StoreError::damaged(&self.path, "a sync write was abandoned")
            }
        }
    }
}

/// Splits changes (oldest first) into runs of whole commits of at most `max` changes; a
/// commit (the changes sharing one reading) larger than `max` is a run of its own.
pub fn whole_commits(changes: &[Change], max: usize) -> Vec<&[Change]> {
    let mut runs = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < changes.len() {
        let mut end = i + 1;
        while end < changes.len() && changes[end].hlc == changes[i].hlc {
            end += 1;
        }
        if end - start > max && i > start {
            runs.push(&changes[start..i]);
            start = i;
        }
        i = end;
    }
    if start < changes.len() {
        runs.push(&changes[start..]);
    }
    runs
}

/// Where a notebook lives: its folder's path and, on Unix, the folder's own identity (its
/// device and inode: a copy of the folder, even at the same path on another PC, is a new
/// folder). Not any of sled's files: opening after a crash replaces them all with a checked
/// copy (see `open`), and the notebook must not take that for a copy of itself (it would
/// stop sealing the changes it made before the crash). Not a creation time either: Wine
/// reports a folder's as the time its entries last changed. On Windows the path alone
/// tells a copy apart, so a copy put at the very same path on another PC is noticed only
/// when it receives a batch of its own id that it never made (`Store::apply`).
fn home_of(dir: &Path) -> String {
    let folder = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    #[cfg(unix)]
    if let Ok(m) = std::fs::metadata(&folder) {
        use std::os::unix::fs::MetadataExt;
        return format!("{}|{}:{}", folder.display(), m.dev(), m.ino());
    }
    folder.display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{RecordKind, Value};

    fn change(millis: u64) -> Change {
        Change {
            kind: RecordKind::Student,
            id: Uuid::nil(),
            field: "notes".into(),
            value: Some(Value::Null),
            hlc: Hlc {
                millis,
                counter: 0,
                device: Uuid::nil(),
            },
        }
    }

    #[test]
    fn batches_hold_whole_commits() {
        let log: Vec<Change> = [1, 1, 1, 2, 3, 3, 4].into_iter().map(change).collect();
        let runs: Vec<usize> = whole_commits(&log, 3).iter().map(|r| r.len()).collect();
        assert_eq!(runs, [3, 3, 1]);
        // A commit larger than the limit goes alone, whole.
        let runs: Vec<usize> = whole_commits(&log, 2).iter().map(|r| r.len()).collect();
        assert_eq!(runs, [3, 1, 2, 1]);
        assert!(whole_commits(&[], 2).is_empty());
    }
}
