//! The seal: what sled's files looked like when sotay last closed the notebook.
//!
//! sled writes to its files while it opens them (recovery, snapshot, padding the log)
//! before it notices damage, and it reads a cut-off log as a shorter one. So sled only
//! opens a notebook directly when its files are exactly as sotay left them; otherwise a
//! copy is opened and checked first (see `open`), and the seal's sequence number tells
//! whether changes went missing. The seal is removed when a session starts, so a session
//! that crashes leaves none and the next open checks a copy.
//!
//! Files are compared by length and modification time, which costs a few `stat`s: a cut-off
//! or rewritten file changes them. A change that keeps both (a bad disk sector) is left to
//! sled's checksums, and nothing here stops deliberate forgery.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::codec;

/// The seal's file, beside sled's.
pub(super) const SEAL_FILE: &str = "sotay.seal";
/// The folder sled keeps large values in.
const BLOBS: &str = "blobs";

#[derive(Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(super) struct Seal {
    /// The change log's next sequence number at close.
    pub next_seq: u64,
    /// Each of sled's files: path relative to the notebook, length, modification time.
    pub files: Vec<(String, u64, SystemTime)>,
}

/// sled's files in `dir` (the top level and `blobs/`), relative, sorted.
pub(super) fn sled_files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for sub in [Path::new(""), Path::new(BLOBS)] {
        let Ok(entries) = fs::read_dir(dir.join(sub)) else {
            continue;
        };
        for entry in entries {
            let entry = entry?;
            let name = entry.file_name();
            // Only sled's own files: a teacher may keep other files in the folder.
            let sleds = sub != Path::new("") || is_sled_file(&name.to_string_lossy());
            if entry.file_type()?.is_file() && sleds {
                out.push(sub.join(name));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// The files sled 0.34 keeps at the top of its folder: its config, its log, its snapshots.
fn is_sled_file(name: &str) -> bool {
    name == "conf" || name == "db" || name.starts_with("snap.")
}

/// The seal the files in `dir` would have now.
pub(super) fn measure(dir: &Path, next_seq: u64) -> io::Result<Seal> {
    let mut files = Vec::new();
    for rel in sled_files(dir)? {
        let meta = fs::metadata(dir.join(&rel))?;
        files.push((rel.to_string_lossy().into_owned(), meta.len(), meta.modified()?));
    }
    Ok(Seal { next_seq, files })
}

/// The seal left by the last clean close, if there is one that reads.
pub(super) fn read(dir: &Path) -> Option<Seal> {
    codec::decode(&fs::read(dir.join(SEAL_FILE)).ok()?).ok()
}

pub(super) fn write(dir: &Path, seal: &Seal) -> io::Result<()> {
    use std::io::Write;
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    // Readable by its owner only, like the rest of the notebook.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(dir.join(SEAL_FILE))?.write_all(&codec::encode(seal))
}

pub(super) fn remove(dir: &Path) -> io::Result<()> {
    match fs::remove_file(dir.join(SEAL_FILE)) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seal_matches_until_a_file_changes() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join(BLOBS)).unwrap();
        fs::write(dir.path().join("db"), b"log").unwrap();
        fs::write(dir.path().join("blobs/1"), b"blob").unwrap();
        let seal = measure(dir.path(), 7).unwrap();
        assert_eq!(seal.files.len(), 2);
        write(dir.path(), &seal).unwrap();
        assert_eq!(read(dir.path()), Some(seal));
        // The seal file itself is not one of sled's files.
        assert_eq!(measure(dir.path(), 7).unwrap(), read(dir.path()).unwrap());
        fs::write(dir.path().join("db"), b"longer").unwrap();
        assert_ne!(measure(dir.path(), 7).unwrap(), read(dir.path()).unwrap());
        remove(dir.path()).unwrap();
        assert_eq!(read(dir.path()), None);
        remove(dir.path()).unwrap();
    }
}
