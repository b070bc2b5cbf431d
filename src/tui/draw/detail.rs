//! One pupil's page: the pupil's fields, the case follow-up (the stage, the next visit due,
//! the latest visits and supports), the current screening with its explained level, and
//! the days the record changed.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::CHROME_ROWS;
use crate::domain::validation::age_on;
use crate::domain::{Field, RecordKind, Stage, Status};
use crate::i18n::case::C;
use crate::i18n::domain as d;
use crate::i18n::tui::T;
use crate::text;
use crate::tui::action::{Action, Context};
use crate::tui::app::{App, DetailState};
use crate::tui::timeline;
use crate::tui::widgets::{block, bold, error_style, fit, pad, sex_label, status_style, stored_field_label, wrap};

/// Widest a label column gets.
const MAX_LABEL: usize = 24;
/// From this inner width on, the pupil is on the left and the screening on the right.
const TWO_COLUMNS: usize = 90;

/// Lines the page's box shows on a terminal of `size`.
pub fn inner_height(size: (u16, u16)) -> usize {
    size.1.saturating_sub(CHROME_ROWS + 2) as usize
}

pub fn line_count(app: &App, d: &DetailState) -> usize {
    let (left, right) = columns(app, d, app.size.0.saturating_sub(2) as usize);
    left.len().max(right.map_or(0, |r| r.len()))
}

pub fn draw(app: &App, d: &DetailState, frame: &mut Frame, area: Rect) {
    let b = block(app.ascii, format!(" {} ", d.student.name));
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let (left, right) = columns(app, d, inner.width as usize);
    let lines = left.len().max(right.as_ref().map_or(0, Vec::len));
    let scroll = d.scroll.min(lines.saturating_sub(inner.height as usize)) as u16;
    match right {
        None => frame.render_widget(Paragraph::new(left).scroll((scroll, 0)), inner),
        Some(right) => {
            let [l, r] = Layout::horizontal([Constraint::Percentage(50), Constraint::Fill(1)]).areas(inner);
            frame.render_widget(Paragraph::new(left).scroll((scroll, 0)), l);
            frame.render_widget(Paragraph::new(right).scroll((scroll, 0)), r);
        }
    }
}

/// A column of labelled values.
struct Page<'a> {
    lines: Vec<Line<'a>>,
    width: usize,
    label: usize,
}

impl<'a> Page<'a> {
    fn new(width: usize, labels: &[&str]) -> Page<'a> {
        let label = labels.iter().map(|l| text::width(l)).max().unwrap_or(0).min(MAX_LABEL) + 1;
        Page {
            lines: Vec::new(),
            width,
            label,
        }
    }

    fn heading(&mut self, s: &str) {
        if !self.lines.is_empty() {
            self.lines.push(Line::from(""));
        }
        self.lines.push(Line::from(Span::styled(format!(" {s}"), bold())));
    }

    /// A label and its value, the value wrapped under itself.
    fn field(&mut self, label: &str, value: &str, style: Style) {
        let value_width = self.width.saturating_sub(self.label + 3);
        for (i, part) in wrap(value, value_width).into_iter().enumerate() {
            let label = if i == 0 {
                pad(label, self.label)
            } else {
                " ".repeat(self.label)
            };
            self.lines.push(Line::from(vec![
                Span::raw(format!("   {label}")),
                Span::styled(part, style),
            ]));
        }
    }

    /// A dated line cut to the column's width: the page lists the latest of each kind,
    /// the timeline has them in full.
    fn item(&mut self, day: chrono::NaiveDate, s: &str) {
        let line = format!("   {}  {s}", text::format_date(day));
        self.lines.push(Line::from(fit(&line, self.width)));
    }

    fn text(&mut self, s: &str) {
        for part in wrap(s, self.width.saturating_sub(3)) {
            self.lines.push(Line::from(format!("   {part}")));
        }
    }
}

/// The page's columns: the pupil and the follow-up, and the screening with the history. On
/// a narrow terminal they are one column.
pub fn columns<'a>(app: &App, d: &'a DetailState, width: usize) -> (Vec<Line<'a>>, Option<Vec<Line<'a>>>) {
    let two = width >= TWO_COLUMNS;
    let half = if two { width / 2 } else { width };
    let mut left = pupil(app, d, half);
    left.push(Line::from(""));
    left.extend(follow_up(app, d, half));
    let right = screening(app, d, if two { width - half } else { width });
    if two {
        (left, Some(right))
    } else {
        let mut all = left;
        all.push(Line::from(""));
        all.extend(right);
        (all, None)
    }
}

fn pupil<'a>(app: &App, d: &'a DetailState, width: usize) -> Vec<Line<'a>> {
    let lang = app.lang;
    let s = &d.student;
    let f = |field| d::field(lang, field);
    let fields = [
        Field::Name,
        Field::BirthDate,
        Field::Sex,
        Field::StudentCode,
        Field::Ethnicity,
        Field::Address,
        Field::Guardian,
        Field::Phone,
        Field::Class,
        Field::Notes,
    ];
    let labels: Vec<&str> = fields.iter().map(|x| f(*x)).collect();
    let mut p = Page::new(width, &labels);
    let plain = Style::new();
    p.heading(T::SectionPupil.get(lang));
    p.field(f(Field::Name), &s.name, bold());
    // A birth date after today (a PC's clock set back) shows an age of 0.
    let age = age_on(s.birth_date, app.today).unwrap_or(0);
    let born = T::Age.fill(lang, &[&text::format_date(s.birth_date), &age]);
    p.field(f(Field::BirthDate), &born, plain);
    p.field(f(Field::Sex), sex_label(lang, s.sex), plain);
    p.field(f(Field::StudentCode), s.code.as_deref().unwrap_or(""), plain);
    p.field(f(Field::Ethnicity), &s.ethnicity, plain);
    p.field(f(Field::Address), &s.address, plain);
    p.field(f(Field::Guardian), &s.guardian, plain);
    p.field(f(Field::Phone), &s.phone, plain);
    p.field(f(Field::Class), &format!("{} · {}", s.class, s.school_year), plain);
    p.field(f(Field::Notes), &s.notes, plain);
    p.lines
}

