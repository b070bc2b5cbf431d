//! Rate limits: per token (its device), and per client address on enrolment so one-time
//! codes cannot be found by trying many.

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use axum::http::HeaderMap;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use sotay_wire::api::ErrorCode;
use uuid::Uuid;

use super::Hub;
use crate::refusal::Refusal;

/// The limits `serve` is given.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Requests a second a token may make, sustained.
    pub token_per_second: NonZeroU32,
    /// Requests a token may make at once before the rate applies.
    pub token_burst: NonZeroU32,
    /// Enrolments a minute from one address (also its burst).
    pub enrol_per_minute: NonZeroU32,
}

pub struct Limiters {
    token: DefaultKeyedRateLimiter<Uuid>,
    enrol: DefaultKeyedRateLimiter<IpAddr>,
}

impl Limiters {
    pub fn new(l: Limits) -> Limiters {
        Limiters {
            token: RateLimiter::keyed(Quota::per_second(l.token_per_second).allow_burst(l.token_burst)),
            enrol: RateLimiter::keyed(Quota::per_minute(l.enrol_per_minute)),
        }
    }

    pub fn check_token(&self, device: Uuid) -> Result<(), Refusal> {
        self.token
            .check_key(&device)
            .map_err(|n| limited(n.wait_time_from(DefaultClock::default().now()), "token"))
    }

    pub fn check_enrol(&self, ip: IpAddr) -> Result<(), Refusal> {
        self.enrol
            .check_key(&ip)
            .map_err(|n| limited(n.wait_time_from(DefaultClock::default().now()), "address"))
    }
}

fn limited(wait: Duration, what: &str) -> Refusal {
    // Whole seconds, rounded up: a client waiting this long is let through.
    let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    Refusal {
        retry_after: Some(secs.max(1)),
        ..Refusal::new(
            ErrorCode::RateLimited,
            format!("too many requests from this {what}; wait and try again"),
        )
    }
}

/// The client's address: the peer's, or behind a proxy the last `X-Forwarded-For` entry
/// (the one the proxy itself added; earlier ones the client may have written).
pub fn client_ip(peer: SocketAddr, headers: &HeaderMap, behind_proxy: bool) -> IpAddr {
    if behind_proxy
        && let Some(ip) = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|s| s.trim().parse::<IpAddr>().ok())
            .next_back()
    {
        return ip;
    }
    peer.ip()
}

/// Forgets keys idle long enough to be back at full quota, so the maps stay small.
pub fn spawn_cleanup(hub: Arc<Hub>) {
    let weak = Arc::downgrade(&hub);
    drop(hub);
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            let Some(hub) = weak.upgrade() else { return };
            hub.limits.token.retain_recent();
            hub.limits.enrol.retain_recent();
        }
    });
}
