//! The embedded store (sled): records, the field-level change log, the hybrid logical
//! clock and the device id.
//!
//! API CONTRACT (the TUI, import and CLI are written against it; keep signatures):
//! every write goes through one private function that diffs the record's fields against
//! the stored version, writes the record and its change-log entries in one sled
//! transaction, and flushes before returning Ok (also when nothing changed).
//!
//! Modules: [`layout`] (trees and keys), [`codec`] (the one encoder), [`hlc`] (the clock),
//! `change` (log entries and the diff), `write` (the write path), `batch` (a large write
//! in parts, still all or none), `open` (checks before
//! sled may write), `seal` (how sotay left the files), `lock` (sled's file lock), `error`
//! (errors and their messages).

pub mod codec;
pub mod hlc;
pub mod layout;

mod apply;
mod backup;
mod batch;
pub(crate) mod change;
mod error;
mod held;
mod hub;
mod lock;
mod open;
pub(crate) mod private;
mod protect;
mod readers;
mod seal;
mod space;
pub mod unlock;
mod write;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::clock::Clock;
use crate::domain::profile::PROFILE_ID;
use crate::domain::settings::SETTINGS_ID;
use crate::domain::{
    Case, Casebook, Informed, Profile, RecordKind, Screening, Session, Settings, Student, Support, Visit,
};
use write::Edit;

pub use apply::{Incoming, Outcome, Refusal};
pub use change::{Change, DELETED, member_field, split_member};
pub use error::{StoreError, store_error_message};
pub use held::{BATCH_CHANGES, Exchange};
pub use hlc::Hlc;
pub use hub::{Attempt, Binding, HubStats, MonthBytes};
pub use protect::{Protected, protect};
pub use readers::{Reader, Readers, Standing};
pub use unlock::{MIN_PASSPHRASE_CHARS, Passphrase, PassphraseError, Unlock, WRONG_PASSPHRASE_PAUSE};

/// The store's schema version, checked at open.
pub const SCHEMA_VERSION: u32 = 1;

pub struct Store {
    path: PathBuf,
    clock: Arc<dyn Clock>,
    db: sled::Db,
    meta: sled::Tree,
    records: sled::Tree,
    changes: sled::Tree,
    by_record: sled::Tree,
    /// Sync's state (see `held`), once the tree exists (see `Store::sync_tree`).
    sync: std::sync::OnceLock<sled::Tree>,
    /// Changes only when a copy takes a new id (see `held::renew_device`).
    device: Mutex<Uuid>,
    /// How values are sealed (see `codec`, `unlock`).
    keyring: unlock::Keyring,
    /// The new id this session's notebook took because it was found to be a copy.
    renewed_at_open: Option<Uuid>,
    last_saved: Mutex<Option<DateTime<Utc>>>,
    /// Taken by every write (see `write`), so a write in parts (see `batch`) has the change
    /// log to itself.
    writer: Mutex<()>,
    /// Set when a write in parts failed and undoing it failed too: the next write undoes it
    /// first.
    batch_unfinished: std::sync::atomic::AtomicBool,
    /// Set once the store opened whole: only then does closing it seal the notebook (see
    /// `seal`). A notebook refused part-way through opening stays unsealed, so the next
    /// open checks it again.
    opened: bool,
    /// Declared after the sled handles, so it is dropped after them: see [`lock`].
    release: lock::Release,
    /// Unit tests set this to make the write path abort after that many edits.
    #[cfg(test)]
    abort_after_edits: std::sync::atomic::AtomicUsize,
    /// How many times the write path flushed, for unit tests.
    #[cfg(test)]
    flushes: std::sync::atomic::AtomicUsize,
    /// Unit tests set this to write something after a write read what it edits and
    /// before it commits, as the sync worker might.
    #[cfg(test)]
    between_read_and_write: Mutex<Option<write::Meanwhile>>,
    /// Unit tests set this to stop a write in parts dead before that part, as a kill would.
    #[cfg(test)]
    batch_cut_before_part: std::sync::atomic::AtomicUsize,
    /// Unit tests set this to make that part of a write in parts fail.
    #[cfg(test)]
    batch_fail_part: std::sync::atomic::AtomicUsize,
    /// Unit tests set this to stop the undo of a write in parts dead before that part.
    #[cfg(test)]
    undo_cut_before_part: std::sync::atomic::AtomicUsize,
}

