//! `sotay-hub serve`: listens (HTTPS with a certificate; plain HTTP only on loopback or
//! behind a proxy), prints the one line tests and scripts wait for, stops gracefully.

use std::io::Write;
use std::net::{SocketAddr, TcpListener, ToSocketAddrs};
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, bail};
use axum_server::Handle;
use axum_server::tls_rustls::RustlsConfig;

use crate::api::{self, Limits};
use crate::db::Db;
use crate::lang::Lang;

pub struct Options {
    pub listen: String,
    pub data: PathBuf,
    pub tls: Option<(PathBuf, PathBuf)>,
    pub behind_proxy: bool,
    pub limits: Limits,
}

pub async fn run(o: Options, lang: Lang) -> anyhow::Result<()> {
    let addrs: Vec<SocketAddr> = o
        .listen
        .to_socket_addrs()
        .with_context(|| {
            format!(
                "--listen {}: {}",
                o.listen,
                lang.t("không phải địa chỉ IP:CỔNG", "not an IP:PORT address")
            )
        })?
        .collect();
    let Some(&addr) = addrs.first() else {
        bail!(
            "--listen {}: {}",
            o.listen,
            lang.t("không tìm ra địa chỉ nào", "resolves to no address")
        );
    };
    if o.tls.is_none() && !o.behind_proxy && !addrs.iter().all(|a| a.ip().is_loopback()) {
        bail!(
            "{}",
            lang.t(
                &format!(
                    "--listen {}: không phục vụ HTTP thường trên địa chỉ không phải loopback, vì mã thông báo và \
                     dữ liệu sẽ đi qua mạng không mã hoá. Hãy cho chứng chỉ (--tls-cert FILE --tls-key FILE), \
                     hoặc nghe trên 127.0.0.1 sau một reverse proxy lo HTTPS và thêm --behind-proxy.",
                    o.listen
                ),
                &format!(
                    "--listen {}: refusing plain HTTP on an address that is not loopback: tokens and batches \
                     would cross the network unencrypted. Give a certificate (--tls-cert FILE --tls-key FILE), \
                     or listen behind a reverse proxy that does HTTPS and add --behind-proxy.",
                    o.listen
                ),
            )
        );
    }
    let tls = match &o.tls {
        Some((cert, key)) => {
            // ring builds with no C toolchain beyond cc (aws-lc needs cmake); rustls deprecates
            // it for lacking post-quantum key exchange, which the tokens' short life makes
            // acceptable (the batches are sealed by the devices regardless of TLS).
            #[allow(deprecated)]
            let _ = rustls::crypto::ring::default_provider().install_default();
            Some(RustlsConfig::from_pem_file(cert, key).await.with_context(|| {
                format!(
                    "--tls-cert {} --tls-key {}: {}",
                    cert.display(),
                    key.display(),
                    lang.t(
                        "không đọc được chứng chỉ hay khóa (PEM)",
                        "cannot read the certificate or key (PEM)"
                    )
                )
            })?)
        }
        None => None,
    };
    let db = Db::open(&o.data).await?;
    let listener = TcpListener::bind(addr).with_context(|| format!("--listen {addr}"))?;
    listener.set_nonblocking(true)?;
    let local = listener.local_addr()?;
    let app = api::router(db.clone(), o.limits, o.behind_proxy).into_make_service_with_connect_info::<SocketAddr>();

    let handle = Handle::new();
    // The handlers are installed before the address is printed: a signal sent as soon as
    // the hub says where it listens must stop it gracefully, not kill it.
    #[cfg(unix)]
    let signals = {
        use tokio::signal::unix::{SignalKind, signal};
        (
            signal(SignalKind::terminate()).context("installing the SIGTERM handler")?,
            signal(SignalKind::interrupt()).context("installing the SIGINT handler")?,
        )
    };
    #[cfg(not(unix))]
    let signals = ();
    tokio::spawn(stop_on_signal(handle.clone(), signals));
    let scheme = if tls.is_some() { "https" } else { "http" };
    tracing::info!(%local, scheme, "listening");
    {
        let mut out = std::io::stdout().lock();
        writeln!(out, "sotay-hub listening on {scheme}://{local}")?;
        out.flush()?;
    }
    let served = match tls {
        Some(config) => {
            let mut server = axum_server::from_tcp_rustls(listener, config).handle(handle);
            configure(server.http_builder());
            server.serve(app).await
        }
        None => {
            let mut server = axum_server::from_tcp(listener).handle(handle);
            configure(server.http_builder());
            server.serve(app).await
        }
    };
    db.close().await;
    served.context("serving")?;
    tracing::info!("stopped");
    Ok(())
}

/// A client gets this long to send its request's headers (a slow one holds no worker).
fn configure(b: &mut hyper_util::server::conn::auto::Builder<hyper_util::rt::TokioExecutor>) {
    b.http1()
        .timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(Duration::from_secs(30));
}

#[cfg(unix)]
async fn stop_on_signal(
    handle: Handle,
    (mut term, mut int): (tokio::signal::unix::Signal, tokio::signal::unix::Signal),
) {
    tokio::select! {
        _ = term.recv() => {}
        _ = int.recv() => {}
    }
    stop(handle);
}

#[cfg(not(unix))]
async fn stop_on_signal(handle: Handle, (): ()) {
    let _ = tokio::signal::ctrl_c().await;
    stop(handle);
}

fn stop(handle: Handle) {
    tracing::info!("stopping: finishing the requests under way");
    handle.graceful_shutdown(Some(Duration::from_secs(10)));
}
