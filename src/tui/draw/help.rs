//! Popups: the help (every key of the screen and the global ones, from the keymap), the
//! keymap warnings, and yes/no questions.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::CHROME_ROWS;
use crate::i18n::tui::T;
use crate::text;
use crate::tui::action::{Action, Context};
use crate::tui::app::{App, Confirm, Popup, Twin};
use crate::tui::timeline::EntryView;
use crate::tui::widgets::{answer_keys, block, bold, centered, context_label, dim, pad, wrap};

/// Widest a help popup gets.
const HELP_WIDTH: u16 = 78;

/// The help popup's box on a terminal of `size`, within the screen's area.
fn help_area(body: Rect) -> Rect {
    centered(body, HELP_WIDTH, body.height.saturating_sub(2))
}

/// Lines the help popup shows at once on a terminal of `size`.
pub fn inner_height(size: (u16, u16)) -> usize {
    (size.1.saturating_sub(CHROME_ROWS + 2 + 2)) as usize
}

fn inner_width(size: (u16, u16)) -> usize {
    size.0.saturating_sub(2).min(HELP_WIDTH - 2) as usize
}

pub fn line_count(app: &App, context: Context) -> usize {
    help_lines(app, context, inner_width(app.size)).len()
}

/// Lines of a timeline entry's popup, wrapped as drawn.
pub fn entry_line_count(app: &App, e: &EntryView) -> usize {
    entry_lines(e, inner_width(app.size)).len()
}

/// The labels in a column (at most a third of the width, wrapped if longer), each value
/// wrapped beside its label: a visit's findings read as a paragraph.
fn entry_lines(e: &EntryView, width: usize) -> Vec<Line<'static>> {
    let room = width.saturating_sub(2);
    let label_w = e
        .lines
        .iter()
        .map(|(label, _)| text::width(label))
        .max()
        .unwrap_or(0)
        .min(room / 3);
    let value_w = room.saturating_sub(label_w + 2);
    let mut out = Vec::new();
    for (label, value) in &e.lines {
        if label.is_empty() {
            out.extend(wrap(value, room).into_iter().map(|l| Line::from(format!(" {l}"))));
            continue;
        }
        let labels = wrap(label, label_w);
        let values = wrap(value, value_w);
        for i in 0..labels.len().max(values.len()) {
            let l = labels.get(i).map_or("", String::as_str);
            let v = values.get(i).map_or("", String::as_str);
            out.push(Line::from(vec![
                Span::styled(format!(" {}", pad(l, label_w)), bold()),
                Span::raw(format!("  {v}")),
            ]));
        }
    }
    out
}

pub fn warning_line_count(app: &App) -> usize {
    warning_lines(app, inner_width(app.size)).len()
}

/// The screen's own keys, then the global ones, each "keys  what it does".
fn help_lines(app: &App, context: Context, width: usize) -> Vec<Line<'static>> {
    let lang = app.lang;
    let bindings = app.keymap.bindings(context);
    let keys_w = bindings
        .iter()
        .map(|b| text::width(&b.keys.join(", ")))
        .max()
        .unwrap_or(0)
        .min(width / 3);
    let mut lines = Vec::new();
    for section in [context, Context::Global] {
        let mut first = true;
        for b in bindings.iter().filter(|b| b.context == section) {
            if first {
                if !lines.is_empty() {
                    lines.push(Line::from(""));
                }
                lines.push(Line::styled(format!(" {}", context_label(lang, section)), bold()));
                first = false;
            }
            lines.push(Line::from(format!(
                "   {}  {}",
                pad(&b.keys.join(", "), keys_w),
                b.desc(lang)
            )));
        }
    }
    if matches!(context, Context::Form | Context::Search) {
        lines.push(Line::from(""));
        for part in wrap(T::HelpTyping.get(lang), width.saturating_sub(2)) {
            lines.push(Line::styled(format!(" {part}"), dim()));
        }
    }
    lines
}

fn warning_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let lang = app.lang;
    let mut lines = Vec::new();
    for w in &app.warnings {
        let msg = match lang {
            crate::i18n::Lang::Vi => &w.message_vi,
            crate::i18n::Lang::En => &w.message_en,
        };
        let file = w.file.display();
        let text = match w.line {
            Some(l) => T::WarningAt.fill(lang, &[&file, &l, msg]),
            None => T::WarningIn.fill(lang, &[&file, msg]),
        };
        for part in wrap(&text, width.saturating_sub(2)) {
            lines.push(Line::from(format!(" {part}")));
        }
    }
    lines.push(Line::from(""));
    for part in wrap(T::WarningsFallback.get(lang), width.saturating_sub(2)) {
        lines.push(Line::styled(format!(" {part}"), dim()));
    }
    lines
}

