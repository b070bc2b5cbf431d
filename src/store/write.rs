//! The one write path: every save and delete becomes a list of edits that [`Store::commit`]
//! diffs, writes with their change-log entries (and their `by_record` index entries) and
//! the new clock in one sled transaction, then flushes.

use serde::Serialize;
use serde::de::DeserializeOwned;
use sled::Transactional;
use sled::transaction::{ConflictableTransactionError, TransactionError, abort};
use uuid::Uuid;

use super::Store;
use super::change::{self, Change, DELETED};
use super::codec::{self, CodecError};
use super::error::{StoreError, from_sled};
use super::hlc::{self, Hlc};
use super::layout::{self, META_HLC, META_NEXT_SEQ, TREE_CHANGES, TREE_META, TREE_RECORDS};
use super::space;
use crate::domain::{FieldMap, Record, RecordKind, Value};

type Fields = Vec<(&'static str, Value)>;

/// One record to write or delete.
#[derive(Clone)]
pub(super) struct Edit {
    kind: RecordKind,
    id: Uuid,
    op: Op,
}

#[derive(Clone)]
enum Op {
    Put {
        bytes: Vec<u8>,
        fields: Fields,
        /// Reads the stored version's fields, to diff against.
        old_fields: fn(&[u8]) -> Result<Fields, CodecError>,
        /// The fields of the version the form opened, when saving what a teacher edited:
        /// only what she changed is laid over the stored version, so a field that sync
        /// brought in meanwhile is kept, not reverted (see [`Edit::put_over`]).
        base: Option<Fields>,
        /// Encodes the record from merged fields (for `base`).
        rebuild: fn(Uuid, &FieldMap) -> Option<Vec<u8>>,
        /// The pupil the record belongs to, if any: a save for a deleted pupil is refused.
        pupil: Option<Uuid>,
    },
    Delete,
    /// A record's derived fields recomputed (a case after its pupil's visits or supports
    /// changed): stored, never logged, since every device derives them itself.
    Derived {
        bytes: Vec<u8>,
    },
}

impl Edit {
    pub fn put<R: Record + Serialize + DeserializeOwned>(r: &R) -> Edit {
        let fields = r.fields();
        let pupil = pupil_of(R::KIND, r.id(), &fields);
        Edit {
            kind: R::KIND,
            id: r.id(),
            op: Op::Put {
                bytes: codec::encode_plain(r),
                fields,
                old_fields: fields_of::<R>,
                base: None,
                rebuild: rebuild::<R>,
                pupil,
            },
        }
    }

    /// Saves `edited`, a record a form opened as `opened`: only the fields that differ
    /// between the two are written over the stored version. Refused if the record was
    /// deleted meanwhile.
    pub fn put_over<R: Record + Serialize + DeserializeOwned>(opened: &R, edited: &R) -> Edit {
        let mut edit = Edit::put(edited);
        if let Op::Put { base, .. } = &mut edit.op {
            *base = Some(opened.fields());
        }
        edit
    }

    /// The record's key in `records`.
    pub fn key(&self) -> [u8; 17] {
        layout::record_key(self.kind, self.id)
    }

    pub fn is_delete(&self) -> bool {
        matches!(self.op, Op::Delete)
    }

    /// Stores a record's derived form (see [`Op::Derived`]).
    pub fn derived(kind: RecordKind, id: Uuid, bytes: Vec<u8>) -> Edit {
        Edit {
            kind,
            id,
            op: Op::Derived { bytes },
        }
    }

    /// The bytes a put or a derived edit stores.
    pub fn bytes(&self) -> Option<&[u8]> {
        match &self.op {
            Op::Put { bytes, .. } | Op::Derived { bytes } => Some(bytes),
            Op::Delete => None,
        }
    }

    pub fn delete(kind: RecordKind, id: Uuid) -> Edit {
        Edit {
            kind,
            id,
            op: Op::Delete,
        }
    }
}

fn fields_of<R: Record + DeserializeOwned>(bytes: &[u8]) -> Result<Fields, CodecError> {
    Ok(codec::decode_plain::<R>(bytes)?.fields())
}

fn rebuild<R: Record + Serialize>(id: Uuid, fields: &FieldMap) -> Option<Vec<u8>> {
    R::from_fields(id, fields).map(|r| codec::encode_plain(&r))
}

/// The pupil a record belongs to: a pupil's own records are keyed by the pupil, visits
/// and supports name theirs.
fn pupil_of(kind: RecordKind, id: Uuid, fields: &Fields) -> Option<Uuid> {
    match kind {
        RecordKind::Student | RecordKind::Screening | RecordKind::Case | RecordKind::Informed => Some(id),
        RecordKind::Visit | RecordKind::Support => fields.iter().find_map(|(n, v)| match (n, v) {
            (&"student_id", Value::Id(p)) => Some(*p),
            _ => None,
        }),
        RecordKind::Profile | RecordKind::Session | RecordKind::Settings => None,
    }
}

/// The stored version with what the teacher changed (`edited` against `base`) laid over
/// it: a set field merges member by member, any other field takes the edited value. Its
/// bytes and fields, or `None` if the result is not a valid record.
fn laid_over(
    kind: RecordKind,
    id: Uuid,
    stored: &Fields,
    base: &Fields,
    edited: &Fields,
    rebuild: fn(Uuid, &FieldMap) -> Option<Vec<u8>>,
) -> Option<(Vec<u8>, Fields)> {
    let sets = kind.rules().sets;
    let get = |fields: &Fields, name: &str| fields.iter().find(|(n, _)| *n == name).map(|(_, v)| v.clone());
    let mut merged: Fields = Vec::new();
    for (name, value) in edited {
        let (was, now) = (get(base, name), Some(value.clone()));
        let kept = get(stored, name).unwrap_or(Value::Null);
        let v = if sets.contains(name) {
            let list = |v: Option<Value>| match v {
                Some(Value::List(l)) => l.into_iter().collect::<std::collections::BTreeSet<String>>(),
                _ => Default::default(),
            };
            let (was, now, mut out) = (list(was), list(now), list(Some(kept)));
            out.extend(now.difference(&was).cloned());
            out.retain(|m| !was.contains(m) || now.contains(m));
            Value::List(out.into_iter().collect())
        } else if was == now {
            kept
        } else {
            value.clone()
        };
        merged.push((name, v));
    }
    let map: FieldMap = merged.iter().map(|(n, v)| (n.to_string(), v.clone())).collect();
    rebuild(id, &map).map(|bytes| (bytes, merged))
}

/// A write a unit test makes in the middle of another (see `Store::between_read_and_write`).
#[cfg(test)]
pub(super) type Meanwhile = Box<dyn FnOnce(&Store) + Send>;

/// Why a write transaction was abandoned.
enum Abort {
    Damaged(String),
    /// A change was logged after the deleted records' histories were read: start again.
    Retry,
    /// Made only by the store's unit tests, to check that nothing of an aborted write stays.
    TestHook,
}

/// A commit attempt that must start again (see [`Abort::Retry`]).
struct Retry;

impl Store {
    /// Writes `edits` and their change-log entries, all or none, and flushes, always, also
    /// when nothing changed. Returns how many changes were logged; an edit that changes
    /// nothing writes nothing.
    ///
    /// A deletion also redacts every earlier change of the record in the same transaction:
    /// their values become [`Value::Redacted`]; kind, id, field and clock stay, so the log's
    /// order and sync's last-writer-wins still hold.
    pub(super) fn commit(&self, edits: &[Edit]) -> Result<usize, StoreError> {
        let _writer = self.writer()?;
        self.commit_locked(edits)
    }

    /// [`Store::commit`] for a caller that holds the writer lock (see [`Store::writer`]).
    pub(super) fn commit_locked(&self, edits: &[Edit]) -> Result<usize, StoreError> {
        loop {
            // The deleted records' histories are found before the transaction: sled 0.34's
            // iterators would wait on the lock its transactions hold. The transaction then
            // checks that no change was logged since (else it starts again), so none of
            // them is missed.
            let deletes = edits.iter().any(|e| matches!(e.op, Op::Delete));
            let seen_seq = if deletes { Some(self.next_seq()?) } else { None };
            match self.attempt(edits, seen_seq) {
                Err(Retry) => continue,
                Ok(result) => return result,
            }
        }
    }

    /// [`Store::commit`] for edits made from what the store holds (a deleted pupil's
    /// visits, the sessions to take them off): `build` reads the store and makes them, and
    /// runs again if a change was logged before the transaction, so a record written in
    /// between is neither missed nor overwritten with what was read before it.
    pub(super) fn commit_from_reads(
        &self,
        build: impl Fn() -> Result<Vec<Edit>, StoreError>,
    ) -> Result<usize, StoreError> {
        loop {
            let seen_seq = self.next_seq()?;
            let edits = build()?;
            self.test_between_read_and_write();
            let _writer = self.writer()?;
            match self.attempt(&edits, Some(seen_seq)) {
                Err(Retry) => continue,
                Ok(result) => return result,
            }
        }
    }

    /// Reads the deleted records' histories, checks the room the write needs, then tries
    /// the transaction once. Every commit but a part of a write in parts comes here.
    fn attempt(&self, edits: &[Edit], seen_seq: Option<u64>) -> Result<Result<usize, StoreError>, Retry> {
        let histories = edits
            .iter()
            .map(|e| match e.op {
                Op::Delete => self.seqs_of(e.kind, e.id),
                Op::Put { .. } | Op::Derived { .. } => Ok(Vec::new()),
            })
            .collect::<Result<Vec<_>, _>>();
        let histories = match histories {
            Ok(histories) => histories,
            Err(e) => return Ok(Err(e)),
        };
        if let Err(e) = self.refuse_deleted(edits) {
            return Ok(Err(e));
        }
        // A disk filling up in the middle of sled's writes can leave its log unreadable:
        // room for the records, and for the changes a deletion rewrites redacted.
        let redacted = histories.iter().map(Vec::len).sum();
        if let Err(e) = space::ensure(&self.path, space::for_write(edits.len(), redacted)) {
            return Ok(Err(e));
        }
        self.try_commit(edits, seen_seq, &histories)
    }

    /// Refuses a save that would bring back a deleted record, or add one to a deleted
    /// pupil: delete wins, here as on every other device. Only records not stored are
    /// looked up (a stored one cannot have been deleted), so an edit costs nothing more.
    fn refuse_deleted(&self, edits: &[Edit]) -> Result<(), StoreError> {
        for e in edits {
            let Op::Put { base, pupil, .. } = &e.op else { continue };
            let stored = |kind, id| -> Result<bool, StoreError> {
                Ok(self
                    .records
                    .get(layout::record_key(kind, id))
                    .map_err(|e| from_sled(&self.path, e))?
                    .is_some())
            };
            if stored(e.kind, e.id)? {
                continue;
            }
            let gone = base.is_some() || self.tombstone_of(e.kind, e.id)?.is_some();
            let pupil_gone = match pupil {
                Some(p) if *p != e.id || e.kind != RecordKind::Student => {
                    !stored(RecordKind::Student, *p)? && self.tombstone_of(RecordKind::Student, *p)?.is_some()
                }
                _ => false,
            };
            if gone || pupil_gone {
                return Err(StoreError::Deleted { kind: e.kind });
            }
        }
        Ok(())
    }

    /// One part of a write in parts (see `batch`), the writer lock held. Its edits only add
    /// records, so there is no history to read (nor a sequence to see change), and the room
    /// for the whole write was checked before its first part.
    pub(super) fn commit_part(&self, part: &[Edit]) -> Result<usize, StoreError> {
        let no_histories = vec![Vec::new(); part.len()];
        loop {
            match self.try_commit(part, None, &no_histories) {
                Err(Retry) => continue,
                Ok(result) => return result,
            }
        }
    }

    /// Held by every write, so a write in parts (see `batch`) has the change log to itself
    /// from its mark to its end.
    /// A write in parts that failed and could not be undone is undone first.
    pub(super) fn writer(&self) -> Result<std::sync::MutexGuard<'_, ()>, StoreError> {
        let guard = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        if self.batch_unfinished.load(std::sync::atomic::Ordering::SeqCst) {
            self.undo_unfinished_batch()?;
        }
        Ok(guard)
    }

    /// The change log's next sequence number, read outside any transaction.
    pub(super) fn next_seq(&self) -> Result<u64, StoreError> {
        let bytes = self
            .meta
            .get(META_NEXT_SEQ)
            .map_err(|e| from_sled(&self.path, e))?
            .ok_or_else(|| StoreError::damaged(&self.path, "the change sequence is missing"))?;
        self.keys()?
            .decode(TREE_META, META_NEXT_SEQ, &bytes)
            .map_err(|e| StoreError::damaged(&self.path, format!("the change sequence cannot be read: {e}")))
    }

    /// One attempt at [`Store::commit`]; `Err(Retry)` if a change was logged since
    /// `seen_seq` was read (then `histories` may be incomplete).
    fn try_commit(
        &self,
        edits: &[Edit],
        seen_seq: Option<u64>,
        histories: &[Vec<u64>],
    ) -> Result<Result<usize, StoreError>, Retry> {
        let keys = match self.keys() {
            Ok(k) => k,
            Err(e) => return Ok(Err(e)),
        };
        let trees = (&self.records, &self.changes, &self.by_record, &self.meta);
        let result = trees.transaction(|(records, changes, by_record, meta)| {
            let damaged = |what: &str, e: CodecError| abort(Abort::Damaged(format!("{what} cannot be read: {e}")));
            // Clock and sequence are read inside the transaction, so a concurrent writer
            // makes this one retry rather than reuse them.
            let mut hlc: Hlc = match meta.get(META_HLC)?.map(|b| keys.decode(TREE_META, META_HLC, &b)) {
                Some(Ok(h)) => h,
                Some(Err(e)) => return damaged("the clock", e),
                None => return abort(Abort::Damaged("the clock is missing".into())),
            };
            let mut seq: u64 = match meta
                .get(META_NEXT_SEQ)?
                .map(|b| keys.decode(TREE_META, META_NEXT_SEQ, &b))
            {
                Some(Ok(s)) => s,
                Some(Err(e)) => return damaged("the change sequence", e),
                None => return abort(Abort::Damaged("the change sequence is missing".into())),
            };
            if seen_seq.is_some_and(|seen| seen != seq) {
                return abort(Abort::Retry);
            }
            // One reading for the whole commit: the changes that share it are one commit,
            // which sync never splits and whose groups merge as one (see `docs/sync.md`).
            hlc = hlc.tick(hlc::wall_millis(&*self.clock));
            let mut logged = 0;
            // The changes staged by this transaction, which `histories` cannot know of.
            let mut staged: Vec<(RecordKind, Uuid, u64)> = Vec::new();
            for (n, edit) in edits.iter().enumerate() {
                let key = layout::record_key(edit.kind, edit.id);
                let stored = records.get(key)?;
                // Compared and merged in clear (format 1), stored sealed if the notebook is.
                let old = match stored
                    .as_deref()
                    .map(|b| keys.to_plain(TREE_RECORDS, &key, b))
                    .transpose()
                {
                    Ok(old) => old,
                    Err(e) => return damaged(&format!("stored {:?} {}", edit.kind, edit.id), e),
                };
                let entries: Vec<(String, Option<Value>)> = match &edit.op {
                    Op::Put {
                        bytes,
                        fields,
                        old_fields,
                        base,
                        rebuild,
                        ..
                    } => {
                        if old.as_deref() == Some(bytes.as_slice()) {
                            continue;
                        }
                        let before = match old.as_deref().map(old_fields).transpose() {
                            Ok(b) => b,
                            Err(e) => return damaged(&format!("stored {:?} {}", edit.kind, edit.id), e),
                        };
                        // What the teacher changed, over what is stored now.
                        let over = match (base, &before) {
                            (Some(base), Some(stored)) if base != stored => {
                                match laid_over(edit.kind, edit.id, stored, base, fields, *rebuild) {
                                    Some(over) => Some(over),
                                    None => {
                                        return abort(Abort::Damaged(format!(
                                            "{:?} {} cannot be merged",
                                            edit.kind, edit.id
                                        )));
                                    }
                                }
                            }
                            _ => None,
                        };
                        let (bytes, fields) = match &over {
                            Some((b, f)) => (b, f),
                            None => (bytes, fields),
                        };
                        let diff = change::diff(before.as_deref(), fields, &edit.kind.rules());
                        // A derived field alone changed: stored, never logged.
                        records.insert(&key, keys.from_plain(TREE_RECORDS, &key, bytes))?;
                        if diff.is_empty() {
                            continue;
                        }
                        diff.into_iter().map(|(f, v)| (f, Some(v))).collect()
                    }
                    Op::Derived { bytes } => {
                        if old.as_deref() != Some(bytes.as_slice()) {
                            records.insert(&key, keys.from_plain(TREE_RECORDS, &key, bytes))?;
                        }
                        Vec::new()
                    }
                    Op::Delete => {
                        let earlier = staged
                            .iter()
                            .filter(|(k, id, _)| (*k, *id) == (edit.kind, edit.id))
                            .map(|(_, _, s)| *s);
                        for s in histories[n].iter().copied().chain(earlier) {
                            let ckey = layout::change_key(s);
                            let mut change: Change =
                                match changes.get(ckey)?.map(|b| keys.decode(TREE_CHANGES, &ckey, &b)) {
                                    Some(Ok(c)) => c,
                                    Some(Err(e)) => return damaged(&format!("change {s}"), e),
                                    None => return abort(Abort::Damaged(format!("change {s} is missing"))),
                                };
                            if matches!(change.value, Some(ref v) if *v != Value::Redacted) {
                                change.value = Some(Value::Redacted);
                                changes.insert(&ckey, keys.encode(TREE_CHANGES, &ckey, &change))?;
                            }
                        }
                        if old.is_none() {
                            continue;
                        }
                        records.remove(&key)?;
                        vec![(DELETED.to_string(), None)]
                    }
                };
                for (field, value) in entries {
                    let change = Change {
                        kind: edit.kind,
                        id: edit.id,
                        field,
                        value,
                        hlc,
                    };
                    let ckey = layout::change_key(seq);
                    changes.insert(&ckey, keys.encode(TREE_CHANGES, &ckey, &change))?;
                    by_record.insert(&layout::by_record_key(edit.kind, edit.id, seq), &[][..])?;
                    staged.push((edit.kind, edit.id, seq));
                    seq += 1;
                    logged += 1;
                }
                if self.test_abort_after(n + 1) {
                    return abort(Abort::TestHook);
                }
            }
            if logged > 0 {
                meta.insert(META_HLC, keys.encode(TREE_META, META_HLC, &hlc))?;
                meta.insert(META_NEXT_SEQ, keys.encode(TREE_META, META_NEXT_SEQ, &seq))?;
            }
            Ok::<_, ConflictableTransactionError<Abort>>(logged)
        });
        let logged = match result {
            Ok(n) => n,
            Err(TransactionError::Abort(Abort::Retry)) => return Err(Retry),
            Err(TransactionError::Abort(Abort::Damaged(detail))) => {
                return Ok(Err(StoreError::damaged(&self.path, detail)));
            }
            Err(TransactionError::Abort(Abort::TestHook)) => {
                return Ok(Err(StoreError::Io {
                    path: self.path.clone(),
                    source: std::io::Error::other("test hook"),
                }));
            }
            Err(TransactionError::Storage(e)) => return Ok(Err(from_sled(&self.path, e))),
        };
        // Flush even when nothing changed (cheap when sled has nothing dirty): an earlier
        // write whose transaction applied but whose flush failed is only on disk once a
        // flush succeeds, and a retry of that save must not say "saved" before.
        if let Err(e) = self.flush() {
            return Ok(Err(e));
        }
        if logged > 0 {
            *self.last_saved.lock().unwrap_or_else(|p| p.into_inner()) = Some(self.clock.now());
        }
        Ok(Ok(logged))
    }
}

