//! Home visits: a record per visit, linked to a pupil.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::record::{FieldMap, FieldReader, Record, RecordKind, Value};
use super::validation::{self as v, Field, FieldErrors, MAX_SHORT, Problem};
use crate::text;

/// Where a working child works. Stored by code: never rename a code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Sector {
    Agriculture,
    Handicraft,
    Services,
    /// Factory or supply chain.
    Factory,
    Other,
}

impl Sector {
    pub const ALL: [Sector; 5] = [
        Sector::Agriculture,
        Sector::Handicraft,
        Sector::Services,
        Sector::Factory,
        Sector::Other,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Sector::Agriculture => "agriculture",
            Sector::Handicraft => "handicraft",
            Sector::Services => "services",
            Sector::Factory => "factory",
            Sector::Other => "other",
        }
    }
    pub fn from_code(code: &str) -> Option<Sector> {
        Sector::ALL.into_iter().find(|s| s.code() == code)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visit {
    pub id: Uuid,
    pub student_id: Uuid,
    pub visited_on: NaiveDate,
    /// Who visited (the teacher, with a colleague…).
    pub visited_by: String,
    /// Who was met (mother, grandmother…).
    pub met: String,
    pub working: bool,
    /// For whom the child works (the family, a neighbour's farm…); empty when not working.
    pub employer: String,
    pub sector: Option<Sector>,
    pub hours_per_week: Option<u32>,
    /// Heavy, hazardous or dangerous work.
    pub hazardous: bool,
    pub attending_school: bool,
    pub findings: String,
    /// What was agreed: a visit with an agreed action is an intervention.
    pub agreed: String,
    pub next_visit_on: Option<NaiveDate>,
}

impl Visit {
    /// A visit with an agreed action counts as an intervention, on the day of the visit.
    pub fn is_intervention(&self) -> bool {
        !self.agreed.trim().is_empty()
    }
    /// The day of the visit when it is an intervention (as a support's `intervention_on`).
    pub fn intervention_on(&self) -> Option<NaiveDate> {
        self.is_intervention().then_some(self.visited_on)
    }
}

impl Record for Visit {
    const KIND: RecordKind = RecordKind::Visit;
    fn id(&self) -> Uuid {
        self.id
    }
    fn fields(&self) -> Vec<(&'static str, Value)> {
        vec![
            ("student_id", Value::Id(self.student_id)),
            ("visited_on", self.visited_on.into()),
            ("visited_by", (&self.visited_by).into()),
            ("met", (&self.met).into()),
            ("working", Value::Bool(self.working)),
            ("employer", (&self.employer).into()),
            ("sector", self.sector.map(Sector::code).into()),
            (
                "hours_per_week",
                self.hours_per_week.map(|h| Value::Int(h.into())).unwrap_or(Value::Null),
            ),
            ("hazardous", Value::Bool(self.hazardous)),
            ("attending_school", Value::Bool(self.attending_school)),
            ("findings", (&self.findings).into()),
            ("agreed", (&self.agreed).into()),
            ("next_visit_on", self.next_visit_on.into()),
        ]
    }
    fn from_fields(id: Uuid, fields: &FieldMap) -> Option<Visit> {
        let f = FieldReader(fields);
        Some(Visit {
            id,
            student_id: f.req("student_id", Value::id)?,
            visited_on: f.req("visited_on", Value::date)?,
            visited_by: f.text_or_empty("visited_by")?,
            met: f.text_or_empty("met")?,
            working: f.req("working", Value::flag)?,
            employer: f.text_or_empty("employer")?,
            sector: f.opt("sector", |v| v.code(Sector::from_code))?,
            hours_per_week: f.opt("hours_per_week", |v| v.int_in(0..=MAX_HOURS_PER_WEEK))?,
            hazardous: f.req("hazardous", Value::flag)?,
            attending_school: f.req("attending_school", Value::flag)?,
            findings: f.text_or_empty("findings")?,
            agreed: f.text_or_empty("agreed")?,
            next_visit_on: f.opt("next_visit_on", Value::date)?,
        })
    }
}

/// A visit as typed in its form. Dates accept `d/m/yyyy` and "today" ("hôm nay").
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VisitInput {
    pub visited_on: String,
    pub visited_by: String,
    pub met: String,
    pub working: bool,
    pub employer: String,
    pub sector: Option<Sector>,
    pub hours_per_week: String,
    pub hazardous: bool,
    pub attending_school: bool,
    pub findings: String,
    pub agreed: String,
    pub next_visit_on: String,
}

/// Hours in a week: 7 × 24.
pub const MAX_HOURS_PER_WEEK: u32 = 168;

/// How far after a visit the next one may be set: a year (a leap one included). Further
/// is a typo in the year, and would hide the visit from the reminders for years.
pub const MAX_DAYS_TO_NEXT_VISIT: u64 = 366;

impl VisitInput {
    pub fn from_visit(v: &Visit) -> VisitInput {
        VisitInput {
            visited_on: text::format_date(v.visited_on),
            visited_by: v.visited_by.clone(),
            met: v.met.clone(),
            working: v.working,
            employer: v.employer.clone(),
            sector: v.sector,
            hours_per_week: v.hours_per_week.map(|h| h.to_string()).unwrap_or_default(),
            hazardous: v.hazardous,
            attending_school: v.attending_school,
            findings: v.findings.clone(),
            agreed: v.agreed.clone(),
            next_visit_on: v.next_visit_on.map(text::format_date).unwrap_or_default(),
        }
    }

    /// Checks the form: the visit's date is required and not in the future; hours are a
    /// whole number of 0–168; the next visit, if given, is after the visit and within
    /// [`MAX_DAYS_TO_NEXT_VISIT`] days of it. Dates before 2000 are refused.
    ///
    /// When the child is not working, employer, sector, hours and the hazardous mark are
    /// cleared (and not checked): they describe the child's work, and a stale value left
    /// in the form would otherwise count a child who stopped working as in hazardous work.
    pub fn validate(&self, id: Uuid, student_id: Uuid, today: NaiveDate) -> Result<Visit, FieldErrors> {
        let mut e = FieldErrors::default();
        let visited_on = v::date_or_today(
            &mut e,
            Field::VisitedOn,
            &self.visited_on,
            true,
            today,
            v::DateRange::Record,
        );
        let visited_by = v::text(&mut e, Field::VisitedBy, &self.visited_by, false, MAX_SHORT);
        let met = v::text(&mut e, Field::Met, &self.met, false, MAX_SHORT);
        let (employer, sector, hours_per_week, hazardous) = if self.working {
            let employer = v::text(&mut e, Field::Employer, &self.employer, false, MAX_SHORT);
            let hours = v::whole_number(
                &mut e,
                Field::HoursPerWeek,
                &self.hours_per_week,
                false,
                0,
                MAX_HOURS_PER_WEEK,
            );
            (employer, self.sector, hours, self.hazardous)
        } else {
            (String::new(), None, None, false)
        };
        let findings = v::notes(&mut e, Field::Findings, &self.findings);
        let agreed = v::notes(&mut e, Field::Agreed, &self.agreed);
        // The next visit is a plan, so it may be in the future; it must come after this one.
        let next_visit_on = v::date_or_today(
            &mut e,
            Field::NextVisitOn,
            &self.next_visit_on,
            false,
            today,
            v::DateRange::Planned,
        );
        if let (Some(next), Some(visit)) = (next_visit_on, visited_on)
            && next <= visit
        {
            e.push(Field::NextVisitOn, Problem::NotAfterVisit);
        } else if let (Some(next), Some(visit)) = (next_visit_on, visited_on)
            && visit
                .checked_add_days(chrono::Days::new(MAX_DAYS_TO_NEXT_VISIT))
                .is_some_and(|limit| next > limit)
        {
            e.push(Field::NextVisitOn, Problem::NextVisitTooFar);
        }
        let Some(visited_on) = visited_on else {
            return Err(e);
        };
        e.into_result(Visit {
            id,
            student_id,
            visited_on,
            visited_by,
            met,
            working: self.working,
            employer,
            sector,
            hours_per_week,
            hazardous,
            attending_school: self.attending_school,
            findings,
            agreed,
            next_visit_on,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testkit::{d, today};
    use crate::domain::validation::MAX_NOTES;

    fn working_visit() -> VisitInput {
        VisitInput {
            visited_on: "20/11/2026".into(),
            visited_by: "Cô Mẫu".into(),
            met: "Bà ngoại".into(),
            working: true,
            employer: "Xưởng mây tre đan của hàng xóm".into(),
            sector: Some(Sector::Handicraft),
            hours_per_week: "25".into(),
            hazardous: true,
            attending_school: true,
            findings: "Em đan mây buổi tối.".into(),
            agreed: "Gia đình cho em nghỉ làm tối.".into(),
            next_visit_on: "04/12/2026".into(),
        }
    }

    fn ids() -> (Uuid, Uuid) {
        (Uuid::from_u128(10), Uuid::from_u128(20))
    }

    #[test]
    fn sector_codes_round_trip() {
        for s in Sector::ALL {
            assert_eq!(Sector::from_code(s.code()), Some(s));
        }
        assert_eq!(Sector::from_code("Factory"), None);
    }

    #[test]
    fn a_full_visit_round_trips() {
        let (id, pupil) = ids();
        let visit = working_visit().validate(id, pupil, today()).unwrap();
        assert_eq!(visit.visited_on, d(2026, 11, 20));
        assert_eq!(visit.hours_per_week, Some(25));
        assert_eq!(visit.next_visit_on, Some(d(2026, 12, 4)));
        assert!(visit.is_intervention());
        assert_eq!(VisitInput::from_visit(&visit).validate(id, pupil, today()), Ok(visit));
    }

    #[test]
    fn the_date_is_required_and_not_in_the_future() {
        let (id, pupil) = ids();
        let mut input = working_visit();
        input.visited_on = String::new();
        let e = input.validate(id, pupil, today()).unwrap_err();
        assert_eq!(e.get(Field::VisitedOn), Some(&Problem::Required));
        input.visited_on = "29/11/2026".into();
        let e = input.validate(id, pupil, today()).unwrap_err();
        assert_eq!(e.get(Field::VisitedOn), Some(&Problem::InFuture));
        input.visited_on = "hôm nay".into();
        input.next_visit_on = String::new();
        assert_eq!(input.validate(id, pupil, today()).unwrap().visited_on, today());
    }

    #[test]
    fn hours_are_a_whole_number_of_a_week() {
        let (id, pupil) = ids();
        let mut input = working_visit();
        for (raw, want) in [("0", Some(0)), ("168", Some(168)), ("", None)] {
            input.hours_per_week = raw.into();
            assert_eq!(
                input.validate(id, pupil, today()).unwrap().hours_per_week,
                want,
                "{raw}"
            );
        }
        for (raw, problem) in [
            ("169", Problem::OutOfRange { min: 0, max: 168 }),
            ("2,5", Problem::NotANumber),
            ("-3", Problem::NotANumber),
        ] {
            input.hours_per_week = raw.into();
            let e = input.validate(id, pupil, today()).unwrap_err();
            assert_eq!(e.get(Field::HoursPerWeek), Some(&problem), "{raw}");
        }
    }

    #[test]
    fn the_next_visit_comes_after_this_one() {
        let (id, pupil) = ids();
        let mut input = working_visit();
        // The day after the visit is fine, even in the future.
        input.next_visit_on = "21/11/2026".into();
        assert!(input.validate(id, pupil, today()).is_ok());
        input.next_visit_on = "01/01/2027".into();
        assert!(input.validate(id, pupil, today()).is_ok());
        for same_or_before in ["20/11/2026", "19/11/2026"] {
            input.next_visit_on = same_or_before.into();
            let e = input.validate(id, pupil, today()).unwrap_err();
            assert_eq!(
                e.get(Field::NextVisitOn),
                Some(&Problem::NotAfterVisit),
                "{same_or_before}"
            );
        }
        input.next_visit_on = "31/11/2026".into();
        let e = input.validate(id, pupil, today()).unwrap_err();
        assert_eq!(e.get(Field::NextVisitOn), Some(&Problem::NotADate));
    }

    #[test]
    fn the_next_visit_is_within_a_year_and_the_visit_after_2000() {
        let (id, pupil) = ids();
        let mut input = working_visit();
        // Visited 20/11/2026: 366 days later is 21/11/2027.
        input.next_visit_on = "21/11/2027".into();
        assert!(input.validate(id, pupil, today()).is_ok());
        input.next_visit_on = "22/11/2027".into();
        let e = input.validate(id, pupil, today()).unwrap_err();
        assert_eq!(e.get(Field::NextVisitOn), Some(&Problem::NextVisitTooFar));
        input.next_visit_on = String::new();
        input.visited_on = "20/11/1926".into();
        let e = input.validate(id, pupil, today()).unwrap_err();
        assert_eq!(
            e.get(Field::VisitedOn),
            Some(&Problem::TooEarly {
                min: crate::domain::validation::EARLIEST_DATE
            })
        );
    }

    #[test]
    fn a_child_not_working_has_no_work_details() {
        let (id, pupil) = ids();
        let mut input = working_visit();
        input.working = false;
        // Left-over typing in the work fields is dropped, not refused.
        input.hours_per_week = "nhiều".into();
        let visit = input.validate(id, pupil, today()).unwrap();
        assert_eq!(visit.employer, "");
        assert_eq!(visit.sector, None);
        assert_eq!(visit.hours_per_week, None);
        assert!(!visit.hazardous);
        assert!(visit.attending_school);
    }

    #[test]
    fn texts_are_cleaned_and_limited() {
        let (id, pupil) = ids();
        let mut input = working_visit();
        input.met = "  Mẹ   và bà ".into();
        input.agreed = "   ".into();
        let visit = input.validate(id, pupil, today()).unwrap();
        assert_eq!(visit.met, "Mẹ và bà");
        assert!(!visit.is_intervention());
        input.findings = "x".repeat(MAX_NOTES + 1);
        input.visited_by = "y".repeat(MAX_SHORT + 1);
        let e = input.validate(id, pupil, today()).unwrap_err();
        assert_eq!(e.get(Field::Findings), Some(&Problem::TooLong { max: MAX_NOTES }));
        assert_eq!(e.get(Field::VisitedBy), Some(&Problem::TooLong { max: MAX_SHORT }));
    }

    #[test]
    fn a_visit_is_rebuilt_from_its_fields() {
        use crate::domain::testkit::{assert_rebuilt, every_visit, rebuilt_with, required_fields};
        for v in every_visit() {
            assert_rebuilt(&v);
        }
        let v = &every_visit()[0];
        assert_eq!(
            required_fields(v),
            ["student_id", "visited_on", "working", "hazardous", "attending_school"]
        );
        assert_eq!(rebuilt_with(v, "sector", Some("farm".into())), None);
        for hours in [-1, 169, i64::MAX] {
            assert_eq!(
                rebuilt_with(v, "hours_per_week", Some(Value::Int(hours))),
                None,
                "{hours}"
            );
        }
        // The pupil is an id, not its text.
        let text = Value::Text(v.student_id.to_string());
        assert_eq!(rebuilt_with(v, "student_id", Some(text)), None);
    }
}
