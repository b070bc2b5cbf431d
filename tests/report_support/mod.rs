//! A fictional class for the report tests, written through the store as the TUI would, and
//! its figures for the six-month report 2026-H1 (15/12/2025 – 14/06/2026) worked out by hand
//! from docs/indicators.md. Every person, phone and address here is invented; each is a
//! distinctive string, so finding one in a file can't be a coincidence.
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use sotay::clock::FixedClock;
use sotay::domain::{
    Audience, Case, CloseReason, Decision, Informed, Profile, RiskFactor, SchoolYear, Screening, Sector, Session, Sex,
    Stage, Student, Support, SupportStatus, SupportType, Visit,
};
use sotay::i18n::Lang;
use sotay::report::summary::{Counts, SupportFigures};
use sotay::store::Store;
use uuid::Uuid;

pub fn d(day: u32, m: u32, y: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

/// The pupils, numbered 1 to 10. Pupil 5 is 18 on 14/06/2026, so not in the 5–17 rate.
pub const NAMES: [&str; 10] = [
    "Khổng Minh Khuê",
    "Diêm Thị Ngà",
    "Ông Văn Lộc",
    "Quách Thị Mơ",
    "Hứa Văn Tài",
    "Lã Thị Huệ",
    "Thân Văn Đức",
    "Mạc Thị Sen",
    "Chu Thị Gấm",
    "Tạ Quang Vỹ",
];

pub fn name(n: u32) -> &'static str {
    NAMES[n as usize - 1]
}

pub fn phone(n: u32) -> String {
    format!("09612345{n:02}")
}

pub fn address(n: u32) -> String {
    format!("Số {} ngõ Cây Gạo Hư Cấu", 100 + n)
}

pub fn guardian(n: u32) -> String {
    format!("Phụ huynh Giả Định Số {}", 200 + n)
}

pub fn birth_date(n: u32) -> NaiveDate {
    if n == 5 { d(1, 3, 2008) } else { d(n, n, 2012) }
}

/// Every personal string of pupil `n`: what a summary export must never hold.
pub fn personal_strings(n: u32) -> Vec<String> {
    let b = birth_date(n);
    vec![
        name(n).to_string(),
        phone(n),
        address(n),
        guardian(n),
        b.format("%d/%m/%Y").to_string(),
        b.format("%Y-%m-%d").to_string(),
    ]
}

pub fn id(n: u32) -> Uuid {
    Uuid::from_u128(0x0192_0000_0000_7000_8000_0000_0000_0000 + u128::from(n))
}

fn record_id(kind: u128, n: u32) -> Uuid {
    Uuid::from_u128(0x0192_0000_0000_7000_8000_0000_0000_0000 + (kind << 16) + u128::from(n))
}

pub const SCHOOL: &str = "Trường THCS Hư Cấu";

pub fn profile(class: &str, school_code: &str) -> Profile {
    Profile {
        teacher: "Nguyễn Thị Mẫu".into(),
        school: SCHOOL.into(),
        school_code: school_code.into(),
        commune: "Xã Hư Cấu".into(),
        province: "Tỉnh Thử".into(),
        class: class.into(),
        school_year: SchoolYear(2025),
        lang: Lang::Vi,
        trained_on: None,
    }
}

fn student(n: u32, class: &str) -> Student {
    Student {
        id: id(n),
        code: Some(format!("HC{n:04}")),
        name: name(n).into(),
        birth_date: birth_date(n),
        sex: Some(if n.is_multiple_of(2) { Sex::Female } else { Sex::Male }),
        ethnicity: "Kinh".into(),
        address: address(n),
        guardian: guardian(n),
        phone: phone(n),
        class: class.into(),
        school_year: SchoolYear(2025),
        notes: String::new(),
    }
}

fn screening(n: u32, decision: Decision, on: NaiveDate, factors: &[RiskFactor]) -> Screening {
    Screening {
        student_id: id(n),
        screened_on: on,
        factors: factors.iter().copied().collect::<BTreeSet<_>>(),
        decision,
        identified_on: decision.is_identified().then_some(on),
        notes: String::new(),
    }
}

