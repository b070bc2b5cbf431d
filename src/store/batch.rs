//! Writes too large for one sled transaction, still all or none.
//!
//! sled 0.34 keeps a copy of every tree node a transaction touches until the transaction
//! ends (each insert copies its leaf, a split copies the parent), so one transaction of
//! 2,000 pupils held about 150 MB. A large write of new records is therefore made in
//! parts, each its own transaction, under a mark in `meta` ([`META_BATCH`]: the change
//! log's next sequence number when the write began). While the mark is there, every change
//! from that number on belongs to the write, and every record those changes name was made
//! by it. The mark is removed after the last part; a write that fails is undone at once,
//! and one cut short (killed, power lost) is undone when the notebook next opens.
//!
//! Undoing removes the changes from the newest down, each part in one transaction that
//! also removes their `by_record` entries and records and lowers the next sequence number,
//! so the log is whole after every step; the mark goes last. Undoing cut short is undone
//! again at the next open.

use std::collections::HashSet;
use std::sync::atomic::Ordering;

use sled::Transactional;
use sled::transaction::{ConflictableTransactionError, TransactionError};

use super::Store;
use super::change::Change;
use super::error::{StoreError, from_sled};
use super::layout::{self, META_BATCH, META_NEXT_SEQ};
use super::space;
use super::write::Edit;

/// Records written in one transaction of a write in parts. A pupil is about 23 inserts
/// (the record, a change and a `by_record` entry per filled field), and sled holds a few
/// kB a insert until the transaction ends: a part stays under 10 MB.
pub(super) const EDITS_PER_PART: usize = 100;

/// Changes removed in one transaction when a write is undone (three removals each).
const CHANGES_PER_UNDO: usize = 800;

impl Store {
    /// Writes `edits` all or none, as [`Store::commit`] does, but in parts under a mark
    /// (see the module) when they are many and all add records the notebook does not have
    /// yet (an import's pupils, the demo's screenings): undoing such a write is deleting what it made. Returns how
    /// many changes were logged.
    pub(super) fn commit_large(&self, edits: &[Edit]) -> Result<usize, StoreError> {
        let _writer = self.writer()?;
        if edits.len() <= EDITS_PER_PART || !self.all_new(edits)? {
            return self.commit_locked(edits);
        }
        // Room for the whole write before its mark, and not again for each part: a disk
        // that fills up part-way through sled's writes can leave its log unreadable.
        space::ensure(&self.path, space::for_write(edits.len(), 0))?;
        let first = self.next_seq()?;
        self.set_batch_mark(Some(first))?;
        let mut logged = 0;
        for (k, part) in edits.chunks(EDITS_PER_PART).enumerate() {
            if self.test_batch_cut(k) {
                // As if the process died here: the mark stays, nothing is undone.
                return Err(test_error());
            }
            let result = if self.test_batch_fail(k) {
                Err(test_error())
            } else {
                self.commit_part(part)
            };
            match result {
                Ok(n) => logged += n,
                Err(e) => {
                    self.undo_or_remember(first);
                    return Err(e);
                }
            }
        }
        if let Err(e) = self.set_batch_mark(None) {
            self.undo_or_remember(first);
            return Err(e);
        }
        Ok(logged)
    }

    /// Undoes a write in parts that did not finish, if there is one: at open, and before
    /// any write after an undo that failed.
    pub(super) fn undo_unfinished_batch(&self) -> Result<(), StoreError> {
        if let Some(first) = super::open::batch_mark(&self.path, &*self.keys()?, &self.meta)? {
            self.undo_batch(first)?;
        }
        self.batch_unfinished.store(false, Ordering::SeqCst);
        Ok(())
    }

    /// Undoes a failed write now; if that fails too, the next write (or the next open)
    /// tries again before anything else is written.
    fn undo_or_remember(&self, first: u64) {
        if self.undo_batch(first).is_err() {
            self.batch_unfinished.store(true, Ordering::SeqCst);
        }
    }

    /// Whether every edit adds a record that is not there yet (or was added earlier in the
    /// same write).
    fn all_new(&self, edits: &[Edit]) -> Result<bool, StoreError> {
        let mut seen = HashSet::new();
        for e in edits {
            let key = e.key();
            if e.is_delete()
                || (!seen.contains(&key) && self.records.contains_key(key).map_err(|e| from_sled(&self.path, e))?)
            {
                return Ok(false);
            }
            seen.insert(key);
        }
        Ok(true)
    }

    /// Sets (`Some(first)`) or clears the mark, and flushes.
    fn set_batch_mark(&self, first: Option<u64>) -> Result<(), StoreError> {
        let keys = self.keys()?;
        let result = match first {
            Some(first) => self
                .meta
                .insert(META_BATCH, keys.encode(layout::TREE_META, META_BATCH, &first))
                .map(drop),
            None => self.meta.remove(META_BATCH).map(drop),
        };
        result.map_err(|e| from_sled(&self.path, e))?;
        self.db.flush().map(drop).map_err(|e| from_sled(&self.path, e))
    }

