//! `update`: carries out an action on the state, calling the store. The only place that
//! writes; a screen says "saved" only after the store returned Ok (it flushes first).

use std::path::Path;

use uuid::Uuid;

use super::action::{Action, Context};
use super::app::{App, Confirm, DetailState, ImportState, Popup, Screen, StatusMessage, Twin};
use super::case_update::Select;
use super::draw;
use super::form::{self, Edit, FieldId, FormKind, FormState, Pick};
use crate::domain::{
    AfterScreening, Case, Decision, Field, Profile, ProfileInput, RecordKind, SchoolYear, Screening, ScreeningInput,
    Student, StudentInput,
};
use crate::i18n::tui::T;
use crate::store::layout::DeviceSetting;
use crate::store::{StoreError, store_error_message as store_error};
use crate::text;

/// A folder as a path field starts with: ending in its separator, ready for a name.
pub(crate) fn folder_to_type_in(dir: &Path) -> String {
    let mut s = dir.to_string_lossy().into_owned();
    if !s.ends_with(std::path::MAIN_SEPARATOR) {
        s.push(std::path::MAIN_SEPARATOR);
    }
    s
}

/// How many saves the detail page lists.
const CHANGES_SHOWN: usize = 6;
/// How many of the latest visits, and of the latest supports, the detail page lists.
const FOLLOW_UP_SHOWN: usize = 3;

/// Where a scrolling action moves a view of `page` lines whose scroll stops at `max`;
/// `None` for an action that does not scroll. Help, detail and the import preview share it.
pub(crate) fn scrolled(scroll: usize, action: Action, page: usize, max: usize) -> Option<usize> {
    match action {
        Action::Up => Some(scroll.saturating_sub(1)),
        Action::Down => Some((scroll + 1).min(max)),
        Action::PageUp => Some(scroll.saturating_sub(page)),
        Action::PageDown => Some((scroll + page).min(max)),
        Action::Top => Some(0),
        Action::Bottom => Some(max),
        _ => None,
    }
}

impl App {
    /// Carries out one action in the current context; a save it made is told to the sync
    /// worker.
    pub fn update(&mut self, action: Action) {
        self.update_here(action);
        self.notice_saves();
    }

    fn update_here(&mut self, action: Action) {
        self.today = self.clock.today();
        self.status = None;
        // Reminders, indicators and a pupil's next visit are of a day: a notebook left open
        // overnight recounts.
        if self.computed_on != Some(self.today)
            && let Err(e) = self.rederive(Select::Keep)
        {
            self.read_failed(&e);
        }
        if action == Action::Quit {
            return self.ask_quit();
        }
        if action == Action::Lock {
            return self.ask_lock();
        }
        match self.popups.last() {
            Some(Popup::Help { .. } | Popup::Warnings { .. }) => return self.update_help(action),
            Some(Popup::Confirm(_)) => return self.update_confirm(action),
            Some(Popup::Entry(_)) => return self.update_entry_popup(action),
            None => {}
        }
        if action == Action::Help {
            let context = self.screen_context();
            self.popups.push(Popup::Help { context, scroll: 0 });
            return;
        }
        if action == Action::SyncNow {
            return self.sync_now();
        }
        if action == Action::Profile && !matches!(self.screen(), Screen::Form(_)) {
            return self.open_profile();
        }
        match self.screen() {
            Screen::Roster => self.update_roster(action),
            Screen::Detail(_) => self.update_detail(action),
            Screen::Form(_) => self.update_form(action),
            Screen::ImportPreview(_) => self.update_import_preview(action),
            Screen::Timeline(_) => self.update_timeline(action),
            Screen::Reminders(_) => self.update_reminders(action),
            Screen::Dashboard(_) => self.update_dashboard(action),
            Screen::Sessions(_) => self.update_sessions(action),
            Screen::Sync(_) => self.update_sync(action),
        }
    }

    pub(crate) fn info(&mut self, text: String) {
        self.status = Some(StatusMessage { text, error: false });
    }

    pub(crate) fn error(&mut self, text: String) {
        self.status = Some(StatusMessage { text, error: true });
    }

    /// A write failed: nothing is on disk, and the screen (a form) stays as it was. A save
    /// refused because its pupil was deleted (on another device, as a sync brought in)
    /// failed nothing: delete wins, so the notebook is read again (the pupil leaves the
    /// class list, their page and timeline close) while the form keeps what was typed.
    pub(crate) fn write_failed(&mut self, e: &StoreError) {
        if let StoreError::Deleted { .. } = e {
            if let Err(e) = self.reload(Select::Keep) {
                return self.read_failed(&e);
            }
            return self.error(store_error(self.lang, e));
        }
        self.saved = false;
        let msg = T::SaveFailed.fill(self.lang, &[&store_error(self.lang, e)]);
        self.error(msg);
    }

