//! Sync's budgets (docs/performance.md): sealing 10,000 changes into batches ≤ 1 s, and
//! applying them (a bundle verified, decrypted and applied) ≤ 1 s; a bundle at most 1.3
//! times the same changes compressed without encryption; and the demo class (45 pupils, a
//! school year of records) as one bundle: its size, and the time to import it into an empty
//! folder as a new device of the account. The sizes are printed before the timings.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use sotay::clock::{Clock, FixedClock};
use sotay::i18n::Lang;
use sotay::store::Store;
use sotay::sync::exchange;
use sotay::sync::{AccountKeys, AccountSecret};

/// Pupils of the demo school whose notebook logs almost 10,000 changes (their records and
/// follow-up); edits of pupils' notes make up the rest.
const PUPILS_FOR_10K: usize = 360;
/// The changes sealed and applied.
const CHANGES: usize = 10_000;
/// The demo class.
const CLASS: usize = 45;

fn secret() -> AccountSecret {
    AccountSecret::from_bytes([0x2a; 32])
}

/// A notebook in `dir` holding the demo of `pupils` and, when `changes` is given, as many
/// edits of pupils' notes as make exactly that many changes to send. No account yet.
fn demo_notebook(dir: &Path, clock: &Arc<FixedClock>, pupils: usize, changes: Option<usize>) {
    let store = Store::open_with_clock(dir, clock.clone()).unwrap();
    sotay::demo::fill(&store, &sotay::demo::generate(pupils, 1, clock.today(), Lang::Vi)).unwrap();
    // Every change is sent but the profile's interface language, this device's own.
    let sent = store.changes().unwrap().len() - 1;
    if let Some(target) = changes {
        let pupils = store.students().unwrap();
        assert!(sent <= target, "{sent} changes already");
        for (n, p) in pupils.iter().cycle().take(target - sent).enumerate() {
            let mut p = p.clone();
            p.notes = format!("Ghi chú {n}");
            store.save_student(&p).unwrap();
        }
    }
}

/// A copy of the notebook `template` in `dir`, made a device of the account: its changes
/// are all there to seal. (A notebook of an account copied to another folder would take a
/// new device id, and seal none of what it held.)
fn device_from(template: &Path, dir: &Path, clock: &Arc<FixedClock>) -> Store {
    for entry in std::fs::read_dir(template).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
        }
    }
    let store = Store::open_with_clock(dir, clock.clone()).unwrap();
    store.set_account(&secret()).unwrap();
    store
}

/// An empty notebook of the account, as a new device is before its first import.
fn new_device(dir: &Path, clock: &Arc<FixedClock>) -> Store {
    let store = Store::open_with_clock(dir, clock.clone()).unwrap();
    store.set_account(&secret()).unwrap();
    store
}

/// The bundle of the notebook `template`, and the number of changes in it.
fn bundle_of(template: &Path, clock: &Arc<FixedClock>) -> (Vec<u8>, usize) {
    let dir = tempfile::tempdir().unwrap();
    let store = device_from(template, dir.path(), clock);
    let (bytes, _) = exchange::export(&store).unwrap();
    let keys = AccountKeys::from_secret(&secret());
    let changes = sotay::sync::read_bundle(&bytes)
        .unwrap()
        .iter()
        .map(|b| {
            sotay::sync::wire::decode(&sotay::sync::open(&keys, b).unwrap().payload)
                .unwrap()
                .len()
        })
        .sum();
    (bytes, changes)
}

/// Prints a bundle's size against its batches' payloads (the changes as encoded inside a
/// batch) compressed as a batch compresses them, without encryption or signatures.
fn print_sizes(what: &str, bundle: &[u8], changes: usize) {
    let keys = AccountKeys::from_secret(&secret());
    let batches = sotay::sync::read_bundle(bundle).unwrap();
    let deflate = |bytes: &[u8]| {
        let mut z = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(bytes).unwrap();
        z.finish().unwrap().len()
    };
    let (mut payload, mut compressed, mut all) = (0, 0, Vec::new());
    for b in &batches {
        let opened = sotay::sync::open(&keys, b).unwrap();
        payload += opened.payload.len();
        compressed += deflate(&opened.payload);
        all.extend_from_slice(&opened.payload);
    }
    let whole = deflate(&all);
    println!(
        "{what}: {changes} changes in {} batches; bundle {} bytes ({:.1} kB); payload {payload} bytes, \
         compressed without encryption {compressed} bytes batch by batch, {whole} bytes as one stream; \
         bundle / compressed = {:.3} ({:.3} against one stream); {} bytes a batch more",
        batches.len(),
        bundle.len(),
        bundle.len() as f64 / 1024.0,
        bundle.len() as f64 / compressed as f64,
        bundle.len() as f64 / whole as f64,
        (bundle.len() - compressed) / batches.len(),
    );
}

