//! Keymaps: which key does what, per context. The default is embedded from
//! `keymaps/default.toml`; a user's file overrides it key by key (see `docs/keymaps.md`).
//!
//! Layering a file on a keymap, per context:
//! - a key the file binds is taken from whatever the layer below bound it to;
//! - an action the file binds keeps its other keys from below: the file's keys are *added*,
//!   in front, so they are the ones the bottom line shows. We add rather than replace (as
//!   television does) so that a teacher who adds a key can't lose the ones the help and
//!   colleagues taught, and so `vim.toml` can add `j` without repeating `Down`.
//!   `run = "none"` takes a key away;
//! - descriptions may be left out when the layer below describes the action.
//!
//! A bad entry is dropped with a warning naming file and line; the rest of the file, and
//! the default for everything it didn't manage to change, stay in force.

mod keys;
mod names;
mod parse;

use std::collections::{BTreeMap, HashSet};
use std::fmt::Display;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use ratatui::crossterm::event::{KeyEvent, KeyEventKind};

pub use self::keys::{Key, KeyStyle};
use self::names::types_text;
pub use self::names::{action_name, context_name, parse_action, parse_context};
use self::parse::{Desc, RawEntry, Run};
use super::action::{Action, Context};
use crate::i18n::Lang;
use crate::i18n::keymap::K;

const DEFAULT_TOML: &str = include_str!("../../../keymaps/default.toml");
const VIM_TOML: &str = include_str!("../../../keymaps/vim.toml");

/// The keymaps shipped inside the program, by the name `--keymap` takes. Each but the
/// default is a set of overrides layered on the default.
pub const SHIPPED: [(&str, &str); 2] = [("default", DEFAULT_TOML), ("vim", VIM_TOML)];

/// The name of the user's keymap file in the configuration folder.
pub const USER_FILE: &str = "keymap.toml";

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

    /// Every key, for an answer to a question: "n/Esc/Enter", not "n/N/Esc/Enter".
    pub fn all_keys(&self) -> String {
        let mut keys: Vec<&str> = Vec::new();
        for k in &self.keys {
            if !keys.iter().any(|x| x.eq_ignore_ascii_case(k)) {
                keys.push(k);
            }
        }
        keys.join("/")
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

impl KeymapWarning {
    fn new(file: &Path, line: Option<usize>, msg: K, args: &[&dyn Display]) -> KeymapWarning {
        KeymapWarning {
            file: file.to_path_buf(),
            line,
            message_vi: msg.fill(Lang::Vi, args),
            message_en: msg.fill(Lang::En, args),
        }
    }

    /// The problem alone, without file and line.
    pub fn problem(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.message_vi,
            Lang::En => &self.message_en,
        }
    }

    /// "FILE:LINE: problem", as compilers write it, so editors can jump there.
    pub fn message(&self, lang: Lang) -> String {
        match self.line {
            Some(line) => format!("{}:{line}: {}", self.file.display(), self.problem(lang)),
            None => format!("{}: {}", self.file.display(), self.problem(lang)),
        }
    }
}

#[derive(Clone, Debug)]
struct Entry {
    action: Action,
    /// Never empty: an entry that loses its last key is dropped.
    keys: Vec<Key>,
    desc: Desc,
}

#[derive(Clone, Debug)]
pub struct Keymap {
    /// Per context, in file order.
    layers: BTreeMap<Context, Vec<Entry>>,
    /// Every description seen, so an override can leave it out even when the entry it
    /// replaces has lost all its keys.
    descs: BTreeMap<(Context, Action), Desc>,
    style: KeyStyle,
}

