//! Opening a notebook: sled's settings, the checks that come before any write, and the
//! creation of a new one.
//!
//! Nothing is written to an existing notebook here: a store that fails a check is left
//! exactly as it was found (sled itself only rewrites its own snapshot after a session
//! that wrote).

use std::panic::AssertUnwindSafe;
use std::path::Path;

use uuid::Uuid;

use super::codec::{self, CodecError};
use super::error::{StoreError, from_sled};
use super::hlc::Hlc;
use super::layout::{self, META_DEVICE, META_HLC, META_NEXT_SEQ, META_SCHEMA, TREE_CHANGES, TREE_META, TREE_RECORDS};
use super::{SCHEMA_VERSION, decode_record_bytes};
use crate::clock::Clock;

/// sled's page cache: a class of pupils is well under a MiB, and the school PC has 2 GB
/// (sled's default would be 1 GiB).
const CACHE_BYTES: u64 = 8 << 20;

pub(super) struct Opened {
    pub db: sled::Db,
    pub meta: sled::Tree,
    pub records: sled::Tree,
    pub changes: sled::Tree,
    pub device: Uuid,
}

pub(super) fn open(dir: &Path, clock: &dyn Clock) -> Result<Opened, StoreError> {
    let config = sled::Config::new()
        .path(dir)
        .cache_capacity(CACHE_BYTES)
        .mode(sled::Mode::LowSpace);
    // sled may panic on some garbage instead of returning an error.
    let db = match std::panic::catch_unwind(AssertUnwindSafe(|| config.open())) {
        Ok(db) => db.map_err(|e| from_sled(dir, e))?,
        Err(_) => return Err(StoreError::damaged(dir, "sled stopped while reading it")),
    };
    let has = |name: &str| db.tree_names().iter().any(|n| n == name.as_bytes());
    if !has(TREE_META) {
        // Only sled's default tree, and empty: a new notebook. Anything else is not ours
        // or lost its schema, and opening trees would write to it.
        if db.tree_names().len() > 1 || !db.is_empty() {
            return Err(StoreError::damaged(dir, "no schema version"));
        }
        return create(dir, db, clock);
    }
    let meta = open_tree(dir, &db, TREE_META)?;
    let Some(schema) = meta.get(META_SCHEMA).map_err(|e| from_sled(dir, e))? else {
        if is_blank(dir, &db)? {
            // A creation interrupted before its one transaction: still blank.
            return create(dir, db, clock);
        }
        return Err(StoreError::damaged(dir, "no schema version"));
    };
    let found: u32 = codec::decode(&schema).map_err(|e| meta_damaged(dir, "schema version", e))?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            path: dir.to_path_buf(),
            found,
        });
    }
    if found < SCHEMA_VERSION {
        // No older schema was ever released: there is nothing to migrate from.
        return Err(StoreError::damaged(dir, format!("unknown schema version {found}")));
    }
    for tree in layout::TREES {
        if !has(tree) {
            return Err(StoreError::damaged(dir, format!("the {tree} tree is missing")));
        }
    }
    let records = open_tree(dir, &db, TREE_RECORDS)?;
    let changes = open_tree(dir, &db, TREE_CHANGES)?;
    let device: Uuid = read_meta(dir, &meta, META_DEVICE, "device id")?;
    let _: Hlc = read_meta(dir, &meta, META_HLC, "clock")?;
    let next_seq: u64 = read_meta(dir, &meta, META_NEXT_SEQ, "change sequence")?;
    // The newest log entry must be below the next number, or the next write would
    // overwrite it. `last()` reads one key: the log is not scanned.
    if let Some((key, _)) = changes.last().map_err(|e| from_sled(dir, e))? {
        let last = <[u8; 8]>::try_from(key.as_ref()).map(u64::from_be_bytes);
        if last.is_ok_and(|last| last >= next_seq) || last.is_err() {
            return Err(StoreError::damaged(dir, "the change log is ahead of its sequence"));
        }
    }
    // Every record must decode, so damage shows now and not halfway through a session.
    // A class is a few thousand small records: a few ms.
    for entry in records.iter() {
        let (key, value) = entry.map_err(|e| from_sled(dir, e))?;
        let (kind, id) =
            layout::parse_record_key(&key).ok_or_else(|| StoreError::damaged(dir, "a record has a malformed key"))?;
        decode_record_bytes(dir, kind, id, &value)?;
    }
    Ok(Opened {
        db,
        meta,
        records,
        changes,
        device,
    })
}

fn create(dir: &Path, db: sled::Db, clock: &dyn Clock) -> Result<Opened, StoreError> {
    let meta = open_tree(dir, &db, TREE_META)?;
    let records = open_tree(dir, &db, TREE_RECORDS)?;
    let changes = open_tree(dir, &db, TREE_CHANGES)?;
    let device = new_device_id(clock);
    meta.transaction(|m| {
        m.insert(META_SCHEMA, codec::encode(&SCHEMA_VERSION))?;
        m.insert(META_DEVICE, codec::encode(&device))?;
        m.insert(META_HLC, codec::encode(&Hlc::zero(device)))?;
        m.insert(META_NEXT_SEQ, codec::encode(&0u64))?;
        Ok::<_, sled::transaction::ConflictableTransactionError>(())
    })
    .map_err(|e| match e {
        sled::transaction::TransactionError::Abort(e) | sled::transaction::TransactionError::Storage(e) => {
            from_sled(dir, e)
        }
    })?;
    db.flush().map_err(|e| from_sled(dir, e))?;
    Ok(Opened {
        db,
        meta,
        records,
        changes,
        device,
    })
}

/// A UUIDv7 whose time part comes from the injected clock.
fn new_device_id(clock: &dyn Clock) -> Uuid {
    let now = clock.now();
    let secs = u64::try_from(now.timestamp()).unwrap_or(0);
    Uuid::new_v7(uuid::Timestamp::from_unix(
        uuid::NoContext,
        secs,
        now.timestamp_subsec_nanos(),
    ))
}

/// Whether the notebook holds nothing at all.
fn is_blank(dir: &Path, db: &sled::Db) -> Result<bool, StoreError> {
    if !db.is_empty() {
        return Ok(false);
    }
    for name in db.tree_names() {
        if !db.open_tree(&name).map_err(|e| from_sled(dir, e))?.is_empty() {
            return Ok(false);
        }
    }
    Ok(true)
}

fn open_tree(dir: &Path, db: &sled::Db, name: &str) -> Result<sled::Tree, StoreError> {
    db.open_tree(name).map_err(|e| from_sled(dir, e))
}

fn read_meta<T: serde::de::DeserializeOwned>(
    dir: &Path,
    meta: &sled::Tree,
    key: &[u8],
    what: &str,
) -> Result<T, StoreError> {
    let bytes = meta
        .get(key)
        .map_err(|e| from_sled(dir, e))?
        .ok_or_else(|| StoreError::damaged(dir, format!("the {what} is missing")))?;
    codec::decode(&bytes).map_err(|e| meta_damaged(dir, what, e))
}

fn meta_damaged(dir: &Path, what: &str, e: CodecError) -> StoreError {
    StoreError::damaged(dir, format!("the {what} cannot be read: {e}"))
}
