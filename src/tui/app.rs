//! The application's state, and how a key becomes an edit or an action.

use std::sync::Arc;

use chrono::NaiveDate;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use tui_input::Input;
use uuid::Uuid;

use super::action::{Action, Context};
use super::case_update::Select;
use super::form::{self, Edit, FormKind, FormState};
use super::keymap::{Keymap, KeymapWarning};
use super::roster::{self, RosterRow, SearchIndex, SortOrder, StatusFilter};
use super::timeline::{EntryView, Save, TimelineState};
use super::views::{DashboardView, RemindersView, SessionsView};
use crate::clock::Clock;
use crate::domain::{
    Case, Casebook, Indicators, Period, Profile, ProfileInput, RecordKind, Reminder, SchoolYear, Screening, Status,
    Student, Support, Visit, VisitDue,
};
use crate::i18n::Lang;
use crate::store::Store;

/// Below this size the screens do not fit; a message asks for a bigger window.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

/// A full screen. The stack's bottom is the roster (or the set-up form on the first run).
#[derive(Clone, Debug)]
pub enum Screen {
    Roster,
    Detail(Box<DetailState>),
    Form(Box<FormState>),
    ImportPreview(Box<ImportState>),
    /// One pupil's timeline.
    Timeline(Box<TimelineState>),
    /// The class's views beside the roster (Tab switches): they take the roster's place at
    /// the bottom of the stack.
    Reminders(RemindersView),
    Dashboard(DashboardView),
    Sessions(SessionsView),
    /// The account, this device and its bundles (from the profile form).
    Sync(Box<super::bundle::SyncView>),
}

/// A popup over the screen.
#[derive(Clone, Debug)]
pub enum Popup {
    /// The keys of `context` (the screen under the popup) and the global ones.
    Help {
        context: Context,
        scroll: usize,
    },
    Confirm(Confirm),
    /// Problems in the keymap files, shown once at start.
    Warnings {
        scroll: usize,
    },
    /// A timeline entry opened to read: a visit or a support with all its fields, a case
    /// move or an edit with what changed.
    Entry(Box<EntryView>),
}

/// What a yes/no question is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Confirm {
    Delete {
        id: Uuid,
        name: String,
    },
    /// Close the form on top and lose what was typed.
    Discard,
    /// Quit although a form holds unsaved typing.
    Quit,
    /// Delete a visit or a support of a pupil.
    DeleteEntry {
        kind: RecordKind,
        id: Uuid,
        label: String,
    },
    /// Delete an awareness session.
    DeleteSession {
        id: Uuid,
        label: String,
    },
    /// Close a case *no longer at risk* and record the screening result that says so.
    CloseNotAtRisk {
        name: String,
        case: Box<crate::domain::Case>,
        screening: Box<Screening>,
    },
    /// Write the file of the dialog on top (a report, a bundle) over one that exists.
    ReplaceExport {
        path: std::path::PathBuf,
    },
    /// Save the student form although its birth date makes the pupil `age` at the start of
    /// `year` (probably a typo).
    UnlikelyAge {
        birth: NaiveDate,
        age: u32,
        year: SchoolYear,
    },
    /// The account made for a backup: its recovery code, shown until the teacher says it
    /// is copied (a no keeps it on the screen).
    RecoveryCode {
        account: Uuid,
        code: super::backup::ShownCode,
        /// What the backup did, said again once the code is copied.
        said: Option<String>,
    },
    /// Accept a report reader's key (after comparing its fingerprint with the reader).
    AcceptReader {
        reader: crate::store::Reader,
    },
    /// Merge two pupils who may be one child: `keep` stays, `other` is folded into it.
    MergePupils {
        keep: Twin,
        other: Twin,
    },
    /// Turn the passphrase lock on or off, or change the passphrase, as the lock settings
    /// form on top says; `no_account`: nothing could recover the notebook if it is forgotten.
    Lock {
        change: super::lock::LockChange,
        no_account: bool,
    },
}

/// A pupil of a possible pair of duplicates, as the merge question names them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Twin {
    pub id: Uuid,
    /// Their number in the class.
    pub number: usize,
    pub name: String,
    pub birth_date: NaiveDate,
    pub code: Option<String>,
    /// How many records they have: screening, case, informed dates, visits, supports and
    /// sessions attended.
    pub records: usize,
}

