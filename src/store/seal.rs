//! The seal: what sled's files held when sotay last closed the notebook.
//!
//! sled writes to its files while it opens them (recovery, snapshot, padding the log)
//! before it notices damage, it reads a cut-off log as a shorter one, and on some garbage
//! it loops. So sled only opens a notebook directly when its files are exactly as sotay
//! left them; otherwise a copy is opened and checked first (see `open`), and the seal's
//! sequence number tells whether changes went missing.
//!
//! Files are compared by length and a CRC-32 of their bytes: a cut-off or rewritten file,
//! and a few bytes flipped by a bad sector with the size and time put back, all change
//! them. Reading a school's 30 MB notebook for it costs a few milliseconds. Nothing here
//! stops deliberate forgery (the seal is not a signature).
//!
//! The seal file has a fixed size and is overwritten in place: when a session starts it
//! is marked *open* (so a session that crashes leaves no valid seal and the next open checks
//! a copy), and at a clean close it is sealed again. Overwriting blocks the file already
//! has needs no free space, so a full disk never leaves a seal half-written or missing.
//! A torn write (a power cut while writing it) fails the seal's own checksum and reads as
//! no seal, the safe way.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use super::codec;
use super::lock::SLED_DB_FILE;

/// The seal's file, beside sled's.
pub(super) const SEAL_FILE: &str = "sotay.seal";
/// The folder sled keeps large values in.
pub(super) const BLOBS: &str = "blobs";
/// Every seal file is this long (a seal of sled's three or four files takes ~100 bytes); a
/// longer one is written whole instead, at the cost of needing free space.
const SEAL_SIZE: usize = 4096;
/// What a seal file starts with; the version after it changes with the layout below.
const MAGIC: &[u8; 10] = b"sotay-seal";
const VERSION: u8 = 2;
const OPEN: u8 = 0;
const SEALED: u8 = 1;

#[derive(Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(super) struct Seal {
    /// The change log's next sequence number at close.
    pub next_seq: u64,
    /// Each of sled's files: path relative to the notebook, length, CRC-32 of its bytes.
    pub files: Vec<(String, u64, u32)>,
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

/// The files sled 0.34 keeps at the top of its folder: its config, its log, its snapshots
/// (not one it did not finish writing: see [`is_unfinished_snapshot`]).
fn is_sled_file(name: &str) -> bool {
    name == "conf" || name == SLED_DB_FILE || (name.starts_with("snap.") && !is_unfinished_snapshot(name))
}

/// A snapshot sled 0.34 did not finish: it writes `snap.N.generating`, then renames it
/// `snap.N` and removes the older one. A process killed (or a power cut) in between leaves
/// it behind, empty or cut short, beside the older snapshot that still holds; sled takes
/// it for its newest snapshot at the next open and calls the notebook corrupt. So it is no
/// part of the notebook: not sealed, not copied to be checked, and removed before sled
/// opens the notebook (the kill harness found one: docs/reliability.md).
pub(super) fn is_unfinished_snapshot(name: &str) -> bool {
    name.starts_with("snap.") && name.ends_with(".generating")
}

