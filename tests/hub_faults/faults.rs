//! Faults of the network and of the hub: whatever is lost, cut, slowed, repeated or
//! reordered, and a hub killed or put back to an older backup, every acknowledged change
//! reaches every device exactly once and the devices end identical.

use std::path::Path;
use std::time::Duration;

use sotay::store::Store;
use sotay_wire::api::Stored;

use super::proxy::{Fault, Proxy, Request};
use super::*;

/// A hub, a proxy in front of it, device A joined through the proxy and device B straight
/// to the hub; both hold the demo class.
struct Two {
    _tmp: tempfile::TempDir,
    hub: Hub,
    proxy: Proxy,
    a: std::path::PathBuf,
    b: std::path::PathBuf,
}

fn two_devices() -> Two {
    let tmp = tempfile::tempdir().unwrap();
    let hub = Hub::start(&tmp.path().join("hub"));
    let proxy = Proxy::start(hub.addr);
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    let rc = first_device(&hub, &proxy.url(), &a, "FAULT01", "8A");
    further_device(&hub.url(), &a, &b, &rc);
    Two {
        _tmp: tmp,
        hub,
        proxy,
        a,
        b,
    }
}

type Matches = fn(&Request) -> bool;

#[test]
fn every_fault_on_every_kind_of_request_loses_nothing_and_duplicates_nothing() {
    let _serial = one_at_a_time();
    let t = two_devices();
    let upload: Matches = Request::is_upload;
    let page: Matches = Request::is_page;
    let status: Matches = Request::is_status;
    let slow = Fault::Trickle {
        chunk: 256,
        pause: Duration::from_millis(2),
    };
    // The fault, the request it hits (the first of its kind in A's sync), and A's exit:
    // 6 (out of reach, nothing lost) or 0 (slow or repeated, but done).
    let cases: Vec<(&str, Matches, Fault, i32)> = vec![
        ("status dropped", status, Fault::Drop, 6),
        ("status cut", status, Fault::CutAnswer, 6),
        ("upload dropped", upload, Fault::Drop, 6),
        ("upload cut halfway", upload, Fault::CutRequest, 6),
        ("upload's answer lost", upload, Fault::LoseAnswer, 6),
        ("upload's answer cut", upload, Fault::CutAnswer, 6),
        ("upload delayed", upload, Fault::Delay(Duration::from_millis(300)), 0),
        ("upload sent twice", upload, Fault::Twice, 0),
        ("upload answered slowly", upload, slow.clone(), 0),
        ("page dropped", page, Fault::Drop, 6),
        ("page's answer lost", page, Fault::LoseAnswer, 6),
        ("page cut halfway", page, Fault::CutAnswer, 6),
        ("page answered slowly", page, slow, 0),
        ("page asked twice", page, Fault::Twice, 0),
    ];
    for (i, (name, matches, fault, code)) in cases.into_iter().enumerate() {
        // One acknowledged change on each device, of different pupils; B's reaches the hub
        // first so A's sync has a page to download.
        let (on_a, on_b) = (format!("A, case {i}"), format!("B, case {i}"));
        let pa = note(&t.a, i, &on_a);
        let pb = note(&t.b, 44 - i, &on_b);
        synced(&t.b);
        let fault_name = fault.name();
        t.proxy.once(matches, fault);
        let before = t.proxy.seen().len();
        let r = sotay_run(&t.a, &["sync"]);
        assert_eq!(r.code, Some(code), "{name}: {}{}", r.stdout, r.stderr);
        let hit = t.proxy.seen()[before..]
            .iter()
            .any(|s| s.fault == fault_name && matches_seen(s, matches));
        assert!(hit, "{name}: the fault was not made");
        if code == 6 {
            assert!(r.stderr.contains("Nothing is lost"), "{name}: {}", r.stderr);
        }
        t.proxy.pass();
        synced(&t.a);
        synced(&t.b);
        for nb in [&t.a, &t.b] {
            let s = Store::open(nb).unwrap().students().unwrap();
            let notes = |id| s.iter().find(|p| p.id == id).unwrap().notes.clone();
            assert_eq!((notes(pa), notes(pb)), (on_a.clone(), on_b.clone()), "{name}");
        }
        assert_exactly_once_and_converged(&t.hub.url(), &[&t.a, &t.b]);
    }
}

/// Whether the logged request is one `matches` takes (by method and path).
fn matches_seen(s: &super::proxy::Seen, matches: Matches) -> bool {
    let probe = Request::probe(&s.method, &s.path);
    matches(&probe)
}

