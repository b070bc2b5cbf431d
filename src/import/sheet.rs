//! Spreadsheets (XLSX, XLS, ODS) through calamine: the sheet with the class list, merged
//! cells filled in, typed cells kept typed.

use std::collections::BTreeMap;
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

/// Columns past this are not read: a class list is narrow, and a stray cell far to the
/// right must not make every row that wide.
const MAX_COLS: usize = 256;

/// The non-empty rows, numbered as Excel numbers them. A merged region's value (kept by
/// Excel in its top-left cell only) is copied into each of its cells, so a header merged
/// over two rows or a group label over three columns reads as it looks.
fn to_table(range: &Range<Data>, merges: &[Dimensions], sheet: String) -> Table {
    let (r0, c0) = range.start().map_or((0, 0), |(r, c)| (r as usize, c as usize));
    let last_row = range.end().map_or(0, |(r, _)| r as usize);
    let mut rows: BTreeMap<usize, Vec<Cell>> = BTreeMap::new();
    for (r, c, data) in range.used_cells() {
        let (r, c) = (r + r0, c + c0);
        let cell = cell(data);
        if c < MAX_COLS && !cell.is_empty() {
            put(&mut rows, r, c, cell);
        }
    }
    for m in merges {
        let (top, left) = (m.start.0 as usize, m.start.1 as usize);
        let Some(value) = rows
            .get(&top)
            .and_then(|r| r.get(left))
            .filter(|v| !v.is_empty())
            .cloned()
        else {
            continue;
        };
        for r in top..=(m.end.0 as usize).min(last_row) {
            for c in left..=(m.end.1 as usize).min(MAX_COLS - 1) {
                put(&mut rows, r, c, value.clone());
            }
        }
    }
    Table {
        rows: rows.into_iter().map(|(r, cells)| Row { line: r + 1, cells }).collect(),
        sheet: Some(sheet),
    }
}

fn put(rows: &mut BTreeMap<usize, Vec<Cell>>, r: usize, c: usize, cell: Cell) {
    let row = rows.entry(r).or_default();
    if row.len() <= c {
        row.resize(c + 1, Cell::Empty);
    }
    if row[c].is_empty() {
        row[c] = cell;
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
