//! Everything the case rules read, in memory and grouped by pupil: pupils, screenings,
//! cases, visits, supports, sessions, informed marks and the settings. The store loads it
//! once (`Store::casebook`); the TUI keeps it in step after each save, so the dashboard,
//! the reminders and the timeline never scan the store.

use std::borrow::Cow;
use std::collections::HashMap;

use chrono::NaiveDate;
use uuid::Uuid;

use super::awareness::{Informed, Session};
use super::case::Case;
use super::screening::Screening;
use super::settings::Settings;
use super::student::Student;
use super::support::Support;
use super::visit::Visit;

#[derive(Clone, Debug, Default)]
pub struct Casebook {
    pub settings: Settings,
    pub students: HashMap<Uuid, Student>,
    pub screenings: HashMap<Uuid, Screening>,
    /// Stored cases, by pupil. A pupil identified by a screening but with no stored case
    /// has an implicit one: see [`Casebook::case_of`].
    pub cases: HashMap<Uuid, Case>,
    /// By pupil, oldest visit first (by date, then id).
    pub visits: HashMap<Uuid, Vec<Visit>>,
    /// By pupil, in the order they were created (by id: ids are UUIDv7).
    pub supports: HashMap<Uuid, Vec<Support>>,
    /// Oldest first (by date, then id).
    pub sessions: Vec<Session>,
    pub informed: HashMap<Uuid, Informed>,
}

impl Casebook {
    /// Builds a casebook from lists of records (in any order), sorting each pupil's.
    #[allow(clippy::too_many_arguments)]
    pub fn from_records(
        settings: Settings,
        students: Vec<Student>,
        screenings: Vec<Screening>,
        cases: Vec<Case>,
        visits: Vec<Visit>,
        supports: Vec<Support>,
        sessions: Vec<Session>,
        informed: Vec<Informed>,
    ) -> Casebook {
        let mut book = Casebook {
            settings,
            students: students.into_iter().map(|s| (s.id, s)).collect(),
            screenings: screenings.into_iter().map(|s| (s.student_id, s)).collect(),
            cases: cases.into_iter().map(|c| (c.student_id, c)).collect(),
            informed: informed.into_iter().map(|i| (i.student_id, i)).collect(),
            sessions,
            ..Casebook::default()
        };
        for v in visits {
            book.visits.entry(v.student_id).or_default().push(v);
        }
        for s in supports {
            book.supports.entry(s.student_id).or_default().push(s);
        }
        book.visits.values_mut().for_each(|v| v.sort_by_key(visit_order));
        book.supports.values_mut().for_each(|s| s.sort_by_key(|s| s.id));
        book.sessions.sort_by_key(session_order);
        book
    }

    /// The pupil's case: the stored one, else an implicit one at `Identified` when the
    /// screening identified the child (from before cases were kept), else none. An implicit
    /// case's first intervention is read from the records, as a stored one's is kept.
    pub fn case_of(&self, student: Uuid) -> Option<Case> {
        self.case_view(student).map(Cow::into_owned)
    }

