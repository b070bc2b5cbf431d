//! Report readers: a school, a commune or ward, or a province, with the age public key its
//! figures are sealed to, and the one-time code it first pulls with.

use sotay_wire::api::ErrorCode;
use sotay_wire::reader::{Scope, fingerprint};
use sqlx::Row;
use uuid::Uuid;

use crate::accounts::CODE_SECONDS;
use crate::db::{Db, now};
use crate::places::code_of;
use crate::refusal::{Refusal, Result};
use crate::secret;

/// A reader's scope as the places list has it, with the place's name.
pub struct Found {
    pub scope: Scope,
    pub name: String,
}

/// The place a scope names: a school by its code as given; a commune or province by its
/// code, or else by its name's code (`commune:Phường Bến Nghé` finds `phuong-ben-nghe`).
pub async fn find(db: &Db, scope: &Scope) -> Result<Option<Found>> {
    find_as(db, scope, true).await
}

async fn find_as(db: &Db, scope: &Scope, by_name: bool) -> Result<Option<Found>> {
    let (table, code, make): (&str, &str, fn(String) -> Scope) = match scope {
        Scope::School(c) => ("schools", c, Scope::School),
        Scope::Commune(c) => ("communes", c, Scope::Commune),
        Scope::Province(c) => ("provinces", c, Scope::Province),
    };
    let mut tries = vec![code.to_string()];
    if by_name && !matches!(scope, Scope::School(_)) {
        tries.push(code_of(code));
    }
    for c in tries {
        let row = sqlx::query(&format!("SELECT code, name FROM {table} WHERE code = $1"))
            .bind(&c)
            .fetch_optional(&db.read)
            .await?;
        if let Some(row) = row {
            return Ok(Some(Found {
                scope: make(row.try_get("code")?),
                name: row.try_get("name")?,
            }));
        }
    }
    Ok(None)
}

/// A reader's code just made, in clear (shown once, never stored).
pub struct NewCode {
    pub code: String,
    pub expires_at: i64,
    pub fingerprint: String,
}

/// Stores the reader (or finds it, for the same scope and key) and makes it a one-time code.
pub async fn enrol(db: &Db, scope: &Scope, key: &[u8; 32], key_text: &str) -> Result<NewCode> {
    let scope_text = scope.to_text();
    let print = fingerprint(key);
    let at = now();
    let mut tx = db.write.begin().await?;
    let found = sqlx::query("SELECT id FROM readers WHERE scope = $1 AND public_key = $2")
        .bind(&scope_text)
        .bind(key_text)
        .fetch_optional(&mut *tx)
        .await?;
    let id = match found {
        Some(row) => row.try_get::<String, _>("id")?,
        None => {
            let id = Uuid::new_v4().to_string();
            sqlx::query(
                "INSERT INTO readers (id, scope, public_key, fingerprint, created_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(&id)
            .bind(&scope_text)
            .bind(key_text)
            .bind(&print)
            .bind(at)
            .execute(&mut *tx)
            .await?;
            id
        }
    };
    let code = secret::new_code();
    let expires_at = at + CODE_SECONDS;
    sqlx::query("INSERT INTO reader_codes (code_hash, reader_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(secret::hash(&code))
        .bind(&id)
        .bind(at)
        .bind(expires_at)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(NewCode {
        code,
        expires_at,
        fingerprint: print,
    })
}

/// A reader as `sotay-hub readers` lists it.
pub struct Listed {
    pub scope: String,
    /// The place's name, None if the places list no longer has it.
    pub place: Option<String>,
    pub fingerprint: String,
    pub created_at: i64,
    pub enrolled_at: Option<i64>,
}

pub async fn list(db: &Db) -> Result<Vec<Listed>> {
    let rows =
        sqlx::query("SELECT scope, fingerprint, created_at, enrolled_at FROM readers ORDER BY scope, created_at, id")
            .fetch_all(&db.read)
            .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let scope: String = row.try_get("scope")?;
        let parsed = Scope::parse(&scope)
            .map_err(|_| Refusal::new(ErrorCode::Internal, "the hub's database holds a malformed reader scope"))?;
        let place = find_as(db, &parsed, false).await?.map(|f| f.name);
        out.push(Listed {
            scope,
            place,
            fingerprint: row.try_get("fingerprint")?,
            created_at: row.try_get("created_at")?,
            enrolled_at: row.try_get("enrolled_at")?,
        });
    }
    Ok(out)
}
