//! `update` for the class's views: switching views, the reminders list, the dashboard and
//! its limits form, the awareness sessions and their form.

use uuid::Uuid;

use super::action::Action;
use super::app::{App, Confirm, Popup, Screen};
use super::case_update::Select;
use super::draw;
use super::form::FormKind;
use super::update::scrolled;
use super::view_forms;
use super::views::{DashboardView, RemindersView, SessionsView, ViewTab};
use crate::domain::{Audience, Reminder, Session, SessionInput, Settings, SettingsInput};
use crate::i18n::views::V;
use crate::text;

/// Where a list's selection goes for a moving action; `None` for any other action.
pub(crate) fn moved(selected: usize, action: Action, page: usize, len: usize) -> Option<usize> {
    // A selection moves as a scroll does, its last place being the last line.
    scrolled(selected, action, page.max(1), len.saturating_sub(1))
}

/// The first line to draw so that lines `first..=last` are seen in a window of `height`,
/// moving from `offset` as little as it can.
pub(crate) fn follow(offset: usize, first: usize, last: usize, height: usize) -> usize {
    let height = height.max(1);
    if first < offset {
        first
    } else if last >= offset + height {
        (last + 1).saturating_sub(height).min(first)
    } else {
        offset
    }
}

impl App {
    /// The view at the bottom of the stack, if it is one of the four Tab cycles through.
    pub fn view_tab(&self) -> Option<ViewTab> {
        match self.screens.first()? {
            Screen::Roster => Some(ViewTab::Roster),
            Screen::Reminders(_) => Some(ViewTab::Reminders),
            Screen::Dashboard(_) => Some(ViewTab::Dashboard),
            Screen::Sessions(_) => Some(ViewTab::Sessions),
            _ => None,
        }
    }

    /// Tab and Shift+Tab on the roster and the views beside it; not from deeper screens.
    pub(crate) fn switch_view(&mut self, forward: bool) {
        if self.screens.len() != 1 {
            return;
        }
        if let Some(tab) = self.view_tab() {
            self.show_view(tab.step(forward));
        }
    }

    /// Puts `tab` in the roster's place at the bottom of the stack.
    pub(crate) fn show_view(&mut self, tab: ViewTab) {
        let screen = match tab {
            ViewTab::Roster => Screen::Roster,
            ViewTab::Reminders => Screen::Reminders(RemindersView::default()),
            ViewTab::Dashboard => Screen::Dashboard(DashboardView::default()),
            ViewTab::Sessions => Screen::Sessions(SessionsView::default()),
        };
        // The search box loses the focus, but keeps what was typed.
        self.roster.searching = false;
        match self.screens.first_mut() {
            Some(s) => *s = screen,
            None => self.screens.push(screen),
        }
    }

    // --- Reminders ----------------------------------------------------------------------

    /// The reminder selected on the reminders view (the one Enter opens).
    pub fn selected_reminder(&self) -> Option<&Reminder> {
        let Some(Screen::Reminders(v)) = self.screens.first() else {
            return None;
        };
        self.reminders.get(v.selected.min(self.reminders.len().checked_sub(1)?))
    }

    /// Keeps the reminders view's selection on a line of the list after the reminders are
    /// recounted: a record that answers the last reminder shortens the list under it.
    pub(crate) fn clamp_reminder_selection(&mut self) {
        let n = self.reminders.len();
        if let Some(Screen::Reminders(v)) = self.screens.first_mut() {
            v.selected = v.selected.min(n.saturating_sub(1));
        }
    }

    pub(crate) fn update_reminders(&mut self, action: Action) {
        let count = self.reminders.len();
        let page = draw::reminders::list_height(self.size);
        let Some(Screen::Reminders(v)) = self.screens.last_mut() else {
            return;
        };
        // The line drawn highlighted, which the stored selection may have outrun.
        v.selected = v.selected.min(count.saturating_sub(1));
        if let Some(to) = moved(v.selected, action, page, count) {
            v.selected = to;
            let (first, last) = draw::reminders::lines_of(&self.reminders, to);
            v.offset = follow(v.offset, first, last, page);
            return;
        }
        match action {
            Action::Open => match self.reminders.get(v.selected).map(|r| r.student_id) {
                Some(id) => self.open_timeline(id),
                None => self.info(V::RemindersEmpty.get(self.lang).into()),
            },
            Action::NextView | Action::PrevView => self.switch_view(action == Action::NextView),
            Action::Back => self.show_view(ViewTab::Roster),
            _ => {}
        }
    }

    // --- Dashboard ----------------------------------------------------------------------

    pub(crate) fn update_dashboard(&mut self, action: Action) {
        let page = draw::dashboard::inner_height(self.size);
        let max = draw::dashboard::line_count(self).saturating_sub(page);
        let Some(Screen::Dashboard(v)) = self.screens.last_mut() else {
            return;
        };
        if let Some(to) = scrolled(v.scroll.min(max), action, page, max) {
            v.scroll = to;
            return;
        }
        match action {
            Action::Edit => self.open_settings(),
            Action::Export => self.open_export(),
            Action::NextView | Action::PrevView => self.switch_view(action == Action::NextView),
            Action::Back => self.show_view(ViewTab::Roster),
            _ => {}
        }
    }

    fn open_settings(&mut self) {
        let opened = self.casebook.settings;
        let input = SettingsInput::from_settings(&opened);
        self.push_form(FormKind::Settings { opened }, view_forms::settings_form(&input));
    }

