//! The interface's background sync: pulled changes shown without a key, a save synced on
//! its own, the sync-now key's details, a hub that never answers delaying no key and no
//! quit, and the status bar's words (snapshots in both languages). Every person here is
//! invented.

use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};

use std::sync::mpsc;
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use ratatui::crossterm::event::KeyCode;
use sotay::domain::{Field, Student};
use sotay::i18n::Lang;
use sotay::store::{Binding, Store};
use sotay::tui::App;
use sotay::tui::app::Screen;
use sotay::tui::background::{Problem, SyncState};
use sotay::tui::form::FieldId;
use sotay::tui::keymap::Keymap;

use crate::hub_support::*;
use crate::tui_support::{W, class_app, ctrl, focus, press, screen, type_text};

/// How long a test waits for what should come within seconds.
const DEADLINE: Duration = Duration::from_secs(60);

/// Takes in the worker's events until `done` holds, failing after [`DEADLINE`].
fn wait_for(app: &mut App, what: &str, done: impl Fn(&App) -> bool) {
    let end = Instant::now() + DEADLINE;
    while !done(app) {
        let left = end.saturating_duration_since(Instant::now());
        assert!(!left.is_zero(), "waited in vain for {what}: {:?}", app.sync_state());
        app.wait_sync(left.min(Duration::from_millis(500)));
    }
}

fn attempts(app: &App) -> usize {
    app.store().hub_stats().unwrap().attempts.len()
}

#[test]
fn pulled_changes_show_without_a_key_and_a_save_syncs_on_its_own() {
    let _serial = one_at_a_time();
    let tmp = tempfile::tempdir().unwrap();
    let hub = Hub::start(&tmp.path().join("hub"));
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    demo_class(&a);
    let code = hub.enrol_class("DEMO01", "8A", &this_school_year());
    let joined = sotay_run(&a, &["join", &hub.url(), "--code", &code]);
    assert_eq!(joined.code, Some(0), "{}", joined.stderr);
    let rc = joined.last_line();
    let invite = sotay_run(&a, &["invite"]).last_line();
    let second = sotay_run(&b, &["join", &hub.url(), "--code", &invite, "--recovery-code", &rc]);
    assert_eq!(second.code, Some(0), "{}", second.stderr);

    // While B is closed, A renames a pupil and syncs.
    let pupil = pupils_by_name(&a)[0].clone();
    Store::open(&a)
        .unwrap()
        .save_student(&Student {
            name: "Lương Thị Hư Cấu".into(),
            ..pupil.clone()
        })
        .unwrap();
    assert_eq!(sotay_run(&a, &["sync"]).code, Some(0));

    // B opens in the interface: the rename shows once the first sync pulled it, no key
    // pressed.
    let mut app = App::new(Store::open(&b).unwrap(), Some(Lang::En), Keymap::builtin(), Vec::new()).unwrap();
    assert!(!app.visible_names().contains(&"Lương Thị Hư Cấu"));
    app.start_sync();
    wait_for(&mut app, "the pulled rename", |app| {
        app.visible_names().contains(&"Lương Thị Hư Cấu")
    });
    wait_for(&mut app, "the first sync to end", |app| {
        app.sync_state().is_some_and(|s| !s.syncing && s.last_synced.is_some())
    });
    let top = screen(&mut app, W, 30);
    assert!(top.lines().next().unwrap().contains("synced at "), "{top}");

    // A save on B: the worker syncs it a few seconds later on its own.
    let before = attempts(&app);
    let at = app
        .visible_names()
        .iter()
        .position(|n| *n == "Lương Thị Hư Cấu")
        .unwrap();
    for _ in 0..at {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::F(4));
    focus(&mut app, FieldId::Domain(Field::Name));
    app.handle_key(ctrl('u'));
    type_text(&mut app, "Lương Thị Mới");
    press(&mut app, KeyCode::F(2));
    assert!(app.visible_names().contains(&"Lương Thị Mới"));
    wait_for(&mut app, "the save's sync", |app| {
        attempts(app) > before
            && app
                .sync_state()
                .is_some_and(|s| !s.syncing && s.waiting == 0 && s.problem.is_none())
    });
    assert_eq!(sotay_run(&a, &["sync"]).code, Some(0));
    assert!(pupils_by_name(&a).iter().any(|p| p.name == "Lương Thị Mới"));

    // The sync-now key shows the hub's details.
    app.handle_key(ctrl('r'));
    assert!(matches!(app.screen(), Screen::Sync(_)));
    let shown = screen(&mut app, W, 40);
    for said in [
        hub.url().as_str(),
        "This month",
        "Last attempts",
        "done",
        "Next try",
        "Waiting",
    ] {
        assert!(shown.contains(said), "{said} not in\n{shown}");
    }
    // Quitting stops the worker before the notebook closes: it opens again at once.
    app.stop_sync();
    drop(app);
    Store::open(&b).unwrap();
}

