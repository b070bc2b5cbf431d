//! The plan and the errors in words, for the command line and the import dialog.

use super::plan::{ImportPlan, SkipReason};
use super::table::MAX_COLS;
use super::{Damage, ImportError, MAX_PUPIL_ROWS};
use crate::i18n::import::{I, column};
use crate::i18n::{Lang, domain as dom};
use crate::text;

/// How many of the pupils to import the preview shows as read.
const FIRST_ROWS: usize = 5;

/// The preview (`dry_run`) or the summary after saving: counts, then every skipped row with
/// its reasons. The preview also says where the header is and what each column was read as.
pub fn describe(plan: &ImportPlan, lang: Lang, dry_run: bool) -> String {
    let sheet = plan.sheet.is_some();
    let mut out = vec![if dry_run { I::Preview } else { I::Done }.get(lang).to_string()];
    if dry_run {
        let mut at = Vec::new();
        if let Some(s) = &plan.sheet {
            at.push(I::Sheet.fill(lang, &[&text::excerpt(s)]));
        }
        let header = if sheet { I::HeaderRow } else { I::HeaderLine };
        at.push(header.fill(lang, &[&plan.header_line]));
        out.push(at.join(" · "));
        let cols: Vec<String> = plan
            .columns
            .iter()
            .map(|(c, label)| format!("“{}” → {}", text::excerpt(label), column(lang, *c)))
            .collect();
        out.push(I::Columns.fill(lang, &[&cols.join(", ")]));
    }
    let at = |line: &usize| if sheet { I::Row } else { I::Line }.fill(lang, &[line]);
    let count = if dry_run { I::ToImport } else { I::Imported };
    out.push(count.fill(lang, &[&plan.new.len()]));
    // What the columns gave, so a date read the wrong way round shows before saving.
    if dry_run && !plan.new.is_empty() {
        out.push(format!("  {}", I::FirstRows.get(lang)));
        for (s, line) in plan.new.iter().zip(&plan.new_lines).take(FIRST_ROWS) {
            let born = crate::text::format_date(s.birth_date);
            out.push(format!(
                "    {}: {} · {born} · {}",
                at(line),
                text::visible(&s.name),
                dom::sex(lang, s.sex)
            ));
        }
    }
    if !plan.unlikely_ages.is_empty() {
        out.push(I::AgeCheck.fill(lang, &[&plan.unlikely_ages.len()]));
        for u in &plan.unlikely_ages {
            let age = I::AgeAt.fill(lang, &[&u.age, &u.year]);
            out.push(format!("  {}, {}: {age}", at(&u.line), text::visible(&u.name)));
        }
    }
    out.push(I::AlreadyPresent.fill(lang, &[&plan.already_present.len()]));
    out.push(I::Skipped.fill(lang, &[&plan.skipped.len()]));
    for row in &plan.skipped {
        let mut at = at(&row.line);
        // A cell of the file, as short as a message should quote it (it may be a
        // megabyte, or hold escape sequences).
        if let Some(name) = &row.name {
            at = format!("{at}, {}", text::excerpt(name));
        }
        let reasons: Vec<String> = row
            .reasons
            .iter()
            .map(|r| match r {
                SkipReason::Invalid { error, value } if value.is_empty() => dom::field_error(lang, error),
                SkipReason::Invalid { error, value } => {
                    let value = text::excerpt(value);
                    format!(
                        "{} {}",
                        dom::field_error(lang, error),
                        I::ValueWas.fill(lang, &[&value])
                    )
                }
                SkipReason::DuplicateOf { line } => {
                    if sheet { I::DuplicateRow } else { I::DuplicateLine }.fill(lang, &[line])
                }
                SkipReason::OtherClass { class, ours } => {
                    I::OtherClass.fill(lang, &[&text::excerpt(class), &text::visible(ours)])
                }
            })
            .collect();
        out.push(format!("  {at}: {}", reasons.join("; ")));
    }
    out.join("\n")
}