impl Store {
    pub(super) fn flush(&self) -> Result<(), StoreError> {
        #[cfg(test)]
        self.flushes.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        self.db.flush().map(drop).map_err(|e| from_sled(&self.path, e))
    }

    /// Runs what a unit test asked to happen between a write's reads and its commit.
    #[cfg(test)]
    fn test_between_read_and_write(&self) {
        let meanwhile = self
            .between_read_and_write
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        if let Some(f) = meanwhile {
            f(self);
        }
    }
    #[cfg(not(test))]
    fn test_between_read_and_write(&self) {}

    /// Whether a unit test asked the write path to abort after `edits` edits.
    #[cfg(test)]
    fn test_abort_after(&self, edits: usize) -> bool {
        edits == self.abort_after_edits.load(std::sync::atomic::Ordering::SeqCst)
    }
    #[cfg(not(test))]
    fn test_abort_after(&self, _edits: usize) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::Ordering;

    use chrono::NaiveDate;

    use super::*;
    use crate::clock::FixedClock;
    use std::collections::BTreeSet;

    use crate::domain::{Audience, Case, Record, Session, Student, Visit};

    /// A fictional pupil.
    fn pupil(n: u128) -> Student {
        crate::domain::testkit::student(n)
    }

    /// A fictional home visit to `p`, with an agreed action.
    fn visit_of(p: &Student, n: u128) -> Visit {
        Visit {
            id: Uuid::from_u128(0x7000 + n),
            visited_by: "Cô Giáo Thử".into(),
            findings: "Em đi học đều".into(),
            agreed: "Mẹ đồng ý cho em đi học đều".into(),
            ..crate::domain::testkit::visit(p.id, n, NaiveDate::from_ymd_opt(2026, 11, 22).unwrap())
        }
    }

