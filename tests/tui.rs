//! The TUI's behaviour, driven through keys (`handle_key`) and actions (`update`), with the
//! results checked in the state and in the store.

mod tui_support;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use sotay::domain::{Decision, Field, Problem, RiskFactor, RiskLevel, Status};
use sotay::i18n::Lang;
use sotay::tui::App;
use sotay::tui::action::{Action, Context};
use sotay::tui::app::{Confirm, Popup, Screen};
use sotay::tui::form::{FieldId, FormKind, Pick};
use sotay::tui::keymap::{Keymap, KeymapWarning};
use tui_support::*;

#[test]
fn the_roster_lists_the_class_with_statuses() {
    let (_dir, app) = class_app(Lang::Vi);
    assert!(matches!(app.screen(), Screen::Roster));
    assert_eq!(app.visible_names().len(), 8);
    assert_eq!(app.visible_names()[0], "Nguyễn Văn An");
    let bình = app.roster().rows.iter().find(|r| r.name == "Đặng Thị Bình").unwrap();
    assert_eq!(bình.status, Status::AtRisk);
}

#[test]
fn typing_on_the_roster_searches_as_you_type_without_diacritics() {
    let (_dir, mut app) = class_app(Lang::Vi);
    type_text(&mut app, "nguyen");
    assert_eq!(app.context(), Context::Search);
    assert_eq!(
        app.visible_names(),
        ["Nguyễn Văn An", "Nguyễn Thị Mai", "Trần Văn Nguyên"]
    );
    type_text(&mut app, " van");
    assert_eq!(app.visible_names(), ["Nguyễn Văn An", "Trần Văn Nguyên"]);
    // Esc clears the search.
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.context(), Context::Roster);
    assert_eq!(app.visible_names().len(), 8);
    type_text(&mut app, "dang");
    assert_eq!(app.visible_names(), ["Đặng Thị Bình"]);
    // Capitals and marks in the query fold too.
    press(&mut app, KeyCode::Esc);
    type_text(&mut app, "ĐẶNG");
    assert_eq!(app.visible_names(), ["Đặng Thị Bình"]);
}

#[test]
fn enter_in_the_search_opens_the_best_match() {
    let (_dir, mut app) = class_app(Lang::En);
    type_text(&mut app, "yen");
    press(&mut app, KeyCode::Enter);
    let Screen::Detail(d) = app.screen() else {
        panic!("not on the detail page")
    };
    assert_eq!(d.student.name, "Vũ Ngọc Yến");
    press(&mut app, KeyCode::Esc);
    // Back on the roster, the search is still there.
    assert_eq!(app.visible_names(), ["Vũ Ngọc Yến"]);
}

#[test]
fn filter_and_sort() {
    let (_dir, mut app) = class_app(Lang::En);
    app.update(Action::Filter);
    // "Identified": at risk, child labour, trafficked.
    assert_eq!(app.visible_names(), ["Đặng Thị Bình", "Phạm Quốc Huy"]);
    app.update(Action::Filter);
    assert_eq!(app.visible_names().len(), 5, "not screened");
    app.update(Action::Back);
    app.update(Action::Sort);
    let names = app.visible_names();
    assert_eq!(names[0], "Nguyễn Văn An");
    assert_eq!(names[1], "Đặng Thị Bình");
    assert_eq!(names[2], "Trần Minh Châu");
    assert_eq!(names.last(), Some(&"Vũ Ngọc Yến"));
}

#[test]
fn key_releases_are_ignored() {
    let (_dir, mut app) = class_app(Lang::Vi);
    app.handle_key(release(KeyCode::Down));
    app.handle_key(release(KeyCode::Char('a')));
    assert_eq!(app.roster().selected, 0);
    assert_eq!(app.context(), Context::Roster);
    press(&mut app, KeyCode::Down);
    assert_eq!(app.roster().selected, 1);
}

#[test]
fn ctrl_h_and_del_erase_in_a_field() {
    let (_dir, mut app) = class_app(Lang::Vi);
    app.update(Action::Add);
    type_text(&mut app, "Lan");
    app.handle_key(ctrl('h'));
    assert_eq!(form_text(&app, Field::Name), "La");
    app.handle_key(key(KeyCode::Char('\u{7f}')));
    assert_eq!(form_text(&app, Field::Name), "L");
    press(&mut app, KeyCode::Backspace);
    assert_eq!(form_text(&app, Field::Name), "");
    // Ctrl+H erased: it did not open help or go anywhere.
    assert_eq!(app.context(), Context::Form);
}

#[test]
fn an_input_method_sequence_gives_nfc_text() {
    let (_dir, mut app) = class_app(Lang::Vi);
    app.update(Action::Add);
    // Telex "Nguyeenx" as Unikey sends it: each rewrite is Backspace, then the new letter.
    type_text(&mut app, "Nguye");
    press(&mut app, KeyCode::Backspace);
    type_text(&mut app, "ê");
    type_text(&mut app, "n");
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Backspace);
    type_text(&mut app, "ễn");
    // Some input methods send the mark as its own character.
    type_text(&mut app, " Ha\u{300}");
    let name = form_text(&app, Field::Name);
    assert_eq!(name, "Nguyễn Hà");
    assert_eq!(name.chars().count(), 9, "composed (NFC)");
}

#[test]
fn altgr_characters_are_typed() {
    let (_dir, mut app) = class_app(Lang::Vi);
    app.update(Action::Add);
    // Windows reports AltGr+Q on a German layout as Ctrl+Alt+@.
    app.handle_key(KeyEvent::new(
        KeyCode::Char('@'),
        KeyModifiers::CONTROL | KeyModifiers::ALT,
    ));
    assert_eq!(form_text(&app, Field::Name), "@");
}

#[test]
fn a_bad_birth_date_keeps_everything_typed() {
    let (_dir, mut app) = class_app(Lang::Vi);
    app.update(Action::Add);
    type_text(&mut app, "Lý Thị Hồng");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "31/02/2013");
    focus(&mut app, FieldId::Domain(Field::Guardian));
    type_text(&mut app, "Lý Văn Tâm");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "0912 345 678");
    app.update(Action::Save);
    let f = app.form().expect("the form stays open");
    assert_eq!(
        f.form.error(FieldId::Domain(Field::BirthDate)),
        Some(&Problem::NotADate)
    );
    assert_eq!(
        focused(&app),
        FieldId::Domain(Field::BirthDate),
        "focus on the bad field"
    );
    assert_eq!(form_text(&app, Field::Name), "Lý Thị Hồng");
    assert_eq!(form_text(&app, Field::BirthDate), "31/02/2013");
    assert_eq!(form_text(&app, Field::Guardian), "Lý Văn Tâm");
    assert_eq!(form_text(&app, Field::Phone), "0912 345 678");
    assert!(app.status_message().unwrap().error);
    assert_eq!(app.roster().rows.len(), 8, "nothing saved");
    // Fix it and save: the pupil is in the store.
    for _ in 0..10 {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "28/02/2013");
    app.update(Action::Save);
    assert!(matches!(app.screen(), Screen::Roster));
    let hồng = app
        .store()
        .students()
        .unwrap()
        .into_iter()
        .find(|s| s.name == "Lý Thị Hồng");
    let hồng = hồng.expect("saved");
    assert_eq!(hồng.phone, "0912345678");
    assert_eq!(hồng.class, "8A");
    assert_eq!(app.roster().selected_row().unwrap().name, "Lý Thị Hồng");
}

#[test]
fn leaving_a_changed_form_asks_first() {
    let (_dir, mut app) = class_app(Lang::En);
    app.update(Action::Add);
    type_text(&mut app, "Mã");
    press(&mut app, KeyCode::Esc);
    assert!(matches!(app.popup(), Some(Popup::Confirm(Confirm::Discard))));
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(form_text(&app, Field::Name), "Mã", "No keeps the form and the typing");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('y'));
    assert!(matches!(app.screen(), Screen::Roster));
    // An untouched form closes at once.
    app.update(Action::Add);
    press(&mut app, KeyCode::Esc);
    assert!(matches!(app.screen(), Screen::Roster));
    assert!(app.popup().is_none());
}

#[test]
fn deleting_asks_first_and_no_keeps_the_pupil() {
    let (_dir, mut app) = class_app(Lang::Vi);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::F(8));
    let Some(Popup::Confirm(Confirm::Delete { name, .. })) = app.popup() else {
        panic!("no question")
    };
    assert_eq!(name, "Đặng Thị Bình");
    press(&mut app, KeyCode::Esc);
    assert!(app.popup().is_none());
    assert_eq!(app.roster().rows.len(), 8);
    assert!(app.store().student(id_of("Đặng Thị Bình")).unwrap().is_some());
    // Yes deletes, in the store too.
    press(&mut app, KeyCode::F(8));
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(app.roster().rows.len(), 7);
    assert!(app.store().student(id_of("Đặng Thị Bình")).unwrap().is_none());
    assert!(!app.visible_names().contains(&"Đặng Thị Bình"));
}

#[test]
fn deleting_the_last_pupil_in_the_list_selects_the_one_above() {
    let (_dir, mut app) = class_app(Lang::Vi);
    press(&mut app, KeyCode::End);
    let last = app.roster().selected_row().unwrap().name.clone();
    press(&mut app, KeyCode::F(8));
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(app.roster().rows.len(), 7);
    assert!(!app.visible_names().contains(&last.as_str()));
    let names = app.visible_names();
    assert_eq!(
        app.roster().selected_row().map(|r| r.name.as_str()),
        names.last().copied()
    );
    // And again: the list keeps working from its new end.
    press(&mut app, KeyCode::F(8));
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(app.roster().rows.len(), 6);
}

#[test]
fn screening_shows_the_level_live_and_suggests_a_decision() {
    let (_dir, mut app) = class_app(Lang::En);
    // Nguyễn Văn An, not screened yet.
    app.update(Action::Screen);
    let level = |app: &App| match &app.form().unwrap().kind {
        FormKind::Screening { assessment, .. } => assessment.level,
        _ => panic!("not the checklist"),
    };
    let decision = |app: &App| app.form().unwrap().form.pick(Field::Decision);
    assert_eq!(level(&app), RiskLevel::None);
    assert_eq!(decision(&app), Some(Pick::Decision(Decision::NotAtRisk)));
    assert_eq!(form_text(&app, Field::ScreenedOn), "28/11/2026", "today by default");
    focus(&mut app, FieldId::Factor(RiskFactor::WorksForOthers));
    press(&mut app, KeyCode::Char(' '));
    assert_eq!(level(&app), RiskLevel::Medium);
    focus(&mut app, FieldId::Factor(RiskFactor::LongHours));
    press(&mut app, KeyCode::Char(' '));
    assert_eq!(level(&app), RiskLevel::High);
    assert_eq!(decision(&app), Some(Pick::Decision(Decision::AtRisk)));
    // The teacher decides: child labour. Unticking no longer moves the decision.
    focus(&mut app, FieldId::Domain(Field::Decision));
    press(&mut app, KeyCode::Char(' '));
    assert_eq!(decision(&app), Some(Pick::Decision(Decision::ChildLabour)));
    focus(&mut app, FieldId::Factor(RiskFactor::LongHours));
    press(&mut app, KeyCode::Char(' '));
    assert_eq!(level(&app), RiskLevel::Medium);
    assert_eq!(decision(&app), Some(Pick::Decision(Decision::ChildLabour)));
    app.update(Action::Save);
    assert!(matches!(app.screen(), Screen::Roster));
    let s = app.store().screening(id_of("Nguyễn Văn An")).unwrap().expect("saved");
    assert_eq!(s.decision, Decision::ChildLabour);
    assert_eq!(
        s.identified_on,
        Some(day(28, 11, 2026)),
        "identified on the day screened"
    );
    assert_eq!(app.roster().rows[0].status, Status::ChildLabour);
}

