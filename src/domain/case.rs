//! The case of a pupil who is at risk, in child labour or trafficked: identified →
//! intervening → monitoring → closed (with a reason), and re-opened when needed. The moves
//! allowed are rules here; the TUI only offers what [`Case::allowed_moves`] says.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::record::{FieldMap, FieldReader, Record, RecordKind, Value};
use super::screening::{Decision, Screening};

/// Stored by code: never rename a code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Stage {
    Identified,
    Intervening,
    Monitoring,
    Closed,
}

impl Stage {
    pub const ALL: [Stage; 4] = [Stage::Identified, Stage::Intervening, Stage::Monitoring, Stage::Closed];
    pub fn code(self) -> &'static str {
        match self {
            Stage::Identified => "identified",
            Stage::Intervening => "intervening",
            Stage::Monitoring => "monitoring",
            Stage::Closed => "closed",
        }
    }
    pub fn from_code(code: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.code() == code)
    }
    pub fn is_open(self) -> bool {
        self != Stage::Closed
    }
}

/// Why a case was closed. Stored by code: never rename a code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum CloseReason {
    NoLongerAtRisk,
    MovedSchool,
    FinishedSchool,
    Other,
}

impl CloseReason {
    pub const ALL: [CloseReason; 4] = [
        CloseReason::NoLongerAtRisk,
        CloseReason::MovedSchool,
        CloseReason::FinishedSchool,
        CloseReason::Other,
    ];
    pub fn code(self) -> &'static str {
        match self {
            CloseReason::NoLongerAtRisk => "no_longer_at_risk",
            CloseReason::MovedSchool => "moved_school",
            CloseReason::FinishedSchool => "finished_school",
            CloseReason::Other => "other",
        }
    }
    pub fn from_code(code: &str) -> Option<CloseReason> {
        CloseReason::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// A pupil's case, keyed by the pupil (one case a pupil; re-opening continues it). The
/// change log keeps every move.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    pub student_id: Uuid,
    pub stage: Stage,
    /// When the child was first identified (from the screening).
    pub identified_on: NaiveDate,
    /// When the current episode began: the identification, or the latest re-opening.
    pub opened_on: NaiveDate,
    /// The date of the latest move (of the current stage).
    pub stage_on: NaiveDate,
    /// The first intervention ever: the first support referred or delivered, or the first
    /// visit with an agreed action. Derived from the records: recomputed whenever a visit or
    /// a support is saved or deleted (see [`Case::after_records`]).
    pub first_intervention_on: Option<NaiveDate>,
    /// Set while the case is closed.
    pub close_reason: Option<CloseReason>,
    pub notes: String,
}

/// Why a move was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MoveError {
    /// The workflow does not allow this move.
    NotAllowed { from: Stage, to: Stage },
    /// Closing needs a reason.
    NeedsReason,
    /// A move can't be dated before the current stage began.
    BeforeCurrentStage { since: NaiveDate },
    /// A move can't be dated in the future.
    InFuture,
    /// Identified → intervening needs an intervention on record in the current episode:
    /// the reminders and the indicators read the records, not the stage.
    NoIntervention,
    /// Re-opening while the pupil's screening says *not at risk*: the case would be open for
    /// a child the class list shows not at risk. A new screening that identifies the child
    /// re-opens it (see [`after_screening`]).
    NotIdentified,
    /// Closing *no longer at risk* before the current screening (on `screened_on`): the
    /// result *not at risk* saved with the close would go back in time and replace a later
    /// finding.
    BeforeScreening { screened_on: NaiveDate },
}

impl Case {
    /// A new case at `Identified`, on the day of identification.
    pub fn new(student_id: Uuid, identified_on: NaiveDate) -> Case {
        Case {
            student_id,
            stage: Stage::Identified,
            identified_on,
            opened_on: identified_on,
            stage_on: identified_on,
            first_intervention_on: None,
            close_reason: None,
            notes: String::new(),
        }
    }

