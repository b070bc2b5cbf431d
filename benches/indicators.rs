//! Budget: the dashboard's indicators for a class of 45 with a year of records ≤ 1 ms, and
//! for a school of 2,000 pupils with 20,000 visits and 10,000 supports ≤ 20 ms. The
//! reminders, which the status bar counts after every save, are measured on the same books.
//!
//! The casebooks are built in memory from generated, fictional records (no store): the
//! rules are pure and the store's loading is measured elsewhere.

use std::hint::black_box;

use chrono::{Days, NaiveDate};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sotay::domain::indicators::{Period, indicators};
use sotay::domain::reminders::reminders;
use sotay::domain::{
    Audience, Case, Casebook, CloseReason, Informed, Session, Settings, Stage, Support, SupportStatus, SupportType,
    Visit,
};
use sotay::i18n::Lang;
use uuid::Uuid;

/// Near the end of the school year 2026-2027, so the records span a year.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 6, 10).unwrap()
}

fn year_start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 9, 1).unwrap()
}

fn day_in_year(rng: &mut StdRng) -> NaiveDate {
    let span = (today() - year_start()).num_days() as u64;
    year_start() + Days::new(rng.random_range(0..=span))
}

/// A fictional notebook: `n` generated pupils with their screenings, a case for most of
/// those identified (at every stage), and `visits`, `supports` and `sessions` spread over
/// the year.
fn casebook(n: usize, visits: usize, supports: usize, sessions: usize) -> Casebook {
    let demo = sotay::demo::generate(n, 7, today(), Lang::Vi);
    let mut rng = StdRng::seed_from_u64(42);
    let ids: Vec<Uuid> = demo.students.iter().map(|s| s.id).collect();

    let mut cases = Vec::new();
    for (k, s) in demo
        .screenings
        .iter()
        .filter(|s| s.decision.is_identified())
        .enumerate()
    {
        let on = s.identified_on.unwrap_or(s.screened_on);
        // One in five left implicit (identified before cases were kept).
        if k % 5 == 4 {
            continue;
        }
        let mut c = Case::new(s.student_id, on).record_intervention(on + Days::new(rng.random_range(0..12)));
        // Each later move only when its day has come (the demo identifies some children
        // late in the year).
        let move_on = |c: Case, to: Stage, days: u64, reason: Option<CloseReason>| {
            let day = on + Days::new(days);
            if day > today() || day < c.stage_on {
                return c;
            }
            c.move_to(to, day, reason, c.first_intervention_on, today()).unwrap()
        };
        if k % 5 >= 1 {
            c = move_on(c, Stage::Monitoring, 30, None);
        }
        if k % 5 == 3 {
            c = move_on(c, Stage::Closed, 120, Some(CloseReason::NoLongerAtRisk));
            if k % 10 == 3 && c.stage == Stage::Closed {
                c = move_on(c, Stage::Identified, 200, None);
            }
        }
        cases.push(c);
    }

    let visits: Vec<Visit> = (0..visits)
        .map(|i| {
            let student_id = ids[rng.random_range(0..ids.len())];
            let visited_on = day_in_year(&mut rng);
            let working = rng.random_bool(0.2);
            Visit {
                id: Uuid::from_u128(1 << 64 | i as u128),
                student_id,
                visited_on,
                visited_by: "Cô Mẫu".into(),
                met: "Mẹ".into(),
                working,
                employer: String::new(),
                sector: None,
                hours_per_week: working.then_some(12),
                hazardous: working && rng.random_bool(0.1),
                attending_school: rng.random_bool(0.95),
                findings: String::new(),
                agreed: if rng.random_bool(0.5) {
                    "Gia đình đồng ý".into()
                } else {
                    String::new()
                },
                next_visit_on: rng
                    .random_bool(0.7)
                    .then(|| visited_on + Days::new(rng.random_range(7..60))),
            }
        })
        .collect();

    let supports: Vec<Support> = (0..supports)
        .map(|i| {
            let kind = SupportType::ALL[rng.random_range(0..SupportType::ALL.len())];
            let status = SupportStatus::ALL[rng.random_range(0..SupportStatus::ALL.len())];
            let planned = day_in_year(&mut rng);
            let later = (planned + Days::new(rng.random_range(0..30))).min(today());
            Support {
                id: Uuid::from_u128(2 << 64 | i as u128),
                student_id: ids[rng.random_range(0..ids.len())],
                kind,
                status,
                planned_on: Some(planned),
                referred_on: matches!(status, SupportStatus::Referred | SupportStatus::Delivered).then_some(later),
                delivered_on: (status == SupportStatus::Delivered).then_some(later),
                declined_on: (status == SupportStatus::Declined).then_some(later),
                amount_vnd: rng.random_bool(0.6).then(|| rng.random_range(1..40) * 50_000),
                provider: "Hội Khuyến học xã".into(),
                notes: String::new(),
            }
        })
        .collect();

    // Class meetings: each reaches a class-sized group of pupils.
    let sessions: Vec<Session> = (0..sessions)
        .map(|i| {
            let start = (i * 45) % ids.len();
            let students = ids
                .iter()
                .cycle()
                .skip(start)
                .take(45.min(ids.len()))
                .copied()
                .collect();
            Session {
                id: Uuid::from_u128(3 << 64 | i as u128),
                held_on: day_in_year(&mut rng),
                audience: Audience::ALL[i % 3],
                topic: "Phòng ngừa lao động trẻ em".into(),
                attended: 45,
                students,
                notes: String::new(),
            }
        })
        .collect();

    let informed: Vec<Informed> = ids
        .iter()
        .step_by(4)
        .map(|&student_id| Informed {
            student_id,
            student_on: Some(day_in_year(&mut rng)),
            parents_on: rng.random_bool(0.5).then(|| day_in_year(&mut rng)),
        })
        .collect();

    Casebook::from_records(
        Settings::default(),
        demo.students,
        demo.screenings,
        cases,
        visits,
        supports,
        sessions,
        informed,
    )
}

fn bench_dashboard(c: &mut Criterion) {
    let books = [
        ("class_45", casebook(45, 10, 5, 3)),
        ("school_2000", casebook(2_000, 20_000, 10_000, 60)),
    ];
    let period = Period {
        from: NaiveDate::from_ymd_opt(2026, 8, 1).unwrap(),
        to: NaiveDate::from_ymd_opt(2027, 7, 31).unwrap(),
    };
    let mut g = c.benchmark_group("dashboard");
    for (name, book) in &books {
        g.bench_with_input(BenchmarkId::new("indicators", name), book, |b, book| {
            b.iter(|| indicators(black_box(book), period, today()))
        });
        g.bench_with_input(BenchmarkId::new("reminders", name), book, |b, book| {
            b.iter(|| reminders(black_box(book), today()))
        });
    }
    g.finish();
}

criterion_group!(benches, bench_dashboard);
criterion_main!(benches);