#[test]
fn first_run_sets_up_the_profile_and_it_is_on_disk() {
    let (dir, mut app) = first_run_app(Lang::Vi);
    assert_eq!(app.context(), Context::Form);
    assert_eq!(form_text(&app, Field::SchoolYear), "2026-2027", "this school year");
    // The language comes first and switches the form at once.
    press(&mut app, KeyCode::Char(' '));
    assert_eq!(app.lang(), Lang::En);
    press(&mut app, KeyCode::Char(' '));
    assert_eq!(app.lang(), Lang::Vi);
    // Saving empty shows every missing field and keeps the year.
    app.update(Action::Save);
    let f = app.form().unwrap();
    assert_eq!(f.form.error(FieldId::Domain(Field::Teacher)), Some(&Problem::Required));
    assert_eq!(f.form.error(FieldId::Domain(Field::Class)), Some(&Problem::Required));
    assert_eq!(focused(&app), FieldId::Domain(Field::Teacher));
    type_text(&mut app, "Phạm Thị Thu Hà");
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "Trường THCS Hoa Sen");
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "99001");
    focus(&mut app, FieldId::Domain(Field::Class));
    type_text(&mut app, "8A");
    // Esc on the first run does not leave the form.
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.context(), Context::Form);
    press(&mut app, KeyCode::F(2));
    assert!(matches!(app.screen(), Screen::Roster));
    assert_eq!(app.status_message().unwrap().text, "Đã lưu hồ sơ.");
    drop(app);
    let store = open_store(dir.path());
    let p = store.profile().unwrap().expect("on disk");
    assert_eq!(p.teacher, "Phạm Thị Thu Hà");
    assert_eq!(p.class, "8A");
    assert_eq!(p.lang, Lang::Vi);
}

#[test]
fn the_profile_can_be_edited_from_the_roster() {
    let (dir, mut app) = class_app(Lang::Vi);
    app.handle_key(ctrl('p'));
    assert!(matches!(
        app.form().unwrap().kind,
        FormKind::Setup { first_run: false, .. }
    ));
    focus(&mut app, FieldId::Domain(Field::Class));
    press(&mut app, KeyCode::Backspace);
    type_text(&mut app, "B");
    app.update(Action::Save);
    assert_eq!(app.profile().unwrap().class, "8B");
    drop(app);
    assert_eq!(open_store(dir.path()).profile().unwrap().unwrap().class, "8B");
}

/// The dashboard counts the profile's school year: a school year corrected in the profile
/// is counted at once, as every save rebuilds what is derived from the notebook.
#[test]
fn a_school_year_corrected_in_the_profile_is_counted_at_once() {
    use sotay::domain::{Period, SchoolYear};
    let (_dir, mut app) = class_app(Lang::En);
    assert_eq!(app.indicators().unwrap().period, Period::school_year(SchoolYear(2026)));
    app.handle_key(ctrl('p'));
    focus(&mut app, FieldId::Domain(Field::SchoolYear));
    type_text(&mut app, "2025-2026");
    app.update(Action::Save);
    assert_eq!(
        app.profile().unwrap().school_year,
        SchoolYear(2025),
        "{:?}",
        app.status_message()
    );
    assert_eq!(app.indicators().unwrap().period, Period::school_year(SchoolYear(2025)));
}

#[test]
fn an_edit_is_saved_and_reopening_the_store_shows_it() {
    let (dir, mut app) = class_app(Lang::En);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::F(4));
    focus(&mut app, FieldId::Domain(Field::Notes));
    type_text(&mut app, "Thích vẽ.");
    press(&mut app, KeyCode::F(2));
    // Back on the detail page, which shows the note.
    let Screen::Detail(d) = app.screen() else {
        panic!("not on the detail page")
    };
    assert_eq!(d.student.notes, "Thích vẽ.");
    drop(app);
    let store = open_store(dir.path());
    assert_eq!(
        store.student(id_of("Nguyễn Văn An")).unwrap().unwrap().notes,
        "Thích vẽ."
    );
}

#[test]
fn help_lists_the_keys_of_the_screen() {
    let (_dir, mut app) = class_app(Lang::En);
    press(&mut app, KeyCode::F(1));
    assert!(matches!(
        app.popup(),
        Some(Popup::Help {
            context: Context::Roster,
            ..
        })
    ));
    assert_eq!(app.context(), Context::Help);
    press(&mut app, KeyCode::Esc);
    assert!(app.popup().is_none());
    // `?` types in a text field rather than opening help.
    app.update(Action::Add);
    type_text(&mut app, "?");
    assert_eq!(form_text(&app, Field::Name), "?");
}

#[test]
fn keymap_warnings_are_shown_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(dir.path());
    fill(&store, Lang::En);
    let w = KeymapWarning {
        file: "keymap.toml".into(),
        line: Some(3),
        message_vi: "không có hành động `jump`".into(),
        message_en: "there is no action `jump`".into(),
    };
    let mut app = App::new(store, None, Keymap::builtin(), vec![w]).unwrap();
    assert_eq!(app.lang(), Lang::En, "the profile's language");
    assert!(matches!(app.popup(), Some(Popup::Warnings { .. })));
    press(&mut app, KeyCode::Esc);
    assert!(app.popup().is_none());
    assert_eq!(app.context(), Context::Roster);
}

#[test]
fn quitting_with_unsaved_typing_asks() {
    let (_dir, mut app) = class_app(Lang::Vi);
    app.update(Action::Add);
    type_text(&mut app, "An");
    app.handle_key(ctrl('q'));
    assert!(!app.should_quit());
    assert!(matches!(app.popup(), Some(Popup::Confirm(Confirm::Quit))));
    press(&mut app, KeyCode::Char('y'));
    assert!(app.should_quit());
    let (_dir, mut app) = class_app(Lang::Vi);
    press(&mut app, KeyCode::F(10));
    assert!(app.should_quit());
}

#[test]
fn paging_keeps_the_selection_on_screen() {
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(dir.path());
    fill(&store, Lang::Vi);
    let mut more = Vec::new();
    for n in 0..30u128 {
        let mut s = pupils()[0].clone();
        s.id = uuid::Uuid::from_u128(0x0191_0000_0000_7000_8000_0000_0000_0000 + n);
        s.code = None;
        s.name = format!("Lê Văn Số {}", n + 1);
        more.push(s);
    }
    store.save_students(&more).unwrap();
    let mut app = App::new(store, None, Keymap::builtin(), Vec::new()).unwrap();
    app.resize(80, 16);
    press(&mut app, KeyCode::End);
    assert_eq!(app.roster().selected, 37);
    let text = screen(&mut app, 80, 16);
    assert!(text.contains("Lê Văn Số 30"), "{text}");
    assert!(!text.contains("Nguyễn Văn An"), "{text}");
    // A page is the 8 rows the list shows at 80×16 (the tab strip takes one).
    press(&mut app, KeyCode::PageUp);
    assert_eq!(app.roster().selected, 29);
    let text = screen(&mut app, 80, 16);
    assert!(text.contains("Lê Văn Số 22"), "{text}");
    assert!(!text.contains("Lê Văn Số 30"), "{text}");
    press(&mut app, KeyCode::Home);
    assert_eq!(app.roster().selected, 0);
    assert!(screen(&mut app, 80, 16).contains("Nguyễn Văn An"));
}

#[test]
fn a_tiny_terminal_gets_a_message() {
    let (_dir, mut app) = class_app(Lang::En);
    let text = screen(&mut app, 50, 10);
    assert!(text.contains("too small"), "{text}");
}

#[test]
fn importing_a_class_list_previews_then_saves() {
    let (dir, mut app) = class_app(Lang::Vi);
    let path = class_list(dir.path());
    press(&mut app, KeyCode::F(9));
    assert!(matches!(app.form().unwrap().kind, FormKind::ImportPath));
    // A file that is not there: the message is under the field, the path stays.
    type_text(&mut app, "khong-co.csv");
    press(&mut app, KeyCode::F(2));
    let f = app.form().expect("the form stays open");
    assert!(f.form.other_error.is_some());
    assert_eq!(sotay::tui::form::import_path(&f.form), "khong-co.csv");
    for _ in 0.."khong-co.csv".len() {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, &path);
    press(&mut app, KeyCode::F(2));
    let Screen::ImportPreview(p) = app.screen() else {
        panic!("no preview")
    };
    let names: Vec<&str> = p.new.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Lò Thị Sáu", "Đinh Văn Tùng"]);
    assert_eq!(app.context(), Context::Confirm);
    // Nothing is saved before the teacher says yes.
    assert_eq!(app.store().students().unwrap().len(), 8);
    press(&mut app, KeyCode::Char('y'));
    assert!(matches!(app.screen(), Screen::Roster));
    assert_eq!(app.roster().rows.len(), 10);
    assert_eq!(app.status_message().unwrap().text, "Đã nhập 2 học sinh.");
    drop(app);
    let store = open_store(dir.path());
    assert!(store.students().unwrap().iter().any(|s| s.name == "Đinh Văn Tùng"));
}

#[test]
fn an_import_preview_can_be_declined() {
    let (dir, mut app) = class_app(Lang::En);
    let path = class_list(dir.path());
    app.update(Action::Import);
    type_text(&mut app, &format!("\"{path}\""));
    // Enter on the one field reads the file.
    press(&mut app, KeyCode::Enter);
    assert!(
        matches!(app.screen(), Screen::ImportPreview(_)),
        "quoted paths are read too"
    );
    press(&mut app, KeyCode::Char('n'));
    // Back on the path, to pick another file.
    assert!(matches!(app.form().unwrap().kind, FormKind::ImportPath));
    assert_eq!(app.store().students().unwrap().len(), 8);
}

#[test]
fn enter_never_answers_yes() {
    // F8 then Enter keeps the pupil; F8 then y deletes.
    let (_dir, mut app) = class_app(Lang::Vi);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::F(8));
    assert!(matches!(app.popup(), Some(Popup::Confirm(Confirm::Delete { .. }))));
    press(&mut app, KeyCode::Enter);
    assert!(app.popup().is_none(), "Enter closes the question");
    assert_eq!(app.roster().rows.len(), 8);
    assert!(app.store().student(id_of("Đặng Thị Bình")).unwrap().is_some());
    press(&mut app, KeyCode::F(8));
    press(&mut app, KeyCode::Char('y'));
    assert!(app.store().student(id_of("Đặng Thị Bình")).unwrap().is_none());
    // Esc then Enter keeps a typed form.
    app.update(Action::Add);
    type_text(&mut app, "Mã");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Enter);
    assert_eq!(form_text(&app, Field::Name), "Mã");
    // F10 then Enter does not quit and lose the typing.
    press(&mut app, KeyCode::F(10));
    assert!(matches!(app.popup(), Some(Popup::Confirm(Confirm::Quit))));
    press(&mut app, KeyCode::Enter);
    assert!(!app.should_quit());
    assert_eq!(form_text(&app, Field::Name), "Mã");
    // The question says which keys answer, with the Vietnamese letters (c: có, k: không).
    press(&mut app, KeyCode::Esc);
    let text = screen(&mut app, W, H);
    assert!(text.contains("c Có"), "{text}");
    assert!(text.contains("k/Esc/Enter Không"), "{text}");
}

#[test]
fn a_vietnamese_question_takes_c_for_yes_and_k_for_no() {
    let (_dir, mut app) = class_app(Lang::Vi);
    press(&mut app, KeyCode::Down);
    // k (không) keeps the pupil, as n does.
    for no in ['k', 'K', 'n'] {
        press(&mut app, KeyCode::F(8));
        assert!(matches!(app.popup(), Some(Popup::Confirm(Confirm::Delete { .. }))));
        press(&mut app, KeyCode::Char(no));
        assert!(app.popup().is_none(), "{no} answers");
        assert!(app.store().student(id_of("Đặng Thị Bình")).unwrap().is_some(), "{no}");
    }
    // c (có) deletes, as y does.
    press(&mut app, KeyCode::F(8));
    press(&mut app, KeyCode::Char('c'));
    assert!(app.store().student(id_of("Đặng Thị Bình")).unwrap().is_none());
    press(&mut app, KeyCode::F(8));
    let text = screen(&mut app, W, H);
    assert!(text.contains(" c Có    k/Esc/Enter Không"), "{text}");
    assert!(!text.contains("y Có"), "{text}");
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(app.roster().rows.len(), 6, "y still says yes");
}

