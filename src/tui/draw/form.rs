//! Forms: one field a line (label, value, hint), the domain's error under a bad field, the
//! focus marked and the terminal's caret at the focused text field so input-method windows
//! follow it. The screening checklist puts the checkboxes on the left and the live level,
//! the decision and the dates on the right.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::domain::{Audience, Decision, Field, RiskAssessment, RiskLevel, assess};
use crate::i18n::account::S;
use crate::i18n::backup_ui::BU;
use crate::i18n::case::C;
use crate::i18n::domain as d;
use crate::i18n::lock::L;
use crate::i18n::lock_screen::LS;
use crate::i18n::tui::T;
use crate::i18n::views::V;
use crate::text;
use crate::tui::action::{Action, Context};
use crate::tui::app::App;
use crate::tui::form::{FactorGroup, FieldId, Form, FormKind, FormState, PassField, Pick, Widget, group_of};
use crate::tui::widgets::{
    block, bold, dim, error_style, field_label, fit, focus_marker, input_window, pad, pick_arrows, pick_label, wrap,
};
use tui_input::Input;

pub fn draw(app: &App, f: &FormState, frame: &mut Frame, area: Rect, caret: bool) {
    let lang = app.lang;
    let title = match &f.kind {
        FormKind::Setup { first_run: true, .. } => T::TitleSetup.get(lang).to_string(),
        FormKind::Setup { .. } => T::TitleProfile.get(lang).to_string(),
        FormKind::Student { opened: None, .. } => T::TitleAdd.get(lang).to_string(),
        FormKind::Student { .. } => T::TitleEdit.get(lang).to_string(),
        FormKind::Screening { name, .. } => T::TitleScreening.fill(lang, &[name]),
        FormKind::ImportPath => T::TitleImport.get(lang).to_string(),
        FormKind::Visit { opened: None, name, .. } => T::TitleVisitNew.fill(lang, &[name]),
        FormKind::Visit { name, .. } => T::TitleVisitEdit.fill(lang, &[name]),
        FormKind::Support { opened: None, name, .. } => T::TitleSupportNew.fill(lang, &[name]),
        FormKind::Support { name, .. } => T::TitleSupportEdit.fill(lang, &[name]),
        FormKind::CaseMove { name, .. } => T::TitleCase.fill(lang, &[name]),
        FormKind::Informed { name, .. } => T::TitleInformed.fill(lang, &[name]),
        FormKind::Session { opened: None, .. } => T::TitleSessionNew.get(lang).to_string(),
        FormKind::Session { .. } => T::TitleSessionEdit.get(lang).to_string(),
        FormKind::Settings { .. } => T::TitleSettings.get(lang).to_string(),
        FormKind::Export(_) => super::export::title(lang),
        FormKind::BundleExport { .. } => S::TitleBundleExport.get(lang).to_string(),
        FormKind::BundleImport { .. } => S::TitleBundleImport.get(lang).to_string(),
        FormKind::Backup { .. } => BU::TitleBackup.get(lang).to_string(),
        FormKind::Lock { .. } => LS::TitleSettings.get(lang).to_string(),
    };
    let b = block(app.ascii, format!(" {title} "));
    let inner = b.inner(area);
    frame.render_widget(b, area);
    match &f.kind {
        FormKind::Screening { assessment, .. } => screening(app, &f.form, assessment, frame, inner, caret),
        kind => {
            let save_key = app.key_for(Context::Form, Action::Save);
            let intro = match kind {
                // The passphrase is optional; what forgetting it means is said before it is set.
                FormKind::Setup { first_run: true, .. } => format!(
                    "{} {} {}",
                    T::SetupIntro.get(lang),
                    LS::SetupNote.get(lang),
                    L::Forgotten.get(lang)
                ),
                FormKind::Setup { .. } => format!(
                    "{} {}: {}.",
                    T::ProfileIntro.fill(lang, &[&app.key_for(Context::Form, Action::Sync)]),
                    app.key_for(Context::Form, Action::LockSettings),
                    LS::TitleSettings.get(lang)
                ),
                FormKind::Lock { had } => {
                    let mut intro = LS::SettingsIntro.get(lang).to_string();
                    if *had {
                        intro = format!("{intro} {}", L::Forgotten.get(lang));
                    }
                    intro
                }
                FormKind::ImportPath => T::ImportIntro.fill(lang, &[&save_key]),
                FormKind::CaseMove { case, .. } => {
                    C::CaseIntro.fill(lang, &[&d::stage(lang, case.stage), &text::format_date(case.stage_on)])
                }
                FormKind::Informed { .. } => C::InformedIntro.get(lang).to_string(),
                FormKind::Settings { .. } => V::SettingsIntro.get(lang).to_string(),
                FormKind::Export(state) => super::export::intro(app, state),
                FormKind::BundleExport { .. } => S::BundleExportIntro.fill(lang, &[&save_key]),
                FormKind::BundleImport { .. } => S::BundleImportIntro.fill(lang, &[&save_key]),
                FormKind::Backup { .. } => BU::BackupIntro.fill(lang, &[&save_key]),
                _ => T::FormIntro.get(lang).to_string(),
            };
            let mut built = Built::default();
            for part in wrap(&intro, inner.width.saturating_sub(2) as usize) {
                built.lines.push(Line::styled(format!(" {part}"), dim()));
            }
            built.lines.push(Line::from(""));
            // Long labels (the visit's "heavy, hazardous or dangerous work") give way before
            // a date box does, so a date is never cut on a narrow screen.
            let max_label = (inner.width as usize / 2).min((inner.width as usize).saturating_sub(19 + 12));
            let label_w = label_width(app, &f.form, 0..f.form.fields.len(), max_label);
            // A path takes the whole line.
            let input_w = if kind.is_one_path() || matches!(kind, FormKind::Export(_)) {
                (inner.width as usize).saturating_sub(label_w + 7)
            } else {
                (inner.width as usize).saturating_sub(label_w + 19).clamp(10, 48)
            };
            let layout = Rows {
                label_w,
                input_w,
                width: inner.width as usize,
            };
            layout.fields(app, &f.form, 0..f.form.fields.len(), &mut built);
            built.render(frame, inner, caret);
        }
    }
}

