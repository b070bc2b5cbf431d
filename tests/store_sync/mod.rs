//! Notebooks of one account that merge (docs/sync.md): the merge rules through the store,
//! bundles in and out, and a property test of three devices converging.

use std::sync::Arc;

use proptest::prelude::*;
use sotay::clock::Clock;
use sotay::domain::{
    Case, Casebook, Contradiction, Decision, Profile, RecordKind, ReminderKind, Screening, Session, Stage, Student,
    Support, SupportStatus, SupportType, Visit, after_screening, contradictions, indicators, reminders,
};
use sotay::i18n::Lang;
use sotay::report::{document, period::ReportPeriod, summary};
use sotay::store::{Store, StoreError};
use sotay::sync::account::AccountSecret;
use sotay::sync::exchange;
use uuid::Uuid;

use super::fixtures::{TestClock, date, profile, session, student};

/// A device of the account: its notebook, its folder, its clock.
pub struct Device {
    pub store: Store,
    pub clock: Arc<TestClock>,
    pub _dir: tempfile::TempDir,
}

impl Device {
    fn open(clock: Arc<TestClock>) -> Device {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_with_clock(dir.path(), clock.clone()).unwrap();
        Device {
            store,
            clock,
            _dir: dir,
        }
    }

    /// Sends everything this device holds to `to`, as a bundle would.
    pub fn send_to(&self, to: &Device) -> exchange::Imported {
        let (bundle, _) = exchange::export(&self.store).unwrap();
        exchange::import(&to.store, &bundle).unwrap()
    }

    /// Everything a teacher sees, to compare devices: the records and the full-detail
    /// class summary as CSV.
    fn state(&self) -> State {
        let s = &self.store;
        let sorted = |mut v: Vec<Student>| {
            v.sort_by_key(|x| x.id);
            v
        };
        let book = s.casebook().unwrap();
        let mut cases: Vec<Case> = book_cases(&book, &s.students().unwrap());
        cases.sort_by_key(|c| c.student_id);
        let mut screenings = s.screenings().unwrap();
        screenings.sort_by_key(|x| x.student_id);
        let mut visits = s.visits().unwrap();
        visits.sort_by_key(|x| x.id);
        let mut supports = s.supports().unwrap();
        supports.sort_by_key(|x| x.id);
        let mut sessions = s.sessions().unwrap();
        sessions.sort_by_key(|x| x.id);
        let mut p: Profile = s.profile().unwrap().unwrap();
        p.lang = Lang::Vi; // each device's own
        let period = ReportPeriod::parse("2026-2027").unwrap();
        let today = self.clock.now().date_naive();
        let full = summary::summarize(&p, &book, period, summary::Detail::Full, today);
        let csv = sotay::report::csv::render(&document::class_summary(&full, Lang::Vi));
        State {
            students: sorted(s.students().unwrap()),
            screenings,
            cases,
            visits,
            supports,
            sessions,
            profile: p,
            indicators: format!("{:?}", indicators(&book, period.period, today)),
            full_csv: String::from_utf8(csv).unwrap(),
        }
    }
}

fn book_cases(book: &Casebook, students: &[Student]) -> Vec<Case> {
    students.iter().filter_map(|s| book.case_of(s.id)).collect()
}

/// The first part in which two devices' states differ, both sides shown.
fn first_difference(a: &State, b: &State) -> Option<String> {
    macro_rules! each {
        ($($f:ident),*) => {$(
            if a.$f != b.$f {
                return Some(format!("{}: {:#?}\nagainst {:#?}", stringify!($f), a.$f, b.$f));
            }
        )*};
    }
    each!(
        students, screenings, cases, visits, supports, sessions, profile, indicators, full_csv
    );
    None
}

#[derive(Debug, PartialEq)]
struct State {
    students: Vec<Student>,
    screenings: Vec<Screening>,
    cases: Vec<Case>,
    visits: Vec<Visit>,
    supports: Vec<Support>,
    sessions: Vec<Session>,
    profile: Profile,
    indicators: String,
    full_csv: String,
}

