//! Recognising the header of a class list: which row it is on (title rows sit above it),
//! and which column holds what. Labels are compared folded (no diacritics, lower case),
//! so NFD text and "HỌ VÀ TÊN" match too.

use std::sync::LazyLock;

use super::table::{Row, Table};
use crate::domain::Field;
use crate::i18n::{Lang, domain as dom};
use crate::text;

/// What a column of a class list holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    /// "STT": the row number, not imported.
    Ordinal,
    Code,
    Name,
    /// "Họ và tên đệm": family and middle names, joined with [`Column::GivenName`].
    FamilyMiddle,
    GivenName,
    BirthDate,
    /// Day, month and year of birth in three columns ("Ngày sinh" over "Ngày/Tháng/Năm").
    BirthDay,
    BirthMonth,
    BirthYear,
    Sex,
    /// A "Nữ" column of x marks: marked means female, empty means male.
    FemaleMark,
    /// A "Nam" column of x marks.
    MaleMark,
    Ethnicity,
    Address,
    Guardian,
    Phone,
    Notes,
    /// "Lớp": a whole school's list names each pupil's class.
    Class,
}

/// A label reduced for comparison: folded, bracketed remarks such as "(*)" or
/// "(dd/mm/yyyy)" dropped, punctuation as spaces, single spaces.
pub fn normalise(label: &str) -> String {
    let mut kept = String::with_capacity(label.len());
    let mut depth = 0usize;
    for c in label.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            c if depth == 0 => kept.push(c),
            _ => {}
        }
    }
    let folded: String = text::fold(&kept)
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Labels that must match whole. "Tên" alone is the given name, never the full name.
const EXACT: &[(&str, Column)] = &[
    ("stt", Column::Ordinal),
    ("tt", Column::Ordinal),
    ("so tt", Column::Ordinal),
    ("so thu tu", Column::Ordinal),
    ("no", Column::Ordinal),
    ("ho va ten", Column::Name),
    ("ho ten", Column::Name),
    ("ho ten hoc sinh", Column::Name),
    ("ho va ten hoc sinh", Column::Name),
    ("ho ten hs", Column::Name),
    ("ho va ten hs", Column::Name),
    ("ten hoc sinh", Column::Name),
    ("ten hs", Column::Name),
    ("name", Column::Name),
    ("student name", Column::Name),
    ("ho va ten dem", Column::FamilyMiddle),
    ("ho ten dem", Column::FamilyMiddle),
    ("ho dem", Column::FamilyMiddle),
    ("ho va dem", Column::FamilyMiddle),
    ("ho", Column::FamilyMiddle),
    ("ten", Column::GivenName),
    ("given name", Column::GivenName),
    ("ngay sinh", Column::BirthDate),
    ("ngay thang nam sinh", Column::BirthDate),
    ("sinh ngay", Column::BirthDate),
    ("ngay sinh hoc sinh", Column::BirthDate),
    ("birth date", Column::BirthDate),
    ("birthdate", Column::BirthDate),
    ("dob", Column::BirthDate),
    ("thang sinh", Column::BirthMonth),
    ("nam sinh", Column::BirthYear),
    ("gioi tinh", Column::Sex),
    ("gioi", Column::Sex),
    ("phai", Column::Sex),
    ("nam nu", Column::Sex),
    ("gender", Column::Sex),
    ("nu", Column::FemaleMark),
    ("female", Column::FemaleMark),
    ("nam", Column::MaleMark),
    ("male", Column::MaleMark),
    ("dan toc", Column::Ethnicity),
    ("ethnic group", Column::Ethnicity),
    ("thuong tru", Column::Address),
    ("noi thuong tru", Column::Address),
    ("ma hs", Column::Code),
    ("student id", Column::Code),
    ("code", Column::Code),
];

