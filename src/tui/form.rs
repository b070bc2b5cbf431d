//! Forms: a list of fields (text, pick list, checkbox) with focus, per-field errors and a
//! "changed" flag, and the builders that turn the domain's inputs into forms and back.
//! The domain validates; a form only keeps what was typed and where the errors are.

use std::collections::BTreeSet;

use tui_input::{Input, InputRequest};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;
use uuid::Uuid;

use super::export::ExportField;
use crate::domain::{
    Audience, Case, CloseReason, Decision, Field, FieldErrors, Informed, Problem, Profile, ProfileInput,
    RiskAssessment, RiskFactor, Screening, ScreeningInput, Sector, Session, Settings, Sex, Stage, Student,
    StudentInput, Support, SupportStatus, SupportType, Visit, assess,
};
use crate::i18n::Lang;
use crate::report::{Detail, Format, ReportPeriod};

/// What a form field holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldId {
    Domain(Field),
    Factor(RiskFactor),
    ImportPath,
    /// A pupil ticked as present at an awareness session.
    Attendee(Uuid),
    /// A field of the export dialog.
    Export(ExportField),
    /// The file of a bundle to write or to read.
    BundlePath,
    /// The file a backup is written to.
    BackupPath,
    /// A passphrase typed (drawn masked): the current one, a new one, the new one again.
    Passphrase(PassField),
    /// Whether the notebook has a passphrase (the lock settings' pick).
    LockOn,
    /// Minutes without a key before the interface locks.
    IdleMinutes,
}

/// Which passphrase a masked field holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PassField {
    Current,
    New,
    Repeat,
}

/// One entry of a pick list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pick {
    Lang(Lang),
    Sex(Option<Sex>),
    Decision(Decision),
    /// `None`: not said.
    Sector(Option<Sector>),
    SupportType(SupportType),
    SupportStatus(SupportStatus),
    Stage(Stage),
    CloseReason(Option<CloseReason>),
    Audience(Audience),
    /// A report's period; `None`: a custom one, typed in the field below.
    Period(Option<ReportPeriod>),
    Detail(Detail),
    Format(Format),
    /// The passphrase lock on or off.
    LockOn(bool),
}

#[derive(Clone, Debug)]
pub enum Widget {
    Text(Input),
    Pick { options: Vec<Pick>, index: usize },
    Check(bool),
}

#[derive(Clone, Debug)]
pub struct FormField {
    pub id: FieldId,
    pub widget: Widget,
    pub required: bool,
}

/// An edit of a text field, from one key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edit {
    Insert(char),
    Backspace,
    Delete,
    Left,
    Right,
    Home,
    End,
    WordLeft,
    WordRight,
}

/// Applies one edit; true when the text changed. Combining marks (from input methods that
/// send decomposed letters) are composed with the letter before them at once, so fields
/// always hold NFC and a later Backspace removes the whole letter.
pub fn apply_edit(input: &mut Input, edit: Edit) -> bool {
    let req = match edit {
        Edit::Insert(c) => InputRequest::InsertChar(c),
        Edit::Backspace => InputRequest::DeletePrevChar,
        Edit::Delete => InputRequest::DeleteNextChar,
        Edit::Left => InputRequest::GoToPrevChar,
        Edit::Right => InputRequest::GoToNextChar,
        Edit::Home => InputRequest::GoToStart,
        Edit::End => InputRequest::GoToEnd,
        Edit::WordLeft => InputRequest::GoToPrevWord,
        Edit::WordRight => InputRequest::GoToNextWord,
    };
    let changed = input.handle(req).is_some_and(|c| c.value);
    if let Edit::Insert(c) = edit
        && is_combining_mark(c)
    {
        compose_before_cursor(input);
    }
    changed
}

fn compose_before_cursor(input: &mut Input) {
    let value = input.value();
    let split = value.char_indices().nth(input.cursor()).map_or(value.len(), |(i, _)| i);
    let before: String = value[..split].nfc().collect();
    let cursor = before.chars().count();
    let whole = before + &value[split..];
    *input = Input::new(whole).with_cursor(cursor);
}

