//! The export dialog: opened from the class list and the dashboard, its defaults, the file
//! following the period and the format, a bad custom period, writing the file, asking
//! before replacing one, and how it looks. Then the sync screen and its bundle dialogs: a
//! bundle written on one device of an account and read on another, whose changes show at
//! once. Today is 28/11/2026; every person is invented.

mod tui_support;

use std::path::{Path, PathBuf};

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use sotay::i18n::Lang;
use sotay::report::{Detail, Format, ReportPeriod};
use sotay::tui::App;
use sotay::tui::action::Action;
use sotay::tui::app::{Confirm, Popup, Screen};
use sotay::tui::bundle::SyncView;
use sotay::tui::export::ExportField;
use sotay::tui::form::{FieldId, FormKind, Pick};
use tui_support::*;

const PERIOD: FieldId = FieldId::Export(ExportField::Period);
const CUSTOM: FieldId = FieldId::Export(ExportField::Custom);
const DETAIL: FieldId = FieldId::Export(ExportField::Detail);
const FORMAT: FieldId = FieldId::Export(ExportField::Format);
const FILE: FieldId = FieldId::Export(ExportField::File);

/// A folder that looks the same on every machine, for the screens' snapshots; nothing is
/// written there.
const SHOWN_DIR: &str = "/home/co-ha/Tài liệu";

fn ctrl_e(app: &mut App) {
    app.handle_key(KeyEvent::new(KeyCode::Char('e'), KeyModifiers::CONTROL));
}

/// The class with its follow-up, exporting into `out`.
fn app_exporting_to(lang: Lang, out: &Path) -> (tempfile::TempDir, App) {
    let (dir, mut app) = cases_app(lang);
    app.set_export_dir(out.to_path_buf());
    app.resize(W, H);
    (dir, app)
}

fn is_export_dialog(app: &App) -> bool {
    matches!(app.form().map(|f| &f.kind), Some(FormKind::Export(_)))
}

fn text(app: &App, id: FieldId) -> String {
    app.form().expect("a form is open").form.text_of(id)
}

fn picked(app: &App, id: FieldId) -> Option<Pick> {
    app.form().expect("a form is open").form.pick_of(id)
}

fn has_field(app: &App, id: FieldId) -> bool {
    app.form().expect("a form is open").form.index_of(id).is_some()
}

/// Steps the pick list `id` with Right until it shows `value`.
fn pick(app: &mut App, id: FieldId, value: Pick) {
    focus(app, id);
    for _ in 0..20 {
        if picked(app, id) == Some(value) {
            return;
        }
        press(app, KeyCode::Right);
    }
    panic!("{id:?} never shows {value:?}");
}

/// Erases the focused text field and types `s` into field `id`.
fn retype(app: &mut App, id: FieldId, s: &str) {
    focus(app, id);
    press(app, KeyCode::End);
    for _ in 0..text(app, id).chars().count() {
        press(app, KeyCode::Backspace);
    }
    type_text(app, s);
}

fn file_path(app: &App) -> PathBuf {
    PathBuf::from(text(app, FILE))
}

#[test]
fn ctrl_e_opens_the_dialog_from_the_class_list() {
    let out = tempfile::tempdir().unwrap();
    let (_dir, mut app) = app_exporting_to(Lang::Vi, out.path());
    assert!(matches!(app.screen(), Screen::Roster));
    ctrl_e(&mut app);
    assert!(is_export_dialog(&app));
    // Esc closes it at once: nothing was typed.
    press(&mut app, KeyCode::Esc);
    assert!(matches!(app.screen(), Screen::Roster));
    assert!(app.popup().is_none());
}

#[test]
fn f9_and_ctrl_e_open_the_dialog_from_the_dashboard() {
    let out = tempfile::tempdir().unwrap();
    let (_dir, mut app) = app_exporting_to(Lang::En, out.path());
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    assert!(matches!(app.screen(), Screen::Dashboard(_)));
    press(&mut app, KeyCode::F(9));
    assert!(is_export_dialog(&app));
    press(&mut app, KeyCode::Esc);
    assert!(matches!(app.screen(), Screen::Dashboard(_)));
    ctrl_e(&mut app);
    assert!(is_export_dialog(&app));
    // The action alone does it too, as a script would.
    press(&mut app, KeyCode::Esc);
    app.update(Action::Export);
    assert!(is_export_dialog(&app));
}

#[test]
fn the_dialog_starts_from_the_report_due_next_in_summary_as_xlsx_in_the_export_folder() {
    let out = tempfile::tempdir().unwrap();
    let (_dir, mut app) = app_exporting_to(Lang::Vi, out.path());
    ctrl_e(&mut app);
    let due = ReportPeriod::due_next(day(28, 11, 2026));
    assert_eq!(picked(&app, PERIOD), Some(Pick::Period(Some(due))));
    assert_eq!(picked(&app, DETAIL), Some(Pick::Detail(Detail::Summary)));
    assert_eq!(picked(&app, FORMAT), Some(Pick::Format(Format::Xlsx)));
    assert!(
        !has_field(&app, CUSTOM),
        "the custom period's field shows only when picked"
    );
    let file = file_path(&app);
    assert_eq!(file.parent(), Some(out.path()));
    let name = sotay::report::output::default_file_name("8A", &due.code(), Detail::Summary, Format::Xlsx);
    assert_eq!(file.file_name().unwrap().to_string_lossy(), name);
    // The period pick offers the presets, the one due next first, then "custom".
    let options = match &app.form().unwrap().form.fields[0].widget {
        sotay::tui::form::Widget::Pick { options, .. } => options.clone(),
        _ => panic!("the period is a pick list"),
    };
    assert_eq!(options.first(), Some(&Pick::Period(Some(due))));
    assert_eq!(options.last(), Some(&Pick::Period(None)));
    for p in ReportPeriod::presets(day(28, 11, 2026)) {
        assert!(options.contains(&Pick::Period(Some(p))), "{p:?}");
    }
}

