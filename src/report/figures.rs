//! The machine-readable figures every export embeds, so a school can merge its classes'
//! files with no network: key/value pairs with stable ASCII keys.
//!
//! - XLSX: a hidden sheet named [`SHEET`], a key in column A and its value in column B
//!   (numbers as numbers).
//! - CSV: rows after the report, from a row [`MARKER`] to a row [`END`], each `key,value`.
//! - HTML: the text block inside `<script type="text/plain" id="sotay-figures">`.
//! - Markdown: the text block inside an HTML comment at the end (renderers hide it).
//!
//! The text block is: a line `MARKER VERSION`, then `key<TAB>value` lines, then a line
//! `END`. Values are percent-escaped (`%`, tab, CR, LF, `<`, `>`, `&`, `"`), so a block can
//! never close the script or comment around it.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::period::ReportPeriod;
use super::summary::{COUNT_FIELDS, Counts, Detail, Header, Indicator, LATER_FIELDS, SUPPORT_FIELDS};
use crate::domain::{CloseReason, SchoolYear, Settings, SupportType};
use crate::i18n::Lang;

pub const SHEET: &str = "sotay";
pub const MARKER: &str = "#sotay-figures";
pub const END: &str = "#end";
/// Bumped when a key is added. A key never changes meaning (a figure counted another way
/// gets a new key), so a merge reads a newer file's keys it knows and names those it does
/// not as not counted. Version 2 added `lang`, `intervention_days` and `monitoring_days`
/// (required from 2 on; a version 1 file merges without them). Version 3 added `trained_on`
/// and the counts `homeroom_teachers` and `trained_teachers`: an older file lacks them, and
/// a merge shows the trained teachers' share as not counted, never as 0.
pub const VERSION: u32 = 3;

/// The first version that carries the language and the limits.
const LANG_AND_LIMITS: u64 = 2;

/// The first version that carries the homeroom teacher's training.
const TEACHERS: u64 = 3;

/// What a merge needs from one class's export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Figures {
    pub header: Header,
    pub detail: Detail,
    pub counts: Counts,
    /// The language the export was written in; `None` from a version 1 file.
    pub lang: Option<Lang>,
    /// The keys of a newer sotay's file that this one does not know: figures it cannot
    /// count, which a merge names. Empty for a file of this version or older.
    pub not_counted: Vec<String>,
}

/// A value in the pairs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Val {
    Text(String),
    Int(u64),
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FiguresError {
    #[error("no figures")]
    Missing,
    #[error("missing key {0}")]
    MissingKey(String),
    #[error("bad value for {0}")]
    BadValue(String),
    /// An indicator counts more children than its total: the file was edited by hand.
    #[error("{0:?} counts more than its total")]
    OverTotal(Indicator),
}

const DATE: &str = "%Y-%m-%d";

/// The keys of the header, in the order they are written; every other key is a count.
pub const HEADER_KEYS: [&str; 18] = [
    "version",
    "school",
    "school_code",
    "commune",
    "province",
    "class",
    "school_year",
    "teacher",
    "period",
    "period_from",
    "period_to",
    "made_on",
    "as_of",
    "detail",
    "lang",
    "intervention_days",
    "monitoring_days",
    "trained_on",
];

/// Whether this version of sotay writes or reads `key`.
fn is_known_key(key: &str) -> bool {
    HEADER_KEYS.contains(&key)
        || COUNT_FIELDS.iter().any(|(k, _, _)| *k == key)
        || LATER_FIELDS.iter().any(|(k, _, _)| *k == key)
        || CloseReason::ALL.iter().any(|r| closed_key(*r) == key)
        || SupportType::ALL
            .iter()
            .any(|t| SUPPORT_FIELDS.iter().any(|(f, _, _)| support_key(*t, f) == key))
}

fn closed_key(reason: CloseReason) -> String {
    format!("closed.{}", reason.code())
}

fn support_key(kind: SupportType, field: &str) -> String {
    format!("support.{}.{field}", kind.code())
}

impl Figures {
    /// The version its pairs are written as: [`VERSION`]; 2 for figures read from a version
    /// 2 file (they lack the teachers' counts); 1 for figures read from a version 1 file (no
    /// language or limits either), which a version 2 file must carry.
    pub fn version(&self) -> u32 {
        if self.lang.is_none() || self.header.limits.is_none() {
            1
        } else if !self.counts.lacking().is_empty() {
            2
        } else {
            VERSION
        }
    }

