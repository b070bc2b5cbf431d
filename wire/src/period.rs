//! The reporting periods both sides name: their codes (`2026-H1`, `2026`, `2026-2027`),
//! their bounds (Decree 09/2019/NĐ-CP, art. 12, and the school year from 1 August), and the
//! school year whose classes a period expects. The notebook makes its periods' dates from
//! these bounds (`sotay::report::period`); the hub picks a report's classes by them.

/// A six-month period ends on this day (month, day) of its year.
pub const FIRST_HALF_END: (u32, u32) = (6, 14);
/// A year's period starts on this day of the year before and ends on the day before it.
pub const YEAR_START: (u32, u32) = (12, 15);
pub const YEAR_END: (u32, u32) = (12, 14);
/// A school year starts on the 1st of this month.
pub const SCHOOL_YEAR_FIRST_MONTH: u32 = 8;

/// A reporting period by its code; custom spans of days have none the hub takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodCode {
    /// `YYYY-H1` (or `h1`).
    FirstHalf(i32),
    /// `YYYY`.
    Year(i32),
    /// `YYYY-YYYY`, the first year given.
    SchoolYear(i32),
}

impl PeriodCode {
    pub fn parse(code: &str) -> Option<PeriodCode> {
        let year = |y: &str| {
            (y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
                .then(|| y.parse::<i32>().ok())
                .flatten()
        };
        match code.split('-').collect::<Vec<_>>()[..] {
            [y, h] if h.eq_ignore_ascii_case("H1") => Some(PeriodCode::FirstHalf(year(y)?)),
            [y] => Some(PeriodCode::Year(year(y)?)),
            [a, b] => {
                let (a, b) = (year(a)?, year(b)?);
                (b == a + 1).then_some(PeriodCode::SchoolYear(a))
            }
            _ => None,
        }
    }

    /// The period's last day, as (year, month, day).
    pub fn last_day(self) -> (i32, u32, u32) {
        match self {
            PeriodCode::FirstHalf(y) => (y, FIRST_HALF_END.0, FIRST_HALF_END.1),
            PeriodCode::Year(y) => (y, YEAR_END.0, YEAR_END.1),
            // The day before the next school year's first day.
            PeriodCode::SchoolYear(y) => (y + 1, SCHOOL_YEAR_FIRST_MONTH - 1, 31),
        }
    }

    /// The first year of the school year whose classes report for this period: the one in
    /// progress on its last day, or on `today` (year, month, day) if that is sooner.
    pub fn school_year(self, today: (i32, u32, u32)) -> i32 {
        if let PeriodCode::SchoolYear(y) = self {
            return y;
        }
        let (y, m, _) = self.last_day().min(today);
        if m >= SCHOOL_YEAR_FIRST_MONTH { y } else { y - 1 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_period_expects_the_classes_of_the_school_year_at_its_end() {
        let late = (2030, 1, 1);
        let sy = |code: &str, today| PeriodCode::parse(code).map(|p| p.school_year(today));
        assert_eq!(sy("2026-H1", late), Some(2025));
        assert_eq!(sy("2026-h1", late), Some(2025));
        assert_eq!(sy("2026", late), Some(2026));
        assert_eq!(sy("2025-2026", late), Some(2025));
        // A year still in progress: today's school year.
        assert_eq!(sy("2026", (2026, 5, 2)), Some(2025));
        for bad in ["2026-H2", "26", "2025-2027", "x", "2026-2027-1", "20a6"] {
            assert_eq!(PeriodCode::parse(bad), None, "{bad}");
        }
    }
}
