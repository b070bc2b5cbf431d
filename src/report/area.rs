//! An area's report (a commune or ward, or a province): its schools' reports, by school,
//! and their sum. Made from school reports (each merged from its classes' figures), so an
//! area's figures are always the sums of its schools'.

use chrono::NaiveDate;

use super::merge::{MergeError, MergeWarning, Missing, SchoolReport, period_text, school_key, school_text};
use super::summary::Counts;

/// The two tiers above a school (since July 2025): the commune or ward, then the province.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AreaLevel {
    Commune,
    Province,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AreaReport {
    pub level: AreaLevel,
    /// The commune's or province's name and code, as the caller knows them (the hub's list
    /// of places), not as the classes spell them.
    pub name: String,
    pub code: String,
    /// The schools that sent figures, in name order.
    pub schools: Vec<SchoolReport>,
    /// The sum of the schools' totals.
    pub total: Counts,
    pub made_on: NaiveDate,
    /// The schools without any figures for the period. The classes missing within the
    /// reporting schools are in each school's `missing`.
    pub missing: Vec<Missing>,
    /// The schools' warnings, school after school.
    pub warnings: Vec<MergeWarning>,
}

impl AreaReport {
    /// The classes of all its schools.
    pub fn class_count(&self) -> usize {
        self.schools.iter().map(|s| s.classes.len()).sum()
    }
}

/// Sums schools' reports into an area's: refuses no school, schools of different periods,
/// and a school given twice (by its code, else its name). A school report without classes
/// counts nothing.
pub fn merge_area(
    level: AreaLevel,
    name: String,
    code: String,
    schools: Vec<SchoolReport>,
    missing: Vec<Missing>,
    made_on: NaiveDate,
) -> Result<AreaReport, MergeError> {
    let heads: Vec<_> = schools.iter().filter_map(|s| s.first()).collect();
    let Some(head) = heads.first() else {
        return Err(MergeError::NoSchools);
    };
    for (i, h) in heads.iter().enumerate() {
        if h.period != head.period {
            return Err(MergeError::SchoolsMixedPeriods {
                first: school_text(head),
                first_period: period_text(&head.period, &h.period),
                school: school_text(h),
                period: period_text(&h.period, &head.period),
            });
        }
        if heads[..i].iter().any(|e| school_key(e) == school_key(h)) {
            return Err(MergeError::SameSchool { school: school_text(h) });
        }
    }
    let mut total = Counts::default();
    for s in &schools {
        total.add(&s.total);
    }
    let warnings = schools.iter().flat_map(|s| s.warnings.iter().cloned()).collect();
    let mut schools = schools;
    schools.sort_by_cached_key(|s| (crate::text::fold(s.school()), s.first().map(school_key)));
    Ok(AreaReport {
        level,
        name,
        code,
        schools,
        total,
        made_on,
        missing,
        warnings,
    })
}
