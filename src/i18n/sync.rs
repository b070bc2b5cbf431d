//! Why a batch, a bundle or a recovery code was refused, in words: the reasons of
//! `sync::SealError`, `BundleError` and `RecoveryCodeError`, which are English for logs only.
//! A message puts the file's name (or "the recovery code") before them.

use super::Lang;
use crate::strings;
use crate::sync::{BundleError, RecoveryCodeError, SealError};

strings!(Sync {
    NotABatch => "không phải một gói thay đổi của sotay", "not a sotay batch";
    BatchNewer => "được tạo bởi phiên bản sotay mới hơn (định dạng gói {0}); hãy cập nhật sotay", "made by a newer sotay (batch format {0}); update sotay";
    BatchTruncated => "gói thay đổi bị cắt cụt", "the batch is cut short";
    BatchTooLarge => "gói thay đổi quá lớn", "the batch is too large";
    WrongAccount => "gói thay đổi thuộc một tài khoản khác (sổ tay của một lớp khác)", "the batch belongs to another account (another class's notebook)";
    UnknownDevice => "gói thay đổi do một thiết bị không thuộc tài khoản này tạo ra", "the batch was made by a device that is not one of this account's";
    BadSignature => "chữ ký của gói thay đổi không khớp: gói đã bị sửa", "the batch's signature does not match: it was altered";
    Undecryptable => "không giải mã được gói thay đổi bằng khóa của tài khoản", "the batch can't be decrypted with the account's key";
    Moved => "gói thay đổi đã bị chuyển khỏi chỗ của nó (số thứ tự, thiết bị hoặc tài khoản khác với lúc niêm phong)", "the batch was moved from its place (its number, device or account differ from when it was sealed)";
    BatchDamaged => "gói thay đổi bị hỏng", "the batch is damaged";
    NotABundle => "không phải tệp đồng bộ của sotay", "not a sotay bundle";
    BundleNewer => "được tạo bởi phiên bản sotay mới hơn (định dạng tệp {0}); hãy cập nhật sotay", "made by a newer sotay (bundle format {0}); update sotay";
    BundleTruncated => "tệp bị cắt cụt (có thể chưa chép xong)", "the file is cut short (perhaps not copied in full)";
    BundleTooLarge => "tệp, hoặc một gói thay đổi trong tệp, quá lớn", "the file, or a batch in it, is too large";
    BundleDamaged => "tệp bị hỏng", "the file is damaged";
    CodeLength => "mã khôi phục có {0} chữ và số, mã đã nhập có {1}", "a recovery code has {0} letters and digits, the one entered has {1}";
    CodeCharacter => "ký tự thứ {0} ({1}) không có trong mã khôi phục", "character {0} ({1}) is not used in recovery codes";
    CodeChecksum => "mã khôi phục sai tổng kiểm tra (checksum): có ký tự bị chép sai; hãy so lại từng nhóm", "the recovery code's checksum does not match: a character was copied wrong; compare it group by group";
});

/// Why a batch was refused.
pub fn seal_error(lang: Lang, e: &SealError) -> String {
    let key = match e {
        SealError::NotABatch => Sync::NotABatch,
        SealError::NewerFormat(v) => return Sync::BatchNewer.fill(lang, &[v]),
        SealError::Truncated => Sync::BatchTruncated,
        SealError::TooLarge => Sync::BatchTooLarge,
        SealError::WrongAccount => Sync::WrongAccount,
        SealError::UnknownDevice => Sync::UnknownDevice,
        SealError::BadSignature => Sync::BadSignature,
        SealError::Undecryptable => Sync::Undecryptable,
        SealError::Moved => Sync::Moved,
        // The part named is for the log (`code()` and the error's own text).
        SealError::Damaged(_) => Sync::BatchDamaged,
    };
    key.get(lang).into()
}

