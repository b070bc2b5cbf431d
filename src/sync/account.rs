//! The account's secret, its recovery code, and the keys derived from it.
//!
//! One account is one class notebook, shared by the teacher's devices. Its 32-byte secret is
//! shown once as a recovery code; every key of the account is derived from it with
//! HKDF-SHA256, so the code alone is enough to make a new device of the account.

use std::fmt;

use bech32::primitives::decode::CheckedHrpstring;
use bech32::{Bech32, Bech32m, Hrp};
use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use uuid::Uuid;
use zeroize::Zeroizing;

use crate::text;

type HmacSha256 = Hmac<Sha256>;

/// HKDF's salt: names this derivation, so the same secret used elsewhere gives other keys.
const KDF_SALT: &[u8] = b"sotay account keys v1";
/// HKDF's `info` for each derived key: one label per use, never shared.
const LABEL_ACCOUNT_ID: &[u8] = b"account id";
const LABEL_AGE: &[u8] = b"age x25519 identity";
const LABEL_PUPIL_ID: &[u8] = b"pupil id";
const LABEL_CERTIFICATE: &[u8] = b"device certificate";

/// The recovery code is a Bech32m string whose prefix (`sotay1`) is never shown: the
/// checksum still covers it, so a code can't be taken for another program's.
const CODE_HRP: &str = "sotay";
/// Bech32's alphabet: no `1`, `b`, `i` or `o`, which are read as others.
const CODE_ALPHABET: &str = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
/// 52 characters carry the 256 bits of the secret (the last one 4 zero bits of padding),
/// 6 more the checksum.
const CODE_DATA_CHARS: usize = 52;
/// Letters and digits in a recovery code, without the hyphens.
pub const RECOVERY_CODE_CHARS: usize = CODE_DATA_CHARS + 6;
/// Characters between two hyphens of a recovery code as shown.
const CODE_GROUP: usize = 4;

/// The account's secret: 32 random bytes. Every key of the account is derived from it.
///
/// Its Debug output hides it; it is wiped from memory when dropped.
#[derive(Clone)]
pub struct AccountSecret(Zeroizing<[u8; 32]>);

impl AccountSecret {
    /// A new secret from the operating system's random source.
    pub fn generate() -> Self {
        AccountSecret(super::random_32())
    }

    /// The secret these bytes are (as kept in the notebook).
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        AccountSecret(Zeroizing::new(bytes))
    }

    /// The secret's bytes, to keep in the notebook.
    pub fn to_bytes(&self) -> [u8; 32] {
        *self.0
    }

    /// The secret as a teacher copies it by hand: 58 upper-case letters and digits in groups
    /// of four joined by hyphens (the last group has two), e.g. `7K3Q-…-…-XY`; the last six
    /// are a checksum that catches any typo of up to four characters, so any one wrong
    /// character or two neighbours swapped.
    pub fn recovery_code(&self) -> String {
        let mut full = Zeroizing::new(String::with_capacity(96));
        bech32::encode_upper_to_fmt::<Bech32m, _>(&mut *full, code_hrp(), &self.0[..])
            .expect("a recovery code is within Bech32m's 90 characters");
        let body = &full[CODE_HRP.len() + 1..];
        let mut out = String::with_capacity(RECOVERY_CODE_CHARS * 2);
        for (i, c) in body.chars().enumerate() {
            if i > 0 && i % CODE_GROUP == 0 {
                out.push('-');
            }
            out.push(c);
        }
        out
    }

    /// The secret a recovery code holds. Spaces, line breaks and hyphens (any dash) anywhere
    /// are ignored; lower case is accepted; the letters that are not in a code are read as
    /// what they look like: `O` as zero, `I` and the digit `1` as `L`, `B` as `8`.
    pub fn from_recovery_code(code: &str) -> Result<Self, RecoveryCodeError> {
        let mut full = Zeroizing::new(String::with_capacity(96));
        full.push_str(CODE_HRP);
        full.push('1');
        let mut found = 0;
        for (i, ch) in code.chars().enumerate() {
            if is_code_separator(ch) {
                continue;
            }
            let Some(c) = code_char(ch) else {
                return Err(RecoveryCodeError::Character { position: i + 1, ch });
            };
            found += 1;
            // Past the length the string would only grow (leaving copies behind); count on.
            if found <= RECOVERY_CODE_CHARS {
                full.push(c);
            }
        }
        if found != RECOVERY_CODE_CHARS {
            return Err(RecoveryCodeError::Length {
                expected: RECOVERY_CODE_CHARS,
                found,
            });
        }
        let checked = CheckedHrpstring::new::<Bech32m>(&full).map_err(|_| RecoveryCodeError::Checksum)?;
        // The last data character's 4 padding bits are zero in every code sotay makes.
        let last = full.as_bytes()[CODE_HRP.len() + CODE_DATA_CHARS];
        let last = CODE_ALPHABET.bytes().position(|c| c == last).unwrap_or(0);
        if last & 0x0f != 0 {
            return Err(RecoveryCodeError::Checksum);
        }
        let mut bytes = Zeroizing::new([0u8; 32]);
        let mut n = 0;
        for b in checked.byte_iter() {
            if let Some(slot) = bytes.get_mut(n) {
                *slot = b;
            }
            n += 1;
        }
        if n != bytes.len() {
            return Err(RecoveryCodeError::Checksum);
        }
        Ok(AccountSecret(bytes))
    }
}

