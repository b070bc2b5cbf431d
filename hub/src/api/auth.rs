//! The bearer token: who is asking, checked before any handler runs, and rate-limited.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use sotay_wire::api::ErrorCode;

use super::AppState;
use crate::accounts::{self, Authed};
use crate::readers::{self, ReaderAuthed};
use crate::refusal::Refusal;

/// The device of the request's `Authorization: Bearer` token.
pub struct Auth(pub Authed);

/// The report reader of the request's `Authorization: Bearer` token.
pub struct ReaderAuth(pub ReaderAuthed);

fn bearer(parts: &Parts) -> Result<&str, Refusal> {
    let value = parts
        .headers
        .get(header::AUTHORIZATION)
        .ok_or_else(|| Refusal::new(ErrorCode::Unauthorized, "Authorization: no bearer token"))?;
    value
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| Refusal::new(ErrorCode::Unauthorized, "Authorization: not of the form `Bearer TOKEN`"))
}

impl FromRequestParts<AppState> for ReaderAuth {
    type Rejection = Refusal;

    async fn from_request_parts(parts: &mut Parts, hub: &AppState) -> Result<ReaderAuth, Refusal> {
        let who = readers::authenticate(&hub.db, bearer(parts)?).await?;
        tracing::Span::current().record("device", tracing::field::display(who.id));
        hub.limits.check_token(who.id)?;
        Ok(ReaderAuth(who))
    }
}

impl FromRequestParts<AppState> for Auth {
    type Rejection = Refusal;

    async fn from_request_parts(parts: &mut Parts, hub: &AppState) -> Result<Auth, Refusal> {
        let who = accounts::authenticate(&hub.db, bearer(parts)?).await?;
        let span = tracing::Span::current();
        span.record("account", tracing::field::display(who.account));
        span.record("device", tracing::field::display(who.device));
        hub.limits.check_token(who.device)?;
        Ok(Auth(who))
    }
}
