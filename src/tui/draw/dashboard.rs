//! The class dashboard: indicators as bars with figures, and counts.

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::tui::app::App;
use crate::tui::views::DashboardView;

pub fn draw(app: &App, state: &DashboardView, frame: &mut Frame, area: Rect) {
    let _ = (app, state, frame, area);
}
