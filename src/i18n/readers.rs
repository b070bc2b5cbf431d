//! Strings of report readers: `sotay readers` on a teacher's device, what a sync says of
//! them, and `sotay report pull` on a reader's computer.

use crate::strings;

strings!(RD {
    // A teacher's device.
    None => "Máy chủ chưa đăng ký nơi nhận báo cáo nào phía trên lớp này (trường, xã hoặc phường, tỉnh)",
        "The hub has enrolled no report reader above this class yet (school, commune or ward, province)";
    Header => "Nơi nhận báo cáo phía trên lớp (so dấu vân tay với nơi nhận qua điện thoại hoặc văn bản trước khi chấp nhận):",
        "Report readers above this class (compare each fingerprint with the reader, by phone or in writing, before you accept it):";
    Row => "  {0}  {1}  {2}  {3}", "  {0}  {1}  {2}  {3}";
    Accepted => "đã chấp nhận", "accepted";
    New => "chưa chấp nhận", "not accepted";
    Changed => "KHÓA ĐÃ ĐỔI: chưa dùng cho đến khi chấp nhận lại", "KEY CHANGED: not used until accepted again";
    AlreadyAccepted => "Khóa {0} đã được chấp nhận", "The key {0} is accepted already";
    ConfirmAccept => "Chấp nhận khóa của {0}? Dấu vân tay: {1}. Chỉ chấp nhận khi nơi nhận đã đọc cho cô/thầy đúng dấu này (qua điện thoại hoặc văn bản).",
        "Accept the key of {0}? Fingerprint: {1}. Accept only if the reader gave you this very fingerprint (by phone or in writing).";
    LReaders => "Nơi nhận báo cáo", "Report readers";
    ReadersHint => "Số liệu của lớp (không có tên học sinh) chỉ được gửi tới khóa đã chấp nhận. Chọn bằng ↑↓, nhấn {0} để chấp nhận sau khi so dấu vân tay.",
        "The class's figures (never a pupil's name) go only to accepted keys. Choose with ↑↓, press {0} to accept after comparing the fingerprint.";
    HowToAccept => "Chấp nhận một khóa: sotay readers accept DẤU-VÂN-TAY", "To accept a key: sotay readers accept FINGERPRINT";
    Offline => "Chưa kết nối được máy chủ ({0}); danh sách dưới đây là của lần đồng bộ trước", "The hub can't be reached ({0}); the list below is from the last sync";
    AcceptedNow => "Đã chấp nhận khóa {0} của {1}: từ lần đồng bộ tới, số liệu của lớp (không có tên học sinh) được gửi tới nơi này",
        "Accepted the key {0} of {1}: from the next sync on, the class's figures (never a pupil's name) go to this reader";
    NotOffered => "Không có nơi nhận nào với dấu vân tay {0} trong danh sách máy chủ đưa ra; chạy `sotay readers` để xem danh sách",
        "No reader the hub offers has the fingerprint {0}; run `sotay readers` to see the list";
    Published => "Đã gửi số liệu của {0} kỳ báo cáo tới nơi nhận báo cáo", "Figures for {0} reporting period(s) sent to the report readers";
    ToAccept => "{0} khóa của nơi nhận báo cáo chờ cô/thầy so dấu vân tay và chấp nhận (`sotay readers`, hoặc F4 trên màn hình đồng bộ)",
        "{0} report reader key(s) wait for you to compare their fingerprints and accept them (`sotay readers`, or F4 on the sync screen)";
    // A reader's computer: `sotay report pull`.
    BadKey => "{0} không phải tệp khóa của nơi nhận báo cáo (tạo bằng `sotay keys new-report-key`)",
        "{0} is not a report reader's key file (made by `sotay keys new-report-key`)";
    NeedCode => "Lần đầu lấy báo cáo từ {0} bằng khóa này cần mã một lần của quản trị máy chủ: thêm --code MÃ",
        "The first pull from {0} with this key needs the hub administrator's one-time code: add --code CODE";
    WrongKey => "Máy chủ đăng ký mã này cho khóa có dấu vân tay {0}, không phải khóa trong {1} ({2}); chưa lưu gì",
        "The hub enrolled this code for the key with fingerprint {0}, not the one in {1} ({2}); nothing was kept";
    TokenUnreadable => "Không đọc được tệp {0}: hãy xóa nó và lấy lại bằng --code MÃ", "Cannot read {0}: delete it and pull again with --code CODE";
    Enrolled => "Đã đăng ký với máy chủ: nơi nhận {0} ({1}), dấu vân tay {2}; mã truy cập lưu trong {3}: giữ tệp này như tệp khóa",
        "Enrolled with the hub as the reader of {0} ({1}), fingerprint {2}; its token is kept in {3}: keep that file like the key file";
    CustomPeriod => "Báo cáo qua máy chủ theo kỳ 6 tháng, năm hoặc năm học (ví dụ 2026-H1, 2026, 2026-2027), không theo khoảng ngày tùy chọn",
        "Reports through the hub are by half year, year or school year (e.g. 2026-H1, 2026, 2026-2027), not a custom span of days";
    OutsideScope => "Máy chủ {0} từ chối: {1} nằm ngoài phạm vi của nơi nhận này", "The hub {0} refused: {1} is outside this reader's scope";
    UnknownReader => "Máy chủ {0} không nhận ra mã truy cập của nơi nhận này (có thể khóa đã bị rút): hãy xin quản trị máy chủ mã mới và chạy lại với --code MÃ",
        "The hub {0} does not know this reader's token (its key may have been withdrawn): ask the hub's administrator for a new code and pull again with --code CODE";
    Missing => "Chưa gửi số liệu kỳ này: {0} (lần gửi gần nhất: {1})", "No figures for this period yet: {0} (last sent: {1})";
    MissingWhy => "Chưa tính được số liệu kỳ này: {0} ({1}; lần gửi gần nhất: {2})", "Not counted for this period: {0} ({1}; last sent: {2})";
    Withheld => "{0} đã gửi số liệu kỳ này nhưng chưa tới khóa của nơi nhận này: giáo viên chưa chấp nhận khóa (dấu vân tay {1})",
        "{0} sent figures for this period, but not to this reader's key: the teacher has not accepted it (fingerprint {1})";
    Refused => "Số liệu của {0} bị từ chối, không tính vào báo cáo: {1}", "The figures of {0} were refused and are not counted: {1}";
    UnknownDevice => "ký bởi một thiết bị máy chủ không đăng ký cho lớp", "signed by a device the hub has not enrolled for the class";
    RevokedDevice => "ký bởi một thiết bị đã bị thu hồi; hãy nhờ giáo viên đồng bộ lại từ máy khác", "signed by a revoked device; ask the teacher to sync again from another device";
    BadSignature => "chữ ký không khớp: số liệu đã bị sửa sau khi ký", "the signature does not match: the figures were altered after they were signed";
    Undecryptable => "không giải mã được bằng khóa này", "this key cannot decrypt them";
    NotThisClass => "số liệu là của lớp, trường hoặc kỳ khác với điều máy chủ nói", "they are another class's, school's or period's than the hub says";
    Unreadable => "không đọc được số liệu ({0})", "the figures cannot be read ({0})";
    NothingYet => "Chưa có số liệu nào của {0} cho kỳ {1}; chưa ghi tệp nào", "No figures of {0} for {1} yet; no file was written";
    Pulled => "Đã ghi báo cáo của {1}, {0}: {2} lớp ở {3} trường đã gửi số liệu, còn thiếu {4}; tệp {5}",
        "Wrote the report of {1} for {0}: classes that sent figures {2}, in {3} school(s), missing {4}; file {5}";
    OwnScope => "phạm vi của nơi nhận", "the reader's own scope";
});
