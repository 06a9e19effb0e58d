//! What checking a text against the glossary finds, as every output of
//! `--lint` and `--scan` (lines, JSON, SARIF, the terminal) prints it and
//! the language server sends it: where, which term, and what is expected.

/// How serious a finding is; the order is the order of importance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// An avoided term in the text.
    Error,
    /// A source term whose approved translation is not in the target.
    Warning,
    /// A source term the glossary has no article for in the target language.
    Note,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// A stretch of a file: 1-based lines and columns (in characters), the
/// end just after the last character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Span {
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
}

/// One term found in a text (`--scan`), or one problem with it (`--lint`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub span: Span,
    /// `None` for an occurrence `--scan` lists.
    pub severity: Option<Severity>,
    pub slug: String,
    /// The text found, as the document writes it (one line).
    pub found: String,
    /// The term as the glossary writes it.
    pub term: String,
    /// The language the text was matched in.
    pub lang: String,
    /// What the glossary expects instead (`--lint`): the article's title
    /// first, then its aliases.
    pub expected: Vec<String>,
    /// The sentence a person reads.
    pub message: String,
    /// The one-line description of the term's article (`--scan`).
    pub description: String,
}

/// The findings in one file, or why it could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileFindings {
    /// The file as the user named it (`<stdin>` for `-`).
    pub path: String,
    pub findings: Vec<Finding>,
    /// What the reader skipped or capped, one line each.
    pub warnings: Vec<String>,
    /// Why the file could not be checked.
    pub error: Option<String>,
    /// `--scan` on a terminal: the units that hold terms, to show them in.
    pub passages: Vec<Passage>,
}

/// A unit of text with the byte ranges of the terms found in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    /// The line of the file it starts on.
    pub line: u32,
    /// As the document has it: render sanitises it.
    pub text: String,
    pub marks: Vec<(usize, usize)>,
}
