//! A pupil's case follow-up in the TUI, driven through keys and actions: the timeline, the
//! visit, support, case and informed forms, deleting, and the casebook kept in step with
//! the store. Today is 28/11/2026; every person is invented.

mod case_support;
mod tui_support;

use case_support::*;
use ratatui::crossterm::event::KeyCode;
use sotay::domain::{
    CloseReason, Decision, Field, Problem, RecordKind, ReminderKind, Stage, Status, SupportStatus, SupportType,
    VisitDue,
};
use sotay::i18n::Lang;
use sotay::tui::App;
use sotay::tui::action::{Action, Context};
use sotay::tui::app::{Confirm, DetailState, Popup, Screen};
use sotay::tui::form::{FieldId, FormKind, Pick, Widget};
use sotay::tui::timeline::EntryKind;
use tui_support::*;

/// The refusal a form that stayed open shows: the field it stands under, and its words.
fn refusal(app: &App) -> (FieldId, String) {
    app.form()
        .expect("the form stays open")
        .form
        .other_error
        .clone()
        .expect("a refusal")
}

/// Empties the focused field.
fn clear(app: &mut App) {
    app.handle_key(ctrl('u'));
}

fn pick_options(app: &App, f: Field) -> Vec<Pick> {
    let form = &app.form().unwrap().form;
    match &form.fields[form.index_of(FieldId::Domain(f)).unwrap()].widget {
        Widget::Pick { options, .. } => options.clone(),
        w => panic!("not a pick list: {w:?}"),
    }
}

/// Steps the focused pick list until it shows `value`.
fn choose(app: &mut App, f: Field, value: Pick) {
    focus(app, FieldId::Domain(f));
    for _ in 0..20 {
        if app.form().unwrap().form.pick(f) == Some(value) {
            return;
        }
        press(app, KeyCode::Right);
    }
    panic!("{f:?} has no {value:?}");
}

#[test]
fn enter_on_a_pupil_page_opens_the_timeline_newest_first() {
    let (_dir, app) = binh_timeline(Lang::Vi);
    assert_eq!(app.context(), Context::Timeline);
    let t = timeline(&app);
    assert_eq!(t.name, "Đặng Thị Bình");
    assert_eq!(t.case.as_ref().map(|c| c.stage), Some(Stage::Intervening));
    assert_eq!(t.informed_student, Some(day(27, 11, 2026)));
    assert_eq!(t.informed_parents, None);
    assert_eq!(
        lines(&app),
        [
            "26/11/2026 Sửa lần thăm nhà 22/11/2026: nhận xét",
            "25/11/2026 Sửa thông tin học sinh: địa chỉ, số điện thoại",
            "24/11/2026 Hỗ trợ · Học bổng · Đã nhận · 1.500.000 ₫ · Hội Khuyến học xã Hoa Sen",
            "22/11/2026 Hồ sơ: Đã phát hiện → Đang can thiệp",
            "22/11/2026 Thăm nhà · gặp mẹ · làm việc: Dịch vụ, 20 giờ/tuần · đang đi học · hẹn 05/12/2026",
            "20/11/2026 Hồ sơ: mở ở bước Đã phát hiện",
            "20/11/2026 Rà soát lần đầu: Có nguy cơ",
            "20/11/2026 Thêm vào sổ",
        ]
    );
}

fn detail(app: &App) -> &DetailState {
    match app.screen() {
        Screen::Detail(d) => d,
        s => panic!("not on a pupil's page: {s:?}"),
    }
}

/// Opens the page of the first pupil whose name the search `query` finds.
fn open_page(app: &mut App, query: &str) {
    type_text(app, query);
    press(app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Detail);
}

#[test]
fn the_pupil_page_shows_the_case_the_next_visit_and_the_latest_follow_up() {
    let (_dir, mut app) = follow_up_app(Lang::Vi);
    open_page(&mut app, "binh");
    let d = detail(&app);
    let case = d.case.as_ref().expect("Bình has a case");
    assert_eq!((case.stage, case.stage_on), (Stage::Intervening, day(22, 11, 2026)));
    assert_eq!(d.next_visit, Some(VisitDue::Later(day(5, 12, 2026))));
    let text = screen(&mut app, W, H);
    for shown in [
        "Hồ sơ        Đang can thiệp từ 22/11/2026",
        "Lần thăm tới 05/12/2026 (còn 7 ngày)",
        "22/11/2026  gặp mẹ · làm việc: Dịch vụ, 20",
        "24/11/2026  Học bổng · Đã nhận · 1.500.000 ₫",
    ] {
        assert!(text.contains(shown), "{shown} not in\n{text}");
    }

    // A visit recorded from the page is on it as soon as it is saved, newest first, and its
    // appointment is the next visit.
    press(&mut app, KeyCode::F(2));
    focus(&mut app, FieldId::Domain(Field::Met));
    type_text(&mut app, "bà ngoại");
    focus(&mut app, FieldId::Domain(Field::NextVisitOn));
    type_text(&mut app, "1/12/2026");
    press(&mut app, KeyCode::F(2));
    let d = detail(&app);
    assert_eq!(
        d.visits.iter().map(|v| v.visited_on).collect::<Vec<_>>(),
        [day(28, 11, 2026), day(22, 11, 2026)]
    );
    assert_eq!(d.next_visit, Some(VisitDue::Soon(day(1, 12, 2026))));
    let text = screen(&mut app, W, H);
    assert!(text.contains("01/12/2026 (còn 3 ngày)"), "{text}");
    assert!(text.contains("28/11/2026  gặp bà ngoại"), "{text}");

    // So is a support recorded from the timeline, once back on the page.
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::F(3));
    press(&mut app, KeyCode::F(2));
    assert_eq!(app.context(), Context::Timeline, "{:?}", app.status_message());
    press(&mut app, KeyCode::Esc);
    let d = detail(&app);
    assert_eq!(d.support_count, 2);
    assert_eq!(d.supports[0].planned_on, Some(day(28, 11, 2026)), "newest first");
}

#[test]
fn an_overdue_visit_is_said_in_words_on_the_pupil_page() {
    let (_dir, mut app) = cases_app(Lang::En);
    open_page(&mut app, "huy");
    let text = screen(&mut app, W, H);
    assert!(text.contains("Next visit Overdue: 20/11/2026 (8 days late)"), "{text}");
    // Supports newest first.
    let supports = text.find("15/10/2026  Scholarship").expect("the scholarship");
    let books = text.find("10/10/2026  Books and supplies").expect("the books");
    assert!(supports < books, "{text}");
    // Nothing overdue once the case is closed: a closed case is visited no more.
    press(&mut app, KeyCode::F(6));
    choose(&mut app, Field::Stage, Pick::Stage(Stage::Closed));
    choose(
        &mut app,
        Field::CloseReason,
        Pick::CloseReason(Some(CloseReason::MovedSchool)),
    );
    press(&mut app, KeyCode::F(2));
    assert_eq!(app.context(), Context::Detail, "{:?}", app.status_message());
    let text = screen(&mut app, W, H);
    assert!(text.contains("Closed (Moved school) since"), "{text}");
    assert!(!text.contains("Overdue"), "{text}");
}

/// The page says what the reminders say, on the day it is read: a notebook left open
/// overnight shows the visit overdue the morning after its day.
#[test]
fn the_pupil_page_and_the_reminders_read_one_next_visit_rule() {
    let (_dir, mut app, clock) = follow_up_app_with_clock(Lang::En);
    open_page(&mut app, "binh");
    assert_eq!(
        detail(&app).next_visit,
        app.casebook().next_visit_due(binh(), day(28, 11, 2026))
    );
    assert_eq!(detail(&app).next_visit, Some(VisitDue::Later(day(5, 12, 2026))));
    clock.set(day(6, 12, 2026));
    press(&mut app, KeyCode::Down);
    assert_eq!(detail(&app).next_visit, Some(VisitDue::Overdue(day(5, 12, 2026))));
    assert!(
        app.reminders()
            .iter()
            .any(|r| r.student_id == binh() && r.kind == ReminderKind::VisitOverdue { due: day(5, 12, 2026) })
    );
    let text = screen(&mut app, W, H);
    assert!(text.contains("Next visit Overdue: 05/12/2026 (1 day late)"), "{text}");
}

