//! One pupil's page: the pupil's fields, the current screening with its explained level,
//! and the days the record changed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::CHROME_ROWS;
use crate::domain::validation::age_on;
use crate::domain::{Field, Status};
use crate::i18n::domain as d;
use crate::i18n::tui::T;
use crate::text;
use crate::tui::action::{Action, Context};
use crate::tui::app::{App, DetailState};
use crate::tui::widgets::{block, bold, pad, sex_label, status_style, stored_field_label, wrap};

/// Width of the label column.
const LABEL: usize = 24;

/// Lines the page's box shows on a terminal of `size`.
pub fn inner_height(size: (u16, u16)) -> usize {
    size.1.saturating_sub(CHROME_ROWS + 2) as usize
}

pub fn line_count(app: &App, d: &DetailState) -> usize {
    lines(app, d, app.size.0.saturating_sub(2) as usize).len()
}

pub fn draw(app: &App, d: &DetailState, frame: &mut Frame, area: Rect) {
    let b = block(app.ascii, format!(" {} ", d.student.name));
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let lines = lines(app, d, inner.width as usize);
    let max = lines.len().saturating_sub(inner.height as usize);
    let scroll = d.scroll.min(max) as u16;
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
}

struct Page<'a> {
    lines: Vec<Line<'a>>,
    width: usize,
}

impl<'a> Page<'a> {
    fn heading(&mut self, s: &str) {
        if !self.lines.is_empty() {
            self.lines.push(Line::from(""));
        }
        self.lines.push(Line::from(Span::styled(format!(" {s}"), bold())));
    }

    /// A label and its value, the value wrapped under itself.
    fn field(&mut self, label: &str, value: &str, style: Style) {
        let value_width = self.width.saturating_sub(LABEL + 3);
        for (i, part) in wrap(value, value_width).into_iter().enumerate() {
            let label = if i == 0 { pad(label, LABEL) } else { " ".repeat(LABEL) };
            self.lines.push(Line::from(vec![
                Span::raw(format!("   {label}")),
                Span::styled(part, style),
            ]));
        }
    }

    fn text(&mut self, s: &str) {
        for part in wrap(s, self.width.saturating_sub(3)) {
            self.lines.push(Line::from(format!("   {part}")));
        }
    }
}

pub fn lines<'a>(app: &App, d: &'a DetailState, width: usize) -> Vec<Line<'a>> {
    let lang = app.lang;
    let s = &d.student;
    let f = |field| d::field(lang, field);
    let mut p = Page {
        lines: Vec::new(),
        width,
    };
    let plain = Style::new();
    p.heading(T::SectionPupil.get(lang));
    p.field(f(Field::Name), &s.name, bold());
    let age = age_on(s.birth_date, app.today);
    p.field(
        f(Field::BirthDate),
        &T::Age.fill(lang, &[&text::format_date(s.birth_date), &age]),
        plain,
    );
    p.field(f(Field::Sex), sex_label(lang, s.sex), plain);
    p.field(f(Field::StudentCode), s.code.as_deref().unwrap_or(""), plain);
    p.field(f(Field::Ethnicity), &s.ethnicity, plain);
    p.field(f(Field::Address), &s.address, plain);
    p.field(f(Field::Guardian), &s.guardian, plain);
    p.field(f(Field::Phone), &s.phone, plain);
    p.field(f(Field::Class), &format!("{} · {}", s.class, s.school_year), plain);
    p.field(f(Field::Notes), &s.notes, plain);

    p.heading(T::SectionScreening.get(lang));
    let status = Status::of(d.screening.as_ref());
    p.field(T::StatusLabel.get(lang), d::status(lang, status), status_style(status));
    match &d.screening {
        None => {
            let key = app.key_for(Context::Detail, Action::Screen);
            p.text(&T::NotScreenedYet.fill(lang, &[&key]));
        }
        Some(sc) => {
            p.field(f(Field::ScreenedOn), &text::format_date(sc.screened_on), plain);
            if let Some(on) = sc.identified_on {
                p.field(f(Field::IdentifiedOn), &text::format_date(on), plain);
            }
            let a = sc.assessment();
            p.field(T::LevelLabel.get(lang), d::level(lang, a.level), bold());
            let reasons: Vec<String> = a.reasons.iter().map(|r| d::reason(lang, *r)).collect();
            p.field(T::ReasonsLabel.get(lang), &reasons.join("; "), plain);
            if sc.factors.is_empty() {
                p.field(T::FactorsLabel.get(lang), T::NoneLabel.get(lang), plain);
            }
            for (i, factor) in sc.factors.iter().enumerate() {
                let label = if i == 0 { T::FactorsLabel.get(lang) } else { "" };
                p.field(label, d::factor(lang, *factor), plain);
            }
            p.field(f(Field::Notes), &sc.notes, plain);
        }
    }

    p.heading(T::SectionChanges.get(lang));
    if d.changes.is_empty() {
        p.text(T::NoChanges.get(lang));
    }
    for (day, fields) in &d.changes {
        let names: Vec<String> = fields.iter().map(|n| stored_field_label(lang, n)).collect();
        p.field(&text::format_date(*day), &names.join(", "), plain);
    }
    p.lines
}
