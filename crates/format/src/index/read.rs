//! Reading an index blob in place: every accessor is a bounds-checked
//! look at the rows, so a damaged blob yields empty answers, never a panic.

use super::postings;
use super::{
    article_row, folded_row, key_row, length_row, link_row, term_row, token_row, Posting, Table,
    MAGIC, NONE, TABLES, WIDTHS,
};
use crate::model::text::match_key;
use std::ops::Range;

/// A read-only view of an index blob. Every accessor is bounds-checked, so a
/// damaged blob yields empty answers, never a panic.
#[derive(Clone, Copy)]
pub struct Index<'a> {
    data: &'a [u8],
    tables: [(usize, usize); TABLES],
}

/// A term: its slug and the range of its articles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term<'a> {
    pub slug: &'a str,
    pub articles: (u32, u32),
}

/// An article row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArticleRow<'a> {
    pub term: u32,
    pub lang: &'a str,
    pub title: &'a str,
}

/// A folded key as suggestions see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FoldedKey {
    pub row: usize,
    pub term: u32,
    pub char_set: u64,
    pub chars: u32,
}

/// A key hit: the term, and the article when the key was its title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyHit {
    pub term: u32,
    pub article: Option<u32>,
}

impl<'a> Index<'a> {
    /// Opens a blob; `None` when it is not an index of this version.
    pub fn open(data: &'a [u8]) -> Option<Index<'a>> {
        if data.get(..MAGIC.len())? != MAGIC {
            return None;
        }
        let mut tables = [(0, 0); TABLES];
        for (i, table) in tables.iter_mut().enumerate() {
            let at = MAGIC.len() + i * 8;
            let start = read_u32(data, at)? as usize;
            let len = read_u32(data, at + 4)? as usize;
            data.get(start..start.checked_add(len)?)?;
            *table = (start, len);
        }
        let whole_rows = WIDTHS
            .iter()
            .zip(&tables)
            .all(|(&width, &(_, len))| width == 0 || len % (width * 4) == 0);
        whole_rows.then_some(Index { data, tables })
    }

    pub(super) fn word(&self, table: Table, row: usize, width: usize, col: usize) -> u32 {
        let (start, len) = self.tables[table as usize];
        let at = (row * width + col) * 4;
        if at + 4 > len {
            return 0;
        }
        read_u32(self.data, start + at).unwrap_or(0)
    }

    pub(super) fn rows(&self, table: Table, width: usize) -> usize {
        self.tables[table as usize].1 / (width * 4)
    }

    pub(super) fn str_at(&self, table: Table, row: usize, width: usize, col: usize) -> &'a str {
        std::str::from_utf8(self.bytes_at(table, row, width, col)).unwrap_or("")
    }

