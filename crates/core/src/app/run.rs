//! The `run` loop: arguments → request → a question to the query layer →
//! rendered text → stdout, and the outcome as an exit code.

use super::author;
use super::cli;
use super::complete;
use super::dictionaries;
use super::lint;
use super::lsp;
use super::output::{print, print_bytes, print_list, print_paged, warn_plain};
use super::provenance;
use super::quick_args;
use super::request::{Mode, Request};
use super::session::{Session, Settings};
use super::translate;
use crate::model::error::{Error, ExitCode};
use crate::query::{lists, lookup, page};
use crate::render::{self, Format};
use crate::store::check;
use crate::store::glossary::Glossary;
use crate::store::paths::Kind;
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
    let settings = Settings::load();
    let request = Request::from_cli(cli, &settings.config)?;
    let dictionaries = dictionaries::open(&request, &settings.config)?;
    let session =
        Session::open(settings, &request.data_dirs, request.project).with_sources(dictionaries);
    let glossary = session.glossary();
    let folders = &session.folders;
    match request.mode {
        Mode::Lookup => look_up(glossary, &request),
        Mode::List if !request.dicts.is_empty() => {
            print_list(Ok(dictionaries::list(glossary, &request)), &request)
        }
        Mode::List if request.long => print_list(
            Ok(lists::list_long(glossary, &request.preferences)),
            &request,
        ),
        Mode::List => print_list(Ok(lists::list(glossary, &request.preferences)), &request),
        Mode::Render(ref path) => author::render_file(glossary, &request, path),
        Mode::New {
            ref slug,
            ref from,
            in_project,
        } => author::new(
            glossary,
            &request,
            folders,
            slug,
            from.as_deref(),
            in_project,
        ),
        Mode::Edit => author::edit(glossary, &request, folders),
        Mode::Pick => match author::pick(glossary, &request)? {
            // `--lang` picked the titles in the list as a preference does.
            Some(term) => look_up(
                glossary,
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
            print_list(Ok(lists::langs(glossary)), &request)
        }
        Mode::Langs => {
            let records =
                find_slug(glossary, &request).and_then(|slug| lists::term_langs(glossary, &slug));
            print_list(records, &request)
        }
        Mode::Translations => {
            let records =
                find_slug(glossary, &request).and_then(|slug| lists::translations(glossary, &slug));
            let records = dictionaries::translations(glossary, &request, records);
            print_list(records, &request)
        }
        Mode::Completions(shell) => {
            print_bytes(&complete::script(shell))?;
            Ok(ExitCode::Success)
        }
        Mode::ShowPaths => {
            let dictionaries = dictionaries::places(glossary, &request);
            let records = lists::paths(session.config_path(), folders, &dictionaries);
            print_list(Ok(records), &request)
        }
        Mode::Check(ref dirs) => check(glossary, dirs, folders),
        Mode::Search if !request.dicts.is_empty() => {
            print_list(dictionaries::search(glossary, &request), &request)
        }
        Mode::Search => {
            let snippets = (request.format == Format::Terminal).then_some(request.look.width);
            let records = lists::search(glossary, &request.term, &request.explicit_langs, snippets);
            print_list(records, &request)
        }
        Mode::Compare(ref langs) => translate::compare(glossary, &request, langs),
        Mode::Coverage => translate::coverage(glossary, &request),
        Mode::Export { format, raw } => translate::export(glossary, &request, format, raw),
        Mode::Import {
            ref files,
            ref into,
            force,
        } => translate::import(files, into, force),
        Mode::Lint(ref files) => lint::lint(glossary, &request, files),
        Mode::Scan(ref files) => lint::scan(glossary, &request, files),
        // The server outlives this call's borrows: the session is handed over.
        Mode::Lsp => Ok(lsp::serve(session, request.preferences)),
    }
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
    let (dictionary_problems, dictionaries, dirs) = dictionaries::check(glossary, &dirs);
    if dirs.is_empty() && dictionaries == 0 {
        return Err(Error::Usage(
            "no glossary folders to check; name one: gloss --check DIR".into(),
        ));
    }
    let mut report = check::check_folders(&dirs, glossary);
    report.problems.extend(dictionary_problems);
    let project = folders.iter().find(|(kind, _)| *kind == Kind::Project);
    if project.is_some_and(|(_, path)| dirs.contains(path)) {
        report
            .problems
            .extend(provenance::project_problems(glossary));
    }
    let lines: String = report.problems.iter().map(|p| format!("{p}\n")).collect();
    // `gloss --check | head -1` has read enough, but the exit status still
    // answers the question asked: are there problems?
    match print(&lines) {
        Err(error) if error.is_broken_pipe() => {}
        written => written?,
    }
    let checked = match dictionaries {
        0 => String::new(),
        count => format!(" and {count} dictionary(ies)"),
    };
    warn_plain(&format!(
        "{} article(s) in {} folder(s){checked}, {} problem(s)",
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
    let resolved = request.resolve(glossary);
    // Spellings folded to find (`cafe` for `café`) cost a pass over every
    // headword: only for a term the glossary does not have.
    let folded = matches!(resolved, Err(Error::NotFound { .. }));
    let entries = dictionaries::entries(glossary, request, folded);
    let page = match resolved {
        Ok(resolved) => {
            if let Some(note) = &resolved.note {
                warn_plain(&format!("note: {note}"));
            }
            provenance::tell_override(glossary, &resolved.article);
            Some(page::build(glossary, resolved, !request.short)?)
        }
        // A term only dictionaries have, or not in the language asked for.
        Err(Error::NotFound { .. } | Error::NoLanguage { .. }) if !entries.is_empty() => None,
        Err(error) => return Err(dictionaries::suggest(glossary, request, error)),
    };
    let text = match &page {
        Some(page) if entries.is_empty() => {
            render::render(page, request.format, request.short, request.look)
        }
        _ => render::dictionary::with_entries(
            page.as_ref(),
            &request.term,
            &entries,
            request.format,
            request.short,
            request.look,
        ),
    };
    print_paged(&text, request)?;
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
