//! The man page, `doc/gloss.1`: clap_mangen renders what the command line
//! defines (name, description, options); the rest is written here with roff,
//! because clap_mangen's synopsis has no value placeholders and its after-help
//! section reflows the examples' columns into one justified paragraph.

use clap_mangen::Man;
use gloss_core::ExitCode;
use roff::{bold, italic, roman, Inline, Roff};

/// Synopsis lines are kept no wider than this, so they fit the 73 columns
/// `man` leaves on an 80-column terminal.
const SYNOPSIS_WIDTH: usize = 72;

/// The whole page, from `gloss_core::command()`.
pub fn page() -> Vec<u8> {
    let mut cmd = gloss_core::command();
    cmd.build();
    let man = Man::new(cmd.clone());
    // Each renderer opens with roff's apostrophe preamble; the page needs it once.
    let preamble = Roff::new().render().into_bytes();
    let mut page = preamble.clone();
    let mut section = |render: &dyn Fn(&mut Vec<u8>) -> std::io::Result<()>| {
        let mut text = Vec::new();
        render(&mut text).expect("writing to a Vec");
        page.extend_from_slice(text.strip_prefix(&preamble[..]).unwrap_or(&text));
    };
    section(&|w| man.render_title(w));
    section(&|w| man.render_name_section(w));
    section(&|w| write_roff(w, synopsis(&cmd)));
    section(&|w| man.render_description_section(w));
    section(&|w| write_roff(w, description()));
    section(&|w| man.render_options_section(w));
    section(&|w| write_roff(w, exit_status()));
    section(&|w| write_roff(w, environment()));
    section(&|w| write_roff(w, files()));
    section(&|w| write_roff(w, examples(&cmd)));
    page
}

fn write_roff(w: &mut Vec<u8>, roff: Roff) -> std::io::Result<()> {
    roff.to_writer(w)
}

/// Every option with its value placeholder, then TERM, in lines that do not
/// fill: `man` would otherwise break `--lang` from its `LANG`.
fn synopsis(cmd: &clap::Command) -> Roff {
    let mut items: Vec<Vec<Inline>> = cmd
        .get_arguments()
        .filter(|arg| !arg.is_hide_set() && !arg.is_positional())
        .map(option_item)
        .collect();
    items.extend(cmd.get_positionals().map(positional_item));
    let mut roff = Roff::new();
    roff.control("SH", ["SYNOPSIS"]).control("nf", []);
    let name = cmd.get_name();
    let mut line = vec![bold(name)];
    let mut used = name.len();
    for item in items {
        let width: usize = item.iter().map(text_width).sum();
        if used + 1 + width > SYNOPSIS_WIDTH {
            roff.text(std::mem::take(&mut line));
            // Continuation lines start under the first option.
            line.push(roman(" ".repeat(name.len())));
            used = name.len();
        }
        line.push(roman(" "));
        line.extend(item);
        used += 1 + width;
    }
    roff.text(line).control("fi", []);
    roff
}

/// `[-l|--lang LANG]`, `[--data-dir DIR]...`, `[--check [DIR...]]`.
fn option_item(arg: &clap::Arg) -> Vec<Inline> {
    let mut item = vec![roman("[")];
    match (arg.get_short(), arg.get_long()) {
        (Some(short), Some(long)) => item.extend([
            bold(format!("-{short}")),
            roman("|"),
            bold(format!("--{long}")),
        ]),
        (Some(short), None) => item.push(bold(format!("-{short}"))),
        (None, Some(long)) => item.push(bold(format!("--{long}"))),
        (None, None) => unreachable!("an option has a short or a long name"),
    }
    let values = arg.get_num_args().expect("a built command");
    if values.takes_values() {
        let name = value_name(arg);
        let name = if values.max_values() > 1 {
            format!("{name}...")
        } else {
            name
        };
        if values.min_values() == 0 {
            item.extend([roman(" ["), italic(name), roman("]")]);
        } else {
            item.extend([roman(" "), italic(name)]);
        }
    }
    item.push(roman("]"));
    // `[--check [DIR...]]` already says it takes many; `...` once is enough.
    if matches!(arg.get_action(), clap::ArgAction::Append) && values.max_values() == 1 {
        item.push(roman("..."));
    }
    item
}

/// `[TERM]...`, as clap's usage line writes it.
fn positional_item(arg: &clap::Arg) -> Vec<Inline> {
    let (open, close) = if arg.is_required_set() {
        ("<", ">")
    } else {
        ("[", "]")
    };
    let mut item = vec![roman(open), italic(value_name(arg)), roman(close)];
    if arg.get_num_args().expect("a built command").max_values() > 1 {
        item.push(roman("..."));
    }
    item
}

