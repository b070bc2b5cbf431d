//! Classes' figures, sealed on the teachers' devices to the report readers above the class:
//! the hub checks who sent them, keeps the latest per class, period and device, and hands
//! each reader of a scope only what was sealed to its key. It never reads them.

use std::collections::BTreeMap;

use chrono::Datelike;
use sotay_wire::api::{self, ClassData, DeviceKey, ErrorCode, FiguresStored, ReaderKey, ReportData, SchoolData};
use sotay_wire::figures;
use sotay_wire::period::PeriodCode;
use sotay_wire::reader::Scope;
use sqlx::Row;

use crate::accounts::{self, Authed, uuid};
use crate::db::{Db, now, rfc3339};
use crate::readers::{self, ReaderAuthed};
use crate::refusal::{Refusal, Result};

/// Stores a device's figures for `period` after checking they are whole, its own, for that
/// period, and signed with its enrolled key. Older figures than those held are a success
/// that changes nothing.
pub async fn publish(db: &Db, who: &Authed, period: &str, sealed: &[u8]) -> Result<FiguresStored> {
    let bad = |m: String| Refusal::new(ErrorCode::BadBatch, format!("figures: {m}"));
    if PeriodCode::parse(period).is_none() {
        return Err(Refusal::new(
            ErrorCode::BadRequest,
            "period: not a reporting period's code",
        ));
    }
    let parsed = figures::parse(sealed).map_err(|e| bad(e.to_string()))?;
    let h = &parsed.header;
    if h.account != who.account || h.device != who.device {
        return Err(bad("sealed by another device than the token's".into()));
    }
    if h.period != period {
        return Err(bad(format!("sealed for the period {}, sent as {period}", h.period)));
    }
    let device = accounts::device_of(db, who, who.device).await?;
    parsed
        .check_signature(&device.public_key)
        .map_err(|e| bad(e.to_string()))?;
    let class_id: String = sqlx::query("SELECT id FROM classes WHERE account = $1")
        .bind(who.account.to_string())
        .fetch_optional(&db.read)
        .await?
        .ok_or_else(|| Refusal::new(ErrorCode::NotFound, "the token's account has no class on this hub"))?
        .try_get("id")?;
    let done = sqlx::query(
        "INSERT INTO figures (class_id, period, device, made_at, stored_at, readers, sealed)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (class_id, period, device) DO UPDATE SET
           made_at = excluded.made_at, stored_at = excluded.stored_at,
           readers = excluded.readers, sealed = excluded.sealed
         WHERE excluded.made_at >= figures.made_at",
    )
    .bind(&class_id)
    .bind(period)
    .bind(who.device.to_string())
    .bind(h.made_at)
    .bind(now())
    .bind(h.readers.join(" "))
    .bind(sealed)
    .execute(&db.write)
    .await?;
    Ok(FiguresStored {
        new: done.rows_affected() > 0,
    })
}

/// The readers above the token's class: its school's, its commune's or ward's and its
/// province's (as the places list has them), for the teacher to accept.
pub async fn readers_above(db: &Db, who: &Authed) -> Result<Vec<ReaderKey>> {
    let row = sqlx::query(
        "SELECT c.school_code, s.commune, m.province FROM classes c
         LEFT JOIN schools s ON s.code = c.school_code
         LEFT JOIN communes m ON m.code = s.commune
         WHERE c.account = $1",
    )
    .bind(who.account.to_string())
    .fetch_optional(&db.read)
    .await?
    .ok_or_else(|| Refusal::new(ErrorCode::NotFound, "the token's account has no class on this hub"))?;
    let mut scopes = vec![Scope::School(row.try_get("school_code")?)];
    if let Some(c) = row.try_get::<Option<String>, _>("commune")? {
        scopes.push(Scope::Commune(c));
    }
    if let Some(p) = row.try_get::<Option<String>, _>("province")? {
        scopes.push(Scope::Province(p));
    }
    let mut out = Vec::new();
    for scope in scopes {
        let place = readers::find(db, &scope).await?.map(|f| f.name);
        let rows = sqlx::query("SELECT public_key, fingerprint FROM readers WHERE scope = $1 ORDER BY created_at, id")
            .bind(scope.to_text())
            .fetch_all(&db.read)
            .await?;
        for r in rows {
            out.push(ReaderKey {
                scope: scope.to_text(),
                place: place.clone(),
                public_key: r.try_get("public_key")?,
                fingerprint: r.try_get("fingerprint")?,
            });
        }
    }
    Ok(out)
}

/// Whether a reader of `own` may see `asked`: its own scope, or a place inside it.
async fn covers(db: &Db, own: &Scope, asked: &Scope) -> Result<bool> {
    if own == asked {
        return Ok(true);
    }
    let query = match (own, asked) {
        (Scope::Commune(_), Scope::School(_)) => "SELECT 1 FROM schools WHERE commune = $1 AND code = $2",
        (Scope::Province(_), Scope::Commune(_)) => "SELECT 1 FROM communes WHERE province = $1 AND code = $2",
        (Scope::Province(_), Scope::School(_)) => {
            "SELECT 1 FROM schools s JOIN communes m ON m.code = s.commune WHERE m.province = $1 AND s.code = $2"
        }
        _ => return Ok(false),
    };
    Ok(sqlx::query(query)
        .bind(code(own))
        .bind(code(asked))
        .fetch_optional(&db.read)
        .await?
        .is_some())
}

fn code(scope: &Scope) -> &str {
    match scope {
        Scope::School(c) | Scope::Commune(c) | Scope::Province(c) => c,
    }
}

