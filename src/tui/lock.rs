//! The passphrase lock in the interface: when to lock (idle time), how long a wrong
//! passphrase makes the next try wait, the lock screen's state, and the restart that turns
//! the lock on or off (the notebook must be closed for it: see [`protect_and_reopen`]).

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tui_input::Input;
use zeroize::Zeroizing;

use crate::clock::Clock;
use crate::domain::Profile;
use crate::i18n::Lang;
use crate::i18n::lock::L;
use crate::store::layout::DeviceSetting;
use crate::store::{Passphrase, Protected, Store, StoreError, Unlock};

/// Minutes without a key before a notebook with a passphrase locks, unless set.
pub const DEFAULT_IDLE_MINUTES: u32 = 10;
/// The most the setting takes: a school day.
pub const MAX_IDLE_MINUTES: u32 = 12 * 60;
/// The longest a wrong passphrase makes the next try wait: slowed, never locked out.
pub const MAX_RETRY_WAIT: Duration = Duration::from_secs(30);

/// Whether the interface locks now: `minutes` (0: never) have gone by since the last key
/// or paste.
pub fn should_lock(last_input: Instant, now: Instant, minutes: u32) -> bool {
    minutes > 0 && now.saturating_duration_since(last_input) >= Duration::from_secs(u64::from(minutes) * 60)
}

/// How long the lock screen makes the next try wait after `failures` wrong passphrases in a
/// row: 1 s, 2 s, 4 s … at most 30 s. Guessing is slowed; a teacher is never locked out.
pub fn retry_wait(failures: u32) -> Duration {
    match failures {
        0 => Duration::ZERO,
        n => Duration::from_secs(1u64.checked_shl(n - 1).unwrap_or(u64::MAX)).min(MAX_RETRY_WAIT),
    }
}

/// The idle minutes typed in a form: a whole number from 0 to [`MAX_IDLE_MINUTES`].
pub fn parse_minutes(text: &str) -> Option<u32> {
    text.trim().parse().ok().filter(|m| *m <= MAX_IDLE_MINUTES)
}

/// This device's idle minutes; the default when never set (or unreadable: locking is the
/// safe side).
pub fn idle_minutes(store: &Store) -> u32 {
    store
        .device_setting(DeviceSetting::IdleLockMinutes)
        .ok()
        .flatten()
        .and_then(|m| parse_minutes(&m))
        .unwrap_or(DEFAULT_IDLE_MINUTES)
}

/// Why the lock screen shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Why {
    /// The notebook has a passphrase and was just started.
    Start,
    /// Nothing was typed for this many minutes.
    Idle(u32),
    /// The teacher locked it (the lock key).
    Now,
}

/// The lock screen: what is typed (drawn masked), and the wrong tries so far. Holds nothing
/// of the notebook.
#[derive(Debug)]
pub struct LockScreen {
    pub why: Why,
    pub lang: Lang,
    pub input: Input,
    /// Wrong passphrases in a row.
    pub failures: u32,
    /// No try before then.
    pub wait_until: Option<Instant>,
    /// What went wrong last that is not a wrong passphrase (a damaged notebook).
    pub error: Option<String>,
    /// Asked to unlock with nothing typed.
    pub empty: bool,
    /// The time as last told (`Session::tick`), so drawing shows the wait left without
    /// reading a clock.
    pub now: Instant,
}

impl LockScreen {
    pub fn new(why: Why, lang: Lang, now: Instant) -> LockScreen {
        LockScreen {
            why,
            lang,
            input: Input::default(),
            failures: 0,
            wait_until: None,
            error: None,
            empty: false,
            now,
        }
    }

    /// Whole seconds (rounded up) before the next try may be made, if it must wait.
    pub fn wait_left(&self, now: Instant) -> Option<u64> {
        let left = self.wait_until?.saturating_duration_since(now);
        (!left.is_zero()).then(|| left.as_millis().div_ceil(1000) as u64)
    }

    /// What was typed, taken out of the field (which is left empty). tui-input keeps no
    /// other copy; copies its String left behind as it grew are not wiped (see docs/tui.md).
    pub(crate) fn take_typed(&mut self) -> Zeroizing<String> {
        Zeroizing::new(self.input.value_and_reset())
    }

