//! Support of the hub tests: a real `sotay-hub` process on 127.0.0.1, `sotay` commands,
//! what a teacher sees of a notebook, and a small in-test proxy that can alter answers.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command as Process, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

pub mod http;

use assert_cmd::Command;
use sotay::store::Store;

/// The tests run one at a time: each starts processes and opens notebooks in this one.
pub fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());
    SERIAL.lock().unwrap_or_else(|p| p.into_inner())
}

/// `sotay --data-dir DIR`, in English, with no proxy from the environment.
pub fn sotay(dir: &Path) -> Command {
    sotay_in(dir, "en")
}

/// `sotay --data-dir DIR` in the language `lang`.
pub fn sotay_in(dir: &Path, lang: &str) -> Command {
    let mut c = Command::cargo_bin("sotay").unwrap();
    c.env_remove("SOTAY_DATA_DIR")
        .env_remove("SOTAY_PASSPHRASE")
        .env_remove("SOTAY_NEW_PASSPHRASE")
        .env("LANG", "C")
        .env("LC_ALL", "C")
        .args(["--lang", lang, "--data-dir"])
        .arg(dir);
    for v in [
        "ALL_PROXY",
        "all_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
    ] {
        c.env_remove(v);
    }
    c
}

/// A command's exit code, stdout and stderr.
pub struct Ran {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Ran {
    pub fn last_line(&self) -> String {
        self.stdout.lines().last().unwrap_or_default().to_string()
    }
}

pub fn run(mut c: Command) -> Ran {
    let out = c.output().unwrap();
    Ran {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// `sotay ARGS…` in `dir`.
pub fn sotay_run(dir: &Path, args: &[&str]) -> Ran {
    let mut c = sotay(dir);
    c.args(args);
    run(c)
}

/// The sotay-hub binary, built when missing (beside the sotay binary the tests run).
pub fn hub_binary() -> PathBuf {
    let sotay = PathBuf::from(env!("CARGO_BIN_EXE_sotay"));
    let name = format!("sotay-hub{}", std::env::consts::EXE_SUFFIX);
    let hub = sotay.with_file_name(name);
    if !hub.exists() {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let profile_dir = sotay.parent().unwrap();
        let mut build = Process::new(cargo);
        build
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["build", "-p", "sotay-hub", "--bin", "sotay-hub"]);
        if profile_dir.file_name().is_some_and(|n| n == "release") {
            build.arg("--release");
        }
        let status = build.status().expect("cargo runs");
        assert!(status.success(), "building sotay-hub failed");
    }
    assert!(hub.exists(), "no sotay-hub at {}", hub.display());
    hub
}

/// `sotay-hub ARGS…`, its last line of standard output (a code), asserting success.
pub fn hub_admin(args: &[&str]) -> String {
    let out = Process::new(hub_binary()).args(args).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "sotay-hub {args:?}: {stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout.lines().last().unwrap_or_default().trim().to_string()
}

/// A report reader's key made with `sotay keys new-report-key` in `dir`: its file, its
/// public key and its fingerprint, as the command printed them.
pub fn reader_key(dir: &Path, name: &str) -> (PathBuf, String, String) {
    let key = dir.join(format!("{name}.key"));
    let r = sotay_run(dir, &["keys", "new-report-key", "-o", key.to_str().unwrap()]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let print = r
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("Fingerprint: "))
        .and_then(|l| l.split_whitespace().next())
        .unwrap()
        .to_string();
    (key, r.last_line(), print)
}

/// A running `sotay-hub serve` on 127.0.0.1; killed when dropped.
pub struct Hub {
    pub data: PathBuf,
    pub addr: SocketAddr,
    /// `http`, or `https` when it serves with a certificate.
    scheme: &'static str,
    /// What `serve` was given besides its address and data (a certificate and its key).
    extra: Vec<String>,
    child: Option<Child>,
}

impl Hub {
    /// A hub with its data in `data`, on a port of its choosing.
    pub fn start(data: &Path) -> Hub {
        Hub::start_on(data, "127.0.0.1:0", Vec::new())
    }

    /// A hub serving HTTPS itself with the certificate and key (PEM files) given.
    pub fn start_tls(data: &Path, cert: &Path, key: &Path) -> Hub {
        let extra = vec![
            "--tls-cert".to_string(),
            cert.display().to_string(),
            "--tls-key".to_string(),
            key.display().to_string(),
        ];
        Hub::start_on(data, "127.0.0.1:0", extra)
    }

    fn start_on(data: &Path, listen: &str, extra: Vec<String>) -> Hub {
        let mut child = Process::new(hub_binary())
            .args(["serve", "--listen", listen, "--data"])
            .arg(data)
            .args(&extra)
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, rx) = std::sync::mpsc::channel::<String>();
        for pipe in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                    let _ = tx.send(line);
                }
            });
        }
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut seen = Vec::new();
        let (scheme, addr) = loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = rx
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("sotay-hub did not say where it listens: {seen:?}"));
            if let Some(url) = line.split("listening on ").nth(1) {
                let (scheme, at) = url.trim().split_once("://").expect("a URL");
                let scheme = if scheme == "https" { "https" } else { "http" };
                break (scheme, at.trim_end_matches('/').parse().unwrap());
            }
            seen.push(line);
        };
        Hub {
            data: data.to_path_buf(),
            addr,
            scheme,
            extra,
            child: Some(child),
        }
    }

    pub fn url(&self) -> String {
        format!("{}://{}", self.scheme, self.addr)
    }

    /// Stops the hub (its data stays).
    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Starts it again on the same port, with the same data.
    pub fn restart(&mut self) {
        self.stop();
        let again = Hub::start_on(&self.data, &self.addr.to_string(), self.extra.clone());
        self.child = again.child_take();
    }

    fn child_take(mut self) -> Option<Child> {
        self.child.take()
    }

    /// A one-time code for a class's first device.
    pub fn enrol_class(&self, school_code: &str, class: &str, school_year: &str) -> String {
        let data = self.data.to_str().unwrap();
        hub_admin(&[
            "enrol",
            "--data",
            data,
            "--school-code",
            school_code,
            "--class",
            class,
            "--school-year",
            school_year,
        ])
    }

    /// Stops a device.
    pub fn revoke(&self, device: uuid::Uuid) {
        let data = self.data.to_str().unwrap();
        hub_admin(&["revoke", "--data", data, "--device", &device.to_string()]);
    }
}

