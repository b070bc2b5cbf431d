//! The machine-readable figures every export embeds, so a school can merge its classes'
//! files with no network: key/value pairs with stable ASCII keys.
//!
//! - XLSX: a hidden sheet named [`SHEET`], a key in column A and its value in column B
//!   (numbers as numbers).
//! - CSV: rows after the report, from a row [`MARKER`] to a row [`END`], each `key,value`.
//! - HTML: the text block inside `<script type="text/plain" id="sotay-figures">`.
//! - Markdown: the text block inside an HTML comment at the end (renderers hide it).
//!
//! The text block is: a line `MARKER VERSION`, then `key<TAB>value` lines, then a line
//! `END`. Values are percent-escaped (`%`, tab, CR, LF, `<`, `>`, `&`, `"`), so a block can
//! never close the script or comment around it.

use std::collections::BTreeMap;

use super::summary::{Counts, Detail, Header};

pub const SHEET: &str = "sotay";
pub const MARKER: &str = "#sotay-figures";
pub const END: &str = "#end";
/// Bumped when a key changes meaning; a newer file is refused by an older merge.
pub const VERSION: u32 = 1;

/// What a merge needs from one class's export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Figures {
    pub header: Header,
    pub detail: Detail,
    pub counts: Counts,
}

/// A value in the pairs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Val {
    Text(String),
    Int(u64),
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FiguresError {
    #[error("no figures")]
    Missing,
    #[error("missing key {0}")]
    MissingKey(String),
    #[error("bad value for {0}")]
    BadValue(String),
    #[error("made by a newer sotay (version {0})")]
    NewerVersion(u32),
}

impl Figures {
    /// Every pair, in a fixed order: `version`, the header (`school`, `school_code`,
    /// `commune`, `province`, `class`, `school_year`, `teacher`, `period`, `period_from`,
    /// `period_to` (yyyy-mm-dd), `made_on`, `as_of`, `detail`), then the counts
    /// (`pupils`, …, `closed.<reason code>`, `support.<type code>.planned` …).
    pub fn to_pairs(&self) -> Vec<(String, Val)> {
        todo!()
    }

    /// Reads pairs back; numbers may come as text (from a text block) or as numbers.
    pub fn from_pairs(pairs: &BTreeMap<String, Val>) -> Result<Figures, FiguresError> {
        todo!()
    }

    /// The text block (see the module's doc), ending with a newline.
    pub fn to_block(&self) -> String {
        todo!()
    }

    /// Finds a text block anywhere in `text` (an HTML or Markdown export) and reads it.
    pub fn from_text(text: &str) -> Result<Figures, FiguresError> {
        todo!()
    }
}
