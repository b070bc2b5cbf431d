//! Backups from the interface: the sync screen's backup key opens a path dialog like the
//! bundle's, and writes what `sotay backup` writes ([`crate::backup::write`]), encrypted to
//! the account. A notebook without an account gets one first, and its recovery code shows
//! in a question the teacher must answer yes to. Whether a backup is due (the reminder) is
//! read here too, in `update`, so drawing only reads a flag.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use zeroize::Zeroizing;

use super::app::{App, Confirm, Popup};
use super::bundle::bundle_refused_under;
use super::form::{FieldId, Form, FormField, FormKind, Widget};
use crate::backup::{self, BackupError};
use crate::domain::Problem;
use crate::i18n::backup::B;
use crate::report::output;
use crate::store::layout::DeviceSetting;
use crate::store::{StoreError, store_error_message};
use crate::sync::AccountKeys;

/// A backup's file ending: an age file.
pub const EXTENSION: &str = "age";

/// The backup's usual file name: `sotay-backup-YYYY-MM-DD.age`.
pub fn backup_file_name(today: NaiveDate) -> String {
    format!("sotay-backup-{}.{EXTENSION}", today.format("%Y-%m-%d"))
}

/// A typed name without an ending gets the backup's, so the file is known for one.
pub fn with_backup_extension(typed: &str) -> String {
    if Path::new(typed).extension().is_some() {
        typed.to_string()
    } else {
        format!("{}.{EXTENSION}", typed.trim_end_matches('.'))
    }
}

/// A recovery code as the question shows it: wiped from memory when dropped, and never in
/// a Debug print (a state dump must not carry it).
#[derive(Clone, PartialEq, Eq)]
pub struct ShownCode(Zeroizing<String>);

impl ShownCode {
    pub fn new(code: String) -> ShownCode {
        ShownCode(Zeroizing::new(code))
    }

    /// The code in lines of at most `groups` groups, each but the last ending in its `-`,
    /// so that a narrow popup never cuts a group.
    pub fn lines(&self, groups: usize) -> Vec<String> {
        let parts: Vec<&str> = self.0.split('-').collect();
        let chunks: Vec<String> = parts.chunks(groups.max(1)).map(|c| c.join("-")).collect();
        let last = chunks.len().saturating_sub(1);
        chunks
            .into_iter()
            .enumerate()
            .map(|(i, c)| if i < last { format!("{c}-") } else { c })
            .collect()
    }
}

impl std::fmt::Debug for ShownCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ShownCode(..)")
    }
}

impl App {
    /// Whether to remind the teacher to back up (no backup and no sync for a month), read
    /// in `update` so the status bar and the message line only read the flag. A notebook
    /// with no profile yet has nothing to back up.
    pub(crate) fn refresh_backup_due(&mut self) -> Result<(), StoreError> {
        self.backup_due = self.profile.is_some() && backup::is_due(&self.store, self.clock.now())?;
        Ok(())
    }

    /// The dialog that writes a backup, filled with the usual file in the bundles' folder.
    pub(crate) fn open_backup_dialog(&mut self) {
        let dir = self.bundle_dir();
        let file = dir.join(backup_file_name(self.today));
        let form = Form::new(vec![FormField {
            id: FieldId::BackupPath,
            widget: Widget::Text(tui_input::Input::new(file.to_string_lossy().into_owned())),
            required: true,
        }]);
        self.push_form(FormKind::Backup { dir }, form);
    }

    /// The file the dialog names: a bare name in its folder, `~` as the home folder,
    /// without Windows' quotes, the backup's ending added. `None` (the field says why)
    /// when nothing was typed.
    fn backup_path(&mut self, dir: &Path) -> Option<PathBuf> {
        let typed = self.form().map(|f| f.form.text_of(FieldId::BackupPath))?;
        let typed = super::paths::unquote(&typed);
        if typed.is_empty() {
            let msg = crate::i18n::domain::problem(self.lang, &Problem::Required);
            self.backup_refused(msg);
            return None;
        }
        let typed = with_backup_extension(typed);
        let path = dir.join(super::paths::expand_home(&typed, super::paths::home_dir().as_deref()));
        Some(std::path::absolute(&path).unwrap_or(path))
    }

    /// Writes the backup to the file the dialog names, asking first before replacing one
    /// (unless `replace`); makes the account first when there is none, and then shows its
    /// recovery code in a question. The dialog closes and the message says what was
    /// written; on a failure it stays as typed, the reason under the field.
    pub(crate) fn save_backup(&mut self, dir: &Path, replace: bool) {
        let Some(path) = self.backup_path(dir) else {
            return;
        };
        if !replace && path.symlink_metadata().is_ok() {
            self.popups.push(Popup::Confirm(Confirm::ReplaceExport { path }));
            return;
        }
        let lang = self.lang;
        let (secret, made) = match backup::account_or_new(&self.store) {
            Ok(a) => a,
            Err(e) => return self.backup_refused(store_error_message(lang, &e)),
        };
        if made {
            // Shown whatever happens to the file next: the account exists now.
            let id = AccountKeys::from_secret(&secret).account_id();
            let code = ShownCode::new(secret.recovery_code());
            self.popups.push(Popup::Confirm(Confirm::RecoveryCode {
                account: id,
                code,
                said: None,
            }));
        }
        drop(secret);
        let device_lang = self.profile.as_ref().map_or(lang, |p| p.lang);
        // On the interface thread, as a bundle is: a class's notebook seals in well under a
        // second (docs/performance.md).
        let written = match backup::write(&self.store, &path, replace, device_lang.code(), None) {
            Ok(w) => w,
            Err(BackupError::Store(e)) => return self.backup_refused(store_error_message(lang, &e)),
            Err(BackupError::File(e)) => return self.backup_refused(output::error_message(lang, &e)),
        };
        self.remember_folder(DeviceSetting::BundleFolder, &path);
        // The dialog (a question over it, the recovery code's, stays).
        self.screens.pop();
        let kb = written.bytes.div_ceil(1024);
        let said = B::Written.fill(lang, &[&written.pupils, &written.batches, &kb, &path.display()]);
        if let Some(Popup::Confirm(Confirm::RecoveryCode { said: again, .. })) = self.popups.last_mut() {
            *again = Some(said.clone());
        }
        match self.refresh_sync() {
            Ok(()) => self.info(said),
            Err(e) => self.read_failed(&e),
        }
    }

    /// Shows why the backup dialog can't go on under its field, keeping what was typed.
    fn backup_refused(&mut self, msg: String) {
        bundle_refused_under(self, FieldId::BackupPath, msg);
    }
}
