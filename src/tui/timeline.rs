//! One pupil's timeline: visits, supports, case moves and edits from the change log, newest
//! first, each with its date. Built in `update` from the casebook and the store's change
//! log when the timeline opens (or after a save); drawing only reads it.

use chrono::{DateTime, Local, NaiveDate};
use uuid::Uuid;

use crate::domain::{
    Case, CloseReason, Decision, RecordKind, RiskFactor, Sector, Sex, Stage, Status, Support, SupportStatus,
    SupportType, Value, Visit,
};
use crate::i18n::case::C;
use crate::i18n::{Lang, domain as d};
use crate::store::{Change, Hlc};
use crate::text;
use crate::tui::widgets::{sex_label, stored_field_label};

/// The timeline screen's state.
#[derive(Clone, Debug)]
pub struct TimelineState {
    pub student_id: Uuid,
    pub name: String,
    /// Index of the selected entry.
    pub selected: usize,
    /// The first entry drawn.
    pub offset: usize,
    /// The pupil's status (the latest screening's decision).
    pub status: Status,
    /// The pupil's case, stored or implicit, as shown (an implicit case's first
    /// intervention read from the records); none when the child was never identified.
    pub case: Option<Case>,
    /// The latest day the pupil, and the parents, were informed: by the teacher's marks or
    /// by a session they were at.
    pub informed_student: Option<NaiveDate>,
    pub informed_parents: Option<NaiveDate>,
    /// Newest first.
    pub entries: Vec<Entry>,
}

impl TimelineState {
    pub fn selected_entry(&self) -> Option<&Entry> {
        self.entries.get(self.selected)
    }
}

/// One line of the timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// The date shown: the visit's, the support's current status's, the move's, or the day
    /// of the save for an edit.
    pub day: NaiveDate,
    /// When it was logged: orders entries of the same day, newest first.
    pub at: Hlc,
    pub what: EntryKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum EntryKind {
    Visit(Box<Visit>),
    Support(Box<Support>),
    /// A save of the case that changed its stage. `from` is `None` when the case opened.
    Move {
        from: Option<Stage>,
        to: Stage,
        reason: Option<CloseReason>,
        changes: Vec<(String, Value)>,
    },
    /// A save of the pupil's details or screening, or a later save of a visit or a support.
    Edit {
        subject: Subject,
        created: bool,
        changes: Vec<(String, Value)>,
        /// The day it was saved: the entry's date, except for a screening's, which is dated
        /// by the screening.
        saved_on: NaiveDate,
    },
}

/// What an edit changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subject {
    Pupil,
    Screening,
    /// A visit, by its date.
    Visit(NaiveDate),
    Support(SupportType),
}

impl Subject {
    fn kind(self) -> RecordKind {
        match self {
            Subject::Pupil => RecordKind::Student,
            Subject::Screening => RecordKind::Screening,
            Subject::Visit(_) => RecordKind::Visit,
            Subject::Support(_) => RecordKind::Support,
        }
    }
}

/// What an entry opened from the timeline shows, to read: a visit or a support with all
/// its fields, a case move or an edit with the fields it changed.
#[derive(Clone, Debug)]
pub struct EntryView {
    pub title: String,
    /// Labels and values, a value wrapped beside its label; an empty label and value make
    /// an empty line.
    pub lines: Vec<(String, String)>,
    pub scroll: usize,
    /// The visit or support shown, which the edit key opens in its form; none for a case
    /// move or an edit, which are the log's.
    pub record: Option<(RecordKind, Uuid)>,
}

/// One save of a record: the fields it logged, with their new values.
#[derive(Clone, Debug, PartialEq)]
pub struct Save {
    /// The local day of the save.
    pub day: NaiveDate,
    /// The clock of its first change.
    pub at: Hlc,
    pub kind: RecordKind,
    /// The record's first save.
    pub created: bool,
    pub changes: Vec<(String, Value)>,
}

