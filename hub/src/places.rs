//! The places list: which school is in which commune or ward, and which commune in which
//! province, read from a CSV file and stored whole, so readers' scopes can be checked and
//! followed.

use std::collections::BTreeMap;
use std::path::Path;

use unicode_normalization::UnicodeNormalization;

use crate::db::Db;
use crate::lang::Lang;
use crate::refusal::Result;

/// The longest school code (as `enrol --school-code` takes it), the longest commune or
/// province code (made from a name, so longer) and the longest name.
const SCHOOL_CODE_CHARS: usize = 32;
const PLACE_CODE_CHARS: usize = 64;
const NAME_CHARS: usize = 200;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Column {
    SchoolCode,
    School,
    Commune,
    Province,
    CommuneCode,
    ProvinceCode,
}

impl Column {
    /// The column a header names, in English or Vietnamese (compared by [`code_of`]).
    fn from_header(header: &str) -> Option<Column> {
        Some(match code_of(header).as_str() {
            "school-code" | "ma-truong" => Column::SchoolCode,
            "school" | "school-name" | "truong" | "ten-truong" => Column::School,
            "commune" | "ward" | "commune-or-ward" | "xa-phuong" | "phuong-xa" | "xa" | "phuong" => Column::Commune,
            "province" | "city" | "tinh-thanh-pho" | "tinh-thanh" | "tinh" | "thanh-pho" => Column::Province,
            "commune-code" | "ward-code" | "ma-xa-phuong" | "ma-phuong-xa" | "ma-xa" | "ma-phuong" => {
                Column::CommuneCode
            }
            "province-code" | "ma-tinh-thanh-pho" | "ma-tinh-thanh" | "ma-tinh" => Column::ProvinceCode,
            _ => return None,
        })
    }

    /// How a message names the column.
    fn name(self, lang: Lang) -> &'static str {
        match self {
            Column::SchoolCode => lang.t("Mã trường", "school_code"),
            Column::School => lang.t("Trường", "school"),
            Column::Commune => lang.t("Xã/Phường", "commune"),
            Column::Province => lang.t("Tỉnh/Thành phố", "province"),
            Column::CommuneCode => lang.t("Mã xã/phường", "commune_code"),
            Column::ProvinceCode => lang.t("Mã tỉnh/thành phố", "province_code"),
        }
    }
}

/// A place name's code: its letters without their marks (đ as d), lowercase, every other run
/// of characters one hyphen. `Phường Bến Nghé` is `phuong-ben-nghe`.
pub fn code_of(name: &str) -> String {
    let mut out = String::new();
    let mut gap = false;
    for c in name.nfd() {
        let c = match c {
            'đ' | 'Đ' => 'd',
            c if unicode_normalization::char::is_combining_mark(c) => continue,
            c => c,
        };
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('-');
            }
            gap = false;
            out.extend(c.to_lowercase());
        } else {
            gap = true;
        }
    }
    out
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    pub code: String,
    pub name: String,
    /// The commune's province, the school's commune; empty for a province.
    pub parent: String,
    /// The file's line it was first read on.
    line: u64,
}

/// A whole places file, checked.
#[derive(Debug, Default)]
pub struct Places {
    pub provinces: BTreeMap<String, Place>,
    pub communes: BTreeMap<String, Place>,
    pub schools: BTreeMap<String, Place>,
}

