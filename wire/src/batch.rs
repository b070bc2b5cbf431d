//! A sealed batch's outer form: what anyone can read and check without the account's
//! secret (the header and the device's signature). The hub checks uploads with it; the
//! notebook (`sotay::sync::envelope`) seals and opens the encrypted inside.
//!
//! The layout (all integers big-endian; the table is in `docs/security.md`):
//!
//! ```text
//! outer, signed:  magic(8) version(2) account(16) device(16) number(8) device_public(32)
//!                 certificate(32) ciphertext_len(4) ciphertext(n) signature(64)
//! inner (the age plaintext):  version(2) account(16) device(16) number(8)
//!                 payload_len(8) raw DEFLATE of the payload
//! ```
//!
//! The signature covers every byte before it. The account, device and number are in both
//! headers and must agree, so a batch moved to another slot is refused even when a device
//! of the account signed it again.

use ed25519_dalek::{Signature, VerifyingKey};
use uuid::Uuid;

/// The version of the batch format this sotay writes; it reads this one and older.
pub const FORMAT_VERSION: u16 = 1;
/// The largest sealed batch accepted (32 MiB): bigger ones are refused before anything is
/// read from them.
pub const MAX_SEALED: usize = 32 << 20;
/// The largest payload sealed, and the most decompression may produce when a batch is
/// opened (16 MiB). Its sealed form always fits in [`MAX_SEALED`].
pub const MAX_PAYLOAD: usize = 16 << 20;
/// The first bytes of every sealed batch. The high first byte and the line feed make a
/// batch that went through a text conversion fail here, not later.
pub const MAGIC: [u8; 8] = *b"\x89SOTAYB\n";

pub const SIGNATURE_LEN: usize = 64;
/// The outer header's fields, as byte ranges.
pub const VERSION: std::ops::Range<usize> = 8..10;
pub const ACCOUNT: std::ops::Range<usize> = 10..26;
pub const DEVICE: std::ops::Range<usize> = 26..42;
pub const NUMBER: std::ops::Range<usize> = 42..50;
pub const PUBLIC: std::ops::Range<usize> = 50..82;
pub const CERTIFICATE: std::ops::Range<usize> = 82..114;
pub const CIPHERTEXT_LEN: std::ops::Range<usize> = 114..118;
/// The outer header's length: the ciphertext starts here.
pub const OUTER_LEN: usize = 118;

/// What the outer header of a batch says. Only [`open`] proves it is the account's.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Header {
    /// The batch format's version.
    pub version: u16,
    /// The account the batch says it belongs to.
    pub account: Uuid,
    /// The device that made and signed it.
    pub device: Uuid,
    /// Its batch number: per device, from 1, without gaps.
    pub number: u64,
    /// The device's Ed25519 public key, which its signature is checked with.
    pub device_public: [u8; 32],
}

/// Why a batch was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    /// It does not start as a batch does.
    #[error("not a sotay batch")]
    NotABatch,
    /// Made by a newer sotay, in a format this one does not know.
    #[error("made by a newer sotay (batch format {0})")]
    NewerFormat(u16),
    /// It ends before its lengths say it does.
    #[error("the batch is cut short")]
    Truncated,
    /// Bigger than [`MAX_SEALED`], or its payload bigger than [`MAX_PAYLOAD`].
    #[error("the batch is too large")]
    TooLarge,
    /// It belongs to another account.
    #[error("the batch belongs to another account")]
    WrongAccount,
    /// Its device's key is not certified by the account.
    #[error("the batch's device is not one of the account's")]
    UnknownDevice,
    /// Its signature does not match: it was altered after it was signed.
    #[error("the batch's signature does not match")]
    BadSignature,
    /// The account's key does not decrypt it.
    #[error("the batch can't be decrypted with the account's key")]
    Undecryptable,
    /// Its inner header names another account, device or number than its outer one: it was
    /// moved to another slot.
    #[error("the batch was moved from where it was sealed")]
    Moved,
    /// Its structure is wrong in the way named.
    #[error("the batch is damaged: {0}")]
    Damaged(&'static str),
}

impl SealError {
    /// A stable ASCII code for the reason, for messages and logs.
    pub fn code(&self) -> &'static str {
        match self {
            SealError::NotABatch => "not-a-batch",
            SealError::NewerFormat(_) => "newer-format",
            SealError::Truncated => "truncated",
            SealError::TooLarge => "too-large",
            SealError::WrongAccount => "wrong-account",
            SealError::UnknownDevice => "unknown-device",
            SealError::BadSignature => "bad-signature",
            SealError::Undecryptable => "undecryptable",
            SealError::Moved => "moved",
            SealError::Damaged(_) => "damaged",
        }
    }
}

/// Reads the outer header and checks the signature against the header's own key, without
/// any secret. It proves the batch is whole and unaltered since it was signed, not that it
/// is the account's: the notebook's `open` proves that.
pub fn peek(sealed: &[u8]) -> Result<Header, SealError> {
    let batch = parse(sealed)?;
    batch.check_signature(&batch.header.device_public)?;
    Ok(batch.header)
}