    /// Removes every change from `first` on, with its `by_record` entry and its record,
    /// newest first, then the mark (see the module).
    fn undo_batch(&self, first: u64) -> Result<(), StoreError> {
        let path = &self.path;
        let keys = self.keys()?;
        for k in 0.. {
            if self.test_undo_cut(k) {
                // As if the process died here, with `k` parts undone.
                return Err(test_error());
            }
            let mut part: Vec<(u64, Change)> = Vec::new();
            for entry in self
                .changes
                .range(layout::change_key(first)..)
                .rev()
                .take(CHANGES_PER_UNDO)
            {
                let (key, value) = entry.map_err(|e| from_sled(path, e))?;
                let seq = super::seq_of(path, &key)?;
                part.push((seq, super::decode_change(path, &keys, &key, &value)?));
            }
            let Some(&(lowest, _)) = part.last() else {
                break;
            };
            let trees = (&self.records, &self.changes, &self.by_record, &self.meta);
            trees
                .transaction(|(records, changes, by_record, meta)| {
                    for (seq, c) in &part {
                        records.remove(&layout::record_key(c.kind, c.id))?;
                        by_record.remove(&layout::by_record_key(c.kind, c.id, *seq))?;
                        changes.remove(&layout::change_key(*seq))?;
                    }
                    meta.insert(META_NEXT_SEQ, keys.encode(layout::TREE_META, META_NEXT_SEQ, &lowest))?;
                    Ok::<_, ConflictableTransactionError<()>>(())
                })
                .map_err(|e| match e {
                    TransactionError::Storage(e) => from_sled(path, e),
                    TransactionError::Abort(()) => StoreError::damaged(path, "undoing an unfinished write"),
                })?;
            self.db.flush().map_err(|e| from_sled(path, e))?;
        }
        // Also when the write stopped before its first change.
        self.meta
            .insert(META_NEXT_SEQ, keys.encode(layout::TREE_META, META_NEXT_SEQ, &first))
            .map_err(|e| from_sled(path, e))?;
        self.set_batch_mark(None)
    }

    /// Whether a unit test asked a write in parts to stop dead before part `k`.
    #[cfg(test)]
    fn test_batch_cut(&self, k: usize) -> bool {
        k == self.batch_cut_before_part.load(Ordering::SeqCst)
    }
    #[cfg(not(test))]
    fn test_batch_cut(&self, _k: usize) -> bool {
        false
    }

    /// Whether a unit test asked the undo of a write in parts to stop dead before its part
    /// `k`.
    #[cfg(test)]
    fn test_undo_cut(&self, k: usize) -> bool {
        k == self.undo_cut_before_part.load(Ordering::SeqCst)
    }
    #[cfg(not(test))]
    fn test_undo_cut(&self, _k: usize) -> bool {
        false
    }

    /// Whether a unit test asked part `k` of a write in parts to fail.
    #[cfg(test)]
    fn test_batch_fail(&self, k: usize) -> bool {
        k == self.batch_fail_part.load(Ordering::SeqCst)
    }
    #[cfg(not(test))]
    fn test_batch_fail(&self, _k: usize) -> bool {
        false
    }
}