fn case(n: u32, identified: NaiveDate, stage: Stage, stage_on: NaiveDate, first: Option<NaiveDate>) -> Case {
    Case {
        stage,
        stage_on,
        first_intervention_on: first,
        close_reason: None,
        ..Case::new(id(n), identified)
    }
}

fn closed(mut c: Case, reason: CloseReason) -> Case {
    c.close_reason = Some(reason);
    c
}

#[allow(clippy::too_many_arguments)]
fn visit(k: u32, n: u32, on: NaiveDate, agreed: &str, working: bool, hazardous: bool, attending: bool) -> Visit {
    Visit {
        id: record_id(1, k),
        student_id: id(n),
        visited_on: on,
        visited_by: "Nguyễn Thị Mẫu".into(),
        met: "mẹ".into(),
        working,
        employer: if working {
            "Xưởng hư cấu".into()
        } else {
            String::new()
        },
        sector: working.then_some(Sector::Factory),
        hours_per_week: working.then_some(20),
        hazardous,
        attending_school: attending,
        findings: "Ghi nhận chung".into(),
        agreed: agreed.into(),
        next_visit_on: None,
    }
}

#[allow(clippy::too_many_arguments)]
fn support(
    k: u32,
    n: u32,
    kind: SupportType,
    status: SupportStatus,
    planned: Option<NaiveDate>,
    referred: Option<NaiveDate>,
    delivered: Option<NaiveDate>,
    declined: Option<NaiveDate>,
    amount: Option<u64>,
) -> Support {
    Support {
        id: record_id(2, k),
        student_id: id(n),
        kind,
        status,
        planned_on: planned,
        referred_on: referred,
        delivered_on: delivered,
        declined_on: declined,
        amount_vnd: amount,
        provider: "Hội Khuyến học hư cấu".into(),
        notes: String::new(),
    }
}