impl fmt::Debug for AccountSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccountSecret(…)")
    }
}

fn code_hrp() -> Hrp {
    Hrp::parse(CODE_HRP).expect("a valid Bech32 prefix")
}

/// Characters a code may be written with between its groups: white space and dashes
/// (a phone or a word processor turns a hyphen into an en dash).
fn is_code_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '_' | '‐' | '‑' | '‒' | '–' | '—' | '−')
}

/// The code's character (lower case, as Bech32 checks it) that `c` stands for.
fn code_char(c: char) -> Option<char> {
    let c = c.to_ascii_lowercase();
    let c = match c {
        'o' => '0',
        'i' | '1' => 'l',
        'b' => '8',
        c => c,
    };
    CODE_ALPHABET.contains(c).then_some(c)
}

/// Why a recovery code was not taken. The text never holds the code.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RecoveryCodeError {
    /// Too few or too many letters and digits (hyphens and spaces not counted).
    #[error("a recovery code has {expected} letters and digits, this one has {found}")]
    Length { expected: usize, found: usize },
    /// A character that is in no recovery code; `position` counts from 1 in what was typed.
    #[error("character {position} ({ch:?}) is not used in recovery codes")]
    Character { position: usize, ch: char },
    /// The checksum does not match: a character was copied wrong.
    #[error("the recovery code's checksum does not match: a character was copied wrong")]
    Checksum,
}

impl RecoveryCodeError {
    /// A stable ASCII code for the reason, for messages and logs.
    pub fn code(&self) -> &'static str {
        match self {
            RecoveryCodeError::Length { .. } => "code-length",
            RecoveryCodeError::Character { .. } => "code-character",
            RecoveryCodeError::Checksum => "code-checksum",
        }
    }
}

/// The account's keys, derived once from its secret with HKDF-SHA256 (one label per key).
///
/// Its Debug output shows the account id only; the secret keys are wiped when dropped.
#[derive(Clone)]
pub struct AccountKeys {
    account_id: Uuid,
    identity: age::x25519::Identity,
    recipient: age::x25519::Recipient,
    pupil_key: Zeroizing<[u8; 32]>,
    certificate_key: Zeroizing<[u8; 32]>,
}

impl AccountKeys {
    /// The keys of the account whose secret this is.
    pub fn from_secret(s: &AccountSecret) -> Self {
        let kdf = Hkdf::<Sha256>::new(Some(KDF_SALT), &s.0[..]);
        let mut id = [0u8; 16];
        kdf.expand(LABEL_ACCOUNT_ID, &mut id)
            .expect("16 bytes is a valid HKDF-SHA256 length");
        let expand_32 = |label: &[u8]| {
            let mut key = Zeroizing::new([0u8; 32]);
            kdf.expand(label, &mut key[..])
                .expect("32 bytes is a valid HKDF-SHA256 length");
            key
        };
        let identity = age_identity(&expand_32(LABEL_AGE));
        AccountKeys {
            account_id: uuid::Builder::from_custom_bytes(id).into_uuid(),
            recipient: identity.to_public(),
            identity,
            pupil_key: expand_32(LABEL_PUPIL_ID),
            certificate_key: expand_32(LABEL_CERTIFICATE),
        }
    }

    /// The account's id: derived from the secret (a UUID, version 8), so a recovery code
    /// alone finds the account; it is public (every batch's header carries it).
    pub fn account_id(&self) -> Uuid {
        self.account_id
    }