    /// Where the case may move from its stage: identified → intervening or closed;
    /// intervening → monitoring or closed; monitoring → intervening (back) or closed;
    /// closed → identified (re-opening).
    pub fn allowed_moves(&self) -> &'static [Stage] {
        match self.stage {
            Stage::Identified => &[Stage::Intervening, Stage::Closed],
            Stage::Intervening => &[Stage::Monitoring, Stage::Closed],
            Stage::Monitoring => &[Stage::Intervening, Stage::Closed],
            Stage::Closed => &[Stage::Identified],
        }
    }

    /// The case moved to `to` on `on` (a close needs `reason`). Re-opening starts a new
    /// episode (`opened_on = on`) and clears the reason; the first intervention is kept.
    ///
    /// `last_intervention_on` is the pupil's latest intervention on record: identified →
    /// intervening is refused unless it is in the current episode (on or after
    /// `opened_on`), as a stage moved by hand would otherwise disagree with the reminders.
    /// Monitoring → intervening (back) needs none.
    pub fn move_to(
        &self,
        to: Stage,
        on: NaiveDate,
        reason: Option<CloseReason>,
        last_intervention_on: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Result<Case, MoveError> {
        if !self.allowed_moves().contains(&to) {
            return Err(MoveError::NotAllowed { from: self.stage, to });
        }
        if self.stage == Stage::Identified
            && to == Stage::Intervening
            && last_intervention_on.is_none_or(|d| d < self.opened_on)
        {
            return Err(MoveError::NoIntervention);
        }
        if to == Stage::Closed && reason.is_none() {
            return Err(MoveError::NeedsReason);
        }
        if on > today {
            return Err(MoveError::InFuture);
        }
        // Same day is fine: a case can be identified and closed (or re-opened) on one day.
        if on < self.stage_on {
            return Err(MoveError::BeforeCurrentStage { since: self.stage_on });
        }
        let mut next = self.clone();
        next.stage = to;
        next.stage_on = on;
        next.close_reason = if to == Stage::Closed { reason } else { None };
        if self.stage == Stage::Closed {
            next.opened_on = on;
        }
        Ok(next)
    }

    /// The case after an intervention on `on`: the first intervention is set (or moved
    /// earlier), and a case still at `Identified` moves to `Intervening` on that day.
    ///
    /// An intervention dated before the child was identified is not the case's: it changes
    /// nothing (see [`Case::counts_intervention`]). Only an intervention in the current
    /// episode (on or after `opened_on`) moves the stage: one dated before a re-opening
    /// belongs to the earlier episode. A closed case stays closed.
    pub fn record_intervention(&self, on: NaiveDate) -> Case {
        let mut next = self.clone();
        if !self.counts_intervention(on) {
            return next;
        }
        next.first_intervention_on = Some(self.first_intervention_on.map_or(on, |f| f.min(on)));
        if self.stage == Stage::Identified && on >= self.opened_on {
            next.stage = Stage::Intervening;
            // Never before the current stage began (the same rule as `move_to`).
            next.stage_on = on.max(self.stage_on);
        }
        next
    }
}

/// What saving a move typed on the case form writes (see [`Case::move_by_hand`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HandMove {
    /// The case alone.
    Case(Case),
    /// Closing *no longer at risk* a case whose screening still identifies the child: the
    /// screening result that says so is saved with it, in one write (the interface asks
    /// first).
    WithScreening { case: Case, screening: Screening },
}

impl Case {
    /// The move typed on the case form: to `to` on `on` (`reason` when closing), given the
    /// pupil's current screening and interventions on record (`days`, oldest first). Beyond
    /// [`Case::move_to`]'s rules, the pupil's status and the case must agree:
    /// - re-opening is refused while the screening says *not at risk*
    ///   ([`MoveError::NotIdentified`]): a new screening that identifies the child re-opens
    ///   the case;
    /// - closing *no longer at risk* while the screening identifies the child comes with the
    ///   screening result that says so, *not at risk*, dated that day; so it is refused
    ///   before the current screening's date ([`MoveError::BeforeScreening`]).
    pub fn move_by_hand(
        &self,
        to: Stage,
        on: NaiveDate,
        reason: Option<CloseReason>,
        screening: Option<&Screening>,
        days: &[NaiveDate],
        today: NaiveDate,
    ) -> Result<HandMove, MoveError> {
        let identified = screening.map(|s| s.decision.is_identified());
        if self.stage == Stage::Closed && to == Stage::Identified && identified == Some(false) {
            return Err(MoveError::NotIdentified);
        }
        let moved = self.move_to(to, on, reason, days.last().copied(), today)?;
        let Some(s) = screening.filter(|s| s.decision.is_identified()) else {
            return Ok(HandMove::Case(moved));
        };
        if moved.close_reason != Some(CloseReason::NoLongerAtRisk) {
            return Ok(HandMove::Case(moved));
        }
        if on < s.screened_on {
            return Err(MoveError::BeforeScreening {
                screened_on: s.screened_on,
            });
        }
        let screening = Screening {
            screened_on: on,
            decision: Decision::NotAtRisk,
            identified_on: None,
            ..s.clone()
        };
        // The case the screening result gives, by the one rule a re-screening follows too.
        // `move_to` allowed this close on this day, so the rule closes the case that day.
        match after_screening(Some(self), Some(s), &screening, days, today) {
            AfterScreening::Closed(case) => Ok(HandMove::WithScreening { case, screening }),
            _ => Err(MoveError::NotAllowed { from: self.stage, to }),
        }
    }
}