/// Writes the class's notebook in `dir` with the pupils `pupils` (of 1–10) and their records:
///
/// | pupil | screening, case | records |
/// | --- | --- | --- |
/// | 1 | at risk 05/01/2026; intervening | visit 08/01 agreed (in time), visit 14/06 (in H1, the last day); books planned 10/06, delivered 20/06 (400.000) |
/// | 2 | child labour 10/02/2026; intervening | visit 20/02 agreed, working, hazardous, not attending (late: deadline 17/02); visit 15/06 attending (after H1) |
/// | 3 | trafficked 01/06/2026; no stored case (implicit) | hotline 111 planned 02/06 (not an intervention): late on 14/06 |
/// | 4 | at risk 20/12/2025; closed 10/04/2026 (no longer at risk) | scholarship delivered 24/12/2025 (1.500.000, in time); visit 05/01 attending; parents marked informed 20/01 |
/// | 5 | child labour, aged 18, identified 15/11/2025, screening ticks hazardous work; monitoring | meals delivered 18/11/2025 (500.000, before H1); visit 20/04/2026 attending |
/// | 6 | at risk 01/03/2026; intervening | vocational referral referred 03/03, delivered 20/03; scholarship planned 05/05 (2.000.000); meals declined 10/04 (300.000); pupil marked informed 15/06 (after H1) |
/// | 7 | at risk 10/06/2026, screening ticks dropped out; identified | nothing yet (pending: deadline 17/06) |
/// | 8 | not at risk 10/01/2026 | — |
/// | 9 | not screened | — |
/// | 10 | at risk 05/11/2025; closed 10/12/2025 (moved school) | visit 01/12/2025; pupil marked informed 01/12/2025 |
///
/// Sessions: 10/12/2025 for parents (pupil 9; before H1), 15/03/2026 for both (pupils 1, 2,
/// 8; 25 people), 20/05/2026 for pupils (pupils 3, 9; 30 people).
pub fn write_class(dir: &Path, class: &str, school_code: &str, pupils: &[u32]) {
    let store = Store::open_with_clock(dir, Arc::new(FixedClock::on(2026, 6, 20))).expect("notebook opens");
    store.save_profile(&profile(class, school_code)).unwrap();
    let has = |n: u32| pupils.contains(&n);
    let students: Vec<Student> = pupils.iter().map(|&n| student(n, class)).collect();
    store.save_students(&students).unwrap();

    use Decision::*;
    use RiskFactor as F;
    use Stage::*;
    use SupportStatus as St;
    use SupportType as T;

    let screenings = [
        (
            1,
            screening(1, AtRisk, d(5, 1, 2026), &[F::PoorHousehold, F::FrequentAbsence]),
        ),
        (
            2,
            screening(2, ChildLabour, d(10, 2, 2026), &[F::WorksForOthers, F::LongHours]),
        ),
        (
            3,
            screening(
                3,
                Trafficked,
                d(1, 6, 2026),
                &[F::SignsOfTrafficking, F::WorksForOthers],
            ),
        ),
        (4, screening(4, AtRisk, d(20, 12, 2025), &[F::SingleParent])),
        (
            5,
            screening(
                5,
                ChildLabour,
                d(15, 11, 2025),
                &[F::WorksForOthers, F::HazardousWork, F::SectorFactory],
            ),
        ),
        (6, screening(6, AtRisk, d(1, 3, 2026), &[F::WorksForFamily])),
        (
            7,
            screening(7, AtRisk, d(10, 6, 2026), &[F::DroppedOut, F::PoorHousehold]),
        ),
        (8, screening(8, NotAtRisk, d(10, 1, 2026), &[])),
        (10, screening(10, AtRisk, d(5, 11, 2025), &[F::ParentsWorkingAway])),
    ];
    let cases = [
        (
            1,
            case(1, d(5, 1, 2026), Intervening, d(8, 1, 2026), Some(d(8, 1, 2026))),
        ),
        (
            2,
            case(2, d(10, 2, 2026), Intervening, d(20, 2, 2026), Some(d(20, 2, 2026))),
        ),
        (
            4,
            closed(
                case(4, d(20, 12, 2025), Closed, d(10, 4, 2026), Some(d(24, 12, 2025))),
                CloseReason::NoLongerAtRisk,
            ),
        ),
        (
            5,
            case(5, d(15, 11, 2025), Monitoring, d(1, 12, 2025), Some(d(18, 11, 2025))),
        ),
        (
            6,
            case(6, d(1, 3, 2026), Intervening, d(3, 3, 2026), Some(d(3, 3, 2026))),
        ),
        (7, Case::new(id(7), d(10, 6, 2026))),
        (
            10,
            closed(
                case(10, d(5, 11, 2025), Closed, d(10, 12, 2025), Some(d(1, 12, 2025))),
                CloseReason::MovedSchool,
            ),
        ),
    ];
    for (n, s) in screenings.iter().filter(|(n, _)| has(*n)) {
        let c = cases.iter().find(|(m, _)| m == n).map(|(_, c)| c);
        store.save_screening_and_case(s, c).unwrap();
    }

    let agreed = "Gia đình đồng ý cho em đi học đều";
    let visits = [
        visit(1, 1, d(8, 1, 2026), agreed, false, false, true),
        visit(2, 1, d(14, 6, 2026), "", false, false, true),
        visit(3, 2, d(20, 2, 2026), agreed, true, true, false),
        visit(4, 2, d(15, 6, 2026), agreed, false, false, true),
        visit(5, 4, d(5, 1, 2026), "", false, false, true),
        visit(6, 5, d(20, 4, 2026), agreed, true, false, true),
        visit(7, 10, d(1, 12, 2025), agreed, false, false, true),
    ];
    for v in visits.iter().filter(|v| pupils.iter().any(|&n| id(n) == v.student_id)) {
        store.save_visit(v).unwrap();
    }

    let supports = [
        support(
            1,
            4,
            T::Scholarship,
            St::Delivered,
            Some(d(21, 12, 2025)),
            None,
            Some(d(24, 12, 2025)),
            None,
            Some(1_500_000),
        ),
        support(
            2,
            5,
            T::Meals,
            St::Delivered,
            Some(d(16, 11, 2025)),
            None,
            Some(d(18, 11, 2025)),
            None,
            Some(500_000),
        ),
        support(
            3,
            6,
            T::VocationalReferral,
            St::Delivered,
            Some(d(2, 3, 2026)),
            Some(d(3, 3, 2026)),
            Some(d(20, 3, 2026)),
            None,
            None,
        ),
        support(
            4,
            6,
            T::Scholarship,
            St::Planned,
            Some(d(5, 5, 2026)),
            None,
            None,
            None,
            Some(2_000_000),
        ),
        support(
            5,
            6,
            T::Meals,
            St::Declined,
            Some(d(1, 4, 2026)),
            None,
            None,
            Some(d(10, 4, 2026)),
            Some(300_000),
        ),
        support(
            6,
            3,
            T::Hotline111,
            St::Planned,
            Some(d(2, 6, 2026)),
            None,
            None,
            None,
            None,
        ),
        support(
            7,
            1,
            T::BooksSupplies,
            St::Delivered,
            Some(d(10, 6, 2026)),
            None,
            Some(d(20, 6, 2026)),
            None,
            Some(400_000),
        ),
    ];
    for s in supports
        .iter()
        .filter(|s| pupils.iter().any(|&n| id(n) == s.student_id))
    {
        store.save_support(s).unwrap();
    }

    let in_class = |ns: &[u32]| ns.iter().copied().filter(|&n| has(n)).map(id).collect::<BTreeSet<_>>();
    let sessions = [
        (1, d(10, 12, 2025), Audience::Parents, 20, in_class(&[9])),
        (2, d(15, 3, 2026), Audience::Both, 25, in_class(&[1, 2, 8])),
        (3, d(20, 5, 2026), Audience::Students, 30, in_class(&[3, 9])),
    ];
    for (k, on, audience, attended, students) in sessions {
        store
            .save_session(&Session {
                id: record_id(3, k),
                held_on: on,
                audience,
                topic: "Phòng, chống lao động trẻ em".into(),
                attended,
                students,
                notes: String::new(),
            })
            .unwrap();
    }

    let informed = [
        (4, None, Some(d(20, 1, 2026))),
        (10, Some(d(1, 12, 2025)), None),
        (6, Some(d(15, 6, 2026)), None),
    ];
    for (n, student_on, parents_on) in informed.into_iter().filter(|(n, _, _)| has(*n)) {
        store
            .save_informed(&Informed {
                student_id: id(n),
                student_on,
                parents_on,
            })
            .unwrap();
    }
}

