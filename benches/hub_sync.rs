//! Sync through a local hub (docs/performance.md, "Sync through the hub"): 10,000 changes
//! pushed by one device, then pulled by a second, through the release `sotay-hub` on
//! 127.0.0.1 (built when missing). Times the push (the batches sealed beforehand, as a
//! save's sealing is measured in benches/sync.rs) and the pull (downloaded, verified,
//! decrypted and applied), and prints the bytes on the wire (request and answer bodies, as
//! the client counts them) against the same changes' payloads compressed without
//! encryption: budget ≤ 1.3×.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

mod support;

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use sotay::clock::{Clock, FixedClock};
use sotay::hub::{Client, Options, sync_once};
use sotay::i18n::Lang;
use sotay::store::{Binding, Store};
use sotay::sync::{AccountKeys, AccountSecret, DeviceKey};
use sotay_wire::api::{EnrolRequest, key_to_text};
use support::Hub;

/// Pupils of the demo school whose notebook logs almost 10,000 changes; edits of pupils'
/// notes make up the rest (as in benches/sync.rs).
const PUPILS_FOR_10K: usize = 360;
const CHANGES: usize = 10_000;

/// The template: the demo of 360 pupils and notes edits, exactly 10,000 changes to send.
fn template(dir: &Path, clock: &Arc<FixedClock>) {
    let store = Store::open_with_clock(dir, clock.clone()).unwrap();
    sotay::demo::fill(
        &store,
        &sotay::demo::generate(PUPILS_FOR_10K, 1, clock.today(), Lang::Vi),
    )
    .unwrap();
    // Every change is sent but the profile's interface language, this device's own.
    let sent = store.changes().unwrap().len() - 1;
    let pupils = store.students().unwrap();
    for (n, p) in pupils.iter().cycle().take(CHANGES - sent).enumerate() {
        let mut p = p.clone();
        p.notes = format!("Ghi chú {n}");
        store.save_student(&p).unwrap();
    }
}

/// A device in `dir` enrolled on the hub with `code`, of the account of `secret`: the
/// notebook `from` copied (its changes all to seal), or an empty one.
fn device(
    hub: &Hub,
    dir: &Path,
    from: Option<&Path>,
    secret: &AccountSecret,
    code: &str,
    clock: &Arc<FixedClock>,
) -> (Store, Client) {
    if let Some(template) = from {
        for entry in std::fs::read_dir(template).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
            }
        }
    }
    let store = Store::open_with_clock(dir, clock.clone()).unwrap();
    let key = DeviceKey::generate();
    store.set_account_with_key(secret, &key).unwrap();
    let client = Client::new(&hub.url, None, &Options::default()).unwrap();
    let enrolled = client
        .enrol(&EnrolRequest {
            code: code.into(),
            account: AccountKeys::from_secret(secret).account_id(),
            device: store.device_id(),
            public_key: key_to_text(&key.public()),
        })
        .unwrap();
    client.set_token(enrolled.token.clone());
    store
        .set_hub_binding(&Binding {
            url: hub.url.clone(),
            token: enrolled.token,
            device: enrolled.device,
            ca: None,
            insecure: false,
        })
        .unwrap();
    (store, client)
}

/// The payloads of `store`'s own batches compressed as a batch compresses them, without
/// encryption or signatures: what the wire is held against.
fn compressed_payloads(store: &Store) -> (usize, usize) {
    let keys = store.account_keys().unwrap();
    let (mut batches, mut compressed) = (0, 0);
    for (d, n) in store.held_numbers().unwrap() {
        let sealed = store.held_batch(d, n).unwrap().unwrap();
        let payload = sotay::sync::open(&keys, &sealed).unwrap().payload;
        let mut z = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(&payload).unwrap();
        compressed += z.finish().unwrap().len();
        batches += 1;
    }
    (batches, compressed)
}

fn bench_hub_sync(c: &mut Criterion) {
    let clock = Arc::new(FixedClock::on(2026, 11, 28));
    let templates = tempfile::tempdir().unwrap();
    template(templates.path(), &clock);
    let hub = Hub::start();
    // Once, for the sizes and for the pull to have something: a push and a pull.
    let secret = AccountSecret::generate();
    let dirs = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let code = hub.enrol_class("BENCH01", "8A", "2026-2027");
    let (a, client_a) = device(&hub, dirs.0.path(), Some(templates.path()), &secret, &code, &clock);
    a.seal_pending().unwrap();
    let started = Instant::now();
    let pushed = sync_once(&a, &client_a).unwrap();
    let push_once = started.elapsed();
    assert_eq!(pushed.changes_sent, CHANGES);
    let code = client_a.invite().unwrap().code;
    let (b, client_b) = device(&hub, dirs.1.path(), None, &secret, &code, &clock);
    let started = Instant::now();
    let pulled = sync_once(&b, &client_b).unwrap();
    let pull_once = started.elapsed();
    assert_eq!(pulled.changes_received, CHANGES);
    let (batches, compressed) = compressed_payloads(&a);
    let (sent, received) = (client_a.bytes().0, client_b.bytes().1);
    println!(
        "{CHANGES} changes in {batches} batches: pushed in {push_once:.2?} ({sent} bytes sent, {:.1} kB), \
         pulled in {pull_once:.2?} ({received} bytes received, {:.1} kB); compressed without encryption \
         {compressed} bytes; push / compressed = {:.3}, pull / compressed = {:.3} (budget 1.3)",
        sent as f64 / 1024.0,
        received as f64 / 1024.0,
        sent as f64 / compressed as f64,
        received as f64 / compressed as f64,
    );
    drop((a, b));

    let mut g = c.benchmark_group("hub_sync");
    // Each iteration enrols a device and copies a notebook first (not timed): a few
    // iterations, each timed alone.
    g.sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(1))
        .measurement_time(Duration::from_secs(1));
    // A device of a new account, on a new hub, uploads its 13 batches (status, then one PUT
    // each).
    g.bench_function("push_10000_changes", |bench| {
        bench.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                // A hub of its own: every copy of the template has the template's device id.
                let hub = Hub::start();
                let dir = tempfile::tempdir().unwrap();
                let secret = AccountSecret::generate();
                let code = hub.enrol_class("BENCH01", "8A", "2026-2027");
                let (store, client) = device(&hub, dir.path(), Some(templates.path()), &secret, &code, &clock);
                store.seal_pending().unwrap();
                let started = Instant::now();
                let report = sync_once(&store, &client).unwrap();
                total += started.elapsed();
                assert_eq!(report.changes_sent, CHANGES);
            }
            total
        })
    });
    // A new device of the first account downloads, verifies and applies them all.
    g.bench_function("pull_10000_changes", |bench| {
        bench.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let dir = tempfile::tempdir().unwrap();
                let code = client_a.invite().unwrap().code;
                let (store, client) = device(&hub, dir.path(), None, &secret, &code, &clock);
                let started = Instant::now();
                let report = sync_once(&store, &client).unwrap();
                total += started.elapsed();
                assert_eq!(report.changes_received, CHANGES);
            }
            total
        })
    });
    g.finish();
}

criterion_group!(benches, bench_hub_sync);
criterion_main!(benches);
