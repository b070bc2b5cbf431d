//! The limits the indicators and reminders use. Stored as a record, so they sync with the
//! notebook and the reports read the same ones.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::record::{Record, RecordKind, Value};
use super::validation::FieldErrors;

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
        todo!("domain helper")
    }
}
