//! Class-list import, end to end: files as school systems export them, read and planned.
//! Every person in these files is fictional.

#[path = "common/bounded.rs"]
mod bounded;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use sotay::domain::{Field, Problem, SchoolYear, Sex, Student};
use sotay::i18n::Lang;
use sotay::import::{self, Column, Damage, ImportError, ImportPlan, SkipReason};
use unicode_normalization::UnicodeNormalization;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn plan_path(path: &Path, existing: &[Student]) -> ImportPlan {
    let table = import::read_table(path).unwrap_or_else(|e| panic!("{}", import::error_message(&e, Lang::En)));
    import::plan(&table, existing, "8A", SchoolYear(2026), today())
        .unwrap_or_else(|e| panic!("{}", import::error_message(&e, Lang::En)))
}

fn plan_file(name: &str) -> ImportPlan {
    plan_path(&fixture(name), &[])
}

fn names(p: &ImportPlan) -> Vec<&str> {
    p.new.iter().map(|s| s.name.as_str()).collect()
}

fn is_nfc(s: &str) -> bool {
    s.nfc().collect::<String>() == s
}

/// The students without their ids, which differ on every import.
fn without_ids(students: &[Student]) -> Vec<Student> {
    students
        .iter()
        .map(|s| Student {
            id: uuid::Uuid::nil(),
            ..s.clone()
        })
        .collect()
}

fn check_sample(p: &ImportPlan) {
    assert_eq!(p.new.len(), 42, "{}", import::describe(p, Lang::En, true));
    assert!(p.skipped.is_empty() && p.already_present.is_empty());
    assert_eq!(p.header_line, 1);
    let first = &p.new[0];
    assert_eq!(first.name, "Lê Văn Dũng");
    assert!(is_nfc(&first.name));
    assert_eq!(first.birth_date, d(2013, 3, 27));
    assert_eq!(first.sex, Some(Sex::Male));
    assert_eq!(first.phone, "0900080039");
    assert_eq!(first.ethnicity, "Kinh");
    assert_eq!(first.address, "Thôn Trung, xã Quang Phục, huyện Tứ Kỳ, tỉnh Hải Dương");
    assert_eq!(first.guardian, "Dương Diệu Yến");
    assert_eq!((first.class.as_str(), first.school_year), ("8A", SchoolYear(2026)));
    let second = &p.new[1];
    assert_eq!(
        (second.name.as_str(), second.sex),
        ("Đỗ Khánh Giang", Some(Sex::Female))
    );
    assert_eq!(second.phone, "0900080020");
    let last = p.new.last().unwrap();
    assert_eq!((last.name.as_str(), last.birth_date), ("Đặng Khánh Yến", d(2013, 3, 3)));
    assert!(p.new.iter().all(|s| s.id.get_version_num() == 7));
    let cols: Vec<Column> = p.columns.iter().map(|(c, _)| *c).collect();
    assert_eq!(
        cols,
        [
            Column::Name,
            Column::BirthDate,
            Column::Sex,
            Column::Ethnicity,
            Column::Address,
            Column::Guardian,
            Column::Phone
        ]
    );
}

#[test]
fn the_csv_sample_imports_fully() {
    let p = plan_file("roster-8A.csv");
    check_sample(&p);
    assert_eq!(p.sheet, None);
}

#[test]
fn the_xlsx_sample_imports_fully_and_as_the_csv_does() {
    let p = plan_file("roster-8A.xlsx");
    check_sample(&p);
    assert_eq!(p.sheet.as_deref(), Some("8A"));
    assert_eq!(without_ids(&p.new), without_ids(&plan_file("roster-8A.csv").new));
}

/// `roster-8A.xls` is the sample saved by LibreOffice as "Excel 97-2003" (BIFF8), as old
/// school systems still export.
#[test]
fn the_old_excel_sample_imports_fully_and_as_the_csv_does() {
    let p = plan_file("roster-8A.xls");
    check_sample(&p);
    assert_eq!(p.sheet.as_deref(), Some("8A"));
    assert_eq!(without_ids(&p.new), without_ids(&plan_file("roster-8A.csv").new));
}

#[test]
fn importing_again_adds_nobody() {
    for name in ["roster-8A.csv", "roster-8A.xlsx", "roster-8A.xls"] {
        let first = plan_file(name);
        let again = plan_path(&fixture(name), &first.new);
        assert!(again.new.is_empty(), "{name}");
        assert!(again.skipped.is_empty(), "{name}");
        assert_eq!(again.already_present.len(), 42, "{name}");
        let r = &again.already_present[0];
        assert_eq!(
            (r.line, r.name.as_str(), r.existing),
            (2, "Lê Văn Dũng", first.new[0].id)
        );
    }
    // The other format of the same list finds the same pupils.
    let csv = plan_file("roster-8A.csv");
    let xlsx_again = plan_path(&fixture("roster-8A.xlsx"), &csv.new);
    assert_eq!((xlsx_again.new.len(), xlsx_again.already_present.len()), (0, 42));
}

#[test]
fn semicolons_bom_and_crlf() {
    let p = plan_file("semicolon-bom-crlf.csv");
    assert_eq!(names(&p), ["Lê Văn Dũng", "Đỗ Khánh Giang", "Lý Đức Hiếu"]);
    assert!(p.skipped.is_empty());
    assert_eq!(p.new[0].address, "Thôn Trung, xã Quang Phục, tỉnh Hải Dương");
    assert_eq!(p.new[1].phone, "0900080020");
    assert_eq!(p.new[1].notes, "Ở với bà ngoại;\nmẹ đi làm xa");
    assert_eq!((p.new[2].ethnicity.as_str(), p.new[2].phone.as_str()), ("Tày", ""));
    assert_eq!(p.columns[0], (Column::Name, "Họ và tên".to_string()));
}

#[test]
fn title_rows_column_numbers_and_footer_are_not_pupils() {
    let p = plan_file("title-rows.csv");
    assert_eq!(p.header_line, 6);
    assert_eq!(names(&p), ["Lê Văn Dũng", "Đỗ Khánh Giang", "Lý Đức Hiếu"]);
    assert!(p.skipped.is_empty(), "{}", import::describe(&p, Lang::En, true));
    assert_eq!(p.new[0].address, "Thôn Trung, xã Quang Phục");
    assert_eq!(p.new[2].phone, "0900080029");
    assert_eq!(p.new[1].birth_date, d(2013, 6, 24));
}

#[test]
fn decomposed_text_is_stored_composed() {
    let raw = std::fs::read_to_string(fixture("nfd.csv")).unwrap();
    assert!(!is_nfc(&raw), "the fixture must be NFD");
    let p = plan_file("nfd.csv");
    assert_eq!(names(&p), ["Lê Văn Dũng", "Đỗ Khánh Giang"]);
    for s in &p.new {
        for t in [&s.name, &s.ethnicity, &s.address, &s.guardian] {
            assert!(is_nfc(t), "{t}");
        }
    }
    assert_eq!(p.new[1].ethnicity, "Mường");
    assert_eq!(p.new[0].guardian, "Dương Diệu Yến");
    assert_eq!(p.new[1].sex, Some(Sex::Female));
    // The header was decomposed too.
    assert!(p.columns.iter().any(|(c, _)| *c == Column::Guardian));
}

#[test]
fn x_marks_in_a_female_column() {
    let p = plan_file("female-marks.csv");
    let sexes: Vec<Option<Sex>> = p.new.iter().map(|s| s.sex).collect();
    let (m, f) = (Some(Sex::Male), Some(Sex::Female));
    assert_eq!(sexes, [m, f, f, f, f, m]);
    assert!(p.columns.contains(&(Column::FemaleMark, "Nữ".into())));
}

#[test]
fn split_names_codes_and_phones_that_lost_their_zero() {
    let p = plan_file("split-name.csv");
    assert_eq!(names(&p), ["Lê Văn Dũng", "Đỗ Khánh Giang", "Lý Đức Hiếu"]);
    assert_eq!(p.new[0].code.as_deref(), Some("HS0801"));
    assert_eq!(p.new[0].birth_date, d(2013, 3, 7));
    let phones: Vec<&str> = p.new.iter().map(|s| s.phone.as_str()).collect();
    assert_eq!(phones, ["0900080039", "0900080020", "0900080029"]);
    assert_eq!(p.new[0].guardian, "Lê Gia Long, Dương Diệu Yến");
    assert_eq!(p.new[1].guardian, "Trần Mỹ Quỳnh");
    // Matched again by code even when the name is written differently.
    let mut renamed = p.new.clone();
    renamed[0].name = "Lê V. Dũng".into();
    let again = plan_path(&fixture("split-name.csv"), &renamed);
    assert_eq!(again.already_present.len(), 3);
}

