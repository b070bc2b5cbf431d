//! Spreadsheets (XLSX, XLS) through calamine: the sheet with the class list, merged
//! cells filled in, typed cells kept typed, and bounds on what a hostile file can make
//! sotay hold (see [`read`]).

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::Path;

use calamine::{Data, DataRef, Dimensions, Reader, SheetVisible, Sheets, Xls, Xlsx};
use chrono::NaiveDate;

use super::header;
use super::table::{Cell, MAX_COLS, MAX_TABLE_ROWS, Row, Table};
use super::{Damage, ImportError};
use crate::domain::Field;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Xlsx,
    Xls,
}

type Book = Sheets<Cursor<Vec<u8>>>;

/// XML parts of a workbook larger than this (unpacked) are refused: calamine holds the
/// shared strings whole, and a few kB of zip can unpack to gigabytes.
const MAX_XML_PART_BYTES: u64 = 64 << 20;

/// Merged regions taller than this are copied only into rows that hold something: a
/// header merged over two or three rows is filled in, a region down to row 1,048,576 adds
/// no rows.
const MAX_MERGE_NEW_ROWS: usize = 10;

/// Cells a file's merged regions may fill in, all together.
const MAX_MERGE_FILLS: usize = 1 << 20;

/// Bytes of text one sheet's table may hold, as read and as merged regions copy it: a
/// class list of 6,000 rows holds a few MB. A file says a text once and shows it in many
/// cells (an XLSX's shared string, a merged region's value): a 6 kB file made 8 GB of
/// copies before this bound.
pub(super) const MAX_SHEET_TEXT: usize = 8 << 20;

/// Reads the sheet holding the class list: the first whose header names a name column,
/// else the first with any data. Hidden sheets (lookup lists in templates) come last.
/// Sheets are read into sparse rows, cell by cell for XLSX, so a stray cell far away costs
/// nothing; a sheet with something past [`MAX_COLS`] or more than [`MAX_TABLE_ROWS`]
/// rows is refused, naming the sheet, when no sheet has a class list's header.
///
/// calamine's XLS reader indexes some records without checking their length (the records
/// `xls` knows of are checked first): a panic inside it is caught and reported as a
/// damaged file, as the store does with sled.
pub fn read(path: &Path, bytes: Vec<u8>, kind: Kind) -> Result<Table, ImportError> {
    // Quietly: no fault line or crash log for a panic that is handled here.
    crate::panic::quietly(std::panic::AssertUnwindSafe(|| read_unguarded(path, bytes, kind))).unwrap_or_else(|_| {
        Err(ImportError::Workbook {
            path: path.into(),
            damage: Damage::Stopped,
        })
    })
}

fn read_unguarded(path: &Path, bytes: Vec<u8>, kind: Kind) -> Result<Table, ImportError> {
    let fail = |e: String| ImportError::Workbook {
        path: path.into(),
        damage: Damage::Reader(e),
    };
    match kind {
        Kind::Xlsx => check_zip(path, &bytes)?,
        Kind::Xls => super::xls::check(path, &bytes)?,
    }
    let cursor = Cursor::new(bytes);
    let mut book: Book = match kind {
        Kind::Xlsx => Sheets::Xlsx(Xlsx::new(cursor).map_err(|e| fail(e.to_string()))?),
        Kind::Xls => Sheets::Xls(Xls::new(cursor).map_err(|e| fail(e.to_string()))?),
    };
    let mut names: Vec<(bool, String)> = book
        .sheets_metadata()
        .iter()
        .map(|s| (s.visible != SheetVisible::Visible, s.name.clone()))
        .collect();
    names.sort_by_key(|(hidden, _)| *hidden);

    // Only the first sheet with data is remembered, by name: holding its table while the
    // others are read would double what a file can make sotay hold.
    let mut first_with_data = None;
    // A sheet refused (a stray far cell in a notes sheet) does not refuse the workbook:
    // a later sheet may hold the class list.
    let mut refused = None;
    let mut fills = MAX_MERGE_FILLS;
    for (_, name) in &names {
        match sheet_table(&mut book, path, name, &mut fills) {
            Ok(Some(table)) if has_header(&table) => return Ok(table),
            Ok(Some(_)) => {
                first_with_data.get_or_insert(name);
            }
            Ok(None) => {}
            Err(e) => {
                refused.get_or_insert(e);
            }
        }
    }
    if let Some(e) = refused {
        return Err(e);
    }
    let empty = || ImportError::Empty { path: path.into() };
    let name = first_with_data.ok_or_else(empty)?;
    // Read again, with a whole budget of merged cells: at most twice the work.
    let mut fills = MAX_MERGE_FILLS;
    sheet_table(&mut book, path, name, &mut fills)?.ok_or_else(empty)
}

