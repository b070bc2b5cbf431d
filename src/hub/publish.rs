//! Publishing the class's figures to its report readers, as part of every sync: the same
//! figures a class export embeds (never a name), for each period begun, sealed on this
//! device to the readers' keys the teacher accepted and signed with the device's key. The
//! hub only passes them on.
//!
//! Split like the sync itself: [`prepare`] reads the notebook, [`publish`] talks to the
//! hub without it, and the sync's last phase records what [`Published`] says.

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use sotay_wire::api::{ErrorCode, ReaderKeys};
use sotay_wire::figures::{self, FiguresHeader};
use sotay_wire::reader::{fingerprint, parse_recipient};
use uuid::Uuid;

use super::client::{Client, HubError};
use crate::report::{Detail, ReportPeriod, document, summarize};
use crate::store::{Reader, Readers, Store, StoreError};
use crate::sync::DeviceKey;

/// What [`publish`] needs, read from the notebook.
#[derive(Debug)]
pub struct Prepared {
    account: Uuid,
    device: Uuid,
    key: DeviceKey,
    now: DateTime<Utc>,
    /// Each period's code and its figures block.
    blocks: Vec<(String, String)>,
    readers: Readers,
}

/// What [`publish`] did, to record.
#[derive(Debug, Default)]
pub struct Published {
    /// The readers the hub offers now; `None` from a hub without reports.
    pub offered: Option<Vec<Reader>>,
    /// The periods published, with the hash of what was.
    pub sent: Vec<(String, [u8; 32])>,
}

/// The class's figures for every period begun; `None` for a notebook without a profile.
pub fn prepare(store: &Store, account: Uuid, device: Uuid, key: DeviceKey) -> Result<Option<Prepared>, StoreError> {
    let Some(profile) = store.profile()? else {
        return Ok(None);
    };
    let book = store.casebook()?;
    let now = store.clock().now();
    let today = store.clock().today();
    let blocks = ReportPeriod::published(today, profile.school_year)
        .into_iter()
        .filter_map(|period| {
            let summary = summarize(&profile, &book, period, Detail::Summary, today);
            // The figures a class export embeds, made the one way they are made.
            let figures = document::class_summary(&summary, profile.lang).figures?;
            Some((period.code(), figures.to_block()))
        })
        .collect();
    Ok(Some(Prepared {
        account,
        device,
        key,
        now,
        blocks,
        readers: store.readers()?,
    }))
}

/// The readers the hub offers, as this device will show and use them: a key that is not
/// an age recipient is left out, and the fingerprint the teacher compares is computed
/// here, never taken from the hub.
pub fn offered(keys: ReaderKeys) -> Vec<Reader> {
    keys.readers
        .into_iter()
        .filter_map(|k| {
            let key = parse_recipient(&k.public_key).ok()?;
            Some(Reader {
                scope: k.scope,
                place: k.place,
                public_key: k.public_key,
                fingerprint: fingerprint(&key),
            })
        })
        .collect()
}

/// Asks the hub for the readers above the class, then seals and sends each period's
/// figures that changed since they were last sent, to the keys both offered and accepted.
/// A hub without reports (an older one) is not an error: nothing is published.
pub fn publish(client: &Client, prepared: &Prepared) -> Result<Published, HubError> {
    let keys = match client.readers() {
        Ok(k) => k,
        Err(HubError::Refused(e)) if e.code == ErrorCode::NotFound => return Ok(Published::default()),
        Err(e) => return Err(e),
    };
    let offered = offered(keys);
    let readers = Readers {
        offered: offered.clone(),
        ..prepared.readers.clone()
    };
    let recipients = readers.recipients();
    let mut out = Published {
        offered: Some(offered),
        sent: Vec::new(),
    };
    if recipients.is_empty() {
        return Ok(out);
    }
    let ages: Vec<age::x25519::Recipient> = recipients.iter().filter_map(|r| r.public_key.parse().ok()).collect();
    let mut prints: Vec<String> = recipients.iter().map(|r| r.fingerprint.clone()).collect();
    prints.sort();
    for (period, block) in &prepared.blocks {
        let hash: [u8; 32] = Sha256::new()
            .chain_update(block.as_bytes())
            .chain_update(prints.join(" ").as_bytes())
            .finalize()
            .into();
        if readers.published.get(period) == Some(&hash) {
            continue;
        }
        let ciphertext = crate::sync::envelope::encrypt(&ages, block.as_bytes());
        let header = FiguresHeader {
            account: prepared.account,
            device: prepared.device,
            made_at: prepared.now.timestamp(),
            period: period.clone(),
            readers: prints.clone(),
        };
        let sealed = figures::assemble(&header, &ciphertext, |m| prepared.key.sign(m))
            .map_err(|e| HubError::BadAnswer(format!("figures for {period}: {e}")))?;
        client.publish(period, &sealed)?;
        out.sent.push((period.clone(), hash));
    }
    Ok(out)
}
