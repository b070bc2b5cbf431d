//! The sync screen and its two path dialogs: what this notebook's account holds (read from
//! the store in `update`, see [`App::refresh_sync`]), a bundle written with every batch it
//! holds, and a bundle read from another device of the account, whose changes show at once.
//! Drawing (`draw::sync`) only reads the state.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Local, NaiveDate};
use tui_input::Input;
use uuid::Uuid;

use super::app::{App, Confirm, Popup, Screen};
use super::case_update::Select;
use super::form::{FieldId, Form, FormField, FormKind, Widget};
use crate::domain::Problem;
use crate::i18n::account::{self as words, S};
use crate::i18n::readers::RD;
use crate::report::{Detail, Format, output};
use crate::store::layout::DeviceSetting;
use crate::store::{Exchange, Reader, Standing, StoreError, store_error_message};
use crate::sync::bundle::{BundleError, MAX_BUNDLE};
use crate::sync::exchange::{self, BundleRefused, Imported};

/// A reader as the teacher reads it: its scope, and its place's name when the hub gives one.
pub fn reader_name(r: &Reader) -> String {
    match &r.place {
        Some(place) => format!("{} ({place})", r.scope),
        None => r.scope.clone(),
    }
}

/// A bundle's file ending.
pub const EXTENSION: &str = "sotay";

/// What the sync screen shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SyncView {
    /// The account's id; `None`: the notebook belongs to no account yet.
    pub account: Option<Uuid>,
    pub device: Uuid,
    /// Sealed batches held (this device's and those received), and from how many devices.
    pub held: usize,
    pub devices: usize,
    /// The number this device's next batch will have.
    pub next_batch: u64,
    /// The last bundle written or read, and its local day.
    pub last: Option<(Exchange, NaiveDate)>,
    /// The local day of the last backup (made here or restored from); `None`: never.
    pub last_backup: Option<NaiveDate>,
    /// What the last import from this screen said, a sentence a line.
    pub report: Vec<String>,
    /// The hub the notebook is joined to and what syncing with it did; `None`: not joined.
    pub hub: Option<HubView>,
    /// The report readers above the class the hub offered at the last sync, each with where
    /// it stands with the teacher, and the one selected.
    pub readers: Vec<(Reader, Standing)>,
    pub reader_at: usize,
}

/// The hub's part of the sync screen, read from the store (the live state, syncing or
/// not, the next try, is the app's [`crate::tui::background::SyncState`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HubView {
    pub url: String,
    /// The last attempts, newest first, with their local end time.
    pub attempts: Vec<(chrono::NaiveDateTime, crate::store::Attempt)>,
    /// Bytes sent and received this calendar month.
    pub month: crate::store::MonthBytes,
}

/// The bundle's usual file name: `sotay-<class>-<yyyymmdd>.sotay`, the class made safe for
/// a file name as a report's is.
pub fn bundle_file_name(class: &str, today: NaiveDate) -> String {
    let day = today.format("%Y%m%d").to_string();
    // The report's name with its safe class and the day, given the bundle's ending.
    let name = output::default_file_name(class, &day, Detail::Summary, Format::Csv);
    Path::new(&name)
        .with_extension(EXTENSION)
        .to_string_lossy()
        .into_owned()
}

/// A typed name without an ending gets the bundle's, so the file is known for one.
pub fn with_bundle_extension(typed: &str) -> String {
    if Path::new(typed).extension().is_some() {
        typed.to_string()
    } else {
        format!("{}.{EXTENSION}", typed.trim_end_matches('.'))
    }
}

/// Whether an entry may be a bundle to import: a folder, or a `.sotay` file.
pub fn importable(name: &str, is_dir: bool) -> bool {
    is_dir || name.to_lowercase().ends_with(&format!(".{EXTENSION}"))
}

/// A dialog's one field: the bundle's path.
pub fn bundle_form(path: &str) -> Form {
    Form::new(vec![FormField {
        id: FieldId::BundlePath,
        widget: Widget::Text(Input::new(path.to_string())),
        required: true,
    }])
}

