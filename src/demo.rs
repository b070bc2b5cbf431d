//! A fictional class (or a whole fictional school) for trying sotay and for benchmarks.
//! Every name, address and phone number is made up from word lists; none is a real person.

use std::collections::BTreeSet;

use chrono::{Datelike, Duration, NaiveDate};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use uuid::Uuid;

use crate::domain::{Decision, Profile, RiskFactor, SchoolYear, Screening, Sex, Student, assess};
use crate::i18n::Lang;
use crate::store::{Store, StoreError};

const FAMILY: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh",
];
const MIDDLE_MALE: &[&str] = &[
    "Văn", "Đức", "Minh", "Quang", "Gia", "Tiến", "Hữu", "Thế", "Bảo", "Công",
];
const MIDDLE_FEMALE: &[&str] = &[
    "Thị", "Thu", "Hồng", "Ngọc", "Diệu", "Khánh", "Minh", "Bảo", "Thùy", "Mỹ",
];
const GIVEN_MALE: &[&str] = &[
    "An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hùng", "Khoa", "Long", "Lộc", "Nam", "Phúc", "Quân", "Sơn",
    "Tuấn", "Việt",
];
const GIVEN_FEMALE: &[&str] = &[
    "Anh", "Chi", "Giang", "Hà", "Hạnh", "Hoa", "Huyền", "Lan", "Linh", "Mai", "Ngân", "Nhung", "Quỳnh", "Thảo",
    "Trang", "Vy", "Yến",
];
const HAMLETS: &[&str] = &[
    "Thôn Đông",
    "Thôn Tây",
    "Thôn Nam",
    "Thôn Bắc",
    "Thôn Trung",
    "Thôn Thượng",
    "Thôn Hạ",
];
const COMMUNES: &[&str] = &[
    "xã An Lạc",
    "xã Hòa Bình",
    "xã Tân Tiến",
    "phường Đồng Tâm",
    "xã Phú Thịnh",
];
const ETHNICITIES: &[&str] = &[
    "Kinh", "Kinh", "Kinh", "Kinh", "Kinh", "Kinh", "Kinh", "Kinh", "Tày", "Mường",
];

/// Pupils a class holds in the demo school.
const CLASS_SIZE: usize = 45;

/// The demo teacher's profile, at the school year containing `today`.
pub fn profile(today: NaiveDate, lang: Lang) -> Profile {
    Profile {
        teacher: "Nguyễn Thị Mẫu".into(),
        school: "Trường THCS Thực Hành".into(),
        school_code: "DEMO01".into(),
        commune: "Xã An Lạc".into(),
        province: "Thành phố Hải Phòng".into(),
        class: "8A".into(),
        school_year: SchoolYear::containing(today),
        lang,
        trained_on: None,
    }
}

/// What the demo puts in a store.
pub struct Demo {
    pub profile: Profile,
    pub students: Vec<Student>,
    pub screenings: Vec<Screening>,
}

/// Makes `n` fictional pupils (one class of up to 45, or a school of classes 6A… for more)
/// and screenings for about two thirds of them. The same seed gives the same people.
pub fn generate(n: usize, seed: u64, today: NaiveDate, lang: Lang) -> Demo {
    let profile = profile(today, lang);
    let mut rng = StdRng::seed_from_u64(seed);
    let year = profile.school_year;
    let mut students = Vec::with_capacity(n);
    let mut screenings = Vec::new();
    for i in 0..n {
        let class = if n <= CLASS_SIZE {
            profile.class.clone()
        } else {
            class_name(i / CLASS_SIZE)
        };
        let grade = class.trim_end_matches(char::is_alphabetic).parse::<i32>().unwrap_or(8);
        let student = person(&mut rng, i, &class, grade, year);
        if let Some(s) = screening(&mut rng, i, n, &student, today) {
            screenings.push(s);
        }
        students.push(student);
    }
    Demo {
        profile,
        students,
        screenings,
    }
}

/// Writes a generated demo into `store`, in batches so a whole school stays within memory.
pub fn fill(store: &Store, demo: &Demo) -> Result<(), StoreError> {
    store.save_profile(&demo.profile)?;
    for chunk in demo.students.chunks(500) {
        store.save_students(chunk)?;
    }
    for s in &demo.screenings {
        store.save_screening(s)?;
    }
    Ok(())
}

/// 6A, 7A, 8A, 9A, 6B, …, 9Z, 6A1, …: the four grades of a lower-secondary school, as
/// many sections as the size asks for.
fn class_name(index: usize) -> String {
    let grade = 6 + index % 4;
    let section = index / 4;
    let letter = (b'A' + (section % 26) as u8) as char;
    match section / 26 {
        0 => format!("{grade}{letter}"),
        round => format!("{grade}{letter}{round}"),
    }
}

fn pick<'a>(rng: &mut StdRng, list: &[&'a str]) -> &'a str {
    list[rng.random_range(0..list.len())]
}

