//! A file read into rows of cells, whatever its format: what the header finder and the
//! planner work on.

use chrono::NaiveDate;

/// Columns past this are not kept: a class list is narrow. In a spreadsheet a cell with
/// something in it further right makes the sheet refused (see `sheet`).
pub const MAX_COLS: usize = 256;

/// Rows with something in them kept from one file or sheet: the pupils' rows (see
/// [`super::MAX_PUPIL_ROWS`]) and room for titles, headers repeated on each printed page
/// and footers. A file with more is refused.
pub const MAX_TABLE_ROWS: usize = super::MAX_PUPIL_ROWS + 1_000;

/// One cell as the file holds it. Spreadsheets keep numbers and dates typed; CSV gives text.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Cell {
    #[default]
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
    Bool(bool),
}

impl Cell {
    /// Text as a cell holds it, with the invisible characters that copy-and-paste leaves
    /// (zero-width space, a stray byte-order mark) taken out.
    pub fn text(s: &str) -> Cell {
        let s: String = s.chars().filter(|c| !matches!(c, '\u{200b}' | '\u{feff}')).collect();
        if s.trim().is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s)
        }
    }

    pub fn is_empty(&self) -> bool {
        matches!(self, Cell::Empty)
    }

    /// The cell as text: whole numbers without a decimal point (a code or a phone stored as
    /// a number), dates as dd/mm/yyyy.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Number(n) => number_text(*n),
            Cell::Date(d) => crate::text::format_date(*d),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
        }
    }
}

fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// A row and the line (CSV) or row number (sheet) the user sees it on, 1-based.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Row {
    pub line: usize,
    pub cells: Vec<Cell>,
}

impl Row {
    pub fn get(&self, col: usize) -> &Cell {
        self.cells.get(col).unwrap_or(&Cell::Empty)
    }

    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(Cell::is_empty)
    }

    /// The non-empty cells, as text.
    pub fn texts(&self) -> impl Iterator<Item = (usize, String)> + '_ {
        self.cells
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.is_empty())
            .map(|(i, c)| (i, c.display()))
    }
}

/// The rows of one CSV file or one worksheet.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    pub rows: Vec<Row>,
    /// The worksheet's name, for a spreadsheet.
    pub sheet: Option<String>,
    /// The file read, for messages.
    pub path: std::path::PathBuf,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_whole_numbers() {
        assert_eq!(Cell::Number(900080039.0).display(), "900080039");
        assert_eq!(Cell::Number(1.5).display(), "1.5");
        assert_eq!(Cell::text(" \u{200b} "), Cell::Empty);
        assert_eq!(Cell::text("A\u{200b}n"), Cell::Text("An".into()));
    }
}