/// Three devices of one account: the first made it, with the profile and a session; the
/// other two joined from its bundle.
pub fn account_of(n: usize) -> Vec<Device> {
    let first = Device::open(TestClock::new());
    first.store.save_profile(&profile()).unwrap();
    first.store.set_account(&AccountSecret::generate()).unwrap();
    first.store.save_session(&session(1, date(2026, 11, 2), &[])).unwrap();
    let secret = first.store.account().unwrap().unwrap();
    let mut devices = vec![first];
    for k in 1..n {
        let clock = TestClock::new();
        clock.advance_millis(k as i64 * 7);
        let d = Device::open(clock);
        d.store.set_account(&secret).unwrap();
        devices[0].send_to(&d);
        devices.push(d);
    }
    devices
}

/// What a device does offline, as the interface would do it.
#[derive(Clone, Debug)]
enum Op {
    /// A pupil typed by hand (one of a few names, so hand-typed twins happen).
    Type {
        name: u8,
    },
    /// Imports pupils 1–6 of the class list (those the mask picks).
    Import {
        mask: u8,
    },
    Edit {
        pick: u8,
        phone: u16,
    },
    Delete {
        pick: u8,
    },
    Screen {
        pick: u8,
        decision: u8,
        day: u8,
    },
    Visit {
        pick: u8,
        agreed: bool,
        day: u8,
    },
    Support {
        pick: u8,
        status: u8,
        day: u8,
    },
    Tick {
        pick: u8,
        on: bool,
    },
    CaseNotes {
        pick: u8,
        note: u8,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        any::<u8>().prop_map(|name| Op::Type { name: name % 4 }),
        any::<u8>().prop_map(|mask| Op::Import { mask }),
        (any::<u8>(), any::<u16>()).prop_map(|(pick, phone)| Op::Edit { pick, phone }),
        any::<u8>().prop_map(|pick| Op::Delete { pick }),
        (any::<u8>(), 0u8..3, 1u8..28).prop_map(|(pick, decision, day)| Op::Screen { pick, decision, day }),
        (any::<u8>(), any::<bool>(), 1u8..28).prop_map(|(pick, agreed, day)| Op::Visit { pick, agreed, day }),
        (any::<u8>(), 0u8..3, 1u8..28).prop_map(|(pick, status, day)| Op::Support { pick, status, day }),
        (any::<u8>(), any::<bool>()).prop_map(|(pick, on)| Op::Tick { pick, on }),
        (any::<u8>(), any::<u8>()).prop_map(|(pick, note)| Op::CaseNotes { pick, note }),
    ]
}

/// One step of the test: a device does something, or one device's bundle reaches another.
#[derive(Clone, Debug)]
enum Step {
    Do { device: usize, op: Op },
    Send { from: usize, to: usize },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => (0usize..3, op()).prop_map(|(device, op)| Step::Do { device, op }),
        1 => (0usize..3, 0usize..3).prop_map(|(from, to)| Step::Send { from, to }),
    ]
}

/// A pupil of the class list (the same on every device), as an import reads it.
fn listed(n: u32) -> Student {
    Student {
        id: Uuid::now_v7(),
        code: None,
        phone: String::new(),
        ..student(100 + n)
    }
}

fn pick(d: &Device, k: u8) -> Option<Student> {
    let mut all = d.store.students().unwrap();
    all.sort_by_key(|s| s.id);
    if all.is_empty() {
        return None;
    }
    Some(all[usize::from(k) % all.len()].clone())
}

