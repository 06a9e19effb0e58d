//! The command line, as clap reads it. Long names are spelled out so that
//! completion scripts and the man page stay in step with what gloss accepts.

// `--export`'s and `--format`'s values are defined once, with the formats
// they name (which know nothing of the glossary).
use crate::formats::termbase::Exchange;
use crate::render::Format;
use clap::builder::PossibleValue;
use clap::{ArgGroup, CommandFactory, Parser, ValueEnum};
use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::OnceLock;

const EXAMPLES: &str = "\
Examples:
  gloss soft-sell                  the article in your preferred language
  gloss soft-sell --lang fi        the Finnish article
  gloss \"Mjuk sälj\" --lang pl      a title in any language, shown in Polish
  gloss mjuk salj                  diacritics are optional
  gloss soft-sell | grep -i kund   piped output is plain text, one paragraph per line
  gloss soft-sell --format json    structured output for scripts
  gloss --list --lang fi           every term with its Finnish title
  gloss soft-sell --translations   the term's title in every language
  gloss --search e-postmeddelande  full-text search in every language
  gloss --data-dir ~/team-terms x  a team's own glossary folder above the built-in one
  gloss --check ~/team-terms       validate a glossary folder
  gloss soft-sell --compare sv,fi  two languages side by side
  gloss --coverage --lang fi       what is not (or no longer) translated into Finnish
  gloss --export tbx > terms.tbx   the glossary for a CAT tool
  gloss --new solar-panel --lang en   write a new article in your editor
  gloss --render draft.md          preview and check a file while writing it
  gloss --pick                     choose a term in a fuzzy finder (fzf or sk)
  gloss --lint sv.po guide.md      avoided terms, terms not translated as the glossary says
  gloss --scan notes.md -l sv      the glossary terms in a text, with their descriptions
  source <(gloss --completions bash)   TAB-complete terms, flags and languages";

// `Default` is what clap gives a line with no arguments (the quick reader
// starts from it; its test checks the two agree).
#[derive(Debug, Default, Parser)]
#[command(
    name = "gloss",
    version,
    about = "A multilingual glossary for the terminal: offline, instant, scriptable.",
    after_help = EXAMPLES,
    max_term_width = 100,
    group(ArgGroup::new("mode").args([
        "list",
        "langs",
        "translations",
        "search",
        "check",
        "show_paths",
        "completions",
        "compare",
        "coverage",
        "export",
        "import",
        "render",
        "new",
        "edit",
        "pick",
        "lsp",
        "lint",
        "scan",
    ]))
)]
pub(crate) struct Cli {
    /// The term: a slug (soft-sell) or a title in any language (Mjuk sälj)
    #[arg(value_name = "TERM")]
    pub(crate) term: Vec<OsString>,

    /// Language to show, e.g. sv, pt-BR, zh-TW (a comma-separated list
    /// is tried in order) [default: from GLOSS_LANG, LANGUAGE, LC_ALL,
    /// LC_MESSAGES, LANG]
    #[arg(short = 'l', long = "lang", value_name = "LANG")]
    pub(crate) lang: Option<String>,

