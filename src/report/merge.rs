//! Merging classes' exports into a school report, from the figures each file embeds.

use std::cmp::Ordering;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::figures::{Figures, FiguresError};
use super::period::ReportPeriod;
use super::summary::{Counts, Header};
use crate::i18n::Lang;
use crate::i18n::export::E;
use crate::i18n::report::R;

/// A school's report: its classes' figures and their sum.
#[derive(Clone, Debug, PartialEq)]
pub struct SchoolReport {
    /// The classes, sorted by class name, with the file each came from.
    pub classes: Vec<(PathBuf, Figures)>,
    /// The sum of the classes' counts.
    pub total: Counts,
    pub made_on: NaiveDate,
    /// The school's commune or ward and province, from the classes that give them (see
    /// [`Place`]).
    pub commune: String,
    pub province: String,
    /// What the school should check, though the merge went ahead.
    pub warnings: Vec<MergeWarning>,
    /// The classes that have not sent figures for the period (from the hub's list of the
    /// school's classes); empty from `report merge`, which has no such list.
    pub missing: Vec<Missing>,
}

/// A class (in a school report) or a school (in an area report) that has not sent figures
/// for the period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Missing {
    pub name: String,
    /// The day it last sent any figures; `None` if it never did.
    pub last_sent: Option<NaiveDate>,
    /// Why it is missing though it did send figures for the period; `None`: it sent none.
    pub why: Option<MissingWhy>,
}

/// Why a class that sent figures for the period is counted as missing all the same.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MissingWhy {
    /// They were sealed to other readers only: the teacher has not accepted this key.
    NotToThisReader,
    /// They failed a check (signature, device, class or period) and were not counted.
    Refused,
}

impl MissingWhy {
    pub fn text(self, lang: Lang) -> &'static str {
        match self {
            MissingWhy::NotToThisReader => R::WhyNotToReader.get(lang),
            MissingWhy::Refused => R::WhyRefused.get(lang),
        }
    }
}

impl SchoolReport {
    /// The header of its first class, which speaks for the school and the period (a merge
    /// refuses mixed schools and periods); `None` with no class.
    pub fn first(&self) -> Option<&Header> {
        self.classes.first().map(|(_, f)| &f.header)
    }

    /// The school's name as its classes give it.
    pub fn school(&self) -> &str {
        self.first().map_or("", |h| h.school.as_str())
    }
}

/// The two places a class's header names, which a school report takes from its classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    Commune,
    Province,
}

impl Place {
    const ALL: [Place; 2] = [Place::Commune, Place::Province];

    fn of(self, h: &Header) -> &str {
        match self {
            Place::Commune => &h.commune,
            Place::Province => &h.province,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MergeWarning {
    /// The classes give different values for a place: each value (as the first file giving
    /// it spells it) with the files giving it, in the order the files were given, and the
    /// one the report uses.
    Disagree {
        place: Place,
        values: Vec<(String, Vec<PathBuf>)>,
        chosen: String,
    },
    /// A newer sotay's file holds figures this version does not know (their keys): they
    /// are not counted in the report.
    NotCounted { file: PathBuf, keys: Vec<String> },
    /// Files from an older sotay lack figures this version counts (their keys): the
    /// indicators made from them are not counted for those classes or for the whole (never
    /// read as 0). The files lacking the same keys, in the order given.
    Lacking { files: Vec<PathBuf>, keys: Vec<String> },
}

#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    #[error("no files")]
    NoFiles,
    /// The file can't be read or is not an export (carries the reason).
    #[error("{file}: {source}")]
    Unreadable { file: PathBuf, source: std::io::Error },
    /// Larger than any export: refused before it is read.
    #[error("{file}: too large")]
    TooLarge { file: PathBuf },
    /// An export without figures, or with figures that don't read.
    #[error("{file}: {error}")]
    Figures { file: PathBuf, error: FiguresError },
    #[error("mixed periods")]
    MixedPeriods {
        first: PathBuf,
        first_period: String,
        file: PathBuf,
        period: String,
    },
    #[error("mixed schools")]
    MixedSchools {
        first: PathBuf,
        first_school: String,
        file: PathBuf,
        school: String,
    },
    /// The same class twice: it would be counted twice.
    #[error("same class twice")]
    SameClass {
        first: PathBuf,
        file: PathBuf,
        class: String,
    },
    /// An area report with no school's figures.
    #[error("no schools")]
    NoSchools,
    /// Schools of one area report for different periods (as schools are named).
    #[error("schools of mixed periods")]
    SchoolsMixedPeriods {
        first: String,
        first_period: String,
        school: String,
        period: String,
    },
    /// The same school twice in an area report: it would be counted twice.
    #[error("same school twice")]
    SameSchool { school: String },
}

/// The largest file the merge reads. A class's report is tens of kB, a whole school's full
/// report in HTML a few MB; a file larger than this is not one, and reading it would hold
/// it all in memory.
pub const MAX_FILE_BYTES: u64 = 32 << 20;

/// Reads one export's figures; the format is told by the file's content (a zip is XLSX),
/// not its name.
pub fn read(file: &Path) -> Result<Figures, MergeError> {
    use std::io::Read;
    let unreadable = |source| MergeError::Unreadable {
        file: file.to_path_buf(),
        source,
    };
    // At most one byte past the limit: a huge file (or a device that never ends) is
    // refused at once, not read first.
    let mut bytes = Vec::new();
    std::fs::File::open(file)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(unreadable)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(MergeError::TooLarge {
            file: file.to_path_buf(),
        });
    }
    let figures_error = |error| MergeError::Figures {
        file: file.to_path_buf(),
        error,
    };
    if bytes.starts_with(b"PK\x03\x04") {
        return super::figures::from_xlsx(&bytes).map_err(figures_error);
    }
    // HTML and Markdown carry a text block (even after Notepad has put a byte-order mark in
    // front); a CSV, with or without its mark, has the figures as rows.
    let text = String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes));
    match Figures::from_text(&text) {
        Err(FiguresError::Missing) => super::figures::from_csv(&bytes).map_err(figures_error),
        other => other.map_err(figures_error),
    }
}