/// Reads the outer header and checks the signature against `public`, a device key enrolled
/// by other means (the hub's): a header naming another key is [`SealError::UnknownDevice`].
pub fn verify_signature(sealed: &[u8], public: &[u8; 32]) -> Result<Header, SealError> {
    let batch = parse(sealed)?;
    if batch.header.device_public != *public {
        return Err(SealError::UnknownDevice);
    }
    batch.check_signature(public)?;
    Ok(batch.header)
}

/// A batch's parts, its outer structure checked.
pub struct Parsed<'a> {
    pub header: Header,
    pub certificate: [u8; 32],
    /// The bytes the signature covers.
    pub signed: &'a [u8],
    pub ciphertext: &'a [u8],
    pub signature: [u8; SIGNATURE_LEN],
}

impl Parsed<'_> {
    pub fn check_signature(&self, public: &[u8; 32]) -> Result<(), SealError> {
        verify(public, self.signed, &self.signature)
    }
}

/// Whether `signature` is `public`'s Ed25519 signature of `signed`. Strict: no small-order
/// keys, no malleable signatures.
pub fn verify(public: &[u8; 32], signed: &[u8], signature: &[u8; SIGNATURE_LEN]) -> Result<(), SealError> {
    let key = VerifyingKey::from_bytes(public).map_err(|_| SealError::BadSignature)?;
    key.verify_strict(signed, &Signature::from_bytes(signature))
        .map_err(|_| SealError::BadSignature)
}

pub fn parse(sealed: &[u8]) -> Result<Parsed<'_>, SealError> {
    let start = &sealed[..sealed.len().min(MAGIC.len())];
    if sealed.is_empty() || start != &MAGIC[..start.len()] {
        return Err(SealError::NotABatch);
    }
    // The version before any other field: a newer format may lay them out otherwise.
    let Some(version) = sealed.get(VERSION).map(be_u16) else {
        return Err(SealError::Truncated);
    };
    if version > FORMAT_VERSION {
        return Err(SealError::NewerFormat(version));
    }
    if version == 0 {
        return Err(SealError::Damaged("format version 0"));
    }
    if sealed.len() > MAX_SEALED {
        return Err(SealError::TooLarge);
    }
    let Some(outer) = sealed.get(..OUTER_LEN) else {
        return Err(SealError::Truncated);
    };
    let ciphertext_len = be_u32(&outer[CIPHERTEXT_LEN]) as usize;
    if ciphertext_len > MAX_SEALED {
        return Err(SealError::TooLarge);
    }
    let signed_len = OUTER_LEN + ciphertext_len;
    let whole = signed_len + SIGNATURE_LEN;
    if sealed.len() < whole {
        return Err(SealError::Truncated);
    }
    if sealed.len() > whole {
        return Err(SealError::Damaged("bytes after the signature"));
    }
    Ok(Parsed {
        header: Header {
            version,
            account: uuid_at(outer, ACCOUNT),
            device: uuid_at(outer, DEVICE),
            number: be_u64(&outer[NUMBER]),
            device_public: array_at(outer, PUBLIC),
        },
        certificate: array_at(outer, CERTIFICATE),
        signed: &sealed[..signed_len],
        ciphertext: &sealed[OUTER_LEN..signed_len],
        signature: array_at(sealed, signed_len..whole),
    })
}

/// The sealed batch: outer header, ciphertext, and the device's signature of both, made by
/// `sign` over every byte before it (an Ed25519 signature with the device's key).
pub fn assemble(
    header: &Header,
    certificate: &[u8; 32],
    ciphertext: &[u8],
    sign: impl FnOnce(&[u8]) -> [u8; SIGNATURE_LEN],
) -> Result<Vec<u8>, SealError> {
    let whole = OUTER_LEN + ciphertext.len() + SIGNATURE_LEN;
    if whole > MAX_SEALED {
        return Err(SealError::TooLarge);
    }
    let mut out = Vec::with_capacity(whole);
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&header.version.to_be_bytes());
    out.extend_from_slice(header.account.as_bytes());
    out.extend_from_slice(header.device.as_bytes());
    out.extend_from_slice(&header.number.to_be_bytes());
    out.extend_from_slice(&header.device_public);
    out.extend_from_slice(certificate);
    let len = u32::try_from(ciphertext.len()).expect("within MAX_SEALED");
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(ciphertext);
    let signature = sign(&out);
    out.extend_from_slice(&signature);
    Ok(out)
}

pub fn be_u16(b: &[u8]) -> u16 {
    u16::from_be_bytes(array_at(b, 0..2))
}

pub fn be_u32(b: &[u8]) -> u32 {
    u32::from_be_bytes(array_at(b, 0..4))
}

pub fn be_u64(b: &[u8]) -> u64 {
    u64::from_be_bytes(array_at(b, 0..8))
}

pub fn uuid_at(b: &[u8], at: std::ops::Range<usize>) -> Uuid {
    Uuid::from_bytes(array_at(b, at))
}

/// The bytes at `at`, whose length the caller has checked.
pub fn array_at<const N: usize>(b: &[u8], at: std::ops::Range<usize>) -> [u8; N] {
    b[at].try_into().expect("a range of the array's length")
}
