//! Syncing through a real `sotay-hub` on 127.0.0.1: joining, inviting, two devices that
//! edit offline and converge whatever the order, a device joining late, a revoked device,
//! a hub that is down, an altered download, and what is refused before any connection;
//! the faults and attacks (`hub_faults`) and the interface's background sync (`hub_tui`).

mod hub_faults;
mod hub_reports;
mod hub_support;
mod hub_tui;
mod tui_support;

use std::sync::atomic::Ordering;

use hub_support::*;
use sotay::domain::Student;
use sotay::store::Store;

#[test]
fn devices_join_edit_offline_sync_in_any_order_and_end_identical() {
    let _serial = one_at_a_time();
    let tmp = tempfile::tempdir().unwrap();
    let hub = Hub::start(&tmp.path().join("hub"));
    let (a, b, c) = (tmp.path().join("a"), tmp.path().join("b"), tmp.path().join("c"));

    let rc = first_device(&hub, &hub.url(), &a, "DEMO01", "8A");
    // The second device pulls everything with an invitation and the recovery code.
    let r = further_device(&hub.url(), &a, &b, &rc);
    assert!(r.stdout.contains("Batches sent: 0 ("), "{}", r.stdout);
    assert_eq!(seen(&b), seen(&a));
    assert_ne!(
        Store::open(&a).unwrap().device_id(),
        Store::open(&b).unwrap().device_id()
    );

    // Offline, each on its own: the same pupil edited on both (different fields, and the
    // same field), another pupil deleted on one and edited on the other.
    let pupils = pupils_by_name(&a);
    let (edited, deleted, both) = (pupils[0].clone(), pupils[1].clone(), pupils[2].clone());
    {
        let s = Store::open(&a).unwrap();
        s.save_student(&Student {
            phone: "0900 111 222".into(),
            ..edited.clone()
        })
        .unwrap();
        s.save_student(&Student {
            notes: "Ghi chú máy A".into(),
            ..both.clone()
        })
        .unwrap();
        s.delete_student(deleted.id).unwrap();
    }
    {
        let s = Store::open(&b).unwrap();
        s.save_student(&Student {
            address: "Xóm Mới, xã Hư Cấu".into(),
            ..edited.clone()
        })
        .unwrap();
        s.save_student(&Student {
            notes: "Chuyển lớp".into(),
            ..deleted.clone()
        })
        .unwrap();
        // Later than A's note on the same field: B's wins on both.
        s.save_student(&Student {
            notes: "Ghi chú máy B".into(),
            ..both.clone()
        })
        .unwrap();
    }
    // A first, then B, then A.
    synced(&a);
    let r = synced(&b);
    assert!(
        r.stdout
            .contains("1 change(s) to a pupil deleted on another device were not kept"),
        "{}",
        r.stdout
    );
    synced(&a);
    let first = seen(&a);
    assert_eq!(seen(&b), first);
    let kept = first.0.iter().find(|s| s.id == edited.id).unwrap();
    assert_eq!(
        (kept.phone.as_str(), kept.address.as_str()),
        ("0900 111 222", "Xóm Mới, xã Hư Cấu")
    );
    assert_eq!(first.0.iter().find(|s| s.id == both.id).unwrap().notes, "Ghi chú máy B");
    assert!(!first.0.iter().any(|s| s.id == deleted.id));

    // The other order: both edit offline again, B syncs first.
    let target = pupils_by_name(&a)[3].clone();
    {
        let s = Store::open(&a).unwrap();
        s.save_student(&Student {
            phone: "0911 000 001".into(),
            ..target.clone()
        })
        .unwrap();
    }
    {
        let s = Store::open(&b).unwrap();
        s.save_student(&Student {
            phone: "0911 000 002".into(),
            address: "Thôn Giả Định".into(),
            ..target.clone()
        })
        .unwrap();
    }
    synced(&b);
    synced(&a);
    synced(&b);
    let second = seen(&a);
    assert_eq!(seen(&b), second);
    let t = second.0.iter().find(|s| s.id == target.id).unwrap();
    // B saved last: its phone wins, and its address is kept.
    assert_eq!(
        (t.phone.as_str(), t.address.as_str()),
        ("0911 000 002", "Thôn Giả Định")
    );

    // A third device joins later, through B's invitation, and catches up.
    further_device(&hub.url(), &b, &c, &rc);
    assert_eq!(seen(&c), second);

    // Revoked, the third device is refused (exit 5, the reason said) and changes nothing.
    let device = Store::open(&c).unwrap().device_id();
    hub.revoke(device);
    let r = sotay_run(&c, &["sync"]);
    assert_eq!(r.code, Some(5), "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("revoked"), "{}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert_eq!(seen(&c), second);
    // The others go on.
    synced(&a);
}

#[test]
fn a_hub_out_of_reach_exits_6_loses_nothing_and_the_next_sync_sends_it() {
    let _serial = one_at_a_time();
    let tmp = tempfile::tempdir().unwrap();
    let mut hub = Hub::start(&tmp.path().join("hub"));
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    let rc = first_device(&hub, &hub.url(), &a, "DEMO01", "8A");
    let code_b = invite(&a);

    let pupil = pupils_by_name(&a)[0].clone();
    Store::open(&a)
        .unwrap()
        .save_student(&Student {
            phone: "0988 765 432".into(),
            ..pupil.clone()
        })
        .unwrap();
    hub.stop();
    let r = sotay_run(&a, &["sync"]);
    assert_eq!(r.code, Some(6), "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("can't be reached") && r.stderr.contains("Nothing is lost"),
        "{}",
        r.stderr
    );
    let stats = Store::open(&a).unwrap().hub_stats().unwrap();
    assert_eq!(stats.attempts.last().unwrap().outcome, "unreachable");
    // Still there, saved and sealed.
    let held = pupils_by_name(&a);
    assert_eq!(held[0].phone, "0988 765 432");

    hub.restart();
    // Open elsewhere: exit 3, nothing sent.
    {
        let _open = Store::open(&a).unwrap();
        let r = sotay_run(&a, &["sync"]);
        assert_eq!(r.code, Some(3), "{}{}", r.stdout, r.stderr);
    }
    let r = synced(&a);
    assert!(r.stdout.contains("Batches sent: 1 ("), "{}", r.stdout);
    let stats = Store::open(&a).unwrap().hub_stats().unwrap();
    assert_eq!(stats.attempts.last().unwrap().outcome, "ok");
    assert!(stats.last_synced_millis.is_some());
    assert!(stats.months.values().any(|m| m.sent > 0 && m.received > 0));

    let r = sotay_run(&b, &["join", &hub.url(), "--code", &code_b, "--recovery-code", &rc]);
    assert_eq!(r.code, Some(0), "{}{}", r.stdout, r.stderr);
    let on_b = pupils_by_name(&b);
    assert_eq!(on_b.iter().find(|s| s.id == pupil.id).unwrap().phone, "0988 765 432");
}

#[test]
fn an_altered_download_is_refused_and_nothing_of_it_applied() {
    let _serial = one_at_a_time();
    let tmp = tempfile::tempdir().unwrap();
    let hub = Hub::start(&tmp.path().join("hub"));
    let proxy = Proxy::start(hub.addr);
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    let rc = first_device(&hub, &hub.url(), &a, "DEMO01", "8A");
    // B reaches the hub through the proxy, which passes everything for now.
    further_device(&proxy.url(), &a, &b, &rc);
    let pupil = pupils_by_name(&a)[0].clone();
    Store::open(&a)
        .unwrap()
        .save_student(&Student {
            phone: "0977 000 111".into(),
            ..pupil.clone()
        })
        .unwrap();
    synced(&a);

    let before = seen(&b);
    proxy.alter.store(true, Ordering::Relaxed);
    let r = sotay_run(&b, &["sync"]);
    assert_eq!(r.code, Some(5), "{}{}", r.stdout, r.stderr);
    assert!(proxy.altered.load(Ordering::Relaxed) > 0);
    assert!(
        r.stderr.contains("was refused, nothing of it applied") && r.stderr.contains("signature"),
        "{}",
        r.stderr
    );
    assert_eq!(seen(&b), before);

    // A busy hub: out of reach for now (exit 6), its Retry-After said.
    proxy.alter.store(false, Ordering::Relaxed);
    proxy.busy.store(true, Ordering::Relaxed);
    let r = sotay_run(&b, &["sync"]);
    assert_eq!(r.code, Some(6), "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("the hub asks to wait 30 seconds"), "{}", r.stderr);
    assert_eq!(seen(&b), before);

    // The same batch, unaltered, is taken at the next sync.
    proxy.busy.store(false, Ordering::Relaxed);
    synced(&b);
    assert_eq!(seen(&b), seen(&a));
}

#[test]
fn a_hub_restored_from_an_older_backup_gets_the_batches_again() {
    let _serial = one_at_a_time();
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("hub");
    let mut hub = Hub::start(&data);
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    let rc = first_device(&hub, &hub.url(), &a, "DEMO01", "8A");
    let code_b = invite(&a);
    // The backup, taken with the hub stopped.
    hub.stop();
    let backup = snapshot(&data);
    hub.restart();
    let pupil = pupils_by_name(&a)[0].clone();
    Store::open(&a)
        .unwrap()
        .save_student(&Student {
            phone: "0955 222 333".into(),
            ..pupil.clone()
        })
        .unwrap();
    synced(&a);
    // The hub loses what came after the backup.
    hub.stop();
    std::fs::remove_dir_all(&data).unwrap();
    for (path, bytes) in backup {
        let to = data.join(path);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::write(to, bytes).unwrap();
    }
    hub.restart();
    // A sees the lower head and uploads again; a new device then gets the change.
    let r = synced(&a);
    assert!(r.stdout.contains("Batches sent: 1 ("), "{}", r.stdout);
    let r = sotay_run(&b, &["join", &hub.url(), "--code", &code_b, "--recovery-code", &rc]);
    assert_eq!(r.code, Some(0), "{}{}", r.stdout, r.stderr);
    assert_eq!(seen(&b), seen(&a));
    assert_eq!(
        pupils_by_name(&b).iter().find(|s| s.id == pupil.id).unwrap().phone,
        "0955 222 333"
    );
}

#[test]
fn a_mistyped_code_is_refused_before_any_connection_and_changes_nothing() {
    let _serial = one_at_a_time();
    let tmp = tempfile::tempdir().unwrap();
    let nb = tmp.path().join("nb");
    demo_class(&nb);
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let good = sotay_wire::code::make(&[3; sotay_wire::code::DATA_CHARS]);
    // One character changed: the check character catches it.
    let typo: String = good
        .chars()
        .enumerate()
        .map(|(i, c)| match (i, c) {
            (0, '9') => '8',
            (0, _) => '9',
            (_, c) => c,
        })
        .collect();
    let before = snapshot(&nb);
    let r = sotay_run(&nb, &["join", &url, "--code", &typo]);
    assert_eq!(r.code, Some(5), "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains(&typo) && r.stderr.contains("mistyped"),
        "{}",
        r.stderr
    );
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(listener.accept().is_err(), "a connection was made");
    assert_eq!(snapshot(&nb), before);
    // Vietnamese too.
    let mut c = sotay_in(&nb, "vi");
    c.args(["join", &url, "--code", "7KQ2"]);
    let r = run(c);
    assert_eq!(r.code, Some(5));
    assert!(r.stderr.contains("Mã 7KQ2 không dùng được"), "{}", r.stderr);
}

#[test]
fn plain_http_to_another_computer_is_refused_without_insecure() {
    let _serial = one_at_a_time();
    let tmp = tempfile::tempdir().unwrap();
    let nb = tmp.path().join("nb");
    demo_class(&nb);
    let before = snapshot(&nb);
    let code = sotay_wire::code::make(&[5; sotay_wire::code::DATA_CHARS]);
    let r = sotay_run(&nb, &["join", "http://192.0.2.1:8080", "--code", &code]);
    assert_eq!(r.code, Some(5), "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("Plain HTTP to 192.0.2.1 is refused"), "{}", r.stderr);
    assert_eq!(snapshot(&nb), before);
    // Not joined: sync says so.
    let r = sotay_run(&nb, &["sync"]);
    assert_eq!(r.code, Some(5));
    assert!(r.stderr.contains("joined to no hub"), "{}", r.stderr);
}

#[test]
fn a_copied_notebook_enrols_its_new_device_id_by_itself_and_says_so_once() {
    let _serial = one_at_a_time();
    let tmp = tempfile::tempdir().unwrap();
    let hub = Hub::start(&tmp.path().join("hub"));
    let (a, copy) = (tmp.path().join("a"), tmp.path().join("copy"));
    first_device(&hub, &hub.url(), &a, "DEMO01", "8A");
    for (path, bytes) in snapshot(&a) {
        let to = copy.join(path);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::write(to, bytes).unwrap();
    }
    let pupil = pupils_by_name(&copy)[0].clone();
    Store::open(&copy)
        .unwrap()
        .save_student(&Student {
            phone: "0966 123 456".into(),
            ..pupil.clone()
        })
        .unwrap();
    let r = synced(&copy);
    assert!(r.stderr.contains("its new device id"), "{}", r.stderr);
    assert!(r.stdout.contains("Batches sent: 1 ("), "{}", r.stdout);
    let binding = Store::open(&copy).unwrap().hub_binding().unwrap().unwrap();
    assert_eq!(binding.device, Store::open(&copy).unwrap().device_id());
    // Said once: the next sync enrols nothing.
    let r = synced(&copy);
    assert!(!r.stderr.contains("its new device id"), "{}", r.stderr);
    // The original receives the copy's change.
    synced(&a);
    assert_eq!(pupils_by_name(&a)[0].phone, "0966 123 456");
    assert_eq!(seen(&a), seen(&copy));
}

/// A backup restored on a new computer keeps the hub binding: its first sync enrols the new
/// device id with the old token, by itself; it receives what the original synced after the
/// backup, and the original receives what it changed.
#[test]
fn a_restored_backup_enrols_its_new_device_by_itself_and_keeps_syncing() {
    let _serial = one_at_a_time();
    let tmp = tempfile::tempdir().unwrap();
    let hub = Hub::start(&tmp.path().join("hub"));
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    let file = tmp.path().join("lop-8a.age");
    let rc = first_device(&hub, &hub.url(), &a, "DEMO01", "8A");
    let r = sotay_run(&a, &["backup", "-o", file.to_str().unwrap()]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    // The original goes on after the backup: a change the backup does not hold.
    let pupils = pupils_by_name(&a);
    Store::open(&a)
        .unwrap()
        .save_student(&Student {
            phone: "0966 123 456".into(),
            ..pupils[0].clone()
        })
        .unwrap();
    synced(&a);
    let r = sotay_run(&b, &["restore", file.to_str().unwrap(), "--recovery-code", &rc]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.stdout.contains(&format!("Sync hub: {}", hub.url())), "{}", r.stdout);
    Store::open(&b)
        .unwrap()
        .save_student(&Student {
            address: "Xóm Mới, xã Hư Cấu".into(),
            ..pupils[1].clone()
        })
        .unwrap();
    let r = synced(&b);
    assert!(r.stderr.contains("its new device id"), "{}", r.stderr);
    assert!(r.stdout.contains("Batches sent: 1 ("), "{}", r.stdout);
    let s = Store::open(&b).unwrap();
    assert_eq!(s.hub_binding().unwrap().unwrap().device, s.device_id());
    assert_ne!(s.device_id(), Store::open(&a).unwrap().device_id());
    drop(s);
    synced(&a);
    let (first, second) = (seen(&a), seen(&b));
    assert_eq!(first, second);
    let by_id = |id| first.0.iter().find(|p: &&Student| p.id == id).unwrap();
    assert_eq!(by_id(pupils[0].id).phone, "0966 123 456");
    assert_eq!(by_id(pupils[1].id).address, "Xóm Mới, xã Hư Cấu");
}

/// A school's forward proxy, as `HTTPS_PROXY` names one: it tunnels `CONNECT host:port`
/// and forwards absolute-form requests, counting the requests it carried and their targets.
struct ForwardProxy {
    addr: std::net::SocketAddr,
    targets: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl ForwardProxy {
    fn start() -> ForwardProxy {
        use std::io::{BufRead, BufReader, Write};
        use std::net::{TcpListener, TcpStream};
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let targets = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let seen = targets.clone();
        std::thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(client) = client else { return };
                let seen = seen.clone();
                std::thread::spawn(move || {
                    let mut reader = BufReader::new(client.try_clone().unwrap());
                    let mut head = Vec::new();
                    loop {
                        let mut line = String::new();
                        if reader.read_line(&mut line).unwrap_or(0) == 0 {
                            return;
                        }
                        let end = line == "\r\n";
                        head.push(line);
                        if end {
                            break;
                        }
                    }
                    let mut words = head[0].split_whitespace();
                    let (method, target) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
                    seen.lock().unwrap().push(format!("{method} {target}"));
                    let (host, first) = match method {
                        "CONNECT" => (target.to_string(), None),
                        _ => {
                            let rest = target.strip_prefix("http://").unwrap_or(target);
                            let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
                            let path = if path.is_empty() { "/" } else { path };
                            let line = head[0].replacen(target, path, 1);
                            (host.to_string(), Some(line))
                        }
                    };
                    let Ok(mut upstream) = TcpStream::connect(&host) else {
                        return;
                    };
                    let mut client = client;
                    match first {
                        None => client
                            .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                            .unwrap(),
                        Some(line) => {
                            upstream.write_all(line.as_bytes()).unwrap();
                            for l in &head[1..] {
                                upstream.write_all(l.as_bytes()).unwrap();
                            }
                        }
                    }
                    // What the reader already buffered goes first, then both ways until closed.
                    upstream.write_all(reader.buffer()).unwrap();
                    let mut back = upstream.try_clone().unwrap();
                    let mut to_client = client.try_clone().unwrap();
                    let down = std::thread::spawn(move || std::io::copy(&mut back, &mut to_client));
                    let _ = std::io::copy(&mut reader.into_inner(), &mut upstream);
                    let _ = upstream.shutdown(std::net::Shutdown::Write);
                    let _ = down.join();
                });
            }
        });
        ForwardProxy { addr, targets }
    }
}

/// Schools often reach the Internet only through a proxy: the one `HTTPS_PROXY` (or
/// `ALL_PROXY`) names carries every request of a sync.
#[test]
fn the_proxy_the_environment_names_carries_the_sync() {
    let _serial = one_at_a_time();
    let tmp = tempfile::tempdir().unwrap();
    let hub = Hub::start(&tmp.path().join("hub"));
    let a = tmp.path().join("a");
    first_device(&hub, &hub.url(), &a, "DEMO01", "8A");
    let proxy = ForwardProxy::start();
    for var in ["HTTPS_PROXY", "ALL_PROXY"] {
        proxy.targets.lock().unwrap().clear();
        let mut c = sotay(&a);
        c.env(var, format!("http://{}", proxy.addr)).arg("sync");
        let r = run(c);
        assert_eq!(r.code, Some(0), "{var}: {}{}", r.stdout, r.stderr);
        let hub_addr = hub.url().trim_start_matches("http://").to_string();
        let targets = proxy.targets.lock().unwrap().clone();
        assert!(!targets.is_empty(), "{var}: the sync went around the proxy");
        assert!(
            targets.iter().all(|t| t.contains(&hub_addr)),
            "{var}: {targets:?} (hub {hub_addr})"
        );
    }
}

/// A hub with the school's own certificate: refused until `--ca` names its root, then
/// trusted for every later sync without saying it again.
#[test]
fn a_schools_own_certificate_is_trusted_only_when_given_and_then_remembered() {
    let _serial = one_at_a_time();
    let tmp = tempfile::tempdir().unwrap();
    let cert = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string()]).unwrap();
    let (cert_file, key_file) = (tmp.path().join("school-ca.pem"), tmp.path().join("key.pem"));
    std::fs::write(&cert_file, cert.cert.pem()).unwrap();
    std::fs::write(&key_file, cert.signing_key.serialize_pem()).unwrap();
    let hub = Hub::start_tls(&tmp.path().join("hub"), &cert_file, &key_file);
    assert!(hub.url().starts_with("https://127.0.0.1:"), "{}", hub.url());
    let a = tmp.path().join("a");
    demo_class(&a);
    let code = hub.enrol_class("DEMO01", "8A", &this_school_year());

    let r = sotay_run(&a, &["join", &hub.url(), "--code", &code]);
    assert_eq!(r.code, Some(5), "{}{}", r.stdout, r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("certificate"), "{}", r.stderr);
    let store = Store::open(&a).unwrap();
    assert!(store.hub_binding().unwrap().is_none());
    assert!(store.account().unwrap().is_none(), "a refused join made an account");
    drop(store);

    // The same code works then: the refused join never reached the hub's enrolment.
    let ca = cert_file.to_str().unwrap();
    let r = sotay_run(&a, &["join", &hub.url(), "--code", &code, "--ca", ca]);
    assert_eq!(r.code, Some(0), "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("Batches sent: "), "{}", r.stdout);
    let r = synced(&a);
    assert!(r.stdout.contains("Batches sent: 0 ("), "{}", r.stdout);
    // A CA file that is not one is named.
    let bad = tmp.path().join("not-a-cert.pem");
    std::fs::write(&bad, "hello").unwrap();
    let r = sotay_run(&a, &["sync", "--ca", bad.to_str().unwrap()]);
    assert_eq!(r.code, Some(5), "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("not-a-cert.pem"), "{}", r.stderr);
}
