//! The `run` loop: arguments → request → a question to the query layer →
//! rendered text → stdout, and the outcome as an exit code.

use super::author;
use super::cli;
use super::complete;
use super::config;
use super::lint;
use super::output::{print, print_bytes, print_list, print_paged, warn, warn_plain};
use super::quick_args;
use super::request::{Mode, Request};
use super::translate;
use crate::model::error::{Error, ExitCode};
use crate::model::text;
use crate::query::{lists, lookup, page};
use crate::render::{self, Format};
use crate::store::check;
use crate::store::glossary::Glossary;
use crate::store::paths::{self, Kind};
use crate::store::watch;
use clap::Parser;
use std::ffi::OsString;
use std::path::PathBuf;

/// Runs gloss with these arguments (the first is the program name).
pub fn run(args: impl IntoIterator<Item = OsString>) -> Result<ExitCode, Error> {
    let args: Vec<OsString> = args.into_iter().collect();
    // Started by a call on a large folder (store/watch.rs), not by a user.
    if args.get(1).is_some_and(|arg| arg == watch::SERVE_ARG) {
        watch::serve();
        return Ok(ExitCode::Success);
    }
    let cli = match quick_args::parse(&args).map_or_else(|| cli::Cli::try_parse_from(args), Ok) {
        Ok(cli) => cli,
        Err(error) => return clap_outcome(error),
    };
    let config_path = paths::config_path();
    let config = match config_path.as_deref().map(config::load) {
        Some(Ok(config)) => config,
        Some(Err(problem)) => {
            warn(&format!("ignoring the config file: {problem}"));
            config::Config::default()
        }
        None => config::Config::default(),
    };
    let request = Request::from_cli(cli, &config)?;
    let project = request.project.then(project_folder).flatten();
    let folders = paths::locate(&request.data_dirs, project, &config.data_dirs);
    let glossary = Glossary::with_folders(readable_folders(&folders), config.watch());
    match request.mode {
        Mode::Lookup => look_up(&glossary, &request),
        Mode::List if request.long => print_list(
            Ok(lists::list_long(&glossary, &request.preferences)),
            &request,
        ),
        Mode::List => print_list(Ok(lists::list(&glossary, &request.preferences)), &request),
        Mode::Render(_) | Mode::New { .. } | Mode::Edit => {
            author::run(&glossary, &request, &folders)
        }
        Mode::Pick => match author::pick(&glossary, &request)? {
            // `--lang` picked the titles in the list as a preference does.
            Some(term) => look_up(
                &glossary,
                &Request {
                    term,
                    explicit_langs: Vec::new(),
                    ..request
                },
            ),
            None => {
                warn_plain("nothing picked");
                Ok(ExitCode::NotFound)
            }
        },
        Mode::Langs if request.term.trim().is_empty() => {
            print_list(Ok(lists::langs(&glossary)), &request)
        }
        Mode::Langs => {
            let records =
                find_slug(&glossary, &request).and_then(|slug| lists::term_langs(&glossary, &slug));
            print_list(records, &request)
        }
        Mode::Translations => {
            let records = find_slug(&glossary, &request)
                .and_then(|slug| lists::translations(&glossary, &slug));
            print_list(records, &request)
        }
        Mode::Completions(shell) => {
            print_bytes(&complete::script(shell))?;
            Ok(ExitCode::Success)
        }
        Mode::ShowPaths => print_list(Ok(lists::paths(config_path.as_deref(), &folders)), &request),
        Mode::Check(ref dirs) => check(&glossary, dirs, &folders),
        Mode::Search => {
            let snippets = (request.format == Format::Terminal).then_some(request.look.width);
            let records =
                lists::search(&glossary, &request.term, &request.explicit_langs, snippets);
            print_list(records, &request)
        }
        Mode::Compare(ref langs) => translate::compare(&glossary, &request, langs),
        Mode::Coverage => translate::coverage(&glossary, &request),
        Mode::Export(format) => translate::export(&glossary, &request, format),
        Mode::Import {
            ref files,
            ref into,
            force,
        } => translate::import(files, into, force),
        Mode::Lint(ref files) => lint::lint(&glossary, &request, files),
        Mode::Scan(ref files) => lint::scan(&glossary, &request, files),
    }
}

