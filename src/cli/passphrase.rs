//! The passphrase on the command line: where a command gets it (`SOTAY_PASSPHRASE`, else
//! asked on the terminal), and `sotay passphrase set|remove`.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;

use super::PassphraseCommand;
use super::commands::{lang_of, store_failure};
use super::exit::{CliError, Code};
use crate::clock::Clock;
use crate::i18n::Lang;
use crate::i18n::common::C;
use crate::i18n::lock::L;
use crate::store::{MIN_PASSPHRASE_CHARS, Passphrase, Protected, Store, StoreError, Unlock, WRONG_PASSPHRASE_PAUSE};

/// Gives the notebook's passphrase to scripts. Less safe than typing it: other programs of
/// the same user can read a process's environment (docs/security.md).
pub const ENV: &str = "SOTAY_PASSPHRASE";
/// Gives `sotay passphrase set` the new passphrase.
pub const ENV_NEW: &str = "SOTAY_NEW_PASSPHRASE";
/// How many times a command asks on the terminal before it gives up (each wrong one is
/// slowed; a new command may try again at once: nothing is ever locked out).
const TRIES: usize = 3;

/// The passphrase `SOTAY_PASSPHRASE` gives, if it is set.
fn from_env() -> Option<Passphrase> {
    std::env::var(ENV).ok().map(|p| Passphrase::new(&p))
}

/// Opens the notebook in `dir` (creating it if there is none), with `SOTAY_PASSPHRASE` or,
/// on a terminal, the passphrase typed. Returns what opened it too.
pub(super) fn open_with(dir: &Path, lang: Lang, clock: Arc<dyn Clock>) -> Result<(Store, Unlock), CliError> {
    let from_env = from_env();
    let mut unlock = from_env.clone().map(Unlock::with).unwrap_or_default();
    let mut tries = 0;
    loop {
        match Store::open_unlocked(dir, clock.clone(), &unlock) {
            Ok(store) => return Ok((store, unlock)),
            Err(e @ StoreError::WrongPassphrase { .. }) => {
                std::thread::sleep(WRONG_PASSPHRASE_PAUSE);
                if from_env.is_some() || tries >= TRIES || !std::io::stdin().is_terminal() {
                    return Err(store_failure(lang, &e));
                }
            }
            Err(e @ StoreError::NeedsPassphrase { .. }) if !std::io::stdin().is_terminal() => {
                return Err(store_failure(lang, &e));
            }
            Err(StoreError::NeedsPassphrase { .. }) => {}
            Err(e) => return Err(store_failure(lang, &e)),
        }
        tries += 1;
        unlock = Unlock::with(ask(lang, L::Prompt.get(lang))?);
    }
}

/// [`open_with`], for the commands that need only the store.
pub(super) fn open(dir: &Path, lang: Lang, clock: Arc<dyn Clock>) -> Result<Store, CliError> {
    open_with(dir, lang, clock).map(|(store, _)| store)
}

/// A passphrase typed on the terminal, not shown.
fn ask(lang: Lang, prompt: &str) -> Result<Passphrase, CliError> {
    if !std::io::stdin().is_terminal() {
        return Err(CliError::new(Code::Passphrase, L::NoTerminal.fill(lang, &[&ENV])));
    }
    let typed = zeroize::Zeroizing::new(
        rpassword::prompt_password(prompt)
            .map_err(|_| CliError::new(Code::Passphrase, L::NoTerminal.fill(lang, &[&ENV])))?,
    );
    Ok(Passphrase::new(&typed))
}

/// A new passphrase: `SOTAY_NEW_PASSPHRASE` (or `env` when given), else typed twice.
fn choose(lang: Lang, env: &str) -> Result<Passphrase, CliError> {
    let too_short = || CliError::new(Code::Invalid, L::TooShort.fill(lang, &[&MIN_PASSPHRASE_CHARS]));
    if let Ok(p) = std::env::var(env) {
        return Passphrase::chosen(&p).map_err(|_| too_short());
    }
    if !std::io::stdin().is_terminal() {
        return Err(CliError::new(Code::Invalid, L::NoTerminal.fill(lang, &[&env])));
    }
    let read = |prompt: &str| {
        rpassword::prompt_password(prompt)
            .map(zeroize::Zeroizing::new)
            .map_err(|_| CliError::new(Code::Invalid, L::NoTerminal.fill(lang, &[&env])))
    };
    let first = read(&L::NewPrompt.fill(lang, &[&MIN_PASSPHRASE_CHARS]))?;
    let chosen = Passphrase::chosen(&first).map_err(|_| too_short())?;
    let again = read(L::RepeatPrompt.get(lang))?;
    if Passphrase::new(&again).matches(&chosen) {
        Ok(chosen)
    } else {
        Err(CliError::new(Code::Invalid, L::Mismatch.get(lang)))
    }
}

/// `sotay init` with `SOTAY_PASSPHRASE` set: the passphrase a new notebook gets, checked
/// before anything is made.
pub(super) fn for_new_notebook(lang: Lang) -> Result<Option<Passphrase>, CliError> {
    match std::env::var(ENV) {
        Ok(_) => choose(lang, ENV).map(Some),
        Err(_) => Ok(None),
    }
}

/// Locks the notebook just made in `dir` with `passphrase` (before anything about a pupil
/// or a teacher is in it), and opens it again.
pub(super) fn lock_new(dir: &Path, store: Store, passphrase: &Passphrase, lang: Lang) -> Result<Store, CliError> {
    if store.has_passphrase() {
        return Ok(store);
    }
    let clock = store.clock().clone();
    drop(store);
    crate::store::protect(dir, clock.clone(), &Unlock::none(), Some(passphrase))
        .map_err(|e| store_failure(lang, &e))?;
    println!("{}", L::On.get(lang));
    println!("{}", L::Forgotten.get(lang));
    Store::open_unlocked(dir, clock, &Unlock::with(passphrase.clone())).map_err(|e| store_failure(lang, &e))
}

/// `sotay passphrase set|remove`.
pub fn passphrase(
    dir: &Path,
    c: &PassphraseCommand,
    lang_flag: Option<Lang>,
    clock: Arc<dyn Clock>,
) -> Result<(), CliError> {
    let fallback = lang_flag.unwrap_or_else(Lang::from_system);
    if !crate::store::exists(dir) {
        return Err(CliError::new(Code::Invalid, C::NoProfile.get(fallback)));
    }
    // The new passphrase is checked before the notebook is opened: a refused one leaves
    // the notebook exactly as it was.
    let new = match c {
        PassphraseCommand::Set => Some(choose(fallback, ENV_NEW)?),
        PassphraseCommand::Remove => None,
    };
    let (store, unlock) = open_with(dir, fallback, clock.clone())?;
    let lang = lang_of(&store, lang_flag);
    let has_account = store.account().map_err(|e| store_failure(lang, &e))?.is_some();
    if new.is_none() && !store.has_passphrase() {
        return Err(CliError::new(Code::Invalid, L::NoneSet.get(lang)));
    }
    drop(store);
    let done = crate::store::protect(dir, clock, &unlock, new.as_ref()).map_err(|e| store_failure(lang, &e))?;
    match done {
        Protected::On => println!("{}", L::On.get(lang)),
        Protected::Changed => println!("{}", L::Changed.get(lang)),
        Protected::Off => println!("{}", L::Off.get(lang)),
        Protected::Unchanged => println!("{}", L::NoneSet.get(lang)),
    }
    if new.is_some() {
        println!("{}", L::Forgotten.get(lang));
        if !has_account {
            super::say(L::NoAccount.get(lang));
        }
    }
    Ok(())
}
