//! Classes, one-time codes and devices: enrolment, tokens, revocation.

use sotay_wire::api::{EnrolRequest, Enrolled, ErrorCode, key_from_text};
use sqlx::Row;
use uuid::Uuid;

use crate::db::{Db, now};
use crate::refusal::{Refusal, Result};
use crate::secret;

/// How long a one-time code works.
pub const CODE_SECONDS: i64 = 7 * 24 * 3600;
/// `last seen` is written at most this often per device, so reads stay reads.
const TOUCH_SECONDS: i64 = 60;

#[derive(Clone, Debug)]
pub struct Class {
    pub id: String,
    pub school_code: String,
    pub class_name: String,
    pub school_year: String,
    pub account: Option<Uuid>,
}

/// A code just made, in clear (shown once, never stored).
pub struct NewCode {
    pub code: String,
    pub expires_at: i64,
    pub class: Class,
}

/// The device a token belongs to.
#[derive(Clone, Copy, Debug)]
pub struct Authed {
    pub device: Uuid,
    pub account: Uuid,
}

/// A device as another request sees it.
pub struct DeviceRow {
    pub public_key: [u8; 32],
    pub revoked: bool,
}

pub(crate) fn uuid(text: &str) -> Result<Uuid> {
    Uuid::parse_str(text).map_err(|_| Refusal::new(ErrorCode::Internal, "the hub's database holds a malformed id"))
}

fn class_of(row: &sqlx::sqlite::SqliteRow) -> Result<Class> {
    let account: Option<String> = row.try_get("account")?;
    Ok(Class {
        id: row.try_get("id")?,
        school_code: row.try_get("school_code")?,
        class_name: row.try_get("class_name")?,
        school_year: row.try_get("school_year")?,
        account: account.as_deref().map(uuid).transpose()?,
    })
}

/// A code for the first device of a class (the class made if the hub does not have it).
pub async fn code_for_class(db: &Db, school_code: &str, class_name: &str, school_year: &str) -> Result<NewCode> {
    let mut tx = db.write.begin().await?;
    let found = sqlx::query(
        "SELECT id, school_code, class_name, school_year, account FROM classes \
         WHERE school_code = $1 AND class_name = $2 AND school_year = $3",
    )
    .bind(school_code)
    .bind(class_name)
    .bind(school_year)
    .fetch_optional(&mut *tx)
    .await?;
    let class = match found {
        Some(row) => class_of(&row)?,
        None => {
            let class = Class {
                id: Uuid::new_v4().to_string(),
                school_code: school_code.to_string(),
                class_name: class_name.to_string(),
                school_year: school_year.to_string(),
                account: None,
            };
            sqlx::query(
                "INSERT INTO classes (id, school_code, class_name, school_year, created_at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(&class.id)
            .bind(school_code)
            .bind(class_name)
            .bind(school_year)
            .bind(now())
            .execute(&mut *tx)
            .await?;
            class
        }
    };
    let code = insert_code(&mut tx, &class, "first").await?;
    tx.commit().await?;
    Ok(code)
}

/// A code for a further device of a bound account.
pub async fn code_for_account(db: &Db, account: Uuid) -> Result<NewCode> {
    let mut tx = db.write.begin().await?;
    let row = sqlx::query("SELECT id, school_code, class_name, school_year, account FROM classes WHERE account = $1")
        .bind(account.to_string())
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| Refusal::new(ErrorCode::NotFound, format!("no account {account} on this hub")))?;
    let class = class_of(&row)?;
    let code = insert_code(&mut tx, &class, "further").await?;
    tx.commit().await?;
    Ok(code)
}