impl Save {
    fn value(&self, field: &str) -> Option<&Value> {
        self.changes.iter().find(|(n, _)| n == field).map(|(_, v)| v)
    }
}

/// Groups changes (oldest first) into saves. One save is one commit: its changes share one
/// clock reading (notebooks before sync ticked the clock for each field, so their saves
/// share a millisecond with consecutive counters); a new save starts a new group. The first save of each kind
/// of record is its creation. Tombstones are left out, and so is a field a later save logs
/// with the value it had: a save logs a group of fields whole (a case's stage with its
/// dates, see docs/sync.md), and lists only what it changed.
pub fn group_saves(changes: &[Change]) -> Vec<Save> {
    let mut out: Vec<Save> = Vec::new();
    let mut last: Option<&Change> = None;
    let mut values: std::collections::HashMap<(RecordKind, &str), &Value> = std::collections::HashMap::new();
    for c in changes {
        let Some(value) = &c.value else { continue };
        let Some(day) = DateTime::from_timestamp_millis(c.hlc.millis as i64) else {
            continue;
        };
        let day = day.with_timezone(&Local).date_naive();
        let continues = last.is_some_and(|p| {
            p.kind == c.kind
                && (p.hlc == c.hlc
                    || (p.hlc.millis == c.hlc.millis && p.hlc.counter.checked_add(1) == Some(c.hlc.counter)))
        });
        last = Some(c);
        if !continues {
            let created = !out.iter().any(|s| s.kind == c.kind);
            out.push(Save {
                day,
                at: c.hlc,
                kind: c.kind,
                created,
                changes: Vec::new(),
            });
        }
        let was = values.insert((c.kind, c.field.as_str()), value);
        if was != Some(value)
            && let Some(save) = out.last_mut()
        {
            save.changes.push((c.field.clone(), value.clone()));
        }
    }
    out.retain(|s| !s.changes.is_empty());
    out
}

/// A record with its change log (oldest first).
pub struct Logged<'a, R> {
    pub record: &'a R,
    pub log: Vec<Change>,
}

/// The pupil's entries, newest first (by date, then by when they were logged; ties keep
/// their order). `pupil_log` holds the pupil's and the screening's changes, oldest first.
///
/// Each fact is dated by the date the teacher gave it, not by the day it was typed: a
/// visit by its visit date, a support by its status's date, a case move by the stage's
/// date, a screening by its screening date. A save that gives none of these (an edit of the
/// pupil's details, a correction of a visit or of a screening's notes) is dated the day it
/// was saved.
pub fn entries(
    pupil_log: &[Change],
    case_log: &[Change],
    implicit_since: Option<NaiveDate>,
    visits: &[Logged<Visit>],
    supports: &[Logged<Support>],
) -> Vec<Entry> {
    let mut out = Vec::new();
    for save in group_saves(pupil_log) {
        if save.kind != RecordKind::Screening {
            out.push(edit(Subject::Pupil, save));
            continue;
        }
        // A save that sets the screening's date (the first, or a new screening) is the
        // screening of that day; a save that keeps it corrects it, on the day it is typed.
        let screened_on = match save.value("screened_on") {
            Some(Value::Date(d)) => Some(*d),
            _ => None,
        };
        let mut entry = edit(Subject::Screening, save);
        if let Some(d) = screened_on {
            entry.day = d;
        }
        out.push(entry);
    }
    // Each intervention's day, with the reading of the save that made the record: a move it
    // made sits beside it.
    let first_save = |log: &[Change]| log.first().map_or(Hlc::zero(Uuid::nil()), |c| c.hlc);
    let mut interventions: Vec<(NaiveDate, Hlc)> = visits
        .iter()
        .filter_map(|v| v.record.intervention_on().map(|d| (d, first_save(&v.log))))
        .chain(
            supports
                .iter()
                .filter_map(|s| s.record.intervention_on().map(|d| (d, first_save(&s.log)))),
        )
        .collect();
    interventions.sort();
    out.extend(case_moves(case_log, implicit_since, &interventions));
    for v in visits {
        let saves = group_saves(&v.log);
        let at = saves.first().map_or(Hlc::zero(Uuid::nil()), |s| s.at);
        out.push(Entry {
            day: v.record.visited_on,
            at,
            what: EntryKind::Visit(Box::new(v.record.clone())),
        });
        let subject = Subject::Visit(v.record.visited_on);
        out.extend(saves.into_iter().skip(1).map(|s| edit(subject, s)));
    }
    for s in supports {
        let saves = group_saves(&s.log);
        let first = saves.first();
        let at = first.map_or(Hlc::zero(Uuid::nil()), |s| s.at);
        // A support always has the date of its status; the day it was recorded otherwise.
        let day = s.record.status_on().or(first.map(|f| f.day));
        if let Some(day) = day {
            out.push(Entry {
                day,
                at,
                what: EntryKind::Support(Box::new(s.record.clone())),
            });
        }
        let subject = Subject::Support(s.record.kind);
        out.extend(saves.into_iter().skip(1).map(|s| edit(subject, s)));
    }
    out.sort_by_key(|e| std::cmp::Reverse((e.day, e.at)));
    out
}

