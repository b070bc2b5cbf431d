//! Report formats and writing a report file: all or nothing, never over a file unless asked.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::summary::Detail;
use crate::i18n::Lang;
use crate::i18n::export::E;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Csv,
    Html,
    Md,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Xlsx, Format::Csv, Format::Html, Format::Md];
    /// `xlsx`, `csv`, `html` (or `htm`), `md` (or `markdown`), any case.
    pub fn parse(s: &str) -> Option<Format> {
        match s.trim().to_ascii_lowercase().as_str() {
            "xlsx" => Some(Format::Xlsx),
            "csv" => Some(Format::Csv),
            "html" | "htm" => Some(Format::Html),
            "md" | "markdown" => Some(Format::Md),
            _ => None,
        }
    }
    /// From a file's extension.
    pub fn from_path(path: &Path) -> Option<Format> {
        path.extension().and_then(|e| e.to_str()).and_then(Format::parse)
    }
    pub fn extension(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Csv => "csv",
            Format::Html => "html",
            Format::Md => "md",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{0} exists")]
    Exists(PathBuf),
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
}

/// Writes `bytes` to `path` through a temporary file in the same folder, renamed into place,
/// so a failure leaves no half-written report and never damages an existing file. Without
/// `force` an existing file is refused (and kept).
pub fn write(path: &Path, bytes: &[u8], force: bool) -> Result<(), WriteError> {
    let io = |source: std::io::Error| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    // Checked first so a refusal costs nothing; `persist_noclobber` below still refuses a
    // file that appears meanwhile.
    if !force && path.symlink_metadata().is_ok() {
        return Err(WriteError::Exists(path.to_path_buf()));
    }
    // The same folder, so the rename is atomic (no copy across file systems).
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    // The temporary file is removed when dropped, on every early return.
    let mut tmp = tempfile::NamedTempFile::new_in(parent).map_err(io)?;
    tmp.write_all(bytes).map_err(io)?;
    // On disk before it takes the report's name: a power cut leaves the old file or the
    // whole new one.
    tmp.as_file().sync_all().map_err(io)?;
    let persisted = if force {
        tmp.persist(path)
    } else {
        tmp.persist_noclobber(path)
    };
    match persisted {
        Ok(_) => Ok(()),
        Err(e) if !force && e.error.kind() == std::io::ErrorKind::AlreadyExists => {
            Err(WriteError::Exists(path.to_path_buf()))
        }
        Err(e) => Err(io(e.error)),
    }
}

/// The message for a failed write, naming the file.
pub fn error_message(lang: Lang, e: &WriteError) -> String {
    match e {
        WriteError::Exists(path) => E::FileExists.fill(lang, &[&path.display()]),
        WriteError::Io { path, source } => {
            E::CannotWrite.fill(lang, &[&path.display(), &crate::i18n::io::reason(lang, source)])
        }
    }
}

/// A file name for a class's report: `sotay-<class>-<period code>.<ext>` with characters a
/// file name can't hold replaced (`/` in a custom period becomes `-`). A full-detail report
/// ends in `-mat` (*mật*, confidential) so it never takes, or overwrites, the name of the
/// summary that is sent upward.
pub fn default_file_name(class: &str, period_code: &str, detail: Detail, format: Format) -> String {
    let suffix = match detail {
        Detail::Summary => "",
        Detail::Full => "-mat",
    };
    format!(
        "sotay-{}-{}{suffix}.{}",
        safe_part(class),
        safe_part(period_code),
        format.extension()
    )
}

