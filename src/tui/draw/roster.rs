//! The class list: the tab strip, a search box and the filter on top, then the pupils.

use std::collections::HashSet;

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};

use uuid::Uuid;

use super::CHROME_ROWS;
use crate::i18n::tui::{T, badge};
use crate::i18n::views::V;
use crate::text;
use crate::tui::action::{Action, Context};
use crate::tui::app::App;
use crate::tui::views::ViewTab;
use crate::tui::widgets::{
    block, bold, dim, error_style, filter_label, fit, focus_marker, input_window, sex_label, shown, sort_label,
    status_style, warning_style,
};

/// Width of the search box, in cells.
const SEARCH_WIDTH: usize = 30;

/// How many pupils fit in the list on a terminal `term_height` rows high: the chrome, the
/// tab strip, the search line, the box's borders and the header take the rest.
pub fn list_height(term_height: u16) -> usize {
    term_height.saturating_sub(CHROME_ROWS + 1 + 1 + 2 + 1) as usize
}

pub fn draw(app: &App, frame: &mut Frame, area: Rect, caret: bool) {
    let [tabs, bar, list] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    super::tabs::draw(app, ViewTab::Roster, frame, tabs);
    toolbar(app, frame, bar, caret);
    let lang = app.lang;
    let class = app.profile.as_ref().map(|p| p.class.as_str()).unwrap_or_default();
    // Pupils with something overdue are marked `!`; the title says what the mark means.
    let overdue: HashSet<Uuid> = app
        .reminders
        .iter()
        .filter(|r| r.overdue())
        .map(|r| r.student_id)
        .collect();
    let mut title = format!(" {} ", T::TitleRoster.fill(lang, &[&class]));
    if !overdue.is_empty() {
        title.push_str(&format!("· {} ", V::OverdueLegend.get(lang)));
    }
    // Possible twins are marked after the name; the title says what the mark means and
    // which key merges them.
    let twin = twin_marker(app.ascii, lang);
    if !app.twins.is_empty() {
        let key = app.key_for(Context::Roster, Action::Merge);
        title.push_str(&format!("· {} ", T::TwinLegend.fill(lang, &[&twin, &key])));
    }
    let b = block(app.ascii, title);
    let inner = b.inner(list);
    frame.render_widget(b, list);
    let r = &app.roster;
    if r.rows.is_empty() {
        let lines = vec![
            Line::from(T::EmptyRoster.get(lang)).style(bold()),
            Line::from(""),
            Line::from(T::EmptyImport.fill(lang, &[&app.key_for(Context::Roster, Action::Import)])),
            Line::from(T::EmptyAdd.fill(lang, &[&app.key_for(Context::Roster, Action::Add)])),
        ];
        return centred_lines(frame, inner, lines);
    }
    if r.visible.is_empty() {
        let lines = vec![
            Line::from(T::NoMatch.get(lang)).style(bold()),
            Line::from(T::NoMatchHint.fill(lang, &[&app.key_for(Context::Search, Action::Back)])),
        ];
        return centred_lines(frame, inner, lines);
    }
    let height = inner.height.saturating_sub(1) as usize;
    // The pupil's number in the class, not the row's: a search or a sort renumbers no one.
    let digits = r.rows.len().to_string().len().max(3);
    // The stored offset, moved only as far as needed to show the selection.
    let mut offset = r.offset.min(r.visible.len().saturating_sub(1));
    if r.selected < offset {
        offset = r.selected;
    } else if r.selected >= offset + height {
        offset = r.selected + 1 - height;
    }
    let rows = r.visible.iter().enumerate().skip(offset).take(height).map(|(n, &i)| {
        let row = &r.rows[i];
        // The marker shows the selection without colour (monochrome consoles, snapshots).
        let marker = if n == r.selected {
            focus_marker(app.ascii).trim_end()
        } else {
            " "
        };
        let flag = if overdue.contains(&row.id) { "!" } else { "" };
        let mut name = vec![Span::raw(shown(&row.name))];
        if app.twins.contains_key(&row.id) {
            name.push(Span::styled(format!("  {twin}"), warning_style()));
        }
        let cells = vec![
            Cell::from(format!("{marker}{:>digits$}", row.number)),
            Cell::from(flag).style(error_style().add_modifier(Modifier::BOLD)),
            Cell::from(Line::from(name)),
            Cell::from(text::format_date(row.birth_date)),
            Cell::from(sex_label(lang, row.sex)),
            Cell::from(badge(lang, row.status)).style(status_style(row.status)),
        ];
        let style = if n == r.selected {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            Style::new()
        };
        Row::new(cells).style(style)
    });
    let header = Row::new(vec![
        Cell::from(T::ColNo.get(lang)),
        Cell::from(""),
        Cell::from(T::ColName.get(lang)),
        Cell::from(T::ColBirth.get(lang)),
        Cell::from(T::ColSex.get(lang)),
        Cell::from(T::ColStatus.get(lang)),
    ])
    .style(bold());
    let widths = [
        Constraint::Length(digits as u16 + 1),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(10),
        Constraint::Length(6),
        Constraint::Length(15),
    ];
    frame.render_widget(Table::new(rows, widths).header(header).column_spacing(1), inner);
}

