//! The import preview: what the file holds and what importing it would do.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::CHROME_ROWS;
use crate::i18n::tui::T;
use crate::tui::app::{App, ImportState};
use crate::tui::widgets::{block, bold, wrap};

pub fn inner_height(size: (u16, u16)) -> usize {
    size.1.saturating_sub(CHROME_ROWS + 2) as usize
}

pub fn line_count(app: &App, s: &ImportState) -> usize {
    lines(app, s, app.size.0.saturating_sub(2) as usize).len()
}

/// The import's own words for the plan, then the question.
fn lines(app: &App, s: &ImportState, width: usize) -> Vec<Line<'static>> {
    let mut out: Vec<Line> = s
        .summary
        .lines()
        .flat_map(|l| {
            // Keep the indent of the skipped rows' lines when they wrap.
            let indent = l.len() - l.trim_start().len();
            wrap(l.trim_start(), width.saturating_sub(2 + indent))
                .into_iter()
                .map(move |part| Line::from(format!(" {}{part}", " ".repeat(indent))))
        })
        .collect();
    out.push(Line::from(""));
    let class = app.profile.as_ref().map(|p| p.class.as_str()).unwrap_or_default();
    let question = if s.new.is_empty() {
        T::ImportNothing.get(app.lang).to_string()
    } else {
        T::ImportQuestion.fill(app.lang, &[&s.new.len(), &class])
    };
    out.push(Line::styled(format!(" {question}"), bold()));
    if !s.new.is_empty() {
        out.push(Line::styled(format!(" {}", super::help::answers(app)), bold()));
    }
    out
}

pub fn draw(app: &App, s: &ImportState, frame: &mut Frame, area: Rect) {
    let name = std::path::Path::new(&s.path)
        .file_name()
        .map_or(s.path.clone(), |n| n.to_string_lossy().into_owned());
    let b = block(
        app.ascii,
        format!(" {} ", T::TitleImportPreview.fill(app.lang, &[&name])),
    );
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let lines = lines(app, s, inner.width as usize);
    let max = lines.len().saturating_sub(inner.height as usize);
    frame.render_widget(Paragraph::new(lines).scroll((s.scroll.min(max) as u16, 0)), inner);
}
