//! Strings of a pupil's case follow-up in the terminal interface: the timeline, its entries,
//! the visit, support, case and informed forms, and their messages.

use crate::strings;

strings!(C {
    // The timeline's header.
    TitleTimeline => "Diễn biến: {0}", "Timeline: {0}";
    CaseNone => "Chưa có hồ sơ", "No case";
    CaseStage => "Hồ sơ: {0} từ {1}", "Case: {0} since {1}";
    CaseClosed => "Hồ sơ: Đã đóng ({0}) từ {1}", "Case: closed ({0}) since {1}";
    FirstIntervention => "can thiệp đầu tiên {0}", "first intervention {0}";
    NoIntervention => "chưa can thiệp", "no intervention yet";
    // The latest day ever, not this school year's: worded so it doesn't read as the indicator.
    InformedLine => "Truyền thông gần nhất: học sinh {0} · cha mẹ {1}", "Last informed: pupil {0} · parents {1}";
    NotYet => "chưa", "not yet";
    ColDate => "Ngày", "Date";
    ColWhat => "Diễn biến", "What happened";
    EmptyTimeline => "Chưa có diễn biến nào.", "Nothing recorded yet.";
    EmptyTimelineHint => "Nhấn {0} để ghi lần thăm nhà, {1} để ghi hỗ trợ.", "Press {0} to record a home visit, {1} to record a support.";

    // The entries: a kind, then a summary.
    KVisit => "Thăm nhà", "Home visit";
    KSupport => "Hỗ trợ", "Support";
    KCase => "Hồ sơ", "Case";
    Met => "gặp {0}", "met {0}";
    Working => "đang làm việc", "working";
    WorkingAs => "làm việc: {0}", "working: {0}";
    HoursWeek => "{0} giờ/tuần", "{0} h/week";
    Hazardous => "việc nặng nhọc, nguy hiểm", "hazardous work";
    Attending => "đang đi học", "attending school";
    NotAttending => "không đi học", "not attending school";
    NextVisit => "hẹn {0}", "next {0}";
    CaseOpened => "mở ở bước {0}", "opened at {0}";
    PupilAdded => "Thêm vào sổ", "Added to the notebook";
    PupilEdited => "Sửa thông tin học sinh", "Pupil's details edited";
    ScreeningFirst => "Rà soát lần đầu", "First screening";
    ScreeningEdited => "Sửa phiếu rà soát", "Screening edited";
    VisitEdited => "Sửa lần thăm nhà {0}", "Home visit of {0} edited";
    SupportEdited => "Sửa hỗ trợ {0}", "Support edited: {0}";

    // The entry popup.
    TitleMove => "Chuyển bước hồ sơ", "Case move";
    TitleVisit => "Lần thăm nhà ngày {0}", "Home visit of {0}";
    TitleSupport => "Hỗ trợ: {0}", "Support: {0}";
    LDate => "Ngày", "Date";
    LSavedOn => "Ngày lưu", "Saved on";
    ValueEmpty => "(để trống)", "(empty)";
    Yes => "Có", "Yes";
    No => "Không", "No";
    LPlannedOn => "Ngày dự kiến", "Date planned";
    LReferredOn => "Ngày chuyển gửi", "Date referred";
    LDeliveredOn => "Ngày nhận", "Date delivered";
    LDeclinedOn => "Ngày từ chối", "Date declined";
    LOpenedOn => "Ngày mở hồ sơ (lần này)", "Date opened (this time)";
    LFirstIntervention => "Ngày can thiệp đầu tiên", "Date of the first intervention";

    // The forms.
    // After the one date hint (`T::DateHint`).
    NextVisitHint => "{0}; sau ngày thăm", "{0}; after the visit";
    StatusOnHint => "{0}; trống = hôm nay", "{0}; empty = today";
    AmountIs => "= {0}", "= {0}";
    AmountHint => "ví dụ 1.500.000", "for example 1.500.000";
    HoursHint => "0–168", "0–168";
    CloseOnly => "chỉ khi đóng hồ sơ", "only when closing";
    ProviderHint => "bắt buộc khi giới thiệu học nghề", "required for a vocational referral";
    CaseIntro => "Hiện tại: {0} từ {1}. Chỉ có những bước được phép chuyển tới.", "Now: {0} since {1}. Only the allowed moves are offered.";
    InformedIntro => "Ngày học sinh và cha mẹ được truyền thông ngoài các buổi đã ghi; để trống nếu chưa.", "When the pupil and the parents were informed outside a recorded session; leave empty if not yet.";

    // Messages.
    VisitSaved => "Đã lưu lần thăm nhà của {0}.", "Saved the home visit of {0}.";
    SupportSaved => "Đã lưu hỗ trợ cho {0}.", "Saved the support for {0}.";
    CaseSaved => "Hồ sơ của {0}: {1}.", "The case of {0}: {1}.";
    ClosedNotAtRisk => "Hồ sơ của {0} đã đóng ngày {1}: không còn nguy cơ; kết quả rà soát mới: không có nguy cơ.",
        "The case of {0} is closed on {1}: no longer at risk; new screening result: not at risk.";
    ConfirmCloseNotAtRisk => "Đóng hồ sơ của {0} vì «Không còn nguy cơ» cũng ghi kết quả rà soát mới «Không có nguy cơ» ngày {1} (các yếu tố nguy cơ đã đánh dấu giữ nguyên). Lưu cả hai?",
        "Closing the case of {0} as “no longer at risk” also records a new screening result, “not at risk”, dated {1} (the risk factors ticked stay as they are). Save both?";
    ReopenNeedsScreening => "Kết quả rà soát hiện tại là em không có nguy cơ: hãy rà soát lại em ({0} ở trang của em); kết quả phát hiện em sẽ mở lại hồ sơ.",
        "The current screening says the child is not at risk: re-screen the pupil ({0} on the pupil's page); a result that identifies the child re-opens the case.";
    BeforeIdentified => "{0} Trước ngày phát hiện ({1}): không tính là can thiệp.",
        "{0} Before the identification ({1}): not counted as an intervention.";
    InformedSaved => "Đã lưu ngày truyền thông của {0}.", "Saved when {0} was informed.";
    EntryDeleted => "Đã xóa {0}.", "Deleted {0}.";
    NoCase => "{0} chưa có hồ sơ: hồ sơ được mở khi rà soát phát hiện em.", "{0} has no case: a case opens when a screening identifies the child.";
    OnlyVisitsSupports => "Chỉ xóa được lần thăm nhà hoặc hỗ trợ.", "Only a home visit or a support can be deleted.";
    NothingSelected => "Chưa chọn mục nào.", "Nothing is selected.";
    DeleteVisit => "lần thăm nhà ngày {0}", "the home visit of {0}";
    DeleteSupport => "hỗ trợ {0} ngày {1}", "the support {0} of {1}";
    SavedRefreshFailed => "Đã lưu, nhưng không đọc lại được màn hình đang mở: {0}", "Saved, but the open screens could not be read again: {0}";
    EntryGone => "Mục này không còn trong sổ.", "This entry is no longer in the notebook.";
});
