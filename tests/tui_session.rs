//! A scripted session, through `update` alone (no keymap): the teacher opens a pupil who
//! was identified weeks ago and never helped, records a home visit and a scholarship, and
//! the reminders, the dashboard and the status bar follow. Today is 28/11/2026; every
//! person is invented.

mod tui_support;

use sotay::domain::{Field, Reminder, ReminderKind, SupportStatus, SupportType};
use sotay::i18n::Lang;
use sotay::tui::App;
use sotay::tui::action::Action;
use sotay::tui::app::Screen;
use sotay::tui::form::Pick;
use tui_support::*;
use uuid::Uuid;

/// Selects the pupil on the roster with Up/Down only, as a script would.
fn select_pupil(app: &mut App, id: Uuid) {
    app.update(Action::Top);
    for _ in 0..app.roster().visible.len() {
        if app.roster().selected_row().map(|r| r.id) == Some(id) {
            return;
        }
        app.update(Action::Down);
    }
    panic!("pupil not on the roster");
}

/// Moves the form's focus to `field`.
fn focus(app: &mut App, field: Field) {
    for _ in 0..40 {
        let form = &app.form().expect("a form is open").form;
        if form.focused().id == sotay::tui::form::FieldId::Domain(field) {
            return;
        }
        app.update(Action::NextField);
    }
    panic!("the form has no {field:?}");
}

/// Replaces the focused text field's content, as typing would (a paste is typed text).
fn fill_in(app: &mut App, field: Field, text: &str) {
    focus(app, field);
    let old = app.form().unwrap().form.text(field);
    // A one-line field has no select-all: erase what is there, then type.
    app.handle_key(key(ratatui::crossterm::event::KeyCode::End));
    for _ in 0..old.chars().count() {
        app.handle_key(key(ratatui::crossterm::event::KeyCode::Backspace));
    }
    app.paste(text);
}

/// Steps the focused pick list (the `toggle` action) until it shows `value`.
fn pick(app: &mut App, field: Field, value: Pick) {
    focus(app, field);
    for _ in 0..20 {
        if app.form().unwrap().form.pick(field) == Some(value) {
            return;
        }
        app.update(Action::Toggle);
    }
    panic!("{field:?} never shows {value:?}");
}

fn reminders_of(app: &App, id: Uuid) -> Vec<ReminderKind> {
    app.reminders()
        .iter()
        .filter(|r: &&Reminder| r.student_id == id)
        .map(|r| r.kind)
        .collect()
}

#[test]
fn recording_a_visit_and_a_support_moves_the_reminders_and_the_dashboard() {
    let (dir, mut app) = cases_app(Lang::En);
    app.resize(100, 30);
    let nguyen = id_of("Trần Văn Nguyên");

    // Before: identified on 10/11 and never helped, so his intervention is overdue, and
    // his case is open without a visit.
    assert!(matches!(
        reminders_of(&app, nguyen).as_slice(),
        [ReminderKind::InterventionOverdue { .. }]
    ));
    let before = app.indicators().expect("the dashboard has figures").clone();
    let reminders_before = app.reminders().len();
    let overdue_before = app.reminders().iter().filter(|r| r.overdue()).count();
    assert!(
        screen(&mut app, 100, 30).contains(&format!("Reminders {reminders_before} ({overdue_before} overdue)")),
        "the status bar counts the reminders"
    );

    // The visit: his mother agrees he stops working; next visit on 03/12.
    select_pupil(&mut app, nguyen);
    app.update(Action::Open);
    assert!(matches!(app.screen(), Screen::Detail(_)));
    app.update(Action::Visit);
    fill_in(&mut app, Field::VisitedOn, "hôm nay");
    fill_in(&mut app, Field::Met, "Mẹ");
    fill_in(&mut app, Field::Agreed, "Mẹ đồng ý không cho em đi làm thuê nữa.");
    fill_in(&mut app, Field::NextVisitOn, "3/12/2026");
    app.update(Action::Save);
    assert!(
        matches!(app.screen(), Screen::Detail(_)),
        "the visit is saved: {:?}",
        app.status_message()
    );

    // The overdue intervention is answered (late: 18 days after identification), and the
    // next visit is due this week.
    assert_eq!(
        reminders_of(&app, nguyen),
        [ReminderKind::VisitDueSoon { due: day(3, 12, 2026) }]
    );
    let after_visit = app.indicators().unwrap().clone();
    assert_eq!(after_visit.visits, before.visits + 1);
    assert_eq!(after_visit.monitored.count, before.monitored.count + 1, "visited today");
    assert_eq!(after_visit.monitored.total, before.monitored.total);
    assert_eq!(
        after_visit.intervened_in_time.count, before.intervened_in_time.count,
        "18 days is not in time"
    );
    assert_eq!(after_visit.intervened_in_time.total, before.intervened_in_time.total);

    // The support: a scholarship of 1.500.000 ₫, delivered today.
    app.update(Action::Support);
    pick(
        &mut app,
        Field::SupportType,
        Pick::SupportType(SupportType::Scholarship),
    );
    pick(
        &mut app,
        Field::SupportStatus,
        Pick::SupportStatus(SupportStatus::Delivered),
    );
    fill_in(&mut app, Field::Amount, "1.500.000");
    fill_in(&mut app, Field::Provider, "Hội Khuyến học xã");
    app.update(Action::Save);
    assert!(
        matches!(app.screen(), Screen::Detail(_)),
        "the support is saved: {:?}",
        app.status_message()
    );
    let after_support = app.indicators().unwrap().clone();
    let scholarships = |i: &sotay::domain::Indicators| {
        i.supports
            .iter()
            .find(|(t, _)| *t == SupportType::Scholarship)
            .map(|(_, c)| *c)
            .unwrap()
    };
    let (s0, s1) = (scholarships(&before), scholarships(&after_support));
    assert_eq!(s1.count, s0.count + 1);
    assert_eq!(s1.delivered, s0.delivered + 1);
    assert_eq!(s1.amount_vnd, s0.amount_vnd + 1_500_000);

    // The dashboard and the status bar say the same.
    app.update(Action::Back);
    app.update(Action::NextView);
    app.update(Action::NextView);
    assert!(matches!(app.screen(), Screen::Dashboard(_)));
    let text = screen(&mut app, 100, 30);
    let overdue_now = app.reminders().iter().filter(|r| r.overdue()).count();
    assert_eq!(overdue_now, overdue_before - 1);
    assert!(
        text.contains(&format!("Reminders {} ({overdue_now} overdue)", app.reminders().len())),
        "{text}"
    );
    assert!(text.contains(&sotay::text::format_vnd(s1.amount_vnd)), "{text}");

    // And it is all on disk: a new session counts the same.
    let counted = app.indicators().unwrap().clone();
    drop(app);
    let store = open_store(dir.path());
    let again = App::new(store, Some(Lang::En), sotay::tui::keymap::Keymap::builtin(), Vec::new()).unwrap();
    assert_eq!(again.indicators(), Some(&counted));
    assert_eq!(
        reminders_of(&again, nguyen),
        [ReminderKind::VisitDueSoon { due: day(3, 12, 2026) }]
    );
}