#[test]
fn a_response_lost_after_the_hub_stored_a_batch_is_followed_by_a_sync_that_sends_nothing_twice() {
    let _serial = one_at_a_time();
    let t = two_devices();
    let id = note(&t.a, 3, "Nghỉ học hai buổi");
    let device = Store::open(&t.a).unwrap().device_id();
    let hub_before = on_hub(&t.a, &t.hub.url())[&device].len();
    t.proxy.once(Request::is_upload, Fault::LoseAnswer);
    let r = sotay_run(&t.a, &["sync"]);
    assert_eq!(r.code, Some(6), "{}{}", r.stdout, r.stderr);
    // The hub stored it; A never heard so.
    let stored = t.proxy.seen().into_iter().find(|s| s.fault == "lose-answer").unwrap();
    assert_eq!(stored.hub_status, Some(200));
    assert_eq!(on_hub(&t.a, &t.hub.url())[&device].len(), hub_before + 1);
    let stats = Store::open(&t.a).unwrap().hub_stats().unwrap();
    assert_eq!(stats.attempts.last().unwrap().outcome, "unreachable");

    // The next sync is a success that uploads nothing: the hub's status shows it holds it.
    let from = t.proxy.seen().len();
    let r = synced(&t.a);
    assert_eq!(batches_sent(&r), 0, "{}", r.stdout);
    assert!(
        !t.proxy.seen()[from..].iter().any(|s| s.method == "PUT"),
        "{:?}",
        t.proxy.seen()
    );
    assert_eq!(on_hub(&t.a, &t.hub.url())[&device].len(), hub_before + 1);
    let stats = Store::open(&t.a).unwrap().hub_stats().unwrap();
    assert_eq!(stats.attempts.last().unwrap().outcome, "ok");
    synced(&t.b);
    let on_b = Store::open(&t.b).unwrap().students().unwrap();
    assert_eq!(on_b.iter().find(|p| p.id == id).unwrap().notes, "Nghỉ học hai buổi");
    assert_exactly_once_and_converged(&t.hub.url(), &[&t.a, &t.b]);
}

/// `n` batches of changes on `nb`, sealed one by one (as `n` syncs that could not reach
/// the hub would have left them).
fn batches_waiting(nb: &Path, n: usize) {
    let s = Store::open(nb).unwrap();
    let mut all = s.students().unwrap();
    all.sort_by_key(|p| p.name.clone());
    for i in 0..n {
        let p = sotay::domain::Student {
            notes: format!("Ghi chú lần {i}"),
            ..all[i % all.len()].clone()
        };
        s.save_student(&p).unwrap();
        assert_eq!(s.seal_pending().unwrap(), 1);
    }
}

#[test]
fn a_hub_killed_mid_upload_keeps_what_it_acknowledged_and_the_next_sync_converges() {
    let _serial = one_at_a_time();
    let mut t = two_devices();
    let device = Store::open(&t.a).unwrap().device_id();
    let before = on_hub(&t.a, &t.hub.url())[&device].len();
    batches_waiting(&t.a, 30);
    // The 10th upload reaches the hub, which is killed (SIGKILL) before its answer is read:
    // it may be half stored, stored, or not at all.
    let mut uploads = 0;
    t.proxy.script(move |r| {
        uploads += usize::from(r.is_upload());
        match (r.is_upload(), uploads) {
            (true, 10) => Fault::HoldAnswer,
            _ => Fault::Pass,
        }
    });
    let from = t.proxy.seen().len();
    let a = t.a.clone();
    let pushing = std::thread::spawn(move || sotay_run(&a, &["sync"]));
    let held = t.proxy.wait_held(1);
    let acknowledged = t
        .proxy
        .seen()
        .iter()
        .skip(from)
        .filter(|s| s.method == "PUT" && s.done && s.hub_status == Some(200))
        .count();
    assert_eq!(acknowledged, 9);
    t.hub.stop();
    t.proxy.release(held[0]);
    let r = pushing.join().unwrap();
    assert_eq!(r.code, Some(6), "{}{}", r.stdout, r.stderr);

    t.hub.restart();
    t.proxy.pass();
    // Everything the hub acknowledged before it was killed is still there.
    let kept = on_hub(&t.a, &t.hub.url())[&device].len();
    assert!(kept >= before + acknowledged, "{kept} < {before} + {acknowledged}");
    let r = synced(&t.a);
    assert!(batches_sent(&r) >= 30 - 10, "{}", r.stdout);
    synced(&t.b);
    assert_eq!(on_hub(&t.a, &t.hub.url())[&device].len(), before + 30);
    assert_exactly_once_and_converged(&t.hub.url(), &[&t.a, &t.b]);
}

/// Every file of `from` copied into `to` (made if missing).
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

