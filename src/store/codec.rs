//! The one place stored values are encoded and decoded: a format byte, then postcard.
//!
//! Every value written to sled goes through [`encode`], and every value read through
//! [`decode`], so encryption at rest can later be added here alone (as a new format byte).
//! Rule for future formats: the schema version in `meta` stays in format 1, so any sotay
//! can read it and say "newer" instead of "damaged".

use serde::Serialize;
use serde::de::DeserializeOwned;

/// The format byte of plain postcard values.
pub const FORMAT_POSTCARD: u8 = 1;

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
}

pub fn encode<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    // postcard only fails for types serde can't describe (e.g. maps of unknown length),
    // which none of ours are.
    postcard::to_extend(value, vec![FORMAT_POSTCARD]).expect("our types always encode")
}

pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, CodecError> {
    let (&format, body) = bytes.split_first().ok_or(CodecError::Empty)?;
    if format != FORMAT_POSTCARD {
        return Err(CodecError::UnknownFormat(format));
    }
    let (value, rest) = postcard::take_from_bytes(body)?;
    if !rest.is_empty() {
        return Err(CodecError::Trailing(rest.len()));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Value;

    #[test]
    fn values_round_trip_behind_a_format_byte() {
        let v = Value::List(vec!["orphan".into(), "long_hours".into()]);
        let bytes = encode(&v);
        assert_eq!(bytes[0], FORMAT_POSTCARD);
        assert_eq!(decode::<Value>(&bytes), Ok(v));
    }

    #[test]
    fn bad_bytes_are_errors_not_panics() {
        assert_eq!(decode::<u32>(&[]), Err(CodecError::Empty));
        assert_eq!(decode::<u32>(&[9, 1]), Err(CodecError::UnknownFormat(9)));
        assert!(matches!(
            decode::<Value>(&[FORMAT_POSTCARD, 200]),
            Err(CodecError::Postcard(_))
        ));
        assert!(matches!(
            decode::<String>(&[FORMAT_POSTCARD, 5, b'a']),
            Err(CodecError::Postcard(_))
        ));
        assert_eq!(decode::<u8>(&[FORMAT_POSTCARD, 1, 2]), Err(CodecError::Trailing(1)));
    }
}
