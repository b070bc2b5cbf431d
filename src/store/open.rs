//! Opening a notebook: the checks that come before sled may write, sled's settings, and
//! the creation of a new notebook.
//!
//! sled writes to its files as it opens them, before it notices damage. So a notebook
//! whose files are not exactly as sotay sealed them at its last close is first opened as
//! a copy and checked there (see `seal`); a notebook that fails a check is left exactly
//! as it was found.

use std::fs::{self, File};
use std::io::{self, Seek, SeekFrom};
use std::panic::AssertUnwindSafe;
use std::path::Path;

use uuid::Uuid;

use super::codec::{self, CodecError};
use super::error::{StoreError, from_sled};
use super::hlc::Hlc;
use super::layout::{
    self, META_DEVICE, META_HLC, META_NEXT_SEQ, META_SCHEMA, TREE_BY_RECORD, TREE_CHANGES, TREE_META, TREE_RECORDS,
};
use super::lock::{self, Release, SLED_DB_FILE};
use super::{SCHEMA_VERSION, decode_record_bytes};
use super::{private, seal};
use crate::clock::Clock;

/// sled's page cache: a class is well under a MiB of records, and the school PC has 2 GB
/// (sled's default would be 1 GiB).
const CACHE_BYTES: u64 = 4 << 20;

/// Where the copy of a changed notebook is checked: inside it, so the pupils' data stays
/// in the folder (and the file system) the teacher chose.
const CHECK_DIR: &str = "sotay.check";

pub(super) struct Opened {
    pub db: sled::Db,
    pub meta: sled::Tree,
    pub records: sled::Tree,
    pub changes: sled::Tree,
    pub by_record: sled::Tree,
    pub device: Uuid,
    pub release: Release,
}

pub(super) fn open(dir: &Path, clock: &dyn Clock) -> Result<Opened, StoreError> {
    let io_error = |source| StoreError::Io {
        path: dir.to_path_buf(),
        source,
    };
    private::make_dir(dir).map_err(io_error)?;
    let opened = open_private(dir, clock)?;
    // sled made its files with the process's umask: narrow them (the folder already is).
    private::narrow_files(dir).map_err(io_error)?;
    Ok(opened)
}

fn open_private(dir: &Path, clock: &dyn Clock) -> Result<Opened, StoreError> {
    if let Some(held) = lock::hold(dir)? {
        check_before_opening(dir, &held)?;
        // sled takes the lock itself; another process starting in between gets it and
        // this open reports `Locked`.
        drop(held);
    }
    match open_checked(dir, false)? {
        Checked::Ours(opened) => Ok(opened),
        Checked::Blank(db, release) => {
            create(dir, db, clock)?;
            drop(release);
            // Opening again makes sled write its snapshot. From then on, garbage in the
            // log is caught by sled as corruption instead of read as an empty log.
            match open_checked(dir, false)? {
                Checked::Ours(opened) => Ok(opened),
                Checked::Blank(..) => Err(StoreError::damaged(dir, "the new notebook was not written")),
            }
        }
    }
}

/// Lets sled open the notebook only if its files are as sotay sealed them, or if a copy
/// of them opens and passes every check. `held` is the locked `db` file.
fn check_before_opening(dir: &Path, held: &File) -> Result<(), StoreError> {
    let io_error = |source| StoreError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let check = dir.join(CHECK_DIR);
    if check.exists() {
        // Left by a check that was cut short.
        fs::remove_dir_all(&check).map_err(io_error)?;
    }
    let sealed = seal::read(dir);
    let unchanged = match &sealed {
        Some(s) => {
            // Any difference (times after a copy to another folder or PC, sizes after a
            // cut-off copy, a stale seal or sled's files restored without theirs) is
            // checked on a copy: the notebook is refused only if the copy fails a check or
            // has fewer changes than the seal says.
            seal::measure(dir, s.next_seq).map_err(io_error)? == *s
        }
        None => false,
    };
    if !unchanged {
        copy_sled_files(dir, held, &check).map_err(io_error)?;
        let checked = check_copy(&check, sealed.map(|s| s.next_seq));
        fs::remove_dir_all(&check).map_err(io_error)?;
        checked.map_err(|e| reported_at(e, dir))?;
    }
    // This session may end in a crash: without a seal, the next open checks a copy.
    seal::remove(dir).map_err(io_error)
}

fn copy_sled_files(dir: &Path, held: &File, to: &Path) -> io::Result<()> {
    for rel in seal::sled_files(dir)? {
        let target = to.join(&rel);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        if rel == Path::new(SLED_DB_FILE) {
            // Read through the handle that holds the lock: on Windows the lock also bars
            // reads through any other handle.
            let mut from = held;
            from.seek(SeekFrom::Start(0))?;
            io::copy(&mut from, &mut File::create(target)?)?;
        } else {
            fs::copy(dir.join(&rel), target)?;
        }
    }
    Ok(())
}

