//! The hub's database: a SQLite file in the data folder, its migrations run on every open.
//! Writes go through one connection, so they queue in the hub rather than spin on SQLite's
//! lock; reads use a pool of their own (WAL lets them run beside the writer).

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

/// The database file's name in the data folder.
pub const FILE: &str = "hub.db";

#[derive(Clone)]
pub struct Db {
    pub read: SqlitePool,
    pub write: SqlitePool,
}

/// The database file of a data folder.
pub fn file(data: &Path) -> PathBuf {
    data.join(FILE)
}

impl Db {
    /// Opens (creating the folder and file if need be) and migrates the data folder's database.
    pub async fn open(data: &Path) -> anyhow::Result<Db> {
        std::fs::create_dir_all(data).with_context(|| format!("cannot create the data folder {}", data.display()))?;
        let path = file(data);
        let options = SqliteConnectOptions::from_str("sqlite:")?
            .filename(&path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // NORMAL in WAL mode: a crash of the hub loses nothing committed; a power cut may
            // lose the last commits, which devices notice by the heads and upload again.
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let write = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(options.clone())
            .await
            .with_context(|| format!("cannot open the hub's database {}", path.display()))?;
        sqlx::migrate!("./migrations")
            .run(&write)
            .await
            .with_context(|| format!("cannot bring the database {} up to date", path.display()))?;
        let read = SqlitePoolOptions::new()
            .max_connections(4)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(options.read_only(true))
            .await
            .with_context(|| format!("cannot open the hub's database {}", path.display()))?;
        Ok(Db { read, write })
    }

    pub async fn close(&self) {
        self.read.close().await;
        self.write.close().await;
    }
}

/// Now, in Unix seconds.
pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// A time in Unix seconds as RFC 3339 in UTC, to the second.
pub fn rfc3339(secs: i64) -> String {
    chrono::DateTime::from_timestamp(secs, 0)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
