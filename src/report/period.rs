//! Reporting periods: the six-month and annual windows of Decree 09/2019/NĐ-CP (art. 12),
//! the school year, and any span of days.

use chrono::NaiveDate;

use crate::domain::{Period, SchoolYear};
use crate::i18n::Lang;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodKind {
    /// `YYYY-H1`: 15/12 of YYYY-1 to 14/06 of YYYY.
    FirstHalf(i32),
    /// `YYYY`: 15/12 of YYYY-1 to 14/12 of YYYY.
    Year(i32),
    /// `YYYY-YYYY`: 1 August to 31 July, as the dashboard counts.
    SchoolYear(SchoolYear),
    /// `dd/mm/yyyy..dd/mm/yyyy`, both ends included.
    Custom,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReportPeriod {
    pub kind: PeriodKind,
    pub period: Period,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    /// Not one of the four forms; carries what was typed.
    #[error("unrecognised period {0:?}")]
    Unrecognised(String),
    /// A custom period's date that is not a date; carries the text.
    #[error("bad date {0:?}")]
    BadDate(String),
    /// A custom period that ends before it starts.
    #[error("ends before it starts")]
    EndBeforeStart,
    /// A year outside 2000–2100.
    #[error("year out of range")]
    YearOutOfRange,
}

impl ReportPeriod {
    pub fn first_half(year: i32) -> ReportPeriod {
        todo!()
    }
    pub fn year(year: i32) -> ReportPeriod {
        todo!()
    }
    pub fn school_year(year: SchoolYear) -> ReportPeriod {
        todo!()
    }
    pub fn custom(from: NaiveDate, to: NaiveDate) -> Result<ReportPeriod, PeriodError> {
        todo!()
    }

    /// Parses `2026-H1` (also `h1`), `2026`, `2026-2027`, `01/09/2026..30/11/2026` (also
    /// with `-` or `–` between the dates, and spaces). Trims.
    pub fn parse(s: &str) -> Result<ReportPeriod, PeriodError> {
        todo!()
    }

    /// What `parse` reads back: `2026-H1`, `2026`, `2026-2027`, `01/09/2026..30/11/2026`.
    pub fn code(&self) -> String {
        todo!()
    }

    /// In words with its dates, e.g. "6 tháng đầu năm 2026 (15/12/2025 – 14/06/2026)" /
    /// "First half of 2026 (15/12/2025 – 14/06/2026)".
    pub fn label(&self, lang: Lang) -> String {
        todo!()
    }

    /// The report due next on `today`: the six-month one (H1 of the year) from 15/12 to 14/06,
    /// the annual one from 15/06 to 14/12. What `sotay export` makes without `--period`.
    pub fn due_next(today: NaiveDate) -> ReportPeriod {
        todo!()
    }

    /// The choices the export dialog offers, the one due next first: this H1 and year, the
    /// school year containing today, and the previous ones of each.
    pub fn presets(today: NaiveDate) -> Vec<ReportPeriod> {
        todo!()
    }
}

/// The message for a refused period, naming what was typed and the forms accepted.
pub fn error_message(lang: Lang, e: &PeriodError) -> String {
    todo!()
}