    pub(crate) fn read_failed(&mut self, e: &StoreError) {
        self.error(store_error(self.lang, e));
    }

    fn ask_quit(&mut self) {
        let asking = matches!(self.popups.last(), Some(Popup::Confirm(Confirm::Quit)));
        if self.any_form_dirty() && !asking {
            self.popups.push(Popup::Confirm(Confirm::Quit));
        } else {
            self.quit = true;
        }
    }

    fn update_help(&mut self, action: Action) {
        let lines = match self.popups.last() {
            Some(Popup::Help { context, .. }) => draw::help::line_count(self, *context),
            _ => draw::help::warning_line_count(self),
        };
        let page = draw::help::inner_height(self.size);
        let max = lines.saturating_sub(page);
        let Some(Popup::Help { scroll, .. } | Popup::Warnings { scroll }) = self.popups.last_mut() else {
            return;
        };
        if let Some(to) = scrolled(*scroll, action, page, max) {
            *scroll = to;
            return;
        }
        match action {
            Action::Back | Action::Help | Action::Open | Action::Yes | Action::No => {
                self.popups.pop();
            }
            _ => {}
        }
    }

    /// Only `yes` (the `y` key) answers yes. Everything that closes the question otherwise,
    /// Enter included (it is bound to `no`), keeps the pupil, the typing, the app.
    fn update_confirm(&mut self, action: Action) {
        let yes = match action {
            Action::Yes => true,
            Action::No | Action::Back | Action::Open => false,
            _ => return,
        };
        let Some(Popup::Confirm(what)) = self.popups.pop() else {
            return;
        };
        if !yes && let Confirm::RecoveryCode { .. } = what {
            // The code must be seen copied: the question stays until answered yes.
            self.popups.push(Popup::Confirm(what));
            return self.info(crate::i18n::backup_ui::BU::CopyCodeFirst.get(self.lang).to_string());
        }
        if !yes {
            // The birth date asked about is where the teacher will want to look again.
            if let Confirm::UnlikelyAge { .. } = what
                && let Some(f) = self.form_mut()
                && let Some(i) = f.form.index_of(FieldId::Domain(Field::BirthDate))
            {
                f.form.focus_on(i);
            }
            return;
        }
        match what {
            Confirm::Delete { id, name } => self.delete(id, &name),
            Confirm::Discard => self.close_form(),
            Confirm::Quit => self.quit = true,
            Confirm::DeleteEntry { kind, id, label } => self.delete_entry(kind, id, &label),
            Confirm::DeleteSession { id, label } => self.delete_session(id, &label),
            Confirm::ReplaceExport { .. } => self.save_replacing(),
            Confirm::CloseNotAtRisk { name, case, screening } => self.close_not_at_risk(&name, &case, &screening),
            Confirm::UnlikelyAge { .. } => self.save_form_as(true),
            Confirm::MergePupils { keep, other } => self.merge_pupils(&keep, &other),
            Confirm::AcceptReader { reader } => self.accept_reader(&reader),
            Confirm::RecoveryCode { said, .. } => {
                if let Some(said) = said {
                    self.info(said);
                }
            }
            Confirm::Lock { change, .. } => self.apply_lock_change(change),
        }
    }

    // --- Roster -------------------------------------------------------------------------

    fn update_roster(&mut self, action: Action) {
        let searching = self.roster.searching;
        let selected = self.roster.selected_row().map(|r| (r.id, r.name.clone()));
        match action {
            Action::Up => self.move_selection(-1),
            Action::Down => self.move_selection(1),
            Action::PageUp => self.move_selection(-(self.page() as isize)),
            Action::PageDown => self.move_selection(self.page() as isize),
            Action::Top => self.move_selection(isize::MIN / 2),
            Action::Bottom => self.move_selection(isize::MAX / 2),
            Action::Search => self.roster.searching = !searching,
            Action::Back if searching || !self.roster.query.value().is_empty() => {
                self.roster.searching = false;
                self.roster.query.reset();
                self.roster.refilter(true);
            }
            Action::Back if self.roster.filter != Default::default() => {
                self.roster.filter = Default::default();
                self.roster.refilter(true);
            }
            Action::Filter => {
                self.roster.filter = self.roster.filter.next();
                self.roster.refilter(true);
                self.roster.offset = 0;
                self.keep_selection_visible();
            }
            Action::Sort => {
                self.roster.sort = self.roster.sort.toggled();
                self.roster.resort();
                self.keep_selection_visible();
            }
            Action::Add => self.open_student_form(None),
            Action::Import => self.open_import(),
            Action::Export => self.open_export(),
            Action::NextView | Action::PrevView => self.switch_view(action == Action::NextView),
            Action::Open | Action::Edit | Action::Delete | Action::Screen | Action::Merge => {
                let Some((id, name)) = selected else {
                    return self.info(T::NoSelection.get(self.lang).into());
                };
                self.roster.searching = false;
                match action {
                    Action::Open => self.open_detail(id),
                    Action::Edit => self.open_student_form(Some(id)),
                    Action::Delete => self.popups.push(Popup::Confirm(Confirm::Delete { id, name })),
                    Action::Merge => self.ask_merge(id, &name),
                    _ => self.open_screening(id),
                }
            }
            _ => {}
        }
    }

