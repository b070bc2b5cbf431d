//! `sotay backup` and `sotay restore`: a backup restores as a new device that sees what the
//! original saw and converges with it; it opens with Debian's `age` tool; every unusable
//! backup is refused in one line naming it, exit 5, leaving the folder empty.

use std::path::{Path, PathBuf};

use super::*;
use sotay::backup::format;
use sotay::store::{Binding, Reader};

/// `sotay` in `nb` with the backup passphrase given (or none, even if this process has one).
fn with_backup_passphrase(nb: &Path, passphrase: Option<&str>) -> Command {
    let mut c = sotay(nb);
    c.env_remove("SOTAY_BACKUP_PASSPHRASE");
    if let Some(p) = passphrase {
        c.env("SOTAY_BACKUP_PASSPHRASE", p);
    }
    c
}

/// `sotay backup -o FILE [extra]` in `nb`: the exit code, stdout and stderr.
fn backup(nb: &Path, file: &Path, extra: &[&str], passphrase: Option<&str>) -> (Option<i32>, String, String) {
    let mut c = with_backup_passphrase(nb, passphrase);
    outcome(c.args(["--lang", "en", "backup", "-o"]).arg(file).args(extra))
}

/// `sotay restore FILE [extra]` into `nb` (no `--lang`: the backup's language is kept).
fn restore(nb: &Path, file: &Path, extra: &[&str], passphrase: Option<&str>) -> (Option<i32>, String, String) {
    let mut c = with_backup_passphrase(nb, passphrase);
    outcome(c.arg("restore").arg(file).args(extra))
}

/// A hub binding and an accepted report reader, as a notebook joined to a hub has them
/// (set through the store: no hub is needed to back them up).
fn joined(nb: &Path) -> (Binding, Reader) {
    let s = Store::open(nb).unwrap();
    let binding = Binding {
        url: "https://dongbo.truong-hu-cau.example".into(),
        token: "token-of-the-first-device".into(),
        device: s.device_id(),
        ca: None,
        insecure: false,
    };
    s.set_hub_binding(&binding).unwrap();
    let reader = Reader {
        scope: "school:DEMO01".into(),
        place: Some("Trường THCS Thực Hành".into()),
        public_key: "age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq".into(),
        fingerprint: "7KQ2-M9XD-4TB8-0ZJH".into(),
    };
    s.set_offered_readers(vec![reader.clone()]).unwrap();
    s.accept_reader(&reader.fingerprint).unwrap().unwrap();
    (binding, reader)
}

/// True when `dir` is missing or holds nothing.
fn is_empty(dir: &Path) -> bool {
    !dir.exists() || std::fs::read_dir(dir).unwrap().next().is_none()
}

/// The backup's file name, as the messages name it.
fn name_of(file: &Path) -> String {
    file.display().to_string()
}

