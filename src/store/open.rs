//! Opening a notebook: the checks that come before sled may write, sled's settings, and
//! the creation of a new notebook.
//!
//! sled writes to its files as it opens them, before it notices damage. So a notebook
//! whose files are not exactly as sotay sealed them at its last close is first opened as
//! a copy and checked there (see `seal`); a notebook that fails a check is left exactly
//! as it was found.

use std::fs::{self, File};
use std::io;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use uuid::Uuid;

use super::codec::{self, CodecError, Keys};
use super::error::{StoreError, from_sled};
use super::hlc::Hlc;
use super::layout::{
    self, META_BATCH, META_DEVICE, META_HLC, META_LOCK, META_NEXT_SEQ, META_SCHEMA, TREE_BY_RECORD, TREE_CHANGES,
    TREE_META, TREE_RECORDS,
};
use super::lock::{self, Release, SLED_DB_FILE};
use super::unlock::{Keyring, LockHeader, Unlock};
use super::{SCHEMA_VERSION, decode_record_bytes};
use super::{private, seal, space};
use crate::clock::Clock;

/// sled's page cache: a class is well under a MiB of records, and the school PC has 2 GB
/// (sled's default would be 1 GiB).
const CACHE_BYTES: u64 = 4 << 20;

/// Where the copy of a changed notebook is checked: inside it, so the pupils' data stays
/// in the folder (and the file system) the teacher chose.
pub(super) const CHECK_DIR: &str = "sotay.check";

pub(super) struct Opened {
    pub db: sled::Db,
    pub meta: sled::Tree,
    pub records: sled::Tree,
    pub changes: sled::Tree,
    pub by_record: sled::Tree,
    pub device: Uuid,
    pub keyring: Keyring,
    pub release: Release,
}

pub(super) fn open(dir: &Path, clock: &dyn Clock, unlock: &Unlock) -> Result<Opened, StoreError> {
    let io_error = |source| StoreError::Io {
        path: dir.to_path_buf(),
        source,
    };
    private::make_dir(dir).map_err(io_error)?;
    // sled writes as it opens: not on a disk with too little room.
    space::ensure(dir, 0)?;
    let opened = open_private(dir, clock, unlock)?;
    // sled made its files with the process's umask: narrow them (the folder already is).
    private::narrow_files(dir).map_err(io_error)?;
    Ok(opened)
}

fn open_private(dir: &Path, clock: &dyn Clock, unlock: &Unlock) -> Result<Opened, StoreError> {
    let lock = lock::hold(dir)?;
    let check = dir.join(CHECK_DIR);
    if marked_checked(&check) {
        // A checked copy was being put in place when the last session was cut short.
        adopt(dir, &check).map_err(|e| io_error(dir, e))?;
    }
    // The seal's log length, when the notebook was found exactly as sealed.
    let mut sealed_as_found = None;
    if seal::sled_files(dir).map_err(|e| io_error(dir, e))?.is_empty() {
        make_new(dir, &check, clock)?;
    } else {
        sealed_as_found = check_before_opening(dir, unlock)?;
        // Only now, the notebook known to be sound: nothing is removed from one refused.
        seal::remove_unfinished_snapshots(dir).map_err(|e| io_error(dir, e))?;
    }
    let opened = match open_checked(dir, false, unlock) {
        Err(
            e @ (StoreError::NeedsPassphrase { .. }
            | StoreError::WrongPassphrase { .. }
            | StoreError::NewerSchema { .. }),
        ) => {
            // A sound notebook refused (no passphrase or a wrong one, or made by a newer
            // sotay): sled has closed the files, read but for its own bookkeeping, so they are
            // sealed again as a close seals them, and the notebook stays as it was found.
            if let Some(next_seq) = sealed_as_found {
                let _ = seal::measure(dir, next_seq).and_then(|s| seal::write(dir, &s));
            }
            return Err(e);
        }
        other => other?,
    };
    let mut opened = match opened {
        Checked::Ours(opened) => opened,
        // sled's files of a creation an older sotay did not finish: still blank.
        Checked::Blank(db, release) => created(dir, db, release, clock)?,
    };
    opened.release.keep(lock);
    Ok(opened)
}

