//! The pager: in a real terminal (tmux, with less), and piped with
//! `--paging always` where the pager is a command whose output shows it ran.

use crate::common::*;
use std::path::PathBuf;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// How long a screen may take to show what is expected on a busy machine.
const DEADLINE: Duration = Duration::from_secs(30);

/// A tmux server of its own (`-L`), with one 80×20 window running bash with
/// no startup files in a clean environment; killed when dropped.
struct Terminal {
    socket: String,
    home: tempfile::TempDir,
}

impl Terminal {
    /// None (the test says why and passes) where tmux or less is missing;
    /// under CI that fails instead (`common::program`).
    fn start(name: &str) -> Option<Terminal> {
        if !crate::common::programs(&["tmux", "less", "bash"]) {
            return None;
        }
        let home = tempfile::tempdir().unwrap();
        let socket = format!("gloss-{name}-{}", std::process::id());
        let gloss = assert_cmd::cargo::cargo_bin("gloss");
        let bin = gloss.parent().unwrap().to_path_buf();
        let shell = format!(
            "env -i TERM=xterm-256color PATH={}:/usr/bin:/bin HOME={home} \
             XDG_CONFIG_HOME={home}/config XDG_DATA_HOME={home}/data \
             XDG_CACHE_HOME={home}/cache PS1='$ ' bash --norc --noprofile",
            bin.display(),
            home = home.path().display()
        );
        let terminal = Terminal { socket, home };
        let status = terminal
            .tmux(&[
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-x",
                "80",
                "-y",
                "20",
                &shell,
            ])
            .status;
        assert!(status.success(), "tmux did not start");
        terminal.wait_for("the prompt", |screen| screen.contains('$'));
        Some(terminal)
    }

    fn tmux(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux runs")
    }

    /// Types `keys` and presses Enter.
    fn run(&self, keys: &str) {
        assert!(self.tmux(&["send-keys", "-l", keys]).status.success());
        assert!(self.tmux(&["send-keys", "Enter"]).status.success());
    }

    fn press(&self, key: &str) {
        assert!(self.tmux(&["send-keys", key]).status.success());
    }

