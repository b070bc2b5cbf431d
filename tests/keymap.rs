//! Keymaps as a teacher meets them: the shipped files, a user's overrides, keys as the
//! terminal sends them, and the exact warning printed for each kind of broken file.

#[path = "common/bounded.rs"]
mod bounded;

use std::path::{Path, PathBuf};

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use sotay::i18n::Lang;
use sotay::tui::action::{Action, Context};
use sotay::tui::keymap::{Key, KeyStyle, Keymap, KeymapWarning, SHIPPED, USER_FILE, action_name};

const NONE: KeyModifiers = KeyModifiers::NONE;
const SHIFT: KeyModifiers = KeyModifiers::SHIFT;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;
const ALT: KeyModifiers = KeyModifiers::ALT;

fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, mods)
}

fn ch(c: char) -> KeyEvent {
    press(KeyCode::Char(c), NONE)
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/keymaps")
        .join(name)
}

fn load_path(path: &Path) -> (Keymap, Vec<KeymapWarning>) {
    Keymap::load(Some(path.to_str().unwrap()), None)
}

/// What an action needs to be usable in each context, with the default keymap and any
/// shipped one layered on it.
const ESSENTIAL: [(Context, &[Action]); 13] = [
    (Context::Global, &[Action::Quit, Action::Help]),
    (
        Context::Roster,
        &[
            Action::Quit,
            Action::Help,
            Action::Open,
            Action::Up,
            Action::Down,
            Action::PageUp,
            Action::PageDown,
            Action::Top,
            Action::Bottom,
            Action::Search,
            Action::Filter,
            Action::Sort,
            Action::Add,
            Action::Edit,
            Action::Delete,
            Action::Screen,
            Action::Import,
            Action::Export,
            Action::Back,
            Action::NextView,
            Action::PrevView,
            Action::Merge,
        ],
    ),
    (
        Context::Search,
        &[
            Action::Quit,
            Action::Help,
            Action::Back,
            Action::Open,
            Action::Up,
            Action::Down,
        ],
    ),
    (
        Context::Detail,
        &[
            Action::Quit,
            Action::Help,
            Action::Back,
            Action::Open,
            Action::Edit,
            Action::Screen,
            Action::Delete,
            Action::Visit,
            Action::Support,
            Action::Case,
            Action::Informed,
        ],
    ),
    (
        Context::Timeline,
        &[
            Action::Quit,
            Action::Help,
            Action::Back,
            Action::Open,
            Action::Edit,
            Action::Up,
            Action::Down,
            Action::Visit,
            Action::Support,
            Action::Case,
            Action::Informed,
            Action::Delete,
        ],
    ),
    (
        Context::Reminders,
        &[
            Action::Quit,
            Action::Help,
            Action::Back,
            Action::Open,
            Action::Up,
            Action::Down,
            Action::NextView,
            Action::PrevView,
        ],
    ),
    (
        Context::Dashboard,
        &[
            Action::Quit,
            Action::Help,
            Action::Back,
            Action::Edit,
            Action::Export,
            Action::NextView,
            Action::PrevView,
        ],
    ),
    (
        Context::Sessions,
        &[
            Action::Quit,
            Action::Help,
            Action::Back,
            Action::Open,
            Action::Add,
            Action::Edit,
            Action::Delete,
            Action::Up,
            Action::Down,
            Action::NextView,
            Action::PrevView,
        ],
    ),
    (
        Context::Form,
        &[
            Action::Quit,
            Action::Help,
            Action::Save,
            Action::Back,
            Action::NextField,
            Action::PrevField,
            Action::Toggle,
            Action::PageDown,
            Action::Sync,
        ],
    ),
    (
        Context::Sync,
        &[Action::Quit, Action::Help, Action::Back, Action::Export, Action::Import],
    ),
    (
        Context::Entry,
        &[
            Action::Quit,
            Action::Help,
            Action::Back,
            Action::Edit,
            Action::Up,
            Action::Down,
            Action::PageUp,
            Action::PageDown,
        ],
    ),
    (Context::Confirm, &[Action::Yes, Action::No, Action::Help]),
    (
        Context::Help,
        &[
            Action::Back,
            Action::Up,
            Action::Down,
            Action::PageUp,
            Action::PageDown,
            Action::Quit,
        ],
    ),
];

#[test]
fn every_shipped_keymap_loads_cleanly_and_binds_the_essentials() {
    for (name, _) in SHIPPED {
        let (map, warnings) = Keymap::load(Some(name), None);
        assert!(
            warnings.is_empty(),
            "{name}: {:?}",
            warnings.iter().map(|w| w.message(Lang::En)).collect::<Vec<_>>()
        );
        for (context, actions) in ESSENTIAL {
            for action in actions {
                assert!(
                    map.key_for(context, *action).is_some(),
                    "{name}: no key for {action:?} in {context:?}"
                );
            }
        }
    }
}

#[test]
fn the_default_describes_every_action_briefly_in_both_languages() {
    let map = Keymap::builtin();
    let mut described = Vec::new();
    for context in Context::ALL {
        for b in map.bindings(context) {
            for lang in [Lang::Vi, Lang::En] {
                let desc = b.desc(lang);
                assert!(!desc.is_empty(), "{context:?} {:?}", b.action);
                // The bottom line is one row shared by many hints.
                assert!(desc.chars().count() <= 16, "too long for the bottom line: {desc}");
            }
            assert_ne!(b.desc_vi, b.desc_en.to_lowercase(), "untranslated? {:?}", b.action);
            described.push(b.action);
        }
    }
    for action in Action::ALL {
        assert!(described.contains(&action), "the default binds no key to {action:?}");
    }
}

