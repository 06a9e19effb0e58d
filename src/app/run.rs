//! The `run` loop: arguments → request → a question to the query layer →
//! rendered text → stdout, and the outcome as an exit code.

use super::author;
use super::cli;
use super::complete;
use super::config;
use super::pager;
use super::request::{Mode, Request};
use super::translate;
use crate::model::error::{Error, ExitCode};
use crate::model::records::Records;
use crate::model::text;
use crate::query::{lists, lookup, page};
use crate::render::{self, Format};
use crate::store::check;
use crate::store::glossary::Glossary;
use crate::store::paths::{self, Kind};
use clap::Parser;
use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

/// Runs gloss with these arguments (the first is the program name).
pub fn run(args: impl IntoIterator<Item = OsString>) -> Result<ExitCode, Error> {
    let cli = match cli::Cli::try_parse_from(args) {
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
    let glossary = Glossary::with_folders(readable_folders(&folders));
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
            ref file,
            ref into,
            force,
        } => translate::import(file, into, force),
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

fn warn(message: &str) {
    warn_plain(&format!("warning: {message}"));
}

/// A one-line message on stderr; if stderr is gone there is no one to tell.
pub(super) fn warn_plain(message: &str) {
    let _ = writeln!(std::io::stderr(), "gloss: {}", text::one_line(message));
}

/// The slug of the term the request names, or the lookup's not-found error.
fn find_slug(glossary: &Glossary, request: &Request) -> Result<String, Error> {
    match lookup::find_term(glossary, &request.term, &request.preferences) {
        Some(found) => Ok(found.slug),
        None => Err(lookup::not_found(glossary, &request.term)),
    }
}

/// Prints a list; an empty one, or a term or words that match nothing, exit 1.
pub(super) fn print_list(
    records: Result<Records, Error>,
    request: &Request,
) -> Result<ExitCode, Error> {
    match records {
        Ok(records) if !records.is_empty() => {
            print_paged(
                &render::records::render(&records, request.format, request.look),
                request,
            )?;
            Ok(ExitCode::Success)
        }
        Ok(_) => {
            print_empty(request);
            Ok(ExitCode::NotFound)
        }
        Err(error) if error.exit_code() == ExitCode::NotFound => {
            print_empty(request);
            Err(error)
        }
        Err(error) => Err(error),
    }
}

/// JSON readers get an array even when nothing matched, so
/// `gloss --search … --format json | jq` never parses empty input; the
/// message stays on stderr and the exit code 1. A failed write is not
/// reported: "not found" is the answer that matters.
fn print_empty(request: &Request) {
    if request.format == Format::Json {
        let _ = print("[]\n");
    }
}

fn look_up(glossary: &Glossary, request: &Request) -> Result<ExitCode, Error> {
    let resolved = lookup::resolve(
        glossary,
        &request.term,
        &request.explicit_langs,
        &request.preferences,
    )?;
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

/// Fails when gloss was started with standard output closed (`gloss … >&-`):
/// whatever it printed would be lost, and exit 0 would say otherwise.
/// Rust's runtime reopens a closed descriptor 1 on `/dev/null` before `main`
/// (so no file gloss opens takes its place), and writes there succeed; what
/// tells it from a user's `>/dev/null` is how it was opened: the runtime
/// opens it for reading and writing, a shell's `>` for writing only.
pub fn stdout_open() -> Result<(), Error> {
    #[cfg(target_os = "linux")]
    if stdout_was_closed() {
        return Err(Error::Io(std::io::Error::other(
            "standard output is closed (Bad file descriptor): nothing can be printed",
        )));
    }
    Ok(())
}

/// Descriptor 1 is `/dev/null` (character device 1:3) opened read-write.
/// One `fstat` in the usual case; `/proc` is read only for `/dev/null`.
#[cfg(target_os = "linux")]
fn stdout_was_closed() -> bool {
    use std::os::fd::AsFd;
    use std::os::unix::fs::{FileTypeExt, MetadataExt};
    let Ok(fd) = std::io::stdout().as_fd().try_clone_to_owned() else {
        return true;
    };
    let is_null = std::fs::File::from(fd)
        .metadata()
        .is_ok_and(|meta| meta.file_type().is_char_device() && meta.rdev() == 0x103);
    is_null
        && std::fs::read_to_string("/proc/self/fdinfo/1")
            .ok()
            .and_then(|info| {
                let flags = info.lines().find_map(|line| line.strip_prefix("flags:"))?;
                u32::from_str_radix(flags.trim(), 8).ok()
            })
            .is_some_and(|flags| flags & 0o3 == 0o2)
}

/// Writes to stdout in one piece; errors (a closed pipe) go to the caller.
pub(super) fn print(text: &str) -> Result<(), Error> {
    print_bytes(text.as_bytes())
}

/// Articles, lists and search results: through the pager when it is wanted.
pub(super) fn print_paged(text: &str, request: &Request) -> Result<(), Error> {
    pager::output(text, request.paging, print)
}

fn print_bytes(bytes: &[u8]) -> Result<(), Error> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(bytes)?;
    stdout.flush()?;
    Ok(())
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
