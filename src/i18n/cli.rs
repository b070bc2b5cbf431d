//! Strings of the command line.

use crate::strings;

strings!(Cli {
    ImportCounts => "Đã nhập {0} học sinh, {1} đã có sẵn, bỏ qua {2} dòng", "Imported {0} students, {1} already present, {2} rows skipped";
    DryRunCounts => "Chạy thử: sẽ nhập {0} học sinh, {1} đã có sẵn, bỏ qua {2} dòng; chưa ghi gì", "Dry run: would import {0} students, {1} already present, {2} rows skipped; nothing written";
    InvalidProfile => "Hồ sơ không hợp lệ: {0}", "Invalid profile: {0}";
    BadLang => "Ngôn ngữ không hợp lệ: {0} (dùng vi hoặc en)", "Unknown language: {0} (use vi or en)";
    NoTerminal => "Không mở được giao diện: {0}", "Cannot open the interface: {0}";
    DemoNeedsDir => "`sotay demo` cần --data-dir DIR (để không ghi vào sổ tay thật)", "`sotay demo` needs --data-dir DIR (so it never writes into a real notebook)";
    DemoTooMany => "--students phải từ 1 đến 200000", "--students must be from 1 to 200000";
    DemoFollowUp => "Kèm {0} hồ sơ theo dõi, {1} lần thăm gia đình, {2} hỗ trợ và {3} buổi truyền thông", "With {0} cases, {1} home visits, {2} supports and {3} awareness sessions";
    Fault => "đã dừng vì một lỗi của chính chương trình; những gì đã lưu vẫn còn; chi tiết lỗi được ghi ở {0}", "stopped because of a fault in sotay itself; everything saved is kept; what went wrong is written in {0}";
    FaultNoLog => "đã dừng vì một lỗi của chính chương trình; những gì đã lưu vẫn còn; không ghi được nhật ký lỗi: {0}", "stopped because of a fault in sotay itself; everything saved is kept; its log could not be written: {0}";
    TempDir => "Không tạo được thư mục tạm: {0}", "Cannot make a temporary folder: {0}";
});