/// What marks a pupil who may be the same child as another: "⚠ trùng?", with a plain `*`
/// for consoles whose font has no warning sign.
pub fn twin_marker(ascii: bool, lang: crate::i18n::Lang) -> String {
    let sign = if ascii { "*" } else { "⚠" };
    format!("{sign} {}", T::TwinMark.get(lang))
}

/// "Search: [____]  Filter: All  Order: as listed        3/40"
fn toolbar(app: &App, frame: &mut Frame, area: Rect, caret: bool) {
    let lang = app.lang;
    let r = &app.roster;
    let label = format!(" {}: ", T::Search.get(lang));
    let label_style = if r.searching { bold() } else { Style::new() };
    let (shown, caret_col) = input_window(&r.query, SEARCH_WIDTH);
    let field = Style::new().add_modifier(Modifier::UNDERLINED);
    let box_span = if r.query.value().is_empty() {
        let hint = if app.type_to_search() {
            T::SearchHint.get(lang).to_string()
        } else {
            let key = app.key_for(Context::Roster, Action::Search);
            T::SearchHintKey.fill(lang, &[&key])
        };
        let hint = crate::tui::widgets::pad(&hint, SEARCH_WIDTH);
        Span::styled(hint, field.patch(dim()))
    } else {
        Span::styled(shown, field)
    };
    let rest = format!(
        "  {}: {}  {}: {}",
        T::FilterLabel.get(lang),
        filter_label(lang, r.filter),
        T::SortLabel.get(lang),
        sort_label(lang, r.sort)
    );
    // The count on the right always shows; the filter and order give way on a narrow screen.
    let count = format!("{} ", T::Shown.fill(lang, &[&r.visible.len(), &r.rows.len()]));
    let room = (area.width as usize).saturating_sub(text::width(&label) + SEARCH_WIDTH + text::width(&count) + 1);
    let rest = if text::width(&rest) > room {
        fit(&rest, room)
    } else {
        rest
    };
    let line = Line::from(vec![
        Span::styled(label.clone(), label_style),
        box_span,
        Span::raw(rest),
    ]);
    frame.render_widget(Paragraph::new(line), area);
    frame.render_widget(Paragraph::new(count).alignment(Alignment::Right), area);
    if caret && r.searching {
        let x = area.x + text::width(&label) as u16 + caret_col;
        frame.set_cursor_position((x, area.y));
    }
}

/// A few lines in the middle of `area`.
pub(crate) fn centred_lines(frame: &mut Frame, area: Rect, lines: Vec<Line>) {
    let h = (lines.len() as u16).min(area.height);
    let y = area.y + (area.height - h) / 2;
    let p = Paragraph::new(lines).alignment(Alignment::Center);
    frame.render_widget(p, Rect::new(area.x, y, area.width, h));
}
