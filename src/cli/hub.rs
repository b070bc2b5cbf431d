//! `sotay join`, `sotay invite` and `sotay sync`: the notebook and its hub.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use sotay_wire::api::{EnrolRequest, Enrolled, key_to_text};

use super::commands::{lang_of, open_store, open_with_profile, say_renewed, store_failure};
use super::exit::{CliError, Code};
use super::{HubArgs, JoinArgs};
use crate::clock::Clock;
use crate::hub::{self, Client, Options, Refused, SyncError, SyncReport};
use crate::i18n::Lang;
use crate::i18n::account::S;
use crate::i18n::hub::{self as words, H};
use crate::store::{Binding, Store};
use crate::sync::{AccountKeys, AccountSecret, DeviceKey};

/// The exit code of a failed sync: 6 when the hub is out of reach (nothing lost), 5 when
/// it or a downloaded batch was refused.
pub(super) fn sync_failure(lang: Lang, url: &str, e: &SyncError) -> CliError {
    let code = match e {
        SyncError::Unreachable { .. } => Code::Unreachable,
        SyncError::Refused(_) | SyncError::NotJoined => Code::Invalid,
        SyncError::Store(e) => return store_failure(lang, e),
    };
    CliError::new(code, words::sync_error(lang, url, e))
}

/// The options as given, with the certificate file made absolute (the binding keeps it,
/// and later commands may run from elsewhere).
fn options(args: &HubArgs) -> Options {
    Options {
        ca: args
            .ca
            .as_ref()
            .map(|p| std::path::absolute(p).unwrap_or_else(|_| p.clone())),
        insecure: args.insecure,
    }
}

fn client(lang: Lang, url: &str, token: Option<String>, o: &Options) -> Result<Client, CliError> {
    Client::new(url, token, o).map_err(|e| CliError::new(Code::Invalid, words::setup_error(lang, url, &e)))
}

pub fn join(dir: &Path, args: &JoinArgs, lang_flag: Option<Lang>, clock: Arc<dyn Clock>) -> Result<(), CliError> {
    let fallback = lang_flag.unwrap_or_else(Lang::from_system);
    // Everything that can be checked here is, before any connection.
    let code = sotay_wire::code::normalize(&args.code).map_err(|e| {
        CliError::new(
            Code::Invalid,
            H::BadCode.fill(fallback, &[&args.code, &words::code_error(fallback, &e)]),
        )
    })?;
    let options = options(&args.hub);
    let client = client(fallback, &args.url, None, &options)?;
    match &args.recovery_code {
        Some(rc) => join_new_device(dir, &client, &code, rc, &options, lang_flag, clock),
        None => join_notebook(dir, &client, &code, &options, lang_flag, clock),
    }
}

fn binding(client: &Client, enrolled: &Enrolled, o: &Options) -> Binding {
    Binding {
        url: client.url().to_string(),
        token: enrolled.token.clone(),
        device: enrolled.device,
        ca: o.ca.as_ref().map(|p| p.display().to_string()),
        insecure: o.insecure,
    }
}

fn enrol(
    lang: Lang,
    client: &Client,
    code: &str,
    keys: &AccountKeys,
    device: uuid::Uuid,
    key: &DeviceKey,
) -> Result<Enrolled, CliError> {
    let enrolled = client
        .enrol(&EnrolRequest {
            code: code.to_string(),
            account: keys.account_id(),
            device,
            public_key: key_to_text(&key.public()),
        })
        .map_err(|e| sync_failure(lang, client.url(), &e.into()))?;
    client.set_token(enrolled.token.clone());
    Ok(enrolled)
}

/// `join URL --code CODE` on a notebook with a profile: makes its account if it has none,
/// enrols this device, syncs once. The recovery code of an account made here is printed
/// last, alone on its line, even when the first sync fails (it is shown only now).
fn join_notebook(
    dir: &Path,
    client: &Client,
    code: &str,
    o: &Options,
    lang_flag: Option<Lang>,
    clock: Arc<dyn Clock>,
) -> Result<(), CliError> {
    let (store, lang, _) = open_with_profile(dir, lang_flag, clock)?;
    if let Some(b) = store.hub_binding().map_err(|e| store_failure(lang, &e))? {
        return Err(CliError::new(Code::Invalid, H::AlreadyJoined.fill(lang, &[&b.url])));
    }
    let existing = store.account().map_err(|e| store_failure(lang, &e))?;
    let made = existing.is_none();
    let (secret, key) = match existing {
        Some(s) => (s, store.device_key().map_err(|e| store_failure(lang, &e))?),
        // Made in memory and written only once the hub took the device: a refused code
        // leaves the notebook as it was.
        None => (AccountSecret::generate(), DeviceKey::generate()),
    };
    let keys = AccountKeys::from_secret(&secret);
    let enrolled = enrol(lang, client, code, &keys, store.device_id(), &key)?;
    if made {
        store
            .set_account_with_key(&secret, &key)
            .map_err(|e| store_failure(lang, &e))?;
    }
    store
        .set_hub_binding(&binding(client, &enrolled, o))
        .map_err(|e| store_failure(lang, &e))?;
    println!("{}", joined(lang, client, &enrolled));
    let synced = first_sync(&store, client, lang);
    if made {
        println!("{}", S::AccountMade.fill(lang, &[&keys.account_id()]));
        println!("{}", secret.recovery_code());
    }
    synced
}

