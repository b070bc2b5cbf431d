//! Runs the real `sotay-hub` binary on 127.0.0.1 with a temporary data folder, and plays
//! devices against it: enrolled with one-time codes, uploading signed batches of random
//! "ciphertext" (the hub never decrypts, so any bytes do).

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStderr, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use ed25519_dalek::{Signer, SigningKey};
use sotay_wire::api::{self, ApiError, EnrolRequest, Enrolled};
use sotay_wire::batch::{self, Header};
use uuid::Uuid;

pub const BIN: &str = env!("CARGO_BIN_EXE_sotay-hub");
/// How long the hub may take to start listening (a loaded 2-core CI machine).
const START_DEADLINE: Duration = Duration::from_secs(60);

pub struct Hub {
    pub dir: tempfile::TempDir,
    pub url: String,
    child: Child,
    stderr: Option<ChildStderr>,
    pub agent: ureq::Agent,
}

pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(120)))
        .build()
        .into()
}

/// Starts `sotay-hub serve` in `dir` with `extra` flags; returns the child and the URL it
/// printed, or panics with what it wrote when it does not start in time.
pub fn spawn_serve(dir: &Path, extra: &[&str]) -> (Child, String) {
    let mut child = Command::new(BIN)
        .args(["serve", "--listen", "127.0.0.1:0", "--data"])
        .arg(dir)
        .args(extra)
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("sotay-hub starts");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let line = rx
        .recv_timeout(START_DEADLINE)
        .expect("the hub prints its address in time");
    let url = line
        .trim()
        .strip_prefix("sotay-hub listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_string();
    (child, url)
}

impl Hub {
    pub fn start() -> Hub {
        Hub::start_with(&[])
    }

    pub fn start_with(extra: &[&str]) -> Hub {
        let dir = tempfile::tempdir().unwrap();
        let (mut child, url) = spawn_serve(dir.path(), extra);
        let stderr = child.stderr.take();
        Hub {
            dir,
            url,
            child,
            stderr,
            agent: agent(),
        }
    }

    pub fn data(&self) -> &Path {
        self.dir.path()
    }

    /// Runs a command of the binary against this hub's data folder.
    pub fn run(&self, args: &[&str]) -> Output {
        let mut cmd = Command::new(BIN);
        cmd.args(args).arg("--data").arg(self.data()).env("SOTAY_LANG", "en");
        cmd.output().expect("sotay-hub runs")
    }

    /// A first-device code for a class (the last line of `enrol`'s output).
    pub fn class_code(&self, class: &str) -> String {
        let out = self.run(&[
            "enrol",
            "--school-code",
            "THCS-TEST",
            "--class",
            class,
            "--school-year",
            "2026-2027",
        ]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        last_line(&out)
    }

    /// A further-device code for an account.
    pub fn account_code(&self, account: Uuid) -> String {
        let out = self.run(&["enrol", "--account", &account.to_string()]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        last_line(&out)
    }

    pub fn get(&self, path: &str, token: Option<&str>) -> Answer {
        let mut req = self.agent.get(format!("{}{path}", self.url));
        if let Some(t) = token {
            req = req.header("Authorization", format!("Bearer {t}"));
        }
        Answer::from(req.call())
    }

    pub fn post_json(&self, path: &str, token: Option<&str>, body: &impl serde::Serialize) -> Answer {
        let mut req = self.agent.post(format!("{}{path}", self.url));
        if let Some(t) = token {
            req = req.header("Authorization", format!("Bearer {t}"));
        }
        Answer::from(req.send_json(body))
    }

    pub fn put(&self, path: &str, token: &str, body: &[u8]) -> Answer {
        let req = self
            .agent
            .put(format!("{}{path}", self.url))
            .header("Authorization", format!("Bearer {token}"))
            .header("Content-Type", api::BATCH_MEDIA_TYPE);
        Answer::from(req.send(body))
    }

    /// Stops the hub and returns what it logged.
    pub fn stop(mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let mut log = String::new();
        if let Some(mut e) = self.stderr.take() {
            let _ = e.read_to_string(&mut log);
        }
        log
    }

    /// The bytes of every file in the data folder.
    pub fn files(&self) -> Vec<(PathBuf, Vec<u8>)> {
        std::fs::read_dir(self.data())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .map(|p| {
                let bytes = std::fs::read(&p).unwrap();
                (p, bytes)
            })
            .collect()
    }
}

impl Drop for Hub {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn last_line(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .last()
        .unwrap_or_default()
        .to_string()
}

/// An HTTP answer, read whole.
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// Runs a command of the binary against `data` in Vietnamese.
pub fn vi(data: &Path, args: &[&str]) -> Output {
    let out = Command::new(BIN)
        .args(args)
        .arg("--data")
        .arg(data)
        .env("SOTAY_LANG", "vi")
        .output()
        .expect("sotay-hub runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    out
}

impl Answer {
    pub fn get(agent: &ureq::Agent, url: &str) -> Answer {
        Answer::from(agent.get(url).call())
    }

    fn from(r: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Answer {
        let mut r = r.expect("the hub answers");
        let headers = r
            .headers()
            .iter()
            .map(|(k, v)| (k.as_str().to_string(), v.to_str().unwrap_or("").to_string()))
            .collect();
        let body = r
            .body_mut()
            .with_config()
            .limit(64 << 20)
            .read_to_vec()
            .expect("a whole body");
        Answer {
            status: r.status().as_u16(),
            headers,
            body,
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json<T: serde::de::DeserializeOwned>(&self) -> T {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{e}: {} {}", self.status, String::from_utf8_lossy(&self.body)))
    }

    /// The refusal's code, asserting the status and that the body is an `ApiError`.
    pub fn refused(&self, status: u16) -> ApiError {
        assert_eq!(self.status, status, "{}", String::from_utf8_lossy(&self.body));
        assert_eq!(self.header("content-type"), Some("application/json"));
        self.json()
    }

    pub fn ok<T: serde::de::DeserializeOwned>(&self) -> T {
        assert_eq!(self.status, 200, "{}", String::from_utf8_lossy(&self.body));
        self.json()
    }
}

/// A device of an account: its id, its signing key, and once enrolled its token.
pub struct Device {
    pub account: Uuid,
    pub id: Uuid,
    pub key: SigningKey,
    pub token: String,
}

pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    for chunk in b.chunks_mut(16) {
        let r = Uuid::new_v4();
        chunk.copy_from_slice(&r.as_bytes()[..chunk.len()]);
    }
    b
}

impl Device {
    pub fn new(account: Uuid) -> Device {
        Device {
            account,
            id: Uuid::new_v4(),
            key: SigningKey::from_bytes(&random_bytes::<32>()),
            token: String::new(),
        }
    }

    pub fn request(&self, code: &str) -> EnrolRequest {
        EnrolRequest {
            code: code.to_string(),
            account: self.account,
            device: self.id,
            public_key: api::key_to_text(self.key.verifying_key().as_bytes()),
        }
    }

    /// Enrols with `code`; panics when refused.
    pub fn enrol(&mut self, hub: &Hub, code: &str) -> Enrolled {
        let enrolled: Enrolled = hub.post_json(api::ENROL, None, &self.request(code)).ok();
        self.token = enrolled.token.clone();
        enrolled
    }

    /// A new account's first device, enrolled in a class of its own.
    pub fn first(hub: &Hub, class: &str) -> Device {
        let mut d = Device::new(Uuid::new_v4());
        d.enrol(hub, &hub.class_code(class));
        d
    }

    /// A further device of `of`'s account, enrolled.
    pub fn further(hub: &Hub, of: &Device) -> Device {
        let mut d = Device::new(of.account);
        d.enrol(hub, &hub.account_code(of.account));
        d
    }

    /// Batch `number` of this device with `len` bytes of random ciphertext.
    pub fn batch(&self, number: u64, len: usize) -> Vec<u8> {
        self.batch_as(self.account, self.id, number, len)
    }

    /// A batch signed by this device whose header says what the caller wants.
    pub fn batch_as(&self, account: Uuid, device: Uuid, number: u64, len: usize) -> Vec<u8> {
        let mut ciphertext = vec![0u8; len];
        for chunk in ciphertext.chunks_mut(16) {
            chunk.copy_from_slice(&Uuid::new_v4().as_bytes()[..chunk.len()]);
        }
        let header = Header {
            version: batch::FORMAT_VERSION,
            account,
            device,
            number,
            device_public: self.key.verifying_key().to_bytes(),
        };
        batch::assemble(&header, &[7u8; 32], &ciphertext, |signed| {
            self.key.sign(signed).to_bytes()
        })
        .unwrap()
    }

    pub fn upload(&self, hub: &Hub, device: Uuid, number: u64, sealed: &[u8]) -> Answer {
        hub.put(&api::batch_path(device, number), &self.token, sealed)
    }
}