/// A form's fields and what the teacher has done with them.
#[derive(Clone, Debug, Default)]
pub struct Form {
    pub fields: Vec<FormField>,
    pub focus: usize,
    pub errors: FieldErrors,
    /// An error the domain does not word (a file that cannot be read), under one field.
    pub other_error: Option<(FieldId, String)>,
    /// Something was typed or ticked since the form opened.
    pub dirty: bool,
    /// The focus has just arrived on the focused field and nothing was typed there yet: its
    /// text is selected, and the first character typed replaces it (see [`Form::edit`]).
    pub selected: bool,
    /// The entries a path completion found but could not choose between, shown under the
    /// path field until the next edit.
    pub candidates: Vec<String>,
    /// What a path field held when typing began there right after the focus arrived, while
    /// the characters typed after it may still start a path of its own (a drive letter
    /// waiting for its `:`): see [`Form::edit`].
    pub path_prefill: Option<String>,
}

/// Whether a field's text is selected when the focus arrives on it. Not a path's: it is
/// pre-filled with a folder, which the teacher goes on typing after (but a path of its own
/// typed or pasted there replaces it: see [`Form::edit`]).
pub fn selects_on_focus(id: FieldId) -> bool {
    !is_path(id)
}

/// Whether field `id` holds a file's path (completed with Tab).
pub fn is_path(id: FieldId) -> bool {
    matches!(
        id,
        FieldId::ImportPath | FieldId::Export(ExportField::File) | FieldId::BundlePath | FieldId::BackupPath
    )
}

impl Form {
    pub(crate) fn new(fields: Vec<FormField>) -> Form {
        Form {
            fields,
            // The focus arrives on the first field as the form opens.
            selected: true,
            ..Form::default()
        }
    }

    pub fn focused(&self) -> &FormField {
        &self.fields[self.focus]
    }

    pub fn text_focused(&self) -> bool {
        matches!(self.focused().widget, Widget::Text(_))
    }

    /// Whether the focused field's text shows as selected: the focus just arrived on a
    /// text field that holds something.
    pub fn is_selected(&self) -> bool {
        let field = self.focused();
        self.selected && selects_on_focus(field.id) && matches!(&field.widget, Widget::Text(i) if !i.value().is_empty())
    }

    /// Moves the focus to field `i`; its text is selected.
    pub fn focus_on(&mut self, i: usize) {
        self.focus = i.min(self.fields.len().saturating_sub(1));
        self.selected = true;
        self.candidates.clear();
        self.path_prefill = None;
    }

    /// Applies a text edit to the focused field; true when it was a text field. While the
    /// field's text is selected, a typed character replaces it; any other edit (an arrow,
    /// Home, End, Backspace, Delete) drops the selection and then edits as usual. An input
    /// method's burst (Backspaces, then the composed letter) therefore starts by dropping
    /// the selection and never wipes the field.
    ///
    /// A path field's pre-fill (a folder) is not selected, as the teacher goes on typing a
    /// name after it; but what is typed or pasted there first, when the focus has just
    /// arrived, replaces it once it turns out to be a path of its own
    /// ([`paths::starts_own_path`](super::paths::starts_own_path)): a full path pasted into
    /// the folder's place is that path, not the folder and the path run together.
    pub fn edit(&mut self, edit: Edit) -> bool {
        let insert = matches!(edit, Edit::Insert(_));
        let replace = self.is_selected() && insert;
        let id = self.focused().id;
        let prefill = match (insert && is_path(id), self.selected) {
            (false, _) => None,
            (true, true) => Some(self.text_of(id)),
            (true, false) => self.path_prefill.take(),
        };
        self.path_prefill = None;
        self.selected = false;
        self.candidates.clear();
        let Widget::Text(input) = &mut self.fields[self.focus].widget else {
            return false;
        };
        // Only typing at the end goes after the pre-fill.
        let prefill = prefill.filter(|_| input.cursor() == input.value().chars().count());
        let mut changed = false;
        if replace {
            *input = Input::default();
            changed = true;
        }
        if apply_edit(input, edit) || changed {
            self.dirty = true;
            if let Some(prefill) = prefill
                && let Some(typed) = input.value().strip_prefix(prefill.as_str())
            {
                match super::paths::starts_own_path(typed) {
                    Some(true) => *input = Input::new(typed.to_string()),
                    None => self.path_prefill = Some(prefill),
                    Some(false) => {}
                }
            }
            self.recheck_focused();
        }
        true
    }

