//! What went wrong with a file or a folder, in words: the reason every message about a file
//! that could not be read or written gives, instead of the system's text (English only, and
//! sometimes with a temporary file's name in it).

use std::io;

use super::Lang;
use crate::strings;

strings!(Io {
    NotFound => "không có tệp hoặc thư mục này", "the file or folder does not exist";
    // Said of reading and of writing alike.
    NotAllowed => "không có quyền (tệp hoặc thư mục thuộc người dùng khác, hoặc chỉ đọc)", "permission denied (the file or folder belongs to another user, or is read-only)";
    DiskFull => "ổ đĩa đã đầy", "the disk is full";
    IsFolder => "đây là một thư mục, không phải tệp", "it is a folder, not a file";
    Other => "lỗi của hệ thống: {0}", "the system said: {0}";
});

/// The reason, in `lang`, that `e` gives.
pub fn reason(lang: Lang, e: &io::Error) -> String {
    let key = if is_disk_full(e) {
        Io::DiskFull
    } else if is_read_only(e) {
        Io::NotAllowed
    } else {
        match e.kind() {
            io::ErrorKind::NotFound => Io::NotFound,
            io::ErrorKind::IsADirectory => Io::IsFolder,
            _ => return Io::Other.fill(lang, &[&system_text(e)]),
        }
    };
    key.get(lang).to_string()
}

/// The system's own text without what `tempfile` appends (` at path "…/.tmpXXXX"`): a name
/// the user never chose.
fn system_text(e: &io::Error) -> String {
    let text = e.to_string();
    match text.find(" at path ") {
        Some(cut) => text[..cut].to_string(),
        None => text,
    }
}

/// Whether an error means the disk is full. sled passes some io errors on with their debug
/// text as the message (`Os { code: 28, kind: StorageFull, … }`), so that is read too.
pub fn is_disk_full(e: &io::Error) -> bool {
    // ENOSPC on Unix; ERROR_HANDLE_DISK_FULL and ERROR_DISK_FULL on Windows.
    let code = if cfg!(windows) { [39, 112] } else { [28, 28] };
    e.kind() == io::ErrorKind::StorageFull
        || e.raw_os_error().is_some_and(|c| code.contains(&c))
        || e.to_string().contains("StorageFull")
}

/// Whether an error means the folder or a file may not be written (read the same way).
pub fn is_read_only(e: &io::Error) -> bool {
    use io::ErrorKind::{PermissionDenied, ReadOnlyFilesystem};
    matches!(e.kind(), PermissionDenied | ReadOnlyFilesystem)
        || ["PermissionDenied", "ReadOnlyFilesystem"]
            .iter()
            .any(|k| e.to_string().contains(k))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_has_words_in_both_languages() {
        let missing = io::Error::from(io::ErrorKind::NotFound);
        assert_eq!(reason(Lang::En, &missing), "the file or folder does not exist");
        assert_eq!(reason(Lang::Vi, &missing), "không có tệp hoặc thư mục này");
        let full = io::Error::from_raw_os_error(if cfg!(windows) { 112 } else { 28 });
        assert_eq!(reason(Lang::Vi, &full), "ổ đĩa đã đầy");
        // As sled passes it on.
        let sled = io::Error::other("Os { code: 28, kind: StorageFull, message: \"No space\" }");
        assert_eq!(reason(Lang::En, &sled), "the disk is full");
        let denied = io::Error::from(io::ErrorKind::PermissionDenied);
        assert!(reason(Lang::En, &denied).starts_with("permission denied"));
    }

    #[test]
    fn a_temporary_files_name_is_never_shown() {
        let e = io::Error::other("Broken pipe (os error 32) at path \"/tmp/x/.tmpAbC123\"");
        assert_eq!(reason(Lang::En, &e), "the system said: Broken pipe (os error 32)");
    }
}
