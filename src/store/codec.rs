//! The one place stored values are encoded and decoded: a format byte, then postcard, and
//! for a notebook locked with a passphrase, the same sealed with XChaCha20-Poly1305.
//!
//! Every value written to sled goes through [`Keys::encode`] (or [`Keys::encode_raw`] for
//! bytes that are already a format of their own, such as a held batch), and every value
//! read through [`Keys::decode`], so a locked notebook has no value in clear but the two
//! read before it is unlocked: the schema version and the lock itself (see `unlock`),
//! which stay in format 1 ([`encode_plain`]) so any sotay can read them and say "newer" or
//! "locked" instead of "damaged".
//!
//! A sealed value is `2 | nonce (24) | ciphertext and tag`, under the notebook's master
//! key, with its tree and key as associated data: a value moved to another key or tree
//! (by someone editing the files) does not open, and is said to be damaged.

use std::borrow::Cow;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::TryRngCore;
use rand::rngs::OsRng;
use serde::Serialize;
use serde::de::DeserializeOwned;
use zeroize::Zeroizing;

/// The format byte of plain postcard values.
pub const FORMAT_POSTCARD: u8 = 1;
/// The format byte of values sealed under the master key.
pub const FORMAT_SEALED: u8 = 2;
const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;

/// Why a stored value could not be read. Never contains the value itself.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodecError {
    #[error("empty value")]
    Empty,
    #[error("unknown value format {0}")]
    UnknownFormat(u8),
    #[error("undecodable value: {0}")]
    Postcard(#[from] postcard::Error),
    #[error("{0} unexpected bytes after the value")]
    Trailing(usize),
    /// A value in clear in a notebook locked with a passphrase: written by no sotay.
    #[error("a value in clear in a locked notebook")]
    NotSealed,
    /// A sealed value in a notebook without a passphrase.
    #[error("a sealed value in a notebook without a passphrase")]
    Sealed,
    /// The tag did not match: the bytes were changed, cut or moved to another key.
    #[error("a sealed value does not open (changed or moved)")]
    Unopened,
}

/// Encodes a value that is never sealed (see the module's comment).
pub fn encode_plain<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    // postcard only fails for types serde can't describe (e.g. maps of unknown length),
    // which none of ours are.
    postcard::to_extend(value, vec![FORMAT_POSTCARD]).expect("our types always encode")
}

/// Decodes a value that is never sealed.
pub fn decode_plain<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, CodecError> {
    let (&format, body) = bytes.split_first().ok_or(CodecError::Empty)?;
    match format {
        FORMAT_POSTCARD => decode_body(body),
        FORMAT_SEALED => Err(CodecError::Sealed),
        other => Err(CodecError::UnknownFormat(other)),
    }
}

fn decode_body<T: DeserializeOwned>(body: &[u8]) -> Result<T, CodecError> {
    let (value, rest) = postcard::take_from_bytes(body)?;
    if !rest.is_empty() {
        return Err(CodecError::Trailing(rest.len()));
    }
    Ok(value)
}

/// The notebook's master key: random, made once when the lock is turned on, kept on disk
/// only wrapped by the passphrase's key (see `unlock`), wiped from memory when dropped.
pub struct MasterKey(Zeroizing<[u8; 32]>);

impl MasterKey {
    pub(super) fn random() -> MasterKey {
        let mut key = Zeroizing::new([0u8; 32]);
        random(&mut key[..]);
        MasterKey(key)
    }
    pub(super) fn from_bytes(bytes: Zeroizing<[u8; 32]>) -> MasterKey {
        MasterKey(bytes)
    }
    pub(super) fn bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

/// How the values of one notebook are written: in clear, or sealed under its master key.
pub enum Keys {
    Plain,
    Sealed(MasterKey),
}

impl Keys {
    /// Encodes `value`, to be stored at `key` of `tree`.
    pub fn encode<T: Serialize + ?Sized>(&self, tree: &str, key: &[u8], value: &T) -> Vec<u8> {
        match self {
            Keys::Plain => encode_plain(value),
            Keys::Sealed(master) => {
                let body = Zeroizing::new(postcard::to_stdvec(value).expect("our types always encode"));
                seal(master, tree, key, &body)
            }
        }
    }

    /// Decodes the value stored at `key` of `tree`.
    pub fn decode<T: DeserializeOwned>(&self, tree: &str, key: &[u8], bytes: &[u8]) -> Result<T, CodecError> {
        match self {
            Keys::Plain => decode_plain(bytes),
            Keys::Sealed(master) => decode_body(&open(master, tree, key, bytes)?),
        }
    }

    /// Bytes that are a format of their own (a held batch): as they are, or sealed.
    pub fn encode_raw(&self, tree: &str, key: &[u8], bytes: &[u8]) -> Vec<u8> {
        match self {
            Keys::Plain => bytes.to_vec(),
            Keys::Sealed(master) => seal(master, tree, key, bytes),
        }
    }