    /// Output format; auto is terminal on a terminal or when colour is
    /// asked for (--color always, CLICOLOR_FORCE), plain otherwise
    #[arg(
        short = 'f',
        long = "format",
        value_name = "FORMAT",
        value_enum,
        default_value_t = FormatWhen::Auto
    )]
    pub(crate) format: FormatWhen,

    /// When to use colours; auto honours NO_COLOR, CLICOLOR_FORCE and
    /// TERM=dumb [default: auto, or the config file's]
    #[arg(long = "color", value_enum, value_name = "WHEN")]
    pub(crate) color: Option<ColorWhen>,

    /// When to show output in a pager; auto pages on a terminal when the
    /// output is taller than it [default: auto, or the config file's]
    #[arg(long = "paging", value_enum, value_name = "WHEN")]
    pub(crate) paging: Option<PagingWhen>,

    /// Never page: the same as --paging never
    #[arg(short = 'P', long = "no-paging")]
    pub(crate) no_paging: bool,

    /// When to make web links clickable (OSC 8); auto: on a terminal
    /// unless TERM=dumb
    #[arg(long = "hyperlink", value_enum, value_name = "WHEN", default_value_t = HyperlinkWhen::Auto)]
    pub(crate) hyperlink: HyperlinkWhen,

    /// Wrap terminal output at N columns [default: the terminal's width]
    #[arg(short = 'w', long = "width", value_name = "N")]
    pub(crate) width: Option<usize>,

    /// Print only the one-line description
    #[arg(short = 's', long = "short")]
    pub(crate) short: bool,

    /// List every term: slug and title in the preferred language
    #[arg(long = "list")]
    pub(crate) list: bool,

    /// List the glossary's languages with their article counts, or with
    /// TERM, that term's languages
    #[arg(long = "langs")]
    pub(crate) langs: bool,

    /// Show TERM's title in every language it has, and its translations
    /// in bilingual dictionaries, read both ways
    #[arg(long = "translations")]
    pub(crate) translations: bool,

    /// Search titles, descriptions and text for the TERM words (the last
    /// word also matches as a prefix)
    #[arg(long = "search")]
    pub(crate) search: bool,

    /// Also read this glossary folder (<slug>/<lang>.md), or this dictd or
    /// StarDict dictionary (.index, .ifo) or folder of them; repeatable, the
    /// first wins [also: GLOSS_DATA_DIRS, colon-separated]
    #[arg(long = "data-dir", value_name = "DIR")]
    pub(crate) data_dir: Vec<PathBuf>,

    /// Do not read the project folder (the nearest .gloss/ above the
    /// working directory)
    #[arg(long = "no-project")]
    pub(crate) no_project: bool,

    /// Read only this dictionary (its file name without extension, as
    /// --show-paths lists them: freedict-eng-swe, foldoc); repeatable
    #[arg(long = "dict", value_name = "NAME", conflicts_with = "no_dictionaries")]
    pub(crate) dict: Vec<String>,

    /// Read no dictd or StarDict dictionary [config: dictionaries: false]
    #[arg(long = "no-dictionaries")]
    pub(crate) no_dictionaries: bool,

    /// Validate glossary folders (default: every folder gloss reads); one
    /// line per problem, exit 1 when there are any
    #[arg(long = "check", value_name = "DIR", num_args = 0..)]
    pub(crate) check: Option<Vec<PathBuf>>,

    /// Print the config file and glossary folders gloss reads, and whether each exists
    #[arg(long = "show-paths")]
    pub(crate) show_paths: bool,

    /// Show TERM in these languages side by side (sv,fi,... or all)
    #[arg(long = "compare", value_name = "LANGS")]
    pub(crate) compare: Option<String>,

    /// Translation coverage per language; with --lang L, the terms missing
    /// in L and those whose structure suggests they are out of date
    #[arg(long = "coverage")]
    pub(crate) coverage: bool,

    /// Write the whole glossary to stdout as TBX, TSV or CSV (--lang picks languages)
    #[arg(long = "export", value_name = "FORMAT", value_enum)]
    pub(crate) export: Option<Exchange>,

    /// Read TBX, CSV or PO files and write their terms as articles into the --into folder
    #[arg(long = "import", value_name = "FILE", requires = "into", num_args = 1..)]
    pub(crate) import: Vec<PathBuf>,

    /// The glossary folder --import writes into
    #[arg(long = "into", value_name = "DIR", requires = "import")]
    pub(crate) into: Option<PathBuf>,

    /// Let --import replace articles that already exist
    #[arg(long = "force", requires = "import")]
    pub(crate) force: bool,

    /// Let --export write CSV and TSV cells as they are: without it, a cell
    /// a spreadsheet would run as a formula (=, +, -, @) starts with '
    #[arg(long = "raw", requires = "export")]
    pub(crate) raw: bool,
    /// Render a markdown article file that is in no folder (- for stdin) and
    /// report its problems as --check would: the preview while writing
    #[arg(long = "render", value_name = "FILE")]
    pub(crate) render: Option<PathBuf>,

    /// Create SLUG/LANG.md (with --lang) in the user folder, or the project
    /// folder with --project, and open it in VISUAL or EDITOR
    #[arg(long = "new", value_name = "SLUG", requires = "lang")]
    pub(crate) new: Option<String>,

    /// With --new, start from the term's article in this language
    #[arg(long = "from", value_name = "LANG", requires = "new")]
    pub(crate) from: Option<String>,

    /// With --new, create the file in the project folder (.gloss/)
    #[arg(long = "project", requires = "new", conflicts_with = "no_project")]
    pub(crate) project: bool,

    /// Open the file a lookup of TERM would show in VISUAL or EDITOR; a
    /// built-in article is first copied to the user folder
    #[arg(long = "edit")]
    pub(crate) edit: bool,

    /// Pick a term in a fuzzy finder (GLOSS_FINDER, else fzf, else sk)
    /// with the article as preview, then show it
    #[arg(long = "pick")]
    pub(crate) pick: bool,

    /// Serve the glossary to an editor: a language server (LSP) on stdin
    /// and stdout, with hover, completion, term checks and quick fixes
    #[arg(long = "lsp")]
    pub(crate) lsp: bool,

    /// Check documents against the glossary (PO, XLIFF, TMX, TSV, CSV,
    /// markdown, else plain text; - for stdin): avoided terms, source terms
    /// not translated as the glossary says; exit 1 when there are any
    #[arg(long = "lint", value_name = "FILE", num_args = 1..)]
    pub(crate) lint: Option<Vec<PathBuf>>,

    /// List the glossary terms in documents (- for stdin), each occurrence
    /// with the term's description; exit 1 when there are none
    #[arg(long = "scan", value_name = "FILE", num_args = 1..)]
    pub(crate) scan: Option<Vec<PathBuf>>,

    /// With --lint and --scan, the source language of bilingual documents
    /// [default: what the file says, else en]
    #[arg(long = "source-lang", value_name = "LANG")]
    pub(crate) source_lang: Option<String>,

    /// With --lint and --scan, check PO entries marked fuzzy too
    #[arg(long = "fuzzy")]
    pub(crate) fuzzy: bool,

    /// With --list: every term's slug, title, description and languages
    #[arg(long = "long", requires = "list")]
    pub(crate) long: bool,

    /// Print the completion script for SHELL (see the README to install it)
    #[arg(long = "completions", value_name = "SHELL", value_enum)]
    pub(crate) completions: Option<Shell>,
}