    /// The keys of the figures this file lacks because an older sotay wrote it: the merge
    /// does not count them, and names them.
    pub fn lacking(&self) -> Vec<&'static str> {
        self.counts.lacking()
    }

    /// Every pair, in a fixed order: `version`, the header (`school`, `school_code`,
    /// `commune`, `province`, `class`, `school_year`, `teacher`, `period`, `period_from`,
    /// `period_to` (yyyy-mm-dd), `made_on`, `as_of`, `detail`), then from version 2 `lang`
    /// (`vi`, `en`), `intervention_days` and `monitoring_days` (when known), from version 3
    /// `trained_on` (yyyy-mm-dd, empty if not trained), then the counts (`pupils`, …, from
    /// version 3 `homeroom_teachers` and `trained_teachers`, then `closed.<reason code>`,
    /// `support.<type code>.planned` …).
    pub fn to_pairs(&self) -> Vec<(String, Val)> {
        let h = &self.header;
        let text = |k: &str, v: String| (k.to_string(), Val::Text(v));
        let date = |d: NaiveDate| d.format(DATE).to_string();
        let mut pairs = vec![
            ("version".to_string(), Val::Int(self.version().into())),
            text("school", h.school.clone()),
            text("school_code", h.school_code.clone()),
            text("commune", h.commune.clone()),
            text("province", h.province.clone()),
            text("class", h.class.clone()),
            text("school_year", h.school_year.to_string()),
            text("teacher", h.teacher.clone()),
            text("period", h.period.code()),
            text("period_from", date(h.period.period.from)),
            text("period_to", date(h.period.period.to)),
            text("made_on", date(h.made_on)),
            text("as_of", date(h.as_of)),
            text("detail", self.detail.code().to_string()),
        ];
        if let Some(lang) = self.lang {
            pairs.push(text("lang", lang.code().to_string()));
        }
        if let Some(l) = h.limits {
            pairs.push(("intervention_days".to_string(), Val::Int(l.intervention_days.into())));
            pairs.push(("monitoring_days".to_string(), Val::Int(l.monitoring_days.into())));
        }
        let c = &self.counts;
        let teachers = u64::from(self.version()) >= TEACHERS;
        if teachers {
            pairs.push(text("trained_on", h.trained_on.map(date).unwrap_or_default()));
        }
        pairs.extend(COUNT_FIELDS.iter().map(|(k, get, _)| (k.to_string(), Val::Int(get(c)))));
        if teachers {
            pairs.extend(
                LATER_FIELDS
                    .iter()
                    .filter_map(|(k, get, _)| get(c).map(|n| (k.to_string(), Val::Int(n)))),
            );
        }
        pairs.extend(
            CloseReason::ALL
                .iter()
                .zip(c.closed)
                .map(|(r, n)| (closed_key(*r), Val::Int(n))),
        );
        for (kind, s) in SupportType::ALL.iter().zip(&c.supports) {
            pairs.extend(
                SUPPORT_FIELDS
                    .iter()
                    .map(|(f, get, _)| (support_key(*kind, f), Val::Int(get(s)))),
            );
        }
        pairs
    }

    /// Reads pairs back; numbers may come as text (from a text block) or as numbers.
    pub fn from_pairs(pairs: &BTreeMap<String, Val>) -> Result<Figures, FiguresError> {
        let get = |k: &str| pairs.get(k).ok_or_else(|| FiguresError::MissingKey(k.to_string()));
        let bad = |k: &str| FiguresError::BadValue(k.to_string());
        let int = |k: &str| match get(k)? {
            Val::Int(n) => Ok(*n),
            Val::Text(t) => t.trim().parse::<u64>().map_err(|_| bad(k)),
        };
        // A spreadsheet may have turned a code such as "0123" or a year into a number.
        let text = |k: &str| match get(k)? {
            Val::Text(t) => Ok(t.clone()),
            Val::Int(n) => Ok(n.to_string()),
        };
        // Excel, saving a CSV again, rewrites 2026-06-14 as 14/06/2026 in a Vietnamese
        // locale: take that too (never month first, which would misread silently).
        let date = |k: &str| {
            let t = text(k)?;
            NaiveDate::parse_from_str(t.trim(), DATE)
                .ok()
                .or_else(|| NaiveDate::parse_from_str(t.trim(), "%d/%m/%Y").ok())
                .ok_or_else(|| bad(k))
        };

        // A newer file carries every key this version knows (a key never changes meaning
        // and is never dropped), and keys this one does not know, named as not counted. One
        // lacking a known key is refused like any other (`MissingKey`): never read as 0.
        let version = int("version")?;
        let not_counted = if version > u64::from(VERSION) {
            pairs.keys().filter(|k| !is_known_key(k)).cloned().collect()
        } else {
            Vec::new()
        };
        // Carried from version 2 on: required there, absent from older files.
        let since_v2 = |k: &'static str| (version >= LANG_AND_LIMITS || pairs.contains_key(k)).then_some(k);
        let lang = since_v2("lang")
            .map(|k| match text(k)?.trim() {
                "vi" => Ok(Lang::Vi),
                "en" => Ok(Lang::En),
                _ => Err(bad(k)),
            })
            .transpose()?;
        let days = |k: &'static str| -> Result<Option<u32>, FiguresError> {
            since_v2(k)
                .map(|k| u32::try_from(int(k)?).map_err(|_| bad(k)))
                .transpose()
        };
        // Carried from version 3 on: required there; from an older file, not counted.
        let since_v3 = |k: &'static str| (version >= TEACHERS || pairs.contains_key(k)).then_some(k);
        let trained_on = match since_v3("trained_on") {
            Some(k) if !text(k)?.trim().is_empty() => Some(date(k)?),
            _ => None,
        };
        let limits = match (days("intervention_days")?, days("monitoring_days")?) {
            (Some(intervention_days), Some(monitoring_days)) => Some(Settings {
                intervention_days,
                monitoring_days,
            }),
            _ => None,
        };
        let period = ReportPeriod::parse(&text("period")?).map_err(|_| bad("period"))?;
        // The dates are carried as well so a changed period rule can't pass unnoticed.
        if period.period.from != date("period_from")? {
            return Err(bad("period_from"));
        }
        if period.period.to != date("period_to")? {
            return Err(bad("period_to"));
        }
        let header = Header {
            school: text("school")?,
            school_code: text("school_code")?,
            commune: text("commune")?,
            province: text("province")?,
            class: text("class")?,
            school_year: SchoolYear::parse(&text("school_year")?).ok_or_else(|| bad("school_year"))?,
            teacher: text("teacher")?,
            period,
            made_on: date("made_on")?,
            as_of: date("as_of")?,
            limits,
            trained_on,
        };
        let detail = Detail::parse(&text("detail")?).ok_or_else(|| bad("detail"))?;
        let mut counts = Counts::default();
        for (k, _, field) in &COUNT_FIELDS {
            *field(&mut counts) = int(k)?;
        }
        for (k, _, field) in &LATER_FIELDS {
            *field(&mut counts) = since_v3(k).map(int).transpose()?;
        }
        for (reason, n) in CloseReason::ALL.iter().zip(counts.closed.iter_mut()) {
            *n = int(&closed_key(*reason))?;
        }
        for (kind, s) in SupportType::ALL.iter().zip(counts.supports.iter_mut()) {
            for (f, _, field) in &SUPPORT_FIELDS {
                *field(s) = int(&support_key(*kind, f))?;
            }
        }
        // sotay never writes a share over 100%; such figures were edited after the export,
        // and adding them up would hide it in the school's total.
        if let Some(i) = Indicator::ALL
            .into_iter()
            .find(|i| counts.ratio(*i).is_some_and(|r| r.count > r.total))
        {
            return Err(FiguresError::OverTotal(i));
        }
        Ok(Figures {
            header,
            detail,
            counts,
            lang,
            not_counted,
        })
    }

    /// The text block (see the module's doc), ending with a newline.
    pub fn to_block(&self) -> String {
        let mut out = format!("{MARKER} {}\n", self.version());
        // The version is on the marker line.
        for (k, v) in self.to_pairs().into_iter().skip(1) {
            out.push_str(&k);
            out.push('\t');
            match v {
                Val::Int(n) => out.push_str(&n.to_string()),
                Val::Text(t) => escape_into(&t, &mut out),
            }
            out.push('\n');
        }
        out.push_str(END);
        out.push('\n');
        out
    }

    /// Finds a text block anywhere in `text` (an HTML or Markdown export) and reads it.
    pub fn from_text(text: &str) -> Result<Figures, FiguresError> {
        // The last marker line: the block comes after everything a user typed, so a school
        // named like a marker can't shadow it.
        let lines: Vec<&str> = text.lines().collect();
        let start = lines
            .iter()
            .rposition(|l| marker_version(l).is_some())
            .ok_or(FiguresError::Missing)?;
        let version = marker_version(lines[start]).unwrap_or_default();
        let mut pairs = BTreeMap::new();
        pairs.insert("version".to_string(), Val::Text(version.to_string()));
        let mut ended = false;
        for line in &lines[start + 1..] {
            let line = line.trim_end_matches('\r');
            if line.trim() == END {
                ended = true;
                break;
            }
            let Some((k, v)) = line.split_once('\t') else { continue };
            let k = k.trim();
            pairs.insert(
                k.to_string(),
                Val::Text(unescape(v).ok_or_else(|| FiguresError::BadValue(k.to_string()))?),
            );
        }
        if !ended {
            // Cut short: some figures may be missing.
            return Err(FiguresError::Missing);
        }
        Figures::from_pairs(&pairs)
    }
}

