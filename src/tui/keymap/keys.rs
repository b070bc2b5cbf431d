//! One key as a keymap sees it: parsed from what people write in a file ("Ctrl+F", "F2",
//! "G"), normalised from what the terminal sends, and printed back for people.

use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use unicode_normalization::UnicodeNormalization;

/// How keys are printed for people. The arrows are the only keys that differ.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum KeyStyle {
    /// ↑ ↓ ← →: short, and in every console font we target (even code page 437 has them).
    #[default]
    Symbols,
    /// Up Down Left Right: for consoles that show the arrows as boxes.
    Ascii,
}

/// A key code with its modifiers, normalised so that what a terminal sends and what a
/// file says compare equal (see [`Key::new`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    code: KeyCode,
    mods: KeyModifiers,
}

impl Key {
    /// Normalises: terminals disagree on how they report Shift, so
    /// - a character with Shift is the shifted character ('g'+Shift = 'G'; '?'+Shift, which
    ///   Windows sends, = '?');
    /// - with Ctrl a letter's case is dropped (legacy terminals send the same byte for
    ///   Ctrl+f and Ctrl+Shift+F), so "Ctrl+F" in a file means Ctrl+f;
    /// - Shift+Tab is BackTab, whatever Shift flag comes with it.
    ///
    /// Ctrl+Alt stays Ctrl+Alt (it is AltGr on Windows), so it never matches a Ctrl binding.
    pub fn new(code: KeyCode, mods: KeyModifiers) -> Key {
        let mut mods = mods;
        let code = match code {
            KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::Char(single(c.to_lowercase()).unwrap_or(c))
            }
            KeyCode::Char(c) if mods.contains(KeyModifiers::SHIFT) => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::Char(single(c.to_uppercase()).unwrap_or(c))
            }
            KeyCode::BackTab => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            KeyCode::Tab if mods.contains(KeyModifiers::SHIFT) => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            other => other,
        };
        Key { code, mods }
    }

    pub fn from_event(event: &KeyEvent) -> Key {
        Key::new(event.code, event.modifiers)
    }

    pub fn code(&self) -> KeyCode {
        self.code
    }

    pub fn modifiers(&self) -> KeyModifiers {
        self.mods
    }

    /// True when, in a text field, this key types a character: a plain character, or one
    /// made with AltGr (Ctrl+Alt on Windows). Such keys can't be bound where text is typed.
    pub fn is_printable(&self) -> bool {
        let altgr = KeyModifiers::CONTROL | KeyModifiers::ALT;
        matches!(self.code, KeyCode::Char(c) if !c.is_control()) && (self.mods.is_empty() || self.mods == altgr)
    }

    /// Parses a key as written in a keymap file: optional modifiers (`Ctrl+`, `Alt+`,
    /// `Shift+`, any case) then a key name (`Enter`, `F2`, `PageDown`, `Space`…, any case)
    /// or a single character (`j`, `G`, `?`, `+`).
    pub fn parse(text: &str) -> Option<Key> {
        // "ă" written decomposed is two chars; composed it is one key.
        let text: String = text.nfc().collect();
        let mut mods = KeyModifiers::NONE;
        let mut rest = text.as_str();
        // "Ctrl++" is Ctrl and '+': a modifier needs something after its '+'.
        while let Some((head, tail)) = rest.split_once('+')
            && !tail.is_empty()
            && let Some(flag) = modifier(head)
        {
            mods |= flag;
            rest = tail;
        }
        let code = named(rest).or_else(|| single(rest.chars()).map(KeyCode::Char))?;
        Some(Key::new(code, mods))
    }

    /// The key for people, e.g. "Ctrl+F", "Shift+Tab", "PgDn", "↑" (or "Up" in ASCII).
    /// What it prints parses back to the same key.
    pub fn render(&self, style: KeyStyle) -> String {
        let mut out = String::new();
        let mut mods = self.mods;
        let name = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            // Ctrl+letter is case-blind; capitals are how people write it, where the capital
            // is one letter that reads back as this one ('ᾳ' becomes "ΑΙ": not a key).
            KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => {
                case_pair(c, char::to_uppercase, char::to_lowercase)
                    .unwrap_or(c)
                    .to_string()
            }
            // Alt+X alone would read as Alt+x: spell the Shift out (where Shift+x reads back
            // as X).
            KeyCode::Char(c)
                if !mods.is_empty()
                    && c.is_uppercase()
                    && case_pair(c, char::to_lowercase, char::to_uppercase).is_some() =>
            {
                mods |= KeyModifiers::SHIFT;
                case_pair(c, char::to_lowercase, char::to_uppercase)
                    .unwrap_or(c)
                    .to_string()
            }
            KeyCode::Char(c) => c.to_string(),
            KeyCode::BackTab => {
                mods |= KeyModifiers::SHIFT;
                "Tab".to_string()
            }
            KeyCode::F(n) => format!("F{n}"),
            KeyCode::Up => arrow(style, "↑", "Up"),
            KeyCode::Down => arrow(style, "↓", "Down"),
            KeyCode::Left => arrow(style, "←", "Left"),
            KeyCode::Right => arrow(style, "→", "Right"),
            KeyCode::Enter => "Enter".to_string(),
            KeyCode::Esc => "Esc".to_string(),
            KeyCode::Tab => "Tab".to_string(),
            KeyCode::Backspace => "Backspace".to_string(),
            KeyCode::Delete => "Del".to_string(),
            KeyCode::Insert => "Ins".to_string(),
            KeyCode::Home => "Home".to_string(),
            KeyCode::End => "End".to_string(),
            KeyCode::PageUp => "PgUp".to_string(),
            KeyCode::PageDown => "PgDn".to_string(),
            // Not parseable, so never bound; only here to print something.
            other => format!("{other:?}"),
        };
        for (flag, label) in MODIFIERS_SHOWN {
            if mods.contains(flag) {
                out.push_str(label);
                out.push('+');
            }
        }
        out.push_str(&name);
        out
    }
}

