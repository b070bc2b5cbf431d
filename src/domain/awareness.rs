//! Awareness: sessions held with parents or pupils, and, per pupil, whether the pupil and
//! the parents have been informed (by a session, or marked by the teacher).

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::record::{FieldMap, FieldReader, Record, RecordKind, Value};
use super::validation::{self as v, Field, FieldErrors, MAX_ADDRESS, Problem};
use crate::text;

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
    pub fn from_code(code: &str) -> Option<Audience> {
        Audience::ALL.into_iter().find(|a| a.code() == code)
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
    /// Attendance is a set of ticks, each pupil's merging on its own: two devices ticking
    /// different pupils both keep theirs.
    const SETS: &'static [&'static str] = &["students"];
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
    fn from_fields(id: Uuid, fields: &FieldMap) -> Option<Session> {
        let f = FieldReader(fields);
        Some(Session {
            id,
            held_on: f.req("held_on", Value::date)?,
            audience: f.req("audience", |v| v.code(Audience::from_code))?,
            topic: f.req("topic", Value::text)?,
            attended: f.req("attended", |v| v.int_in(0..=MAX_ATTENDED))?,
            students: f.list("students", |s| Uuid::try_parse(s).ok())?,
            notes: f.text_or_empty("notes")?,
        })
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
        SessionInput {
            held_on: text::format_date(s.held_on),
            audience: Some(s.audience),
            topic: s.topic.clone(),
            attended: s.attended.to_string(),
            students: s.students.clone(),
            notes: s.notes.clone(),
        }
    }
    /// Date required, not in the future; audience and topic required; attended a whole
    /// number, empty meaning the pupils ticked, and not fewer than the pupils ticked.
    pub fn validate(&self, id: Uuid, today: NaiveDate) -> Result<Session, FieldErrors> {
        let mut e = FieldErrors::default();
        let held_on = v::date_or_today(&mut e, Field::HeldOn, &self.held_on, true, today, v::DateRange::Record);
        if self.audience.is_none() {
            e.push(Field::Audience, Problem::Required);
        }
        let topic = v::text(&mut e, Field::Topic, &self.topic, true, MAX_ADDRESS);
        let ticked = self.students.len();
        let attended = if self.attended.trim().is_empty() {
            Some(ticked as u32)
        } else {
            v::whole_number(&mut e, Field::Attended, &self.attended, true, 0, MAX_ATTENDED)
        };
        if let Some(n) = attended
            && (n as usize) < ticked
        {
            e.push(Field::Attended, Problem::FewerThanTicked { ticked });
        }
        let notes = v::notes(&mut e, Field::Notes, &self.notes);
        match (held_on, self.audience, attended) {
            (Some(held_on), Some(audience), Some(attended)) if e.is_empty() => Ok(Session {
                id,
                held_on,
                audience,
                topic,
                attended,
                students: self.students.clone(),
                notes,
            }),
            _ => Err(e),
        }
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
    fn from_fields(id: Uuid, fields: &FieldMap) -> Option<Informed> {
        let f = FieldReader(fields);
        Some(Informed {
            student_id: id,
            student_on: f.opt("student_on", Value::date)?,
            parents_on: f.opt("parents_on", Value::date)?,
        })
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InformedInput {
    pub student_on: String,
    pub parents_on: String,
}

impl InformedInput {
    pub fn from_informed(i: &Informed) -> InformedInput {
        InformedInput {
            student_on: i.student_on.map(text::format_date).unwrap_or_default(),
            parents_on: i.parents_on.map(text::format_date).unwrap_or_default(),
        }
    }
    /// Both dates optional, not in the future; "today" accepted.
    pub fn validate(&self, student_id: Uuid, today: NaiveDate) -> Result<Informed, FieldErrors> {
        let mut e = FieldErrors::default();
        let student_on = v::date_or_today(
            &mut e,
            Field::StudentInformedOn,
            &self.student_on,
            false,
            today,
            v::DateRange::Record,
        );
        let parents_on = v::date_or_today(
            &mut e,
            Field::ParentsInformedOn,
            &self.parents_on,
            false,
            today,
            v::DateRange::Record,
        );
        e.into_result(Informed {
            student_id,
            student_on,
            parents_on,
        })
    }
}

/// The most a session can count: a school-wide meeting, not a typing slip of extra zeros.
pub const MAX_ATTENDED: u32 = 10_000;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testkit::{d, today};

    fn pupils(n: u128) -> BTreeSet<Uuid> {
        (1..=n).map(Uuid::from_u128).collect()
    }

    fn meeting() -> SessionInput {
        SessionInput {
            held_on: "15/11/2026".into(),
            audience: Some(Audience::Parents),
            topic: "Phòng ngừa lao động trẻ em trong mùa thu hoạch".into(),
            attended: "40".into(),
            students: pupils(3),
            notes: String::new(),
        }
    }

    #[test]
    fn a_session_round_trips() {
        let id = Uuid::from_u128(99);
        let s = meeting().validate(id, today()).unwrap();
        assert_eq!((s.held_on, s.attended, s.students.len()), (d(2026, 11, 15), 40, 3));
        assert_eq!(SessionInput::from_session(&s).validate(id, today()), Ok(s));
    }

    #[test]
    fn attendance_is_at_least_the_pupils_ticked() {
        let id = Uuid::from_u128(99);
        let mut input = meeting();
        // Empty: the pupils ticked.
        input.attended = String::new();
        assert_eq!(input.validate(id, today()).unwrap().attended, 3);
        input.attended = "3".into();
        assert!(input.validate(id, today()).is_ok());
        input.attended = "2".into();
        let e = input.validate(id, today()).unwrap_err();
        assert_eq!(e.get(Field::Attended), Some(&Problem::FewerThanTicked { ticked: 3 }));
        input.attended = "ba mươi".into();
        let e = input.validate(id, today()).unwrap_err();
        assert_eq!(e.get(Field::Attended), Some(&Problem::NotANumber));
    }

    #[test]
    fn date_audience_and_topic_are_required() {
        let id = Uuid::from_u128(99);
        let input = SessionInput {
            held_on: String::new(),
            audience: None,
            topic: " ".into(),
            ..meeting()
        };
        let e = input.validate(id, today()).unwrap_err();
        assert_eq!(e.get(Field::HeldOn), Some(&Problem::Required));
        assert_eq!(e.get(Field::Audience), Some(&Problem::Required));
        assert_eq!(e.get(Field::Topic), Some(&Problem::Required));
        let future = SessionInput {
            held_on: "29/11/2026".into(),
            ..meeting()
        };
        assert_eq!(
            future.validate(id, today()).unwrap_err().get(Field::HeldOn),
            Some(&Problem::InFuture)
        );
    }

    #[test]
    fn informed_marks_are_optional_past_dates() {
        let pupil = Uuid::from_u128(7);
        let input = InformedInput {
            student_on: "Hôm nay".into(),
            parents_on: String::new(),
        };
        let i = input.validate(pupil, today()).unwrap();
        assert_eq!((i.student_on, i.parents_on), (Some(today()), None));
        assert_eq!(InformedInput::from_informed(&i).validate(pupil, today()), Ok(i));
        let bad = InformedInput {
            student_on: "01/12/2026".into(),
            parents_on: "32/01/2026".into(),
        };
        let e = bad.validate(pupil, today()).unwrap_err();
        assert_eq!(e.get(Field::StudentInformedOn), Some(&Problem::InFuture));
        assert_eq!(e.get(Field::ParentsInformedOn), Some(&Problem::NotADate));
    }

    #[test]
    fn audience_codes_round_trip() {
        for a in Audience::ALL {
            assert_eq!(Audience::from_code(a.code()), Some(a));
        }
        assert_eq!(Audience::from_code("Both"), None);
    }

    #[test]
    fn audiences_reach_whom_they_say() {
        assert!(Audience::Parents.reaches_parents() && !Audience::Parents.reaches_students());
        assert!(Audience::Students.reaches_students() && !Audience::Students.reaches_parents());
        assert!(Audience::Both.reaches_parents() && Audience::Both.reaches_students());
    }

    #[test]
    fn a_session_is_rebuilt_from_its_fields() {
        use crate::domain::testkit::{assert_rebuilt, every_session, rebuilt_with, required_fields};
        for s in every_session() {
            assert_rebuilt(&s);
        }
        let s = &every_session()[0];
        assert_eq!(required_fields(s), ["held_on", "audience", "topic", "attended"]);
        assert_eq!(rebuilt_with(s, "audience", Some("teachers".into())), None);
        let one_bad = Value::List(vec![Uuid::from_u128(1).to_string(), "not-a-uuid".into()]);
        assert_eq!(rebuilt_with(s, "students", Some(one_bad)), None);
        for attended in [-1, i64::from(MAX_ATTENDED) + 1] {
            assert_eq!(rebuilt_with(s, "attended", Some(Value::Int(attended))), None);
        }
    }

    #[test]
    fn informed_marks_are_rebuilt_from_their_fields() {
        use crate::domain::testkit::{assert_rebuilt, every_informed, map, required_fields};
        for i in every_informed() {
            assert_rebuilt(&i);
        }
        // Both dates optional: nothing is required, and no field at all is no mark yet.
        let pupil = Uuid::from_u128(7);
        assert!(required_fields(&every_informed()[0]).is_empty());
        assert_eq!(
            Informed::from_fields(pupil, &map(vec![])),
            Some(Informed {
                student_id: pupil,
                ..Informed::default()
            })
        );
    }
}
