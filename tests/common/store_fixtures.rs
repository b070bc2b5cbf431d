//! Fictional people and a clock the test moves, for the store's tests.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, NaiveDate, Utc};
use sotay::clock::Clock;
use sotay::domain::{
    Audience, Case, Decision, Informed, Profile, RiskFactor, SchoolYear, Screening, Sector, Session, Sex, Stage,
    Student, Support, SupportStatus, SupportType, Visit,
};
use sotay::i18n::Lang;
use uuid::Uuid;

/// A clock whose time the test sets and moves, backwards too.
pub struct TestClock(AtomicI64);

impl TestClock {
    /// 28/11/2026, 05:00 UTC.
    pub fn new() -> Arc<TestClock> {
        Arc::new(TestClock(AtomicI64::new(1_795_842_000_000)))
    }
    pub fn advance_millis(&self, ms: i64) {
        self.0.fetch_add(ms, Ordering::SeqCst);
    }
}

impl Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        DateTime::from_timestamp_millis(self.0.load(Ordering::SeqCst)).expect("in range")
    }
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

pub fn profile() -> Profile {
    Profile {
        teacher: "Cô Giáo Thử".into(),
        school: "Trường THCS Thử Nghiệm".into(),
        school_code: "99999".into(),
        commune: "Xã Hư Cấu".into(),
        province: "Tỉnh Thử".into(),
        class: "8A".into(),
        school_year: SchoolYear(2026),
        lang: Lang::Vi,
        trained_on: None,
    }
}

/// Fictional pupil number `n`, with a stable id.
pub fn student(n: u32) -> Student {
    Student {
        id: Uuid::from_u128(0x5000_0000 + u128::from(n)),
        code: Some(format!("TEST{n:04}")),
        name: format!("Nguyễn Văn Thử {n}"),
        birth_date: date(2013, 1 + n % 12, 1 + n % 28),
        sex: Some(if n.is_multiple_of(2) { Sex::Male } else { Sex::Female }),
        ethnicity: "Kinh".into(),
        address: format!("Thôn Hư Cấu {n}"),
        guardian: "Phụ Huynh Thử".into(),
        phone: String::new(),
        class: "8A".into(),
        school_year: SchoolYear(2026),
        notes: String::new(),
    }
}

pub fn screening(of: &Student) -> Screening {
    Screening {
        student_id: of.id,
        screened_on: date(2026, 11, 20),
        factors: BTreeSet::from([RiskFactor::WorksForFamily, RiskFactor::FrequentAbsence]),
        decision: Decision::AtRisk,
        identified_on: Some(date(2026, 11, 20)),
        notes: String::new(),
    }
}

/// Pupil `of`'s case, intervened in on 22/11/2026.
pub fn case(of: &Student) -> Case {
    Case {
        student_id: of.id,
        stage: Stage::Intervening,
        identified_on: date(2026, 11, 20),
        opened_on: date(2026, 11, 20),
        stage_on: date(2026, 11, 22),
        first_intervention_on: Some(date(2026, 11, 22)),
        close_reason: None,
        notes: "Theo dõi sát".into(),
    }
}

/// Visit number `n` (a stable id) to pupil `of` on `on`, with an agreed action.
pub fn visit(of: &Student, n: u32, on: NaiveDate) -> Visit {
    Visit {
        id: Uuid::from_u128(0x7000_0000 + u128::from(n)),
        student_id: of.id,
        visited_on: on,
        visited_by: "Cô Giáo Thử".into(),
        met: "Mẹ".into(),
        working: true,
        employer: "Gia đình".into(),
        sector: Some(Sector::Agriculture),
        hours_per_week: Some(12),
        hazardous: false,
        attending_school: true,
        findings: "Em phụ gia đình làm ruộng sau giờ học".into(),
        agreed: "Mẹ đồng ý cho em đi học đều".into(),
        next_visit_on: Some(on + chrono::Duration::days(30)),
    }
}

/// Support number `n` (a stable id, increasing with `n`) for pupil `of`, delivered.
pub fn support(of: &Student, n: u32, kind: SupportType) -> Support {
    Support {
        id: Uuid::from_u128(0x8000_0000 + u128::from(n)),
        student_id: of.id,
        kind,
        status: SupportStatus::Delivered,
        planned_on: Some(date(2026, 11, 21)),
        referred_on: None,
        delivered_on: Some(date(2026, 11, 25)),
        declined_on: None,
        amount_vnd: Some(1_500_000),
        provider: "Hội Khuyến học xã Hư Cấu".into(),
        notes: String::new(),
    }
}