    /// Empties the focused text field; false when it is not a text field.
    pub fn clear_focused(&mut self) -> bool {
        self.selected = false;
        self.candidates.clear();
        self.path_prefill = None;
        let Widget::Text(input) = &mut self.fields[self.focus].widget else {
            return false;
        };
        if !input.value().is_empty() {
            *input = Input::default();
            self.dirty = true;
            self.recheck_focused();
        }
        true
    }

    /// The length the focused field takes, when the form shows it is longer than that.
    pub fn over_limit(&self) -> Option<usize> {
        match self.error(self.focused().id) {
            Some(Problem::TooLong { max }) => Some(*max),
            _ => None,
        }
    }

    /// Cuts the focused field to the length the error under it names (surrounding spaces,
    /// which the domain trims anyway, go first); true when something was cut.
    pub fn cut_focused(&mut self) -> bool {
        let Some(max) = self.over_limit() else { return false };
        let Widget::Text(input) = &mut self.fields[self.focus].widget else {
            return false;
        };
        let cut: String = input.value().trim().chars().take(max).collect();
        *input = Input::new(cut.trim_end().to_string());
        self.selected = false;
        self.path_prefill = None;
        self.dirty = true;
        self.recheck_focused();
        true
    }

    /// After the focused field changed: its error goes, unless it is a length the text is
    /// still over (that one is checked again here; the others are the domain's to check
    /// at the next save).
    fn recheck_focused(&mut self) {
        let id = self.focused().id;
        if let FieldId::Domain(f) = id {
            let len = self.text_of(id).trim().chars().count();
            self.errors
                .0
                .retain(|e| e.field != f || matches!(e.problem, Problem::TooLong { max } if len > max));
        }
        if self.other_error.as_ref().is_some_and(|(e, _)| *e == id) {
            self.other_error = None;
        }
    }

    pub fn next(&mut self) {
        self.focus_on((self.focus + 1) % self.fields.len());
    }

    pub fn prev(&mut self) {
        self.focus_on((self.focus + self.fields.len() - 1) % self.fields.len());
    }

    /// Next (or previous) entry of the focused pick list, or flips the focused checkbox.
    /// Returns what changed, if anything.
    pub fn toggle(&mut self, forward: bool) -> Option<FieldId> {
        let field = &mut self.fields[self.focus];
        match &mut field.widget {
            Widget::Text(_) => return None,
            Widget::Pick { options, index } => {
                let n = options.len();
                *index = if forward {
                    (*index + 1) % n
                } else {
                    (*index + n - 1) % n
                };
            }
            Widget::Check(on) => *on = !*on,
        }
        let id = field.id;
        self.dirty = true;
        self.recheck_focused();
        Some(id)
    }

    /// Where the form's sections start: the first field, then wherever a run of checkboxes
    /// of one kind starts or ends (the screening's checklist and the decision after it, a
    /// session's fields and its pupils).
    pub fn section_starts(&self) -> Vec<usize> {
        let run = |id: FieldId| match id {
            FieldId::Factor(_) => 1,
            FieldId::Attendee(_) => 2,
            _ => 0,
        };
        (0..self.fields.len())
            .filter(|&i| i == 0 || run(self.fields[i].id) != run(self.fields[i - 1].id))
            .collect()
    }

    /// Focuses the next section's first field (past the checklist, the decision), or the
    /// last field from the last section.
    pub fn next_section(&mut self) {
        let last = self.fields.len().saturating_sub(1);
        let to = self
            .section_starts()
            .into_iter()
            .find(|&s| s > self.focus)
            .unwrap_or(last);
        self.focus_on(to);
    }

    /// Focuses the start of the section the focus is in, or of the one before from there.
    pub fn prev_section(&mut self) {
        let to = self
            .section_starts()
            .into_iter()
            .rev()
            .find(|&s| s < self.focus)
            .unwrap_or(0);
        self.focus_on(to);
    }