    /// The bytes [`Keys::encode_raw`] stored.
    pub fn decode_raw<'a>(&self, tree: &str, key: &[u8], bytes: &'a [u8]) -> Result<Cow<'a, [u8]>, CodecError> {
        match self {
            Keys::Plain => Ok(Cow::Borrowed(bytes)),
            Keys::Sealed(master) => Ok(Cow::Owned(open(master, tree, key, bytes)?.to_vec())),
        }
    }

    /// A stored value in format 1 (what [`encode_plain`] makes), to compare with or decode
    /// as one: the write path works on values in this form.
    pub fn to_plain<'a>(&self, tree: &str, key: &[u8], stored: &'a [u8]) -> Result<Cow<'a, [u8]>, CodecError> {
        match self {
            Keys::Plain => Ok(Cow::Borrowed(stored)),
            Keys::Sealed(master) => {
                let inner = open(master, tree, key, stored)?;
                let mut out = Vec::with_capacity(inner.len() + 1);
                out.push(FORMAT_POSTCARD);
                out.extend_from_slice(&inner);
                Ok(Cow::Owned(out))
            }
        }
    }

    /// A value in format 1 as it is stored at `key` of `tree`.
    pub fn from_plain(&self, tree: &str, key: &[u8], plain: &[u8]) -> Vec<u8> {
        match (self, plain.split_first()) {
            (Keys::Sealed(master), Some((&FORMAT_POSTCARD, body))) => seal(master, tree, key, body),
            _ => plain.to_vec(),
        }
    }

    pub fn is_sealed(&self) -> bool {
        matches!(self, Keys::Sealed(_))
    }

    /// The value stored at `key` of `tree` under `self`, written again under `to`, without
    /// knowing its type: what turning the lock on or off does to every value.
    pub(super) fn rewrite(
        &self,
        to: &Keys,
        tree: &str,
        key: &[u8],
        bytes: &[u8],
        raw: bool,
    ) -> Result<Vec<u8>, CodecError> {
        // The postcard body (or the raw bytes) in clear, briefly.
        let inner: Zeroizing<Vec<u8>> = match (self, raw) {
            (Keys::Plain, true) => Zeroizing::new(bytes.to_vec()),
            (Keys::Plain, false) => match bytes.split_first() {
                Some((&FORMAT_POSTCARD, body)) => Zeroizing::new(body.to_vec()),
                Some((&FORMAT_SEALED, _)) => return Err(CodecError::Sealed),
                Some((&other, _)) => return Err(CodecError::UnknownFormat(other)),
                None => return Err(CodecError::Empty),
            },
            (Keys::Sealed(master), _) => open(master, tree, key, bytes)?,
        };
        Ok(match (to, raw) {
            (Keys::Plain, true) => inner.to_vec(),
            (Keys::Plain, false) => {
                let mut out = Vec::with_capacity(inner.len() + 1);
                out.push(FORMAT_POSTCARD);
                out.extend_from_slice(&inner);
                out
            }
            (Keys::Sealed(master), _) => seal(master, tree, key, &inner),
        })
    }
}

/// Bytes from the operating system's random source. Panics without one, as making keys
/// does (see `crate::sync`): nothing can be sealed safely then.
pub(super) fn random(out: &mut [u8]) {
    OsRng.try_fill_bytes(out).expect("the operating system's random source");
}

/// What a sealed value is bound to: its tree and its key.
fn associated(tree: &str, key: &[u8]) -> Vec<u8> {
    let mut aad = Vec::with_capacity(tree.len() + 1 + key.len());
    aad.extend_from_slice(tree.as_bytes());
    aad.push(0);
    aad.extend_from_slice(key);
    aad
}

fn seal(master: &MasterKey, tree: &str, key: &[u8], plain: &[u8]) -> Vec<u8> {
    let cipher = XChaCha20Poly1305::new(master.bytes().into());
    let mut nonce = [0u8; NONCE_LEN];
    // 24 random bytes: a nonce never repeats in the life of a notebook.
    random(&mut nonce);
    let aad = associated(tree, key);
    let sealed = cipher
        .encrypt(XNonce::from_slice(&nonce), Payload { msg: plain, aad: &aad })
        .expect("XChaCha20-Poly1305 encrypts any length a value has");
    let mut out = Vec::with_capacity(1 + NONCE_LEN + sealed.len());
    out.push(FORMAT_SEALED);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&sealed);
    out
}

