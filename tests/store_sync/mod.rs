//! Notebooks of one account that merge (docs/sync.md): the merge rules through the store,
//! bundles in and out, and a property test of three devices converging.

use std::sync::Arc;

use proptest::prelude::*;
use sotay::clock::Clock;
use sotay::domain::{
    Case, Casebook, Decision, Profile, RecordKind, Screening, Session, Student, Support, SupportStatus, SupportType,
    Visit, after_screening, contradictions, indicators,
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
    _dir: tempfile::TempDir,
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
                    save_with_case(s, &p, |book| book.put_visit(v.clone()), |case| s.save_visit(&v, case))?;
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
                    save_with_case(
                        s,
                        &p,
                        |book| book.put_support(x.clone()),
                        |case| s.save_support(&x, case),
                    )?;
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

/// Saves a visit or a support with the pupil's case as the interface computes it.
fn save_with_case(
    s: &Store,
    p: &Student,
    put: impl FnOnce(&mut Casebook),
    save: impl FnOnce(Option<&Case>) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let mut book = s.casebook()?;
    let before = s.case(p.id)?;
    put(&mut book);
    let after = before.as_ref().map(|c| c.after_records(&book.interventions_of(p.id)));
    save(after.as_ref().filter(|a| Some(*a) != before.as_ref()))
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
            prop_assert_eq!(&d.state(), &first);
        }
        for d in &devices {
            let book = d.store.casebook().unwrap();
            prop_assert!(contradictions(&book).is_empty(), "{:?}", contradictions(&book));
            // Every batch reached every device.
            prop_assert_eq!(d.store.held_numbers().unwrap(), devices[0].store.held_numbers().unwrap());
        }
    }
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
