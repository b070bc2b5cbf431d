//! Sync's fault and security proof against a real `sotay-hub`: a scripted proxy between a
//! device and the hub ([`proxy`]), faults of the network and of the hub ([`faults`]), and
//! what a hub, or anyone with its disk, can neither read nor forge ([`security`]).
//! Every person here is invented.

mod faults;
mod proxy;
mod security;
#[allow(dead_code)]
#[path = "../common/sync_fixtures.rs"]
mod sync_fixtures;

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use sotay::domain::Student;
use sotay::hub::Client;
use sotay::store::Store;
use sotay::sync::{envelope, wire};
use uuid::Uuid;

use crate::hub_support::*;

/// The batches the sync's summary says were sent (`Batches sent: N`).
fn batches_sent(r: &Ran) -> usize {
    r.stdout
        .split("Batches sent: ")
        .nth(1)
        .and_then(|t| t.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count of batches sent in {:?}", r.stdout))
}

/// Saves `notes` on the pupil `at` (by name order) in `nb`: one acknowledged change.
fn note(nb: &Path, at: usize, notes: &str) -> Uuid {
    let p = Student {
        notes: notes.into(),
        ..pupils_by_name(nb)[at].clone()
    };
    Store::open(nb).unwrap().save_student(&p).unwrap();
    p.id
}

/// A client of the hub as `nb` is joined to it, with its token, straight to `url`.
fn client_of(nb: &Path, url: &str) -> Client {
    let binding = Store::open(nb).unwrap().hub_binding().unwrap().expect("joined");
    Client::new(url, Some(binding.token), &Default::default()).unwrap()
}

/// Every batch the hub holds of `nb`'s account, per device, from 1 to its head, read
/// through the API with `nb`'s token (straight from the hub at `url`).
fn on_hub(nb: &Path, url: &str) -> BTreeMap<Uuid, Vec<Vec<u8>>> {
    let client = client_of(nb, url);
    let status = client.status().unwrap();
    let mut out = BTreeMap::new();
    for d in status.devices {
        let mut batches: Vec<Vec<u8>> = Vec::new();
        while (batches.len() as u64) < d.head {
            let page = client
                .page(d.device, batches.len() as u64, sotay_wire::api::PAGE_MAX_BATCHES)
                .unwrap();
            let got = sotay_wire::api::decode_page(&page, sotay_wire::batch::MAX_SEALED).unwrap();
            assert!(!got.is_empty(), "the hub's status says {} but its pages end", d.head);
            batches.extend(got.into_iter().map(<[u8]>::to_vec));
        }
        // Nothing past the head.
        let after = client.page(d.device, d.head, 10).unwrap();
        assert!(
            sotay_wire::api::decode_page(&after, sotay_wire::batch::MAX_SEALED)
                .unwrap()
                .is_empty(),
            "the hub holds batches past its head"
        );
        // A device that sent nothing yet is not among what a notebook holds.
        if !batches.is_empty() {
            out.insert(d.device, batches);
        }
    }
    out
}

/// Every batch `nb` holds, per device, asserting they are numbered from 1 without a gap.
fn held(nb: &Path) -> BTreeMap<Uuid, Vec<Vec<u8>>> {
    let s = Store::open(nb).unwrap();
    let mut by: BTreeMap<Uuid, Vec<u64>> = BTreeMap::new();
    for (d, n) in s.held_numbers().unwrap() {
        by.entry(d).or_default().push(n);
    }
    by.into_iter()
        .map(|(d, mut numbers)| {
            numbers.sort();
            let want: Vec<u64> = (1..=numbers.len() as u64).collect();
            assert_eq!(numbers, want, "{} holds batches of {d} with a gap", nb.display());
            let bytes = numbers.iter().map(|n| s.held_batch(d, *n).unwrap().unwrap()).collect();
            (d, bytes)
        })
        .collect()
}

/// Every acknowledged change arrived exactly once and the devices converged: the hub holds
/// each device's batches from 1 without a gap and nothing past them, every device holds
/// the very same batches, no change is in two batches (nothing was sealed or stored
/// twice), and the devices show the same pupils, full-detail export and summary.
fn assert_exactly_once_and_converged(url: &str, nbs: &[&Path]) {
    let hub = on_hub(nbs[0], url);
    for nb in nbs {
        let here = held(nb);
        let count = |m: &BTreeMap<Uuid, Vec<Vec<u8>>>| m.iter().map(|(d, b)| (*d, b.len())).collect::<Vec<_>>();
        assert!(
            here == hub,
            "{} holds other batches than the hub: {:?} against {:?}",
            nb.display(),
            count(&here),
            count(&hub)
        );
    }
    let keys = Store::open(nbs[0]).unwrap().account_keys().unwrap();
    let mut changes = HashSet::new();
    for (device, batches) in &hub {
        for (i, b) in batches.iter().enumerate() {
            let opened = envelope::open(&keys, b).unwrap();
            assert_eq!((opened.header.device, opened.header.number), (*device, i as u64 + 1));
            for c in wire::decode(&opened.payload).unwrap() {
                let key = (c.id, c.field.clone(), c.hlc.millis, c.hlc.counter, c.hlc.device);
                assert!(changes.insert(key), "a change of {} is in two batches", c.id);
            }
        }
    }
    let first = seen(nbs[0]);
    for nb in &nbs[1..] {
        assert!(seen(nb) == first, "{} differs from {}", nb.display(), nbs[0].display());
    }
}
