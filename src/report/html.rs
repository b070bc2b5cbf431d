//! Renders a [`Document`] as one self-contained HTML file (no network assets), printable on A4 with
//! print CSS; the figures in a `<script type="text/plain" id="sotay-figures">`.

use std::fmt::Write;

use super::document::{Cell, Document, Table, cell_text};
use super::md::number_columns;

/// Screen and print styles. Print: A4 with 15 mm margins, column headers repeated on each
/// page, no row split across pages, each sheet on a new page, and the confidential note at
/// the foot of every page.
const STYLE: &str = "\
body { font-family: \"Segoe UI\", Arial, \"Noto Sans\", sans-serif; font-size: 11pt; color: #000; margin: 1.5em; }
h1 { font-size: 16pt; margin: 0 0 0.5em; }
h2 { font-size: 13pt; margin: 1.2em 0 0.4em; }
table { border-collapse: collapse; margin: 0 0 1em; }
caption { text-align: left; font-weight: bold; padding: 0.3em 0; }
th, td { border: 1px solid #555; padding: 0.2em 0.5em; vertical-align: top; text-align: left; }
thead th { background: #e7e6e6; }
table.header th, table.header td { border: none; padding: 0.1em 1em 0.1em 0; }
.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total td { font-weight: bold; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
.confidential { border: 2px solid #c00000; color: #c00000; font-weight: bold; padding: 0.4em 0.8em; margin: 0 0 1em; }
.confidential-foot { display: none; }
.notes { font-style: italic; font-size: 9.5pt; }
@page { size: A4; margin: 15mm; }
@media print {
  body { margin: 0; font-size: 10pt; }
  section.sheet + section.sheet { break-before: page; page-break-before: always; }
  .confidential-foot { display: block; position: fixed; bottom: 0; left: 0; right: 0; text-align: center; font-size: 8pt; font-weight: bold; color: #c00000; background: #fff; }
}
";

pub fn render(doc: &Document) -> Vec<u8> {
    let mut out = String::with_capacity(32 * 1024);
    let title = escape(&doc.title);
    // `write!` to a String can't fail.
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <title>{title}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
        doc.lang.code()
    );
    if doc.confidential {
        let note = escape(&doc.confidential_note);
        let _ = write!(
            out,
            "<div class=\"confidential\" role=\"note\">{note}</div>\n<div class=\"confidential-foot\">{note}</div>\n"
        );
    }
    let _ = writeln!(out, "<h1>{title}</h1>");
    if !doc.header.is_empty() {
        out.push_str("<table class=\"header\">\n<tbody>\n");
        for (label, value) in &doc.header {
            let _ = writeln!(
                out,
                "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
                escape(label),
                escape(&cell_text(value, doc.lang))
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    for sheet in &doc.sheets {
        let _ = writeln!(out, "<section class=\"sheet\">\n<h2>{}</h2>", escape(&sheet.name));
        for table in &sheet.tables {
            write_table(&mut out, table, doc);
        }
        if !sheet.notes.is_empty() {
            out.push_str("<div class=\"notes\">\n");
            for note in &sheet.notes {
                let _ = writeln!(out, "<p>{}</p>", escape(note));
            }
            out.push_str("</div>\n");
        }
        out.push_str("</section>\n");
    }
    if let Some(figures) = &doc.figures {
        // Not run (text/plain), and its values are escaped so it can't close the script.
        let _ = write!(
            out,
            "<script type=\"text/plain\" id=\"sotay-figures\">\n{}</script>\n",
            figures.to_block()
        );
    }
    out.push_str("</body>\n</html>\n");
    out.into_bytes()
}

fn write_table(out: &mut String, t: &Table, doc: &Document) {
    let numbers = number_columns(t);
    let class = |col: usize| {
        if numbers.get(col).copied().unwrap_or(false) {
            " class=\"n\""
        } else {
            ""
        }
    };
    out.push_str("<table>\n");
    if !t.title.is_empty() {
        let _ = writeln!(out, "<caption>{}</caption>", escape(&t.title));
    }
    out.push_str("<thead>\n<tr>");
    for (col, name) in t.columns.iter().enumerate() {
        let _ = write!(out, "<th scope=\"col\"{}>{}</th>", class(col), escape(name));
    }
    out.push_str("</tr>\n</thead>\n<tbody>\n");
    let last = t.rows.len().saturating_sub(1);
    for (i, cells) in t.rows.iter().enumerate() {
        out.push_str(if t.total_row && i == last {
            "<tr class=\"total\">"
        } else {
            "<tr>"
        });
        for cell in cells {
            let n = matches!(cell, Cell::Int(_) | Cell::Percent(_) | Cell::Vnd(_));
            let text = escape(&cell_text(cell, doc.lang)).replace('\n', "<br>");
            let _ = write!(out, "<td{}>{text}</td>", if n { " class=\"n\"" } else { "" });
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

/// Escapes text for an element's content or a quoted attribute.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::figures::{self, Figures, FiguresError, fixture};

    fn html(doc: &Document) -> String {
        String::from_utf8(render(doc)).unwrap()
    }

    #[test]
    fn a_self_contained_a4_page() {
        let doc = fixture::document("Trường THCS Hoa Mai", false, None);
        let page = html(&doc);
        assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"vi\">"));
        assert!(page.contains("<meta charset=\"utf-8\">"));
        assert!(page.contains("<title>Báo cáo tổng hợp lớp 8A</title>"));
        assert!(page.contains("@page { size: A4; margin: 15mm; }"));
        assert!(page.contains("thead { display: table-header-group; }"));
        for network in ["http://", "https://", "src=", "<link", "url(", "@import"] {
            assert!(!page.contains(network), "{network}");
        }
        assert!(page.contains("<h2>Hỗ trợ</h2>"));
        assert!(page.contains("<caption>Chỉ tiêu</caption>"));
        let vnd = cell_text(&Cell::Vnd(4_500_000), doc.lang);
        assert!(page.contains(&format!("<td class=\"n\">{vnd}</td>")));
        assert!(page.contains("<th scope=\"col\" class=\"n\">Số</th>"));
        assert!(page.contains("<tr class=\"total\"><td>Tổng</td>"));
        assert!(page.contains("<td>Gọi 111<br>tổng đài</td>"));
        assert!(!page.contains("<script"));
    }

    #[test]
    fn everything_shown_is_escaped() {
        let doc = fixture::document("<b>A&B</b>", false, None);
        let page = html(&doc);
        assert!(page.contains("<td>&lt;b&gt;A&amp;B&lt;/b&gt;</td>"));
        assert!(!page.contains("<b>"));
    }

    #[test]
    fn the_confidential_banner_only_when_confidential() {
        let doc = fixture::document("Trường THCS Hoa Mai", true, None);
        let page = html(&doc);
        let note = escape(&doc.confidential_note);
        assert!(page.contains(&format!("<div class=\"confidential\" role=\"note\">{note}</div>")));
        assert!(page.contains(&format!("<div class=\"confidential-foot\">{note}</div>")));
        let open = html(&fixture::document("Trường THCS Hoa Mai", false, None));
        assert!(!open.contains(&note) && !open.contains("<div class=\"confidential"));
    }

    #[test]
    fn the_figures_read_back_and_cannot_close_their_script() {
        let mut f: Figures = fixture::figures();
        f.header.school = "</script><script>alert(1)</script> & \"%\"".to_string();
        let doc = fixture::document("Trường THCS Hoa Mai", false, Some(f.clone()));
        let page = html(&doc);
        assert!(page.contains("<script type=\"text/plain\" id=\"sotay-figures\">\n#sotay-figures 3\n"));
        assert_eq!(page.matches("</script>").count(), 1);
        assert_eq!(Figures::from_text(&page), Ok(f));
        let none = html(&fixture::document("Trường THCS Hoa Mai", false, None));
        assert_eq!(Figures::from_text(&none), Err(FiguresError::Missing));
        let _ = figures::SHEET;
    }
}
