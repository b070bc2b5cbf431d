//! Strings of `sotay keys`: a report reader's key pair.

use crate::strings;

strings!(K {
    AccountIdentity => "Đã ghi khóa age của tài khoản vào {0} (chỉ người dùng này đọc được). Ai có tệp này đọc được mọi bản sao lưu và gói đồng bộ của tài khoản: dùng xong hãy xóa. Mở bản sao lưu: age -d -i {0} -o TỆP-RA BẢN-SAO-LƯU.age",
        "Wrote the account's age identity to {0} (readable by this user only). Whoever has this file reads every backup and bundle of the account: delete it once used. To open a backup: age -d -i {0} -o OUT-FILE BACKUP.age";
    Made => "Đã tạo cặp khóa cho một nơi nhận báo cáo (trường, xã hoặc phường, tỉnh) trong tệp {0}. Tệp này chứa khóa bí mật: chỉ nơi nhận giữ, không gửi cho ai, không chép lên máy chủ.",
        "Made a report reader's key pair (for a school, a commune or ward, or a province) in {0}. That file holds the secret key: only the reader keeps it; never send it to anyone or copy it to the hub.";
    Fingerprint => "Dấu vân tay: {0} (giáo viên so dấu này trước khi chấp nhận khóa)",
        "Fingerprint: {0} (teachers compare it before they accept the key)";
    PublicNext => "Khóa công khai (dòng dưới) gửi cho quản trị máy chủ để đăng ký nơi nhận:",
        "The public key (next line) goes to the hub's administrator, who enrols the reader:";
});