    /// The screen, with its colours as escape sequences.
    fn screen(&self) -> String {
        let out = self.tmux(&["capture-pane", "-p", "-e"]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Polls the screen until `ready` holds, failing after the deadline.
    fn wait_for(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if ready(&strip_ansi(&screen)) {
                return screen;
            }
            assert!(
                start.elapsed() < DEADLINE,
                "waited for {what}; the screen:\n{}",
                strip_ansi(&screen)
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Runs `command` on a cleared screen, then prints its status, and
    /// waits for that line (never an earlier command's).
    fn status_of(&self, command: &str) -> String {
        self.run("clear");
        self.wait_for("a clear screen", |screen| !screen.contains("status="));
        self.run(&format!("{command}; echo \"status=$?\""));
        self.wait_for("the exit status", |screen| {
            screen.lines().any(|line| line.starts_with("status="))
        })
    }

    fn home(&self) -> PathBuf {
        self.home.path().to_path_buf()
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        let _ = self.tmux(&["kill-server"]);
    }
}

fn status_line(screen: &str) -> String {
    strip_ansi(screen)
        .lines()
        .find(|line| line.starts_with("status="))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn long_article_opens_in_less_and_q_exits_0() {
    let Some(terminal) = Terminal::start("long") else {
        return;
    };
    terminal.run("gloss soft-sell --lang sv; echo \"status=$?\"");
    // The article (58 lines) is taller than the 20-row window: less shows its
    // first screen with the title on top, and gloss waits.
    let screen = terminal.wait_for("less", |screen| {
        let lines: Vec<&str> = screen.lines().collect();
        lines.first() == Some(&"Mjuk sälj") && lines.last().is_some_and(|l| l.starts_with(':'))
    });
    let title = screen.lines().next().unwrap();
    assert!(title.contains("\x1b["), "no colour on the title: {title:?}");
    assert!(
        !strip_ansi(&screen).contains("status="),
        "gloss did not wait"
    );
    // Ctrl-C in less reaches gloss too; gloss must outlive it (a gloss
    // killed by SIGINT would show status=130 below).
    terminal.press("C-c");
    terminal.press("q");
    let screen = terminal.wait_for("the status after q", |screen| screen.contains("status="));
    assert_eq!(status_line(&screen), "status=0");
}

#[test]
fn short_output_and_other_pagers_print_directly() {
    let Some(terminal) = Terminal::start("short") else {
        return;
    };
    let screen = terminal.status_of("gloss soft-sell --lang sv --short");
    assert_eq!(status_line(&screen), "status=0");
    assert!(strip_ansi(&screen).contains("Soft sell hänvisar"));

    for pager in ["PAGER=cat", "GLOSS_PAGER='' PAGER=less"] {
        let screen = terminal.status_of(&format!("{pager} gloss soft-sell --lang sv"));
        assert_eq!(status_line(&screen), "status=0", "{pager}");
        // The whole article went by: its last item is on the screen.
        assert!(
            strip_ansi(&screen).contains("hard-sell"),
            "{pager}: {}",
            strip_ansi(&screen)
        );
    }
}

#[test]
fn a_pager_that_cannot_start_is_told_and_skipped() {
    let Some(terminal) = Terminal::start("missing") else {
        return;
    };
    let stderr = terminal.home().join("stderr");
    let screen = terminal.status_of(&format!(
        "GLOSS_PAGER=no-such-pager gloss soft-sell --lang sv 2>{}",
        stderr.display()
    ));
    assert_eq!(status_line(&screen), "status=0");
    assert!(
        strip_ansi(&screen).contains("hard-sell"),
        "article not printed"
    );
    let message = std::fs::read_to_string(&stderr).unwrap();
    assert_one_line_error(&message);
    assert!(message.contains("cannot start the pager 'no-such-pager'"));
}

/// `--paging always` with a pager whose output shows it ran.
fn paged(args: &[&str], pager: &str) -> std::process::Output {
    gloss()
        .args(args)
        .args(["--paging", "always"])
        .env("GLOSS_PAGER", pager)
        .output()
        .unwrap()
}

#[test]
fn articles_lists_and_searches_go_through_the_pager() {
    for args in [
        &["soft-sell", "--lang", "sv"][..],
        &["--list"],
        &["--langs"],
        &["--search", "sälj"],
    ] {
        let out = paged(args, "sed 's/^/paged: /'");
        assert!(out.status.success(), "{args:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.lines().all(|line| line.starts_with("paged: ")),
            "{args:?}: {text}"
        );
    }
    // Piped, auto (and -P) never page.
    let direct = gloss()
        .args(["soft-sell"])
        .env("GLOSS_PAGER", "sed 's/^/paged: /'")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&direct.stdout).contains("paged: "));
    let never = paged(&["soft-sell", "-P"], "sed 's/^/paged: /'");
    assert!(!String::from_utf8_lossy(&never.stdout).contains("paged: "));
}

#[test]
fn the_pagers_own_status_is_not_glosss() {
    // A pager that reads nothing and fails is a reader who quit at once.
    for pager in ["false", "sh -c 'exit 3'", "head -c 1"] {
        let out = paged(&["soft-sell"], pager);
        assert_eq!(out.status.code(), Some(0), "{pager}: {out:?}");
        assert!(out.stderr.is_empty(), "{pager}: {out:?}");
    }
}

#[test]
fn a_missing_pager_prints_with_one_line_on_stderr() {
    let out = paged(&["soft-sell", "--lang", "sv"], "/no/such/pager --flag");
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_one_line_error(&stderr);
    assert!(stderr.contains("cannot start the pager '/no/such/pager'"));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        stdout_of(&["soft-sell", "--lang", "sv"])
    );
}

#[test]
fn a_pager_command_that_does_not_parse_is_reported() {
    let out = paged(&["soft-sell"], "less 'unclosed");
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_one_line_error(&stderr);
    assert!(stderr.contains("cannot read GLOSS_PAGER"), "{stderr}");
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        stdout_of(&["soft-sell"])
    );
}

#[test]
fn empty_gloss_pager_means_none() {
    let out = paged(&["soft-sell"], "");
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        stdout_of(&["soft-sell"])
    );
}

#[test]
fn paging_from_the_config_file_and_its_override() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.yaml");
    std::fs::write(&config, "paging: always\n").unwrap();
    let run = |extra: &[&str]| {
        let out = gloss()
            .args(["soft-sell"])
            .args(extra)
            .env("GLOSS_CONFIG", &config)
            .env("GLOSS_PAGER", "sed 's/^/paged: /'")
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(run(&[]).starts_with("paged: "));
    assert!(!run(&["--paging", "never"]).contains("paged: "));
    assert!(!run(&["-P"]).contains("paged: "));
}
