//! A session of the interface: the app while the notebook is open, the lock screen while it
//! is locked. Locking drops the app (every record read, every form, every cache) and the
//! store forgets its key; unlocking builds a fresh app from the same store. Time comes in
//! as arguments (`now`), so tests drive the idle lock without waiting.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use ratatui::crossterm::event::{KeyEvent, KeyEventKind};

use super::action::{Action, Context};
use super::app::{App, field_edit, one_line};
use super::form::{Edit, apply_edit};
use super::keymap::{Keymap, KeymapWarning};
use super::lock::{Exit, LockScreen, Why, should_lock};
use crate::clock::Clock;
use crate::i18n::Lang;
use crate::i18n::lock_screen::LS;
use crate::store::{Passphrase, Store, StoreError, Unlock, store_error_message};

pub struct Session {
    dir: PathBuf,
    clock: Arc<dyn Clock>,
    /// `None` until the notebook is first unlocked (it starts locked).
    store: Option<Arc<Store>>,
    lang_flag: Option<Lang>,
    keymap: Keymap,
    /// The keymap's problems, shown by the first app only.
    warnings: Vec<KeymapWarning>,
    ascii: bool,
    size: (u16, u16),
    app: Option<App>,
    lock: Option<LockScreen>,
    last_input: Instant,
    /// Whether the app syncs in the background (the terminal's loop starts it; tests don't).
    syncing: bool,
    quit: bool,
    /// Said by the next app built: what locking dropped or held back.
    notices: Vec<String>,
    /// The screen must be wiped whole (it just locked).
    wipe: bool,
}

impl Session {
    /// A session on an open notebook.
    pub fn open(
        store: impl Into<Arc<Store>>,
        lang_flag: Option<Lang>,
        keymap: Keymap,
        warnings: Vec<KeymapWarning>,
        now: Instant,
    ) -> anyhow::Result<Session> {
        let store: Arc<Store> = store.into();
        let mut s = Session::new(
            store.path().to_path_buf(),
            store.clock().clone(),
            lang_flag,
            keymap,
            warnings,
            now,
        );
        s.store = Some(store);
        s.build_app(now)?;
        Ok(s)
    }

    /// A session that starts on the lock screen: the notebook in `dir` has a passphrase
    /// and is not open yet. Nothing of it is read before the passphrase is right.
    pub fn locked(
        dir: &Path,
        clock: Arc<dyn Clock>,
        lang_flag: Option<Lang>,
        keymap: Keymap,
        warnings: Vec<KeymapWarning>,
        now: Instant,
    ) -> Session {
        let mut s = Session::new(dir.to_path_buf(), clock, lang_flag, keymap, warnings, now);
        let lang = lang_flag.unwrap_or_else(Lang::from_system);
        s.lock = Some(LockScreen::new(Why::Start, lang, now));
        s
    }

    fn new(
        dir: PathBuf,
        clock: Arc<dyn Clock>,
        lang_flag: Option<Lang>,
        keymap: Keymap,
        warnings: Vec<KeymapWarning>,
        now: Instant,
    ) -> Session {
        Session {
            dir,
            clock,
            store: None,
            lang_flag,
            keymap,
            warnings,
            ascii: false,
            size: (100, 30),
            app: None,
            lock: None,
            last_input: now,
            syncing: false,
            quit: false,
            notices: Vec::new(),
            wipe: false,
        }
    }

    /// A fresh app on the store, landing where a start lands (the class list, or the set-up
    /// form), with the notices locking left.
    fn build_app(&mut self, now: Instant) -> anyhow::Result<()> {
        let Some(store) = self.store.clone() else { return Ok(()) };
        let warnings = std::mem::take(&mut self.warnings);
        let mut app = App::new(store, self.lang_flag, self.keymap.clone(), warnings)?;
        app.set_ascii_borders(self.ascii);
        app.resize(self.size.0, self.size.1);
        if self.syncing {
            app.start_sync();
        }
        if !self.notices.is_empty() {
            app.info(std::mem::take(&mut self.notices).join(" "));
        }
        self.app = Some(app);
        self.lock = None;
        self.last_input = now;
        Ok(())
    }

    pub fn app(&self) -> Option<&App> {
        self.app.as_ref()
    }

    pub fn app_mut(&mut self) -> Option<&mut App> {
        self.app.as_mut()
    }

    pub fn lock_screen(&self) -> Option<&LockScreen> {
        self.lock.as_ref()
    }

    pub fn is_locked(&self) -> bool {
        self.lock.is_some()
    }

    /// The notebook's store, once it was opened.
    pub fn store(&self) -> Option<&Arc<Store>> {
        self.store.as_ref()
    }

    pub fn ascii(&self) -> bool {
        self.ascii
    }

    pub fn size(&self) -> (u16, u16) {
        self.size
    }

    pub fn keymap(&self) -> &Keymap {
        &self.keymap
    }

    pub fn set_ascii_borders(&mut self, ascii: bool) {
        self.ascii = ascii;
        if let Some(app) = &mut self.app {
            app.set_ascii_borders(ascii);
        }
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        self.size = (width, height);
        if let Some(app) = &mut self.app {
            app.resize(width, height);
        }
    }

    /// Says `text` on the app's message line (after a restart: what it did).
    pub fn notice(&mut self, text: String) {
        match &mut self.app {
            Some(app) => app.info(text),
            None => self.notices.push(text),
        }
    }