/// Labels that may go on ("Địa chỉ thường trú", "Họ tên mẹ hoặc người giám hộ"); matched
/// on whole words.
const PREFIX: &[(&str, Column)] = &[
    ("ma hoc sinh", Column::Code),
    ("ma hs", Column::Code),
    ("ma so hoc sinh", Column::Code),
    ("ma so hs", Column::Code),
    ("ma dinh danh", Column::Code),
    ("dia chi", Column::Address),
    ("noi o", Column::Address),
    ("cho o", Column::Address),
    ("address", Column::Address),
    ("ho ten cha", Column::Guardian),
    ("ho ten me", Column::Guardian),
    ("ho ten bo", Column::Guardian),
    ("ho va ten cha", Column::Guardian),
    ("ho va ten me", Column::Guardian),
    ("ho va ten bo", Column::Guardian),
    ("ho ten phu huynh", Column::Guardian),
    ("ho va ten phu huynh", Column::Guardian),
    ("ho ten nguoi giam ho", Column::Guardian),
    ("ho va ten nguoi giam ho", Column::Guardian),
    ("ten cha", Column::Guardian),
    ("ten me", Column::Guardian),
    ("ten bo", Column::Guardian),
    ("ten phu huynh", Column::Guardian),
    ("cha me", Column::Guardian),
    ("bo me", Column::Guardian),
    ("phu huynh", Column::Guardian),
    ("nguoi giam ho", Column::Guardian),
    ("parent", Column::Guardian),
    ("parents", Column::Guardian),
    ("guardian", Column::Guardian),
    ("ghi chu", Column::Notes),
    ("note", Column::Notes),
    ("notes", Column::Notes),
    ("remarks", Column::Notes),
    ("lop", Column::Class),
    ("lop hoc", Column::Class),
    ("ten lop", Column::Class),
    ("class", Column::Class),
];

/// sotay's own field names, in both languages, so its exports read back.
const OWN_FIELDS: &[(Field, Column)] = &[
    (Field::StudentCode, Column::Code),
    (Field::Name, Column::Name),
    (Field::BirthDate, Column::BirthDate),
    (Field::Sex, Column::Sex),
    (Field::Ethnicity, Column::Ethnicity),
    (Field::Address, Column::Address),
    (Field::Guardian, Column::Guardian),
    (Field::Phone, Column::Phone),
    (Field::Notes, Column::Notes),
    (Field::Class, Column::Class),
];

fn own_fields() -> &'static [(String, Column)] {
    static LABELS: LazyLock<Vec<(String, Column)>> = LazyLock::new(|| {
        [Lang::Vi, Lang::En]
            .iter()
            .flat_map(|lang| OWN_FIELDS.iter().map(|(f, c)| (normalise(dom::field(*lang, *f)), *c)))
            .collect()
    });
    &LABELS
}

pub(crate) fn starts_with_words(n: &str, prefix: &str) -> bool {
    n == prefix || n.strip_prefix(prefix).is_some_and(|rest| rest.starts_with(' '))
}

/// The column a header label names, if any.
pub fn classify(label: &str) -> Option<Column> {
    // Labels are short; long text is data (an address), and not worth folding.
    if label.len() > 120 {
        return None;
    }
    let n = normalise(label);
    if n.is_empty() {
        return None;
    }
    // A phone label names a phone whoever it belongs to ("SĐT phụ huynh", "Phụ huynh - SĐT").
    let padded = format!(" {n} ");
    if [
        " sdt ",
        " so dt ",
        " dien thoai ",
        " phone ",
        " telephone ",
        " mobile ",
        " tel ",
    ]
    .iter()
    .any(|w| padded.contains(w))
    {
        return Some(Column::Phone);
    }
    if let Some((_, c)) = EXACT.iter().find(|(p, _)| *p == n) {
        return Some(*c);
    }
    if let Some((_, c)) = own_fields().iter().find(|(p, _)| *p == n) {
        return Some(*c);
    }
    PREFIX.iter().find(|(p, _)| starts_with_words(&n, p)).map(|(_, c)| *c)
}