/// What an import did, a sentence a line: the changes applied, already here and refused;
/// the new device id a restored copy took; the changes to deleted pupils not kept (said
/// once); why each refused batch was.
pub fn import_report(lang: crate::i18n::Lang, done: &Imported) -> Vec<String> {
    let mut lines = vec![S::Imported.fill(lang, &[&done.applied, &done.already, &done.refused_changes()])];
    if let Some(id) = done.renewed {
        lines.push(S::Renewed.fill(lang, &[&id]));
    }
    if done.dropped > 0 {
        lines.push(S::Dropped.fill(lang, &[&done.dropped]));
    }
    for (device, number, _, r) in &done.refused {
        lines.push(S::RefusedBatch.fill(lang, &[number, device, &words::refusal(lang, r)]));
    }
    lines
}

impl App {
    /// Opens the sync screen, read from the store.
    pub(crate) fn open_sync(&mut self) {
        match self.sync_view(Vec::new()) {
            Ok(v) => self.screens.push(Screen::Sync(Box::new(v))),
            Err(e) => self.read_failed(&e),
        }
    }

    fn sync_view(&self, report: Vec<String>) -> Result<SyncView, StoreError> {
        let store = &self.store;
        let account = store
            .account()?
            .map(|secret| crate::sync::AccountKeys::from_secret(&secret).account_id());
        let held = store.held_numbers()?;
        let devices: std::collections::BTreeSet<Uuid> = held.iter().map(|(d, _)| *d).collect();
        let last = store.last_exchange()?.map(|e| {
            let day = DateTime::from_timestamp_millis(e.at_millis)
                .map_or(self.today, |t| t.with_timezone(&Local).date_naive());
            (e, day)
        });
        let last_backup = store.last_backup()?.map(|t| t.with_timezone(&Local).date_naive());
        Ok(SyncView {
            account,
            last_backup,
            device: store.device_id(),
            held: held.len(),
            devices: devices.len(),
            next_batch: store.next_batch()?,
            last,
            report,
            hub: self.hub_view()?,
            readers: {
                let r = store.readers()?;
                r.offered.iter().map(|o| (o.clone(), r.standing(o))).collect()
            },
            reader_at: 0,
        })
    }

    fn hub_view(&self) -> Result<Option<HubView>, StoreError> {
        let Some(binding) = self.store.hub_binding()? else {
            return Ok(None);
        };
        let stats = self.store.hub_stats()?;
        let month = self.clock.now().with_timezone(&Local).format("%Y-%m").to_string();
        let attempts = stats
            .attempts
            .iter()
            .rev()
            .filter_map(|a| {
                Some((
                    crate::tui::background::state::local(DateTime::from_timestamp_millis(a.at_millis)?),
                    a.clone(),
                ))
            })
            .collect();
        Ok(Some(HubView {
            url: binding.url,
            attempts,
            month: stats.months.get(&month).copied().unwrap_or_default(),
        }))
    }

    /// The sync screen on the stack shows what the store holds now (keeping what the last
    /// import said), and the backup reminder is read again (a sync, a bundle or a backup
    /// ends it). Part of [`App::rederive`].
    pub(crate) fn refresh_sync(&mut self) -> Result<(), StoreError> {
        self.refresh_backup_due()?;
        for i in 0..self.screens.len() {
            if let Screen::Sync(v) = &self.screens[i] {
                let mut new = self.sync_view(v.report.clone())?;
                new.reader_at = v.reader_at.min(new.readers.len().saturating_sub(1));
                self.screens[i] = Screen::Sync(Box::new(new));
            }
        }
        Ok(())
    }

