//! The command line resolved into what to do: the query, the language
//! preferences, the format, and the look (colour and width) decided once.

use crate::app::cli::{Cli, ColorWhen, FormatWhen, HyperlinkWhen, PagingWhen, Shell};
use crate::app::config::Config;
use crate::app::pager::Paging;
use crate::formats::termbase::Exchange;
use crate::model::error::Error;
use crate::model::lang;
use crate::query::lookup::{self, Resolved};
use crate::render::{Format, Look};
use crate::store::glossary::Glossary;
use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::PathBuf;

/// Width for terminal output when neither `--width` nor a terminal says.
const DEFAULT_WIDTH: usize = 80;

/// What the user asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Mode {
    Lookup,
    List,
    Langs,
    Translations,
    Search,
    /// Validate these folders (none named: every folder gloss reads).
    Check(Vec<PathBuf>),
    ShowPaths,
    Completions(Shell),
    /// These languages side by side (none: all the term has).
    Compare(Vec<String>),
    Coverage,
    /// `raw`: cells as they are, formulas included (`--raw`).
    Export {
        format: Exchange,
        raw: bool,
    },
    Import {
        files: Vec<PathBuf>,
        into: PathBuf,
        force: bool,
    },
    /// Render this file (`-`: stdin), outside any folder.
    Render(PathBuf),
    /// Create SLUG's article in the `--lang` language.
    New {
        slug: String,
        from: Option<String>,
        in_project: bool,
    },
    Edit,
    Pick,
    /// Serve the glossary to an editor (`--lsp`).
    Lsp,
    /// Check these documents (`-`: stdin) against the glossary.
    Lint(Vec<PathBuf>),
    /// List the glossary terms in these documents.
    Scan(Vec<PathBuf>),
}

