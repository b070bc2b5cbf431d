//! A report laid out in words, in one language: what every format renders. The summary, the
//! school report and the area report are turned into a `Document` here, once; the renderers
//! only draw it.

use chrono::NaiveDate;

use super::area::{AreaLevel, AreaReport};
use super::figures::Figures;
use super::merge::{Missing, SchoolReport};
use super::period::ReportPeriod;
use super::summary::{CaseRow, Counted, Counts, Detail, Goal, Indicator, IndicatorRow, Summary, SupportFigures};
use crate::domain::{CloseReason, Field, Ratio, Settings, SupportStatus, SupportType, Target};
use crate::i18n::Lang;
use crate::i18n::domain::{close_reason, decision, field, stage, support_status, support_type};
use crate::i18n::indicator::{name as indicator_name, short as indicator_short};
use crate::i18n::report::R;
use crate::i18n::views::V;
use crate::text::{format_date, format_vnd};

#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    pub lang: Lang,
    /// E.g. "Báo cáo tổng hợp phòng ngừa lao động trẻ em — Lớp 8A" / "Child-labour prevention
    /// summary — Class 8A".
    pub title: String,
    /// Set for `--detail full`: every page or sheet says "confidential" (`confidential_note`).
    pub confidential: bool,
    /// The line every page or sheet carries when confidential, in the report's language;
    /// empty when not.
    pub confidential_note: String,
    /// Label and value: school, school code, commune or ward, province, class, school year,
    /// teacher, period, its dates, date made, counted to. Values are cells, so a date is a
    /// date in every format (a date cell in XLSX, yyyy-mm-dd in CSV) and a number a number.
    pub header: Vec<(String, Cell)>,
    /// In XLSX, one worksheet each (the first is laid out for A4); in the other formats,
    /// sections in order.
    pub sheets: Vec<Sheet>,
    /// What a merge reads back; `None` for a school report (it is not merged again).
    pub figures: Option<Figures>,
}

