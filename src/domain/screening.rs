//! Screening a pupil for the risk of child labour: a checklist of risk factors gives an
//! explained, suggested risk level; the teacher decides the status.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::record::{FieldMap, FieldReader, Record, RecordKind, Value};
use super::validation::{self as v, Field, FieldErrors, Problem};

/// A risk factor of the checklist. Stored by name: never rename a variant's `code`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum RiskFactor {
    PoorHousehold,
    NearPoorHousehold,
    Orphan,
    SingleParent,
    ParentsWorkingAway,
    FrequentAbsence,
    FallingResults,
    WorksForFamily,
    WorksForOthers,
    SectorAgriculture,
    SectorHandicraft,
    SectorServices,
    SectorFactory,
    LongHours,
    HazardousWork,
    SignsOfTrafficking,
    DroppedOut,
}

impl RiskFactor {
    /// In checklist order: household, school, work, then the gravest signs.
    pub const ALL: [RiskFactor; 17] = [
        RiskFactor::PoorHousehold,
        RiskFactor::NearPoorHousehold,
        RiskFactor::Orphan,
        RiskFactor::SingleParent,
        RiskFactor::ParentsWorkingAway,
        RiskFactor::FrequentAbsence,
        RiskFactor::FallingResults,
        RiskFactor::WorksForFamily,
        RiskFactor::WorksForOthers,
        RiskFactor::SectorAgriculture,
        RiskFactor::SectorHandicraft,
        RiskFactor::SectorServices,
        RiskFactor::SectorFactory,
        RiskFactor::LongHours,
        RiskFactor::HazardousWork,
        RiskFactor::SignsOfTrafficking,
        RiskFactor::DroppedOut,
    ];

    pub fn code(self) -> &'static str {
        match self {
            RiskFactor::PoorHousehold => "poor_household",
            RiskFactor::NearPoorHousehold => "near_poor_household",
            RiskFactor::Orphan => "orphan",
            RiskFactor::SingleParent => "single_parent",
            RiskFactor::ParentsWorkingAway => "parents_working_away",
            RiskFactor::FrequentAbsence => "frequent_absence",
            RiskFactor::FallingResults => "falling_results",
            RiskFactor::WorksForFamily => "works_for_family",
            RiskFactor::WorksForOthers => "works_for_others",
            RiskFactor::SectorAgriculture => "sector_agriculture",
            RiskFactor::SectorHandicraft => "sector_handicraft",
            RiskFactor::SectorServices => "sector_services",
            RiskFactor::SectorFactory => "sector_factory",
            RiskFactor::LongHours => "long_hours",
            RiskFactor::HazardousWork => "hazardous_work",
            RiskFactor::SignsOfTrafficking => "signs_of_trafficking",
            RiskFactor::DroppedOut => "dropped_out",
        }
    }

    pub fn from_code(code: &str) -> Option<RiskFactor> {
        RiskFactor::ALL.into_iter().find(|f| f.code() == code)
    }

    /// How much the factor adds to the score. Documented in the README's screening section.
    pub fn weight(self) -> u32 {
        match self {
            RiskFactor::NearPoorHousehold
            | RiskFactor::SingleParent
            | RiskFactor::ParentsWorkingAway
            | RiskFactor::FallingResults
            | RiskFactor::SectorAgriculture
            | RiskFactor::SectorHandicraft
            | RiskFactor::SectorServices
            | RiskFactor::SectorFactory => 1,
            RiskFactor::PoorHousehold
            | RiskFactor::Orphan
            | RiskFactor::FrequentAbsence
            | RiskFactor::WorksForFamily => 2,
            RiskFactor::WorksForOthers | RiskFactor::LongHours | RiskFactor::DroppedOut => 3,
            RiskFactor::HazardousWork => 4,
            RiskFactor::SignsOfTrafficking => 5,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum RiskLevel {
    None,
    Low,
    Medium,
    High,
}

/// Why a level was suggested.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RiskReason {
    /// Signs of trafficking always mean high risk.
    SignsOfTrafficking,
    /// Heavy, hazardous or dangerous work always means high risk.
    HazardousWork,
    /// A child who dropped out is at high risk.
    DroppedOut,
    /// A working child working long hours is at high risk.
    WorkingLongHours,
    /// A working child is at least at medium risk.
    Working,
    /// The factors' weights add up to this score.
    Score(u32),
}

/// Scores at or above which the level rises.
pub const HIGH_SCORE: u32 = 7;
pub const MEDIUM_SCORE: u32 = 4;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RiskAssessment {
    pub level: RiskLevel,
    pub score: u32,
    /// The rules that produced the level, gravest first; the score is always last.
    pub reasons: Vec<RiskReason>,
}

/// Suggests a risk level from the checklist, with the reasons. It only suggests: the teacher
/// decides.
pub fn assess(factors: &BTreeSet<RiskFactor>) -> RiskAssessment {
    use RiskFactor as F;
    let score: u32 = factors.iter().map(|f| f.weight()).sum();
    let has = |f| factors.contains(&f);
    let working = has(F::WorksForFamily) || has(F::WorksForOthers);
    let mut reasons = Vec::new();
    if has(F::SignsOfTrafficking) {
        reasons.push(RiskReason::SignsOfTrafficking);
    }
    if has(F::HazardousWork) {
        reasons.push(RiskReason::HazardousWork);
    }
    if has(F::DroppedOut) {
        reasons.push(RiskReason::DroppedOut);
    }
    if working && has(F::LongHours) {
        reasons.push(RiskReason::WorkingLongHours);
    }
    let level = if !reasons.is_empty() || score >= HIGH_SCORE {
        RiskLevel::High
    } else if working || score >= MEDIUM_SCORE {
        RiskLevel::Medium
    } else if score > 0 {
        RiskLevel::Low
    } else {
        RiskLevel::None
    };
    if working && level == RiskLevel::Medium && score < MEDIUM_SCORE {
        reasons.push(RiskReason::Working);
    }
    reasons.push(RiskReason::Score(score));
    RiskAssessment { level, score, reasons }
}

/// The teacher's decision about a pupil.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Decision {
    NotAtRisk,
    AtRisk,
    ChildLabour,
    /// Trafficked for labour exploitation.
    Trafficked,
}