    fn store(dir: &std::path::Path) -> Store {
        Store::open_with_clock(dir, Arc::new(FixedClock::on(2026, 11, 28))).unwrap()
    }

    #[test]
    fn an_aborted_write_leaves_neither_record_nor_log_entry() {
        let dir = tempfile::tempdir().unwrap();
        let s = store(dir.path());
        let before = s.last_hlc().unwrap();
        // Abort after the record and its change entries are staged.
        s.abort_after_edits.store(1, Ordering::SeqCst);
        assert!(s.save_student(&pupil(1)).is_err());
        assert_eq!(s.student(pupil(1).id).unwrap(), None);
        assert!(s.changes().unwrap().is_empty());
        assert_eq!(s.last_hlc().unwrap(), before);
        assert_eq!(s.last_saved(), None);
        // The same write without the hook goes through whole.
        s.abort_after_edits.store(usize::MAX, Ordering::SeqCst);
        s.save_student(&pupil(1)).unwrap();
        assert_eq!(s.student(pupil(1).id).unwrap(), Some(pupil(1)));
        let non_null = pupil(1).fields().into_iter().filter(|(_, v)| *v != Value::Null).count();
        assert_eq!(s.changes().unwrap().len(), non_null);
    }

    #[test]
    fn an_import_that_fails_on_its_last_pupil_writes_none() {
        let dir = tempfile::tempdir().unwrap();
        let s = store(dir.path());
        let class: Vec<Student> = (0..100).map(pupil).collect();
        s.abort_after_edits.store(100, Ordering::SeqCst);
        assert!(s.save_students(&class).is_err());
        assert!(s.students().unwrap().is_empty());
        assert!(s.changes().unwrap().is_empty());
        s.abort_after_edits.store(usize::MAX, Ordering::SeqCst);
        s.save_students(&class).unwrap();
        assert_eq!(s.students().unwrap().len(), 100);
    }

