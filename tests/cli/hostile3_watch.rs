//! The folder watcher under attack, round three: a watcher that stops
//! answering never makes a call wait, a watcher that cannot be started is
//! not started on every call, inotify watches are taken within a share of
//! the user's, and a mount over a term folder is never missed.
#![cfg(target_os = "linux")]

use crate::watch::{watchers, Fixture, TERMS};
use std::fs;
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn socket_of(fixture: &Fixture) -> PathBuf {
    let dir = fixture.run.path().join("gloss");
    fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "sock"))
        .expect("the watcher's socket")
}

fn signal(pid: u32, which: &str) {
    let sent = Command::new("kill")
        .args([which, &pid.to_string()])
        .status();
    assert!(sent.unwrap().success());
}

#[test]
fn a_stopped_watcher_with_a_full_queue_never_makes_a_call_wait() {
    let fixture = Fixture::new();
    fixture.settle();
    let [watcher] = watchers(&fixture)[..] else {
        panic!("one watcher runs");
    };
    signal(watcher, "-STOP");
    // Fill its queue: connections are queued until it is full, then a
    // blocking connect waits (this thread stays blocked; it is let go).
    let socket = socket_of(&fixture);
    let queued = Arc::new(AtomicUsize::new(0));
    let counter = queued.clone();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        while let Ok(stream) = UnixStream::connect(&socket) {
            held.push(stream);
            counter.fetch_add(1, Ordering::SeqCst);
        }
    });
    let mut last = 0;
    loop {
        std::thread::sleep(Duration::from_millis(300));
        let now = queued.load(Ordering::SeqCst);
        if now == last && now > 0 {
            break;
        }
        last = now;
        assert!(now < 100_000, "the queue never filled");
    }
    let start = Instant::now();
    let listed = fixture.list(); // times out (and fails) if it waits
    assert_eq!(listed.matches("term-").count(), TERMS);
    let (code, out, err) = fixture.run(&["term-007", "--short", "--lang", "en"]);
    assert_eq!((code, out.as_str()), (Some(0), "A test term.\n"), "{err}");
    assert!(
        start.elapsed() < Duration::from_secs(30),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(
        watchers(&fixture),
        [watcher],
        "no second watcher is started"
    );
    signal(watcher, "-CONT");
}