/// Does `op` on `d` as the interface does, through the store's public writes. A write
/// refused because the pupil was deleted (synced meanwhile) is fine: the interface says so.
fn apply_op(d: &Device, op: &Op, n: u32) {
    d.clock.advance_millis(1_000);
    let s = &d.store;
    let today = date(2026, 11, 30);
    let on = |day: u8| date(2026, 11, u32::from(day));
    let result: Result<(), StoreError> = (|| {
        match op {
            Op::Type { name } => {
                let mut p = student(200 + u32::from(*name));
                p.id = Uuid::from_u128(
                    0xAB00_0000 + u128::from(n) + (u128::from(d.clock.now().timestamp_millis() as u64) << 32),
                );
                p.code = None;
                s.save_student(&p)?;
            }
            Op::Import { mask } => {
                let existing: Vec<String> = s.students()?.iter().map(Student::match_key).collect();
                let new: Vec<Student> = (1..=6)
                    .filter(|k| mask & (1 << k) != 0)
                    .map(listed)
                    .filter(|p| !existing.contains(&p.match_key()))
                    .collect();
                s.save_imported(new)?;
            }
            Op::Edit { pick: k, phone } => {
                if let Some(opened) = pick(d, *k) {
                    let edited = Student {
                        phone: format!("0900 {phone:06}"),
                        ..opened.clone()
                    };
                    s.save_edited(Some(&opened), &edited, None)?;
                }
            }
            Op::Delete { pick: k } => {
                if let Some(p) = pick(d, *k) {
                    s.delete_student(p.id)?;
                }
            }
            Op::Screen { pick: k, decision, day } => {
                if let Some(p) = pick(d, *k) {
                    let book = s.casebook()?;
                    let decision =
                        [Decision::NotAtRisk, Decision::AtRisk, Decision::ChildLabour][usize::from(*decision)];
                    let previous = s.screening(p.id)?;
                    let new = Screening {
                        student_id: p.id,
                        screened_on: on(*day),
                        factors: Default::default(),
                        decision,
                        identified_on: decision.is_identified().then(|| on(*day)),
                        notes: String::new(),
                    };
                    let case = book.case_of(p.id);
                    let effect = after_screening(
                        case.as_ref(),
                        previous.as_ref(),
                        &new,
                        &book.interventions_of(p.id),
                        today,
                    );
                    s.save_edited(previous.as_ref(), &new, effect.case().map(|c| (case.as_ref(), c)))?;
                }
            }
            Op::Visit { pick: k, agreed, day } => {
                if let Some(p) = pick(d, *k) {
                    let v = Visit {
                        id: Uuid::from_u128(
                            0xB000_0000 + u128::from(n) + (u128::from(d.store.device_id().as_u128() as u64) << 40),
                        ),
                        agreed: if *agreed {
                            "Mẹ đồng ý cho em đi học đều".into()
                        } else {
                            String::new()
                        },
                        ..super::fixtures::visit(&p, n, on(*day))
                    };
                    s.save_visit(&v)?;
                }
            }
            Op::Support { pick: k, status, day } => {
                if let Some(p) = pick(d, *k) {
                    let status = [
                        SupportStatus::Planned,
                        SupportStatus::Referred,
                        SupportStatus::Delivered,
                    ][usize::from(*status)];
                    let x = Support {
                        id: Uuid::from_u128(
                            0xC000_0000 + u128::from(n) + (u128::from(d.store.device_id().as_u128() as u64) << 40),
                        ),
                        status,
                        planned_on: Some(on(*day)),
                        referred_on: (status == SupportStatus::Referred).then(|| on(*day)),
                        delivered_on: (status == SupportStatus::Delivered).then(|| on(*day)),
                        ..super::fixtures::support(&p, n, SupportType::Scholarship)
                    };
                    s.save_support(&x)?;
                }
            }
            Op::Tick { pick: k, on } => {
                if let Some(p) = pick(d, *k) {
                    let opened = s.sessions()?.into_iter().next().expect("the session");
                    let mut edited = opened.clone();
                    if *on {
                        edited.students.insert(p.id);
                    } else {
                        edited.students.remove(&p.id);
                    }
                    s.save_edited(Some(&opened), &edited, None)?;
                }
            }
            Op::CaseNotes { pick: k, note } => {
                if let Some(p) = pick(d, *k)
                    && let Some(opened) = s.case(p.id)?
                {
                    let edited = Case {
                        notes: format!("Ghi chú {note}"),
                        ..opened.clone()
                    };
                    s.save_edited(Some(&opened), &edited, None)?;
                }
            }
        }
        Ok(())
    })();
    match result {
        Ok(()) | Err(StoreError::Deleted { .. }) => {}
        Err(e) => panic!("{op:?}: {e}"),
    }
}

/// Until every device holds every batch: each sends to each, twice (what one received in
/// the first round reaches the rest in the second).
fn exchange_all(devices: &[Device]) {
    for _ in 0..2 {
        for a in 0..devices.len() {
            for b in 0..devices.len() {
                if a != b {
                    devices[a].send_to(&devices[b]);
                }
            }
        }
    }
}