/// The version on a marker line (`#sotay-figures 1`), as text.
fn marker_version(line: &str) -> Option<&str> {
    let rest = line.trim().strip_prefix(MARKER)?;
    let v = rest.trim();
    (rest.starts_with([' ', '\t']) && !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit())).then_some(v)
}

/// Percent-escapes what could end a line, a script or a comment, and `%` itself.
fn escape_into(s: &str, out: &mut String) {
    for ch in s.chars() {
        match ch {
            '%' | '\t' | '\r' | '\n' | '<' | '>' | '&' | '"' => out.push_str(&format!("%{:02X}", ch as u32)),
            _ => out.push(ch),
        }
    }
}

fn unescape(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Reads the figures out of a CSV export: the rows from the last [`MARKER`] row to [`END`].
/// Commas as sotay writes them; a semicolon or a tab as an Excel set to a language with a
/// decimal comma saves the file again.
pub fn from_csv(bytes: &[u8]) -> Result<Figures, FiguresError> {
    let bytes = bytes.strip_prefix("\u{FEFF}".as_bytes()).unwrap_or(bytes);
    for delimiter in [b',', b';', b'\t'] {
        if let Some(pairs) = csv_pairs(bytes, delimiter)? {
            return Figures::from_pairs(&pairs);
        }
    }
    Err(FiguresError::Missing)
}

/// The block's pairs with this delimiter, `None` if no marker row is found with it.
fn csv_pairs(bytes: &[u8], delimiter: u8) -> Result<Option<BTreeMap<String, Val>>, FiguresError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(bytes);
    let mut records = Vec::new();
    for record in reader.records() {
        // Not UTF-8 (or not CSV): not a file sotay wrote.
        let Ok(record) = record else {
            return Err(FiguresError::Missing);
        };
        records.push(record);
    }
    let Some(start) = records.iter().rposition(|r| r.get(0).map(str::trim) == Some(MARKER)) else {
        return Ok(None);
    };
    let mut pairs = BTreeMap::new();
    let version = records[start].get(1).unwrap_or_default().trim().to_string();
    pairs.insert("version".to_string(), Val::Text(version));
    for r in &records[start + 1..] {
        let key = r.get(0).unwrap_or_default().trim();
        if key == END {
            return Ok(Some(pairs));
        }
        if !key.is_empty() {
            // The CSV writer quoted a value Excel could take for a formula (see `csv`).
            let value = r.get(1).unwrap_or_default();
            let value = value.strip_prefix('\'').unwrap_or(value);
            pairs.insert(key.to_string(), Val::Text(value.to_string()));
        }
    }
    // Cut short: some figures may be missing.
    Err(FiguresError::Missing)
}