/// The command line definition, for completion and the man page.
pub(crate) fn command() -> clap::Command {
    Cli::command()
}

/// The shells `--completions` writes scripts for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Shell {
    Bash,
    Zsh,
    Fish,
    Elvish,
    Powershell,
}

/// The `--format` values: `auto`, decided once in `app/request.rs`, or one
/// of render's formats, whose values and help text are `render::Format`'s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum FormatWhen {
    #[default]
    Auto,
    Chosen(Format),
}

impl ValueEnum for FormatWhen {
    fn value_variants<'a>() -> &'a [Self] {
        static VALUES: OnceLock<Vec<FormatWhen>> = OnceLock::new();
        VALUES.get_or_init(|| {
            let chosen = Format::value_variants().iter().copied();
            std::iter::once(FormatWhen::Auto)
                .chain(chosen.map(FormatWhen::Chosen))
                .collect()
        })
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        match self {
            FormatWhen::Auto => Some(
                PossibleValue::new("auto")
                    .help("Terminal on a terminal or with colour asked for, plain when piped"),
            ),
            FormatWhen::Chosen(format) => format.to_possible_value(),
        }
    }
}

/// The `--color` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorWhen {
    /// Colour on a terminal unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it
    Auto,
    /// Always colour
    Always,
    /// Never colour
    Never,
}

/// The `--paging` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum PagingWhen {
    /// Page on a terminal when the output is taller than the terminal
    Auto,
    /// Always use the pager
    Always,
    /// Never use the pager
    Never,
}

/// The `--hyperlink` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub(crate) enum HyperlinkWhen {
    /// Clickable links on a terminal unless TERM=dumb
    #[default]
    Auto,
    /// Always write clickable links
    Always,
    /// Never write clickable links
    Never,
}
