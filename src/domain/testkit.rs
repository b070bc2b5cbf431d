//! Small builders for the domain's tests: fictional pupils and their records, records of
//! every kind in every shape, and the checks every record's `from_fields` must pass.

use std::collections::BTreeSet;
use std::fmt::Debug;

use chrono::NaiveDate;
use uuid::Uuid;

use super::awareness::{Audience, Informed, Session};
use super::case::{Case, CloseReason, Stage};
use super::casebook::Casebook;
use super::profile::{Profile, SchoolYear};
use super::record::{FieldMap, Record, RecordKind, Value};
use super::screening::{Decision, RiskFactor, Screening};
use super::settings::{INTERVENTION_DAYS, MONITORING_DAYS, Settings};
use super::student::{Sex, Student};
use super::support::{MAX_AMOUNT_VND, Support, SupportStatus, SupportType};
use super::visit::{Sector, Visit};
use crate::i18n::Lang;

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// The tests' today: 28/11/2026.
pub fn today() -> NaiveDate {
    d(2026, 11, 28)
}

/// Adds pupil number `n` ([`student`]) to the book and returns the id.
pub fn pupil(book: &mut Casebook, n: u128) -> Uuid {
    let s = student(n);
    let id = s.id;
    book.put_student(s);
    id
}

/// Pupil number `n` (a made-up name, id `n + 1`).
pub fn student(n: u128) -> Student {
    Student {
        id: Uuid::from_u128(n + 1),
        code: Some(format!("HS{n:04}")),
        name: format!("Học Sinh Thử {n}"),
        birth_date: d(2013, 1, 1),
        sex: None,
        ethnicity: String::new(),
        address: String::new(),
        guardian: String::new(),
        phone: String::new(),
        class: "8A".into(),
        school_year: SchoolYear(2026),
        notes: String::new(),
    }
}

/// Screens the pupil with `decision` on `on` (identified that day when the decision says so).
pub fn screen(book: &mut Casebook, id: Uuid, decision: Decision, on: NaiveDate, factors: &[RiskFactor]) {
    book.put_screening(Screening {
        student_id: id,
        screened_on: on,
        factors: factors.iter().copied().collect(),
        decision,
        identified_on: decision.is_identified().then_some(on),
        notes: String::new(),
    });
}

/// A plain visit: child not working, attending school, nothing agreed, no next visit.
pub fn visit(id: Uuid, n: u128, on: NaiveDate) -> Visit {
    Visit {
        id: Uuid::from_u128(1_000_000 + n),
        student_id: id,
        visited_on: on,
        visited_by: "Cô Mẫu".into(),
        met: "Mẹ".into(),
        working: false,
        employer: String::new(),
        sector: None,
        hours_per_week: None,
        hazardous: false,
        attending_school: true,
        findings: String::new(),
        agreed: String::new(),
        next_visit_on: None,
    }
}

/// A support that reached `status` on `on` (and no other status).
pub fn support(id: Uuid, n: u128, kind: SupportType, status: SupportStatus, on: NaiveDate) -> Support {
    let mut s = Support {
        id: Uuid::from_u128(2_000_000 + n),
        student_id: id,
        kind,
        status,
        planned_on: None,
        referred_on: None,
        delivered_on: None,
        declined_on: None,
        amount_vnd: None,
        provider: "Trung tâm Mẫu".into(),
        notes: String::new(),
    };
    match status {
        SupportStatus::Planned => s.planned_on = Some(on),
        SupportStatus::Referred => s.referred_on = Some(on),
        SupportStatus::Delivered => s.delivered_on = Some(on),
        SupportStatus::Declined => s.declined_on = Some(on),
    }
    s
}

pub fn session(n: u128, on: NaiveDate, audience: Audience, students: &[Uuid]) -> Session {
    Session {
        id: Uuid::from_u128(3_000_000 + n),
        held_on: on,
        audience,
        topic: "Phòng ngừa lao động trẻ em".into(),
        attended: students.len() as u32,
        students: students.iter().copied().collect::<BTreeSet<_>>(),
        notes: String::new(),
    }
}