#[test]
fn the_file_follows_the_format_and_the_period_until_edited_by_hand() {
    let out = tempfile::tempdir().unwrap();
    let (_dir, mut app) = app_exporting_to(Lang::En, out.path());
    ctrl_e(&mut app);
    for (format, ext) in [
        (Format::Csv, "csv"),
        (Format::Html, "html"),
        (Format::Md, "md"),
        (Format::Xlsx, "xlsx"),
    ] {
        pick(&mut app, FORMAT, Pick::Format(format));
        assert_eq!(file_path(&app).extension().unwrap(), ext);
    }
    // Another period renames the file.
    let year = ReportPeriod::school_year(sotay::domain::SchoolYear(2026));
    pick(&mut app, PERIOD, Pick::Period(Some(year)));
    let name = sotay::report::output::default_file_name("8A", &year.code(), Detail::Summary, Format::Xlsx);
    assert_eq!(file_path(&app), out.path().join(&name));
    // Picking is not typing: Esc would not ask.
    assert!(!app.any_form_dirty());

    // Named by hand, the file keeps its name; only its ending follows the format.
    let mine = out.path().join("bao-cao-lop-8A.xlsx");
    retype(&mut app, FILE, &mine.to_string_lossy());
    pick(
        &mut app,
        PERIOD,
        Pick::Period(Some(ReportPeriod::due_next(day(28, 11, 2026)))),
    );
    assert_eq!(file_path(&app), mine);
    pick(&mut app, FORMAT, Pick::Format(Format::Csv));
    assert_eq!(file_path(&app), out.path().join("bao-cao-lop-8A.csv"));
    // And a typed ending picks the format.
    retype(&mut app, FILE, &out.path().join("bao-cao.html").to_string_lossy());
    assert_eq!(picked(&app, FORMAT), Some(Pick::Format(Format::Html)));
}

#[test]
fn the_file_follows_the_detail_so_a_full_report_never_replaces_the_summary() {
    let out = tempfile::tempdir().unwrap();
    let (_dir, mut app) = app_exporting_to(Lang::Vi, out.path());
    ctrl_e(&mut app);
    let summary = file_path(&app);
    pick(&mut app, DETAIL, Pick::Detail(Detail::Full));
    let full = file_path(&app);
    let due = ReportPeriod::due_next(day(28, 11, 2026));
    let name = sotay::report::output::default_file_name("8A", &due.code(), Detail::Full, Format::Xlsx);
    assert_eq!(full, out.path().join(&name));
    assert!(name.ends_with("-mat.xlsx"), "{name}");
    assert_ne!(full, summary);
    // It keeps following the format and the period, and the detail back.
    pick(&mut app, FORMAT, Pick::Format(Format::Csv));
    assert!(file_path(&app).to_string_lossy().ends_with("-mat.csv"));
    pick(&mut app, DETAIL, Pick::Detail(Detail::Summary));
    assert_eq!(file_path(&app), summary.with_extension("csv"));
    // Both are written side by side.
    press(&mut app, KeyCode::F(2));
    assert!(summary.with_extension("csv").is_file(), "{:?}", app.status_message());
    ctrl_e(&mut app);
    pick(&mut app, FORMAT, Pick::Format(Format::Csv));
    pick(&mut app, DETAIL, Pick::Detail(Detail::Full));
    press(&mut app, KeyCode::F(2));
    assert!(app.popup().is_none(), "no question: another file");
    assert!(full.with_extension("csv").is_file(), "{:?}", app.status_message());
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 2);
}

#[test]
fn a_period_that_has_not_started_is_refused_under_the_period() {
    for lang in [Lang::Vi, Lang::En] {
        let out = tempfile::tempdir().unwrap();
        let (_dir, mut app) = app_exporting_to(lang, out.path());
        ctrl_e(&mut app);
        pick(&mut app, PERIOD, Pick::Period(None));
        // Today is 28/11/2026: a December still to come.
        retype(&mut app, CUSTOM, "01/12/2026..31/12/2026");
        press(&mut app, KeyCode::F(2));
        assert!(is_export_dialog(&app));
        let future = ReportPeriod::parse("01/12/2026..31/12/2026").unwrap();
        let err = future.check_started(day(28, 11, 2026)).unwrap_err();
        let msg = sotay::report::period::error_message(lang, &err);
        assert!(msg.contains("01/12/2026"), "{msg}");
        let form = &app.form().unwrap().form;
        assert_eq!(form.other_error, Some((CUSTOM, msg.clone())));
        assert_eq!(app.status_message().map(|m| m.text.clone()), Some(msg));
        assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
        // One that started today is made.
        retype(&mut app, CUSTOM, "28/11/2026..31/12/2026");
        press(&mut app, KeyCode::F(2));
        assert!(!is_export_dialog(&app), "{:?}", app.status_message());
        assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 1);
    }
}

#[test]
fn a_file_name_without_an_extension_gets_the_formats() {
    let out = tempfile::tempdir().unwrap();
    let (_dir, mut app) = app_exporting_to(Lang::Vi, out.path());
    ctrl_e(&mut app);
    retype(&mut app, FILE, "baocao");
    press(&mut app, KeyCode::F(2));
    assert!(out.path().join("baocao.xlsx").is_file(), "{:?}", app.status_message());
    assert!(!out.path().join("baocao").exists());
    ctrl_e(&mut app);
    pick(&mut app, FORMAT, Pick::Format(Format::Md));
    retype(&mut app, FILE, "lop.8A");
    press(&mut app, KeyCode::F(2));
    assert!(out.path().join("lop.8A.md").is_file(), "{:?}", app.status_message());
    let msg = app.status_message().unwrap().text.clone();
    assert!(msg.contains("lop.8A.md"), "{msg}");
}

