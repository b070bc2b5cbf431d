//! A class's sealed figures for one reporting period: what a teacher's device publishes to
//! the report readers above its class (the school, the commune or ward, the province).
//!
//! The hub checks the signature against the device's enrolled key and keeps the latest per
//! class, period and device; it cannot read the figures, which are an age file to the
//! readers the teacher accepted. The readers' fingerprints are in the clear so the hub
//! hands each reader only what was sealed to it.
//!
//! The layout (integers big-endian):
//!
//! ```text
//! signed:  magic(8) version(2) account(16) device(16) made_at(8, Unix seconds)
//!          period_len(1) period(n)  readers(1) { fingerprint_len(1) fingerprint }*
//!          ciphertext_len(4) ciphertext
//! then:    signature(64), the device's Ed25519 signature of every byte before it
//! ```
//!
//! The plaintext is the figures block every export embeds (`#sotay-figures …`), which
//! names the school, class, school year and period itself: a reader checks them against
//! the class the hub says the figures are for.

use uuid::Uuid;

use crate::batch::{SIGNATURE_LEN, SealError, array_at, be_u32, be_u64, uuid_at};

pub const FORMAT_VERSION: u16 = 1;
/// The first bytes of sealed figures (a batch's magic, but `F`).
pub const MAGIC: [u8; 8] = *b"\x89SOTAYF\n";
/// The largest sealed figures accepted: a block is a few kB, sealed to a few readers.
pub const MAX_SEALED: usize = 256 << 10;
/// The most readers one publication is sealed to.
pub const MAX_READERS: usize = 32;

/// What the outer form says; only the signature, checked against a key the hub enrolled,
/// makes it the device's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FiguresHeader {
    pub account: Uuid,
    pub device: Uuid,
    /// When the device sealed them: the latest of a device's publications wins.
    pub made_at: i64,
    /// The reporting period's code (`2026-H1`, `2026`, `2025-2026`).
    pub period: String,
    /// The fingerprints of the readers' keys they are sealed to.
    pub readers: Vec<String>,
}

/// Sealed figures, their structure checked.
pub struct ParsedFigures<'a> {
    pub header: FiguresHeader,
    pub signed: &'a [u8],
    pub ciphertext: &'a [u8],
    pub signature: [u8; SIGNATURE_LEN],
}

impl ParsedFigures<'_> {
    pub fn check_signature(&self, public: &[u8; 32]) -> Result<(), SealError> {
        crate::batch::verify(public, self.signed, &self.signature)
    }
}

/// The sealed form: the header, the age ciphertext, and `sign`'s signature of both.
pub fn assemble(
    header: &FiguresHeader,
    ciphertext: &[u8],
    sign: impl FnOnce(&[u8]) -> [u8; SIGNATURE_LEN],
) -> Result<Vec<u8>, SealError> {
    let short = |s: &str| s.len() <= usize::from(u8::MAX);
    if !short(&header.period) || header.readers.len() > MAX_READERS || !header.readers.iter().all(|r| short(r)) {
        return Err(SealError::Damaged("a header field is too long"));
    }
    let mut out = Vec::with_capacity(ciphertext.len() + 256);
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_be_bytes());
    out.extend_from_slice(header.account.as_bytes());
    out.extend_from_slice(header.device.as_bytes());
    out.extend_from_slice(&header.made_at.to_be_bytes());
    push_text(&mut out, &header.period);
    out.push(header.readers.len() as u8);
    for r in &header.readers {
        push_text(&mut out, r);
    }
    let len = u32::try_from(ciphertext.len()).map_err(|_| SealError::TooLarge)?;
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(ciphertext);
    if out.len() + SIGNATURE_LEN > MAX_SEALED {
        return Err(SealError::TooLarge);
    }
    let signature = sign(&out);
    out.extend_from_slice(&signature);
    Ok(out)
}

fn push_text(out: &mut Vec<u8>, s: &str) {
    out.push(s.len() as u8);
    out.extend_from_slice(s.as_bytes());
}

