//! Whole screens, 100×30, in Vietnamese and English, compared with the reviewed
//! snapshots in `tests/snapshots/`. Today is 28/11/2026; every person is invented.

mod tui_support;

use ratatui::crossterm::event::KeyCode;
use sotay::domain::{Field, RiskFactor};
use sotay::i18n::Lang;
use sotay::tui::App;
use sotay::tui::action::Action;
use sotay::tui::form::FieldId;
use tui_support::*;

#[test]
fn setup() {
    both!("setup", |lang| {
        let (dir, mut app) = first_run_app(lang);
        press(&mut app, KeyCode::Tab);
        type_text(&mut app, "Phạm Thị Thu Hà");
        (dir, app)
    });
}

#[test]
fn setup_with_errors() {
    both!("setup_errors", |lang| {
        let (dir, mut app) = first_run_app(lang);
        press(&mut app, KeyCode::Tab);
        type_text(&mut app, "Phạm Thị Thu Hà");
        focus(&mut app, FieldId::Domain(Field::SchoolYear));
        for _ in 0..4 {
            press(&mut app, KeyCode::Backspace);
        }
        app.update(Action::Save);
        (dir, app)
    });
}

#[test]
fn roster() {
    both!("roster", |lang| {
        let (dir, mut app) = class_app(lang);
        press(&mut app, KeyCode::Down);
        (dir, app)
    });
}

#[test]
fn roster_searching() {
    both!("roster_search", |lang| {
        let (dir, mut app) = class_app(lang);
        type_text(&mut app, "nguyen van");
        (dir, app)
    });
}

#[test]
fn roster_filtered_by_name() {
    both!("roster_identified_by_name", |lang| {
        let (dir, mut app) = class_app(lang);
        app.update(Action::Filter);
        app.update(Action::Sort);
        (dir, app)
    });
}

#[test]
fn empty_roster() {
    both!("roster_empty", |lang| {
        let dir = tempfile::tempdir().unwrap();
        let store = open_store(dir.path());
        store.save_profile(&profile(lang)).unwrap();
        // Backed up: the reminder to back up has its own snapshots (tui_export).
        store.note_backup(store.clock().now()).unwrap();
        let app = App::new(store, Some(lang), sotay::tui::keymap::Keymap::builtin(), Vec::new()).unwrap();
        (dir, app)
    });
}

#[test]
fn detail() {
    both!("detail", |lang| {
        let (dir, mut app) = class_app(lang);
        type_text(&mut app, "binh");
        press(&mut app, KeyCode::Enter);
        (dir, app)
    });
}

#[test]
fn detail_not_screened() {
    both!("detail_unscreened", |lang| {
        let (dir, mut app) = class_app(lang);
        press(&mut app, KeyCode::Enter);
        (dir, app)
    });
}

#[test]
fn student_form_with_errors() {
    both!("student_form_errors", |lang| {
        let (dir, mut app) = class_app(lang);
        app.update(Action::Add);
        type_text(&mut app, "Lý Thị Hồng");
        press(&mut app, KeyCode::Tab);
        type_text(&mut app, "31/02/2013");
        focus(&mut app, FieldId::Domain(Field::Phone));
        type_text(&mut app, "12345");
        app.update(Action::Save);
        (dir, app)
    });
}

#[test]
fn screening_checklist() {
    both!("screening", |lang| {
        let (dir, mut app) = class_app(lang);
        app.update(Action::Screen);
        focus(&mut app, FieldId::Factor(RiskFactor::WorksForOthers));
        press(&mut app, KeyCode::Char(' '));
        focus(&mut app, FieldId::Factor(RiskFactor::LongHours));
        press(&mut app, KeyCode::Char(' '));
        focus(&mut app, FieldId::Domain(Field::Notes));
        type_text(&mut app, "Đi phụ hồ");
        (dir, app)
    });
}

#[test]
fn help() {
    both!("help_roster", |lang| {
        let (dir, mut app) = class_app(lang);
        press(&mut app, KeyCode::F(1));
        (dir, app)
    });
}

#[test]
fn confirm_delete() {
    both!("confirm_delete", |lang| {
        let (dir, mut app) = class_app(lang);
        press(&mut app, KeyCode::Down);
        press(&mut app, KeyCode::Delete);
        (dir, app)
    });
}

#[test]
fn ascii_borders() {
    let (_dir, mut app) = class_app(Lang::Vi);
    app.set_ascii_borders(true);
    insta::assert_snapshot!("roster_ascii_vi", screen(&mut app, 80, 16));
}

#[test]
fn import_preview() {
    both!("import_preview", |lang| {
        let (dir, mut app) = class_app(lang);
        let path = class_list(dir.path());
        press(&mut app, KeyCode::F(9));
        type_text(&mut app, &path);
        press(&mut app, KeyCode::F(2));
        (dir, app)
    });
}

#[test]
fn import_path() {
    both!("import_path", |lang| {
        let (dir, mut app) = class_app(lang);
        press(&mut app, KeyCode::F(9));
        type_text(&mut app, "lop8a.xlsx");
        press(&mut app, KeyCode::F(2));
        (dir, app)
    });
}

/// The smallest screen: the checklist becomes one column under the level.
#[test]
fn screening_narrow() {
    let (_dir, mut app) = class_app(Lang::Vi);
    press(&mut app, KeyCode::Down);
    app.update(Action::Screen);
    focus(&mut app, FieldId::Domain(Field::Notes));
    insta::assert_snapshot!("screening_60x16_vi", screen(&mut app, 60, 16));
}

