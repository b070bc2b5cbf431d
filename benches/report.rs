//! Budget: a class's summary (45 pupils, a year of records) to XLSX ≤ 50 ms, counted from
//! the casebook in memory (summarize, lay out, render); a school report merged from 40
//! classes' XLSX exports ≤ 1 s, counted from the files on disk (read each, merge, lay out,
//! render XLSX).
//!
//! The classes are generated fictional ones (`sotay::demo`), near the end of a school year
//! so their records span it.

use std::hint::black_box;
use std::path::PathBuf;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use sotay::domain::{Casebook, Profile, Settings};
use sotay::i18n::Lang;
use sotay::report::{Detail, Format, ReportPeriod, document, merge, render, summarize};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 6, 10).unwrap()
}

/// A class of 45 with a school year of follow-up, and its profile named `class`.
fn class(class: &str, seed: u64) -> (Profile, Casebook) {
    let demo = sotay::demo::generate(45, seed, today(), Lang::Vi);
    let mut profile = demo.profile;
    profile.class = class.into();
    let book = Casebook::from_records(
        Settings::default(),
        demo.students,
        demo.screenings,
        demo.cases,
        demo.visits,
        demo.supports,
        demo.sessions,
        demo.informed,
    );
    (profile, book)
}

fn class_to_xlsx(profile: &Profile, book: &Casebook, period: ReportPeriod, detail: Detail) -> Vec<u8> {
    let summary = summarize(profile, book, period, detail, today());
    let doc = document::class_summary(&summary, Lang::Vi);
    render(&doc, Format::Xlsx).expect("renders")
}

fn bench_reports(c: &mut Criterion) {
    let period = ReportPeriod::parse("2026-2027").unwrap();
    let (profile, book) = class("8A", 1);
    let mut g = c.benchmark_group("report");
    g.bench_function("class_45_to_xlsx", |b| {
        b.iter(|| class_to_xlsx(black_box(&profile), black_box(&book), period, Detail::Summary))
    });
    g.bench_function("class_45_full_to_xlsx", |b| {
        b.iter(|| class_to_xlsx(black_box(&profile), black_box(&book), period, Detail::Full))
    });

    // 40 classes, 6A…9J, exported once beforehand as a school's teachers would.
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<PathBuf> = (0..40u64)
        .map(|k| {
            let name = format!("{}{}", 6 + k / 10, char::from(b'A' + (k % 10) as u8));
            let (profile, book) = class(&name, 100 + k);
            let path = dir.path().join(format!("{name}.xlsx"));
            std::fs::write(&path, class_to_xlsx(&profile, &book, period, Detail::Summary)).unwrap();
            path
        })
        .collect();
    g.sample_size(10);
    g.bench_function("school_40_classes_merged_to_xlsx", |b| {
        b.iter(|| {
            let classes = files
                .iter()
                .map(|f| Ok((f.clone(), merge::read(f)?)))
                .collect::<Result<Vec<_>, merge::MergeError>>()
                .unwrap();
            let report = merge::merge(classes, today()).unwrap();
            let doc = document::school_report(&report, Lang::Vi);
            render(&doc, Format::Xlsx).unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, bench_reports);
criterion_main!(benches);
