//! Renders a [`Document`] as CSV for Excel: UTF-8 with a byte-order mark, one table after another, then
//! the figures' rows (see `figures`).
//!
//! Commas and CRLF line ends, as Excel writes CSV. A text cell that Excel would take for a
//! formula (starting with `=`, `+`, `-`, `@`, tab or CR), or one starting with `'`, gets a
//! leading `'`; `figures::from_csv` takes it off again.

use csv::{Terminator, Writer, WriterBuilder};

use super::document::{Cell, Document, cell_text};
use super::figures::{END, MARKER, Val};

pub fn render(doc: &Document) -> Vec<u8> {
    let mut out = Out::new();
    if doc.confidential {
        out.row([doc.confidential_note.as_str()]);
    }
    out.row([doc.title.as_str()]);
    for (label, value) in &doc.header {
        // A header's dates too: yyyy-mm-dd, as in the tables.
        out.row([label.as_str(), &text(value, doc)]);
    }
    out.blank();
    for sheet in &doc.sheets {
        for table in &sheet.tables {
            if !table.title.is_empty() {
                out.row([table.title.as_str()]);
            }
            out.row(table.columns.iter().map(String::as_str));
            for cells in &table.rows {
                let texts: Vec<String> = cells.iter().map(|c| text(c, doc)).collect();
                out.row(texts.iter().map(String::as_str));
            }
            out.blank();
        }
        if !sheet.notes.is_empty() {
            for note in &sheet.notes {
                out.row([note.as_str()]);
            }
            out.blank();
        }
    }
    if let Some(figures) = &doc.figures {
        out.blank();
        out.row([MARKER, &figures.version().to_string()]);
        // The version is on the marker row.
        for (key, val) in figures.to_pairs().into_iter().skip(1) {
            match val {
                Val::Int(n) => out.row([key.as_str(), &n.to_string()]),
                Val::Text(t) => out.row([key.as_str(), &t]),
            }
        }
        out.row([END]);
    }
    out.finish()
}

/// A cell as the other text formats show it (`document::cell_text`): whole numbers plain,
/// which Excel reads as numbers in any locale; shares and amounts written the report
/// language's way (`33,3%`, `1.500.000 ₫`), which an Excel set to that language reads as
/// numbers and any other keeps as text, never as a wrong number. Dates are the exception:
/// `dd/mm/yyyy` would be read month first by an English-US Excel (9 January as 1 September),
/// so they are written `yyyy-mm-dd`, which every Excel reads as the right date.
fn text(cell: &Cell, doc: &Document) -> String {
    match cell {
        Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
        _ => cell_text(cell, doc.lang),
    }
}

/// Whether Excel could run the text as a formula, or it starts with the quote that marks one
/// that could.
pub(crate) fn needs_quote(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r', '\''])
}

struct Out(Writer<Vec<u8>>);

fn writer(bytes: Vec<u8>) -> Writer<Vec<u8>> {
    WriterBuilder::new()
        .flexible(true)
        .terminator(Terminator::CRLF)
        .from_writer(bytes)
}

impl Out {
    fn new() -> Out {
        let mut bytes = Vec::with_capacity(16 * 1024);
        // The byte-order mark tells Excel the file is UTF-8 (Vietnamese letters).
        bytes.extend_from_slice("\u{FEFF}".as_bytes());
        Out(writer(bytes))
    }