#[test]
fn an_english_question_shows_y_and_n() {
    let (_dir, mut app) = class_app(Lang::En);
    press(&mut app, KeyCode::F(8));
    let text = screen(&mut app, W, H);
    assert!(text.contains(" y Yes    n/Esc/Enter No"), "{text}");
    assert!(!text.contains("c Yes"), "{text}");
    // Another letter still says no.
    press(&mut app, KeyCode::Char('x'));
    assert!(app.popup().is_none());
    assert_eq!(app.roster().rows.len(), 8);
}

#[test]
fn enter_declines_an_import_too() {
    let (dir, mut app) = class_app(Lang::En);
    let path = class_list(dir.path());
    app.update(Action::Import);
    type_text(&mut app, &path);
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.screen(), Screen::ImportPreview(_)));
    let text = screen(&mut app, W, H);
    assert!(text.contains("n/Esc/Enter No"), "the bottom line says so: {text}");
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.form().unwrap().kind, FormKind::ImportPath));
    assert_eq!(app.store().students().unwrap().len(), 8);
}

#[test]
fn with_vim_keys_letters_on_the_roster_do_not_search() {
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(dir.path());
    fill(&store, Lang::En);
    let (keymap, warnings) = Keymap::load(Some("vim"), None);
    assert!(warnings.is_empty(), "{warnings:?}");
    let mut app = App::new(store, None, keymap, Vec::new()).unwrap();
    // A teacher types a name to find "Duy": d asks to delete, u (not yes) says no, and y,
    // bound to nothing on the roster, does nothing.
    type_text(&mut app, "duy");
    assert_eq!(app.store().students().unwrap().len(), 8, "nothing deleted");
    assert_eq!(app.roster().rows.len(), 8);
    // An unbound letter does nothing at all on the roster.
    type_text(&mut app, "uy");
    assert_eq!(app.context(), Context::Roster);
    assert!(app.popup().is_none());
    assert_eq!(app.roster().query.value(), "");
    assert!(screen(&mut app, W, H).contains("press / to search"));
    // `/` searches, and there letters type.
    type_text(&mut app, "/huy");
    assert_eq!(app.context(), Context::Search);
    assert_eq!(app.visible_names(), ["Phạm Quốc Huy"]);
    assert_eq!(app.store().students().unwrap().len(), 8);
}

#[test]
fn editing_a_pupil_of_another_class_keeps_their_class_and_year() {
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(dir.path());
    fill(&store, Lang::En);
    let mut other = pupils()[0].clone();
    other.id = uuid::Uuid::from_u128(0x0191_0000_0000_7000_8000_0000_0000_0099);
    other.code = None;
    other.name = "Lê Thị Sáu".into();
    other.class = "6B".into();
    other.school_year = sotay::domain::SchoolYear(2024);
    store.save_students(std::slice::from_ref(&other)).unwrap();
    let mut app = App::new(store, None, Keymap::builtin(), Vec::new()).unwrap();
    type_text(&mut app, "le thi sau");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::F(4));
    focus(&mut app, FieldId::Domain(Field::Notes));
    type_text(&mut app, "Chuyển lớp.");
    press(&mut app, KeyCode::F(2));
    assert!(matches!(app.screen(), Screen::Detail(_)), "{:?}", app.status_message());
    let s = app.store().student(other.id).unwrap().unwrap();
    assert_eq!(s.notes, "Chuyển lớp.");
    assert_eq!(s.class, "6B", "the profile is 8A, the pupil stays in 6B");
    assert_eq!(s.school_year, sotay::domain::SchoolYear(2024));
}

#[test]
fn a_new_pupil_gets_one_id_when_the_form_opens() {
    let (_dir, mut app) = class_app(Lang::En);
    app.update(Action::Add);
    let id_of_form = |app: &App| match &app.form().unwrap().kind {
        FormKind::Student { id, opened: None, .. } => *id,
        k => panic!("not the add form: {k:?}"),
    };
    let id = id_of_form(&app);
    type_text(&mut app, "Lý Thị Hồng");
    // A failed save keeps the id for the retry.
    app.update(Action::Save);
    assert!(app.status_message().unwrap().error);
    assert_eq!(id_of_form(&app), id);
    assert_eq!(focused(&app), FieldId::Domain(Field::BirthDate));
    type_text(&mut app, "28/02/2013");
    app.update(Action::Save);
    assert!(matches!(app.screen(), Screen::Roster), "{:?}", app.status_message());
    let s = app.store().student(id).unwrap().expect("saved under the form's id");
    assert_eq!(s.name, "Lý Thị Hồng");
    assert_eq!(s.class, "8A", "a new pupil gets the profile's class");
    assert_eq!(app.store().students().unwrap().len(), 9);
}

#[test]
fn keys_are_ignored_while_the_terminal_is_too_small() {
    let (_dir, mut app) = class_app(Lang::En);
    app.resize(50, 10);
    // F8 then y would delete the first pupil, unseen.
    press(&mut app, KeyCode::F(8));
    assert!(app.popup().is_none());
    press(&mut app, KeyCode::Char('y'));
    type_text(&mut app, "an");
    assert_eq!(app.context(), Context::Roster, "no search either");
    assert_eq!(app.roster().query.value(), "");
    press(&mut app, KeyCode::Down);
    assert_eq!(app.roster().selected, 0);
    assert_eq!(app.store().students().unwrap().len(), 8);
    // Back to a usable size, keys work again.
    app.resize(W, H);
    press(&mut app, KeyCode::Down);
    assert_eq!(app.roster().selected, 1);
    // Quit still works while too small.
    app.resize(50, 10);
    press(&mut app, KeyCode::F(10));
    assert!(app.should_quit());
}

#[test]
fn a_paste_is_typed_on_one_line_and_its_line_breaks_are_not_enter() {
    let (_dir, mut app) = class_app(Lang::Vi);
    app.update(Action::Add);
    app.paste("Lý Thị\tHồng\r\n");
    assert_eq!(form_text(&app, Field::Name), "Lý Thị Hồng");
    assert_eq!(
        focused(&app),
        FieldId::Domain(Field::Name),
        "the newline did not move on"
    );
    // On the roster a paste goes to the search box only while it has the focus.
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('y'));
    app.paste("dang\n");
    assert_eq!(app.roster().query.value(), "");
    press(&mut app, KeyCode::F(3));
    app.paste("dang\n");
    assert_eq!(app.visible_names(), ["Đặng Thị Bình"]);
    assert_eq!(app.context(), Context::Search, "no Enter: the pupil is not opened");
}

// --- The class's views: reminders, dashboard, sessions ------------------------------------

fn view_of(app: &App) -> &'static str {
    match app.screen() {
        Screen::Roster => "roster",
        Screen::Reminders(_) => "reminders",
        Screen::Dashboard(_) => "dashboard",
        Screen::Sessions(_) => "sessions",
        _ => "other",
    }
}

#[test]
fn tab_cycles_the_views_and_esc_returns_to_the_roster() {
    let (_dir, mut app) = class_app(Lang::Vi);
    let mut seen = vec![view_of(&app)];
    for _ in 0..4 {
        press(&mut app, KeyCode::Tab);
        seen.push(view_of(&app));
    }
    assert_eq!(seen, ["roster", "reminders", "dashboard", "sessions", "roster"]);
    back_tab(&mut app);
    assert_eq!(view_of(&app), "sessions");
    assert_eq!(app.context(), Context::Sessions);
    back_tab(&mut app);
    assert_eq!(view_of(&app), "dashboard");
    // Esc on any view is the way home, and the stack stays one screen deep.
    press(&mut app, KeyCode::Esc);
    assert_eq!(view_of(&app), "roster");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Esc);
    assert_eq!(view_of(&app), "roster");
}

#[test]
fn tab_does_nothing_on_deeper_screens() {
    let (_dir, mut app) = class_app(Lang::En);
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.screen(), Screen::Detail(_)));
    press(&mut app, KeyCode::Tab);
    assert!(matches!(app.screen(), Screen::Detail(_)));
    press(&mut app, KeyCode::Esc);
    assert_eq!(view_of(&app), "roster");
    // In a form Tab moves to the next field.
    app.update(Action::Add);
    press(&mut app, KeyCode::Tab);
    assert_eq!(focused(&app), FieldId::Domain(Field::BirthDate));
}

#[test]
fn reminders_list_overdue_first_and_the_status_bar_counts_them() {
    use sotay::domain::ReminderKind;
    let (_dir, mut app) = cases_app(Lang::Vi);
    let kinds: Vec<(uuid::Uuid, ReminderKind)> = app.reminders().iter().map(|r| (r.student_id, r.kind)).collect();
    assert!(kinds.contains(&(
        id_of("Phạm Quốc Huy"),
        ReminderKind::VisitOverdue { due: day(20, 11, 2026) }
    )));
    assert!(kinds.contains(&(
        id_of("Đặng Thị Bình"),
        ReminderKind::VisitDueSoon { due: day(1, 12, 2026) }
    )));
    assert!(
        kinds
            .iter()
            .any(|(id, k)| *id == id_of("Hoàng Văn Nam") && matches!(k, ReminderKind::NoInterventionYet { .. }))
    );
    assert!(
        kinds
            .iter()
            .any(|(id, k)| *id == id_of("Trần Văn Nguyên") && matches!(k, ReminderKind::InterventionOverdue { .. }))
    );
    let overdue = app.reminders().iter().filter(|r| r.overdue()).count();
    assert_eq!(overdue, 2);
    let text = screen(&mut app, W, H);
    let top = text.lines().next().unwrap();
    assert!(top.contains("Nhắc việc 4 (2 quá hạn)"), "{top}");
    // The roster marks the two pupils with something overdue.
    let marked: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with('│') && l.contains(" ! "))
        .collect();
    assert_eq!(marked.len(), 2, "{text}");
    assert!(marked.iter().any(|l| l.contains("Phạm Quốc Huy")), "{text}");
    assert!(marked.iter().any(|l| l.contains("Trần Văn Nguyên")), "{text}");
}

#[test]
fn the_reminders_view_selects_in_the_order_it_shows() {
    use sotay::domain::ReminderKind;
    let (_dir, mut app) = cases_app(Lang::En);
    assert!(app.selected_reminder().is_none(), "only on the reminders view");
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.context(), Context::Reminders);
    // Overdue first: Nguyên's missing intervention (due 17/11), then Huy's visit (20/11).
    let selected = |app: &App| app.selected_reminder().map(|r| r.student_id);
    assert_eq!(selected(&app), Some(id_of("Trần Văn Nguyên")));
    press(&mut app, KeyCode::Down);
    assert_eq!(selected(&app), Some(id_of("Phạm Quốc Huy")));
    press(&mut app, KeyCode::End);
    let last = app.selected_reminder().unwrap();
    assert_eq!(last.student_id, id_of("Đặng Thị Bình"));
    assert!(matches!(last.kind, ReminderKind::VisitDueSoon { .. }));
    press(&mut app, KeyCode::Down);
    assert_eq!(
        selected(&app),
        Some(id_of("Đặng Thị Bình")),
        "the selection stays in the list"
    );
    press(&mut app, KeyCode::Home);
    assert_eq!(selected(&app), Some(id_of("Trần Văn Nguyên")));
}

#[test]
fn enter_on_a_reminder_opens_that_pupil() {
    let (_dir, mut app) = cases_app(Lang::En);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Down);
    let pupil = app.selected_reminder().unwrap().student_id;
    press(&mut app, KeyCode::Enter);
    let Screen::Timeline(t) = app.screen() else {
        panic!("the pupil's timeline is not open");
    };
    assert_eq!(t.student_id, pupil);
    // Back from the timeline is back on the reminders.
    press(&mut app, KeyCode::Esc);
    assert_eq!(view_of(&app), "reminders");
}

