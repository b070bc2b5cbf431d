//! The hub as devices and its administrator meet it: the real binary on 127.0.0.1.

mod readers;
mod support;

use sotay_wire::api::{self, ErrorCode, Health, Invite, Status, Stored};
use support::{Device, Hub};
use uuid::Uuid;

#[test]
fn health_answers_and_every_refusal_is_a_json_error() {
    let hub = Hub::start();
    let health: Health = hub.get(api::HEALTH, None).ok();
    assert_eq!(health.status, "ok");
    assert_eq!(health.api, vec![1]);

    assert_eq!(hub.get("/v1/nothing-here", None).refused(404).code, ErrorCode::NotFound);
    let wrong_method = hub.post_json(api::HEALTH, None, &serde_json::json!({})).refused(405);
    assert_eq!(wrong_method.code, ErrorCode::BadRequest);
    // A body missing a field: the message names it.
    let bad = hub
        .post_json(api::ENROL, None, &serde_json::json!({"code": "x"}))
        .refused(400);
    assert_eq!(bad.code, ErrorCode::BadRequest);
    assert!(bad.message.contains("account"), "{}", bad.message);
    assert_eq!(hub.get(api::STATUS, None).refused(401).code, ErrorCode::Unauthorized);
    assert_eq!(
        hub.get(api::STATUS, Some("not-a-token")).refused(401).code,
        ErrorCode::Unauthorized
    );

    let d = Device::first(&hub, "6A");
    let bad_path = hub.get("/v1/batches/not-a-uuid?after=0", Some(&d.token)).refused(400);
    assert_eq!(bad_path.code, ErrorCode::BadRequest);
    // A JSON body above the small limit.
    let big = serde_json::json!({"code": "x".repeat(100_000)});
    assert_eq!(
        hub.post_json(api::ENROL, None, &big).refused(413).code,
        ErrorCode::TooLarge
    );
}

#[test]
fn a_first_code_binds_the_class_and_further_codes_reach_only_that_account() {
    let hub = Hub::start();
    let code = hub.class_code("6A");
    let mut first = Device::new(Uuid::new_v4());
    let enrolled = first.enrol(&hub, &code);
    assert_eq!((enrolled.account, enrolled.device), (first.account, first.id));
    assert_eq!(
        (
            enrolled.school_code.as_str(),
            enrolled.class.as_str(),
            enrolled.school_year.as_str()
        ),
        ("THCS-TEST", "6A", "2026-2027")
    );

    // The same code again: another device is refused; the same device and key (its answer
    // was lost) gets a fresh token and the old one stops working.
    let other = Device::new(first.account);
    let used = hub.post_json(api::ENROL, None, &other.request(&code)).refused(400);
    assert_eq!(used.code, ErrorCode::CodeUsed);
    let old_token = first.token.clone();
    first.enrol(&hub, &code.to_lowercase().replace('-', " "));
    assert_ne!(first.token, old_token);
    assert_eq!(
        hub.get(api::STATUS, Some(&old_token)).refused(401).code,
        ErrorCode::Unauthorized
    );
    hub.get(api::STATUS, Some(&first.token)).ok::<Status>();

    // Another account with a code of the bound class: refused.
    let second_code = hub.class_code("6A");
    let stranger = Device::new(Uuid::new_v4());
    let mismatch = hub
        .post_json(api::ENROL, None, &stranger.request(&second_code))
        .refused(409);
    assert_eq!(mismatch.code, ErrorCode::AccountMismatch);
    // A further-device code only for its own account.
    let further_code = hub.account_code(first.account);
    let mismatch = hub
        .post_json(api::ENROL, None, &stranger.request(&further_code))
        .refused(409);
    assert_eq!(mismatch.code, ErrorCode::AccountMismatch);
    let mut laptop = Device::new(first.account);
    laptop.enrol(&hub, &further_code);

    // A device id taken with another key.
    let mut impostor = Device::new(first.account);
    impostor.id = laptop.id;
    let taken = hub
        .post_json(api::ENROL, None, &impostor.request(&hub.account_code(first.account)))
        .refused(409);
    assert_eq!(taken.code, ErrorCode::DeviceTaken);

    // A mistyped code (one character changed) and a well-formed code the hub never issued.
    let mut typo: Vec<char> = hub.account_code(first.account).chars().collect();
    typo[0] = if typo[0] == '7' { '8' } else { '7' };
    let typo: String = typo.into_iter().collect();
    let unknown = hub
        .post_json(api::ENROL, None, &Device::new(first.account).request(&typo))
        .refused(400);
    assert_eq!(unknown.code, ErrorCode::CodeUnknown);
    let never = sotay_wire::code::make(&[3; 11]);
    let unknown = hub
        .post_json(api::ENROL, None, &Device::new(first.account).request(&never))
        .refused(400);
    assert_eq!(unknown.code, ErrorCode::CodeUnknown);

    // Invite: a code for a further device, asked by a device of the account.
    let invite: Invite = hub.post_json(api::INVITE, Some(&laptop.token), &()).ok();
    assert!(invite.expires_at.ends_with('Z'), "{}", invite.expires_at);
    let mut phone = Device::new(first.account);
    phone.enrol(&hub, &invite.code);
    let status: Status = hub.get(api::STATUS, Some(&phone.token)).ok();
    let ids: Vec<Uuid> = status.devices.iter().map(|d| d.device).collect();
    assert_eq!(ids.len(), 3);
    for d in [first.id, laptop.id, phone.id] {
        assert!(ids.contains(&d));
    }
}