    pub(crate) fn find(&self, id: FieldId) -> Option<&FormField> {
        self.fields.iter().find(|f| f.id == id)
    }

    pub fn index_of(&self, id: FieldId) -> Option<usize> {
        self.fields.iter().position(|f| f.id == id)
    }

    /// The text of a text field ("" for other fields).
    pub fn text(&self, f: Field) -> String {
        self.text_of(FieldId::Domain(f))
    }

    /// The text of field `id` ("" for a field that is not text, or absent).
    pub fn text_of(&self, id: FieldId) -> String {
        match self.find(id).map(|f| &f.widget) {
            Some(Widget::Text(i)) => i.value().to_string(),
            _ => String::new(),
        }
    }

    pub fn pick(&self, f: Field) -> Option<Pick> {
        self.pick_of(FieldId::Domain(f))
    }

    pub fn pick_of(&self, id: FieldId) -> Option<Pick> {
        match self.find(id).map(|f| &f.widget) {
            Some(Widget::Pick { options, index }) => options.get(*index).copied(),
            _ => None,
        }
    }

    pub fn set_pick(&mut self, f: Field, value: Pick) {
        self.set_pick_of(FieldId::Domain(f), value);
    }

    pub fn set_pick_of(&mut self, id: FieldId, value: Pick) {
        if let Some(Widget::Pick { options, index }) =
            self.fields.iter_mut().find(|x| x.id == id).map(|x| &mut x.widget)
            && let Some(i) = options.iter().position(|o| *o == value)
        {
            *index = i;
        }
    }

    /// Replaces the text of a text field (the form's own suggestion, never the teacher's
    /// typing).
    pub fn set_text(&mut self, f: Field, value: &str) {
        self.set_text_of(FieldId::Domain(f), value);
    }

    pub fn set_text_of(&mut self, id: FieldId, value: &str) {
        if let Some(field) = self.fields.iter_mut().find(|x| x.id == id) {
            field.widget = Widget::Text(Input::new(value.to_string()));
        }
    }

    /// Whether the checkbox of field `f` is ticked.
    pub fn is_checked(&self, f: Field) -> bool {
        matches!(
            self.find(FieldId::Domain(f)).map(|x| &x.widget),
            Some(Widget::Check(true))
        )
    }

    /// What the ticked checkboxes stand for, among those `which` names.
    pub fn ticked<T: Ord>(&self, which: impl Fn(FieldId) -> Option<T>) -> BTreeSet<T> {
        self.fields
            .iter()
            .filter(|f| matches!(f.widget, Widget::Check(true)))
            .filter_map(|f| which(f.id))
            .collect()
    }

    /// The risk factors ticked on the checklist.
    pub fn checked(&self) -> BTreeSet<RiskFactor> {
        self.ticked(|id| match id {
            FieldId::Factor(r) => Some(r),
            _ => None,
        })
    }

    /// The problem with a field, as worded by the domain.
    pub fn error(&self, id: FieldId) -> Option<&Problem> {
        match id {
            FieldId::Domain(f) => self.errors.get(f),
            _ => None,
        }
    }

    pub fn has_error(&self, id: FieldId) -> bool {
        self.error(id).is_some() || self.other_error.as_ref().is_some_and(|(f, _)| *f == id)
    }

    /// Shows `errors` and moves the focus to the first bad field in form order.
    pub fn set_errors(&mut self, errors: FieldErrors) {
        self.errors = errors;
        self.other_error = None;
        if let Some(i) = self.fields.iter().position(|f| self.has_error(f.id)) {
            self.focus_on(i);
        }
    }

    /// Shows `msg` (words the domain does not have: a file that cannot be read) under field
    /// `id` alone, and moves the focus there.
    pub fn show_other_error(&mut self, id: FieldId, msg: String) {
        self.clear_errors();
        self.other_error = Some((id, msg));
        if let Some(i) = self.index_of(id) {
            self.focus_on(i);
        }
    }

    pub fn clear_errors(&mut self) {
        self.errors = FieldErrors::default();
        self.other_error = None;
    }
}

pub(crate) fn text(f: Field, value: &str, required: bool) -> FormField {
    FormField {
        id: FieldId::Domain(f),
        widget: Widget::Text(Input::new(value.to_string())),
        required,
    }
}

