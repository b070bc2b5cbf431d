//! Shared by the case follow-up's TUI tests: the fictional class of `tui_support`, with a
//! week of follow-up for Đặng Thị Bình written on the days it happened (a clock the test
//! moves), so the timeline has visits, a support, case moves and edits on different days.
//! Every person here is invented.
#![allow(dead_code)]

use std::sync::Arc;

use sotay::domain::{Case, Informed, Sector, Stage, Support, SupportStatus, SupportType, Visit};
use sotay::i18n::Lang;
use sotay::store::Store;
use sotay::tui::App;
use sotay::tui::app::Screen;
use sotay::tui::keymap::Keymap;
use sotay::tui::timeline::TimelineState;
use tempfile::TempDir;
use uuid::Uuid;

use crate::tui_support::{TestClock, day, fill, id_of};

pub fn binh() -> Uuid {
    id_of("Đặng Thị Bình")
}

pub fn huy() -> Uuid {
    id_of("Phạm Quốc Huy")
}

pub const VISIT_ID: Uuid = Uuid::from_u128(0x0192_0000_0000_7000_8000_0000_0000_0001);
pub const SUPPORT_ID: Uuid = Uuid::from_u128(0x0192_0000_0000_7000_8000_0000_0000_0002);

pub fn first_visit() -> Visit {
    Visit {
        id: VISIT_ID,
        student_id: binh(),
        visited_on: day(22, 11, 2026),
        visited_by: "Phạm Thị Thu Hà".into(),
        met: "mẹ".into(),
        working: true,
        employer: "Quán phở đầu thôn".into(),
        sector: Some(Sector::Services),
        hours_per_week: Some(20),
        hazardous: false,
        attending_school: true,
        findings: "Em phụ bán quán đến 22 giờ.".into(),
        agreed: "Mẹ cho em nghỉ bán buổi tối.".into(),
        next_visit_on: Some(day(5, 12, 2026)),
    }
}

pub fn scholarship() -> Support {
    Support {
        id: SUPPORT_ID,
        student_id: binh(),
        kind: SupportType::Scholarship,
        status: SupportStatus::Delivered,
        planned_on: Some(day(23, 11, 2026)),
        referred_on: None,
        delivered_on: Some(day(24, 11, 2026)),
        declined_on: None,
        amount_vnd: Some(1_500_000),
        provider: "Hội Khuyến học xã Hoa Sen".into(),
        notes: String::new(),
    }
}

/// Bình's week: screened and identified on 20/11 (the case opens), visited on 22/11 with an
/// agreement (the case moves to intervening), a scholarship delivered on 24/11, her
/// address edited on 25/11, the visit's findings edited on 26/11, informed on 27/11.
/// Today is 28/11/2026.
pub fn follow_up_store(dir: &std::path::Path, lang: Lang) -> Store {
    follow_up_store_on(dir, lang, TestClock::on(day(20, 11, 2026)))
}

/// [`follow_up_store`] on a clock the test keeps, to move the day on later.
pub fn follow_up_store_on(dir: &std::path::Path, lang: Lang, clock: Arc<TestClock>) -> Store {
    clock.set(day(20, 11, 2026));
    let store = Store::open_with_clock(dir, clock.clone()).unwrap();
    fill(&store, lang);
    let opened = Case::new(binh(), day(20, 11, 2026));
    store.save_case(&opened).unwrap();

    clock.set(day(22, 11, 2026));
    let intervening = Case {
        stage: Stage::Intervening,
        stage_on: day(22, 11, 2026),
        first_intervention_on: Some(day(22, 11, 2026)),
        ..opened
    };
    store.save_visit(&first_visit()).unwrap();
    assert_eq!(store.case(binh()).unwrap(), Some(intervening));

    clock.set(day(24, 11, 2026));
    store.save_support(&scholarship()).unwrap();

    clock.set(day(25, 11, 2026));
    let mut s = store.student(binh()).unwrap().unwrap();
    s.address = "Thôn Tây, xã Hoa Sen".into();
    s.phone = "0912345678".into();
    store.save_student(&s).unwrap();

    clock.set(day(26, 11, 2026));
    let mut v = first_visit();
    v.findings = "Em đã thôi bán buổi tối.".into();
    store.save_visit(&v).unwrap();

    clock.set(day(27, 11, 2026));
    store
        .save_informed(&Informed {
            student_id: binh(),
            student_on: Some(day(27, 11, 2026)),
            parents_on: None,
        })
        .unwrap();

    clock.set(day(28, 11, 2026));
    store
}

/// An app on the class with Bình's follow-up, on the roster.
pub fn follow_up_app(lang: Lang) -> (TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let store = follow_up_store(dir.path(), lang);
    let app = App::new(store, Some(lang), Keymap::builtin(), Vec::new()).unwrap();
    (dir, app)
}

/// [`follow_up_app`] and its clock (on 28/11/2026), for a test that moves the day on.
pub fn follow_up_app_with_clock(lang: Lang) -> (TempDir, App, Arc<TestClock>) {
    let dir = tempfile::tempdir().unwrap();
    let clock = TestClock::on(day(20, 11, 2026));
    let store = follow_up_store_on(dir.path(), lang, clock.clone());
    let app = App::new(store, Some(lang), Keymap::builtin(), Vec::new()).unwrap();
    (dir, app, clock)
}

/// The timeline on top.
pub fn timeline(app: &App) -> &TimelineState {
    match app.screen() {
        Screen::Timeline(t) => t,
        _ => panic!("not on a timeline"),
    }
}

/// The timeline's lines as the screen shows them (kind and summary), newest first.
pub fn lines(app: &App) -> Vec<String> {
    timeline(app)
        .entries
        .iter()
        .map(|e| {
            let (kind, rest) = sotay::tui::timeline::summary(app.lang(), e);
            format!("{} {kind}{rest}", sotay::text::format_date(e.day))
        })
        .collect()
}

/// Selects the first entry (newest first) whose line contains `text`.
pub fn select(app: &mut App, text: &str) {
    crate::tui_support::press(app, ratatui::crossterm::event::KeyCode::Home);
    for _ in 0..40 {
        let t = timeline(app);
        if lines(app)[t.selected].contains(text) {
            return;
        }
        crate::tui_support::press(app, ratatui::crossterm::event::KeyCode::Down);
    }
    panic!("no entry with {text}: {:?}", lines(app));
}

/// Bình's timeline, opened from her page as a teacher would.
pub fn binh_timeline(lang: Lang) -> (TempDir, App) {
    let (dir, mut app) = follow_up_app(lang);
    crate::tui_support::type_text(&mut app, "binh");
    crate::tui_support::press(&mut app, ratatui::crossterm::event::KeyCode::Enter);
    crate::tui_support::press(&mut app, ratatui::crossterm::event::KeyCode::Enter);
    (dir, app)
}
