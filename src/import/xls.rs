//! Bounds on an old Excel (XLS, BIFF) workbook, checked before calamine reads it.
//!
//! calamine reads every sheet of an XLS into a dense grid as it opens the file, sized by
//! the sheet's DIMENSIONS record and its farthest cells, and keeps them all; it also
//! trusts some record lengths. So the workbook stream is walked here first as calamine
//! will walk it (the globals up to their EOF, then each sheet from the position its
//! BOUNDSHEET gives, skipping the BOF…EOF blocks of charts nested inside it), and the
//! file is refused when the grids of all its sheets together would pass [`MAX_CELLS`],
//! when a cell lies past [`MAX_COLS`], or when a record is one calamine would misread.
//! (calamine trusts the lengths of more records than these; `sheet::read` catches what it
//! still stops on.)

use std::io::{Cursor, Read};
use std::path::Path;

use super::sheet::cell_name;
use super::table::MAX_COLS;
use super::{Damage, ImportError};

/// The most cells calamine's grids may hold for a whole workbook, all sheets together:
/// 2,048 rows of 256 columns, or 5,000 pupils in 100 columns. Each cell takes 32 bytes and
/// the sheet read is copied once more (`worksheet_range`), so a workbook at the limit
/// peaks at about 37 MB (docs/performance.md), within an import's 60 MB.
pub const MAX_CELLS: usize = 1 << 19;

/// Characters of text calamine may hold for the cells of a whole workbook (up to 3 bytes
/// each): a class list has a few hundred thousand. A LABEL makes room for the length it
/// claims (65,535 characters for a record of 13 bytes), and each cell showing a shared
/// string gets a copy of it.
pub const MAX_TEXT_CHARS: usize = 2 << 20;

const BOF: u16 = 0x0809;
const CONTINUE: u16 = 0x003C;
const EOF: u16 = 0x000A;
const BOUNDSHEET: u16 = 0x0085;
const DIMENSIONS: u16 = 0x0200;
const MERGE_CELLS: u16 = 0x00E5;
const MUL_RK: u16 = 0x00BD;
const FORMULA: u16 = 0x0006;
/// A formula's text result: calamine puts it at the place of the formula before it.
const STRING: u16 = 0x0207;
const SST: u16 = 0x00FC;
const LABEL: u16 = 0x0204;
const LABEL_SST: u16 = 0x00FD;
const RSTRING: u16 = 0x00D6;
/// Records that hold one cell, with its row and column in their first four bytes, as
/// calamine reads them: number, label, label (shared string), bool or error, RK, rich
/// string (and FORMULA).
const ONE_CELL: [u16; 6] = [0x0203, LABEL, LABEL_SST, 0x0205, 0x027E, RSTRING];

/// Checks the workbook stream of an XLS file (see the module). A file the `cfb` reader
/// cannot open, or without a workbook stream, is refused as damaged: it is not known what
/// calamine's own reader would make of it.
pub fn check(path: &Path, bytes: &[u8]) -> Result<(), ImportError> {
    let damaged = |damage| ImportError::Workbook {
        path: path.into(),
        damage,
    };
    let mut cfb = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|_| damaged(Damage::Structure))?;
    let mut stream = ["Workbook", "Book"]
        .into_iter()
        .find_map(|s| cfb.open_stream(s).ok())
        .ok_or_else(|| damaged(Damage::NoWorkbook))?;
    let mut data = Vec::new();
    // The stream is inside the file, which is at most `MAX_FILE_BYTES`.
    stream.read_to_end(&mut data).map_err(|_| damaged(Damage::Structure))?;
    walk(path, &data)
}

/// A record as calamine's `RecordIter` splits the stream: its type, its data, and the
/// data of the CONTINUE records after it, which calamine joins to it.
struct Record<'a> {
    typ: u16,
    body: &'a [u8],
    more: Vec<&'a [u8]>,
    /// Bytes of the stream it takes.
    size: usize,
}

/// The records of a stream from its start, as calamine reads them; they stop where calamine
/// stops with an error (a record or a CONTINUE that runs past the end).
fn records(stream: &[u8]) -> impl Iterator<Item = Record<'_>> {
    let mut rest = stream;
    std::iter::from_fn(move || {
        let (typ, body) = split(&mut rest)?;
        let mut record = Record {
            typ,
            body,
            more: Vec::new(),
            size: 4 + body.len(),
        };
        while rest.len() > 4 && rest.starts_with(&CONTINUE.to_le_bytes()) {
            let (_, more) = split(&mut rest)?;
            record.more.push(more);
            record.size += 4 + more.len();
        }
        Some(record)
    })
}

