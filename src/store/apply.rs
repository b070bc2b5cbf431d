//! Applying a batch of another device's changes: the merge rules (`sync::merge`) work out
//! each touched record from its whole history, and the result, the changes with their
//! original clock readings, and the batch itself are written in one transaction.
//!
//! Applying never makes changes of its own: what it writes follows from the set of changes
//! held, whatever order they came in, so every device of the account converges.

use std::collections::{BTreeMap, BTreeSet};

use sled::Transactional;
use sled::transaction::{ConflictableTransactionError, TransactionError, abort};
use uuid::Uuid;

use super::codec;
use super::error::{StoreError, from_sled};
use super::hlc::{self, Hlc};
use super::layout::{self, META_HLC, META_NEXT_SEQ, SYNC_DROPPED, TREE_CHANGES, TREE_META, TREE_RECORDS, TREE_SYNC};
use super::{Change, Store, space, split_member};
use crate::domain::{
    Case, FieldMap, Informed, Profile, Record, RecordKind, Screening, Session, Settings, Student, Support, Value,
    Visit, casebook,
};
use crate::sync::merge::{Folded, fold};

/// A batch received from another device, opened and decoded.
#[derive(Clone, Debug)]
pub struct Incoming {
    pub device: Uuid,
    pub number: u64,
    /// As received, kept so bundles can pass it on.
    pub sealed: Vec<u8>,
    /// Whole commits of `device`, oldest first.
    pub changes: Vec<Change>,
}

/// What applying a batch did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Applied {
        changes: usize,
        /// Changes to pupils deleted on another device, not kept.
        dropped: usize,
        /// The batch was this notebook's own but unknown to it: the notebook is a restored
        /// copy, and took this new device id before applying it.
        renewed: Option<Uuid>,
    },
    /// The batch was held already: nothing was written.
    Already { changes: usize },
}

/// Why a batch was refused. Nothing of it was written.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("batch {number} of device {device} differs from the batch held under that number")]
    Fork { device: Uuid, number: u64 },
    #[error("a change is dated {hours} hours ahead of this computer's clock")]
    ClockAhead { hours: u64 },
    #[error("batch {number} of device {device} holds a change made on another device")]
    NotItsDevice { device: Uuid, number: u64 },
}

/// The writes an apply makes, worked out before its transaction.
#[derive(Default)]
struct Plan {
    /// Sequence numbers of held changes whose value becomes `Redacted`.
    redact: BTreeSet<u64>,
    /// The incoming changes, as they will be logged (values of deleted records redacted).
    append: Vec<Change>,
    puts: BTreeMap<[u8; 17], Vec<u8>>,
    removes: BTreeSet<[u8; 17]>,
    /// The saves (by reading) to deleted pupils that are not kept.
    dropped: BTreeSet<Hlc>,
}

impl Store {
    /// Applies one batch of another device's changes (see the module's doc). Idempotent: a
    /// batch held already changes nothing; batches in any order give the same records.
    pub fn apply(&self, batch: Incoming) -> Result<Outcome, StoreError> {
        let _writer = self.writer()?;
        if let Some(held) = self.held_batch(batch.device, batch.number)? {
            if held == batch.sealed {
                return Ok(Outcome::Already {
                    changes: batch.changes.len(),
                });
            }
            return Err(StoreError::Refused(Refusal::Fork {
                device: batch.device,
                number: batch.number,
            }));
        }
        if batch.changes.iter().any(|c| c.hlc.device != batch.device) {
            return Err(StoreError::Refused(Refusal::NotItsDevice {
                device: batch.device,
                number: batch.number,
            }));
        }
        let wall = hlc::wall_millis(&*self.clock);
        if let Some(c) = batch.changes.iter().find(|c| hlc::too_far_ahead(c.hlc, wall)) {
            let hours = (c.hlc.millis - wall) / 3_600_000;
            return Err(StoreError::Refused(Refusal::ClockAhead { hours }));
        }
        // A batch of this device's id that it never made: this notebook is a copy restored
        // from before it, and must not make another batch under that number.
        let renewed = if batch.device == self.device_id() {
            Some(self.renew_device_locked()?)
        } else {
            None
        };
        let count = batch.changes.len();
        let newest = batch.changes.iter().map(|c| c.hlc).max();
        let incoming: Vec<Change> = batch.changes.into_iter().filter(is_sent).collect();
        let plan = self.plan(&incoming)?;
        let room = space::for_write(
            plan.puts.len() + plan.removes.len() + plan.append.len(),
            plan.redact.len(),
        );
        space::ensure(&self.path, room + batch.sealed.len() as u64)?;
        self.write_plan(&plan, newest, wall, batch.device, batch.number, &batch.sealed)?;
        Ok(Outcome::Applied {
            changes: count,
            dropped: plan.dropped.len(),
            renewed,
        })
    }

