//! Reports end to end: a fictional class written through the store, exported by the `sotay`
//! binary in every format, read back (calamine, the csv crate, the HTML and Markdown text),
//! and merged into a school report. The figures are worked out by hand in
//! `report_support::counts_8a_h1`.

#[path = "common/bounded.rs"]
mod bounded;
mod report_support;

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use calamine::{Data, Reader, SheetVisible, Xlsx};
use chrono::NaiveDate;
use predicates::prelude::*;
use report_support as fx;
use sotay::domain::indicators::{
    TARGET_CHILD_LABOUR, TARGET_IN_EDUCATION, TARGET_INTERVENED_IN_TIME, TARGET_MONITORED, TARGET_PARENTS_INFORMED,
    TARGET_STUDENTS_INFORMED, TARGET_TRAINED_TEACHERS,
};
use sotay::domain::{Ratio, SupportType, Target};
use sotay::i18n::Lang;
use sotay::i18n::domain::support_type;
use sotay::i18n::report::R;
use sotay::i18n::views::V;
use sotay::report::figures::{self, Figures};
use sotay::report::summary::{Counts, Detail, Indicator};
use sotay::report::{ReportPeriod, document, summarize};
use sotay::store::Store;

/// The tests here run one at a time: each opens notebooks in this process and starts
/// `sotay` processes, and a child forked while another thread holds a notebook's lock file
/// keeps that lock until it has started (see tests/cli.rs).
fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());
    SERIAL.lock().unwrap_or_else(|p| p.into_inner())
}

fn sotay() -> Command {
    let mut c = Command::cargo_bin("sotay").unwrap();
    c.env_remove("SOTAY_DATA_DIR")
        .env_remove("SOTAY_PASSPHRASE")
        .env_remove("SOTAY_NEW_PASSPHRASE")
        .env("LANG", "C")
        .env("LC_ALL", "C");
    c
}

/// `sotay --data-dir DIR --lang en export -o OUT …`, which must succeed.
fn export(dir: &Path, out: &Path, args: &[&str]) -> String {
    let assert = sotay()
        .arg("--data-dir")
        .arg(dir)
        .args(["--lang", "en", "export", "-o"])
        .arg(out)
        .args(args)
        .assert()
        .success();
    String::from_utf8(assert.get_output().stdout.clone()).unwrap()
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    let needle = needle.as_bytes();
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// `contains`, also as HTML or XML escape the text (`pupils'` may be `pupils&#39;`).
fn contains_text(haystack: &[u8], text: &str) -> bool {
    let escaped = |apostrophe: &str| {
        text.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
            .replace('\'', apostrophe)
    };
    contains(haystack, text)
        || ["&#39;", "&#x27;", "&apos;"]
            .iter()
            .any(|a| contains(haystack, &escaped(a)))
}

/// Every part of a workbook, unzipped.
fn unzipped(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("an XLSX is a zip");
    (0..zip.len())
        .map(|i| {
            let mut entry = zip.by_index(i).unwrap();
            let mut out = Vec::new();
            entry.read_to_end(&mut out).unwrap();
            (entry.name().map(|n| n.into_owned()).unwrap_or_default(), out)
        })
        .collect()
}

fn cell_string(c: &Data) -> String {
    match c {
        Data::String(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        Data::Float(f) => format!("{f}"),
        Data::Bool(b) => b.to_string(),
        // An Excel date is days since 30/12/1899.
        Data::DateTime(d) => (chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap()
            + chrono::Days::new(d.as_f64() as u64))
        .format("%d/%m/%Y")
        .to_string(),
        Data::Empty => String::new(),
        other => format!("{other:?}"),
    }
}

/// A workbook's sheets, by name, as rows of cells, with whether each is visible.
fn sheets(bytes: &[u8]) -> Vec<(String, bool, Vec<Vec<Data>>)> {
    let mut wb = Xlsx::new(Cursor::new(bytes.to_vec())).expect("calamine reads the export");
    let meta = wb.sheets_metadata().to_vec();
    meta.into_iter()
        .map(|s| {
            let range = wb.worksheet_range(&s.name).expect("sheet reads");
            let rows = range.rows().map(|r| r.to_vec()).collect();
            (s.name.clone(), s.visible == SheetVisible::Visible, rows)
        })
        .collect()
}

/// Every date cell of every sheet of a workbook.
fn workbook_dates(bytes: &[u8]) -> Vec<NaiveDate> {
    sheets(bytes)
        .into_iter()
        .flat_map(|(_, _, rows)| rows.into_iter().flatten())
        .filter_map(|c| match c {
            // An Excel date is days since 30/12/1899.
            Data::DateTime(d) => {
                Some(NaiveDate::from_ymd_opt(1899, 12, 30).unwrap() + chrono::Days::new(d.as_f64() as u64))
            }
            _ => None,
        })
        .collect()
}

/// The figures' key/value pairs as text, from the hidden sheet's columns A and B.
fn xlsx_pairs(bytes: &[u8]) -> BTreeMap<String, String> {
    let all = sheets(bytes);
    let (_, visible, rows) = all
        .iter()
        .find(|(name, _, _)| name == figures::SHEET)
        .expect("a figures sheet");
    assert!(!visible, "the figures sheet is hidden");
    rows.iter()
        .filter(|r| r.len() >= 2 && !cell_string(&r[0]).is_empty())
        .map(|r| (cell_string(&r[0]), cell_string(&r[1])))
        .collect()
}

/// A CSV export's rows (after its byte-order mark), read with the csv crate.
fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").expect("CSV starts with the BOM");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(body)
        .records()
        .map(|r| r.unwrap().iter().map(|c| c.trim().to_string()).collect())
        .collect()
}

/// The CSV's figures rows, from `MARKER` to `END`.
fn csv_pairs(bytes: &[u8]) -> BTreeMap<String, String> {
    let rows = csv_rows(bytes);
    let start = rows
        .iter()
        .position(|r| r.first().is_some_and(|c| c == figures::MARKER))
        .expect("a figures marker row");
    rows[start + 1..]
        .iter()
        .take_while(|r| r.first().is_none_or(|c| c != figures::END))
        .filter(|r| r.len() >= 2)
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect()
}

/// The hand-made counts as the pairs a file embeds (count keys only).
fn expected_count_pairs(counts: &Counts, header_of: &Figures) -> BTreeMap<String, String> {
    let f = Figures {
        not_counted: Vec::new(),
        header: header_of.header.clone(),
        detail: header_of.detail,
        counts: counts.clone(),
        lang: header_of.lang,
    };
    let pairs: BTreeMap<String, String> = f
        .to_pairs()
        .into_iter()
        .filter(|(k, _)| !figures::HEADER_KEYS.contains(&k.as_str()))
        .map(|(k, v)| {
            let v = match v {
                figures::Val::Int(i) => i.to_string(),
                figures::Val::Text(t) => t,
            };
            (k, v)
        })
        .collect();
    assert!(pairs.contains_key("pupils"), "{pairs:?}");
    pairs
}

/// Class 8A in a fresh notebook, exported by the binary for 2026-H1 in `format`.
fn export_8a(dir: &Path, format: &str, detail: &str) -> (PathBuf, Vec<u8>, String) {
    let out = dir.join(format!("8A-{detail}.{format}"));
    let stdout = export(
        &dir.join("notebook"),
        &out,
        &["--period", "2026-H1", "--detail", detail],
    );
    let bytes = std::fs::read(&out).unwrap();
    (out, bytes, stdout)
}

/// The confidential line of an English full export, as the report's layout words it.
fn confidential_note(notebook: &Path) -> String {
    let store = Store::open(notebook).unwrap();
    let (profile, book) = (store.profile().unwrap().unwrap(), store.casebook().unwrap());
    let h1 = ReportPeriod::parse("2026-H1").unwrap();
    let s = summarize(&profile, &book, h1, Detail::Full, fx::d(20, 6, 2026));
    let note = document::class_summary(&s, Lang::En).confidential_note;
    assert!(!note.is_empty());
    note
}

fn notebook_8a() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fx::write_8a(&dir.path().join("notebook"));
    dir
}

#[test]
fn the_summary_counts_the_fixture_class_as_worked_out_by_hand() {
    let _serial = one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    fx::write_8a(dir.path());
    let store = Store::open(dir.path()).unwrap();
    let (profile, book) = (store.profile().unwrap().unwrap(), store.casebook().unwrap());
    let h1 = ReportPeriod::parse("2026-H1").unwrap();
    let s = summarize(&profile, &book, h1, Detail::Summary, fx::d(20, 6, 2026));
    assert_eq!(s.counts, fx::counts_8a_h1());
    assert_eq!(s.header.as_of, fx::d(14, 6, 2026));
    assert_eq!(s.header.made_on, fx::d(20, 6, 2026));
    assert_eq!(s.header.class, "8A");
    assert!(s.cases.is_empty(), "a summary lists no pupil");

    // The indicators: shares, and the targets none of them meets.
    let rows = s.counts.indicator_rows();
    let row = |i: Indicator| rows.iter().find(|r| r.indicator == i).unwrap().counted.unwrap();
    let share = |i: Indicator| (row(i).count, row(i).total, row(i).met);
    assert_eq!(share(Indicator::IntervenedInTime), (4, Some(6), Some(false)));
    assert_eq!(share(Indicator::Monitored), (2, Some(6), Some(false)));
    assert_eq!(share(Indicator::InEducation), (5, Some(7), Some(false)));
    assert_eq!(share(Indicator::ParentsInformed), (4, Some(10), Some(false)));
    assert_eq!(share(Indicator::StudentsInformed), (5, Some(10), Some(false)));
    assert_eq!(share(Indicator::ChildLabourRate), (2, Some(9), Some(false)));
    assert_eq!(share(Indicator::Hazardous), (2, None, Some(false)));
    assert_eq!(share(Indicator::Trafficked), (1, None, None));
    // The profile gives no training day: the teacher is not trained.
    assert_eq!(share(Indicator::TrainedTeachers), (0, Some(1), Some(false)));
    let f = row(Indicator::IntervenedInTime).fraction().unwrap();
    assert!((f - 4.0 / 6.0).abs() < 1e-9, "{f}");

    // Full detail: a row for each pupil whose case counts in the period, no one else.
    let full = summarize(&profile, &book, h1, Detail::Full, fx::d(20, 6, 2026));
    assert_eq!(full.counts, s.counts);
    let mut names: Vec<&str> = full.cases.iter().map(|c| c.name.as_str()).collect();
    names.sort_unstable();
    let mut expected: Vec<&str> = fx::CASE_PUPILS_H1.iter().map(|&n| fx::name(n)).collect();
    expected.sort_unstable();
    assert_eq!(names, expected);
    let first = full.cases.iter().find(|c| c.name == fx::name(1)).unwrap();
    assert_eq!(first.last_visit, Some(fx::d(14, 6, 2026)));
}