#[test]
fn a_backup_restores_as_a_new_device_that_sees_the_same_and_converges_with_the_original() {
    use sotay::domain::Student;
    let _serial = one_at_a_time();
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    let file = tmp.path().join("lop-8a.age");
    let code = class_with_account(&a);
    let (binding, reader) = joined(&a);
    let before = std::time::SystemTime::now();
    let (status, stdout, stderr) = backup(&a, &file, &[], None);
    assert_eq!(status, Some(0), "{stderr}");
    assert!(
        stdout.starts_with("Wrote a backup of the notebook (45 pupils, "),
        "{stdout}"
    );
    // The account existed: its code is not printed again.
    assert!(!stdout.contains(&code), "{stdout}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let noted = Store::open(&a)
        .unwrap()
        .last_backup()
        .unwrap()
        .expect("the backup is noted");
    assert!(noted >= chrono::DateTime::<chrono::Utc>::from(before) - chrono::Duration::seconds(1));

    let (status, stdout, stderr) = restore(&b, &file, &["--recovery-code", &code], None);
    assert_eq!(status, Some(0), "{stderr}");
    assert_eq!(stderr, "");
    // In the backed-up device's language (English, from the demo), naming what came back.
    assert!(stdout.contains("45 pupils"), "{stdout}");
    assert!(stdout.contains(&format!("Sync hub: {}", binding.url)), "{stdout}");
    assert!(stdout.contains("Report readers accepted: 1"), "{stdout}");
    let (sa, sb) = (Store::open(&a).unwrap(), Store::open(&b).unwrap());
    assert_ne!(sa.device_id(), sb.device_id(), "a new device, never the original's id");
    assert!(stdout.contains(&sb.device_id().to_string()), "{stdout}");
    assert_eq!(sb.account().unwrap().unwrap().recovery_code(), code);
    // The hub binding comes back as it was: the next sync enrols the new id with its token.
    assert_eq!(sb.hub_binding().unwrap(), Some(binding));
    let readers = sb.readers().unwrap();
    assert_eq!(readers.recipients(), [reader]);
    assert!(sb.last_backup().unwrap().is_some());
    assert_eq!(sb.profile().unwrap().unwrap().lang, sotay::i18n::Lang::En);
    drop((sa, sb));
    assert_eq!(seen(&b), seen(&a), "the restored notebook shows what the original did");

    // Both go on offline, then swap bundles both ways: no fork, the same notebook after.
    let pupils = {
        let mut p = Store::open(&a).unwrap().students().unwrap();
        p.sort_by_key(|s| s.name.clone());
        p
    };
    Store::open(&a)
        .unwrap()
        .save_student(&Student {
            phone: "0900 111 222".into(),
            ..pupils[0].clone()
        })
        .unwrap();
    Store::open(&b)
        .unwrap()
        .save_student(&Student {
            address: "Xóm Mới, xã Hư Cấu".into(),
            ..pupils[0].clone()
        })
        .unwrap();
    let (to_b, to_a) = (tmp.path().join("a.bundle"), tmp.path().join("b.bundle"));
    export_bundle(&a, &to_b);
    export_bundle(&b, &to_a);
    for (nb, file) in [(&b, &to_b), (&a, &to_a)] {
        let (status, stdout, stderr) = import_bundle(nb, file, &[]);
        assert_eq!(status, Some(0), "{stderr}");
        let (applied, _, refused) = import_counts(&stdout);
        assert!(applied > 0 && refused == 0, "{stdout}");
    }
    let (first, second) = (seen(&a), seen(&b));
    assert_eq!(second, first);
    let kept = first.0.iter().find(|s| s.id == pupils[0].id).unwrap();
    assert_eq!(
        (kept.phone.as_str(), kept.address.as_str()),
        ("0900 111 222", "Xóm Mới, xã Hư Cấu")
    );
    // The restored device's changes travel under its own id, from batch 1.
    let restored = Store::open(&b).unwrap().device_id();
    let own: Vec<u64> = sync_fixtures::headers(&std::fs::read(&to_a).unwrap())
        .iter()
        .filter(|h| h.device == restored)
        .map(|h| h.number)
        .collect();
    assert_eq!(own, [1]);
}

#[test]
fn a_backup_opens_with_the_age_tool_and_holds_the_class() {
    let _serial = one_at_a_time();
    let age = Path::new("/usr/bin/age");
    assert!(
        age.exists(),
        "the age tool is needed: install Debian's package `age` (.ci/run does)"
    );
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    let file = tmp.path().join("lop-8a.age");
    let code = class_with_account(&a);
    let (status, _, stderr) = backup(&a, &file, &[], None);
    assert_eq!(status, Some(0), "{stderr}");
    let keys = keys_of(&code);
    // The account's age identity, as a teacher gets it: from the recovery code, with sotay.
    let identity = tmp.path().join("identity.txt");
    sotay(tmp.path())
        .args(["--lang", "en", "keys", "account-identity", "-o"])
        .arg(&identity)
        .args(["--recovery-code", &code])
        .assert()
        .success()
        .stdout(predicates::str::contains("delete it once used"));
    let text = std::fs::read_to_string(&identity).unwrap();
    assert!(text.lines().any(|l| l.starts_with("AGE-SECRET-KEY-1")), "{text}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&identity).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "the identity file is the user's alone");
    }
    let out = std::process::Command::new(age)
        .arg("-d")
        .arg("-i")
        .arg(&identity)
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let plain = out.stdout;
    assert!(plain.starts_with(&format::BACKUP_MAGIC), "{:?}", &plain[..16]);
    let contents = format::decode(&plain).unwrap();
    assert_eq!(
        sotay::sync::AccountSecret::from_bytes(contents.account_secret).recovery_code(),
        code
    );
    // Its bundle holds every pupil, read with the account's keys alone.
    let mut names = std::collections::BTreeSet::new();
    for b in sotay::sync::read_bundle(&contents.bundle).unwrap() {
        let opened = sotay::sync::open(&keys, b).unwrap();
        for c in sotay::sync::wire::decode(&opened.payload).unwrap() {
            if c.kind == sotay::domain::RecordKind::Student
                && c.field == "name"
                && let Some(sotay::domain::Value::Text(name)) = c.value
            {
                names.insert(name);
            }
        }
    }
    let pupils: std::collections::BTreeSet<String> = Store::open(&a)
        .unwrap()
        .students()
        .unwrap()
        .into_iter()
        .map(|s| s.name)
        .collect();
    assert_eq!(names.len(), 45);
    assert_eq!(names, pupils);
}

#[test]
fn a_passphrase_backup_restores_with_the_passphrase_alone_and_no_other() {
    let _serial = one_at_a_time();
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, c) = (tmp.path().join("a"), tmp.path().join("b"), tmp.path().join("c"));
    let file = tmp.path().join("lop-8a.age");
    let code = class_with_account(&a);
    sotay(&a).arg("import").arg(fixture("roster-8A.csv")).assert().success();
    let pass = "mật khẩu sao lưu của lớp 8A";
    // Too short, or none to be had (no variable and no terminal): refused, nothing written.
    for (given, said) in [
        (Some("ngắn"), "at least 8 characters"),
        (None, "SOTAY_BACKUP_PASSPHRASE"),
    ] {
        let (status, stdout, stderr) = backup(&a, &file, &["--passphrase"], given);
        assert_eq!(status, Some(5), "{stderr}");
        assert_eq!(stdout, "");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains(said), "{stderr}");
        assert!(!file.exists());
    }
    let (status, stdout, stderr) = backup(&a, &file, &["--passphrase"], Some(pass));
    assert_eq!(status, Some(0), "{stderr}");
    assert!(stdout.contains("backup passphrase"), "{stdout}");
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"age-encryption.org/v1\n-> scrypt "));
    fixtures::assert_none_in(&[(file.clone(), bytes)].into(), &personal_texts(&a));

    // A wrong passphrase, or none: refused in one line naming the file, nothing made.
    for (given, said) in [
        (Some("mật khẩu khác hẳn"), "The backup passphrase does not open"),
        (None, "SOTAY_BACKUP_PASSPHRASE"),
    ] {
        let (status, stdout, stderr) = restore(&c, &file, &[], given);
        assert_eq!(status, Some(5), "{stderr}");
        assert_eq!(stdout, "");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains(said) && stderr.contains(&name_of(&file)), "{stderr}");
        assert!(is_empty(&c));
    }
    // The right one alone, no recovery code: the whole notebook, under a new device id.
    let (status, stdout, stderr) = restore(&b, &file, &[], Some(pass));
    assert_eq!(status, Some(0), "{stderr}");
    assert!(stdout.contains(&format!("{} pupils", 45 + SAMPLE_ROWS)), "{stdout}");
    assert_eq!(
        Store::open(&b).unwrap().account().unwrap().unwrap().recovery_code(),
        code
    );
    assert_ne!(
        Store::open(&a).unwrap().device_id(),
        Store::open(&b).unwrap().device_id()
    );
    assert_eq!(seen(&b), seen(&a));
}