    /// Works out every write of an apply from what the store holds and `incoming`.
    fn plan(&self, incoming: &[Change]) -> Result<Plan, StoreError> {
        let mut plan = Plan::default();
        let mut by_record: BTreeMap<(RecordKind, Uuid), Vec<Change>> = BTreeMap::new();
        for c in incoming {
            by_record.entry((c.kind, c.id)).or_default().push(c.clone());
        }
        // Pupils deleted, and when: by this batch, or before it.
        let mut deleted: BTreeMap<Uuid, Hlc> = BTreeMap::new();
        let mut newly_deleted = BTreeSet::new();
        for c in incoming
            .iter()
            .filter(|c| c.kind == RecordKind::Student && c.is_tombstone())
        {
            if self.tombstone_of(RecordKind::Student, c.id)?.is_none() {
                newly_deleted.insert(c.id);
            }
            deleted.insert(c.id, c.hlc);
        }
        let mut touched: BTreeSet<(RecordKind, Uuid)> = by_record.keys().copied().collect();
        let (visits, supports, sessions) = (self.visits()?, self.supports()?, self.sessions()?);
        // A pupil deleted on another device takes with them the records this device made for
        // them meanwhile, which that device never knew of.
        for p in &newly_deleted {
            for kind in [RecordKind::Screening, RecordKind::Case, RecordKind::Informed] {
                touched.insert((kind, *p));
            }
            touched.extend(
                visits
                    .iter()
                    .filter(|v| v.student_id == *p)
                    .map(|v| (RecordKind::Visit, v.id)),
            );
            touched.extend(
                supports
                    .iter()
                    .filter(|s| s.student_id == *p)
                    .map(|s| (RecordKind::Support, s.id)),
            );
            touched.extend(
                sessions
                    .iter()
                    .filter(|s| s.students.contains(p))
                    .map(|s| (RecordKind::Session, s.id)),
            );
        }
        let mut pupils = BTreeSet::new();
        for (kind, id) in touched {
            let history = self.history(kind, id)?;
            let new = by_record.get(&(kind, id)).map(Vec::as_slice).unwrap_or_default();
            let all: Vec<Change> = history
                .iter()
                .map(|(_, c)| c.clone())
                .chain(new.iter().cloned())
                .collect();
            // A deleted pupil's tick is dropped from a session's list.
            let mut gone = BTreeSet::new();
            for m in set_members(kind, &all) {
                if let Ok(p) = Uuid::parse_str(&m)
                    && self.pupil_deleted(p, &mut deleted)?.is_some()
                {
                    gone.insert(m);
                }
            }
            let folded = fold(kind, &all, &|m| !gone.contains(m));
            let key = layout::record_key(kind, id);
            let stored = self.record_plain(&key)?;
            let pupil = match (&folded, kind) {
                (_, RecordKind::Student | RecordKind::Screening | RecordKind::Case | RecordKind::Informed) => Some(id),
                (Folded::Fields(f), RecordKind::Visit | RecordKind::Support) => match f.get("student_id") {
                    Some(Value::Id(p)) => Some(*p),
                    _ => None,
                },
                _ => None,
            };
            let gone_at = match &folded {
                Folded::Deleted { at } => Some(*at),
                Folded::Fields(_) => match pupil {
                    Some(p) => self.pupil_deleted(p, &mut deleted)?,
                    None => None,
                },
            };
            if let Some(at) = gone_at {
                // Delete wins: the record goes, and no value of it stays in the log.
                if stored.is_some() {
                    plan.removes.insert(key);
                }
                for (seq, c) in &history {
                    if c.value.as_ref().is_some_and(|v| *v != Value::Redacted) {
                        plan.redact.insert(*seq);
                    }
                }
                // Told as saves: the changes of one save share one reading.
                plan.dropped.extend(
                    all.iter()
                        .filter(|c| c.value.as_ref().is_some_and(|v| *v != Value::Redacted))
                        .filter(|c| c.hlc.device != at.device && c.hlc > at)
                        .map(|c| c.hlc),
                );
                plan.append.extend(new.iter().map(|c| Change {
                    value: c.value.as_ref().map(|_| Value::Redacted),
                    ..c.clone()
                }));
                continue;
            }
            plan.append.extend(new.iter().cloned());
            pupils.extend(pupil);
            if let Folded::Fields(fields) = folded
                && let Some(bytes) = materialize(kind, id, &fields)
                && stored.as_deref() != Some(bytes.as_slice())
            {
                plan.puts.insert(key, bytes);
            }
        }
        let screenings = self.screenings()?;
        self.rederive(&mut plan, &pupils, &by_record, &visits, &supports, &screenings)?;
        Ok(plan)
    }