/// A label under a birth-date header that names a part of the date.
fn date_part(label: &str) -> Option<Column> {
    match normalise(label).as_str() {
        "ngay" | "day" | "dd" => Some(Column::BirthDay),
        "thang" | "month" | "mm" => Some(Column::BirthMonth),
        "nam" | "year" | "yyyy" => Some(Column::BirthYear),
        _ => None,
    }
}

/// A recognised column: its index, what it holds, its label as the file writes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub col: usize,
    pub column: Column,
    pub label: String,
}

/// The header: where it is and what its columns hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    /// Index in `Table::rows` of its (first) row.
    pub row: usize,
    /// The line the user sees it on.
    pub line: usize,
    /// Index in `Table::rows` of the first row below it.
    pub data_start: usize,
    pub columns: Vec<Found>,
}

impl Header {
    pub fn has(&self, c: Column) -> bool {
        self.columns.iter().any(|f| f.column == c)
    }
    /// Indexes of the columns holding `c`, left to right.
    pub fn cols(&self, c: Column) -> Vec<usize> {
        self.columns.iter().filter(|f| f.column == c).map(|f| f.col).collect()
    }
    pub fn has_name(&self) -> bool {
        self.has(Column::Name) || (self.has(Column::FamilyMiddle) && self.has(Column::GivenName))
    }
    pub fn has_birth_date(&self) -> bool {
        self.has(Column::BirthDate)
            || (self.has(Column::BirthDay) && self.has(Column::BirthMonth) && self.has(Column::BirthYear))
    }
    /// How many kinds of column it names.
    pub fn score(&self) -> usize {
        let mut kinds: Vec<Column> = self.columns.iter().map(|f| f.column).collect();
        kinds.sort();
        kinds.dedup();
        kinds.len()
    }
    fn rank(&self) -> (bool, bool, usize) {
        (self.has_name(), self.has_birth_date(), self.score())
    }
}

/// Which required column is missing, and the labels that were there instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotFound {
    pub missing: Field,
    pub found: Vec<String>,
}

/// How far down title rows may push the header.
const SCAN_ROWS: usize = 60;

/// The best header in the table: the row (or pair of rows) naming the most kinds of column,
/// which must include a name and a birth date.
pub fn find(table: &Table) -> Result<Header, NotFound> {
    match best(table) {
        Some(h) if h.has_name() && h.has_birth_date() => Ok(h),
        Some(h) if h.has_name() => Err(NotFound {
            missing: Field::BirthDate,
            found: labels(table, &h),
        }),
        Some(h) => Err(NotFound {
            missing: Field::Name,
            found: labels(table, &h),
        }),
        None => Err(NotFound {
            missing: Field::Name,
            found: table
                .rows
                .iter()
                .find(|r| !r.is_blank())
                .map(|r| distinct_labels([r]))
                .unwrap_or_default(),
        }),
    }
}

/// The best-ranked candidate header, even one without a name column; `None` when no row
/// has a single recognised label.
pub fn best(table: &Table) -> Option<Header> {
    let mut best: Option<Header> = None;
    let rows = &table.rows;
    for i in 0..rows.len().min(SCAN_ROWS) {
        if rows[i].is_blank() {
            continue;
        }
        let mut cand = Header {
            row: i,
            line: rows[i].line,
            data_start: i + 1,
            columns: single(&rows[i]),
        };
        // The top row of a two-row header names something itself ("STT", "Họ và tên").
        if !cand.columns.is_empty()
            && let Some(below) = rows.get(i + 1)
            && let Some(columns) = two_rows(&rows[i], below)
        {
            cand.columns = columns;
            cand.data_start = i + 2;
        }
        widen_names(&mut cand.columns, &rows[i..cand.data_start]);
        if !cand.columns.is_empty() && best.as_ref().is_none_or(|b| cand.rank() > b.rank()) {
            best = Some(cand);
        }
    }
    best
}

