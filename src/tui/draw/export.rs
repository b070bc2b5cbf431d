//! The export dialog's words: its title and intro, its fields' labels, pick entries and
//! hints, and the widths of its boxes. The form drawing lays them out as any form's.

use std::borrow::Cow;

use crate::i18n::Lang;
use crate::i18n::dialog::X;
use crate::report::{Detail, Format};
use crate::tui::action::{Action, Context};
use crate::tui::app::App;
use crate::tui::export::{ExportField, ExportState, detail_of};
use crate::tui::form::{Form, Pick};

pub fn title(lang: Lang) -> String {
    X::Title.get(lang).to_string()
}

pub fn intro(app: &App, state: &ExportState) -> String {
    let save = app.key_for(Context::Form, Action::Save);
    X::Intro.fill(app.lang, &[&state.class, &save])
}

pub fn field_label(lang: Lang, f: ExportField) -> &'static str {
    match f {
        ExportField::Period => X::LPeriod,
        ExportField::Custom => X::LCustom,
        ExportField::Detail => X::LDetail,
        ExportField::Format => X::LFormat,
        ExportField::File => X::LFile,
    }
    .get(lang)
}

/// The entries of the dialog's pick lists.
pub fn pick_label(lang: Lang, p: Pick) -> Cow<'static, str> {
    let words = match p {
        Pick::Period(Some(period)) => return Cow::Owned(period.label(lang)),
        Pick::Period(None) => X::PeriodCustom,
        Pick::Detail(Detail::Summary) => X::DetailSummary,
        Pick::Detail(Detail::Full) => X::DetailFull,
        Pick::Format(Format::Xlsx) => X::FormatXlsx,
        Pick::Format(Format::Csv) => X::FormatCsv,
        Pick::Format(Format::Html) => X::FormatHtml,
        Pick::Format(Format::Md) => X::FormatMd,
        _ => return Cow::Borrowed(""),
    };
    Cow::Borrowed(words.get(lang))
}

/// The dim note beside or under a field: the forms a period takes, what the detail means
/// for who may read the file, what a file's ending does.
pub fn hint(lang: Lang, form: &Form, f: ExportField) -> Option<String> {
    let words = match f {
        ExportField::Custom => X::CustomHint,
        ExportField::Detail => match detail_of(form) {
            Detail::Summary => X::SummaryHint,
            Detail::Full => X::FullHint,
        },
        ExportField::File => X::FileHint,
        ExportField::Period | ExportField::Format => return None,
    };
    Some(words.get(lang).to_string())
}

/// How wide a field's box is: a typed period is short; a path takes what there is.
pub fn input_width(f: ExportField, max: usize) -> usize {
    match f {
        ExportField::Custom => 24.min(max),
        _ => max,
    }
}
