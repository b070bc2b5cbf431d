//! Bundle files: sealed batches in one file, to move them by hand (a USB stick, a file sent
//! in a chat) with no hub at all.
//!
//! The layout (all integers big-endian; the table is in `docs/security.md`):
//!
//! ```text
//! magic(8) version(2) count(4) { length(4) batch(length) } × count  sha256(32)
//! ```
//!
//! The SHA-256 at the end covers every byte before it. It is not a signature (each batch
//! carries its own): it tells a damaged file from a good one before any batch in it is
//! applied, so a damaged bundle changes nothing.

use std::io::{self, Write};

use sha2::{Digest, Sha256};

use super::envelope::MAX_SEALED;

/// The version of the bundle format this sotay writes; it reads this one and older.
pub const BUNDLE_VERSION: u16 = 1;
/// The first bytes of every bundle: tells it from any other file (a zip, an XLSX, a CSV, a
/// batch), and the high first byte and line feed catch a text conversion.
pub const BUNDLE_MAGIC: [u8; 8] = *b"\x89SOTAYF\n";
/// The largest bundle read or written (256 MiB); a caller reading a file checks its size
/// against it before reading it whole.
pub const MAX_BUNDLE: usize = 256 << 20;

/// Magic, version and count.
const HEAD_LEN: usize = 14;
const LENGTH_LEN: usize = 4;
const CHECKSUM_LEN: usize = 32;

/// Why a file was not taken as a bundle.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BundleError {
    /// It does not start as a bundle does.
    #[error("not a sotay bundle")]
    NotABundle,
    /// Made by a newer sotay, in a format this one does not know.
    #[error("made by a newer sotay (bundle format {0})")]
    NewerFormat(u16),
    /// It ends before its lengths say it does.
    #[error("the bundle is cut short")]
    Truncated,
    /// Bigger than [`MAX_BUNDLE`], or a batch in it bigger than a batch may be.
    #[error("the bundle, or a batch in it, is too large")]
    TooLarge,
    /// Its structure or checksum is wrong in the way named.
    #[error("the bundle is damaged: {0}")]
    Damaged(&'static str),
}

impl BundleError {
    /// A stable ASCII code for the reason, for messages and logs.
    pub fn code(&self) -> &'static str {
        match self {
            BundleError::NotABundle => "not-a-bundle",
            BundleError::NewerFormat(_) => "newer-bundle-format",
            BundleError::Truncated => "bundle-truncated",
            BundleError::TooLarge => "bundle-too-large",
            BundleError::Damaged(_) => "bundle-damaged",
        }
    }
}

/// Writes `batches` (sealed, as they are) as one bundle. Refuses, writing nothing, a batch
/// over the batch size limit or a bundle over [`MAX_BUNDLE`] (`InvalidInput`).
pub fn write_bundle(out: &mut impl Write, batches: &[&[u8]]) -> io::Result<()> {
    let invalid = |what: &str| io::Error::new(io::ErrorKind::InvalidInput, what.to_string());
    let mut total = HEAD_LEN + CHECKSUM_LEN;
    for batch in batches {
        if batch.len() > MAX_SEALED {
            return Err(invalid("a batch is larger than a batch may be"));
        }
        total = total.saturating_add(LENGTH_LEN + batch.len());
    }
    if total > MAX_BUNDLE {
        return Err(invalid("the batches are more than a bundle may hold"));
    }
    let count = u32::try_from(batches.len()).map_err(|_| invalid("too many batches"))?;
    let mut hash = Sha256::new();
    let mut put = |bytes: &[u8]| {
        hash.update(bytes);
        out.write_all(bytes)
    };
    put(&BUNDLE_MAGIC)?;
    put(&BUNDLE_VERSION.to_be_bytes())?;
    put(&count.to_be_bytes())?;
    for batch in batches {
        let len = u32::try_from(batch.len()).expect("within MAX_SEALED");
        put(&len.to_be_bytes())?;
        put(batch)?;
    }
    out.write_all(&hash.finalize())
}

