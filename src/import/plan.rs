//! The import plan: each data row read into a pupil, checked by the domain, and sorted
//! into new, already present and skipped. Nothing is saved here.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use uuid::Uuid;

use super::ImportError;
use super::header::{self, Column, Header, normalise, starts_with_words};
use super::table::{Cell, Row, Table};
use crate::domain::student::match_key;
use crate::domain::{Field, FieldError, SchoolYear, Student, StudentInput};
use crate::text;

/// What an import would do.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportPlan {
    /// Pupils to save, in file order.
    pub new: Vec<Student>,
    /// The line (CSV) or row (sheet) each of `new` was read from.
    pub new_lines: Vec<usize>,
    /// New pupils whose birth date gives an unlikely age for the school year (probably a
    /// typo): imported all the same, and pointed out in the preview.
    pub unlikely_ages: Vec<UnlikelyAge>,
    /// Rows naming a pupil the notebook already has.
    pub already_present: Vec<RowRef>,
    pub skipped: Vec<SkippedRow>,
    /// The line (CSV) or row (sheet) of the header.
    pub header_line: usize,
    /// The recognised columns with their labels as the file writes them.
    pub columns: Vec<(Column, String)>,
    /// The worksheet read, for a spreadsheet.
    pub sheet: Option<String>,
}

/// A row that names a pupil already in the notebook.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowRef {
    pub line: usize,
    pub name: String,
    /// The pupil it matched.
    pub existing: Uuid,
}

