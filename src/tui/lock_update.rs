//! The app's side of the passphrase lock: the lock key, the lock settings form (from the
//! profile form) and the set-up's optional passphrase. Turning the lock on or off needs the
//! notebook closed, so the app quits asking for a restart ([`Exit::Protect`]); changing
//! the passphrase is done live.

use super::app::{App, Confirm, Popup};
use super::form::{self, FieldId, FormKind, PassField, Pick};
use super::lock::{Exit, LockChange, MAX_IDLE_MINUTES, ProtectRequest, parse_minutes};
use crate::domain::Profile;
use crate::i18n::Lang;
use crate::i18n::lock::L;
use crate::i18n::lock_screen::LS;
use crate::store::layout::DeviceSetting;
use crate::store::{MIN_PASSPHRASE_CHARS, Passphrase, StoreError, Unlock, store_error_message};

/// The question asked before the lock changes: what it does, and, when a passphrase is
/// set, what forgetting it costs.
pub(crate) fn question(lang: Lang, change: LockChange, no_account: bool) -> String {
    let mut q = match change {
        LockChange::On => LS::ConfirmOn,
        LockChange::Off => LS::ConfirmOff,
        LockChange::Change => LS::ConfirmChange,
    }
    .get(lang)
    .to_string();
    if change != LockChange::Off {
        q = format!("{q} {}", L::Forgotten.get(lang));
        if no_account {
            q = format!("{q} {}", L::NoAccount.get(lang));
        }
    }
    q
}

/// A field's problem: which field, in words.
type Refused = (FieldId, String);

impl App {
    /// The lock key: the session locks, if there is a passphrase to lock with.
    pub(crate) fn ask_lock(&mut self) {
        if self.store.has_passphrase() {
            self.lock_requested = true;
            return;
        }
        let profile = self.key_for(super::action::Context::Roster, super::action::Action::Profile);
        let settings = self.key_for(super::action::Context::Form, super::action::Action::LockSettings);
        self.info(LS::NoLock.fill(self.lang, &[&profile, &settings]));
    }

    pub(crate) fn open_lock_settings(&mut self) {
        let had = self.store.has_passphrase();
        self.push_form(FormKind::Lock { had }, form::lock_form(had, self.idle_minutes));
    }

    /// Saves the lock settings form: the idle minutes alone at once; a lock turned on or
    /// off, or a new passphrase, after the question.
    pub(crate) fn save_lock_settings(&mut self, had: bool) {
        let Some(f) = self.form() else { return };
        let Some(minutes) = parse_minutes(&f.form.text_of(FieldId::IdleMinutes)) else {
            let msg = LS::BadMinutes.fill(self.lang, &[&MAX_IDLE_MINUTES]);
            return self.refuse_field((FieldId::IdleMinutes, msg));
        };
        let on = matches!(f.form.pick_of(FieldId::LockOn), Some(Pick::LockOn(true)));
        let typed_new = !f.form.text_of(FieldId::Passphrase(PassField::New)).is_empty()
            || !f.form.text_of(FieldId::Passphrase(PassField::Repeat)).is_empty();
        let change = match (had, on) {
            (false, false) => None,
            (true, true) if !typed_new => None,
            (false, true) => Some(LockChange::On),
            (true, true) => Some(LockChange::Change),
            (true, false) => Some(LockChange::Off),
        };
        let Some(change) = change else {
            return self.save_idle_minutes(minutes, true);
        };
        // Everything typed is checked (the current passphrase too) before the question.
        if let Err(refused) = self.lock_inputs(change, true) {
            return self.refuse_field(refused);
        }
        let no_account = !matches!(self.store.account(), Ok(Some(_)));
        self.popups.push(Popup::Confirm(Confirm::Lock { change, no_account }));
    }

    /// The teacher said yes: the passphrase changes now, or the app quits to have the
    /// notebook rewritten with the lock on or off.
    pub(crate) fn apply_lock_change(&mut self, change: LockChange) {
        let (current, new) = match self.lock_inputs(change, false) {
            Ok(typed) => typed,
            Err(refused) => return self.refuse_field(refused),
        };
        let minutes = self
            .form()
            .and_then(|f| parse_minutes(&f.form.text_of(FieldId::IdleMinutes)))
            .unwrap_or(self.idle_minutes);
        match (change, new) {
            (LockChange::Change, Some(new)) => {
                if let Err(e) = self.store.change_passphrase(&new) {
                    return self.write_failed(&e);
                }
                self.save_idle_minutes(minutes, false);
                self.screens.pop();
                self.info(L::Changed.get(self.lang).to_string());
            }
            (LockChange::Change, None) => {}
            (_, new) => {
                self.save_idle_minutes(minutes, false);
                self.exit = Some(Exit::Protect(ProtectRequest {
                    current: current.map(Unlock::with).unwrap_or_default(),
                    new,
                    profile: None,
                    lang: self.lang,
                }));
                self.quit = true;
            }
        }
    }

