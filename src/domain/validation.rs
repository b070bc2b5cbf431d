//! Field-level validation errors, language-neutral: `i18n::domain` words them.

use chrono::NaiveDate;

use super::profile::SchoolYear;
use crate::text;

/// A field of a form or of an imported row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Teacher,
    School,
    SchoolCode,
    Commune,
    Province,
    Class,
    SchoolYear,
    Language,
    TrainedOn,
    StudentCode,
    Name,
    BirthDate,
    Sex,
    Ethnicity,
    Address,
    Guardian,
    Phone,
    Notes,
    Decision,
    IdentifiedOn,
    ScreenedOn,
    // Home visit.
    VisitedOn,
    VisitedBy,
    Met,
    Working,
    Employer,
    Sector,
    HoursPerWeek,
    Hazardous,
    AttendingSchool,
    Findings,
    Agreed,
    NextVisitOn,
    // Support.
    SupportType,
    SupportStatus,
    StatusOn,
    Amount,
    Provider,
    // Case.
    Stage,
    StageOn,
    CloseReason,
    // Awareness.
    HeldOn,
    Audience,
    Topic,
    Attended,
    Attendees,
    StudentInformedOn,
    ParentsInformedOn,
    // Settings.
    InterventionDays,
    MonitoringDays,
}

/// What is wrong with a field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    Required,
    TooLong {
        max: usize,
    },
    ControlCharacter,
    NotADate,
    InFuture,
    ImplausibleBirthDate,
    NotAPhone,
    NotASchoolYear,
    NotASex,
    NotALanguage,
    /// Not a whole number.
    NotANumber,
    /// A number outside `min..=max`.
    OutOfRange {
        min: u32,
        max: u32,
    },
    /// Not an amount of money in đồng.
    NotAnAmount,
    /// A next visit that is not after the visit.
    NotAfterVisit,
    /// Fewer attended than the pupils ticked as there.
    FewerThanTicked {
        ticked: usize,
    },
    /// A date before `min` (a typo such as 2/1/1926 for 2/1/2026).
    TooEarly {
        min: NaiveDate,
    },
    /// An amount above `max` đồng (a typo with too many zeros; it would also overflow sums).
    AmountTooLarge {
        max: u64,
    },
    /// A next visit more than a year after the visit.
    NextVisitTooFar,
    /// A school year more than one year from the current one (a typo such as 2062-2063):
    /// the years `earliest`-… to `latest`-… are taken.
    SchoolYearTooFar {
        earliest: i32,
        latest: i32,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: Field,
    pub problem: Problem,
}

/// All the errors of one form or row; empty when it is valid.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn push(&mut self, field: Field, problem: Problem) {
        self.0.push(FieldError { field, problem });
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn get(&self, field: Field) -> Option<&Problem> {
        self.0.iter().find(|e| e.field == field).map(|e| &e.problem)
    }
    /// `Ok(value)` when no error was recorded.
    pub fn into_result<T>(self, value: T) -> Result<T, FieldErrors> {
        if self.0.is_empty() { Ok(value) } else { Err(self) }
    }
}

/// Length limits, in characters.
pub const MAX_NAME: usize = 100;
pub const MAX_SHORT: usize = 100;
pub const MAX_CODE: usize = 30;
pub const MAX_ADDRESS: usize = 250;
pub const MAX_NOTES: usize = 2000;

/// The earliest date the case follow-up takes (visits, supports, sessions, informed marks,
/// case moves): the notebook records recent events, so an older one is a typo.
pub const EARLIEST_DATE: NaiveDate = NaiveDate::from_ymd_opt(2000, 1, 1).expect("valid");

/// Youngest and oldest plausible age of a pupil, in years (kindergarten to continuing
/// education).
pub const MIN_PUPIL_AGE: u32 = 2;
pub const MAX_PUPIL_AGE: u32 = 25;

/// Youngest and oldest likely age of a pupil at the start of the class's school year
/// ([`SchoolYear::first_day`]): a birth date outside it is probably a typo, so the student
/// form asks before saving it and the import preview points it out (it is still taken:
/// some pupils do start late or stay long).
pub const MIN_LIKELY_AGE: u32 = 5;
pub const MAX_LIKELY_AGE: u32 = 20;

/// The pupil's age at the start of `year` when it is outside [`MIN_LIKELY_AGE`] to
/// [`MAX_LIKELY_AGE`] (0 for a pupil born after that day), else `None`.
pub fn unlikely_age(birth: NaiveDate, year: SchoolYear) -> Option<u32> {
    let age = age_on(birth, year.first_day()).unwrap_or(0);
    (!(MIN_LIKELY_AGE..=MAX_LIKELY_AGE).contains(&age)).then_some(age)
}

