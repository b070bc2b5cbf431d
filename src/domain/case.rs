//! The case of a pupil who is at risk, in child labour or trafficked: identified →
//! intervening → monitoring → closed (with a reason), and re-opened when needed. The moves
//! allowed are rules here; the TUI only offers what [`Case::allowed_moves`] says.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::record::{Record, RecordKind, Value};

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
    /// visit with an agreed action. Kept once set (an earlier one found later replaces it).
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
        todo!("domain helper")
    }

    /// The case moved to `to` on `on` (a close needs `reason`). Re-opening starts a new
    /// episode (`opened_on = on`) and clears the reason; the first intervention is kept.
    pub fn move_to(
        &self,
        to: Stage,
        on: NaiveDate,
        reason: Option<CloseReason>,
        today: NaiveDate,
    ) -> Result<Case, MoveError> {
        todo!("domain helper: {to:?} {on} {reason:?} {today}")
    }

    /// The case after an intervention on `on`: the first intervention is set (or moved
    /// earlier), and a case still at `Identified` moves to `Intervening` on that day.
    pub fn record_intervention(&self, on: NaiveDate) -> Case {
        todo!("domain helper: {on}")
    }
}

impl Record for Case {
    const KIND: RecordKind = RecordKind::Case;
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
}