#[test]
fn a_screening_is_dated_on_the_timeline_by_its_screening_date_not_the_day_it_was_typed() {
    let (_dir, mut app) = follow_up_app(Lang::Vi);
    // Trần Minh Châu, screened on 21/11 on paper, typed in on 28/11.
    open_page(&mut app, "chau");
    press(&mut app, KeyCode::F(5));
    focus(&mut app, FieldId::Factor(sotay::domain::RiskFactor::WorksForOthers));
    press(&mut app, KeyCode::Char(' '));
    focus(&mut app, FieldId::Factor(sotay::domain::RiskFactor::LongHours));
    press(&mut app, KeyCode::Char(' '));
    focus(&mut app, FieldId::Domain(Field::ScreenedOn));
    clear(&mut app);
    type_text(&mut app, "21/11/2026");
    press(&mut app, KeyCode::F(2));
    assert_eq!(app.context(), Context::Detail, "{:?}", app.status_message());
    // A visit on 23/11, typed in the same day.
    press(&mut app, KeyCode::F(2));
    focus(&mut app, FieldId::Domain(Field::VisitedOn));
    clear(&mut app);
    type_text(&mut app, "23/11/2026");
    focus(&mut app, FieldId::Domain(Field::Met));
    type_text(&mut app, "bố");
    press(&mut app, KeyCode::F(2));
    assert_eq!(app.context(), Context::Detail, "{:?}", app.status_message());
    press(&mut app, KeyCode::Enter);
    let l = lines(&app);
    let at = |text: &str| {
        l.iter()
            .position(|x| x.contains(text))
            .unwrap_or_else(|| panic!("{text} not in {l:?}"))
    };
    assert!(
        l.contains(&"21/11/2026 Rà soát lần đầu: Có nguy cơ".to_string()),
        "{l:?}"
    );
    assert!(
        l.contains(&"21/11/2026 Hồ sơ: mở ở bước Đã phát hiện".to_string()),
        "{l:?}"
    );
    // Ordered among the others by that date: after the visit of 23/11.
    assert!(at("23/11/2026 Thăm nhà") < at("Rà soát lần đầu"), "{l:?}");
    // Opened, it says both days.
    select(&mut app, "Rà soát lần đầu");
    press(&mut app, KeyCode::Enter);
    let popup = entry_lines(&app);
    assert!(popup.contains(&"Ngày lưu: 28/11/2026".to_string()), "{popup:?}");
    assert!(popup.contains(&"Ngày rà soát: 21/11/2026".to_string()), "{popup:?}");
    press(&mut app, KeyCode::Esc);

    // A correction that keeps the screening's date is an edit, dated the day it is typed.
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::F(5));
    focus(&mut app, FieldId::Domain(Field::Notes));
    type_text(&mut app, "Phụ bố chăn trâu.");
    press(&mut app, KeyCode::F(2));
    press(&mut app, KeyCode::Enter);
    assert_eq!(lines(&app)[0], "28/11/2026 Sửa phiếu rà soát: ghi chú");
}

#[test]
fn esc_goes_back_to_the_pupil_page() {
    let (_dir, mut app) = binh_timeline(Lang::En);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.context(), Context::Detail);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.context(), Context::Roster);
}

#[test]
fn arrows_and_paging_move_the_selection_within_the_list() {
    let (_dir, mut app) = binh_timeline(Lang::En);
    assert_eq!(timeline(&app).selected, 0);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    assert_eq!(timeline(&app).selected, 2);
    press(&mut app, KeyCode::End);
    assert_eq!(timeline(&app).selected, 7);
    press(&mut app, KeyCode::Down);
    assert_eq!(timeline(&app).selected, 7, "stops at the last");
    press(&mut app, KeyCode::PageUp);
    assert_eq!(timeline(&app).selected, 0, "a page is longer than the list");
    // On the smallest screen the list scrolls to keep the selection in view.
    app.resize(60, 16);
    press(&mut app, KeyCode::End);
    let text = screen(&mut app, 60, 16);
    assert!(text.contains("Added to the notebook"), "{text}");
    assert!(!text.contains("Home visit of 22/11/2026 edited"), "{text}");
    press(&mut app, KeyCode::Home);
    let text = screen(&mut app, 60, 16);
    assert!(text.contains("Home visit of 22/11/2026 edited"), "{text}");
}

/// The entry open to read, as "label: value" lines (a line without a label as it is).
fn entry_lines(app: &App) -> Vec<String> {
    let Some(Popup::Entry(view)) = app.popup() else {
        panic!("no entry open: {:?}", app.popup())
    };
    view.lines
        .iter()
        .map(|(label, value)| match label.is_empty() {
            true => value.clone(),
            false => format!("{label}: {value}"),
        })
        .collect()
}

fn entry_title(app: &App) -> String {
    match app.popup() {
        Some(Popup::Entry(view)) => view.title.clone(),
        p => panic!("no entry open: {p:?}"),
    }
}

#[test]
fn a_case_move_and_an_edit_open_in_a_popup() {
    let (_dir, mut app) = binh_timeline(Lang::Vi);
    select(&mut app, "Đã phát hiện → Đang can thiệp");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Entry);
    assert_eq!(entry_title(&app), "Chuyển bước hồ sơ: Đã phát hiện → Đang can thiệp");
    let lines = entry_lines(&app);
    assert!(lines.contains(&"Ngày: 22/11/2026".to_string()), "{lines:?}");
    assert!(
        !lines.iter().any(|l| l.starts_with("Bước")),
        "the stage is in the title: {lines:?}"
    );
    // The first intervention is derived from the visits and supports, never logged (see
    // docs/sync.md, rule 3): a move lists only what it changed.
    assert!(
        !lines.iter().any(|l| l.starts_with("Ngày can thiệp đầu tiên")),
        "{lines:?}"
    );
    // A move has no form: the key line offers no edit.
    let text = screen(&mut app, W, H);
    assert!(!text.contains("F4 Sửa"), "{text}");
    press(&mut app, KeyCode::Esc);
    assert!(app.popup().is_none());
    select(&mut app, "Sửa thông tin học sinh");
    press(&mut app, KeyCode::Enter);
    let lines = entry_lines(&app);
    assert!(
        lines.contains(&"Địa chỉ: Thôn Tây, xã Hoa Sen".to_string()),
        "{lines:?}"
    );
    assert!(lines.contains(&"Số điện thoại: 0912345678".to_string()), "{lines:?}");
    // Enter, which opened it, closes it too.
    press(&mut app, KeyCode::Enter);
    assert!(app.popup().is_none());
    assert_eq!(app.context(), Context::Timeline);
}

#[test]
fn a_visit_opens_to_read_with_its_notes_in_full_and_f4_or_enter_edits_it() {
    let (_dir, mut app) = binh_timeline(Lang::Vi);
    select(&mut app, "Thăm nhà · gặp mẹ");
    press(&mut app, KeyCode::Enter);
    assert!(app.form().is_none(), "a visit opens to read first");
    assert_eq!(app.context(), Context::Entry);
    assert_eq!(entry_title(&app), "Lần thăm nhà ngày 22/11/2026");
    let lines = entry_lines(&app);
    for line in [
        "Ngày thăm: 22/11/2026",
        "Người đi thăm: Phạm Thị Thu Hà",
        "Gặp ai: mẹ",
        "Làm cho ai: Quán phở đầu thôn",
        "Nhận xét: Em đã thôi bán buổi tối.",
        "Đã thống nhất: Mẹ cho em nghỉ bán buổi tối.",
        "Hẹn thăm lần sau: 05/12/2026",
    ] {
        assert!(lines.contains(&line.to_string()), "{line} not in {lines:?}");
    }
    // The screen shows the findings and the keys that work here.
    let text = screen(&mut app, W, H);
    assert!(text.contains("Em đã thôi bán buổi tối."), "{text}");
    let keys = text.lines().last().unwrap();
    assert!(keys.contains("Esc Quay lại") && keys.contains("F4 Sửa"), "{keys}");
    // Help lists them, and closes back to the visit.
    press(&mut app, KeyCode::F(1));
    assert!(matches!(
        app.popup(),
        Some(Popup::Help {
            context: Context::Entry,
            ..
        })
    ));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.context(), Context::Entry);
    // Esc goes back to the timeline; F4 opens the form.
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.context(), Context::Timeline);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::F(4));
    assert!(app.popup().is_none());
    assert!(matches!(
        app.form().unwrap().kind,
        FormKind::Visit { opened: Some(_), .. }
    ));
    assert_eq!(form_text(&app, Field::Findings), "Em đã thôi bán buổi tối.");
    // Cancelled, it is the timeline again; Enter twice edits too.
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.context(), Context::Timeline);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    assert!(matches!(
        app.form().unwrap().kind,
        FormKind::Visit { opened: Some(_), .. }
    ));
}

