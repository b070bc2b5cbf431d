//! Syncing through a hub (`sotay-hub`): the HTTP client, and one sync in three phases
//! that never hold the store while the network is waited on.

pub mod client;
pub mod publish;
pub mod pull;
pub mod sync;

pub use client::{Client, HubError, Options, SetupError, check_url};
pub use sync::{
    BatchRefusal, Fetched, Plan, Refused, RefusedBatch, SyncError, SyncReport, exchange, finish, plan, sync_once,
};

use crate::store::Binding;

/// A client of the hub a notebook is joined to, with its token.
pub fn client_for(binding: &Binding) -> Result<Client, SetupError> {
    let options = Options {
        ca: binding.ca.as_ref().map(std::path::PathBuf::from),
        insecure: binding.insecure,
    };
    Client::new(&binding.url, Some(binding.token.clone()), &options)
}

// The phases' values cross threads (the interface runs `exchange` on a worker): checked
// when compiling.
const _: () = {
    const fn send<T: Send>() {}
    const fn shared<T: Send + Sync>() {}
    send::<Plan>();
    send::<Fetched>();
    send::<SyncReport>();
    send::<SyncError>();
    shared::<Client>();
};