#[test]
fn a_custom_period_takes_dates_and_a_bad_one_keeps_the_text_and_says_why() {
    let out = tempfile::tempdir().unwrap();
    let (_dir, mut app) = app_exporting_to(Lang::Vi, out.path());
    ctrl_e(&mut app);
    pick(&mut app, PERIOD, Pick::Period(None));
    assert!(has_field(&app, CUSTOM));
    retype(&mut app, CUSTOM, "01/09/2026..31/02/2026");
    press(&mut app, KeyCode::F(2));
    // Nothing written, the dialog as typed, the reason under the field.
    assert!(is_export_dialog(&app));
    assert_eq!(text(&app, CUSTOM), "01/09/2026..31/02/2026");
    let err = sotay::report::ReportPeriod::parse("01/09/2026..31/02/2026").unwrap_err();
    let msg = sotay::report::period::error_message(Lang::Vi, &err);
    let form = &app.form().unwrap().form;
    assert_eq!(form.other_error, Some((CUSTOM, msg.clone())));
    assert_eq!(form.focused().id, CUSTOM);
    assert_eq!(app.status_message().map(|m| m.text.clone()), Some(msg));
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);

    // A good one names the file; picking a preset and "custom" again keeps the text.
    retype(&mut app, CUSTOM, "01/09/2026..30/11/2026");
    let custom = ReportPeriod::parse("01/09/2026..30/11/2026").unwrap();
    let name = sotay::report::output::default_file_name("8A", &custom.code(), Detail::Summary, Format::Xlsx);
    assert_eq!(file_path(&app), out.path().join(&name));
    focus(&mut app, PERIOD);
    press(&mut app, KeyCode::Right);
    assert!(!has_field(&app, CUSTOM));
    press(&mut app, KeyCode::Left);
    assert_eq!(text(&app, CUSTOM), "01/09/2026..30/11/2026");
}

#[test]
fn export_writes_the_file_closes_the_dialog_and_says_where() {
    let out = tempfile::tempdir().unwrap();
    let (_dir, mut app) = app_exporting_to(Lang::Vi, out.path());
    ctrl_e(&mut app);
    let file = file_path(&app);
    press(&mut app, KeyCode::F(2));
    assert!(matches!(app.screen(), Screen::Roster), "{:?}", app.status_message());
    assert!(file.is_file());
    let msg = app.status_message().unwrap();
    assert!(!msg.error);
    assert!(msg.text.contains(&file.display().to_string()), "{}", msg.text);
    // The workbook opens and is about the class.
    use calamine::{Reader, Xlsx, open_workbook};
    let mut book: Xlsx<_> = open_workbook(&file).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let cells: Vec<String> = sheet.cells().map(|(_, _, c)| c.to_string()).collect();
    assert!(cells.iter().any(|c| c.contains("8A")), "{cells:?}");
    // A summary names no pupil.
    assert!(!cells.iter().any(|c| c.contains("Phạm Quốc Huy")));
}

#[test]
fn full_detail_says_the_file_is_confidential() {
    let out = tempfile::tempdir().unwrap();
    let (_dir, mut app) = app_exporting_to(Lang::En, out.path());
    ctrl_e(&mut app);
    pick(&mut app, DETAIL, Pick::Detail(Detail::Full));
    pick(&mut app, FORMAT, Pick::Format(Format::Md));
    let file = file_path(&app);
    press(&mut app, KeyCode::F(2));
    assert!(file.is_file());
    let msg = app.status_message().unwrap().text.clone();
    assert!(msg.contains("CONFIDENTIAL"), "{msg}");
    assert!(std::fs::read_to_string(&file).unwrap().contains("Phạm Quốc Huy"));
}

#[test]
fn an_existing_file_is_replaced_only_after_y() {
    let out = tempfile::tempdir().unwrap();
    let (_dir, mut app) = app_exporting_to(Lang::Vi, out.path());
    ctrl_e(&mut app);
    pick(&mut app, FORMAT, Pick::Format(Format::Csv));
    let file = file_path(&app);
    std::fs::write(&file, "bản cũ").unwrap();

    // Asked; Enter, n and Esc all keep the old file and the dialog.
    for no in [KeyCode::Enter, KeyCode::Char('n'), KeyCode::Esc] {
        press(&mut app, KeyCode::F(2));
        assert!(
            matches!(app.popup(), Some(Popup::Confirm(Confirm::ReplaceExport { path })) if *path == file),
            "{:?}",
            app.popup()
        );
        press(&mut app, no);
        assert!(app.popup().is_none());
        assert!(is_export_dialog(&app));
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "bản cũ");
    }
    assert_eq!(picked(&app, FORMAT), Some(Pick::Format(Format::Csv)));

    // y replaces it.
    press(&mut app, KeyCode::F(2));
    press(&mut app, KeyCode::Char('y'));
    assert!(matches!(app.screen(), Screen::Roster));
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "CSV for Excel starts with a BOM");
    assert_ne!(bytes, "bản cũ".as_bytes());
}

#[test]
fn a_file_that_cannot_be_written_keeps_the_dialog_as_typed() {
    let out = tempfile::tempdir().unwrap();
    let (_dir, mut app) = app_exporting_to(Lang::En, out.path());
    ctrl_e(&mut app);
    pick(&mut app, DETAIL, Pick::Detail(Detail::Full));
    // A folder that does not exist.
    let bad = out.path().join("khong-co").join("bao-cao.md");
    retype(&mut app, FILE, &bad.to_string_lossy());
    press(&mut app, KeyCode::F(2));
    assert!(is_export_dialog(&app));
    let form = &app.form().unwrap().form;
    assert!(matches!(&form.other_error, Some((FILE, _))), "{:?}", form.other_error);
    assert!(app.status_message().unwrap().error);
    assert_eq!(file_path(&app), bad);
    assert_eq!(picked(&app, DETAIL), Some(Pick::Detail(Detail::Full)));
    assert_eq!(picked(&app, FORMAT), Some(Pick::Format(Format::Md)));
    assert!(!bad.exists());
}

