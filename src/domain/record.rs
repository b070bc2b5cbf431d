//! What every stored record shares: a kind, an id, and a list of named fields. The store
//! diffs the fields of the old and new versions to write the field-level change log that
//! sync and the timeline are built on.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Case, Informed, Profile, Screening, Session, Settings, Student, Support, Visit};

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

    /// How the kind's fields merge (the rules its record type declares).
    pub fn rules(self) -> MergeRules {
        match self {
            RecordKind::Profile => MergeRules::of::<Profile>(),
            RecordKind::Student => MergeRules::of::<Student>(),
            RecordKind::Screening => MergeRules::of::<Screening>(),
            RecordKind::Visit => MergeRules::of::<Visit>(),
            RecordKind::Support => MergeRules::of::<Support>(),
            RecordKind::Case => MergeRules::of::<Case>(),
            RecordKind::Session => MergeRules::of::<Session>(),
            RecordKind::Informed => MergeRules::of::<Informed>(),
            RecordKind::Settings => MergeRules::of::<Settings>(),
        }
    }
}

/// How a kind's fields merge where "per field, the change with the highest HLC wins" is not
/// enough: a kind's [`Record`] consts, gathered for code that has only the kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MergeRules {
    /// [`Record::GROUPS`].
    pub groups: &'static [&'static [&'static str]],
    /// [`Record::DERIVED`].
    pub derived: &'static [&'static str],
    /// [`Record::LOCAL`].
    pub local: &'static [&'static str],
    /// [`Record::SETS`].
    pub sets: &'static [&'static str],
}

