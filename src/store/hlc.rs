//! The hybrid logical clock: wall-clock milliseconds that never go backwards, a counter
//! for events within one millisecond, and the device id to break the last ties.
//!
//! The store keeps the last reading in `meta` and moves it on in the same transaction as
//! each write, so readings only grow, across restarts and whatever the wall clock does.

use uuid::Uuid;

use crate::clock::Clock;

/// A hybrid logical clock reading. Ordered by millis, then counter, then device.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub struct Hlc {
    pub millis: u64,
    pub counter: u32,
    pub device: Uuid,
}

impl Hlc {
    /// The reading before any event on `device`.
    pub fn zero(device: Uuid) -> Hlc {
        Hlc {
            millis: 0,
            counter: 0,
            device,
        }
    }

    /// The reading for a local event after `self`, with the wall clock at `wall`
    /// milliseconds: the wall time if it moved on, else the same millisecond with the
    /// counter bumped.
    pub fn tick(self, wall: u64) -> Hlc {
        if wall > self.millis {
            Hlc {
                millis: wall,
                counter: 0,
                device: self.device,
            }
        } else {
            self.bump(self.millis, self.counter)
        }
    }

    /// The reading after receiving `remote` (a change from another device), so that what
    /// this device does next sorts after what it has seen. Keeps this device's id.
    pub fn observe(self, remote: Hlc, wall: u64) -> Hlc {
        let millis = wall.max(self.millis).max(remote.millis);
        if millis == wall && millis > self.millis && millis > remote.millis {
            return Hlc {
                millis,
                counter: 0,
                device: self.device,
            };
        }
        // The highest counter already used at this millisecond, by either side.
        let counter = match (millis == self.millis, millis == remote.millis) {
            (true, true) => self.counter.max(remote.counter),
            (true, false) => self.counter,
            (false, _) => remote.counter,
        };
        self.bump(millis, counter)
    }

    /// The next counter at `millis`; a full counter spills into the next millisecond.
    fn bump(self, millis: u64, counter: u32) -> Hlc {
        match counter.checked_add(1) {
            Some(counter) => Hlc {
                millis,
                counter,
                device: self.device,
            },
            // Saturating: a reading near u64::MAX is refused long before (see `MAX_AHEAD`).
            None => Hlc {
                millis: millis.saturating_add(1),
                counter: 0,
                device: self.device,
            },
        }
    }
}

/// How far ahead of this device's wall clock another device's reading may be: a day.
/// Further means a device with a wrong clock, whose changes would win every merge for as
/// long as it is ahead.
pub const MAX_AHEAD_MILLIS: u64 = 24 * 60 * 60 * 1000;

/// Whether `remote` is further ahead of `wall` than [`MAX_AHEAD_MILLIS`].
pub fn too_far_ahead(remote: Hlc, wall: u64) -> bool {
    remote.millis > wall.saturating_add(MAX_AHEAD_MILLIS)
}

/// The clock's time in milliseconds since 1970 (a clock set before 1970 reads 0).
pub fn wall_millis(clock: &dyn Clock) -> u64 {
    u64::try_from(clock.now().timestamp_millis()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ME: Uuid = Uuid::from_u128(1);
    const THEM: Uuid = Uuid::from_u128(2);

    fn at(millis: u64, counter: u32) -> Hlc {
        Hlc {
            millis,
            counter,
            device: ME,
        }
    }

    #[test]
    fn tick_follows_the_wall_clock_when_it_moves_on() {
        assert_eq!(at(100, 5).tick(200), at(200, 0));
    }

    #[test]
    fn tick_in_the_same_millisecond_bumps_the_counter() {
        let a = at(100, 0).tick(100);
        let b = a.tick(100);
        assert_eq!((a, b), (at(100, 1), at(100, 2)));
        assert!(a < b);
    }

    #[test]
    fn tick_never_goes_back_when_the_wall_clock_does() {
        let a = at(1_000_000, 3);
        let b = a.tick(5); // the clock was set back by hours
        assert_eq!(b, at(1_000_000, 4));
        assert!(b > a);
    }

    #[test]
    fn a_full_counter_spills_into_the_next_millisecond() {
        assert_eq!(at(100, u32::MAX).tick(100), at(101, 0));
    }

    #[test]
    fn observe_moves_past_a_remote_clock_that_is_ahead() {
        let remote = Hlc {
            millis: 500,
            counter: 7,
            device: THEM,
        };
        let o = at(100, 2).observe(remote, 300);
        assert_eq!(o, at(500, 8));
        assert!(o > remote && o.device == ME);
        // And local events after it stay ahead of the remote one.
        assert!(o.tick(300) > remote);
    }

    #[test]
    fn observe_with_equal_millis_takes_the_higher_counter() {
        let remote = Hlc {
            millis: 100,
            counter: 3,
            device: THEM,
        };
        assert_eq!(at(100, 9).observe(remote, 50), at(100, 10));
        assert_eq!(at(100, 1).observe(remote, 50), at(100, 4));
    }

    #[test]
    fn observe_keeps_local_time_when_remote_is_behind() {
        let remote = Hlc {
            millis: 10,
            counter: 99,
            device: THEM,
        };
        assert_eq!(at(100, 1).observe(remote, 50), at(100, 2));
        // The wall clock ahead of both wins with a fresh counter.
        assert_eq!(at(100, 1).observe(remote, 400), at(400, 0));
    }

    #[test]
    fn no_reading_overflows() {
        let top = Hlc {
            millis: u64::MAX,
            counter: u32::MAX,
            device: THEM,
        };
        assert_eq!(top.tick(u64::MAX).millis, u64::MAX);
        assert_eq!(at(0, 0).observe(top, u64::MAX).millis, u64::MAX);
        assert!(too_far_ahead(top, 0) && !too_far_ahead(at(5, 0), u64::MAX));
        assert!(!too_far_ahead(at(MAX_AHEAD_MILLIS + 100, 0), 100));
        assert!(too_far_ahead(at(MAX_AHEAD_MILLIS + 101, 0), 100));
    }

    #[test]
    fn device_breaks_ties() {
        let theirs = Hlc {
            millis: 100,
            counter: 1,
            device: THEM,
        };
        assert!(at(100, 1) < theirs);
    }
}
