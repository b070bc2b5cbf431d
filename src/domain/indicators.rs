//! The plan's indicators, as pure functions shared by the dashboard and the reports.
//! `docs/indicators.md` says in words what each one counts; keep the two in step.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use uuid::Uuid;

use super::case::{Case, CloseReason, Stage};
use super::casebook::Casebook;
use super::screening::{Decision, RiskFactor};
use super::support::{Support, SupportStatus, SupportType};
use super::validation::age_on;
use super::visit::Visit;

/// A span of days, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    /// A school year: 1 August to 31 July (as `SchoolYear::containing` counts).
    pub fn school_year(year: super::SchoolYear) -> Period {
        let next = super::SchoolYear(year.0 + 1).first_day();
        Period {
            from: year.first_day(),
            to: next.pred_opt().expect("valid"),
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
    /// The share as shown, in tenths of a percent (875 is 87.5%); `None` when there is
    /// nothing to count. Rounded to the nearest tenth (half up), except that a target not
    /// met is never shown as reached: 1999 of 2000 against "at least 100%" is 99.9% (rounded
    /// down), 5 of 499 against "at most 1%" is 1.1% (rounded up). Whole numbers, so no float
    /// error can cross a target. The dashboard and every report format show this figure.
    pub fn shown_tenths(&self) -> Option<u64> {
        if self.total == 0 {
            return None;
        }
        let (n, d) = (self.count as u128 * 1000, self.total as u128);
        let rounded = (2 * n + d) / (2 * d);
        let tenths = match self.target {
            _ if self.met() => rounded,
            Target::AtLeast(t) if rounded >= u128::from(t) * 10 => n / d,
            Target::AtMost(t) if rounded <= u128::from(t) * 10 => n.div_ceil(d),
            _ => rounded,
        };
        Some(u64::try_from(tenths).unwrap_or(u64::MAX))
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
    /// The amounts of all of them (`count`), whatever their status: what was planned.
    pub planned_vnd: u64,
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
    /// Pupils aged 5 to 17 on `as_of` in child labour or trafficked for labour
    /// exploitation, out of the pupils aged 5 to 17; target at most 1%.
    pub child_labour: Ratio,
    /// Pupils of any age in child labour or trafficked, in heavy, hazardous or dangerous
    /// work (2030 target: none).
    pub hazardous: usize,
    /// By the current screening decision, identified by `as_of`, any age.
    pub at_risk: usize,
    pub in_child_labour: usize,
    pub trafficked: usize,
    /// Cases identified in the period, up to `as_of`.
    pub newly_identified: usize,
    /// Cases closed in the period, up to `as_of`, by reason in `CloseReason::ALL` order.
    pub closed: [usize; CloseReason::ALL.len()],
    /// Visits made in the period.
    pub visits: usize,
    /// Awareness sessions held in the period.
    pub sessions: usize,
    /// The sum of those sessions' attendance.
    pub people_reached: u64,
    /// By type, in `SupportType::ALL` order.
    pub supports: Vec<(SupportType, SupportCount)>,
}

// The targets are declared with the indicators (`indicator.rs`).
pub use super::indicator::{
    TARGET_CHILD_LABOUR, TARGET_IN_EDUCATION, TARGET_INTERVENED_IN_TIME, TARGET_MONITORED, TARGET_PARENTS_INFORMED,
    TARGET_STUDENTS_INFORMED, TARGET_TRAINED_TEACHERS,
};

// The rules, one per indicator, each about one case or pupil. `as_of` is the day counted
// to; the limits come from `Settings`.

/// Whether the case was intervened in time: its first intervention came within `days` of
/// identification (day `days` is in time, day `days + 1` late). `None` while it is still
/// pending: no intervention yet and the deadline not passed on `as_of`.
///
/// An intervention after `as_of` was not known then and is not looked at. A case closed by
/// its deadline with no intervention (the child moved school on the second day) is also
/// `None`: nothing was due any more, so it is neither in time nor late.
///
/// The first intervention is the case's (`first_intervention_on`): a stored case keeps it
/// in step with the records, and an implicit one reads it from them
/// ([`Casebook::case_of`]), so the dashboard and this function agree.
pub fn intervened_in_time(case: &Case, days: u32, as_of: NaiveDate) -> Option<bool> {
    let deadline = add_days(case.identified_on, days);
    match case.first_intervention_on.filter(|f| *f <= as_of) {
        Some(f) => Some(f <= deadline),
        None if closed_on(case).is_some_and(|c| c <= deadline && c <= as_of) => None,
        None if as_of > deadline => Some(false),
        None => None,
    }
}

/// Whether an open case had a visit within the last `days` days of `as_of` (a visit on
/// `as_of - days` counts, one a day earlier does not) and on or after the child was
/// identified (as for interventions, a visit before that was not a visit of the case). A
/// closed case is not monitored.
pub fn monitored(book: &Casebook, student: Uuid, days: u32, as_of: NaiveDate) -> bool {
    book.case_view(student).is_some_and(|c| {
        open_on(&c, as_of) && latest_visit(book.visits_of(student), as_of).is_some_and(|v| monitors(&c, v, days, as_of))
    })
}

/// Whether visit `v` (the latest by `as_of`) keeps the case monitored on `as_of`.
fn monitors(case: &Case, v: &Visit, days: u32, as_of: NaiveDate) -> bool {
    v.visited_on >= sub_days(as_of, days) && v.visited_on >= case.identified_on
}

/// Whether the pupil is in education on `as_of`: the latest visit by then says the child
/// attends school (without a visit: the screening does not say they dropped out), or a
/// vocational-training referral was delivered by then.
pub fn in_education(book: &Casebook, student: Uuid, as_of: NaiveDate) -> bool {
    if book.supports_of(student).iter().any(|s| vocational_by(s, as_of)) {
        return true;
    }
    match latest_visit(book.visits_of(student), as_of) {
        Some(v) => v.attending_school,
        None => !screening_says(book, student, RiskFactor::DroppedOut, as_of),
    }
}

/// When the pupil was first informed within `period` (by a session for pupils, or the
/// teacher's mark), up to `as_of`.
pub fn student_informed(book: &Casebook, student: Uuid, period: Period, as_of: NaiveDate) -> Option<NaiveDate> {
    let mark = book.informed.get(&student).and_then(|i| i.student_on);
    informed(book, student, period, as_of, mark, |a| a.reaches_students())
}

/// The same for the pupil's parents (sessions for parents, or the mark).
pub fn parents_informed(book: &Casebook, student: Uuid, period: Period, as_of: NaiveDate) -> Option<NaiveDate> {
    let mark = book.informed.get(&student).and_then(|i| i.parents_on);
    informed(book, student, period, as_of, mark, |a| a.reaches_parents())
}

fn informed(
    book: &Casebook,
    student: Uuid,
    period: Period,
    as_of: NaiveDate,
    mark: Option<NaiveDate>,
    reaches: impl Fn(super::Audience) -> bool,
) -> Option<NaiveDate> {
    let within = Period {
        from: period.from,
        to: as_of.min(period.to),
    };
    // Sessions are oldest first: the first that reached the pupil is the earliest.
    let session = book
        .sessions
        .iter()
        .filter(|s| within.contains(s.held_on) && reaches(s.audience) && s.students.contains(&student))
        .map(|s| s.held_on)
        .next();
    let mark = mark.filter(|d| within.contains(*d));
    match (session, mark) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// All the indicators of a period, counted to `min(today, period.to)`.
///
/// One pass over each pupil's records: the same rules as the functions above, computed
/// together so a whole school (2,000 pupils, 20,000 visits) counts in a few milliseconds.
pub fn indicators(book: &Casebook, period: Period, today: NaiveDate) -> Indicators {
    let as_of = today.min(period.to);
    let settings = book.settings;
    let within = Period {
        from: period.from,
        to: as_of,
    };

    // Who the sessions reached, in one pass over them rather than one a pupil.
    const STUDENT: u8 = 1;
    const PARENTS: u8 = 2;
    let mut reached: HashMap<Uuid, u8> = HashMap::new();
    let mut sessions = 0;
    let mut people_reached: u64 = 0;
    for s in &book.sessions {
        if period.contains(s.held_on) {
            sessions += 1;
            people_reached = people_reached.saturating_add(s.attended.into());
        }
        if within.contains(s.held_on) {
            let bits = (u8::from(s.audience.reaches_students()) * STUDENT)
                | (u8::from(s.audience.reaches_parents()) * PARENTS);
            for id in &s.students {
                *reached.entry(*id).or_default() |= bits;
            }
        }
    }

    let mut out = Indicators {
        period,
        as_of,
        pupils: book.students.len(),
        cases: 0,
        intervened_in_time: Ratio::new(TARGET_INTERVENED_IN_TIME),
        monitored: Ratio::new(TARGET_MONITORED),
        in_education: Ratio::new(TARGET_IN_EDUCATION),
        parents_informed: Ratio::new(TARGET_PARENTS_INFORMED),
        students_informed: Ratio::new(TARGET_STUDENTS_INFORMED),
        child_labour: Ratio::new(TARGET_CHILD_LABOUR),
        hazardous: 0,
        at_risk: 0,
        in_child_labour: 0,
        trafficked: 0,
        newly_identified: 0,
        closed: [0; CloseReason::ALL.len()],
        visits: 0,
        sessions,
        people_reached,
        supports: Vec::new(),
    };
    let mut supports = [SupportCount::default(); SupportType::ALL.len()];
    out.parents_informed.total = book.students.len();
    out.students_informed.total = book.students.len();

    for (&id, student) in &book.students {
        let visits = book.visits_of(id);
        let pupil_supports = book.supports_of(id);

        // Visits are oldest first: the count in the period and the latest by as_of come from
        // binary searches, so a school's 20,000 visits are not all read (reading each
        // misses the cache, and that was most of the time).
        out.visits += count_between(visits, period.from, period.to);
        let latest = latest_visit(visits, as_of);
        let mut vocational = false;
        for s in pupil_supports {
            let c = &mut supports[s.kind as usize];
            let dates = [s.planned_on, s.referred_on, s.delivered_on, s.declined_on];
            if dates.iter().flatten().any(|d| period.contains(*d)) {
                c.count += 1;
                c.planned_vnd = c.planned_vnd.saturating_add(s.amount_vnd.unwrap_or(0));
            }
            // Only while delivered: a delivery corrected away (a support saved before the
            // form cleared later statuses' dates) is neither delivered nor paid.
            if s.status == SupportStatus::Delivered && s.delivered_on.is_some_and(|d| period.contains(d)) {
                c.delivered += 1;
                // Amounts are capped on entry; saturate rather than overflow on odd data.
                c.amount_vnd = c.amount_vnd.saturating_add(s.amount_vnd.unwrap_or(0));
            }
            vocational |= vocational_by(s, as_of);
        }

        // Awareness: over every pupil.
        let mark = book.informed.get(&id);
        let bits = reached.get(&id).copied().unwrap_or(0);
        let marked = |d: Option<NaiveDate>| d.is_some_and(|d| within.contains(d));
        if bits & STUDENT != 0 || marked(mark.and_then(|m| m.student_on)) {
            out.students_informed.count += 1;
        }
        if bits & PARENTS != 0 || marked(mark.and_then(|m| m.parents_on)) {
            out.parents_informed.count += 1;
        }

        // Child labour: by the current screening, identified by as_of. The rate is over the
        // pupils aged 5 to 17; the counts by decision and hazardous work over every age.
        let screening = book.screenings.get(&id);
        let of_age = age_on(student.birth_date, as_of).is_some_and(|a| (5..=17).contains(&a));
        out.child_labour.total += usize::from(of_age);
        if let Some(s) = screening
            && s.decision.is_identified()
            && s.identified_on.unwrap_or(s.screened_on) <= as_of
        {
            match s.decision {
                Decision::AtRisk => out.at_risk += 1,
                Decision::ChildLabour => out.in_child_labour += 1,
                Decision::Trafficked => out.trafficked += 1,
                Decision::NotAtRisk => {}
            }
            if matches!(s.decision, Decision::ChildLabour | Decision::Trafficked) {
                out.child_labour.count += usize::from(of_age);
                if latest.is_some_and(|v| v.hazardous) || s.factors.contains(&RiskFactor::HazardousWork) {
                    out.hazardous += 1;
                }
            }
        }

        // The case's indicators.
        let Some(case) = book.case_with(id, screening) else {
            continue;
        };
        if !counts_in(&case, period.from, as_of) {
            continue;
        }
        out.cases += 1;
        if within.contains(case.identified_on) {
            out.newly_identified += 1;
        }
        if let Some(c) = closed_on(&case)
            && within.contains(c)
        {
            // A close is always given a reason; one without (odd data) counts as "other", so
            // the reasons add up to the cases closed.
            let reason = case.close_reason.unwrap_or(CloseReason::Other);
            let i = CloseReason::ALL
                .iter()
                .position(|r| *r == reason)
                .unwrap_or(CloseReason::ALL.len() - 1);
            out.closed[i] += 1;
        }
        if let Some(ok) = intervened_in_time(&case, settings.intervention_days, as_of) {
            out.intervened_in_time.total += 1;
            out.intervened_in_time.count += usize::from(ok);
        }
        if open_on(&case, as_of) {
            out.monitored.total += 1;
            let days = settings.monitoring_days;
            out.monitored.count += usize::from(latest.is_some_and(|v| monitors(&case, v, days, as_of)));
        }
        out.in_education.total += 1;
        let schooled = match latest {
            Some(v) => v.attending_school,
            None => !screening.is_some_and(|s| s.screened_on <= as_of && s.factors.contains(&RiskFactor::DroppedOut)),
        };
        out.in_education.count += usize::from(vocational || schooled);
    }
    out.supports = SupportType::ALL.into_iter().zip(supports).collect();
    out
}

impl Ratio {
    fn new(target: Target) -> Ratio {
        Ratio {
            count: 0,
            total: 0,
            target,
        }
    }
}

/// A case counts in a period when it was identified by `as_of` and not closed before the
/// period began.
pub(crate) fn counts_in(case: &Case, from: NaiveDate, as_of: NaiveDate) -> bool {
    case.identified_on <= as_of && closed_on(case).is_none_or(|c| c >= from)
}

/// Whether the case was open on `day`. Only the current episode is known: a case closed
/// after `day` was open then; what came before a re-opening is not kept, so a re-opened
/// case counts as open since it was first identified.
pub(crate) fn open_on(case: &Case, day: NaiveDate) -> bool {
    case.identified_on <= day && closed_on(case).is_none_or(|c| c > day)
}

/// The day a closed case was closed.
fn closed_on(case: &Case) -> Option<NaiveDate> {
    (case.stage == Stage::Closed).then_some(case.stage_on)
}

/// The latest visit on or before `as_of` (visits are oldest first). Usually the last one:
/// checked first, as each probe of a search is likely a cache miss.
fn latest_visit(visits: &[Visit], as_of: NaiveDate) -> Option<&Visit> {
    match visits.last() {
        Some(last) if last.visited_on <= as_of => Some(last),
        _ => {
            let by = visits.partition_point(|v| v.visited_on <= as_of);
            by.checked_sub(1).map(|i| &visits[i])
        }
    }
}

/// How many visits fall in `from..=to` (visits are oldest first); all of them, usually.
fn count_between(visits: &[Visit], from: NaiveDate, to: NaiveDate) -> usize {
    match (visits.first(), visits.last()) {
        (Some(first), Some(last)) if first.visited_on >= from && last.visited_on <= to => visits.len(),
        (None, _) | (_, None) => 0,
        _ => {
            let before = visits.partition_point(|v| v.visited_on < from);
            visits.partition_point(|v| v.visited_on <= to).saturating_sub(before)
        }
    }
}

fn vocational_by(s: &Support, as_of: NaiveDate) -> bool {
    s.kind == SupportType::VocationalReferral && s.delivered_on.is_some_and(|d| d <= as_of)
}

fn screening_says(book: &Casebook, student: Uuid, factor: RiskFactor, as_of: NaiveDate) -> bool {
    book.screenings
        .get(&student)
        .is_some_and(|s| s.screened_on <= as_of && s.factors.contains(&factor))
}

pub(crate) fn add_days(d: NaiveDate, days: u32) -> NaiveDate {
    d.checked_add_days(Days::new(days.into())).unwrap_or(NaiveDate::MAX)
}

fn sub_days(d: NaiveDate, days: u32) -> NaiveDate {
    d.checked_sub_days(Days::new(days.into())).unwrap_or(NaiveDate::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testkit::{d, pupil, screen, session, support, today, visit};
    use crate::domain::{Audience, CloseReason, Informed, SchoolYear, SupportStatus as St};

    const N: u32 = 7;
    const M: u32 = 90;

    /// A case identified on 1 October 2026, so its deadline is 8 October.
    fn october_case() -> Case {
        october_case_of(Uuid::from_u128(1))
    }

    fn october_case_of(id: Uuid) -> Case {
        Case::new(id, d(2026, 10, 1))
    }

    fn with_first(on: NaiveDate) -> Case {
        october_case().record_intervention(on)
    }

    #[test]
    fn in_time_is_day_n_and_late_is_day_n_plus_1() {
        assert_eq!(intervened_in_time(&with_first(d(2026, 10, 8)), N, today()), Some(true));
        assert_eq!(intervened_in_time(&with_first(d(2026, 10, 9)), N, today()), Some(false));
        // The same day is in time; an intervention before identification is not the case's,
        // so a case with only that one is late once its deadline has passed.
        assert_eq!(intervened_in_time(&with_first(d(2026, 10, 1)), N, today()), Some(true));
        assert_eq!(with_first(d(2026, 9, 25)).first_intervention_on, None);
        assert_eq!(intervened_in_time(&with_first(d(2026, 9, 25)), N, today()), Some(false));
        assert_eq!(intervened_in_time(&with_first(d(2026, 9, 25)), N, d(2026, 10, 8)), None);
        // The limit comes from the settings.
        assert_eq!(intervened_in_time(&with_first(d(2026, 10, 9)), 8, today()), Some(true));
    }

    #[test]
    fn no_intervention_is_pending_to_day_n_and_late_after() {
        let c = october_case();
        assert_eq!(intervened_in_time(&c, N, d(2026, 10, 8)), None);
        assert_eq!(intervened_in_time(&c, N, d(2026, 10, 9)), Some(false));
        // An intervention after `as_of` was not known on `as_of`.
        let later = with_first(d(2026, 10, 5));
        assert_eq!(intervened_in_time(&later, N, d(2026, 10, 4)), None);
        let late = with_first(d(2026, 10, 20));
        assert_eq!(intervened_in_time(&late, N, d(2026, 10, 10)), Some(false));
    }

    #[test]
    fn a_case_closed_by_its_deadline_without_intervention_is_left_out() {
        let close = |on: NaiveDate| {
            october_case()
                .move_to(Stage::Closed, on, Some(CloseReason::MovedSchool), None, today())
                .unwrap()
        };
        assert_eq!(intervened_in_time(&close(d(2026, 10, 5)), N, today()), None);
        assert_eq!(intervened_in_time(&close(d(2026, 10, 8)), N, today()), None);
        assert_eq!(intervened_in_time(&close(d(2026, 10, 9)), N, today()), Some(false));
        // Closed after an intervention in time: in time.
        let helped = with_first(d(2026, 10, 3))
            .move_to(
                Stage::Closed,
                d(2026, 10, 5),
                Some(CloseReason::NoLongerAtRisk),
                None,
                today(),
            )
            .unwrap();
        assert_eq!(intervened_in_time(&helped, N, today()), Some(true));
    }

    #[test]
    fn a_re_opened_case_keeps_its_first_intervention() {
        let reopened = with_first(d(2026, 10, 3))
            .move_to(
                Stage::Closed,
                d(2026, 10, 10),
                Some(CloseReason::NoLongerAtRisk),
                None,
                today(),
            )
            .unwrap()
            .move_to(Stage::Identified, d(2026, 11, 20), None, None, today())
            .unwrap();
        assert_eq!(reopened.opened_on, d(2026, 11, 20));
        assert_eq!(intervened_in_time(&reopened, N, today()), Some(true));
    }

    #[test]
    fn with_several_supports_the_earliest_referred_or_delivered_is_the_intervention() {
        let mut book = Casebook::default();
        let id = pupil(&mut book, 1);
        // Identified 1/10 with no stored case: the records alone decide. Deadline 8/10.
        screen(&mut book, id, Decision::AtRisk, d(2026, 10, 1), &[]);
        book.put_support(support(id, 1, SupportType::Scholarship, St::Planned, d(2026, 10, 2)));
        book.put_support(support(id, 2, SupportType::Meals, St::Delivered, d(2026, 10, 12)));
        book.put_support(support(id, 3, SupportType::Counselling, St::Declined, d(2026, 10, 3)));
        let period = Period::school_year(SchoolYear(2026));
        assert_eq!(book.interventions_of(id), [d(2026, 10, 12)]);
        assert_eq!(indicators(&book, period, today()).intervened_in_time.count, 0);
        // A referral on day 7 (delivered later) makes it in time.
        let mut referred = support(id, 4, SupportType::TuitionExemption, St::Delivered, d(2026, 10, 20));
        referred.referred_on = Some(d(2026, 10, 8));
        book.put_support(referred);
        assert_eq!(book.interventions_of(id), [d(2026, 10, 8), d(2026, 10, 12)]);
        let i = indicators(&book, period, today());
        assert_eq!((i.intervened_in_time.count, i.intervened_in_time.total), (1, 1));
    }

    /// A pupil with a stored case at Monitoring, identified in June.
    fn monitored_pupil(book: &mut Casebook) -> Uuid {
        let id = pupil(book, 1);
        let mut c = Case::new(id, d(2026, 6, 1)).record_intervention(d(2026, 6, 2));
        c.stage = Stage::Monitoring;
        book.put_case(c);
        id
    }

    #[test]
    fn monitored_is_a_visit_on_day_m_back_not_m_plus_1() {
        let as_of = today();
        let day_m = as_of - Days::new(M.into());
        let mut book = Casebook::default();
        let id = monitored_pupil(&mut book);
        assert!(!monitored(&book, id, M, as_of), "no visit yet");
        book.put_visit(visit(id, 1, day_m));
        assert!(monitored(&book, id, M, as_of));
        book.put_visit(visit(id, 1, day_m - Days::new(1)));
        assert!(!monitored(&book, id, M, as_of));
        // A visit after `as_of` does not count on `as_of`.
        book.put_visit(visit(id, 2, as_of + Days::new(1)));
        assert!(!monitored(&book, id, M, as_of));
    }

    #[test]
    fn a_visit_before_identification_does_not_monitor_the_case() {
        // Identified 01/10 (M = 90): the visit of 28/09 is recent, but not of the case.
        let mut book = Casebook::default();
        let id = pupil(&mut book, 1);
        book.put_case(october_case_of(id));
        book.put_visit(visit(id, 1, d(2026, 9, 28)));
        assert!(!monitored(&book, id, M, today()));
        let period = Period::school_year(crate::domain::SchoolYear(2026));
        let i = indicators(&book, period, today());
        assert_eq!((i.monitored.count, i.monitored.total), (0, 1));
        // On the identification day it is.
        book.put_visit(visit(id, 2, d(2026, 10, 1)));
        assert!(monitored(&book, id, M, today()));
        assert_eq!(indicators(&book, period, today()).monitored.count, 1);
    }

    #[test]
    fn a_closed_case_is_not_monitored_until_it_closes() {
        let mut book = Casebook::default();
        let id = monitored_pupil(&mut book);
        book.put_visit(visit(id, 1, d(2026, 11, 1)));
        let closed = book.cases[&id]
            .move_to(
                Stage::Closed,
                d(2026, 11, 20),
                Some(CloseReason::FinishedSchool),
                None,
                today(),
            )
            .unwrap();
        book.put_case(closed);
        assert!(!monitored(&book, id, M, today()));
        // Before the close it was open and visited.
        assert!(monitored(&book, id, M, d(2026, 11, 10)));
        // A pupil with no case is not a monitored case.
        let other = pupil(&mut book, 2);
        book.put_visit(visit(other, 2, today()));
        assert!(!monitored(&book, other, M, today()));
    }

    #[test]
    fn in_education_reads_the_latest_visit_then_the_screening() {
        let mut book = Casebook::default();
        let id = pupil(&mut book, 1);
        // Nothing known: not said to have dropped out.
        assert!(in_education(&book, id, today()));
        screen(
            &mut book,
            id,
            Decision::AtRisk,
            d(2026, 9, 1),
            &[RiskFactor::DroppedOut],
        );
        assert!(!in_education(&book, id, today()));
        // A visit says more than the screening: the latest one by `as_of`.
        book.put_visit(visit(id, 1, d(2026, 10, 1)));
        assert!(in_education(&book, id, today()));
        let mut away = visit(id, 2, d(2026, 11, 1));
        away.attending_school = false;
        book.put_visit(away);
        assert!(!in_education(&book, id, today()));
        assert!(in_education(&book, id, d(2026, 10, 31)));
    }

    #[test]
    fn only_a_delivered_vocational_referral_counts_as_education() {
        let mut book = Casebook::default();
        let id = pupil(&mut book, 1);
        let mut away = visit(id, 1, d(2026, 10, 1));
        away.attending_school = false;
        book.put_visit(away);
        let vocational = SupportType::VocationalReferral;
        book.put_support(support(id, 1, vocational, St::Planned, d(2026, 10, 2)));
        book.put_support(support(id, 2, vocational, St::Referred, d(2026, 10, 3)));
        book.put_support(support(id, 3, vocational, St::Declined, d(2026, 10, 4)));
        book.put_support(support(id, 4, SupportType::Scholarship, St::Delivered, d(2026, 10, 5)));
        assert!(!in_education(&book, id, today()));
        book.put_support(support(id, 5, vocational, St::Delivered, d(2026, 11, 10)));
        assert!(in_education(&book, id, today()));
        assert!(!in_education(&book, id, d(2026, 11, 9)));
    }

    #[test]
    fn informed_within_the_period_by_session_or_mark() {
        let period = Period::school_year(SchoolYear(2026));
        let mut book = Casebook::default();
        let a = pupil(&mut book, 1);
        let b = pupil(&mut book, 2);
        book.put_session(session(1, d(2026, 9, 15), Audience::Students, &[a]));
        book.put_session(session(2, d(2026, 10, 1), Audience::Parents, &[a]));
        book.put_session(session(3, d(2026, 7, 31), Audience::Both, &[b]));
        assert_eq!(student_informed(&book, a, period, today()), Some(d(2026, 9, 15)));
        assert_eq!(parents_informed(&book, a, period, today()), Some(d(2026, 10, 1)));
        // Before the period: not this period's.
        assert_eq!(student_informed(&book, b, period, today()), None);
        assert_eq!(parents_informed(&book, b, period, today()), None);
        // Not yet on an earlier `as_of`.
        assert_eq!(parents_informed(&book, a, period, d(2026, 9, 30)), None);
        // A mark counts, on `as_of` but not after; the earlier of mark and session wins.
        book.put_informed(Informed {
            student_id: b,
            student_on: Some(today()),
            parents_on: Some(today() + Days::new(1)),
        });
        book.put_informed(Informed {
            student_id: a,
            student_on: Some(d(2026, 9, 1)),
            parents_on: None,
        });
        assert_eq!(student_informed(&book, b, period, today()), Some(today()));
        assert_eq!(parents_informed(&book, b, period, today()), None);
        assert_eq!(student_informed(&book, a, period, today()), Some(d(2026, 9, 1)));
        // A session for both reaches both.
        book.put_session(session(4, d(2026, 11, 2), Audience::Both, &[b]));
        assert_eq!(parents_informed(&book, b, period, today()), Some(d(2026, 11, 2)));
    }

    #[test]
    fn visits_are_found_by_date_whether_or_not_the_quick_path_applies() {
        let id = Uuid::from_u128(1);
        let days = [
            d(2026, 7, 30),
            d(2026, 8, 1),
            d(2026, 9, 9),
            d(2026, 9, 9),
            d(2026, 11, 28),
        ];
        let visits: Vec<Visit> = days
            .iter()
            .enumerate()
            .map(|(n, &on)| visit(id, n as u128, on))
            .collect();
        assert_eq!(count_between(&visits, d(2026, 8, 1), d(2026, 11, 28)), 4);
        assert_eq!(count_between(&visits, d(2026, 7, 30), d(2026, 11, 28)), 5);
        assert_eq!(count_between(&visits, d(2026, 8, 2), d(2026, 9, 9)), 2);
        assert_eq!(count_between(&visits, d(2026, 12, 1), d(2026, 12, 31)), 0);
        assert_eq!(count_between(&[], d(2026, 1, 1), d(2026, 12, 31)), 0);
        assert_eq!(
            latest_visit(&visits, d(2026, 12, 1)).map(|v| v.visited_on),
            Some(d(2026, 11, 28))
        );
        assert_eq!(latest_visit(&visits, d(2026, 11, 27)).map(|v| v.id), Some(visits[3].id));
        assert_eq!(latest_visit(&visits, d(2026, 7, 29)), None);
    }

    #[test]
    fn ratios_and_targets() {
        let r = |count, total, target| Ratio { count, total, target };
        assert_eq!(r(0, 0, Target::AtLeast(100)).percent(), None);
        assert!(r(0, 0, Target::AtLeast(100)).met());
        assert!(r(99, 100, Target::AtLeast(99)).met());
        assert!(!r(98, 100, Target::AtLeast(99)).met());
        assert!(r(1, 100, Target::AtMost(1)).met());
        assert!(!r(2, 100, Target::AtMost(1)).met());
        assert_eq!(r(1, 4, Target::AtMost(1)).percent(), Some(25.0));
    }

    /// A fictional class of ten, each pupil set up for one or two rules; the expected
    /// figures below are worked out in the comments from the rules.
    fn class() -> (Casebook, [Uuid; 10]) {
        let mut book = Casebook::default();
        let p: [Uuid; 10] = std::array::from_fn(|i| pupil(&mut book, i as u128 + 1));
        let [p1, p2, p3, p4, p5, p6, p7, p8, p9, p10] = p;
        let t = today();

        // P1: intervened on day 4, visited on 1/11, attending.
        screen(&mut book, p1, Decision::AtRisk, d(2026, 9, 1), &[]);
        book.put_case(Case::new(p1, d(2026, 9, 1)).record_intervention(d(2026, 9, 5)));
        let mut v = visit(p1, 1, d(2026, 11, 1));
        v.agreed = "Gia đình đưa em đi học đều".into();
        book.put_visit(v);

        // P2: child labour, no stored case (implicit), first intervention a visit on day 10:
        // late. Working in hazardous work, not attending.
        screen(
            &mut book,
            p2,
            Decision::ChildLabour,
            d(2026, 9, 10),
            &[RiskFactor::WorksForOthers],
        );
        let mut v = visit(p2, 2, d(2026, 9, 20));
        (v.working, v.hazardous, v.attending_school) = (true, true, false);
        v.agreed = "Chủ xưởng cho em nghỉ".into();
        book.put_visit(v);

        // P3: trafficked, identified three days ago: pending, not visited.
        screen(
            &mut book,
            p3,
            Decision::Trafficked,
            d(2026, 11, 25),
            &[RiskFactor::SignsOfTrafficking],
        );

        // P4: closed before the period began: not counted.
        screen(&mut book, p4, Decision::AtRisk, d(2026, 3, 1), &[]);
        let c = Case::new(p4, d(2026, 3, 1)).record_intervention(d(2026, 3, 2));
        book.put_case(
            c.move_to(Stage::Closed, d(2026, 7, 15), Some(CloseReason::MovedSchool), None, t)
                .unwrap(),
        );

        // P5: closed within the period, in time, attending at the last visit.
        screen(&mut book, p5, Decision::AtRisk, d(2026, 3, 1), &[]);
        let c = Case::new(p5, d(2026, 3, 1)).record_intervention(d(2026, 3, 3));
        book.put_case(
            c.move_to(
                Stage::Closed,
                d(2026, 9, 10),
                Some(CloseReason::NoLongerAtRisk),
                None,
                t,
            )
            .unwrap(),
        );
        book.put_visit(visit(p5, 5, d(2026, 9, 1)));

        // P6: in time in February, closed, re-opened on 20/11; last visit in May (out of
        // school); several supports, none a delivered vocational referral.
        screen(
            &mut book,
            p6,
            Decision::AtRisk,
            d(2026, 2, 1),
            &[RiskFactor::DroppedOut],
        );
        let c = Case::new(p6, d(2026, 2, 1)).record_intervention(d(2026, 2, 3));
        let c = c
            .move_to(Stage::Closed, d(2026, 4, 1), Some(CloseReason::Other), None, t)
            .unwrap();
        book.put_case(c.move_to(Stage::Identified, d(2026, 11, 20), None, None, t).unwrap());
        let mut v = visit(p6, 6, d(2026, 5, 1));
        v.attending_school = false;
        book.put_visit(v);
        book.put_support(support(p6, 61, SupportType::Scholarship, St::Planned, d(2026, 11, 21)));
        book.put_support(support(
            p6,
            62,
            SupportType::VocationalReferral,
            St::Referred,
            d(2026, 11, 22),
        ));
        let mut meals = support(p6, 63, SupportType::Meals, St::Delivered, d(2026, 11, 23));
        meals.amount_vnd = Some(300_000);
        book.put_support(meals);
        book.put_support(support(
            p6,
            64,
            SupportType::VocationalReferral,
            St::Declined,
            d(2026, 11, 24),
        ));

        // P7: not attending, but a vocational referral delivered: in education.
        screen(&mut book, p7, Decision::AtRisk, d(2026, 10, 1), &[]);
        let mut c = Case::new(p7, d(2026, 10, 1)).record_intervention(d(2026, 10, 2));
        c.stage = Stage::Monitoring;
        book.put_case(c);
        let mut v = visit(p7, 7, d(2026, 10, 2));
        v.attending_school = false;
        v.agreed = "Giới thiệu em học nghề".into();
        book.put_visit(v);
        let mut voc = support(p7, 71, SupportType::VocationalReferral, St::Delivered, d(2026, 10, 20));
        (voc.referred_on, voc.amount_vnd) = (Some(d(2026, 10, 5)), Some(2_000_000));
        book.put_support(voc);
        let mut books = support(p7, 72, SupportType::BooksSupplies, St::Referred, d(2026, 10, 5));
        books.amount_vnd = Some(500_000);
        book.put_support(books);

        // P8–P10: not at risk.
        for id in [p8, p9, p10] {
            screen(&mut book, id, Decision::NotAtRisk, d(2026, 9, 1), &[]);
        }
        book.put_session(session(1, d(2026, 9, 15), Audience::Parents, &[p1, p2, p3, p8]));
        book.put_session(session(2, d(2026, 10, 15), Audience::Students, &[p1, p2]));
        book.put_session(session(3, d(2026, 7, 20), Audience::Both, &[p9]));
        book.put_informed(Informed {
            student_id: p9,
            student_on: None,
            parents_on: Some(d(2026, 9, 1)),
        });
        book.put_informed(Informed {
            student_id: p10,
            student_on: Some(d(2026, 12, 1)),
            parents_on: None,
        });
        (book, p)
    }

    fn ratio(count: usize, total: usize, target: Target) -> Ratio {
        Ratio { count, total, target }
    }

    #[test]
    fn a_class_counts_each_indicator_by_its_rule() {
        let (book, _) = class();
        let period = Period::school_year(SchoolYear(2026));
        let i = indicators(&book, period, today());
        assert_eq!(i.as_of, today());
        assert_eq!(i.pupils, 10);
        // P1, P2, P3, P5, P6, P7 (P4 closed in July, before 1 August).
        assert_eq!(i.cases, 6);
        // P1, P5, P6, P7 in time; P2 late; P3 pending.
        assert_eq!(i.intervened_in_time, ratio(4, 5, TARGET_INTERVENED_IN_TIME));
        // Open: P1, P2, P3, P6, P7; visited since 30/08: P1, P2, P7.
        assert_eq!(i.monitored, ratio(3, 5, TARGET_MONITORED));
        // Not: P2 (not attending), P6 (out of school, referral only referred or declined).
        assert_eq!(i.in_education, ratio(4, 6, TARGET_IN_EDUCATION));
        // Parents: session 1 (P1, P2, P3, P8) and P9's mark.
        assert_eq!(i.parents_informed, ratio(5, 10, TARGET_PARENTS_INFORMED));
        // Pupils: session 2 (P1, P2); P10's mark is after as_of.
        assert_eq!(i.students_informed, ratio(2, 10, TARGET_STUDENTS_INFORMED));
        // P2 and P3; P2's latest visit says hazardous.
        assert_eq!(i.child_labour, ratio(2, 10, TARGET_CHILD_LABOUR));
        assert!(!i.child_labour.met());
        assert_eq!(i.hazardous, 1);
        // P1 1/11, P2 20/9, P5 1/9, P7 2/10 (P6's in May is before the period).
        assert_eq!(i.visits, 4);
        assert_eq!(i.sessions, 2);
        let by_type: HashMap<SupportType, SupportCount> = i.supports.iter().copied().collect();
        let count = |count, delivered, amount_vnd, planned_vnd| SupportCount {
            count,
            delivered,
            amount_vnd,
            planned_vnd,
        };
        assert_eq!(by_type[&SupportType::Scholarship], count(1, 0, 0, 0));
        assert_eq!(
            by_type[&SupportType::VocationalReferral],
            count(3, 1, 2_000_000, 2_000_000)
        );
        assert_eq!(by_type[&SupportType::Meals], count(1, 1, 300_000, 300_000));
        // Referred, not delivered: its amount is planned, not delivered.
        assert_eq!(by_type[&SupportType::BooksSupplies], count(1, 0, 0, 500_000));
        assert_eq!(by_type[&SupportType::Counselling], count(0, 0, 0, 0));
        // At risk: P1, P4 (its case closed, its screening unchanged), P5, P6, P7.
        assert_eq!((i.at_risk, i.in_child_labour, i.trafficked), (5, 1, 1));
        // Identified since 1 August: P1, P2, P3, P7 (P5 and P6 earlier in the year).
        assert_eq!(i.newly_identified, 4);
        // P5 on 10/09 (P4 closed in July; P6 re-opened).
        assert_eq!(i.closed, [1, 0, 0, 0]);
        // Sessions 1 (four ticked) and 2 (two); session 3 in July is before the period.
        assert_eq!(i.people_reached, 6);
        assert_eq!(
            i.supports.iter().map(|(t, _)| *t).collect::<Vec<_>>(),
            SupportType::ALL.to_vec()
        );
    }

    #[test]
    fn the_aggregate_agrees_with_the_rules_one_by_one() {
        let (mut book, pupils) = class();
        // With a 14-day limit P2 (implicit, first intervention on day 10 from the records)
        // is in time: the public rule must read the records as the aggregate does.
        for limit in [N, 14] {
            book.settings.intervention_days = limit;
            agrees_with_the_rules(book.clone(), &pupils);
        }
    }

    fn agrees_with_the_rules(book: Casebook, pupils: &[Uuid]) {
        let period = Period::school_year(SchoolYear(2026));
        for as_of in [d(2026, 9, 12), d(2026, 10, 8), today()] {
            let i = indicators(&book, period, as_of);
            let informed = |f: fn(&Casebook, Uuid, Period, NaiveDate) -> Option<NaiveDate>| {
                pupils.iter().filter(|&&p| f(&book, p, period, as_of).is_some()).count()
            };
            assert_eq!(i.students_informed.count, informed(student_informed), "{as_of}");
            assert_eq!(i.parents_informed.count, informed(parents_informed), "{as_of}");
            let open: Vec<Uuid> = pupils
                .iter()
                .copied()
                .filter(|&p| book.case_view(p).is_some_and(|c| open_on(&c, as_of)))
                .collect();
            assert_eq!(i.monitored.total, open.len(), "{as_of}");
            let visited = open.iter().filter(|&&p| monitored(&book, p, M, as_of)).count();
            assert_eq!(i.monitored.count, visited, "{as_of}");
            let counted: Vec<Uuid> = pupils
                .iter()
                .copied()
                .filter(|&p| book.case_view(p).is_some_and(|c| counts_in(&c, period.from, as_of)))
                .collect();
            let decided: Vec<bool> = counted
                .iter()
                .filter_map(|&p| {
                    let case = book.case_of(p).expect("a case");
                    intervened_in_time(&case, book.settings.intervention_days, as_of)
                })
                .collect();
            assert_eq!(
                (i.intervened_in_time.count, i.intervened_in_time.total),
                (decided.iter().filter(|ok| **ok).count(), decided.len()),
                "{as_of}, N = {}",
                book.settings.intervention_days
            );
            let schooled = counted.iter().filter(|&&p| in_education(&book, p, as_of)).count();
            assert_eq!(
                (i.in_education.count, i.in_education.total),
                (schooled, counted.len()),
                "{as_of}"
            );
        }
    }

    #[test]
    fn only_a_support_still_delivered_counts_its_delivery_and_amount() {
        let mut book = Casebook::default();
        let id = pupil(&mut book, 1);
        // Saved before the form cleared a later status's date: planned, with a stale delivery.
        let mut stale = support(id, 1, SupportType::Meals, St::Planned, d(2026, 10, 1));
        (stale.delivered_on, stale.amount_vnd) = (Some(d(2026, 10, 5)), Some(400_000));
        book.put_support(stale);
        let period = Period::school_year(SchoolYear(2026));
        let meals = |book: &Casebook| {
            let i = indicators(book, period, today());
            i.supports.iter().find(|(t, _)| *t == SupportType::Meals).unwrap().1
        };
        assert_eq!(
            (meals(&book).count, meals(&book).delivered, meals(&book).amount_vnd),
            (1, 0, 0)
        );
        // Sums saturate instead of overflowing.
        for n in [2, 3] {
            let mut big = support(id, n, SupportType::Meals, St::Delivered, d(2026, 10, 6));
            big.amount_vnd = Some(u64::MAX / 2 + 1);
            book.put_support(big);
        }
        assert_eq!(meals(&book).amount_vnd, u64::MAX);
    }

    /// A pupil number `n` born on `born`, screened `decision` on 01/09/2026.
    fn born(book: &mut Casebook, n: u128, born: NaiveDate, decision: Decision) -> Uuid {
        let id = pupil(book, n);
        book.students.get_mut(&id).unwrap().birth_date = born;
        screen(book, id, decision, d(2026, 9, 1), &[]);
        id
    }

    #[test]
    fn the_child_labour_rate_counts_pupils_aged_5_to_17_on_as_of() {
        let mut book = Casebook::default();
        let as_of = today(); // 28/11/2026
        // 5 today: in. 5 tomorrow: out. 18 today: out. 18 tomorrow (still 17): in.
        born(&mut book, 1, d(2021, 11, 28), Decision::ChildLabour);
        born(&mut book, 2, d(2021, 11, 29), Decision::ChildLabour);
        let adult = born(&mut book, 3, d(2008, 11, 28), Decision::Trafficked);
        born(&mut book, 4, d(2008, 11, 29), Decision::NotAtRisk);
        // Born after as_of (a typo): no age, not counted.
        born(&mut book, 5, d(2027, 1, 1), Decision::NotAtRisk);
        let period = Period::school_year(SchoolYear(2026));
        let i = indicators(&book, period, as_of);
        // Aged 5–17: pupils 1 and 4; of them pupil 1 in child labour.
        assert_eq!(i.child_labour, ratio(1, 2, TARGET_CHILD_LABOUR));
        // The counts by decision take every age: pupils 1, 2 and 3.
        assert_eq!((i.in_child_labour, i.trafficked), (2, 1));
        assert_eq!(i.pupils, 5);
        // Hazardous work is counted at any age, as before.
        book.screenings
            .get_mut(&adult)
            .unwrap()
            .factors
            .insert(RiskFactor::HazardousWork);
        assert_eq!(indicators(&book, period, as_of).hazardous, 1);
        // A day earlier pupil 1 was 4 and pupil 3 still 17.
        let i = indicators(&book, period, as_of - Days::new(1));
        assert_eq!(i.child_labour, ratio(1, 2, TARGET_CHILD_LABOUR));
    }

    #[test]
    fn counts_by_decision_take_what_was_identified_by_as_of() {
        let mut book = Casebook::default();
        let a = pupil(&mut book, 1);
        screen(&mut book, a, Decision::AtRisk, d(2026, 11, 28), &[]);
        let b = pupil(&mut book, 2);
        screen(&mut book, b, Decision::AtRisk, d(2026, 11, 29), &[]);
        let c = pupil(&mut book, 3);
        screen(&mut book, c, Decision::NotAtRisk, d(2026, 9, 1), &[]);
        let i = indicators(&book, Period::school_year(SchoolYear(2026)), today());
        // Pupil 1 on as_of; pupil 2 the day after; pupil 3 not at risk.
        assert_eq!((i.at_risk, i.in_child_labour, i.trafficked), (1, 0, 0));
    }

    #[test]
    fn newly_identified_is_identified_from_the_first_day_to_as_of() {
        let mut book = Casebook::default();
        let days = [d(2026, 7, 31), d(2026, 8, 1), today(), today() + Days::new(1)];
        for (n, on) in days.iter().enumerate() {
            let id = pupil(&mut book, n as u128 + 1);
            screen(&mut book, id, Decision::AtRisk, *on, &[]);
        }
        let i = indicators(&book, Period::school_year(SchoolYear(2026)), today());
        // 31/07 counts as a case (still open) but not as new; 01/08 and 28/11 are new; 29/11
        // is after as_of.
        assert_eq!((i.cases, i.newly_identified), (3, 2));
    }

    #[test]
    fn a_case_closed_counts_from_the_first_day_of_the_period_to_as_of() {
        let mut book = Casebook::default();
        let closes = [
            (d(2026, 7, 31), CloseReason::NoLongerAtRisk),
            (d(2026, 8, 1), CloseReason::MovedSchool),
            (d(2026, 11, 28), CloseReason::FinishedSchool),
            (d(2026, 11, 28), CloseReason::MovedSchool),
            (d(2026, 11, 20), CloseReason::Other),
        ];
        for (n, (on, reason)) in closes.iter().enumerate() {
            let id = pupil(&mut book, n as u128 + 1);
            screen(&mut book, id, Decision::AtRisk, d(2026, 3, 1), &[]);
            let c = Case::new(id, d(2026, 3, 1));
            book.put_case(c.move_to(Stage::Closed, *on, Some(*reason), None, *on).unwrap());
        }
        let period = Period::school_year(SchoolYear(2026));
        let i = indicators(&book, period, today());
        // 31/07 is the day before: not counted at all. The other four, by reason.
        assert_eq!(i.closed, [0, 2, 1, 1]);
        assert_eq!(i.cases, 4);
        // As of 27/11 the two closed on 28/11 were still open.
        let i = indicators(&book, period, d(2026, 11, 27));
        assert_eq!(i.closed, [0, 1, 0, 1]);
    }

    #[test]
    fn people_reached_sums_the_attendance_of_the_sessions_in_the_period() {
        let mut book = Casebook::default();
        let id = pupil(&mut book, 1);
        let mut first = session(1, d(2026, 8, 1), Audience::Parents, &[id]);
        first.attended = 35;
        let mut last = session(2, d(2027, 7, 31), Audience::Students, &[]);
        last.attended = 40;
        let mut before = session(3, d(2026, 7, 31), Audience::Both, &[id]);
        before.attended = 1_000;
        for s in [first, last, before] {
            book.put_session(s);
        }
        // The attendance typed, not the pupils ticked: 35 + 40 (counted to the year's end).
        let i = indicators(&book, Period::school_year(SchoolYear(2026)), d(2027, 12, 1));
        assert_eq!((i.sessions, i.people_reached), (2, 75));
    }

    #[test]
    fn the_planned_amount_sums_every_support_counted_whatever_its_status() {
        let mut book = Casebook::default();
        let id = pupil(&mut book, 1);
        let amounts = [
            (St::Planned, d(2026, 9, 1), 100_000),
            (St::Referred, d(2026, 9, 2), 200_000),
            (St::Delivered, d(2026, 9, 3), 400_000),
            (St::Declined, d(2026, 9, 4), 800_000),
            // Before the period: not counted at all.
            (St::Delivered, d(2026, 7, 31), 1_600_000),
        ];
        for (n, (status, on, amount)) in amounts.into_iter().enumerate() {
            let mut s = support(id, n as u128, SupportType::Meals, status, on);
            s.amount_vnd = Some(amount);
            book.put_support(s);
        }
        let i = indicators(&book, Period::school_year(SchoolYear(2026)), today());
        let meals = i.supports.iter().find(|(t, _)| *t == SupportType::Meals).unwrap().1;
        // 100.000 + 200.000 + 400.000 + 800.000 planned; 400.000 delivered.
        assert_eq!(
            meals,
            SupportCount {
                count: 4,
                delivered: 1,
                amount_vnd: 400_000,
                planned_vnd: 1_500_000
            }
        );
    }

    #[test]
    fn as_of_is_the_period_end_or_today() {
        let (book, _) = class();
        // A six-month report that ended in June: counted to 14/06, before most cases.
        let half = Period {
            from: d(2025, 12, 15),
            to: d(2026, 6, 14),
        };
        let i = indicators(&book, half, today());
        assert_eq!(i.as_of, d(2026, 6, 14));
        // P4, P5 (identified in March), P6 (February); the others later.
        assert_eq!(i.cases, 3);
        // P4, P5, P6 were open on 14/06 by what is known: P6's close in April is not
        // kept once re-opened.
        assert_eq!(i.monitored.total, 3);
        assert_eq!(i.visits, 1, "P6's visit in May");
        assert_eq!(i.child_labour.count, 0, "P2 and P3 were identified later");
    }
}
