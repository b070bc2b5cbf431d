//! CSV and tab-separated text: decoding (UTF-8 with or without BOM, UTF-16 as Excel's
//! "Unicode Text" writes it, Windows-1258 as Excel's plain "CSV" writes it on a Vietnamese
//! Windows) and the separator, which is sniffed.

use std::path::Path;

use encoding_rs::WINDOWS_1258;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::ImportError;
use super::header;
use super::table::{Cell, Row, Table};

const SEPARATORS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// Reads a CSV file already in memory.
pub fn read(path: &Path, bytes: &[u8]) -> Result<Table, ImportError> {
    let text = decode(bytes).ok_or_else(|| ImportError::NotUtf8 { path: path.into() })?;
    // Excel honours a first line `sep=;`; so do we.
    let hint = text
        .lines()
        .next()
        .and_then(|l| l.trim().strip_prefix("sep="))
        .filter(|s| s.len() == 1)
        .map(|s| s.as_bytes()[0]);
    let candidates: Vec<u8> = hint.map_or(SEPARATORS.to_vec(), |c| vec![c]);
    let mut best: Option<((bool, bool, usize, usize), Table)> = None;
    for sep in candidates {
        let table = parse(path, &text, sep, hint.is_some())?;
        let rank = rank(&table);
        if best.as_ref().is_none_or(|(r, _)| rank > *r) {
            best = Some((rank, table));
        }
    }
    let table = best.map(|(_, t)| t).unwrap_or_default();
    if table.rows.iter().all(Row::is_blank) {
        return Err(ImportError::Empty { path: path.into() });
    }
    Ok(table)
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

fn parse(path: &Path, text: &str, sep: u8, skip_hint: bool) -> Result<Table, ImportError> {
    // The csv crate counts a CRLF file's lines one short after the header (it starts the
    // next record at the '\n'), so Windows line ends become '\n' first: the line numbers
    // the preview gives must be the ones the teacher's editor shows.
    let unix;
    let text = if text.contains("\r\n") {
        unix = text.replace("\r\n", "\n");
        unix.as_str()
    } else {
        text
    };
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sep)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| ImportError::Csv {
            path: path.into(),
            line: e.position().map_or(0, |p| p.line()),
            message: e.to_string(),
        })?;
        if i == 0 && skip_hint {
            continue;
        }
        let line = record.position().map_or(i + 1, |p| p.line() as usize);
        let cells = record.iter().map(|f| Cell::text(unwrap_formula(f))).collect();
        rows.push(Row { line, cells });
    }
    Ok(Table { rows, sheet: None })
}

/// `="0900080039"` is how some programs keep a leading zero through Excel.
fn unwrap_formula(field: &str) -> &str {
    field
        .trim()
        .strip_prefix("=\"")
        .and_then(|f| f.strip_suffix('"'))
        .unwrap_or(field)
}

/// The file as text, or `None` when it is in no encoding we can trust.
fn decode(bytes: &[u8]) -> Option<String> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8(rest.to_vec()).ok();
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, u16::from_be_bytes);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Some(s.to_string());
    }
    windows_1258(bytes)
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
        let t = read(p, semi.as_bytes()).unwrap();
        assert_eq!(
            cells(&t, 1),
            ["1", "Lê Văn Dũng", "27/03/2013", "Thôn Trung, xã Quang Phục"]
        );
        let tab = "Họ và tên\tNgày sinh\nLê Văn Dũng\t27/03/2013\n";
        assert_eq!(read(p, tab.as_bytes()).unwrap().rows[1].cells.len(), 2);
        let hinted = "sep=;\nHọ và tên;Ngày sinh\nA, B;27/03/2013\n";
        let t = read(p, hinted.as_bytes()).unwrap();
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
        assert_eq!(cells(&read(p, &bom).unwrap(), 0), ["Họ và tên", "Ngày sinh"]);
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "Họ và tên\tNgày sinh\n".encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(cells(&read(p, &utf16).unwrap(), 0), ["Họ và tên", "Ngày sinh"]);
        // "Họ và tên" in Windows-1258: ọ is o + combining dot below (0xF2).
        let cp1258 = b"H\x6F\xF2 v\xE0 t\xEAn,Ng\xE0y sinh\n";
        assert_eq!(cells(&read(p, cp1258).unwrap(), 0), ["Họ và tên", "Ngày sinh"]);
        // The same words in TCVN3 decode to symbols: refused.
        let tcvn3 = b"H\xe4 v\xb5 t\xaan,Ng\xb5y sinh\n";
        assert!(matches!(read(p, tcvn3), Err(ImportError::NotUtf8 { .. })));
    }

    #[test]
    fn quoted_fields_keep_commas_and_newlines() {
        let p = Path::new("x.csv");
        let s = "Họ và tên,Địa chỉ,Ghi chú\n\"Lê Văn Dũng\",\"Thôn Trung, xã Quang Phục\",\"dòng 1\ndòng 2\"\nĐỗ Khánh Giang,Thôn Tây,\n";
        let t = read(p, s.as_bytes()).unwrap();
        assert_eq!(cells(&t, 1)[2], "dòng 1\ndòng 2");
        // The next record starts on line 4: lines are the ones an editor shows.
        assert_eq!(t.rows[2].line, 4);
        assert_eq!(unwrap_formula("=\"0900080039\""), "0900080039");
    }
}
