//! What each command does. Each returns a `CliError` with its exit code on failure and
//! changes nothing then.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::exit::{CliError, Code};
use super::{Cli, Command, InitArgs, KeysCommand, ReadersCommand, ReportCommand};
use crate::clock::{Clock, SystemClock};
use crate::domain::ProfileInput;
use crate::i18n::cli::Cli as S;
use crate::i18n::common::C;
use crate::i18n::{Lang, domain as dw};
use crate::store::{Store, StoreError, store_error_message};

pub fn run(cli: Cli) -> Result<(), CliError> {
    let lang_flag = match cli.lang.as_deref() {
        None => None,
        Some(s) => Some(
            Lang::parse(s).ok_or_else(|| CliError::new(Code::Invalid, S::BadLang.fill(Lang::from_system(), &[&s])))?,
        ),
    };
    crate::panic::set_lang(lang_flag.unwrap_or_else(Lang::from_system));
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    match cli.command {
        Some(Command::Init(ref args)) => init(&data_dir(&cli, lang_flag)?, args, lang_flag, clock),
        Some(Command::Import { ref file, dry_run }) => {
            import(&data_dir(&cli, lang_flag)?, file, dry_run, lang_flag, clock)
        }
        Some(Command::Demo { students, seed }) => {
            let lang = lang_flag.unwrap_or_else(Lang::from_system);
            let dir = cli
                .data_dir
                .clone()
                .ok_or_else(|| CliError::new(Code::Invalid, S::DemoNeedsDir.get(lang)))?;
            let made = demo(&dir, students, seed, lang, clock)?;
            println!("{}", C::DemoDone.fill(lang, &[&students, &dir.display()]));
            let counts: [&dyn std::fmt::Display; 4] = [
                &made.cases.len(),
                &made.visits.len(),
                &made.supports.len(),
                &made.sessions.len(),
            ];
            println!("{}", S::DemoFollowUp.fill(lang, &counts));
            Ok(())
        }
        Some(Command::Export(ref args)) => super::report::export(&data_dir(&cli, lang_flag)?, args, lang_flag, clock),
        Some(Command::Report(ReportCommand::Merge(ref args))) => super::report::merge(args, lang_flag, clock),
        Some(Command::Report(ReportCommand::Pull(ref args))) => super::pull::pull(args, lang_flag, clock),
        Some(Command::Readers { ref action }) => {
            let dir = data_dir(&cli, lang_flag)?;
            match action {
                None => super::readers::list(&dir, lang_flag, clock),
                Some(ReadersCommand::Accept { fingerprint }) => {
                    super::readers::accept(&dir, &fingerprint.join(" "), lang_flag, clock)
                }
            }
        }
        Some(Command::Keys(KeysCommand::AccountIdentity {
            ref output,
            ref recovery_code,
            force,
        })) => super::keys::account_identity(output, recovery_code, force, lang_flag),
        Some(Command::Keys(KeysCommand::NewReportKey { ref output, force })) => {
            super::keys::new_report_key(output, force, lang_flag, clock)
        }
        Some(Command::Passphrase(ref c)) => {
            super::passphrase::passphrase(&data_dir(&cli, lang_flag)?, c, lang_flag, clock)
        }
        Some(Command::Account(ref c)) => super::sync::account(&data_dir(&cli, lang_flag)?, c, lang_flag, clock),
        Some(Command::Bundle(ref c)) => super::sync::bundle(&data_dir(&cli, lang_flag)?, c, lang_flag, clock),
        Some(Command::Backup {
            ref output,
            force,
            passphrase,
        }) => super::backup::backup(&data_dir(&cli, lang_flag)?, output, force, passphrase, lang_flag, clock),
        Some(Command::Restore {
            ref file,
            ref recovery_code,
        }) => super::backup::restore(
            &data_dir(&cli, lang_flag)?,
            file,
            recovery_code.as_deref(),
            lang_flag,
            clock,
        ),
        Some(Command::Join(ref args)) => super::hub::join(&data_dir(&cli, lang_flag)?, args, lang_flag, clock),
        Some(Command::Invite) => super::hub::invite(&data_dir(&cli, lang_flag)?, lang_flag, clock),
        Some(Command::Sync(ref args)) => super::hub::sync(&data_dir(&cli, lang_flag)?, args, lang_flag, clock),
        None if cli.demo => {
            let lang = lang_flag.unwrap_or_else(Lang::from_system);
            let tmp = tempfile::tempdir().map_err(|e| CliError::new(Code::Failure, S::TempDir.fill(lang, &[&e])))?;
            // Said nothing: the folder is gone when the interface closes.
            demo(tmp.path(), 40, 1, lang, clock.clone())?;
            // The folder and everything in it go when `tmp` drops, after the interface closes.
            open_tui(tmp.path(), &cli, lang_flag, clock)
        }
        None => open_tui(&data_dir(&cli, lang_flag)?, &cli, lang_flag, clock),
    }
}