async fn insert_code(tx: &mut sqlx::SqliteConnection, class: &Class, kind: &str) -> Result<NewCode> {
    let code = secret::new_code();
    let created = now();
    let expires_at = created + CODE_SECONDS;
    sqlx::query("INSERT INTO codes (code_hash, class_id, kind, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(secret::hash(&code))
        .bind(&class.id)
        .bind(kind)
        .bind(created)
        .bind(expires_at)
        .execute(&mut *tx)
        .await?;
    Ok(NewCode {
        code,
        expires_at,
        class: class.clone(),
    })
}

/// Enrols a device with a one-time code, giving it a fresh token.
pub async fn enrol(db: &Db, req: &EnrolRequest) -> Result<Enrolled> {
    let normal = sotay_wire::code::normalize(&req.code)
        .map_err(|e| Refusal::new(ErrorCode::CodeUnknown, format!("code: {e}")))?;
    let key = key_from_text(&req.public_key)
        .filter(|k| ed25519_dalek::VerifyingKey::from_bytes(k).is_ok())
        .ok_or_else(|| {
            Refusal::new(
                ErrorCode::BadRequest,
                "public_key: not an Ed25519 public key in base64url (32 bytes)",
            )
        })?;
    let key_text = sotay_wire::api::key_to_text(&key);
    let (account, device) = (req.account.to_string(), req.device.to_string());
    let at = now();

    let mut tx = db.write.begin().await?;
    let code =
        sqlx::query("SELECT class_id, expires_at, used_at, used_device, used_key FROM codes WHERE code_hash = $1")
            .bind(secret::hash(&normal))
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| Refusal::new(ErrorCode::CodeUnknown, "code: not a code this hub issued"))?;
    let class_id: String = code.try_get("class_id")?;
    let expires_at: i64 = code.try_get("expires_at")?;
    let used_at: Option<i64> = code.try_get("used_at")?;
    let used_device: Option<String> = code.try_get("used_device")?;
    let used_key: Option<String> = code.try_get("used_key")?;
    let repeat = used_at.is_some();
    if repeat && (used_device.as_deref() != Some(&device) || used_key.as_deref() != Some(&key_text)) {
        return Err(Refusal::new(ErrorCode::CodeUsed, "code: used already"));
    }
    if expires_at <= at {
        return Err(Refusal::new(
            ErrorCode::CodeExpired,
            "code: older than its 7 days; ask for a new one",
        ));
    }
    let row = sqlx::query("SELECT id, school_code, class_name, school_year, account FROM classes WHERE id = $1")
        .bind(&class_id)
        .fetch_one(&mut *tx)
        .await?;
    let class = class_of(&row)?;
    match class.account {
        Some(bound) if bound != req.account => {
            return Err(Refusal::new(
                ErrorCode::AccountMismatch,
                "account: the code's class belongs to another account",
            ));
        }
        Some(_) => {}
        None => {
            let other = sqlx::query("SELECT id FROM classes WHERE account = $1")
                .bind(&account)
                .fetch_optional(&mut *tx)
                .await?;
            if other.is_some() {
                return Err(Refusal::new(
                    ErrorCode::AccountMismatch,
                    "account: this account is bound to another class already",
                ));
            }
            sqlx::query("UPDATE classes SET account = $1 WHERE id = $2 AND account IS NULL")
                .bind(&account)
                .bind(&class_id)
                .execute(&mut *tx)
                .await?;
        }
    }

    let token = secret::new_token();
    let existing = sqlx::query("SELECT account, public_key, revoked_at FROM devices WHERE id = $1")
        .bind(&device)
        .fetch_optional(&mut *tx)
        .await?;
    match existing {
        Some(row) => {
            let their_account: String = row.try_get("account")?;
            let their_key: String = row.try_get("public_key")?;
            let revoked_at: Option<i64> = row.try_get("revoked_at")?;
            if their_account != account || their_key != key_text {
                return Err(Refusal::new(
                    ErrorCode::DeviceTaken,
                    "device: this id is enrolled already with another key or account",
                ));
            }
            if revoked_at.is_some() {
                return Err(Refusal::new(ErrorCode::Revoked, "device: this device was revoked"));
            }
            // The same device again (a lost answer, or a lost token): a fresh token.
            sqlx::query("UPDATE devices SET token_hash = $1, last_seen = $2 WHERE id = $3")
                .bind(secret::hash(&token))
                .bind(at)
                .bind(&device)
                .execute(&mut *tx)
                .await?;
        }
        None => {
            sqlx::query(
                "INSERT INTO devices (id, account, public_key, token_hash, enrolled_at, last_seen) \
                 VALUES ($1, $2, $3, $4, $5, $5)",
            )
            .bind(&device)
            .bind(&account)
            .bind(&key_text)
            .bind(secret::hash(&token))
            .bind(at)
            .execute(&mut *tx)
            .await?;
        }
    }
    if !repeat {
        sqlx::query("UPDATE codes SET used_at = $1, used_device = $2, used_key = $3 WHERE code_hash = $4")
            .bind(at)
            .bind(&device)
            .bind(&key_text)
            .bind(secret::hash(&normal))
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(Enrolled {
        token,
        account: req.account,
        device: req.device,
        school_code: class.school_code,
        class: class.class_name,
        school_year: class.school_year,
    })
}

/// The device of a bearer token; `last seen` brought up to date.
pub async fn authenticate(db: &Db, token: &str) -> Result<Authed> {
    let row = sqlx::query("SELECT id, account, last_seen, revoked_at FROM devices WHERE token_hash = $1")
        .bind(secret::hash(token))
        .fetch_optional(&db.read)
        .await?
        .ok_or_else(|| Refusal::new(ErrorCode::Unauthorized, "the token is not one this hub knows"))?;
    let revoked_at: Option<i64> = row.try_get("revoked_at")?;
    if revoked_at.is_some() {
        return Err(Refusal::new(ErrorCode::Revoked, "this device was revoked"));
    }
    let id: String = row.try_get("id")?;
    let account: String = row.try_get("account")?;
    let last_seen: Option<i64> = row.try_get("last_seen")?;
    let at = now();
    if last_seen.is_none_or(|t| at - t >= TOUCH_SECONDS) {
        sqlx::query("UPDATE devices SET last_seen = $1 WHERE id = $2")
            .bind(at)
            .bind(&id)
            .execute(&db.write)
            .await?;
    }
    Ok(Authed {
        device: uuid(&id)?,
        account: uuid(&account)?,
    })
}

/// A device of the token's account: 404 when the hub has none, 403 when it is another's.
pub async fn device_of(db: &Db, who: &Authed, device: Uuid) -> Result<DeviceRow> {
    let row = sqlx::query("SELECT account, public_key, revoked_at FROM devices WHERE id = $1")
        .bind(device.to_string())
        .fetch_optional(&db.read)
        .await?
        .ok_or_else(|| Refusal::new(ErrorCode::NotFound, format!("no device {device} on this hub")))?;
    let account: String = row.try_get("account")?;
    if account != who.account.to_string() {
        return Err(Refusal::new(
            ErrorCode::Forbidden,
            "the device belongs to another account",
        ));
    }
    let key: String = row.try_get("public_key")?;
    let revoked_at: Option<i64> = row.try_get("revoked_at")?;
    Ok(DeviceRow {
        public_key: key_from_text(&key)
            .ok_or_else(|| Refusal::new(ErrorCode::Internal, "the hub's database holds a malformed key"))?,
        revoked: revoked_at.is_some(),
    })
}

/// Every device of an account with its head (the batches held are contiguous from 1).
pub async fn heads(db: &Db, account: Uuid) -> Result<Vec<(Uuid, u64, bool)>> {
    let rows = sqlx::query(
        "SELECT d.id AS id, d.revoked_at AS revoked_at, \
         (SELECT COALESCE(MAX(b.number), 0) FROM batches b WHERE b.device = d.id) AS head \
         FROM devices d WHERE d.account = $1 ORDER BY d.enrolled_at, d.id",
    )
    .bind(account.to_string())
    .fetch_all(&db.read)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let id: String = row.try_get("id")?;
        let revoked_at: Option<i64> = row.try_get("revoked_at")?;
        let head: i64 = row.try_get("head")?;
        out.push((uuid(&id)?, head as u64, revoked_at.is_some()));
    }
    Ok(out)
}