#[test]
fn enter_after_the_last_reminder_is_answered_opens_the_one_highlighted() {
    let (_dir, mut app) = cases_app(Lang::En);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::End);
    assert_eq!(app.selected_reminder().unwrap().student_id, id_of("Đặng Thị Bình"));
    press(&mut app, KeyCode::Enter);
    // A visit with no next one answers Bình's visit due soon: the list loses its last line.
    press(&mut app, KeyCode::F(2));
    focus(&mut app, FieldId::Domain(Field::Met));
    type_text(&mut app, "mẹ");
    press(&mut app, KeyCode::F(2));
    assert!(app.form().is_none(), "{:?}", app.status_message());
    assert_eq!(app.reminders().len(), 3);
    press(&mut app, KeyCode::Esc);
    assert_eq!(view_of(&app), "reminders");
    let highlighted = app.selected_reminder().expect("a reminder is highlighted").student_id;
    let Screen::Reminders(v) = app.screen() else {
        unreachable!()
    };
    assert_eq!(v.selected, 2, "the selection moved onto the list's new last line");
    press(&mut app, KeyCode::Enter);
    let Screen::Timeline(t) = app.screen() else {
        panic!("no timeline: {:?}", app.status_message());
    };
    assert_eq!(t.student_id, highlighted);
    // Up goes to the line above the one highlighted, not above the one gone.
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Up);
    let Screen::Reminders(v) = app.screen() else {
        unreachable!()
    };
    assert_eq!(v.selected, 1);
}

#[test]
fn a_new_day_recounts_the_reminders() {
    let dir = tempfile::tempdir().unwrap();
    let calendar = TestClock::on(day(28, 11, 2026));
    let store = sotay::store::Store::open_with_clock(dir.path(), calendar.clone()).unwrap();
    fill(&store, Lang::Vi);
    fill_cases(&store);
    let mut app = App::new(store, None, Keymap::builtin(), Vec::new()).unwrap();
    let overdue = |app: &App| app.reminders().iter().filter(|r| r.overdue()).count();
    assert_eq!(overdue(&app), 2);
    // The notebook stays open past Bình's next visit (01/12) and Nam's deadline (02/12):
    // the next key recounts.
    calendar.set(day(3, 12, 2026));
    press(&mut app, KeyCode::Down);
    assert_eq!(overdue(&app), 4, "{:?}", app.reminders());
}

/// Moves to the sessions view with Tab.
fn to_sessions(app: &mut App) {
    while view_of(app) != "sessions" {
        press(app, KeyCode::Tab);
    }
}

#[test]
fn a_session_added_in_the_form_ticks_pupils_and_raises_the_informed_indicators() {
    use sotay::domain::Audience;
    let (_dir, mut app) = cases_app(Lang::Vi);
    let before = app.indicators().unwrap().clone();
    to_sessions(&mut app);
    press(&mut app, KeyCode::F(2));
    assert!(matches!(
        app.form().unwrap().kind,
        FormKind::Session { opened: None, .. }
    ));
    // The date starts as today; "hôm nay" says the same.
    assert_eq!(form_text(&app, Field::HeldOn), "28/11/2026");
    for _ in 0..10 {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "hôm nay");
    focus(&mut app, FieldId::Domain(Field::Audience));
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Right);
    assert_eq!(
        app.form().unwrap().form.pick(Field::Audience),
        Some(Pick::Audience(Audience::Both))
    );
    focus(&mut app, FieldId::Domain(Field::Topic));
    type_text(&mut app, "Lao động trẻ em là gì");
    // Two pupils no one had informed: Trần Văn Nguyên (nor his parents) and Vũ Ngọc Yến
    // (her parents were, by the teacher's mark).
    for name in ["Trần Văn Nguyên", "Vũ Ngọc Yến"] {
        focus(&mut app, FieldId::Attendee(id_of(name)));
        press(&mut app, KeyCode::Char(' '));
    }
    press(&mut app, KeyCode::F(2));
    assert!(app.form().is_none(), "{:?}", app.status_message());
    assert_eq!(view_of(&app), "sessions");
    let stored = app.store().sessions().unwrap();
    assert_eq!(stored.len(), 3);
    let new = stored.iter().find(|s| s.held_on == day(28, 11, 2026)).unwrap();
    assert_eq!(new.audience, Audience::Both);
    assert_eq!(new.students, [id_of("Trần Văn Nguyên"), id_of("Vũ Ngọc Yến")].into());
    // An empty count means the pupils ticked.
    assert_eq!(new.attended, 2);
    let after = app.indicators().unwrap();
    assert_eq!(after.sessions, before.sessions + 1);
    assert_eq!(after.students_informed.count, before.students_informed.count + 2);
    assert_eq!(after.parents_informed.count, before.parents_informed.count + 1);
    let Screen::Sessions(v) = app.screen() else {
        unreachable!()
    };
    assert_eq!(
        app.casebook().sessions[v.selected].id,
        new.id,
        "the new session is selected"
    );
}

#[test]
fn the_session_form_says_what_a_tick_means_for_the_audience_picked() {
    let (_dir, mut app) = cases_app(Lang::En);
    to_sessions(&mut app);
    press(&mut app, KeyCode::F(2));
    let hints = [
        "Tick a pupil if the pupil's parents were there.",
        "Tick a pupil if the pupil was there.",
        "Tick a pupil only if the pupil and a parent were both there.",
    ];
    focus(&mut app, FieldId::Domain(Field::Audience));
    for (i, hint) in hints.iter().enumerate() {
        let text = screen(&mut app, W, H);
        assert!(text.contains(hint), "{text}");
        for other in hints.iter().filter(|h| *h != hint) {
            assert!(!text.contains(other), "{text}");
        }
        if i + 1 < hints.len() {
            press(&mut app, KeyCode::Right);
        }
    }
}

#[test]
fn a_session_can_be_edited_from_the_list() {
    let (_dir, mut app) = cases_app(Lang::En);
    to_sessions(&mut app);
    press(&mut app, KeyCode::Enter);
    assert!(matches!(
        app.form().unwrap().kind,
        FormKind::Session { opened: Some(_), .. }
    ));
    assert_eq!(form_text(&app, Field::Topic), "Phòng ngừa lao động trẻ em");
    focus(&mut app, FieldId::Domain(Field::Attended));
    // End keeps the number and types after it (typing at once would replace it).
    press(&mut app, KeyCode::End);
    type_text(&mut app, "0");
    press(&mut app, KeyCode::F(2));
    let stored = app.store().sessions().unwrap();
    assert_eq!(stored.len(), 2);
    assert!(stored.iter().any(|s| s.attended == 60), "{stored:?}");
}

#[test]
fn the_settings_form_refuses_zero_and_keeps_the_typing() {
    let (_dir, mut app) = cases_app(Lang::Vi);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.context(), Context::Dashboard);
    press(&mut app, KeyCode::F(4));
    assert!(matches!(app.form().unwrap().kind, FormKind::Settings { .. }));
    assert_eq!(form_text(&app, Field::InterventionDays), "7");
    press(&mut app, KeyCode::Backspace);
    type_text(&mut app, "0");
    press(&mut app, KeyCode::F(2));
    let form = &app.form().expect("the form stays open").form;
    assert_eq!(
        form.error(FieldId::Domain(Field::InterventionDays)),
        Some(&Problem::OutOfRange { min: 1, max: 90 })
    );
    assert_eq!(form_text(&app, Field::InterventionDays), "0");
    assert_eq!(app.store().settings().unwrap().intervention_days, 7);
    let shown = screen(&mut app, W, H);
    assert!(shown.contains("phải từ 1 đến 90"), "{shown}");
    // Fixed, it is saved, and the reminders count with the new limit: with 30 days,
    // Trần Văn Nguyên (identified 10/11) is no longer late.
    press(&mut app, KeyCode::Backspace);
    type_text(&mut app, "30");
    press(&mut app, KeyCode::F(2));
    assert!(app.form().is_none());
    assert_eq!(app.store().settings().unwrap().intervention_days, 30);
    assert_eq!(app.casebook().settings.intervention_days, 30);
    assert_eq!(app.reminders().iter().filter(|r| r.overdue()).count(), 1);
    assert_eq!(view_of(&app), "dashboard");
}

#[test]
fn deleting_a_session_asks_first() {
    let (_dir, mut app) = cases_app(Lang::Vi);
    to_sessions(&mut app);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Delete);
    let Some(Popup::Confirm(Confirm::DeleteSession { id, label })) = app.popup() else {
        panic!("no question: {:?}", app.popup());
    };
    assert!(label.contains("05/11/2026"), "{label}");
    let id = *id;
    // No keeps it.
    press(&mut app, KeyCode::Char('n'));
    assert!(app.popup().is_none());
    assert_eq!(app.store().sessions().unwrap().len(), 2);
    press(&mut app, KeyCode::F(8));
    press(&mut app, KeyCode::Char('y'));
    let stored = app.store().sessions().unwrap();
    assert_eq!(stored.len(), 1);
    assert!(stored.iter().all(|s| s.id != id));
    assert_eq!(app.casebook().sessions.len(), 1);
    assert_eq!(app.indicators().unwrap().sessions, 1);
}

/// Opens the edit form of the first pupil, Nguyễn Văn An (born 12/03/2013, code HS001).
fn edit_first_pupil(app: &mut App) {
    press(app, KeyCode::Enter);
    press(app, KeyCode::F(4));
    assert!(matches!(
        app.form().unwrap().kind,
        FormKind::Student { opened: Some(_), .. }
    ));
}

#[test]
fn typing_into_a_filled_field_replaces_it_and_other_keys_edit_it() {
    let (_dir, mut app) = class_app(Lang::Vi);
    edit_first_pupil(&mut app);
    // The name is selected as the form opens: it shows reversed, and typing replaces it,
    // here with Telex as Unikey sends it (L, e, then Backspace and ê for "ee").
    assert!(reversed(&mut app, W, H).contains(&"Nguyễn Văn An".to_string()));
    type_text(&mut app, "Le");
    press(&mut app, KeyCode::Backspace);
    type_text(&mut app, "ê Văn An");
    assert_eq!(form_text(&app, Field::Name), "Lê Văn An");
    assert!(reversed(&mut app, W, H).iter().all(|r| !r.contains("Lê")));
    // The birth date is selected when the focus arrives: one date typed over it.
    press(&mut app, KeyCode::Tab);
    assert!(reversed(&mut app, W, H).contains(&"12/03/2013".to_string()));
    type_text(&mut app, "15/04/2013");
    assert_eq!(form_text(&app, Field::BirthDate), "15/04/2013");
    // Backspace first drops the selection, then erases one character.
    back_tab(&mut app);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Backspace);
    type_text(&mut app, "4");
    assert_eq!(form_text(&app, Field::BirthDate), "15/04/2014");
    // An arrow or Home too: the text stays and the typing goes where the caret is.
    focus(&mut app, FieldId::Domain(Field::StudentCode));
    press(&mut app, KeyCode::Home);
    type_text(&mut app, "X");
    assert_eq!(form_text(&app, Field::StudentCode), "XHS001");
    // An input method's burst right after the focus arrives starts with Backspace, so it
    // never wipes the field: "Kinh" + Backspace + "h" stays "Kinh".
    focus(&mut app, FieldId::Domain(Field::Ethnicity));
    press(&mut app, KeyCode::Backspace);
    type_text(&mut app, "h");
    assert_eq!(form_text(&app, Field::Ethnicity), "Kinh");
    press(&mut app, KeyCode::F(2));
    let an = app.store().student(id_of("Nguyễn Văn An")).unwrap().unwrap();
    assert_eq!(an.name, "Lê Văn An");
    assert_eq!(an.code.as_deref(), Some("XHS001"));
}

#[test]
fn ctrl_u_clears_a_field() {
    let (_dir, mut app) = class_app(Lang::En);
    edit_first_pupil(&mut app);
    focus(&mut app, FieldId::Domain(Field::Address));
    // The key line offers it while a text field has the focus.
    assert!(screen(&mut app, W, H).contains("Ctrl+U Clear field"));
    app.handle_key(ctrl('u'));
    assert_eq!(form_text(&app, Field::Address), "");
    type_text(&mut app, "Xóm Bãi");
    assert_eq!(form_text(&app, Field::Address), "Xóm Bãi");
    assert!(app.any_form_dirty());
}