impl Keymap {
    /// The embedded default keymap.
    pub fn builtin() -> Keymap {
        static BUILTIN: OnceLock<Keymap> = OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                let mut map = Keymap {
                    layers: BTreeMap::new(),
                    descs: BTreeMap::new(),
                    style: KeyStyle::default(),
                };
                // The tests keep the shipped file free of warnings.
                let warnings = map.overlay_str(DEFAULT_TOML, Path::new("keymaps/default.toml"));
                debug_assert!(warnings.is_empty(), "{warnings:?}");
                map
            })
            .clone()
    }

    /// The default, overridden by `spec` (a shipped keymap's name such as `vim`, or a
    /// file path) or else by `keymap.toml` in `config_dir` when it exists.
    pub fn load(spec: Option<&str>, config_dir: Option<&Path>) -> (Keymap, Vec<KeymapWarning>) {
        let mut map = Keymap::builtin();
        let spec = spec.map(str::trim).filter(|s| !s.is_empty());
        let layered = match spec {
            Some(spec) => match SHIPPED.iter().find(|(name, _)| name.eq_ignore_ascii_case(spec)) {
                Some((name, text)) => {
                    let file = PathBuf::from(format!("keymaps/{name}.toml"));
                    Some((map.overlay_str(text, &file), file))
                }
                None => Some((map.overlay_file(Path::new(spec)), PathBuf::from(spec))),
            },
            None => match config_dir.map(|d| d.join(USER_FILE)) {
                Some(path) if path.exists() => Some((map.overlay_file(&path), path)),
                _ => None,
            },
        };
        let Some((mut warnings, file)) = layered else {
            return (map, Vec::new());
        };
        warnings.extend(map.keep_quit(&file));
        (map, warnings)
    }

    /// Makes sure some key quits on every screen: a keymap that took away every way out
    /// would leave a teacher with no way to close sotay but closing the window. Where `file`
    /// left none, the global [`QUIT_KEY`] quits again, taken back from whatever the file
    /// bound it to there, with a warning naming the file.
    fn keep_quit(&mut self, file: &Path) -> Option<KeymapWarning> {
        let lost: Vec<Context> = Context::ALL
            .into_iter()
            .filter(|c| !self.bindings(*c).iter().any(|b| b.action == Action::Quit))
            .collect();
        if lost.is_empty() {
            return None;
        }
        let quit_key = Key::parse(QUIT_KEY).expect("the quit key's name parses");
        for context in lost.iter().copied().chain([Context::Global]) {
            if let Some(layer) = self.layers.get_mut(&context) {
                for entry in layer.iter_mut() {
                    entry.keys.retain(|k| *k != quit_key);
                }
                layer.retain(|e| !e.keys.is_empty());
            }
        }
        let desc = self.known_desc(Context::Global, Action::Quit);
        let global = self.layers.entry(Context::Global).or_default();
        match global.iter_mut().find(|e| e.action == Action::Quit) {
            Some(entry) => entry.keys.push(quit_key),
            None => global.push(Entry {
                action: Action::Quit,
                keys: vec![quit_key],
                // The default describes quit, and a file can only replace descriptions.
                desc: desc.unwrap_or_else(|| Desc {
                    vi: String::new(),
                    en: String::new(),
                }),
            }),
        }
        let names = lost
            .into_iter()
            .map(|c| format!("[[{}]]", context_name(c)))
            .collect::<Vec<_>>()
            .join(", ");
        Some(KeymapWarning::new(file, None, K::QuitKept, &[&names, &QUIT_KEY]))
    }

    /// Layers the keymap file at `path` on this one (see the module comment).
    pub fn overlay_file(&mut self, path: &Path) -> Vec<KeymapWarning> {
        let bytes = match read_limited(path) {
            Ok(Some(bytes)) => bytes,
            Ok(None) => {
                return vec![KeymapWarning::new(path, None, K::TooLarge, &[&(MAX_FILE_BYTES / 1024)])];
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let names = SHIPPED.map(|(name, _)| name).join(", ");
                return vec![KeymapWarning::new(path, None, K::NotFound, &[&names])];
            }
            Err(e) => return vec![KeymapWarning::new(path, None, K::ReadFailed, &[&e])],
        };
        // Notepad writes a byte-order mark; TOML doesn't allow one.
        let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
        match std::str::from_utf8(bytes) {
            Ok(text) => self.overlay_str(text, path),
            Err(e) => {
                let line = bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() + 1;
                vec![KeymapWarning::new(path, Some(line), K::NotUtf8, &[])]
            }
        }
    }

    /// Layers keymap text on this one; `file` names it in the warnings.
    pub fn overlay_str(&mut self, text: &str, file: &Path) -> Vec<KeymapWarning> {
        let (entries, mut warnings) = parse::parse(text, file);
        for group in group(entries) {
            if let Err(w) = self.apply(group, file) {
                warnings.push(w);
            }
        }
        warnings.sort_by_key(|w| w.line);
        warnings
    }

    /// Prints keys with arrows (the default) or words.
    pub fn set_key_style(&mut self, style: KeyStyle) {
        self.style = style;
    }

    pub fn key_style(&self) -> KeyStyle {
        self.style
    }

    /// The action bound to `key` in `context`, falling back to the global bindings.
    /// Only key presses should be passed in.
    pub fn action(&self, context: Context, key: &KeyEvent) -> Option<Action> {
        if key.kind == KeyEventKind::Release {
            return None;
        }
        self.action_for(context, Key::from_event(key))
    }

    /// As [`Keymap::action`], for a key already normalised.
    pub fn action_for(&self, context: Context, key: Key) -> Option<Action> {
        let own = self.entries(context).iter().find(|e| e.keys.contains(&key));
        if let Some(entry) = own {
            return Some(entry.action);
        }
        if context == Context::Global || !self.falls_through(context, key) {
            return None;
        }
        self.entries(Context::Global)
            .iter()
            .find(|e| e.keys.contains(&key))
            .map(|e| e.action)
    }

    /// The bindings that work in `context` (its own, then the global ones it does not
    /// shadow), in file order: the bottom line and help are built from this. An action
    /// bound both in the context and globally is one binding, the context's keys first.
    pub fn bindings(&self, context: Context) -> Vec<Binding> {
        let own = self.entries(context);
        let mut out: Vec<Binding> = own.iter().map(|e| self.binding(context, e, &e.keys)).collect();
        if context != Context::Global {
            let shadowed: HashSet<Key> = own.iter().flat_map(|e| e.keys.iter().copied()).collect();
            for entry in self.entries(Context::Global) {
                let keys: Vec<Key> = entry
                    .keys
                    .iter()
                    .copied()
                    .filter(|k| self.falls_through(context, *k) && !shadowed.contains(k))
                    .collect();
                if keys.is_empty() {
                    continue;
                }
                // One line per action: a context's own `quit` lists the global quit keys too.
                match out.iter_mut().find(|b| b.action == entry.action) {
                    Some(b) => b.keys.extend(keys.iter().map(|k| k.render(self.style))),
                    None => out.push(self.binding(Context::Global, entry, &keys)),
                }
            }
        }
        out
    }

    /// The bottom line's hints for `context`: each action's first key and its description.
    pub fn hints(&self, context: Context, lang: Lang) -> Vec<(String, String)> {
        self.bindings(context)
            .into_iter()
            .map(|b| (b.keys[0].clone(), b.desc(lang).to_string()))
            .collect()
    }

    /// The first key that runs `action` in `context` (its own or a global one), as
    /// written for people: for messages such as "press F2 to save".
    pub fn key_for(&self, context: Context, action: Action) -> Option<String> {
        self.keys_for(context, action).into_iter().next()
    }

    /// Every key that runs `action` in `context`, as written for people.
    pub fn keys_for(&self, context: Context, action: Action) -> Vec<String> {
        self.bindings(context)
            .into_iter()
            .filter(|b| b.action == action)
            .flat_map(|b| b.keys)
            .collect()
    }

    /// Whether `context` binds a plain character key of its own (as the vim keymap binds
    /// `d`, `q`, … on the class list). There letters are commands, so typing must not go to
    /// the search box: "duy" would be delete, then yes.
    pub fn binds_characters(&self, context: Context) -> bool {
        self.entries(context)
            .iter()
            .flat_map(|e| &e.keys)
            .any(|k| k.is_printable() && k.modifiers().is_empty())
    }

    fn entries(&self, context: Context) -> &[Entry] {
        self.layers.get(&context).map_or(&[], Vec::as_slice)
    }

    /// Whether a global binding of `key` can be reached from `context`: not where the key
    /// would type text (so `?` types a question mark in the search box).
    fn falls_through(&self, context: Context, key: Key) -> bool {
        !(types_text(context) && key.is_printable())
    }

    fn binding(&self, context: Context, entry: &Entry, keys: &[Key]) -> Binding {
        Binding {
            context,
            action: entry.action,
            keys: keys.iter().map(|k| k.render(self.style)).collect(),
            desc_vi: entry.desc.vi.clone(),
            desc_en: entry.desc.en.clone(),
        }
    }

    /// The description to use when a file leaves it out: the action's in the same context,
    /// else its global one, else any.
    fn known_desc(&self, context: Context, action: Action) -> Option<Desc> {
        self.descs
            .get(&(context, action))
            .or_else(|| self.descs.get(&(Context::Global, action)))
            .or_else(|| self.descs.iter().find(|((_, a), _)| *a == action).map(|(_, d)| d))
            .cloned()
    }

    fn apply(&mut self, group: RawEntry, file: &Path) -> Result<(), KeymapWarning> {
        let context = group.context;
        let desc = match group.run {
            Run::Unbind => None,
            Run::Action(action) => match group.desc.clone().or_else(|| self.known_desc(context, action)) {
                Some(desc) => Some((action, desc)),
                None => {
                    let name = action_name(action);
                    return Err(KeymapWarning::new(file, Some(group.line), K::MissingDescs, &[&name]));
                }
            },
        };
        let layer = self.layers.entry(context).or_default();
        // A set: with a list, a long file took time with the square of its keys.
        let taken: HashSet<Key> = group.keys.iter().copied().collect();
        for entry in layer.iter_mut() {
            entry.keys.retain(|k| !taken.contains(k));
        }
        if let Some((action, desc)) = desc {
            if group.desc.is_some() || !self.descs.contains_key(&(context, action)) {
                self.descs.insert((context, action), desc.clone());
            }
            match layer.iter_mut().find(|e| e.action == action) {
                Some(entry) => {
                    let below = std::mem::take(&mut entry.keys);
                    entry.keys = group.keys;
                    entry.keys.extend(below);
                    if group.desc.is_some() {
                        entry.desc = desc;
                    }
                }
                None => layer.push(Entry {
                    action,
                    keys: group.keys,
                    desc,
                }),
            }
        }
        layer.retain(|e| !e.keys.is_empty());
        Ok(())
    }
}