#[test]
fn bad_rows_are_skipped_with_their_line_and_field() {
    let p = plan_file("bad-rows.csv");
    assert_eq!(names(&p), ["Lê Văn Dũng", "Lý Hồng Huyền"]);
    assert!(p.already_present.is_empty());
    let lines: Vec<usize> = p.skipped.iter().map(|s| s.line).collect();
    assert_eq!(lines, [3, 4, 6, 7]);

    let feb = &p.skipped[0];
    assert_eq!(feb.name.as_deref(), Some("Đỗ Khánh Giang"));
    let SkipReason::Invalid { error, value } = &feb.reasons[0] else {
        panic!("{feb:?}")
    };
    assert_eq!(
        (error.field, &error.problem, value.as_str()),
        (Field::BirthDate, &Problem::NotADate, "31/02/2013")
    );

    let nameless = &p.skipped[1];
    assert_eq!(nameless.name, None);
    assert!(matches!(&nameless.reasons[..], [SkipReason::Invalid { error, .. }]
        if error.field == Field::Name && error.problem == Problem::Required));

    let SkipReason::Invalid { error, .. } = &p.skipped[2].reasons[0] else {
        panic!()
    };
    assert_eq!(error.field, Field::Phone);
    assert_eq!(p.skipped[3].reasons, [SkipReason::DuplicateOf { line: 2 }]);

    let vi = import::describe(&p, Lang::Vi, true);
    assert!(vi.contains("Sẽ nhập: 2 học sinh"), "{vi}");
    assert!(vi.contains("Dòng bị bỏ qua: 4"), "{vi}");
    assert!(
        vi.contains("Dòng 3, Đỗ Khánh Giang: Ngày sinh: không phải ngày hợp lệ (dd/mm/yyyy) (trong tệp: “31/02/2013”)"),
        "{vi}"
    );
    assert!(vi.contains("Dòng 4: Họ và tên: không được để trống"), "{vi}");
    assert!(vi.contains("Dòng 7, Lê Văn Dũng: trùng với dòng 2"), "{vi}");
    let en = import::describe(&p, Lang::En, false);
    assert!(en.starts_with("Class list imported."), "{en}");
    assert!(en.contains("Imported: 2"), "{en}");
    assert!(en.contains("Line 4: Full name: is required"), "{en}");
    assert!(en.contains("Line 7, Lê Văn Dũng: same pupil as line 2"), "{en}");
}

#[test]
fn a_file_without_a_name_column_says_what_it_found_and_wants() {
    let table = import::read_table(&fixture("no-name-column.csv")).unwrap();
    let err = import::plan(&table, &[], "8A", SchoolYear(2026), today()).unwrap_err();
    let ImportError::NoNameColumn { found } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(found, &["STT", "Lớp", "Ngày sinh", "Giới tính"]);
    let vi = import::error_message(&err, Lang::Vi);
    assert!(vi.contains("“STT”, “Lớp”, “Ngày sinh”, “Giới tính”"), "{vi}");
    assert!(vi.contains("“Họ và tên”") && vi.contains("“Tên”"), "{vi}");
    assert!(vi.starts_with("Không tìm thấy cột họ tên"), "{vi}");
    assert!(!vi.contains('\n'));
    let en = import::error_message(&err, Lang::En);
    assert!(
        en.starts_with("No column of pupils' names. Columns in the file: “STT”, “Lớp”"),
        "{en}"
    );
    // Display, which may end up in a log, holds no cell text.
    assert_eq!(err.to_string(), "no name column");
}

#[test]
fn a_header_on_two_rows() {
    let p = plan_file("two-row-header.csv");
    assert_eq!(p.header_line, 1);
    assert_eq!(names(&p), ["Lê Văn Dũng", "Đỗ Khánh Giang"]);
    assert_eq!(p.new[0].birth_date, d(2013, 3, 27));
    assert_eq!(p.new[0].sex, Some(Sex::Male));
    assert_eq!(p.new[1].sex, Some(Sex::Female));
}

#[test]
fn a_windows_1258_csv_is_decoded() {
    let p = plan_file("windows-1258.csv");
    assert_eq!(names(&p), ["Lê Văn Dũng", "Đỗ Khánh Giang"]);
    assert!(p.new.iter().all(|s| is_nfc(&s.name) && is_nfc(&s.address)));
    assert_eq!(p.new[1].address, "Thôn Tây, xã Quang Phục");
}

/// A workbook as a school office makes it by hand: an instructions sheet first, then the
/// list below merged title rows, a header merged over two rows with a "Phụ huynh" group,
/// date cells, a phone typed as a number, a name typed decomposed, a total at the foot.
fn office_workbook(path: &Path) {
    let mut wb = Workbook::new();
    let plain = Format::new();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let help = wb.add_worksheet();
    help.set_name("Hướng dẫn").unwrap();
    help.write_string(0, 0, "Nhập danh sách học sinh vào trang tính Lớp 8A")
        .unwrap();

    let ws = wb.add_worksheet();
    ws.set_name("Lớp 8A").unwrap();
    ws.merge_range(0, 0, 0, 7, "TRƯỜNG THCS QUANG PHỤC", &plain).unwrap();
    ws.merge_range(1, 0, 1, 7, "DANH SÁCH HỌC SINH LỚP 8A", &plain).unwrap();
    for (col, label) in [
        (0, "STT"),
        (1, "Họ và tên"),
        (2, "Ngày sinh"),
        (3, "Giới tính"),
        (4, "Nơi ở"),
    ] {
        ws.merge_range(3, col, 4, col, label, &plain).unwrap();
    }
    ws.merge_range(3, 5, 3, 6, "Phụ huynh", &plain).unwrap();
    ws.write_string(4, 5, "Họ tên").unwrap();
    ws.write_string(4, 6, "SĐT").unwrap();
    ws.merge_range(3, 7, 4, 7, "Ghi chú", &plain).unwrap();
    let nfd: String = "Đỗ Khánh Giang".nfd().collect();
    let rows = [
        (
            "Lê Văn Dũng",
            (2013, 3, 27),
            "Nam",
            "Thôn Trung",
            "Dương Diệu Yến",
            900080039.0,
        ),
        (
            nfd.as_str(),
            (2013, 6, 24),
            "Nữ",
            "Thôn Tây",
            "Trần Mỹ Quỳnh",
            900080020.0,
        ),
        (
            "Lý Đức Hiếu",
            (2013, 6, 21),
            "Nam",
            "Thôn Thượng",
            "Lý Văn Lộc",
            900080029.0,
        ),
    ];
    for (i, (name, (y, m, day), sex, place, parent, phone)) in rows.iter().enumerate() {
        let r = 5 + i as u32;
        ws.write_number(r, 0, (i + 1) as f64).unwrap();
        ws.write_string(r, 1, *name).unwrap();
        ws.write_datetime_with_format(r, 2, ExcelDateTime::from_ymd(*y, *m, *day).unwrap(), &date)
            .unwrap();
        ws.write_string(r, 3, *sex).unwrap();
        ws.write_string(r, 4, *place).unwrap();
        ws.write_string(r, 5, *parent).unwrap();
        ws.write_number(r, 6, *phone).unwrap();
    }
    ws.merge_range(8, 0, 8, 4, "Tổng số: 3 học sinh", &plain).unwrap();
    ws.write_string(10, 5, "Người lập biểu").unwrap();
    ws.write_string(12, 5, "Phạm Thị Mai").unwrap();
    wb.save(path).unwrap();
}

#[test]
fn a_hand_made_workbook_with_titles_merges_dates_and_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lop-8A.xlsx");
    office_workbook(&path);
    let p = plan_path(&path, &[]);
    assert_eq!(p.sheet.as_deref(), Some("Lớp 8A"));
    assert_eq!(p.header_line, 4);
    assert_eq!(names(&p), ["Lê Văn Dũng", "Đỗ Khánh Giang", "Lý Đức Hiếu"]);
    assert!(p.skipped.is_empty(), "{}", import::describe(&p, Lang::En, true));
    let first = &p.new[0];
    assert_eq!(first.birth_date, d(2013, 3, 27));
    assert_eq!(first.phone, "0900080039");
    assert_eq!(first.guardian, "Dương Diệu Yến");
    assert_eq!(first.address, "Thôn Trung");
    assert_eq!(p.new[1].sex, Some(Sex::Female));
    assert!(is_nfc(&p.new[1].name));
    assert!(p.columns.contains(&(Column::Guardian, "Phụ huynh / Họ tên".into())));
    assert!(p.columns.contains(&(Column::Phone, "Phụ huynh / SĐT".into())));
    // The preview says which sheet and row it read.
    let vi = import::describe(&p, Lang::Vi, true);
    assert!(vi.contains("Trang tính: Lớp 8A · Dòng tiêu đề: 4"), "{vi}");
    assert!(vi.contains("“Phụ huynh / SĐT” → Số điện thoại"), "{vi}");
}

/// "Ngày sinh" merged over Ngày, Tháng, Năm as numbers; a "Nữ" column of marks; the file
/// named .xls, as some systems name their XLSX.
#[test]
fn a_workbook_with_the_birth_date_in_three_columns() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("danh-sach.xls");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let plain = Format::new();
    ws.merge_range(0, 0, 1, 0, "Họ và tên", &plain).unwrap();
    ws.merge_range(0, 1, 0, 3, "Ngày sinh", &plain).unwrap();
    ws.merge_range(0, 4, 1, 4, "Nữ", &plain).unwrap();
    for (col, label) in [(1, "Ngày"), (2, "Tháng"), (3, "Năm")] {
        ws.write_string(1, col, label).unwrap();
    }
    for (r, (name, dmy, female)) in [("Lê Văn Dũng", [27, 3, 2013], ""), ("Phan Thu Hoa", [5, 8, 2013], "x")]
        .iter()
        .enumerate()
    {
        let r = r as u32 + 2;
        ws.write_string(r, 0, *name).unwrap();
        for (c, v) in dmy.iter().enumerate() {
            ws.write_number(r, c as u16 + 1, *v).unwrap();
        }
        ws.write_string(r, 4, *female).unwrap();
    }
    wb.save(&path).unwrap();
    let p = plan_path(&path, &[]);
    assert_eq!(names(&p), ["Lê Văn Dũng", "Phan Thu Hoa"]);
    assert_eq!(p.new[1].birth_date, d(2013, 8, 5));
    assert_eq!(
        p.new.iter().map(|s| s.sex).collect::<Vec<_>>(),
        [Some(Sex::Male), Some(Sex::Female)]
    );
}