/// Merges classes' figures: refuses no files, mixed periods (the period's code and dates),
/// mixed schools (the school code), and a class given twice.
pub fn merge(classes: Vec<(PathBuf, Figures)>, made_on: NaiveDate) -> Result<SchoolReport, MergeError> {
    let Some((first, head)) = classes.first() else {
        return Err(MergeError::NoFiles);
    };
    for (i, (file, f)) in classes.iter().enumerate() {
        if f.header.period != head.header.period {
            return Err(MergeError::MixedPeriods {
                first: first.clone(),
                first_period: period_text(&head.header.period, &f.header.period),
                file: file.clone(),
                period: period_text(&f.header.period, &head.header.period),
            });
        }
        if school_key(&f.header) != school_key(&head.header) {
            return Err(MergeError::MixedSchools {
                first: first.clone(),
                first_school: school_text(&head.header),
                file: file.clone(),
                school: school_text(&f.header),
            });
        }
        if let Some((earlier, _)) = classes[..i]
            .iter()
            .find(|(_, e)| fold(&e.header.class) == fold(&f.header.class))
        {
            return Err(MergeError::SameClass {
                first: earlier.clone(),
                file: file.clone(),
                class: f.header.class.trim().to_string(),
            });
        }
    }
    let mut total = Counts::default();
    for (_, f) in &classes {
        total.add(&f.counts);
    }
    // In the order the files were given: a tie goes to the first.
    let mut warnings = Vec::new();
    let [commune, province] = Place::ALL.map(|place| {
        let (chosen, warning) = place_of(&classes, place);
        warnings.extend(warning);
        chosen
    });
    warnings.extend(
        classes
            .iter()
            .filter(|(_, f)| !f.not_counted.is_empty())
            .map(|(file, f)| MergeWarning::NotCounted {
                file: file.clone(),
                keys: f.not_counted.clone(),
            }),
    );
    warnings.extend(lacking(&classes));
    let mut classes = classes;
    classes.sort_by(|(_, a), (_, b)| class_order(&a.header.class, &b.header.class));
    Ok(SchoolReport {
        classes,
        total,
        made_on,
        commune,
        province,
        warnings,
        missing: Vec::new(),
    })
}

