//! Renders a [`Document`] as an XLSX workbook (rust_xlsxwriter): numbers as numbers,
//! percentages formatted `0.0%`, amounts `#,##0 "₫"`, dates as dates (the header's too);
//! when confidential, every sheet's page header says so; and the figures in a hidden sheet
//! (see `figures`).
//!
//! Each sheet is laid out to print on A4 at full size: portrait, or landscape for a wide
//! table, with column widths planned to fit the page's width and every row as tall as its
//! wrapped text (LibreOffice does not fit a row's height to wrapped text on its own). The
//! title, the notes and long header values span the sheet's columns rather than running
//! past its last one, which would make the page wider and the print smaller. Only a sheet
//! whose columns can't fit however they wrap is set to fit one page wide: LibreOffice's fit
//! also shrinks a long sheet by a few percent to save a page. `scripts/print-check.sh`
//! checks the result in LibreOffice.

use chrono::Datelike;
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};
use unicode_normalization::UnicodeNormalization;

use super::RenderError;
use super::document::{Cell, Document, Sheet, Table, cell_text};
use super::figures::{self, Val};

/// Excel's paper code for A4.
const A4: u8 = 9;
/// Margins in inches: narrower than Excel's 0.7 and 0.75, so a summary's columns fit at
/// 100% and its indicators and counts on one page.
const SIDE: f64 = 0.5;
const TOP: f64 = 0.5;
const HEADER_FOOTER: f64 = 0.3;
/// A4's printable width in pixels (96 a inch), portrait and landscape.
const PORTRAIT_PX: f64 = (8.27 - 2.0 * SIDE) * 96.0;
const LANDSCAPE_PX: f64 = (11.69 - 2.0 * SIDE) * 96.0;
/// Widths are planned to this share of the page: the text estimate is not exact.
const SAFETY: f64 = 0.97;
/// Pixels a character of column width takes when printed: Excel's 7, but LibreOffice's is
/// the digit's true width (7.43 for Calibri 11), so a sheet planned with 7 prints 6% wider
/// there and shrinks to fit. Planned with LibreOffice's, it fits in both.
const CHAR_PX: f64 = 7.45;
/// Tables with more columns than this print landscape.
const WIDE: usize = 6;
/// Font sizes in points: cells (rust_xlsxwriter's default, Calibri 11), the title, a
/// table's title.
const BODY: f64 = 11.0;
const TITLE: f64 = 14.0;
const TABLE_TITLE: f64 = 12.0;
/// The narrowest column, in characters.
const MIN_WIDTH: f64 = 4.0;

pub fn render(doc: &Document) -> Result<Vec<u8>, RenderError> {
    write(doc).map_err(|e| RenderError(e.to_string()))
}

fn write(doc: &Document) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let styles = Styles::new();
    for (i, sheet) in doc.sheets.iter().enumerate() {
        let ws = book.add_worksheet();
        write_sheet(ws, doc, sheet, &styles)?;
        if i == 0 {
            // The summary (header, indicators, counts) is one page: one more indicator or a
            // wrapped name must not push its last line onto a page of its own. Fitting only
            // shrinks, and only as much as that takes (a line in fifty: 2%).
            ws.set_print_fit_to_pages(1, 1);
        }
    }
    if doc.sheets.is_empty() {
        let empty = Sheet {
            name: String::new(),
            tables: Vec::new(),
            notes: Vec::new(),
        };
        write_sheet(book.add_worksheet(), doc, &empty, &styles)?;
    }
    if let Some(f) = &doc.figures {
        let ws = book.add_worksheet();
        ws.set_name(figures::SHEET)?;
        for (row, (key, val)) in (0u32..).zip(f.to_pairs()) {
            ws.write_string(row, 0, key)?;
            match val {
                Val::Int(n) => ws.write_number(row, 1, n as f64)?,
                Val::Text(t) => ws.write_string(row, 1, t)?,
            };
        }
        ws.set_column_width(0, 32)?;
        ws.set_column_width(1, 40)?;
        ws.set_hidden(true);
    }
    book.save_to_buffer()
}

/// Each cell style, plain and bold (a total row).
struct Styles {
    confidential: Format,
    title: Format,
    label: Format,
    value: Format,
    value_int: Format,
    value_date: Format,
    table_title: Format,
    column: Format,
    note: Format,
    text: [Format; 2],
    int: [Format; 2],
    percent: [Format; 2],
    vnd: [Format; 2],
    date: [Format; 2],
    dash: [Format; 2],
}

