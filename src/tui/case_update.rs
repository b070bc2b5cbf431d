//! `update` for one pupil's case follow-up: the timeline, the visit, support, case-move and
//! informed forms, deleting a visit or a support, and keeping the casebook in step.
//!
//! Every save goes to the store first; only after it returned Ok (it flushes) does the
//! casebook change, the reminders and indicators get recomputed and the open timelines get
//! rebuilt. A failed save leaves the form as typed and changes nothing.

use uuid::Uuid;

use super::action::{Action, Context};
use super::app::{App, Confirm, Popup, Screen};
use super::case_forms::{self, MoveFailure};
use super::draw;
use super::form::{FieldId, FormKind};
use super::timeline::{self, EntryKind, Logged, TimelineState};
use super::update::scrolled;
use super::view_update::{follow, moved};
use crate::domain::{
    Case, Field, HandMove, Informed, InformedInput, MoveError, RecordKind, Screening, Status, Support, SupportInput,
    SupportStatus, SupportType, Visit, VisitInput,
};
use crate::i18n::case::C;
use crate::store::{Store, StoreError};
use crate::text;

/// Which entry a rebuilt timeline selects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Select {
    /// The same place as before.
    Keep,
    /// The visit or support with this id.
    Record(Uuid),
    /// The entry logged last (a case move just saved).
    Newest,
}

/// The id of the visit or support an entry shows.
fn record_id(e: &timeline::Entry) -> Option<Uuid> {
    match &e.what {
        EntryKind::Visit(v) => Some(v.id),
        EntryKind::Support(s) => Some(s.id),
        _ => None,
    }
}

impl App {
    // --- The timeline -----------------------------------------------------------------

    /// Opens pupil `student_id`'s timeline (from the detail page, or from a reminder).
    pub(crate) fn open_timeline(&mut self, student_id: Uuid) {
        match self.timeline_state(student_id) {
            Ok(Some(t)) => self.screens.push(Screen::Timeline(Box::new(t))),
            Ok(None) => self.pupil_gone(student_id),
            Err(e) => self.read_failed(&e),
        }
    }