/// A new pupil whose age at the start of the school year is outside 5 to 20.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnlikelyAge {
    pub line: usize,
    pub name: String,
    /// The age at the start of `year`.
    pub age: u32,
    pub year: SchoolYear,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SkippedRow {
    /// 1-based line (CSV) or row (sheet), as the user sees it.
    pub line: usize,
    pub name: Option<String>,
    pub reasons: Vec<SkipReason>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SkipReason {
    /// A field the domain refused, with the value as read.
    Invalid { error: FieldError, value: String },
    /// The same pupil as an earlier row of the file.
    DuplicateOf { line: usize },
    /// A whole school's list: this row's pupil is in another class.
    OtherClass { class: String, ours: String },
}

/// Whether two class names are the same class: "8A", "8a" and "8 A" are.
fn same_class(a: &str, b: &str) -> bool {
    let key = |s: &str| text::fold(s).split_whitespace().collect::<String>();
    key(a) == key(b)
}

/// Plans the import of `table` into `class` for `year`, next to the `existing` pupils.
pub fn plan(
    table: &Table,
    existing: &[Student],
    class: &str,
    year: SchoolYear,
    today: NaiveDate,
) -> Result<ImportPlan, ImportError> {
    let header = header::find(table).map_err(|e| match e.missing {
        Field::BirthDate => ImportError::NoBirthDateColumn { found: e.found },
        _ => ImportError::NoNameColumn { found: e.found },
    })?;
    let layout = Layout { h: &header };
    let mut known = Known::default();
    for s in existing {
        known.insert(s.code.as_deref(), &s.name, s.birth_date, Who::Existing(s.id));
    }
    let mut plan = ImportPlan {
        new: Vec::new(),
        new_lines: Vec::new(),
        unlikely_ages: Vec::new(),
        already_present: Vec::new(),
        skipped: Vec::new(),
        header_line: header.line,
        columns: {
            // A label merged over several columns is listed once.
            let mut cols: Vec<(Column, String)> = header
                .columns
                .iter()
                .filter(|f| f.column != Column::Ordinal)
                .map(|f| (f.column, f.label.clone()))
                .collect();
            cols.dedup();
            cols
        },
        sheet: table.sheet.clone(),
    };
    let mut in_footer = false;
    for row in &table.rows[header.data_start..] {
        if row.is_blank() || is_column_numbers(row) || is_header_again(row, &table.rows[header.row]) {
            continue;
        }
        if layout.is_footer(row) {
            in_footer = true;
            continue;
        }
        let Some(input) = layout.input(row) else {
            continue;
        };
        // Below "Tổng số" and the signatures, names without a birth date are the signers'.
        if in_footer && (input.name.trim().is_empty() || input.birth_date.trim().is_empty()) {
            continue;
        }
        // A list of the whole school: only the notebook's class comes in.
        if let Some(theirs) = layout.class(row)
            && !same_class(&theirs, class)
        {
            plan.skipped.push(SkippedRow {
                line: row.line,
                name: Some(as_read(&input.name)).filter(|n| !n.is_empty()),
                reasons: vec![SkipReason::OtherClass {
                    class: theirs,
                    ours: text::clean(class),
                }],
            });
            continue;
        }
        match input.validate(Uuid::now_v7(), class, year, today) {
            Err(errors) => plan.skipped.push(SkippedRow {
                line: row.line,
                name: Some(as_read(&input.name)).filter(|n| !n.is_empty()),
                reasons: errors
                    .0
                    .into_iter()
                    .map(|error| SkipReason::Invalid {
                        value: value_of(&input, error.field),
                        error,
                    })
                    .collect(),
            }),
            Ok(student) => match known.find(student.code.as_deref(), &student.name, student.birth_date) {
                Some(Who::Existing(id)) => plan.already_present.push(RowRef {
                    line: row.line,
                    name: student.name,
                    existing: id,
                }),
                Some(Who::Line(first)) => plan.skipped.push(SkippedRow {
                    line: row.line,
                    name: Some(student.name),
                    reasons: vec![SkipReason::DuplicateOf { line: first }],
                }),
                None => {
                    known.insert(
                        student.code.as_deref(),
                        &student.name,
                        student.birth_date,
                        Who::Line(row.line),
                    );
                    if let Some(age) = crate::domain::validation::unlikely_age(student.birth_date, year) {
                        plan.unlikely_ages.push(UnlikelyAge {
                            line: row.line,
                            name: student.name.clone(),
                            age,
                            year,
                        });
                    }
                    plan.new_lines.push(row.line);
                    plan.new.push(student);
                }
            },
        }
    }
    let rows = plan.new.len() + plan.already_present.len() + plan.skipped.len();
    if rows > super::MAX_PUPIL_ROWS {
        return Err(ImportError::TooManyRows {
            path: table.path.clone(),
            sheet: plan.sheet,
            rows,
            at_least: false,
        });
    }
    Ok(plan)
}

fn value_of(input: &StudentInput, field: Field) -> String {
    let v = match field {
        Field::StudentCode => &input.code,
        Field::Name => &input.name,
        Field::BirthDate => &input.birth_date,
        Field::Sex => &input.sex,
        Field::Ethnicity => &input.ethnicity,
        Field::Address => &input.address,
        Field::Guardian => &input.guardian,
        Field::Phone => &input.phone,
        Field::Notes => &input.notes,
        _ => return String::new(),
    };
    as_read(v)
}

/// A refused value as the file has it, for the message: cleaned as the field would be,
/// unless it holds a character the field refuses (a line separator is white space to
/// `clean`, and would vanish from the reason).
fn as_read(v: &str) -> String {
    if text::has_control(v) {
        text::nfc(v.trim())
    } else {
        text::clean(v)
    }
}

#[derive(Clone, Copy, Debug)]
enum Who {
    Existing(Uuid),
    Line(usize),
}

/// Pupils seen so far, by student code and by folded name and birth date. Two pupils with
/// the same name and birth date but different codes are different pupils; a code on one
/// side only does not keep them apart.
#[derive(Default)]
struct Known {
    by_code: HashMap<String, Who>,
    by_name: HashMap<String, Vec<(bool, Who)>>,
}

impl Known {
    fn insert(&mut self, code: Option<&str>, name: &str, birth: NaiveDate, who: Who) {
        let has_code = code.is_some_and(|c| !c.trim().is_empty());
        if has_code {
            self.by_code.entry(match_key(code, name, birth)).or_insert(who);
        }
        self.by_name
            .entry(match_key(None, name, birth))
            .or_default()
            .push((has_code, who));
    }

    fn find(&self, code: Option<&str>, name: &str, birth: NaiveDate) -> Option<Who> {
        let has_code = code.is_some_and(|c| !c.trim().is_empty());
        if has_code && let Some(w) = self.by_code.get(&match_key(code, name, birth)) {
            return Some(*w);
        }
        self.by_name
            .get(&match_key(None, name, birth))?
            .iter()
            .find(|(other_has_code, _)| !(has_code && *other_has_code))
            .map(|(_, w)| *w)
    }
}

/// Reads a data row through the header's columns.
struct Layout<'a> {
    h: &'a Header,
}

