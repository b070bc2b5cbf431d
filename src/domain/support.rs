//! Support given to a pupil: a record per support, linked to the pupil, with the date of
//! each change of its status.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::record::{FieldMap, FieldReader, Record, RecordKind, Value};
use super::validation::{self as v, Field, FieldErrors, MAX_ADDRESS, Problem};
use crate::text;

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
    pub fn from_code(code: &str) -> Option<SupportType> {
        SupportType::ALL.into_iter().find(|t| t.code() == code)
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
    pub fn from_code(code: &str) -> Option<SupportStatus> {
        SupportStatus::ALL.into_iter().find(|s| s.code() == code)
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
    /// A status is only valid with the dates of the statuses it went through: correcting
    /// *delivered* back to *planned* clears the later dates, and merging them one by one
    /// could bring back a delivery (an intervention) that never happened.
    const GROUPS: &'static [&'static [&'static str]] =
        &[&["status", "planned_on", "referred_on", "delivered_on", "declined_on"]];
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
                // Validation caps amounts far below i64::MAX; saturate rather than wrap anyway.
                self.amount_vnd
                    .map(|a| Value::Int(i64::try_from(a).unwrap_or(i64::MAX)))
                    .unwrap_or(Value::Null),
            ),
            ("provider", (&self.provider).into()),
            ("notes", (&self.notes).into()),
        ]
    }
    fn from_fields(id: Uuid, fields: &FieldMap) -> Option<Support> {
        let f = FieldReader(fields);
        Some(Support {
            id,
            student_id: f.req("student_id", Value::id)?,
            kind: f.req("kind", |v| v.code(SupportType::from_code))?,
            status: f.req("status", |v| v.code(SupportStatus::from_code))?,
            planned_on: f.opt("planned_on", Value::date)?,
            referred_on: f.opt("referred_on", Value::date)?,
            delivered_on: f.opt("delivered_on", Value::date)?,
            declined_on: f.opt("declined_on", Value::date)?,
            amount_vnd: f.opt("amount_vnd", |v| v.int_in(0..=MAX_AMOUNT_VND))?,
            provider: f.text_or_empty("provider")?,
            notes: f.text_or_empty("notes")?,
        })
    }
}

/// The largest amount a support may have, in đồng: 10 tỷ. More is a typo (a few zeros too
/// many), and a sum of such amounts could overflow.
pub const MAX_AMOUNT_VND: u64 = 10_000_000_000;

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
        SupportInput {
            kind: s.kind,
            status: s.status,
            status_on: s.status_on().map(text::format_date).unwrap_or_default(),
            amount: s.amount_vnd.map(text::format_thousands).unwrap_or_default(),
            provider: s.provider.clone(),
            notes: s.notes.clone(),
        }
    }

    /// Checks the form and returns the support with the status's date set; `previous` is
    /// the stored version when editing. A vocational referral needs its centre (the
    /// provider); an amount is at most [`MAX_AMOUNT_VND`].
    ///
    /// Statuses go Planned → Referred → Delivered, and the dates of the earlier ones are
    /// kept; those of the later ones are cleared, so correcting Delivered back to Planned
    /// no longer counts as a delivery or an intervention. Declined keeps the planned and
    /// referred dates and clears the delivered one; any other status clears the declined
    /// date.
    pub fn validate(
        &self,
        id: Uuid,
        student_id: Uuid,
        previous: Option<&Support>,
        today: NaiveDate,
    ) -> Result<Support, FieldErrors> {
        let mut e = FieldErrors::default();
        // Left empty, the status changed today: the common case when the teacher records it.
        let status_on = if self.status_on.trim().is_empty() {
            Some(today)
        } else {
            v::date_or_today(
                &mut e,
                Field::StatusOn,
                &self.status_on,
                true,
                today,
                v::DateRange::Record,
            )
        };
        let amount_vnd = if self.amount.trim().is_empty() {
            None
        } else {
            match text::parse_vnd(&self.amount) {
                None => {
                    e.push(Field::Amount, Problem::NotAnAmount);
                    None
                }
                Some(a) if a > MAX_AMOUNT_VND => {
                    e.push(Field::Amount, Problem::AmountTooLarge { max: MAX_AMOUNT_VND });
                    None
                }
                a => a,
            }
        };
        let required = self.kind == SupportType::VocationalReferral;
        let provider = v::text(&mut e, Field::Provider, &self.provider, required, MAX_ADDRESS);
        let notes = v::notes(&mut e, Field::Notes, &self.notes);
        let Some(status_on) = status_on else {
            return Err(e);
        };
        let mut support = Support {
            id,
            student_id,
            kind: self.kind,
            status: self.status,
            planned_on: previous.and_then(|p| p.planned_on),
            referred_on: previous.and_then(|p| p.referred_on),
            delivered_on: previous.and_then(|p| p.delivered_on),
            declined_on: previous.and_then(|p| p.declined_on),
            amount_vnd,
            provider,
            notes,
        };
        // A date a status after the chosen one would be stale (see the doc above).
        let rank = |st: SupportStatus| match st {
            SupportStatus::Planned => 0,
            SupportStatus::Referred => 1,
            // Declined can follow planned or referred, never a delivery.
            SupportStatus::Delivered | SupportStatus::Declined => 2,
        };
        for later in [SupportStatus::Referred, SupportStatus::Delivered] {
            if rank(later) >= rank(self.status) && later != self.status {
                *support.date_mut(later) = None;
            }
        }
        if self.status != SupportStatus::Declined {
            support.declined_on = None;
        }
        *support.date_mut(self.status) = Some(status_on);
        e.into_result(support)
    }
}

