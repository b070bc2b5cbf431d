//! The case follow-up's screens, in Vietnamese and English, compared with the reviewed
//! snapshots in `tests/snapshots/`: the timeline, its popup, the visit, support, case and
//! informed forms. Today is 28/11/2026; every person is invented.

mod case_support;
mod tui_support;

use case_support::*;
use ratatui::crossterm::event::KeyCode;
use sotay::domain::{Field, Stage};
use sotay::i18n::Lang;
use sotay::tui::form::{FieldId, Pick};
use tui_support::*;

// Bình's entries, by words her timeline shows in either language.
/// The scholarship.
const SUPPORT: &str = "1.500.000 ₫";
/// The home visit of 22/11 (its edit names no one).
const VISIT: &str = "mẹ";
/// The move to intervening.
const CASE_MOVE: &str = "→";

#[test]
fn timeline() {
    both!("timeline", |lang| {
        let (dir, mut app) = binh_timeline(lang);
        select(&mut app, SUPPORT);
        (dir, app)
    });
}

#[test]
fn timeline_smallest() {
    for lang in [Lang::Vi, Lang::En] {
        let (_dir, mut app) = binh_timeline(lang);
        app.resize(60, 16);
        press(&mut app, KeyCode::End);
        insta::assert_snapshot!(format!("timeline_60x16_{}", lang.code()), screen(&mut app, 60, 16));
    }
}

#[test]
fn timeline_ascii() {
    let (_dir, mut app) = binh_timeline(Lang::Vi);
    app.set_ascii_borders(true);
    insta::assert_snapshot!("timeline_ascii_vi", screen(&mut app, 80, 20));
}

#[test]
fn timeline_of_a_pupil_without_a_case() {
    both!("timeline_no_case", |lang| {
        let (dir, mut app) = follow_up_app(lang);
        // Nguyễn Văn An: not screened, nothing recorded but his entry in the notebook.
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Enter);
        (dir, app)
    });
}

#[test]
fn entry_popup() {
    both!("timeline_entry_popup", |lang| {
        let (dir, mut app) = binh_timeline(lang);
        select(&mut app, CASE_MOVE);
        press(&mut app, KeyCode::Enter);
        (dir, app)
    });
}

#[test]
fn new_visit_form() {
    both!("visit_form_new", |lang| {
        let (dir, mut app) = binh_timeline(lang);
        press(&mut app, KeyCode::F(2));
        focus(&mut app, FieldId::Domain(Field::Met));
        type_text(&mut app, "bà ngoại");
        (dir, app)
    });
}

#[test]
fn visit_form_with_errors() {
    both!("visit_form_errors", |lang| {
        let (dir, mut app) = binh_timeline(lang);
        press(&mut app, KeyCode::F(2));
        for _ in 0..10 {
            press(&mut app, KeyCode::Backspace);
        }
        type_text(&mut app, "31/11/2026");
        focus(&mut app, FieldId::Domain(Field::Working));
        press(&mut app, KeyCode::Char(' '));
        focus(&mut app, FieldId::Domain(Field::HoursPerWeek));
        type_text(&mut app, "200");
        press(&mut app, KeyCode::F(2));
        (dir, app)
    });
}

/// A visit opened from the timeline to read: every field, the notes in full, and the keys
/// that work there.
#[test]
fn visit_opened_to_read() {
    both!("timeline_visit_read", |lang| {
        let (dir, mut app) = binh_timeline(lang);
        select(&mut app, VISIT);
        press(&mut app, KeyCode::Enter);
        (dir, app)
    });
}

/// Long findings wrap, and the view scrolls to its end.
#[test]
fn visit_opened_to_read_on_the_smallest_screen() {
    let (_dir, mut app) = binh_timeline(Lang::Vi);
    select(&mut app, VISIT);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::F(4));
    focus(&mut app, FieldId::Domain(Field::Findings));
    for _ in 0..40 {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(
        &mut app,
        "Em đã thôi bán buổi tối. Mẹ bán ở chợ đến tối, bà ngoại trông em và em ôn bài ở nhà bà.",
    );
    press(&mut app, KeyCode::F(2));
    press(&mut app, KeyCode::Enter);
    insta::assert_snapshot!("timeline_visit_read_60x16_vi", screen(&mut app, 60, 16));
    // It scrolls to the last field.
    press(&mut app, KeyCode::End);
    insta::assert_snapshot!("timeline_visit_read_60x16_end_vi", screen(&mut app, 60, 16));
}

#[test]
fn support_form() {
    both!("support_form_edit", |lang| {
        let (dir, mut app) = binh_timeline(lang);
        select(&mut app, SUPPORT);
        // Opened to read, then to edit.
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::F(4));
        focus(&mut app, FieldId::Domain(Field::Amount));
        (dir, app)
    });
}

#[test]
fn case_form_refused() {
    both!("case_form_refused", |lang| {
        let (dir, mut app) = binh_timeline(lang);
        press(&mut app, KeyCode::F(6));
        // Closing without a reason.
        press(&mut app, KeyCode::Right);
        assert_eq!(
            app.form().unwrap().form.pick(Field::Stage),
            Some(Pick::Stage(Stage::Closed))
        );
        press(&mut app, KeyCode::F(2));
        (dir, app)
    });
}

#[test]
fn informed_form() {
    both!("informed_form", |lang| {
        let (dir, mut app) = binh_timeline(lang);
        press(&mut app, KeyCode::F(7));
        (dir, app)
    });
}

#[test]
fn delete_entry_question() {
    both!("timeline_confirm_delete", |lang| {
        let (dir, mut app) = binh_timeline(lang);
        select(&mut app, SUPPORT);
        press(&mut app, KeyCode::F(8));
        (dir, app)
    });
}

#[test]
fn visit_form_smallest() {
    let (_dir, mut app) = binh_timeline(Lang::Vi);
    press(&mut app, KeyCode::F(2));
    focus(&mut app, FieldId::Domain(Field::Hazardous));
    insta::assert_snapshot!("visit_form_60x16_vi", screen(&mut app, 60, 16));
}

/// Bình's page: the case's stage, the next visit due and her latest visits and supports
/// beside the screening.
#[test]
fn pupil_page_with_follow_up() {
    let open = |lang| {
        let (dir, mut app) = follow_up_app(lang);
        type_text(&mut app, "binh");
        press(&mut app, KeyCode::Enter);
        (dir, app)
    };
    both!("detail_follow_up", open);
    let (_dir, mut app) = open(Lang::Vi);
    insta::assert_snapshot!("detail_follow_up_120x36_vi", screen(&mut app, 120, 36));
    // On the smallest screen it is one column, and scrolls to the follow-up.
    insta::assert_snapshot!("detail_follow_up_60x16_vi", screen(&mut app, 60, 16));
    for _ in 0..12 {
        press(&mut app, KeyCode::Down);
    }
    insta::assert_snapshot!("detail_follow_up_60x16_scrolled_vi", screen(&mut app, 60, 16));
}

/// Huy's page: a visit overdue, said in words.
#[test]
fn pupil_page_with_a_visit_overdue() {
    let (_dir, mut app) = cases_app(Lang::En);
    type_text(&mut app, "huy");
    press(&mut app, KeyCode::Enter);
    insta::assert_snapshot!("detail_visit_overdue_en", screen(&mut app, W, H));
}
