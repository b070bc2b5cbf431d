//! A pupil of the class.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::profile::SchoolYear;
use super::record::{FieldMap, FieldReader, Record, RecordKind, Value};
use super::validation::{self as v, Field, FieldErrors, Problem};
use crate::text;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    pub const ALL: [Sex; 2] = [Sex::Male, Sex::Female];

    /// Reads the words school files and people use: Nam/Nữ, male/female, M/F.
    pub fn parse(s: &str) -> Option<Sex> {
        match text::fold(s.trim()).as_str() {
            "nam" | "male" | "m" | "trai" => Some(Sex::Male),
            "nu" | "female" | "f" | "gai" => Some(Sex::Female),
            _ => None,
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Sex::Male => "male",
            Sex::Female => "female",
        }
    }
    /// The sex a stored code names (only the code: [`Sex::parse`] reads what people type).
    pub fn from_code(code: &str) -> Option<Sex> {
        Sex::ALL.into_iter().find(|s| s.code() == code)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Student {
    pub id: Uuid,
    /// The school system's student code, when the class list has one.
    pub code: Option<String>,
    pub name: String,
    pub birth_date: NaiveDate,
    pub sex: Option<Sex>,
    pub ethnicity: String,
    pub address: String,
    pub guardian: String,
    /// Normalised to a leading 0 and digits only; empty when unknown.
    pub phone: String,
    pub class: String,
    pub school_year: SchoolYear,
    pub notes: String,
}

impl Record for Student {
    const KIND: RecordKind = RecordKind::Student;
    fn id(&self) -> Uuid {
        self.id
    }
    fn fields(&self) -> Vec<(&'static str, Value)> {
        vec![
            ("code", self.code.as_ref().into()),
            ("name", (&self.name).into()),
            ("birth_date", self.birth_date.into()),
            ("sex", self.sex.map(Sex::code).into()),
            ("ethnicity", (&self.ethnicity).into()),
            ("address", (&self.address).into()),
            ("guardian", (&self.guardian).into()),
            ("phone", (&self.phone).into()),
            ("class", (&self.class).into()),
            ("school_year", Value::Int(self.school_year.0.into())),
            ("notes", (&self.notes).into()),
        ]
    }
    fn from_fields(id: Uuid, fields: &FieldMap) -> Option<Student> {
        let f = FieldReader(fields);
        Some(Student {
            id,
            code: f.opt("code", Value::text)?,
            name: f.req("name", Value::text)?,
            birth_date: f.req("birth_date", Value::date)?,
            sex: f.opt("sex", |v| v.code(Sex::from_code))?,
            ethnicity: f.text_or_empty("ethnicity")?,
            address: f.text_or_empty("address")?,
            guardian: f.text_or_empty("guardian")?,
            phone: f.text_or_empty("phone")?,
            class: f.req("class", Value::text)?,
            school_year: SchoolYear(f.req("school_year", |v| v.int_in(SchoolYear::YEARS))?),
            notes: f.text_or_empty("notes")?,
        })
    }
}

impl Student {
    /// The key that finds the same pupil again on a second import: the student code when
    /// there is one, else the folded name and the birth date.
    pub fn match_key(&self) -> String {
        match_key(self.code.as_deref(), &self.name, self.birth_date)
    }

    /// The folded name, for search.
    pub fn search_key(&self) -> String {
        text::fold(&self.name)
    }
}

pub fn match_key(code: Option<&str>, name: &str, birth: NaiveDate) -> String {
    match code.map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) => format!("code:{}", text::fold(c)),
        None => format!("name:{}|{}", text::fold(&text::clean(name)), birth),
    }
}

/// A pupil as typed in a form or read from an imported row: every field as text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StudentInput {
    pub code: String,
    pub name: String,
    pub birth_date: String,
    pub sex: String,
    pub ethnicity: String,
    pub address: String,
    pub guardian: String,
    pub phone: String,
    pub notes: String,
}

impl StudentInput {
    pub fn from_student(s: &Student) -> StudentInput {
        StudentInput {
            code: s.code.clone().unwrap_or_default(),
            name: s.name.clone(),
            birth_date: text::format_date(s.birth_date),
            sex: match s.sex {
                Some(Sex::Male) => "Nam".into(),
                Some(Sex::Female) => "Nữ".into(),
                None => String::new(),
            },
            ethnicity: s.ethnicity.clone(),
            address: s.address.clone(),
            guardian: s.guardian.clone(),
            phone: s.phone.clone(),
            notes: s.notes.clone(),
        }
    }