/// The most an XLSX export's parts may hold once unzipped. A class's report is tens of kB
/// (a whole school's full report a few MB); a zip that unpacks to more is not one, and
/// reading it would hold it all (the workbook's shared strings) in memory.
pub const MAX_UNZIPPED: u64 = 64 << 20;

/// The rows of the figures sheet read: the block has under a hundred; cells further down
/// are not figures, whatever they say.
const MAX_ROWS: u32 = 10_000;

/// Reads the figures out of an XLSX export's hidden sheet [`SHEET`]: its key in column A,
/// its value in column B.
pub fn from_xlsx(bytes: &[u8]) -> Result<Figures, FiguresError> {
    use calamine::{Data, Xlsx};
    if !unzips_within(bytes, MAX_UNZIPPED) {
        return Err(FiguresError::Missing);
    }
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).map_err(|_| FiguresError::Missing)?;
    // Cell by cell, never as a rectangle: one stray cell at the sheet's far corner
    // (XFD1048576) made a range of 17 billion cells, and the program abort.
    let mut cells = book.worksheet_cells_reader(SHEET).map_err(|_| FiguresError::Missing)?;
    let mut rows: BTreeMap<u32, (Option<String>, Option<Data>)> = BTreeMap::new();
    while let Some(cell) = cells.next_cell().map_err(|_| FiguresError::Missing)? {
        let (row, col) = cell.get_position();
        if row >= MAX_ROWS || col > 1 {
            continue;
        }
        let data = Data::from(cell.get_value().clone());
        let slot = rows.entry(row).or_default();
        match (col, data) {
            (0, Data::String(key)) => slot.0 = Some(key),
            (0, _) => {}
            (_, data) => slot.1 = Some(data),
        }
    }
    let mut pairs = BTreeMap::new();
    for (key, value) in rows.into_values() {
        let Some(key) = key else { continue };
        let val = match value {
            Some(Data::String(s)) => Val::Text(s),
            Some(Data::Int(n)) => u64::try_from(n)
                .map(Val::Int)
                .unwrap_or_else(|_| Val::Text(n.to_string())),
            // Whole numbers only; anything else stays text and fails where a count is due.
            Some(Data::Float(f)) if f.fract() == 0.0 && f >= 0.0 && f < 2f64.powi(53) => Val::Int(f as u64),
            Some(Data::Float(f)) => Val::Text(f.to_string()),
            Some(Data::Empty) | None => Val::Text(String::new()),
            Some(other) => Val::Text(other.to_string()),
        };
        pairs.insert(key.trim().to_string(), val);
    }
    if pairs.is_empty() {
        return Err(FiguresError::Missing);
    }
    Figures::from_pairs(&pairs)
}

/// Whether `bytes` is a zip whose parts unpack to `limit` bytes or less, counted as they
/// unpack (a zip's own sizes may lie), without keeping them.
fn unzips_within(bytes: &[u8], limit: u64) -> bool {
    use std::io::Read;
    let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return false;
    };
    let mut total = 0u64;
    for i in 0..archive.len() {
        let Ok(part) = archive.by_index(i) else {
            return false;
        };
        match std::io::copy(&mut part.take(limit - total + 1), &mut std::io::sink()) {
            Ok(n) if total + n <= limit => total += n,
            _ => return false,
        }
    }
    true
}

/// A fictional class's figures and a document showing them, for the renderers' tests.
#[cfg(test)]
pub(crate) mod fixture {
    use super::Figures;
    pub use crate::domain::testkit::d as date;
    use crate::domain::{SchoolYear, Settings};
    use crate::i18n::Lang;
    use crate::report::document::{Cell, Document, Sheet, Table};
    use crate::report::period::ReportPeriod;
    use crate::report::summary::{Counts, Detail, Header, SupportFigures};