// The sync worker and the UI thread share one store.
const _: () = {
    const fn shareable<T: Send + Sync>() {}
    shareable::<Store>();
};

impl Store {
    /// Opens (or creates) the store in `dir`, with the system clock.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        Store::open_with_clock(dir, Arc::new(crate::clock::SystemClock))
    }
    pub fn open_with_clock(dir: &Path, clock: Arc<dyn Clock>) -> Result<Store, StoreError> {
        Store::open_unlocked(dir, clock, &Unlock::none())
    }
    /// Opens (or creates) the store in `dir`; a notebook locked with a passphrase needs it in
    /// `unlock` (`NeedsPassphrase` without it, `WrongPassphrase` with another).
    pub fn open_unlocked(dir: &Path, clock: Arc<dyn Clock>, unlock: &Unlock) -> Result<Store, StoreError> {
        let o = open::open(dir, &*clock, unlock)?;
        // Opened only if it is there: opening a tree that is not makes it, a write.
        let sync = std::sync::OnceLock::new();
        if o.db.tree_names().iter().any(|n| n == layout::TREE_SYNC.as_bytes()) {
            let _ = sync.set(
                o.db.open_tree(layout::TREE_SYNC)
                    .map_err(|e| error::from_sled(dir, e))?,
            );
        }
        let mut store = Store {
            path: dir.to_path_buf(),
            clock,
            db: o.db,
            meta: o.meta,
            records: o.records,
            changes: o.changes,
            by_record: o.by_record,
            sync,
            device: Mutex::new(o.device),
            keyring: o.keyring,
            renewed_at_open: None,
            last_saved: Mutex::new(None),
            writer: Mutex::new(()),
            batch_unfinished: std::sync::atomic::AtomicBool::new(false),
            opened: false,
            release: o.release,
            #[cfg(test)]
            abort_after_edits: std::sync::atomic::AtomicUsize::new(usize::MAX),
            #[cfg(test)]
            flushes: std::sync::atomic::AtomicUsize::new(0),
            #[cfg(test)]
            between_read_and_write: Mutex::new(None),
            #[cfg(test)]
            batch_cut_before_part: std::sync::atomic::AtomicUsize::new(usize::MAX),
            #[cfg(test)]
            batch_fail_part: std::sync::atomic::AtomicUsize::new(usize::MAX),
            #[cfg(test)]
            undo_cut_before_part: std::sync::atomic::AtomicUsize::new(usize::MAX),
        };
        // A write in parts cut short (see `batch`) is undone once the notebook is known
        // to be sound, before anything reads it.
        store.undo_unfinished_batch()?;
        // A copy of a notebook must not write under its original's device id.
        store.renewed_at_open = store.renew_if_copied()?;
        store.opened = true;
        Ok(store)
    }
    pub fn path(&self) -> &Path {
        &self.path
    }
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }
    pub fn device_id(&self) -> Uuid {
        *self.device.lock().unwrap_or_else(|p| p.into_inner())
    }
    /// The new device id this notebook took when it opened, found to be a copy of another
    /// (said once, by whoever opened it).
    pub fn renewed_at_open(&self) -> Option<Uuid> {
        self.renewed_at_open
    }
    /// The keys values are written and read with, or `NeedsPassphrase` while the interface
    /// is locked (see [`Store::forget_key`]).
    pub(crate) fn keys(&self) -> Result<Arc<codec::Keys>, StoreError> {
        self.keyring.keys(&self.path)
    }
    /// Whether this notebook is locked with a passphrase.
    pub fn has_passphrase(&self) -> bool {
        self.keyring.is_locked()
    }
    /// Forgets the master key until [`Store::unlock`]: every read and write is refused with
    /// `NeedsPassphrase` meanwhile. The interface does this when it locks itself; a notebook
    /// without a passphrase has nothing to forget.
    pub fn forget_key(&self) {
        self.keyring.forget();
    }
    /// Whether the master key is forgotten (see [`Store::forget_key`]).
    pub fn key_forgotten(&self) -> bool {
        self.keyring.is_forgotten()
    }
    /// Takes the master key back with the passphrase (`WrongPassphrase` with another).
    pub fn unlock(&self, passphrase: &Passphrase) -> Result<(), StoreError> {
        self.keyring.remember(&self.path, passphrase)
    }
    /// Changes the passphrase of a notebook that has one: the master key is wrapped again,
    /// one value written, nothing else changes. Needs the key (not forgotten).
    pub fn change_passphrase(&self, new: &Passphrase) -> Result<(), StoreError> {
        let _writer = self.writer()?;
        if !self.keyring.is_locked() {
            return Err(StoreError::NeedsPassphrase {
                path: self.path.clone(),
            });
        }
        let keys = self.keys()?;
        let codec::Keys::Sealed(master) = &*keys else {
            return Err(StoreError::damaged(&self.path, "a locked notebook without its key"));
        };
        // Today's costs, which may have been raised since the lock was made.
        let lock = unlock::LockHeader::wrap(master, new, unlock::KdfParams::for_new_lock());
        space::ensure(&self.path, space::for_write(1, 0))?;
        self.meta
            .insert(layout::META_LOCK, codec::encode_plain(&lock))
            .map_err(|e| error::from_sled(&self.path, e))?;
        self.flush()?;
        self.keyring.set_lock_header(lock);
        Ok(())
    }
    pub fn profile(&self) -> Result<Option<Profile>, StoreError> {
        self.get(RecordKind::Profile, PROFILE_ID)
    }
    pub fn save_profile(&self, p: &Profile) -> Result<(), StoreError> {
        self.commit(&[Edit::put(p)]).map(drop)
    }
    /// All pupils, in no particular order.
    pub fn students(&self) -> Result<Vec<Student>, StoreError> {
        self.all(RecordKind::Student)
    }
    pub fn student(&self, id: Uuid) -> Result<Option<Student>, StoreError> {
        self.get(RecordKind::Student, id)
    }
    pub fn save_student(&self, s: &Student) -> Result<(), StoreError> {
        self.commit(&[Edit::put(s)]).map(drop)
    }
    /// Saves many pupils (an import), all or none. Many new pupils are written in parts,
    /// so the memory stays small (see `batch`).
    pub fn save_students(&self, s: &[Student]) -> Result<(), StoreError> {
        let edits: Vec<Edit> = s.iter().map(Edit::put).collect();
        self.commit_large(&edits).map(drop)
    }
    /// Saves a new class list's pupils (an import). In a notebook of an account, each
    /// pupil's id is derived from the account's secret, the school year, the class and the
    /// import's match key, so two devices importing one list make the same pupils, not two
    /// copies. A pupil deleted before keeps a new random id (delete wins for the old one).
    /// Returns the pupils as saved.
    pub fn save_imported(&self, mut students: Vec<Student>) -> Result<Vec<Student>, StoreError> {
        if let Some(secret) = self.account()? {
            let keys = crate::sync::account::AccountKeys::from_secret(&secret);
            for s in &mut students {
                let id = keys.pupil_id(s.school_year.0, &crate::text::fold(&s.class), &s.match_key());
                if self.tombstone_of(RecordKind::Student, id)?.is_none() {
                    s.id = id;
                }
            }
        }
        self.save_students(&students)?;
        Ok(students)
    }
    /// Saves `edited`, which a form opened as `opened` (`None`: a new record), with the
    /// case it changes (as opened, and as changed): only what the teacher changed is
    /// written over what is stored now, so a field synced in meanwhile is kept. Refused
    /// with [`StoreError::Deleted`] when the record or its pupil was deleted meanwhile.
    pub fn save_edited<R: crate::domain::Record + serde::Serialize + DeserializeOwned>(
        &self,
        opened: Option<&R>,
        edited: &R,
        case: Option<(Option<&Case>, &Case)>,
    ) -> Result<(), StoreError> {
        let mut edits = vec![match opened {
            Some(o) => Edit::put_over(o, edited),
            None => Edit::put(edited),
        }];
        edits.extend(case.map(|(o, c)| match o {
            Some(o) => Edit::put_over(o, c),
            None => Edit::put(c),
        }));
        self.commit(&edits).map(drop)
    }
    /// Deletes the pupil and everything of theirs (screening, case, visits, supports,
    /// informed marks), with tombstones in the change log, redacts the values of all their
    /// earlier changes (see `write`), and takes them off the sessions' lists: one
    /// transaction.
    pub fn delete_student(&self, id: Uuid) -> Result<(), StoreError> {
        // Built from what the store holds, so built again if anything is written in
        // between (see `commit_from_reads`): a visit synced meanwhile must not outlive its
        // pupil, nor a session edited meanwhile be put back as it was read.
        self.commit_from_reads(|| {
            let mut edits = vec![
                Edit::delete(RecordKind::Student, id),
                Edit::delete(RecordKind::Screening, id),
                Edit::delete(RecordKind::Case, id),
                Edit::delete(RecordKind::Informed, id),
            ];
            for v in self.visits()?.into_iter().filter(|v| v.student_id == id) {
                edits.push(Edit::delete(RecordKind::Visit, v.id));
            }
            for s in self.supports()?.into_iter().filter(|s| s.student_id == id) {
                edits.push(Edit::delete(RecordKind::Support, s.id));
            }
            for mut s in self.sessions()?.into_iter().filter(|s| s.students.contains(&id)) {
                s.students.remove(&id);
                edits.push(Edit::put(&s));
            }
            Ok(edits)
        })
        .map(drop)
    }

    /// Merges two pupils who are one child (typed by hand on two devices): `other`'s
    /// visits and supports move to `keep`, `other`'s ticks at sessions become `keep`'s,
    /// `other`'s screening, case and informed dates are taken where `keep` has none, and
    /// `other` is deleted (with what was left of theirs, redacted). One transaction.
    pub fn merge_pupils(&self, keep: Uuid, other: Uuid) -> Result<(), StoreError> {
        if keep == other {
            return Ok(());
        }
        self.commit_from_reads(|| {
            if self.student(keep)?.is_none() || self.student(other)?.is_none() {
                return Err(StoreError::Deleted {
                    kind: RecordKind::Student,
                });
            }
            let mut edits = Vec::new();
            for mut v in self.visits()?.into_iter().filter(|v| v.student_id == other) {
                v.student_id = keep;
                edits.push(Edit::put(&v));
            }
            for mut s in self.supports()?.into_iter().filter(|s| s.student_id == other) {
                s.student_id = keep;
                edits.push(Edit::put(&s));
            }
            for mut s in self.sessions()?.into_iter().filter(|s| s.students.contains(&other)) {
                s.students.remove(&other);
                s.students.insert(keep);
                edits.push(Edit::put(&s));
            }
            if self.screening(keep)?.is_none()
                && let Some(mut s) = self.screening(other)?
            {
                s.student_id = keep;
                edits.push(Edit::put(&s));
            }
            if self.case(keep)?.is_none()
                && let Some(mut c) = self.case(other)?
            {
                c.student_id = keep;
                edits.push(Edit::put(&c));
            }
            if self.informed(keep)?.is_none()
                && let Some(mut i) = self.informed(other)?
            {
                i.student_id = keep;
                edits.push(Edit::put(&i));
            }
            for kind in [
                RecordKind::Student,
                RecordKind::Screening,
                RecordKind::Case,
                RecordKind::Informed,
            ] {
                edits.push(Edit::delete(kind, other));
            }
            Ok(edits)
        })
        .map(drop)
    }

    // --- Case follow-up -------------------------------------------------------------------

    /// Everything the case rules read, grouped by pupil (see [`Casebook`]), with the cases'
    /// derived fields recomputed from the records.
    pub fn casebook(&self) -> Result<Casebook, StoreError> {
        let mut book = Casebook::from_records(
            self.settings()?,
            self.students()?,
            self.screenings()?,
            self.all(RecordKind::Case)?,
            self.visits()?,
            self.supports()?,
            self.sessions()?,
            self.all(RecordKind::Informed)?,
        );
        book.rederive_cases();
        Ok(book)
    }
    /// The limits, or the defaults when never saved.
    pub fn settings(&self) -> Result<Settings, StoreError> {
        Ok(self.get(RecordKind::Settings, SETTINGS_ID)?.unwrap_or_default())
    }
    /// The limits as stored; `None` when never saved (a form that opened the defaults has no
    /// stored version to save over: see [`Store::save_edited`]).
    pub fn stored_settings(&self) -> Result<Option<Settings>, StoreError> {
        self.get(RecordKind::Settings, SETTINGS_ID)
    }
    pub fn save_settings(&self, s: &Settings) -> Result<(), StoreError> {
        self.commit(&[Edit::put(s)]).map(drop)
    }
    pub fn case(&self, student: Uuid) -> Result<Option<Case>, StoreError> {
        self.get(RecordKind::Case, student)
    }
    pub fn cases(&self) -> Result<Vec<Case>, StoreError> {
        self.all(RecordKind::Case)
    }
    pub fn save_case(&self, c: &Case) -> Result<(), StoreError> {
        self.commit(&[Edit::put(c)]).map(drop)
    }
    /// Saves a screening and, in the same transaction, the case it opens (if any).
    pub fn save_screening_and_case(&self, s: &Screening, case: Option<&Case>) -> Result<(), StoreError> {
        let mut edits = vec![Edit::put(s)];
        edits.extend(case.map(Edit::put));
        self.commit(&edits).map(drop)
    }
    /// All visits, in no particular order.
    pub fn visits(&self) -> Result<Vec<Visit>, StoreError> {
        self.all(RecordKind::Visit)
    }
    pub fn visit(&self, id: Uuid) -> Result<Option<Visit>, StoreError> {
        self.get(RecordKind::Visit, id)
    }
    /// Saves a visit and, in the same transaction, its pupil's case with the derived fields
    /// recomputed (a visit with an agreed action is an intervention).
    pub fn save_visit(&self, v: &Visit) -> Result<(), StoreError> {
        self.save_visit_over(None, v)
    }
    /// [`Store::save_visit`] of a visit a form opened as `opened` (`None`: a new one): only
    /// what the teacher changed is written over what is stored now (see
    /// [`Store::save_edited`]).
    pub fn save_visit_over(&self, opened: Option<&Visit>, v: &Visit) -> Result<(), StoreError> {
        let edit = match opened {
            Some(o) => Edit::put_over(o, v),
            None => Edit::put(v),
        };
        self.commit_with_derived_case(edit, v.student_id)
    }
    /// Deletes a visit and, in the same transaction, recomputes its pupil's case.
    pub fn delete_visit(&self, id: Uuid) -> Result<(), StoreError> {
        match self.visit(id)? {
            Some(v) => self.commit_with_derived_case(Edit::delete(RecordKind::Visit, id), v.student_id),
            None => self.commit(&[Edit::delete(RecordKind::Visit, id)]).map(drop),
        }
    }
    /// All supports, in no particular order.
    pub fn supports(&self) -> Result<Vec<Support>, StoreError> {
        self.all(RecordKind::Support)
    }
    pub fn support(&self, id: Uuid) -> Result<Option<Support>, StoreError> {
        self.get(RecordKind::Support, id)
    }
    /// Saves a support and, in the same transaction, recomputes its pupil's case.
    pub fn save_support(&self, s: &Support) -> Result<(), StoreError> {
        self.save_support_over(None, s)
    }
    /// [`Store::save_support`] of a support a form opened as `opened` (`None`: a new one).
    pub fn save_support_over(&self, opened: Option<&Support>, s: &Support) -> Result<(), StoreError> {
        let edit = match opened {
            Some(o) => Edit::put_over(o, s),
            None => Edit::put(s),
        };
        self.commit_with_derived_case(edit, s.student_id)
    }
    /// Deletes a support and, in the same transaction, recomputes its pupil's case.
    pub fn delete_support(&self, id: Uuid) -> Result<(), StoreError> {
        match self.support(id)? {
            Some(s) => self.commit_with_derived_case(Edit::delete(RecordKind::Support, id), s.student_id),
            None => self.commit(&[Edit::delete(RecordKind::Support, id)]).map(drop),
        }
    }
    /// Writes `edit` (to a pupil's visits or supports) and, in the same transaction, the
    /// pupil's case with its derived fields worked out again from its own history and the
    /// records as they will be (`Store::derived_case`, as an apply does): the first
    /// intervention and the automatic move are derived, stored, never logged, so the case
    /// is the same on every device whichever device wrote the visit.
    fn commit_with_derived_case(&self, edit: Edit, pupil: Uuid) -> Result<(), StoreError> {
        let key = edit.key();
        let (mut puts, mut removes) = (std::collections::BTreeMap::new(), std::collections::BTreeSet::new());
        match edit.bytes() {
            Some(b) => {
                puts.insert(key, b.to_vec());
            }
            None => {
                removes.insert(key);
            }
        }
        self.commit_from_reads(|| {
            let (visits, supports, screenings) = (self.visits()?, self.supports()?, self.screenings()?);
            let after = apply::After {
                puts: &puts,
                removes: &removes,
                visits: &visits,
                supports: &supports,
                screenings: &screenings,
            };
            let mut edits = vec![edit.clone()];
            if let Some(bytes) = self.derived_case(pupil, &[], &after)? {
                edits.push(Edit::derived(RecordKind::Case, pupil, bytes));
            }
            Ok(edits)
        })
        .map(drop)
    }
    /// All awareness sessions, in no particular order.
    pub fn sessions(&self) -> Result<Vec<Session>, StoreError> {
        self.all(RecordKind::Session)
    }
    pub fn save_session(&self, s: &Session) -> Result<(), StoreError> {
        self.commit(&[Edit::put(s)]).map(drop)
    }
    pub fn delete_session(&self, id: Uuid) -> Result<(), StoreError> {
        self.commit(&[Edit::delete(RecordKind::Session, id)]).map(drop)
    }
    pub fn informed(&self, student: Uuid) -> Result<Option<Informed>, StoreError> {
        self.get(RecordKind::Informed, student)
    }
    pub fn save_informed(&self, i: &Informed) -> Result<(), StoreError> {
        self.commit(&[Edit::put(i)]).map(drop)
    }
    /// Saves many records of the case follow-up in one transaction (the demo, tests).
    pub fn save_case_records(
        &self,
        cases: &[Case],
        visits: &[Visit],
        supports: &[Support],
        sessions: &[Session],
        informed: &[Informed],
    ) -> Result<(), StoreError> {
        let mut edits: Vec<Edit> = cases.iter().map(Edit::put).collect();
        edits.extend(visits.iter().map(Edit::put));
        edits.extend(supports.iter().map(Edit::put));
        edits.extend(sessions.iter().map(Edit::put));
        edits.extend(informed.iter().map(Edit::put));
        self.commit(&edits).map(drop)
    }
    /// All current screenings.
    pub fn screenings(&self) -> Result<Vec<Screening>, StoreError> {
        self.all(RecordKind::Screening)
    }
    pub fn screening(&self, student: Uuid) -> Result<Option<Screening>, StoreError> {
        self.get(RecordKind::Screening, student)
    }
    pub fn save_screening(&self, s: &Screening) -> Result<(), StoreError> {
        self.commit(&[Edit::put(s)]).map(drop)
    }
    /// Saves many screenings (the demo), all or none. Many new screenings are written in
    /// parts, as an import's pupils are (see `batch`).
    pub fn save_screenings(&self, s: &[Screening]) -> Result<(), StoreError> {
        let edits: Vec<Edit> = s.iter().map(Edit::put).collect();
        self.commit_large(&edits).map(drop)
    }
    /// The whole change log, oldest first.
    pub fn changes(&self) -> Result<Vec<Change>, StoreError> {
        self.changes_where(|_| true)
    }
    /// The change log of one record, oldest first: a prefix scan of `by_record`, then only
    /// those entries of the log are read.
    pub fn changes_for(&self, kind: RecordKind, id: Uuid) -> Result<Vec<Change>, StoreError> {
        let keys = self.keys()?;
        let mut out = Vec::new();
        for seq in self.seqs_of(kind, id)? {
            let key = layout::change_key(seq);
            let value = self
                .changes
                .get(key)
                .map_err(|e| error::from_sled(&self.path, e))?
                .ok_or_else(|| StoreError::damaged(&self.path, format!("change {seq} is missing")))?;
            out.push(decode_change(&self.path, &keys, &key, &value)?);
        }
        Ok(out)
    }
    /// When the store was last written, for the status bar.
    pub fn last_saved(&self) -> Option<DateTime<Utc>> {
        *self.last_saved.lock().unwrap_or_else(|p| p.into_inner())
    }
    /// A setting of this device (see [`layout::DeviceSetting`]), if it was ever set.
    pub fn device_setting(&self, key: layout::DeviceSetting) -> Result<Option<String>, StoreError> {
        let keys = self.keys()?;
        let bytes = self.meta.get(key.key()).map_err(|e| error::from_sled(&self.path, e))?;
        bytes
            .map(|b| {
                keys.decode(layout::TREE_META, key.key(), &b)
                    .map_err(|e| StoreError::damaged(&self.path, format!("a device setting cannot be read: {e}")))
            })
            .transpose()
    }

    /// Sets a setting of this device, outside the change log (it is not a record and is
    /// never synced), and flushes: a write like any other, under the writer lock (see
    /// `write`) and after the room check (see `space`), one value no larger than a record.
    pub fn set_device_setting(&self, key: layout::DeviceSetting, value: &str) -> Result<(), StoreError> {
        let _writer = self.writer()?;
        space::ensure(&self.path, space::for_write(1, 0))?;
        let keys = self.keys()?;
        self.meta
            .insert(key.key(), keys.encode(layout::TREE_META, key.key(), &value.to_string()))
            .map_err(|e| error::from_sled(&self.path, e))?;
        self.flush()
    }

    /// The last clock reading handed to a change (zero before the first write). Sync sends
    /// it; tests check it only grows.
    pub fn last_hlc(&self) -> Result<Hlc, StoreError> {
        let bytes = self
            .meta
            .get(layout::META_HLC)
            .map_err(|e| error::from_sled(&self.path, e))?
            .ok_or_else(|| StoreError::damaged(&self.path, "the clock is missing"))?;
        self.keys()?
            .decode(layout::TREE_META, layout::META_HLC, &bytes)
            .map_err(|e| StoreError::damaged(&self.path, format!("the clock cannot be read: {e}")))
    }

    fn get<R: DeserializeOwned>(&self, kind: RecordKind, id: Uuid) -> Result<Option<R>, StoreError> {
        let keys = self.keys()?;
        let key = layout::record_key(kind, id);
        let bytes = self.records.get(key).map_err(|e| error::from_sled(&self.path, e))?;
        bytes
            .map(|b| decode_record(&self.path, &keys, &key, kind, id, &b))
            .transpose()
    }

    fn all<R: DeserializeOwned>(&self, kind: RecordKind) -> Result<Vec<R>, StoreError> {
        let keys = self.keys()?;
        self.records
            .scan_prefix([layout::kind_byte(kind)])
            .map(|entry| {
                let (key, value) = entry.map_err(|e| error::from_sled(&self.path, e))?;
                let id = layout::parse_record_key(&key).map_or(Uuid::nil(), |(_, id)| id);
                decode_record(&self.path, &keys, &key, kind, id, &value)
            })
            .collect()
    }

    fn changes_where(&self, keep: impl Fn(&Change) -> bool) -> Result<Vec<Change>, StoreError> {
        let keys = self.keys()?;
        let mut out = Vec::new();
        for entry in self.changes.iter() {
            let (key, value) = entry.map_err(|e| error::from_sled(&self.path, e))?;
            let change = decode_change(&self.path, &keys, &key, &value)?;
            if keep(&change) {
                out.push(change);
            }
        }
        Ok(out)
    }

    /// The sequence numbers of one record's changes, in order, from `by_record`.
    fn seqs_of(&self, kind: RecordKind, id: Uuid) -> Result<Vec<u64>, StoreError> {
        self.by_record
            .scan_prefix(layout::record_key(kind, id))
            .map(|entry| {
                let (key, _) = entry.map_err(|e| error::from_sled(&self.path, e))?;
                layout::seq_of_by_record_key(&key)
                    .ok_or_else(|| StoreError::damaged(&self.path, "a change index entry has a malformed key"))
            })
            .collect()
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        // Runs before the fields drop: `release` then seals the notebook once sled has
        // closed it, with the log's length, so a cut-off log is noticed at the next open.
        if !self.opened {
            return;
        }
        // Not sealed while the interface is locked (the key forgotten): the next open then
        // checks a copy, as after a crash.
        let Ok(keys) = self.keys() else { return };
        let next_seq = self.meta.get(layout::META_NEXT_SEQ).ok().flatten();
        let next_seq = next_seq.map(|b| keys.decode::<u64>(layout::TREE_META, layout::META_NEXT_SEQ, &b));
        if let Some(Ok(seq)) = next_seq {
            self.release.seal_on_close(seq);
        }
    }
}