#[test]
fn keymap_warnings() {
    both!("keymap_warnings", |lang| {
        let dir = tempfile::tempdir().unwrap();
        let store = open_store(dir.path());
        fill(&store, lang);
        let w = sotay::tui::keymap::KeymapWarning {
            file: "keymap.toml".into(),
            line: Some(7),
            message_vi: "không có hành động `nhay`".into(),
            message_en: "there is no action `jump`".into(),
        };
        let app = App::new(store, Some(lang), sotay::tui::keymap::Keymap::builtin(), vec![w]).unwrap();
        (dir, app)
    });
}

// --- The class's views, on the class with its case follow-up (`fill_cases`) -------------

/// Opens the view `tabs` presses of Tab away from the roster.
fn view(lang: Lang, tabs: usize) -> (tempfile::TempDir, App) {
    let (dir, mut app) = cases_app(lang);
    for _ in 0..tabs {
        press(&mut app, KeyCode::Tab);
    }
    (dir, app)
}

#[test]
fn roster_with_reminders() {
    both!("roster_reminders", |lang| view(lang, 0));
}

#[test]
fn reminders() {
    both!("reminders", |lang| {
        let (dir, mut app) = view(lang, 1);
        press(&mut app, KeyCode::Down);
        (dir, app)
    });
}

#[test]
fn reminders_none() {
    both!("reminders_none", |lang| {
        let dir = tempfile::tempdir().unwrap();
        let store = open_store(dir.path());
        store.save_profile(&profile(lang)).unwrap();
        store.save_students(&pupils()).unwrap();
        store.note_backup(store.clock().now()).unwrap();
        let mut app = App::new(store, Some(lang), sotay::tui::keymap::Keymap::builtin(), Vec::new()).unwrap();
        press(&mut app, KeyCode::Tab);
        (dir, app)
    });
}

#[test]
fn dashboard() {
    both!("dashboard", |lang| view(lang, 2));
}

/// The smallest screen: the targets go under the bars, and the rest scrolls.
#[test]
fn dashboard_narrow() {
    let (_dir, mut app) = view(Lang::Vi, 2);
    insta::assert_snapshot!("dashboard_60x16_vi", screen(&mut app, 60, 16));
    app.update(Action::PageDown);
    insta::assert_snapshot!("dashboard_60x16_paged_vi", screen(&mut app, 60, 16));
}

#[test]
fn dashboard_ascii() {
    let (_dir, mut app) = view(Lang::En, 2);
    app.set_ascii_borders(true);
    insta::assert_snapshot!("dashboard_ascii_en", screen(&mut app, 80, 24));
}

#[test]
fn sessions() {
    both!("sessions", |lang| view(lang, 3));
}

#[test]
fn session_form() {
    both!("session_form", |lang| {
        let (dir, mut app) = view(lang, 3);
        press(&mut app, KeyCode::F(2));
        focus(&mut app, FieldId::Domain(Field::Topic));
        type_text(&mut app, "Lao động trẻ em là gì");
        focus(&mut app, FieldId::Attendee(id_of("Trần Minh Châu")));
        press(&mut app, KeyCode::Char(' '));
        (dir, app)
    });
}

#[test]
fn settings_form_with_an_error() {
    both!("settings_form_error", |lang| {
        let (dir, mut app) = view(lang, 2);
        press(&mut app, KeyCode::F(4));
        press(&mut app, KeyCode::Backspace);
        type_text(&mut app, "0");
        press(&mut app, KeyCode::F(2));
        (dir, app)
    });
}

#[test]
fn confirm_delete_session() {
    both!("confirm_delete_session", |lang| {
        let (dir, mut app) = view(lang, 3);
        press(&mut app, KeyCode::Delete);
        (dir, app)
    });
}

#[test]
fn roster_with_possible_twins() {
    both!("roster_twins", |lang| {
        let (dir, mut app) = twin_app(lang);
        app.update(Action::Bottom);
        (dir, app)
    });
    let (_dir, mut app) = twin_app(Lang::Vi);
    app.set_ascii_borders(true);
    insta::assert_snapshot!("roster_twins_ascii_vi", screen(&mut app, 80, 16));
}

#[test]
fn merge_question() {
    both!("confirm_merge", |lang| {
        let (dir, mut app) = twin_app(lang);
        app.update(Action::Bottom);
        app.update(Action::Merge);
        (dir, app)
    });
}

/// The lock screen at start with seven characters typed: masked, nothing of the notebook.
#[test]
fn lock_screen() {
    use std::time::Instant;
    for lang in [Lang::Vi, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let clock: std::sync::Arc<dyn sotay::clock::Clock> =
            std::sync::Arc::new(sotay::clock::FixedClock::on(2026, 11, 28));
        let t0 = Instant::now();
        let mut s = sotay::tui::Session::locked(
            dir.path(),
            clock,
            Some(lang),
            sotay::tui::keymap::Keymap::builtin(),
            Vec::new(),
            t0,
        );
        session_type(&mut s, "hoa sen", t0);
        insta::assert_snapshot!(format!("lock_screen_{}", lang.code()), session_screen(&mut s, W, H));
    }
}

/// The lock settings form, from the profile form, of a notebook without a passphrase.
#[test]
fn lock_settings() {
    both!("lock_settings", |lang| {
        let (dir, mut app) = class_app(lang);
        app.handle_key(ctrl('p'));
        app.handle_key(key(KeyCode::F(4)));
        press(&mut app, KeyCode::Right);
        press(&mut app, KeyCode::Tab);
        type_text(&mut app, "hoa sen");
        (dir, app)
    });
}