/// How many cases the property test runs (docs/sync.md says so too).
pub const CASES: u32 = 24;

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, ..ProptestConfig::default() })]

    #[test]
    fn three_devices_converge_whatever_the_order(steps in prop::collection::vec(step(), 10..40)) {
        let devices = account_of(3);
        for (n, s) in steps.iter().enumerate() {
            match s {
                Step::Do { device, op } => apply_op(&devices[*device], op, n as u32),
                Step::Send { from, to } if from != to => {
                    devices[*from].send_to(&devices[*to]);
                }
                Step::Send { .. } => {}
            }
        }
        exchange_all(&devices);
        let first = devices[0].state();
        if std::env::var("SYNC_DEBUG").is_ok() {
            for (k, d) in devices.iter().enumerate() {
                for st in d.store.students().unwrap() {
                    eprintln!("device {k} ({}) case of {}: {:#?}", d.store.device_id(), st.id, d.store.changes_for(RecordKind::Case, st.id).unwrap());
                    eprintln!("stored {:?}", d.store.case(st.id).unwrap());
                }
            }
        }
        for d in &devices[1..] {
            if let Some(field) = first_difference(&d.state(), &first) {
                prop_assert!(false, "{}", field);
            }
        }
        for d in &devices {
            let book = d.store.casebook().unwrap();
            // Every case passes the case rules. A screening and a case changed at once on two
            // devices may still disagree where the dates do not say which is later: then
            // the teacher is reminded to decide, on every device alike.
            let today = date(2026, 11, 30);
            let reminded: Vec<Uuid> = reminders(&book, today)
                .into_iter()
                .filter(|r| matches!(r.kind, ReminderKind::CheckStatus { .. }))
                .map(|r| r.student_id)
                .collect();
            for (pupil, c) in contradictions(&book) {
                let status = matches!(c, Contradiction::OpenButNotAtRisk | Contradiction::ClosedNotAtRiskButIdentified);
                prop_assert!(status, "{:?}", (pupil, c));
                prop_assert!(reminded.contains(&pupil), "{:?} is not reminded", (pupil, c));
            }
            // Every batch reached every device.
            prop_assert_eq!(d.store.held_numbers().unwrap(), devices[0].store.held_numbers().unwrap());
        }
    }
}

/// Two devices of an account, the second joined from the first's bundle.
fn pair() -> (Device, Device) {
    let mut d = account_of(2);
    let b = d.pop().unwrap();
    (d.pop().unwrap(), b)
}

fn exchange(a: &Device, b: &Device) {
    a.send_to(b);
    b.send_to(a);
}

#[test]
fn two_devices_importing_one_class_list_make_each_pupil_once() {
    let (a, b) = pair();
    let list: Vec<Student> = (1..=5).map(listed).collect();
    a.store.save_imported(list.clone()).unwrap();
    b.store.save_imported(list.clone()).unwrap();
    exchange(&a, &b);
    for d in [&a, &b] {
        assert_eq!(d.store.students().unwrap().len(), 5);
    }
    assert_eq!(a.state(), b.state());
}

#[test]
fn a_support_status_comes_with_its_own_dates_through_the_store() {
    let (a, b) = pair();
    let p = student(1);
    a.store.save_student(&p).unwrap();
    exchange(&a, &b);
    let planned = Support {
        status: SupportStatus::Planned,
        delivered_on: None,
        ..super::fixtures::support(&p, 1, SupportType::Scholarship)
    };
    a.store.save_support(&planned).unwrap();
    exchange(&a, &b);
    // A marks it referred on 1/10; B, offline and later, delivered on 5/10.
    let referred = Support {
        status: SupportStatus::Referred,
        referred_on: Some(date(2026, 10, 1)),
        ..planned.clone()
    };
    a.store.save_edited(Some(&planned), &referred, None).unwrap();
    b.clock.advance_millis(60_000);
    let delivered = Support {
        status: SupportStatus::Delivered,
        delivered_on: Some(date(2026, 10, 5)),
        ..planned.clone()
    };
    b.store.save_edited(Some(&planned), &delivered, None).unwrap();
    exchange(&a, &b);
    for d in [&a, &b] {
        assert_eq!(d.store.support(planned.id).unwrap(), Some(delivered.clone()));
    }
}

