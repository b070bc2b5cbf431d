//! Backups anyone can restore: a standard age file (`crypt`) around a self-contained
//! plaintext (`format`): every batch the notebook holds, the account's secret, and this
//! device's hub binding, readers and language. Restoring makes a new device of the account
//! (see `cli::backup`), so an old backup never forks a device's log. docs/backup.md.

pub mod crypt;
pub mod format;

use std::path::Path;

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use crate::report::output::{self, WriteError};
use crate::store::{Binding, Reader, Store, StoreError};
use crate::sync::account::{AccountKeys, AccountSecret};
use crate::sync::exchange::{self, BundleRefused};
use format::{Contents, HubBinding, ReaderKey};

/// A reminder to back up is due after this long with neither a backup nor a sync.
pub const BACKUP_DUE_AFTER_DAYS: i64 = 30;

/// True when the teacher should be reminded to back up: the last backup is older than 30
/// days (or there was none) and nothing synced (hub or bundle) in those 30 days either.
/// A time in the future (a clock set back) counts as recent.
pub fn backup_due(last_backup: Option<DateTime<Utc>>, last_sync: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    let stale = |t: Option<DateTime<Utc>>| t.is_none_or(|t| now - t > Duration::days(BACKUP_DUE_AFTER_DAYS));
    stale(last_backup) && stale(last_sync)
}

/// When the notebook last reached another copy: the last successful hub sync or the last
/// bundle written or read, whichever is later.
pub fn last_sync(store: &Store) -> Result<Option<DateTime<Utc>>, StoreError> {
    let hub = store.hub_stats()?.last_synced_millis;
    let bundle = store.last_exchange()?.map(|e| e.at_millis);
    Ok(hub.max(bundle).and_then(DateTime::from_timestamp_millis))
}

/// [`backup_due`] for this notebook now: what the interface's reminder asks. A notebook
/// never backed up counts from its first change: a class set up today is not a month
/// without a backup, and an empty notebook has nothing to back up.
pub fn is_due(store: &Store, now: DateTime<Utc>) -> Result<bool, StoreError> {
    let Some(since) = store.last_backup()?.or(store.first_change_at()?) else {
        return Ok(false);
    };
    Ok(backup_due(Some(since), last_sync(store)?, now))
}

/// What writing a backup did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Written {
    /// Pupils in the notebook, batches of changes in the backup, and the file's size.
    pub pupils: usize,
    pub batches: usize,
    pub bytes: usize,
}

/// Why a backup was not written; nothing was (an existing file is kept).
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    File(#[from] WriteError),
}

/// The notebook's account, made first when there is none (a backup is the account's);
/// `true` when it was just made, so the caller shows its recovery code once.
pub fn account_or_new(store: &Store) -> Result<(AccountSecret, bool), StoreError> {
    if let Some(secret) = store.account()? {
        return Ok((secret, false));
    }
    let secret = AccountSecret::generate();
    store.set_account(&secret)?;
    Ok((secret, true))
}

/// Writes a backup of `store` (which must belong to an account, see [`account_or_new`]) to
/// `path`, sealed to the account's keys or to `passphrase`, and notes when it was made.
/// Without `force` an existing file is refused and kept. `lang` is the device's language,
/// restored with it. What `sotay backup` and the interface's backup key both do.
pub fn write(
    store: &Store,
    path: &Path,
    force: bool,
    lang: &str,
    passphrase: Option<age::secrecy::SecretString>,
) -> Result<Written, BackupError> {
    // Refused before anything is sealed; `output::write` checks again as it renames.
    if !force && path.symlink_metadata().is_ok() {
        return Err(WriteError::Exists(path.to_path_buf()).into());
    }
    let secret = store.account()?.ok_or(StoreError::NoAccount)?;
    let keys = AccountKeys::from_secret(&secret);
    let (contents, batches) = contents(store, lang)?;
    let plaintext = format::encode(&contents);
    let lock = match passphrase {
        Some(p) => crypt::Lock::Passphrase(p),
        None => crypt::Lock::Account(&keys),
    };
    let sealed = crypt::seal(&plaintext, lock);
    output::write(path, &sealed, force)?;
    store.note_backup(store.clock().now())?;
    Ok(Written {
        pupils: store.students()?.len(),
        batches,
        bytes: sealed.len(),
    })
}

/// What goes into a backup of `store`, which must belong to an account: seals what is
/// pending first, as a bundle export does. Returns it and how many batches it holds.
pub fn contents(store: &Store, lang: &str) -> Result<(Contents, usize), StoreError> {
    let secret = store.account()?.ok_or(StoreError::NoAccount)?;
    let (bundle, batches) = exchange::export(store)?;
    let readers = store.readers()?;
    let c = Contents {
        made_at_millis: store.clock().now().timestamp_millis(),
        made_by: store.device_id().into_bytes(),
        account_secret: secret.to_bytes(),
        lang: lang.to_string(),
        bundle,
        hub: store.hub_binding()?.map(|b| HubBinding {
            url: b.url.clone(),
            token: b.token.clone(),
            device: b.device.into_bytes(),
            ca: b.ca.clone(),
            insecure: b.insecure,
        }),
        readers_offered: readers.offered.iter().map(reader_key).collect(),
        readers_accepted: readers.accepted.iter().map(|(r, at)| (reader_key(r), *at)).collect(),
    };
    Ok((c, batches))
}

