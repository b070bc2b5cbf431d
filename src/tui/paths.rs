//! File paths typed in the import and export dialogs: `~` for the home folder, and Tab
//! completion as a shell does it. Reading a folder is I/O: only `update` calls these,
//! never drawing.

use std::path::{Path, PathBuf};

/// Whether paths are Windows': `\` separates folders as well as `/`, and names match
/// whatever their case (they do everywhere here, for teachers who type "lop" for "Lop8A").
const WINDOWS: bool = cfg!(windows);

/// The separator a completed folder gets when the typed path has none yet.
const SEPARATOR: char = std::path::MAIN_SEPARATOR;

/// A typed path without the quotes Windows' "Copy as path" puts around it.
pub fn unquote(typed: &str) -> &str {
    typed.trim().trim_matches('"').trim()
}

/// `typed` with a leading `~` read as the home folder (`~`, `~/…`), except on Windows,
/// where `~` is an ordinary character in names.
pub fn expand_home(typed: &str, home: Option<&Path>) -> PathBuf {
    expand(typed, home, WINDOWS)
}

fn expand(typed: &str, home: Option<&Path>, windows: bool) -> PathBuf {
    if !windows && let Some(home) = home {
        if typed == "~" {
            return home.to_path_buf();
        }
        if let Some(rest) = typed.strip_prefix("~/") {
            return home.join(rest);
        }
    }
    PathBuf::from(typed)
}

/// Whether the first characters typed (or pasted) into a path field start a path of its own,
/// rather than a name in the folder the field holds: `/`, a quote (Windows' "Copy as path")
/// or, except on Windows, `~`; on Windows also a drive (`C:`) or a share (`\\`). `None`
/// while it can't tell yet: a first letter may be a drive's, a first `\` a share's.
pub fn starts_own_path(typed: &str) -> Option<bool> {
    own_path(typed, WINDOWS)
}

fn own_path(typed: &str, windows: bool) -> Option<bool> {
    let mut chars = typed.chars();
    let first = chars.next()?;
    match (first, chars.next()) {
        ('/' | '"', _) => Some(true),
        ('~', _) => Some(!windows),
        (c, None) if windows && (c.is_ascii_alphabetic() || c == '\\') => None,
        (c, Some(':')) if windows && c.is_ascii_alphabetic() => Some(true),
        ('\\', Some('\\')) if windows => Some(true),
        _ => Some(false),
    }
}

/// The home folder of the user, if there is one.
pub fn home_dir() -> Option<PathBuf> {
    directories::UserDirs::new().map(|d| d.home_dir().to_path_buf())
}

/// What Tab does to a typed path.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Completion {
    /// The path completed further (`None`: it could not be taken further).
    pub text: Option<String>,
    /// The names that match, when more than one does (a folder's with its separator).
    pub candidates: Vec<String>,
}

/// Completes `typed` from the entries of its folder, read relative to `base` (and `~` as
/// `home`): the common start of the names that begin with what was typed after the last
/// separator, whatever their case; a single folder gets its separator. `keep` says which
/// entries count (by name, and whether it is a folder); hidden ones count only when what
/// was typed starts with a dot.
pub fn complete(typed: &str, base: &Path, home: Option<&Path>, keep: impl Fn(&str, bool) -> bool) -> Completion {
    complete_with(typed, base, home, WINDOWS, keep)
}

fn complete_with(
    typed: &str,
    base: &Path,
    home: Option<&Path>,
    windows: bool,
    keep: impl Fn(&str, bool) -> bool,
) -> Completion {
    let (dir, prefix, sep) = split(typed, windows);
    let folder = if dir.is_empty() {
        base.to_path_buf()
    } else {
        base.join(expand(dir, home, windows))
    };
    let Ok(entries) = std::fs::read_dir(&folder) else {
        return Completion::default();
    };
    let wanted = prefix.to_lowercase();
    let mut found: Vec<(String, bool)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            // Followed through links: a linked folder completes as a folder.
            let is_dir = e.path().is_dir();
            let shown = prefix.starts_with('.') || !name.starts_with('.');
            (shown && name.to_lowercase().starts_with(&wanted) && keep(&name, is_dir)).then_some((name, is_dir))
        })
        .collect();
    found.sort_by_key(|(name, _)| name.to_lowercase());
    let with_sep = |(name, is_dir): &(String, bool)| {
        if *is_dir { format!("{name}{sep}") } else { name.clone() }
    };
    match found.as_slice() {
        [] => Completion::default(),
        [one] => Completion {
            text: Some(format!("{dir}{}", with_sep(one))),
            candidates: Vec::new(),
        },
        many => {
            let common = common_start(many.iter().map(|(n, _)| n.as_str()));
            let longer = common.chars().count() > prefix.chars().count();
            Completion {
                text: longer.then(|| format!("{dir}{common}")),
                candidates: many.iter().map(with_sep).collect(),
            }
        }
    }
}

/// A typed path cut after its last separator: the folder part (with the separator), the
/// start of a name, and the separator a completed folder gets (the one typed last).
fn split(typed: &str, windows: bool) -> (&str, &str, char) {
    let typed = typed.trim_start().trim_start_matches('"');
    let is_sep = |c: char| c == '/' || (windows && c == '\\');
    let (dir, prefix) = match typed.rfind(is_sep) {
        Some(i) => typed.split_at(i + 1),
        // "C:" names a drive's current folder; "C:lop" is rare enough to leave out.
        None => ("", typed),
    };
    let sep = dir.chars().rev().find(|c| is_sep(*c)).unwrap_or(SEPARATOR);
    (dir, prefix, sep)
}