#[test]
fn the_default_matches_the_brief() {
    let map = Keymap::builtin();
    let cases = [
        (Context::Global, press(KeyCode::F(1), NONE), Action::Help),
        (Context::Global, ch('?'), Action::Help),
        (Context::Global, press(KeyCode::F(10), NONE), Action::Quit),
        (Context::Global, press(KeyCode::Char('q'), CTRL), Action::Quit),
        (Context::Roster, press(KeyCode::Down, NONE), Action::Down),
        (Context::Roster, press(KeyCode::End, NONE), Action::Bottom),
        (Context::Roster, press(KeyCode::Enter, NONE), Action::Open),
        (Context::Roster, press(KeyCode::Insert, NONE), Action::Add),
        (Context::Roster, press(KeyCode::F(2), NONE), Action::Add),
        (Context::Roster, press(KeyCode::F(4), NONE), Action::Edit),
        (Context::Roster, press(KeyCode::Delete, NONE), Action::Delete),
        (Context::Roster, press(KeyCode::F(8), NONE), Action::Delete),
        (Context::Roster, press(KeyCode::F(5), NONE), Action::Screen),
        (Context::Roster, press(KeyCode::F(3), NONE), Action::Search),
        (Context::Roster, press(KeyCode::Char('f'), CTRL), Action::Search),
        (Context::Roster, press(KeyCode::F(6), NONE), Action::Filter),
        (Context::Roster, press(KeyCode::F(7), NONE), Action::Sort),
        (Context::Roster, press(KeyCode::F(9), NONE), Action::Import),
        (Context::Roster, press(KeyCode::Char('e'), CTRL), Action::Export),
        (Context::Dashboard, press(KeyCode::F(9), NONE), Action::Export),
        (Context::Dashboard, press(KeyCode::Char('e'), CTRL), Action::Export),
        (Context::Roster, press(KeyCode::Esc, NONE), Action::Back),
        (Context::Roster, ch('?'), Action::Help),
        (Context::Search, press(KeyCode::Esc, NONE), Action::Back),
        (Context::Search, press(KeyCode::Enter, NONE), Action::Open),
        (Context::Search, press(KeyCode::Up, NONE), Action::Up),
        (Context::Search, press(KeyCode::F(1), NONE), Action::Help),
        (Context::Detail, press(KeyCode::Esc, NONE), Action::Back),
        (Context::Detail, press(KeyCode::F(4), NONE), Action::Edit),
        (Context::Detail, press(KeyCode::F(5), NONE), Action::Screen),
        (Context::Detail, press(KeyCode::F(8), NONE), Action::Delete),
        (Context::Form, press(KeyCode::Tab, NONE), Action::NextField),
        (Context::Form, press(KeyCode::Down, NONE), Action::NextField),
        (Context::Form, press(KeyCode::Enter, NONE), Action::NextField),
        (Context::Form, press(KeyCode::BackTab, SHIFT), Action::PrevField),
        (Context::Form, press(KeyCode::Up, NONE), Action::PrevField),
        (Context::Form, press(KeyCode::F(2), NONE), Action::Save),
        (Context::Form, press(KeyCode::Char('s'), CTRL), Action::Save),
        (Context::Form, press(KeyCode::Esc, NONE), Action::Back),
        (Context::Form, ch(' '), Action::Toggle),
        (Context::Form, press(KeyCode::F(1), NONE), Action::Help),
        (Context::Confirm, ch('y'), Action::Yes),
        (Context::Confirm, press(KeyCode::Char('Y'), SHIFT), Action::Yes),
        (Context::Confirm, press(KeyCode::Enter, NONE), Action::No),
        (Context::Confirm, ch('n'), Action::No),
        (Context::Confirm, press(KeyCode::Esc, NONE), Action::No),
        (Context::Help, press(KeyCode::Esc, NONE), Action::Back),
        (Context::Help, press(KeyCode::F(1), NONE), Action::Back),
        (Context::Help, ch('q'), Action::Back),
        (Context::Help, press(KeyCode::PageDown, NONE), Action::PageDown),
    ];
    for (context, key, action) in cases {
        assert_eq!(map.action(context, &key), Some(action), "{context:?} {key:?}");
    }
}

#[test]
fn where_text_is_typed_printable_keys_reach_no_binding() {
    let map = Keymap::builtin();
    for context in [Context::Search, Context::Form] {
        // `?` is global help elsewhere; here it must type a question mark.
        assert_eq!(map.action(context, &ch('?')), None, "{context:?}");
        assert_eq!(
            map.action(context, &press(KeyCode::Char('?'), SHIFT)),
            None,
            "{context:?}"
        );
        assert_eq!(map.key_for(context, Action::Help).as_deref(), Some("F1"));
        let help = map
            .bindings(context)
            .into_iter()
            .find(|b| b.action == Action::Help)
            .unwrap();
        assert_eq!(help.keys, ["F1"]);
        for letter in 'a'..='z' {
            assert_eq!(map.action(context, &ch(letter)), None, "{context:?} {letter}");
        }
    }
    // AltGr, which Windows reports as Ctrl+Alt, types text too.
    assert_eq!(
        map.action(Context::Search, &press(KeyCode::Char('q'), CTRL | ALT)),
        None
    );
}

