//! A class's summary for a period: one pure function from the casebook, so every format
//! shows the same figures. `docs/indicators.md` defines each figure.

use chrono::NaiveDate;

use crate::domain::indicators::counts_in;
use crate::domain::{
    Casebook, CloseReason, Decision, Indicators, Profile, Ratio, SchoolYear, Settings, Stage, Support, SupportStatus,
    SupportType, indicators,
};
use crate::text;

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
        // Folded, so "Tóm tắt", "tom tat" and "TÓM TẮT" are all taken.
        match crate::text::fold(s.trim()).as_str() {
            "summary" | "tomtat" | "tom tat" | "tom-tat" => Some(Detail::Summary),
            "full" | "daydu" | "day du" | "day-du" => Some(Detail::Full),
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
    /// The limits the figures were counted with (days to the first intervention, days
    /// between visits); `None` from a file written before they were carried (figures
    /// version 1).
    pub limits: Option<Settings>,
    /// The day the homeroom teacher was trained on child-labour prevention (the profile's);
    /// `None` if not trained, or from a file before figures version 3 (whose counts then do
    /// not count the teachers).
    pub trained_on: Option<NaiveDate>,
}

/// Supports of one type in the period.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SupportFigures {
    /// Supports with any status date in the period, whatever their status (the key says
    /// "planned" for history: reports call it "all statuses").
    pub planned: u64,
    /// The amounts of those, in đồng, whatever their status.
    pub planned_vnd: u64,
    /// Of those, delivered in the period (and still delivered).
    pub delivered: u64,
    /// The amounts of those delivered, in đồng.
    pub delivered_vnd: u64,
}

/// Every figure of a class's (or a school's) report: plain counts, so a school report is
/// the sum of its classes' (`add`), and shares are computed from the sums. The figures added
/// after version 2 of the figures are `Option`s: `None` when not counted (a file from an
/// older sotay lacks them), which a sum keeps, so a missing figure is never read as 0.
/// `Counts::default()` is the sum of no class: every figure known and 0.
#[derive(Clone, Debug, PartialEq, Eq)]
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
    /// Homeroom teachers: 1 for a class (figures version 3 on).
    pub homeroom_teachers: Option<u64>,
    /// Of those, trained on child-labour prevention by `as_of` (figures version 3 on).
    pub trained_teachers: Option<u64>,
}

impl Default for Counts {
    fn default() -> Counts {
        Counts {
            pupils: 0,
            pupils_5_17: 0,
            at_risk: 0,
            child_labour: 0,
            trafficked: 0,
            child_labour_5_17: 0,
            hazardous: 0,
            newly_identified: 0,
            cases: 0,
            closed: [0; 4],
            intervened_in_time: 0,
            intervention_decided: 0,
            monitored: 0,
            open_cases: 0,
            in_education: 0,
            parents_informed: 0,
            students_informed: 0,
            visits: 0,
            sessions: 0,
            people_reached: 0,
            supports: [SupportFigures::default(); 10],
            homeroom_teachers: Some(0),
            trained_teachers: Some(0),
        }
    }
}

// Declared once in the domain; named here too for the report's readers.
pub use crate::domain::{Goal, Indicator};

/// One line of the indicators table.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct IndicatorRow {
    pub indicator: Indicator,
    /// `None` when a figure it is computed from is not counted (a file from an older sotay
    /// lacks it): the report shows it as not counted, never as 0.
    pub counted: Option<Counted>,
    /// `None` where the plan sets no figure (trafficked).
    pub goal: Option<Goal>,
}

/// An indicator's figures, when every count it needs is known.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Counted {
    pub count: u64,
    /// `None` for a plain count (hazardous work, trafficked).
    pub total: Option<u64>,
    /// Whether the goal is met; `None` with no goal. A share with total 0 meets it.
    pub met: Option<bool>,
}

impl Counted {
    /// The share as a fraction (0.25 for 25%); `None` for a count or a total of 0.
    pub fn fraction(&self) -> Option<f64> {
        self.total.filter(|t| *t > 0).map(|t| self.count as f64 / t as f64)
    }
}

