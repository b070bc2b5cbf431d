//! Bundles in and out of a notebook: every batch it holds written to one file, and a
//! file's batches verified, opened and applied. Used by the command line and the
//! interface alike.

use uuid::Uuid;

use super::account::AccountKeys;
use super::bundle::{self, BundleError};
use super::envelope::{self, SealError};
use super::wire::{self, WireError};
use crate::store::{Exchange, Incoming, Outcome, Refusal, Store, StoreError};

/// What importing a bundle did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Imported {
    /// Batches in the bundle.
    pub batches: usize,
    /// Changes applied (new to this notebook).
    pub applied: usize,
    /// Changes this notebook held already.
    pub already: usize,
    /// Batches refused, with why: the others were applied.
    pub refused: Vec<(Uuid, u64, usize, Refusal)>,
    /// Changes to pupils deleted on another device that were not kept (told once).
    pub dropped: u64,
    /// The new device id this notebook took: it was a restored copy.
    pub renewed: Option<Uuid>,
}

impl Imported {
    /// Changes in the refused batches.
    pub fn refused_changes(&self) -> usize {
        self.refused.iter().map(|(_, _, n, _)| n).sum()
    }
}

/// Why a bundle was refused as a whole; nothing of it was applied.
#[derive(Debug, thiserror::Error)]
pub enum BundleRefused {
    #[error("{0}")]
    Bundle(#[from] BundleError),
    /// A batch failed a check (see `envelope`): the bundle was altered or damaged.
    #[error("batch {index}: {error}")]
    Batch { index: usize, error: SealError },
    #[error("batch {index}: {error}")]
    Payload { index: usize, error: WireError },
    /// Its batches belong to another account (or the recovery code is not this account's).
    #[error("the bundle belongs to another account")]
    OtherAccount,
    #[error("{0}")]
    Store(#[from] StoreError),
}

/// Verifies and opens every batch of a bundle, before anything is applied: one batch that
/// fails refuses the whole bundle.
pub fn open_all(keys: &AccountKeys, bytes: &[u8]) -> Result<Vec<Incoming>, BundleRefused> {
    let sealed = bundle::read_bundle(bytes)?;
    let mut out = Vec::with_capacity(sealed.len());
    for (index, b) in sealed.into_iter().enumerate() {
        let header = envelope::peek(b).map_err(|error| BundleRefused::Batch { index, error })?;
        if header.account != keys.account_id() {
            return Err(BundleRefused::OtherAccount);
        }
        let opened = envelope::open(keys, b).map_err(|error| BundleRefused::Batch { index, error })?;
        let changes = wire::decode(&opened.payload).map_err(|error| BundleRefused::Payload { index, error })?;
        out.push(Incoming {
            device: opened.header.device,
            number: opened.header.number,
            sealed: b.to_vec(),
            changes,
        });
    }
    // Each device's batches in order (any order gives the same records; this one reads best).
    out.sort_by_key(|b| (b.device, b.number));
    Ok(out)
}

/// The account a bundle's batches belong to, read without any key (its first batch's
/// signed header); `None` for an empty bundle.
pub fn account_of(bytes: &[u8]) -> Result<Option<Uuid>, BundleRefused> {
    let sealed = bundle::read_bundle(bytes)?;
    match sealed.first() {
        Some(b) => Ok(Some(
            envelope::peek(b)
                .map_err(|error| BundleRefused::Batch { index: 0, error })?
                .account,
        )),
        None => Ok(None),
    }
}

/// Imports a bundle into a notebook of its account.
pub fn import(store: &Store, bytes: &[u8]) -> Result<Imported, BundleRefused> {
    let keys = store.account_keys()?;
    let batches = open_all(&keys, bytes)?;
    let mut done = Imported {
        batches: batches.len(),
        ..Imported::default()
    };
    for b in batches {
        let (device, number, n) = (b.device, b.number, b.changes.len());
        match store.apply(b) {
            Ok(Outcome::Applied { changes, renewed, .. }) => {
                done.applied += changes;
                done.renewed = done.renewed.or(renewed);
            }
            Ok(Outcome::Already { changes }) => done.already += changes,
            Err(StoreError::Refused(r)) => done.refused.push((device, number, n, r)),
            Err(e) => return Err(e.into()),
        }
    }
    done.dropped = store.take_dropped()?;
    store.note_exchange(&Exchange {
        at_millis: store.clock().now().timestamp_millis(),
        imported: true,
        batches: done.batches as u64,
        changes: done.applied as u64,
    })?;
    Ok(done)
}

/// Seals what is not sealed yet and writes every batch the notebook holds as a bundle.
/// Returns the bundle and how many batches it holds.
pub fn export(store: &Store) -> Result<(Vec<u8>, usize), StoreError> {
    store.seal_pending()?;
    let held = store.held_batches()?;
    let refs: Vec<&[u8]> = held.iter().map(Vec::as_slice).collect();
    let mut out = Vec::new();
    bundle::write_bundle(&mut out, &refs).map_err(|e| StoreError::Io {
        path: store.path().to_path_buf(),
        source: e,
    })?;
    Ok((out, held.len()))
}

/// Notes that a bundle was written, once it is on disk.
pub fn note_export(store: &Store, batches: usize) -> Result<(), StoreError> {
    store.note_exchange(&Exchange {
        at_millis: store.clock().now().timestamp_millis(),
        imported: false,
        batches: batches as u64,
        changes: 0,
    })
}
