//! Strings of `sotay backup` and `sotay restore`.

use super::Lang;
use crate::backup::crypt::OpenError;
use crate::backup::format::FormatError;
use crate::strings;

strings!(B {
    Written => "Đã ghi bản sao lưu sổ tay ({0} học sinh, {1} lô thay đổi, {2} kB, đã mã hóa) vào {3}",
        "Wrote a backup of the notebook ({0} pupils, {1} batches of changes, {2} kB, encrypted) to {3}";
    OpensWithCode => "Khôi phục trên máy khác bằng `sotay restore {0} --recovery-code MÃ` với mã khôi phục của tài khoản.",
        "Restore it on another computer with `sotay restore {0} --recovery-code CODE` and the account's recovery code.";
    OpensWithPassphrase => "Khôi phục trên máy khác bằng `sotay restore {0}` và mật khẩu sao lưu vừa đặt; quên mật khẩu này thì không mở được bản sao lưu.",
        "Restore it on another computer with `sotay restore {0}` and the backup passphrase just chosen; without that passphrase the backup cannot be opened.";
    PassphrasePrompt => "Mật khẩu sao lưu: ", "Backup passphrase: ";
    PassphraseAgain => "Nhập lại mật khẩu sao lưu: ", "Backup passphrase again: ";
    PassphraseDiffers => "Hai lần nhập mật khẩu sao lưu không giống nhau; chưa ghi gì", "The two backup passphrases typed differ; nothing was written";
    PassphraseShort => "Mật khẩu sao lưu phải có ít nhất {0} ký tự; chưa ghi gì", "A backup passphrase has at least {0} characters; nothing was written";
    NoPassphrase => "Cần mật khẩu sao lưu: đặt biến môi trường SOTAY_BACKUP_PASSPHRASE, hoặc chạy trong cửa sổ dòng lệnh để gõ; chưa ghi gì",
        "A backup passphrase is needed: set the environment variable SOTAY_BACKUP_PASSPHRASE, or run in a terminal to type it; nothing was written";
    CannotReadPassphrase => "Không đọc được mật khẩu sao lưu từ cửa sổ dòng lệnh: {0}", "Cannot read the backup passphrase from the terminal: {0}";
    NotABackup => "{0} không phải là bản sao lưu của sotay; không có gì thay đổi", "{0} is not a sotay backup; nothing was changed";
    Newer => "{0} được tạo bởi phiên bản sotay mới hơn (định dạng {1}); hãy cập nhật sotay. Không có gì thay đổi", "{0} was made by a newer sotay (format {1}); update sotay. Nothing was changed";
    Damaged => "{0} bị hỏng, bị cắt cụt hoặc đã bị sửa ({1}); không có gì thay đổi", "{0} is damaged, cut short or altered ({1}); nothing was changed";
    NeedsCode => "{0} được mã hóa cho tài khoản: hãy thêm --recovery-code với mã khôi phục của tài khoản; không có gì thay đổi",
        "{0} is encrypted to the account: add --recovery-code with the account's recovery code; nothing was changed";
    WrongCode => "Mã khôi phục không mở được {0}: đây là bản sao lưu của tài khoản khác, hoặc mã bị chép sai; không có gì thay đổi",
        "The recovery code does not open {0}: it is another account's backup, or the code was copied wrong; nothing was changed";
    WrongPassphrase => "Mật khẩu sao lưu không mở được {0} (sai mật khẩu, hoặc tệp đã bị sửa); không có gì thay đổi",
        "The backup passphrase does not open {0} (a wrong passphrase, or the file was altered); nothing was changed";
    NeedsPassphrase => "{0} được khóa bằng mật khẩu sao lưu: đặt biến môi trường SOTAY_BACKUP_PASSPHRASE, hoặc chạy trong cửa sổ dòng lệnh để gõ; không có gì thay đổi",
        "{0} is locked with a backup passphrase: set the environment variable SOTAY_BACKUP_PASSPHRASE, or run in a terminal to type it; nothing was changed";
    TooMuchWork => "{0} cần mở khóa quá nặng cho máy này (2^{1}); không có gì thay đổi", "{0} asks for more work to unlock than this computer allows (2^{1}); nothing was changed";
    TooLarge => "{0} quá lớn để là bản sao lưu của một lớp; không có gì thay đổi", "{0} is too large to be a class's backup; nothing was changed";
    Restored => "Đã khôi phục {0} thành máy mới {1} của tài khoản {2}: {3} học sinh, {4} hồ sơ theo dõi, {5} lô thay đổi (bản sao lưu ngày {6})",
        "Restored {0} as a new device {1} of the account {2}: {3} pupils, {4} cases, {5} batches of changes (backup of {6})";
    RestoredHub => "Máy chủ đồng bộ: {0}; lần đồng bộ tới sẽ đăng ký máy mới này", "Sync hub: {0}; the next sync enrols this new device";
    RestoredReaders => "Nơi nhận báo cáo đã chấp nhận: {0}", "Report readers accepted: {0}";
});

/// Why a backup file could not be opened, naming it.
pub fn open_error(lang: Lang, file: &str, e: &OpenError) -> String {
    match e {
        OpenError::NotAge => B::NotABackup.fill(lang, &[&file]),
        OpenError::Damaged(reason) => B::Damaged.fill(lang, &[&file, reason]),
        OpenError::WrongAccount => B::WrongCode.fill(lang, &[&file]),
        OpenError::WrongPassphrase => B::WrongPassphrase.fill(lang, &[&file]),
        OpenError::TooMuchWork { required } => B::TooMuchWork.fill(lang, &[&file, required]),
    }
}

/// Why a decrypted backup could not be read, naming the file.
pub fn format_error(lang: Lang, file: &str, e: &FormatError) -> String {
    match e {
        FormatError::NotABackup => B::NotABackup.fill(lang, &[&file]),
        FormatError::Newer(v) => B::Newer.fill(lang, &[&file, v]),
        FormatError::Damaged(reason) => B::Damaged.fill(lang, &[&file, reason]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refusal_names_the_file_in_both_languages() {
        let opens = [
            OpenError::NotAge,
            OpenError::Damaged("x".into()),
            OpenError::WrongAccount,
            OpenError::WrongPassphrase,
            OpenError::TooMuchWork { required: 30 },
        ];
        let formats = [
            FormatError::NotABackup,
            FormatError::Newer(2),
            FormatError::Damaged("x".into()),
        ];
        for lang in [Lang::Vi, Lang::En] {
            let all = opens
                .iter()
                .map(|e| open_error(lang, "lop-8a.age", e))
                .chain(formats.iter().map(|e| format_error(lang, "lop-8a.age", e)));
            for m in all {
                assert!(m.contains("lop-8a.age") && !m.contains('{'), "{m}");
            }
        }
        assert!(open_error(Lang::Vi, "f", &OpenError::WrongPassphrase).contains("Mật khẩu sao lưu"));
    }
}
