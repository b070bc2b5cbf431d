//! A report laid out in words, in one language: what every format renders. The summary and
//! the school report are turned into a `Document` here, once; the renderers only draw it.

use chrono::NaiveDate;

use super::figures::Figures;
use super::merge::SchoolReport;
use super::summary::{CaseRow, Counts, Detail, Goal, Header, Indicator, Summary, SupportFigures};
use crate::domain::{CloseReason, Field, SupportStatus, SupportType, Target};
use crate::i18n::Lang;
use crate::i18n::domain::{close_reason, decision, field, stage, support_status, support_type};
use crate::i18n::report::R;
use crate::text::{format_date, format_vnd};

#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    pub lang: Lang,
    /// E.g. "Báo cáo tổng hợp lớp 8A" / "Class 8A summary report".
    pub title: String,
    /// Set for `--detail full`: every page or sheet says "confidential" (`confidential_note`).
    pub confidential: bool,
    /// The line every page or sheet carries when confidential, in the report's language.
    pub confidential_note: String,
    /// Label and value: school, school code, commune or ward, province, class, school year,
    /// teacher, period, date made, counted to.
    pub header: Vec<(String, String)>,
    /// In XLSX, one worksheet each (the first is laid out for A4); in the other formats,
    /// sections in order.
    pub sheets: Vec<Sheet>,
    /// What a merge reads back; `None` for a school report (it is not merged again).
    pub figures: Option<Figures>,
    /// Lines under the tables: how figures are counted, where the definitions are.
    pub notes: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Sheet {
    /// A worksheet name: at most 31 characters, none of `[]:*?/\`.
    pub name: String,
    pub tables: Vec<Table>,
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
/// "Support" (by type), and in full detail "Hồ sơ"/"Cases" (a row per pupil with a case).
pub fn class_summary(s: &Summary, lang: Lang) -> Document {
    let h = &s.header;
    let full = s.detail == Detail::Full;
    let header = vec![
        (field(lang, Field::School).to_string(), h.school.clone()),
        (field(lang, Field::SchoolCode).to_string(), h.school_code.clone()),
        (field(lang, Field::Commune).to_string(), h.commune.clone()),
        (field(lang, Field::Province).to_string(), h.province.clone()),
        (field(lang, Field::Class).to_string(), h.class.clone()),
        (field(lang, Field::SchoolYear).to_string(), h.school_year.to_string()),
        (R::HTeacher.get(lang).to_string(), h.teacher.clone()),
        (R::HPeriod.get(lang).to_string(), h.period.label(lang)),
        (R::HMadeOn.get(lang).to_string(), format_date(h.made_on)),
        (R::HAsOf.get(lang).to_string(), format_date(h.as_of)),
    ];
    let mut sheets = vec![
        Sheet {
            name: R::SheetSummary.get(lang).into(),
            tables: vec![indicators_table(&s.counts, lang), counts_table(&s.counts, lang)],
        },
        Sheet {
            name: R::SheetSupport.get(lang).into(),
            tables: vec![support_table(&s.counts, lang)],
        },
    ];
    // Names and birth dates only in full detail, whatever `cases` holds.
    if full {
        sheets.push(Sheet {
            name: R::SheetCases.get(lang).into(),
            tables: vec![cases_table(&s.cases, lang)],
        });
    }
    let mut notes = vec![
        R::NoteAsOf.fill(lang, &[&format_date(h.as_of)]),
        R::NoteDefinitions.get(lang).to_string(),
    ];
    notes.push(if full { R::NoteFull } else { R::NoteSummary }.get(lang).to_string());
    Document {
        lang,
        title: R::TitleClass.fill(lang, &[&h.class]),
        confidential: full,
        confidential_note: R::Confidential.get(lang).into(),
        header,
        sheets,
        figures: Some(Figures {
            header: s.header.clone(),
            detail: s.detail,
            counts: s.counts.clone(),
        }),
        notes,
    }
}

/// A school report: the indicators per class and for the school, the counts and the support
/// by type for the school (total), and a list of the files merged.
pub fn school_report(r: &SchoolReport, lang: Lang) -> Document {
    // A merge refuses mixed schools and periods, so the first class speaks for all.
    let first = r.classes.first().map(|(_, f)| &f.header);
    let text = |get: fn(&Header) -> String| first.map(get).unwrap_or_default();
    let school = text(|h| h.school.clone());
    let period = first.map(|h| h.period.label(lang)).unwrap_or_default();
    let header = vec![
        (field(lang, Field::School).to_string(), school.clone()),
        (
            field(lang, Field::SchoolCode).to_string(),
            text(|h| h.school_code.clone()),
        ),
        (field(lang, Field::Commune).to_string(), text(|h| h.commune.clone())),
        (field(lang, Field::Province).to_string(), text(|h| h.province.clone())),
        (R::HPeriod.get(lang).to_string(), period),
        (R::HMadeOn.get(lang).to_string(), format_date(r.made_on)),
        (R::HClasses.get(lang).to_string(), r.classes.len().to_string()),
    ];
    let sheets = vec![
        Sheet {
            name: R::SheetSummary.get(lang).into(),
            tables: vec![
                indicators_table(&r.total, lang),
                by_class_table(r, lang),
                counts_table(&r.total, lang),
            ],
        },
        Sheet {
            name: R::SheetSupport.get(lang).into(),
            tables: vec![support_table(&r.total, lang)],
        },
        Sheet {
            name: R::SheetClasses.get(lang).into(),
            tables: vec![files_table(r, lang)],
        },
    ];
    Document {
        lang,
        title: R::TitleSchool.fill(lang, &[&school]),
        confidential: false,
        confidential_note: R::Confidential.get(lang).into(),
        header,
        sheets,
        figures: None,
        notes: vec![
            R::NoteMerged.fill(lang, &[&r.classes.len()]),
            R::NoteDefinitions.get(lang).to_string(),
        ],
    }
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
            let s = format!("{:.1}%", f * 100.0);
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

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn indicator_name(lang: Lang, i: Indicator) -> &'static str {
    match i {
        Indicator::IntervenedInTime => R::IIntervened,
        Indicator::Monitored => R::IMonitored,
        Indicator::InEducation => R::IEducation,
        Indicator::ParentsInformed => R::IParents,
        Indicator::StudentsInformed => R::IStudents,
        Indicator::ChildLabourRate => R::IChildLabour,
        Indicator::Hazardous => R::IHazardous,
        Indicator::Trafficked => R::ITrafficked,
    }
    .get(lang)
}

/// The short name a column of the per-class table carries.
fn indicator_short(lang: Lang, i: Indicator) -> &'static str {
    match i {
        Indicator::IntervenedInTime => R::SIntervened,
        Indicator::Monitored => R::SMonitored,
        Indicator::InEducation => R::SEducation,
        Indicator::ParentsInformed => R::SParents,
        Indicator::StudentsInformed => R::SStudents,
        Indicator::ChildLabourRate => R::SChildLabour,
        Indicator::Hazardous => R::SHazardous,
        Indicator::Trafficked => R::STrafficked,
    }
    .get(lang)
}