/// Lines of a form column, where the focus is, and where the caret goes.
#[derive(Default)]
struct Built<'a> {
    lines: Vec<Line<'a>>,
    /// The last line that must be seen for the focused field (its error or hint included).
    focus_end: Option<usize>,
    /// The caret: line and column within the column's area.
    caret: Option<(usize, u16)>,
}

impl<'a> Built<'a> {
    /// Adds `other`'s lines below these, with its focus and caret.
    fn append(&mut self, other: Built<'a>) {
        let offset = self.lines.len();
        if let Some(end) = other.focus_end {
            self.focus_end = Some(offset + end);
        }
        if let Some((line, col)) = other.caret {
            self.caret = Some((offset + line, col));
        }
        self.lines.extend(other.lines);
    }

    /// Renders with the least scrolling that shows the focused field.
    fn render(self, frame: &mut Frame, area: Rect, caret: bool) {
        let h = area.height as usize;
        let scroll = self.focus_end.map_or(0, |end| (end + 1).saturating_sub(h));
        if caret
            && let Some((line, col)) = self.caret
            && line >= scroll
            && line < scroll + h
            && col < area.width
        {
            frame.set_cursor_position((area.x + col, area.y + (line - scroll) as u16));
        }
        frame.render_widget(Paragraph::new(self.lines).scroll((scroll as u16, 0)), area);
    }
}

/// The widest label of `range` (with the required mark), at most `max`.
fn label_width(app: &App, form: &Form, range: std::ops::Range<usize>, max: usize) -> usize {
    form.fields[range]
        .iter()
        .map(|f| text::width(&label_of(app, f.id)) + if f.required { 2 } else { 0 })
        .max()
        .unwrap_or(0)
        .min(max)
}

/// How field lines are laid out: " › Label *     [value      ] hint", the hint under the
/// value when the line has no room for it.
struct Rows {
    label_w: usize,
    /// The widest a text field's box gets (inside its brackets).
    input_w: usize,
    /// The column's width.
    width: usize,
}