#[test]
fn a_bare_file_name_goes_in_the_export_folder() {
    let out = tempfile::tempdir().unwrap();
    let (_dir, mut app) = app_exporting_to(Lang::Vi, out.path());
    ctrl_e(&mut app);
    retype(&mut app, FILE, "lop-8A.html");
    press(&mut app, KeyCode::F(2));
    assert!(out.path().join("lop-8A.html").is_file(), "{:?}", app.status_message());
}

// --- Screens ---------------------------------------------------------------------------

/// The dialog on the class with its follow-up, suggesting files in `SHOWN_DIR`.
fn dialog(lang: Lang) -> (tempfile::TempDir, App) {
    let (dir, mut app) = cases_app(lang);
    app.set_export_dir(PathBuf::from(SHOWN_DIR));
    ctrl_e(&mut app);
    (dir, app)
}

#[test]
fn the_dialog() {
    both!("export_dialog", dialog);
}

#[test]
fn the_dialog_with_a_bad_custom_period() {
    both!("export_dialog_bad_period", |lang| {
        let (dir, mut app) = dialog(lang);
        pick(&mut app, DETAIL, Pick::Detail(Detail::Full));
        pick(&mut app, PERIOD, Pick::Period(None));
        retype(&mut app, CUSTOM, "1/9/2026..hôm qua");
        press(&mut app, KeyCode::F(2));
        (dir, app)
    });
}

#[test]
fn the_dialog_on_a_small_screen() {
    let (_dir, mut app) = dialog(Lang::Vi);
    insta::assert_snapshot!("export_dialog_60x16_vi", screen(&mut app, 60, 16));
}

#[test]
fn the_question_before_replacing_names_the_file() {
    for (lang, words) in [(Lang::Vi, "Ghi đè"), (Lang::En, "Replace it?")] {
        let out = tempfile::tempdir().unwrap();
        let (_dir, mut app) = app_exporting_to(lang, out.path());
        ctrl_e(&mut app);
        let name = file_path(&app).file_name().unwrap().to_string_lossy().into_owned();
        std::fs::write(file_path(&app), "").unwrap();
        press(&mut app, KeyCode::F(2));
        // The path wraps in the question's box: its lines, joined, hold the file's name.
        let shown: String = screen(&mut app, W, H)
            .lines()
            .map(|l| l.trim_matches(|c| c == ' ' || c == '│'))
            .collect();
        assert!(shown.contains(words), "{shown}");
        assert!(shown.contains(&name), "{shown}");
    }
}

#[test]
fn the_message_after_exporting() {
    for lang in [Lang::Vi, Lang::En] {
        let out = tempfile::tempdir().unwrap();
        let (_dir, mut app) = app_exporting_to(lang, out.path());
        ctrl_e(&mut app);
        press(&mut app, KeyCode::F(2));
        let shown = screen(&mut app, W, H).replace(&out.path().display().to_string(), "<DIR>");
        insta::assert_snapshot!(format!("export_done_{}", lang.code()), shown);
    }
}

// --- The sync screen and its bundle dialogs --------------------------------------------

const BUNDLE: FieldId = FieldId::BundlePath;

/// The sync screen, from the class list: the profile form (Ctrl+P), then F3.
fn open_sync(app: &mut App) {
    app.handle_key(ctrl('p'));
    assert!(matches!(app.form().map(|f| &f.kind), Some(FormKind::Setup { .. })));
    press(app, KeyCode::F(3));
    assert!(matches!(app.screen(), Screen::Sync(_)), "{:?}", app.status_message());
}

fn sync_view(app: &App) -> &SyncView {
    match app.screen() {
        Screen::Sync(v) => v,
        _ => panic!("not on the sync screen: {:?}", app.status_message()),
    }
}

/// A folder as the dialogs fill a path field with it, ready for a name.
fn folder_typed(dir: &Path) -> String {
    format!("{}{}", dir.display(), std::path::MAIN_SEPARATOR)
}

/// The fictional class in a notebook of an account writing bundles into `out`, on the sync
/// screen.
fn syncing_to(lang: Lang, out: &Path) -> (tempfile::TempDir, App) {
    let (dir, mut app) = account_app(lang);
    app.set_export_dir(out.to_path_buf());
    app.resize(W, H);
    open_sync(&mut app);
    (dir, app)
}

/// A second device made from the first's bundle corrects An's phone, and writes its own
/// bundle (every batch it holds) to `file`.
fn phone_corrected_on_a_second_device(first: &App, file: &Path) -> tempfile::TempDir {
    let (bytes, _) = sotay::sync::exchange::export(first.store()).unwrap();
    let (dir, b) = second_device(&bytes);
    let mut an = b.student(id_of("Nguyễn Văn An")).unwrap().unwrap();
    an.phone = "0912 345 678".into();
    b.save_student(&an).unwrap();
    let (from_b, _) = sotay::sync::exchange::export(&b).unwrap();
    std::fs::write(file, from_b).unwrap();
    dir
}

