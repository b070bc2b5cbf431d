//! The teacher's profile: who keeps this notebook, for which class and year.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sotay_wire::period::SCHOOL_YEAR_FIRST_MONTH;
use uuid::Uuid;

use super::record::{FieldMap, FieldReader, Record, RecordKind, Value};
use super::validation::{self as v, Field, FieldErrors, Problem};
use crate::i18n::Lang;
use crate::text;

/// A school year such as 2026-2027, kept as its first calendar year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct SchoolYear(pub i32);

impl SchoolYear {
    /// The years a school year may start in: anything else is a typo (or a damaged value),
    /// and [`SchoolYear::first_day`] needs a year a date can be made of.
    pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

    /// Parses `2026-2027` (also `2026 - 2027`, `2026/2027`). The second year must follow
    /// the first.
    pub fn parse(s: &str) -> Option<SchoolYear> {
        let parts: Vec<&str> = s.split(['-', '/', '–']).map(str::trim).collect();
        let [a, b] = parts.as_slice() else { return None };
        let (a, b): (i32, i32) = (a.parse().ok()?, b.parse().ok()?);
        // The range first: `a + 1` must not overflow on a silly year.
        (SchoolYear::YEARS.contains(&a) && b == a + 1).then_some(SchoolYear(a))
    }

    /// The school year a date falls in: August starts a new one.
    pub fn containing(d: NaiveDate) -> SchoolYear {
        use chrono::Datelike;
        SchoolYear(if d.month() >= SCHOOL_YEAR_FIRST_MONTH {
            d.year()
        } else {
            d.year() - 1
        })
    }

    /// The year's first day, 1 August (as [`SchoolYear::containing`] counts): pupils'
    /// ages are checked on it.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.0, SCHOOL_YEAR_FIRST_MONTH, 1).expect("a year in 2000..=2100")
    }
}

/// How far a profile's school year may be from the current one, in years: a notebook
/// is kept for this year, or set up for the next one, or finished for the last one.
pub const SCHOOL_YEAR_REACH: i32 = 1;

impl std::fmt::Display for SchoolYear {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}", self.0, self.0 + 1)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub teacher: String,
    pub school: String,
    pub school_code: String,
    /// Commune or ward (xã, phường, đặc khu): districts are gone since July 2025.
    pub commune: String,
    /// Province or centrally-run city.
    pub province: String,
    pub class: String,
    pub school_year: SchoolYear,
    pub lang: Lang,
    /// When the teacher was trained on preventing child labour, if they were.
    pub trained_on: Option<NaiveDate>,
}

/// The profile's id in the change log: there is one profile a notebook.
pub const PROFILE_ID: Uuid = Uuid::from_u128(0);

impl Record for Profile {
    const KIND: RecordKind = RecordKind::Profile;
    /// The interface language stays per device: the teacher's home laptop in English does
    /// not switch her school PC, nor a co-teacher's.
    const LOCAL: &'static [&'static str] = &["lang"];
    fn id(&self) -> Uuid {
        PROFILE_ID
    }
    fn fields(&self) -> Vec<(&'static str, Value)> {
        vec![
            ("teacher", (&self.teacher).into()),
            ("school", (&self.school).into()),
            ("school_code", (&self.school_code).into()),
            ("commune", (&self.commune).into()),
            ("province", (&self.province).into()),
            ("class", (&self.class).into()),
            ("school_year", Value::Int(self.school_year.0.into())),
            ("lang", self.lang.code().into()),
            ("trained_on", self.trained_on.into()),
        ]
    }
    fn from_fields(id: Uuid, fields: &FieldMap) -> Option<Profile> {
        let f = FieldReader(fields);
        // Only the codes `Lang::code` writes: `Lang::parse` also reads what people type.
        let lang = |c: &str| Lang::parse(c).filter(|l| l.code() == c);
        // One profile a notebook, at its fixed id: fields under another id are not it.
        if id != PROFILE_ID {
            return None;
        }
        Some(Profile {
            teacher: f.req("teacher", Value::text)?,
            school: f.req("school", Value::text)?,
            school_code: f.req("school_code", Value::text)?,
            commune: f.text_or_empty("commune")?,
            province: f.text_or_empty("province")?,
            class: f.req("class", Value::text)?,
            school_year: SchoolYear(f.req("school_year", |v| v.int_in(SchoolYear::YEARS))?),
            // Kept on each device and never sent: a device that has none takes the default.
            lang: f.opt("lang", |v| v.code(lang))?.unwrap_or_default(),
            trained_on: f.opt("trained_on", Value::date)?,
        })
    }
}