    /// Rows in the roster's list area, for paging.
    fn page(&self) -> usize {
        draw::roster::list_height(self.size.1).max(1)
    }

    fn move_selection(&mut self, delta: isize) {
        let n = self.roster.visible.len();
        if n == 0 {
            return;
        }
        let sel = (self.roster.selected as isize)
            .saturating_add(delta)
            .clamp(0, n as isize - 1);
        self.roster.selected = sel as usize;
        self.keep_selection_visible();
    }

    fn keep_selection_visible(&mut self) {
        let page = self.page();
        let r = &mut self.roster;
        if r.selected < r.offset {
            r.offset = r.selected;
        } else if r.selected >= r.offset + page {
            r.offset = r.selected + 1 - page;
        }
    }

    /// A key typed or erased in the focused field.
    pub(crate) fn edit(&mut self, edit: Edit) {
        if matches!(self.screen(), Screen::Roster) {
            if form::apply_edit(&mut self.roster.query, edit) {
                // Each keystroke filters at once; the best match is on top.
                self.roster.refilter(false);
            }
            return;
        }
        if let Some(f) = self.form_mut() {
            f.form.edit(edit);
            self.after_edit();
        }
    }

    /// What follows from typing in the focused field of the form on top: the export
    /// dialog's file picks the format.
    fn after_edit(&mut self) {
        if let Some(f) = self.form_mut()
            && let FormKind::Export(_) = f.kind
        {
            let changed = f.form.focused().id;
            self.export_follow(changed);
        }
    }

    // --- Detail -------------------------------------------------------------------------

    fn open_detail(&mut self, id: Uuid) {
        match self.detail_state(id) {
            Ok(Some(d)) => self.screens.push(Screen::Detail(Box::new(d))),
            Ok(None) => self.pupil_gone(id),
            Err(e) => self.read_failed(&e),
        }
    }

    pub(crate) fn pupil_gone(&mut self, id: Uuid) {
        self.roster.remove(id);
        self.error(T::PupilGone.get(self.lang).into());
    }

    /// The pupil's page: the pupil and the screening as stored, their latest saves from the
    /// log, and the case follow-up from the casebook.
    fn detail_state(&self, id: Uuid) -> Result<Option<DetailState>, StoreError> {
        let Some(student) = self.store.student(id)? else {
            return Ok(None);
        };
        let screening = self.store.screening(id)?;
        let mut changes = self.store.changes_for(RecordKind::Student, id)?;
        changes.extend(self.store.changes_for(RecordKind::Screening, id)?);
        changes.sort_by_key(|c| c.hlc);
        let mut saves = super::timeline::group_saves(&changes);
        saves.reverse();
        saves.truncate(CHANGES_SHOWN);
        let book = &self.casebook;
        let case = book.case_of(id);
        let visits = book.visits_of(id);
        let mut supports = book.supports_of(id).to_vec();
        supports.sort_by_key(|s| std::cmp::Reverse((s.status_on(), s.id)));
        let support_count = supports.len();
        supports.truncate(FOLLOW_UP_SHOWN);
        Ok(Some(DetailState {
            student,
            screening,
            case,
            next_visit: book.next_visit_due(id, self.today),
            // Visits are kept oldest first.
            visits: visits.iter().rev().take(FOLLOW_UP_SHOWN).cloned().collect(),
            supports,
            visit_count: visits.len(),
            support_count,
            changes: saves,
            scroll: 0,
        }))
    }

