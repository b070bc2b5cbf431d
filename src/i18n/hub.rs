//! Strings of syncing through a hub: `sotay join`, `sotay invite`, `sotay sync`, and the
//! reasons a hub or a downloaded batch was refused.

use sotay_wire::api::ErrorCode;
use sotay_wire::code::CodeError;

use super::Lang;
use crate::hub::{BatchRefusal, Refused, SetupError, SyncError, SyncReport};
use crate::strings;

strings!(H {
    BadCode => "Mã {0} không dùng được: {1}. Hãy đọc lại mã; chưa kết nối gì", "The code {0} can't be used: {1}. Read the code again; nothing was sent";
    CodeLength => "mã có 12 ký tự, mã này có {0}", "a code has 12 characters, this one has {0}";
    CodeCharacter => "ký tự thứ {0} không có trong mã", "character {0} is not one a code uses";
    CodeCheck => "ký tự kiểm tra không khớp, có một ký tự bị gõ nhầm", "its check character does not match: a character is mistyped";
    BadUrl => "{0} không phải là địa chỉ máy chủ đồng bộ (ví dụ https://dongbo.truong.edu.vn)", "{0} is not a hub address (for example https://sync.school.edu.vn)";
    Insecure => "Không kết nối HTTP không mã hóa tới {0}: mã truy cập sẽ đi qua mạng mà ai cũng đọc được. Hãy dùng https://, hoặc thêm --insecure nếu chắc chắn mạng này an toàn",
        "Plain HTTP to {0} is refused: the access token would cross the network readable. Use https://, or add --insecure if you are sure the network is safe";
    BadCa => "Không dùng được tệp chứng chỉ {0}: {1}", "Cannot use the certificate file {0}: {1}";
    Joined => "Đã tham gia máy chủ đồng bộ {0}: lớp {1}, mã trường {2}, năm học {3}; máy này mang mã {4}", "Joined the hub {0}: class {1}, school code {2}, school year {3}; this device is {4}";
    AlreadyJoined => "Sổ tay này đã tham gia máy chủ {0}; đồng bộ bằng `sotay sync`", "This notebook is joined to the hub {0} already; sync with `sotay sync`";
    NotJoined => "Sổ tay này chưa tham gia máy chủ đồng bộ nào: hãy chạy `sotay join ĐỊA-CHỈ --code MÃ`", "This notebook is joined to no hub: run `sotay join URL --code CODE`";
    FirstSyncFailed => "Đã tham gia, nhưng lần đồng bộ đầu tiên chưa xong; hãy chạy `sotay sync` sau. {0}", "Joined, but the first sync did not finish; run `sotay sync` later. {0}";
    Invite => "Mã cho một máy nữa của tài khoản này, dùng một lần, hết hạn lúc {0}. Trên máy kia, chạy: sotay --data-dir THƯ-MỤC-TRỐNG join {1} --code MÃ --recovery-code MÃ-KHÔI-PHỤC",
        "A code for one more device of this account, usable once, until {0}. On the other device run: sotay --data-dir EMPTY-FOLDER join {1} --code CODE --recovery-code RECOVERY-CODE";
    Synced => "Đã gửi {0} lô ({1} thay đổi) và nhận {2} lô ({3} thay đổi mới, {4} đã có); {5} kB gửi đi, {6} kB nhận về", "Batches sent: {0} ({1} changes); received: {2} ({3} new changes, {4} here already); {5} kB sent, {6} kB received";
    Enrolled => "Sổ tay này là một bản sao: mã thiết bị mới {0} của nó đã được đăng ký với máy chủ", "This notebook is a copy: its new device id {0} was enrolled with the hub";
    Unreachable => "Chưa kết nối được máy chủ đồng bộ {0} ({1}). Không mất gì: các thay đổi vẫn ở trên máy này; hãy thử lại sau", "The hub {0} can't be reached now ({1}). Nothing is lost: the changes stay on this device; try again later";
    RetryAfter => "máy chủ đề nghị chờ {0} giây", "the hub asks to wait {0} seconds";
    Refused => "Máy chủ đồng bộ {0} từ chối: {1}", "The hub {0} refused: {1}";
    Certificate => "Chứng chỉ của máy chủ {0} không được tin cậy ({1}); nếu trường dùng chứng chỉ riêng, thêm --ca TỆP", "The certificate of the hub {0} is not trusted ({1}); if the school uses its own, add --ca FILE";
    BadAnswer => "{0} trả lời không đúng giao thức của máy chủ đồng bộ ({1}); hãy kiểm tra địa chỉ", "{0} did not answer as a sotay hub does ({1}); check the address";
    BatchRefused => "Lô {0} của máy {1} tải về từ máy chủ bị từ chối, không áp dụng gì của nó: {2}", "Batch {0} of device {1} downloaded from the hub was refused, nothing of it applied: {2}";
    Moved => "máy chủ đưa ra lô ở sai vị trí (của máy khác hoặc số khác)", "the hub served it as another device's or number's batch";
    EBadRequest => "yêu cầu không hợp lệ", "the request is malformed";
    EUnauthorized => "máy chủ không nhận ra mã truy cập của máy này; hãy xin mã mới và tham gia lại", "the hub does not know this device's token; get a new code and join again";
    ERevoked => "máy này đã bị thu hồi trên máy chủ; hãy hỏi người quản trị máy chủ", "this device was revoked on the hub; ask the hub's administrator";
    EForbidden => "mã truy cập này không được dùng cho tài khoản đó", "this token does not reach that account";
    ENotFound => "máy chủ không có địa chỉ hoặc thiết bị này", "the hub has no such address or device";
    ECodeUnknown => "máy chủ không cấp mã này (hoặc mã bị gõ nhầm)", "the hub did not issue this code (or it was mistyped)";
    ECodeUsed => "mã này đã được dùng; hãy xin mã mới", "the code was used already; get a new one";
    ECodeExpired => "mã này đã quá 7 ngày; hãy xin mã mới", "the code is older than 7 days; get a new one";
    EAccountMismatch => "mã này dành cho tài khoản (sổ tay lớp) khác", "the code is for another account (another class's notebook)";
    EDeviceTaken => "mã thiết bị này đã được đăng ký", "this device id is enrolled already";
    EBadBatch => "máy chủ không nhận một lô của máy này (chữ ký không khớp)", "the hub refused a batch of this device (its signature does not match)";
    EFork => "máy chủ giữ một lô khác cùng số (hai bản sao của một máy?)", "the hub holds a different batch under that number (two copies of one device?)";
    EGap => "máy chủ thiếu các lô trước đó", "the hub lacks the batches before it";
    ETooLarge => "dữ liệu gửi lớn hơn máy chủ nhận", "the data sent is larger than the hub accepts";
    ERateLimited => "quá nhiều yêu cầu", "too many requests";
    ETimeout => "máy chủ trả lời quá chậm", "the hub took too long";
    EInternal => "máy chủ gặp lỗi", "the hub failed";
    EUnknown => "lý do {0}", "reason {0}";
});

