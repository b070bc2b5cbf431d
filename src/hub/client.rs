//! The hub's HTTP client: one blocking agent (ureq, rustls, no async runtime) with bounded
//! timeouts, the environment's proxy, an optional school root certificate, and the API of
//! `sotay_wire::api`. It never sees a store, and logs nothing.

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use serde::de::DeserializeOwned;
use sotay_wire::api::{self, ApiError, EnrolRequest, Enrolled, ErrorCode, Invite, Status, Stored};
use ureq::http::{StatusCode, Uri};
use ureq::tls::{Certificate, PemItem, RootCerts, TlsConfig};
use ureq::{Agent, Proxy};
use uuid::Uuid;

/// How long a connection may take to open (DNS included).
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long one request may take in all: a full page (8 MiB) over slow mobile data
/// (~100 kB/s) fits; a hub that stops answering is given up on.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(120);
/// The most read from one answer: a page holds at least one batch, which may be as large
/// as a batch can be.
const MAX_ANSWER: u64 = (sotay_wire::batch::MAX_SEALED + api::PAGE_MAX_BYTES + 4096) as u64;
/// The most read from a JSON answer or refusal.
const MAX_JSON: u64 = 1 << 20;
/// The most read of a report's data: a province of ten thousand classes' figures, each a
/// few kB, fits many times over.
const MAX_REPORT: u64 = 256 << 20;

/// How to reach a hub, as joined (or as given on the command line).
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// A PEM file with the school's own root certificate(s).
    pub ca: Option<PathBuf>,
    /// Allow plain HTTP to hosts other than this computer.
    pub insecure: bool,
}

/// Why a client could not be made: said before any connection.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    /// Not an `http://` or `https://` URL with a host.
    #[error("not a hub URL: {0}")]
    BadUrl(String),
    /// `http://` to a host other than this computer, without `--insecure`.
    #[error("plain HTTP to {0} is refused")]
    Insecure(String),
    /// The certificate file could not be read or holds no certificate.
    #[error("cannot use {path}: {reason}")]
    Ca { path: PathBuf, reason: String },
}

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
pub enum HubError {
    /// The hub could not be reached or could not answer now: nothing was lost, try later
    /// (connect, DNS, timeout, a cut answer, 5xx, 408, 429).
    #[error("the hub is unreachable ({reason})")]
    Unreachable {
        reason: String,
        retry_after: Option<Duration>,
    },
    /// The hub refused the request (a 4xx with its stable code).
    #[error("the hub refused: {} ({})", .0.code.as_str(), .0.message)]
    Refused(ApiError),
    /// The TLS handshake failed: the hub's certificate is not trusted (a school's own
    /// certificate needs `--ca`).
    #[error("TLS failed: {0}")]
    Certificate(String),
    /// The hub answered something the API does not allow.
    #[error("the hub's answer is not what the API says: {0}")]
    BadAnswer(String),
}

/// A client of one hub. `Send + Sync`: a worker thread may own it.
pub struct Client {
    agent: Agent,
    base: String,
    token: Mutex<Option<String>>,
    sent: AtomicU64,
    received: AtomicU64,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base", &self.base)
            .finish_non_exhaustive()
    }
}

/// The hub URL checked and in its base form (no trailing slash), or why not. Plain HTTP is
/// refused to anything but this computer unless `insecure`: a token and every batch would
/// cross the network readable (batches are sealed, the token is not).
pub fn check_url(url: &str, insecure: bool) -> Result<String, SetupError> {
    let bad = || SetupError::BadUrl(url.to_string());
    let uri: Uri = url.trim().parse().map_err(|_| bad())?;
    let scheme = uri.scheme_str().ok_or_else(bad)?.to_ascii_lowercase();
    let host = uri.host().filter(|h| !h.is_empty()).ok_or_else(bad)?;
    if uri.query().is_some() {
        return Err(bad());
    }
    match scheme.as_str() {
        "https" => {}
        "http" if insecure || is_loopback(host) => {}
        "http" => return Err(SetupError::Insecure(host.to_string())),
        _ => return Err(bad()),
    }
    Ok(url.trim().trim_end_matches('/').to_string())
}