    pub(crate) fn save_settings(&mut self, opened: &Settings) {
        let Some(f) = self.form() else { return };
        let settings = match view_forms::settings_input(&f.form).validate() {
            Ok(s) => s,
            Err(e) => return self.show_errors(e),
        };
        // What the teacher changed is laid over the stored limits once there are any: also
        // when the form showed the defaults and another device's limits came in meanwhile.
        let stored = match self.store.stored_settings() {
            Ok(s) => s.is_some(),
            Err(e) => return self.read_failed(&e),
        };
        if let Err(e) = self.store.save_edited(stored.then_some(opened), &settings, None) {
            return self.write_failed(&e);
        }
        self.saved = true;
        self.screens.pop();
        let msg = V::SettingsSaved.fill(self.lang, &[&settings.intervention_days, &settings.monitoring_days]);
        self.after_write(Select::Keep, msg);
    }

    // --- Awareness sessions ---------------------------------------------------------------

    pub(crate) fn update_sessions(&mut self, action: Action) {
        let n = self.casebook.sessions.len();
        let page = draw::sessions::list_height(self.size);
        let Some(Screen::Sessions(v)) = self.screens.last_mut() else {
            return;
        };
        if let Some(to) = moved(v.selected, action, page, n) {
            v.selected = to;
            v.offset = follow(v.offset, to, to, page);
            return;
        }
        let selected = self.casebook.sessions.get(v.selected.min(n.saturating_sub(1)));
        let selected = selected.map(|s| (s.id, self.session_label(s)));
        match action {
            Action::Add => self.open_session_form(None),
            Action::Open | Action::Edit | Action::Delete => {
                let Some((id, label)) = selected else {
                    return self.info(V::NoSession.get(self.lang).into());
                };
                if action == Action::Delete {
                    self.popups.push(Popup::Confirm(Confirm::DeleteSession { id, label }));
                } else {
                    self.open_session_form(Some(id));
                }
            }
            Action::NextView | Action::PrevView => self.switch_view(action == Action::NextView),
            Action::Back => self.show_view(ViewTab::Roster),
            _ => {}
        }
    }

    /// "the awareness session of 20/11/2026 (topic)", for questions and messages.
    fn session_label(&self, s: &crate::domain::Session) -> String {
        let topic = text::truncate(&s.topic, 40);
        V::SessionLabel.fill(self.lang, &[&text::format_date(s.held_on), &topic])
    }

    /// Opens the form to edit session `id`, or to add one (dated today, for parents). A new
    /// session's id is made now, so a retry after a failed save can't make a second one.
    fn open_session_form(&mut self, id: Option<Uuid>) {
        let (input, kind) = match id.and_then(|id| self.casebook.sessions.iter().find(|s| s.id == id)) {
            Some(s) => (
                SessionInput::from_session(s),
                FormKind::Session {
                    id: s.id,
                    opened: Some(Box::new(s.clone())),
                },
            ),
            None => {
                let input = SessionInput {
                    held_on: text::format_date(self.today),
                    audience: Some(Audience::Parents),
                    ..Default::default()
                };
                let kind = FormKind::Session {
                    id: Uuid::now_v7(),
                    opened: None,
                };
                (input, kind)
            }
        };
        let pupils = view_forms::class_order(&self.casebook);
        self.push_form(kind, view_forms::session_form(&input, &pupils));
    }

    pub(crate) fn save_session(&mut self, id: Uuid, opened: Option<&Session>) {
        let Some(f) = self.form() else { return };
        let session = match view_forms::session_input(&f.form).validate(id, self.today) {
            Ok(s) => s,
            Err(e) => return self.show_errors(e),
        };
        if let Err(e) = self.store.save_edited(opened, &session, None) {
            return self.write_failed(&e);
        }
        self.saved = true;
        self.screens.pop();
        let day = text::format_date(session.held_on);
        let msg = if opened.is_none() {
            V::SessionAdded
        } else {
            V::SessionSaved
        };
        self.after_write(Select::Keep, msg.fill(self.lang, &[&day]));
        // The list shows the session just saved.
        let at = self.casebook.sessions.iter().position(|s| s.id == id);
        let page = draw::sessions::list_height(self.size);
        if let (Some(at), Some(Screen::Sessions(v))) = (at, self.screens.first_mut()) {
            v.selected = at;
            v.offset = follow(v.offset, at, at, page);
        }
    }

    pub(crate) fn delete_session(&mut self, id: Uuid, label: &str) {
        if let Err(e) = self.store.delete_session(id) {
            return self.write_failed(&e);
        }
        self.saved = true;
        self.after_write(Select::Keep, crate::i18n::tui::T::Deleted.fill(self.lang, &[&label]));
        let n = self.casebook.sessions.len();
        if let Some(Screen::Sessions(v)) = self.screens.first_mut() {
            v.selected = v.selected.min(n.saturating_sub(1));
            v.offset = v.offset.min(v.selected);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moving_stays_in_the_list() {
        assert_eq!(moved(0, Action::Up, 5, 3), Some(0));
        assert_eq!(moved(2, Action::Down, 5, 3), Some(2));
        assert_eq!(moved(0, Action::PageDown, 5, 30), Some(5));
        assert_eq!(moved(7, Action::Bottom, 5, 30), Some(29));
        assert_eq!(moved(0, Action::Down, 5, 0), Some(0));
        assert_eq!(moved(0, Action::Open, 5, 3), None);
    }

    #[test]
    fn the_window_follows_with_the_least_scrolling() {
        // Already seen: no move.
        assert_eq!(follow(0, 3, 3, 10), 0);
        // Below the window: just enough to show it.
        assert_eq!(follow(0, 12, 12, 10), 3);
        // Above: to its first line (a heading).
        assert_eq!(follow(5, 2, 3, 10), 2);
        // A block taller than the window: its first line wins.
        assert_eq!(follow(0, 8, 20, 10), 8);
    }
}
