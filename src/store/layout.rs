//! How the store lies in sled: four trees and their keys. Public so tools and tests can
//! look inside a notebook; every value is in [`super::codec`]'s format.
//!
//! - `meta`: [`META_SCHEMA`] (u32), [`META_DEVICE`] (Uuid), [`META_HLC`] (the last
//!   [`super::Hlc`] handed out), [`META_NEXT_SEQ`] (u64, the next change-log key), and the
//!   settings of this device alone ([`DeviceSetting`], a String each; absent until set),
//!   and [`META_BATCH`] while a write in parts is under way.
//!   Nothing in `meta` is a record: it is never in the change log, so never synced.
//! - `records`: key = kind byte + the record's 16 uuid bytes, value = the whole record.
//!   One kind is one prefix, so listing pupils is one prefix scan.
//! - `changes`: key = big-endian u64 sequence number, value = a [`super::Change`]; sled
//!   iterates keys in byte order, which is the order of the sequence.
//! - `by_record`: key = the record's `records` key + the big-endian sequence number of one
//!   of its changes, value empty; written in the same transaction as the change. One
//!   record's history is one prefix scan, in sequence order.

use uuid::Uuid;

use crate::domain::RecordKind;

pub const TREE_META: &str = "meta";
pub const TREE_RECORDS: &str = "records";
pub const TREE_CHANGES: &str = "changes";
pub const TREE_BY_RECORD: &str = "by_record";
/// Sync's state (see `held`): made at the first write that needs it, so notebooks made
/// before sync open as they are.
pub const TREE_SYNC: &str = "sync";
/// The trees a notebook has, all made when it is created.
pub const TREES: [&str; 4] = [TREE_META, TREE_RECORDS, TREE_CHANGES, TREE_BY_RECORD];

pub const META_SCHEMA: &[u8] = b"schema";
pub const META_DEVICE: &[u8] = b"device";
pub const META_HLC: &[u8] = b"hlc";
pub const META_NEXT_SEQ: &[u8] = b"next_seq";
/// The passphrase lock (see `unlock`), in format 1 like the schema: absent in a notebook
/// without a passphrase.
pub const META_LOCK: &[u8] = b"lock";
/// Set only while a write in parts is under way (see `batch`): the change log's next
/// sequence number when it began (u64). Found at open, the write is undone.
pub const META_BATCH: &[u8] = b"batch";

/// Keys of the `sync` tree. Never synced themselves.
/// The account's secret (32 bytes): it decrypts every batch of the account.
pub const SYNC_ACCOUNT: &[u8] = b"account";
/// This device's Ed25519 signing key (32 bytes).
pub const SYNC_DEVICE_KEY: &[u8] = b"device_key";
/// The change log's sequence number from which this device's own changes are not yet
/// sealed into a batch (u64).
pub const SYNC_SEALED_SEQ: &[u8] = b"sealed_seq";
/// The number of this device's next batch (u64, from 1).
pub const SYNC_NEXT_BATCH: &[u8] = b"next_batch";
/// Where this notebook lives (a String): a copy elsewhere finds it changed.
pub const SYNC_HOME: &[u8] = b"home";
/// The ids this notebook had before it took a new one (`Vec<Uuid>`).
pub const SYNC_FORMER_DEVICES: &[u8] = b"former_devices";
/// Changes to deleted pupils dropped and not yet told to the teacher (u64).
pub const SYNC_DROPPED: &[u8] = b"dropped";
/// The last bundle written or read (see `held::Exchange`).
pub const SYNC_LAST_EXCHANGE: &[u8] = b"last_exchange";
/// The hub this notebook syncs through (see `hub::Binding`): its URL, this device's token.
pub const SYNC_HUB_BINDING: &[u8] = b"hub_binding";
/// What syncing through the hub did lately (see `hub::HubStats`).
pub const SYNC_HUB_STATS: &[u8] = b"hub_stats";
/// The report readers offered, accepted and published to (see `readers::Readers`).
pub const SYNC_HUB_READERS: &[u8] = b"hub_readers";
/// When this device last wrote a backup (i64, milliseconds since 1970; see `backup`).
pub const SYNC_LAST_BACKUP: &[u8] = b"last_backup";
/// The first byte of a held batch's key: then the device's 16 uuid bytes and the batch
/// number, big-endian. A byte no other key starts with.
pub const SYNC_BATCH_PREFIX: u8 = 0;

/// Whether the value at `key` of `tree` is bytes of a format of their own (a held batch),
/// not a codec value: written with the codec's raw functions.
pub fn is_raw(tree: &str, key: &[u8]) -> bool {
    tree == TREE_SYNC && parse_batch_key(key).is_some()
}

/// Whether the value at `key` of `tree` stays in clear in a locked notebook: what is read
/// before it is unlocked.
pub fn is_clear(tree: &str, key: &[u8]) -> bool {
    tree == TREE_META && (key == META_SCHEMA || key == META_LOCK)
}

