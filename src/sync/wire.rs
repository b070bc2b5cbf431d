//! The encoding of changes inside a sealed batch: postcard over structs whose every choice
//! is a stable text code (the record kind, the field, the value's type), never a serde
//! variant index, so a reordered enum can never change what a batch means. The golden test
//! below pins the bytes of a change of every record kind.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::{RecordKind, Value};
use crate::store::{Change, DELETED, Hlc};

/// The version of the payload inside a batch (the envelope has its own).
pub const PAYLOAD_VERSION: u16 = 1;

/// What a batch carries: whole commits of one device, oldest first.
#[derive(Serialize, Deserialize)]
struct Payload {
    version: u16,
    changes: Vec<WireChange>,
}

#[derive(Serialize, Deserialize)]
struct WireChange {
    kind: String,
    id: Uuid,
    field: String,
    /// "null", "text", "date", "int", "bool", "list", "id", "redacted", or "deleted" (a
    /// tombstone). Which of the fields below holds the value follows from it.
    tag: String,
    text: Option<String>,
    int: Option<i64>,
    list: Vec<String>,
    millis: u64,
    counter: u32,
    device: Uuid,
}

/// Why a decrypted payload could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WireError {
    #[error("the changes are in format {0}, newer than this sotay reads")]
    Newer(u16),
    #[error("the changes cannot be read: {0}")]
    Malformed(String),
}

pub fn encode(changes: &[Change]) -> Vec<u8> {
    let payload = Payload {
        version: PAYLOAD_VERSION,
        changes: changes.iter().map(to_wire).collect(),
    };
    postcard::to_stdvec(&payload).expect("our types always encode")
}

pub fn decode(bytes: &[u8]) -> Result<Vec<Change>, WireError> {
    // The version comes first: a newer payload is told apart from a damaged one.
    let (version, _) = postcard::take_from_bytes::<u16>(bytes).map_err(|e| WireError::Malformed(e.to_string()))?;
    if version > PAYLOAD_VERSION {
        return Err(WireError::Newer(version));
    }
    let (payload, rest) =
        postcard::take_from_bytes::<Payload>(bytes).map_err(|e| WireError::Malformed(e.to_string()))?;
    if !rest.is_empty() {
        return Err(WireError::Malformed(format!("{} bytes after the changes", rest.len())));
    }
    payload
        .changes
        .into_iter()
        .enumerate()
        .map(|(n, w)| from_wire(w).map_err(|e| WireError::Malformed(format!("change {n}: {e}"))))
        .collect()
}

impl WireError {
    /// A stable ASCII code for the reason, for messages and logs.
    pub fn code(&self) -> &'static str {
        match self {
            WireError::Newer(_) => "payload-newer",
            WireError::Malformed(_) => "payload-malformed",
        }
    }
}

fn to_wire(c: &Change) -> WireChange {
    let mut w = WireChange {
        kind: c.kind.code().into(),
        id: c.id,
        field: c.field.clone(),
        tag: String::new(),
        text: None,
        int: None,
        list: Vec::new(),
        millis: c.hlc.millis,
        counter: c.hlc.counter,
        device: c.hlc.device,
    };
    let tag = match &c.value {
        None => "deleted",
        Some(Value::Null) => "null",
        Some(Value::Text(t)) => {
            w.text = Some(t.clone());
            "text"
        }
        Some(Value::Date(d)) => {
            w.text = Some(d.format("%Y-%m-%d").to_string());
            "date"
        }
        Some(Value::Int(i)) => {
            w.int = Some(*i);
            "int"
        }
        Some(Value::Bool(b)) => {
            w.int = Some(i64::from(*b));
            "bool"
        }
        Some(Value::List(l)) => {
            w.list = l.clone();
            "list"
        }
        Some(Value::Id(id)) => {
            w.text = Some(id.to_string());
            "id"
        }
        Some(Value::Redacted) => "redacted",
    };
    w.tag = tag.into();
    w
}

