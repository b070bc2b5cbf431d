//! Sync's cryptographic layer: the account's keys, the devices' keys, sealed batches and
//! bundle files.
//!
//! Everything here works on byte slices: no files, no store, no knowledge of records (a
//! batch's payload is opaque bytes). The store and the CLI call it. The formats and what each
//! check stops are in `docs/security.md`.

pub mod account;
pub mod bundle;
pub mod device;
pub mod envelope;
pub mod exchange;
pub mod merge;
pub mod wire;

pub use account::{AccountKeys, AccountSecret, RecoveryCodeError};
pub use bundle::{BundleError, read_bundle, write_bundle};
pub use device::DeviceKey;
pub use envelope::{Header, Opened, SealError, open, peek, seal, verify_signature};

use rand::TryRngCore;
use rand::rngs::OsRng;
use zeroize::Zeroizing;

/// 32 bytes from the operating system's random source, for a new key.
///
/// Panics if the operating system has no random source to give: no key can be made safely
/// without one, and every system sotay runs on has one.
fn random_32() -> Zeroizing<[u8; 32]> {
    let mut bytes = Zeroizing::new([0u8; 32]);
    OsRng
        .try_fill_bytes(&mut bytes[..])
        .expect("the operating system's random source");
    bytes
}

/// The property tests' configuration for hostile input, as the other decoders' in `tests/`
/// (docs/reliability.md): no failure files, and PROPTEST_CASES overrides `cases`.
#[cfg(test)]
fn proptest_config(cases: u32) -> proptest::test_runner::Config {
    let mut config = proptest::test_runner::Config {
        failure_persistence: None,
        ..proptest::test_runner::Config::default()
    };
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = cases;
    }
    config
}