/// The key of batch `number` of `device` in the `sync` tree.
pub fn batch_key(device: Uuid, number: u64) -> [u8; 25] {
    let mut key = [0; 25];
    key[0] = SYNC_BATCH_PREFIX;
    key[1..17].copy_from_slice(device.as_bytes());
    key[17..].copy_from_slice(&number.to_be_bytes());
    key
}

/// Splits a held batch's key back into device and number.
pub fn parse_batch_key(key: &[u8]) -> Option<(Uuid, u64)> {
    if key.len() != 25 || key[0] != SYNC_BATCH_PREFIX {
        return None;
    }
    Some((
        Uuid::from_slice(&key[1..17]).ok()?,
        u64::from_be_bytes(key[17..].try_into().ok()?),
    ))
}

/// A setting that belongs to this computer, not to the notebook's records: the folders
/// the dialogs last used make sense on the device that has them only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeviceSetting {
    /// The folder of the class list imported last.
    ImportFolder,
    /// The folder a report was exported to last.
    ExportFolder,
    /// The folder a bundle was written to or read from last (a USB stick, as often as not).
    BundleFolder,
    /// Minutes without a key before the interface locks a notebook that has a passphrase
    /// (a number; 0: never). Absent: the default.
    IdleLockMinutes,
}

impl DeviceSetting {
    /// Its key in `meta`. Stored: never change one.
    pub fn key(self) -> &'static [u8] {
        match self {
            DeviceSetting::ImportFolder => b"import_folder",
            DeviceSetting::ExportFolder => b"export_folder",
            DeviceSetting::BundleFolder => b"bundle_folder",
            DeviceSetting::IdleLockMinutes => b"idle_lock_minutes",
        }
    }
}

/// The byte a record kind's keys start with. Stored: never renumber, only append.
pub fn kind_byte(kind: RecordKind) -> u8 {
    match kind {
        RecordKind::Profile => 1,
        RecordKind::Student => 2,
        RecordKind::Screening => 3,
        RecordKind::Visit => 4,
        RecordKind::Support => 5,
        RecordKind::Case => 6,
        RecordKind::Session => 7,
        RecordKind::Informed => 8,
        RecordKind::Settings => 9,
    }
}

pub fn kind_of_byte(b: u8) -> Option<RecordKind> {
    RecordKind::ALL.into_iter().find(|k| kind_byte(*k) == b)
}

pub fn record_key(kind: RecordKind, id: Uuid) -> [u8; 17] {
    let mut key = [0; 17];
    key[0] = kind_byte(kind);
    key[1..].copy_from_slice(id.as_bytes());
    key
}

/// Splits a `records` key back into kind and id.
pub fn parse_record_key(key: &[u8]) -> Option<(RecordKind, Uuid)> {
    let (&kind, id) = key.split_first()?;
    Some((kind_of_byte(kind)?, Uuid::from_slice(id).ok()?))
}

pub fn change_key(seq: u64) -> [u8; 8] {
    seq.to_be_bytes()
}

/// The sequence number a [`change_key`] holds; `None` for a key of another length.
pub fn seq_of_change_key(key: &[u8]) -> Option<u64> {
    Some(u64::from_be_bytes(key.try_into().ok()?))
}

/// The `by_record` key of change `seq` of a record; [`record_key`] is its prefix.
pub fn by_record_key(kind: RecordKind, id: Uuid, seq: u64) -> [u8; 25] {
    let mut key = [0; 25];
    key[..17].copy_from_slice(&record_key(kind, id));
    key[17..].copy_from_slice(&change_key(seq));
    key
}

/// The sequence number at the end of a `by_record` key.
pub fn seq_of_by_record_key(key: &[u8]) -> Option<u64> {
    seq_of_change_key(key.get(17..)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_keys_round_trip() {
        let id = Uuid::from_u128(0x0123_4567_89ab_cdef);
        for kind in RecordKind::ALL {
            assert_eq!(parse_record_key(&record_key(kind, id)), Some((kind, id)));
        }
        // No kind has byte 0 or 200 (9 was the test's until Settings took it).
        assert_eq!(parse_record_key(&[0; 17]), None);
        assert_eq!(parse_record_key(&[200; 17]), None);
        assert_eq!(parse_record_key(&[2; 5]), None);
    }

    #[test]
    fn by_record_keys_share_the_record_prefix_and_sort_by_sequence() {
        let id = Uuid::from_u128(7);
        let key = by_record_key(RecordKind::Student, id, 300);
        assert!(key.starts_with(&record_key(RecordKind::Student, id)));
        assert_eq!(seq_of_by_record_key(&key), Some(300));
        assert!(by_record_key(RecordKind::Student, id, 255) < key);
        assert_eq!(seq_of_by_record_key(&key[..20]), None);
    }

    #[test]
    fn change_keys_sort_in_sequence_order_and_read_back() {
        assert!(change_key(255) < change_key(256));
        assert!(change_key(1) < change_key(u64::MAX));
        assert_eq!(seq_of_change_key(&change_key(300)), Some(300));
        assert_eq!(seq_of_change_key(&[1; 7]), None);
        assert_eq!(seq_of_change_key(&[1; 9]), None);
    }
}