/// A new notebook is made whole in the check folder and then moved into `dir` as a checked
/// copy is: a new notebook killed while sled was making its files would otherwise leave a
/// log with no schema, refused as damaged at every later open.
fn make_new(dir: &Path, check: &Path, clock: &dyn Clock) -> Result<(), StoreError> {
    if check.exists() {
        // Left by a creation or a check that was cut short.
        fs::remove_dir_all(check).map_err(|e| io_error(dir, e))?;
    }
    let made = match open_checked(check, false, &Unlock::none())? {
        Checked::Blank(db, release) => created(check, db, release, clock)?,
        Checked::Ours(_) => {
            return Err(StoreError::damaged(
                dir,
                "a notebook was found where a new one was made",
            ));
        }
    };
    drop(made);
    mark_checked(check).map_err(|e| io_error(dir, e))?;
    adopt(dir, check).map_err(|e| io_error(dir, e))
}

/// Writes a new notebook's schema into the blank sled `db`, closes it, and opens it again:
/// the second opening makes sled write its snapshot, and from then on garbage in the log is
/// caught by sled as corruption instead of read as an empty log.
fn created(dir: &Path, db: sled::Db, release: Release, clock: &dyn Clock) -> Result<Opened, StoreError> {
    create(dir, db, clock)?;
    drop(release);
    match open_checked(dir, false, &Unlock::none())? {
        Checked::Ours(opened) => Ok(opened),
        Checked::Blank(..) => Err(StoreError::damaged(dir, "the new notebook was not written")),
    }
}

fn io_error(dir: &Path, source: io::Error) -> StoreError {
    StoreError::Io {
        path: dir.to_path_buf(),
        source,
    }
}

/// Lets sled open the notebook only if its files are exactly as sotay sealed them.
/// Otherwise (after a crash, a copy to another PC, a file cut short or a bad sector) a
/// copy of them is opened and read in full; if it passes every check, that copy, as sled
/// closed it, takes the place of the files: sled never opens (and so never writes) files
/// that were not checked, since it may behave differently on the same damaged bytes from
/// one opening to the next. If the copy fails, the notebook is left as it was found.
/// Returns the seal's log length when the files were exactly as sealed.
fn check_before_opening(dir: &Path, unlock: &Unlock) -> Result<Option<u64>, StoreError> {
    let io_error = |source| io_error(dir, source);
    let check = dir.join(CHECK_DIR);
    if check.exists() {
        // Left by a check that was cut short (a checked one was adopted above).
        fs::remove_dir_all(&check).map_err(io_error)?;
    }
    let sealed = seal::read(dir);
    let unchanged = match &sealed {
        Some(s) => seal::measure(dir, s.next_seq).map_err(io_error)? == *s,
        None => false,
    };
    if !unchanged {
        // The copy takes as much room as the files.
        let size = seal::sled_files(dir)
            .map_err(io_error)?
            .iter()
            .map(|f| fs::metadata(dir.join(f)).map_or(0, |m| m.len()))
            .sum();
        space::ensure(dir, size)?;
        let sealed_next_seq = sealed.as_ref().map(|s| s.next_seq);
        let unlock = unlock.clone();
        let checked = copy_sled_files(dir, &check)
            .map_err(|e| CheckError::Store(io_error(e)))
            .and_then(|()| {
                within(CHECK_LIMIT, check.clone(), move |c| {
                    check_copy(c, sealed_next_seq, &unlock)
                })
            });
        match checked {
            // sled is still reading the copy (looping over damage): it is removed at the
            // next open, once this process has ended.
            Err(CheckError::TimedOut) => {
                let detail = format!("sled did not finish reading it in {} s", CHECK_LIMIT.as_secs());
                return Err(StoreError::damaged(dir, detail));
            }
            Err(CheckError::Store(e)) => {
                // A copy cut short by a full disk must not keep the space it took.
                let _ = fs::remove_dir_all(&check);
                return Err(reported_at(e, dir));
            }
            Ok(()) => {
                mark_checked(&check).map_err(io_error)?;
                adopt(dir, &check).map_err(io_error)?;
            }
        }
    }
    // This session may end in a crash: without a seal, the next open checks a copy.
    seal::unseal(dir).map_err(io_error)?;
    Ok(sealed.filter(|_| unchanged).map(|s| s.next_seq))
}

