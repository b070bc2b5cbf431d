//! Small builders for the case rules' tests: fictional pupils and their records.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use uuid::Uuid;

use super::awareness::{Audience, Session};
use super::casebook::Casebook;
use super::profile::SchoolYear;
use super::screening::{Decision, RiskFactor, Screening};
use super::student::Student;
use super::support::{Support, SupportStatus, SupportType};
use super::visit::Visit;

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