fn edit(subject: Subject, save: Save) -> Entry {
    Entry {
        day: save.day,
        at: save.at,
        what: EntryKind::Edit {
            subject,
            created: save.created,
            changes: save.changes,
            saved_on: save.day,
        },
    }
}

/// The case's moves: the saves that changed its stage (a save logs only what changed, so the
/// stage's date and the reason are followed from save to save), and the moves from
/// *identified* to *intervening* that an intervention makes. Those are derived, never logged
/// (see `docs/sync.md`): one is an entry on the day of the first intervention (of
/// `interventions`, oldest first) on or after the case was identified or re-opened, while
/// the case waited at *identified*. `implicit_since`: the day an implicit case (a
/// screening's, never stored) began.
fn case_moves(
    case_log: &[Change],
    implicit_since: Option<NaiveDate>,
    interventions: &[(NaiveDate, Hlc)],
) -> Vec<Entry> {
    let mut out = Vec::new();
    let mut stage: Option<Stage> = implicit_since.map(|_| Stage::Identified);
    // The day the case last reached `Identified`: interventions count from then.
    let mut identified_since: Option<NaiveDate> = implicit_since;
    let mut stage_on: Option<NaiveDate> = None;
    let mut reason: Option<CloseReason> = None;
    let derived =
        |stage: &mut Option<Stage>, since: Option<NaiveDate>, before: Option<NaiveDate>, out: &mut Vec<Entry>| {
            let Some(since) = since.filter(|_| *stage == Some(Stage::Identified)) else {
                return;
            };
            let Some(&(on, at)) = interventions
                .iter()
                .find(|(d, _)| *d >= since && before.is_none_or(|b| *d <= b))
            else {
                return;
            };
            out.push(Entry {
                day: on,
                // Beside the intervention that made it (listed before it, newest first).
                at,
                what: EntryKind::Move {
                    from: Some(Stage::Identified),
                    to: Stage::Intervening,
                    reason: None,
                    changes: vec![("stage_on".into(), Value::Date(on))],
                },
            });
            *stage = Some(Stage::Intervening);
        };
    for save in group_saves(case_log) {
        if let Some(Value::Date(d)) = save.value("stage_on") {
            stage_on = Some(*d);
        }
        match save.value("close_reason") {
            Some(Value::Text(code)) => reason = CloseReason::ALL.into_iter().find(|r| r.code() == code),
            Some(_) => reason = None,
            None => {}
        }
        let to = match save.value("stage") {
            Some(Value::Text(code)) => Stage::from_code(code),
            _ => None,
        };
        let Some(to) = to.filter(|to| Some(*to) != stage) else {
            continue;
        };
        derived(
            &mut stage,
            identified_since,
            Some(stage_on.unwrap_or(save.day)),
            &mut out,
        );
        if Some(to) == stage {
            continue;
        }
        // A case first stored past `Identified` was an implicit one (a screening's) moved on.
        let from = match stage {
            None if to != Stage::Identified => Some(Stage::Identified),
            s => s,
        };
        out.push(Entry {
            day: stage_on.unwrap_or(save.day),
            at: save.at,
            what: EntryKind::Move {
                from,
                to,
                reason: reason.filter(|_| to == Stage::Closed),
                changes: save.changes,
            },
        });
        if to == Stage::Identified {
            identified_since = Some(stage_on.unwrap_or(save.day));
        }
        stage = Some(to);
    }
    derived(&mut stage, identified_since, None, &mut out);
    out
}

