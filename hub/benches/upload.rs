//! The hub's upload rate with 100 devices at once (budget: ≥ 2,000 batches a second on 2
//! cores), and its peak memory under that load. Runs the release `sotay-hub` on 127.0.0.1
//! with a temporary data folder; each device is a thread with its own connection, uploading
//! its next batches (1 KiB of ciphertext, signed beforehand, outside the timing).
//!
//! `cargo bench -p sotay-hub --bench upload`; the peak memory (VmHWM) is printed at the end.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ed25519_dalek::{Signer, SigningKey};
use sotay_wire::api::{self, EnrolRequest, Enrolled, Invite};
use sotay_wire::batch::{self, Header};
use uuid::Uuid;

const DEVICES: usize = 100;
/// Batches each device uploads in one iteration.
const PER_DEVICE: u64 = 20;
const CIPHERTEXT: usize = 1024;

/// One device's uploads for an iteration: its id, token, and numbered sealed batches.
type Work = (Uuid, String, Vec<(u64, Vec<u8>)>);

struct Device {
    id: Uuid,
    key: SigningKey,
    token: String,
    next: u64,
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}

fn key() -> SigningKey {
    let mut seed = [0u8; 32];
    seed[..16].copy_from_slice(Uuid::new_v4().as_bytes());
    seed[16..].copy_from_slice(Uuid::new_v4().as_bytes());
    SigningKey::from_bytes(&seed)
}

fn enrol(agent: &ureq::Agent, url: &str, account: Uuid, code: &str) -> Device {
    let id = Uuid::new_v4();
    let key = key();
    let req = EnrolRequest {
        code: code.to_string(),
        account,
        device: id,
        public_key: api::key_to_text(key.verifying_key().as_bytes()),
    };
    let enrolled: Enrolled = agent
        .post(format!("{url}{}", api::ENROL))
        .send_json(&req)
        .unwrap()
        .body_mut()
        .read_json()
        .unwrap();
    Device {
        id,
        key,
        token: enrolled.token,
        next: 1,
    }
}

fn sealed(d: &Device, account: Uuid, number: u64) -> Vec<u8> {
    let ciphertext: Vec<u8> = (0..CIPHERTEXT).map(|i| (i as u64 ^ number) as u8).collect();
    let header = Header {
        version: batch::FORMAT_VERSION,
        account,
        device: d.id,
        number,
        device_public: d.key.verifying_key().to_bytes(),
    };
    batch::assemble(&header, &[1; 32], &ciphertext, |s| d.key.sign(s).to_bytes()).unwrap()
}

fn start(data: &std::path::Path) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sotay-hub"))
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--token-rate",
            "100000",
            "--token-burst",
            "100000",
        ])
        .args(["--enrol-rate", "100000", "--data"])
        .arg(data)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line.trim().strip_prefix("sotay-hub listening on ").unwrap().to_string();
    (child, url)
}

fn vm_hwm_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn upload(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let (mut child, url) = start(dir.path());
    let out = Command::new(env!("CARGO_BIN_EXE_sotay-hub"))
        .args([
            "enrol",
            "--school-code",
            "BENCH",
            "--class",
            "6A",
            "--school-year",
            "2026-2027",
            "--data",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    let code = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .last()
        .unwrap()
        .to_string();
    let account = Uuid::new_v4();
    let a = agent();
    let first = enrol(&a, &url, account, &code);
    let mut devices = vec![first];
    while devices.len() < DEVICES {
        let invite: Invite = a
            .post(format!("{url}{}", api::INVITE))
            .header("Authorization", format!("Bearer {}", devices[0].token))
            .send_empty()
            .unwrap()
            .body_mut()
            .read_json()
            .unwrap();
        devices.push(enrol(&a, &url, account, &invite.code));
    }

    let mut group = c.benchmark_group("hub");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.throughput(Throughput::Elements(DEVICES as u64 * PER_DEVICE));
    group.bench_function("upload_100_devices_at_once", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                // Signed before the clock starts: the devices' work is not the hub's.
                let work: Vec<Work> = devices
                    .iter_mut()
                    .map(|d| {
                        let batches = (d.next..d.next + PER_DEVICE)
                            .map(|n| (n, sealed(d, account, n)))
                            .collect();
                        d.next += PER_DEVICE;
                        (d.id, d.token.clone(), batches)
                    })
                    .collect();
                let barrier = Arc::new(Barrier::new(DEVICES + 1));
                let threads: Vec<_> = work
                    .into_iter()
                    .map(|(id, token, batches)| {
                        let (barrier, url) = (barrier.clone(), url.clone());
                        std::thread::spawn(move || {
                            let agent = agent();
                            barrier.wait();
                            for (n, bytes) in batches {
                                let r = agent
                                    .put(format!("{url}{}", api::batch_path(id, n)))
                                    .header("Authorization", format!("Bearer {token}"))
                                    .send(&bytes[..])
                                    .unwrap();
                                assert_eq!(r.status(), 200);
                            }
                        })
                    })
                    .collect();
                barrier.wait();
                let start = Instant::now();
                for t in threads {
                    t.join().unwrap();
                }
                total += start.elapsed();
            }
            total
        })
    });
    group.finish();
    let held: u64 = devices.iter().map(|d| d.next - 1).sum();
    match vm_hwm_kib(child.id()) {
        Some(kib) => println!("hub peak memory (VmHWM) after {held} batches from {DEVICES} devices: {kib} KiB"),
        None => println!("hub peak memory: /proc not readable here"),
    }
    let _ = child.kill();
    let _ = child.wait();
}

criterion_group!(benches, upload);
criterion_main!(benches);
