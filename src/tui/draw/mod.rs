//! `draw`: a pure function of the state. It never touches the store, the clock or the
//! terminal beyond the frame.
//!
//! Layout: the status bar on top, the screen, a message line, and the keys that work here.

pub mod dashboard;
pub mod detail;
pub mod export;
pub mod form;
pub mod help;
pub mod import;
pub mod lock;
pub mod reminders;
pub mod roster;
pub mod sessions;
pub mod sync;
pub mod tabs;
pub mod timeline;

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::action::{Action, Context};
use super::app::{App, MIN_HEIGHT, MIN_WIDTH, Screen};
use super::widgets::{error_style, fit, shown};
use crate::domain::Status;
use crate::i18n::backup_ui::BU;
use crate::i18n::tui::{T, badge};
use crate::i18n::views::V;

/// Rows taken by the status bar, the message line and the key bar.
pub const CHROME_ROWS: u16 = 3;

/// Draws a session: the lock screen while locked, else the app.
pub fn draw_session(session: &crate::tui::Session, frame: &mut Frame) {
    match (session.lock_screen(), session.app()) {
        (Some(lock), _) => lock::draw(session, lock, frame),
        (None, Some(app)) => draw(app, frame),
        (None, None) => {}
    }
}

pub fn draw(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = T::TooSmall.fill(app.lang, &[&MIN_WIDTH, &MIN_HEIGHT, &area.width, &area.height]);
        let y = area.height / 2;
        let p = Paragraph::new(msg)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true });
        frame.render_widget(
            p,
            Rect::new(area.x, area.y + y.saturating_sub(1), area.width, 3.min(area.height)),
        );
        return;
    }
    let [top, body, message, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    status_bar(app, frame, top);
    // The caret is shown only where typing goes: not under a popup.
    let caret = app.popups.is_empty();
    match app.screen() {
        Screen::Roster => roster::draw(app, frame, body, caret),
        Screen::Detail(d) => detail::draw(app, d, frame, body),
        Screen::Form(f) => form::draw(app, f, frame, body, caret),
        Screen::ImportPreview(s) => import::draw(app, s, frame, body),
        Screen::Timeline(t) => timeline::draw(app, t, frame, body),
        Screen::Reminders(v) => reminders::draw(app, v, frame, body),
        Screen::Dashboard(v) => dashboard::draw(app, v, frame, body),
        Screen::Sessions(v) => sessions::draw(app, v, frame, body),
        Screen::Sync(v) => sync::draw(app, v, frame, body),
    }
    message_line(app, frame, message);
    key_bar(app, frame, keys);
    for p in &app.popups {
        help::draw_popup(app, p, frame, body);
    }
}

/// Class and year, pupils by status, where syncing stands (when joined to a hub), and
/// whether everything is on disk.
fn status_bar(app: &App, frame: &mut Frame, area: Rect) {
    let lang = app.lang;
    let bar = Style::new().add_modifier(Modifier::REVERSED);
    let mut items = vec![match &app.profile {
        Some(p) => T::ClassYear.fill(lang, &[&p.class, &p.school_year]),
        None => T::NotSetUp.get(lang).to_string(),
    }];
    if app.profile.is_some() {
        // Right after the class, so a narrow bar drops the counts first: reminders ask for
        // action.
        let open = app.reminders.len();
        let overdue = app.reminders.iter().filter(|r| r.overdue()).count();
        if open > 0 {
            items.push(match overdue {
                0 => V::StatusReminders.fill(lang, &[&open]),
                n => V::StatusRemindersOverdue.fill(lang, &[&open, &n]),
            });
        }
        // Before the counts, which need no action: a month without a copy elsewhere risks
        // the whole notebook (the message line says how).
        if app.backup_due {
            items.push(BU::DueShort.get(lang).to_string());
        }
        let total: usize = app.roster.counts.iter().sum();
        items.push(T::Pupils.fill(lang, &[&total]));
        // "Not at risk" is left out: the bar is one line, and it is the count that needs
        // no action (the filter shows it).
        for (s, n) in Status::ALL.iter().zip(app.roster.counts) {
            if n > 0 && *s != Status::NotAtRisk {
                items.push(format!("{} {n}", badge(lang, *s)));
            }
        }
    }
    let dirty = app.any_form_dirty();
    // Before the first run's profile is saved nothing is on disk: "saved" would be false.
    let saved = if dirty || app.profile.is_none() {
        T::Typing
    } else if app.saved {
        T::Saved
    } else {
        T::NotSaved
    }
    .get(lang);
    // Where syncing with the hub stands, beside the save state: it is kept when the left
    // items are dropped for room.
    let right = match &app.sync {
        Some(sync) => format!("{} · {saved}", sync.status_text(lang, app.today, &app.sync_key())),
        None => saved.to_string(),
    };
    let saved = right.as_str();
    // One line: " items…", a gap of at least one space, the save state, a space.
    let width = area.width as usize;
    let left = fit_items(&items, width.saturating_sub(crate::text::width(saved) + 3));
    let gap = width.saturating_sub(crate::text::width(&left) + crate::text::width(saved) + 2);
    let line = format!(" {left}{}{saved} ", " ".repeat(gap.max(1)));
    frame.render_widget(Paragraph::new(line).style(bar), area);
}

