//! Bounds on an old Excel (XLS, BIFF) workbook, checked before calamine reads it.
//!
//! calamine reads every sheet of an XLS into a dense grid as it opens the file, sized by
//! the sheet's DIMENSIONS record and its farthest cell, and trusts some record lengths: a
//! cell at IV65536 or a lying record would make it ask for gigabytes or stop. So the
//! workbook stream is walked here first, record by record (type, length, data), and a
//! sheet whose cells reach past [`MAX_COLS`], whose grid would exceed [`MAX_CELLS`], or
//! whose records calamine would misread, is refused. (calamine trusts the lengths of more
//! records than these; `sheet::read` catches what it still stops on.)

use std::io::{Cursor, Read};
use std::path::Path;

use super::sheet::cell_name;
use super::table::MAX_COLS;
use super::{Damage, ImportError};

/// The largest grid (rows × columns) calamine may build for one sheet: about 64 MB.
const MAX_CELLS: usize = 2 << 20;

const BOF: u16 = 0x0809;
const BOUNDSHEET: u16 = 0x0085;
const DIMENSIONS: u16 = 0x0200;
const MERGE_CELLS: u16 = 0x00E5;
const MUL_RK: u16 = 0x00BD;
/// Records that hold one cell, with its row and column in their first four bytes, as
/// calamine reads them: number, label, label (shared string), bool or error, RK, formula,
/// rich string.
const ONE_CELL: [u16; 7] = [0x0203, 0x0204, 0x00FD, 0x0205, 0x027E, 0x0006, 0x00D6];

/// The farthest cells of one sheet, for the grid calamine will make of it.
#[derive(Default)]
struct Extent {
    sheet: String,
    rows: Option<(usize, usize)>,
    cols: Option<(usize, usize)>,
    /// The cell that reaches farthest down, to name in the message.
    lowest: (usize, usize),
}

impl Extent {
    fn add(&mut self, r: usize, c: usize) {
        let widen =
            |span: Option<(usize, usize)>, v| span.map_or((v, v), |(lo, hi): (usize, usize)| (lo.min(v), hi.max(v)));
        self.rows = Some(widen(self.rows, r));
        self.cols = Some(widen(self.cols, c));
        if r >= self.lowest.0 {
            self.lowest = (r, c);
        }
    }

    fn cells(&self) -> usize {
        match (self.rows, self.cols) {
            (Some((r0, r1)), Some((c0, c1))) => (r1 - r0 + 1).saturating_mul(c1 - c0 + 1),
            _ => 0,
        }
    }
}

/// Checks the workbook stream of an XLS file (see the module). A file that is not a
/// compound file, or has no workbook stream, is left to calamine, which says why.
pub fn check(path: &Path, bytes: &[u8]) -> Result<(), ImportError> {
    let Ok(mut cfb) = cfb::CompoundFile::open(Cursor::new(bytes)) else {
        return Ok(());
    };
    let stream = ["Workbook", "Book"].into_iter().find_map(|s| cfb.open_stream(s).ok());
    let Some(mut stream) = stream else {
        return Ok(());
    };
    let mut data = Vec::new();
    // The stream is inside the file, which is at most `MAX_FILE_BYTES`.
    if stream.read_to_end(&mut data).is_err() {
        return Ok(());
    }
    walk(path, &data)
}

