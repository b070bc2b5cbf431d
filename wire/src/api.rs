//! The hub's HTTP API, version 1. Every path is under `/v1` but the health check; bodies are
//! JSON but a batch's (its sealed bytes) and a downloaded page's (see [`encode_page`]).
//!
//! | request | auth | body → answer |
//! | --- | --- | --- |
//! | `GET /healthz` | none | → [`Health`] |
//! | `POST /v1/enrol` | none (the one-time code) | [`EnrolRequest`] → [`Enrolled`] |
//! | `GET /v1/status` | token | → [`Status`] |
//! | `POST /v1/invite` | token | → [`Invite`] |
//! | `PUT /v1/batches/{device}/{number}` | token | sealed batch → [`Stored`] |
//! | `GET /v1/batches/{device}?after=N&limit=K` | token | → page of batches `after+1 ..` |
//! | `GET /v1/readers` | token | → [`ReaderKeys`] above the token's class |
//! | `PUT /v1/figures/{period}` | token | sealed figures (`crate::figures`) → [`FiguresStored`] |
//! | `POST /v1/reader/enrol` | none (the reader's one-time code) | [`ReaderEnrol`] → [`ReaderEnrolled`] |
//! | `GET /v1/report/{period}?scope=S` | reader token | → [`ReportData`] |
//!
//! A refusal is an HTTP status with an [`ApiError`] body whose `code` is stable.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub const HEALTH: &str = "/healthz";
pub const ENROL: &str = "/v1/enrol";
pub const STATUS: &str = "/v1/status";
pub const INVITE: &str = "/v1/invite";
/// The route of one batch, in axum's syntax.
pub const BATCH_ROUTE: &str = "/v1/batches/{device}/{number}";
/// The route of a device's batches, in axum's syntax.
pub const PAGE_ROUTE: &str = "/v1/batches/{device}";
pub const READERS: &str = "/v1/readers";
/// The route of a class's figures for a period, in axum's syntax.
pub const FIGURES_ROUTE: &str = "/v1/figures/{period}";
pub const READER_ENROL: &str = "/v1/reader/enrol";
/// The route of a reader's report for a period, in axum's syntax.
pub const REPORT_ROUTE: &str = "/v1/report/{period}";
/// The media type of a sealed batch and of a page of them.
pub const BATCH_MEDIA_TYPE: &str = "application/octet-stream";

/// At most this many batches in one downloaded page; a client asks for fewer with `limit`.
pub const PAGE_MAX_BATCHES: u32 = 200;
/// A page stops before it passes this many bytes, but always holds at least one batch.
pub const PAGE_MAX_BYTES: usize = 8 << 20;

/// The path of batch `number` of `device`.
pub fn batch_path(device: Uuid, number: u64) -> String {
    format!("/v1/batches/{device}/{number}")
}

/// The path of the page of `device`'s batches after `after`.
pub fn page_path(device: Uuid, after: u64, limit: u32) -> String {
    format!("/v1/batches/{device}?after={after}&limit={limit}")
}

/// The path a device publishes its class's figures for `period` to.
pub fn figures_path(period: &str) -> String {
    format!("/v1/figures/{period}")
}

/// The path of a reader's report for `period`, for `scope` (its own when `None`).
pub fn report_path(period: &str, scope: Option<&str>) -> String {
    match scope {
        Some(s) => format!("/v1/report/{period}?scope={}", percent(s)),
        None => format!("/v1/report/{period}"),
    }
}

/// A scope in a query: codes are short ASCII in practice, but any byte goes escaped.
fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b':' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// `GET /healthz`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    /// `"ok"`.
    pub status: String,
    /// The API versions served, `[1]`.
    pub api: Vec<u32>,
}

/// `POST /v1/enrol`: a device presents a one-time code and its public signing key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolRequest {
    /// The one-time code, as typed (the hub normalises it with [`crate::code::normalize`]).
    pub code: String,
    /// The account the device belongs to (derived from the account's secret). A class's
    /// first code binds the class to it; a further device's code must name the same one.
    pub account: Uuid,
    /// The device's id.
    pub device: Uuid,
    /// The device's Ed25519 public key ([`key_to_text`]).
    pub public_key: String,
}

/// The answer to an enrolment: the device's bearer token, shown once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrolled {
    pub token: String,
    pub account: Uuid,
    pub device: Uuid,
    /// The class the account is for, as the hub's administrator entered it.
    pub school_code: String,
    pub class: String,
    pub school_year: String,
}

/// `GET /v1/status`: what the hub holds of the token's account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Status {
    pub account: Uuid,
    /// The device the token belongs to.
    pub device: Uuid,
    /// Every device enrolled in the account, revoked ones included (their batches still
    /// count), each with the highest batch number held without a gap below it (0: none).
    pub devices: Vec<DeviceHead>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceHead {
    pub device: Uuid,
    pub head: u64,
    pub revoked: bool,
}

