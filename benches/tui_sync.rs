//! Key handling while the background sync runs: 100 key presses moving in a class list of
//! 45 pupils, each handled by `App::handle_key` and drawn to a 100×30 test terminal, as
//! the event loop does; with no sync running, and while the worker waits on a hub that
//! trickles its answer (a byte every 20 ms). The two should be about equal: the network
//! phase holds no store and runs on its own thread.

use std::hint::black_box;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use sotay::clock::FixedClock;
use sotay::i18n::Lang;
use sotay::store::{Binding, Store};
use sotay::tui::background::SyncState;
use sotay::tui::keymap::Keymap;
use sotay::tui::{App, draw};

/// A hub that answers every request with a long body, a byte at a time: a connection is
/// sent on the channel once its request is read.
fn trickling_hub() -> (String, mpsc::Receiver<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let tx = tx.clone();
            std::thread::spawn(move || {
                let mut r = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                while r.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
                    line.clear();
                }
                let _ = tx.send(());
                let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000000\r\n\r\n";
                if stream.write_all(head.as_bytes()).is_err() {
                    return;
                }
                loop {
                    std::thread::sleep(Duration::from_millis(20));
                    if stream.write_all(b" ").is_err() {
                        return;
                    }
                }
            });
        }
    });
    (url, rx)
}

/// A notebook with a demo class of 45, an account, joined to `url`.
fn notebook(dir: &std::path::Path, url: &str) -> Store {
    let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let store = Store::open_with_clock(dir, Arc::new(FixedClock::on(2026, 11, 28))).unwrap();
    let demo = sotay::demo::generate(45, 7, today, Lang::Vi);
    sotay::demo::fill(&store, &demo).unwrap();
    store
        .set_account(&sotay::sync::AccountSecret::from_bytes([7; 32]))
        .unwrap();
    store
        .set_hub_binding(&Binding {
            url: url.to_string(),
            token: "token-of-the-bench".into(),
            device: store.device_id(),
            ca: None,
            insecure: false,
        })
        .unwrap();
    store
}

/// 100 presses, down then up, each handled and drawn; the worker's events taken between
/// them as the event loop does.
fn hundred_keys(app: &mut App, term: &mut Terminal<TestBackend>) {
    for i in 0..100 {
        let code = if i < 50 { KeyCode::Down } else { KeyCode::Up };
        app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
        app.poll_sync();
        term.draw(|f| draw(app, f)).unwrap();
    }
    black_box(app.roster().selected);
}

fn bench_keys(c: &mut Criterion) {
    let (url, requests) = trickling_hub();
    let mut g = c.benchmark_group("tui_sync");
    g.sample_size(30);

    let quiet_dir = tempfile::tempdir().unwrap();
    let mut quiet = App::new(
        notebook(quiet_dir.path(), &url),
        Some(Lang::Vi),
        Keymap::builtin(),
        Vec::new(),
    )
    .unwrap();
    // The same status bar as the syncing app's, without a worker.
    quiet.set_sync_state(SyncState::new(&url, None));
    quiet.resize(100, 30);
    let mut term = Terminal::new(TestBackend::new(100, 30)).unwrap();
    g.bench_function("100_keys_no_sync", |b| b.iter(|| hundred_keys(&mut quiet, &mut term)));

    let busy_dir = tempfile::tempdir().unwrap();
    let mut busy = App::new(
        notebook(busy_dir.path(), &url),
        Some(Lang::Vi),
        Keymap::builtin(),
        Vec::new(),
    )
    .unwrap();
    busy.resize(100, 30);
    busy.start_sync();
    requests
        .recv_timeout(Duration::from_secs(60))
        .expect("the worker's first request");
    g.bench_function("100_keys_while_syncing", |b| {
        b.iter(|| hundred_keys(&mut busy, &mut term))
    });
    // The figures mean something only if the sync was still waiting on the hub.
    busy.poll_sync();
    eprintln!(
        "still syncing after the bench: {}",
        busy.sync_state().is_some_and(|s| s.syncing)
    );
    g.finish();
    busy.stop_sync();
}

criterion_group!(benches, bench_keys);
criterion_main!(benches);
