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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testkit::d;
    use crate::i18n::Lang;
    use crate::report::merge::tests::{class, files};
    use crate::report::merge::{error_message, merge};
    use crate::report::period::ReportPeriod;

    /// A fictional school's report of classes `ks` (see `merge::tests::class`).
    fn school(name: &str, code: &str, ks: &[(&str, u64)]) -> SchoolReport {
        let classes: Vec<_> = ks
            .iter()
            .map(|(c, k)| {
                let mut f = class(c, *k);
                f.header.school = name.into();
                f.header.school_code = code.into();
                f
            })
            .collect();
        merge(files(&classes), d(2026, 6, 20)).unwrap()
    }

    fn area(schools: Vec<SchoolReport>) -> Result<AreaReport, MergeError> {
        merge_area(
            AreaLevel::Commune,
            "Xã Hư Cấu".into(),
            "99001".into(),
            schools,
            vec![Missing {
                name: "Trường TH Vắng".into(),
                last_sent: None,
                why: None,
            }],
            d(2026, 6, 21),
        )
    }

    #[test]
    fn the_total_is_the_sum_of_the_schools_and_schools_are_in_name_order() {
        let b = school("Trường THCS Bình", "HC002", &[("6A", 2), ("7A", 3)]);
        let a = school("Trường THCS An", "HC001", &[("8A", 5)]);
        let r = area(vec![b.clone(), a.clone()]).unwrap();
        let mut sum = a.total.clone();
        sum.add(&b.total);
        assert_eq!(r.total, sum);
        assert_eq!(r.class_count(), 3);
        let names: Vec<&str> = r.schools.iter().map(|s| s.school()).collect();
        assert_eq!(names, ["Trường THCS An", "Trường THCS Bình"]);
        assert_eq!(r.missing[0].name, "Trường TH Vắng");
        assert_eq!((r.made_on, r.code.as_str()), (d(2026, 6, 21), "99001"));
    }

    #[test]
    fn refuses_no_school_mixed_periods_and_a_school_twice() {
        let e = area(Vec::new()).unwrap_err();
        assert!(matches!(e, MergeError::NoSchools), "{e:?}");
        assert_eq!(
            error_message(Lang::En, &e),
            "No school has sent figures for this period"
        );

        let a = school("Trường THCS An", "HC001", &[("8A", 5)]);
        let mut b = school("Trường THCS Bình", "HC002", &[("6A", 2)]);
        for (_, f) in &mut b.classes {
            f.header.period = ReportPeriod::year(2026);
        }
        let e = area(vec![a.clone(), b]).unwrap_err();
        assert_eq!(
            error_message(Lang::En, &e),
            "Cannot merge: the figures of Trường THCS An (HC001) cover 2026-H1 but those of Trường THCS Bình (HC002) cover 2026"
        );
        assert!(
            error_message(Lang::Vi, &e).starts_with("Không gộp được: số liệu của Trường THCS An (HC001) là kỳ 2026-H1")
        );

        // The same code, spelt another way: one school, which would be counted twice.
        let again = school("THCS An", "hc001", &[("9A", 3)]);
        let e = area(vec![a, again]).unwrap_err();
        assert_eq!(
            error_message(Lang::En, &e),
            "Cannot merge: school THCS An (hc001) is given twice, so it would be counted twice"
        );
        assert!(error_message(Lang::Vi, &e).contains("có hai lần"));
    }

    #[test]
    fn the_schools_warnings_are_the_areas() {
        let mut old = class("6A", 2);
        old.counts.homeroom_teachers = None;
        old.counts.trained_teachers = None;
        let with_old = merge(files(&[old, class("7A", 3)]), d(2026, 6, 20)).unwrap();
        assert_eq!(with_old.warnings.len(), 1);
        let mut other = school("Trường THCS Bình", "HC002", &[("8A", 5)]);
        other.warnings.clear();
        let r = area(vec![with_old.clone(), other]).unwrap();
        assert_eq!(r.warnings, with_old.warnings);
        // One school's files lack the teachers' counts: the area does not count them either.
        assert_eq!(r.total.trained_teachers, None);
    }
}