#[test]
fn vim_adds_letters_and_keeps_the_default_keys() {
    let (map, warnings) = Keymap::load(Some("vim"), None);
    assert!(warnings.is_empty());
    assert_eq!(map.action(Context::Roster, &ch('j')), Some(Action::Down));
    assert_eq!(
        map.action(Context::Roster, &press(KeyCode::Down, NONE)),
        Some(Action::Down)
    );
    assert_eq!(map.action(Context::Roster, &ch('/')), Some(Action::Search));
    assert_eq!(
        map.action(Context::Roster, &press(KeyCode::F(3), NONE)),
        Some(Action::Search)
    );
    assert_eq!(map.action(Context::Roster, &ch('q')), Some(Action::Quit));
    assert_eq!(map.action(Context::Detail, &ch('q')), Some(Action::Back));
    assert_eq!(map.action(Context::Timeline, &ch('e')), Some(Action::Edit));
    assert_eq!(map.action(Context::Help, &ch('j')), Some(Action::Down));
    assert_eq!(
        map.action(Context::Form, &press(KeyCode::Char('s'), CTRL)),
        Some(Action::Save)
    );
    // Letters stay text in the search box and forms.
    assert_eq!(map.action(Context::Search, &ch('j')), None);
    assert_eq!(map.action(Context::Form, &ch('j')), None);
    // The added key comes first, so the bottom line shows it; the description stays.
    assert_eq!(map.key_for(Context::Roster, Action::Down).as_deref(), Some("j"));
    assert_eq!(map.keys_for(Context::Roster, Action::Down), ["j", "↓"]);
    let down = map
        .bindings(Context::Roster)
        .into_iter()
        .find(|b| b.action == Action::Down)
        .unwrap();
    assert_eq!((down.desc_vi.as_str(), down.desc_en.as_str()), ("Xuống", "Down"));
    // A roster `quit` takes the global description.
    assert_eq!(
        map.hints(Context::Roster, Lang::Vi)
            .iter()
            .find(|(k, _)| k == "q")
            .unwrap()
            .1,
        "Thoát"
    );
    // Without vim, j does nothing in the roster.
    assert_eq!(Keymap::builtin().action(Context::Roster, &ch('j')), None);
}

#[test]
fn shifted_letters_and_altgr_are_normalised() {
    let (map, _) = Keymap::load(Some("vim"), None);
    // crossterm sends G with Shift; some terminals send g with Shift.
    assert_eq!(
        map.action(Context::Roster, &press(KeyCode::Char('G'), SHIFT)),
        Some(Action::Bottom)
    );
    assert_eq!(
        map.action(Context::Roster, &press(KeyCode::Char('g'), SHIFT)),
        Some(Action::Bottom)
    );
    assert_eq!(map.action(Context::Roster, &ch('G')), Some(Action::Bottom));
    assert_eq!(map.action(Context::Roster, &ch('g')), Some(Action::Top));
    assert_eq!(Key::parse("Shift+g"), Key::parse("G"));
    // Windows sends `?` with Shift.
    assert_eq!(
        map.action(Context::Roster, &press(KeyCode::Char('?'), SHIFT)),
        Some(Action::Help)
    );
    // Ctrl+Q quits; Ctrl+Alt+Q is AltGr+Q (`@` on some layouts) and must not.
    assert_eq!(
        map.action(Context::Roster, &press(KeyCode::Char('q'), CTRL)),
        Some(Action::Quit)
    );
    assert_eq!(
        map.action(Context::Roster, &press(KeyCode::Char('Q'), CTRL | SHIFT)),
        Some(Action::Quit)
    );
    assert_eq!(
        map.action(Context::Roster, &press(KeyCode::Char('q'), CTRL | ALT)),
        None
    );
    assert_eq!(
        map.action(Context::Roster, &press(KeyCode::Char('f'), CTRL | ALT)),
        None
    );
    // Only presses (and repeats) act.
    let mut release = press(KeyCode::Down, NONE);
    release.kind = KeyEventKind::Release;
    assert_eq!(map.action(Context::Roster, &release), None);
    let mut repeat = press(KeyCode::Down, NONE);
    repeat.kind = KeyEventKind::Repeat;
    assert_eq!(map.action(Context::Roster, &repeat), Some(Action::Down));
}

fn check_user_overrides(map: &Keymap) {
    let f = |n| press(KeyCode::F(n), NONE);
    // An added key; the default key still works and the added one is shown first.
    assert_eq!(map.action(Context::Form, &f(12)), Some(Action::Save));
    assert_eq!(map.action(Context::Form, &f(2)), Some(Action::Save));
    assert_eq!(map.key_for(Context::Form, Action::Save).as_deref(), Some("F12"));
    // A key taken over: F4 screens in the roster, so edit has no key left there.
    assert_eq!(map.action(Context::Roster, &f(4)), Some(Action::Screen));
    assert_eq!(map.action(Context::Roster, &f(5)), Some(Action::Screen));
    assert_eq!(map.key_for(Context::Roster, Action::Edit), None);
    let screen = map
        .bindings(Context::Roster)
        .into_iter()
        .find(|b| b.action == Action::Screen)
        .unwrap();
    assert_eq!(screen.keys, ["F4", "F5"]);
    assert_eq!(screen.desc(Lang::Vi), "Rà soát nguy cơ");
    // Only in the roster: the pupil's page keeps F4 for edit.
    assert_eq!(map.action(Context::Detail, &f(4)), Some(Action::Edit));
    // A key taken away.
    assert_eq!(map.action(Context::Roster, &press(KeyCode::Insert, NONE)), None);
    assert_eq!(map.action(Context::Roster, &f(2)), Some(Action::Add));
}