#[test]
fn a_bundle_written_on_one_device_and_read_on_another_shows_its_changes_at_once() {
    let out = tempfile::tempdir().unwrap();
    let (_a, mut app) = syncing_to(Lang::En, out.path());
    let v = sync_view(&app);
    assert_eq!(
        v.account,
        Some(sotay::sync::AccountKeys::from_secret(&secret()).account_id())
    );
    assert_eq!((v.held, v.next_batch, v.last.clone()), (0, 1, None));
    // Written: the dialog suggests the class and the day in the export folder.
    press(&mut app, KeyCode::F(2));
    assert!(matches!(
        app.form().map(|f| &f.kind),
        Some(FormKind::BundleExport { .. })
    ));
    let written = out.path().join("sotay-8A-20261128.sotay");
    assert_eq!(text(&app, BUNDLE), written.to_string_lossy());
    press(&mut app, KeyCode::F(2));
    let said = app.status_message().unwrap().text.clone();
    assert!(said.starts_with("Wrote 1 batches of changes ("), "{said}");
    assert!(
        said.ends_with(&format!(" kB, encrypted) to {}", written.display())),
        "{said}"
    );
    let v = sync_view(&app);
    assert_eq!((v.held, v.devices, v.next_batch), (1, 1, 2));
    assert!(matches!(&v.last, Some((e, d)) if !e.imported && e.batches == 1 && *d == day(28, 11, 2026)));
    let bytes = std::fs::read(&written).unwrap();
    assert!(sotay::sync::read_bundle(&bytes).is_ok());

    // The second device's bundle, read from the folder the first went to.
    let file = out.path().join("tu-may-o-nha.sotay");
    let _b = phone_corrected_on_a_second_device(&app, &file);
    // It holds the first device's changes too (but this device's own settings, never
    // sent): those are here already.
    let mine = app
        .store()
        .changes()
        .unwrap()
        .iter()
        .filter(|c| !c.kind.rules().local.contains(&c.field.as_str()))
        .count();
    press(&mut app, KeyCode::F(3));
    assert!(matches!(
        app.form().map(|f| &f.kind),
        Some(FormKind::BundleImport { .. })
    ));
    assert_eq!(text(&app, BUNDLE), folder_typed(out.path()));
    type_text(&mut app, "tu-may-o-nha.sotay");
    press(&mut app, KeyCode::F(2));
    // The change shows at once: the class list, the casebook, the pupil's page.
    let an = id_of("Nguyễn Văn An");
    assert_eq!(app.casebook().students[&an].phone, "0912 345 678");
    let m = app.status_message().unwrap();
    assert!(!m.error, "{m:?}");
    assert_eq!(
        m.text,
        format!("Applied 1 new changes; {mine} were here already; 0 were refused")
    );
    let v = sync_view(&app);
    assert_eq!(v.report, std::slice::from_ref(&m.text));
    assert_eq!((v.held, v.devices), (2, 2));
    assert!(matches!(&v.last, Some((e, _)) if e.imported && e.batches == 2 && e.changes == 1));
    // Back to the class list, the pupil's page reads the new phone.
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    assert!(matches!(app.screen(), Screen::Roster));
    press(&mut app, KeyCode::Enter);
    let Screen::Detail(d) = app.screen() else {
        panic!("not on An's page")
    };
    assert_eq!(d.student.phone, "0912 345 678");
    // Read again, nothing is new.
    press(&mut app, KeyCode::Esc);
    open_sync(&mut app);
    press(&mut app, KeyCode::F(3));
    type_text(&mut app, "tu-may-o-nha.sotay");
    press(&mut app, KeyCode::F(2));
    assert_eq!(
        app.status_message().map(|m| m.text.clone()),
        Some(format!(
            "Applied 0 new changes; {} were here already; 0 were refused",
            mine + 1
        ))
    );
}

#[test]
fn a_change_to_a_pupil_deleted_here_is_not_kept_and_the_teacher_is_told_once() {
    let out = tempfile::tempdir().unwrap();
    let (_a, mut app) = account_app(Lang::Vi);
    app.set_export_dir(out.path().to_path_buf());
    let file = out.path().join("tu-may-o-nha.sotay");
    let _b = phone_corrected_on_a_second_device(&app, &file);
    // Meanwhile An is deleted here.
    press(&mut app, KeyCode::F(8));
    press(&mut app, KeyCode::Char('c'));
    let an = id_of("Nguyễn Văn An");
    assert!(app.store().student(an).unwrap().is_none());
    open_sync(&mut app);
    press(&mut app, KeyCode::F(3));
    type_text(&mut app, "tu-may-o-nha.sotay");
    press(&mut app, KeyCode::F(2));
    let m = app.status_message().unwrap().text.clone();
    assert!(
        m.contains("1 thay đổi cho học sinh đã bị xóa trên máy khác không được giữ lại"),
        "{m}"
    );
    assert!(app.store().student(an).unwrap().is_none());
    assert!(!app.casebook().students.contains_key(&an));
    assert_eq!(app.roster().rows.len(), 7);
    // Told once: the same bundle again brings nothing to tell.
    press(&mut app, KeyCode::F(3));
    type_text(&mut app, "tu-may-o-nha.sotay");
    press(&mut app, KeyCode::F(2));
    assert!(!app.status_message().unwrap().text.contains("không được giữ lại"));
}

#[test]
fn a_file_that_is_not_a_bundle_is_refused_whole_and_the_dialog_keeps_it() {
    let out = tempfile::tempdir().unwrap();
    let (_a, mut app) = syncing_to(Lang::En, out.path());
    let list = class_list(out.path());
    let before = app.store().changes().unwrap().len();
    press(&mut app, KeyCode::F(3));
    type_text(&mut app, "lop8a.csv");
    press(&mut app, KeyCode::F(2));
    let want = format!("{list} is not a sotay bundle; nothing was changed");
    let m = app.status_message().unwrap();
    assert_eq!((m.text.as_str(), m.error), (want.as_str(), true));
    let form = &app.form().expect("the dialog stays").form;
    assert_eq!(form.other_error, Some((BUNDLE, want.clone())));
    assert_eq!(text(&app, BUNDLE), list);
    assert_eq!(app.store().changes().unwrap().len(), before);
    // A file not there says so, naming it.
    retype(&mut app, BUNDLE, &out.path().join("khong-co.sotay").to_string_lossy());
    press(&mut app, KeyCode::Enter);
    let m = app.status_message().unwrap().text.clone();
    assert!(m.starts_with("Cannot read ") && m.contains("khong-co.sotay"), "{m}");
}

