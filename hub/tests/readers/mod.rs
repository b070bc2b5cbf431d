//! The places list and report readers, as the administrator meets them on the command line.
//! Every school and place here is fictional.

use std::path::Path;
use std::process::{Command, Output};

use crate::support::{BIN, last_line, random_bytes};

/// Runs the binary against `data` in `lang`.
fn hub(data: &Path, lang: &str, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .arg("--data")
        .arg(data)
        .env("SOTAY_LANG", lang)
        .output()
        .expect("sotay-hub runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn ok(out: Output) -> Output {
    assert!(out.status.success(), "{}", stderr(&out));
    out
}

/// A fresh age public key, as `sotay keys new-report-key` prints it.
fn age_key() -> String {
    bech32::encode::<bech32::Bech32>(bech32::Hrp::parse("age").unwrap(), &random_bytes::<32>()).unwrap()
}

const VI_LIST: &str = "\u{feff}Mã trường,Trường,Xã/Phường,Tỉnh/Thành phố\n\
    THCS-HS01,Trường THCS Hoa Sen,Phường Bến Nghé,Thành phố Hồ Chí Minh\n\
    THCS-HS02,Trường THCS Sen Hồng,Phường Bến Nghé,Thành phố Hồ Chí Minh\n\
    THCS-TP01,Trường THCS Tân Phú Mới,Xã Tân Phú,Tỉnh Đồng Nai\n";

const EN_LIST: &str = "school_code,school,commune,province,commune_code,province_code\n\
    THCS-HS01,Hoa Sen Lower Secondary,Ward One,Sample Province,26734,79\n\
    THCS-HS02,Sen Hong Lower Secondary,Ward Two,Sample Province,26735,79\n";

fn import(data: &Path, lang: &str, list: &str) -> Output {
    let file = data.join("places.csv");
    std::fs::write(&file, list).unwrap();
    hub(data, lang, &["places", "import", file.to_str().unwrap()])
}

fn enrol(data: &Path, reader: &str, key: &str) -> Output {
    hub(data, "en", &["enrol", "--reader", reader, "--public-key", key])
}

#[test]
fn places_import_in_vietnamese_and_english_and_a_reimport_replaces_the_list() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let out = ok(import(data, "vi", VI_LIST));
    assert!(
        stdout(&out).contains("3 trường, 2 xã/phường, 2 tỉnh/thành phố"),
        "{}",
        stdout(&out)
    );
    // Codes of places named only by name: their names without marks.
    ok(enrol(data, "commune:phuong-ben-nghe", &age_key()));
    ok(enrol(data, "province:tinh-dong-nai", &age_key()));
    ok(enrol(data, "school:THCS-TP01", &age_key()));

    // English headers with the optional code columns; the list is replaced whole.
    let out = ok(import(data, "en", EN_LIST));
    assert!(
        stdout(&out).contains("schools 2, communes or wards 2, provinces 1"),
        "{}",
        stdout(&out)
    );
    ok(enrol(data, "commune:26734", &age_key()));
    ok(enrol(data, "province:79", &age_key()));
    for gone in ["school:THCS-TP01", "commune:phuong-ben-nghe", "province:tinh-dong-nai"] {
        let out = enrol(data, gone, &age_key());
        assert!(!out.status.success(), "{gone} is no longer in the list");
        assert!(stderr(&out).contains(gone), "{}", stderr(&out));
    }
    // The readers enrolled before stay, shown as no longer in the list.
    let listed = stdout(&ok(hub(data, "en", &["readers"])));
    assert!(listed.contains("school:THCS-TP01"), "{listed}");
    assert!(listed.contains("(not in the places list)"), "{listed}");
}

#[test]
fn a_bad_row_is_refused_with_its_line_and_field_and_nothing_is_imported() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    ok(import(data, "en", EN_LIST));
    let bad = "school_code,school,commune,province\n\
        THCS-NEW1,New School One,Ward Nine,Other Province\n\
        THCS-NEW2,New School Two,,Other Province\n";
    let out = import(data, "en", bad);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("line 3") && err.contains("commune"), "{err}");
    // Nothing of the file is in the list, and the old list is whole.
    assert!(!enrol(data, "school:THCS-NEW1", &age_key()).status.success());
    ok(enrol(data, "school:THCS-HS02", &age_key()));

    // A repeated school code names both lines; an unknown column names it (in Vietnamese too).
    let twice = "school_code,school,commune,province\nA1,One,W,P\nA1,Two,W,P\n";
    let err = stderr(&import(data, "en", twice));
    assert!(
        err.contains("line 3") && err.contains("school_code") && err.contains("line 2"),
        "{err}"
    );
    let out = import(
        data,
        "vi",
        "Mã trường,Trường,Xã/Phường,Tỉnh/Thành phố,Hiệu trưởng\nA1,One,W,P,X\n",
    );
    assert!(!out.status.success());
    assert!(stderr(&out).contains("Hiệu trưởng"), "{}", stderr(&out));
    // A missing column.
    let err = stderr(&import(data, "en", "school_code,school,province\nA1,One,P\n"));
    assert!(err.contains("line 1") && err.contains("commune"), "{err}");
}