    /// The pupil's timeline: the records from the casebook, the edits and moves from the
    /// change log (one prefix scan a record).
    fn timeline_state(&self, id: Uuid) -> Result<Option<TimelineState>, StoreError> {
        let book = &self.casebook;
        let Some(student) = book.students.get(&id) else {
            return Ok(None);
        };
        let log = |kind, id| self.store.changes_for(kind, id);
        let mut pupil_log = log(RecordKind::Student, id)?;
        pupil_log.extend(log(RecordKind::Screening, id)?);
        pupil_log.sort_by_key(|c| c.hlc);
        let case_log = log(RecordKind::Case, id)?;
        let visits = book
            .visits_of(id)
            .iter()
            .map(|v| {
                Ok(Logged {
                    record: v,
                    log: log(RecordKind::Visit, v.id)?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let supports = book
            .supports_of(id)
            .iter()
            .map(|s| {
                Ok(Logged {
                    record: s,
                    log: log(RecordKind::Support, s.id)?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        // Informed: the teacher's marks, or a session the pupil (or the parents) were at.
        let marks = book.informed.get(&id);
        let at_sessions = |reaches: fn(crate::domain::Audience) -> bool| {
            book.sessions
                .iter()
                .filter(|s| reaches(s.audience) && s.students.contains(&id))
                .map(|s| s.held_on)
                .max()
        };
        let informed_student = marks
            .and_then(|m| m.student_on)
            .max(at_sessions(|a| a.reaches_students()));
        let informed_parents = marks
            .and_then(|m| m.parents_on)
            .max(at_sessions(|a| a.reaches_parents()));
        // An implicit case's first intervention comes from the records, as the indicators
        // read it.
        let case = book.case_of(id);
        let implicit_since = case
            .as_ref()
            .filter(|_| !book.cases.contains_key(&id))
            .map(|c| c.opened_on);
        Ok(Some(TimelineState {
            student_id: id,
            name: student.name.clone(),
            selected: 0,
            offset: 0,
            status: Status::of(book.screenings.get(&id)),
            case,
            informed_student,
            informed_parents,
            entries: timeline::entries(&pupil_log, &case_log, implicit_since, &visits, &supports),
        }))
    }

    /// Rebuilds every open timeline from the casebook and the log (after a save), then
    /// selects as `select` says. A pupil no longer there takes their timeline with them.
    pub(crate) fn refresh_timelines(&mut self, select: Select) -> Result<(), StoreError> {
        let mut gone = Vec::new();
        for i in 0..self.screens.len() {
            let Screen::Timeline(old) = &self.screens[i] else {
                continue;
            };
            let (id, selected, offset) = (old.student_id, old.selected, old.offset);
            let Some(mut t) = self.timeline_state(id)? else {
                gone.push(id);
                continue;
            };
            let found = match select {
                Select::Keep => None,
                Select::Record(r) => t.entries.iter().position(|e| record_id(e) == Some(r)),
                Select::Newest => t.entries.iter().enumerate().max_by_key(|(_, e)| e.at).map(|(i, _)| i),
            };
            t.selected = found.unwrap_or(selected).min(t.entries.len().saturating_sub(1));
            let page = draw::timeline::list_height(self, &t);
            t.offset = follow(offset, t.selected, t.selected, page);
            self.screens[i] = Screen::Timeline(Box::new(t));
        }
        self.screens
            .retain(|s| !matches!(s, Screen::Timeline(t) if gone.contains(&t.student_id)));
        Ok(())
    }

    pub(crate) fn update_timeline(&mut self, action: Action) {
        let Some(Screen::Timeline(t)) = self.screens.last() else {
            return;
        };
        let id = t.student_id;
        let page = draw::timeline::list_height(self, t);
        if let Some(to) = moved(t.selected, action, page, t.entries.len())
            && let Some(Screen::Timeline(t)) = self.screens.last_mut()
        {
            t.selected = to;
            t.offset = follow(t.offset, to, to, page);
            return;
        }
        match action {
            Action::Back => {
                self.screens.pop();
            }
            Action::Open => self.open_entry(),
            Action::Edit => self.edit_entry(),
            Action::Visit => self.open_visit_form(id, None),
            Action::Support => self.open_support_form(id, None),
            Action::Case => self.open_case_form(id),
            Action::Informed => self.open_informed_form(id),
            Action::Delete => self.ask_delete_entry(),
            _ => {}
        }
    }

    /// Opens the selected entry to read: a visit or a support with all its fields (the edit
    /// key then opens its form), a case move or an edit with what changed.
    fn open_entry(&mut self) {
        let Some(Screen::Timeline(t)) = self.screens.last() else {
            return;
        };
        let Some(e) = t.selected_entry() else {
            return self.info(C::NothingSelected.get(self.lang).into());
        };
        let view = timeline::entry_view(self.lang, e);
        self.popups.push(Popup::Entry(Box::new(view)));
    }

    /// The selected visit or support straight in its form; another entry opens to read.
    fn edit_entry(&mut self) {
        let Some(Screen::Timeline(t)) = self.screens.last() else {
            return;
        };
        let id = t.student_id;
        match t.selected_entry().map(|e| &e.what) {
            Some(EntryKind::Visit(v)) => {
                let visit = v.id;
                self.open_visit_form(id, Some(visit));
            }
            Some(EntryKind::Support(s)) => {
                let support = s.id;
                self.open_support_form(id, Some(support));
            }
            _ => self.open_entry(),
        }
    }

    /// Keys on an entry opened to read: scroll; the edit key opens a visit's or a
    /// support's form (and closes a case move or an edit, which have none); back closes.
    pub(crate) fn update_entry_popup(&mut self, action: Action) {
        let Some(Popup::Entry(view)) = self.popups.last() else {
            return;
        };
        let page = draw::help::inner_height(self.size);
        let max = draw::help::entry_line_count(self, view).saturating_sub(page);
        let record = view.record;
        let Some(Popup::Entry(view)) = self.popups.last_mut() else {
            return;
        };
        if let Some(to) = scrolled(view.scroll, action, page, max) {
            view.scroll = to;
            return;
        }
        match action {
            Action::Help => self.popups.push(Popup::Help {
                context: Context::Entry,
                scroll: 0,
            }),
            Action::Edit | Action::Open => {
                self.popups.pop();
                let Some(Screen::Timeline(t)) = self.screens.last() else {
                    return;
                };
                let student = t.student_id;
                match record {
                    Some((RecordKind::Visit, id)) => self.open_visit_form(student, Some(id)),
                    Some((RecordKind::Support, id)) => self.open_support_form(student, Some(id)),
                    // A case move or an edit has no form.
                    _ => {}
                }
            }
            Action::Back | Action::No => {
                self.popups.pop();
            }
            _ => {}
        }
    }

    /// Only visits and supports can be deleted: the other entries are the log's.
    fn ask_delete_entry(&mut self) {
        let Some(Screen::Timeline(t)) = self.screens.last() else {
            return;
        };
        let lang = self.lang;
        let Some(e) = t.selected_entry() else {
            return self.info(C::NothingSelected.get(lang).into());
        };
        let (kind, id, label) = match &e.what {
            EntryKind::Visit(v) => (
                RecordKind::Visit,
                v.id,
                C::DeleteVisit.fill(lang, &[&text::format_date(v.visited_on)]),
            ),
            EntryKind::Support(s) => (
                RecordKind::Support,
                s.id,
                C::DeleteSupport.fill(
                    lang,
                    &[
                        &crate::i18n::domain::support_type(lang, s.kind),
                        &text::format_date(e.day),
                    ],
                ),
            ),
            _ => return self.info(C::OnlyVisitsSupports.get(lang).into()),
        };
        self.popups
            .push(Popup::Confirm(Confirm::DeleteEntry { kind, id, label }));
    }

    pub(crate) fn delete_entry(&mut self, kind: RecordKind, id: Uuid, label: &str) {
        // Only visits and supports are asked about (see `ask_delete_entry`).
        if !matches!(kind, RecordKind::Visit | RecordKind::Support) {
            return;
        }
        // The deleted record may have been the first intervention.
        let written = self.commit_record_change(|store| match kind {
            RecordKind::Visit => store.delete_visit(id),
            RecordKind::Support => store.delete_support(id),
            _ => Ok(()),
        });
        if !written {
            return;
        }
        self.after_write(Select::Keep, C::EntryDeleted.fill(self.lang, &[&label]));
    }

    // --- Opening the forms ------------------------------------------------------------

    fn pupil_name(&self, id: Uuid) -> Option<String> {
        self.casebook.students.get(&id).map(|s| s.name.clone())
    }

    fn today_text(&self) -> String {
        text::format_date(self.today)
    }

    /// A new visit (today, by the teacher) or visit `visit` of the pupil to edit.
    pub(crate) fn open_visit_form(&mut self, student_id: Uuid, visit: Option<Uuid>) {
        let Some(name) = self.pupil_name(student_id) else {
            return self.pupil_gone(student_id);
        };
        let (input, id, opened) = match visit {
            None => {
                let input = VisitInput {
                    visited_on: self.today_text(),
                    visited_by: self.profile.as_ref().map(|p| p.teacher.clone()).unwrap_or_default(),
                    // A pupil on the class list is usually at school: the box is there to
                    // untick for one who is not.
                    attending_school: true,
                    ..VisitInput::default()
                };
                (input, Uuid::now_v7(), None)
            }
            Some(vid) => match self.casebook.visits_of(student_id).iter().find(|v| v.id == vid) {
                Some(v) => (VisitInput::from_visit(v), vid, Some(Box::new(v.clone()))),
                None => return self.error(C::EntryGone.get(self.lang).into()),
            },
        };
        let kind = FormKind::Visit {
            id,
            student_id,
            name,
            opened,
        };
        self.push_form(kind, case_forms::visit_form(&input));
    }

    /// A new support (planned today) or support `support` of the pupil to edit.
    pub(crate) fn open_support_form(&mut self, student_id: Uuid, support: Option<Uuid>) {
        let Some(name) = self.pupil_name(student_id) else {
            return self.pupil_gone(student_id);
        };
        let (input, id, opened) = match support {
            None => {
                let input = SupportInput {
                    kind: SupportType::Scholarship,
                    status: SupportStatus::Planned,
                    status_on: self.today_text(),
                    amount: String::new(),
                    provider: String::new(),
                    notes: String::new(),
                };
                (input, Uuid::now_v7(), None)
            }
            Some(sid) => match self.stored_support(student_id, sid) {
                Some(s) => (SupportInput::from_support(&s), sid, Some(Box::new(s))),
                None => return self.error(C::EntryGone.get(self.lang).into()),
            },
        };
        let kind = FormKind::Support {
            id,
            student_id,
            name,
            opened,
        };
        self.push_form(kind, case_forms::support_form(&input));
    }

    fn stored_support(&self, student_id: Uuid, id: Uuid) -> Option<Support> {
        self.casebook
            .supports_of(student_id)
            .iter()
            .find(|s| s.id == id)
            .cloned()
    }

    /// The moves the pupil's case allows; a pupil never identified has no case to move.
    pub(crate) fn open_case_form(&mut self, student_id: Uuid) {
        let Some(name) = self.pupil_name(student_id) else {
            return self.pupil_gone(student_id);
        };
        let Some(case) = self.casebook.case_of(student_id) else {
            return self.info(C::NoCase.fill(self.lang, &[&name]));
        };
        let form = case_forms::case_form(&case, &self.today_text());
        let stored = self.casebook.cases.contains_key(&student_id);
        let kind = FormKind::CaseMove {
            student_id,
            name,
            case,
            stored,
        };
        self.push_form(kind, form);
    }

    pub(crate) fn open_informed_form(&mut self, student_id: Uuid) {
        let Some(name) = self.pupil_name(student_id) else {
            return self.pupil_gone(student_id);
        };
        let opened = self.casebook.informed.get(&student_id).cloned();
        let input = opened.as_ref().map(InformedInput::from_informed).unwrap_or_default();
        self.push_form(
            FormKind::Informed {
                student_id,
                name,
                opened,
            },
            case_forms::informed_form(&input),
        );
    }

    /// The support form's status changed: its date follows, unless the teacher typed one.
    /// It becomes the date the stored support reached that status, else today; so turning
    /// "planned" into "delivered" does not date the delivery on the day it was planned.
    pub(crate) fn support_status_changed(&mut self) {
        let Some(f) = self.form() else { return };
        let FormKind::Support { id, student_id, .. } = f.kind else {
            return;
        };
        let previous = self.stored_support(student_id, id);
        let today = self.today_text();
        let dated = |s: SupportStatus| previous.as_ref().and_then(|p| p.date_of(s)).map(text::format_date);
        let Some(f) = self.form_mut() else { return };
        let current = f.form.text(Field::StatusOn);
        let ours = current.trim().is_empty()
            || current == today
            || SupportStatus::ALL
                .iter()
                .any(|s| dated(*s).as_deref() == Some(current.as_str()));
        if ours {
            let status = case_forms::support_status(&f.form);
            let value = dated(status).unwrap_or(today);
            f.form.set_text(Field::StatusOn, &value);
        }
    }

    // --- Saving -----------------------------------------------------------------------

    /// Writes a change to a pupil's visits or supports (`write`), which the store saves with
    /// the pupil's case worked out again (its derived fields: the first intervention, the
    /// automatic move); `after_write` then reads the state again. False (and the error
    /// shown, the screen as it was) when the write failed.
    fn commit_record_change(&mut self, write: impl FnOnce(&Store) -> Result<(), StoreError>) -> bool {
        if let Err(e) = write(&self.store) {
            self.write_failed(&e);
            return false;
        }
        self.saved = true;
        true
    }

    pub(crate) fn save_visit(&mut self, id: Uuid, student_id: Uuid, name: &str, opened: Option<&Visit>) {
        let Some(f) = self.form() else { return };
        let visit = match case_forms::visit_input(&f.form).validate(id, student_id, self.today) {
            Ok(v) => v,
            Err(e) => return self.show_errors(e),
        };
        // A visit with an agreed action is an intervention: the store moves the case on.
        if !self.commit_record_change(|store| store.save_visit_over(opened, &visit)) {
            return;
        }
        self.screens.pop();
        let saved = C::VisitSaved.fill(self.lang, &[&name]);
        let message = self.before_identification(student_id, visit.intervention_on(), saved);
        self.after_write(Select::Record(id), message);
    }

    pub(crate) fn save_support(&mut self, id: Uuid, student_id: Uuid, name: &str, opened: Option<&Support>) {
        let Some(f) = self.form() else { return };
        let input = case_forms::support_input(&f.form);
        let support = match input.validate(id, student_id, opened, self.today) {
            Ok(s) => s,
            Err(e) => return self.show_errors(e),
        };
        // Referred or delivered, a support is an intervention: the store moves the case on.
        if !self.commit_record_change(|store| store.save_support_over(opened, &support)) {
            return;
        }
        self.screens.pop();
        let saved = C::SupportSaved.fill(self.lang, &[&name]);
        let message = self.before_identification(student_id, support.intervention_on(), saved);
        self.after_write(Select::Record(id), message);
    }

    /// `saved`, and why the intervention just saved (on `on`) does not count when it is
    /// dated before the child was identified: the teacher would otherwise wonder why the
    /// case and the reminders ignore it.
    fn before_identification(&self, student_id: Uuid, on: Option<chrono::NaiveDate>, saved: String) -> String {
        match (on, self.casebook.case_view(student_id)) {
            (Some(on), Some(case)) if !case.counts_intervention(on) => {
                let identified = text::format_date(case.identified_on);
                C::BeforeIdentified.fill(self.lang, &[&saved, &identified])
            }
            _ => saved,
        }
    }

    pub(crate) fn save_case_move(&mut self, student_id: Uuid, name: &str) {
        let Some(f) = self.form() else { return };
        let FormKind::CaseMove { case, stored, .. } = &f.kind else {
            return;
        };
        let book = &self.casebook;
        let (screening, days) = (book.screenings.get(&student_id), book.interventions_of(student_id));
        let moved = match case_forms::case_move_input(&f.form).apply(case, screening, &days, self.today) {
            Ok(HandMove::Case(c)) => c,
            // "No longer at risk" is a screening result: the pupil's status must say so too, or
            // the class list and the child-labour count would contradict the case. Ask first.
            Ok(HandMove::WithScreening { case, screening }) => {
                let (case, screening) = (Box::new(case), Box::new(screening));
                let name = name.to_string();
                self.popups
                    .push(Popup::Confirm(Confirm::CloseNotAtRisk { name, case, screening }));
                return;
            }
            Err(MoveFailure::Fields(e)) => return self.show_errors(e),
            Err(MoveFailure::Refused(e)) => return self.show_move_error(&e),
        };
        let opened = stored.then_some(case);
        if let Err(e) = self.store.save_edited(opened, &moved, None) {
            return self.write_failed(&e);
        }
        self.saved = true;
        self.screens.pop();
        let stage = crate::i18n::domain::stage(self.lang, moved.stage);
        self.after_write(Select::Newest, C::CaseSaved.fill(self.lang, &[&name, &stage]));
    }

    /// The teacher confirmed closing the case *no longer at risk* with a new screening
    /// result, *not at risk*, dated the same day: both are saved in one transaction.
    pub(crate) fn close_not_at_risk(&mut self, name: &str, case: &Case, screening: &Screening) {
        // Both worked out from the casebook's screening and case (see `Case::move_by_hand`).
        let opened = self.casebook.screenings.get(&screening.student_id).cloned();
        if !self.commit_screening(opened.as_ref(), screening, Some(case)) {
            return;
        }
        // The case form the question came from.
        if matches!(self.form().map(|f| &f.kind), Some(FormKind::CaseMove { .. })) {
            self.screens.pop();
        }
        let on = text::format_date(case.stage_on);
        self.after_write(Select::Newest, C::ClosedNotAtRisk.fill(self.lang, &[&name, &on]));
    }

    /// The workflow refused the move: its words go under the field they are about, and on
    /// the message line; everything typed stays. A re-opening refused while the pupil is
    /// screened not at risk names the key that re-screens.
    fn show_move_error(&mut self, e: &MoveError) {
        let msg = match e {
            MoveError::NotIdentified => {
                let key = self.key_for(Context::Detail, Action::Screen);
                C::ReopenNeedsScreening.fill(self.lang, &[&key])
            }
            _ => crate::i18n::domain::move_error(self.lang, e),
        };
        let field = FieldId::Domain(MoveFailure::field(e));
        if let Some(f) = self.form_mut() {
            f.form.show_other_error(field, msg.clone());
        }
        self.error(msg);
    }

    pub(crate) fn save_informed(&mut self, student_id: Uuid, name: &str, opened: Option<&Informed>) {
        let Some(f) = self.form() else { return };
        let informed = match case_forms::informed_input(&f.form).validate(student_id, self.today) {
            Ok(i) => i,
            Err(e) => return self.show_errors(e),
        };
        if let Err(e) = self.store.save_edited(opened, &informed, None) {
            return self.write_failed(&e);
        }
        self.saved = true;
        self.screens.pop();
        self.after_write(Select::Keep, C::InformedSaved.fill(self.lang, &[&name]));
    }
}
