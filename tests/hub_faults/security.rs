//! What the hub, or anyone with its disk or between it and a device, can neither read nor
//! forge: no pupil's name, phone or address in any of its files; a batch moved to another
//! number, an older batch replayed in a newer slot, and a batch the hub forged with a device
//! it enrolled itself are each refused by the pulling device, exit 5, nothing of them
//! applied; a token reaches only its own account; a used code is refused.
//!
//! Already proved in tests/hub.rs, so not here: a batch altered on the way
//! (`an_altered_download_is_refused_and_nothing_of_it_applied`) and plain HTTP to another
//! computer (`plain_http_to_another_computer_is_refused_without_insecure`).

use std::path::{Path, PathBuf};

use sotay::domain::Student;
use sotay::hub::{Client, HubError};
use sotay::store::Store;
use sotay::sync::{AccountKeys, AccountSecret};
use sotay_wire::api::{self, EnrolRequest, ErrorCode};
use unicode_normalization::UnicodeNormalization;
use uuid::Uuid;

use super::proxy::{Fault, Proxy, Request};
use super::sync_fixtures::{TestDevice, new_pupil};
use super::*;

/// A hub, device A joined straight to it and device B through a proxy that passes
/// everything until told otherwise.
struct Two {
    tmp: tempfile::TempDir,
    hub: Hub,
    proxy: Proxy,
    a: PathBuf,
    b: PathBuf,
}

fn two_devices() -> Two {
    let tmp = tempfile::tempdir().unwrap();
    let hub = Hub::start(&tmp.path().join("hub"));
    let proxy = Proxy::start(hub.addr);
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    let rc = first_device(&hub, &hub.url(), &a, "FAULT01", "8A");
    further_device(&proxy.url(), &a, &b, &rc);
    Two { tmp, hub, proxy, a, b }
}

fn now_millis() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64
}

/// A pupil no device has, of `nb`'s class.
fn invented_pupil(nb: &Path, name: &str) -> Student {
    Student {
        id: Uuid::now_v7(),
        name: name.into(),
        code: None,
        ..pupils_by_name(nb)[0].clone()
    }
}

/// `sealed` with its outer header's bytes at `at` replaced by `with` and signed again by
/// `device`'s key: what a holder of that key can make.
fn resigned(device: &TestDevice, sealed: &[u8], at: std::ops::Range<usize>, with: &[u8]) -> Vec<u8> {
    use ed25519_dalek::Signer;
    let mut b = sealed.to_vec();
    b[at].copy_from_slice(with);
    let signed = b.len() - 64;
    let key = ed25519_dalek::SigningKey::from_bytes(&device.key.to_bytes());
    let signature = key.sign(&b[..signed]);
    b[signed..].copy_from_slice(&signature.to_bytes());
    b
}

/// `device` enrolled on the hub at `url` in `account` with `code`: its client.
fn enrolled(url: &str, device: &TestDevice, account: Uuid, code: &str) -> Client {
    let client = Client::new(url, None, &Default::default()).unwrap();
    let e = client
        .enrol(&EnrolRequest {
            code: code.into(),
            account,
            device: device.id,
            public_key: api::key_to_text(&device.key.public()),
        })
        .unwrap();
    client.set_token(e.token);
    client
}

/// `sotay sync` in `nb` refused a downloaded batch: exit 5, one line naming the batch and
/// `reason`, and nothing of it applied (what the teacher sees is as it was).
fn refused_and_nothing_applied(nb: &Path, number: u64, device: Uuid, reason: &str) {
    let before = seen(nb);
    let r = sotay_run(nb, &["sync"]);
    assert_eq!(r.code, Some(5), "{}{}", r.stdout, r.stderr);
    let want = format!("Batch {number} of device {device} downloaded from the hub was refused, nothing of it applied");
    assert!(r.stderr.contains(&want) && r.stderr.contains(reason), "{}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(seen(nb) == before, "something of a refused batch was applied");
}

#[test]
fn no_file_of_the_hub_holds_a_byte_of_a_pupils_name_phone_or_address() {
    let _serial = one_at_a_time();
    let mut t = two_devices();
    // The demo's names and a real-looking class list with Vietnamese names, NFC and NFD.
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    for list in ["roster-8A.csv", "nfd.csv"] {
        let mut c = sotay(&t.a);
        c.arg("import").arg(fixtures.join(list));
        let r = run(c);
        assert_eq!(r.code, Some(0), "{}{}", r.stdout, r.stderr);
    }
    note(&t.a, 0, "Em phụ giúp gia đình bán hàng ở chợ Hư Cấu");
    synced(&t.a);
    synced(&t.b);
    let all = pupils_by_name(&t.a);
    assert!(all.len() > 45, "the class lists were imported");
    let mut needles = vec!["chợ Hư Cấu".nfc().collect::<String>()];
    for p in &all {
        for text in [&p.name, &p.guardian, &p.phone, &p.address] {
            if text.chars().count() >= 4 {
                needles.push(text.nfc().collect());
                needles.push(text.nfd().collect());
            }
        }
    }
    // While it runs (its write-ahead log included) and once it stopped.
    let running = snapshot(&t.hub.data);
    t.hub.stop();
    let stopped = snapshot(&t.hub.data);
    let files: Vec<_> = running.iter().chain(&stopped).collect();
    assert!(
        files.iter().map(|(_, b)| b.len()).sum::<usize>() > 10_000,
        "the hub holds the batches"
    );
    for (path, bytes) in files {
        for needle in &needles {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
                "{} holds {needle:?}",
                path.display()
            );
        }
    }
}