#[test]
fn a_user_file_overrides_key_by_key() {
    let (map, warnings) = load_path(&fixture("user.toml"));
    assert_eq!(warnings, []);
    check_user_overrides(&map);
}

#[test]
fn keymap_toml_in_the_config_folder_is_used_when_no_keymap_is_named() {
    let dir = tempfile::tempdir().unwrap();
    assert!(Keymap::load(None, Some(dir.path())).1.is_empty());
    // Notepad's byte-order mark is fine.
    let mut text = b"\xEF\xBB\xBF".to_vec();
    text.extend(std::fs::read(fixture("user.toml")).unwrap());
    std::fs::write(dir.path().join(USER_FILE), text).unwrap();
    let (map, warnings) = Keymap::load(None, Some(dir.path()));
    assert_eq!(warnings, []);
    check_user_overrides(&map);
    // A named keymap wins over the folder's.
    let (map, _) = Keymap::load(Some("default"), Some(dir.path()));
    assert_eq!(
        map.action(Context::Roster, &press(KeyCode::F(4), NONE)),
        Some(Action::Edit)
    );
}

#[test]
fn hints_and_bindings_are_built_for_people() {
    let mut map = Keymap::builtin();
    let hints = map.hints(Context::Roster, Lang::Vi);
    assert_eq!(hints[0], ("Enter".to_string(), "Mở".to_string()));
    assert!(hints.contains(&("F2".to_string(), "Thêm".to_string())));
    assert!(hints.contains(&("↓".to_string(), "Xuống".to_string())));
    // Global bindings come last, once, with the keys the context leaves them.
    assert_eq!(
        &hints[hints.len() - 2..],
        [("F1".into(), "Trợ giúp".into()), ("F10".into(), "Thoát".into())]
    );
    let help = map.bindings(Context::Help);
    assert!(
        help.iter().all(|b| b.action != Action::Help),
        "F1 and ? close help there"
    );
    assert_eq!(map.keys_for(Context::Roster, Action::Search), ["F3", "Ctrl+F"]);
    assert_eq!(map.keys_for(Context::Form, Action::PrevField), ["Shift+Tab", "↑"]);
    assert_eq!(map.key_for(Context::Confirm, Action::Yes).as_deref(), Some("y"));
    map.set_key_style(KeyStyle::Ascii);
    assert_eq!(map.keys_for(Context::Form, Action::PrevField), ["Shift+Tab", "Up"]);
    assert_eq!(
        map.hints(Context::Roster, Lang::En)[0],
        ("Enter".to_string(), "Open".to_string())
    );
}

#[test]
fn the_docs_name_every_action() {
    let docs = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/keymaps.md")).unwrap();
    for action in Action::ALL {
        assert!(
            docs.contains(&format!("`{}`", action_name(action))),
            "docs/keymaps.md lacks `{action:?}`"
        );
    }
}

// --- Broken files: the exact warning, and the program goes on with the defaults. ---

/// Loads a broken fixture; checks there is exactly one warning and that the default keys
/// still work. Returns the warning in both languages.
fn broken(name: &str) -> (Keymap, KeymapWarning) {
    let path = fixture(&format!("invalid/{name}"));
    let (map, warnings) = load_path(&path);
    assert_eq!(warnings.len(), 1, "{name}: {warnings:#?}");
    let w = warnings.into_iter().next().unwrap();
    assert_eq!(w.file, path);
    let defaults = Keymap::builtin();
    for context in Context::ALL {
        for b in defaults.bindings(context) {
            for k in &b.keys {
                let key = Key::parse(k).unwrap();
                let ev = press(key.code(), key.modifiers());
                assert_eq!(map.action(context, &ev), Some(b.action), "{name}: {k} in {context:?}");
            }
        }
    }
    (map, w)
}

fn expect(name: &str, line: Option<usize>, en: &str) -> Keymap {
    let (map, w) = broken(name);
    let path = fixture(&format!("invalid/{name}"));
    let at = line.map_or(String::new(), |l| format!(":{l}"));
    assert_eq!(w.line, line, "{name}");
    assert_eq!(w.message(Lang::En), format!("{}{at}: {en}", path.display()));
    assert!(w.message(Lang::Vi).starts_with(&format!("{}{at}: ", path.display())));
    assert_ne!(w.message_vi, w.message_en);
    map
}

/// The rest of the file still counts: its good entry binds F11 to quit.
fn rest_applies(map: &Keymap) {
    assert_eq!(
        map.action(Context::Roster, &press(KeyCode::F(11), NONE)),
        Some(Action::Quit)
    );
}

fn f12(map: &Keymap) -> Option<Action> {
    map.action(Context::Roster, &press(KeyCode::F(12), NONE))
}

#[test]
fn syntax_error_ignores_the_whole_file() {
    let map = expect(
        "syntax.toml",
        Some(7),
        "TOML syntax error: missing comma between array elements, expected `,`; the whole file is ignored, the default keys stay",
    );
    assert_eq!(map.action(Context::Roster, &press(KeyCode::F(11), NONE)), None);
}

