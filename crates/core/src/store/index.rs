//! The compact lookup index: written once (by `build.rs` for the embedded
//! bundle), then read in place with no start-up work. It is a single byte
//! blob of little-endian `u32` tables and one string area, so that embedding
//! it costs no relocations however large the glossary grows, and a lookup
//! touches only the rows a binary search visits.

use crate::model::text::{char_set, each_token, fold, match_key, TokenHasher as Hasher};
use std::collections::HashMap;
use std::ops::Range;

/// The blob format; a change to it must change this.
pub(crate) const MAGIC: &[u8; 8] = b"GLOSSIX4";

/// The tables, in the order their offsets follow the magic.
#[derive(Clone, Copy)]
enum Table {
    Strings = 0,
    /// slug, first article, article count; sorted by slug.
    Terms,
    /// term, lang, title, description, keywords, payload, aliases, avoid;
    /// sorted by term, then lang.
    Articles,
    /// match key, term, article (or `NONE` for a slug); sorted by key. A
    /// title's and an alias's keys name their article.
    Keys,
    /// The same for diacritic-folded keys, with each key's character count
    /// and character set (`text::char_set`, two words) for fuzzy matching.
    Folded,
    /// a linked slug (with or without an article here), the article linking
    /// to it; sorted by slug, then article: backlinks, and the "linked from"
    /// of a term not written yet.
    Links,
    /// search token, postings (a byte string in the string area), document
    /// frequency, inverse document frequency (`f32` bits); sorted by token.
    Tokens,
    /// per article: its number of body tokens, for length normalisation.
    Lengths,
}
const TABLES: usize = 8;

/// Row widths in `u32` words; a string takes two (offset, length).
const TERM_WORDS: usize = 4;
const ARTICLE_WORDS: usize = 15;
/// Where an article row's payload (offset, length) starts.
const PAYLOAD_WORD: usize = 9;
const KEY_WORDS: usize = 4;
const FOLDED_WORDS: usize = 7;
const LINK_WORDS: usize = 3;
const TOKEN_WORDS: usize = 6;
const LENGTH_WORDS: usize = 1;
/// Row widths by table, for checking a blob; strings (0) have no rows.
const WIDTHS: [usize; TABLES] = [
    0,
    TERM_WORDS,
    ARTICLE_WORDS,
    KEY_WORDS,
    FOLDED_WORDS,
    LINK_WORDS,
    TOKEN_WORDS,
    LENGTH_WORDS,
];

/// Marks a key that names a term rather than one of its articles.
const NONE: u32 = u32::MAX;

/// One article as the index sees it. `payload` is the markdown body for the
/// embedded bundle, LZ4-compressed as soon as the entry is made (a bundle's
/// text is then never held whole), and empty for a folder, whose files are
/// read from disk; `body` is the article's plain text for full-text search
/// (empty where search is not indexed).
#[derive(Debug, Clone, Default)]
pub(crate) struct Entry {
    pub(crate) slug: String,
    pub(crate) lang: String,
    pub(crate) title: String,
    pub(crate) description: String,
    pub(crate) keywords: Vec<String>,
    /// Other names of the term in this language.
    pub(crate) aliases: Vec<String>,
    /// Terms not to use in this language.
    pub(crate) avoid: Vec<String>,
    pub(crate) payload: Vec<u8>,
    pub(crate) links: Vec<String>,
    pub(crate) body: String,
}

