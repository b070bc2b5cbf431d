//! One sync with the hub, in three phases so no caller holds the store while the network
//! is waited on (the interface runs them on a worker thread):
//!
//! 1. [`plan`] (store): seals what is pending and reads what is held, per device.
//! 2. [`exchange`] (network, no store): uploads what the hub lacks, downloads what this
//!    notebook lacks.
//! 3. [`finish`] (store): verifies, opens and applies what was downloaded, records the
//!    enrolment of a new device id and the statistics.

use std::collections::BTreeMap;
use std::time::Duration;

use sotay_wire::api::{self, ApiError, EnrolRequest, ErrorCode};
use uuid::Uuid;

use super::client::{Client, HubError};
use super::publish::{self, Prepared, Published};
use crate::store::{Binding, Incoming, Outcome, Refusal, Standing, Store, StoreError};
use crate::sync::envelope::{self, SealError};
use crate::sync::wire::{self, WireError};

/// What [`plan`] found: everything [`exchange`] needs, owned, so it can cross threads.
#[derive(Debug)]
pub struct Plan {
    binding: Binding,
    account: Uuid,
    /// This notebook's device id now.
    device: Uuid,
    /// Set when the device id differs from the enrolled one (the notebook is a copy): the
    /// new id's public key, to enrol it.
    enrol: Option<[u8; 32]>,
    /// Every sealed batch held, per device and number.
    held: BTreeMap<Uuid, BTreeMap<u64, Vec<u8>>>,
    /// Batches sealed by this plan.
    sealed: usize,
    /// The class's figures to publish to its report readers.
    publication: Option<Prepared>,
}

impl Plan {
    /// The hub this plan syncs with.
    pub fn binding(&self) -> &Binding {
        &self.binding
    }
}

/// What [`exchange`] did, for [`finish`]: what was sent, what was downloaded (in order),
/// and the failure that stopped it, if one did. Batches downloaded before a failure are
/// still applied, so the next sync goes on from there.
#[derive(Debug)]
pub struct Fetched {
    binding: Binding,
    /// The new device id enrolled, with its token.
    enrolled: Option<(Uuid, String)>,
    /// Batches the hub newly stored, by device and number.
    uploaded: Vec<(Uuid, u64)>,
    /// Batches downloaded: the slot asked for, and the bytes.
    pulled: Vec<(Uuid, u64, Vec<u8>)>,
    sent: u64,
    received: u64,
    sealed: usize,
    published: Option<Published>,
    error: Option<SyncError>,
}

/// What a sync moved.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Batches of this device sealed for it.
    pub sealed: usize,
    /// Batches the hub stored, and the changes in them.
    pub batches_sent: usize,
    pub changes_sent: usize,
    /// Batches downloaded, changes applied (new here), changes held already.
    pub batches_received: usize,
    pub changes_received: usize,
    pub changes_already: usize,
    /// Bytes sent and received (request and answer bodies).
    pub bytes_sent: u64,
    pub bytes_received: u64,
    /// Changes to pupils deleted on another device that were not kept (told once).
    pub dropped: u64,
    /// The notebook was a copy: its new device id was enrolled on the hub.
    pub enrolled: Option<Uuid>,
    /// The notebook found a batch of its own id it never made (a restored backup), and
    /// took this new id.
    pub renewed: Option<Uuid>,
    /// Periods whose figures were published to the report readers.
    pub figures_published: usize,
    /// Report readers' keys the hub offers that the teacher has not accepted (new, or
    /// changed): figures do not reach them until she compares and accepts them.
    pub readers_to_accept: usize,
}

/// A downloaded batch that was refused; nothing of it was applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefusedBatch {
    pub device: Uuid,
    pub number: u64,
    pub reason: BatchRefusal,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BatchRefusal {
    /// It failed a check: altered, forged, another account's, a newer format.
    #[error("{0}")]
    Seal(SealError),
    #[error("{0}")]
    Payload(WireError),
    /// Its header names another slot than the one it was served for (the hub moved it).
    #[error("served as another device's or number's batch")]
    Moved,
    /// The store refused it (a fork, a clock far ahead, another device's change).
    #[error("{0}")]
    Store(Refusal),
}