#[test]
fn unknown_context() {
    let map = expect(
        "unknown_context.toml",
        Some(6),
        "unknown context [[rooster]] (known: global, roster, search, detail, form, confirm, help, timeline, reminders, dashboard, sessions, entry, sync, lock); section ignored",
    );
    rest_applies(&map);
    assert_eq!(f12(&map), None);
}

#[test]
fn unknown_action_suggests_the_name() {
    let map = expect(
        "unknown_action.toml",
        Some(8),
        "unknown action `pagedown` (did you mean `page_down`?); entry ignored",
    );
    let (_, w) = broken("unknown_action.toml");
    assert_eq!(
        w.problem(Lang::Vi),
        "không có lệnh `pagedown` (có phải `page_down`?); bỏ qua mục này"
    );
    rest_applies(&map);
    assert_eq!(f12(&map), None);
}

#[test]
fn unknown_key_drops_only_that_key() {
    let map = expect(
        "unknown_key.toml",
        Some(7),
        r#"unknown key name "Dwn" (valid examples: "Enter", "F2", "Ctrl+F", "j"); key ignored"#,
    );
    rest_applies(&map);
    assert_eq!(f12(&map), Some(Action::Down));
}

#[test]
fn missing_on() {
    let map = expect(
        "missing_on.toml",
        Some(6),
        "entry has no `on` (its keys); entry ignored",
    );
    rest_applies(&map);
}

#[test]
fn missing_run() {
    let map = expect(
        "missing_run.toml",
        Some(6),
        "entry has no `run` (its action); entry ignored",
    );
    rest_applies(&map);
    assert_eq!(f12(&map), None);
}

#[test]
fn missing_description_in_one_language() {
    let map = expect(
        "missing_desc.toml",
        Some(6),
        "missing description `desc_en` (both desc_vi and desc_en are needed); entry ignored",
    );
    let (_, w) = broken("missing_desc.toml");
    assert_eq!(
        w.problem(Lang::Vi),
        "thiếu mô tả `desc_en` (cần cả desc_vi và desc_en); bỏ qua mục này"
    );
    rest_applies(&map);
    assert_eq!(f12(&map), None);
}

#[test]
fn key_bound_twice_names_both_sides() {
    let map = expect(
        "duplicate_key.toml",
        Some(11),
        "key F12 is bound twice in [[roster]]: to `add` on line 7 and to `edit` on line 11; `add` keeps it, ignored on line 11",
    );
    let (_, w) = broken("duplicate_key.toml");
    assert_eq!(
        w.problem(Lang::Vi),
        "phím F12 bị gán hai lần trong [[roster]]: cho `add` ở dòng 7 và cho `edit` ở dòng 11; giữ `add`, bỏ qua phím này ở dòng 11"
    );
    rest_applies(&map);
    assert_eq!(f12(&map), Some(Action::Add));
    assert_eq!(
        map.action(Context::Roster, &press(KeyCode::Char('o'), CTRL)),
        Some(Action::Edit)
    );
}

#[test]
fn printable_key_in_search() {
    let map = expect(
        "printable_in_search.toml",
        Some(7),
        "key ? types a character, so it cannot be bound in [[search]] where text is typed; use a function key or Ctrl+…; key ignored",
    );
    rest_applies(&map);
    assert_eq!(map.action(Context::Search, &ch('?')), None);
}

#[test]
fn printable_key_in_form() {
    let map = expect(
        "printable_in_form.toml",
        Some(7),
        "key s types a character, so it cannot be bound in [[form]] where text is typed; use a function key or Ctrl+…; key ignored",
    );
    rest_applies(&map);
    assert_eq!(map.action(Context::Form, &ch('s')), None);
    assert_eq!(
        map.action(Context::Form, &press(KeyCode::Char('w'), CTRL)),
        Some(Action::Save)
    );
}

#[test]
fn unknown_field_is_ignored_and_the_entry_kept() {
    let map = expect(
        "unknown_field.toml",
        Some(9),
        "unknown field `desc` (known: on, run, desc_vi, desc_en); field ignored",
    );
    rest_applies(&map);
    assert_eq!(f12(&map), Some(Action::Add));
}

#[test]
fn wrong_types() {
    let cases = [
        (
            "on_not_list.toml",
            7,
            r#"`on` must be a list of keys, e.g. on = ["F2"]; entry ignored"#,
        ),
        (
            "key_not_text.toml",
            7,
            r#"each key in `on` must be a string, e.g. "Ctrl+F"; key ignored"#,
        ),
        (
            "run_not_text.toml",
            8,
            r#"`run` must be an action name, e.g. run = "down"; entry ignored"#,
        ),
        ("desc_not_text.toml", 9, "`desc_vi` must be text; entry ignored"),
        (
            "section_not_list.toml",
            6,
            "roster must be a list of [[roster]] entries; section ignored",
        ),
    ];
    for (name, line, en) in cases {
        let map = expect(name, Some(line), en);
        rest_applies(&map);
        assert_eq!(f12(&map), None, "{name}");
    }
    let map = expect(
        "entry_not_table.toml",
        Some(2),
        "each entry of [[roster]] must be a table with on and run; entry ignored",
    );
    rest_applies(&map);
}

#[test]
fn a_file_not_in_utf8() {
    let map = expect(
        "not_utf8.toml",
        Some(9),
        "the file is not UTF-8; save it again as UTF-8; the default keys stay",
    );
    assert_eq!(map.action(Context::Roster, &press(KeyCode::F(11), NONE)), None);
}

