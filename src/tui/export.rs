//! The export dialog: the class's report for a period, as `sotay export` makes it, with the
//! same choices: the period (a preset, or one typed), how much it says about pupils, the
//! format and the file. It is a form like the others: `update` opens it, follows the
//! choices (the custom period's field, the suggested file) and exports on save; drawing
//! only reads it.

use std::path::{Path, PathBuf};

use tui_input::Input;

use super::app::{App, Confirm, Popup};
use super::form::{FieldId, Form, FormField, FormKind, Pick, Widget};
use crate::domain::Problem;
use crate::i18n::dialog::X;
use crate::report::{self, Detail, Format, ReportPeriod, output, period};
use crate::store::layout::DeviceSetting;

/// The dialog's fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportField {
    Period,
    /// The typed period; shown only while the period picked is "custom".
    Custom,
    Detail,
    Format,
    File,
}

/// What the export dialog keeps beside its fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportState {
    /// The class the suggested file is named after.
    pub class: String,
    /// The folder a suggested file goes in.
    pub dir: PathBuf,
    /// The file the dialog suggested last. While the file field still holds it, it follows
    /// the period and the format; once edited by hand it is the teacher's.
    pub suggested: String,
    /// The custom period's text, kept while a preset is picked, so that it comes back.
    pub custom: String,
}

const fn id(f: ExportField) -> FieldId {
    FieldId::Export(f)
}

fn pick_field(f: ExportField, options: Vec<Pick>, current: Pick) -> FormField {
    let index = options.iter().position(|o| *o == current).unwrap_or(0);
    FormField {
        id: id(f),
        widget: Widget::Pick { options, index },
        required: false,
    }
}

fn text_field(f: ExportField, value: &str, required: bool) -> FormField {
    FormField {
        id: id(f),
        widget: Widget::Text(Input::new(value.to_string())),
        required,
    }
}

/// The dialog's fields: the period (`presets`, then "custom"), with `period` picked; the
/// detail (summary); the format (XLSX); the file.
pub fn export_form(presets: &[ReportPeriod], period: ReportPeriod, file: &str) -> Form {
    let mut periods: Vec<Pick> = presets.iter().map(|p| Pick::Period(Some(*p))).collect();
    periods.push(Pick::Period(None));
    Form::new(vec![
        pick_field(ExportField::Period, periods, Pick::Period(Some(period))),
        pick_field(
            ExportField::Detail,
            vec![Pick::Detail(Detail::Summary), Pick::Detail(Detail::Full)],
            Pick::Detail(Detail::Summary),
        ),
        pick_field(
            ExportField::Format,
            Format::ALL.iter().map(|f| Pick::Format(*f)).collect(),
            Pick::Format(Format::Xlsx),
        ),
        text_field(ExportField::File, file, true),
    ])
}

/// `dir` joined with the report's usual file name.
pub fn suggested_file(dir: &Path, class: &str, period_code: &str, detail: Detail, format: Format) -> String {
    dir.join(output::default_file_name(class, period_code, detail, format))
        .to_string_lossy()
        .into_owned()
}

/// The file a typed name means: with the format's extension added when it ends in none of
/// the report formats' (`baocao` becomes `baocao.xlsx`, `lop.8A` becomes `lop.8A.xlsx`),
/// so the file opens in the program it was made for. A name that ends in one is kept.
pub fn with_format_extension(typed: &str, format: Format) -> String {
    if Format::from_path(Path::new(typed)).is_some() {
        typed.to_string()
    } else {
        format!("{}.{}", typed.trim_end_matches('.'), format.extension())
    }
}

pub fn format_of(form: &Form) -> Format {
    match form.pick_of(id(ExportField::Format)) {
        Some(Pick::Format(f)) => f,
        _ => Format::Xlsx,
    }
}

pub fn detail_of(form: &Form) -> Detail {
    match form.pick_of(id(ExportField::Detail)) {
        Some(Pick::Detail(d)) => d,
        _ => Detail::Summary,
    }
}