pub(crate) fn check(f: Field, on: bool) -> FormField {
    FormField {
        id: FieldId::Domain(f),
        widget: Widget::Check(on),
        required: false,
    }
}

pub(crate) fn pick(f: Field, options: Vec<Pick>, current: Pick) -> FormField {
    let index = options.iter().position(|o| *o == current).unwrap_or(0);
    FormField {
        id: FieldId::Domain(f),
        widget: Widget::Pick { options, index },
        required: false,
    }
}

/// The kind of form that is open, with what it needs to save. A form that edits a stored
/// record keeps the version it opened (`opened`; `None`: a new record): its save lays only
/// what the teacher changed over what is stored then (`Store::save_edited`), so a field
/// another device changed meanwhile is kept.
#[derive(Clone, Debug)]
pub enum FormKind {
    /// The teacher's profile: on the first run, or edited from the roster. `lang_before` is
    /// restored if an edit is abandoned, since the language pick switches the language live.
    Setup {
        first_run: bool,
        lang_before: Lang,
        opened: Option<Box<Profile>>,
    },
    /// Adding (`opened` is `None`) or editing a pupil. A new pupil's id is made once, when
    /// the form opens, so a retry after a failed save can't make a second pupil. `class` and
    /// `school_year` are the stored pupil's when editing (they may differ from the
    /// profile's), the profile's when adding.
    Student {
        id: Uuid,
        class: String,
        school_year: crate::domain::SchoolYear,
        opened: Option<Box<Student>>,
    },
    /// The checklist; `decision_touched` stops the decision following the suggestion
    /// once the teacher has chosen.
    Screening {
        student_id: Uuid,
        name: String,
        assessment: RiskAssessment,
        decision_touched: bool,
        opened: Option<Box<Screening>>,
    },
    /// The path of a class list to import.
    ImportPath,
    /// Recording (`opened` is `None`) or editing a home visit; a new visit's id is made when
    /// the form opens, as a new pupil's is.
    Visit {
        id: Uuid,
        student_id: Uuid,
        name: String,
        opened: Option<Box<Visit>>,
    },
    Support {
        id: Uuid,
        student_id: Uuid,
        name: String,
        opened: Option<Box<Support>>,
    },
    /// Moving a case: `case` is the case as it was when the form opened; `stored`, whether
    /// it was stored then (else it was implicit, from the screening).
    CaseMove {
        student_id: Uuid,
        name: String,
        case: Case,
        stored: bool,
    },
    /// The pupil's and parents' informed dates.
    Informed {
        student_id: Uuid,
        name: String,
        opened: Option<Informed>,
    },
    Session {
        id: Uuid,
        opened: Option<Box<Session>>,
    },
    /// The limits of the indicators and reminders, as the form showed them (the defaults
    /// when never saved).
    Settings {
        opened: Settings,
    },
    /// The export dialog: the report's period, detail, format and file.
    Export(Box<super::export::ExportState>),
    /// A bundle to write with every batch held; a bare name goes in `dir`.
    BundleExport {
        dir: std::path::PathBuf,
    },
    /// A bundle from another device to read; a bare name is read from `dir`.
    BundleImport {
        dir: std::path::PathBuf,
    },
    /// A backup to write; a bare name goes in `dir`.
    Backup {
        dir: std::path::PathBuf,
    },
    /// The passphrase lock's settings; `had`: the notebook had a passphrase when the form
    /// opened.
    Lock {
        had: bool,
    },
}

impl FormKind {
    /// Whether the form is one path (a class list to import, a bundle): moving on from the
    /// field goes ahead, as there is no other field to move to.
    pub fn is_one_path(&self) -> bool {
        matches!(
            self,
            FormKind::ImportPath
                | FormKind::BundleExport { .. }
                | FormKind::BundleImport { .. }
                | FormKind::Backup { .. }
        )
    }
}

#[derive(Clone, Debug)]
pub struct FormState {
    pub kind: FormKind,
    pub form: Form,
}