/// The profile as typed in a form or on the command line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProfileInput {
    pub teacher: String,
    pub school: String,
    pub school_code: String,
    pub commune: String,
    pub province: String,
    pub class: String,
    pub school_year: String,
    pub lang: String,
    pub trained_on: String,
}

impl ProfileInput {
    pub fn from_profile(p: &Profile) -> ProfileInput {
        ProfileInput {
            teacher: p.teacher.clone(),
            school: p.school.clone(),
            school_code: p.school_code.clone(),
            commune: p.commune.clone(),
            province: p.province.clone(),
            class: p.class.clone(),
            school_year: p.school_year.to_string(),
            lang: p.lang.code().to_string(),
            trained_on: p.trained_on.map(text::format_date).unwrap_or_default(),
        }
    }

    /// Checks every field; all the problems at once, so a form can show each one.
    pub fn validate(&self, today: NaiveDate) -> Result<Profile, FieldErrors> {
        let mut e = FieldErrors::default();
        let teacher = v::text(&mut e, Field::Teacher, &self.teacher, true, v::MAX_NAME);
        let school = v::text(&mut e, Field::School, &self.school, true, v::MAX_SHORT);
        let school_code = v::text(&mut e, Field::SchoolCode, &self.school_code, true, v::MAX_CODE);
        let commune = v::text(&mut e, Field::Commune, &self.commune, false, v::MAX_SHORT);
        let province = v::text(&mut e, Field::Province, &self.province, false, v::MAX_SHORT);
        let class = v::text(&mut e, Field::Class, &self.class, true, v::MAX_CODE);
        let school_year = if self.school_year.trim().is_empty() {
            e.push(Field::SchoolYear, Problem::Required);
            None
        } else {
            let current = SchoolYear::containing(today).0;
            match SchoolYear::parse(&self.school_year) {
                None => {
                    e.push(Field::SchoolYear, Problem::NotASchoolYear);
                    None
                }
                Some(y) if (y.0 - current).abs() > SCHOOL_YEAR_REACH => {
                    let (earliest, latest) = (current - SCHOOL_YEAR_REACH, current + SCHOOL_YEAR_REACH);
                    e.push(Field::SchoolYear, Problem::SchoolYearTooFar { earliest, latest });
                    None
                }
                y => y,
            }
        };
        let lang = if self.lang.trim().is_empty() {
            Some(Lang::default())
        } else {
            let l = Lang::parse(&self.lang);
            if l.is_none() {
                e.push(Field::Language, Problem::NotALanguage);
            }
            l
        };
        let trained_on = v::date_or_today(
            &mut e,
            Field::TrainedOn,
            &self.trained_on,
            false,
            today,
            v::DateRange::Past,
        );
        if !e.is_empty() {
            return Err(e);
        }
        Ok(Profile {
            teacher,
            school,
            school_code,
            commune,
            province,
            class,
            school_year: school_year.expect("checked above"),
            lang: lang.expect("checked above"),
            trained_on,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
    }

    fn input() -> ProfileInput {
        ProfileInput {
            teacher: "Nguyễn Thị Hoa".into(),
            school: "Trường THCS Quang Phục".into(),
            school_code: "30001".into(),
            commune: "Xã Quang Phục".into(),
            province: "Thành phố Hải Phòng".into(),
            class: "8A".into(),
            school_year: "2026-2027".into(),
            lang: "vi".into(),
            trained_on: "".into(),
        }
    }

    #[test]
    fn school_years_must_follow_on() {
        assert_eq!(SchoolYear::parse("2026-2027"), Some(SchoolYear(2026)));
        assert_eq!(SchoolYear::parse("2026 / 2027"), Some(SchoolYear(2026)));
        assert_eq!(SchoolYear::parse("2026-2028"), None);
        assert_eq!(SchoolYear::parse("2147483647-1"), None);
        assert_eq!(SchoolYear(2026).to_string(), "2026-2027");
        assert_eq!(
            SchoolYear::containing(NaiveDate::from_ymd_opt(2027, 7, 31).unwrap()),
            SchoolYear(2026)
        );
        assert_eq!(
            SchoolYear::containing(NaiveDate::from_ymd_opt(2027, 8, 1).unwrap()),
            SchoolYear(2027)
        );
    }

    #[test]
    fn a_complete_profile_validates() {
        let p = input().validate(today()).unwrap();
        assert_eq!(p.school_year, SchoolYear(2026));
        assert_eq!(ProfileInput::from_profile(&p).validate(today()).unwrap(), p);
    }

    #[test]
    fn a_school_year_more_than_a_year_away_is_refused() {
        // Today (28/11/2026) is in 2026-2027: 2025-2026 to 2027-2028 are taken.
        for ok in ["2025-2026", "2026-2027", "2027-2028"] {
            let mut i = input();
            i.school_year = ok.into();
            assert!(i.validate(today()).is_ok(), "{ok}");
        }
        for far in ["2024-2025", "2028-2029", "2062-2063"] {
            let mut i = input();
            i.school_year = far.into();
            let e = i.validate(today()).unwrap_err();
            assert_eq!(
                e.get(Field::SchoolYear),
                Some(&Problem::SchoolYearTooFar {
                    earliest: 2025,
                    latest: 2027
                }),
                "{far}"
            );
        }
    }

    #[test]
    fn every_bad_field_is_reported() {
        let mut i = input();
        i.teacher = " ".into();
        i.school_year = "2026".into();
        i.trained_on = "30/02/2026".into();
        i.lang = "fr".into();
        let e = i.validate(today()).unwrap_err();
        assert_eq!(e.get(Field::Teacher), Some(&Problem::Required));
        assert_eq!(e.get(Field::SchoolYear), Some(&Problem::NotASchoolYear));
        assert_eq!(e.get(Field::TrainedOn), Some(&Problem::NotADate));
        assert_eq!(e.get(Field::Language), Some(&Problem::NotALanguage));
    }

    #[test]
    fn a_profile_is_rebuilt_from_its_fields() {
        use crate::domain::testkit::{assert_rebuilt, every_profile, map, rebuilt_with, required_fields};
        for p in every_profile() {
            assert_rebuilt(&p);
        }
        let english = &every_profile()[1];
        assert_eq!(
            required_fields(english),
            ["teacher", "school", "school_code", "class", "school_year"]
        );
        // The language stays on each device: a profile from another device has the default.
        assert_eq!(
            rebuilt_with(english, "lang", None).map(|p| p.lang),
            Some(Lang::default())
        );
        for not_a_code in ["fr", "English", " en"] {
            assert_eq!(
                rebuilt_with(english, "lang", Some(not_a_code.into())),
                None,
                "{not_a_code}"
            );
        }
        for year in [1999, 2101, i64::MAX, i64::MIN] {
            assert_eq!(
                rebuilt_with(english, "school_year", Some(Value::Int(year))),
                None,
                "{year}"
            );
        }
        // One profile a notebook: fields under another id are not it.
        assert_eq!(Profile::from_fields(Uuid::from_u128(7), &map(english.fields())), None);
    }
}