impl Layout<'_> {
    /// The row as form input; `None` when no pupil field holds anything (a numbered but
    /// empty template row).
    fn input(&self, row: &Row) -> Option<StudentInput> {
        let has = |c| !self.h.cols(c).is_empty();
        let any = self
            .h
            .columns
            .iter()
            .any(|f| f.column != Column::Ordinal && !row.get(f.col).is_empty());
        if !any {
            return None;
        }
        let name = if has(Column::Name) {
            self.joined(row, Column::Name, " ")
        } else {
            let family = self.joined(row, Column::FamilyMiddle, " ");
            let given = self.joined(row, Column::GivenName, " ");
            format!("{family} {given}")
        };
        Some(StudentInput {
            code: self
                .first(row, Column::Code)
                .trim()
                .trim_start_matches('\'')
                .to_string(),
            name,
            birth_date: self.birth_date(row),
            sex: self.sex(row),
            ethnicity: self.first(row, Column::Ethnicity),
            address: self.joined(row, Column::Address, ", "),
            guardian: self.joined(row, Column::Guardian, ", "),
            phone: self
                .h
                .cols(Column::Phone)
                .iter()
                .map(|c| phone_text(row.get(*c)))
                .find(|p| !p.is_empty())
                .unwrap_or_default(),
            notes: self
                .cells(row, Column::Notes)
                .map(|c| c.display().replace("\r\n", "\n"))
                .collect::<Vec<_>>()
                .join("; "),
        })
    }

    /// The row's class, when the file has a class column and the cell is filled.
    fn class(&self, row: &Row) -> Option<String> {
        Some(text::clean(&self.first(row, Column::Class))).filter(|c| !c.is_empty())
    }

    fn cells<'r>(&self, row: &'r Row, c: Column) -> impl Iterator<Item = &'r Cell> + use<'r> {
        self.h.cols(c).into_iter().map(|i| row.get(i)).filter(|c| !c.is_empty())
    }

    fn first(&self, row: &Row, c: Column) -> String {
        self.cells(row, c)
            .next()
            .map(|c| one_line(&c.display()))
            .unwrap_or_default()
    }

    /// The distinct values of every column holding `c`: "Họ và tên" merged over a family
    /// name column and a given name column reads as the whole name.
    fn joined(&self, row: &Row, c: Column, sep: &str) -> String {
        let mut parts: Vec<String> = Vec::new();
        for v in self.cells(row, c).map(|c| one_line(&c.display())) {
            if parts.last() != Some(&v) {
                parts.push(v);
            }
        }
        parts.join(sep)
    }

    fn birth_date(&self, row: &Row) -> String {
        let h = self.h;
        let (day, month, year) = (
            h.cols(Column::BirthDay),
            h.cols(Column::BirthMonth),
            h.cols(Column::BirthYear),
        );
        let date = h.cols(Column::BirthDate);
        let compose = |d: usize, m: usize, y: usize| {
            let parts = [d, m, y].map(|c| row.get(c).display().trim().to_string());
            if parts.iter().all(String::is_empty) {
                String::new()
            } else {
                parts.join("/")
            }
        };
        match (day.first(), month.first(), year.first(), date.as_slice()) {
            (Some(d), Some(m), Some(y), _) => compose(*d, *m, *y),
            // "Ngày sinh", "Tháng sinh", "Năm sinh" side by side.
            (None, Some(m), Some(y), [d, ..]) => compose(*d, *m, *y),
            (_, _, _, cols) => {
                let first = cols
                    .iter()
                    .map(|c| row.get(*c))
                    .find(|c| !c.is_empty())
                    .map(date_text)
                    .unwrap_or_default();
                // "Ngày sinh" merged over three unlabelled columns: day, month, year.
                match cols {
                    [d, m, y] if text::parse_date(&first).is_none() => compose(*d, *m, *y),
                    _ => first,
                }
            }
        }
    }

    /// Sex from a "Giới tính" column, else from x marks in a "Nữ" (or "Nam") column.
    fn sex(&self, row: &Row) -> String {
        let h = self.h;
        if h.has(Column::Sex) {
            return self.first(row, Column::Sex);
        }
        let female = h.cols(Column::FemaleMark).first().map(|c| row.get(*c).display());
        let male = h.cols(Column::MaleMark).first().map(|c| row.get(*c).display());
        match (female, male) {
            (Some(f), m) => match (marked(&f), m) {
                (Some(true), _) => "Nữ".into(),
                (Some(false), None) => "Nam".into(),
                (Some(false), Some(m)) => match marked(&m) {
                    Some(true) => "Nam".into(),
                    Some(false) => String::new(),
                    None => m,
                },
                (None, _) => f,
            },
            (None, Some(m)) => match marked(&m) {
                Some(true) => "Nam".into(),
                Some(false) => "Nữ".into(),
                None => m,
            },
            (None, None) => String::new(),
        }
    }

    fn name_cols(&self) -> Vec<usize> {
        let mut cols = self.h.cols(Column::Name);
        cols.extend(self.h.cols(Column::FamilyMiddle));
        cols.extend(self.h.cols(Column::GivenName));
        cols
    }

    /// "Tổng số: 42", "Người lập biểu", "Hiệu trưởng", "…, ngày 05 tháng 9 năm 2026": a
    /// line below the list, in a row whose name cells are empty or hold that same line
    /// (a merged cell).
    fn is_footer(&self, row: &Row) -> bool {
        let names: Vec<String> = self
            .name_cols()
            .iter()
            .map(|c| normalise(&row.get(*c).display()))
            .collect();
        row.texts().any(|(_, t)| {
            let n = normalise(&t);
            let footer = FOOTER.iter().any(|p| starts_with_words(&n, p)) || is_date_line(&n);
            footer && names.iter().all(|v| v.is_empty() || *v == n)
        })
    }
}

