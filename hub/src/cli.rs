//! The administrator's commands: enrol, devices, revoke. Output in Vietnamese or English.

use std::path::Path;

use anyhow::bail;
use sotay_wire::api::ErrorCode;
use uuid::Uuid;

use crate::accounts::{self, NewCode, Revoked};
use crate::db::{Db, rfc3339};
use crate::lang::Lang;
use crate::refusal::Refusal;
use crate::table::Table;

fn fail(r: Refusal) -> anyhow::Error {
    anyhow::anyhow!(r.message)
}

/// A school code or class: trimmed, 1 to 32 characters, no control characters.
fn field(name: &str, value: &str, lang: Lang) -> anyhow::Result<String> {
    let v = value.trim();
    if v.is_empty() || v.chars().count() > 32 || v.chars().any(char::is_control) {
        bail!(
            "--{name} {value:?}: {}",
            lang.t(
                "phải có từ 1 đến 32 ký tự, không có ký tự điều khiển",
                "must be 1 to 32 characters, with no control characters"
            )
        );
    }
    Ok(v.to_string())
}

/// `YYYY-YYYY` with the second year right after the first.
pub fn school_year(value: &str) -> Option<(u16, u16)> {
    let (a, b) = value.trim().split_once('-')?;
    let ok = |s: &str| s.len() == 4 && s.bytes().all(|c| c.is_ascii_digit());
    if !ok(a) || !ok(b) {
        return None;
    }
    let (a, b): (u16, u16) = (a.parse().ok()?, b.parse().ok()?);
    (b == a + 1 && (2000..2100).contains(&a)).then_some((a, b))
}

pub async fn enrol_class(data: &Path, school: &str, class: &str, year: &str, lang: Lang) -> anyhow::Result<()> {
    let school = field("school-code", school, lang)?;
    let class = field("class", class, lang)?;
    if school_year(year).is_none() {
        bail!(
            "--school-year {year:?}: {}",
            lang.t(
                "phải có dạng NĂM-NĂM với năm sau liền năm trước, ví dụ 2026-2027",
                "must be YEAR-YEAR with the second right after the first, e.g. 2026-2027"
            )
        );
    }
    let db = Db::open(data).await?;
    let code = accounts::code_for_class(&db, &school, &class, year.trim())
        .await
        .map_err(fail);
    db.close().await;
    print_code(&code?, lang);
    Ok(())
}

pub async fn enrol_account(data: &Path, account: Uuid, lang: Lang) -> anyhow::Result<()> {
    let db = Db::open(data).await?;
    let code = accounts::code_for_account(&db, account).await;
    db.close().await;
    match code {
        Ok(code) => {
            print_code(&code, lang);
            Ok(())
        }
        Err(r) if r.code == ErrorCode::NotFound => bail!(
            "--account {account}: {}",
            lang.t(
                "không có tài khoản này trên hub (lớp chưa có thiết bị đầu tiên?)",
                "no such account on this hub (has the class's first device joined?)"
            )
        ),
        Err(r) => Err(fail(r)),
    }
}

fn print_code(code: &NewCode, lang: Lang) {
    let c = &code.class;
    let until = rfc3339(code.expires_at);
    match (c.account, lang) {
        (None, Lang::Vi) => println!(
            "Mã dùng một lần cho thiết bị đầu tiên của lớp {}, trường {}, năm học {}.",
            c.class_name, c.school_code, c.school_year
        ),
        (None, Lang::En) => println!(
            "One-time code for the first device of class {}, school {}, school year {}.",
            c.class_name, c.school_code, c.school_year
        ),
        (Some(a), Lang::Vi) => println!(
            "Mã dùng một lần cho một thiết bị nữa của tài khoản {a} (lớp {}, trường {}, năm học {}).",
            c.class_name, c.school_code, c.school_year
        ),
        (Some(a), Lang::En) => println!(
            "One-time code for a further device of account {a} (class {}, school {}, school year {}).",
            c.class_name, c.school_code, c.school_year
        ),
    }
    println!(
        "{}",
        lang.t(
            &format!("Dùng được một lần, đến {until}. Trên máy của giáo viên: sotay join URL --code MÃ"),
            &format!("It works once, until {until}. On the teacher's computer: sotay join URL --code CODE"),
        )
    );
    println!("{}", code.code);
}

