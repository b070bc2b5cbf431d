//! Strings of `sotay keys`: a report reader's key pair.

use crate::strings;

strings!(K {
    Made => "Đã tạo cặp khóa cho một nơi nhận báo cáo (trường, xã hoặc phường, tỉnh) trong tệp {0}. Tệp này chứa khóa bí mật: chỉ nơi nhận giữ, không gửi cho ai, không chép lên máy chủ.",
        "Made a report reader's key pair (for a school, a commune or ward, or a province) in {0}. That file holds the secret key: only the reader keeps it; never send it to anyone or copy it to the hub.";
    Fingerprint => "Dấu vân tay: {0} (giáo viên so dấu này trước khi chấp nhận khóa)",
        "Fingerprint: {0} (teachers compare it before they accept the key)";
    PublicNext => "Khóa công khai (dòng dưới) gửi cho quản trị máy chủ để đăng ký nơi nhận:",
        "The public key (next line) goes to the hub's administrator, who enrols the reader:";
});
