//! Shared by the TUI tests: a temporary notebook with a fictional class, keys, and the
//! screen as text. Every person here is invented.
#![allow(dead_code)]

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, NaiveDate, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use sotay::clock::{Clock, FixedClock};
use sotay::domain::{Decision, Profile, RiskFactor, SchoolYear, Screening, Sex, Student};
use sotay::i18n::Lang;
use sotay::store::Store;
use sotay::tui::form::FieldId;
use sotay::tui::keymap::Keymap;
use sotay::tui::{App, draw};
use tempfile::TempDir;
use unicode_width::UnicodeWidthStr;
use uuid::Uuid;

/// A clock the test sets: 05:00 UTC on the day given, like `FixedClock`, moving on a
/// millisecond each time it is read, as a real one does between two saves (the change log
/// tells saves apart by their milliseconds).
pub struct TestClock(AtomicI64);

impl TestClock {
    pub fn on(d: NaiveDate) -> Arc<TestClock> {
        let c = Arc::new(TestClock(AtomicI64::new(0)));
        c.set(d);
        c
    }
    pub fn set(&self, d: NaiveDate) {
        let t = d.and_hms_opt(5, 0, 0).unwrap().and_utc();
        self.0.store(t.timestamp_millis(), Ordering::SeqCst);
    }
}

impl Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        DateTime::from_timestamp_millis(self.0.fetch_add(1, Ordering::SeqCst)).unwrap()
    }
    fn today(&self) -> NaiveDate {
        self.now().date_naive()
    }
}

pub const W: u16 = 100;
pub const H: u16 = 30;

pub fn day(d: u32, m: u32, y: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The tests' today: 28/11/2026.
pub fn open_store(dir: &Path) -> Store {
    Store::open_with_clock(dir, Arc::new(FixedClock::on(2026, 11, 28))).unwrap()
}

pub fn profile(lang: Lang) -> Profile {
    Profile {
        teacher: "Phạm Thị Thu Hà".into(),
        school: "Trường THCS Hoa Sen".into(),
        school_code: "99001".into(),
        commune: "Xã Hoa Sen".into(),
        province: "Tỉnh Bình Yên".into(),
        class: "8A".into(),
        school_year: SchoolYear(2026),
        lang,
        trained_on: None,
    }
}

fn pupil(n: u128, name: &str, born: NaiveDate, sex: Option<Sex>) -> Student {
    Student {
        // Ids in creation order, as UUIDv7 ones are.
        id: Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0000 + n),
        code: Some(format!("HS{n:03}")),
        name: name.into(),
        birth_date: born,
        sex,
        ethnicity: "Kinh".into(),
        address: "Thôn Đông, xã Hoa Sen".into(),
        guardian: String::new(),
        phone: String::new(),
        class: "8A".into(),
        school_year: SchoolYear(2026),
        notes: String::new(),
    }
}

/// A fictional class of eight.
pub fn pupils() -> Vec<Student> {
    vec![
        pupil(1, "Nguyễn Văn An", day(12, 3, 2013), Some(Sex::Male)),
        pupil(2, "Đặng Thị Bình", day(5, 7, 2013), Some(Sex::Female)),
        pupil(3, "Trần Minh Châu", day(21, 1, 2013), Some(Sex::Female)),
        pupil(4, "Phạm Quốc Huy", day(30, 9, 2013), Some(Sex::Male)),
        pupil(5, "Nguyễn Thị Mai", day(14, 11, 2013), Some(Sex::Female)),
        pupil(6, "Hoàng Văn Nam", day(2, 2, 2012), Some(Sex::Male)),
        pupil(7, "Trần Văn Nguyên", day(9, 10, 2013), None),
        pupil(8, "Vũ Ngọc Yến", day(18, 6, 2013), Some(Sex::Female)),
    ]
}

pub fn id_of(name: &str) -> Uuid {
    pupils().into_iter().find(|p| p.name == name).unwrap().id
}