/// The project folder; one that is there but unsafe to read is announced.
fn project_folder() -> Option<PathBuf> {
    let project = paths::project();
    if let paths::Project::Refused(path, why) = &project {
        let shown = text::one_line(&path.display().to_string());
        warn(&format!("ignoring the project folder {shown}: it {why}"));
    }
    project.folder()
}

/// The folders that exist; a folder named explicitly that does not is
/// worth a warning, the default user folder is not.
fn readable_folders(folders: &[(Kind, PathBuf)]) -> Vec<PathBuf> {
    let mut readable = Vec::new();
    for (kind, path) in folders {
        if path.is_dir() {
            readable.push(path.clone());
        } else if *kind != Kind::User {
            warn(&format!(
                "{} {}: no such folder",
                kind.label(),
                text::one_line(&path.display().to_string())
            ));
        }
    }
    readable
}

/// `--check`: every problem in the named folders (or all that gloss reads),
/// one per line on stdout; exit 1 when there are any.
fn check(
    glossary: &Glossary,
    dirs: &[PathBuf],
    folders: &[(Kind, PathBuf)],
) -> Result<ExitCode, Error> {
    let dirs: Vec<PathBuf> = if dirs.is_empty() {
        folders
            .iter()
            .map(|(_, path)| path.clone())
            .filter(|path| path.is_dir())
            .collect()
    } else {
        dirs.to_vec()
    };
    if dirs.is_empty() {
        return Err(Error::Usage(
            "no glossary folders to check; name one: gloss --check DIR".into(),
        ));
    }
    let report = check::check_folders(&dirs, glossary);
    let lines: String = report.problems.iter().map(|p| format!("{p}\n")).collect();
    // `gloss --check | head -1` has read enough, but the exit status still
    // answers the question asked: are there problems?
    match print(&lines) {
        Err(error) if error.is_broken_pipe() => {}
        written => written?,
    }
    warn_plain(&format!(
        "{} article(s) in {} folder(s), {} problem(s)",
        report.articles,
        dirs.len(),
        report.problems.len()
    ));
    Ok(if report.problems.is_empty() {
        ExitCode::Success
    } else {
        ExitCode::NotFound
    })
}

/// The slug of the term the request names, or the lookup's not-found error.
fn find_slug(glossary: &Glossary, request: &Request) -> Result<String, Error> {
    match lookup::find_term(glossary, &request.term, &request.preferences) {
        Some(found) => Ok(found.slug),
        None => Err(lookup::not_found(glossary, &request.term)),
    }
}

fn look_up(glossary: &Glossary, request: &Request) -> Result<ExitCode, Error> {
    let resolved = request.resolve(glossary)?;
    if let Some(note) = &resolved.note {
        warn_plain(&format!("note: {note}"));
    }
    let page = page::build(glossary, resolved, !request.short)?;
    print_paged(
        &render::render(&page, request.format, request.short, request.look),
        request,
    )?;
    Ok(ExitCode::Success)
}

/// `--help` and `--version` print and succeed; anything else clap rejects is
/// a usage error, told in one line.
fn clap_outcome(error: clap::Error) -> Result<ExitCode, Error> {
    use clap::error::ErrorKind;
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            error.print()?;
            Ok(ExitCode::Success)
        }
        _ => Err(Error::Usage(clap_message(&error.render().to_string()))),
    }
}

/// Clap's multi-line message, without the usage and help pointers, as one
/// line (`main` removes control characters from every message it prints).
fn clap_message(message: &str) -> String {
    let kept: Vec<&str> = message
        .lines()
        .map(str::trim)
        .filter(|line| {
            !line.is_empty()
                && !line.starts_with("Usage:")
                && !line.starts_with("For more information")
        })
        .collect();
    let joined = kept.join(" ");
    joined
        .strip_prefix("error: ")
        .unwrap_or(&joined)
        .to_string()
}