impl Document {
    /// The text a reader sees with control and direction characters escaped (see
    /// `text::visible`): a name stored by an older sotay, or read from a class's file in a
    /// merge, cannot act on a terminal that prints the CSV or Markdown, nor turn a line of
    /// the HTML around. `figures` stay as read: they are data, not shown.
    fn shown(mut self) -> Document {
        let show = |s: &mut String| {
            if let std::borrow::Cow::Owned(v) = crate::text::visible(s) {
                *s = v;
            }
        };
        show(&mut self.title);
        for (_, value) in &mut self.header {
            if let Cell::Text(t) = value {
                show(t);
            }
        }
        for table in self.sheets.iter_mut().flat_map(|s| s.tables.iter_mut()) {
            show(&mut table.title);
            for cell in table.rows.iter_mut().flatten() {
                if let Cell::Text(t) = cell {
                    show(t);
                }
            }
        }
        self
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Sheet {
    /// A worksheet name: at most 31 characters, none of `[]:*?/\`.
    pub name: String,
    pub tables: Vec<Table>,
    /// Lines under the tables: where the definitions are, how the day counted to is chosen,
    /// what the report holds about pupils.
    pub notes: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// The last row is a total (drawn bold).
    pub total_row: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Int(u64),
    /// A fraction (0.25 is 25%); `None` when there is nothing to count (shown as "–").
    Percent(Option<f64>),
    /// An amount in đồng: a number in XLSX (format `#,##0 "₫"`), `1.500.000 ₫` as text.
    Vnd(u64),
    Date(NaiveDate),
    Empty,
}

/// A class's summary: sheets "Tổng hợp"/"Summary" (header, indicators, counts), "Hỗ trợ"/
/// "Support" (by type), "Định nghĩa"/"Definitions" (what each line counts), and in full
/// detail "Hồ sơ"/"Cases" (a row per pupil with a case).
pub fn class_summary(s: &Summary, lang: Lang) -> Document {
    class_summary_as_stored(s, lang).shown()
}

fn class_summary_as_stored(s: &Summary, lang: Lang) -> Document {
    let h = &s.header;
    let full = s.detail == Detail::Full;
    let header = vec![
        (field(lang, Field::School).to_string(), text(&h.school)),
        (field(lang, Field::SchoolCode).to_string(), text(&h.school_code)),
        (field(lang, Field::Commune).to_string(), text(&h.commune)),
        (field(lang, Field::Province).to_string(), text(&h.province)),
        (field(lang, Field::Class).to_string(), text(&h.class)),
        (
            field(lang, Field::SchoolYear).to_string(),
            text(h.school_year.to_string()),
        ),
        (R::HTeacher.get(lang).to_string(), text(&h.teacher)),
    ]
    .into_iter()
    .chain(period_rows(lang, &h.period))
    .chain([
        (R::HMadeOn.get(lang).to_string(), Cell::Date(h.made_on)),
        (R::HAsOf.get(lang).to_string(), Cell::Date(h.as_of)),
    ])
    .collect();
    let limits = [(h.class.as_str(), h.limits)];
    let privacy = if full { R::NoteFull } else { R::NoteSummary };
    let mut sheets = vec![
        summary_sheet(lang, &s.counts, Vec::new()),
        support_sheet(lang, &s.counts),
        definitions_sheet(
            &limits,
            lang,
            vec![R::NoteAsOf.get(lang).into(), privacy.get(lang).into()],
        ),
    ];
    // Names and birth dates only in full detail, whatever `cases` holds.
    if full {
        sheets.push(Sheet {
            name: R::SheetCases.get(lang).into(),
            tables: vec![cases_table(&s.cases, lang)],
            notes: Vec::new(),
        });
    }
    Document {
        lang,
        title: R::TitleClass.fill(lang, &[&h.class]),
        confidential: full,
        // Empty otherwise, so no renderer can stamp a summary sent upward as confidential.
        confidential_note: if full {
            R::Confidential.get(lang).into()
        } else {
            String::new()
        },
        header,
        sheets,
        figures: Some(Figures {
            not_counted: Vec::new(),
            header: s.header.clone(),
            detail: s.detail,
            counts: s.counts.clone(),
            lang: Some(lang),
        }),
    }
}

/// A school report: the indicators for the school, per class, the counts and the support
/// by type for the school (total), the definitions, and a list of the files merged.
pub fn school_report(r: &SchoolReport, lang: Lang) -> Document {
    school_report_as_stored(r, lang).shown()
}

fn school_report_as_stored(r: &SchoolReport, lang: Lang) -> Document {
    // A merge refuses mixed schools and periods, so the first class speaks for those; the
    // commune and province are the merge's choice among the classes'.
    let first = r.classes.first().map(|(_, f)| &f.header);
    let school = first.map(|h| h.school.clone()).unwrap_or_default();
    let mut header = vec![
        (field(lang, Field::School).to_string(), text(school.clone())),
        (
            field(lang, Field::SchoolCode).to_string(),
            text(first.map(|h| h.school_code.clone()).unwrap_or_default()),
        ),
        (field(lang, Field::Commune).to_string(), text(r.commune.clone())),
        (field(lang, Field::Province).to_string(), text(r.province.clone())),
    ];
    if let Some(h) = first {
        header.extend(period_rows(lang, &h.period));
    }
    header.push((R::HMadeOn.get(lang).to_string(), Cell::Date(r.made_on)));
    header.extend(counted_to(r, lang));
    header.push((R::HClasses.get(lang).to_string(), Cell::Int(r.classes.len() as u64)));
    let limits: Vec<(&str, Option<Settings>)> = r
        .classes
        .iter()
        .map(|(_, f)| (f.header.class.as_str(), f.header.limits))
        .collect();
    let lacking = r
        .classes
        .iter()
        .filter(|(_, f)| !f.lacking().is_empty())
        .map(|(_, f)| f.header.class.clone());
    let mut sheets = vec![
        summary_sheet(
            lang,
            &r.total,
            [R::NoteMerged.fill(lang, &[&r.classes.len()])]
                .into_iter()
                .chain(not_counted_note(lang, &r.total, lacking))
                .collect(),
        ),
        // Ten columns: a sheet of its own, printed landscape, so the names stay readable.
        Sheet {
            name: R::SheetByClass.get(lang).into(),
            tables: vec![by_class_table(r, lang)],
            notes: Vec::new(),
        },
        support_sheet(lang, &r.total),
        definitions_sheet(
            &limits,
            lang,
            vec![R::NoteAsOf.get(lang).into(), R::NoteSummary.get(lang).into()],
        ),
        Sheet {
            name: R::SheetClasses.get(lang).into(),
            tables: vec![files_table(r, lang)],
            notes: Vec::new(),
        },
    ];
    // Right after the summary: the list a principal chases before the deadline.
    let rows = r
        .missing
        .iter()
        .map(|m| vec![text(m.name.clone()), last_sent(lang, m), why(lang, m)])
        .collect();
    insert_missing(
        &mut sheets,
        lang,
        R::TblMissingClasses,
        vec![R::ColClass.get(lang).into()],
        rows,
    );
    merged_document(lang, R::TitleSchool.fill(lang, &[&school]), header, sheets)
}

/// The day the classes' figures are counted to, or the earliest and the latest when classes
/// of an unfinished period were made on different days (the classes sheet lists each one's).
fn counted_to(r: &SchoolReport, lang: Lang) -> Vec<(String, Cell)> {
    counted_to_days(r.classes.iter().map(|(_, f)| f.header.as_of), lang)
}

fn counted_to_days(days: impl Iterator<Item = NaiveDate> + Clone, lang: Lang) -> Vec<(String, Cell)> {
    let row = |k: R, d: NaiveDate| (k.get(lang).to_string(), Cell::Date(d));
    match (days.clone().min(), days.max()) {
        (Some(a), Some(b)) if a == b => vec![row(R::HAsOf, a)],
        (Some(a), Some(b)) => vec![row(R::HAsOfEarliest, a), row(R::HAsOfLatest, b)],
        _ => Vec::new(),
    }
}

/// An area's report: the indicators and counts of the whole, the indicators by school with
/// a total row, the support by type, the definitions, and the schools and classes that have
/// not sent figures.
pub fn area_report(r: &AreaReport, lang: Lang) -> Document {
    area_report_as_stored(r, lang).shown()
}

fn area_report_as_stored(r: &AreaReport, lang: Lang) -> Document {
    let (place, code, whole) = match r.level {
        AreaLevel::Commune => (Field::Commune, R::HCommuneCode, R::WholeCommune),
        AreaLevel::Province => (Field::Province, R::HProvinceCode, R::WholeProvince),
    };
    let classes = || {
        r.schools
            .iter()
            .flat_map(|s| s.classes.iter().map(move |(_, f)| (s, f)))
    };
    let class_count = r.class_count();
    let mut header = vec![
        (field(lang, place).to_string(), text(r.name.clone())),
        (code.get(lang).to_string(), text(r.code.clone())),
    ];
    // `merge_area` refuses mixed periods, so any class speaks for the period.
    if let Some((_, f)) = classes().next() {
        header.extend(period_rows(lang, &f.header.period));
    }
    header.push((R::HMadeOn.get(lang).to_string(), Cell::Date(r.made_on)));
    header.extend(counted_to_days(classes().map(|(_, f)| f.header.as_of), lang));
    header.push((R::HSchools.get(lang).to_string(), Cell::Int(r.schools.len() as u64)));
    header.push((R::HClasses.get(lang).to_string(), Cell::Int(class_count as u64)));

    let lacking = classes()
        .filter(|(_, f)| !f.lacking().is_empty())
        .map(|(s, f)| format!("{} – {}", s.school(), f.header.class));
    let limits: Vec<Option<Settings>> = classes().map(|(_, f)| f.header.limits).collect();
    let intervention = limit_range(lang, &limits, |l| l.intervention_days);
    let monitoring = limit_range(lang, &limits, |l| l.monitoring_days);
    let mut sheets = vec![
        summary_sheet(
            lang,
            &r.total,
            [R::NoteAreaMerged.fill(lang, &[&r.schools.len(), &class_count])]
                .into_iter()
                .chain(not_counted_note(lang, &r.total, lacking))
                .collect(),
        ),
        Sheet {
            name: R::SheetBySchool.get(lang).into(),
            tables: vec![by_school_table(r, whole.get(lang), lang)],
            notes: Vec::new(),
        },
        support_sheet(lang, &r.total),
        definitions_sheet_with(
            lang,
            &intervention,
            &monitoring,
            vec![R::NoteAsOf.get(lang).into(), R::NoteSummary.get(lang).into()],
        ),
    ];
    // Schools without figures first, then the classes missing within the others.
    let mut rows: Vec<Vec<Cell>> = r
        .missing
        .iter()
        .map(|m| {
            vec![
                text(m.name.clone()),
                text(R::NoClassSent.get(lang)),
                last_sent(lang, m),
                why(lang, m),
            ]
        })
        .collect();
    for s in &r.schools {
        rows.extend(
            s.missing
                .iter()
                .map(|m| vec![text(s.school()), text(m.name.clone()), last_sent(lang, m), why(lang, m)]),
        );
    }
    insert_missing(
        &mut sheets,
        lang,
        R::TblMissingArea,
        vec![field(lang, Field::School).into(), R::ColClass.get(lang).into()],
        rows,
    );
    merged_document(lang, R::TitleArea.fill(lang, &[&r.name]), header, sheets)
}

/// School | classes | pupils | each indicator, a row per school, then the whole area's row
/// computed from the summed counts.
fn by_school_table(r: &AreaReport, whole: &str, lang: Lang) -> Table {
    let row = |label: &str, classes: usize, c: &Counts| {
        let mut cells = vec![text(label), Cell::Int(classes as u64), Cell::Int(c.pupils)];
        cells.extend(c.indicator_rows().iter().map(indicator_cell));
        cells
    };
    let mut rows: Vec<Vec<Cell>> = r
        .schools
        .iter()
        .map(|s| row(s.school(), s.classes.len(), &s.total))
        .collect();
    rows.push(row(whole, r.class_count(), &r.total));
    let mut columns = vec![
        field(lang, Field::School).to_string(),
        R::ColClasses.get(lang).to_string(),
        R::ColPupils.get(lang).to_string(),
    ];
    columns.extend(Indicator::ALL.iter().map(|i| indicator_short(lang, *i).to_string()));
    Table {
        title: R::TblBySchool.get(lang).into(),
        columns,
        rows,
        total_row: true,
    }
}

/// The sheet of those that have not sent figures.
/// The "Not sent" sheet, right after the summary, when `rows` has any: the columns that
/// name a row (`naming`), then when it last sent and why it is missing all the same.
fn insert_missing(sheets: &mut Vec<Sheet>, lang: Lang, title: R, naming: Vec<String>, rows: Vec<Vec<Cell>>) {
    if rows.is_empty() {
        return;
    }
    let mut columns = naming;
    columns.extend([R::ColLastSent.get(lang).into(), R::ColWhy.get(lang).into()]);
    let table = Table {
        title: title.get(lang).into(),
        columns,
        rows,
        total_row: false,
    };
    sheets.insert(
        1,
        Sheet {
            name: R::SheetMissing.get(lang).into(),
            tables: vec![table],
            notes: Vec::new(),
        },
    );
}

/// The first sheet of every report: the indicators and the counts, with `notes` and then
/// where the definitions are.
fn summary_sheet(lang: Lang, counts: &Counts, mut notes: Vec<String>) -> Sheet {
    notes.push(R::NoteDefinitions.fill(lang, &[&R::TblDefinitions.get(lang)]));
    Sheet {
        name: R::SheetSummary.get(lang).into(),
        tables: vec![indicators_table(counts, lang), counts_table(counts, lang)],
        notes,
    }
}

fn support_sheet(lang: Lang, counts: &Counts) -> Sheet {
    Sheet {
        name: R::SheetSupport.get(lang).into(),
        tables: vec![support_table(counts, lang)],
        notes: Vec::new(),
    }
}

/// The header's rows naming the reporting period: its name, first and last day.
fn period_rows(lang: Lang, p: &ReportPeriod) -> [(String, Cell); 3] {
    [
        (R::HPeriod.get(lang).to_string(), text(p.name(lang))),
        (R::HFrom.get(lang).to_string(), Cell::Date(p.period.from)),
        (R::HTo.get(lang).to_string(), Cell::Date(p.period.to)),
    ]
}

/// A report merged from classes' figures (a school's, a commune's, a province's): never
/// confidential (no names), and no figures of its own to embed.
fn merged_document(lang: Lang, title: String, header: Vec<(String, Cell)>, sheets: Vec<Sheet>) -> Document {
    Document {
        lang,
        title,
        confidential: false,
        confidential_note: String::new(),
        header,
        sheets,
        figures: None,
    }
}

/// Why one that sent figures is missing all the same; empty when it sent none.
fn why(lang: Lang, m: &Missing) -> Cell {
    text(m.why.map_or("", |w| w.text(lang)))
}

/// The day a class or school last sent figures, or "never".
fn last_sent(lang: Lang, m: &Missing) -> Cell {
    m.last_sent.map_or_else(|| text(R::Never.get(lang)), Cell::Date)
}

/// The note under a summary whose total does not count some indicators: which, and whose
/// files lack their figures. `None` when every indicator is counted.
fn not_counted_note(lang: Lang, total: &Counts, lacking: impl Iterator<Item = String>) -> Option<String> {
    let names: Vec<&str> = total
        .indicator_rows()
        .iter()
        .filter(|row| row.counted.is_none())
        .map(|row| indicator_name(lang, row.indicator))
        .collect();
    if names.is_empty() {
        return None;
    }
    let who: Vec<String> = lacking.collect();
    Some(R::NoteNotCounted.fill(lang, &[&names.join("; "), &who.join(", ")]))
}

/// How a cell reads as text (CSV, HTML, Markdown): numbers plain, percentages with one
/// decimal and a comma in Vietnamese (`33,3%`) or a point in English (`33.3%`), amounts as
/// `1.500.000 ₫`, dates as dd/mm/yyyy, `None` shares as `–`.
pub fn cell_text(cell: &Cell, lang: Lang) -> String {
    match cell {
        Cell::Text(t) => t.clone(),
        Cell::Int(n) => n.to_string(),
        Cell::Percent(None) => "–".into(),
        Cell::Percent(Some(f)) => {
            // Half away from zero, as Excel's `0.0%` shows it (`{:.1}` alone rounds ties to
            // even: 1/16 would read 6,2% here and 6,3% in the workbook).
            let s = format!("{:.1}%", (f * 1000.0).round() / 10.0);
            match lang {
                Lang::Vi => s.replace('.', ","),
                Lang::En => s,
            }
        }
        Cell::Vnd(v) => format_vnd(*v),
        Cell::Date(d) => format_date(*d),
        Cell::Empty => String::new(),
    }
}

/// The share a report shows, rounded to 0.1% once, here, so that every format shows the
/// same digits (a workbook holds this number, not the exact fraction), the same as the
/// dashboard's, and the digits never suggest a target met that is not: with a target, by
/// `Ratio::shown_tenths` (197/199 reads 98,9% and not 99,0% against ≥ 99%; 5/499 reads 1,1%
/// and not 1,0% against ≤ 1%); without one, half away from zero. `None` when there is
/// nothing to count.
pub fn shown_share(count: u64, total: u64, target: Option<Target>) -> Option<f64> {
    if total == 0 {
        return None;
    }
    // The dashboard's rule (`Ratio::shown_tenths`), in whole tenths of a percent.
    let tenths = match target {
        Some(target) => Ratio {
            count: usize::try_from(count).unwrap_or(usize::MAX),
            total: usize::try_from(total).unwrap_or(usize::MAX),
            target,
        }
        .shown_tenths()?,
        None => {
            let (c, t) = (u128::from(count) * 1000, u128::from(total));
            u64::try_from((2 * c + t) / (2 * t)).unwrap_or(u64::MAX)
        }
    };
    Some(tenths as f64 / 1000.0)
}

/// An indicator's share as shown (see [`shown_share`]); `None` for a plain count or
/// nothing to count.
fn row_share(goal: Option<Goal>, c: &Counted) -> Option<f64> {
    let target = match goal {
        Some(Goal::Share(t)) => Some(t),
        _ => None,
    };
    c.total.and_then(|total| shown_share(c.count, total, target))
}

/// The cell of an indicator in a table by class or by school: its share, its count for a
/// plain count; when not counted, the empty share (`–`) or an empty count, never 0.
fn indicator_cell(row: &IndicatorRow) -> Cell {
    match &row.counted {
        Some(c) if c.total.is_some() => Cell::Percent(row_share(row.goal, c)),
        Some(c) => Cell::Int(c.count),
        None if row.indicator.spec().out_of.is_some() => Cell::Percent(None),
        None => Cell::Empty,
    }
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn goal_text(lang: Lang, goal: Option<Goal>) -> String {
    match goal {
        Some(Goal::Share(Target::AtLeast(p))) => format!("≥ {p}%"),
        Some(Goal::Share(Target::AtMost(p))) => format!("≤ {p}%"),
        Some(Goal::NoChild) => R::TargetNoChild.get(lang).into(),
        None => "—".into(),
    }
}

/// What indicator `i` counts, in words: the one text the reports' definitions and the
/// dashboard show. `intervention` and `monitoring` are the limits in words ("7 days").
pub fn definition(lang: Lang, i: Indicator, intervention: &str, monitoring: &str) -> String {
    match i {
        Indicator::IntervenedInTime => R::DIntervened.fill(lang, &[&intervention]),
        Indicator::Monitored => R::DMonitored.fill(lang, &[&monitoring]),
        Indicator::InEducation => R::DEducation.get(lang).into(),
        Indicator::ParentsInformed => R::DParents.get(lang).into(),
        Indicator::StudentsInformed => R::DStudents.get(lang).into(),
        Indicator::ChildLabourRate => R::DChildLabour.get(lang).into(),
        Indicator::Hazardous => R::DHazardous.get(lang).into(),
        Indicator::Trafficked => R::DTrafficked.get(lang).into(),
        Indicator::TrainedTeachers => R::DTrained.get(lang).into(),
    }
}

/// Every indicator's name and definition for one notebook's limits, in report order: what
/// the dashboard lists under "how each indicator is counted".
pub fn definitions(lang: Lang, limits: Settings) -> Vec<(&'static str, String)> {
    let (intervention, monitoring) = (days(lang, limits.intervention_days), days(lang, limits.monitoring_days));
    named_definitions(lang, &intervention, &monitoring)
}

/// Each indicator's name and definition, with the limits already in words.
fn named_definitions(lang: Lang, intervention: &str, monitoring: &str) -> Vec<(&'static str, String)> {
    Indicator::ALL
        .iter()
        .map(|i| (indicator_name(lang, *i), definition(lang, *i, intervention, monitoring)))
        .collect()
}

/// What each line of the report counts, in the report's words: a sheet (XLSX) or a section
/// (the others) with a row per indicator, then the shares, the counts that need saying and
/// the support columns. `classes` gives each class's limits, filled into the two
/// indicators that use them.
fn definitions_sheet(classes: &[(&str, Option<Settings>)], lang: Lang, notes: Vec<String>) -> Sheet {
    let intervention = limit_text(lang, classes, |l| l.intervention_days);
    let monitoring = limit_text(lang, classes, |l| l.monitoring_days);
    definitions_sheet_with(lang, &intervention, &monitoring, notes)
}

/// The definitions sheet with the limits already in words.
fn definitions_sheet_with(lang: Lang, intervention: &str, monitoring: &str, notes: Vec<String>) -> Sheet {
    let mut rows: Vec<Vec<Cell>> = named_definitions(lang, intervention, monitoring)
        .into_iter()
        .map(|(name, definition)| vec![text(name), text(definition)])
        .collect();
    // The lines beside the indicators whose words alone could mislead.
    let others = [
        (R::ColShare, R::DShare),
        (R::CAtRisk, R::DByDecision),
        (R::CChildLabour, R::DByDecision),
        (R::CCases, R::DCases),
        (R::COpen, R::DOpen),
        (R::CNew, R::DNew),
        (R::CClosed, R::DClosed),
        (R::CReached, R::DReached),
        // Named as the support table's columns are, which they define.
        (R::ColPlanned, R::DSupportAll),
        (R::ColDelivered, R::DSupportDelivered),
    ];
    rows.extend(
        others
            .iter()
            .map(|(label, definition)| vec![text(label.get(lang)), text(definition.get(lang))]),
    );
    Sheet {
        name: R::SheetDefinitions.get(lang).into(),
        tables: vec![Table {
            title: R::TblDefinitions.get(lang).into(),
            columns: vec![R::ColItem.get(lang).into(), R::ColDefinition.get(lang).into()],
            rows,
            total_row: false,
        }],
        notes,
    }
}

/// "7 ngày" / "7 days".
fn days(lang: Lang, n: u32) -> String {
    if n == 1 {
        R::OneDay.get(lang).into()
    } else {
        R::Days.fill(lang, &[&n])
    }
}

/// A limit as a definition says it: "7 ngày" when every class counted with the same one;
/// else each class's ("số ngày do từng lớp đặt (6A: 7 ngày; 7A: 14 ngày)"), since one
/// number would be wrong for some of them. A file written before the limits were carried
/// says nothing, and the definition says so.
fn limit_text(lang: Lang, classes: &[(&str, Option<Settings>)], get: fn(&Settings) -> u32) -> String {
    let values: Vec<Option<u32>> = classes.iter().map(|(_, l)| l.as_ref().map(get)).collect();
    if let Some(Some(v)) = values.first()
        && values.iter().all(|x| *x == Some(*v))
    {
        return days(lang, *v);
    }
    let each: Vec<String> = classes
        .iter()
        .zip(&values)
        .map(|((class, _), v)| {
            let limit = v.map_or_else(|| R::DaysUnknown.get(lang).to_string(), |n| days(lang, n));
            format!("{class}: {limit}")
        })
        .collect();
    R::DaysByClass.fill(lang, &[&each.join("; ")])
}

/// A limit as an area's definitions say it: "7 ngày" when every class counted with the
/// same one; else the smallest and the largest ("số ngày do từng lớp đặt (từ 7 ngày đến
/// 14 ngày)"), since a list of every class would fill pages.
fn limit_range(lang: Lang, limits: &[Option<Settings>], get: fn(&Settings) -> u32) -> String {
    let known: Vec<u32> = limits.iter().flatten().map(get).collect();
    let unknown = R::DaysUnknown.get(lang);
    match (known.iter().min(), known.iter().max()) {
        (Some(a), Some(b)) if a == b && known.len() == limits.len() => days(lang, *a),
        // One limit, and files of version 1 that do not say theirs.
        (Some(a), Some(b)) if a == b => R::DaysByClass.fill(lang, &[&format!("{}; {unknown}", days(lang, *a))]),
        (Some(a), Some(b)) => R::DaysRange.fill(lang, &[&days(lang, *a), &days(lang, *b)]),
        _ => R::DaysByClass.fill(lang, &[&unknown]),
    }
}

/// The plan's indicators: indicator | count | out of | share | target | met.
fn indicators_table(c: &Counts, lang: Lang) -> Table {
    let rows = c
        .indicator_rows()
        .iter()
        .map(|row| {
            let name = text(indicator_name(lang, row.indicator));
            let goal = text(goal_text(lang, row.goal));
            let Some(c) = &row.counted else {
                // A file lacked a figure it needs: no number at all, and the reason.
                return vec![
                    name,
                    Cell::Empty,
                    Cell::Empty,
                    indicator_cell(row),
                    goal,
                    text(R::NotCounted.get(lang)),
                ];
            };
            vec![
                name,
                Cell::Int(c.count),
                c.total.map_or(Cell::Empty, Cell::Int),
                // A plain count has no share, not an empty one ("–").
                if c.total.is_some() {
                    Cell::Percent(row_share(row.goal, c))
                } else {
                    Cell::Empty
                },
                goal,
                match c.met {
                    Some(true) => text(R::Met.get(lang)),
                    Some(false) => text(R::NotMet.get(lang)),
                    None => Cell::Empty,
                },
            ]
        })
        .collect();
    Table {
        title: R::TblIndicators.get(lang).into(),
        columns: [
            R::ColIndicator,
            R::ColCount,
            R::ColOutOf,
            R::ColShare,
            R::ColTarget,
            R::ColMet,
        ]
        .iter()
        .map(|k| k.get(lang).to_string())
        .collect(),
        rows,
        total_row: false,
    }
}

/// Item | number: the plain counts, then closed cases by reason.
fn counts_table(c: &Counts, lang: Lang) -> Table {
    let row = |label: String, n: u64| vec![Cell::Text(label), Cell::Int(n)];
    let mut rows = vec![
        row(R::CPupils.get(lang).into(), c.pupils),
        row(R::CPupils517.get(lang).into(), c.pupils_5_17),
        row(R::CAtRisk.get(lang).into(), c.at_risk),
        row(R::CChildLabour.get(lang).into(), c.child_labour),
        row(R::CNew.get(lang).into(), c.newly_identified),
        row(R::CCases.get(lang).into(), c.cases),
        row(R::COpen.get(lang).into(), c.open_cases),
        row(
            R::CClosed.get(lang).into(),
            c.closed.iter().fold(0u64, |a, n| a.saturating_add(*n)),
        ),
    ];
    for (reason, n) in CloseReason::ALL.iter().zip(c.closed) {
        rows.push(row(R::CClosedBy.fill(lang, &[&close_reason(lang, *reason)]), n));
    }
    rows.push(row(R::CVisits.get(lang).into(), c.visits));
    rows.push(row(R::CSessions.get(lang).into(), c.sessions));
    rows.push(row(R::CReached.get(lang).into(), c.people_reached));
    Table {
        title: R::TblCounts.get(lang).into(),
        columns: vec![R::ColItem.get(lang).into(), R::ColNumber.get(lang).into()],
        rows,
        total_row: false,
    }
}

/// Type | planned | amount planned | delivered | amount delivered, a row per
/// type in `SupportType::ALL` order, then the total.
fn support_table(c: &Counts, lang: Lang) -> Table {
    let mut total = SupportFigures::default();
    let mut rows: Vec<Vec<Cell>> = SupportType::ALL
        .iter()
        .zip(c.supports)
        .map(|(t, f)| {
            // Sums stop at their largest value rather than overflow, as the counts do.
            total.planned = total.planned.saturating_add(f.planned);
            total.planned_vnd = total.planned_vnd.saturating_add(f.planned_vnd);
            total.delivered = total.delivered.saturating_add(f.delivered);
            total.delivered_vnd = total.delivered_vnd.saturating_add(f.delivered_vnd);
            support_row(text(support_type(lang, *t)), f)
        })
        .collect();
    rows.push(support_row(text(V::SupportTotal.get(lang)), total));
    Table {
        title: V::SecSupport.get(lang).into(),
        columns: vec![
            field(lang, Field::SupportType).into(),
            R::ColPlanned.get(lang).into(),
            R::ColPlannedVnd.get(lang).into(),
            R::ColDelivered.get(lang).into(),
            R::ColDeliveredVnd.get(lang).into(),
        ],
        rows,
        total_row: true,
    }
}

fn support_row(label: Cell, f: SupportFigures) -> Vec<Cell> {
    vec![
        label,
        Cell::Int(f.planned),
        Cell::Vnd(f.planned_vnd),
        Cell::Int(f.delivered),
        Cell::Vnd(f.delivered_vnd),
    ]
}

/// A row per pupil with a case (full detail only).
fn cases_table(cases: &[CaseRow], lang: Lang) -> Table {
    let date = |d: Option<NaiveDate>| d.map_or(Cell::Empty, Cell::Date);
    let rows = cases
        .iter()
        .map(|c| {
            vec![
                text(c.name.clone()),
                Cell::Date(c.birth_date),
                c.decision.map_or(Cell::Empty, |d| text(decision(lang, d))),
                text(stage(lang, c.stage)),
                Cell::Date(c.identified_on),
                Cell::Date(c.stage_on),
                date(c.first_intervention_on),
                c.close_reason.map_or(Cell::Empty, |r| text(close_reason(lang, r))),
                date(c.last_visit),
                text(supports_text(&c.supports, lang)),
            ]
        })
        .collect();
    Table {
        title: R::TblCases.get(lang).into(),
        columns: vec![
            field(lang, Field::Name).into(),
            field(lang, Field::BirthDate).into(),
            field(lang, Field::Decision).into(),
            field(lang, Field::Stage).into(),
            field(lang, Field::IdentifiedOn).into(),
            R::ColStageOn.get(lang).into(),
            R::ColFirstIntervention.get(lang).into(),
            field(lang, Field::CloseReason).into(),
            R::ColLastVisit.get(lang).into(),
            R::ColSupports.get(lang).into(),
        ],
        rows,
        total_row: false,
    }
}

/// "Học bổng: đã nhận 1.500.000 ₫; Miễn, giảm học phí: dự kiến".
fn supports_text(supports: &[(SupportType, SupportStatus, Option<u64>)], lang: Lang) -> String {
    supports
        .iter()
        .map(|(t, st, amount)| {
            let mut s = format!(
                "{}: {}",
                support_type(lang, *t),
                support_status(lang, *st).to_lowercase()
            );
            if let Some(a) = amount {
                s.push(' ');
                s.push_str(&format_vnd(*a));
            }
            s
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Class | pupils | each indicator (a share, or a count for the two plain counts), a row per
/// class, then the whole school's row computed from the summed counts.
fn by_class_table(r: &SchoolReport, lang: Lang) -> Table {
    let row = |label: &str, c: &Counts| {
        let mut cells = vec![text(label), Cell::Int(c.pupils)];
        cells.extend(c.indicator_rows().iter().map(indicator_cell));
        cells
    };
    let mut rows: Vec<Vec<Cell>> = r.classes.iter().map(|(_, f)| row(&f.header.class, &f.counts)).collect();
    rows.push(row(R::WholeSchool.get(lang), &r.total));
    let mut columns = vec![R::ColClass.get(lang).to_string(), R::ColPupils.get(lang).to_string()];
    columns.extend(Indicator::ALL.iter().map(|i| indicator_short(lang, *i).to_string()));
    Table {
        title: R::TblByClass.get(lang).into(),
        columns,
        rows,
        total_row: true,
    }
}

/// Class | teacher | file | date made | counted to.
fn files_table(r: &SchoolReport, lang: Lang) -> Table {
    let rows = r
        .classes
        .iter()
        .map(|(path, f)| {
            // Just the name: a full path may hold a teacher's user name.
            let file = path
                .file_name()
                .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
            vec![
                text(f.header.class.clone()),
                text(f.header.teacher.clone()),
                text(file),
                Cell::Date(f.header.made_on),
                Cell::Date(f.header.as_of),
            ]
        })
        .collect();
    Table {
        title: R::TblFiles.get(lang).into(),
        columns: vec![
            R::ColClass.get(lang).into(),
            R::HTeacher.get(lang).into(),
            R::ColFile.get(lang).into(),
            R::HMadeOn.get(lang).into(),
            R::HAsOf.get(lang).into(),
        ],
        rows,
        total_row: false,
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::domain::testkit::d;
    use crate::domain::{Decision, SchoolYear, Stage};
    use crate::report::period::ReportPeriod;
    use crate::report::summary::{CaseRow, Header};

    fn period() -> ReportPeriod {
        ReportPeriod::first_half(2027)
    }

    fn header(class: &str, teacher: &str) -> Header {
        Header {
            school: "Trường THCS Thực Hành".into(),
            school_code: "30012345".into(),
            commune: "Phường Mẫu".into(),
            province: "Hải Phòng".into(),
            class: class.into(),
            school_year: SchoolYear(2026),
            teacher: teacher.into(),
            period: period(),
            made_on: d(2027, 6, 20),
            as_of: d(2027, 6, 14),
            limits: Some(Settings::default()),
            trained_on: Some(d(2026, 8, 20)),
        }
    }

    /// Ten pupils, three cases (the worked example of docs/indicators.md, roughly).
    fn counts() -> Counts {
        let mut c = Counts {
            pupils: 10,
            pupils_5_17: 10,
            at_risk: 1,
            child_labour: 1,
            trafficked: 1,
            child_labour_5_17: 2,
            hazardous: 1,
            newly_identified: 2,
            cases: 3,
            closed: [1, 0, 0, 2],
            intervened_in_time: 1,
            intervention_decided: 2,
            monitored: 2,
            open_cases: 3,
            in_education: 2,
            parents_informed: 9,
            students_informed: 10,
            visits: 4,
            sessions: 2,
            people_reached: 35,
            homeroom_teachers: Some(1),
            trained_teachers: Some(1),
            ..Counts::default()
        };
        c.supports[0] = SupportFigures {
            planned: 2,
            planned_vnd: 3_000_000,
            delivered: 1,
            delivered_vnd: 1_500_000,
        };
        c.supports[1] = SupportFigures {
            planned: 1,
            planned_vnd: 0,
            delivered: 0,
            delivered_vnd: 0,
        };
        c.supports[9] = SupportFigures {
            planned: 3,
            planned_vnd: 200_000,
            delivered: 3,
            delivered_vnd: 200_000,
        };
        c
    }

    const NAMES: [&str; 2] = ["Lê Văn Mẫu", "Phạm Thị Thử"];

    fn cases() -> Vec<CaseRow> {
        vec![
            CaseRow {
                name: NAMES[0].into(),
                birth_date: d(2013, 3, 9),
                decision: Some(Decision::AtRisk),
                stage: Stage::Monitoring,
                identified_on: d(2027, 1, 4),
                stage_on: d(2027, 2, 1),
                first_intervention_on: Some(d(2027, 1, 8)),
                close_reason: None,
                last_visit: Some(d(2027, 5, 2)),
                supports: vec![
                    (SupportType::Scholarship, SupportStatus::Delivered, Some(1_500_000)),
                    (SupportType::TuitionExemption, SupportStatus::Planned, None),
                ],
            },
            CaseRow {
                name: NAMES[1].into(),
                birth_date: d(2012, 11, 30),
                decision: Some(Decision::ChildLabour),
                stage: Stage::Identified,
                identified_on: d(2027, 6, 10),
                stage_on: d(2027, 6, 10),
                first_intervention_on: None,
                close_reason: None,
                last_visit: None,
                supports: vec![],
            },
        ]
    }

    fn summary(detail: Detail) -> Summary {
        Summary {
            header: header("8A", "Nguyễn Thị Giáo"),
            detail,
            counts: counts(),
            // Given even in summary detail: the document must still leave the names out.
            cases: cases(),
        }
    }

    /// Every string a renderer could print, cells as text.
    fn all_text(doc: &Document) -> Vec<String> {
        let mut out = vec![doc.title.clone(), doc.confidential_note.clone()];
        for (k, v) in &doc.header {
            out.push(k.clone());
            out.push(cell_text(v, doc.lang));
        }
        for sheet in &doc.sheets {
            out.push(sheet.name.clone());
            for t in &sheet.tables {
                out.push(t.title.clone());
                out.extend(t.columns.iter().cloned());
                for row in &t.rows {
                    out.extend(row.iter().map(|c| cell_text(c, doc.lang)));
                }
            }
            out.extend(sheet.notes.iter().cloned());
        }
        out
    }

    fn sheet_names(doc: &Document) -> Vec<&str> {
        doc.sheets.iter().map(|s| s.name.as_str()).collect()
    }

    fn table(doc: &Document, title: R) -> &Table {
        titled(doc, title.get(doc.lang))
    }

    fn titled<'a>(doc: &'a Document, title: &str) -> &'a Table {
        doc.sheets
            .iter()
            .flat_map(|s| &s.tables)
            .find(|t| t.title == title)
            .unwrap_or_else(|| panic!("no table {title}"))
    }

    fn t(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    fn assert_sheet_names_valid(doc: &Document) {
        for name in sheet_names(doc) {
            assert!(!name.is_empty() && name.chars().count() <= 31, "{name}");
            assert!(!name.contains(['[', ']', ':', '*', '?', '/', '\\']), "{name}");
        }
    }

    #[test]
    fn sheets_are_named_in_the_reports_language() {
        let vi = class_summary(&summary(Detail::Summary), Lang::Vi);
        let en = class_summary(&summary(Detail::Summary), Lang::En);
        assert_eq!(sheet_names(&vi), ["Tổng hợp", "Hỗ trợ", "Định nghĩa"]);
        assert_eq!(sheet_names(&en), ["Summary", "Support", "Definitions"]);
        let full_vi = class_summary(&summary(Detail::Full), Lang::Vi);
        let full_en = class_summary(&summary(Detail::Full), Lang::En);
        assert_eq!(sheet_names(&full_vi), ["Tổng hợp", "Hỗ trợ", "Định nghĩa", "Hồ sơ"]);
        assert_eq!(sheet_names(&full_en), ["Summary", "Support", "Definitions", "Cases"]);
        for doc in [&vi, &en, &full_vi, &full_en] {
            assert_sheet_names_valid(doc);
        }
        assert_eq!(vi.title, "Báo cáo tổng hợp phòng ngừa lao động trẻ em — Lớp 8A");
        assert_eq!(en.title, "Child-labour prevention summary — Class 8A");
        assert_eq!(vi.lang, Lang::Vi);
    }

    #[test]
    fn header_names_the_class_period_and_days() {
        let doc = class_summary(&summary(Detail::Summary), Lang::Vi);
        let labels: Vec<&str> = doc.header.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            labels,
            [
                "Trường",
                "Mã trường",
                "Xã, phường",
                "Tỉnh, thành phố",
                "Lớp",
                "Năm học",
                "Giáo viên chủ nhiệm",
                "Kỳ báo cáo",
                "Từ ngày",
                "Đến ngày",
                "Ngày lập báo cáo",
                "Số liệu tính đến ngày",
            ]
        );
        let values: Vec<&Cell> = doc.header.iter().map(|(_, v)| v).collect();
        assert_eq!(values[4], &t("8A"));
        assert_eq!(values[5], &t("2026-2027"));
        assert_eq!(values[7], &t("6 tháng đầu năm 2027"));
        // Dates as dates, so each format writes them its own way (a date cell in XLSX).
        assert_eq!(values[8], &Cell::Date(d(2026, 12, 15)));
        assert_eq!(values[9], &Cell::Date(d(2027, 6, 14)));
        assert_eq!(values[10], &Cell::Date(d(2027, 6, 20)));
        assert_eq!(values[11], &Cell::Date(d(2027, 6, 14)));
        let figures = doc.figures.expect("a class summary embeds its figures");
        assert_eq!(figures.counts, counts());
        assert_eq!(figures.header, header("8A", "Nguyễn Thị Giáo"));
        assert_eq!(figures.detail, Detail::Summary);
        assert_eq!(figures.lang, Some(Lang::Vi));
    }

    #[test]
    fn indicators_are_listed_in_the_plans_order_with_their_cells() {
        let doc = class_summary(&summary(Detail::Summary), Lang::Vi);
        let tbl = table(&doc, R::TblIndicators);
        assert_eq!(
            tbl.columns,
            ["Chỉ tiêu", "Số lượng", "Trên tổng số", "Tỷ lệ", "Mục tiêu", "Đánh giá"]
        );
        assert!(!tbl.total_row);
        let expected = [
            [
                t("Tỷ lệ trẻ được hỗ trợ, can thiệp kịp thời"),
                Cell::Int(1),
                Cell::Int(2),
                Cell::Percent(Some(0.5)),
                t("≥ 100%"),
                t("Chưa đạt"),
            ],
            [
                t("Tỷ lệ trẻ được quản lý, theo dõi"),
                Cell::Int(2),
                Cell::Int(3),
                // 2/3, far from its target, rounded as usual.
                Cell::Percent(Some(0.667)),
                t("≥ 100%"),
                t("Chưa đạt"),
            ],
            [
                t("Tỷ lệ trẻ được tiếp cận giáo dục phổ thông, học nghề phù hợp"),
                Cell::Int(2),
                Cell::Int(3),
                Cell::Percent(Some(0.667)),
                t("≥ 99%"),
                t("Chưa đạt"),
            ],
            [
                t("Tỷ lệ cha mẹ, người chăm sóc được truyền thông"),
                Cell::Int(9),
                Cell::Int(10),
                Cell::Percent(Some(0.9)),
                t("≥ 90%"),
                t("Đạt"),
            ],
            [
                t("Tỷ lệ học sinh được truyền thông"),
                Cell::Int(10),
                Cell::Int(10),
                Cell::Percent(Some(1.0)),
                t("≥ 90%"),
                t("Đạt"),
            ],
            [
                t("Tỷ lệ lao động trẻ em (5–17 tuổi)"),
                Cell::Int(2),
                Cell::Int(10),
                Cell::Percent(Some(0.2)),
                t("≤ 1%"),
                t("Chưa đạt"),
            ],
            [
                t("Số trẻ làm công việc nặng nhọc, độc hại, nguy hiểm"),
                Cell::Int(1),
                Cell::Empty,
                Cell::Empty,
                t("0 (năm 2030)"),
                t("Chưa đạt"),
            ],
            [
                t("Số trẻ bị mua bán vì mục đích bóc lột sức lao động"),
                Cell::Int(1),
                Cell::Empty,
                Cell::Empty,
                t("—"),
                Cell::Empty,
            ],
            [
                t("Tỷ lệ giáo viên chủ nhiệm được tập huấn về phòng ngừa lao động trẻ em"),
                Cell::Int(1),
                Cell::Int(1),
                Cell::Percent(Some(1.0)),
                t("≥ 95%"),
                t("Đạt"),
            ],
        ];
        assert_eq!(tbl.rows.len(), expected.len());
        for (row, want) in tbl.rows.iter().zip(&expected) {
            assert_eq!(row.as_slice(), want.as_slice());
        }
        let en = class_summary(&summary(Detail::Summary), Lang::En);
        let tbl = table(&en, R::TblIndicators);
        assert_eq!(tbl.rows[3][5], t("Met"));
        assert_eq!(tbl.rows[0][5], t("Not met"));
        assert_eq!(tbl.rows[6][4], t("0 (by 2030)"));
    }

    #[test]
    fn a_share_with_nothing_to_count_shows_a_dash_and_is_met() {
        let s = Summary {
            counts: Counts {
                pupils: 4,
                pupils_5_17: 4,
                ..Counts::default()
            },
            ..summary(Detail::Summary)
        };
        let doc = class_summary(&s, Lang::Vi);
        let row = &table(&doc, R::TblIndicators).rows[0];
        assert_eq!(row[2], Cell::Int(0));
        assert_eq!(row[3], Cell::Percent(None));
        assert_eq!(cell_text(&row[3], Lang::Vi), "–");
        assert_eq!(row[5], t("Đạt"));
    }

    #[test]
    fn counts_list_closed_cases_by_reason() {
        let doc = class_summary(&summary(Detail::Summary), Lang::Vi);
        let tbl = table(&doc, R::TblCounts);
        let rows: Vec<(String, String)> = tbl
            .rows
            .iter()
            .map(|r| (cell_text(&r[0], Lang::Vi), cell_text(&r[1], Lang::Vi)))
            .collect();
        let rows: Vec<(&str, &str)> = rows.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        assert_eq!(
            rows,
            [
                ("Số học sinh", "10"),
                ("Số học sinh từ 5 đến 17 tuổi", "10"),
                ("Số trẻ có nguy cơ trở thành lao động trẻ em", "1"),
                ("Số trẻ là lao động trẻ em", "1"),
                ("Số trẻ mới phát hiện trong kỳ", "2"),
                ("Số hồ sơ theo dõi trong kỳ", "3"),
                ("Số hồ sơ đang mở", "3"),
                ("Số hồ sơ đã đóng trong kỳ", "3"),
                ("trong đó: Không còn nguy cơ", "1"),
                ("trong đó: Chuyển trường", "0"),
                ("trong đó: Đã học xong", "0"),
                ("trong đó: Lý do khác", "2"),
                ("Số lượt thăm gia đình", "4"),
                ("Số buổi truyền thông", "2"),
                ("Số lượt người tham dự truyền thông", "35"),
            ]
        );
    }

    #[test]
    fn support_lists_every_type_and_a_total_that_is_the_sum() {
        let doc = class_summary(&summary(Detail::Summary), Lang::En);
        assert_eq!(doc.sheets[1].tables.len(), 1);
        let tbl = &doc.sheets[1].tables[0];
        assert!(tbl.total_row);
        assert_eq!(tbl.rows.len(), SupportType::ALL.len() + 1);
        for (row, ty) in tbl.rows.iter().zip(SupportType::ALL) {
            assert_eq!(row[0], t(support_type(Lang::En, ty)));
        }
        assert_eq!(
            tbl.rows[0],
            [
                t("Scholarship"),
                Cell::Int(2),
                Cell::Vnd(3_000_000),
                Cell::Int(1),
                Cell::Vnd(1_500_000)
            ]
        );
        assert_eq!(
            tbl.rows[2][1..],
            [Cell::Int(0), Cell::Vnd(0), Cell::Int(0), Cell::Vnd(0)]
        );
        let total = tbl.rows.last().unwrap();
        assert_eq!(
            total,
            &[
                t("Total"),
                Cell::Int(6),
                Cell::Vnd(3_200_000),
                Cell::Int(4),
                Cell::Vnd(1_700_000)
            ]
        );
        // Each total cell is the sum of its column.
        for col in 1..5 {
            let sum: u64 = tbl.rows[..tbl.rows.len() - 1]
                .iter()
                .map(|r| match r[col] {
                    Cell::Int(n) | Cell::Vnd(n) => n,
                    ref c => panic!("{c:?}"),
                })
                .sum();
            assert!(matches!(total[col], Cell::Int(n) | Cell::Vnd(n) if n == sum));
        }
    }

    #[test]
    fn the_summary_version_names_no_pupil() {
        for lang in [Lang::Vi, Lang::En] {
            let doc = class_summary(&summary(Detail::Summary), lang);
            assert!(!doc.confidential);
            assert_eq!(doc.confidential_note, "");
            assert!(!sheet_names(&doc).contains(&R::SheetCases.get(lang)));
            for s in all_text(&doc) {
                for name in NAMES {
                    assert!(!s.contains(name), "{name} in {s:?}");
                }
                // Nor a birth date.
                assert!(!s.contains("09/03/2013") && !s.contains("30/11/2012"), "{s:?}");
            }
            assert!(all_text(&doc).contains(&R::NoteSummary.get(lang).to_string()));
        }
    }

    #[test]
    fn names_with_escape_sequences_or_direction_marks_are_shown_escaped() {
        // A notebook written before names were checked for these could still hold them.
        let mut s = summary(Detail::Full);
        s.cases[0].name = "Lê\u{1b}[2J\u{1b}]0;x\u{7}Mẫu".into();
        s.cases[1].name = "Phạm\u{202e}Thử".into();
        s.header = header("8A\u{2028}", "Nguyễn\u{2067}Giáo");
        let doc = class_summary(&s, Lang::En);
        let every = all_text(&doc).concat();
        assert!(!every.chars().any(crate::text::is_hidden_control), "{every:?}");
        assert!(every.contains("Lê\\u{1B}[2J\\u{1B}]0;x\\u{7}Mẫu"), "{every}");
        assert!(every.contains("Phạm\\u{202E}Thử"), "{every}");
        // What a merge reads back is the data as stored.
        assert_eq!(doc.figures.unwrap().header.class, "8A\u{2028}");
    }

    #[test]
    fn the_full_version_lists_the_cases_and_is_confidential() {
        let doc = class_summary(&summary(Detail::Full), Lang::Vi);
        assert!(doc.confidential);
        assert_eq!(
            doc.confidential_note,
            "MẬT — có thông tin cá nhân của học sinh, không gửi lên cấp trên"
        );
        assert_eq!(doc.figures.as_ref().unwrap().detail, Detail::Full);
        let tbl = table(&doc, R::TblCases);
        assert_eq!(tbl.columns.len(), 10);
        assert_eq!(tbl.columns[0], "Họ và tên");
        assert_eq!(
            tbl.rows[0],
            [
                t("Lê Văn Mẫu"),
                Cell::Date(d(2013, 3, 9)),
                t("Có nguy cơ"),
                t("Đang theo dõi"),
                Cell::Date(d(2027, 1, 4)),
                Cell::Date(d(2027, 2, 1)),
                Cell::Date(d(2027, 1, 8)),
                Cell::Empty,
                Cell::Date(d(2027, 5, 2)),
                t("Học bổng: đã nhận 1.500.000 ₫; Miễn, giảm học phí: dự kiến"),
            ]
        );
        assert_eq!(tbl.rows[1][6], Cell::Empty);
        assert_eq!(tbl.rows[1][9], t(""));
        let en = class_summary(&summary(Detail::Full), Lang::En);
        assert_eq!(
            cell_text(&table(&en, R::TblCases).rows[0][9], Lang::En),
            "Scholarship: delivered 1.500.000 ₫; Tuition exemption or reduction: planned"
        );
        assert!(en.confidential_note.starts_with("CONFIDENTIAL"));
    }

    fn school() -> SchoolReport {
        let mut classes = Vec::new();
        let mut total = Counts::default();
        for (i, class) in ["6A", "7B", "8A"].iter().enumerate() {
            let mut c = counts();
            c.pupils += i as u64;
            c.pupils_5_17 += i as u64;
            c.hazardous = i as u64;
            c.trafficked = 2 * i as u64;
            c.intervened_in_time = i as u64;
            total.add(&c);
            let header = header(class, &format!("Giáo viên {class}"));
            let path = PathBuf::from(format!("/home/gv/bao-cao/sotay-{class}-2027-H1.xlsx"));
            classes.push((
                path,
                Figures {
                    not_counted: Vec::new(),
                    header,
                    detail: Detail::Summary,
                    counts: c,
                    lang: Some(Lang::Vi),
                },
            ));
        }
        SchoolReport {
            classes,
            total,
            made_on: d(2027, 6, 21),
            commune: "Phường Mẫu".into(),
            province: "Hải Phòng".into(),
            warnings: Vec::new(),
            missing: Vec::new(),
        }
    }

    #[test]
    fn a_school_report_lists_the_classes_that_have_not_sent_figures_after_its_summary() {
        let mut r = school();
        r.missing = vec![
            Missing {
                name: "9A".into(),
                last_sent: Some(d(2027, 3, 2)),
                why: Some(crate::report::merge::MissingWhy::NotToThisReader),
            },
            Missing {
                name: "9B".into(),
                last_sent: None,
                why: None,
            },
        ];
        let doc = school_report(&r, Lang::Vi);
        assert_eq!(
            sheet_names(&doc),
            ["Tổng hợp", "Chưa gửi", "Theo lớp", "Hỗ trợ", "Định nghĩa", "Các lớp"]
        );
        assert_sheet_names_valid(&doc);
        let tbl = table(&doc, R::TblMissingClasses);
        assert_eq!(tbl.title, "Các lớp chưa gửi số liệu kỳ này");
        assert_eq!(tbl.columns, ["Lớp", "Lần gửi gần nhất", "Ghi chú"]);
        assert_eq!(
            tbl.rows,
            [
                vec![
                    t("9A"),
                    Cell::Date(d(2027, 3, 2)),
                    t("đã gửi, nhưng chưa tới khóa của nơi nhận này")
                ],
                vec![t("9B"), t("chưa bao giờ"), t("")]
            ]
        );
        let en = school_report(&r, Lang::En);
        let tbl = table(&en, R::TblMissingClasses);
        assert_eq!(tbl.title, "Classes that have not sent figures for this period");
        assert_eq!(tbl.rows[1][1], t("never"));
        assert_eq!(tbl.rows[0][2], t("sent, but not to this reader's key"));
    }

    #[test]
    fn a_figure_a_class_file_lacks_is_shown_not_counted_for_that_class_and_the_school() {
        let mut r = school();
        // 7B's file came from an older sotay.
        r.classes[1].1.counts.homeroom_teachers = None;
        r.classes[1].1.counts.trained_teachers = None;
        r.total = Counts::default();
        for (_, f) in &r.classes {
            r.total.add(&f.counts);
        }
        let doc = school_report(&r, Lang::En);
        let trained = Indicator::ALL
            .iter()
            .position(|i| *i == Indicator::TrainedTeachers)
            .unwrap();
        let row = &table(&doc, R::TblIndicators).rows[trained];
        assert_eq!(
            row[1..],
            [
                Cell::Empty,
                Cell::Empty,
                Cell::Percent(None),
                t("≥ 95%"),
                t("Not counted (figures missing)")
            ]
        );
        // By class: 7B and the whole school not counted; 6A and 8A counted.
        let by_class = table(&doc, R::TblByClass);
        let col = 2 + trained;
        let cells: Vec<&Cell> = by_class.rows.iter().map(|r| &r[col]).collect();
        let full = Cell::Percent(Some(1.0));
        assert_eq!(cells, [&full, &Cell::Percent(None), &full, &Cell::Percent(None)]);
        // Every other indicator of 7B is counted.
        assert!(
            by_class.rows[1][2..col]
                .iter()
                .all(|c| *c != Cell::Percent(None) && *c != Cell::Empty)
        );
        // The summary says which and whose.
        let note = doc.sheets[0]
            .notes
            .iter()
            .find(|n| n.starts_with("Left empty"))
            .unwrap();
        assert_eq!(
            note,
            "Left empty (–) for lack of figures: Homeroom teachers trained on child-labour prevention. The files of 7B \
             were written by an older sotay and do not hold them; a missing figure is never read as 0."
        );
        assert!(
            !school_report(&school(), Lang::En).sheets[0]
                .notes
                .iter()
                .any(|n| n.starts_with("Left empty"))
        );
    }

    #[test]
    fn an_area_report_has_a_row_per_school_the_total_and_the_missing_list() {
        let one = school();
        let mut two = school();
        for (_, f) in &mut two.classes {
            f.header.school = "Trường THCS Bờ Sông".into();
            f.header.school_code = "30012399".into();
            f.header.limits = Some(Settings {
                intervention_days: 14,
                ..Settings::default()
            });
        }
        two.classes.truncate(2);
        two.total = Counts::default();
        for (_, f) in &two.classes {
            two.total.add(&f.counts);
        }
        two.missing = vec![Missing {
            name: "8A".into(),
            last_sent: Some(d(2027, 1, 5)),
            why: Some(crate::report::merge::MissingWhy::Refused),
        }];
        let missing = vec![Missing {
            name: "Trường THCS Vắng".into(),
            last_sent: None,
            why: None,
        }];
        let r = crate::report::area::merge_area(
            AreaLevel::Province,
            "Tỉnh Thử".into(),
            "99".into(),
            vec![one.clone(), two.clone()],
            missing,
            d(2027, 6, 22),
        )
        .unwrap();
        let doc = area_report(&r, Lang::Vi);
        assert_eq!(doc.title, "Báo cáo tổng hợp phòng ngừa lao động trẻ em — Tỉnh Thử");
        assert_eq!(
            sheet_names(&doc),
            ["Tổng hợp", "Chưa gửi", "Theo trường", "Hỗ trợ", "Định nghĩa"]
        );
        assert_sheet_names_valid(&doc);
        let head: Vec<(&str, &Cell)> = doc.header.iter().map(|(k, v)| (k.as_str(), v)).collect();
        assert_eq!(head[0], ("Tỉnh, thành phố", &t("Tỉnh Thử")));
        assert_eq!(head[1], ("Mã tỉnh, thành phố", &t("99")));
        assert!(head.contains(&("Số trường", &Cell::Int(2))));
        assert!(head.contains(&("Số lớp", &Cell::Int(5))));
        assert!(head.contains(&("Ngày lập báo cáo", &Cell::Date(d(2027, 6, 22)))));
        // The summary is the total's.
        assert_eq!(
            table(&doc, R::TblIndicators).rows,
            indicators_table(&r.total, Lang::Vi).rows
        );
        let by_school = table(&doc, R::TblBySchool);
        assert!(by_school.total_row);
        assert_eq!(by_school.columns.len(), 3 + Indicator::ALL.len());
        let firsts: Vec<&Cell> = by_school.rows.iter().map(|r| &r[0]).collect();
        assert_eq!(
            firsts,
            [
                &t("Trường THCS Bờ Sông"),
                &t("Trường THCS Thực Hành"),
                &t("Toàn tỉnh, thành phố")
            ]
        );
        assert_eq!(by_school.rows[2][1], Cell::Int(5));
        assert_eq!(by_school.rows[2][2], Cell::Int(one.total.pupils + two.total.pupils));
        let missing = table(&doc, R::TblMissingArea);
        assert_eq!(
            missing.rows,
            [
                vec![t("Trường THCS Vắng"), t("(chưa lớp nào gửi)"), t("chưa bao giờ"), t("")],
                vec![
                    t("Trường THCS Bờ Sông"),
                    t("8A"),
                    Cell::Date(d(2027, 1, 5)),
                    t("số liệu bị từ chối, không tính")
                ],
            ]
        );
        // Limits that differ between classes: the range, not a list of every class.
        let defs = table(&doc, R::TblDefinitions);
        let intervened = match &defs.rows[0][1] {
            Cell::Text(s) => s.clone(),
            c => panic!("{c:?}"),
        };
        assert!(
            intervened.contains("số ngày do từng lớp đặt (từ 7 ngày đến 14 ngày)"),
            "{intervened}"
        );
        let limits = |l: &[Option<u32>]| {
            let l: Vec<Option<Settings>> = l
                .iter()
                .map(|d| {
                    d.map(|intervention_days| Settings {
                        intervention_days,
                        ..Settings::default()
                    })
                })
                .collect();
            limit_range(Lang::En, &l, |s| s.intervention_days)
        };
        assert_eq!(limits(&[Some(7), Some(7)]), "7 days");
        assert_eq!(
            limits(&[Some(7), None]),
            "the limit each class set (7 days; not in its file)"
        );
        assert_eq!(
            limits(&[Some(14), None, Some(1)]),
            "the limit each class set (from 1 day to 14 days)"
        );
        assert_eq!(limits(&[None]), "the limit each class set (not in its file)");
        // Nothing missing: no such sheet.
        let r = crate::report::area::merge_area(
            AreaLevel::Commune,
            "Phường Mẫu".into(),
            "30012".into(),
            vec![one],
            Vec::new(),
            d(2027, 6, 22),
        )
        .unwrap();
        let en = area_report(&r, Lang::En);
        assert_eq!(sheet_names(&en), ["Summary", "By school", "Support", "Definitions"]);
        assert_eq!(en.header[0], ("Commune or ward".to_string(), t("Phường Mẫu")));
        assert_eq!(table(&en, R::TblBySchool).rows[1][0], t("Whole commune or ward"));
    }

    #[test]
    fn the_school_report_has_a_row_per_class_and_the_sums() {
        let r = school();
        let doc = school_report(&r, Lang::Vi);
        assert_eq!(
            sheet_names(&doc),
            ["Tổng hợp", "Theo lớp", "Hỗ trợ", "Định nghĩa", "Các lớp"]
        );
        assert_sheet_names_valid(&doc);
        assert!(!doc.confidential);
        assert_eq!(doc.figures, None);
        assert_eq!(
            doc.title,
            "Báo cáo tổng hợp phòng ngừa lao động trẻ em — Trường THCS Thực Hành"
        );
        let titles: Vec<&str> = doc.sheets[0].tables.iter().map(|t| t.title.as_str()).collect();
        assert_eq!(titles, ["Các chỉ tiêu của kế hoạch", "Số liệu"]);
        // The number of classes is a number, so the workbook holds a number.
        assert!(doc.header.contains(&("Số lớp".to_string(), Cell::Int(3))));
        assert!(
            doc.header
                .contains(&("Ngày lập báo cáo".to_string(), Cell::Date(d(2027, 6, 21))))
        );
        assert!(doc.header.contains(&("Xã, phường".to_string(), t("Phường Mẫu"))));

        let by_class = table(&doc, R::TblByClass);
        assert!(by_class.total_row);
        assert_eq!(by_class.columns.len(), 2 + Indicator::ALL.len());
        assert_eq!(by_class.rows.len(), 4);
        let classes: Vec<Cell> = by_class.rows.iter().map(|r| r[0].clone()).collect();
        assert_eq!(classes, [t("6A"), t("7B"), t("8A"), t("Toàn trường")]);
        let (body, total) = by_class.rows.split_at(3);
        let total = &total[0];
        let sum = |col: usize| -> u64 {
            body.iter()
                .map(|r| match r[col] {
                    Cell::Int(n) => n,
                    ref c => panic!("{c:?}"),
                })
                .sum()
        };
        // Pupils, hazardous and trafficked are counts: the total is their sum.
        assert_eq!(total[1], Cell::Int(sum(1)));
        assert_eq!(total[1], Cell::Int(33));
        assert_eq!(total[8], Cell::Int(sum(8)));
        assert_eq!(total[8], Cell::Int(3));
        assert_eq!(total[9], Cell::Int(sum(9)));
        assert_eq!(total[9], Cell::Int(6));
        // Shares are computed from the summed counts: intervened 0+1+2 of 2+2+2.
        assert_eq!(body[1][2], Cell::Percent(Some(0.5)));
        assert_eq!(total[2], Cell::Percent(Some(0.5)));
        // 18,18…% rounded up against the at-most target.
        assert_eq!(total[7], Cell::Percent(Some(0.182)));

        // The school's indicators and counts are the total's.
        assert_eq!(
            table(&doc, R::TblIndicators).rows[0][1..3],
            [Cell::Int(3), Cell::Int(6)]
        );
        assert_eq!(table(&doc, R::TblCounts).rows[0][1], Cell::Int(33));
        let support = titled(&doc, V::SecSupport.get(doc.lang));
        assert_eq!(support.rows.last().unwrap()[2], Cell::Vnd(3 * 3_200_000));

        let files = table(&doc, R::TblFiles);
        assert_eq!(
            files.rows[0],
            [
                t("6A"),
                t("Giáo viên 6A"),
                t("sotay-6A-2027-H1.xlsx"),
                Cell::Date(d(2027, 6, 20)),
                Cell::Date(d(2027, 6, 14)),
            ]
        );
        // No folder of anyone's machine in the report.
        assert!(all_text(&doc).iter().all(|s| !s.contains("/home/")));
        let en = school_report(&r, Lang::En);
        assert_eq!(
            sheet_names(&en),
            ["Summary", "By class", "Support", "Definitions", "Classes"]
        );
        assert_eq!(table(&en, R::TblByClass).rows[3][0], t("Whole school"));
    }

    #[test]
    fn the_school_report_says_the_day_its_figures_are_counted_to() {
        let mut r = school();
        let counted = |r: &SchoolReport, lang, key: R| {
            let doc = school_report(r, lang);
            let label = key.get(lang);
            doc.header.iter().find(|(k, _)| k == label).map(|(_, v)| v.clone())
        };
        assert_eq!(counted(&r, Lang::Vi, R::HAsOf), Some(Cell::Date(d(2027, 6, 14))));
        // Classes of an unfinished period made on different days: the earliest and the
        // latest, each a date.
        r.classes[0].1.header.as_of = d(2027, 6, 5);
        r.classes[2].1.header.as_of = d(2027, 6, 10);
        assert_eq!(counted(&r, Lang::Vi, R::HAsOf), None);
        assert_eq!(counted(&r, Lang::En, R::HAsOfEarliest), Some(Cell::Date(d(2027, 6, 5))));
        assert_eq!(counted(&r, Lang::Vi, R::HAsOfLatest), Some(Cell::Date(d(2027, 6, 14))));
        let doc = school_report(&r, Lang::En);
        let labels: Vec<&str> = doc.header.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            labels,
            [
                "School",
                "School code",
                "Commune or ward",
                "Province or city",
                "Reporting period",
                "From",
                "To",
                "Date made",
                "Figures counted to (earliest class)",
                "Figures counted to (latest class)",
                "Number of classes"
            ]
        );
    }

    /// The definition of the indicators table's line `i`, as text.
    fn definition(doc: &Document, i: usize) -> String {
        cell_text(&table(doc, R::TblDefinitions).rows[i][1], doc.lang)
    }

    #[test]
    fn every_report_explains_its_indicators_in_its_own_words() {
        for lang in [Lang::Vi, Lang::En] {
            let class = class_summary(&summary(Detail::Full), lang);
            let school = school_report(&school(), lang);
            for doc in [&class, &school] {
                // Nothing sends the reader to a file a school office does not have.
                for s in all_text(doc) {
                    assert!(!s.contains("docs/") && !s.contains(".md"), "{s}");
                }
                // A definition for each indicator line, under the name the report gives it.
                let defs = table(doc, R::TblDefinitions);
                let named: Vec<&Cell> = defs.rows.iter().map(|r| &r[0]).collect();
                for row in &table(doc, R::TblIndicators).rows {
                    assert!(named.contains(&&row[0]), "{:?} has no definition", row[0]);
                }
                for row in &defs.rows {
                    assert!(cell_text(&row[1], lang).len() > 40, "{row:?}");
                }
                // And the counts beside them whose words could mislead.
                for k in [R::CCases, R::COpen, R::ColPlanned] {
                    assert!(named.contains(&&t(k.get(lang))), "{k:?}");
                }
                // The summary's note points at the definitions by the title every format shows.
                let pointer = format!("«{}»", R::TblDefinitions.get(lang));
                assert!(doc.sheets[0].notes.iter().any(|n| n.contains(&pointer)));
            }
        }
        // The limits the figures were counted with, filled in.
        let vi = class_summary(&summary(Detail::Summary), Lang::Vi);
        assert!(definition(&vi, 0).contains("trong vòng 7 ngày sau ngày phát hiện trẻ"));
        assert!(definition(&vi, 0).contains("can thiệp ghi ngày trước ngày phát hiện không được tính"));
        assert!(definition(&vi, 1).contains("trong vòng 90 ngày trước ngày tính số liệu"));
        let mut s = summary(Detail::Summary);
        s.header.limits = Some(Settings {
            intervention_days: 1,
            monitoring_days: 30,
        });
        let en = class_summary(&s, Lang::En);
        assert!(definition(&en, 0).starts_with("Cases whose first intervention came within 1 day after"));
        assert!(definition(&en, 1).contains("within the last 30 days before"));
        assert!(definition(&en, 2).contains("vocational-training referral was delivered"));
        assert!(definition(&en, 5).ends_with("Target: at most 1%."));
    }

    #[test]
    fn a_school_report_gives_each_class_limit_when_they_differ() {
        let mut r = school();
        let en = school_report(&r, Lang::En);
        assert!(
            definition(&en, 0).contains("within 7 days after"),
            "{}",
            definition(&en, 0)
        );
        r.classes[1].1.header.limits = Some(Settings {
            intervention_days: 14,
            monitoring_days: 90,
        });
        // A file written before the limits were carried.
        r.classes[2].1.header.limits = None;
        let en = school_report(&r, Lang::En);
        assert!(
            definition(&en, 0)
                .contains("within the limit each class set (6A: 7 days; 7B: 14 days; 8A: not in its file) after"),
            "{}",
            definition(&en, 0)
        );
        assert!(definition(&en, 1).contains("(6A: 90 days; 7B: 90 days; 8A: not in its file)"));
        let vi = school_report(&r, Lang::Vi);
        assert!(definition(&vi, 0).contains("số ngày do từng lớp đặt (6A: 7 ngày; 7B: 14 ngày; 8A: tệp không ghi)"));
    }

    #[test]
    fn the_support_columns_say_they_count_every_status() {
        let columns = |lang| support_table(&counts(), lang).columns;
        assert_eq!(
            columns(Lang::Vi),
            [
                "Hình thức hỗ trợ",
                "Số lượt (mọi trạng thái)",
                "Tổng số tiền (mọi trạng thái)",
                "Số lượt đã nhận",
                "Số tiền đã nhận"
            ]
        );
        assert_eq!(
            columns(Lang::En)[1..],
            [
                "Supports, all statuses",
                "Amount, all statuses",
                "Delivered",
                "Amount delivered"
            ]
        );
        for c in columns(Lang::Vi).iter().chain(&columns(Lang::En)) {
            assert!(!c.contains("dự kiến") && !c.to_lowercase().contains("planned"), "{c}");
        }
    }

    #[test]
    fn cells_read_as_text_in_each_language() {
        let third = Cell::Percent(Some(1.0 / 3.0));
        assert_eq!(cell_text(&third, Lang::Vi), "33,3%");
        assert_eq!(cell_text(&third, Lang::En), "33.3%");
        assert_eq!(cell_text(&Cell::Percent(Some(1.0)), Lang::Vi), "100,0%");
        assert_eq!(cell_text(&Cell::Percent(Some(0.0)), Lang::En), "0.0%");
        for lang in [Lang::Vi, Lang::En] {
            assert_eq!(cell_text(&Cell::Percent(None), lang), "–");
            assert_eq!(cell_text(&Cell::Int(12345), lang), "12345");
            assert_eq!(cell_text(&Cell::Vnd(1_500_000), lang), "1.500.000 ₫");
            assert_eq!(cell_text(&Cell::Vnd(0), lang), "0 ₫");
            assert_eq!(cell_text(&Cell::Date(d(2027, 6, 4)), lang), "04/06/2027");
            assert_eq!(cell_text(&t("Lớp 8A"), lang), "Lớp 8A");
            assert_eq!(cell_text(&Cell::Empty, lang), "");
        }
    }

    /// The indicators table of a class whose counts are `c`, shares as text, by indicator.
    fn shares(c: Counts, lang: Lang) -> Vec<String> {
        let s = Summary {
            counts: c,
            ..summary(Detail::Summary)
        };
        let doc = class_summary(&s, lang);
        table(&doc, R::TblIndicators)
            .rows
            .iter()
            .map(|r| cell_text(&r[3], lang))
            .collect()
    }

    #[test]
    fn a_share_never_reads_as_meeting_a_target_it_misses() {
        // 197/199 = 98,99…%: not 99,0% against ≥ 99%.
        let c = Counts {
            in_education: 197,
            cases: 199,
            ..Counts::default()
        };
        let rows = c.indicator_rows();
        assert_eq!(rows[2].counted.unwrap().met, Some(false));
        assert_eq!(shares(c, Lang::Vi)[2], "98,9%");
        // 5/499 = 1,002%: not 1,0% against ≤ 1%.
        let c = Counts {
            child_labour_5_17: 5,
            pupils_5_17: 499,
            ..Counts::default()
        };
        assert_eq!(c.indicator_rows()[5].counted.unwrap().met, Some(false));
        assert_eq!(shares(c, Lang::Vi)[5], "1,1%");
        // Exact shares stay as they are, met or not.
        let c = Counts {
            intervened_in_time: 7,
            intervention_decided: 8,
            monitored: 2,
            open_cases: 3,
            parents_informed: 9,
            pupils: 10,
            child_labour_5_17: 1,
            pupils_5_17: 100,
            ..Counts::default()
        };
        let got = shares(c, Lang::En);
        assert_eq!(got[0], "87.5%");
        assert_eq!(got[1], "66.7%", "2/3, far from its target, rounds as usual");
        assert_eq!(got[3], "90.0%");
        assert_eq!(got[5], "1.0%");
        // Without a target, half away from zero.
        assert_eq!(shown_share(1, 16, None), Some(0.063));
        assert_eq!(shown_share(2, 3, None), Some(0.667));
        assert_eq!(shown_share(1, 16, Some(Target::AtLeast(90))), Some(0.063));
        assert_eq!(shown_share(1, 16, Some(Target::AtMost(1))), Some(0.063));
        assert_eq!(shown_share(0, 0, None), None);
        assert_eq!(shown_share(u64::MAX, u64::MAX, Some(Target::AtMost(1))), Some(1.0));
    }

    #[test]
    fn text_rounds_half_away_from_zero_as_excel_does() {
        // 1/16 = 6,25%: Rust's `{:.1}` alone gives 6,2%, Excel's `0.0%` 6,3%.
        assert_eq!(cell_text(&Cell::Percent(Some(1.0 / 16.0)), Lang::Vi), "6,3%");
        assert_eq!(cell_text(&Cell::Percent(Some(0.062)), Lang::Vi), "6,2%");
        assert_eq!(cell_text(&Cell::Percent(Some(0.0005)), Lang::En), "0.1%");
    }

    #[test]
    fn a_share_shows_the_same_digits_in_every_format() {
        // 1/16 against an at-least target (parents) and an at-most one (child labour), in the
        // class indicators and in the school's table by class.
        let c = Counts {
            parents_informed: 1,
            students_informed: 1,
            pupils: 16,
            child_labour_5_17: 1,
            pupils_5_17: 16,
            ..Counts::default()
        };
        let class = class_summary(
            &Summary {
                counts: c.clone(),
                ..summary(Detail::Summary)
            },
            Lang::Vi,
        );
        let school = school_report(
            &SchoolReport {
                classes: vec![(
                    PathBuf::from("8A.xlsx"),
                    Figures {
                        not_counted: Vec::new(),
                        header: header("8A", "Nguyễn Thị Giáo"),
                        detail: Detail::Summary,
                        counts: c.clone(),
                        lang: Some(Lang::Vi),
                    },
                )],
                total: c,
                made_on: d(2027, 6, 21),
                commune: String::new(),
                province: String::new(),
                warnings: Vec::new(),
                missing: Vec::new(),
            },
            Lang::Vi,
        );
        for doc in [&class, &school] {
            // Every share the document shows: its row's label, its column, its text.
            let mut want: Vec<(String, usize, String)> = Vec::new();
            for row in doc.sheets.iter().flat_map(|s| &s.tables).flat_map(|t| &t.rows) {
                for (i, c) in row.iter().enumerate() {
                    if matches!(c, Cell::Percent(Some(_))) {
                        want.push((cell_text(&row[0], Lang::Vi), i, cell_text(c, Lang::Vi)));
                    }
                }
            }
            let texts: Vec<&str> = want.iter().map(|(_, _, t)| t.as_str()).collect();
            // 1/16 = 6,25%, far from every target: half away from zero, as Excel rounds.
            assert!(!texts.is_empty() && texts.iter().all(|t| *t == "6,3%"), "{texts:?}");

            // The workbook, read back, holds numbers that Excel's `0.0%` shows the same way.
            use calamine::{Data, Reader, Xlsx};
            let bytes = crate::report::render(doc, crate::report::Format::Xlsx).unwrap();
            let mut wb = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
            let ranges: Vec<_> = (0..doc.sheets.len())
                .map(|n| wb.worksheet_range_at(n).unwrap().unwrap())
                .collect();
            for (label, i, text) in &want {
                let shown: Vec<String> = ranges
                    .iter()
                    .flat_map(|range| range.rows())
                    .filter(|r| r.first().is_some_and(|c| c.to_string() == *label))
                    .filter_map(|r| match r.get(*i) {
                        // As `0.0%` shows it: half away from zero.
                        Some(Data::Float(f)) => Some(format!("{:.1}%", (f * 1000.0).round() / 10.0).replace('.', ",")),
                        _ => None,
                    })
                    .collect();
                assert!(
                    shown.contains(text),
                    "{label}: {text} in text, {shown:?} in the workbook"
                );
            }
        }
    }

    #[test]
    fn every_report_string_is_written_in_both_languages() {
        for k in R::ALL {
            for lang in [Lang::Vi, Lang::En] {
                let s = k.get(lang);
                assert!(!s.trim().is_empty(), "{k:?} {lang:?}");
                assert_eq!(s, s.trim(), "{k:?} {lang:?}");
            }
        }
    }
}
