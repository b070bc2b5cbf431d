//! Report formats and writing a report file: all or nothing, never over a file unless asked.

use std::path::{Path, PathBuf};

use crate::i18n::Lang;

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
        todo!()
    }
    /// From a file's extension.
    pub fn from_path(path: &Path) -> Option<Format> {
        todo!()
    }
    pub fn extension(self) -> &'static str {
        todo!()
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
    todo!()
}

/// The message for a failed write, naming the file.
pub fn error_message(lang: Lang, e: &WriteError) -> String {
    todo!()
}

/// A file name for a class's report: `sotay-<class>-<period code>.<ext>` with characters a
/// file name can't hold replaced (`/` in a custom period becomes `-`).
pub fn default_file_name(class: &str, period_code: &str, format: Format) -> String {
    todo!()
}