/// `join URL --code CODE --recovery-code RC` in an empty folder: a new device of the
/// account, enrolled, then everything pulled. A refusal before the hub took the device
/// leaves the folder as empty as it was; after, the device stays (`sotay sync` goes on).
fn join_new_device(
    dir: &Path,
    client: &Client,
    code: &str,
    rc: &str,
    o: &Options,
    lang_flag: Option<Lang>,
    clock: Arc<dyn Clock>,
) -> Result<(), CliError> {
    let lang = lang_flag.unwrap_or_else(Lang::from_system);
    let secret = super::sync::recovery_secret(lang, rc)?;
    super::sync::must_be_empty(lang, dir)?;
    let keys = AccountKeys::from_secret(&secret);
    let key = DeviceKey::generate();
    let store = super::sync::create_device_store(dir, lang, clock)?;
    let enrolled = match enrol(lang, client, code, &keys, store.device_id(), &key) {
        Ok(e) => e,
        Err(e) => {
            drop(store);
            empty_folder(dir);
            return Err(e);
        }
    };
    store
        .set_account_with_key(&secret, &key)
        .and_then(|()| store.set_hub_binding(&binding(client, &enrolled, o)))
        .map_err(|e| store_failure(lang, &e))?;
    println!("{}", joined(lang, client, &enrolled));
    let synced = first_sync(&store, client, lang);
    if let Some(l) = lang_flag
        && let Ok(Some(mut p)) = store.profile()
    {
        // The interface language is this device's own (never synced).
        p.lang = l;
        store.save_profile(&p).map_err(|e| store_failure(lang, &e))?;
    }
    synced
}

/// Takes out what a refused join made in a folder that was empty.
fn empty_folder(dir: &Path) {
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

fn joined(lang: Lang, client: &Client, e: &Enrolled) -> String {
    H::Joined.fill(
        lang,
        &[&client.url(), &e.class, &e.school_code, &e.school_year, &e.device],
    )
}

/// The sync right after joining; its failure says the join itself was done.
fn first_sync(store: &Store, client: &Client, lang: Lang) -> Result<(), CliError> {
    let lang = lang_of(store, Some(lang));
    run_sync(store, client, lang).map_err(|e| CliError {
        message: H::FirstSyncFailed.fill(lang, &[&e.message]),
        ..e
    })
}

/// Syncs once and prints what moved.
fn run_sync(store: &Store, client: &Client, lang: Lang) -> Result<(), CliError> {
    match hub::sync_once(store, client) {
        Ok(report) => {
            print_report(store, lang, &report);
            Ok(())
        }
        Err(SyncError::Refused(Refused::Batches { refused, report })) => {
            print_report(store, lang, &report);
            let e = SyncError::Refused(Refused::Batches {
                refused,
                report: report.clone(),
            });
            Err(sync_failure(lang, client.url(), &e))
        }
        Err(e) => Err(sync_failure(lang, client.url(), &e)),
    }
}

fn print_report(store: &Store, lang: Lang, r: &SyncReport) {
    let lang = lang_of(store, Some(lang));
    if let Some(id) = r.enrolled {
        super::say(&H::Enrolled.fill(lang, &[&id]));
    }
    if let Some(id) = r.renewed {
        super::say(&S::Renewed.fill(lang, &[&id]));
    }
    println!("{}", words::report(lang, r));
    if r.dropped > 0 {
        println!("{}", S::Dropped.fill(lang, &[&r.dropped]));
    }
}

/// The notebook and its binding, for `invite` and `sync`.
pub(super) fn joined_store(
    dir: &Path,
    lang_flag: Option<Lang>,
    clock: Arc<dyn Clock>,
) -> Result<(Store, Lang, Binding), CliError> {
    let fallback = lang_flag.unwrap_or_else(Lang::from_system);
    if !crate::store::exists(dir) {
        return Err(CliError::new(Code::Invalid, H::NotJoined.get(fallback)));
    }
    let store = open_store(dir, fallback, clock)?;
    let lang = lang_of(&store, lang_flag);
    say_renewed(&store, lang);
    let binding = store
        .hub_binding()
        .map_err(|e| store_failure(lang, &e))?
        .ok_or_else(|| CliError::new(Code::Invalid, H::NotJoined.get(lang)))?;
    Ok((store, lang, binding))
}

pub fn invite(dir: &Path, lang_flag: Option<Lang>, clock: Arc<dyn Clock>) -> Result<(), CliError> {
    let (_store, lang, b) = joined_store(dir, lang_flag, clock)?;
    let client = hub::client_for(&b).map_err(|e| CliError::new(Code::Invalid, words::setup_error(lang, &b.url, &e)))?;
    let invite = client.invite().map_err(|e| sync_failure(lang, &b.url, &e.into()))?;
    println!("{}", H::Invite.fill(lang, &[&invite.expires_at, &b.url]));
    // Alone on the last line, so a script can take it.
    println!("{}", invite.code);
    Ok(())
}

pub fn sync(dir: &Path, args: &HubArgs, lang_flag: Option<Lang>, clock: Arc<dyn Clock>) -> Result<(), CliError> {
    let (store, lang, mut b) = joined_store(dir, lang_flag, clock)?;
    let given = options(args);
    let changed = given.ca.is_some() || (given.insecure && !b.insecure);
    if let Some(ca) = &given.ca {
        b.ca = Some(ca.display().to_string());
    }
    b.insecure |= given.insecure;
    let o = Options {
        ca: b.ca.as_ref().map(PathBuf::from),
        insecure: b.insecure,
    };
    let client = client(lang, &b.url, Some(b.token.clone()), &o)?;
    if changed {
        // Kept for the next syncs (and the interface's) once it is known to be usable.
        store.set_hub_binding(&b).map_err(|e| store_failure(lang, &e))?;
    }
    run_sync(&store, &client, lang)
}
