//! The domain: pure types and rules. No I/O, no clock (today's date is passed in), no sled.

pub mod profile;
pub mod record;
pub mod screening;
pub mod student;
pub mod validation;

pub use profile::{Profile, ProfileInput, SchoolYear};
pub use record::{Record, RecordKind, Value};
pub use screening::{
    Decision, RiskAssessment, RiskFactor, RiskLevel, RiskReason, Screening, ScreeningInput, Status, assess,
};
pub use student::{Sex, Student, StudentInput};
pub use validation::{Field, FieldError, FieldErrors, Problem};