#[test]
fn writing_over_a_bundle_asks_first() {
    let out = tempfile::tempdir().unwrap();
    let (_a, mut app) = syncing_to(Lang::En, out.path());
    let file = out.path().join("sotay-8A-20261128.sotay");
    std::fs::write(&file, b"an older bundle").unwrap();
    press(&mut app, KeyCode::F(2));
    press(&mut app, KeyCode::F(2));
    assert!(matches!(app.popup(), Some(Popup::Confirm(Confirm::ReplaceExport { path })) if *path == file));
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(std::fs::read(&file).unwrap(), b"an older bundle");
    assert!(matches!(
        app.form().map(|f| &f.kind),
        Some(FormKind::BundleExport { .. })
    ));
    press(&mut app, KeyCode::F(2));
    press(&mut app, KeyCode::Char('y'));
    assert!(sotay::sync::read_bundle(&std::fs::read(&file).unwrap()).is_ok());
    assert!(matches!(app.screen(), Screen::Sync(_)));
    // A name typed without an ending gets the bundle's.
    press(&mut app, KeyCode::F(2));
    retype(&mut app, BUNDLE, "goi-thu-bay");
    press(&mut app, KeyCode::F(2));
    assert!(out.path().join("goi-thu-bay.sotay").is_file());
}

#[test]
fn tab_in_the_import_dialog_completes_bundles_and_folders_only() {
    let out = tempfile::tempdir().unwrap();
    let (_a, mut app) = syncing_to(Lang::En, out.path());
    std::fs::write(out.path().join("tu-may-o-nha.sotay"), b"").unwrap();
    std::fs::write(out.path().join("tuan-1.csv"), b"").unwrap();
    press(&mut app, KeyCode::F(3));
    type_text(&mut app, "tu");
    press(&mut app, KeyCode::Tab);
    assert_eq!(
        text(&app, BUNDLE),
        format!("{}tu-may-o-nha.sotay", folder_typed(out.path()))
    );
}

#[test]
fn without_an_account_the_sync_screen_says_how_to_make_one() {
    let out = tempfile::tempdir().unwrap();
    let (_dir, mut app) = app_exporting_to(Lang::En, out.path());
    open_sync(&mut app);
    assert_eq!(sync_view(&app).account, None);
    let shown = screen(&mut app, W, H);
    assert!(shown.contains("sotay account new"), "{shown}");
    assert!(!shown.contains("Export bundle"), "{shown}");
    // The keys say why, and open nothing.
    press(&mut app, KeyCode::F(2));
    let m = app.status_message().unwrap();
    assert!(m.error && m.text.contains("`sotay account new`"), "{m:?}");
    assert!(matches!(app.screen(), Screen::Sync(_)));
    // Esc goes back to the profile form, as it was.
    press(&mut app, KeyCode::Esc);
    assert!(matches!(
        app.form().map(|f| &f.kind),
        Some(FormKind::Setup { first_run: false, .. })
    ));
}

/// A copy of a notebook (here a folder copied whole) takes a new device id as it opens,
/// and the interface says so once.
#[test]
fn a_copied_notebook_says_it_took_a_new_device_id() {
    let (a, app) = account_app(Lang::En);
    let old = app.store().device_id();
    drop(app);
    let copy = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(a.path()).unwrap() {
        let entry = entry.unwrap();
        if entry.path().is_file() {
            std::fs::copy(entry.path(), copy.path().join(entry.file_name())).unwrap();
        } else {
            let to = copy.path().join(entry.file_name());
            std::fs::create_dir_all(&to).unwrap();
            for inner in std::fs::read_dir(entry.path()).unwrap() {
                let inner = inner.unwrap();
                std::fs::copy(inner.path(), to.join(inner.file_name())).unwrap();
            }
        }
    }
    let store = open_store(copy.path());
    let app = App::new(store, Some(Lang::En), sotay::tui::keymap::Keymap::builtin(), Vec::new()).unwrap();
    let new = app.store().device_id();
    assert_ne!(new, old);
    let m = app.status_message().unwrap();
    assert_eq!(
        m.text,
        format!(
            "This notebook is a copy or a restored backup: from now on this device has the new id {new}, so it never clashes with the original"
        )
    );
}

// --- How they look -------------------------------------------------------------------

/// The screen, with the notebook's device id (random) written as x's.
fn shown(app: &mut App) -> String {
    let text = screen(app, W, H);
    without_device_id(app, &text)
}

#[test]
fn the_sync_screen_without_an_account() {
    for lang in [Lang::Vi, Lang::En] {
        let (_dir, mut app) = app_exporting_to(lang, Path::new(SHOWN_DIR));
        open_sync(&mut app);
        insta::assert_snapshot!(format!("sync_no_account_{}", lang.code()), shown(&mut app));
    }
}

#[test]
fn the_sync_screen_after_an_import() {
    for lang in [Lang::Vi, Lang::En] {
        let out = tempfile::tempdir().unwrap();
        let (_a, mut app) = syncing_to(lang, out.path());
        let file = out.path().join("tu-may-o-nha.sotay");
        let _b = phone_corrected_on_a_second_device(&app, &file);
        press(&mut app, KeyCode::F(3));
        type_text(&mut app, "tu-may-o-nha.sotay");
        press(&mut app, KeyCode::F(2));
        insta::assert_snapshot!(format!("sync_imported_{}", lang.code()), shown(&mut app));
    }
}

#[test]
fn the_bundle_dialogs() {
    for lang in [Lang::Vi, Lang::En] {
        let (_a, mut app) = syncing_to(lang, Path::new(SHOWN_DIR));
        press(&mut app, KeyCode::F(2));
        insta::assert_snapshot!(format!("bundle_export_{}", lang.code()), shown(&mut app));
        press(&mut app, KeyCode::Esc);
        press(&mut app, KeyCode::F(3));
        type_text(&mut app, "tu-may-o-nha.sotay");
        press(&mut app, KeyCode::F(2));
        insta::assert_snapshot!(format!("bundle_import_refused_{}", lang.code()), shown(&mut app));
    }
}

