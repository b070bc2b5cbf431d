//! The reminders list: what is overdue, then cases with no intervention yet, then visits
//! due this week, each group under its heading, one line a reminder.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::CHROME_ROWS;
use super::roster::centred_lines;
use crate::domain::{Reminder, ReminderKind};
use crate::i18n::Lang;
use crate::i18n::views::V;
use crate::text;
use crate::tui::app::App;
use crate::tui::view_update::follow;
use crate::tui::views::{RemindersView, ViewTab};
use crate::tui::widgets::{block, bold, dim, focus_marker, pad, wrap};

/// The groups of the list, in the order they show: the order `domain::reminders` gives
/// them in, so the list is drawn as it comes and a selection is an index into it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Section {
    Overdue,
    NoIntervention,
    DueSoon,
}

pub fn section_of(kind: ReminderKind) -> Section {
    match kind {
        ReminderKind::VisitOverdue { .. }
        | ReminderKind::InterventionOverdue { .. }
        | ReminderKind::CheckStatus { .. } => Section::Overdue,
        ReminderKind::NoInterventionYet { .. } => Section::NoIntervention,
        ReminderKind::VisitDueSoon { .. } => Section::DueSoon,
    }
}

/// A line of the list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Item {
    Heading(Section, usize),
    Blank,
    /// An index into the reminders.
    Row(usize),
}

fn items(reminders: &[Reminder]) -> Vec<Item> {
    let mut out = Vec::new();
    let mut current = None;
    for (pos, r) in reminders.iter().enumerate() {
        let s = section_of(r.kind);
        if current != Some(s) {
            if current.is_some() {
                out.push(Item::Blank);
            }
            let n = reminders.iter().filter(|r| section_of(r.kind) == s).count();
            out.push(Item::Heading(s, n));
            current = Some(s);
        }
        out.push(Item::Row(pos));
    }
    out
}

/// The lines that must be seen when the `pos`-th reminder is selected: from its heading,
/// when it is the first of its group, to its own line.
pub fn lines_of(reminders: &[Reminder], pos: usize) -> (usize, usize) {
    let items = items(reminders);
    let row = items.iter().position(|i| *i == Item::Row(pos)).unwrap_or(0);
    let first = match row.checked_sub(1).map(|p| items[p]) {
        Some(Item::Heading(..)) => row - 1,
        _ => row,
    };
    (first, row)
}

/// Lines of the list on a terminal of `size`: the chrome, the tab strip, the box's borders
/// and the column header take the rest.
pub fn list_height(size: (u16, u16)) -> usize {
    size.1.saturating_sub(CHROME_ROWS + 1 + 2 + 1) as usize
}

/// What to do, short: the due date has its own column.
fn task(lang: Lang, kind: ReminderKind) -> &'static str {
    match kind {
        ReminderKind::VisitOverdue { .. } => V::KVisitOverdue,
        ReminderKind::InterventionOverdue { .. } => V::KInterventionOverdue,
        ReminderKind::NoInterventionYet { .. } => V::KNoIntervention,
        ReminderKind::VisitDueSoon { .. } => V::KVisitDue,
        ReminderKind::CheckStatus { .. } => V::KCheckStatus,
    }
    .get(lang)
}

/// The day the reminder is due: the visit's, or the deadline of the first intervention.
fn due(kind: ReminderKind) -> NaiveDate {
    match kind {
        ReminderKind::VisitOverdue { due }
        | ReminderKind::VisitDueSoon { due }
        | ReminderKind::CheckStatus { since: due } => due,
        ReminderKind::InterventionOverdue { deadline, .. } | ReminderKind::NoInterventionYet { deadline, .. } => {
            deadline
        }
    }
}

/// "8 days late", "today", "3 days left".
pub(crate) fn relative(lang: Lang, due: NaiveDate, today: NaiveDate) -> String {
    match (due - today).num_days() {
        0 => V::DueToday.get(lang).to_string(),
        1 => V::OneDayLeft.get(lang).to_string(),
        -1 => V::OneDayLate.get(lang).to_string(),
        n if n > 0 => V::DaysLeft.fill(lang, &[&n]),
        n => V::DaysLate.fill(lang, &[&-n]),
    }
}

fn section_title(lang: Lang, s: Section, n: usize) -> String {
    match s {
        Section::Overdue => V::SecOverdue,
        Section::NoIntervention => V::SecNoIntervention,
        Section::DueSoon => V::SecDueSoon,
    }
    .fill(lang, &[&n])
}

fn section_style(s: Section) -> Style {
    match s {
        Section::Overdue => bold().fg(Color::Red),
        Section::NoIntervention => bold().fg(Color::Yellow),
        Section::DueSoon => bold(),
    }
}

/// The columns' widths: pupil, task, due date (left out below 80 cells), days.
struct Columns {
    name: usize,
    task: usize,
    date: Option<usize>,
    days: usize,
}

