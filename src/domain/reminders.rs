//! What the teacher must do next: overdue visits, visits due this week, cases with no
//! intervention yet or none in time. Pure; the TUI lists them and counts them in the
//! status bar.

use chrono::{Days, NaiveDate};
use uuid::Uuid;

use super::case::Case;
use super::casebook::Casebook;
use super::indicators::add_days;

/// Days ahead that count as "this week" (today and the six days after).
pub const DUE_SOON_DAYS: i64 = 7;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ReminderKind {
    /// The latest visit set a next visit before today, and no visit came since.
    VisitOverdue { due: NaiveDate },
    /// An open case with no intervention since it was (re)opened, past the limit.
    InterventionOverdue { opened_on: NaiveDate, deadline: NaiveDate },
    /// An open case with no intervention yet, still within the limit.
    NoInterventionYet { opened_on: NaiveDate, deadline: NaiveDate },
    /// A next visit due today or in the next six days.
    VisitDueSoon { due: NaiveDate },
    /// The screening and the case disagree (one says the child is not at risk, the other
    /// follows a case): two devices changed them at once and the dates do not say which
    /// is the later word (see `Case::agreeing_with`). The teacher decides; `since` is the
    /// later of the two dates.
    CheckStatus { since: NaiveDate },
}

/// A pupil's next home visit, on the day asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VisitDue {
    /// Due before that day, and no visit came since.
    Overdue(NaiveDate),
    /// Due that day or in the six days after.
    Soon(NaiveDate),
    /// Due later.
    Later(NaiveDate),
}

impl VisitDue {
    fn on(due: NaiveDate, today: NaiveDate) -> VisitDue {
        let soon = today
            .checked_add_days(Days::new(DUE_SOON_DAYS as u64))
            .unwrap_or(NaiveDate::MAX);
        if due < today {
            VisitDue::Overdue(due)
        } else if due < soon {
            VisitDue::Soon(due)
        } else {
            VisitDue::Later(due)
        }
    }

    pub fn day(self) -> NaiveDate {
        match self {
            VisitDue::Overdue(d) | VisitDue::Soon(d) | VisitDue::Later(d) => d,
        }
    }

    pub fn is_overdue(self) -> bool {
        matches!(self, VisitDue::Overdue(_))
    }
}

impl Casebook {
    /// The pupil's next home visit on `today`: the appointment the latest visit set (any
    /// later visit answered an earlier one's), none once the case is closed (a closed case
    /// is visited no more). A pupil without a case keeps the appointment they were given.
    /// The reminders and the pupil's page both read it.
    pub fn next_visit_due(&self, student: Uuid, today: NaiveDate) -> Option<VisitDue> {
        self.next_visit_with(student, self.case_view(student).as_deref(), today)
    }