/// An entry as a line: its kind (drawn bold) and the rest.
pub fn summary(lang: Lang, e: &Entry) -> (String, String) {
    match &e.what {
        EntryKind::Visit(v) => (C::KVisit.get(lang).to_string(), format!(" · {}", visit_line(lang, v))),
        EntryKind::Support(s) => (
            C::KSupport.get(lang).to_string(),
            format!(" · {}", support_line(lang, s)),
        ),
        EntryKind::Move { .. } => (C::KCase.get(lang).to_string(), format!(": {}", move_words(lang, e))),
        EntryKind::Edit {
            subject,
            created,
            changes,
            ..
        } => {
            let kind = edit_title(lang, *subject, *created);
            let fields: Vec<String> = changes
                .iter()
                .filter(|(_, v)| !matches!(v, Value::Id(_)))
                .map(|(n, _)| lower_first(&stored_field_label(lang, subject.kind(), n)))
                .collect();
            let rest = match (subject, created) {
                // A first screening says what it decided.
                (Subject::Screening, true) => decision_of(changes)
                    .map(|dec| format!(": {}", d::decision(lang, dec)))
                    .unwrap_or_default(),
                (_, true) => String::new(),
                _ => format!(": {}", fields.join(", ")),
            };
            (kind, rest)
        }
    }
}

fn decision_of(changes: &[(String, Value)]) -> Option<Decision> {
    changes.iter().find_map(|(n, v)| match v {
        Value::Text(code) if n == "decision" => Decision::ALL.into_iter().find(|d| d.code() == code),
        _ => None,
    })
}

/// "Đã phát hiện → Đang can thiệp", "Đang theo dõi → Đã đóng (Chuyển trường)", "mở ở bước
/// Đã phát hiện".
fn move_words(lang: Lang, e: &Entry) -> String {
    let EntryKind::Move { from, to, reason, .. } = &e.what else {
        return String::new();
    };
    let mut to_words = d::stage(lang, *to).to_string();
    if let Some(r) = reason {
        to_words.push_str(&format!(" ({})", d::close_reason(lang, *r)));
    }
    match from {
        None => C::CaseOpened.fill(lang, &[&to_words]),
        Some(f) => format!("{} → {to_words}", d::stage(lang, *f)),
    }
}

fn edit_title(lang: Lang, subject: Subject, created: bool) -> String {
    match (subject, created) {
        (Subject::Pupil, true) => C::PupilAdded.get(lang).to_string(),
        (Subject::Pupil, false) => C::PupilEdited.get(lang).to_string(),
        (Subject::Screening, true) => C::ScreeningFirst.get(lang).to_string(),
        (Subject::Screening, false) => C::ScreeningEdited.get(lang).to_string(),
        (Subject::Visit(day), _) => C::VisitEdited.fill(lang, &[&text::format_date(day)]),
        (Subject::Support(t), _) => C::SupportEdited.fill(lang, &[&d::support_type(lang, t)]),
    }
}