/// Removes the snapshots sled did not finish (see [`is_unfinished_snapshot`]) from `dir`.
pub(super) fn remove_unfinished_snapshots(dir: &Path) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if is_unfinished_snapshot(&entry.file_name().to_string_lossy()) && entry.file_type()?.is_file() {
            fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

/// The seal the files in `dir` would have now (read while sled has them closed: on
/// Windows sled's lock bars reading `db` through another handle).
pub(super) fn measure(dir: &Path, next_seq: u64) -> io::Result<Seal> {
    let mut files = Vec::new();
    for rel in sled_files(dir)? {
        let (len, crc) = checksum(&mut File::open(dir.join(&rel))?)?;
        files.push((rel.to_string_lossy().into_owned(), len, crc));
    }
    Ok(Seal { next_seq, files })
}

/// The length and CRC-32 of everything `r` reads.
fn checksum(r: &mut impl Read) -> io::Result<(u64, u32)> {
    let mut hasher = crc32fast::Hasher::new();
    let mut buf = vec![0u8; 256 * 1024];
    let mut len = 0u64;
    loop {
        match r.read(&mut buf) {
            Ok(0) => return Ok((len, hasher.finalize())),
            Ok(n) => {
                hasher.update(&buf[..n]);
                len += n as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// The seal left by the last clean close, if there is one that reads; `None` when the
/// notebook is open (or a session crashed), the file is torn, or it is of another version.
pub(super) fn read(dir: &Path) -> Option<Seal> {
    let bytes = fs::read(dir.join(SEAL_FILE)).ok()?;
    let head = MAGIC.len() + 2;
    if bytes.len() < head + 8 || &bytes[..MAGIC.len()] != MAGIC || bytes[MAGIC.len()] != VERSION {
        return None;
    }
    if bytes[MAGIC.len() + 1] != SEALED {
        return None;
    }
    let len = u32::from_le_bytes(bytes[head..head + 4].try_into().ok()?) as usize;
    let payload = bytes.get(head + 4..head + 4 + len)?;
    let crc = u32::from_le_bytes(bytes.get(head + 4 + len..head + 8 + len)?.try_into().ok()?);
    if crc32fast::hash(payload) != crc {
        return None;
    }
    codec::decode_plain(payload).ok()
}

/// Seals the notebook: overwrites the seal file in place.
pub(super) fn write(dir: &Path, seal: &Seal) -> io::Result<()> {
    overwrite(dir, SEALED, &codec::encode_plain(seal))
}

/// Marks the notebook open (a session started): until it is sealed again, the next open
/// checks a copy first. In place, so it needs no free space once the file exists.
pub(super) fn unseal(dir: &Path) -> io::Result<()> {
    match fs::metadata(dir.join(SEAL_FILE)) {
        Ok(_) => overwrite(dir, OPEN, &[]),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

fn overwrite(dir: &Path, state: u8, payload: &[u8]) -> io::Result<()> {
    let mut bytes = Vec::with_capacity(SEAL_SIZE);
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&[VERSION, state]);
    let len = u32::try_from(payload.len()).map_err(|_| io::Error::other("seal too large"))?;
    bytes.extend_from_slice(&len.to_le_bytes());
    bytes.extend_from_slice(payload);
    bytes.extend_from_slice(&crc32fast::hash(payload).to_le_bytes());
    // Zeros up to the fixed size: the file keeps its blocks, and a shorter seal leaves no
    // tail of a longer one behind.
    bytes.resize(bytes.len().max(SEAL_SIZE), 0);
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(false);
    // Readable by its owner only, like the rest of the notebook.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(dir.join(SEAL_FILE))?;
    file.write_all(&bytes)?;
    if file.metadata()?.len() > bytes.len() as u64 {
        file.set_len(bytes.len() as u64)?;
    }
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measured(dir: &Path, next_seq: u64) -> Seal {
        measure(dir, next_seq).unwrap()
    }

    #[test]
    fn a_seal_matches_until_a_byte_changes() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join(BLOBS)).unwrap();
        fs::write(dir.path().join("db"), b"log of changes").unwrap();
        fs::write(dir.path().join("blobs/1"), b"blob").unwrap();
        let seal = measured(dir.path(), 7);
        assert_eq!(seal.files.len(), 2);
        write(dir.path(), &seal).unwrap();
        assert_eq!(read(dir.path()), Some(seal));
        // The seal file itself is not one of sled's files.
        assert_eq!(measured(dir.path(), 7), read(dir.path()).unwrap());
        // One byte flipped, the length kept: no longer the sealed files.
        fs::write(dir.path().join("db"), b"log of chbnges").unwrap();
        assert_ne!(measured(dir.path(), 7), read(dir.path()).unwrap());
    }

    #[test]
    fn an_open_torn_or_foreign_seal_reads_as_none_and_the_file_keeps_its_size() {
        let dir = tempfile::tempdir().unwrap();
        let seal = Seal {
            next_seq: 3,
            files: vec![("db".into(), 10, 42)],
        };
        unseal(dir.path()).unwrap();
        assert!(!dir.path().join(SEAL_FILE).exists(), "nothing to mark");
        write(dir.path(), &seal).unwrap();
        let path = dir.path().join(SEAL_FILE);
        assert_eq!(fs::metadata(&path).unwrap().len(), SEAL_SIZE as u64);
        unseal(dir.path()).unwrap();
        assert_eq!(read(dir.path()), None, "open");
        assert_eq!(fs::metadata(&path).unwrap().len(), SEAL_SIZE as u64);
        write(dir.path(), &seal).unwrap();
        assert_eq!(read(dir.path()).as_ref(), Some(&seal));
        // A torn write: part of the payload lost.
        let mut bytes = fs::read(&path).unwrap();
        bytes[MAGIC.len() + 8] ^= 0xff;
        fs::write(&path, &bytes).unwrap();
        assert_eq!(read(dir.path()), None, "torn");
        // Empty, garbage, or an older sotay's seal.
        for junk in [&b""[..], b"garbage", &[0u8; 70]] {
            fs::write(&path, junk).unwrap();
            assert_eq!(read(dir.path()), None);
        }
    }
}