impl Entry {
    /// The entry for a parsed article, with everything search and links need.
    pub(crate) fn from_article(article: crate::model::article::Article, payload: String) -> Entry {
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
pub(crate) struct Posting {
    pub(crate) article: u32,
    pub(crate) in_title: bool,
    pub(crate) in_description: bool,
    pub(crate) body_count: u32,
}

const IN_TITLE: u8 = 0x80;
const IN_DESCRIPTION: u8 = 0x40;
const COUNT_MASK: u8 = 0x3f;

/// Serialises `entries` into an index blob. Payloads go last in the string
/// area, so the small strings every lookup and list reads (slugs, titles,
/// keys) sit together on few pages, and only the shown article's page of
/// text is ever touched.
pub(crate) fn write(entries: Vec<Entry>) -> Vec<u8> {
    let mut blob = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = write_to(entries, &mut blob);
    blob
}

/// [`write`] without the search tables, for a folder's titles index: search
/// reads the folder's full index, so tokenising titles and descriptions
/// here only made the first list slower and the cache a quarter larger.
pub(crate) fn write_titles(entries: Vec<Entry>) -> Vec<u8> {
    let mut blob = Vec::new();
    let _ = write_with(entries, &mut blob, false);
    blob
}

/// [`write`], to `out` as it is serialised: a bundle's blob is not held
/// twice (the string area, then the whole) at the end of a build.
pub(crate) fn write_to(entries: Vec<Entry>, out: &mut impl std::io::Write) -> std::io::Result<()> {
    write_with(entries, out, true)
}

fn write_with(
    mut entries: Vec<Entry>,
    out: &mut impl std::io::Write,
    search: bool,
) -> std::io::Result<()> {
    entries.sort_by(|a, b| (&a.slug, &a.lang).cmp(&(&b.slug, &b.lang)));
    entries.dedup_by(|a, b| a.slug == b.slug && a.lang == b.lang);
    let mut w = Writer::default();
    let mut terms: Vec<Range<u32>> = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let i = i as u32;
        match terms.last_mut() {
            Some(range) if entries[range.start as usize].slug == entry.slug => range.end = i + 1,
            _ => terms.push(i..i + 1),
        }
    }
    let mut term_of = vec![0u32; entries.len()];
    let mut keys: Vec<(String, u32, u32)> = Vec::new();
    for (term, range) in terms.iter().enumerate() {
        let slug = &entries[range.start as usize].slug;
        let (offset, len) = w.string(slug);
        w.row(
            Table::Terms,
            &[offset, len, range.start, range.len() as u32],
        );
        keys.push((match_key(slug), term as u32, NONE));
        for article in range.clone() {
            term_of[article as usize] = term as u32;
        }
    }
    for (i, entry) in entries.iter().enumerate() {
        let (lang, title) = (w.string(&entry.lang), w.string(&entry.title));
        // Description, keywords and payload are placed later, away from the
        // titles that lists read.
        let row = [
            term_of[i], lang.0, lang.1, title.0, title.1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        ];
        w.row(Table::Articles, &row);
        keys.push((match_key(&entry.title), term_of[i], i as u32));
        for alias in &entry.aliases {
            keys.push((match_key(alias), term_of[i], i as u32));
        }
    }
    // Folded from the keys before they are consumed: no copy of every key.
    let folded = keys.iter().map(|(key, t, a)| (fold(key), *t, *a)).collect();
    w.keys(Table::Keys, keys);
    w.keys(Table::Folded, folded);
    if search {
        w.search(&mut entries);
    }
    w.links(&entries);
    // The small strings every list reads first; the payloads go after them,
    // written straight from the entries by `finish`, so never copied here.
    let mut payloads = Vec::with_capacity(entries.len());
    for (i, entry) in entries.iter_mut().enumerate() {
        let description = w.string(&entry.description);
        let keywords = w.string(&entry.keywords.join("\n"));
        let aliases = w.string(&entry.aliases.join("\n"));
        let avoid = w.string(&entry.avoid.join("\n"));
        let at = i * ARTICLE_WORDS + 5;
        let words = [
            description.0,
            description.1,
            keywords.0,
            keywords.1,
            0, // the payload, placed below
            0,
            aliases.0,
            aliases.1,
            avoid.0,
            avoid.1,
        ];
        w.tables[Table::Articles as usize][at..at + 10].copy_from_slice(&words);
        payloads.push(std::mem::take(&mut entry.payload));
    }
    drop(entries);
    let mut offset = w.strings.len() as u32;
    let rows = w.tables[Table::Articles as usize].chunks_exact_mut(ARTICLE_WORDS);
    for (row, payload) in rows.zip(&payloads) {
        let len = payload.len() as u32;
        row[PAYLOAD_WORD..PAYLOAD_WORD + 2].copy_from_slice(&[offset, len]);
        offset += len;
    }
    w.finish(&payloads, out)
}

#[derive(Default)]
struct Writer {
    strings: Vec<u8>,
    interned: HashMap<String, (u32, u32), Hasher>,
    tables: [Vec<u32>; TABLES],
}

impl Writer {
    /// A string, stored once however often it is written.
    fn string(&mut self, text: &str) -> (u32, u32) {
        if let Some(&at) = self.interned.get(text) {
            return at;
        }
        let at = self.raw(text.as_bytes());
        self.interned.insert(text.to_string(), at);
        at
    }

    /// Bytes stored as they come: payloads and postings, which never repeat.
    fn raw(&mut self, bytes: &[u8]) -> (u32, u32) {
        let at = (self.strings.len() as u32, bytes.len() as u32);
        self.strings.extend_from_slice(bytes);
        at
    }

    fn row(&mut self, table: Table, words: &[u32]) {
        self.tables[table as usize].extend_from_slice(words);
    }

    fn keys(&mut self, table: Table, mut keys: Vec<(String, u32, u32)>) {
        keys.sort();
        keys.dedup();
        for (key, term, article) in keys {
            let (offset, len) = self.string(&key);
            self.row(table, &[offset, len, term, article]);
            if let Table::Folded = table {
                let set = char_set(&key);
                let chars = key.chars().count() as u32;
                self.row(table, &[set as u32, (set >> 32) as u32, chars]);
            }
        }
    }