/// "Họ và tên" merged over two columns (family and middle names, then the given name)
/// comes out of CSV with the second column unlabelled: it is read as part of the name.
fn widen_names(columns: &mut Vec<Found>, header_rows: &[Row]) {
    let names: Vec<Found> = columns.iter().filter(|f| f.column == Column::Name).cloned().collect();
    for f in names {
        let next = f.col + 1;
        let unlabelled = header_rows.iter().all(|r| r.get(next).is_empty());
        if unlabelled && !columns.iter().any(|g| g.col == next) {
            columns.push(Found { col: next, ..f });
        }
    }
    columns.sort_by_key(|f| f.col);
}

fn labels(table: &Table, h: &Header) -> Vec<String> {
    distinct_labels(&table.rows[h.row..h.data_start])
}

fn distinct_labels<'a>(rows: impl IntoIterator<Item = &'a Row>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in rows {
        for (_, t) in r.texts() {
            let t = text::truncate(&text::clean(&t), 40);
            if !out.contains(&t) {
                out.push(t);
            }
        }
    }
    out.truncate(30);
    out
}

fn single(row: &Row) -> Vec<Found> {
    row.texts()
        .filter_map(|(col, t)| {
            classify(&t).map(|column| Found {
                col,
                column,
                label: text::clean(&t),
            })
        })
        .collect()
}

