//! Support given to a pupil: a record per support, linked to the pupil, with the date of
//! each change of its status.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::record::{Record, RecordKind, Value};
use super::validation::FieldErrors;

/// Stored by code: never rename a code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum SupportType {
    Scholarship,
    /// Tuition exemption or reduction.
    TuitionExemption,
    BooksSupplies,
    Meals,
    VocationalReferral,
    SocialServicesReferral,
    /// A report to the national child-protection hotline 111.
    Hotline111,
    Counselling,
    ReturnToSchool,
    Other,
}

impl SupportType {
    pub const ALL: [SupportType; 10] = [
        SupportType::Scholarship,
        SupportType::TuitionExemption,
        SupportType::BooksSupplies,
        SupportType::Meals,
        SupportType::VocationalReferral,
        SupportType::SocialServicesReferral,
        SupportType::Hotline111,
        SupportType::Counselling,
        SupportType::ReturnToSchool,
        SupportType::Other,
    ];
    pub fn code(self) -> &'static str {
        match self {
            SupportType::Scholarship => "scholarship",
            SupportType::TuitionExemption => "tuition_exemption",
            SupportType::BooksSupplies => "books_supplies",
            SupportType::Meals => "meals",
            SupportType::VocationalReferral => "vocational_referral",
            SupportType::SocialServicesReferral => "social_services_referral",
            SupportType::Hotline111 => "hotline_111",
            SupportType::Counselling => "counselling",
            SupportType::ReturnToSchool => "return_to_school",
            SupportType::Other => "other",
        }
    }
}

/// Stored by code: never rename a code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum SupportStatus {
    Planned,
    Referred,
    Delivered,
    Declined,
}

impl SupportStatus {
    pub const ALL: [SupportStatus; 4] = [
        SupportStatus::Planned,
        SupportStatus::Referred,
        SupportStatus::Delivered,
        SupportStatus::Declined,
    ];
    pub fn code(self) -> &'static str {
        match self {
            SupportStatus::Planned => "planned",
            SupportStatus::Referred => "referred",
            SupportStatus::Delivered => "delivered",
            SupportStatus::Declined => "declined",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Support {
    pub id: Uuid,
    pub student_id: Uuid,
    pub kind: SupportType,
    /// The current status; the date of each status it went through is kept below.
    pub status: SupportStatus,
    pub planned_on: Option<NaiveDate>,
    pub referred_on: Option<NaiveDate>,
    pub delivered_on: Option<NaiveDate>,
    pub declined_on: Option<NaiveDate>,
    /// In đồng; shown as `1.500.000 ₫`.
    pub amount_vnd: Option<u64>,
    /// Who provides it, or where the pupil is referred (for a vocational referral: the centre).
    pub provider: String,
    pub notes: String,
}

impl Support {
    /// The date the support reached `status`, if it did.
    pub fn date_of(&self, status: SupportStatus) -> Option<NaiveDate> {
        match status {
            SupportStatus::Planned => self.planned_on,
            SupportStatus::Referred => self.referred_on,
            SupportStatus::Delivered => self.delivered_on,
            SupportStatus::Declined => self.declined_on,
        }
    }

    /// The date of the current status (the support's date on the timeline).
    pub fn status_on(&self) -> Option<NaiveDate> {
        self.date_of(self.status)
    }

    /// A support is an intervention from the day it was referred or delivered, whichever
    /// came first; a support only planned (or declined before that) is not one yet.
    pub fn intervention_on(&self) -> Option<NaiveDate> {
        match (self.referred_on, self.delivered_on) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

impl Record for Support {
    const KIND: RecordKind = RecordKind::Support;
    fn id(&self) -> Uuid {
        self.id
    }
    fn fields(&self) -> Vec<(&'static str, Value)> {
        vec![
            ("student_id", Value::Id(self.student_id)),
            ("kind", self.kind.code().into()),
            ("status", self.status.code().into()),
            ("planned_on", self.planned_on.into()),
            ("referred_on", self.referred_on.into()),
            ("delivered_on", self.delivered_on.into()),
            ("declined_on", self.declined_on.into()),
            (
                "amount_vnd",
                self.amount_vnd.map(|a| Value::Int(a as i64)).unwrap_or(Value::Null),
            ),
            ("provider", (&self.provider).into()),
            ("notes", (&self.notes).into()),
        ]
    }
}

/// A support as typed in its form. `status_on` is the date of the status chosen (empty:
/// today; "today"/"hôm nay" accepted); the amount accepts `1.500.000`, `1500000`,
/// `1 500 000 ₫`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SupportInput {
    pub kind: SupportType,
    pub status: SupportStatus,
    pub status_on: String,
    pub amount: String,
    pub provider: String,
    pub notes: String,
}

impl SupportInput {
    pub fn from_support(s: &Support) -> SupportInput {
        todo!("domain helper: {s:?}")
    }

    /// Checks the form and returns the support with the status's date set; `previous` is
    /// the stored version when editing (its other status dates are kept). A vocational
    /// referral needs its centre (the provider).
    pub fn validate(
        &self,
        id: Uuid,
        student_id: Uuid,
        previous: Option<&Support>,
        today: NaiveDate,
    ) -> Result<Support, FieldErrors> {
        todo!("domain helper: {id} {student_id} {previous:?} {today}")
    }
}