pub fn profile_form(input: &ProfileInput, lang: Lang) -> Form {
    let current = Lang::parse(&input.lang).unwrap_or(lang);
    Form::new(vec![
        pick(
            Field::Language,
            vec![Pick::Lang(Lang::Vi), Pick::Lang(Lang::En)],
            Pick::Lang(current),
        ),
        text(Field::Teacher, &input.teacher, true),
        text(Field::School, &input.school, true),
        text(Field::SchoolCode, &input.school_code, true),
        text(Field::Commune, &input.commune, false),
        text(Field::Province, &input.province, false),
        text(Field::Class, &input.class, true),
        text(Field::SchoolYear, &input.school_year, true),
        text(Field::TrainedOn, &input.trained_on, false),
    ])
}

/// The first run's form: the profile, then an optional passphrase typed twice.
pub fn setup_form(input: &ProfileInput, lang: Lang) -> Form {
    let mut form = profile_form(input, lang);
    form.fields.push(secret(PassField::New));
    form.fields.push(secret(PassField::Repeat));
    form
}

fn secret(which: PassField) -> FormField {
    FormField {
        id: FieldId::Passphrase(which),
        widget: Widget::Text(Input::default()),
        required: false,
    }
}

/// The passphrase lock's settings: on or off, the current passphrase (when there is one),
/// a new one twice, and the idle minutes.
pub fn lock_form(had: bool, minutes: u32) -> Form {
    let mut fields = vec![FormField {
        id: FieldId::LockOn,
        widget: Widget::Pick {
            options: vec![Pick::LockOn(true), Pick::LockOn(false)],
            index: usize::from(!had),
        },
        required: false,
    }];
    if had {
        fields.push(secret(PassField::Current));
    }
    fields.push(secret(PassField::New));
    fields.push(secret(PassField::Repeat));
    fields.push(FormField {
        id: FieldId::IdleMinutes,
        widget: Widget::Text(Input::new(minutes.to_string())),
        required: true,
    });
    Form::new(fields)
}

/// Whether field `id` holds a passphrase, drawn masked.
pub fn is_secret(id: FieldId) -> bool {
    matches!(id, FieldId::Passphrase(_))
}

pub fn profile_input(form: &Form) -> ProfileInput {
    let lang = match form.pick(Field::Language) {
        Some(Pick::Lang(l)) => l.code().to_string(),
        _ => String::new(),
    };
    ProfileInput {
        teacher: form.text(Field::Teacher),
        school: form.text(Field::School),
        school_code: form.text(Field::SchoolCode),
        commune: form.text(Field::Commune),
        province: form.text(Field::Province),
        class: form.text(Field::Class),
        school_year: form.text(Field::SchoolYear),
        lang,
        trained_on: form.text(Field::TrainedOn),
    }
}

pub fn student_form(input: &StudentInput) -> Form {
    let sexes = vec![
        Pick::Sex(None),
        Pick::Sex(Some(Sex::Male)),
        Pick::Sex(Some(Sex::Female)),
    ];
    Form::new(vec![
        text(Field::Name, &input.name, true),
        text(Field::BirthDate, &input.birth_date, true),
        pick(Field::Sex, sexes, Pick::Sex(Sex::parse(&input.sex))),
        text(Field::StudentCode, &input.code, false),
        text(Field::Ethnicity, &input.ethnicity, false),
        text(Field::Address, &input.address, false),
        text(Field::Guardian, &input.guardian, false),
        text(Field::Phone, &input.phone, false),
        text(Field::Notes, &input.notes, false),
    ])
}

pub fn student_input(form: &Form) -> StudentInput {
    // The domain reads "Nam"/"Nữ" whatever the interface language.
    let sex = match form.pick(Field::Sex) {
        Some(Pick::Sex(Some(Sex::Male))) => "Nam",
        Some(Pick::Sex(Some(Sex::Female))) => "Nữ",
        _ => "",
    };
    StudentInput {
        code: form.text(Field::StudentCode),
        name: form.text(Field::Name),
        birth_date: form.text(Field::BirthDate),
        sex: sex.to_string(),
        ethnicity: form.text(Field::Ethnicity),
        address: form.text(Field::Address),
        guardian: form.text(Field::Guardian),
        phone: form.text(Field::Phone),
        notes: form.text(Field::Notes),
    }
}