const DATE_FORMAT: &str = "dd/mm/yyyy";

impl Styles {
    fn new() -> Styles {
        let cell = |bold: bool| {
            let f = Format::new().set_border(FormatBorder::Thin).set_align(FormatAlign::Top);
            if bold { f.set_bold() } else { f }
        };
        let pair = |make: &dyn Fn(Format) -> Format| [make(cell(false)), make(cell(true))];
        let top = || Format::new().set_align(FormatAlign::Top);
        let value = || top().set_align(FormatAlign::Left);
        Styles {
            confidential: top().set_bold().set_font_color(0xC00000).set_text_wrap(),
            title: top().set_bold().set_font_size(TITLE).set_text_wrap(),
            label: top().set_bold().set_text_wrap(),
            value: value().set_text_wrap(),
            value_int: value().set_num_format("0"),
            value_date: value().set_num_format(DATE_FORMAT),
            table_title: top().set_bold().set_font_size(TABLE_TITLE).set_text_wrap(),
            column: cell(true).set_text_wrap().set_background_color(0xE7E6E6),
            note: top().set_italic().set_text_wrap(),
            text: pair(&|f| f.set_text_wrap()),
            int: pair(&|f| f.set_num_format("0")),
            percent: pair(&|f| f.set_num_format("0.0%")),
            vnd: pair(&|f| f.set_num_format("#,##0 \"₫\"")),
            date: pair(&|f| f.set_num_format(DATE_FORMAT)),
            dash: pair(&|f| f.set_align(FormatAlign::Right)),
        }
    }
}

// --- How wide text prints -------------------------------------------------------------
//
// Widths are in Excel's character units: the width of a digit of the default font
// (Calibri 11, 7 pixels); a column `w` wide is `7w + 5` pixels. Text is measured with a
// rough table of Calibri's letter widths against a digit's, rounded up, so an estimate
// errs towards a wider column or one more line, never a clipped word.

/// The width of `text` in digits of an 11-point regular font.
fn units(text: &str) -> f64 {
    text.chars().map(char_units).sum()
}

fn char_units(c: char) -> f64 {
    // Diacritics don't change a letter's width: measure its base letter (the first of its
    // decomposition; đ and Đ have none).
    let base = match c {
        'đ' => 'd',
        'Đ' => 'D',
        c if c.is_ascii() => c,
        c => c.nfd().next().unwrap_or(c),
    };
    match base {
        ' ' => 0.45,
        'i' | 'j' | 'l' | 'I' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | '(' | ')' => 0.5,
        'f' | 't' | 'r' | 's' | '/' | '-' => 0.75,
        'm' | 'w' => 1.6,
        'M' | 'W' | '—' | '%' => 1.7,
        'a'..='z' => 1.0,
        'A'..='Z' | '–' | '≥' | '≤' | '₫' => 1.25,
        _ => 1.0,
    }
}

/// How a cell's text is set: its size in points and whether bold.
#[derive(Clone, Copy)]
struct Font {
    size: f64,
    bold: bool,
}

const PLAIN: Font = Font {
    size: BODY,
    bold: false,
};
const BOLD: Font = Font { size: BODY, bold: true };

impl Font {
    fn scale(self) -> f64 {
        self.size / BODY * if self.bold { 1.07 } else { 1.0 }
    }
    /// A row's height in points for `lines` lines: Excel's 15 points a line of 11 points
    /// (LibreOffice needs a little less, so its rows have some room to spare).
    fn height(self, lines: usize) -> f64 {
        lines.max(1) as f64 * self.size * 15.0 / 11.0
    }
}

/// A text measured once: the widths of its words, paragraph by paragraph, in characters of
/// its font; planning a sheet wraps the same texts at many widths.
struct Measured {
    paras: Vec<Vec<f64>>,
    space: f64,
}

impl Measured {
    fn new(text: &str, font: Font) -> Measured {
        let k = font.scale();
        Measured {
            paras: text
                .split('\n')
                .map(|p| p.split_whitespace().map(|w| units(w) * k).collect())
                .collect(),
            space: char_units(' ') * k,
        }
    }

    /// How many lines it takes wrapped in a column (or columns) `width` characters wide:
    /// words kept whole where they fit, a word too long for a line broken over as many as it
    /// needs.
    fn lines(&self, width: f64) -> usize {
        // The cell's padding.
        let room = (width - 0.6).max(0.5);
        self.paras
            .iter()
            .map(|words| {
                let mut count = 1;
                let mut used = 0.0;
                for &w in words {
                    if used > 0.0 && used + self.space + w <= room {
                        used += self.space + w;
                    } else {
                        if used > 0.0 {
                            count += 1;
                        }
                        // A word longer than the line: it breaks, and its end starts a line.
                        let extra = (w / room).ceil().max(1.0) as usize - 1;
                        count += extra;
                        used = w - extra as f64 * room;
                    }
                }
                count
            })
            .sum()
    }

