//! Strings of reporting periods.

use crate::strings;

strings!(P {
    // Labels: the period in words, then its dates.
    FirstHalf => "6 tháng đầu năm {0} ({1} – {2})", "First half of {0} ({1} – {2})";
    Year => "Năm {0} ({1} – {2})", "Year {0} ({1} – {2})";
    SchoolYear => "Năm học {0} ({1} – {2})", "School year {0} ({1} – {2})";
    Custom => "Từ {0} đến {1}", "From {0} to {1}";
    // Names, for a report's header (which gives the dates beside them).
    FirstHalfName => "6 tháng đầu năm {0}", "First half of {0}";
    YearName => "Năm {0}", "Year {0}";
    SchoolYearName => "Năm học {0}", "School year {0}";
    CustomName => "Kỳ tự chọn", "Custom period";

    // Refusals: what went wrong, then the forms accepted.
    Unrecognised => "Không hiểu kỳ báo cáo «{0}».", "Unrecognised period «{0}».";
    BadDate => "«{0}» không phải là một ngày có thật (viết dd/mm/yyyy).", "«{0}» is not a real date (write dd/mm/yyyy).";
    EndBeforeStart => "Kỳ báo cáo kết thúc trước ngày bắt đầu.", "The period ends before it starts.";
    YearOutOfRange => "Năm phải từ 2000 đến 2100.", "The year must be from 2000 to 2100.";
    NotStarted => "Kỳ báo cáo bắt đầu từ ngày {0}, chưa đến: chưa có số liệu nào để báo cáo.", "The period starts on {0}, which has not come yet: there is nothing to report.";
    Forms => "Các dạng được nhận: 2026-H1 (6 tháng đầu năm, 15/12/2025 – 14/06/2026), 2026 (cả năm, 15/12/2025 – 14/12/2026), 2026-2027 (năm học, 01/08/2026 – 31/07/2027), 01/09/2026..30/11/2026 (từ ngày đến ngày).", "Accepted forms: 2026-H1 (first half, 15/12/2025 – 14/06/2026), 2026 (year, 15/12/2025 – 14/12/2026), 2026-2027 (school year, 01/08/2026 – 31/07/2027), 01/09/2026..30/11/2026 (from a day to a day).";
});
