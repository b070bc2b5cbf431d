//! Sealed batches: stored by (device, number) after their signature is checked, served in
//! pages. The hub never holds a key that opens them.

use sotay_wire::api::{ErrorCode, PAGE_MAX_BATCHES, PAGE_MAX_BYTES, Stored};
use sotay_wire::batch;
use sqlx::Row;
use uuid::Uuid;

use crate::accounts::{self, Authed};
use crate::db::{Db, now};
use crate::refusal::{Refusal, Result};

fn bad_batch(message: impl Into<String>) -> Refusal {
    Refusal::new(ErrorCode::BadBatch, message)
}

async fn head(db: &sqlx::SqlitePool, device: &str) -> Result<u64> {
    let head: i64 = sqlx::query("SELECT COALESCE(MAX(number), 0) AS head FROM batches WHERE device = $1")
        .bind(device)
        .fetch_one(db)
        .await?
        .try_get("head")?;
    Ok(head as u64)
}

/// Stores batch `number` of `device`, uploaded with `who`'s token.
pub async fn upload(db: &Db, who: &Authed, device: Uuid, number: u64, sealed: &[u8]) -> Result<Stored> {
    if number == 0 {
        return Err(Refusal::new(
            ErrorCode::BadRequest,
            "number: batches are numbered from 1",
        ));
    }
    let number_sql = i64::try_from(number)
        .map_err(|_| Refusal::new(ErrorCode::BadRequest, "number: larger than a batch number can be"))?;
    let enrolled = accounts::device_of(db, who, device).await?;
    let header = batch::verify_signature(sealed, &enrolled.public_key).map_err(|e| {
        bad_batch(match e {
            batch::SealError::UnknownDevice => "the batch's key is not the device's enrolled key".to_string(),
            other => format!("{other} ({})", other.code()),
        })
    })?;
    if header.account != who.account {
        return Err(bad_batch("the batch's header names another account than the token's"));
    }
    if header.device != device {
        return Err(bad_batch("the batch's header names another device than the path"));
    }
    if header.number != number {
        return Err(bad_batch("the batch's header names another number than the path"));
    }
    let device_text = device.to_string();
    if enrolled.revoked {
        // What a revoked device uploaded before stays; the same bytes again are no change.
        return match held(db, &device_text, number_sql).await? {
            Some(bytes) if bytes == sealed => Ok(Stored {
                new: false,
                head: head(&db.read, &device_text).await?,
            }),
            _ => Err(Refusal::new(
                ErrorCode::Forbidden,
                "the batch's device was revoked: the hub takes no new batch signed by it",
            )),
        };
    }
    // One statement, so a slot is only filled right after the head whatever runs beside it.
    let inserted = sqlx::query(
        "INSERT INTO batches (device, number, size, stored_at, sealed) \
         SELECT $1, $2, $3, $4, $5 \
         WHERE (SELECT COALESCE(MAX(number), 0) FROM batches WHERE device = $1) = $2 - 1 \
         ON CONFLICT (device, number) DO NOTHING",
    )
    .bind(&device_text)
    .bind(number_sql)
    .bind(sealed.len() as i64)
    .bind(now())
    .bind(sealed)
    .execute(&db.write)
    .await?
    .rows_affected();
    if inserted == 1 {
        return Ok(Stored {
            new: true,
            head: number,
        });
    }
    let head = head(&db.write, &device_text).await?;
    match held(db, &device_text, number_sql).await? {
        Some(bytes) if bytes == sealed => Ok(Stored { new: false, head }),
        Some(_) => Err(Refusal::new(
            ErrorCode::Fork,
            format!("the hub holds a different batch {number} of this device: its log forked"),
        )),
        None => Err(Refusal {
            head: Some(head),
            ..Refusal::new(
                ErrorCode::Gap,
                format!(
                    "the hub holds this device's batches up to {head}; upload from {}",
                    head + 1
                ),
            )
        }),
    }
}

async fn held(db: &Db, device: &str, number: i64) -> Result<Option<Vec<u8>>> {
    let row = sqlx::query("SELECT sealed FROM batches WHERE device = $1 AND number = $2")
        .bind(device)
        .bind(number)
        .fetch_optional(&db.write)
        .await?;
    Ok(match row {
        Some(r) => Some(r.try_get("sealed")?),
        None => None,
    })
}

/// The batches of `device` after `after`, in order: at most `limit` (and
/// [`PAGE_MAX_BATCHES`]), stopping before [`PAGE_MAX_BYTES`] but never empty when one is there.
pub async fn page(db: &Db, who: &Authed, device: Uuid, after: u64, limit: u32) -> Result<Vec<Vec<u8>>> {
    accounts::device_of(db, who, device).await?;
    let limit = limit.clamp(1, PAGE_MAX_BATCHES);
    let after = i64::try_from(after).unwrap_or(i64::MAX);
    let device = device.to_string();
    // Sizes first, so a page of large batches is never all read into memory.
    let sizes =
        sqlx::query("SELECT number, size FROM batches WHERE device = $1 AND number > $2 ORDER BY number LIMIT $3")
            .bind(&device)
            .bind(after)
            .bind(i64::from(limit))
            .fetch_all(&db.read)
            .await?;
    let mut total = 0usize;
    let mut last = None;
    for row in &sizes {
        let size: i64 = row.try_get("size")?;
        let number: i64 = row.try_get("number")?;
        if last.is_some() && total + 4 + size as usize > PAGE_MAX_BYTES {
            break;
        }
        total += 4 + size as usize;
        last = Some(number);
    }
    let Some(last) = last else {
        return Ok(Vec::new());
    };
    let rows =
        sqlx::query("SELECT sealed FROM batches WHERE device = $1 AND number > $2 AND number <= $3 ORDER BY number")
            .bind(&device)
            .bind(after)
            .bind(last)
            .fetch_all(&db.read)
            .await?;
    rows.iter().map(|r| Ok(r.try_get("sealed")?)).collect()
}