impl Decision {
    pub const ALL: [Decision; 4] = [
        Decision::NotAtRisk,
        Decision::AtRisk,
        Decision::ChildLabour,
        Decision::Trafficked,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Decision::NotAtRisk => "not_at_risk",
            Decision::AtRisk => "at_risk",
            Decision::ChildLabour => "child_labour",
            Decision::Trafficked => "trafficked",
        }
    }

    pub fn from_code(code: &str) -> Option<Decision> {
        Decision::ALL.into_iter().find(|d| d.code() == code)
    }

    /// The decision a level suggests.
    pub fn suggested(level: RiskLevel) -> Decision {
        match level {
            RiskLevel::None | RiskLevel::Low => Decision::NotAtRisk,
            RiskLevel::Medium | RiskLevel::High => Decision::AtRisk,
        }
    }

    /// Whether the child has been identified (and so has a case to follow).
    pub fn is_identified(self) -> bool {
        self != Decision::NotAtRisk
    }
}

/// A pupil's status on the roster: the decision of the latest screening, or unscreened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    Unscreened,
    NotAtRisk,
    AtRisk,
    ChildLabour,
    Trafficked,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Unscreened,
        Status::NotAtRisk,
        Status::AtRisk,
        Status::ChildLabour,
        Status::Trafficked,
    ];

    pub fn of(screening: Option<&Screening>) -> Status {
        match screening.map(|s| s.decision) {
            None => Status::Unscreened,
            Some(Decision::NotAtRisk) => Status::NotAtRisk,
            Some(Decision::AtRisk) => Status::AtRisk,
            Some(Decision::ChildLabour) => Status::ChildLabour,
            Some(Decision::Trafficked) => Status::Trafficked,
        }
    }
}