/// Fills a store through its API: the profile, the class, three screenings.
pub fn fill(store: &Store, lang: Lang) {
    store.save_profile(&profile(lang)).unwrap();
    store.save_students(&pupils()).unwrap();
    let screen = |name: &str, factors: &[RiskFactor], decision, notes: &str| Screening {
        student_id: id_of(name),
        screened_on: day(20, 11, 2026),
        factors: factors.iter().copied().collect(),
        decision,
        identified_on: decision.is_identified().then(|| day(20, 11, 2026)),
        notes: notes.into(),
    };
    use RiskFactor as F;
    for s in [
        screen(
            "Đặng Thị Bình",
            &[F::NearPoorHousehold, F::WorksForOthers, F::LongHours, F::SectorServices],
            Decision::AtRisk,
            "Phụ bán quán sau giờ học.",
        ),
        screen(
            "Phạm Quốc Huy",
            &[
                F::PoorHousehold,
                F::WorksForFamily,
                F::HazardousWork,
                F::FrequentAbsence,
            ],
            Decision::ChildLabour,
            "",
        ),
        screen("Nguyễn Thị Mai", &[F::SingleParent], Decision::NotAtRisk, ""),
    ] {
        store.save_screening(&s).unwrap();
    }
    // Backed up the day it was filled, as a notebook in use is: the reminder to back up
    // shows only where a test asks for it.
    store.note_backup(store.clock().now()).unwrap();
}

/// An app on a notebook holding the fictional class.
pub fn class_app(lang: Lang) -> (TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(dir.path());
    fill(&store, lang);
    let app = App::new(store, Some(lang), Keymap::builtin(), Vec::new()).unwrap();
    (dir, app)
}

/// An app on a new, empty notebook: the set-up form.
pub fn first_run_app(lang: Lang) -> (TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(dir.path());
    let app = App::new(store, Some(lang), Keymap::builtin(), Vec::new()).unwrap();
    (dir, app)
}

pub fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

pub fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

pub fn release(code: KeyCode) -> KeyEvent {
    KeyEvent::new_with_kind(code, KeyModifiers::NONE, KeyEventKind::Release)
}

pub fn press(app: &mut App, code: KeyCode) {
    app.handle_key(key(code));
}

/// The text of a field of the open form.
pub fn form_text(app: &App, f: sotay::domain::Field) -> String {
    app.form().expect("a form is open").form.text(f)
}

/// The text of any field of the open form (a path, an export field).
pub fn form_text_of(app: &App, id: FieldId) -> String {
    app.form().expect("a form is open").form.text_of(id)
}

/// The field of the open form that has the focus.
pub fn focused(app: &App) -> FieldId {
    app.form().expect("a form is open").form.focused().id
}

/// Moves the form's focus to `id` with Tab.
pub fn focus(app: &mut App, id: FieldId) {
    for _ in 0..40 {
        if focused(app) == id {
            return;
        }
        press(app, KeyCode::Tab);
    }
    panic!("no field {id:?}");
}

/// Snapshots the screen `make` leaves, in Vietnamese and in English, as `{name}_vi` and
/// `{name}_en`. A macro, so insta names the files after the test file that calls it.
#[allow(unused_macros)]
macro_rules! both {
    ($name:expr, $make:expr) => {
        for lang in [sotay::i18n::Lang::Vi, sotay::i18n::Lang::En] {
            let (_dir, mut app) = ($make)(lang);
            let text = screen(&mut app, W, H);
            insta::assert_snapshot!(format!("{}_{}", $name, lang.code()), text);
        }
    };
}
#[allow(unused_imports)]
pub(crate) use both;

/// Types `text` one key at a time, as a keyboard would (capitals with Shift).
pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        let m = if c.is_uppercase() {
            KeyModifiers::SHIFT
        } else {
            KeyModifiers::NONE
        };
        app.handle_key(KeyEvent::new(KeyCode::Char(c), m));
    }
}

/// The whole screen as text, one line a row (trailing spaces cut), and where the caret
/// is when it shows.
pub fn screen(app: &mut App, w: u16, h: u16) -> String {
    app.resize(w, h);
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| draw(app, f)).unwrap();
    text_of(&t, true)
}