    pub(crate) fn update_sync(&mut self, action: super::action::Action) {
        use super::action::Action;
        match action {
            Action::Export => self.open_bundle_dialog(true),
            Action::Import => self.open_bundle_dialog(false),
            Action::Up | Action::Down => {
                if let Some(Screen::Sync(v)) = self.screens.last_mut() {
                    let last = v.readers.len().saturating_sub(1);
                    v.reader_at = match action {
                        Action::Up => v.reader_at.saturating_sub(1),
                        _ => (v.reader_at + 1).min(last),
                    };
                }
            }
            Action::AcceptReader => self.ask_accept_reader(),
            Action::Backup => self.open_backup_dialog(),
            Action::Back => {
                self.screens.pop();
            }
            _ => {}
        }
    }

    /// Asks before accepting the selected reader's key, naming the reader and the
    /// fingerprint to compare; one accepted already is said so.
    fn ask_accept_reader(&mut self) {
        let Some(Screen::Sync(v)) = self.screens.last() else {
            return;
        };
        let Some((reader, standing)) = v.readers.get(v.reader_at).cloned() else {
            return self.info(RD::None.get(self.lang).to_string());
        };
        if standing == Standing::Accepted {
            return self.info(RD::AlreadyAccepted.fill(self.lang, &[&reader.fingerprint]));
        }
        self.popups.push(Popup::Confirm(Confirm::AcceptReader { reader }));
    }

    /// Accepts the key: figures go to it from the next sync on.
    pub(crate) fn accept_reader(&mut self, reader: &Reader) {
        match self
            .store
            .accept_reader(&reader.fingerprint)
            .and_then(|_| self.refresh_sync())
        {
            Ok(()) => self.info(RD::AcceptedNow.fill(self.lang, &[&reader.fingerprint, &reader_name(reader)])),
            Err(e) => self.read_failed(&e),
        }
    }

    /// The folder the bundle dialogs start in: the one a bundle went to or came from last
    /// (if it is still there), else the export dialog's.
    pub(crate) fn bundle_dir(&self) -> PathBuf {
        self.remembered_folder(DeviceSetting::BundleFolder)
            .unwrap_or_else(|| self.export_dir())
    }

    /// The dialog that writes a bundle (`export`), filled with the usual file in the bundle
    /// folder, or the one that reads a bundle, filled with the folder. Without an account
    /// there is nothing to seal or open: the message says how to make one.
    fn open_bundle_dialog(&mut self, export: bool) {
        match self.store.account() {
            Ok(Some(_)) => {}
            Ok(None) => return self.error(S::NoAccount.get(self.lang).into()),
            Err(e) => return self.read_failed(&e),
        }
        let dir = self.bundle_dir();
        if export {
            let class = self.profile.as_ref().map(|p| p.class.clone()).unwrap_or_default();
            let file = dir.join(bundle_file_name(&class, self.today));
            let form = bundle_form(&file.to_string_lossy());
            self.push_form(FormKind::BundleExport { dir }, form);
        } else {
            let form = bundle_form(&super::update::folder_to_type_in(&dir));
            self.push_form(FormKind::BundleImport { dir }, form);
        }
    }

    /// The file the dialog on top names: a bare name in its folder, `~` as the home folder,
    /// without Windows' quotes. `None` (the field says why) when nothing was typed.
    fn bundle_path(&mut self, dir: &Path, export: bool) -> Option<PathBuf> {
        let typed = self.form().map(|f| f.form.text_of(FieldId::BundlePath))?;
        let typed = super::paths::unquote(&typed);
        if typed.is_empty() {
            let msg = crate::i18n::domain::problem(self.lang, &Problem::Required);
            self.bundle_refused(msg);
            return None;
        }
        let typed = if export {
            with_bundle_extension(typed)
        } else {
            typed.to_string()
        };
        let path = dir.join(super::paths::expand_home(&typed, super::paths::home_dir().as_deref()));
        Some(std::path::absolute(&path).unwrap_or(path))
    }