/// The current screening of a pupil (one a pupil; the change log keeps its history).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Screening {
    pub student_id: Uuid,
    pub screened_on: NaiveDate,
    pub factors: BTreeSet<RiskFactor>,
    pub decision: Decision,
    /// The date the child was identified as at risk, in child labour or trafficked.
    pub identified_on: Option<NaiveDate>,
    pub notes: String,
}

impl Screening {
    pub fn assessment(&self) -> RiskAssessment {
        assess(&self.factors)
    }
}

impl Record for Screening {
    const KIND: RecordKind = RecordKind::Screening;
    /// A decision is only valid with its dates and the factors it was made on: one device's
    /// decision with another's factors is a finding nobody made, and an identified child
    /// needs the date of identification.
    const GROUPS: &'static [&'static [&'static str]] = &[&["decision", "screened_on", "identified_on", "factors"]];
    /// A screening is keyed by its pupil, so two devices screening the same pupil merge
    /// field by field instead of making two screenings.
    fn id(&self) -> Uuid {
        self.student_id
    }
    fn fields(&self) -> Vec<(&'static str, Value)> {
        vec![
            ("screened_on", self.screened_on.into()),
            (
                "factors",
                Value::List(self.factors.iter().map(|f| f.code().to_string()).collect()),
            ),
            ("decision", self.decision.code().into()),
            ("identified_on", self.identified_on.into()),
            ("notes", (&self.notes).into()),
        ]
    }
    fn from_fields(id: Uuid, fields: &FieldMap) -> Option<Screening> {
        let f = FieldReader(fields);
        Some(Screening {
            student_id: id,
            screened_on: f.req("screened_on", Value::date)?,
            factors: f.list("factors", RiskFactor::from_code)?,
            decision: f.req("decision", |v| v.code(Decision::from_code))?,
            identified_on: f.opt("identified_on", Value::date)?,
            notes: f.text_or_empty("notes")?,
        })
    }
}

/// A screening as filled in on the checklist form.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScreeningInput {
    pub factors: BTreeSet<RiskFactor>,
    /// `None` until the teacher picks; the form starts from the suggestion.
    pub decision: Option<Decision>,
    pub screened_on: String,
    pub identified_on: String,
    pub notes: String,
}

impl ScreeningInput {
    pub fn from_screening(s: &Screening) -> ScreeningInput {
        use crate::text::format_date;
        ScreeningInput {
            factors: s.factors.clone(),
            decision: Some(s.decision),
            screened_on: format_date(s.screened_on),
            identified_on: s.identified_on.map(format_date).unwrap_or_default(),
            notes: s.notes.clone(),
        }
    }