    /// Every link, by the slug it points to, so that the articles linking
    /// to a term are found by binary search.
    fn links(&mut self, entries: &[Entry]) {
        let mut links: Vec<(&str, u32)> = Vec::new();
        for (i, entry) in entries.iter().enumerate() {
            links.extend(entry.links.iter().map(|slug| (slug.as_str(), i as u32)));
        }
        links.sort_unstable();
        links.dedup();
        for (slug, article) in links {
            let (offset, len) = self.string(slug);
            self.row(Table::Links, &[offset, len, article]);
        }
    }

    /// The inverted index: for every token, the articles it occurs in.
    /// Each core tokenises one run of the articles into the run's distinct
    /// tokens and their encoded lists, letting each body go once it is
    /// tokenised; this thread then appends the runs' lists, one step per
    /// distinct token of a run. So no article's token set is ever a map of
    /// its own, and a core's table of normalised words (`text::each_token`)
    /// serves its whole run: a first search of a 10,000-file folder went from
    /// 2.3 s to 1.3 s.
    fn search(&mut self, entries: &mut [Entry]) {
        let articles = entries.len();
        let runs = crate::store::parallel::runs_mut(entries, |first, run| {
            let mut tokens = RunTokens::default();
            for (i, entry) in run.iter_mut().enumerate() {
                tokens.add(entry, (first + i) as u32);
                // Freed on the core that tokenises: its lists reuse the memory.
                entry.body = String::new();
            }
            tokens
        });
        let mut postings: HashMap<String, Postings, Hasher> = HashMap::default();
        for run in runs {
            for length in &run.lengths {
                self.row(Table::Lengths, &[*length]);
            }
            let mut lists: Vec<Option<Postings>> = run.lists.into_iter().map(Some).collect();
            for (token, id) in run.ids {
                let list = lists[id as usize].take().unwrap_or_default();
                match postings.get_mut(&token) {
                    Some(all) => all.append(list),
                    None => {
                        postings.insert(token, list);
                    }
                }
            }
        }
        let mut postings: Vec<_> = postings.into_iter().collect();
        postings.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        for (token, list) in postings {
            let (token_offset, token_len) = self.string(&token);
            let (offset, _) = self.raw(&list.bytes);
            let row = [
                token_offset,
                token_len,
                offset,
                list.bytes.len() as u32,
                list.count,
                idf(articles, list.count as usize).to_bits(),
            ];
            self.row(Table::Tokens, &row);
        }
    }

    /// The blob: the string area (the strings, then `payloads`), then the
    /// tables.
    fn finish(self, payloads: &[Vec<u8>], out: &mut impl std::io::Write) -> std::io::Result<()> {
        let header = MAGIC.len() + TABLES * 8;
        let mut head = Vec::with_capacity(header);
        head.extend_from_slice(MAGIC);
        let strings = self.strings.len() + payloads.iter().map(Vec::len).sum::<usize>();
        let mut offset = header + strings;
        let mut spans = vec![(header, strings)];
        for table in &self.tables[1..] {
            spans.push((offset, table.len() * 4));
            offset += table.len() * 4;
        }
        for (start, len) in spans {
            head.extend_from_slice(&(start as u32).to_le_bytes());
            head.extend_from_slice(&(len as u32).to_le_bytes());
        }
        out.write_all(&head)?;
        out.write_all(&self.strings)?;
        drop(self.strings);
        for payload in payloads {
            out.write_all(payload)?;
        }
        for table in &self.tables[1..] {
            let bytes: Vec<u8> = table.iter().flat_map(|word| word.to_le_bytes()).collect();
            out.write_all(&bytes)?;
        }
        Ok(())
    }
}

/// A read-only view of an index blob. Every accessor is bounds-checked, so a
/// damaged blob yields empty answers, never a panic.
#[derive(Clone, Copy)]
pub(crate) struct Index<'a> {
    data: &'a [u8],
    tables: [(usize, usize); TABLES],
}

/// A term: its slug and the range of its articles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Term<'a> {
    pub(crate) slug: &'a str,
    pub(crate) articles: (u32, u32),
}

/// An article row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ArticleRow<'a> {
    pub(crate) term: u32,
    pub(crate) lang: &'a str,
    pub(crate) title: &'a str,
}

/// A folded key as suggestions see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FoldedKey {
    pub(crate) row: usize,
    pub(crate) term: u32,
    pub(crate) char_set: u64,
    pub(crate) chars: u32,
}

/// A key hit: the term, and the article when the key was its title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct KeyHit {
    pub(crate) term: u32,
    pub(crate) article: Option<u32>,
}

