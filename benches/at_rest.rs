//! Budgets of the passphrase lock (issue 14): unlocking (Argon2id at the lock's costs, then
//! opening) ≤ 1 s; opening, searching and saving a locked notebook ≤ 1.5× the same without
//! a lock. The notebook is the startup benchmark's: 2,000 demo pupils with their follow-up.

use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use sotay::clock::{Clock, FixedClock};
use sotay::i18n::Lang;
use sotay::store::{Passphrase, Store, Unlock, protect};
use sotay::tui::keymap::Keymap;
use sotay::tui::{App, draw};

const PASSPHRASE: &str = "cây bàng trước sân trường";

/// A notebook of 2,000 demo pupils, locked with `PASSPHRASE` (at the real costs) or not.
fn notebook(locked: bool, clock: &Arc<FixedClock>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = Store::open_with_clock(dir.path(), clock.clone()).unwrap();
        sotay::demo::fill(&store, &sotay::demo::generate(2_000, 1, clock.today(), Lang::Vi)).unwrap();
    }
    if locked {
        protect(
            dir.path(),
            clock.clone(),
            &Unlock::none(),
            Some(&Passphrase::new(PASSPHRASE)),
        )
        .unwrap();
    }
    dir
}

fn bench_unlock(c: &mut Criterion) {
    let clock = Arc::new(FixedClock::on(2026, 11, 28));
    let dir = notebook(true, &clock);
    let mut g = c.benchmark_group("at_rest");
    g.sample_size(10);
    g.bench_function("unlock_2000_with_passphrase", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                // A new unlock each time: the key is derived as when the teacher types it.
                let unlock = Unlock::with(Passphrase::new(PASSPHRASE));
                let start = Instant::now();
                let store = Store::open_unlocked(dir.path(), clock.clone(), &unlock).unwrap();
                total += start.elapsed();
                drop(store);
            }
            total
        })
    });
    g.finish();
}

/// Opening and drawing, searching, saving: each with and without the lock. The locked
/// notebook's key is derived once (as after the teacher unlocked it), so these measure
/// the sealing of values alone.
fn bench_costs(c: &mut Criterion) {
    let clock = Arc::new(FixedClock::on(2026, 11, 28));
    let mut g = c.benchmark_group("at_rest");
    g.sample_size(20);
    for locked in [false, true] {
        let name = if locked { "locked" } else { "plain" };
        let dir = notebook(locked, &clock);
        let unlock = if locked {
            Unlock::with(Passphrase::new(PASSPHRASE))
        } else {
            Unlock::none()
        };
        drop(Store::open_unlocked(dir.path(), clock.clone(), &unlock).unwrap());
        g.bench_function(BenchmarkId::new("open_2000_and_draw_first_frame", name), |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let start = Instant::now();
                    let store = Store::open_unlocked(dir.path(), clock.clone(), &unlock).unwrap();
                    let app = App::new(store, Some(Lang::Vi), Keymap::builtin(), Vec::new()).unwrap();
                    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
                    term.draw(|f| draw(&app, f)).unwrap();
                    total += start.elapsed();
                    drop(app);
                }
                total
            })
        });
        let store = Store::open_unlocked(dir.path(), clock.clone(), &unlock).unwrap();
        let mut pupil = store.students().unwrap().remove(0);
        let mut n = 0u64;
        g.bench_function(BenchmarkId::new("save_a_pupil", name), |b| {
            b.iter(|| {
                n += 1;
                pupil.address = format!("Thôn {n}, xã Hư Cấu");
                store.save_student(&pupil).unwrap();
            })
        });
        g.bench_function(BenchmarkId::new("read_the_casebook", name), |b| {
            b.iter(|| store.casebook().unwrap())
        });
        let mut app = App::new(store, Some(Lang::Vi), Keymap::builtin(), Vec::new()).unwrap();
        for ch in "nguyen va".chars() {
            app.handle_key(KeyEvent::new(KeyCode::Char(ch), KeyModifiers::NONE));
        }
        g.bench_function(BenchmarkId::new("search_keystroke", name), |b| {
            b.iter(|| {
                app.handle_key(KeyEvent::new(KeyCode::Char('n'), KeyModifiers::NONE));
                app.handle_key(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench_unlock, bench_costs);
criterion_main!(benches);
