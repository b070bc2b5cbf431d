//! Home visits: a record per visit, linked to a pupil.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::record::{Record, RecordKind, Value};
use super::validation::FieldErrors;

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

impl VisitInput {
    pub fn from_visit(v: &Visit) -> VisitInput {
        todo!("domain helper: {v:?}")
    }

    /// Checks the form: the visit's date is required and not in the future; hours are a
    /// whole number of 0–168; the next visit, if given, is after the visit.
    pub fn validate(&self, id: Uuid, student_id: Uuid, today: NaiveDate) -> Result<Visit, FieldErrors> {
        todo!("domain helper: {id} {student_id} {today}")
    }
}