/// One pupil's page, read from the store and the casebook when it opens and after every
/// save (drawing never reads the store).
#[derive(Clone, Debug)]
pub struct DetailState {
    pub student: Student,
    pub screening: Option<Screening>,
    /// The pupil's case, stored or implicit (as the timeline shows it); none when the child
    /// was never identified.
    pub case: Option<Case>,
    /// The next home visit due, and whether it is overdue
    /// ([`Casebook::next_visit_due`], as the reminders read it).
    pub next_visit: Option<VisitDue>,
    /// The latest home visits and supports, newest first, a few of each.
    pub visits: Vec<Visit>,
    pub supports: Vec<Support>,
    /// How many visits and supports the pupil has in all.
    pub visit_count: usize,
    pub support_count: usize,
    /// The latest saves of the pupil and their screening, newest first.
    pub changes: Vec<Save>,
    pub scroll: usize,
}

/// An import ready to confirm: the plan and the words that describe it.
#[derive(Clone, Debug)]
pub struct ImportState {
    pub path: String,
    pub new: Vec<Student>,
    pub summary: String,
    pub scroll: usize,
}

/// The class list as shown: rows in the current order, the filtered view, selection,
/// search and filter.
#[derive(Clone, Debug, Default)]
pub struct RosterState {
    pub rows: Vec<RosterRow>,
    /// The rows' folded names and statuses, for searching.
    pub index: SearchIndex,
    /// Indices into `rows` that pass the search and the filter.
    pub visible: Vec<usize>,
    /// Index into `visible`.
    pub selected: usize,
    /// The first visible row drawn, kept so the list scrolls only when it must.
    pub offset: usize,
    pub query: Input,
    /// The search box has the focus.
    pub searching: bool,
    pub filter: StatusFilter,
    pub sort: SortOrder,
    /// Pupils by status, in `Status::ALL` order.
    pub counts: [usize; 5],
}

impl RosterState {
    pub fn selected_row(&self) -> Option<&RosterRow> {
        self.visible.get(self.selected).and_then(|&i| self.rows.get(i))
    }

    /// Recomputes the view; keeps the selected pupil when still shown, else the top row.
    pub(crate) fn refilter(&mut self, keep_selection: bool) {
        let keep = self.selected_row().map(|r| r.id).filter(|_| keep_selection);
        self.visible = roster::filter(&self.index, self.query.value(), self.filter);
        self.selected = keep
            .and_then(|id| self.visible.iter().position(|&i| self.rows[i].id == id))
            .unwrap_or(0);
        if !keep_selection {
            self.offset = 0;
        }
    }

    /// After pupils were added, edited or deleted (or all read again): numbers them in the
    /// class, then orders, indexes and filters the rows ([`RosterState::resort`]).
    pub(crate) fn renumber(&mut self) {
        roster::number(&mut self.rows);
        self.resort();
    }

    /// After the order changed: orders the rows, indexes them for search, counts them by
    /// status and filters them again. Numbering is [`RosterState::renumber`]'s.
    pub(crate) fn resort(&mut self) {
        roster::sort(&mut self.rows, self.sort);
        self.index = SearchIndex::new(&self.rows);
        self.counts = roster::counts(&self.rows);
        self.refilter(true);
    }

    pub(crate) fn select_id(&mut self, id: Uuid) {
        if let Some(p) = self.visible.iter().position(|&i| self.rows[i].id == id) {
            self.selected = p;
        }
    }

    pub(crate) fn remove(&mut self, id: Uuid) {
        let at = self.selected;
        self.rows.retain(|r| r.id != id);
        // The view's indices were into the rows before: none of them is kept (the last row
        // deleted left one past the end).
        self.visible.clear();
        self.renumber();
        self.selected = at.min(self.visible.len().saturating_sub(1));
    }
}

/// A line under the screen: what just happened, or what went wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusMessage {
    pub text: String,
    pub error: bool,
}

