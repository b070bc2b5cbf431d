//! Strings of the account and bundle commands and screens: what was done, why a bundle or a
//! batch was refused as a whole (the reasons' words are in `sync`), and a save refused because
//! its pupil was deleted on another device.

use super::Lang;
use crate::domain::RecordKind;
use crate::store::Refusal;
use crate::strings;

strings!(S {
    NoAccount => "Sổ tay này chưa thuộc tài khoản nào: hãy chạy `sotay account new` (máy đầu tiên) hoặc nhận một gói kèm mã khôi phục",
        "This notebook belongs to no account yet: run `sotay account new` (first device) or import a bundle with its recovery code";
    AccountExists => "Sổ tay này đã có tài khoản; mã khôi phục xem lại bằng `sotay account show-recovery-code`",
        "This notebook already has an account; see its recovery code with `sotay account show-recovery-code`";
    AccountMade => "Đã tạo tài khoản {0} cho sổ tay này. Dưới đây là mã khôi phục: hãy chép tay và cất nơi an toàn. Ai có mã này đọc được toàn bộ sổ tay; mất mã thì không máy mới nào nhận được dữ liệu.",
        "Made account {0} for this notebook. Below is its recovery code: copy it by hand and keep it somewhere safe. Whoever has it can read the whole notebook; without it no new device can receive the data.";
    ShowCodeQuestion => "Hiện mã khôi phục? Ai nhìn thấy mã này đọc được toàn bộ sổ tay. (c/k)", "Show the recovery code? Whoever sees it can read the whole notebook. (y/n)";
    NotShown => "Không hiện mã khôi phục.", "The recovery code was not shown.";
    Fork => "lô {1} của máy {0} khác với lô cùng số đã có (hai bản sao của cùng một máy?)", "batch {1} of device {0} differs from the batch already held under that number (two copies of one device?)";
    ClockAhead => "thay đổi trong lô được ghi giờ sớm hơn đồng hồ máy này {0} giờ: hãy chỉnh ngày giờ của máy đã gửi (hoặc của máy này) rồi thử lại", "a change in it is dated {0} hours ahead of this computer's clock: set the date and time of the device that sent it (or of this one) and try again";
    NotItsDevice => "lô {1} của máy {0} chứa thay đổi của máy khác", "batch {1} of device {0} holds a change made on another device";
    Deleted => "Học sinh này đã bị xóa (trên máy này hoặc máy khác) nên {0} không được lưu; nội dung vừa nhập vẫn còn trên màn hình", "This pupil was deleted (on this or another device), so the {0} could not be saved; what was typed is still on screen";
    Dropped => "{0} thay đổi cho học sinh đã bị xóa trên máy khác không được giữ lại", "{0} change(s) to a pupil deleted on another device were not kept";
    Renewed => "Sổ tay này là một bản sao hoặc bản khôi phục: từ nay máy này mang mã thiết bị mới {0}, để không trùng với bản gốc", "This notebook is a copy or a restored backup: from now on this device has the new id {0}, so it never clashes with the original";
    KindProfile => "hồ sơ giáo viên", "teacher's profile";
    KindStudent => "thông tin học sinh", "pupil's details";
    KindScreening => "phiếu sàng lọc", "screening";
    KindVisit => "lần thăm nhà", "home visit";
    KindSupport => "hỗ trợ", "support";
    KindCase => "hồ sơ theo dõi", "case";
    KindSession => "buổi tuyên truyền", "awareness session";
    KindInformed => "mốc đã phổ biến", "informed dates";
    KindSettings => "cài đặt", "settings";
    Written => "Đã ghi {0} lô thay đổi ({1} kB, đã mã hoá) vào {2}", "Wrote {0} batches of changes ({1} kB, encrypted) to {2}";
    Imported => "Đã áp dụng {0} thay đổi mới; {1} thay đổi đã có từ trước; {2} thay đổi bị từ chối", "Applied {0} new changes; {1} were here already; {2} were refused";
    RefusedBatch => "Lô {0} của máy {1} bị từ chối: {2}", "Batch {0} of device {1} was refused: {2}";
    CannotRead => "Không đọc được tệp {0}: {1}", "Cannot read {0}: {1}";
    NotABundle => "{0} không phải là gói đồng bộ của sotay; không có gì thay đổi", "{0} is not a sotay bundle; nothing was changed";
    Newer => "{0} được tạo bởi phiên bản sotay mới hơn (định dạng {1}); hãy cập nhật sotay. Không có gì thay đổi", "{0} was made by a newer sotay (format {1}); update sotay. Nothing was changed";
    Damaged => "{0} bị hỏng hoặc đã bị sửa ({1}); không có gì thay đổi. Hãy xin một bản gói mới", "{0} is damaged or was altered ({1}); nothing was changed. Ask for a new copy of the bundle";
    OtherAccount => "{0} thuộc một tài khoản khác (sổ tay của lớp khác); không có gì thay đổi", "{0} belongs to another account (another class's notebook); nothing was changed";
    WrongCode => "Mã khôi phục không phải của tài khoản đã tạo {0}; không có gì được tạo. Hãy kiểm tra lại mã", "The recovery code is not that of the account {0} belongs to; nothing was made. Check the code";
    Empty => "{0} không chứa lô thay đổi nào", "{0} holds no batch of changes";
    NotEmpty => "Thư mục {0} không trống: máy mới của tài khoản chỉ được tạo trong thư mục trống", "{0} is not empty: a new device of the account is made only in an empty folder";

    // The sync screen (from the profile form) and its bundle dialogs.
    SyncTitle => "Đồng bộ sổ tay", "Sync the notebook";
    SyncIntro => "Gói đồng bộ mang thay đổi của sổ tay này sang các máy khác của cùng tài khoản (máy ở trường, máy ở nhà, máy của giáo viên cùng lớp): chép bằng USB hoặc gửi qua Zalo. Gói đã được mã hóa: chỉ máy của tài khoản này mở được.",
        "A bundle carries this notebook's changes to the account's other devices (the school PC, the home laptop, a co-teacher's): copy it on a USB stick or send it over Zalo. It is encrypted: only the account's devices can open it.";
    LAccount => "Tài khoản", "Account";
    LDevice => "Máy này", "This device";
    LBatches => "Lô thay đổi", "Batches";
    LLast => "Lần trao đổi gần nhất", "Last exchange";
    Batches => "đang giữ {0} lô của {1} máy; lô tới của máy này mang số {2}", "{0} held, from {1} device(s); this device's next is number {2}";
    NoBatches => "chưa có; lô đầu tiên của máy này sẽ mang số {0}", "none yet; this device's next is number {0}";
    LastWritten => "đã ghi một gói ngày {0} ({1} lô)", "a bundle written on {0} ({1} batches)";
    LastRead => "đã nhập một gói ngày {0} ({1} lô, {2} thay đổi mới)", "a bundle read on {0} ({1} batches, {2} new changes)";
    NoExchange => "chưa có", "none yet";
    HowExport => "{0}: xuất gói, ghi mọi lô vào một tệp để chép sang máy khác.", "{0}: export a bundle, every batch in one file to copy to another device.";
    HowImport => "{0}: nhập gói nhận từ máy khác; thay đổi mới hiện ngay.", "{0}: import a bundle from another device; its changes show at once.";
    LastImport => "Lần nhập vừa rồi", "The import just done";
    TitleBundleExport => "Xuất gói đồng bộ", "Export a bundle";
    TitleBundleImport => "Nhập gói đồng bộ", "Import a bundle";
    BundleExportIntro => "Ghi mọi lô thay đổi sổ tay đang giữ vào một tệp (đã mã hóa); chép tệp sang máy khác của tài khoản rồi nhập ở đó. Nhấn {0} để ghi.",
        "Writes every batch of changes this notebook holds to one file (encrypted); copy it to another device of the account and import it there. Press {0} to write it.";
    BundleImportIntro => "Gõ đường dẫn của tệp gói (.sotay) nhận từ máy khác (Tab gõ nốt tên tệp hoặc thư mục), rồi nhấn {0} để nhập.",
        "Type the path of the bundle (.sotay) from another device (Tab completes a file or folder name), then press {0} to import it.";
    LBundleFile => "Tệp gói", "Bundle file";
    BundleFileHint => "Tab gõ nốt tên", "Tab completes names";
});