/// F4 on the timeline goes straight to a visit's or a support's form; another entry, which
/// has none, opens to read.
#[test]
fn f4_on_the_timeline_edits_a_visit_or_a_support_at_once() {
    let (_dir, mut app) = binh_timeline(Lang::En);
    assert!(screen(&mut app, W, H).lines().last().unwrap().contains("F4 Edit"));
    select(&mut app, "Home visit · met");
    press(&mut app, KeyCode::F(4));
    assert!(matches!(
        app.form().unwrap().kind,
        FormKind::Visit { opened: Some(_), .. }
    ));
    press(&mut app, KeyCode::Esc);
    select(&mut app, "Support · Scholarship");
    press(&mut app, KeyCode::F(4));
    assert!(matches!(
        app.form().unwrap().kind,
        FormKind::Support { opened: Some(_), .. }
    ));
    press(&mut app, KeyCode::Esc);
    select(&mut app, "Identified → Intervening");
    press(&mut app, KeyCode::F(4));
    assert!(app.form().is_none());
    assert_eq!(app.context(), Context::Entry);
}

#[test]
fn a_support_opens_to_read_and_enter_edits_it() {
    let (_dir, mut app) = binh_timeline(Lang::En);
    select(&mut app, "Support · Scholarship");
    press(&mut app, KeyCode::Enter);
    assert_eq!(entry_title(&app), "Support: Scholarship");
    let lines = entry_lines(&app);
    assert!(lines.contains(&"Date delivered: 24/11/2026".to_string()), "{lines:?}");
    assert!(lines.contains(&"Amount (VND): 1.500.000 ₫".to_string()), "{lines:?}");
    assert!(
        !lines.iter().any(|l| l.starts_with("Date referred")),
        "a status not reached has no date: {lines:?}"
    );
    press(&mut app, KeyCode::Enter);
    assert!(matches!(
        app.form().unwrap().kind,
        FormKind::Support { opened: Some(_), .. }
    ));
}

#[test]
fn a_visit_opens_its_form_and_an_edit_is_saved_and_shown() {
    let (dir, mut app) = binh_timeline(Lang::Vi);
    select(&mut app, "Thăm nhà · gặp mẹ");
    // Opened to read, then to edit.
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::F(4));
    assert!(matches!(
        app.form().unwrap().kind,
        FormKind::Visit { opened: Some(_), .. }
    ));
    assert_eq!(form_text(&app, Field::VisitedOn), "22/11/2026");
    assert_eq!(form_text(&app, Field::Findings), "Em đã thôi bán buổi tối.");
    assert_eq!(
        app.form().unwrap().form.pick(Field::Sector),
        Some(Pick::Sector(Some(sotay::domain::Sector::Services)))
    );
    focus(&mut app, FieldId::Domain(Field::Met));
    // End keeps what the field holds (typing at once would replace it).
    press(&mut app, KeyCode::End);
    type_text(&mut app, " và bà ngoại");
    press(&mut app, KeyCode::F(2));
    assert_eq!(app.context(), Context::Timeline, "{:?}", app.status_message());
    assert_eq!(
        app.status_message().unwrap().text,
        "Đã lưu lần thăm nhà của Đặng Thị Bình."
    );
    // The visit stays selected, and today's edit is on top.
    let t = timeline(&app);
    assert!(matches!(&t.entries[t.selected].what, EntryKind::Visit(v) if v.met == "mẹ và bà ngoại"));
    assert_eq!(lines(&app)[0], "28/11/2026 Sửa lần thăm nhà 22/11/2026: gặp ai");
    assert_eq!(app.casebook().visits_of(binh())[0].met, "mẹ và bà ngoại");
    drop(app);
    let store = open_store(dir.path());
    assert_eq!(store.visit(VISIT_ID).unwrap().unwrap().met, "mẹ và bà ngoại");
}

#[test]
fn a_new_visit_with_an_agreement_is_an_intervention_on_an_implicit_case() {
    // Huy was identified by his screening; no case is stored yet.
    let (dir, mut app) = follow_up_app(Lang::En);
    assert!(app.store().case(huy()).unwrap().is_none());
    type_text(&mut app, "huy");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::F(2));
    let form = app.form().unwrap();
    assert!(matches!(form.kind, FormKind::Visit { opened: None, .. }));
    assert_eq!(form_text(&app, Field::VisitedOn), "28/11/2026", "today");
    assert_eq!(form_text(&app, Field::VisitedBy), "Phạm Thị Thu Hà", "the teacher");
    clear(&mut app);
    type_text(&mut app, "hôm nay");
    focus(&mut app, FieldId::Domain(Field::Met));
    type_text(&mut app, "bố");
    focus(&mut app, FieldId::Domain(Field::Agreed));
    type_text(&mut app, "Bố cho em nghỉ phụ lò gạch.");
    focus(&mut app, FieldId::Domain(Field::NextVisitOn));
    type_text(&mut app, "5/12/2026");
    press(&mut app, KeyCode::F(2));
    assert!(matches!(app.screen(), Screen::Detail(_)), "{:?}", app.status_message());
    // The implicit case moves on with it, derived from the records: nothing of the case is
    // stored or logged until the teacher saves the case herself.
    let case = app.casebook().case_of(huy()).expect("the screening's case");
    assert_eq!(case.stage, Stage::Intervening);
    assert_eq!(case.first_intervention_on, Some(day(28, 11, 2026)));
    assert_eq!(app.store().case(huy()).unwrap(), None);
    let visits: Vec<_> = app
        .store()
        .visits()
        .unwrap()
        .into_iter()
        .filter(|v| v.student_id == huy())
        .collect();
    assert_eq!(visits.len(), 1);
    assert_eq!(visits[0].visited_on, day(28, 11, 2026), "'hôm nay' is today");
    assert_eq!(visits[0].next_visit_on, Some(day(5, 12, 2026)));
    // The timeline shows the visit and the move it made.
    press(&mut app, KeyCode::Enter);
    let l = lines(&app);
    assert_eq!(l[0], "28/11/2026 Case: Identified → Intervening");
    assert!(l[1].starts_with("28/11/2026 Home visit · met bố"), "{l:?}");
    drop(app);
    assert_eq!(open_store(dir.path()).casebook().unwrap().case_of(huy()), Some(case));
}

#[test]
fn a_visit_with_errors_keeps_everything_typed_and_saves_nothing() {
    let (_dir, mut app) = binh_timeline(Lang::Vi);
    let before = app.store().visits().unwrap().len();
    press(&mut app, KeyCode::F(2));
    clear(&mut app);
    type_text(&mut app, "31/11/2026");
    focus(&mut app, FieldId::Domain(Field::Working));
    press(&mut app, KeyCode::Char(' '));
    focus(&mut app, FieldId::Domain(Field::HoursPerWeek));
    type_text(&mut app, "200");
    focus(&mut app, FieldId::Domain(Field::Findings));
    type_text(&mut app, "Em đi làm thuê ở xưởng.");
    press(&mut app, KeyCode::F(2));
    let f = app.form().expect("the form stays open");
    assert_eq!(
        f.form.error(FieldId::Domain(Field::VisitedOn)),
        Some(&Problem::NotADate)
    );
    assert_eq!(
        f.form.error(FieldId::Domain(Field::HoursPerWeek)),
        Some(&Problem::OutOfRange { min: 0, max: 168 })
    );
    assert_eq!(
        focused(&app),
        FieldId::Domain(Field::VisitedOn),
        "focus on the first bad field"
    );
    assert_eq!(form_text(&app, Field::HoursPerWeek), "200");
    assert_eq!(form_text(&app, Field::Findings), "Em đi làm thuê ở xưởng.");
    assert!(app.status_message().unwrap().error);
    assert_eq!(app.store().visits().unwrap().len(), before, "nothing saved");
    assert_eq!(app.casebook().visits_of(binh()).len(), 1);
    // A next visit before the visit is refused too.
    clear(&mut app);
    type_text(&mut app, "27/11/2026");
    focus(&mut app, FieldId::Domain(Field::HoursPerWeek));
    clear(&mut app);
    type_text(&mut app, "30");
    focus(&mut app, FieldId::Domain(Field::NextVisitOn));
    type_text(&mut app, "20/11/2026");
    press(&mut app, KeyCode::F(2));
    let f = app.form().expect("the form stays open");
    assert_eq!(
        f.form.error(FieldId::Domain(Field::NextVisitOn)),
        Some(&Problem::NotAfterVisit)
    );
    clear(&mut app);
    press(&mut app, KeyCode::F(2));
    assert_eq!(app.context(), Context::Timeline, "{:?}", app.status_message());
    assert_eq!(app.store().visits().unwrap().len(), before + 1);
}