pub struct App {
    /// The background sync, when the notebook is joined to a hub. Declared before the
    /// store: dropping the app stops and joins it before the store can be dropped (and
    /// sealed).
    pub(crate) worker: Option<super::background::Worker>,
    /// Shared with the sync worker, which plans and finishes syncs between our writes.
    pub(crate) store: Arc<Store>,
    /// Where syncing with the hub stands (when joined), from the worker's events.
    pub(crate) sync: Option<super::background::SyncState>,
    /// The store's last write as last seen, to tell the worker of a save.
    pub(crate) seen_saved: Option<chrono::DateTime<chrono::Utc>>,
    pub(crate) clock: Arc<dyn Clock>,
    /// Today, read from the clock in `update`, so drawing never reads the clock.
    pub(crate) today: NaiveDate,
    pub(crate) lang: Lang,
    pub(crate) keymap: Keymap,
    pub(crate) warnings: Vec<KeymapWarning>,
    pub(crate) profile: Option<Profile>,
    pub(crate) screens: Vec<Screen>,
    pub(crate) popups: Vec<Popup>,
    pub(crate) roster: RosterState,
    pub(crate) status: Option<StatusMessage>,
    /// Whether the last write reached the disk; shown as "saved" in the status bar.
    pub(crate) saved: bool,
    pub(crate) ascii: bool,
    /// The terminal's size, for paging.
    pub(crate) size: (u16, u16),
    pub(crate) quit: bool,
    /// The case follow-up records, kept in step with the store after every save.
    pub(crate) casebook: Casebook,
    /// Today's reminders and the school year's indicators, computed in `update` (after a
    /// save, or when the day changes) so drawing only reads them.
    pub(crate) reminders: Vec<Reminder>,
    pub(crate) indicators: Option<Indicators>,
    /// The day `reminders` and `indicators` were computed for.
    pub(crate) computed_on: Option<NaiveDate>,
    /// The folder the export dialog suggests files in, when set; else the user's documents
    /// folder, looked up when the dialog opens rather than at start-up.
    pub(crate) export_dir: Option<std::path::PathBuf>,
    /// Pupils who may be one child (`domain::duplicates`), each with the others of their
    /// group; read with the class list.
    pub(crate) twins: std::collections::HashMap<Uuid, Vec<Uuid>>,
    /// The lock key was pressed: the session locks (it owns the app and drops it).
    pub(crate) lock_requested: bool,
    /// Minutes without a key before the session locks (this device's setting).
    pub(crate) idle_minutes: u32,
    /// How the session is to end when the app quits: a restart to turn the lock on or off.
    pub(crate) exit: Option<super::lock::Exit>,
    /// No backup and no sync for a month (`backup::is_due`), read in `update`: the status
    /// bar and the message line remind the teacher.
    pub(crate) backup_due: bool,
}

impl App {
    /// Opens the notebook: the roster when a profile exists, else the set-up form. The
    /// language is `lang` (from `--lang`), else the profile's, else the system's.
    pub fn new(
        store: impl Into<Arc<Store>>,
        lang: Option<Lang>,
        keymap: Keymap,
        warnings: Vec<KeymapWarning>,
    ) -> anyhow::Result<App> {
        let store: Arc<Store> = store.into();
        let clock = store.clock().clone();
        let today = clock.today();
        let profile = store.profile()?;
        let lang = lang
            .or(profile.as_ref().map(|p| p.lang))
            .unwrap_or_else(Lang::from_system);
        let seen_saved = store.last_saved();
        let mut app = App {
            worker: None,
            store,
            sync: None,
            seen_saved,
            clock,
            today,
            lang,
            keymap,
            warnings,
            profile,
            screens: Vec::new(),
            popups: Vec::new(),
            roster: RosterState::default(),
            status: None,
            saved: true,
            ascii: false,
            size: (100, 30),
            quit: false,
            casebook: Casebook::default(),
            reminders: Vec::new(),
            indicators: None,
            computed_on: None,
            export_dir: None,
            twins: Default::default(),
            lock_requested: false,
            idle_minutes: 0,
            exit: None,
            backup_due: false,
        };
        app.idle_minutes = super::lock::idle_minutes(&app.store);
        if app.profile.is_some() {
            app.screens.push(Screen::Roster);
            app.load_roster()?;
        } else {
            let input = ProfileInput {
                school_year: SchoolYear::containing(today).to_string(),
                lang: lang.code().to_string(),
                ..Default::default()
            };
            app.screens.push(Screen::Form(Box::new(FormState {
                kind: FormKind::Setup {
                    first_run: true,
                    lang_before: lang,
                    opened: None,
                },
                form: form::setup_form(&input, lang),
            })));
        }
        if !app.warnings.is_empty() {
            app.popups.push(Popup::Warnings { scroll: 0 });
        }
        // A copy of a notebook took a new device id as it opened: said once, here.
        if let Some(id) = app.store.renewed_at_open() {
            app.info(crate::i18n::account::S::Renewed.fill(lang, &[&id]));
        }
        Ok(app)
    }