/// The whole class, 8A, school HC001.
pub fn write_8a(dir: &Path) {
    write_class(dir, "8A", "HC001", &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
}

/// Class 8A's figures for 2026-H1, counted as of 14/06/2026 (N = 7, M = 90, so a visit on or
/// after 16/03/2026 monitors a case):
///
/// - pupils 10; aged 5–17 on 14/06: 9 (pupil 5 is 18).
/// - at risk (current decision, identified by 14/06): 1, 4, 6, 7, 10 = 5 (10's case closed
///   before H1, but the decision stands); child labour: 2, 5 = 2; trafficked: 3 = 1.
/// - child labour or trafficked aged 5–17: 2, 3 = 2 (rate 2/9 = 22.2%, target ≤ 1%: not met).
/// - hazardous (of 2, 3, 5): 2 (latest visit by 14/06 says hazardous), 5 (screening ticks
///   it) = 2; 3 is not.
/// - cases counted (identified by 14/06, not closed before 15/12/2025): 1–7 = 7 (10 was
///   closed 10/12/2025). Newly identified in H1: 1, 2, 3, 4, 6, 7 = 6 (5 was 15/11/2025).
/// - closed in H1: 4 (no longer at risk) = [1, 0, 0, 0].
/// - intervened in time: 1 (08/01, deadline 12/01) yes, 2 (20/02, deadline 17/02) late, 3
///   (none, deadline 08/06 passed) late, 4 (24/12, deadline 27/12) yes, 5 (18/11, deadline
///   22/11) yes, 6 (03/03 referral, deadline 08/03) yes, 7 pending (deadline 17/06): 4 of 6.
/// - open on 14/06: 1, 2, 3, 5, 6, 7 = 6 (4 closed 10/04); monitored: 1 (14/06), 5 (20/04)
///   = 2; 2's latest is 20/02, 3, 6, 7 have no visit.
/// - in education (of the 7 cases): 1, 3 (no visit, not dropped out), 4, 5, 6 (vocational
///   delivered 20/03) = 5; 2 (latest visit: not attending) and 7 (dropped out) are not.
/// - parents informed: 1, 2, 8 (session 15/03 for both), 4 (mark 20/01) = 4 of 10;
///   pupils informed: 1, 2, 8 (15/03), 3, 9 (20/05) = 5 of 10 (6's mark is after 14/06,
///   10's before 15/12).
/// - visits in H1: 08/01, 14/06 (1), 20/02 (2), 05/01 (4), 20/04 (5) = 5; 15/06 (2) and
///   01/12/2025 (10) are outside.
/// - sessions in H1: 15/03, 20/05 = 2, reaching 25 + 30 = 55 people.
/// - supports with a status date in H1, by type: scholarship 2 (4's delivered 1.500.000,
///   6's planned 2.000.000: planned 3.500.000, delivered 1 for 1.500.000); books 1 (planned
///   10/06, 400.000, delivered after H1); meals 1 (6's declined, 300.000; 5's is before H1);
///   vocational 1 (delivered, no amount); hotline 111 1 (planned).
pub fn counts_8a_h1() -> Counts {
    let mut supports = [SupportFigures::default(); 10];
    let at = |t: SupportType| SupportType::ALL.iter().position(|x| *x == t).unwrap();
    supports[at(SupportType::Scholarship)] = SupportFigures {
        planned: 2,
        planned_vnd: 3_500_000,
        delivered: 1,
        delivered_vnd: 1_500_000,
    };
    supports[at(SupportType::BooksSupplies)] = SupportFigures {
        planned: 1,
        planned_vnd: 400_000,
        delivered: 0,
        delivered_vnd: 0,
    };
    supports[at(SupportType::Meals)] = SupportFigures {
        planned: 1,
        planned_vnd: 300_000,
        delivered: 0,
        delivered_vnd: 0,
    };
    supports[at(SupportType::VocationalReferral)] = SupportFigures {
        planned: 1,
        planned_vnd: 0,
        delivered: 1,
        delivered_vnd: 0,
    };
    supports[at(SupportType::Hotline111)] = SupportFigures {
        planned: 1,
        planned_vnd: 0,
        delivered: 0,
        delivered_vnd: 0,
    };
    Counts {
        pupils: 10,
        pupils_5_17: 9,
        at_risk: 5,
        child_labour: 2,
        trafficked: 1,
        child_labour_5_17: 2,
        hazardous: 2,
        newly_identified: 6,
        cases: 7,
        closed: [1, 0, 0, 0],
        intervened_in_time: 4,
        intervention_decided: 6,
        monitored: 2,
        open_cases: 6,
        in_education: 5,
        parents_informed: 4,
        students_informed: 5,
        visits: 5,
        sessions: 2,
        people_reached: 55,
        supports,
        // One homeroom teacher, with no training day in the profile.
        homeroom_teachers: Some(1),
        trained_teachers: Some(0),
    }
}

/// The pupils whose case counts in 2026-H1: the rows of a full-detail export.
pub const CASE_PUPILS_H1: [u32; 7] = [1, 2, 3, 4, 5, 6, 7];