#[test]
fn a_text_over_its_limit_is_cut_with_one_key() {
    let (_dir, mut app) = class_app(Lang::Vi);
    edit_first_pupil(&mut app);
    focus(&mut app, FieldId::Domain(Field::Notes));
    let long = "Em hay giúp mẹ bán hàng. ".repeat(100);
    app.paste(&long);
    // Not over the limit yet as far as the form knows: nothing to cut.
    assert!(!screen(&mut app, W, H).contains("Ctrl+T"));
    app.handle_key(ctrl('t'));
    assert_eq!(form_text(&app, Field::Notes), long);
    press(&mut app, KeyCode::F(2));
    let f = app.form().expect("refused");
    assert_eq!(
        f.form.error(FieldId::Domain(Field::Notes)),
        Some(&Problem::TooLong { max: 2000 })
    );
    // The error says which key cuts, and the key line offers it.
    let text = screen(&mut app, W, H);
    assert!(
        text.contains("dài quá 2000 ký tự; nhấn Ctrl+T để cắt cho vừa"),
        "{text}"
    );
    assert!(text.contains("Ctrl+T Cắt cho vừa"), "{text}");
    app.handle_key(ctrl('t'));
    // The first 2,000 characters are kept (less the space the last one is).
    let kept: String = long.chars().take(2000).collect();
    assert_eq!(form_text(&app, Field::Notes), kept.trim_end());
    assert_eq!(app.form().unwrap().form.error(FieldId::Domain(Field::Notes)), None);
    press(&mut app, KeyCode::F(2));
    assert!(app.form().is_none(), "saved");
    let an = app.store().student(id_of("Nguyễn Văn An")).unwrap().unwrap();
    assert_eq!(an.notes, kept.trim_end());
}

#[test]
fn an_error_goes_when_its_field_is_edited() {
    let (_dir, mut app) = class_app(Lang::En);
    app.update(Action::Add);
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "31/02/2013");
    app.update(Action::Save);
    let errors = |app: &App| app.form().unwrap().form.errors.0.len();
    assert_eq!(errors(&app), 2, "name and birth date");
    assert!(screen(&mut app, W, H).contains("is not a valid date"));
    // The focus is on the name, the first bad field: typing there clears its error only.
    type_text(&mut app, "Lò Văn Minh");
    assert_eq!(app.form().unwrap().form.error(FieldId::Domain(Field::Name)), None);
    assert_eq!(errors(&app), 1);
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "28/02/2013");
    assert_eq!(errors(&app), 0);
    assert!(!screen(&mut app, W, H).contains("is not a valid date"));
}

/// The status bar at `w` columns: its items (split at " · ") and its last words.
fn status_bar(app: &mut App, w: u16) -> String {
    screen(app, w, H).lines().next().unwrap().to_string()
}

#[test]
fn the_status_bar_keeps_whole_words_and_a_space_before_the_save_state() {
    for lang in [Lang::Vi, Lang::En] {
        let (_dir, mut app) = cases_app(lang);
        for dirty in [false, true] {
            if dirty {
                app.update(Action::Add);
                type_text(&mut app, "Lò");
            }
            let state = if dirty { "Chưa lưu" } else { "Đã lưu" };
            let state = if lang == Lang::En {
                if dirty { "Unsaved" } else { "Saved" }
            } else {
                state
            };
            let full = status_bar(&mut app, 400);
            let items: Vec<String> = full
                .trim()
                .trim_end_matches(state)
                .trim()
                .split(" · ")
                .map(String::from)
                .collect();
            assert!(items.len() >= 5, "{full}");
            for w in 60..=160u16 {
                let bar = status_bar(&mut app, w);
                let left = bar.strip_suffix(state).unwrap_or_else(|| panic!("{w}: {bar:?}"));
                assert!(left.ends_with(' '), "{w}: no space before the last word: {bar:?}");
                let left = left.trim();
                let shown = left.strip_suffix(" …").unwrap_or(left);
                for item in shown.split(" · ") {
                    assert!(items.iter().any(|i| i == item), "{w}: a cut word: {bar:?}");
                }
            }
        }
    }
}

#[test]
fn the_first_run_does_not_say_saved_before_saving() {
    for (lang, saved, unsaved) in [(Lang::Vi, "Đã lưu", "Chưa lưu"), (Lang::En, "Saved", "Unsaved")] {
        let (_dir, mut app) = first_run_app(lang);
        let bar = status_bar(&mut app, W);
        assert!(bar.ends_with(&format!(" {unsaved}")), "{bar}");
        assert!(!screen(&mut app, W, H).contains(saved));
        for (field, text) in [
            (Field::Teacher, "Phạm Thị Thu Hà"),
            (Field::School, "Trường THCS Hoa Sen"),
            (Field::SchoolCode, "99001"),
            (Field::Class, "8A"),
        ] {
            focus(&mut app, FieldId::Domain(field));
            type_text(&mut app, text);
        }
        press(&mut app, KeyCode::F(2));
        assert!(matches!(app.screen(), Screen::Roster));
        assert!(status_bar(&mut app, W).ends_with(&format!(" {saved}")));
    }
}

#[test]
fn tab_completes_the_import_path_and_lists_what_matches() {
    let (_dir, mut app) = class_app(Lang::Vi);
    let files = tempfile::tempdir().unwrap();
    for f in ["lop8a.csv", "lop8b.xlsx", "ghi chu.txt"] {
        std::fs::write(files.path().join(f), CLASS_LIST_CSV).unwrap();
    }
    std::fs::create_dir(files.path().join("Nam cu")).unwrap();
    let folder = format!("{}/", files.path().display());
    press(&mut app, KeyCode::F(9));
    // A folder completes with its separator; a text file is no class list.
    type_text(&mut app, &format!("{folder}n"));
    press(&mut app, KeyCode::Tab);
    assert_eq!(form_text_of(&app, FieldId::ImportPath), format!("{folder}Nam cu/"));
    app.handle_key(ctrl('u'));
    type_text(&mut app, &format!("{folder}g"));
    press(&mut app, KeyCode::Tab);
    assert!(matches!(app.screen(), Screen::Form(_)));
    // Nothing starts with "g" but the text file: nothing completed, nothing listed.
    assert_eq!(form_text_of(&app, FieldId::ImportPath), format!("{folder}g"));
    assert_eq!(app.form().unwrap().form.candidates, Vec::<String>::new());
    // Several class lists: their common start, then the names under the field.
    app.handle_key(ctrl('u'));
    type_text(&mut app, &format!("{folder}l"));
    press(&mut app, KeyCode::Tab);
    assert_eq!(form_text_of(&app, FieldId::ImportPath), format!("{folder}lop8"));
    assert!(screen(&mut app, W, H).contains("Khớp: lop8a.csv   lop8b.xlsx"));
    type_text(&mut app, "a");
    press(&mut app, KeyCode::Tab);
    assert_eq!(form_text_of(&app, FieldId::ImportPath), format!("{folder}lop8a.csv"));
    // Nothing left to complete: Tab moves on, which on the import reads the file.
    press(&mut app, KeyCode::Tab);
    assert!(matches!(app.screen(), Screen::ImportPreview(_)));
}

#[test]
fn the_import_and_export_dialogs_start_in_the_folder_used_last() {
    let (dir, mut app) = class_app(Lang::En);
    let changes = app.store().changes().unwrap().len();
    let lists = tempfile::tempdir().unwrap();
    let list = lists.path().join("lop8a.csv");
    std::fs::write(&list, CLASS_LIST_CSV).unwrap();
    press(&mut app, KeyCode::F(9));
    assert_eq!(form_text_of(&app, FieldId::ImportPath), "", "no folder used yet");
    type_text(&mut app, &list.to_string_lossy());
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.screen(), Screen::ImportPreview(_)));
    // Declined, and the typed path thrown away: the folder is remembered all the same.
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('y'));
    assert!(matches!(app.screen(), Screen::Roster));
    // A report, written in another folder.
    let reports = tempfile::tempdir().unwrap();
    app.handle_key(ctrl('e'));
    let file = sotay::tui::form::FieldId::Export(sotay::tui::export::ExportField::File);
    // The suggested file's place: a full path typed there replaces it.
    focus(&mut app, file);
    type_text(&mut app, &reports.path().join("bao-cao.xlsx").to_string_lossy());
    press(&mut app, KeyCode::F(2));
    assert!(
        reports.path().join("bao-cao.xlsx").is_file(),
        "{:?}",
        app.status_message()
    );
    // The folders are this computer's settings, not records: the change log is as it was.
    assert_eq!(app.store().changes().unwrap().len(), changes);
    drop(app);
    let store = open_store(dir.path());
    let mut app = App::new(store, Some(Lang::En), Keymap::builtin(), Vec::new()).unwrap();
    let sep = std::path::MAIN_SEPARATOR;
    press(&mut app, KeyCode::F(9));
    assert_eq!(
        form_text_of(&app, FieldId::ImportPath),
        format!("{}{sep}", lists.path().display())
    );
    // A name typed after the folder completes from it with Tab.
    type_text(&mut app, "l");
    press(&mut app, KeyCode::Tab);
    assert_eq!(
        form_text_of(&app, FieldId::ImportPath),
        format!("{}{sep}lop8a.csv", lists.path().display())
    );
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('y'));
    app.handle_key(ctrl('e'));
    let suggested = form_text_of(&app, file);
    assert!(
        suggested.starts_with(&format!("{}{sep}", reports.path().display())),
        "{suggested}"
    );
}

#[test]
fn an_import_with_no_new_pupils_is_a_message_not_a_question() {
    let (dir, mut app) = class_app(Lang::Vi);
    let path = dir.path().join("lop-cu.csv");
    std::fs::write(&path, "Họ và tên,Ngày sinh,Giới tính\nNguyễn Văn An,12/03/2013,Nam\n").unwrap();
    press(&mut app, KeyCode::F(9));
    type_text(&mut app, &path.to_string_lossy());
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.screen(), Screen::ImportPreview(_)));
    assert_ne!(app.context(), Context::Confirm, "no question");
    let text = screen(&mut app, W, H);
    assert!(text.contains("Không có học sinh mới để nhập."), "{text}");
    assert!(!text.contains("Có "), "no yes/no keys: {text}");
    assert!(text.contains("Esc Đóng"), "{text}");
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.screen(), Screen::Roster));
    assert_eq!(app.status_message().unwrap().text, "Không có học sinh mới để nhập.");
    assert_eq!(app.roster().rows.len(), 8);
}

#[test]
fn the_import_preview_shows_the_first_rows_as_read_and_unlikely_ages() {
    let (dir, mut app) = class_app(Lang::Vi);
    let path = dir.path().join("lop.csv");
    std::fs::write(
        &path,
        "Họ và tên,Ngày sinh,Giới tính\nLò Thị Sáu,01/05/2013,Nữ\nMùa A Páo,03/02/2023,\n",
    )
    .unwrap();
    press(&mut app, KeyCode::F(9));
    type_text(&mut app, &path.to_string_lossy());
    press(&mut app, KeyCode::Enter);
    let text = screen(&mut app, W, H);
    assert!(text.contains("Dòng 2: Lò Thị Sáu · 01/05/2013 · Nữ"), "{text}");
    assert!(text.contains("Dòng 3: Mùa A Páo · 03/02/2023 · —"), "{text}");
    assert!(text.contains("Ngày sinh cần kiểm tra (vẫn được nhập): 1"), "{text}");
    assert!(
        text.contains("Dòng 3, Mùa A Páo: 3 tuổi vào đầu năm học 2026-2027: có thể gõ nhầm"),
        "{text}"
    );
    press(&mut app, KeyCode::Char('c'));
    assert_eq!(app.roster().rows.len(), 10, "imported all the same");
}

