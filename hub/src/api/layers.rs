//! Layers around every request: a log line per request (no token, code or body), and a JSON
//! refusal for whatever axum or tower refused on their own (unknown route, wrong method,
//! body too large, malformed JSON or path, timeout).

use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sotay_wire::api::ErrorCode;
use tracing::Instrument;

use crate::refusal::Refusal;

pub async fn log(req: Request, next: Next) -> Response {
    let span = tracing::info_span!(
        "request",
        method = %req.method(),
        route = tracing::field::Empty,
        account = tracing::field::Empty,
        device = tracing::field::Empty,
    );
    let start = Instant::now();
    let response = next.run(req).instrument(span.clone()).await;
    // Microseconds kept, the rest is noise.
    let latency_ms = (start.elapsed().as_secs_f64() * 1e6).round() / 1000.0;
    let status = response.status().as_u16();
    span.in_scope(|| {
        if status >= 500 {
            tracing::warn!(status, latency_ms, "answered");
        } else {
            tracing::info!(status, latency_ms, "answered");
        }
    });
    response
}

/// Names the matched route (its pattern, never the ids in the path) in the request's span.
pub async fn record_route(req: Request, next: Next) -> Response {
    if let Some(path) = req.extensions().get::<MatchedPath>() {
        tracing::Span::current().record("route", path.as_str());
    }
    next.run(req).await
}

pub async fn no_route() -> Refusal {
    Refusal::new(ErrorCode::NotFound, "no such route")
}

pub async fn wrong_method() -> Response {
    let mut r = Refusal::new(ErrorCode::BadRequest, "this route does not take this method").into_response();
    *r.status_mut() = StatusCode::METHOD_NOT_ALLOWED;
    r
}

/// Turns a refusal that is not JSON yet into an `ApiError`, keeping axum's text as its message.
pub async fn json_refusals(req: Request, next: Next) -> Response {
    let response = next.run(req).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let (parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, 4096).await.unwrap_or_default();
    let mut message: String = String::from_utf8_lossy(&text).chars().take(300).collect();
    let (code, status) = match status {
        StatusCode::PAYLOAD_TOO_LARGE => (ErrorCode::TooLarge, status),
        StatusCode::NOT_FOUND => (ErrorCode::NotFound, status),
        StatusCode::REQUEST_TIMEOUT => (ErrorCode::Timeout, status),
        StatusCode::SERVICE_UNAVAILABLE => (ErrorCode::Timeout, status),
        StatusCode::TOO_MANY_REQUESTS => (ErrorCode::RateLimited, status),
        StatusCode::UNAUTHORIZED => (ErrorCode::Unauthorized, status),
        StatusCode::FORBIDDEN => (ErrorCode::Forbidden, status),
        StatusCode::METHOD_NOT_ALLOWED => (ErrorCode::BadRequest, status),
        s if s.is_server_error() => (ErrorCode::Internal, s),
        // 415, 422 and the like: the request is malformed.
        _ => (ErrorCode::BadRequest, StatusCode::BAD_REQUEST),
    };
    if message.trim().is_empty() {
        message = match code {
            ErrorCode::Timeout => "the request took too long".into(),
            ErrorCode::TooLarge => "the body is larger than the hub accepts".into(),
            _ => status.canonical_reason().unwrap_or("refused").into(),
        };
    }
    let mut out = Refusal::new(code, message).into_response();
    *out.status_mut() = status;
    for (name, value) in parts.headers.iter() {
        if name == header::RETRY_AFTER || name == header::ALLOW {
            out.headers_mut().insert(name.clone(), value.clone());
        }
    }
    out
}
