//! Reads one keymap file into entries, checking all that can be checked without the keymap
//! it will be layered on. Walks toml's spanned document (not serde structs) so that one bad
//! entry is dropped with its line number while the rest of the file still counts.

use std::collections::{HashMap, HashSet};
use std::fmt::Display;
use std::path::Path;

use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use toml::Spanned;
use toml::de::{DeTable, DeValue};
use unicode_normalization::UnicodeNormalization;

use super::KeymapWarning;
use super::keys::Key;
use super::names::{UNBIND, action_name, context_name, parse_action, parse_context, types_text};
use crate::i18n::Lang;
use crate::i18n::keymap::K;
use crate::tui::action::{Action, Context};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Run {
    Action(Action),
    /// `run = "none"`: take the keys away from this context.
    Unbind,
}

impl Run {
    fn name(self) -> &'static str {
        match self {
            Run::Action(a) => action_name(a),
            Run::Unbind => UNBIND,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Desc {
    pub vi: String,
    pub en: String,
}

/// An entry that passed every check; its keys are parsed, unique in its context, and
/// allowed there.
#[derive(Clone, Debug)]
pub(super) struct RawEntry {
    pub context: Context,
    pub run: Run,
    pub keys: Vec<Key>,
    /// None when the file gave neither description: the layer below may have one.
    pub desc: Option<Desc>,
    pub line: usize,
}

/// The entries of `text` in file order, and the warnings sorted by line.
pub(super) fn parse(text: &str, file: &Path) -> (Vec<RawEntry>, Vec<KeymapWarning>) {
    let mut p = Parser {
        file,
        lines: Lines::new(text),
        entries: Vec::new(),
        warnings: Vec::new(),
        seen: HashMap::new(),
    };
    match DeTable::parse(text) {
        Ok(doc) => p.document(doc.get_ref()),
        Err(e) => p.warn(e.span().map(|s| s.start), K::Syntax, &[&e.message().trim()]),
    }
    p.warnings.sort_by_key(|w| w.line);
    (p.entries, p.warnings)
}

/// Where each line of a text starts, to turn byte offsets into line numbers.
///
/// Counted once: counting newlines from the start for every entry and warning made
/// loading a file grow with the square of its size (a 4 MB file took over a minute).
struct Lines {
    /// The byte offset just past each newline, in order.
    starts: Vec<usize>,
}

impl Lines {
    fn new(text: &str) -> Lines {
        let starts = text
            .bytes()
            .enumerate()
            .filter(|(_, b)| *b == b'\n')
            .map(|(i, _)| i + 1)
            .collect();
        Lines { starts }
    }

    /// The 1-based line holding byte `offset`.
    fn of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset) + 1
    }
}

type Value<'i> = Spanned<DeValue<'i>>;

struct Parser<'a> {
    file: &'a Path,
    lines: Lines,
    entries: Vec<RawEntry>,
    warnings: Vec<KeymapWarning>,
    /// Who took each key first in a context, and on which line.
    seen: HashMap<(Context, Key), (Run, usize)>,
}

