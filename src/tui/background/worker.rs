//! The sync worker: a thread that syncs the notebook with its hub when [`Schedule`] says,
//! in the client's three phases. It plans and finishes with the store (briefly, between
//! the interface's writes); the network phase runs on a thread of its own that never sees
//! the store, so a hub that does not answer delays neither a key nor quitting.

use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::schedule::{Ended, Schedule};
use crate::hub::{self, Fetched, SetupError, SyncError, SyncReport};
use crate::store::Store;

/// What the worker tells the interface.
#[derive(Debug)]
pub enum Event {
    /// A sync started.
    Started,
    /// This device's changes not on the hub yet, counted after a save.
    Waiting(usize),
    /// A sync ended.
    Ended(Box<Done>),
}

/// How a sync ended, and what comes next.
#[derive(Debug)]
pub struct Done {
    pub result: Result<SyncReport, Failure>,
    /// When it ended, and when the worker tries next on its own.
    pub at: DateTime<Utc>,
    pub next_try: DateTime<Utc>,
    /// This device's changes not on the hub yet.
    pub waiting: usize,
}

/// Why a sync did not complete.
#[derive(Debug)]
pub enum Failure {
    Sync(SyncError),
    /// The joined hub's address or certificate file can't be used (said before any
    /// connection).
    Setup(SetupError),
}

enum Msg {
    Saved,
    SyncNow,
    Stop,
    /// The network phase's result, from its thread.
    Exchanged(Box<Fetched>),
}

/// The running worker. Dropping it stops it and waits for it (at most the length of a
/// finish phase): its share of the store is gone once this returns.
pub struct Worker {
    url: String,
    tx: Sender<Msg>,
    events: Receiver<Event>,
    thread: Option<JoinHandle<()>>,
}

impl Worker {
    /// Starts the worker when the notebook is joined to a hub; `None` (nothing runs)
    /// otherwise. The first sync is due at once.
    pub fn start(store: Arc<Store>) -> Option<Worker> {
        let binding = store.hub_binding().ok().flatten()?;
        let (tx, rx) = mpsc::channel();
        let (events_tx, events) = mpsc::channel();
        let to_self = tx.clone();
        let thread = std::thread::Builder::new()
            .name("sotay-sync".into())
            .spawn(move || run(store, rx, to_self, events_tx))
            .ok()?;
        Some(Worker {
            url: binding.url,
            tx,
            events,
            thread: Some(thread),
        })
    }

    /// The hub's URL as joined.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The interface saved something: sync a few seconds later.
    pub fn saved(&self) {
        let _ = self.tx.send(Msg::Saved);
    }

    /// Sync now (unless the hub asked to wait).
    pub fn sync_now(&self) {
        let _ = self.tx.send(Msg::SyncNow);
    }

    /// The events sent since the last call, without waiting.
    pub fn events(&self) -> Vec<Event> {
        self.events.try_iter().collect()
    }

    /// Waits up to `timeout` for the next event (the tests and the benchmark wait on it).
    pub fn wait_event(&self, timeout: Duration) -> Option<Event> {
        self.events.recv_timeout(timeout).ok()
    }

    /// Stops the worker and waits for its thread: a sync in its network phase is left to
    /// end on its own (it holds no store), one finishing is let finish.
    pub fn stop(&mut self) {
        let _ = self.tx.send(Msg::Stop);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.stop();
    }
}

impl std::fmt::Debug for Worker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Worker").field("url", &self.url).finish_non_exhaustive()
    }
}

/// The schedule's view of a result.
fn ended_as(result: &Result<SyncReport, Failure>) -> Ended {
    match result {
        Ok(_) => Ended::Ok,
        Err(Failure::Sync(SyncError::Unreachable { retry_after, .. })) => Ended::Unreachable {
            retry_after: *retry_after,
        },
        Err(_) => Ended::Failed,
    }
}

fn run(store: Arc<Store>, rx: Receiver<Msg>, to_self: Sender<Msg>, events: Sender<Event>) {
    let mut schedule = Schedule::new(Instant::now());
    let mut rng = StdRng::from_os_rng();
    // The change log's position at the start of the last sync that went through: this
    // device's changes from there on are not on the hub. Unknown at first: then the
    // changes not sealed yet are what waits.
    let mut acked: Option<u64> = None;
    // Set while a network phase runs: the log's position when it was planned.
    let mut in_flight: Option<Option<u64>> = None;
    let waiting = |acked: Option<u64>| store.own_changes_from(acked).unwrap_or(0);
    let _ = events.send(Event::Waiting(waiting(acked)));
    loop {
        let now = Instant::now();
        if in_flight.is_none() && schedule.is_due(now) {
            schedule.started(now);
            let _ = events.send(Event::Started);
            let position = store.log_position().ok();
            match start(&store, &to_self) {
                Ok(()) => in_flight = Some(position),
                Err(failure) => {
                    let result = Err(failure);
                    let _ = events.send(ended(&store, &mut schedule, &mut rng, result, waiting(acked)));
                }
            }
            continue;
        }
        // While the network phase runs, only messages can change anything.
        let timeout = match in_flight {
            Some(_) => Duration::from_secs(3600),
            None => schedule.due_at().saturating_duration_since(now),
        };
        match rx.recv_timeout(timeout) {
            Ok(Msg::Stop) | Err(RecvTimeoutError::Disconnected) => return,
            Ok(Msg::Saved) => {
                schedule.saved(Instant::now());
                let _ = events.send(Event::Waiting(waiting(acked)));
            }
            Ok(Msg::SyncNow) => schedule.sync_now(Instant::now()),
            Ok(Msg::Exchanged(fetched)) => {
                let position = in_flight.take().flatten();
                let result = hub::finish(&store, *fetched).map_err(Failure::Sync);
                if result.is_ok() {
                    acked = position;
                }
                let _ = events.send(ended(&store, &mut schedule, &mut rng, result, waiting(acked)));
            }
            Err(RecvTimeoutError::Timeout) => {}
        }
    }
}

/// Plans a sync (store) and starts its network phase on a thread of its own, which sends
/// its result back as a message.
fn start(store: &Store, to_self: &Sender<Msg>) -> Result<(), Failure> {
    let plan = hub::plan(store).map_err(Failure::Sync)?;
    let client = hub::client_for(plan.binding()).map_err(Failure::Setup)?;
    let to_self = to_self.clone();
    std::thread::Builder::new()
        .name("sotay-sync-net".into())
        .spawn(move || {
            let fetched = hub::exchange(&client, plan);
            // The worker may have stopped meanwhile: then nobody wants it.
            let _ = to_self.send(Msg::Exchanged(Box::new(fetched)));
        })
        .map_err(|e| {
            Failure::Sync(SyncError::Unreachable {
                reason: e.to_string(),
                retry_after: None,
            })
        })?;
    Ok(())
}

fn ended(
    store: &Store,
    schedule: &mut Schedule,
    rng: &mut StdRng,
    result: Result<SyncReport, Failure>,
    waiting: usize,
) -> Event {
    let wait = schedule.ended(Instant::now(), ended_as(&result), rng.random::<f64>());
    let at = store.clock().now();
    let next_try = chrono::Duration::from_std(wait)
        .ok()
        .and_then(|d| at.checked_add_signed(d))
        .unwrap_or(at);
    Event::Ended(Box::new(Done {
        result,
        at,
        next_try,
        waiting,
    }))
}
