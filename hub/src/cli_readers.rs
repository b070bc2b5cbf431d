//! The administrator's commands for report readers: `places import`, `enrol --reader`,
//! `readers`. Output in Vietnamese or English.

use std::path::Path;

use anyhow::bail;
use sotay_wire::reader::{Scope, parse_recipient};

use crate::db::{Db, rfc3339};
use crate::lang::Lang;
use crate::table::Table;
use crate::{places, readers};

fn fail(r: crate::refusal::Refusal) -> anyhow::Error {
    anyhow::anyhow!(r.message)
}

pub async fn places_import(data: &Path, file: &Path, lang: Lang) -> anyhow::Result<()> {
    // Read and check the whole file before the database is touched: a bad row imports nothing.
    let list = places::read(file, lang)?;
    let db = Db::open(data).await?;
    let done = places::store(&db, &list).await.map_err(fail);
    db.close().await;
    done?;
    let (s, c, p) = (list.schools.len(), list.communes.len(), list.provinces.len());
    println!(
        "{}",
        lang.t(
            &format!("Đã nhập danh sách địa bàn: {s} trường, {c} xã/phường, {p} tỉnh/thành phố (thay danh sách cũ)."),
            &format!(
                "Imported the places list (replacing the old one): schools {s}, communes or wards {c}, provinces {p}."
            ),
        )
    );
    Ok(())
}

pub async fn enrol_reader(data: &Path, reader: &str, public_key: &str, lang: Lang) -> anyhow::Result<()> {
    let Ok(scope) = Scope::parse(reader) else {
        bail!(
            "--reader {reader:?}: {}",
            lang.t(
                "phải có dạng school:MÃ, commune:MÃ hoặc province:MÃ",
                "must be school:CODE, commune:CODE or province:CODE"
            )
        );
    };
    let Ok(key) = parse_recipient(public_key) else {
        bail!(
            // The value is not echoed: a secret key pasted by mistake stays off the screen and logs.
            "--public-key: {}",
            lang.t(
                "không phải khóa công khai age (age1…); chép nguyên dòng cuối của sotay keys new-report-key",
                "not an age public key (age1…); copy the whole last line of sotay keys new-report-key"
            )
        );
    };
    let db = Db::open(data).await?;
    let result = async {
        let Some(found) = readers::find(&db, &scope).await.map_err(fail)? else {
            bail!(
                "--reader {}: {}",
                scope.to_text(),
                lang.t(
                    "không có trong danh sách địa bàn của hub (sotay-hub places import)",
                    "not in the hub's places list (sotay-hub places import)"
                )
            );
        };
        let key_text = public_key.trim().to_ascii_lowercase();
        let code = readers::enrol(&db, &found.scope, &key, &key_text).await.map_err(fail)?;
        Ok((found, code))
    }
    .await;
    db.close().await;
    let (found, code) = result?;
    let scope = found.scope.to_text();
    let until = rfc3339(code.expires_at);
    println!(
        "{}",
        lang.t(
            &format!("Người đọc báo cáo {scope} ({}).", found.name),
            &format!("Report reader {scope} ({}).", found.name),
        )
    );
    println!(
        "{} {}",
        lang.t("Dấu vân tay của khóa:", "Key fingerprint:"),
        code.fingerprint
    );
    println!(
        "{}",
        lang.t(
            &format!(
                "Dùng được một lần, đến {until}: sotay report pull --hub URL --key TỆP --code MÃ. \
                 Giáo viên so dấu vân tay trên trước khi nhận khóa."
            ),
            &format!(
                "It works once, until {until}: sotay report pull --hub URL --key FILE --code CODE. \
                 Teachers compare the fingerprint above before they accept the key."
            ),
        )
    );
    println!("{}", code.code);
    Ok(())
}

pub async fn withdraw(data: &Path, typed: &str, lang: Lang) -> anyhow::Result<()> {
    let Some(print) = sotay_wire::reader::normalize_fingerprint(typed) else {
        anyhow::bail!(
            "{}",
            lang.t(
                &format!("--fingerprint {typed}: không phải dấu vân tay (16 ký tự, ví dụ 7KQ2-M9XD-4TB8-0ZJH)"),
                &format!("--fingerprint {typed}: not a fingerprint (16 characters, e.g. 7KQ2-M9XD-4TB8-0ZJH)"),
            )
        );
    };
    let db = Db::open(data).await?;
    let done = readers::withdraw(&db, &print).await.map_err(fail);
    db.close().await;
    let scopes = done?;
    if scopes.is_empty() {
        anyhow::bail!(
            "{}",
            lang.t(
                &format!("Không có người đọc báo cáo nào có dấu vân tay {print}; xem `sotay-hub readers`"),
                &format!("No report reader has the fingerprint {print}; see `sotay-hub readers`"),
            )
        );
    }
    println!(
        "{}",
        lang.t(
            &format!("Đã rút khóa {print} ({}): các lớp thôi gửi số liệu tới khóa này từ lần đồng bộ tới, mã truy cập của nó bị từ chối.", scopes.join(", ")),
            &format!("Withdrew the key {print} ({}): classes stop sending figures to it from their next sync, and its token is refused.", scopes.join(", ")),
        )
    );
    Ok(())
}

pub async fn readers(data: &Path, lang: Lang) -> anyhow::Result<()> {
    let db = Db::open(data).await?;
    let listed = readers::list(&db).await.map_err(fail);
    db.close().await;
    let listed = listed?;
    if listed.is_empty() {
        println!(
            "{}",
            lang.t(
                "Hub chưa có người đọc báo cáo nào.",
                "The hub has no report reader yet."
            )
        );
        return Ok(());
    }
    let mut t = Table::new(&[
        lang.t("phạm vi", "scope"),
        lang.t("địa bàn", "place"),
        lang.t("dấu vân tay", "fingerprint"),
        lang.t("tạo lúc", "created"),
        lang.t("đã dùng mã", "enrolled"),
    ]);
    for r in &listed {
        t.row(vec![
            r.scope.clone(),
            r.place
                .clone()
                .unwrap_or_else(|| lang.t("(không còn trong danh sách)", "(not in the places list)").into()),
            r.fingerprint.clone(),
            rfc3339(r.created_at),
            match r.enrolled_at {
                Some(at) => format!("{} ({})", lang.t("có", "yes"), rfc3339(at)),
                None => lang.t("chưa", "not yet").into(),
            },
        ]);
    }
    print!("{}", t.render());
    Ok(())
}
