//! What happens when sotay panics (a bug, not bad input: input gets a message of its own).
//!
//! [`install`] replaces Rust's panic message (several lines and a backtrace, painted over
//! the interface if it was running) with this, in order:
//! 1. the terminal is put back as it was, if the panic is on the thread running the
//!    interface;
//! 2. the panic's place, its message (cut to [`MESSAGE_CHARS`]) and a backtrace go to a log
//!    file readable by its owner only, in the OS cache folder (see [`log_dir`]): a message
//!    may hold a pupil's name, so it never goes to the terminal;
//! 3. one line on standard error says sotay stopped because of a fault, that what was saved
//!    is kept, and where the log is.
//!
//! The panic then unwinds as usual, so every `Store` on the way is dropped and seals its
//! notebook as at a normal exit (saves are flushed when they are acknowledged, so nothing
//! saved is lost); the command line exits with [`FAULT_EXIT`].
//!
//! A panic caught where it is expected (sled panics on some damaged files, and the store
//! turns that into "damaged") must say nothing: such code runs through [`quietly`].

use std::cell::Cell;
use std::fs::File;
use std::io::{self, Write};
use std::panic::{PanicHookInfo, UnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Mutex, Once};
use std::thread::ThreadId;

use crate::i18n::Lang;
use crate::i18n::cli::Cli as S;

/// The exit code after a panic: Rust's own, so a script can tell a fault in sotay from
/// the failures it reports itself (documented in the README).
pub const FAULT_EXIT: u8 = 101;

/// How much of a panic's message the log keeps.
pub const MESSAGE_CHARS: usize = 300;

/// The start of every log's name; the rest is the local time it was written.
pub const LOG_PREFIX: &str = "sotay-crash-";

thread_local! {
    /// How many [`quietly`] calls this thread is inside.
    static QUIET: Cell<u32> = const { Cell::new(0) };
}

/// The thread the interface runs on, and its "put the terminal back".
type Restore = (ThreadId, fn());

/// The interface's [`Restore`] while it runs.
static TERMINAL: Mutex<Option<Restore>> = Mutex::new(None);

/// The language of the one line: 0 not known yet (then the system's), else `lang_code`.
static LANG: AtomicU8 = AtomicU8::new(0);

/// Installs the hook (once per process; later calls do nothing).
pub fn install() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| std::panic::set_hook(Box::new(hook)));
}

/// Runs `f`, catching a panic in it without a word: for code where a panic is expected and
/// handled (sled's on damaged files).
pub fn quietly<R>(f: impl FnOnce() -> R + UnwindSafe) -> std::thread::Result<R> {
    QUIET.with(|q| q.set(q.get() + 1));
    let result = std::panic::catch_unwind(f);
    QUIET.with(|q| q.set(q.get() - 1));
    result
}

/// The language the one line is written in from now on.
pub fn set_lang(lang: Lang) {
    LANG.store(lang_code(lang), Ordering::Relaxed);
}

/// Sets (or with `None` clears) what puts the terminal back: the interface sets it, on its
/// own thread, while it holds the terminal. A panic on another thread (sled's) leaves the
/// terminal to the interface, which goes on running.
pub fn set_terminal_restore(restore: Option<fn()>) {
    let on = restore.map(|f| (std::thread::current().id(), f));
    *TERMINAL.lock().unwrap_or_else(|p| p.into_inner()) = on;
}

/// A panic on purpose, for the tests of this module's promises: only in debug builds, when
/// `SOTAY_TEST_PANIC` names `point` (`opened`: a command, once its notebook is open; `key`:
/// the interface, after it handled a press of F12). A release build never panics here.
#[track_caller]
pub fn test_point(point: &str) {
    if cfg!(debug_assertions) && std::env::var_os("SOTAY_TEST_PANIC").is_some_and(|p| p == point) {
        panic!("SOTAY_TEST_PANIC at {point}");
    }
}

fn lang_code(lang: Lang) -> u8 {
    match lang {
        Lang::Vi => 1,
        Lang::En => 2,
    }
}

fn lang() -> Lang {
    match LANG.load(Ordering::Relaxed) {
        1 => Lang::Vi,
        2 => Lang::En,
        _ => Lang::from_system(),
    }
}

