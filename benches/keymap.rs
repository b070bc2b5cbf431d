//! Keymap files: loading the largest file sotay accepts (256 kB, every entry a warning, the
//! worst case for the line numbers) and refusing a 4 MB one. Before the fix, loading grew
//! with the square of the file's size: 1 MB took 5.5 s, 4 MB 77 s.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use sotay::tui::keymap::{Keymap, MAX_FILE_BYTES};

/// A keymap file of `size` bytes: entries that each bind a function key to `add` with
/// descriptions, so that from the 25th on each key is bound twice and warns.
fn keymap_file(size: u64) -> String {
    let mut text = String::new();
    let mut i = 0;
    while (text.len() as u64) < size {
        let entry = format!(
            "[[roster]]\non = [\"F{}\"]\nrun = \"add\"\ndesc_vi = \"Thêm {i}\"\ndesc_en = \"Add {i}\"\n",
            i % 24 + 1
        );
        if (text.len() + entry.len()) as u64 > size {
            break;
        }
        text.push_str(&entry);
        i += 1;
    }
    text
}

fn bench_keymap(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let largest = dir.path().join("largest.toml");
    std::fs::write(&largest, keymap_file(MAX_FILE_BYTES)).unwrap();
    let huge = dir.path().join("huge.toml");
    std::fs::write(&huge, keymap_file(4 << 20)).unwrap();
    let mut g = c.benchmark_group("keymap");
    g.sample_size(20);
    g.bench_function("load_256k_file", |b| {
        b.iter(|| black_box(Keymap::load(Some(largest.to_str().unwrap()), None)))
    });
    g.bench_function("refuse_4mb_file", |b| {
        b.iter(|| black_box(Keymap::load(Some(huge.to_str().unwrap()), None)))
    });
    // What the same text costs once read, past the size check: the parse alone, 1 and 4 MB,
    // to show it is linear.
    for mb in [1u64, 4] {
        let text = keymap_file(mb << 20);
        g.bench_function(format!("parse_{mb}mb_text"), |b| {
            b.iter(|| {
                let mut map = Keymap::builtin();
                black_box(map.overlay_str(&text, std::path::Path::new("big.toml")))
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench_keymap);
criterion_main!(benches);
