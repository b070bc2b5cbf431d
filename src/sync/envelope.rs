//! Sealed batches: a device's changes, compressed, encrypted to the account with age and
//! signed by the device with Ed25519.
//!
//! The layout (all integers big-endian; the table is in `docs/security.md`):
//!
//! ```text
//! outer, signed:  magic(8) version(2) account(16) device(16) number(8) device_public(32)
//!                 certificate(32) ciphertext_len(4) ciphertext(n) signature(64)
//! inner (the age plaintext):  version(2) account(16) device(16) number(8)
//!                 payload_len(8) raw DEFLATE of the payload
//! ```
//!
//! The signature covers every byte before it. The account, device and number are in both
//! headers and must agree, so a batch moved to another slot is refused even when a device
//! of the account signed it again.
//!
//! The outer form (its layout, parsing and the signature's check) is in `sotay_wire::batch`,
//! which the hub shares to check uploads; sealing and opening the inside need the account's
//! keys and stay here.

use std::io::{Read, Write};

use flate2::Compression;
use uuid::Uuid;
use zeroize::Zeroizing;

use super::account::AccountKeys;
use super::device::DeviceKey;
pub use sotay_wire::batch::{
    FORMAT_VERSION, Header, MAGIC, MAX_PAYLOAD, MAX_SEALED, SealError, peek, verify_signature,
};
use sotay_wire::batch::{be_u16, be_u64, parse};

/// The inner header's length: the compressed payload starts here.
const INNER_LEN: usize = 50;

/// A batch that passed every check of [`open`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Opened {
    /// Its header, checked.
    pub header: Header,
    /// The payload as it was sealed.
    pub payload: Vec<u8>,
}

/// Seals `payload` as batch `number` of the device: compressed, encrypted to the account,
/// signed by the device, with the account's certificate of the device's key.
///
/// Refuses ([`SealError::TooLarge`]) a payload over [`MAX_PAYLOAD`]: the store cuts batches
/// at commit boundaries below it.
pub fn seal(
    keys: &AccountKeys,
    device: &DeviceKey,
    device_id: Uuid,
    number: u64,
    payload: &[u8],
) -> Result<Vec<u8>, SealError> {
    if payload.len() > MAX_PAYLOAD {
        return Err(SealError::TooLarge);
    }
    let header = Header {
        version: FORMAT_VERSION,
        account: keys.account_id(),
        device: device_id,
        number,
        device_public: device.public(),
    };
    let mut inner = Zeroizing::new(Vec::with_capacity(INNER_LEN + payload.len() / 2 + 64));
    put_inner_header(&mut inner, &header, payload.len() as u64);
    let mut deflate = flate2::write::DeflateEncoder::new(&mut *inner, Compression::default());
    deflate
        .write_all(payload)
        .and_then(|()| deflate.try_finish())
        .expect("compressing into memory");
    drop(deflate);
    let ciphertext = encrypt(&[keys.recipient()], &inner);
    let certificate = keys.certify(device_id, &header.device_public);
    assemble(&header, &certificate, &ciphertext, device)
}

/// Everything: header, certificate (device key bound to this account), signature,
/// decryption, inner header equal to the outer one, decompression within bounds, no
/// trailing bytes.
pub fn open(keys: &AccountKeys, sealed: &[u8]) -> Result<Opened, SealError> {
    let batch = parse(sealed)?;
    let header = &batch.header;
    batch.check_signature(&header.device_public)?;
    if header.account != keys.account_id() {
        return Err(SealError::WrongAccount);
    }
    if !keys.is_certified(header.device, &header.device_public, &batch.certificate) {
        return Err(SealError::UnknownDevice);
    }
    let plain = decrypt(keys, batch.ciphertext)?;
    let Some((inner, compressed)) = plain.split_at_checked(INNER_LEN) else {
        return Err(SealError::Damaged("inner header cut short"));
    };
    if be_u16(&inner[0..2]) != header.version {
        return Err(SealError::Damaged("inner format version"));
    }
    if Uuid::from_slice(&inner[2..18]) != Ok(header.account)
        || Uuid::from_slice(&inner[18..34]) != Ok(header.device)
        || be_u64(&inner[34..42]) != header.number
    {
        return Err(SealError::Moved);
    }
    let payload = inflate(compressed, be_u64(&inner[42..50]))?;
    Ok(Opened {
        header: batch.header,
        payload,
    })
}