/// The first record of `rest` (type, data), taken off it.
fn split<'a>(rest: &mut &'a [u8]) -> Option<(u16, &'a [u8])> {
    let head = rest.get(..4)?;
    let typ = u16::from_le_bytes([head[0], head[1]]);
    let len = usize::from(u16::from_le_bytes([head[2], head[3]]));
    let body = rest.get(4..4 + len)?;
    *rest = &rest[4 + len..];
    Some((typ, body))
}

fn u16_at(body: &[u8], i: usize) -> Option<usize> {
    body.get(i..i + 2)
        .map(|b| usize::from(u16::from_le_bytes([b[0], b[1]])))
}

fn u32_at(body: &[u8], i: usize) -> Option<usize> {
    body.get(i..i + 4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
}

/// The first and the last cell of a rectangle: (row, column), 0-based.
type Corners = ((usize, usize), (usize, usize));

/// The smallest rectangle around some cells: what `Range::from_sparse` allocates.
#[derive(Clone, Copy, Default)]
struct Extent(Option<Corners>);

impl Extent {
    fn add(&mut self, r: usize, c: usize) {
        self.0 = Some(match self.0 {
            None => ((r, c), (r, c)),
            Some(((r0, c0), (r1, c1))) => ((r0.min(r), c0.min(c)), (r1.max(r), c1.max(c))),
        });
    }

    fn cells(self) -> usize {
        self.0
            .map_or(0, |((r0, c0), (r1, c1))| (r1 - r0 + 1).saturating_mul(c1 - c0 + 1))
    }

    /// As Excel names it: `A1:IV65536`.
    fn span(self) -> String {
        self.0
            .map_or_else(String::new, |((r0, c0), (r1, c1))| span((r0, c0), (r1, c1)))
    }
}

fn span(first: (usize, usize), last: (usize, usize)) -> String {
    format!("{}:{}", cell_name(first.0, first.1), cell_name(last.0, last.1))
}

/// What calamine will hold of one sheet.
#[derive(Default)]
struct Sheet {
    /// Its cells' grid and its formulas' grid (a formula's place is in both).
    cells: Extent,
    formulas: Extent,
    /// Cell records read: calamine keeps them in a list before it makes the grid.
    records: usize,
    /// Bytes of the stream walked.
    walked: usize,
    /// Characters of text calamine will hold for its cells (see [`MAX_TEXT_CHARS`]).
    text: usize,
}

fn walk(path: &Path, data: &[u8]) -> Result<(), ImportError> {
    let damaged = |what: &'static str| ImportError::Workbook {
        path: path.into(),
        damage: Damage::Record(what),
    };
    // The globals, as calamine reads them: up to their EOF.
    let mut sheets: Vec<(usize, String)> = Vec::new();
    let mut shared = Vec::new();
    for record in records(data) {
        let body = record.body;
        match record.typ {
            // calamine reads the version without checking the length.
            BOF if body.len() < 2 => return Err(damaged("BOF")),
            SST => shared = shared_string_lengths(&record),
            BOUNDSHEET => {
                // calamine reads the position, the state and the type unchecked.
                let (Some(pos), Some(name)) = (u32_at(body, 0), sheet_name(body)) else {
                    return Err(damaged("BOUNDSHEET"));
                };
                sheets.push((pos, name));
            }
            EOF => break,
            _ => {}
        }
    }
    let mut held = 0usize;
    let mut walked = 0usize;
    let mut text = 0usize;
    for (n, (pos, name)) in sheets.iter().enumerate() {
        // calamine slices the stream at the position unchecked.
        let Some(stream) = data.get(*pos..) else {
            return Err(damaged("BOUNDSHEET"));
        };
        let sheet = walk_sheet(stream, &shared, |e| match e {
            SheetError::Record(what) => damaged(what),
            SheetError::TooBig(span) => ImportError::SheetTooBig {
                path: path.into(),
                sheet: name.clone(),
                span,
            },
            SheetError::TooFar(r, c) => ImportError::CellTooFar {
                path: path.into(),
                sheet: name.clone(),
                cell: cell_name(r, c),
            },
        })?;
        let grid = sheet.cells.cells().saturating_add(sheet.formulas.cells());
        if grid > MAX_CELLS {
            return Err(ImportError::SheetTooBig {
                path: path.into(),
                sheet: name.clone(),
                span: sheet.cells.span(),
            });
        }
        // Only duplicated records make more than the grid has cells.
        if sheet.records > MAX_CELLS {
            return Err(ImportError::Workbook {
                path: path.into(),
                damage: Damage::RepeatedCells,
            });
        }
        text = text.saturating_add(sheet.text);
        if text > MAX_TEXT_CHARS {
            return Err(ImportError::SheetTooMuchText {
                path: path.into(),
                sheet: name.clone(),
            });
        }
        held = held.saturating_add(grid);
        if held > MAX_CELLS {
            return Err(ImportError::WorkbookTooBig {
                path: path.into(),
                sheets: n + 1,
            });
        }
        // Sheets walked over and over (BOUNDSHEETs that overlap) would take calamine
        // the square of the file's size in time.
        walked = walked.saturating_add(sheet.walked);
        if walked > 2 * data.len() {
            return Err(ImportError::Workbook {
                path: path.into(),
                damage: Damage::OverlappingSheets,
            });
        }
    }
    Ok(())
}

