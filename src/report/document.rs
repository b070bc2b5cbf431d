//! A report laid out in words, in one language: what every format renders. The summary and
//! the school report are turned into a `Document` here, once; the renderers only draw it.

use chrono::NaiveDate;

use super::figures::Figures;
use super::merge::SchoolReport;
use super::summary::Summary;
use crate::i18n::Lang;

#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    pub lang: Lang,
    /// E.g. "Báo cáo tổng hợp lớp 8A" / "Class 8A summary report".
    pub title: String,
    /// Set for `--detail full`: every page or sheet says "confidential" (`confidential_note`).
    pub confidential: bool,
    /// The line every page or sheet carries when confidential, in the report's language.
    pub confidential_note: String,
    /// Label and value: school, school code, commune or ward, province, class, school year,
    /// teacher, period, date made, counted to.
    pub header: Vec<(String, String)>,
    /// In XLSX, one worksheet each (the first is laid out for A4); in the other formats,
    /// sections in order.
    pub sheets: Vec<Sheet>,
    /// What a merge reads back; `None` for a school report (it is not merged again).
    pub figures: Option<Figures>,
    /// Lines under the tables: how figures are counted, where the definitions are.
    pub notes: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Sheet {
    /// A worksheet name: at most 31 characters, none of `[]:*?/\`.
    pub name: String,
    pub tables: Vec<Table>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// The last row is a total (drawn bold).
    pub total_row: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Int(u64),
    /// A fraction (0.25 is 25%); `None` when there is nothing to count (shown as "–").
    Percent(Option<f64>),
    /// An amount in đồng: a number in XLSX (format `#,##0 "₫"`), `1.500.000 ₫` as text.
    Vnd(u64),
    Date(NaiveDate),
    Empty,
}

/// A class's summary: sheets "Tổng hợp"/"Summary" (header, indicators, counts), "Hỗ trợ"/
/// "Support" (by type), and in full detail "Hồ sơ"/"Cases" (a row per pupil with a case).
pub fn class_summary(s: &Summary, lang: Lang) -> Document {
    todo!()
}

/// A school report: the indicators per class and for the school, the counts and the support
/// by type for the school (total), and a list of the files merged.
pub fn school_report(r: &SchoolReport, lang: Lang) -> Document {
    todo!()
}

/// How a cell reads as text (CSV, HTML, Markdown): numbers plain, percentages with one
/// decimal and a comma in Vietnamese (`33,3%`) or a point in English (`33.3%`), amounts as
/// `1.500.000 ₫`, dates as dd/mm/yyyy, `None` shares as `–`.
pub fn cell_text(cell: &Cell, lang: Lang) -> String {
    todo!()
}