fn from_wire(w: WireChange) -> Result<Change, String> {
    let kind = RecordKind::from_code(&w.kind).ok_or_else(|| format!("unknown record kind {:?}", w.kind))?;
    let text = || {
        w.text
            .clone()
            .ok_or_else(|| format!("a {} value without its text", w.tag))
    };
    let value = match w.tag.as_str() {
        "deleted" => None,
        "null" => Some(Value::Null),
        "text" => Some(Value::Text(text()?)),
        "date" => Some(Value::Date(
            NaiveDate::parse_from_str(&text()?, "%Y-%m-%d").map_err(|_| "a date that is not yyyy-mm-dd".to_string())?,
        )),
        "int" => Some(Value::Int(w.int.ok_or("an int without its number")?)),
        "bool" => match w.int {
            Some(0) => Some(Value::Bool(false)),
            Some(1) => Some(Value::Bool(true)),
            _ => return Err("a bool that is not 0 or 1".into()),
        },
        "list" => Some(Value::List(w.list.clone())),
        "id" => Some(Value::Id(
            Uuid::parse_str(&text()?).map_err(|_| "an id that is not a uuid".to_string())?,
        )),
        "redacted" => Some(Value::Redacted),
        other => return Err(format!("unknown value type {other:?}")),
    };
    if value.is_none() != (w.field == DELETED) {
        return Err("a deletion must be the record's only field".into());
    }
    Ok(Change {
        kind,
        id: w.id,
        field: w.field,
        value,
        hlc: Hlc {
            millis: w.millis,
            counter: w.counter,
            device: w.device,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Record;
    use crate::domain::testkit;

    const DEVICE: Uuid = Uuid::from_u128(0x0194_0000_0000_7000_8000_0000_0000_00d1);

    fn logged<R: Record>(r: &R, millis: u64) -> Vec<Change> {
        let hlc = Hlc {
            millis,
            counter: 0,
            device: DEVICE,
        };
        crate::store::change::diff(None, &r.fields(), &R::KIND.rules())
            .into_iter()
            .map(|(field, value)| Change {
                kind: R::KIND,
                id: r.id(),
                field,
                value: Some(value),
                hlc,
            })
            .collect()
    }

    /// The first sample record of every kind as a device logs it new, and a deletion.
    fn one_of_each() -> Vec<Change> {
        let mut all = Vec::new();
        all.extend(logged(&testkit::every_profile()[0], 1));
        all.extend(logged(&testkit::every_student()[0], 2));
        all.extend(logged(&testkit::every_screening()[0], 3));
        all.extend(logged(&testkit::every_visit()[0], 4));
        all.extend(logged(&testkit::every_support()[0], 5));
        all.extend(logged(&testkit::every_case()[0], 6));
        all.extend(logged(&testkit::every_session()[0], 7));
        all.extend(logged(&testkit::every_informed()[0], 8));
        all.extend(logged(&testkit::every_settings()[0], 9));
        all.push(Change {
            kind: RecordKind::Visit,
            id: Uuid::from_u128(0x7001),
            field: DELETED.into(),
            value: None,
            hlc: Hlc {
                millis: 10,
                counter: 1,
                device: DEVICE,
            },
        });
        all
    }

    #[test]
    fn every_kind_round_trips() {
        let all = one_of_each();
        let kinds: std::collections::BTreeSet<RecordKind> = all.iter().map(|c| c.kind).collect();
        assert_eq!(
            kinds.len(),
            RecordKind::ALL.len(),
            "a kind is missing from the golden batch"
        );
        assert_eq!(decode(&encode(&all)).unwrap(), all);
    }

    #[test]
    fn the_encoding_of_every_kind_is_pinned() {
        // If this fails, batches already sent would be read differently: add a new
        // PAYLOAD_VERSION instead of changing the encoding.
        let bytes = encode(&one_of_each());
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        insta::assert_snapshot!(hex);
    }

    #[test]
    fn a_newer_payload_is_told_apart_from_a_damaged_one() {
        let mut newer = encode(&one_of_each());
        newer[0] = 2;
        assert_eq!(decode(&newer), Err(WireError::Newer(2)));
        let bytes = encode(&one_of_each());
        assert!(matches!(
            decode(&bytes[..bytes.len() - 3]),
            Err(WireError::Malformed(_))
        ));
        let mut extra = bytes.clone();
        extra.push(0);
        assert!(matches!(decode(&extra), Err(WireError::Malformed(_))));
    }
}