    /// Seals what is pending and writes every batch held to the file the dialog names,
    /// asking first before replacing a file (unless `replace`). The dialog closes and the
    /// message says where the bundle went; on a failure it stays as typed, the reason under
    /// the field.
    pub(crate) fn save_bundle_export(&mut self, dir: &Path, replace: bool) {
        let Some(path) = self.bundle_path(dir, true) else {
            return;
        };
        if !replace && path.symlink_metadata().is_ok() {
            self.popups.push(Popup::Confirm(Confirm::ReplaceExport { path }));
            return;
        }
        // On the interface thread: a class's year is a few hundred kB, sealed in well under
        // a second (docs/performance.md). A hub's exchanges will belong on a worker.
        let (bytes, batches) = match exchange::export(&self.store) {
            Ok(b) => b,
            Err(e) => return self.bundle_refused(store_error_message(self.lang, &e)),
        };
        if let Err(e) = output::write(&path, &bytes, replace) {
            return self.bundle_refused(output::error_message(self.lang, &e));
        }
        self.remember_folder(DeviceSetting::BundleFolder, &path);
        self.screens.pop();
        let written = S::Written.fill(self.lang, &[&batches, &bytes.len().div_ceil(1024), &path.display()]);
        let noted = exchange::note_export(&self.store, batches).and_then(|()| self.refresh_sync());
        match noted {
            Ok(()) => self.info(written),
            Err(e) => self.read_failed(&e),
        }
    }

    /// Reads the bundle the dialog names and applies what is new. The dialog closes, the
    /// notebook is read again (the changes show at once) and the message line, and the sync
    /// screen, say what was done. A bundle refused as a whole changes nothing: the dialog
    /// stays, the reason under the field.
    pub(crate) fn save_bundle_import(&mut self, dir: &Path) {
        let Some(path) = self.bundle_path(dir, false) else {
            return;
        };
        let lang = self.lang;
        let file = path.display().to_string();
        let cannot = |e: std::io::Error| S::CannotRead.fill(lang, &[&file, &crate::i18n::io::reason(lang, &e)]);
        let bytes = match std::fs::metadata(&path) {
            // Refused before it is read into memory: far larger than a class's year.
            Ok(m) if m.len() > MAX_BUNDLE as u64 => Err(words::bundle_refused(
                lang,
                &file,
                &BundleRefused::Bundle(BundleError::TooLarge),
            )),
            Ok(_) => std::fs::read(&path).map_err(cannot),
            Err(e) => Err(cannot(e)),
        };
        let bytes = match bytes {
            Ok(b) => b,
            Err(msg) => return self.bundle_refused(msg),
        };
        let done = match exchange::import(&self.store, &bytes) {
            Ok(done) => done,
            Err(e) => {
                // A store that failed part-way (a full disk) may hold the batches applied
                // before: what is shown follows the notebook. A bundle refused whole
                // changed nothing.
                if let BundleRefused::Store(_) = e {
                    let _ = self.reload(Select::Keep);
                }
                return self.bundle_refused(words::bundle_refused(lang, &file, &e));
            }
        };
        self.remember_folder(DeviceSetting::BundleFolder, &path);
        self.saved = true;
        self.screens.pop();
        let report = import_report(lang, &done);
        if let Some(Screen::Sync(v)) = self.screens.last_mut() {
            v.report = report.clone();
        }
        if let Err(e) = self.reload(Select::Keep) {
            let why = store_error_message(lang, &e);
            return self.error(crate::i18n::case::C::SavedRefreshFailed.fill(lang, &[&why]));
        }
        let text = report.join(" ");
        if done.refused.is_empty() {
            self.info(text);
        } else {
            self.error(text);
        }
    }

    /// Shows why the bundle dialog can't go on under its field, keeping what was typed.
    fn bundle_refused(&mut self, msg: String) {
        bundle_refused_under(self, FieldId::BundlePath, msg);
    }
}

/// Shows why a path dialog (a bundle's, a backup's) can't go on under its field `id`,
/// keeping what was typed, and on the message line.
pub(crate) fn bundle_refused_under(app: &mut App, id: FieldId, msg: String) {
    if let Some(f) = app.form_mut() {
        f.form.show_other_error(id, msg.clone());
    }
    app.error(msg);
}