    /// The age recipient every batch of the account is encrypted to.
    pub fn recipient(&self) -> age::x25519::Recipient {
        self.recipient.clone()
    }

    /// The account's age identity in age's own text form (`AGE-SECRET-KEY-1…`): what
    /// `age -d -i FILE` takes to open a backup without sotay. As secret as the recovery code.
    pub fn age_secret_key(&self) -> age::secrecy::SecretString {
        self.identity.to_string()
    }

    /// The age identity that decrypts the account's batches.
    pub(crate) fn identity(&self) -> &age::x25519::Identity {
        &self.identity
    }

    /// The id of an imported pupil: HMAC-SHA256, keyed by the account, over school year,
    /// class and the import's match key, so two devices importing one class list agree; a
    /// UUID (version 8 bits set). The class is compared folded (`8A` and ` 8a` agree); the
    /// match key is taken as it is (it is already folded by the import).
    pub fn pupil_id(&self, school_year: i32, class: &str, match_key: &str) -> Uuid {
        let mut mac = self.mac(&self.pupil_key);
        mac.update(&school_year.to_be_bytes());
        let class = text::fold(&text::clean(class));
        for part in [class.as_bytes(), match_key.as_bytes()] {
            // Each part with its length first, so no two different inputs hash alike.
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part);
        }
        let tag = mac.finalize().into_bytes();
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&tag[..16]);
        uuid::Builder::from_custom_bytes(bytes).into_uuid()
    }

    /// Binds a device's signing key to the account: an HMAC-SHA256 over the device's id and
    /// public key, keyed by the account, so only holders of the secret can make it.
    pub fn certify(&self, device: Uuid, public: &[u8; 32]) -> [u8; 32] {
        self.certificate_mac(device, public).finalize().into_bytes().into()
    }

    /// True when `certificate` is this account's for the device and key (compared in
    /// constant time).
    pub fn is_certified(&self, device: Uuid, public: &[u8; 32], certificate: &[u8; 32]) -> bool {
        self.certificate_mac(device, public).verify_slice(certificate).is_ok()
    }

    fn certificate_mac(&self, device: Uuid, public: &[u8; 32]) -> HmacSha256 {
        let mut mac = self.mac(&self.certificate_key);
        mac.update(device.as_bytes());
        mac.update(public);
        mac
    }

    fn mac(&self, key: &[u8; 32]) -> HmacSha256 {
        HmacSha256::new_from_slice(key).expect("HMAC takes a key of any length")
    }
}

impl fmt::Debug for AccountKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccountKeys")
            .field("account_id", &self.account_id)
            .finish_non_exhaustive()
    }
}

