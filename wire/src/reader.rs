//! Report readers (a school, a commune or ward, a province) as both sides name them: a
//! reader's scope, its public key (an age X25519 recipient, `age1…`) and the fingerprint a
//! teacher compares before she accepts the key.

use bech32::Hrp;
use sha2::{Digest, Sha256};

use crate::code::{ALPHABET, display};

/// Whose figures a reader may receive.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// One school, by its school code.
    School(String),
    /// One commune or ward, by its code in the hub's list of places.
    Commune(String),
    /// One province or centrally governed city, by its code in the hub's list of places.
    Province(String),
}

/// Why a scope or a key was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReaderError {
    #[error("a reader is school:CODE, commune:CODE or province:CODE")]
    Scope,
    #[error("a reader's public key is an age X25519 recipient (age1…)")]
    Key,
}

impl Scope {
    /// `school:CODE`, `commune:CODE` or `province:CODE` (the code as given, trimmed).
    pub fn parse(text: &str) -> Result<Scope, ReaderError> {
        let (kind, code) = text.trim().split_once(':').ok_or(ReaderError::Scope)?;
        let code = code.trim();
        if code.is_empty() || code.chars().any(|c| c.is_control()) {
            return Err(ReaderError::Scope);
        }
        match kind.trim().to_ascii_lowercase().as_str() {
            "school" => Ok(Scope::School(code.to_string())),
            "commune" | "ward" => Ok(Scope::Commune(code.to_string())),
            "province" => Ok(Scope::Province(code.to_string())),
            _ => Err(ReaderError::Scope),
        }
    }

    /// The stable text form, as [`Scope::parse`] reads it.
    pub fn to_text(&self) -> String {
        match self {
            Scope::School(c) => format!("school:{c}"),
            Scope::Commune(c) => format!("commune:{c}"),
            Scope::Province(c) => format!("province:{c}"),
        }
    }
}

/// The 32-byte X25519 key of an age recipient (`age1…`, Bech32).
pub fn parse_recipient(text: &str) -> Result<[u8; 32], ReaderError> {
    let (hrp, data) = bech32::decode(text.trim()).map_err(|_| ReaderError::Key)?;
    if hrp != Hrp::parse_unchecked("age") {
        return Err(ReaderError::Key);
    }
    data.try_into().map_err(|_| ReaderError::Key)
}

/// A key's fingerprint: the first 80 bits of its SHA-256, in Crockford's base 32, in four
/// groups of four (`7KQ2-M9XD-4TB8-0ZJH`): short enough to read aloud and compare, long
/// enough that no one can make another key with the same one.
pub fn fingerprint(key: &[u8; 32]) -> String {
    let digest = Sha256::digest(key);
    let mut bits: u128 = 0;
    for b in &digest[..10] {
        bits = (bits << 8) | u128::from(*b);
    }
    let chars: Vec<u8> = (0..16)
        .rev()
        .map(|i| ALPHABET[((bits >> (i * 5)) & 31) as usize])
        .collect();
    display(&chars)
}

/// A typed fingerprint in its display form (forgiving case, spaces, hyphens, O for 0, I
/// and L for 1), `None` if it cannot be one.
pub fn normalize_fingerprint(typed: &str) -> Option<String> {
    let values = crate::code::values_of(typed).ok()?;
    (values.len() == 16).then(|| display(&values.iter().map(|&v| ALPHABET[v as usize]).collect::<Vec<_>>()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_read_back_and_bad_ones_are_refused() {
        for text in ["school:DEMO01", "commune:26734", "province:31"] {
            assert_eq!(Scope::parse(text).unwrap().to_text(), text);
        }
        assert_eq!(Scope::parse(" Ward : 00001 ").unwrap(), Scope::Commune("00001".into()));
        for bad in ["school", "school:", "district:1", ":x", ""] {
            assert_eq!(Scope::parse(bad), Err(ReaderError::Scope), "{bad}");
        }
    }

    #[test]
    fn an_age_recipient_is_read_and_others_are_refused() {
        let key = [9u8; 32];
        let text = bech32::encode::<bech32::Bech32>(Hrp::parse_unchecked("age"), &key).unwrap();
        assert!(text.starts_with("age1"), "{text}");
        assert_eq!(parse_recipient(&text), Ok(key));
        // A typo breaks the checksum; another prefix or length is not a recipient.
        let mut typo = text.clone().into_bytes();
        let last = typo.len() - 1;
        typo[last] = if typo[last] == b'q' { b'p' } else { b'q' };
        assert_eq!(
            parse_recipient(std::str::from_utf8(&typo).unwrap()),
            Err(ReaderError::Key)
        );
        let other = bech32::encode::<bech32::Bech32>(Hrp::parse_unchecked("age-secret-key-"), &key).unwrap();
        assert_eq!(parse_recipient(&other), Err(ReaderError::Key));
        let short = bech32::encode::<bech32::Bech32>(Hrp::parse_unchecked("age"), &key[..31]).unwrap();
        assert_eq!(parse_recipient(&short), Err(ReaderError::Key));
    }

    #[test]
    fn fingerprints_are_short_stable_and_tell_keys_apart() {
        let a = fingerprint(&[1u8; 32]);
        assert_eq!(a.len(), 19, "{a}");
        assert_eq!(a, fingerprint(&[1u8; 32]));
        assert_ne!(a, fingerprint(&[2u8; 32]));
        assert!(a.chars().all(|c| c == '-' || ALPHABET.contains(&(c as u8))), "{a}");
        // Read back as a teacher may type it.
        let typed = a.to_lowercase().replace('-', " ").replace('0', "o").replace('1', "l");
        assert_eq!(normalize_fingerprint(&typed).as_deref(), Some(a.as_str()));
        assert_eq!(normalize_fingerprint(&a[..18]), None);
        assert_eq!(normalize_fingerprint("UUUU-UUUU-UUUU-UUUU"), None);
    }
}
