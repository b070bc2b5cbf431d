//! CSV and tab-separated text: decoding (UTF-8 with or without BOM, UTF-16 as Excel's
//! "Unicode Text" writes it, Windows-1258 as Excel's plain "CSV" writes it on a Vietnamese
//! Windows) and the separator, which is sniffed.

use std::path::Path;

use encoding_rs::WINDOWS_1258;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::ImportError;
use super::header;
use super::table::{Cell, MAX_COLS, MAX_TABLE_ROWS, Row, Table};

const SEPARATORS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// Reads a CSV file already in memory.
pub fn read(path: &Path, bytes: Vec<u8>) -> Result<Table, ImportError> {
    let text = decode(bytes).ok_or_else(|| ImportError::NotUtf8 { path: path.into() })?;
    // Windows line ends become '\n' first, so a line break in a quoted cell is one
    // character, and every '\n' or '\r' left is one line as an editor counts them.
    let text = if text.contains("\r\n") {
        text.replace("\r\n", "\n")
    } else {
        text
    };
    // Excel honours a first line `sep=;`; so do we.
    let hint = text
        .lines()
        .next()
        .and_then(|l| l.trim().strip_prefix("sep="))
        .filter(|s| s.len() == 1)
        .map(|s| s.as_bytes()[0]);
    let candidates: Vec<u8> = hint.map_or(SEPARATORS.to_vec(), |c| vec![c]);
    let mut best: Option<((bool, bool, usize, usize), Parsed)> = None;
    for sep in candidates {
        let parsed = parse(&text, sep, hint.is_some());
        let rank = rank(&parsed.table);
        if best.as_ref().is_none_or(|(r, _)| rank > *r) {
            best = Some((rank, parsed));
        }
    }
    let parsed = best.map(|(_, p)| p).unwrap_or_default();
    if parsed.rows > MAX_TABLE_ROWS {
        return Err(ImportError::TooManyRows {
            path: path.into(),
            sheet: None,
            rows: parsed.rows,
            at_least: false,
        });
    }
    if parsed.table.rows.iter().all(Row::is_blank) {
        return Err(ImportError::Empty { path: path.into() });
    }
    Ok(Table {
        path: path.into(),
        ..parsed.table
    })
}

/// The separator that makes a header appear wins; between equals, the one that splits the
/// most rows into the same number of fields (a comma inside an unquoted address splits
/// rows unevenly).
fn rank(table: &Table) -> (bool, bool, usize, usize) {
    let (name, birth, score) =
        header::best(table).map_or((false, false, 0), |h| (h.has_name(), h.has_birth_date(), h.score()));
    let mut counts = std::collections::HashMap::<usize, usize>::new();
    for r in table.rows.iter().filter(|r| r.cells.len() > 1) {
        *counts.entry(r.cells.len()).or_default() += 1;
    }
    let even = counts.iter().map(|(width, n)| width * n).max().unwrap_or(0);
    (name, birth, score, even)
}

/// The rows kept (at most [`MAX_TABLE_ROWS`] non-blank ones, of [`MAX_COLS`] cells) and
/// how many non-blank rows the file has.
#[derive(Default)]
struct Parsed {
    table: Table,
    rows: usize,
}

