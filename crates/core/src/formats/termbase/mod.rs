//! Term bases: TBX, CSV and TSV files and PO glossaries, read into entries
//! (a concept with its term in each language) and entries written out. The
//! formats are read and written by crates (quick-xml, csv, and the document
//! reader's PO parser); bytes in, entries out: what the entries become
//! (articles in a folder, an export of the glossary) is `exchange`'s.

mod csv;
mod po;
mod tbx;

use crate::model::error::Error;
use gloss_format::read::{Problem, MAX_ENTRIES};
use std::path::Path;

// The table of formats: adding one is its module and a line in each of
// these (an extension it is read by, a value `--export` writes it for).

/// The `--export` formats, as the command line names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Exchange {
    /// TBX-Basic (ISO 30042), for CAT tools and term bases
    Tbx,
    /// One row per term, a title per language, for flash cards
    Tsv,
    /// One row per article (slug, lang, title, description), RFC 4180
    Csv,
}

impl Exchange {
    /// The entries in this format. `raw`: cells as they are, formulas
    /// included (`--raw`). `columns` gives the languages of a format with a
    /// column per language, in order; it is asked only by such a format.
    pub(crate) fn write(
        self,
        entries: &[Entry],
        raw: bool,
        columns: impl FnOnce() -> Vec<String>,
    ) -> String {
        match self {
            Exchange::Tbx => tbx::write(entries),
            Exchange::Tsv => csv::write_tsv(entries, &columns(), raw),
            Exchange::Csv => csv::write(entries, raw),
        }
    }
}

/// The readers of `--import`, by the extensions that name them (in any case).
const READERS: [(&str, Reader); 5] = [
    ("po", Reader::Bytes(po::read)),
    ("pot", Reader::Bytes(po::read)),
    ("tbx", Reader::Text(tbx::read)),
    ("xml", Reader::Text(tbx::read)),
    ("csv", Reader::Stream(csv::read)),
];

/// What a reader returns: every entry, or one error naming the file and line.
type Read = Result<Vec<Entry>, Error>;

/// A reader of a term base, by what it is given besides the file's name
/// (for messages).
#[derive(Clone, Copy)]
pub(crate) enum Reader {
    /// The whole file as bytes: the format says its own charset (PO). What
    /// it leaves out goes to the warnings.
    Bytes(fn(&Path, &[u8], &mut Vec<String>) -> Read),
    /// The whole file as UTF-8 text.
    Text(fn(&Path, &str) -> Read),
    /// The file parsed as it is read, never held whole.
    Stream(fn(&Path, &mut dyn std::io::Read) -> Read),
}

/// The reader a file's extension names, if it names one (in any case).
pub(crate) fn reader_named(extension: &str) -> Option<Reader> {
    READERS
        .iter()
        .find(|(known, _)| known.eq_ignore_ascii_case(extension))
        .map(|&(_, reader)| reader)
}

/// The reader of a file whose extension names none, by its first bytes:
/// XML (past a byte-order mark and white space) is TBX, anything else CSV.
pub(crate) fn reader_of(head: &str) -> Reader {
    let xml = head
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('<');
    match xml {
        true => Reader::Text(tbx::read),
        false => Reader::Stream(csv::read),
    }
}

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
    fn a_reader_is_named_by_the_extension_or_told_by_the_content() {
        assert!(matches!(reader_named("PO"), Some(Reader::Bytes(_))));
        assert!(matches!(reader_named("pot"), Some(Reader::Bytes(_))));
        assert!(matches!(reader_named("xml"), Some(Reader::Text(_))));
        assert!(matches!(reader_named("Csv"), Some(Reader::Stream(_))));
        assert!(reader_named("txt").is_none());
        assert!(matches!(reader_of("\u{feff}\n  <tbx>"), Reader::Text(_)));
        assert!(matches!(reader_of("lang,title"), Reader::Stream(_)));
    }

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
