//! The domain: pure types and rules. No I/O, no clock (today's date is passed in), no sled.

pub mod awareness;
pub mod case;
pub mod casebook;
pub mod duplicates;
pub mod indicator;
pub mod indicators;
pub mod invariants;
pub mod profile;
pub mod record;
pub mod reminders;
pub mod screening;
pub mod settings;
pub mod student;
pub mod support;
#[cfg(test)]
pub(crate) mod testkit;
pub mod validation;
pub mod visit;

pub use awareness::{Audience, Informed, InformedInput, Session, SessionInput};
pub use case::{AfterScreening, Case, CloseReason, HandMove, MoveError, Stage, after_screening};
pub use casebook::Casebook;
pub use indicator::{Goal, Indicator};
pub use indicators::{Indicators, Period, Ratio, SupportCount, Target, indicators};
pub use invariants::{Contradiction, contradictions};
pub use profile::{Profile, ProfileInput, SchoolYear};
pub use record::{FieldMap, FieldReader, MergeRules, Record, RecordKind, Value};
pub use reminders::{Reminder, ReminderKind, VisitDue, reminders};
pub use screening::{
    Decision, RiskAssessment, RiskFactor, RiskLevel, RiskReason, Screening, ScreeningInput, Status, assess,
};
pub use settings::{Settings, SettingsInput};
pub use student::{Sex, Student, StudentInput};
pub use support::{MAX_AMOUNT_VND, Support, SupportInput, SupportStatus, SupportType};
pub use validation::{Field, FieldError, FieldErrors, Problem};
pub use visit::{Sector, Visit, VisitInput};
