//! The awareness sessions list.

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::tui::app::App;
use crate::tui::views::SessionsView;

pub fn draw(app: &App, state: &SessionsView, frame: &mut Frame, area: Rect) {
    let _ = (app, state, frame, area);
}
