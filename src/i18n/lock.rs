//! Strings of the passphrase lock: asking for it, setting it, and what it means to forget
//! it. Shared by the command line and the interface.

use crate::strings;

strings!(L {
    Prompt => "Mật khẩu sổ tay: ", "Notebook passphrase: ";
    NewPrompt => "Mật khẩu mới (ít nhất {0} ký tự): ", "New passphrase (at least {0} characters): ";
    RepeatPrompt => "Nhập lại mật khẩu mới: ", "Type the new passphrase again: ";
    Mismatch => "Hai lần nhập mật khẩu mới không giống nhau; chưa thay đổi gì", "The two new passphrases differ; nothing was changed";
    TooShort => "Mật khẩu mới cần ít nhất {0} ký tự; chưa thay đổi gì", "A new passphrase needs at least {0} characters; nothing was changed";
    NoTerminal => "Không có cửa sổ dòng lệnh để hỏi mật khẩu: hãy đặt biến {0}", "No terminal to ask for the passphrase on: set {0}";
    On => "Đã khóa sổ tay bằng mật khẩu: mọi dữ liệu trong thư mục sổ tay đều được mã hóa", "The notebook is now locked with a passphrase: everything in its folder is encrypted";
    Off => "Đã bỏ mật khẩu: dữ liệu trong thư mục sổ tay không còn được mã hóa", "The passphrase is removed: the notebook's folder is no longer encrypted";
    Changed => "Đã đổi mật khẩu sổ tay", "The notebook's passphrase is changed";
    NoneSet => "Sổ tay này chưa có mật khẩu; không có gì để bỏ", "This notebook has no passphrase; there is nothing to remove";
    // Said whenever a passphrase is set: the teacher must know before she relies on it.
    Forgotten => "Hãy nhớ mật khẩu này. Nếu quên, không ai mở được sổ tay trên máy này; dữ liệu chỉ lấy lại được qua tài khoản đồng bộ (máy khác của tài khoản, máy chủ đồng bộ, hoặc gói đồng bộ hay bản sao lưu, cùng mã khôi phục)",
        "Remember this passphrase. If it is forgotten, nobody can open the notebook on this computer; the data can only be recovered through the sync account (another device of the account, the hub, or a bundle or backup, with the recovery code)";
    NoAccount => "Sổ tay này chưa có tài khoản đồng bộ: nếu quên mật khẩu sẽ mất hết dữ liệu. Hãy tạo tài khoản (`sotay account new`) và sao lưu (`sotay backup`)",
        "This notebook has no sync account yet: a forgotten passphrase would lose everything. Make one (`sotay account new`) and a backup (`sotay backup`)";
});
