//! A scripted stream of writes through the real store (every record kind, imports,
//! deletes) and the same writes applied to an in-memory casebook, so a test can tell what
//! the notebook must hold after any number of them. Write `i` depends only on `i` and on
//! what the writes before it made, so a child process and its parent agree on it. Every
//! person here is invented.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sotay::domain::{
    Audience, Case, Casebook, Decision, Informed, RiskFactor, Screening, Session, Settings, Student, Support,
    SupportStatus, SupportType, Visit,
};
use sotay::store::{Store, StoreError};
use uuid::Uuid;

#[derive(Clone, Debug)]
pub enum Write {
    /// An import: many pupils in one write.
    Import(Vec<Student>),
    Edit(Student),
    Screen(Screening, Option<Case>),
    Visit(Visit),
    Support(Support),
    Session(Session),
    Informed(Informed),
    Settings(Settings),
    DeleteVisit(Uuid, Uuid),
    DeleteStudent(Uuid),
}

impl Write {
    /// The number of pupils, if this is a whole class list (see [`CLASS_LIST`]).
    pub fn class_list(&self) -> Option<usize> {
        match self {
            Write::Import(p) if p.len() as u64 >= CLASS_LIST.start => Some(p.len()),
            _ => None,
        }
    }
}

/// The pupils of a whole class list: more than the store writes in one transaction, so it
/// writes them in parts under a mark (see `store::batch`). Other imports have 3 to 11.
pub const CLASS_LIST: std::ops::Range<u64> = 120..260;

fn day(n: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 9, 1).unwrap() + chrono::Days::new(n % 80)
}

fn id(n: u64) -> Uuid {
    Uuid::from_u128(0x0193_0000_0000_7000_8000_0000_0000_0000 + u128::from(n))
}

/// Fictional pupil number `n`: the store tests' pupil, with an id of the model's.
fn pupil(n: u64) -> Student {
    Student {
        id: id(n),
        ..crate::fixtures::student(u32::try_from(n).expect("a pupil number fits in 32 bits"))
    }
}

/// Write number `i`, given the casebook as the writes before it left it.
pub fn write(book: &Casebook, i: u64) -> Write {
    let mut rng = StdRng::seed_from_u64(0x6b11_1000 ^ i);
    let mut pupils: Vec<Uuid> = book.students.keys().copied().collect();
    pupils.sort();
    // Record ids are unique per write: `i` in the high bits.
    let rid = |k: u64| id(100_000_000 + i * 100 + k);
    if pupils.len() < 8 || rng.random_ratio(1, 12) {
        // Now and then a whole class list, which the store writes in parts under a mark.
        let n = if rng.random_ratio(1, 2) {
            rng.random_range(CLASS_LIST)
        } else {
            rng.random_range(3..12)
        };
        return Write::Import((0..n).map(|k| pupil(i * 1000 + k)).collect());
    }
    let who = pupils[rng.random_range(0..pupils.len())];
    match rng.random_range(0..20) {
        0..=3 => {
            let mut s = book.students[&who].clone();
            s.address = format!("Xóm Sửa {i}");
            s.notes = "x".repeat(rng.random_range(0..300));
            Write::Edit(s)
        }
        4..=6 => {
            let decision = [Decision::AtRisk, Decision::ChildLabour, Decision::NotAtRisk][rng.random_range(0..3)];
            let on = day(i);
            let s = Screening {
                student_id: who,
                screened_on: on,
                factors: [RiskFactor::PoorHousehold, RiskFactor::WorksForFamily].into(),
                decision,
                identified_on: decision.is_identified().then_some(on),
                notes: String::new(),
            };
            let case = (decision.is_identified() && !book.cases.contains_key(&who)).then(|| Case::new(who, on));
            Write::Screen(s, case)
        }
        7..=10 => Write::Visit(Visit {
            id: rid(0),
            student_id: who,
            visited_on: day(i),
            visited_by: "Cô Giáo Thử".into(),
            met: "mẹ".into(),
            working: false,
            employer: String::new(),
            sector: None,
            hours_per_week: None,
            hazardous: false,
            attending_school: true,
            findings: "Em đi học đều.".into(),
            agreed: String::new(),
            next_visit_on: None,
        }),
        11..=12 => Write::Support(Support {
            id: rid(0),
            student_id: who,
            kind: SupportType::ALL[rng.random_range(0..SupportType::ALL.len())],
            status: SupportStatus::Planned,
            planned_on: Some(day(i)),
            referred_on: None,
            delivered_on: None,
            declined_on: None,
            amount_vnd: Some(rng.random_range(0..5_000_000)),
            provider: "Hội Khuyến học".into(),
            notes: String::new(),
        }),
        13 => Write::Session(Session {
            id: rid(0),
            held_on: day(i),
            audience: Audience::Parents,
            topic: "Phòng ngừa lao động trẻ em".into(),
            attended: 10,
            students: pupils
                .iter()
                .copied()
                .filter(|_| rng.random_bool(0.5))
                .collect::<BTreeSet<_>>(),
            notes: String::new(),
        }),
        14 => Write::Informed(Informed {
            student_id: who,
            student_on: Some(day(i)),
            parents_on: None,
        }),
        15 => Write::Settings(Settings {
            intervention_days: rng.random_range(1..=90),
            monitoring_days: rng.random_range(7..=365),
        }),
        16..=17 => match book.visits_of(who).first() {
            Some(v) => Write::DeleteVisit(who, v.id),
            None => Write::Edit(book.students[&who].clone()),
        },
        _ => Write::DeleteStudent(who),
    }
}

