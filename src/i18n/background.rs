//! Strings of the interface's background sync: the status bar's words on where syncing
//! stands, and the hub's part of the sync screen. None of them carries personal data.

use crate::strings;

strings!(B {
    // The status bar: one short item, always there while the notebook is joined to a hub.
    Syncing => "đang đồng bộ…", "syncing…";
    SyncedAt => "đã đồng bộ lúc {0}", "synced at {0}";
    NeverSynced => "chưa đồng bộ lần nào", "not synced yet";
    Waiting => "{0} thay đổi chờ gửi", "waiting to send: {0}";
    Offline => "mất kết nối — thử lại lúc {0}", "offline — retrying at {0}";
    OfflineWaiting => "mất kết nối, {0} thay đổi chờ — thử lại lúc {1}", "offline, {0} waiting — retrying at {1}";
    Revoked => "máy này bị thu hồi: hỏi người quản trị máy chủ", "device revoked: ask the hub's administrator";
    Unauthorized => "máy chủ không nhận máy này: tham gia lại", "the hub does not know this device: join again";
    Certificate => "chứng chỉ máy chủ không tin cậy: xem {0}", "hub certificate not trusted: see {0}";
    ClockAhead => "có thay đổi ghi giờ quá sớm: kiểm tra ngày giờ máy", "a change is dated ahead: check the clocks";
    BatchRefused => "một lô từ máy chủ bị từ chối: xem {0}", "a batch from the hub was refused: see {0}";
    HubRefused => "máy chủ từ chối ({0}): xem {1}", "the hub refused ({0}): see {1}";
    BadAnswer => "máy chủ trả lời sai: kiểm tra địa chỉ", "the hub answers wrongly: check its address";
    Failed => "đồng bộ lỗi: xem {0}", "sync failed: see {0}";

    // The sync screen's hub part.
    LHub => "Máy chủ đồng bộ", "Hub";
    NotJoined => "chưa tham gia; để đồng bộ qua mạng, chạy `sotay join ĐỊA-CHỈ --code MÃ`", "not joined; to sync over the network run `sotay join URL --code CODE`";
    LState => "Tình trạng", "State";
    LWaiting => "Chờ gửi", "Waiting";
    WaitingCount => "{0} thay đổi của máy này", "changes of this device: {0}";
    LNext => "Lần thử tới", "Next try";
    NextAt => "lúc {0} (hoặc {1} để đồng bộ ngay)", "at {0} (or {1} to sync now)";
    NowRunning => "đang chạy", "running now";
    LMonth => "Tháng này", "This month";
    MonthBytes => "gửi {0} kB, nhận {1} kB", "{0} kB sent, {1} kB received";
    LAttempts => "Các lần đồng bộ gần nhất", "Last attempts";
    NoAttempts => "chưa có", "none yet";
    Attempt => "{0}  {1}  gửi {2} kB, nhận {3} kB", "{0}  {1}  {2} kB sent, {3} kB received";
    OutcomeOk => "xong", "done";
    OutcomeUnreachable => "không kết nối được", "hub out of reach";
    OutcomeRefused => "bị từ chối", "refused";
    OutcomeFailed => "lỗi", "failed";
    LSaid => "Lần đồng bộ vừa rồi", "Last sync";
    SyncAsked => "Đang đồng bộ với máy chủ…", "Syncing with the hub…";
});

/// An attempt's stable outcome code in words.
pub fn outcome(lang: super::Lang, code: &str) -> String {
    match code {
        "ok" => B::OutcomeOk.get(lang).to_string(),
        "unreachable" => B::OutcomeUnreachable.get(lang).to_string(),
        "refused" => B::OutcomeRefused.get(lang).to_string(),
        "failed" => B::OutcomeFailed.get(lang).to_string(),
        other => other.to_string(),
    }
}
