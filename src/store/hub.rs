//! The hub this notebook syncs through, and what syncing did lately. Both live in the `sync`
//! tree: never synced (they are this device's), never logged (the token opens the account
//! on the hub).

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::Store;
use super::error::StoreError;
use super::layout::{SYNC_HUB_BINDING, SYNC_HUB_STATS};

/// How many attempts the statistics keep.
pub const ATTEMPTS_KEPT: usize = 10;
/// How many calendar months of byte counts are kept.
pub const MONTHS_KEPT: usize = 24;

/// The hub this notebook is joined to.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Binding {
    /// The hub's base URL, checked when joining (`https://…`, or `http://` to loopback or
    /// with `insecure`), without a trailing slash.
    pub url: String,
    /// This device's bearer token on the hub.
    pub token: String,
    /// The device id the token was enrolled for: a notebook that took a new id (a copy)
    /// finds it differs, and enrols its new id.
    pub device: Uuid,
    /// A school's own root certificate (a PEM file), trusted besides the usual roots.
    pub ca: Option<String>,
    /// Plain HTTP to a host other than this computer was allowed.
    pub insecure: bool,
}

impl fmt::Debug for Binding {
    // The token stays out of every log and panic message.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Binding")
            .field("url", &self.url)
            .field("token", &"…")
            .field("device", &self.device)
            .field("ca", &self.ca)
            .field("insecure", &self.insecure)
            .finish()
    }
}

/// One sync attempt.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attempt {
    /// When it ended, milliseconds since 1970.
    pub at_millis: i64,
    /// How it ended, a stable text code: `ok`, `unreachable`, `refused`, `failed`.
    pub outcome: String,
    /// Bytes sent and received (request and answer bodies).
    pub sent: u64,
    pub received: u64,
}

/// Bytes sent and received in one calendar month (teachers pay for mobile data).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthBytes {
    pub sent: u64,
    pub received: u64,
}

/// What syncing through the hub did lately.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HubStats {
    /// The end of the last sync that succeeded, milliseconds since 1970.
    pub last_synced_millis: Option<i64>,
    /// The last [`ATTEMPTS_KEPT`] attempts, oldest first.
    pub attempts: Vec<Attempt>,
    /// Bytes per calendar month (`YYYY-MM`, local time), the last [`MONTHS_KEPT`].
    pub months: BTreeMap<String, MonthBytes>,
}

impl HubStats {
    /// Adds an attempt that ended at `at` (counted in the month `month`).
    pub fn add(&mut self, attempt: Attempt, month: String) {
        if attempt.outcome == "ok" {
            self.last_synced_millis = Some(attempt.at_millis);
        }
        let m = self.months.entry(month).or_default();
        m.sent += attempt.sent;
        m.received += attempt.received;
        while self.months.len() > MONTHS_KEPT {
            self.months.pop_first();
        }
        self.attempts.push(attempt);
        let extra = self.attempts.len().saturating_sub(ATTEMPTS_KEPT);
        self.attempts.drain(..extra);
    }
}

impl Store {
    /// The hub this notebook is joined to, if any.
    pub fn hub_binding(&self) -> Result<Option<Binding>, StoreError> {
        self.sync_get(SYNC_HUB_BINDING, "hub binding")
    }

    /// Joins the notebook to a hub (or records the token its new device id was enrolled
    /// with, or a changed certificate or URL).
    pub fn set_hub_binding(&self, binding: &Binding) -> Result<(), StoreError> {
        let _writer = self.writer()?;
        self.sync_put(SYNC_HUB_BINDING, binding)?;
        self.flush()
    }

    /// What syncing through the hub did lately.
    pub fn hub_stats(&self) -> Result<HubStats, StoreError> {
        Ok(self.sync_get(SYNC_HUB_STATS, "hub statistics")?.unwrap_or_default())
    }

    /// Where the change log stands: changes written from now on come at or after it. The
    /// interface's sync worker reads it before a sync, to count what a later save adds.
    pub fn log_position(&self) -> Result<u64, StoreError> {
        self.next_seq()
    }

    /// How many of this device's changes that travel (not its local settings) were
    /// written at or after `from`; with `None`, those not sealed into a batch yet. What
    /// the status bar calls "changes waiting".
    pub fn own_changes_from(&self, from: Option<u64>) -> Result<usize, StoreError> {
        let from = match from {
            Some(f) => f,
            None => self
                .sync_get(super::layout::SYNC_SEALED_SEQ, "sealed sequence")?
                .unwrap_or(0),
        };
        let device = self.device_id();
        Ok(self
            .changes_from(from)?
            .iter()
            .filter(|c| c.hlc.device == device && !c.kind.rules().local.contains(&c.field.as_str()))
            .count())
    }

    /// Records a sync attempt that ended now.
    pub fn note_hub_attempt(&self, outcome: &str, sent: u64, received: u64) -> Result<(), StoreError> {
        let now = self.clock().now();
        let month = now.with_timezone(&chrono::Local).format("%Y-%m").to_string();
        let _writer = self.writer()?;
        let mut stats = self.hub_stats()?;
        stats.add(
            Attempt {
                at_millis: now.timestamp_millis(),
                outcome: outcome.to_string(),
                sent,
                received,
            },
            month,
        );
        self.sync_put(SYNC_HUB_STATS, &stats)?;
        self.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attempt(at: i64, outcome: &str) -> Attempt {
        Attempt {
            at_millis: at,
            outcome: outcome.into(),
            sent: 10,
            received: 5,
        }
    }

    #[test]
    fn stats_keep_the_last_attempts_and_months_and_the_last_success() {
        let mut s = HubStats::default();
        for i in 0..15 {
            let outcome = if i == 12 { "ok" } else { "unreachable" };
            s.add(attempt(i, outcome), format!("2026-{:02}", 1 + i % 3));
        }
        assert_eq!(s.attempts.len(), ATTEMPTS_KEPT);
        assert_eq!(s.attempts[0].at_millis, 5);
        assert_eq!(s.last_synced_millis, Some(12));
        assert_eq!(s.months["2026-01"], MonthBytes { sent: 50, received: 25 });
        for m in 0..30 {
            s.add(attempt(100, "ok"), format!("{:04}-01", 2000 + m));
        }
        assert_eq!(s.months.len(), MONTHS_KEPT);
        assert!(s.months.contains_key("2029-01"));
    }

    #[test]
    fn the_token_stays_out_of_debug_output() {
        let b = Binding {
            url: "https://hub.example".into(),
            token: "secret-token-value".into(),
            device: Uuid::nil(),
            ca: None,
            insecure: false,
        };
        assert!(!format!("{b:?}").contains("secret-token-value"));
    }
}