fn screening<'a>(app: &App, d: &'a DetailState, width: usize) -> Vec<Line<'a>> {
    let lang = app.lang;
    let f = |field| d::field(lang, field);
    let labels = [
        T::StatusLabel.get(lang),
        f(Field::Decision),
        f(Field::ScreenedOn),
        f(Field::IdentifiedOn),
        T::LevelLabel.get(lang),
        T::ReasonsLabel.get(lang),
        T::FactorsLabel.get(lang),
        f(Field::Notes),
        "00/00/0000",
    ];
    let mut p = Page::new(width, &labels);
    let plain = Style::new();
    p.heading(T::SectionScreening.get(lang));
    let status = Status::of(d.screening.as_ref());
    // Once screened, the status is the teacher's decision.
    let label = if d.screening.is_some() {
        f(Field::Decision)
    } else {
        T::StatusLabel.get(lang)
    };
    p.field(label, d::status(lang, status), status_style(status));
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
            if !sc.notes.is_empty() {
                p.field(f(Field::Notes), &sc.notes, plain);
            }
        }
    }

    p.heading(T::SectionChanges.get(lang));
    if d.changes.is_empty() {
        p.text(T::NoChanges.get(lang));
    }
    for c in &d.changes {
        let names: Vec<String> = c
            .changes
            .iter()
            .map(|(n, _)| stored_field_label(lang, c.kind, n))
            .collect();
        let names = names.join(", ");
        let what = match (c.kind, c.created) {
            (RecordKind::Screening, true) => T::ScreeningFirst.get(lang).to_string(),
            (RecordKind::Screening, false) => T::ScreeningChanged.fill(lang, &[&names]),
            (_, true) => T::PupilAdded.get(lang).to_string(),
            (_, false) => T::PupilEdited.fill(lang, &[&names]),
        };
        p.field(&text::format_date(c.day), &what, plain);
    }
    p.lines
}

/// The case's stage and since when, the next visit due (overdue in words, not only in
/// colour), and the latest visits and supports, newest first.
fn follow_up<'a>(app: &App, d: &'a DetailState, width: usize) -> Vec<Line<'a>> {
    let lang = app.lang;
    // Labels of their own: short, so the values get the room.
    let labels = [T::CaseLabel.get(lang), T::NextVisitLabel.get(lang)];
    let mut p = Page::new(width, &labels);
    let plain = Style::new();
    p.heading(T::SectionFollowUp.get(lang));
    let open = d.case.as_ref().is_none_or(|c| c.stage.is_open());
    let stage = match &d.case {
        None => C::CaseNone.get(lang).to_string(),
        Some(c) => {
            let since = text::format_date(c.stage_on);
            match (c.stage, c.close_reason) {
                (Stage::Closed, Some(r)) => T::ClosedSince.fill(lang, &[&d::close_reason(lang, r), &since]),
                (s, _) => T::StageSince.fill(lang, &[&d::stage(lang, s), &since]),
            }
        }
    };
    p.field(T::CaseLabel.get(lang), &stage, bold());
    // A closed case is visited no more; a pupil with no case nor visit has nothing to say.
    if open && (d.case.is_some() || d.visit_count > 0) {
        match d.next_visit {
            Some(due) => {
                let when = super::reminders::relative(lang, due.day(), app.today);
                let day = text::format_date(due.day());
                if due.is_overdue() {
                    let words = T::NextVisitOverdue.fill(lang, &[&day, &when]);
                    p.field(T::NextVisitLabel.get(lang), &words, error_style());
                } else {
                    let words = T::NextVisitDue.fill(lang, &[&day, &when]);
                    p.field(T::NextVisitLabel.get(lang), &words, plain);
                }
            }
            None => p.field(T::NextVisitLabel.get(lang), T::NoNextVisit.get(lang), plain),
        }
    }

    p.heading(T::RecentVisits.get(lang));
    if d.visits.is_empty() {
        p.text(T::NoVisits.get(lang));
    }
    for v in &d.visits {
        p.item(v.visited_on, &timeline::visit_line(lang, v));
    }
    p.heading(T::RecentSupports.get(lang));
    if d.supports.is_empty() {
        p.text(T::NoSupports.get(lang));
    }
    for s in &d.supports {
        match s.status_on() {
            Some(day) => p.item(day, &timeline::support_line(lang, s)),
            None => p.text(&timeline::support_line(lang, s)),
        }
    }
    let more = (d.visit_count + d.support_count).saturating_sub(d.visits.len() + d.supports.len());
    if more > 0 {
        let key = app.key_for(Context::Detail, Action::Open);
        p.text(&T::MoreInTimeline.fill(lang, &[&more, &key]));
    }
    p.lines
}