/// Why a typed code can't be one.
pub fn code_error(lang: Lang, e: &CodeError) -> String {
    match e {
        CodeError::Length(n) => H::CodeLength.fill(lang, &[n]),
        CodeError::Character(i) => H::CodeCharacter.fill(lang, &[i]),
        CodeError::Check => H::CodeCheck.get(lang).to_string(),
    }
}

/// Why a client could not be made (said before any connection).
pub fn setup_error(lang: Lang, url: &str, e: &SetupError) -> String {
    match e {
        SetupError::BadUrl(_) => H::BadUrl.fill(lang, &[&url]),
        SetupError::Insecure(host) => H::Insecure.fill(lang, &[host]),
        SetupError::Ca { path, reason } => H::BadCa.fill(lang, &[&path.display(), reason]),
    }
}

/// What the hub's stable code means.
pub fn hub_code(lang: Lang, code: ErrorCode, message: &str) -> String {
    let key = match code {
        ErrorCode::BadRequest => H::EBadRequest,
        ErrorCode::Unauthorized => H::EUnauthorized,
        ErrorCode::Revoked => H::ERevoked,
        ErrorCode::Forbidden => H::EForbidden,
        ErrorCode::NotFound => H::ENotFound,
        ErrorCode::CodeUnknown => H::ECodeUnknown,
        ErrorCode::CodeUsed => H::ECodeUsed,
        ErrorCode::CodeExpired => H::ECodeExpired,
        ErrorCode::AccountMismatch => H::EAccountMismatch,
        ErrorCode::DeviceTaken => H::EDeviceTaken,
        ErrorCode::BadBatch => H::EBadBatch,
        ErrorCode::Fork => H::EFork,
        ErrorCode::Gap => H::EGap,
        ErrorCode::TooLarge => H::ETooLarge,
        ErrorCode::RateLimited => H::ERateLimited,
        ErrorCode::Timeout => H::ETimeout,
        ErrorCode::Internal => H::EInternal,
        // A code from a newer hub: its English message is all there is.
        ErrorCode::Unknown => return H::EUnknown.fill(lang, &[&message]),
    };
    format!("{} ({})", key.get(lang), code.as_str())
}