/// Cleans a one-line text field to NFC and checks it: `Some(text)` when valid.
pub fn text(errs: &mut FieldErrors, field: Field, raw: &str, required: bool, max: usize) -> String {
    if text::has_control(raw.trim()) {
        errs.push(field, Problem::ControlCharacter);
        return String::new();
    }
    let value = text::clean(raw);
    if required && value.is_empty() {
        errs.push(field, Problem::Required);
    } else if value.chars().count() > max {
        errs.push(field, Problem::TooLong { max });
    }
    value
}

/// Notes may span lines: only NFC, trimming and the length limit apply; other control
/// characters (and direction changes, see [`text::is_hidden_control`]) are refused.
pub fn notes(errs: &mut FieldErrors, field: Field, raw: &str) -> String {
    let value = text::nfc(raw.trim());
    if value.chars().any(|c| text::is_hidden_control(c) && c != '\n') {
        errs.push(field, Problem::ControlCharacter);
    } else if value.chars().count() > MAX_NOTES {
        errs.push(field, Problem::TooLong { max: MAX_NOTES });
    }
    value
}

/// Whether `raw` is one of the words for today: "today", "hôm nay" (any case, composed or
/// decomposed, with or without its marks).
pub fn is_today_word(raw: &str) -> bool {
    matches!(text::fold(&text::clean(raw)).as_str(), "today" | "hom nay")
}

/// Which days a date field takes, besides being a day that exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateRange {
    /// Up to today, from any year: a birth date, a screening, a training.
    Past,
    /// From [`EARLIEST_DATE`] up to today: what the case follow-up records (a visit, a
    /// support, a session, an informed mark, a case move).
    Record,
    /// From [`EARLIEST_DATE`], after today too: a next visit.
    Planned,
}

/// A date as every date field takes it: `d/m/yyyy`, or a word for today (so that one hint
/// fits them all), in `range`: after `today` is [`Problem::InFuture`] (but for
/// [`DateRange::Planned`]), before [`EARLIEST_DATE`] is [`Problem::TooEarly`] (but for
/// [`DateRange::Past`]).
pub fn date_or_today(
    errs: &mut FieldErrors,
    field: Field,
    raw: &str,
    required: bool,
    today: NaiveDate,
    range: DateRange,
) -> Option<NaiveDate> {
    if raw.trim().is_empty() {
        if required {
            errs.push(field, Problem::Required);
        }
        return None;
    }
    if is_today_word(raw) {
        return Some(today);
    }
    match text::parse_date(raw) {
        None => {
            errs.push(field, Problem::NotADate);
            None
        }
        Some(d) if d > today && range != DateRange::Planned => {
            errs.push(field, Problem::InFuture);
            None
        }
        Some(d) if d < EARLIEST_DATE && range != DateRange::Past => {
            errs.push(field, Problem::TooEarly { min: EARLIEST_DATE });
            None
        }
        Some(d) => Some(d),
    }
}

/// A whole number in `min..=max` (digits only, surrounding spaces allowed). Empty is
/// `Required` when `required`, else `None`.
pub fn whole_number(
    errs: &mut FieldErrors,
    field: Field,
    raw: &str,
    required: bool,
    min: u32,
    max: u32,
) -> Option<u32> {
    let raw = raw.trim();
    if raw.is_empty() {
        if required {
            errs.push(field, Problem::Required);
        }
        return None;
    }
    if !raw.bytes().all(|b| b.is_ascii_digit()) {
        errs.push(field, Problem::NotANumber);
        return None;
    }
    // All digits: a number too big for u32 is still a number, just out of range.
    match raw.parse::<u32>() {
        Ok(n) if (min..=max).contains(&n) => Some(n),
        _ => {
            errs.push(field, Problem::OutOfRange { min, max });
            None
        }
    }
}

/// A birth date: exists, not in the future, and gives a pupil's age.
pub fn birth_date(errs: &mut FieldErrors, raw: &str, today: NaiveDate) -> Option<NaiveDate> {
    let d = date_or_today(errs, Field::BirthDate, raw, true, today, DateRange::Past)?;
    // Not in the future (checked above), so there is an age.
    if !age_on(d, today).is_some_and(|age| (MIN_PUPIL_AGE..=MAX_PUPIL_AGE).contains(&age)) {
        errs.push(Field::BirthDate, Problem::ImplausibleBirthDate);
        return None;
    }
    Some(d)
}