#[test]
fn an_expired_code_is_refused() {
    let hub = Hub::start();
    let code = hub.class_code("7B");
    // Age every code past its 7 days in the hub's own database, while the hub runs.
    let db = hub.data().join("hub.db");
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async {
            use sqlx::ConnectOptions;
            let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
                .filename(&db)
                .connect()
                .await
                .unwrap();
            let done = sqlx::query("UPDATE codes SET expires_at = created_at - 1")
                .execute(&mut conn)
                .await
                .unwrap();
            assert_eq!(done.rows_affected(), 1);
        });
    let d = Device::new(Uuid::new_v4());
    assert_eq!(
        hub.post_json(api::ENROL, None, &d.request(&code)).refused(400).code,
        ErrorCode::CodeExpired
    );
}

#[test]
fn uploads_are_idempotent_and_refuse_forks_gaps_and_bad_batches() {
    let hub = Hub::start();
    let a = Device::first(&hub, "8C");
    let b = Device::further(&hub, &a);

    let one = a.batch(1, 300);
    let stored: Stored = a.upload(&hub, a.id, 1, &one).ok();
    assert_eq!(stored, Stored { new: true, head: 1 });
    let again: Stored = a.upload(&hub, a.id, 1, &one).ok();
    assert_eq!(again, Stored { new: false, head: 1 });
    // Another device of the account relays a's batch: the same bytes are no change.
    assert_eq!(
        b.upload(&hub, a.id, 1, &one).ok::<Stored>(),
        Stored { new: false, head: 1 }
    );

    let fork = a.upload(&hub, a.id, 1, &a.batch(1, 300)).refused(409);
    assert_eq!(fork.code, ErrorCode::Fork);
    let gap = a.upload(&hub, a.id, 3, &a.batch(3, 10)).refused(409);
    assert_eq!((gap.code, gap.head), (ErrorCode::Gap, Some(1)));
    assert_eq!(
        a.upload(&hub, a.id, 0, &a.batch(0, 10)).refused(400).code,
        ErrorCode::BadRequest
    );

    // b relays a's batch 2, as it got it by bundle.
    let two = a.batch(2, 50);
    assert_eq!(
        b.upload(&hub, a.id, 2, &two).ok::<Stored>(),
        Stored { new: true, head: 2 }
    );

    // Altered after signing.
    let mut altered = a.batch(3, 50);
    let mid = sotay_wire::batch::OUTER_LEN + 10;
    altered[mid] ^= 1;
    assert_eq!(a.upload(&hub, a.id, 3, &altered).refused(400).code, ErrorCode::BadBatch);
    // Signed by b but put in a's slot (b's key is not a's enrolled key).
    assert_eq!(
        b.upload(&hub, a.id, 3, &b.batch_as(a.account, a.id, 3, 50))
            .refused(400)
            .code,
        ErrorCode::BadBatch
    );
    // Header and path disagree: number, device, account.
    assert_eq!(
        a.upload(&hub, a.id, 3, &a.batch(4, 50)).refused(400).code,
        ErrorCode::BadBatch
    );
    assert_eq!(
        a.upload(&hub, b.id, 1, &a.batch(1, 50)).refused(400).code,
        ErrorCode::BadBatch
    );
    let foreign = a.batch_as(Uuid::new_v4(), a.id, 3, 50);
    assert_eq!(a.upload(&hub, a.id, 3, &foreign).refused(400).code, ErrorCode::BadBatch);
    assert_eq!(
        a.upload(&hub, a.id, 3, b"not a batch").refused(400).code,
        ErrorCode::BadBatch
    );
    // Unknown device.
    assert_eq!(
        a.upload(&hub, Uuid::new_v4(), 1, &one).refused(404).code,
        ErrorCode::NotFound
    );

    // Larger than any sealed batch can be.
    let huge = vec![0u8; sotay_wire::batch::MAX_SEALED + (128 << 10)];
    assert_eq!(a.upload(&hub, a.id, 3, &huge).refused(413).code, ErrorCode::TooLarge);

    let status: Status = hub.get(api::STATUS, Some(&b.token)).ok();
    assert_eq!((status.account, status.device), (a.account, b.id));
    let heads: Vec<(Uuid, u64)> = status.devices.iter().map(|d| (d.device, d.head)).collect();
    assert!(heads.contains(&(a.id, 2)) && heads.contains(&(b.id, 0)), "{heads:?}");
}