/// `--data-dir`, `SOTAY_DATA_DIR`, or the user's data folder.
fn data_dir(cli: &Cli, lang: Option<Lang>) -> Result<PathBuf, CliError> {
    if let Some(d) = &cli.data_dir {
        return Ok(d.clone());
    }
    directories::ProjectDirs::from("vn", "sotay", "sotay")
        .map(|p| p.data_dir().to_path_buf())
        .ok_or_else(|| CliError::new(Code::Failure, C::NoDataDir.get(lang.unwrap_or_else(Lang::from_system))))
}

/// Opens the notebook, with its passphrase if it has one (see `passphrase::open`).
pub(super) fn open_store(dir: &Path, lang: Lang, clock: Arc<dyn Clock>) -> Result<Store, CliError> {
    super::passphrase::open(dir, lang, clock)
}

pub(super) fn store_failure(lang: Lang, e: &StoreError) -> CliError {
    let code = match e {
        StoreError::Locked { .. } => Code::Locked,
        StoreError::Damaged { .. } | StoreError::NewerSchema { .. } => Code::Damaged,
        StoreError::NeedsPassphrase { .. } | StoreError::WrongPassphrase { .. } => Code::Passphrase,
        StoreError::Io { .. } | StoreError::NoRoom { .. } => Code::Failure,
        StoreError::Refused(_) | StoreError::NoAccount | StoreError::AccountExists | StoreError::Deleted { .. } => {
            Code::Invalid
        }
    };
    CliError::new(code, store_error_message(lang, e))
}

/// Opens a notebook that must already exist and have a profile, for the commands that work
/// on one (import, export): a missing notebook is not created just to say it has no
/// profile. Messages from then on are in the teacher's language, which comes back too.
pub(super) fn open_with_profile(
    dir: &Path,
    lang_flag: Option<Lang>,
    clock: Arc<dyn Clock>,
) -> Result<(Store, Lang, crate::domain::Profile), CliError> {
    let fallback = lang_flag.unwrap_or_else(Lang::from_system);
    if !crate::store::exists(dir) {
        return Err(CliError::new(Code::Invalid, C::NoProfile.get(fallback)));
    }
    let store = open_store(dir, fallback, clock)?;
    let lang = lang_of(&store, lang_flag);
    say_renewed(&store, lang);
    let profile = store
        .profile()
        .map_err(|e| store_failure(lang, &e))?
        .ok_or_else(|| CliError::new(Code::Invalid, C::NoProfile.get(lang)))?;
    crate::panic::test_point("opened");
    Ok((store, lang, profile))
}

/// Says, once, that this notebook took a new device id as it opened: it was found to be a
/// copy. Whichever command opened it says so, since only that open finds it out.
pub(super) fn say_renewed(store: &Store, lang: Lang) {
    if let Some(id) = store.renewed_at_open() {
        super::say(&crate::i18n::account::S::Renewed.fill(lang, &[&id]));
    }
}

/// The language of messages: the flag, then the profile's, then the system's.
/// A fault from then on is said in it too.
pub(super) fn lang_of(store: &Store, flag: Option<Lang>) -> Lang {
    let lang = flag
        .or_else(|| store.profile().ok().flatten().map(|p| p.lang))
        .unwrap_or_else(Lang::from_system);
    crate::panic::set_lang(lang);
    lang
}

fn init(dir: &Path, a: &InitArgs, lang_flag: Option<Lang>, clock: Arc<dyn Clock>) -> Result<(), CliError> {
    let fallback = lang_flag.unwrap_or_else(Lang::from_system);
    let input = ProfileInput {
        teacher: a.teacher.clone(),
        school: a.school.clone(),
        school_code: a.school_code.clone(),
        commune: a.commune.clone().unwrap_or_default(),
        province: a.province.clone().unwrap_or_default(),
        class: a.class.clone(),
        school_year: a.school_year.clone(),
        lang: fallback.code().into(),
        trained_on: a.trained_on.clone().unwrap_or_default(),
    };
    // Checked before the notebook is opened, so a refused command creates nothing.
    let mut profile = input.validate(clock.today()).map_err(|errs| {
        let all: Vec<String> = errs.0.iter().map(|e| dw::field_error(fallback, e)).collect();
        CliError::new(Code::Invalid, S::InvalidProfile.fill(fallback, &[&all.join("; ")]))
    })?;
    let locked_with = super::passphrase::for_new_notebook(fallback)?;
    let mut store = open_store(dir, fallback, clock)?;
    if let Some(p) = &locked_with {
        store = super::passphrase::lock_new(dir, store, p, fallback)?;
    }
    profile.lang = lang_of(&store, lang_flag);
    let lang = profile.lang;
    say_renewed(&store, lang);
    store.save_profile(&profile).map_err(|e| store_failure(lang, &e))?;
    println!(
        "{}",
        C::InitDone.fill(lang, &[&profile.teacher, &profile.class, &profile.school_year])
    );
    Ok(())
}

