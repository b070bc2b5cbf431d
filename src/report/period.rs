//! Reporting periods: the six-month and annual windows of Decree 09/2019/NĐ-CP (art. 12),
//! the school year, and any span of days.

use chrono::{Datelike, NaiveDate};

use crate::domain::{Period, SchoolYear};
use crate::i18n::Lang;
use crate::i18n::period::P;
use crate::text;
use sotay_wire::period::{FIRST_HALF_END, YEAR_END, YEAR_START};

/// The years a period may fall in; anything else is a typo.
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// The day `(month, day)` of year `y`: the periods' bounds, declared once for the notebook
/// and the hub in `sotay_wire::period`.
fn ymd(y: i32, (m, d): (u32, u32)) -> NaiveDate {
    // Only called with days that exist in every year (15/12, 14/06, 14/12).
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid day")
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodKind {
    /// `YYYY-H1`: 15/12 of YYYY-1 to 14/06 of YYYY.
    FirstHalf(i32),
    /// `YYYY`: 15/12 of YYYY-1 to 14/12 of YYYY.
    Year(i32),
    /// `YYYY-YYYY`: 1 August to 31 July, as the dashboard counts.
    SchoolYear(SchoolYear),
    /// `dd/mm/yyyy..dd/mm/yyyy`, both ends included.
    Custom,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReportPeriod {
    pub kind: PeriodKind,
    pub period: Period,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    /// Not one of the four forms; carries what was typed.
    #[error("unrecognised period {0:?}")]
    Unrecognised(String),
    /// A custom period's date that is not a date; carries the text.
    #[error("bad date {0:?}")]
    BadDate(String),
    /// A custom period that ends before it starts.
    #[error("ends before it starts")]
    EndBeforeStart,
    /// A year outside 2000–2100.
    #[error("year out of range")]
    YearOutOfRange,
    /// A period whose first day is after today: nothing in it has happened yet. Carries
    /// the first day.
    #[error("starts on {0}, after today")]
    NotStarted(NaiveDate),
}

impl ReportPeriod {
    pub fn first_half(year: i32) -> ReportPeriod {
        ReportPeriod {
            kind: PeriodKind::FirstHalf(year),
            period: Period {
                from: ymd(year - 1, YEAR_START),
                to: ymd(year, FIRST_HALF_END),
            },
        }
    }
    pub fn year(year: i32) -> ReportPeriod {
        ReportPeriod {
            kind: PeriodKind::Year(year),
            period: Period {
                from: ymd(year - 1, YEAR_START),
                to: ymd(year, YEAR_END),
            },
        }
    }
    pub fn school_year(year: SchoolYear) -> ReportPeriod {
        ReportPeriod {
            kind: PeriodKind::SchoolYear(year),
            period: Period::school_year(year),
        }
    }
    pub fn custom(from: NaiveDate, to: NaiveDate) -> Result<ReportPeriod, PeriodError> {
        if !YEARS.contains(&from.year()) || !YEARS.contains(&to.year()) {
            return Err(PeriodError::YearOutOfRange);
        }
        if to < from {
            return Err(PeriodError::EndBeforeStart);
        }
        Ok(ReportPeriod {
            kind: PeriodKind::Custom,
            period: Period { from, to },
        })
    }

    /// Refuses a period whose first day is after `today`: a report of it would hold
    /// nothing, yet read like a finished report (a typo such as 2027-H1 for 2026-H1). A
    /// period starting today is taken. The presets never offer one; the dialog and the
    /// command line check a typed one.
    pub fn check_started(&self, today: NaiveDate) -> Result<(), PeriodError> {
        if self.period.from > today {
            Err(PeriodError::NotStarted(self.period.from))
        } else {
            Ok(())
        }
    }

    /// Parses `2026-H1` (also `h1`), `2026`, `2026-2027`, `01/09/2026..30/11/2026` (also
    /// with `-` or `–` between the dates, and spaces). Trims.
    pub fn parse(s: &str) -> Result<ReportPeriod, PeriodError> {
        let typed = s.trim();
        let unrecognised = || PeriodError::Unrecognised(typed.to_string());
        let lower = typed.to_lowercase();
        // A date has a `/` or `.`, or (`1-9-2026-30-11-2026`) more dashes than a school year.
        if lower.contains(['/', '.']) || lower.split(['-', '–']).count() > 2 {
            return parse_custom(typed).ok_or_else(unrecognised)?;
        }
        let year = |y: &str| -> Result<i32, PeriodError> {
            if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
                return Err(unrecognised());
            }
            let y: i32 = y.parse().map_err(|_| unrecognised())?;
            if YEARS.contains(&y) {
                Ok(y)
            } else {
                Err(PeriodError::YearOutOfRange)
            }
        };
        if let Some(y) = lower.strip_suffix("h1") {
            let y = y.trim_end().strip_suffix('-').unwrap_or(y).trim_end();
            return Ok(ReportPeriod::first_half(year(y)?));
        }
        let parts: Vec<&str> = lower.split(['-', '–']).map(str::trim).collect();
        match parts.as_slice() {
            [y] => Ok(ReportPeriod::year(year(y)?)),
            [a, b] => {
                let (a, b) = (year(a)?, year(b)?);
                if b != a + 1 {
                    return Err(unrecognised());
                }
                Ok(ReportPeriod::school_year(SchoolYear(a)))
            }
            _ => Err(unrecognised()),
        }
    }

    /// What `parse` reads back: `2026-H1`, `2026`, `2026-2027`, `01/09/2026..30/11/2026`.
    pub fn code(&self) -> String {
        match self.kind {
            PeriodKind::FirstHalf(y) => format!("{y}-H1"),
            PeriodKind::Year(y) => y.to_string(),
            PeriodKind::SchoolYear(y) => y.to_string(),
            PeriodKind::Custom => format!(
                "{}..{}",
                text::format_date(self.period.from),
                text::format_date(self.period.to)
            ),
        }
    }

    /// In words with its dates, e.g. "6 tháng đầu năm 2026 (15/12/2025 – 14/06/2026)" /
    /// "First half of 2026 (15/12/2025 – 14/06/2026)".
    pub fn label(&self, lang: Lang) -> String {
        let from = text::format_date(self.period.from);
        let to = text::format_date(self.period.to);
        match self.kind {
            PeriodKind::FirstHalf(y) => P::FirstHalf.fill(lang, &[&y, &from, &to]),
            PeriodKind::Year(y) => P::Year.fill(lang, &[&y, &from, &to]),
            PeriodKind::SchoolYear(y) => P::SchoolYear.fill(lang, &[&y, &from, &to]),
            PeriodKind::Custom => P::Custom.fill(lang, &[&from, &to]),
        }
    }

    /// In words without its dates, e.g. "6 tháng đầu năm 2026" / "First half of 2026": a
    /// report's header gives the dates beside it, as dates.
    pub fn name(&self, lang: Lang) -> String {
        match self.kind {
            PeriodKind::FirstHalf(y) => P::FirstHalfName.fill(lang, &[&y]),
            PeriodKind::Year(y) => P::YearName.fill(lang, &[&y]),
            PeriodKind::SchoolYear(y) => P::SchoolYearName.fill(lang, &[&y]),
            PeriodKind::Custom => P::CustomName.get(lang).to_string(),
        }
    }

    /// The report due next on `today`: the six-month one (H1 of the year) from 15/12 to 14/06,
    /// the annual one from 15/06 to 14/12. What `sotay export` makes without `--period`.
    pub fn due_next(today: NaiveDate) -> ReportPeriod {
        let (y, md) = (today.year(), (today.month(), today.day()));
        if md >= YEAR_START {
            ReportPeriod::first_half(y + 1)
        } else if md <= FIRST_HALF_END {
            ReportPeriod::first_half(y)
        } else {
            ReportPeriod::year(y)
        }
    }

    /// The choices the export dialog offers, the one due next first: this H1 and year, the
    /// school year containing today, and the previous ones of each.
    pub fn presets(today: NaiveDate) -> Vec<ReportPeriod> {
        let due = ReportPeriod::due_next(today);
        // The year the due report is named for: its H1 and annual report go together.
        let (y, other) = match due.kind {
            PeriodKind::FirstHalf(y) => (y, ReportPeriod::year(y)),
            PeriodKind::Year(y) => (y, ReportPeriod::first_half(y)),
            // `due_next` gives nothing else; the school year is offered below anyway.
            PeriodKind::SchoolYear(_) | PeriodKind::Custom => (today.year(), due),
        };
        let school = SchoolYear::containing(today);
        let all = [
            due,
            other,
            ReportPeriod::school_year(school),
            ReportPeriod::first_half(y - 1),
            ReportPeriod::year(y - 1),
            ReportPeriod::school_year(SchoolYear(school.0 - 1)),
        ];
        let mut out: Vec<ReportPeriod> = Vec::with_capacity(all.len());
        for p in all {
            if !out.contains(&p) {
                out.push(p);
            }
        }
        out
    }
}

impl ReportPeriod {
    /// The periods a class's figures are published for at each sync: every six-month,
    /// annual and school-year period that has begun by `today` and overlaps the notebook's
    /// school year, so a late report still reaches its readers.
    pub fn published(today: NaiveDate, school_year: SchoolYear) -> Vec<ReportPeriod> {
        let notebook = Period::school_year(school_year);
        let y = today.year();
        let mut out = Vec::new();
        for year in y - 1..=y + 1 {
            out.push(ReportPeriod::first_half(year));
            out.push(ReportPeriod::year(year));
        }
        out.push(ReportPeriod::school_year(school_year));
        out.retain(|p| p.period.from <= today && p.period.from <= notebook.to && p.period.to >= notebook.from);
        out
    }
}

/// A custom period `from..to` (or `from - to`, `from – to`); `None` when no separator is
/// found, so the caller says the text is not a period at all.
fn parse_custom(s: &str) -> Option<Result<ReportPeriod, PeriodError>> {
    let split = if let Some(pair) = s.split_once("..") {
        Some(pair)
    } else if let Some(pair) = s.split_once(['–', '—']) {
        Some(pair)
    } else {
        // A `-` may also be inside a date (`1-9-2026`): take the one that leaves two dates,
        // else the only one there is, so its bad side can be named.
        let dashes: Vec<usize> = s.match_indices('-').map(|(i, _)| i).collect();
        let at = |i: usize| (&s[..i], &s[i + 1..]);
        dashes
            .iter()
            .map(|&i| at(i))
            .find(|(a, b)| text::parse_date(a).is_some() && text::parse_date(b).is_some())
            .or_else(|| (dashes.len() == 1).then(|| at(dashes[0])))
    };
    let (a, b) = split?;
    Some(custom_between(a.trim(), b.trim()))
}

fn custom_between(a: &str, b: &str) -> Result<ReportPeriod, PeriodError> {
    let date = |t: &str| text::parse_date(t).ok_or_else(|| PeriodError::BadDate(t.to_string()));
    ReportPeriod::custom(date(a)?, date(b)?)
}

/// The message for a refused period, naming what was typed and the forms accepted.
pub fn error_message(lang: Lang, e: &PeriodError) -> String {
    let what = match e {
        PeriodError::Unrecognised(s) => P::Unrecognised.fill(lang, &[s]),
        PeriodError::BadDate(s) => P::BadDate.fill(lang, &[s]),
        PeriodError::EndBeforeStart => P::EndBeforeStart.get(lang).to_string(),
        PeriodError::YearOutOfRange => P::YearOutOfRange.get(lang).to_string(),
        // Typed right, just too early: the forms would not help.
        PeriodError::NotStarted(from) => return P::NotStarted.fill(lang, &[&text::format_date(*from)]),
    };
    format!("{what} {}", P::Forms.get(lang))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testkit::d;

    #[test]
    fn a_class_publishes_every_period_begun_that_its_school_year_overlaps() {
        let codes = |today, year| {
            ReportPeriod::published(today, SchoolYear(year))
                .iter()
                .map(ReportPeriod::code)
                .collect::<Vec<_>>()
        };
        // December 2026, 2026-2027 notebook: the 2026 year (due 15/12), the coming H1 and
        // year have not begun, the school year has.
        assert_eq!(codes(d(2026, 12, 4), 2026), ["2026", "2026-2027"]);
        // After 15 December, the next H1 and year have begun.
        assert_eq!(codes(d(2026, 12, 20), 2026), ["2026", "2027-H1", "2027", "2026-2027"]);
        // A 2025-2026 notebook in May 2026: H1 and year 2026 (and 2025's year, which
        // overlaps its autumn), and its school year.
        assert_eq!(codes(d(2026, 5, 2), 2025), ["2025", "2026-H1", "2026", "2025-2026"]);
    }

    #[test]
    fn the_hub_reads_a_periods_code_as_the_notebook_does() {
        use chrono::Datelike;
        use sotay_wire::period::PeriodCode;
        for code in ["2025-H1", "2026-h1", "2025", "2026", "2025-2026", "2026-2027"] {
            let ours = ReportPeriod::parse(code).unwrap();
            let hubs = PeriodCode::parse(code).unwrap();
            let to = ours.period.to;
            assert_eq!(hubs.last_day(), (to.year(), to.month(), to.day()), "{code}");
            for today in [
                d(2025, 3, 1),
                d(2025, 9, 1),
                d(2026, 7, 31),
                d(2026, 8, 1),
                d(2030, 1, 1),
            ] {
                let expected = SchoolYear::containing(to.min(today)).0;
                let expected = match ours.kind {
                    PeriodKind::SchoolYear(y) => y.0,
                    _ => expected,
                };
                let t = (today.year(), today.month(), today.day());
                assert_eq!(hubs.school_year(t), expected, "{code} on {today}");
            }
        }
        assert_eq!(PeriodCode::parse("01/09/2026..30/11/2026"), None);
    }

    fn parse(s: &str) -> ReportPeriod {
        ReportPeriod::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn every_form_parses_and_its_code_reads_back() {
        let cases = [
            ("2026-H1", PeriodKind::FirstHalf(2026), d(2025, 12, 15), d(2026, 6, 14)),
            ("2026", PeriodKind::Year(2026), d(2025, 12, 15), d(2026, 12, 14)),
            (
                "2026-2027",
                PeriodKind::SchoolYear(SchoolYear(2026)),
                d(2026, 8, 1),
                d(2027, 7, 31),
            ),
            (
                "01/09/2026..30/11/2026",
                PeriodKind::Custom,
                d(2026, 9, 1),
                d(2026, 11, 30),
            ),
        ];
        for (code, kind, from, to) in cases {
            let p = parse(code);
            assert_eq!((p.kind, p.period), (kind, Period { from, to }), "{code}");
            assert_eq!(p.code(), code);
            assert_eq!(parse(&p.code()), p);
        }
    }

    #[test]
    fn the_other_ways_people_type_a_period_parse_too() {
        assert_eq!(parse(" 2026-h1 "), ReportPeriod::first_half(2026));
        assert_eq!(parse("2026 H1"), ReportPeriod::first_half(2026));
        assert_eq!(parse("2026 – 2027"), ReportPeriod::school_year(SchoolYear(2026)));
        let autumn = ReportPeriod::custom(d(2026, 9, 1), d(2026, 11, 30)).unwrap();
        for typed in [
            "1/9/2026..30/11/2026",
            "01/09/2026 .. 30/11/2026",
            "01/09/2026-30/11/2026",
            "01/09/2026 - 30/11/2026",
            "01/09/2026 – 30/11/2026",
            "01-09-2026-30-11-2026",
            "01.09.2026..30.11.2026",
        ] {
            assert_eq!(parse(typed), autumn, "{typed}");
        }
        // One day is a period.
        let one = parse("14/06/2026..14/06/2026");
        assert_eq!((one.period.from, one.period.to), (d(2026, 6, 14), d(2026, 6, 14)));
    }

    #[test]
    fn the_half_ends_on_14_june_and_the_year_on_14_december() {
        let h1 = ReportPeriod::first_half(2026).period;
        assert!(h1.contains(d(2026, 6, 14)) && !h1.contains(d(2026, 6, 15)));
        assert!(h1.contains(d(2025, 12, 15)) && !h1.contains(d(2025, 12, 14)));
        let y = ReportPeriod::year(2026).period;
        assert!(y.contains(d(2026, 12, 14)) && !y.contains(d(2026, 12, 15)));
        assert!(ReportPeriod::year(2027).period.contains(d(2026, 12, 15)));
        assert!(ReportPeriod::first_half(2027).period.contains(d(2026, 12, 15)));
        let sy = ReportPeriod::school_year(SchoolYear(2026)).period;
        assert!(sy.contains(d(2027, 7, 31)) && !sy.contains(d(2027, 8, 1)));
    }

    #[test]
    fn leap_days_are_dates_only_in_leap_years() {
        let p = parse("29/02/2028..01/03/2028");
        assert_eq!((p.period.from, p.period.to), (d(2028, 2, 29), d(2028, 3, 1)));
        assert_eq!(
            ReportPeriod::parse("29/02/2027..01/03/2027"),
            Err(PeriodError::BadDate("29/02/2027".into()))
        );
        // A half that spans a leap February keeps its fixed ends.
        let h1 = ReportPeriod::first_half(2028).period;
        assert_eq!((h1.from, h1.to), (d(2027, 12, 15), d(2028, 6, 14)));
        assert!(h1.contains(d(2028, 2, 29)));
    }

    #[test]
    fn bad_input_is_refused_with_the_reason() {
        let err = |s: &str| ReportPeriod::parse(s).unwrap_err();
        let unrecognised = |s: &str| PeriodError::Unrecognised(s.trim().into());
        for typed in [
            "",
            "H1",
            "2026-H2",
            "năm nay",
            "2026-2028",
            "26",
            "2026-2027-2028",
            "01/09/2026",
        ] {
            assert_eq!(err(typed), unrecognised(typed), "{typed}");
        }
        assert_eq!(err("31/02/2026..30/11/2026"), PeriodError::BadDate("31/02/2026".into()));
        assert_eq!(err("01/09/2026..hôm nay"), PeriodError::BadDate("hôm nay".into()));
        assert_eq!(err("30/11/2026..01/09/2026"), PeriodError::EndBeforeStart);
        assert_eq!(err("1999"), PeriodError::YearOutOfRange);
        assert_eq!(err("2101-H1"), PeriodError::YearOutOfRange);
        assert_eq!(err("01/01/1999..01/01/2026"), PeriodError::YearOutOfRange);
    }

    #[test]
    fn labels_say_the_period_in_words_with_its_dates() {
        let label = |p: ReportPeriod| (p.label(Lang::Vi), p.label(Lang::En));
        assert_eq!(
            label(ReportPeriod::first_half(2026)),
            (
                "6 tháng đầu năm 2026 (15/12/2025 – 14/06/2026)".into(),
                "First half of 2026 (15/12/2025 – 14/06/2026)".into()
            )
        );
        assert_eq!(
            label(ReportPeriod::year(2026)),
            (
                "Năm 2026 (15/12/2025 – 14/12/2026)".into(),
                "Year 2026 (15/12/2025 – 14/12/2026)".into()
            )
        );
        assert_eq!(
            label(ReportPeriod::school_year(SchoolYear(2026))),
            (
                "Năm học 2026-2027 (01/08/2026 – 31/07/2027)".into(),
                "School year 2026-2027 (01/08/2026 – 31/07/2027)".into()
            )
        );
        assert_eq!(
            label(parse("1/9/2026..30/11/2026")),
            (
                "Từ 01/09/2026 đến 30/11/2026".into(),
                "From 01/09/2026 to 30/11/2026".into()
            )
        );
    }

    #[test]
    fn the_half_is_due_until_14_june_and_the_year_until_14_december() {
        let due = |y, m, day| ReportPeriod::due_next(d(y, m, day));
        assert_eq!(due(2026, 6, 14), ReportPeriod::first_half(2026));
        assert_eq!(due(2026, 6, 15), ReportPeriod::year(2026));
        assert_eq!(due(2026, 12, 14), ReportPeriod::year(2026));
        assert_eq!(due(2026, 12, 15), ReportPeriod::first_half(2027));
        assert_eq!(due(2027, 1, 1), ReportPeriod::first_half(2027));
    }

    #[test]
    fn presets_put_the_report_due_first_and_repeat_none() {
        let codes = |y, m, day| -> Vec<String> {
            ReportPeriod::presets(d(y, m, day))
                .iter()
                .map(ReportPeriod::code)
                .collect()
        };
        assert_eq!(
            codes(2026, 11, 28),
            ["2026", "2026-H1", "2026-2027", "2025-H1", "2025", "2025-2026"]
        );
        assert_eq!(
            codes(2026, 12, 20),
            ["2027-H1", "2027", "2026-2027", "2026-H1", "2026", "2025-2026"]
        );
        // In July the school year just ended is the one containing today (to 31/07).
        assert_eq!(
            codes(2027, 7, 10),
            ["2027", "2027-H1", "2026-2027", "2026-H1", "2026", "2025-2026"]
        );
    }

    #[test]
    fn a_period_that_has_not_started_is_refused_and_presets_never_offer_one() {
        let today = d(2026, 11, 28);
        assert_eq!(
            ReportPeriod::first_half(2027).check_started(today),
            Err(PeriodError::NotStarted(d(2026, 12, 15)))
        );
        let tomorrow = ReportPeriod::custom(d(2026, 11, 29), d(2026, 12, 31)).unwrap();
        assert_eq!(
            tomorrow.check_started(today),
            Err(PeriodError::NotStarted(d(2026, 11, 29)))
        );
        // Starting today, or ended long ago, is fine.
        assert_eq!(
            ReportPeriod::custom(today, d(2026, 12, 31))
                .unwrap()
                .check_started(today),
            Ok(())
        );
        assert_eq!(ReportPeriod::year(2026).check_started(today), Ok(()));
        assert_eq!(ReportPeriod::first_half(2020).check_started(today), Ok(()));
        let vi = error_message(Lang::Vi, &PeriodError::NotStarted(d(2026, 12, 15)));
        assert_eq!(
            vi,
            "Kỳ báo cáo bắt đầu từ ngày 15/12/2026, chưa đến: chưa có số liệu nào để báo cáo."
        );
        let en = error_message(Lang::En, &PeriodError::NotStarted(d(2026, 12, 15)));
        assert_eq!(
            en,
            "The period starts on 15/12/2026, which has not come yet: there is nothing to report."
        );
        // Every day of three years, every preset has started.
        let mut day = d(2025, 1, 1);
        while day <= d(2027, 12, 31) {
            for p in ReportPeriod::presets(day) {
                assert_eq!(p.check_started(day), Ok(()), "{} on {day}", p.code());
            }
            day = day.succ_opt().unwrap();
        }
    }

    #[test]
    fn a_refusal_names_what_was_typed_and_the_forms() {
        let e = ReportPeriod::parse("quý 3").unwrap_err();
        let vi = error_message(Lang::Vi, &e);
        assert!(vi.starts_with("Không hiểu kỳ báo cáo «quý 3»."), "{vi}");
        let en = error_message(Lang::En, &e);
        assert!(en.starts_with("Unrecognised period «quý 3»."), "{en}");
        for form in ["2026-H1", "2026-2027", "01/09/2026..30/11/2026"] {
            assert!(vi.contains(form) && en.contains(form), "{form}");
        }
        let bad = error_message(Lang::Vi, &PeriodError::BadDate("31/02/2026".into()));
        assert!(bad.contains("«31/02/2026»"), "{bad}");
    }
}
