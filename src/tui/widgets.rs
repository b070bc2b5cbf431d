//! Small pieces shared by the screens: boxes, colours, labels, a text field's window.
//! Colours are the 16 ANSI ones, so old consoles show them; meaning never rests on colour
//! alone (badges carry text, the focus carries a marker).

use std::borrow::Cow;

use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Cell};
use tui_input::Input;
use unicode_width::UnicodeWidthChar;

use super::action::Context;
use super::form::{FieldId, PassField, Pick};
use super::keymap::Binding;
use super::roster::{SortOrder, StatusFilter};
use crate::domain::{Field, RecordKind, Status};
pub use crate::i18n::domain::sex as sex_label;
use crate::i18n::lock_screen::LS;
use crate::i18n::tui::{T, badge};
use crate::i18n::{Lang, domain as d};
use crate::text;

/// Borders drawn with `+`, `-` and `|`.
pub const ASCII_BORDER: border::Set = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

/// Text as the screens draw it. Stored text (a name an older sotay took, a class list's
/// cell) may hold control or direction characters: they are shown escaped (`\u{202E}`),
/// never obeyed. The helpers below that take text ([`block`]'s title, [`cell`], [`fit`],
/// [`pad`], [`wrap`]) and the message line pass it through here, and every screen draws
/// its text through them: no screen escapes text itself.
pub fn shown(s: &str) -> Cow<'_, str> {
    text::visible_lines(s)
}

/// A bordered box with a title.
pub fn block<'a>(ascii: bool, title: impl Into<Line<'a>>) -> Block<'a> {
    let set = if ascii { ASCII_BORDER } else { border::PLAIN };
    let mut title = title.into();
    for span in &mut title.spans {
        if let Cow::Owned(s) = shown(&span.content) {
            span.content = s.into();
        }
    }
    Block::default()
        .borders(Borders::ALL)
        .border_set(set)
        .title(title.style(Style::new().add_modifier(Modifier::BOLD)))
}

/// A table's cell of text (see [`shown`]).
pub fn cell(s: &str) -> Cell<'_> {
    Cell::from(shown(s))
}

/// `s` cut to at most `width` cells, ending with `…` when cut (see [`shown`]).
pub fn fit(s: &str, width: usize) -> String {
    text::truncate(&shown(s), width)
}

/// The marker in front of the focused line.
pub fn focus_marker(ascii: bool) -> &'static str {
    if ascii { "> " } else { "› " }
}

/// The arrows around a pick list's value.
pub fn pick_arrows(ascii: bool) -> (&'static str, &'static str) {
    if ascii { ("< ", " >") } else { ("‹ ", " ›") }
}

pub fn status_style(s: Status) -> Style {
    match s {
        Status::Unscreened => Style::new(),
        Status::NotAtRisk => Style::new().fg(Color::Green),
        Status::AtRisk => Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
        Status::ChildLabour => Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
        Status::Trafficked => Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD),
    }
}

pub fn error_style() -> Style {
    Style::new().fg(Color::Red)
}

/// Something to look at, not an error: a possible twin on the class list.
pub fn warning_style() -> Style {
    Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
}

pub fn dim() -> Style {
    Style::new().add_modifier(Modifier::DIM)
}

pub fn bold() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

/// A rectangle of at most `w`×`h` in the middle of `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(area.x + (area.width - w) / 2, area.y + (area.height - h) / 2, w, h)
}

pub fn field_label(lang: Lang, id: FieldId) -> &'static str {
    match id {
        FieldId::Domain(Field::TrainedOn) => T::TrainedOn.get(lang),
        FieldId::Domain(f) => d::field(lang, f),
        FieldId::Factor(f) => d::factor(lang, f),
        FieldId::ImportPath => T::ImportPath.get(lang),
        // The session form draws the pupil's name itself.
        FieldId::Attendee(_) => d::field(lang, Field::Attendees),
        FieldId::Export(f) => super::draw::export::field_label(lang, f),
        FieldId::BundlePath => crate::i18n::account::S::LBundleFile.get(lang),
        FieldId::BackupPath => crate::i18n::backup_ui::BU::LBackupFile.get(lang),
        FieldId::Passphrase(p) => match p {
            PassField::Current => LS::Current.get(lang),
            PassField::New => LS::New.get(lang),
            PassField::Repeat => LS::Repeat.get(lang),
        },
        FieldId::LockOn => LS::LockOn.get(lang),
        FieldId::IdleMinutes => LS::IdleMinutes.get(lang),
    }
}

