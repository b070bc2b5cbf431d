//! One pupil's timeline: a header (status, the case's stage and since when, the first
//! intervention, when the pupil and the parents were last informed), then the entries, newest
//! first, one a line: the date, the kind in bold, a summary.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::CHROME_ROWS;
use super::roster::centred_lines;
use crate::domain::Stage;
use crate::i18n::case::C;
use crate::i18n::domain as d;
use crate::i18n::tui::badge;
use crate::text;
use crate::tui::action::{Action, Context};
use crate::tui::app::App;
use crate::tui::timeline::{TimelineState, summary};
use crate::tui::widgets::{block, bold, dim, fit, focus_marker, pad, status_style};

/// Width of the date column: dd/mm/yyyy and two spaces.
const DATE_W: usize = 12;

/// How many entries fit on a terminal of the app's size: the box's inside, less the header,
/// a blank line and the column titles.
pub fn list_height(app: &App, t: &TimelineState) -> usize {
    let (w, h) = app.size;
    let inner_h = h.saturating_sub(CHROME_ROWS + 2) as usize;
    let header = header(app, t, w.saturating_sub(2) as usize).len();
    inner_h.saturating_sub(header + 2)
}

pub fn draw(app: &App, t: &TimelineState, frame: &mut Frame, area: Rect) {
    let lang = app.lang;
    let b = block(app.ascii, format!(" {} ", C::TitleTimeline.fill(lang, &[&t.name])));
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let width = inner.width as usize;
    let mut lines = header(app, t, width);
    lines.push(Line::from(""));
    let height = (inner.height as usize).saturating_sub(lines.len() + 1);
    if t.entries.is_empty() {
        let top = lines.len() as u16;
        frame.render_widget(Paragraph::new(lines), inner);
        let rest = Rect::new(inner.x, inner.y + top, inner.width, inner.height.saturating_sub(top));
        let keys = |a| app.key_for(Context::Timeline, a);
        let hint = C::EmptyTimelineHint.fill(lang, &[&keys(Action::Visit), &keys(Action::Support)]);
        let msg = vec![
            Line::styled(C::EmptyTimeline.get(lang), bold()),
            Line::from(fit(&hint, width)),
        ];
        return centred_lines(frame, rest, msg);
    }

    // Column titles, with where the selection is on the right.
    let position = format!("{}/{} ", t.selected + 1, t.entries.len());
    let titles = format!("   {}{}", pad(C::ColDate.get(lang), DATE_W), C::ColWhat.get(lang));
    let titles_w = width.saturating_sub(text::width(&position));
    lines.push(Line::styled(pad(&titles, titles_w), bold()));
    let titles_row = lines.len() as u16 - 1;

    // The stored offset, moved only as far as needed to show the selection.
    let mut offset = t.offset.min(t.entries.len().saturating_sub(1));
    if t.selected < offset {
        offset = t.selected;
    } else if height > 0 && t.selected >= offset + height {
        offset = t.selected + 1 - height;
    }
    for (i, e) in t.entries.iter().enumerate().skip(offset).take(height) {
        let selected = i == t.selected;
        // The marker shows the selection without colour (monochrome consoles, snapshots).
        let marker = if selected { focus_marker(app.ascii) } else { "  " };
        let (kind, rest) = summary(lang, e);
        let lead = format!(" {marker}{}", pad(&text::format_date(e.day), DATE_W));
        let room = width.saturating_sub(text::width(&lead));
        let kind = fit(&kind, room);
        let rest = pad(&rest, room.saturating_sub(text::width(&kind)));
        let row = if selected {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            Style::new()
        };
        lines.push(Line::from(vec![Span::raw(lead), Span::styled(kind, bold()), Span::raw(rest)]).style(row));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    let pos_area = Rect::new(inner.x, inner.y + titles_row, inner.width, 1);
    frame.render_widget(
        Paragraph::new(position).style(dim()).alignment(Alignment::Right),
        pos_area,
    );
}

/// The header's lines at `width`: the status, the case and its first intervention flow on
/// as many lines as they need, parted by " · "; then when the pupil and parents were last
/// informed (in any year, so the line says "last", not to be read as this year's indicator).
fn header(app: &App, t: &TimelineState, width: usize) -> Vec<Line<'static>> {
    let lang = app.lang;
    let mut parts: Vec<Span<'static>> = vec![Span::styled(badge(lang, t.status).to_string(), status_style(t.status))];
    match &t.case {
        None => parts.push(Span::raw(C::CaseNone.get(lang).to_string())),
        Some(c) => {
            let since = text::format_date(c.stage_on);
            let stage = match (c.stage, c.close_reason) {
                (Stage::Closed, Some(r)) => C::CaseClosed.fill(lang, &[&d::close_reason(lang, r), &since]),
                (s, _) => C::CaseStage.fill(lang, &[&d::stage(lang, s), &since]),
            };
            parts.push(Span::styled(stage, bold()));
            parts.push(Span::raw(match c.first_intervention_on {
                Some(on) => C::FirstIntervention.fill(lang, &[&text::format_date(on)]),
                None => C::NoIntervention.get(lang).to_string(),
            }));
        }
    }
    let mut lines = flow(parts, width);
    let on = |day: Option<chrono::NaiveDate>| day.map_or(C::NotYet.get(lang).to_string(), text::format_date);
    let informed = C::InformedLine.fill(lang, &[&on(t.informed_student), &on(t.informed_parents)]);
    for part in crate::tui::widgets::wrap(&informed, width.saturating_sub(2)) {
        lines.push(Line::from(format!(" {part}")));
    }
    lines
}

/// Lays `parts` out on lines of `width` cells, parted by " · ", each line led by a space.
/// A part longer than a line is cut.
fn flow(parts: Vec<Span<'static>>, width: usize) -> Vec<Line<'static>> {
    let room = width.saturating_sub(2);
    let mut lines = Vec::new();
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    for part in parts {
        let w = text::width(&part.content);
        if !spans.is_empty() && used + 3 + w > room {
            lines.push(Line::from(std::mem::take(&mut spans)));
            used = 0;
        }
        let mut part = part;
        if spans.is_empty() {
            spans.push(Span::raw(" "));
            // A part that starts a line after the first starts with a capital.
            if !lines.is_empty() {
                part.content = upper_first(&part.content).into();
            }
        } else {
            spans.push(Span::raw(" · "));
            used += 3;
        }
        let content = fit(&part.content, room.saturating_sub(used));
        used += text::width(&content);
        spans.push(Span::styled(content, part.style));
    }
    if !spans.is_empty() {
        lines.push(Line::from(spans));
    }
    lines
}

fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