impl Support {
    fn date_mut(&mut self, status: SupportStatus) -> &mut Option<NaiveDate> {
        match status {
            SupportStatus::Planned => &mut self.planned_on,
            SupportStatus::Referred => &mut self.referred_on,
            SupportStatus::Delivered => &mut self.delivered_on,
            SupportStatus::Declined => &mut self.declined_on,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testkit::{d, today};

    fn ids() -> (Uuid, Uuid) {
        (Uuid::from_u128(30), Uuid::from_u128(20))
    }

    fn scholarship(status: SupportStatus, on: &str) -> SupportInput {
        SupportInput {
            kind: SupportType::Scholarship,
            status,
            status_on: on.into(),
            amount: "1.500.000".into(),
            provider: "Hội Khuyến học xã An Lạc".into(),
            notes: String::new(),
        }
    }

    #[test]
    fn type_and_status_codes_round_trip() {
        for t in SupportType::ALL {
            assert_eq!(SupportType::from_code(t.code()), Some(t));
        }
        for st in SupportStatus::ALL {
            assert_eq!(SupportStatus::from_code(st.code()), Some(st));
        }
        assert_eq!(SupportStatus::from_code("Planned"), None);
    }

    #[test]
    fn a_support_moves_through_its_statuses_keeping_each_date() {
        let (id, pupil) = ids();
        let planned = scholarship(SupportStatus::Planned, "02/11/2026")
            .validate(id, pupil, None, today())
            .unwrap();
        assert_eq!(planned.planned_on, Some(d(2026, 11, 2)));
        assert_eq!(planned.intervention_on(), None);
        assert_eq!(planned.amount_vnd, Some(1_500_000));

        let referred = scholarship(SupportStatus::Referred, "10/11/2026")
            .validate(id, pupil, Some(&planned), today())
            .unwrap();
        assert_eq!(referred.planned_on, Some(d(2026, 11, 2)));
        assert_eq!(referred.referred_on, Some(d(2026, 11, 10)));
        assert_eq!(referred.status_on(), Some(d(2026, 11, 10)));

        // Empty date: delivered today.
        let delivered = scholarship(SupportStatus::Delivered, "")
            .validate(id, pupil, Some(&referred), today())
            .unwrap();
        assert_eq!(
            (delivered.planned_on, delivered.referred_on, delivered.delivered_on),
            (Some(d(2026, 11, 2)), Some(d(2026, 11, 10)), Some(today()))
        );
        // The intervention is the earlier of referred and delivered.
        assert_eq!(delivered.intervention_on(), Some(d(2026, 11, 10)));
        assert_eq!(delivered.declined_on, None);
    }

    #[test]
    fn correcting_the_status_back_clears_the_dates_of_later_statuses() {
        let (id, pupil) = ids();
        let mut delivered = scholarship(SupportStatus::Delivered, "24/11/2026")
            .validate(id, pupil, None, today())
            .unwrap();
        (delivered.planned_on, delivered.referred_on) = (Some(d(2026, 11, 2)), Some(d(2026, 11, 10)));
        // Delivered was a mistake: back to planned. No longer an intervention or a delivery.
        let planned = scholarship(SupportStatus::Planned, "02/11/2026")
            .validate(id, pupil, Some(&delivered), today())
            .unwrap();
        assert_eq!(
            (planned.planned_on, planned.referred_on, planned.delivered_on),
            (Some(d(2026, 11, 2)), None, None)
        );
        assert_eq!(planned.intervention_on(), None);
        // Back to referred: the planned and referred dates stay, the delivery goes.
        let referred = scholarship(SupportStatus::Referred, "10/11/2026")
            .validate(id, pupil, Some(&delivered), today())
            .unwrap();
        assert_eq!(
            (referred.planned_on, referred.referred_on, referred.delivered_on),
            (Some(d(2026, 11, 2)), Some(d(2026, 11, 10)), None)
        );
        // Declined keeps planned and referred, drops the delivery.
        let declined = scholarship(SupportStatus::Declined, "25/11/2026")
            .validate(id, pupil, Some(&delivered), today())
            .unwrap();
        assert_eq!(
            (declined.referred_on, declined.delivered_on, declined.declined_on),
            (Some(d(2026, 11, 10)), None, Some(d(2026, 11, 25)))
        );
        // Any status but declined drops the declined date.
        let again = scholarship(SupportStatus::Delivered, "26/11/2026")
            .validate(id, pupil, Some(&declined), today())
            .unwrap();
        assert_eq!(
            (again.referred_on, again.delivered_on, again.declined_on),
            (Some(d(2026, 11, 10)), Some(d(2026, 11, 26)), None)
        );
    }

    #[test]
    fn an_amount_is_at_most_ten_billion_dong() {
        let (id, pupil) = ids();
        let mut input = scholarship(SupportStatus::Delivered, "24/11/2026");
        input.amount = "10.000.000.000".into();
        assert_eq!(
            input.validate(id, pupil, None, today()).unwrap().amount_vnd,
            Some(MAX_AMOUNT_VND)
        );
        for too_much in ["10.000.000.001", "1.000.000.000.000", "99999999999999999999"] {
            input.amount = too_much.into();
            let e = input.validate(id, pupil, None, today()).unwrap_err();
            let want = if too_much.starts_with("999") {
                // Too long for a u64: not read as an amount at all.
                Problem::NotAnAmount
            } else {
                Problem::AmountTooLarge { max: MAX_AMOUNT_VND }
            };
            assert_eq!(e.get(Field::Amount), Some(&want), "{too_much}");
        }
        // Stored as a whole number, never wrapped.
        let s = Support {
            amount_vnd: Some(u64::MAX),
            ..scholarship(SupportStatus::Planned, "")
                .validate(id, pupil, None, today())
                .unwrap()
        };
        let amount = s.fields().into_iter().find(|(k, _)| *k == "amount_vnd").unwrap().1;
        assert_eq!(amount, Value::Int(i64::MAX));
    }

    #[test]
    fn the_form_shows_the_current_status_date_and_the_amount_with_dots() {
        let (id, pupil) = ids();
        let s = scholarship(SupportStatus::Referred, "hôm nay")
            .validate(id, pupil, None, today())
            .unwrap();
        let input = SupportInput::from_support(&s);
        assert_eq!(input.status_on, "28/11/2026");
        assert_eq!(input.amount, "1.500.000");
        assert_eq!(input.validate(id, pupil, Some(&s), today()), Ok(s));
    }

    #[test]
    fn dates_and_amounts_are_checked() {
        let (id, pupil) = ids();
        let mut input = scholarship(SupportStatus::Delivered, "29/11/2026");
        input.amount = "1,5 triệu".into();
        let e = input.validate(id, pupil, None, today()).unwrap_err();
        assert_eq!(e.get(Field::StatusOn), Some(&Problem::InFuture));
        assert_eq!(e.get(Field::Amount), Some(&Problem::NotAnAmount));
        input.status_on = "30/02/2026".into();
        let e = input.validate(id, pupil, None, today()).unwrap_err();
        assert_eq!(e.get(Field::StatusOn), Some(&Problem::NotADate));
        // No amount is fine (counselling costs nothing).
        input.status_on = "28/11/2026".into();
        input.amount = " ".into();
        assert_eq!(input.validate(id, pupil, None, today()).unwrap().amount_vnd, None);
    }

    #[test]
    fn a_vocational_referral_needs_its_centre() {
        let (id, pupil) = ids();
        let mut input = SupportInput {
            kind: SupportType::VocationalReferral,
            status: SupportStatus::Referred,
            status_on: "20/11/2026".into(),
            amount: String::new(),
            provider: "  ".into(),
            notes: String::new(),
        };
        let e = input.validate(id, pupil, None, today()).unwrap_err();
        assert_eq!(e.get(Field::Provider), Some(&Problem::Required));
        input.provider = "Trung tâm GDNN-GDTX Thực Hành".into();
        assert!(input.validate(id, pupil, None, today()).is_ok());
        // Other kinds may leave it empty.
        input.kind = SupportType::Counselling;
        input.provider.clear();
        assert!(input.validate(id, pupil, None, today()).is_ok());
    }

    #[test]
    fn a_support_is_rebuilt_from_its_fields() {
        use crate::domain::record::Value;
        use crate::domain::testkit::{assert_rebuilt, every_support, rebuilt_with, required_fields};
        for s in every_support() {
            assert_rebuilt(&s);
        }
        let s = &every_support()[0];
        assert_eq!(required_fields(s), ["student_id", "kind", "status"]);
        assert_eq!(rebuilt_with(s, "kind", Some("gift".into())), None);
        assert_eq!(rebuilt_with(s, "status", Some("done".into())), None);
        for amount in [-1, MAX_AMOUNT_VND as i64 + 1, i64::MAX] {
            assert_eq!(
                rebuilt_with(s, "amount_vnd", Some(Value::Int(amount))),
                None,
                "{amount}"
            );
        }
    }
}
