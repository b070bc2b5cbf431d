//! A device's signing key: made on the device, it signs every batch the device seals.

use std::fmt;

use ed25519_dalek::{Signer, SigningKey};

/// A device's Ed25519 signing key. Its Debug output hides it; it is wiped when dropped.
#[derive(Clone)]
pub struct DeviceKey(SigningKey);

impl DeviceKey {
    /// A new key from the operating system's random source.
    pub fn generate() -> Self {
        DeviceKey::from_bytes(&super::random_32())
    }

    /// The key these 32 bytes (its seed, as kept on the device) are.
    pub fn from_bytes(bytes: &[u8; 32]) -> Self {
        DeviceKey(SigningKey::from_bytes(bytes))
    }

    /// The key's 32 bytes, to keep on the device.
    pub fn to_bytes(&self) -> [u8; 32] {
        self.0.to_bytes()
    }

    /// The public key that checks this device's signatures.
    pub fn public(&self) -> [u8; 32] {
        self.0.verifying_key().to_bytes()
    }

    /// The Ed25519 signature of `message`.
    pub(crate) fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.0.sign(message).to_bytes()
    }
}

impl fmt::Debug for DeviceKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DeviceKey(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_round_trips_through_its_bytes() {
        let key = DeviceKey::generate();
        let back = DeviceKey::from_bytes(&key.to_bytes());
        assert_eq!(back.public(), key.public());
        assert_eq!(back.sign(b"x"), key.sign(b"x"));
        assert_ne!(DeviceKey::generate().public(), key.public());
    }

    #[test]
    fn the_key_stays_out_of_debug_output() {
        let key = DeviceKey::from_bytes(&[0xcd; 32]);
        let shown = format!("{key:?}");
        assert_eq!(shown, "DeviceKey(…)");
    }
}
