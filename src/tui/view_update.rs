//! `update` for the class's views: switching views, the reminders list, the dashboard and
//! its limits form, the awareness sessions and their form.

use uuid::Uuid;

use super::action::Action;
use super::app::App;

impl App {
    /// Tab and Shift+Tab on the roster and the views beside it.
    pub(crate) fn switch_view(&mut self, forward: bool) {
        let _ = forward;
    }

    pub(crate) fn update_reminders(&mut self, action: Action) {
        let _ = action;
    }

    pub(crate) fn update_dashboard(&mut self, action: Action) {
        let _ = action;
    }

    pub(crate) fn update_sessions(&mut self, action: Action) {
        let _ = action;
    }

    pub(crate) fn save_session(&mut self, id: Uuid, new: bool) {
        let _ = (id, new);
    }

    pub(crate) fn save_settings(&mut self) {}

    pub(crate) fn delete_session(&mut self, id: Uuid, label: &str) {
        let _ = (id, label);
    }
}