/// The sealed batch, signed by the device.
fn assemble(
    header: &Header,
    certificate: &[u8; 32],
    ciphertext: &[u8],
    device: &DeviceKey,
) -> Result<Vec<u8>, SealError> {
    sotay_wire::batch::assemble(header, certificate, ciphertext, |signed| device.sign(signed))
}

fn put_inner_header(out: &mut Vec<u8>, header: &Header, payload_len: u64) {
    out.extend_from_slice(&header.version.to_be_bytes());
    out.extend_from_slice(header.account.as_bytes());
    out.extend_from_slice(header.device.as_bytes());
    out.extend_from_slice(&header.number.to_be_bytes());
    out.extend_from_slice(&payload_len.to_be_bytes());
}

/// age's binary format, to every recipient given: the account's now; report readers can be
/// added later as further recipients without changing the batch format.
pub(crate) fn encrypt(recipients: &[age::x25519::Recipient], plain: &[u8]) -> Vec<u8> {
    let encryptor = age::Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))
        .expect("X25519 recipients, at least one");
    let mut out = Vec::with_capacity(plain.len() + plain.len() / 4096 + 512);
    let mut writer = encryptor.wrap_output(&mut out).expect("encrypting into memory");
    writer
        .write_all(plain)
        .and_then(|()| writer.finish().map(drop))
        .expect("encrypting into memory");
    out
}

fn decrypt(keys: &AccountKeys, ciphertext: &[u8]) -> Result<Zeroizing<Vec<u8>>, SealError> {
    let decryptor = age::Decryptor::new(ciphertext).map_err(|_| SealError::Undecryptable)?;
    let identity = keys.identity() as &dyn age::Identity;
    let mut reader = decryptor
        .decrypt(std::iter::once(identity))
        .map_err(|_| SealError::Undecryptable)?;
    // The plaintext is never longer than the ciphertext, which is bounded already.
    let mut plain = Zeroizing::new(Vec::with_capacity(ciphertext.len()));
    reader.read_to_end(&mut plain).map_err(|_| SealError::Undecryptable)?;
    Ok(plain)
}