    #[test]
    fn every_write_flushes_also_when_nothing_changed() {
        let dir = tempfile::tempdir().unwrap();
        let s = store(dir.path());
        let flushes = || s.flushes.load(Ordering::SeqCst);
        s.save_student(&pupil(1)).unwrap();
        let before = flushes();
        // Unchanged saves, an empty import, deleting what is gone, and a real delete.
        let writes: [&dyn Fn() -> Result<(), StoreError>; 5] = [
            &|| s.save_student(&pupil(1)),
            &|| s.save_students(&[pupil(1)]),
            &|| s.save_students(&[]),
            &|| s.delete_student(pupil(9).id),
            &|| s.delete_student(pupil(1).id),
        ];
        for (n, write) in writes.iter().enumerate() {
            write().unwrap();
            assert_eq!(flushes(), before + n + 1);
        }
    }

    #[test]
    fn a_visit_saved_with_its_case_is_written_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let s = store(dir.path());
        let p = pupil(1);
        s.save_student(&p).unwrap();
        let case = Case::new(p.id, NaiveDate::from_ymd_opt(2026, 11, 20).unwrap());
        s.save_case(&case).unwrap();
        let logged = s.changes().unwrap();
        let visit = visit_of(&p, 1);
        // Abort once the visit is staged, before the case it moves on.
        s.abort_after_edits.store(1, Ordering::SeqCst);
        assert!(s.save_visit(&visit).is_err());
        assert_eq!(
            (s.visit(visit.id).unwrap(), s.case(p.id).unwrap()),
            (None, Some(case.clone()))
        );
        s.abort_after_edits.store(usize::MAX, Ordering::SeqCst);
        s.save_visit(&visit).unwrap();
        // The visit's agreed action moved the case on: derived, stored, not logged.
        let moved = case.after_records(&[visit.visited_on]);
        assert_eq!(moved.stage, crate::domain::Stage::Intervening);
        assert_eq!(
            (s.visit(visit.id).unwrap(), s.case(p.id).unwrap()),
            (Some(visit.clone()), Some(moved))
        );
        let after = s.changes().unwrap();
        assert!(
            after[logged.len()..].iter().all(|c| c.kind == RecordKind::Visit),
            "{after:?}"
        );
    }

    #[test]
    fn a_write_made_while_a_pupil_is_deleted_is_neither_left_behind_nor_undone() {
        let dir = tempfile::tempdir().unwrap();
        let s = store(dir.path());
        let (p, q) = (pupil(1), pupil(2));
        s.save_students(&[p.clone(), q.clone()]).unwrap();
        let talk = Session {
            id: Uuid::from_u128(0x9000),
            held_on: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
            audience: Audience::Parents,
            topic: "Buổi họp phụ huynh thử".into(),
            attended: 2,
            students: BTreeSet::from([p.id, q.id]),
            notes: String::new(),
        };
        s.save_session(&talk).unwrap();
        // As the sync worker might, after the delete read the pupil's records: a visit of
        // theirs arrives, and the session's topic is corrected.
        let late = visit_of(&p, 1);
        let renamed = Session {
            topic: "Buổi họp phụ huynh thử (sửa)".into(),
            ..talk.clone()
        };
        let meanwhile = (late.clone(), renamed.clone());
        *s.between_read_and_write.lock().unwrap() = Some(Box::new(move |s: &Store| {
            s.save_visit(&meanwhile.0).unwrap();
            s.save_session(&meanwhile.1).unwrap();
        }));
        s.delete_student(p.id).unwrap();
        assert_eq!(s.visit(late.id).unwrap(), None, "the pupil's visit was left behind");
        let expected = Session {
            students: BTreeSet::from([q.id]),
            ..renamed
        };
        assert_eq!(s.sessions().unwrap(), vec![expected]);
        assert!(
            s.changes_for(RecordKind::Visit, late.id)
                .unwrap()
                .split_last()
                .is_some_and(
                    |(last, earlier)| last.is_tombstone() && earlier.iter().all(|c| c.value == Some(Value::Redacted))
                )
        );
    }

    #[test]
    fn every_write_checks_the_room_it_needs_once_redactions_included() {
        use super::super::layout::DeviceSetting;
        use super::super::space::{MIN_FREE, PER_CHANGE, PER_RECORD, test_room};
        let dir = tempfile::tempdir().unwrap();
        let s = store(dir.path());
        let mut p = pupil(1);
        s.save_student(&p).unwrap();
        for n in 0..30 {
            p.notes = format!("Ghi chú {n}");
            s.save_student(&p).unwrap();
        }
        let v = visit_of(&p, 1);
        s.save_visit(&v).unwrap();
        let history = s.changes_for(RecordKind::Student, p.id).unwrap().len()
            + s.changes_for(RecordKind::Visit, v.id).unwrap().len();
        let logged = s.changes().unwrap();
        // Too little room for any write: each is refused and nothing is written.
        test_room::seem_free(Some(MIN_FREE - 1));
        let class: Vec<Student> = (100..350).map(pupil).collect();
        let writes: [&dyn Fn() -> Result<(), StoreError>; 4] = [
            &|| s.save_student(&pupil(2)),
            &|| s.save_students(&class),
            &|| s.delete_student(p.id),
            &|| s.set_device_setting(DeviceSetting::ImportFolder, "/tmp/lop-8a"),
        ];
        for (n, write) in writes.iter().enumerate() {
            assert!(matches!(write(), Err(StoreError::NoRoom { .. })), "write {n}");
        }
        assert_eq!(s.changes().unwrap(), logged);
        assert_eq!(s.device_setting(DeviceSetting::ImportFolder).unwrap(), None);
        // Deleting the pupil removes five records (the pupil, the screening, the case, the
        // informed mark, the visit) and rewrites their history redacted: room for the
        // records alone is not enough.
        let for_records = MIN_FREE + 5 * PER_RECORD;
        test_room::seem_free(Some(for_records));
        assert!(matches!(s.delete_student(p.id), Err(StoreError::NoRoom { .. })));
        assert_eq!(s.changes().unwrap(), logged);
        test_room::seem_free(Some(for_records + history as u64 * PER_CHANGE));
        s.delete_student(p.id).unwrap();
        // A write in parts checks once, for the whole write, before its first part.
        test_room::seem_free(None);
        let checks = test_room::checks();
        s.save_students(&class).unwrap();
        assert_eq!(test_room::checks() - checks, 1);
    }

    #[test]
    fn an_aborted_delete_keeps_the_pupil() {
        let dir = tempfile::tempdir().unwrap();
        let s = store(dir.path());
        s.save_student(&pupil(1)).unwrap();
        let logged = s.changes().unwrap();
        // Abort once the pupil's removal (and the redaction of their log) is staged,
        // before the screening's.
        s.abort_after_edits.store(1, Ordering::SeqCst);
        assert!(s.delete_student(pupil(1).id).is_err());
        assert_eq!(s.student(pupil(1).id).unwrap(), Some(pupil(1)));
        assert_eq!(s.changes().unwrap(), logged);
    }
}
