//! Budget: opening a notebook of 2,000 pupils (with their change log) and drawing the
//! first frame ≤ 50 ms.

use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use sotay::clock::{Clock, FixedClock};
use sotay::i18n::Lang;
use sotay::store::Store;
use sotay::tui::keymap::Keymap;
use sotay::tui::{App, draw};

fn bench_open_and_draw(c: &mut Criterion) {
    let clock = Arc::new(FixedClock::on(2026, 11, 28));
    let dir = tempfile::tempdir().unwrap();
    {
        let store = Store::open_with_clock(dir.path(), clock.clone()).unwrap();
        sotay::demo::fill(&store, &sotay::demo::generate(2_000, 1, clock.today(), Lang::Vi)).unwrap();
    }
    let mut g = c.benchmark_group("startup");
    g.sample_size(20);
    g.bench_function("open_2000_and_draw_first_frame", |b| {
        // Timed by hand so closing the store (which must happen before the next open,
        // since the store is locked while open) is not counted as opening it.
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let start = Instant::now();
                let store = Store::open_with_clock(dir.path(), clock.clone()).unwrap();
                let app = App::new(store, Some(Lang::Vi), Keymap::builtin(), Vec::new()).unwrap();
                let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
                term.draw(|f| draw(&app, f)).unwrap();
                total += start.elapsed();
                drop(app);
            }
            total
        })
    });
    g.finish();
}

criterion_group!(benches, bench_open_and_draw);
criterion_main!(benches);
