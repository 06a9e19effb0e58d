//! Errors and the exit codes they map to: 0 found, 1 not found, 2 usage or data.

use crate::model::text::one_line;
use std::fmt;
use std::io;

/// The process exit codes, as documented in the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    Success = 0,
    NotFound = 1,
    Error = 2,
}

impl From<ExitCode> for std::process::ExitCode {
    fn from(code: ExitCode) -> Self {
        std::process::ExitCode::from(code as u8)
    }
}

/// Everything that can stop gloss short of printing what was asked.
#[derive(Debug)]
pub enum Error {
    /// The command line asks for something impossible.
    Usage(String),
    /// A glossary file is broken; the message names it.
    Data(String),
    /// No term matches; with near misses to suggest.
    NotFound {
        term: String,
        suggestions: Vec<String>,
    },
    /// A search found nothing.
    NoHits(String),
    /// Articles link to this slug, but it has no article.
    NotWritten {
        slug: String,
        linked_from: Vec<String>,
    },
    /// The term exists, but not in the language asked for.
    NoLanguage {
        slug: String,
        wanted: Vec<String>,
        available: Vec<String>,
    },
    /// Reading or writing failed.
    Io(io::Error),
}

impl Error {
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Error::NotFound { .. }
            | Error::NoHits(_)
            | Error::NotWritten { .. }
            | Error::NoLanguage { .. } => ExitCode::NotFound,
            Error::Usage(_) | Error::Data(_) | Error::Io(_) => ExitCode::Error,
        }
    }

    /// `--search` with nothing to look for.
    pub fn no_search_words() -> Error {
        Error::Usage("--search needs words to look for".into())
    }

    /// A closed output pipe (`gloss … | head -1`) is how readers say they have
    /// enough; it ends gloss quietly and successfully.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Io(error) if error.kind() == io::ErrorKind::BrokenPipe)
    }
}

impl From<io::Error> for Error {
    fn from(error: io::Error) -> Self {
        Error::Io(error)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage(message) | Error::Data(message) => f.write_str(message),
            Error::NotFound { term, suggestions } if suggestions.is_empty() => {
                write!(
                    f,
                    "no term matches '{}' (gloss --list shows them all)",
                    shown(term)
                )
            }
            Error::NotFound { term, suggestions } => write!(
                f,
                "no term matches '{}'; did you mean {}?",
                shown(term),
                suggestions.join(", ")
            ),
            Error::NoHits(words) => write!(f, "no article contains '{}'", shown(words)),
            Error::NotWritten { slug, linked_from } => write!(
                f,
                "'{slug}' has no article yet; it is linked from {}",
                few(linked_from)
            ),
            Error::NoLanguage {
                slug,
                wanted,
                available,
            } => write!(
                f,
                "'{slug}' has no article in {}; it is available in {}",
                wanted.join(", "),
                available.join(", ")
            ),
            Error::Io(error) => write!(f, "{error}"),
        }
    }
}

/// At most five names, and how many more, so a message stays one line.
fn few(names: &[String]) -> String {
    const SHOWN: usize = 5;
    let mut text = names
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > SHOWN {
        text.push_str(&format!(" and {} more", names.len() - SHOWN));
    }
    text
}

/// User input as it may be echoed in a one-line message: clean, and not
/// longer than a line.
pub fn shown(input: &str) -> String {
    const MAX: usize = 60;
    let clean = one_line(input);
    if clean.chars().count() <= MAX {
        return clean;
    }
    let cut: String = clean.chars().take(MAX).collect();
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_are_stable() {
        assert_eq!(ExitCode::Success as u8, 0);
        assert_eq!(ExitCode::NotFound as u8, 1);
        assert_eq!(ExitCode::Error as u8, 2);
        let missing = Error::NotFound {
            term: "x".into(),
            suggestions: vec![],
        };
        assert_eq!(missing.exit_code(), ExitCode::NotFound);
        assert_eq!(Error::Usage("u".into()).exit_code(), ExitCode::Error);
    }

    #[test]
    fn broken_pipe_is_recognised() {
        assert!(Error::Io(io::ErrorKind::BrokenPipe.into()).is_broken_pipe());
        assert!(!Error::Io(io::ErrorKind::NotFound.into()).is_broken_pipe());
    }

    #[test]
    fn long_lists_are_cut() {
        let names: Vec<String> = (0..8).map(|i| format!("t{i}")).collect();
        assert_eq!(few(&names), "t0, t1, t2, t3, t4 and 3 more");
        assert_eq!(few(&names[..2]), "t0, t1");
    }

    #[test]
    fn shown_input_is_one_clean_line() {
        assert_eq!(shown("a\x1b[2J\nb"), "a[2J b");
        assert_eq!(shown(&"x".repeat(100)).chars().count(), 61);
    }
}
