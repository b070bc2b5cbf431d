//! Two processes on one notebook: a second one is told it is locked, a session that ended
//! without closing keeps what it saved, and the kill harness: a write loop killed at random
//! moments loses nothing it acknowledged and never leaves half a write.
//!
//! These tests run this binary again as a child process. They live in their own test
//! binary, one at a time, because a child forked while another test thread holds a
//! notebook's lock file keeps that lock (the descriptor is shared) until it has started:
//! next to the store tests, which open and close notebooks all the time, that made a
//! reopen see "locked" once in a while.

// Only some of the shared fixtures are used here.
#[allow(dead_code)]
#[path = "common/store_fixtures.rs"]
mod fixtures;

use std::sync::{Arc, Mutex, MutexGuard};

#[path = "common/write_model.rs"]
mod write_model;

use fixtures::{TestClock, student};
use sotay::domain::{Record, Value};
use sotay::i18n::Lang;
use sotay::store::{Store, StoreError, store_error_message};

fn open(dir: &std::path::Path, clock: &Arc<TestClock>) -> Store {
    Store::open_with_clock(dir, clock.clone()).expect("store opens")
}

fn non_null_fields(r: &impl Record) -> Vec<(&'static str, Value)> {
    r.fields().into_iter().filter(|(_, v)| *v != Value::Null).collect()
}

/// One test at a time: see the module's comment.
fn one_at_a_time() -> MutexGuard<'static, ()> {
    static SERIAL: Mutex<()> = Mutex::new(());
    SERIAL.lock().unwrap_or_else(|p| p.into_inner())
}

/// What the child process does (see [`child_process`]), and where.
const CHILD_MODE: &str = "SOTAY_STORE_TEST_CHILD";
const CHILD_DIR: &str = "SOTAY_STORE_TEST_DIR";
const CHILD_READY: &str = "sotay-child: notebook open";
const CHILD_START: &str = "SOTAY_STORE_TEST_START";
const ACK: &str = "sotay-child: saved";

/// Not a test on its own: other tests run this test binary again in a child process with
/// only this function, so that a second process holds the notebook.
#[test]
#[ignore = "run by other tests in a child process"]
fn child_process() {
    use std::io::Write;
    let dir = std::path::PathBuf::from(std::env::var(CHILD_DIR).expect("child needs a notebook folder"));
    let clock = TestClock::new();
    match std::env::var(CHILD_MODE).as_deref() {
        // Keep the notebook open until the parent writes a line (or goes away).
        Ok("hold") => {
            let s = open(&dir, &clock);
            // Straight to the pipe: the test harness may capture `println!`.
            let mut stdout = std::io::stdout();
            writeln!(stdout, "{CHILD_READY}").unwrap();
            stdout.flush().unwrap();
            let mut line = String::new();
            std::io::stdin().read_line(&mut line).unwrap();
            drop(s);
        }
        // Save, then end as a crash or a killed window would: no destructor runs.
        Ok("crash") => {
            let s = open(&dir, &clock);
            s.save_students(&(0..30).map(student).collect::<Vec<_>>()).unwrap();
            std::process::exit(0);
        }
        // The kill harness's writer: from write `start` on, one write after another, each
        // acknowledged on stdout once the store returned (it has flushed), until killed.
        Ok("write-loop") => {
            let start: u64 = std::env::var(CHILD_START).unwrap().parse().unwrap();
            let mut book = write_model::book_after(start);
            let s = open(&dir, &clock);
            let mut stdout = std::io::stdout();
            writeln!(stdout, "{CHILD_READY}").unwrap();
            for i in start.. {
                let w = write_model::write(&book, i);
                write_model::apply_to_store(&s, &w).unwrap();
                write_model::apply_to_book(&mut book, &w);
                writeln!(stdout, "{ACK} {i}").unwrap();
                stdout.flush().unwrap();
            }
        }
        other => panic!("unknown child mode {other:?}"),
    }
}

fn spawn_child(mode: &str, dir: &std::path::Path) -> std::process::Child {
    spawn_child_from(mode, dir, 0)
}