#[test]
fn a_missing_file_names_the_shipped_keymaps() {
    let path = fixture("invalid/no_such_file.toml");
    let (map, warnings) = load_path(&path);
    assert_eq!(warnings.len(), 1);
    assert_eq!(
        warnings[0].message(Lang::En),
        format!(
            "{}: no such file; the shipped keymaps are: default, vim",
            path.display()
        )
    );
    assert_eq!(
        warnings[0].message(Lang::Vi),
        format!("{}: không có tệp này; các bộ phím có sẵn: default, vim", path.display())
    );
    assert_eq!(
        map.action(Context::Roster, &press(KeyCode::Down, NONE)),
        Some(Action::Down)
    );
}

/// A keymap file in a folder of its own.
fn written(text: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("phim.toml");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

#[test]
fn a_keymap_file_over_256_kb_is_refused_whole_with_a_warning_naming_it() {
    use sotay::tui::keymap::MAX_FILE_BYTES;
    // A valid file: an entry binding F11 to quit, then comments up to the size.
    let entry = "[[global]]\non = [\"F11\"]\nrun = \"quit\"\n";
    let fill = |size: u64| {
        let mut text = entry.to_string();
        while (text.len() as u64) < size {
            text.push_str("# Một dòng chú thích cho đủ cỡ tệp.\n");
        }
        text.truncate(size as usize - 1);
        text.push('\n');
        text
    };
    // At the limit the file counts.
    let (_dir, path) = written(fill(MAX_FILE_BYTES).as_bytes());
    let (map, warnings) = load_path(&path);
    assert_eq!(warnings, []);
    assert_eq!(
        map.action(Context::Roster, &press(KeyCode::F(11), NONE)),
        Some(Action::Quit)
    );
    // A byte over it (and 4 MB) is refused: one warning, nothing of the file, the defaults.
    for size in [MAX_FILE_BYTES + 1, 4 << 20] {
        let (_dir, path) = written(fill(size).as_bytes());
        let (map, warnings) = load_path(&path);
        assert_eq!(warnings.len(), 1, "{size}");
        assert_eq!(warnings[0].file, path);
        assert_eq!(
            warnings[0].message(Lang::En),
            format!(
                "{}: the file is larger than 256 kB, too large for a keymap; the whole file is ignored, the default keys stay",
                path.display()
            )
        );
        assert_eq!(
            warnings[0].message(Lang::Vi),
            format!(
                "{}: tệp lớn hơn 256 kB, quá lớn cho một bộ phím; bỏ qua cả tệp, vẫn dùng phím mặc định",
                path.display()
            )
        );
        assert_eq!(map.action(Context::Roster, &press(KeyCode::F(11), NONE)), None);
        assert_eq!(
            map.action(Context::Roster, &press(KeyCode::F(10), NONE)),
            Some(Action::Quit)
        );
    }
}

#[test]
fn a_file_that_never_ends_is_refused_without_reading_it_all() {
    // A device (or a file still being written) has no size to check first.
    if !Path::new("/dev/zero").exists() {
        return;
    }
    let (map, warnings) = load_path(Path::new("/dev/zero"));
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0].message(Lang::En).contains("larger than 256 kB"),
        "{warnings:?}"
    );
    assert_eq!(
        map.action(Context::Roster, &press(KeyCode::F(10), NONE)),
        Some(Action::Quit)
    );
}

/// Every context, and the key that quits there, if any.
fn quit_keys(map: &Keymap) -> Vec<(Context, Vec<String>)> {
    Context::ALL
        .into_iter()
        .map(|c| (c, map.keys_for(c, Action::Quit)))
        .collect()
}

#[test]
fn a_keymap_that_takes_away_every_way_to_quit_keeps_f10_and_says_so() {
    let f10 = press(KeyCode::F(10), NONE);
    // Both quit keys unbound: F10 quits everywhere again.
    let (_dir, path) = written(b"[[global]]\non = [\"F10\", \"Ctrl+Q\"]\nrun = \"none\"\n");
    let (map, warnings) = load_path(&path);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].file, path);
    // The lock screen has a quit key of its own (Esc), so it is never left without one.
    let all = Context::ALL
        .into_iter()
        .filter(|c| *c != Context::Lock)
        .map(|c| format!("[[{}]]", sotay::tui::keymap::context_name(c)))
        .collect::<Vec<_>>()
        .join(", ");
    assert_eq!(
        warnings[0].message(Lang::En),
        format!(
            "{}: the file leaves no key to quit sotay in {all}; F10 quits there again",
            path.display()
        )
    );
    assert_eq!(
        warnings[0].message(Lang::Vi),
        format!(
            "{}: tệp không để lại phím nào để thoát khỏi sotay trong {all}; F10 vẫn thoát được ở đó",
            path.display()
        )
    );
    for context in Context::ALL {
        assert_eq!(map.action(context, &f10), Some(Action::Quit), "{context:?}");
    }
    assert_eq!(map.action(Context::Roster, &press(KeyCode::Char('q'), CTRL)), None);

    // Quit left only on a letter: where text is typed it can't quit, and help binds `q` to
    // close, so F10 is given back there (taken from what the file bound it to), and only
    // there.
    let text = "[[global]]\non = [\"q\"]\nrun = \"quit\"\n\
                [[global]]\non = [\"F10\", \"Ctrl+Q\"]\nrun = \"none\"\n\
                [[form]]\non = [\"F10\"]\nrun = \"save\"\n\
                [[roster]]\non = [\"F10\"]\nrun = \"sort\"\n";
    let (_dir, path) = written(text.as_bytes());
    let (map, warnings) = load_path(&path);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(
        warnings[0].message(Lang::En),
        format!(
            "{}: the file leaves no key to quit sotay in [[search]], [[form]], [[help]]; F10 quits there again",
            path.display()
        )
    );
    assert_eq!(map.action(Context::Form, &f10), Some(Action::Quit));
    assert_eq!(map.action(Context::Search, &f10), Some(Action::Quit));
    assert_eq!(map.action(Context::Help, &f10), Some(Action::Quit));
    assert_eq!(map.keys_for(Context::Form, Action::Save), ["F2", "Ctrl+S"]);
    // Where the file left a way out, its bindings stand.
    assert_eq!(map.action(Context::Roster, &f10), Some(Action::Sort));
    assert_eq!(map.action(Context::Roster, &ch('q')), Some(Action::Quit));
    assert!(
        quit_keys(&map).iter().all(|(_, keys)| !keys.is_empty()),
        "{:?}",
        quit_keys(&map)
    );
}

