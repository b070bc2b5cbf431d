//! The case follow-up's forms: a home visit, a support, a case move and the informed marks.
//! Each turns the domain's input into a form and back; the domain validates (a case move is
//! checked by `Case::move_to`), the form only keeps what was typed.

use chrono::NaiveDate;

use super::form::{Form, Pick, check, pick, text};
use crate::domain::validation as v;
use crate::domain::{
    Case, CloseReason, Field, FieldErrors, HandMove, InformedInput, MoveError, Screening, Sector, Stage, SupportInput,
    SupportStatus, SupportType, VisitInput,
};

pub fn visit_form(input: &VisitInput) -> Form {
    let sectors = std::iter::once(Pick::Sector(None))
        .chain(Sector::ALL.map(|s| Pick::Sector(Some(s))))
        .collect();
    Form::new(vec![
        text(Field::VisitedOn, &input.visited_on, true),
        text(Field::VisitedBy, &input.visited_by, false),
        text(Field::Met, &input.met, false),
        check(Field::Working, input.working),
        text(Field::Employer, &input.employer, false),
        pick(Field::Sector, sectors, Pick::Sector(input.sector)),
        text(Field::HoursPerWeek, &input.hours_per_week, false),
        check(Field::Hazardous, input.hazardous),
        check(Field::AttendingSchool, input.attending_school),
        text(Field::Findings, &input.findings, false),
        text(Field::Agreed, &input.agreed, false),
        text(Field::NextVisitOn, &input.next_visit_on, false),
    ])
}

pub fn visit_input(form: &Form) -> VisitInput {
    VisitInput {
        visited_on: form.text(Field::VisitedOn),
        visited_by: form.text(Field::VisitedBy),
        met: form.text(Field::Met),
        working: form.is_checked(Field::Working),
        employer: form.text(Field::Employer),
        sector: match form.pick(Field::Sector) {
            Some(Pick::Sector(s)) => s,
            _ => None,
        },
        hours_per_week: form.text(Field::HoursPerWeek),
        hazardous: form.is_checked(Field::Hazardous),
        attending_school: form.is_checked(Field::AttendingSchool),
        findings: form.text(Field::Findings),
        agreed: form.text(Field::Agreed),
        next_visit_on: form.text(Field::NextVisitOn),
    }
}

pub fn support_form(input: &SupportInput) -> Form {
    Form::new(vec![
        pick(
            Field::SupportType,
            SupportType::ALL.map(Pick::SupportType).to_vec(),
            Pick::SupportType(input.kind),
        ),
        pick(
            Field::SupportStatus,
            SupportStatus::ALL.map(Pick::SupportStatus).to_vec(),
            Pick::SupportStatus(input.status),
        ),
        text(Field::StatusOn, &input.status_on, false),
        text(Field::Amount, &input.amount, false),
        text(Field::Provider, &input.provider, false),
        text(Field::Notes, &input.notes, false),
    ])
}

pub fn support_input(form: &Form) -> SupportInput {
    SupportInput {
        kind: match form.pick(Field::SupportType) {
            Some(Pick::SupportType(t)) => t,
            _ => SupportType::Other,
        },
        status: support_status(form),
        status_on: form.text(Field::StatusOn),
        amount: form.text(Field::Amount),
        provider: form.text(Field::Provider),
        notes: form.text(Field::Notes),
    }
}

pub(crate) fn support_status(form: &Form) -> SupportStatus {
    match form.pick(Field::SupportStatus) {
        Some(Pick::SupportStatus(s)) => s,
        _ => SupportStatus::Planned,
    }
}

/// A case move as typed: where to, on which day, why (when closing), and the case's notes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseMoveInput {
    pub stage: Stage,
    pub stage_on: String,
    pub reason: Option<CloseReason>,
    pub notes: String,
}

/// Why a move was not saved: a field the form checks, or the workflow's refusal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MoveFailure {
    Fields(FieldErrors),
    Refused(MoveError),
}

impl MoveFailure {
    /// The field a refusal is shown under.
    pub fn field(e: &MoveError) -> Field {
        match e {
            MoveError::NotAllowed { .. } | MoveError::NoIntervention | MoveError::NotIdentified => Field::Stage,
            MoveError::NeedsReason => Field::CloseReason,
            MoveError::BeforeCurrentStage { .. } | MoveError::InFuture | MoveError::BeforeScreening { .. } => {
                Field::StageOn
            }
        }
    }
}