impl<'a> Index<'a> {
    /// Opens a blob; `None` when it is not an index of this version.
    pub(crate) fn open(data: &'a [u8]) -> Option<Index<'a>> {
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

    /// Whether a blob gloss did not just write (a cache file) holds what
    /// `write` would: slugs in order, rows that point inside their tables,
    /// and text that reading a file would have left (valid UTF-8, no control
    /// characters). Linear in the rows; the accessors stay bounds-checked.
    pub(crate) fn is_sound(&self) -> bool {
        let (terms, articles) = (self.term_count(), self.article_count());
        // Each string is validated once, where it is read: this runs over
        // every row of a folder's cached index on every warm call.
        let text = |row: u32, col: usize| {
            let bytes = self.bytes_at(Table::Articles, row as usize, ARTICLE_WORDS, col);
            let len = self.word(Table::Articles, row as usize, ARTICLE_WORDS, col + 1) as usize;
            (bytes.len() == len).then(|| std::str::from_utf8(bytes).ok())?
        };
        let unchanged = |text: &str| {
            matches!(
                crate::model::text::sanitize(text),
                std::borrow::Cow::Borrowed(_)
            )
        };
        let clean = |text: &str| !text.contains('\n') && unchanged(text);
        let terms_ok = (0..terms).all(|term| {
            let slug = self.slug(term as u32);
            let (first, end) = self.article_rows(term as u32);
            crate::model::article::is_slug(slug)
                && (term == 0 || self.slug(term as u32 - 1) < slug)
                && first < end
                && end as usize <= articles
        });
        // Tags are stored once: each distinct one is checked once (a set:
        // a folder may hold thousands of tags).
        let mut tags: std::collections::HashSet<(u32, u32)> = Default::default();
        let articles_ok = (0..articles as u32).all(|row| {
            // Language, title, description, keywords, aliases, avoid; the
            // payload (9) is bytes.
            let (
                Some(tag),
                Some(title),
                Some(description),
                Some(keywords),
                Some(aliases),
                Some(avoid),
            ) = (
                text(row, 1),
                text(row, 3),
                text(row, 5),
                text(row, 7),
                text(row, 11),
                text(row, 13),
            )
            else {
                return false;
            };
            let place = self.lang_place(row);
            let tag_ok = tags.contains(&place) || {
                tags.insert(place);
                crate::model::lang::canonical(tag).as_deref() == Some(tag)
            };
            // Keywords and aliases are joined by newlines; nothing else may
            // break a line.
            tag_ok
                && (self.word(Table::Articles, row as usize, ARTICLE_WORDS, 0) as usize) < terms
                && clean(title)
                && clean(description)
                && unchanged(keywords)
                && unchanged(aliases)
                && unchanged(avoid)
        });
        // Keys are only compared, never shown: their rows must point inside.
        let keys_ok = [(Table::Keys, KEY_WORDS), (Table::Folded, FOLDED_WORDS)]
            .into_iter()
            .all(|(table, width)| {
                (0..self.rows(table, width)).all(|row| {
                    let article = self.word(table, row, width, 3);
                    (self.word(table, row, width, 2) as usize) < terms
                        && (article == NONE || (article as usize) < articles)
                })
            });
        let lengths_ok = self.rows(Table::Lengths, LENGTH_WORDS) == articles
            || self.rows(Table::Lengths, LENGTH_WORDS) == 0;
        terms_ok && articles_ok && keys_ok && lengths_ok
    }

    fn word(&self, table: Table, row: usize, width: usize, col: usize) -> u32 {
        let (start, len) = self.tables[table as usize];
        let at = (row * width + col) * 4;
        if at + 4 > len {
            return 0;
        }
        read_u32(self.data, start + at).unwrap_or(0)
    }

    fn rows(&self, table: Table, width: usize) -> usize {
        self.tables[table as usize].1 / (width * 4)
    }

    fn str_at(&self, table: Table, row: usize, width: usize, col: usize) -> &'a str {
        std::str::from_utf8(self.bytes_at(table, row, width, col)).unwrap_or("")
    }

    /// The bytes a (offset, length) pair in the string area points to.
    fn bytes_at(&self, table: Table, row: usize, width: usize, col: usize) -> &'a [u8] {
        let offset = self.word(table, row, width, col) as usize;
        let len = self.word(table, row, width, col + 1) as usize;
        let (start, size) = self.tables[Table::Strings as usize];
        if offset.saturating_add(len) > size {
            return &[];
        }
        &self.data[start + offset..start + offset + len]
    }

    pub(crate) fn term_count(&self) -> usize {
        self.rows(Table::Terms, TERM_WORDS)
    }

