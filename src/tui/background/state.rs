//! Where syncing with the hub stands, as the status bar and the sync screen show it: built
//! from the worker's events in `update`, so drawing only reads it. It holds times, counts
//! and stable codes, never personal data.

use chrono::{Local, NaiveDate, NaiveDateTime};
use sotay_wire::api::ErrorCode;

use super::worker::{Done, Event, Failure};
use crate::hub::{BatchRefusal, Refused, SyncError};
use crate::i18n::Lang;
use crate::i18n::background::B;
use crate::store::Refusal;

/// What went wrong in the last sync, as the status bar says it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// The hub was out of reach (or busy): nothing lost, the worker tries again.
    Offline,
    /// This device was revoked on the hub.
    Revoked,
    /// The hub does not know this device's token.
    Unauthorized,
    /// The hub's certificate is not trusted.
    Certificate,
    /// A downloaded change is dated far ahead of this computer's clock.
    ClockAhead,
    /// A downloaded batch was refused (altered, forged, a fork…).
    BatchRefused,
    /// The hub refused, with its stable code.
    HubRefused(String),
    /// The hub answered what the API does not allow (a wrong address?).
    BadAnswer,
    /// Failed on this computer (the notebook could not be read or written).
    Failed,
}

impl Problem {
    fn of(failure: &Failure) -> Problem {
        match failure {
            Failure::Setup(_) => Problem::Failed,
            Failure::Sync(e) => match e {
                SyncError::Unreachable { .. } => Problem::Offline,
                SyncError::Refused(Refused::Hub(e)) => match e.code {
                    ErrorCode::Revoked => Problem::Revoked,
                    ErrorCode::Unauthorized => Problem::Unauthorized,
                    code => Problem::HubRefused(code.as_str().to_string()),
                },
                SyncError::Refused(Refused::Certificate(_)) => Problem::Certificate,
                SyncError::Refused(Refused::BadAnswer(_)) => Problem::BadAnswer,
                SyncError::Refused(Refused::Batches { refused, .. }) => {
                    if refused
                        .iter()
                        .any(|b| matches!(b.reason, BatchRefusal::Store(Refusal::ClockAhead { .. })))
                    {
                        Problem::ClockAhead
                    } else {
                        Problem::BatchRefused
                    }
                }
                SyncError::NotJoined | SyncError::Store(_) => Problem::Failed,
            },
        }
    }
}

/// Where syncing stands. Times are local.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyncState {
    /// The hub's URL.
    pub url: String,
    /// A sync is running.
    pub syncing: bool,
    /// The end of the last sync that went through.
    pub last_synced: Option<NaiveDateTime>,
    /// This device's changes not on the hub yet.
    pub waiting: usize,
    /// What went wrong in the last sync, if it did not go through.
    pub problem: Option<Problem>,
    /// When the worker tries next on its own.
    pub next_try: Option<NaiveDateTime>,
    /// What the last sync did or why it failed, in full (the sync screen shows it).
    pub said: Option<(String, bool)>,
}

/// A UTC time on this computer's clock face.
pub fn local(t: chrono::DateTime<chrono::Utc>) -> NaiveDateTime {
    t.with_timezone(&Local).naive_local()
}

/// `14:05` today, `02/03 14:05` another day.
pub fn clock_time(t: NaiveDateTime, today: NaiveDate) -> String {
    if t.date() == today {
        t.format("%H:%M").to_string()
    } else {
        t.format("%d/%m %H:%M").to_string()
    }
}

impl SyncState {
    /// Nothing known yet but the hub (the first sync is about to start).
    pub fn new(url: &str, last_synced: Option<NaiveDateTime>) -> SyncState {
        SyncState {
            url: url.to_string(),
            syncing: false,
            last_synced,
            waiting: 0,
            problem: None,
            next_try: None,
            said: None,
        }
    }

    /// Takes in one of the worker's events, with the words in `lang`. Returns whether the
    /// sync applied changes (so what is shown must be read again).
    pub fn take(&mut self, lang: Lang, event: &Event) -> bool {
        match event {
            Event::Started => {
                self.syncing = true;
                false
            }
            Event::Waiting(n) => {
                self.waiting = *n;
                false
            }
            Event::Ended(done) => self.ended(lang, done),
        }
    }

    fn ended(&mut self, lang: Lang, done: &Done) -> bool {
        self.syncing = false;
        self.waiting = done.waiting;
        self.next_try = Some(local(done.next_try));
        match &done.result {
            Ok(report) => {
                self.problem = None;
                self.last_synced = Some(local(done.at));
                self.said = Some((crate::i18n::hub::report(lang, report), false));
                report.changes_received > 0 || report.renewed.is_some() || report.enrolled.is_some()
            }
            Err(failure) => {
                self.problem = Some(Problem::of(failure));
                let said = match failure {
                    Failure::Sync(e) => crate::i18n::hub::sync_error(lang, &self.url, e),
                    Failure::Setup(e) => crate::i18n::hub::setup_error(lang, &self.url, e),
                };
                self.said = Some((said, true));
                // Batches applied before a refused one still changed the notebook.
                matches!(failure, Failure::Sync(SyncError::Refused(Refused::Batches { report, .. })) if report.changes_received > 0)
            }
        }
    }

    /// The status bar's item: what is going on, or what went wrong and what to do.
    /// `details` names the key that shows the sync screen.
    pub fn status_text(&self, lang: Lang, today: NaiveDate, details: &str) -> String {
        if self.syncing {
            return B::Syncing.get(lang).to_string();
        }
        let at = |t: Option<NaiveDateTime>| t.map_or_else(|| "?".to_string(), |t| clock_time(t, today));
        match &self.problem {
            Some(Problem::Offline) if self.waiting > 0 => {
                return B::OfflineWaiting.fill(lang, &[&self.waiting, &at(self.next_try)]);
            }
            Some(Problem::Offline) => return B::Offline.fill(lang, &[&at(self.next_try)]),
            Some(Problem::Revoked) => return B::Revoked.get(lang).to_string(),
            Some(Problem::Unauthorized) => return B::Unauthorized.get(lang).to_string(),
            Some(Problem::Certificate) => return B::Certificate.fill(lang, &[&details]),
            Some(Problem::ClockAhead) => return B::ClockAhead.get(lang).to_string(),
            Some(Problem::BatchRefused) => return B::BatchRefused.fill(lang, &[&details]),
            Some(Problem::HubRefused(code)) => return B::HubRefused.fill(lang, &[code, &details]),
            Some(Problem::BadAnswer) => return B::BadAnswer.get(lang).to_string(),
            Some(Problem::Failed) => return B::Failed.fill(lang, &[&details]),
            None => {}
        }
        if self.waiting > 0 {
            return B::Waiting.fill(lang, &[&self.waiting]);
        }
        match self.last_synced {
            Some(t) => B::SyncedAt.fill(lang, &[&clock_time(t, today)]),
            None => B::NeverSynced.get(lang).to_string(),
        }
    }
}