#[test]
fn the_case_moves_on_from_the_earliest_intervention_merged_on_every_device() {
    let (a, b) = pair();
    let p = student(1);
    a.store.save_student(&p).unwrap();
    let opened = Case::new(p.id, date(2026, 9, 20));
    a.store.save_case(&opened).unwrap();
    exchange(&a, &b);
    // A records a visit with an agreed action on 10/10; B, offline, a support referred 5/10.
    a.store
        .save_visit(&super::fixtures::visit(&p, 1, date(2026, 10, 10)))
        .unwrap();
    let referred = Support {
        status: SupportStatus::Referred,
        referred_on: Some(date(2026, 10, 5)),
        delivered_on: None,
        ..super::fixtures::support(&p, 1, SupportType::SocialServicesReferral)
    };
    b.store.save_support(&referred).unwrap();
    exchange(&a, &b);
    let want = opened.after_records(&[date(2026, 10, 5), date(2026, 10, 10)]);
    assert_eq!((want.stage, want.stage_on), (Stage::Intervening, date(2026, 10, 5)));
    assert_eq!(want.first_intervention_on, Some(date(2026, 10, 5)));
    for d in [&a, &b] {
        assert_eq!(d.store.case(p.id).unwrap(), Some(want.clone()));
        // Derived: never in the log.
        assert!(
            d.store
                .changes()
                .unwrap()
                .iter()
                .all(|c| c.field != "first_intervention_on")
        );
    }
}

#[test]
fn each_pupils_tick_at_a_session_merges_on_its_own() {
    let (a, b) = pair();
    let (lan, minh, hoa) = (student(1), student(2), student(3));
    a.store
        .save_students(&[lan.clone(), minh.clone(), hoa.clone()])
        .unwrap();
    exchange(&a, &b);
    let opened = a.store.sessions().unwrap().remove(0);
    let mut on_a = opened.clone();
    on_a.students.extend([lan.id, minh.id]);
    a.store.save_edited(Some(&opened), &on_a, None).unwrap();
    let mut on_b = opened.clone();
    on_b.students.insert(hoa.id);
    b.store.save_edited(Some(&opened), &on_b, None).unwrap();
    exchange(&a, &b);
    for d in [&a, &b] {
        let s = d.store.sessions().unwrap().remove(0);
        assert_eq!(s.students, [lan.id, minh.id, hoa.id].into_iter().collect());
    }
}

#[test]
fn a_pupil_deleted_on_one_device_stays_deleted_and_the_other_is_told_once() {
    let (a, b) = pair();
    let p = student(1);
    a.store.save_student(&p).unwrap();
    exchange(&a, &b);
    a.store.delete_student(p.id).unwrap();
    // B, offline and after the delete, corrects the phone and records a visit.
    b.clock.advance_millis(60_000);
    let opened = b.store.student(p.id).unwrap().unwrap();
    let phone = Student {
        phone: "0912 000 111".into(),
        ..opened.clone()
    };
    b.store.save_edited(Some(&opened), &phone, None).unwrap();
    b.store
        .save_visit(&super::fixtures::visit(&p, 1, date(2026, 11, 20)))
        .unwrap();
    let told = a.send_to(&b);
    assert_eq!(told.dropped, 2, "two saves of B's to the deleted pupil");
    assert_eq!(b.send_to(&a).dropped, 0);
    assert_eq!(b.store.take_dropped().unwrap(), 0, "told once");
    for d in [&a, &b] {
        assert_eq!(d.store.student(p.id).unwrap(), None);
        assert!(d.store.visits().unwrap().is_empty());
        let log = format!("{:?}", d.store.changes().unwrap());
        for secret in [p.name.as_str(), "0912 000 111", p.address.as_str()] {
            assert!(!log.contains(secret), "the log still holds {secret:?}");
        }
    }
    assert_eq!(a.state(), b.state());
    // A save to the deleted pupil is refused, and brings nothing back.
    assert!(matches!(
        b.store.save_edited(Some(&opened), &phone, None),
        Err(StoreError::Deleted { .. })
    ));
    assert!(matches!(
        b.store.save_visit(&super::fixtures::visit(&p, 2, date(2026, 11, 21))),
        Err(StoreError::Deleted { .. })
    ));
    assert_eq!(b.store.student(p.id).unwrap(), None);
}

