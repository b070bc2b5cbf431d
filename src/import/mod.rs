//! Class lists from the files school systems export (SMAS, vnEdu, hand-made Excel):
//! [`read_table`] reads CSV, XLSX or XLS into rows, [`plan`] turns the rows into pupils
//! sorted into new, already present and skipped, [`describe`] words the plan. Saving
//! `plan.new` is the caller's job.

mod csv;
mod describe;
pub mod header;
mod plan;
mod sheet;
pub mod table;
mod xls;

use std::path::{Path, PathBuf};

pub use describe::{describe, error_message};
pub use header::Column;
pub use plan::{ImportPlan, RowRef, SkipReason, SkippedRow, UnlikelyAge, plan};
pub use table::{Cell, Row, Table};

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} is not UTF-8 text")]
    NotUtf8 { path: PathBuf },
    #[error("{path} is a web page or XML, not a spreadsheet")]
    WebPage { path: PathBuf },
    #[error("{path} is not a CSV, XLSX or XLS file")]
    UnknownFormat { path: PathBuf },
    /// An OpenDocument spreadsheet (LibreOffice): not read, since calamine's reader holds
    /// a sheet whole, repeated rows and columns expanded (840 bytes took 1.9 GB).
    #[error("{path} is an OpenDocument spreadsheet, not read")]
    OpenDocument { path: PathBuf },
    #[error("cannot open the spreadsheet {path}: {damage:?}")]
    Workbook { path: PathBuf, damage: Damage },
    #[error("{path} holds no data")]
    Empty { path: PathBuf },
    /// Larger than any class list: refused before it is read.
    #[error("{path} is too large for a class list ({bytes} bytes)")]
    TooLarge { path: PathBuf, bytes: u64 },
    /// More rows than a class list has (see [`MAX_PUPIL_ROWS`]). `at_least`: reading
    /// stopped there, the file may have more.
    #[error("{path} has {rows} rows, more than a class list")]
    TooManyRows {
        path: PathBuf,
        sheet: Option<String>,
        rows: usize,
        at_least: bool,
    },
    /// A cell holds something beyond the columns a class list can have (see
    /// [`table::MAX_COLS`]): `cell` is its name as Excel shows it (XFD1048576).
    #[error("sheet {sheet} of {path} has a cell at {cell}, beyond the columns of a class list")]
    CellTooFar { path: PathBuf, sheet: String, cell: String },
    /// A sheet holding more text than a class list: the text of its cells, as read and as
    /// its merged regions copy it (see `sheet::MAX_SHEET_TEXT`), or as calamine would hold
    /// it for an old Excel file.
    #[error("sheet {sheet} of {path} holds more text than a class list")]
    SheetTooMuchText { path: PathBuf, sheet: String },
    /// An old Excel sheet whose cells span more than a class list: calamine would hold
    /// the whole rectangle `span` (`A1:IV65536`) in memory.
    #[error("sheet {sheet} of {path} spans {span}, more than a class list holds")]
    SheetTooBig { path: PathBuf, sheet: String, span: String },
    /// An old Excel workbook whose first `sheets` sheets together span more cells than
    /// calamine may hold (it reads them all as it opens the file).
    #[error("the {sheets} sheets of {path} span more cells than a class list holds")]
    WorkbookTooBig { path: PathBuf, sheets: usize },
    /// The labels found are kept for the user's message, not for `Display`: without a
    /// header they may be a pupil's row.
    #[error("no name column")]
    NoNameColumn { found: Vec<String> },
    #[error("no date of birth column")]
    NoBirthDateColumn { found: Vec<String> },
}