    pub fn figures() -> Figures {
        let mut supports = [SupportFigures::default(); 10];
        supports[0] = SupportFigures {
            planned: 3,
            planned_vnd: 4_500_000,
            delivered: 2,
            delivered_vnd: 3_000_000,
        };
        supports[6] = SupportFigures {
            planned: 1,
            planned_vnd: 0,
            delivered: 1,
            delivered_vnd: 0,
        };
        Figures {
            not_counted: Vec::new(),
            header: Header {
                school: "Trường THCS Hoa Mai".to_string(),
                school_code: "0123".to_string(),
                commune: "Xã Tân Lập".to_string(),
                province: "Tỉnh Lào Cai".to_string(),
                class: "8A".to_string(),
                school_year: SchoolYear(2025),
                teacher: "Đặng Thị Mơ".to_string(),
                period: ReportPeriod::first_half(2026),
                made_on: date(2026, 6, 10),
                as_of: date(2026, 6, 10),
                limits: Some(Settings {
                    intervention_days: 10,
                    monitoring_days: 60,
                }),
                trained_on: Some(date(2025, 9, 20)),
            },
            detail: Detail::Summary,
            counts: Counts {
                pupils: 45,
                pupils_5_17: 44,
                at_risk: 7,
                child_labour: 3,
                trafficked: 1,
                child_labour_5_17: 4,
                hazardous: 2,
                newly_identified: 5,
                cases: 11,
                closed: [2, 1, 0, 1],
                intervened_in_time: 6,
                intervention_decided: 8,
                monitored: 7,
                open_cases: 9,
                in_education: 10,
                parents_informed: 12,
                students_informed: 13,
                visits: 14,
                sessions: 15,
                people_reached: 160,
                supports,
                homeroom_teachers: Some(1),
                trained_teachers: Some(1),
            },
            lang: Some(Lang::Vi),
        }
    }