/// Opens the copy in `check` with every check, and compares its change log with the
/// seal's: a log that is shorter than at the last close lost changes.
fn check_copy(check: &Path, sealed_next_seq: Option<u64>) -> Result<(), StoreError> {
    let missing = || StoreError::damaged(check, "changes saved before it was last closed are missing");
    let opened = match open_checked(check, true)? {
        Checked::Ours(opened) => opened,
        // A sealed notebook was opened by sotay, so it had its schema: it lost everything.
        Checked::Blank(..) if sealed_next_seq.is_some() => return Err(missing()),
        Checked::Blank(..) => return Ok(()),
    };
    let next_seq: u64 = read_meta(check, &opened.meta, META_NEXT_SEQ, "change sequence")?;
    if sealed_next_seq.is_some_and(|sealed| next_seq < sealed) {
        return Err(missing());
    }
    // Changes are numbered from 0 and never removed: the newest must be just below the
    // next number (`open_checked` only checks it is below).
    let last = opened.changes.last().map_err(|e| from_sled(check, e))?;
    let last = last.and_then(|(key, _)| <[u8; 8]>::try_from(key.as_ref()).ok().map(u64::from_be_bytes));
    if last.map_or(0, |l| l + 1) != next_seq {
        return Err(missing());
    }
    Ok(())
}

/// The same error, naming the notebook instead of the copy it was found in.
fn reported_at(e: StoreError, dir: &Path) -> StoreError {
    let path = dir.to_path_buf();
    match e {
        StoreError::Locked { .. } => StoreError::Locked { path },
        StoreError::Damaged { detail, .. } => StoreError::Damaged { path, detail },
        StoreError::NewerSchema { found, .. } => StoreError::NewerSchema { path, found },
        StoreError::Io { source, .. } => StoreError::Io { path, source },
    }
}

enum Checked {
    Ours(Opened),
    /// Nothing there yet: sled's handle, to write a new notebook with.
    Blank(sled::Db, Release),
}

/// Opens with sled and checks the meta. `scan_records` also decodes every record: done on
/// a copy whose files changed since the seal; a sealed notebook's records were all written
/// by sotay's codec, so reading them again would only slow the start.
fn open_checked(dir: &Path, scan_records: bool) -> Result<Checked, StoreError> {
    let config = sled::Config::new()
        .path(dir)
        .cache_capacity(CACHE_BYTES)
        .mode(sled::Mode::LowSpace);
    // sled reads a log it cannot make sense of (and that no snapshot points into) as
    // empty: a notebook that had a log must never be taken for a new one.
    let had_log = fs::metadata(dir.join(SLED_DB_FILE)).is_ok_and(|m| m.len() > 0);
    // Declared before `db`, so dropped after it, also when a check below fails.
    let mut release = Release::new(dir);
    // sled may panic on some garbage instead of returning an error.
    let db = match std::panic::catch_unwind(AssertUnwindSafe(|| config.open())) {
        Ok(db) => db.map_err(|e| from_sled(dir, e))?,
        Err(_) => return Err(StoreError::damaged(dir, "sled stopped while reading it")),
    };
    release.arm();
    let has = |name: &str| db.tree_names().iter().any(|n| n == name.as_bytes());
    if !has(TREE_META) {
        // Only sled's default tree, and empty: a new notebook. Anything else is not ours
        // or lost its schema, and opening trees would write to it.
        if had_log || db.tree_names().len() > 1 || !db.is_empty() {
            return Err(StoreError::damaged(dir, "no schema version"));
        }
        return Ok(Checked::Blank(db, release));
    }
    let meta = open_tree(dir, &db, TREE_META)?;
    let Some(schema) = meta.get(META_SCHEMA).map_err(|e| from_sled(dir, e))? else {
        if is_blank(dir, &db)? {
            // A creation interrupted before its one transaction: still blank.
            return Ok(Checked::Blank(db, release));
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
    let by_record = open_tree(dir, &db, TREE_BY_RECORD)?;
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
    // Every record must decode, so damage shows before anything is written, not halfway
    // through a session.
    for entry in records.iter().filter(|_| scan_records) {
        let (key, value) = entry.map_err(|e| from_sled(dir, e))?;
        let (kind, id) =
            layout::parse_record_key(&key).ok_or_else(|| StoreError::damaged(dir, "a record has a malformed key"))?;
        decode_record_bytes(dir, kind, id, &value)?;
    }
    Ok(Checked::Ours(Opened {
        db,
        meta,
        records,
        changes,
        by_record,
        device,
        release,
    }))
}

/// Writes a new notebook's trees and meta in one transaction, and flushes.
fn create(dir: &Path, db: sled::Db, clock: &dyn Clock) -> Result<(), StoreError> {
    let meta = open_tree(dir, &db, TREE_META)?;
    open_tree(dir, &db, TREE_RECORDS)?;
    open_tree(dir, &db, TREE_CHANGES)?;
    open_tree(dir, &db, TREE_BY_RECORD)?;
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
    Ok(())
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