#[test]
fn a_birth_date_giving_an_unlikely_age_asks_before_saving() {
    let (_dir, mut app) = class_app(Lang::Vi);
    app.update(Action::Add);
    type_text(&mut app, "Mùa Thị Dua");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "03/02/2023");
    press(&mut app, KeyCode::F(2));
    assert!(matches!(
        app.popup(),
        Some(Popup::Confirm(Confirm::UnlikelyAge { age: 3, .. }))
    ));
    let text = screen(&mut app, W, H);
    assert!(
        text.contains("Với ngày sinh 03/02/2023, em 3 tuổi vào đầu năm học"),
        "{text}"
    );
    // No: back to the form, on the birth date, nothing saved.
    press(&mut app, KeyCode::Char('k'));
    assert_eq!(focused(&app), FieldId::Domain(Field::BirthDate));
    assert_eq!(app.roster().rows.len(), 8);
    // Yes saves it.
    press(&mut app, KeyCode::F(2));
    press(&mut app, KeyCode::Char('c'));
    assert!(matches!(app.screen(), Screen::Roster));
    assert_eq!(app.roster().rows.len(), 9);
    // An edit that keeps the date does not ask again; a likely date never asks.
    app.update(Action::Edit);
    focus(&mut app, FieldId::Domain(Field::Notes));
    type_text(&mut app, "Em út.");
    press(&mut app, KeyCode::F(2));
    assert!(app.popup().is_none());
    assert!(matches!(app.screen(), Screen::Roster));
}

#[test]
fn a_school_year_more_than_a_year_away_is_refused_under_its_field() {
    let (_dir, mut app) = class_app(Lang::Vi);
    app.handle_key(ctrl('p'));
    focus(&mut app, FieldId::Domain(Field::SchoolYear));
    type_text(&mut app, "2062-2063");
    press(&mut app, KeyCode::F(2));
    let text = screen(&mut app, W, H);
    assert!(
        text.contains("phải từ 2025-2026 đến 2027-2028, không cách năm học này quá một năm"),
        "{text}"
    );
    assert_eq!(app.profile().unwrap().school_year.0, 2026);
}

#[test]
fn every_date_field_shows_the_same_hint() {
    const HINT: &str = "dd/mm/yyyy hoặc hôm nay";
    let (_dir, mut app) = cases_app(Lang::Vi);
    let mut screens = Vec::new();
    app.update(Action::Add);
    screens.push(screen(&mut app, W, H));
    press(&mut app, KeyCode::Esc);
    app.update(Action::Screen);
    screens.push(screen(&mut app, W, H));
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::F(2));
    screens.push(screen(&mut app, W, H));
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::F(3));
    screens.push(screen(&mut app, W, H));
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    to_sessions(&mut app);
    press(&mut app, KeyCode::F(2));
    screens.push(screen(&mut app, W, H));
    for s in &screens {
        assert!(s.contains(HINT), "{s}");
        // No other wording of a date's format.
        assert_eq!(s.matches("yyyy").count(), s.matches(HINT).count(), "{s}");
    }
    // The words for today are taken in every date field: a screening today.
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    app.update(Action::Screen);
    focus(&mut app, FieldId::Domain(Field::ScreenedOn));
    type_text(&mut app, "hôm nay");
    press(&mut app, KeyCode::F(2));
    assert!(app.form().is_none(), "{:?}", app.status_message());
}

#[test]
fn the_session_form_names_the_key_that_ticks_a_pupil() {
    let (_dir, mut app) = cases_app(Lang::Vi);
    to_sessions(&mut app);
    press(&mut app, KeyCode::F(2));
    // The focus is on the date, a text field: the key line still says how to tick.
    assert_eq!(focused(&app), FieldId::Domain(Field::HeldOn));
    let text = screen(&mut app, W, H);
    let keys = text.lines().find(|l| l.starts_with(" F2 Lưu")).unwrap();
    assert!(keys.contains("Space Đánh dấu"), "{text}");
}

/// The number the class list shows before `name`, read off the screen.
fn number_shown(app: &mut App, name: &str) -> Option<usize> {
    let text = screen(app, W, H);
    let line = text.lines().find(|l| l.contains(name))?;
    let digits: String = line
        .trim_start_matches(['│', '|', ' ', '›', '>'])
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

#[test]
fn a_pupils_number_stays_theirs_whatever_is_searched_filtered_or_sorted() {
    // A ninth pupil, added last, whose given name sorts second: "Ánh" after "An".
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(dir.path());
    fill(&store, Lang::Vi);
    let mut anh = pupils()[0].clone();
    anh.id = uuid::Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0009);
    anh.name = "Lê Thị Ánh".into();
    anh.code = Some("HS009".into());
    store.save_student(&anh).unwrap();
    let mut app = App::new(store, Some(Lang::Vi), Keymap::builtin(), Vec::new()).unwrap();
    assert_eq!(number_shown(&mut app, "Vũ Ngọc Yến"), Some(8));
    assert_eq!(number_shown(&mut app, "Lê Thị Ánh"), Some(9));

    // Searching shows Yến alone, still number 8.
    type_text(&mut app, "yen");
    assert_eq!(app.visible_names(), ["Vũ Ngọc Yến"]);
    assert_eq!(number_shown(&mut app, "Vũ Ngọc Yến"), Some(8));
    press(&mut app, KeyCode::Esc);

    // The filter of identified children shows Bình and Huy as 2 and 4.
    press(&mut app, KeyCode::F(6));
    assert_eq!(app.visible_names(), ["Đặng Thị Bình", "Phạm Quốc Huy"]);
    assert_eq!(number_shown(&mut app, "Đặng Thị Bình"), Some(2));
    assert_eq!(number_shown(&mut app, "Phạm Quốc Huy"), Some(4));
    press(&mut app, KeyCode::Esc);

    // Sorted by name, Ánh comes second but keeps her number, and so does everyone else.
    press(&mut app, KeyCode::F(7));
    assert_eq!(
        app.visible_names()[..3],
        ["Nguyễn Văn An", "Lê Thị Ánh", "Đặng Thị Bình"]
    );
    assert_eq!(number_shown(&mut app, "Lê Thị Ánh"), Some(9));
    assert_eq!(number_shown(&mut app, "Đặng Thị Bình"), Some(2));
    assert_eq!(number_shown(&mut app, "Vũ Ngọc Yến"), Some(8));

    // Deleting a pupil changes the class list, so the numbers after them move up.
    press(&mut app, KeyCode::Home);
    press(&mut app, KeyCode::F(8));
    press(&mut app, KeyCode::Char('y'));
    assert!(!app.visible_names().contains(&"Nguyễn Văn An"));
    assert_eq!(number_shown(&mut app, "Đặng Thị Bình"), Some(1));
    assert_eq!(number_shown(&mut app, "Lê Thị Ánh"), Some(8));
}

#[test]
fn page_down_jumps_past_the_screening_checklist_to_the_decision() {
    let (_dir, mut app) = class_app(Lang::Vi);
    // Nguyễn Văn An, not screened yet: the form opens on the first risk factor.
    press(&mut app, KeyCode::F(5));
    assert_eq!(focused(&app), FieldId::Factor(RiskFactor::ALL[0]));
    // The key is on the bottom line and under the checklist.
    let text = screen(&mut app, 120, 36);
    let keys = text.lines().last().unwrap();
    assert!(keys.contains("PgDn Phần sau"), "{keys}");
    assert!(text.contains("PgDn: đến phần kết luận"), "{text}");
    // Even in the smallest window, where the checklist hides the hint.
    let text = screen(&mut app, 60, 16);
    assert!(text.lines().last().unwrap().contains("PgDn Phần sau"), "{text}");
    press(&mut app, KeyCode::PageDown);
    assert_eq!(focused(&app), FieldId::Domain(Field::Decision));
    // Back to the checklist's start, and from the middle of it straight to the decision.
    press(&mut app, KeyCode::PageUp);
    assert_eq!(focused(&app), FieldId::Factor(RiskFactor::ALL[0]));
    focus(&mut app, FieldId::Factor(RiskFactor::LongHours));
    press(&mut app, KeyCode::PageDown);
    assert_eq!(focused(&app), FieldId::Domain(Field::Decision));
    // Past the decision, the last field (the notes); nothing was ticked on the way.
    press(&mut app, KeyCode::PageDown);
    assert_eq!(focused(&app), FieldId::Domain(Field::Notes));
    assert!(app.form().unwrap().form.checked().is_empty());
    // Help lists it.
    press(&mut app, KeyCode::F(1));
    let text = screen(&mut app, 120, 36);
    assert!(text.contains("PgDn") && text.contains("Phần sau"), "{text}");
}

#[test]
fn with_vim_keys_ctrl_d_jumps_to_the_decision() {
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(dir.path());
    fill(&store, Lang::En);
    let (keymap, _) = Keymap::load(Some("vim"), None);
    let mut app = App::new(store, None, keymap, Vec::new()).unwrap();
    app.update(Action::Screen);
    app.handle_key(ctrl('d'));
    assert_eq!(focused(&app), FieldId::Domain(Field::Decision));
}

#[test]
fn the_pupil_form_refuses_a_name_with_a_direction_mark() {
    let (_dir, mut app) = class_app(Lang::En);
    app.update(Action::Add);
    type_text(&mut app, "Phạm\u{202e}Thử");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "01/01/2013");
    app.update(Action::Save);
    let f = app.form().expect("the form stays open");
    assert_eq!(
        f.form.error(FieldId::Domain(Field::Name)),
        Some(&Problem::ControlCharacter)
    );
    assert_eq!(form_text(&app, Field::Name), "Phạm\u{202e}Thử", "what was typed stays");
    assert_eq!(app.roster().rows.len(), 8, "nothing saved");
}

#[test]
fn the_import_dialog_refuses_a_list_longer_than_a_class_or_a_far_cell() {
    let (dir, mut app) = class_app(Lang::En);
    let long = dir.path().join("ca-truong.csv");
    let mut s = String::from("Họ và tên,Ngày sinh\n");
    for i in 0..5_001 {
        s.push_str(&format!("Học Sinh Thử {i},01/01/2013\n"));
    }
    std::fs::write(&long, s).unwrap();
    let far = dir.path().join("lop8a.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet().write_string(3_999, 16_383, "x").unwrap();
    wb.save(&far).unwrap();
    for (file, says) in [
        (&long, "has 5001 rows, too many for a class list".to_string()),
        (&far, "has something in cell XFD4000".to_string()),
    ] {
        press(&mut app, KeyCode::F(9));
        // The second time the dialog starts in the folder used last: a full path pasted
        // (in quotes, as Windows' "Copy as path" gives it) replaces it.
        app.paste(&format!("\"{}\"\r\n", file.display()));
        press(&mut app, KeyCode::F(2));
        let f = app.form().expect("the path stays, to pick another file");
        assert!(f.form.other_error.is_some());
        let msg = &app.status_message().unwrap().text;
        assert!(
            msg.contains(&file.display().to_string()) && msg.contains(&says),
            "{msg}"
        );
        assert_eq!(app.store().students().unwrap().len(), 8);
        press(&mut app, KeyCode::Esc);
        if app.popup().is_some() {
            press(&mut app, KeyCode::Char('y'));
        }
    }
}

/// Sync writes to the store while a form is open: here a test writes to it as sync would.
/// What the teacher changed is laid over what is stored then; the rest stays as stored.
#[test]
fn a_save_keeps_a_field_synced_in_after_the_form_opened() {
    let (_dir, mut app) = class_app(Lang::En);
    let an = id_of("Nguyễn Văn An");
    edit_first_pupil(&mut app);
    // Meanwhile another device corrected An's phone, a newer save than the form's opening.
    let mut synced = app.store().student(an).unwrap().unwrap();
    synced.phone = "0912 345 678".into();
    app.store().save_student(&synced).unwrap();
    // The teacher changes only the notes.
    focus(&mut app, FieldId::Domain(Field::Notes));
    type_text(&mut app, "Sống với bà ngoại.");
    app.update(Action::Save);
    let stored = app.store().student(an).unwrap().unwrap();
    assert_eq!(stored.phone, "0912 345 678", "the synced phone was reverted");
    assert_eq!(stored.notes, "Sống với bà ngoại.");
    // What is shown is what was merged: the pupil's page the form was opened from.
    assert_eq!(app.casebook().students[&an].phone, "0912 345 678");
    let Screen::Detail(d) = app.screen() else {
        panic!("not back on the pupil's page: {:?}", app.status_message())
    };
    assert_eq!(
        (d.student.phone.as_str(), d.student.notes.as_str()),
        ("0912 345 678", "Sống với bà ngoại.")
    );
}

/// The screening form: a note synced into the stored screening meanwhile stays, and the
/// class list shows the new decision.
#[test]
fn a_screening_saved_over_a_synced_note_keeps_it() {
    let (_dir, mut app) = class_app(Lang::En);
    let binh = id_of("Đặng Thị Bình");
    type_text(&mut app, "binh");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::F(5));
    let mut synced = app.store().screening(binh).unwrap().unwrap();
    synced.notes = "Mẹ đi làm xa.".into();
    app.store().save_screening(&synced).unwrap();
    // The teacher finds the child in child labour.
    focus(&mut app, FieldId::Domain(Field::Decision));
    for _ in 0..5 {
        if app.form().unwrap().form.pick(Field::Decision) == Some(Pick::Decision(Decision::ChildLabour)) {
            break;
        }
        press(&mut app, KeyCode::Right);
    }
    app.update(Action::Save);
    let stored = app.store().screening(binh).unwrap().unwrap();
    assert_eq!(stored.decision, Decision::ChildLabour);
    assert_eq!(stored.notes, "Mẹ đi làm xa.");
    assert_eq!(app.casebook().screenings[&binh].notes, "Mẹ đi làm xa.");
    let row = app.roster().rows.iter().find(|r| r.id == binh).unwrap();
    assert_eq!(row.status, Status::ChildLabour);
}