/// Why a spreadsheet could not be opened, worded in the user's language by
/// [`error_message`].
#[derive(Debug)]
pub enum Damage {
    /// The spreadsheet reader's own words (calamine's, in English): a detail for whoever
    /// repairs the file.
    Reader(String),
    /// An old Excel file is not a compound file the `cfb` reader can open.
    Structure,
    /// An old Office file with no workbook stream inside (a Word document named `.xls`).
    NoWorkbook,
    /// A record of an old Excel file that the reader would misread: its name.
    Record(&'static str),
    /// The cells of an old Excel sheet are written over and over (more cell records than
    /// its grid has cells).
    RepeatedCells,
    /// The sheets of an old Excel file overlap in its workbook stream.
    OverlappingSheets,
    /// The reader stopped on a damaged part (a panic caught).
    Stopped,
}

/// The most pupils' rows a file may hold: a class has about 45, a whole school's list a
/// few thousand. A larger file is refused before anything is saved.
pub const MAX_PUPIL_ROWS: usize = 5_000;

/// The largest file read: far more than a class list of [`MAX_PUPIL_ROWS`] takes in any
/// format, and small enough to hold in memory on a school PC.
pub const MAX_FILE_BYTES: u64 = 32 << 20;

/// Reads a class list into rows. The format is sniffed from the content (a `.xls` that is
/// really XLSX, CSV or a web page is common); the extension only tells ODS from XLSX.
pub fn read_table(path: &Path) -> Result<Table, ImportError> {
    let io = |source| ImportError::Io {
        path: path.into(),
        source,
    };
    // Read through a limit, not by the size the file says it has: a device or a file that
    // grows would be read forever.
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| std::io::Read::read_to_end(&mut std::io::Read::take(f, MAX_FILE_BYTES + 1), &mut bytes))
        .map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let bytes = std::fs::metadata(path).map_or(MAX_FILE_BYTES + 1, |m| m.len().max(MAX_FILE_BYTES + 1));
        return Err(ImportError::TooLarge {
            path: path.into(),
            bytes,
        });
    }
    read_bytes(path, bytes)
}

/// [`read_table`] for a file already read (`path` names it in messages): what the
/// property tests drive.
pub fn read_bytes(path: &Path, bytes: Vec<u8>) -> Result<Table, ImportError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match sniff(&bytes, &ext) {
        Format::Sheet(kind) => sheet::read(path, bytes, kind),
        Format::Text => csv::read(path, bytes),
        Format::OpenDocument => Err(ImportError::OpenDocument { path: path.into() }),
        Format::WebPage => Err(ImportError::WebPage { path: path.into() }),
        Format::Unknown => Err(ImportError::UnknownFormat { path: path.into() }),
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Format {
    Sheet(sheet::Kind),
    OpenDocument,
    Text,
    WebPage,
    Unknown,
}

fn sniff(bytes: &[u8], ext: &str) -> Format {
    const ZIP: &[u8] = b"PK\x03\x04";
    const OLE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
    if bytes.starts_with(ZIP) {
        // An OpenDocument zip starts with its `mimetype`, whatever its name.
        let ods = ext == "ods"
            || bytes
                .get(30..)
                .is_some_and(|b| b.starts_with(b"mimetypeapplication/vnd.oasis"));
        return if ods {
            Format::OpenDocument
        } else {
            Format::Sheet(sheet::Kind::Xlsx)
        };
    }
    if bytes.starts_with(OLE) {
        return Format::Sheet(sheet::Kind::Xls);
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Format::Text;
    }
    let head = &bytes[..bytes.len().min(4096)];
    let start = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    if start.trim_ascii_start().starts_with(b"<") {
        return Format::WebPage;
    }
    if head.contains(&0) {
        return Format::Unknown;
    }
    Format::Text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_sniffed_from_content() {
        assert_eq!(sniff(b"PK\x03\x04rest", "xls"), Format::Sheet(sheet::Kind::Xlsx));
        assert_eq!(sniff(b"PK\x03\x04rest", "ods"), Format::OpenDocument);
        let mut ods = b"PK\x03\x04".to_vec();
        ods.resize(30, 0);
        ods.extend_from_slice(b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet");
        assert_eq!(sniff(&ods, "xlsx"), Format::OpenDocument);
        assert_eq!(
            sniff(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "xlsx"),
            Format::Sheet(sheet::Kind::Xls)
        );
        assert_eq!(sniff(b"\xEF\xBB\xBF<html><table>", "xls"), Format::WebPage);
        assert_eq!(sniff(b"%PDF-1.4\x00\x01", "pdf"), Format::Unknown);
        assert_eq!(sniff("Họ và tên;Ngày sinh".as_bytes(), "xls"), Format::Text);
    }
}
