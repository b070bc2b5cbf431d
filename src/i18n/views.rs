//! Strings of the class's views beside the roster: the tab strip, reminders, the dashboard,
//! awareness sessions, and their forms.

use crate::strings;

strings!(V {
    // The tab strip and the status bar.
    TabRoster => "Danh sách lớp", "Class list";
    TabReminders => "Nhắc việc", "Reminders";
    TabRemindersN => "Nhắc việc ({0})", "Reminders ({0})";
    TabDashboard => "Tổng quan", "Dashboard";
    TabSessions => "Truyền thông", "Awareness";
    TabHint => "{0}: mục sau", "{0}: next view";
    StatusReminders => "Nhắc việc {0}", "Reminders {0}";
    StatusRemindersOverdue => "Nhắc việc {0} ({1} quá hạn)", "Reminders {0} ({1} overdue)";
    OverdueLegend => "! = có việc quá hạn", "! = something overdue";

    // Reminders.
    TitleReminders => "Nhắc việc ngày {0}", "Reminders on {0}";
    SecOverdue => "Quá hạn ({0})", "Overdue ({0})";
    SecNoIntervention => "Chưa có can thiệp ({0})", "No intervention yet ({0})";
    SecDueSoon => "Đến hạn trong tuần ({0})", "Due this week ({0})";
    ColPupil => "Học sinh", "Pupil";
    ColTask => "Việc cần làm", "To do";
    ColDue => "Hạn", "Due";
    KVisitOverdue => "Thăm nhà đã quá hẹn", "Home visit overdue";
    KInterventionOverdue => "Quá hạn can thiệp", "Intervention overdue";
    KCheckStatus => "Xem lại: sàng lọc và hồ sơ không khớp", "Check: screening and case disagree";
    KNoIntervention => "Chưa can thiệp", "No intervention yet";
    KVisitDue => "Đến hẹn thăm nhà", "Home visit due";
    DaysLate => "quá {0} ngày", "{0} days late";
    OneDayLate => "quá 1 ngày", "1 day late";
    DaysLeft => "còn {0} ngày", "{0} days left";
    OneDayLeft => "còn 1 ngày", "1 day left";
    DueToday => "hôm nay", "today";
    RemindersEmpty => "Không có việc nào quá hạn hay sắp đến hạn.", "Nothing is overdue or due soon.";
    RemindersEmptyHint => "Nhắc việc đến từ lịch hẹn thăm nhà và từ các hồ sơ chưa được can thiệp.", "Reminders come from the next visits set and from cases with no intervention yet.";
    UnknownPupil => "(học sinh không còn trong sổ)", "(pupil no longer in the notebook)";

    // The dashboard.
    TitleDashboard => "Tổng quan lớp {0}", "Class {0} at a glance";
    PeriodLine => "Năm học {0}: {1} – {2} · số liệu tính đến ngày {3}", "School year {0}: {1} – {2} · figures as of {3}";
    LimitsLine => "Giới hạn: can thiệp đầu tiên trong {0} ngày, thăm lại trong {1} ngày ({2} để sửa)", "Limits: first intervention within {0} days, a visit every {1} days ({2} to change)";
    SecIndicators => "Chỉ số của kế hoạch", "The plan's indicators";
    TargetAtLeast => "mục tiêu {0}%", "target {0}%";
    TargetAtMost => "mục tiêu tối đa {0}%", "target at most {0}%";
    Met => "đạt", "met";
    NotMet => "chưa đạt", "not met";
    NothingToCount => "chưa có ai để tính", "nothing to count yet";
    Hazardous => "Trong đó làm công việc nặng nhọc, độc hại, nguy hiểm: {0}", "Of whom in heavy, hazardous or dangerous work: {0}";
    SecActivity => "Hoạt động trong năm học", "Activity this school year";
    ActivityLine => "Hồ sơ: {0} · Lần thăm nhà: {1} · Buổi truyền thông: {2}", "Cases: {0} · Home visits: {1} · Awareness sessions: {2}";
    SecSupport => "Hỗ trợ theo hình thức", "Support by type";
    // The same figures as the reports' support columns, in words short enough for 60 columns.
    ColCount => "Mọi trạng thái", "All statuses";
    ColDelivered => "Đã nhận", "Delivered";
    ColAmount => "Tiền đã nhận", "Amount delivered";
    SupportTotal => "Tổng cộng", "Total";
    NoSupport => "Chưa có hỗ trợ nào trong năm học.", "No support recorded this school year.";
    HowCounted => "Cách tính từng chỉ số (như trong báo cáo)", "How each indicator is counted (as the reports say)";

    // Awareness sessions.
    TitleSessions => "Buổi truyền thông", "Awareness sessions";
    ColDate => "Ngày", "Date";
    ColAudience => "Đối tượng", "Audience";
    ColTopic => "Chủ đề", "Topic";
    ColAttended => "Tham dự", "Attended";
    ColTicked => "HS đánh dấu", "Pupils ticked";
    SessionsEmpty => "Chưa có buổi truyền thông nào.", "No awareness session yet.";
    SessionsEmptyHint => "Nhấn {0} để thêm buổi đầu tiên.", "Press {0} to add the first.";
    InformedLine => "Đã truyền thông trong năm học: cha mẹ {0}/{1}, học sinh {2}/{3}", "Informed this school year: parents {0}/{1}, pupils {2}/{3}";
    SessionLabel => "buổi truyền thông ngày {0} ({1})", "the awareness session of {0} ({1})";
    SessionAdded => "Đã thêm buổi truyền thông ngày {0}.", "Added the awareness session of {0}.";
    SessionSaved => "Đã lưu buổi truyền thông ngày {0}.", "Saved the awareness session of {0}.";
    NoSession => "Chưa chọn buổi nào.", "No session is selected.";

    // Their forms.
    AttendedHint => "để trống = số học sinh đánh dấu", "empty = the pupils ticked";
    AttendeesHeading => "{0} ({1} để đánh dấu)", "{0} ({1} ticks)";
    // What a tick says, by the session's audience; the indicators count it so.
    TicksParents => "Đánh dấu em nếu cha mẹ em có mặt.", "Tick a pupil if the pupil's parents were there.";
    TicksPupils => "Đánh dấu em nếu em có mặt.", "Tick a pupil if the pupil was there.";
    TicksBoth => "Chỉ đánh dấu em nếu cả em và cha mẹ em đều có mặt.", "Tick a pupil only if the pupil and a parent were both there.";
    DaysUnit => "ngày", "days";
    SettingsIntro => "Các giới hạn này dùng cho chỉ số và nhắc việc của cả lớp. Ô có dấu * là bắt buộc.", "The class's indicators and reminders use these limits. Fields marked * are required.";
    SettingsSaved => "Đã lưu giới hạn: can thiệp trong {0} ngày, thăm lại trong {1} ngày.", "Limits saved: intervention within {0} days, a visit every {1} days.";
});
