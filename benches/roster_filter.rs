//! The roster's search at every keystroke: the budget is 1 ms for 2,000 pupils and 10 ms
//! for 50,000 on an old school PC. Names are generated, not real.

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use sotay::domain::Status;
use sotay::tui::roster::{RosterRow, SearchIndex, StatusFilter, filter};
use uuid::Uuid;

const FAMILY: [&str; 16] = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương",
    "Lý",
];
const MIDDLE: [&str; 10] = [
    "Văn", "Thị", "Hữu", "Đức", "Minh", "Thu", "Ngọc", "Quang", "Khánh", "Thanh",
];
const GIVEN: [&str; 18] = [
    "An", "Bình", "Châu", "Dũng", "Giang", "Hiếu", "Hoa", "Lan", "Mai", "Nam", "Phúc", "Quỳnh", "Sơn", "Tâm", "Uyên",
    "Yến", "Ánh", "Nguyên",
];

fn rows(n: usize) -> Vec<RosterRow> {
    (0..n)
        .map(|i| {
            let name = format!("{} {} {}", FAMILY[i % 16], MIDDLE[(i / 16) % 10], GIVEN[(i / 160) % 18]);
            RosterRow {
                id: Uuid::from_u128(i as u128),
                folded: sotay::text::fold(&name),
                sort_key: sotay::text::name_sort_key(&name),
                name,
                birth_date: NaiveDate::from_ymd_opt(2013, 1, 1).expect("a date"),
                sex: None,
                status: Status::ALL[i % Status::ALL.len()],
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    for n in [2_000, 50_000] {
        let index = SearchIndex::new(&rows(n));
        for query in ["n", "nguyen van", "dang"] {
            c.bench_function(&format!("filter {n} pupils by {query:?}"), |b| {
                b.iter(|| filter(black_box(&index), black_box(query), StatusFilter::All))
            });
        }
        c.bench_function(&format!("filter {n} pupils, identified, by \"a\""), |b| {
            b.iter(|| filter(black_box(&index), black_box("a"), StatusFilter::Identified))
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