/// A hub that takes connections and never answers. Each request's arrival is sent on the
/// channel with its connection, kept open.
fn silent_hub() -> (String, mpsc::Receiver<TcpStream>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { return };
            // The request's head read whole: it is in flight, waiting for an answer.
            let mut r = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            while r.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
                line.clear();
            }
            if tx.send(stream).is_err() {
                return;
            }
        }
    });
    (url, rx)
}

#[test]
fn a_hub_that_never_answers_delays_no_key_no_save_and_no_quit() {
    // Alone: a process another test starts at the moment the notebook closes holds a copy
    // of its lock file's descriptor until it runs its program, and the notebook reopened
    // below would be found locked (seen once in CI).
    let _serial = one_at_a_time();
    let (url, requests) = silent_hub();
    let (dir, mut app) = crate::tui_support::account_app(Lang::En);
    app.store()
        .set_hub_binding(&Binding {
            url,
            token: "token-of-the-test".into(),
            device: app.store().device_id(),
            ca: None,
            insecure: false,
        })
        .unwrap();
    app.start_sync();
    // The first sync's request reached the hub, which keeps it waiting.
    let pending = requests.recv_timeout(DEADLINE).expect("the worker's request");
    app.poll_sync();
    assert!(app.sync_state().unwrap().syncing);

    // Keys move the selection and a save goes to disk while the request waits.
    for _ in 0..3 {
        press(&mut app, KeyCode::Down);
    }
    assert_eq!(app.roster().selected, 3);
    press(&mut app, KeyCode::F(4));
    focus(&mut app, FieldId::Domain(Field::Name));
    app.handle_key(ctrl('u'));
    type_text(&mut app, "Đinh Văn Chờ");
    press(&mut app, KeyCode::F(2));
    assert!(app.store().students().unwrap().iter().any(|s| s.name == "Đinh Văn Chờ"));
    assert!(app.visible_names().contains(&"Đinh Văn Chờ"));
    // All of it happened before the hub answered: the sync is still running.
    app.poll_sync();
    assert!(app.sync_state().unwrap().syncing, "{:?}", app.sync_state());

    // Quit: the worker stops while the request still waits (the hub sees no close), and
    // the notebook is let go of.
    app.handle_key(ctrl('q'));
    assert!(app.should_quit());
    app.stop_sync();
    pending.set_nonblocking(true).unwrap();
    let mut byte = [0u8; 1];
    let still_open = matches!(
        std::io::Read::read(&mut &pending, &mut byte),
        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock
    );
    assert!(still_open, "the request ended before the quit finished");
    drop(app);
    let again = crate::tui_support::open_store(dir.path());
    assert!(again.students().unwrap().iter().any(|s| s.name == "Đinh Văn Chờ"));
}

#[test]
fn sync_now_without_a_hub_says_how_to_join() {
    let (_dir, mut app) = class_app(Lang::En);
    app.start_sync();
    assert!(app.sync_state().is_none());
    app.handle_key(ctrl('r'));
    assert!(matches!(app.screen(), Screen::Sync(_)));
    let shown = screen(&mut app, W, 30);
    assert!(shown.contains("sotay join URL --code CODE"), "{shown}");
    // No sync state in the status bar without a hub.
    assert!(!shown.lines().next().unwrap().contains("sync"), "{shown}");
}

fn at(h: u32, m: u32, d: u32) -> NaiveDateTime {
    crate::tui_support::day(d, 11, 2026).and_hms_opt(h, m, 0).unwrap()
}