#[test]
fn a_token_reaches_only_its_own_account() {
    let hub = Hub::start();
    let a = Device::first(&hub, "9A");
    let other = Device::first(&hub, "9B");
    a.upload(&hub, a.id, 1, &a.batch(1, 10)).ok::<Stored>();

    let page = hub.get(&api::page_path(a.id, 0, 10), Some(&other.token)).refused(403);
    assert_eq!(page.code, ErrorCode::Forbidden);
    let put = other.upload(&hub, a.id, 2, &a.batch(2, 10)).refused(403);
    assert_eq!(put.code, ErrorCode::Forbidden);
    let status: Status = hub.get(api::STATUS, Some(&other.token)).ok();
    assert_eq!(status.devices.len(), 1);
    assert_eq!(status.devices[0].device, other.id);
}

#[test]
fn downloads_come_in_order_across_pages() {
    let hub = Hub::start_with(&["--token-rate", "10000", "--token-burst", "10000"]);
    let a = Device::first(&hub, "10A");
    let b = Device::further(&hub, &a);
    let total = api::PAGE_MAX_BATCHES as u64 + 50;
    let mut sent = Vec::new();
    for n in 1..=total {
        let batch = a.batch(n, 40 + n as usize % 7);
        a.upload(&hub, a.id, n, &batch).ok::<Stored>();
        sent.push(batch);
    }
    let mut got: Vec<Vec<u8>> = Vec::new();
    let mut pages = 0;
    loop {
        let answer = hub.get(
            &api::page_path(a.id, got.len() as u64, api::PAGE_MAX_BATCHES),
            Some(&b.token),
        );
        assert_eq!(answer.status, 200);
        assert_eq!(answer.header("content-type"), Some(api::BATCH_MEDIA_TYPE));
        let page = api::decode_page(&answer.body, sotay_wire::batch::MAX_SEALED).unwrap();
        if page.is_empty() {
            break;
        }
        assert!(page.len() <= api::PAGE_MAX_BATCHES as usize);
        got.extend(page.iter().map(|b| b.to_vec()));
        pages += 1;
    }
    assert_eq!(pages, 2);
    assert_eq!(got, sent);
    // A smaller limit, and a page starting in the middle.
    let answer = hub.get(&api::page_path(a.id, 10, 3), Some(&b.token));
    let page = api::decode_page(&answer.body, sotay_wire::batch::MAX_SEALED).unwrap();
    assert_eq!(page, vec![&sent[10][..], &sent[11][..], &sent[12][..]]);
}

