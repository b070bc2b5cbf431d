//! When the sync worker syncs: a few seconds after a save (a burst of saves makes one
//! sync), on a timer when all is well, with exponential backoff and jitter after failures,
//! and never before the hub's `Retry-After`. Pure: every function takes the time (`now`)
//! and the randomness it needs, so the tests drive it with an invented clock.

use std::time::{Duration, Instant};

/// How long after a save the worker syncs: saves within it join the same sync.
pub const DEBOUNCE: Duration = Duration::from_secs(3);
/// The longest a burst of saves may postpone its sync (a teacher typing for minutes).
pub const DEBOUNCE_MAX: Duration = Duration::from_secs(30);
/// How often the worker syncs when all is well (to pull the other devices' changes).
pub const PERIOD: Duration = Duration::from_secs(5 * 60);
/// The wait after the first failure; it doubles with each failure after it.
pub const BACKOFF_FIRST: Duration = Duration::from_secs(30);
/// The longest wait between automatic tries.
pub const BACKOFF_MAX: Duration = Duration::from_secs(30 * 60);
/// The longest `Retry-After` taken from a hub: a wrong header can't stop syncing for days.
pub const RETRY_AFTER_MAX: Duration = Duration::from_secs(6 * 60 * 60);

/// The wait after `failures` failures in a row (at least 1), before jitter: 30 s, 1 min,
/// 2 min … up to [`BACKOFF_MAX`].
pub fn backoff(failures: u32) -> Duration {
    let doublings = failures.saturating_sub(1).min(16);
    BACKOFF_FIRST.saturating_mul(1 << doublings).min(BACKOFF_MAX)
}

/// [`backoff`] with jitter: somewhere in its upper half, `unit` (in `[0, 1)`) saying where,
/// so that the devices of a school that lost its connection at once do not all come back
/// at once.
pub fn jittered(failures: u32, unit: f64) -> Duration {
    let full = backoff(failures);
    let half = full / 2;
    half + half.mul_f64(unit.clamp(0.0, 1.0))
}

/// The wait before the next automatic try after a failure: the jittered backoff, or the
/// hub's `Retry-After` when that is longer (capped at [`RETRY_AFTER_MAX`]).
pub fn wait_after_failure(failures: u32, retry_after: Option<Duration>, unit: f64) -> Duration {
    let wait = jittered(failures, unit);
    match retry_after {
        Some(r) => wait.max(r.min(RETRY_AFTER_MAX)),
        None => wait,
    }
}

/// How a sync ended, as the schedule needs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ended {
    Ok,
    /// The hub was out of reach or busy: try again later (after `retry_after` if given).
    Unreachable {
        retry_after: Option<Duration>,
    },
    /// Refused or failed otherwise: trying again soon will not help, so back off too.
    Failed,
}

/// The worker's schedule: what is due and when.
#[derive(Clone, Debug)]
pub struct Schedule {
    /// The next try of the timer (or of the backoff).
    next: Instant,
    /// When a burst of saves will be synced: its first save's time, and the due time.
    save: Option<(Instant, Instant)>,
    /// The hub asked not to be asked again before this.
    not_before: Option<Instant>,
    /// Failures in a row.
    failures: u32,
    /// When the teacher asked to sync now, until that sync starts.
    asked: Option<Instant>,
}

impl Schedule {
    /// A schedule whose first sync is due at once (a notebook just opened pulls what the
    /// other devices did meanwhile).
    pub fn new(now: Instant) -> Schedule {
        Schedule {
            next: now,
            save: None,
            not_before: None,
            failures: 0,
            asked: None,
        }
    }

    /// A save happened: sync [`DEBOUNCE`] after the last save of a burst, but no later than
    /// [`DEBOUNCE_MAX`] after its first. While failures back off, a save does not bring
    /// the next try forward: the hub is out of reach, and the save waits with the rest.
    pub fn saved(&mut self, now: Instant) {
        let first = self.save.map_or(now, |(first, _)| first);
        let due = (now + DEBOUNCE).min(first + DEBOUNCE_MAX);
        self.save = Some((first, due));
    }

    /// The teacher asked to sync now: only the hub's `Retry-After` still holds it back.
    pub fn sync_now(&mut self, now: Instant) {
        self.asked = Some(self.asked.map_or(now, |a| a.min(now)));
    }

    /// When the next sync is due (it may be in the past: due now).
    pub fn due_at(&self) -> Instant {
        let mut due = self.next;
        if self.failures == 0
            && let Some((_, save)) = self.save
        {
            due = due.min(save);
        }
        if let Some(asked) = self.asked {
            due = due.min(asked);
        }
        match self.not_before {
            Some(nb) => due.max(nb),
            None => due,
        }
    }

    /// Whether a sync is due at `now`.
    pub fn is_due(&self, now: Instant) -> bool {
        now >= self.due_at()
    }

    /// A sync starts at `now`: the saves before it are in it.
    pub fn started(&mut self, _now: Instant) {
        self.save = None;
        self.asked = None;
    }

