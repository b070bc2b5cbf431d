//! Strings of the interface's backup: the dialog on the sync screen, the recovery code of an
//! account made for it, and the reminder to back up.

use crate::strings;

strings!(BU {
    TitleBackup => "Sao lưu sổ tay", "Back up the notebook";
    BackupIntro => "Ghi cả sổ tay vào một tệp sao lưu, mã hóa cho tài khoản; hãy cất tệp ở nơi khác máy này (USB, ổ mạng). Khôi phục bằng `sotay restore TỆP --recovery-code MÃ` với mã khôi phục của tài khoản. Nhấn {0} để ghi.",
        "Write the whole notebook to a backup file, encrypted to the account; keep the file away from this computer (a USB stick, a network drive). Restore it with `sotay restore FILE --recovery-code CODE` and the account's recovery code. Press {0} to write.";
    LBackupFile => "Tệp sao lưu", "Backup file";
    HowBackup => "{0}: sao lưu, ghi cả sổ tay vào một tệp mã hóa để cất nơi khác.", "{0}: back up, the whole notebook in one encrypted file to keep elsewhere.";
    LLastBackup => "Lần sao lưu gần nhất", "Last backup";
    NeverBackedUp => "chưa sao lưu lần nào", "never";
    CodeQuestion => "{0}\n\n{1}\n\nBạn đã chép tay mã khôi phục này chưa? (xem lại sau bằng `sotay account show-recovery-code`)",
        "{0}\n\n{1}\n\nHave you copied this recovery code by hand? (shown again later by `sotay account show-recovery-code`)";
    CopyCodeFirst => "Hãy chép tay mã khôi phục trước, rồi trả lời Có", "Copy the recovery code by hand first, then answer Yes";
    DueShort => "Cần sao lưu", "Backup due";
    Due => "Hơn một tháng chưa sao lưu: {0} (Hồ sơ), {1} (Đồng bộ), {2} (Sao lưu), hoặc lệnh sotay backup",
        "No backup for over a month: {0} (Profile), {1} (Sync), {2} (Back up), or run sotay backup";
    DueHere => "Hơn một tháng chưa sao lưu: nhấn {0} để sao lưu", "No backup for over a month: press {0} to back up";
});