/// Splits `text` into rows field by field (csv-core), so that neither a row of a million
/// separators nor a million rows is ever held whole: cells past [`MAX_COLS`] and rows past
/// [`MAX_TABLE_ROWS`] are only counted. Each row keeps the line it starts on, as an editor
/// numbers lines (counted here: csv-core skips blank lines between records unseen).
fn parse(text: &str, sep: u8, skip_hint: bool) -> Parsed {
    let breaks = |bytes: &[u8]| bytes.iter().filter(|b| matches!(b, b'\n' | b'\r')).count();
    let mut reader = csv_core::ReaderBuilder::new().delimiter(sep).build();
    let mut input = text.as_bytes();
    let mut out = [0u8; 4096];
    let mut field: Vec<u8> = Vec::new();
    let mut cells: Vec<Cell> = Vec::new();
    let mut parsed = Parsed::default();
    // The line of the next byte of `input`, and the one the record being read starts on.
    let mut line = 1;
    let mut start_line = None;
    let mut record = 0usize;
    loop {
        if start_line.is_none() {
            // Blank lines before a record are skipped here, so it starts on its own line.
            let blank = input.iter().take_while(|b| matches!(b, b'\n' | b'\r')).count();
            line += blank;
            input = &input[blank..];
            start_line = Some(line);
        }
        let (result, read, written) = reader.read_field(input, &mut out);
        line += breaks(&input[..read]);
        input = &input[read..];
        field.extend_from_slice(&out[..written]);
        match result {
            csv_core::ReadFieldResult::InputEmpty | csv_core::ReadFieldResult::OutputFull => {}
            csv_core::ReadFieldResult::Field { record_end } => {
                if cells.len() < MAX_COLS {
                    // Split on ASCII bytes of valid UTF-8: each field is valid UTF-8.
                    let f = String::from_utf8_lossy(&field);
                    cells.push(Cell::text(unwrap_formula(&f)));
                }
                field.clear();
                if record_end {
                    let row = Row {
                        line: start_line.take().unwrap_or(line),
                        cells: std::mem::take(&mut cells),
                    };
                    let hint_line = record == 0 && skip_hint;
                    record += 1;
                    if hint_line || row.is_blank() {
                        continue;
                    }
                    parsed.rows += 1;
                    if parsed.rows <= MAX_TABLE_ROWS {
                        parsed.table.rows.push(row);
                    }
                }
            }
            csv_core::ReadFieldResult::End => break,
        }
    }
    parsed
}

/// `="0900080039"` is how some programs keep a leading zero through Excel.
fn unwrap_formula(field: &str) -> &str {
    field
        .trim()
        .strip_prefix("=\"")
        .and_then(|f| f.strip_suffix('"'))
        .unwrap_or(field)
}

/// The file as text, or `None` when it is in no encoding we can trust. UTF-8 is taken as
/// it is, without a copy.
fn decode(mut bytes: Vec<u8>) -> Option<String> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
        return String::from_utf8(bytes).ok();
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, u16::from_be_bytes);
    }
    match String::from_utf8(bytes) {
        Ok(s) => Some(s),
        Err(e) => windows_1258(e.as_bytes()),
    }
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Option<String> {
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    let units = bytes.chunks_exact(2).map(|p| unit([p[0], p[1]]));
    char::decode_utf16(units).collect::<Result<String, _>>().ok()
}

/// Windows-1258, accepted only when every letter it gives is Vietnamese: text in the old
/// TCVN3 or other 8-bit encodings decodes to symbols, and is refused rather than imported
/// as garbage.
fn windows_1258(bytes: &[u8]) -> Option<String> {
    let (text, had_errors) = WINDOWS_1258.decode_without_bom_handling(bytes);
    if had_errors {
        return None;
    }
    let text: String = text.nfc().collect();
    text.chars()
        .all(|c| c.is_ascii() || is_vietnamese_letter(c) || "–—‘’“”…•·«»°\u{a0}".contains(c))
        .then_some(text)
}