    /// Checks the form. An identified child needs the date of identification; when it is
    /// left empty, the screening date is taken.
    pub fn validate(&self, student_id: Uuid, today: NaiveDate) -> Result<Screening, FieldErrors> {
        let mut e = FieldErrors::default();
        let screened_on = v::date_or_today(
            &mut e,
            Field::ScreenedOn,
            &self.screened_on,
            true,
            today,
            v::DateRange::Past,
        );
        let decision = self.decision;
        if decision.is_none() {
            e.push(Field::Decision, Problem::Required);
        }
        let identified = decision.is_some_and(Decision::is_identified);
        let identified_on = if identified {
            v::date_or_today(
                &mut e,
                Field::IdentifiedOn,
                &self.identified_on,
                false,
                today,
                v::DateRange::Past,
            )
            .or(screened_on)
        } else {
            None
        };
        let notes = v::notes(&mut e, Field::Notes, &self.notes);
        if !e.is_empty() {
            return Err(e);
        }
        Ok(Screening {
            student_id,
            screened_on: screened_on.expect("checked above"),
            factors: self.factors.clone(),
            decision: decision.expect("checked above"),
            identified_on,
            notes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use RiskFactor as F;

    fn set(f: &[RiskFactor]) -> BTreeSet<RiskFactor> {
        f.iter().copied().collect()
    }

    #[test]
    fn no_factor_means_no_risk() {
        let a = assess(&set(&[]));
        assert_eq!(a.level, RiskLevel::None);
        assert_eq!(a.reasons, vec![RiskReason::Score(0)]);
    }

    #[test]
    fn score_thresholds() {
        // 3 points: low.
        assert_eq!(assess(&set(&[F::PoorHousehold, F::SingleParent])).level, RiskLevel::Low);
        // 4 points: medium.
        assert_eq!(
            assess(&set(&[F::PoorHousehold, F::FrequentAbsence])).level,
            RiskLevel::Medium
        );
        // 6 points: still medium; 7: high.
        let six = set(&[F::PoorHousehold, F::FrequentAbsence, F::Orphan]);
        assert_eq!(assess(&six).level, RiskLevel::Medium);
        let mut seven = six.clone();
        seven.insert(F::FallingResults);
        let a = assess(&seven);
        assert_eq!(a.level, RiskLevel::High);
        assert_eq!(a.reasons, vec![RiskReason::Score(7)]);
    }

    #[test]
    fn working_is_at_least_medium() {
        let a = assess(&set(&[F::WorksForFamily]));
        assert_eq!(a.level, RiskLevel::Medium);
        assert_eq!(a.reasons, vec![RiskReason::Working, RiskReason::Score(2)]);
    }

    #[test]
    fn grave_signs_are_high_whatever_the_score() {
        for f in [F::SignsOfTrafficking, F::HazardousWork, F::DroppedOut] {
            assert_eq!(assess(&set(&[f])).level, RiskLevel::High, "{f:?}");
        }
        let a = assess(&set(&[F::WorksForOthers, F::LongHours]));
        assert_eq!(a.level, RiskLevel::High);
        assert_eq!(a.reasons[0], RiskReason::WorkingLongHours);
        // Long hours alone, without work, is only a score.
        assert_eq!(assess(&set(&[F::LongHours])).level, RiskLevel::Low);
    }

    #[test]
    fn factor_and_decision_codes_round_trip() {
        for f in RiskFactor::ALL {
            assert_eq!(RiskFactor::from_code(f.code()), Some(f));
        }
        for dec in Decision::ALL {
            assert_eq!(Decision::from_code(dec.code()), Some(dec));
        }
        assert_eq!(Decision::from_code("AtRisk"), None);
    }

    #[test]
    fn identified_children_get_a_date() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let input = ScreeningInput {
            factors: set(&[F::WorksForOthers]),
            decision: Some(Decision::ChildLabour),
            screened_on: "20/11/2026".into(),
            ..Default::default()
        };
        let s = input.validate(Uuid::nil(), today).unwrap();
        assert_eq!(s.identified_on, NaiveDate::from_ymd_opt(2026, 11, 20));
        assert_eq!(Status::of(Some(&s)), Status::ChildLabour);
        let not = ScreeningInput {
            decision: Some(Decision::NotAtRisk),
            identified_on: "01/11/2026".into(),
            ..input.clone()
        };
        assert_eq!(not.validate(Uuid::nil(), today).unwrap().identified_on, None);
        let undecided = ScreeningInput {
            decision: None,
            ..input
        };
        assert_eq!(
            undecided.validate(Uuid::nil(), today).unwrap_err().get(Field::Decision),
            Some(&Problem::Required)
        );
    }

    #[test]
    fn a_screening_is_rebuilt_from_its_fields() {
        use crate::domain::testkit::{assert_rebuilt, every_screening, rebuilt_with, required_fields};
        for s in every_screening() {
            assert_rebuilt(&s);
        }
        let s = &every_screening()[0];
        assert_eq!(required_fields(s), ["screened_on", "decision"]);
        assert_eq!(rebuilt_with(s, "decision", Some("AtRisk".into())), None);
        // One unknown factor spoils the list: the screening would be assessed without it.
        let factors = Value::List(vec!["orphan".into(), "lazy".into()]);
        assert_eq!(rebuilt_with(s, "factors", Some(factors)), None);
        let unit = Value::List(vec!["orphan".into()]);
        assert_eq!(
            rebuilt_with(s, "factors", Some(unit)).map(|s| s.factors),
            Some(set(&[F::Orphan]))
        );
    }
}
