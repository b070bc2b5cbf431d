//! What every stored record shares: a kind, an id, and a list of named fields. The store
//! diffs the fields of the old and new versions to write the field-level change log that
//! sync and the timeline are built on.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The kinds of record. Stored in the change log: never renumber, only append.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum RecordKind {
    Profile,
    Student,
    Screening,
    Visit,
    Support,
    Case,
    Session,
    Informed,
    Settings,
}

impl RecordKind {
    pub const ALL: [RecordKind; 9] = [
        RecordKind::Profile,
        RecordKind::Student,
        RecordKind::Screening,
        RecordKind::Visit,
        RecordKind::Support,
        RecordKind::Case,
        RecordKind::Session,
        RecordKind::Informed,
        RecordKind::Settings,
    ];

    /// The kind's text code: what a change sent to another device names its kind by, never
    /// the enum's position. Sent and stored by other devices: never rename a code, only add.
    pub fn code(self) -> &'static str {
        match self {
            RecordKind::Profile => "profile",
            RecordKind::Student => "student",
            RecordKind::Screening => "screening",
            RecordKind::Visit => "visit",
            RecordKind::Support => "support",
            RecordKind::Case => "case",
            RecordKind::Session => "session",
            RecordKind::Informed => "informed",
            RecordKind::Settings => "settings",
        }
    }

    /// The kind a code names; `None` for a code this version does not know.
    pub fn from_code(code: &str) -> Option<RecordKind> {
        RecordKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// One field's value, as the change log keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Value {
    Null,
    Text(String),
    Date(NaiveDate),
    Int(i64),
    Bool(bool),
    List(Vec<String>),
    Id(Uuid),
    /// What the change log keeps of a deleted pupil's earlier values: nothing. Appended
    /// last so the encodings of the other variants stay as stored.
    Redacted,
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Text(s.to_string())
    }
}
impl From<&String> for Value {
    fn from(s: &String) -> Value {
        Value::Text(s.clone())
    }
}
impl From<NaiveDate> for Value {
    fn from(d: NaiveDate) -> Value {
        Value::Date(d)
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::Null, Into::into)
    }
}

/// A record that the store writes through its one write path.
pub trait Record {
    const KIND: RecordKind;
    /// The record's id (for the profile, a fixed id; for a screening, its student's id).
    fn id(&self) -> Uuid;
    /// Every field with its current value, in a fixed order.
    fn fields(&self) -> Vec<(&'static str, Value)>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_codes_round_trip_and_are_distinct() {
        for kind in RecordKind::ALL {
            assert_eq!(RecordKind::from_code(kind.code()), Some(kind));
        }
        let codes: std::collections::BTreeSet<_> = RecordKind::ALL.iter().map(|k| k.code()).collect();
        assert_eq!(codes.len(), RecordKind::ALL.len());
        // Pinned: another device reads these very words.
        assert_eq!(RecordKind::Case.code(), "case");
        assert_eq!(RecordKind::from_code("Case"), None);
        assert_eq!(RecordKind::from_code(""), None);
    }
}
