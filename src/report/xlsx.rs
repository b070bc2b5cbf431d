//! Renders a [`Document`] as an XLSX workbook (rust_xlsxwriter): each sheet laid out to
//! print on A4 (portrait, fit to one page wide, repeated header rows); numbers as numbers,
//! percentages formatted `0.0%`, amounts `#,##0 "₫"`, dates as dates; when confidential,
//! every sheet's page header says so; and the figures in a hidden sheet (see `figures`).

use super::RenderError;
use super::document::Document;

pub fn render(doc: &Document) -> Result<Vec<u8>, RenderError> {
    todo!()
}