/// How wide a field's box is: short for dates and codes, so what belongs there is clear.
fn input_width(id: FieldId, max: usize) -> usize {
    let w = match id {
        FieldId::Domain(Field::BirthDate | Field::TrainedOn | Field::ScreenedOn | Field::IdentifiedOn) => 12,
        // The case follow-up's dates, which also take "hôm nay".
        FieldId::Domain(
            Field::VisitedOn
            | Field::NextVisitOn
            | Field::StatusOn
            | Field::StageOn
            | Field::StudentInformedOn
            | Field::ParentsInformedOn,
        ) => 12,
        FieldId::Domain(Field::HoursPerWeek) => 5,
        FieldId::IdleMinutes => 5,
        FieldId::Passphrase(_) => 24,
        FieldId::Domain(Field::Amount) => 16,
        FieldId::Domain(Field::SchoolYear) => 11,
        FieldId::Domain(Field::HeldOn) => 12,
        FieldId::Domain(Field::Attended | Field::InterventionDays | Field::MonitoringDays) => 6,
        FieldId::Domain(Field::Class) => 10,
        FieldId::Domain(Field::SchoolCode | Field::StudentCode | Field::Phone) => 16,
        FieldId::Export(f) => super::export::input_width(f, max),
        _ => max,
    };
    w.min(max)
}

impl Rows {
    fn fields<'a>(&self, app: &App, form: &'a Form, range: std::ops::Range<usize>, out: &mut Built<'a>) {
        let lang = app.lang;
        for i in range {
            let field = &form.fields[i];
            let focused = form.focus == i;
            let error = form.error(field.id).map(|p| problem_words(app, p)).or_else(|| {
                form.other_error
                    .as_ref()
                    .filter(|(id, _)| *id == field.id)
                    .map(|(_, m)| m.clone())
            });
            // The session form's pupils come under a heading of their own.
            let first_attendee = matches!(field.id, FieldId::Attendee(_))
                && !matches!(i.checked_sub(1).map(|p| form.fields[p].id), Some(FieldId::Attendee(_)));
            if first_attendee {
                let tick = app.key_for(Context::Form, Action::Toggle);
                let heading = V::AttendeesHeading.fill(lang, &[&d::field(lang, Field::Attendees), &tick]);
                out.lines.push(Line::from(""));
                out.lines.push(Line::styled(format!(" {heading}"), bold()));
                // What a tick means follows the audience picked above.
                for part in wrap(ticks_mean(lang, form), self.width.saturating_sub(2)) {
                    out.lines.push(Line::styled(format!(" {part}"), dim()));
                }
            }
            let marker = if focused { focus_marker(app.ascii) } else { "  " };
            let mut label = label_of(app, field.id);
            if field.required {
                label.push_str(" *");
            }
            let mut label_style = if focused { bold() } else { Style::new() };
            if error.is_some() {
                label_style = label_style.fg(Color::Red);
            }
            let prefix = format!(" {marker}");
            let mut spans = vec![
                Span::raw(prefix.clone()),
                Span::styled(pad(&label, self.label_w), label_style),
                Span::raw(" "),
            ];
            let value_col = text::width(&prefix) + self.label_w + 1;
            match &field.widget {
                Widget::Text(input) => {
                    // A field without the caret shows its start: a long name is read from
                    // its beginning, not from where typing last stopped. A path shows its
                    // end: the file's name.
                    let at_start;
                    let input = if focused {
                        input
                    } else {
                        let path = crate::tui::form::is_path(field.id);
                        let at = if path { input.value().chars().count() } else { 0 };
                        at_start = input.clone().with_cursor(at);
                        &at_start
                    };
                    // A passphrase shows as one dot a character, the caret where it is.
                    let masked;
                    let input = if crate::tui::form::is_secret(field.id) {
                        let dot = if app.ascii { "*" } else { "•" };
                        masked = Input::new(dot.repeat(input.value().chars().count())).with_cursor(input.cursor());
                        &masked
                    } else {
                        input
                    };
                    let (shown, caret) = input_window(input, input_width(field.id, self.input_w));
                    if focused && form.is_selected() {
                        // Selected: the text shows reversed, the box's padding does not.
                        let text_w = text::width(input.value()).min(text::width(&shown));
                        let (text_part, rest) = split_at_width(&shown, text_w);
                        spans.push(Span::raw("["));
                        spans.push(Span::styled(text_part, Style::new().add_modifier(Modifier::REVERSED)));
                        spans.push(Span::raw(format!("{rest}]")));
                    } else {
                        spans.push(Span::raw(format!("[{shown}]")));
                    }
                    if focused {
                        out.caret = Some((out.lines.len(), value_col as u16 + 1 + caret));
                    }
                }
                Widget::Pick { options, index } => {
                    let (l, r) = pick_arrows(app.ascii);
                    let style = if focused {
                        Style::new().add_modifier(Modifier::REVERSED)
                    } else {
                        Style::new()
                    };
                    // A long entry (a report's period with its dates) is cut, not its arrows.
                    let room = self.width.saturating_sub(value_col + text::width(l) + text::width(r));
                    let label = fit(&pick_label(lang, options[*index]), room);
                    spans.push(Span::styled(format!("{l}{label}{r}"), style));
                }
                Widget::Check(on) => spans.push(Span::raw(if *on { "[x]" } else { "[ ]" })),
            }
            let hint = hint(app, form, field.id);
            let used: usize = spans.iter().map(|s| text::width(&s.content)).sum();
            let fits = hint.as_ref().is_some_and(|h| used + 1 + text::width(h) <= self.width);
            if fits && let Some(h) = &hint {
                spans.push(Span::styled(format!(" {h}"), dim()));
            }
            out.lines.push(Line::from(spans));
            let indent = " ".repeat(value_col);
            if let Some(h) = hint.filter(|_| !fits) {
                // A line a part ("dd/mm/yyyy or today", "empty = date screened"), each
                // wrapped: the end of a long hint is never lost.
                for part in h.split("; ") {
                    for line in wrap(part, self.width.saturating_sub(value_col)) {
                        out.lines.push(Line::styled(format!("{indent}{line}"), dim()));
                    }
                }
            }
            // The names a path's Tab found, a few lines at most.
            if focused && !form.candidates.is_empty() {
                let all = T::Candidates.fill(lang, &[&form.candidates.join("   ")]);
                let room = self.width.saturating_sub(value_col + 1);
                let lines = wrap(&all, room);
                let more = lines.len() > MAX_CANDIDATE_LINES;
                for (i, part) in lines.into_iter().take(MAX_CANDIDATE_LINES).enumerate() {
                    let part = if more && i + 1 == MAX_CANDIDATE_LINES {
                        fit(&format!("{part} …"), room)
                    } else {
                        part
                    };
                    out.lines.push(Line::styled(format!("{indent}{part}"), dim()));
                }
            }
            if let Some(e) = error {
                // Wrapped under the value: a refused period names the forms it takes.
                let room = self.width.saturating_sub(value_col + 2);
                for (i, part) in wrap(&e, room).into_iter().enumerate() {
                    let mark = if i == 0 { "! " } else { "  " };
                    out.lines
                        .push(Line::styled(format!("{indent}{mark}{part}"), error_style()));
                }
            }
            if focused {
                out.focus_end = Some(out.lines.len() - 1);
            }
        }
    }
}