/// Decodes a stored record at `key`. The detail names the record by kind and id only:
/// never data.
fn decode_record<R: DeserializeOwned>(
    path: &Path,
    keys: &codec::Keys,
    key: &[u8],
    kind: RecordKind,
    id: Uuid,
    bytes: &[u8],
) -> Result<R, StoreError> {
    keys.decode(layout::TREE_RECORDS, key, bytes)
        .map_err(|e| StoreError::damaged(path, format!("{kind:?} {id} cannot be read: {e}")))
}

/// Decodes the change of the log at `key`. The detail names it by number only: never data.
fn decode_change(path: &Path, keys: &codec::Keys, key: &[u8], bytes: &[u8]) -> Result<Change, StoreError> {
    let seq = seq_of(path, key)?;
    keys.decode(layout::TREE_CHANGES, key, bytes)
        .map_err(|e| StoreError::damaged(path, format!("change {seq} cannot be read: {e}")))
}

/// The sequence number of a key of the change log, which is damaged if the key is malformed.
fn seq_of(path: &Path, key: &[u8]) -> Result<u64, StoreError> {
    layout::seq_of_change_key(key).ok_or_else(|| StoreError::damaged(path, "a change has a malformed key"))
}

/// Checks that a stored record of `kind` decodes (used when opening).
fn decode_record_bytes(
    path: &Path,
    keys: &codec::Keys,
    key: &[u8],
    kind: RecordKind,
    id: Uuid,
    bytes: &[u8],
) -> Result<(), StoreError> {
    let (k, key) = (keys, key);
    match kind {
        RecordKind::Profile => decode_record::<Profile>(path, k, key, kind, id, bytes).map(drop),
        RecordKind::Student => decode_record::<Student>(path, k, key, kind, id, bytes).map(drop),
        RecordKind::Screening => decode_record::<Screening>(path, k, key, kind, id, bytes).map(drop),
        RecordKind::Visit => decode_record::<Visit>(path, k, key, kind, id, bytes).map(drop),
        RecordKind::Support => decode_record::<Support>(path, k, key, kind, id, bytes).map(drop),
        RecordKind::Case => decode_record::<Case>(path, k, key, kind, id, bytes).map(drop),
        RecordKind::Session => decode_record::<Session>(path, k, key, kind, id, bytes).map(drop),
        RecordKind::Informed => decode_record::<Informed>(path, k, key, kind, id, bytes).map(drop),
        RecordKind::Settings => decode_record::<Settings>(path, k, key, kind, id, bytes).map(drop),
    }
}

