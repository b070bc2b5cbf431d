//! The passphrase lock: the notebook's master key, wrapped by a key derived from the
//! teacher's passphrase with Argon2id, kept in `meta` in clear beside the schema version.
//!
//! Changing the passphrase wraps the same master key again (one value written); turning
//! the lock on or off writes every value again (see `protect`). A wrong passphrase is told
//! apart from a damaged lock by a checksum over the lock: a lock whose checksum holds but
//! whose key does not unwrap was given the wrong passphrase.

use std::path::Path;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;
use zeroize::Zeroizing;

use super::codec::{self, Keys, MasterKey};
use super::error::StoreError;

/// The fewest characters a new passphrase may have.
pub const MIN_PASSPHRASE_CHARS: usize = 8;

/// How long a wrong passphrase makes the teacher wait before the next try (on top of the
/// key derivation's own second): guessing is slowed, and nothing is ever locked out.
pub const WRONG_PASSPHRASE_PAUSE: Duration = Duration::from_secs(1);

/// What the wrapped master key is bound to, so it is never taken for another key.
const WRAP_CONTEXT: &[u8] = b"sotay notebook master key v1";

/// A passphrase as typed, in Unicode's composed form: a Vietnamese input method may send
/// "ệ" as one character or as "e" and two marks, and both must open the notebook.
#[derive(Clone)]
pub struct Passphrase(Zeroizing<String>);

/// Why a new passphrase is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PassphraseError {
    /// Fewer than [`MIN_PASSPHRASE_CHARS`] characters (spaces at either end not counted).
    TooShort,
}

impl Passphrase {
    /// A passphrase given to unlock: taken as it is (but composed).
    pub fn new(text: &str) -> Passphrase {
        Passphrase(Zeroizing::new(text.nfc().collect()))
    }
    /// A passphrase chosen for the lock, with the rules a new one must meet.
    pub fn chosen(text: &str) -> Result<Passphrase, PassphraseError> {
        let p = Passphrase::new(text);
        if p.0.trim().chars().count() < MIN_PASSPHRASE_CHARS {
            return Err(PassphraseError::TooShort);
        }
        Ok(p)
    }
    fn bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
    /// Whether two passphrases are the same (typed twice when chosen).
    pub fn matches(&self, other: &Passphrase) -> bool {
        self.0.as_bytes() == other.0.as_bytes()
    }
}

impl std::fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Passphrase(…)")
    }
}

/// Argon2id's costs, kept in the lock so they can be raised later without a new format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    pub memory_kib: u32,
    pub passes: u32,
    pub lanes: u32,
}

impl KdfParams {
    /// For a school's old PC: 12 MiB (one of OWASP's Argon2id settings), which keeps the
    /// interface within its 30 MB on a 2 GB PC (19 MiB took it to 31 MB: the allocator
    /// keeps what Argon2 freed and the notebook's records are read into it), and 24 passes
    /// instead of OWASP's 3, so a guess costs about what 64 MiB and 3 passes would: about
    /// 0.15 s on the test machine and well under a second on one four times slower
    /// (docs/performance.md). One lane: an old PC's 2 cores are busy with the interface.
    pub const SLOW_PC: KdfParams = KdfParams {
        memory_kib: 12 * 1024,
        passes: 24,
        lanes: 1,
    };

    /// The costs a new lock gets. In debug builds `SOTAY_TEST_FAST_KDF` makes them tiny, so
    /// the tests that lock many notebooks run in seconds; the lock records its costs, so
    /// such a notebook still opens with any build.
    pub fn for_new_lock() -> KdfParams {
        let fast = FAST_FOR_TESTS.load(std::sync::atomic::Ordering::Relaxed)
            || std::env::var_os("SOTAY_TEST_FAST_KDF").is_some();
        if cfg!(debug_assertions) && fast {
            return KdfParams {
                memory_kib: 64,
                passes: 1,
                lanes: 1,
            };
        }
        KdfParams::SLOW_PC
    }
}

static FAST_FOR_TESTS: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Tests in this process lock new notebooks at tiny costs (debug builds only), as
/// `SOTAY_TEST_FAST_KDF` does for child processes.
#[doc(hidden)]
pub fn fast_kdf_for_tests() {
    FAST_FOR_TESTS.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// What makes the key that wraps the master key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct LockBody {
    /// 1: Argon2id v1.3, XChaCha20-Poly1305.
    version: u8,
    kdf: KdfParams,
    salt: [u8; 16],
    nonce: [u8; 24],
    wrapped: Vec<u8>,
}

/// The lock as stored at `layout::META_LOCK`, in format 1.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct LockHeader {
    body: LockBody,
    /// SHA-256 of the body's encoding: a lock changed on disk is damage, not a wrong passphrase.
    check: [u8; 32],
}