/// The ASCII rendering, which is also valid keymap-file syntax.
impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(KeyStyle::Ascii))
    }
}

const MODIFIERS_SHOWN: [(KeyModifiers, &str); 6] = [
    (KeyModifiers::CONTROL, "Ctrl"),
    (KeyModifiers::ALT, "Alt"),
    (KeyModifiers::SHIFT, "Shift"),
    (KeyModifiers::SUPER, "Super"),
    (KeyModifiers::HYPER, "Hyper"),
    (KeyModifiers::META, "Meta"),
];

fn arrow(style: KeyStyle, symbol: &str, word: &str) -> String {
    match style {
        KeyStyle::Symbols => symbol.to_string(),
        KeyStyle::Ascii => word.to_string(),
    }
}

/// `c` in the other case (`to`), if that is one character that `back` turns into `c` again:
/// what a key is printed as must parse back to the same key.
fn case_pair<I: Iterator<Item = char>, J: Iterator<Item = char>>(
    c: char,
    to: impl Fn(char) -> I,
    back: impl Fn(char) -> J,
) -> Option<char> {
    single(to(c)).filter(|&other| single(back(other)) == Some(c))
}

/// The only item of `it`, if it has exactly one.
fn single<T>(mut it: impl Iterator<Item = T>) -> Option<T> {
    let first = it.next()?;
    it.next().is_none().then_some(first)
}

fn modifier(name: &str) -> Option<KeyModifiers> {
    Some(match name.to_ascii_lowercase().as_str() {
        "ctrl" | "control" => KeyModifiers::CONTROL,
        "alt" => KeyModifiers::ALT,
        "shift" => KeyModifiers::SHIFT,
        "super" => KeyModifiers::SUPER,
        "hyper" => KeyModifiers::HYPER,
        "meta" => KeyModifiers::META,
        _ => return None,
    })
}