    /// The derived fields of the pupils' cases (see [`Store::derived_case`]), laid over the
    /// plan.
    #[allow(clippy::too_many_arguments)]
    fn rederive(
        &self,
        plan: &mut Plan,
        pupils: &BTreeSet<Uuid>,
        incoming: &BTreeMap<(RecordKind, Uuid), Vec<Change>>,
        visits: &[Visit],
        supports: &[Support],
        screenings: &[Screening],
    ) -> Result<(), StoreError> {
        let mut updates = Vec::new();
        for p in pupils {
            let key = layout::record_key(RecordKind::Case, *p);
            if plan.removes.contains(&key) {
                continue;
            }
            let extra = incoming
                .get(&(RecordKind::Case, *p))
                .map(Vec::as_slice)
                .unwrap_or_default();
            let after = After {
                puts: &plan.puts,
                removes: &plan.removes,
                visits,
                supports,
                screenings,
            };
            if let Some(bytes) = self.derived_case(*p, extra, &after)? {
                updates.push((key, bytes));
            }
        }
        for (key, bytes) in updates {
            let stored = self.record_plain(&key)?;
            if stored.as_deref() != Some(bytes.as_slice()) {
                plan.puts.insert(key, bytes);
            } else {
                plan.puts.remove(&key);
            }
        }
        Ok(())
    }

    /// A pupil's case as every device derives it, from the merged records alone (the same
    /// whatever order the changes came in): the case as its own history says (with
    /// `extra`, changes about to be logged), made to agree with the pupil's screening,
    /// then its first intervention and the automatic move to *intervening* recomputed from
    /// the pupil's visits and supports as `after` says they will be. `None` without a case
    /// in the log. `Casebook::rederive_cases` does the same when a notebook is loaded.
    pub(super) fn derived_case(
        &self,
        pupil: Uuid,
        extra: &[Change],
        after: &After,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        let mut history: Vec<Change> = self
            .history(RecordKind::Case, pupil)?
            .into_iter()
            .map(|(_, c)| c)
            .collect();
        history.extend(extra.iter().cloned());
        let Folded::Fields(fields) = fold(RecordKind::Case, &history, &|_| true) else {
            return Ok(None);
        };
        let Some(base) = Case::from_fields(pupil, &fields) else {
            return Ok(None);
        };
        let visits = merged_of(after.visits, RecordKind::Visit, after, |v: &Visit| {
            v.student_id == pupil
        });
        let supports = merged_of(after.supports, RecordKind::Support, after, |s: &Support| {
            s.student_id == pupil
        });
        let screening = merged_of(after.screenings, RecordKind::Screening, after, |s: &Screening| {
            s.student_id == pupil
        });
        let days = casebook::intervention_days(visits.iter(), supports.iter());
        let case = base.agreeing_with(screening.first()).after_records(&days);
        Ok(Some(codec::encode_plain(&case)))
    }