/// A pick list's entry in words; a report's period is named with its dates.
pub fn pick_label(lang: Lang, p: Pick) -> Cow<'static, str> {
    let words = match p {
        Pick::Lang(Lang::Vi) => T::LangVi.get(lang),
        Pick::Lang(Lang::En) => T::LangEn.get(lang),
        Pick::Sex(s) => d::sex(lang, s),
        Pick::Decision(dec) => d::decision(lang, dec),
        Pick::Sector(None) => T::NoneChosen.get(lang),
        Pick::Sector(Some(s)) => d::sector(lang, s),
        Pick::SupportType(t) => d::support_type(lang, t),
        Pick::SupportStatus(s) => d::support_status(lang, s),
        Pick::Stage(s) => d::stage(lang, s),
        Pick::CloseReason(None) => T::NoneChosen.get(lang),
        Pick::CloseReason(Some(r)) => d::close_reason(lang, r),
        Pick::Audience(a) => d::audience(lang, a),
        Pick::Period(_) | Pick::Detail(_) | Pick::Format(_) => return super::draw::export::pick_label(lang, p),
        Pick::LockOn(true) => LS::On.get(lang),
        Pick::LockOn(false) => LS::Off.get(lang),
    };
    Cow::Borrowed(words)
}

pub fn filter_label(lang: Lang, f: StatusFilter) -> &'static str {
    match f {
        StatusFilter::All => T::FilterAll.get(lang),
        StatusFilter::Identified => T::FilterIdentified.get(lang),
        StatusFilter::Only(s) => badge(lang, s),
    }
}

pub fn sort_label(lang: Lang, s: SortOrder) -> &'static str {
    match s {
        SortOrder::List => T::SortList.get(lang),
        SortOrder::Name => T::SortName.get(lang),
    }
}

pub fn context_label(lang: Lang, c: Context) -> &'static str {
    match c {
        Context::Global => T::CtxGlobal,
        Context::Roster => T::CtxRoster,
        Context::Search => T::CtxSearch,
        Context::Detail => T::CtxDetail,
        Context::Form => T::CtxForm,
        Context::Confirm => T::CtxConfirm,
        Context::Help => T::CtxHelp,
        Context::Timeline => T::CtxTimeline,
        Context::Reminders => T::CtxReminders,
        Context::Dashboard => T::CtxDashboard,
        Context::Sessions => T::CtxSessions,
        Context::Entry => T::CtxEntry,
        Context::Sync => T::CtxSync,
        Context::Lock => return crate::i18n::lock_screen::LS::CtxLock.get(lang),
    }
    .get(lang)
}

/// The label of a pupil's or a screening's field as the change log names it.
fn pupil_field_label(lang: Lang, name: &str) -> String {
    let f = match name {
        "code" => Field::StudentCode,
        "name" => Field::Name,
        "birth_date" => Field::BirthDate,
        "sex" => Field::Sex,
        "ethnicity" => Field::Ethnicity,
        "address" => Field::Address,
        "guardian" => Field::Guardian,
        "phone" => Field::Phone,
        "class" => Field::Class,
        "school_year" => Field::SchoolYear,
        "notes" => Field::Notes,
        "screened_on" => Field::ScreenedOn,
        "decision" => Field::Decision,
        "identified_on" => Field::IdentifiedOn,
        "factors" => return T::FactorsLabel.get(lang).to_string(),
        other => return other.to_string(),
    };
    d::field(lang, f).to_string()
}

/// The label of a field as the change log names it, for a record of `kind`: the case
/// follow-up's records share some names (`status`, `notes`) whose meaning depends on it.
pub fn stored_field_label(lang: Lang, kind: RecordKind, name: &str) -> String {
    use crate::i18n::case::C;
    use RecordKind as K;
    let f = match (kind, name) {
        (K::Student | K::Screening | K::Profile | K::Session | K::Settings, _) => {
            return pupil_field_label(lang, name);
        }
        (K::Visit, "visited_on") => Field::VisitedOn,
        (K::Visit, "visited_by") => Field::VisitedBy,
        (K::Visit, "met") => Field::Met,
        (K::Visit, "working") => Field::Working,
        (K::Visit, "employer") => Field::Employer,
        (K::Visit, "sector") => Field::Sector,
        (K::Visit, "hours_per_week") => Field::HoursPerWeek,
        (K::Visit, "hazardous") => Field::Hazardous,
        (K::Visit, "attending_school") => Field::AttendingSchool,
        (K::Visit, "findings") => Field::Findings,
        (K::Visit, "agreed") => Field::Agreed,
        (K::Visit, "next_visit_on") => Field::NextVisitOn,
        (K::Support, "kind") => Field::SupportType,
        (K::Support, "status") => Field::SupportStatus,
        (K::Support, "planned_on") => return C::LPlannedOn.get(lang).to_string(),
        (K::Support, "referred_on") => return C::LReferredOn.get(lang).to_string(),
        (K::Support, "delivered_on") => return C::LDeliveredOn.get(lang).to_string(),
        (K::Support, "declined_on") => return C::LDeclinedOn.get(lang).to_string(),
        (K::Support, "amount_vnd") => Field::Amount,
        (K::Support, "provider") => Field::Provider,
        (K::Case, "stage") => Field::Stage,
        (K::Case, "identified_on") => Field::IdentifiedOn,
        (K::Case, "opened_on") => return C::LOpenedOn.get(lang).to_string(),
        (K::Case, "stage_on") => Field::StageOn,
        (K::Case, "first_intervention_on") => return C::LFirstIntervention.get(lang).to_string(),
        (K::Case, "close_reason") => Field::CloseReason,
        (K::Informed, "student_on") => Field::StudentInformedOn,
        (K::Informed, "parents_on") => Field::ParentsInformedOn,
        (_, "notes") => Field::Notes,
        (_, other) => return other.to_string(),
    };
    d::field(lang, f).to_string()
}