fn person(rng: &mut StdRng, i: usize, class: &str, grade: i32, year: SchoolYear) -> Student {
    let sex = if rng.random_bool(0.5) { Sex::Female } else { Sex::Male };
    let (middle, given) = match sex {
        Sex::Female => (MIDDLE_FEMALE, GIVEN_FEMALE),
        Sex::Male => (MIDDLE_MALE, GIVEN_MALE),
    };
    let name = format!("{} {} {}", pick(rng, FAMILY), pick(rng, middle), pick(rng, given));
    // A pupil of grade g turns g + 5 in the calendar year the school year starts.
    let born_year = year.0 - grade - 5;
    let birth =
        NaiveDate::from_ymd_opt(born_year, 1, 1).expect("valid year") + Duration::days(rng.random_range(0..365));
    let guardian_given = pick(rng, GIVEN_FEMALE);
    Student {
        id: Uuid::now_v7(),
        code: Some(format!("DEMO{:06}", i + 1)),
        name,
        birth_date: birth,
        sex: Some(sex),
        ethnicity: pick(rng, ETHNICITIES).into(),
        address: format!("{}, {}", pick(rng, HAMLETS), pick(rng, COMMUNES)),
        guardian: format!("{} Thị {}", pick(rng, FAMILY), guardian_given),
        // 0900 000 000 onwards: a made-up block, like the sample class list's.
        phone: format!("0900{:06}", (i * 7919) % 1_000_000),
        class: class.into(),
        school_year: year,
        notes: String::new(),
    }
}

/// The demo's story for pupil `i`: in a class of up to 45 the first pupils are the cases a
/// teacher should see at once; in a bigger school the same shares hold throughout.
fn screening(rng: &mut StdRng, i: usize, n: usize, s: &Student, today: NaiveDate) -> Option<Screening> {
    use RiskFactor as F;
    let slot = if n <= CLASS_SIZE { i } else { i % CLASS_SIZE };
    let factors: &[RiskFactor] = match slot {
        0 => &[
            F::PoorHousehold,
            F::WorksForOthers,
            F::SectorFactory,
            F::LongHours,
            F::FrequentAbsence,
        ],
        1 => &[
            F::NearPoorHousehold,
            F::ParentsWorkingAway,
            F::WorksForFamily,
            F::SectorAgriculture,
        ],
        2 => &[F::Orphan, F::FrequentAbsence, F::FallingResults],
        3 => &[
            F::PoorHousehold,
            F::SingleParent,
            F::WorksForFamily,
            F::SectorHandicraft,
        ],
        4 => &[F::SignsOfTrafficking, F::DroppedOut, F::ParentsWorkingAway],
        5 => &[F::PoorHousehold, F::FrequentAbsence],
        6 => &[F::WorksForOthers, F::SectorServices, F::HazardousWork, F::LongHours],
        7..=11 => &[F::NearPoorHousehold],
        12..=29 => &[],
        _ => return None,
    };
    let factors: BTreeSet<RiskFactor> = factors.iter().copied().collect();
    let level = assess(&factors).level;
    let decision = match slot {
        0 | 6 => Decision::ChildLabour,
        4 => Decision::Trafficked,
        _ => Decision::suggested(level),
    };
    // Screened during the first weeks of the school year, never after today.
    let start = NaiveDate::from_ymd_opt(s.school_year.0, 9, 5).expect("valid date");
    let screened_on = (start + Duration::days(rng.random_range(0..40))).min(today);
    let identified_on = decision.is_identified().then_some(screened_on);
    debug_assert!(screened_on.year() >= s.school_year.0 - 1);
    Some(Screening {
        student_id: s.id,
        screened_on,
        factors,
        decision,
        identified_on,
        notes: String::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Status;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
    }

    #[test]
    fn a_class_has_cases_to_see() {
        let d = generate(40, 1, today(), Lang::Vi);
        assert_eq!(d.students.len(), 40);
        assert!(d.students.iter().all(|s| s.class == "8A"));
        let count = |st: Status| d.screenings.iter().filter(|s| Status::of(Some(s)) == st).count();
        assert!(count(Status::AtRisk) >= 3);
        assert_eq!(count(Status::ChildLabour), 2);
        assert_eq!(count(Status::Trafficked), 1);
        assert!(
            d.students.len() > d.screenings.len(),
            "some pupils are not screened yet"
        );
    }

    #[test]
    fn every_demo_pupil_is_valid() {
        use crate::domain::StudentInput;
        let d = generate(200, 7, today(), Lang::En);
        for s in &d.students {
            let again = StudentInput::from_student(s).validate(s.id, &s.class, s.school_year, today());
            assert_eq!(again.as_ref(), Ok(s), "{}", s.name);
        }
        for s in &d.screenings {
            assert!(s.screened_on <= today());
        }
    }

    #[test]
    fn a_school_spreads_over_classes() {
        let d = generate(200, 7, today(), Lang::En);
        let classes: BTreeSet<&str> = d.students.iter().map(|s| s.class.as_str()).collect();
        assert_eq!(classes.into_iter().collect::<Vec<_>>(), ["6A", "6B", "7A", "8A", "9A"]);
        assert_eq!(class_name(4 * 26), "6A1");
    }

    #[test]
    fn the_same_seed_gives_the_same_people() {
        let a = generate(30, 42, today(), Lang::Vi);
        let b = generate(30, 42, today(), Lang::Vi);
        let names = |d: &Demo| d.students.iter().map(|s| s.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&a), names(&b));
        assert_ne!(names(&a), names(&generate(30, 43, today(), Lang::Vi)));
    }
}