impl Case {
    /// Whether an intervention on `day` is this case's: only from the day the child was
    /// identified. A home visit or a support before that was not a response to the case
    /// (nothing was known yet), so it is neither its first intervention nor "in time", and
    /// the case, the reminders, the dashboard and the reports all leave it out.
    pub fn counts_intervention(&self, day: NaiveDate) -> bool {
        day >= self.identified_on
    }

    /// The case made to agree with the pupil's screening where the screening is the later
    /// word, as saving a screening keeps it (see [`after_screening`]): a screening that says
    /// *not at risk*, dated on or after the case's current stage, closes the open case *no
    /// longer at risk* that day; one that identifies the child, dated after a closing *no
    /// longer at risk*, re-opens the case that day. Locally the two are saved together and
    /// always agree; after a merge they can come from two devices (one screened the child
    /// while the other moved the case), and every device settles them the same way from the
    /// merged records alone. A case whose current stage is dated after the screening is the
    /// later word and stays as it is (`invariants::contradictions` then names it, for the
    /// teacher to look at).
    pub fn agreeing_with(&self, screening: Option<&Screening>) -> Case {
        let Some(s) = screening else {
            return self.clone();
        };
        let identified = s.decision.is_identified();
        let mut next = self.clone();
        if self.stage.is_open() && !identified && s.screened_on >= self.stage_on {
            next.stage = Stage::Closed;
            next.stage_on = s.screened_on;
            next.close_reason = Some(CloseReason::NoLongerAtRisk);
        } else if self.stage == Stage::Closed
            && self.close_reason == Some(CloseReason::NoLongerAtRisk)
            && identified
            && s.screened_on > self.stage_on
        {
            next.stage = Stage::Identified;
            next.opened_on = s.screened_on;
            next.stage_on = s.screened_on;
            next.close_reason = None;
        }
        next
    }

    /// The case given the pupil's interventions on record (`days`, oldest first, as
    /// [`Casebook::interventions_of`](super::Casebook::interventions_of) lists them): the
    /// derived fields recomputed. The first intervention is the first of them on or after
    /// identification (`None` when none is left), and a case still at `Identified` moves
    /// to `Intervening` on its first intervention in the current episode, as
    /// [`Case::record_intervention`] does. A stage is never moved back.
    ///
    /// Called after every write that changes the pupil's visits, supports or screening, and
    /// on every case when a notebook is loaded, so a case saved by an older sotay follows
    /// today's rule.
    pub fn after_records(&self, days: &[NaiveDate]) -> Case {
        let mut next = match days.iter().find(|d| **d >= self.opened_on) {
            Some(&on) if self.stage == Stage::Identified => self.record_intervention(on),
            _ => self.clone(),
        };
        next.first_intervention_on = days.iter().copied().find(|d| self.counts_intervention(*d));
        next
    }
}

/// What saving a screening does to the pupil's case, so that the pupil's status, the
/// counts by decision and the case never contradict each other.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AfterScreening {
    /// The case (if any) stays as it is.
    Unchanged,
    /// A child identified for the first time: a new case, identified that day.
    Opened(Case),
    /// A case nothing has happened to yet follows a corrected identification date.
    Redated(Case),
    /// The screening now says *not at risk*: the open case closes, *no longer at risk*, on
    /// the screening's date.
    Closed(Case),
    /// A child found *not at risk* before is identified again: the closed case re-opens on
    /// the screening's date.
    Reopened(Case),
}

impl AfterScreening {
    /// The case to save with the screening, if it changes.
    pub fn case(&self) -> Option<&Case> {
        match self {
            AfterScreening::Unchanged => None,
            AfterScreening::Opened(c)
            | AfterScreening::Redated(c)
            | AfterScreening::Closed(c)
            | AfterScreening::Reopened(c) => Some(c),
        }
    }
}