    /// Every pupil's page on the stack (under the form, or under a timeline) shows what is
    /// stored now, scrolled where it was; a pupil no longer there takes their page with
    /// them. Part of [`App::rederive`].
    pub(crate) fn refresh_details(&mut self) -> Result<(), StoreError> {
        for i in (0..self.screens.len()).rev() {
            let Screen::Detail(d) = &self.screens[i] else {
                continue;
            };
            let (id, scroll) = (d.student.id, d.scroll);
            match self.detail_state(id) {
                Ok(Some(new)) => self.screens[i] = Screen::Detail(Box::new(DetailState { scroll, ..new })),
                Ok(None) => {
                    self.screens.remove(i);
                }
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    fn update_detail(&mut self, action: Action) {
        let Screen::Detail(d) = self.screen() else { return };
        let id = d.student.id;
        let name = d.student.name.clone();
        let lines = draw::detail::line_count(self, d);
        let page = draw::detail::inner_height(self.size);
        let max = lines.saturating_sub(page);
        let Some(Screen::Detail(d)) = self.screens.last_mut() else {
            return;
        };
        if let Some(to) = scrolled(d.scroll, action, page, max) {
            d.scroll = to;
            return;
        }
        match action {
            Action::Back => {
                self.screens.pop();
            }
            Action::Edit => self.open_student_form(Some(id)),
            Action::Screen => self.open_screening(id),
            Action::Delete => self.popups.push(Popup::Confirm(Confirm::Delete { id, name })),
            Action::Add => self.open_student_form(None),
            Action::Open => self.open_timeline(id),
            Action::Visit => self.open_visit_form(id, None),
            Action::Support => self.open_support_form(id, None),
            Action::Case => self.open_case_form(id),
            Action::Informed => self.open_informed_form(id),
            _ => {}
        }
    }

    /// Asks to merge pupil `id` with the first other pupil they may be (see
    /// `domain::duplicates`). The one kept is the one with more records, else the one listed
    /// first (the older id), so the merge moves as little as it can; the question says which
    /// and why.
    fn ask_merge(&mut self, id: Uuid, name: &str) {
        let Some(&other) = self.twins.get(&id).and_then(|o| o.first()) else {
            return self.info(T::NotATwin.fill(self.lang, &[&name]));
        };
        let (Some(a), Some(b)) = (self.twin(id), self.twin(other)) else {
            return self.pupil_gone(other);
        };
        let (keep, other) = if (b.records, std::cmp::Reverse(b.number)) > (a.records, std::cmp::Reverse(a.number)) {
            (b, a)
        } else {
            (a, b)
        };
        self.popups.push(Popup::Confirm(Confirm::MergePupils { keep, other }));
    }

    /// A pupil as the merge question names them.
    fn twin(&self, id: Uuid) -> Option<Twin> {
        let s = self.casebook.students.get(&id)?;
        let row = self.roster.rows.iter().find(|r| r.id == id)?;
        let book = &self.casebook;
        let records = usize::from(book.screenings.contains_key(&id))
            + usize::from(book.cases.contains_key(&id))
            + usize::from(book.informed.contains_key(&id))
            + book.visits_of(id).len()
            + book.supports_of(id).len()
            + book.sessions.iter().filter(|x| x.students.contains(&id)).count();
        Some(Twin {
            id,
            number: row.number,
            name: s.name.clone(),
            birth_date: s.birth_date,
            code: s.code.clone(),
            records,
        })
    }

    fn merge_pupils(&mut self, keep: &Twin, other: &Twin) {
        if let Err(e) = self.store.merge_pupils(keep.id, other.id) {
            return self.write_failed(&e);
        }
        self.saved = true;
        self.after_write(Select::Keep, T::Merged.fill(self.lang, &[&keep.name]));
        self.roster.select_id(keep.id);
        self.keep_selection_visible();
    }

    fn delete(&mut self, id: Uuid, name: &str) {
        if let Err(e) = self.store.delete_student(id) {
            return self.write_failed(&e);
        }
        self.saved = true;
        // The next pupil takes the row's place; the reminders, the dashboard, the pupil's
        // page and timeline follow from the notebook read again.
        self.roster.remove(id);
        self.keep_selection_visible();
        self.after_write(Select::Keep, T::Deleted.fill(self.lang, &[&name]));
    }

    // --- Forms --------------------------------------------------------------------------

    pub(crate) fn push_form(&mut self, kind: FormKind, form: form::Form) {
        self.screens.push(Screen::Form(Box::new(FormState { kind, form })));
    }

    fn open_profile(&mut self) {
        let input = self
            .profile
            .as_ref()
            .map(ProfileInput::from_profile)
            .unwrap_or_default();
        let kind = FormKind::Setup {
            first_run: false,
            lang_before: self.lang,
            opened: self.profile.clone().map(Box::new),
        };
        let form = form::profile_form(&input, self.lang);
        self.push_form(kind, form);
    }

    /// Opens the form to edit pupil `id`, or to add one. An edit keeps the stored pupil's
    /// class and year; a new pupil gets the profile's, and its id now.
    fn open_student_form(&mut self, id: Option<Uuid>) {
        let (input, kind) = match id {
            None => {
                let Some(p) = self.profile.as_ref() else { return };
                let kind = FormKind::Student {
                    id: Uuid::now_v7(),
                    class: p.class.clone(),
                    school_year: p.school_year,
                    opened: None,
                };
                (StudentInput::default(), kind)
            }
            Some(id) => match self.store.student(id) {
                Ok(Some(s)) => {
                    let input = StudentInput::from_student(&s);
                    let kind = FormKind::Student {
                        id,
                        class: s.class.clone(),
                        school_year: s.school_year,
                        opened: Some(Box::new(s)),
                    };
                    (input, kind)
                }
                Ok(None) => return self.pupil_gone(id),
                Err(e) => return self.read_failed(&e),
            },
        };
        self.push_form(kind, form::student_form(&input));
    }

    fn open_screening(&mut self, id: Uuid) {
        let student = match self.store.student(id) {
            Ok(Some(s)) => s,
            Ok(None) => return self.pupil_gone(id),
            Err(e) => return self.read_failed(&e),
        };
        let opened = match self.store.screening(id) {
            Ok(s) => s,
            Err(e) => return self.read_failed(&e),
        };
        let input = match &opened {
            Some(s) => ScreeningInput::from_screening(s),
            None => ScreeningInput {
                screened_on: text::format_date(self.today),
                ..Default::default()
            },
        };
        let touched = input.decision.is_some();
        let (form, assessment) = form::screening_form(&input);
        let kind = FormKind::Screening {
            student_id: id,
            name: student.name,
            assessment,
            decision_touched: touched,
            opened: opened.map(Box::new),
        };
        self.push_form(kind, form);
    }

    /// Opens the import dialog in the folder of the last class list read, if it is still
    /// there.
    fn open_import(&mut self) {
        let start = self
            .remembered_folder(DeviceSetting::ImportFolder)
            .map(|d| folder_to_type_in(&d))
            .unwrap_or_default();
        self.push_form(FormKind::ImportPath, form::import_form(&start));
    }

    /// The folder a dialog used last on this device, when it still exists.
    pub(crate) fn remembered_folder(&self, which: DeviceSetting) -> Option<std::path::PathBuf> {
        let dir = self.store.device_setting(which).ok().flatten()?;
        let dir = std::path::PathBuf::from(dir);
        dir.is_dir().then_some(dir)
    }

    /// Remembers the folder of `file` for the next time a dialog opens. A failure to write
    /// it is not worth a message: the dialog then starts where it always did.
    pub(crate) fn remember_folder(&mut self, which: DeviceSetting, file: &Path) {
        let file = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
        if let Some(dir) = file.parent().and_then(Path::to_str).filter(|d| !d.is_empty()) {
            let _ = self.store.set_device_setting(which, dir);
        }
    }

    /// Tab on a path field: completes the path from its folder's entries (the import only
    /// from folders and class lists). True when it did something: the path went further, or
    /// the names that match are now listed under it. (A second Tab with nothing new to
    /// show moves on.)
    pub(crate) fn complete_path(&mut self) -> bool {
        let Some(f) = self.form() else { return false };
        let id = f.form.focused().id;
        let typed = f.form.text_of(id);
        let home = super::paths::home_dir();
        let base = match &f.kind {
            FormKind::Export(state) => state.dir.clone(),
            FormKind::BundleExport { dir } | FormKind::BundleImport { dir } | FormKind::Backup { dir } => dir.clone(),
            _ => std::env::current_dir().unwrap_or_default(),
        };
        // What a file read can be: a class list, a bundle; a file written can be anything.
        let import: Option<fn(&str, bool) -> bool> = match f.kind {
            FormKind::ImportPath => Some(super::paths::importable),
            FormKind::BundleImport { .. } => Some(super::bundle::importable),
            _ => None,
        };
        let keep = |name: &str, is_dir: bool| import.is_none_or(|keep| keep(name, is_dir));
        let done = super::paths::complete(&typed, &base, home.as_deref(), keep);
        let Some(f) = self.form_mut() else { return false };
        if let Some(text) = done.text.filter(|t| *t != typed) {
            f.form.set_text_of(id, &text);
            f.form.selected = false;
            f.form.path_prefill = None;
            f.form.dirty = true;
            f.form.candidates = done.candidates;
            self.after_edit();
            return true;
        }
        if !done.candidates.is_empty() && f.form.candidates != done.candidates {
            f.form.candidates = done.candidates;
            return true;
        }
        false
    }

    fn update_form(&mut self, action: Action) {
        let Some(f) = self.form_mut() else { return };
        // A dialog of one path: moving on from it means going ahead (reading or writing).
        let one_path = f.kind.is_one_path();
        match action {
            Action::NextField | Action::Open if one_path => self.save_form(),
            Action::Sync if matches!(f.kind, FormKind::Setup { first_run: false, .. }) => self.open_sync(),
            Action::LockSettings if matches!(f.kind, FormKind::Setup { first_run: false, .. }) => {
                self.open_lock_settings()
            }
            // Enter (open) moves on, as in a spreadsheet: it never ticks a box by accident.
            Action::NextField | Action::Down | Action::Open => f.form.next(),
            Action::PrevField | Action::Up => f.form.prev(),
            // A section at a time: past the screening's checklist to the decision, and back.
            Action::PageDown => f.form.next_section(),
            Action::PageUp => f.form.prev_section(),
            Action::Top => f.form.focus_on(0),
            Action::Bottom => f.form.focus_on(f.form.fields.len() - 1),
            Action::Toggle => self.toggle_field(true),
            Action::ClearField => {
                f.form.clear_focused();
                self.after_edit();
            }
            Action::CutToLimit => {
                if f.form.cut_focused() {
                    self.after_edit();
                } else {
                    self.info(T::NothingToCut.get(self.lang).into());
                }
            }
            Action::Save => self.save_form(),
            Action::Back => {
                let first_run = matches!(f.kind, FormKind::Setup { first_run: true, .. });
                if first_run {
                    let quit = self.key_for(Context::Global, Action::Quit);
                    self.info(T::FinishSetup.fill(self.lang, &[&quit]));
                } else if f.form.dirty {
                    self.popups.push(Popup::Confirm(Confirm::Discard));
                } else {
                    self.close_form();
                }
            }
            _ => {}
        }
    }

    /// The first key bound to `action` in `context`, as people write it.
    pub(crate) fn key_for(&self, context: Context, action: Action) -> String {
        self.keymap.key_for(context, action).unwrap_or_default()
    }

    /// Next value of the focused pick list or flips the focused checkbox, and what follows
    /// from it: the language switches live; the checklist's level and suggestion follow.
    pub(crate) fn toggle_field(&mut self, forward: bool) {
        let Some(f) = self.form_mut() else { return };
        let was_dirty = f.form.dirty;
        let Some(changed) = f.form.toggle(forward) else {
            return;
        };
        if let FormKind::Export(_) = f.kind {
            // Picking is not typing: closing the dialog loses nothing that was typed.
            f.form.dirty = was_dirty;
            return self.export_follow(changed);
        }
        let mut new_lang = None;
        match &mut f.kind {
            FormKind::Setup { .. } if changed == FieldId::Domain(Field::Language) => {
                if let Some(Pick::Lang(l)) = f.form.pick(Field::Language) {
                    new_lang = Some(l);
                }
            }
            FormKind::Screening {
                assessment,
                decision_touched,
                ..
            } => match changed {
                FieldId::Domain(Field::Decision) => {
                    *decision_touched = true;
                    return self.screening_decision_changed();
                }
                FieldId::Factor(_) => {
                    *assessment = crate::domain::assess(&f.form.checked());
                    if !*decision_touched {
                        let suggested = Decision::suggested(assessment.level);
                        f.form.set_pick(Field::Decision, Pick::Decision(suggested));
                        return self.screening_decision_changed();
                    }
                }
                _ => {}
            },
            FormKind::Support { .. } if changed == FieldId::Domain(Field::SupportStatus) => {
                return self.support_status_changed();
            }
            _ => {}
        }
        if let Some(l) = new_lang {
            self.lang = l;
        }
    }

    /// Closes the form on top without saving.
    fn close_form(&mut self) {
        if let Some(Screen::Form(f)) = self.screens.last()
            && let FormKind::Setup { lang_before, .. } = f.kind
        {
            self.lang = lang_before;
        }
        self.screens.pop();
    }

    fn save_form(&mut self) {
        self.save_form_as(false);
    }

    /// Saves the form on top; `age_confirmed`: the teacher said yes to a birth date that
    /// gives an unlikely age.
    fn save_form_as(&mut self, age_confirmed: bool) {
        let Some(f) = self.form() else { return };
        match f.kind.clone() {
            FormKind::Setup { first_run, opened, .. } => self.save_profile(first_run, opened.as_deref()),
            FormKind::Student {
                id,
                class,
                school_year,
                opened,
            } => self.save_student(id, &class, school_year, opened.as_deref(), age_confirmed),
            FormKind::Screening {
                student_id,
                name,
                opened,
                ..
            } => self.save_screening(student_id, &name, opened.as_deref()),
            FormKind::ImportPath => self.read_import(),
            FormKind::Visit {
                id,
                student_id,
                name,
                opened,
            } => self.save_visit(id, student_id, &name, opened.as_deref()),
            FormKind::Support {
                id,
                student_id,
                name,
                opened,
            } => self.save_support(id, student_id, &name, opened.as_deref()),
            FormKind::CaseMove { student_id, name, .. } => self.save_case_move(student_id, &name),
            FormKind::Informed {
                student_id,
                name,
                opened,
            } => self.save_informed(student_id, &name, opened.as_ref()),
            FormKind::Session { id, opened } => self.save_session(id, opened.as_deref()),
            FormKind::Settings { opened } => self.save_settings(&opened),
            FormKind::Export(_) => self.save_export(false),
            FormKind::BundleExport { dir } => self.save_bundle_export(&dir, false),
            FormKind::BundleImport { dir } => self.save_bundle_import(&dir),
            FormKind::Backup { dir } => self.save_backup(&dir, false),
            FormKind::Lock { had } => self.save_lock_settings(had),
        }
    }

    /// The teacher said yes to replacing the file the dialog on top writes.
    fn save_replacing(&mut self) {
        match self.form().map(|f| f.kind.clone()) {
            Some(FormKind::Export(_)) => self.save_export(true),
            Some(FormKind::BundleExport { dir }) => self.save_bundle_export(&dir, true),
            Some(FormKind::Backup { dir }) => self.save_backup(&dir, true),
            _ => {}
        }
    }

    /// Shows the domain's errors on the form, which keeps everything typed.
    pub(crate) fn show_errors(&mut self, errors: crate::domain::FieldErrors) {
        let n = errors.0.len();
        if let Some(f) = self.form_mut() {
            f.form.set_errors(errors);
        }
        self.error(T::FixFields.fill(self.lang, &[&n]));
    }

    fn save_profile(&mut self, first_run: bool, opened: Option<&Profile>) {
        let Some(f) = self.form() else { return };
        let input = form::profile_input(&f.form);
        let profile = match input.validate(self.today) {
            Ok(p) => p,
            Err(e) => return self.show_errors(e),
        };
        if first_run && self.setup_locks(&profile) {
            return;
        }
        if let Err(e) = self.store.save_edited(opened, &profile, None) {
            return self.write_failed(&e);
        }
        self.saved = true;
        self.lang = profile.lang;
        self.profile = Some(profile);
        self.screens.pop();
        let saved = T::ProfileSaved.get(self.lang).into();
        if first_run {
            self.screens.push(Screen::Roster);
            if let Err(e) = self.load_roster() {
                return self.error(T::SavedReloadFailed.fill(self.lang, &[&store_error(self.lang, &e)]));
            }
            return self.info(saved);
        }
        // The indicators count the profile's school year.
        self.after_write(Select::Keep, saved);
    }

    fn save_student(
        &mut self,
        id: Uuid,
        class: &str,
        school_year: SchoolYear,
        opened: Option<&Student>,
        age_confirmed: bool,
    ) {
        let Some(f) = self.form() else { return };
        let input = form::student_input(&f.form);
        let student = match input.validate(id, class, school_year, self.today) {
            Ok(s) => s,
            Err(e) => return self.show_errors(e),
        };
        // A birth date that gives an unlikely age is asked about once: not again when an
        // edit keeps the date already stored.
        let stored = opened.map(|s| s.birth_date);
        if !age_confirmed
            && stored != Some(student.birth_date)
            && let Some(age) = crate::domain::validation::unlikely_age(student.birth_date, school_year)
        {
            let ask = Confirm::UnlikelyAge {
                birth: student.birth_date,
                age,
                year: school_year,
            };
            self.popups.push(Popup::Confirm(ask));
            return;
        }
        if let Err(e) = self.store.save_edited(opened, &student, None) {
            return self.write_failed(&e);
        }
        self.saved = true;
        self.screens.pop();
        let msg = if opened.is_none() { T::Added } else { T::StudentSaved };
        self.after_write(Select::Keep, msg.fill(self.lang, &[&student.name]));
        self.roster.select_id(student.id);
        self.keep_selection_visible();
    }

    fn save_screening(&mut self, student_id: Uuid, name: &str, opened: Option<&Screening>) {
        let Some(f) = self.form() else { return };
        let screening = match form::screening_input(&f.form).validate(student_id, self.today) {
            Ok(s) => s,
            Err(e) => return self.show_errors(e),
        };
        // An implicit case too: found not at risk, it is stored closed, as on the case form.
        let effect = crate::domain::after_screening(
            self.casebook.case_view(student_id).as_deref(),
            self.casebook.screenings.get(&student_id),
            &screening,
            &self.casebook.interventions_of(student_id),
            self.today,
        );
        if !self.commit_screening(opened, &screening, effect.case()) {
            return;
        }
        self.screens.pop();
        let message = self.screening_message(&effect, name);
        self.after_write(Select::Keep, message);
    }

    /// Saves a screening (`opened` as the form or the case move read it) with the case it
    /// changes (if any), in one transaction. The case was worked out from the casebook's,
    /// which is therefore the version it is saved over. False (the error shown, nothing
    /// changed) when the write failed.
    pub(crate) fn commit_screening(
        &mut self,
        opened: Option<&Screening>,
        screening: &Screening,
        case: Option<&Case>,
    ) -> bool {
        let stored_case = self.casebook.cases.get(&screening.student_id);
        let case = case.map(|c| (stored_case, c));
        if let Err(e) = self.store.save_edited(opened, screening, case) {
            self.write_failed(&e);
            return false;
        }
        self.saved = true;
        true
    }

    /// The screening form's decision changed: a new result is a new screening, so its date
    /// becomes today (back to the stored date if the stored decision is picked again),
    /// unless the teacher typed another date. Otherwise a pupil screened at risk on 20/11
    /// and found not at risk today would read as found not at risk on 20/11.
    fn screening_decision_changed(&mut self) {
        let Some(FormKind::Screening { student_id, .. }) = self.form().map(|f| &f.kind) else {
            return;
        };
        let Some(stored) = self.casebook.screenings.get(student_id).cloned() else {
            return;
        };
        let (stored_on, today) = (text::format_date(stored.screened_on), text::format_date(self.today));
        let Some(f) = self.form_mut() else { return };
        let current = f.form.text(Field::ScreenedOn);
        if current.trim() != stored_on && current.trim() != today {
            return;
        }
        let same = f.form.pick(Field::Decision) == Some(Pick::Decision(stored.decision));
        f.form
            .set_text(Field::ScreenedOn, if same { &stored_on } else { &today });
    }

    /// What the status line says after a screening was saved, with what it did to the case.
    fn screening_message(&self, effect: &AfterScreening, name: &str) -> String {
        let (lang, on) = (self.lang, |c: &Case| text::format_date(c.stage_on));
        match effect {
            AfterScreening::Closed(c) => T::ScreeningSavedCaseClosed.fill(lang, &[&name, &on(c)]),
            AfterScreening::Reopened(c) => T::ScreeningSavedCaseReopened.fill(lang, &[&name, &on(c)]),
            _ => T::ScreeningSaved.fill(lang, &[&name]),
        }
    }

    // --- Import -------------------------------------------------------------------------

    /// Reads the file named in the import form and shows what importing it would do. The
    /// file is read here, on the UI thread: a class list is small. (A large file would
    /// belong on a worker thread reporting back as an event.)
    fn read_import(&mut self) {
        let (Some(f), Some(p)) = (self.form(), self.profile.as_ref()) else {
            return;
        };
        // Windows' "Copy as path" puts the path in quotes.
        let path = super::paths::unquote(&form::import_path(&f.form)).to_string();
        if path.is_empty() {
            let msg = crate::i18n::domain::problem(self.lang, &crate::domain::Problem::Required);
            return self.import_failed(msg);
        }
        let (class, year) = (p.class.clone(), p.school_year);
        let file = super::paths::expand_home(&path, super::paths::home_dir().as_deref());
        let table = match crate::import::read_table(&file) {
            Ok(t) => t,
            Err(e) => return self.import_failed(crate::import::error_message(&e, self.lang)),
        };
        self.remember_folder(DeviceSetting::ImportFolder, &file);
        let existing = match self.store.students() {
            Ok(s) => s,
            Err(e) => return self.read_failed(&e),
        };
        match crate::import::plan(&table, &existing, &class, year, self.today) {
            Ok(plan) => {
                let state = ImportState {
                    path,
                    summary: crate::import::describe(&plan, self.lang, true),
                    new: plan.new,
                    scroll: 0,
                };
                self.screens.push(Screen::ImportPreview(Box::new(state)));
            }
            Err(e) => self.import_failed(crate::import::error_message(&e, self.lang)),
        }
    }

    /// Shows why a file cannot be imported under the path field, which keeps the path.
    fn import_failed(&mut self, msg: String) {
        if let Some(f) = self.form_mut() {
            f.form.show_other_error(FieldId::ImportPath, msg.clone());
        }
        self.error(msg);
    }

    fn update_import_preview(&mut self, action: Action) {
        let Some(Screen::ImportPreview(s)) = self.screens.last() else {
            return;
        };
        let max = draw::import::line_count(self, s).saturating_sub(draw::import::inner_height(self.size));
        let page = draw::import::inner_height(self.size);
        let Some(Screen::ImportPreview(s)) = self.screens.last_mut() else {
            return;
        };
        if let Some(to) = scrolled(s.scroll, action, page, max) {
            s.scroll = to;
            return;
        }
        if s.new.is_empty() {
            // Nothing to import: closing the preview ends the import, with the message.
            if matches!(action, Action::Back | Action::Open | Action::No | Action::Yes) {
                self.screens.truncate(1);
                self.info(T::ImportNothing.get(self.lang).into());
            }
            return;
        }
        match action {
            // As in every question, only `yes` says yes; Enter (bound to `no`) declines.
            Action::No | Action::Back | Action::Open => {
                self.screens.pop();
            }
            Action::Yes | Action::Save => self.confirm_import(),
            _ => {}
        }
    }

    /// Saves the new pupils in one transaction (all or none), then shows the roster.
    fn confirm_import(&mut self) {
        let Some(Screen::ImportPreview(s)) = self.screens.last() else {
            return;
        };
        let new = s.new.clone();
        if let Err(e) = self.store.save_imported(new.clone()) {
            return self.write_failed(&e);
        }
        self.saved = true;
        // Back to the roster: the preview and the path form are done.
        self.screens.truncate(1);
        if let Err(e) = self.load_roster() {
            return self.error(T::SavedReloadFailed.fill(self.lang, &[&store_error(self.lang, &e)]));
        }
        self.roster.query.reset();
        self.roster.searching = false;
        self.roster.refilter(false);
        self.info(T::Imported.fill(self.lang, &[&new.len()]));
    }
}
