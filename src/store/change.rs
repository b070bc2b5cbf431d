//! The field-level change log's entries, and the diff that makes them.

use uuid::Uuid;

use std::collections::BTreeSet;

use super::hlc::Hlc;
use crate::domain::{MergeRules, RecordKind, Value};

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

/// The name of one member's change in a set field: `students/<uuid>`, whose value is
/// `Bool(true)` (ticked) or `Bool(false)` (unticked), so each member merges on its own.
pub fn member_field(set: &str, member: &str) -> String {
    format!("{set}/{member}")
}

/// Splits a member's field name back into the set's name and the member.
pub fn split_member(field: &str) -> Option<(&str, &str)> {
    field.split_once('/')
}

/// The changes to log when a record goes from `old` (`None`: it did not exist) to `new`,
/// following the kind's merge rules (see `docs/sync.md`):
/// - a plain field is logged when its value changed (a field missing from `old` counts as
///   null, and a new record logs only its non-null fields);
/// - derived fields are never logged: every device recomputes them;
/// - a group is logged whole when any of its fields changed, so the group's newest commit
///   carries every field of it;
/// - a set field logs one change per member ticked or unticked.
pub fn diff(
    old: Option<&[(&'static str, Value)]>,
    new: &[(&'static str, Value)],
    rules: &MergeRules,
) -> Vec<(String, Value)> {
    let before = |name: &str| old.and_then(|o| o.iter().find(|(n, _)| *n == name)).map(|(_, v)| v);
    let changed = |name: &str, value: &Value| match before(name) {
        Some(b) => b != value,
        None => *value != Value::Null,
    };
    let mut out = Vec::new();
    for (name, value) in new {
        if rules.derived.contains(name) {
            continue;
        }
        if rules.sets.contains(name) {
            let members = |v: Option<&Value>| match v {
                Some(Value::List(l)) => l.iter().cloned().collect::<BTreeSet<String>>(),
                _ => BTreeSet::new(),
            };
            let (was, now) = (members(before(name)), members(Some(value)));
            for m in now.difference(&was) {
                out.push((member_field(name, m), Value::Bool(true)));
            }
            for m in was.difference(&now) {
                out.push((member_field(name, m), Value::Bool(false)));
            }
            continue;
        }
        let logged = match rules.groups.iter().find(|g| g.contains(name)) {
            // The whole group, when any field of it changed (or, for a new record, is set).
            Some(group) => group.iter().any(|g| new.iter().any(|(n, v)| n == g && changed(g, v))),
            None => changed(name, value),
        };
        if logged {
            out.push((name.to_string(), value.clone()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rules of a kind with none (a pupil).
    fn plain() -> MergeRules {
        RecordKind::Student.rules()
    }

    fn owned(fields: &[(&str, Value)]) -> Vec<(String, Value)> {
        fields.iter().map(|(n, v)| (n.to_string(), v.clone())).collect()
    }

    #[test]
    fn a_new_record_logs_its_non_null_fields() {
        let new = [("a", Value::Int(1)), ("b", Value::Null), ("c", "x".into())];
        assert_eq!(
            diff(None, &new, &plain()),
            owned(&[("a", Value::Int(1)), ("c", "x".into())])
        );
    }

    #[test]
    fn an_edit_logs_only_what_changed() {
        let old = [("a", Value::Int(1)), ("b", Value::Null), ("c", "x".into())];
        let new = [("a", Value::Int(1)), ("b", Value::Bool(true)), ("c", Value::Null)];
        assert_eq!(
            diff(Some(&old), &new, &plain()),
            owned(&[("b", Value::Bool(true)), ("c", Value::Null)])
        );
        assert!(diff(Some(&old), &old, &plain()).is_empty());
    }

    #[test]
    fn a_field_new_to_the_record_counts_as_null_before() {
        let old = [("a", Value::Int(1))];
        let new = [("a", Value::Int(1)), ("d", Value::Null), ("e", Value::Int(2))];
        assert_eq!(diff(Some(&old), &new, &plain()), owned(&[("e", Value::Int(2))]));
    }

    #[test]
    fn a_group_is_logged_whole_when_one_of_its_fields_changes() {
        // A case's stage with its dates and close reason.
        let rules = RecordKind::Case.rules();
        let old = [
            ("stage", Value::from("intervening")),
            ("identified_on", Value::Int(1)),
            ("opened_on", Value::Int(1)),
            ("stage_on", Value::Int(2)),
            ("close_reason", Value::Null),
            ("notes", Value::from("")),
        ];
        let mut new = old.clone();
        new[0].1 = "monitoring".into();
        let logged: Vec<String> = diff(Some(&old), &new, &rules).into_iter().map(|(n, _)| n).collect();
        assert_eq!(
            logged,
            ["stage", "identified_on", "opened_on", "stage_on", "close_reason"]
        );
        // Notes alone is not in the group.
        let mut notes = old.clone();
        notes[5].1 = "Gặp mẹ em".into();
        assert_eq!(
            diff(Some(&old), &notes, &rules),
            owned(&[("notes", "Gặp mẹ em".into())])
        );
    }

    #[test]
    fn derived_fields_are_never_logged() {
        let rules = RecordKind::Case.rules();
        let old = [("first_intervention_on", Value::Null)];
        let new = [("first_intervention_on", Value::Int(5))];
        assert!(diff(Some(&old), &new, &rules).is_empty());
        assert!(diff(None, &new, &rules).is_empty());
    }

    #[test]
    fn a_set_logs_each_member_ticked_or_unticked() {
        let rules = RecordKind::Session.rules();
        let list = |m: &[&str]| Value::List(m.iter().map(|s| s.to_string()).collect());
        let old = [("students", list(&["a", "b"]))];
        let new = [("students", list(&["b", "c"]))];
        assert_eq!(
            diff(Some(&old), &new, &rules),
            owned(&[("students/c", Value::Bool(true)), ("students/a", Value::Bool(false))])
        );
        assert_eq!(
            diff(None, &old, &rules),
            owned(&[("students/a", Value::Bool(true)), ("students/b", Value::Bool(true))])
        );
    }
}