fn open(master: &MasterKey, tree: &str, key: &[u8], bytes: &[u8]) -> Result<Zeroizing<Vec<u8>>, CodecError> {
    let (&format, rest) = bytes.split_first().ok_or(CodecError::Empty)?;
    match format {
        FORMAT_SEALED => {}
        FORMAT_POSTCARD => return Err(CodecError::NotSealed),
        other => return Err(CodecError::UnknownFormat(other)),
    }
    if rest.len() < NONCE_LEN + TAG_LEN {
        return Err(CodecError::Unopened);
    }
    let (nonce, sealed) = rest.split_at(NONCE_LEN);
    let cipher = XChaCha20Poly1305::new(master.bytes().into());
    let aad = associated(tree, key);
    cipher
        .decrypt(XNonce::from_slice(nonce), Payload { msg: sealed, aad: &aad })
        .map(Zeroizing::new)
        .map_err(|_| CodecError::Unopened)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Value;

    #[test]
    fn values_round_trip_behind_a_format_byte() {
        let v = Value::List(vec!["orphan".into(), "long_hours".into()]);
        let bytes = Keys::Plain.encode("records", b"k", &v);
        assert_eq!(bytes[0], FORMAT_POSTCARD);
        assert_eq!(Keys::Plain.decode::<Value>("records", b"k", &bytes), Ok(v));
    }

    #[test]
    fn bad_bytes_are_errors_not_panics() {
        assert_eq!(decode_plain::<u32>(&[]), Err(CodecError::Empty));
        assert_eq!(decode_plain::<u32>(&[9, 1]), Err(CodecError::UnknownFormat(9)));
        assert!(matches!(
            decode_plain::<Value>(&[FORMAT_POSTCARD, 200]),
            Err(CodecError::Postcard(_))
        ));
        assert!(matches!(
            decode_plain::<String>(&[FORMAT_POSTCARD, 5, b'a']),
            Err(CodecError::Postcard(_))
        ));
        assert_eq!(
            decode_plain::<u8>(&[FORMAT_POSTCARD, 1, 2]),
            Err(CodecError::Trailing(1))
        );
    }

    #[test]
    fn sealed_values_hide_their_text_and_open_only_at_their_place() {
        let keys = Keys::Sealed(MasterKey::random());
        let name = "Nguyễn Thị Hoa".to_string();
        let bytes = keys.encode("records", b"\x02abc", &name);
        assert_eq!(bytes[0], FORMAT_SEALED);
        assert!(
            !bytes
                .windows(5)
                .any(|w| w == "Hoa".as_bytes() || w == &name.as_bytes()[..5])
        );
        assert_eq!(keys.decode::<String>("records", b"\x02abc", &bytes), Ok(name.clone()));
        // Moved to another key or tree, changed, cut: never opens.
        assert_eq!(
            keys.decode::<String>("records", b"\x02abd", &bytes),
            Err(CodecError::Unopened)
        );
        assert_eq!(
            keys.decode::<String>("changes", b"\x02abc", &bytes),
            Err(CodecError::Unopened)
        );
        let mut changed = bytes.clone();
        *changed.last_mut().unwrap() ^= 1;
        assert_eq!(
            keys.decode::<String>("records", b"\x02abc", &changed),
            Err(CodecError::Unopened)
        );
        assert_eq!(
            keys.decode::<String>("records", b"\x02abc", &bytes[..20]),
            Err(CodecError::Unopened)
        );
        // Another notebook's key does not open it; a value in clear is refused.
        let other = Keys::Sealed(MasterKey::random());
        assert_eq!(
            other.decode::<String>("records", b"\x02abc", &bytes),
            Err(CodecError::Unopened)
        );
        let clear = Keys::Plain.encode("records", b"\x02abc", &name);
        assert_eq!(
            keys.decode::<String>("records", b"\x02abc", &clear),
            Err(CodecError::NotSealed)
        );
        assert_eq!(
            Keys::Plain.decode::<String>("records", b"\x02abc", &bytes),
            Err(CodecError::Sealed)
        );
    }

    #[test]
    fn rewriting_turns_values_sealed_and_back_without_their_types() {
        let keys = Keys::Sealed(MasterKey::random());
        let v = Value::Text("Lò Văn Páo".into());
        let plain = Keys::Plain.encode("records", b"k", &v);
        let sealed = Keys::Plain.rewrite(&keys, "records", b"k", &plain, false).unwrap();
        assert_eq!(keys.decode::<Value>("records", b"k", &sealed), Ok(v.clone()));
        assert_eq!(
            keys.rewrite(&Keys::Plain, "records", b"k", &sealed, false).unwrap(),
            plain
        );
        let batch = b"\x89SOTAYB\n some batch".to_vec();
        let sealed = Keys::Plain.rewrite(&keys, "sync", b"\0b", &batch, true).unwrap();
        assert_eq!(
            keys.decode_raw("sync", b"\0b", &sealed).unwrap().as_ref(),
            batch.as_slice()
        );
        assert_eq!(
            keys.rewrite(&Keys::Plain, "sync", b"\0b", &sealed, true).unwrap(),
            batch
        );
    }
}