impl Drop for Hub {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The school year the command line is in today: `init` takes years at most one from it.
pub fn this_school_year() -> String {
    use sotay::clock::Clock;
    sotay::domain::SchoolYear::containing(sotay::clock::SystemClock.today()).to_string()
}

/// `sotay sync` in `nb`, asserting it succeeded and said what moved.
pub fn synced(nb: &Path) -> Ran {
    let r = sotay_run(nb, &["sync"]);
    assert_eq!(r.code, Some(0), "sync of {}: {}{}", nb.display(), r.stdout, r.stderr);
    assert!(r.stdout.contains("Batches sent: "), "{}", r.stdout);
    r
}

/// `sotay invite` in `nb`: the code on its last line.
pub fn invite(nb: &Path) -> String {
    let r = sotay_run(nb, &["invite"]);
    assert_eq!(r.code, Some(0), "{}{}", r.stdout, r.stderr);
    let code = r.last_line();
    assert!(sotay_wire::code::normalize(&code).is_ok(), "{}", r.stdout);
    code
}

/// A demo class in `nb` joined through `url` (the hub's own, or a proxy's) as a new
/// account of the class `school` `class` enrolled on `hub`: its recovery code.
pub fn first_device(hub: &Hub, url: &str, nb: &Path, school: &str, class: &str) -> String {
    demo_class(nb);
    let code = hub.enrol_class(school, class, &this_school_year());
    let r = sotay_run(nb, &["join", url, "--code", &code]);
    assert_eq!(r.code, Some(0), "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.starts_with("Joined the hub"), "{}", r.stdout);
    // The recovery code alone on the last line, as `account new` prints it.
    let rc = r.last_line();
    assert!(
        sotay::sync::AccountSecret::from_recovery_code(&rc).is_ok(),
        "{}",
        r.stdout
    );
    rc
}

/// A further device of the account in the empty folder `nb`, joined with an invitation
/// from `from` through `url`.
pub fn further_device(url: &str, from: &Path, nb: &Path, rc: &str) -> Ran {
    let code = invite(from);
    let r = sotay_run(nb, &["join", url, "--code", &code, "--recovery-code", rc]);
    assert_eq!(r.code, Some(0), "{}{}", r.stdout, r.stderr);
    r
}

/// The pupils of `nb`, by name.
pub fn pupils_by_name(nb: &Path) -> Vec<sotay::domain::Student> {
    let mut p = Store::open(nb).unwrap().students().unwrap();
    p.sort_by_key(|s| s.name.clone());
    p
}

/// A notebook filled with a fictional class (a profile and 45 pupils).
pub fn demo_class(nb: &Path) {
    let r = sotay_run(nb, &["demo", "--students", "45"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
}

/// A report exported from `nb` with `args`.
pub fn report_of(nb: &Path, args: &[&str]) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    let mut c = sotay(nb);
    c.args(["export", "-o"]).arg(&out).args(args);
    let r = run(c);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    std::fs::read(out).unwrap()
}

/// What a teacher sees of a notebook: its pupils, the full-detail CSV and the summary.
pub fn seen(nb: &Path) -> (Vec<sotay::domain::Student>, String, String) {
    let mut pupils = Store::open(nb).unwrap().students().unwrap();
    pupils.sort_by_key(|s| s.id);
    let full = report_of(nb, &["--format", "csv", "--detail", "full"]);
    let summary = report_of(nb, &["--format", "md"]);
    (
        pupils,
        String::from_utf8(full).unwrap(),
        String::from_utf8(summary).unwrap(),
    )
}

/// Every file of a folder, by relative path, with its bytes.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((p.strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// A reverse proxy in front of the hub, one request per connection: it can alter the
/// body of downloaded pages. Stops when dropped.
pub struct Proxy {
    pub addr: SocketAddr,
    stop: Arc<AtomicBool>,
    /// While set, downloaded pages are altered.
    pub alter: Arc<AtomicBool>,
    /// While set, every request is answered 429 with `Retry-After: 30`, as a busy hub does.
    pub busy: Arc<AtomicBool>,
    /// Pages altered so far.
    pub altered: Arc<AtomicUsize>,
    /// How reports' data is altered: [`LIE_NONE`], [`LIE_KEYS`], [`LIE_NO_DEVICES`].
    pub report_lie: Arc<AtomicUsize>,
}

/// Reports' data passes unaltered.
pub const LIE_NONE: usize = 0;
/// Every device's public key in a report's data is replaced with another.
pub const LIE_KEYS: usize = 1;
/// Every class's devices are left out of a report's data.
pub const LIE_NO_DEVICES: usize = 2;

impl Proxy {
    /// Forwards to `hub`; while `alter` is set, flips a byte inside the first batch of
    /// every downloaded page (in its ciphertext, so only the signature can tell).
    pub fn start(hub: SocketAddr) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let altered = Arc::new(AtomicUsize::new(0));
        let alter = Arc::new(AtomicBool::new(false));
        let busy = Arc::new(AtomicBool::new(false));
        let report_lie = Arc::new(AtomicUsize::new(LIE_NONE));
        let (s, a, on, b, lie) = (
            stop.clone(),
            altered.clone(),
            alter.clone(),
            busy.clone(),
            report_lie.clone(),
        );
        std::thread::spawn(move || {
            while !s.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((client, _)) => {
                        let a = a.clone();
                        let alter_pages = on.load(Ordering::Relaxed);
                        let busy = b.load(Ordering::Relaxed);
                        let lie = lie.load(Ordering::Relaxed);
                        std::thread::spawn(move || {
                            let _ = match busy {
                                true => answer_busy(client),
                                false => forward(client, hub, alter_pages, lie, &a),
                            };
                        });
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Proxy {
            addr,
            stop,
            alter,
            busy,
            altered,
            report_lie,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// Writes a message with its body's length, dropping the framing headers it came with.
fn write_message(w: &mut TcpStream, head: &[String], body: &[u8]) -> std::io::Result<()> {
    http::write_head(w, head, body.len())?;
    w.write_all(body)?;
    w.flush()
}

fn forward(
    client: TcpStream,
    hub: SocketAddr,
    alter_pages: bool,
    lie: usize,
    altered: &AtomicUsize,
) -> std::io::Result<()> {
    client.set_nonblocking(false)?;
    let mut to_client = client.try_clone()?;
    let mut from_client = BufReader::new(client);
    let Some((head, body)) = http::read_message(&mut from_client, false)? else {
        return Ok(());
    };
    let upstream = TcpStream::connect(hub)?;
    let mut to_hub = upstream.try_clone()?;
    write_message(&mut to_hub, &head, &body)?;
    let mut from_hub = BufReader::new(upstream);
    let Some((rhead, mut rbody)) = http::read_message(&mut from_hub, true)? else {
        return Ok(());
    };
    let is_page = head[0].starts_with("GET /v1/batches/");
    let ok = rhead[0].split_whitespace().nth(1) == Some("200");
    // In the first batch's ciphertext: past the length (4) and the outer header (118).
    let at = 4 + sotay_wire::batch::OUTER_LEN + 20;
    if alter_pages && is_page && ok && rbody.len() > at {
        rbody[at] ^= 0x01;
        altered.fetch_add(1, Ordering::Relaxed);
    }
    if lie != LIE_NONE && head[0].starts_with("GET /v1/report/") && ok {
        rbody = lie_about_devices(&rbody, lie);
        altered.fetch_add(1, Ordering::Relaxed);
    }
    write_message(&mut to_client, &rhead, &rbody)?;
    let _ = to_client.shutdown(Shutdown::Both);
    Ok(())
}

/// A report's data with every class's devices altered as `lie` says.
fn lie_about_devices(body: &[u8], lie: usize) -> Vec<u8> {
    let mut data: serde_json::Value = serde_json::from_slice(body).unwrap();
    for school in data["schools"].as_array_mut().unwrap() {
        for class in school["classes"].as_array_mut().unwrap() {
            let devices = class["devices"].as_array_mut().unwrap();
            if lie == LIE_NO_DEVICES {
                devices.clear();
            }
            for d in devices {
                let other = ed25519_dalek::SigningKey::from_bytes(&[7; 32]).verifying_key();
                d["public_key"] = sotay_wire::api::key_to_text(other.as_bytes()).into();
            }
        }
    }
    serde_json::to_vec(&data).unwrap()
}

/// Answers one request as a hub over its rate limit does.
fn answer_busy(client: TcpStream) -> std::io::Result<()> {
    client.set_nonblocking(false)?;
    let mut to_client = client.try_clone()?;
    let mut from_client = BufReader::new(client);
    if http::read_message(&mut from_client, false)?.is_none() {
        return Ok(());
    }
    let body = br#"{"code":"rate-limited","message":"too many requests"}"#;
    let head = [
        "HTTP/1.1 429 Too Many Requests".to_string(),
        "content-type: application/json".to_string(),
        "retry-after: 30".to_string(),
    ];
    write_message(&mut to_client, &head, body)?;
    let _ = to_client.shutdown(Shutdown::Both);
    Ok(())
}