fn import(
    dir: &Path,
    file: &Path,
    dry_run: bool,
    lang_flag: Option<Lang>,
    clock: Arc<dyn Clock>,
) -> Result<(), CliError> {
    let fallback = lang_flag.unwrap_or_else(Lang::from_system);
    // Read the file, and make sure there is a notebook, before opening it: a refused
    // import must leave no new notebook behind.
    let table = crate::import::read_table(file).map_err(|e| {
        // In the notebook's language when there is one: opening an existing notebook
        // creates nothing.
        let lang = match crate::store::exists(dir) {
            true => open_with_profile(dir, lang_flag, clock.clone()).map_or(fallback, |(_, lang, _)| lang),
            false => fallback,
        };
        CliError::new(Code::Invalid, crate::import::error_message(&e, lang))
    })?;
    let (store, lang, profile) = open_with_profile(dir, lang_flag, clock.clone())?;
    let existing = store.students().map_err(|e| store_failure(lang, &e))?;
    let plan = crate::import::plan(&table, &existing, &profile.class, profile.school_year, clock.today())
        .map_err(|e| CliError::new(Code::Invalid, crate::import::error_message(&e, lang)))?;
    let counts: [&dyn std::fmt::Display; 3] = [&plan.new.len(), &plan.already_present.len(), &plan.skipped.len()];
    if dry_run {
        println!("{}", crate::import::describe(&plan, lang, true).trim_end());
        println!("{}", S::DryRunCounts.fill(lang, &counts));
        return Ok(());
    }
    // Saved first, so nothing on screen says "imported" unless it is on disk.
    store
        .save_imported(plan.new.clone())
        .map_err(|e| store_failure(lang, &e))?;
    println!("{}", crate::import::describe(&plan, lang, false).trim_end());
    println!("{}", S::ImportCounts.fill(lang, &counts));
    Ok(())
}

/// Fills the empty notebook in `dir` with a demo, and returns what it put there.
///
/// All or nothing: the demo is written into a folder beside `dir` and takes `dir`'s place
/// only once it is whole, so a demo cut short (killed, or a full disk) leaves `dir` as it
/// was, not a notebook that opens as if whole with half a school in it.
fn demo(
    dir: &Path,
    students: usize,
    seed: u64,
    lang: Lang,
    clock: Arc<dyn Clock>,
) -> Result<crate::demo::Demo, CliError> {
    if !(1..=200_000).contains(&students) {
        return Err(CliError::new(Code::Invalid, S::DemoTooMany.get(lang)));
    }
    let refused = |message: C| CliError::new(Code::Invalid, message.fill(lang, &[&dir.display()]));
    let io_failure = |e: std::io::Error| {
        let e = crate::store::StoreError::Io {
            path: dir.to_path_buf(),
            source: e,
        };
        store_failure(lang, &e)
    };
    // An empty folder, or a notebook with nothing in it (opened once and closed) and
    // nothing beside it, is replaced; anything else is refused.
    let is_notebook = dir.is_dir() && crate::store::exists(dir);
    let only_ours = if is_notebook {
        crate::store::holds_only_the_notebook(dir).map_err(io_failure)?
    } else {
        !dir.is_dir() || std::fs::read_dir(dir).map_err(io_failure)?.next().is_none()
    };
    // Before the notebook is opened: opening lets sled rewrite its files, and a folder
    // refused is left as it was.
    if !only_ours {
        return Err(refused(C::DemoFolderNotEmpty));
    }
    if is_notebook {
        let store = open_store(dir, lang, clock.clone())?;
        let has_data = store.profile().map_err(|e| store_failure(lang, &e))?.is_some()
            || !store.students().map_err(|e| store_failure(lang, &e))?.is_empty();
        if has_data {
            return Err(refused(C::DemoNotEmpty));
        }
    }
    // Absolute, so the folder beside it is found for `.` and `..` too.
    let target = std::path::absolute(dir).map_err(io_failure)?;
    let target = match target.file_name() {
        Some(_) => target,
        None => target.canonicalize().map_err(io_failure)?,
    };
    let partial = partial_dir(&target);
    if partial.exists() {
        // Left by a demo cut short.
        std::fs::remove_dir_all(&partial).map_err(io_failure)?;
    }
    // With SOTAY_PASSPHRASE set, a locked demo, as `init` makes a locked notebook.
    let locked_with = super::passphrase::for_new_notebook(lang)?;
    let demo = crate::demo::generate(students, seed, clock.today(), lang);
    {
        let mut store = open_store(&partial, lang, clock)?;
        if let Some(p) = &locked_with {
            store = super::passphrase::lock_new(&partial, store, p, lang)?;
        }
        crate::demo::fill(&store, &demo).map_err(|e| store_failure(lang, &e))?;
    }
    if target.exists() {
        // Nothing but an empty notebook's files, checked above.
        std::fs::remove_dir_all(&target).map_err(io_failure)?;
    }
    std::fs::rename(&partial, &target).map_err(io_failure)?;
    Ok(demo)
}