fn is_vietnamese_letter(c: char) -> bool {
    if matches!(c, 'đ' | 'Đ') {
        return true;
    }
    let parts: Vec<char> = std::iter::once(c).nfd().collect();
    // A Latin letter with tone marks or the circumflex, breve or horn of â ă ê ô ơ ư.
    parts.len() > 1
        && parts[0].is_ascii_alphabetic()
        && parts[1..].iter().all(|m| {
            is_combining_mark(*m)
                && matches!(
                    m,
                    '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}' | '\u{302}' | '\u{306}' | '\u{31b}'
                )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(t: &Table, i: usize) -> Vec<String> {
        t.rows[i].cells.iter().map(Cell::display).collect()
    }

    #[test]
    fn separators_are_sniffed() {
        let p = Path::new("x.csv");
        let semi = "STT;Họ và tên;Ngày sinh;Địa chỉ\r\n1;Lê Văn Dũng;27/03/2013;Thôn Trung, xã Quang Phục\r\n";
        let t = read(p, semi.as_bytes().to_vec()).unwrap();
        assert_eq!(
            cells(&t, 1),
            ["1", "Lê Văn Dũng", "27/03/2013", "Thôn Trung, xã Quang Phục"]
        );
        let tab = "Họ và tên\tNgày sinh\nLê Văn Dũng\t27/03/2013\n";
        assert_eq!(read(p, tab.as_bytes().to_vec()).unwrap().rows[1].cells.len(), 2);
        let hinted = "sep=;\nHọ và tên;Ngày sinh\nA, B;27/03/2013\n";
        let t = read(p, hinted.as_bytes().to_vec()).unwrap();
        assert_eq!(
            (t.rows[0].line, cells(&t, 1)),
            (2, vec!["A, B".to_string(), "27/03/2013".into()])
        );
    }

    #[test]
    fn encodings() {
        let p = Path::new("x.csv");
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice("Họ và tên,Ngày sinh\n".as_bytes());
        assert_eq!(cells(&read(p, bom).unwrap(), 0), ["Họ và tên", "Ngày sinh"]);
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "Họ và tên\tNgày sinh\n".encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(cells(&read(p, utf16).unwrap(), 0), ["Họ và tên", "Ngày sinh"]);
        // "Họ và tên" in Windows-1258: ọ is o + combining dot below (0xF2).
        let cp1258 = b"H\x6F\xF2 v\xE0 t\xEAn,Ng\xE0y sinh\n";
        assert_eq!(cells(&read(p, cp1258.to_vec()).unwrap(), 0), ["Họ và tên", "Ngày sinh"]);
        // The same words in TCVN3 decode to symbols: refused.
        let tcvn3 = b"H\xe4 v\xb5 t\xaan,Ng\xb5y sinh\n";
        assert!(matches!(read(p, tcvn3.to_vec()), Err(ImportError::NotUtf8 { .. })));
    }

    #[test]
    fn quoted_fields_keep_commas_and_newlines() {
        let p = Path::new("x.csv");
        let s = "Họ và tên,Địa chỉ,Ghi chú\n\"Lê Văn Dũng\",\"Thôn Trung, xã Quang Phục\",\"dòng 1\ndòng 2\"\nĐỗ Khánh Giang,Thôn Tây,\n";
        let t = read(p, s.as_bytes().to_vec()).unwrap();
        assert_eq!(cells(&t, 1)[2], "dòng 1\ndòng 2");
        // The next record starts on line 4: lines are the ones an editor shows.
        assert_eq!(t.rows[2].line, 4);
    }

    #[test]
    fn rows_keep_the_line_an_editor_shows_after_blank_lines() {
        let lines = |s: &str| -> Vec<usize> {
            let t = read(Path::new("x.csv"), s.as_bytes().to_vec()).unwrap();
            t.rows.iter().map(|r| r.line).collect()
        };
        // csv-core skips blank lines unseen: these were lines 1, 2 and 4.
        let s = "Họ và tên,Ngày sinh\n\nLê Văn Dũng,27/03/2013\n\n\nPhan Thu Hoa,31/02/2013";
        assert_eq!(lines(s), [1, 3, 6]);
        assert_eq!(lines(&s.replace('\n', "\r\n")), [1, 3, 6]);
        // Old Mac line ends, and a row of separators only (a line, though not kept).
        assert_eq!(lines("Họ và tên\r\rLê Văn Dũng\r,,\rPhan Thu Hoa\r"), [1, 3, 5]);
        assert_eq!(lines("\n\nHọ và tên\n\"Lê\n\nVăn\"\n\nDũng"), [3, 4, 8]);
        assert_eq!(unwrap_formula("=\"0900080039\""), "0900080039");
    }
}