/// The batches of a bundle, in order, each still sealed (open each with
/// [`super::envelope::open`]). Bounds every length before using it; refuses the whole file
/// when any part of it is wrong.
pub fn read_bundle(bytes: &[u8]) -> Result<Vec<&[u8]>, BundleError> {
    let start = &bytes[..bytes.len().min(BUNDLE_MAGIC.len())];
    if bytes.is_empty() || start != &BUNDLE_MAGIC[..start.len()] {
        return Err(BundleError::NotABundle);
    }
    let Some(version) = bytes.get(8..10) else {
        return Err(BundleError::Truncated);
    };
    let version = u16::from_be_bytes([version[0], version[1]]);
    if version > BUNDLE_VERSION {
        return Err(BundleError::NewerFormat(version));
    }
    if version == 0 {
        return Err(BundleError::Damaged("format version 0"));
    }
    if bytes.len() > MAX_BUNDLE {
        return Err(BundleError::TooLarge);
    }
    let Some(count) = bytes.get(10..HEAD_LEN).map(be_u32) else {
        return Err(BundleError::Truncated);
    };
    let mut rest = &bytes[HEAD_LEN..];
    // Not `count` itself: a damaged count must not reserve memory.
    let mut batches = Vec::with_capacity((count as usize).min(rest.len() / LENGTH_LEN));
    for _ in 0..count {
        let Some((len, after)) = rest.split_at_checked(LENGTH_LEN) else {
            return Err(BundleError::Truncated);
        };
        let len = be_u32(len) as usize;
        if len > MAX_SEALED {
            return Err(BundleError::TooLarge);
        }
        let Some((batch, after)) = after.split_at_checked(len) else {
            return Err(BundleError::Truncated);
        };
        batches.push(batch);
        rest = after;
    }
    if rest.len() < CHECKSUM_LEN {
        return Err(BundleError::Truncated);
    }
    if rest.len() > CHECKSUM_LEN {
        return Err(BundleError::Damaged("bytes after the last batch"));
    }
    let covered = &bytes[..bytes.len() - CHECKSUM_LEN];
    if Sha256::digest(covered)[..] != rest[..] {
        return Err(BundleError::Damaged("checksum"));
    }
    Ok(batches)
}