/// The letters of the other language's answers to a question, which a question does not
/// show (they still work): `y`/`n` in Vietnamese, where `c` (có) and `k` (không) are shown,
/// and `c`/`k` in English.
fn foreign_answer(lang: Lang, key: &str) -> bool {
    let foreign: [&str; 2] = match lang {
        Lang::Vi => ["y", "n"],
        Lang::En => ["c", "k"],
    };
    foreign.iter().any(|f| key.eq_ignore_ascii_case(f))
}

/// The keys that give an answer to a question, for the question and the bottom line: every
/// key once ("k/Esc/Enter", not "k/K/Esc/Enter"), the interface language's letters only.
pub fn answer_keys(lang: Lang, b: &Binding) -> String {
    let mut keys: Vec<&str> = Vec::new();
    for k in &b.keys {
        if !keys.iter().any(|x| x.eq_ignore_ascii_case(k)) {
            keys.push(k);
        }
    }
    if keys.iter().any(|k| !foreign_answer(lang, k)) {
        keys.retain(|k| !foreign_answer(lang, k));
    }
    keys.join("/")
}

/// What a one-line text field shows in `width` cells: the part of the text around the
/// caret, padded, and the caret's column in it.
pub fn input_window(input: &Input, width: usize) -> (String, u16) {
    if width == 0 {
        return (String::new(), 0);
    }
    // One cell is kept for the caret after the last character.
    let scroll = input.visual_scroll(width.saturating_sub(1));
    let mut out = String::new();
    let mut col = 0;
    let mut used = 0;
    for c in input.value().chars() {
        // Being edited, a character that would act on the terminal is not drawn at all: an
        // escape would move the caret off the text (the domain refuses it on saving).
        if text::is_hidden_control(c) {
            continue;
        }
        let w = c.width().unwrap_or(0);
        if col < scroll {
            col += w;
            continue;
        }
        if used + w > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.extend(std::iter::repeat_n(' ', width - used));
    let caret = input.visual_cursor().saturating_sub(scroll).min(width - 1);
    (out, caret as u16)
}

/// Pads `s` with spaces to `width` cells, cutting it with `…` when longer (see [`shown`]).
pub fn pad(s: &str, width: usize) -> String {
    let mut out = fit(s, width);
    let w = text::width(&out);
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(w)));
    out
}