/// The status bar's words for each state, one bar a line (today is 28/11/2026).
#[test]
fn the_status_bar_says_where_syncing_stands() {
    let base = SyncState {
        last_synced: Some(at(14, 5, 28)),
        next_try: Some(at(14, 35, 28)),
        ..SyncState::new("https://dongbo.truong.example", None)
    };
    let states = [
        SyncState::new("https://dongbo.truong.example", None),
        base.clone(),
        SyncState {
            last_synced: Some(at(14, 5, 27)),
            ..base.clone()
        },
        SyncState {
            waiting: 3,
            ..base.clone()
        },
        SyncState {
            syncing: true,
            ..base.clone()
        },
        SyncState {
            problem: Some(Problem::Offline),
            ..base.clone()
        },
        SyncState {
            problem: Some(Problem::Offline),
            waiting: 3,
            ..base.clone()
        },
        SyncState {
            problem: Some(Problem::Revoked),
            ..base.clone()
        },
        SyncState {
            problem: Some(Problem::Unauthorized),
            ..base.clone()
        },
        SyncState {
            problem: Some(Problem::ClockAhead),
            ..base.clone()
        },
        SyncState {
            problem: Some(Problem::BatchRefused),
            ..base.clone()
        },
        SyncState {
            problem: Some(Problem::HubRefused("fork".into())),
            ..base.clone()
        },
        SyncState {
            problem: Some(Problem::Certificate),
            ..base.clone()
        },
        SyncState {
            problem: Some(Problem::BadAnswer),
            ..base.clone()
        },
        SyncState {
            problem: Some(Problem::Failed),
            ..base.clone()
        },
    ];
    for lang in [Lang::Vi, Lang::En] {
        let (_dir, mut app) = class_app(lang);
        let mut bars = String::new();
        for state in &states {
            app.set_sync_state(state.clone());
            bars.push_str(screen(&mut app, W, 30).lines().next().unwrap());
            bars.push('\n');
        }
        // Narrow: the class's counts give way, where syncing stands stays.
        app.set_sync_state(states[6].clone());
        bars.push_str(screen(&mut app, 60, 20).lines().next().unwrap());
        bars.push('\n');
        // The snapshots sit with the other screens' in tests/snapshots.
        insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(format!("tui_hub__status_bar_sync_{}", lang.code()), bars);
        });
    }
}

#[test]
fn a_reader_key_is_accepted_on_the_sync_screen_after_a_question_and_figures_follow() {
    let _serial = one_at_a_time();
    let tmp = tempfile::tempdir().unwrap();
    let hub = Hub::start(&tmp.path().join("hub"));
    let data = hub.data.to_str().unwrap().to_string();
    let places = tmp.path().join("places.csv");
    std::fs::write(
        &places,
        "school_code,school,commune,province\nDEMO01,Trường Mẫu,Xã Mẫu,Tỉnh Mẫu\n",
    )
    .unwrap();
    hub_admin(&["places", "import", places.to_str().unwrap(), "--data", &data]);
    let (_, public, print) = reader_key(tmp.path(), "school");
    hub_admin(&[
        "enrol",
        "--reader",
        "school:DEMO01",
        "--public-key",
        &public,
        "--data",
        &data,
    ]);
    let nb = tmp.path().join("nb");
    demo_class(&nb);
    let code = hub.enrol_class("DEMO01", "8A", &this_school_year());
    assert_eq!(sotay_run(&nb, &["join", &hub.url(), "--code", &code]).code, Some(0));

    let mut app = App::new(Store::open(&nb).unwrap(), Some(Lang::En), Keymap::builtin(), Vec::new()).unwrap();
    app.start_sync();
    wait_for(&mut app, "the first sync", |app| {
        app.sync_state().is_some_and(|s| !s.syncing && s.last_synced.is_some())
    });
    app.handle_key(ctrl('r'));
    wait_for(&mut app, "the sync now", |app| {
        app.sync_state().is_some_and(|s| !s.syncing)
    });
    let shown = screen(&mut app, W, 60);
    assert!(shown.contains("Report readers"), "{shown}");
    assert!(
        shown
            .lines()
            .any(|l| l.contains(&print) && l.contains("school:DEMO01 (Trường Mẫu)") && l.contains("not accepted")),
        "{shown}"
    );
    // The key asks first, naming the fingerprint; no says no.
    press(&mut app, KeyCode::F(4));
    let asked = screen(&mut app, W, 60);
    assert!(
        asked.contains(&print) && asked.contains("Accept the key of school:DEMO01"),
        "{asked}"
    );
    press(&mut app, KeyCode::Char('n'));
    assert!(app.store().readers().unwrap().accepted.is_empty());
    press(&mut app, KeyCode::F(4));
    press(&mut app, KeyCode::Char('y'));
    let readers = app.store().readers().unwrap();
    assert_eq!(readers.accepted.len(), 1);
    let shown = screen(&mut app, W, 60);
    assert!(
        shown
            .lines()
            .any(|l| l.contains(&print) && l.contains("accepted") && !l.contains("not accepted")),
        "{shown}"
    );
    // The next sync publishes the class's figures to it.
    app.handle_key(ctrl('r'));
    wait_for(&mut app, "figures published", |app| {
        !app.store().readers().unwrap().published.is_empty()
    });
    app.stop_sync();
}
