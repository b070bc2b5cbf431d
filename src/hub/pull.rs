//! A report reader's side: what the hub hands over for a period is checked class by class
//! (each publication's signature against the key the hub enrolled for the device, a device
//! revoked since refused, the account and period in the signed header, the class, school,
//! school year and period inside the decrypted figures) before any figure is counted.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDate;
use sotay_wire::api::{ClassData, ReportData, bytes_from_text, key_from_text};
use sotay_wire::figures;
use sotay_wire::reader::Scope;

use crate::i18n::Lang;
use crate::report::area::{AreaLevel, merge_area};
use crate::report::merge::{self, MergeError, MergeWarning, Missing, MissingWhy, SchoolReport};
use crate::report::{Document, Figures, document};

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
    let figures = Figures::from_text(&text).map_err(|e| unreadable(e.to_string()))?;
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

fn decrypt(ciphertext: &[u8], identity: &age::x25519::Identity) -> Option<Vec<u8>> {
    use std::io::Read;
    let decryptor = age::Decryptor::new(ciphertext).ok()?;
    let mut reader = decryptor
        .decrypt(std::iter::once(identity as &dyn age::Identity))
        .ok()?;
    let mut plain = Vec::new();
    reader.read_to_end(&mut plain).ok()?;
    Some(plain)
}

/// The report made of what was pulled, as `report merge` makes one.
pub struct Built {
    pub doc: Document,
    /// Classes and schools counted.
    pub classes: usize,
    pub schools: usize,
    /// Classes (`SCHOOL CLASS`) and, in an area's report, schools without figures, each
    /// with the day it last sent any.
    pub missing: Vec<(String, Missing)>,
    /// The merges' warnings (places the classes spell otherwise, figures not counted).
    pub warnings: Vec<MergeWarning>,
}

#[derive(Debug)]
pub enum BuildError {
    /// No class of the scope has figures to count: the classes missing, to chase.
    Nothing {
        missing: Vec<(String, Missing)>,
    },
    Merge(MergeError),
    /// The hub named a scope that is not one.
    BadScope,
}

/// A school's report by class for a school's scope, else an area's by school with totals;
/// every class or school without figures listed with since when.
pub fn build(data: &ReportData, pulled: &[PulledClass], today: NaiveDate, lang: Lang) -> Result<Built, BuildError> {
    let scope = Scope::parse(&data.scope).map_err(|_| BuildError::BadScope)?;
    let place = data.place.clone().unwrap_or_else(|| data.scope.clone());
    // Per school (every school of the scope, in code order): its classes' figures, and
    // the classes without.
    let mut by_school: BTreeMap<&str, SchoolPull> = BTreeMap::new();
    for s in &data.schools {
        by_school.entry(s.code.as_str()).or_default();
    }
    for c in pulled {
        let slot = by_school.entry(c.school.as_str()).or_default();
        slot.last_sent = slot.last_sent.max(c.last_sent);
        match &c.outcome {
            ClassOutcome::Figures(f) => slot.classes.push((source(&c.class), (**f).clone())),
            other => slot.missing.push(Missing {
                name: c.class.clone(),
                last_sent: c.last_sent,
                why: match other {
                    ClassOutcome::Withheld => Some(MissingWhy::NotToThisReader),
                    ClassOutcome::Refused(_) => Some(MissingWhy::Refused),
                    _ => None,
                },
            }),
        }
    }
    let mut missing = Vec::new();
    let mut reports: Vec<SchoolReport> = Vec::new();
    let mut missing_schools = Vec::new();
    let area = !matches!(scope, Scope::School(_));
    for (code, school) in by_school {
        // An area lists a school that sent nothing once, as its report does, not also
        // each of its classes.
        if !(area && school.classes.is_empty()) {
            missing.extend(school.missing.iter().map(|m| (format!("{code} {}", m.name), m.clone())));
        }
        if school.classes.is_empty() {
            let name = data
                .schools
                .iter()
                .find(|s| s.code == code)
                .and_then(|s| s.name.clone())
                .unwrap_or_else(|| code.to_string());
            missing_schools.push(Missing {
                name,
                last_sent: school.last_sent,
                why: None,
            });
            continue;
        }
        let mut report = merge::merge(school.classes, today).map_err(BuildError::Merge)?;
        report.missing = school.missing;
        reports.push(report);
    }
    let classes = reports.iter().map(|r| r.classes.len()).sum();
    let schools = reports.len();
    let warnings = reports.iter().flat_map(|r| r.warnings.iter().cloned()).collect();
    let doc = match scope {
        Scope::School(_) => match reports.pop() {
            Some(report) => document::school_report(&report, lang),
            None => return Err(BuildError::Nothing { missing }),
        },
        Scope::Commune(code) | Scope::Province(code) => {
            missing.extend(missing_schools.iter().map(|m| (m.name.clone(), m.clone())));
            if reports.is_empty() {
                return Err(BuildError::Nothing { missing });
            }
            let level = match data.scope.starts_with("commune:") {
                true => AreaLevel::Commune,
                false => AreaLevel::Province,
            };
            let area = merge_area(level, place, code, reports, missing_schools, today).map_err(BuildError::Merge)?;
            document::area_report(&area, lang)
        }
    };
    Ok(Built {
        doc,
        classes,
        schools,
        missing,
        warnings,
    })
}

#[derive(Default)]
struct SchoolPull {
    classes: Vec<(PathBuf, Figures)>,
    missing: Vec<Missing>,
    last_sent: Option<NaiveDate>,
}

/// Where a class's figures came from, as a report's list of sources shows it.
fn source(class: &str) -> PathBuf {
    PathBuf::from(format!("sotay-hub: {class}"))
}

/// The language the pulled figures agree on, if they do.
pub fn common_lang(pulled: &[PulledClass]) -> Option<Lang> {
    let mut langs = pulled.iter().filter_map(|c| match &c.outcome {
        ClassOutcome::Figures(f) => Some(f.lang),
        _ => None,
    });
    let first = langs.next()??;
    langs.all(|l| l == Some(first)).then_some(first)
}
