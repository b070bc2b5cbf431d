//! Tokens and one-time codes: made from the operating system's randomness, kept only as
//! SHA-256 hashes so a copy of the hub's disk gives no way in.

use rand::TryRngCore;
use rand::rngs::OsRng;
use sha2::{Digest, Sha256};
use sotay_wire::code;

/// A new bearer token: 32 random bytes as base64url.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.try_fill_bytes(&mut bytes).expect("the OS gives random bytes");
    sotay_wire::api::key_to_text(&bytes)
}

/// A new one-time code in its display form.
pub fn new_code() -> String {
    let mut random = [0u8; code::DATA_CHARS];
    OsRng.try_fill_bytes(&mut random).expect("the OS gives random bytes");
    code::make(&random)
}

/// The hash kept of a token, or of a code's normalised form: SHA-256 as lowercase hex.
pub fn hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}