#[test]
fn the_profile_form_offers_the_sync_screen() {
    for lang in [Lang::Vi, Lang::En] {
        let (_a, mut app) = account_app(lang);
        app.handle_key(ctrl('p'));
        insta::assert_snapshot!(format!("profile_form_{}", lang.code()), screen(&mut app, W, H));
    }
}

// --- Backups from the sync screen, and the reminder to make one. ---

const BACKUP: FieldId = FieldId::BackupPath;

/// The fictional class (backed up as it was filled) in a notebook whose clock the test
/// moves; of [`secret`]'s account when `account`.
fn dated_app(lang: Lang, clock: std::sync::Arc<TestClock>, account: bool) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let store = sotay::store::Store::open_with_clock(dir.path(), clock).unwrap();
    fill(&store, lang);
    if account {
        store.set_account(&secret()).unwrap();
    }
    let mut app = App::new(store, Some(lang), sotay::tui::keymap::Keymap::builtin(), Vec::new()).unwrap();
    app.resize(W, H);
    (dir, app)
}

/// The status bar and the message line as drawn.
fn bars(app: &mut App) -> String {
    let shown = screen(app, W, H);
    let lines: Vec<&str> = shown.lines().collect();
    format!("{}\n{}", lines[0], lines[H as usize - 2])
}

/// Writes a backup from the sync screen to `file` (the dialog's field filled with it).
fn back_up_to(app: &mut App, file: &Path) {
    press(app, KeyCode::F(6));
    assert!(matches!(app.form().map(|f| &f.kind), Some(FormKind::Backup { .. })));
    app.handle_key(ctrl('u'));
    type_text(app, &file.to_string_lossy());
    press(app, KeyCode::F(2));
}

/// The pupils a backup holds, opened with `secret`'s keys and applied to a new device.
fn pupils_in_backup(file: &Path, secret: &sotay::sync::AccountSecret) -> Vec<String> {
    let keys = sotay::sync::AccountKeys::from_secret(secret);
    let plain = sotay::backup::crypt::open_with_account(&std::fs::read(file).unwrap(), &keys).unwrap();
    let contents = sotay::backup::format::decode(&plain).unwrap();
    sotay::backup::verify(&contents).unwrap();
    // A new device of the backup's account, as `sotay restore` makes it.
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(dir.path());
    store.set_account(secret).unwrap();
    sotay::sync::exchange::import(&store, &contents.bundle).unwrap();
    let mut names: Vec<String> = store.students().unwrap().into_iter().map(|s| s.name).collect();
    names.sort();
    names
}

fn class_names() -> Vec<String> {
    let mut names: Vec<String> = pupils().into_iter().map(|p| p.name).collect();
    names.sort();
    names
}

const REMINDER_EN: &str = "No backup for over a month";
const REMINDER_VI: &str = "Hơn một tháng chưa sao lưu";

#[test]
fn a_month_without_a_backup_or_a_sync_reminds_and_a_backup_from_the_interface_ends_it() {
    let clock = TestClock::on(day(28, 11, 2026));
    let (_dir, mut app) = dated_app(Lang::En, clock.clone(), true);
    assert!(!screen(&mut app, W, H).contains(REMINDER_EN));
    // Thirty days after the backup is not yet over a month.
    clock.set(day(28, 12, 2026));
    press(&mut app, KeyCode::Down);
    assert!(!app.backup_due());
    assert!(!screen(&mut app, W, H).contains(REMINDER_EN));
    clock.set(day(29, 12, 2026));
    press(&mut app, KeyCode::Down);
    let shown = bars(&mut app);
    assert!(shown.contains("Backup due"), "{shown}");
    assert!(
        shown.contains("No backup for over a month: Ctrl+P (Profile), F3 (Sync), F6 (Back up), or run sotay backup"),
        "{shown}"
    );
    // On the sync screen the reminder names the key there.
    open_sync(&mut app);
    assert!(bars(&mut app).contains("No backup for over a month: press F6 to back up"));
    let out = tempfile::tempdir().unwrap();
    back_up_to(&mut app, &out.path().join("lop-8a.age"));
    assert!(!app.backup_due(), "{:?}", app.status_message());
    press(&mut app, KeyCode::Esc);
    let shown = screen(&mut app, W, H);
    assert!(!shown.contains(REMINDER_EN) && !shown.contains("Backup due"), "{shown}");
    assert_eq!(
        app.store().last_backup().unwrap().map(|t| t.date_naive()),
        Some(day(29, 12, 2026))
    );
}

#[test]
fn a_notebook_synced_in_the_month_is_not_reminded_and_a_bundle_written_ends_the_reminder() {
    let clock = TestClock::on(day(1, 9, 2026));
    let (_dir, mut app) = dated_app(Lang::Vi, clock.clone(), true);
    // A bundle read on 20/9: a copy of the notebook is elsewhere.
    let at = day(20, 9, 2026).and_hms_opt(5, 0, 0).unwrap().and_utc();
    let e = sotay::store::Exchange {
        at_millis: at.timestamp_millis(),
        imported: true,
        batches: 1,
        changes: 1,
    };
    app.store().note_exchange(&e).unwrap();
    clock.set(day(15, 10, 2026));
    press(&mut app, KeyCode::Down);
    assert!(!app.backup_due());
    assert!(!screen(&mut app, W, H).contains(REMINDER_VI));
    clock.set(day(21, 10, 2026));
    press(&mut app, KeyCode::Down);
    assert!(screen(&mut app, W, H).contains(REMINDER_VI));
    // A bundle written from the sync screen is a sync too.
    let out = tempfile::tempdir().unwrap();
    app.set_export_dir(out.path().to_path_buf());
    open_sync(&mut app);
    press(&mut app, KeyCode::F(2));
    press(&mut app, KeyCode::F(2));
    assert!(!app.backup_due(), "{:?}", app.status_message());
    assert!(!screen(&mut app, W, H).contains(REMINDER_VI));
}