/// Fields by name, as the store hands them to `from_fields`.
pub fn map(fields: Vec<(&'static str, Value)>) -> FieldMap {
    fields.into_iter().map(|(name, v)| (name.to_string(), v)).collect()
}

/// `r` rebuilt from its own fields with `field` set to `value` (`None`: left out).
pub fn rebuilt_with<R: Record>(r: &R, field: &str, value: Option<Value>) -> Option<R> {
    let mut fields = map(r.fields());
    match value {
        Some(v) => fields.insert(field.to_string(), v),
        None => fields.remove(field),
    };
    R::from_fields(r.id(), &fields)
}

/// Checks on `r` what every record's `from_fields` must do: it gives `r` back from its own
/// fields; a field set to null reads as the field left out; a field redacted, or holding a
/// value of another shape, gives `None`.
pub fn assert_rebuilt<R: Record + PartialEq + Debug>(r: &R) {
    assert_eq!(R::from_fields(r.id(), &map(r.fields())).as_ref(), Some(r));
    for (name, value) in r.fields() {
        assert_eq!(
            rebuilt_with(r, name, Some(Value::Null)),
            rebuilt_with(r, name, None),
            "{name}"
        );
        assert_eq!(rebuilt_with(r, name, Some(Value::Redacted)), None, "{name}");
        let other_shape = match value {
            Value::Bool(_) => Value::Text("true".into()),
            _ => Value::Bool(true),
        };
        assert_eq!(rebuilt_with(r, name, Some(other_shape)), None, "{name}");
    }
}

/// The fields of `r` without which it can't be rebuilt.
pub fn required_fields<R: Record>(r: &R) -> Vec<&'static str> {
    r.fields()
        .into_iter()
        .map(|(name, _)| name)
        .filter(|name| rebuilt_with(r, name, None).is_none())
        .collect()
}

/// A profile in each language, with the optional fields set, then empty.
pub fn every_profile() -> Vec<Profile> {
    let full = Profile {
        teacher: "Cô Mẫu Thử".into(),
        school: "Trường THCS Mẫu".into(),
        school_code: "99999".into(),
        commune: "Xã Mẫu".into(),
        province: "Tỉnh Mẫu".into(),
        class: "8A".into(),
        school_year: SchoolYear(2026),
        lang: Lang::Vi,
        trained_on: Some(d(2025, 8, 15)),
    };
    let empty = Profile {
        commune: String::new(),
        province: String::new(),
        lang: Lang::En,
        trained_on: None,
        ..full.clone()
    };
    vec![full, empty]
}

/// Pupils of each sex and of none, with the optional fields set, then empty.
pub fn every_student() -> Vec<Student> {
    let full = |n: u128, sex| Student {
        sex,
        ethnicity: "Kinh".into(),
        address: "Thôn Mẫu".into(),
        guardian: "Mẹ Mẫu".into(),
        phone: "0900000000".into(),
        notes: "Ghi chú".into(),
        ..student(n)
    };
    let mut all: Vec<Student> = Sex::ALL.into_iter().zip(0..).map(|(s, n)| full(n, Some(s))).collect();
    all.push(Student {
        code: None,
        ..student(9)
    });
    all
}

/// A screening with each decision; all the factors, then none.
pub fn every_screening() -> Vec<Screening> {
    Decision::ALL
        .into_iter()
        .zip(1..)
        .map(|(decision, n)| Screening {
            student_id: Uuid::from_u128(n),
            screened_on: d(2026, 9, 10),
            factors: if !n.is_multiple_of(2) {
                RiskFactor::ALL.into()
            } else {
                BTreeSet::new()
            },
            decision,
            identified_on: decision.is_identified().then_some(d(2026, 9, 10)),
            notes: if !n.is_multiple_of(2) {
                "Ghi chú".into()
            } else {
                String::new()
            },
        })
        .collect()
}

/// A working child's visit in each sector, with every detail; then the plain [`visit`].
pub fn every_visit() -> Vec<Visit> {
    let pupil = Uuid::from_u128(1);
    let mut all: Vec<Visit> = Sector::ALL
        .into_iter()
        .zip(0u128..)
        .map(|(sector, n)| Visit {
            working: true,
            employer: "Gia đình".into(),
            sector: Some(sector),
            hours_per_week: Some(20),
            hazardous: n.is_multiple_of(2),
            attending_school: !n.is_multiple_of(2),
            findings: "Em phụ giúp gia đình.".into(),
            agreed: "Thăm lại.".into(),
            next_visit_on: Some(d(2026, 12, 4)),
            ..visit(pupil, n, d(2026, 11, 20))
        })
        .collect();
    all.push(Visit {
        visited_by: String::new(),
        met: String::new(),
        ..visit(pupil, 9, d(2026, 11, 20))
    });
    all
}