/// `localhost`, 127.0.0.0/8 or ::1.
fn is_loopback(host: &str) -> bool {
    let h = host.trim_start_matches('[').trim_end_matches(']');
    h.eq_ignore_ascii_case("localhost") || h.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// The certificates of a PEM file.
fn read_ca(path: &Path) -> Result<Vec<Certificate<'static>>, SetupError> {
    let fail = |reason: String| SetupError::Ca {
        path: path.to_path_buf(),
        reason,
    };
    let pem = std::fs::read(path).map_err(|e| fail(e.to_string()))?;
    let mut certs = Vec::new();
    for item in ureq::tls::parse_pem(&pem) {
        match item {
            Ok(PemItem::Certificate(c)) => certs.push(c),
            Ok(_) => {}
            Err(e) => return Err(fail(e.to_string())),
        }
    }
    if certs.is_empty() {
        return Err(fail("no PEM certificate in it".into()));
    }
    Ok(certs)
}

impl Client {
    /// A client of the hub at `url`, with this device's `token` once it has one. Checks
    /// the URL and reads the certificate file; connects to nothing.
    pub fn new(url: &str, token: Option<String>, options: &Options) -> Result<Client, SetupError> {
        let base = check_url(url, options.insecure)?;
        let mut tls = TlsConfig::builder();
        if let Some(ca) = &options.ca {
            // The school's roots added to the usual ones, not in their place.
            let mut roots = read_ca(ca)?;
            roots.extend(
                webpki_root_certs::TLS_SERVER_ROOT_CERTS
                    .iter()
                    .map(|c| Certificate::from_der(c.as_ref()).to_owned()),
            );
            tls = tls.root_certs(RootCerts::new_with_certs(&roots));
        }
        let agent: Agent = Agent::config_builder()
            .timeout_connect(Some(CONNECT_TIMEOUT))
            .timeout_global(Some(REQUEST_TIMEOUT))
            .http_status_as_error(false)
            .user_agent(concat!("sotay/", env!("CARGO_PKG_VERSION")))
            // HTTPS_PROXY, https_proxy, ALL_PROXY (and NO_PROXY): schools often sit behind one.
            .proxy(Proxy::try_from_env())
            .max_redirects(0)
            .tls_config(tls.build())
            .build()
            .into();
        Ok(Client {
            agent,
            base,
            token: Mutex::new(token),
            sent: AtomicU64::new(0),
            received: AtomicU64::new(0),
        })
    }

    /// The hub's base URL.
    pub fn url(&self) -> &str {
        &self.base
    }

    /// Uses `token` from now on (a new device id was just enrolled).
    pub fn set_token(&self, token: String) {
        *self.token.lock().unwrap_or_else(|p| p.into_inner()) = Some(token);
    }

    /// Bytes sent and received so far (request and answer bodies).
    pub fn bytes(&self) -> (u64, u64) {
        (self.sent.load(Ordering::Relaxed), self.received.load(Ordering::Relaxed))
    }

    /// `POST /v1/enrol`.
    pub fn enrol(&self, request: &EnrolRequest) -> Result<Enrolled, HubError> {
        let body = serde_json::to_vec(request).expect("serialisable");
        let req = self.agent.post(self.at(api::ENROL)).content_type("application/json");
        self.sent.fetch_add(body.len() as u64, Ordering::Relaxed);
        self.json(req.send(&body[..]))
    }

    /// `GET /v1/status`.
    pub fn status(&self) -> Result<Status, HubError> {
        let req = self.authorised(self.agent.get(self.at(api::STATUS)));
        self.json(req.call())
    }

    /// `POST /v1/invite`.
    pub fn invite(&self) -> Result<Invite, HubError> {
        let req = self.authorised(self.agent.post(self.at(api::INVITE)));
        self.json(req.send_empty())
    }