/// Why the hub refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refused {
    /// The hub's 4xx, with its stable code.
    Hub(ApiError),
    /// The hub's certificate is not trusted.
    Certificate(String),
    /// The hub answered what the API does not allow.
    BadAnswer(String),
    /// Downloaded batches were refused; the others were applied (see `report`).
    Batches {
        refused: Vec<RefusedBatch>,
        report: Box<SyncReport>,
    },
}

/// Why a sync did not complete.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The hub could not be reached or is busy: nothing is lost, try later (after
    /// `retry_after` when the hub said).
    #[error("the hub is unreachable: {reason}")]
    Unreachable {
        reason: String,
        retry_after: Option<Duration>,
    },
    #[error("refused: {0:?}")]
    Refused(Refused),
    /// This notebook is joined to no hub (`sotay join`).
    #[error("not joined to a hub")]
    NotJoined,
    #[error("{0}")]
    Store(#[from] StoreError),
}

impl From<HubError> for SyncError {
    fn from(e: HubError) -> Self {
        match e {
            HubError::Unreachable { reason, retry_after } => SyncError::Unreachable { reason, retry_after },
            HubError::Refused(e) => SyncError::Refused(Refused::Hub(e)),
            HubError::Certificate(m) => SyncError::Refused(Refused::Certificate(m)),
            HubError::BadAnswer(m) => SyncError::Refused(Refused::BadAnswer(m)),
        }
    }
}

impl SyncError {
    /// The stable code recorded in the statistics.
    pub fn outcome(&self) -> &'static str {
        match self {
            SyncError::Unreachable { .. } => "unreachable",
            SyncError::Refused(_) => "refused",
            SyncError::NotJoined => "not-joined",
            SyncError::Store(_) => "failed",
        }
    }
}

/// Phase 1: seals what is pending and reads what is held. Holds the store briefly.
pub fn plan(store: &Store) -> Result<Plan, SyncError> {
    let binding = store.hub_binding()?.ok_or(SyncError::NotJoined)?;
    let keys = match store.account_keys() {
        Ok(k) => k,
        Err(StoreError::NoAccount) => return Err(SyncError::NotJoined),
        Err(e) => return Err(e.into()),
    };
    let sealed = store.seal_pending()?;
    let device = store.device_id();
    let enrol = match binding.device == device {
        true => None,
        false => Some(store.device_key()?.public()),
    };
    let mut held: BTreeMap<Uuid, BTreeMap<u64, Vec<u8>>> = BTreeMap::new();
    for (d, n) in store.held_numbers()? {
        if let Some(bytes) = store.held_batch(d, n)? {
            held.entry(d).or_default().insert(n, bytes);
        }
    }
    let publication = publish::prepare(store, keys.account_id(), device, store.device_key()?)?;
    Ok(Plan {
        binding,
        account: keys.account_id(),
        device,
        enrol,
        held,
        sealed,
        publication,
    })
}

/// The highest number held without a gap below it (0: none).
fn contiguous(held: Option<&BTreeMap<u64, Vec<u8>>>) -> u64 {
    let mut head = 0;
    if let Some(h) = held {
        while h.contains_key(&(head + 1)) {
            head += 1;
        }
    }
    head
}

/// Phase 2: the network, without the store. Never fails: a failure is carried to
/// [`finish`] with what was done before it.
pub fn exchange(client: &Client, plan: Plan) -> Fetched {
    let before = client.bytes();
    let mut f = Fetched {
        binding: plan.binding.clone(),
        enrolled: None,
        uploaded: Vec::new(),
        pulled: Vec::new(),
        sent: 0,
        received: 0,
        sealed: plan.sealed,
        published: None,
        error: None,
    };
    if let Err(e) = exchange_into(client, &plan, &mut f) {
        f.error = Some(e);
    }
    let after = client.bytes();
    f.sent = after.0 - before.0;
    f.received = after.1 - before.1;
    f
}