/// The plain counts: each one's key in an export's figures (stable: never rename one), and
/// how to read and write it. One list for the figures' pairs and for `Counts::add`; the
/// closures and the supports follow them. A test checks that it names every field.
pub(crate) type CountField = (&'static str, fn(&Counts) -> u64, fn(&mut Counts) -> &mut u64);

/// `(key, read, write)` for each named field; the key is the field's name, so a field listed
/// here is never renamed (`figures`' tests hold the keys).
macro_rules! fields {
    ($t:ty: $($f:ident),* $(,)?) => {
        [$((stringify!($f), |c: &$t| c.$f, |c: &mut $t| &mut c.$f)),*]
    };
}

pub(crate) const COUNT_FIELDS: [CountField; 19] = fields!(Counts:
    pupils,
    pupils_5_17,
    at_risk,
    child_labour,
    trafficked,
    child_labour_5_17,
    hazardous,
    newly_identified,
    cases,
    intervened_in_time,
    intervention_decided,
    monitored,
    open_cases,
    in_education,
    parents_informed,
    students_informed,
    visits,
    sessions,
    people_reached,
);

/// The same for one support type's figures.
pub(crate) type SupportField = (
    &'static str,
    fn(&SupportFigures) -> u64,
    fn(&mut SupportFigures) -> &mut u64,
);

pub(crate) const SUPPORT_FIELDS: [SupportField; 4] =
    fields!(SupportFigures: planned, planned_vnd, delivered, delivered_vnd);

/// The counts added after figures version 2 (all in version 3): known or not (`None`).
pub(crate) type LaterField = (
    &'static str,
    fn(&Counts) -> Option<u64>,
    fn(&mut Counts) -> &mut Option<u64>,
);

pub(crate) const LATER_FIELDS: [LaterField; 2] = fields!(Counts: homeroom_teachers, trained_teachers);

impl Counts {
    /// Adds another class's counts (a school report is the sum of its classes). A figure
    /// one of them does not count is not counted in the sum.
    pub fn add(&mut self, other: &Counts) {
        // Saturating: a file with absurd figures must not crash a school's merge.
        let sum = |a: &mut u64, b: u64| *a = a.saturating_add(b);
        for (_, get, field) in &COUNT_FIELDS {
            sum(field(self), get(other));
        }
        self.closed.iter_mut().zip(other.closed).for_each(|(a, b)| sum(a, b));
        for (a, b) in self.supports.iter_mut().zip(&other.supports) {
            for (_, get, field) in &SUPPORT_FIELDS {
                sum(field(a), get(b));
            }
        }
        for (_, get, field) in &LATER_FIELDS {
            let mine = field(self);
            *mine = mine.zip(get(other)).map(|(a, b)| a.saturating_add(b));
        }
    }

    /// The count named `key` (a key of [`COUNT_FIELDS`] or [`LATER_FIELDS`]); `None` for a
    /// key it does not know or a figure not counted.
    pub fn get(&self, key: &str) -> Option<u64> {
        let plain = COUNT_FIELDS
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, get, _)| get(self));
        plain.or_else(|| {
            LATER_FIELDS
                .iter()
                .find(|(k, _, _)| *k == key)
                .and_then(|(_, get, _)| get(self))
        })
    }

    /// The keys of the figures not counted (a file from an older sotay lacks them).
    pub fn lacking(&self) -> Vec<&'static str> {
        LATER_FIELDS
            .iter()
            .filter(|(_, get, _)| get(self).is_none())
            .map(|(k, _, _)| *k)
            .collect()
    }

    /// The indicators, in `Indicator::ALL` order, with the plan's targets.
    pub fn indicator_rows(&self) -> Vec<IndicatorRow> {
        Indicator::ALL
            .into_iter()
            .map(|indicator| {
                let spec = indicator.spec();
                let counted = self.get(spec.count).and_then(|count| {
                    let total = match spec.out_of {
                        Some(k) => Some(self.get(k)?),
                        None => None,
                    };
                    let met = match (spec.goal, self.ratio(indicator)) {
                        (Some(Goal::Share(_)), Some(r)) => Some(r.met()),
                        (Some(Goal::NoChild), _) => Some(count == 0),
                        _ => None,
                    };
                    Some(Counted { count, total, met })
                });
                IndicatorRow {
                    indicator,
                    counted,
                    goal: spec.goal,
                }
            })
            .collect()
    }

    /// The share of one indicator as a domain ratio: `None` for plain counts, and for a
    /// share whose figures are not counted.
    pub fn ratio(&self, indicator: Indicator) -> Option<Ratio> {
        let spec = indicator.spec();
        // Saturating: a school's counts fit a usize on every machine sotay runs on.
        let n = |key: &str| self.get(key).map(|v| usize::try_from(v).unwrap_or(usize::MAX));
        Some(Ratio {
            count: n(spec.count)?,
            total: n(spec.out_of?)?,
            target: indicator.target()?,
        })
    }

    /// The counts of the domain's indicators and the class's teacher (trained if
    /// `trained_on` is by `as_of`): the same figures the dashboard shows.
    pub fn from_indicators(i: &Indicators, trained_on: Option<NaiveDate>) -> Counts {
        let n = |v: usize| v as u64;
        let mut supports = [SupportFigures::default(); SupportType::ALL.len()];
        for (t, c) in &i.supports {
            supports[*t as usize] = SupportFigures {
                planned: n(c.count),
                planned_vnd: c.planned_vnd,
                delivered: n(c.delivered),
                delivered_vnd: c.amount_vnd,
            };
        }
        Counts {
            pupils: n(i.pupils),
            pupils_5_17: n(i.child_labour.total),
            at_risk: n(i.at_risk),
            child_labour: n(i.in_child_labour),
            trafficked: n(i.trafficked),
            child_labour_5_17: n(i.child_labour.count),
            hazardous: n(i.hazardous),
            newly_identified: n(i.newly_identified),
            cases: n(i.cases),
            closed: i.closed.map(n),
            intervened_in_time: n(i.intervened_in_time.count),
            intervention_decided: n(i.intervened_in_time.total),
            monitored: n(i.monitored.count),
            open_cases: n(i.monitored.total),
            in_education: n(i.in_education.count),
            parents_informed: n(i.parents_informed.count),
            students_informed: n(i.students_informed.count),
            visits: n(i.visits),
            sessions: n(i.sessions),
            people_reached: i.people_reached,
            supports,
            homeroom_teachers: Some(1),
            trained_teachers: Some(u64::from(trained_on.is_some_and(|d| d <= i.as_of))),
        }
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
    /// Supports with a status date by `as_of`, oldest first: type, the status it had on
    /// `as_of` (one delivered later reads as referred), amount.
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
    let i = indicators(book, period.period, today);
    let header = Header {
        school: profile.school.clone(),
        school_code: profile.school_code.clone(),
        commune: profile.commune.clone(),
        province: profile.province.clone(),
        class: profile.class.clone(),
        school_year: profile.school_year,
        teacher: profile.teacher.clone(),
        period,
        made_on: today,
        as_of: i.as_of,
        limits: Some(book.settings),
        trained_on: profile.trained_on,
    };
    let cases = match detail {
        Detail::Summary => Vec::new(),
        Detail::Full => case_rows(book, period.period.from, i.as_of),
    };
    Summary {
        header,
        detail,
        counts: Counts::from_indicators(&i, profile.trained_on),
        cases,
    }
}

