//! The common command lines (`gloss TERM… [--lang L] [--format F] …`) read
//! without clap. Building clap's command definition (every flag, its help,
//! its values) costs more than the rest of a lookup; a line this reader is
//! not sure of, including every mistake, goes to clap, so what gloss accepts
//! and every message stay clap's.

use crate::app::cli::{Cli, ColorWhen, FormatWhen};
use clap::ValueEnum;
use std::ffi::OsString;

/// The command line as clap would read it, or `None` when it is not one of
/// the simple shapes: words, `--data-dir` with a separate value (any number
/// of times), at most once each `--lang`/`-l`, `--format`/`-f`, `--color`,
/// `--width`/`-w` with a separate value, `--short`/`-s`, and one of
/// `--list` or `--search`.
pub(crate) fn parse(args: &[OsString]) -> Option<Cli> {
    let mut cli = Cli::default();
    let (mut format_seen, mut mode_seen) = (false, false);
    let mut args = args.iter().skip(1);
    while let Some(arg) = args.next() {
        let arg = arg.to_str()?;
        if !arg.starts_with('-') {
            cli.term.push(arg.into());
            continue;
        }
        match arg {
            "--lang" | "-l" => set(&mut cli.lang, value(args.next())?.to_string())?,
            "--format" | "-f" => {
                cli.format = FormatWhen::from_str(value(args.next())?, false).ok()?;
                once(&mut format_seen)?;
            }
            "--color" => set(
                &mut cli.color,
                ColorWhen::from_str(value(args.next())?, false).ok()?,
            )?,
            "--width" | "-w" => {
                let digits = value(args.next())?;
                if !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                set(&mut cli.width, digits.parse().ok()?)?;
            }
            "--short" | "-s" => once(&mut cli.short)?,
            // Repeatable, as in clap; a team's folder is a common line.
            "--data-dir" => cli.data_dir.push(value(args.next())?.into()),
            "--list" => {
                once(&mut mode_seen)?;
                cli.list = true;
            }
            "--search" => {
                once(&mut mode_seen)?;
                cli.search = true;
            }
            _ => return None,
        }
    }
    Some(cli)
}

/// A flag's value: there, UTF-8, and not something clap could read as a flag.
fn value(arg: Option<&OsString>) -> Option<&str> {
    arg?.to_str()
        .filter(|v| !v.is_empty() && !v.starts_with('-'))
}

/// Clap refuses a flag given twice; leave that to clap's message.
fn set<T>(slot: &mut Option<T>, value: T) -> Option<()> {
    match slot {
        Some(_) => None,
        None => {
            *slot = Some(value);
            Some(())
        }
    }
}

fn once(seen: &mut bool) -> Option<()> {
    if *seen {
        return None;
    }
    *seen = true;
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn line(text: &str) -> Vec<OsString> {
        std::iter::once("gloss")
            .chain(text.split(' ').filter(|w| !w.is_empty()))
            .map(OsString::from)
            .collect()
    }

    /// Whatever this reader accepts, clap reads the same way.
    #[test]
    fn agrees_with_clap() {
        let lines = [
            "",
            "soft-sell",
            "mjuk salj --lang sv",
            "soft-sell --lang fi,sv --format plain",
            "-l sv soft-sell -f json -s",
            "soft-sell --format terminal --color always --width 80",
            "soft-sell -w 080",
            "--list --lang fi",
            "--search kostnad forsaljning",
            "--list",
            "soft-sell --short",
            "--data-dir team soft-sell --data-dir ~/mine",
            "--data-dir team --list",
            "--data-dir soft-sell",
        ];
        for text in lines {
            let args = line(text);
            let quick = parse(&args).unwrap_or_else(|| panic!("not read: {text}"));
            let clap = Cli::try_parse_from(&args).unwrap();
            assert_eq!(format!("{quick:?}"), format!("{clap:?}"), "{text}");
        }
    }

    /// Anything unusual, and every mistake, is left to clap.
    #[test]
    fn leaves_the_rest_to_clap() {
        let lines = [
            "soft-sell --lang",
            "soft-sell --lang sv --lang fi",
            "soft-sell --lang=sv",
            "soft-sell --lang -x",
            "soft-sell --format html",
            "soft-sell --format Plain",
            "soft-sell --width +80",
            "soft-sell --width 99999999999999999999999",
            "soft-sell -s -s",
            "--list --search x",
            "--list --list",
            "soft-sell --color sometimes",
            "--langs",
            "--help",
            "-h",
            "--version",
            "-V",
            "--data-dir=x soft-sell",
            "--data-dir -x soft-sell",
            "soft-sell --paging never",
            "soft-sell -P",
            "soft-sell --compare sv,fi",
            "--coverage",
            "--list --long",
            "--pick",
            "-- soft-sell",
            "-",
            "-sl sv x",
        ];
        for text in lines {
            assert!(parse(&line(text)).is_none(), "{text}");
        }
    }
}