    /// Three sheets with every kind of cell; `school` is the header's school line.
    pub fn document(school: &str, confidential: bool, figures: Option<Figures>) -> Document {
        let t = |s: &str| Cell::Text(s.to_string());
        Document {
            lang: Lang::Vi,
            title: "Báo cáo tổng hợp lớp 8A".to_string(),
            confidential,
            confidential_note: "MẬT – chỉ dùng trong nhà trường".to_string(),
            header: vec![
                ("Trường".to_string(), t(school)),
                ("Lớp".to_string(), t("8A")),
                ("Kỳ báo cáo".to_string(), t("6 tháng đầu năm 2026")),
                ("Từ ngày".to_string(), Cell::Date(date(2025, 12, 15))),
                ("Số lớp".to_string(), Cell::Int(3)),
            ],
            sheets: vec![
                Sheet {
                    name: "Tổng hợp".to_string(),
                    tables: vec![
                        Table {
                            title: "Chỉ tiêu".to_string(),
                            columns: ["Chỉ tiêu", "Số", "Tổng", "Tỷ lệ", "Mục tiêu", "Đạt"]
                                .map(String::from)
                                .to_vec(),
                            rows: vec![
                                vec![
                                    t("Can thiệp kịp thời"),
                                    Cell::Int(6),
                                    Cell::Int(8),
                                    Cell::Percent(Some(0.75)),
                                    t("≥ 90%"),
                                    t("Chưa đạt"),
                                ],
                                vec![
                                    t("Trẻ bị mua bán"),
                                    Cell::Int(1),
                                    Cell::Empty,
                                    Cell::Percent(None),
                                    Cell::Empty,
                                    Cell::Empty,
                                ],
                            ],
                            total_row: false,
                        },
                        Table {
                            title: "Số liệu".to_string(),
                            columns: ["Mục", "Số"].map(String::from).to_vec(),
                            rows: vec![
                                vec![t("Học sinh"), Cell::Int(45)],
                                vec![t("Buổi truyền thông"), Cell::Int(15)],
                            ],
                            total_row: false,
                        },
                    ],
                    notes: vec!["Cách tính: xem phần «Định nghĩa».".to_string()],
                },
                Sheet {
                    name: "Hỗ trợ".to_string(),
                    tables: vec![Table {
                        title: "Hỗ trợ theo loại".to_string(),
                        columns: ["Loại | nhóm", "Kế hoạch", "Số tiền"].map(String::from).to_vec(),
                        rows: vec![
                            vec![t("Học bổng"), Cell::Int(3), Cell::Vnd(4_500_000)],
                            vec![t("Gọi 111\ntổng đài"), Cell::Int(1), Cell::Vnd(0)],
                            vec![t("Tổng"), Cell::Int(4), Cell::Vnd(4_500_000)],
                        ],
                        total_row: true,
                    }],
                    notes: Vec::new(),
                },
                Sheet {
                    name: "Hồ sơ".to_string(),
                    tables: vec![Table {
                        title: String::new(),
                        columns: ["Học sinh", "Ngày phát hiện"].map(String::from).to_vec(),
                        rows: vec![vec![t("Lò Văn Pao"), Cell::Date(date(2026, 1, 9))]],
                        total_row: false,
                    }],
                    notes: vec!["Bản đầy đủ: chỉ lưu tại trường.".to_string()],
                },
            ],
            figures,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: Vec<(String, Val)>) -> BTreeMap<String, Val> {
        pairs.into_iter().collect()
    }

    #[test]
    fn pairs_have_stable_ascii_keys_in_a_fixed_order() {
        let pairs = fixture::figures().to_pairs();
        let keys: Vec<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys[..4], ["version", "school", "school_code", "commune"]);
        assert!(keys.contains(&"closed.moved_school") && keys.contains(&"support.hotline_111.delivered_vnd"));
        assert!(keys.iter().all(|k| k.is_ascii()));
        assert_eq!(keys.len(), 14 + 3 + 1 + 19 + 2 + 4 + 40);
        // Version 2's keys after the header's, then version 3's.
        assert_eq!(
            keys[14..18],
            ["lang", "intervention_days", "monitoring_days", "trained_on"]
        );
        // The counts' keys are their fields' names: renaming a field of `Counts` would stop
        // older exports from merging, and fails here first.
        assert_eq!(
            keys[18..37],
            [
                "pupils",
                "pupils_5_17",
                "at_risk",
                "child_labour",
                "trafficked",
                "child_labour_5_17",
                "hazardous",
                "newly_identified",
                "cases",
                "intervened_in_time",
                "intervention_decided",
                "monitored",
                "open_cases",
                "in_education",
                "parents_informed",
                "students_informed",
                "visits",
                "sessions",
                "people_reached",
            ]
        );
        assert_eq!(keys[37..39], ["homeroom_teachers", "trained_teachers"]);
        let get = |k: &str| pairs.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone()).unwrap();
        assert_eq!(get("period"), Val::Text("2026-H1".into()));
        assert_eq!(get("period_from"), Val::Text("2025-12-15".into()));
        assert_eq!(get("period_to"), Val::Text("2026-06-14".into()));
        assert_eq!(get("school_year"), Val::Text("2025-2026".into()));
        assert_eq!(get("detail"), Val::Text("summary".into()));
        assert_eq!(get("support.scholarship.planned_vnd"), Val::Int(4_500_000));
        assert_eq!(get("lang"), Val::Text("vi".into()));
        assert_eq!(get("intervention_days"), Val::Int(10));
        assert_eq!(get("monitoring_days"), Val::Int(60));
        assert_eq!(get("version"), Val::Int(3));
        assert_eq!(get("trained_on"), Val::Text("2025-09-20".into()));
        assert_eq!(get("homeroom_teachers"), Val::Int(1));
        assert_eq!(get("trained_teachers"), Val::Int(1));
        // A teacher not trained: an empty day, and 0 of 1.
        let mut f = fixture::figures();
        f.header.trained_on = None;
        f.counts.trained_teachers = Some(0);
        let pairs = map(f.to_pairs());
        assert_eq!(pairs["trained_on"], Val::Text(String::new()));
        assert_eq!(Figures::from_pairs(&pairs), Ok(f));
    }

    /// The pairs a version 2 file holds: version 3's keys removed and the version set to 2.
    fn version_2_pairs() -> BTreeMap<String, Val> {
        let mut pairs = map(fixture::figures().to_pairs());
        for k in ["trained_on", "homeroom_teachers", "trained_teachers"] {
            pairs.remove(k).unwrap();
        }
        pairs.insert("version".into(), Val::Int(2));
        pairs
    }

    #[test]
    fn a_version_2_file_reads_with_the_teachers_not_counted() {
        let f = fixture::figures();
        let read = Figures::from_pairs(&version_2_pairs()).unwrap();
        // Not counted, never 0.
        assert_eq!(
            (read.counts.homeroom_teachers, read.counts.trained_teachers),
            (None, None)
        );
        assert_eq!(read.lacking(), ["homeroom_teachers", "trained_teachers"]);
        assert_eq!(read.header.trained_on, None);
        assert_eq!(read.not_counted, Vec::<String>::new());
        // Every other figure as written.
        let mut known = read.counts.clone();
        known.homeroom_teachers = f.counts.homeroom_teachers;
        known.trained_teachers = f.counts.trained_teachers;
        assert_eq!(known, f.counts);
        assert_eq!(read.lang, f.lang);
        // Written back as the version 2 file it was.
        assert_eq!(read.version(), 2);
        assert_eq!(map(read.to_pairs()), version_2_pairs());
        assert!(read.to_block().starts_with("#sotay-figures 2\n"));
        // From version 3 on they are required, and checked.
        let mut pairs = version_2_pairs();
        pairs.insert("version".into(), Val::Int(3));
        assert_eq!(
            Figures::from_pairs(&pairs),
            Err(FiguresError::MissingKey("trained_on".into()))
        );
        let mut pairs = map(f.to_pairs());
        pairs.remove("trained_teachers");
        assert_eq!(
            Figures::from_pairs(&pairs),
            Err(FiguresError::MissingKey("trained_teachers".into()))
        );
        let mut pairs = map(f.to_pairs());
        pairs.insert("trained_on".into(), Val::Text("hôm qua".into()));
        assert_eq!(
            Figures::from_pairs(&pairs),
            Err(FiguresError::BadValue("trained_on".into()))
        );
        // Two trained teachers of one: edited by hand.
        let mut pairs = map(f.to_pairs());
        pairs.insert("trained_teachers".into(), Val::Int(2));
        assert_eq!(
            Figures::from_pairs(&pairs),
            Err(FiguresError::OverTotal(Indicator::TrainedTeachers))
        );
    }

    #[test]
    fn a_version_1_file_reads_without_the_language_and_the_limits() {
        let f = fixture::figures();
        // Figures read from a version 1 file are written back as version 1.
        let mut old = Figures {
            lang: None,
            ..f.clone()
        };
        old.counts.homeroom_teachers = None;
        old.counts.trained_teachers = None;
        old.header.trained_on = None;
        assert_eq!(old.version(), 1);
        assert_eq!(Figures::from_pairs(&map(old.to_pairs())).unwrap().lang, None);
        assert!(old.to_block().starts_with("#sotay-figures 1\n"));
        let mut pairs = version_2_pairs();
        for k in ["lang", "intervention_days", "monitoring_days"] {
            pairs.remove(k);
        }
        pairs.insert("version".into(), Val::Int(1));
        let read = Figures::from_pairs(&pairs).unwrap();
        assert_eq!(read.lang, None);
        assert_eq!(read.header.limits, None);
        assert_eq!(read.lacking(), ["homeroom_teachers", "trained_teachers"]);
        assert_eq!(read.version(), 1);
        let Counts { pupils, supports, .. } = &read.counts;
        assert_eq!((*pupils, supports), (f.counts.pupils, &f.counts.supports));
        // From version 2 on they are required, and checked.
        pairs.insert("version".into(), Val::Int(2));
        pairs.insert("trained_on".into(), Val::Text(String::new()));
        assert_eq!(
            Figures::from_pairs(&pairs),
            Err(FiguresError::MissingKey("lang".into()))
        );
        let mut pairs = map(f.to_pairs());
        pairs.insert("lang".into(), Val::Text("fr".into()));
        assert_eq!(Figures::from_pairs(&pairs), Err(FiguresError::BadValue("lang".into())));
        let mut pairs = map(f.to_pairs());
        pairs.remove("monitoring_days");
        assert_eq!(
            Figures::from_pairs(&pairs),
            Err(FiguresError::MissingKey("monitoring_days".into()))
        );
    }

    #[test]
    fn figures_round_trip_through_pairs() {
        let f = fixture::figures();
        assert_eq!(Figures::from_pairs(&map(f.to_pairs())), Ok(f.clone()));
        // Numbers as text, as a text block or a re-saved sheet gives them.
        let texts = f
            .to_pairs()
            .into_iter()
            .map(|(k, v)| match v {
                Val::Int(n) => (k, Val::Text(n.to_string())),
                v => (k, v),
            })
            .collect();
        assert_eq!(Figures::from_pairs(&map(texts)), Ok(f));
    }

    #[test]
    fn figures_round_trip_through_a_block_inside_other_text() {
        let mut f = fixture::figures();
        f.detail = Detail::Full;
        f.header.school = "<b>\"A\" & B</b> 100%\tx\r\ny -->".to_string();
        f.header.teacher = "#sotay-figures 1".to_string();
        let block = f.to_block();
        assert!(block.starts_with("#sotay-figures 3\nschool\t%3Cb%3E%22A%22 %26 B%3C/b%3E 100%25%09x%0D%0Ay --%3E\n"));
        assert!(block.ends_with("\n#end\n"));
        // Nothing in it can end a script, a comment or a line early.
        assert!(!block.contains(['<', '>', '&', '"']));
        assert_eq!(block.lines().count(), f.to_pairs().len() + 1);
        let page = format!("<p>#sotay-figures 1</p>\n<script type=\"text/plain\">\n{block}</script>\n<p>after</p>");
        assert_eq!(Figures::from_text(&page), Ok(f.clone()));
        // CRLF line ends, as a file edited on Windows may have.
        assert_eq!(Figures::from_text(&page.replace('\n', "\r\n")), Ok(f));
    }

    #[test]
    fn a_newer_version_counts_what_both_know_and_names_the_rest() {
        let f = fixture::figures();
        let newer = u64::from(VERSION) + 1;
        let mut pairs = map(f.to_pairs());
        pairs.insert("version".into(), Val::Int(newer));
        pairs.insert("foster_visits".into(), Val::Int(3));
        let read = Figures::from_pairs(&pairs).unwrap();
        assert_eq!(read.counts, f.counts, "every figure both versions know is counted");
        assert_eq!(read.not_counted, ["foster_visits"]);
        // The same from a text block.
        let block = f.to_block().replacen(
            &format!("{MARKER} {VERSION}"),
            &format!("{MARKER} {newer}\nfoster_visits\t3"),
            1,
        );
        assert_eq!(Figures::from_text(&block).unwrap().not_counted, ["foster_visits"]);
        // A newer file without a figure this version counts is refused, naming it: a
        // missing figure is never read as 0.
        pairs.remove("pupils");
        assert_eq!(
            Figures::from_pairs(&pairs),
            Err(FiguresError::MissingKey("pupils".into()))
        );
        // A key this version does not know, in a file of this version, is no newer figure.
        let mut pairs = map(f.to_pairs());
        pairs.insert("foster_visits".into(), Val::Int(3));
        assert_eq!(Figures::from_pairs(&pairs).unwrap().not_counted, Vec::<String>::new());
    }

    #[test]
    fn every_key_written_is_known() {
        for (k, _) in fixture::figures().to_pairs() {
            assert!(is_known_key(&k), "{k}");
        }
        assert!(is_known_key("trained_teachers") && is_known_key("trained_on"));
        assert!(!is_known_key("foster_visits"));
    }

    #[test]
    fn a_share_over_its_total_is_refused() {
        let full = map(fixture::figures().to_pairs());
        let mut pairs = full.clone();
        let open = match &pairs["open_cases"] {
            Val::Int(n) => *n,
            Val::Text(t) => t.parse().unwrap(),
        };
        pairs.insert("monitored".into(), Val::Int(open + 1));
        assert_eq!(
            Figures::from_pairs(&pairs),
            Err(FiguresError::OverTotal(Indicator::Monitored))
        );
        // Equal is whole, not over.
        let mut pairs = full;
        pairs.insert("monitored".into(), Val::Int(open));
        assert!(Figures::from_pairs(&pairs).is_ok());
    }

    #[test]
    fn missing_keys_and_bad_values_are_named() {
        let full = map(fixture::figures().to_pairs());
        let mut pairs = full.clone();
        pairs.remove("support.meals.delivered");
        assert_eq!(
            Figures::from_pairs(&pairs),
            Err(FiguresError::MissingKey("support.meals.delivered".into()))
        );
        let mut pairs = full.clone();
        pairs.insert("visits".into(), Val::Text("mười".into()));
        assert_eq!(
            Figures::from_pairs(&pairs),
            Err(FiguresError::BadValue("visits".into()))
        );
        let mut pairs = full.clone();
        pairs.insert("period_to".into(), Val::Text("2026-06-15".into()));
        assert_eq!(
            Figures::from_pairs(&pairs),
            Err(FiguresError::BadValue("period_to".into()))
        );
        let mut pairs = full;
        pairs.insert("made_on".into(), Val::Text("10 June 2026".into()));
        assert_eq!(
            Figures::from_pairs(&pairs),
            Err(FiguresError::BadValue("made_on".into()))
        );
    }

    #[test]
    fn no_block_or_a_block_cut_short_is_missing() {
        assert_eq!(Figures::from_text("# Báo cáo\n"), Err(FiguresError::Missing));
        let block = fixture::figures().to_block();
        let cut = &block[..block.len() / 2];
        assert_eq!(Figures::from_text(cut), Err(FiguresError::Missing));
        let bad = format!("{MARKER} 1\nschool\t%zz\n{END}\n");
        assert_eq!(Figures::from_text(&bad), Err(FiguresError::BadValue("school".into())));
    }

    #[test]
    fn escaping_round_trips_any_text() {
        for s in [
            "",
            "100%",
            "%25",
            "a\tb\r\nc",
            "<!-- -->",
            "</script>",
            "Trường \"Hoa\" & Mai",
            "%",
            "ư%",
        ] {
            let mut e = String::new();
            escape_into(s, &mut e);
            assert!(!e.contains(['<', '>', '&', '"', '\t', '\r', '\n']), "{e}");
            assert_eq!(unescape(&e).as_deref(), Some(s));
        }
        assert_eq!(unescape("%"), None);
        assert_eq!(unescape("%C3"), None);
    }
}

/// Every format, from the document the summary makes, gives back the figures it was made from.
#[cfg(test)]
mod every_format {
    use super::*;
    use crate::i18n::Lang;
    use crate::report::output::Format;
    use crate::report::summary::Summary;
    use crate::report::{document, render};

    #[test]
    fn each_export_reads_back_to_its_figures() {
        let f = fixture::figures();
        let summary = Summary {
            header: f.header.clone(),
            detail: f.detail,
            counts: f.counts.clone(),
            cases: Vec::new(),
        };
        for lang in [Lang::Vi, Lang::En] {
            let doc = document::class_summary(&summary, lang);
            // Each carries the language it was written in.
            let f = Figures {
                lang: Some(lang),
                ..f.clone()
            };
            for format in Format::ALL {
                let bytes = render(&doc, format).unwrap();
                let back = match format {
                    Format::Xlsx => from_xlsx(&bytes),
                    Format::Csv => from_csv(&bytes),
                    Format::Html | Format::Md => Figures::from_text(std::str::from_utf8(&bytes).unwrap()),
                };
                assert_eq!(back.as_ref(), Ok(&f), "{format:?} {lang:?}");
            }
        }
    }
}