    /// One transaction: redactions, the incoming changes appended with their readings, the
    /// records, the clock moved past the batch, the batch kept, the dropped count.
    #[allow(clippy::too_many_arguments)]
    fn write_plan(
        &self,
        plan: &Plan,
        newest: Option<Hlc>,
        wall: u64,
        device: Uuid,
        number: u64,
        sealed: &[u8],
    ) -> Result<(), StoreError> {
        let dropped_before: u64 = self.sync_get(SYNC_DROPPED, "dropped count")?.unwrap_or(0);
        let keys = self.keys()?;
        let trees = (
            &self.records,
            &self.changes,
            &self.by_record,
            &self.meta,
            self.sync_tree()?,
        );
        let result = trees.transaction(|(records, changes, by_record, meta, sync)| {
            let damaged = |what: String| abort(what);
            let mut clock: Hlc = match meta.get(META_HLC)?.map(|b| keys.decode(TREE_META, META_HLC, &b)) {
                Some(Ok(h)) => h,
                _ => return damaged("the clock cannot be read".into()),
            };
            let mut seq: u64 = match meta
                .get(META_NEXT_SEQ)?
                .map(|b| keys.decode(TREE_META, META_NEXT_SEQ, &b))
            {
                Some(Ok(s)) => s,
                _ => return damaged("the change sequence cannot be read".into()),
            };
            for s in &plan.redact {
                let key = layout::change_key(*s);
                let Some(Ok(mut c)) = changes.get(key)?.map(|b| keys.decode::<Change>(TREE_CHANGES, &key, &b)) else {
                    return damaged(format!("change {s} cannot be read"));
                };
                c.value = Some(Value::Redacted);
                changes.insert(&key, keys.encode(TREE_CHANGES, &key, &c))?;
            }
            for c in &plan.append {
                let key = layout::change_key(seq);
                changes.insert(&key, keys.encode(TREE_CHANGES, &key, c))?;
                by_record.insert(&layout::by_record_key(c.kind, c.id, seq), &[][..])?;
                seq += 1;
            }
            for (key, bytes) in &plan.puts {
                records.insert(&key[..], keys.from_plain(TREE_RECORDS, &key[..], bytes))?;
            }
            for key in &plan.removes {
                records.remove(&key[..])?;
            }
            if let Some(remote) = newest {
                clock = clock.observe(remote, wall);
            }
            meta.insert(META_HLC, keys.encode(TREE_META, META_HLC, &clock))?;
            meta.insert(META_NEXT_SEQ, keys.encode(TREE_META, META_NEXT_SEQ, &seq))?;
            let held = layout::batch_key(device, number);
            sync.insert(&held, keys.encode_raw(TREE_SYNC, &held, sealed))?;
            if !plan.dropped.is_empty() {
                let dropped = dropped_before + plan.dropped.len() as u64;
                sync.insert(SYNC_DROPPED, keys.encode(TREE_SYNC, SYNC_DROPPED, &dropped))?;
            }
            Ok::<_, ConflictableTransactionError<String>>(())
        });
        match result {
            Ok(()) => {}
            Err(TransactionError::Abort(detail)) => return Err(StoreError::damaged(&self.path, detail)),
            Err(TransactionError::Storage(e)) => return Err(from_sled(&self.path, e)),
        }
        self.flush()?;
        *self.last_saved.lock().unwrap_or_else(|p| p.into_inner()) = Some(self.clock.now());
        Ok(())
    }

    /// A stored record in format 1 (as the plan's puts are), to compare with them.
    fn record_plain(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        let keys = self.keys()?;
        let stored = self.records.get(key).map_err(|e| from_sled(&self.path, e))?;
        stored
            .map(|b| {
                keys.to_plain(TREE_RECORDS, key, &b)
                    .map(|p| p.into_owned())
                    .map_err(|e| StoreError::damaged(&self.path, format!("a record cannot be read: {e}")))
            })
            .transpose()
    }

    /// A record's history with the log's sequence numbers, oldest first.
    fn history(&self, kind: RecordKind, id: Uuid) -> Result<Vec<(u64, Change)>, StoreError> {
        let keys = self.keys()?;
        let mut out = Vec::new();
        for seq in self.seqs_of(kind, id)? {
            let key = layout::change_key(seq);
            let bytes = self
                .changes
                .get(key)
                .map_err(|e| from_sled(&self.path, e))?
                .ok_or_else(|| StoreError::damaged(&self.path, format!("change {seq} is missing")))?;
            out.push((seq, super::decode_change(&self.path, &keys, &key, &bytes)?));
        }
        Ok(out)
    }

