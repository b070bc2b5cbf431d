//! Plain-text tables for the terminal, padded by characters shown (Vietnamese letters with
//! diacritics are one character each once composed).

pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(header: &[&str]) -> Table {
        Table {
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    pub fn render(&self) -> String {
        let width = |s: &str| s.chars().count();
        let mut widths: Vec<usize> = self.header.iter().map(|h| width(h)).collect();
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate() {
                if i < widths.len() {
                    widths[i] = widths[i].max(width(cell));
                }
            }
        }
        let line = |cells: &[String]| {
            let mut out = String::new();
            for (i, cell) in cells.iter().enumerate() {
                out.push_str(cell);
                if i + 1 < cells.len() {
                    out.extend(std::iter::repeat_n(' ', widths[i] - width(cell) + 2));
                }
            }
            out.push('\n');
            out
        };
        let mut out = line(&self.header);
        for row in &self.rows {
            out.push_str(&line(row));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_line_up_by_characters_not_bytes() {
        let mut t = Table::new(&["lớp", "#"]);
        t.row(vec!["6A".into(), "#".into()]);
        t.row(vec!["Lớp chồi".into(), "#".into()]);
        let out = t.render();
        let starts: Vec<usize> = out.lines().map(|l| l.chars().position(|c| c == '#').unwrap()).collect();
        // The widest first cell has 8 characters (more bytes), then two spaces.
        assert_eq!(starts, vec![10, 10, 10], "{out}");
    }
}