/// A part of a file name that Windows, macOS and Linux all accept: the characters Windows
/// reserves, control characters and spaces become `-`; the trailing dots Windows drops are
/// removed; an empty part becomes `-`.
fn safe_part(s: &str) -> String {
    let replaced: String = s
        .trim()
        .chars()
        .map(|c| match c {
            '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*' => '-',
            c if c.is_control() || c.is_whitespace() => '-',
            c => c,
        })
        .collect();
    let trimmed = replaced.trim_end_matches('.');
    if trimmed.is_empty() { "-".into() } else { trimmed.into() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_parse_in_any_case_and_from_extensions() {
        assert_eq!(Format::parse(" XLSX "), Some(Format::Xlsx));
        assert_eq!(Format::parse("csv"), Some(Format::Csv));
        assert_eq!(Format::parse("htm"), Some(Format::Html));
        assert_eq!(Format::parse("Markdown"), Some(Format::Md));
        assert_eq!(Format::parse("pdf"), None);
        assert_eq!(Format::parse(""), None);
        assert_eq!(Format::from_path(Path::new("bao-cao/8A.HTML")), Some(Format::Html));
        assert_eq!(Format::from_path(Path::new("8A.md")), Some(Format::Md));
        assert_eq!(Format::from_path(Path::new("8A")), None);
        assert_eq!(Format::from_path(Path::new("8A.docx")), None);
        for f in Format::ALL {
            assert_eq!(Format::parse(f.extension()), Some(f));
        }
    }

    #[test]
    fn default_names_are_safe_on_windows() {
        assert_eq!(
            default_file_name("8A", "2026-H1", Detail::Summary, Format::Xlsx),
            "sotay-8A-2026-H1.xlsx"
        );
        assert_eq!(
            default_file_name("Lớp 8A", "01/09/2026..30/11/2026", Detail::Summary, Format::Csv),
            "sotay-Lớp-8A-01-09-2026..30-11-2026.csv"
        );
        assert_eq!(
            default_file_name("8A:1*?", "2026", Detail::Summary, Format::Md),
            "sotay-8A-1---2026.md"
        );
        assert_eq!(
            default_file_name("  ", "2026.", Detail::Full, Format::Html),
            "sotay---2026-mat.html"
        );
        for name in [
            default_file_name("a<b>c\"d|e\\f", "x\ty", Detail::Full, Format::Xlsx),
            default_file_name("8A", "01/09/2026..30/11/2026", Detail::Summary, Format::Html),
        ] {
            assert!(
                !name.contains(['<', '>', ':', '"', '/', '\\', '|', '?', '*', '\t']),
                "{name}"
            );
        }
    }

    #[test]
    fn a_full_report_is_never_named_like_the_summary() {
        for format in Format::ALL {
            let summary = default_file_name("8A", "2026-H1", Detail::Summary, format);
            let full = default_file_name("8A", "2026-H1", Detail::Full, format);
            assert_ne!(summary, full);
            assert_eq!(full, format!("sotay-8A-2026-H1-mat.{}", format.extension()));
            assert!(full.is_ascii(), "{full}");
        }
    }

    #[test]
    fn writes_a_new_file_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("8A.csv");
        write(&path, b"hello", false).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"hello");
        // Only the report: the temporary file took its name.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn refuses_an_existing_file_without_force_and_keeps_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("8A.csv");
        std::fs::write(&path, b"old").unwrap();
        let e = write(&path, b"new", false).unwrap_err();
        assert!(matches!(&e, WriteError::Exists(p) if p == &path), "{e:?}");
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left"
        );
        let msg = error_message(Lang::En, &e);
        assert!(msg.contains("8A.csv") && msg.contains("already exists"), "{msg}");
        let msg = error_message(Lang::Vi, &e);
        assert!(msg.contains("8A.csv") && msg.contains("đã có"), "{msg}");
    }

    #[test]
    fn replaces_an_existing_file_with_force() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("8A.csv");
        std::fs::write(&path, b"old").unwrap();
        write(&path, b"new", true).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_missing_folder_fails_naming_the_file_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("no-such-folder").join("8A.csv");
        let e = write(&path, b"x", true).unwrap_err();
        assert!(matches!(e, WriteError::Io { .. }), "{e:?}");
        assert!(!path.exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        let msg = error_message(Lang::Vi, &e);
        assert!(msg.contains("8A.csv") && msg.starts_with("Không ghi được"), "{msg}");
    }

    #[test]
    fn a_folder_in_the_way_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("8A.csv");
        std::fs::create_dir(&path).unwrap();
        assert!(write(&path, b"x", false).is_err());
        assert!(write(&path, b"x", true).is_err());
        assert!(path.is_dir());
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left"
        );
    }
}
