//! Renders a [`Document`] as Markdown tables; the figures in an HTML comment at the end.

use std::fmt::Write;

use super::document::{Cell, Document, Table, cell_text};

pub fn render(doc: &Document) -> Vec<u8> {
    let mut out = String::with_capacity(16 * 1024);
    // `write!` to a String can't fail.
    if doc.confidential {
        let _ = writeln!(out, "**{}**\n", inline(&doc.confidential_note));
    }
    let _ = writeln!(out, "# {}\n", inline(&doc.title));
    for (label, value) in &doc.header {
        let _ = writeln!(out, "- **{}**: {}", inline(label), inline(&cell_text(value, doc.lang)));
    }
    if !doc.header.is_empty() {
        out.push('\n');
    }
    for sheet in &doc.sheets {
        let _ = writeln!(out, "## {}\n", inline(&sheet.name));
        for table in &sheet.tables {
            write_table(&mut out, table, doc);
        }
        for note in &sheet.notes {
            let _ = writeln!(out, "{}\n", inline(note));
        }
    }
    if let Some(figures) = &doc.figures {
        // Hidden when rendered; the block's values are escaped so it can't close the comment.
        let _ = write!(out, "<!--\n{}-->\n", figures.to_block());
    }
    out.into_bytes()
}

/// Which columns hold numbers (every filled cell a number): drawn right-aligned.
pub(crate) fn number_columns(t: &Table) -> Vec<bool> {
    (0..t.columns.len())
        .map(|col| {
            let mut cells = t
                .rows
                .iter()
                .filter_map(|r| r.get(col))
                .filter(|c| **c != Cell::Empty)
                .peekable();
            cells.peek().is_some() && cells.all(|c| matches!(c, Cell::Int(_) | Cell::Percent(_) | Cell::Vnd(_)))
        })
        .collect()
}

fn write_table(out: &mut String, t: &Table, doc: &Document) {
    if !t.title.is_empty() {
        let _ = writeln!(out, "### {}\n", inline(&t.title));
    }
    let width = t.columns.len().max(t.rows.iter().map(Vec::len).max().unwrap_or(0));
    let mut head: Vec<String> = t.columns.iter().map(|c| inline(c)).collect();
    head.resize(width, String::new());
    let mut numbers = number_columns(t);
    numbers.resize(width, false);
    let last = t.rows.len().saturating_sub(1);
    let rows = t.rows.iter().enumerate().map(|(i, cells)| {
        let total = t.total_row && i == last;
        let mut texts: Vec<String> = cells
            .iter()
            .map(|c| {
                let text = inline(&cell_text(c, doc.lang));
                if total && !text.is_empty() {
                    format!("**{text}**")
                } else {
                    text
                }
            })
            .collect();
        // Every row as wide as the header, or the table breaks.
        texts.resize(width, String::new());
        texts
    });
    write_rows(out, &head, &numbers, rows);
    out.push('\n');
}

fn write_rows(out: &mut String, head: &[String], numbers: &[bool], rows: impl Iterator<Item = Vec<String>>) {
    let line = |out: &mut String, cells: &[String]| {
        out.push('|');
        for c in cells {
            let _ = write!(out, " {c} |");
        }
        out.push('\n');
    };
    line(out, head);
    out.push('|');
    for n in numbers {
        out.push_str(if *n { " ---: |" } else { " --- |" });
    }
    out.push('\n');
    for r in rows {
        line(out, &r);
    }
}

/// Text on one line, shown as written: what Markdown would take for emphasis, a link, code,
/// raw HTML (a school named `<b>`) or a cell's end is backslash-escaped, and a line break
/// becomes `<br>`, understood in cells and paragraphs.
fn inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' => {
                out.push('\\');
                out.push(ch);
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' | '\n' => out.push_str("<br>"),
            _ => out.push(ch),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::figures::{Figures, FiguresError, fixture};

    fn md(doc: &Document) -> String {
        String::from_utf8(render(doc)).unwrap()
    }

    /// The cells of a table line, splitting on `|` not preceded by `\`.
    fn cells(line: &str) -> usize {
        let mut n = 0;
        let mut prev = ' ';
        for ch in line.chars() {
            if ch == '|' && prev != '\\' {
                n += 1;
            }
            prev = ch;
        }
        n - 1
    }

    #[test]
    fn headings_and_well_formed_tables() {
        let doc = fixture::document("Trường | THCS", false, None);
        let text = md(&doc);
        assert!(text.starts_with("# Báo cáo tổng hợp lớp 8A\n\n- **Trường**: Trường \\| THCS\n- **Lớp**: 8A\n"));
        assert!(text.contains(
            "\n## Hỗ trợ\n\n### Hỗ trợ theo loại\n\n| Loại \\| nhóm | Kế hoạch | Số tiền |\n| --- | ---: | ---: |\n"
        ));
        assert!(text.contains("| Gọi 111<br>tổng đài | 1 |"));
        assert!(text.contains("| **Tổng** | **4** |"));
        assert!(
            text.contains(
                "| Chỉ tiêu | Số | Tổng | Tỷ lệ | Mục tiêu | Đạt |\n| --- | ---: | ---: | ---: | --- | --- |\n"
            )
        );
        // Each table's lines have as many cells as its header.
        for block in text.split("\n\n").filter(|b| b.starts_with('|')) {
            let lines: Vec<&str> = block.lines().collect();
            let n = cells(lines[0]);
            assert!(lines.iter().all(|l| cells(l) == n), "{block}");
        }
        // A sheet's notes under its tables, before the next sheet.
        let note = text.find("\nCách tính: xem phần «Định nghĩa».\n").unwrap();
        assert!(note < text.find("## Hỗ trợ").unwrap());
        assert!(text.contains("- **Từ ngày**: 15/12/2025\n- **Số lớp**: 3\n"));
        assert!(!text.contains("<!--"));
    }

    #[test]
    fn text_shows_as_written() {
        assert_eq!(
            inline("<b>A&B</b> *x* a_b [l](u) `c` \\"),
            "\\<b\\>A&B\\</b\\> \\*x\\* a\\_b \\[l\\](u) \\`c\\` \\\\"
        );
        assert_eq!(inline("a\r\nb\nc\rd"), "a<br>b<br>c<br>d");
    }

    #[test]
    fn a_confidential_line_in_bold_first() {
        let doc = fixture::document("Trường THCS Hoa Mai", true, None);
        assert!(md(&doc).starts_with(&format!("**{}**\n\n# ", doc.confidential_note)));
        let open = fixture::document("Trường THCS Hoa Mai", false, None);
        assert!(!md(&open).contains(&open.confidential_note));
    }

    #[test]
    fn the_figures_read_back_from_the_closing_comment() {
        let mut f = fixture::figures();
        f.header.school = "A --> B <!-- | C\t%".to_string();
        let doc = fixture::document("Trường THCS Hoa Mai", false, Some(f.clone()));
        let text = md(&doc);
        assert!(text.ends_with("#end\n-->\n"));
        assert_eq!(text.matches("-->").count(), 1);
        assert_eq!(Figures::from_text(&text), Ok(f));
        assert_eq!(
            Figures::from_text(&md(&fixture::document("x", false, None))),
            Err(FiguresError::Missing)
        );
    }
}
