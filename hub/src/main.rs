//! `sotay-hub`: the server sotay notebooks sync through. It stores sealed batches it cannot
//! read, checks each one's signature against its device's enrolled key, and serves them to
//! the account's other devices. See docs/hub.md.

mod accounts;
mod api;
mod batches;
mod cli;
mod cli_readers;
mod db;
mod figures;
mod lang;
mod places;
mod readers;
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
    /// Make a one-time code: for a class's first device, a further device of an account, or
    /// a report reader.
    Enrol {
        #[arg(long)]
        data: PathBuf,
        /// The school's code (as the education office gives it).
        #[arg(long, required_unless_present_any = ["account", "reader"], conflicts_with_all = ["account", "reader"])]
        school_code: Option<String>,
        /// The class, e.g. 6A.
        #[arg(long, required_unless_present_any = ["account", "reader"], conflicts_with_all = ["account", "reader"])]
        class: Option<String>,
        /// The school year, e.g. 2026-2027.
        #[arg(long, required_unless_present_any = ["account", "reader"], conflicts_with_all = ["account", "reader"])]
        school_year: Option<String>,
        /// An account already on the hub: a code for a further device of it.
        #[arg(long, conflicts_with = "reader")]
        account: Option<Uuid>,
        /// A report reader: school:CODE, commune:CODE or province:CODE, from the places list.
        #[arg(long, requires = "public_key")]
        reader: Option<String>,
        /// The reader's public key (age1…, the last line of `sotay keys new-report-key`).
        #[arg(long, requires = "reader")]
        public_key: Option<String>,
    },
    /// The list of schools with their commune or ward and province.
    Places {
        #[command(subcommand)]
        command: PlacesCommand,
    },
    /// List the report readers.
    Readers {
        #[arg(long)]
        data: PathBuf,
    },
    /// Withdraw a report reader's key (lost, or in the wrong hands): devices stop sealing
    /// figures to it at their next sync, and its token is refused.
    Withdraw {
        #[arg(long)]
        data: PathBuf,
        /// The key's fingerprint, as `readers` lists it.
        #[arg(long)]
        fingerprint: String,
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

#[derive(Subcommand)]
enum PlacesCommand {
    /// Replace the places list with a CSV file (school code, school, commune or ward, province).
    Import {
        #[arg(long)]
        data: PathBuf,
        /// The CSV file, UTF-8, with a header line in English or Vietnamese.
        file: PathBuf,
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
                reader,
                public_key,
            } => match (account, reader) {
                (_, Some(reader)) => {
                    cli_readers::enrol_reader(&data, &reader, &public_key.unwrap_or_default(), lang).await
                }
                (Some(account), None) => cli::enrol_account(&data, account, lang).await,
                (None, None) => {
                    let (s, c, y) = (
                        school_code.unwrap_or_default(),
                        class.unwrap_or_default(),
                        school_year.unwrap_or_default(),
                    );
                    cli::enrol_class(&data, &s, &c, &y, lang).await
                }
            },
            Command::Places {
                command: PlacesCommand::Import { data, file },
            } => cli_readers::places_import(&data, &file, lang).await,
            Command::Readers { data } => cli_readers::readers(&data, lang).await,
            Command::Withdraw { data, fingerprint } => cli_readers::withdraw(&data, &fingerprint, lang).await,
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