/// Where reports go when the app is not told: the documents folder if there is one, else
/// the home folder, else the current folder.
pub fn default_export_dir() -> PathBuf {
    let dirs = directories::UserDirs::new();
    dirs.as_ref()
        .and_then(|d| d.document_dir())
        .filter(|d| d.is_dir())
        .map(Path::to_path_buf)
        .or_else(|| dirs.as_ref().map(|d| d.home_dir().to_path_buf()))
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_else(|| PathBuf::from("."))
}

impl App {
    /// The folder the export dialog suggests files in: the one set, else the one a report
    /// went to last on this device (if it is still there), else [`default_export_dir`].
    pub fn export_dir(&self) -> PathBuf {
        self.export_dir
            .clone()
            .or_else(|| self.remembered_folder(DeviceSetting::ExportFolder))
            .unwrap_or_else(default_export_dir)
    }

    /// Sets the folder the export dialog suggests files in (and that a relative file name
    /// typed there is read from), instead of the user's documents folder.
    pub fn set_export_dir(&mut self, dir: PathBuf) {
        self.export_dir = Some(dir);
    }

    /// Opens the export dialog: the report due next, in summary, as XLSX, to a file named
    /// after the class and the period in the export folder.
    pub(crate) fn open_export(&mut self) {
        let Some(p) = self.profile.as_ref() else { return };
        let due = ReportPeriod::due_next(self.today);
        let presets = ReportPeriod::presets(self.today);
        let dir = self.export_dir();
        let file = suggested_file(&dir, &p.class, &due.code(), Detail::Summary, Format::Xlsx);
        let state = ExportState {
            class: p.class.clone(),
            dir,
            suggested: file.clone(),
            custom: String::new(),
        };
        let form = export_form(&presets, due, &file);
        self.push_form(FormKind::Export(Box::new(state)), form);
    }

    /// After field `changed` of the export dialog changed: the custom period's field shows
    /// only while "custom" is picked; a file's ending picks the format; the suggested file
    /// follows the period, the detail and the format until the teacher edits it.
    pub(crate) fn export_follow(&mut self, changed: FieldId) {
        let Some(f) = self.form_mut() else { return };
        let FormKind::Export(state) = &mut f.kind else {
            return;
        };
        let form = &mut f.form;
        let custom = matches!(form.pick_of(id(ExportField::Period)), Some(Pick::Period(None)));
        match (custom, form.index_of(id(ExportField::Custom))) {
            (true, None) => {
                let at = form.index_of(id(ExportField::Period)).map_or(0, |i| i + 1);
                form.fields
                    .insert(at, text_field(ExportField::Custom, &state.custom, true));
                if form.focus >= at {
                    form.focus += 1;
                }
            }
            (false, Some(at)) => {
                // Kept, not lost: picking "custom" again brings it back.
                state.custom = form.text_of(id(ExportField::Custom));
                form.fields.remove(at);
                if form.focus > at {
                    form.focus -= 1;
                }
                if form
                    .other_error
                    .as_ref()
                    .is_some_and(|(e, _)| *e == id(ExportField::Custom))
                {
                    form.other_error = None;
                }
            }
            _ => {}
        }
        let file = form.text_of(id(ExportField::File));
        if changed == id(ExportField::File) {
            if let Some(format) = Format::from_path(Path::new(super::paths::unquote(&file))) {
                form.set_pick_of(id(ExportField::Format), Pick::Format(format));
            }
            return;
        }
        let (detail, format) = (detail_of(form), format_of(form));
        if file == state.suggested {
            let code = match form.pick_of(id(ExportField::Period)) {
                Some(Pick::Period(Some(p))) => Some(p.code()),
                // A custom period names the file once it reads as one.
                _ => ReportPeriod::parse(&form.text_of(id(ExportField::Custom)))
                    .ok()
                    .map(|p| p.code()),
            };
            if let Some(code) = code {
                let new = suggested_file(&state.dir, &state.class, &code, detail, format);
                form.set_text_of(id(ExportField::File), &new);
                state.suggested = new;
            }
        } else if changed == id(ExportField::Format) {
            // A file named by hand keeps its name; its ending follows the format.
            let path = Path::new(super::paths::unquote(&file));
            if Format::from_path(path).is_some() {
                let new = path.with_extension(format.extension());
                form.set_text_of(id(ExportField::File), &new.to_string_lossy());
            }
        }
    }

