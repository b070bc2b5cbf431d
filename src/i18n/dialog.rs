//! Strings of the TUI's export dialog.

use crate::strings;

strings!(X {
    Title => "Xuất báo cáo", "Export a report";
    Intro => "Ghi báo cáo tổng hợp của lớp {0} ra tệp. Chọn kỳ báo cáo, mức chi tiết và định dạng, rồi nhấn {1} để xuất.",
        "Write class {0}'s summary report to a file. Choose the period, the detail and the format, then press {1} to export.";

    // Field labels.
    LPeriod => "Kỳ báo cáo", "Period";
    LCustom => "Kỳ tự chọn", "Custom period";
    LDetail => "Mức chi tiết", "Detail";
    LFormat => "Định dạng", "Format";
    LFile => "Lưu vào tệp", "Save to file";

    // Pick lists.
    PeriodCustom => "Khác…", "Custom…";
    DetailSummary => "Tóm tắt — gửi cấp trên", "Summary — to send upward";
    DetailFull => "Đầy đủ — MẬT", "Full — CONFIDENTIAL";
    FormatXlsx => "XLSX (Excel)", "XLSX (Excel)";
    FormatCsv => "CSV", "CSV";
    FormatHtml => "HTML (in được)", "HTML (printable)";
    FormatMd => "Markdown", "Markdown";

    // Hints beside or under a field.
    CustomHint => "dd/mm/yyyy..dd/mm/yyyy, hoặc 2026-H1, 2026, 2026-2027", "dd/mm/yyyy..dd/mm/yyyy, or 2026-H1, 2026, 2026-2027";
    SummaryHint => "chỉ có số liệu, không có tên học sinh", "figures only, no pupil's name";
    FullHint => "có tên học sinh: giữ kín, không gửi đi", "names pupils: keep it private, don't send it";
    FileHint => "đuôi tệp chọn định dạng; Tab gõ nốt tên", "its ending picks the format; Tab completes names";

    // What happened.
    ConfirmReplace => "Tệp {0} đã có. Ghi đè lên tệp đó?", "{0} already exists. Replace it?";
    Exported => "Đã xuất báo cáo ra {0}", "Report written to {0}";
    ExportedFull => "Đã xuất báo cáo MẬT (có tên học sinh, không gửi đi) ra {0}", "CONFIDENTIAL report (it names pupils: don't send it on) written to {0}";
    RenderFailed => "Không tạo được báo cáo: {0}", "Could not make the report: {0}";
});