fn exchange_into(client: &Client, plan: &Plan, f: &mut Fetched) -> Result<(), SyncError> {
    if let Some(public) = plan.enrol {
        // A copy of the notebook: its new id enrols with a code its old token asks for,
        // so the teacher needs no administrator.
        let invite = client.invite()?;
        let enrolled = client.enrol(&EnrolRequest {
            code: invite.code,
            account: plan.account,
            device: plan.device,
            public_key: api::key_to_text(&public),
        })?;
        client.set_token(enrolled.token.clone());
        f.enrolled = Some((plan.device, enrolled.token));
    }
    let status = client.status()?;
    if status.account != plan.account {
        return Err(SyncError::Refused(Refused::BadAnswer(
            "the status is of another account".into(),
        )));
    }
    for d in status.devices.iter().filter(|d| !d.revoked) {
        let Some(held) = plan.held.get(&d.device) else { continue };
        upload_device(client, d.device, d.head, held, f)?;
    }
    for d in &status.devices {
        let local = contiguous(plan.held.get(&d.device));
        if d.head > local {
            download_device(client, d.device, local, d.head, f)?;
        }
    }
    // Last: the changes matter more than the figures, which the next sync sends again.
    if let Some(prepared) = &plan.publication {
        f.published = Some(publish::publish(client, prepared)?);
    }
    Ok(())
}

