//! A report reader's side: what the hub hands over for a period is checked class by class
//! (each publication's signature against the key the hub enrolled for the device, a device
//! revoked since refused, the account and period in the signed header, the class, school,
//! school year and period inside the decrypted figures) before any figure is counted.

use chrono::NaiveDate;
use sotay_wire::api::{ClassData, ReportData, bytes_from_text, key_from_text};
use sotay_wire::figures;

use crate::report::Figures;
use crate::report::figures::FiguresError;

/// A class's figures, opened and checked, or why it has none.
#[derive(Debug)]
pub enum ClassOutcome {
    Figures(Box<Figures>),
    /// It sent none for the period.
    Missing,
    /// It sent some, none sealed to this reader's key.
    Withheld,
    /// What it sent was refused (the reason of the newest publication).
    Refused(FigureRefusal),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FigureRefusal {
    UnknownDevice,
    RevokedDevice,
    BadSignature,
    Undecryptable,
    NotThisClass,
    Unreadable(String),
}

/// One class as pulled.
#[derive(Debug)]
pub struct PulledClass {
    pub school: String,
    pub class: String,
    /// When it last sent figures of any period.
    pub last_sent: Option<NaiveDate>,
    pub outcome: ClassOutcome,
}

/// Opens every class of the report's data with the reader's key.
pub fn open_all(data: &ReportData, identity: &age::x25519::Identity) -> Vec<PulledClass> {
    let mut out = Vec::new();
    for school in &data.schools {
        for class in &school.classes {
            out.push(PulledClass {
                school: school.code.clone(),
                class: class.class.clone(),
                last_sent: class.last_sent.as_deref().and_then(day_of),
                outcome: open_class(&school.code, class, &data.period, identity),
            });
        }
    }
    out
}

/// The day of an RFC 3339 time, in Vietnam's time zone (UTC+7, no daylight saving).
fn day_of(rfc3339: &str) -> Option<NaiveDate> {
    let at = chrono::DateTime::parse_from_rfc3339(rfc3339).ok()?;
    let vietnam = chrono::FixedOffset::east_opt(7 * 3600)?;
    Some(at.with_timezone(&vietnam).date_naive())
}

/// The newest publication that passes every check, else the newest one's refusal.
fn open_class(school: &str, class: &ClassData, period: &str, identity: &age::x25519::Identity) -> ClassOutcome {
    if class.figures.is_empty() {
        return if class.withheld {
            ClassOutcome::Withheld
        } else {
            ClassOutcome::Missing
        };
    }
    let mut first_refusal = None;
    for text in &class.figures {
        match open_one(school, class, period, text, identity) {
            Ok(f) => return ClassOutcome::Figures(Box::new(f)),
            Err(r) => {
                first_refusal.get_or_insert(r);
            }
        }
    }
    ClassOutcome::Refused(first_refusal.unwrap_or(FigureRefusal::Unreadable("empty".into())))
}

fn open_one(
    school: &str,
    class: &ClassData,
    period: &str,
    text: &str,
    identity: &age::x25519::Identity,
) -> Result<Figures, FigureRefusal> {
    let unreadable = |m: String| FigureRefusal::Unreadable(m);
    let sealed = bytes_from_text(text).ok_or_else(|| unreadable("not base64".into()))?;
    let parsed = figures::parse(&sealed).map_err(|e| unreadable(e.to_string()))?;
    let h = &parsed.header;
    let device = class
        .devices
        .iter()
        .find(|d| d.device == h.device)
        .ok_or(FigureRefusal::UnknownDevice)?;
    if device.revoked {
        return Err(FigureRefusal::RevokedDevice);
    }
    let public = key_from_text(&device.public_key).ok_or(FigureRefusal::UnknownDevice)?;
    parsed
        .check_signature(&public)
        .map_err(|_| FigureRefusal::BadSignature)?;
    if class.account != Some(h.account) || h.period != period {
        return Err(FigureRefusal::NotThisClass);
    }
    let plain = decrypt(parsed.ciphertext, identity).ok_or(FigureRefusal::Undecryptable)?;
    let text = String::from_utf8(plain).map_err(|_| unreadable("not UTF-8".into()))?;
    let figures = Figures::from_text(&text).map_err(|e| unreadable(figures_error(&e)))?;
    let fh = &figures.header;
    if fh.school_code.trim() != school
        || fh.class.trim() != class.class.trim()
        || fh.school_year.to_string() != class.school_year
        || fh.period.code() != period
    {
        return Err(FigureRefusal::NotThisClass);
    }
    Ok(figures)
}

fn figures_error(e: &FiguresError) -> String {
    e.to_string()
}

fn decrypt(ciphertext: &[u8], identity: &age::x25519::Identity) -> Option<Vec<u8>> {
    use std::io::Read;
    let decryptor = age::Decryptor::new(ciphertext).ok()?;
    let mut reader = decryptor.decrypt(std::iter::once(identity as &dyn age::Identity)).ok()?;
    let mut plain = Vec::new();
    reader.read_to_end(&mut plain).ok()?;
    Some(plain)
}
