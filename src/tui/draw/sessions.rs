//! The awareness sessions list, oldest first as in a logbook, and under it how many
//! parents and pupils have been informed this school year.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Cell, Paragraph, Row, Table};

use super::CHROME_ROWS;
use super::roster::centred_lines;
use crate::i18n::domain as d;
use crate::i18n::views::V;
use crate::text;
use crate::tui::action::{Action, Context};
use crate::tui::app::App;
use crate::tui::view_update::follow;
use crate::tui::views::{SessionsView, ViewTab};
use crate::tui::widgets::{block, bold, cell, dim, fit, focus_marker};

/// Sessions that fit in the list on a terminal of `size`: the chrome, the tab strip, the
/// box's borders, the column header and the informed line take the rest.
pub fn list_height(size: (u16, u16)) -> usize {
    size.1.saturating_sub(CHROME_ROWS + 1 + 2 + 1 + 1) as usize
}

pub fn draw(app: &App, v: &SessionsView, frame: &mut Frame, area: Rect) {
    let lang = app.lang;
    let [tabs, body] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    super::tabs::draw(app, ViewTab::Sessions, frame, tabs);
    let b = block(app.ascii, format!(" {} ", V::TitleSessions.get(lang)));
    let inner = b.inner(body);
    frame.render_widget(b, body);
    let [list, footer] = Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(inner);
    if let Some(i) = &app.indicators {
        let (p, s) = (&i.parents_informed, &i.students_informed);
        let line = V::InformedLine.fill(lang, &[&p.count, &p.total, &s.count, &s.total]);
        let line = fit(&line, footer.width.saturating_sub(1) as usize);
        frame.render_widget(Paragraph::new(format!(" {line}")).style(dim()), footer);
    }
    let sessions = &app.casebook.sessions;
    if sessions.is_empty() {
        let key = app.key_for(Context::Sessions, Action::Add);
        let lines = vec![
            Line::from(V::SessionsEmpty.get(lang)).style(bold()),
            Line::from(V::SessionsEmptyHint.fill(lang, &[&key])),
        ];
        return centred_lines(frame, list, lines);
    }
    let height = list.height.saturating_sub(1) as usize;
    let selected = v.selected.min(sessions.len() - 1);
    let offset = follow(v.offset, selected, selected, height);
    // A narrow box leaves out the pupils ticked: the form shows them.
    let wide = inner.width >= 80;
    let rows = sessions.iter().enumerate().skip(offset).take(height).map(|(n, s)| {
        let marker = if n == selected { focus_marker(app.ascii) } else { "  " };
        let mut cells = vec![
            Cell::from(format!("{marker}{}", text::format_date(s.held_on))),
            Cell::from(d::audience(lang, s.audience)),
            cell(&s.topic),
            Cell::from(format!("{:>8}", s.attended)),
        ];
        if wide {
            cells.push(Cell::from(format!("{:>13}", s.students.len())));
        }
        let style = if n == selected {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            Style::new()
        };
        Row::new(cells).style(style)
    });
    let mut header = vec![
        Cell::from(format!("  {}", V::ColDate.get(lang))),
        Cell::from(V::ColAudience.get(lang)),
        Cell::from(V::ColTopic.get(lang)),
        Cell::from(format!("{:>8}", V::ColAttended.get(lang))),
    ];
    if wide {
        header.push(Cell::from(format!("{:>13}", V::ColTicked.get(lang))));
    }
    let header = Row::new(header).style(bold());
    let audience_w = crate::domain::Audience::ALL
        .iter()
        .map(|a| text::width(d::audience(lang, *a)))
        .max()
        .unwrap_or(0) as u16;
    let mut widths = vec![
        Constraint::Length(12),
        Constraint::Length(audience_w),
        Constraint::Fill(1),
        Constraint::Length(8),
    ];
    if wide {
        // One cell wider than its figures, so they don't touch the border.
        widths.push(Constraint::Length(14));
    }
    frame.render_widget(Table::new(rows, widths).header(header).column_spacing(1), list);
}