impl LockHeader {
    /// A new lock of `master` under `passphrase`.
    pub(super) fn wrap(master: &MasterKey, passphrase: &Passphrase, kdf: KdfParams) -> LockHeader {
        let mut salt = [0u8; 16];
        codec::random(&mut salt);
        let mut nonce = [0u8; 24];
        codec::random(&mut nonce);
        let kek = derive(passphrase, &salt, kdf).expect("the costs a new lock gets are valid");
        let wrapped = XChaCha20Poly1305::new((&*kek).into())
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: master.bytes(),
                    aad: WRAP_CONTEXT,
                },
            )
            .expect("a key always encrypts");
        let body = LockBody {
            version: 1,
            kdf,
            salt,
            nonce,
            wrapped,
        };
        let check = checksum(&body);
        LockHeader { body, check }
    }

    /// The master key, if `passphrase` is the one; `dir` names the notebook in errors.
    pub(super) fn unwrap(&self, dir: &Path, passphrase: &Passphrase) -> Result<MasterKey, StoreError> {
        if checksum(&self.body) != self.check || self.body.version != 1 {
            return Err(StoreError::damaged(dir, "the passphrase lock cannot be read"));
        }
        let kek = derive(passphrase, &self.body.salt, self.body.kdf)
            .map_err(|_| StoreError::damaged(dir, "the passphrase lock has invalid costs"))?;
        let key = XChaCha20Poly1305::new((&*kek).into())
            .decrypt(
                XNonce::from_slice(&self.body.nonce),
                Payload {
                    msg: &self.body.wrapped,
                    aad: WRAP_CONTEXT,
                },
            )
            .map_err(|_| StoreError::WrongPassphrase {
                path: dir.to_path_buf(),
            })?;
        let key = Zeroizing::new(key);
        let bytes: [u8; 32] = key
            .as_slice()
            .try_into()
            .map_err(|_| StoreError::damaged(dir, "the passphrase lock holds a key of the wrong size"))?;
        Ok(MasterKey::from_bytes(Zeroizing::new(bytes)))
    }
}

fn checksum(body: &LockBody) -> [u8; 32] {
    Sha256::digest(codec::encode_plain(body)).into()
}

fn derive(passphrase: &Passphrase, salt: &[u8], kdf: KdfParams) -> Result<Zeroizing<[u8; 32]>, argon2::Error> {
    let params = Params::new(kdf.memory_kib, kdf.passes, kdf.lanes, Some(32))?;
    let mut out = Zeroizing::new([0u8; 32]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params).hash_password_into(
        passphrase.bytes(),
        salt,
        &mut out[..],
    )?;
    Ok(out)
}

/// What a notebook is opened with: nothing, or the passphrase. The key it unwraps is kept,
/// so the notebook's checks (which may open a copy first) and reopening after a rewrite
/// derive it once.
#[derive(Clone, Default)]
pub struct Unlock(Arc<UnlockInner>);

#[derive(Default)]
struct UnlockInner {
    passphrase: Option<Passphrase>,
    unwrapped: Mutex<Option<([u8; 32], Arc<Keys>)>>,
}

impl Unlock {
    /// No passphrase: opens only a notebook without a lock.
    pub fn none() -> Unlock {
        Unlock::default()
    }
    pub fn with(passphrase: Passphrase) -> Unlock {
        Unlock(Arc::new(UnlockInner {
            passphrase: Some(passphrase),
            unwrapped: Mutex::new(None),
        }))
    }
    pub fn passphrase(&self) -> Option<&Passphrase> {
        self.0.passphrase.as_ref()
    }

    /// The keys of a notebook with this lock (none: plain).
    pub(super) fn keys_for(&self, dir: &Path, lock: Option<&LockHeader>) -> Result<Arc<Keys>, StoreError> {
        let Some(lock) = lock else {
            return Ok(Arc::new(Keys::Plain));
        };
        let mut unwrapped = self.0.unwrapped.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((check, keys)) = unwrapped.as_ref()
            && *check == lock.check
        {
            return Ok(keys.clone());
        }
        let passphrase = self.passphrase().ok_or_else(|| StoreError::NeedsPassphrase {
            path: dir.to_path_buf(),
        })?;
        let keys = Arc::new(Keys::Sealed(lock.unwrap(dir, passphrase)?));
        *unwrapped = Some((lock.check, keys.clone()));
        Ok(keys)
    }
}

/// The store's keys while it is open: taken away while the interface is locked (see
/// [`super::Store::forget_key`]), given back by the passphrase.
pub(super) struct Keyring {
    lock: Mutex<Option<LockHeader>>,
    keys: RwLock<Option<Arc<Keys>>>,
}