    pub(crate) fn term(&self, i: u32) -> Term<'a> {
        Term {
            slug: self.slug(i),
            articles: self.article_rows(i),
        }
    }

    /// Term `i`'s slug.
    pub(crate) fn slug(&self, i: u32) -> &'a str {
        self.str_at(Table::Terms, i as usize, TERM_WORDS, 0)
    }

    /// The rows of term `i`'s articles, read without decoding its slug.
    fn article_rows(&self, i: u32) -> (u32, u32) {
        let first = self.word(Table::Terms, i as usize, TERM_WORDS, 2);
        let count = self.word(Table::Terms, i as usize, TERM_WORDS, 3);
        (first, first.saturating_add(count))
    }

    pub(crate) fn article_count(&self) -> usize {
        self.rows(Table::Articles, ARTICLE_WORDS)
    }

    pub(crate) fn article(&self, i: u32) -> ArticleRow<'a> {
        ArticleRow {
            term: self.word(Table::Articles, i as usize, ARTICLE_WORDS, 0),
            lang: self.lang(i),
            title: self.title(i),
        }
    }

    /// An article's language, decoded alone (lists decode only the titles they show).
    pub(crate) fn lang(&self, article: u32) -> &'a str {
        self.str_at(Table::Articles, article as usize, ARTICLE_WORDS, 1)
    }

    /// Where an article's language tag sits in the string area. Strings are
    /// stored once, so an equal place is an equal tag: a list of thousands of
    /// articles decodes each of its few tags once.
    pub(crate) fn lang_place(&self, article: u32) -> (u32, u32) {
        let word = |col| self.word(Table::Articles, article as usize, ARTICLE_WORDS, col);
        (word(1), word(2))
    }

    /// An article's title.
    pub(crate) fn title(&self, article: u32) -> &'a str {
        self.str_at(Table::Articles, article as usize, ARTICLE_WORDS, 3)
    }

    /// An article's description.
    pub(crate) fn description(&self, article: u32) -> &'a str {
        self.str_at(Table::Articles, article as usize, ARTICLE_WORDS, 5)
    }

    /// An article's keywords.
    pub(crate) fn keywords(&self, article: u32) -> Vec<String> {
        let joined = self.str_at(Table::Articles, article as usize, ARTICLE_WORDS, 7);
        joined.lines().map(str::to_string).collect()
    }

    /// An article's aliases: other names of its term in its language.
    pub(crate) fn aliases(&self, article: u32) -> Vec<String> {
        let joined = self.str_at(Table::Articles, article as usize, ARTICLE_WORDS, 11);
        joined.lines().map(str::to_string).collect()
    }

    /// An article's avoided terms: rivals of its title not to use.
    pub(crate) fn avoid(&self, article: u32) -> Vec<String> {
        let joined = self.str_at(Table::Articles, article as usize, ARTICLE_WORDS, 13);
        joined.lines().map(str::to_string).collect()
    }

    /// An article's payload, its markdown body, decompressed. Read only for
    /// the article being shown; empty when the blob is damaged.
    pub(crate) fn payload(&self, article: u32) -> String {
        let bytes = self.bytes_at(
            Table::Articles,
            article as usize,
            ARTICLE_WORDS,
            PAYLOAD_WORD,
        );
        let size = bytes
            .get(..4)
            .map_or(0, |n| u32::from_le_bytes([n[0], n[1], n[2], n[3]]));
        // The size comes first; a damaged one must not ask for gigabytes.
        if size as u64 > crate::store::read::MAX_ARTICLE_BYTES {
            return String::new();
        }
        lz4_flex::decompress(&bytes[4.min(bytes.len())..], size as usize)
            .ok()
            .and_then(|text| String::from_utf8(text).ok())
            .unwrap_or_default()
    }

    /// The articles of term `i`.
    pub(crate) fn articles(&self, term: u32) -> impl Iterator<Item = (u32, ArticleRow<'a>)> + '_ {
        self.article_range(term).map(move |i| (i, self.article(i)))
    }

    /// The rows of term `i`'s articles, within the table.
    pub(crate) fn article_range(&self, term: u32) -> Range<u32> {
        let (start, end) = self.article_rows(term);
        start..end.min(self.article_count() as u32)
    }

    /// The first term whose slug sorts at or after `slug`.
    pub(crate) fn first_term_from(&self, slug: &str) -> u32 {
        partition_point(self.term_count(), |term| self.term(term as u32).slug < slug) as u32
    }

    /// The term with this exact slug.
    pub(crate) fn find_slug(&self, slug: &str) -> Option<u32> {
        let (mut lo, mut hi) = (0, self.term_count());
        while lo < hi {
            let mid = (lo + hi) / 2;
            // Compared as bytes (the order of UTF-8 is the order of its
            // characters): a lookup is a dozen steps, each would otherwise
            // validate a slug it only compares.
            let at = self.bytes_at(Table::Terms, mid, TERM_WORDS, 0);
            match at.cmp(slug.as_bytes()) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid as u32),
            }
        }
        None
    }

    /// Terms and articles whose match key (or folded key) is exactly `key`.
    pub(crate) fn find_key(&self, key: &str, folded: bool) -> Vec<KeyHit> {
        let (table, width) = if folded {
            (Table::Folded, FOLDED_WORDS)
        } else {
            (Table::Keys, KEY_WORDS)
        };
        let rows = self.rows(table, width);
        let key_at = |row| self.str_at(table, row, width, 0);
        let start = partition_point(rows, |row| key_at(row) < key);
        (start..rows)
            .take_while(|&row| key_at(row) == key)
            .map(|row| {
                let article = self.word(table, row, width, 3);
                KeyHit {
                    term: self.word(table, row, width, 2),
                    article: (article != NONE).then_some(article),
                }
            })
            .collect()
    }

    /// The aliases whose match keys start with `prefix`, each with the term
    /// it names, in key order (a binary search, then only the matches).
    pub(crate) fn aliases_from(&self, prefix: &str) -> Vec<(String, u32)> {
        let (table, width) = (Table::Keys, KEY_WORDS);
        let rows = self.rows(table, width);
        let key_at = |row| self.str_at(table, row, width, 0);
        let start = partition_point(rows, |row| key_at(row) < prefix);
        let mut found = Vec::new();
        for row in (start..rows).take_while(|&row| key_at(row).starts_with(prefix)) {
            let article = self.word(table, row, width, 3);
            let key = key_at(row);
            let is_alias = article != NONE
                && self
                    .aliases(article)
                    .iter()
                    .any(|alias| match_key(alias) == key);
            if is_alias {
                found.push((key.to_string(), self.word(table, row, width, 2)));
            }
        }
        found
    }

    /// Every folded key's row, term, character count and character set, for
    /// fuzzy suggestions that reject most keys without reading their text.
    pub(crate) fn folded_keys(self) -> impl Iterator<Item = FoldedKey> + 'a {
        let table = Table::Folded;
        (0..self.rows(table, FOLDED_WORDS)).map(move |row| {
            let word = |col| self.word(table, row, FOLDED_WORDS, col);
            FoldedKey {
                row,
                term: word(2),
                char_set: u64::from(word(4)) | u64::from(word(5)) << 32,
                chars: word(6),
            }
        })
    }

    /// The text of the folded key in `row`.
    pub(crate) fn folded_key(&self, row: usize) -> &'a str {
        self.str_at(Table::Folded, row, FOLDED_WORDS, 0)
    }

    /// The search tokens in `range` of the sorted token table: the exact
    /// token, or with `prefix` every token that starts with it.
    pub(crate) fn tokens_matching(&self, token: &str, prefix: bool) -> std::ops::Range<usize> {
        let rows = self.rows(Table::Tokens, TOKEN_WORDS);
        let token_at = |row| self.str_at(Table::Tokens, row, TOKEN_WORDS, 0);
        let start = partition_point(rows, |row| token_at(row) < token);
        let end = if prefix {
            start + partition_point(rows - start, |i| token_at(start + i).starts_with(token))
        } else {
            start + usize::from(start < rows && token_at(start) == token)
        };
        start..end
    }

    /// The inverse document frequency and postings of the token in row `row`.
    pub(crate) fn postings(&self, row: usize) -> (f32, Vec<Posting>) {
        let table = Table::Tokens;
        let df = self.word(table, row, TOKEN_WORDS, 4);
        let idf = f32::from_bits(self.word(table, row, TOKEN_WORDS, 5));
        let offset = self.word(table, row, TOKEN_WORDS, 2) as usize;
        let len = self.word(table, row, TOKEN_WORDS, 3) as usize;
        let (start, size) = self.tables[Table::Strings as usize];
        let Some(bytes) = (offset.saturating_add(len) <= size)
            .then(|| &self.data[start + offset..start + offset + len])
        else {
            return (0.0, Vec::new());
        };
        // The frequency is only a hint: a damaged one must not size an
        // allocation (each posting takes at least two bytes).
        let mut postings = Vec::with_capacity((df as usize).min(bytes.len() / 2));
        let (mut at, mut article) = (0, 0u32);
        while at < bytes.len() {
            let Some(gap) = read_varint(bytes, &mut at) else {
                break;
            };
            let Some(&byte) = bytes.get(at) else { break };
            at += 1;
            article = article.saturating_add(gap);
            postings.push(Posting {
                article,
                in_title: byte & IN_TITLE != 0,
                in_description: byte & IN_DESCRIPTION != 0,
                body_count: u32::from(byte & COUNT_MASK),
            });
        }
        (idf, postings)
    }

    /// The number of body tokens of an article.
    pub(crate) fn body_len(&self, article: u32) -> u32 {
        self.word(Table::Lengths, article as usize, LENGTH_WORDS, 0)
    }

    /// The articles that link to `slug`, in row order.
    pub(crate) fn linking_articles(&self, slug: &str) -> Vec<u32> {
        let rows = self.rows(Table::Links, LINK_WORDS);
        let slug_at = |row| self.str_at(Table::Links, row, LINK_WORDS, 0);
        let start = partition_point(rows, |row| slug_at(row) < slug);
        (start..rows)
            .take_while(|&row| slug_at(row) == slug)
            .map(|row| self.word(Table::Links, row, LINK_WORDS, 2))
            .collect()
    }
}

