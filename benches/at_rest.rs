//! Budgets of the passphrase lock (issue 14): unlocking (Argon2id at the lock's costs, then
//! opening) ≤ 1 s; searching and saving in a locked notebook ≤ 1.5× the same without a lock
//! (opening is in `startup`). The notebook is the startup benchmark's: 2,000 demo pupils
//! with their follow-up.

use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use sotay::i18n::Lang;
use sotay::store::{Passphrase, Store, Unlock};
use sotay::tui::App;
use sotay::tui::keymap::Keymap;

#[path = "support/notebook.rs"]
mod notebook;

fn bench_unlock(c: &mut Criterion) {
    let clock = notebook::clock();
    let (dir, _) = notebook::notebook(true, &clock);
    let mut g = c.benchmark_group("at_rest");
    g.sample_size(10);
    g.bench_function("unlock_2000_with_passphrase", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                // A new unlock each time: the key is derived as when the teacher types it.
                let unlock = Unlock::with(Passphrase::new(notebook::PASSPHRASE));
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

/// Searching and saving, each with and without the lock, the key derived once (as after
/// the teacher unlocked): these measure the sealing of values alone.
fn bench_costs(c: &mut Criterion) {
    let clock = notebook::clock();
    let mut g = c.benchmark_group("at_rest");
    g.sample_size(20);
    for locked in [false, true] {
        let name = if locked { "locked" } else { "plain" };
        let (dir, unlock) = notebook::notebook(locked, &clock);
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
