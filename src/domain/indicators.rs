//! The plan's indicators, as pure functions shared by the dashboard and the reports.
//! `docs/indicators.md` says in words what each one counts; keep the two in step.

use chrono::NaiveDate;
use uuid::Uuid;

use super::case::Case;
use super::casebook::Casebook;
use super::support::SupportType;

/// A span of days, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    /// A school year: 1 August to 31 July (as `SchoolYear::containing` counts).
    pub fn school_year(year: super::SchoolYear) -> Period {
        Period {
            from: NaiveDate::from_ymd_opt(year.0, 8, 1).expect("valid"),
            to: NaiveDate::from_ymd_opt(year.0 + 1, 7, 31).expect("valid"),
        }
    }
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to
    }
}

/// What an indicator must reach.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// At least this many percent.
    AtLeast(u32),
    /// At most this many percent.
    AtMost(u32),
}

/// A count out of a total, against a target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ratio {
    pub count: usize,
    pub total: usize,
    pub target: Target,
}

impl Ratio {
    /// The share in percent; `None` when there is nothing to count (total 0).
    pub fn percent(&self) -> Option<f64> {
        (self.total > 0).then(|| self.count as f64 * 100.0 / self.total as f64)
    }
    /// Whether the target is met; a ratio with nothing to count meets it.
    pub fn met(&self) -> bool {
        match (self.percent(), self.target) {
            (None, _) => true,
            (Some(p), Target::AtLeast(t)) => p >= t as f64,
            (Some(p), Target::AtMost(t)) => p <= t as f64,
        }
    }
}

/// Supports of one type in a period.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SupportCount {
    /// Supports with any status date in the period.
    pub count: usize,
    /// Of those, delivered in the period.
    pub delivered: usize,
    /// The amounts of those delivered in the period, in đồng.
    pub amount_vnd: u64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Indicators {
    pub period: Period,
    /// The day counted to: the period's end, or today if sooner.
    pub as_of: NaiveDate,
    pub pupils: usize,
    /// Cases active in the period (identified by `as_of` and not closed before it began).
    pub cases: usize,
    /// Target 100%.
    pub intervened_in_time: Ratio,
    /// Target 100%.
    pub monitored: Ratio,
    /// Target 99%.
    pub in_education: Ratio,
    /// Target 90%.
    pub parents_informed: Ratio,
    /// Target 90%.
    pub students_informed: Ratio,
    /// Pupils in child labour or trafficked for labour exploitation; target at most 1%.
    pub child_labour: Ratio,
    /// Of those, in heavy, hazardous or dangerous work (2030 target: none).
    pub hazardous: usize,
    /// Visits made in the period.
    pub visits: usize,
    /// Awareness sessions held in the period.
    pub sessions: usize,
    /// By type, in `SupportType::ALL` order.
    pub supports: Vec<(SupportType, SupportCount)>,
}

// The rules, one per indicator, each about one case or pupil. `as_of` is the day counted
// to; the limits come from `Settings`.

/// Whether the case was intervened in time: its first intervention came within `days` of
/// identification (day `days` is in time, day `days + 1` late). `None` while it is still
/// pending: no intervention yet and the deadline not passed on `as_of`.
pub fn intervened_in_time(case: &Case, days: u32, as_of: NaiveDate) -> Option<bool> {
    todo!("domain helper: {case:?} {days} {as_of}")
}

/// Whether an open case had a visit within the last `days` days of `as_of` (a visit on
/// `as_of - days` counts, one a day earlier does not). A closed case is not monitored.
pub fn monitored(book: &Casebook, student: Uuid, days: u32, as_of: NaiveDate) -> bool {
    todo!("domain helper: {} {student} {days} {as_of}", book.students.len())
}

/// Whether the pupil is in education on `as_of`: the latest visit by then says the child
/// attends school (without a visit: the screening does not say they dropped out), or a
/// vocational-training referral was delivered by then.
pub fn in_education(book: &Casebook, student: Uuid, as_of: NaiveDate) -> bool {
    todo!("domain helper: {} {student} {as_of}", book.students.len())
}

/// When the pupil was first informed within `period` (by a session for pupils, or the
/// teacher's mark), up to `as_of`.
pub fn student_informed(book: &Casebook, student: Uuid, period: Period, as_of: NaiveDate) -> Option<NaiveDate> {
    todo!("domain helper: {} {student} {period:?} {as_of}", book.students.len())
}

/// The same for the pupil's parents (sessions for parents, or the mark).
pub fn parents_informed(book: &Casebook, student: Uuid, period: Period, as_of: NaiveDate) -> Option<NaiveDate> {
    todo!("domain helper: {} {student} {period:?} {as_of}", book.students.len())
}

/// All the indicators of a period, counted to `min(today, period.to)`.
pub fn indicators(book: &Casebook, period: Period, today: NaiveDate) -> Indicators {
    todo!("domain helper: {} {period:?} {today}", book.students.len())
}