    /// Syncs in the background from now on, in this app and the ones unlocking builds.
    pub fn start_sync(&mut self) {
        self.syncing = true;
        if let Some(app) = &mut self.app {
            app.start_sync();
        }
    }

    /// Stops the background sync (before quitting: the worker lets go of the store).
    pub fn stop_sync(&mut self) {
        if let Some(app) = &mut self.app {
            app.stop_sync();
        }
    }

    /// Takes in the sync worker's news; true when the screen changed.
    pub fn poll_sync(&mut self) -> bool {
        self.app.as_mut().is_some_and(App::poll_sync)
    }

    pub fn should_quit(&self) -> bool {
        self.quit || self.app.as_ref().is_some_and(App::should_quit)
    }

    /// How the session ended: quit, or a restart the app asked for.
    pub fn take_exit(&mut self) -> Exit {
        self.app.as_mut().and_then(|a| a.exit.take()).unwrap_or(Exit::Quit)
    }

    /// Whether the terminal must be wiped whole before the next draw (just locked); asking
    /// clears it.
    pub fn take_wipe(&mut self) -> bool {
        std::mem::take(&mut self.wipe)
    }

    /// Time goes by: locks when idle long enough; the lock screen's countdown moves. True
    /// when the screen must be drawn again.
    pub fn tick(&mut self, now: Instant) -> bool {
        if let Some(lock) = &mut self.lock {
            let before = lock.wait_left(lock.now);
            lock.now = now;
            return before.is_some() && before != lock.wait_left(now);
        }
        let Some(app) = &self.app else { return false };
        let minutes = app.idle_minutes;
        if app.store().has_passphrase() && should_lock(self.last_input, now, minutes) {
            self.lock(Why::Idle(minutes), now);
            return true;
        }
        false
    }

    /// Locks: stops the sync worker, drops the app with everything it read, makes the store
    /// forget its key, and shows the lock screen. Nothing happens for a notebook without a
    /// passphrase.
    pub fn lock(&mut self, why: Why, now: Instant) {
        let Some(store) = self.store.clone() else { return };
        if !store.has_passphrase() {
            return;
        }
        let Some(mut app) = self.app.take() else { return };
        let lang = app.lang();
        app.stop_sync();
        if app.any_form_dirty() {
            self.notices.push(LS::FormLost.get(lang).to_string());
        }
        if app.sync_state().is_some() {
            self.notices.push(LS::SyncWaited.get(lang).to_string());
        }
        drop(app);
        store.forget_key();
        self.lock = Some(LockScreen::new(why, lang, now));
        self.wipe = true;
    }

    /// One key: typed into the passphrase on the lock screen, else the app's.
    pub fn handle_key(&mut self, key: KeyEvent, now: Instant) {
        if key.kind != KeyEventKind::Press {
            return;
        }
        self.last_input = now;
        if let Some(lock) = &mut self.lock {
            lock.now = now;
            if let Some(edit) = field_edit(&key) {
                lock.empty = false;
                apply_edit(&mut lock.input, edit);
                return;
            }
            match self.keymap.action(Context::Lock, &key) {
                Some(Action::Lock | Action::Open | Action::Save) => self.try_unlock(now),
                Some(Action::Quit | Action::Back) => self.quit = true,
                _ => {}
            }
            return;
        }
        if let Some(app) = &mut self.app {
            app.handle_key(key);
            if std::mem::take(&mut app.lock_requested) {
                self.lock(Why::Now, now);
            }
        }
    }

    /// Pasted text: into the passphrase on the lock screen (one line), else the app's.
    pub fn paste(&mut self, text: &str, now: Instant) {
        self.last_input = now;
        if let Some(lock) = &mut self.lock {
            lock.empty = false;
            for c in one_line(text).chars() {
                apply_edit(&mut lock.input, Edit::Insert(c));
            }
            return;
        }
        if let Some(app) = &mut self.app {
            app.paste(text);
        }
    }

    /// The passphrase typed: opens (or unlocks) the notebook and builds the app; a wrong
    /// one makes the next try wait longer.
    pub fn try_unlock(&mut self, now: Instant) {
        let Some(lock) = &mut self.lock else { return };
        lock.now = now;
        if lock.wait_left(now).is_some() {
            return;
        }
        let typed = lock.take_typed();
        if typed.is_empty() {
            lock.empty = true;
            return;
        }
        lock.empty = false;
        let passphrase = Passphrase::new(&typed);
        drop(typed);
        let opened = match &self.store {
            Some(store) => store.unlock(&passphrase).map(|()| store.clone()),
            None => Store::open_unlocked(&self.dir, self.clock.clone(), &Unlock::with(passphrase)).map(Arc::new),
        };
        let lang = lock.lang;
        match opened {
            Ok(store) => {
                self.store = Some(store);
                if let Err(e) = self.build_app(now)
                    && let Some(lock) = &mut self.lock
                {
                    lock.error = Some(match e.downcast_ref::<StoreError>() {
                        Some(e) => store_error_message(lang, e),
                        None => e.to_string(),
                    });
                }
            }
            Err(StoreError::WrongPassphrase { .. }) => lock.wrong(now),
            Err(e) => lock.error = Some(store_error_message(lang, &e)),
        }
    }
}