/// "Học bổng · Đã nhận · 1.500.000 ₫ · Hội Khuyến học xã": a support in one line, as the
/// timeline and the pupil's page show it.
pub fn support_line(lang: Lang, s: &Support) -> String {
    let mut parts = vec![
        d::support_type(lang, s.kind).to_string(),
        d::support_status(lang, s.status).to_string(),
    ];
    if let Some(a) = s.amount_vnd {
        parts.push(text::format_vnd(a));
    }
    if !s.provider.is_empty() {
        parts.push(s.provider.clone());
    }
    parts.join(" · ")
}

/// "gặp mẹ · làm việc: Dịch vụ, 20 giờ/tuần · đang đi học · hẹn 05/12/2026": a visit in
/// one line, as the timeline and the pupil's page show it.
pub fn visit_line(lang: Lang, v: &Visit) -> String {
    let mut parts = Vec::new();
    if !v.met.is_empty() {
        parts.push(C::Met.fill(lang, &[&v.met]));
    }
    if v.working {
        let mut how = Vec::new();
        if let Some(s) = v.sector {
            how.push(d::sector(lang, s).to_string());
        }
        if let Some(h) = v.hours_per_week {
            how.push(C::HoursWeek.fill(lang, &[&h]));
        }
        parts.push(if how.is_empty() {
            C::Working.get(lang).to_string()
        } else {
            C::WorkingAs.fill(lang, &[&how.join(", ")])
        });
        if v.hazardous {
            parts.push(C::Hazardous.get(lang).to_string());
        }
    }
    parts.push(
        if v.attending_school {
            C::Attending
        } else {
            C::NotAttending
        }
        .get(lang)
        .to_string(),
    );
    if let Some(next) = v.next_visit_on {
        parts.push(C::NextVisit.fill(lang, &[&text::format_date(next)]));
    }
    parts.join(" · ")
}

/// "Địa chỉ" → "địa chỉ", for a list of fields inside a sentence.
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// What an entry shows when opened: a visit or a support with every field (its notes in
/// full), a case move or an edit with its date and the fields it changed.
pub fn entry_view(lang: Lang, e: &Entry) -> EntryView {
    use crate::domain::Record;
    let (title, lines, record) = match &e.what {
        EntryKind::Visit(v) => (
            C::TitleVisit.fill(lang, &[&text::format_date(v.visited_on)]),
            record_lines(lang, RecordKind::Visit, &v.fields()),
            Some((RecordKind::Visit, v.id)),
        ),
        EntryKind::Support(s) => (
            C::TitleSupport.fill(lang, &[&d::support_type(lang, s.kind)]),
            record_lines(lang, RecordKind::Support, &s.fields()),
            Some((RecordKind::Support, s.id)),
        ),
        EntryKind::Move { changes, .. } => {
            let title = format!("{}: {}", C::TitleMove.get(lang), move_words(lang, e));
            let date = (C::LDate.get(lang).to_string(), text::format_date(e.day));
            (title, logged_lines(lang, RecordKind::Case, date, changes), None)
        }
        EntryKind::Edit {
            subject,
            changes,
            saved_on,
            ..
        } => {
            let date = (C::LSavedOn.get(lang).to_string(), text::format_date(*saved_on));
            (
                summary(lang, e).0,
                logged_lines(lang, subject.kind(), date, changes),
                None,
            )
        }
    };
    EntryView {
        title,
        lines,
        scroll: 0,
        record,
    }
}