/// The longest start the names share, whatever the case, spelt as the first name has it.
fn common_start<'a>(mut names: impl Iterator<Item = &'a str>) -> String {
    let Some(first) = names.next() else {
        return String::new();
    };
    let mut len = first.chars().count();
    for name in names {
        len = first
            .chars()
            .zip(name.chars())
            .take(len)
            .take_while(|(a, b)| a.to_lowercase().eq(b.to_lowercase()))
            .count();
    }
    first.chars().take(len).collect()
}

/// Whether an entry may be a class list to import: a folder, or a file the import reads.
pub fn importable(name: &str, is_dir: bool) -> bool {
    let lower = name.to_lowercase();
    is_dir || [".csv", ".xlsx", ".xls", ".ods"].iter().any(|ext| lower.ends_with(ext))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_of_its_own_is_told_from_a_name_in_the_folder() {
        for (typed, linux, windows) in [
            ("/tmp/lop8b.csv", Some(true), Some(true)),
            ("\"/tmp/lop8b.csv\"", Some(true), Some(true)),
            ("~/lop8b.csv", Some(true), Some(false)),
            ("lop8b.csv", Some(false), Some(false)),
            ("l", Some(false), None),
            ("C:", Some(false), Some(true)),
            ("C:\\Users", Some(false), Some(true)),
            ("\\", Some(false), None),
            ("\\\\may-chu\\lop", Some(false), Some(true)),
            ("\\lop", Some(false), Some(false)),
            ("", None, None),
        ] {
            assert_eq!(own_path(typed, false), linux, "{typed} on Linux");
            assert_eq!(own_path(typed, true), windows, "{typed} on Windows");
        }
    }

    fn folder() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for f in ["Lop8A.csv", "lop8b.xlsx", "ghi chu.txt", ".an.csv"] {
            std::fs::write(dir.path().join(f), "").unwrap();
        }
        std::fs::create_dir(dir.path().join("Lop cu")).unwrap();
        dir
    }

    fn all(_: &str, _: bool) -> bool {
        true
    }

    #[test]
    fn one_match_completes_and_a_folder_gets_its_separator() {
        let dir = folder();
        let base = dir.path();
        let c = complete_with("gh", base, None, false, all);
        assert_eq!(c.text.as_deref(), Some("ghi chu.txt"));
        let c = complete_with("sub/Lop c", base, None, false, all);
        assert_eq!(c, Completion::default(), "no such folder");
        let c = complete_with("lop c", base, None, false, all);
        assert_eq!(c.text.as_deref(), Some("Lop cu/"));
        let typed = format!("{}/LOP8b", base.display());
        let c = complete_with(&typed, Path::new("/"), None, false, all);
        assert_eq!(c.text, Some(format!("{}/lop8b.xlsx", base.display())));
    }

    #[test]
    fn several_matches_complete_their_common_start_and_are_listed() {
        let dir = folder();
        let c = complete_with("l", dir.path(), None, false, all);
        assert_eq!(c.text.as_deref(), Some("Lop"));
        assert_eq!(c.candidates, ["Lop cu/", "Lop8A.csv", "lop8b.xlsx"]);
        // Nothing further to complete: the names are listed, the text stays.
        let c = complete_with("Lop", dir.path(), None, false, all);
        assert_eq!(c.text, None);
        assert_eq!(c.candidates.len(), 3);
        // The import counts folders and class lists only; hidden files only when asked.
        let c = complete_with("", dir.path(), None, false, importable);
        assert_eq!(c.candidates, ["Lop cu/", "Lop8A.csv", "lop8b.xlsx"]);
        let c = complete_with(".", dir.path(), None, false, importable);
        assert_eq!(c.text.as_deref(), Some(".an.csv"));
    }

    #[test]
    fn home_and_windows_separators() {
        let dir = folder();
        let home = dir.path();
        assert_eq!(expand("~/Lop8A.csv", Some(home), false), home.join("Lop8A.csv"));
        assert_eq!(expand("~", Some(home), false), home);
        assert_eq!(expand("~/x", Some(home), true), PathBuf::from("~/x"));
        let c = complete_with("~/gh", Path::new("/"), Some(home), false, all);
        assert_eq!(c.text.as_deref(), Some("~/ghi chu.txt"));
        // On Windows a backslash separates too, and a folder gets the separator typed.
        assert_eq!(split("C:\\Users\\Lan\\lo", true), ("C:\\Users\\Lan\\", "lo", '\\'));
        assert_eq!(split("\"D:/lop/8a", true), ("D:/lop/", "8a", '/'));
        assert_eq!(split("D:\\lop/8a\\", true), ("D:\\lop/8a\\", "", '\\'));
        // Elsewhere a backslash is part of a name.
        assert_eq!(split("a\\b", false), ("", "a\\b", SEPARATOR));
        assert_eq!(unquote(" \"D:\\Lop8A.xlsx\" "), "D:\\Lop8A.xlsx");
    }
}