/// What a test terminal shows, a line a row (wide characters once), and with `caret`,
/// where the caret is when it shows.
fn text_of(t: &Terminal<TestBackend>, caret: bool) -> String {
    let buf = t.backend().buffer();
    let (w, h) = (buf.area.width, buf.area.height);
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..w {
            let sym = buf[(x, y)].symbol();
            if skip > 0 {
                skip -= 1;
                continue;
            }
            line.push_str(sym);
            skip = sym.width().saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    if caret && t.backend().cursor_visible() {
        let p = t.backend().cursor_position();
        out.push_str(&format!("[caret at column {}, row {}]\n", p.x, p.y));
    }
    out
}

/// The text drawn reversed on each row of the screen, between the status bar and the
/// message line (the status bar and the keys are reversed too): a selected field's text.
pub fn reversed(app: &mut App, w: u16, h: u16) -> Vec<String> {
    use ratatui::style::Modifier;
    app.resize(w, h);
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| draw(app, f)).unwrap();
    let buf = t.backend().buffer().clone();
    (1..h.saturating_sub(2))
        .map(|y| {
            (0..w)
                .map(|x| &buf[(x, y)])
                .filter(|c| c.modifier.contains(Modifier::REVERSED))
                .map(|c| c.symbol())
                .collect::<String>()
        })
        .filter(|s| !s.is_empty())
        .collect()
}

/// A class list as a school system exports it, with invented pupils: one already in the
/// class, two new, one with a date that does not exist.
pub const CLASS_LIST_CSV: &str = "\u{feff}STT,Họ và tên,Ngày sinh,Giới tính
1,Nguyễn Văn An,12/03/2013,Nam
2,Lò Thị Sáu,01/05/2013,Nữ
3,Mùa A Páo,31/02/2013,Nam
4,Đinh Văn Tùng,15/08/2013,Nam
";

/// Writes the class list next to the notebook and returns its path.
pub fn class_list(dir: &Path) -> String {
    let path = dir.join("lop8a.csv");
    std::fs::write(&path, CLASS_LIST_CSV).unwrap();
    path.to_string_lossy().into_owned()
}

fn record_id(n: u128) -> Uuid {
    // Ids in creation order, as UUIDv7 ones are; apart from the pupils'.
    Uuid::from_u128(0x0192_0000_0000_7000_8000_0000_0000_0000 + n)
}