    /// Reads the notebook into the state: the profile, every pupil and screening into the
    /// roster, the case follow-up into the casebook, the possible duplicates; then rebuilds
    /// what is derived from them ([`App::rederive`]).
    pub(crate) fn load_roster(&mut self) -> Result<(), crate::store::StoreError> {
        self.reload(Select::Keep)
    }

    /// [`App::load_roster`], then the open timelines select as `select` says. The one place
    /// the state is read from the store after a write, so what is shown is what was merged
    /// (a field another device changed meanwhile included); the roster keeps the selected
    /// pupil when they are still there.
    pub(crate) fn reload(&mut self, select: Select) -> Result<(), crate::store::StoreError> {
        self.profile = self.store.profile()?;
        self.casebook = self.store.casebook()?;
        let students: Vec<&Student> = self.casebook.students.values().collect();
        let status: std::collections::HashMap<Uuid, Status> = self
            .casebook
            .screenings
            .values()
            .map(|s| (s.student_id, Status::of(Some(s))))
            .collect();
        let selected = self.roster.selected_row().map(|r| r.id);
        self.roster.rows = students
            .iter()
            .map(|s| RosterRow::new(s, status.get(&s.id).copied().unwrap_or(Status::Unscreened)))
            .collect();
        // The view's indices were into the rows replaced: the selection is kept by id.
        self.roster.visible.clear();
        self.roster.renumber();
        if let Some(id) = selected {
            self.roster.select_id(id);
        }
        self.twins = twins(&self.casebook);
        self.rederive(select)
    }

    /// Everything derived from the notebook, rebuilt in this one place after every write
    /// (and when the day changes, as reminders and indicators are of a day): the reminders
    /// and the profile's school year's indicators, the open timelines (selecting as `select`
    /// says), the pupils' pages and the sync screen on the stack. A pupil no longer there
    /// takes their screens with them.
    pub(crate) fn rederive(&mut self, select: Select) -> Result<(), crate::store::StoreError> {
        self.reminders = crate::domain::reminders(&self.casebook, self.today);
        self.indicators = self
            .profile
            .as_ref()
            .map(|p| crate::domain::indicators(&self.casebook, Period::school_year(p.school_year), self.today));
        self.computed_on = Some(self.today);
        self.clamp_reminder_selection();
        self.refresh_timelines(select)?;
        self.refresh_details()?;
        self.refresh_sync()
    }

    /// After a write is on disk: reads the notebook again ([`App::reload`]), then says
    /// `message`, or, if it could not be read again, that the write is saved all the same.
    pub(crate) fn after_write(&mut self, select: Select, message: String) {
        match self.reload(select) {
            Ok(()) => self.info(message),
            Err(e) => {
                let why = crate::store::store_error_message(self.lang, &e);
                self.error(crate::i18n::case::C::SavedRefreshFailed.fill(self.lang, &[&why]));
            }
        }
    }

    pub fn casebook(&self) -> &Casebook {
        &self.casebook
    }

    /// Whether the reminder to back up shows (no backup and no sync for a month).
    pub fn backup_due(&self) -> bool {
        self.backup_due
    }

    pub fn reminders(&self) -> &[Reminder] {
        &self.reminders
    }

    pub fn indicators(&self) -> Option<&Indicators> {
        self.indicators.as_ref()
    }

    /// Draws boxes with `+-|` for consoles whose font has no line-drawing characters.
    pub fn set_ascii_borders(&mut self, ascii: bool) {
        self.ascii = ascii;
    }

    /// Tells the app the terminal's size (at start and on every resize).
    pub fn resize(&mut self, width: u16, height: u16) {
        self.size = (width, height);
    }

