//! The field-level change log's entries, and the diff that makes them.

use uuid::Uuid;

use super::hlc::Hlc;
use crate::domain::{RecordKind, Value};

/// The field name of a deletion: one change for the whole record, with `value: None`.
pub const DELETED: &str = "*";

/// One field-level change, as appended to the change log.
///
/// A new record logs each non-null field; an edit logs each field whose value changed; a
/// deletion logs one tombstone with field [`DELETED`] and `value: None`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Change {
    pub kind: RecordKind,
    pub id: Uuid,
    pub field: String,
    /// `None` is a tombstone: the record was deleted.
    pub value: Option<Value>,
    pub hlc: Hlc,
}

impl Change {
    pub fn is_tombstone(&self) -> bool {
        self.value.is_none()
    }
}

/// The fields to log when a record goes from `old` (`None`: it did not exist) to `new`.
/// A field missing from `old` counts as null.
pub fn diff(old: Option<&[(&'static str, Value)]>, new: &[(&'static str, Value)]) -> Vec<(&'static str, Value)> {
    new.iter()
        .filter(|(name, value)| {
            let before = old.and_then(|o| o.iter().find(|(n, _)| n == name)).map(|(_, v)| v);
            match before {
                Some(before) => before != value,
                None => *value != Value::Null,
            }
        })
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_record_logs_its_non_null_fields() {
        let new = [("a", Value::Int(1)), ("b", Value::Null), ("c", "x".into())];
        assert_eq!(diff(None, &new), vec![("a", Value::Int(1)), ("c", "x".into())]);
    }

    #[test]
    fn an_edit_logs_only_what_changed() {
        let old = [("a", Value::Int(1)), ("b", Value::Null), ("c", "x".into())];
        let new = [("a", Value::Int(1)), ("b", Value::Bool(true)), ("c", Value::Null)];
        assert_eq!(
            diff(Some(&old), &new),
            vec![("b", Value::Bool(true)), ("c", Value::Null)]
        );
        assert!(diff(Some(&old), &old).is_empty());
    }

    #[test]
    fn a_field_new_to_the_record_counts_as_null_before() {
        let old = [("a", Value::Int(1))];
        let new = [("a", Value::Int(1)), ("d", Value::Null), ("e", Value::Int(2))];
        assert_eq!(diff(Some(&old), &new), vec![("e", Value::Int(2))]);
    }
}