#[test]
fn unreadable_files_get_one_clear_line_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("khong-co.csv");
    let e = import::read_table(&missing).unwrap_err();
    assert!(import::error_message(&e, Lang::Vi).starts_with("Không tìm thấy tệp"));

    // Why, in words (i18n::io), not the system's English.
    let e = import::read_table(dir.path()).unwrap_err();
    assert!(matches!(e, ImportError::Io { .. }), "{e:?}");
    assert_eq!(
        import::error_message(&e, Lang::Vi),
        format!(
            "Không đọc được tệp {}: đây là một thư mục, không phải tệp",
            dir.path().display()
        )
    );
    assert_eq!(
        import::error_message(&e, Lang::En),
        format!("Cannot read {}: it is a folder, not a file", dir.path().display())
    );

    let web = dir.path().join("vnedu.xls");
    std::fs::write(
        &web,
        "<html><body><table><tr><td>Họ và tên</td></tr></table></body></html>",
    )
    .unwrap();
    let e = import::read_table(&web).unwrap_err();
    assert!(matches!(e, ImportError::WebPage { .. }));
    assert!(import::error_message(&e, Lang::En).contains("vnedu.xls"));

    // TCVN3 (".VnTime") bytes: neither UTF-8 nor plausible Windows-1258.
    let old = dir.path().join("cu.csv");
    std::fs::write(&old, b"H\xe4 v\xb5 t\xaan,Ng\xb5y sinh\n").unwrap();
    let e = import::read_table(&old).unwrap_err();
    let msg = import::error_message(&e, Lang::Vi);
    assert!(msg.contains("cu.csv") && msg.contains("UTF-8"), "{msg}");

    let empty = dir.path().join("rong.csv");
    std::fs::write(&empty, "\u{feff}\r\n,,\r\n").unwrap();
    assert!(matches!(import::read_table(&empty), Err(ImportError::Empty { .. })));

    let broken = dir.path().join("hong.xlsx");
    std::fs::write(&broken, b"PK\x03\x04 not really a zip").unwrap();
    let e = import::read_table(&broken).unwrap_err();
    assert!(matches!(e, ImportError::Workbook { .. }), "{e:?}");
    let msg = import::error_message(&e, Lang::En);
    assert!(
        msg.starts_with("Cannot open the spreadsheet") && !msg.contains('\n'),
        "{msg}"
    );
}

#[test]
fn the_preview_counts_and_lists() {
    let first = plan_file("roster-8A.csv");
    let vi = import::describe(&first, Lang::Vi, true);
    let lines: Vec<&str> = vi.lines().collect();
    assert_eq!(lines[0], "Xem trước, chưa lưu gì.");
    assert_eq!(lines[1], "Dòng tiêu đề: 1");
    assert!(lines[2].starts_with("Các cột đọc được: “Họ và tên” → Họ và tên, “Ngày sinh” → Ngày sinh"));
    // The first rows as they will be read, before what is skipped.
    assert_eq!(
        &lines[3..],
        [
            "Sẽ nhập: 42 học sinh",
            "  Những dòng đầu, như sẽ được đọc:",
            "    Dòng 2: Lê Văn Dũng · 27/03/2013 · Nam",
            "    Dòng 3: Đỗ Khánh Giang · 24/06/2013 · Nữ",
            "    Dòng 4: Lý Đức Hiếu · 21/06/2013 · Nam",
            "    Dòng 5: Phan Thu Hoa · 05/08/2013 · Nữ",
            "    Dòng 6: Lý Hồng Huyền · 02/10/2013 · Nữ",
            "Đã có trong sổ: 0",
            "Dòng bị bỏ qua: 0"
        ]
    );
    // The same words as the class list and the pupil's page (i18n::domain::sex).
    let en = import::describe(&first, Lang::En, true);
    assert!(en.contains("\n    Line 2: Lê Văn Dũng · 27/03/2013 · Male\n"), "{en}");
    assert!(
        en.contains("\n    Line 3: Đỗ Khánh Giang · 24/06/2013 · Female\n"),
        "{en}"
    );
    let again = plan_path(&fixture("roster-8A.csv"), &first.new);
    let en = import::describe(&again, Lang::En, true);
    assert!(
        en.contains("To import: 0\nAlready in the notebook: 42\nRows skipped: 0"),
        "{en}"
    );
}

/// The reviewer's `blank.csv`: csv-core skips blank lines without counting them, so the
/// preview said Line 2 and Line 4 for what an editor shows on lines 3 and 6.
#[test]
fn csv_lines_are_the_ones_an_editor_shows_after_blank_lines() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lop.csv");
    std::fs::write(
        &path,
        "Họ và tên,Ngày sinh\n\nLê Văn Dũng,27/03/2013\n\n\nPhan Thu Hoa,31/02/2013\n\nLê Văn Dũng,27/03/2013\n",
    )
    .unwrap();
    let p = plan_path(&path, &[]);
    let en = import::describe(&p, Lang::En, true);
    assert!(en.contains("\n    Line 3: Lê Văn Dũng · 27/03/2013"), "{en}");
    assert!(
        en.contains("\n  Line 6, Phan Thu Hoa: Date of birth: is not a valid date"),
        "{en}"
    );
    assert!(en.contains("\n  Line 8, Lê Văn Dũng: same pupil as line 3"), "{en}");
}

#[test]
fn a_whole_schools_list_brings_in_only_the_notebooks_class() {
    let p = plan_file("whole-school.csv");
    assert_eq!(names(&p), ["Trần Thị Mận", "Vũ Hồng Nhạn"]);
    assert!(p.new.iter().all(|s| s.class == "8A"));
    let skipped: Vec<(usize, &SkipReason)> = p.skipped.iter().map(|r| (r.line, &r.reasons[0])).collect();
    assert_eq!(
        skipped,
        [
            (
                3,
                &SkipReason::OtherClass {
                    class: "8B".into(),
                    ours: "8A".into()
                }
            ),
            (
                5,
                &SkipReason::OtherClass {
                    class: "9A".into(),
                    ours: "8A".into()
                }
            ),
        ]
    );
    let vi = import::describe(&p, Lang::Vi, true);
    assert!(vi.contains("học sinh lớp 8B, không phải lớp 8A của sổ tay"), "{vi}");
    let en = import::describe(&p, Lang::En, true);
    assert!(en.contains("a pupil of class 9A, not this notebook's class 8A"), "{en}");
}

/// A class list of two columns and one pupil on the sheet "Lớp 8A", and "x" in one more
/// cell, 0-based.
fn list_with_one_more_cell(path: &Path, row: u32, col: u16) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Lớp 8A").unwrap();
    ws.write_string(0, 0, "Họ và tên").unwrap();
    ws.write_string(0, 1, "Ngày sinh").unwrap();
    ws.write_string(1, 0, "Lê Văn Dũng").unwrap();
    ws.write_string(1, 1, "27/03/2013").unwrap();
    ws.write_string(row, col, "x").unwrap();
    wb.save(path).unwrap();
}

#[test]
fn a_stray_cell_far_away_is_refused_naming_the_file_the_sheet_and_the_cell() {
    let dir = tempfile::tempdir().unwrap();
    // Read as a grid, XFD1048576 asked for 512 GB and aborted; XFD4000 took 2 GB.
    for (row, col, cell) in [(1_048_575, 16_383, "XFD1048576"), (3_999, 16_383, "XFD4000")] {
        let path = dir.path().join(format!("lop8a-{cell}.xlsx"));
        list_with_one_more_cell(&path, row, col);
        assert!(std::fs::metadata(&path).unwrap().len() < 8_000);
        let e = import::read_table(&path).unwrap_err();
        assert!(
            matches!(&e, ImportError::CellTooFar { sheet, cell: c, .. } if sheet == "Lớp 8A" && c == cell),
            "{e:?}"
        );
        let vi = import::error_message(&e, Lang::Vi);
        assert!(
            vi.starts_with(&format!("Trang tính “Lớp 8A” của tệp {}", path.display()))
                && vi.contains(&format!("ô {cell}"))
                && vi.contains("256 cột"),
            "{vi}"
        );
        let en = import::error_message(&e, Lang::En);
        assert!(
            en.contains(&format!("cell {cell}")) && en.contains("delete that cell"),
            "{en}"
        );
    }
    // Far down the list's own columns the sheet is read cell by cell: one more row, which
    // names no pupil.
    let path = dir.path().join("lop8a-A1048576.xlsx");
    list_with_one_more_cell(&path, 1_048_575, 0);
    let p = plan_path(&path, &[]);
    assert_eq!(names(&p), ["Lê Văn Dũng"]);
    assert_eq!(p.skipped.iter().map(|s| s.line).collect::<Vec<_>>(), [1_048_576]);
}

