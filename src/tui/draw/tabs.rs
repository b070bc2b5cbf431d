//! The one-line tab strip on top of the roster and the views beside it, so the teacher sees
//! that the views exist and which one is shown: `[Danh sách lớp] │ Nhắc việc (5) │ …`.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::i18n::Lang;
use crate::i18n::views::V;
use crate::text;
use crate::tui::action::{Action, Context};
use crate::tui::app::App;
use crate::tui::views::ViewTab;
use crate::tui::widgets::dim;

pub fn label(lang: Lang, tab: ViewTab, reminders: usize) -> String {
    match tab {
        ViewTab::Roster => V::TabRoster.get(lang).to_string(),
        ViewTab::Reminders if reminders > 0 => V::TabRemindersN.fill(lang, &[&reminders]),
        ViewTab::Reminders => V::TabReminders.get(lang).to_string(),
        ViewTab::Dashboard => V::TabDashboard.get(lang).to_string(),
        ViewTab::Sessions => V::TabSessions.get(lang).to_string(),
    }
}

fn context_of(tab: ViewTab) -> Context {
    match tab {
        ViewTab::Roster => Context::Roster,
        ViewTab::Reminders => Context::Reminders,
        ViewTab::Dashboard => Context::Dashboard,
        ViewTab::Sessions => Context::Sessions,
    }
}

/// The current tab is in brackets (and reversed), so it shows without colour too.
pub fn draw(app: &App, current: ViewTab, frame: &mut Frame, area: Rect) {
    let sep = if app.ascii { "|" } else { "│" };
    let mut spans = vec![Span::raw(" ")];
    for (i, tab) in ViewTab::ALL.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(sep, dim()));
        }
        let name = label(app.lang, *tab, app.reminders.len());
        if *tab == current {
            let style = Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED);
            spans.push(Span::styled(format!("[{name}]"), style));
        } else {
            spans.push(Span::raw(format!(" {name} ")));
        }
    }
    let used: usize = spans.iter().map(|s| text::width(&s.content)).sum();
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
    // Which key moves on, on the right when it fits.
    let key = app.key_for(context_of(current), Action::NextView);
    if !key.is_empty() {
        let hint = format!("{} ", V::TabHint.fill(app.lang, &[&key]));
        if used + text::width(&hint) + 2 <= area.width as usize {
            frame.render_widget(Paragraph::new(hint).style(dim()).alignment(Alignment::Right), area);
        }
    }
}
