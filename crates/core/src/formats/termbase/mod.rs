//! Term bases: TBX, CSV and TSV files and PO glossaries, read into entries
//! (a concept with its term in each language) and entries written out. The
//! formats are read and written by crates (quick-xml, csv, and the document
//! reader's PO parser); bytes in, entries out: what the entries become
//! (articles in a folder, an export of the glossary) is `exchange`'s.

pub(crate) mod csv;
pub(crate) mod po;
pub(crate) mod tbx;

use crate::model::error::Error;
use gloss_format::read::{Problem, MAX_ENTRIES};
use std::path::Path;

/// One concept: a term in one or more languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    /// The glossary slug: set on export; on import, the entry's id where the
    /// file says its ids are slugs, else derived from a term.
    pub(crate) slug: Option<String>,
    /// The line the entry starts on, for messages.
    pub(crate) line: usize,
    pub(crate) terms: Vec<Term>,
}

/// A concept in one language.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Term {
    pub(crate) lang: String,
    /// The preferred term.
    pub(crate) title: String,
    pub(crate) definition: String,
    pub(crate) notes: Vec<String>,
    /// Admitted terms (the article's aliases).
    pub(crate) aliases: Vec<String>,
    /// Deprecated terms (the article's `avoid:` list).
    pub(crate) avoid: Vec<String>,
}

/// An input file that cannot be imported: the file, the line, what is wrong.
pub(crate) fn bad(path: &Path, line: Option<usize>, message: impl Into<String>) -> Error {
    Error::Data(Problem::new(path, line, message).to_string())
}

/// The most entries one term base may hold: no more than a folder holds
/// (`MAX_ENTRIES` term folders). A file with more is refused as soon as
/// its reader has seen one more, before the rest is parsed.
pub(crate) const MAX_IMPORT_ENTRIES: usize = MAX_ENTRIES;

/// The problem of a file with more than `MAX_IMPORT_ENTRIES` entries.
pub(crate) fn too_many(path: &Path, line: usize) -> Error {
    bad(
        path,
        Some(line),
        format!(
            "more than {MAX_IMPORT_ENTRIES} terms, more than a folder holds; nothing was written"
        ),
    )
}

/// A slug from a term: transliterated to ASCII (`deunicode`), lower-case,
/// words of letters and digits joined by `-`, at most 100 bytes.
pub(crate) fn slugify(term: &str) -> Option<String> {
    let ascii = deunicode::deunicode(term).to_lowercase();
    let mut slug = String::new();
    for word in ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if slug.len() + word.len() + 1 > 100 {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(word);
    }
    crate::model::article::is_slug(&slug).then_some(slug)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_transliterated_words_or_nothing() {
        assert_eq!(slugify("Café au lait").as_deref(), Some("cafe-au-lait"));
        assert_eq!(
            slugify("Мягкая продажа").as_deref(),
            Some("miagkaia-prodazha")
        );
        assert_eq!(slugify("  3D -- printing!").as_deref(), Some("3d-printing"));
        assert_eq!(slugify("../.."), None);
        assert_eq!(slugify("!!!"), None);
        assert_eq!(slugify(""), None);
        let long = slugify(&"word ".repeat(40)).unwrap();
        assert!(long.len() <= 100 && crate::model::article::is_slug(&long));
    }
}
