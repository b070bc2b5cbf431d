//! The limits the indicators and reminders use. Stored as a record, so they sync with the
//! notebook and the reports read the same ones.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::record::{FieldMap, FieldReader, Record, RecordKind, Value};
use super::validation::{self as v, Field, FieldErrors};

/// The settings' id: one a notebook.
pub const SETTINGS_ID: Uuid = Uuid::from_u128(1);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// A case is intervened in time when its first intervention comes within this many
    /// days of identification.
    pub intervention_days: u32,
    /// An open case is monitored when it had a visit within this many days.
    pub monitoring_days: u32,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            intervention_days: 7,
            monitoring_days: 90,
        }
    }
}

impl Record for Settings {
    const KIND: RecordKind = RecordKind::Settings;
    fn id(&self) -> Uuid {
        SETTINGS_ID
    }
    fn fields(&self) -> Vec<(&'static str, Value)> {
        vec![
            ("intervention_days", Value::Int(self.intervention_days.into())),
            ("monitoring_days", Value::Int(self.monitoring_days.into())),
        ]
    }
    fn from_fields(id: Uuid, fields: &FieldMap) -> Option<Settings> {
        let f = FieldReader(fields);
        let ((imin, imax), (mmin, mmax)) = (INTERVENTION_DAYS, MONITORING_DAYS);
        // One settings record a notebook, at its fixed id (as the profile).
        if id != SETTINGS_ID {
            return None;
        }
        Some(Settings {
            intervention_days: f.req("intervention_days", |v| v.int_in(imin..=imax))?,
            monitoring_days: f.req("monitoring_days", |v| v.int_in(mmin..=mmax))?,
        })
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SettingsInput {
    pub intervention_days: String,
    pub monitoring_days: String,
}

impl SettingsInput {
    pub fn from_settings(s: &Settings) -> SettingsInput {
        SettingsInput {
            intervention_days: s.intervention_days.to_string(),
            monitoring_days: s.monitoring_days.to_string(),
        }
    }
    /// Intervention days 1–90, monitoring days 7–365.
    pub fn validate(&self) -> Result<Settings, FieldErrors> {
        let mut e = FieldErrors::default();
        let (imin, imax) = INTERVENTION_DAYS;
        let (mmin, mmax) = MONITORING_DAYS;
        let intervention = v::whole_number(
            &mut e,
            Field::InterventionDays,
            &self.intervention_days,
            true,
            imin,
            imax,
        );
        let monitoring = v::whole_number(&mut e, Field::MonitoringDays, &self.monitoring_days, true, mmin, mmax);
        match (intervention, monitoring) {
            (Some(intervention_days), Some(monitoring_days)) if e.is_empty() => Ok(Settings {
                intervention_days,
                monitoring_days,
            }),
            _ => Err(e),
        }
    }
}

/// The range allowed for the intervention limit, in days: a day at least, a quarter at most.
pub const INTERVENTION_DAYS: (u32, u32) = (1, 90);
/// The range allowed for the monitoring limit, in days: a week to a year.
pub const MONITORING_DAYS: (u32, u32) = (7, 365);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Problem;

    fn input(i: &str, m: &str) -> SettingsInput {
        SettingsInput {
            intervention_days: i.into(),
            monitoring_days: m.into(),
        }
    }

    #[test]
    fn defaults_round_trip() {
        let s = Settings::default();
        assert_eq!((s.intervention_days, s.monitoring_days), (7, 90));
        assert_eq!(SettingsInput::from_settings(&s).validate(), Ok(s));
    }

    #[test]
    fn limits_are_checked_at_their_ends() {
        assert_eq!(
            input("1", "7").validate(),
            Ok(Settings {
                intervention_days: 1,
                monitoring_days: 7
            })
        );
        assert_eq!(
            input(" 90 ", "365").validate(),
            Ok(Settings {
                intervention_days: 90,
                monitoring_days: 365
            })
        );
        let e = input("0", "366").validate().unwrap_err();
        assert_eq!(
            e.get(Field::InterventionDays),
            Some(&Problem::OutOfRange { min: 1, max: 90 })
        );
        assert_eq!(
            e.get(Field::MonitoringDays),
            Some(&Problem::OutOfRange { min: 7, max: 365 })
        );
        let e = input("91", "6").validate().unwrap_err();
        assert_eq!(
            e.get(Field::InterventionDays),
            Some(&Problem::OutOfRange { min: 1, max: 90 })
        );
        assert_eq!(
            e.get(Field::MonitoringDays),
            Some(&Problem::OutOfRange { min: 7, max: 365 })
        );
        let e = input("bảy", "").validate().unwrap_err();
        assert_eq!(e.get(Field::InterventionDays), Some(&Problem::NotANumber));
        assert_eq!(e.get(Field::MonitoringDays), Some(&Problem::Required));
    }

    #[test]
    fn settings_are_rebuilt_from_their_fields() {
        use crate::domain::testkit::{assert_rebuilt, every_settings, map, rebuilt_with, required_fields};
        for s in every_settings() {
            assert_rebuilt(&s);
        }
        let s = &Settings::default();
        assert_eq!(required_fields(s), ["intervention_days", "monitoring_days"]);
        // Outside the limits the form allows: an indicator counted on 0 days means nothing.
        for (field, n) in [
            ("intervention_days", 0),
            ("intervention_days", 91),
            ("monitoring_days", 6),
            ("monitoring_days", 366),
            ("monitoring_days", -1),
        ] {
            assert_eq!(rebuilt_with(s, field, Some(Value::Int(n))), None, "{field} {n}");
        }
        assert_eq!(Settings::from_fields(Uuid::from_u128(0), &map(s.fields())), None);
    }
}
