//! The merge rules: how a record's fields are worked out from every change logged for it,
//! on whichever device and in whatever order they arrived. No I/O: the store reads the
//! history and writes the result (see `Store::apply`). `docs/sync.md` states each rule with
//! an example; the tests below follow them.
//!
//! A record is a function of its set of changes, never of the order they came in: that is
//! what makes every device converge.

use std::collections::BTreeMap;

use crate::domain::{FieldMap, RecordKind, Value};
use crate::store::{Change, Hlc, split_member};

/// What a record's history comes to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Folded {
    /// A tombstone is in the history: deletion wins over every edit, older or newer.
    Deleted { at: Hlc },
    /// The winning value of each field (derived fields left out: they are recomputed).
    Fields(FieldMap),
}

/// Folds one record's history (any order) into its fields:
/// - per field, the change with the highest clock reading wins;
/// - a group's fields all come from the group's newest commit (the one with the highest
///   reading among the group's changes); a field that commit did not log keeps its value
///   as of that commit;
/// - a set field is the members whose latest tick is a tick (`keep` drops members that no
///   longer exist, such as deleted pupils);
/// - derived fields are left out, whoever logged them.
pub fn fold(kind: RecordKind, history: &[Change], keep: &dyn Fn(&str) -> bool) -> Folded {
    if let Some(at) = history.iter().filter(|c| c.is_tombstone()).map(|c| c.hlc).max() {
        return Folded::Deleted { at };
    }
    let rules = kind.rules();
    let mut sorted: Vec<&Change> = history.iter().collect();
    sorted.sort_by_key(|c| c.hlc);
    let mut latest: BTreeMap<&str, &Change> = BTreeMap::new();
    let mut members: BTreeMap<&str, BTreeMap<String, (Hlc, bool)>> = BTreeMap::new();
    for c in &sorted {
        let Some(value) = &c.value else { continue };
        if let Some((set, member)) = split_member(&c.field).filter(|(set, _)| rules.sets.contains(set)) {
            let ticked = matches!(value, Value::Bool(true));
            members
                .entry(set)
                .or_default()
                .insert(member.to_string(), (c.hlc, ticked));
        } else if rules.sets.contains(&c.field.as_str()) {
            // A whole list, as sotay logged sets before they merged member by member: the
            // set became exactly this list at this reading.
            let listed: Vec<String> = match value {
                Value::List(l) => l.clone(),
                _ => Vec::new(),
            };
            let set = members
                .entry(rules.sets.iter().find(|s| **s == c.field).copied().unwrap_or_default())
                .or_default();
            for state in set.values_mut() {
                *state = (c.hlc, false);
            }
            for m in listed {
                set.insert(m, (c.hlc, true));
            }
        } else if !rules.derived.contains(&c.field.as_str()) {
            // Sorted by reading: the last one seen is the newest.
            latest.insert(&c.field, c);
        }
    }
    let mut fields = FieldMap::new();
    for (name, c) in &latest {
        if let Some(v) = &c.value {
            fields.insert(name.to_string(), v.clone());
        }
    }
    for group in rules.groups {
        let Some(winner) = group.iter().filter_map(|g| latest.get(g)).map(|c| c.hlc).max() else {
            continue;
        };
        for g in *group {
            // The value the field had as of the winning commit: its newest change at or
            // before it (all of them are, since the winner is the group's newest).
            let value = sorted
                .iter()
                .rev()
                .find(|c| c.field == *g && c.hlc <= winner)
                .and_then(|c| c.value.clone());
            match value {
                Some(v) => fields.insert(g.to_string(), v),
                None => fields.remove(*g),
            };
        }
    }
    for set in rules.sets {
        let ticked: Vec<String> = members
            .get(set)
            .into_iter()
            .flatten()
            .filter(|(m, (_, on))| *on && keep(m))
            .map(|(m, _)| m.clone())
            .collect();
        fields.insert(set.to_string(), Value::List(ticked));
    }
    Folded::Fields(fields)
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::*;

    const A: Uuid = Uuid::from_u128(0xa);
    const B: Uuid = Uuid::from_u128(0xb);
    const REC: Uuid = Uuid::from_u128(0x51);

    fn at(millis: u64, device: Uuid) -> Hlc {
        Hlc {
            millis,
            counter: 0,
            device,
        }
    }

    fn change(kind: RecordKind, field: &str, value: impl Into<Value>, hlc: Hlc) -> Change {
        Change {
            kind,
            id: REC,
            field: field.into(),
            value: Some(value.into()),
            hlc,
        }
    }

    fn fields_of(kind: RecordKind, history: &[Change]) -> FieldMap {
        match fold(kind, history, &|_| true) {
            Folded::Fields(f) => f,
            Folded::Deleted { .. } => panic!("deleted"),
        }
    }

    /// Every order of the history folds the same.
    fn every_order(kind: RecordKind, history: &[Change]) -> Folded {
        let first = fold(kind, history, &|_| true);
        let mut reversed = history.to_vec();
        reversed.reverse();
        assert_eq!(fold(kind, &reversed, &|_| true), first);
        for k in 0..history.len() {
            let mut rotated = history.to_vec();
            rotated.rotate_left(k);
            assert_eq!(fold(kind, &rotated, &|_| true), first);
        }
        first
    }

    #[test]
    fn per_field_the_newest_reading_wins_whatever_the_order() {
        // The school PC corrects the phone at 10:00; the laptop the address at 09:00 and the
        // phone at 11:00.
        let history = [
            change(RecordKind::Student, "phone", "0901 000 001", at(10, A)),
            change(RecordKind::Student, "address", "Thôn Thử, xã Mẫu", at(9, B)),
            change(RecordKind::Student, "phone", "0901 000 002", at(11, B)),
        ];
        let Folded::Fields(f) = every_order(RecordKind::Student, &history) else {
            panic!()
        };
        assert_eq!(f["phone"], Value::from("0901 000 002"));
        assert_eq!(f["address"], Value::from("Thôn Thử, xã Mẫu"));
    }

    #[test]
    fn the_device_breaks_a_tie_of_the_same_millisecond() {
        let history = [
            change(RecordKind::Student, "notes", "từ máy A", at(5, A)),
            change(RecordKind::Student, "notes", "từ máy B", at(5, B)),
        ];
        let Folded::Fields(f) = every_order(RecordKind::Student, &history) else {
            panic!()
        };
        assert_eq!(f["notes"], Value::from("từ máy B"));
    }

    #[test]
    fn a_support_status_comes_with_its_own_dates() {
        // A marks the scholarship referred on 1/10 (logged whole at 10); B, offline, marks it
        // delivered on 5/10 (logged whole at 12): B's status wins with B's dates, never
        // "delivered" with A's referral date mixed in.
        let d = |day| Value::Date(chrono::NaiveDate::from_ymd_opt(2026, 10, day).unwrap());
        let group = |status: &str, referred: Value, delivered: Value, h: Hlc| {
            vec![
                change(RecordKind::Support, "status", status, h),
                change(RecordKind::Support, "planned_on", Value::Null, h),
                change(RecordKind::Support, "referred_on", referred, h),
                change(RecordKind::Support, "delivered_on", delivered, h),
                change(RecordKind::Support, "declined_on", Value::Null, h),
            ]
        };
        let mut history = group("referred", d(1), Value::Null, at(10, A));
        history.extend(group("delivered", Value::Null, d(5), at(12, B)));
        let Folded::Fields(f) = every_order(RecordKind::Support, &history) else {
            panic!()
        };
        assert_eq!(f["status"], Value::from("delivered"));
        assert_eq!(f["delivered_on"], d(5));
        assert_eq!(f.get("referred_on"), Some(&Value::Null));
    }

    #[test]
    fn a_group_field_missing_from_the_winning_commit_keeps_its_value_as_of_it() {
        // An older notebook logged only the stage when it changed.
        let history = [
            change(RecordKind::Case, "stage", "identified", at(1, A)),
            change(RecordKind::Case, "stage_on", Value::Int(1), at(1, A)),
            change(RecordKind::Case, "stage", "intervening", at(3, A)),
        ];
        let f = fields_of(RecordKind::Case, &history);
        assert_eq!(
            (f["stage"].clone(), f["stage_on"].clone()),
            ("intervening".into(), Value::Int(1))
        );
    }

    #[test]
    fn derived_fields_are_never_taken_from_the_log() {
        let history = [
            change(RecordKind::Case, "stage", "identified", at(1, A)),
            change(RecordKind::Case, "first_intervention_on", Value::Int(9), at(2, B)),
        ];
        assert!(!fields_of(RecordKind::Case, &history).contains_key("first_intervention_on"));
    }

    #[test]
    fn each_pupils_tick_merges_on_its_own() {
        // A ticks Lan and Minh; B, offline, ticks Hoa and unticks Minh later than A's tick.
        let history = [
            change(RecordKind::Session, "students/lan", Value::Bool(true), at(10, A)),
            change(RecordKind::Session, "students/minh", Value::Bool(true), at(10, A)),
            change(RecordKind::Session, "students/hoa", Value::Bool(true), at(11, B)),
            change(RecordKind::Session, "students/minh", Value::Bool(false), at(12, B)),
        ];
        let Folded::Fields(f) = every_order(RecordKind::Session, &history) else {
            panic!()
        };
        assert_eq!(f["students"], Value::List(vec!["hoa".into(), "lan".into()]));
        // A deleted pupil's tick is dropped.
        let Folded::Fields(f) = fold(RecordKind::Session, &history, &|m| m != "lan") else {
            panic!()
        };
        assert_eq!(f["students"], Value::List(vec!["hoa".into()]));
    }

    #[test]
    fn an_old_whole_list_sets_the_members_at_its_reading() {
        let history = [
            change(
                RecordKind::Session,
                "students",
                Value::List(vec!["lan".into(), "minh".into()]),
                at(1, A),
            ),
            change(
                RecordKind::Session,
                "students",
                Value::List(vec!["minh".into()]),
                at(2, A),
            ),
            change(RecordKind::Session, "students/hoa", Value::Bool(true), at(3, B)),
        ];
        let f = fields_of(RecordKind::Session, &history);
        assert_eq!(f["students"], Value::List(vec!["hoa".into(), "minh".into()]));
    }

    #[test]
    fn a_delete_wins_over_any_edit_newer_or_older() {
        let mut history = vec![
            change(RecordKind::Student, "name", "Trần Văn Thử", at(1, A)),
            change(RecordKind::Student, "notes", "sửa sau khi xoá", at(9, B)),
        ];
        history.push(Change {
            kind: RecordKind::Student,
            id: REC,
            field: crate::store::DELETED.into(),
            value: None,
            hlc: at(5, A),
        });
        assert_eq!(
            every_order(RecordKind::Student, &history),
            Folded::Deleted { at: at(5, A) }
        );
    }
}
