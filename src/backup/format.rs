//! The plaintext inside a backup's age encryption (docs/backup.md):
//!
//! ```text
//! magic "SOTAYBAK"(8) version(2, big-endian) postcard(Contents)
//! ```
//!
//! `Contents` has its own structs, not the store's: a field added to the store never
//! changes what an old backup means. Its layout is postcard's, fields in the order written
//! here, no enum but `Option`; a new field means a new version. Integrity is age's (every
//! 64 kB chunk is authenticated, and a cut file is told apart), so there is no checksum here.

use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, Zeroizing};

/// The first bytes of a backup's plaintext: what `age -d` shows first.
pub const BACKUP_MAGIC: [u8; 8] = *b"SOTAYBAK";
/// The version of the format this sotay writes; it reads this one and older.
pub const BACKUP_VERSION: u16 = 1;

/// Everything a backup holds.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contents {
    /// When it was made, milliseconds since 1970.
    pub made_at_millis: i64,
    /// The device that made it (16 bytes of its uuid).
    pub made_by: [u8; 16],
    /// The account's secret: a passphrase backup restores with no recovery code.
    pub account_secret: [u8; 32],
    /// The interface language of the device that made it (`vi`, `en`): a local field, so
    /// not in any batch.
    pub lang: String,
    /// Every sealed batch the notebook held, as a bundle file (`sync::bundle`).
    pub bundle: Vec<u8>,
    /// The hub the notebook synced through.
    pub hub: Option<HubBinding>,
    /// The report readers the hub offered when last asked.
    pub readers_offered: Vec<ReaderKey>,
    /// The readers' keys the teacher accepted, with when (milliseconds since 1970).
    pub readers_accepted: Vec<(ReaderKey, i64)>,
}

/// The hub binding: the restored device enrols its new id with this token at its first
/// sync, as a copied notebook does.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HubBinding {
    pub url: String,
    pub token: String,
    /// The device id the token was enrolled for.
    pub device: [u8; 16],
    pub ca: Option<String>,
    pub insecure: bool,
}

/// A report reader's key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReaderKey {
    pub scope: String,
    pub place: Option<String>,
    pub public_key: String,
    pub fingerprint: String,
}

impl Drop for Contents {
    fn drop(&mut self) {
        self.account_secret.zeroize();
    }
}

impl Drop for HubBinding {
    fn drop(&mut self) {
        self.token.zeroize();
    }
}

// The secret and the token stay out of every log and panic message.
impl std::fmt::Debug for Contents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Contents")
            .field("made_at_millis", &self.made_at_millis)
            .field("bundle_bytes", &self.bundle.len())
            .field("hub", &self.hub.as_ref().map(|h| &h.url))
            .field("readers_accepted", &self.readers_accepted.len())
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for HubBinding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HubBinding")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

/// Why a decrypted plaintext is not a backup this sotay can read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FormatError {
    /// It does not start with the magic: an age file of something else.
    #[error("not a sotay backup")]
    NotABackup,
    #[error("made by a newer sotay (backup format {0})")]
    Newer(u16),
    /// Its structure is wrong in the way named.
    #[error("the backup is damaged: {0}")]
    Damaged(String),
}

impl FormatError {
    /// A stable ASCII code for the reason, for messages and logs.
    pub fn code(&self) -> &'static str {
        match self {
            FormatError::NotABackup => "not-a-backup",
            FormatError::Newer(_) => "newer-backup-format",
            FormatError::Damaged(_) => "backup-damaged",
        }
    }
}

/// The plaintext of `c`; wiped from memory when dropped (it holds the account's secret).
pub fn encode(c: &Contents) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(Vec::with_capacity(c.bundle.len() + 1024));
    out.extend_from_slice(&BACKUP_MAGIC);
    out.extend_from_slice(&BACKUP_VERSION.to_be_bytes());
    // postcard fails only for types serde can't describe, which these are not.
    let body = Zeroizing::new(postcard::to_stdvec(c).expect("a backup always encodes"));
    out.extend_from_slice(&body);
    out
}

/// Reads a backup's plaintext.
pub fn decode(bytes: &[u8]) -> Result<Contents, FormatError> {
    let Some(rest) = bytes.strip_prefix(&BACKUP_MAGIC[..]) else {
        return Err(FormatError::NotABackup);
    };
    let (version, body) = match rest {
        [a, b, body @ ..] => (u16::from_be_bytes([*a, *b]), body),
        _ => return Err(FormatError::Damaged("cut short after the magic".into())),
    };
    match version {
        0 => return Err(FormatError::Damaged("version 0".into())),
        v if v > BACKUP_VERSION => return Err(FormatError::Newer(v)),
        _ => {}
    }
    let (contents, trailing) =
        postcard::take_from_bytes::<Contents>(body).map_err(|e| FormatError::Damaged(e.to_string()))?;
    if !trailing.is_empty() {
        return Err(FormatError::Damaged(format!(
            "{} bytes after the contents",
            trailing.len()
        )));
    }
    Ok(contents)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Contents {
        Contents {
            made_at_millis: 1_780_000_000_000,
            made_by: [7; 16],
            account_secret: [42; 32],
            lang: "vi".into(),
            bundle: vec![1, 2, 3],
            hub: Some(HubBinding {
                url: "https://hub.example".into(),
                token: "token-value".into(),
                device: [7; 16],
                ca: None,
                insecure: false,
            }),
            readers_offered: vec![ReaderKey {
                scope: "school:HS01".into(),
                place: Some("Trường Hư Cấu".into()),
                public_key: "age1example".into(),
                fingerprint: "AAAA-BBBB".into(),
            }],
            readers_accepted: vec![],
        }
    }

    #[test]
    fn contents_round_trip_behind_the_magic_and_version() {
        let c = sample();
        let bytes = encode(&c);
        assert!(bytes.starts_with(b"SOTAYBAK\x00\x01"));
        assert_eq!(decode(&bytes).unwrap(), c);
    }

    #[test]
    fn a_newer_damaged_or_foreign_plaintext_is_named() {
        let bytes = encode(&sample());
        assert_eq!(decode(b"PK\x03\x04 a zip").unwrap_err(), FormatError::NotABackup);
        let mut newer = bytes.to_vec();
        newer[9] = 2;
        assert_eq!(decode(&newer).unwrap_err(), FormatError::Newer(2));
        assert_eq!(decode(&bytes[..9]).unwrap_err().code(), "backup-damaged");
        assert_eq!(decode(&bytes[..bytes.len() - 1]).unwrap_err().code(), "backup-damaged");
        let mut longer = bytes.to_vec();
        longer.push(0);
        assert_eq!(decode(&longer).unwrap_err().code(), "backup-damaged");
    }

    #[test]
    fn the_secret_and_token_stay_out_of_debug_output() {
        let shown = format!("{:?}", sample());
        assert!(!shown.contains("token-value") && !shown.contains("42, 42"), "{shown}");
    }
}