/// Why a file was not taken as a bundle.
pub fn bundle_error(lang: Lang, e: &BundleError) -> String {
    let key = match e {
        BundleError::NotABundle => Sync::NotABundle,
        BundleError::NewerFormat(v) => return Sync::BundleNewer.fill(lang, &[v]),
        BundleError::Truncated => Sync::BundleTruncated,
        BundleError::TooLarge => Sync::BundleTooLarge,
        BundleError::Damaged(_) => Sync::BundleDamaged,
    };
    key.get(lang).into()
}

/// Why a recovery code was not taken; never repeats the code.
pub fn recovery_code_error(lang: Lang, e: &RecoveryCodeError) -> String {
    match e {
        RecoveryCodeError::Length { expected, found } => Sync::CodeLength.fill(lang, &[expected, found]),
        RecoveryCodeError::Character { position, ch } => {
            let shown = crate::text::visible(&ch.to_string()).into_owned();
            Sync::CodeCharacter.fill(lang, &[position, &format!("“{shown}”")])
        }
        RecoveryCodeError::Checksum => Sync::CodeChecksum.get(lang).into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::AccountSecret;

    #[test]
    fn every_refusal_reads_in_both_languages() {
        let seals = [
            SealError::NotABatch,
            SealError::NewerFormat(2),
            SealError::Truncated,
            SealError::TooLarge,
            SealError::WrongAccount,
            SealError::UnknownDevice,
            SealError::BadSignature,
            SealError::Undecryptable,
            SealError::Moved,
            SealError::Damaged("checksum"),
        ];
        let bundles = [
            BundleError::NotABundle,
            BundleError::NewerFormat(3),
            BundleError::Truncated,
            BundleError::TooLarge,
            BundleError::Damaged("checksum"),
        ];
        let mut texts: Vec<(String, String)> = Vec::new();
        for e in &seals {
            texts.push((seal_error(Lang::Vi, e), seal_error(Lang::En, e)));
        }
        for e in &bundles {
            texts.push((bundle_error(Lang::Vi, e), bundle_error(Lang::En, e)));
        }
        for (vi, en) in &texts {
            assert_ne!(vi, en);
            assert!(!vi.is_empty() && !en.is_empty());
        }
        // Each reason its own words.
        let distinct: std::collections::HashSet<_> = texts.iter().map(|t| &t.1).collect();
        assert_eq!(distinct.len(), texts.len());
        assert!(seal_error(Lang::Vi, &SealError::NewerFormat(2)).contains("(định dạng gói 2)"));
        assert!(bundle_error(Lang::En, &BundleError::NewerFormat(3)).contains("format 3"));
    }

    #[test]
    fn a_recovery_code_refusal_names_the_place_never_the_code() {
        let code = AccountSecret::from_bytes([4; 32]).recovery_code();
        let typo = format!("{}Ư{}", &code[..10], &code[11..]);
        let e = AccountSecret::from_recovery_code(&typo).unwrap_err();
        let vi = recovery_code_error(Lang::Vi, &e);
        assert_eq!(vi, "ký tự thứ 11 (“Ư”) không có trong mã khôi phục");
        let cut = AccountSecret::from_recovery_code(&code[..20]).unwrap_err();
        assert_eq!(
            recovery_code_error(Lang::En, &cut),
            "a recovery code has 58 letters and digits, the one entered has 16"
        );
        let wrong = code.replacen(&code[..1], if &code[..1] == "Q" { "P" } else { "Q" }, 1);
        let e = AccountSecret::from_recovery_code(&wrong).unwrap_err();
        for lang in [Lang::Vi, Lang::En] {
            let text = recovery_code_error(lang, &e);
            assert!(!text.contains(&code[5..9]), "{text}");
        }
        // A control character typed is shown escaped, not sent to the terminal.
        let e = RecoveryCodeError::Character {
            position: 3,
            ch: '\u{1b}',
        };
        assert!(!recovery_code_error(Lang::En, &e).contains('\u{1b}'));
    }
}