/// Carries out `w` through the store's write path.
pub fn apply_to_store(store: &Store, w: &Write) -> Result<(), StoreError> {
    match w {
        Write::Import(p) => store.save_students(p),
        Write::Edit(s) => store.save_student(s),
        Write::Screen(s, c) => store.save_screening_and_case(s, c.as_ref()),
        Write::Visit(v) => store.save_visit(v),
        Write::Support(s) => store.save_support(s),
        Write::Session(s) => store.save_session(s),
        Write::Informed(i) => store.save_informed(i),
        Write::Settings(s) => store.save_settings(s),
        Write::DeleteVisit(_, v) => store.delete_visit(*v),
        Write::DeleteStudent(s) => store.delete_student(*s),
    }
}

/// Makes the same change in the casebook.
pub fn apply_to_book(book: &mut Casebook, w: &Write) {
    match w.clone() {
        Write::Import(p) => p.into_iter().for_each(|s| book.put_student(s)),
        Write::Edit(s) => book.put_student(s),
        Write::Screen(s, c) => {
            book.put_screening(s);
            if let Some(c) = c {
                book.put_case(c);
            }
        }
        Write::Visit(v) => book.put_visit(v),
        Write::Support(s) => book.put_support(s),
        Write::Session(s) => book.put_session(s),
        Write::Informed(i) => book.put_informed(i),
        Write::Settings(s) => book.settings = s,
        Write::DeleteVisit(p, v) => book.remove_visit(p, v),
        Write::DeleteStudent(s) => book.remove_student(s),
    }
}

/// The casebook after the first `n` writes.
pub fn book_after(n: u64) -> Casebook {
    let mut book = Casebook::default();
    for i in 0..n {
        let w = write(&book, i);
        apply_to_book(&mut book, &w);
    }
    book
}

/// Everything a casebook holds, in one comparable text (empty lists left out, every list
/// in a fixed order).
pub fn fingerprint(book: &Casebook) -> String {
    let mut book = book.clone();
    book.rederive_cases();
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v.join("\n")
    };
    let all = [
        sorted(book.students.values().map(|x| format!("{x:?}")).collect()),
        sorted(book.screenings.values().map(|x| format!("{x:?}")).collect()),
        sorted(book.cases.values().map(|x| format!("{x:?}")).collect()),
        sorted(book.visits.values().flatten().map(|x| format!("{x:?}")).collect()),
        sorted(book.supports.values().flatten().map(|x| format!("{x:?}")).collect()),
        sorted(book.sessions.iter().map(|x| format!("{x:?}")).collect()),
        sorted(book.informed.values().map(|x| format!("{x:?}")).collect()),
        format!("{:?}", book.settings),
    ];
    all.join("\n--\n")
}