    /// Its width on one line (its longest paragraph).
    fn whole(&self) -> f64 {
        self.paras
            .iter()
            .map(|words| words.iter().sum::<f64>() + self.space * words.len().saturating_sub(1) as f64)
            .fold(0.0, f64::max)
    }

    /// Its longest word.
    fn longest(&self) -> f64 {
        self.paras.iter().flatten().copied().fold(0.0, f64::max)
    }
}

/// How many lines `text` takes in `width` characters.
fn lines(text: &str, width: f64, font: Font) -> usize {
    Measured::new(text, font).lines(width)
}

/// The width a number, a share, an amount or a date needs on one line; `None` for text,
/// which wraps.
fn fixed_units(cell: &Cell) -> Option<f64> {
    let digits = |n: u64| n.checked_ilog10().map_or(1, |d| d + 1) as f64;
    match cell {
        Cell::Text(_) | Cell::Empty => None,
        Cell::Int(n) => Some(digits(*n)),
        // "100,0%".
        Cell::Percent(_) => Some(6.5),
        // Thousands separators and " ₫".
        Cell::Vnd(n) => Some(digits(*n) * 4.0 / 3.0 + 2.0),
        Cell::Date(_) => Some(units("00/00/0000")),
    }
}

// --- A sheet's plan -------------------------------------------------------------------

/// A sheet's columns: their widths, and whether it prints landscape.
struct Plan {
    widths: Vec<f64>,
    landscape: bool,
    /// Whether the widths fit the page (else the print must shrink to fit).
    fits: bool,
}

impl Plan {
    /// The width of columns `first..=last`, merged.
    fn span(&self, first: usize, last: usize) -> f64 {
        let w: f64 = self.widths[first..=last].iter().sum();
        // The borders between them are room too (5 pixels each).
        w + (last - first) as f64 * 5.0 / 7.0
    }
    fn last(&self) -> usize {
        self.widths.len() - 1
    }
}

/// Plans the columns: each as wide as its widest number or date, and as its text up to what
/// the page allows; when the page is too narrow for every text on one line, the widest texts
/// give way first, then the width goes where it saves the most lines.
fn plan(doc: &Document, sheet: &Sheet) -> Plan {
    let landscape = sheet.tables.iter().any(|t| t.columns.len() > WIDE);
    let count = sheet
        .tables
        .iter()
        .map(|t| t.columns.len().max(t.rows.iter().map(Vec::len).max().unwrap_or(0)))
        .chain([2])
        .max()
        .unwrap_or(2);
    let pad = |u: f64| u + 1.0;
    let mut fixed = vec![0.0f64; count];
    let mut natural = vec![0.0f64; count];
    let mut floor = vec![MIN_WIDTH; count];
    // The rows of wrapping text that the widths decide the height of.
    let mut texts: Vec<Vec<(usize, Measured)>> = Vec::new();

    // The header: labels in the first column, a date or a number in the second; text
    // values span the columns after the label.
    for (label, value) in &doc.header {
        texts.push(vec![(0, Measured::new(label, BOLD))]);
        match value {
            Cell::Text(_) | Cell::Empty => {}
            other => fixed[1] = fixed[1].max(pad(fixed_units(other).unwrap_or(0.0))),
        }
    }
    for table in &sheet.tables {
        texts.push(
            table
                .columns
                .iter()
                .enumerate()
                .map(|(c, n)| (c, Measured::new(n, BOLD)))
                .collect(),
        );
        for row in &table.rows {
            let mut cells = Vec::new();
            for (c, cell) in row.iter().enumerate() {
                match (cell, fixed_units(cell)) {
                    (Cell::Text(t), _) => cells.push((c, Measured::new(t, PLAIN))),
                    (_, Some(u)) => fixed[c] = fixed[c].max(pad(u)),
                    _ => {}
                }
            }
            texts.push(cells);
        }
    }
    for row in &texts {
        for (c, m) in row {
            natural[*c] = natural[*c].max(pad(m.whole()));
            floor[*c] = floor[*c].max(pad(m.longest()));
        }
    }
    for c in 0..count {
        floor[c] = floor[c].max(fixed[c]);
        natural[c] = natural[c].max(floor[c]);
    }
    let page = if landscape { LANDSCAPE_PX } else { PORTRAIT_PX };
    let budget = (page * SAFETY - 5.0 * count as f64) / CHAR_PX;
    let widths = fit(&natural, &floor, budget, &texts);
    let fits = widths.iter().sum::<f64>() <= budget;
    Plan {
        widths,
        landscape,
        fits,
    }
}