/// Whether `dir` already holds a notebook, found without opening it (opening creates one,
/// and lets sled write): commands that only read or add to a notebook check this first.
pub fn exists(dir: &Path) -> bool {
    dir.join(lock::SLED_DB_FILE).is_file()
}

/// Whether everything in `dir` is the notebook's own: sled's files and folder, the seal,
/// the lock and a check folder; nothing a teacher keeps beside it. Only then may the whole
/// folder be replaced (the demo does).
pub fn holds_only_the_notebook(dir: &Path) -> std::io::Result<bool> {
    let sleds = seal::sled_files(dir)?;
    for entry in std::fs::read_dir(dir)? {
        let name = PathBuf::from(entry?.file_name());
        let own = [seal::SEAL_FILE, lock::LOCK_FILE, open::CHECK_DIR, seal::BLOBS]
            .iter()
            .any(|n| name == Path::new(n))
            || seal::is_unfinished_snapshot(&name.to_string_lossy());
        if !own && !sleds.contains(&name) {
            return Ok(false);
        }
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::clock::FixedClock;
    use crate::domain::testkit;

    #[test]
    fn one_records_history_is_read_without_decoding_the_rest_of_the_log() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open_with_clock(dir.path(), Arc::new(FixedClock::on(2026, 11, 28))).unwrap();
        let (a, b) = (testkit::student(1), testkit::student(2));
        s.save_student(&a).unwrap();
        s.save_student(&b).unwrap();
        let history = s.changes_for(RecordKind::Student, a.id).unwrap();
        assert!(!history.is_empty());
        // One of b's changes spoiled: the whole log no longer reads, a's history still does.
        let seq = s.seqs_of(RecordKind::Student, b.id).unwrap()[0];
        s.changes.insert(layout::change_key(seq), &[0xee][..]).unwrap();
        assert!(matches!(s.changes(), Err(StoreError::Damaged { .. })));
        assert_eq!(s.changes_for(RecordKind::Student, a.id).unwrap(), history);
    }
}