/// The checklist: one checkbox a factor in `RiskFactor::ALL` order, then the decision
/// (the given one, or the suggestion), the dates and the notes.
pub fn screening_form(input: &ScreeningInput) -> (Form, RiskAssessment) {
    let assessment = assess(&input.factors);
    let mut fields: Vec<FormField> = RiskFactor::ALL
        .iter()
        .map(|f| FormField {
            id: FieldId::Factor(*f),
            widget: Widget::Check(input.factors.contains(f)),
            required: false,
        })
        .collect();
    let decision = input.decision.unwrap_or(Decision::suggested(assessment.level));
    fields.push(pick(
        Field::Decision,
        Decision::ALL.iter().map(|d| Pick::Decision(*d)).collect(),
        Pick::Decision(decision),
    ));
    fields.push(text(Field::ScreenedOn, &input.screened_on, true));
    fields.push(text(Field::IdentifiedOn, &input.identified_on, false));
    fields.push(text(Field::Notes, &input.notes, false));
    (Form::new(fields), assessment)
}

pub fn screening_input(form: &Form) -> ScreeningInput {
    ScreeningInput {
        factors: form.checked(),
        decision: match form.pick(Field::Decision) {
            Some(Pick::Decision(d)) => Some(d),
            _ => None,
        },
        screened_on: form.text(Field::ScreenedOn),
        identified_on: form.text(Field::IdentifiedOn),
        notes: form.text(Field::Notes),
    }
}

pub fn import_form(path: &str) -> Form {
    Form::new(vec![FormField {
        id: FieldId::ImportPath,
        widget: Widget::Text(Input::new(path.to_string())),
        required: true,
    }])
}

pub fn import_path(form: &Form) -> String {
    match form.fields.first().map(|f| &f.widget) {
        Some(Widget::Text(i)) => i.value().trim().to_string(),
        _ => String::new(),
    }
}

/// The checklist's groups, in order, for headings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FactorGroup {
    Household,
    School,
    Work,
    Grave,
}

pub fn group_of(f: RiskFactor) -> FactorGroup {
    use RiskFactor as F;
    match f {
        F::PoorHousehold | F::NearPoorHousehold | F::Orphan | F::SingleParent | F::ParentsWorkingAway => {
            FactorGroup::Household
        }
        F::FrequentAbsence | F::FallingResults => FactorGroup::School,
        F::WorksForFamily
        | F::WorksForOthers
        | F::SectorAgriculture
        | F::SectorHandicraft
        | F::SectorServices
        | F::SectorFactory
        | F::LongHours => FactorGroup::Work,
        F::HazardousWork | F::SignsOfTrafficking | F::DroppedOut => FactorGroup::Grave,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(keys: &[Edit]) -> Input {
        let mut i = Input::default();
        for k in keys {
            apply_edit(&mut i, *k);
        }
        i
    }

    #[test]
    fn decomposed_marks_are_composed_as_typed() {
        let i = typed(&[Edit::Insert('e'), Edit::Insert('\u{302}'), Edit::Insert('n')]);
        assert_eq!(i.value(), "ên");
        assert_eq!(i.cursor(), 2);
        let i = typed(&[Edit::Insert('e'), Edit::Insert('\u{302}'), Edit::Backspace]);
        assert_eq!(i.value(), "");
    }

    #[test]
    fn student_form_round_trips() {
        let input = StudentInput {
            name: "Phạm Thị Hạnh".into(),
            birth_date: "01/02/2013".into(),
            sex: "Nữ".into(),
            ..Default::default()
        };
        assert_eq!(student_input(&student_form(&input)), input);
    }

    #[test]
    fn checklist_starts_from_the_suggestion() {
        let input = ScreeningInput {
            factors: [RiskFactor::WorksForOthers, RiskFactor::LongHours].into(),
            ..Default::default()
        };
        let (form, a) = screening_form(&input);
        assert_eq!(a.level, crate::domain::RiskLevel::High);
        assert_eq!(form.pick(Field::Decision), Some(Pick::Decision(Decision::AtRisk)));
        assert_eq!(screening_input(&form).factors, input.factors);
    }
}