/// One bad sheet before the class list refused the whole workbook: a notes sheet with a
/// stray cell at XFD1, or a lookup sheet of 7,000 rows.
#[test]
fn a_sheet_refused_before_the_class_list_does_not_refuse_the_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lop8a.xlsx");
    let book = |class_list: bool| {
        let mut wb = Workbook::new();
        let notes = wb.add_worksheet();
        notes.set_name("Ghi chú").unwrap();
        notes.write_string(0, 16_383, "x").unwrap();
        let lookup = wb.add_worksheet();
        lookup.set_name("Danh mục").unwrap();
        for r in 0..7_000u32 {
            lookup.write_string(r, 0, format!("Xã {r}")).unwrap();
        }
        let ws = wb.add_worksheet();
        ws.set_name("Lớp 8A").unwrap();
        ws.write_string(0, 0, if class_list { "Họ và tên" } else { "Tên xã" })
            .unwrap();
        ws.write_string(0, 1, "Ngày sinh").unwrap();
        ws.write_string(1, 0, "Lê Văn Dũng").unwrap();
        ws.write_string(1, 1, "27/03/2013").unwrap();
        wb.save(&path).unwrap();
    };
    book(true);
    let p = plan_path(&path, &[]);
    assert_eq!((p.sheet.as_deref(), names(&p)), (Some("Lớp 8A"), vec!["Lê Văn Dũng"]));
    // Without a class list, the first refusal is what the teacher needs to know.
    book(false);
    let e = import::read_table(&path).unwrap_err();
    assert!(
        matches!(&e, ImportError::CellTooFar { sheet, cell, .. } if sheet == "Ghi chú" && cell == "XFD1"),
        "{e:?}"
    );
}

/// A CSV class list of `n` fictional pupils.
fn long_list(path: &Path, n: usize) {
    let mut s = String::from("Họ và tên,Ngày sinh\n");
    for i in 0..n {
        s.push_str(&format!("Học Sinh Thử {i},01/01/2013\n"));
    }
    std::fs::write(path, s).unwrap();
}

#[test]
fn a_file_with_more_rows_than_a_class_list_is_refused_with_the_count() {
    let dir = tempfile::tempdir().unwrap();
    // 5,001 pupils: read, then refused before anything could be saved.
    let path = dir.path().join("ca-truong.csv");
    long_list(&path, 5_001);
    let table = import::read_table(&path).unwrap();
    let e = import::plan(&table, &[], "8A", SchoolYear(2026), today()).unwrap_err();
    assert!(
        matches!(
            e,
            ImportError::TooManyRows {
                rows: 5_001,
                at_least: false,
                ..
            }
        ),
        "{e:?}"
    );
    let en = import::error_message(&e, Lang::En);
    assert_eq!(
        en,
        format!(
            "{} has 5001 rows, too many for a class list (at most 5000 pupils): split it by class and import one class at a time",
            path.display()
        )
    );
    // 5,000 are taken.
    long_list(&path, 5_000);
    let table = import::read_table(&path).unwrap();
    assert_eq!(
        import::plan(&table, &[], "8A", SchoolYear(2026), today())
            .unwrap()
            .new
            .len(),
        5_000
    );
    // 200,000: refused while reading, with the count, and no row kept beyond the limit.
    long_list(&path, 200_000);
    let e = import::read_table(&path).unwrap_err();
    assert!(matches!(e, ImportError::TooManyRows { rows: 200_001, .. }), "{e:?}");
    assert!(import::error_message(&e, Lang::Vi).starts_with(&format!("Tệp {} có 200001 dòng", path.display())));
    // A sheet is read until it has too many rows.
    let xlsx = dir.path().join("ca-truong.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("DS").unwrap();
    for r in 0..7_000u32 {
        ws.write_string(r, 0, format!("Học Sinh Thử {r}")).unwrap();
    }
    wb.save(&xlsx).unwrap();
    let e = import::read_table(&xlsx).unwrap_err();
    assert!(
        matches!(&e, ImportError::TooManyRows { at_least: true, sheet: Some(s), .. } if s == "DS"),
        "{e:?}"
    );
    assert!(
        import::error_message(&e, Lang::En).starts_with(&format!("Sheet “DS” of {} has more than", xlsx.display()))
    );
}

#[test]
fn a_file_larger_than_any_class_list_is_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("to.csv");
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(import::MAX_FILE_BYTES + 1).unwrap();
    let e = import::read_table(&path).unwrap_err();
    assert!(matches!(e, ImportError::TooLarge { .. }), "{e:?}");
    assert_eq!(
        import::error_message(&e, Lang::En),
        format!(
            "{} is too large for a class list (33 MB): check that it is the right file",
            path.display()
        )
    );
}

#[test]
fn skip_reasons_quote_a_short_escaped_prefix_of_the_cell() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lop8a.csv");
    let huge = "A".repeat(1 << 20);
    let escape = "Lê\u{1b}[2J\u{1b}]0;title\u{7}Văn";
    std::fs::write(
        &path,
        format!(
            "Họ và tên,Ngày sinh\n{huge},01/01/2013\n{escape},01/01/2013\nPhạm\u{202e}Thử,01/01/2013\nLò\u{2028}Sáu,01/01/2013\nĐinh Văn Tùng,01/01/2013\n"
        ),
    )
    .unwrap();
    let p = plan_path(&path, &[]);
    // Names that hold controls or direction marks are skipped, with the reason.
    assert_eq!(names(&p), ["Đinh Văn Tùng"]);
    assert_eq!(p.skipped.len(), 4);
    for row in &p.skipped[1..] {
        let SkipReason::Invalid { error, .. } = &row.reasons[0] else {
            panic!("{row:?}")
        };
        assert_eq!((error.field, &error.problem), (Field::Name, &Problem::ControlCharacter));
    }
    let text = import::describe(&p, Lang::En, true);
    assert!(text.len() < 2_000, "{} bytes", text.len());
    assert!(
        !text.chars().any(|c| c != '\n' && sotay::text::is_hidden_control(c)),
        "{text:?}"
    );
    let long_line = text.lines().find(|l| l.contains("Line 2")).unwrap();
    assert_eq!(
        long_line,
        format!(
            "  Line 2, {a}…: Full name: is longer than 100 characters (file has “{a}…”)",
            a = "A".repeat(40)
        )
    );
    assert!(text.contains(r"Lê\u{1B}[2J\u{1B}]0;title\u{7}Văn"), "{text}");
    assert!(
        text.contains(r"Phạm\u{202E}Thử") && text.contains(r"Lò\u{2028}Sáu"),
        "{text}"
    );
}

