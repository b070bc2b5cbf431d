//! A class's summary for a period: one pure function from the casebook, so every format
//! shows the same figures. `docs/indicators.md` defines each figure.

use chrono::NaiveDate;

use crate::domain::{
    Casebook, CloseReason, Decision, Profile, Ratio, SchoolYear, Stage, SupportStatus, SupportType, Target,
};

use super::period::ReportPeriod;

/// How much a report says about pupils.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Detail {
    /// Figures only: no name, birth date, address or phone. What is sent upward.
    #[default]
    Summary,
    /// Adds a row per pupil with a case; every page says it is confidential.
    Full,
}

impl Detail {
    pub fn parse(s: &str) -> Option<Detail> {
        match s.trim().to_ascii_lowercase().as_str() {
            "summary" | "tomtat" | "tóm tắt" => Some(Detail::Summary),
            "full" | "day-du" | "đầy đủ" => Some(Detail::Full),
            _ => None,
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Detail::Summary => "summary",
            Detail::Full => "full",
        }
    }
}

/// Who made the report, for which class and period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    pub school: String,
    pub school_code: String,
    pub commune: String,
    pub province: String,
    pub class: String,
    pub school_year: SchoolYear,
    pub teacher: String,
    pub period: ReportPeriod,
    /// The day the report was made.
    pub made_on: NaiveDate,
    /// The day counted to: the period's end, or the day it was made if sooner.
    pub as_of: NaiveDate,
}

/// Supports of one type in the period.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SupportFigures {
    /// Supports with any status date in the period (the plan).
    pub planned: u64,
    /// The amounts of those, in đồng.
    pub planned_vnd: u64,
    /// Of those, delivered in the period (and still delivered).
    pub delivered: u64,
    /// The amounts of those delivered, in đồng.
    pub delivered_vnd: u64,
}

/// Every figure of a class's (or a school's) report: plain counts, so a school report is
/// the sum of its classes' (`add`), and shares are computed from the sums.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub pupils: u64,
    /// Pupils aged 5 to 17 on `as_of`: the child-labour rate's denominator.
    pub pupils_5_17: u64,
    /// By the current screening decision, identified by `as_of`.
    pub at_risk: u64,
    pub child_labour: u64,
    pub trafficked: u64,
    /// Child labour or trafficked, aged 5 to 17: the child-labour rate's numerator.
    pub child_labour_5_17: u64,
    /// Of the child-labour and trafficked pupils, those in heavy, hazardous or dangerous work.
    pub hazardous: u64,
    /// Cases identified in the period.
    pub newly_identified: u64,
    /// Cases counted in the period (identified by `as_of`, not closed before it began).
    pub cases: u64,
    /// Cases closed in the period, by reason in `CloseReason::ALL` order.
    pub closed: [u64; 4],
    pub intervened_in_time: u64,
    /// Cases decided: intervened (in time or late) or past the deadline without.
    pub intervention_decided: u64,
    pub monitored: u64,
    /// Cases open on `as_of`.
    pub open_cases: u64,
    pub in_education: u64,
    pub parents_informed: u64,
    pub students_informed: u64,
    /// Home visits in the period.
    pub visits: u64,
    /// Awareness sessions held in the period.
    pub sessions: u64,
    /// The sum of those sessions' attendance.
    pub people_reached: u64,
    /// By type, in `SupportType::ALL` order.
    pub supports: [SupportFigures; 10],
}

/// The plan's indicators, in the order a report lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Indicator {
    IntervenedInTime,
    Monitored,
    InEducation,
    ParentsInformed,
    StudentsInformed,
    ChildLabourRate,
    Hazardous,
    Trafficked,
}

impl Indicator {
    pub const ALL: [Indicator; 8] = [
        Indicator::IntervenedInTime,
        Indicator::Monitored,
        Indicator::InEducation,
        Indicator::ParentsInformed,
        Indicator::StudentsInformed,
        Indicator::ChildLabourRate,
        Indicator::Hazardous,
        Indicator::Trafficked,
    ];
}

/// What an indicator must reach.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Goal {
    /// A share against the plan's target.
    Share(Target),
    /// No child at all (the plan's 2030 goal for heavy, hazardous or dangerous work).
    NoChild,
}

/// One line of the indicators table.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct IndicatorRow {
    pub indicator: Indicator,
    pub count: u64,
    /// `None` for a plain count (hazardous work, trafficked).
    pub total: Option<u64>,
    /// `None` where the plan sets no figure (trafficked).
    pub goal: Option<Goal>,
    /// Whether the goal is met; `None` with no goal. A share with total 0 meets it.
    pub met: Option<bool>,
}

impl IndicatorRow {
    /// The share as a fraction (0.25 for 25%); `None` for a count or a total of 0.
    pub fn fraction(&self) -> Option<f64> {
        todo!()
    }
}

impl Counts {
    /// Adds another class's counts (a school report is the sum of its classes).
    pub fn add(&mut self, other: &Counts) {
        todo!()
    }

    /// The indicators, in `Indicator::ALL` order, with the plan's targets.
    pub fn indicator_rows(&self) -> Vec<IndicatorRow> {
        todo!()
    }

    /// The share of one indicator as a domain ratio (`None` for plain counts).
    pub fn ratio(&self, indicator: Indicator) -> Option<Ratio> {
        todo!()
    }
}

/// A pupil with a case, for `--detail full` only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseRow {
    pub name: String,
    pub birth_date: NaiveDate,
    pub decision: Option<Decision>,
    pub stage: Stage,
    pub identified_on: NaiveDate,
    /// The day the current stage began.
    pub stage_on: NaiveDate,
    pub first_intervention_on: Option<NaiveDate>,
    pub close_reason: Option<CloseReason>,
    /// The latest visit by `as_of`.
    pub last_visit: Option<NaiveDate>,
    /// Supports with a status date by `as_of`: type, status, amount.
    pub supports: Vec<(SupportType, SupportStatus, Option<u64>)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    pub header: Header,
    pub detail: Detail,
    pub counts: Counts,
    /// Empty unless `detail` is `Full`: the pupils whose case counts in the period, by name.
    pub cases: Vec<CaseRow>,
}

/// The class's summary for `period`, made on `today`, counted to `min(today, period end)`.
/// Calls `domain::indicators` so the dashboard and the report never disagree.
pub fn summarize(
    profile: &Profile,
    book: &Casebook,
    period: ReportPeriod,
    detail: Detail,
    today: NaiveDate,
) -> Summary {
    todo!()
}
