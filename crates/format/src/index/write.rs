//! Writing an index blob: entries in, the tables and string area out, in
//! one pass over the entries, with the search tables built on every core.

use super::postings::{idf, Postings};
use super::{
    article_row, folded_row, key_row, length_row, link_row, term_row, token_row, Entry, Table,
    COUNT_MASK, IN_DESCRIPTION, IN_TITLE, MAGIC, NONE, TABLES,
};
use crate::model::text::{char_set, each_token, fold, match_key, TokenHasher as Hasher};
use std::collections::HashMap;
use std::ops::Range;

/// Serialises `entries` into an index blob. Payloads go last in the string
/// area, so the small strings every lookup and list reads (slugs, titles,
/// keys) sit together on few pages, and only the shown article's page of
/// text is ever touched.
pub fn write(entries: Vec<Entry>) -> Vec<u8> {
    let mut blob = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = write_to(entries, &mut blob);
    blob
}

/// [`write`] without the search tables, for a folder's titles index: search
/// reads the folder's full index, so tokenising titles and descriptions
/// here only made the first list slower and the cache a quarter larger.
pub fn write_titles(entries: Vec<Entry>) -> Vec<u8> {
    let mut blob = Vec::new();
    let _ = write_with(entries, &mut blob, false);
    blob
}

/// [`write`], to `out` as it is serialised: a bundle's blob is not held
/// twice (the string area, then the whole) at the end of a build.
pub fn write_to(entries: Vec<Entry>, out: &mut impl std::io::Write) -> std::io::Result<()> {
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
        let mut row = [0; term_row::WIDTH];
        put(&mut row, term_row::SLUG, &pair(w.string(slug)));
        row[term_row::FIRST_ARTICLE] = range.start;
        row[term_row::ARTICLES] = range.len() as u32;
        w.row(Table::Terms, &row);
        keys.push((match_key(slug), term as u32, NONE));
        for article in range.clone() {
            term_of[article as usize] = term as u32;
        }
    }
    for (i, entry) in entries.iter().enumerate() {
        let (lang, title) = (w.string(&entry.lang), w.string(&entry.title));
        // Description, keywords and payload are placed later, away from the
        // titles that lists read.
        let mut row = [0; article_row::WIDTH];
        row[article_row::TERM] = term_of[i];
        put(&mut row, article_row::LANG, &pair(lang));
        put(&mut row, article_row::TITLE, &pair(title));
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
        let row = w.article_row(i);
        put(row, article_row::DESCRIPTION, &pair(description));
        put(row, article_row::KEYWORDS, &pair(keywords));
        put(row, article_row::ALIASES, &pair(aliases));
        put(row, article_row::AVOID, &pair(avoid));
        payloads.push(std::mem::take(&mut entry.payload));
    }
    drop(entries);
    let mut offset = w.strings.len() as u32;
    for (i, payload) in payloads.iter().enumerate() {
        let len = payload.len() as u32;
        put(w.article_row(i), article_row::PAYLOAD, &[offset, len]);
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

    /// Article row `i`, written already, to fill in.
    fn article_row(&mut self, i: usize) -> &mut [u32] {
        let width = article_row::WIDTH;
        &mut self.tables[Table::Articles as usize][i * width..(i + 1) * width]
    }

    fn keys(&mut self, table: Table, mut keys: Vec<(String, u32, u32)>) {
        keys.sort();
        keys.dedup();
        for (key, term, article) in keys {
            let mut row = [0; folded_row::WIDTH];
            put(&mut row, key_row::KEY, &pair(self.string(&key)));
            row[key_row::TERM] = term;
            row[key_row::ARTICLE] = article;
            let width = match table {
                Table::Folded => {
                    let set = char_set(&key);
                    put(
                        &mut row,
                        folded_row::CHAR_SET,
                        &[set as u32, (set >> 32) as u32],
                    );
                    row[folded_row::CHARS] = key.chars().count() as u32;
                    folded_row::WIDTH
                }
                _ => key_row::WIDTH,
            };
            self.row(table, &row[..width]);
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
            let mut row = [0; link_row::WIDTH];
            put(&mut row, link_row::SLUG, &pair(self.string(slug)));
            row[link_row::ARTICLE] = article;
            self.row(Table::Links, &row);
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
        let runs = crate::parallel::runs_mut(entries, |first, run| {
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
            for &length in &run.lengths {
                let mut row = [0; length_row::WIDTH];
                row[length_row::BODY_TOKENS] = length;
                self.row(Table::Lengths, &row);
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
            let mut row = [0; token_row::WIDTH];
            put(&mut row, token_row::TOKEN, &pair(self.string(&token)));
            put(&mut row, token_row::POSTINGS, &pair(self.raw(&list.bytes)));
            row[token_row::DF] = list.count;
            row[token_row::IDF] = idf(articles, list.count as usize).to_bits();
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

/// Puts `words` into `row` from field `at` on.
fn put(row: &mut [u32], at: usize, words: &[u32]) {
    row[at..at + words.len()].copy_from_slice(words);
}

/// A string's place (offset, length) as the two words of its field.
fn pair((offset, len): (u32, u32)) -> [u32; 2] {
    [offset, len]
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