/// The most lines a path's completions take under the field.
const MAX_CANDIDATE_LINES: usize = 3;

/// `s` cut after `width` cells: the part before and the rest.
fn split_at_width(s: &str, width: usize) -> (String, String) {
    let mut used = 0;
    let mut at = s.len();
    for (i, c) in s.char_indices() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > width {
            at = i;
            break;
        }
        used += w;
    }
    (s[..at].to_string(), s[at..].to_string())
}

/// A domain problem under a field; a text that is too long says which key cuts it.
fn problem_words(app: &App, p: &crate::domain::Problem) -> String {
    let words = d::problem(app.lang, p);
    match p {
        crate::domain::Problem::TooLong { .. } => {
            let key = app.key_for(Context::Form, Action::CutToLimit);
            if key.is_empty() {
                words
            } else {
                format!("{words}; {}", T::CutHint.fill(app.lang, &[&key]))
            }
        }
        _ => words,
    }
}

/// What ticking a pupil on the session form says, for the audience the form has picked.
fn ticks_mean(lang: crate::i18n::Lang, form: &Form) -> &'static str {
    match form.pick(Field::Audience) {
        Some(Pick::Audience(Audience::Students)) => V::TicksPupils,
        Some(Pick::Audience(Audience::Both)) => V::TicksBoth,
        _ => V::TicksParents,
    }
    .get(lang)
}

