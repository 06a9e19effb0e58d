//! Shell completion: the scripts `--completions` prints, and the candidates
//! gloss offers when a shell asks at TAB time. The scripts are clap_complete's
//! dynamic ones: they call gloss back with `GLOSS_COMPLETE=<shell>` (a name
//! of gloss's own: a `COMPLETE` meant for another tool must not turn a
//! lookup into a script), so flags never
//! drift from the binary and terms from glossary folders complete at once.

use crate::app::cli::Shell;
use crate::app::dictionaries;
use crate::app::session::{Session, Settings};
use crate::model::lang;
use crate::model::text;
use crate::query::lists;
use crate::store::paths;
use clap_complete::engine::{
    ArgValueCandidates, ArgValueCompleter, CompletionCandidate, PathCompleter, ValueCompleter,
};
use clap_complete::env::{Bash, Elvish, EnvCompleter, Fish, Powershell, Zsh};
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};

/// The environment variable the scripts set when they call gloss back.
pub(crate) const VAR: &str = "GLOSS_COMPLETE";

/// The completion script for `shell`, calling `gloss` from `PATH`.
pub(crate) fn script(shell: Shell) -> Vec<u8> {
    let completer: &dyn EnvCompleter = match shell {
        Shell::Bash => &Bash,
        Shell::Zsh => &Zsh,
        Shell::Fish => &Fish,
        Shell::Elvish => &Elvish,
        Shell::Powershell => &Powershell,
    };
    let mut script = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = completer.write_registration(VAR, "gloss", "gloss", "gloss", &mut script);
    script
}

/// The command line with its completers attached: TERM completes slugs,
/// `--lang` and `--compare` the glossary's languages, `--data-dir` and
/// `--check` folders. Attached here, not in `cli`, so that the command-line
/// definition knows nothing of the glossary.
pub(crate) fn command() -> clap::Command {
    crate::app::cli::command()
        .mut_arg("term", |arg| arg.add(ArgValueCompleter::new(terms)))
        .mut_arg("lang", |arg| arg.add(ArgValueCandidates::new(langs)))
        .mut_arg("compare", |arg| arg.add(ArgValueCandidates::new(langs)))
        .mut_arg("data_dir", |arg| arg.add(ArgValueCompleter::new(folders)))
        .mut_arg("check", |arg| arg.add(ArgValueCompleter::new(folders)))
        .mut_arg("dict", |arg| {
            arg.add(ArgValueCandidates::new(dictionary_names))
        })
}

/// Candidates fit for a shell: the shell prints them on the user's
/// terminal, so none may carry a character gloss would not print. A value
/// with one (a file named with an escape sequence) is left out, since the
/// value is what gets inserted on the line; a description is cleaned.
fn clean(candidates: Vec<CompletionCandidate>) -> Vec<CompletionCandidate> {
    candidates
        .into_iter()
        .filter(|candidate| {
            !candidate
                .get_value()
                .to_string_lossy()
                .chars()
                .any(text::is_removed)
        })
        .map(|candidate| {
            let help = candidate
                .get_help()
                .map(|help| text::one_line(&help.to_string()).into());
            candidate.help(help)
        })
        .collect()
}

/// Folders under what is typed so far, for `--data-dir` and `--check`.
fn folders(current: &OsStr) -> Vec<CompletionCandidate> {
    clean(PathCompleter::dir().complete(current))
}

/// Answers a shell's completion request and exits, when gloss was called
/// back by a completion script; otherwise returns at once.
pub fn answer_shell() {
    // The common case, checked first: clap_complete would look up the
    // working directory before it looks at the variable.
    if std::env::var_os(VAR).is_none() {
        return;
    }
    crate::store::report::install(crate::store::report::Sink::Quiet);
    clap_complete::CompleteEnv::with_factory(command)
        .var(VAR)
        .complete();
}

/// The session a completion sees: the bundle and the folders gloss would
/// read for the line being completed (its `--data-dir`s, `GLOSS_DATA_DIRS`,
/// the config file, the user folder), in the same precedence, with the
/// dictionaries it would read, and the preferred languages. Nothing is
/// reported: the sink is quiet.
fn session_and_preferences() -> (Session, Vec<String>) {
    let settings = Settings::load();
    let line: Vec<OsString> = std::env::args_os().collect();
    let project =
        settings.config.project != Some(false) && !line.iter().any(|arg| arg == "--no-project");
    let preferences = lang::preferences_from_env(&[], &settings.config.lang);
    let data_dirs = line_data_dirs(line.iter().cloned());
    let dictionaries = match settings.config.dictionaries != Some(false)
        && !line.iter().any(|arg| arg == "--no-dictionaries")
    {
        true => dictionaries::all(&data_dirs, &settings.config),
        false => Vec::new(),
    };
    let session = Session::open(settings, &data_dirs, project).with_sources(dictionaries);
    (session, preferences)
}

