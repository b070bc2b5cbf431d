//! The HTTP API of `sotay_wire::api`: routes, handlers, and the layers every request goes
//! through (logs, JSON refusals, body limits, timeouts, rate limits).

mod auth;
mod layers;
mod limits;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Router, middleware};
use serde::Deserialize;
use sotay_wire::api::{self as wire, EnrolRequest, ErrorCode, Health, Invite, Status};
use tower_http::timeout::TimeoutLayer;
use uuid::Uuid;

use crate::accounts;
use crate::batches;
use crate::db::{Db, rfc3339};
use crate::figures;
use crate::refusal::{Refusal, Result};
use auth::{Auth, ReaderAuth};
pub use limits::Limits;

/// The largest JSON body accepted.
const JSON_LIMIT: usize = 64 << 10;
/// The largest upload accepted: a sealed batch at its largest, and a little room.
pub const UPLOAD_LIMIT: usize = sotay_wire::batch::MAX_SEALED + (64 << 10);
/// How long a request may take but an upload or a download.
const TIMEOUT: Duration = Duration::from_secs(30);
/// How long an upload or a download may take: 32 MiB over a slow mobile link.
const TRANSFER_TIMEOUT: Duration = Duration::from_secs(600);

pub struct Hub {
    pub db: Db,
    pub limits: limits::Limiters,
    /// Take the client's address from `X-Forwarded-For` (a reverse proxy in front).
    pub behind_proxy: bool,
}

pub type AppState = Arc<Hub>;

pub fn router(db: Db, limits: Limits, behind_proxy: bool) -> Router {
    let state = Arc::new(Hub {
        db,
        limits: limits::Limiters::new(limits),
        behind_proxy,
    });
    limits::spawn_cleanup(state.clone());
    let short = TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, TIMEOUT);
    let long = TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, TRANSFER_TIMEOUT);
    let small = Router::new()
        .route(wire::HEALTH, get(health))
        .route(wire::ENROL, post(enrol))
        .route(wire::STATUS, get(status))
        .route(wire::INVITE, post(invite))
        .route(wire::READERS, get(readers_above))
        .route(
            wire::FIGURES_ROUTE,
            put(publish).layer(DefaultBodyLimit::max(sotay_wire::figures::MAX_SEALED)),
        )
        .route(wire::READER_ENROL, post(reader_enrol))
        .layer(short);
    let transfers = Router::new()
        .route(wire::PAGE_ROUTE, get(download))
        .route(wire::REPORT_ROUTE, get(report))
        .route(
            wire::BATCH_ROUTE,
            put(upload).layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .layer(long);
    small
        .merge(transfers)
        .route_layer(middleware::from_fn(layers::record_route))
        .fallback(layers::no_route)
        .method_not_allowed_fallback(layers::wrong_method)
        .layer(DefaultBodyLimit::max(JSON_LIMIT))
        .layer(middleware::from_fn(layers::json_refusals))
        .layer(middleware::from_fn(layers::log))
        .with_state(state)
}

async fn health() -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        api: vec![1],
    })
}

async fn enrol(
    State(hub): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Json(req): Json<EnrolRequest>,
) -> Result<Json<wire::Enrolled>> {
    let ip = limits::client_ip(peer, &headers, hub.behind_proxy);
    hub.limits.check_enrol(ip)?;
    let span = tracing::Span::current();
    span.record("account", tracing::field::display(req.account));
    span.record("device", tracing::field::display(req.device));
    Ok(Json(accounts::enrol(&hub.db, &req).await?))
}

async fn status(State(hub): State<AppState>, Auth(who): Auth) -> Result<Json<Status>> {
    let devices = accounts::heads(&hub.db, who.account)
        .await?
        .into_iter()
        .map(|(device, head, revoked)| wire::DeviceHead { device, head, revoked })
        .collect();
    Ok(Json(Status {
        account: who.account,
        device: who.device,
        devices,
    }))
}

async fn invite(State(hub): State<AppState>, Auth(who): Auth) -> Result<Json<Invite>> {
    let code = accounts::code_for_account(&hub.db, who.account).await?;
    Ok(Json(Invite {
        code: code.code,
        expires_at: rfc3339(code.expires_at),
    }))
}

async fn upload(
    State(hub): State<AppState>,
    Auth(who): Auth,
    Path((device, number)): Path<(Uuid, u64)>,
    body: Bytes,
) -> Result<Json<wire::Stored>> {
    Ok(Json(batches::upload(&hub.db, &who, device, number, &body).await?))
}

#[derive(Deserialize)]
struct PageQuery {
    #[serde(default)]
    after: u64,
    limit: Option<u32>,
}

async fn download(
    State(hub): State<AppState>,
    Auth(who): Auth,
    Path(device): Path<Uuid>,
    Query(q): Query<PageQuery>,
) -> Result<Response> {
    if q.limit == Some(0) {
        return Err(Refusal::new(ErrorCode::BadRequest, "limit: at least 1"));
    }
    let limit = q.limit.unwrap_or(wire::PAGE_MAX_BATCHES);
    let batches = batches::page(&hub.db, &who, device, q.after, limit).await?;
    let page = wire::encode_page(batches.iter().map(Vec::as_slice));
    Ok(([(header::CONTENT_TYPE, wire::BATCH_MEDIA_TYPE)], page).into_response())
}

async fn readers_above(State(hub): State<AppState>, Auth(who): Auth) -> Result<Json<wire::ReaderKeys>> {
    Ok(Json(wire::ReaderKeys {
        readers: figures::readers_above(&hub.db, &who).await?,
    }))
}

async fn publish(
    State(hub): State<AppState>,
    Auth(who): Auth,
    Path(period): Path<String>,
    body: Bytes,
) -> Result<Json<wire::FiguresStored>> {
    Ok(Json(figures::publish(&hub.db, &who, &period, &body).await?))
}

async fn reader_enrol(
    State(hub): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Json(req): Json<wire::ReaderEnrol>,
) -> Result<Json<wire::ReaderEnrolled>> {
    let ip = limits::client_ip(peer, &headers, hub.behind_proxy);
    hub.limits.check_enrol(ip)?;
    Ok(Json(crate::readers::enrol_reader(&hub.db, &req.code).await?))
}

#[derive(Deserialize)]
struct ReportQuery {
    scope: Option<String>,
}

async fn report(
    State(hub): State<AppState>,
    ReaderAuth(who): ReaderAuth,
    Path(period): Path<String>,
    Query(q): Query<ReportQuery>,
) -> Result<Json<wire::ReportData>> {
    Ok(Json(figures::report(&hub.db, &who, &period, q.scope.as_deref()).await?))
}