impl Keyring {
    pub fn new(lock: Option<LockHeader>, keys: Arc<Keys>) -> Keyring {
        Keyring {
            lock: Mutex::new(lock),
            keys: RwLock::new(Some(keys)),
        }
    }
    /// The keys, or `NeedsPassphrase` while they are forgotten.
    pub fn keys(&self, dir: &Path) -> Result<Arc<Keys>, StoreError> {
        self.keys
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
            .ok_or_else(|| StoreError::NeedsPassphrase {
                path: dir.to_path_buf(),
            })
    }
    pub fn is_locked(&self) -> bool {
        self.lock.lock().unwrap_or_else(|p| p.into_inner()).is_some()
    }
    pub fn lock_header(&self) -> Option<LockHeader> {
        self.lock.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
    pub fn set_lock_header(&self, lock: LockHeader) {
        *self.lock.lock().unwrap_or_else(|p| p.into_inner()) = Some(lock);
    }
    /// Drops this store's hold on the master key (wiped once no read in progress holds it).
    pub fn forget(&self) {
        if self.is_locked() {
            *self.keys.write().unwrap_or_else(|p| p.into_inner()) = None;
        }
    }
    pub fn is_forgotten(&self) -> bool {
        self.keys.read().unwrap_or_else(|p| p.into_inner()).is_none()
    }
    /// Unwraps the master key again with `passphrase`.
    pub fn remember(&self, dir: &Path, passphrase: &Passphrase) -> Result<(), StoreError> {
        let Some(lock) = self.lock_header() else {
            return Ok(());
        };
        let keys = Arc::new(Keys::Sealed(lock.unwrap(dir, passphrase)?));
        *self.keys.write().unwrap_or_else(|p| p.into_inner()) = Some(keys);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FAST: KdfParams = KdfParams {
        memory_kib: 64,
        passes: 1,
        lanes: 1,
    };

    #[test]
    fn the_master_key_unwraps_with_its_passphrase_only() {
        let dir = Path::new("/nowhere");
        let master = MasterKey::random();
        let lock = LockHeader::wrap(&master, &Passphrase::new("hoa sen trắng 2026"), FAST);
        let got = lock.unwrap(dir, &Passphrase::new("hoa sen trắng 2026")).unwrap();
        assert_eq!(got.bytes(), master.bytes());
        assert!(matches!(
            lock.unwrap(dir, &Passphrase::new("hoa sen trang 2026")),
            Err(StoreError::WrongPassphrase { .. })
        ));
    }

    #[test]
    fn composed_and_decomposed_letters_are_one_passphrase() {
        let dir = Path::new("/nowhere");
        let master = MasterKey::random();
        let composed = "tr\u{1ea7}n b\u{1ec7}nh vi\u{1ec7}n";
        let decomposed: String = composed.nfd().collect();
        assert_ne!(composed, decomposed);
        let lock = LockHeader::wrap(&master, &Passphrase::new(composed), FAST);
        assert!(lock.unwrap(dir, &Passphrase::new(&decomposed)).is_ok());
    }

    #[test]
    fn a_lock_changed_on_disk_is_damage_not_a_wrong_passphrase() {
        let dir = Path::new("/nowhere");
        let p = Passphrase::new("mật khẩu dài");
        let mut lock = LockHeader::wrap(&MasterKey::random(), &p, FAST);
        lock.body.wrapped[3] ^= 1;
        assert!(matches!(lock.unwrap(dir, &p), Err(StoreError::Damaged { .. })));
    }

    #[test]
    fn new_passphrases_have_at_least_eight_characters() {
        assert_eq!(Passphrase::chosen("  ngắn  ").err(), Some(PassphraseError::TooShort));
        assert_eq!(Passphrase::chosen("1234567").err(), Some(PassphraseError::TooShort));
        // Characters, not bytes: eight Vietnamese letters are enough.
        assert!(Passphrase::chosen("ệệệệệệệệ").is_ok());
    }

    #[test]
    fn an_unlock_derives_the_key_once_for_one_lock() {
        let dir = Path::new("/nowhere");
        let p = Passphrase::new("mật khẩu dài");
        let lock = LockHeader::wrap(&MasterKey::random(), &p, FAST);
        let unlock = Unlock::with(p);
        let a = unlock.keys_for(dir, Some(&lock)).unwrap();
        let b = unlock.keys_for(dir, Some(&lock)).unwrap();
        assert!(Arc::ptr_eq(&a, &b));
        assert!(matches!(
            Unlock::none().keys_for(dir, Some(&lock)),
            Err(StoreError::NeedsPassphrase { .. })
        ));
        assert!(!Unlock::none().keys_for(dir, None).unwrap().is_sealed());
    }
}
