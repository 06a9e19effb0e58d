//! `--lint` and `--scan` from request to output: every document read (on
//! every core), the glossary's terms of the languages involved gathered
//! into one automaton, each document checked (on every core again), and
//! the findings printed in the requested format, with a summary on stderr.

use super::output::{print, warn, warn_plain};
use super::request::Request;
use crate::formats::document::{self, Document, Kind, Options};
use crate::model::error::{Error, ExitCode};
use crate::model::finding::{FileFindings, Severity};
use crate::query::lint::{self, Langs};
use crate::query::matching::Terms;
use crate::render::{findings, Format};
use crate::store::glossary::Glossary;
use crate::store::read::{self, STDIN};
use std::path::{Path, PathBuf};

/// The language of a text nothing else names, when no preference does.
const LAST_RESORT_LANG: &str = "en";

/// A document read, or why it could not be.
type Loaded = Result<Document, String>;

/// `--lint FILE...`: exit 0 with no error or warning, 1 with some, 2 when
/// a file could not be read (the others are still checked).
pub(super) fn lint(
    glossary: &Glossary,
    request: &Request,
    files: &[PathBuf],
) -> Result<ExitCode, Error> {
    let checked = check(glossary, request, files, Question::Lint);
    let text = match request.format {
        Format::Json => findings::json(&checked),
        Format::Sarif => findings::sarif(&checked),
        _ => findings::lines(&checked, request.look.color),
    };
    write(&text)?;
    let count = |severity| {
        checked
            .iter()
            .flat_map(|file| &file.findings)
            .filter(|finding| finding.severity == Some(severity))
            .count()
    };
    let (errors, warnings, notes) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Note),
    );
    let unreadable = checked.iter().filter(|file| file.error.is_some()).count();
    warn_plain(&format!(
        "{} file(s) checked, {errors} error(s), {warnings} warning(s), {notes} note(s){}",
        checked.len() - unreadable,
        unread(unreadable)
    ));
    Ok(if unreadable > 0 {
        ExitCode::Error
    } else if errors + warnings > 0 {
        ExitCode::NotFound
    } else {
        ExitCode::Success
    })
}

/// `--scan FILE...`: exit 0 when a term was found, 1 when none, 2 when a
/// file could not be read.
pub(super) fn scan(
    glossary: &Glossary,
    request: &Request,
    files: &[PathBuf],
) -> Result<ExitCode, Error> {
    let question = match request.format {
        Format::Terminal => Question::ScanPassages,
        _ => Question::Scan,
    };
    let checked = check(glossary, request, files, question);
    let text = match request.format {
        Format::Json => findings::scan_json(&checked),
        Format::Terminal => findings::scan_terminal(&checked, request.look.color),
        _ => findings::scan_rows(&checked),
    };
    write(&text)?;
    let found: usize = checked.iter().map(|file| file.findings.len()).sum();
    let unreadable = checked.iter().filter(|file| file.error.is_some()).count();
    warn_plain(&format!(
        "{} file(s) scanned, {found} term occurrence(s){}",
        checked.len() - unreadable,
        unread(unreadable)
    ));
    Ok(if unreadable > 0 {
        ExitCode::Error
    } else if found > 0 {
        ExitCode::Success
    } else {
        ExitCode::NotFound
    })
}

fn unread(count: usize) -> String {
    match count {
        0 => String::new(),
        n => format!(", {n} file(s) not readable"),
    }
}

/// What is asked of each document.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Question {
    Lint,
    Scan,
    /// `--scan` on a terminal: the passages to show the terms in, too.
    ScanPassages,
}

/// Reads every file, builds the terms of every language involved once,
/// and checks every document; problems with a file are told on stderr as
/// they are found in it.
fn check(
    glossary: &Glossary,
    request: &Request,
    files: &[PathBuf],
    question: Question,
) -> Vec<FileFindings> {
    let options = Options {
        fuzzy: request.fuzzy,
    };
    let loaded: Vec<Loaded> = crate::store::parallel::map(files, |path| load(path, &options));
    let fallback = request
        .preferences
        .first()
        .map_or(LAST_RESORT_LANG, String::as_str);
    let langs: Vec<Option<Langs>> = loaded
        .iter()
        .map(|document| {
            let document = document.as_ref().ok()?;
            Some(lint::languages(
                document,
                request.source_lang.as_deref(),
                request.explicit_langs.first().map(String::as_str),
                fallback,
            ))
        })
        .collect();
    let involved = lint::involved(&langs.iter().flatten().cloned().collect::<Vec<_>>());
    let terms = Terms::build(glossary, &involved);
    // A language the glossary has no term in finds nothing: say so, or a
    // clean result would mislead.
    for lang in involved.iter().filter(|lang| !terms.has_language(lang)) {
        warn(&format!(
            "the glossary has no terms in {lang}: nothing in it is checked"
        ));
    }
    let work: Vec<(&Path, &Loaded, &Option<Langs>)> = files
        .iter()
        .map(PathBuf::as_path)
        .zip(&loaded)
        .zip(&langs)
        .map(|((path, loaded), langs)| (path, loaded, langs))
        .collect();
    let checked = crate::store::parallel::map(&work, |&(path, loaded, langs)| {
        let mut file = FileFindings {
            path: shown(path),
            findings: Vec::new(),
            warnings: Vec::new(),
            error: None,
            passages: Vec::new(),
        };
        match (loaded, langs) {
            (Ok(document), Some(langs)) => {
                file.warnings = document.warnings.clone();
                file.findings = match question {
                    Question::Lint => lint::lint(document, &terms, langs),
                    Question::Scan | Question::ScanPassages => lint::scan(document, &terms, langs),
                };
                if question == Question::ScanPassages {
                    file.passages = lint::passages(document, &terms, langs);
                }
            }
            (Err(message), _) => file.error = Some(message.clone()),
            // Every document read has its languages.
            (Ok(_), None) => {}
        }
        file
    });
    for file in &checked {
        for warning in &file.warnings {
            warn(&format!("{}: {warning}", file.path));
        }
        if let Some(error) = &file.error {
            warn_plain(error);
        }
    }
    checked
}

/// The file as findings name it.
fn shown(path: &Path) -> String {
    match path == Path::new("-") {
        true => STDIN.to_string(),
        false => path.display().to_string(),
    }
}

/// Reads and parses one document; the error is one line naming the file.
fn load(path: &Path, options: &Options) -> Loaded {
    let bytes = read::read_document(path).map_err(|problem| problem.to_string())?;
    let kind = match path == Path::new("-") {
        true => Kind::Plain,
        false => Kind::of(path),
    };
    document::read(kind, &bytes, options)
        .map_err(|message| crate::model::text::one_line(&format!("{}: {message}", shown(path))))
}

/// Prints the findings; a reader that closed the pipe has seen enough, and
/// the exit status still tells what was found.
fn write(text: &str) -> Result<(), Error> {
    match print(text) {
        Err(error) if error.is_broken_pipe() => Ok(()),
        written => written,
    }
}
