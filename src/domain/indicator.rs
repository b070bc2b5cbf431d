//! The plan's indicators, each declared once: its stable text code, what it must reach and
//! which counts make its share. The dashboard, every report format and the figures loop over
//! [`Indicator::ALL`]; the rules that count each child are in `indicators.rs`, the labels in
//! `i18n::indicator`.

use super::indicators::Target;

/// The plan's indicators, in the order the dashboard and the reports list them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Indicator {
    IntervenedInTime,
    Monitored,
    InEducation,
    ParentsInformed,
    StudentsInformed,
    ChildLabourRate,
    Hazardous,
    Trafficked,
    /// Homeroom teachers trained on child-labour prevention (from the profile's training
    /// day): figures version 3 on.
    TrainedTeachers,
}

/// What an indicator must reach.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Goal {
    /// A share against the plan's target.
    Share(Target),
    /// No child at all (the plan's 2030 goal for heavy, hazardous or dangerous work).
    NoChild,
}

/// How one indicator is counted: the keys are those of the plain counts (the figures' keys,
/// stable), so a reader of figures knows which counts an indicator needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Spec {
    /// Stored and sent; never renamed.
    pub code: &'static str,
    /// The count of children (or cases) it counts: the share's numerator.
    pub count: &'static str,
    /// The share's denominator; `None` for a plain count.
    pub out_of: Option<&'static str>,
    /// `None` where the plan sets no figure.
    pub goal: Option<Goal>,
}

impl Indicator {
    pub const ALL: [Indicator; 9] = [
        Indicator::IntervenedInTime,
        Indicator::Monitored,
        Indicator::InEducation,
        Indicator::ParentsInformed,
        Indicator::StudentsInformed,
        Indicator::ChildLabourRate,
        Indicator::Hazardous,
        Indicator::Trafficked,
        Indicator::TrainedTeachers,
    ];

    /// The one declaration of every indicator. Targets: the Hải Dương plan of 19/10/2021,
    /// goals 1 and 2 (2025), its 2030 goal for hazardous work, and its 95% of homeroom
    /// teachers trained.
    pub const fn spec(self) -> Spec {
        const fn share(code: &'static str, count: &'static str, out_of: &'static str, t: Target) -> Spec {
            Spec {
                code,
                count,
                out_of: Some(out_of),
                goal: Some(Goal::Share(t)),
            }
        }
        match self {
            Indicator::IntervenedInTime => share(
                "intervened_in_time",
                "intervened_in_time",
                "intervention_decided",
                Target::AtLeast(100),
            ),
            Indicator::Monitored => share("monitored", "monitored", "open_cases", Target::AtLeast(100)),
            Indicator::InEducation => share("in_education", "in_education", "cases", Target::AtLeast(99)),
            Indicator::ParentsInformed => share("parents_informed", "parents_informed", "pupils", Target::AtLeast(90)),
            Indicator::StudentsInformed => {
                share("students_informed", "students_informed", "pupils", Target::AtLeast(90))
            }
            Indicator::ChildLabourRate => share(
                "child_labour_rate",
                "child_labour_5_17",
                "pupils_5_17",
                Target::AtMost(1),
            ),
            Indicator::Hazardous => Spec {
                code: "hazardous",
                count: "hazardous",
                out_of: None,
                goal: Some(Goal::NoChild),
            },
            Indicator::Trafficked => Spec {
                code: "trafficked",
                count: "trafficked",
                out_of: None,
                goal: None,
            },
            Indicator::TrainedTeachers => share(
                "trained_teachers",
                "trained_teachers",
                "homeroom_teachers",
                Target::AtLeast(95),
            ),
        }
    }

    pub const fn code(self) -> &'static str {
        self.spec().code
    }

    pub fn from_code(code: &str) -> Option<Indicator> {
        Indicator::ALL.into_iter().find(|i| i.code() == code)
    }

    /// The target of a share; `None` for a plain count.
    pub const fn target(self) -> Option<Target> {
        match self.spec().goal {
            Some(Goal::Share(t)) => Some(t),
            _ => None,
        }
    }

    /// The target of a share, for the constants below (a plain count has none: a
    /// compile-time error).
    const fn share_target(self) -> Target {
        match self.target() {
            Some(t) => t,
            None => panic!("not a share"),
        }
    }
}

pub const TARGET_INTERVENED_IN_TIME: Target = Indicator::IntervenedInTime.share_target();
pub const TARGET_MONITORED: Target = Indicator::Monitored.share_target();
pub const TARGET_IN_EDUCATION: Target = Indicator::InEducation.share_target();
pub const TARGET_PARENTS_INFORMED: Target = Indicator::ParentsInformed.share_target();
pub const TARGET_STUDENTS_INFORMED: Target = Indicator::StudentsInformed.share_target();
pub const TARGET_CHILD_LABOUR: Target = Indicator::ChildLabourRate.share_target();
pub const TARGET_TRAINED_TEACHERS: Target = Indicator::TrainedTeachers.share_target();

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stable_and_unique() {
        let codes: Vec<&str> = Indicator::ALL.iter().map(|i| i.code()).collect();
        // Stored and sent: a change here breaks files already written.
        assert_eq!(
            codes,
            [
                "intervened_in_time",
                "monitored",
                "in_education",
                "parents_informed",
                "students_informed",
                "child_labour_rate",
                "hazardous",
                "trafficked",
                "trained_teachers",
            ]
        );
        for i in Indicator::ALL {
            assert_eq!(Indicator::from_code(i.code()), Some(i));
        }
        assert_eq!(Indicator::from_code("nope"), None);
    }

    #[test]
    fn a_share_has_a_target_and_a_count_has_none() {
        for i in Indicator::ALL {
            let s = i.spec();
            assert_eq!(s.out_of.is_some(), i.target().is_some(), "{i:?}");
        }
    }
}