/// Awareness session number `n` (a stable id) with `students` of the class there.
pub fn session(n: u32, on: NaiveDate, students: &[&Student]) -> Session {
    Session {
        id: Uuid::from_u128(0x9000_0000 + u128::from(n)),
        held_on: on,
        audience: Audience::Both,
        topic: "Phòng, chống lao động trẻ em".into(),
        attended: 30,
        students: students.iter().map(|s| s.id).collect(),
        notes: String::new(),
    }
}

pub fn informed(of: &Student) -> Informed {
    Informed {
        student_id: of.id,
        student_on: Some(date(2026, 11, 10)),
        parents_on: None,
    }
}

/// Every file and folder under `dir` with its bytes (folders as empty), to compare.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).expect("readable dir") {
            let path = entry.expect("entry").path();
            // The empty file sotay locks for a session is made by any open, even one that
            // refuses the notebook; it holds nothing.
            if path.file_name().is_some_and(|n| n == "sotay.lock") {
                continue;
            }
            if path.is_dir() {
                out.insert(path.clone(), Vec::new());
                todo.push(path);
            } else {
                out.insert(path.clone(), std::fs::read(&path).expect("readable file"));
            }
        }
    }
    out
}

/// Replaces everything in `to` with a copy of what is in `from` (files and folders).
pub fn copy_dir(from: &Path, to: &Path) {
    if to.exists() {
        std::fs::remove_dir_all(to).unwrap();
    }
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// Changes the notebook with sled directly, behind sotay's back, as a session that wrote
/// it and then crashed would leave it: without the seal of a clean close.
pub fn with_raw_sled(dir: &Path, f: impl FnOnce(&sled::Db)) {
    // sled's threads let go of its file lock a moment after a `Db` drops, so both here
    // and after closing, wait for the lock itself (bounded) rather than for a time.
    wait_for_lock(dir);
    let db = sled::open(dir).expect("raw sled opens");
    f(&db);
    db.flush().expect("flush");
    drop(db);
    wait_for_lock(dir);
    match std::fs::remove_file(dir.join("sotay.seal")) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => panic!("removing the seal: {e}"),
        _ => {}
    }
}

/// Returns once no one holds the lock on the notebook's `db` file (at most 10 s).
fn wait_for_lock(dir: &Path) {
    let Ok(file) = std::fs::File::open(dir.join("db")) else {
        return;
    };
    let start = std::time::Instant::now();
    while file.try_lock().is_err() {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(10),
            "sled never let go of its lock"
        );
        std::thread::yield_now();
    }
}

/// Fails, naming each file that differs, if anything under `dir` changed since `before`.
pub fn assert_untouched(dir: &Path, before: &BTreeMap<PathBuf, Vec<u8>>) {
    let after = snapshot(dir);
    let mut changed = Vec::new();
    for path in before.keys().chain(after.keys()) {
        let (b, a) = (before.get(path), after.get(path));
        if b != a && !changed.iter().any(|(p, _)| p == path) {
            let what = match (b, a) {
                (None, Some(_)) => "added".to_string(),
                (Some(_), None) => "removed".to_string(),
                (Some(b), Some(a)) => {
                    let at = b
                        .iter()
                        .zip(a)
                        .position(|(x, y)| x != y)
                        .unwrap_or(b.len().min(a.len()));
                    format!("{} -> {} bytes, first difference at {at}", b.len(), a.len())
                }
                (None, None) => unreachable!(),
            };
            changed.push((path.clone(), what));
        }
    }
    assert!(
        changed.is_empty(),
        "a damaged notebook must be left as it was: {changed:#?}"
    );
}

/// What must never be found in clear where a pupil's data is encrypted: each pupil's name,
/// guardian, phone and address (those of four characters or more), composed and
/// decomposed, as a Vietnamese input method may have typed them.
#[allow(dead_code)] // Not every test binary that shares these fixtures looks for secrets.
pub fn personal_needles(pupils: &[Student]) -> Vec<String> {
    use unicode_normalization::UnicodeNormalization;
    let mut needles = Vec::new();
    for p in pupils {
        for text in [&p.name, &p.guardian, &p.phone, &p.address] {
            if text.chars().count() >= 4 {
                needles.push(text.nfc().collect::<String>());
                needles.push(text.nfd().collect::<String>());
            }
        }
    }
    needles
}

/// Fails naming the file and the text if any of `needles` is in any of `files`.
#[allow(dead_code)] // As above.
pub fn assert_none_in(files: &BTreeMap<PathBuf, Vec<u8>>, needles: &[String]) {
    for (path, bytes) in files {
        for needle in needles {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
                "{} holds {needle:?}",
                path.display()
            );
        }
    }
}