/// Whether a table has a class list's header: a name column (a missing birth date column
/// is said when planning).
fn has_header(table: &Table) -> bool {
    match header::find(table) {
        Ok(_) => true,
        Err(e) => e.missing == Field::BirthDate,
    }
}

/// One sheet as a table, merged regions filled in (`None`: calamine cannot read it, or it
/// holds nothing).
fn sheet_table(book: &mut Book, path: &Path, name: &str, fills: &mut usize) -> Result<Option<Table>, ImportError> {
    let Some(grid) = read_sheet(book, path, name)? else {
        return Ok(None);
    };
    if grid.rows.is_empty() {
        return Ok(None);
    }
    let merges = merged_regions(book, name);
    let table = grid.into_table(&merges, fills)?;
    Ok((!table.rows.iter().all(Row::is_blank)).then_some(table))
}

/// Refuses a zip whose XML parts unpack to more than [`MAX_XML_PART_BYTES`]. The sizes are
/// the archive's own; the zip reader stops at them. A zip it cannot read is left to
/// calamine, which says why.
fn check_zip(path: &Path, bytes: &[u8]) -> Result<(), ImportError> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    for i in 0..zip.len() {
        let Ok(part) = zip.by_index_raw(i) else {
            continue;
        };
        if part.size() > MAX_XML_PART_BYTES && !part.is_dir() {
            return Err(ImportError::TooLarge {
                path: path.into(),
                bytes: part.size(),
            });
        }
    }
    Ok(())
}

/// One sheet's cells with something in them, in sparse rows (`None`: calamine cannot read
/// the sheet, which is passed over as before).
fn read_sheet<'a>(book: &mut Book, path: &'a Path, name: &'a str) -> Result<Option<Grid<'a>>, ImportError> {
    let mut grid = Grid {
        path,
        sheet: name,
        rows: BTreeMap::new(),
        text: 0,
    };
    match book {
        Sheets::Xlsx(x) => {
            let Ok(mut reader) = x.worksheet_cells_reader(name) else {
                return Ok(None);
            };
            loop {
                match reader.next_cell() {
                    Ok(Some(c)) => {
                        let (r, col) = c.get_position();
                        // A shared string is taken from where calamine keeps it, not copied
                        // whole first.
                        let value = match c.get_value() {
                            DataRef::SharedString(s) => Cell::text(s),
                            other => cell(&Data::from(other.clone())),
                        };
                        grid.put(r as usize, col as usize, value)?;
                    }
                    Ok(None) => break,
                    Err(_) => return Ok(None),
                }
            }
        }
        _ => {
            let Ok(range) = book.worksheet_range(name) else {
                return Ok(None);
            };
            let (r0, c0) = range.start().map_or((0, 0), |(r, c)| (r as usize, c as usize));
            for (r, c, data) in range.used_cells() {
                grid.put(r + r0, c + c0, cell(data))?;
            }
        }
    }
    Ok(Some(grid))
}

