//! `sotay account …` and `sotay bundle …`: the account's recovery code, and bundles of
//! sealed batches moved by hand.

use std::io::BufRead;
use std::path::Path;
use std::sync::Arc;

use super::commands::{lang_of, open_store, open_with_profile, store_failure};
use super::exit::{CliError, Code};
use super::{AccountCommand, BundleCommand};
use crate::clock::Clock;
use crate::i18n::Lang;
use crate::i18n::account::{self as words, S};
use crate::i18n::export::E;
use crate::report::output;
use crate::store::Store;
use crate::sync::account::{AccountKeys, AccountSecret};
use crate::sync::exchange::{self, BundleRefused, Imported};

/// The largest bundle read: a class's whole school year is a few hundred kB; a file far
/// larger is not a bundle of one class, and is refused before it is read into memory.
pub const MAX_BUNDLE_BYTES: u64 = 256 << 20;

pub fn account(dir: &Path, c: &AccountCommand, lang_flag: Option<Lang>, clock: Arc<dyn Clock>) -> Result<(), CliError> {
    let (store, lang, _) = open_with_profile(dir, lang_flag, clock)?;
    match c {
        AccountCommand::New => {
            if store.account().map_err(|e| store_failure(lang, &e))?.is_some() {
                return Err(store_failure(lang, &crate::store::StoreError::AccountExists));
            }
            let secret = AccountSecret::generate();
            store.set_account(&secret).map_err(|e| store_failure(lang, &e))?;
            let keys = AccountKeys::from_secret(&secret);
            println!("{}", S::AccountMade.fill(lang, &[&keys.account_id()]));
            // Alone on the last line, so a script can take it.
            println!("{}", secret.recovery_code());
            Ok(())
        }
        AccountCommand::ShowRecoveryCode => {
            let secret = store
                .account()
                .map_err(|e| store_failure(lang, &e))?
                .ok_or_else(|| store_failure(lang, &crate::store::StoreError::NoAccount))?;
            eprintln!("{}", S::ShowCodeQuestion.get(lang));
            let mut answer = String::new();
            let _ = std::io::stdin().lock().read_line(&mut answer);
            if is_yes(&answer) {
                println!("{}", secret.recovery_code());
            } else {
                println!("{}", S::NotShown.get(lang));
            }
            Ok(())
        }
    }
}

pub fn bundle(dir: &Path, c: &BundleCommand, lang_flag: Option<Lang>, clock: Arc<dyn Clock>) -> Result<(), CliError> {
    match c {
        BundleCommand::Export { output, force } => {
            let (store, lang, _) = open_with_profile(dir, lang_flag, clock)?;
            if !force && output.symlink_metadata().is_ok() {
                return Err(CliError::new(
                    Code::Invalid,
                    E::FileExistsUseForce.fill(lang, &[&output.display()]),
                ));
            }
            let (bytes, batches) = exchange::export(&store).map_err(|e| store_failure(lang, &e))?;
            write_file(lang, output, &bytes, *force)?;
            exchange::note_export(&store, batches).map_err(|e| store_failure(lang, &e))?;
            println!(
                "{}",
                S::Written.fill(lang, &[&batches, &bytes.len().div_ceil(1024), &output.display()])
            );
            Ok(())
        }
        BundleCommand::Import { file, recovery_code } => {
            let fallback = lang_flag.unwrap_or_else(Lang::from_system);
            let bytes = read_bundle_file(file, fallback)?;
            match recovery_code {
                None => {
                    let (store, lang, _) = open_with_profile(dir, lang_flag, clock)?;
                    let done = exchange::import(&store, &bytes).map_err(|e| refused(lang, file, &e))?;
                    report(lang, &done)
                }
                Some(code) => new_device(dir, file, &bytes, code, lang_flag, clock),
            }
        }
    }
}

/// `bundle import --recovery-code`: a new device of the account, made in an empty folder
/// from a bundle. Everything is checked before the folder is touched; a failure after
/// that leaves the folder as empty as it was found.
fn new_device(
    dir: &Path,
    file: &Path,
    bytes: &[u8],
    code: &str,
    lang_flag: Option<Lang>,
    clock: Arc<dyn Clock>,
) -> Result<(), CliError> {
    let lang = lang_flag.unwrap_or_else(Lang::from_system);
    let secret = recovery_secret(lang, code)?;
    let keys = AccountKeys::from_secret(&secret);
    match exchange::account_of(bytes).map_err(|e| refused(lang, file, &e))? {
        Some(account) if account == keys.account_id() => {}
        Some(_) => {
            return Err(CliError::new(
                Code::Invalid,
                S::WrongCode.fill(lang, &[&file.display()]),
            ));
        }
        None => return Err(CliError::new(Code::Invalid, S::Empty.fill(lang, &[&file.display()]))),
    }
    // Every batch verified and opened before anything is made.
    exchange::open_all(&keys, bytes).map_err(|e| refused(lang, file, &e))?;
    make_device(dir, &secret, lang, clock, |store| {
        let done = exchange::import(store, bytes).map_err(|e| refused(lang, file, &e))?;
        if let Some(l) = lang_flag
            && let Ok(Some(mut p)) = store.profile()
        {
            // The interface language is this device's own (never synced).
            p.lang = l;
            store.save_profile(&p).map_err(|e| store_failure(lang, &e))?;
        }
        let lang = lang_of(store, lang_flag);
        report(lang, &done)
    })
}

