//! The command line: a stable surface that scripts and tests drive.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod backup;
mod commands;
pub mod exit;
mod hub;
mod keys;
mod passphrase;
mod pull;
mod readers;
mod report;
mod sync;

pub use exit::CliError;

#[derive(Debug, Parser)]
#[command(
    name = "sotay",
    version,
    about = "Sổ tay phòng ngừa lao động trẻ em / Child-labour prevention notebook"
)]
pub struct Cli {
    /// Thư mục sổ tay (mặc định: thư mục dữ liệu của người dùng) / Folder of the notebook (default: the user's data folder)
    #[arg(long, global = true, env = "SOTAY_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Ngôn ngữ: vi hoặc en (mặc định: của hồ sơ, hoặc của các tệp khi gộp báo cáo, hoặc của hệ thống) / Language: vi or en (default: the profile's, or for `report merge` the files', else the system's)
    #[arg(long, global = true, value_name = "vi|en")]
    pub lang: Option<String>,
    /// Bộ phím: default, vim hoặc một tệp TOML / Keymap: default, vim or a TOML file
    #[arg(long, global = true, value_name = "NAME|FILE")]
    pub keymap: Option<String>,
    /// Viền bằng ký tự ASCII cho máy cũ / ASCII borders, for old consoles
    #[arg(long, global = true)]
    pub ascii: bool,
    /// Mở sổ tay tạm với một lớp hư cấu / Open a throw-away notebook with a fictional class
    #[arg(long)]
    pub demo: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Thiết lập hồ sơ giáo viên / Set up the teacher's profile
    Init(InitArgs),
    /// Nhập danh sách lớp (CSV, XLSX, XLS) / Import a class list (CSV, XLSX, XLS)
    Import {
        file: PathBuf,
        /// Chỉ xem trước, không ghi gì / Show what would be imported, write nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// Tạo lớp (hoặc trường) hư cấu trong --data-dir DIR / Fill --data-dir DIR with a fictional class (or school)
    Demo {
        /// Số học sinh (45 em một lớp) / How many pupils (45 a class)
        #[arg(long, default_value_t = 40)]
        students: usize,
        /// Hạt giống ngẫu nhiên / Seed of the made-up names and cases
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Xuất báo cáo tổng hợp của lớp (XLSX, CSV, HTML, MD) / Export the class's summary report (XLSX, CSV, HTML, MD)
    Export(ExportArgs),
    /// Báo cáo của trường / School reports
    #[command(subcommand)]
    Report(ReportCommand),
    /// Tài khoản đồng bộ của sổ tay / The notebook's sync account
    #[command(subcommand)]
    Account(AccountCommand),
    /// Gói đồng bộ chuyển bằng tay (USB, Zalo) / Sync bundles moved by hand (USB stick, chat)
    #[command(subcommand)]
    Bundle(BundleCommand),
    /// Ghi bản sao lưu đã mã hóa của sổ tay (tệp age) / Write an encrypted backup of the notebook (an age file)
    Backup {
        /// Tệp sao lưu sẽ ghi / The backup file to write
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        /// Ghi đè nếu tệp đã có / Replace the file if it exists
        #[arg(long)]
        force: bool,
        /// Khóa bằng mật khẩu sao lưu (SOTAY_BACKUP_PASSPHRASE hoặc gõ), không cần mã khôi phục / Lock it with a backup passphrase (SOTAY_BACKUP_PASSPHRASE or typed) instead of the recovery code
        #[arg(long)]
        passphrase: bool,
    },
    /// Khôi phục bản sao lưu thành máy mới của tài khoản trong thư mục trống / Restore a backup as a new device of the account in an empty folder
    Restore {
        file: PathBuf,
        /// Mã khôi phục của tài khoản (bản sao lưu không khóa bằng mật khẩu) / The account's recovery code (for a backup not locked with a passphrase)
        #[arg(long, value_name = "CODE")]
        recovery_code: Option<String>,
    },
    /// Tham gia máy chủ đồng bộ bằng mã một lần / Join a sync hub with a one-time code
    Join(JoinArgs),
    /// Xin mã một lần cho một máy nữa của tài khoản / Get a one-time code for one more device of the account
    Invite,
    /// Gửi và nhận thay đổi qua máy chủ đồng bộ một lần / Push and pull changes through the hub once
    Sync(HubArgs),
    /// Khóa của nơi nhận báo cáo / Report readers' keys
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Mật khẩu khóa sổ tay (mã hóa dữ liệu trên máy) / The notebook's passphrase lock (encrypts its data on this computer)
    #[command(subcommand)]
    Passphrase(PassphraseCommand),
    /// Nơi nhận báo cáo phía trên lớp (trường, xã/phường, tỉnh) và dấu vân tay khóa của họ / The report readers above the class (school, commune or ward, province) and their keys' fingerprints
    Readers {
        #[command(subcommand)]
        action: Option<ReadersCommand>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ReadersCommand {
    /// Chấp nhận khóa của một nơi nhận sau khi đã so dấu vân tay / Accept a reader's key after comparing its fingerprint
    Accept {
        /// Dấu vân tay, ví dụ 7KQ2-M9XD-4TB8-0ZJH (có thể gõ cách nhau) / The fingerprint, e.g. 7KQ2-M9XD-4TB8-0ZJH (groups may be typed apart)
        #[arg(required = true, num_args = 1..)]
        fingerprint: Vec<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum PassphraseCommand {
    /// Đặt mật khẩu (hoặc đổi mật khẩu); mật khẩu mới lấy từ SOTAY_NEW_PASSPHRASE hoặc hỏi hai lần / Set the passphrase (or change it); the new one from SOTAY_NEW_PASSPHRASE or asked twice
    Set,
    /// Bỏ mật khẩu: dữ liệu không còn được mã hóa / Remove the passphrase: the data is no longer encrypted
    Remove,
}

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Tạo cặp khóa cho một nơi nhận báo cáo (trường, xã/phường, tỉnh); không cần sổ tay / Make a report reader's key pair (school, commune or ward, province); needs no notebook
    NewReportKey {
        /// Tệp khóa bí mật sẽ ghi (định dạng của age) / The secret key file to write (age's format)
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        /// Ghi đè nếu tệp đã có / Replace the file if it exists
        #[arg(long)]
        force: bool,
    },
    /// Ghi khóa age của tài khoản (từ mã khôi phục) để mở bản sao lưu bằng công cụ age; không cần sổ tay / Write the account's age identity (from the recovery code), to open a backup with the age tool; needs no notebook
    AccountIdentity {
        /// Tệp khóa sẽ ghi / The identity file to write
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        /// Mã khôi phục của tài khoản / The account's recovery code
        #[arg(long, value_name = "CODE")]
        recovery_code: String,
        /// Ghi đè nếu tệp đã có / Replace the file if it exists
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, clap::Args)]
pub struct JoinArgs {
    /// Địa chỉ máy chủ, ví dụ https://dongbo.truong.edu.vn / The hub's address, e.g. https://sync.school.edu.vn
    pub url: String,
    /// Mã một lần (12 ký tự) / The one-time code (12 characters)
    #[arg(long, value_name = "CODE")]
    pub code: String,
    /// Mã khôi phục: tạo máy mới của tài khoản trong thư mục trống / Recovery code: make a new device of the account in an empty folder
    #[arg(long, value_name = "CODE")]
    pub recovery_code: Option<String>,
    #[command(flatten)]
    pub hub: HubArgs,
}

#[derive(Debug, clap::Args)]
pub struct HubArgs {
    /// Tệp PEM chứng chỉ gốc riêng của trường / A PEM file with the school's own root certificate
    #[arg(long, value_name = "FILE")]
    pub ca: Option<PathBuf>,
    /// Cho phép HTTP không mã hóa tới máy khác (chỉ trên mạng an toàn) / Allow plain HTTP to another computer (safe networks only)
    #[arg(long)]
    pub insecure: bool,
}

#[derive(Debug, Subcommand)]
pub enum AccountCommand {
    /// Tạo tài khoản cho sổ tay này và in mã khôi phục một lần / Make this notebook's account and print its recovery code once
    New,
    /// In lại mã khôi phục (sau khi hỏi) / Print the recovery code again (after asking)
    ShowRecoveryCode,
}

#[derive(Debug, Subcommand)]
pub enum BundleCommand {
    /// Ghi mọi lô thay đổi sổ tay đang giữ vào một tệp / Write every batch of changes this notebook holds to a file
    Export {
        /// Tệp gói sẽ ghi / The bundle file to write
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        /// Ghi đè nếu tệp đã có / Replace the file if it exists
        #[arg(long)]
        force: bool,
    },
    /// Kiểm tra, giải mã và áp dụng các thay đổi mới trong một gói / Verify, decrypt and apply what is new in a bundle
    Import {
        file: PathBuf,
        /// Mã khôi phục: tạo máy mới của tài khoản trong thư mục trống / Recovery code: make a new device of the account in an empty folder
        #[arg(long, value_name = "CODE")]
        recovery_code: Option<String>,
    },
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Tệp báo cáo sẽ ghi / The report file to write
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// Định dạng: xlsx, csv, html hoặc md (mặc định: theo đuôi tệp) / Format: xlsx, csv, html or md (default: from the file's extension)
    #[arg(long, value_name = "xlsx|csv|html|md")]
    pub format: Option<String>,
    /// Kỳ báo cáo: 2026-H1, 2026, 2026-2027 hoặc dd/mm/yyyy..dd/mm/yyyy (mặc định: kỳ sắp đến hạn) / Period: 2026-H1, 2026, 2026-2027 or dd/mm/yyyy..dd/mm/yyyy (default: the report due next)
    #[arg(long, value_name = "P", allow_hyphen_values = true)]
    pub period: Option<String>,
    /// Mức chi tiết: summary (chỉ số liệu, gửi cấp trên) hoặc full (kèm tên học sinh, bảo mật) / Detail: summary (figures only, sent upward) or full (names pupils, confidential)
    #[arg(long, value_name = "summary|full", default_value = "summary")]
    pub detail: String,
    /// Ghi đè nếu tệp đã có / Replace the file if it exists
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Gộp báo cáo các lớp (cùng trường, cùng kỳ) thành báo cáo của trường / Merge classes' reports (same school, same period) into a school report
    Merge(MergeArgs),
    /// Lấy báo cáo của trường, xã/phường hoặc tỉnh từ máy chủ đồng bộ (chỉ số liệu, không có tên) / Pull a school's, commune's or province's report from the hub (figures only, never names)
    Pull(PullArgs),
}

#[derive(Debug, clap::Args)]
pub struct PullArgs {
    /// Địa chỉ máy chủ đồng bộ / The hub's address
    #[arg(long, value_name = "URL")]
    pub hub: String,
    /// Tệp khóa bí mật của nơi nhận (tạo bằng `sotay keys new-report-key`) / The reader's secret key file (made by `sotay keys new-report-key`)
    #[arg(long, value_name = "FILE")]
    pub key: PathBuf,
    /// Mã một lần của quản trị máy chủ, chỉ lần đầu / The hub administrator's one-time code, the first time only
    #[arg(long, value_name = "CODE")]
    pub code: Option<String>,
    /// Kỳ báo cáo: 2026-H1, 2026 hoặc 2026-2027 / The reporting period: 2026-H1, 2026 or 2026-2027
    #[arg(long, value_name = "PERIOD")]
    pub period: String,
    /// Phạm vi nhỏ hơn trong phạm vi của mình, ví dụ school:MÃ / A smaller scope within the reader's own, e.g. school:CODE
    #[arg(long, value_name = "SCOPE")]
    pub scope: Option<String>,
    #[command(flatten)]
    pub file: ReportFileArgs,
    #[command(flatten)]
    pub tls: HubArgs,
}

#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// Các tệp báo cáo lớp do `sotay export` tạo / The classes' report files made by `sotay export`
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub file: ReportFileArgs,
}

/// The report a school's or an area's command writes.
#[derive(Debug, clap::Args)]
pub struct ReportFileArgs {
    /// Tệp báo cáo sẽ ghi / The report file to write
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// Định dạng: xlsx, csv, html hoặc md (mặc định: theo đuôi tệp) / Format: xlsx, csv, html or md (default: from the file's extension)
    #[arg(long, value_name = "xlsx|csv|html|md")]
    pub format: Option<String>,
    /// Ghi đè nếu tệp đã có / Replace the file if it exists
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Họ tên giáo viên / Teacher's name
    #[arg(long)]
    pub teacher: String,
    /// Trường / School
    #[arg(long)]
    pub school: String,
    /// Mã trường / School code
    #[arg(long)]
    pub school_code: String,
    /// Lớp / Class
    #[arg(long)]
    pub class: String,
    /// Năm học, ví dụ 2026-2027 / School year, e.g. 2026-2027
    #[arg(long, value_name = "YYYY-YYYY")]
    pub school_year: String,
    /// Xã, phường / Commune or ward
    #[arg(long)]
    pub commune: Option<String>,
    /// Tỉnh, thành phố / Province or city
    #[arg(long)]
    pub province: Option<String>,
    /// Ngày tập huấn phòng ngừa lao động trẻ em / Date trained on child-labour prevention
    #[arg(long, value_name = "DD/MM/YYYY")]
    pub trained_on: Option<String>,
}

/// Parses the command line, runs it and turns a failure into one line on stderr and an
/// exit code.
///
/// A panic (a fault in sotay) is said in one line too, with where its log went (see
/// [`crate::panic`]), and exits with [`crate::panic::FAULT_EXIT`] once unwinding has closed
/// and sealed the notebook.
pub fn main() -> ExitCode {
    crate::panic::install();
    match std::panic::catch_unwind(run) {
        Ok(code) => code,
        Err(_) => ExitCode::from(crate::panic::FAULT_EXIT),
    }
}

fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // --help and --version print as clap makes them.
        Err(e) if !e.use_stderr() => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        // A bad command line is one line too: clap's first line, then where to look.
        Err(e) => {
            let rendered = e.render().to_string();
            let first = rendered.lines().next().unwrap_or_default();
            say(&format!("{} (sotay --help)", first.trim_start_matches("error: ")));
            return ExitCode::from(2);
        }
    };
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            say(&e.message);
            ExitCode::from(e.code as u8)
        }
    }
}

/// Prints a warning or an error on standard error, as `sotay: message`. Messages quote
/// values read from files (a school's commune, a class, a cell), so control characters are
/// shown escaped here, once for every message, and never reach the terminal.
pub(crate) fn say(message: &str) {
    eprintln!("sotay: {}", crate::text::visible_lines(message));
}