/// A stored record's fields in words, in the record's order. The pupil's id says nothing,
/// and a support's status not reached has no date.
fn record_lines(lang: Lang, kind: RecordKind, fields: &[(&'static str, Value)]) -> Vec<(String, String)> {
    fields
        .iter()
        .filter(|(name, value)| match value {
            Value::Id(_) => false,
            Value::Null => !(kind == RecordKind::Support && name.ends_with("_on")),
            _ => true,
        })
        .map(|(name, value)| {
            (
                stored_field_label(lang, kind, name),
                value_label(lang, kind, name, value),
            )
        })
        .collect()
}

/// A save from the log: its date, then (after an empty line) the fields it changed. A
/// move's stage and date are in its title and date line already.
fn logged_lines(
    lang: Lang,
    kind: RecordKind,
    date: (String, String),
    changes: &[(String, Value)],
) -> Vec<(String, String)> {
    let mut lines = vec![date];
    for (name, value) in changes {
        let said = kind == RecordKind::Case && matches!(name.as_str(), "stage" | "stage_on");
        if said || matches!(value, Value::Id(_)) {
            continue;
        }
        if lines.len() == 1 {
            lines.push((String::new(), String::new()));
        }
        lines.push((
            stored_field_label(lang, kind, name),
            value_label(lang, kind, name, value),
        ));
    }
    lines
}

/// A logged value in words: codes as their names, dates as dd/mm/yyyy, money in đồng.
pub fn value_label(lang: Lang, kind: RecordKind, field: &str, value: &Value) -> String {
    use RecordKind as K;
    let empty = || C::ValueEmpty.get(lang).to_string();
    match value {
        Value::Null | Value::Redacted => empty(),
        Value::Text(s) if s.is_empty() => empty(),
        Value::Text(code) => {
            let named = match (kind, field) {
                (K::Case, "stage") => Stage::from_code(code).map(|s| d::stage(lang, s)),
                (K::Case, "close_reason") => CloseReason::ALL
                    .into_iter()
                    .find(|r| r.code() == code)
                    .map(|r| d::close_reason(lang, r)),
                (K::Support, "kind") => SupportType::ALL
                    .into_iter()
                    .find(|t| t.code() == code)
                    .map(|t| d::support_type(lang, t)),
                (K::Support, "status") => SupportStatus::ALL
                    .into_iter()
                    .find(|s| s.code() == code)
                    .map(|s| d::support_status(lang, s)),
                (K::Visit, "sector") => Sector::ALL
                    .into_iter()
                    .find(|s| s.code() == code)
                    .map(|s| d::sector(lang, s)),
                (K::Screening, "decision") => Decision::ALL
                    .into_iter()
                    .find(|d| d.code() == code)
                    .map(|dec| d::decision(lang, dec)),
                (K::Student, "sex") => Some(sex_label(lang, Sex::parse(code))),
                _ => None,
            };
            named.map_or_else(|| code.clone(), str::to_string)
        }
        Value::Date(day) => text::format_date(*day),
        Value::Int(n) if kind == K::Support && field == "amount_vnd" => text::format_vnd(*n as u64),
        Value::Int(n) => n.to_string(),
        Value::Bool(b) => if *b { C::Yes } else { C::No }.get(lang).to_string(),
        Value::List(items) if items.is_empty() => empty(),
        Value::List(items) => items
            .iter()
            .map(|code| match (kind, field) {
                (K::Screening, "factors") => {
                    RiskFactor::from_code(code).map_or(code.clone(), |f| d::factor(lang, f).into())
                }
                _ => code.clone(),
            })
            .collect::<Vec<_>>()
            .join("; "),
        Value::Id(id) => id.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: u64 = 86_400_000;
    /// 20/11/2026, 05:00 UTC.
    const T0: u64 = 1_795_150_800_000;

    fn day(d: u32, m: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    fn change(kind: RecordKind, field: &str, value: Value, millis: u64, counter: u32) -> Change {
        Change {
            kind,
            id: Uuid::nil(),
            field: field.into(),
            value: Some(value),
            hlc: Hlc {
                millis,
                counter,
                device: Uuid::nil(),
            },
        }
    }

    fn visit(on: NaiveDate) -> Visit {
        Visit {
            id: Uuid::from_u128(1),
            visited_by: "Cô Hà".into(),
            met: "mẹ".into(),
            next_visit_on: Some(day(5, 12)),
            ..crate::domain::testkit::visit(Uuid::nil(), 1, on)
        }
    }

    #[test]
    fn separate_saves_are_separate_lines_even_in_field_order() {
        let t = 1_780_000_000_000;
        let x = || Value::Text("x".into());
        let changes = [
            change(RecordKind::Student, "name", x(), t, 0),
            change(RecordKind::Student, "phone", x(), t, 1),
            // Day 5: the address, which comes after the phone in field order.
            change(RecordKind::Student, "address", x(), t + 5 * DAY, 0),
            change(RecordKind::Screening, "decision", x(), t + 5 * DAY, 1),
        ];
        let lines = group_saves(&changes);
        let fields: Vec<Vec<&str>> = lines
            .iter()
            .map(|l| l.changes.iter().map(|(name, _)| name.as_str()).collect())
            .collect();
        assert_eq!(fields, vec![vec!["name", "phone"], vec!["address"], vec!["decision"]]);
        assert_eq!(lines.iter().map(|l| l.created).collect::<Vec<_>>(), [true, false, true]);
        assert_eq!((lines[1].day - lines[0].day).num_days(), 5);
    }

    #[test]
    fn a_save_lists_only_the_fields_of_its_group_it_changed() {
        use RecordKind::Case as K;
        let text = |s: &str| Value::Text(s.into());
        let date = |d| Value::Date(day(d, 11));
        let log = [
            change(K, "stage", text("identified"), T0, 0),
            change(K, "identified_on", date(20), T0, 0),
            change(K, "stage_on", date(20), T0, 0),
            // The move logs the whole group, identified_on unchanged.
            change(K, "stage", text("intervening"), T0 + 2 * DAY, 0),
            change(K, "identified_on", date(20), T0 + 2 * DAY, 0),
            change(K, "stage_on", date(22), T0 + 2 * DAY, 0),
            // A save logging only what it had (another device's copy): nothing to list.
            change(K, "identified_on", date(20), T0 + 3 * DAY, 0),
        ];
        let saves = group_saves(&log);
        let fields: Vec<Vec<&str>> = saves
            .iter()
            .map(|s| s.changes.iter().map(|(name, _)| name.as_str()).collect())
            .collect();
        assert_eq!(
            fields,
            vec![vec!["stage", "identified_on", "stage_on"], vec!["stage", "stage_on"]]
        );
    }

    #[test]
    fn case_moves_follow_the_stage_and_its_date_from_save_to_save() {
        use RecordKind::Case as K;
        let text = |s: &str| Value::Text(s.into());
        let log = [
            // Opened by the screening on 20/11.
            change(K, "stage", text("identified"), T0, 0),
            change(K, "stage_on", Value::Date(day(20, 11)), T0, 1),
            // Only the notes: no move.
            change(K, "notes", text("Gia đình hợp tác."), T0 + DAY, 0),
            // 22/11: intervening.
            change(K, "stage", text("intervening"), T0 + 2 * DAY, 0),
            change(K, "stage_on", Value::Date(day(22, 11)), T0 + 2 * DAY, 1),
            change(K, "first_intervention_on", Value::Date(day(22, 11)), T0 + 2 * DAY, 2),
            // Closed the same day as the move before: stage_on did not change, so it is not logged.
            change(K, "stage", text("closed"), T0 + 3 * DAY, 0),
            change(K, "close_reason", text("moved_school"), T0 + 3 * DAY, 1),
        ];
        let moves = case_moves(&log, None, &[]);
        let words: Vec<(NaiveDate, Option<Stage>, Stage, Option<CloseReason>)> = moves
            .iter()
            .map(|e| match &e.what {
                EntryKind::Move { from, to, reason, .. } => (e.day, *from, *to, *reason),
                _ => panic!("not a move"),
            })
            .collect();
        assert_eq!(
            words,
            [
                (day(20, 11), None, Stage::Identified, None),
                (day(22, 11), Some(Stage::Identified), Stage::Intervening, None),
                (
                    day(22, 11),
                    Some(Stage::Intervening),
                    Stage::Closed,
                    Some(CloseReason::MovedSchool)
                ),
            ]
        );
    }

    #[test]
    fn a_case_first_stored_past_identified_moved_from_identified() {
        let log = [change(
            RecordKind::Case,
            "stage",
            Value::Text("intervening".into()),
            T0,
            0,
        )];
        let moves = case_moves(&log, None, &[]);
        assert!(matches!(
            moves[0].what,
            EntryKind::Move {
                from: Some(Stage::Identified),
                to: Stage::Intervening,
                ..
            }
        ));
    }

    #[test]
    fn entries_are_newest_first_and_edits_of_a_visit_are_their_own() {
        let v = visit(day(21, 11));
        let visit_log = vec![
            change(RecordKind::Visit, "visited_on", Value::Date(day(21, 11)), T0 + DAY, 0),
            change(RecordKind::Visit, "met", Value::Text("mẹ".into()), T0 + DAY, 1),
            // Edited on 23/11.
            change(
                RecordKind::Visit,
                "findings",
                Value::Text("Em vẫn đi học.".into()),
                T0 + 3 * DAY,
                0,
            ),
        ];
        let pupil_log = [
            change(
                RecordKind::Student,
                "name",
                Value::Text("Lê Văn Tư".into()),
                T0 - DAY,
                0,
            ),
            change(
                RecordKind::Student,
                "address",
                Value::Text("Thôn Tây".into()),
                T0 + 2 * DAY,
                0,
            ),
        ];
        let list = entries(
            &pupil_log,
            &[],
            None,
            &[Logged {
                record: &v,
                log: visit_log,
            }],
            &[],
        );
        let shape: Vec<(NaiveDate, &str)> = list
            .iter()
            .map(|e| {
                let what = match &e.what {
                    EntryKind::Visit(_) => "visit",
                    EntryKind::Edit {
                        subject: Subject::Visit(_),
                        ..
                    } => "visit edited",
                    EntryKind::Edit { created: true, .. } => "added",
                    EntryKind::Edit { .. } => "pupil edited",
                    _ => "other",
                };
                (e.day, what)
            })
            .collect();
        assert_eq!(
            shape,
            [
                (day(23, 11), "visit edited"),
                (day(22, 11), "pupil edited"),
                (day(21, 11), "visit"),
                (day(19, 11), "added"),
            ]
        );
        assert_eq!(
            summary(Lang::Vi, &list[2]),
            ("Thăm nhà".into(), " · gặp mẹ · đang đi học · hẹn 05/12/2026".into())
        );
        assert_eq!(
            summary(Lang::Vi, &list[1]),
            ("Sửa thông tin học sinh".into(), ": địa chỉ".into())
        );
        assert_eq!(
            summary(Lang::En, &list[0]),
            ("Home visit of 21/11/2026 edited".into(), ": findings".into())
        );
    }

    #[test]
    fn logged_values_are_shown_in_words() {
        let l = Lang::Vi;
        assert_eq!(
            value_label(l, RecordKind::Case, "stage", &Value::Text("monitoring".into())),
            "Đang theo dõi"
        );
        assert_eq!(
            value_label(l, RecordKind::Support, "status", &Value::Text("delivered".into())),
            "Đã nhận"
        );
        assert_eq!(value_label(l, RecordKind::Visit, "hazardous", &Value::Bool(true)), "Có");
        assert_eq!(value_label(l, RecordKind::Visit, "met", &Value::Null), "(để trống)");
        assert_eq!(
            value_label(l, RecordKind::Visit, "next_visit_on", &Value::Date(day(5, 12))),
            "05/12/2026"
        );
        assert_eq!(
            value_label(
                Lang::En,
                RecordKind::Screening,
                "factors",
                &Value::List(vec!["orphan".into()])
            ),
            "Orphan"
        );
    }
}