#[test]
fn backup_makes_the_account_first_and_refuses_what_it_cannot_do() {
    let _serial = one_at_a_time();
    let tmp = tempfile::tempdir().unwrap();
    let nb = tmp.path().join("nb");
    let file = tmp.path().join("sao-luu.age");
    // No profile: refused like every command that needs one, nothing written.
    let (status, _, stderr) = backup(&nb, &file, &[], None);
    assert_eq!(status, Some(5));
    assert!(stderr.contains("No teacher profile yet"), "{stderr}");
    assert!(!file.exists());
    init(&nb);
    assert!(Store::open(&nb).unwrap().account().unwrap().is_none());
    let (status, stdout, stderr) = backup(&nb, &file, &[], None);
    assert_eq!(status, Some(0), "{stderr}");
    // The account is made as `account new` makes it, its code printed once, alone on a line.
    let secret = Store::open(&nb).unwrap().account().unwrap().expect("an account");
    let code = secret.recovery_code();
    assert!(stdout.starts_with("Made account "), "{stdout}");
    assert!(stdout.contains("copy it by hand"), "{stdout}");
    assert_eq!(stdout.lines().filter(|l| *l == code).count(), 1, "{stdout}");
    assert_eq!(stdout.matches(&code).count(), 1, "{stdout}");
    // An existing file is kept without --force, replaced with it.
    let first = std::fs::read(&file).unwrap();
    let (status, stdout, stderr) = backup(&nb, &file, &[], None);
    assert_eq!(status, Some(5));
    assert_eq!(stdout, "");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("sao-luu.age") && stderr.contains("--force"), "{stderr}");
    assert_eq!(std::fs::read(&file).unwrap(), first);
    let (status, stdout, stderr) = backup(&nb, &file, &["--force"], None);
    assert_eq!(status, Some(0), "{stderr}");
    assert!(!stdout.contains(&code), "printed once only: {stdout}");
    assert_ne!(std::fs::read(&file).unwrap(), first);
    // The code just printed restores it.
    let other = tmp.path().join("other");
    let (status, stdout, stderr) = restore(&other, &file, &["--recovery-code", &code], None);
    assert_eq!(status, Some(0), "{stderr}");
    assert!(stdout.contains("0 pupils"), "{stdout}");
    assert_eq!(
        Store::open(&other).unwrap().profile().unwrap().unwrap().teacher,
        "Nguyễn Thị Mẫu"
    );
}