fn spawn_child_from(mode: &str, dir: &std::path::Path, start: u64) -> std::process::Child {
    use std::process::{Command, Stdio};
    Command::new(std::env::current_exe().unwrap())
        .env(CHILD_START, start.to_string())
        .args([
            "child_process",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_MODE, mode)
        .env(CHILD_DIR, dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("the test binary runs again")
}

#[test]
fn a_notebook_open_in_another_process_is_locked() {
    let _serial = one_at_a_time();
    use std::io::{BufRead, BufReader, Write};
    let dir = tempfile::tempdir().unwrap();
    let clock = TestClock::new();
    let mut child = spawn_child("hold", dir.path());
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    // The harness writes "test child_process ... " before the child's own line.
    while !line.trim_end().ends_with(CHILD_READY) {
        line.clear();
        assert!(
            out.read_line(&mut line).unwrap() > 0,
            "the child ended before opening: {:?}",
            child.wait()
        );
    }
    match Store::open_with_clock(dir.path(), clock.clone()) {
        Err(e @ StoreError::Locked { .. }) => {
            assert!(store_error_message(Lang::Vi, &e).starts_with("Sổ tay này đang được mở ở một cửa sổ khác"));
        }
        Err(e) => panic!("expected Locked, got {e:?}"),
        Ok(_) => panic!("expected Locked, it opened"),
    }
    child.stdin.take().unwrap().write_all(b"close\n").unwrap();
    assert!(child.wait().unwrap().success());
    // Closed by the other process: it opens here now.
    open(dir.path(), &clock);
}

#[test]
fn a_session_that_ended_without_closing_keeps_what_it_saved() {
    let _serial = one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    let clock = TestClock::new();
    let status = spawn_child("crash", dir.path()).wait().unwrap();
    assert!(status.success());
    let s = open(dir.path(), &clock);
    assert_eq!(s.students().unwrap().len(), 30);
    let per_pupil = non_null_fields(&student(0)).len();
    assert_eq!(s.changes().unwrap().len(), 30 * per_pupil);
    s.save_student(&student(99)).unwrap();
    drop(s);
    assert_eq!(open(dir.path(), &clock).students().unwrap().len(), 31);
}

/// Kills made on one notebook before the harness starts a fresh one.
const SERIES: u64 = 200;

/// How many times the kill harness kills the writer: `SOTAY_KILLS` (10,000 by hand, see
/// docs/reliability.md), else 200.
fn kills() -> u64 {
    std::env::var("SOTAY_KILLS")
        .ok()
        .and_then(|k| k.parse().ok())
        .unwrap_or(200)
}

#[test]
fn a_writer_killed_at_random_moments_loses_nothing_it_acknowledged() {
    use rand::{Rng, SeedableRng};
    use std::io::{BufRead, BufReader};
    let _serial = one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    let clock = TestClock::new();
    let mut rng = rand::rngs::StdRng::seed_from_u64(0x5eed);
    let mut nb = dir.path().join("notebook");
    // How many writes the notebook holds, by the model.
    let mut done = 0u64;
    let mut book = write_model::book_after(0);
    let (mut mid_write, mut total_acks, mut imports_undone) = (0, 0, 0);
    for round in 0..kills() {
        // A fresh notebook every SERIES kills: each reopen after a kill checks a copy of the
        // whole notebook, so one that grew through thousands of kills would make a long run
        // slower and slower without testing anything more.
        if round > 0 && round % SERIES == 0 {
            std::fs::remove_dir_all(&nb).unwrap();
            nb = dir.path().join(format!("notebook-{round}"));
            (done, book) = (0, write_model::book_after(0));
            eprintln!("kill harness: {round} kills, {total_acks} writes acknowledged so far");
        }
        let mut child = spawn_child_from("write-loop", &nb, done);
        let mut out = BufReader::new(child.stdout.take().unwrap());
        // Killed after a few acknowledged writes, or while opening (0), at a moment that
        // falls anywhere in the next write.
        let wait_for = rng.random_range(0..6);
        let mut acked = done;
        let mut seen = 0;
        let mut line = String::new();
        while seen < wait_for {
            line.clear();
            if out.read_line(&mut line).unwrap() == 0 {
                panic!("round {round}: the writer ended: {:?}", child.wait());
            }
            if let Some(i) = line.trim_end().split(ACK).nth(1) {
                acked = i.trim().parse::<u64>().unwrap() + 1;
                seen += 1;
            }
        }
        let spin = std::time::Instant::now();
        let pause = std::time::Duration::from_micros(rng.random_range(0..3_000));
        while spin.elapsed() < pause {
            std::hint::spin_loop();
        }
        child.kill().unwrap();
        child.wait().unwrap();
        // Read what the pipe still held: writes acknowledged before the kill landed.
        let mut rest = String::new();
        let _ = std::io::Read::read_to_string(&mut out, &mut rest);
        for l in rest.lines() {
            if let Some(i) = l.split(ACK).nth(1) {
                acked = i.trim().parse::<u64>().unwrap() + 1;
            }
        }
        total_acks += acked - done;
        // Catch the model up with every acknowledged write.
        while done < acked {
            let w = write_model::write(&book, done);
            write_model::apply_to_book(&mut book, &w);
            done += 1;
        }
        // The notebook opens, and holds exactly the acknowledged writes, or those and the
        // one under way when the kill came (whole): never less, never half of one.
        let s = Store::open_with_clock(&nb, clock.clone())
            .unwrap_or_else(|e| panic!("round {round}: the notebook does not open: {e:?}"));
        let found = write_model::fingerprint(&s.casebook().unwrap());
        assert!(s.changes().is_ok(), "round {round}: the change log reads");
        drop(s);
        let under_way = write_model::write(&book, done);
        if found == write_model::fingerprint(&book)
            && matches!(&under_way, write_model::Write::Import(p) if p.len() > 100)
        {
            // A class list written in parts, killed before its acknowledgement: gone whole.
            imports_undone += 1;
        }
        if found != write_model::fingerprint(&book) {
            let w = write_model::write(&book, done);
            let mut next = book.clone();
            write_model::apply_to_book(&mut next, &w);
            assert_eq!(
                found,
                write_model::fingerprint(&next),
                "round {round}: neither the {done} acknowledged writes nor those and the next"
            );
            book = next;
            done += 1;
            mid_write += 1;
        }
    }
    assert!(total_acks > kills(), "the writer hardly wrote: {total_acks} writes");
    eprintln!(
        "kill harness: {} kills, {total_acks} writes acknowledged, {mid_write} writes found whole after a kill \
         before their acknowledgement, {imports_undone} large imports killed before theirs and found undone",
        kills()
    );
}