/// An old Excel file whose workbook stream is these records (type, data).
fn old_excel(records: &[(u16, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut stream = Vec::new();
    for (t, body) in records {
        stream.extend_from_slice(&t.to_le_bytes());
        stream.extend_from_slice(&(body.len() as u16).to_le_bytes());
        stream.extend_from_slice(body);
    }
    // Version 3, as Excel 97-2003 writes them: calamine's own reader does not find the
    // streams of a large version 4 file.
    let mut cfb = cfb::CompoundFile::create_with_version(cfb::Version::V3, std::io::Cursor::new(Vec::new())).unwrap();
    cfb.create_stream("Workbook").unwrap().write_all(&stream).unwrap();
    cfb.flush().unwrap();
    cfb.into_inner().into_inner()
}

/// Found by `properties::any_old_excel_records`: calamine indexed these records without
/// checking their length, and stopped the program.
#[test]
fn old_excel_records_too_short_for_calamine_are_a_damaged_file() {
    // The globals (BOF 8 bytes, BOUNDSHEET 13, EOF 4), then a sheet at byte 25.
    let sheet: &[u8] = &[25, 0, 0, 0, 0, 0, 1, 0, b'S'];
    // Each with why, in Vietnamese and English.
    type Case<'a> = (&'a [(u16, &'a [u8])], &'a str, &'a str);
    let cases: [Case; 4] = [
        // A BOF without its version.
        (&[(0x0809, &[])], "bản ghi BOF bị hỏng", "a BOF record is malformed"),
        // A BOUNDSHEET without its position.
        (
            &[(0x0809, &[0, 6, 5, 0]), (0x0085, &[1, 0])],
            "bản ghi BOUNDSHEET bị hỏng",
            "a BOUNDSHEET record is malformed",
        ),
        // A LABELSST without its string index, in a sheet: calamine says so itself, in
        // English, quoted as its words.
        (
            &[
                (0x0809, &[0, 6, 5, 0]),
                (0x0085, sheet),
                (0x000A, &[]),
                (0x0809, &[0, 6, 16, 0]),
                (0x00FD, &[0, 0, 0, 0]),
                (0x000A, &[]),
            ],
            "trình đọc bảng tính báo: “Invalid label sst length",
            "the spreadsheet reader said: “Invalid label sst length",
        ),
        // A NAME of two bytes: calamine indexes it unchecked; caught, not checked ahead.
        (
            &[(0x0809, &[0, 6, 5, 0]), (0x0018, &[0, 0])],
            "trình đọc bảng tính dừng lại ở một phần bị hỏng",
            "the spreadsheet reader stopped on a damaged part",
        ),
    ];
    for (records, vi, en) in cases {
        let e = import::read_bytes(Path::new("lop.xls"), old_excel(records)).unwrap_err();
        assert!(matches!(e, ImportError::Workbook { .. }), "{records:?}: {e:?}");
        let msg = import::error_message(&e, Lang::Vi);
        assert!(
            msg.starts_with(&format!(
                "Không mở được bảng tính lop.xls (tệp hỏng hoặc có mật khẩu?): {vi}"
            )),
            "{msg}"
        );
        let msg = import::error_message(&e, Lang::En);
        assert!(msg.contains(&format!("): {en}")), "{msg}");
    }
}

/// The most memory reading, planning and describing a class list may take at its peak,
/// whatever the file. The largest files within the bounds take 34 MB (an old Excel
/// workbook at its cell limit: calamine holds every sheet's grid and copies the one read)
/// and 38 MB (a sheet of 6,000 rows filled to column IV by merged regions); the hostile
/// files below took 377 MB to 1.9 GB before they were bounded, and a school PC has 2 GB.
const IMPORT_PEAK: usize = 64 << 20;

type Record = (u16, Vec<u8>);

/// An old Excel workbook: the globals naming each sheet ("S0", "S1"…), then each sheet's
/// records between its BOF and EOF.
fn old_excel_book(sheets: &[Vec<Record>]) -> Vec<u8> {
    old_excel_book_with(&[], sheets)
}

/// [`old_excel_book`] with more records in its globals (an SST).
fn old_excel_book_with(globals: &[Record], sheets: &[Vec<Record>]) -> Vec<u8> {
    let framed: Vec<Vec<Record>> = sheets
        .iter()
        .map(|records| {
            let mut all = vec![(0x0809, vec![0, 6, 0x10, 0])];
            all.extend(records.iter().cloned());
            all.push((0x000A, vec![]));
            all
        })
        .collect();
    let size = |records: &[Record]| records.iter().map(|(_, b)| 4 + b.len()).sum::<usize>();
    let names: Vec<String> = (0..sheets.len()).map(|i| format!("S{i}")).collect();
    let globals_len = 8 + size(globals) + names.iter().map(|n| 4 + 8 + n.len()).sum::<usize>() + 4;
    let mut records: Vec<Record> = vec![(0x0809, vec![0, 6, 5, 0])];
    records.extend(globals.iter().cloned());
    let mut at = globals_len;
    for (name, sheet) in names.iter().zip(&framed) {
        let mut body = (at as u32).to_le_bytes().to_vec();
        body.extend_from_slice(&[0, 0, name.len() as u8, 0]);
        body.extend_from_slice(name.as_bytes());
        records.push((0x0085, body));
        at += size(sheet);
    }
    records.push((0x000A, vec![]));
    assert_eq!(size(&records), globals_len);
    records.extend(framed.into_iter().flatten());
    let refs: Vec<(u16, &[u8])> = records.iter().map(|(t, b)| (*t, b.as_slice())).collect();
    old_excel(&refs)
}

/// A NUMBER record: 1 at row `r`, column `c` (0-based).
fn xls_number(r: u16, c: u16) -> Record {
    let mut body = r.to_le_bytes().to_vec();
    body.extend_from_slice(&c.to_le_bytes());
    body.extend_from_slice(&[0, 0]);
    body.extend_from_slice(&1f64.to_le_bytes());
    (0x0203, body)
}

/// A LABEL record of UTF-16 text.
fn xls_label(r: u16, c: u16, text: &str) -> Record {
    let units: Vec<u16> = text.encode_utf16().collect();
    let mut body = r.to_le_bytes().to_vec();
    body.extend_from_slice(&c.to_le_bytes());
    body.extend_from_slice(&[0, 0]);
    body.extend_from_slice(&(units.len() as u16).to_le_bytes());
    body.push(1);
    body.extend(units.iter().flat_map(|u| u.to_le_bytes()));
    (0x0204, body)
}

/// Reads `bytes` as `name`, with the most memory it took.
fn read_measured(name: &str, bytes: Vec<u8>) -> (Result<import::Table, ImportError>, usize) {
    bounded::peak_of(|| import::read_bytes(Path::new(name), bytes))
}

#[test]
fn an_old_excel_workbook_at_its_limit_is_read_within_the_import_peak() {
    // A class list and a stray number at IV2048: calamine's grid is 2,048 rows by 256
    // columns, the most an XLS may have in all its sheets.
    let sheet = vec![
        xls_label(0, 0, "Họ và tên"),
        xls_label(0, 1, "Ngày sinh"),
        xls_label(1, 0, "Lê Văn Dũng"),
        xls_label(1, 1, "27/03/2013"),
        xls_number(2_047, 255),
    ];
    let (table, peak) = read_measured("lop.xls", old_excel_book(std::slice::from_ref(&sheet)));
    let table = table.unwrap();
    let p = import::plan(&table, &[], "8A", SchoolYear(2026), today()).unwrap();
    assert_eq!(names(&p), ["Lê Văn Dũng"]);
    assert!(peak <= IMPORT_PEAK, "{peak}");
    // One cell more is refused.
    let mut over = sheet;
    over.push(xls_number(2_048, 0));
    let (e, _) = read_measured("lop.xls", old_excel_book(&[over]));
    assert!(
        matches!(&e, Err(ImportError::SheetTooBig { span, .. }) if span == "A1:IV2049"),
        "{e:?}"
    );
}

/// The reviewer's `many.xls` (20 kB): 20 sheets, each under the limit a sheet had, took
/// 1.35 GB, since calamine reads every sheet as it opens the file.
#[test]
fn the_sheets_of_an_old_excel_workbook_share_one_limit() {
    let sheet = vec![xls_number(0, 0), xls_number(999, 255)];
    let (e, peak) = read_measured("lop.xls", old_excel_book(&vec![sheet; 20]));
    // 256,000 cells a sheet: the third passes 524,288.
    let e = e.unwrap_err();
    assert!(matches!(e, ImportError::WorkbookTooBig { sheets: 3, .. }), "{e:?}");
    assert!(peak <= bounded::budget(0), "{peak}");
    assert_eq!(
        import::error_message(&e, Lang::Vi),
        "3 trang tính của tệp lop.xls cộng lại có nhiều ô hơn một danh sách lớp: hãy chép danh sách lớp sang một tệp mới (hoặc lưu tệp dạng .xlsx) rồi nhập lại"
    );
    assert_eq!(
        import::error_message(&e, Lang::En),
        "The 3 sheets of lop.xls hold more cells together than a class list: copy the class list to a new workbook (or save the file as .xlsx) and import again"
    );
}

/// The reviewer's `nested.xls`: a chart's BOF inside a sheet started its count again, so
/// a cell at IV65536 after the chart made calamine take 1 GB.
#[test]
fn a_chart_nested_in_an_old_excel_sheet_does_not_start_its_count_again() {
    let sheet = vec![
        xls_number(0, 0),
        (0x0809, vec![0, 6, 0x20, 0]),
        (0x000A, vec![]),
        xls_number(65_535, 255),
    ];
    let (e, peak) = read_measured("lop.xls", old_excel_book(&[sheet]));
    let e = e.unwrap_err();
    assert!(peak <= bounded::budget(0), "{peak}");
    // IV is the 256th column, the last a class list may use: the sheet is refused for its
    // span, named with its real last cell.
    assert_eq!(
        import::error_message(&e, Lang::En),
        "Sheet “S0” of lop.xls spans A1:IV65536, more than a class list holds: delete what lies outside the list (or save the file as .xlsx) and import again"
    );
    assert_eq!(
        import::error_message(&e, Lang::Vi),
        "Trang tính “S0” của tệp lop.xls có dữ liệu trải trên vùng A1:IV65536, rộng hơn một danh sách lớp: hãy xoá những gì nằm ngoài danh sách (hoặc lưu tệp dạng .xlsx) rồi nhập lại"
    );
}

/// The reviewer's `far-bom.xls` and `far-cutoff.xls`: the `cfb` crate refused them, the
/// check let them through, and calamine's own reader read their cell at IV65536 (1 GB).
#[test]
fn an_old_excel_file_the_compound_file_reader_refuses_is_damaged() {
    let far = old_excel_book(&[vec![xls_number(0, 0), xls_number(65_535, 255)]]);
    // The byte order mark, then the mini stream's cutoff, set to 0.
    for at in [28..30, 57..58] {
        let mut bytes = far.clone();
        bytes[at].fill(0);
        let (e, peak) = read_measured("lop.xls", bytes);
        let e = e.unwrap_err();
        assert!(
            matches!(
                e,
                ImportError::Workbook {
                    damage: Damage::Structure,
                    ..
                }
            ),
            "{e:?}"
        );
        assert!(peak <= bounded::budget(far.len()), "{peak}");
        assert!(
            import::error_message(&e, Lang::Vi).ends_with("(tệp hỏng hoặc có mật khẩu?): cấu trúc tệp bị hỏng"),
            "{e:?}"
        );
    }
    // An Office file without a workbook inside (a Word document named .xls).
    let mut cfb = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    cfb.create_stream("WordDocument").unwrap();
    cfb.flush().unwrap();
    let e = import::read_bytes(Path::new("lop.xls"), cfb.into_inner().into_inner()).unwrap_err();
    assert_eq!(
        import::error_message(&e, Lang::En),
        "Cannot open the spreadsheet lop.xls (damaged or password-protected?): there is no workbook inside it"
    );
}

/// A cell's name as Excel writes it: (0, 0) is A1.
fn a1((r, c): (u32, u16)) -> String {
    let mut letters = Vec::new();
    let mut n = u32::from(c) + 1;
    while n > 0 {
        letters.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8(letters).unwrap(), r + 1)
}

/// A sheet's `<row>` of inline strings at these columns, 0-based.
fn inline_row(r: u32, cells: &[(u16, &str)]) -> String {
    let esc = |s: &str| {
        s.chars()
            // XML 1.0 has no place for most controls, whatever the file says.
            .filter(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
            .collect::<String>()
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let cells: String = cells
        .iter()
        .map(|(c, text)| {
            format!(
                r#"<c r="{}" t="inlineStr"><is><t>{}</t></is></c>"#,
                a1((r, *c)),
                esc(text)
            )
        })
        .collect();
    format!(r#"<row r="{}">{cells}</row>"#, r + 1)
}

/// An XLSX zipped by hand around one sheet, "Lớp 8A": its `dimension` (`A1:…`), its rows
/// (`inline_row`s) and its merged regions (`A1:B2`).
fn hand_zipped_xlsx(dimension: &str, rows: &str, merges: &[String]) -> Vec<u8> {
    hand_zipped_xlsx_with(dimension, rows, merges, &[])
}

/// A sheet's `<row>` of cells showing shared strings, by their index.
fn shared_row(r: u32, cells: &[(u16, usize)]) -> String {
    let cells: String = cells
        .iter()
        .map(|(c, i)| format!(r#"<c r="{}" t="s"><v>{i}</v></c>"#, a1((r, *c))))
        .collect();
    format!(r#"<row r="{}">{cells}</row>"#, r + 1)
}

/// [`hand_zipped_xlsx`] with a table of shared strings, which `shared_row`s show.
fn hand_zipped_xlsx_with(dimension: &str, rows: &str, merges: &[String], shared: &[String]) -> Vec<u8> {
    use std::io::Write;
    let merges = if merges.is_empty() {
        String::new()
    } else {
        let regions: String = merges.iter().map(|m| format!(r#"<mergeCell ref="{m}"/>"#)).collect();
        format!(r#"<mergeCells count="{}">{regions}</mergeCells>"#, merges.len())
    };
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:{dimension}"/><sheetData>{rows}</sheetData>{merges}</worksheet>"#
    );
    let strings: String = shared.iter().map(|t| format!("<si><t>{t}</t></si>")).collect();
    let strings = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{0}" uniqueCount="{0}">{strings}</sst>"#,
        shared.len()
    );
    let parts = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Lớp 8A" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#,
        ),
        ("xl/worksheets/sheet1.xml", sheet.as_str()),
        ("xl/sharedStrings.xml", strings.as_str()),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, body) in parts {
        zip.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// The reviewer's `mergeH.xlsx` and `merge.xlsx` (78 kB): a class list's header, then 5,990
/// regions of ten rows merged in one column, each with a value. Filled in, they made a
/// table of 59,901 rows, past the 6,000 a sheet may keep: 377 MB in column IV.
#[test]
fn merged_regions_never_make_more_rows_than_a_sheet_may_keep() {
    for col in [7u16, 255] {
        let mut rows = inline_row(0, &[(0, "Họ và tên"), (1, "Ngày sinh")]);
        let mut merges = Vec::new();
        for i in 0..5_990u32 {
            let r = i * 10 + 1;
            rows.push_str(&inline_row(r, &[(col, &format!("x{i}"))]));
            merges.push(format!("{}:{}", a1((r, col)), a1((r + 9, col))));
        }
        let bytes = hand_zipped_xlsx("B1", &rows, &merges);
        assert!(bytes.len() < 100_000, "{}", bytes.len());
        let (table, peak) = read_measured("lop.xlsx", bytes);
        let table = table.unwrap();
        assert_eq!(table.rows.len(), import::table::MAX_TABLE_ROWS);
        // The regions first in the sheet are filled in whole.
        assert_eq!(table.rows[1].line, 2);
        assert_eq!(table.rows[10].get(usize::from(col)).display(), "x0");
        assert_eq!(table.rows[11].get(usize::from(col)).display(), "x1");
        assert!(peak <= IMPORT_PEAK, "{peak}");
    }
}

/// A text the file holds once and shows in many cells is copied into each. Before each
/// sheet's text was bounded, a 6 kB XLSX whose 32,000-character cell was merged over 100
/// regions of 10 rows by 256 columns took 8 GB, and a 27 kB one with that text as a shared
/// string in 6,000 cells 200 MB; calamine does the same for an XLS as it opens it. Each
/// case below took 99 to 254 MB.
#[test]
fn a_text_shown_in_many_cells_is_not_copied_without_bound() {
    let long = "A".repeat(32_000);
    let header = inline_row(0, &[(0, "Họ và tên"), (1, "Ngày sinh")]);
    let refused = |name: &str, bytes: Vec<u8>| -> ImportError {
        let (e, peak) = read_measured(name, bytes);
        let e = e.unwrap_err();
        assert!(matches!(&e, ImportError::SheetTooMuchText { .. }), "{name}: {e:?}");
        assert!(peak <= IMPORT_PEAK, "{name}: {peak}");
        e
    };
    // Three merged regions of 2,560 cells: 245 MB of copies.
    let mut rows = header.clone();
    let mut merges = Vec::new();
    for i in 0..3u32 {
        let r = 1 + i * 10;
        rows.push_str(&inline_row(r, &[(0, &long)]));
        merges.push(format!("{}:{}", a1((r, 0)), a1((r + 9, 255))));
    }
    let e = refused("lop.xlsx", hand_zipped_xlsx("IV31", &rows, &merges));
    assert_eq!(
        import::error_message(&e, Lang::En),
        "Sheet “Lớp 8A” of lop.xlsx holds more text than a class list could: check that it is the right file"
    );
    assert_eq!(
        import::error_message(&e, Lang::Vi),
        "Trang tính “Lớp 8A” của tệp lop.xlsx chứa nhiều chữ hơn một danh sách lớp có thể có: hãy kiểm tra có đúng tệp danh sách không"
    );
    // A shared string in 3,000 cells: 96 MB of copies.
    let mut rows = header;
    for r in 1..=1_500u32 {
        rows.push_str(&shared_row(r, &[(0, 0), (1, 0)]));
    }
    refused("lop.xlsx", hand_zipped_xlsx_with("B1501", &rows, &[], &[long]));
    // An XLS's shared string of 8,000 characters in 10,000 cells: 80 MB, copied again
    // when the sheet is read.
    let mut sst = vec![0u8; 8];
    sst.extend_from_slice(&8_000u16.to_le_bytes());
    sst.push(0);
    sst.extend(std::iter::repeat_n(b'A', 8_000));
    let mut sheet = vec![xls_label(0, 0, "Họ và tên")];
    for i in 0..10_000u16 {
        let mut body = (i / 100 + 1).to_le_bytes().to_vec();
        body.extend_from_slice(&(i % 100).to_le_bytes());
        body.extend_from_slice(&[0; 6]);
        sheet.push((0x00FD, body));
    }
    refused("lop.xls", old_excel_book_with(&[(0x00FC, sst)], &[sheet]));
    // XLS labels of 13 bytes each claiming 65,535 characters: calamine makes room for
    // them all, 131 MB for 2,000.
    let mut sheet = vec![xls_label(0, 0, "Họ và tên")];
    for i in 0..2_000u16 {
        let mut body = (i / 100 + 1).to_le_bytes().to_vec();
        body.extend_from_slice(&(i % 100).to_le_bytes());
        body.extend_from_slice(&[0, 0, 0xFF, 0xFF, 0]);
        sheet.push((0x0204, body));
    }
    refused("lop.xls", old_excel_book(&[sheet]));
}

/// An OpenDocument spreadsheet: a header, an empty row repeated `rows` times, then a cell
/// after `cols` repeated columns. The reviewer's `far.ods` (840 bytes) is 1,000,000 and
/// 16,000: calamine's ODS reader expanded it into one grid of 1.9 GB, under any name
/// (`far-named.xlsx` too).
fn opendocument(rows: u32, cols: u32) -> Vec<u8> {
    use std::io::Write;
    let content = format!(
        "{}{}{}{}{}",
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Lop">"#,
        r#"<table:table-row><table:table-cell office:value-type="string"><text:p>Họ và tên</text:p></table:table-cell></table:table-row>"#,
        format_args!(r#"<table:table-row table:number-rows-repeated="{rows}"><table:table-cell/></table:table-row>"#),
        format_args!(
            r#"<table:table-row><table:table-cell table:number-columns-repeated="{cols}"/><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>"#
        ),
        r#"</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = zip::write::SimpleFileOptions::default();
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("META-INF/manifest.xml", deflated).unwrap();
    zip.write_all(manifest.as_bytes()).unwrap();
    zip.start_file("content.xml", deflated).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

#[test]
fn an_opendocument_spreadsheet_is_refused_with_what_to_do_whatever_its_name() {
    let bytes = opendocument(1_000_000, 16_000);
    assert!(bytes.len() < 2_000, "{}", bytes.len());
    for name in ["lop.ods", "lop.xlsx"] {
        let (e, peak) = read_measured(name, bytes.clone());
        let e = e.unwrap_err();
        assert!(matches!(e, ImportError::OpenDocument { .. }), "{e:?}");
        assert!(peak <= bounded::budget(bytes.len()), "{peak}");
        assert_eq!(
            import::error_message(&e, Lang::En),
            format!(
                "sotay does not read OpenDocument files (LibreOffice, .ods) such as {name}: open it in LibreOffice Calc or Excel, save it as Excel (.xlsx) and import that file"
            )
        );
        assert_eq!(
            import::error_message(&e, Lang::Vi),
            format!(
                "Sổ tay không đọc tệp OpenDocument (LibreOffice, .ods) như {name}: hãy mở tệp bằng LibreOffice Calc hoặc Excel, lưu lại dạng Excel (.xlsx) rồi nhập tệp .xlsx đó"
            )
        );
    }
}

/// Found by `properties::any_hand_made_workbook`: calamine subtracts a merged region's
/// corners unchecked, so a region written right to left (`D1:B5`) stopped it in a debug
/// build (and wraps around in a release build). Either way the file is read or refused
/// with a message, never the end of the program.
#[test]
fn a_merged_region_written_backwards_is_no_crash() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lop8a.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "Họ và tên").unwrap();
    ws.write_string(0, 1, "Ngày sinh").unwrap();
    ws.write_string(1, 0, "Lê Văn Dũng").unwrap();
    ws.write_string(1, 1, "27/03/2013").unwrap();
    wb.save(&path).unwrap();
    // Rewrite the sheet with a backwards merged region.
    let bytes = std::fs::read(&path).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut body = String::new();
        std::io::Read::read_to_string(&mut f, &mut body).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            body = body.replace(
                "</sheetData>",
                r#"</sheetData><mergeCells count="1"><mergeCell ref="D1:B5"/></mergeCells>"#,
            );
        }
        out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        std::io::Write::write_all(&mut out, body.as_bytes()).unwrap();
    }
    let bytes = out.finish().unwrap().into_inner();
    match import::read_bytes(&path, bytes) {
        Ok(t) => assert_eq!(t.rows.len(), 2),
        Err(e) => assert!(matches!(e, ImportError::Workbook { .. }), "{e:?}"),
    }
}

/// Property tests: whatever bytes, text or workbook a file holds, reading, planning and
/// describing it never panics, keeps within the bounds (rows, columns) and shows nothing
/// that would act on a terminal. The case counts are in docs/reliability.md.
mod properties {
    use std::io::{Cursor, Write};
    use std::path::Path;

    use proptest::prelude::*;
    use rust_xlsxwriter::Workbook;
    use sotay::domain::SchoolYear;
    use sotay::i18n::Lang;
    use sotay::import::{self, ImportError, Table, table};

    use super::{
        IMPORT_PEAK, Record, a1, hand_zipped_xlsx, inline_row, old_excel_book_with, opendocument, today, xls_label,
        xls_number,
    };
    use crate::bounded::{config, peak_of};

    /// Reads, plans and describes `bytes` as a file named `name`, checking what must hold,
    /// in at most [`IMPORT_PEAK`] of memory.
    fn read_all(name: &str, bytes: Vec<u8>) -> Result<(), TestCaseError> {
        let len = bytes.len();
        let (checked, peak) = peak_of(|| read_and_check(name, bytes));
        prop_assert!(
            peak <= IMPORT_PEAK,
            "{peak} bytes at the peak for {len} bytes of {name}"
        );
        checked
    }

    fn read_and_check(name: &str, bytes: Vec<u8>) -> Result<(), TestCaseError> {
        let path = Path::new(name);
        match import::read_bytes(path, bytes) {
            Ok(t) => {
                check_table(&t)?;
                if let Ok(p) = import::plan(&t, &[], "8A", SchoolYear(2026), today()) {
                    for lang in [Lang::Vi, Lang::En] {
                        shown_safely(&import::describe(&p, lang, true))?;
                    }
                }
            }
            Err(e) => {
                for lang in [Lang::Vi, Lang::En] {
                    let msg = import::error_message(&e, lang);
                    shown_safely(&msg)?;
                    prop_assert!(!msg.contains('\n'), "{msg}");
                }
                if let ImportError::Io { .. } = e {
                    prop_assert!(false, "no I/O on bytes in memory: {e:?}");
                }
            }
        }
        Ok(())
    }

    fn check_table(t: &Table) -> Result<(), TestCaseError> {
        prop_assert!(t.rows.len() <= table::MAX_TABLE_ROWS);
        prop_assert!(t.rows.iter().all(|r| r.cells.len() <= table::MAX_COLS));
        Ok(())
    }

    /// No control or direction character but the preview's line breaks, and no line that
    /// quotes a cell whole.
    fn shown_safely(text: &str) -> Result<(), TestCaseError> {
        prop_assert!(
            !text.chars().any(|c| c != '\n' && sotay::text::is_hidden_control(c)),
            "{text:?}"
        );
        Ok(())
    }

    /// Characters a hostile or a careless class list may hold.
    fn a_char() -> impl Strategy<Value = char> {
        prop_oneof![
            4 => proptest::char::range('a', 'z'),
            2 => prop::sample::select(vec!['Đ', 'ă', 'ễ', 'ọ', 'Ư', 'ơ', ' ', '0', '1', '/', '-', '.']),
            2 => prop::sample::select(vec![',', ';', '\t', '|', '"', '\n', '\r', '=', '\'']),
            1 => prop::sample::select(vec![
                '\u{1b}', '\u{7}', '\u{7f}', '\u{9b}', '\u{202e}', '\u{2028}', '\u{2066}', '\u{200f}',
                '\u{feff}', '\u{200b}', '\u{301}'
            ]),
            1 => any::<char>(),
        ]
    }

    /// A CSV-ish text: a header that is often a class list's, then rows of fields.
    fn csv_text() -> impl Strategy<Value = String> {
        let field = prop_oneof![
            3 => prop::collection::vec(a_char(), 0..12).prop_map(|c| c.into_iter().collect::<String>()),
            1 => prop::sample::select(vec![
                "Họ và tên".to_string(), "Ngày sinh".into(), "27/03/2013".into(), "Nữ".into(), "x".into(),
                "Lớp".into(), "8A".into(), "\"a, b\"".into(), "=\"0900080039\"".into(), "sep=;".into(),
            ]),
        ];
        let sep = prop::sample::select(vec![",", ";", "\t", "|"]);
        let row = (prop::collection::vec(field, 0..8), sep.clone()).prop_map(|(f, s)| f.join(s));
        (sep, prop::collection::vec(row, 0..30), any::<bool>()).prop_map(|(s, rows, crlf)| {
            let header = ["STT", "Họ và tên", "Ngày sinh", "Giới tính"].join(s);
            let end = if crlf { "\r\n" } else { "\n" };
            std::iter::once(header).chain(rows).collect::<Vec<_>>().join(end)
        })
    }

    /// The text in one of the encodings the reader takes (or pretends to).
    fn encoded(text: &str, how: u8) -> Vec<u8> {
        match how % 5 {
            0 => text.as_bytes().to_vec(),
            1 => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
            2 => [0xFF, 0xFE]
                .into_iter()
                .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
                .collect(),
            3 => [0xFE, 0xFF]
                .into_iter()
                .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
                .collect(),
            _ => encoding_rs::WINDOWS_1258.encode(text).0.into_owned(),
        }
    }

    /// A cell somewhere: mostly where a class list is, sometimes far to the right or down
    /// (rust_xlsxwriter takes a second in a debug build to write a row near 1,048,576:
    /// [`hand_made_workbook`] goes that far).
    fn a_place() -> impl Strategy<Value = (u32, u16)> {
        prop_oneof![
            60 => (0u32..40, 0u16..8),
            2 => (0u32..10_000, 0u16..8),
            1 => (0u32..40, 0u16..16_384),
            1 => (0u32..10_000, 0u16..16_384),
        ]
    }

    /// Anywhere on a sheet, often at its far edges.
    fn anywhere() -> impl Strategy<Value = (u32, u16)> {
        prop_oneof![
            60 => (0u32..40, 0u16..8),
            1 => (0u32..1_048_576, 0u16..16_384),
            1 => Just((1_048_575, 16_383)),
            1 => (0u32..40, 250u16..260),
            2 => (0u32..1_048_576, 0u16..3),
        ]
    }

    /// An XLSX zipped by hand: one sheet of inline strings at any places (out of order,
    /// repeated), merged regions of any size, and a `dimension` that may lie.
    fn hand_made_workbook() -> impl Strategy<Value = Vec<u8>> {
        // Sometimes a text of up to 40,000 characters, which merged regions copy.
        let text = prop_oneof![
            10 => prop::collection::vec(a_char(), 0..8),
            1 => (0usize..40_000).prop_map(|n| vec!['A'; n]),
        ];
        let cell = (anywhere(), text);
        // Half the time from a cell with something in it, which the region copies; often wide.
        let merge = (
            prop::option::of(any::<prop::sample::Index>()),
            anywhere(),
            prop_oneof![3 => anywhere(), 1 => (0u32..60, 200u16..16_384)],
        );
        // Sometimes a column of up to 800 regions, each of up to 10 rows with a value: more
        // rows than a sheet may keep, once filled in.
        let stack = prop_oneof![
            3 => Just((0u16, 0u32, 1u32)),
            1 => (prop_oneof![0u16..8, 250u16..260], 0u32..800, 1u32..=10),
        ];
        (
            prop::collection::vec(cell, 0..30),
            prop::collection::vec(merge, 0..4),
            stack,
            anywhere(),
            any::<bool>(),
        )
            .prop_map(|(cells, merges, (col, count, height), dim, rows_in_order)| {
                let mut cells = cells;
                if rows_in_order {
                    cells.sort_by_key(|((r, c), _)| (*r, *c));
                }
                let mut data = String::new();
                for ((r, c), text) in &cells {
                    let text: String = text.iter().collect();
                    data.push_str(&inline_row(*r, &[(*c, &text)]));
                }
                let mut merges: Vec<String> = merges
                    .iter()
                    .map(|(from, a, b)| {
                        let a = match from {
                            Some(i) if !cells.is_empty() => cells[i.index(cells.len())].0,
                            _ => *a,
                        };
                        format!("{}:{}", a1(a.min(*b)), a1(a.max(*b)))
                    })
                    .collect();
                for i in 0..count {
                    let r = 40 + i * height;
                    data.push_str(&inline_row(r, &[(col, &format!("x{i}"))]));
                    merges.push(format!("{}:{}", a1((r, col)), a1((r + height - 1, col))));
                }
                hand_zipped_xlsx(&a1(dim), &data, &merges)
            })
    }

    #[derive(Debug, Clone)]
    enum Value {
        Text(String),
        Number(f64),
        Date(u16),
        Bool(bool),
    }

    fn a_value() -> impl Strategy<Value = Value> {
        prop_oneof![
            prop::collection::vec(a_char(), 0..10)
                .prop_map(|c| Value::Text(c.into_iter().filter(|c| !c.is_control()).collect())),
            prop::sample::select(vec!["Họ và tên", "Ngày sinh", "Lê Văn Dũng", "27/03/2013", "Nữ", "x"])
                .prop_map(|s| Value::Text(s.into())),
            any::<f64>().prop_map(Value::Number),
            (0u16..40_000).prop_map(Value::Date),
            any::<bool>().prop_map(Value::Bool),
        ]
    }

    /// A small workbook: random cells, some far away, and random merged regions.
    fn workbook() -> impl Strategy<Value = Vec<u8>> {
        let cells = prop::collection::vec((a_place(), a_value()), 0..25);
        // Tall or wide, anywhere (rust_xlsxwriter writes every cell of a merged region, so
        // not both at once).
        let merges = prop::collection::vec((a_place(), 0u32..100, 0u16..4), 0..3);
        (cells, merges, any::<bool>()).prop_map(|(cells, merges, hidden_first)| {
            let mut wb = Workbook::new();
            let first = wb.add_worksheet();
            first.write_string(0, 0, "Hướng dẫn").unwrap();
            if hidden_first {
                first.set_hidden(true);
            }
            let ws = wb.add_worksheet();
            let date = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
            for ((r, c), v) in cells {
                let _ = match v {
                    Value::Text(s) => ws.write_string(r, c, s).map(drop),
                    Value::Number(n) => ws.write_number(r, c, n).map(drop),
                    Value::Date(d) => ws.write_number_with_format(r, c, f64::from(d), &date).map(drop),
                    Value::Bool(b) => ws.write_boolean(r, c, b).map(drop),
                };
            }
            for ((r, c), h, w) in merges {
                let (r2, c2) = (r.saturating_add(h).min(1_048_575), c.saturating_add(w).min(16_383));
                if (r2, c2) != (r, c) {
                    let _ = ws.merge_range(r, c, r2, c2, "Họ và tên", &rust_xlsxwriter::Format::new());
                }
            }
            wb.save_to_buffer().unwrap()
        })
    }

    /// An old Excel file: a compound file whose workbook stream is random BIFF records,
    /// often the ones that place cells.
    fn xls() -> impl Strategy<Value = Vec<u8>> {
        let typ = prop_oneof![
            prop::sample::select(vec![
                0x0809u16, 0x0085, 0x0200, 0x00E5, 0x00BD, 0x0203, 0x0204, 0x00FD, 0x027E, 0x0006, 0x000A, 0x00FC,
                0x003C
            ]),
            any::<u16>(),
        ];
        let record = (typ, prop::collection::vec(any::<u8>(), 0..40));
        prop::collection::vec(record, 0..30).prop_map(|records| {
            let mut stream = Vec::new();
            for (t, body) in records {
                stream.extend_from_slice(&t.to_le_bytes());
                stream.extend_from_slice(&(body.len() as u16).to_le_bytes());
                stream.extend_from_slice(&body);
            }
            let mut cfb = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
            cfb.create_stream("Workbook").unwrap().write_all(&stream).unwrap();
            cfb.flush().unwrap();
            cfb.into_inner().into_inner()
        })
    }

    /// A place in an old Excel sheet: mostly where a class list is, sometimes anywhere a
    /// BIFF8 cell can be (row 65,536, column IV) or past it.
    fn xls_place() -> impl Strategy<Value = (u16, u16)> {
        prop_oneof![
            8 => (0u16..40, 0u16..8),
            3 => (any::<u16>(), 0u16..256),
            1 => (0u16..40, any::<u16>()),
        ]
    }

    /// What a sheet of an old Excel file holds, a few records at a time: cells, labels, a
    /// chart nested in it (BOF…EOF, with cells calamine skips; sometimes without its EOF), a
    /// DIMENSIONS of any numbers, or any record.
    fn xls_items() -> impl Strategy<Value = Vec<Record>> {
        let dims = (any::<u32>(), any::<u32>(), any::<u16>(), any::<u16>()).prop_map(|(rf, rl, cf, cl)| {
            let mut b = rf.to_le_bytes().to_vec();
            b.extend_from_slice(&rl.to_le_bytes());
            b.extend_from_slice(&cf.to_le_bytes());
            b.extend_from_slice(&cl.to_le_bytes());
            b.extend_from_slice(&[0, 0]);
            vec![(0x0200, b)]
        });
        prop_oneof![
            6 => xls_place().prop_map(|(r, c)| vec![xls_number(r, c)]),
            2 => (xls_place(), prop::sample::select(vec!["Họ và tên", "Ngày sinh", "Lê Văn Dũng", "27/03/2013"]))
                .prop_map(|((r, c), t)| vec![xls_label(r, c, t)]),
            1 => (prop::collection::vec(xls_place(), 0..4), any::<bool>()).prop_map(|(cells, closed)| {
                let mut chart = vec![(0x0809, vec![0, 6, 0x20, 0])];
                chart.extend(cells.into_iter().map(|(r, c)| xls_number(r, c)));
                if closed {
                    chart.push((0x000A, vec![]));
                }
                chart
            }),
            1 => dims,
            1 => (any::<u16>(), prop::collection::vec(any::<u8>(), 0..20)).prop_map(|(t, b)| vec![(t, b)]),
            // A run of cells on one row showing a shared string, or of labels that claim a
            // length they do not hold.
            1 => (0u16..40, 0u32..4, 0usize..5_000, any::<bool>(), any::<u16>()).prop_map(
                |(r, index, n, shared, claim)| {
                    (0..n)
                        .map(|i| {
                            let mut b = (r + (i / 200) as u16).to_le_bytes().to_vec();
                            b.extend_from_slice(&((i % 200) as u16).to_le_bytes());
                            b.extend_from_slice(&[0, 0]);
                            if shared {
                                b.extend_from_slice(&index.to_le_bytes());
                                (0x00FD, b)
                            } else {
                                b.extend_from_slice(&claim.to_le_bytes());
                                b.push(0);
                                (0x0204, b)
                            }
                        })
                        .collect()
                }
            ),
        ]
    }

    /// An old Excel workbook of one to six sheets, each named by the globals, often with a
    /// table of shared strings of up to 8,000 characters.
    fn xls_workbook() -> impl Strategy<Value = Vec<u8>> {
        (
            prop::collection::vec(0u16..8_000, 0..4),
            prop::collection::vec(prop::collection::vec(xls_items(), 0..10), 1..7),
        )
            .prop_map(|(shared, sheets)| {
                let sheets: Vec<Vec<Record>> = sheets.into_iter().map(|s| s.concat()).collect();
                let mut sst = vec![0u8; 8];
                for len in &shared {
                    sst.extend_from_slice(&len.to_le_bytes());
                    sst.push(0);
                    sst.extend(std::iter::repeat_n(b'a', usize::from(*len)));
                }
                // A record holds 8,224 bytes at most: the rest goes on in CONTINUEs.
                let mut parts = sst.chunks(8_224);
                let mut globals = vec![(0x00FC, parts.next().unwrap_or_default().to_vec())];
                globals.extend(parts.map(|p| (0x003C, p.to_vec())));
                old_excel_book_with(&globals, &sheets)
            })
    }

    proptest! {
        #![proptest_config(config(2_000))]

        #[test]
        fn any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400), prefix in 0u8..4) {
            // Some start as a zip or an old Office file, so those readers see garbage too.
            let head: &[u8] = match prefix {
                0 => b"PK\x03\x04",
                1 => b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
                _ => b"",
            };
            read_all("lop.xls", [head, &bytes].concat())?;
        }

        #[test]
        fn any_csv(text in csv_text(), how in any::<u8>()) {
            read_all("lop.csv", encoded(&text, how))?;
        }
    }

    proptest! {
        #![proptest_config(config(300))]

        #[test]
        fn any_small_workbook(bytes in workbook()) {
            read_all("lop.xlsx", bytes)?;
        }

        #[test]
        fn any_old_excel_records(bytes in xls()) {
            read_all("lop.xls", bytes)?;
        }

        #[test]
        fn any_old_excel_workbook(bytes in xls_workbook()) {
            read_all("lop.xls", bytes)?;
        }

        #[test]
        fn any_opendocument(
            rows in prop_oneof![0u32..10, 0u32..2_000_000],
            cols in prop_oneof![0u32..10, 0u32..20_000],
            name in prop::sample::select(vec!["lop.ods", "lop.xlsx", "lop.xls"]),
        ) {
            read_all(name, opendocument(rows, cols))?;
        }
    }

    proptest! {
        #![proptest_config(config(1_000))]

        #[test]
        fn any_hand_made_workbook(bytes in hand_made_workbook()) {
            read_all("lop.xlsx", bytes)?;
        }
    }
}