/// The pupil's case after `screening` replaces `previous` (the pupil's stored screening),
/// given the pupil's case as the casebook shows it (stored, or implicit:
/// [`Casebook::case_view`](super::Casebook::case_view)) and the pupil's interventions on
/// record (oldest first):
/// - a child identified with no case yet gets one;
/// - a case still at *identified* and never re-opened follows a corrected identification
///   date (its derived fields recomputed for the new date);
/// - a screening that says *not at risk* closes an open case, *no longer at risk*, on the
///   screening's date (never before the current stage began), whatever stage it is at:
///   a pupil found not at risk has no open case;
/// - a screening that identifies a child found *not at risk* before (by the previous
///   screening, or by a case closed *no longer at risk*) re-opens the closed case on the
///   screening's date. A case closed for another reason (moved school, say) with the child
///   still identified stays closed when the screening is saved again.
///
/// Closing a case *no longer at risk* from the case's own form goes through here too
/// ([`Case::move_by_hand`]): the interface asks for the new screening result and saves it
/// with the case this gives.
pub fn after_screening(
    case: Option<&Case>,
    previous: Option<&Screening>,
    screening: &Screening,
    days: &[NaiveDate],
    today: NaiveDate,
) -> AfterScreening {
    let id = screening.student_id;
    let identified = screening.decision.is_identified();
    let identified_on = screening.identified_on.unwrap_or(screening.screened_on);
    let Some(case) = case else {
        return match identified {
            true => AfterScreening::Opened(Case::new(id, identified_on).after_records(days)),
            false => AfterScreening::Unchanged,
        };
    };
    let on = screening.screened_on.max(case.stage_on);
    if !identified {
        if !case.stage.is_open() {
            return AfterScreening::Unchanged;
        }
        return case
            .move_to(Stage::Closed, on, Some(CloseReason::NoLongerAtRisk), None, today)
            .map_or(AfterScreening::Unchanged, AfterScreening::Closed);
    }
    // Found not at risk before: by the previous screening, or by the case's own close (an
    // older sotay closed "no longer at risk" without a screening result to say so).
    let was_not_at_risk =
        previous.is_some_and(|p| !p.decision.is_identified()) || case.close_reason == Some(CloseReason::NoLongerAtRisk);
    if !case.stage.is_open() {
        if !was_not_at_risk {
            return AfterScreening::Unchanged;
        }
        return case
            .move_to(Stage::Identified, on, None, None, today)
            .map_or(AfterScreening::Unchanged, |c| {
                AfterScreening::Reopened(c.after_records(days))
            });
    }
    let untouched = case.stage == Stage::Identified && case.opened_on == case.identified_on;
    if untouched && case.identified_on != identified_on {
        let redated = Case {
            identified_on,
            opened_on: identified_on,
            stage_on: identified_on,
            ..case.clone()
        };
        return AfterScreening::Redated(redated.after_records(days));
    }
    AfterScreening::Unchanged
}