/// Reads and checks a places file; the error names the file, the line and the column.
pub fn read(file: &Path, lang: Lang) -> anyhow::Result<Places> {
    let shown = file.display();
    let bytes = std::fs::read(file).map_err(|e| anyhow::anyhow!("{shown}: {e}"))?;
    // Excel writes UTF-8 with a byte order mark.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(bytes);
    let headers = reader
        .headers()
        .map_err(|e| anyhow::anyhow!("{shown} {}: {}", lang.t("dòng 1", "line 1"), csv_error(&e, lang)))?
        .clone();
    let mut columns: Vec<Option<Column>> = Vec::new();
    for h in &headers {
        let c = Column::from_header(h).ok_or_else(|| {
            anyhow::anyhow!(
                "{shown} {}: {h:?}: {}",
                lang.t("dòng 1", "line 1"),
                lang.t(
                    "không phải cột của danh sách địa bàn (Mã trường, Trường, Xã/Phường, Tỉnh/Thành phố, \
                     Mã xã/phường, Mã tỉnh/thành phố)",
                    "not a column of a places list (school_code, school, commune, province, commune_code, \
                     province_code)"
                )
            )
        })?;
        if columns.contains(&Some(c)) {
            anyhow::bail!(
                "{shown} {}: {h:?}: {}",
                lang.t("dòng 1", "line 1"),
                lang.t("cột này có hai lần", "this column is there twice")
            );
        }
        columns.push(Some(c));
    }
    for needed in [Column::SchoolCode, Column::School, Column::Commune, Column::Province] {
        if !columns.contains(&Some(needed)) {
            anyhow::bail!(
                "{shown} {}: {}: {}",
                lang.t("dòng 1", "line 1"),
                needed.name(lang),
                lang.t("thiếu cột này", "this column is missing")
            );
        }
    }

    let mut places = Places::default();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| p.line()).unwrap_or(0);
            anyhow::anyhow!("{shown} {} {line}: {}", lang.t("dòng", "line"), csv_error(&e, lang))
        })?;
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let at = |c: Column, problem: &str| {
            anyhow::anyhow!("{shown} {} {line}, {}: {problem}", lang.t("dòng", "line"), c.name(lang))
        };
        let get = |c: Column| -> Option<String> {
            columns
                .iter()
                .position(|x| *x == Some(c))
                .and_then(|i| record.get(i))
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let name = |c: Column| -> anyhow::Result<String> {
            let v = get(c).ok_or_else(|| at(c, lang.t("trống", "empty")))?;
            if v.chars().count() > NAME_CHARS || v.chars().any(char::is_control) {
                return Err(at(
                    c,
                    lang.t(
                        "dài quá 200 ký tự hoặc có ký tự điều khiển",
                        "longer than 200 characters or has control characters",
                    ),
                ));
            }
            Ok(v.nfc().collect())
        };
        let code = |c: Column, from: Option<&str>| -> anyhow::Result<String> {
            let v = match (get(c), from) {
                (Some(v), _) => v,
                (None, Some(name)) => code_of(name),
                (None, None) => return Err(at(c, lang.t("trống", "empty"))),
            };
            let most = if c == Column::SchoolCode {
                SCHOOL_CODE_CHARS
            } else {
                PLACE_CODE_CHARS
            };
            if v.is_empty() || v.chars().count() > most || v.chars().any(char::is_control) {
                return Err(at(
                    c,
                    &format!(
                        "{} {most} {}",
                        lang.t("mã phải có từ 1 đến", "the code must be 1 to"),
                        lang.t(
                            "ký tự, không có ký tự điều khiển",
                            "characters, with no control characters"
                        )
                    ),
                ));
            }
            Ok(v)
        };
        let province_name = name(Column::Province)?;
        let province_code = code(Column::ProvinceCode, Some(&province_name))?;
        let commune_name = name(Column::Commune)?;
        let commune_code = code(Column::CommuneCode, Some(&commune_name))?;
        let school_name = name(Column::School)?;
        let school_code = code(Column::SchoolCode, None)?;

        let clash = |c: Column, first: u64, what: &str| {
            at(
                c,
                &format!("{} {first} {what}", lang.t("khác với dòng", "differs from line")),
            )
        };
        let province = Place {
            code: province_code.clone(),
            name: province_name,
            parent: String::new(),
            line,
        };
        if let Some(seen) = places.provinces.get(&province_code) {
            if seen.name != province.name {
                return Err(clash(
                    Column::Province,
                    seen.line,
                    lang.t("(cùng mã tỉnh, tên khác)", "(the same province code with another name)"),
                ));
            }
        } else {
            places.provinces.insert(province_code.clone(), province);
        }
        let commune = Place {
            code: commune_code.clone(),
            name: commune_name,
            parent: province_code,
            line,
        };
        if let Some(seen) = places.communes.get(&commune_code) {
            if seen.name != commune.name || seen.parent != commune.parent {
                return Err(clash(
                    Column::Commune,
                    seen.line,
                    lang.t(
                        "(cùng mã xã/phường, tên hoặc tỉnh khác; hai xã trùng tên thì thêm cột Mã xã/phường)",
                        "(the same commune code with another name or province; for two communes of one \
                         name, add a commune_code column)",
                    ),
                ));
            }
        } else {
            places.communes.insert(commune_code.clone(), commune);
        }
        if let Some(seen) = places.schools.get(&school_code) {
            return Err(at(
                Column::SchoolCode,
                &format!("{school_code:?} {} {}", lang.t("đã có ở dòng", "is on line"), seen.line),
            ));
        }
        places.schools.insert(
            school_code.clone(),
            Place {
                code: school_code,
                name: school_name,
                parent: commune_code,
                line,
            },
        );
    }
    if places.schools.is_empty() {
        anyhow::bail!("{shown}: {}", lang.t("không có trường nào", "no school in it"));
    }
    Ok(places)
}

fn csv_error(e: &csv::Error, lang: Lang) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => lang.t("không phải văn bản UTF-8", "not UTF-8 text").to_string(),
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
            format!("{len} {} {expected_len}", lang.t("cột thay vì", "columns instead of"))
        }
        _ => e.to_string(),
    }
}

/// Replaces the hub's places list with `places`, all at once.
pub async fn store(db: &Db, places: &Places) -> Result<()> {
    let mut tx = db.write.begin().await?;
    for table in ["schools", "communes", "provinces"] {
        sqlx::query(&format!("DELETE FROM {table}")).execute(&mut *tx).await?;
    }
    for p in places.provinces.values() {
        sqlx::query("INSERT INTO provinces (code, name) VALUES ($1, $2)")
            .bind(&p.code)
            .bind(&p.name)
            .execute(&mut *tx)
            .await?;
    }
    for p in places.communes.values() {
        sqlx::query("INSERT INTO communes (code, name, province) VALUES ($1, $2, $3)")
            .bind(&p.code)
            .bind(&p.name)
            .bind(&p.parent)
            .execute(&mut *tx)
            .await?;
    }
    for p in places.schools.values() {
        sqlx::query("INSERT INTO schools (code, name, commune) VALUES ($1, $2, $3)")
            .bind(&p.code)
            .bind(&p.name)
            .bind(&p.parent)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn place_codes_drop_marks_case_and_punctuation() {
        assert_eq!(code_of("Phường Bến Nghé"), "phuong-ben-nghe");
        assert_eq!(code_of("  Đắk Lắk "), "dak-lak");
        assert_eq!(code_of("Tỉnh/Thành phố"), "tinh-thanh-pho");
        // Decomposed input (as some editors save it) gives the same code.
        let decomposed: String = "Xã Mường Lát".nfd().collect();
        assert_eq!(code_of(&decomposed), "xa-muong-lat");
        assert_eq!(code_of("school_code"), "school-code");
    }
}
