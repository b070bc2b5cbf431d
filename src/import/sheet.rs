//! Spreadsheets (XLSX, XLS, ODS) through calamine: the sheet with the class list, merged
//! cells filled in, typed cells kept typed.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Dimensions, Ods, Range, Reader, SheetVisible, Sheets, Xls, Xlsx};
use chrono::NaiveDate;

use super::ImportError;
use super::header;
use super::table::{Cell, Row, Table};
use crate::domain::Field;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Xlsx,
    Xls,
    Ods,
}

type Book = Sheets<Cursor<Vec<u8>>>;

/// Reads the sheet holding the class list: the first whose header names a name column,
/// else the first with any data. Hidden sheets (lookup lists in templates) come last.
pub fn read(path: &Path, bytes: Vec<u8>, kind: Kind) -> Result<Table, ImportError> {
    let fail = |e: String| ImportError::Workbook {
        path: path.into(),
        message: e,
    };
    let cursor = Cursor::new(bytes);
    let mut book: Book = match kind {
        Kind::Xlsx => Sheets::Xlsx(Xlsx::new(cursor).map_err(|e| fail(e.to_string()))?),
        Kind::Xls => Sheets::Xls(Xls::new(cursor).map_err(|e| fail(e.to_string()))?),
        Kind::Ods => Sheets::Ods(Ods::new(cursor).map_err(|e| fail(e.to_string()))?),
    };
    let mut names: Vec<(bool, String)> = book
        .sheets_metadata()
        .iter()
        .map(|s| (s.visible != SheetVisible::Visible, s.name.clone()))
        .collect();
    names.sort_by_key(|(hidden, _)| *hidden);

    let mut first_with_data = None;
    for (_, name) in names {
        let Ok(range) = book.worksheet_range(&name) else {
            continue;
        };
        if range.is_empty() {
            continue;
        }
        let merges = merged_regions(&mut book, &name);
        let table = to_table(&range, &merges, name);
        if table.rows.iter().all(Row::is_blank) {
            continue;
        }
        let has_header = match header::find(&table) {
            Ok(_) => true,
            Err(e) => e.missing == Field::BirthDate,
        };
        if has_header {
            return Ok(table);
        }
        first_with_data.get_or_insert(table);
    }
    first_with_data.ok_or_else(|| ImportError::Empty { path: path.into() })
}

fn merged_regions(book: &mut Book, name: &str) -> Vec<Dimensions> {
    match book {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// The used range as rows numbered as Excel numbers them. A merged region's value (kept
/// by Excel in its top-left cell only) is copied into each of its cells, so a header
/// merged over two rows or a group label over three columns reads as it looks.
fn to_table(range: &Range<Data>, merges: &[Dimensions], sheet: String) -> Table {
    let (Some((r0, c0)), Some((r1, c1))) = (range.start(), range.end()) else {
        return Table {
            rows: Vec::new(),
            sheet: Some(sheet),
        };
    };
    // Columns are kept absolute (from A) so that merged regions line up.
    let (r0, c0, r1, width) = (r0 as usize, c0 as usize, r1 as usize, c1 as usize + 1);
    let mut grid: Vec<Vec<Cell>> = vec![vec![Cell::Empty; width]; r1 - r0 + 1];
    for (r, c, data) in range.used_cells() {
        grid[r][c + c0] = cell(data);
    }
    for m in merges {
        let (top, left) = (m.start.0 as usize, m.start.1 as usize);
        if top < r0 || top > r1 || left >= width {
            continue;
        }
        let value = grid[top - r0][left].clone();
        if value.is_empty() {
            continue;
        }
        let right = (m.end.1 as usize).min(width - 1);
        for r in top..=(m.end.0 as usize).min(r1) {
            for c in grid[r - r0][left..=right].iter_mut().filter(|c| c.is_empty()) {
                *c = value.clone();
            }
        }
    }
    let rows = grid
        .into_iter()
        .enumerate()
        .map(|(i, cells)| Row {
            line: r0 + i + 1,
            cells,
        })
        .collect();
    Table {
        rows,
        sheet: Some(sheet),
    }
}

fn cell(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::text(s),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            NaiveDate::from_ymd_opt(y.into(), m.into(), d.into()).map_or(Cell::Number(dt.as_f64()), Cell::Date)
        }
        Data::DateTime(dt) => Cell::Number(dt.as_f64()),
        Data::DateTimeIso(s) => {
            let day = s.split('T').next().unwrap_or_default();
            crate::text::parse_date(day).map_or_else(|| Cell::text(s), Cell::Date)
        }
        Data::DurationIso(s) => Cell::text(s),
        Data::Error(e) => Cell::Text(e.to_string()),
    }
}