fn goal_text(lang: Lang, goal: Option<Goal>) -> String {
    match goal {
        Some(Goal::Share(Target::AtLeast(p))) => format!("≥ {p}%"),
        Some(Goal::Share(Target::AtMost(p))) => format!("≤ {p}%"),
        Some(Goal::NoChild) => R::TargetNoChild.get(lang).into(),
        None => "—".into(),
    }
}

/// The plan's indicators: indicator | count | out of | share | target | met.
fn indicators_table(c: &Counts, lang: Lang) -> Table {
    let rows = c
        .indicator_rows()
        .iter()
        .map(|row| {
            vec![
                text(indicator_name(lang, row.indicator)),
                Cell::Int(row.count),
                row.total.map_or(Cell::Empty, Cell::Int),
                // A plain count has no share, not an empty one ("–").
                if row.total.is_some() {
                    Cell::Percent(row.fraction())
                } else {
                    Cell::Empty
                },
                text(goal_text(lang, row.goal)),
                match row.met {
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
        row(R::CTrafficked.get(lang).into(), c.trafficked),
        row(R::CHazardous.get(lang).into(), c.hazardous),
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

/// Type | supports in the period | amount planned | delivered | amount delivered, a row per
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
    rows.push(support_row(text(R::Total.get(lang)), total));
    Table {
        title: R::TblSupport.get(lang).into(),
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
        cells.extend(c.indicator_rows().iter().map(|row| match row.total {
            Some(_) => Cell::Percent(row.fraction()),
            None => Cell::Int(row.count),
        }));
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