#[test]
fn a_support_shows_its_amount_in_dong_and_counts_as_an_intervention() {
    let (_dir, mut app) = follow_up_app(Lang::Vi);
    type_text(&mut app, "huy");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::F(3));
    assert!(matches!(
        app.form().unwrap().kind,
        FormKind::Support { opened: None, .. }
    ));
    assert_eq!(
        pick_options(&app, Field::SupportType).len(),
        SupportType::ALL.len(),
        "every type is offered"
    );
    choose(
        &mut app,
        Field::SupportType,
        Pick::SupportType(SupportType::BooksSupplies),
    );
    choose(
        &mut app,
        Field::SupportStatus,
        Pick::SupportStatus(SupportStatus::Delivered),
    );
    assert_eq!(form_text(&app, Field::StatusOn), "28/11/2026");
    focus(&mut app, FieldId::Domain(Field::Amount));
    type_text(&mut app, "350000");
    // The amount as it will be kept shows beside the field.
    assert!(screen(&mut app, W, H).contains("= 350.000 ₫"));
    focus(&mut app, FieldId::Domain(Field::Provider));
    type_text(&mut app, "Chi đoàn trường");
    press(&mut app, KeyCode::F(2));
    assert_eq!(app.context(), Context::Timeline, "{:?}", app.status_message());
    let s = app.casebook().supports_of(huy())[0].clone();
    assert_eq!(s.amount_vnd, Some(350_000));
    assert_eq!(s.delivered_on, Some(day(28, 11, 2026)));
    assert_eq!(app.store().support(s.id).unwrap(), Some(s));
    let l = lines(&app);
    assert!(
        l.contains(&"28/11/2026 Hỗ trợ · Sách vở, đồ dùng học tập · Đã nhận · 350.000 ₫ · Chi đoàn trường".to_string()),
        "{l:?}"
    );
    assert_eq!(app.casebook().case_of(huy()).unwrap().stage, Stage::Intervening);
}

#[test]
fn changing_a_supports_status_dates_it_unless_a_date_was_typed() {
    let (_dir, mut app) = binh_timeline(Lang::En);
    select(&mut app, "Scholarship");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::F(4));
    assert_eq!(form_text(&app, Field::StatusOn), "24/11/2026", "delivered on");
    // Back to planned: the date it was planned, not the delivery's.
    choose(
        &mut app,
        Field::SupportStatus,
        Pick::SupportStatus(SupportStatus::Planned),
    );
    assert_eq!(form_text(&app, Field::StatusOn), "23/11/2026");
    // Declined, never before: today.
    choose(
        &mut app,
        Field::SupportStatus,
        Pick::SupportStatus(SupportStatus::Declined),
    );
    assert_eq!(form_text(&app, Field::StatusOn), "28/11/2026");
    // A date the teacher typed stays whatever the status.
    focus(&mut app, FieldId::Domain(Field::StatusOn));
    clear(&mut app);
    type_text(&mut app, "26/11/2026");
    choose(
        &mut app,
        Field::SupportStatus,
        Pick::SupportStatus(SupportStatus::Referred),
    );
    assert_eq!(form_text(&app, Field::StatusOn), "26/11/2026");
    press(&mut app, KeyCode::F(2));
    assert_eq!(app.context(), Context::Timeline, "{:?}", app.status_message());
    let s = app.store().support(SUPPORT_ID).unwrap().unwrap();
    assert_eq!(s.status, SupportStatus::Referred);
    assert_eq!(s.referred_on, Some(day(26, 11, 2026)));
    assert_eq!(
        s.planned_on,
        Some(day(23, 11, 2026)),
        "an earlier status's date is kept"
    );
    assert_eq!(
        s.delivered_on, None,
        "a delivery corrected back to referred is no longer one"
    );
}

#[test]
fn the_case_form_offers_only_the_allowed_moves_and_shows_a_refusal() {
    let (_dir, mut app) = binh_timeline(Lang::Vi);
    press(&mut app, KeyCode::F(6));
    let FormKind::CaseMove { case, .. } = &app.form().unwrap().kind else {
        panic!("not the case form")
    };
    let allowed: Vec<Pick> = case.allowed_moves().iter().map(|s| Pick::Stage(*s)).collect();
    assert_eq!(pick_options(&app, Field::Stage), allowed);
    assert_eq!(allowed, [Pick::Stage(Stage::Monitoring), Pick::Stage(Stage::Closed)]);
    // Closing without a reason: the workflow's words, under the reason; nothing saved.
    choose(&mut app, Field::Stage, Pick::Stage(Stage::Closed));
    press(&mut app, KeyCode::F(2));
    let (field, msg) = refusal(&app);
    assert_eq!(field, FieldId::Domain(Field::CloseReason));
    assert_eq!(
        msg,
        sotay::i18n::domain::move_error(Lang::Vi, &sotay::domain::MoveError::NeedsReason)
    );
    assert_eq!(focused(&app), FieldId::Domain(Field::CloseReason));
    assert_eq!(app.status_message().unwrap().text, msg);
    assert_eq!(app.store().case(binh()).unwrap().unwrap().stage, Stage::Intervening);
    // Before the current stage began: refused, under the date.
    choose(
        &mut app,
        Field::CloseReason,
        Pick::CloseReason(Some(CloseReason::MovedSchool)),
    );
    focus(&mut app, FieldId::Domain(Field::StageOn));
    clear(&mut app);
    type_text(&mut app, "21/11/2026");
    press(&mut app, KeyCode::F(2));
    let (field, _) = refusal(&app);
    assert_eq!(field, FieldId::Domain(Field::StageOn));
    clear(&mut app);
    type_text(&mut app, "hôm nay");
    press(&mut app, KeyCode::F(2));
    assert_eq!(app.context(), Context::Timeline, "{:?}", app.status_message());
    assert_eq!(app.status_message().unwrap().text, "Hồ sơ của Đặng Thị Bình: Đã đóng.");
    let case = app.store().case(binh()).unwrap().unwrap();
    assert_eq!(case.stage, Stage::Closed);
    assert_eq!(case.close_reason, Some(CloseReason::MovedSchool));
    let t = timeline(&app);
    assert_eq!(t.selected, 0, "the move just saved is selected");
    assert_eq!(
        lines(&app)[0],
        "28/11/2026 Hồ sơ: Đang can thiệp → Đã đóng (Chuyển trường)"
    );
    // A closed case can only be re-opened.
    press(&mut app, KeyCode::F(6));
    assert_eq!(pick_options(&app, Field::Stage), [Pick::Stage(Stage::Identified)]);
    press(&mut app, KeyCode::F(2));
    assert_eq!(app.store().case(binh()).unwrap().unwrap().stage, Stage::Identified);
    assert_eq!(lines(&app)[0], "28/11/2026 Hồ sơ: Đã đóng → Đã phát hiện");
}

#[test]
fn a_pupil_never_identified_has_no_case_to_move() {
    let (_dir, mut app) = follow_up_app(Lang::En);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::F(6));
    assert_eq!(app.context(), Context::Detail);
    assert_eq!(
        app.status_message().unwrap().text,
        "Nguyễn Văn An has no case: a case opens when a screening identifies the child."
    );
}

#[test]
fn the_informed_marks_are_saved_and_shown_in_the_header() {
    let (dir, mut app) = binh_timeline(Lang::Vi);
    press(&mut app, KeyCode::F(7));
    assert_eq!(form_text(&app, Field::StudentInformedOn), "27/11/2026");
    focus(&mut app, FieldId::Domain(Field::ParentsInformedOn));
    type_text(&mut app, "ngày mai");
    press(&mut app, KeyCode::F(2));
    assert_eq!(
        app.form()
            .unwrap()
            .form
            .error(FieldId::Domain(Field::ParentsInformedOn)),
        Some(&Problem::NotADate)
    );
    clear(&mut app);
    type_text(&mut app, "Hôm nay");
    press(&mut app, KeyCode::F(2));
    assert_eq!(app.context(), Context::Timeline, "{:?}", app.status_message());
    assert_eq!(timeline(&app).informed_parents, Some(day(28, 11, 2026)));
    assert!(screen(&mut app, W, H).contains("Truyền thông gần nhất: học sinh 27/11/2026 · cha mẹ 28/11/2026"));
    drop(app);
    let i = open_store(dir.path()).informed(binh()).unwrap().unwrap();
    assert_eq!(i.parents_on, Some(day(28, 11, 2026)));
}

