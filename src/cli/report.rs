//! `sotay export` and `sotay report merge`: a report file in one step, or nothing at all.
//! Every input is checked before anything is written, and the file is written whole
//! (`report::output::write`).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::commands::{open_with_profile, store_failure};
use super::exit::{CliError, Code};
use super::{ExportArgs, MergeArgs};
use crate::clock::Clock;
use crate::i18n::Lang;
use crate::i18n::export::E;
use crate::report::output::{self, Format, WriteError};
use crate::report::{Detail, ReportPeriod, document, merge as merging, period, summarize};

pub fn export(dir: &Path, a: &ExportArgs, lang_flag: Option<Lang>, clock: Arc<dyn Clock>) -> Result<(), CliError> {
    let (store, lang, profile) = open_with_profile(dir, lang_flag, clock.clone())?;
    let format = format_of(a.format.as_deref(), &a.output, lang)?;
    let today = clock.today();
    let period = match a.period.as_deref() {
        Some(p) => ReportPeriod::parse(p).map_err(|e| CliError::new(Code::Invalid, period::error_message(lang, &e)))?,
        None => ReportPeriod::due_next(today),
    };
    // A period still to come has nothing to count; its report would look like an empty one.
    period
        .check_started(today)
        .map_err(|e| CliError::new(Code::Invalid, period::error_message(lang, &e)))?;
    let detail =
        Detail::parse(&a.detail).ok_or_else(|| CliError::new(Code::Invalid, E::BadDetail.fill(lang, &[&a.detail])))?;
    refuse_existing(&a.output, a.force, lang)?;

    let book = store.casebook().map_err(|e| store_failure(lang, &e))?;
    // Closed before the file is written: the notebook is free again as soon as it is read.
    drop(store);
    let summary = summarize(&profile, &book, period, detail, today);
    let doc = document::class_summary(&summary, lang);
    let bytes = render(&doc, format, &a.output, lang)?;
    write(&a.output, &bytes, a.force, lang)?;

    let shown = absolute(&a.output);
    let done = if detail == Detail::Full {
        E::ExportedFull
    } else {
        E::Exported
    };
    println!("{}", done.fill(lang, &[&period.label(lang), &shown.display()]));
    Ok(())
}

pub fn merge(a: &MergeArgs, lang_flag: Option<Lang>, clock: Arc<dyn Clock>) -> Result<(), CliError> {
    // No notebook: a school's computer may have none. Until the files are read, messages
    // are in the flag's language, else the system's.
    let lang = lang_flag.unwrap_or_else(Lang::from_system);
    let format = format_of(a.file.format.as_deref(), &a.file.output, lang)?;
    refuse_existing(&a.file.output, a.file.force, lang)?;
    let refused = |lang, e: merging::MergeError| CliError::new(Code::Invalid, merging::error_message(lang, &e));
    // Every file is read before any is refused, so a refusal speaks the language of the
    // files that did read.
    let mut classes = Vec::with_capacity(a.files.len());
    let mut first_error = None;
    for file in &a.files {
        match merging::read(file) {
            Ok(figures) => classes.push((file.clone(), figures)),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    // The report, and the messages from here on, are in the flag's language, else the
    // language the classes' files were written in (when they agree), else the system's.
    let lang = lang_flag
        .or_else(|| merging::common_lang(&classes))
        .unwrap_or_else(Lang::from_system);
    if let Some(e) = first_error {
        return Err(refused(lang, e));
    }
    // Merged all the same (only figures are taken), but the school should know such a file
    // left the teacher's hands.
    for (file, figures) in &classes {
        if figures.detail == Detail::Full {
            super::say(&E::MergedFullDetail.fill(lang, &[&file.display()]));
        }
    }
    let report = merging::merge(classes, clock.today()).map_err(|e| refused(lang, e))?;
    for w in &report.warnings {
        super::say(&merging::warning_message(lang, w));
    }
    let doc = document::school_report(&report, lang);
    let bytes = render(&doc, format, &a.file.output, lang)?;
    write(&a.file.output, &bytes, a.file.force, lang)?;

    let period = report.classes[0].1.header.period.label(lang);
    let shown = absolute(&a.file.output);
    println!(
        "{}",
        E::Merged.fill(lang, &[&report.classes.len(), &period, &shown.display()])
    );
    Ok(())
}

/// `--format`, else the output file's extension, else refused naming the file.
pub(super) fn format_of(flag: Option<&str>, output: &Path, lang: Lang) -> Result<Format, CliError> {
    match flag {
        Some(f) => {
            let format =
                Format::parse(f).ok_or_else(|| CliError::new(Code::Invalid, E::BadFormat.fill(lang, &[&f])))?;
            // A CSV named .xlsx is a file Excel refuses to open: say so rather than write it.
            match Format::from_path(output) {
                Some(named) if named != format => Err(CliError::new(
                    Code::Invalid,
                    E::FormatMismatch.fill(
                        lang,
                        &[
                            &output.display(),
                            &output.extension().unwrap_or_default().to_string_lossy(),
                            &format.extension(),
                        ],
                    ),
                )),
                _ => Ok(format),
            }
        }
        None => Format::from_path(output)
            .ok_or_else(|| CliError::new(Code::Invalid, E::NoFormat.fill(lang, &[&output.display()]))),
    }
}

/// Refuses an existing output before any work; `output::write` checks again when it writes.
pub(super) fn refuse_existing(output: &Path, force: bool, lang: Lang) -> Result<(), CliError> {
    if !force && output.symlink_metadata().is_ok() {
        return Err(write_failure(lang, &WriteError::Exists(output.to_path_buf())));
    }
    Ok(())
}

pub(super) fn render(doc: &document::Document, format: Format, output: &Path, lang: Lang) -> Result<Vec<u8>, CliError> {
    crate::report::render(doc, format)
        .map_err(|e| CliError::new(Code::Failure, E::RenderFailed.fill(lang, &[&output.display(), &e])))
}

pub(super) fn write(output: &Path, bytes: &[u8], force: bool, lang: Lang) -> Result<(), CliError> {
    output::write(output, bytes, force).map_err(|e| write_failure(lang, &e))
}

/// An existing file is refused input (5), with the flag that replaces it; a disk that fails
/// is unexpected (1).
pub(super) fn write_failure(lang: Lang, e: &WriteError) -> CliError {
    match e {
        WriteError::Exists(path) => CliError::new(Code::Invalid, E::FileExistsUseForce.fill(lang, &[&path.display()])),
        WriteError::Io { .. } => CliError::new(Code::Failure, output::error_message(lang, e)),
    }
}

/// Where the file went, as the teacher can find it again.
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}