/// What a reader receives for `period` and the scope `asked` (its own when `None`): every
/// school of the scope, each class of the period's school year, the class's devices' keys
/// and the latest figures of each device sealed to this reader.
pub async fn report(db: &Db, who: &ReaderAuthed, period: &str, asked: Option<&str>) -> Result<ReportData> {
    let own = &who.scope;
    let scope = match asked {
        Some(text) => Scope::parse(text).map_err(|e| Refusal::new(ErrorCode::BadRequest, format!("scope: {e}")))?,
        None => own.clone(),
    };
    if !covers(db, own, &scope).await? {
        return Err(Refusal::new(
            ErrorCode::Forbidden,
            format!("scope: {} is outside this reader's {}", scope.to_text(), own.to_text()),
        ));
    }
    let period_code = PeriodCode::parse(period)
        .ok_or_else(|| Refusal::new(ErrorCode::BadRequest, "period: not a reporting period's code"))?;
    let today = chrono::Utc::now().date_naive();
    let first = period_code.school_year((today.year(), today.month(), today.day()));
    let school_year = format!("{first}-{}", first + 1);
    let place = readers::find(db, &scope).await?.map(|f| f.name);

    // The scope's schools, as a subquery every query below shares ($1: the scope's code).
    let schools_sql = match scope {
        Scope::School(_) => "SELECT $1 AS code",
        Scope::Commune(_) => "SELECT code FROM schools WHERE commune = $1",
        Scope::Province(_) => {
            "SELECT s.code FROM schools s JOIN communes m ON m.code = s.commune WHERE m.province = $1"
        }
    };
    let scope_code = code(&scope);
    let mut schools: BTreeMap<String, SchoolData> = BTreeMap::new();
    let rows = sqlx::query(&format!(
        "SELECT w.code, s.name FROM ({schools_sql}) w LEFT JOIN schools s ON s.code = w.code"
    ))
    .bind(scope_code)
    .fetch_all(&db.read)
    .await?;
    for r in rows {
        let code: String = r.try_get("code")?;
        schools.insert(
            code.clone(),
            SchoolData {
                code,
                name: r.try_get("name")?,
                classes: Vec::new(),
            },
        );
    }

    // $1 before $2 in the text: SQLite numbers parameters as they first appear.
    let in_scope = format!("c.school_code IN ({schools_sql}) AND c.school_year = $2");
    let mut devices: BTreeMap<String, Vec<DeviceKey>> = BTreeMap::new();
    for r in sqlx::query(&format!(
        "SELECT d.id, d.account, d.public_key, d.revoked_at FROM devices d
         JOIN classes c ON c.account = d.account WHERE {in_scope} ORDER BY d.enrolled_at, d.id"
    ))
    .bind(scope_code)
    .bind(&school_year)
    .fetch_all(&db.read)
    .await?
    {
        devices.entry(r.try_get("account")?).or_default().push(DeviceKey {
            device: uuid(&r.try_get::<String, _>("id")?)?,
            public_key: r.try_get("public_key")?,
            revoked: r.try_get::<Option<i64>, _>("revoked_at")?.is_some(),
        });
    }
    // Per class: the figures of the period sealed to this reader, and whether any were not.
    let mut sealed: BTreeMap<String, (Vec<String>, bool)> = BTreeMap::new();
    for r in sqlx::query(&format!(
        "SELECT f.class_id, f.readers, f.sealed FROM figures f JOIN classes c ON c.id = f.class_id
         WHERE {in_scope} AND f.period = $3 ORDER BY f.made_at DESC, f.device"
    ))
    .bind(scope_code)
    .bind(&school_year)
    .bind(period)
    .fetch_all(&db.read)
    .await?
    {
        let slot = sealed.entry(r.try_get("class_id")?).or_default();
        let readers: String = r.try_get("readers")?;
        if readers.split(' ').any(|f| f == who.fingerprint) {
            slot.0.push(api::key_to_text(&r.try_get::<Vec<u8>, _>("sealed")?));
        } else {
            slot.1 = true;
        }
    }
    let mut last_sent: BTreeMap<String, i64> = BTreeMap::new();
    for r in sqlx::query(&format!(
        "SELECT f.class_id, MAX(f.stored_at) AS at FROM figures f JOIN classes c ON c.id = f.class_id
         WHERE {in_scope} GROUP BY f.class_id"
    ))
    .bind(scope_code)
    .bind(&school_year)
    .fetch_all(&db.read)
    .await?
    {
        last_sent.insert(r.try_get("class_id")?, r.try_get("at")?);
    }
    for r in sqlx::query(&format!(
        "SELECT c.id, c.school_code, c.class_name, c.school_year, c.account, c.created_at FROM classes c
         WHERE {in_scope} ORDER BY c.school_code, c.class_name"
    ))
    .bind(scope_code)
    .bind(&school_year)
    .fetch_all(&db.read)
    .await?
    {
        let id: String = r.try_get("id")?;
        let account: Option<String> = r.try_get("account")?;
        let (figures, others) = sealed.remove(&id).unwrap_or_default();
        let class = ClassData {
            class: r.try_get("class_name")?,
            school_year: r.try_get("school_year")?,
            enrolled_at: rfc3339(r.try_get("created_at")?),
            account: account.as_deref().map(uuid).transpose()?,
            devices: account.and_then(|a| devices.remove(&a)).unwrap_or_default(),
            withheld: figures.is_empty() && others,
            figures,
            last_sent: last_sent.get(&id).map(|t| rfc3339(*t)),
        };
        if let Some(school) = schools.get_mut(&r.try_get::<String, _>("school_code")?) {
            school.classes.push(class);
        }
    }
    Ok(ReportData {
        scope: scope.to_text(),
        place,
        period: period.to_string(),
        school_year,
        schools: schools.into_values().collect(),
    })
}