/// Checks every batch of a backup opens with its account's keys, before anything is made.
pub fn verify(c: &Contents) -> Result<AccountKeys, BundleRefused> {
    let keys = AccountKeys::from_secret(&secret_of(c));
    exchange::open_all(&keys, &c.bundle)?;
    Ok(keys)
}

/// The account's secret a backup holds.
pub fn secret_of(c: &Contents) -> AccountSecret {
    AccountSecret::from_bytes(c.account_secret)
}

/// Puts back this device's own state from a backup into the new device `store`, once its
/// batches are applied: the hub binding (the new id enrols at the next sync), the report
/// readers, and when the backup was made (the data is safe as of then).
pub fn restore_local(store: &Store, c: &Contents) -> Result<(), StoreError> {
    if let Some(h) = &c.hub {
        store.set_hub_binding(&Binding {
            url: h.url.clone(),
            token: h.token.clone(),
            device: Uuid::from_bytes(h.device),
            ca: h.ca.clone(),
            insecure: h.insecure,
        })?;
    }
    if !c.readers_offered.is_empty() || !c.readers_accepted.is_empty() {
        store.restore_readers(
            c.readers_offered.iter().map(reader).collect(),
            c.readers_accepted.iter().map(|(r, at)| (reader(r), *at)).collect(),
        )?;
    }
    if let Some(at) = DateTime::from_timestamp_millis(c.made_at_millis) {
        store.note_backup(at)?;
    }
    Ok(())
}

fn reader_key(r: &Reader) -> ReaderKey {
    ReaderKey {
        scope: r.scope.clone(),
        place: r.place.clone(),
        public_key: r.public_key.clone(),
        fingerprint: r.fingerprint.clone(),
    }
}

fn reader(r: &ReaderKey) -> Reader {
    Reader {
        scope: r.scope.clone(),
        place: r.place.clone(),
        public_key: r.public_key.clone(),
        fingerprint: r.fingerprint.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(n: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_780_000_000, 0).unwrap() + Duration::days(n)
    }

    #[test]
    fn due_when_neither_a_backup_nor_a_sync_in_thirty_days() {
        let now = day(100);
        // Never backed up, never synced: due.
        assert!(backup_due(None, None, now));
        // Both long ago: due.
        assert!(backup_due(Some(day(60)), Some(day(50)), now));
        // Thirty days to the millisecond is not older than thirty days.
        assert!(!backup_due(Some(day(70)), None, now));
        assert!(backup_due(Some(day(70) - Duration::milliseconds(1)), None, now));
    }

    #[test]
    fn a_recent_backup_or_a_recent_sync_is_enough() {
        let now = day(100);
        assert!(!backup_due(Some(day(95)), None, now));
        assert!(!backup_due(None, Some(day(99)), now));
        assert!(!backup_due(Some(day(10)), Some(day(80)), now));
        assert!(!backup_due(Some(day(80)), Some(day(10)), now));
    }

    #[test]
    fn a_notebook_is_due_until_backed_up_or_synced_by_bundle() {
        use crate::store::Exchange;
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_with_clock(dir.path(), std::sync::Arc::new(crate::clock::FixedClock(day(0)))).unwrap();
        assert!(
            !is_due(&store, day(0)).unwrap(),
            "an empty notebook has nothing to back up"
        );
        store.save_settings(&crate::domain::Settings::default()).unwrap();
        assert!(!is_due(&store, day(30)).unwrap(), "a month of data is not over a month");
        assert!(is_due(&store, day(31)).unwrap(), "never backed up nor synced");
        store.note_backup(day(0)).unwrap();
        assert_eq!(store.last_backup().unwrap(), Some(day(0)));
        assert!(!is_due(&store, day(30)).unwrap());
        assert!(is_due(&store, day(31)).unwrap());
        // A bundle read on day 20 counts as a sync.
        store
            .note_exchange(&Exchange {
                at_millis: day(20).timestamp_millis(),
                imported: true,
                batches: 1,
                changes: 1,
            })
            .unwrap();
        assert_eq!(last_sync(&store).unwrap(), Some(day(20)));
        assert!(!is_due(&store, day(31)).unwrap());
        assert!(is_due(&store, day(51)).unwrap());
    }

    #[test]
    fn a_time_ahead_of_the_clock_counts_as_recent() {
        assert!(!backup_due(Some(day(120)), None, day(100)));
        assert!(!backup_due(None, Some(day(120)), day(100)));
    }
}