/// The status bar's items joined with " · " in at most `room` cells: whole items only, and
/// " …" when some had to go, so that no word is ever cut or run into the next one. An item
/// too wide on its own (the class) is cut. The class is the profile's text (see
/// [`shown`]).
fn fit_items(items: &[String], room: usize) -> String {
    let items: Vec<String> = items.iter().map(|i| shown(i).into_owned()).collect();
    let joined = items.join(" · ");
    if crate::text::width(&joined) <= room {
        return joined;
    }
    let mut out = String::new();
    for item in &items {
        let next = if out.is_empty() {
            item.to_string()
        } else {
            format!("{out} · {item}")
        };
        if crate::text::width(&next) + 2 > room {
            break;
        }
        out = next;
    }
    if out.is_empty() {
        return fit(&items[0], room);
    }
    out.push_str(" …");
    out
}

/// What just happened; when nothing did, the reminder to back up, with the keys that get
/// there.
fn message_line(app: &App, frame: &mut Frame, area: Rect) {
    let (text, style) = match &app.status {
        Some(m) if m.error => (m.text.clone(), error_style()),
        Some(m) => (m.text.clone(), Style::new()),
        None if app.backup_due && app.profile.is_some() => {
            (backup_reminder(app), Style::new().add_modifier(Modifier::BOLD))
        }
        None => return,
    };
    let text = fit(&text, area.width.saturating_sub(1) as usize);
    frame.render_widget(Paragraph::new(format!(" {text}")).style(style), area);
}

/// The reminder to back up: on the sync screen its key; elsewhere the way there (the
/// profile, its sync key, the backup key) or `sotay backup`.
pub fn backup_reminder(app: &App) -> String {
    let backup = app.key_for(Context::Sync, Action::Backup);
    if matches!(app.screen(), Screen::Sync(_)) {
        return BU::DueHere.fill(app.lang, &[&backup]);
    }
    let profile = app.key_for(Context::Roster, Action::Profile);
    let sync = app.key_for(Context::Form, Action::Sync);
    BU::Due.fill(app.lang, &[&profile, &sync, &backup])
}

/// The keys that work here, from the keymap, in its order; the help key always shows.
fn key_bar(app: &App, frame: &mut Frame, area: Rect) {
    let typing = app.text_focused();
    let context = app.context();
    let form = app.form().filter(|_| context == Context::Form).map(|f| &f.form);
    // A form with checkboxes (the session's pupils, the checklist) always names the key
    // that ticks them, so it is learnt before the focus reaches one.
    let ticks = form.is_some_and(|f| {
        f.fields
            .iter()
            .any(|x| matches!(x.widget, super::form::Widget::Check(_)))
    });
    let mut items: Vec<(String, String, bool)> = Vec::new();
    for b in app.keymap.bindings(context) {
        let offered = match b.action {
            // Space types a space in a text field, so ticking is offered there only when
            // the form has boxes to tick.
            Action::Toggle => !typing || ticks,
            Action::ClearField => typing,
            // Only under a text that is too long.
            Action::CutToLimit => typing && form.is_some_and(|f| f.over_limit().is_some()),
            _ => true,
        };
        if !offered || !app.offers(b.action) {
            continue;
        }
        // The keymap leaves out keys that would type text in a field.
        let Some(key) = b.keys.first() else { continue };
        // A question's answers show every key, so that what Enter does is plain.
        let key = match b.action {
            Action::Yes | Action::No if context == Context::Confirm => super::widgets::answer_keys(app.lang, &b),
            _ => key.clone(),
        };
        items.push((key, b.desc(app.lang).to_string(), b.action == Action::Help));
    }
    let width = |(k, d, _): &(String, String, bool)| crate::text::width(k) + crate::text::width(d) + 2;
    let mut used: usize = 1;
    let help = items.iter().find(|i| i.2).cloned();
    let reserve = help.as_ref().map_or(0, width);
    let mut shown = Vec::new();
    for item in items.iter().filter(|i| !i.2) {
        if used + width(item) + reserve > area.width as usize {
            break;
        }
        used += width(item);
        shown.push(item.clone());
    }
    shown.extend(help);
    let key_style = Style::new().add_modifier(Modifier::REVERSED);
    let mut spans = vec![Span::raw(" ")];
    for (k, d, _) in shown {
        spans.push(Span::styled(k, key_style));
        spans.push(Span::raw(format!(" {d} ")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
