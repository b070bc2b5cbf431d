//! The reminders list.

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::tui::app::App;
use crate::tui::views::RemindersView;

pub fn draw(app: &App, state: &RemindersView, frame: &mut Frame, area: Rect) {
    let _ = (app, state, frame, area);
}
