//! Strings of the interface's lock: the lock screen, the idle lock, the lock settings
//! form and the set-up's passphrase. The command line's are in `lock.rs` (shared too).

use crate::strings;

strings!(LS {
    CtxLock => "Màn hình khóa", "Lock screen";
    Title => "Sổ tay đang khóa", "The notebook is locked";
    WhyStart => "Sổ tay này được khóa bằng mật khẩu. Nhập mật khẩu để mở.", "This notebook is locked with a passphrase. Type it to open the notebook.";
    WhyIdle => "Sổ tay đã tự khóa sau {0} phút không dùng. Nhập mật khẩu để mở lại.", "The notebook locked itself after {0} minutes unused. Type the passphrase to open it again.";
    WhyNow => "Sổ tay đã được khóa. Nhập mật khẩu để mở lại.", "The notebook is locked. Type the passphrase to open it again.";
    Field => "Mật khẩu", "Passphrase";
    // Short form of `L::Forgotten`, for the lock screen.
    ForgottenHint => "Quên mật khẩu? Chỉ lấy lại dữ liệu được qua tài khoản đồng bộ (máy khác, máy chủ, gói đồng bộ hay bản sao lưu, cùng mã khôi phục).",
        "Forgotten it? The data can only be recovered through the sync account (another device, the hub, a bundle or a backup, with the recovery code).";
    Keys => "{0}: mở khóa · {1}: thoát", "{0}: unlock · {1}: quit";
    Wrong => "Sai mật khẩu. Hãy thử lại.", "Wrong passphrase. Try again.";
    Wait => "Sai mật khẩu. Chờ {0} giây rồi thử lại.", "Wrong passphrase. Wait {0} s before trying again.";
    Empty => "Hãy nhập mật khẩu.", "Type the passphrase.";
    FormLost => "Biểu mẫu đang mở lúc khóa chưa được lưu; những gì đã gõ trong đó đã bị bỏ.", "The form open at lock was not saved; what was typed in it is gone.";
    SyncWaited => "Đồng bộ đã tạm dừng trong lúc khóa; giờ chạy lại.", "Syncing waited while the notebook was locked; it goes on now.";
    Unlocked => "Đã mở khóa sổ tay.", "The notebook is unlocked.";
    NoLock => "Sổ tay này chưa có mật khẩu: đặt mật khẩu trong Hồ sơ ({0}, rồi {1}).", "This notebook has no passphrase: set one from the profile ({0}, then {1}).";
    // The lock settings form (from the profile form).
    TitleSettings => "Khóa sổ tay bằng mật khẩu", "Passphrase lock";
    SettingsIntro => "Mật khẩu mã hóa mọi dữ liệu trong thư mục sổ tay. Đổi mật khẩu hay bỏ mật khẩu cần mật khẩu hiện tại.",
        "A passphrase encrypts everything in the notebook's folder. Changing or removing it needs the current one.";
    LockOn => "Khóa bằng mật khẩu", "Passphrase lock";
    On => "Bật", "On";
    Off => "Tắt", "Off";
    Current => "Mật khẩu hiện tại", "Current passphrase";
    New => "Mật khẩu mới", "New passphrase";
    Repeat => "Nhập lại", "Type it again";
    IdleMinutes => "Tự khóa sau (phút)", "Lock after (minutes)";
    IdleHint => "0 = không tự khóa", "0 = never";
    NewHint => "ít nhất {0} ký tự", "at least {0} characters";
    KeepHint => "để trống: giữ mật khẩu cũ", "empty: keep the current one";
    SetupHint => "không bắt buộc", "optional";
    BadMinutes => "Cần một số phút từ 0 đến {0}", "A number of minutes from 0 to {0}";
    NeedCurrent => "Cần mật khẩu hiện tại", "The current passphrase is needed";
    WrongCurrent => "Mật khẩu hiện tại không đúng", "The current passphrase is wrong";
    NeedNew => "Cần mật khẩu mới", "A new passphrase is needed";
    MinutesSaved => "Đã lưu: tự khóa sau {0} phút không dùng", "Saved: locks after {0} minutes unused";
    MinutesNever => "Đã lưu: không tự khóa", "Saved: never locks by itself";
    ConfirmOn => "Khóa sổ tay bằng mật khẩu này? Sổ tay sẽ đóng lại, được mã hóa toàn bộ rồi mở lại.", "Lock the notebook with this passphrase? It closes, is encrypted whole, and opens again.";
    ConfirmOff => "Bỏ mật khẩu? Sổ tay sẽ đóng lại và mọi dữ liệu trong thư mục sổ tay không còn được mã hóa.", "Remove the passphrase? The notebook closes, and everything in its folder is no longer encrypted.";
    ConfirmChange => "Đổi mật khẩu sổ tay?", "Change the notebook's passphrase?";
    SetupNote => "Mật khẩu (không bắt buộc) mã hóa mọi dữ liệu trong thư mục sổ tay.", "A passphrase (optional) encrypts everything in the notebook's folder.";
    ProtectFailed => "Chưa thay đổi khóa sổ tay: {0}", "The lock was not changed: {0}";
});
