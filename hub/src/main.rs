//! `sotay-hub`: the server sotay notebooks sync through. It stores sealed batches it cannot
//! read, checks each one's signature against its device's enrolled key, and serves them to
//! the account's other devices. See docs/hub.md.

mod accounts;
mod api;
mod batches;
mod cli;
mod db;
mod lang;
mod refusal;
mod secret;
mod serve;
mod table;

use std::num::NonZeroU32;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use uuid::Uuid;

use lang::Lang;

#[derive(Parser)]
#[command(name = "sotay-hub", version, about = "The hub sotay notebooks sync through")]
struct Args {
    /// Language of the output: vi or en (else SOTAY_LANG, else LANG).
    #[arg(long, global = true, value_enum)]
    lang: Option<Lang>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API (HTTPS with a certificate; plain HTTP only on loopback or behind a proxy).
    Serve {
        /// Address to listen on, IP:PORT (port 0: any free port).
        #[arg(long)]
        listen: String,
        /// The hub's data folder (its database).
        #[arg(long)]
        data: PathBuf,
        /// The certificate chain, PEM.
        #[arg(long, requires = "tls_key")]
        tls_cert: Option<PathBuf>,
        /// The certificate's private key, PEM.
        #[arg(long, requires = "tls_cert")]
        tls_key: Option<PathBuf>,
        /// A reverse proxy in front does HTTPS: allow plain HTTP on any address and take
        /// the client's address from X-Forwarded-For.
        #[arg(long)]
        behind_proxy: bool,
        /// Requests a second one device's token may make, sustained.
        #[arg(long, default_value = "50")]
        token_rate: NonZeroU32,
        /// Requests one token may make at once before the rate applies.
        #[arg(long, default_value = "200")]
        token_burst: NonZeroU32,
        /// Enrolments a minute from one client address.
        #[arg(long, default_value = "10")]
        enrol_rate: NonZeroU32,
    },
    /// Make a one-time code: for a class's first device, or a further device of an account.
    Enrol {
        #[arg(long)]
        data: PathBuf,
        /// The school's code (as the education office gives it).
        #[arg(long, required_unless_present = "account", conflicts_with = "account")]
        school_code: Option<String>,
        /// The class, e.g. 6A.
        #[arg(long, required_unless_present = "account", conflicts_with = "account")]
        class: Option<String>,
        /// The school year, e.g. 2026-2027.
        #[arg(long, required_unless_present = "account", conflicts_with = "account")]
        school_year: Option<String>,
        /// An account already on the hub: a code for a further device of it.
        #[arg(long)]
        account: Option<Uuid>,
    },
    /// List the accounts and their devices.
    Devices {
        #[arg(long)]
        data: PathBuf,
    },
    /// Stop a lost device: its token is refused, and no new batch signed by it is taken.
    Revoke {
        #[arg(long)]
        data: PathBuf,
        #[arg(long)]
        device: Uuid,
    },
}

fn main() -> ExitCode {
    let args = Args::parse();
    let lang = Lang::pick(args.lang);
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .init();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime can be built");
    let result = runtime.block_on(async move {
        match args.command {
            Command::Serve {
                listen,
                data,
                tls_cert,
                tls_key,
                behind_proxy,
                token_rate,
                token_burst,
                enrol_rate,
            } => {
                let options = serve::Options {
                    listen,
                    data,
                    tls: tls_cert.zip(tls_key),
                    behind_proxy,
                    limits: api::Limits {
                        token_per_second: token_rate,
                        token_burst,
                        enrol_per_minute: enrol_rate,
                    },
                };
                serve::run(options, lang).await
            }
            Command::Enrol {
                data,
                school_code,
                class,
                school_year,
                account,
            } => match account {
                Some(account) => cli::enrol_account(&data, account, lang).await,
                None => {
                    let (s, c, y) = (
                        school_code.unwrap_or_default(),
                        class.unwrap_or_default(),
                        school_year.unwrap_or_default(),
                    );
                    cli::enrol_class(&data, &s, &c, &y, lang).await
                }
            },
            Command::Devices { data } => cli::devices(&data, lang).await,
            Command::Revoke { data, device } => cli::revoke(&data, device, lang).await,
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sotay-hub: {e:#}");
            ExitCode::FAILURE
        }
    }
}