#[test]
fn deleting_a_visit_asks_first_and_enter_keeps_it() {
    let (dir, mut app) = binh_timeline(Lang::Vi);
    select(&mut app, "Thăm nhà · gặp mẹ");
    press(&mut app, KeyCode::F(8));
    let Some(Popup::Confirm(Confirm::DeleteEntry { kind, label, .. })) = app.popup() else {
        panic!("no question")
    };
    assert_eq!(*kind, RecordKind::Visit);
    assert_eq!(label, "lần thăm nhà ngày 22/11/2026");
    press(&mut app, KeyCode::Enter);
    assert!(app.popup().is_none());
    assert!(app.store().visit(VISIT_ID).unwrap().is_some());
    press(&mut app, KeyCode::Delete);
    press(&mut app, KeyCode::Char('y'));
    assert!(app.store().visit(VISIT_ID).unwrap().is_none());
    assert!(app.casebook().visits_of(binh()).is_empty());
    assert_eq!(
        app.status_message().unwrap().text,
        "Đã xóa lần thăm nhà ngày 22/11/2026."
    );
    assert!(!lines(&app).iter().any(|l| l.contains("Thăm nhà")), "{:?}", lines(&app));
    drop(app);
    assert!(open_store(dir.path()).visit(VISIT_ID).unwrap().is_none());
}

#[test]
fn a_support_can_be_deleted_but_a_case_move_cannot() {
    let (_dir, mut app) = binh_timeline(Lang::En);
    select(&mut app, "Case: Identified → Intervening");
    press(&mut app, KeyCode::F(8));
    assert!(app.popup().is_none());
    assert_eq!(
        app.status_message().unwrap().text,
        "Only a home visit or a support can be deleted."
    );
    select(&mut app, "Scholarship");
    press(&mut app, KeyCode::F(8));
    let Some(Popup::Confirm(Confirm::DeleteEntry { label, .. })) = app.popup() else {
        panic!("no question")
    };
    assert_eq!(label, "the support Scholarship of 24/11/2026");
    press(&mut app, KeyCode::Char('y'));
    assert!(app.store().support(SUPPORT_ID).unwrap().is_none());
    assert!(app.casebook().supports_of(binh()).is_empty());
}

#[test]
fn a_screening_that_identifies_a_child_opens_a_case_with_it() {
    let (dir, mut app) = follow_up_app(Lang::En);
    // Nguyễn Văn An, not screened yet.
    rescreen(&mut app, Decision::ChildLabour);
    let an = id_of("Nguyễn Văn An");
    let case = app.store().case(an).unwrap().expect("a case opened");
    assert_eq!(case.stage, Stage::Identified);
    assert_eq!(case.identified_on, day(28, 11, 2026));
    assert_eq!(app.casebook().cases.get(&an), Some(&case));
    assert!(app.casebook().screenings.contains_key(&an));
    drop(app);
    assert!(open_store(dir.path()).case(an).unwrap().is_some());
}

#[test]
fn the_casebook_follows_pupil_edits_and_deletes() {
    let (_dir, mut app) = binh_timeline(Lang::Vi);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::F(4));
    focus(&mut app, FieldId::Domain(Field::Notes));
    type_text(&mut app, "Thích vẽ.");
    press(&mut app, KeyCode::F(2));
    assert_eq!(app.casebook().students[&binh()].notes, "Thích vẽ.");
    // Timeline, then delete the pupil from the page under it.
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::F(8));
    press(&mut app, KeyCode::Char('y'));
    assert!(matches!(app.screen(), Screen::Roster));
    assert!(!app.casebook().students.contains_key(&binh()));
    assert!(app.casebook().visits_of(binh()).is_empty());
    assert!(!app.casebook().cases.contains_key(&binh()));
}

#[test]
fn an_implicit_case_shows_in_the_timelines_header() {
    // Huy was identified by a screening saved before cases were kept; a support delivered
    // then is on record, with no case stored.
    let dir = tempfile::tempdir().unwrap();
    let store = follow_up_store(dir.path(), Lang::En);
    let mut support = scholarship();
    support.id = uuid::Uuid::from_u128(0x0192_0000_0000_7000_8000_0000_0000_0003);
    support.student_id = huy();
    store.save_support(&support).unwrap();
    let mut app = App::new(store, None, sotay::tui::keymap::Keymap::builtin(), Vec::new()).unwrap();
    type_text(&mut app, "huy");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    let t = timeline(&app);
    assert_eq!(t.name, "Phạm Quốc Huy");
    // An implicit case follows the records as a stored one does: moved on by the support,
    // so the case and the reminders (which see the intervention) agree.
    assert_eq!(
        t.case.as_ref().map(|c| c.stage),
        Some(Stage::Intervening),
        "implicit case"
    );
    let text = screen(&mut app, W, H);
    assert!(
        text.contains("Case: Intervening since 24/11/2026 · first intervention 24/11/2026"),
        "{text}"
    );
}

/// Whether Bình's case counts as intervened in time today, by the public rule on her case
/// as the casebook gives it, and by the dashboard's aggregate; the two must agree.
fn binh_in_time(app: &App) -> (Option<bool>, usize, usize) {
    let book = app.casebook();
    let case = book.case_of(binh()).unwrap();
    let rule = sotay::domain::indicators::intervened_in_time(&case, book.settings.intervention_days, day(28, 11, 2026));
    let period = sotay::domain::Period::school_year(sotay::domain::SchoolYear(2026));
    let i = sotay::domain::indicators(book, period, day(28, 11, 2026)).intervened_in_time;
    (rule, i.count, i.total)
}

#[test]
fn the_first_intervention_follows_a_corrected_date_and_a_delete() {
    // Bình: identified 20/11 (deadline 27/11), a visit with an agreement on 22/11, a
    // scholarship delivered on 24/11.
    // Huy (implicit, nothing on record) is the other decided case, late.
    let (dir, mut app) = binh_timeline(Lang::En);
    assert_eq!(binh_in_time(&app), (Some(true), 1, 2));
    // The visit was on 26/11, not 22/11: the scholarship on 24/11 is now the first.
    select(&mut app, "Home visit · met mẹ");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::F(4));
    clear(&mut app);
    type_text(&mut app, "26/11/2026");
    press(&mut app, KeyCode::F(2));
    assert_eq!(app.context(), Context::Timeline, "{:?}", app.status_message());
    let first = |app: &App| app.store().case(binh()).unwrap().unwrap().first_intervention_on;
    assert_eq!(first(&app), Some(day(24, 11, 2026)));
    assert_eq!(
        app.casebook().cases[&binh()].first_intervention_on,
        Some(day(24, 11, 2026))
    );
    // The scholarship deleted: the visit on 26/11 is the first.
    select(&mut app, "Scholarship");
    press(&mut app, KeyCode::F(8));
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(first(&app), Some(day(26, 11, 2026)));
    // The only intervention left deleted: none; the move it made was derived from it, so
    // the case is back at identified (a move by hand would have stayed).
    select(&mut app, "Home visit · met mẹ");
    press(&mut app, KeyCode::F(8));
    press(&mut app, KeyCode::Char('y'));
    let case = app.store().case(binh()).unwrap().unwrap();
    assert_eq!(case.first_intervention_on, None);
    assert_eq!(case.stage, Stage::Identified, "the automatic move follows the records");
    assert_eq!(app.casebook().cases[&binh()], case, "the casebook is in step");
    // Past the deadline with nothing on record: late on the dashboard, by the rule, and
    // overdue in the reminders.
    assert_eq!(binh_in_time(&app), (Some(false), 0, 2));
    let reminders = sotay::domain::reminders(app.casebook(), day(28, 11, 2026));
    assert!(
        reminders.iter().any(
            |r| r.student_id == binh() && matches!(r.kind, sotay::domain::ReminderKind::InterventionOverdue { .. })
        ),
        "{reminders:?}"
    );
    drop(app);
    assert_eq!(open_store(dir.path()).case(binh()).unwrap(), Some(case));
}

#[test]
fn identified_to_intervening_by_hand_needs_an_intervention_on_record() {
    // Huy's case (implicit, identified 20/11) has nothing on record yet.
    let (_dir, mut app) = follow_up_app(Lang::Vi);
    type_text(&mut app, "huy");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::F(6));
    // Still offered, so the teacher learns why it can't be done yet.
    assert!(pick_options(&app, Field::Stage).contains(&Pick::Stage(Stage::Intervening)));
    choose(&mut app, Field::Stage, Pick::Stage(Stage::Intervening));
    press(&mut app, KeyCode::F(2));
    let (field, msg) = refusal(&app);
    assert_eq!(field, FieldId::Domain(Field::Stage));
    assert_eq!(
        msg,
        "Chưa có can thiệp nào: hãy ghi một lần thăm nhà có thỏa thuận hoặc một hỗ trợ đã chuyển gửi/đã nhận."
    );
    assert_eq!(app.status_message().unwrap().text, msg);
    assert!(app.store().case(huy()).unwrap().is_none(), "nothing saved");
}

/// Opens the screening form of the pupil selected on the roster (a saved screening goes
/// back to the roster, keeping the selection).
fn open_screening(app: &mut App) {
    assert!(matches!(app.screen(), Screen::Roster), "{:?}", app.status_message());
    app.update(Action::Screen);
    assert!(matches!(app.form().unwrap().kind, FormKind::Screening { .. }));
}