/// The file that says the copy in the check folder passed every check and lists its files:
/// from the moment it is on disk, the copy replaces sled's files (`adopt`), even if that
/// is cut short and finished at the next open.
const CHECKED: &str = "sotay.checked";
/// Where the list is written before it is renamed to [`CHECKED`].
const CHECKED_PART: &str = "sotay.checked.part";

/// Writes the list beside its place and renames it there: a session cut short while
/// writing it in place left a short list, even an empty one, which `adopt` took as the
/// copy's files, removing the rest (the whole notebook, for an empty one).
pub(super) fn mark_checked(check: &Path) -> io::Result<()> {
    let list: Vec<String> = seal::sled_files(check)?
        .iter()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect();
    let part = check.join(CHECKED_PART);
    let mut file = File::create(&part)?;
    io::Write::write_all(&mut file, list.join("\n").as_bytes())?;
    file.sync_all()?;
    fs::rename(part, check.join(CHECKED))
}

/// Whether the copy in `check` was marked checked: its list is there and names sled's log.
/// A list without the log is not a mark but one cut short while an older sotay wrote it in
/// place: the copy is then a check cut short, removed before the notebook is checked again.
fn marked_checked(check: &Path) -> bool {
    fs::read_to_string(check.join(CHECKED)).is_ok_and(|list| list.lines().any(|l| l == SLED_DB_FILE))
}

/// Puts the checked copy in `check` in place of sled's files in `dir`: each file is moved
/// over its namesake (a rename, atomic on its own), then sled's files the copy does not
/// have (an older snapshot) are removed, then the check folder. Every step can be done
/// again, so a session cut short in the middle finishes it at the next open.
pub(super) fn adopt(dir: &Path, check: &Path) -> io::Result<()> {
    let list = fs::read_to_string(check.join(CHECKED))?;
    let files: Vec<PathBuf> = list.lines().filter(|l| !l.is_empty()).map(PathBuf::from).collect();
    for rel in &files {
        let from = check.join(rel);
        if from.exists() {
            if let Some(parent) = dir.join(rel).parent() {
                fs::create_dir_all(parent)?;
            }
            fs::rename(&from, dir.join(rel))?;
        }
    }
    for rel in seal::sled_files(dir)? {
        if !files.contains(&rel) {
            fs::remove_file(dir.join(rel))?;
        }
    }
    fs::remove_dir_all(check)
}

/// How long checking a copy may take. A class opens in milliseconds and a school's 30 MB in
/// well under a second, even on an old PC; sled looping over some damage never ends.
const CHECK_LIMIT: Duration = Duration::from_secs(30);

enum CheckError {
    TimedOut,
    Store(StoreError),
}

impl From<StoreError> for CheckError {
    fn from(e: StoreError) -> CheckError {
        CheckError::Store(e)
    }
}

/// Runs `check` on `path` on a thread of its own and waits at most `limit` for it. On time
/// out the thread is left running (sled gives no way to stop it); the process ends soon
/// after, since the notebook was refused.
fn within(
    limit: Duration,
    path: PathBuf,
    check: impl FnOnce(&Path) -> Result<(), StoreError> + Send + 'static,
) -> Result<(), CheckError> {
    let (tx, rx) = mpsc::channel();
    let io_error = |source| StoreError::Io {
        path: path.clone(),
        source,
    };
    let at = path.clone();
    thread::Builder::new()
        .name("sotay-check".into())
        .spawn(move || {
            // sled may panic anywhere while reading damaged files: that is the
            // `Disconnected` below, said as "damaged", not as a fault of sotay's.
            if let Ok(checked) = crate::panic::quietly(AssertUnwindSafe(|| check(&at))) {
                let _ = tx.send(checked);
            }
        })
        .map_err(io_error)?;
    match rx.recv_timeout(limit) {
        Ok(checked) => Ok(checked?),
        Err(mpsc::RecvTimeoutError::Timeout) => Err(CheckError::TimedOut),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            Err(StoreError::damaged(&path, "sled stopped while reading it").into())
        }
    }
}

fn copy_sled_files(dir: &Path, to: &Path) -> io::Result<()> {
    for rel in seal::sled_files(dir)? {
        let target = to.join(&rel);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::copy(dir.join(&rel), target)?;
    }
    Ok(())
}

