//! An import of a class list of 2,000 fictional pupils: reading and planning the CSV, and
//! saving the pupils (in parts, all or none). Its memory budget (≤ 60 MB) is measured by
//! `scripts/measure-memory.sh import 2000`; this times the same work.

use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use sotay::clock::{Clock, FixedClock};
use sotay::domain::SchoolYear;
use sotay::import;
use sotay::store::Store;

const PUPILS: usize = 2_000;

fn class_list(path: &std::path::Path) {
    let mut s = String::from("Mã HS,Họ và tên,Ngày sinh,Giới tính,Địa chỉ,Họ tên cha mẹ,Số điện thoại\n");
    for i in 0..PUPILS {
        let sex = if i % 2 == 0 { "Nam" } else { "Nữ" };
        s.push_str(&format!(
            "HS{i:06},Học Sinh Thử {i},{:02}/{:02}/2013,{sex},\"Thôn Thử, xã Thử\",Phụ Huynh Thử,0900{i:06}\n",
            i % 28 + 1,
            i % 12 + 1
        ));
    }
    std::fs::write(path, s).unwrap();
}

fn bench_import(c: &mut Criterion) {
    let clock = Arc::new(FixedClock::on(2026, 11, 28));
    let files = tempfile::tempdir().unwrap();
    let file = files.path().join("lop.csv");
    class_list(&file);
    let mut g = c.benchmark_group("import");
    g.sample_size(10);
    g.bench_function("read_and_plan_2000", |b| {
        b.iter(|| {
            let table = import::read_table(&file).unwrap();
            import::plan(&table, &[], "8A", SchoolYear(2026), clock.today()).unwrap()
        })
    });
    g.bench_function("read_plan_and_save_2000", |b| {
        // Each save goes to a new notebook, made outside the timing.
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let dir = tempfile::tempdir().unwrap();
                let store = Store::open_with_clock(dir.path(), clock.clone()).unwrap();
                let start = Instant::now();
                let table = import::read_table(&file).unwrap();
                let plan = import::plan(&table, &[], "8A", SchoolYear(2026), clock.today()).unwrap();
                store.save_students(&plan.new).unwrap();
                total += start.elapsed();
                assert_eq!(plan.new.len(), PUPILS);
            }
            total
        })
    });
    g.finish();
}

criterion_group!(benches, bench_import);
criterion_main!(benches);