/// Screens the pupil selected on the roster again with `decision` (the rest as it was) and
/// saves; returns what the message line says.
fn rescreen(app: &mut App, decision: Decision) -> String {
    open_screening(app);
    choose(app, Field::Decision, Pick::Decision(decision));
    press(app, KeyCode::F(2));
    assert!(matches!(app.screen(), Screen::Roster), "{:?}", app.status_message());
    app.status_message().unwrap().text.clone()
}

#[test]
fn a_corrected_screening_moves_an_untouched_case_and_closes_it_when_not_at_risk() {
    let (dir, mut app) = follow_up_app(Lang::Vi);
    // Nguyễn Văn An, first on the roster, not screened yet.
    let an = id_of("Nguyễn Văn An");
    rescreen(&mut app, Decision::AtRisk);
    assert_eq!(app.store().case(an).unwrap().unwrap().identified_on, day(28, 11, 2026));
    // The child was identified on 25/11, not today: the case follows.
    open_screening(&mut app);
    focus(&mut app, FieldId::Domain(Field::IdentifiedOn));
    clear(&mut app);
    type_text(&mut app, "25/11/2026");
    press(&mut app, KeyCode::F(2));
    let case = app.store().case(an).unwrap().unwrap();
    assert_eq!(
        (case.identified_on, case.opened_on, case.stage_on),
        (day(25, 11, 2026), day(25, 11, 2026), day(25, 11, 2026))
    );
    assert_eq!(app.casebook().cases.get(&an), Some(&case));
    // Not at risk after all: nothing was done yet, so the case closes with the screening.
    assert_eq!(
        rescreen(&mut app, Decision::NotAtRisk),
        "Đã lưu phiếu rà soát của Nguyễn Văn An. Hồ sơ đã đóng ngày 28/11/2026: không còn nguy cơ."
    );
    let case = app.store().case(an).unwrap().unwrap();
    assert_eq!(case.stage, Stage::Closed);
    assert_eq!(case.close_reason, Some(CloseReason::NoLongerAtRisk));
    assert_eq!(case.stage_on, day(28, 11, 2026), "the day screened");
    assert_eq!(app.casebook().cases.get(&an), Some(&case));
    drop(app);
    assert_eq!(open_store(dir.path()).case(an).unwrap(), Some(case));
}

#[test]
fn a_screening_not_at_risk_closes_a_case_acted_on_and_a_new_identification_reopens_it() {
    let (_dir, mut app) = follow_up_app(Lang::En);
    // Bình's case is intervening since her visit on 22/11; her identification date is
    // corrected, then she is screened not at risk.
    type_text(&mut app, "binh");
    open_screening(&mut app);
    focus(&mut app, FieldId::Domain(Field::IdentifiedOn));
    clear(&mut app);
    type_text(&mut app, "19/11/2026");
    press(&mut app, KeyCode::F(2));
    let before = app.store().case(binh()).unwrap().unwrap();
    assert_eq!(
        before.identified_on,
        day(20, 11, 2026),
        "a case acted on keeps its dates"
    );
    // Not at risk: a pupil found not at risk has no open case, whatever was done.
    assert_eq!(
        rescreen(&mut app, Decision::NotAtRisk),
        "Saved the screening of Đặng Thị Bình. Its case is closed on 28/11/2026: no longer at risk."
    );
    let closed = app.store().case(binh()).unwrap().unwrap();
    assert_eq!(
        (closed.stage, closed.close_reason, closed.stage_on),
        (Stage::Closed, Some(CloseReason::NoLongerAtRisk), day(28, 11, 2026))
    );
    assert_eq!(app.casebook().cases.get(&binh()), Some(&closed));
    // A new result is dated today: changing the decision moved the screening's date.
    assert_eq!(
        app.store().screening(binh()).unwrap().unwrap().screened_on,
        day(28, 11, 2026)
    );
    assert_eq!(sotay::domain::contradictions(app.casebook()), []);
    // At risk again the same day: the case re-opens, a new episode.
    assert_eq!(
        rescreen(&mut app, Decision::AtRisk),
        "Saved the screening of Đặng Thị Bình. Its case is re-opened on 28/11/2026."
    );
    let reopened = app.store().case(binh()).unwrap().unwrap();
    assert_eq!(
        (reopened.stage, reopened.opened_on, reopened.close_reason),
        (Stage::Identified, day(28, 11, 2026), None)
    );
    assert_eq!(reopened.first_intervention_on, before.first_intervention_on, "kept");
    assert_eq!(sotay::domain::contradictions(app.casebook()), []);
}

// --- One story in every figure: the rules of docs/indicators.md for interventions before
// identification, closing "no longer at risk" and vocational referrals, followed alike by
// the case, the class list, the reminders, the dashboard and every export. ---------------

/// From a pupil's timeline: records a home visit on `on` (agreeing `agreed`, if any).
fn record_visit(app: &mut App, on: &str, agreed: &str, attending: bool) {
    press(app, KeyCode::F(2));
    clear(app);
    type_text(app, on);
    focus(app, FieldId::Domain(Field::Met));
    type_text(app, "mẹ");
    if !attending {
        focus(app, FieldId::Domain(Field::AttendingSchool));
        app.update(Action::Toggle);
        assert!(!app.form().unwrap().form.is_checked(Field::AttendingSchool));
    }
    focus(app, FieldId::Domain(Field::Agreed));
    type_text(app, agreed);
    press(app, KeyCode::F(2));
    assert_eq!(app.context(), Context::Timeline, "{:?}", app.status_message());
}

/// From a pupil's timeline: records a support of `kind` at `status`, dated today.
fn record_support(app: &mut App, kind: SupportType, status: SupportStatus) {
    press(app, KeyCode::F(3));
    choose(app, Field::SupportType, Pick::SupportType(kind));
    choose(app, Field::SupportStatus, Pick::SupportStatus(status));
    focus(app, FieldId::Domain(Field::Provider));
    type_text(app, "Trung tâm GDNN-GDTX Hoa Sen");
    press(app, KeyCode::F(2));
    assert_eq!(app.context(), Context::Timeline, "{:?}", app.status_message());
}

/// Opens the timeline of `name` from the class list.
fn open_pupil_timeline(app: &mut App, name: &str) {
    while app.context() != Context::Roster {
        press(app, KeyCode::Esc);
    }
    press(app, KeyCode::Esc);
    type_text(app, name);
    press(app, KeyCode::Enter);
    press(app, KeyCode::Enter);
    assert_eq!(app.context(), Context::Timeline);
}

#[test]
fn a_visit_before_identification_is_not_the_cases_intervention_anywhere() {
    // Huy, child labour, identified 20/11 (deadline 27/11), nothing on record yet.
    let (_dir, mut app) = follow_up_app(Lang::En);
    open_pupil_timeline(&mut app, "huy");
    record_visit(&mut app, "18/11/2026", "Bố hứa cho em nghỉ phụ lò gạch.", true);
    // The teacher is told why it does not count.
    assert_eq!(
        app.status_message().unwrap().text,
        "Saved the home visit of Phạm Quốc Huy. Before the identification (20/11/2026): not counted as an \
         intervention."
    );
    let case = app.casebook().case_of(huy()).unwrap();
    assert_eq!((case.stage, case.first_intervention_on), (Stage::Identified, None));
    assert_eq!(
        timeline(&app).case.as_ref().map(|c| c.first_intervention_on),
        Some(None)
    );
    // The reminders: overdue since 28/11; the dashboard: late, not in time.
    let overdue = ReminderKind::InterventionOverdue {
        opened_on: day(20, 11, 2026),
        deadline: day(27, 11, 2026),
    };
    assert!(
        app.reminders()
            .iter()
            .any(|r| r.student_id == huy() && r.kind == overdue)
    );
    let i = app.indicators().unwrap();
    assert_eq!(
        (i.intervened_in_time.count, i.intervened_in_time.total),
        (1, 2),
        "Bình in time, Huy late"
    );
    assert_eq!(sotay::domain::contradictions(app.casebook()), []);
}