    /// The reading of the record's tombstone, if it was deleted.
    pub(super) fn tombstone_of(&self, kind: RecordKind, id: Uuid) -> Result<Option<Hlc>, StoreError> {
        Ok(self
            .history(kind, id)?
            .into_iter()
            .filter(|(_, c)| c.is_tombstone())
            .map(|(_, c)| c.hlc)
            .max())
    }

    /// When pupil `p` was deleted, if they were (`known` caches the answers).
    fn pupil_deleted(&self, p: Uuid, known: &mut BTreeMap<Uuid, Hlc>) -> Result<Option<Hlc>, StoreError> {
        if let Some(at) = known.get(&p) {
            return Ok(Some(*at));
        }
        let at = self.tombstone_of(RecordKind::Student, p)?;
        if let Some(at) = at {
            known.insert(p, at);
        }
        Ok(at)
    }
}

/// Whether a change is one devices send each other: never a derived field (each device
/// recomputes it) nor a device's own setting (the interface language).
pub(super) fn is_sent(c: &Change) -> bool {
    let rules = c.kind.rules();
    let base = split_member(&c.field).map_or(c.field.as_str(), |(set, _)| set);
    !rules.derived.contains(&base) && !rules.local.contains(&base)
}

/// Every member a set field of the history ever named.
fn set_members(kind: RecordKind, history: &[Change]) -> BTreeSet<String> {
    let rules = kind.rules();
    let mut out = BTreeSet::new();
    for c in history {
        match (split_member(&c.field), &c.value) {
            (Some((set, m)), _) if rules.sets.contains(&set) => {
                out.insert(m.to_string());
            }
            (None, Some(Value::List(l))) if rules.sets.contains(&c.field.as_str()) => out.extend(l.iter().cloned()),
            _ => {}
        }
    }
    out
}

/// The records as they will be after a write: the stored ones, with the write's puts
/// and removes laid over them.
pub(super) struct After<'a> {
    pub puts: &'a BTreeMap<[u8; 17], Vec<u8>>,
    pub removes: &'a BTreeSet<[u8; 17]>,
    pub visits: &'a [Visit],
    pub supports: &'a [Support],
    pub screenings: &'a [Screening],
}

/// Records of one kind as they will be after a write, those `keep` keeps.
fn merged_of<R: Record + Clone + serde::de::DeserializeOwned>(
    stored: &[R],
    kind: RecordKind,
    after: &After,
    keep: impl Fn(&R) -> bool,
) -> Vec<R> {
    let mut out: BTreeMap<Uuid, R> = stored.iter().map(|r| (r.id(), r.clone())).collect();
    let of_kind = |key: &[u8]| {
        layout::parse_record_key(key)
            .filter(|(k, _)| *k == kind)
            .map(|(_, id)| id)
    };
    for id in after.removes.iter().filter_map(|k| of_kind(k)) {
        out.remove(&id);
    }
    for (key, bytes) in after.puts {
        if let Some(id) = of_kind(key)
            && let Ok(r) = codec::decode_plain::<R>(bytes)
        {
            out.insert(id, r);
        }
    }
    out.into_values().filter(keep).collect()
}

/// The stored bytes of a record rebuilt from its merged fields; `None` while a required
/// field has not arrived yet (a record edited on one device before its creation on
/// another reached this one).
fn materialize(kind: RecordKind, id: Uuid, fields: &FieldMap) -> Option<Vec<u8>> {
    fn enc<R: Record + serde::Serialize>(r: Option<R>) -> Option<Vec<u8>> {
        r.map(|r| codec::encode_plain(&r))
    }
    match kind {
        RecordKind::Profile => enc(Profile::from_fields(id, fields)),
        RecordKind::Student => enc(Student::from_fields(id, fields)),
        RecordKind::Screening => enc(Screening::from_fields(id, fields)),
        RecordKind::Visit => enc(Visit::from_fields(id, fields)),
        RecordKind::Support => enc(Support::from_fields(id, fields)),
        RecordKind::Case => enc(Case::from_fields(id, fields)),
        RecordKind::Session => enc(Session::from_fields(id, fields)),
        RecordKind::Informed => enc(Informed::from_fields(id, fields)),
        RecordKind::Settings => enc(Settings::from_fields(id, fields)),
    }
}
