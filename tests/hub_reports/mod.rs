//! Reports through a real hub: four fictional classes in two schools of one commune publish
//! their figures as they sync; readers pull them. The school's report equals `report merge`
//! of the classes' own exports; the commune's has both schools and the totals; a class
//! that never synced, a key a teacher did not accept, a revoked device and a hub that lies
//! about a device's key are each told; no pupil's name, birth date, phone or address is in
//! the hub's files or in anything a reader receives.

use std::path::{Path, PathBuf};

use crate::hub_support::*;
use sotay::store::Store;

const PLACES: &str = "school_code,school,commune,province\n\
    HS01,Trường THCS Hoa Sen,Xã An Lạc,Tỉnh Hòa Bình\n\
    HS02,Trường THCS Sen Hồng,Xã An Lạc,Tỉnh Hòa Bình\n\
    TP01,Trường THCS Tân Phú,Xã Tân Phú,Tỉnh Hòa Bình\n";

/// `sotay-hub ARGS… --data DIR`, asserting success: its last line.
fn admin(hub: &Hub, args: &[&str]) -> String {
    let mut all: Vec<&str> = args.to_vec();
    let data = hub.data.to_str().unwrap().to_string();
    all.extend(["--data", &data]);
    hub_admin(&all)
}

/// A report reader's key file in `dir`, enrolled on the hub for `scope`: the key file,
/// its fingerprint and its one-time code.
fn reader(hub: &Hub, dir: &Path, name: &str, scope: &str) -> (PathBuf, String, String) {
    let (key, public, print) = reader_key(dir, name);
    let code = admin(hub, &["enrol", "--reader", scope, "--public-key", &public]);
    (key, print, code)
}