/// The placeholder; src/cli.rs names every one, so `--help` and this page agree.
fn value_name(arg: &clap::Arg) -> String {
    let names = arg.get_value_names().unwrap_or_else(|| {
        panic!(
            "--{} takes a value but has no value_name in src/cli.rs",
            arg.get_id()
        )
    });
    names.join(" ")
}

fn text_width(inline: &Inline) -> usize {
    match inline {
        Inline::Roman(text) | Inline::Bold(text) | Inline::Italic(text) => text.chars().count(),
        Inline::LineBreak => 0,
    }
}

/// What a user needs beyond the one-line description: how TERM is matched
/// and what a language preference is.
fn description() -> Roff {
    let mut roff = Roff::new();
    roff.control("PP", []).text([
        italic("TERM"),
        roman(
            " is a slug (soft-sell) or a title in any language (Mjuk sälj); several words need \
             no quotes. Matching ignores case and Unicode normalisation form, treats spaces, - and \
             _ alike, and falls back to ignoring diacritics. A title shows the article in the \
             title's language unless ",
        ),
        bold("--lang"),
        roman(" asks for another."),
    ]);
    roff.control("PP", []).text([roman(
        "Without --lang, the article is shown in the first preferred language the term has \
         (see ENVIRONMENT), else in English, else in its first language, with a note on \
         standard error. Piped output is plain text, one paragraph per line; every list is \
         one tab-separated record per line.",
    )]);
    roff
}

fn exit_status() -> Roff {
    let mut roff = Roff::new();
    roff.control("SH", ["EXIT STATUS"]);
    for code in [ExitCode::Success, ExitCode::NotFound, ExitCode::Error] {
        roff.control("TP", [])
            .text([bold((code as u8).to_string())])
            .text([roman(exit_meaning(code))]);
    }
    roff.control("PP", []).text([roman(
        "Every message is one line on standard error, starting with \"gloss:\".",
    )]);
    roff
}

/// A match, so a new exit code cannot go undocumented.
fn exit_meaning(code: ExitCode) -> &'static str {
    match code {
        ExitCode::Success => {
            "Found and printed; also when the reader of a pipe goes away early \
             (gloss ... | head -1), and when --check finds no problem."
        }
        ExitCode::NotFound => {
            "Not found: no such term (with \"did you mean\" suggestions), a linked term with no \
             article yet, no article in the language asked for, a list or search that matched \
             nothing (with --format json, [] is still printed), or problems found by --check."
        }
        ExitCode::Error => {
            "A usage error (a bad flag or value) or a data error (a broken article file, \
             named with its line)."
        }
    }
}

/// Every variable gloss reads (src/lang.rs, src/config.rs, src/folders.rs,
/// src/app/request.rs, src/app/complete.rs). Unset and empty are the same.
const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "GLOSS_LANG",
        "Preferred languages, comma- or colon-separated, after --lang and before the config \
         file's lang.",
    ),
    (
        "LANGUAGE",
        "Preferred languages, colon-separated, as gettext reads them; after the config file's \
         lang.",
    ),
    (
        "LC_ALL, LC_MESSAGES, LANG",
        "The locale, tried in this order after LANGUAGE (sv_SE.UTF-8 means sv); C and POSIX \
         name no language.",
    ),
    (
        "GLOSS_DATA_DIRS",
        "Glossary folders, colon-separated, read after --data-dir and before the config \
         file's data_dirs. Completion scripts see them too.",
    ),
    (
        "GLOSS_CONFIG",
        "The config file to read instead of gloss/config.yaml in the config directory.",
    ),
    (
        "XDG_CONFIG_HOME",
        "The config directory, when set to an absolute path, on every platform.",
    ),
    (
        "XDG_DATA_HOME",
        "The data directory, which holds the user folder gloss/, when set to an absolute \
         path, on every platform.",
    ),
    (
        "HOME",
        "Where the default config and data directories are, and what ~/ means in the config \
         file's data_dirs.",
    ),
    (
        "NO_COLOR",
        "With --color auto, no colour (https://no-color.org).",
    ),
    (
        "CLICOLOR_FORCE",
        "With --color auto, colour even when not on a terminal, unless it is 0 or NO_COLOR is \
         set.",
    ),
    (
        "CLICOLOR",
        "With --color auto: 0 turns colour off; any other value turns it on at a terminal, \
         whatever TERM says.",
    ),
    (
        "TERM",
        "With --color auto and --hyperlink auto, unset or dumb means no colour and no \
         hyperlinks (outside Windows).",
    ),
    (
        "CI",
        "With --color auto, colour on a terminal whatever TERM says.",
    ),
    (
        "GLOSS_PAGER",
        "The pager for long output (a command line, e.g. \"less -S\"); set to nothing, no \
         pager.",
    ),
    (
        "PAGER",
        "The pager when GLOSS_PAGER is unset (else less); set to nothing, no pager.",
    ),
    (
        "LESS",
        "When unset and the pager is less, gloss runs it with -FRX (quit if one screen, \
         show colours, keep the text on the screen).",
    ),
    (
        "COLUMNS",
        "The wrap width of terminal output when standard output is not a terminal and \
         neither --width nor the config file's width is given (else 80).",
    ),
    (
        "VISUAL, EDITOR",
        "The editor --new and --edit open, VISUAL first, else EDITOR, else vi; split into \
         words as a shell would.",
    ),
    (
        "GLOSS_FINDER",
        "The fuzzy finder --pick runs (a command taking fzf's options), instead of fzf or sk.",
    ),
    (
        "GLOSS_COMPLETE",
        "Set by the completion scripts when they call gloss back; gloss then answers with \
         completions instead of running.",
    ),
];