/// The `execve` calls of one `--list` and its children, by strace.
fn execs(fixture: &Fixture, runtime: &std::path::Path) -> String {
    if !which("strace") {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "strace is missing"
        );
        return String::new();
    }
    // Bounded: strace -f waits for every child, a watcher that lives included.
    let output = assert_cmd::Command::new("strace")
        .args(["-f", "-e", "trace=execve", "-e", "signal=none", "-s", "200"])
        .arg(assert_cmd::cargo::cargo_bin("gloss"))
        .arg("--data-dir")
        .arg(fixture.root())
        .arg("--list")
        .envs(fixture.environment())
        .env("XDG_RUNTIME_DIR", runtime)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn which(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

#[test]
fn no_watcher_is_started_where_its_socket_cannot_be() {
    let fixture = Fixture::new();
    // The login's runtime directory is gone (a tmux session that outlived it).
    let gone = fixture.run.path().join("gone/1000");
    for _ in 0..3 {
        let traced = execs(&fixture, &gone);
        assert!(!traced.contains("--serve-folder-watcher"), "{traced}");
    }
    assert!(
        !gone.exists(),
        "the runtime directory is not gloss's to make"
    );
    assert!(watchers(&fixture).is_empty());
}

#[test]
fn a_watcher_that_cannot_start_is_tried_once_in_a_while_not_on_every_call() {
    let fixture = Fixture::new();
    // The socket's place is taken by a folder: no watcher can bind it.
    fixture.settle();
    let [watcher] = watchers(&fixture)[..] else {
        panic!("one watcher runs");
    };
    let socket = socket_of(&fixture);
    signal(watcher, "-TERM");
    while !watchers(&fixture).is_empty() {
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = fs::remove_file(&socket);
    fs::create_dir(&socket).unwrap();
    let started = |traced: &str| traced.contains("--serve-folder-watcher");
    // The first call may start one (it fails); the next calls do not.
    let mut tries = 0;
    for _ in 0..4 {
        tries += usize::from(started(&execs(&fixture, fixture.run.path())));
    }
    assert!(tries <= 1 || !which("strace"), "{tries} watchers started");
}

/// `--list` over the fixture's folder with `GLOSS_MAX_USER_WATCHES` set,
/// until the watcher answers (or `tries` calls).
fn token_with_watches(
    fixture: &Fixture,
    max_user_watches: &str,
    tries: usize,
) -> Option<(u64, u64)> {
    let env = |extra: (&'static str, &'static std::path::Path)| {
        let mut all = fixture.environment().to_vec();
        all.push(extra);
        all
    };
    let max: &'static str = Box::leak(max_user_watches.to_string().into_boxed_str());
    let envs = env(("GLOSS_MAX_USER_WATCHES", std::path::Path::new(max)));
    for _ in 0..tries {
        let (code, _, err) = crate::common::run_on_folder(fixture.root(), &envs, &["--list"]);
        assert_eq!(code, Some(0), "{err}");
        if let Some(token) = fixture.token() {
            return Some(token);
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    None
}

#[test]
fn the_watcher_takes_at_most_a_quarter_of_the_users_inotify_watches() {
    // 211 watches (the root and 210 term folders): more than a quarter of 800.
    let fixture = Fixture::new();
    assert_eq!(
        token_with_watches(&fixture, "800", 15),
        None,
        "vouched for past its share"
    );
    assert_eq!(watchers(&fixture).len(), 1, "a watcher runs, and declines");
    let [watcher] = watchers(&fixture)[..] else {
        unreachable!()
    };
    signal(watcher, "-TERM");
    while !watchers(&fixture).is_empty() {
        std::thread::sleep(Duration::from_millis(50));
    }
    // Within a quarter of 1,000,000 it is watched.
    let _ = fs::remove_dir_all(fixture.run.path().join("gloss"));
    assert!(token_with_watches(&fixture, "1000000", 100).is_some());
}

#[test]
fn a_project_folder_is_not_watched_unless_asked() {
    let fixture = Fixture::new();
    let repo = tempfile::tempdir().unwrap();
    // The fixture's folder becomes the project's `.gloss` (and its old
    // path a link to it, for the fixture's helpers).
    let gloss_dir = repo.path().join(".gloss");
    fs::rename(fixture.root(), &gloss_dir).unwrap();
    std::os::unix::fs::symlink(&gloss_dir, fixture.root()).unwrap();
    let list = |config: Option<&str>| {
        if let Some(config) = config {
            fs::create_dir_all(fixture.config.path().join("gloss")).unwrap();
            fs::write(fixture.config.path().join("gloss/config.yaml"), config).unwrap();
        }
        let output = crate::common::gloss()
            .current_dir(repo.path())
            .envs(fixture.environment())
            .arg("--list")
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        assert_eq!(
            String::from_utf8_lossy(&output.stdout)
                .matches("term-")
                .count(),
            TERMS
        );
    };
    for _ in 0..3 {
        list(None);
        std::thread::sleep(Duration::from_millis(200));
    }
    assert!(
        watchers(&fixture).is_empty(),
        "the project folder was watched"
    );
    let start = Instant::now();
    while watchers(&fixture).is_empty() {
        list(Some("watch_project: true\n"));
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "asked, it was not watched"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// A mount made for a test, undone however the test ends.
struct Mounted(PathBuf);

impl Mounted {
    fn new(args: &[&str], at: &std::path::Path) -> Mounted {
        let done = Command::new("mount").args(args).arg(at).status().unwrap();
        assert!(done.success(), "mount {args:?} {at:?}");
        Mounted(at.to_path_buf())
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_term_folder_on_another_file_system_is_not_read() {
    // Mounting needs root, as playing another user does.
    if crate::hostile3::as_attacker("true").is_none() {
        return;
    }
    let fixture = Fixture::new();
    let term = fixture.root().join("term-009");
    let _mount = Mounted::new(&["-t", "tmpfs", "none"], &term);
    crate::common::write(
        &term,
        "en.md",
        &crate::common::article_with_heading("From a mount", "Elsewhere.", ""),
    );
    let (code, _, err) = fixture.run(&["term-009", "--lang", "en"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("term-009: is on another file system than its glossary folder"),
        "{err}"
    );
    let (code, out, err) = fixture.run(&["--list"]);
    assert_eq!(code, Some(0));
    assert!(
        !out.contains("term-009") && out.contains("term-008"),
        "{out}"
    );
    assert_eq!(
        err.matches("another file system").count(),
        1,
        "told once: {err}"
    );
}

#[test]
fn a_mount_over_a_watched_term_folder_shows_on_the_next_call() {
    if crate::hostile3::as_attacker("true").is_none() {
        return;
    }
    let fixture = Fixture::new();
    fixture.settle();
    let before = fixture.list();
    assert!(before.contains("term-005\tTerm 005"), "{before}");
    let other = tempfile::tempdir().unwrap();
    for lang in ["en", "sv", "fi", "pl", "ru"] {
        crate::common::write(
            other.path(),
            &format!("{lang}.md"),
            &crate::common::article_with_heading("Mounted over", "Another article.", ""),
        );
    }
    let _mount = Mounted::new(
        &["--bind", &other.path().display().to_string()],
        &fixture.root().join("term-005"),
    );
    let listed = fixture.list();
    assert!(listed.contains("term-005\tMounted over"), "{listed}");
}