fn walk(path: &Path, data: &[u8]) -> Result<(), ImportError> {
    let too_far = |sheet: &str, (r, c): (usize, usize)| ImportError::CellTooFar {
        path: path.into(),
        sheet: sheet.into(),
        cell: cell_name(r, c),
    };
    let damaged = |what: &'static str| ImportError::Workbook {
        path: path.into(),
        damage: Damage::Record(what),
    };
    let mut sheets: Vec<(usize, String)> = Vec::new();
    let mut extent = Extent::default();
    let mut at = 0;
    while at + 4 <= data.len() {
        let typ = u16::from_le_bytes([data[at], data[at + 1]]);
        let len = usize::from(u16::from_le_bytes([data[at + 2], data[at + 3]]));
        let body = &data[at + 4..(at + 4 + len).min(data.len())];
        let u16_at = |i: usize| {
            body.get(i..i + 2)
                .map(|b| usize::from(u16::from_le_bytes([b[0], b[1]])))
        };
        match typ {
            BOUNDSHEET => {
                // calamine reads the position, the state and the type unchecked.
                if body.len() < 8 {
                    return Err(damaged("BOUNDSHEET"));
                }
                if let (Some(pos), Some(name)) = (body.get(..4), sheet_name(body)) {
                    sheets.push((u32::from_le_bytes([pos[0], pos[1], pos[2], pos[3]]) as usize, name));
                }
            }
            BOF => {
                // calamine reads its version without checking the length.
                if body.len() < 2 {
                    return Err(damaged("BOF"));
                }
                check_extent(&extent, too_far)?;
                let name = sheets.iter().find(|(pos, _)| *pos == at).map(|(_, n)| n.clone());
                extent = Extent {
                    sheet: name.unwrap_or_default(),
                    ..Extent::default()
                };
            }
            DIMENSIONS => {
                // What calamine reserves room for: rows and columns as it reads them.
                let (rows, cols) = match body.len() {
                    10 => (
                        u16_at(2).unwrap_or(0).saturating_sub(u16_at(0).unwrap_or(0)),
                        u16_at(6).unwrap_or(0).saturating_sub(u16_at(4).unwrap_or(0)),
                    ),
                    14 | 16 => {
                        let u32_at =
                            |i: usize| u32::from_le_bytes([body[i], body[i + 1], body[i + 2], body[i + 3]]) as usize;
                        (
                            u32_at(4).saturating_sub(u32_at(0)),
                            u16_at(10).unwrap_or(0).saturating_sub(u16_at(8).unwrap_or(0)),
                        )
                    }
                    _ => (0, 0),
                };
                if rows.saturating_add(1).saturating_mul(cols.saturating_add(1)) > MAX_CELLS || cols > MAX_COLS {
                    return Err(too_far(&extent.sheet, (rows, cols.min(16_383))));
                }
            }
            t if ONE_CELL.contains(&t) => {
                if let (Some(r), Some(c)) = (u16_at(0), u16_at(2)) {
                    if c >= MAX_COLS {
                        return Err(too_far(&extent.sheet, (r, c)));
                    }
                    extent.add(r, c);
                }
            }
            MUL_RK => {
                let (Some(r), Some(first), Some(last)) =
                    (u16_at(0), u16_at(2), body.len().checked_sub(2).and_then(u16_at))
                else {
                    return Err(damaged("MULRK"));
                };
                if last < first || body.len() != 6 + 6 * (last - first + 1) {
                    return Err(damaged("MULRK"));
                }
                if last >= MAX_COLS {
                    return Err(too_far(&extent.sheet, (r, last)));
                }
                extent.add(r, first);
                extent.add(r, last);
            }
            MERGE_CELLS => {
                // calamine reads `count` regions of 8 bytes without checking the length.
                let count = u16_at(0).unwrap_or(0);
                if body.len() < 2 + 8 * count {
                    return Err(damaged("MERGECELLS"));
                }
            }
            _ => {}
        }
        at += 4 + len;
    }
    check_extent(&extent, too_far)
}

fn check_extent(extent: &Extent, too_far: impl Fn(&str, (usize, usize)) -> ImportError) -> Result<(), ImportError> {
    if extent.cells() > MAX_CELLS {
        return Err(too_far(&extent.sheet, extent.lowest));
    }
    Ok(())
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

    fn walked(records: &[Vec<u8>]) -> Result<(), ImportError> {
        walk(Path::new("lop.xls"), &records.concat())
    }

    #[test]
    fn far_cells_and_malformed_records_are_refused_before_calamine() {
        let mut name = 0u32.to_le_bytes().to_vec();
        name.extend_from_slice(&[0, 0, 5, 0]);
        name.extend_from_slice(b"Lop8A");
        let sheet = record(BOUNDSHEET, &name);
        assert!(walked(&[sheet.clone(), number(0, 0), number(40, 10)]).is_ok());
        match walked(&[sheet.clone(), number(0, 0), number(3, 300)]) {
            Err(ImportError::CellTooFar { cell, .. }) => assert_eq!(cell, "KO4"),
            other => panic!("{other:?}"),
        }
        // A grid of 65,536 rows by 200 columns.
        assert!(matches!(
            walked(&[number(0, 0), number(65_535, 199)]),
            Err(ImportError::CellTooFar { .. })
        ));
        let mut dims = 0u32.to_le_bytes().to_vec();
        dims.extend_from_slice(&u32::MAX.to_le_bytes());
        dims.extend_from_slice(&[0, 0, 10, 0, 0, 0]);
        assert!(matches!(
            walked(&[record(DIMENSIONS, &dims)]),
            Err(ImportError::CellTooFar { .. })
        ));
        assert!(matches!(
            walked(&[record(MERGE_CELLS, &[200, 0, 1, 2])]),
            Err(ImportError::Workbook { .. })
        ));
        assert!(matches!(
            walked(&[record(MUL_RK, &[0, 0, 5, 0, 1, 0])]),
            Err(ImportError::Workbook { .. })
        ));
    }
}