const FOOTER: &[&str] = &[
    "tong so",
    "tong cong",
    "danh sach co",
    "danh sach nay co",
    "nguoi lap",
    "nguoi lap bieu",
    "hieu truong",
    "pho hieu truong",
    "giao vien chu nhiem",
    "gvcn",
    "xac nhan",
    "ky ten",
    "ky ghi ro ho ten",
];

/// "Quang Phục, ngày 05 tháng 9 năm 2026".
fn is_date_line(n: &str) -> bool {
    let words: Vec<&str> = n.split_whitespace().collect();
    let at = |w: &str, from: usize| words.iter().skip(from).position(|x| *x == w).map(|p| p + from);
    at("ngay", 0)
        .and_then(|d| at("thang", d + 1))
        .and_then(|m| at("nam", m + 1))
        .is_some()
}

/// The row of column numbers under a printed form's header: "1 2 3…" or "(1) (2) (3)…".
fn is_column_numbers(row: &Row) -> bool {
    let texts: Vec<String> = row.texts().map(|(_, t)| t).collect();
    texts.len() >= 3
        && texts.iter().all(|t| {
            let t = t.trim().trim_start_matches('(').trim_end_matches(')');
            !t.is_empty() && t.chars().count() <= 2 && t.chars().all(char::is_alphanumeric)
        })
}

/// The header repeated on each printed page of an export.
fn is_header_again(row: &Row, header: &Row) -> bool {
    let same = |(c, t): &(usize, String)| {
        let h = header.get(*c);
        !h.is_empty() && text::fold(&text::clean(t)) == text::fold(&text::clean(&h.display()))
    };
    row.texts().filter(same).count() >= 2
}

/// One-line fields: an Alt+Enter line break in a name cell is a space.
fn one_line(s: &str) -> String {
    s.replace(['\r', '\n', '\t'], " ").trim().to_string()
}

/// An x mark: `Some(true)` marked, `Some(false)` left empty, `None` for anything else.
fn marked(s: &str) -> Option<bool> {
    match text::fold(s.trim()).as_str() {
        "" | "0" | "-" | "khong" | "false" | "no" => Some(false),
        "x" | "1" | "v" | "co" | "true" | "yes" | "✓" | "✔" | "☑" | "☒" => Some(true),
        _ => None,
    }
}

/// Excel counts days from 30/12/1899; only plausible birth years are taken for dates.
fn excel_serial(n: f64) -> Option<NaiveDate> {
    if !(32874.0..73051.0).contains(&n) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(Days::new(n as u64))
}

/// A birth-date cell as dd/mm/yyyy text when it can be read as one; a time of day after
/// the date ("27/03/2013 00:00:00", "2013-03-27T00:00:00") is dropped.
fn date_text(cell: &Cell) -> String {
    match cell {
        Cell::Number(n) => excel_serial(*n).map_or_else(|| cell.display(), text::format_date),
        Cell::Text(s) => {
            let s = s.trim();
            let head = s.split(['T', ' ']).next().unwrap_or_default();
            let rest_is_time = s[head.len()..]
                .chars()
                .all(|c| c.is_ascii_digit() || " :.TZ+-".contains(c));
            match text::parse_date(head) {
                Some(d) if rest_is_time => text::format_date(d),
                _ => s.to_string(),
            }
        }
        _ => cell.display(),
    }
}