/// Widths between `floor` and `natural` adding up to at most `budget`: all natural if they
/// fit; else every column wider than a cap cut to it (the cap as high as the budget
/// allows), then a unit of width moved from one column to another while that saves lines.
fn fit(natural: &[f64], floor: &[f64], budget: f64, texts: &[Vec<(usize, Measured)>]) -> Vec<f64> {
    let sum = |w: &[f64]| w.iter().sum::<f64>();
    if sum(natural) <= budget {
        return natural.to_vec();
    }
    let capped = |cap: f64| -> Vec<f64> { natural.iter().zip(floor).map(|(n, f)| n.min(cap).max(*f)).collect() };
    if sum(floor) >= budget {
        // Too narrow whatever is done: the print shrinks to the page (fit to width).
        return floor.to_vec();
    }
    let (mut lo, mut hi) = (0.0, natural.iter().copied().fold(0.0, f64::max));
    for _ in 0..40 {
        let mid = (lo + hi) / 2.0;
        if sum(&capped(mid)) <= budget {
            lo = mid
        } else {
            hi = mid
        }
    }
    let mut widths = capped(lo);
    let cost = |w: &[f64]| -> usize {
        texts
            .iter()
            .map(|row| row.iter().map(|(c, m)| m.lines(w[*c])).max().unwrap_or(1))
            .sum()
    };
    let mut best = cost(&widths);
    // Moves of a few sizes, since one character alone often saves no line. A few hundred
    // tries at most: a sheet has a handful of columns.
    for _ in 0..50 {
        let mut improved = false;
        for step in [1.0, 2.0, 4.0, 8.0, 16.0] {
            for from in 0..widths.len() {
                for to in 0..widths.len() {
                    if from == to || widths[from] - step < floor[from] || widths[to] + step > natural[to] {
                        continue;
                    }
                    let mut w = widths.clone();
                    w[from] -= step;
                    w[to] += step;
                    let c = cost(&w);
                    if c < best {
                        (widths, best, improved) = (w, c, true);
                    }
                }
            }
        }
        if !improved {
            break;
        }
    }
    widths
}

// --- Writing ---------------------------------------------------------------------------

fn write_sheet(ws: &mut Worksheet, doc: &Document, sheet: &Sheet, s: &Styles) -> Result<(), XlsxError> {
    if !sheet.name.is_empty() {
        ws.set_name(&sheet.name)?;
    }
    let plan = plan(doc, sheet);
    ws.set_paper_size(A4)
        .set_margins(SIDE, SIDE, TOP, TOP, HEADER_FOOTER, HEADER_FOOTER);
    if !plan.fits {
        // Words too long for any layout: a smaller print beats a column on a page of its own.
        ws.set_print_fit_to_pages(1, 0);
    }
    if plan.landscape {
        ws.set_landscape();
    } else {
        ws.set_portrait();
    }
    ws.set_footer("&C&P / &N");
    for (col, w) in (0u16..).zip(&plan.widths) {
        ws.set_column_width(col, *w)?;
    }
    let last = plan.last();
    let mut row: u32 = 0;
    if doc.confidential {
        ws.set_header(page_header(&doc.confidential_note));
        spanning(ws, row, &plan, &doc.confidential_note, BOLD, &s.confidential)?;
        row += 1;
    }
    let title = Font {
        size: TITLE,
        bold: true,
    };
    spanning(ws, row, &plan, &doc.title, title, &s.title)?;
    row += 2;
    for (label, value) in &doc.header {
        ws.write_string_with_format(row, 0, label, &s.label)?;
        let mut height = lines(label, plan.widths[0], BOLD);
        match value {
            Cell::Int(n) => {
                ws.write_number_with_format(row, 1, *n as f64, &s.value_int)?;
            }
            Cell::Date(d) => {
                ws.write_datetime_with_format(row, 1, excel_date(*d)?, &s.value_date)?;
            }
            other => {
                let text = cell_text(other, doc.lang);
                height = height.max(lines(&text, plan.span(1, last), PLAIN));
                merged(ws, row, 1, last, &text, &s.value)?;
            }
        }
        ws.set_row_height(row, PLAIN.height(height))?;
        row += 1;
    }
    row += 1;
    let single = sheet.tables.len() == 1;
    for table in &sheet.tables {
        if !table.title.is_empty() {
            let font = Font {
                size: TABLE_TITLE,
                bold: true,
            };
            spanning(ws, row, &plan, &table.title, font, &s.table_title)?;
            row += 1;
        }
        if single {
            // A long list (the cases) repeats its column headers on every printed page.
            ws.set_repeat_rows(row, row)?;
        }
        row = write_table(ws, table, row, s, &plan)? + 1;
    }
    for note in &sheet.notes {
        spanning(ws, row, &plan, note, PLAIN, &s.note)?;
        row += 1;
    }
    Ok(())
}

