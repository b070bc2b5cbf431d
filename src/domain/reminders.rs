//! What the teacher must do next: overdue visits, visits due this week, cases with no
//! intervention yet or none in time. Pure; the TUI lists them and counts them in the
//! status bar.

use chrono::NaiveDate;
use uuid::Uuid;

use super::casebook::Casebook;

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
pub fn reminders(book: &Casebook, today: NaiveDate) -> Vec<Reminder> {
    todo!("domain helper: {} {today}", book.students.len())
}