impl MergeRules {
    /// The rules record type `R` declares.
    pub fn of<R: Record>() -> MergeRules {
        MergeRules {
            groups: R::GROUPS,
            derived: R::DERIVED,
            local: R::LOCAL,
            sets: R::SETS,
        }
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

impl Value {
    /// The text of a [`Value::Text`].
    pub fn text(&self) -> Option<String> {
        match self {
            Value::Text(s) => Some(s.clone()),
            _ => None,
        }
    }
    pub fn date(&self) -> Option<NaiveDate> {
        match self {
            Value::Date(d) => Some(*d),
            _ => None,
        }
    }
    pub fn flag(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }
    pub fn id(&self) -> Option<Uuid> {
        match self {
            Value::Id(id) => Some(*id),
            _ => None,
        }
    }
    /// The value a [`Value::Text`] names by its stable code (`from_code` reads the code).
    pub fn code<T>(&self, from_code: impl FnOnce(&str) -> Option<T>) -> Option<T> {
        match self {
            Value::Text(code) => from_code(code),
            _ => None,
        }
    }
    /// A [`Value::Int`] that fits `T` and lies in `range`: the bounds the rest of the
    /// domain counts on (sums that can't overflow, a year a date can be made of).
    pub fn int_in<T: TryFrom<i64> + PartialOrd>(&self, range: RangeInclusive<T>) -> Option<T> {
        match self {
            Value::Int(n) => T::try_from(*n).ok().filter(|n| range.contains(n)),
            _ => None,
        }
    }
}

/// A record's fields by name: what the store has after merging each field's winning change,
/// for [`Record::from_fields`] to rebuild the record from.
pub type FieldMap = BTreeMap<String, Value>;

/// Reads a [`FieldMap`] for [`Record::from_fields`]. Every getter gives `None` (no record
/// can be rebuilt) for a value of the wrong shape, including [`Value::Redacted`]; a
/// required field missing or null gives `None` too, while an optional one reads as empty.
/// Fields this version does not know are ignored.
pub struct FieldReader<'a>(pub &'a FieldMap);

impl<'a> FieldReader<'a> {
    /// A required field, read by `read` (one of [`Value`]'s readers).
    pub fn req<T>(&self, name: &str, read: impl FnOnce(&'a Value) -> Option<T>) -> Option<T> {
        match self.0.get(name) {
            None | Some(Value::Null) => None,
            Some(v) => read(v),
        }
    }

    /// An optional field: missing or null is `Some(None)`.
    pub fn opt<T>(&self, name: &str, read: impl FnOnce(&'a Value) -> Option<T>) -> Option<Option<T>> {
        match self.0.get(name) {
            None | Some(Value::Null) => Some(None),
            Some(v) => read(v).map(Some),
        }
    }

    /// A text that may be empty: missing or null is the empty text.
    pub fn text_or_empty(&self, name: &str) -> Option<String> {
        self.opt(name, Value::text).map(Option::unwrap_or_default)
    }

    /// A [`Value::List`] read item by item (one bad item spoils the list); missing or null
    /// is the empty list.
    pub fn list<T, C: FromIterator<T>>(&self, name: &str, item: impl Fn(&str) -> Option<T>) -> Option<C> {
        let read = |v: &Value| match v {
            Value::List(items) => items.iter().map(|s| item(s)).collect::<Option<C>>(),
            _ => None,
        };
        self.opt(name, read)
            .map(|list| list.unwrap_or_else(|| std::iter::empty().collect()))
    }
}

/// A record that the store writes through its one write path.
pub trait Record {
    const KIND: RecordKind;
    /// Fields only valid together: they merge as one unit, the side with the highest HLC
    /// among the group's changes winning the whole group.
    const GROUPS: &'static [&'static [&'static str]] = &[];
    /// Fields recomputed from the records on every device after every change: never logged
    /// nor sent, never taken from another device.
    const DERIVED: &'static [&'static str] = &[];
    /// Fields of this device only: never sent.
    const LOCAL: &'static [&'static str] = &[];
    /// Lists whose members merge one by one: each member's addition or removal is a change
    /// of its own, and the latest for that member wins.
    const SETS: &'static [&'static str] = &[];
    /// The record's id (for the profile, a fixed id; for a screening, its student's id).
    fn id(&self) -> Uuid;
    /// Every field with its current value, in a fixed order.
    fn fields(&self) -> Vec<(&'static str, Value)>;
    /// The record with id `id` rebuilt from its fields as [`Record::fields`] writes them
    /// (the same names, shapes and codes), read with a [`FieldReader`]: `None` when it
    /// can't be (a required field missing, a wrong shape, an unknown code, a redacted
    /// value, a number out of its range). Never panics: the fields may come from another
    /// device.
    fn from_fields(id: Uuid, fields: &FieldMap) -> Option<Self>
    where
        Self: Sized;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testkit::{every_fields, field_names, map};
    use proptest::prelude::*;

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

    #[test]
    fn every_merge_rule_names_fields_of_its_kind_each_under_one_rule() {
        for kind in RecordKind::ALL {
            let rules = kind.rules();
            let named: Vec<&str> = (rules.groups.iter().flat_map(|g| g.iter()))
                .chain(rules.derived)
                .chain(rules.local)
                .chain(rules.sets)
                .copied()
                .collect();
            let fields = field_names(kind);
            for name in &named {
                assert!(fields.contains(name), "{kind:?}: {name} is not a field");
                let times = named.iter().filter(|n| *n == name).count();
                assert_eq!(times, 1, "{kind:?}: {name} is under {times} rules");
            }
            // A group of one would merge as the field alone does.
            assert!(rules.groups.iter().all(|g| g.len() > 1), "{kind:?}");
        }
    }

    #[test]
    fn each_kind_takes_the_rules_of_its_own_record_type() {
        fn own<R: Record>() -> bool {
            R::KIND.rules() == MergeRules::of::<R>()
        }
        assert!(own::<Profile>() && own::<Student>() && own::<Screening>());
        assert!(own::<Visit>() && own::<Support>() && own::<Case>());
        assert!(own::<Session>() && own::<Informed>() && own::<Settings>());
        // The kinds that declare rules, and only they.
        let none = MergeRules {
            groups: &[],
            derived: &[],
            local: &[],
            sets: &[],
        };
        let ruled: Vec<RecordKind> = RecordKind::ALL.into_iter().filter(|k| k.rules() != none).collect();
        use RecordKind as K;
        assert_eq!(ruled, [K::Profile, K::Screening, K::Support, K::Case, K::Session]);
    }

    /// Every value a record of any kind writes (the texts, codes and lists the fields
    /// really hold), so random field maps mix sound values with wrong ones.
    fn every_value() -> Vec<Value> {
        let all = RecordKind::ALL.into_iter().flat_map(every_fields).flatten();
        all.map(|(_, v)| v).collect()
    }

    /// `from_fields` on `fields`; what it gives is rebuilt unchanged from its own fields.
    fn rebuild<R: Record + PartialEq + std::fmt::Debug>(id: Uuid, fields: &FieldMap) -> bool {
        let Some(r) = R::from_fields(id, fields) else {
            return false;
        };
        assert_eq!(R::from_fields(r.id(), &map(r.fields())).as_ref(), Some(&r));
        true
    }

    fn rebuild_kind(kind: RecordKind, id: Uuid, fields: &FieldMap) -> bool {
        match kind {
            RecordKind::Profile => rebuild::<Profile>(id, fields),
            RecordKind::Student => rebuild::<Student>(id, fields),
            RecordKind::Screening => rebuild::<Screening>(id, fields),
            RecordKind::Visit => rebuild::<Visit>(id, fields),
            RecordKind::Support => rebuild::<Support>(id, fields),
            RecordKind::Case => rebuild::<Case>(id, fields),
            RecordKind::Session => rebuild::<Session>(id, fields),
            RecordKind::Informed => rebuild::<Informed>(id, fields),
            RecordKind::Settings => rebuild::<Settings>(id, fields),
        }
    }

    fn any_value() -> impl Strategy<Value = Value> {
        prop_oneof![
            4 => prop::sample::select(every_value()),
            1 => Just(Value::Null),
            1 => Just(Value::Redacted),
            1 => any::<bool>().prop_map(Value::Bool),
            1 => any::<i64>().prop_map(Value::Int),
            1 => (-2i64..400).prop_map(Value::Int),
            1 => "[a-z_ ]{0,12}".prop_map(Value::Text),
        ]
    }

    /// Random fields for a record of `kind`: mostly a value its field really holds, else
    /// any value, or none.
    fn fields_of(kind: RecordKind) -> impl Strategy<Value = FieldMap> {
        let own = every_fields(kind).concat();
        let per_field: Vec<_> = field_names(kind)
            .into_iter()
            .map(|name| {
                let held: Vec<Value> = own.iter().filter(|(n, _)| *n == name).map(|(_, v)| v.clone()).collect();
                prop_oneof![
                    18 => prop::sample::select(held).prop_map(Some),
                    1 => any_value().prop_map(Some),
                    1 => Just(None),
                ]
                .prop_map(move |v| v.map(|v| (name.to_string(), v)))
            })
            .collect();
        per_field.prop_map(|fields| fields.into_iter().flatten().collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

        /// Fields from another device may hold anything: `from_fields` never panics, and a
        /// record it gives writes fields it reads back as the same record.
        #[test]
        fn any_fields_rebuild_a_stable_record_or_none(
            (kind, fields) in prop::sample::select(RecordKind::ALL.to_vec()).prop_flat_map(|k| (Just(k), fields_of(k))),
            id in prop::sample::select(vec![Uuid::from_u128(0), Uuid::from_u128(1), Uuid::from_u128(7)]),
        ) {
            rebuild_kind(kind, id, &fields);
        }
    }
}