impl CaseMoveInput {
    /// What saving the move writes; the reason counts only when closing. The date takes
    /// `d/m/yyyy` or "today"; the rest is `Case::move_by_hand`'s to decide, given the
    /// pupil's screening and interventions on record (`days`, oldest first).
    pub fn apply(
        &self,
        case: &Case,
        screening: Option<&Screening>,
        days: &[NaiveDate],
        today: NaiveDate,
    ) -> Result<HandMove, MoveFailure> {
        let mut e = FieldErrors::default();
        let on = v::date_or_today(
            &mut e,
            Field::StageOn,
            &self.stage_on,
            true,
            today,
            v::DateRange::Record,
        );
        let notes = v::notes(&mut e, Field::Notes, &self.notes);
        let Some(on) = on.filter(|_| e.is_empty()) else {
            return Err(MoveFailure::Fields(e));
        };
        let reason = self.reason.filter(|_| self.stage == Stage::Closed);
        let mut moved = case
            .move_by_hand(self.stage, on, reason, screening, days, today)
            .map_err(MoveFailure::Refused)?;
        match &mut moved {
            HandMove::Case(c) | HandMove::WithScreening { case: c, .. } => c.notes = notes,
        }
        Ok(moved)
    }
}

/// The stages `case` may move to (only those are offered), the day, the reason, the notes.
pub fn case_form(case: &Case, today: &str) -> Form {
    let stages: Vec<Pick> = case.allowed_moves().iter().map(|s| Pick::Stage(*s)).collect();
    let first = stages.first().copied().unwrap_or(Pick::Stage(case.stage));
    let reasons = std::iter::once(Pick::CloseReason(None))
        .chain(CloseReason::ALL.map(|r| Pick::CloseReason(Some(r))))
        .collect();
    Form::new(vec![
        pick(Field::Stage, stages, first),
        text(Field::StageOn, today, true),
        pick(Field::CloseReason, reasons, Pick::CloseReason(None)),
        text(Field::Notes, &case.notes, false),
    ])
}

pub fn case_move_input(form: &Form) -> CaseMoveInput {
    CaseMoveInput {
        stage: match form.pick(Field::Stage) {
            Some(Pick::Stage(s)) => s,
            _ => Stage::Identified,
        },
        stage_on: form.text(Field::StageOn),
        reason: match form.pick(Field::CloseReason) {
            Some(Pick::CloseReason(r)) => r,
            _ => None,
        },
        notes: form.text(Field::Notes),
    }
}

pub fn informed_form(input: &InformedInput) -> Form {
    Form::new(vec![
        text(Field::StudentInformedOn, &input.student_on, false),
        text(Field::ParentsInformedOn, &input.parents_on, false),
    ])
}

pub fn informed_input(form: &Form) -> InformedInput {
    InformedInput {
        student_on: form.text(Field::StudentInformedOn),
        parents_on: form.text(Field::ParentsInformedOn),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visit_form_round_trips() {
        let input = VisitInput {
            visited_on: "20/11/2026".into(),
            visited_by: "Cô Hà".into(),
            met: "Bà ngoại".into(),
            working: true,
            employer: "Xưởng mây tre đan".into(),
            sector: Some(Sector::Handicraft),
            hours_per_week: "25".into(),
            hazardous: true,
            attending_school: false,
            findings: "Em đan mây buổi tối.".into(),
            agreed: "Gia đình cho em nghỉ làm tối.".into(),
            next_visit_on: "04/12/2026".into(),
        };
        assert_eq!(visit_input(&visit_form(&input)), input);
        assert_eq!(visit_input(&visit_form(&VisitInput::default())), VisitInput::default());
    }

    #[test]
    fn support_form_round_trips() {
        let input = SupportInput {
            kind: SupportType::VocationalReferral,
            status: SupportStatus::Referred,
            status_on: "hôm nay".into(),
            amount: "1.500.000".into(),
            provider: "Trung tâm Giáo dục nghề nghiệp huyện".into(),
            notes: "Học nghề may.".into(),
        };
        assert_eq!(support_input(&support_form(&input)), input);
    }

    #[test]
    fn informed_form_round_trips() {
        let input = InformedInput {
            student_on: "20/11/2026".into(),
            parents_on: String::new(),
        };
        assert_eq!(informed_input(&informed_form(&input)), input);
    }
}
