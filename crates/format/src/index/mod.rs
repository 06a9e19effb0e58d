//! The compact lookup index: written once (by `build.rs` for the embedded
//! bundle, by the folder cache for a folder), then read in place with no
//! start-up work. It is a single byte blob of little-endian `u32` tables and
//! one string area, so that embedding it costs no relocations however large
//! the glossary grows, and a lookup touches only the rows a binary search
//! visits. This module is the format: the tables, the fields of their rows,
//! and what an entry holds; `write` builds a blob, `read` answers from one,
//! `sound` checks one gloss did not just write, and `postings` is the
//! search lists' codec.

mod postings;
mod read;
mod sound;
mod write;

pub use read::{ArticleRow, FoldedKey, Index, KeyHit, Term};
pub use write::{write, write_titles, write_to};

/// The blob format; a change to it must change this.
pub const MAGIC: &[u8; 8] = b"GLOSSIX4";

/// The tables, in the order their offsets follow the magic; each row's
/// fields are named in the `*_row` module below.
#[derive(Clone, Copy)]
enum Table {
    Strings = 0,
    /// Sorted by slug.
    Terms,
    /// Sorted by term, then lang.
    Articles,
    /// Match keys, sorted by key. A title's and an alias's keys name their
    /// article; a slug's names none (`NONE`).
    Keys,
    /// The same for diacritic-folded keys, with what fuzzy matching needs.
    Folded,
    /// Every link, sorted by the slug linked to (with or without an article
    /// here), then the article linking: backlinks, and the "linked from" of a
    /// term not written yet.
    Links,
    /// Search tokens, sorted by token.
    Tokens,
    /// Per article, for length normalisation.
    Lengths,
}
const TABLES: usize = 8;

// The fields of each table's rows: where each starts, in `u32` words, and
// the row's width. A string takes two words, its offset and length in the
// string area.

mod term_row {
    pub(super) const SLUG: usize = 0;
    pub(super) const FIRST_ARTICLE: usize = 2;
    pub(super) const ARTICLES: usize = 3;
    pub(super) const WIDTH: usize = 4;
}

mod article_row {
    pub(super) const TERM: usize = 0;
    pub(super) const LANG: usize = 1;
    pub(super) const TITLE: usize = 3;
    pub(super) const DESCRIPTION: usize = 5;
    /// Joined by newlines, as are aliases and avoid.
    pub(super) const KEYWORDS: usize = 7;
    /// LZ4 bytes, placed after every other string (`write`).
    pub(super) const PAYLOAD: usize = 9;
    pub(super) const ALIASES: usize = 11;
    pub(super) const AVOID: usize = 13;
    pub(super) const WIDTH: usize = 15;
}

/// A row of `Keys`, and the start of a row of `Folded`.
mod key_row {
    pub(super) const KEY: usize = 0;
    pub(super) const TERM: usize = 2;
    /// The article, or `NONE` for a slug's key.
    pub(super) const ARTICLE: usize = 3;
    pub(super) const WIDTH: usize = 4;
}

mod folded_row {
    /// `text::char_set` of the key, two words (low, high).
    pub(super) const CHAR_SET: usize = super::key_row::WIDTH;
    pub(super) const CHARS: usize = CHAR_SET + 2;
    pub(super) const WIDTH: usize = CHARS + 1;
}

mod link_row {
    pub(super) const SLUG: usize = 0;
    pub(super) const ARTICLE: usize = 2;
    pub(super) const WIDTH: usize = 3;
}

mod token_row {
    pub(super) const TOKEN: usize = 0;
    /// A byte string in the string area (`postings`).
    pub(super) const POSTINGS: usize = 2;
    /// Document frequency.
    pub(super) const DF: usize = 4;
    /// Inverse document frequency, `f32` bits.
    pub(super) const IDF: usize = 5;
    pub(super) const WIDTH: usize = 6;
}

mod length_row {
    /// The article's number of body tokens.
    pub(super) const BODY_TOKENS: usize = 0;
    pub(super) const WIDTH: usize = 1;
}

/// Row widths by table, for checking a blob; strings (0) have no rows.
const WIDTHS: [usize; TABLES] = [
    0,
    term_row::WIDTH,
    article_row::WIDTH,
    key_row::WIDTH,
    folded_row::WIDTH,
    link_row::WIDTH,
    token_row::WIDTH,
    length_row::WIDTH,
];

/// Marks a key that names a term rather than one of its articles.
const NONE: u32 = u32::MAX;

/// One article as the index sees it. `payload` is the markdown body for the
/// embedded bundle, LZ4-compressed as soon as the entry is made (a bundle's
/// text is then never held whole), and empty for a folder, whose files are
/// read from disk; `body` is the article's plain text for full-text search
/// (empty where search is not indexed).
#[derive(Debug, Clone, Default)]
pub struct Entry {
    pub slug: String,
    pub lang: String,
    pub title: String,
    pub description: String,
    pub keywords: Vec<String>,
    /// Other names of the term in this language.
    pub aliases: Vec<String>,
    /// Terms not to use in this language.
    pub avoid: Vec<String>,
    pub payload: Vec<u8>,
    pub links: Vec<String>,
    pub body: String,
}

impl Entry {
    /// The entry for a parsed article, with everything search and links need.
    pub fn from_article(article: crate::model::article::Article, payload: String) -> Entry {
        Entry {
            links: article.links().into_iter().map(|link| link.slug).collect(),
            body: article.plain_text(),
            slug: article.slug,
            lang: article.lang,
            title: article.front.title,
            description: article.front.description,
            keywords: article.front.keywords,
            aliases: article.front.aliases,
            avoid: article.front.avoid,
            payload: compress(&payload),
        }
    }
}

/// Where a search token occurs in one article. A posting is stored as the
/// varint gap from the previous article, then one byte: bit 7 title, bit 6
/// description, bits 0-5 the body count (capped at 63).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    pub article: u32,
    pub in_title: bool,
    pub in_description: bool,
    pub body_count: u32,
}

const IN_TITLE: u8 = 0x80;
const IN_DESCRIPTION: u8 = 0x40;
const COUNT_MASK: u8 = 0x3f;

/// A payload as the index stores it: LZ4 with its size first; nothing for no text.
fn compress(text: &str) -> Vec<u8> {
    if text.is_empty() {
        return Vec::new();
    }
    lz4_flex::compress_prepend_size(text.as_bytes())
}

#[cfg(test)]
mod tests;