#[test]
fn every_format_embeds_the_hand_made_figures() {
    let _serial = one_at_a_time();
    let dir = notebook_8a();
    let expected = fx::counts_8a_h1();

    let (out, xlsx, stdout) = export_8a(dir.path(), "xlsx", "summary");
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.contains(&out.display().to_string()), "{stdout}");
    assert!(stdout.contains("15/12/2025"), "the period's label: {stdout}");
    let read = figures::from_xlsx(&xlsx).unwrap();
    assert_eq!(read.counts, expected);
    assert_eq!(read.header.class, "8A");
    assert_eq!(read.header.school_code, "HC001");
    assert_eq!(read.header.as_of, fx::d(14, 6, 2026));
    assert_eq!(read.detail, Detail::Summary);
    // The hidden sheet read with calamine holds the same figures.
    let pairs = xlsx_pairs(&xlsx);
    for (k, v) in expected_count_pairs(&expected, &read) {
        assert_eq!(pairs.get(&k), Some(&v), "xlsx {k}");
    }

    let (_, csv, _) = export_8a(dir.path(), "csv", "summary");
    assert_eq!(
        figures::from_csv(&csv).unwrap(),
        read,
        "the same figures as the workbook"
    );
    let pairs = csv_pairs(&csv);
    for (k, v) in expected_count_pairs(&expected, &read) {
        assert_eq!(pairs.get(&k), Some(&v), "csv {k}");
    }

    for format in ["html", "md"] {
        let (_, bytes, _) = export_8a(dir.path(), format, "summary");
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(Figures::from_text(&text).unwrap(), read, "{format}");
    }
}

#[test]
fn every_format_shows_the_hand_made_figures_in_its_tables() {
    let _serial = one_at_a_time();
    let dir = notebook_8a();
    let want = wanted_rows(&fx::counts_8a_h1());

    let (_, xlsx, _) = export_8a(dir.path(), "xlsx", "summary");
    assert_rows(&xlsx_grid(&xlsx), &want, true, "xlsx");
    // The summary sheet comes first, named in the report's language.
    let all = sheets(&xlsx);
    assert_eq!(all[0].0, en(R::SheetSummary));
    assert!(all[0].1);

    let (_, csv, _) = export_8a(dir.path(), "csv", "summary");
    assert_rows(&csv_rows(&csv), &want, false, "csv");

    let (_, html, _) = export_8a(dir.path(), "html", "summary");
    assert_rows(&html_grid(&String::from_utf8(html).unwrap()), &want, false, "html");

    let (_, md, _) = export_8a(dir.path(), "md", "summary");
    assert_rows(&md_grid(&String::from_utf8(md).unwrap()), &want, false, "md");
}

#[test]
fn a_period_ends_on_14_june_and_the_next_day_is_outside_it() {
    let _serial = one_at_a_time();
    let dir = notebook_8a();
    let notebook = dir.path().join("notebook");

    let h1 = dir.path().join("h1.csv");
    export(&notebook, &h1, &["--period", "2026-H1"]);
    let h1 = figures::from_csv(&std::fs::read(&h1).unwrap()).unwrap();
    // 14/06 (pupil 1) is in: 5 visits; 15/06 (pupil 2) is not, so on 14/06 pupil 2's latest
    // visit still says hazardous work.
    assert_eq!(h1.counts.visits, 5);
    assert_eq!(h1.counts.hazardous, 2);
    assert_eq!(h1.header.period.period.to, fx::d(14, 6, 2026));

    let after = dir.path().join("after.csv");
    export(&notebook, &after, &["--period", "15/06/2026..30/06/2026"]);
    let after = figures::from_csv(&std::fs::read(&after).unwrap()).unwrap();
    // Only the 15/06 visit, which says pupil 2 left the hazardous work.
    assert_eq!(after.counts.visits, 1);
    assert_eq!(after.counts.hazardous, 1);
    assert_eq!(after.header.as_of, fx::d(30, 6, 2026));
}

#[test]
fn a_summary_export_holds_no_personal_data_and_a_full_one_names_the_pupils() {
    let _serial = one_at_a_time();
    let dir = notebook_8a();
    let personal: Vec<String> = (1..=10).flat_map(fx::personal_strings).collect();

    let note = confidential_note(&dir.path().join("notebook"));

    for format in ["xlsx", "csv", "html", "md"] {
        let (_, bytes, stdout) = export_8a(dir.path(), format, "summary");
        // Every byte as written, and for a workbook every part unzipped too.
        let mut parts = vec![(format!("the {format} file"), bytes.clone())];
        if format == "xlsx" {
            parts.extend(unzipped(&bytes));
        }
        for (part, content) in &parts {
            for p in &personal {
                assert!(!contains_text(content, p), "{p:?} found in {part}");
            }
            assert!(!contains_text(content, &note), "summary marked confidential in {part}");
        }
        assert!(!stdout.to_lowercase().contains("confidential"), "{stdout}");
        if format == "xlsx" {
            // A workbook keeps a date as a number, which no text search finds.
            let births: Vec<NaiveDate> = (1..=10).map(fx::birth_date).collect();
            assert!(
                workbook_dates(&bytes).iter().all(|d| !births.contains(d)),
                "a birth date is in the summary workbook"
            );
        }

        // Positive control: the same search finds the names in a full export.
        let (_, bytes, stdout) = export_8a(dir.path(), format, "full");
        let mut parts = vec![bytes.clone()];
        if format == "xlsx" {
            parts.extend(unzipped(&bytes).into_iter().map(|(_, b)| b));
        }
        let found = |s: &str| parts.iter().any(|p| contains_text(p, s));
        for n in fx::CASE_PUPILS_H1 {
            assert!(found(fx::name(n)), "{} missing from the full {format}", fx::name(n));
        }
        for n in [8, 9, 10] {
            assert!(!found(fx::name(n)), "{} has no case in H1 ({format})", fx::name(n));
        }
        assert!(found(&note), "the full {format} says it is confidential");
        if format == "xlsx" {
            let dates = workbook_dates(&bytes);
            for n in fx::CASE_PUPILS_H1 {
                assert!(
                    dates.contains(&fx::birth_date(n)),
                    "birth date {n} in the full workbook"
                );
            }
        }
        assert!(stdout.contains("CONFIDENTIAL"), "{stdout}");
    }
}

#[test]
fn every_sheet_of_a_full_workbook_says_it_is_confidential() {
    let _serial = one_at_a_time();
    let dir = notebook_8a();
    let note = confidential_note(&dir.path().join("notebook"));
    let (_, bytes, _) = export_8a(dir.path(), "xlsx", "full");
    let visible: Vec<String> = sheets(&bytes)
        .into_iter()
        .filter(|(_, visible, _)| *visible)
        .map(|(name, _, _)| name)
        .collect();
    assert!(visible.len() >= 3, "summary, support and cases: {visible:?}");
    let parts = unzipped(&bytes);
    let sheet_parts: Vec<&(String, Vec<u8>)> = parts
        .iter()
        .filter(|(name, _)| name.starts_with("xl/worksheets/sheet"))
        .collect();
    // The hidden figures sheet holds no header: every other sheet's page header does.
    let marked = sheet_parts.iter().filter(|(_, b)| contains_text(b, &note)).count();
    assert!(marked >= visible.len(), "{marked} of {} sheets marked", visible.len());
}

/// The classes' counts added field by field, written out so the test does not lean on
/// `Counts::add`.
fn sum(all: &[Counts]) -> Counts {
    let mut t = Counts::default();
    for c in all {
        t.pupils += c.pupils;
        t.pupils_5_17 += c.pupils_5_17;
        t.at_risk += c.at_risk;
        t.child_labour += c.child_labour;
        t.trafficked += c.trafficked;
        t.child_labour_5_17 += c.child_labour_5_17;
        t.hazardous += c.hazardous;
        t.newly_identified += c.newly_identified;
        t.cases += c.cases;
        for i in 0..4 {
            t.closed[i] += c.closed[i];
        }
        t.intervened_in_time += c.intervened_in_time;
        t.intervention_decided += c.intervention_decided;
        t.monitored += c.monitored;
        t.open_cases += c.open_cases;
        t.in_education += c.in_education;
        t.parents_informed += c.parents_informed;
        t.students_informed += c.students_informed;
        t.visits += c.visits;
        t.sessions += c.sessions;
        t.people_reached += c.people_reached;
        for i in 0..10 {
            t.supports[i].planned += c.supports[i].planned;
            t.supports[i].planned_vnd += c.supports[i].planned_vnd;
            t.supports[i].delivered += c.supports[i].delivered;
            t.supports[i].delivered_vnd += c.supports[i].delivered_vnd;
        }
        // Not counted in one, not counted in the sum.
        let known = |a: Option<u64>, b: Option<u64>| Some(a? + b?);
        t.homeroom_teachers = known(t.homeroom_teachers, c.homeroom_teachers);
        t.trained_teachers = known(t.trained_teachers, c.trained_teachers);
    }
    t
}

/// Three more classes of the same school beside 8A, each in its own notebook, exported for
/// 2026-H1 in another format: 8B (pupils 1–5) as CSV, 8C (6–10) as HTML, 8D (2, 4, 6, 8) as
/// Markdown.
fn school_exports(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for (class, pupils, format) in [
        ("8A", &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10][..], "xlsx"),
        ("8B", &[1, 2, 3, 4, 5][..], "csv"),
        ("8C", &[6, 7, 8, 9, 10][..], "html"),
        ("8D", &[2, 4, 6, 8][..], "md"),
    ] {
        let notebook = dir.join(format!("notebook-{class}"));
        fx::write_class(&notebook, class, "HC001", pupils);
        let out = dir.join(format!("{class}.{format}"));
        export(&notebook, &out, &["--period", "2026-H1"]);
        files.push(out);
    }
    files
}

#[test]
fn a_school_report_is_the_sum_of_its_classes() {
    let _serial = one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    let files = school_exports(dir.path());
    let classes: Vec<Figures> = files.iter().map(|f| sotay::report::merge::read(f).unwrap()).collect();
    assert_eq!(classes[0].counts, fx::counts_8a_h1(), "8A read back from its workbook");
    let expected = sum(&classes.iter().map(|f| f.counts.clone()).collect::<Vec<_>>());
    assert_eq!(expected.pupils, 10 + 5 + 5 + 4);

    let out = dir.path().join("truong.xlsx");
    let assert = sotay()
        .args(["--lang", "en", "report", "merge"])
        .args(&files)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert!(
        stdout.contains("Classes merged: 4") && stdout.contains("truong.xlsx"),
        "{stdout}"
    );
    // Summary exports only: no warning.
    assert!(assert.get_output().stderr.is_empty());

    let merged = sotay::report::merge::merge(
        files.iter().cloned().zip(classes.iter().cloned()).collect(),
        fx::d(20, 6, 2026),
    )
    .unwrap();
    assert_eq!(merged.total, expected);

    assert_school_workbook(&std::fs::read(&out).unwrap(), &classes, &expected);
}

