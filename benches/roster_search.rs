//! Budget: one search keystroke over 2,000 pupils ≤ 1 ms, over 50,000 ≤ 10 ms.
//!
//! `filter` is the pure scan a keystroke runs; `keystroke` is the whole path through the
//! interface (key -> search box -> filter -> selection) on an `App` over a real store.

use std::hint::black_box;
use std::sync::Arc;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use sotay::clock::{Clock, FixedClock};
use sotay::domain::Status;
use sotay::i18n::Lang;
use sotay::store::Store;
use sotay::tui::App;
use sotay::tui::keymap::Keymap;
use sotay::tui::roster::{RosterRow, SearchIndex, StatusFilter, filter};

const SIZES: [usize; 2] = [2_000, 50_000];

fn clock() -> FixedClock {
    FixedClock::on(2026, 11, 28)
}

fn bench_filter(c: &mut Criterion) {
    let mut g = c.benchmark_group("search_filter");
    for n in SIZES {
        let demo = sotay::demo::generate(n, 1, clock().today(), Lang::Vi);
        let rows: Vec<RosterRow> = demo
            .students
            .iter()
            .map(|s| RosterRow::new(s, Status::Unscreened))
            .collect();
        let index = SearchIndex::new(&rows);
        g.bench_with_input(BenchmarkId::new("nguyen_van", n), &index, |b, ix| {
            b.iter(|| filter(ix, black_box("nguyen van"), StatusFilter::All))
        });
        // One letter matches the most rows: the slowest keystroke.
        g.bench_with_input(BenchmarkId::new("one_letter", n), &index, |b, ix| {
            b.iter(|| filter(ix, black_box("h"), StatusFilter::All))
        });
    }
    g.finish();
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn bench_keystroke(c: &mut Criterion) {
    let mut g = c.benchmark_group("search_keystroke");
    g.sample_size(30);
    for n in SIZES {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_with_clock(dir.path(), Arc::new(clock())).unwrap();
        sotay::demo::fill(&store, &sotay::demo::generate(n, 1, clock().today(), Lang::Vi)).unwrap();
        let mut app = App::new(store, Some(Lang::Vi), Keymap::builtin(), Vec::new()).unwrap();
        for ch in "nguyen va".chars() {
            app.handle_key(key(KeyCode::Char(ch)));
        }
        // Type one letter and take it back: two keystrokes a round, both full searches.
        g.bench_function(BenchmarkId::new("type_and_erase", n), |b| {
            b.iter(|| {
                app.handle_key(key(KeyCode::Char('n')));
                app.handle_key(key(KeyCode::Backspace));
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench_filter, bench_keystroke);
criterion_main!(benches);
