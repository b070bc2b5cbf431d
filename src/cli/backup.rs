//! `sotay backup` and `sotay restore`: an encrypted, self-contained copy of the notebook as
//! a standard age file, and a new device of the account made from one (docs/backup.md).

use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;

use age::secrecy::SecretString;
use zeroize::Zeroizing;

use super::commands::{lang_of, open_with_profile, store_failure};
use super::exit::{CliError, Code};
use super::sync::{all_applied, make_device, must_be_empty, recovery_secret};
use crate::backup::crypt::{self, Sealed};
use crate::backup::{self, BackupError, format};
use crate::clock::Clock;
use crate::i18n::Lang;
use crate::i18n::account::S as Account;
use crate::i18n::backup::{self as words, B};
use crate::report::output::{WriteError, error_message};
use crate::store::Store;
use crate::sync::account::AccountKeys;
use crate::sync::exchange::{self, BundleRefused};

/// Where scripts give the backup passphrase (documented as less safe than typing it).
pub const PASSPHRASE_VAR: &str = "SOTAY_BACKUP_PASSPHRASE";
/// The shortest backup passphrase taken: the file may travel far, and scrypt only slows
/// guessing down.
pub const MIN_PASSPHRASE_CHARS: usize = 8;
/// The largest file read as a backup: a bundle's limit plus room for the rest.
const MAX_BACKUP_BYTES: u64 = super::sync::MAX_BUNDLE_BYTES + (1 << 20);

/// `sotay backup -o FILE [--force] [--passphrase]`.
pub fn backup(
    dir: &Path,
    output: &Path,
    force: bool,
    passphrase: bool,
    lang_flag: Option<Lang>,
    clock: Arc<dyn Clock>,
) -> Result<(), CliError> {
    let (store, lang, profile) = open_with_profile(dir, lang_flag, clock)?;
    // Everything that can be refused is, before the notebook changes (an account made).
    if !force && output.symlink_metadata().is_ok() {
        return Err(CliError::new(
            Code::Invalid,
            crate::i18n::export::E::FileExistsUseForce.fill(lang, &[&output.display()]),
        ));
    }
    let passphrase = match passphrase {
        true => Some(new_passphrase(lang)?),
        false => None,
    };
    account_or_new(&store, lang)?;
    let opens_with = match passphrase {
        Some(_) => B::OpensWithPassphrase,
        None => B::OpensWithCode,
    };
    let written = backup::write(&store, output, force, profile.lang.code(), passphrase).map_err(|e| match e {
        BackupError::Store(e) => store_failure(lang, &e),
        BackupError::File(WriteError::Exists(p)) => CliError::new(
            Code::Invalid,
            crate::i18n::export::E::FileExistsUseForce.fill(lang, &[&p.display()]),
        ),
        BackupError::File(e) => CliError::new(Code::Failure, error_message(lang, &e)),
    })?;
    let kb = written.bytes.div_ceil(1024);
    println!(
        "{}",
        B::Written.fill(lang, &[&written.pupils, &written.batches, &kb, &output.display()])
    );
    println!("{}", opens_with.fill(lang, &[&output.display()]));
    Ok(())
}

/// The notebook's account; made first when there is none (as `sotay account new` does,
/// with its recovery code printed once), since a backup is the account's.
fn account_or_new(store: &Store, lang: Lang) -> Result<(), CliError> {
    let (secret, made) = backup::account_or_new(store).map_err(|e| store_failure(lang, &e))?;
    if made {
        let keys = AccountKeys::from_secret(&secret);
        println!("{}", Account::AccountMade.fill(lang, &[&keys.account_id()]));
        // Alone on its line, so a script can take it.
        println!("{}", secret.recovery_code());
    }
    Ok(())
}

