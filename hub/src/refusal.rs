//! Why the hub refused something: a stable code, an English message, and the HTTP status
//! and JSON body it becomes.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sotay_wire::api::{ApiError, ErrorCode};

#[derive(Debug)]
pub struct Refusal {
    pub code: ErrorCode,
    pub message: String,
    pub head: Option<u64>,
    /// Seconds to wait, sent as `Retry-After` (with `rate-limited`).
    pub retry_after: Option<u64>,
}

pub type Result<T> = std::result::Result<T, Refusal>;

impl Refusal {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Refusal {
        Refusal {
            code,
            message: message.into(),
            head: None,
            retry_after: None,
        }
    }

    /// The HTTP status each code is sent with.
    pub fn status(&self) -> StatusCode {
        status_of(self.code)
    }
}

pub fn status_of(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::BadRequest
        | ErrorCode::CodeUnknown
        | ErrorCode::CodeUsed
        | ErrorCode::CodeExpired
        | ErrorCode::BadBatch => StatusCode::BAD_REQUEST,
        ErrorCode::Unauthorized => StatusCode::UNAUTHORIZED,
        ErrorCode::Revoked | ErrorCode::Forbidden => StatusCode::FORBIDDEN,
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::AccountMismatch | ErrorCode::DeviceTaken | ErrorCode::Fork | ErrorCode::Gap => StatusCode::CONFLICT,
        ErrorCode::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::RateLimited => StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::Timeout => StatusCode::REQUEST_TIMEOUT,
        ErrorCode::Internal | ErrorCode::Unknown => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl From<sqlx::Error> for Refusal {
    fn from(e: sqlx::Error) -> Refusal {
        // sqlx's errors carry no bound values, so no token or batch reaches the log.
        tracing::error!(error = %e, "database error");
        Refusal::new(
            ErrorCode::Internal,
            "the hub failed to reach its database; nothing was stored",
        )
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let status = self.status();
        let body = ApiError {
            code: self.code,
            message: self.message,
            head: self.head,
        };
        let mut response = (status, axum::Json(body)).into_response();
        if let Some(secs) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}