#[test]
fn readers_enrol_for_each_scope_kind_and_are_listed() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    ok(import(data, "vi", VI_LIST));
    let listed = stdout(&ok(hub(data, "en", &["readers"])));
    assert!(listed.contains("no report reader"), "{listed}");

    let mut prints = Vec::new();
    let mut codes = Vec::new();
    for reader in [
        "school:THCS-HS01",
        "commune:phuong-ben-nghe",
        // A commune or province may be named by its name; it is kept by its code.
        "province:Thành phố Hồ Chí Minh",
    ] {
        let out = ok(enrol(data, reader, &age_key()));
        let text = stdout(&out);
        let code = last_line(&out);
        let normal = sotay_wire::code::normalize(&code);
        assert!(normal.is_ok(), "the last line {code:?} is a one-time code");
        codes.push(normal.unwrap());
        codes.push(code);
        let print = text
            .lines()
            .find_map(|l| l.strip_prefix("Key fingerprint: "))
            .unwrap_or_else(|| panic!("no fingerprint in {text}"))
            .to_string();
        assert_eq!(print.len(), 19, "{print}");
        prints.push(print);
    }
    let listed = stdout(&ok(hub(data, "en", &["readers"])));
    for (scope, print) in [
        "school:THCS-HS01",
        "commune:phuong-ben-nghe",
        "province:thanh-pho-ho-chi-minh",
    ]
    .iter()
    .zip(&prints)
    {
        let line = listed
            .lines()
            .find(|l| l.contains(scope))
            .unwrap_or_else(|| panic!("{scope} not in {listed}"));
        assert!(line.contains(print.as_str()) && line.contains("not yet"), "{line}");
    }
    // The codes are kept only as hashes.
    for entry in std::fs::read_dir(data).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        for code in &codes {
            assert!(
                !bytes.windows(code.len()).any(|w| w == code.as_bytes()),
                "{code} is stored in clear"
            );
        }
    }
    let vi = stdout(&ok(hub(data, "vi", &["readers"])));
    assert!(vi.contains("dấu vân tay") && vi.contains("chưa"), "{vi}");
}

#[test]
fn an_unknown_scope_or_a_bad_key_is_refused_and_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    ok(import(data, "vi", VI_LIST));
    for reader in ["school:THCS-XX99", "commune:phuong-khong-co", "province:tinh-khong-co"] {
        let out = enrol(data, reader, &age_key());
        assert!(!out.status.success());
        assert!(stderr(&out).contains(reader), "{}", stderr(&out));
        assert!(stdout(&out).is_empty(), "no code for {reader}");
    }
    let out = enrol(data, "district:1", &age_key());
    assert!(
        !out.status.success() && stderr(&out).contains("--reader"),
        "{}",
        stderr(&out)
    );

    let mut typo = age_key();
    let last = typo.pop().unwrap();
    typo.push(if last == 'q' { 'p' } else { 'q' });
    let secret =
        bech32::encode::<bech32::Bech32>(bech32::Hrp::parse("age-secret-key-").unwrap(), &random_bytes::<32>())
            .unwrap();
    for key in [typo.as_str(), secret.as_str(), "not-a-key"] {
        let out = enrol(data, "school:THCS-HS01", key);
        assert!(!out.status.success());
        assert!(stderr(&out).contains("--public-key"), "{}", stderr(&out));
        assert!(stdout(&out).is_empty());
    }
    let listed = stdout(&ok(hub(data, "en", &["readers"])));
    assert!(listed.contains("no report reader"), "{listed}");
}

/// Figures of `device` for `period`, sealed (as bytes the hub cannot read) to `readers`.
fn figures_of(device: &crate::support::Device, period: &str, readers: &[&str]) -> Vec<u8> {
    use ed25519_dalek::Signer;
    let header = sotay_wire::figures::FiguresHeader {
        account: device.account,
        device: device.id,
        made_at: 1_780_000_000,
        period: period.into(),
        readers: readers.iter().map(|r| r.to_string()).collect(),
    };
    sotay_wire::figures::assemble(&header, &random_bytes::<64>(), |m| device.key.sign(m).to_bytes()).unwrap()
}