/// A run of articles tokenised on one core: its distinct tokens, each with
/// the postings of the run, and each article's number of body tokens.
#[derive(Default)]
struct RunTokens {
    /// Token to its place in `lists`: a token is copied once per run.
    ids: HashMap<String, u32, Hasher>,
    lists: Vec<Postings>,
    lengths: Vec<u32>,
    /// The article being added: its posting byte per token id (title and
    /// description bits, body count; 0 for a token it has not had), and the
    /// ids it has had.
    bytes: Vec<u8>,
    touched: Vec<u32>,
}

impl RunTokens {
    fn add(&mut self, entry: &Entry, article: u32) {
        // Aliases are other titles: a search finds them as it finds a title.
        for name in std::iter::once(&entry.title).chain(&entry.aliases) {
            each_token(name, |token| self.mark(token, |byte| byte | IN_TITLE));
        }
        each_token(&entry.description, |token| {
            self.mark(token, |byte| byte | IN_DESCRIPTION)
        });
        let mut body_len = 0u32;
        each_token(&entry.body, |token| {
            body_len += 1;
            self.mark(token, |byte| match byte & COUNT_MASK < COUNT_MASK {
                true => byte + 1,
                false => byte,
            })
        });
        self.lengths.push(body_len);
        for id in self.touched.drain(..) {
            let byte = std::mem::take(&mut self.bytes[id as usize]);
            self.lists[id as usize].push(article, byte);
        }
    }