/// A pupil's age in whole years on `day`: a birthday counts from the day itself (born
/// 29/02, from 01/03 in other years). `None` when born after `day`.
pub fn age_on(birth: NaiveDate, day: NaiveDate) -> Option<u32> {
    day.years_since(birth)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testkit::d;

    #[test]
    fn age_counts_birthdays() {
        assert_eq!(age_on(d(2013, 3, 27), d(2026, 3, 26)), Some(12));
        assert_eq!(age_on(d(2013, 3, 27), d(2026, 3, 27)), Some(13));
    }

    #[test]
    fn a_birthday_on_29_february_counts_from_1_march_in_other_years() {
        let b = d(2008, 2, 29);
        assert_eq!(age_on(b, d(2026, 2, 28)), Some(17));
        assert_eq!(age_on(b, d(2026, 3, 1)), Some(18));
        assert_eq!(age_on(b, d(2028, 2, 29)), Some(20));
        assert_eq!(age_on(b, d(2008, 2, 28)), None);
    }

    #[test]
    fn birth_dates_are_checked() {
        let today = d(2026, 11, 28);
        let mut e = FieldErrors::default();
        assert_eq!(birth_date(&mut e, "27/03/2013", today), Some(d(2013, 3, 27)));
        assert!(e.is_empty());
        birth_date(&mut e, "31/02/2013", today);
        assert_eq!(e.get(Field::BirthDate), Some(&Problem::NotADate));
        let mut e = FieldErrors::default();
        birth_date(&mut e, "01/01/2027", today);
        assert_eq!(e.get(Field::BirthDate), Some(&Problem::InFuture));
        let mut e = FieldErrors::default();
        birth_date(&mut e, "01/01/1960", today);
        assert_eq!(e.get(Field::BirthDate), Some(&Problem::ImplausibleBirthDate));
        let mut e = FieldErrors::default();
        birth_date(&mut e, "01/01/2026", today);
        assert_eq!(e.get(Field::BirthDate), Some(&Problem::ImplausibleBirthDate));
    }

    #[test]
    fn ages_outside_5_to_20_at_the_start_of_the_school_year_are_unlikely() {
        let year = SchoolYear(2026);
        // 5 on 01/08/2026: born on or before 01/08/2021.
        assert_eq!(unlikely_age(d(2021, 8, 1), year), None);
        assert_eq!(unlikely_age(d(2021, 8, 2), year), Some(4));
        // 20 until the day before the 21st birthday.
        assert_eq!(unlikely_age(d(2005, 8, 2), year), None);
        assert_eq!(unlikely_age(d(2005, 8, 1), year), Some(21));
        assert_eq!(unlikely_age(d(2013, 3, 12), year), None);
        assert_eq!(unlikely_age(d(2026, 9, 1), year), Some(0));
    }

    #[test]
    fn the_words_for_today_are_a_date_in_every_date_field() {
        let today = d(2026, 11, 28);
        let mut e = FieldErrors::default();
        assert_eq!(
            date_or_today(&mut e, Field::TrainedOn, "hôm nay", false, today, DateRange::Past),
            Some(today)
        );
        assert_eq!(
            date_or_today(&mut e, Field::ScreenedOn, "Today", true, today, DateRange::Past),
            Some(today)
        );
        assert!(e.is_empty());
    }

    #[test]
    fn dates_accept_the_words_for_today() {
        use unicode_normalization::UnicodeNormalization;
        let today = d(2026, 11, 28);
        let nfd: String = "Hôm Nay".nfd().collect();
        for word in [
            "today",
            "TODAY",
            " hôm nay ",
            "Hôm nay",
            "HÔM NAY",
            "hom nay",
            "hôm  nay",
            nfd.as_str(),
        ] {
            let mut e = FieldErrors::default();
            assert_eq!(
                date_or_today(&mut e, Field::VisitedOn, word, true, today, DateRange::Record),
                Some(today),
                "{word}"
            );
            assert!(e.is_empty(), "{word}");
        }
        let mut e = FieldErrors::default();
        assert_eq!(
            date_or_today(&mut e, Field::VisitedOn, "hôm qua", true, today, DateRange::Record),
            None
        );
        assert_eq!(e.get(Field::VisitedOn), Some(&Problem::NotADate));
    }

    #[test]
    fn dates_may_be_required_and_may_allow_the_future() {
        let today = d(2026, 11, 28);
        let mut e = FieldErrors::default();
        assert_eq!(
            date_or_today(&mut e, Field::VisitedOn, "28/11/2026", true, today, DateRange::Record),
            Some(today)
        );
        assert_eq!(
            date_or_today(&mut e, Field::NextVisitOn, "", false, today, DateRange::Planned),
            None
        );
        assert!(e.is_empty());
        date_or_today(&mut e, Field::VisitedOn, " ", true, today, DateRange::Record);
        assert_eq!(e.get(Field::VisitedOn), Some(&Problem::Required));
        let mut e = FieldErrors::default();
        assert_eq!(
            date_or_today(&mut e, Field::VisitedOn, "29/11/2026", true, today, DateRange::Record),
            None
        );
        assert_eq!(e.get(Field::VisitedOn), Some(&Problem::InFuture));
        let mut e = FieldErrors::default();
        assert_eq!(
            date_or_today(
                &mut e,
                Field::NextVisitOn,
                "29/11/2026",
                false,
                today,
                DateRange::Planned
            ),
            Some(d(2026, 11, 29))
        );
        assert!(e.is_empty());
    }

    #[test]
    fn dates_before_2000_are_refused() {
        let today = d(2026, 11, 28);
        let mut e = FieldErrors::default();
        assert_eq!(
            date_or_today(&mut e, Field::HeldOn, "01/01/2000", true, today, DateRange::Record),
            Some(EARLIEST_DATE)
        );
        assert!(e.is_empty());
        for range in [DateRange::Record, DateRange::Planned] {
            let mut e = FieldErrors::default();
            assert_eq!(
                date_or_today(&mut e, Field::StageOn, "31/12/1999", true, today, range),
                None
            );
            assert_eq!(e.get(Field::StageOn), Some(&Problem::TooEarly { min: EARLIEST_DATE }));
        }
        // A birth date, a screening or a training may be older.
        let mut e = FieldErrors::default();
        assert_eq!(
            date_or_today(&mut e, Field::TrainedOn, "31/12/1999", true, today, DateRange::Past),
            Some(d(1999, 12, 31))
        );
        assert!(e.is_empty());
    }

    #[test]
    fn whole_numbers_in_range() {
        let mut e = FieldErrors::default();
        assert_eq!(whole_number(&mut e, Field::HoursPerWeek, " 0 ", true, 0, 168), Some(0));
        assert_eq!(
            whole_number(&mut e, Field::HoursPerWeek, "168", true, 0, 168),
            Some(168)
        );
        assert_eq!(whole_number(&mut e, Field::HoursPerWeek, "", false, 0, 168), None);
        assert!(e.is_empty());
        for (raw, problem) in [
            ("169", Problem::OutOfRange { min: 0, max: 168 }),
            ("99999999999", Problem::OutOfRange { min: 0, max: 168 }),
            ("-1", Problem::NotANumber),
            ("4.5", Problem::NotANumber),
            ("mười", Problem::NotANumber),
            ("", Problem::Required),
        ] {
            let mut e = FieldErrors::default();
            assert_eq!(whole_number(&mut e, Field::HoursPerWeek, raw, true, 0, 168), None);
            assert_eq!(e.get(Field::HoursPerWeek), Some(&problem), "{raw}");
        }
    }

    #[test]
    fn text_fields_are_cleaned_and_limited() {
        let mut e = FieldErrors::default();
        assert_eq!(
            text(&mut e, Field::Name, "  Lê   Văn Dũng ", true, MAX_NAME),
            "Lê Văn Dũng"
        );
        assert!(e.is_empty());
        text(&mut e, Field::Name, "   ", true, MAX_NAME);
        assert_eq!(e.get(Field::Name), Some(&Problem::Required));
        let mut e = FieldErrors::default();
        text(&mut e, Field::Name, "Lê\u{7}Văn", true, MAX_NAME);
        assert_eq!(e.get(Field::Name), Some(&Problem::ControlCharacter));
        // A right-to-left override or a line separator inside a name is refused too.
        for name in [
            "Lê\u{202e}Văn",
            "Lê\u{2028}Văn",
            "Lê\u{2067}Văn\u{2069}",
            "Lê\u{1b}[2JVăn",
        ] {
            let mut e = FieldErrors::default();
            text(&mut e, Field::Name, name, true, MAX_NAME);
            assert_eq!(e.get(Field::Name), Some(&Problem::ControlCharacter), "{name:?}");
        }
        let mut e = FieldErrors::default();
        notes(&mut e, Field::Notes, "dòng 1\ndòng \u{202e}2");
        assert_eq!(e.get(Field::Notes), Some(&Problem::ControlCharacter));
        let mut e = FieldErrors::default();
        text(&mut e, Field::Name, &"a".repeat(MAX_NAME + 1), true, MAX_NAME);
        assert_eq!(e.get(Field::Name), Some(&Problem::TooLong { max: MAX_NAME }));
    }
}
