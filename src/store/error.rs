//! What can go wrong with the store, how sled's errors map onto it, and the one line the
//! CLI and the TUI show for it.

use std::path::{Path, PathBuf};

use super::SCHEMA_VERSION;
use crate::i18n::Lang;
use crate::i18n::account::S;
use crate::i18n::common::C;
use crate::i18n::io::{is_disk_full, is_read_only};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Another process holds the store's lock.
    #[error("the notebook at {path} is open in another window")]
    Locked { path: PathBuf },
    /// sled or our codec could not read what is there; nothing was overwritten.
    #[error("the notebook at {path} is damaged: {detail}")]
    Damaged { path: PathBuf, detail: String },
    /// The notebook is locked with a passphrase, and none was given (or the interface is
    /// locked and the key forgotten).
    #[error("the notebook at {path} is locked with a passphrase")]
    NeedsPassphrase { path: PathBuf },
    /// The passphrase given does not unwrap the notebook's key; the notebook is sound.
    #[error("wrong passphrase for the notebook at {path}")]
    WrongPassphrase { path: PathBuf },
    /// Made by a newer sotay.
    #[error("the notebook at {path} has schema {found}, newer than {SCHEMA_VERSION}")]
    NewerSchema { path: PathBuf, found: u32 },
    #[error("cannot use the notebook at {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    /// Too little free space on the disk to let sled write safely; nothing was written.
    #[error("the disk holding the notebook at {path} has {free} bytes free, {needed} needed")]
    NoRoom { path: PathBuf, free: u64, needed: u64 },
    /// A batch from another device was refused; nothing of it was written.
    #[error("a batch was refused: {0}")]
    Refused(#[from] super::apply::Refusal),
    /// Sync needs an account (`sotay account new`, or a bundle and its recovery code).
    #[error("this notebook belongs to no account yet")]
    NoAccount,
    #[error("this notebook already belongs to an account")]
    AccountExists,
    /// A save of a record whose pupil (or the record itself) was deleted, here or on
    /// another device: saving it would bring it back.
    #[error("the {kind:?} was deleted, so it was not saved")]
    Deleted { kind: crate::domain::RecordKind },
}

impl StoreError {
    pub(super) fn damaged(path: &Path, detail: impl Into<String>) -> StoreError {
        StoreError::Damaged {
            path: path.to_path_buf(),
            detail: detail.into(),
        }
    }
}

/// The one line a user sees for a store error, in their language.
pub fn store_error_message(lang: Lang, e: &StoreError) -> String {
    match e {
        StoreError::Locked { path } => C::StoreLocked.fill(lang, &[&path.display()]),
        StoreError::Damaged { path, detail } => C::StoreDamaged.fill(lang, &[&path.display(), detail]),
        StoreError::NeedsPassphrase { path } => C::StoreNeedsPassphrase.fill(lang, &[&path.display()]),
        StoreError::WrongPassphrase { path } => C::StoreWrongPassphrase.fill(lang, &[&path.display()]),
        StoreError::NewerSchema { path, found } => C::StoreNewer.fill(lang, &[&path.display(), found]),
        StoreError::NoRoom { path, free, needed } => {
            C::StoreNoRoom.fill(lang, &[&path.display(), &megabytes(*free), &megabytes(*needed)])
        }
        StoreError::Io { path, source } if is_disk_full(source) => C::StoreDiskFull.fill(lang, &[&path.display()]),
        StoreError::Io { path, source } if is_read_only(source) => C::StoreReadOnly.fill(lang, &[&path.display()]),
        StoreError::Io { path, source } => {
            C::StoreIo.fill(lang, &[&path.display(), &crate::i18n::io::reason(lang, source)])
        }
        StoreError::Refused(r) => crate::i18n::account::refusal(lang, r),
        StoreError::NoAccount => S::NoAccount.get(lang).to_string(),
        StoreError::AccountExists => S::AccountExists.get(lang).to_string(),
        StoreError::Deleted { kind } => crate::i18n::account::deleted(lang, *kind),
    }
}

/// Bytes as whole megabytes, rounded up ("1 MB" for a few bytes), as a user reads a disk.
fn megabytes(bytes: u64) -> String {
    format!("{} MB", bytes.div_ceil(1 << 20))
}

/// sled 0.34 reports a held lock as a plain io error of kind `Other` whose text starts
/// with this (config.rs, `try_lock`); there is no better signal to match.
const SLED_LOCK_MESSAGE: &str = "could not acquire lock on";

/// Maps a sled error. Corruption and "unsupported" (what sled says of a garbled `conf`
/// file) mean the files are not what sled wrote: `Damaged`.
pub(super) fn from_sled(path: &Path, e: sled::Error) -> StoreError {
    let path = path.to_path_buf();
    match e {
        sled::Error::Io(io) if is_lock_error(&io) => StoreError::Locked { path },
        sled::Error::Io(source) => StoreError::Io { path, source },
        sled::Error::Corruption { at, .. } => StoreError::Damaged {
            path,
            detail: match at {
                Some(at) => format!("sled found corrupt data at {at:?}"),
                None => "sled found corrupt data".into(),
            },
        },
        sled::Error::Unsupported(s) => StoreError::Damaged {
            path,
            detail: format!("sled cannot read it: {s}"),
        },
        sled::Error::ReportableBug(s) => StoreError::Damaged {
            path,
            detail: format!("sled failed: {s}"),
        },
        sled::Error::CollectionNotFound(_) => StoreError::Damaged {
            path,
            detail: "a tree is missing".into(),
        },
    }
}

fn is_lock_error(io: &std::io::Error) -> bool {
    io.kind() == std::io::ErrorKind::WouldBlock || io.to_string().starts_with(SLED_LOCK_MESSAGE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_place_in_both_languages() {
        let e = StoreError::NewerSchema {
            path: "/tmp/s".into(),
            found: 7,
        };
        assert_eq!(
            store_error_message(Lang::En, &e),
            "The notebook at /tmp/s was made by a newer sotay (schema 7); update sotay"
        );
        assert!(store_error_message(Lang::Vi, &e).contains("lược đồ 7"));
        let e = StoreError::Locked { path: "/tmp/s".into() };
        assert!(store_error_message(Lang::Vi, &e).contains("cửa sổ khác (/tmp/s)"));
    }

    #[test]
    fn sled_lock_errors_become_locked() {
        let io = std::io::Error::other("could not acquire lock on \"x/db\": WouldBlock");
        assert!(matches!(
            from_sled(Path::new("x"), sled::Error::Io(io)),
            StoreError::Locked { .. }
        ));
        let io = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        assert!(matches!(
            from_sled(Path::new("x"), sled::Error::Io(io)),
            StoreError::Io { .. }
        ));
    }
}
