//! Turning the passphrase lock on or off, or changing the passphrase.
//!
//! On or off, every value of the notebook is written again under the new keys into a new
//! set of sled files in the check folder, which then takes the place of the old files as a
//! checked copy does (see `open`): a kill before the copy is marked checked leaves the old
//! notebook (the next open removes the copy), a kill after it the new one (the next open
//! finishes moving it in); never a mix. New files, not values rewritten in place: sled's
//! log keeps old versions of values for a while, and the names must not stay there in
//! clear. Changing the passphrase only wraps the master key again (one value).

use std::fs;
use std::path::Path;
use std::sync::Arc;

use super::codec::{self, Keys, MasterKey};
use super::error::{StoreError, from_sled};
use super::layout::{self, META_LOCK, TREE_META};
use super::lock::{self, Release};
use super::open::{self, CHECK_DIR};
use super::unlock::{KdfParams, LockHeader, Passphrase, Unlock};
use super::{Store, seal, space};
use crate::clock::Clock;

/// What [`protect`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protected {
    /// The lock was turned on: every value is sealed now.
    On,
    /// The lock was turned off: every value is in clear again.
    Off,
    /// The passphrase was changed; nothing else was written.
    Changed,
    /// Nothing to do: no passphrase asked for a notebook that has none.
    Unchanged,
}

/// sled's name of its default tree, which sotay never writes to.
const SLED_DEFAULT_TREE: &[u8] = b"__sled__default";

/// Sets the passphrase of the closed notebook in `dir` to `new` (`None`: no passphrase),
/// opening it with `current`. The notebook must not be open elsewhere (`Locked`).
pub fn protect(
    dir: &Path,
    clock: Arc<dyn Clock>,
    current: &Unlock,
    new: Option<&Passphrase>,
) -> Result<Protected, StoreError> {
    let store = Store::open_unlocked(dir, clock.clone(), current)?;
    match (store.has_passphrase(), new) {
        (true, Some(p)) => {
            store.change_passphrase(p)?;
            return Ok(Protected::Changed);
        }
        (false, None) => return Ok(Protected::Unchanged),
        _ => {}
    }
    let from = store.keys()?;
    let (to, lock) = match new {
        Some(p) => {
            let master = MasterKey::random();
            let lock = LockHeader::wrap(&master, p, KdfParams::for_new_lock());
            (Keys::Sealed(master), Some(lock))
        }
        None => (Keys::Plain, None),
    };
    let check = dir.join(CHECK_DIR);
    if check.exists() {
        fs::remove_dir_all(&check).map_err(|e| io_error(dir, e))?;
    }
    // The new files take about as much room as the old ones, with the seals' overhead.
    let size: u64 = seal::sled_files(dir)
        .map_err(|e| io_error(dir, e))?
        .iter()
        .map(|f| fs::metadata(dir.join(f)).map_or(0, |m| m.len()))
        .sum();
    space::ensure(dir, size + size / 4)?;
    let written = write_all(&store, &check, &from, &to, lock.as_ref());
    if let Err(e) = written {
        let _ = fs::remove_dir_all(&check);
        return Err(e);
    }
    crate::panic::test_point("protect-written");
    // Closed (and sealed) as it was; then the new files are moved in, the notebook held.
    drop(store);
    let held = lock::hold(dir)?;
    open::mark_checked(&check).map_err(|e| io_error(dir, e))?;
    crate::panic::test_point("protect-marked");
    open::adopt(dir, &check).map_err(|e| io_error(dir, e))?;
    // The old seal describes the old files: the next open checks the new ones whole.
    seal::unseal(dir).map_err(|e| io_error(dir, e))?;
    drop(held);
    let unlock = match new {
        Some(p) => Unlock::with(p.clone()),
        None => Unlock::none(),
    };
    // Opened once under the new keys: every value is read back, and it is sealed anew.
    drop(Store::open_unlocked(dir, clock, &unlock)?);
    Ok(if new.is_some() { Protected::On } else { Protected::Off })
}

/// Writes every value of `store` under `to` into new sled files in `check`.
fn write_all(store: &Store, check: &Path, from: &Keys, to: &Keys, lock: Option<&LockHeader>) -> Result<(), StoreError> {
    super::private::make_dir(check).map_err(|e| io_error(check, e))?;
    // Declared before `db`, so dropped after it: the files are let go before they move.
    let mut release = Release::new(check);
    let db = open::sled_config(check).open().map_err(|e| from_sled(check, e))?;
    release.arm();
    for name in store.db.tree_names() {
        if name == SLED_DEFAULT_TREE {
            continue;
        }
        let tree = String::from_utf8_lossy(&name).into_owned();
        let source = store.db.open_tree(&name).map_err(|e| from_sled(&store.path, e))?;
        let target = db.open_tree(&name).map_err(|e| from_sled(check, e))?;
        for entry in source.iter() {
            let (key, value) = entry.map_err(|e| from_sled(&store.path, e))?;
            let out = if key.as_ref() == META_LOCK && tree == TREE_META {
                // The new lock, if any, is written below.
                continue;
            } else if layout::is_clear(&tree, &key) || value.is_empty() {
                // The schema in clear; `by_record`'s empty values hold nothing.
                value.to_vec()
            } else {
                from.rewrite(to, &tree, &key, &value, layout::is_raw(&tree, &key))
                    .map_err(|e| {
                        StoreError::damaged(&store.path, format!("a value of the {tree} tree cannot be read: {e}"))
                    })?
            };
            target.insert(key, out).map_err(|e| from_sled(check, e))?;
        }
    }
    if let Some(lock) = lock {
        let meta = db.open_tree(TREE_META).map_err(|e| from_sled(check, e))?;
        meta.insert(META_LOCK, codec::encode_plain(lock))
            .map_err(|e| from_sled(check, e))?;
    }
    db.flush().map_err(|e| from_sled(check, e))?;
    drop(db);
    drop(release);
    Ok(())
}

fn io_error(dir: &Path, source: std::io::Error) -> StoreError {
    StoreError::Io {
        path: dir.to_path_buf(),
        source,
    }
}