#[test]
fn figures_go_only_to_their_readers_and_tokens_reach_only_their_side() {
    use crate::support::{Device, Hub};
    use sotay_wire::api::{self, ErrorCode, FiguresStored, ReaderEnrol, ReaderEnrolled, ReaderKeys, ReportData};

    let hub = Hub::start();
    let list = "school_code,school,commune,province\nTHCS-TEST,Trường Thử,Xã Thử,Tỉnh Thử\nTHCS-OTHER,Trường Khác,Xã Thử,Tỉnh Thử\n";
    std::fs::write(hub.data().join("places.csv"), list).unwrap();
    ok(hub.run(&["places", "import", hub.data().join("places.csv").to_str().unwrap()]));
    let (school_key, commune_key) = (age_key(), age_key());
    let school_code = last_line(&ok(hub.run(&[
        "enrol",
        "--reader",
        "school:THCS-TEST",
        "--public-key",
        &school_key,
    ])));
    let commune_code = last_line(&ok(hub.run(&[
        "enrol",
        "--reader",
        "commune:xa-thu",
        "--public-key",
        &commune_key,
    ])));
    let device = Device::first(&hub, "8A");

    // The device is offered the school's and the commune's readers, fingerprints included.
    let offered: ReaderKeys = hub.get(api::READERS, Some(&device.token)).ok();
    let scopes: Vec<&str> = offered.readers.iter().map(|r| r.scope.as_str()).collect();
    assert_eq!(scopes, ["school:THCS-TEST", "commune:xa-thu"]);
    let school_print = offered.readers[0].fingerprint.clone();

    // Figures sealed to the school only; badly signed or mislabelled ones are refused.
    let sealed = figures_of(&device, "2026-2027", &[&school_print]);
    let stored: FiguresStored = hub.put(&api::figures_path("2026-2027"), &device.token, &sealed).ok();
    assert!(stored.new);
    let other = Device::new(device.account);
    let forged = figures_of(&other, "2026-2027", &[&school_print]);
    assert_eq!(
        hub.put(&api::figures_path("2026-2027"), &device.token, &forged)
            .refused(400)
            .code,
        ErrorCode::BadBatch
    );
    assert_eq!(
        hub.put(&api::figures_path("2026"), &device.token, &sealed)
            .refused(400)
            .code,
        ErrorCode::BadBatch
    );
    assert_eq!(
        hub.put(&api::figures_path("..%2Fx"), &device.token, &sealed)
            .refused(400)
            .code,
        ErrorCode::BadRequest
    );

    // Readers enrol with their codes, once; a device token is not a reader's, nor the reverse.
    let school: ReaderEnrolled = hub
        .post_json(
            api::READER_ENROL,
            None,
            &ReaderEnrol {
                code: school_code.clone(),
            },
        )
        .ok();
    assert_eq!(school.scope, "school:THCS-TEST");
    assert_eq!(school.fingerprint, school_print);
    let again = hub.post_json(api::READER_ENROL, None, &ReaderEnrol { code: school_code });
    assert_eq!(again.refused(400).code, ErrorCode::CodeUsed);
    let commune: ReaderEnrolled = hub
        .post_json(api::READER_ENROL, None, &ReaderEnrol { code: commune_code })
        .ok();
    let report = api::report_path("2026-2027", None);
    assert_eq!(
        hub.get(&report, Some(&device.token)).refused(401).code,
        ErrorCode::Unauthorized
    );
    assert_eq!(
        hub.get(api::READERS, Some(&school.token)).refused(401).code,
        ErrorCode::Unauthorized
    );

    // The school's reader gets the figures; the commune's sees the class sent to others.
    let data: ReportData = hub.get(&report, Some(&school.token)).ok();
    let class = &data.schools[0].classes[0];
    assert_eq!((class.figures.len(), class.withheld), (1, false));
    assert_eq!(api::bytes_from_text(&class.figures[0]).unwrap(), sealed);
    assert_eq!(class.devices.len(), 1);
    let data: ReportData = hub.get(&report, Some(&commune.token)).ok();
    let schools: Vec<&str> = data.schools.iter().map(|s| s.code.as_str()).collect();
    assert_eq!(schools, ["THCS-OTHER", "THCS-TEST"]);
    let class = &data.schools[1].classes[0];
    assert_eq!((class.figures.len(), class.withheld), (0, true));
    assert!(class.last_sent.is_some());
    assert!(data.schools[0].classes.is_empty());

    // A school's reader may not ask for another school; a commune's may ask for its own.
    let other = api::report_path("2026-2027", Some("school:THCS-OTHER"));
    assert_eq!(
        hub.get(&other, Some(&school.token)).refused(403).code,
        ErrorCode::Forbidden
    );
    let inside: ReportData = hub.get(&other, Some(&commune.token)).ok();
    assert_eq!(inside.scope, "school:THCS-OTHER");

    // A withdrawn key is offered no more and its token stops working.
    let typed = school_print.to_lowercase().replace('-', " ");
    let out = ok(hub.run(&["withdraw", "--fingerprint", &typed]));
    assert!(stdout(&out).contains("school:THCS-TEST"), "{}", stdout(&out));
    let offered: ReaderKeys = hub.get(api::READERS, Some(&device.token)).ok();
    assert_eq!(offered.readers.len(), 1);
    assert_eq!(
        hub.get(&report, Some(&school.token)).refused(401).code,
        ErrorCode::Unauthorized
    );
    assert!(!hub.run(&["withdraw", "--fingerprint", &school_print]).status.success());
}