/// The largest keymap file read. The default, every action bound with both descriptions
/// and comments, is 12 kB; a file many times that is not a keymap someone wrote.
pub const MAX_FILE_BYTES: u64 = 256 * 1024;

/// The key that always quits (see [`Keymap::keep_quit`]): the one the default's bottom
/// line and the README teach.
pub const QUIT_KEY: &str = "F10";

/// The file's bytes, or `None` when it holds more than [`MAX_FILE_BYTES`]. Reads at most
/// one byte past the limit, so a huge file (or a device that never ends) is refused at
/// once, not read first.
fn read_limited(path: &Path) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= MAX_FILE_BYTES).then_some(bytes))
}

/// One file's entries merged per context and action, in order of first appearance: two
/// entries for the same action in a file are one binding with both entries' keys.
fn group(entries: Vec<RawEntry>) -> Vec<RawEntry> {
    let mut out: Vec<RawEntry> = Vec::new();
    for entry in entries {
        match out
            .iter_mut()
            .find(|g| g.context == entry.context && g.run == entry.run)
        {
            Some(g) => {
                g.keys.extend(entry.keys);
                if g.desc.is_none() {
                    g.desc = entry.desc;
                }
            }
            None => out.push(entry),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};

    fn empty() -> Keymap {
        Keymap {
            layers: BTreeMap::new(),
            descs: BTreeMap::new(),
            style: KeyStyle::Ascii,
        }
    }

    fn key(name: &str) -> Key {
        Key::parse(name).unwrap()
    }

    #[test]
    fn an_action_without_any_description_is_refused() {
        let mut map = empty();
        let text = "[[roster]]\non = [\"F2\"]\nrun = \"add\"\n";
        let warnings = map.overlay_str(text, Path::new("k.toml"));
        assert_eq!(warnings.len(), 1);
        assert_eq!(
            warnings[0].message(Lang::En),
            "k.toml:1: missing desc_vi and desc_en, and `add` has no default description; entry ignored"
        );
        assert_eq!(map.action_for(Context::Roster, key("F2")), None);
    }

    #[test]
    fn entries_of_one_action_in_one_file_are_one_binding() {
        let mut map = empty();
        let text = "[[roster]]\non = [\"Down\"]\nrun = \"down\"\ndesc_vi = \"Xuống\"\ndesc_en = \"Down\"\n\
                    [[roster]]\non = [\"j\"]\nrun = \"down\"\n";
        assert_eq!(map.overlay_str(text, Path::new("k.toml")), []);
        assert_eq!(map.keys_for(Context::Roster, Action::Down), ["Down", "j"]);
    }

    #[test]
    fn a_later_layer_takes_keys_adds_keys_and_unbinds() {
        let mut map = Keymap::builtin();
        map.set_key_style(KeyStyle::Ascii);
        let text = "[[global]]\non = [\"F12\"]\nrun = \"quit\"\n\
                    [[roster]]\non = [\"F10\"]\nrun = \"sort\"\n\
                    [[roster]]\non = [\"Home\"]\nrun = \"none\"\n";
        assert_eq!(map.overlay_str(text, Path::new("k.toml")), []);
        // F10 sorts in the roster only, shadowing the global quit there.
        assert_eq!(map.action_for(Context::Roster, key("F10")), Some(Action::Sort));
        assert_eq!(map.action_for(Context::Detail, key("F10")), Some(Action::Quit));
        assert_eq!(map.keys_for(Context::Roster, Action::Quit), ["F12", "Ctrl+Q"]);
        assert_eq!(map.keys_for(Context::Roster, Action::Sort), ["F10", "F7"]);
        // Home does nothing in the roster; nothing else changed.
        assert_eq!(map.action_for(Context::Roster, key("Home")), None);
        assert_eq!(map.action_for(Context::Help, key("Home")), Some(Action::Top));
        let ctrl_alt_q = Key::new(KeyCode::Char('q'), KeyModifiers::CONTROL | KeyModifiers::ALT);
        assert_eq!(map.action_for(Context::Roster, ctrl_alt_q), None);
    }

    #[test]
    fn a_context_binding_of_a_global_action_is_one_line() {
        let (map, _) = Keymap::load(Some("vim"), None);
        let quits: Vec<_> = map
            .bindings(Context::Roster)
            .into_iter()
            .filter(|b| b.action == Action::Quit)
            .collect();
        assert_eq!(quits.len(), 1);
        assert_eq!(quits[0].keys, ["q", "F10", "Ctrl+Q"]);
    }
}
