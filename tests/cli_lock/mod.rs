//! The passphrase lock on the command line (a module of the `cli` test binary): a locked
//! notebook's folder holds no pupil's data in clear, opens only with its passphrase (exit
//! 7 without it or with a wrong one, exit 4 when it is damaged instead), and the lock can
//! be turned on, changed and off.

use std::path::Path;

use predicates::prelude::*;
use sotay::store::{Passphrase, Store, Unlock};

use super::fixtures::{assert_none_in, personal_needles, snapshot};
use super::{SAMPLE_ROWS, fixture, init, one_at_a_time, sotay};

const PASSPHRASE: &str = "hoa phượng đỏ 2026";

/// `sotay` with the notebook's passphrase given as a script gives it.
fn with_passphrase(dir: &Path, passphrase: &str) -> assert_cmd::Command {
    let mut c = sotay(dir);
    c.env("SOTAY_PASSPHRASE", passphrase);
    c
}

fn pupils(dir: &Path, passphrase: &str) -> Vec<sotay::domain::Student> {
    let unlock = Unlock::with(Passphrase::new(passphrase));
    let clock = std::sync::Arc::new(sotay::clock::SystemClock);
    Store::open_unlocked(dir, clock, &unlock).unwrap().students().unwrap()
}

#[test]
fn a_notebook_made_with_a_passphrase_holds_no_name_and_opens_only_with_it() {
    let _serial = one_at_a_time();
    let tmp = tempfile::tempdir().unwrap();
    let nb = tmp.path().join("nb");
    // `init` with SOTAY_PASSPHRASE makes a locked notebook, and says what forgetting it means.
    let year = super::this_school_year();
    with_passphrase(&nb, PASSPHRASE)
        .args(["--lang", "en", "init", "--teacher", "Nguyễn Thị Mẫu"])
        .args(["--school", "Trường THCS Thực Hành", "--school-code", "DEMO01"])
        .args(["--class", "8A", "--school-year", &year])
        .assert()
        .success()
        .stdout(predicate::str::contains("locked with a passphrase"))
        .stdout(predicate::str::contains("recovered through the sync account"));
    with_passphrase(&nb, PASSPHRASE)
        .arg("import")
        .arg(fixture("roster-8A.csv"))
        .assert()
        .success();
    with_passphrase(&nb, PASSPHRASE)
        .arg("import")
        .arg(fixture("nfd.csv"))
        .assert()
        .success();
    let all = pupils(&nb, PASSPHRASE);
    assert!(all.len() >= SAMPLE_ROWS, "the class lists were imported");
    let mut needles = personal_needles(&all);
    needles.extend(["Nguyễn Thị Mẫu", "Trường THCS Thực Hành"].map(String::from));
    assert_none_in(&snapshot(&nb), &needles);

    // Without the passphrase, or with a wrong one: exit 7, a message that says which, and
    // the notebook as it was.
    let before = snapshot(&nb);
    let out = tmp.path().join("report.csv");
    sotay(&nb)
        .args(["--lang", "en", "export", "-o"])
        .arg(&out)
        .assert()
        .code(7)
        .stderr(predicate::str::contains("is locked with a passphrase"))
        .stderr(predicate::str::contains("SOTAY_PASSPHRASE"));
    with_passphrase(&nb, "hoa phuong do 2026")
        .args(["--lang", "en", "export", "-o"])
        .arg(&out)
        .assert()
        .code(7)
        .stderr(predicate::str::contains("Wrong passphrase"))
        .stderr(predicate::str::contains("not damaged"));
    assert!(!out.exists());
    assert_eq!(snapshot(&nb), before);
    // The passphrase typed decomposed (as some input methods send it) is the same one.
    use unicode_normalization::UnicodeNormalization;
    let decomposed: String = PASSPHRASE.nfd().collect();
    with_passphrase(&nb, &decomposed)
        .args(["--lang", "en", "export", "--detail", "full", "-o"])
        .arg(&out)
        .assert()
        .success();
    let report = std::fs::read_to_string(&out).unwrap();
    assert!(
        report.contains("Trường THCS Thực Hành"),
        "the report was read from the notebook"
    );
}