    /// [`Casebook::case_of`] without copying a stored case: the indicators and reminders
    /// look at every pupil, and should not allocate for each.
    pub(crate) fn case_view(&self, student: Uuid) -> Option<Cow<'_, Case>> {
        self.case_with(student, self.screenings.get(&student))
    }

    /// [`Casebook::case_view`] given the pupil's screening, already looked up.
    pub(crate) fn case_with<'a>(&'a self, student: Uuid, screening: Option<&Screening>) -> Option<Cow<'a, Case>> {
        if let Some(c) = self.cases.get(&student) {
            return Some(Cow::Borrowed(c));
        }
        let s = screening?;
        if !s.decision.is_identified() {
            return None;
        }
        let case = Case::new(student, s.identified_on.unwrap_or(s.screened_on));
        // The same derived fields a stored case keeps (`Case::after_records`), without
        // listing every intervention: the indicators ask this of every implicit case.
        Some(Cow::Owned(
            match self.first_intervention_from(student, case.identified_on) {
                Some(first) => case.record_intervention(first),
                None => case,
            },
        ))
    }

    /// The day of the pupil's first intervention on record on or after `since`, without
    /// listing them all.
    pub fn first_intervention_from(&self, student: Uuid, since: NaiveDate) -> Option<NaiveDate> {
        // Visits are oldest first: the first with an agreed action is the earliest.
        let visit = self
            .visits_of(student)
            .iter()
            .filter_map(Visit::intervention_on)
            .find(|d| *d >= since);
        let support = self
            .supports_of(student)
            .iter()
            .filter_map(Support::intervention_on)
            .filter(|d| *d >= since)
            .min();
        match (visit, support) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// A copy holding only the pupil's visits and supports (and case and screening), to
    /// work out what a change to them does before it is saved.
    pub fn records_of(&self, student: Uuid) -> Casebook {
        let mut book = Casebook {
            settings: self.settings,
            ..Casebook::default()
        };
        book.screenings
            .extend(self.screenings.get(&student).map(|s| (student, s.clone())));
        book.cases
            .extend(self.cases.get(&student).map(|c| (student, c.clone())));
        book.visits.insert(student, self.visits_of(student).to_vec());
        book.supports.insert(student, self.supports_of(student).to_vec());
        book
    }

    pub fn visits_of(&self, student: Uuid) -> &[Visit] {
        self.visits.get(&student).map_or(&[], Vec::as_slice)
    }

    pub fn supports_of(&self, student: Uuid) -> &[Support] {
        self.supports.get(&student).map_or(&[], Vec::as_slice)
    }

    /// The days of the pupil's interventions (visits with an agreed action, supports
    /// referred or delivered), oldest first.
    pub fn interventions_of(&self, student: Uuid) -> Vec<NaiveDate> {
        intervention_days(self.visits_of(student).iter(), self.supports_of(student).iter())
    }

    /// Recomputes every stored case's derived fields from the records
    /// ([`Case::after_records`]): done once when a notebook is loaded, so cases saved by an
    /// older sotay, under an older rule, are counted by today's. In memory only: nothing is
    /// written back, so a stored case's derived fields may be stale on disk, and every
    /// reader of the store recomputes them (through `Store::casebook`).
    pub fn rederive_cases(&mut self) {
        let ids: Vec<Uuid> = self.cases.keys().copied().collect();
        for id in ids {
            let days = self.interventions_of(id);
            let screening = self.screenings.get(&id).cloned();
            if let Some(c) = self.cases.get_mut(&id) {
                *c = c.agreeing_with(screening.as_ref()).after_records(&days);
            }
        }
    }

    // Keeping it in step after a save: each replaces or removes one record, keeping the
    // orders documented on the fields.
    pub fn put_student(&mut self, s: Student) {
        self.students.insert(s.id, s);
    }
    /// Removes the pupil and everything of theirs, and takes them off the sessions' lists.
    pub fn remove_student(&mut self, id: Uuid) {
        self.students.remove(&id);
        self.screenings.remove(&id);
        self.cases.remove(&id);
        self.visits.remove(&id);
        self.supports.remove(&id);
        self.informed.remove(&id);
        for s in &mut self.sessions {
            s.students.remove(&id);
        }
    }
    pub fn put_screening(&mut self, s: Screening) {
        self.screenings.insert(s.student_id, s);
    }
    pub fn put_case(&mut self, c: Case) {
        self.cases.insert(c.student_id, c);
    }
    pub fn put_visit(&mut self, v: Visit) {
        // A visit's pupil never changes, but be safe: drop it wherever it was.
        for list in self.visits.values_mut() {
            list.retain(|x| x.id != v.id);
        }
        let list = self.visits.entry(v.student_id).or_default();
        list.push(v);
        list.sort_by_key(visit_order);
    }
    pub fn remove_visit(&mut self, student: Uuid, id: Uuid) {
        if let Some(list) = self.visits.get_mut(&student) {
            list.retain(|v| v.id != id);
        }
    }
    pub fn put_support(&mut self, s: Support) {
        for list in self.supports.values_mut() {
            list.retain(|x| x.id != s.id);
        }
        let list = self.supports.entry(s.student_id).or_default();
        list.push(s);
        list.sort_by_key(|s| s.id);
    }
    pub fn remove_support(&mut self, student: Uuid, id: Uuid) {
        if let Some(list) = self.supports.get_mut(&student) {
            list.retain(|s| s.id != id);
        }
    }
    pub fn put_session(&mut self, s: Session) {
        self.sessions.retain(|x| x.id != s.id);
        self.sessions.push(s);
        self.sessions.sort_by_key(session_order);
    }
    pub fn remove_session(&mut self, id: Uuid) {
        self.sessions.retain(|s| s.id != id);
    }
    pub fn put_informed(&mut self, i: Informed) {
        self.informed.insert(i.student_id, i);
    }
}

fn visit_order(v: &Visit) -> (NaiveDate, Uuid) {
    (v.visited_on, v.id)
}

fn session_order(s: &Session) -> (NaiveDate, Uuid) {
    (s.held_on, s.id)
}

/// The days of a pupil's interventions, oldest first: each visit with an agreed action and
/// each support referred or delivered. Also what sync recomputes a case from after an apply.
pub fn intervention_days<'a>(
    visits: impl Iterator<Item = &'a Visit>,
    supports: impl Iterator<Item = &'a Support>,
) -> Vec<NaiveDate> {
    let mut days: Vec<NaiveDate> = visits
        .filter_map(Visit::intervention_on)
        .chain(supports.filter_map(Support::intervention_on))
        .collect();
    days.sort();
    days
}
