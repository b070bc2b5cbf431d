//! Strings of a report's words: titles, headers, indicators, counts, columns.

use crate::strings;

strings!(R {
    TitleClass => "Báo cáo tổng hợp phòng ngừa lao động trẻ em — Lớp {0}",
        "Child-labour prevention summary — Class {0}";
    TitleSchool => "Báo cáo tổng hợp phòng ngừa lao động trẻ em — {0}",
        "Child-labour prevention report — {0}";
    Confidential => "MẬT — có thông tin cá nhân của học sinh, không gửi lên cấp trên",
        "CONFIDENTIAL — contains pupils' personal data; do not send upward";

    HTeacher => "Giáo viên chủ nhiệm", "Homeroom teacher";
    HPeriod => "Kỳ báo cáo", "Reporting period";
    HMadeOn => "Ngày lập báo cáo", "Date made";
    HAsOf => "Số liệu tính đến ngày", "Figures counted to";
    HClasses => "Số lớp", "Number of classes";

    SheetSummary => "Tổng hợp", "Summary";
    SheetSupport => "Hỗ trợ", "Support";
    SheetCases => "Hồ sơ", "Cases";
    SheetClasses => "Các lớp", "Classes";

    TblIndicators => "Các chỉ tiêu của kế hoạch", "The plan's indicators";
    TblCounts => "Số liệu", "Counts";
    TblCases => "Hồ sơ theo dõi trong kỳ", "Cases followed in the period";
    TblByClass => "Chỉ tiêu theo lớp", "Indicators by class";
    TblFiles => "Các tệp báo cáo của lớp đã tổng hợp", "Class report files merged";

    ColIndicator => "Chỉ tiêu", "Indicator";
    ColCount => "Số lượng", "Count";
    ColOutOf => "Trên tổng số", "Out of";
    ColShare => "Tỷ lệ", "Share";
    ColTarget => "Mục tiêu", "Target";
    ColMet => "Đánh giá", "Met";
    ColItem => "Nội dung", "Item";
    ColNumber => "Số lượng", "Number";
    ColPlanned => "Số lượt dự kiến", "Planned";
    ColPlannedVnd => "Số tiền dự kiến", "Amount planned";
    ColDelivered => "Số lượt đã nhận", "Delivered";
    ColDeliveredVnd => "Số tiền đã nhận", "Amount delivered";
    ColStageOn => "Ngày sang bước hiện tại", "Current stage since";
    ColFirstIntervention => "Ngày can thiệp đầu tiên", "First intervention";
    ColLastVisit => "Lần thăm gần nhất", "Latest visit";
    ColSupports => "Hỗ trợ", "Supports";
    ColClass => "Lớp", "Class";
    ColPupils => "Số học sinh", "Pupils";
    ColFile => "Tệp", "File";

    Met => "Đạt", "Met";
    NotMet => "Chưa đạt", "Not met";
    TargetNoChild => "0 (năm 2030)", "0 (by 2030)";
    WholeSchool => "Toàn trường", "Whole school";

    IIntervened => "Tỷ lệ trẻ được hỗ trợ, can thiệp kịp thời",
        "Children supported or intervened in time";
    IMonitored => "Tỷ lệ trẻ được quản lý, theo dõi", "Children managed and monitored";
    IEducation => "Tỷ lệ trẻ được tiếp cận giáo dục phổ thông, học nghề phù hợp",
        "Children with access to general education or suitable vocational training";
    IParents => "Tỷ lệ cha mẹ, người chăm sóc được truyền thông", "Parents and caregivers informed";
    IStudents => "Tỷ lệ học sinh được truyền thông", "Pupils informed";
    IChildLabour => "Tỷ lệ lao động trẻ em (5–17 tuổi)", "Child-labour rate (aged 5–17)";
    IHazardous => "Số trẻ làm công việc nặng nhọc, độc hại, nguy hiểm",
        "Children in heavy, hazardous or dangerous work";
    ITrafficked => "Số trẻ bị mua bán vì mục đích bóc lột sức lao động",
        "Children trafficked for labour exploitation";

    // Short names for the columns of the per-class table.
    SHazardous => "Làm công việc nặng nhọc, độc hại, nguy hiểm", "In heavy, hazardous or dangerous work";
    STrafficked => "Bị mua bán vì mục đích bóc lột sức lao động", "Trafficked for labour exploitation";

    CPupils => "Số học sinh", "Pupils";
    CPupils517 => "Số học sinh từ 5 đến 17 tuổi", "Pupils aged 5–17";
    CAtRisk => "Số trẻ có nguy cơ trở thành lao động trẻ em", "Children at risk of child labour";
    CChildLabour => "Số trẻ là lao động trẻ em", "Children in child labour";
    CTrafficked => "Số trẻ bị mua bán vì mục đích bóc lột sức lao động",
        "Children trafficked for labour exploitation";
    CHazardous => "Số trẻ làm công việc nặng nhọc, độc hại, nguy hiểm",
        "Children in heavy, hazardous or dangerous work";
    CNew => "Số trẻ mới phát hiện trong kỳ", "Cases newly identified in the period";
    CCases => "Số hồ sơ theo dõi trong kỳ", "Cases followed in the period";
    COpen => "Số hồ sơ đang mở", "Open cases";
    CClosed => "Số hồ sơ đã đóng trong kỳ", "Cases closed in the period";
    CClosedBy => "trong đó: {0}", "of which: {0}";
    CVisits => "Số lượt thăm gia đình", "Home visits";
    CSessions => "Số buổi truyền thông", "Awareness sessions";
    CReached => "Số lượt người tham dự truyền thông", "People reached (total attendance)";

    NoteAsOf => "Số liệu tính đến ngày {0}: ngày cuối kỳ, hoặc ngày lập báo cáo nếu kỳ chưa kết thúc; ghi chép sau ngày này không được tính.",
        "Figures are counted to {0}: the period's last day, or the day the report was made if the period had not ended; records dated later are not counted.";
    NoteDefinitions => "Cách tính từng chỉ tiêu: xem tệp docs/indicators.md của sotay. Khi không có ai để tính, tỷ lệ để trống (–) và chỉ tiêu được coi là đạt.",
        "How each figure is counted: see docs/indicators.md in sotay. When there is nobody to count, the share is shown as – and the target counts as met.";
    NoteSummary => "Bản tóm tắt này không có họ tên, ngày sinh, địa chỉ hay số điện thoại của học sinh nào.",
        "This summary contains no pupil's name, date of birth, address or phone number.";
    NoteFull => "Bản đầy đủ có thông tin cá nhân của học sinh: chỉ lưu tại trường, không gửi lên cấp trên.",
        "This full version contains pupils' personal data: keep it at the school and do not send it upward.";
    NoteMerged => "Tổng hợp từ {0} tệp báo cáo của các lớp trong cùng kỳ; số liệu toàn trường là tổng số liệu của các lớp.",
        "Merged from {0} class report files of the same period; the school's figures are the sums of its classes'.";
});
