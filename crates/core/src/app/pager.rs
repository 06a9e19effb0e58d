//! The pager: whether output is paged, which program pages it
//! (`GLOSS_PAGER`, `PAGER`, `less`), and writing to it. A pager that cannot
//! start is told once on stderr and the output printed directly; a reader
//! who quits the pager early has had what they wanted.

use crate::app::cli::PagingWhen;
use crate::model::error::Error;
use std::ffi::OsString;
use std::io::{ErrorKind, Write};
use std::process::{Command, Stdio};

/// Paging as decided for this run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Paging {
    Never,
    Always,
    /// Page when the output is taller than the terminal.
    WhenTaller,
}

impl Paging {
    /// `auto` pages only on a terminal: piped output never does.
    pub(crate) fn resolve(when: PagingWhen, stdout_is_terminal: bool) -> Paging {
        match when {
            PagingWhen::Never => Paging::Never,
            PagingWhen::Always => Paging::Always,
            PagingWhen::Auto if stdout_is_terminal => Paging::WhenTaller,
            PagingWhen::Auto => Paging::Never,
        }
    }
}

/// Writes `text` through the pager when `paging` asks for one, else (or when
/// no pager can start) straight to stdout with `print`.
pub(crate) fn output(
    text: &str,
    paging: Paging,
    print: impl Fn(&str) -> Result<(), Error>,
) -> Result<(), Error> {
    let wanted = match paging {
        Paging::Never => false,
        Paging::Always => true,
        Paging::WhenTaller => terminal_size().is_some_and(|(columns, rows)| {
            text.lines()
                .map(|line| rows_of(line, columns))
                .sum::<usize>()
                > rows
        }),
    };
    let command = match wanted {
        true => pager_command(|name| std::env::var_os(name)).transpose(),
        false => None,
    };
    match command.map(|command| page(text, &command?)) {
        Some(Ok(())) => Ok(()),
        Some(Err(message)) => {
            crate::store::report::warn(&format!("{message}; printing directly"));
            print(text)
        }
        None => print(text),
    }
}

/// The terminal's width and height, when stdout is one.
fn terminal_size() -> Option<(usize, usize)> {
    let (columns, rows) = termimad::crossterm::terminal::size().ok()?;
    (columns > 0 && rows > 0).then_some((columns as usize, rows as usize))
}

/// The screen rows a line takes: plain and markdown output is not wrapped,
/// so a long paragraph takes several. Escape sequences (gloss's own SGR and
/// OSC 8) take none.
fn rows_of(line: &str, columns: usize) -> usize {
    let mut width = 0;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            // CSI ends at its final byte, OSC at `ESC \`.
            '\x1b' => match chars.next() {
                Some('[') => {
                    for c in chars.by_ref() {
                        if c.is_ascii_alphabetic() {
                            break;
                        }
                    }
                }
                Some(']') => {
                    while let Some(c) = chars.next() {
                        if c == '\x1b' {
                            chars.next();
                            break;
                        }
                    }
                }
                _ => {}
            },
            c => width += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0),
        }
    }
    width.div_ceil(columns).max(1)
}

/// The pager to run, with its arguments and environment.
#[derive(Debug, PartialEq, Eq)]
struct PagerCommand {
    program: String,
    args: Vec<String>,
    env: Vec<(&'static str, &'static str)>,
}

/// `GLOSS_PAGER`, else `PAGER`, else `less`. A variable set to nothing means
/// no pager at all (as git reads `PAGER=`); a command line that does not
/// parse (an unclosed quote) is not guessed at but reported. `less` without
/// a `LESS` of the user's gets `-FRX`: quit if the text fits one screen, show
/// the colours, leave the text on the screen. `env` is injected for tests.
fn pager_command(env: impl Fn(&str) -> Option<OsString>) -> Result<Option<PagerCommand>, String> {
    let (name, line) = match env("GLOSS_PAGER") {
        Some(line) => ("GLOSS_PAGER", line.to_string_lossy().into_owned()),
        None => match env("PAGER") {
            Some(line) => ("PAGER", line.to_string_lossy().into_owned()),
            None => ("the default", "less".to_string()),
        },
    };
    let words = shlex::split(&line)
        .ok_or_else(|| format!("cannot read {name}: an unclosed quote or a trailing backslash"))?;
    let mut words = words.into_iter();
    let Some(program) = words.next() else {
        return Ok(None);
    };
    let mut env_vars = Vec::new();
    let file_name = program.rsplit('/').next().unwrap_or(&program);
    if file_name == "less" {
        if env("LESS").is_none() {
            env_vars.push(("LESS", "FRX"));
        }
        // Articles are UTF-8 whatever the locale says (`env -i` has none).
        if env("LESSCHARSET").is_none() {
            env_vars.push(("LESSCHARSET", "utf-8"));
        }
    }
    Ok(Some(PagerCommand {
        program,
        args: words.collect(),
        env: env_vars,
    }))
}