/// Uploads the held batches of `device` after the hub's `head`, in order. A gap means the
/// hub holds less than its status said: go on from the head it returns. A hub restored
/// from an older backup shows a lower head, and the batches simply go again.
fn upload_device(
    client: &Client,
    device: Uuid,
    head: u64,
    held: &BTreeMap<u64, Vec<u8>>,
    f: &mut Fetched,
) -> Result<(), SyncError> {
    let mut next = head + 1;
    // Each gap answer moves `next` back; bounded so a confused hub cannot loop us.
    let mut gaps = 0;
    while let Some(batch) = held.get(&next) {
        match client.upload(device, next, batch) {
            Ok(stored) => {
                if stored.new {
                    f.uploaded.push((device, next));
                }
                next = stored.head.max(next) + 1;
            }
            Err(HubError::Refused(e)) if e.code == ErrorCode::Gap && gaps < 3 => {
                gaps += 1;
                let hub_head = e.head.unwrap_or(0);
                if hub_head + 1 >= next {
                    return Err(SyncError::Refused(Refused::Hub(e)));
                }
                next = hub_head + 1;
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

/// Downloads `device`'s batches after `after` up to the hub's `head`, page by page.
fn download_device(client: &Client, device: Uuid, mut after: u64, head: u64, f: &mut Fetched) -> Result<(), SyncError> {
    while after < head {
        let page = client.page(device, after, api::PAGE_MAX_BATCHES)?;
        let batches = api::decode_page(&page, sotay_wire::batch::MAX_SEALED)
            .map_err(|e| SyncError::Refused(Refused::BadAnswer(format!("a page: {e}"))))?;
        if batches.is_empty() {
            // The hub holds less than its status said (it lost data meanwhile): what it
            // lacks goes up again at the next sync.
            break;
        }
        for b in batches {
            after += 1;
            f.pulled.push((device, after, b.to_vec()));
        }
    }
    Ok(())
}

/// Phase 3: records a new device's enrolment, then verifies, opens and applies what was
/// downloaded (each batch fully: signature, certificate, inner header, slot), and records
/// the attempt. A refused batch is reported with its reason; the others are applied.
pub fn finish(store: &Store, fetched: Fetched) -> Result<SyncReport, SyncError> {
    let result = finish_inner(store, &fetched);
    let outcome = match (&result, &fetched.error) {
        (Ok(_), None) => "ok",
        (Ok(_), Some(e)) | (Err(e), _) => e.outcome(),
    };
    // The attempt is recorded whatever happened; a failure to record it is not the sync's.
    let _ = store.note_hub_attempt(outcome, fetched.sent, fetched.received);
    let report = result?;
    match fetched.error {
        Some(e) => Err(e),
        None => Ok(report),
    }
}

fn finish_inner(store: &Store, f: &Fetched) -> Result<SyncReport, SyncError> {
    let mut report = SyncReport {
        sealed: f.sealed,
        bytes_sent: f.sent,
        bytes_received: f.received,
        ..SyncReport::default()
    };
    if let Some((device, token)) = &f.enrolled {
        // Kept first: the code that enrolled it is spent, the token is the only way in.
        store.set_hub_binding(&Binding {
            device: *device,
            token: token.clone(),
            ..f.binding.clone()
        })?;
        report.enrolled = Some(*device);
    }
    let keys = store.account_keys()?;
    for (device, number) in &f.uploaded {
        report.batches_sent += 1;
        if let Some(bytes) = store.held_batch(*device, *number)?
            && let Ok(opened) = envelope::open(&keys, &bytes)
            && let Ok(changes) = wire::decode(&opened.payload)
        {
            report.changes_sent += changes.len();
        }
    }
    let mut refused = Vec::new();
    for (device, number, bytes) in &f.pulled {
        report.batches_received += 1;
        let refuse = |reason| RefusedBatch {
            device: *device,
            number: *number,
            reason,
        };
        let opened = match envelope::open(&keys, bytes) {
            Ok(o) => o,
            Err(e) => {
                refused.push(refuse(BatchRefusal::Seal(e)));
                continue;
            }
        };
        if opened.header.device != *device || opened.header.number != *number {
            refused.push(refuse(BatchRefusal::Moved));
            continue;
        }
        let changes = match wire::decode(&opened.payload) {
            Ok(c) => c,
            Err(e) => {
                refused.push(refuse(BatchRefusal::Payload(e)));
                continue;
            }
        };
        let incoming = Incoming {
            device: *device,
            number: *number,
            sealed: bytes.clone(),
            changes,
        };
        match store.apply(incoming) {
            Ok(Outcome::Applied { changes, renewed, .. }) => {
                report.changes_received += changes;
                report.renewed = report.renewed.or(renewed);
            }
            Ok(Outcome::Already { changes }) => report.changes_already += changes,
            Err(StoreError::Refused(r)) => refused.push(refuse(BatchRefusal::Store(r))),
            Err(e) => return Err(e.into()),
        }
    }
    report.dropped = store.take_dropped()?;
    if let Some(p) = &f.published {
        let readers = match &p.offered {
            Some(offered) => store.set_offered_readers(offered.clone())?,
            None => store.readers()?,
        };
        store.note_published(&p.sent)?;
        report.figures_published = p.sent.len();
        report.readers_to_accept = readers
            .offered
            .iter()
            .filter(|r| readers.standing(r) != Standing::Accepted)
            .count();
    }
    if !refused.is_empty() {
        return Err(SyncError::Refused(Refused::Batches {
            refused,
            report: Box::new(report),
        }));
    }
    Ok(report)
}

/// Pushes and pulls once: [`plan`], [`exchange`], [`finish`] in a row (the command line's
/// way; the interface runs the phases apart).
pub fn sync_once(store: &Store, client: &Client) -> Result<SyncReport, SyncError> {
    let plan = plan(store)?;
    let fetched = exchange(client, plan);
    finish(store, fetched)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_contiguous_head_stops_at_the_first_gap() {
        let mut held = BTreeMap::new();
        assert_eq!(contiguous(Some(&held)), 0);
        assert_eq!(contiguous(None), 0);
        for n in [1, 2, 3, 5, 6] {
            held.insert(n, vec![]);
        }
        assert_eq!(contiguous(Some(&held)), 3);
        held.remove(&1);
        assert_eq!(contiguous(Some(&held)), 0);
    }
}