/// Opens the copy in `check` with every check, and compares its change log with the
/// seal's: a log that is shorter than at the last close lost changes.
fn check_copy(check: &Path, sealed_next_seq: Option<u64>, unlock: &Unlock) -> Result<(), StoreError> {
    let missing = || StoreError::damaged(check, "changes saved before it was last closed are missing");
    let opened = match open_checked(check, true, unlock)? {
        Checked::Ours(opened) => opened,
        // A sealed notebook was opened by sotay, so it had its schema: it lost everything.
        Checked::Blank(..) if sealed_next_seq.is_some() => return Err(missing()),
        Checked::Blank(..) => return Ok(()),
    };
    let keys = opened.keyring.keys(check)?;
    let next_seq: u64 = read_meta(check, &keys, &opened.meta, META_NEXT_SEQ, "change sequence")?;
    if sealed_next_seq.is_some_and(|sealed| next_seq < sealed) {
        return Err(missing());
    }
    // Every page is read once, so damage anywhere sled still uses shows now, not halfway
    // through a session: every change decodes, and none is missing from the numbering
    // (changes are numbered from 0 and never removed, and `open_checked` found all below
    // the next number, so as many of them as that number are all of them).
    let mut count = 0u64;
    for entry in opened.changes.iter() {
        let (key, value) = entry.map_err(|e| from_sled(check, e))?;
        super::decode_change(check, &keys, &key, &value)?;
        count += 1;
    }
    if count != next_seq {
        return Err(missing());
    }
    for entry in opened.by_record.iter() {
        entry.map_err(|e| from_sled(check, e))?;
    }
    // What sled wrote while recovering the copy is on disk before the copy is adopted.
    opened.db.flush().map_err(|e| from_sled(check, e))?;
    Ok(())
}

/// The same error, naming the notebook instead of the copy it was found in.
fn reported_at(e: StoreError, dir: &Path) -> StoreError {
    let path = dir.to_path_buf();
    match e {
        StoreError::Locked { .. } => StoreError::Locked { path },
        StoreError::Damaged { detail, .. } => StoreError::Damaged { path, detail },
        StoreError::NewerSchema { found, .. } => StoreError::NewerSchema { path, found },
        StoreError::NeedsPassphrase { .. } => StoreError::NeedsPassphrase { path },
        StoreError::WrongPassphrase { .. } => StoreError::WrongPassphrase { path },
        StoreError::Io { source, .. } => StoreError::Io { path, source },
        StoreError::NoRoom { free, needed, .. } => StoreError::NoRoom { path, free, needed },
        other => other,
    }
}

/// sled's settings for a notebook's files in `dir`.
pub(super) fn sled_config(dir: &Path) -> sled::Config {
    sled::Config::new()
        .path(dir)
        .cache_capacity(CACHE_BYTES)
        .mode(sled::Mode::LowSpace)
}

enum Checked {
    Ours(Opened),
    /// Nothing there yet: sled's handle, to write a new notebook with.
    Blank(sled::Db, Release),
}