enum SheetError {
    Record(&'static str),
    /// The grid calamine would reserve, as a span.
    TooBig(String),
    TooFar(usize, usize),
}

/// One sheet from its position, as calamine reads it: the first BOF is the sheet's own,
/// a BOF after it opens a nested block (an embedded chart) skipped to its EOF, and the
/// sheet ends at its own EOF.
fn walk_sheet(stream: &[u8], shared: &[usize], fail: impl Fn(SheetError) -> ImportError) -> Result<Sheet, ImportError> {
    let mut sheet = Sheet::default();
    let mut seen_bof = false;
    let mut depth = 0usize;
    let mut formula_at = (0, 0);
    for Record { typ, body, size, .. } in records(stream) {
        sheet.walked += size;
        if depth > 0 {
            match typ {
                BOF => depth += 1,
                EOF => depth -= 1,
                _ => {}
            }
            continue;
        }
        let place = || u16_at(body, 0).zip(u16_at(body, 2));
        let put = |sheet: &mut Sheet, (r, c): (usize, usize)| {
            if c >= MAX_COLS {
                return Err(fail(SheetError::TooFar(r, c)));
            }
            sheet.cells.add(r, c);
            sheet.records += 1;
            Ok(())
        };
        match typ {
            BOF if seen_bof => depth += 1,
            BOF => seen_bof = true,
            EOF => break,
            DIMENSIONS => {
                if let Some(reserved) = dimensions(body) {
                    let (first, last) = reserved.map_err(|()| fail(SheetError::Record("DIMENSIONS")))?;
                    let cells = (last.0 + 1 - first.0).saturating_mul(last.1 + 1 - first.1);
                    if cells > MAX_CELLS {
                        return Err(fail(SheetError::TooBig(span(first, last))));
                    }
                }
            }
            FORMULA => {
                if let Some(at) = place() {
                    formula_at = at;
                    sheet.formulas.add(at.0, at.1);
                    put(&mut sheet, at)?;
                }
            }
            STRING => {
                // calamine makes room for the length the record gives.
                sheet.text += u16_at(body, 0).unwrap_or(0);
                put(&mut sheet, formula_at)?;
            }
            t if ONE_CELL.contains(&t) => {
                sheet.text += match t {
                    LABEL | RSTRING => u16_at(body, 6).unwrap_or(0),
                    // A copy of the shared string, in every cell that shows it.
                    LABEL_SST => u32_at(body, 6).and_then(|i| shared.get(i)).copied().unwrap_or(0),
                    _ => 0,
                };
                if let Some(at) = place() {
                    put(&mut sheet, at)?;
                }
            }
            MUL_RK => {
                let (Some(r), Some(first), Some(last)) = (
                    u16_at(body, 0),
                    u16_at(body, 2),
                    body.len().checked_sub(2).and_then(|i| u16_at(body, i)),
                ) else {
                    return Err(fail(SheetError::Record("MULRK")));
                };
                if last < first || body.len() != 6 + 6 * (last - first + 1) {
                    return Err(fail(SheetError::Record("MULRK")));
                }
                put(&mut sheet, (r, last))?;
                sheet.cells.add(r, first);
                sheet.records += last - first;
            }
            MERGE_CELLS => {
                // calamine reads `count` regions of 8 bytes without checking the length.
                let count = u16_at(body, 0).unwrap_or(0);
                if body.len() < 2 + 8 * count {
                    return Err(fail(SheetError::Record("MERGECELLS")));
                }
            }
            _ => {}
        }
    }
    Ok(sheet)
}

/// The first and last cells of the room calamine reserves for a DIMENSIONS record, read
/// as calamine reads it (`None`: it reserves nothing); `Err` where calamine's subtraction
/// would wrap around (a last row before the first) and ask for gigabytes.
fn dimensions(body: &[u8]) -> Option<Result<Corners, ()>> {
    let (rf, rl, cf, cl) = match body.len() {
        10 => (u16_at(body, 0)?, u16_at(body, 2)?, u16_at(body, 4)?, u16_at(body, 6)?),
        14 | 16 => (u32_at(body, 0)?, u32_at(body, 4)?, u16_at(body, 8)?, u16_at(body, 10)?),
        _ => return None,
    };
    // calamine takes the first column as 0 when it is past IV or after the last.
    let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
    if rl == 0 || cl == 0 {
        return Some(Ok(((rf, cf), (rf, cf))));
    }
    // A last column just before the first makes no columns: nothing reserved.
    if cl - 1 < cf {
        return None;
    }
    Some(if rl - 1 < rf {
        Err(())
    } else {
        Ok(((rf, cf), (rl - 1, cl - 1)))
    })
}

/// The length in characters of each string of the SST (shared strings) record, read as
/// calamine's `parse_sst` reads them (a string may go on in the CONTINUE records after it,
/// each starting with a byte saying whether its characters are one byte or two). It stops
/// where calamine would stop with an error; the strings after are never made.
fn shared_string_lengths(sst: &Record) -> Vec<usize> {
    let mut lengths = Vec::new();
    let Some(data) = sst.body.get(8..) else {
        return lengths;
    };
    let mut r = Parts {
        data,
        more: sst.more.iter(),
    };
    while !r.data.is_empty() || r.next_part() {
        if r.data.is_empty() {
            lengths.push(0);
            continue;
        }
        let (Some(cch), Some(&flags)) = (u16_at(r.data, 0), r.data.get(2)) else {
            break;
        };
        r.data = &r.data[3..];
        let mut wide = flags & 1 != 0;
        let mut field = |present: bool, len: usize| {
            let value = match (present, r.data.get(..len)) {
                (false, _) => Some(0),
                (true, Some(b)) if len == 2 => Some(usize::from(u16::from_le_bytes([b[0], b[1]]))),
                // A negative length wraps around, as in calamine, and runs out.
                (true, Some(b)) => Some(i32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize),
                (true, None) => None,
            };
            if present && value.is_some() {
                r.data = &r.data[len..];
            }
            value
        };
        let (Some(runs), Some(extra)) = (field(flags & 8 != 0, 2), field(flags & 4 != 0, 4)) else {
            break;
        };
        let mut left = cch;
        loop {
            let width = if wide { 2 } else { 1 };
            let l = (r.data.len() / width).min(left);
            r.data = &r.data[l * width..];
            left -= l;
            if left == 0 {
                break;
            }
            if !r.next_part() {
                return lengths;
            }
            let Some(&flag) = r.data.first() else { return lengths };
            wide = flag & 1 != 0;
            r.data = &r.data[1..];
        }
        if !r.skip(runs.saturating_mul(4)) || !r.skip(extra) {
            return lengths;
        }
        lengths.push(cch);
    }
    lengths
}

/// A record's data read in order, going on into its CONTINUE records (calamine's `Record`).
struct Parts<'a, 'b> {
    data: &'a [u8],
    more: std::slice::Iter<'b, &'a [u8]>,
}

impl Parts<'_, '_> {
    fn next_part(&mut self) -> bool {
        self.more.next().map(|d| self.data = d).is_some()
    }