#[test]
fn a_batch_moved_to_another_number_by_a_device_of_the_account_is_refused() {
    let _serial = one_at_a_time();
    let t = two_devices();
    let keys = Store::open(&t.a).unwrap().account_keys().unwrap();
    // A device of the account (it holds the recovery code), enrolled with an invitation.
    let d = TestDevice::new(1);
    let client = enrolled(&t.hub.url(), &d, keys.account_id(), &invite(&t.a));
    let first = d.seal(
        &keys,
        1,
        &new_pupil(&invented_pupil(&t.a, "Đinh Văn Thử"), d.at(now_millis())),
    );
    assert!(client.upload(d.id, 1, &first).unwrap().new);
    synced(&t.b);
    // Its first batch again as its second, signed again: the hub can only check the
    // signature, and takes it.
    let moved = d.moved(&first, 2);
    assert!(client.upload(d.id, 2, &moved).unwrap().new);
    refused_and_nothing_applied(&t.b, 2, d.id, "the batch was moved from its place");
}

#[test]
fn an_older_batch_served_in_a_newer_slot_is_refused() {
    let _serial = one_at_a_time();
    let t = two_devices();
    let dev_a = Store::open(&t.a).unwrap().device_id();
    let oldest = Store::open(&t.a).unwrap().held_batch(dev_a, 1).unwrap().unwrap();
    let id = note(&t.a, 4, "Đã gặp phụ huynh");
    let r = synced(&t.a);
    assert_eq!(batches_sent(&r), 1);
    let newest = Store::open(&t.a).unwrap().next_batch().unwrap() - 1;
    // The proxy serves A's first batch where its newest belongs: validly signed, but not
    // the batch of that slot.
    t.proxy.script(move |r| match r.is_page() {
        true => {
            let oldest = oldest.clone();
            Fault::Rewrite(std::sync::Arc::new(
                move |_: &Request, answer: &mut super::proxy::Response| {
                    if answer.status == 200 {
                        answer.body = api::encode_page([oldest.as_slice()]);
                    }
                },
            ))
        }
        false => Fault::Pass,
    });
    refused_and_nothing_applied(
        &t.b,
        newest,
        dev_a,
        "the hub served it as another device's or number's batch",
    );
    t.proxy.pass();
    synced(&t.b);
    let on_b = Store::open(&t.b).unwrap().students().unwrap();
    assert_eq!(on_b.iter().find(|p| p.id == id).unwrap().notes, "Đã gặp phụ huynh");
}

#[test]
fn a_batch_forged_by_the_hub_with_a_device_it_enrolled_itself_is_refused() {
    let _serial = one_at_a_time();
    let t = two_devices();
    let account = Store::open(&t.a).unwrap().account_keys().unwrap().account_id();
    // The hub's administrator mints a code for the account and enrols a device of her own:
    // it has the account's id but never its secret, so it cannot certify its key.
    let data = t.hub.data.to_str().unwrap().to_string();
    let code = hub_admin(&["enrol", "--data", &data, "--account", &account.to_string()]);
    let forger = TestDevice::new(9);
    let client = enrolled(&t.hub.url(), &forger, account, &code);
    // A batch sealed for an account of the forger's own, its header then made to name the
    // real account and signed again: the hub checks the signature and takes it.
    let own = AccountKeys::from_secret(&AccountSecret::from_bytes([0x66; 32]));
    let pupil = invented_pupil(&t.a, "Mạc Thị Giả");
    let sealed = forger.seal(&own, 1, &new_pupil(&pupil, forger.at(now_millis())));
    let forged = resigned(&forger, &sealed, sotay_wire::batch::ACCOUNT, account.as_bytes());
    assert!(client.upload(forger.id, 1, &forged).unwrap().new);
    refused_and_nothing_applied(
        &t.b,
        1,
        forger.id,
        "the batch was made by a device that is not one of this account's",
    );
    // Refused again at every sync, never applied, on every device.
    refused_and_nothing_applied(&t.a, 1, forger.id, "not one of this account's");
    assert!(!pupils_by_name(&t.a).iter().any(|p| p.id == pupil.id));
}