impl Parser<'_> {
    fn warn(&mut self, offset: Option<usize>, msg: K, args: &[&dyn Display]) {
        let line = offset.map(|o| self.lines.of(o));
        self.warnings.push(KeymapWarning::new(self.file, line, msg, args));
    }

    fn document(&mut self, doc: &DeTable<'_>) {
        // The table is sorted by name; sections are read in file order so that "first
        // binding wins" means first in the file.
        let mut sections: Vec<_> = doc.iter().collect();
        sections.sort_by_key(|(name, _)| name.span().start);
        for (name, value) in sections {
            let at = Some(name.span().start);
            let Some(context) = parse_context(name.get_ref()) else {
                let known = Context::ALL.map(context_name).join(", ");
                self.warn(at, K::UnknownContext, &[&name.get_ref(), &known]);
                continue;
            };
            let DeValue::Array(items) = value.get_ref() else {
                self.warn(at, K::SectionNotList, &[&context_name(context)]);
                continue;
            };
            for item in items.iter() {
                self.entry(context, item);
            }
        }
    }

    fn entry(&mut self, context: Context, item: &Value<'_>) {
        let at = Some(item.span().start);
        let DeValue::Table(table) = item.get_ref() else {
            self.warn(at, K::EntryNotTable, &[&context_name(context)]);
            return;
        };
        let (mut on, mut run, mut desc_vi, mut desc_en) = (None, None, None, None);
        for (field, value) in table.iter() {
            match field.get_ref().as_ref() {
                "on" => on = Some(value),
                "run" => run = Some(value),
                "desc_vi" => desc_vi = Some(value),
                "desc_en" => desc_en = Some(value),
                other => self.warn(Some(field.span().start), K::UnknownField, &[&other]),
            }
        }
        // Every problem of the entry is reported, not just the first.
        let run = self.run(run, at);
        let desc = self.desc(desc_vi, desc_en, at);
        let key_values = self.key_values(on, at);
        let (Some(run), Ok(desc), Some(key_values)) = (run, desc, key_values.clone()) else {
            // Still name keys that don't parse: the user will fix them next.
            for v in key_values.into_iter().flatten() {
                self.key(v);
            }
            return;
        };
        let mut keys = Vec::new();
        // A key listed twice in one entry counts once; a set, since a list may be long.
        let mut listed = HashSet::new();
        for value in key_values {
            let Some(key) = self.key(value) else { continue };
            let offset = value.span().start;
            if !self.allowed(context, run, key, offset) || !listed.insert(key) {
                continue;
            }
            let line = self.lines.of(offset);
            if let Some(&(first, first_line)) = self.seen.get(&(context, key)) {
                let args: [&dyn Display; 6] = [
                    &key,
                    &context_name(context),
                    &first.name(),
                    &first_line,
                    &run.name(),
                    &line,
                ];
                self.warn(Some(offset), K::DuplicateKey, &args);
                continue;
            }
            self.seen.insert((context, key), (run, line));
            keys.push(key);
        }
        if !keys.is_empty() {
            let line = self.lines.of(item.span().start);
            let desc = if run == Run::Unbind { None } else { desc };
            self.entries.push(RawEntry {
                context,
                run,
                keys,
                desc,
                line,
            });
        }
    }

    fn run(&mut self, value: Option<&Value<'_>>, entry_at: Option<usize>) -> Option<Run> {
        let Some(value) = value else {
            self.warn(entry_at, K::MissingRun, &[]);
            return None;
        };
        let at = Some(value.span().start);
        let Some(name) = value.get_ref().as_str() else {
            self.warn(at, K::RunNotText, &[]);
            return None;
        };
        if name == UNBIND {
            return Some(Run::Unbind);
        }
        if let Some(action) = parse_action(name) {
            return Some(Run::Action(action));
        }
        let hint = |lang| {
            suggest(name)
                .map(|s| K::DidYouMean.fill(lang, &[&s]))
                .unwrap_or_default()
        };
        let (vi, en) = (hint(Lang::Vi), hint(Lang::En));
        let line = at.map(|o| self.lines.of(o));
        self.warnings.push(KeymapWarning {
            file: self.file.to_path_buf(),
            line,
            message_vi: K::UnknownAction.fill(Lang::Vi, &[&name, &vi]),
            message_en: K::UnknownAction.fill(Lang::En, &[&name, &en]),
        });
        None
    }

    /// Both descriptions, neither (`Ok(None)`), or a warning (`Err`).
    fn desc(
        &mut self,
        vi: Option<&Value<'_>>,
        en: Option<&Value<'_>>,
        entry_at: Option<usize>,
    ) -> Result<Option<Desc>, ()> {
        let vi = self.text_field(vi, "desc_vi")?;
        let en = self.text_field(en, "desc_en")?;
        match (vi, en) {
            (Some(vi), Some(en)) => Ok(Some(Desc { vi, en })),
            (None, None) => Ok(None),
            (Some(_), None) => {
                self.warn(entry_at, K::MissingDesc, &[&"desc_en"]);
                Err(())
            }
            (None, Some(_)) => {
                self.warn(entry_at, K::MissingDesc, &[&"desc_vi"]);
                Err(())
            }
        }
    }

    /// A description's text; blank counts as missing.
    fn text_field(&mut self, value: Option<&Value<'_>>, name: &str) -> Result<Option<String>, ()> {
        let Some(value) = value else { return Ok(None) };
        match value.get_ref().as_str() {
            Some(s) if s.trim().is_empty() => Ok(None),
            // Some input methods write decomposed (NFD) Vietnamese; the program keeps NFC.
            Some(s) => Ok(Some(s.trim().nfc().collect())),
            None => {
                self.warn(Some(value.span().start), K::DescNotText, &[&name]);
                Err(())
            }
        }
    }

    /// The values listed in `on`; a single string is taken as a list of one.
    fn key_values<'v, 'i>(&mut self, on: Option<&'v Value<'i>>, entry_at: Option<usize>) -> Option<Vec<&'v Value<'i>>> {
        let Some(on) = on else {
            self.warn(entry_at, K::MissingOn, &[]);
            return None;
        };
        match on.get_ref() {
            DeValue::Array(items) if items.is_empty() => {
                self.warn(Some(on.span().start), K::MissingOn, &[]);
                None
            }
            DeValue::Array(items) => Some(items.iter().collect()),
            DeValue::String(_) => Some(vec![on]),
            _ => {
                self.warn(Some(on.span().start), K::OnNotList, &[]);
                None
            }
        }
    }

    fn key(&mut self, value: &Value<'_>) -> Option<Key> {
        let at = Some(value.span().start);
        let Some(name) = value.get_ref().as_str() else {
            self.warn(at, K::KeyNotText, &[]);
            return None;
        };
        let key = Key::parse(name);
        if key.is_none() {
            self.warn(at, K::UnknownKey, &[&name]);
        }
        key
    }

    /// Where text is typed, a key that types a character can't be bound: the user could
    /// never type it. The one exception is Space to tick a checkbox in a form; the form
    /// gives printable keys to a focused text field first, so Space still types there.
    fn allowed(&mut self, context: Context, run: Run, key: Key, offset: usize) -> bool {
        let Run::Action(action) = run else { return true };
        let space = Key::new(KeyCode::Char(' '), KeyModifiers::NONE);
        let toggle = context == Context::Form && action == Action::Toggle && key == space;
        if types_text(context) && key.is_printable() && !toggle {
            self.warn(Some(offset), K::PrintableInText, &[&key, &context_name(context)]);
            return false;
        }
        true
    }
}

/// The action name a mistyped one most likely meant: same letters without separators,
/// or at most two edits away.
fn suggest(name: &str) -> Option<&'static str> {
    let squash = |s: &str| s.to_lowercase().replace(['_', '-', ' '], "");
    let wanted = squash(name);
    Action::ALL
        .iter()
        .map(|a| action_name(*a))
        .map(|n| (edit_distance(&wanted, &squash(n)), n))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (diag + usize::from(ca != *cb)).min(row[j] + 1).min(row[j + 1] + 1);
            diag = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_names() {
        assert_eq!(suggest("pagedown"), Some("page_down"));
        assert_eq!(suggest("Page-Up"), Some("page_up"));
        assert_eq!(suggest("dwon"), Some("down"));
        assert_eq!(suggest("teleport"), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn lines_count_from_one() {
        let lines = Lines::new("a\nb\nc");
        assert_eq!(lines.of(0), 1);
        assert_eq!(lines.of(1), 1);
        assert_eq!(lines.of(2), 2);
        assert_eq!(lines.of(99), 3);
    }
}