fn named(name: &str) -> Option<KeyCode> {
    let lower = name.to_ascii_lowercase();
    Some(match lower.as_str() {
        "enter" | "return" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backtab" => KeyCode::BackTab,
        "backspace" => KeyCode::Backspace,
        "delete" | "del" => KeyCode::Delete,
        "insert" | "ins" => KeyCode::Insert,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pageup" | "pgup" => KeyCode::PageUp,
        "pagedown" | "pgdn" | "pgdown" => KeyCode::PageDown,
        "up" | "↑" => KeyCode::Up,
        "down" | "↓" => KeyCode::Down,
        "left" | "←" => KeyCode::Left,
        "right" | "→" => KeyCode::Right,
        "space" => KeyCode::Char(' '),
        _ => {
            let n: u8 = lower.strip_prefix('f')?.parse().ok()?;
            // "F05" is not a key name.
            if !(1..=24).contains(&n) || lower.len() != n.to_string().len() + 1 {
                return None;
            }
            KeyCode::F(n)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> Key {
        Key::new(code, mods)
    }

    #[test]
    fn parses_names_modifiers_and_characters() {
        let none = KeyModifiers::NONE;
        assert_eq!(Key::parse("Enter"), Some(key(KeyCode::Enter, none)));
        assert_eq!(Key::parse("esc"), Some(key(KeyCode::Esc, none)));
        assert_eq!(Key::parse("F2"), Some(key(KeyCode::F(2), none)));
        assert_eq!(Key::parse("f12"), Some(key(KeyCode::F(12), none)));
        assert_eq!(Key::parse("PageDown"), Some(key(KeyCode::PageDown, none)));
        assert_eq!(Key::parse("Space"), Some(key(KeyCode::Char(' '), none)));
        assert_eq!(Key::parse("j"), Some(key(KeyCode::Char('j'), none)));
        assert_eq!(Key::parse("G"), Some(key(KeyCode::Char('G'), none)));
        assert_eq!(Key::parse("?"), Some(key(KeyCode::Char('?'), none)));
        assert_eq!(Key::parse("+"), Some(key(KeyCode::Char('+'), none)));
        assert_eq!(Key::parse("đ"), Some(key(KeyCode::Char('đ'), none)));
        assert_eq!(Key::parse("a\u{306}"), Some(key(KeyCode::Char('ă'), none)));
        assert_eq!(
            Key::parse("Ctrl+F"),
            Some(key(KeyCode::Char('f'), KeyModifiers::CONTROL))
        );
        assert_eq!(Key::parse("ctrl+f"), Key::parse("Ctrl+F"));
        assert_eq!(
            Key::parse("Ctrl++"),
            Some(key(KeyCode::Char('+'), KeyModifiers::CONTROL))
        );
        assert_eq!(Key::parse("Alt+x"), Some(key(KeyCode::Char('x'), KeyModifiers::ALT)));
        assert_eq!(Key::parse("Shift+Tab"), Some(key(KeyCode::BackTab, none)));
        assert_eq!(Key::parse("BackTab"), Some(key(KeyCode::BackTab, none)));
        assert_eq!(Key::parse("Shift+g"), Key::parse("G"));
        assert_eq!(Key::parse("↑"), Some(key(KeyCode::Up, none)));
    }

    #[test]
    fn rejects_what_is_not_a_key() {
        for bad in [
            "",
            "Dwn",
            "F0",
            "F25",
            "F05",
            "Ctrl+",
            "Ctrl+Foo",
            "a+b",
            "jj",
            "Hyperspace",
        ] {
            assert_eq!(Key::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn printing_round_trips_in_both_styles() {
        let names = [
            "Enter",
            "Esc",
            "Tab",
            "Shift+Tab",
            "Backspace",
            "Del",
            "Ins",
            "Home",
            "End",
            "PgUp",
            "PgDn",
            "Up",
            "Down",
            "Left",
            "Right",
            "Space",
            "F1",
            "F10",
            "F24",
            "j",
            "G",
            "?",
            "/",
            "+",
            "đ",
            "Ctrl+F",
            "Ctrl+Q",
            "Ctrl++",
            "Ctrl+Space",
            "Alt+x",
            "Alt+Shift+x",
            "Ctrl+Alt+Q",
            "Shift+F5",
            "Shift+Up",
            "Ctrl+Down",
        ];
        for name in names {
            let k = Key::parse(name).unwrap_or_else(|| panic!("{name}"));
            for style in [KeyStyle::Symbols, KeyStyle::Ascii] {
                assert_eq!(Key::parse(&k.render(style)), Some(k), "{name} in {style:?}");
            }
            assert_eq!(k.to_string(), name);
        }
    }

    #[test]
    fn prints_for_people() {
        let p = |s: &str, style| Key::parse(s).unwrap().render(style);
        assert_eq!(p("ctrl+f", KeyStyle::Symbols), "Ctrl+F");
        assert_eq!(p("Down", KeyStyle::Symbols), "↓");
        assert_eq!(p("Down", KeyStyle::Ascii), "Down");
        assert_eq!(p("BackTab", KeyStyle::Ascii), "Shift+Tab");
        assert_eq!(p("PageDown", KeyStyle::Ascii), "PgDn");
        assert_eq!(p("Delete", KeyStyle::Ascii), "Del");
        assert_eq!(p("Alt+X", KeyStyle::Ascii), "Alt+Shift+x");
    }

    #[test]
    fn normalises_what_terminals_send() {
        let shift = KeyModifiers::SHIFT;
        let ctrl = KeyModifiers::CONTROL;
        let alt = KeyModifiers::ALT;
        let g = Key::parse("G").unwrap();
        assert_eq!(Key::from_event(&KeyEvent::new(KeyCode::Char('G'), shift)), g);
        assert_eq!(Key::from_event(&KeyEvent::new(KeyCode::Char('g'), shift)), g);
        let q = Key::parse("?").unwrap();
        assert_eq!(Key::from_event(&KeyEvent::new(KeyCode::Char('?'), shift)), q);
        let ctrl_f = Key::parse("Ctrl+F").unwrap();
        assert_eq!(Key::from_event(&KeyEvent::new(KeyCode::Char('f'), ctrl)), ctrl_f);
        assert_eq!(
            Key::from_event(&KeyEvent::new(KeyCode::Char('F'), ctrl | shift)),
            ctrl_f
        );
        assert_ne!(Key::from_event(&KeyEvent::new(KeyCode::Char('f'), ctrl | alt)), ctrl_f);
        let backtab = Key::parse("BackTab").unwrap();
        assert_eq!(Key::from_event(&KeyEvent::new(KeyCode::BackTab, shift)), backtab);
        assert_eq!(Key::from_event(&KeyEvent::new(KeyCode::Tab, shift)), backtab);
    }

    #[test]
    fn printable_means_it_types_a_character() {
        let p = |s: &str| Key::parse(s).unwrap().is_printable();
        assert!(p("j") && p("G") && p("?") && p("Space") && p("Ctrl+Alt+q"));
        assert!(!p("Ctrl+F") && !p("Alt+x") && !p("F2") && !p("Enter") && !p("Tab"));
    }
}