#[test]
fn closing_no_longer_at_risk_asks_to_record_the_screening_result_too() {
    let (dir, mut app) = binh_timeline(Lang::Vi);
    press(&mut app, KeyCode::F(6));
    choose(&mut app, Field::Stage, Pick::Stage(Stage::Closed));
    choose(
        &mut app,
        Field::CloseReason,
        Pick::CloseReason(Some(CloseReason::NoLongerAtRisk)),
    );
    press(&mut app, KeyCode::F(2));
    let Some(Popup::Confirm(Confirm::CloseNotAtRisk { screening, .. })) = app.popup() else {
        panic!("no question: {:?}", app.popup())
    };
    assert_eq!(
        (screening.decision, screening.screened_on),
        (Decision::NotAtRisk, day(28, 11, 2026))
    );
    // No: nothing is saved, the form keeps what was typed.
    press(&mut app, KeyCode::Char('n'));
    assert!(app.popup().is_none());
    assert_eq!(
        app.form().unwrap().form.pick(Field::CloseReason),
        Some(Pick::CloseReason(Some(CloseReason::NoLongerAtRisk)))
    );
    assert_eq!(app.store().case(binh()).unwrap().unwrap().stage, Stage::Intervening);
    // Yes: the case closes and the status follows, in one save.
    press(&mut app, KeyCode::F(2));
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(app.context(), Context::Timeline, "{:?}", app.status_message());
    assert_eq!(
        app.status_message().unwrap().text,
        "Hồ sơ của Đặng Thị Bình đã đóng ngày 28/11/2026: không còn nguy cơ; kết quả rà soát mới: không có nguy cơ."
    );
    assert_eq!(timeline(&app).status, Status::NotAtRisk);
    let check = |store: &sotay::store::Store| {
        let case = store.case(binh()).unwrap().unwrap();
        let s = store.screening(binh()).unwrap().unwrap();
        assert_eq!(
            (case.stage, case.close_reason),
            (Stage::Closed, Some(CloseReason::NoLongerAtRisk))
        );
        assert_eq!((s.decision, s.screened_on), (Decision::NotAtRisk, day(28, 11, 2026)));
        // The risk factors ticked are kept; only the decision and its date are new.
        assert!(!s.factors.is_empty());
    };
    check(app.store());
    assert_eq!(app.indicators().unwrap().at_risk, 0);
    assert_eq!(sotay::domain::contradictions(app.casebook()), []);
    drop(app);
    check(&open_store(dir.path()));
}

/// A name and a visit's notes an older sotay took with a direction mark (the forms refuse
/// one now): shown escaped wherever the interface draws them, never obeyed.
#[test]
fn text_from_an_older_notebook_is_shown_escaped_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let store = follow_up_store(dir.path(), Lang::En);
    let mut s = store.student(binh()).unwrap().unwrap();
    s.name = "Đặng Thị\u{202e} Bình".into();
    store.save_student(&s).unwrap();
    let mut v = first_visit();
    v.met = "mẹ\u{202e} và bà".into();
    v.findings = "Em\u{202e} phụ bán.".into();
    store.save_visit(&v).unwrap();
    let mut app = App::new(store, Some(Lang::En), sotay::tui::keymap::Keymap::builtin(), Vec::new()).unwrap();
    let shows = |app: &mut App, what: &str, wanted: &[&str]| {
        let text = screen(app, W, H);
        assert!(
            !text.contains('\u{202e}'),
            "{what}: a raw mark reached the terminal:\n{text}"
        );
        for w in wanted {
            assert!(text.contains(w), "{what}: {w} not in\n{text}");
        }
    };
    let name = "Đặng Thị\\u{202E} Bình";
    shows(&mut app, "the class list", &[name]);
    open_page(&mut app, "binh");
    shows(&mut app, "the page", &[name, "met mẹ\\u{202E} và bà"]);
    press(&mut app, KeyCode::Enter);
    shows(&mut app, "the timeline", &[name, "met mẹ\\u{202E} và bà"]);
    select(&mut app, "Home visit");
    press(&mut app, KeyCode::Enter);
    shows(&mut app, "the visit opened to read", &["Em\\u{202E} phụ bán."]);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::F(8));
    shows(&mut app, "the delete question", &[name]);
    press(&mut app, KeyCode::Char('y'));
    assert!(
        app.status_message().unwrap().text.contains('\u{202e}'),
        "the message holds the name"
    );
    shows(&mut app, "the message line", &[&format!("Deleted {name}.")]);
}

/// From a pupil's timeline: closes the case "no longer at risk" on `on` and says yes to the
/// screening result that goes with it.
fn close_not_at_risk(app: &mut App, on: &str) {
    press(app, KeyCode::F(6));
    choose(app, Field::Stage, Pick::Stage(Stage::Closed));
    choose(
        app,
        Field::CloseReason,
        Pick::CloseReason(Some(CloseReason::NoLongerAtRisk)),
    );
    focus(app, FieldId::Domain(Field::StageOn));
    type_text(app, on);
    press(app, KeyCode::F(2));
    assert!(
        matches!(app.popup(), Some(Popup::Confirm(Confirm::CloseNotAtRisk { .. }))),
        "{:?}",
        app.status_message()
    );
    press(app, KeyCode::Char('y'));
    assert_eq!(app.context(), Context::Timeline, "{:?}", app.status_message());
}

#[test]
fn a_case_closed_not_at_risk_is_re_opened_by_a_new_screening_not_by_hand() {
    let (_dir, mut app) = binh_timeline(Lang::En);
    close_not_at_risk(&mut app, "28/11/2026");
    assert_eq!(timeline(&app).status, Status::NotAtRisk);
    // Re-opening by hand would leave an open case for a pupil screened not at risk: refused,
    // under the stage, pointing to the screening.
    press(&mut app, KeyCode::F(6));
    assert_eq!(pick_options(&app, Field::Stage), [Pick::Stage(Stage::Identified)]);
    press(&mut app, KeyCode::F(2));
    let (field, msg) = refusal(&app);
    assert_eq!(field, FieldId::Domain(Field::Stage));
    assert_eq!(
        msg,
        "The current screening says the child is not at risk: re-screen the pupil (F5 on the pupil's page); a \
         result that identifies the child re-opens the case."
    );
    assert_eq!(app.status_message().unwrap().text, msg);
    assert_eq!(app.store().case(binh()).unwrap().unwrap().stage, Stage::Closed);
    assert_eq!(sotay::domain::contradictions(app.casebook()), []);
    // The way it says: a screening that identifies her re-opens the case.
    while app.context() != Context::Detail {
        press(&mut app, KeyCode::Esc);
    }
    press(&mut app, KeyCode::F(5));
    choose(&mut app, Field::Decision, Pick::Decision(Decision::AtRisk));
    press(&mut app, KeyCode::F(2));
    assert_eq!(app.store().case(binh()).unwrap().unwrap().stage, Stage::Identified);
    assert_eq!(sotay::domain::contradictions(app.casebook()), []);
}

#[test]
fn closing_no_longer_at_risk_is_never_dated_before_the_current_screening() {
    for (lang, want) in [
        (
            Lang::Vi,
            "Hồ sơ đóng vì «Không còn nguy cơ» không được ghi trước ngày 25/11/2026, ngày rà soát hiện tại: kết \
             quả rà soát mới không thể cũ hơn kết quả đang có.",
        ),
        (
            Lang::En,
            "A case closed “no longer at risk” cannot be dated before 25/11/2026, the date of the current \
             screening: the new screening result cannot be older than the one it replaces.",
        ),
    ] {
        let (_dir, mut app) = follow_up_app(lang);
        // Bình, at risk since 20/11, is screened again on 25/11: still at risk.
        type_text(&mut app, "binh");
        open_screening(&mut app);
        focus(&mut app, FieldId::Domain(Field::ScreenedOn));
        type_text(&mut app, "25/11/2026");
        press(&mut app, KeyCode::F(2));
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Enter);
        assert_eq!(app.context(), Context::Timeline);
        // Closed as of 23/11: the result "not at risk" would go back before the finding of
        // 25/11 and replace it.
        press(&mut app, KeyCode::F(6));
        choose(&mut app, Field::Stage, Pick::Stage(Stage::Closed));
        choose(
            &mut app,
            Field::CloseReason,
            Pick::CloseReason(Some(CloseReason::NoLongerAtRisk)),
        );
        focus(&mut app, FieldId::Domain(Field::StageOn));
        type_text(&mut app, "23/11/2026");
        press(&mut app, KeyCode::F(2));
        assert!(app.popup().is_none(), "{:?}", app.popup());
        let (field, msg) = refusal(&app);
        assert_eq!((field, msg.as_str()), (FieldId::Domain(Field::StageOn), want));
        let s = app.store().screening(binh()).unwrap().unwrap();
        assert_eq!((s.decision, s.screened_on), (Decision::AtRisk, day(25, 11, 2026)));
        // The day of the screening itself is fine.
        focus(&mut app, FieldId::Domain(Field::StageOn));
        type_text(&mut app, "25/11/2026");
        press(&mut app, KeyCode::F(2));
        assert!(matches!(
            app.popup(),
            Some(Popup::Confirm(Confirm::CloseNotAtRisk { .. }))
        ));
    }
}

