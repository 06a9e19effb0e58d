//! The command line resolved into what to do: the query, the language
//! preferences, the format, and the look (colour and width) decided once.

use crate::cli::{Cli, ColorWhen, FormatWhen, Shell};
use crate::config::Config;
use crate::error::Error;
use crate::lang;
use crate::render::{Format, Look};
use std::io::IsTerminal;
use std::path::PathBuf;

/// Width for terminal output when neither `--width` nor a terminal says.
const DEFAULT_WIDTH: usize = 80;

/// What the user asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    Lookup,
    List,
    Langs,
    Translations,
    Search,
    /// Validate these folders (none named: every folder gloss reads).
    Check(Vec<PathBuf>),
    ShowPaths,
    Completions(Shell),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub mode: Mode,
    /// The TERM words joined by spaces; may be empty for lists.
    pub term: String,
    /// Languages named with `--lang`, canonical, in order.
    pub explicit_langs: Vec<String>,
    /// The explicit languages, then the environment's.
    pub preferences: Vec<String>,
    pub format: Format,
    pub short: bool,
    pub look: Look,
    /// `--data-dir` folders, in the order given.
    pub data_dirs: Vec<PathBuf>,
}

impl Request {
    /// Flags win over the config file, which wins over the environment's locale.
    pub fn from_cli(cli: Cli, config: &Config) -> Result<Request, Error> {
        let words: Vec<String> = cli
            .term
            .iter()
            .map(|w| w.to_string_lossy().into_owned())
            .collect();
        let term = words.join(" ");
        let mode = mode_of(&cli);
        check_term(&mode, &term)?;
        let explicit_langs = match &cli.lang {
            Some(list) => parse_langs(list)?,
            None => Vec::new(),
        };
        let stdout_is_terminal = std::io::stdout().is_terminal();
        Ok(Request {
            mode,
            term,
            preferences: lang::preferences_from_env(&explicit_langs, &config.lang),
            explicit_langs,
            format: resolve_format(cli.format, stdout_is_terminal),
            short: cli.short,
            look: Look {
                color: resolve_color(cli.color.or(config.color).unwrap_or(ColorWhen::Auto)),
                width: cli
                    .width
                    .or(config.width)
                    .unwrap_or_else(|| detect_width(stdout_is_terminal)),
            },
            data_dirs: cli.data_dir,
        })
    }
}

fn mode_of(cli: &Cli) -> Mode {
    if let Some(shell) = cli.completions {
        Mode::Completions(shell)
    } else if let Some(dirs) = &cli.check {
        Mode::Check(dirs.clone())
    } else if cli.show_paths {
        Mode::ShowPaths
    } else if cli.list {
        Mode::List
    } else if cli.langs {
        Mode::Langs
    } else if cli.translations {
        Mode::Translations
    } else if cli.search {
        Mode::Search
    } else {
        Mode::Lookup
    }
}

/// Lookups, translations and searches need a TERM; `--list` takes none.
fn check_term(mode: &Mode, term: &str) -> Result<(), Error> {
    let blank = term.trim().is_empty();
    match mode {
        Mode::Lookup | Mode::Translations if blank => Err(Error::Usage(
            "no term given (try 'gloss soft-sell', or 'gloss --help')".into(),
        )),
        Mode::Search if blank => Err(Error::Usage("--search needs words to look for".into())),
        Mode::List if !blank => Err(Error::Usage(
            "--list takes no TERM (use --search to look for words)".into(),
        )),
        Mode::ShowPaths | Mode::Check(_) | Mode::Completions(_) if !blank => Err(Error::Usage(
            "--check, --show-paths and --completions take no TERM".into(),
        )),
        _ => Ok(()),
    }
}

/// `--lang sv,pt-BR` → `["sv", "pt-BR"]`; anything that is not a tag is a usage error.
pub fn parse_langs(list: &str) -> Result<Vec<String>, Error> {
    list.split(',')
        .map(|tag| {
            lang::canonical(tag.trim()).ok_or_else(|| {
                Error::Usage(format!(
                    "'{}' is not a language tag (like sv, pt-BR or zh-TW)",
                    crate::error::shown(tag)
                ))
            })
        })
        .collect()
}

fn resolve_format(format: FormatWhen, stdout_is_terminal: bool) -> Format {
    match format {
        FormatWhen::Auto if stdout_is_terminal => Format::Terminal,
        FormatWhen::Auto | FormatWhen::Plain => Format::Plain,
        FormatWhen::Terminal => Format::Terminal,
        FormatWhen::Markdown => Format::Markdown,
        FormatWhen::Json => Format::Json,
    }
}

/// Colour is decided here, once: `auto` follows anstream's reading of the
/// terminal, `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`.
fn resolve_color(color: ColorWhen) -> bool {
    match color {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => {
            anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
        }
    }
}

/// The terminal's width; off a terminal, `COLUMNS`, else 80 columns.
fn detect_width(stdout_is_terminal: bool) -> usize {
    let from_terminal = stdout_is_terminal
        .then(termimad::crossterm::terminal::size)
        .and_then(Result::ok)
        .map(|(columns, _)| columns as usize)
        .filter(|&columns| columns > 0);
    from_terminal
        .or_else(|| std::env::var("COLUMNS").ok()?.trim().parse().ok())
        .unwrap_or(DEFAULT_WIDTH)
}
