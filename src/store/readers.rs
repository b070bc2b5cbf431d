//! The report readers above this class (its school, commune or ward, province) as the hub
//! offers them, the keys the teacher accepted after comparing their fingerprints, and what
//! was published to them. In the `sync` tree: this device's, never synced, never logged.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Store;
use super::error::StoreError;
use super::layout::SYNC_HUB_READERS;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Readers {
    /// What the hub offered when last asked.
    pub offered: Vec<Reader>,
    /// The keys the teacher accepted, with when (milliseconds since 1970).
    pub accepted: Vec<(Reader, i64)>,
    /// Per period's code, the SHA-256 of what was last published for it (the figures and
    /// the readers): the same figures are not sent again, which saves mobile data.
    pub published: BTreeMap<String, [u8; 32]>,
}

/// A reader's key as the hub names it. The fingerprint is computed here, never taken from
/// the hub.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reader {
    /// `school:CODE`, `commune:CODE` or `province:CODE`.
    pub scope: String,
    /// The place's name in the hub's list.
    pub place: Option<String>,
    /// The age recipient, `age1…`.
    pub public_key: String,
    pub fingerprint: String,
}

/// Where an offered key stands with the teacher.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    Accepted,
    /// Never accepted, and no other key of its scope was.
    New,
    /// Another key of the same scope was accepted: the reader's key changed, and the new
    /// one is not used until the teacher accepts it.
    Changed,
}

impl Readers {
    fn is_accepted(&self, r: &Reader) -> bool {
        self.accepted
            .iter()
            .any(|(a, _)| a.scope == r.scope && a.public_key == r.public_key)
    }

    pub fn standing(&self, r: &Reader) -> Standing {
        if self.is_accepted(r) {
            Standing::Accepted
        } else if self.accepted.iter().any(|(a, _)| a.scope == r.scope) {
            Standing::Changed
        } else {
            Standing::New
        }
    }

    /// The keys figures are sealed to: offered by the hub now and accepted by the teacher.
    /// A key the hub no longer offers is not used; a new one is not used until accepted.
    pub fn recipients(&self) -> Vec<Reader> {
        self.offered.iter().filter(|r| self.is_accepted(r)).cloned().collect()
    }
}

impl Store {
    pub fn readers(&self) -> Result<Readers, StoreError> {
        Ok(self.sync_get(SYNC_HUB_READERS, "report readers")?.unwrap_or_default())
    }

    fn update_readers(&self, change: impl FnOnce(&mut Readers)) -> Result<Readers, StoreError> {
        let _writer = self.writer()?;
        let mut readers = self.readers()?;
        change(&mut readers);
        self.sync_put(SYNC_HUB_READERS, &readers)?;
        self.flush()?;
        Ok(readers)
    }

    /// Records what the hub offers now.
    pub fn set_offered_readers(&self, offered: Vec<Reader>) -> Result<Readers, StoreError> {
        self.update_readers(|r| r.offered = offered)
    }

    /// Accepts an offered key; `None` when no offered key has this fingerprint.
    pub fn accept_reader(&self, fingerprint: &str) -> Result<Option<Reader>, StoreError> {
        let at = self.clock().now().timestamp_millis();
        let mut found = None;
        self.update_readers(|r| {
            found = r.offered.iter().find(|o| o.fingerprint == fingerprint).cloned();
            if let Some(reader) = &found
                && !r.is_accepted(reader)
            {
                r.accepted.push((reader.clone(), at));
            }
        })?;
        Ok(found)
    }

    /// Puts back the offered and accepted readers of a restored backup. What was published
    /// is left empty on purpose: figures signed by the new device are sent once, so readers
    /// still get them if the old device is revoked.
    pub fn restore_readers(&self, offered: Vec<Reader>, accepted: Vec<(Reader, i64)>) -> Result<(), StoreError> {
        self.update_readers(|r| {
            r.offered = offered;
            r.accepted = accepted;
        })
        .map(drop)
    }

    /// Records what was published for each period.
    pub fn note_published(&self, published: &[(String, [u8; 32])]) -> Result<(), StoreError> {
        if published.is_empty() {
            return Ok(());
        }
        self.update_readers(|r| r.published.extend(published.iter().cloned()))
            .map(drop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reader(scope: &str, key: &str) -> Reader {
        Reader {
            scope: scope.into(),
            place: None,
            public_key: key.into(),
            fingerprint: format!("print of {key}"),
        }
    }

    #[test]
    fn a_changed_key_is_not_used_until_accepted_and_a_withdrawn_one_no_more() {
        let old = reader("school:HS01", "age1old");
        let new = reader("school:HS01", "age1new");
        let commune = reader("commune:x", "age1commune");
        let mut r = Readers {
            offered: vec![old.clone(), commune.clone()],
            accepted: vec![(old.clone(), 1)],
            ..Readers::default()
        };
        assert_eq!(r.standing(&commune), Standing::New);
        assert_eq!(r.recipients(), std::slice::from_ref(&old));
        // The hub now offers another key for the school: it is a changed key, not used.
        r.offered = vec![new.clone(), commune.clone()];
        assert_eq!(r.standing(&new), Standing::Changed);
        assert!(r.recipients().is_empty());
        r.accepted.push((new.clone(), 2));
        assert_eq!(r.recipients(), [new]);
    }
}