#[test]
fn a_notebook_never_backed_up_is_reminded_a_month_after_its_first_data() {
    let (_dir, mut app) = first_run_app(Lang::En);
    assert!(!app.backup_due());
    assert!(!screen(&mut app, W, H).contains(REMINDER_EN));
    // Set up today: not a month without a backup yet.
    let clock = TestClock::on(day(28, 11, 2026));
    let dir = tempfile::tempdir().unwrap();
    let store = sotay::store::Store::open_with_clock(dir.path(), clock.clone()).unwrap();
    store.save_profile(&profile(Lang::En)).unwrap();
    let mut app = App::new(store, Some(Lang::En), sotay::tui::keymap::Keymap::builtin(), Vec::new()).unwrap();
    press(&mut app, KeyCode::Down);
    assert!(!app.backup_due());
    clock.set(day(29, 12, 2026));
    press(&mut app, KeyCode::Down);
    assert!(app.backup_due());
    assert!(screen(&mut app, W, H).contains(REMINDER_EN));
}

#[test]
fn the_backup_key_writes_a_file_the_account_opens_holding_the_class_and_asks_before_replacing() {
    let out = tempfile::tempdir().unwrap();
    let (_a, mut app) = syncing_to(Lang::En, out.path());
    press(&mut app, KeyCode::F(6));
    // The usual name, in the folder bundles go to.
    let file = out.path().join("sotay-backup-2026-11-28.age");
    assert_eq!(text(&app, BACKUP), file.to_string_lossy());
    press(&mut app, KeyCode::F(2));
    let m = app.status_message().unwrap().clone();
    assert!(!m.error, "{m:?}");
    assert!(
        m.text
            .starts_with("Wrote a backup of the notebook (8 pupils, 1 batches of changes, "),
        "{}",
        m.text
    );
    assert!(
        m.text.ends_with(&format!(" kB, encrypted) to {}", file.display())),
        "{}",
        m.text
    );
    assert!(matches!(app.screen(), Screen::Sync(_)));
    assert_eq!(sync_view(&app).last_backup, Some(day(28, 11, 2026)));
    assert_eq!(pupils_in_backup(&file, &secret()), class_names());

    // Again to the same file: a question first; no keeps the file as it was.
    let before = std::fs::read(&file).unwrap();
    press(&mut app, KeyCode::F(6));
    press(&mut app, KeyCode::F(2));
    assert!(matches!(app.popup(), Some(Popup::Confirm(Confirm::ReplaceExport { path })) if *path == file));
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(std::fs::read(&file).unwrap(), before);
    assert!(matches!(app.form().map(|f| &f.kind), Some(FormKind::Backup { .. })));
    press(&mut app, KeyCode::F(2));
    press(&mut app, KeyCode::Char('y'));
    assert!(app.popup().is_none());
    assert!(matches!(app.screen(), Screen::Sync(_)));
    assert_ne!(std::fs::read(&file).unwrap(), before, "a new backup was written");
    assert_eq!(pupils_in_backup(&file, &secret()), class_names());
}

#[test]
fn a_backup_without_an_account_makes_one_and_shows_its_code_until_copied() {
    let out = tempfile::tempdir().unwrap();
    let (_a, mut app) = class_app(Lang::Vi);
    app.set_export_dir(out.path().to_path_buf());
    app.resize(W, H);
    open_sync(&mut app);
    assert!(sync_view(&app).account.is_none());
    press(&mut app, KeyCode::F(6));
    press(&mut app, KeyCode::F(2));
    let file = out.path().join("sotay-backup-2026-11-28.age");
    assert!(file.exists(), "{:?}", app.status_message());
    let Some(Popup::Confirm(Confirm::RecoveryCode { code, account, .. })) = app.popup().cloned() else {
        panic!("no recovery code: {:?}", app.popup())
    };
    // The popup shows the CLI's warning and the code, whole groups a line.
    let shown = screen(&mut app, W, H);
    assert!(shown.contains(&account.to_string()[..8]), "{shown}");
    assert!(shown.contains("chép tay"), "{shown}");
    let lines = code.lines(8);
    for l in &lines {
        assert!(shown.contains(l.as_str()), "{l} not in\n{shown}");
    }
    // Enter (no) keeps it: the code must be seen copied.
    press(&mut app, KeyCode::Enter);
    assert!(matches!(
        app.popup(),
        Some(Popup::Confirm(Confirm::RecoveryCode { .. }))
    ));
    assert_eq!(
        app.status_message().unwrap().text,
        "Hãy chép tay mã khôi phục trước, rồi trả lời Có"
    );
    press(&mut app, KeyCode::Char('c'));
    assert!(app.popup().is_none());
    // The code as copied from the screen opens the backup, which holds the class.
    let copied = sotay::sync::AccountSecret::from_recovery_code(&lines.concat()).unwrap();
    assert_eq!(pupils_in_backup(&file, &copied), class_names());
    assert_eq!(sotay::sync::AccountKeys::from_secret(&copied).account_id(), account);
    let m = app.status_message().unwrap();
    assert!(m.text.starts_with("Đã ghi bản sao lưu sổ tay (8 học sinh"), "{m:?}");
}

#[test]
fn the_backup_reminder_line() {
    for lang in [Lang::Vi, Lang::En] {
        let clock = TestClock::on(day(28, 11, 2026));
        let (_dir, mut app) = dated_app(lang, clock.clone(), true);
        clock.set(day(5, 1, 2027));
        press(&mut app, KeyCode::Down);
        insta::assert_snapshot!(format!("backup_reminder_{}", lang.code()), bars(&mut app));
    }
}

#[test]
fn the_backup_dialog() {
    for lang in [Lang::Vi, Lang::En] {
        let (_a, mut app) = class_app(lang);
        app.set_export_dir(PathBuf::from(SHOWN_DIR));
        open_sync(&mut app);
        press(&mut app, KeyCode::F(6));
        insta::assert_snapshot!(format!("backup_dialog_{}", lang.code()), screen(&mut app, W, H));
    }
}
