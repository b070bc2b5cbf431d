//! Strings of the terminal interface.

use crate::domain::Status;
use crate::i18n::Lang;
use crate::strings;

strings!(T {
    // Status bar and frame.
    ClassYear => "Lớp {0} · {1}", "Class {0} · {1}";
    NotSetUp => "Chưa thiết lập", "Not set up";
    Pupils => "{0} học sinh", "{0} pupils";
    Saved => "Đã lưu", "Saved";
    NotSaved => "Lỗi khi lưu", "Save failed";
    Typing => "Chưa lưu", "Unsaved";
    TooSmall => "Cửa sổ quá nhỏ: cần ít nhất {0}×{1}, hiện là {2}×{3}.", "The window is too small: it needs {0}×{1} and is {2}×{3}.";

    // Short statuses for badges and counts.
    BUnscreened => "Chưa rà soát", "Not screened";
    BNotAtRisk => "Không nguy cơ", "Not at risk";
    BAtRisk => "Có nguy cơ", "At risk";
    BChildLabour => "Lao động trẻ em", "Child labour";
    BTrafficked => "Bị mua bán", "Trafficked";

    // Roster.
    TitleRoster => "Danh sách lớp {0}", "Class {0}";
    Search => "Tìm", "Search";
    SearchHint => "gõ tên để tìm", "type a name to search";
    SearchHintKey => "nhấn {0} để tìm", "press {0} to search";
    FilterLabel => "Lọc", "Filter";
    FilterAll => "Tất cả", "All";
    FilterIdentified => "Đã phát hiện", "Identified";
    SortLabel => "Xếp", "Order";
    SortList => "theo danh sách", "as listed";
    SortName => "theo tên", "by name";
    Shown => "{0}/{1}", "{0}/{1}";
    ColNo => "STT", "No.";
    ColName => "Họ và tên", "Full name";
    ColBirth => "Ngày sinh", "Born";
    ColSex => "Giới", "Sex";
    ColStatus => "Tình trạng", "Status";
    EmptyRoster => "Lớp chưa có học sinh nào.", "The class has no pupils yet.";
    EmptyImport => "Nhấn {0} để nhập danh sách lớp từ tệp CSV hoặc XLSX,", "Press {0} to import the class list from a CSV or XLSX file,";
    EmptyAdd => "hoặc {0} để thêm từng học sinh.", "or {0} to add pupils one by one.";
    NoMatch => "Không có học sinh nào khớp.", "No pupil matches.";
    NoMatchHint => "Nhấn {0} để xóa ô tìm và bộ lọc.", "Press {0} to clear the search and the filter.";
    NoneChosen => "—", "—";
    // A pupil who may be the same child as another (typed by hand on two devices).
    TwinMark => "trùng?", "twin?";
    TwinLegend => "{0} = có thể là một em: {1} để gộp", "{0} = maybe one child: {1} merges";
    NotATwin => "{0} không bị đánh dấu trùng với học sinh nào.", "{0} is not marked as a possible twin.";
    MergeIntro => "Hai học sinh này có thể là một em:", "These two may be one child:";
    ConfirmMerge => "Gộp làm một, giữ số {0} vì {1}? Thăm nhà, hỗ trợ và các buổi truyền thông của số {2} chuyển sang số {0} (phiếu rà soát, hồ sơ theo dõi, mốc đã phổ biến cũng vậy nếu số {0} chưa có), rồi số {2} bị xóa. Không thể hoàn tác.",
        "Merge them, keeping No. {0} as it {1}? The home visits, supports and sessions of No. {2} move to No. {0} (its screening, case and informed dates too, where No. {0} has none), then No. {2} is deleted. This cannot be undone.";
    TwinLine => "Số {0}: {1}, sinh {2}, {3}", "No. {0}: {1}, born {2}, {3}";
    TwinCode => "mã {0}", "code {0}";
    TwinNoCode => "không có mã", "no code";
    KeepMoreRecords => "có nhiều hồ sơ hơn ({0} so với {1})", "has more records ({0} against {1})";
    KeepListedFirst => "đứng trước trong danh sách", "is listed first";
    Merged => "Đã gộp hai học sinh {0} làm một.", "Merged the two pupils {0} into one.";

    // Detail.
    SectionPupil => "Thông tin học sinh", "Pupil";
    SectionScreening => "Rà soát", "Screening";
    SectionChanges => "Thay đổi gần đây", "Recent changes";
    SectionFollowUp => "Theo dõi", "Follow-up";
    CaseLabel => "Hồ sơ", "Case";
    StageSince => "{0} từ {1}", "{0} since {1}";
    ClosedSince => "Đã đóng ({0}) từ {1}", "Closed ({0}) since {1}";
    NextVisitLabel => "Lần thăm tới", "Next visit";
    NextVisitDue => "{0} ({1})", "{0} ({1})";
    NextVisitOverdue => "Quá hẹn: {0} ({1})", "Overdue: {0} ({1})";
    NoNextVisit => "Chưa hẹn", "None set";
    RecentVisits => "Thăm nhà gần đây", "Latest home visits";
    RecentSupports => "Hỗ trợ gần đây", "Latest supports";
    NoVisits => "Chưa có lần thăm nhà nào.", "No home visit yet.";
    NoSupports => "Chưa có hỗ trợ nào.", "No support yet.";
    MoreInTimeline => "… và {0} mục nữa: {1} mở diễn biến", "… and {0} more: {1} opens the timeline";
    StatusLabel => "Tình trạng", "Status";
    Age => "{0} ({1} tuổi)", "{0} (aged {1})";
    NotScreenedYet => "Chưa rà soát. Nhấn {0} để rà soát.", "Not screened yet. Press {0} to screen.";
    FactorsLabel => "Yếu tố nguy cơ", "Risk factors";
    LevelLabel => "Mức nguy cơ gợi ý", "Suggested level";
    ReasonsLabel => "Vì", "Because";
    NoneLabel => "Không có", "None";
    NoChanges => "Chưa có thay đổi nào.", "No changes yet.";
    PupilAdded => "Thêm vào sổ", "Added to the notebook";
    PupilEdited => "Sửa: {0}", "Edited: {0}";
    ScreeningFirst => "Rà soát lần đầu", "First screening";
    ScreeningChanged => "Sửa phiếu rà soát: {0}", "Screening changed: {0}";

    // Forms.
    TitleSetup => "Thiết lập sổ tay", "Set up the notebook";
    TitleProfile => "Hồ sơ giáo viên", "Teacher's profile";
    TitleAdd => "Thêm học sinh", "Add a pupil";
    TitleEdit => "Sửa thông tin học sinh", "Edit a pupil";
    TitleScreening => "Rà soát nguy cơ: {0}", "Screening: {0}";
    JumpToDecision => "{0}: đến phần kết luận", "{0}: on to the decision";
    ConfirmDeleteEntry => "Xóa {0}? Không thể hoàn tác.", "Delete {0}? This cannot be undone.";
    TitleVisitNew => "Ghi thăm nhà: {0}", "Record a home visit: {0}";
    TitleVisitEdit => "Sửa lần thăm nhà: {0}", "Edit a home visit: {0}";
    TitleSupportNew => "Ghi hỗ trợ: {0}", "Record a support: {0}";
    TitleSupportEdit => "Sửa hỗ trợ: {0}", "Edit a support: {0}";
    TitleCase => "Chuyển bước hồ sơ: {0}", "Move the case: {0}";
    TitleInformed => "Truyền thông: {0}", "Informed: {0}";
    TitleSessionNew => "Thêm buổi truyền thông", "Add an awareness session";
    TitleSessionEdit => "Sửa buổi truyền thông", "Edit an awareness session";
    TitleSettings => "Giới hạn cho chỉ số và nhắc việc", "Limits for the indicators and reminders";
    SetupIntro => "Chào thầy cô! Hãy điền hồ sơ để bắt đầu. Ô có dấu * là bắt buộc.", "Welcome! Fill in your profile to begin. Fields marked * are required.";
    FormIntro => "Ô có dấu * là bắt buộc.", "Fields marked * are required.";
    ProfileIntro => "Ô có dấu * là bắt buộc. {0}: đồng bộ sổ tay với các máy khác của tài khoản (máy ở trường, máy ở nhà).", "Fields marked * are required. {0}: sync the notebook with the account's other devices (the school PC, the home laptop).";
    TrainedOn => "Ngày tập huấn (nếu có)", "Training date (if any)";
    LangVi => "Tiếng Việt", "Tiếng Việt";
    LangEn => "English", "English";
    // Every date field's hint, alone or at the start of a longer one.
    DateHint => "dd/mm/yyyy hoặc hôm nay", "dd/mm/yyyy or today";
    GroupHousehold => "Gia đình", "Household";
    GroupSchool => "Học tập", "School";
    GroupWork => "Làm việc", "Work";
    GroupGrave => "Dấu hiệu nghiêm trọng", "Grave signs";
    Suggested => "gợi ý: {0}", "suggested: {0}";
    IdentifiedHint => "{0}; trống = ngày rà soát", "{0}; empty = date screened";
    CutHint => "nhấn {0} để cắt cho vừa", "press {0} to cut it to the limit";
    NotIdentified => "chỉ cần khi đã phát hiện", "only for identified children";

    // Popups.
    TitleConfirm => "Xác nhận", "Confirm";
    ConfirmDelete => "Xóa học sinh {0} cùng phiếu rà soát? Không thể hoàn tác.", "Delete {0} and their screening? This cannot be undone.";
    ConfirmDiscard => "Đóng biểu mẫu và bỏ những gì vừa nhập?", "Close the form and discard what you typed?";
    ConfirmAge => "Với ngày sinh {0}, em {1} tuổi vào đầu năm học {2} ({3}): có thể đã gõ nhầm. Vẫn lưu?",
        "Born {0}, the pupil is {1} at the start of the {2} school year ({3}): perhaps a typo. Save anyway?";
    ConfirmQuit => "Thoát và bỏ những gì vừa nhập chưa lưu?", "Quit and discard what you typed but did not save?";
    TitleHelp => "Phím tắt", "Keys";
    HelpTyping => "Trong ô nhập: gõ chữ để nhập, Backspace để xóa, ←/→ để di chuyển. Khi vừa chuyển đến một ô đã có chữ, chữ được chọn: chữ gõ đầu tiên thay cả ô, còn ←/→, Home, End, Backspace, Delete thì sửa tiếp như thường.",
        "In a text field: type to enter text, Backspace to erase, ←/→ to move. When the cursor arrives on a field that holds text, the text is selected: the first character typed replaces it, while ←/→, Home, End, Backspace and Delete edit it as usual.";
    CtxGlobal => "Mọi nơi", "Everywhere";
    CtxRoster => "Danh sách lớp", "Class list";
    CtxSearch => "Ô tìm kiếm", "Search box";
    CtxDetail => "Thông tin học sinh", "Pupil page";
    CtxForm => "Biểu mẫu", "Forms";
    CtxConfirm => "Câu hỏi xác nhận", "Questions";
    CtxHelp => "Trợ giúp", "Help";
    CtxTimeline => "Diễn biến của học sinh", "Pupil's timeline";
    CtxReminders => "Nhắc việc", "Reminders";
    CtxDashboard => "Tổng quan lớp", "Class dashboard";
    CtxSessions => "Buổi truyền thông", "Awareness sessions";
    CtxEntry => "Một mục của diễn biến", "A timeline entry";
    CtxSync => "Đồng bộ", "Sync";
    TitleWarnings => "Cảnh báo về tệp phím tắt", "Keymap warnings";
    WarningAt => "{0}, dòng {1}: {2}", "{0}, line {1}: {2}";
    WarningIn => "{0}: {1}", "{0}: {1}";
    WarningsFallback => "Các phím mặc định được dùng thay cho những dòng này.", "The default keys are used instead of these lines.";

    // Import.
    TitleImport => "Nhập danh sách lớp", "Import a class list";
    ImportPath => "Tệp danh sách lớp", "Class list file";
    ImportIntro => "Gõ đường dẫn đầy đủ của tệp CSV hoặc Excel (ví dụ D:\\Lop8A.xlsx; Tab gõ nốt tên tệp hoặc thư mục), rồi nhấn {0} để xem trước.", "Type the full path of the CSV or Excel file (e.g. D:\\Class8A.xlsx; Tab completes a file or folder name), then press {0} to preview it.";
    TitleImportPreview => "Xem trước: {0}", "Preview: {0}";
    Candidates => "Khớp: {0}", "Matches: {0}";
    ImportNothing => "Không có học sinh mới để nhập.", "There are no new pupils to import.";
    ImportQuestion => "Nhập {0} học sinh mới vào lớp {1}?", "Import {0} new pupils into class {1}?";

    // Status messages.
    SaveFailed => "Chưa lưu được: {0}", "Not saved: {0}";
    SavedReloadFailed => "Đã lưu, nhưng không đọc lại được danh sách: {0}", "Saved, but the class list could not be read again: {0}";
    FixFields => "Số ô cần sửa: {0}. Con trỏ đang ở ô đầu tiên.", "Fields to fix: {0}. The cursor is on the first.";
    ProfileSaved => "Đã lưu hồ sơ.", "Profile saved.";
    Added => "Đã thêm {0}.", "Added {0}.";
    StudentSaved => "Đã lưu {0}.", "Saved {0}.";
    ScreeningSaved => "Đã lưu phiếu rà soát của {0}.", "Saved the screening of {0}.";
    ScreeningSavedCaseClosed => "Đã lưu phiếu rà soát của {0}. Hồ sơ đã đóng ngày {1}: không còn nguy cơ.",
        "Saved the screening of {0}. Its case is closed on {1}: no longer at risk.";
    ScreeningSavedCaseReopened => "Đã lưu phiếu rà soát của {0}. Hồ sơ được mở lại ngày {1}.",
        "Saved the screening of {0}. Its case is re-opened on {1}.";
    Deleted => "Đã xóa {0}.", "Deleted {0}.";
    Imported => "Đã nhập {0} học sinh.", "Imported {0} pupils.";
    NoSelection => "Chưa chọn học sinh nào.", "No pupil is selected.";
    PupilGone => "Học sinh này không còn trong sổ.", "This pupil is no longer in the notebook.";
    NothingToCut => "Ô này không dài quá giới hạn: không có gì để cắt.", "This field is not over its limit: there is nothing to cut.";
    FinishSetup => "Hãy điền hồ sơ để bắt đầu; nhấn {0} để thoát.", "Fill in the profile to begin; press {0} to quit.";
});

/// A status's short form, for the roster's badges and the counts.
pub fn badge(lang: Lang, s: Status) -> &'static str {
    match s {
        Status::Unscreened => T::BUnscreened,
        Status::NotAtRisk => T::BNotAtRisk,
        Status::AtRisk => T::BAtRisk,
        Status::ChildLabour => T::BChildLabour,
        Status::Trafficked => T::BTrafficked,
    }
    .get(lang)
}