/// Case follow-up for the fictional class, dated before the tests' today (28/11/2026), so
/// that there is one reminder of each kind:
/// - Phạm Quốc Huy: a case since 01/10, a visit on 03/10 whose next visit (20/11) is
///   overdue, a scholarship and books delivered;
/// - Trần Văn Nguyên: identified at risk on 10/11, no intervention: past the 7-day limit;
/// - Đặng Thị Bình: a case since 20/11, a visit on 21/11 with the next due on 01/12 (this
///   week), counselling referred;
/// - Hoàng Văn Nam: identified at risk on 25/11, no intervention yet (deadline 02/12);
/// - two sessions (parents in October, pupils in November) and Vũ Ngọc Yến's parents
///   marked informed.
pub fn fill_cases(store: &Store) {
    use sotay::domain::{Audience, Case, Informed, Session, Stage, Support, SupportStatus, SupportType, Visit};
    let screen = |name: &str, on: NaiveDate| Screening {
        student_id: id_of(name),
        screened_on: on,
        factors: [RiskFactor::PoorHousehold, RiskFactor::WorksForOthers].into(),
        decision: Decision::AtRisk,
        identified_on: Some(on),
        notes: String::new(),
    };
    store
        .save_screening(&screen("Trần Văn Nguyên", day(10, 11, 2026)))
        .unwrap();
    store
        .save_screening(&screen("Hoàng Văn Nam", day(25, 11, 2026)))
        .unwrap();
    let case = |name: &str, identified: NaiveDate, intervened: NaiveDate| Case {
        student_id: id_of(name),
        stage: Stage::Intervening,
        identified_on: identified,
        opened_on: identified,
        stage_on: intervened,
        first_intervention_on: Some(intervened),
        close_reason: None,
        notes: String::new(),
    };
    let cases = [
        case("Phạm Quốc Huy", day(1, 10, 2026), day(3, 10, 2026)),
        case("Đặng Thị Bình", day(20, 11, 2026), day(21, 11, 2026)),
    ];
    let visit = |n: u128, name: &str, on: NaiveDate, next: NaiveDate, working: bool| Visit {
        id: record_id(n),
        student_id: id_of(name),
        visited_on: on,
        visited_by: "Phạm Thị Thu Hà".into(),
        met: "Mẹ".into(),
        working,
        employer: if working {
            "Lò gạch trong thôn".into()
        } else {
            String::new()
        },
        sector: None,
        hours_per_week: working.then_some(20),
        hazardous: working,
        attending_school: true,
        findings: "Em vẫn đi học đều.".into(),
        agreed: "Gia đình không cho em đi làm trong năm học.".into(),
        next_visit_on: Some(next),
    };
    let visits = [
        visit(1, "Phạm Quốc Huy", day(3, 10, 2026), day(20, 11, 2026), true),
        visit(2, "Đặng Thị Bình", day(21, 11, 2026), day(1, 12, 2026), false),
    ];
    let support = |n: u128, name: &str, kind, status, on: NaiveDate, amount: Option<u64>| Support {
        id: record_id(n),
        student_id: id_of(name),
        kind,
        status,
        planned_on: None,
        referred_on: (status == SupportStatus::Referred).then_some(on),
        delivered_on: (status == SupportStatus::Delivered).then_some(on),
        declined_on: None,
        amount_vnd: amount,
        provider: "Hội Khuyến học xã".into(),
        notes: String::new(),
    };
    let supports = [
        support(
            3,
            "Phạm Quốc Huy",
            SupportType::BooksSupplies,
            SupportStatus::Delivered,
            day(10, 10, 2026),
            Some(300_000),
        ),
        support(
            4,
            "Phạm Quốc Huy",
            SupportType::Scholarship,
            SupportStatus::Delivered,
            day(15, 10, 2026),
            Some(1_500_000),
        ),
        support(
            5,
            "Đặng Thị Bình",
            SupportType::Counselling,
            SupportStatus::Referred,
            day(21, 11, 2026),
            None,
        ),
    ];
    let session = |n: u128, on: NaiveDate, audience, topic: &str, attended, names: &[&str]| Session {
        id: record_id(n),
        held_on: on,
        audience,
        topic: topic.into(),
        attended,
        students: names.iter().map(|n| id_of(n)).collect(),
        notes: String::new(),
    };
    let sessions = [
        session(
            6,
            day(15, 10, 2026),
            Audience::Parents,
            "Phòng ngừa lao động trẻ em",
            6,
            &["Nguyễn Văn An", "Đặng Thị Bình", "Phạm Quốc Huy", "Hoàng Văn Nam"],
        ),
        session(
            7,
            day(5, 11, 2026),
            Audience::Students,
            "Quyền trẻ em và an toàn khi làm việc",
            30,
            &[
                "Nguyễn Văn An",
                "Đặng Thị Bình",
                "Trần Minh Châu",
                "Phạm Quốc Huy",
                "Nguyễn Thị Mai",
            ],
        ),
    ];
    let informed = [Informed {
        student_id: id_of("Vũ Ngọc Yến"),
        student_on: None,
        parents_on: Some(day(2, 11, 2026)),
    }];
    store
        .save_case_records(&cases, &visits, &supports, &sessions, &informed)
        .unwrap();
}

/// An app on the fictional class with its case follow-up (see [`fill_cases`]).
pub fn cases_app(lang: Lang) -> (TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(dir.path());
    fill(&store, lang);
    fill_cases(&store);
    let app = App::new(store, Some(lang), Keymap::builtin(), Vec::new()).unwrap();
    (dir, app)
}

/// Shift+Tab, as terminals report it.
pub fn back_tab(app: &mut App) {
    app.handle_key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT));
}