    /// Whether the terminal is below the size the screens need: drawing shows only a
    /// message then, and keys (but quit) are ignored.
    pub fn too_small(&self) -> bool {
        self.size.0 < MIN_WIDTH || self.size.1 < MIN_HEIGHT
    }

    /// Whether any open form holds typing that is not saved yet.
    pub fn any_form_dirty(&self) -> bool {
        self.screens
            .iter()
            .any(|s| matches!(s, Screen::Form(f) if f.form.dirty))
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// Minutes without a key before the session locks (0: never).
    pub fn idle_minutes(&self) -> u32 {
        self.idle_minutes
    }

    /// Whether quitting asks for a restart that turns the lock on or off.
    pub fn wants_restart(&self) -> bool {
        matches!(self.exit, Some(super::lock::Exit::Protect(_)))
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn profile(&self) -> Option<&Profile> {
        self.profile.as_ref()
    }

    pub fn screen(&self) -> &Screen {
        self.screens.last().expect("the screen stack is never empty")
    }

    pub fn popup(&self) -> Option<&Popup> {
        self.popups.last()
    }

    pub fn roster(&self) -> &RosterState {
        &self.roster
    }

    /// The names the roster shows, in order.
    pub fn visible_names(&self) -> Vec<&str> {
        self.roster
            .visible
            .iter()
            .map(|&i| self.roster.rows[i].name.as_str())
            .collect()
    }

    pub fn status_message(&self) -> Option<&StatusMessage> {
        self.status.as_ref()
    }

    /// The form on top, if a form is open.
    pub fn form(&self) -> Option<&FormState> {
        match self.screen() {
            Screen::Form(f) => Some(f),
            _ => None,
        }
    }

    pub(crate) fn form_mut(&mut self) -> Option<&mut FormState> {
        match self.screens.last_mut() {
            Some(Screen::Form(f)) => Some(f),
            _ => None,
        }
    }

    /// Where keys are read now.
    pub fn context(&self) -> Context {
        match self.popup() {
            Some(Popup::Help { .. } | Popup::Warnings { .. }) => return Context::Help,
            Some(Popup::Entry(_)) => return Context::Entry,
            Some(Popup::Confirm(_)) => return Context::Confirm,
            None => {}
        }
        self.screen_context()
    }

    /// The context of the screen, ignoring popups.
    pub(crate) fn screen_context(&self) -> Context {
        match self.screen() {
            Screen::Roster if self.roster.searching => Context::Search,
            Screen::Roster => Context::Roster,
            Screen::Detail(_) => Context::Detail,
            Screen::Form(_) => Context::Form,
            // With nothing to import the preview only informs: no question, keys to close.
            Screen::ImportPreview(s) if s.new.is_empty() => Context::Help,
            Screen::ImportPreview(_) => Context::Confirm,
            Screen::Timeline(_) => Context::Timeline,
            Screen::Reminders(_) => Context::Reminders,
            Screen::Dashboard(_) => Context::Dashboard,
            Screen::Sessions(_) => Context::Sessions,
            Screen::Sync(_) => Context::Sync,
        }
    }

    /// Whether the bottom line offers `action` where keys are read now: not editing a case
    /// move (it has no form), a section at a time only on a form of sections (the
    /// screening's checklist and decision), merging only on a pupil marked as a twin, the
    /// sync screen only from the profile form (not at set-up), bundles only with an
    /// account, syncing now only when joined to a hub.
    pub fn offers(&self, action: Action) -> bool {
        match (self.popup(), action) {
            // Named on the bottom line only when there is a hub to sync with.
            (_, Action::SyncNow) => self.sync.is_some(),
            // Only a notebook with a passphrase can be locked.
            (_, Action::Lock) => self.store.has_passphrase(),
            (None, Action::LockSettings) => {
                matches!(
                    self.form().map(|f| &f.kind),
                    Some(FormKind::Setup { first_run: false, .. })
                )
            }
            (None, Action::Sync) => {
                matches!(
                    self.form().map(|f| &f.kind),
                    Some(FormKind::Setup { first_run: false, .. })
                )
            }
            // Choosing a report reader: only when there are several.
            (None, Action::Up | Action::Down) if matches!(self.screen(), Screen::Sync(_)) => {
                matches!(self.screen(), Screen::Sync(v) if v.readers.len() > 1)
            }
            (None, Action::AcceptReader) => {
                matches!(self.screen(), Screen::Sync(v) if v.readers.iter().any(|(_, s)| *s != crate::store::Standing::Accepted))
            }
            (None, Action::Export | Action::Import) if matches!(self.screen(), Screen::Sync(_)) => {
                matches!(self.screen(), Screen::Sync(v) if v.account.is_some())
            }
            (Some(Popup::Entry(e)), Action::Edit) => e.record.is_some(),
            (None, Action::Merge) => self
                .roster
                .selected_row()
                .is_some_and(|r| self.twins.contains_key(&r.id)),
            (None, Action::PageDown | Action::PageUp) => self.form().is_none_or(|f| f.form.section_starts().len() > 1),
            _ => true,
        }
    }

    /// Whether typed characters go to a text field (the search box or a form's field).
    pub fn text_focused(&self) -> bool {
        if !self.popups.is_empty() {
            return false;
        }
        match self.screen() {
            Screen::Roster => self.roster.searching,
            Screen::Form(f) => f.form.text_focused(),
            _ => false,
        }
    }

    /// Handles one key event: edits the focused field, or maps the key to an action.
    /// Only presses count (Windows also reports releases). Every key is handled on its own,
    /// in order, because input methods send Backspace then the composed letter.
    pub fn handle_key(&mut self, key: KeyEvent) {
        if key.kind != KeyEventKind::Press {
            return;
        }
        self.today = self.clock.today();
        if self.too_small() {
            // Only the "too small" message shows: nothing may happen blind, but quit.
            if self.keymap.action(self.context(), &key) == Some(Action::Quit) {
                self.update(Action::Quit);
            }
            return;
        }
        if self.text_focused()
            && let Some(edit) = field_edit(&key)
        {
            self.status = None;
            self.edit(edit);
            return;
        }
        // Tab on a path completes it, as in a shell; when there is nothing to complete it
        // goes on to the keymap (the next field).
        if self.popups.is_empty()
            && key.code == KeyCode::Tab
            && key.modifiers.is_empty()
            && self.form().is_some_and(|f| form::is_path(f.form.focused().id))
            && self.complete_path()
        {
            self.status = None;
            return;
        }
        if self.popups.is_empty()
            && let Screen::Form(f) = self.screen()
            && !f.form.text_focused()
            && matches!(key.code, KeyCode::Left | KeyCode::Right)
            && key.modifiers.is_empty()
        {
            // Left and Right step through a pick list or flip a checkbox.
            let forward = key.code == KeyCode::Right;
            self.toggle_field(forward);
            return;
        }
        let context = self.context();
        match self.keymap.action(context, &key) {
            Some(action) => self.update(action),
            // The import preview answers yes or no, but it can be long: arrows scroll it
            // unless the keymap gives them another meaning there.
            None if self.popups.is_empty() && matches!(self.screen(), Screen::ImportPreview(_)) => {
                let action = match key.code {
                    KeyCode::Up => Action::Up,
                    KeyCode::Down => Action::Down,
                    KeyCode::PageUp => Action::PageUp,
                    KeyCode::PageDown => Action::PageDown,
                    KeyCode::Home => Action::Top,
                    KeyCode::End => Action::Bottom,
                    _ => return,
                };
                self.update(action);
            }
            // In a question a typed letter that is not yes says no: a word typed on a
            // class list whose letters are commands (vim: "duy") can't delete anyone.
            None if context == Context::Confirm && !self.popups.is_empty() && printable(&key).is_some() => {
                self.update(Action::No);
            }
            None if context == Context::Roster && printable(&key).is_some() && self.type_to_search() => {
                // A teacher never needs to know a key to find a child: typing searches.
                self.status = None;
                self.roster.searching = true;
                self.edit(Edit::Insert(printable(&key).expect("checked")));
            }
            None => {}
        }
    }

    /// Whether typing on the class list searches. Not when the keymap gives letters a
    /// meaning there (vim): then an unbound letter does nothing, and search has its key.
    pub fn type_to_search(&self) -> bool {
        !self.keymap.binds_characters(Context::Roster)
    }

    /// Pasted text goes to the focused field, as if typed. Every field is one line: the
    /// line break that ends a copied line (or cell) is dropped, and other line breaks and
    /// tabs (between spreadsheet cells) become spaces. Nothing in a paste acts as a key.
    pub fn paste(&mut self, text: &str) {
        if !self.text_focused() || self.too_small() {
            return;
        }
        self.status = None;
        for c in one_line(text).chars() {
            self.edit(Edit::Insert(c));
        }
    }
}

/// Each pupil who may be the same child as another (`domain::duplicates`), with the others
/// of their group in its order.
fn twins(book: &Casebook) -> std::collections::HashMap<Uuid, Vec<Uuid>> {
    let students: Vec<Student> = book.students.values().cloned().collect();
    let mut out = std::collections::HashMap::new();
    for group in crate::domain::duplicates::possible_duplicates(&students) {
        for id in &group {
            out.insert(*id, group.iter().copied().filter(|o| o != id).collect());
        }
    }
    out
}

/// Pasted text as one line: trailing line breaks dropped, a line break (`\r\n`, `\n` or
/// `\r`), a tab or another control character becomes a space.
pub(crate) fn one_line(text: &str) -> String {
    text.trim_end_matches(['\r', '\n'])
        .replace("\r\n", " ")
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The character a key types, if it types one: plain or shifted, or with Ctrl+Alt, which is
/// how Windows reports AltGr (used for characters on many keyboard layouts).
fn printable(key: &KeyEvent) -> Option<char> {
    let KeyCode::Char(c) = key.code else { return None };
    if c.is_control() {
        return None;
    }
    let m = key.modifiers - KeyModifiers::SHIFT;
    let altgr = KeyModifiers::CONTROL | KeyModifiers::ALT;
    (m.is_empty() || m == altgr).then_some(c)
}

/// The text edit a key makes in a focused field. Backspace also comes as Ctrl+H or as the
/// DEL character from some terminals and input methods.
pub(crate) fn field_edit(key: &KeyEvent) -> Option<Edit> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    Some(match key.code {
        KeyCode::Char('\u{7f}') | KeyCode::Char('\u{8}') | KeyCode::Backspace => Edit::Backspace,
        KeyCode::Char('h') if ctrl && !alt => Edit::Backspace,
        KeyCode::Delete => Edit::Delete,
        KeyCode::Left if ctrl => Edit::WordLeft,
        KeyCode::Right if ctrl => Edit::WordRight,
        KeyCode::Left => Edit::Left,
        KeyCode::Right => Edit::Right,
        KeyCode::Home => Edit::Home,
        KeyCode::End => Edit::End,
        _ => Edit::Insert(printable(key)?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, m: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, m)
    }

    #[test]
    fn printable_keys() {
        assert_eq!(printable(&key(KeyCode::Char('a'), KeyModifiers::NONE)), Some('a'));
        assert_eq!(printable(&key(KeyCode::Char('A'), KeyModifiers::SHIFT)), Some('A'));
        // AltGr on Windows.
        let altgr = KeyModifiers::CONTROL | KeyModifiers::ALT;
        assert_eq!(printable(&key(KeyCode::Char('@'), altgr)), Some('@'));
        assert_eq!(printable(&key(KeyCode::Char('s'), KeyModifiers::CONTROL)), None);
        assert_eq!(printable(&key(KeyCode::Char('x'), KeyModifiers::ALT)), None);
        assert_eq!(printable(&key(KeyCode::Enter, KeyModifiers::NONE)), None);
    }

    #[test]
    fn a_paste_is_one_line() {
        assert_eq!(one_line("Nguyễn Văn An\r\n"), "Nguyễn Văn An");
        assert_eq!(one_line("Lê\tVăn\r\nSáu\nBa\rBốn\n\n"), "Lê Văn Sáu Ba Bốn");
    }

    #[test]
    fn backspace_in_all_its_forms() {
        for k in [
            key(KeyCode::Backspace, KeyModifiers::NONE),
            key(KeyCode::Char('h'), KeyModifiers::CONTROL),
            key(KeyCode::Char('\u{7f}'), KeyModifiers::NONE),
        ] {
            assert_eq!(field_edit(&k), Some(Edit::Backspace), "{k:?}");
        }
    }
}