pub async fn devices(data: &Path, lang: Lang) -> anyhow::Result<()> {
    let db = Db::open(data).await?;
    let listed = accounts::list(&db).await.map_err(fail);
    db.close().await;
    let listed = listed?;
    if listed.is_empty() {
        println!("{}", lang.t("Hub chưa có lớp nào.", "The hub has no class yet."));
        return Ok(());
    }
    let yes_no = |b: bool| {
        lang.t(if b { "có" } else { "không" }, if b { "yes" } else { "no" })
            .to_string()
    };
    for l in &listed {
        let c = &l.class;
        match c.account {
            Some(a) => println!(
                "{} {a}  {} {}  {} {}  {} {}",
                lang.t("Tài khoản", "Account"),
                lang.t("trường", "school"),
                c.school_code,
                lang.t("lớp", "class"),
                c.class_name,
                lang.t("năm học", "year"),
                c.school_year
            ),
            None => println!(
                "{}  {} {}  {} {}  {} {}",
                lang.t("(chưa có thiết bị)", "(no device yet)"),
                lang.t("trường", "school"),
                c.school_code,
                lang.t("lớp", "class"),
                c.class_name,
                lang.t("năm học", "year"),
                c.school_year
            ),
        }
        if l.devices.is_empty() {
            continue;
        }
        let mut t = Table::new(&[
            lang.t("  thiết bị", "  device"),
            lang.t("ghi danh", "enrolled"),
            lang.t("thấy lần cuối", "last seen"),
            lang.t("lô", "batches"),
            "bytes",
            lang.t("thu hồi", "revoked"),
        ]);
        for d in &l.devices {
            t.row(vec![
                format!("  {}", d.id),
                rfc3339(d.enrolled_at),
                d.last_seen.map(rfc3339).unwrap_or_else(|| "-".into()),
                d.batches.to_string(),
                d.bytes.to_string(),
                match d.revoked_at {
                    Some(at) => format!("{} ({})", yes_no(true), rfc3339(at)),
                    None => yes_no(false),
                },
            ]);
        }
        print!("{}", t.render());
    }
    Ok(())
}

pub async fn revoke(data: &Path, device: Uuid, lang: Lang) -> anyhow::Result<()> {
    let db = Db::open(data).await?;
    let done = accounts::revoke(&db, device).await;
    db.close().await;
    match done {
        Ok(Revoked::Now) => println!(
            "{}",
            lang.t(
                &format!(
                    "Đã thu hồi thiết bị {device}: hub từ chối mã thông báo của nó và mọi lô mới nó ký. \
                     Các lô nó đã gửi vẫn còn cho các thiết bị khác."
                ),
                &format!(
                    "Revoked device {device}: the hub refuses its token and any new batch it signed. \
                     The batches it sent before stay, for the other devices."
                ),
            )
        ),
        Ok(Revoked::Already(at)) => println!(
            "{}",
            lang.t(
                &format!("Thiết bị {device} đã bị thu hồi từ {}.", rfc3339(at)),
                &format!("Device {device} was revoked already, at {}.", rfc3339(at)),
            )
        ),
        Err(r) if r.code == ErrorCode::NotFound => bail!(
            "--device {device}: {}",
            lang.t("hub không có thiết bị này", "no such device on this hub")
        ),
        Err(r) => return Err(fail(r)),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::school_year;

    #[test]
    fn school_years_are_two_consecutive_years() {
        assert_eq!(school_year("2026-2027"), Some((2026, 2027)));
        assert_eq!(school_year("2026-2028"), None);
        assert_eq!(school_year("2026/2027"), None);
        assert_eq!(school_year("26-27"), None);
        assert_eq!(school_year("2027-2026"), None);
    }
}