#[test]
fn a_keymap_that_keeps_a_way_to_quit_everywhere_is_left_as_it_is() {
    // F10 sorts in the class list, and Ctrl+Q still quits there: no warning.
    let (_dir, path) = written(b"[[roster]]\non = [\"F10\"]\nrun = \"sort\"\n");
    let (map, warnings) = load_path(&path);
    assert_eq!(warnings, []);
    assert_eq!(
        map.action(Context::Roster, &press(KeyCode::F(10), NONE)),
        Some(Action::Sort)
    );
    assert_eq!(map.keys_for(Context::Roster, Action::Quit), ["Ctrl+Q"]);
}

// --- Property tests: keymap files no one should write (docs/reliability.md) ----------------

mod decoders {
    use super::*;
    use crate::bounded::{budget, config, peak_of};
    use proptest::prelude::*;
    use sotay::tui::keymap::context_name;

    fn context() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => prop::sample::select(Context::ALL.to_vec()).prop_map(|c| context_name(c).to_string()),
            1 => "[a-z_]{1,8}",
        ]
    }

    fn action() -> impl Strategy<Value = String> {
        prop_oneof![
            6 => prop::sample::select(Action::ALL.to_vec()).prop_map(|a| action_name(a).to_string()),
            1 => Just("none".to_string()),
            1 => "[a-zA-Z_ -]{0,10}",
        ]
    }

    /// A key name as people write them, or nearly.
    fn key_name() -> impl Strategy<Value = String> {
        prop_oneof![
            (1..=24u8).prop_map(|n| format!("F{n}")),
            prop::sample::select(vec![
                "Ctrl+Q",
                "Ctrl+q",
                "q",
                "Q",
                "Enter",
                "Esc",
                "Tab",
                "Shift+Tab",
                "BackTab",
                "Space",
                " ",
                "Up",
                "↓",
                "PgDn",
                "Home",
                "Delete",
                "?",
                "/",
                "+",
                "Ctrl++",
                "Ctrl+Alt+x",
                "Alt+X",
                "Shift+g",
                "đ",
                "a\u{300}",
                "",
                "Ctrl+",
                "F0",
                "F99",
                "Hyper+Z",
            ])
            .prop_map(str::to_string),
            "\\PC{0,3}",
            "(Ctrl\\+|Alt\\+|Shift\\+){0,3}\\PC",
        ]
    }

    /// `s` as a TOML basic string.
    fn quoted(s: &str) -> String {
        let mut out = String::from("\"");
        for c in s.chars() {
            match c {
                '"' | '\\' => {
                    out.push('\\');
                    out.push(c);
                }
                c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }

    /// A value for any field: mostly what fits, sometimes the wrong type.
    fn value() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => prop::collection::vec(key_name(), 0..5).prop_map(|ks| {
                format!("[{}]", ks.iter().map(|k| quoted(k)).collect::<Vec<_>>().join(", "))
            }),
            2 => key_name().prop_map(|k| quoted(&k)),
            2 => action().prop_map(|a| quoted(&a)),
            2 => "\\PC{0,20}".prop_map(|t| quoted(&t)),
            1 => any::<i64>().prop_map(|n| n.to_string()),
            1 => Just("true".to_string()),
            1 => Just("{ on = \"F2\" }".to_string()),
            1 => Just("[[\"F2\"], 3, {}]".to_string()),
        ]
    }

    fn field() -> impl Strategy<Value = String> {
        prop_oneof![
            6 => prop::sample::select(vec!["on", "run", "desc_vi", "desc_en"]).prop_map(str::to_string),
            1 => "[a-z_]{1,8}",
        ]
    }

    /// One entry of a keymap file: TOML, though not always of the right shape.
    fn entry() -> impl Strategy<Value = String> {
        let fields = prop::collection::btree_map(field(), value(), 0..5);
        (context(), fields, any::<bool>()).prop_map(|(c, fields, comment)| {
            let mut text = format!("[[{c}]]\n");
            for (f, v) in fields {
                text.push_str(&format!("{f} = {v}\n"));
            }
            if comment {
                text.push_str("# a comment\n");
            }
            text
        })
    }

    /// One line of a keymap file: TOML, though not always of the right shape.
    fn toml_line() -> impl Strategy<Value = String> {
        prop_oneof![
            3 => context().prop_map(|c| format!("[[{c}]]")),
            8 => (field(), value()).prop_map(|(f, v)| format!("{f} = {v}")),
            1 => Just("# a comment".to_string()),
        ]
    }

    /// One line of a keymap file, or of something like one.
    fn line() -> impl Strategy<Value = String> {
        prop_oneof![
            12 => toml_line(),
            1 => context().prop_map(|c| format!("[{c}]")),
            1 => (context(), prop::collection::vec(key_name(), 0..4), action()).prop_map(|(c, ks, a)| {
                let ks: Vec<String> = ks.iter().map(|k| quoted(k)).collect();
                format!("{c} = [ {{ on = [{}], run = {} }} ]", ks.join(", "), quoted(&a))
            }),
            1 => "[\\[\\]={}\",a-zA-Z0-9 #.+\\\\-]{0,40}",
            1 => "\\PC{0,30}",
        ]
    }

    /// Checks what any keymap must give, whatever file it came from: every warning names the
    /// file and a line in it; every screen has a way to quit; and every key the bottom line
    /// and help show does what they say.
    fn check(map: &Keymap, warnings: &[KeymapWarning], file: &Path, lines: usize) {
        for w in warnings {
            assert_eq!(w.file, file);
            assert!(
                w.line.is_none_or(|l| (1..=lines.max(1)).contains(&l)),
                "{w:?} in {lines} lines"
            );
            assert!(!w.message(Lang::Vi).is_empty() && !w.message(Lang::En).is_empty());
        }
        for context in Context::ALL {
            assert!(
                map.key_for(context, Action::Quit).is_some(),
                "no way to quit in {context:?}"
            );
            let _ = map.hints(context, Lang::Vi);
            for b in map.bindings(context) {
                assert!(!b.keys.is_empty());
                for shown in &b.keys {
                    let key = Key::parse(shown).unwrap_or_else(|| panic!("{shown:?} does not parse back"));
                    let ev = press(key.code(), key.modifiers());
                    assert_eq!(map.action(context, &ev), Some(b.action), "{shown} in {context:?}");
                }
            }
        }
    }

    fn load_bytes(bytes: &[u8]) -> (tempfile::TempDir, PathBuf, Keymap, Vec<KeymapWarning>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keymap.toml");
        std::fs::write(&path, bytes).unwrap();
        let ((map, warnings), peak) = peak_of(|| load_path(&path));
        assert!(
            peak <= budget(bytes.len()),
            "{peak} bytes for a file of {}",
            bytes.len()
        );
        (dir, path, map, warnings)
    }

    proptest! {
        #![proptest_config(config(400))]

        #[test]
        fn any_keymap_shaped_toml_loads_with_warnings_and_a_way_to_quit_everywhere(
            entries in prop::collection::vec(entry(), 0..30),
        ) {
            let text = entries.concat();
            let (_dir, path, map, warnings) = load_bytes(text.as_bytes());
            check(&map, &warnings, &path, text.lines().count());
        }

        #[test]
        fn any_toml_like_file_loads_with_warnings_and_a_way_to_quit_everywhere(
            lines in prop::collection::vec(line(), 0..40),
        ) {
            let text = lines.join("\n");
            let (_dir, path, map, warnings) = load_bytes(text.as_bytes());
            check(&map, &warnings, &path, text.lines().count());
        }

        #[test]
        fn any_bytes_load_with_warnings_and_a_way_to_quit_everywhere(
            bytes in prop::collection::vec(any::<u8>(), 0..2000),
        ) {
            let (_dir, path, map, warnings) = load_bytes(&bytes);
            check(&map, &warnings, &path, bytes.split(|b| *b == b'\n').count());
        }

        #[test]
        fn the_shipped_keymaps_with_lines_changed_still_load(
            which in any::<prop::sample::Index>(),
            changes in prop::collection::vec((any::<prop::sample::Index>(), line()), 1..6),
        ) {
            let (_, text) = which.get(&SHIPPED);
            let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
            for (at, new) in changes {
                let i = at.index(lines.len());
                lines[i] = new;
            }
            let text = lines.join("\n");
            let (_dir, path, map, warnings) = load_bytes(text.as_bytes());
            check(&map, &warnings, &path, text.lines().count());
        }
    }
}

#[test]
fn keys_whose_other_case_is_not_one_letter_are_shown_as_they_parse() {
    // Found by the property tests: "Ctrl+ᾼ" was shown as "Ctrl+ΑΙ" (its capital is two
    // letters), which is no key, so the help named a key that does not exist.
    let (_dir, path) = written("[[roster]]\non = [\"Ctrl+ᾼ\", \"Alt+ϴ\"]\nrun = \"sort\"\n".as_bytes());
    let (map, warnings) = load_path(&path);
    assert_eq!(warnings, []);
    let shown = map.keys_for(Context::Roster, Action::Sort);
    assert_eq!(shown, ["Ctrl+ᾳ", "Alt+ϴ", "F7"]);
    for k in &shown {
        let key = Key::parse(k).unwrap();
        assert_eq!(
            map.action(Context::Roster, &press(key.code(), key.modifiers())),
            Some(Action::Sort),
            "{k}"
        );
    }
}