/// The age identity whose secret scalar is `key`. age makes identities from their text form
/// only (`AGE-SECRET-KEY-1…`, Bech32), so the key goes through it; the text is wiped after.
fn age_identity(key: &[u8; 32]) -> age::x25519::Identity {
    let hrp = Hrp::parse("age-secret-key-").expect("age's Bech32 prefix");
    let mut text = Zeroizing::new(String::with_capacity(96));
    bech32::encode_upper_to_fmt::<Bech32, _>(&mut *text, hrp, key)
        .expect("an age secret key is within Bech32's 90 characters");
    text.parse().expect("age reads the secret key text it defines")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret(n: u8) -> AccountSecret {
        AccountSecret::from_bytes([n; 32])
    }

    /// A real code (of a random secret), its significant characters in canonical form.
    fn canonical(code: &str) -> Vec<char> {
        code.chars().filter(|c| *c != '-').collect()
    }

    #[test]
    fn recovery_code_round_trips_and_looks_as_documented() {
        for _ in 0..20 {
            let s = AccountSecret::generate();
            let code = s.recovery_code();
            let groups: Vec<&str> = code.split('-').collect();
            assert_eq!(groups.len(), 15, "{}", groups.len());
            assert!(groups[..14].iter().all(|g| g.len() == 4));
            assert_eq!(groups[14].len(), 2);
            assert!(
                code.chars()
                    .all(|c| c == '-' || c.is_ascii_uppercase() || c.is_ascii_digit())
            );
            let back = AccountSecret::from_recovery_code(&code).unwrap();
            assert_eq!(back.to_bytes(), s.to_bytes());
        }
    }

    #[test]
    fn every_single_substitution_of_a_real_code_is_rejected() {
        let s = AccountSecret::generate();
        let chars = canonical(&s.recovery_code());
        assert_eq!(chars.len(), RECOVERY_CODE_CHARS);
        let mut tried = 0;
        for pos in 0..chars.len() {
            for other in CODE_ALPHABET.chars().map(|c| c.to_ascii_uppercase()) {
                if other == chars[pos] {
                    continue;
                }
                let mut typo = chars.clone();
                typo[pos] = other;
                let typo: String = typo.into_iter().collect();
                assert_eq!(
                    AccountSecret::from_recovery_code(&typo).map(|_| ()),
                    Err(RecoveryCodeError::Checksum),
                    "position {pos}, {other}"
                );
                tried += 1;
            }
        }
        assert_eq!(tried, RECOVERY_CODE_CHARS * 31);
    }

    #[test]
    fn every_adjacent_transposition_of_a_real_code_is_rejected() {
        let mut tried = 0;
        // Several codes, so that enough neighbours differ whatever the draw.
        for _ in 0..5 {
            let chars = canonical(&AccountSecret::generate().recovery_code());
            for pos in 0..chars.len() - 1 {
                if chars[pos] == chars[pos + 1] {
                    continue;
                }
                let mut typo = chars.clone();
                typo.swap(pos, pos + 1);
                let typo: String = typo.into_iter().collect();
                assert_eq!(
                    AccountSecret::from_recovery_code(&typo).map(|_| ()),
                    Err(RecoveryCodeError::Checksum),
                    "swapped {pos} and {}",
                    pos + 1
                );
                tried += 1;
            }
        }
        assert!(tried > 200, "{tried}");
    }

    #[test]
    fn spaces_hyphens_lower_case_and_confusables_are_accepted() {
        // A secret whose code holds each of 0, L and 8, so every look-alike is tried.
        let s = (0..=255)
            .map(secret)
            .find(|s| ['0', 'L', '8'].iter().all(|c| s.recovery_code().contains(*c)))
            .unwrap();
        let code = s.recovery_code();
        let plain: String = canonical(&code).into_iter().collect();
        let spaced = code.replace('-', " ");
        let dashed = code.replace('-', " – ");
        let lower = code.to_lowercase();
        let broken = format!("  {}\n{}  ", &plain[..29], &plain[29..]);
        for typed in [plain.clone(), spaced, dashed, lower, broken] {
            let back = AccountSecret::from_recovery_code(&typed).unwrap();
            assert_eq!(back.to_bytes(), s.to_bytes(), "{typed:?}");
        }
        // Every confusable, substituted for the character it stands for.
        let mut seen = 0;
        for (canon, look_alikes) in [('0', "Oo"), ('L', "Il1i"), ('8', "Bb")] {
            for look_alike in look_alikes.chars() {
                if let Some(pos) = plain.find(canon) {
                    let mut typed = plain.clone();
                    typed.replace_range(pos..pos + 1, &look_alike.to_string());
                    let back = AccountSecret::from_recovery_code(&typed).unwrap();
                    assert_eq!(back.to_bytes(), s.to_bytes(), "{look_alike}");
                    seen += 1;
                }
            }
        }
        assert_eq!(seen, 8, "{plain}");
    }

    #[test]
    fn a_wrong_length_or_character_is_named_without_the_code() {
        let code = secret(1).recovery_code();
        let short = &code[..code.len() - 1];
        assert_eq!(
            AccountSecret::from_recovery_code(short).map(|_| ()),
            Err(RecoveryCodeError::Length {
                expected: 58,
                found: 57
            })
        );
        let long = format!("{code}Q");
        assert_eq!(
            AccountSecret::from_recovery_code(&long).map(|_| ()),
            Err(RecoveryCodeError::Length {
                expected: 58,
                found: 59
            })
        );
        let odd = format!("{}U{}", &code[..5], &code[6..]).replace('U', "Ư");
        let err = AccountSecret::from_recovery_code(&odd).map(|_| ()).unwrap_err();
        assert_eq!(err, RecoveryCodeError::Character { position: 6, ch: 'Ư' });
        let text = err.to_string();
        assert!(!text.contains(&code[..4]), "{text}");
        assert_eq!(
            AccountSecret::from_recovery_code("").map(|_| ()).unwrap_err().code(),
            "code-length"
        );
    }

    #[test]
    fn nonzero_padding_is_not_a_code_sotay_made() {
        use bech32::Fe32;
        use bech32::primitives::encode::Encoder;
        // The same secret with a padding bit of the last data character set, under a valid
        // checksum: only a crafted code looks like this, and it must not pass for the secret.
        let s = secret(3);
        let canon = canonical(&s.recovery_code());
        let mut data: Vec<Fe32> = canon[..CODE_DATA_CHARS]
            .iter()
            .map(|c| Fe32::from_char(*c).unwrap())
            .collect();
        let last = data[CODE_DATA_CHARS - 1].to_u8() | 1;
        data[CODE_DATA_CHARS - 1] = Fe32::try_from(last).unwrap();
        let hrp = code_hrp();
        let full: String = Encoder::<_, Bech32m>::new(data.into_iter(), &hrp).chars().collect();
        let crafted = &full[CODE_HRP.len() + 1..];
        assert_ne!(crafted.to_uppercase(), canon.iter().collect::<String>());
        assert_eq!(
            AccountSecret::from_recovery_code(crafted).map(|_| ()),
            Err(RecoveryCodeError::Checksum)
        );
    }

    #[test]
    fn secrets_stay_out_of_debug_output() {
        let s = secret(0xab);
        let keys = AccountKeys::from_secret(&s);
        let shown = format!("{s:?} {keys:?}");
        assert!(shown.contains('…'), "{shown}");
        assert!(!shown.to_lowercase().contains("abab"), "{shown}");
        assert!(!shown.contains(&s.recovery_code()[..9]), "{shown}");
        assert!(shown.contains(&keys.account_id().to_string()), "{shown}");
    }

    #[test]
    fn the_code_and_the_account_id_of_a_fixed_secret_are_pinned() {
        // Golden (computed apart with BIP-350's reference and Python's hmac): a change here
        // makes every written-down code, and every account, unreachable.
        let s = secret(42);
        let code = "9G4Z-5232-9G4Z-5232-9G4Z-5232-9G4Z-5232-9G4Z-5232-9G4Z-5232-9G4Q-S2PH-WZ";
        assert_eq!(s.recovery_code(), code);
        let id = AccountKeys::from_secret(&s).account_id();
        assert_eq!(id.to_string(), "36ae05da-b8ba-878a-876e-d113e791a843");
    }

    #[test]
    fn keys_are_derived_and_differ_between_accounts() {
        let a = AccountKeys::from_secret(&secret(1));
        let a2 = AccountKeys::from_secret(&secret(1));
        let b = AccountKeys::from_secret(&secret(2));
        assert_eq!(a.account_id(), a2.account_id());
        assert_eq!(a.recipient(), a2.recipient());
        assert_ne!(a.account_id(), b.account_id());
        assert_ne!(a.recipient(), b.recipient());
        assert_eq!(a.account_id().get_version_num(), 8);
        // The age identity decrypts for the recipient it belongs to.
        assert_eq!(a.identity().to_public(), a.recipient());
    }

    #[test]
    fn pupil_id_is_stable_and_differs_by_class_year_and_key() {
        let keys = AccountKeys::from_secret(&secret(42));
        let id = keys.pupil_id(2025, "8A", "code:hs001");
        // Golden (computed apart with Python's hmac): a change here makes every imported
        // pupil a new one on devices that update.
        assert_eq!(id.to_string(), "fe53abe3-04fe-847a-96bb-5f957bc303ee");
        assert_eq!(id.get_version_num(), 8);
        assert_eq!(keys.pupil_id(2025, " 8a ", "code:hs001"), id);
        assert_ne!(keys.pupil_id(2025, "8B", "code:hs001"), id);
        assert_ne!(keys.pupil_id(2026, "8A", "code:hs001"), id);
        assert_ne!(keys.pupil_id(2025, "8A", "code:hs002"), id);
        // The lengths go in too: a class's end can't slide into the key.
        assert_ne!(
            keys.pupil_id(2025, "8", "Acode:hs001"),
            keys.pupil_id(2025, "8A", "code:hs001")
        );
        let other = AccountKeys::from_secret(&secret(43));
        assert_ne!(other.pupil_id(2025, "8A", "code:hs001"), id);
    }

    #[test]
    fn a_certificate_binds_device_and_key_to_the_account() {
        let a = AccountKeys::from_secret(&secret(1));
        let b = AccountKeys::from_secret(&secret(2));
        let device = Uuid::from_u128(7);
        let public = [9u8; 32];
        let cert = a.certify(device, &public);
        assert!(a.is_certified(device, &public, &cert));
        assert!(!b.is_certified(device, &public, &cert));
        assert!(!a.is_certified(Uuid::from_u128(8), &public, &cert));
        assert!(!a.is_certified(device, &[8u8; 32], &cert));
    }
}