/// A field's label; a pupil's checkbox on the session form is labelled with the pupil's
/// name (field labels are fixed words, names are not).
fn label_of(app: &App, id: FieldId) -> String {
    match id {
        FieldId::Attendee(pupil) => app
            .casebook
            .students
            .get(&pupil)
            .map_or_else(|| V::UnknownPupil.get(app.lang).to_string(), |s| s.name.clone()),
        _ => field_label(app.lang, id).to_string(),
    }
}

/// A dim note after or under a field: the date format, the suggestion, a default.
fn hint(app: &App, form: &Form, id: FieldId) -> Option<String> {
    let lang = app.lang;
    let date = T::DateHint.get(lang);
    match id {
        FieldId::Export(f) => super::export::hint(lang, form, f),
        FieldId::BundlePath | FieldId::BackupPath => Some(S::BundleFileHint.get(lang).to_string()),
        FieldId::IdleMinutes => Some(LS::IdleHint.get(lang).to_string()),
        FieldId::Passphrase(PassField::New) => Some(match form.find(FieldId::LockOn) {
            // The lock settings of a notebook that has a passphrase: empty keeps it.
            Some(_) if form.index_of(FieldId::Passphrase(PassField::Current)).is_some() => {
                LS::KeepHint.get(lang).to_string()
            }
            Some(_) => LS::NewHint.fill(lang, &[&crate::store::MIN_PASSPHRASE_CHARS]),
            None => format!(
                "{}, {}",
                LS::SetupHint.get(lang),
                LS::NewHint.fill(lang, &[&crate::store::MIN_PASSPHRASE_CHARS])
            ),
        }),
        FieldId::Domain(Field::Attended) => Some(V::AttendedHint.get(lang).to_string()),
        FieldId::Domain(Field::InterventionDays | Field::MonitoringDays) => Some(V::DaysUnit.get(lang).to_string()),
        // One hint for every date field, alone or leading a longer one.
        FieldId::Domain(
            Field::BirthDate
            | Field::TrainedOn
            | Field::ScreenedOn
            | Field::HeldOn
            | Field::VisitedOn
            | Field::StageOn
            | Field::StudentInformedOn
            | Field::ParentsInformedOn,
        ) => Some(date.to_string()),
        FieldId::Domain(Field::IdentifiedOn) => {
            let identified = matches!(
                form.pick(Field::Decision),
                Some(crate::tui::form::Pick::Decision(dec)) if dec.is_identified()
            );
            Some(if identified {
                T::IdentifiedHint.fill(lang, &[&date])
            } else {
                T::NotIdentified.get(lang).to_string()
            })
        }
        FieldId::Domain(Field::NextVisitOn) => Some(C::NextVisitHint.fill(lang, &[&date])),
        FieldId::Domain(Field::StatusOn) => Some(C::StatusOnHint.fill(lang, &[&date])),
        FieldId::Domain(Field::HoursPerWeek) => Some(C::HoursHint.get(lang).to_string()),
        FieldId::Domain(Field::CloseReason) => Some(C::CloseOnly.get(lang).to_string()),
        // Not starred (most supports need none), so say when it is required.
        FieldId::Domain(Field::Provider) => Some(C::ProviderHint.get(lang).to_string()),
        // The amount as it will be stored, once it reads as one.
        FieldId::Domain(Field::Amount) => {
            let typed = form.text(Field::Amount);
            let amount = Some(typed.trim()).filter(|t| !t.is_empty()).and_then(text::parse_vnd);
            Some(match amount {
                Some(a) => C::AmountIs.fill(lang, &[&text::format_vnd(a)]),
                None => C::AmountHint.get(lang).to_string(),
            })
        }
        FieldId::Domain(Field::Decision) => match form.pick(Field::Decision) {
            // The suggestion, once the teacher has chosen something else.
            Some(crate::tui::form::Pick::Decision(dec)) => {
                let level = assess(&form.checked()).level;
                let suggested = Decision::suggested(level);
                (dec != suggested).then(|| T::Suggested.fill(lang, &[&d::decision(lang, suggested)]))
            }
            _ => None,
        },
        _ => None,
    }
}