    fn skip(&mut self, mut len: usize) -> bool {
        while len > 0 {
            if self.data.is_empty() && !self.next_part() {
                return false;
            }
            let l = len.min(self.data.len());
            self.data = &self.data[l..];
            len -= l;
        }
        true
    }
}

/// The name in a BOUNDSHEET record: a length, a flag (UTF-16 or Latin-1), the characters.
fn sheet_name(body: &[u8]) -> Option<String> {
    let len = usize::from(*body.get(6)?);
    let wide = body.get(7)? & 1 == 1;
    let chars = body.get(8..)?;
    if wide {
        let units: Vec<u16> = chars
            .chunks_exact(2)
            .take(len)
            .map(|p| u16::from_le_bytes([p[0], p[1]]))
            .collect();
        Some(String::from_utf16_lossy(&units))
    } else {
        Some(chars.iter().take(len).map(|b| char::from(*b)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(typ: u16, body: &[u8]) -> Vec<u8> {
        let mut r = typ.to_le_bytes().to_vec();
        r.extend_from_slice(&(body.len() as u16).to_le_bytes());
        r.extend_from_slice(body);
        r
    }

    fn number(r: u16, c: u16) -> Vec<u8> {
        let mut body = r.to_le_bytes().to_vec();
        body.extend_from_slice(&c.to_le_bytes());
        body.extend_from_slice(&[0; 10]);
        record(0x0203, &body)
    }

    fn bof(kind: u8) -> Vec<u8> {
        record(BOF, &[0, 6, kind, 0])
    }

    fn eof() -> Vec<u8> {
        record(EOF, &[])
    }

    /// A workbook stream: the globals naming each sheet, then each sheet's records between
    /// its BOF and EOF.
    fn book(sheets: &[Vec<Vec<u8>>]) -> Vec<u8> {
        let bodies: Vec<Vec<u8>> = sheets
            .iter()
            .map(|records| [vec![bof(0x10)], records.clone(), vec![eof()]].concat().concat())
            .collect();
        let globals_len = 8 + sheets.len() * (4 + 10) + 4;
        let mut globals = bof(5);
        let mut at = globals_len;
        for (i, body) in bodies.iter().enumerate() {
            let mut b = (at as u32).to_le_bytes().to_vec();
            b.extend_from_slice(&[0, 0, 2, 0, b'S', b'0' + i as u8]);
            globals.extend(record(BOUNDSHEET, &b));
            at += body.len();
        }
        globals.extend(eof());
        assert_eq!(globals.len(), globals_len);
        [globals, bodies.concat()].concat()
    }

    fn walked(sheets: &[Vec<Vec<u8>>]) -> Result<(), ImportError> {
        walk(Path::new("lop.xls"), &book(sheets))
    }

    fn span_of(r: Result<(), ImportError>) -> String {
        match r {
            Err(ImportError::SheetTooBig { span, .. }) => span,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_cell_past_the_columns_of_a_class_list_is_refused_by_its_name() {
        assert!(walked(&[vec![number(0, 0), number(40, 10)]]).is_ok());
        match walked(&[vec![number(0, 0), number(3, 300)]]) {
            Err(ImportError::CellTooFar { sheet, cell, .. }) => {
                assert_eq!((sheet.as_str(), cell.as_str()), ("S0", "KO4"))
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_sheet_past_the_limit_is_refused_with_its_span() {
        // IV is the 256th column: 2,048 rows of it are the limit exactly.
        assert_eq!(2_048 * 256, MAX_CELLS);
        assert!(walked(&[vec![number(0, 0), number(2_047, 255)]]).is_ok());
        assert_eq!(span_of(walked(&[vec![number(0, 0), number(2_048, 255)]])), "A1:IV2049");
        assert_eq!(
            span_of(walked(&[vec![number(2, 1), number(65_535, 255)]])),
            "B3:IV65536"
        );
    }

    #[test]
    fn the_sheets_of_a_workbook_share_one_limit() {
        // Before, each sheet had its own: 20 sheets just under it took 1.35 GB.
        let half = vec![number(0, 0), number(1_023, 255)];
        assert!(walked(&[half.clone(), half.clone()]).is_ok());
        assert!(matches!(
            walked(&[half.clone(), half.clone(), half]),
            Err(ImportError::WorkbookTooBig { sheets: 3, .. })
        ));
    }

    #[test]
    fn a_chart_nested_in_a_sheet_neither_hides_nor_adds_cells() {
        // Before, the chart's BOF started the count again: a 20 kB file took 1 GB.
        let chart = vec![bof(0x20), eof()];
        let sheet = [vec![number(0, 0)], chart, vec![number(65_535, 255)]].concat();
        assert_eq!(span_of(walked(&[sheet])), "A1:IV65536");
        // What is inside the chart calamine skips, and so does the count.
        let inside = vec![number(0, 0), bof(0x20), bof(0x20), eof(), number(65_535, 255), eof()];
        assert!(walked(&[inside]).is_ok());
    }

    #[test]
    fn dimensions_are_read_as_calamine_reads_them() {
        let dims = |rf: u32, rl: u32, cf: u16, cl: u16| {
            let mut b = rf.to_le_bytes().to_vec();
            b.extend_from_slice(&rl.to_le_bytes());
            b.extend_from_slice(&cf.to_le_bytes());
            b.extend_from_slice(&cl.to_le_bytes());
            b.extend_from_slice(&[0, 0]);
            record(DIMENSIONS, &b)
        };
        // Rows 1 to 40, columns A to H: fine.
        assert!(walked(&[vec![dims(0, 40, 0, 8)]]).is_ok());
        // Its last row and column are one past: the span names real cells.
        assert_eq!(span_of(walked(&[vec![dims(0, u32::MAX, 0, 10)]])), "A1:J4294967295");
        assert_eq!(span_of(walked(&[vec![dims(0, 65_536, 0, 256)]])), "A1:IV65536");
        // A last row before the first would wrap around in calamine.
        assert!(matches!(
            walked(&[vec![dims(100, 50, 0, 10)]]),
            Err(ImportError::Workbook {
                damage: Damage::Record("DIMENSIONS"),
                ..
            })
        ));
        // A first column past IV is taken as A, as calamine does.
        assert!(walked(&[vec![dims(0, 40, 300, 8)]]).is_ok());
    }

    #[test]
    fn shared_strings_are_measured_as_calamine_reads_them() {
        let lengths = |stream: &[Vec<u8>]| {
            let stream = stream.concat();
            let sst = records(&stream).next().unwrap();
            shared_string_lengths(&sst)
        };
        let mut first = vec![0; 8];
        // 10 characters, 5 here and 5 in the CONTINUE, there two bytes each.
        first.extend_from_slice(&[10, 0, 0]);
        first.extend_from_slice(b"abcde");
        let mut more = vec![1];
        more.extend(b"fghij".iter().flat_map(|b| [*b, 0]));
        // Rich (2 runs of 4 bytes) and with 3 bytes of phonetic data.
        more.extend_from_slice(&[3, 0, 0x0C, 2, 0, 3, 0, 0, 0]);
        more.extend_from_slice(b"xyz");
        more.extend_from_slice(&[0; 11]);
        // A string claiming more than there is: calamine stops at it.
        more.extend_from_slice(&[200, 0, 0, b'a']);
        assert_eq!(lengths(&[record(SST, &first), record(CONTINUE, &more)]), [10, 3]);
        assert!(lengths(&[record(SST, &[0; 4])]).is_empty());
    }

    #[test]
    fn labels_and_shared_strings_count_the_text_calamine_holds() {
        let label = |r: u16, cch: u16| {
            let mut b = r.to_le_bytes().to_vec();
            b.extend_from_slice(&[0, 0, 0, 0]);
            b.extend_from_slice(&cch.to_le_bytes());
            b.push(0);
            record(LABEL, &b)
        };
        // Labels claiming 65,535 characters each, with none: 33 pass the limit.
        assert!(walked(&[vec![label(0, 0xFFFF); 32]]).is_ok());
        assert!(matches!(
            walked(&[vec![label(0, 0xFFFF); 33]]),
            Err(ImportError::SheetTooMuchText { .. })
        ));
    }

    #[test]
    fn malformed_records_are_refused_before_calamine() {
        let damage = |r: Result<(), ImportError>| match r {
            Err(ImportError::Workbook { damage, .. }) => damage,
            other => panic!("{other:?}"),
        };
        assert!(matches!(
            damage(walked(&[vec![record(MERGE_CELLS, &[200, 0, 1, 2])]])),
            Damage::Record("MERGECELLS")
        ));
        assert!(matches!(
            damage(walked(&[vec![record(MUL_RK, &[0, 0, 5, 0, 1, 0])]])),
            Damage::Record("MULRK")
        ));
        // The same cells written over and over: the list calamine keeps of them.
        let mut row = vec![0, 0, 0, 0];
        row.extend(std::iter::repeat_n([0u8; 6], 256).flatten());
        row.extend_from_slice(&255u16.to_le_bytes());
        let over = vec![record(MUL_RK, &row); MAX_CELLS / 256 + 1];
        assert!(matches!(damage(walked(&[over])), Damage::RepeatedCells));
        // Five sheets that are one: each BOUNDSHEET gives the first sheet's place.
        let sheet = vec![number(0, 0); 50];
        let mut stream = book(&vec![sheet; 5]);
        let first = 8 + 5 * 14 + 4;
        for i in 0..5 {
            stream[8 + i * 14 + 4..][..4].copy_from_slice(&(first as u32).to_le_bytes());
        }
        stream.truncate(first + 8 + 50 * 18 + 4);
        assert!(matches!(
            damage(walk(Path::new("lop.xls"), &stream)),
            Damage::OverlappingSheets
        ));
    }
}