/// A header on two rows: a group label over sub-labels ("Ngày sinh" over "Ngày/Tháng/Năm",
/// "Giới tính" over "Nam/Nữ"), or labels merged down both rows. `None` when the row below is
/// not part of the header.
fn two_rows(top: &Row, below: &Row) -> Option<Vec<Found>> {
    if below.is_blank() {
        return None;
    }
    let width = top.cells.len().max(below.cells.len());
    let b: Vec<String> = (0..width).map(|c| text::clean(&below.get(c).display())).collect();
    // The label over each column. A group label in a CSV file sits in its first column
    // only, so sub-labels to its right inherit it; merged cells arrive already filled.
    let mut t: Vec<String> = Vec::with_capacity(width);
    for c in 0..width {
        let own = text::clean(&top.get(c).display());
        let inherited = if own.is_empty() && c > 0 && !b[c].is_empty() && !b[c - 1].is_empty() {
            t[c - 1].clone()
        } else {
            own
        };
        t.push(inherited);
    }
    let group = |c: usize| !t[c].is_empty() && ((c > 0 && t[c - 1] == t[c]) || (c + 1 < width && t[c + 1] == t[c]));
    let same = |c: usize| text::fold(&b[c]) == text::fold(&t[c]);

    let mut sub_labels = 0;
    let mut out = Vec::new();
    for c in 0..width {
        let (top_kind, below_kind) = (classify(&t[c]), classify(&b[c]));
        let found = if b[c].is_empty() || same(c) {
            top_kind.map(|k| (k, t[c].clone()))
        } else {
            let part = date_part(&b[c]).filter(|_| top_kind == Some(Column::BirthDate));
            let kind = if part.is_some() {
                part
            } else if t[c].is_empty() || top_kind.is_none() {
                below_kind
            } else if group(c) {
                // Under a group the sub-label decides, but a name under "Cha mẹ" is the
                // guardian's name; the parts of an address ("Thôn", "Xã") stay the address.
                match (top_kind, below_kind) {
                    (Some(Column::Guardian), Some(Column::Name)) => Some(Column::Guardian),
                    (Some(Column::Address), None) => Some(Column::Address),
                    (_, k) => k,
                }
            } else {
                // A label over one column is not overridden by a value below it.
                return None;
            };
            if kind.is_none() && !group(c) {
                return None;
            }
            sub_labels += 1;
            let label = if t[c].is_empty() {
                b[c].clone()
            } else {
                format!("{} / {}", t[c], b[c])
            };
            kind.map(|k| (k, label))
        };
        if let Some((column, label)) = found {
            out.push(Found { col: c, column, label });
        }
    }
    let merged_down = (0..width).all(|c| b[c].is_empty() || same(c));
    (sub_labels > 0 || merged_down).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::table::Cell;
    use unicode_normalization::UnicodeNormalization;

    fn row(line: usize, cells: &[&str]) -> Row {
        Row {
            line,
            cells: cells.iter().map(|s| Cell::text(s)).collect(),
        }
    }

    #[test]
    fn name_labels() {
        for l in [
            "Họ và tên",
            "Họ tên",
            "Họ tên học sinh",
            "HỌ VÀ TÊN HỌC SINH",
            "Tên học sinh",
            "Họ và tên (*)",
            "Họ và tên\nhọc sinh",
        ] {
            assert_eq!(classify(l), Some(Column::Name), "{l}");
        }
        assert_eq!(classify("Tên"), Some(Column::GivenName));
        assert_eq!(classify("Họ và tên đệm"), Some(Column::FamilyMiddle));
        assert_eq!(classify("Họ đệm"), Some(Column::FamilyMiddle));
        // Not names: a title, the school's name, the parents.
        assert_eq!(classify("DANH SÁCH HỌC SINH LỚP 8A"), None);
        assert_eq!(classify("Tên trường"), None);
        assert_eq!(classify("Họ tên cha/mẹ"), Some(Column::Guardian));
        assert_eq!(classify("Họ và tên mẹ"), Some(Column::Guardian));
    }

    #[test]
    fn other_labels() {
        use Column::*;
        let cases = [
            ("STT", Ordinal),
            ("Mã học sinh", Code),
            ("Mã HS", Code),
            ("Mã định danh", Code),
            ("Ngày sinh", BirthDate),
            ("Ngày tháng năm sinh", BirthDate),
            ("Ngày, tháng, năm sinh", BirthDate),
            ("Ngày sinh (dd/mm/yyyy)", BirthDate),
            ("Giới tính", Sex),
            ("Nữ", FemaleMark),
            ("Nam", MaleMark),
            ("Dân tộc", Ethnicity),
            ("Địa chỉ", Address),
            ("Nơi ở", Address),
            ("Chỗ ở hiện nay", Address),
            ("Cha mẹ", Guardian),
            ("Phụ huynh", Guardian),
            ("Người giám hộ", Guardian),
            ("Họ tên bố", Guardian),
            ("Số điện thoại", Phone),
            ("SĐT", Phone),
            ("Điện thoại", Phone),
            ("SĐT phụ huynh", Phone),
            ("Phụ huynh - SĐT", Phone),
            ("Ghi chú", Notes),
            // sotay's own export, both languages.
            ("Cha mẹ, người giám hộ", Guardian),
            ("Full name", Name),
            ("Date of birth", BirthDate),
            ("Parent or guardian", Guardian),
        ];
        for (l, c) in cases {
            assert_eq!(classify(l), Some(c), "{l}");
        }
        assert_eq!(classify("Nghề nghiệp cha mẹ"), None);
        // A whole school's list names the class: only the notebook's class is imported.
        assert_eq!(classify("Lớp"), Some(Class));
        assert_eq!(classify("Nghề nghiệp"), None);
    }

    #[test]
    fn decomposed_labels_match() {
        let nfd: String = "Họ và tên".nfd().collect();
        assert_eq!(classify(&nfd), Some(Column::Name));
        let nfd: String = "Ngày sinh".nfd().collect();
        assert_eq!(classify(&nfd), Some(Column::BirthDate));
    }

    #[test]
    fn header_is_found_below_title_rows() {
        let t = Table {
            rows: vec![
                row(1, &["TRƯỜNG THCS QUANG PHỤC"]),
                row(2, &["DANH SÁCH HỌC SINH LỚP 8A"]),
                row(3, &[]),
                row(4, &["STT", "Họ và tên", "Ngày sinh", "Nữ"]),
                row(5, &["1", "Lê Văn Dũng", "27/03/2013", ""]),
            ],
            sheet: None,
            path: Default::default(),
        };
        let h = find(&t).unwrap();
        assert_eq!((h.line, h.data_start), (4, 4));
        assert_eq!(h.cols(Column::Name), [1]);
        assert_eq!(h.cols(Column::FemaleMark), [3]);
    }

    #[test]
    fn given_name_does_not_take_the_full_name() {
        let t = Table {
            rows: vec![row(1, &["Họ và tên", "Tên", "Ngày sinh"])],
            sheet: None,
            path: Default::default(),
        };
        let h = find(&t).unwrap();
        assert_eq!(h.cols(Column::Name), [0]);
        assert_eq!(h.cols(Column::GivenName), [1]);
    }

    #[test]
    fn two_row_headers() {
        // CSV: the group label sits in its first column only.
        let t = Table {
            rows: vec![
                row(1, &["STT", "Họ và tên", "Ngày sinh", "", "", "Giới tính", ""]),
                row(2, &["", "", "Ngày", "Tháng", "Năm", "Nam", "Nữ"]),
                row(3, &["1", "Lê Văn Dũng", "27", "3", "2013", "x", ""]),
            ],
            sheet: None,
            path: Default::default(),
        };
        let h = find(&t).unwrap();
        assert_eq!(h.data_start, 2);
        assert_eq!(h.cols(Column::BirthDay), [2]);
        assert_eq!(h.cols(Column::BirthMonth), [3]);
        assert_eq!(h.cols(Column::BirthYear), [4]);
        assert_eq!(h.cols(Column::MaleMark), [5]);
        assert_eq!(h.cols(Column::FemaleMark), [6]);
        // A sheet: merged cells arrive filled in.
        let t = Table {
            rows: vec![
                row(
                    1,
                    &["Họ và tên", "Ngày sinh", "Ngày sinh", "Ngày sinh", "Cha mẹ", "Cha mẹ"],
                ),
                row(2, &["Họ và tên", "Ngày", "Tháng", "Năm", "Họ tên", "Nghề nghiệp"]),
                row(3, &["Lê Văn Dũng", "27", "3", "2013", "Dương Diệu Yến", "Nông dân"]),
            ],
            sheet: None,
            path: Default::default(),
        };
        let h = find(&t).unwrap();
        assert_eq!(h.data_start, 2);
        assert_eq!(h.cols(Column::Name), [0]);
        assert_eq!(h.cols(Column::BirthYear), [3]);
        assert_eq!(h.cols(Column::Guardian), [4]);
        assert_eq!(h.columns.len(), 5);
    }

    #[test]
    fn an_unlabelled_column_after_the_name_is_the_given_name() {
        let t = Table {
            rows: vec![
                row(1, &["STT", "Họ và tên", "", "Ngày sinh"]),
                row(2, &["1", "Lê Văn", "Dũng", "27/03/2013"]),
            ],
            sheet: None,
            path: Default::default(),
        };
        assert_eq!(find(&t).unwrap().cols(Column::Name), [1, 2]);
    }

    #[test]
    fn a_data_row_is_not_a_second_header_row() {
        let t = Table {
            rows: vec![
                row(1, &["Họ và tên", "Ngày sinh", "Giới tính"]),
                row(2, &["", "", "Nam"]),
            ],
            sheet: None,
            path: Default::default(),
        };
        let h = find(&t).unwrap();
        assert_eq!(h.data_start, 1);
        assert_eq!(h.cols(Column::Sex), [2]);
    }

    #[test]
    fn missing_columns_are_reported_with_what_was_found() {
        let t = Table {
            rows: vec![row(1, &["STT", "Lớp", "Ngày sinh"])],
            sheet: None,
            path: Default::default(),
        };
        let e = find(&t).unwrap_err();
        assert_eq!(e.missing, Field::Name);
        assert_eq!(e.found, ["STT", "Lớp", "Ngày sinh"]);
        let t = Table {
            rows: vec![row(1, &["STT", "Họ và tên", "Lớp"])],
            sheet: None,
            path: Default::default(),
        };
        assert_eq!(find(&t).unwrap_err().missing, Field::BirthDate);
    }
}