#[test]
fn a_page_stops_before_its_byte_limit_but_holds_at_least_one_batch() {
    let hub = Hub::start();
    let a = Device::first(&hub, "11A");
    // Three batches of 3 MiB: two fit under 8 MiB, the third starts the next page.
    let sent: Vec<Vec<u8>> = (1..=3).map(|n| a.batch(n, 3 << 20)).collect();
    for (i, b) in sent.iter().enumerate() {
        a.upload(&hub, a.id, i as u64 + 1, b).ok::<Stored>();
    }
    let first = hub.get(&api::page_path(a.id, 0, 200), Some(&a.token));
    assert!(first.body.len() <= api::PAGE_MAX_BYTES);
    assert_eq!(
        api::decode_page(&first.body, usize::MAX).unwrap(),
        vec![&sent[0][..], &sent[1][..]]
    );
    let second = hub.get(&api::page_path(a.id, 2, 200), Some(&a.token));
    assert_eq!(api::decode_page(&second.body, usize::MAX).unwrap(), vec![&sent[2][..]]);
}

#[test]
fn tokens_and_codes_are_kept_only_as_hashes_and_never_logged() {
    let hub = Hub::start();
    let code = hub.class_code("12A");
    let mut a = Device::new(Uuid::new_v4());
    a.enrol(&hub, &code);
    let invite: Invite = hub.post_json(api::INVITE, Some(&a.token), &()).ok();
    let unused = hub.account_code(a.account);
    a.upload(&hub, a.id, 1, &a.batch(1, 100)).ok::<Stored>();
    let files = hub.files();
    assert!(!files.is_empty());
    let secrets = [a.token.clone(), code.clone(), invite.code.clone(), unused.clone()];
    let contains = |hay: &[u8], needle: &str| hay.windows(needle.len()).any(|w| w == needle.as_bytes());
    for (path, bytes) in &files {
        for s in &secrets {
            assert!(!contains(bytes, s), "{} holds a secret in clear", path.display());
            assert!(
                !contains(bytes, &s.replace('-', "")),
                "{} holds a secret in clear",
                path.display()
            );
        }
    }
    let log = hub.stop();
    assert!(log.contains("/v1/enrol") && log.contains("status=200"), "{log}");
    assert!(log.contains(&a.device_text()), "the log names the device: {log}");
    for s in &secrets {
        assert!(!log.contains(s.as_str()), "the log holds a secret");
    }
}

trait DeviceText {
    fn device_text(&self) -> String;
}

impl DeviceText for Device {
    fn device_text(&self) -> String {
        self.id.to_string()
    }
}