#[test]
fn a_hub_restored_from_an_older_backup_is_filled_again_and_a_late_device_gets_everything() {
    let _serial = one_at_a_time();
    let mut t = two_devices();
    let tmp = tempfile::tempdir().unwrap();
    note(&t.a, 1, "Trước bản sao lưu");
    synced(&t.a);
    synced(&t.b);

    // The administrator's backup: the data folder copied while the hub is stopped.
    t.hub.stop();
    let backup = tmp.path().join("backup");
    copy_dir(&t.hub.data, &backup);
    t.hub.restart();

    // Both devices go on and sync after the backup.
    note(&t.a, 2, "Sau bản sao lưu, máy A");
    synced(&t.a);
    note(&t.b, 40, "Sau bản sao lưu, máy B");
    batches_waiting(&t.b, 3);
    synced(&t.b);
    synced(&t.a);
    let (dev_a, dev_b) = (
        Store::open(&t.a).unwrap().device_id(),
        Store::open(&t.b).unwrap().device_id(),
    );
    let full = on_hub(&t.a, &t.hub.url());

    // The disk fails; the backup is put back.
    t.hub.stop();
    std::fs::remove_dir_all(&t.hub.data).unwrap();
    copy_dir(&backup, &t.hub.data);
    t.hub.restart();
    let restored = on_hub(&t.a, &t.hub.url());
    let len = |m: &std::collections::BTreeMap<uuid::Uuid, Vec<Vec<u8>>>, d| m.get(d).map_or(0, Vec::len);
    assert!(len(&restored, &dev_a) < len(&full, &dev_a));
    assert!(len(&restored, &dev_b) < len(&full, &dev_b));

    // A sees the lower heads and uploads again what the hub lost, B's batches too.
    let r = synced(&t.a);
    let lost = (len(&full, &dev_a) - len(&restored, &dev_a)) + (len(&full, &dev_b) - len(&restored, &dev_b));
    assert_eq!(batches_sent(&r), lost, "{}", r.stdout);
    assert!(
        on_hub(&t.a, &t.hub.url()) == full,
        "the hub holds other batches than before"
    );
    let r = synced(&t.b);
    assert_eq!(batches_sent(&r), 0, "{}", r.stdout);

    // A device joining now gets everything.
    let c = tmp.path().join("c");
    let rc = Store::open(&t.a).unwrap().account().unwrap().unwrap().recovery_code();
    further_device(&t.hub.url(), &t.a, &c, &rc);
    assert_exactly_once_and_converged(&t.hub.url(), &[&t.a, &t.b, &c]);
}

#[test]
fn uploads_reaching_the_hub_in_another_order_or_again_later_change_nothing() {
    let _serial = one_at_a_time();
    let t = two_devices();
    let tmp = tempfile::tempdir().unwrap();
    // A third device, through the proxy too, so two devices' syncs run at once.
    let c = tmp.path().join("c");
    let rc = Store::open(&t.a).unwrap().account().unwrap().unwrap().recovery_code();
    further_device(&t.proxy.url(), &t.a, &c, &rc);
    let (pa, pc) = (note(&t.a, 5, "Máy A"), note(&c, 6, "Máy C"));

    // The first upload of each is held; released in the other order than they came.
    let mut uploads = 0;
    t.proxy.script(move |r| {
        uploads += usize::from(r.is_upload());
        match (r.is_upload(), uploads) {
            (true, 1 | 2) => Fault::Hold,
            _ => Fault::Pass,
        }
    });
    let (a, c2) = (t.a.clone(), c.clone());
    let syncing = [
        std::thread::spawn(move || sotay_run(&a, &["sync"])),
        std::thread::spawn(move || sotay_run(&c2, &["sync"])),
    ];
    let held = t.proxy.wait_held(2);
    t.proxy.release(held[1]);
    t.proxy.release(held[0]);
    for s in syncing {
        let r = s.join().unwrap();
        assert_eq!(r.code, Some(0), "{}{}", r.stdout, r.stderr);
    }

    // A's next upload is kept and sent again after a newer one reached the hub: a stale
    // retransmission is a success that stores nothing.
    t.proxy.once(Request::is_upload, Fault::Keep);
    note(&t.a, 7, "Máy A, lần hai");
    synced(&t.a);
    note(&t.a, 8, "Máy A, lần ba");
    t.proxy.pass();
    synced(&t.a);
    let before = on_hub(&t.a, &t.hub.url());
    let answers = t.proxy.send_kept();
    assert_eq!(answers.len(), 1);
    assert_eq!(answers[0].status, 200);
    let stored: Stored = serde_json::from_slice(&answers[0].body).unwrap();
    assert!(!stored.new);
    assert!(on_hub(&t.a, &t.hub.url()) == before);

    for nb in [&t.a, &t.b, &c, &t.a] {
        synced(nb);
    }
    let s = Store::open(&t.b).unwrap().students().unwrap();
    let notes = |id| s.iter().find(|p| p.id == id).unwrap().notes.clone();
    assert_eq!((notes(pa), notes(pc)), ("Máy A".to_string(), "Máy C".to_string()));
    assert_exactly_once_and_converged(&t.hub.url(), &[&t.a, &t.b, &c]);
}
