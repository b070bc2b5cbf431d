//! Keymaps: which key does what, per context. The default is embedded from
//! `keymaps/default.toml`; a user's file overrides it key by key.
//!
//! API CONTRACT (the TUI is written against it; keep these signatures):

use std::path::{Path, PathBuf};

use ratatui::crossterm::event::KeyEvent;

use super::action::{Action, Context};
use crate::i18n::Lang;

/// One binding as the bottom line and the help popup show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Binding {
    pub context: Context,
    pub action: Action,
    /// Keys as written for people: "Enter", "Ctrl+F", "F2", "j".
    pub keys: Vec<String>,
    pub desc_vi: String,
    pub desc_en: String,
}

impl Binding {
    pub fn desc(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.desc_vi,
            Lang::En => &self.desc_en,
        }
    }
}

/// A problem found in a keymap file: the program carries on with the defaults for the
/// bindings concerned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeymapWarning {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub message_vi: String,
    pub message_en: String,
}

#[derive(Clone, Debug)]
pub struct Keymap {}

impl Keymap {
    /// The embedded default keymap.
    pub fn builtin() -> Keymap {
        todo!()
    }
    /// The default, overridden by `spec` (a shipped keymap's name such as `vim`, or a
    /// file path) or else by `keymap.toml` in `config_dir` when it exists.
    pub fn load(_spec: Option<&str>, _config_dir: Option<&Path>) -> (Keymap, Vec<KeymapWarning>) {
        todo!()
    }
    /// The action bound to `key` in `context`, falling back to the global bindings.
    /// Only key presses should be passed in.
    pub fn action(&self, _context: Context, _key: &KeyEvent) -> Option<Action> {
        todo!()
    }
    /// The bindings that work in `context` (its own, then the global ones it does not
    /// shadow), in file order: the bottom line and help are built from this.
    pub fn bindings(&self, _context: Context) -> Vec<Binding> {
        todo!()
    }
}
