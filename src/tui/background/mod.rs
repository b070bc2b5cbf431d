//! Syncing with the hub in the background while the interface runs: when to sync
//! ([`schedule`]), the thread that does it ([`worker`]), and where it stands as the status
//! bar and the sync screen show it ([`state`]).

pub mod schedule;
pub mod state;
pub mod worker;

mod app;

pub use state::{Problem, SyncState};
pub use worker::{Done, Event, Failure, Worker};