    /// Exports what the dialog says: reads the period and the file, asks before replacing
    /// a file (unless `replace`), then summarizes, lays out, renders and writes. On success
    /// the dialog closes and the message says where the file is; on any failure the dialog
    /// stays as typed, with the reason under the field concerned.
    pub(crate) fn save_export(&mut self, replace: bool) {
        let lang = self.lang;
        let Some(f) = self.form() else { return };
        let FormKind::Export(state) = &f.kind else {
            return;
        };
        // The folder the dialog was opened with, which its suggested file names.
        let dir = state.dir.clone();
        let form = &f.form;
        let period = match form.pick_of(id(ExportField::Period)) {
            Some(Pick::Period(Some(p))) => p,
            _ => {
                let typed = form.text_of(id(ExportField::Custom));
                if typed.trim().is_empty() {
                    let msg = crate::i18n::domain::problem(lang, &Problem::Required);
                    return self.export_refused(ExportField::Custom, msg);
                }
                match ReportPeriod::parse(&typed) {
                    Ok(p) => p,
                    Err(e) => return self.export_refused(ExportField::Custom, period::error_message(lang, &e)),
                }
            }
        };
        // Nothing has happened in a period that has not begun. The presets never offer
        // one; a typed one is refused under the field it was typed in.
        if let Err(e) = period.check_started(self.today) {
            let field = if form.index_of(id(ExportField::Custom)).is_some() {
                ExportField::Custom
            } else {
                ExportField::Period
            };
            return self.export_refused(field, period::error_message(lang, &e));
        }
        let (detail, format) = (detail_of(form), format_of(form));
        let typed = form.text_of(id(ExportField::File));
        let typed = super::paths::unquote(&typed);
        if typed.is_empty() {
            let msg = crate::i18n::domain::problem(lang, &Problem::Required);
            return self.export_refused(ExportField::File, msg);
        }
        // A bare file name goes in the export folder; the message names the whole path.
        let typed = with_format_extension(typed, format);
        let path = dir.join(super::paths::expand_home(&typed, super::paths::home_dir().as_deref()));
        let path = std::path::absolute(&path).unwrap_or(path);
        if !replace && path.exists() {
            self.popups.push(Popup::Confirm(Confirm::ReplaceExport { path }));
            return;
        }
        let Some(profile) = self.profile.as_ref() else { return };
        // Made and written here, on the interface thread: a class's report takes
        // milliseconds (the budget is 50 ms for 45 pupils and a year of records). A school's
        // merged report, or anything slower, would belong on a worker thread.
        let summary = report::summarize(profile, &self.casebook, period, detail, self.today);
        let doc = report::document::class_summary(&summary, lang);
        let bytes = match report::render(&doc, format) {
            Ok(b) => b,
            Err(e) => return self.export_refused(ExportField::File, X::RenderFailed.fill(lang, &[&e])),
        };
        if let Err(e) = output::write(&path, &bytes, replace) {
            return self.export_refused(ExportField::File, output::error_message(lang, &e));
        }
        self.remember_folder(DeviceSetting::ExportFolder, &path);
        self.screens.pop();
        let done = match detail {
            Detail::Summary => X::Exported,
            Detail::Full => X::ExportedFull,
        };
        self.info(done.fill(lang, &[&path.display()]));
    }

    /// Shows why the dialog can't export under `field`, keeping everything typed.
    fn export_refused(&mut self, field: ExportField, msg: String) {
        if let Some(f) = self.form_mut() {
            f.form.show_other_error(id(field), msg.clone());
        }
        self.error(msg);
    }
}
