//! Renders a [`Document`] as an XLSX workbook (rust_xlsxwriter): each sheet laid out to
//! print on A4 (portrait, or landscape for a wide table; fit to one page wide, repeated header rows); numbers as numbers,
//! percentages formatted `0.0%`, amounts `#,##0 "₫"`, dates as dates; when confidential,
//! every sheet's page header says so; and the figures in a hidden sheet (see `figures`).

use chrono::Datelike;
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use super::RenderError;
use super::document::{Cell, Document, Sheet, Table};
use super::figures::{self, Val};

/// Excel's paper code for A4.
const A4: u8 = 9;
/// Column widths in characters: wide enough for a Vietnamese indicator's name, no wider.
const MIN_WIDTH: f64 = 8.0;
const MAX_WIDTH: f64 = 50.0;

pub fn render(doc: &Document) -> Result<Vec<u8>, RenderError> {
    write(doc).map_err(|e| RenderError(e.to_string()))
}

fn write(doc: &Document) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let styles = Styles::new();
    for (i, sheet) in doc.sheets.iter().enumerate() {
        let ws = book.add_worksheet();
        // The notes say how figures are counted: once, under the first sheet's tables.
        write_sheet(ws, doc, sheet, i == 0, &styles)?;
    }
    if doc.sheets.is_empty() {
        let empty = Sheet {
            name: String::new(),
            tables: Vec::new(),
        };
        write_sheet(book.add_worksheet(), doc, &empty, true, &styles)?;
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

impl Styles {
    fn new() -> Styles {
        let cell = |bold: bool| {
            let f = Format::new().set_border(FormatBorder::Thin).set_align(FormatAlign::Top);
            if bold { f.set_bold() } else { f }
        };
        let pair = |make: &dyn Fn(Format) -> Format| [make(cell(false)), make(cell(true))];
        Styles {
            confidential: Format::new().set_bold().set_font_color(0xC00000),
            title: Format::new().set_bold().set_font_size(14),
            label: Format::new().set_bold(),
            value: Format::new(),
            table_title: Format::new().set_bold().set_font_size(12),
            column: cell(true).set_text_wrap().set_background_color(0xE7E6E6),
            note: Format::new().set_italic(),
            text: pair(&|f| f.set_text_wrap()),
            int: pair(&|f| f.set_num_format("0")),
            percent: pair(&|f| f.set_num_format("0.0%")),
            vnd: pair(&|f| f.set_num_format("#,##0 \"₫\"")),
            date: pair(&|f| f.set_num_format("dd/mm/yyyy")),
            dash: pair(&|f| f.set_align(FormatAlign::Right)),
        }
    }
}

/// The widest text each column holds, in characters.
#[derive(Default)]
struct Widths(Vec<f64>);

impl Widths {
    fn fit(&mut self, col: usize, chars: usize) {
        if self.0.len() <= col {
            self.0.resize(col + 1, MIN_WIDTH);
        }
        // A little room for the border and Excel's padding.
        let w = (chars as f64 * 1.1 + 2.0).clamp(MIN_WIDTH, MAX_WIDTH);
        if w > self.0[col] {
            self.0[col] = w;
        }
    }
}

/// Tables with more columns than this print landscape.
const WIDE: usize = 6;

fn write_sheet(ws: &mut Worksheet, doc: &Document, sheet: &Sheet, notes: bool, s: &Styles) -> Result<(), XlsxError> {
    if !sheet.name.is_empty() {
        ws.set_name(&sheet.name)?;
    }
    ws.set_paper_size(A4).set_print_fit_to_pages(1, 0);
    // A wide table (the cases, the shares per class) would print too small to read on a
    // portrait page fitted to one page wide.
    if sheet.tables.iter().any(|t| t.columns.len() > WIDE) {
        ws.set_landscape();
    } else {
        ws.set_portrait();
    }
    ws.set_footer("&C&P / &N");
    let mut widths = Widths::default();
    let mut row: u32 = 0;
    if doc.confidential {
        ws.set_header(page_header(&doc.confidential_note));
        ws.write_string_with_format(row, 0, &doc.confidential_note, &s.confidential)?;
        row += 1;
    }
    // Long lines (title, table titles, notes) run over the empty cells to their right, so
    // they don't set a column's width.
    ws.write_string_with_format(row, 0, &doc.title, &s.title)?;
    row += 2;
    for (label, value) in &doc.header {
        ws.write_string_with_format(row, 0, label, &s.label)?;
        ws.write_string_with_format(row, 1, value, &s.value)?;
        widths.fit(0, label.chars().count());
        row += 1;
    }
    row += 1;
    let single = sheet.tables.len() == 1;
    for table in &sheet.tables {
        let header_row = row + u32::from(!table.title.is_empty());
        if single {
            // A long list (the cases) repeats its column headers on every printed page.
            ws.set_repeat_rows(header_row, header_row)?;
        }
        row = write_table(ws, table, row, s, &mut widths)? + 1;
    }
    if notes {
        for note in &doc.notes {
            ws.write_string_with_format(row, 0, note, &s.note)?;
            row += 1;
        }
    }
    for (col, w) in (0u16..).zip(&widths.0) {
        ws.set_column_width(col, *w)?;
    }
    Ok(())
}

/// Writes a table from `row`; returns the row after it.
fn write_table(ws: &mut Worksheet, t: &Table, mut row: u32, s: &Styles, widths: &mut Widths) -> Result<u32, XlsxError> {
    if !t.title.is_empty() {
        ws.write_string_with_format(row, 0, &t.title, &s.table_title)?;
        row += 1;
    }
    for (col, name) in (0u16..).zip(&t.columns) {
        ws.write_string_with_format(row, col, name, &s.column)?;
        // Column headers wrap, so the longest word matters more than the whole.
        let longest = name.split_whitespace().map(|w| w.chars().count()).max().unwrap_or(0);
        widths.fit(col.into(), longest.max(name.chars().count() / 2));
    }
    row += 1;
    let last = t.rows.len().saturating_sub(1);
    for (i, cells) in t.rows.iter().enumerate() {
        let b = usize::from(t.total_row && i == last);
        for (col, cell) in (0u16..).zip(cells) {
            let chars = match cell {
                Cell::Text(text) => {
                    ws.write_string_with_format(row, col, text, &s.text[b])?;
                    text.chars().count()
                }
                Cell::Int(n) => {
                    ws.write_number_with_format(row, col, *n as f64, &s.int[b])?;
                    digits(*n)
                }
                Cell::Percent(Some(f)) => {
                    ws.write_number_with_format(row, col, *f, &s.percent[b])?;
                    6
                }
                Cell::Percent(None) => {
                    ws.write_string_with_format(row, col, "–", &s.dash[b])?;
                    1
                }
                Cell::Vnd(n) => {
                    ws.write_number_with_format(row, col, *n as f64, &s.vnd[b])?;
                    // Thousands separators and " ₫".
                    digits(*n) * 4 / 3 + 2
                }
                Cell::Date(d) => {
                    ws.write_datetime_with_format(row, col, excel_date(*d)?, &s.date[b])?;
                    10
                }
                Cell::Empty => {
                    ws.write_blank(row, col, &s.text[b])?;
                    0
                }
            };
            widths.fit(col.into(), chars);
        }
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

fn digits(n: u64) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
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
        assert!(find(&mut book, s, "Định nghĩa: docs/indicators.md") > r);
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
        assert!(wide.contains("fitToPage"), "{wide}");
    }
}