#[test]
fn a_revoked_device_is_refused_but_what_it_sent_stays() {
    let hub = Hub::start();
    let lost = Device::first(&hub, "6B");
    let kept = Device::further(&hub, &lost);
    let one = lost.batch(1, 200);
    lost.upload(&hub, lost.id, 1, &one).ok::<Stored>();
    let two = lost.batch(2, 200);

    let out = hub.run(&["revoke", "--device", &lost.id.to_string()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains(&format!("Revoked device {}", lost.id)));

    assert_eq!(
        hub.get(api::STATUS, Some(&lost.token)).refused(403).code,
        ErrorCode::Revoked
    );
    assert_eq!(
        lost.upload(&hub, lost.id, 2, &two).refused(403).code,
        ErrorCode::Revoked
    );
    // Relayed by a device still enrolled: a new batch signed by the revoked one is refused,
    // the one it sent before is no change.
    assert_eq!(
        kept.upload(&hub, lost.id, 2, &two).refused(403).code,
        ErrorCode::Forbidden
    );
    assert_eq!(
        kept.upload(&hub, lost.id, 1, &one).ok::<Stored>(),
        Stored { new: false, head: 1 }
    );
    let page = hub.get(&api::page_path(lost.id, 0, 10), Some(&kept.token));
    assert_eq!(api::decode_page(&page.body, usize::MAX).unwrap(), vec![&one[..]]);
    let status: Status = hub.get(api::STATUS, Some(&kept.token)).ok();
    let row = status.devices.iter().find(|d| d.device == lost.id).unwrap();
    assert_eq!((row.head, row.revoked), (1, true));
    // It cannot come back with a new code either.
    let mut again = Device::new(lost.account);
    again.id = lost.id;
    again.key = lost.key.clone();
    let refused = hub
        .post_json(api::ENROL, None, &again.request(&hub.account_code(lost.account)))
        .refused(403);
    assert_eq!(refused.code, ErrorCode::Revoked);

    // Revoking again says so; an unknown device is a failure that names the flag.
    let out = hub.run(&["revoke", "--device", &lost.id.to_string()]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("revoked already"));
    let nobody = Uuid::new_v4().to_string();
    let out = hub.run(&["revoke", "--device", &nobody]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains(&format!("--device {nobody}")));

    // `devices` lists the account and both devices with what they hold.
    let out = hub.run(&["devices"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(&format!("Account {}", lost.account)), "{text}");
    assert!(text.contains("class 6B") && text.contains("year 2026-2027"), "{text}");
    let lost_row = text.lines().find(|l| l.contains(&lost.id.to_string())).unwrap();
    let cells: Vec<&str> = lost_row.split_whitespace().collect();
    assert_eq!(cells[3..6], ["1", &one.len().to_string(), "yes"], "{lost_row}");
    let kept_row = text.lines().find(|l| l.contains(&kept.id.to_string())).unwrap();
    let cells: Vec<&str> = kept_row.split_whitespace().collect();
    assert_eq!(cells[3..6], ["0", "0", "no"], "{kept_row}");
    // And in Vietnamese.
    let out = support::vi(hub.data(), &["devices"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&format!("Tài khoản {}", lost.account)) && text.contains("thu hồi"),
        "{text}"
    );
}

#[test]
fn enrol_names_a_bad_field_and_changes_nothing() {
    let hub = Hub::start();
    for (args, field) in [
        (
            ["--school-code", "T", "--class", "6A", "--school-year", "2026-2028"],
            "--school-year",
        ),
        (
            ["--school-code", "T", "--class", "6A", "--school-year", "2026"],
            "--school-year",
        ),
        (
            ["--school-code", " ", "--class", "6A", "--school-year", "2026-2027"],
            "--school-code",
        ),
        (
            ["--school-code", "T", "--class", "", "--school-year", "2026-2027"],
            "--class",
        ),
    ] {
        let mut all = vec!["enrol"];
        all.extend(args);
        let out = hub.run(&all);
        assert!(!out.status.success());
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(field),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = hub.run(&["enrol", "--account", &Uuid::new_v4().to_string()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--account"));
    let out = hub.run(&["devices"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "The hub has no class yet.");
    // The code alone on the last line, the explanation before it, in Vietnamese too.
    let out = support::vi(
        hub.data(),
        &[
            "enrol",
            "--school-code",
            "T",
            "--class",
            "6A",
            "--school-year",
            "2026-2027",
        ],
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].contains("thiết bị đầu tiên của lớp 6A"), "{text}");
    assert!(sotay_wire::code::normalize(lines.last().unwrap()).is_ok(), "{text}");
}

#[test]
fn too_many_requests_are_refused_with_retry_after() {
    let hub = Hub::start_with(&["--token-rate", "1", "--token-burst", "3", "--enrol-rate", "2"]);
    let a = Device::first(&hub, "7A"); // one enrolment of the two a minute
    // The burst passes; the rate (one a second) then refuses. Counted, not timed: a slow
    // machine may let a request or two more through.
    let mut passed = 0;
    let limited = loop {
        let answer = hub.get(api::STATUS, Some(&a.token));
        if answer.status != 200 {
            break answer;
        }
        passed += 1;
        assert!(passed < 20, "no request was limited");
    };
    assert!(passed >= 3, "the burst of 3 was not let through: {passed}");
    assert_eq!(limited.refused(429).code, ErrorCode::RateLimited);
    let wait: u64 = limited.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=2).contains(&wait), "{wait}");
    // Guessing codes: the address runs out of enrolments after the minute's two.
    let guess = Device::new(Uuid::new_v4());
    let code = sotay_wire::code::make(&[9; 11]);
    assert_eq!(
        hub.post_json(api::ENROL, None, &guess.request(&code)).refused(400).code,
        ErrorCode::CodeUnknown
    );
    let mut guesses = 1;
    let limited = loop {
        let answer = hub.post_json(api::ENROL, None, &guess.request(&code));
        if answer.status != 400 {
            break answer;
        }
        guesses += 1;
        assert!(guesses < 10, "guessing was not limited");
    };
    assert_eq!(limited.refused(429).code, ErrorCode::RateLimited);
    let wait: u64 = limited.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
}

#[test]
fn plain_http_is_refused_off_loopback_unless_behind_a_proxy() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(support::BIN)
        .args(["serve", "--listen", "0.0.0.0:0", "--data"])
        .arg(dir.path())
        .env("SOTAY_LANG", "en")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("refusing plain HTTP") && err.contains("--tls-cert") && err.contains("--behind-proxy"),
        "{err}"
    );
    assert!(!dir.path().join("hub.db").exists(), "a refused serve made a database");

    // Behind a proxy it serves (here on loopback, the only address tests may use).
    let (mut child, url) = support::spawn_serve(dir.path(), &["--behind-proxy"]);
    assert!(url.starts_with("http://127.0.0.1:"));
    let health: Health = support::Answer::get(&support::agent(), &format!("{url}{}", api::HEALTH)).ok();
    assert_eq!(health.status, "ok");
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn https_serves_with_a_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let cert = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string(), "localhost".to_string()]).unwrap();
    let (cert_file, key_file) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert_file, cert.cert.pem()).unwrap();
    std::fs::write(&key_file, cert.signing_key.serialize_pem()).unwrap();
    let data = dir.path().join("data");
    let (mut child, url) = support::spawn_serve(
        &data,
        &[
            "--tls-cert",
            cert_file.to_str().unwrap(),
            "--tls-key",
            key_file.to_str().unwrap(),
        ],
    );
    assert!(url.starts_with("https://127.0.0.1:"), "{url}");
    let root = ureq::tls::Certificate::from_der(cert.cert.der()).to_owned();
    let tls = ureq::tls::TlsConfig::builder()
        .root_certs(ureq::tls::RootCerts::new_with_certs(&[root]))
        .build();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .tls_config(tls)
        .build()
        .into();
    let health: Health = support::Answer::get(&agent, &format!("{url}{}", api::HEALTH)).ok();
    assert_eq!(health.status, "ok");
    // Without the school's root the client refuses the hub.
    assert!(support::agent().get(format!("{url}{}", api::HEALTH)).call().is_err());
    let _ = child.kill();
    let _ = child.wait();
}

#[cfg(unix)]
#[test]
fn sigterm_stops_the_hub_gracefully() {
    let dir = tempfile::tempdir().unwrap();
    let (mut child, _url) = support::spawn_serve(dir.path(), &[]);
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(std::time::Instant::now() < deadline, "the hub did not stop on SIGTERM");
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    assert!(status.success(), "{status:?}");
}