/// `POST /v1/invite`: a one-time code for a further device of the token's account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invite {
    pub code: String,
    /// When the code stops working, RFC 3339 in UTC.
    pub expires_at: String,
}

/// `PUT /v1/batches/{device}/{number}` succeeded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stored {
    /// `false`: the hub already held this very batch (an upload repeated is a success).
    pub new: bool,
    /// The device's head after the upload.
    pub head: u64,
}

/// `GET /v1/readers`: the report readers above the token's class (its school, its commune
/// or ward, its province, as the hub's places list has them), for the teacher to accept.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReaderKeys {
    pub readers: Vec<ReaderKey>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReaderKey {
    /// `school:CODE`, `commune:CODE` or `province:CODE` (`crate::reader::Scope`).
    pub scope: String,
    /// The place's name in the hub's places list.
    pub place: Option<String>,
    /// The age recipient (`age1…`).
    pub public_key: String,
    /// The key's fingerprint (`crate::reader::fingerprint`), which the client computes
    /// again rather than trust.
    pub fingerprint: String,
}

/// `PUT /v1/figures/{period}` succeeded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FiguresStored {
    /// `false`: the hub holds newer figures of this device for the period already.
    pub new: bool,
}

/// `POST /v1/reader/enrol`: a reader presents its one-time code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReaderEnrol {
    pub code: String,
}

/// The reader's bearer token, shown once, and what it reaches.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReaderEnrolled {
    pub token: String,
    pub scope: String,
    pub place: Option<String>,
    pub fingerprint: String,
}

/// `GET /v1/report/{period}`: everything a reader needs to make its report, and nothing it
/// may not see: per school of the scope, per class expected for the period, the devices'
/// public keys (to check signatures) and the figures sealed to this reader.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportData {
    pub scope: String,
    pub place: Option<String>,
    pub period: String,
    /// The school year whose classes are expected (the one in progress at the period's
    /// end, or today if sooner).
    pub school_year: String,
    pub schools: Vec<SchoolData>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolData {
    pub code: String,
    /// From the places list; `None` for a school not in it.
    pub name: Option<String>,
    pub classes: Vec<ClassData>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassData {
    pub class: String,
    pub school_year: String,
    /// When the administrator enrolled the class, RFC 3339.
    pub enrolled_at: String,
    /// `None` until its first device joins.
    pub account: Option<Uuid>,
    pub devices: Vec<DeviceKey>,
    /// The latest figures of each device for the period that are sealed to this reader
    /// (the sealed bytes, [`key_to_text`]'s base64).
    pub figures: Vec<String>,
    /// The class sent figures for the period, but none to this reader's key (the teacher
    /// has not accepted it).
    pub withheld: bool,
    /// When the class last sent figures for any period, RFC 3339.
    pub last_sent: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceKey {
    pub device: Uuid,
    /// Its Ed25519 public key ([`key_to_text`]).
    pub public_key: String,
    pub revoked: bool,
}

/// The body of every refusal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub code: ErrorCode,
    /// English, for logs and administrators; the client shows its own words for the code.
    pub message: String,
    /// With [`ErrorCode::Gap`]: the device's head, so the client uploads from `head + 1`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head: Option<u64>,
}

/// Why the hub refused a request. Sent as its kebab-case name, never as a number; a code a
/// client does not know reads as [`ErrorCode::Unknown`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorCode {
    /// 400: the request is malformed (a field, a path, a query).
    BadRequest,
    /// 401: no token, or a token the hub does not know.
    Unauthorized,
    /// 403: the token's device was revoked.
    Revoked,
    /// 403: the token does not reach what was asked (another account's device).
    Forbidden,
    /// 404: no such device in the account, or no such route.
    NotFound,
    /// 400: the code is not one the hub issued (or was mistyped).
    CodeUnknown,
    /// 400: the code was used already.
    CodeUsed,
    /// 400: the code is older than its 7 days.
    CodeExpired,
    /// 409: the code is for another account than the one the device presented.
    AccountMismatch,
    /// 409: the device id is enrolled already (with another key, or in another account).
    DeviceTaken,
    /// 400: the batch is not a well-formed sealed batch, or its header does not match its
    /// path, or its signature does not match the device's enrolled key.
    BadBatch,
    /// 409: the slot holds a different batch (the device's log forked).
    Fork,
    /// 409: the batch leaves a gap after the device's head (see [`ApiError::head`]).
    Gap,
    /// 413: the body is larger than the hub accepts.
    TooLarge,
    /// 429: too many requests for this token; wait for `Retry-After`.
    RateLimited,
    /// 408 or 503: the request took too long, or the hub is busy.
    Timeout,
    /// 500: the hub failed; nothing was stored.
    Internal,
    /// A code this client does not know (from a newer hub).
    #[serde(other)]
    Unknown,
}

