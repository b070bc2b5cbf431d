//! What must hold between a pupil's status, case and records after any write, so that the
//! class list, the case, the reminders, the dashboard and the reports never tell different
//! stories about one child. The write paths keep these true; tests (and, later, sync after
//! applying another device's changes) check them with [`contradictions`].

use chrono::NaiveDate;
use uuid::Uuid;

use super::case::{Case, CloseReason, Stage};
use super::casebook::Casebook;
use super::screening::Screening;

/// One way a pupil's records disagree with each other.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Contradiction {
    /// The case is closed *no longer at risk*, but the screening still identifies the child
    /// (the class list and the child-labour count would say otherwise).
    ClosedNotAtRiskButIdentified,
    /// The screening says *not at risk*, but the case is open.
    OpenButNotAtRisk,
    /// The stored first intervention is not the one the records give.
    FirstIntervention {
        stored: Option<NaiveDate>,
        derived: Option<NaiveDate>,
    },
    /// The case waits at *identified* although an intervention of its episode is on record
    /// (the reminders would say it was intervened, the case that it was not).
    IdentifiedAfterIntervention { on: NaiveDate },
    /// The dates are out of order: identified ≤ opened ≤ stage.
    DatesOutOfOrder,
    /// A close reason without a close, or a close without a reason.
    CloseReason,
}

/// Whether the case and the screening tell different stories of the child's status: a case
/// closed *no longer at risk* while the screening identifies the child, or an open case
/// while it says *not at risk*. The write paths never make it; a merge of two devices'
/// concurrent changes can, and then the teacher is reminded to decide.
pub fn status_disagrees(case: &Case, screening: &Screening) -> bool {
    let identified = screening.decision.is_identified();
    match case.stage {
        Stage::Closed => case.close_reason == Some(CloseReason::NoLongerAtRisk) && identified,
        _ => !identified,
    }
}

/// Every contradiction in `book`, by pupil (ordered by pupil id, so a test's message is
/// stable). Empty when the notebook agrees with itself.
pub fn contradictions(book: &Casebook) -> Vec<(Uuid, Contradiction)> {
    let mut ids: Vec<Uuid> = book.students.keys().copied().collect();
    ids.sort();
    let mut out = Vec::new();
    for id in ids {
        let Some(case) = book.case_of(id) else {
            continue;
        };
        let mut found = |c| out.push((id, c));
        let closed = case.stage == Stage::Closed;
        if let Some(s) = book.screenings.get(&id)
            && status_disagrees(&case, s)
        {
            found(match closed {
                true => Contradiction::ClosedNotAtRiskButIdentified,
                false => Contradiction::OpenButNotAtRisk,
            });
        }
        // The derived fields as the write paths keep them: what the records give.
        let derived = case.after_records(&book.interventions_of(id));
        if case.first_intervention_on != derived.first_intervention_on {
            found(Contradiction::FirstIntervention {
                stored: case.first_intervention_on,
                derived: derived.first_intervention_on,
            });
        }
        if case.stage == Stage::Identified && derived.stage != Stage::Identified {
            found(Contradiction::IdentifiedAfterIntervention { on: derived.stage_on });
        }
        if !(case.identified_on <= case.opened_on && case.opened_on <= case.stage_on) {
            found(Contradiction::DatesOutOfOrder);
        }
        if closed != case.close_reason.is_some() {
            found(Contradiction::CloseReason);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testkit::{d, pupil, screen, visit};
    use crate::domain::{Case, Decision};

    #[test]
    fn each_disagreement_is_named() {
        let mut book = Casebook::default();
        let id = pupil(&mut book, 1);
        screen(&mut book, id, Decision::ChildLabour, d(2026, 10, 1), &[]);
        let mut agreed = visit(id, 1, d(2026, 10, 3));
        agreed.agreed = "Gia đình cho em nghỉ làm".into();
        book.put_visit(agreed);
        // Closed "no longer at risk" while still screened child labour; waiting at
        // identified with an intervention of its episode; first intervention not derived.
        let mut case = Case::new(id, d(2026, 10, 1));
        book.put_case(case.clone());
        assert_eq!(
            contradictions(&book),
            [
                (
                    id,
                    Contradiction::FirstIntervention {
                        stored: None,
                        derived: Some(d(2026, 10, 3))
                    }
                ),
                (id, Contradiction::IdentifiedAfterIntervention { on: d(2026, 10, 3) }),
            ]
        );
        case = case.record_intervention(d(2026, 10, 3));
        book.put_case(case.clone());
        assert_eq!(contradictions(&book), []);
        let closed = case
            .move_to(
                Stage::Closed,
                d(2026, 11, 1),
                Some(CloseReason::NoLongerAtRisk),
                None,
                d(2026, 11, 28),
            )
            .unwrap();
        book.put_case(closed);
        assert_eq!(
            contradictions(&book),
            [(id, Contradiction::ClosedNotAtRiskButIdentified)]
        );
        screen(&mut book, id, Decision::NotAtRisk, d(2026, 11, 1), &[]);
        assert_eq!(contradictions(&book), []);
        book.put_case(case);
        assert_eq!(contradictions(&book), [(id, Contradiction::OpenButNotAtRisk)]);
    }

    /// An older sotay closed cases "no longer at risk" without touching the screening:
    /// re-screening such a pupil at risk re-opens the case, as docs/indicators.md says.
    #[test]
    fn re_screening_settles_a_close_an_older_notebook_left_contradicting() {
        use crate::domain::{AfterScreening, after_screening};
        let mut book = Casebook::default();
        let id = pupil(&mut book, 1);
        screen(&mut book, id, Decision::AtRisk, d(2026, 10, 1), &[]);
        let closed = Case::new(id, d(2026, 10, 1))
            .move_to(
                Stage::Closed,
                d(2026, 11, 1),
                Some(CloseReason::NoLongerAtRisk),
                None,
                d(2026, 11, 28),
            )
            .unwrap();
        book.put_case(closed);
        assert_eq!(
            contradictions(&book),
            [(id, Contradiction::ClosedNotAtRiskButIdentified)]
        );
        let mut again = book.screenings[&id].clone();
        again.screened_on = d(2026, 11, 20);
        let effect = after_screening(
            book.cases.get(&id),
            book.screenings.get(&id),
            &again,
            &book.interventions_of(id),
            d(2026, 11, 28),
        );
        assert!(matches!(effect, AfterScreening::Reopened(_)), "{effect:?}");
        book.put_case(effect.case().unwrap().clone());
        book.put_screening(again);
        assert_eq!(contradictions(&book), []);
    }
}