/// A phone as text. A number cell loses the leading 0 (900080039): it is put back for the
/// nine digits of a mobile number and the ten of a landline (area codes start with 2).
fn phone_text(cell: &Cell) -> String {
    let s = cell.display();
    let s = s.trim().trim_start_matches('\'');
    let digits = s.bytes().all(|b| b.is_ascii_digit());
    if digits && !s.starts_with('0') && (s.len() == 9 || (s.len() == 10 && s.starts_with('2'))) {
        format!("0{s}")
    } else {
        one_line(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_read_as_the_teacher_meant() {
        assert_eq!(phone_text(&Cell::Number(900080039.0)), "0900080039");
        assert_eq!(phone_text(&Cell::Text("'0900080039".into())), "0900080039");
        assert_eq!(phone_text(&Cell::Number(2203123456.0)), "02203123456");
        assert_eq!(date_text(&Cell::Number(41360.0)), "27/03/2013");
        assert_eq!(date_text(&Cell::Number(2013.0)), "2013");
        assert_eq!(date_text(&Cell::Text("2013-03-27T00:00:00".into())), "27/03/2013");
        assert_eq!(date_text(&Cell::Text("27/03/2013 00:00:00".into())), "27/03/2013");
        assert_eq!(date_text(&Cell::Text("31/02/2013".into())), "31/02/2013");
        assert_eq!(marked("X"), Some(true));
        assert_eq!(marked("✓"), Some(true));
        assert_eq!(marked(""), Some(false));
        assert_eq!(marked("Nữ"), None);
    }

    fn table(rows: &[&[&str]]) -> Table {
        Table {
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, cells)| Row {
                    line: i + 1,
                    cells: cells.iter().map(|s| Cell::text(s)).collect(),
                })
                .collect(),
            sheet: None,
            path: Default::default(),
        }
    }

    fn plan_of(t: &Table) -> ImportPlan {
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        plan(t, &[], "8A", SchoolYear(2026), today).unwrap()
    }

    #[test]
    fn codes_tell_namesakes_apart() {
        let t = table(&[
            &["Mã HS", "Họ và tên", "Ngày sinh"],
            &["HS1", "Lê Văn Dũng", "27/03/2013"],
            &["HS2", "Lê Văn Dũng", "27/03/2013"],
            &["", "LÊ VĂN DŨNG", "27/3/2013"],
            &["HS1", "Lê V. Dũng", "27/03/2013"],
        ]);
        let p = plan_of(&t);
        assert_eq!(p.new.len(), 2);
        let dup: Vec<_> = p.skipped.iter().map(|s| (s.line, s.reasons.clone())).collect();
        assert_eq!(
            dup,
            [
                (4, vec![SkipReason::DuplicateOf { line: 2 }]),
                (5, vec![SkipReason::DuplicateOf { line: 2 }])
            ]
        );
    }

    #[test]
    fn a_repeated_header_and_numbered_empty_rows_are_ignored() {
        let t = table(&[
            &["STT", "Họ và tên", "Ngày sinh", "Giới tính"],
            &["1", "Lê Văn Dũng", "27/03/2013", "Nam"],
            &["STT", "Họ và tên", "Ngày sinh", "Giới tính"],
            &["2", "Đỗ Khánh Giang", "24/06/2013", "Nữ"],
            &["3", "", "", ""],
        ]);
        let p = plan_of(&t);
        assert_eq!(p.new.len(), 2);
        assert!(p.skipped.is_empty());
    }

    #[test]
    fn a_name_over_two_columns_is_joined() {
        let t = table(&[
            &["Họ và tên", "", "Ngày sinh"],
            &["Lê Văn", "Dũng", "27/03/2013"],
            // A name merged across both columns arrives in both.
            &["Đỗ Khánh Giang", "Đỗ Khánh Giang", "24/06/2013"],
        ]);
        let p = plan_of(&t);
        let names: Vec<&str> = p.new.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["Lê Văn Dũng", "Đỗ Khánh Giang"]);
        assert_eq!(
            p.columns,
            [
                (Column::Name, "Họ và tên".into()),
                (Column::BirthDate, "Ngày sinh".into())
            ]
        );
    }

    #[test]
    fn footer_lines() {
        assert!(is_date_line(&normalise("Quang Phục, ngày 05 tháng 9 năm 2026")));
        assert!(!is_date_line(&normalise("Thôn Trung, xã Quang Phục")));
        let numbers = Row {
            line: 5,
            cells: ["(1)", "(2)", "(3)", "(4)"].iter().map(|s| Cell::text(s)).collect(),
        };
        assert!(is_column_numbers(&numbers));
    }
}