fn be_u32(b: &[u8]) -> u32 {
    u32::from_be_bytes([b[0], b[1], b[2], b[3]])
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::*;
    use crate::sync::account::{AccountKeys, AccountSecret};
    use crate::sync::device::DeviceKey;
    use crate::sync::envelope::{open, seal};

    const NAME: &str = "Nguyễn Thị Mai";

    fn keys() -> AccountKeys {
        AccountKeys::from_secret(&AccountSecret::from_bytes([5; 32]))
    }

    fn batches(keys: &AccountKeys) -> Vec<Vec<u8>> {
        let device = DeviceKey::from_bytes(&[6; 32]);
        (1..=3)
            .map(|n| {
                let payload = format!("change {n}: name={NAME}, address=Xóm 3, Mường Lát");
                seal(keys, &device, Uuid::from_u128(9), n, payload.as_bytes()).unwrap()
            })
            .collect()
    }

    fn bundle(batches: &[Vec<u8>]) -> Vec<u8> {
        let refs: Vec<&[u8]> = batches.iter().map(Vec::as_slice).collect();
        let mut out = Vec::new();
        write_bundle(&mut out, &refs).unwrap();
        out
    }

    fn with_checksum(mut body: Vec<u8>) -> Vec<u8> {
        let sum = Sha256::digest(&body);
        body.extend_from_slice(&sum);
        body
    }

    #[test]
    fn a_bundle_round_trips_its_batches_and_holds_no_name() {
        let keys = keys();
        let batches = batches(&keys);
        let file = bundle(&batches);
        assert!(file.starts_with(&BUNDLE_MAGIC));
        let read = read_bundle(&file).unwrap();
        assert_eq!(read, batches.iter().map(Vec::as_slice).collect::<Vec<_>>());
        for (n, batch) in read.iter().enumerate() {
            let opened = open(&keys, batch).unwrap();
            assert_eq!(opened.header.number, n as u64 + 1);
            assert!(String::from_utf8(opened.payload).unwrap().contains(NAME));
        }
        for needle in [NAME, "Nguy", "Mường", "Xóm"] {
            let needle = needle.as_bytes();
            assert!(!file.windows(needle.len()).any(|w| w == needle));
        }
        assert_eq!(read_bundle(&bundle(&[])).unwrap(), Vec::<&[u8]>::new());
    }

    #[test]
    fn other_files_are_not_a_bundle() {
        let keys = keys();
        let batch = batches(&keys).remove(0);
        let xlsx = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml";
        let csv = "Họ và tên,Ngày sinh\nNguyễn Văn An,01/02/2012\n".as_bytes();
        for bytes in [&[][..], &xlsx[..], csv, &batch, &[0u8; 64], b"\x89PNG\r\n\x1a\n"] {
            assert_eq!(read_bundle(bytes), Err(BundleError::NotABundle), "{bytes:?}");
        }
    }

    #[test]
    fn a_newer_bundle_is_named_before_anything_else_is_read() {
        let mut file = bundle(&batches(&keys()));
        file[8..10].copy_from_slice(&2u16.to_be_bytes());
        assert_eq!(read_bundle(&file), Err(BundleError::NewerFormat(2)));
        let mut head = BUNDLE_MAGIC.to_vec();
        head.extend_from_slice(&9u16.to_be_bytes());
        assert_eq!(read_bundle(&head), Err(BundleError::NewerFormat(9)));
    }

    #[test]
    fn a_bundle_cut_at_any_length_is_truncated() {
        let file = bundle(&batches(&keys()));
        for len in 1..file.len() {
            assert_eq!(read_bundle(&file[..len]), Err(BundleError::Truncated), "{len}");
        }
    }

    #[test]
    fn over_long_length_fields_are_refused() {
        // A batch length beyond any batch: too large, whatever follows.
        let mut body = BUNDLE_MAGIC.to_vec();
        body.extend_from_slice(&1u16.to_be_bytes());
        body.extend_from_slice(&1u32.to_be_bytes());
        let head = body.clone();
        for len in [MAX_SEALED as u32 + 1, u32::MAX] {
            let mut file = head.clone();
            file.extend_from_slice(&len.to_be_bytes());
            file.extend_from_slice(&[0; 100]);
            assert_eq!(read_bundle(&with_checksum(file)), Err(BundleError::TooLarge));
        }
        // A length within bounds but past the end of the file: cut short.
        let mut file = head.clone();
        file.extend_from_slice(&1000u32.to_be_bytes());
        file.extend_from_slice(&[0; 100]);
        assert_eq!(read_bundle(&with_checksum(file)), Err(BundleError::Truncated));
        // A count far beyond what the file holds: cut short, and nothing reserved for it.
        // (Ten empty entries, then the file ends.)
        let mut file = BUNDLE_MAGIC.to_vec();
        file.extend_from_slice(&1u16.to_be_bytes());
        file.extend_from_slice(&u32::MAX.to_be_bytes());
        file.extend_from_slice(&[0; 4 * 10]);
        assert_eq!(read_bundle(&file), Err(BundleError::Truncated));
        // A whole file over the limit.
        let mut huge = vec![0u8; MAX_BUNDLE + 1];
        huge[..10].copy_from_slice(&head[..10]);
        assert_eq!(read_bundle(&huge), Err(BundleError::TooLarge));
    }

    #[test]
    fn damage_anywhere_refuses_the_whole_bundle() {
        let file = bundle(&batches(&keys()));
        for pos in 0..file.len() {
            let mut bad = file.clone();
            bad[pos] ^= 0x01;
            assert!(read_bundle(&bad).is_err(), "byte {pos}");
        }
        // A byte inside a batch: the checksum tells, before any batch is opened.
        let mut bad = file.clone();
        bad[HEAD_LEN + LENGTH_LEN + 40] ^= 0x01;
        assert_eq!(read_bundle(&bad), Err(BundleError::Damaged("checksum")));
        let mut longer = file.clone();
        longer.push(0);
        assert_eq!(
            read_bundle(&longer),
            Err(BundleError::Damaged("bytes after the last batch"))
        );
    }

    #[test]
    fn write_refuses_what_read_would_refuse() {
        let big = vec![0u8; MAX_SEALED + 1];
        let mut out = Vec::new();
        let err = write_bundle(&mut out, &[&big]).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
        assert!(out.is_empty());
        let each = vec![0u8; MAX_SEALED];
        let many: Vec<&[u8]> = (0..MAX_BUNDLE / MAX_SEALED).map(|_| &each[..]).collect();
        let err = write_bundle(&mut out, &many).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
        assert!(out.is_empty());
    }

    proptest::proptest! {
        #![proptest_config(crate::sync::proptest_config(500))]

        /// Any bytes after a bundle's magic and version: refused or read within bounds,
        /// never a panic; what is read lies inside the file.
        #[test]
        fn any_bytes_after_the_magic(bytes in proptest::collection::vec(0u8.., 0..400)) {
            let head = [&BUNDLE_MAGIC[..], &BUNDLE_VERSION.to_be_bytes()].concat();
            for file in [[&head[..], &bytes].concat(), with_checksum([&head[..], &bytes].concat())] {
                if let Ok(batches) = read_bundle(&file) {
                    let total: usize = batches.iter().map(|b| b.len() + LENGTH_LEN).sum();
                    proptest::prop_assert_eq!(total + HEAD_LEN + CHECKSUM_LEN, file.len());
                }
            }
        }
    }

    #[test]
    fn each_refusal_has_its_own_ascii_code() {
        let all = [
            BundleError::NotABundle,
            BundleError::NewerFormat(2),
            BundleError::Truncated,
            BundleError::TooLarge,
            BundleError::Damaged("x"),
        ];
        let codes: std::collections::HashSet<&str> = all.iter().map(BundleError::code).collect();
        assert_eq!(codes.len(), all.len());
    }
}
