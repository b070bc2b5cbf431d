//! Reports: a class's summary for a period, the school report merged from class files, the
//! area report (commune or ward, province) summed from school reports, and the four file
//! formats they are written in.
//!
//! Data flows one way: `summary::summarize` (pure, from the casebook) or `merge::merge` (from
//! the files' embedded figures) gives the figures; `document` lays them out in words, once,
//! in the report's language; `xlsx`, `csv`, `html` and `md` only render a `Document`, so every
//! format shows the same figures. `output` writes the bytes without ever leaving half a file.

pub mod area;
pub mod csv;
pub mod document;
pub mod figures;
pub mod html;
pub mod md;
pub mod merge;
pub mod output;
pub mod period;
pub mod summary;
pub mod xlsx;

pub use area::{AreaLevel, AreaReport, merge_area};
pub use document::Document;
pub use figures::Figures;
pub use merge::{MergeError, Missing, SchoolReport};
pub use output::{Format, WriteError};
pub use period::{PeriodError, ReportPeriod};
pub use summary::{Counts, Detail, Summary, summarize};

/// Renders a document in a format.
pub fn render(doc: &Document, format: Format) -> Result<Vec<u8>, RenderError> {
    match format {
        Format::Xlsx => xlsx::render(doc),
        Format::Csv => Ok(csv::render(doc)),
        Format::Html => Ok(html::render(doc)),
        Format::Md => Ok(md::render(doc)),
    }
}

/// Only the XLSX writer can fail (it builds a zip in memory).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct RenderError(pub String);
