//! The terminal: raw mode, the alternate screen and bracketed paste while the app runs,
//! restored on every way out (return, error, panic).

use std::io::{self, Stdout};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event, KeyCode};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

use super::draw::draw_session;
use super::lock::Exit;
use super::session::Session;

/// How long the loop waits for the terminal before looking at the sync worker's events.
const POLL: Duration = Duration::from_millis(100);

/// Whether the app holds the terminal (raw mode, alternate screen).
static HELD: AtomicBool = AtomicBool::new(false);

/// Puts the terminal back as it was. Safe to call more than once: only the first call after
/// the app took the terminal does anything. Leaving the alternate screen twice would move
/// the cursor back up over the line a panic printed in between.
fn restore() {
    if !HELD.swap(false, Ordering::SeqCst) {
        return;
    }
    crate::panic::set_terminal_restore(None);
    let _ = disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        DisableBracketedPaste,
        LeaveAlternateScreen,
        ratatui::crossterm::cursor::Show
    );
}

/// Restores the terminal when dropped, so an early return or an unwinding panic leaves a
/// usable shell behind.
struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

/// Runs the session until it quits; returns how it ended (a restart may be asked for).
pub fn run(mut session: Session) -> anyhow::Result<Exit> {
    // A panic's one line must be printed on the normal screen, after raw mode is off: the
    // panic hook restores the terminal first.
    crate::panic::install();
    enable_raw_mode()?;
    HELD.store(true, Ordering::SeqCst);
    crate::panic::set_terminal_restore(Some(restore));
    let _guard = Guard;
    // Bracketed paste: a paste comes as one event, so its line breaks can't act as Enter.
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableBracketedPaste,
        Clear(ClearType::All)
    )?;
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    let result = event_loop(&mut terminal, &mut session);
    // The app, with everything it read, goes before the terminal is given back.
    drop(session);
    drop(terminal);
    restore();
    result
}

fn event_loop(terminal: &mut Terminal<CrosstermBackend<Stdout>>, session: &mut Session) -> anyhow::Result<Exit> {
    let size = terminal.size()?;
    session.resize(size.width, size.height);
    session.start_sync();
    let mut changed = true;
    let mut clock = Awake::new();
    loop {
        // Idle long enough: the session locks (and the lock screen's wait counts down).
        changed |= session.tick(clock.now());
        if session.take_wipe() {
            // Every cell is drawn again from blank: nothing of the class stays on screen.
            terminal.clear()?;
            changed = true;
        }
        if changed {
            terminal.draw(|frame| draw_session(session, frame))?;
        }
        if session.should_quit() {
            // The worker lets go of the store before the app drops it (and seals it).
            session.stop_sync();
            return Ok(session.take_exit());
        }
        // Never blocked on the terminal for long: the sync worker's news (pulled changes,
        // the status bar) shows between keys even when none comes.
        changed = session.poll_sync();
        if !event::poll(POLL)? {
            continue;
        }
        changed = true;
        // Every event is handled on its own and in order: input methods depend on it.
        match event::read()? {
            Event::Key(key) => {
                session.handle_key(key, clock.now());
                // F12 is bound to nothing by default.
                if key.code == KeyCode::F(12) {
                    crate::panic::test_point("key");
                }
            }
            Event::Paste(text) => session.paste(&text, clock.now()),
            // The next draw adapts the terminal's buffers; the app needs the size for paging.
            Event::Resize(w, h) => session.resize(w, h),
            _ => {}
        }
    }
}

/// The time the idle lock counts: the monotonic clock, moved on by the time the computer
/// slept too. `Instant` does not count a suspend (on Linux), the wall clock does: without
/// this, a laptop opened an hour after its lid was closed would show the class unlocked.
/// A wall clock set forward locks early, which is the safe side.
struct Awake {
    mono: Instant,
    wall: SystemTime,
    slept: Duration,
}

impl Awake {
    fn new() -> Awake {
        Awake {
            mono: Instant::now(),
            wall: SystemTime::now(),
            slept: Duration::ZERO,
        }
    }

    fn now(&mut self) -> Instant {
        let (mono, wall) = (Instant::now(), SystemTime::now());
        let by_mono = mono.saturating_duration_since(self.mono);
        let by_wall = wall.duration_since(self.wall).unwrap_or_default();
        self.slept += by_wall.saturating_sub(by_mono);
        self.mono = mono;
        self.wall = wall;
        mono + self.slept
    }
}
