//! Sealed batches and bundles made in a test through the sync API, for what no command
//! makes: a batch moved to another number and signed again, two different batches under one
//! number (a fork), a device whose clock is far ahead. Every person here is invented.

use sotay::domain::{Record, RecordKind, Student, Value};
use sotay::store::{Change, Hlc};
use sotay::sync::envelope::{self, Header};
use sotay::sync::{AccountKeys, DeviceKey, wire};
use uuid::Uuid;

/// A device of the account made in the test: an id and a signing key (sealing certifies
/// the key with the account's keys, as a device that joined with the recovery code has).
pub struct TestDevice {
    pub id: Uuid,
    pub key: DeviceKey,
}

impl TestDevice {
    pub fn new(n: u8) -> TestDevice {
        TestDevice {
            id: Uuid::from_u128(0x0193_0000_0000_7000_8000_00D0_0000_0000 + u128::from(n)),
            key: DeviceKey::from_bytes(&[n; 32]),
        }
    }

    /// A reading of this device's clock at `millis`.
    pub fn at(&self, millis: u64) -> Hlc {
        Hlc {
            millis,
            counter: 0,
            device: self.id,
        }
    }

    /// Batch `number` of this device, holding `changes`.
    pub fn seal(&self, keys: &AccountKeys, number: u64, changes: &[Change]) -> Vec<u8> {
        envelope::seal(keys, &self.key, self.id, number, &wire::encode(changes)).expect("the batch seals")
    }

    /// `sealed` with the number in its outer header changed to `number` and signed again
    /// by this device, as a device of the account (or a thief of its key) could do; the
    /// inner header, inside the encryption, keeps the number it was sealed under.
    pub fn moved(&self, sealed: &[u8], number: u64) -> Vec<u8> {
        use ed25519_dalek::Signer;
        let mut b = sealed.to_vec();
        // The outer header's batch number (docs/security.md).
        b[42..50].copy_from_slice(&number.to_be_bytes());
        let signed = b.len() - 64;
        let signature = ed25519_dalek::SigningKey::from_bytes(&self.key.to_bytes()).sign(&b[..signed]);
        b[signed..].copy_from_slice(&signature.to_bytes());
        b
    }
}

/// The changes that make pupil `s`: one commit at `hlc`, each field that is not empty.
pub fn new_pupil(s: &Student, hlc: Hlc) -> Vec<Change> {
    s.fields()
        .into_iter()
        .filter(|(_, v)| *v != Value::Null)
        .map(|(field, value)| Change {
            kind: RecordKind::Student,
            id: s.id,
            field: field.into(),
            value: Some(value),
            hlc,
        })
        .collect()
}

/// A bundle file of `batches`.
pub fn bundle_of(batches: &[Vec<u8>]) -> Vec<u8> {
    let refs: Vec<&[u8]> = batches.iter().map(Vec::as_slice).collect();
    let mut out = Vec::new();
    sotay::sync::write_bundle(&mut out, &refs).expect("the bundle is written");
    out
}

/// The signed headers of a bundle's batches, in the file's order.
pub fn headers(bundle: &[u8]) -> Vec<Header> {
    sotay::sync::read_bundle(bundle)
        .expect("a bundle")
        .into_iter()
        .map(|b| envelope::peek(b).expect("a signed batch"))
        .collect()
}

/// The bundle's checksum (its last 32 bytes) made again over what is before it: a file
/// changed on purpose, past the check that catches damage.
pub fn with_checksum_again(mut bundle: Vec<u8>) -> Vec<u8> {
    use sha2::Digest;
    let body = bundle.len() - 32;
    let sum = sha2::Sha256::digest(&bundle[..body]);
    bundle[body..].copy_from_slice(&sum);
    bundle
}

/// Where the first batch of a bundle starts (after the bundle's magic, version, count and
/// the batch's length).
pub const FIRST_BATCH: usize = 18;