/// A support of each type, going through each status in turn, every other one with all its
/// dates and an amount, the others with the one date of their status.
pub fn every_support() -> Vec<Support> {
    let pupil = Uuid::from_u128(1);
    SupportType::ALL
        .into_iter()
        .zip(SupportStatus::ALL.into_iter().cycle())
        .zip(0..)
        .map(|((kind, status), n)| {
            let s = support(pupil, n, kind, status, d(2026, 11, 2));
            if !n.is_multiple_of(2) {
                return Support {
                    provider: String::new(),
                    ..s
                };
            }
            Support {
                planned_on: Some(d(2026, 10, 1)),
                referred_on: Some(d(2026, 10, 2)),
                delivered_on: Some(d(2026, 10, 3)),
                declined_on: Some(d(2026, 10, 4)),
                amount_vnd: Some(if n == 0 { MAX_AMOUNT_VND } else { 0 }),
                notes: "Ghi chú".into(),
                ..s
            }
        })
        .collect()
}

/// A case at each stage (closed for each reason), with and without a first intervention.
pub fn every_case() -> Vec<Case> {
    let at = |n: u128, stage, reason| Case {
        stage,
        stage_on: d(2026, 10, 1),
        close_reason: reason,
        first_intervention_on: n.is_multiple_of(2).then_some(d(2026, 9, 20)),
        notes: if n.is_multiple_of(2) {
            "Ghi chú".into()
        } else {
            String::new()
        },
        ..Case::new(Uuid::from_u128(n + 1), d(2026, 9, 10))
    };
    let open = Stage::ALL.into_iter().filter(|s| s.is_open()).map(|s| (s, None));
    let closed = CloseReason::ALL.into_iter().map(|r| (Stage::Closed, Some(r)));
    open.chain(closed).zip(0..).map(|((s, r), n)| at(n, s, r)).collect()
}

/// A session for each audience, with pupils ticked, then none.
pub fn every_session() -> Vec<Session> {
    let pupils = [Uuid::from_u128(1), Uuid::from_u128(2), Uuid::from_u128(3)];
    Audience::ALL
        .into_iter()
        .zip(0u128..)
        .map(|(audience, n)| {
            let ticked = if n.is_multiple_of(2) { &pupils[..] } else { &[] };
            let mut s = session(n, d(2026, 11, 15), audience, ticked);
            s.notes = if n.is_multiple_of(2) {
                "Ghi chú".into()
            } else {
                String::new()
            };
            s
        })
        .collect()
}

/// Marks with both dates, either, and neither.
pub fn every_informed() -> Vec<Informed> {
    let on = Some(d(2026, 11, 3));
    [(on, on), (on, None), (None, on), (None, None)]
        .into_iter()
        .zip(1..)
        .map(|((student_on, parents_on), n)| Informed {
            student_id: Uuid::from_u128(n),
            student_on,
            parents_on,
        })
        .collect()
}

/// The default settings and the settings at each end of their ranges.
pub fn every_settings() -> Vec<Settings> {
    let ends = |(i, m): (usize, usize)| Settings {
        intervention_days: [INTERVENTION_DAYS.0, INTERVENTION_DAYS.1][i],
        monitoring_days: [MONITORING_DAYS.0, MONITORING_DAYS.1][m],
    };
    vec![Settings::default(), ends((0, 0)), ends((1, 1))]
}

/// The fields of each sample record of `kind` (its `every_*` list).
pub fn every_fields(kind: RecordKind) -> Vec<Vec<(&'static str, Value)>> {
    fn all<R: Record>(records: Vec<R>) -> Vec<Vec<(&'static str, Value)>> {
        records.iter().map(Record::fields).collect()
    }
    match kind {
        RecordKind::Profile => all(every_profile()),
        RecordKind::Student => all(every_student()),
        RecordKind::Screening => all(every_screening()),
        RecordKind::Visit => all(every_visit()),
        RecordKind::Support => all(every_support()),
        RecordKind::Case => all(every_case()),
        RecordKind::Session => all(every_session()),
        RecordKind::Informed => all(every_informed()),
        RecordKind::Settings => all(every_settings()),
    }
}

/// The field names a record of `kind` writes.
pub fn field_names(kind: RecordKind) -> Vec<&'static str> {
    every_fields(kind)[0].iter().map(|(name, _)| *name).collect()
}