    /// The sync that started ended at `now` as `ended`; `unit` in `[0, 1)` places the
    /// jitter. Returns the wait before the next automatic try.
    pub fn ended(&mut self, now: Instant, ended: Ended, unit: f64) -> Duration {
        let wait = match ended {
            Ended::Ok => {
                self.failures = 0;
                self.not_before = None;
                PERIOD
            }
            Ended::Unreachable { retry_after } => {
                self.failures = self.failures.saturating_add(1);
                self.not_before = retry_after.map(|r| now + r.min(RETRY_AFTER_MAX));
                wait_after_failure(self.failures, retry_after, unit)
            }
            Ended::Failed => {
                self.failures = self.failures.saturating_add(1);
                self.not_before = None;
                wait_after_failure(self.failures, None, unit)
            }
        };
        self.next = now + wait;
        wait
    }

    /// Failures in a row.
    pub fn failures(&self) -> u32 {
        self.failures
    }

    /// When the next automatic try is (saves and the sync-now key may come first).
    pub fn next_try(&self) -> Instant {
        match self.not_before {
            Some(nb) => self.next.max(nb),
            None => self.next,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: fn(u64) -> Duration = Duration::from_secs;

    #[test]
    fn backoff_doubles_from_thirty_seconds_up_to_thirty_minutes() {
        let waits: Vec<u64> = (1..=9).map(|f| backoff(f).as_secs()).collect();
        assert_eq!(waits, [30, 60, 120, 240, 480, 960, 1800, 1800, 1800]);
        assert_eq!(backoff(u32::MAX), BACKOFF_MAX);
        // Zero failures is treated as the first.
        assert_eq!(backoff(0), BACKOFF_FIRST);
    }

    #[test]
    fn jitter_stays_in_the_upper_half_of_the_backoff() {
        for failures in 1..12 {
            let full = backoff(failures);
            for unit in [0.0, 0.001, 0.25, 0.5, 0.999, 1.0, -3.0, 7.0] {
                let j = jittered(failures, unit);
                assert!(j >= full / 2 && j <= full, "{failures} {unit}: {j:?} of {full:?}");
            }
            assert_eq!(jittered(failures, 0.0), full / 2);
            assert!(jittered(failures, 0.9) > jittered(failures, 0.1));
        }
        assert!(jittered(100, 0.999) <= BACKOFF_MAX);
    }

    #[test]
    fn retry_after_is_honoured_when_longer_and_capped() {
        assert_eq!(wait_after_failure(1, Some(S(600)), 0.5), S(600));
        // Shorter than the backoff: the backoff stands.
        assert_eq!(wait_after_failure(7, Some(S(5)), 0.0), S(900));
        assert_eq!(wait_after_failure(1, Some(S(100 * 3600)), 0.0), RETRY_AFTER_MAX);
    }

    #[test]
    fn a_burst_of_saves_makes_one_sync_three_seconds_after_the_last() {
        let t0 = Instant::now();
        let mut s = Schedule::new(t0);
        s.started(t0);
        s.ended(t0, Ended::Ok, 0.5);
        assert!(!s.is_due(t0 + S(1)));
        s.saved(t0 + S(10));
        s.saved(t0 + S(11));
        s.saved(t0 + S(12));
        assert_eq!(s.due_at(), t0 + S(15));
        assert!(!s.is_due(t0 + S(14)));
        assert!(s.is_due(t0 + S(15)));
        s.started(t0 + S(15));
        s.ended(t0 + S(16), Ended::Ok, 0.5);
        // The burst went in that sync: the next is the timer's.
        assert_eq!(s.due_at(), t0 + S(16) + PERIOD);
    }

    #[test]
    fn saves_that_never_stop_still_sync_within_thirty_seconds() {
        let t0 = Instant::now();
        let mut s = Schedule::new(t0);
        s.started(t0);
        s.ended(t0, Ended::Ok, 0.5);
        for i in 0..40 {
            s.saved(t0 + S(100 + i));
        }
        assert_eq!(s.due_at(), t0 + S(100) + DEBOUNCE_MAX);
    }

    #[test]
    fn failures_back_off_and_saves_do_not_bring_the_try_forward() {
        let t0 = Instant::now();
        let mut s = Schedule::new(t0);
        assert!(s.is_due(t0));
        s.started(t0);
        let w1 = s.ended(t0, Ended::Unreachable { retry_after: None }, 0.0);
        assert_eq!(w1, S(15));
        s.saved(t0 + S(1));
        assert_eq!(s.due_at(), t0 + S(15));
        s.started(t0 + S(15));
        let w2 = s.ended(t0 + S(15), Ended::Failed, 0.0);
        assert_eq!(w2, S(30));
        assert_eq!(s.failures(), 2);
        s.started(t0 + S(45));
        s.ended(t0 + S(45), Ended::Ok, 0.0);
        assert_eq!(s.failures(), 0);
        assert_eq!(s.next_try(), t0 + S(45) + PERIOD);
    }

    #[test]
    fn sync_now_goes_at_once_but_not_before_the_hubs_retry_after() {
        let t0 = Instant::now();
        let mut s = Schedule::new(t0);
        s.started(t0);
        s.ended(t0, Ended::Unreachable { retry_after: None }, 0.5);
        s.sync_now(t0 + S(1));
        assert!(s.is_due(t0 + S(1)));
        s.started(t0 + S(1));
        s.ended(
            t0 + S(1),
            Ended::Unreachable {
                retry_after: Some(S(120)),
            },
            0.0,
        );
        assert_eq!(s.next_try(), t0 + S(121));
        s.sync_now(t0 + S(2));
        assert!(!s.is_due(t0 + S(60)));
        assert_eq!(s.due_at(), t0 + S(121));
        assert!(s.is_due(t0 + S(121)));
    }
}