pub fn draw_popup(app: &App, popup: &Popup, frame: &mut Frame, body: Rect) {
    let lang = app.lang;
    match popup {
        Popup::Help { context, scroll } => {
            let area = help_area(body);
            let b = block(app.ascii, format!(" {} ", T::TitleHelp.get(lang)));
            let inner = b.inner(area);
            let lines = help_lines(app, *context, inner.width as usize);
            scrolled(frame, area, b, lines, *scroll);
        }
        Popup::Warnings { scroll } => {
            let full = help_area(body);
            let b = block(app.ascii, format!(" {} ", T::TitleWarnings.get(lang)));
            let lines = warning_lines(app, b.inner(full).width as usize);
            // As tall as the warnings need, no taller than the help.
            let area = centered(body, full.width, (lines.len() as u16 + 2).min(full.height));
            scrolled(frame, area, b, lines, *scroll);
        }
        Popup::Confirm(what) => {
            let question = match what {
                Confirm::Delete { name, .. } => T::ConfirmDelete.fill(lang, &[name]),
                Confirm::Discard => T::ConfirmDiscard.get(lang).to_string(),
                Confirm::Quit => T::ConfirmQuit.get(lang).to_string(),
                Confirm::DeleteEntry { label, .. } | Confirm::DeleteSession { label, .. } => {
                    T::ConfirmDeleteEntry.fill(lang, &[label])
                }
                Confirm::CloseNotAtRisk { name, screening, .. } => crate::i18n::case::C::ConfirmCloseNotAtRisk
                    .fill(lang, &[name, &crate::text::format_date(screening.screened_on)]),
                Confirm::ReplaceExport { path } => {
                    crate::i18n::dialog::X::ConfirmReplace.fill(lang, &[&path.display()])
                }
                Confirm::MergePupils { keep, other } => merge_question(lang, keep, other),
                Confirm::Lock { change, no_account } => crate::tui::lock_update::question(lang, *change, *no_account),
                // The CLI's warning, then the code in whole groups, then the question.
                Confirm::RecoveryCode { account, code, .. } => crate::i18n::backup_ui::BU::CodeQuestion.fill(
                    lang,
                    &[
                        &crate::i18n::account::S::AccountMade.fill(lang, &[account]),
                        &code.lines(8).join("\n"),
                    ],
                ),
                Confirm::AcceptReader { reader } => crate::i18n::readers::RD::ConfirmAccept
                    .fill(lang, &[&crate::tui::bundle::reader_name(reader), &reader.fingerprint]),
                Confirm::UnlikelyAge { birth, age, year } => T::ConfirmAge.fill(
                    lang,
                    &[
                        &text::format_date(*birth),
                        age,
                        year,
                        &text::format_date(year.first_day()),
                    ],
                ),
            };
            let width = 56.min(body.width);
            let mut lines: Vec<Line> = wrap(&question, width.saturating_sub(4) as usize)
                .into_iter()
                .map(|l| Line::from(format!(" {l}")))
                .collect();
            lines.push(Line::from(""));
            lines.push(Line::styled(format!(" {}", answers(app)), bold()));
            let area = centered(body, width, lines.len() as u16 + 2);
            frame.render_widget(Clear, area);
            let b = block(app.ascii, format!(" {} ", T::TitleConfirm.get(lang)));
            frame.render_widget(Paragraph::new(lines).block(b), area);
        }
        Popup::Entry(e) => {
            let full = help_area(body);
            let b = block(app.ascii, format!(" {} ", e.title));
            let lines = entry_lines(e, b.inner(full).width as usize);
            // As tall as the entry needs, no taller than the help.
            let area = centered(body, full.width, (lines.len() as u16 + 2).min(full.height));
            scrolled(frame, area, b, lines, e.scroll);
        }
    }
}

/// The merge question: the two pupils in list order, one a line, then which is kept, why,
/// and what becomes of the other.
fn merge_question(lang: crate::i18n::Lang, keep: &Twin, other: &Twin) -> String {
    let line = |t: &Twin| {
        let code = match &t.code {
            Some(c) => T::TwinCode.fill(lang, &[c]),
            None => T::TwinNoCode.get(lang).to_string(),
        };
        T::TwinLine.fill(lang, &[&t.number, &t.name, &text::format_date(t.birth_date), &code])
    };
    let (first, second) = if keep.number < other.number {
        (keep, other)
    } else {
        (other, keep)
    };
    let why = if keep.records > other.records {
        T::KeepMoreRecords.fill(lang, &[&keep.records, &other.records])
    } else {
        T::KeepListedFirst.get(lang).to_string()
    };
    let ask = T::ConfirmMerge.fill(lang, &[&keep.number, &why, &other.number]);
    format!("{}\n{}\n{}\n{ask}", T::MergeIntro.get(lang), line(first), line(second))
}

/// The answers to a question, as its last line says them: "c Có    k/Esc/Enter Không".
pub fn answers(app: &App) -> String {
    let lang = app.lang;
    let answer = |action| {
        app.keymap
            .bindings(Context::Confirm)
            .into_iter()
            .find(|b| b.action == action)
            .map(|b| format!("{} {}", answer_keys(lang, &b), b.desc(lang)))
            .unwrap_or_default()
    };
    format!("{}    {}", answer(Action::Yes), answer(Action::No))
}

fn scrolled(frame: &mut Frame, area: Rect, b: ratatui::widgets::Block, lines: Vec<Line>, scroll: usize) {
    let inner_h = area.height.saturating_sub(2) as usize;
    let scroll = scroll.min(lines.len().saturating_sub(inner_h)) as u16;
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(b).scroll((scroll, 0)), area);
}
