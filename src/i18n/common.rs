//! Strings used across the program: errors of the command line and the store.

use crate::strings;

strings!(C {
    AppName => "Sổ tay phòng ngừa lao động trẻ em", "Child-labour prevention notebook";
    Error => "Lỗi", "Error";
    Warning => "Cảnh báo", "Warning";
    NoProfile => "Chưa có hồ sơ giáo viên: hãy chạy `sotay init …` hoặc mở `sotay` để thiết lập", "No teacher profile yet: run `sotay init …` or open `sotay` to set it up";
    StoreLocked => "Sổ tay này đang được mở ở một cửa sổ khác ({0})", "This notebook is open in another window ({0})";
    // The detail ({1}) is for whoever gives technical help: it names sled's trees and
    // records, which have no Vietnamese names, so it is given as it is, marked as such.
    StoreNeedsPassphrase => "Sổ tay ở {0} được khóa bằng mật khẩu: hãy nhập mật khẩu (với lệnh trong kịch bản: đặt biến SOTAY_PASSPHRASE)", "The notebook at {0} is locked with a passphrase: type it (for a command in a script: set SOTAY_PASSPHRASE)";
    StoreWrongPassphrase => "Mật khẩu không đúng cho sổ tay ở {0}. Sổ tay không hỏng và không bị khóa thêm: hãy thử lại. Nếu quên mật khẩu, chỉ lấy lại được dữ liệu qua tài khoản (máy khác, máy chủ đồng bộ hoặc gói đồng bộ, cùng mã khôi phục)", "Wrong passphrase for the notebook at {0}. The notebook is not damaged and is not locked out: try again. A forgotten passphrase can only be recovered through the account (another device, the hub or a bundle, with the recovery code)";
    StoreDamaged => "Dữ liệu sổ tay ở {0} bị hỏng nên chưa mở, và không bị ghi đè; hãy dùng bản sao lưu hoặc nhờ hỗ trợ kỹ thuật (chi tiết kỹ thuật: {1})", "The notebook at {0} is damaged, so it was not opened, and it was not overwritten; use a backup or ask for technical help (technical detail: {1})";
    StoreNewer => "Sổ tay ở {0} được tạo bởi phiên bản mới hơn (lược đồ {1}); hãy cập nhật sotay", "The notebook at {0} was made by a newer sotay (schema {1}); update sotay";
    StoreIo => "Không đọc hoặc ghi được sổ tay ở {0}: {1}", "Cannot read or write the notebook at {0}: {1}";
    StoreDiskFull => "Ổ đĩa chứa sổ tay ở {0} đã đầy nên chưa lưu được; hãy xóa bớt tệp không cần rồi thử lại (những gì đã lưu trước đó vẫn còn nguyên)",
        "The disk holding the notebook at {0} is full, so this was not saved; delete files you do not need and try again (what was saved before is intact)";
    StoreNoRoom => "Ổ đĩa chứa sổ tay ở {0} chỉ còn trống {1}; sotay cần ít nhất {2} để ghi an toàn nên chưa làm gì cả. Hãy xóa bớt tệp không cần rồi thử lại (sổ tay vẫn nguyên như cũ)",
        "The disk holding the notebook at {0} has only {1} free; sotay needs at least {2} to write safely, so it did nothing. Delete files you do not need and try again (the notebook is as it was)";
    StoreReadOnly => "Không được phép ghi vào sổ tay ở {0} (thư mục chỉ đọc hoặc thuộc người dùng khác); hãy chọn thư mục khác bằng --data-dir",
        "The notebook at {0} cannot be written (the folder is read-only or belongs to another user); choose another folder with --data-dir";
    NoDataDir => "Không tìm thấy thư mục dữ liệu của người dùng; hãy dùng --data-dir", "No user data folder found; use --data-dir";
    DemoNotEmpty => "Thư mục {0} đã có một sổ tay; hãy chọn thư mục trống", "{0} already holds a notebook; choose an empty folder";
    DemoFolderNotEmpty => "Thư mục {0} đã có tệp khác; hãy chọn thư mục trống (sotay không xóa tệp của thầy cô)", "{0} already holds other files; choose an empty folder (sotay never deletes your files)";
    InitDone => "Đã lưu hồ sơ: {0}, lớp {1}, năm học {2}", "Profile saved: {0}, class {1}, school year {2}";
    DemoDone => "Đã tạo lớp mẫu với {0} học sinh hư cấu ở {1}", "Made a sample class of {0} fictional students in {1}";
});
