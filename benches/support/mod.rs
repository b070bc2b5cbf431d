//! What the hub benchmarks share: the release `sotay-hub` (built when missing), running on
//! 127.0.0.1 with its data in a temporary folder and its limits raised, and its
//! administrator's commands.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// The release `sotay-hub`, built when missing.
pub fn hub_binary() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    let hub = target
        .join("release")
        .join(format!("sotay-hub{}", std::env::consts::EXE_SUFFIX));
    if !hub.exists() {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status = Command::new(cargo)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["build", "--release", "-p", "sotay-hub"])
            .status()
            .expect("cargo runs");
        assert!(status.success(), "building the release sotay-hub failed");
    }
    hub
}

/// A running `sotay-hub serve`; killed when dropped. Its limits are raised: a benchmark
/// enrols many devices and readers.
pub struct Hub {
    pub binary: PathBuf,
    pub data: tempfile::TempDir,
    pub url: String,
    child: Child,
}

impl Hub {
    pub fn start() -> Hub {
        let binary = hub_binary();
        let data = tempfile::tempdir().unwrap();
        let mut child = Command::new(&binary)
            .args(["serve", "--listen", "127.0.0.1:0", "--enrol-rate", "100000"])
            .args(["--token-rate", "100000", "--token-burst", "100000", "--data"])
            .arg(data.path())
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let url = loop {
            let line = lines.next().expect("sotay-hub says where it listens").unwrap();
            if let Some(at) = line.split("listening on ").nth(1) {
                break at.trim().trim_end_matches('/').to_string();
            }
        };
        // Keeps reading so the hub never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        Hub {
            binary,
            data,
            url,
            child,
        }
    }

    /// `sotay-hub ARGS… --data DIR`: its last line (a code), asserting success.
    pub fn admin(&self, args: &[&str]) -> String {
        let out = Command::new(&self.binary)
            .args(args)
            .arg("--data")
            .arg(self.data.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let stdout = String::from_utf8(out.stdout).unwrap();
        stdout.lines().last().unwrap_or_default().trim().to_string()
    }

    /// A code for the first device of a new class.
    pub fn enrol_class(&self, school_code: &str, class: &str, school_year: &str) -> String {
        self.admin(&[
            "enrol",
            "--school-code",
            school_code,
            "--class",
            class,
            "--school-year",
            school_year,
        ])
    }
}

impl Drop for Hub {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