/// Delete wins: a pupil deleted meanwhile (on another device) is not brought back by a
/// save of the form opened before; the form stays with what was typed.
#[test]
fn a_save_for_a_pupil_deleted_meanwhile_is_refused_and_keeps_the_typing() {
    for lang in [Lang::Vi, Lang::En] {
        let (_dir, mut app) = class_app(lang);
        let an = id_of("Nguyễn Văn An");
        edit_first_pupil(&mut app);
        focus(&mut app, FieldId::Domain(Field::Notes));
        type_text(&mut app, "Sống với bà ngoại.");
        app.store().delete_student(an).unwrap();
        app.update(Action::Save);
        let m = app.status_message().expect("a message");
        let want = match lang {
            Lang::Vi => {
                "Học sinh này đã bị xóa (trên máy này hoặc máy khác) nên thông tin học sinh không được lưu; nội dung vừa nhập vẫn còn trên màn hình"
            }
            Lang::En => {
                "This pupil was deleted (on this or another device), so the pupil's details could not be saved; what was typed is still on screen"
            }
        };
        assert_eq!((m.text.as_str(), m.error), (want, true));
        // The form is still there, as typed.
        assert!(matches!(app.form().unwrap().kind, FormKind::Student { .. }));
        assert_eq!(form_text(&app, Field::Notes), "Sống với bà ngoại.");
        assert_eq!(form_text(&app, Field::Name), "Nguyễn Văn An");
        // Nothing came back, in the store or on the class list.
        assert!(app.store().student(an).unwrap().is_none());
        assert!(!app.visible_names().contains(&"Nguyễn Văn An"));
        // Saving again is refused again. Closing the form goes back to the class list: the
        // pupil's page it was opened from went with the pupil.
        app.update(Action::Save);
        assert!(app.store().student(an).unwrap().is_none());
        press(&mut app, KeyCode::Esc);
        press(&mut app, KeyCode::Char('y'));
        assert!(matches!(app.screen(), Screen::Roster));
        assert_eq!(app.visible_names().len(), 7);
    }
}

/// A session's pupils are a set: a pupil ticked on another device meanwhile stays ticked
/// beside the one the teacher ticks; the other fields as stored.
#[test]
fn a_session_saved_over_a_tick_synced_in_keeps_both_ticks() {
    let (_dir, mut app) = cases_app(Lang::En);
    to_sessions(&mut app);
    press(&mut app, KeyCode::Enter);
    let Some(FormKind::Session { id, .. }) = app.form().map(|f| f.kind.clone()) else {
        panic!("no session form")
    };
    let (chau, yen) = (id_of("Trần Minh Châu"), id_of("Vũ Ngọc Yến"));
    let mut synced = app
        .store()
        .sessions()
        .unwrap()
        .into_iter()
        .find(|s| s.id == id)
        .unwrap();
    synced.students.insert(chau);
    synced.topic = "Phòng ngừa lao động trẻ em (buổi 1)".into();
    app.store().save_session(&synced).unwrap();
    focus(&mut app, FieldId::Attendee(yen));
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::F(2));
    let stored = app
        .store()
        .sessions()
        .unwrap()
        .into_iter()
        .find(|s| s.id == id)
        .unwrap();
    assert!(stored.students.contains(&chau), "the synced tick was lost");
    assert!(stored.students.contains(&yen));
    assert_eq!(stored.students.len(), 6);
    assert_eq!(stored.topic, "Phòng ngừa lao động trẻ em (buổi 1)");
}

/// The limits form opened on the defaults (never saved): limits that came in from another
/// device meanwhile keep what the teacher did not change.
#[test]
fn the_limits_saved_over_limits_synced_in_keep_the_other_one() {
    let (_dir, mut app) = cases_app(Lang::En);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::F(4));
    assert!(app.store().stored_settings().unwrap().is_none());
    let synced = sotay::domain::Settings {
        intervention_days: 7,
        monitoring_days: 60,
    };
    app.store().save_settings(&synced).unwrap();
    focus(&mut app, FieldId::Domain(Field::InterventionDays));
    type_text(&mut app, "10");
    press(&mut app, KeyCode::F(2));
    let stored = app.store().settings().unwrap();
    assert_eq!((stored.intervention_days, stored.monitoring_days), (10, 60));
    assert_eq!(app.casebook().settings, stored);
}

/// The twin is the last of the list (No. 9).
fn select_twin(app: &mut App) {
    app.update(Action::Bottom);
    assert_eq!(app.roster().selected_row().map(|r| r.id), Some(twin_of_an().id));
}

#[test]
fn possible_twins_are_marked_and_merged_into_the_one_listed_first() {
    let (_dir, mut app) = twin_app(Lang::En);
    let (an, twin) = (id_of("Nguyễn Văn An"), twin_of_an().id);
    let shown = screen(&mut app, W, H);
    let marked = shown.lines().filter(|l| l.contains("Nguyễn Văn An  ⚠ twin?")).count();
    assert_eq!(marked, 2, "{shown}");
    assert!(shown.contains("⚠ twin? = maybe one child: Ctrl+G merges"), "{shown}");
    // The key is offered on a marked pupil only.
    assert!(shown.contains("Ctrl+G Merge twins"), "{shown}");
    app.update(Action::Down);
    assert!(!screen(&mut app, W, H).contains("Ctrl+G Merge twins"));
    select_twin(&mut app);
    assert!(screen(&mut app, W, H).contains("Ctrl+G Merge twins"));
    app.handle_key(ctrl('g'));
    let Some(Popup::Confirm(Confirm::MergePupils { keep, other })) = app.popup().cloned() else {
        panic!("no merge question: {:?}", app.popup())
    };
    // Neither has a record: the one listed first stays.
    assert_eq!((keep.id, keep.number, other.id, other.number), (an, 1, twin, 9));
    // Enter says no, as in every question.
    press(&mut app, KeyCode::Enter);
    assert!(app.store().student(twin).unwrap().is_some());
    app.handle_key(ctrl('g'));
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(
        app.status_message().map(|m| m.text.as_str()),
        Some("Merged the two pupils Nguyễn Văn An into one.")
    );
    assert!(app.store().student(twin).unwrap().is_none());
    assert!(app.store().student(an).unwrap().is_some());
    assert_eq!(app.visible_names().len(), 8);
    assert_eq!(app.roster().selected_row().map(|r| r.id), Some(an));
    assert!(!screen(&mut app, W, H).contains("twin?"));
}

#[test]
fn the_twin_with_more_records_is_kept_and_the_other_ones_move_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(dir.path());
    fill(&store, Lang::Vi);
    let (an, twin) = (id_of("Nguyễn Văn An"), twin_of_an().id);
    // The other device typed An again, screened him and recorded a home visit.
    store.save_student(&twin_of_an()).unwrap();
    let screening = sotay::domain::Screening {
        student_id: twin,
        screened_on: day(21, 11, 2026),
        factors: [RiskFactor::PoorHousehold].into(),
        decision: Decision::NotAtRisk,
        identified_on: None,
        notes: String::new(),
    };
    store.save_screening(&screening).unwrap();
    let visit = sotay::domain::Visit {
        id: uuid::Uuid::from_u128(0x0193_0000_0000_7000_8000_0000_0000_0001),
        student_id: twin,
        visited_on: day(22, 11, 2026),
        visited_by: "Phạm Thị Thu Hà".into(),
        met: "bà".into(),
        working: false,
        employer: String::new(),
        sector: None,
        hours_per_week: None,
        hazardous: false,
        attending_school: true,
        findings: "Em ở với bà.".into(),
        agreed: String::new(),
        next_visit_on: None,
    };
    store.save_visit(&visit).unwrap();
    let mut app = App::new(store, Some(Lang::Vi), Keymap::builtin(), Vec::new()).unwrap();
    // A pupil not marked: nothing to merge.
    app.update(Action::Down);
    app.update(Action::Merge);
    assert!(app.popup().is_none());
    assert_eq!(
        app.status_message().map(|m| m.text.as_str()),
        Some("Đặng Thị Bình không bị đánh dấu trùng với học sinh nào.")
    );
    // Asked from An, the twin is kept: it has the records.
    app.update(Action::Top);
    app.update(Action::Merge);
    let Some(Popup::Confirm(Confirm::MergePupils { keep, other })) = app.popup().cloned() else {
        panic!("no merge question")
    };
    assert_eq!((keep.id, keep.records, other.id, other.records), (twin, 2, an, 0));
    app.update(Action::Yes);
    assert!(app.store().student(an).unwrap().is_none());
    assert_eq!(app.store().screening(twin).unwrap(), Some(screening));
    assert_eq!(app.casebook().visits_of(twin).len(), 1);
    assert_eq!(app.visible_names().len(), 8);
    assert_eq!(app.roster().selected_row().map(|r| r.id), Some(twin));
}

// --- The passphrase lock ------------------------------------------------------------

mod lock {
    use std::sync::Arc;
    use std::time::{Duration, Instant};

    use ratatui::crossterm::event::KeyCode;
    use sotay::clock::{Clock, FixedClock};
    use sotay::i18n::Lang;
    use sotay::store::{Passphrase, Store, StoreError, Unlock};
    use sotay::tui::Session;
    use sotay::tui::action::Action;
    use sotay::tui::app::{Confirm, Popup};
    use sotay::tui::form::{FieldId, PassField};
    use sotay::tui::keymap::Keymap;
    use sotay::tui::lock::{Exit, LockChange, protect_and_reopen};

    use super::tui_support::*;

    const MIN: Duration = Duration::from_secs(60);

    fn clock() -> Arc<dyn Clock> {
        Arc::new(FixedClock::on(2026, 11, 28))
    }

    fn press_at(s: &mut Session, code: KeyCode, now: Instant) {
        s.handle_key(key(code), now);
    }

    /// The names of the fixture class, and the figures of its dashboard.
    fn class_on_screen(text: &str) -> Vec<String> {
        pupils()
            .into_iter()
            .map(|p| p.name)
            .filter(|n| text.contains(n.as_str()))
            .collect()
    }