fn hook(info: &PanicHookInfo<'_>) {
    if QUIET.with(Cell::get) > 0 {
        return;
    }
    // First, so the line below is printed on the normal screen and can be read.
    let terminal = *TERMINAL.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((thread, restore)) = terminal
        && thread == std::thread::current().id()
    {
        restore();
    }
    let lang = lang();
    let line = match write_log(info) {
        Ok(path) => S::Fault.fill(lang, &[&path.display()]),
        Err(e) => S::FaultNoLog.fill(lang, &[&e]),
    };
    // Not eprintln!: it panics when stderr is gone, and a panic in the hook aborts.
    let _ = writeln!(io::stderr(), "sotay: {line}");
}

/// Where logs go: the user's cache folder (`~/.cache/sotay` on Linux,
/// `%LOCALAPPDATA%\sotay\sotay\cache` on Windows), else the system's temporary folder.
/// Not the notebook's folder: a panic may come before one is open or with none
/// (`report merge`), and `--demo`'s folder is removed as sotay exits.
pub fn log_dir() -> PathBuf {
    directories::ProjectDirs::from("vn", "sotay", "sotay")
        .map_or_else(std::env::temp_dir, |p| p.cache_dir().to_path_buf())
}

fn write_log(info: &PanicHookInfo<'_>) -> io::Result<PathBuf> {
    let dir = log_dir();
    // As a notebook's folder: the log may hold a pupil's name.
    crate::store::private::make_dir(&dir)?;
    let now = chrono::Local::now();
    let stamp = now.format("%Y%m%d-%H%M%S");
    let (path, mut file) = create_new(&dir, &format!("{LOG_PREFIX}{stamp}"))?;
    let message = info
        .payload()
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| info.payload().downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(no message)");
    let cut: String = message.chars().take(MESSAGE_CHARS).collect();
    let more = if cut.len() < message.len() { " […]" } else { "" };
    let place = info.location().map_or_else(
        || "?".to_string(),
        |l| format!("{}:{}:{}", l.file(), l.line(), l.column()),
    );
    let thread = std::thread::current();
    writeln!(file, "sotay {} stopped because of a fault.", env!("CARGO_PKG_VERSION"))?;
    writeln!(file, "time: {}", now.format("%Y-%m-%d %H:%M:%S %:z"))?;
    writeln!(file, "thread: {}", thread.name().unwrap_or("?"))?;
    writeln!(file, "at: {place}")?;
    writeln!(file, "message: {cut}{more}")?;
    writeln!(file, "backtrace:\n{}", std::backtrace::Backtrace::force_capture())?;
    file.sync_all()?;
    Ok(path)
}

/// A new file `NAME.log` in `dir` (`NAME-2.log`… when it exists: two panics in a second),
/// made by tempfile: created only if no file or link is there, readable by its owner only.
fn create_new(dir: &Path, name: &str) -> io::Result<(PathBuf, File)> {
    let mut last = None;
    for n in 1..=100 {
        let name = match n {
            1 => name.to_string(),
            n => format!("{name}-{n}"),
        };
        // No random part: the name is the documented one, or the next number.
        match tempfile::Builder::new()
            .prefix(&name)
            .suffix(".log")
            .rand_bytes(0)
            .tempfile_in(dir)
        {
            Ok(file) => {
                let (file, path) = file.keep().map_err(|e| e.error)?;
                return Ok((path, file));
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::ErrorKind::AlreadyExists.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_caught_quietly_is_an_error_and_the_count_goes_back() {
        let r = quietly(|| -> u8 { panic!("expected") });
        assert!(r.is_err());
        assert_eq!(QUIET.with(Cell::get), 0);
        assert_eq!(quietly(|| 7).unwrap(), 7);
    }

    #[test]
    fn logs_are_new_files_never_an_existing_one() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("x.log"), "kept").unwrap();
        let (a, _) = create_new(dir.path(), "x").unwrap();
        let (b, _) = create_new(dir.path(), "x").unwrap();
        assert_eq!(a, dir.path().join("x-2.log"));
        assert_eq!(b, dir.path().join("x-3.log"));
        assert_eq!(std::fs::read_to_string(dir.path().join("x.log")).unwrap(), "kept");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&a).unwrap().permissions().mode() & 0o777, 0o600);
            // A link where the log would go is not written through.
            let elsewhere = dir.path().join("elsewhere");
            std::os::unix::fs::symlink(&elsewhere, dir.path().join("y.log")).unwrap();
            let (c, _) = create_new(dir.path(), "y").unwrap();
            assert_eq!(c, dir.path().join("y-2.log"));
            assert!(!elsewhere.exists());
        }
    }
}