    /// The string area, which every string field's offset is into.
    pub(super) fn string_area(&self) -> &'a [u8] {
        let (start, size) = self.tables[Table::Strings as usize];
        &self.data[start..start + size]
    }

    /// The bytes a (offset, length) pair in the string area points to.
    pub(super) fn bytes_at(&self, table: Table, row: usize, width: usize, col: usize) -> &'a [u8] {
        let offset = self.word(table, row, width, col) as usize;
        let len = self.word(table, row, width, col + 1) as usize;
        let (start, size) = self.tables[Table::Strings as usize];
        if offset.saturating_add(len) > size {
            return &[];
        }
        &self.data[start + offset..start + offset + len]
    }

    pub fn term_count(&self) -> usize {
        self.rows(Table::Terms, term_row::WIDTH)
    }

    pub fn term(&self, i: u32) -> Term<'a> {
        Term {
            slug: self.slug(i),
            articles: self.article_rows(i),
        }
    }

    /// Term `i`'s slug.
    pub fn slug(&self, i: u32) -> &'a str {
        self.str_at(Table::Terms, i as usize, term_row::WIDTH, term_row::SLUG)
    }

    /// The rows of term `i`'s articles, read without decoding its slug.
    pub(super) fn article_rows(&self, i: u32) -> (u32, u32) {
        let first = self.word(
            Table::Terms,
            i as usize,
            term_row::WIDTH,
            term_row::FIRST_ARTICLE,
        );
        let count = self.word(
            Table::Terms,
            i as usize,
            term_row::WIDTH,
            term_row::ARTICLES,
        );
        (first, first.saturating_add(count))
    }

    pub fn article_count(&self) -> usize {
        self.rows(Table::Articles, article_row::WIDTH)
    }

    pub fn article(&self, i: u32) -> ArticleRow<'a> {
        ArticleRow {
            term: self.word(
                Table::Articles,
                i as usize,
                article_row::WIDTH,
                article_row::TERM,
            ),
            lang: self.lang(i),
            title: self.title(i),
        }
    }

    /// An article's language, decoded alone (lists decode only the titles they show).
    pub fn lang(&self, article: u32) -> &'a str {
        self.str_at(
            Table::Articles,
            article as usize,
            article_row::WIDTH,
            article_row::LANG,
        )
    }

    /// Where an article's language tag sits in the string area. Strings are
    /// stored once, so an equal place is an equal tag: a list of thousands of
    /// articles decodes each of its few tags once.
    pub fn lang_place(&self, article: u32) -> (u32, u32) {
        let word = |col| self.word(Table::Articles, article as usize, article_row::WIDTH, col);
        (word(article_row::LANG), word(article_row::LANG + 1))
    }

    /// An article's title.
    pub fn title(&self, article: u32) -> &'a str {
        self.str_at(
            Table::Articles,
            article as usize,
            article_row::WIDTH,
            article_row::TITLE,
        )
    }

    /// An article's description.
    pub fn description(&self, article: u32) -> &'a str {
        self.str_at(
            Table::Articles,
            article as usize,
            article_row::WIDTH,
            article_row::DESCRIPTION,
        )
    }

    /// An article's keywords.
    pub fn keywords(&self, article: u32) -> Vec<String> {
        let joined = self.str_at(
            Table::Articles,
            article as usize,
            article_row::WIDTH,
            article_row::KEYWORDS,
        );
        joined.lines().map(str::to_string).collect()
    }

    /// An article's aliases: other names of its term in its language.
    pub fn aliases(&self, article: u32) -> Vec<String> {
        let joined = self.str_at(
            Table::Articles,
            article as usize,
            article_row::WIDTH,
            article_row::ALIASES,
        );
        joined.lines().map(str::to_string).collect()
    }

    /// An article's avoided terms: rivals of its title not to use.
    pub fn avoid(&self, article: u32) -> Vec<String> {
        let joined = self.str_at(
            Table::Articles,
            article as usize,
            article_row::WIDTH,
            article_row::AVOID,
        );
        joined.lines().map(str::to_string).collect()
    }

    /// An article's payload, its markdown body, decompressed. Read only for
    /// the article being shown; empty when the blob is damaged.
    pub fn payload(&self, article: u32) -> String {
        let bytes = self.bytes_at(
            Table::Articles,
            article as usize,
            article_row::WIDTH,
            article_row::PAYLOAD,
        );
        let size = bytes
            .get(..4)
            .map_or(0, |n| u32::from_le_bytes([n[0], n[1], n[2], n[3]]));
        // The size comes first; a damaged one must not ask for gigabytes.
        if size as u64 > crate::read::MAX_ARTICLE_BYTES {
            return String::new();
        }
        lz4_flex::decompress(&bytes[4.min(bytes.len())..], size as usize)
            .ok()
            .and_then(|text| String::from_utf8(text).ok())
            .unwrap_or_default()
    }

    /// The articles of term `i`.
    pub fn articles(&self, term: u32) -> impl Iterator<Item = (u32, ArticleRow<'a>)> + '_ {
        self.article_range(term).map(move |i| (i, self.article(i)))
    }

    /// The rows of term `i`'s articles, within the table.
    pub fn article_range(&self, term: u32) -> Range<u32> {
        let (start, end) = self.article_rows(term);
        start..end.min(self.article_count() as u32)
    }

    /// The first term whose slug sorts at or after `slug`.
    pub fn first_term_from(&self, slug: &str) -> u32 {
        partition_point(self.term_count(), |term| self.term(term as u32).slug < slug) as u32
    }

    /// The term with this exact slug.
    pub fn find_slug(&self, slug: &str) -> Option<u32> {
        let (mut lo, mut hi) = (0, self.term_count());
        while lo < hi {
            let mid = (lo + hi) / 2;
            // Compared as bytes (the order of UTF-8 is the order of its
            // characters): a lookup is a dozen steps, each would otherwise
            // validate a slug it only compares.
            let at = self.bytes_at(Table::Terms, mid, term_row::WIDTH, term_row::SLUG);
            match at.cmp(slug.as_bytes()) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid as u32),
            }
        }
        None
    }

    /// Terms and articles whose match key (or folded key) is exactly `key`.
    pub fn find_key(&self, key: &str, folded: bool) -> Vec<KeyHit> {
        let (table, width) = if folded {
            (Table::Folded, folded_row::WIDTH)
        } else {
            (Table::Keys, key_row::WIDTH)
        };
        let rows = self.rows(table, width);
        let key_at = |row| self.str_at(table, row, width, key_row::KEY);
        let start = partition_point(rows, |row| key_at(row) < key);
        (start..rows)
            .take_while(|&row| key_at(row) == key)
            .map(|row| {
                let article = self.word(table, row, width, key_row::ARTICLE);
                KeyHit {
                    term: self.word(table, row, width, key_row::TERM),
                    article: (article != NONE).then_some(article),
                }
            })
            .collect()
    }

    /// The aliases whose match keys start with `prefix`, each with the term
    /// it names, in key order (a binary search, then only the matches).
    pub fn aliases_from(&self, prefix: &str) -> Vec<(String, u32)> {
        let (table, width) = (Table::Keys, key_row::WIDTH);
        let rows = self.rows(table, width);
        let key_at = |row| self.str_at(table, row, width, key_row::KEY);
        let start = partition_point(rows, |row| key_at(row) < prefix);
        let mut found = Vec::new();
        for row in (start..rows).take_while(|&row| key_at(row).starts_with(prefix)) {
            let article = self.word(table, row, width, key_row::ARTICLE);
            let key = key_at(row);
            let is_alias = article != NONE
                && self
                    .aliases(article)
                    .iter()
                    .any(|alias| match_key(alias) == key);
            if is_alias {
                found.push((key.to_string(), self.word(table, row, width, key_row::TERM)));
            }
        }
        found
    }

    /// Every folded key's row, term, character count and character set, for
    /// fuzzy suggestions that reject most keys without reading their text.
    pub fn folded_keys(self) -> impl Iterator<Item = FoldedKey> + 'a {
        let table = Table::Folded;
        (0..self.rows(table, folded_row::WIDTH)).map(move |row| {
            let word = |col| self.word(table, row, folded_row::WIDTH, col);
            FoldedKey {
                row,
                term: word(key_row::TERM),
                char_set: u64::from(word(folded_row::CHAR_SET))
                    | u64::from(word(folded_row::CHAR_SET + 1)) << 32,
                chars: word(folded_row::CHARS),
            }
        })
    }

    /// The text of the folded key in `row`.
    pub fn folded_key(&self, row: usize) -> &'a str {
        self.str_at(Table::Folded, row, folded_row::WIDTH, key_row::KEY)
    }

    /// The search tokens in `range` of the sorted token table: the exact
    /// token, or with `prefix` every token that starts with it.
    pub fn tokens_matching(&self, token: &str, prefix: bool) -> std::ops::Range<usize> {
        let rows = self.rows(Table::Tokens, token_row::WIDTH);
        let token_at = |row| self.str_at(Table::Tokens, row, token_row::WIDTH, token_row::TOKEN);
        let start = partition_point(rows, |row| token_at(row) < token);
        let end = if prefix {
            start + partition_point(rows - start, |i| token_at(start + i).starts_with(token))
        } else {
            start + usize::from(start < rows && token_at(start) == token)
        };
        start..end
    }

    /// The inverse document frequency and postings of the token in row `row`.
    pub fn postings(&self, row: usize) -> (f32, Vec<Posting>) {
        let table = Table::Tokens;
        let df = self.word(table, row, token_row::WIDTH, token_row::DF);
        let idf = f32::from_bits(self.word(table, row, token_row::WIDTH, token_row::IDF));
        let offset = self.word(table, row, token_row::WIDTH, token_row::POSTINGS) as usize;
        let len = self.word(table, row, token_row::WIDTH, token_row::POSTINGS + 1) as usize;
        let (start, size) = self.tables[Table::Strings as usize];
        let Some(bytes) = (offset.saturating_add(len) <= size)
            .then(|| &self.data[start + offset..start + offset + len])
        else {
            return (0.0, Vec::new());
        };
        (idf, postings::decode(bytes, df))
    }

    /// The number of body tokens of an article.
    pub fn body_len(&self, article: u32) -> u32 {
        self.word(
            Table::Lengths,
            article as usize,
            length_row::WIDTH,
            length_row::BODY_TOKENS,
        )
    }

    /// The articles that link to `slug`, in row order.
    pub fn linking_articles(&self, slug: &str) -> Vec<u32> {
        let rows = self.rows(Table::Links, link_row::WIDTH);
        let slug_at = |row| self.str_at(Table::Links, row, link_row::WIDTH, link_row::SLUG);
        let start = partition_point(rows, |row| slug_at(row) < slug);
        (start..rows)
            .take_while(|&row| slug_at(row) == slug)
            .map(|row| self.word(Table::Links, row, link_row::WIDTH, link_row::ARTICLE))
            .collect()
    }
}

fn read_u32(data: &[u8], at: usize) -> Option<u32> {
    let bytes = data.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes(bytes.try_into().ok()?))
}

/// The first row in `0..rows` for which `before` is false.
fn partition_point(rows: usize, before: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, rows);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if before(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}