#[test]
fn merge_refuses_mixed_periods_schools_and_a_class_twice_and_writes_nothing() {
    let _serial = one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fx::write_class(&d.join("a"), "8A", "HC001", &[1, 2, 3]);
    fx::write_class(&d.join("b"), "8B", "HC001", &[4, 5, 6]);
    fx::write_class(&d.join("c"), "8C", "HC002", &[7, 8]);
    let a = d.join("8A.xlsx");
    export(&d.join("a"), &a, &["--period", "2026-H1"]);
    let b_year = d.join("8B.csv");
    export(&d.join("b"), &b_year, &["--period", "01/01/2026..14/06/2026"]);
    let c_other_school = d.join("8C.md");
    export(&d.join("c"), &c_other_school, &["--period", "2026-H1"]);
    let a_again = d.join("8A-copy.html");
    export(&d.join("a"), &a_again, &["--period", "2026-H1"]);
    let out = d.join("truong.xlsx");

    let refused = |files: &[&Path], lang: &str| {
        let assert = sotay()
            .args(["--lang", lang, "report", "merge"])
            .args(files)
            .arg("-o")
            .arg(&out)
            .assert()
            .code(5);
        assert!(!out.exists(), "a refused merge writes nothing");
        let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
        assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
        stderr
    };

    let e = refused(&[&a, &b_year], "en");
    assert!(
        e.contains(&format!(
            "{} covers 2026-H1 but {} covers 01/01/2026..14/06/2026",
            a.display(),
            b_year.display()
        )),
        "{e}"
    );
    let e = refused(&[&a, &b_year], "vi");
    assert!(
        e.contains("Không gộp được") && e.contains("8A.xlsx là kỳ 2026-H1"),
        "{e}"
    );

    let e = refused(&[&a, &c_other_school], "en");
    assert!(
        e.contains("8A.xlsx") && e.contains("8C.md") && e.contains("HC002"),
        "{e}"
    );

    let e = refused(&[&a, &a_again], "en");
    assert!(
        e.contains("8A.xlsx") && e.contains("8A-copy.html") && e.contains("class 8A"),
        "{e}"
    );

    // A file that is not an export, named.
    let list = d.join("danh-sach.csv");
    std::fs::write(&list, "Họ và tên,Ngày sinh\nAi Đó,01/01/2013\n").unwrap();
    let e = refused(&[&a, &list], "en");
    assert!(e.contains("danh-sach.csv") && e.contains("not a class report"), "{e}");
}

#[test]
fn export_keeps_an_existing_file_unless_forced() {
    let _serial = one_at_a_time();
    let dir = notebook_8a();
    let notebook = dir.path().join("notebook");
    let out = dir.path().join("8A.xlsx");
    std::fs::write(&out, b"the teacher's own file").unwrap();

    sotay()
        .arg("--data-dir")
        .arg(&notebook)
        .args(["--lang", "en", "export", "--period", "2026-H1", "-o"])
        .arg(&out)
        .assert()
        .code(5)
        .stderr(predicate::str::contains("8A.xlsx already exists").and(predicate::str::contains("--force")));
    assert_eq!(std::fs::read(&out).unwrap(), b"the teacher's own file");

    export(&notebook, &out, &["--period", "2026-H1", "--force"]);
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(figures::from_xlsx(&bytes).unwrap().counts, fx::counts_8a_h1());
    // Nothing else in the folder: no temporary file left behind.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn export_refuses_bad_input_in_one_line_and_writes_nothing() {
    let _serial = one_at_a_time();
    let dir = notebook_8a();
    let notebook = dir.path().join("notebook");
    let refused = |out: &Path, args: &[&str], lang: &str| -> String {
        let assert = sotay()
            .arg("--data-dir")
            .arg(&notebook)
            .args(["--lang", lang, "export", "-o"])
            .arg(out)
            .args(args)
            .assert()
            .code(5);
        assert!(!out.exists(), "nothing written for {args:?}");
        let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
        stderr
    };

    let pdf = dir.path().join("8A.pdf");
    let e = refused(&pdf, &[], "en");
    assert!(e.contains("8A.pdf") && e.contains("xlsx, csv, html or md"), "{e}");
    let e = refused(&pdf, &[], "vi");
    assert!(e.contains("8A.pdf") && e.contains("Không rõ định dạng"), "{e}");

    let out = dir.path().join("8A.xlsx");
    let e = refused(&out, &["--format", "pdf"], "en");
    assert!(e.contains("Unknown format: pdf"), "{e}");

    // A CSV written under .xlsx would be a file Excel refuses to open.
    let e = refused(&out, &["--format", "csv"], "en");
    assert!(e.contains("8A.xlsx ends in .xlsx but --format is csv"), "{e}");

    // The clock of the binary is the real one: a period in 2090 has not started.
    let e = refused(&out, &["--period", "2090"], "en");
    assert!(e.contains("15/12/2089") && e.contains("has not come yet"), "{e}");

    let e = refused(&out, &["--period", "2026-H3"], "en");
    assert!(e.contains("2026-H3"), "{e}");
    let e = refused(&out, &["--period", "30/06/2026..01/06/2026"], "vi");
    assert!(!e.is_empty(), "{e}");

    let e = refused(&out, &["--detail", "everything"], "en");
    assert!(e.contains("everything") && e.contains("summary or full"), "{e}");

    // A folder that does not exist: said in words, in the user's language, without the
    // name of the temporary file the report was to be written through.
    let nowhere = dir.path().join("no-such-folder").join("8A.xlsx");
    let assert = sotay()
        .arg("--data-dir")
        .arg(&notebook)
        .args(["--lang", "vi", "export", "-o"])
        .arg(&nowhere)
        .assert()
        .failure();
    let e = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(
        e.contains("không có tệp hoặc thư mục này; không tệp nào bị thay đổi"),
        "{e}"
    );
    assert!(!e.contains("at path") && !e.contains("os error"), "{e}");

    // No notebook, and a notebook with no profile: the set-up message, nothing created.
    let missing = dir.path().join("no-notebook");
    sotay()
        .arg("--data-dir")
        .arg(&missing)
        .args(["--lang", "en", "export", "-o"])
        .arg(&out)
        .assert()
        .code(5)
        .stderr(predicate::str::contains("No teacher profile yet"));
    assert!(!missing.exists() && !out.exists());
    let empty = dir.path().join("empty");
    drop(Store::open(&empty).unwrap());
    sotay()
        .arg("--data-dir")
        .arg(&empty)
        .args(["--lang", "vi", "export", "-o"])
        .arg(&out)
        .assert()
        .code(5)
        .stderr(predicate::str::contains("Chưa có hồ sơ giáo viên"));
    assert!(!out.exists());
}

#[test]
fn export_to_a_bare_file_name_writes_in_the_current_folder_and_says_where() {
    let _serial = one_at_a_time();
    let dir = notebook_8a();
    let assert = sotay()
        .current_dir(dir.path())
        .args(["--data-dir", "notebook", "--lang", "vi", "export"])
        .args(["-o", "8A.csv", "--period", "2026-H1"])
        .assert()
        .success();
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    // The folder as the process sees it (getcwd resolves links).
    let out = dir.path().canonicalize().unwrap().join("8A.csv");
    assert!(stdout.starts_with("Đã ghi báo cáo 6 tháng đầu năm 2026"), "{stdout}");
    assert!(
        stdout.contains(&out.display().to_string()),
        "the absolute path: {stdout}"
    );
    assert_eq!(
        figures::from_csv(&std::fs::read(&out).unwrap()).unwrap().counts,
        fx::counts_8a_h1()
    );
}

