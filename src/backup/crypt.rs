//! A backup's outer form: a standard age file (binary, not armored), encrypted either to
//! the account's X25519 recipient (opened with the recovery code, or by `age -d -i` with
//! the account's age identity) or to a passphrase (age's scrypt recipient).

use std::io::{Read, Write};

use age::secrecy::SecretString;
use zeroize::Zeroizing;

use crate::sync::account::AccountKeys;

/// The first line of every age file (v1): tells an age file cut or altered from another file.
const AGE_INTRO: &[u8] = b"age-encryption.org/v1\n";

/// What a backup is encrypted to.
pub enum Lock<'a> {
    /// The account's recipient: its recovery code opens it.
    Account(&'a AccountKeys),
    /// A passphrase the teacher chose.
    Passphrase(SecretString),
}

/// How an age file says it is to be opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sealed {
    Account,
    Passphrase,
}

/// Why a backup file could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// Not an age file at all.
    #[error("not an age file")]
    NotAge,
    /// An age file cut short or altered (its header, its authenticated chunks).
    #[error("damaged: {0}")]
    Damaged(String),
    /// No recipient of the file is the account's: another account's backup, or a
    /// passphrase backup.
    #[error("not encrypted to this account")]
    WrongAccount,
    /// The passphrase does not unwrap the file's key (or the stanza was altered).
    #[error("wrong passphrase")]
    WrongPassphrase,
    /// The passphrase's work factor is far above what this computer takes about a second for.
    #[error("the passphrase needs 2^{required} work, more than allowed here")]
    TooMuchWork { required: u8 },
}

impl OpenError {
    /// A stable ASCII code for the reason.
    pub fn code(&self) -> &'static str {
        match self {
            OpenError::NotAge => "not-age",
            OpenError::Damaged(_) => "age-damaged",
            OpenError::WrongAccount => "wrong-account",
            OpenError::WrongPassphrase => "wrong-passphrase",
            OpenError::TooMuchWork { .. } => "too-much-work",
        }
    }
}

/// Encrypts `plaintext` into an age file.
pub fn seal(plaintext: &[u8], lock: Lock<'_>) -> Vec<u8> {
    let recipient;
    let encryptor = match lock {
        Lock::Account(keys) => {
            recipient = keys.recipient();
            age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
                .expect("one recipient is always enough")
        }
        Lock::Passphrase(p) => age::Encryptor::with_user_passphrase(p),
    };
    let mut out = Vec::with_capacity(plaintext.len() + 512);
    // Writing to memory fails only when memory does, which is a panic anyway.
    let mut w = encryptor.wrap_output(&mut out).expect("age writes to memory");
    w.write_all(plaintext).expect("age writes to memory");
    w.finish().expect("age writes to memory");
    out
}

/// How `bytes` is to be opened, read from its header alone.
pub fn sealed_to(bytes: &[u8]) -> Result<Sealed, OpenError> {
    let d = decryptor(bytes)?;
    Ok(if d.is_scrypt() {
        Sealed::Passphrase
    } else {
        Sealed::Account
    })
}

/// Decrypts an age file to the account's identity.
pub fn open_with_account(bytes: &[u8], keys: &AccountKeys) -> Result<Zeroizing<Vec<u8>>, OpenError> {
    let d = decryptor(bytes)?;
    let identity = keys.identity();
    read_all(d.decrypt(std::iter::once(identity as &dyn age::Identity)))
}

/// Decrypts an age file encrypted to a passphrase.
pub fn open_with_passphrase(bytes: &[u8], passphrase: SecretString) -> Result<Zeroizing<Vec<u8>>, OpenError> {
    let d = decryptor(bytes)?;
    let identity = age::scrypt::Identity::new(passphrase);
    read_all(d.decrypt(std::iter::once(&identity as &dyn age::Identity)))
}

fn decryptor(bytes: &[u8]) -> Result<age::Decryptor<&[u8]>, OpenError> {
    if !bytes.starts_with(AGE_INTRO) {
        return Err(OpenError::NotAge);
    }
    age::Decryptor::new_buffered(bytes).map_err(|e| OpenError::Damaged(e.to_string()))
}

fn read_all<R: Read>(
    reader: Result<age::stream::StreamReader<R>, age::DecryptError>,
) -> Result<Zeroizing<Vec<u8>>, OpenError> {
    use age::DecryptError as D;
    let mut reader = reader.map_err(|e| match e {
        D::NoMatchingKeys => OpenError::WrongAccount,
        D::DecryptionFailed | D::KeyDecryptionFailed => OpenError::WrongPassphrase,
        D::ExcessiveWork { required, .. } => OpenError::TooMuchWork { required },
        e => OpenError::Damaged(e.to_string()),
    })?;
    let mut out = Zeroizing::new(Vec::new());
    // A chunk that fails its tag, or a file cut between chunks, is an error here.
    reader
        .read_to_end(&mut out)
        .map_err(|e| OpenError::Damaged(e.to_string()))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::account::AccountSecret;

    fn keys(n: u8) -> AccountKeys {
        AccountKeys::from_secret(&AccountSecret::from_bytes([n; 32]))
    }

    #[test]
    fn an_account_backup_opens_with_its_account_only() {
        let sealed = seal(b"SOTAYBAK plaintext", Lock::Account(&keys(1)));
        assert_eq!(sealed_to(&sealed).unwrap(), Sealed::Account);
        assert_eq!(
            &open_with_account(&sealed, &keys(1)).unwrap()[..],
            b"SOTAYBAK plaintext"
        );
        assert!(matches!(
            open_with_account(&sealed, &keys(2)),
            Err(OpenError::WrongAccount)
        ));
    }

    #[test]
    fn a_cut_altered_or_foreign_file_is_named() {
        let sealed = seal(&[5u8; 100_000], Lock::Account(&keys(1)));
        assert!(matches!(sealed_to(b"PK\x03\x04"), Err(OpenError::NotAge)));
        let cut = &sealed[..sealed.len() - 10];
        assert_eq!(open_with_account(cut, &keys(1)).unwrap_err().code(), "age-damaged");
        let mut altered = sealed.clone();
        let last = altered.len() - 1;
        altered[last] ^= 1;
        assert_eq!(open_with_account(&altered, &keys(1)).unwrap_err().code(), "age-damaged");
        // Cut exactly after the first 64 kB chunk (and its tag): age tells a missing last
        // chunk too. The second, last chunk is the rest of the plaintext and its tag.
        let at_chunk = &sealed[..sealed.len() - (100_000 - 65_536) - 16];
        assert_eq!(open_with_account(at_chunk, &keys(1)).unwrap_err().code(), "age-damaged");
    }
}