impl Mode {
    /// Whether the mode reads dictionaries when no `--dict` names any: a
    /// lookup (their entries, their headwords among suggestions),
    /// `--translations`, and what lists or checks every source. The others
    /// answer from glossary articles only, so they do not look for any.
    pub(crate) fn reads_dictionaries(&self) -> bool {
        matches!(
            self,
            Mode::Lookup | Mode::Translations | Mode::Check(_) | Mode::ShowPaths
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Request {
    pub(crate) mode: Mode,
    /// The TERM words joined by spaces; may be empty for lists.
    pub(crate) term: String,
    /// Languages named with `--lang`, canonical, in order.
    pub(crate) explicit_langs: Vec<String>,
    /// The explicit languages, then the environment's.
    pub(crate) preferences: Vec<String>,
    pub(crate) format: Format,
    pub(crate) short: bool,
    pub(crate) look: Look,
    pub(crate) paging: Paging,
    /// `--data-dir` folders, in the order given.
    pub(crate) data_dirs: Vec<PathBuf>,
    /// Whether to read the project folder (`--no-project`, config `project`).
    pub(crate) project: bool,
    /// `--list --long`: descriptions and languages too.
    pub(crate) long: bool,
    /// `--dict` names: only these dictionaries (none: all).
    pub(crate) dicts: Vec<String>,
    /// Whether to read dictionaries (`--no-dictionaries`, config `dictionaries`).
    pub(crate) dictionaries: bool,
    /// `--source-lang`, canonical.
    pub(crate) source_lang: Option<String>,
    /// `--fuzzy`: PO entries marked fuzzy are checked too.
    pub(crate) fuzzy: bool,
}

impl Request {
    /// The article the TERM names, in the language asked for or preferred.
    pub(crate) fn resolve(&self, glossary: &Glossary) -> Result<Resolved, Error> {
        lookup::resolve(
            glossary,
            &self.term,
            &self.explicit_langs,
            &self.preferences,
        )
    }

    /// Flags win over the config file, which wins over the environment's locale.
    pub(crate) fn from_cli(cli: Cli, config: &Config) -> Result<Request, Error> {
        let words: Vec<String> = cli
            .term
            .iter()
            .map(|w| w.to_string_lossy().into_owned())
            .collect();
        let term = words.join(" ");
        let mode = mode_of(&cli)?;
        check_term(&mode, &term)?;
        let explicit_langs = match &cli.lang {
            Some(list) => parse_langs(list)?,
            None => Vec::new(),
        };
        let source_lang = match &cli.source_lang {
            Some(tag) => parse_langs(tag)?.into_iter().next(),
            None => None,
        };
        let linting = matches!(mode, Mode::Lint(_));
        if cli.format == FormatWhen::Chosen(Format::Sarif) && !linting {
            return Err(Error::Usage("--format sarif is for --lint".into()));
        }
        if (source_lang.is_some() || cli.fuzzy) && !matches!(mode, Mode::Lint(_) | Mode::Scan(_)) {
            return Err(Error::Usage(
                "--source-lang and --fuzzy are for --lint and --scan".into(),
            ));
        }
        let stdout_is_terminal = std::io::stdout().is_terminal();
        let color = resolve_color(cli.color.or(config.color).unwrap_or(ColorWhen::Auto));
        let paging = match cli.no_paging {
            true => PagingWhen::Never,
            false => cli.paging.or(config.paging).unwrap_or(PagingWhen::Auto),
        };
        Ok(Request {
            mode,
            term,
            preferences: lang::preferences_from_env(&explicit_langs, &config.lang),
            explicit_langs,
            format: resolve_format(cli.format, stdout_is_terminal || color),
            short: cli.short,
            paging: Paging::resolve(paging, stdout_is_terminal),
            look: Look {
                color,
                hyperlinks: resolve_hyperlinks(cli.hyperlink, stdout_is_terminal),
                width: cli
                    .width
                    .or(config.width)
                    .unwrap_or_else(|| detect_width(stdout_is_terminal)),
            },
            data_dirs: cli.data_dir,
            project: !cli.no_project && config.project != Some(false),
            long: cli.long,
            // Naming a dictionary reads it whatever the config file says.
            dictionaries: !cli.no_dictionaries
                && (config.dictionaries != Some(false) || !cli.dict.is_empty()),
            dicts: cli.dict,
            source_lang,
            fuzzy: cli.fuzzy,
        })
    }
}

fn mode_of(cli: &Cli) -> Result<Mode, Error> {
    // Like --check's folders, files after the first are TERM words to clap.
    let files = |first: &[PathBuf]| {
        let rest = cli.term.iter().map(PathBuf::from);
        first.iter().cloned().chain(rest).collect()
    };
    Ok(if let Some(shell) = cli.completions {
        Mode::Completions(shell)
    } else if let Some(langs) = &cli.compare {
        let all = langs.trim().eq_ignore_ascii_case("all");
        Mode::Compare(if all { Vec::new() } else { parse_langs(langs)? })
    } else if cli.coverage {
        Mode::Coverage
    } else if let Some(format) = cli.export {
        Mode::Export {
            format,
            raw: cli.raw,
        }
    } else if let (false, Some(into)) = (cli.import.is_empty(), &cli.into) {
        Mode::Import {
            files: cli.import.clone(),
            into: into.clone(),
            force: cli.force,
        }
    } else if let Some(dirs) = &cli.check {
        // `--check --format json DIR` leaves DIR to the TERM words: it is
        // still a folder to check.
        let dirs = dirs
            .iter()
            .cloned()
            .chain(cli.term.iter().map(PathBuf::from));
        Mode::Check(dirs.collect())
    } else if let Some(documents) = &cli.lint {
        Mode::Lint(files(documents))
    } else if let Some(documents) = &cli.scan {
        Mode::Scan(files(documents))
    } else if let Some(file) = &cli.render {
        Mode::Render(file.clone())
    } else if let Some(slug) = &cli.new {
        Mode::New {
            slug: slug.clone(),
            from: cli.from.clone(),
            in_project: cli.project,
        }
    } else if cli.edit {
        Mode::Edit
    } else if cli.pick {
        Mode::Pick
    } else if cli.lsp {
        Mode::Lsp
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
    })
}

/// Lookups, translations and searches need a TERM; `--list` takes none.
fn check_term(mode: &Mode, term: &str) -> Result<(), Error> {
    let blank = term.trim().is_empty();
    match mode {
        Mode::Lookup | Mode::Translations | Mode::Compare(_) | Mode::Edit if blank => Err(
            Error::Usage("no term given (try 'gloss soft-sell', or 'gloss --help')".into()),
        ),
        Mode::Search if blank => Err(Error::no_search_words()),
        Mode::List if !blank => Err(Error::Usage(
            "--list takes no TERM (use --search to look for words)".into(),
        )),
        Mode::ShowPaths | Mode::Completions(_) if !blank => Err(Error::Usage(
            "--show-paths and --completions take no TERM".into(),
        )),
        Mode::Coverage | Mode::Export { .. } | Mode::Import { .. } if !blank => Err(Error::Usage(
            "--coverage, --export and --import take no TERM".into(),
        )),
        Mode::Render(_) | Mode::New { .. } | Mode::Pick if !blank => Err(Error::Usage(
            "--render, --new and --pick take no TERM".into(),
        )),
        Mode::Lsp if !blank => Err(Error::Usage("--lsp takes no TERM".into())),
        _ => Ok(()),
    }
}

/// `--lang sv,pt-BR` → `["sv", "pt-BR"]`; anything that is not a tag is a usage error.
pub(crate) fn parse_langs(list: &str) -> Result<Vec<String>, Error> {
    list.split(',')
        .map(|tag| {
            lang::canonical(tag.trim())
                .ok_or_else(|| Error::Usage(lang::not_a_tag(&crate::model::error::shown(tag))))
        })
        .collect()
}

/// `auto` is the terminal rendering where it is read as styled text: on a
/// terminal, or wherever colour was asked for (`--color always | less -R`).
fn resolve_format(format: FormatWhen, styled: bool) -> Format {
    match format {
        FormatWhen::Auto if styled => Format::Terminal,
        FormatWhen::Auto => Format::Plain,
        FormatWhen::Chosen(format) => format,
    }
}

/// Colour is decided here, once, for `--color` and the config file's `color`.
fn resolve_color(color: ColorWhen) -> bool {
    match color {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => auto_color(std::io::stdout().is_terminal(), |name| {
            std::env::var_os(name)
        }),
    }
}

/// `--color auto`, after NO_COLOR (<https://no-color.org>) and the CLICOLOR
/// convention (<https://bixense.com/clicolors/>). Written out here rather than
/// taken from anstream, which lets `CLICOLOR_FORCE=0` force colour: the
/// convention forces it only for a set value other than `0`. A variable set
/// to nothing counts as unset, as NO_COLOR asks. `env` is injected for tests.
fn auto_color(stdout_is_terminal: bool, env: impl Fn(&str) -> Option<OsString>) -> bool {
    let set = |name: &str| env(name).filter(|value| !value.is_empty());
    if set("NO_COLOR").is_some() {
        return false;
    }
    if set("CLICOLOR_FORCE").is_some_and(|value| value != "0") {
        return true;
    }
    let clicolor = set("CLICOLOR");
    if clicolor.as_deref().is_some_and(|value| value == "0") {
        return false;
    }
    // CLICOLOR set says the terminal shows colour whatever TERM claims, and
    // CI log viewers show it with TERM unset (anstream's rule, kept).
    stdout_is_terminal
        && (terminal_has_colour(set("TERM")) || clicolor.is_some() || set("CI").is_some())
}

/// `--hyperlink auto`: OSC 8 on a terminal that claims to be more than dumb
/// (terminals without OSC 8 ignore the sequence and show the text).
fn resolve_hyperlinks(when: HyperlinkWhen, stdout_is_terminal: bool) -> bool {
    match when {
        HyperlinkWhen::Always => true,
        HyperlinkWhen::Never => false,
        HyperlinkWhen::Auto => {
            stdout_is_terminal
                && terminal_has_colour(std::env::var_os("TERM").filter(|term| !term.is_empty()))
        }
    }
}

/// Windows consoles set no TERM and show colour; elsewhere an unset TERM is
/// an environment too odd to trust, and `dumb` says it has none.
fn terminal_has_colour(term: Option<OsString>) -> bool {
    cfg!(windows) || term.is_some_and(|term| term != "dumb")
}

/// The terminal's width; off a terminal, the width of the fzf preview
/// window this runs in (`FZF_PREVIEW_COLUMNS`, which fzf sets for a
/// preview command), else `COLUMNS`, else 80 columns.
fn detect_width(stdout_is_terminal: bool) -> usize {
    let from_terminal = stdout_is_terminal
        .then(termimad::crossterm::terminal::size)
        .and_then(Result::ok)
        .map(|(columns, _)| columns as usize)
        .filter(|&columns| columns > 0);
    let columns = |var: &str| {
        std::env::var(var)
            .ok()?
            .trim()
            .parse()
            .ok()
            .filter(|&columns: &usize| columns > 0)
    };
    from_terminal
        .or_else(|| columns("FZF_PREVIEW_COLUMNS"))
        .or_else(|| columns("COLUMNS"))
        .unwrap_or(DEFAULT_WIDTH)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `auto_color` on a terminal (or not) with only these variables set.
    fn auto(terminal: bool, vars: &[(&str, &str)]) -> bool {
        auto_color(terminal, |name| {
            vars.iter()
                .find(|(var, _)| *var == name)
                .map(|(_, value)| OsString::from(value))
        })
    }

    #[test]
    fn auto_colour_follows_no_color_and_clicolor() {
        let term = ("TERM", "xterm-256color");
        assert!(auto(true, &[term]));
        assert!(!auto(false, &[term]), "piped");
        assert_eq!(auto(true, &[]), cfg!(windows), "no TERM");
        assert!(!auto(true, &[("TERM", "dumb")]));
        assert!(auto(true, &[("TERM", "dumb"), ("CLICOLOR", "1")]));
        assert!(!auto(true, &[term, ("CLICOLOR", "0")]));
        assert!(!auto(true, &[term, ("NO_COLOR", "1")]));
        assert!(auto(true, &[term, ("NO_COLOR", "")]), "empty is unset");
        assert!(auto(false, &[("CLICOLOR_FORCE", "1")]));
        assert!(auto(false, &[("CLICOLOR_FORCE", "yes"), ("CLICOLOR", "0")]));
        assert!(!auto(false, &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]));
    }

    #[test]
    fn clicolor_force_0_or_empty_does_not_force() {
        for value in ["0", ""] {
            assert!(!auto(false, &[("CLICOLOR_FORCE", value)]), "{value:?}");
            assert!(auto(true, &[("TERM", "xterm"), ("CLICOLOR_FORCE", value)]));
        }
    }
}