/// Text across every column of the sheet, wrapped, its row as tall as it needs.
fn spanning(
    ws: &mut Worksheet,
    row: u32,
    plan: &Plan,
    text: &str,
    font: Font,
    format: &Format,
) -> Result<(), XlsxError> {
    merged(ws, row, 0, plan.last(), text, format)?;
    ws.set_row_height(row, font.height(lines(text, plan.span(0, plan.last()), font)))?;
    Ok(())
}

/// Text in columns `first..=last` of a row, merged when they are more than one.
fn merged(
    ws: &mut Worksheet,
    row: u32,
    first: usize,
    last: usize,
    text: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    let col = |c: usize| u16::try_from(c).unwrap_or(u16::MAX);
    if last > first {
        ws.merge_range(row, col(first), row, col(last), text, format)?;
    } else {
        ws.write_string_with_format(row, col(first), text, format)?;
    }
    Ok(())
}

/// Writes a table's column names from `row`, then its rows; returns the row after it.
fn write_table(ws: &mut Worksheet, t: &Table, mut row: u32, s: &Styles, plan: &Plan) -> Result<u32, XlsxError> {
    let mut height = 1;
    for (col, name) in (0u16..).zip(&t.columns) {
        ws.write_string_with_format(row, col, name, &s.column)?;
        height = height.max(lines(name, plan.widths[usize::from(col)], BOLD));
    }
    ws.set_row_height(row, BOLD.height(height))?;
    row += 1;
    let last = t.rows.len().saturating_sub(1);
    for (i, cells) in t.rows.iter().enumerate() {
        let b = usize::from(t.total_row && i == last);
        let font = if b == 1 { BOLD } else { PLAIN };
        let mut height = 1;
        for (col, cell) in (0u16..).zip(cells) {
            match cell {
                Cell::Text(text) => {
                    ws.write_string_with_format(row, col, text, &s.text[b])?;
                    height = height.max(lines(text, plan.widths[usize::from(col)], font));
                }
                Cell::Int(n) => {
                    ws.write_number_with_format(row, col, *n as f64, &s.int[b])?;
                }
                Cell::Percent(Some(f)) => {
                    ws.write_number_with_format(row, col, *f, &s.percent[b])?;
                }
                Cell::Percent(None) => {
                    ws.write_string_with_format(row, col, "–", &s.dash[b])?;
                }
                Cell::Vnd(n) => {
                    ws.write_number_with_format(row, col, *n as f64, &s.vnd[b])?;
                }
                Cell::Date(d) => {
                    ws.write_datetime_with_format(row, col, excel_date(*d)?, &s.date[b])?;
                }
                Cell::Empty => {
                    ws.write_blank(row, col, &s.text[b])?;
                }
            }
        }
        ws.set_row_height(row, font.height(height))?;
        row += 1;
    }
    Ok(row)
}

/// A centred, bold page header; `&` starts a control code in one, so it is doubled. Excel
/// refuses a header over 255 characters (the writer would drop it and print a warning over
/// the screen), so a long note is cut.
fn page_header(text: &str) -> String {
    let mut out = String::from("&C&\"-,Bold\"");
    let mut units = out.len();
    for ch in text.chars() {
        units += if ch == '&' { 2 } else { ch.len_utf16() };
        if units > 255 {
            break;
        }
        out.push(ch);
        if ch == '&' {
            out.push('&');
        }
    }
    out
}