/// The `--data-dir DIR` and `--data-dir=DIR` folders of the line being
/// completed. The completers see only the current word, so the line is read
/// from gloss's own arguments: the scripts call `gloss -- gloss WORD…`. A
/// lone `--` on the line ends the flags, as it does for clap. `~/` is
/// expanded, since the shell hands over words as typed; a `--data-dir=`
/// that is not UTF-8 is skipped, and a folder that does not exist is left
/// out later.
pub(crate) fn line_data_dirs(args: impl IntoIterator<Item = OsString>) -> Vec<PathBuf> {
    let mut words = args.into_iter().skip_while(|arg| arg != "--").skip(2);
    let mut dirs = Vec::new();
    while let Some(word) = words.next() {
        if word == "--" {
            break;
        }
        let dir = if word == "--data-dir" {
            // bash splits `--data-dir=DIR` at the `=` into three words.
            words
                .next()
                .filter(|next| next != "=")
                .or_else(|| words.next())
        } else {
            word.to_str()
                .and_then(|word| word.strip_prefix("--data-dir="))
                .map(OsString::from)
        };
        dirs.extend(dir.map(|dir| paths::expand_home(Path::new(""), dir)));
    }
    dirs
}

/// The slugs that start with what is typed so far, each described by its
/// title in the preferred language; then the aliases that do, spelled as
/// one word (`client-management`, which a lookup reads as the alias) and
/// described by the term they name.
pub(crate) fn terms(current: &OsStr) -> Vec<CompletionCandidate> {
    let typed = current.to_string_lossy();
    let (session, preferences) = session_and_preferences();
    let glossary = session.glossary();
    let mut candidates: Vec<CompletionCandidate> =
        lists::preferred_titles(glossary, &preferences, &typed)
            .map(|(slug, title, _)| {
                CompletionCandidate::new(slug).help(Some(title.to_string().into()))
            })
            .collect();
    // A set, not a scan of the candidates per alias: both may be thousands.
    let mut offered: std::collections::HashSet<OsString> = candidates
        .iter()
        .map(|c| c.get_value().to_os_string())
        .collect();
    let key = text::match_key(&typed);
    for (alias, slug) in glossary.aliases_from(&key) {
        let word = alias.replace(' ', "-");
        if offered.insert(OsString::from(&word)) {
            candidates.push(CompletionCandidate::new(word).help(Some(format!("→ {slug}").into())));
        }
    }
    // Then dictionary headwords, each found by bisecting its index.
    for dictionary in glossary.dictionaries() {
        for word in dictionary.headwords_from(&typed, MAX_HEADWORDS) {
            if offered.insert(OsString::from(&word)) {
                candidates.push(
                    CompletionCandidate::new(word).help(Some(dictionary.name.clone().into())),
                );
            }
        }
    }
    clean(candidates)
}

/// Headwords offered per dictionary: a shell lists a screenful, and a
/// one-letter prefix of GCIDE matches thousands.
const MAX_HEADWORDS: usize = 200;

/// The dictionaries a call would read, for `--dict`, each described by its
/// title.
fn dictionary_names() -> Vec<CompletionCandidate> {
    let (session, _) = session_and_preferences();
    clean(
        session
            .glossary()
            .dictionaries()
            .map(|d| CompletionCandidate::new(&d.name).help(Some(d.title().to_string().into())))
            .collect(),
    )
}

/// Every language in the glossary, described by its number of articles.
pub(crate) fn langs() -> Vec<CompletionCandidate> {
    let (session, _) = session_and_preferences();
    clean(
        lists::language_counts(session.glossary())
            .into_iter()
            .map(|(lang, count)| {
                let noun = if count == 1 { "article" } else { "articles" };
                CompletionCandidate::new(lang).help(Some(format!("{count} {noun}").into()))
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dirs_of(line: &[&str]) -> Vec<PathBuf> {
        line_data_dirs(line.iter().map(OsString::from))
    }

    #[test]
    fn reads_data_dirs_from_the_line_being_completed() {
        let line = [
            "gloss",
            "--",
            "gloss",
            "--data-dir",
            "/a",
            "--data-dir=/b",
            "te",
        ];
        assert_eq!(dirs_of(&line), [PathBuf::from("/a"), PathBuf::from("/b")]);
        let bash = ["gloss", "--", "gloss", "--data-dir", "=", "/c", "te"];
        assert_eq!(dirs_of(&bash), [PathBuf::from("/c")]);
        // After a lone `--` everything is a term; a flag with no value yet names nothing.
        assert!(dirs_of(&["gloss", "--", "gloss", "--", "--data-dir", "/a"]).is_empty());
        assert!(dirs_of(&["gloss", "--", "gloss", "--data-dir"]).is_empty());
        // Not called back by a script: there is no line.
        assert!(dirs_of(&["gloss", "--data-dir", "/a"]).is_empty());
        assert!(dirs_of(&[]).is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn odd_words_never_panic() {
        use std::os::unix::ffi::OsStringExt;
        let odd = |bytes: &[u8]| OsString::from_vec(bytes.to_vec());
        let line = [
            OsString::from("gloss"),
            OsString::from("--"),
            OsString::from("gloss"),
            odd(b"--data-dir=\xff"),
            OsString::from("--data-dir"),
            odd(b"/\xff"),
        ];
        assert_eq!(line_data_dirs(line), [PathBuf::from(odd(b"/\xff"))]);
    }
}