/// Prints the size of the notebook `template`'s changes sealed in batches of `per_batch`
/// changes (a bundle after many small exports: every batch carries the same signature,
/// keys and age header, whatever it holds) against the same batches compressed.
fn print_small_batches(template: &Path, clock: &Arc<FixedClock>, per_batch: usize) {
    let dir = tempfile::tempdir().unwrap();
    let store = device_from(template, dir.path(), clock);
    let sent: Vec<_> = store
        .changes()
        .unwrap()
        .into_iter()
        .filter(|c| !c.kind.rules().local.contains(&c.field.as_str()))
        .collect();
    let (keys, device) = (
        AccountKeys::from_secret(&secret()),
        sotay::sync::DeviceKey::from_bytes(&[3; 32]),
    );
    let batches: Vec<Vec<u8>> = sent
        .chunks(per_batch)
        .zip(1..)
        .map(|(run, n)| {
            sotay::sync::seal(&keys, &device, store.device_id(), n, &sotay::sync::wire::encode(run)).unwrap()
        })
        .collect();
    let refs: Vec<&[u8]> = batches.iter().map(Vec::as_slice).collect();
    let mut bundle = Vec::new();
    sotay::sync::write_bundle(&mut bundle, &refs).unwrap();
    print_sizes(&format!("the same in batches of {per_batch}"), &bundle, sent.len());
}

fn bench_sync(c: &mut Criterion) {
    let clock = Arc::new(FixedClock::on(2026, 11, 28));
    let templates = tempfile::tempdir().unwrap();
    let (school_dir, class_dir) = (templates.path().join("school"), templates.path().join("class"));
    demo_notebook(&school_dir, &clock, PUPILS_FOR_10K, Some(CHANGES));
    demo_notebook(&class_dir, &clock, CLASS, None);
    let (school, changes) = bundle_of(&school_dir, &clock);
    assert_eq!(changes, CHANGES);
    print_sizes("school", &school, changes);
    let (class, class_changes) = bundle_of(&class_dir, &clock);
    print_sizes("demo class", &class, class_changes);
    for per_batch in [30, 100, 300] {
        print_small_batches(&class_dir, &clock, per_batch);
    }

    let mut g = c.benchmark_group("sync");
    g.sample_size(10);
    // Each iteration seals a notebook whose changes are all pending; making it is not timed.
    g.bench_function("seal_10000_changes", |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().unwrap();
                let store = device_from(&school_dir, dir.path(), &clock);
                (dir, store)
            },
            |(dir, store)| {
                assert!(store.seal_pending().unwrap() > 0);
                (dir, store)
            },
            BatchSize::PerIteration,
        )
    });
    // Verified, decrypted and applied into a device that holds none of it.
    g.bench_function("apply_10000_changes", |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().unwrap();
                let store = new_device(dir.path(), &clock);
                (dir, store)
            },
            |(dir, store)| {
                let done = exchange::import(&store, &school).unwrap();
                assert_eq!(done.applied, changes);
                (dir, store)
            },
            BatchSize::PerIteration,
        )
    });
    // What `sotay --data-dir NEW bundle import FILE --recovery-code CODE` does: the
    // bundle checked, then a notebook made in the empty folder, joined and filled.
    g.bench_function("import_demo_class_into_an_empty_folder", |b| {
        b.iter_batched(
            || tempfile::tempdir().unwrap(),
            |dir| {
                let keys = AccountKeys::from_secret(&secret());
                exchange::open_all(&keys, &class).unwrap();
                let store = new_device(dir.path(), &clock);
                let done = exchange::import(&store, &class).unwrap();
                assert_eq!(done.applied, class_changes);
                (dir, store)
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

criterion_group!(benches, bench_sync);
criterion_main!(benches);