    /// A wrong passphrase: the next try waits longer.
    pub(crate) fn wrong(&mut self, now: Instant) {
        self.failures = self.failures.saturating_add(1);
        self.wait_until = Some(now + retry_wait(self.failures));
        self.error = None;
    }
}

/// What the lock settings form is about to do (asked first).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LockChange {
    /// Set a passphrase on a notebook that has none (a restart: the notebook is rewritten).
    On,
    /// Remove the passphrase (a restart too).
    Off,
    /// Change the passphrase (live: the master key is wrapped again).
    Change,
}

/// The interface asks to be closed and run again: the notebook's lock is turned on or off
/// (which rewrites it whole, so it must be closed), then `profile` is saved (the first
/// run's, after the lock, so the teacher's name is never written in clear).
pub struct ProtectRequest {
    /// What opens the notebook now.
    pub current: Unlock,
    /// The new passphrase; `None`: none.
    pub new: Option<Passphrase>,
    pub profile: Option<Profile>,
    /// The language to confirm in.
    pub lang: Lang,
}

/// How the interface ended.
pub enum Exit {
    Quit,
    Protect(ProtectRequest),
}

/// Carries out `req` on the closed notebook in `dir` and opens it again, with the line
/// that confirms it. A failure changes nothing ([`crate::store::protect`] is all or
/// nothing); the profile is saved only once the lock is on.
pub fn protect_and_reopen(
    dir: &Path,
    clock: Arc<dyn Clock>,
    req: &ProtectRequest,
) -> Result<(Store, String), StoreError> {
    let done = crate::store::protect(dir, clock.clone(), &req.current, req.new.as_ref())?;
    let unlock = req.new.clone().map(Unlock::with).unwrap_or_default();
    let store = Store::open_unlocked(dir, clock, &unlock)?;
    if let Some(p) = &req.profile {
        store.save_profile(p)?;
    }
    let said = match done {
        Protected::On => L::On,
        Protected::Off => L::Off,
        Protected::Changed => L::Changed,
        Protected::Unchanged => L::NoneSet,
    };
    Ok((store, said.get(req.lang).to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_after_the_idle_minutes_only() {
        let t0 = Instant::now();
        let min = |m: u64| t0 + Duration::from_secs(m * 60);
        assert!(!should_lock(t0, min(9) + Duration::from_secs(59), 10));
        assert!(should_lock(t0, min(10), 10));
        assert!(should_lock(t0, min(60), 10));
        // 0: never.
        assert!(!should_lock(t0, min(100_000), 0));
        // A key after the time it is asked about (an event read late) is no idleness.
        assert!(!should_lock(min(5), t0, 1));
    }

    #[test]
    fn each_wrong_try_waits_longer_up_to_half_a_minute() {
        let secs: Vec<u64> = (0..9).map(|n| retry_wait(n).as_secs()).collect();
        assert_eq!(secs, [0, 1, 2, 4, 8, 16, 30, 30, 30]);
        assert_eq!(retry_wait(u32::MAX), MAX_RETRY_WAIT);
    }

    #[test]
    fn minutes_are_whole_and_bounded() {
        assert_eq!(parse_minutes(" 10 "), Some(10));
        assert_eq!(parse_minutes("0"), Some(0));
        assert_eq!(parse_minutes("720"), Some(720));
        assert_eq!(parse_minutes("721"), None);
        assert_eq!(parse_minutes("-1"), None);
        assert_eq!(parse_minutes("mười"), None);
        assert_eq!(parse_minutes(""), None);
    }

    #[test]
    fn the_wait_left_is_rounded_up() {
        let t0 = Instant::now();
        let mut s = LockScreen::new(Why::Start, Lang::En, t0);
        assert_eq!(s.wait_left(t0), None);
        s.wrong(t0);
        s.wrong(t0);
        assert_eq!(s.wait_left(t0), Some(2));
        assert_eq!(s.wait_left(t0 + Duration::from_millis(1500)), Some(1));
        assert_eq!(s.wait_left(t0 + Duration::from_secs(2)), None);
    }
}