impl Record for Case {
    const KIND: RecordKind = RecordKind::Case;
    /// A stage is only valid with the dates and the close reason of the move that set it:
    /// one device's stage with another's dates could close a case without a reason, or date
    /// a move before its episode opened.
    const GROUPS: &'static [&'static [&'static str]] =
        &[&["stage", "identified_on", "opened_on", "stage_on", "close_reason"]];
    /// Recomputed from the pupil's visits and supports ([`Case::after_records`]): another
    /// device's value was computed from records this device may not have yet.
    const DERIVED: &'static [&'static str] = &["first_intervention_on"];
    /// Keyed by the pupil, like the screening, so devices merge field by field.
    fn id(&self) -> Uuid {
        self.student_id
    }
    fn fields(&self) -> Vec<(&'static str, Value)> {
        vec![
            ("stage", self.stage.code().into()),
            ("identified_on", self.identified_on.into()),
            ("opened_on", self.opened_on.into()),
            ("stage_on", self.stage_on.into()),
            ("first_intervention_on", self.first_intervention_on.into()),
            ("close_reason", self.close_reason.map(CloseReason::code).into()),
            ("notes", (&self.notes).into()),
        ]
    }
    fn from_fields(id: Uuid, fields: &FieldMap) -> Option<Case> {
        let f = FieldReader(fields);
        Some(Case {
            student_id: id,
            stage: f.req("stage", |v| v.code(Stage::from_code))?,
            identified_on: f.req("identified_on", Value::date)?,
            opened_on: f.req("opened_on", Value::date)?,
            stage_on: f.req("stage_on", Value::date)?,
            first_intervention_on: f.opt("first_intervention_on", Value::date)?,
            close_reason: f.opt("close_reason", |v| v.code(CloseReason::from_code))?,
            notes: f.text_or_empty("notes")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testkit::{d, today};

    fn case_at(stage: Stage, stage_on: NaiveDate) -> Case {
        let mut c = Case::new(Uuid::from_u128(5), d(2026, 9, 10));
        c.stage = stage;
        c.stage_on = stage_on;
        if stage == Stage::Closed {
            c.close_reason = Some(CloseReason::MovedSchool);
        }
        c
    }

    #[test]
    fn stage_and_reason_codes_round_trip() {
        for s in Stage::ALL {
            assert_eq!(Stage::from_code(s.code()), Some(s));
        }
        for r in CloseReason::ALL {
            assert_eq!(CloseReason::from_code(r.code()), Some(r));
        }
        assert_eq!(CloseReason::from_code("Other"), None);
    }

    #[test]
    fn a_case_agrees_with_a_later_screening_and_stays_when_it_is_the_later_word() {
        use crate::domain::testkit::every_screening;
        let screened = |decision, on| Screening {
            decision,
            screened_on: on,
            identified_on: decision.is_identified().then_some(on),
            ..every_screening()[0].clone()
        };
        let open = case_at(Stage::Intervening, d(2026, 10, 1));
        // Found not at risk after the case's stage began: closed that day.
        let closed = open.agreeing_with(Some(&screened(Decision::NotAtRisk, d(2026, 10, 5))));
        assert_eq!(
            (closed.stage, closed.stage_on, closed.close_reason),
            (Stage::Closed, d(2026, 10, 5), Some(CloseReason::NoLongerAtRisk))
        );
        // Identified again after that closing: re-opened that day.
        let reopened = closed.agreeing_with(Some(&screened(Decision::AtRisk, d(2026, 10, 9))));
        assert_eq!(
            (reopened.stage, reopened.opened_on, reopened.close_reason),
            (Stage::Identified, d(2026, 10, 9), None)
        );
        // A screening dated before the case's stage is not the later word.
        let earlier = screened(Decision::NotAtRisk, d(2026, 9, 20));
        assert_eq!(open.agreeing_with(Some(&earlier)), open);
        assert_eq!(
            closed.agreeing_with(Some(&screened(Decision::AtRisk, d(2026, 10, 5)))),
            closed
        );
        assert_eq!(open.agreeing_with(None), open);
    }

    #[test]
    fn the_allowed_moves_are_the_workflow() {
        use Stage::*;
        let want: [(Stage, &[Stage]); 4] = [
            (Identified, &[Intervening, Closed]),
            (Intervening, &[Monitoring, Closed]),
            (Monitoring, &[Intervening, Closed]),
            (Closed, &[Identified]),
        ];
        for (from, to) in want {
            assert_eq!(case_at(from, d(2026, 10, 1)).allowed_moves(), to, "{from:?}");
        }
    }

    #[test]
    fn every_move_outside_the_workflow_is_refused() {
        let on = d(2026, 11, 1);
        let mut refused = 0;
        for from in Stage::ALL {
            let c = case_at(from, d(2026, 10, 1));
            for to in Stage::ALL {
                let r = c.move_to(to, on, Some(CloseReason::Other), Some(on), today());
                if c.allowed_moves().contains(&to) {
                    assert_eq!(r.as_ref().map(|n| n.stage), Ok(to), "{from:?} -> {to:?}");
                } else {
                    assert_eq!(r, Err(MoveError::NotAllowed { from, to }), "{from:?} -> {to:?}");
                    refused += 1;
                }
            }
        }
        // 16 pairs, 7 allowed.
        assert_eq!(refused, 9);
    }

    #[test]
    fn closing_needs_a_reason_and_keeps_it() {
        let c = case_at(Stage::Intervening, d(2026, 10, 1));
        assert_eq!(
            c.move_to(Stage::Closed, d(2026, 11, 1), None, None, today()),
            Err(MoveError::NeedsReason)
        );
        let closed = c
            .move_to(
                Stage::Closed,
                d(2026, 11, 1),
                Some(CloseReason::NoLongerAtRisk),
                None,
                today(),
            )
            .unwrap();
        assert_eq!(closed.close_reason, Some(CloseReason::NoLongerAtRisk));
        assert_eq!(closed.stage_on, d(2026, 11, 1));
        assert!(!closed.stage.is_open());
        // A reason given for another move is not kept.
        let m = c
            .move_to(
                Stage::Monitoring,
                d(2026, 11, 1),
                Some(CloseReason::Other),
                None,
                today(),
            )
            .unwrap();
        assert_eq!(m.close_reason, None);
    }

    #[test]
    fn moves_are_dated_between_the_current_stage_and_today() {
        let since = d(2026, 10, 1);
        let c = case_at(Stage::Intervening, since);
        assert_eq!(
            c.move_to(Stage::Monitoring, d(2026, 9, 30), None, None, today()),
            Err(MoveError::BeforeCurrentStage { since })
        );
        assert_eq!(
            c.move_to(Stage::Monitoring, since, None, None, today())
                .unwrap()
                .stage_on,
            since
        );
        assert_eq!(
            c.move_to(Stage::Monitoring, today(), None, None, today())
                .unwrap()
                .stage_on,
            today()
        );
        assert_eq!(
            c.move_to(Stage::Monitoring, d(2026, 11, 29), None, None, today()),
            Err(MoveError::InFuture)
        );
    }

    #[test]
    fn re_opening_starts_an_episode_and_keeps_the_first_intervention() {
        let mut c = case_at(Stage::Closed, d(2026, 10, 20));
        c.first_intervention_on = Some(d(2026, 9, 12));
        let reopened = c
            .move_to(Stage::Identified, d(2026, 11, 20), None, None, today())
            .unwrap();
        assert_eq!(reopened.stage, Stage::Identified);
        assert_eq!(reopened.opened_on, d(2026, 11, 20));
        assert_eq!(reopened.stage_on, d(2026, 11, 20));
        assert_eq!(reopened.identified_on, d(2026, 9, 10));
        assert_eq!(reopened.close_reason, None);
        assert_eq!(reopened.first_intervention_on, Some(d(2026, 9, 12)));
        // Moving on within an episode does not change when it opened.
        let moved = reopened
            .move_to(
                Stage::Intervening,
                d(2026, 11, 22),
                None,
                Some(d(2026, 11, 21)),
                today(),
            )
            .unwrap();
        assert_eq!(moved.opened_on, d(2026, 11, 20));
    }

    #[test]
    fn identified_to_intervening_needs_an_intervention_in_the_episode() {
        let c = Case::new(Uuid::from_u128(5), d(2026, 9, 10));
        let on = d(2026, 9, 20);
        let to = |last| c.move_to(Stage::Intervening, on, None, last, today()).map(|n| n.stage);
        assert_eq!(to(None), Err(MoveError::NoIntervention));
        assert_eq!(to(Some(d(2026, 9, 9))), Err(MoveError::NoIntervention));
        // On the day the episode opened is in it.
        assert_eq!(to(Some(d(2026, 9, 10))), Ok(Stage::Intervening));
        // A re-opened case: an intervention before the re-opening belongs to the old episode.
        let mut closed = case_at(Stage::Closed, d(2026, 10, 20));
        closed.first_intervention_on = Some(d(2026, 9, 12));
        let reopened = closed
            .move_to(Stage::Identified, d(2026, 11, 20), None, Some(d(2026, 11, 19)), today())
            .unwrap();
        let to = |last| reopened.move_to(Stage::Intervening, today(), None, last, today());
        assert_eq!(to(Some(d(2026, 11, 19))), Err(MoveError::NoIntervention));
        assert_eq!(to(Some(d(2026, 11, 20))).map(|n| n.stage), Ok(Stage::Intervening));
        // Back from monitoring needs none.
        let m = case_at(Stage::Monitoring, d(2026, 10, 1));
        assert!(m.move_to(Stage::Intervening, today(), None, None, today()).is_ok());
    }

    #[test]
    fn the_first_intervention_follows_the_records() {
        let c = Case::new(Uuid::from_u128(5), d(2026, 9, 10));
        let moved = c.after_records(&[d(2026, 9, 2), d(2026, 9, 14), d(2026, 10, 2)]);
        // One before identification (10/09) is not the case's: not its first intervention,
        // and it does not move the stage.
        assert_eq!(moved.first_intervention_on, Some(d(2026, 9, 14)));
        assert_eq!((moved.stage, moved.stage_on), (Stage::Intervening, d(2026, 9, 14)));
        // A visit's date corrected later: the first intervention moves later too.
        let later = moved.after_records(&[d(2026, 10, 20)]);
        assert_eq!(later.first_intervention_on, Some(d(2026, 10, 20)));
        // The only intervention deleted: none left; the stage is not moved back.
        let none = moved.after_records(&[]);
        assert_eq!(none.first_intervention_on, None);
        assert_eq!((none.stage, none.stage_on), (Stage::Intervening, d(2026, 9, 14)));
        // Only before identification: nothing changes.
        let old = c.after_records(&[d(2026, 9, 2)]);
        assert_eq!((old.stage, old.first_intervention_on), (Stage::Identified, None));
        // On the identification day counts.
        let same = c.after_records(&[d(2026, 9, 10)]);
        assert_eq!(
            (same.stage, same.first_intervention_on),
            (Stage::Intervening, Some(d(2026, 9, 10)))
        );
    }

    #[test]
    fn an_intervention_moves_an_identified_case_on_and_is_kept() {
        let c = Case::new(Uuid::from_u128(5), d(2026, 9, 10));
        let first = c.record_intervention(d(2026, 9, 14));
        assert_eq!(first.stage, Stage::Intervening);
        assert_eq!(first.stage_on, d(2026, 9, 14));
        assert_eq!(first.first_intervention_on, Some(d(2026, 9, 14)));
        // A later one changes nothing; an earlier one found later replaces the first.
        assert_eq!(first.record_intervention(d(2026, 10, 1)), first);
        let earlier = first.record_intervention(d(2026, 9, 11));
        assert_eq!(earlier.first_intervention_on, Some(d(2026, 9, 11)));
        assert_eq!(earlier.stage_on, d(2026, 9, 14));
        // Monitoring and closed cases keep their stage.
        let m = case_at(Stage::Monitoring, d(2026, 10, 1)).record_intervention(d(2026, 10, 5));
        assert_eq!((m.stage, m.stage_on), (Stage::Monitoring, d(2026, 10, 1)));
        let closed = case_at(Stage::Closed, d(2026, 10, 1)).record_intervention(d(2026, 10, 5));
        assert_eq!(closed.stage, Stage::Closed);
    }

    #[test]
    fn an_intervention_before_a_re_opening_does_not_move_the_new_episode() {
        let mut c = case_at(Stage::Closed, d(2026, 10, 20));
        c.first_intervention_on = Some(d(2026, 9, 12));
        let reopened = c
            .move_to(Stage::Identified, d(2026, 11, 20), None, None, today())
            .unwrap();
        let old = reopened.record_intervention(d(2026, 10, 1));
        assert_eq!(old.stage, Stage::Identified);
        assert_eq!(old.first_intervention_on, Some(d(2026, 9, 12)));
        let new = reopened.record_intervention(d(2026, 11, 21));
        assert_eq!((new.stage, new.stage_on), (Stage::Intervening, d(2026, 11, 21)));
        assert_eq!(new.first_intervention_on, Some(d(2026, 9, 12)));
    }

    fn screening(decision: Decision, on: NaiveDate) -> Screening {
        Screening {
            student_id: Uuid::from_u128(5),
            screened_on: on,
            factors: Default::default(),
            decision,
            identified_on: decision.is_identified().then_some(on),
            notes: String::new(),
        }
    }

    #[test]
    fn a_screening_keeps_status_and_case_in_agreement() {
        use Decision::{AtRisk, ChildLabour, NotAtRisk};
        let at_risk = screening(AtRisk, d(2026, 9, 10));
        // Identified for the first time: a case, moved on at once by an intervention of the
        // day (one before identification is not the case's).
        let opened = after_screening(None, None, &at_risk, &[d(2026, 9, 1), d(2026, 9, 12)], today());
        let AfterScreening::Opened(c) = opened else {
            panic!("{opened:?}")
        };
        assert_eq!(
            (c.stage, c.first_intervention_on),
            (Stage::Intervening, Some(d(2026, 9, 12)))
        );
        assert_eq!(
            after_screening(None, None, &screening(NotAtRisk, d(2026, 9, 10)), &[], today()),
            AfterScreening::Unchanged
        );

        // Not at risk any more: the open case closes on the screening's day, whatever its
        // stage, never before its stage began.
        let intervening = Case::new(Uuid::from_u128(5), d(2026, 9, 10)).record_intervention(d(2026, 9, 12));
        let not_at_risk = screening(NotAtRisk, d(2026, 11, 2));
        let closed = after_screening(
            Some(&intervening),
            Some(&at_risk),
            &not_at_risk,
            &[d(2026, 9, 12)],
            today(),
        );
        let AfterScreening::Closed(c) = closed else {
            panic!("{closed:?}")
        };
        assert_eq!(
            (c.stage, c.stage_on, c.close_reason),
            (Stage::Closed, d(2026, 11, 2), Some(CloseReason::NoLongerAtRisk))
        );
        let early = screening(NotAtRisk, d(2026, 9, 11));
        let c = after_screening(Some(&intervening), Some(&at_risk), &early, &[], today());
        assert_eq!(c.case().map(|c| c.stage_on), Some(d(2026, 9, 12)));

        // Identified again after "not at risk": the closed case re-opens that day.
        let again = screening(ChildLabour, d(2026, 11, 20));
        let reopened = after_screening(
            Some(c.case().unwrap()),
            Some(&early),
            &again,
            &[d(2026, 9, 12)],
            today(),
        );
        let AfterScreening::Reopened(r) = reopened else {
            panic!("{reopened:?}")
        };
        assert_eq!(
            (r.stage, r.opened_on, r.close_reason),
            (Stage::Identified, d(2026, 11, 20), None)
        );
        // A case closed for another reason with the child still identified stays closed
        // when the screening is saved again (its notes edited, say).
        let moved = case_at(Stage::Closed, d(2026, 10, 20));
        assert_eq!(
            after_screening(Some(&moved), Some(&again), &again, &[], today()),
            AfterScreening::Unchanged
        );
    }

    #[test]
    fn a_case_re_opens_by_hand_only_while_the_screening_identifies_the_child() {
        use Decision::{AtRisk, NotAtRisk};
        // Closed for another reason, then found not at risk (which leaves a closed case
        // closed): re-opening would leave an open case for a pupil not at risk.
        let moved = case_at(Stage::Closed, d(2026, 10, 20));
        let reopen = |s: Option<&Screening>| {
            moved
                .move_by_hand(Stage::Identified, d(2026, 11, 20), None, s, &[], today())
                .map(|m| match m {
                    HandMove::Case(c) => c.stage,
                    other => panic!("{other:?}"),
                })
        };
        let not_at_risk = screening(NotAtRisk, d(2026, 11, 1));
        assert_eq!(reopen(Some(&not_at_risk)), Err(MoveError::NotIdentified));
        assert_eq!(reopen(Some(&screening(AtRisk, d(2026, 11, 1)))), Ok(Stage::Identified));
        // The other moves are the workflow's alone.
        let open = case_at(Stage::Monitoring, d(2026, 10, 1));
        let m = open.move_by_hand(
            Stage::Intervening,
            d(2026, 11, 1),
            None,
            Some(&not_at_risk),
            &[],
            today(),
        );
        assert!(matches!(m, Ok(HandMove::Case(_))), "{m:?}");
    }

    #[test]
    fn a_corrected_identification_date_moves_a_case_nothing_happened_to() {
        use Decision::AtRisk;
        let stored = Case::new(Uuid::from_u128(5), d(2026, 9, 10));
        let earlier = screening(AtRisk, d(2026, 9, 1));
        // The visit of 05/09 was before the old date; from 01/09 it is the case's.
        let r = after_screening(
            Some(&stored),
            Some(&screening(AtRisk, d(2026, 9, 10))),
            &earlier,
            &[d(2026, 9, 5)],
            today(),
        );
        let AfterScreening::Redated(c) = r else { panic!("{r:?}") };
        assert_eq!((c.identified_on, c.opened_on), (d(2026, 9, 1), d(2026, 9, 1)));
        assert_eq!(
            (c.stage, c.first_intervention_on),
            (Stage::Intervening, Some(d(2026, 9, 5)))
        );
        // A case already moved on keeps its dates.
        let on = stored.record_intervention(d(2026, 9, 12));
        assert_eq!(
            after_screening(Some(&on), Some(&earlier), &earlier, &[], today()),
            AfterScreening::Unchanged
        );
    }

    #[test]
    fn a_case_is_rebuilt_from_its_fields() {
        use crate::domain::testkit::{assert_rebuilt, every_case, rebuilt_with, required_fields};
        for c in every_case() {
            assert_rebuilt(&c);
        }
        let c = &every_case()[0];
        assert_eq!(required_fields(c), ["stage", "identified_on", "opened_on", "stage_on"]);
        assert_eq!(rebuilt_with(c, "stage", Some("Closed".into())), None);
        assert_eq!(rebuilt_with(c, "close_reason", Some("bored".into())), None);
    }
}