fn environment() -> Roff {
    let mut roff = Roff::new();
    roff.control("SH", ["ENVIRONMENT"]);
    for (name, meaning) in ENVIRONMENT {
        roff.control("TP", [])
            .text([bold(*name)])
            .text([roman(*meaning)]);
    }
    roff
}

fn files() -> Roff {
    let mut roff = Roff::new();
    roff.control("SH", ["FILES"]);
    roff.control("TP", [])
        .text([italic("$XDG_CONFIG_HOME/gloss/config.yaml")])
        .text([roman(
            "The config file (or the file GLOSS_CONFIG names); without XDG_CONFIG_HOME, \
             ~/.config/gloss/config.yaml on Linux, the platform's config directory elsewhere. \
             YAML keys: lang (preferred languages, a list or \"sv,en\"), color and paging \
             (auto, always or never), width (the wrap width), data_dirs (glossary folders, relative to \
             the file or ~/...), project (false: no project folder) and watch (false: never \
             start the folder watcher). Flags override it; a broken file is reported in one \
             line and ignored.",
        )]);
    roff.control("TP", [])
        .text([italic("$XDG_CACHE_HOME/gloss/")])
        .text([roman(
            "The folders' cached indexes (without XDG_CACHE_HOME, ~/.cache/gloss/ on Linux); \
             deleting it is always safe. On Linux a folder of 1,000 article files or more is \
             watched by a background gloss (its socket in $XDG_RUNTIME_DIR/gloss/, or run/ \
             here), so that warm calls need not check every file; it leaves after 20 idle \
             minutes.",
        )]);
    roff.control("TP", [])
        .text([italic("$XDG_DATA_HOME/gloss/")])
        .text([roman(
            "The user folder: the user's own terms, as slug/lang.md files (soft-sell/sv.md) \
             with title and description in YAML front matter; without XDG_DATA_HOME, \
             ~/.local/share/gloss/ on Linux. It is read after --data-dir, GLOSS_DATA_DIRS and \
             the config file's data_dirs, and before the glossary built into gloss; an article \
             replaces only the same term in the same language. gloss --show-paths lists every \
             file and folder read; gloss --check validates them.",
        )]);
    roff.control("TP", [])
        .text([italic(".gloss/")])
        .text([roman(
            "The project folder: the nearest .gloss/ in the working directory or above it, \
             read after --data-dir and GLOSS_DATA_DIRS and before the config file's \
             data_dirs. The walk stops at a directory another user owns; a .gloss that is a \
             symbolic link, a file or another user's is refused with a warning. \
             --no-project leaves it out.",
        )]);
    roff
}

/// The examples of `--help` (clap's after_help: a heading, then a command
/// and what it does per line, two or more spaces apart), each command in a
/// block that does not fill, so it keeps its spaces and is never hyphenated.
fn examples(cmd: &clap::Command) -> Roff {
    let help = cmd
        .get_after_help()
        .expect("src/cli.rs has examples")
        .to_string();
    let mut roff = Roff::new();
    roff.control("SH", ["EXAMPLES"]);
    for line in help.lines().skip(1) {
        let (command, what) = line
            .trim()
            .split_once("  ")
            .unwrap_or_else(|| panic!("an example without its explanation: {line:?}"));
        roff.control("PP", [])
            .text([roman(capitalised(what.trim()) + ":")])
            .control("RS", ["4"])
            .control("nf", [])
            .text([roman(command)])
            .control("fi", [])
            .control("RE", []);
    }
    roff
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