/// One line saying what went wrong and what to do. Names of files and sheets and labels
/// read from a file are shown with [`text::visible`]: they come from the file too.
pub fn error_message(err: &ImportError, lang: Lang) -> String {
    use ImportError as E;
    let found = |f: &Vec<String>| {
        if f.is_empty() {
            I::NoColumns.get(lang).to_string()
        } else {
            f.iter()
                .map(|l| format!("“{}”", text::excerpt(l)))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    let file = |path: &std::path::Path| text::visible(&path.display().to_string()).into_owned();
    let place = |path: &std::path::Path, sheet: &Option<String>| match sheet {
        Some(s) => I::InSheet.fill(lang, &[&file(path), &text::excerpt(s)]),
        None => I::InFile.fill(lang, &[&file(path)]),
    };
    match err {
        E::Io { path, source } if source.kind() == std::io::ErrorKind::NotFound => {
            I::NotFound.fill(lang, &[&file(path)])
        }
        E::Io { path, source } => I::Io.fill(lang, &[&file(path), &crate::i18n::io::reason(lang, source)]),
        E::NotUtf8 { path } => I::NotUtf8.fill(lang, &[&file(path)]),
        E::WebPage { path } => I::WebPage.fill(lang, &[&file(path)]),
        E::UnknownFormat { path } => I::UnknownFormat.fill(lang, &[&file(path)]),
        E::OpenDocument { path } => I::OpenDocument.fill(lang, &[&file(path)]),
        E::Workbook { path, damage } => I::Workbook.fill(lang, &[&file(path), &damage_words(damage, lang)]),
        E::Empty { path } => I::Empty.fill(lang, &[&file(path)]),
        E::TooLarge { path, bytes } => I::TooLarge.fill(lang, &[&file(path), &bytes.div_ceil(1 << 20)]),
        E::TooManyRows {
            path,
            sheet,
            rows,
            at_least,
        } => {
            let message = if *at_least { I::MoreRowsThan } else { I::TooManyRows };
            message.fill(lang, &[&place(path, sheet), rows, &MAX_PUPIL_ROWS])
        }
        E::CellTooFar { path, sheet, cell } => {
            I::CellTooFar.fill(lang, &[&place(path, &Some(sheet.clone())), cell, &MAX_COLS])
        }
        E::SheetTooBig { path, sheet, span } => I::SheetTooBig.fill(lang, &[&place(path, &Some(sheet.clone())), span]),
        E::SheetTooMuchText { path, sheet } => I::SheetTooMuchText.fill(lang, &[&place(path, &Some(sheet.clone()))]),
        E::WorkbookTooBig { path, sheets } => I::WorkbookTooBig.fill(lang, &[&file(path), sheets]),
        E::NoNameColumn { found: f } => I::NoName.fill(lang, &[&found(f), &I::NameWanted.get(lang)]),
        E::NoBirthDateColumn { found: f } => I::NoBirth.fill(lang, &[&found(f), &I::BirthWanted.get(lang)]),
    }
}

/// Why a spreadsheet could not be opened, in `lang`; the reader's own words (English, and
/// too many to translate) are quoted as its words, briefly.
fn damage_words(damage: &Damage, lang: Lang) -> String {
    let words = match damage {
        Damage::Reader(said) => return I::DamagedReaderSaid.fill(lang, &[&text::excerpt(said)]),
        Damage::Record(name) => return I::DamagedRecord.fill(lang, &[name]),
        Damage::Structure => I::DamagedStructure,
        Damage::NoWorkbook => I::DamagedNoWorkbook,
        Damage::RepeatedCells => I::DamagedRepeatedCells,
        Damage::OverlappingSheets => I::DamagedOverlappingSheets,
        Damage::Stopped => I::DamagedStopped,
    };
    words.get(lang).to_string()
}