fn test_error() -> StoreError {
    StoreError::Io {
        path: std::path::PathBuf::new(),
        source: std::io::Error::other("test hook"),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::clock::FixedClock;
    use crate::domain::Student;

    /// A fictional pupil.
    fn pupil(n: u128) -> Student {
        crate::domain::testkit::student(n)
    }

    fn store(dir: &std::path::Path) -> Store {
        Store::open_with_clock(dir, Arc::new(FixedClock::on(2026, 11, 28))).unwrap()
    }

    /// The changes a new pupil logs: one a filled field.
    fn per_pupil() -> usize {
        use crate::domain::{Record, Value};
        pupil(0).fields().into_iter().filter(|(_, v)| *v != Value::Null).count()
    }

    fn class(from: u128, n: u128) -> Vec<Student> {
        (from..from + n).map(pupil).collect()
    }

    /// What a reader sees: pupils (sorted), the whole log, its next number, and the mark.
    fn state(s: &Store) -> (Vec<Student>, usize, u64, bool) {
        let mut pupils = s.students().unwrap();
        pupils.sort_by_key(|p| p.id);
        let marked = s.meta.get(META_BATCH).unwrap().is_some();
        (pupils, s.changes().unwrap().len(), s.next_seq().unwrap(), marked)
    }

    #[test]
    fn many_new_pupils_are_written_in_parts_and_leave_no_mark() {
        let dir = tempfile::tempdir().unwrap();
        let s = store(dir.path());
        let pupils = class(0, 250);
        let before = s.flushes.load(Ordering::SeqCst);
        s.save_students(&pupils).unwrap();
        // The mark, three parts, and the mark's removal flush; the flushes counted here are
        // the parts'.
        assert_eq!(s.flushes.load(Ordering::SeqCst) - before, 3, "one flush a part");
        let logged = 250 * per_pupil();
        assert_eq!(state(&s), (pupils, logged, logged as u64, false));
        let by_record = s.changes_for(crate::domain::RecordKind::Student, pupil(7).id).unwrap();
        assert_eq!(by_record.len(), per_pupil());
    }

    #[test]
    fn many_new_screenings_are_written_in_parts_too() {
        use crate::domain::{Decision, Screening};
        let dir = tempfile::tempdir().unwrap();
        let s = store(dir.path());
        let pupils = class(0, 250);
        s.save_students(&pupils).unwrap();
        let screenings: Vec<Screening> = pupils
            .iter()
            .map(|p| Screening {
                student_id: p.id,
                screened_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
                factors: Default::default(),
                decision: Decision::NotAtRisk,
                identified_on: None,
                notes: String::new(),
            })
            .collect();
        let before = s.flushes.load(Ordering::SeqCst);
        s.save_screenings(&screenings).unwrap();
        assert_eq!(s.flushes.load(Ordering::SeqCst) - before, 3, "one flush a part");
        assert_eq!(s.screenings().unwrap().len(), 250);
        assert!(!state(&s).3, "no mark left");
    }

    #[test]
    fn a_part_that_fails_undoes_the_parts_written_before_it() {
        let dir = tempfile::tempdir().unwrap();
        let s = store(dir.path());
        s.save_students(&class(1000, 3)).unwrap();
        let before = state(&s);
        s.batch_fail_part.store(2, Ordering::SeqCst);
        assert!(s.save_students(&class(0, 250)).is_err());
        assert_eq!(state(&s), before);
        // The log goes on from where it was.
        s.batch_fail_part.store(usize::MAX, Ordering::SeqCst);
        s.save_students(&class(0, 250)).unwrap();
        assert_eq!(s.students().unwrap().len(), 253);
        assert_eq!(s.changes().unwrap().len() as u64, s.next_seq().unwrap());
    }

    /// Saves 3 pupils, then 250 in parts stopped dead before the third part, as a kill
    /// would: two parts are in, under the mark. Returns what a reader saw before the 250.
    fn cut_before_part_2(s: &Store) -> (Vec<Student>, usize, u64, bool) {
        s.save_students(&class(1000, 3)).unwrap();
        let before = state(s);
        s.batch_cut_before_part.store(2, Ordering::SeqCst);
        assert!(s.save_students(&class(0, 250)).is_err());
        let cut = state(s);
        assert_eq!((cut.0.len(), cut.3), (203, true));
        before
    }

    #[test]
    fn a_write_cut_short_is_undone_at_the_next_open() {
        let dir = tempfile::tempdir().unwrap();
        let before = cut_before_part_2(&store(dir.path()));
        let s = store(dir.path());
        assert_eq!(state(&s), before);
        for p in class(0, 250) {
            assert!(
                s.changes_for(crate::domain::RecordKind::Student, p.id)
                    .unwrap()
                    .is_empty()
            );
        }
        s.save_students(&class(0, 250)).unwrap();
        assert_eq!(s.students().unwrap().len(), 253);
    }

    #[test]
    fn undoing_cut_short_is_finished_at_the_next_open() {
        let dir = tempfile::tempdir().unwrap();
        let before = {
            let s = store(dir.path());
            let before = cut_before_part_2(&s);
            // The undo (as the next write or open would run it) stops dead after its first
            // part, as a kill would: part of the write is gone, the mark is still there.
            s.undo_cut_before_part.store(1, Ordering::SeqCst);
            assert!(s.undo_unfinished_batch().is_err());
            let (pupils, logged, _, marked) = state(&s);
            assert!(marked && logged > before.1 && logged < before.1 + 200 * per_pupil());
            assert!(pupils.len() > 3 && pupils.len() < 203);
            before
        };
        let s = store(dir.path());
        assert_eq!(state(&s), before);
    }

    #[test]
    fn a_large_write_over_pupils_already_there_is_one_transaction() {
        let dir = tempfile::tempdir().unwrap();
        let s = store(dir.path());
        let mut pupils = class(0, 150);
        s.save_students(&pupils).unwrap();
        pupils[140].address = "Thôn Mới".into();
        s.batch_cut_before_part.store(1, Ordering::SeqCst);
        // Not in parts: the hook is never reached, and the change is logged once.
        s.save_students(&pupils).unwrap();
        assert_eq!(state(&s).1, 150 * per_pupil() + 1);
    }
}
