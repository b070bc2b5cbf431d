//! Strings of a report's words: titles, headers, indicators, counts, columns.

use crate::strings;

strings!(R {
    TitleClass => "Báo cáo tổng hợp phòng ngừa lao động trẻ em — Lớp {0}",
        "Child-labour prevention summary — Class {0}";
    TitleSchool => "Báo cáo tổng hợp phòng ngừa lao động trẻ em — {0}",
        "Child-labour prevention report — {0}";
    TitleArea => "Báo cáo tổng hợp phòng ngừa lao động trẻ em — {0}",
        "Child-labour prevention report — {0}";
    Confidential => "MẬT — có thông tin cá nhân của học sinh, không gửi lên cấp trên",
        "CONFIDENTIAL — contains pupils' personal data; do not send upward";

    HTeacher => "Giáo viên chủ nhiệm", "Homeroom teacher";
    HPeriod => "Kỳ báo cáo", "Reporting period";
    HMadeOn => "Ngày lập báo cáo", "Date made";
    HFrom => "Từ ngày", "From";
    HTo => "Đến ngày", "To";
    HAsOf => "Số liệu tính đến ngày", "Figures counted to";
    HAsOfEarliest => "Số liệu tính đến ngày (lớp sớm nhất)", "Figures counted to (earliest class)";
    HAsOfLatest => "Số liệu tính đến ngày (lớp muộn nhất)", "Figures counted to (latest class)";
    HClasses => "Số lớp", "Number of classes";
    HSchools => "Số trường", "Number of schools";
    HCommuneCode => "Mã xã, phường", "Commune or ward code";
    HProvinceCode => "Mã tỉnh, thành phố", "Province or city code";

    SheetSummary => "Tổng hợp", "Summary";
    SheetSupport => "Hỗ trợ", "Support";
    SheetCases => "Hồ sơ", "Cases";
    SheetClasses => "Các lớp", "Classes";
    SheetByClass => "Theo lớp", "By class";
    SheetBySchool => "Theo trường", "By school";
    SheetMissing => "Chưa gửi", "Not sent";
    SheetDefinitions => "Định nghĩa", "Definitions";

    TblIndicators => "Các chỉ tiêu của kế hoạch", "The plan's indicators";
    TblCounts => "Số liệu", "Counts";
    TblCases => "Hồ sơ theo dõi trong kỳ", "Cases followed in the period";
    TblByClass => "Chỉ tiêu theo lớp", "Indicators by class";
    TblBySchool => "Chỉ tiêu theo trường", "Indicators by school";
    TblMissingClasses => "Các lớp chưa gửi số liệu kỳ này", "Classes that have not sent figures for this period";
    TblMissingArea => "Các trường, lớp chưa gửi số liệu kỳ này",
        "Schools and classes that have not sent figures for this period";
    TblFiles => "Các tệp báo cáo của lớp đã tổng hợp", "Class report files merged";
    TblDefinitions => "Cách tính các chỉ tiêu và số liệu", "How each figure is counted";

    ColIndicator => "Chỉ tiêu", "Indicator";
    ColCount => "Số lượng", "Count";
    ColOutOf => "Trên tổng số", "Out of";
    ColShare => "Tỷ lệ", "Share";
    ColTarget => "Mục tiêu", "Target";
    ColMet => "Đánh giá", "Met";
    ColItem => "Nội dung", "Item";
    ColNumber => "Số lượng", "Number";
    // Every support with a status date in the period, whatever its status (the figures'
    // keys say `planned` for history).
    ColPlanned => "Số lượt (mọi trạng thái)", "Supports, all statuses";
    ColPlannedVnd => "Tổng số tiền (mọi trạng thái)", "Amount, all statuses";
    ColDelivered => "Số lượt đã nhận", "Delivered";
    ColDeliveredVnd => "Số tiền đã nhận", "Amount delivered";
    ColStageOn => "Ngày sang bước hiện tại", "Current stage since";
    ColFirstIntervention => "Ngày can thiệp đầu tiên", "First intervention";
    ColLastVisit => "Lần thăm gần nhất", "Latest visit";
    ColSupports => "Hỗ trợ", "Supports";
    ColClass => "Lớp", "Class";
    ColClasses => "Số lớp", "Classes";
    ColLastSent => "Lần gửi gần nhất", "Last sent";
    ColPupils => "Số học sinh", "Pupils";
    ColFile => "Tệp", "File";
    ColDefinition => "Cách tính", "How it is counted";

    Met => "Đạt", "Met";
    NotCounted => "Không tính được (thiếu số liệu)", "Not counted (figures missing)";
    NotMet => "Chưa đạt", "Not met";
    TargetNoChild => "0 (năm 2030)", "0 (by 2030)";
    WholeSchool => "Toàn trường", "Whole school";
    WholeCommune => "Toàn xã, phường", "Whole commune or ward";
    WholeProvince => "Toàn tỉnh, thành phố", "Whole province or city";
    Never => "chưa bao giờ", "never";
    NoClassSent => "(chưa lớp nào gửi)", "(no class has sent)";
    ColWhy => "Ghi chú", "Note";
    WhyNotToReader => "đã gửi, nhưng chưa tới khóa của nơi nhận này", "sent, but not to this reader's key";
    WhyRefused => "số liệu bị từ chối, không tính", "figures refused, not counted";

    // The indicators' labels, the one table (`i18n::indicator` maps each indicator to its
    // two): the plan's name, for the reports' indicator table and definitions…
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
    ITrained => "Tỷ lệ giáo viên chủ nhiệm được tập huấn về phòng ngừa lao động trẻ em",
        "Homeroom teachers trained on child-labour prevention";
    // …and a short name, for the dashboard's rows and the per-class table's columns.
    SIntervened => "Can thiệp kịp thời", "Intervened in time";
    SMonitored => "Được quản lý, theo dõi", "Monitored";
    SEducation => "Được đi học, học nghề", "In education or training";
    SParents => "Cha mẹ được truyền thông", "Parents informed";
    SStudents => "Học sinh được truyền thông", "Pupils informed";
    SChildLabour => "Lao động trẻ em 5–17 tuổi", "Child labour, aged 5–17";
    SHazardous => "Làm công việc nặng nhọc, độc hại, nguy hiểm", "In heavy, hazardous or dangerous work";
    STrafficked => "Bị mua bán vì mục đích bóc lột sức lao động", "Trafficked for labour exploitation";
    STrained => "GVCN được tập huấn", "Teachers trained";

    CPupils => "Số học sinh", "Pupils";
    CPupils517 => "Số học sinh từ 5 đến 17 tuổi", "Pupils aged 5–17";
    CAtRisk => "Số trẻ có nguy cơ trở thành lao động trẻ em", "Children at risk of child labour";
    CChildLabour => "Số trẻ là lao động trẻ em", "Children in child labour";
    CNew => "Số trẻ mới phát hiện trong kỳ", "Cases newly identified in the period";
    CCases => "Số hồ sơ theo dõi trong kỳ", "Cases followed in the period";
    COpen => "Số hồ sơ đang mở", "Open cases";
    CClosed => "Số hồ sơ đã đóng trong kỳ", "Cases closed in the period";
    CClosedBy => "trong đó: {0}", "of which: {0}";
    CVisits => "Số lượt thăm gia đình", "Home visits";
    CSessions => "Số buổi truyền thông", "Awareness sessions";
    CReached => "Số lượt người tham dự truyền thông", "People reached (total attendance)";

    NoteAsOf => "Ngày tính số liệu (dòng «Số liệu tính đến ngày» ở đầu báo cáo) là ngày cuối kỳ, hoặc ngày lập báo cáo nếu kỳ chưa kết thúc; ghi chép ghi ngày sau ngày đó không được tính.",
        "The day the figures are counted to (in the header) is the period's last day, or the day the report was made if the period had not ended; records dated later are not counted.";
    NoteDefinitions => "Mỗi chỉ tiêu và số liệu được tính thế nào: xem bảng «{0}» trong báo cáo này.",
        "What each figure counts: see «{0}» in this report.";
    NoteSummary => "Bản tóm tắt này không có họ tên, ngày sinh, địa chỉ hay số điện thoại của học sinh nào.",
        "This summary contains no pupil's name, date of birth, address or phone number.";
    NoteFull => "Bản đầy đủ có thông tin cá nhân của học sinh: chỉ lưu tại trường, không gửi lên cấp trên.",
        "This full version contains pupils' personal data: keep it at the school and do not send it upward.";
    NoteMerged => "Tổng hợp từ {0} tệp báo cáo của các lớp trong cùng kỳ; số liệu toàn trường là tổng số liệu của các lớp.",
        "Merged from {0} class report files of the same period; the school's figures are the sums of its classes'.";

    NoteAreaMerged => "Tổng hợp từ báo cáo của {0} trường ({1} lớp) trong cùng kỳ; số liệu chung là tổng số liệu của các trường.",
        "Merged from the reports of {0} schools ({1} classes) of the same period; the figures of the whole are the sums of its schools'.";
    NoteNotCounted => "Để trống (–) vì thiếu số liệu: {0}. Tệp của {1} do phiên bản sotay cũ hơn tạo, không có số liệu này; số liệu thiếu không bao giờ được coi là 0.",
        "Left empty (–) for lack of figures: {0}. The files of {1} were written by an older sotay and do not hold them; a missing figure is never read as 0.";

    // The definitions: what each line counts, out of what, and its target. Docs quote the
    // English ones (docs/indicators.md). {0} is a limit in days (`Days` or `DaysByClass`).
    DIntervened => "Số hồ sơ có lần can thiệp đầu tiên trong vòng {0} sau ngày phát hiện trẻ, trên số hồ sơ đã rõ kết quả: đã can thiệp (kịp thời hoặc muộn), hoặc đã quá hạn mà chưa can thiệp. Không tính hồ sơ chưa can thiệp mà còn trong hạn, hoặc đã đóng khi còn trong hạn. Can thiệp là một lần thăm nhà có ghi mục «Đã thống nhất» (tính từ ngày thăm), hoặc một hỗ trợ đã chuyển gửi hay đã nhận (tính từ ngày sớm hơn trong hai ngày đó). Chỉ can thiệp ghi ngày từ ngày phát hiện trẻ trở đi mới được tính cho hồ sơ; can thiệp ghi ngày trước ngày phát hiện không được tính. Mục tiêu: 100%.",
        "Cases whose first intervention came within {0} after the child was identified, out of the cases decided: intervened (in time or late), or past the deadline without one. Cases with no intervention that are still within the deadline, or were closed within it, are left out. An intervention is a home visit with something written under «What was agreed» (on the visit day), or a support referred or delivered (from the earlier of those days). Only an intervention dated on or after the day the child was identified counts for the case; one dated earlier does not. Target: 100%.";
    DMonitored => "Số hồ sơ đang mở đã được thăm nhà trong vòng {0} trước ngày tính số liệu, trên số hồ sơ đang mở vào ngày đó. Hồ sơ chưa được thăm lần nào thì chưa được tính là được theo dõi; lần thăm trước ngày phát hiện trẻ không được tính. Mục tiêu: 100%.",
        "Open cases visited at home within the last {0} before the day the figures are counted to, out of the cases open on that day. A case not visited yet is not monitored; a visit before the child was identified does not count. Target: 100%.";
    DEducation => "Số trẻ có hồ sơ đang đi học (lần thăm nhà gần nhất ghi trẻ đang đi học; nếu chưa thăm lần nào thì phiếu rà soát không đánh dấu «Đã bỏ học») hoặc có hỗ trợ «Giới thiệu học nghề» đã nhận (hỗ trợ mới dự kiến, đã chuyển gửi hoặc bị từ chối không được tính), trên tổng số hồ sơ được tính trong kỳ. Mục tiêu: 99%.",
        "Children with a case who attend school (the latest visit says so; with no visit yet, the screening does not tick «Dropped out») or whose vocational-training referral was delivered (one planned, referred or declined does not count), out of all cases counted in the period. Target: 99%.";
    DParents => "Số học sinh có cha mẹ hoặc người chăm sóc được truyền thông trong kỳ: học sinh được đánh dấu ở một buổi truyền thông trong kỳ dành cho cha mẹ (hoặc cho cả cha mẹ và học sinh), hoặc được giáo viên ghi là cha mẹ đã được truyền thông vào một ngày trong kỳ; trên tổng số học sinh. Mục tiêu: 90%.",
        "Pupils whose parents or caregivers were reached in the period: the pupil is ticked on an awareness session held in the period for parents (or for parents and pupils), or the teacher marked the parents informed on a day in the period; out of all pupils. Target: 90%.";
    DStudents => "Số học sinh được truyền thông trong kỳ: học sinh được đánh dấu ở một buổi truyền thông trong kỳ dành cho học sinh (hoặc cho cả cha mẹ và học sinh), hoặc được giáo viên ghi là đã được truyền thông vào một ngày trong kỳ; trên tổng số học sinh. Mục tiêu: 90%.",
        "Pupils reached in the period: the pupil is ticked on an awareness session held in the period for pupils (or for parents and pupils), or the teacher marked the pupil informed on a day in the period; out of all pupils. Target: 90%.";
    DChildLabour => "Số học sinh từ 5 đến 17 tuổi vào ngày tính số liệu có kết quả rà soát hiện tại là lao động trẻ em hoặc bị mua bán để bóc lột sức lao động, trên tổng số học sinh từ 5 đến 17 tuổi vào ngày đó. Mục tiêu: không quá 1%.",
        "Pupils aged 5 to 17 on the day the figures are counted to whose current screening says child labour or trafficked for labour exploitation, out of all pupils aged 5 to 17 that day. Target: at most 1%.";
    DHazardous => "Số trẻ (mọi lứa tuổi) là lao động trẻ em hoặc bị mua bán mà lần thăm nhà gần nhất ghi làm công việc nặng nhọc, độc hại, nguy hiểm, hoặc phiếu rà soát đánh dấu mục đó. Là số lượng, không phải tỷ lệ. Mục tiêu: 0 vào năm 2030.",
        "Children of any age in child labour or trafficked whose latest visit says heavy, hazardous or dangerous work, or whose screening ticks it: a count, not a share. Target: none by 2030.";
    DTrafficked => "Số trẻ (mọi lứa tuổi) có kết quả rà soát hiện tại là bị mua bán để bóc lột sức lao động. Là số lượng; kế hoạch không đặt mục tiêu.",
        "Children of any age whose current screening says trafficked for labour exploitation: a count; the plan sets no target.";
    DTrained => "Số lớp có giáo viên chủ nhiệm đã được tập huấn về phòng ngừa lao động trẻ em (ngày tập huấn ghi trong thông tin lớp, không muộn hơn ngày tính số liệu), trên số giáo viên chủ nhiệm (mỗi lớp một người). Tệp của phiên bản sotay cũ không có số liệu này: chỉ tiêu đó không được tính cho lớp ấy và cho cả trường, không bao giờ được coi là 0. Mục tiêu: 95%.",
        "Classes whose homeroom teacher was trained on child-labour prevention (the training day in the class's profile, on or before the day the figures are counted to), out of the homeroom teachers (one per class). A file from an older sotay lacks this figure: the indicator is then not counted for that class or for the whole school, never read as 0. Target: 95%.";
    DShare => "Số lượng chia cho tổng số, làm tròn đến 0,1%; một tỷ lệ chưa đạt mục tiêu không bao giờ được làm tròn thành đạt. Khi không có ai để tính, tỷ lệ để trống (–) và chỉ tiêu được coi là đạt.",
        "The count divided by the total, to 0.1%; a share that misses its target is never rounded to meet it. When there is nobody to count, the share shows – and the target counts as met.";
    DByDecision => "Số trẻ (mọi lứa tuổi) có kết quả rà soát hiện tại như vậy, được phát hiện đến ngày tính số liệu.",
        "Children of any age whose current screening says so, identified by the day the figures are counted to.";
    DCases => "Hồ sơ được phát hiện đến ngày tính số liệu và chưa đóng trước ngày đầu kỳ (đang mở, hoặc đóng trong kỳ).",
        "Cases identified by the day the figures are counted to and not closed before the period began (open, or closed in the period).";
    DOpen => "Hồ sơ chưa đóng vào ngày tính số liệu.", "Cases not closed on the day the figures are counted to.";
    DNew => "Hồ sơ có ngày phát hiện trong kỳ; hồ sơ mở lại giữ ngày phát hiện đầu tiên.",
        "Cases whose identification day is in the period; a re-opened case keeps its first identification day.";
    DClosed => "Hồ sơ đóng trong kỳ, theo lý do đóng.", "Cases closed in the period, by the reason given.";
    DReached => "Tổng số người tham dự các buổi truyền thông trong kỳ, theo số ghi ở từng buổi (không phải số học sinh được đánh dấu).",
        "The attendance typed for each awareness session held in the period, added up (not the pupils ticked).";
    DSupportAll => "Các hỗ trợ có một ngày trạng thái (dự kiến, đã chuyển gửi, đã nhận, từ chối) trong kỳ, dù trạng thái hiện nay là gì, và tổng số tiền của chúng.",
        "Supports with any status date (planned, referred, delivered, declined) in the period, whatever their status now, and the sum of their amounts.";
    DSupportDelivered => "Trong số đó, các hỗ trợ đã nhận trong kỳ (và vẫn ở trạng thái đã nhận), và tổng số tiền của chúng.",
        "Of those, the supports delivered in the period (and still delivered), and the sum of their amounts.";
    Days => "{0} ngày", "{0} days";
    OneDay => "1 ngày", "1 day";
    DaysByClass => "số ngày do từng lớp đặt ({0})", "the limit each class set ({0})";
    DaysRange => "số ngày do từng lớp đặt (từ {0} đến {1})", "the limit each class set (from {0} to {1})";
    DaysUnknown => "tệp không ghi", "not in its file";
});