/// Huy's case is implicit (screened child labour before cases were kept, nothing stored):
/// found not at risk on the screening form, or closed "no longer at risk" on the case form,
/// it is the same closed case, stored, by the one rule (`domain::after_screening`).
#[test]
fn an_implicit_case_closes_alike_from_the_screening_and_from_the_case_form() {
    let closed_by = |by_screening: bool| {
        let (_dir, mut app) = follow_up_app(Lang::En);
        assert!(app.store().case(huy()).unwrap().is_none(), "implicit");
        if by_screening {
            type_text(&mut app, "huy");
            assert_eq!(
                rescreen(&mut app, Decision::NotAtRisk),
                "Saved the screening of Phạm Quốc Huy. Its case is closed on 28/11/2026: no longer at risk."
            );
        } else {
            open_pupil_timeline(&mut app, "huy");
            close_not_at_risk(&mut app, "28/11/2026");
        }
        assert_eq!(sotay::domain::contradictions(app.casebook()), []);
        let s = app.store().screening(huy()).unwrap().unwrap();
        assert_eq!((s.decision, s.screened_on), (Decision::NotAtRisk, day(28, 11, 2026)));
        app.store().case(huy()).unwrap()
    };
    let by_screening = closed_by(true);
    assert_eq!(
        by_screening.as_ref().map(|c| (c.stage, c.close_reason, c.stage_on)),
        Some((Stage::Closed, Some(CloseReason::NoLongerAtRisk), day(28, 11, 2026)))
    );
    assert_eq!(by_screening, closed_by(false));
}

/// Every place a figure is shown, for the school year to date: the dashboard's figures
/// (and its drawn line for intervened in time), the class summary, and the figures each
/// export format carries, read back from the written file as a school would.
fn figures_everywhere(app: &mut App, out: &std::path::Path) -> Vec<(String, sotay::report::Counts)> {
    use sotay::report::{Counts, Detail, Format, ReportPeriod, document, merge, render, summarize};
    let dashboard = Counts::from_indicators(app.indicators().unwrap(), app.profile().unwrap().trained_on);
    let period = ReportPeriod::parse("2026-2027").unwrap();
    let profile = app.store().profile().unwrap().unwrap();
    let book = app.store().casebook().unwrap();
    let summary = summarize(&profile, &book, period, Detail::Full, day(28, 11, 2026));
    let mut all = vec![
        ("dashboard".to_string(), dashboard),
        ("summary".to_string(), summary.counts.clone()),
    ];
    for format in Format::ALL {
        let doc = document::class_summary(&summary, Lang::En);
        let file = out.join(format!("8A.{}", format.extension()));
        std::fs::write(&file, render(&doc, format).unwrap()).unwrap();
        all.push((format!("{format:?}"), merge::read(&file).unwrap().counts));
    }
    all
}

#[test]
fn every_screen_and_export_tells_one_story_of_points_1_to_3() {
    let (_dir, mut app) = follow_up_app(Lang::En);
    let out = tempfile::tempdir().unwrap();
    // Huy (child labour since 20/11): a visit with an agreement on 18/11, before he was
    // identified, finding him out of school. Nothing since: late, not monitored.
    open_pupil_timeline(&mut app, "huy");
    record_visit(&mut app, "18/11/2026", "Bố hứa cho em nghỉ phụ lò gạch.", false);
    // Bình (at risk, in time on 22/11): out of school on 27/11; a vocational referral is
    // only referred so far.
    open_pupil_timeline(&mut app, "binh");
    record_visit(&mut app, "27/11/2026", "", false);
    record_support(&mut app, SupportType::VocationalReferral, SupportStatus::Referred);
    // Nam: found in child labour today, visited with an agreement, then closed as no
    // longer at risk the same day (the screening result follows).
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    type_text(&mut app, "hoang van nam");
    rescreen(&mut app, Decision::ChildLabour);
    open_pupil_timeline(&mut app, "hoang van nam");
    record_visit(&mut app, "28/11/2026", "Gia đình cho em nghỉ làm thuê.", true);
    press(&mut app, KeyCode::F(6));
    choose(&mut app, Field::Stage, Pick::Stage(Stage::Closed));
    choose(
        &mut app,
        Field::CloseReason,
        Pick::CloseReason(Some(CloseReason::NoLongerAtRisk)),
    );
    press(&mut app, KeyCode::F(2));
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(app.context(), Context::Timeline, "{:?}", app.status_message());
    let nam = id_of("Hoàng Văn Nam");

    // The rules, worked out by hand (docs/indicators.md), as of 28/11/2026:
    let i = app.indicators().unwrap().clone();
    let ratio = |r: &sotay::domain::Ratio| (r.count, r.total);
    assert_eq!(i.cases, 3, "Bình, Huy, Nam (closed today)");
    assert_eq!(
        ratio(&i.intervened_in_time),
        (2, 3),
        "Bình, Nam in time; Huy late (point 1)"
    );
    assert_eq!(
        ratio(&i.monitored),
        (1, 2),
        "Huy's only visit was before he was identified"
    );
    assert_eq!(
        ratio(&i.in_education),
        (1, 3),
        "a referral only referred does not count (point 3)"
    );
    assert_eq!(
        ratio(&i.child_labour),
        (1, 8),
        "Huy; Nam is no longer counted (point 2)"
    );
    assert_eq!((i.at_risk, i.in_child_labour, i.trafficked, i.hazardous), (1, 1, 0, 1));
    assert_eq!((i.newly_identified, i.closed), (3, [1, 0, 0, 0]));
    // The class list, the case and the reminders say the same.
    let status = |app: &App, id| app.casebook().screenings.get(&id).map(|s| Status::of(Some(s)));
    assert_eq!(status(&app, nam), Some(Status::NotAtRisk));
    assert_eq!(status(&app, huy()), Some(Status::ChildLabour));
    let kinds: Vec<_> = app.reminders().iter().map(|r| (r.student_id, r.kind)).collect();
    let overdue = ReminderKind::InterventionOverdue {
        opened_on: day(20, 11, 2026),
        deadline: day(27, 11, 2026),
    };
    assert_eq!(kinds, [(huy(), overdue)], "only Huy waits for an intervention");
    assert_eq!(sotay::domain::contradictions(app.casebook()), []);
    // The dashboard as drawn.
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    app.update(Action::NextView);
    app.update(Action::NextView);
    let drawn = screen(&mut app, W, H);
    let line = drawn
        .lines()
        .find(|l| l.contains("Intervened in time"))
        .expect("the indicator");
    assert!(line.contains("2/3"), "{line}");
    // Every figure, everywhere, the same.
    let all = figures_everywhere(&mut app, out.path());
    for (place, counts) in &all {
        assert_eq!(counts, &all[0].1, "{place} disagrees with the dashboard");
    }

    // The referral delivered: Bình is in vocational training, everywhere.
    app.update(Action::PrevView);
    app.update(Action::PrevView);
    open_pupil_timeline(&mut app, "binh");
    select(&mut app, "Vocational");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::F(4));
    choose(
        &mut app,
        Field::SupportStatus,
        Pick::SupportStatus(SupportStatus::Delivered),
    );
    press(&mut app, KeyCode::F(2));
    assert_eq!(ratio(&app.indicators().unwrap().in_education), (2, 3));
    let out = tempfile::tempdir().unwrap();
    let all = figures_everywhere(&mut app, out.path());
    for (place, counts) in &all {
        assert_eq!(counts, &all[0].1, "{place} disagrees with the dashboard");
    }
}

/// A visit's form saves over what it opened: a correction synced in meanwhile (another
/// device rewrote the findings) stays beside the teacher's (who she met), and the timeline
/// shows both at once.
#[test]
fn a_visit_saved_over_findings_synced_in_keeps_them() {
    let (_dir, mut app) = binh_timeline(Lang::En);
    select(&mut app, "Home visit · met");
    press(&mut app, KeyCode::F(4));
    let mut synced = app.store().visit(VISIT_ID).unwrap().unwrap();
    synced.findings = "Em không còn bán quán.".into();
    app.store().save_visit(&synced).unwrap();
    focus(&mut app, FieldId::Domain(Field::Met));
    type_text(&mut app, "bố và mẹ");
    press(&mut app, KeyCode::F(2));
    let stored = app.store().visit(VISIT_ID).unwrap().unwrap();
    assert_eq!(
        (stored.met.as_str(), stored.findings.as_str()),
        ("bố và mẹ", "Em không còn bán quán.")
    );
    let Some(EntryKind::Visit(v)) = timeline(&app)
        .entries
        .iter()
        .map(|e| &e.what)
        .find(|w| matches!(w, EntryKind::Visit(_)))
    else {
        panic!("no visit on the timeline")
    };
    assert_eq!(v.findings, "Em không còn bán quán.");
}