/// Makes a new device of the account `secret` in the folder `dir`, which must be missing or
/// empty, then lets `fill` apply what the device starts from (a bundle, a backup). The
/// caller has verified everything beforehand; a failure from here on leaves the folder as
/// empty as it was found.
pub(super) fn make_device<T>(
    dir: &Path,
    secret: &AccountSecret,
    lang: Lang,
    clock: Arc<dyn Clock>,
    fill: impl FnOnce(&Store) -> Result<T, CliError>,
) -> Result<T, CliError> {
    must_be_empty(lang, dir)?;
    let made = (|| {
        let store = create_device_store(dir, lang, clock)?;
        store.set_account(secret).map_err(|e| store_failure(lang, &e))?;
        fill(&store)
        // The store closes here, before a failure empties the folder.
    })();
    if made.is_err() {
        // Nothing half-made stays: the folder was empty.
        if let Ok(entries) = std::fs::read_dir(dir) {
            for e in entries.flatten() {
                let p = e.path();
                let _ = if p.is_dir() {
                    std::fs::remove_dir_all(&p)
                } else {
                    std::fs::remove_file(&p)
                };
            }
        }
    }
    made
}

/// Creates the notebook of a new device of an existing account (`bundle import
/// --recovery-code`, `restore`) in an empty folder: the one place such a notebook is made.
/// With `SOTAY_PASSPHRASE` set it is locked before anything is written to it, as `sotay
/// init` does.
pub(super) fn create_device_store(dir: &Path, lang: Lang, clock: Arc<dyn Clock>) -> Result<Store, CliError> {
    let lock_with = super::passphrase::for_new_notebook(lang)?;
    let store = open_store(dir, lang, clock)?;
    match &lock_with {
        Some(p) => super::passphrase::lock_new(dir, store, p, lang),
        None => Ok(store),
    }
}

/// Writes a file made here (a bundle, a backup) whole or not at all, owner-only; an
/// existing file only with `force` (exit 5 otherwise).
pub(super) fn write_file(lang: Lang, path: &Path, bytes: &[u8], force: bool) -> Result<(), CliError> {
    output::write(path, bytes, force).map_err(|e| match e {
        output::WriteError::Exists(p) => {
            CliError::new(Code::Invalid, E::FileExistsUseForce.fill(lang, &[&p.display()]))
        }
        e => CliError::new(Code::Failure, output::error_message(lang, &e)),
    })
}

/// Reads a bundle file whole, refusing one too large to be a class's.
fn read_bundle_file(file: &Path, lang: Lang) -> Result<Vec<u8>, CliError> {
    let cannot = |e: std::io::Error| {
        CliError::new(
            Code::Invalid,
            S::CannotRead.fill(lang, &[&file.display(), &crate::i18n::io::reason(lang, &e)]),
        )
    };
    let size = std::fs::metadata(file).map_err(cannot)?.len();
    if size > MAX_BUNDLE_BYTES {
        return Err(CliError::new(
            Code::Invalid,
            S::NotABundle.fill(lang, &[&file.display()]),
        ));
    }
    std::fs::read(file).map_err(cannot)
}

/// Prints what an import did; exits 5 when a batch was refused (the others were applied).
fn report(lang: Lang, done: &Imported) -> Result<(), CliError> {
    println!(
        "{}",
        S::Imported.fill(lang, &[&done.applied, &done.already, &done.refused_changes()])
    );
    if let Some(id) = done.renewed {
        crate::cli::say(&S::Renewed.fill(lang, &[&id]));
    }
    if done.dropped > 0 {
        println!("{}", S::Dropped.fill(lang, &[&done.dropped]));
    }
    all_applied(lang, done)
}

/// Exit 5 naming each batch refused, if any was (the others were applied).
pub(super) fn all_applied(lang: Lang, done: &Imported) -> Result<(), CliError> {
    if done.refused.is_empty() {
        return Ok(());
    }
    let reasons: Vec<String> = done
        .refused
        .iter()
        .map(|(device, number, _, r)| S::RefusedBatch.fill(lang, &[number, device, &words::refusal(lang, r)]))
        .collect();
    Err(CliError::new(Code::Invalid, reasons.join("\n")))
}

pub(super) fn refused(lang: Lang, file: &Path, e: &BundleRefused) -> CliError {
    match e {
        BundleRefused::Store(e) => store_failure(lang, e),
        e => CliError::new(
            Code::Invalid,
            words::bundle_refused(lang, &file.display().to_string(), e),
        ),
    }
}

/// A yes typed at a question: c, có, y or yes, any case.
fn is_yes(answer: &str) -> bool {
    matches!(answer.trim().to_lowercase().as_str(), "c" | "có" | "co" | "y" | "yes")
}

/// The account's secret from a typed recovery code, or the message naming what is wrong.
pub(super) fn recovery_secret(lang: Lang, code: &str) -> Result<AccountSecret, CliError> {
    AccountSecret::from_recovery_code(code)
        .map_err(|e| CliError::new(Code::Invalid, crate::i18n::sync::recovery_code_error(lang, &e)))
}

/// A new device is made only in a folder that is missing or empty.
pub(super) fn must_be_empty(lang: Lang, dir: &Path) -> Result<(), CliError> {
    let empty = !dir.exists() || std::fs::read_dir(dir).map(|mut d| d.next().is_none()).unwrap_or(false);
    match empty {
        true => Ok(()),
        false => Err(CliError::new(Code::Invalid, S::NotEmpty.fill(lang, &[&dir.display()]))),
    }
}