#[test]
fn export_without_a_period_makes_the_report_due_next() {
    let _serial = one_at_a_time();
    let dir = notebook_8a();
    let out = dir.path().join("8A.md");
    export(&dir.path().join("notebook"), &out, &[]);
    let f = Figures::from_text(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let today = chrono::Local::now().date_naive();
    // The day may turn between the export and this line: either day's report will do.
    let due = [today, today.pred_opt().unwrap()].map(ReportPeriod::due_next);
    assert!(due.contains(&f.header.period), "{:?}", f.header.period);
}

/// What a table's cell should show: the same figure reads `1.500.000 ₫` in a text format and
/// is the number 1500000 in a workbook.
#[derive(Clone, Copy, Debug)]
enum Want {
    Int(u64),
    /// A share, as a fraction.
    Pct(f64),
    Vnd(u64),
    Text(&'static str),
    Any,
}

fn vnd_text(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out + " ₫"
}

fn cell_matches(cell: &str, want: Want, xlsx: bool) -> bool {
    match want {
        Want::Int(n) => cell == n.to_string(),
        Want::Pct(p) if xlsx => cell.parse::<f64>().is_ok_and(|x| (x - p).abs() < 1e-9),
        Want::Pct(p) => cell == format!("{:.1}%", p * 100.0),
        Want::Vnd(n) if xlsx => cell == n.to_string(),
        Want::Vnd(n) => cell == vnd_text(n),
        Want::Text(t) => cell == t,
        Want::Any => true,
    }
}

/// The trained teachers' share as every format shows it: `–` when not counted.
fn trained_share(c: &Counts) -> Want {
    match (c.trained_teachers, c.homeroom_teachers) {
        (Some(n), Some(of)) => shown(n, of, TARGET_TRAINED_TEACHERS),
        _ => Want::Text("–"),
    }
}

/// A share's cell, or any cell when there is nothing to count: the share as the dashboard
/// shows it (`Ratio::shown_tenths`, never reading as a target met that is not), which every
/// format must show.
fn shown(count: u64, total: u64, target: Target) -> Want {
    let r = Ratio {
        count: count as usize,
        total: total as usize,
        target,
    };
    r.shown_tenths().map_or(Want::Any, |t| Want::Pct(t as f64 / 1000.0))
}

/// Bold markers and spaces off a cell's text.
fn clean(s: &str) -> String {
    s.trim().trim_matches('*').trim().to_string()
}

/// The visible sheets' rows as text.
fn xlsx_grid(bytes: &[u8]) -> Vec<Vec<String>> {
    sheets(bytes)
        .into_iter()
        .filter(|(_, visible, _)| *visible)
        .flat_map(|(_, _, rows)| {
            rows.into_iter()
                .map(|r| r.iter().map(cell_string).collect::<Vec<_>>())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The rows of an HTML export's tables: each `<tr>`'s cells, tags removed, entities read.
fn html_grid(html: &str) -> Vec<Vec<String>> {
    let unescape = |s: &str| {
        s.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    };
    let strip_tags = |s: &str| {
        let mut out = String::new();
        let mut in_tag = false;
        for c in s.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out
    };
    html.split("<tr")
        .skip(1)
        .map(|tr| {
            let tr = tr.split("</tr>").next().unwrap_or_default();
            tr.split("<t")
                .skip(1)
                .filter(|c| c.starts_with('d') || c.starts_with('h'))
                .map(|c| {
                    let inner = c.split_once('>').map_or("", |(_, rest)| rest);
                    let inner = inner.split("</t").next().unwrap_or_default();
                    unescape(strip_tags(inner).trim())
                })
                .collect()
        })
        .collect()
}

/// The rows of a Markdown export's tables.
fn md_grid(md: &str) -> Vec<Vec<String>> {
    md.lines()
        .map(str::trim)
        .filter(|l| l.starts_with('|'))
        .map(|l| {
            let inner = l.trim_matches('|');
            inner.split(" | ").map(|c| c.trim().replace("\\|", "|")).collect()
        })
        .collect()
}

/// Fails unless, for each label, some row starts with it and shows the wanted cells after it.
fn assert_rows(grid: &[Vec<String>], want: &[(String, Vec<Want>)], xlsx: bool, what: &str) {
    for (label, cells) in want {
        let candidates: Vec<&Vec<String>> = grid
            .iter()
            .filter(|r| r.first().is_some_and(|c| clean(c) == *label))
            .collect();
        let ok = candidates.iter().any(|r| {
            r.len() > cells.len()
                && cells
                    .iter()
                    .zip(&r[1..])
                    .all(|(w, c)| cell_matches(&clean(c), *w, xlsx))
        });
        assert!(ok, "{what}: row {label:?} should show {cells:?}, found {candidates:?}");
    }
}

fn en(k: R) -> String {
    k.get(Lang::En).to_string()
}

/// The rows a report of `c` shows, in English: indicators, counts, support.
fn wanted_rows(c: &Counts) -> Vec<(String, Vec<Want>)> {
    use Want::{Any, Int, Text, Vnd};
    let met = |ok: bool| Text(if ok { "Met" } else { "Not met" });
    // A share's row: its count, out of how many, and the share as shown.
    let ratio = |k: R, count: u64, total: u64, target: Target| {
        (en(k), vec![Int(count), Int(total), shown(count, total, target)])
    };
    let mut rows = vec![
        ratio(
            R::IIntervened,
            c.intervened_in_time,
            c.intervention_decided,
            TARGET_INTERVENED_IN_TIME,
        ),
        ratio(R::IMonitored, c.monitored, c.open_cases, TARGET_MONITORED),
        ratio(R::IEducation, c.in_education, c.cases, TARGET_IN_EDUCATION),
        ratio(R::IParents, c.parents_informed, c.pupils, TARGET_PARENTS_INFORMED),
        ratio(R::IStudents, c.students_informed, c.pupils, TARGET_STUDENTS_INFORMED),
        ratio(R::IChildLabour, c.child_labour_5_17, c.pupils_5_17, TARGET_CHILD_LABOUR),
        (
            en(R::IHazardous),
            vec![Int(c.hazardous), Any, Any, Any, met(c.hazardous == 0)],
        ),
        (en(R::ITrafficked), vec![Int(c.trafficked)]),
        match (c.trained_teachers, c.homeroom_teachers) {
            (Some(n), Some(of)) => ratio(R::ITrained, n, of, TARGET_TRAINED_TEACHERS),
            // Not counted: no count, no total, the empty share, and why.
            _ => (
                en(R::ITrained),
                vec![
                    Text(""),
                    Text(""),
                    Text("–"),
                    Any,
                    Text("Not counted (figures missing)"),
                ],
            ),
        },
        (en(R::CPupils), vec![Int(c.pupils)]),
        (en(R::CPupils517), vec![Int(c.pupils_5_17)]),
        (en(R::CAtRisk), vec![Int(c.at_risk)]),
        (en(R::CChildLabour), vec![Int(c.child_labour)]),
        (en(R::CNew), vec![Int(c.newly_identified)]),
        (en(R::CCases), vec![Int(c.cases)]),
        (en(R::COpen), vec![Int(c.open_cases)]),
        (en(R::CClosed), vec![Int(c.closed.iter().sum())]),
        (en(R::CVisits), vec![Int(c.visits)]),
        (en(R::CSessions), vec![Int(c.sessions)]),
        (en(R::CReached), vec![Int(c.people_reached)]),
    ];
    let mut total = [0u64; 4];
    for (t, f) in SupportType::ALL.iter().zip(c.supports) {
        rows.push((
            support_type(Lang::En, *t).to_string(),
            vec![
                Int(f.planned),
                Vnd(f.planned_vnd),
                Int(f.delivered),
                Vnd(f.delivered_vnd),
            ],
        ));
        for (sum, n) in total
            .iter_mut()
            .zip([f.planned, f.planned_vnd, f.delivered, f.delivered_vnd])
        {
            *sum += n;
        }
    }
    rows.push((
        V::SupportTotal.get(Lang::En).to_string(),
        vec![Int(total[0]), Vnd(total[1]), Int(total[2]), Vnd(total[3])],
    ));
    rows
}

/// The school workbook shows each class's indicators and the school's sums.
fn assert_school_workbook(bytes: &[u8], classes: &[Figures], expected: &Counts) {
    assert_school_grid(&xlsx_grid(bytes), true, classes, expected, "school workbook");
}

/// A school report's rows (`xlsx` for a workbook's) show each class's indicators and the
/// school's sums.
fn assert_school_grid(grid: &[Vec<String>], xlsx: bool, classes: &[Figures], expected: &Counts, what: &str) {
    assert_rows(grid, &wanted_rows(expected), xlsx, what);
    // The table by class: pupils and every indicator, then the whole school.
    let by_class = |c: &Counts| {
        vec![
            Want::Int(c.pupils),
            shown(c.intervened_in_time, c.intervention_decided, TARGET_INTERVENED_IN_TIME),
            shown(c.monitored, c.open_cases, TARGET_MONITORED),
            shown(c.in_education, c.cases, TARGET_IN_EDUCATION),
            shown(c.parents_informed, c.pupils, TARGET_PARENTS_INFORMED),
            shown(c.students_informed, c.pupils, TARGET_STUDENTS_INFORMED),
            shown(c.child_labour_5_17, c.pupils_5_17, TARGET_CHILD_LABOUR),
            Want::Int(c.hazardous),
            Want::Int(c.trafficked),
            trained_share(c),
        ]
    };
    let mut rows: Vec<(String, Vec<Want>)> = classes
        .iter()
        .map(|f| (f.header.class.clone(), by_class(&f.counts)))
        .collect();
    rows.push((en(R::WholeSchool), by_class(expected)));
    assert_rows(grid, &rows, xlsx, &format!("{what} by class"));
}

/// A report in `format` as rows of cell texts.
fn grid_of(format: &str, bytes: &[u8]) -> Vec<Vec<String>> {
    match format {
        "xlsx" => xlsx_grid(bytes),
        "csv" => csv_rows(bytes),
        "html" => html_grid(std::str::from_utf8(bytes).unwrap()),
        _ => md_grid(std::str::from_utf8(bytes).unwrap()),
    }
}

/// Classes 8A, 8B and 8C of one school, each in its own notebook, the teachers of 8A and 8B
/// trained (8B's on the last day counted), 8C's not, exported for 2026-H1 as XLSX, CSV and
/// Markdown.
fn trained_exports(dir: &Path) -> [PathBuf; 3] {
    [
        ("8A", &[1, 2, 3][..], Some(fx::d(1, 9, 2025)), "xlsx"),
        ("8B", &[4, 5][..], Some(fx::d(14, 6, 2026)), "csv"),
        ("8C", &[6, 7, 8, 9][..], None, "md"),
    ]
    .map(|(class, pupils, trained_on, format)| {
        let notebook = class_with(dir, class, pupils, |p| p.trained_on = trained_on);
        let out = dir.join(format!("{class}.{format}"));
        export(&notebook, &out, &["--period", "2026-H1"]);
        out
    })
}

#[test]
fn the_trained_teachers_share_is_counted_from_version_3_files_and_never_from_older_ones() {
    let _serial = one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let [a, b, c] = trained_exports(d);
    let read = |f: &Path| sotay::report::merge::read(f).unwrap();
    let trained = |f: &Path| {
        let f = read(f);
        (
            f.counts.trained_teachers,
            f.counts.homeroom_teachers,
            f.header.trained_on,
        )
    };
    assert_eq!(trained(&a), (Some(1), Some(1), Some(fx::d(1, 9, 2025))));
    assert_eq!(trained(&b), (Some(1), Some(1), Some(fx::d(14, 6, 2026))));
    assert_eq!(trained(&c), (Some(0), Some(1), None));

    // Version 3 files only: 2 of 3 teachers trained, 66.7%, in every format.
    let v3 = [a.clone(), b.clone(), c.clone()];
    let classes: Vec<Figures> = v3.iter().map(|f| read(f)).collect();
    let expected = sum(&classes.iter().map(|f| f.counts.clone()).collect::<Vec<_>>());
    assert_eq!(
        (expected.trained_teachers, expected.homeroom_teachers),
        (Some(2), Some(3))
    );
    for format in ["xlsx", "csv", "html", "md"] {
        let out = d.join(format!("v3.{format}"));
        let (_, stderr) = merge_ok(&v3, &out, &["--lang", "en"]);
        assert!(stderr.is_empty(), "{stderr}");
        let grid = grid_of(format, &std::fs::read(&out).unwrap());
        assert_school_grid(&grid, format == "xlsx", &classes, &expected, format);
        let share = if format == "xlsx" { "0.667" } else { "66.7%" };
        let row = grid.iter().find(|r| clean(&r[0]) == en(R::ITrained)).unwrap();
        assert_eq!(
            row[1..6].iter().map(|c| clean(c)).collect::<Vec<_>>(),
            ["2", "3", share, "≥ 95%", "Not met"],
            "{format}"
        );
    }

    // 8C's file as a version 2 sotay wrote it: the block with version 2 and without the
    // keys version 3 added.
    let md = std::fs::read_to_string(&c).unwrap();
    let old: String = md
        .replacen(
            &format!(
                "{} 3
",
                figures::MARKER
            ),
            &format!(
                "{} 2
",
                figures::MARKER
            ),
            1,
        )
        .lines()
        .filter(|l| {
            !["trained_on	", "homeroom_teachers	", "trained_teachers	"]
                .iter()
                .any(|k| l.starts_with(k))
        })
        .map(|l| {
            format!(
                "{l}
"
            )
        })
        .collect();
    assert_ne!(old, md);
    let c2 = d.join("8C-old.md");
    std::fs::write(&c2, old).unwrap();
    let old_figures = read(&c2);
    assert_eq!(old_figures.version(), 2);
    assert_eq!(old_figures.lacking(), ["homeroom_teachers", "trained_teachers"]);
    let mixed = [a.clone(), b.clone(), c2.clone()];
    let classes: Vec<Figures> = mixed.iter().map(|f| read(f)).collect();
    let expected = sum(&classes.iter().map(|f| f.counts.clone()).collect::<Vec<_>>());
    // Every other figure is the sum of the three; the teachers are not counted, not 2 of 2.
    assert_eq!((expected.trained_teachers, expected.homeroom_teachers), (None, None));
    assert_eq!(expected.pupils, 3 + 2 + 4);
    for format in ["xlsx", "csv", "html", "md"] {
        let out = d.join(format!("mixed.{format}"));
        let (_, stderr) = merge_ok(&mixed, &out, &["--lang", "en"]);
        assert!(
            stderr.contains("older sotay") && stderr.contains("8C-old.md") && stderr.contains("trained_teachers"),
            "{stderr}"
        );
        assert!(!stderr.contains("8A.xlsx") && !stderr.contains("8B.csv"), "{stderr}");
        let bytes = std::fs::read(&out).unwrap();
        let grid = grid_of(format, &bytes);
        // The rows, the class rows and the whole school's (see `wanted_rows`, `trained_share`):
        // 8A and 8B 100%, 8C and the school "–".
        assert_school_grid(&grid, format == "xlsx", &classes, &expected, format);
        let row = grid.iter().find(|r| clean(&r[0]) == en(R::ITrained)).unwrap();
        assert_eq!(
            row[1..6].iter().map(|c| clean(c)).collect::<Vec<_>>(),
            ["", "", "–", "≥ 95%", "Not counted (figures missing)"],
            "{format}"
        );
        // The summary says which indicator and whose file.
        let note = "Left empty (–) for lack of figures: Homeroom teachers trained on child-labour prevention. \
                    The files of 8C were written by an older sotay";
        // (A cell of the workbook, a line of the others.)
        let shown = |c: &String| c.contains(note);
        assert!(
            grid.iter().flatten().any(shown) || String::from_utf8_lossy(&bytes).contains(note),
            "{format}: the note"
        );
    }
    // The Vietnamese warning names the file too.
    let (_, stderr) = merge_ok(&mixed, &d.join("vi.md"), &["--lang", "vi"]);
    assert!(
        stderr.contains("phiên bản sotay cũ hơn") && stderr.contains("8C-old.md"),
        "{stderr}"
    );

    // A version 4 file: the figures both know are counted (the teachers too), and its new
    // key is named as not counted.
    let newer = md.replacen(
        &format!(
            "{} 3
",
            figures::MARKER
        ),
        &format!(
            "{} 4
foster_visits	2
",
            figures::MARKER
        ),
        1,
    );
    let c4 = d.join("8C-newer.md");
    std::fs::write(&c4, newer).unwrap();
    let out = d.join("newer.md");
    let (_, stderr) = merge_ok(&[a, b, c4], &out, &["--lang", "en"]);
    assert!(
        stderr.contains("8C-newer.md") && stderr.contains("newer sotay") && stderr.contains("foster_visits"),
        "{stderr}"
    );
    assert!(!stderr.contains("older sotay"), "{stderr}");
    let grid = grid_of("md", &std::fs::read(&out).unwrap());
    let row = grid.iter().find(|r| clean(&r[0]) == en(R::ITrained)).unwrap();
    assert_eq!(clean(&row[3]), "66.7%");
}

#[test]
fn an_area_report_is_the_sum_of_its_schools_lists_who_has_not_sent_and_renders_in_every_format() {
    use sotay::report::{AreaLevel, Format, Missing, merge, merge_area, render};
    let _serial = one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Two schools of one commune: Hư Cấu (8A, 8B; 8C has not sent) and Bờ Sông (6A).
    let exports = [
        ("8A", "HC001", fx::SCHOOL, &[1, 2, 3][..]),
        ("8B", "HC001", fx::SCHOOL, &[4, 5][..]),
        ("6A", "HC002", "Trường THCS Bờ Sông", &[6, 7, 8, 9][..]),
    ]
    .map(|(class, code, school, pupils)| {
        let notebook = d.join(format!("notebook-{code}-{class}"));
        fx::write_class(&notebook, class, code, pupils);
        let store = Store::open(&notebook).unwrap();
        let mut profile = store.profile().unwrap().unwrap();
        profile.school = school.to_string();
        store.save_profile(&profile).unwrap();
        drop(store);
        let out = d.join(format!("{code}-{class}.xlsx"));
        export(&notebook, &out, &["--period", "2026-H1"]);
        let figures = merge::read(&out).unwrap();
        (out, figures)
    });
    let made_on = fx::d(21, 6, 2026);
    let mut hu_cau = merge::merge(exports[..2].to_vec(), made_on).unwrap();
    hu_cau.missing = vec![Missing {
        name: "8C".into(),
        last_sent: Some(fx::d(3, 6, 2026)),
        why: None,
    }];
    let bo_song = merge::merge(exports[2..].to_vec(), made_on).unwrap();
    let missing = vec![Missing {
        name: "Trường TH Vắng".into(),
        last_sent: None,
        why: None,
    }];
    let area = merge_area(
        AreaLevel::Commune,
        "Xã Hư Cấu".into(),
        "99001".into(),
        vec![hu_cau.clone(), bo_song.clone()],
        missing,
        made_on,
    )
    .unwrap();
    // The total is the sum of the schools' totals, and of the classes', field by field.
    assert_eq!(area.total, sum(&[hu_cau.total.clone(), bo_song.total.clone()]));
    let classes: Vec<Counts> = exports.iter().map(|(_, f)| f.counts.clone()).collect();
    assert_eq!(area.total, sum(&classes));
    assert_eq!(area.total.pupils, 9);

    let doc = document::area_report(&area, Lang::En);
    let schools: Vec<(String, Vec<Want>)> = [
        ("Trường THCS Bờ Sông", 1, &bo_song.total),
        (fx::SCHOOL, 2, &hu_cau.total),
        ("Whole commune or ward", 3, &area.total),
    ]
    .into_iter()
    .map(|(name, n, c)| {
        let mut cells = vec![Want::Int(n), Want::Int(c.pupils)];
        cells.extend([
            shown(c.intervened_in_time, c.intervention_decided, TARGET_INTERVENED_IN_TIME),
            shown(c.monitored, c.open_cases, TARGET_MONITORED),
            shown(c.in_education, c.cases, TARGET_IN_EDUCATION),
            shown(c.parents_informed, c.pupils, TARGET_PARENTS_INFORMED),
            shown(c.students_informed, c.pupils, TARGET_STUDENTS_INFORMED),
            shown(c.child_labour_5_17, c.pupils_5_17, TARGET_CHILD_LABOUR),
            Want::Int(c.hazardous),
            Want::Int(c.trafficked),
            trained_share(c),
        ]);
        (name.to_string(), cells)
    })
    .collect();
    for format in Format::ALL {
        let bytes = render(&doc, format).unwrap();
        let ext = format.extension();
        let grid = grid_of(ext, &bytes);
        let xlsx = format == Format::Xlsx;
        // The same figures in every format: the total's indicators, counts and support…
        assert_rows(&grid, &wanted_rows(&area.total), xlsx, ext);
        // …a row per school in name order, then the whole commune's…
        assert_rows(&grid, &schools, xlsx, &format!("{ext} by school"));
        let order: Vec<String> = grid
            .iter()
            // The table by school's rows: a name, then a number of classes.
            .filter(|r| r.len() > 1 && clean(&r[1]).parse::<u64>().is_ok())
            .map(|r| clean(&r[0]))
            .filter(|c| schools.iter().any(|(name, _)| name == c))
            .collect();
        assert_eq!(
            order,
            ["Trường THCS Bờ Sông", fx::SCHOOL, "Whole commune or ward"],
            "{ext}"
        );
        // …and who has not sent: the school without figures, the class missing in one.
        let last = if format == Format::Csv {
            "2026-06-03"
        } else {
            "03/06/2026"
        };
        let not_sent = [
            (
                "Trường TH Vắng".to_string(),
                vec![Want::Text("(no class has sent)"), Want::Text("never")],
            ),
            (fx::SCHOOL.to_string(), vec![Want::Text("8C"), Want::Text(last)]),
        ];
        assert_rows(&grid, &not_sent, xlsx, &format!("{ext} not sent"));
        // The table's title: a cell of the workbook and the CSV, a heading of the others.
        let title = "Schools and classes that have not sent figures for this period";
        assert!(
            grid.iter().flatten().any(|c| clean(c) == title) || String::from_utf8_lossy(&bytes).contains(title),
            "{ext}"
        );
        // The header: the commune, its code, the numbers of schools and classes.
        for (label, value) in [
            ("Commune or ward", "Xã Hư Cấu"),
            ("Commune or ward code", "99001"),
            ("Number of schools", "2"),
            ("Number of classes", "3"),
        ] {
            // Markdown lists it: `- **label**: value`.
            let md_line = format!("- **{label}**: {value}\n");
            assert!(
                grid.iter()
                    .any(|r| r.len() > 1 && clean(&r[0]) == label && clean(&r[1]) == value)
                    || String::from_utf8_lossy(&bytes).contains(&md_line),
                "{ext}: {label} {value}"
            );
        }
    }
}

#[test]
fn merging_a_full_export_warns_naming_the_file_and_takes_only_its_figures() {
    let _serial = one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fx::write_class(&d.join("a"), "8A", "HC001", &[1, 2, 3]);
    fx::write_class(&d.join("b"), "8B", "HC001", &[4, 5, 6]);
    let a = d.join("8A-full.xlsx");
    export(&d.join("a"), &a, &["--period", "2026-H1", "--detail", "full"]);
    let b = d.join("8B.md");
    export(&d.join("b"), &b, &["--period", "2026-H1"]);
    let out = d.join("truong.html");
    let assert = sotay()
        .args(["--lang", "en", "report", "merge"])
        .arg(&a)
        .arg(&b)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("8A-full.xlsx") && stderr.contains("CONFIDENTIAL") && !stderr.contains("8B.md"),
        "{stderr}"
    );
    // The school report names no pupil of the full export.
    let merged = std::fs::read(&out).unwrap();
    for n in 1..=3 {
        for personal in fx::personal_strings(n) {
            assert!(!contains_text(&merged, &personal), "{personal} in the school report");
        }
    }
}

/// `sotay report merge FILES -o OUT` with `args` before `report`, which must succeed; its
/// standard output and error.
fn merge_ok(files: &[PathBuf], out: &Path, args: &[&str]) -> (String, String) {
    let assert = sotay()
        .args(args)
        .args(["report", "merge"])
        .args(files)
        .arg("-o")
        .arg(out)
        .assert()
        .success();
    let o = assert.get_output();
    (
        String::from_utf8(o.stdout.clone()).unwrap(),
        String::from_utf8(o.stderr.clone()).unwrap(),
    )
}

/// The text of every visible sheet, cell by cell.
fn xlsx_texts(bytes: &[u8]) -> Vec<String> {
    xlsx_grid(bytes).into_iter().flatten().collect()
}

#[test]
fn every_report_defines_its_indicators_in_its_own_words() {
    let _serial = one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    let files = school_exports(dir.path());
    let school = dir.path().join("truong.md");
    merge_ok(&files, &school, &["--lang", "en"]);
    // The notebook's limits (7 and 90 days) in the definitions of the indicators that use
    // them; the same English words in every format.
    let intervened = R::DIntervened.fill(Lang::En, &[&"7 days"]);
    let monitored = R::DMonitored.fill(Lang::En, &[&"90 days"]);
    let every = [
        intervened.as_str(),
        monitored.as_str(),
        R::DEducation.get(Lang::En),
        R::DParents.get(Lang::En),
        R::DStudents.get(Lang::En),
        R::DChildLabour.get(Lang::En),
        R::DHazardous.get(Lang::En),
        R::DTrafficked.get(Lang::En),
        R::DSupportAll.get(Lang::En),
    ];
    for file in files.iter().chain([&school]) {
        let bytes = std::fs::read(file).unwrap();
        let texts = if file.extension().is_some_and(|e| e == "xlsx") {
            // A sheet of its own, in the workbook's visible sheets.
            assert!(
                sheets(&bytes)
                    .iter()
                    .any(|(n, visible, _)| n == "Definitions" && *visible),
                "{file:?}"
            );
            xlsx_texts(&bytes).join("\n")
        } else {
            String::from_utf8(bytes).unwrap()
        };
        for definition in every {
            assert!(
                contains_text(texts.as_bytes(), definition),
                "{file:?} lacks {definition:?}"
            );
        }
        // Nothing sends a school office to a file it does not have.
        assert!(
            !texts.contains("docs/indicators.md") && !texts.contains("docs/"),
            "{file:?}"
        );
    }
}

#[test]
fn a_reports_header_dates_are_yyyy_mm_dd_in_csv_and_dates_in_xlsx() {
    let _serial = one_at_a_time();
    let dir = notebook_8a();
    let (_, csv, _) = export_8a(dir.path(), "csv", "summary");
    let rows = csv_rows(&csv);
    let value = |label: R| {
        rows.iter()
            .find(|r| r.first() == Some(&en(label)))
            .map(|r| r[1..].to_vec())
            .unwrap_or_else(|| panic!("no {label:?} row"))
    };
    assert_eq!(value(R::HFrom), ["2025-12-15"]);
    assert_eq!(value(R::HTo), ["2026-06-14"]);
    assert_eq!(value(R::HAsOf), ["2026-06-14"]);
    let made = &value(R::HMadeOn)[0];
    assert!(NaiveDate::parse_from_str(made, "%Y-%m-%d").is_ok(), "{made}");
    // No date in the CSV's header is written any other way.
    let header = &rows[..rows
        .iter()
        .position(|r| r.first() == Some(&en(R::TblIndicators)))
        .unwrap()];
    for cell in header.iter().flatten() {
        assert!(
            NaiveDate::parse_from_str(cell, "%d/%m/%Y").is_err() && !cell.contains("/20"),
            "{cell}"
        );
    }

    let (_, xlsx, _) = export_8a(dir.path(), "xlsx", "summary");
    let all = sheets(&xlsx);
    let summary = &all[0].2;
    let date_of = |label: R| {
        let row = summary
            .iter()
            .find(|r| r.first() == Some(&Data::String(en(label))))
            .unwrap_or_else(|| panic!("no {label:?} row"));
        match &row[1] {
            Data::DateTime(d) => NaiveDate::from_ymd_opt(1899, 12, 30).unwrap() + chrono::Days::new(d.as_f64() as u64),
            other => panic!("{label:?} is not a date cell: {other:?}"),
        }
    };
    assert_eq!(date_of(R::HFrom), fx::d(15, 12, 2025));
    assert_eq!(date_of(R::HTo), fx::d(14, 6, 2026));
    assert_eq!(date_of(R::HAsOf), fx::d(14, 6, 2026));
    let _ = date_of(R::HMadeOn);
}

/// Class `class`'s notebook in `dir`, its profile's commune replaced by `commune`.
fn class_in(dir: &Path, class: &str, pupils: &[u32], commune: &str) -> PathBuf {
    class_with(dir, class, pupils, |p| p.commune = commune.to_string())
}

/// Class `class`'s notebook in `dir` with `pupils`, its profile changed by `edit`.
fn class_with(dir: &Path, class: &str, pupils: &[u32], edit: impl FnOnce(&mut sotay::domain::Profile)) -> PathBuf {
    let notebook = dir.join(format!("notebook-{class}"));
    fx::write_class(&notebook, class, "HC001", pupils);
    let store = Store::open(&notebook).unwrap();
    let mut profile = store.profile().unwrap().unwrap();
    edit(&mut profile);
    store.save_profile(&profile).unwrap();
    notebook
}

#[test]
fn a_school_report_takes_its_commune_from_the_classes_that_give_it() {
    let _serial = one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut files = Vec::new();
    for (class, commune) in [
        ("8A", ""),
        ("8B", "Xã Hư Cấu"),
        ("8C", "Xã Khác Hẳn"),
        ("8D", "Xã Khác Hẳn"),
    ] {
        let notebook = class_in(d, class, &[1, 2, 3], commune);
        let out = d.join(format!("{class}.csv"));
        export(&notebook, &out, &["--period", "2026-H1"]);
        files.push(out);
    }
    let header_value = |bytes: &[u8], label: R| -> Data {
        let all = sheets(bytes);
        let row = all[0]
            .2
            .iter()
            .find(|r| r.first() == Some(&Data::String(en(label))))
            .cloned()
            .unwrap_or_else(|| panic!("no {label:?}"));
        row[1].clone()
    };

    // 8A left it blank: the school report takes 8B's, and nobody disagrees.
    let out = d.join("ab.xlsx");
    let (_, stderr) = merge_ok(&files[..2], &out, &["--lang", "en"]);
    assert!(stderr.is_empty(), "{stderr}");
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(
        header_value(&bytes, R::HClasses),
        Data::Float(2.0),
        "a number, not text"
    );
    let commune_label = sotay::i18n::domain::field(Lang::En, sotay::domain::Field::Commune).to_string();
    let all = sheets(&bytes);
    let commune_row = all[0]
        .2
        .iter()
        .find(|r| r[0] == Data::String(commune_label.clone()))
        .unwrap();
    assert_eq!(commune_row[1], Data::String("Xã Hư Cấu".into()));

    // 8B says one commune, 8C and 8D another: the most common, with a warning naming
    // every file and what it says.
    let out = d.join("all.xlsx");
    let (_, stderr) = merge_ok(&files, &out, &["--lang", "en"]);
    let all = sheets(&std::fs::read(&out).unwrap());
    let commune_row = all[0]
        .2
        .iter()
        .find(|r| r[0] == Data::String(commune_label.clone()))
        .unwrap();
    assert_eq!(commune_row[1], Data::String("Xã Khác Hẳn".into()));
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    for part in [
        "the commune or ward",
        "«Xã Hư Cấu» (",
        "8B.csv)",
        "«Xã Khác Hẳn» (",
        "8C.csv, ",
        "8D.csv)",
        "The school report says «Xã Khác Hẳn»",
    ] {
        assert!(stderr.contains(part), "{part:?} in {stderr}");
    }
    assert!(!stderr.contains("8A.csv"), "8A gave none: {stderr}");
}

/// A class file is a stranger's file to the school: what the merge quotes of it (here a
/// commune carrying a terminal title and a screen clear) is shown escaped, never sent to the
/// principal's terminal.
#[test]
fn a_merge_never_prints_control_characters_read_from_a_file() {
    let _serial = one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut files = Vec::new();
    for (class, commune) in [("8A", "Xã Hư Cấu"), ("8B", "Xã\u{1b}]0;pwned\u{7}\u{1b}[2J")] {
        let out = d.join(format!("{class}.csv"));
        export(&class_in(d, class, &[1, 2], commune), &out, &["--period", "2026-H1"]);
        files.push(out);
    }
    let (_, stderr) = merge_ok(&files, &d.join("school.md"), &["--lang", "en"]);
    assert!(stderr.contains("the commune or ward"), "{stderr}");
    assert!(!stderr.contains(['\u{1b}', '\u{7}']), "{stderr:?}");
    assert!(stderr.contains("Xã\\u{1B}]0;pwned\\u{7}\\u{1B}[2J"), "{stderr}");
}

#[test]
fn a_merge_writes_in_the_language_of_its_files_unless_told_otherwise() {
    let _serial = one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Exported with the notebook's language (Vietnamese): no --lang.
    let mut files = Vec::new();
    for (class, pupils) in [("8A", &[1, 2, 3][..]), ("8B", &[4, 5, 6][..])] {
        let notebook = d.join(class);
        fx::write_class(&notebook, class, "HC001", pupils);
        let out = d.join(format!("{class}.html"));
        sotay()
            .arg("--data-dir")
            .arg(&notebook)
            .args(["export", "--period", "2026-H1", "-o"])
            .arg(&out)
            .assert()
            .success();
        files.push(out);
    }
    let title = |file: &Path| {
        let md = std::fs::read_to_string(file).unwrap();
        md.lines().next().unwrap_or_default().to_string()
    };
    let vi_title = format!("# {}", R::TitleSchool.fill(Lang::Vi, &[&fx::SCHOOL]));
    let en_title = format!("# {}", R::TitleSchool.fill(Lang::En, &[&fx::SCHOOL]));

    // The computer speaks English (LANG=C), the files Vietnamese: the report follows them,
    // and so do the messages.
    let out = d.join("truong.md");
    let (stdout, _) = merge_ok(&files, &out, &[]);
    assert_eq!(title(&out), vi_title);
    assert!(stdout.starts_with("Đã gộp báo cáo của 2 lớp"), "{stdout}");
    // --lang decides, before or after the command's name.
    let out = d.join("school.md");
    merge_ok(&files, &out, &["--lang", "en"]);
    assert_eq!(title(&out), en_title);
    let after = d.join("school-after.md");
    sotay()
        .args(["report", "merge", "--lang", "en"])
        .args(&files)
        .arg("-o")
        .arg(&after)
        .assert()
        .success();
    assert_eq!(title(&after), en_title);

    // Files in two languages: the computer's, as before.
    let notebook = d.join("8C");
    fx::write_class(&notebook, "8C", "HC001", &[7, 8]);
    let en_file = d.join("8C.csv");
    export(&notebook, &en_file, &["--period", "2026-H1"]);
    let out = d.join("mixed.md");
    merge_ok(&[files[0].clone(), en_file], &out, &[]);
    assert_eq!(title(&out), en_title);

    // A file that is no export is refused in the language of the files that did read, even
    // when it is given first.
    let stray = d.join("ghi-chu.txt");
    std::fs::write(&stray, "không phải báo cáo\n").unwrap();
    let refused = sotay()
        .args(["report", "merge"])
        .arg(&stray)
        .args(&files)
        .arg("-o")
        .arg(d.join("refused.md"))
        .assert()
        .failure();
    let stderr = String::from_utf8(refused.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("không phải báo cáo lớp do sotay xuất"), "{stderr}");
    assert!(!d.join("refused.md").exists());
}

/// Class files written by sotay before the figures carried their language and limits
/// (figures version 1, commit 4870ee9): 7A as CSV, 7B as XLSX without a commune.
fn version_1_files() -> [PathBuf; 2] {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/report_support/v1");
    [dir.join("7A.csv"), dir.join("7B.xlsx")]
}

#[test]
fn a_class_file_from_a_newer_sotay_merges_what_both_know_and_names_the_rest() {
    let _serial = one_at_a_time();
    let dir = notebook_8a();
    let (file, md, _) = export_8a(dir.path(), "md", "summary");
    // What a newer sotay would write: a later version with a figure this one does not know.
    let newer = figures::VERSION + 1;
    let md = String::from_utf8(md).unwrap().replacen(
        &format!("{} {}\n", figures::MARKER, figures::VERSION),
        &format!("{} {newer}\nfoster_visits\t3\n", figures::MARKER),
        1,
    );
    std::fs::write(&file, md).unwrap();
    let out = dir.path().join("school.xlsx");
    let (_, stderr) = merge_ok(std::slice::from_ref(&file), &out, &["--lang", "en"]);
    assert!(
        stderr.contains("8A-summary.md") && stderr.contains("foster_visits") && stderr.contains("not count"),
        "{stderr}"
    );
    // Every figure both know is counted as the class counted it.
    let read = sotay::report::merge::read(&file).unwrap();
    assert_eq!(read.counts, fx::counts_8a_h1());
    assert_eq!(read.not_counted, ["foster_visits"]);
    assert_school_workbook(&std::fs::read(&out).unwrap(), &[read], &fx::counts_8a_h1());
}

#[test]
fn class_files_written_before_version_2_still_merge() {
    let _serial = one_at_a_time();
    let [csv, xlsx] = version_1_files();
    for file in [&csv, &xlsx] {
        let f = sotay::report::merge::read(file).unwrap();
        assert_eq!((f.lang, f.header.limits), (None, None), "{file:?}");
        assert_eq!(f.header.school_code, "HC001");
    }
    // The old CSV once more as Excel in a Vietnamese locale saves it: `;` and dd/mm/yyyy.
    let dir = tempfile::tempdir().unwrap();
    let resaved = dir.path().join("7A-excel.csv");
    let rows: Vec<Vec<String>> = csv_rows(&std::fs::read(&csv).unwrap())
        .into_iter()
        .map(|r| {
            r.into_iter()
                .map(|c| match NaiveDate::parse_from_str(&c, "%Y-%m-%d") {
                    Ok(d) => d.format("%d/%m/%Y").to_string(),
                    Err(_) => c,
                })
                .collect()
        })
        .collect();
    let mut w = ::csv::WriterBuilder::new()
        .delimiter(b';')
        .flexible(true)
        .from_writer(Vec::new());
    for r in &rows {
        w.write_record(r).unwrap();
    }
    std::fs::write(&resaved, w.into_inner().unwrap()).unwrap();
    assert_eq!(
        sotay::report::merge::read(&resaved).unwrap(),
        sotay::report::merge::read(&csv).unwrap()
    );

    // With a class exported today, into a school report.
    let notebook = dir.path().join("notebook");
    fx::write_class(&notebook, "8A", "HC001", &[1, 2, 3]);
    let new = dir.path().join("8A.xlsx");
    export(&notebook, &new, &["--period", "2026-H1"]);
    let out = dir.path().join("truong.xlsx");
    let (stdout, stderr) = merge_ok(&[csv, xlsx, new], &out, &[]);
    assert!(stdout.contains("Classes merged: 3"), "{stdout}");
    // They lack the teachers' counts too (version 3): named once, both files.
    assert!(
        stderr.contains("7A.csv, ")
            && stderr.contains("7B.xlsx")
            && stderr.contains("trained_teachers")
            && !stderr.contains("8A.xlsx"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    let texts = xlsx_texts(&std::fs::read(&out).unwrap());
    // The old files say nothing of their limits, and the definitions say so.
    let limit = "the limit each class set (7A: not in its file; 7B: not in its file; 8A: 7 days)";
    assert!(texts.iter().any(|t| t.contains(limit)), "{texts:?}");
    assert!(texts.contains(&"Xã Hư Cấu".to_string()));
}

#[test]
fn docs_quote_the_definitions_the_reports_and_the_dashboard_print() {
    // One text for each rule: docs/indicators.md quotes, word for word, what every report
    // and the dashboard say (with the limits as N and M days), so the two cannot drift.
    let docs = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/indicators.md")).unwrap();
    let docs = docs.split_whitespace().collect::<Vec<_>>().join(" ");
    for i in sotay::report::summary::Indicator::ALL {
        let text = sotay::report::document::definition(Lang::En, i, "N days", "M days");
        assert!(docs.contains(&text), "docs/indicators.md does not quote: {text}");
    }
}

/// The dashboard of the notebook at `notebook`, in English, drawn whole on a tall terminal.
fn dashboard_text(notebook: &Path) -> String {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let store = Store::open(notebook).unwrap();
    let mut app =
        sotay::tui::App::new(store, Some(Lang::En), sotay::tui::keymap::Keymap::builtin(), Vec::new()).unwrap();
    // The dashboard is the third tab.
    for _ in 0..2 {
        app.handle_key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE));
    }
    let (w, h) = (160, 120);
    app.resize(w, h);
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
    t.draw(|f| sotay::tui::draw(&app, f)).unwrap();
    let buf = t.backend().buffer().clone();
    (0..h)
        .map(|y| (0..w).map(|x| buf[(x, y)].symbol()).collect::<String>() + "\n")
        .collect()
}

/// The lines of `text` after the first that holds `from`, up to the first that holds `to`.
fn section<'a>(text: &'a str, from: &str, to: &str) -> Vec<&'a str> {
    text.lines()
        .skip_while(|l| !l.contains(from))
        .skip(1)
        .take_while(|l| !l.contains(to))
        .collect()
}

/// The text block of figures an HTML or Markdown export embeds, as key/value pairs.
fn text_pairs(text: &str) -> BTreeMap<String, String> {
    text.lines()
        .skip_while(|l| !l.starts_with(figures::MARKER))
        .skip(1)
        .take_while(|l| *l != figures::END)
        .filter_map(|l| l.split_once('\t'))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn the_dashboard_every_report_format_and_the_figures_list_the_same_indicators() {
    use sotay::i18n::indicator::{name, short};
    let _serial = one_at_a_time();
    let dir = notebook_8a();
    let names: Vec<&str> = Indicator::ALL.iter().map(|i| name(Lang::En, *i)).collect();

    // The dashboard: a bar for each share, in the list's order, under its short name, then
    // every indicator's name in "how each is counted".
    let dash = dashboard_text(&dir.path().join("notebook"));
    let bars: Vec<String> = section(&dash, V::SecIndicators.get(Lang::En), V::SecActivity.get(Lang::En))
        .into_iter()
        .map(|l| l.trim_matches(|c: char| c == '│' || c.is_whitespace()).to_string())
        .filter(|l| l.contains("target"))
        .collect();
    let shares: Vec<Indicator> = Indicator::ALL.into_iter().filter(|i| i.target().is_some()).collect();
    assert_eq!(bars.len(), shares.len(), "{dash}");
    for (line, i) in bars.iter().zip(&shares) {
        assert!(line.starts_with(short(Lang::En, *i)), "{i:?}: {line}");
    }
    // The plain counts, each on a line of its own (hazardous work under the child-labour
    // row it refines).
    let activity = section(&dash, V::SecIndicators.get(Lang::En), V::SecActivity.get(Lang::En)).join("\n");
    for i in Indicator::ALL.into_iter().filter(|i| i.target().is_none()) {
        let said = match i {
            Indicator::Hazardous => "Of whom in heavy, hazardous or dangerous work: ".to_string(),
            _ => format!("{}: ", name(Lang::En, i)),
        };
        assert!(activity.contains(&said), "{i:?} not on the dashboard:\n{activity}");
    }
    let counted: Vec<String> = section(&dash, V::HowCounted.get(Lang::En), "\u{0}")
        .into_iter()
        .map(|l| l.trim_matches(|c: char| c == '│' || c.is_whitespace()).to_string())
        .filter(|l| names.contains(&l.as_str()))
        .collect();
    assert_eq!(counted, names, "{dash}");

    // Every format: the indicators table lists each indicator once, in the list's order,
    // with a count; the definitions list each once too.
    for format in ["xlsx", "csv", "html", "md"] {
        let (_, bytes, _) = export_8a(dir.path(), format, "summary");
        let grid = match format {
            "xlsx" => xlsx_grid(&bytes),
            "csv" => csv_rows(&bytes),
            "html" => html_grid(&String::from_utf8(bytes.clone()).unwrap()),
            _ => md_grid(&String::from_utf8(bytes.clone()).unwrap()),
        };
        assert_lists_the_indicators(&grid, format);

        // The figures it embeds hold every count each indicator is computed from.
        let pairs = match format {
            "xlsx" => xlsx_pairs(&bytes),
            "csv" => csv_pairs(&bytes),
            _ => text_pairs(&String::from_utf8(bytes).unwrap()),
        };
        for i in Indicator::ALL {
            let spec = i.spec();
            for key in std::iter::once(spec.count).chain(spec.out_of) {
                assert!(pairs.contains_key(key), "{format}: {i:?} needs {key}");
            }
        }
    }

    // A school report in every format: the same tables, and a column per indicator by class.
    let class_file = dir.path().join("8A-summary.xlsx");
    let shorts: Vec<&str> = Indicator::ALL.iter().map(|i| short(Lang::En, *i)).collect();
    for format in ["xlsx", "csv", "html", "md"] {
        let out = dir.path().join(format!("school.{format}"));
        merge_ok(std::slice::from_ref(&class_file), &out, &["--lang", "en"]);
        let bytes = std::fs::read(&out).unwrap();
        let grid = match format {
            "xlsx" => xlsx_grid(&bytes),
            "csv" => csv_rows(&bytes),
            "html" => html_grid(&String::from_utf8(bytes).unwrap()),
            _ => md_grid(&String::from_utf8(bytes).unwrap()),
        };
        assert_lists_the_indicators(&grid, format);
        let by_class = grid
            .iter()
            .find(|r| r.first().is_some_and(|c| clean(c) == en(R::ColClass)))
            .unwrap_or_else(|| panic!("{format}: a by-class table"));
        let columns: Vec<String> = by_class.iter().skip(2).map(|c| clean(c)).collect();
        assert_eq!(columns, shorts, "{format}: the by-class columns");
    }
}

/// Fails unless a report's indicators table lists every indicator once, in the list's order,
/// with a count, and its definitions list each once too.
fn assert_lists_the_indicators(grid: &[Vec<String>], what: &str) {
    let names: Vec<&str> = Indicator::ALL
        .iter()
        .map(|i| sotay::i18n::indicator::name(Lang::En, *i))
        .collect();
    let named = |counted: bool| -> Vec<String> {
        grid.iter()
            .filter(|r| r.len() > 1 && names.contains(&clean(&r[0]).as_str()))
            .filter(|r| clean(&r[1]).parse::<u64>().is_ok() == counted)
            .map(|r| clean(&r[0]))
            .collect()
    };
    assert_eq!(named(true), names, "{what}: the indicators table");
    assert_eq!(named(false), names, "{what}: the definitions");
}

// --- Property tests: figures read back from files no sotay wrote (docs/reliability.md) ----

mod decoders {
    use super::*;
    use crate::bounded::{budget, config, peak_of};
    use proptest::prelude::*;
    use sotay::report::figures::Val;
    use sotay::report::{Format, merge};
    use std::sync::OnceLock;

    /// Class 8A's summary for 2026-H1 in every format, made once (in this process).
    fn exports() -> &'static [(Format, Vec<u8>)] {
        static EXPORTS: OnceLock<Vec<(Format, Vec<u8>)>> = OnceLock::new();
        EXPORTS.get_or_init(|| {
            let _serial = one_at_a_time();
            let dir = notebook_8a();
            let store = Store::open(&dir.path().join("notebook")).unwrap();
            let (profile, book) = (store.profile().unwrap().unwrap(), store.casebook().unwrap());
            let h1 = ReportPeriod::parse("2026-H1").unwrap();
            let s = summarize(&profile, &book, h1, Detail::Summary, fx::d(20, 6, 2026));
            let doc = document::class_summary(&s, Lang::En);
            Format::ALL
                .into_iter()
                .map(|f| (f, sotay::report::render(&doc, f).unwrap()))
                .collect()
        })
    }

    fn export_of(format: Format) -> &'static [u8] {
        &exports().iter().find(|(f, _)| *f == format).unwrap().1
    }

    /// Reads `bytes` back as the merge does, by every reader: none may panic or take memory
    /// for what the bytes claim. What reads is then merged with a second class and written
    /// as a school report in every format.
    fn read_back(bytes: &[u8]) {
        let text = String::from_utf8_lossy(bytes);
        let read = [
            peak_of(|| figures::from_xlsx(bytes)),
            peak_of(|| figures::from_csv(bytes)),
            peak_of(|| Figures::from_text(&text)),
        ];
        for (figures, peak) in read {
            assert!(
                peak <= budget(bytes.len()),
                "{peak} bytes for {} bytes of input",
                bytes.len()
            );
            if let Ok(f) = figures {
                merge_and_render(f);
            }
        }
    }

    /// A school report of `f` and the same figures as another class: none may panic.
    fn merge_and_render(f: Figures) {
        let mut other = f.clone();
        other.header.class = format!("{}X", other.header.class);
        let classes = vec![(PathBuf::from("a"), f), (PathBuf::from("b"), other)];
        if let Ok(report) = merge::merge(classes, fx::d(20, 6, 2026)) {
            for lang in [Lang::Vi, Lang::En] {
                let doc = document::school_report(&report, lang);
                for format in Format::ALL {
                    let _ = sotay::report::render(&doc, format);
                }
            }
        }
    }

    /// One change to a file's bytes.
    #[derive(Clone, Debug)]
    enum Edit {
        Flip(prop::sample::Index, u8),
        Insert(prop::sample::Index, Vec<u8>),
        Remove(prop::sample::Index, usize),
    }

    fn edit() -> impl Strategy<Value = Edit> {
        prop_oneof![
            (any::<prop::sample::Index>(), 1..=255u8).prop_map(|(at, x)| Edit::Flip(at, x)),
            (any::<prop::sample::Index>(), prop::collection::vec(any::<u8>(), 1..16))
                .prop_map(|(at, b)| Edit::Insert(at, b)),
            (any::<prop::sample::Index>(), 1..64usize).prop_map(|(at, n)| Edit::Remove(at, n)),
        ]
    }

    fn edited(bytes: &[u8], edits: &[Edit]) -> Vec<u8> {
        let mut bytes = bytes.to_vec();
        for e in edits {
            match e {
                Edit::Flip(at, x) if !bytes.is_empty() => {
                    let i = at.index(bytes.len());
                    bytes[i] ^= x;
                }
                Edit::Insert(at, b) => {
                    let i = at.index(bytes.len() + 1);
                    bytes.splice(i..i, b.iter().copied());
                }
                Edit::Remove(at, n) if !bytes.is_empty() => {
                    let i = at.index(bytes.len());
                    bytes.drain(i..(i + n).min(bytes.len()));
                }
                _ => {}
            }
        }
        bytes
    }

    /// The figures block's lines (between the marker and the end) of a text export.
    fn block_lines() -> Vec<String> {
        let md = std::str::from_utf8(export_of(Format::Md)).unwrap();
        let block = Figures::from_text(md).unwrap().to_block();
        block.lines().map(str::to_string).collect()
    }

    /// A line of a figures block as a hand, a spreadsheet or damage might leave it.
    fn block_line() -> impl Strategy<Value = String> {
        let keys = block_lines()
            .iter()
            .filter_map(|l| l.split_once('\t').map(|(k, _)| k.to_string()))
            .collect::<Vec<_>>();
        let value = prop_oneof![
            any::<u64>().prop_map(|n| n.to_string()),
            Just(u64::MAX.to_string()),
            Just("18446744073709551616".to_string()),
            "-?[0-9]{1,25}",
            "[0-9]{4}-[0-9]{2}-[0-9]{2}",
            "[0-9]{1,2}/[0-9]{1,2}/-?[0-9]{1,6}",
            "-?[0-9]{1,6}(-H1|-[0-9]{1,6})?",
            "[0-9./ -]{0,30}",
            "(%[0-9A-Fa-f]{0,2}|\\PC){0,20}",
            Just("vi".to_string()),
            Just("full".to_string()),
        ];
        // Any count may be any whole number: those changes leave figures that read.
        let count = any::<u64>().prop_map(|n| format!("pupils\t{n}"));
        prop_oneof![
            4 => (prop::sample::select(keys), value).prop_map(|(k, v)| format!("{k}\t{v}")),
            4 => count,
            1 => "\\PC{0,40}",
            1 => "#sotay-figures [0-9]{1,3}",
            1 => Just("#end".to_string()),
        ]
    }

    proptest! {
        #![proptest_config(config(300))]

        #[test]
        fn random_bytes_read_as_no_figures_never_a_panic(
            zip in any::<bool>(),
            body in prop::collection::vec(any::<u8>(), 0..4000),
        ) {
            // Behind a zip's signature half the time, as the merge tells an XLSX.
            let mut bytes = if zip { b"PK\x03\x04".to_vec() } else { Vec::new() };
            bytes.extend(body);
            read_back(&bytes);
        }

        #[test]
        fn damaged_exports_of_every_format_read_or_are_refused(
            format in prop::sample::select(Format::ALL.to_vec()),
            edits in prop::collection::vec(edit(), 1..8),
        ) {
            read_back(&edited(export_of(format), &edits));
        }

        #[test]
        fn text_exports_with_figures_blocks_changed_line_by_line_read_or_are_refused(
            format in prop::sample::select(vec![Format::Html, Format::Md, Format::Csv]),
            changes in prop::collection::vec((prop::bool::weighted(0.2), any::<prop::sample::Index>(), block_line()), 1..6),
            before in "\\PC{0,40}",
        ) {
            let lines = block_lines();
            let mut block = lines.clone();
            // A line replaced (its key gone), or one added (a later key wins).
            for (replace, at, line) in changes {
                if replace {
                    let i = at.index(block.len());
                    block[i] = line;
                } else {
                    block.insert(at.index(block.len() + 1), line);
                }
            }
            let block = block.join("\n");
            let original = lines.join("\n");
            let bytes = match format {
                // The CSV's rows: `key,value`, with the block's tab as the comma.
                Format::Csv => {
                    let csv = std::str::from_utf8(export_of(Format::Csv)).unwrap();
                    let at = csv.find("#sotay-figures").unwrap();
                    format!("{before}\n{}{}", &csv[..at], block.replace('\t', ","))
                }
                _ => {
                    let text = std::str::from_utf8(export_of(format)).unwrap();
                    format!("{before}\n{}", text.replace(&original, &block))
                }
            };
            read_back(bytes.as_bytes());
        }
    }

    /// A cell of a workbook's figures sheet: anywhere on the sheet, of any type.
    #[derive(Clone, Debug)]
    enum Cell {
        Text(String),
        Number(f64),
        Bool(bool),
        Formula(String),
    }

    fn cell() -> impl Strategy<Value = Cell> {
        prop_oneof![
            "\\PC{0,30}".prop_map(Cell::Text),
            any::<f64>().prop_map(Cell::Number),
            prop_oneof![
                Just(0.0),
                Just(1.0),
                Just(2f64.powi(53)),
                Just(1e300),
                Just(-1.0),
                Just(0.5)
            ]
            .prop_map(Cell::Number),
            any::<bool>().prop_map(Cell::Bool),
            Just(Cell::Formula("=1/0".into())),
        ]
    }

    /// Where a cell goes: mostly near the figures, sometimes in a far column, rarely in a
    /// far row, up to the sheet's last cell (XFD1048576): none may make a reader allocate the
    /// rectangle up to it. (Far rows are rare only because writing them takes rust_xlsxwriter
    /// time: the reader is as quick with them.)
    fn place() -> impl Strategy<Value = (u32, u16)> {
        prop_oneof![
            40 => (0..80u32, 0..4u16),
            10 => (0..80u32, 0..16_384u16),
            1 => (0..1_048_576u32, 0..16_384u16),
            1 => Just((1_048_575, 16_383)),
        ]
    }

    fn workbook(pairs: &[(String, Val)], cells: &[((u32, u16), Cell)], sheet: &str) -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let ws = book.add_worksheet();
        ws.set_name(sheet).unwrap();
        for (row, (k, v)) in pairs.iter().enumerate() {
            let row = row as u32;
            ws.write_string(row, 0, k).unwrap();
            match v {
                Val::Int(n) => ws.write_number(row, 1, *n as f64).unwrap(),
                Val::Text(t) => ws.write_string(row, 1, t).unwrap(),
            };
        }
        for ((row, col), c) in cells {
            let _ = match c {
                Cell::Text(t) => ws.write_string(*row, *col, t),
                Cell::Number(n) => ws.write_number(*row, *col, *n),
                Cell::Bool(b) => ws.write_boolean(*row, *col, *b),
                Cell::Formula(f) => ws.write_formula(*row, *col, f.as_str()),
            };
        }
        book.save_to_buffer().unwrap()
    }

    #[test]
    fn a_figures_sheet_with_a_cell_in_its_far_corner_reads_in_little_memory() {
        // Found by the property below: the reader allocated every cell of the rectangle up
        // to XFD1048576 (258 GB) and the program aborted.
        let f = Figures::from_text(std::str::from_utf8(export_of(Format::Md)).unwrap()).unwrap();
        let far = [((1_048_575, 16_383), Cell::Text("lạc chỗ".into()))];
        let bytes = workbook(&f.to_pairs(), &far, figures::SHEET);
        let (read, peak) = peak_of(|| figures::from_xlsx(&bytes));
        assert_eq!(read, Ok(f));
        assert!(peak <= budget(bytes.len()), "{peak}");
    }

    #[test]
    fn an_xlsx_that_unpacks_to_more_than_an_export_can_hold_is_refused_unread() {
        use std::io::Write;
        // The real export with a shared string of 65 MB in front of the others: under 1 MB
        // zipped, and a reader that unpacked it would hold it all.
        let export = export_of(Format::Xlsx);
        let mut source = zip::ZipArchive::new(Cursor::new(export)).unwrap();
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let mut strings = String::new();
        for i in 0..source.len() {
            let mut part = source.by_index(i).unwrap();
            if part.name().unwrap() == "xl/sharedStrings.xml" {
                part.read_to_string(&mut strings).unwrap();
            } else {
                out.raw_copy_file(part).unwrap();
            }
        }
        let (head, tail) = strings.split_at(strings.find("<si>").unwrap());
        let deflated = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        out.start_file("xl/sharedStrings.xml", deflated).unwrap();
        out.write_all(head.as_bytes()).unwrap();
        out.write_all(b"<si><t>").unwrap();
        let letters = vec![b'a'; 1 << 20];
        for _ in 0..=(figures::MAX_UNZIPPED >> 20) {
            out.write_all(&letters).unwrap();
        }
        out.write_all(b"</t></si>").unwrap();
        out.write_all(tail.as_bytes()).unwrap();
        let bytes = out.finish().unwrap().into_inner();
        assert!(bytes.len() < 1 << 20, "{}", bytes.len());
        let (read, peak) = peak_of(|| figures::from_xlsx(&bytes));
        assert_eq!(read, Err(figures::FiguresError::Missing));
        assert!(peak <= budget(bytes.len()), "{peak}");
    }

    proptest! {
        // Each case writes a workbook and reads it back: fewer cases.
        #![proptest_config(config(100))]

        #[test]
        fn small_random_workbooks_read_or_are_refused_in_bounded_memory(
            left_out in prop::collection::vec(any::<prop::sample::Index>(), 0..3),
            cells in prop::collection::vec((place(), cell()), 0..8),
            sheet in prop_oneof![4 => Just(figures::SHEET.to_string()), 1 => "[A-Za-z]{1,10}"],
        ) {
            let f = Figures::from_text(std::str::from_utf8(export_of(Format::Md)).unwrap()).unwrap();
            // The real figures, a few left out; then stray cells anywhere.
            let mut pairs = f.to_pairs();
            for i in left_out {
                pairs.remove(i.index(pairs.len()));
            }
            read_back(&workbook(&pairs, &cells, &sheet));
        }
    }
}

#[test]
fn merge_refuses_a_file_larger_than_any_export_without_reading_it() {
    let _serial = one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = d.join("truong.xlsx");
    // A sparse file: 33 MB to the merge, nothing on the disk.
    let big = d.join("8A.csv");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(sotay::report::merge::MAX_FILE_BYTES + 1)
        .unwrap();
    let mut files = vec![big.clone()];
    // A device that never ends is refused as quickly.
    if Path::new("/dev/zero").exists() {
        files.push(PathBuf::from("/dev/zero"));
    }
    for file in files {
        for (lang, words) in [
            (
                "en",
                "is larger than 32 MB, so it is not a class report exported by sotay; it was not read",
            ),
            (
                "vi",
                "lớn hơn 32 MB, không phải báo cáo lớp do sotay xuất; không đọc tệp này",
            ),
        ] {
            let assert = sotay()
                .args(["--lang", lang, "report", "merge"])
                .arg(&file)
                .arg("-o")
                .arg(&out)
                .assert()
                .code(5);
            let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
            assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
            assert!(stderr.contains(&format!("{} {words}", file.display())), "{stderr}");
            assert!(!out.exists());
        }
    }
}