    fn row<'a>(&mut self, fields: impl IntoIterator<Item = &'a str>) {
        let fields = fields
            .into_iter()
            .map(|f| if needs_quote(f) { format!("'{f}") } else { f.to_string() });
        // Writing to a Vec can't fail.
        self.0.write_record(fields).expect("writing to memory");
    }

    /// An empty line (the csv writer would write `""`): a few a report, so taking the bytes
    /// out and back costs nothing.
    fn blank(&mut self) {
        let w = std::mem::replace(&mut self.0, writer(Vec::new()));
        let mut bytes = w.into_inner().expect("writing to memory");
        bytes.extend_from_slice(b"\r\n");
        self.0 = writer(bytes);
    }

    fn finish(self) -> Vec<u8> {
        self.0.into_inner().expect("writing to memory")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::figures::{self, FiguresError, fixture};

    fn records(bytes: &[u8]) -> Vec<Vec<String>> {
        let body = bytes
            .strip_prefix("\u{FEFF}".as_bytes())
            .expect("a byte-order mark first");
        csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(body)
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect()
    }

    #[test]
    fn the_report_reads_back_row_by_row() {
        let doc = fixture::document("Trường THCS Hoa Mai", false, None);
        let bytes = render(&doc);
        assert!(bytes.starts_with("\u{FEFF}".as_bytes()));
        let text = std::str::from_utf8(&bytes).unwrap();
        assert!(text.contains("\r\n") && !text.replace("\r\n", "").contains('\r'));
        let rows = records(&bytes);
        assert_eq!(rows[0], ["Báo cáo tổng hợp lớp 8A"]);
        assert_eq!(rows[1], ["Trường", "Trường THCS Hoa Mai"]);
        // The header's dates as the tables' are, yyyy-mm-dd; its numbers as numbers.
        assert_eq!(rows[4], ["Từ ngày", "2025-12-15"]);
        assert_eq!(rows[5], ["Số lớp", "3"]);
        let at = |first: &str| rows.iter().position(|r| r[0] == first).unwrap();
        let i = at("Chỉ tiêu");
        assert_eq!(rows[i + 1], ["Chỉ tiêu", "Số", "Tổng", "Tỷ lệ", "Mục tiêu", "Đạt"]);
        let row = &rows[at("Can thiệp kịp thời")];
        let cells = &doc.sheets[0].tables[0].rows[0];
        let expected: Vec<String> = cells.iter().map(|c| cell_text(c, doc.lang)).collect();
        assert_eq!(row, &expected);
        assert_eq!(rows[at("Học bổng")][2], cell_text(&Cell::Vnd(4_500_000), doc.lang));
        // A cell with a line break stays one cell.
        assert_eq!(rows[at("Gọi 111\ntổng đài")].len(), 3);
        assert_eq!(rows[at("Lò Văn Pao")][1], "2026-01-09");
        // A sheet's notes follow its tables.
        let note = at("Cách tính: xem phần «Định nghĩa».");
        assert!(at("Buổi truyền thông") < note && note < at("Hỗ trợ theo loại"));
        assert_eq!(rows.last().unwrap(), &["Bản đầy đủ: chỉ lưu tại trường."]);
    }

    #[test]
    fn a_confidential_report_says_so_first() {
        let doc = fixture::document("Trường THCS Hoa Mai", true, None);
        assert_eq!(records(&render(&doc))[0], [doc.confidential_note.as_str()]);
        let open = fixture::document("Trường THCS Hoa Mai", false, None);
        assert!(!records(&render(&open)).iter().any(|r| r[0] == open.confidential_note));
    }

    #[test]
    fn the_figures_follow_the_report_and_read_back() {
        let mut f = fixture::figures();
        // A name Excel would run as a formula, and one that looks like the block's rows.
        f.header.school = "=HYPERLINK(\"x\"), \"A\"\n#end".to_string();
        f.header.teacher = "'Đặng".to_string();
        let doc = fixture::document("#sotay-figures", false, Some(f.clone()));
        let bytes = render(&doc);
        let rows = records(&bytes);
        let at = rows.iter().position(|r| r[0] == MARKER).unwrap();
        assert_eq!(rows[at], [MARKER, "3"]);
        assert_eq!(rows[at + 1], ["school", "'=HYPERLINK(\"x\"), \"A\"\n#end"]);
        assert!(rows.contains(&vec!["pupils".to_string(), "45".to_string()]));
        assert_eq!(rows.last().unwrap(), &[END]);
        assert_eq!(figures::from_csv(&bytes), Ok(f));
    }

    #[test]
    fn figures_read_back_after_excel_saves_with_semicolons_and_its_own_dates() {
        let f = fixture::figures();
        let bytes = render(&fixture::document("Trường THCS Hoa Mai", false, Some(f.clone())));
        // Excel in a Vietnamese locale also rewrites ISO dates as dd/mm/yyyy.
        let rows: Vec<Vec<String>> = records(&bytes)
            .into_iter()
            .map(|r| {
                r.into_iter()
                    .map(|c| match chrono::NaiveDate::parse_from_str(&c, "%Y-%m-%d") {
                        Ok(d) => d.format("%d/%m/%Y").to_string(),
                        Err(_) => c,
                    })
                    .collect()
            })
            .collect();
        assert!(rows.iter().flatten().any(|c| c == "15/12/2025"), "a date was rewritten");
        let mut w = csv::WriterBuilder::new()
            .delimiter(b';')
            .flexible(true)
            .from_writer(Vec::new());
        for r in &rows {
            w.write_record(r).unwrap();
        }
        assert_eq!(figures::from_csv(&w.into_inner().unwrap()), Ok(f));
    }

    #[test]
    fn a_report_without_figures_has_none_to_read() {
        let bytes = render(&fixture::document("Trường THCS Hoa Mai", false, None));
        assert_eq!(figures::from_csv(&bytes), Err(FiguresError::Missing));
    }

    #[test]
    fn formulas_are_kept_as_text() {
        let doc = fixture::document("=1+1", false, None);
        assert_eq!(records(&render(&doc))[1], ["Trường", "'=1+1"]);
    }
}