impl ErrorCode {
    /// The stable name sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::BadRequest => "bad-request",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::Revoked => "revoked",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::NotFound => "not-found",
            ErrorCode::CodeUnknown => "code-unknown",
            ErrorCode::CodeUsed => "code-used",
            ErrorCode::CodeExpired => "code-expired",
            ErrorCode::AccountMismatch => "account-mismatch",
            ErrorCode::DeviceTaken => "device-taken",
            ErrorCode::BadBatch => "bad-batch",
            ErrorCode::Fork => "fork",
            ErrorCode::Gap => "gap",
            ErrorCode::TooLarge => "too-large",
            ErrorCode::RateLimited => "rate-limited",
            ErrorCode::Timeout => "timeout",
            ErrorCode::Internal => "internal",
            ErrorCode::Unknown => "unknown",
        }
    }
}

/// A 32-byte key (or token) as text in a JSON body: base64url without padding.
pub fn key_to_text(key: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(key)
}

/// Any bytes from [`key_to_text`]'s form (sealed figures in a report).
pub fn bytes_from_text(text: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(text).ok()
}

/// A 32-byte key from [`key_to_text`]'s form.
pub fn key_from_text(text: &str) -> Option<[u8; 32]> {
    URL_SAFE_NO_PAD.decode(text).ok()?.try_into().ok()
}

/// A page of sealed batches, in order: each as its length (4 bytes, big-endian) then its
/// bytes. The batches carry their own device and number in their headers.
pub fn encode_page<'a>(batches: impl IntoIterator<Item = &'a [u8]>) -> Vec<u8> {
    let mut out = Vec::new();
    for b in batches {
        let len = u32::try_from(b.len()).expect("a sealed batch is under 4 GiB");
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(b);
    }
    out
}

/// Why a page could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PageError {
    #[error("the page is cut short")]
    Truncated,
    #[error("a batch in the page is larger than a batch can be")]
    TooLarge,
}

/// The batches of a page from [`encode_page`], each no larger than `max_batch`.
pub fn decode_page(mut page: &[u8], max_batch: usize) -> Result<Vec<&[u8]>, PageError> {
    let mut out = Vec::new();
    while !page.is_empty() {
        let Some((len, rest)) = page.split_first_chunk::<4>() else {
            return Err(PageError::Truncated);
        };
        let len = u32::from_be_bytes(*len) as usize;
        if len > max_batch {
            return Err(PageError::TooLarge);
        }
        let Some((batch, rest)) = rest.split_at_checked(len) else {
            return Err(PageError::Truncated);
        };
        out.push(batch);
        page = rest;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_go_as_their_names_and_unknown_ones_are_read() {
        let e = ApiError {
            code: ErrorCode::Gap,
            message: "a gap".into(),
            head: Some(4),
        };
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(json, r#"{"code":"gap","message":"a gap","head":4}"#);
        assert_eq!(serde_json::from_str::<ApiError>(&json).unwrap(), e);
        let newer: ApiError = serde_json::from_str(r#"{"code":"quota-exceeded","message":"m"}"#).unwrap();
        assert_eq!(newer.code, ErrorCode::Unknown);
        for code in [
            ErrorCode::BadRequest,
            ErrorCode::Fork,
            ErrorCode::CodeExpired,
            ErrorCode::RateLimited,
        ] {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }

    #[test]
    fn a_page_reads_back_and_a_cut_page_is_refused() {
        let a = vec![1u8; 10];
        let b = vec![2u8; 300];
        let page = encode_page([a.as_slice(), b.as_slice(), &[]]);
        assert_eq!(decode_page(&page, 1000).unwrap(), vec![&a[..], &b[..], &[]]);
        for cut in 1..page.len() {
            if cut == 14 || cut == 318 {
                continue; // whole batches
            }
            assert_eq!(decode_page(&page[..cut], 1000), Err(PageError::Truncated), "{cut}");
        }
        assert_eq!(decode_page(&page, 100), Err(PageError::TooLarge));
        assert!(decode_page(&[], 10).unwrap().is_empty());
    }

    #[test]
    fn keys_go_as_text_and_back() {
        let key = [7u8; 32];
        assert_eq!(key_from_text(&key_to_text(&key)), Some(key));
        assert_eq!(key_from_text("short"), None);
        assert_eq!(key_from_text(&key_to_text(&[1u8; 31])), None);
    }
}