#[test]
fn a_form_saves_only_what_the_teacher_changed_over_what_sync_brought_meanwhile() {
    let (a, b) = pair();
    let p = student(1);
    a.store.save_student(&p).unwrap();
    exchange(&a, &b);
    // B's form opens the pupil; meanwhile A's new address arrives.
    let opened = b.store.student(p.id).unwrap().unwrap();
    let moved = Student {
        address: "Thôn Mới, xã Thử".into(),
        ..p.clone()
    };
    a.store.save_student(&moved).unwrap();
    a.send_to(&b);
    let edited = Student {
        phone: "0987 000 222".into(),
        ..opened.clone()
    };
    b.store.save_edited(Some(&opened), &edited, None).unwrap();
    let both = b.store.student(p.id).unwrap().unwrap();
    assert_eq!(
        (both.address.as_str(), both.phone.as_str()),
        ("Thôn Mới, xã Thử", "0987 000 222")
    );
    exchange(&a, &b);
    assert_eq!(a.store.student(p.id).unwrap(), Some(both));
}

#[test]
fn hand_typed_twins_merge_into_one_with_their_records() {
    let (a, b) = pair();
    let mut on_a = student(7);
    on_a.code = None;
    let on_b = Student {
        id: Uuid::from_u128(0xB7),
        ..on_a.clone()
    };
    a.store.save_student(&on_a).unwrap();
    b.store.save_student(&on_b).unwrap();
    b.store
        .save_visit(&super::fixtures::visit(&on_b, 1, date(2026, 11, 3)))
        .unwrap();
    exchange(&a, &b);
    let twins = sotay::domain::duplicates::possible_duplicates(&a.store.students().unwrap());
    assert_eq!(twins.len(), 1);
    a.store.merge_pupils(on_a.id, on_b.id).unwrap();
    exchange(&a, &b);
    for d in [&a, &b] {
        assert_eq!(d.store.students().unwrap(), vec![on_a.clone()]);
        assert_eq!(d.store.visits().unwrap()[0].student_id, on_a.id);
    }
}

#[test]
fn batches_applied_twice_or_in_any_order_give_the_same_notebook() {
    let (a, b) = pair();
    for n in 1..=3 {
        a.store.save_student(&student(n)).unwrap();
        let (bundle, _) = exchange::export(&a.store).unwrap();
        // B receives only the last bundle: every batch, in order; then all of them again.
        if n == 3 {
            let first = exchange::import(&b.store, &bundle).unwrap();
            assert!(first.applied > 0 && first.refused.is_empty());
            let again = exchange::import(&b.store, &bundle).unwrap();
            assert_eq!((again.applied, again.already), (0, first.applied + first.already));
        }
    }
    // A third device gets the batches newest first.
    let c = Device::open(TestClock::new());
    c.store.set_account(&a.store.account().unwrap().unwrap()).unwrap();
    let keys = c.store.account_keys().unwrap();
    let (bundle, _) = exchange::export(&a.store).unwrap();
    let mut batches = exchange::open_all(&keys, &bundle).unwrap();
    batches.reverse();
    for batch in batches {
        c.store.apply(batch).unwrap();
    }
    assert_eq!(c.state(), a.state());
    assert_eq!(b.state(), a.state());
}

#[test]
fn a_batch_from_a_clock_a_day_ahead_is_refused_and_changes_nothing() {
    let (a, b) = pair();
    a.clock.advance_millis(25 * 3_600_000);
    a.store.save_student(&student(1)).unwrap();
    let (bundle, _) = exchange::export(&a.store).unwrap();
    let before = b.store.changes().unwrap();
    let done = exchange::import(&b.store, &bundle).unwrap();
    assert!(
        matches!(
            done.refused.as_slice(),
            [(_, _, _, sotay::store::Refusal::ClockAhead { hours: 24 })]
        ),
        "{:?}",
        done.refused
    );
    assert_eq!(b.store.changes().unwrap(), before);
    assert_eq!(b.store.student(student(1).id).unwrap(), None);
}