    /// [`Casebook::next_visit_due`] given the pupil's case, already looked up.
    fn next_visit_with(&self, student: Uuid, case: Option<&Case>, today: NaiveDate) -> Option<VisitDue> {
        if case.is_some_and(|c| !c.stage.is_open()) {
            return None;
        }
        let due = self.visits_of(student).last()?.next_visit_on?;
        Some(VisitDue::on(due, today))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reminder {
    pub student_id: Uuid,
    pub kind: ReminderKind,
}

impl Reminder {
    pub fn overdue(&self) -> bool {
        matches!(
            self.kind,
            ReminderKind::VisitOverdue { .. } | ReminderKind::InterventionOverdue { .. }
        )
    }
}

/// Every reminder on `today`: overdue ones first (oldest first), then cases with no
/// intervention yet (nearest deadline first), then visits due this week (soonest first);
/// ties by pupil id. Closed cases get none; a pupil without a case still gets reminded of a
/// next visit they were given.
///
/// A case's deadline runs from when its current episode opened (`opened_on`): a re-opened
/// case gets the full limit again, and only interventions on or after that day meet it.
pub fn reminders(book: &Casebook, today: NaiveDate) -> Vec<Reminder> {
    let days = book.settings.intervention_days;
    let mut out = Vec::new();
    for &student_id in book.students.keys() {
        let case = book.case_view(student_id);
        if let (Some(c), Some(s)) = (case.as_deref(), book.screenings.get(&student_id))
            && super::invariants::status_disagrees(c, s)
        {
            let since = c.stage_on.max(s.screened_on);
            out.push(Reminder {
                student_id,
                kind: ReminderKind::CheckStatus { since },
            });
        }
        if case.as_ref().is_some_and(|c| !c.stage.is_open()) {
            continue;
        }
        let kind = match book.next_visit_with(student_id, case.as_deref(), today) {
            Some(VisitDue::Overdue(due)) => Some(ReminderKind::VisitOverdue { due }),
            Some(VisitDue::Soon(due)) => Some(ReminderKind::VisitDueSoon { due }),
            Some(VisitDue::Later(_)) | None => None,
        };
        out.extend(kind.map(|kind| Reminder { student_id, kind }));
        let Some(case) = case else {
            continue;
        };
        let opened_on = case.opened_on;
        let intervened = book.first_intervention_from(student_id, opened_on).is_some();
        if !intervened {
            let deadline = add_days(opened_on, days);
            let kind = if today > deadline {
                ReminderKind::InterventionOverdue { opened_on, deadline }
            } else {
                ReminderKind::NoInterventionYet { opened_on, deadline }
            };
            out.push(Reminder { student_id, kind });
        }
    }
    out.sort_by_key(order);
    out
}

/// Overdue first (by the day it fell due, oldest first), then no intervention yet
/// (nearest deadline), then due soon (soonest); ties by pupil, then by kind.
fn order(r: &Reminder) -> (u8, NaiveDate, Uuid, ReminderKind) {
    let (group, day) = match r.kind {
        ReminderKind::VisitOverdue { due } | ReminderKind::CheckStatus { since: due } => (0, due),
        ReminderKind::InterventionOverdue { deadline, .. } => (0, deadline),
        ReminderKind::NoInterventionYet { deadline, .. } => (1, deadline),
        ReminderKind::VisitDueSoon { due } => (2, due),
    };
    (group, day, r.student_id, r.kind)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testkit::{d, pupil, screen, support, today, visit};
    use crate::domain::{Case, CloseReason, Decision, Stage, SupportStatus, SupportType};

    fn kinds(book: &Casebook) -> Vec<ReminderKind> {
        reminders(book, today()).into_iter().map(|r| r.kind).collect()
    }

    /// A pupil with no case and one visit that set the next one for `due`.
    fn appointment(due: NaiveDate) -> Casebook {
        let mut book = Casebook::default();
        let id = pupil(&mut book, 1);
        let mut v = visit(id, 1, d(2026, 11, 1));
        v.next_visit_on = Some(due);
        book.put_visit(v);
        book
    }

    #[test]
    fn a_next_visit_is_overdue_the_day_after_and_due_soon_for_a_week() {
        let yesterday = d(2026, 11, 27);
        assert_eq!(
            kinds(&appointment(yesterday)),
            [ReminderKind::VisitOverdue { due: yesterday }]
        );
        for due in [today(), d(2026, 12, 4)] {
            assert_eq!(kinds(&appointment(due)), [ReminderKind::VisitDueSoon { due }], "{due}");
        }
        // Today + 7 is next week.
        assert_eq!(kinds(&appointment(d(2026, 12, 5))), []);
        assert!(reminders(&appointment(yesterday), today())[0].overdue());
        assert!(!reminders(&appointment(today()), today())[0].overdue());
    }

    #[test]
    fn the_next_visit_is_the_latest_visits_appointment_while_the_case_is_open() {
        let mut book = appointment(d(2026, 11, 27));
        let id = *book.students.keys().next().unwrap();
        let due = |book: &Casebook, on| book.next_visit_due(id, on);
        assert_eq!(due(&book, today()), Some(VisitDue::Overdue(d(2026, 11, 27))));
        assert_eq!(due(&book, d(2026, 11, 27)), Some(VisitDue::Soon(d(2026, 11, 27))));
        // "This week": today and the six days after.
        assert_eq!(due(&book, d(2026, 11, 21)), Some(VisitDue::Soon(d(2026, 11, 27))));
        assert_eq!(due(&book, d(2026, 11, 20)), Some(VisitDue::Later(d(2026, 11, 27))));
        assert!(due(&book, today()).unwrap().is_overdue());
        // A later visit with no appointment answers it: none is due.
        book.put_visit(visit(id, 2, d(2026, 11, 28)));
        assert_eq!(due(&book, today()), None);
        // A closed case has none.
        let mut v = visit(id, 3, d(2026, 11, 28));
        v.next_visit_on = Some(d(2026, 12, 20));
        book.put_visit(v);
        screen(&mut book, id, Decision::AtRisk, d(2026, 11, 1), &[]);
        assert_eq!(due(&book, today()), Some(VisitDue::Later(d(2026, 12, 20))));
        let case = book.case_of(id).unwrap();
        let closed = case.move_to(Stage::Closed, today(), Some(CloseReason::MovedSchool), None, today());
        book.put_case(closed.unwrap());
        assert_eq!(due(&book, today()), None);
    }

    #[test]
    fn a_later_visit_answers_an_earlier_appointment() {
        let mut book = appointment(d(2026, 11, 10));
        let id = *book.students.keys().next().unwrap();
        book.put_visit(visit(id, 2, d(2026, 11, 12)));
        assert_eq!(kinds(&book), []);
        // And its own appointment is the one that stands.
        let mut v = visit(id, 2, d(2026, 11, 12));
        v.next_visit_on = Some(d(2026, 11, 26));
        book.put_visit(v);
        assert_eq!(kinds(&book), [ReminderKind::VisitOverdue { due: d(2026, 11, 26) }]);
    }

    /// A pupil screened at risk on `on` (an implicit case, opened that day).
    fn identified(on: NaiveDate) -> (Casebook, Uuid) {
        let mut book = Casebook::default();
        let id = pupil(&mut book, 1);
        screen(&mut book, id, Decision::AtRisk, on, &[]);
        (book, id)
    }

    #[test]
    fn no_intervention_is_overdue_from_day_n_plus_1() {
        // Opened 21/11: the deadline, 28/11, is today: not yet overdue.
        let opened_on = d(2026, 11, 21);
        let (book, _) = identified(opened_on);
        let deadline = today();
        assert_eq!(kinds(&book), [ReminderKind::NoInterventionYet { opened_on, deadline }]);
        // Opened a day earlier: overdue since today.
        let opened_on = d(2026, 11, 20);
        let (book, _) = identified(opened_on);
        let deadline = d(2026, 11, 27);
        assert_eq!(
            kinds(&book),
            [ReminderKind::InterventionOverdue { opened_on, deadline }]
        );
        // The limit is the settings'.
        let (mut book, _) = identified(opened_on);
        book.settings.intervention_days = 8;
        assert_eq!(
            kinds(&book),
            [ReminderKind::NoInterventionYet {
                opened_on,
                deadline: today()
            }]
        );
    }

    #[test]
    fn a_referred_support_or_an_agreed_visit_is_an_intervention_a_planned_one_is_not() {
        let (mut book, id) = identified(d(2026, 11, 10));
        book.put_support(support(
            id,
            1,
            SupportType::Scholarship,
            SupportStatus::Planned,
            d(2026, 11, 12),
        ));
        book.put_support(support(
            id,
            2,
            SupportType::Meals,
            SupportStatus::Declined,
            d(2026, 11, 13),
        ));
        book.put_visit(visit(id, 1, d(2026, 11, 14)));
        assert!(matches!(kinds(&book)[..], [ReminderKind::InterventionOverdue { .. }]));
        book.put_support(support(
            id,
            3,
            SupportType::Counselling,
            SupportStatus::Referred,
            d(2026, 11, 25),
        ));
        assert_eq!(kinds(&book), []);

        let (mut book, id) = identified(d(2026, 11, 10));
        let mut v = visit(id, 1, d(2026, 11, 14));
        v.agreed = "Bố mẹ không cho em đi làm thuê".into();
        book.put_visit(v);
        assert_eq!(kinds(&book), []);
    }

    #[test]
    fn a_closed_case_gets_no_reminder() {
        let (mut book, id) = identified(d(2026, 10, 1));
        let mut v = visit(id, 1, d(2026, 10, 2));
        v.next_visit_on = Some(d(2026, 10, 20));
        book.put_visit(v);
        assert_eq!(reminders(&book, today()).len(), 2);
        let case = book.case_of(id).unwrap();
        book.put_case(
            case.move_to(
                Stage::Closed,
                d(2026, 10, 5),
                Some(CloseReason::MovedSchool),
                None,
                today(),
            )
            .unwrap(),
        );
        assert_eq!(kinds(&book), []);
    }

    #[test]
    fn a_re_opened_case_runs_a_new_deadline_from_the_re_opening() {
        let (mut book, id) = identified(d(2026, 9, 1));
        let mut v = visit(id, 1, d(2026, 9, 3));
        v.agreed = "Em đi học lại".into();
        book.put_visit(v);
        let case = Case::new(id, d(2026, 9, 1))
            .record_intervention(d(2026, 9, 3))
            .move_to(
                Stage::Closed,
                d(2026, 10, 1),
                Some(CloseReason::NoLongerAtRisk),
                None,
                today(),
            )
            .unwrap()
            .move_to(Stage::Identified, d(2026, 11, 25), None, None, today())
            .unwrap();
        assert_eq!(case.first_intervention_on, Some(d(2026, 9, 3)));
        book.put_case(case);
        // September's intervention was the last episode's.
        let opened_on = d(2026, 11, 25);
        assert_eq!(
            kinds(&book),
            [ReminderKind::NoInterventionYet {
                opened_on,
                deadline: d(2026, 12, 2)
            }]
        );
        assert_eq!(
            reminders(&book, d(2026, 12, 3))[0].kind,
            ReminderKind::InterventionOverdue {
                opened_on,
                deadline: d(2026, 12, 2)
            }
        );
        book.put_support(support(
            id,
            1,
            SupportType::Counselling,
            SupportStatus::Delivered,
            d(2026, 11, 26),
        ));
        assert_eq!(kinds(&book), []);
    }

    #[test]
    fn overdue_first_oldest_first_then_pending_then_due_soon() {
        let mut book = Casebook::default();
        let a = pupil(&mut book, 1);
        let b = pupil(&mut book, 2);
        let c = pupil(&mut book, 3);
        let e = pupil(&mut book, 4);
        // a: identified 1/11 (overdue since 9/11) and a visit due in two days.
        screen(&mut book, a, Decision::AtRisk, d(2026, 11, 1), &[]);
        let mut v = visit(a, 1, d(2026, 11, 20));
        v.next_visit_on = Some(d(2026, 11, 30));
        book.put_visit(v);
        // b: a visit overdue since 5/11, and nothing else (no case).
        let mut v = visit(b, 2, d(2026, 10, 20));
        v.next_visit_on = Some(d(2026, 11, 5));
        book.put_visit(v);
        // c: identified 25/11 (deadline 2/12) and a visit due today.
        screen(&mut book, c, Decision::ChildLabour, d(2026, 11, 25), &[]);
        let mut v = visit(c, 3, d(2026, 11, 26));
        v.next_visit_on = Some(today());
        book.put_visit(v);
        // e: identified 23/11 (deadline 30/11).
        screen(&mut book, e, Decision::Trafficked, d(2026, 11, 23), &[]);
        let got: Vec<(Uuid, ReminderKind)> = reminders(&book, today())
            .into_iter()
            .map(|r| (r.student_id, r.kind))
            .collect();
        let want = vec![
            (b, ReminderKind::VisitOverdue { due: d(2026, 11, 5) }),
            (
                a,
                ReminderKind::InterventionOverdue {
                    opened_on: d(2026, 11, 1),
                    deadline: d(2026, 11, 8),
                },
            ),
            (
                e,
                ReminderKind::NoInterventionYet {
                    opened_on: d(2026, 11, 23),
                    deadline: d(2026, 11, 30),
                },
            ),
            (
                c,
                ReminderKind::NoInterventionYet {
                    opened_on: d(2026, 11, 25),
                    deadline: d(2026, 12, 2),
                },
            ),
            (c, ReminderKind::VisitDueSoon { due: today() }),
            (a, ReminderKind::VisitDueSoon { due: d(2026, 11, 30) }),
        ];
        assert_eq!(got, want);
    }
}