#[test]
fn a_damaged_lock_is_told_apart_from_a_wrong_passphrase() {
    let _serial = one_at_a_time();
    let tmp = tempfile::tempdir().unwrap();
    let nb = tmp.path().join("nb");
    init(&nb);
    sotay(&nb)
        .env("SOTAY_NEW_PASSPHRASE", PASSPHRASE)
        .args(["--lang", "en", "passphrase", "set"])
        .assert()
        .success();
    // The lock's wrapped key changed on disk (one bit), with sled alone.
    {
        let db = sled::open(&nb).unwrap();
        let meta = db.open_tree("meta").unwrap();
        let mut lock = meta.get(sotay::store::layout::META_LOCK).unwrap().unwrap().to_vec();
        let n = lock.len();
        lock[n - 40] ^= 1;
        meta.insert(sotay::store::layout::META_LOCK, lock).unwrap();
        db.flush().unwrap();
    }
    with_passphrase(&nb, PASSPHRASE)
        .args(["--lang", "en", "export", "-o"])
        .arg(tmp.path().join("r.csv"))
        .assert()
        .code(4)
        .stderr(predicate::str::contains("damaged"));
}

#[test]
fn the_lock_is_turned_on_changed_and_off_and_leaves_no_name_behind() {
    let _serial = one_at_a_time();
    let tmp = tempfile::tempdir().unwrap();
    let nb = tmp.path().join("nb");
    init(&nb);
    sotay(&nb)
        .arg("import")
        .arg(fixture("roster-8A.csv"))
        .assert()
        .success();
    let needles = personal_needles(&Store::open(&nb).unwrap().students().unwrap());
    // A new passphrase too short is refused, and nothing changes.
    let before = snapshot(&nb);
    sotay(&nb)
        .env("SOTAY_NEW_PASSPHRASE", "ngắn")
        .args(["--lang", "en", "passphrase", "set"])
        .assert()
        .code(5)
        .stderr(predicate::str::contains("at least 8 characters"));
    assert_eq!(snapshot(&nb), before);
    // On: every value written again, and the old files (with the names in clear) gone.
    sotay(&nb)
        .env("SOTAY_NEW_PASSPHRASE", PASSPHRASE)
        .args(["--lang", "en", "passphrase", "set"])
        .assert()
        .success()
        .stdout(predicate::str::contains("locked with a passphrase"))
        .stdout(predicate::str::contains("recovered through the sync account"))
        .stderr(predicate::str::contains("no sync account yet"));
    assert_none_in(&snapshot(&nb), &needles);
    assert_eq!(pupils(&nb, PASSPHRASE).len(), SAMPLE_ROWS);
    // Changed: the old passphrase no longer opens it, the new one does.
    let newer = "cây bàng trước sân trường";
    with_passphrase(&nb, PASSPHRASE)
        .env("SOTAY_NEW_PASSPHRASE", newer)
        .args(["--lang", "en", "passphrase", "set"])
        .assert()
        .success()
        .stdout(predicate::str::contains("passphrase is changed"));
    with_passphrase(&nb, PASSPHRASE)
        .args(["--lang", "en", "export", "-o"])
        .arg(tmp.path().join("r.csv"))
        .assert()
        .code(7);
    assert_eq!(pupils(&nb, newer).len(), SAMPLE_ROWS);
    // Off: it opens without one, with every pupil.
    with_passphrase(&nb, newer)
        .args(["--lang", "en", "passphrase", "remove"])
        .assert()
        .success()
        .stdout(predicate::str::contains("no longer encrypted"));
    assert_eq!(Store::open(&nb).unwrap().students().unwrap().len(), SAMPLE_ROWS);
    sotay(&nb)
        .args(["--lang", "en", "passphrase", "remove"])
        .assert()
        .code(5)
        .stderr(predicate::str::contains("has no passphrase"));
}