fn excel_date(d: chrono::NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    let year = u16::try_from(d.year()).map_err(|_| XlsxError::DateTimeRangeError(d.to_string()))?;
    ExcelDateTime::from_ymd(year, d.month() as u8, d.day() as u8)
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use calamine::{Data, Reader, SheetVisible, Xlsx};

    use super::*;
    use crate::report::figures::fixture;

    fn open(bytes: Vec<u8>) -> Xlsx<Cursor<Vec<u8>>> {
        calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap()
    }

    fn cell(book: &mut Xlsx<Cursor<Vec<u8>>>, sheet: &str, row: u32, col: u32) -> Data {
        book.worksheet_range(sheet)
            .unwrap()
            .get_value((row, col))
            .cloned()
            .unwrap_or(Data::Empty)
    }

    /// The row whose first cell is `text`.
    fn find(book: &mut Xlsx<Cursor<Vec<u8>>>, sheet: &str, text: &str) -> u32 {
        let range = book.worksheet_range(sheet).unwrap();
        let (top, _) = range.start().unwrap();
        let i = range
            .rows()
            .position(|r| r.first() == Some(&Data::String(text.to_string())))
            .unwrap();
        top + i as u32
    }

    #[test]
    fn sheets_hold_the_documents_cells_as_numbers() {
        let doc = fixture::document("Trường THCS Hoa Mai", false, None);
        let mut book = open(render(&doc).unwrap());
        assert_eq!(book.sheet_names(), ["Tổng hợp", "Hỗ trợ", "Hồ sơ"]);
        let s = "Tổng hợp";
        assert_eq!(cell(&mut book, s, 0, 0), Data::String("Báo cáo tổng hợp lớp 8A".into()));
        let r = find(&mut book, s, "Trường");
        assert_eq!(cell(&mut book, s, r, 1), Data::String("Trường THCS Hoa Mai".into()));
        let r = find(&mut book, s, "Can thiệp kịp thời");
        assert_eq!(cell(&mut book, s, r - 1, 1), Data::String("Số".into()));
        assert_eq!(cell(&mut book, s, r, 1), Data::Float(6.0));
        assert_eq!(cell(&mut book, s, r, 2), Data::Float(8.0));
        assert_eq!(cell(&mut book, s, r, 3), Data::Float(0.75));
        assert_eq!(cell(&mut book, s, r + 1, 3), Data::String("–".into()));
        let r = find(&mut book, s, "Học sinh");
        assert_eq!(cell(&mut book, s, r, 1), Data::Float(45.0));
        assert!(find(&mut book, s, "Cách tính: xem phần «Định nghĩa».") > r);
        // The header's date is a date cell, and its number a number.
        let r = find(&mut book, s, "Từ ngày");
        let Data::DateTime(from) = cell(&mut book, s, r, 1) else {
            panic!("the header's date is not a date cell")
        };
        let serial = (fixture::date(2025, 12, 15) - fixture::date(1899, 12, 30)).num_days();
        assert_eq!(from.as_f64(), serial as f64);
        let r = find(&mut book, s, "Số lớp");
        assert_eq!(cell(&mut book, s, r, 1), Data::Float(3.0));
        let r = find(&mut book, "Hỗ trợ", "Học bổng");
        assert_eq!(cell(&mut book, "Hỗ trợ", r, 2), Data::Float(4_500_000.0));
        assert_eq!(cell(&mut book, "Hỗ trợ", r + 2, 2), Data::Float(4_500_000.0));
        let r = find(&mut book, "Hồ sơ", "Lò Văn Pao");
        // A date cell: a serial day number with a date format.
        let Data::DateTime(d) = cell(&mut book, "Hồ sơ", r, 1) else {
            panic!("not a date")
        };
        let serial = (fixture::date(2026, 1, 9) - fixture::date(1899, 12, 30)).num_days();
        assert_eq!(d.as_f64(), serial as f64);
    }

    #[test]
    fn confidential_sheets_say_so_on_their_first_row() {
        let doc = fixture::document("Trường THCS Hoa Mai", true, None);
        let mut book = open(render(&doc).unwrap());
        for name in ["Tổng hợp", "Hỗ trợ", "Hồ sơ"] {
            assert_eq!(cell(&mut book, name, 0, 0), Data::String(doc.confidential_note.clone()));
            assert_eq!(cell(&mut book, name, 1, 0), Data::String(doc.title.clone()));
        }
        let open = fixture::document("Trường THCS Hoa Mai", false, None);
        let mut book = self::open(render(&open).unwrap());
        assert_eq!(cell(&mut book, "Tổng hợp", 0, 0), Data::String(open.title.clone()));
    }

    #[test]
    fn the_page_header_shows_an_ampersand_as_written() {
        // `&` starts a control code in a page header; `&&` is one ampersand.
        assert_eq!(page_header("MẬT & riêng"), "&C&\"-,Bold\"MẬT && riêng");
        assert!(page_header(&"&".repeat(300)).encode_utf16().count() <= 255);
    }

    #[test]
    fn the_figures_sit_in_a_hidden_sheet_and_read_back() {
        let figures = fixture::figures();
        let doc = fixture::document("Trường THCS Hoa Mai", false, Some(figures.clone()));
        let bytes = render(&doc).unwrap();
        let mut book = open(bytes.clone());
        let meta = book.sheets_metadata().to_vec();
        let sheet = meta.iter().find(|s| s.name == figures::SHEET).unwrap();
        assert_eq!(sheet.visible, SheetVisible::Hidden);
        assert!(
            meta.iter()
                .filter(|s| s.name != figures::SHEET)
                .all(|s| s.visible == SheetVisible::Visible)
        );
        let r = find(&mut book, figures::SHEET, "pupils");
        assert_eq!(cell(&mut book, figures::SHEET, r, 1), Data::Float(45.0));
        assert_eq!(figures::from_xlsx(&bytes), Ok(figures));
    }

    #[test]
    fn an_export_without_figures_has_no_figures_sheet() {
        let bytes = render(&fixture::document("Trường THCS Hoa Mai", false, None)).unwrap();
        assert!(!open(bytes.clone()).sheet_names().contains(&figures::SHEET.to_string()));
        assert_eq!(figures::from_xlsx(&bytes), Err(figures::FiguresError::Missing));
        assert_eq!(figures::from_xlsx(b"not a zip"), Err(figures::FiguresError::Missing));
    }

    /// The XML of worksheet `n` (1-based) inside the workbook.
    fn sheet_xml(bytes: &[u8], n: usize) -> String {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name(&format!("xl/worksheets/sheet{n}.xml")).unwrap(),
            &mut xml,
        )
        .unwrap();
        xml
    }

    #[test]
    fn sheets_print_on_a4_and_a_wide_table_prints_landscape() {
        let mut doc = fixture::document("Trường THCS Hoa Mai", false, None);
        doc.sheets[1].tables[0].columns = (1..=10).map(|i| format!("Cột {i}")).collect();
        let bytes = render(&doc).unwrap();
        let narrow = sheet_xml(&bytes, 1);
        assert!(narrow.contains(r#"paperSize="9""#), "{narrow}");
        assert!(!narrow.contains(r#"orientation="landscape""#), "{narrow}");
        let wide = sheet_xml(&bytes, 2);
        assert!(
            wide.contains(r#"paperSize="9""#) && wide.contains(r#"orientation="landscape""#),
            "{wide}"
        );
        // Its columns fit the landscape page: printed at full size.
        assert!(!wide.contains("fitToPage"), "{wide}");
        // Columns too wide for any page, even wrapped: fit to one page wide.
        doc.sheets[1].tables[0].rows[0] = (1..=10).map(|i| Cell::Text(format!("{i}").repeat(20))).collect();
        let bytes = render(&doc).unwrap();
        let too_wide = sheet_xml(&bytes, 2);
        assert!(too_wide.contains(r#"<pageSetUpPr fitToPage="1"/>"#), "{too_wide}");
        assert!(too_wide.contains(r#"fitToHeight="0""#), "{too_wide}");
    }

    /// The values of `attr` in every element `tag` of `xml`, in order.
    fn attrs(xml: &str, tag: &str, attr: &str) -> Vec<String> {
        xml.split(&format!("<{tag} "))
            .skip(1)
            .map(|el| {
                let el = &el[..el.find('>').unwrap_or(el.len())];
                el.split(&format!(" {attr}=\""))
                    .nth(1)
                    .or_else(|| el.strip_prefix(&format!("{attr}=\"")))
                    .map(|v| v[..v.find('"').unwrap()].to_string())
                    .unwrap_or_default()
            })
            .collect()
    }

    /// A class's full summary and a school report of three classes, as the binary makes them.
    fn real_documents() -> Vec<Document> {
        use crate::i18n::Lang;
        use crate::report::document::{class_summary, school_report};
        use crate::report::merge::merge;
        use crate::report::summary::{Detail, Summary};
        let f = fixture::figures();
        let summary = Summary {
            header: f.header.clone(),
            detail: Detail::Full,
            counts: f.counts.clone(),
            cases: Vec::new(),
        };
        let classes = ["6A", "7A", "8A"]
            .iter()
            .map(|c| {
                let mut f = f.clone();
                f.header.class = c.to_string();
                (std::path::PathBuf::from(format!("{c}.xlsx")), f)
            })
            .collect();
        let school = merge(classes, fixture::date(2026, 6, 20)).unwrap();
        [Lang::Vi, Lang::En]
            .into_iter()
            .flat_map(|lang| [class_summary(&summary, lang), school_report(&school, lang)])
            .collect()
    }

    #[test]
    fn every_sheet_fits_a4_at_full_size() {
        for doc in real_documents() {
            let bytes = render(&doc).unwrap();
            for n in 1..=doc.sheets.len() {
                let xml = sheet_xml(&bytes, n);
                let landscape = xml.contains(r#"orientation="landscape""#);
                // The page's width less the margins, in pixels, against the columns' width
                // as LibreOffice prints them (the widest reading of a column's width).
                let margins = attrs(&xml, "pageMargins", "left")[0].parse::<f64>().unwrap()
                    + attrs(&xml, "pageMargins", "right")[0].parse::<f64>().unwrap();
                assert!(margins <= 1.0, "{margins}");
                let page = (if landscape { 11.69 } else { 8.27 } - margins) * 96.0;
                let columns: f64 = attrs(&xml, "col", "width")
                    .iter()
                    .map(|w| w.parse::<f64>().unwrap())
                    .sum();
                assert!(
                    columns * CHAR_PX <= page,
                    "sheet {n} of {}: {columns} characters wide for {page} pixels",
                    doc.title
                );
                // At full size: no scale, and no fit to the page (which LibreOffice uses to
                // shrink a long sheet a little, to save a page), but for the summary, which
                // must stay one page: it may shrink as little as that takes (the print check,
                // `scripts/print-check.sh`, holds its text at 10 pt or more).
                assert!(!xml.contains("scale="), "{xml}");
                assert_eq!(xml.contains("fitToPage"), n == 1, "sheet {n}: {xml}");
                assert!(xml.contains(r#"paperSize="9""#));
            }
        }
    }

    #[test]
    fn a_row_of_wrapped_text_is_as_tall_as_its_lines() {
        // LibreOffice keeps a row at one line's height unless told, and a wrapped cell's
        // text spills over the next row: every row taller than one line says how tall.
        let height = |xml: &str, row: u32| -> f64 {
            let at = xml.find(&format!("<row r=\"{}\"", row + 1)).unwrap();
            let el = &xml[at..at + xml[at..].find('>').unwrap()];
            assert!(!el.contains(" ht=") || el.contains(r#"customHeight="1""#), "{el}");
            attrs(&format!("{el}>"), "row", "ht")[0].parse().unwrap_or(15.0)
        };
        for doc in real_documents() {
            let bytes = render(&doc).unwrap();
            let mut book = open(bytes.clone());
            // The school's table by class: ten columns, whose names wrap over lines.
            if let Some(n) = doc
                .sheets
                .iter()
                .position(|s| s.name == "Theo lớp" || s.name == "By class")
            {
                let r = find(&mut book, &doc.sheets[n].name, &doc.sheets[n].tables[0].columns[0]);
                assert!(height(&sheet_xml(&bytes, n + 1), r) >= 2.0 * 15.0);
            }
            // The definitions: the first takes several lines.
            let n = doc
                .sheets
                .iter()
                .position(|s| s.name == "Định nghĩa" || s.name == "Definitions")
                .unwrap();
            let first = &doc.sheets[n].tables[0].rows[0][0];
            let Cell::Text(first) = first else { panic!("{first:?}") };
            let r = find(&mut book, &doc.sheets[n].name, first);
            assert!(height(&sheet_xml(&bytes, n + 1), r) >= 4.0 * 15.0, "{}", doc.title);
        }
    }

    #[test]
    fn wrapped_lines_are_counted_by_word() {
        // "Trên tổng số", the column header that spilled: one line where it fits, two where
        // it does not, never a word cut.
        assert_eq!(lines("Trên tổng số", 13.0, BOLD), 1);
        assert_eq!(lines("Trên tổng số", 9.0, BOLD), 2);
        assert_eq!(lines("Trên tổng số", 5.5, BOLD), 3);
        assert_eq!(lines("một\nhai", 40.0, PLAIN), 2);
        // A word longer than the column breaks over the lines it needs.
        assert_eq!(lines(&"0".repeat(30), 10.6, PLAIN), 3);
        assert_eq!(
            Font {
                size: 11.0,
                bold: false
            }
            .height(2),
            30.0
        );
        // Letters with diacritics are as wide as their base letters.
        assert_eq!(units("Đường"), units("Duong"));
        assert!(units("MMM") > units("iii") * 3.0);
    }
}