    #[test]
    fn the_idle_lock_hides_the_data_until_the_right_passphrase() {
        let t0 = Instant::now();
        let (_dir, mut s) = locked_class_session(Lang::En, t0);
        let roster = session_screen(&mut s, W, H);
        assert!(!class_on_screen(&roster).is_empty(), "{roster}");
        // The dashboard's figures, to look for them once locked.
        s.app_mut().unwrap().update(Action::NextView);
        s.app_mut().unwrap().update(Action::NextView);
        let dashboard = session_screen(&mut s, W, H);
        assert!(
            dashboard.contains("Dashboard") || dashboard.contains('%'),
            "{dashboard}"
        );
        let store = s.store().unwrap().clone();

        // A key at 3 minutes puts the lock off; 10 minutes after it, it locks.
        assert!(!s.tick(t0 + 9 * MIN));
        s.handle_key(key(KeyCode::Down), t0 + 3 * MIN);
        assert!(!s.tick(t0 + 12 * MIN) && !s.is_locked());
        assert!(s.tick(t0 + 13 * MIN));
        assert!(s.is_locked() && s.app().is_none());
        assert!(store.key_forgotten());
        assert!(matches!(store.profile(), Err(StoreError::NeedsPassphrase { .. })));
        let locked = session_screen(&mut s, W, H);
        assert_eq!(class_on_screen(&locked), Vec::<String>::new(), "{locked}");
        // No figure at all but the minutes that locked it.
        let without_minutes = locked.replacen("10", "", 1);
        assert!(!without_minutes.chars().any(|c| c.is_ascii_digit()), "{locked}");
        assert!(locked.contains("The notebook is locked"), "{locked}");

        // Wrong: still locked, said so, and the next try waits.
        let t1 = t0 + 14 * MIN;
        session_type(&mut s, "hoa sen do 2026", t1);
        press_at(&mut s, KeyCode::Enter, t1);
        assert!(s.is_locked() && store.key_forgotten());
        let wrong = session_screen(&mut s, W, H);
        assert!(wrong.contains("Wrong passphrase. Wait 1 s"), "{wrong}");
        // The right one too soon is not tried.
        s.paste(PASSPHRASE, t1);
        press_at(&mut s, KeyCode::Enter, t1 + Duration::from_millis(500));
        assert!(s.is_locked());
        // Wrong again: 2 s this time.
        let t2 = t1 + Duration::from_secs(1);
        session_type(&mut s, "sai", t2);
        press_at(&mut s, KeyCode::Enter, t2);
        assert_eq!(s.lock_screen().unwrap().wait_left(t2), Some(2));
        s.tick(t2 + Duration::from_secs(2));
        let waited = session_screen(&mut s, W, H);
        assert!(waited.contains("Wrong passphrase. Try again."), "{waited}");

        // Pasted (as a password manager does), the right one opens it again.
        let t3 = t2 + Duration::from_secs(2);
        s.paste(&format!("{PASSPHRASE}\r\n"), t3);
        press_at(&mut s, KeyCode::Enter, t3);
        assert!(!s.is_locked());
        assert!(!store.key_forgotten());
        let back = session_screen(&mut s, W, H);
        assert!(!class_on_screen(&back).is_empty(), "{back}");
        // Idle time counts from the unlock.
        assert!(!s.tick(t3 + 9 * MIN));
    }

    #[test]
    fn the_lock_key_locks_at_once_and_a_form_typed_in_is_said_lost() {
        let t0 = Instant::now();
        let (_dir, mut s) = locked_class_session(Lang::Vi, t0);
        // A pupil being added when the lock comes.
        s.handle_key(key(KeyCode::F(2)), t0);
        session_type(&mut s, "Hà Văn Mới", t0);
        s.handle_key(ctrl('l'), t0);
        assert!(s.is_locked());
        let locked = session_screen(&mut s, W, H);
        assert!(!locked.contains("Hà Văn Mới"), "{locked}");
        assert!(locked.contains("Sổ tay đang khóa"), "{locked}");
        session_type(&mut s, PASSPHRASE, t0);
        press_at(&mut s, KeyCode::Enter, t0);
        let app = s.app().expect("unlocked");
        assert!(app.form().is_none(), "a fresh app, on the class list");
        assert_eq!(
            app.status_message().map(|m| m.text.as_str()),
            Some(sotay::i18n::lock_screen::LS::FormLost.get(Lang::Vi))
        );
    }

    #[test]
    fn a_notebook_without_a_passphrase_never_locks() {
        let t0 = Instant::now();
        let (dir, app) = class_app(Lang::En);
        drop(app);
        // The control for the scans of the tests with a passphrase: in clear, it is found.
        assert!(in_any_file(dir.path(), "Phạm Thị Thu Hà".as_bytes()));
        let s0 = Store::open_with_clock(dir.path(), clock()).unwrap();
        let mut s = Session::open(s0, Some(Lang::En), Keymap::builtin(), Vec::new(), t0).unwrap();
        assert!(!s.tick(t0 + 600 * MIN));
        s.handle_key(ctrl('l'), t0);
        assert!(!s.is_locked());
        assert!(!s.app().unwrap().offers(Action::Lock));
    }

    #[test]
    fn a_passphrase_at_set_up_locks_before_the_teacher_is_written() {
        sotay::store::unlock::fast_kdf_for_tests();
        let t0 = Instant::now();
        let dir = tempfile::tempdir().unwrap();
        let mut s = Session::open(
            open_store(dir.path()),
            Some(Lang::Vi),
            Keymap::builtin(),
            Vec::new(),
            t0,
        )
        .unwrap();
        let setup = session_screen(&mut s, W, H);
        assert!(setup.contains("Hãy nhớ mật khẩu này"), "{setup}");
        let app = s.app_mut().unwrap();
        let teacher = "Lường Thị Bích Ngọc";
        focus(app, FieldId::Domain(sotay::domain::Field::Teacher));
        type_text(app, teacher);
        focus(app, FieldId::Domain(sotay::domain::Field::School));
        type_text(app, "Trường THCS Hoa Sen");
        focus(app, FieldId::Domain(sotay::domain::Field::SchoolCode));
        type_text(app, "99001");
        focus(app, FieldId::Domain(sotay::domain::Field::Class));
        type_text(app, "8A");
        focus(app, FieldId::Passphrase(PassField::New));
        type_text(app, PASSPHRASE);
        focus(app, FieldId::Passphrase(PassField::Repeat));
        type_text(app, "hoa sen trắng 2025");
        // Typed differently: refused, nothing saved.
        app.update(Action::Save);
        assert!(!s.should_quit());
        assert!(s.store().unwrap().profile().unwrap().is_none());
        let app = s.app_mut().unwrap();
        assert_eq!(focused(app), FieldId::Passphrase(PassField::Repeat));
        app.handle_key(ctrl('u'));
        type_text(app, PASSPHRASE);
        app.update(Action::Save);
        assert!(s.should_quit());
        let Exit::Protect(req) = s.take_exit() else {
            panic!("a restart to lock the notebook")
        };
        drop(s);
        let (store, said) = protect_and_reopen(dir.path(), clock(), &req).unwrap();
        assert!(said.contains("Đã khóa sổ tay"), "{said}");
        assert_eq!(store.profile().unwrap().unwrap().teacher, teacher);
        drop(store);
        assert!(
            !in_any_file(dir.path(), teacher.as_bytes()),
            "the teacher's name in clear"
        );
        assert!(!in_any_file(dir.path(), "Bích Ngọc".as_bytes()));
        assert!(matches!(
            Store::open_unlocked(dir.path(), clock(), &Unlock::none()),
            Err(StoreError::NeedsPassphrase { .. })
        ));
    }

    /// Opens the lock settings from the profile form.
    fn lock_settings(s: &mut Session) {
        let app = s.app_mut().unwrap();
        app.handle_key(ctrl('p'));
        app.handle_key(key(KeyCode::F(4)));
        assert!(matches!(
            app.form().map(|f| &f.kind),
            Some(sotay::tui::form::FormKind::Lock { .. })
        ));
    }

    #[test]
    fn the_profile_turns_the_lock_on_and_off() {
        sotay::store::unlock::fast_kdf_for_tests();
        let t0 = Instant::now();
        let (dir, app) = class_app(Lang::En);
        drop(app);
        let store = Store::open_with_clock(dir.path(), clock()).unwrap();
        let mut s = Session::open(store, Some(Lang::En), Keymap::builtin(), Vec::new(), t0).unwrap();
        lock_settings(&mut s);
        let app = s.app_mut().unwrap();
        // Off: Right turns it on.
        press(app, KeyCode::Right);
        focus(app, FieldId::Passphrase(PassField::New));
        type_text(app, "short");
        app.update(Action::Save);
        let err = app.status_message().unwrap().text.clone();
        assert!(err.contains("at least 8 characters"), "{err}");
        app.handle_key(ctrl('u'));
        type_text(app, PASSPHRASE);
        focus(app, FieldId::Passphrase(PassField::Repeat));
        type_text(app, PASSPHRASE);
        // Masked.
        let shown = screen(app, W, H);
        assert!(!shown.contains(PASSPHRASE) && shown.contains("••••"), "{shown}");
        app.update(Action::Save);
        assert!(matches!(
            app.popup(),
            Some(Popup::Confirm(Confirm::Lock {
                change: LockChange::On,
                no_account: true
            }))
        ));
        let asked = screen(app, W, H);
        assert!(asked.contains("Remember this"), "{asked}");
        assert!(asked.contains("no sync account"), "{asked}");
        press(app, KeyCode::Char('y'));
        assert!(s.should_quit());
        let Exit::Protect(req) = s.take_exit() else {
            panic!("a restart")
        };
        drop(s);
        let (store, _) = protect_and_reopen(dir.path(), clock(), &req).unwrap();
        drop(store);
        assert!(matches!(
            Store::open_unlocked(dir.path(), clock(), &Unlock::none()),
            Err(StoreError::NeedsPassphrase { .. })
        ));
        let p = Passphrase::new(PASSPHRASE);
        let store = Store::open_unlocked(dir.path(), clock(), &Unlock::with(p)).unwrap();
        assert!(!in_any_file(dir.path(), b"Thu H"));

        // And off again: the current passphrase is asked for.
        let mut s = Session::open(store, Some(Lang::En), Keymap::builtin(), Vec::new(), t0).unwrap();
        lock_settings(&mut s);
        let app = s.app_mut().unwrap();
        press(app, KeyCode::Right);
        app.update(Action::Save);
        assert_eq!(app.status_message().unwrap().text, "The current passphrase is needed");
        focus(app, FieldId::Passphrase(PassField::Current));
        type_text(app, "not the one at all");
        app.update(Action::Save);
        assert_eq!(app.status_message().unwrap().text, "The current passphrase is wrong");
        app.handle_key(ctrl('u'));
        type_text(app, PASSPHRASE);
        app.update(Action::Save);
        press(app, KeyCode::Char('y'));
        let Exit::Protect(req) = s.take_exit() else {
            panic!("a restart")
        };
        drop(s);
        let (store, said) = protect_and_reopen(dir.path(), clock(), &req).unwrap();
        assert!(said.contains("removed"), "{said}");
        drop(store);
        Store::open_unlocked(dir.path(), clock(), &Unlock::none()).expect("opens without one");
    }

    #[test]
    fn the_idle_minutes_are_a_device_setting() {
        let t0 = Instant::now();
        let (_dir, mut s) = locked_class_session(Lang::En, t0);
        lock_settings(&mut s);
        let app = s.app_mut().unwrap();
        focus(app, FieldId::IdleMinutes);
        type_text(app, "abc");
        app.update(Action::Save);
        assert!(app.status_message().unwrap().text.contains("from 0 to"));
        app.handle_key(ctrl('u'));
        type_text(app, "2");
        app.update(Action::Save);
        assert_eq!(
            app.status_message().unwrap().text,
            "Saved: locks after 2 minutes unused"
        );
        assert_eq!(app.idle_minutes(), 2);
        assert!(!s.tick(t0 + MIN));
        assert!(s.tick(t0 + 2 * MIN));
    }
}