/// Runs the pager with `text` on its input and waits for the reader to
/// quit. Quitting early closes the pipe: that, and whatever status the pager
/// exits with, is the reader's choice, not a failure. Only a pager that
/// cannot start is an error (the message), so the text can still be shown.
fn page(text: &str, command: &PagerCommand) -> Result<(), String> {
    // Ctrl-C in the pager reaches gloss too (one process group): gloss dying
    // would hand the shell the terminal while the pager still reads it. Until
    // the pager ends, SIGINT only sets this flag, which nothing needs to read.
    #[cfg(unix)]
    let _ = signal_hook::flag::register(
        signal_hook::consts::SIGINT,
        std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
    );
    let mut child = Command::new(&command.program)
        .args(&command.args)
        .envs(command.env.iter().copied())
        .stdin(Stdio::piped())
        .spawn()
        .map_err(|error| {
            format!(
                "cannot start the pager '{}': {}",
                command.program,
                error.kind()
            )
        })?;
    if let Some(mut stdin) = child.stdin.take() {
        match stdin.write_all(text.as_bytes()) {
            Err(error) if error.kind() != ErrorKind::BrokenPipe => {
                crate::store::report::plain(&format!("writing to the pager: {error}"));
            }
            _ => {}
        }
        // Dropping stdin closes it: the pager sees the end of the text.
    }
    let _ = child.wait();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn command(vars: &[(&str, &str)]) -> Option<PagerCommand> {
        pager_command(|name| {
            vars.iter()
                .find(|(var, _)| *var == name)
                .map(|(_, value)| OsString::from(value))
        })
        .unwrap()
    }

    #[test]
    fn gloss_pager_then_pager_then_less() {
        let less = command(&[]).unwrap();
        assert_eq!(less.program, "less");
        assert!(less.args.is_empty());
        assert_eq!(less.env, [("LESS", "FRX"), ("LESSCHARSET", "utf-8")]);
        assert_eq!(command(&[("PAGER", "more")]).unwrap().program, "more");
        let both = command(&[("PAGER", "more"), ("GLOSS_PAGER", "most -s")]).unwrap();
        assert_eq!(
            (both.program.as_str(), both.args),
            ("most", vec!["-s".into()])
        );
    }

    #[test]
    fn less_keeps_the_users_options() {
        let less = command(&[("PAGER", "/usr/bin/less -S"), ("LESS", "R")]).unwrap();
        assert_eq!(less.program, "/usr/bin/less");
        assert_eq!(less.args, ["-S"]);
        assert_eq!(less.env, [("LESSCHARSET", "utf-8")]);
        assert!(command(&[("PAGER", "lesser")]).unwrap().env.is_empty());
    }

    #[test]
    fn empty_or_broken_means_no_pager() {
        assert_eq!(command(&[("GLOSS_PAGER", ""), ("PAGER", "less")]), None);
        assert_eq!(command(&[("PAGER", "")]), None);
        assert_eq!(command(&[("PAGER", "  ")]), None);
        let unclosed = pager_command(|name| (name == "PAGER").then(|| "less 'x".into()));
        assert!(unclosed.unwrap_err().contains("cannot read PAGER"));
        let quoted = command(&[("PAGER", "'my pager' --flag")]).unwrap();
        assert_eq!(quoted.program, "my pager");
    }

    #[test]
    fn rows_count_wrapped_lines_and_skip_escapes() {
        assert_eq!(rows_of("", 80), 1);
        assert_eq!(rows_of(&"a".repeat(80), 80), 1);
        assert_eq!(rows_of(&"a".repeat(81), 80), 2);
        assert_eq!(rows_of(&"漢".repeat(40), 79), 2, "wide characters");
        let styled = format!("\x1b[38;5;11m\x1b[1m{}\x1b[0m", "a".repeat(80));
        assert_eq!(rows_of(&styled, 80), 1);
        let linked = "\x1b]8;;https://example.com/a-long-address\x1b\\link\x1b]8;;\x1b\\";
        assert_eq!(rows_of(linked, 10), 1);
    }

    #[test]
    fn auto_never_pages_a_pipe() {
        assert_eq!(Paging::resolve(PagingWhen::Auto, false), Paging::Never);
        assert_eq!(Paging::resolve(PagingWhen::Auto, true), Paging::WhenTaller);
        assert_eq!(Paging::resolve(PagingWhen::Always, false), Paging::Always);
    }
}
