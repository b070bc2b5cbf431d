//! Merging classes' exports into a school report, from the figures each file embeds.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::figures::{Figures, FiguresError};
use super::summary::Counts;
use crate::i18n::Lang;

/// A school's report: its classes' figures and their sum.
#[derive(Clone, Debug, PartialEq)]
pub struct SchoolReport {
    /// The classes, sorted by class name, with the file each came from.
    pub classes: Vec<(PathBuf, Figures)>,
    /// The sum of the classes' counts.
    pub total: Counts,
    pub made_on: NaiveDate,
}

#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    #[error("no files")]
    NoFiles,
    /// The file can't be read or is not an export (carries the reason).
    #[error("{file}: {detail}")]
    Unreadable { file: PathBuf, detail: String },
    /// An export without figures, or with figures that don't read.
    #[error("{file}: {error}")]
    Figures { file: PathBuf, error: FiguresError },
    #[error("mixed periods")]
    MixedPeriods {
        first: PathBuf,
        first_period: String,
        file: PathBuf,
        period: String,
    },
    #[error("mixed schools")]
    MixedSchools {
        first: PathBuf,
        first_school: String,
        file: PathBuf,
        school: String,
    },
    /// The same class twice: it would be counted twice.
    #[error("same class twice")]
    SameClass { first: PathBuf, file: PathBuf, class: String },
}

/// Reads one export's figures; the format is told by the file's content (a zip is XLSX),
/// not its name.
pub fn read(file: &Path) -> Result<Figures, MergeError> {
    todo!()
}

/// Merges classes' figures: refuses no files, mixed periods (the period's code and dates),
/// mixed schools (the school code), and a class given twice.
pub fn merge(classes: Vec<(PathBuf, Figures)>, made_on: NaiveDate) -> Result<SchoolReport, MergeError> {
    todo!()
}

/// The message for a refused merge, naming the files and what differs.
pub fn error_message(lang: Lang, e: &MergeError) -> String {
    todo!()
}