    /// Sets the current article's posting byte for `token`. Every update
    /// leaves the byte non-zero, so zero means not yet seen in this article.
    fn mark(&mut self, token: &str, update: impl FnOnce(u8) -> u8) {
        let id = match self.ids.get(token) {
            Some(&id) => id,
            None => {
                let id = self.lists.len() as u32;
                self.ids.insert(token.to_string(), id);
                self.lists.push(Postings::default());
                self.bytes.push(0);
                id
            }
        };
        let byte = &mut self.bytes[id as usize];
        if *byte == 0 {
            self.touched.push(id);
        }
        *byte = update(*byte);
    }
}

/// One token's postings, encoded as they come (articles arrive in order).
#[derive(Default)]
struct Postings {
    bytes: Vec<u8>,
    previous: u32,
    count: u32,
}

impl Postings {
    fn push(&mut self, article: u32, byte: u8) {
        write_varint(&mut self.bytes, article - self.previous);
        self.bytes.push(byte);
        self.previous = article;
        self.count += 1;
    }

    /// `later`'s postings after these: its articles all come after ours. Its
    /// first gap was counted from 0 and is counted again from our last.
    fn append(&mut self, later: Postings) {
        let mut at = 0;
        let Some(first) = read_varint(&later.bytes, &mut at) else {
            return;
        };
        write_varint(&mut self.bytes, first - self.previous);
        self.bytes.extend_from_slice(&later.bytes[at..]);
        self.previous = later.previous;
        self.count += later.count;
    }
}

/// A payload as the index stores it: LZ4 with its size first; nothing for no text.
fn compress(text: &str) -> Vec<u8> {
    if text.is_empty() {
        return Vec::new();
    }
    lz4_flex::compress_prepend_size(text.as_bytes())
}

/// BM25's inverse document frequency, computed when the index is written so
/// that a search needs no logarithm at run time. `libm` rather than `f64::ln`:
/// the latter links the system maths library, which every start would load.
fn idf(articles: usize, containing: usize) -> f32 {
    let (n, df) = (articles as f64, containing as f64);
    libm::log(1.0 + (n - df + 0.5) / (df + 0.5)) as f32
}

