//! Strings of exporting and merging reports from the command line: errors and results.

use crate::strings;

strings!(E {
    FileExists => "Tệp {0} đã có nên không ghi đè", "{0} already exists and was not replaced";
    FileExistsUseForce => "Tệp {0} đã có nên không ghi đè; dùng --force để thay tệp đó", "{0} already exists and was not replaced; use --force to replace it";
    CannotWrite => "Không ghi được {0}: {1}; không tệp nào bị thay đổi", "Cannot write {0}: {1}; no file was changed";
    NoFormat => "Không rõ định dạng của {0}: dùng --format xlsx, csv, html hoặc md, hoặc tên tệp có đuôi .xlsx, .csv, .html, .md", "Cannot tell the format of {0}: use --format xlsx, csv, html or md, or a file name ending in .xlsx, .csv, .html or .md";
    FormatMismatch => "{0} có đuôi .{1} nhưng --format là {2}: đổi tên tệp hoặc bỏ --format", "{0} ends in .{1} but --format is {2}: rename the file or leave out --format";
    MergedFullDetail => "Lưu ý: {0} là báo cáo đầy đủ (MẬT, có tên học sinh). Báo cáo của trường chỉ lấy số liệu của tệp này; hãy giữ tệp đó ở trường.", "Note: {0} is a full report (CONFIDENTIAL, it names pupils). The school report takes only its figures; keep that file at school.";
    BadFormat => "Định dạng không hợp lệ: {0} (dùng xlsx, csv, html hoặc md)", "Unknown format: {0} (use xlsx, csv, html or md)";
    BadDetail => "Mức chi tiết không hợp lệ: {0} (dùng summary hoặc full)", "Unknown detail: {0} (use summary or full)";
    RenderFailed => "Không tạo được báo cáo {0}: {1}", "Cannot make the report {0}: {1}";
    Exported => "Đã ghi báo cáo {0} vào {1}", "Report for {0} written to {1}";
    ExportedFull => "Đã ghi báo cáo {0} vào {1} — tệp có tên học sinh: BẢO MẬT, không gửi lên cấp trên", "Report for {0} written to {1} — it names pupils: CONFIDENTIAL, do not send it upward";
    Merged => "Đã gộp báo cáo của {0} lớp ({1}) vào {2}", "Classes merged: {0} ({1}); written to {2}";
    MergeNoFiles => "Chưa có tệp nào để gộp", "No files to merge";
    MergeUnreadable => "Không đọc được {0}: {1}", "Cannot read {0}: {1}";
    MergeTooLarge => "{0} lớn hơn {1} MB, không phải báo cáo lớp do sotay xuất; không đọc tệp này", "{0} is larger than {1} MB, so it is not a class report exported by sotay; it was not read";
    MergeNoFigures => "{0} không phải báo cáo lớp do sotay xuất (không có số liệu để gộp)", "{0} is not a class report exported by sotay (it holds no figures to merge)";
    MergeMissingKey => "Số liệu trong {0} thiếu mục {1}; hãy xuất lại báo cáo của lớp đó", "The figures in {0} lack {1}; export that class's report again";
    MergeBadValue => "Số liệu trong {0} có giá trị sai ở mục {1}; hãy xuất lại báo cáo của lớp đó", "The figures in {0} have a bad value for {1}; export that class's report again";
    MergeOverTotal => "Số liệu trong {0} đếm nhiều trẻ hơn tổng số ở chỉ tiêu «{1}», nên tệp đã bị sửa sau khi xuất; hãy xuất lại báo cáo của lớp đó", "The figures in {0} count more children than the total for «{1}», so the file was changed after it was exported; export that class's report again";
    MixedPeriods => "Không gộp được: {0} là kỳ {1} nhưng {2} là kỳ {3}", "Cannot merge: {0} covers {1} but {2} covers {3}";
    MixedSchools => "Không gộp được: {0} là của trường {1} nhưng {2} là của trường {3}", "Cannot merge: {0} is from school {1} but {2} is from school {3}";
    MergeNotCounted => "Lưu ý: {0} được tạo bởi phiên bản sotay mới hơn và có số liệu mà phiên bản này chưa biết, nên báo cáo không tính: {1}. Hãy cập nhật sotay để tính cả các số liệu đó.", "Note: {0} was made by a newer sotay and holds figures this version does not know, so the report does not count them: {1}. Update sotay to count them too.";
    MergeLacking => "Lưu ý: do phiên bản sotay cũ hơn tạo nên thiếu số liệu mà phiên bản này tính: {0}. Không tính: {1}. Các chỉ tiêu cần số liệu đó để trống (–) cho các lớp ấy và cho tổng, không bao giờ coi là 0; hãy xuất lại báo cáo của các lớp đó bằng phiên bản này để tính cả các số liệu đó.", "Note: written by an older sotay, so lacking figures this version counts: {0}. Not counted: {1}. The indicators made from them are left empty (–) for those classes and for the total, never read as 0; export those classes' reports again with this version to count them.";
    MergeNoSchools => "Chưa có trường nào gửi số liệu kỳ này", "No school has sent figures for this period";
    SchoolsMixedPeriods => "Không gộp được: số liệu của {0} là kỳ {1} nhưng của {2} là kỳ {3}", "Cannot merge: the figures of {0} cover {1} but those of {2} cover {3}";
    SameSchool => "Không gộp được: trường {0} có hai lần, sẽ bị đếm hai lần", "Cannot merge: school {0} is given twice, so it would be counted twice";
    MergeDisagree => "Lưu ý: các tệp ghi {0} khác nhau: {1}. Báo cáo của trường ghi «{2}», là giá trị có nhiều tệp ghi nhất (nếu bằng nhau, lấy giá trị của tệp được nêu trước).", "Note: the files give different values for {0}: {1}. The school report says «{2}», the value most files give (on a tie, the one of the file given first).";
    WhatCommune => "xã, phường", "the commune or ward";
    WhatProvince => "tỉnh, thành phố", "the province or city";
    SameClass => "Không gộp được: {0} và {1} đều là lớp {2}, lớp đó sẽ bị đếm hai lần", "Cannot merge: {0} and {1} are both class {2}, which would be counted twice";
});
