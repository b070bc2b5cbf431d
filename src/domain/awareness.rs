//! Awareness: sessions held with parents or pupils, and, per pupil, whether the pupil and
//! the parents have been informed (by a session, or marked by the teacher).

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::record::{Record, RecordKind, Value};
use super::validation::FieldErrors;

/// Stored by code: never rename a code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Audience {
    Parents,
    Students,
    Both,
}

impl Audience {
    pub const ALL: [Audience; 3] = [Audience::Parents, Audience::Students, Audience::Both];
    pub fn code(self) -> &'static str {
        match self {
            Audience::Parents => "parents",
            Audience::Students => "students",
            Audience::Both => "both",
        }
    }
    pub fn reaches_parents(self) -> bool {
        self != Audience::Students
    }
    pub fn reaches_students(self) -> bool {
        self != Audience::Parents
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub id: Uuid,
    pub held_on: NaiveDate,
    pub audience: Audience,
    pub topic: String,
    /// How many attended (may include people from outside the class).
    pub attended: u32,
    /// The pupils of the class who (or whose parents, by the audience) were there.
    pub students: BTreeSet<Uuid>,
    pub notes: String,
}

impl Record for Session {
    const KIND: RecordKind = RecordKind::Session;
    fn id(&self) -> Uuid {
        self.id
    }
    fn fields(&self) -> Vec<(&'static str, Value)> {
        vec![
            ("held_on", self.held_on.into()),
            ("audience", self.audience.code().into()),
            ("topic", (&self.topic).into()),
            ("attended", Value::Int(self.attended.into())),
            (
                "students",
                Value::List(self.students.iter().map(Uuid::to_string).collect()),
            ),
            ("notes", (&self.notes).into()),
        ]
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SessionInput {
    pub held_on: String,
    pub audience: Option<Audience>,
    pub topic: String,
    pub attended: String,
    pub students: BTreeSet<Uuid>,
    pub notes: String,
}

impl SessionInput {
    pub fn from_session(s: &Session) -> SessionInput {
        todo!("domain helper: {s:?}")
    }
    /// Date required, not in the future; audience and topic required; attended a whole
    /// number, empty meaning the pupils ticked, and not fewer than the pupils ticked.
    pub fn validate(&self, id: Uuid, today: NaiveDate) -> Result<Session, FieldErrors> {
        todo!("domain helper: {id} {today}")
    }
}

/// The teacher's marks that a pupil, or the pupil's parents, were informed outside a
/// recorded session. Keyed by the pupil.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Informed {
    pub student_id: Uuid,
    pub student_on: Option<NaiveDate>,
    pub parents_on: Option<NaiveDate>,
}

impl Record for Informed {
    const KIND: RecordKind = RecordKind::Informed;
    fn id(&self) -> Uuid {
        self.student_id
    }
    fn fields(&self) -> Vec<(&'static str, Value)> {
        vec![
            ("student_on", self.student_on.into()),
            ("parents_on", self.parents_on.into()),
        ]
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InformedInput {
    pub student_on: String,
    pub parents_on: String,
}

impl InformedInput {
    pub fn from_informed(i: &Informed) -> InformedInput {
        todo!("domain helper: {i:?}")
    }
    /// Both dates optional, not in the future; "today" accepted.
    pub fn validate(&self, student_id: Uuid, today: NaiveDate) -> Result<Informed, FieldErrors> {
        todo!("domain helper: {student_id} {today}")
    }
}
