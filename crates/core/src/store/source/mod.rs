//! Sources: where the glossary's layers come from. Each kind (the embedded
//! bundle, a glossary folder, a dictionary) is one implementation of `Source`; the
//! glossary stacks them and asks every layer the same questions, so a new
//! kind of source is one more implementation here and its place: a folder
//! kind in `store/paths.rs`, a kind kept in files of its own (as
//! dictionaries are) a row of `places::KINDS`.

mod bundle;
pub(crate) mod dictionary;
mod dictionary_cache;
mod dictionary_head;
pub(crate) mod dictionary_keys;
mod dictionary_list;
pub(crate) mod dictionary_lookup;
pub(crate) mod dictionary_search;
mod folder;
pub(crate) mod places;

pub(crate) use bundle::Bundle;
pub(crate) use dictionary::Dictionary;
pub(crate) use folder::Folder;

use crate::model::article::{Article, FrontMatter};
use crate::store::index::Index;
use crate::store::read::Problem;
use std::path::PathBuf;

/// One article a source has for a term: its language, its title (empty
/// when its front matter is broken) and where its text is.
pub(crate) type Found = (String, String, Location);

/// What the glossary asks of each of its layers.
pub(crate) trait Source: Send + Sync {
    /// Titles and match keys.
    fn index(&self) -> Index<'_>;

    /// Titles, match keys, search tokens and links.
    fn full_index(&self) -> Index<'_>;

    /// Whether an index known to be current without checking the source
    /// (built or checked this call, vouched for by the watcher, or fixed
    /// like the bundle's) has this term.
    fn indexed_term(&self, slug: &str) -> bool;

    /// Whether the source itself has this term, asked when no current
    /// index did: an index lacks terms whose every file is broken.
    fn has_term_uncached(&self, _slug: &str) -> bool {
        false
    }

    /// A term the source may have but cannot read: "not found" would
    /// mislead.
    fn unreadable_term(&self, _slug: &str) -> Option<Problem> {
        None
    }

    /// The articles it has for `slug`, one per file, sorted by language.
    fn articles(&self, slug: &str) -> Vec<Found>;

    /// Reads and parses one of its articles.
    fn load(&self, article: &ArticleRef) -> Result<Article, Problem>;

    /// One of its articles as the text of an article file.
    fn text(&self, article: &ArticleRef) -> Result<String, Problem>;

    /// The same source with nothing read yet.
    fn reopened(&self) -> Box<dyn Source>;

    /// The folder its files are in, for a source of files.
    fn root(&self) -> Option<&std::path::Path> {
        None
    }

    /// For a process that outlives one question: brings what it holds up to
    /// date where it can, and says whether it must be reopened instead (its
    /// source changed, or may have). The bundle never changes.
    fn stale(&mut self) -> bool {
        false
    }

    /// A dictionary: no articles, entries by headword instead.
    fn dictionary(&self) -> Option<&Dictionary> {
        None
    }

    /// The same, to change (the languages the config file gives it).
    fn dictionary_mut(&mut self) -> Option<&mut Dictionary> {
        None
    }

    /// The name `--dict` takes, for a source kept in files of its own: of
    /// two with one name the first found is read.
    fn name(&self) -> Option<&str> {
        None
    }

    /// What `--check` finds wrong in a source kept in files of its own
    /// (a folder's articles are checked as articles, `store/check.rs`).
    fn problems(&self) -> Vec<Problem> {
        Vec::new()
    }
}

/// Arbitrary bytes read as the files kept per dictionary: its table of
/// folded keys through every accessor, and its headers.
pub(crate) fn exercise_dictionary_caches(data: &[u8]) {
    dictionary_keys::exercise(data);
    dictionary_head::exercise(data);
}

/// Where an article's text is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Location {
    /// A row of the embedded index.
    Bundle(u32),
    File(PathBuf),
}

/// One article of one term, located in a layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ArticleRef {
    pub(crate) layer: usize,
    pub(crate) slug: String,
    pub(crate) lang: String,
    pub(crate) title: String,
    pub(crate) location: Location,
}

impl ArticleRef {
    /// A folder file whose front matter does not parse has no title: it is
    /// shown only when asked for by language, to say what is wrong with it.
    pub(crate) fn is_broken(&self) -> bool {
        self.title.is_empty()
    }
}

/// Blobs are written by `index::write`; a damaged one reads as empty.
pub(crate) fn open(blob: &[u8]) -> Index<'_> {
    Index::open(blob)
        .unwrap_or_else(|| Index::open(EMPTY_INDEX.as_slice()).expect("a valid empty index"))
}

static EMPTY_INDEX: std::sync::LazyLock<Vec<u8>> =
    std::sync::LazyLock::new(|| crate::store::index::write(Vec::new()));

/// An article's front matter as an index keeps it (unknown keys are only
/// for `--check`, which reads the files).
pub(crate) fn front_of(index: &Index, row: u32) -> FrontMatter {
    FrontMatter {
        title: index.title(row).to_string(),
        description: index.description(row).to_string(),
        keywords: index.keywords(row),
        aliases: index.aliases(row),
        avoid: index.avoid(row),
        unknown_keys: Vec::new(),
    }
}
