//! Report readers: a school, a commune or ward, or a province, with the age public key its
//! figures are sealed to, and the one-time code it first pulls with.

use sotay_wire::api::{ErrorCode, ReaderEnrolled};
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

/// Withdraws the readers with this key's fingerprint (their codes go too): no device is
/// offered the key again and its token stops working. The scopes withdrawn.
pub async fn withdraw(db: &Db, fingerprint: &str) -> Result<Vec<String>> {
    let mut tx = db.write.begin().await?;
    sqlx::query("DELETE FROM reader_codes WHERE reader_id IN (SELECT id FROM readers WHERE fingerprint = $1)")
        .bind(fingerprint)
        .execute(&mut *tx)
        .await?;
    let rows = sqlx::query("DELETE FROM readers WHERE fingerprint = $1 RETURNING scope")
        .bind(fingerprint)
        .fetch_all(&mut *tx)
        .await?;
    tx.commit().await?;
    rows.iter().map(|r| Ok(r.try_get("scope")?)).collect()
}

/// The reader of a request's token.
#[derive(Clone, Debug)]
pub struct ReaderAuthed {
    pub id: Uuid,
    pub scope: Scope,
    pub fingerprint: String,
}

/// A reader's first pull: its one-time code gives it a bearer token (shown once; only its
/// hash is kept). A new code for the same reader replaces the token, so a reader who lost
/// it asks the administrator for a code again.
pub async fn enrol_reader(db: &Db, typed: &str) -> Result<ReaderEnrolled> {
    let normal =
        sotay_wire::code::normalize(typed).map_err(|e| Refusal::new(ErrorCode::CodeUnknown, format!("code: {e}")))?;
    let at = now();
    let mut tx = db.write.begin().await?;
    let code = sqlx::query("SELECT reader_id, expires_at, used_at FROM reader_codes WHERE code_hash = $1")
        .bind(secret::hash(&normal))
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| Refusal::new(ErrorCode::CodeUnknown, "code: not a code this hub issued"))?;
    if code.try_get::<Option<i64>, _>("used_at")?.is_some() {
        return Err(Refusal::new(ErrorCode::CodeUsed, "code: used already"));
    }
    if code.try_get::<i64, _>("expires_at")? <= at {
        return Err(Refusal::new(
            ErrorCode::CodeExpired,
            "code: older than its 7 days; ask for a new one",
        ));
    }
    let id: String = code.try_get("reader_id")?;
    let token = secret::new_token();
    sqlx::query("UPDATE reader_codes SET used_at = $1 WHERE code_hash = $2")
        .bind(at)
        .bind(secret::hash(&normal))
        .execute(&mut *tx)
        .await?;
    let row = sqlx::query(
        "UPDATE readers SET token_hash = $1, enrolled_at = COALESCE(enrolled_at, $2) WHERE id = $3
         RETURNING scope, fingerprint",
    )
    .bind(secret::hash(&token))
    .bind(at)
    .bind(&id)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    let scope: String = row.try_get("scope")?;
    let parsed = Scope::parse(&scope)
        .map_err(|_| Refusal::new(ErrorCode::Internal, "the hub's database holds a malformed reader scope"))?;
    Ok(ReaderEnrolled {
        token,
        place: find_as(db, &parsed, false).await?.map(|f| f.name),
        scope,
        fingerprint: row.try_get("fingerprint")?,
    })
}

/// The reader a token belongs to.
pub async fn authenticate(db: &Db, token: &str) -> Result<ReaderAuthed> {
    let row = sqlx::query("SELECT id, scope, fingerprint FROM readers WHERE token_hash = $1")
        .bind(secret::hash(token))
        .fetch_optional(&db.read)
        .await?
        .ok_or_else(|| Refusal::new(ErrorCode::Unauthorized, "the token is not a reader's this hub knows"))?;
    let malformed = || Refusal::new(ErrorCode::Internal, "the hub's database holds a malformed reader");
    Ok(ReaderAuthed {
        id: Uuid::parse_str(&row.try_get::<String, _>("id")?).map_err(|_| malformed())?,
        scope: Scope::parse(&row.try_get::<String, _>("scope")?).map_err(|_| malformed())?,
        fingerprint: row.try_get("fingerprint")?,
    })
}