/// `sotay restore FILE [--recovery-code CODE]`: a new device of the backup's account in an
/// empty folder. Everything is decrypted and verified before the folder is touched; a
/// failure after that leaves it empty.
pub fn restore(
    dir: &Path,
    file: &Path,
    recovery_code: Option<&str>,
    lang_flag: Option<Lang>,
    clock: Arc<dyn Clock>,
) -> Result<(), CliError> {
    let lang = lang_flag.unwrap_or_else(Lang::from_system);
    let name = file.display().to_string();
    let invalid = |message: String| CliError::new(Code::Invalid, message);
    let code_secret = recovery_code.map(|c| recovery_secret(lang, c)).transpose()?;
    must_be_empty(lang, dir)?;
    let bytes = read_backup_file(file, lang)?;
    let opened = match crypt::sealed_to(&bytes).map_err(|e| invalid(words::open_error(lang, &name, &e)))? {
        Sealed::Account => {
            let Some(secret) = &code_secret else {
                return Err(invalid(B::NeedsCode.fill(lang, &[&name])));
            };
            crypt::open_with_account(&bytes, &AccountKeys::from_secret(secret))
        }
        Sealed::Passphrase => crypt::open_with_passphrase(&bytes, restore_passphrase(lang, &name)?),
    };
    let plaintext = opened.map_err(|e| invalid(words::open_error(lang, &name, &e)))?;
    let contents = format::decode(&plaintext).map_err(|e| invalid(words::format_error(lang, &name, &e)))?;
    drop(plaintext);
    if let Some(s) = &code_secret
        && s.to_bytes() != contents.account_secret
    {
        // A passphrase backup of another account than the code given.
        return Err(invalid(B::WrongCode.fill(lang, &[&name])));
    }
    let keys = backup::verify(&contents).map_err(|e| damaged(lang, &name, &e))?;
    let batches = exchange::account_of(&contents.bundle).map_err(|e| damaged(lang, &name, &e))?;
    if batches.is_none() {
        // A notebook with a profile always has a batch: this one was not made by sotay.
        return Err(invalid(B::Damaged.fill(lang, &[&name, &"no-batch"])));
    }
    let secret = backup::secret_of(&contents);
    make_device(dir, &secret, lang, clock, |store| {
        let done = exchange::import(store, &contents.bundle).map_err(|e| damaged(lang, &name, &e))?;
        all_applied(lang, &done)?;
        // The interface language is this device's own (never synced): the flag's, else the
        // backed-up device's.
        if let Some(l) = lang_flag.or_else(|| Lang::parse(&contents.lang))
            && let Ok(Some(mut p)) = store.profile()
        {
            p.lang = l;
            store.save_profile(&p).map_err(|e| store_failure(lang, &e))?;
        }
        backup::restore_local(store, &contents).map_err(|e| store_failure(lang, &e))?;
        let lang = lang_of(store, lang_flag);
        let failed = |e| store_failure(lang, &e);
        let pupils = store.students().map_err(failed)?.len();
        let cases = store.cases().map_err(failed)?.len();
        let made = chrono::DateTime::from_timestamp_millis(contents.made_at_millis)
            .map(|t| t.with_timezone(&chrono::Local).format("%d/%m/%Y %H:%M").to_string())
            .unwrap_or_default();
        let counts: [&dyn std::fmt::Display; 7] = [
            &name,
            &store.device_id(),
            &keys.account_id(),
            &pupils,
            &cases,
            &done.batches,
            &made,
        ];
        println!("{}", B::Restored.fill(lang, &counts));
        if let Some(h) = &contents.hub {
            println!("{}", B::RestoredHub.fill(lang, &[&h.url]));
        }
        if !contents.readers_accepted.is_empty() {
            println!("{}", B::RestoredReaders.fill(lang, &[&contents.readers_accepted.len()]));
        }
        Ok(())
    })
}

/// A backup whose batches fail their checks was made or altered by someone holding its key.
fn damaged(lang: Lang, name: &str, e: &BundleRefused) -> CliError {
    let reason = match e {
        BundleRefused::Store(e) => return store_failure(lang, e),
        BundleRefused::Bundle(b) => b.code().to_string(),
        BundleRefused::Batch { error, .. } => crate::i18n::sync::seal_error(lang, error),
        BundleRefused::Payload { error, .. } => error.code().to_string(),
        BundleRefused::OtherAccount => "other-account".to_string(),
    };
    CliError::new(Code::Invalid, B::Damaged.fill(lang, &[&name, &reason]))
}

/// Reads a backup file whole, refusing one too large to be a class's.
fn read_backup_file(file: &Path, lang: Lang) -> Result<Vec<u8>, CliError> {
    let cannot = |e: std::io::Error| {
        CliError::new(
            Code::Invalid,
            Account::CannotRead.fill(lang, &[&file.display(), &crate::i18n::io::reason(lang, &e)]),
        )
    };
    let size = std::fs::metadata(file).map_err(cannot)?.len();
    if size > MAX_BACKUP_BYTES {
        return Err(CliError::new(Code::Invalid, B::TooLarge.fill(lang, &[&file.display()])));
    }
    std::fs::read(file).map_err(cannot)
}

/// A new backup passphrase: from [`PASSPHRASE_VAR`], else typed twice on the terminal.
fn new_passphrase(lang: Lang) -> Result<SecretString, CliError> {
    let typed = match from_env() {
        Some(p) => p,
        None => {
            let Some(first) = typed(lang, B::PassphrasePrompt)? else {
                return Err(CliError::new(Code::Invalid, B::NoPassphrase.get(lang)));
            };
            let again = typed(lang, B::PassphraseAgain)?.unwrap_or_default();
            if *again != *first {
                return Err(CliError::new(Code::Invalid, B::PassphraseDiffers.get(lang)));
            }
            first
        }
    };
    if typed.chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(CliError::new(
            Code::Invalid,
            B::PassphraseShort.fill(lang, &[&MIN_PASSPHRASE_CHARS]),
        ));
    }
    Ok(SecretString::from(typed.to_string()))
}

/// The passphrase of a backup to restore: from [`PASSPHRASE_VAR`], else typed once.
fn restore_passphrase(lang: Lang, name: &str) -> Result<SecretString, CliError> {
    let p = match from_env() {
        Some(p) => p,
        None => typed(lang, B::PassphrasePrompt)?
            .ok_or_else(|| CliError::new(Code::Invalid, B::NeedsPassphrase.fill(lang, &[&name])))?,
    };
    Ok(SecretString::from(p.to_string()))
}

fn from_env() -> Option<Zeroizing<String>> {
    std::env::var_os(PASSPHRASE_VAR).map(|v| Zeroizing::new(v.to_string_lossy().into_owned()))
}

/// A passphrase typed on the terminal without echo; `None` when there is no terminal to ask.
fn typed(lang: Lang, prompt: B) -> Result<Option<Zeroizing<String>>, CliError> {
    if !std::io::stdin().is_terminal() {
        return Ok(None);
    }
    rpassword::prompt_password(prompt.get(lang))
        .map(|p| Some(Zeroizing::new(p)))
        .map_err(|e| {
            CliError::new(
                Code::Invalid,
                B::CannotReadPassphrase.fill(lang, &[&crate::i18n::io::reason(lang, &e)]),
            )
        })
}