/// The reason a batch was refused, in the user's language.
pub fn refusal(lang: Lang, r: &Refusal) -> String {
    match r {
        Refusal::Fork { device, number } => S::Fork.fill(lang, &[device, number]),
        Refusal::ClockAhead { hours } => S::ClockAhead.fill(lang, &[hours]),
        Refusal::NotItsDevice { device, number } => S::NotItsDevice.fill(lang, &[device, number]),
    }
}

/// The message of a save refused because its pupil was deleted.
pub fn deleted(lang: Lang, kind: RecordKind) -> String {
    S::Deleted.fill(lang, &[&record_kind(lang, kind)])
}

/// What a record of `kind` is called.
pub fn record_kind(lang: Lang, kind: RecordKind) -> &'static str {
    let key = match kind {
        RecordKind::Profile => S::KindProfile,
        RecordKind::Student => S::KindStudent,
        RecordKind::Screening => S::KindScreening,
        RecordKind::Visit => S::KindVisit,
        RecordKind::Support => S::KindSupport,
        RecordKind::Case => S::KindCase,
        RecordKind::Session => S::KindSession,
        RecordKind::Informed => S::KindInformed,
        RecordKind::Settings => S::KindSettings,
    };
    key.get(lang)
}

/// Why a bundle was refused as a whole.
pub fn bundle_refused(lang: Lang, file: &str, e: &crate::sync::exchange::BundleRefused) -> String {
    use crate::sync::bundle::BundleError;
    use crate::sync::envelope::SealError;
    use crate::sync::exchange::BundleRefused as B;
    use crate::sync::wire::WireError;
    match e {
        B::Bundle(BundleError::NotABundle)
        | B::Batch {
            error: SealError::NotABatch,
            ..
        } => S::NotABundle.fill(lang, &[&file]),
        B::Bundle(BundleError::NewerFormat(v))
        | B::Batch {
            error: SealError::NewerFormat(v),
            ..
        }
        | B::Payload {
            error: WireError::Newer(v),
            ..
        } => S::Newer.fill(lang, &[&file, v]),
        B::OtherAccount
        | B::Batch {
            error: SealError::WrongAccount,
            ..
        } => S::OtherAccount.fill(lang, &[&file]),
        B::Bundle(e) => S::Damaged.fill(lang, &[&file, &super::sync::bundle_error(lang, e)]),
        B::Batch { error, .. } => S::Damaged.fill(lang, &[&file, &super::sync::seal_error(lang, error)]),
        B::Payload { error, .. } => S::Damaged.fill(lang, &[&file, &error.code()]),
        B::Store(e) => crate::store::store_error_message(lang, e),
    }
}