/// Reads the outer form, checking its structure (not its signature).
pub fn parse(sealed: &[u8]) -> Result<ParsedFigures<'_>, SealError> {
    let start = &sealed[..sealed.len().min(MAGIC.len())];
    if sealed.is_empty() || start != &MAGIC[..start.len()] {
        return Err(SealError::NotABatch);
    }
    if sealed.len() > MAX_SEALED {
        return Err(SealError::TooLarge);
    }
    let mut r = Reader {
        bytes: sealed,
        at: MAGIC.len(),
    };
    let version = u16::from_be_bytes(r.array()?);
    if version > FORMAT_VERSION {
        return Err(SealError::NewerFormat(version));
    }
    if version == 0 {
        return Err(SealError::Damaged("format version 0"));
    }
    let account = uuid_at(r.take(16)?, 0..16);
    let device = uuid_at(r.take(16)?, 0..16);
    let made_at = be_u64(r.take(8)?) as i64;
    let period = r.text()?;
    let count = r.take(1)?[0] as usize;
    if count > MAX_READERS {
        return Err(SealError::Damaged("too many readers"));
    }
    let readers = (0..count).map(|_| r.text()).collect::<Result<Vec<_>, _>>()?;
    let len = be_u32(r.take(4)?) as usize;
    let ciphertext_at = r.at;
    r.take(len)?;
    let signed_len = r.at;
    let signature: [u8; SIGNATURE_LEN] = r.array()?;
    if r.at != sealed.len() {
        return Err(SealError::Damaged("bytes after the signature"));
    }
    Ok(ParsedFigures {
        header: FiguresHeader {
            account,
            device,
            made_at,
            period,
            readers,
        },
        signed: &sealed[..signed_len],
        ciphertext: &sealed[ciphertext_at..signed_len],
        signature,
    })
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], SealError> {
        let end = self.at.checked_add(n).ok_or(SealError::Truncated)?;
        let out = self.bytes.get(self.at..end).ok_or(SealError::Truncated)?;
        self.at = end;
        Ok(out)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], SealError> {
        Ok(array_at(self.take(N)?, 0..N))
    }

    fn text(&mut self) -> Result<String, SealError> {
        let len = self.take(1)?[0] as usize;
        let bytes = self.take(len)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| SealError::Damaged("a header text is not UTF-8"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::{Signer, SigningKey};

    fn sealed(key: &SigningKey) -> (FiguresHeader, Vec<u8>) {
        let header = FiguresHeader {
            account: Uuid::from_bytes([1; 16]),
            device: Uuid::from_bytes([2; 16]),
            made_at: 1_780_000_000,
            period: "2026-H1".into(),
            readers: vec!["7KQ2-M9XD-4TB8-0ZJH".into(), "AAAA-BBBB-CCCC-DDDD".into()],
        };
        let bytes = assemble(&header, b"ciphertext", |m| key.sign(m).to_bytes()).unwrap();
        (header, bytes)
    }

    #[test]
    fn sealed_figures_read_back_and_their_signature_checks() {
        let key = SigningKey::from_bytes(&[5; 32]);
        let (header, bytes) = sealed(&key);
        let parsed = parse(&bytes).unwrap();
        assert_eq!(parsed.header, header);
        assert_eq!(parsed.ciphertext, b"ciphertext");
        parsed.check_signature(&key.verifying_key().to_bytes()).unwrap();
        let other = SigningKey::from_bytes(&[6; 32]);
        assert_eq!(
            parsed.check_signature(&other.verifying_key().to_bytes()),
            Err(SealError::BadSignature)
        );
    }

    #[test]
    fn any_altered_or_cut_byte_is_refused() {
        let key = SigningKey::from_bytes(&[5; 32]);
        let public = key.verifying_key().to_bytes();
        let (_, bytes) = sealed(&key);
        for i in 0..bytes.len() {
            let mut altered = bytes.clone();
            altered[i] ^= 0x20;
            let ok = parse(&altered).and_then(|p| p.check_signature(&public));
            assert!(ok.is_err(), "byte {i} altered was accepted");
        }
        for cut in 0..bytes.len() {
            assert!(parse(&bytes[..cut]).is_err(), "cut at {cut} was read");
        }
        assert_eq!(parse(b"\x89SOTAYB\n").err(), Some(SealError::NotABatch));
    }
}