#[test]
fn a_restored_copy_takes_a_new_device_id_before_it_writes() {
    let (a, b) = pair();
    let old_id = a.store.device_id();
    // A copy of A's folder, as a backup restored elsewhere.
    let copy = tempfile::tempdir().unwrap();
    super::fixtures::copy_dir(a._dir.path(), copy.path());
    a.store.save_student(&student(1)).unwrap();
    a.send_to(&b);
    let restored = Store::open_with_clock(copy.path(), a.clock.clone()).unwrap();
    let new_id = restored.renewed_at_open().expect("a copy is noticed at open");
    assert_ne!(new_id, old_id);
    assert_eq!(restored.device_id(), new_id);
    // What it writes from now on is under its new id, and merges with the original's.
    restored.save_student(&student(2)).unwrap();
    assert!(
        restored
            .changes()
            .unwrap()
            .last()
            .is_some_and(|c| c.hlc.device == new_id)
    );
    let (bundle, _) = exchange::export(&restored).unwrap();
    assert!(exchange::import(&b.store, &bundle).unwrap().refused.is_empty());
    assert_eq!(b.store.students().unwrap().len(), 2);
    // Opened again in its own place, it keeps its new id and says nothing.
    drop(restored);
    let again = Store::open_with_clock(copy.path(), a.clock.clone()).unwrap();
    assert_eq!((again.device_id(), again.renewed_at_open()), (new_id, None));
}

/// A notebook reopened after a crash (no seal: its files are checked as a copy and that copy
/// moved in) is the same device: it keeps its id and still seals what it saved before the
/// crash. Taking a new id there left those changes unsealed for ever, under an id it no
/// longer seals for. A copy of the folder elsewhere does take a new id.
#[test]
fn a_notebook_reopened_after_a_crash_keeps_its_device_and_sends_what_it_saved() {
    let devices = account_of(2);
    let clock = devices[0].clock.clone();
    let dir = devices[0].store.path().to_path_buf();
    let id = devices[0].store.device_id();
    let mut devices = devices.into_iter();
    let (first, second) = (devices.next().unwrap(), devices.next().unwrap());
    let Device { store, _dir: keep, .. } = first;
    store.save_student(&student(1)).unwrap();
    drop(store);
    // Power lost: the seal of a clean close is missing.
    std::fs::remove_file(dir.join("sotay.seal")).unwrap();
    let store = Store::open_with_clock(&dir, clock.clone()).unwrap();
    assert_eq!(store.renewed_at_open(), None);
    assert_eq!(store.device_id(), id);
    let first = Device {
        store,
        clock: clock.clone(),
        _dir: keep,
    };
    first.send_to(&second);
    assert_eq!(second.store.student(student(1).id).unwrap(), Some(student(1)));
    // A copy of the folder is another device.
    let copy = tempfile::tempdir().unwrap();
    drop(first.store);
    super::fixtures::copy_dir(&dir, copy.path());
    let copied = Store::open_with_clock(copy.path(), clock).unwrap();
    let renewed = copied.renewed_at_open().expect("a copy takes a new id");
    assert_ne!(renewed, id);
    assert_eq!(copied.device_id(), renewed);
}

/// A batch is one transaction on the device that applies it, and sled keeps a copy of every
/// tree node a transaction touches until it ends: so a device seals at most 1,000 changes a
/// batch, whole commits each (importing a whole school's bundle took 104 MB at its peak in
/// batches of 5,000, 53 MB in batches of 1,000: docs/performance.md).
#[test]
fn changes_are_sealed_in_batches_of_at_most_a_thousand() {
    let devices = account_of(2);
    let first = &devices[0];
    for n in 0..120 {
        first.store.save_student(&student(1_000 + n)).unwrap();
    }
    let (bundle, _) = exchange::export(&first.store).unwrap();
    let keys = first.store.account_keys().unwrap();
    let mut batches = Vec::new();
    for sealed in sotay::sync::read_bundle(&bundle).unwrap() {
        let opened = sotay::sync::open(&keys, sealed).unwrap();
        batches.push(sotay::sync::wire::decode(&opened.payload).unwrap());
    }
    let sizes: Vec<usize> = batches.iter().map(Vec::len).collect();
    // The session's batch sent when the second device joined, then the 120 pupils'.
    assert!(sizes[1..].iter().sum::<usize>() > 1_000, "{sizes:?}");
    assert!(sizes.iter().all(|n| *n <= 1_000), "{sizes:?}");
    // Whole commits: a batch never ends inside one.
    for pair in batches.windows(2) {
        assert_ne!(pair[0].last().unwrap().hlc, pair[1][0].hlc);
    }
    first.send_to(&devices[1]);
    assert_eq!(devices[1].store.students().unwrap().len(), 120);
}