/// Breaks `s` into lines of at most `width` cells, at spaces where it can (see [`shown`]).
pub fn wrap(s: &str, width: usize) -> Vec<String> {
    let s = shown(s);
    let width = width.max(8);
    let mut out = Vec::new();
    for para in s.split('\n') {
        let mut line = String::new();
        for word in para.split(' ') {
            let extra = if line.is_empty() { 0 } else { 1 };
            if !line.is_empty() && text::width(&line) + extra + text::width(word) > width {
                out.push(std::mem::take(&mut line));
            } else if !line.is_empty() {
                line.push(' ');
            }
            let mut word = word;
            // A word longer than the line is cut where it must be.
            while text::width(word) > width {
                let cut = word
                    .char_indices()
                    .scan(0, |w, (i, c)| {
                        *w += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                        Some((i + c.len_utf8(), *w))
                    })
                    .take_while(|(_, w)| *w <= width)
                    .last()
                    .map_or(word.len(), |(i, _)| i);
                out.push(word[..cut].to_string());
                word = &word[cut..];
            }
            line.push_str(word);
        }
        out.push(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_window_follows_the_caret() {
        let i = Input::new("Nguyễn Văn An".into());
        let (shown, caret) = input_window(&i, 8);
        assert_eq!(shown, " Văn An ");
        assert_eq!(caret, 7);
        let (shown, caret) = input_window(&Input::new("An".into()), 5);
        assert_eq!(shown, "An   ");
        assert_eq!(caret, 2);
    }

    #[test]
    fn text_is_drawn_with_its_hidden_characters_escaped() {
        let name = "Lò Văn\u{202e} Mười";
        assert_eq!(pad(name, 24), "Lò Văn\\u{202E} Mười     ");
        assert_eq!(wrap(name, 12), ["Lò", "Văn\\u{202E}", "Mười"]);
        assert_eq!(fit(name, 10), "Lò Văn\\u{…");
        let (shown, caret) = input_window(&Input::new(name.into()), 14);
        assert_eq!((shown.as_str(), caret), ("Lò Văn Mười   ", 11));
    }

    #[test]
    fn pad_cuts_and_fills() {
        assert_eq!(pad("Lê Ánh", 8), "Lê Ánh  ");
        assert_eq!(pad("Nguyễn Văn An", 8), "Nguyễn …");
    }

    #[test]
    fn wrap_breaks_at_spaces_and_cuts_long_words() {
        assert_eq!(
            wrap("Thôn Trung, xã Quang Phục", 12),
            ["Thôn Trung,", "xã Quang", "Phục"]
        );
        assert_eq!(wrap("abcdefghijkl", 8), ["abcdefgh", "ijkl"]);
        assert_eq!(wrap("", 8), [""]);
        assert_eq!(wrap("a\nb", 8), ["a", "b"]);
    }

    /// The history labels the change log's field names by a table of its own: every field a
    /// pupil's records log must have a label there, or the history would show raw names.
    #[test]
    fn every_logged_field_of_a_pupil_has_a_label() {
        use crate::domain::{Decision, Record, SchoolYear, Screening, Student};
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let student = Student {
            id: uuid::Uuid::nil(),
            code: None,
            name: String::new(),
            birth_date: day,
            sex: None,
            ethnicity: String::new(),
            address: String::new(),
            guardian: String::new(),
            phone: String::new(),
            class: String::new(),
            school_year: SchoolYear(2026),
            notes: String::new(),
        };
        let screening = Screening {
            student_id: uuid::Uuid::nil(),
            screened_on: day,
            factors: Default::default(),
            decision: Decision::AtRisk,
            identified_on: None,
            notes: String::new(),
        };
        let names = (student
            .fields()
            .into_iter()
            .map(|(name, _)| (RecordKind::Student, name)))
        .chain(
            screening
                .fields()
                .into_iter()
                .map(|(name, _)| (RecordKind::Screening, name)),
        );
        for (kind, name) in names {
            for lang in [Lang::Vi, Lang::En] {
                assert_ne!(stored_field_label(lang, kind, name), name, "{name} has no label");
            }
        }
    }

    /// The same for the case follow-up's records on a pupil's timeline (their pupil id is
    /// never shown).
    #[test]
    fn every_logged_field_of_the_case_follow_up_has_a_label() {
        use crate::domain::{Case, Informed, Record, Stage, Support, SupportStatus, SupportType, Visit};
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let id = uuid::Uuid::nil();
        let visit = Visit {
            id,
            ..crate::domain::testkit::visit(id, 0, day)
        };

        let support = Support {
            id,
            student_id: id,
            kind: SupportType::Scholarship,
            status: SupportStatus::Planned,
            planned_on: None,
            referred_on: None,
            delivered_on: None,
            declined_on: None,
            amount_vnd: None,
            provider: String::new(),
            notes: String::new(),
        };
        let mut case = Case::new(id, day);
        case.stage = Stage::Intervening;
        let fields = [
            (RecordKind::Visit, visit.fields()),
            (RecordKind::Support, support.fields()),
            (RecordKind::Case, case.fields()),
            (RecordKind::Informed, Informed::default().fields()),
        ];
        for (kind, fields) in fields {
            for (name, _) in fields.into_iter().filter(|(n, _)| *n != "student_id") {
                for lang in [Lang::Vi, Lang::En] {
                    assert_ne!(
                        stored_field_label(lang, kind, name),
                        name,
                        "{kind:?} {name} has no label"
                    );
                }
            }
        }
        // Names the records share are told apart by the record.
        assert_eq!(stored_field_label(Lang::En, RecordKind::Support, "status"), "Status");
        assert_eq!(stored_field_label(Lang::En, RecordKind::Case, "stage"), "Stage");
    }
}