fn write_varint(out: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        out.push(value as u8 | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn read_varint(bytes: &[u8], at: &mut usize) -> Option<u32> {
    let mut value: u32 = 0;
    for shift in (0..35).step_by(7) {
        let byte = *bytes.get(*at)?;
        *at += 1;
        value |= u32::from(byte & 0x7f).checked_shl(shift)?;
        if byte < 0x80 {
            return Some(value);
        }
    }
    None
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

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(slug: &str, lang: &str, title: &str, links: &[&str]) -> Entry {
        Entry {
            slug: slug.into(),
            lang: lang.into(),
            title: title.into(),
            description: format!("{title}."),
            payload: compress(&format!("text of {slug}/{lang}")),
            links: links.iter().map(|l| l.to_string()).collect(),
            body: format!("{title} body text, body again"),
            keywords: vec!["k1".into(), "k2".into()],
            aliases: vec![format!("{slug} alias")],
            avoid: vec![format!("{slug} rival"), "old".into()],
        }
    }

    #[test]
    fn round_trip() {
        let blob = write(vec![
            entry("soft-sell", "sv", "Mjuk sälj", &["hard-sell"]),
            entry(
                "soft-sell",
                "fi",
                "Pehmeä myynti",
                &["hard-sell", "ecommerce"],
            ),
            entry("ecommerce", "fi", "Verkkokauppa", &[]),
        ]);
        let index = Index::open(&blob).unwrap();
        assert_eq!(index.term_count(), 2);
        let soft = index.find_slug("soft-sell").unwrap();
        let langs: Vec<_> = index.articles(soft).map(|(_, a)| a.lang).collect();
        assert_eq!(langs, ["fi", "sv"]);
        assert_eq!(index.find_slug("hard-sell"), None);
        let hits = index.find_key("mjuk sälj", false);
        assert_eq!(hits.len(), 1);
        let row = hits[0].article.unwrap();
        assert_eq!(index.article(row).title, "Mjuk sälj");
        assert_eq!(index.article(row).lang, "sv");
        assert_eq!(index.keywords(row), ["k1", "k2"]);
        assert_eq!(index.payload(row), "text of soft-sell/sv");
        assert_eq!(index.find_key("mjuk salj", true).len(), 1);
        assert_eq!(index.find_key("soft sell", false)[0].article, None);
        assert_eq!(index.linking_articles("hard-sell"), [1, 2]); // fi, sv
        assert_eq!(index.linking_articles("ecommerce"), [1]);
        assert!(index.linking_articles("soft-sell").is_empty());
        // An alias is a key of its article, and is kept with it.
        let alias = index.find_key("soft sell alias", false);
        assert_eq!(alias.len(), 2);
        assert!(alias
            .iter()
            .all(|hit| hit.term == soft && hit.article.is_some()));
        assert_eq!(index.aliases(row), ["soft-sell alias"]);
        assert_eq!(index.avoid(row), ["soft-sell rival", "old"]);
    }

    #[test]
    fn search_postings() {
        let blob = write(vec![
            entry("a", "en", "Soft sell", &[]),
            entry("b", "en", "Hard sell", &[]),
        ]);
        let index = Index::open(&blob).unwrap();
        let rows = index.tokens_matching("sell", false);
        assert_eq!(rows.len(), 1);
        let (idf, postings) = index.postings(rows.start);
        assert!(idf > 0.0 && idf == super::idf(2, 2));
        assert_eq!(postings.len(), 2);
        assert!(postings.iter().all(|p| p.in_title && p.body_count == 1));
        assert_eq!(index.tokens_matching("bod", true).len(), 1);
        assert_eq!(index.tokens_matching("s", true).len(), 2); // sell, soft
        assert_eq!(index.body_len(0), 6);
    }

    /// Lists made on several cores are joined into one list in article
    /// order, with gaps that span the joins (on a machine of one core, one
    /// run: `appended_lists_are_one_list` tests the join itself).
    #[test]
    fn postings_across_cores() {
        let n = 9_000u32;
        let entries = (0..n)
            .map(|i| Entry {
                body: match i % 1000 == 999 {
                    true => "rare common".into(),
                    false => "common".into(),
                },
                ..entry(&format!("t{i:05}"), "en", "Term", &[])
            })
            .collect();
        let index_blob = write(entries);
        let index = Index::open(&index_blob).unwrap();
        let articles = |token: &str| {
            let rows = index.tokens_matching(token, false);
            assert_eq!(rows.len(), 1, "{token}");
            let (_, postings) = index.postings(rows.start);
            postings.iter().map(|p| p.article).collect::<Vec<u32>>()
        };
        assert_eq!(articles("common"), (0..n).collect::<Vec<_>>());
        let rare: Vec<u32> = (0..n).filter(|i| i % 1000 == 999).collect();
        assert_eq!(articles("rare"), rare);
    }

    #[test]
    fn appended_lists_are_one_list() {
        let pushed = |articles: &[u32]| {
            let mut list = Postings::default();
            for &article in articles {
                list.push(article, IN_TITLE | 3);
            }
            list
        };
        let mut joined = pushed(&[1, 5]);
        joined.append(pushed(&[300, 70_000]));
        joined.append(Postings::default());
        let whole = pushed(&[1, 5, 300, 70_000]);
        assert_eq!(joined.bytes, whole.bytes);
        assert_eq!((joined.previous, joined.count), (70_000, 4));
    }

    #[test]
    fn damaged_blobs_do_not_panic() {
        assert!(Index::open(b"nonsense").is_none());
        let mut blob = write(vec![entry("a", "en", "A", &[])]);
        blob.truncate(blob.len() - 3);
        assert!(Index::open(&blob).is_none());
    }
}