/// A warning for each set of figures some files lack (an older sotay wrote them), naming
/// the files in the order given.
pub(crate) fn lacking(classes: &[(PathBuf, Figures)]) -> Vec<MergeWarning> {
    let mut groups: Vec<(Vec<&'static str>, Vec<PathBuf>)> = Vec::new();
    for (file, f) in classes {
        let keys = f.lacking();
        if keys.is_empty() {
            continue;
        }
        match groups.iter_mut().find(|(k, _)| *k == keys) {
            Some((_, files)) => files.push(file.clone()),
            None => groups.push((keys, vec![file.clone()])),
        }
    }
    groups
        .into_iter()
        .map(|(keys, files)| MergeWarning::Lacking {
            files,
            keys: keys.into_iter().map(String::from).collect(),
        })
        .collect()
}

/// The language all the files were written in; `None` if they differ or one does not say.
pub fn common_lang(classes: &[(PathBuf, Figures)]) -> Option<Lang> {
    let first = classes.first()?.1.lang?;
    classes.iter().all(|(_, f)| f.lang == Some(first)).then_some(first)
}

/// The school's value for a place: a class that leaves it blank is not asked; when the
/// others disagree (beyond case, diacritics and punctuation), the value most files give,
/// on a tie the one given first, with a warning naming every value and its files.
fn place_of(classes: &[(PathBuf, Figures)], place: Place) -> (String, Option<MergeWarning>) {
    // (key, spelling of its first file, its files), in order of first appearance.
    let mut groups: Vec<(String, String, Vec<PathBuf>)> = Vec::new();
    for (file, f) in classes {
        let value = place.of(&f.header).trim();
        if value.is_empty() {
            continue;
        }
        let key = squash(value);
        match groups.iter_mut().find(|(k, _, _)| *k == key) {
            Some((_, _, files)) => files.push(file.clone()),
            None => groups.push((key, value.to_string(), vec![file.clone()])),
        }
    }
    // `max_by_key` keeps the last of equals: compare so the earliest group wins a tie.
    let chosen = groups
        .iter()
        .enumerate()
        .max_by(|(i, a), (j, b)| a.2.len().cmp(&b.2.len()).then(j.cmp(i)))
        .map(|(_, (_, value, _))| value.clone())
        .unwrap_or_default();
    let warning = (groups.len() > 1).then(|| MergeWarning::Disagree {
        place,
        values: groups.into_iter().map(|(_, value, files)| (value, files)).collect(),
        chosen: chosen.clone(),
    });
    (chosen, warning)
}

/// The message for a warning, naming the files and the value used.
pub fn warning_message(lang: Lang, w: &MergeWarning) -> String {
    match w {
        MergeWarning::Disagree { place, values, chosen } => {
            let what = match place {
                Place::Commune => E::WhatCommune,
                Place::Province => E::WhatProvince,
            };
            let list: Vec<String> = values
                .iter()
                .map(|(value, files)| {
                    let files: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
                    format!("«{value}» ({})", files.join(", "))
                })
                .collect();
            E::MergeDisagree.fill(lang, &[&what.get(lang), &list.join("; "), chosen])
        }
        MergeWarning::NotCounted { file, keys } => E::MergeNotCounted.fill(lang, &[&file.display(), &keys.join(", ")]),
        MergeWarning::Lacking { files, keys } => {
            let files: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
            E::MergeLacking.fill(lang, &[&files.join(", "), &keys.join(", ")])
        }
    }
}

/// The message for a refused merge, naming the files and what differs.
pub fn error_message(lang: Lang, e: &MergeError) -> String {
    match e {
        MergeError::NoFiles => E::MergeNoFiles.get(lang).to_string(),
        MergeError::Unreadable { file, source } => {
            E::MergeUnreadable.fill(lang, &[&file.display(), &crate::i18n::io::reason(lang, source)])
        }
        MergeError::TooLarge { file } => E::MergeTooLarge.fill(lang, &[&file.display(), &(MAX_FILE_BYTES >> 20)]),
        MergeError::Figures { file, error } => match error {
            FiguresError::Missing => E::MergeNoFigures.fill(lang, &[&file.display()]),
            FiguresError::MissingKey(k) => E::MergeMissingKey.fill(lang, &[&file.display(), k]),
            FiguresError::BadValue(k) => E::MergeBadValue.fill(lang, &[&file.display(), k]),
            FiguresError::OverTotal(i) => {
                E::MergeOverTotal.fill(lang, &[&file.display(), &crate::i18n::indicator::name(lang, *i)])
            }
        },
        MergeError::MixedPeriods {
            first,
            first_period,
            file,
            period,
        } => E::MixedPeriods.fill(lang, &[&first.display(), first_period, &file.display(), period]),
        MergeError::MixedSchools {
            first,
            first_school,
            file,
            school,
        } => E::MixedSchools.fill(lang, &[&first.display(), first_school, &file.display(), school]),
        MergeError::SameClass { first, file, class } => {
            E::SameClass.fill(lang, &[&first.display(), &file.display(), class])
        }
        MergeError::NoSchools => E::MergeNoSchools.get(lang).to_string(),
        MergeError::SchoolsMixedPeriods {
            first,
            first_period,
            school,
            period,
        } => E::SchoolsMixedPeriods.fill(lang, &[first, first_period, school, period]),
        MergeError::SameSchool { school } => E::SameSchool.fill(lang, &[school]),
    }
}

/// A period as a message names it: its code, with its dates when another period has the
/// same code (two custom spans can't, but figures edited by hand might).
pub(crate) fn period_text(p: &ReportPeriod, other: &ReportPeriod) -> String {
    let code = p.code();
    if code == other.code() {
        let d = |d: NaiveDate| d.format("%d/%m/%Y").to_string();
        format!("{code} ({} – {})", d(p.period.from), d(p.period.to))
    } else {
        code
    }
}

/// What makes two files the same school: the school code (the ministry's, so spelled the
/// same by every teacher), else the name; trimmed, in any case.
pub(crate) fn school_key(h: &Header) -> String {
    if h.school_code.trim().is_empty() {
        squash(&h.school)
    } else {
        // Excel, saving a CSV again, turns a code such as 0123 into 123.
        let code = squash(&h.school_code);
        match code.trim_start_matches('0') {
            rest if code.chars().all(|c| c.is_ascii_digit()) && !rest.is_empty() => rest.to_string(),
            _ => code,
        }
    }
}

pub(crate) fn school_text(h: &Header) -> String {
    match (h.school.trim(), h.school_code.trim()) {
        (name, "") => name.to_string(),
        ("", code) => code.to_string(),
        (name, code) => format!("{name} ({code})"),
    }
}

/// A name or code as a merge compares it: no case, diacritics, spaces or punctuation.
fn squash(s: &str) -> String {
    crate::text::fold(s).chars().filter(|c| c.is_alphanumeric()).collect()
}

/// A class's name as a merge compares it: "Lớp 8A", "lop 8 a", "8a " and "8A" are one class,
/// so a class can't be counted twice under two spellings.
fn fold(s: &str) -> String {
    let folded = squash(s);
    ["lop", "class"]
        .iter()
        .find_map(|p| folded.strip_prefix(p).filter(|rest| !rest.is_empty()))
        .unwrap_or(&folded)
        .to_string()
}

/// Classes in the order a school lists them: numbers by value, so 6A, 7A… 9A come before
/// 10A, then letters in any case.
pub(crate) fn class_order(a: &str, b: &str) -> Ordering {
    natural_key(a).cmp(&natural_key(b)).then_with(|| a.cmp(b))
}

#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum Part {
    Number(u64),
    Text(String),
}