/// Opens with sled and checks the meta. `scan_records` also decodes every record: done on
/// a copy whose files changed since the seal; a sealed notebook's records were all written
/// by sotay's codec, so reading them again would only slow the start.
fn open_checked(dir: &Path, scan_records: bool, unlock: &Unlock) -> Result<Checked, StoreError> {
    let config = sled_config(dir);
    // sled reads a log it cannot make sense of (and that no snapshot points into) as
    // empty: a notebook that had a log must never be taken for a new one.
    let had_log = fs::metadata(dir.join(SLED_DB_FILE)).is_ok_and(|m| m.len() > 0);
    // Declared before `db`, so dropped after it, also when a check below fails.
    let mut release = Release::new(dir);
    // sled may panic on some garbage instead of returning an error: quietly, since that is
    // said as "damaged", not as a fault of sotay's.
    let db = match crate::panic::quietly(AssertUnwindSafe(|| config.open())) {
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
    let found: u32 = codec::decode_plain(&schema).map_err(|e| meta_damaged(dir, "schema version", e))?;
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
    // The lock, then everything else with the keys it gives.
    let lock: Option<LockHeader> = meta
        .get(META_LOCK)
        .map_err(|e| from_sled(dir, e))?
        .map(|b| codec::decode_plain(&b).map_err(|e| meta_damaged(dir, "passphrase lock", e)))
        .transpose()?;
    let keys = unlock.keys_for(dir, lock.as_ref())?;
    let device: Uuid = read_meta(dir, &keys, &meta, META_DEVICE, "device id")?;
    let _: Hlc = read_meta(dir, &keys, &meta, META_HLC, "clock")?;
    let next_seq: u64 = read_meta(dir, &keys, &meta, META_NEXT_SEQ, "change sequence")?;
    // Undone once the notebook is open (see `batch`): it must read before a copy is adopted.
    batch_mark(dir, &keys, &meta)?;
    // The newest log entry must be below the next number, or the next write would
    // overwrite it. `last()` reads one key: the log is not scanned.
    if let Some((key, _)) = changes.last().map_err(|e| from_sled(dir, e))?
        && layout::seq_of_change_key(&key).is_none_or(|last| last >= next_seq)
    {
        return Err(StoreError::damaged(dir, "the change log is ahead of its sequence"));
    }
    // Every record must decode, so damage shows before anything is written, not halfway
    // through a session.
    for entry in records.iter().filter(|_| scan_records) {
        let (key, value) = entry.map_err(|e| from_sled(dir, e))?;
        let (kind, id) =
            layout::parse_record_key(&key).ok_or_else(|| StoreError::damaged(dir, "a record has a malformed key"))?;
        decode_record_bytes(dir, &keys, &key, kind, id, &value)?;
    }
    Ok(Checked::Ours(Opened {
        db,
        meta,
        records,
        changes,
        by_record,
        device,
        keyring: Keyring::new(lock, keys),
        release,
    }))
}

/// Writes a new notebook's trees and meta in one transaction, and flushes.
fn create(dir: &Path, db: sled::Db, clock: &dyn Clock) -> Result<(), StoreError> {
    let meta = open_tree(dir, &db, TREE_META)?;
    open_tree(dir, &db, TREE_RECORDS)?;
    open_tree(dir, &db, TREE_CHANGES)?;
    open_tree(dir, &db, TREE_BY_RECORD)?;
    open_tree(dir, &db, layout::TREE_SYNC)?;
    let device = new_device_id(clock);
    // A new notebook has no lock yet: a passphrase is set on it afterwards (see `protect`).
    let keys = Keys::Plain;
    meta.transaction(|m| {
        m.insert(META_SCHEMA, codec::encode_plain(&SCHEMA_VERSION))?;
        m.insert(META_DEVICE, keys.encode(TREE_META, META_DEVICE, &device))?;
        m.insert(META_HLC, keys.encode(TREE_META, META_HLC, &Hlc::zero(device)))?;
        m.insert(META_NEXT_SEQ, keys.encode(TREE_META, META_NEXT_SEQ, &0u64))?;
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
    keys: &Keys,
    meta: &sled::Tree,
    key: &[u8],
    what: &str,
) -> Result<T, StoreError> {
    let bytes = meta
        .get(key)
        .map_err(|e| from_sled(dir, e))?
        .ok_or_else(|| StoreError::damaged(dir, format!("the {what} is missing")))?;
    keys.decode(TREE_META, key, &bytes)
        .map_err(|e| meta_damaged(dir, what, e))
}

/// The mark of a write in parts (see `batch`), if one is under way or was cut short.
pub(super) fn batch_mark(dir: &Path, keys: &Keys, meta: &sled::Tree) -> Result<Option<u64>, StoreError> {
    let bytes = meta.get(META_BATCH).map_err(|e| from_sled(dir, e))?;
    let what = "mark of an unfinished write";
    bytes
        .map(|b| {
            keys.decode(TREE_META, META_BATCH, &b)
                .map_err(|e| meta_damaged(dir, what, e))
        })
        .transpose()
}

fn meta_damaged(dir: &Path, what: &str, e: CodecError) -> StoreError {
    StoreError::damaged(dir, format!("the {what} cannot be read: {e}"))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    #[test]
    fn a_check_that_never_ends_is_given_up_on_after_the_limit() {
        // The check waits for a message that never comes: it can only end by time out.
        let (_keep, never) = mpsc::channel::<()>();
        let dir = tempfile::tempdir().unwrap();
        let r = within(Duration::from_millis(50), dir.path().to_path_buf(), move |_| {
            let _ = never.recv();
            Ok(())
        });
        assert!(matches!(r, Err(CheckError::TimedOut)));
        // A check that ends in time gives its answer.
        let r = within(Duration::from_secs(30), dir.path().to_path_buf(), |p| {
            Err(StoreError::damaged(p, "bad"))
        });
        assert!(matches!(r, Err(CheckError::Store(StoreError::Damaged { .. }))));
    }

    #[test]
    fn a_new_notebook_cut_short_while_sled_made_it_is_made_again() {
        let dir = tempfile::tempdir().unwrap();
        let clock = crate::clock::FixedClock::on(2026, 11, 28);
        // What a kill while sled was making its files leaves: a log with no schema, in the
        // check folder, never among the notebook's own files.
        let check = dir.path().join(CHECK_DIR);
        fs::create_dir_all(&check).unwrap();
        fs::write(check.join("db"), vec![0x5a; 4096]).unwrap();
        fs::write(check.join("conf"), b"segment_size: 524288\n").unwrap();
        let opened = open(dir.path(), &clock, &Unlock::none()).unwrap();
        assert!(opened.records.is_empty());
        drop(opened);
        assert!(!check.exists());
        let again = open(dir.path(), &clock, &Unlock::none()).unwrap();
        assert!(again.meta.get(META_SCHEMA).unwrap().is_some());
    }

    #[test]
    fn a_list_of_a_checked_copy_cut_short_is_no_mark_and_the_notebook_keeps_its_files() {
        let dir = tempfile::tempdir().unwrap();
        let clock = Arc::new(crate::clock::FixedClock::on(2026, 11, 28));
        let pupil = crate::domain::testkit::student(1);
        let store = || super::super::Store::open_with_clock(dir.path(), clock.clone()).unwrap();
        store().save_student(&pupil).unwrap();
        // A copy being marked checked when the session was cut short: its list made, and
        // nothing written in it yet.
        let check = dir.path().join(CHECK_DIR);
        copy_sled_files(dir.path(), &check).unwrap();
        File::create(check.join(CHECKED)).unwrap();
        seal::unseal(dir.path()).unwrap();
        assert_eq!(store().students().unwrap(), [pupil]);
        assert!(!check.exists());
    }

    #[test]
    fn an_adoption_cut_short_is_finished_at_the_next_try() {
        let dir = tempfile::tempdir().unwrap();
        let (nb, check) = (dir.path(), dir.path().join(CHECK_DIR));
        for (name, text) in [("db", "old log"), ("conf", "old conf"), ("snap.01", "old snap")] {
            fs::write(nb.join(name), text).unwrap();
        }
        fs::create_dir_all(check.join("blobs")).unwrap();
        for (name, text) in [
            ("db", "new log"),
            ("conf", "new conf"),
            ("snap.02", "new snap"),
            ("blobs/1", "b"),
        ] {
            fs::write(check.join(name), text).unwrap();
        }
        mark_checked(&check).unwrap();
        // Cut short after moving two files.
        fs::rename(check.join("db"), nb.join("db")).unwrap();
        fs::rename(check.join("blobs/1"), nb.join("blobs-1-moved")).unwrap();
        fs::create_dir_all(nb.join("blobs")).unwrap();
        fs::rename(nb.join("blobs-1-moved"), nb.join("blobs/1")).unwrap();
        adopt(nb, &check).unwrap();
        let files: Vec<(String, String)> = seal::sled_files(nb)
            .unwrap()
            .into_iter()
            .map(|p| {
                let text = fs::read_to_string(nb.join(&p)).unwrap();
                (p.to_string_lossy().replace('\\', "/"), text)
            })
            .collect();
        assert_eq!(
            files,
            [
                ("blobs/1".into(), "b".into()),
                ("conf".into(), "new conf".into()),
                ("db".into(), "new log".into()),
                ("snap.02".into(), "new snap".into()),
            ]
        );
        assert!(!check.exists());
    }
}