/// An account's class and its devices, for `sotay-hub devices`.
pub struct Listed {
    pub class: Class,
    pub devices: Vec<ListedDevice>,
}

pub struct ListedDevice {
    pub id: String,
    pub enrolled_at: i64,
    pub last_seen: Option<i64>,
    pub batches: i64,
    pub bytes: i64,
    pub revoked_at: Option<i64>,
}

pub async fn list(db: &Db) -> Result<Vec<Listed>> {
    let classes = sqlx::query(
        "SELECT id, school_code, class_name, school_year, account FROM classes \
         ORDER BY school_code, school_year, class_name",
    )
    .fetch_all(&db.read)
    .await?;
    let mut out = Vec::new();
    for row in &classes {
        let class = class_of(row)?;
        let mut devices = Vec::new();
        if let Some(account) = class.account {
            let rows = sqlx::query(
                "SELECT d.id AS id, d.enrolled_at AS enrolled_at, d.last_seen AS last_seen, \
                 d.revoked_at AS revoked_at, COUNT(b.number) AS batches, COALESCE(SUM(b.size), 0) AS bytes \
                 FROM devices d LEFT JOIN batches b ON b.device = d.id WHERE d.account = $1 \
                 GROUP BY d.id, d.enrolled_at, d.last_seen, d.revoked_at ORDER BY d.enrolled_at, d.id",
            )
            .bind(account.to_string())
            .fetch_all(&db.read)
            .await?;
            for r in rows {
                devices.push(ListedDevice {
                    id: r.try_get("id")?,
                    enrolled_at: r.try_get("enrolled_at")?,
                    last_seen: r.try_get("last_seen")?,
                    batches: r.try_get("batches")?,
                    bytes: r.try_get("bytes")?,
                    revoked_at: r.try_get("revoked_at")?,
                });
            }
        }
        out.push(Listed { class, devices });
    }
    Ok(out)
}

pub enum Revoked {
    Now,
    Already(i64),
}

/// Stops a device: its token is refused and no new batch signed by it is stored.
pub async fn revoke(db: &Db, device: Uuid) -> Result<Revoked> {
    let mut tx = db.write.begin().await?;
    let row = sqlx::query("SELECT revoked_at FROM devices WHERE id = $1")
        .bind(device.to_string())
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| Refusal::new(ErrorCode::NotFound, format!("no device {device} on this hub")))?;
    if let Some(at) = row.try_get::<Option<i64>, _>("revoked_at")? {
        return Ok(Revoked::Already(at));
    }
    sqlx::query("UPDATE devices SET revoked_at = $1 WHERE id = $2")
        .bind(now())
        .bind(device.to_string())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Revoked::Now)
}