/// Where a case row sorts: the name's sort key, the birth date, the pupil's id.
type RowOrder = ((String, String, String), NaiveDate, uuid::Uuid);

/// A row for every pupil whose case counts in the period (the rule `indicators` counts
/// `cases` by), in Vietnamese name order; two pupils of one name by birth date, then by id,
/// so every device of an account lists them alike.
fn case_rows(book: &Casebook, from: NaiveDate, as_of: NaiveDate) -> Vec<CaseRow> {
    let mut rows: Vec<(RowOrder, CaseRow)> = Vec::new();
    for (&id, student) in &book.students {
        let screening = book.screenings.get(&id);
        let Some(case) = book.case_with(id, screening) else {
            continue;
        };
        if !counts_in(&case, from, as_of) {
            continue;
        }
        let visits = book.visits_of(id);
        let last_visit = visits.iter().rev().map(|v| v.visited_on).find(|d| *d <= as_of);
        let mut dated: Vec<(NaiveDate, &Support, SupportStatus)> = book
            .supports_of(id)
            .iter()
            .filter_map(|s| status_on(s, as_of).map(|(st, on)| (on, s, st)))
            .collect();
        dated.sort_by_key(|(on, s, _)| (*on, s.kind as usize, s.id));
        let supports = dated.into_iter().map(|(_, s, st)| (s.kind, st, s.amount_vnd)).collect();
        let (stage, stage_on, first_intervention_on, close_reason) = case_on(&case, as_of);
        let row = CaseRow {
            name: student.name.clone(),
            birth_date: student.birth_date,
            decision: screening.map(|s| s.decision),
            stage,
            identified_on: case.identified_on,
            stage_on,
            first_intervention_on,
            close_reason,
            last_visit,
            supports,
        };
        rows.push(((text::name_sort_key(&student.name), student.birth_date, id), row));
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    rows.into_iter().map(|(_, r)| r).collect()
}

/// The case as it stood on `as_of`, as well as the notebook can tell: its stage, since
/// when, its first intervention and its close reason. A first intervention after `as_of` was
/// not known then. Only the current stage is kept, so when it began after `as_of` (a move
/// after the period) the stage before it can't be known: the row says *intervening* since
/// the first intervention if there was one by `as_of`, else *identified* since the
/// identification, and no close reason (a case closed after `as_of` was open on it).
fn case_on(case: &crate::domain::Case, as_of: NaiveDate) -> (Stage, NaiveDate, Option<NaiveDate>, Option<CloseReason>) {
    let first = case.first_intervention_on.filter(|d| *d <= as_of);
    if case.stage_on <= as_of {
        return (case.stage, case.stage_on, first, case.close_reason);
    }
    match first {
        Some(on) => (Stage::Intervening, on.max(case.identified_on), first, None),
        None => (Stage::Identified, case.identified_on, None, None),
    }
}

/// The status a support had on `as_of` and since when: the furthest of its statuses up to
/// the current one dated by then. A date kept for a later status than the current one (a
/// correction saved before the form cleared it) is not read. `None` if none is dated by then.
fn status_on(s: &Support, as_of: NaiveDate) -> Option<(SupportStatus, NaiveDate)> {
    SupportStatus::ALL
        .into_iter()
        .take_while(|st| *st <= s.status)
        .filter_map(|st| s.date_of(st).filter(|d| *d <= as_of).map(|d| (st, d)))
        .last()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::indicator::{
        TARGET_CHILD_LABOUR, TARGET_IN_EDUCATION, TARGET_INTERVENED_IN_TIME, TARGET_MONITORED, TARGET_PARENTS_INFORMED,
        TARGET_STUDENTS_INFORMED, TARGET_TRAINED_TEACHERS,
    };

    #[test]
    fn every_indicator_is_counted_from_known_counts() {
        // `Counts::get` reads an unknown key as none: each key the list names must be a count.
        for i in Indicator::ALL {
            let spec = i.spec();
            for key in std::iter::once(spec.count).chain(spec.out_of) {
                assert!(Counts::default().get(key).is_some(), "{i:?}: {key}");
            }
        }
    }

    #[test]
    fn the_field_lists_name_every_count_once() {
        // Each listed field set to its place in the list, through the list.
        let mut c = Counts::default();
        for (i, (_, _, field)) in COUNT_FIELDS.iter().enumerate() {
            *field(&mut c) = i as u64 + 1;
        }
        // Destructured without `..`: a field added to `Counts` stops this compiling until it
        // is named here, and then fails below until it is in `COUNT_FIELDS`.
        let Counts {
            pupils,
            pupils_5_17,
            at_risk,
            child_labour,
            trafficked,
            child_labour_5_17,
            hazardous,
            newly_identified,
            cases,
            closed: _,
            intervened_in_time,
            intervention_decided,
            monitored,
            open_cases,
            in_education,
            parents_informed,
            students_informed,
            visits,
            sessions,
            people_reached,
            supports: _,
            homeroom_teachers: _,
            trained_teachers: _,
        } = c;
        let mut plain = vec![
            pupils,
            pupils_5_17,
            at_risk,
            child_labour,
            trafficked,
            child_labour_5_17,
            hazardous,
            newly_identified,
            cases,
            intervened_in_time,
            intervention_decided,
            monitored,
            open_cases,
            in_education,
            parents_informed,
            students_informed,
            visits,
            sessions,
            people_reached,
        ];
        plain.sort_unstable();
        assert_eq!(plain, (1..=COUNT_FIELDS.len() as u64).collect::<Vec<_>>());

        let mut s = SupportFigures::default();
        for (i, (_, _, field)) in SUPPORT_FIELDS.iter().enumerate() {
            *field(&mut s) = i as u64 + 1;
        }
        let SupportFigures {
            planned,
            planned_vnd,
            delivered,
            delivered_vnd,
        } = s;
        let mut all = vec![planned, planned_vnd, delivered, delivered_vnd];
        all.sort_unstable();
        assert_eq!(all, [1, 2, 3, 4]);

        // The counts added since version 2, the same way.
        let mut c = Counts::default();
        for (i, (_, _, field)) in LATER_FIELDS.iter().enumerate() {
            *field(&mut c) = Some(i as u64 + 1);
        }
        let mut later = vec![c.homeroom_teachers, c.trained_teachers];
        later.sort_unstable();
        assert_eq!(later, [Some(1), Some(2)]);
        for (k, get, _) in &LATER_FIELDS {
            assert_eq!(c.get(k), get(&c), "{k}");
        }
    }

    #[test]
    fn a_figure_not_counted_stays_not_counted_in_a_sum_and_is_never_zero() {
        let known = Counts {
            homeroom_teachers: Some(1),
            trained_teachers: Some(1),
            ..Counts::default()
        };
        let old = Counts {
            homeroom_teachers: None,
            trained_teachers: None,
            pupils: 30,
            ..Counts::default()
        };
        assert_eq!(old.lacking(), ["homeroom_teachers", "trained_teachers"]);
        assert_eq!(known.lacking(), Vec::<&str>::new());
        let mut sum = Counts::default();
        sum.add(&known);
        assert_eq!(
            sum.ratio(Indicator::TrainedTeachers).map(|r| (r.count, r.total)),
            Some((1, 1))
        );
        sum.add(&old);
        // What every file knows is summed; what one lacks is not counted, in either order.
        assert_eq!(sum.pupils, 30);
        assert_eq!((sum.homeroom_teachers, sum.trained_teachers), (None, None));
        let mut other_way = old.clone();
        other_way.add(&known);
        assert_eq!(other_way.trained_teachers, None);
        assert_eq!(sum.get("trained_teachers"), None);
        assert_eq!(sum.ratio(Indicator::TrainedTeachers), None);
        let rows = sum.indicator_rows();
        let trained = rows.iter().find(|r| r.indicator == Indicator::TrainedTeachers).unwrap();
        assert_eq!(trained.counted, None);
        assert_eq!(trained.goal, Some(Goal::Share(TARGET_TRAINED_TEACHERS)));
        // Every other indicator is counted.
        assert!(
            rows.iter()
                .filter(|r| r.indicator != Indicator::TrainedTeachers)
                .all(|r| r.counted.is_some())
        );
    }

    #[test]
    fn the_teacher_counts_as_trained_from_the_training_day_on() {
        let (book, _) = class();
        let period = ReportPeriod::first_half(2026);
        let teacher = |trained_on| {
            let p = Profile {
                trained_on,
                ..profile()
            };
            let c = summarize(&p, &book, period, Detail::Summary, today()).counts;
            (c.homeroom_teachers, c.trained_teachers)
        };
        assert_eq!(teacher(None), (Some(1), Some(0)));
        // Counted to 14/06/2026: trained that day counts, the day after does not.
        assert_eq!(teacher(Some(d(2026, 6, 14))), (Some(1), Some(1)));
        assert_eq!(teacher(Some(d(2026, 6, 15))), (Some(1), Some(0)));
        assert_eq!(teacher(Some(d(2024, 9, 1))), (Some(1), Some(1)));
        let s = summarize(
            &Profile {
                trained_on: Some(d(2024, 9, 1)),
                ..profile()
            },
            &book,
            period,
            Detail::Summary,
            today(),
        );
        assert_eq!(s.header.trained_on, Some(d(2024, 9, 1)));
    }

    #[test]
    fn detail_is_read_in_either_language_and_any_case() {
        for s in ["summary", "Summary", "Tóm tắt", "TÓM TẮT", "tom tat"] {
            assert_eq!(Detail::parse(s), Some(Detail::Summary), "{s}");
        }
        for s in ["full", "FULL", "Đầy đủ", "đầy đủ", "day du"] {
            assert_eq!(Detail::parse(s), Some(Detail::Full), "{s}");
        }
        assert_eq!(Detail::parse("names"), None);
    }
    use crate::domain::testkit::{d, pupil, screen, session, support, today, visit};
    use crate::domain::{Audience, Case, Informed, RiskFactor, SupportStatus as St};
    use crate::i18n::Lang;
    use uuid::Uuid;

    fn profile() -> Profile {
        Profile {
            teacher: "Cô Giáo Mẫu".into(),
            school: "Trường THCS Mẫu".into(),
            school_code: "HP-0001".into(),
            commune: "Xã An Lạc".into(),
            province: "Thành phố Hải Phòng".into(),
            class: "8A".into(),
            school_year: SchoolYear(2025),
            lang: Lang::Vi,
            trained_on: None,
        }
    }

    /// A pupil with a made-up name and birth date.
    fn named(book: &mut Casebook, n: u128, name: &str, born: NaiveDate) -> Uuid {
        let id = pupil(book, n);
        let s = book.students.get_mut(&id).unwrap();
        (s.name, s.birth_date, s.phone) = (name.into(), born, format!("09120000{n:02}"));
        s.address = format!("Số {n} đường Mẫu");
        id
    }

    /// A fictional class of seven for the first half of 2026 (15/12/2025 – 14/06/2026),
    /// counted to 14/06/2026; N = 7, M = 90. Every figure is worked out in
    /// `a_class_summary_is_counted_by_hand`.
    fn class() -> (Casebook, [Uuid; 7]) {
        let mut book = Casebook::default();
        let p1 = named(&mut book, 1, "Nguyễn Văn An", d(2013, 1, 1)); // 13
        let p2 = named(&mut book, 2, "Trần Thị Ánh", d(2008, 6, 14)); // 18 on 14/06/2026
        let p3 = named(&mut book, 3, "Lê Văn Dũng", d(2012, 5, 5)); // 14
        let p4 = named(&mut book, 4, "Phạm Thị Đào", d(2013, 3, 3)); // 13
        let p5 = named(&mut book, 5, "Đỗ Minh Đức", d(2011, 12, 15)); // 14
        let p6 = named(&mut book, 6, "Hoàng Văn Em", d(2021, 6, 14)); // 5 on 14/06/2026
        let p7 = named(&mut book, 7, "Vũ Thị Giang", d(2021, 6, 15)); // 4 on 14/06/2026

        // P1: at risk from 10/01/2026, implicit case. Scholarship referred 12/01 (in time)
        // and delivered 20/06 (after as_of); meals delivered 14/06. Visits on 14/06 (counted)
        // and 15/06 (not).
        screen(&mut book, p1, Decision::AtRisk, d(2026, 1, 10), &[]);
        let mut grant = support(p1, 11, SupportType::Scholarship, St::Delivered, d(2026, 6, 20));
        (grant.referred_on, grant.amount_vnd) = (Some(d(2026, 1, 12)), Some(1_000_000));
        book.put_support(grant);
        let mut meals = support(p1, 12, SupportType::Meals, St::Delivered, d(2026, 6, 14));
        meals.amount_vnd = Some(200_000);
        book.put_support(meals);
        book.put_visit(visit(p1, 11, d(2026, 6, 14)));
        book.put_visit(visit(p1, 12, d(2026, 6, 15)));

        // P2: child labour from 01/03/2026 in hazardous work, implicit case, no intervention
        // (late from 09/03). One visit on 10/03: working, not at school, nothing agreed.
        screen(
            &mut book,
            p2,
            Decision::ChildLabour,
            d(2026, 3, 1),
            &[RiskFactor::HazardousWork],
        );
        let mut v = visit(p2, 21, d(2026, 3, 10));
        (v.working, v.attending_school) = (true, false);
        book.put_visit(v);
        book.put_support(support(p2, 21, SupportType::Counselling, St::Declined, d(2026, 3, 12)));

        // P3: trafficked, identified 10/06/2026: pending on 14/06 (deadline 17/06). Meals
        // planned.
        screen(
            &mut book,
            p3,
            Decision::Trafficked,
            d(2026, 6, 10),
            &[RiskFactor::SignsOfTrafficking],
        );
        let mut planned = support(p3, 31, SupportType::Meals, St::Planned, d(2026, 6, 1));
        planned.amount_vnd = Some(300_000);
        book.put_support(planned);

        // P4: closed on 14/12/2025, the day before the period: not counted.
        screen(&mut book, p4, Decision::AtRisk, d(2025, 10, 1), &[]);
        let c = Case::new(p4, d(2025, 10, 1)).record_intervention(d(2025, 10, 3));
        let closed = Some(CloseReason::NoLongerAtRisk);
        book.put_case(
            c.move_to(Stage::Closed, d(2025, 12, 14), closed, None, today())
                .unwrap(),
        );

        // P5: in time (a visit with an agreed action on day 4), closed 15/12/2025, the first day.
        screen(&mut book, p5, Decision::AtRisk, d(2025, 11, 1), &[]);
        let mut v = visit(p5, 51, d(2025, 11, 5));
        v.agreed = "Gia đình đưa em đi học lại".into();
        book.put_visit(v);
        let c = Case::new(p5, d(2025, 11, 1)).record_intervention(d(2025, 11, 5));
        let moved = Some(CloseReason::MovedSchool);
        book.put_case(c.move_to(Stage::Closed, d(2025, 12, 15), moved, None, today()).unwrap());

        // P6 not at risk; P7 not screened, marked informed the day before the period.
        screen(&mut book, p6, Decision::NotAtRisk, d(2026, 2, 1), &[]);
        book.put_informed(Informed {
            student_id: p7,
            student_on: Some(d(2025, 12, 14)),
            parents_on: None,
        });

        let mut s1 = session(1, d(2026, 6, 14), Audience::Parents, &[p1, p2]);
        s1.attended = 30;
        let mut s2 = session(2, d(2026, 6, 15), Audience::Students, &[p3]);
        s2.attended = 25;
        let mut s3 = session(3, d(2025, 12, 15), Audience::Both, &[p6]);
        s3.attended = 40;
        for s in [s1, s2, s3] {
            book.put_session(s);
        }
        (book, [p1, p2, p3, p4, p5, p6, p7])
    }

    fn h1(detail: Detail) -> Summary {
        summarize(&profile(), &class().0, ReportPeriod::first_half(2026), detail, today())
    }

    fn supports(given: &[(SupportType, SupportFigures)]) -> [SupportFigures; 10] {
        let mut all = [SupportFigures::default(); 10];
        for (t, f) in given {
            all[*t as usize] = *f;
        }
        all
    }

    #[test]
    fn a_class_summary_is_counted_by_hand() {
        let s = h1(Detail::Summary);
        let h = &s.header;
        assert_eq!((h.made_on, h.as_of), (today(), d(2026, 6, 14)));
        assert_eq!(
            (h.school.as_str(), h.school_code.as_str(), h.class.as_str()),
            ("Trường THCS Mẫu", "HP-0001", "8A")
        );
        assert_eq!(
            (h.school_year, h.period),
            (SchoolYear(2025), ReportPeriod::first_half(2026))
        );
        let expected = Counts {
            pupils: 7,
            // Aged 5–17 on 14/06/2026: P1, P3, P4, P5, P6 (P2 turned 18 that day, P7 is 4).
            pupils_5_17: 5,
            // Current decisions: P1, P4, P5 at risk; P2 child labour; P3 trafficked.
            at_risk: 3,
            child_labour: 1,
            trafficked: 1,
            // Of P2 and P3, only P3 is aged 5–17.
            child_labour_5_17: 1,
            // P2's screening ticks hazardous work.
            hazardous: 1,
            // P1 (10/01), P2 (01/03), P3 (10/06); P5 was identified in November.
            newly_identified: 3,
            // P1, P2, P3, P5 (closed on the first day); not P4 (closed the day before).
            cases: 4,
            // P5 moved school.
            closed: [0, 1, 0, 0],
            // P1 in time (12/01 ≤ 17/01), P5 in time (05/11 ≤ 08/11), P2 late; P3 pending.
            intervened_in_time: 2,
            intervention_decided: 3,
            // Open on 14/06: P1, P2, P3. Visited since 16/03: P1 (14/06); P2's 10/03 is older.
            monitored: 1,
            open_cases: 3,
            // P1 (attending at 14/06), P3 (no visit, not dropped out), P5 (attending at 05/11);
            // not P2 (not attending at 10/03).
            in_education: 3,
            // Session 1 (P1, P2) and session 3 for both (P6); session 2 is after the period.
            parents_informed: 3,
            // Session 3 (P6); P7's mark is the day before the period.
            students_informed: 1,
            // P1 on 14/06 and P2 on 10/03 (P1's 15/06 and P5's 05/11 outside).
            visits: 2,
            // Sessions 1 and 3: 30 + 40 attended.
            sessions: 2,
            people_reached: 70,
            supports: supports(&[
                // Referred 12/01 in the period, delivered 20/06 after it.
                (
                    SupportType::Scholarship,
                    SupportFigures {
                        planned: 1,
                        planned_vnd: 1_000_000,
                        delivered: 0,
                        delivered_vnd: 0,
                    },
                ),
                // P1's delivered 14/06 (200.000) and P3's planned (300.000).
                (
                    SupportType::Meals,
                    SupportFigures {
                        planned: 2,
                        planned_vnd: 500_000,
                        delivered: 1,
                        delivered_vnd: 200_000,
                    },
                ),
                // P2's declined, no amount.
                (
                    SupportType::Counselling,
                    SupportFigures {
                        planned: 1,
                        ..SupportFigures::default()
                    },
                ),
            ]),
            // One homeroom teacher, with no training day in the profile.
            homeroom_teachers: Some(1),
            trained_teachers: Some(0),
        };
        // Field by field, so a failure names the figure.
        let c = &s.counts;
        assert_eq!(c.pupils, expected.pupils);
        assert_eq!(c.pupils_5_17, expected.pupils_5_17);
        assert_eq!(
            (c.at_risk, c.child_labour, c.trafficked),
            (expected.at_risk, expected.child_labour, expected.trafficked)
        );
        assert_eq!(c.child_labour_5_17, expected.child_labour_5_17);
        assert_eq!(c.hazardous, expected.hazardous);
        assert_eq!(c.newly_identified, expected.newly_identified);
        assert_eq!(c.cases, expected.cases);
        assert_eq!(c.closed, expected.closed);
        assert_eq!(
            (c.intervened_in_time, c.intervention_decided),
            (expected.intervened_in_time, expected.intervention_decided)
        );
        assert_eq!((c.monitored, c.open_cases), (expected.monitored, expected.open_cases));
        assert_eq!(c.in_education, expected.in_education);
        assert_eq!(
            (c.parents_informed, c.students_informed),
            (expected.parents_informed, expected.students_informed)
        );
        assert_eq!(c.visits, expected.visits);
        assert_eq!(
            (c.sessions, c.people_reached),
            (expected.sessions, expected.people_reached)
        );
        for (t, (got, want)) in SupportType::ALL.iter().zip(c.supports.iter().zip(&expected.supports)) {
            assert_eq!(got, want, "{t:?}");
        }
        assert_eq!(*c, expected);
        assert!(s.cases.is_empty(), "no rows in summary detail");
    }

    #[test]
    fn the_indicator_rows_carry_the_targets() {
        let rows = h1(Detail::Summary).counts.indicator_rows();
        let got: Vec<_> = rows
            .iter()
            .map(|r| {
                let c = r.counted.unwrap();
                (r.indicator, c.count, c.total, r.goal, c.met)
            })
            .collect();
        let share = |t| Some(Goal::Share(t));
        assert_eq!(
            got,
            [
                // 2 of 3 against 100%.
                (
                    Indicator::IntervenedInTime,
                    2,
                    Some(3),
                    share(TARGET_INTERVENED_IN_TIME),
                    Some(false)
                ),
                (Indicator::Monitored, 1, Some(3), share(TARGET_MONITORED), Some(false)),
                (
                    Indicator::InEducation,
                    3,
                    Some(4),
                    share(TARGET_IN_EDUCATION),
                    Some(false)
                ),
                (
                    Indicator::ParentsInformed,
                    3,
                    Some(7),
                    share(TARGET_PARENTS_INFORMED),
                    Some(false)
                ),
                (
                    Indicator::StudentsInformed,
                    1,
                    Some(7),
                    share(TARGET_STUDENTS_INFORMED),
                    Some(false)
                ),
                // 1 of 5 is 20%, above the 1% ceiling.
                (
                    Indicator::ChildLabourRate,
                    1,
                    Some(5),
                    share(TARGET_CHILD_LABOUR),
                    Some(false)
                ),
                (Indicator::Hazardous, 1, None, Some(Goal::NoChild), Some(false)),
                (Indicator::Trafficked, 1, None, None, None),
                // The profile gives no training day.
                (
                    Indicator::TrainedTeachers,
                    0,
                    Some(1),
                    share(TARGET_TRAINED_TEACHERS),
                    Some(false)
                ),
            ]
        );
        let counted = |r: &IndicatorRow| r.counted.unwrap();
        assert_eq!(counted(&rows[5]).fraction(), Some(0.2));
        assert_eq!(counted(&rows[6]).fraction(), None);
        // Nothing to count: no share, and the target counts as met; no hazardous work is met.
        let empty = Counts::default().indicator_rows();
        assert!(
            empty[..6]
                .iter()
                .chain(&empty[8..])
                .all(|r| counted(r).fraction().is_none() && counted(r).met == Some(true))
        );
        assert_eq!(counted(&empty[6]).met, Some(true));
        let c = h1(Detail::Summary).counts;
        assert_eq!(
            c.ratio(Indicator::ChildLabourRate),
            Some(Ratio {
                count: 1,
                total: 5,
                target: TARGET_CHILD_LABOUR
            })
        );
        assert_eq!(c.ratio(Indicator::Trafficked), None);
    }

    #[test]
    fn full_detail_lists_the_cases_counted_in_vietnamese_name_order() {
        let s = h1(Detail::Full);
        let names: Vec<&str> = s.cases.iter().map(|r| r.name.as_str()).collect();
        // By given name: An, Ánh, Dũng, Đức (đ after d); P4 (closed before) is left out.
        assert_eq!(names, ["Nguyễn Văn An", "Trần Thị Ánh", "Lê Văn Dũng", "Đỗ Minh Đức"]);
        assert_eq!(s.counts, h1(Detail::Summary).counts);
        let an = &s.cases[0];
        assert_eq!(
            (an.decision, an.stage, an.identified_on, an.first_intervention_on),
            (
                Some(Decision::AtRisk),
                // An implicit case moves on with its first intervention, as a stored one does.
                Stage::Intervening,
                d(2026, 1, 10),
                Some(d(2026, 1, 12))
            )
        );
        // The visit of 15/06 is after as_of; the scholarship was still referred on 14/06.
        assert_eq!(an.last_visit, Some(d(2026, 6, 14)));
        assert_eq!(
            an.supports,
            [
                (SupportType::Scholarship, St::Referred, Some(1_000_000)),
                (SupportType::Meals, St::Delivered, Some(200_000)),
            ]
        );
        let anh = &s.cases[1];
        assert_eq!(
            (anh.last_visit, anh.first_intervention_on),
            (Some(d(2026, 3, 10)), None)
        );
        assert_eq!(anh.supports, [(SupportType::Counselling, St::Declined, None)]);
        let dung = &s.cases[2];
        assert_eq!((dung.decision, dung.last_visit), (Some(Decision::Trafficked), None));
        assert_eq!(dung.supports, [(SupportType::Meals, St::Planned, Some(300_000))]);
        let duc = &s.cases[3];
        assert_eq!(
            (duc.stage, duc.stage_on, duc.close_reason, duc.last_visit),
            (
                Stage::Closed,
                d(2025, 12, 15),
                Some(CloseReason::MovedSchool),
                Some(d(2025, 11, 5))
            )
        );
    }

    #[test]
    fn full_detail_shows_each_case_as_it_stood_on_the_as_of_day() {
        let mut book = Casebook::default();
        let made = d(2026, 7, 1);
        let agreed = |book: &mut Casebook, id, n, on| {
            let mut v = visit(id, n, on);
            v.agreed = "Gia đình cam kết cho em đi học".into();
            book.put_visit(v);
        };
        // Identified 01/05; first intervention 20/06 and closed 25/06, both after 14/06.
        let late = named(&mut book, 1, "Nguyễn Văn An", d(2013, 1, 1));
        screen(&mut book, late, Decision::AtRisk, d(2026, 5, 1), &[]);
        agreed(&mut book, late, 1, d(2026, 6, 20));
        let c = Case::new(late, d(2026, 5, 1)).record_intervention(d(2026, 6, 20));
        let why = Some(CloseReason::NoLongerAtRisk);
        book.put_case(c.move_to(Stage::Closed, d(2026, 6, 25), why, None, made).unwrap());
        // Identified 01/05, intervened 03/05 (by as_of), closed 20/06 (after it).
        let early = named(&mut book, 2, "Trần Thị Ánh", d(2013, 1, 1));
        screen(&mut book, early, Decision::AtRisk, d(2026, 5, 1), &[]);
        agreed(&mut book, early, 2, d(2026, 5, 3));
        let c = Case::new(early, d(2026, 5, 1)).record_intervention(d(2026, 5, 3));
        book.put_case(c.move_to(Stage::Closed, d(2026, 6, 20), why, None, made).unwrap());
        // Closed 10/06, by as_of: shown closed, with its reason.
        let closed = named(&mut book, 3, "Lê Văn Dũng", d(2013, 1, 1));
        screen(&mut book, closed, Decision::AtRisk, d(2026, 5, 1), &[]);
        agreed(&mut book, closed, 3, d(2026, 5, 2));
        let c = Case::new(closed, d(2026, 5, 1)).record_intervention(d(2026, 5, 2));
        book.put_case(c.move_to(Stage::Closed, d(2026, 6, 10), why, None, made).unwrap());

        let s = summarize(&profile(), &book, ReportPeriod::first_half(2026), Detail::Full, made);
        assert_eq!(s.header.as_of, d(2026, 6, 14));
        let row = |name: &str| s.cases.iter().find(|r| r.name == name).unwrap().clone();
        let got = |r: CaseRow| (r.stage, r.stage_on, r.first_intervention_on, r.close_reason);
        assert_eq!(
            got(row("Nguyễn Văn An")),
            (Stage::Identified, d(2026, 5, 1), None, None)
        );
        assert_eq!(
            got(row("Trần Thị Ánh")),
            (Stage::Intervening, d(2026, 5, 3), Some(d(2026, 5, 3)), None)
        );
        assert_eq!(
            got(row("Lê Văn Dũng")),
            (Stage::Closed, d(2026, 6, 10), Some(d(2026, 5, 2)), why)
        );
        // The counts agree: two cases open on 14/06, one closed in the period.
        assert_eq!((s.counts.open_cases, s.counts.closed), (2, [1, 0, 0, 0]));
        // The annual report, to 01/07, shows them as they are now.
        let s = summarize(&profile(), &book, ReportPeriod::year(2026), Detail::Full, made);
        let now = s.cases.iter().find(|r| r.name == "Nguyễn Văn An").unwrap();
        assert_eq!(
            (now.stage, now.stage_on, now.first_intervention_on, now.close_reason),
            (Stage::Closed, d(2026, 6, 25), Some(d(2026, 6, 20)), why)
        );
    }

    #[test]
    fn a_visit_on_14_june_is_in_the_first_half_and_one_on_15_june_is_not() {
        let mut book = Casebook::default();
        let id = pupil(&mut book, 1);
        screen(&mut book, id, Decision::AtRisk, d(2026, 6, 1), &[]);
        book.put_visit(visit(id, 1, d(2026, 6, 14)));
        book.put_visit(visit(id, 2, d(2026, 6, 15)));
        let made = d(2026, 6, 20);
        let s = summarize(&profile(), &book, ReportPeriod::first_half(2026), Detail::Full, made);
        assert_eq!(s.header.as_of, d(2026, 6, 14));
        assert_eq!(s.counts.visits, 1);
        assert_eq!(s.cases[0].last_visit, Some(d(2026, 6, 14)));
        // The annual report holds both.
        let s = summarize(&profile(), &book, ReportPeriod::year(2026), Detail::Full, made);
        assert_eq!((s.header.as_of, s.counts.visits), (made, 2));
        assert_eq!(s.cases[0].last_visit, Some(d(2026, 6, 15)));
    }

    #[test]
    fn the_summary_and_the_dashboard_count_the_same() {
        let (book, _) = class();
        let period = ReportPeriod::school_year(SchoolYear(2025));
        let s = summarize(&profile(), &book, period, Detail::Summary, today());
        let i = indicators(&book, period.period, today());
        assert_eq!(s.counts, Counts::from_indicators(&i, profile().trained_on));
        assert_eq!(s.counts.ratio(Indicator::Monitored), Some(i.monitored));
        assert_eq!(s.counts.ratio(Indicator::ChildLabourRate), Some(i.child_labour));
    }

    #[test]
    fn summary_detail_carries_no_pupil_details() {
        let (book, _) = class();
        let s = h1(Detail::Summary);
        let all = format!("{s:?}");
        for p in book.students.values() {
            for personal in [&p.name, &p.address, &p.phone, &text::format_date(p.birth_date)] {
                assert!(!all.contains(personal.as_str()), "{personal}");
            }
            assert!(!all.contains(&format!("{:?}", p.birth_date)));
        }
        // Full detail does carry them, so the check above can fail.
        assert!(format!("{:?}", h1(Detail::Full)).contains("Nguyễn Văn An"));
    }

    /// Counts whose every field is a distinct multiple of `k`, so a sum of such counts is
    /// again one (`numbered(a) + numbered(b) = numbered(a + b)`) and a field left out of
    /// `add` shows.
    fn numbered(k: u64) -> Counts {
        let mut n = 0;
        let mut next = || {
            n += 1;
            n * k
        };
        Counts {
            pupils: next(),
            pupils_5_17: next(),
            at_risk: next(),
            child_labour: next(),
            trafficked: next(),
            child_labour_5_17: next(),
            hazardous: next(),
            newly_identified: next(),
            cases: next(),
            closed: [next(), next(), next(), next()],
            intervened_in_time: next(),
            intervention_decided: next(),
            monitored: next(),
            open_cases: next(),
            in_education: next(),
            parents_informed: next(),
            students_informed: next(),
            visits: next(),
            sessions: next(),
            people_reached: next(),
            supports: std::array::from_fn(|_| SupportFigures {
                planned: next(),
                planned_vnd: next(),
                delivered: next(),
                delivered_vnd: next(),
            }),
            homeroom_teachers: Some(next()),
            trained_teachers: Some(next()),
        }
    }

    #[test]
    fn adding_three_classes_sums_every_field() {
        let mut total = Counts::default();
        for k in [1, 10, 100] {
            total.add(&numbered(k));
        }
        assert_eq!(total, numbered(111));
        // The last of the 23 plain fields and 4 of each of the 10 supports' figures.
        assert_eq!(total.supports[9].delivered_vnd, 111 * (23 + 4 * 10));
        // Sums stop at the largest value rather than overflow.
        let mut big = Counts {
            people_reached: u64::MAX,
            ..Counts::default()
        };
        big.add(&numbered(1));
        assert_eq!(big.people_reached, u64::MAX);
    }
}
