//! One pupil's timeline.

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::tui::app::App;
use crate::tui::timeline::TimelineState;

pub fn draw(app: &App, state: &TimelineState, frame: &mut Frame, area: Rect) {
    let _ = (app, state, frame, area);
}