/// Where a demo for `dir` is written until it is whole: beside it, on the same disk, so
/// it can be renamed into place.
fn partial_dir(dir: &Path) -> std::path::PathBuf {
    let name = dir
        .file_name()
        .map_or_else(|| "sotay".into(), |n| n.to_string_lossy().into_owned());
    dir.with_file_name(format!(".{name}.demo-partial"))
}

fn open_tui(dir: &Path, cli: &Cli, lang_flag: Option<Lang>, clock: Arc<dyn Clock>) -> Result<(), CliError> {
    use crate::store::{Passphrase, Unlock};
    use crate::tui::Session;
    use crate::tui::lock::{Exit, protect_and_reopen};
    use std::time::Instant;
    let fallback = lang_flag.unwrap_or_else(Lang::from_system);
    let config_dir = directories::ProjectDirs::from("vn", "sotay", "sotay").map(|p| p.config_dir().to_path_buf());
    let (keymap, warnings) = crate::tui::keymap::Keymap::load(cli.keymap.as_deref(), config_dir.as_deref());
    let from_env = std::env::var(super::passphrase::ENV).ok().map(|p| Passphrase::new(&p));
    let unlock = from_env.clone().map(Unlock::with).unwrap_or_default();
    // A notebook can open and still fail to read (a record that does not decode).
    let app_failure = |lang: Lang, e: anyhow::Error| match e.downcast_ref() {
        Some(store_err) => store_failure(lang, store_err),
        None => CliError::new(Code::Failure, S::NoTerminal.fill(lang, &[&e])),
    };
    let mut session = match Store::open_unlocked(dir, clock.clone(), &unlock) {
        Ok(store) => {
            let lang = lang_of(&store, lang_flag);
            Session::open(store, lang_flag, keymap.clone(), warnings, Instant::now())
                .map_err(|e| app_failure(lang, e))?
        }
        // Locked, and no passphrase given: the interface asks for it on its lock screen,
        // before anything of the notebook is read.
        Err(StoreError::NeedsPassphrase { .. }) if from_env.is_none() => {
            Session::locked(dir, clock.clone(), lang_flag, keymap.clone(), warnings, Instant::now())
        }
        Err(e) => return Err(store_failure(fallback, &e)),
    };
    loop {
        session.set_ascii_borders(cli.ascii);
        let exit =
            crate::tui::run(session).map_err(|e| CliError::new(Code::Failure, S::NoTerminal.fill(fallback, &[&e])))?;
        // The lock turned on or off: the notebook is closed now (the session is gone), so
        // it is rewritten, opened again, and the interface runs again saying so.
        let Exit::Protect(req) = exit else { return Ok(()) };
        let lang = req.lang;
        let (store, said) = match protect_and_reopen(dir, clock.clone(), &req) {
            Ok(done) => done,
            Err(e) => {
                // All or nothing: the notebook opens as it was.
                let store =
                    Store::open_unlocked(dir, clock.clone(), &req.current).map_err(|e| store_failure(lang, &e))?;
                let why = store_error_message(lang, &e);
                (store, crate::i18n::lock_screen::LS::ProtectFailed.fill(lang, &[&why]))
            }
        };
        session = Session::open(store, lang_flag, keymap.clone(), Vec::new(), Instant::now())
            .map_err(|e| app_failure(lang, e))?;
        session.notice(said);
    }
}
