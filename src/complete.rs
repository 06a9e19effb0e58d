//! Shell completion: the scripts `--completions` prints, and the candidates
//! gloss offers when a shell asks at TAB time. The scripts are clap_complete's
//! dynamic ones: they call gloss back with `COMPLETE=<shell>`, so flags never
//! drift from the binary and terms from glossary folders complete at once.

use crate::cli::Shell;
use crate::config;
use crate::folders;
use crate::glossary::Glossary;
use crate::lang;
use clap_complete::engine::CompletionCandidate;
use clap_complete::env::{Bash, Elvish, EnvCompleter, Fish, Powershell, Zsh};
use std::ffi::OsStr;

/// The environment variable the scripts set when they call gloss back.
pub const VAR: &str = "COMPLETE";

/// The completion script for `shell`, calling `gloss` from `PATH`.
pub fn script(shell: Shell) -> Vec<u8> {
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

/// Answers a shell's completion request and exits, when gloss was called
/// back by a completion script; otherwise returns at once.
pub fn answer_shell() {
    // The common case, checked first: clap_complete would look up the
    // working directory before it looks at the variable.
    if std::env::var_os(VAR).is_none() {
        return;
    }
    clap_complete::CompleteEnv::with_factory(crate::cli::command)
        .var(VAR)
        .complete();
}

/// The glossary a completion sees: the bundle and the folders named by
/// `GLOSS_DATA_DIRS`, the config file and the user folder. Nothing is
/// reported: a message would land in the middle of the user's command line.
fn glossary_and_preferences() -> (Glossary, Vec<String>) {
    let config = config::config_path()
        .and_then(|path| config::load(&path).ok())
        .unwrap_or_default();
    let folders = folders::locate(&[], &config.data_dirs)
        .into_iter()
        .map(|(_, path)| path)
        .filter(|path| path.is_dir());
    let preferences = lang::preferences_from_env(&[], &config.lang);
    (Glossary::with_folders(folders), preferences)
}

/// The slugs that start with what is typed so far, each described by its
/// title in the preferred language.
pub fn terms(current: &OsStr) -> Vec<CompletionCandidate> {
    let typed = current.to_string_lossy();
    let (glossary, preferences) = glossary_and_preferences();
    crate::discover::preferred_titles(&glossary, &preferences, &typed)
        .into_iter()
        .map(|(slug, title, _)| CompletionCandidate::new(slug).help(Some(title.to_string().into())))
        .collect()
}

/// Every language in the glossary, described by its number of articles.
pub fn langs() -> Vec<CompletionCandidate> {
    let (glossary, _) = glossary_and_preferences();
    crate::discover::language_counts(&glossary)
        .into_iter()
        .map(|(lang, count)| {
            let noun = if count == 1 { "article" } else { "articles" };
            CompletionCandidate::new(lang).help(Some(format!("{count} {noun}").into()))
        })
        .collect()
}