    /// The passphrases the form on top holds for `change`: the current one (checked against
    /// the notebook when `verify`) and the new one (long enough, typed twice alike).
    fn lock_inputs(
        &self,
        change: LockChange,
        verify: bool,
    ) -> Result<(Option<Passphrase>, Option<Passphrase>), Refused> {
        let lang = self.lang;
        let Some(f) = self.form() else {
            return Ok((None, None));
        };
        let text = |p: PassField| zeroize::Zeroizing::new(f.form.text_of(FieldId::Passphrase(p)));
        let mut current = None;
        if matches!(change, LockChange::Change | LockChange::Off) {
            let typed = text(PassField::Current);
            let field = FieldId::Passphrase(PassField::Current);
            if typed.is_empty() {
                return Err((field, LS::NeedCurrent.get(lang).to_string()));
            }
            let p = Passphrase::new(&typed);
            if verify {
                match self.store.unlock(&p) {
                    Ok(()) => {}
                    Err(StoreError::WrongPassphrase { .. }) => {
                        return Err((field, LS::WrongCurrent.get(lang).to_string()));
                    }
                    Err(e) => return Err((field, store_error_message(lang, &e))),
                }
            }
            current = Some(p);
        }
        let mut new = None;
        if matches!(change, LockChange::Change | LockChange::On) {
            new = Some(chosen(lang, &text(PassField::New), &text(PassField::Repeat))?);
        }
        Ok((current, new))
    }

    /// Shows `msg` under `field` of the form on top, and on the message line.
    fn refuse_field(&mut self, (field, msg): Refused) {
        if let Some(f) = self.form_mut() {
            f.form.show_other_error(field, msg.clone());
        }
        self.error(msg);
    }

    /// Stores this device's idle minutes; `close`: the form is done, and says so.
    fn save_idle_minutes(&mut self, minutes: u32, close: bool) {
        if let Err(e) = self
            .store
            .set_device_setting(DeviceSetting::IdleLockMinutes, &minutes.to_string())
        {
            return self.write_failed(&e);
        }
        self.idle_minutes = minutes;
        if close {
            self.screens.pop();
            let msg = match minutes {
                0 => LS::MinutesNever.get(self.lang).to_string(),
                m => LS::MinutesSaved.fill(self.lang, &[&m]),
            };
            self.info(msg);
        }
    }

    /// The first run's passphrase, if one was typed: checked, then the app quits so the
    /// notebook is locked before `profile` is saved (the teacher's name is never written in
    /// clear). True when it took over the save (a passphrase typed, right or refused).
    pub(crate) fn setup_locks(&mut self, profile: &Profile) -> bool {
        let Some(f) = self.form() else { return false };
        let new = zeroize::Zeroizing::new(f.form.text_of(FieldId::Passphrase(PassField::New)));
        let again = zeroize::Zeroizing::new(f.form.text_of(FieldId::Passphrase(PassField::Repeat)));
        if new.is_empty() && again.is_empty() {
            return false;
        }
        match chosen(self.lang, &new, &again) {
            Ok(p) => {
                self.exit = Some(Exit::Protect(ProtectRequest {
                    current: Unlock::none(),
                    new: Some(p),
                    profile: Some(profile.clone()),
                    lang: profile.lang,
                }));
                self.quit = true;
            }
            Err(refused) => self.refuse_field(refused),
        }
        true
    }
}

/// A new passphrase typed twice: long enough, and the same both times.
fn chosen(lang: Lang, new: &str, again: &str) -> Result<Passphrase, Refused> {
    if new.is_empty() {
        return Err((FieldId::Passphrase(PassField::New), LS::NeedNew.get(lang).to_string()));
    }
    let p = Passphrase::chosen(new).map_err(|_| {
        (
            FieldId::Passphrase(PassField::New),
            L::TooShort.fill(lang, &[&MIN_PASSPHRASE_CHARS]),
        )
    })?;
    if !Passphrase::new(again).matches(&p) {
        return Err((
            FieldId::Passphrase(PassField::Repeat),
            L::Mismatch.get(lang).to_string(),
        ));
    }
    Ok(p)
}