/// A class notebook: a demo class moved to `school`'s code and name, in the commune.
fn class_notebook(root: &Path, school: &str, school_name: &str, class: &str, seed: u64) -> PathBuf {
    let nb = root.join(format!("{school}-{class}"));
    let r = sotay_run(&nb, &["demo", "--students", "30", "--seed", &seed.to_string()]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let store = Store::open(&nb).unwrap();
    let mut p = store.profile().unwrap().unwrap();
    p.school_code = school.into();
    p.school = school_name.into();
    p.class = class.into();
    p.commune = "Xã An Lạc".into();
    p.province = "Tỉnh Hòa Bình".into();
    store.save_profile(&p).unwrap();
    nb
}

/// Joins `nb` to the hub as its class's first device.
fn join(hub: &Hub, nb: &Path, school: &str, class: &str) {
    let code = hub.enrol_class(school, class, &this_school_year());
    let r = sotay_run(nb, &["join", &hub.url(), "--code", &code]);
    assert_eq!(r.code, Some(0), "{}{}", r.stdout, r.stderr);
}

/// Accepts the offered key with this fingerprint, after seeing it listed.
fn accept(nb: &Path, print: &str) {
    let r = sotay_run(nb, &["readers"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.stdout.contains(print), "{print} not offered: {}", r.stdout);
    let r = sotay_run(nb, &["readers", "accept", &print.to_lowercase().replace('-', " ")]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
}

/// `sotay report pull` by the reader `key`, to `out`.
fn pull(hub: &Hub, dir: &Path, key: &Path, code: Option<&str>, extra: &[&str], out: &Path) -> Ran {
    let mut c = sotay(dir);
    c.args(["report", "pull", "--hub", &hub.url(), "--key"])
        .arg(key)
        .args(["--period", &this_school_year(), "-o"])
        .arg(out)
        .args(extra);
    if let Some(code) = code {
        c.args(["--code", code]);
    }
    run(c)
}

/// The value of a figure in the block an export embeds.
fn figure(export: &str, key: &str) -> u64 {
    export
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{key}\t")))
        .unwrap_or_else(|| panic!("no figure {key}"))
        .parse()
        .unwrap()
}

/// The lines of a school report in Markdown but its list of sources (file names differ:
/// `8A.md` merged by hand, `sotay-hub: 8A` pulled).
fn without_sources(report: &str) -> Vec<&str> {
    report
        .lines()
        .filter(|l| !l.contains("sotay-hub: ") && !l.contains(".md |"))
        .collect()
}

/// Everything a pupil of these notebooks is known by that must never leave the class.
fn secrets(nbs: &[&Path]) -> Vec<String> {
    let mut out = Vec::new();
    for nb in nbs {
        for s in Store::open(nb).unwrap().students().unwrap() {
            out.push(s.name.clone());
            for v in [&s.phone, &s.address] {
                if v.trim().len() >= 6 {
                    out.push(v.clone());
                }
            }
            out.push(s.birth_date.format("%d/%m/%Y").to_string());
            out.push(s.birth_date.format("%Y-%m-%d").to_string());
        }
    }
    out
}

fn assert_nothing_personal(what: &str, bytes: &[u8], secrets: &[String]) {
    let text = String::from_utf8_lossy(bytes);
    for s in secrets {
        assert!(!text.contains(s.as_str()), "{what} holds {s:?}");
    }
}

#[test]
fn figures_reach_the_school_and_the_commune_as_classes_sync_and_never_a_name() {
    let _serial = one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let mut hub = Hub::start(&root.join("hub"));
    std::fs::write(root.join("places.csv"), PLACES).unwrap();
    admin(&hub, &["places", "import", root.join("places.csv").to_str().unwrap()]);
    let (school_key, school_print, school_code) = reader(&hub, root, "hoa-sen", "school:HS01");
    let (commune_key, commune_print, commune_code) = reader(&hub, root, "an-lac", "commune:xa-an-lac");
    let (other_key, _, other_code) = reader(&hub, root, "sen-hong", "school:HS02");

    // Two classes of Hoa Sen accept both their readers; 9A of Sen Hồng only the
    // commune's; 9B is enrolled and never joins.
    let a8 = class_notebook(root, "HS01", "Trường THCS Hoa Sen", "8A", 3);
    let b8 = class_notebook(root, "HS01", "Trường THCS Hoa Sen", "8B", 4);
    let a9 = class_notebook(root, "HS02", "Trường THCS Sen Hồng", "9A", 5);
    hub.enrol_class("HS02", "9B", &this_school_year());
    for (nb, school, class) in [(&a8, "HS01", "8A"), (&b8, "HS01", "8B"), (&a9, "HS02", "9A")] {
        join(&hub, nb, school, class);
    }
    for nb in [&a8, &b8] {
        accept(nb, &school_print);
        accept(nb, &commune_print);
    }
    accept(&a9, &commune_print);
    for nb in [&a8, &b8, &a9] {
        let r = sotay_run(nb, &["sync"]);
        assert_eq!(r.code, Some(0), "{}", r.stderr);
        assert!(r.stdout.contains("Figures for "), "nothing published: {}", r.stdout);
    }
    // Syncing again with nothing changed sends no figures again.
    let r = sotay_run(&a8, &["sync"]);
    assert!(!r.stdout.contains("Figures for "), "{}", r.stdout);

    // The school's reader: the same report as merging the classes' own exports.
    let out = root.join("out");
    std::fs::create_dir_all(&out).unwrap();
    let pulled = out.join("hoa-sen.md");
    let r = pull(&hub, root, &school_key, Some(&school_code), &[], &pulled);
    assert_eq!(r.code, Some(0), "{}{}", r.stdout, r.stderr);
    let token = school_key.with_extension("key.token");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&token).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the reader's token is readable by others");
    }
    #[cfg(not(unix))]
    assert!(token.exists());
    let exports: Vec<PathBuf> = [(&a8, "8A"), (&b8, "8B")]
        .into_iter()
        .map(|(nb, class)| {
            let file = out.join(format!("{class}.md"));
            let r = sotay_run(
                nb,
                &["export", "-o", file.to_str().unwrap(), "--period", &this_school_year()],
            );
            assert_eq!(r.code, Some(0), "{}", r.stderr);
            file
        })
        .collect();
    let merged = out.join("merged.md");
    let mut c = sotay(root);
    c.args(["report", "merge"]).args(&exports).arg("-o").arg(&merged);
    let r = run(c);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let pulled_text = std::fs::read_to_string(&pulled).unwrap();
    let merged_text = std::fs::read_to_string(&merged).unwrap();
    assert_eq!(without_sources(&pulled_text), without_sources(&merged_text));

    // Later pulls need no code: the token is kept beside the key.
    let again = out.join("hoa-sen-again.csv");
    let r = pull(&hub, root, &school_key, None, &[], &again);
    assert_eq!(r.code, Some(0), "{}", r.stderr);

    // The commune's reader: both schools, with totals; 9B is missing, never sent.
    let commune = out.join("an-lac.md");
    let r = pull(&hub, root, &commune_key, Some(&commune_code), &[], &commune);
    assert_eq!(r.code, Some(0), "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("HS02 9B (last sent: never)"), "{}", r.stdout);
    let text = std::fs::read_to_string(&commune).unwrap();
    for name in ["Trường THCS Hoa Sen", "Trường THCS Sen Hồng", "9B"] {
        assert!(text.contains(name), "{name} not in the commune's report");
    }
    let pupils: u64 = [&a8, &b8, &a9]
        .iter()
        .map(|nb| {
            let export =
                String::from_utf8(report_of(nb, &["--format", "md", "--period", &this_school_year()])).unwrap();
            figure(&export, "pupils")
        })
        .sum();
    assert!(
        text.lines()
            .any(|l| l.starts_with("| ") && l.contains(&format!("| {pupils} |"))),
        "the commune's total of {pupils} pupils is not in its report"
    );

    // Sen Hồng's reader: 9A did not accept its key, 9B never sent: nothing to report.
    let r = pull(&hub, root, &other_key, Some(&other_code), &[], &out.join("sen-hong.md"));
    assert_eq!(r.code, Some(5), "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr
            .contains("HS02 9A sent figures for this period, but not to this reader's key"),
        "{}",
        r.stderr
    );
    assert!(!out.join("sen-hong.md").exists());
    // Both of its classes are listed all the same, to chase.
    assert!(
        r.stdout
            .contains("HS02 9A (sent, but not to this reader's key; last sent: "),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("HS02 9B (last sent: never)"), "{}", r.stdout);

    // A school's reader asking for another school is refused by the hub.
    let r = pull(
        &hub,
        root,
        &school_key,
        None,
        &["--scope", "school:HS02"],
        &out.join("x.md"),
    );
    assert_eq!(r.code, Some(5), "{}", r.stderr);
    assert!(
        r.stderr.contains("school:HS02 is outside this reader's scope"),
        "{}",
        r.stderr
    );

    // No pupil's name, birth date, phone or address: in the hub's files, in what readers got.
    let secrets = secrets(&[&a8, &b8, &a9]);
    assert!(secrets.len() > 90);
    hub.stop();
    for (path, bytes) in snapshot(&hub.data) {
        assert_nothing_personal(&format!("the hub's {}", path.display()), &bytes, &secrets);
    }
    for f in [&pulled, &again, &commune] {
        assert_nothing_personal(&f.display().to_string(), &std::fs::read(f).unwrap(), &secrets);
    }
}

#[test]
fn figures_of_a_revoked_or_unknown_device_or_altered_are_refused_and_told() {
    let _serial = one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let hub = Hub::start(&root.join("hub"));
    std::fs::write(root.join("places.csv"), PLACES).unwrap();
    admin(&hub, &["places", "import", root.join("places.csv").to_str().unwrap()]);
    let (key, print, code) = reader(&hub, root, "hoa-sen", "school:HS01");
    let a8 = class_notebook(root, "HS01", "Trường THCS Hoa Sen", "8A", 3);
    let b8 = class_notebook(root, "HS01", "Trường THCS Hoa Sen", "8B", 4);
    for (nb, class) in [(&a8, "8A"), (&b8, "8B")] {
        join(&hub, nb, "HS01", class);
        accept(nb, &print);
        let r = sotay_run(nb, &["sync"]);
        assert_eq!(r.code, Some(0), "{}", r.stderr);
    }
    // The reader pulls through something between it and the hub (or a hub that lies).
    let proxy = Proxy::start(hub.addr);
    let pull_through = |code: Option<&str>, out: &str| {
        let mut c = sotay(root);
        c.args(["report", "pull", "--hub", &proxy.url(), "--key"])
            .arg(&key)
            .args(["--period", &this_school_year(), "-o"])
            .arg(root.join(out));
        if let Some(code) = code {
            c.args(["--code", code]);
        }
        run(c)
    };
    let r = pull_through(Some(&code), "first.md");
    assert_eq!(r.code, Some(0), "{}", r.stderr);

    // Keys swapped: no signature checks, nothing is counted, and each class is named.
    proxy.report_lie.store(LIE_KEYS, std::sync::atomic::Ordering::Relaxed);
    let r = pull_through(None, "keys.md");
    assert_eq!(r.code, Some(5), "{}", r.stderr);
    for class in ["8A", "8B"] {
        assert!(
            r.stderr.contains(&format!(
                "The figures of HS01 {class} were refused and are not counted: the signature does not match"
            )),
            "{}",
            r.stderr
        );
    }
    assert!(!root.join("keys.md").exists());
    // Devices the hub does not name: unknown.
    proxy
        .report_lie
        .store(LIE_NO_DEVICES, std::sync::atomic::Ordering::Relaxed);
    let r = pull_through(None, "unknown.md");
    assert_eq!(r.code, Some(5), "{}", r.stderr);
    assert!(
        r.stderr.contains("signed by a device the hub has not enrolled"),
        "{}",
        r.stderr
    );

    // Revoked: 8A's device is stopped; what it signed no longer counts, 8B's still does.
    proxy.report_lie.store(LIE_NONE, std::sync::atomic::Ordering::Relaxed);
    let device = Store::open(&a8).unwrap().device_id();
    hub.revoke(device);
    let r = pull_through(None, "after.md");
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("The figures of HS01 8A were refused and are not counted: signed by a revoked device"),
        "{}",
        r.stderr
    );
    assert!(
        r.stdout.contains("HS01 8A (figures refused, not counted; last sent: "),
        "{}",
        r.stdout
    );
    let text = std::fs::read_to_string(root.join("after.md")).unwrap();
    assert!(
        text.contains("8B") && text.contains("8A"),
        "8B counted, 8A listed as missing"
    );
    // The report itself says why 8A, which did send, is not counted.
    assert!(
        text.lines()
            .any(|l| l.starts_with("| 8A |") && l.contains("| figures refused, not counted |")),
        "{text}"
    );
}
