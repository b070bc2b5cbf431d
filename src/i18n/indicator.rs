//! Each indicator's two labels, from the report table's one entry per label: the plan's
//! name (the reports' indicator table and definitions, the merge's messages) and a short
//! name (the dashboard's rows and the per-class table's columns).

use crate::domain::Indicator;
use crate::i18n::Lang;
use crate::i18n::report::R;

fn labels(i: Indicator) -> (R, R) {
    match i {
        Indicator::IntervenedInTime => (R::IIntervened, R::SIntervened),
        Indicator::Monitored => (R::IMonitored, R::SMonitored),
        Indicator::InEducation => (R::IEducation, R::SEducation),
        Indicator::ParentsInformed => (R::IParents, R::SParents),
        Indicator::StudentsInformed => (R::IStudents, R::SStudents),
        Indicator::ChildLabourRate => (R::IChildLabour, R::SChildLabour),
        Indicator::Hazardous => (R::IHazardous, R::SHazardous),
        Indicator::Trafficked => (R::ITrafficked, R::STrafficked),
        Indicator::TrainedTeachers => (R::ITrained, R::STrained),
    }
}

/// The plan's name of the indicator.
pub fn name(lang: Lang, i: Indicator) -> &'static str {
    labels(i).0.get(lang)
}

/// The short name the dashboard and the per-class table's columns carry.
pub fn short(lang: Lang, i: Indicator) -> &'static str {
    labels(i).1.get(lang)
}
