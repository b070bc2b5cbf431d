//! A province's report pulled from a hub holding 2,000 classes' figures (docs/performance.md,
//! "Reports through the hub"; budget 5 s): the release `sotay-hub` on 127.0.0.1 with a
//! province of 20 communes, 200 schools and 10 classes each, every class's figures
//! published by its own device sealed to the province's reader. Timed: what `sotay report
//! pull` does after reading its key: the hub's answer downloaded, every publication's
//! signature checked and decrypted, the schools merged and the area's report rendered as
//! XLSX.
//!
//! `cargo bench --bench report_pull`. Setting the hub up (2,000 enrolments) takes a few
//! minutes and is not timed.

mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use ed25519_dalek::{Signer, SigningKey};
use sotay::clock::{Clock, SystemClock};
use sotay::hub::pull::{build, open_all};
use sotay::hub::{Client, Options};
use sotay::i18n::Lang;
use sotay::report::{Detail, Format, ReportPeriod, document, render, summarize};
use sotay::store::Store;
use sotay_wire::api::{EnrolRequest, key_to_text};
use sotay_wire::figures::{self, FiguresHeader};
use sotay_wire::reader::{fingerprint, parse_recipient};
use support::Hub;
use uuid::Uuid;

const COMMUNES: usize = 20;
const SCHOOLS_PER_COMMUNE: usize = 10;
const CLASSES_PER_SCHOOL: usize = 10;

fn school_code(c: usize, s: usize) -> String {
    format!("S{c:02}{s:02}")
}

/// A province of fictional places, as `sotay-hub places import` reads it.
fn places() -> String {
    let mut csv = String::from("school_code,school,commune,province,commune_code,province_code\n");
    for c in 0..COMMUNES {
        for s in 0..SCHOOLS_PER_COMMUNE {
            csv.push_str(&format!(
                "{},Trường THCS Mẫu {c}-{s},Xã Mẫu {c},Tỉnh Mẫu,X{c:02},TM\n",
                school_code(c, s)
            ));
        }
    }
    csv
}

fn bench_report_pull(c: &mut Criterion) {
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let today = clock.today();
    let hub = Hub::start();
    let places_file = hub.data.path().join("places.csv");
    std::fs::write(&places_file, places()).unwrap();
    hub.admin(&["places", "import", places_file.to_str().unwrap()]);
    let identity = age::x25519::Identity::generate();
    let public = identity.to_public().to_string();
    let print = fingerprint(&parse_recipient(&public).unwrap());
    let reader_code = hub.admin(&["enrol", "--reader", "province:TM", "--public-key", &public]);

    // One class's figures, from a demo class of 45 pupils; each class publishes them under
    // its own school and name.
    let template = tempfile::tempdir().unwrap();
    let store = Store::open(template.path()).unwrap();
    sotay::demo::fill(&store, &sotay::demo::generate(45, 1, today, Lang::Vi)).unwrap();
    let profile = store.profile().unwrap().unwrap();
    let period = ReportPeriod::school_year(profile.school_year);
    let summary = summarize(&profile, &store.casebook().unwrap(), period, Detail::Summary, today);
    let base = document::class_summary(&summary, Lang::Vi).figures.unwrap();
    drop(store);
    let school_year = profile.school_year.to_string();

    let setup = Instant::now();
    let agent = Client::new(&hub.url, None, &Options::default()).unwrap();
    let recipient: age::x25519::Recipient = public.parse().unwrap();
    for c in 0..COMMUNES {
        for s in 0..SCHOOLS_PER_COMMUNE {
            for k in 0..CLASSES_PER_SCHOOL {
                let school = school_code(c, s);
                let class = format!("{}A{k}", 6 + k % 4);
                let code = hub.enrol_class(&school, &class, &school_year);
                let key = SigningKey::from_bytes(&rand_bytes());
                let ids = rand_bytes();
                let account = Uuid::from_slice(&ids[..16]).unwrap();
                let device = Uuid::from_slice(&ids[16..]).unwrap();
                let enrolled = agent
                    .enrol(&EnrolRequest {
                        code,
                        account,
                        device,
                        public_key: key_to_text(key.verifying_key().as_bytes()),
                    })
                    .unwrap();
                let mut f = base.clone();
                f.header.school_code = school;
                f.header.class = class;
                let ciphertext = seal(&recipient, f.to_block().as_bytes());
                let header = FiguresHeader {
                    account,
                    device,
                    made_at: chrono::Utc::now().timestamp(),
                    period: period.code(),
                    readers: vec![print.clone()],
                };
                let sealed = figures::assemble(&header, &ciphertext, |m| key.sign(m).to_bytes()).unwrap();
                let device_client = Client::new(&hub.url, Some(enrolled.token), &Options::default()).unwrap();
                assert!(device_client.publish(&period.code(), &sealed).unwrap().new);
            }
        }
    }
    println!("set up 2,000 classes' figures in {:.1?}", setup.elapsed());
    let reader = Client::new(&hub.url, None, &Options::default()).unwrap();
    let token = reader.reader_enrol(&reader_code).unwrap().token;

    let mut g = c.benchmark_group("report_pull");
    g.sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(1))
        .measurement_time(Duration::from_secs(20));
    g.bench_function("province_of_2000_classes", |bench| {
        bench.iter(|| {
            let client = Client::new(&hub.url, Some(token.clone()), &Options::default()).unwrap();
            let data = client.report(&period.code(), None).unwrap();
            let pulled = open_all(&data, &identity);
            let built = build(&data, &pulled, today, Lang::Vi).unwrap();
            assert_eq!(built.classes, COMMUNES * SCHOOLS_PER_COMMUNE * CLASSES_PER_SCHOOL);
            render(&built.doc, Format::Xlsx).unwrap()
        })
    });
    g.finish();
}

/// 32 bytes from the operating system's random source (a device key's seed is that).
fn rand_bytes() -> [u8; 32] {
    sotay::sync::DeviceKey::generate().to_bytes()
}

fn seal(recipient: &age::x25519::Recipient, plain: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let encryptor = age::Encryptor::with_recipients(std::iter::once(recipient as &dyn age::Recipient)).unwrap();
    let mut out = Vec::new();
    let mut w = encryptor.wrap_output(&mut out).unwrap();
    w.write_all(plain).unwrap();
    w.finish().unwrap();
    out
}

criterion_group!(benches, bench_report_pull);
criterion_main!(benches);