    /// Checks every field and builds the student with the given id, class and year.
    pub fn validate(&self, id: Uuid, class: &str, year: SchoolYear, today: NaiveDate) -> Result<Student, FieldErrors> {
        let mut e = FieldErrors::default();
        let code = v::text(&mut e, Field::StudentCode, &self.code, false, v::MAX_CODE);
        let name = v::text(&mut e, Field::Name, &self.name, true, v::MAX_NAME);
        let birth = v::birth_date(&mut e, &self.birth_date, today);
        let sex = if self.sex.trim().is_empty() {
            None
        } else {
            let s = Sex::parse(&self.sex);
            if s.is_none() {
                e.push(Field::Sex, Problem::NotASex);
            }
            s
        };
        let ethnicity = v::text(&mut e, Field::Ethnicity, &self.ethnicity, false, v::MAX_SHORT);
        let address = v::text(&mut e, Field::Address, &self.address, false, v::MAX_ADDRESS);
        let guardian = v::text(&mut e, Field::Guardian, &self.guardian, false, v::MAX_NAME);
        let phone = if self.phone.trim().is_empty() {
            String::new()
        } else {
            text::normalise_phone(&self.phone).unwrap_or_else(|| {
                e.push(Field::Phone, Problem::NotAPhone);
                String::new()
            })
        };
        let notes = v::notes(&mut e, Field::Notes, &self.notes);
        let student = Student {
            id,
            code: Some(code).filter(|c| !c.is_empty()),
            name,
            birth_date: birth.unwrap_or_default(),
            sex,
            ethnicity,
            address,
            guardian,
            phone,
            class: text::clean(class),
            school_year: year,
            notes,
        };
        e.into_result(student)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
    }

    fn input() -> StudentInput {
        StudentInput {
            name: "Lê Văn Dũng".into(),
            birth_date: "27/03/2013".into(),
            sex: "Nam".into(),
            phone: "0900 080 039".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_valid_pupil_is_built_in_nfc() {
        let mut i = input();
        i.name = i.name.nfd().collect();
        let s = i.validate(Uuid::nil(), "8A", SchoolYear(2026), today()).unwrap();
        assert_eq!(s.name, "Lê Văn Dũng");
        assert_eq!(s.phone, "0900080039");
        assert_eq!(s.sex, Some(Sex::Male));
        assert_eq!(
            StudentInput::from_student(&s)
                .validate(Uuid::nil(), "8A", SchoolYear(2026), today())
                .unwrap(),
            s
        );
    }

    #[test]
    fn bad_fields_are_all_reported() {
        let mut i = input();
        i.name = String::new();
        i.birth_date = "31/02/2013".into();
        i.phone = "123".into();
        i.sex = "x".into();
        let e = i.validate(Uuid::nil(), "8A", SchoolYear(2026), today()).unwrap_err();
        assert_eq!(e.0.len(), 4);
        assert_eq!(e.get(Field::Name), Some(&Problem::Required));
        assert_eq!(e.get(Field::BirthDate), Some(&Problem::NotADate));
        assert_eq!(e.get(Field::Phone), Some(&Problem::NotAPhone));
        assert_eq!(e.get(Field::Sex), Some(&Problem::NotASex));
    }

    #[test]
    fn match_key_prefers_the_code() {
        let d = NaiveDate::from_ymd_opt(2013, 3, 27).unwrap();
        assert_eq!(match_key(Some(" HS01 "), "A", d), match_key(Some("hs01"), "B", d));
        let nfd: String = "Lê  Văn Dũng".nfd().collect();
        assert_eq!(match_key(None, &nfd, d), match_key(Some(""), "lê văn dũng", d));
    }

    #[test]
    fn sex_words() {
        assert_eq!(Sex::parse("Nữ"), Some(Sex::Female));
        assert_eq!(Sex::parse("NAM"), Some(Sex::Male));
        assert_eq!(Sex::parse("?"), None);
    }

    #[test]
    fn sex_codes_round_trip() {
        for s in Sex::ALL {
            assert_eq!(Sex::from_code(s.code()), Some(s));
        }
        assert_eq!(Sex::from_code("Nam"), None);
    }

    #[test]
    fn a_pupil_is_rebuilt_from_its_fields() {
        use crate::domain::testkit::{assert_rebuilt, every_student, rebuilt_with, required_fields};
        for s in every_student() {
            assert_rebuilt(&s);
        }
        let s = &every_student()[0];
        assert_eq!(required_fields(s), ["name", "birth_date", "class", "school_year"]);
        assert_eq!(rebuilt_with(s, "sex", Some("Nam".into())), None);
        assert_eq!(rebuilt_with(s, "school_year", Some(Value::Int(1_000_000))), None);
    }
}
