//! Budget: opening a pupil's timeline ≤ 5 ms, in a notebook of 2,000 pupils with 20,000
//! home visits and 10,000 supports (ten visits and five supports a pupil, and a case for
//! every pupil identified). Timed: `update(Open)` from the pupil's page, which reads the
//! pupil's records' change logs and builds the entries, then `update(Back)`.
//!
//! Every record is made up here: the pupils are the demo's fictional school.

use std::sync::Arc;

use chrono::{Duration, NaiveDate};
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use sotay::clock::{Clock, FixedClock};
use sotay::domain::{Case, Sector, Stage, Student, Support, SupportStatus, SupportType, Visit};
use sotay::i18n::Lang;
use sotay::store::Store;
use sotay::tui::App;
use sotay::tui::action::{Action, Context};
use sotay::tui::app::Screen;
use sotay::tui::keymap::Keymap;
use uuid::Uuid;

const PUPILS: usize = 2_000;
const VISITS_EACH: usize = 10;
const SUPPORTS_EACH: usize = 5;

fn visits_of(s: &Student, start: NaiveDate) -> Vec<Visit> {
    (0..VISITS_EACH)
        .map(|j| {
            let on = start + Duration::days(7 * j as i64);
            Visit {
                id: Uuid::now_v7(),
                student_id: s.id,
                visited_on: on,
                visited_by: "Nguyễn Thị Mẫu".into(),
                met: ["mẹ", "bố", "bà ngoại"][j % 3].into(),
                working: j % 2 == 0,
                employer: if j % 2 == 0 { "Gia đình".into() } else { String::new() },
                sector: (j % 2 == 0).then_some(Sector::Agriculture),
                hours_per_week: (j % 2 == 0).then_some(12),
                hazardous: false,
                attending_school: true,
                findings: "Em đi học đều, chiều phụ gia đình làm vườn.".into(),
                agreed: if j % 3 == 0 {
                    "Gia đình cho em nghỉ làm buổi tối.".into()
                } else {
                    String::new()
                },
                next_visit_on: Some(on + Duration::days(14)),
            }
        })
        .collect()
}

fn supports_of(s: &Student, start: NaiveDate) -> Vec<Support> {
    (0..SUPPORTS_EACH)
        .map(|j| {
            let on = start + Duration::days(10 * j as i64);
            let status = SupportStatus::ALL[j % 4];
            let mut support = Support {
                id: Uuid::now_v7(),
                student_id: s.id,
                kind: SupportType::ALL[j % SupportType::ALL.len()],
                status,
                planned_on: Some(on),
                referred_on: None,
                delivered_on: None,
                declined_on: None,
                amount_vnd: Some(500_000 * (j as u64 + 1)),
                provider: "Hội Khuyến học xã An Lạc".into(),
                notes: String::new(),
            };
            match status {
                SupportStatus::Planned => {}
                SupportStatus::Referred => support.referred_on = Some(on + Duration::days(2)),
                SupportStatus::Delivered => support.delivered_on = Some(on + Duration::days(3)),
                SupportStatus::Declined => support.declined_on = Some(on + Duration::days(1)),
            }
            support
        })
        .collect()
}

fn notebook(dir: &std::path::Path, clock: Arc<FixedClock>) {
    let today = clock.today();
    let store = Store::open_with_clock(dir, clock).unwrap();
    let demo = sotay::demo::generate(PUPILS, 1, today, Lang::Vi);
    sotay::demo::fill(&store, &demo).unwrap();
    let start = NaiveDate::from_ymd_opt(2026, 9, 7).unwrap();
    let identified: std::collections::HashMap<Uuid, NaiveDate> = demo
        .screenings
        .iter()
        .filter_map(|s| s.identified_on.map(|d| (s.student_id, d)))
        .collect();
    // In batches, as the demo writes pupils, so the transactions stay small.
    for chunk in demo.students.chunks(100) {
        let mut visits = Vec::new();
        let mut supports = Vec::new();
        let mut cases = Vec::new();
        for s in chunk {
            visits.extend(visits_of(s, start));
            supports.extend(supports_of(s, start));
            if let Some(on) = identified.get(&s.id) {
                let mut case = Case::new(s.id, *on);
                case.stage = Stage::Intervening;
                case.stage_on = start;
                case.first_intervention_on = Some(start);
                cases.push(case);
            }
        }
        store.save_case_records(&cases, &visits, &supports, &[], &[]).unwrap();
    }
}

fn bench_open_timeline(c: &mut Criterion) {
    let clock = Arc::new(FixedClock::on(2026, 11, 28));
    let dir = tempfile::tempdir().unwrap();
    notebook(dir.path(), clock.clone());
    let store = Store::open_with_clock(dir.path(), clock).unwrap();
    let mut app = App::new(store, Some(Lang::Vi), Keymap::builtin(), Vec::new()).unwrap();
    let book = app.casebook();
    assert_eq!(book.students.len(), PUPILS);
    // At least these: the demo adds its own follow-up of the pupils it identifies.
    assert!(book.visits.values().map(Vec::len).sum::<usize>() >= PUPILS * VISITS_EACH);
    assert!(book.supports.values().map(Vec::len).sum::<usize>() >= PUPILS * SUPPORTS_EACH);
    // The first pupil on the class list's page.
    app.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    assert_eq!(app.context(), Context::Detail);
    app.update(Action::Open);
    let Screen::Timeline(t) = app.screen() else {
        panic!("no timeline")
    };
    eprintln!("the timeline opened holds {} entries", t.entries.len());
    assert!(t.entries.len() > VISITS_EACH + SUPPORTS_EACH);
    app.update(Action::Back);

    let mut g = c.benchmark_group("timeline");
    g.sample_size(50);
    g.bench_function("open_one_pupils_timeline_of_2000", |b| {
        b.iter(|| {
            app.update(Action::Open);
            app.update(Action::Back);
        })
    });
    g.finish();
    assert_eq!(app.context(), Context::Detail);
}

criterion_group!(benches, bench_open_timeline);
criterion_main!(benches);