fn natural_key(s: &str) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut chars = s.trim().chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_ascii_digit() {
            let mut n: u64 = 0;
            while let Some(d) = chars.peek().and_then(|c| c.to_digit(10)) {
                n = n.saturating_mul(10).saturating_add(u64::from(d));
                chars.next();
            }
            parts.push(Part::Number(n));
        } else {
            let mut t = String::new();
            while let Some(&c) = chars.peek().filter(|c| !c.is_ascii_digit()) {
                t.extend(c.to_lowercase());
                chars.next();
            }
            parts.push(Part::Text(t));
        }
    }
    parts
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::testkit::d;
    use crate::domain::{SchoolYear, Settings};
    use crate::report::summary::{Detail, Indicator, SupportFigures};

    fn h1_2026() -> ReportPeriod {
        ReportPeriod::first_half(2026)
    }

    fn year_2026() -> ReportPeriod {
        ReportPeriod::year(2026)
    }

    /// A fictional class's figures; `k` varies every count so a sum can't hide a field (the
    /// teacher is trained when `k` is odd).
    pub(crate) fn class(name: &str, k: u64) -> Figures {
        let mut supports = [SupportFigures::default(); 10];
        supports[0] = SupportFigures {
            planned: k,
            planned_vnd: k * 1_000_000,
            delivered: k - 1,
            delivered_vnd: (k - 1) * 1_000_000,
        };
        supports[9].planned = 2 * k;
        Figures {
            not_counted: Vec::new(),
            header: Header {
                school: "Trường THCS Hư Cấu".into(),
                school_code: "HC001".into(),
                commune: "Xã Hư Cấu".into(),
                province: "Tỉnh Thử".into(),
                class: name.into(),
                school_year: SchoolYear(2025),
                teacher: format!("Giáo viên lớp {name}"),
                period: h1_2026(),
                made_on: d(2026, 6, 20),
                as_of: d(2026, 6, 14),
                limits: Some(Settings::default()),
                trained_on: (k % 2 == 1).then(|| d(2025, 9, 1)),
            },
            detail: Detail::Summary,
            counts: Counts {
                pupils: 40 + k,
                pupils_5_17: 39 + k,
                at_risk: k,
                child_labour: k + 1,
                trafficked: k + 2,
                child_labour_5_17: k + 3,
                hazardous: k + 4,
                newly_identified: k + 5,
                cases: k + 11,
                closed: [k, k + 1, k + 2, k + 3],
                intervened_in_time: k + 7,
                intervention_decided: k + 8,
                monitored: k + 9,
                open_cases: k + 10,
                in_education: k + 6,
                parents_informed: k + 12,
                students_informed: k + 13,
                visits: k + 14,
                sessions: k + 15,
                people_reached: 100 * k,
                supports,
                homeroom_teachers: Some(1),
                trained_teachers: Some(k % 2),
            },
            lang: Some(Lang::Vi),
        }
    }

    pub(crate) fn files(classes: &[Figures]) -> Vec<(PathBuf, Figures)> {
        classes
            .iter()
            .map(|f| (PathBuf::from(format!("{}.xlsx", f.header.class)), f.clone()))
            .collect()
    }

    #[test]
    fn the_total_is_the_sum_of_every_field_and_classes_are_in_school_order() {
        let report = merge(
            files(&[class("8A", 2), class("10A", 3), class("6A", 5)]),
            d(2026, 6, 20),
        )
        .unwrap();
        let names: Vec<&str> = report.classes.iter().map(|(_, f)| f.header.class.as_str()).collect();
        assert_eq!(names, ["6A", "8A", "10A"]);
        assert_eq!(report.classes[0].0, PathBuf::from("6A.xlsx"));
        assert_eq!(report.made_on, d(2026, 6, 20));
        // k = 2 + 3 + 5 = 10 over three classes.
        let t = &report.total;
        assert_eq!(t.pupils, 130);
        assert_eq!(t.pupils_5_17, 127);
        assert_eq!(t.at_risk, 10);
        assert_eq!(t.child_labour, 13);
        assert_eq!(t.trafficked, 16);
        assert_eq!(t.child_labour_5_17, 19);
        assert_eq!(t.hazardous, 22);
        assert_eq!(t.newly_identified, 25);
        assert_eq!(t.cases, 43);
        assert_eq!(t.closed, [10, 13, 16, 19]);
        assert_eq!(t.intervened_in_time, 31);
        assert_eq!(t.intervention_decided, 34);
        assert_eq!(t.monitored, 37);
        assert_eq!(t.open_cases, 40);
        assert_eq!(t.in_education, 28);
        assert_eq!(t.parents_informed, 46);
        assert_eq!(t.students_informed, 49);
        assert_eq!(t.visits, 52);
        assert_eq!(t.sessions, 55);
        assert_eq!(t.people_reached, 1_000);
        assert_eq!(
            t.supports[0],
            SupportFigures {
                planned: 10,
                planned_vnd: 10_000_000,
                delivered: 7,
                delivered_vnd: 7_000_000,
            }
        );
        assert_eq!(t.supports[9].planned, 20);
        assert_eq!(t.supports[1..9], [SupportFigures::default(); 8]);
        // 3 and 5 are odd: two of three teachers trained.
        assert_eq!((t.homeroom_teachers, t.trained_teachers), (Some(3), Some(2)));
        assert_eq!(report.warnings, []);
    }

    /// Figures as a version 2 file gives them: without the teachers' counts.
    fn version_2(name: &str, k: u64) -> Figures {
        let mut f = class(name, k);
        f.header.trained_on = None;
        f.counts.homeroom_teachers = None;
        f.counts.trained_teachers = None;
        assert_eq!(f.version(), 2);
        f
    }

    #[test]
    fn files_from_an_older_sotay_leave_the_figures_they_lack_not_counted_and_are_named() {
        let list = files(&[class("8A", 2), version_2("8B", 3), class("8C", 5), version_2("6A", 4)]);
        let report = merge(list, d(2026, 6, 20)).unwrap();
        // What every file knows is summed.
        let sum = [2, 3, 5, 4].map(|k| class("x", k).counts.pupils).iter().sum::<u64>();
        assert_eq!(report.total.pupils, sum);
        // What two lack is not counted for the school (never 0 of 2).
        assert_eq!(
            (report.total.homeroom_teachers, report.total.trained_teachers),
            (None, None)
        );
        assert_eq!(report.total.ratio(Indicator::TrainedTeachers), None);
        let [w] = &report.warnings[..] else {
            panic!("{:?}", report.warnings)
        };
        // One warning for the files lacking the same figures, in the order given.
        assert_eq!(
            *w,
            MergeWarning::Lacking {
                files: vec![PathBuf::from("8B.xlsx"), PathBuf::from("6A.xlsx")],
                keys: vec!["homeroom_teachers".into(), "trained_teachers".into()],
            }
        );
        assert_eq!(
            warning_message(Lang::En, w),
            "Note: written by an older sotay, so lacking figures this version counts: 8B.xlsx, 6A.xlsx. Not \
             counted: homeroom_teachers, trained_teachers. The indicators made from them are left empty (–) for \
             those classes and for the total, never read as 0; export those classes' reports again with this \
             version to count them."
        );
        assert!(warning_message(Lang::Vi, w).starts_with(
            "Lưu ý: do phiên bản sotay cũ hơn tạo nên thiếu số liệu mà phiên bản này tính: 8B.xlsx, 6A.xlsx. Không tính: homeroom_teachers, trained_teachers."
        ));
    }

    #[test]
    fn a_blank_commune_or_province_is_taken_from_the_other_classes() {
        let mut b = class("8B", 3);
        b.header.commune = String::new();
        b.header.province = "  ".into();
        // The first file given lacks them: the school still gets them.
        let report = merge(files(&[b, class("8A", 2), class("8C", 4)]), d(2026, 6, 20)).unwrap();
        assert_eq!(report.commune, "Xã Hư Cấu");
        assert_eq!(report.province, "Tỉnh Thử");
        assert_eq!(report.warnings, []);
        // The same place spelt another way is not a disagreement.
        let mut c = class("8C", 4);
        c.header.commune = "xã hư cấu".into();
        let report = merge(files(&[class("8A", 2), c]), d(2026, 6, 20)).unwrap();
        assert_eq!((report.commune.as_str(), report.warnings.len()), ("Xã Hư Cấu", 0));
    }

    #[test]
    fn classes_that_disagree_on_a_place_give_the_most_common_with_a_warning() {
        let with = |name: &str, commune: &str| {
            let mut f = class(name, 2);
            f.header.commune = commune.into();
            f
        };
        // Two files say Xã Mới, one Xã Cũ: the most common wins, whatever the order.
        let list = files(&[with("8A", "Xã Cũ"), with("8B", "Xã Mới"), with("8C", "Xã Mới")]);
        let report = merge(list, d(2026, 6, 20)).unwrap();
        assert_eq!(report.commune, "Xã Mới");
        assert_eq!(report.province, "Tỉnh Thử");
        let [w] = &report.warnings[..] else {
            panic!("{:?}", report.warnings)
        };
        assert_eq!(
            *w,
            MergeWarning::Disagree {
                place: Place::Commune,
                values: vec![
                    ("Xã Cũ".into(), vec![PathBuf::from("8A.xlsx")]),
                    (
                        "Xã Mới".into(),
                        vec![PathBuf::from("8B.xlsx"), PathBuf::from("8C.xlsx")]
                    ),
                ],
                chosen: "Xã Mới".into(),
            }
        );
        assert_eq!(
            warning_message(Lang::En, w),
            "Note: the files give different values for the commune or ward: «Xã Cũ» (8A.xlsx); «Xã Mới» (8B.xlsx, 8C.xlsx). The school report says «Xã Mới», the value most files give (on a tie, the one of the file given first)."
        );
        assert!(warning_message(Lang::Vi, w).starts_with("Lưu ý: các tệp ghi xã, phường khác nhau: «Xã Cũ» (8A.xlsx)"));
        // A tie goes to the file given first (not the first class in school order).
        let report = merge(files(&[with("9A", "Xã Hai"), with("6A", "Xã Một")]), d(2026, 6, 20)).unwrap();
        assert_eq!(report.commune, "Xã Hai");
        assert_eq!(report.warnings.len(), 1);
    }

    #[test]
    fn figures_a_newer_file_holds_and_this_version_cannot_count_are_named() {
        let mut newer = class("8B", 3);
        newer.not_counted = vec!["trained_teachers".into()];
        let report = merge(files(&[class("8A", 2), newer]), d(2026, 6, 20)).unwrap();
        // What both know is counted.
        assert_eq!(
            report.total.pupils,
            class("8A", 2).counts.pupils + class("8B", 3).counts.pupils
        );
        let [w] = &report.warnings[..] else {
            panic!("{:?}", report.warnings)
        };
        assert_eq!(
            w,
            &MergeWarning::NotCounted {
                file: PathBuf::from("8B.xlsx"),
                keys: vec!["trained_teachers".into()],
            }
        );
        assert_eq!(
            warning_message(Lang::En, w),
            "Note: 8B.xlsx was made by a newer sotay and holds figures this version does not know, so \
             the report does not count them: trained_teachers. Update sotay to count them too."
        );
        assert!(warning_message(Lang::Vi, w).starts_with("Lưu ý: 8B.xlsx được tạo bởi phiên bản sotay mới hơn"));
    }

    #[test]
    fn the_language_is_the_one_the_files_share() {
        let en = |name: &str| Figures {
            lang: Some(Lang::En),
            ..class(name, 2)
        };
        assert_eq!(common_lang(&files(&[en("8A"), en("8B")])), Some(Lang::En));
        // Files that differ, or one that does not say (version 1), decide nothing.
        assert_eq!(common_lang(&files(&[en("8A"), class("8B", 2)])), None);
        let old = Figures {
            lang: None,
            ..class("8C", 2)
        };
        assert_eq!(common_lang(&files(&[class("8B", 2), old])), None);
    }

    #[test]
    fn one_class_is_its_own_total() {
        let report = merge(files(&[class("8A", 4)]), d(2026, 6, 20)).unwrap();
        assert_eq!(report.total, class("8A", 4).counts);
    }

    #[test]
    fn refuses_no_files() {
        let e = merge(Vec::new(), d(2026, 6, 20)).unwrap_err();
        assert!(matches!(e, MergeError::NoFiles));
        assert_eq!(error_message(Lang::En, &e), "No files to merge");
        assert_eq!(error_message(Lang::Vi, &e), "Chưa có tệp nào để gộp");
    }

    #[test]
    fn refuses_mixed_periods_naming_both_files_and_periods() {
        let mut b = class("8B", 2);
        b.header.period = year_2026();
        let e = merge(files(&[class("8A", 2), b]), d(2026, 6, 20)).unwrap_err();
        assert!(matches!(e, MergeError::MixedPeriods { .. }), "{e:?}");
        assert_eq!(
            error_message(Lang::Vi, &e),
            "Không gộp được: 8A.xlsx là kỳ 2026-H1 nhưng 8B.xlsx là kỳ 2026"
        );
        assert_eq!(
            error_message(Lang::En, &e),
            "Cannot merge: 8A.xlsx covers 2026-H1 but 8B.xlsx covers 2026"
        );
    }

    #[test]
    fn refuses_periods_with_the_same_code_but_other_dates() {
        let mut b = class("8B", 2);
        b.header.period.period.to = d(2026, 6, 13);
        let e = merge(files(&[class("8A", 2), b]), d(2026, 6, 20)).unwrap_err();
        let msg = error_message(Lang::En, &e);
        assert!(
            msg.contains("8A.xlsx covers 2026-H1 (15/12/2025 – 14/06/2026)"),
            "{msg}"
        );
        assert!(
            msg.contains("8B.xlsx covers 2026-H1 (15/12/2025 – 13/06/2026)"),
            "{msg}"
        );
    }

    #[test]
    fn refuses_mixed_schools_by_code_in_any_case() {
        let mut b = class("8B", 2);
        b.header.school_code = " hc001 ".into();
        b.header.school = "THCS Hư Cấu".into();
        assert!(merge(files(&[class("8A", 2), b]), d(2026, 6, 20)).is_ok());

        let mut c = class("8C", 2);
        c.header.school = "Trường THCS Khác".into();
        c.header.school_code = "HC002".into();
        let e = merge(files(&[class("8A", 2), class("8B", 3), c]), d(2026, 6, 20)).unwrap_err();
        assert!(matches!(e, MergeError::MixedSchools { .. }), "{e:?}");
        assert_eq!(
            error_message(Lang::En, &e),
            "Cannot merge: 8A.xlsx is from school Trường THCS Hư Cấu (HC001) but 8C.xlsx is from school Trường THCS Khác (HC002)"
        );
        assert_eq!(
            error_message(Lang::Vi, &e),
            "Không gộp được: 8A.xlsx là của trường Trường THCS Hư Cấu (HC001) nhưng 8C.xlsx là của trường Trường THCS Khác (HC002)"
        );
    }

    #[test]
    fn refuses_a_class_given_twice() {
        let mut again = class("8a ", 3);
        again.header.teacher = "Giáo viên khác".into();
        let mut list = files(&[class("8A", 2), class("8B", 2)]);
        list.push((PathBuf::from("8A-ban-sao.csv"), again));
        let e = merge(list, d(2026, 6, 20)).unwrap_err();
        assert!(matches!(e, MergeError::SameClass { .. }), "{e:?}");
        assert_eq!(
            error_message(Lang::En, &e),
            "Cannot merge: 8A.xlsx and 8A-ban-sao.csv are both class 8a, which would be counted twice"
        );
        assert!(error_message(Lang::Vi, &e).contains("đều là lớp 8a"));
    }

    #[test]
    fn one_class_spelt_two_ways_is_still_one_class() {
        for spelling in ["8 A", "Lớp 8A", "lop 8-a", "Class 8A"] {
            let e = merge(files(&[class("8A", 2), class(spelling, 3)]), d(2026, 6, 20)).unwrap_err();
            assert!(matches!(e, MergeError::SameClass { .. }), "{spelling}: {e:?}");
        }
        // Classes that only share a prefix stay apart.
        assert!(
            merge(
                files(&[class("8A", 2), class("8A1", 3), class("Lớp", 1)]),
                d(2026, 6, 20)
            )
            .is_ok()
        );
    }

    #[test]
    fn a_school_code_that_lost_its_leading_zeros_is_the_same_school() {
        let mut a = class("8A", 2);
        a.header.school_code = "0123".into();
        let mut b = class("8B", 3);
        b.header.school_code = "123".into();
        assert!(merge(files(&[a.clone(), b]), d(2026, 6, 20)).is_ok());
        let mut c = class("8C", 3);
        c.header.school_code = "1230".into();
        let e = merge(files(&[a, c]), d(2026, 6, 20)).unwrap_err();
        assert!(matches!(e, MergeError::MixedSchools { .. }), "{e:?}");
    }

    #[test]
    fn reads_html_saved_again_with_a_byte_order_mark() {
        let dir = tempfile::tempdir().unwrap();
        let f = class("8A", 2);
        let html = format!(
            "\u{FEFF}<!DOCTYPE html><html><body>\n<script type=\"text/plain\" id=\"sotay-figures\">\n{}</script></body></html>\n",
            f.to_block()
        );
        let path = dir.path().join("8A.html");
        std::fs::write(&path, html).unwrap();
        assert_eq!(read(&path).unwrap(), f);
    }

    #[test]
    fn reading_names_the_file_it_cannot_use() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("8A.xlsx");
        let e = read(&missing).unwrap_err();
        assert!(matches!(e, MergeError::Unreadable { .. }), "{e:?}");
        assert!(error_message(Lang::Vi, &e).starts_with("Không đọc được "));
        assert!(error_message(Lang::En, &e).contains("8A.xlsx"));

        let plain = dir.path().join("ghi-chu.md");
        std::fs::write(&plain, "# Ghi chú\n\nKhông có số liệu.\n").unwrap();
        let e = read(&plain).unwrap_err();
        assert!(
            matches!(
                &e,
                MergeError::Figures {
                    error: FiguresError::Missing,
                    ..
                }
            ),
            "{e:?}"
        );
        let msg = error_message(Lang::En, &e);
        assert!(
            msg.contains("ghi-chu.md") && msg.contains("not a class report"),
            "{msg}"
        );

        let not_xlsx = dir.path().join("8B.xlsx");
        std::fs::write(&not_xlsx, b"PK\x03\x04 not really a workbook").unwrap();
        let e = read(&not_xlsx).unwrap_err();
        assert!(matches!(&e, MergeError::Figures { .. }), "{e:?}");
        assert!(error_message(Lang::Vi, &e).contains("8B.xlsx"));
    }

    #[test]
    fn reads_a_text_block_whatever_the_file_is_called() {
        let dir = tempfile::tempdir().unwrap();
        let f = class("8A", 2);
        let html = format!(
            "<!DOCTYPE html><html><body><p>Lớp 8A</p>\n<script type=\"text/plain\" id=\"sotay-figures\">\n{}</script></body></html>\n",
            f.to_block()
        );
        let path = dir.path().join("bao-cao-8A.txt");
        std::fs::write(&path, html).unwrap();
        assert_eq!(read(&path).unwrap(), f);
    }

    #[test]
    fn messages_name_the_figures_problem() {
        let file = PathBuf::from("8A.csv");
        let e = |error| MergeError::Figures {
            file: file.clone(),
            error,
        };
        let m = error_message(Lang::En, &e(FiguresError::MissingKey("pupils".into())));
        assert_eq!(m, "The figures in 8A.csv lack pupils; export that class's report again");
        let m = error_message(Lang::Vi, &e(FiguresError::BadValue("visits".into())));
        assert!(m.contains("8A.csv") && m.contains("visits"), "{m}");
        let m = error_message(
            Lang::Vi,
            &e(FiguresError::OverTotal(crate::report::summary::Indicator::Monitored)),
        );
        assert!(
            m.contains("8A.csv") && m.contains("«Tỷ lệ trẻ được quản lý, theo dõi»"),
            "{m}"
        );
    }
}