#[test]
fn every_unusable_backup_is_refused_in_one_line_and_the_folder_stays_empty() {
    let _serial = one_at_a_time();
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    let file = tmp.path().join("lop-8a.age");
    let code = class_with_account(&a);
    let (status, _, stderr) = backup(&a, &file, &[], None);
    assert_eq!(status, Some(0), "{stderr}");
    let good = std::fs::read(&file).unwrap();
    let keys = keys_of(&code);
    let other_code = sotay::sync::AccountSecret::generate().recovery_code();

    let write = |name: &str, bytes: &[u8]| -> PathBuf {
        let p = tmp.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    };
    let bundle = tmp.path().join("a.bundle");
    export_bundle(&a, &bundle);
    let mut cut = good.clone();
    cut.truncate(good.len() - 20);
    let mut altered = good.clone();
    let last = altered.len() - 5;
    altered[last] ^= 0x40;
    // An age file to the account that is not a backup (a bundle inside).
    let foreign = {
        use std::io::Write;
        let recipient = keys.recipient();
        let e = age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient)).unwrap();
        let mut out = Vec::new();
        let mut w = e.wrap_output(&mut out).unwrap();
        w.write_all(&std::fs::read(&bundle).unwrap()).unwrap();
        w.finish().unwrap();
        out
    };
    let cases: Vec<(PathBuf, Vec<&str>, &str)> = vec![
        (bundle.clone(), vec!["--recovery-code", &code], "is not a sotay backup"),
        (
            write("list.csv", b"Ho va ten\n"),
            vec!["--recovery-code", &code],
            "is not a sotay backup",
        ),
        (
            write("foreign.age", &foreign),
            vec!["--recovery-code", &code],
            "is not a sotay backup",
        ),
        (
            write("cut.age", &cut),
            vec!["--recovery-code", &code],
            "is damaged, cut short or altered",
        ),
        (
            write("altered.age", &altered),
            vec!["--recovery-code", &code],
            "is damaged, cut short or altered",
        ),
        (
            file.clone(),
            vec!["--recovery-code", &other_code],
            "The recovery code does not open",
        ),
        (file.clone(), vec![], "add --recovery-code"),
        (
            tmp.path().join("missing.age"),
            vec!["--recovery-code", &code],
            "Cannot read",
        ),
    ];
    let into = tmp.path().join("new");
    for (f, args, said) in &cases {
        let mut args = args.clone();
        args.splice(0..0, ["--lang", "en"]);
        let (status, stdout, stderr) = restore(&into, f, &args, None);
        assert_eq!(status, Some(5), "{f:?}: {stderr}");
        assert_eq!(stdout, "", "{f:?}");
        assert_eq!(stderr.lines().count(), 1, "{f:?}: {stderr}");
        assert!(stderr.contains(said) && stderr.contains(&name_of(f)), "{f:?}: {stderr}");
        assert!(is_empty(&into), "{f:?} left something in the folder");
    }
    // Vietnamese too.
    let (status, _, stderr) = restore(&into, &file, &["--lang", "vi"], None);
    assert_eq!(status, Some(5));
    assert!(stderr.contains("hãy thêm --recovery-code"), "{stderr}");
    // A folder that is not empty is refused and left as it was.
    std::fs::create_dir_all(&into).unwrap();
    std::fs::write(into.join("ghi-chu.txt"), "của cô giáo").unwrap();
    let (status, _, stderr) = restore(&into, &file, &["--lang", "en", "--recovery-code", &code], None);
    assert_eq!(status, Some(5), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("is not empty"), "{stderr}");
    let names: Vec<_> = std::fs::read_dir(&into)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["ghi-chu.txt"]);
    assert_eq!(
        std::fs::read_to_string(into.join("ghi-chu.txt")).unwrap(),
        "của cô giáo"
    );
}

/// Nothing personal is readable in a backup: no pupil's name, guardian, phone or address
/// appears in its bytes, in either Unicode form.
#[test]
fn a_backup_holds_no_byte_of_a_pupils_name_phone_or_address() {
    let _serial = one_at_a_time();
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    class_with_account(&a);
    sotay(&a).arg("import").arg(fixture("roster-8A.csv")).assert().success();
    let file = tmp.path().join("a.age");
    let (status, _, stderr) = backup(&a, &file, &[], None);
    assert_eq!(status, Some(0), "{stderr}");
    let needles = personal_texts(&a);
    assert!(
        needles.len() > 4 * (45 + SAMPLE_ROWS),
        "the pupils have names, phones and addresses"
    );
    fixtures::assert_none_in(&[(file.clone(), std::fs::read(&file).unwrap())].into(), &needles);
}

/// Every pupil's name, guardian, phone and address of the plain notebook `nb`.
fn personal_texts(nb: &Path) -> Vec<String> {
    fixtures::personal_needles(&Store::open(nb).unwrap().students().unwrap())
}