/// Nguyễn Văn An typed again by hand on another device of the account, without his code but
/// with the phone that device knew: the same name and birth date, another id (a possible
/// twin of pupil 1).
pub fn twin_of_an() -> Student {
    Student {
        code: None,
        phone: "0912 345 678".into(),
        ..pupil(9, "Nguyễn Văn An", day(12, 3, 2013), Some(Sex::Male))
    }
}

/// The fictional class with [`twin_of_an`] in it, as a sync would bring him in.
pub fn twin_app(lang: Lang) -> (TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(dir.path());
    fill(&store, lang);
    store.save_student(&twin_of_an()).unwrap();
    let app = App::new(store, Some(lang), Keymap::builtin(), Vec::new()).unwrap();
    (dir, app)
}

/// The invented account of the tests' notebooks.
pub fn secret() -> sotay::sync::AccountSecret {
    sotay::sync::AccountSecret::from_bytes([7; 32])
}

/// The fictional class in a notebook of [`secret`]'s account: its first device, as
/// `sotay account new` makes it.
pub fn account_app(lang: Lang) -> (TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(dir.path());
    fill(&store, lang);
    store.set_account(&secret()).unwrap();
    let app = App::new(store, Some(lang), Keymap::builtin(), Vec::new()).unwrap();
    (dir, app)
}

/// Another device of [`secret`]'s account, made from a bundle of the first as
/// `sotay bundle import FILE --recovery-code CODE` makes it in an empty folder.
pub fn second_device(bundle: &[u8]) -> (TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(dir.path());
    store.set_account(&secret()).unwrap();
    sotay::sync::exchange::import(&store, bundle).unwrap();
    (dir, store)
}

/// `text` with this notebook's device id (random) written as x's of its width, so a
/// screen's snapshot is the same on every run.
pub fn without_device_id(app: &App, text: &str) -> String {
    text.replace(
        &app.store().device_id().to_string(),
        "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
    )
}

/// The passphrase of the tests' locked notebooks (fictional, long enough).
pub const PASSPHRASE: &str = "hoa sen trắng 2026";

/// The fictional class in a notebook locked with [`PASSPHRASE`] (tiny Argon2 costs), and a
/// session open on it at `now`.
pub fn locked_class_session(lang: Lang, now: std::time::Instant) -> (TempDir, sotay::tui::Session) {
    use sotay::store::{Passphrase, Unlock};
    sotay::store::unlock::fast_kdf_for_tests();
    let dir = tempfile::tempdir().unwrap();
    fill(&open_store(dir.path()), lang);
    let clock: Arc<dyn Clock> = Arc::new(FixedClock::on(2026, 11, 28));
    let p = Passphrase::chosen(PASSPHRASE).unwrap();
    sotay::store::protect(dir.path(), clock.clone(), &Unlock::none(), Some(&p)).unwrap();
    let store = Store::open_unlocked(dir.path(), clock, &Unlock::with(p)).unwrap();
    let session = sotay::tui::Session::open(store, Some(lang), Keymap::builtin(), Vec::new(), now).unwrap();
    (dir, session)
}

/// The whole screen of a session (the lock screen or the app) as text, as [`screen`].
pub fn session_screen(session: &mut sotay::tui::Session, w: u16, h: u16) -> String {
    session.resize(w, h);
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| sotay::tui::draw_session(session, f)).unwrap();
    text_of(&t, false)
}

/// Types `text` into a session one key at a time, at `now`.
pub fn session_type(session: &mut sotay::tui::Session, text: &str, now: std::time::Instant) {
    for c in text.chars() {
        session.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE), now);
    }
}

/// Whether `needle` is in any byte of any file under `dir`.
pub fn in_any_file(dir: &Path, needle: &[u8]) -> bool {
    std::fs::read_dir(dir).unwrap().any(|e| {
        let path = e.unwrap().path();
        if path.is_dir() {
            return in_any_file(&path, needle);
        }
        let bytes = std::fs::read(&path).unwrap();
        bytes.windows(needle.len()).any(|w| w == needle)
    })
}