impl Columns {
    fn new(lang: Lang, width: usize) -> Columns {
        let tasks = [
            V::KVisitOverdue,
            V::KInterventionOverdue,
            V::KNoIntervention,
            V::KVisitDue,
            V::ColTask,
        ];
        let task_max = tasks.iter().map(|t| text::width(t.get(lang))).max().unwrap_or(0);
        let date = (width >= 80).then_some(10);
        let days = 13;
        // The marker, and a space before each column after the name.
        let fixed = 2 + 1 + date.map_or(0, |d| d + 1) + days;
        let rest = width.saturating_sub(fixed);
        let task = task_max.min(rest.saturating_sub(14)).max(8);
        let name = rest.saturating_sub(task);
        Columns { name, task, date, days }
    }

    fn line<'a>(&self, marker: &str, name: &str, task: &str, date: &str, days: &str) -> Vec<Span<'a>> {
        let mut spans = vec![
            Span::raw(format!("{marker}{} ", pad(name, self.name))),
            Span::raw(pad(task, self.task)),
        ];
        if let Some(w) = self.date {
            spans.push(Span::raw(format!(" {}", pad(date, w))));
        }
        spans.push(Span::raw(format!(" {}", pad(days, self.days))));
        spans
    }
}

pub fn draw(app: &App, v: &RemindersView, frame: &mut Frame, area: Rect) {
    let lang = app.lang;
    let [tabs, body] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    super::tabs::draw(app, ViewTab::Reminders, frame, tabs);
    let title = V::TitleReminders.fill(lang, &[&text::format_date(app.today)]);
    let b = block(app.ascii, format!(" {title} "));
    let inner = b.inner(body);
    frame.render_widget(b, body);
    if app.reminders.is_empty() {
        let mut lines = vec![Line::from(V::RemindersEmpty.get(lang)).style(bold()), Line::from("")];
        for part in wrap(V::RemindersEmptyHint.get(lang), inner.width.saturating_sub(4) as usize) {
            lines.push(Line::from(part).style(dim()));
        }
        return centred_lines(frame, inner, lines);
    }
    let [head, list] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(inner);
    let cols = Columns::new(lang, inner.width as usize);
    let due_head = V::ColDue.get(lang);
    let (date_head, days_head) = if cols.date.is_some() {
        (due_head, "")
    } else {
        ("", due_head)
    };
    let header = cols.line("  ", V::ColPupil.get(lang), V::ColTask.get(lang), date_head, days_head);
    frame.render_widget(Paragraph::new(Line::from(header).style(bold())), head);

    let selected = v.selected.min(app.reminders.len() - 1);
    let height = list.height as usize;
    let (first, last) = lines_of(&app.reminders, selected);
    let offset = follow(v.offset, first, last, height);
    let mut section = Section::Overdue;
    let lines: Vec<Line> = items(&app.reminders)
        .into_iter()
        .map(|item| match item {
            Item::Heading(s, n) => {
                section = s;
                Line::styled(format!(" {}", section_title(lang, s, n)), section_style(s))
            }
            Item::Blank => Line::from(""),
            Item::Row(pos) => {
                let r = &app.reminders[pos];
                let name = app
                    .casebook
                    .students
                    .get(&r.student_id)
                    .map_or(V::UnknownPupil.get(lang), |s| s.name.as_str());
                let day = due(r.kind);
                let marker = if pos == selected { focus_marker(app.ascii) } else { "  " };
                let days = relative(lang, day, app.today);
                let mut spans = cols.line(marker, name, task(lang, r.kind), &text::format_date(day), &days);
                if section == Section::Overdue
                    && let Some(last) = spans.last_mut()
                {
                    last.style = Style::new().fg(Color::Red);
                }
                let style = if pos == selected {
                    Style::new().add_modifier(Modifier::REVERSED)
                } else {
                    Style::new()
                };
                Line::from(spans).style(style)
            }
        })
        .collect();
    let shown: Vec<Line> = lines.into_iter().skip(offset).take(height).collect();
    frame.render_widget(Paragraph::new(shown), list);
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn r(kind: ReminderKind) -> Reminder {
        Reminder {
            student_id: Uuid::nil(),
            kind,
        }
    }

    #[test]
    fn groups_show_in_order_under_headings() {
        // In the domain's order.
        let rs = [
            r(ReminderKind::VisitOverdue { due: day(20) }),
            r(ReminderKind::NoInterventionYet {
                opened_on: day(25),
                deadline: day(30),
            }),
            r(ReminderKind::VisitDueSoon { due: day(30) }),
        ];
        let sections: Vec<Section> = rs.iter().map(|r| section_of(r.kind)).collect();
        assert_eq!(sections, [Section::Overdue, Section::NoIntervention, Section::DueSoon]);
        // Heading, row, blank, heading, row, blank, heading, row.
        assert_eq!(lines_of(&rs, 0), (0, 1));
        assert_eq!(lines_of(&rs, 1), (3, 4));
        assert_eq!(lines_of(&rs, 2), (6, 7));
    }

    #[test]
    fn days_are_said_relative_to_today() {
        let today = day(28);
        assert_eq!(relative(Lang::Vi, day(20), today), "quá 8 ngày");
        assert_eq!(relative(Lang::En, day(27), today), "1 day late");
        assert_eq!(relative(Lang::Vi, day(28), today), "hôm nay");
        assert_eq!(relative(Lang::En, day(30), today), "2 days left");
    }
}