/// Why a downloaded batch was refused.
pub fn batch_refusal(lang: Lang, r: &BatchRefusal) -> String {
    match r {
        BatchRefusal::Seal(e) => super::sync::seal_error(lang, e),
        BatchRefusal::Payload(e) => e.code().to_string(),
        BatchRefusal::Moved => H::Moved.get(lang).to_string(),
        BatchRefusal::Store(r) => super::account::refusal(lang, r),
    }
}

/// What a sync moved, in one line.
/// What a sync moved, a line each: the batches and bytes, then the figures published to
/// report readers and the readers' keys waiting to be accepted, when any.
pub fn report(lang: Lang, r: &SyncReport) -> String {
    use super::readers::RD;
    let mut out = H::Synced.fill(
        lang,
        &[
            &r.batches_sent,
            &r.changes_sent,
            &r.batches_received,
            &r.changes_received,
            &r.changes_already,
            &r.bytes_sent.div_ceil(1024),
            &r.bytes_received.div_ceil(1024),
        ],
    );
    if r.figures_published > 0 {
        out.push('\n');
        out.push_str(&RD::Published.fill(lang, &[&r.figures_published]));
    }
    if r.readers_to_accept > 0 {
        out.push('\n');
        out.push_str(&RD::ToAccept.fill(lang, &[&r.readers_to_accept]));
    }
    out
}

/// Why a sync failed, naming the hub.
pub fn sync_error(lang: Lang, url: &str, e: &SyncError) -> String {
    match e {
        SyncError::Unreachable { reason, retry_after } => {
            let mut why = reason.clone();
            if let Some(wait) = retry_after {
                why = format!("{why}; {}", H::RetryAfter.fill(lang, &[&wait.as_secs()]));
            }
            H::Unreachable.fill(lang, &[&url, &why])
        }
        SyncError::Refused(Refused::Hub(e)) => H::Refused.fill(lang, &[&url, &hub_code(lang, e.code, &e.message)]),
        SyncError::Refused(Refused::Certificate(m)) => H::Certificate.fill(lang, &[&url, m]),
        SyncError::Refused(Refused::BadAnswer(m)) => H::BadAnswer.fill(lang, &[&url, m]),
        SyncError::Refused(Refused::Batches { refused, .. }) => refused
            .iter()
            .map(|b| H::BatchRefused.fill(lang, &[&b.number, &b.device, &batch_refusal(lang, &b.reason)]))
            .collect::<Vec<_>>()
            .join("\n"),
        SyncError::NotJoined => H::NotJoined.get(lang).to_string(),
        SyncError::Store(e) => crate::store::store_error_message(lang, e),
    }
}