fn merged_regions(book: &mut Book, name: &str) -> Vec<Dimensions> {
    match book {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// A sheet's non-empty cells, by row (0-based) then column.
struct Grid<'a> {
    path: &'a Path,
    sheet: &'a str,
    rows: BTreeMap<usize, Vec<Cell>>,
    /// Bytes of text held, against [`MAX_SHEET_TEXT`].
    text: usize,
}

impl Grid<'_> {
    /// Counts a cell's text against [`MAX_SHEET_TEXT`], or refuses the sheet.
    fn charge(&mut self, cell: &Cell) -> Result<(), ImportError> {
        if let Cell::Text(s) = cell {
            self.text += s.len();
            if self.text > MAX_SHEET_TEXT {
                return Err(ImportError::SheetTooMuchText {
                    path: self.path.into(),
                    sheet: self.sheet.into(),
                });
            }
        }
        Ok(())
    }

    /// Keeps a cell read from the file, or refuses the sheet when it is out of bounds.
    fn put(&mut self, r: usize, c: usize, cell: Cell) -> Result<(), ImportError> {
        if cell.is_empty() {
            return Ok(());
        }
        if c >= MAX_COLS {
            return Err(ImportError::CellTooFar {
                path: self.path.into(),
                sheet: self.sheet.into(),
                cell: cell_name(r, c),
            });
        }
        if !self.rows.contains_key(&r) && self.rows.len() >= MAX_TABLE_ROWS {
            return Err(ImportError::TooManyRows {
                path: self.path.into(),
                sheet: Some(self.sheet.into()),
                rows: MAX_TABLE_ROWS,
                at_least: true,
            });
        }
        // Counted also when the place is taken: only a damaged file writes a cell twice.
        self.charge(&cell)?;
        let place = slot(&mut self.rows, r, c);
        if place.is_empty() {
            *place = cell;
        }
        Ok(())
    }

    /// The rows, numbered as Excel numbers them. A merged region's value (kept by Excel in
    /// its top-left cell only) is copied into each of its cells, so a header merged over
    /// two rows or a group label over three columns reads as it looks. `fills` is what is
    /// left of [`MAX_MERGE_FILLS`]; no row is added past [`MAX_TABLE_ROWS`]; the copies'
    /// text counts against [`MAX_SHEET_TEXT`].
    fn into_table(mut self, merges: &[Dimensions], fills: &mut usize) -> Result<Table, ImportError> {
        for m in merges {
            let (top, left) = (m.start.0 as usize, m.start.1 as usize);
            let Some(value) = self
                .rows
                .get(&top)
                .and_then(|r| r.get(left))
                .filter(|v| !v.is_empty())
                .cloned()
            else {
                continue;
            };
            let (bottom, right) = (m.end.0 as usize, (m.end.1 as usize).min(MAX_COLS - 1));
            let rows: Vec<usize> = if bottom.saturating_sub(top) < MAX_MERGE_NEW_ROWS {
                (top..=bottom).collect()
            } else {
                self.rows.range(top..=bottom).map(|(r, _)| *r).collect()
            };
            for r in rows {
                // A region fills rows in, but never makes one past what a sheet may keep.
                if !self.rows.contains_key(&r) && self.rows.len() >= MAX_TABLE_ROWS {
                    continue;
                }
                for c in left..=right {
                    if *fills == 0 {
                        break;
                    }
                    *fills -= 1;
                    let cell = slot(&mut self.rows, r, c);
                    if cell.is_empty() {
                        *cell = value.clone();
                        self.charge(&value)?;
                    }
                }
            }
        }
        Ok(Table {
            rows: self
                .rows
                .into_iter()
                .map(|(r, cells)| Row { line: r + 1, cells })
                .collect(),
            sheet: Some(self.sheet.into()),
            path: self.path.into(),
        })
    }
}

/// The place of a cell, the row made and widened as needed.
fn slot(rows: &mut BTreeMap<usize, Vec<Cell>>, r: usize, c: usize) -> &mut Cell {
    let row = rows.entry(r).or_default();
    if row.len() <= c {
        row.resize(c + 1, Cell::Empty);
    }
    &mut row[c]
}

/// A cell's name as Excel shows it: row 0, column 0 is A1; column 16383 is XFD.
pub(super) fn cell_name(r: usize, c: usize) -> String {
    let mut letters = Vec::new();
    let mut n = c + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), r + 1)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_named_as_excel_names_them() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(3999, 25), "Z4000");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(cell_name(1_048_575, 16_383), "XFD1048576");
    }
}