    /// `PUT /v1/batches/{device}/{number}`.
    pub fn upload(&self, device: Uuid, number: u64, sealed: &[u8]) -> Result<Stored, HubError> {
        let req = self
            .authorised(self.agent.put(self.at(&api::batch_path(device, number))))
            .content_type(api::BATCH_MEDIA_TYPE);
        self.sent.fetch_add(sealed.len() as u64, Ordering::Relaxed);
        self.json(req.send(sealed))
    }

    /// `GET /v1/batches/{device}?after=N&limit=K`: the page's bytes (see `api::decode_page`).
    pub fn page(&self, device: Uuid, after: u64, limit: u32) -> Result<Vec<u8>, HubError> {
        let req = self.authorised(self.agent.get(self.at(&api::page_path(device, after, limit))));
        let resp = self.answer(req.call())?;
        self.read(resp, MAX_ANSWER)
    }

    /// `GET /v1/readers`: the report readers above this class.
    pub fn readers(&self) -> Result<api::ReaderKeys, HubError> {
        let req = self.authorised(self.agent.get(self.at(api::READERS)));
        self.json(req.call())
    }

    /// `PUT /v1/figures/{period}`.
    pub fn publish(&self, period: &str, sealed: &[u8]) -> Result<api::FiguresStored, HubError> {
        let req = self
            .authorised(self.agent.put(self.at(&api::figures_path(period))))
            .content_type(api::BATCH_MEDIA_TYPE);
        self.sent.fetch_add(sealed.len() as u64, Ordering::Relaxed);
        self.json(req.send(sealed))
    }

    /// `POST /v1/reader/enrol`.
    pub fn reader_enrol(&self, code: &str) -> Result<api::ReaderEnrolled, HubError> {
        let body = serde_json::to_vec(&api::ReaderEnrol { code: code.to_string() }).expect("serialisable");
        let req = self
            .agent
            .post(self.at(api::READER_ENROL))
            .content_type("application/json");
        self.sent.fetch_add(body.len() as u64, Ordering::Relaxed);
        self.json(req.send(&body[..]))
    }

    /// `GET /v1/report/{period}?scope=S`: a province's may be tens of MB.
    pub fn report(&self, period: &str, scope: Option<&str>) -> Result<api::ReportData, HubError> {
        let req = self.authorised(self.agent.get(self.at(&api::report_path(period, scope))));
        let resp = self.answer(req.call())?;
        let body = self.read(resp, MAX_REPORT)?;
        serde_json::from_slice(&body).map_err(|e| HubError::BadAnswer(e.to_string()))
    }

