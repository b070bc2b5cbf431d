//! The app's side of the background sync: starting and stopping the worker, telling it of
//! saves, the sync-now key, and taking in its events (pulled changes shown at once).

use super::{SyncState, Worker};
use crate::i18n::background::B;
use crate::tui::action::{Action, Context};
use crate::tui::app::{App, Screen};
use crate::tui::case_update::Select;

impl App {
    /// Starts syncing in the background when the notebook is joined to a hub (nothing runs
    /// otherwise). The first sync starts at once.
    pub fn start_sync(&mut self) {
        if self.worker.is_some() {
            return;
        }
        let Some(worker) = Worker::start(self.store.clone()) else {
            return;
        };
        let last = self
            .store
            .hub_stats()
            .ok()
            .and_then(|s| s.last_synced_millis)
            .and_then(chrono::DateTime::from_timestamp_millis)
            .map(super::state::local);
        self.sync = Some(SyncState::new(worker.url(), last));
        self.worker = Some(worker);
    }

    /// Stops the worker and waits for it (quitting does this before the store is dropped).
    pub fn stop_sync(&mut self) {
        if let Some(mut w) = self.worker.take() {
            w.stop();
        }
    }

    /// Where syncing with the hub stands; `None` when the notebook is joined to no hub.
    pub fn sync_state(&self) -> Option<&SyncState> {
        self.sync.as_ref()
    }

    /// The worker's share of the app, for tests and the benchmark that wait on its events.
    pub fn sync_worker(&self) -> Option<&Worker> {
        self.worker.as_ref()
    }

    /// Shows `state` as where syncing stands, with no worker (the snapshots of the status
    /// bar's words use it).
    pub fn set_sync_state(&mut self, state: SyncState) {
        self.sync = Some(state);
    }

    /// Waits up to `timeout` for the worker's next event and takes it in; false when none
    /// came (or no worker runs). Tests and the benchmark wait on it instead of sleeping.
    pub fn wait_sync(&mut self, timeout: std::time::Duration) -> bool {
        let Some(event) = self.worker.as_ref().and_then(|w| w.wait_event(timeout)) else {
            return false;
        };
        self.take_sync_event(event);
        true
    }

    /// Takes in the worker's events sent since the last call, without waiting. Returns
    /// whether anything changed (the screen needs drawing).
    pub fn poll_sync(&mut self) -> bool {
        let events = match &self.worker {
            Some(w) => w.events(),
            None => return false,
        };
        let any = !events.is_empty();
        for e in events {
            self.take_sync_event(e);
        }
        any
    }

    /// Takes in one event of the worker. A sync that applied changes makes the app read
    /// the notebook again, as after its own writes; every ended sync refreshes the sync
    /// screen (its attempts and bytes).
    pub fn take_sync_event(&mut self, event: super::Event) {
        let ended = matches!(event, super::Event::Ended(_));
        let Some(state) = &mut self.sync else { return };
        let applied = state.take(self.lang, &event);
        if applied {
            // The worker's writes are not the teacher's saves: no sync is owed for them.
            self.seen_saved = self.store.last_saved();
            if let Err(e) = self.reload(Select::Keep) {
                self.read_failed(&e);
            }
        } else if ended && let Err(e) = self.refresh_sync() {
            self.read_failed(&e);
        }
    }

    /// After an action: a write since the last look is a save the worker syncs soon.
    pub(crate) fn notice_saves(&mut self) {
        let saved = self.store.last_saved();
        if saved != self.seen_saved {
            self.seen_saved = saved;
            if let Some(w) = &self.worker {
                w.saved();
            }
        }
    }

    /// The sync-now key: syncs (when joined) and shows the sync screen with the details.
    pub(crate) fn sync_now(&mut self) {
        match &self.worker {
            Some(w) => {
                w.sync_now();
                self.info(B::SyncAsked.get(self.lang).to_string());
            }
            None => self.info(crate::i18n::hub::H::NotJoined.get(self.lang).to_string()),
        }
        if !matches!(self.screen(), Screen::Sync(_)) {
            self.open_sync();
        }
    }

    /// The key that shows the sync screen, as the status bar names it.
    pub fn sync_key(&self) -> String {
        self.key_for(Context::Global, Action::SyncNow)
    }
}
