//! The hub as devices and its administrator meet it: the real binary on 127.0.0.1.

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