    fn at(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    fn authorised<B>(&self, req: ureq::RequestBuilder<B>) -> ureq::RequestBuilder<B> {
        match &*self.token.lock().unwrap_or_else(|p| p.into_inner()) {
            Some(t) => req.header("Authorization", format!("Bearer {t}")),
            None => req,
        }
    }

    /// The answer of a request that succeeded (2xx); every other outcome as a [`HubError`].
    fn answer(
        &self,
        sent: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<ureq::http::Response<ureq::Body>, HubError> {
        let resp = sent.map_err(transport)?;
        let status = resp.status();
        if status.is_success() {
            return Ok(resp);
        }
        let retry_after = resp
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(parse_retry_after);
        let body = self.read(resp, MAX_JSON).unwrap_or_default();
        let parsed: Option<ApiError> = serde_json::from_slice(&body).ok();
        if is_transient(status) {
            let reason = match &parsed {
                Some(e) => format!("{} {}", status.as_u16(), e.code.as_str()),
                None => status.as_u16().to_string(),
            };
            return Err(HubError::Unreachable { reason, retry_after });
        }
        Err(HubError::Refused(parsed.unwrap_or_else(|| ApiError {
            // A refusal without the API's body: a proxy's or a server's that is no hub.
            code: if status == StatusCode::NOT_FOUND {
                ErrorCode::NotFound
            } else {
                ErrorCode::Unknown
            },
            message: format!("HTTP {}", status.as_u16()),
            head: None,
        })))
    }

    fn json<T: DeserializeOwned>(
        &self,
        sent: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<T, HubError> {
        let resp = self.answer(sent)?;
        let body = self.read(resp, MAX_JSON)?;
        serde_json::from_slice(&body).map_err(|e| HubError::BadAnswer(e.to_string()))
    }

    fn read(&self, mut resp: ureq::http::Response<ureq::Body>, limit: u64) -> Result<Vec<u8>, HubError> {
        let body = resp
            .body_mut()
            .with_config()
            .limit(limit)
            .read_to_vec()
            .map_err(transport)?;
        self.received.fetch_add(body.len() as u64, Ordering::Relaxed);
        Ok(body)
    }
}

/// 408, 429 and every 5xx: the hub is busy or failing, and nothing was stored.
fn is_transient(status: StatusCode) -> bool {
    status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS || status == StatusCode::REQUEST_TIMEOUT
}

/// A transport failure: unreachable (try later), but a certificate refused is not.
fn transport(e: ureq::Error) -> HubError {
    match e {
        ureq::Error::Tls(m) => HubError::Certificate(m.to_string()),
        ureq::Error::Io(ref io) if io.to_string().contains("certificate") => HubError::Certificate(io.to_string()),
        ureq::Error::BodyExceedsLimit(n) => HubError::BadAnswer(format!("an answer over {n} bytes")),
        ureq::Error::BadUri(u) => HubError::BadAnswer(format!("bad URI {u}")),
        e => HubError::Unreachable {
            reason: e.to_string(),
            retry_after: None,
        },
    }
}

/// `Retry-After`: seconds, or an HTTP date.
fn parse_retry_after(v: &str) -> Option<Duration> {
    let v = v.trim();
    if let Ok(s) = v.parse::<u64>() {
        return Some(Duration::from_secs(s));
    }
    let at = chrono::DateTime::parse_from_rfc2822(v).ok()?;
    let wait = at.with_timezone(&chrono::Utc) - chrono::Utc::now();
    Some(wait.to_std().unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_goes_only_to_this_computer_unless_insecure() {
        for ok in [
            "http://127.0.0.1:8080",
            "http://localhost:9000/",
            "http://[::1]:80",
            "https://hub.example.edu.vn",
            "https://192.0.2.1/sotay/",
        ] {
            assert!(check_url(ok, false).is_ok(), "{ok}");
        }
        assert_eq!(
            check_url("https://hub.example/base/", false).unwrap(),
            "https://hub.example/base"
        );
        for refused in ["http://192.0.2.1", "http://hub.example.edu.vn:8080", "HTTP://10.0.0.2"] {
            assert!(
                matches!(check_url(refused, false), Err(SetupError::Insecure(_))),
                "{refused}"
            );
            assert!(check_url(refused, true).is_ok(), "{refused}");
        }
        for bad in ["", "hub.example", "ftp://hub.example", "https://", "https://h/?x=1"] {
            assert!(matches!(check_url(bad, true), Err(SetupError::BadUrl(_))), "{bad}");
        }
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        assert_eq!(parse_retry_after("120"), Some(Duration::from_secs(120)));
        assert_eq!(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT"), Some(Duration::ZERO));
        let later = (chrono::Utc::now() + chrono::Duration::seconds(600)).to_rfc2822();
        let wait = parse_retry_after(&later).unwrap();
        assert!(
            wait > Duration::from_secs(590) && wait <= Duration::from_secs(600),
            "{wait:?}"
        );
        assert_eq!(parse_retry_after("soon"), None);
    }

    #[test]
    fn a_certificate_file_without_a_certificate_is_refused_before_any_connection() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("school.pem");
        std::fs::write(&file, "not a certificate\n").unwrap();
        let options = Options {
            ca: Some(file.clone()),
            insecure: false,
        };
        match Client::new("https://hub.example", None, &options) {
            Err(SetupError::Ca { path, .. }) => assert_eq!(path, file),
            other => panic!("{other:?}"),
        }
        let missing = Options {
            ca: Some(dir.path().join("missing.pem")),
            insecure: false,
        };
        assert!(matches!(
            Client::new("https://hub.example", None, &missing),
            Err(SetupError::Ca { .. })
        ));
    }
}