/// The payload the raw DEFLATE stream `compressed` holds, which must be exactly `len` bytes
/// and end where `compressed` ends.
fn inflate(compressed: &[u8], len: u64) -> Result<Vec<u8>, SealError> {
    if len > MAX_PAYLOAD as u64 {
        return Err(SealError::TooLarge);
    }
    let mut decoder = flate2::bufread::DeflateDecoder::new(compressed);
    // Grows as it is filled: a small batch declaring a large payload reserves nothing.
    let mut payload = Vec::with_capacity((len as usize).min(compressed.len() * 4 + 64));
    // One byte more than declared, so a longer payload is seen and refused.
    (&mut decoder)
        .take(len + 1)
        .read_to_end(&mut payload)
        .map_err(|_| SealError::Damaged("compressed payload"))?;
    if payload.len() as u64 != len {
        return Err(SealError::Damaged("payload length"));
    }
    if !decoder.get_ref().is_empty() {
        return Err(SealError::Damaged("bytes after the compressed payload"));
    }
    Ok(payload)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::account::AccountSecret;
    use sotay_wire::batch::{CIPHERTEXT_LEN, NUMBER, OUTER_LEN, VERSION};

    const NAME: &str = "Nguyễn Thị Mai";

    struct Fixture {
        keys: AccountKeys,
        device: DeviceKey,
        device_id: Uuid,
    }

    fn fixture(account: u8) -> Fixture {
        Fixture {
            keys: AccountKeys::from_secret(&AccountSecret::from_bytes([account; 32])),
            device: DeviceKey::from_bytes(&[account.wrapping_add(100); 32]),
            device_id: Uuid::from_u128(0x51 + u128::from(account)),
        }
    }

    fn payload() -> Vec<u8> {
        let mut p = Vec::new();
        for i in 0..40 {
            p.extend_from_slice(format!("student {i} name={NAME} phone=0912 345 678;").as_bytes());
        }
        p
    }

    fn sealed(f: &Fixture, number: u64) -> Vec<u8> {
        seal(&f.keys, &f.device, f.device_id, number, &payload()).unwrap()
    }

    /// The outer header of a batch, changed by `change`, with its ciphertext, certificate
    /// and signature made again by `signer` (an honest-looking batch with other fields).
    fn resign(sealed: &[u8], signer: &DeviceKey, certificate: [u8; 32], change: impl FnOnce(&mut Header)) -> Vec<u8> {
        let batch = parse(sealed).unwrap();
        let mut header = batch.header.clone();
        header.device_public = signer.public();
        change(&mut header);
        assemble(&header, &certificate, batch.ciphertext, signer).unwrap()
    }

    /// A batch of `f`'s device whose inner plaintext is `inner`, as given.
    fn seal_plain(f: &Fixture, number: u64, inner: &[u8]) -> Vec<u8> {
        let header = Header {
            version: FORMAT_VERSION,
            account: f.keys.account_id(),
            device: f.device_id,
            number,
            device_public: f.device.public(),
        };
        let certificate = f.keys.certify(f.device_id, &header.device_public);
        let ciphertext = encrypt(&[f.keys.recipient()], inner);
        assemble(&header, &certificate, &ciphertext, &f.device).unwrap()
    }

    fn inner_with(f: &Fixture, number: u64, declared: u64, data: &[u8]) -> Vec<u8> {
        let header = Header {
            version: FORMAT_VERSION,
            account: f.keys.account_id(),
            device: f.device_id,
            number,
            device_public: f.device.public(),
        };
        let mut inner = Vec::new();
        put_inner_header(&mut inner, &header, declared);
        let mut deflate = flate2::write::DeflateEncoder::new(inner, Compression::default());
        deflate.write_all(data).unwrap();
        deflate.finish().unwrap()
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn a_sealed_batch_opens_to_its_payload_and_header() {
        let f = fixture(1);
        let batch = sealed(&f, 7);
        let opened = open(&f.keys, &batch).unwrap();
        assert_eq!(opened.payload, payload());
        let header = Header {
            version: FORMAT_VERSION,
            account: f.keys.account_id(),
            device: f.device_id,
            number: 7,
            device_public: f.device.public(),
        };
        assert_eq!(opened.header, header);
        assert_eq!(peek(&batch).unwrap(), header);
        assert_eq!(verify_signature(&batch, &f.device.public()).unwrap(), header);
        assert!(batch.starts_with(&MAGIC));
        // Compressed before it was encrypted: the repetitive payload shrinks.
        assert!(batch.len() < payload().len() / 2, "{}", batch.len());
        // An empty payload too.
        let empty = seal(&f.keys, &f.device, f.device_id, 1, &[]).unwrap();
        assert_eq!(open(&f.keys, &empty).unwrap().payload, Vec::<u8>::new());
    }

    #[test]
    fn no_name_or_phone_appears_in_the_sealed_bytes() {
        let f = fixture(1);
        let batch = sealed(&f, 1);
        let nfd: String = unicode_normalization::UnicodeNormalization::nfd(NAME).collect();
        for needle in [NAME, nfd.as_str(), "Nguy", "Mai", "0912", "name="] {
            assert!(contains(&payload(), needle.as_bytes()) || needle == nfd);
            assert!(!contains(&batch, needle.as_bytes()), "{needle}");
        }
    }

    #[test]
    fn every_flipped_byte_is_refused() {
        let f = fixture(1);
        let batch = sealed(&f, 3);
        for pos in 0..batch.len() {
            for mask in [0x01u8, 0x80, 0xff] {
                let mut bad = batch.clone();
                bad[pos] ^= mask;
                assert!(open(&f.keys, &bad).is_err(), "byte {pos} ^ {mask:#x} opened");
                assert!(peek(&bad).is_err(), "byte {pos} ^ {mask:#x} peeked");
            }
        }
        // In the signed part the signature is what refuses it (past the fields read first).
        let mut bad = batch.clone();
        bad[OUTER_LEN + 10] ^= 1;
        assert_eq!(open(&f.keys, &bad), Err(SealError::BadSignature));
        let mut bad = batch.clone();
        *bad.last_mut().unwrap() ^= 1;
        assert_eq!(open(&f.keys, &bad), Err(SealError::BadSignature));
        let mut bad = batch.clone();
        bad[NUMBER.end - 1] ^= 1;
        assert_eq!(open(&f.keys, &bad), Err(SealError::BadSignature));
    }

    #[test]
    fn a_batch_cut_at_any_length_is_truncated() {
        let f = fixture(1);
        let batch = sealed(&f, 3);
        assert_eq!(open(&f.keys, &[]), Err(SealError::NotABatch));
        for len in 1..batch.len() {
            assert_eq!(open(&f.keys, &batch[..len]), Err(SealError::Truncated), "{len}");
            assert_eq!(peek(&batch[..len]), Err(SealError::Truncated), "{len}");
        }
        let mut longer = batch.clone();
        longer.push(0);
        assert_eq!(
            open(&f.keys, &longer),
            Err(SealError::Damaged("bytes after the signature"))
        );
    }

    #[test]
    fn a_batch_signed_again_under_another_number_is_moved() {
        let f = fixture(1);
        let batch = sealed(&f, 3);
        let cert = f.keys.certify(f.device_id, &f.device.public());
        let moved = resign(&batch, &f.device, cert, |h| h.number = 4);
        // Signature and certificate are good: only the inner header tells.
        assert_eq!(peek(&moved).unwrap().number, 4);
        assert_eq!(open(&f.keys, &moved), Err(SealError::Moved));
    }

    #[test]
    fn a_batch_taken_over_by_another_device_of_the_account_is_moved() {
        let f = fixture(1);
        let batch = sealed(&f, 3);
        let other = DeviceKey::from_bytes(&[77; 32]);
        let other_id = Uuid::from_u128(0x99);
        let cert = f.keys.certify(other_id, &other.public());
        let moved = resign(&batch, &other, cert, |h| h.device = other_id);
        assert_eq!(open(&f.keys, &moved), Err(SealError::Moved));
    }

    #[test]
    fn a_batch_of_another_account_is_wrong_account() {
        let mine = fixture(1);
        let theirs = fixture(2);
        let batch = sealed(&theirs, 1);
        assert!(peek(&batch).is_ok());
        assert_eq!(open(&mine.keys, &batch), Err(SealError::WrongAccount));
    }

    #[test]
    fn a_device_key_the_account_did_not_certify_is_unknown() {
        let f = fixture(1);
        let outsider = fixture(2);
        // An outsider who knows the account's id and recipient (neither is secret) encrypts
        // a batch to it and signs it with a key of their own.
        let batch = sealed(&f, 3);
        let forged_cert = outsider.keys.certify(f.device_id, &outsider.device.public());
        let forged = resign(&batch, &outsider.device, forged_cert, |_| {});
        assert!(peek(&forged).is_ok());
        assert_eq!(open(&f.keys, &forged), Err(SealError::UnknownDevice));
        // A certificate of the account, but for another key, proves nothing either.
        let real_cert = f.keys.certify(f.device_id, &f.device.public());
        let forged = resign(&batch, &outsider.device, real_cert, |_| {});
        assert_eq!(open(&f.keys, &forged), Err(SealError::UnknownDevice));
        // And the hub, checking with the enrolled key, refuses a header naming another one.
        assert_eq!(
            verify_signature(&forged, &f.device.public()),
            Err(SealError::UnknownDevice)
        );
    }

    #[test]
    fn a_newer_format_is_named_before_anything_else_is_read() {
        let f = fixture(1);
        let mut batch = sealed(&f, 1);
        batch[VERSION].copy_from_slice(&(FORMAT_VERSION + 1).to_be_bytes());
        assert_eq!(open(&f.keys, &batch), Err(SealError::NewerFormat(2)));
        // Even when the rest is laid out otherwise (here: nothing more at all).
        let mut short = MAGIC.to_vec();
        short.extend_from_slice(&7u16.to_be_bytes());
        assert_eq!(peek(&short), Err(SealError::NewerFormat(7)));
        assert_eq!(SealError::NewerFormat(2).code(), "newer-format");
    }

    #[test]
    fn other_files_are_not_a_batch() {
        let f = fixture(1);
        let zip = b"PK\x03\x04\x14\x00\x00\x00\x08\x00";
        let text = "Họ và tên,Ngày sinh\n".as_bytes();
        let mut bundle = b"\x89SOTAYF\n".to_vec();
        bundle.extend_from_slice(&[0; 200]);
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        for bytes in [&zip[..], text, &bundle, &png[..], &[0u8; 300]] {
            assert_eq!(open(&f.keys, bytes), Err(SealError::NotABatch), "{bytes:?}");
        }
    }

    #[test]
    fn oversized_batches_and_payloads_are_refused() {
        let f = fixture(1);
        let mut huge = sealed(&f, 1);
        huge.resize(MAX_SEALED + 1, 0);
        assert_eq!(open(&f.keys, &huge), Err(SealError::TooLarge));
        let mut long_field = sealed(&f, 1);
        long_field[CIPHERTEXT_LEN].copy_from_slice(&u32::MAX.to_be_bytes());
        assert_eq!(open(&f.keys, &long_field), Err(SealError::TooLarge));
        let too_much = vec![0u8; MAX_PAYLOAD + 1];
        assert_eq!(
            seal(&f.keys, &f.device, f.device_id, 1, &too_much),
            Err(SealError::TooLarge)
        );
        // The largest payload, incompressible, still makes a batch that opens.
        let mut noise = vec![0u8; MAX_PAYLOAD];
        let mut x = 0x2545_f491_4f6c_dd1d_u64;
        for b in noise.iter_mut() {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            *b = x as u8;
        }
        let batch = seal(&f.keys, &f.device, f.device_id, 1, &noise).unwrap();
        assert!(batch.len() <= MAX_SEALED);
        assert_eq!(open(&f.keys, &batch).unwrap().payload.len(), MAX_PAYLOAD);
    }

    #[test]
    fn decompression_is_bounded_and_exact() {
        let f = fixture(1);
        // Declares more than MAX_PAYLOAD: refused before inflating anything.
        let bomb = vec![0u8; 1 << 16];
        let inner = inner_with(&f, 1, MAX_PAYLOAD as u64 + 1, &bomb);
        assert_eq!(open(&f.keys, &seal_plain(&f, 1, &inner)), Err(SealError::TooLarge));
        // Declares less than it inflates to: refused without inflating past the declared.
        let inner = inner_with(&f, 1, 10, &bomb);
        assert_eq!(
            open(&f.keys, &seal_plain(&f, 1, &inner)),
            Err(SealError::Damaged("payload length"))
        );
        // Declares more than there is.
        let inner = inner_with(&f, 1, bomb.len() as u64 + 1, &bomb);
        assert_eq!(
            open(&f.keys, &seal_plain(&f, 1, &inner)),
            Err(SealError::Damaged("payload length"))
        );
        // Bytes after the compressed stream.
        let mut inner = inner_with(&f, 1, bomb.len() as u64, &bomb);
        inner.extend_from_slice(b"extra");
        assert_eq!(
            open(&f.keys, &seal_plain(&f, 1, &inner)),
            Err(SealError::Damaged("bytes after the compressed payload"))
        );
        // An inner header cut short.
        assert_eq!(
            open(&f.keys, &seal_plain(&f, 1, &inner[..INNER_LEN - 1])),
            Err(SealError::Damaged("inner header cut short"))
        );
        // The honest form of the same opens.
        let inner = inner_with(&f, 1, bomb.len() as u64, &bomb);
        assert_eq!(open(&f.keys, &seal_plain(&f, 1, &inner)).unwrap().payload, bomb);
    }

    #[test]
    fn a_batch_encrypted_to_another_key_is_undecryptable() {
        let f = fixture(1);
        let other = fixture(2);
        let header = Header {
            version: FORMAT_VERSION,
            account: f.keys.account_id(),
            device: f.device_id,
            number: 1,
            device_public: f.device.public(),
        };
        let certificate = f.keys.certify(f.device_id, &header.device_public);
        let inner = inner_with(&f, 1, 3, b"abc");
        let ciphertext = encrypt(&[other.keys.recipient()], &inner);
        let batch = assemble(&header, &certificate, &ciphertext, &f.device).unwrap();
        assert_eq!(open(&f.keys, &batch), Err(SealError::Undecryptable));
        // With the account among several recipients (report readers, later), it opens.
        let ciphertext = encrypt(&[other.keys.recipient(), f.keys.recipient()], &inner);
        let batch = assemble(&header, &certificate, &ciphertext, &f.device).unwrap();
        assert_eq!(open(&f.keys, &batch).unwrap().payload, b"abc");
    }

    proptest::proptest! {
        #![proptest_config(crate::sync::proptest_config(500))]

        /// Any bytes after a batch's magic and version are refused, never a panic.
        #[test]
        fn any_bytes_after_the_magic(bytes in proptest::collection::vec(0u8.., 0..400)) {
            let f = fixture(1);
            let batch = [&MAGIC[..], &FORMAT_VERSION.to_be_bytes(), &bytes].concat();
            proptest::prop_assert!(open(&f.keys, &batch).is_err());
            proptest::prop_assert!(peek(&batch).is_err());
        }

        /// A real batch with bytes changed, cut or added anywhere is refused.
        #[test]
        fn any_change_to_a_real_batch(
            at in 0usize..2_000,
            with in proptest::collection::vec(0u8.., 0..40),
            cut in 0usize..40,
        ) {
            let f = fixture(1);
            let batch = sealed(&f, 1);
            let at = at % batch.len();
            let mut bad = batch[..at].to_vec();
            bad.extend_from_slice(&with);
            bad.extend_from_slice(&batch[(at + cut).min(batch.len())..]);
            proptest::prop_assume!(bad != batch);
            proptest::prop_assert!(open(&f.keys, &bad).is_err());
        }

        /// Whatever a certified device of the account puts inside (past every check but the
        /// inner ones), opening refuses it or gives exactly the length declared.
        #[test]
        fn any_inner_plaintext_of_a_certified_device(
            declared in proptest::prop_oneof![0u64..600, 0u64..],
            body in proptest::collection::vec(0u8.., 0..300),
            deflated in 0u8..2,
        ) {
            let f = fixture(1);
            let mut inner = inner_with(&f, 1, declared, &[]);
            inner.truncate(INNER_LEN);
            if deflated == 1 {
                let mut deflate =
                    flate2::write::DeflateEncoder::new(inner, Compression::default());
                deflate.write_all(&body).unwrap();
                inner = deflate.finish().unwrap();
            } else {
                inner.extend_from_slice(&body);
            }
            match open(&f.keys, &seal_plain(&f, 1, &inner)) {
                Ok(opened) => proptest::prop_assert_eq!(opened.payload.len() as u64, declared),
                Err(e) => proptest::prop_assert!(
                    matches!(e, SealError::TooLarge | SealError::Damaged(_)),
                    "{e:?}"
                ),
            }
        }
    }

    #[test]
    fn each_refusal_has_its_own_ascii_code() {
        let all = [
            SealError::NotABatch,
            SealError::NewerFormat(2),
            SealError::Truncated,
            SealError::TooLarge,
            SealError::WrongAccount,
            SealError::UnknownDevice,
            SealError::BadSignature,
            SealError::Undecryptable,
            SealError::Moved,
            SealError::Damaged("x"),
        ];
        let codes: std::collections::HashSet<&str> = all.iter().map(SealError::code).collect();
        assert_eq!(codes.len(), all.len());
        assert!(
            codes
                .iter()
                .all(|c| c.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'))
        );
    }
}