#[test]
fn a_token_reaches_only_its_own_account() {
    let _serial = one_at_a_time();
    let t = two_devices();
    let x = t.tmp.path().join("x");
    first_device(&t.hub, &t.hub.url(), &x, "FAULT01", "8B");
    let dev_a = Store::open(&t.a).unwrap().device_id();
    let other = client_of(&x, &t.hub.url());
    // Another account's token can neither read A's batches nor add to them.
    match other.page(dev_a, 0, 10) {
        Err(HubError::Refused(e)) => assert_eq!(e.code, ErrorCode::Forbidden),
        r => panic!("{r:?}"),
    }
    let first = Store::open(&t.a).unwrap().held_batch(dev_a, 1).unwrap().unwrap();
    match other.upload(dev_a, 1, &first) {
        Err(HubError::Refused(e)) => assert_eq!(e.code, ErrorCode::Forbidden),
        r => panic!("{r:?}"),
    }

    // A notebook given another account's token (a copied setting) is refused by its own
    // check of the account and sends nothing.
    let x_hub = on_hub(&x, &t.hub.url());
    let a_hub = on_hub(&t.a, &t.hub.url());
    {
        let s = Store::open(&t.a).unwrap();
        let token = Store::open(&x).unwrap().hub_binding().unwrap().unwrap().token;
        let binding = s.hub_binding().unwrap().unwrap();
        s.set_hub_binding(&sotay::store::Binding { token, ..binding }).unwrap();
    }
    note(&t.a, 9, "Không được gửi đi");
    let before = seen(&t.a);
    let r = sotay_run(&t.a, &["sync"]);
    assert_eq!(r.code, Some(5), "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("the status is of another account"), "{}", r.stderr);
    assert!(seen(&t.a) == before);
    assert!(on_hub(&x, &t.hub.url()) == x_hub);
    assert!(on_hub(&t.b, &t.hub.url()) == a_hub);
}

#[test]
fn a_used_code_is_refused_and_the_folder_stays_empty() {
    let _serial = one_at_a_time();
    let t = two_devices();
    let code = invite(&t.a);
    let rc = Store::open(&t.a).unwrap().account().unwrap().unwrap().recovery_code();
    let c = t.tmp.path().join("c");
    let r = sotay_run(&c, &["join", &t.hub.url(), "--code", &code, "--recovery-code", &rc]);
    assert_eq!(r.code, Some(0), "{}{}", r.stdout, r.stderr);
    // The same code on another computer.
    let d = t.tmp.path().join("d");
    for lang in ["en", "vi"] {
        let mut cmd = sotay_in(&d, lang);
        cmd.args(["join", &t.hub.url(), "--code", &code, "--recovery-code", &rc]);
        let r = run(cmd);
        assert_eq!(r.code, Some(5), "{}{}", r.stdout, r.stderr);
        let reason = match lang {
            "en" => "the code was used already; get a new one",
            _ => "mã này đã được dùng; hãy xin mã mới",
        };
        assert!(r.stderr.contains(reason), "{}", r.stderr);
        assert!(snapshot(&d).is_empty(), "the refused join left files");
    }
    // A first device's code, used, is refused too: the class is bound.
    let first = t.hub.enrol_class("FAULT01", "8C", &this_school_year());
    let e = t.tmp.path().join("e");
    demo_class(&e);
    let r = sotay_run(&e, &["join", &t.hub.url(), "--code", &first]);
    assert_eq!(r.code, Some(0), "{}{}", r.stdout, r.stderr);
    let f = t.tmp.path().join("f");
    demo_class(&f);
    let before = seen(&f);
    let r = sotay_run(&f, &["join", &t.hub.url(), "--code", &first]);
    assert_eq!(r.code, Some(5), "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("the code was used already"), "{}", r.stderr);
    // Not joined, no account made, nothing the teacher sees changed (sled may rewrite its
    // own files when the notebook is opened, so the bytes are not compared).
    let s = Store::open(&f).unwrap();
    assert!(s.hub_binding().unwrap().is_none() && s.account().unwrap().is_none());
    drop(s);
    assert!(seen(&f) == before);
}
