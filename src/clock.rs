//! The clock is passed in, so tests can fix the time.

use chrono::{DateTime, Local, NaiveDate, Utc};

pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
    /// Today in the teacher's time zone: what forms compare dates against.
    fn today(&self) -> NaiveDate {
        self.now().with_timezone(&Local).date_naive()
    }
}

/// The computer's clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that always says the same time (tests, benchmarks, snapshots).
#[derive(Clone, Copy, Debug)]
pub struct FixedClock(pub DateTime<Utc>);

impl FixedClock {
    /// Noon UTC on the given day, so the local date is that day in Vietnam and in Europe.
    pub fn on(y: i32, m: u32, d: u32) -> FixedClock {
        let day = NaiveDate::from_ymd_opt(y, m, d).expect("valid date");
        FixedClock(day.and_hms_opt(5, 0, 0).expect("valid time").and_utc())
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
    fn today(&self) -> NaiveDate {
        // Fixed clocks are for tests: their day must not depend on the machine's zone.
        self.0.date_naive()
    }
}