fn level_style(l: RiskLevel) -> Style {
    match l {
        RiskLevel::None => Style::new().fg(Color::Green),
        RiskLevel::Low => Style::new(),
        RiskLevel::Medium => Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
        RiskLevel::High => Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
    }
}

/// Below this inner width the checklist and the decision are one column.
const SCREENING_TWO_COLUMNS: u16 = 80;

fn screening(app: &App, form: &Form, a: &RiskAssessment, frame: &mut Frame, area: Rect, caret: bool) {
    let lang = app.lang;
    let two = area.width >= SCREENING_TWO_COLUMNS;
    let left_w = if two { (area.width / 2).min(48) } else { area.width };
    let [left, _, right] =
        Layout::horizontal([Constraint::Length(left_w), Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    let right_w = if two { right.width } else { area.width } as usize;
    let n_factors = form
        .fields
        .iter()
        .take_while(|f| matches!(f.id, FieldId::Factor(_)))
        .count();

    // The level as it stands and why.
    let mut level = Built::default();
    level.lines.push(Line::from(vec![
        Span::styled(format!("   {}: ", T::LevelLabel.get(lang)), bold()),
        Span::styled(d::level(lang, a.level), level_style(a.level)),
    ]));
    let reasons: Vec<String> = a.reasons.iter().map(|r| d::reason(lang, *r)).collect();
    let because = format!("{}: {}", T::ReasonsLabel.get(lang), reasons.join("; "));
    for part in wrap(&because, right_w.saturating_sub(3)) {
        level.lines.push(Line::from(format!("   {part}")));
    }
    level.lines.push(Line::from(""));

    // The checklist, in groups.
    let mut checks = Built::default();
    let mut group = None;
    for (i, field) in form.fields[..n_factors].iter().enumerate() {
        let FieldId::Factor(factor) = field.id else { continue };
        let g = group_of(factor);
        if group != Some(g) {
            if group.is_some() {
                checks.lines.push(Line::from(""));
            }
            let title = match g {
                FactorGroup::Household => T::GroupHousehold,
                FactorGroup::School => T::GroupSchool,
                FactorGroup::Work => T::GroupWork,
                FactorGroup::Grave => T::GroupGrave,
            };
            checks.lines.push(Line::styled(format!(" {}", title.get(lang)), bold()));
            group = Some(g);
        }
        let focused = form.focus == i;
        let marker = if focused { focus_marker(app.ascii) } else { "  " };
        let on = matches!(field.widget, Widget::Check(true));
        let label = d::factor(lang, factor);
        let style = if focused { bold() } else { Style::new() };
        let text = format!(" {marker}{} {label}", if on { "[x]" } else { "[ ]" });
        checks.lines.push(Line::styled(text, style));
        if focused {
            checks.focus_end = Some(checks.lines.len() - 1);
        }
    }
    // The checklist is long: say how to get past it to the decision.
    if let Some(key) = app.keymap.key_for(Context::Form, Action::PageDown) {
        checks.lines.push(Line::from(""));
        checks.lines.push(Line::styled(
            format!(" {}", T::JumpToDecision.fill(lang, &[&key])),
            dim(),
        ));
    }

    // The decision, the dates and the notes.
    let mut fields = Built::default();
    let range = n_factors..form.fields.len();
    let label_w = label_width(app, form, range.clone(), right_w / 2);
    let rows = Rows {
        label_w,
        input_w: right_w.saturating_sub(label_w + 6).clamp(6, 30),
        width: right_w,
    };
    rows.fields(app, form, range, &mut fields);

    if two {
        checks.render(frame, left, false);
        level.append(fields);
        level.render(frame, right, caret);
    } else {
        // The level stays in view above the list, which scrolls: it is what ticking changes.
        let pinned = (level.lines.len() as u16).min(area.height / 3);
        let [top, rest] = Layout::vertical([Constraint::Length(pinned), Constraint::Fill(1)]).areas(area);
        level.render(frame, top, false);
        let mut body = checks;
        body.lines.push(Line::from(""));
        body.append(fields);
        body.render(frame, rest, caret);
    }
}
