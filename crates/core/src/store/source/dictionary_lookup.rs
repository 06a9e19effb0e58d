//! A dictionary's entries by headword: exact (as its index orders
//! headwords, so case folded), by folded key through its table of folded
//! keys (`dictionary_keys.rs`), and by prefix for completion; each entry's
//! bytes made readable text and cross references.

use super::dictionary::{Dictionary, Format};
use super::dictionary_keys::Keys;
use crate::formats::dict::{self, dictd, markup, stardict, Data, Field, Markup};
use crate::model::text::{fold, match_key};
use crate::store::cache::Blob;
use crate::store::read::Problem;
use std::path::Path;

/// How many entries one headword answers from one dictionary.
const MAX_ENTRIES: usize = 32;

/// One entry of a dictionary, as readable text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub(crate) headword: String,
    pub(crate) text: String,
    /// Headwords it refers to.
    pub(crate) refs: Vec<String>,
}

impl Dictionary {
    /// Whether a headword is `word` as the index orders it, by bisection
    /// alone: no entry is read.
    pub(crate) fn has(&self, word: &str) -> bool {
        match &self.format {
            Format::Dictd { .. } => self
                .dictd_index()
                .equal(word.as_bytes())
                .iter()
                .any(|line| !dictd::is_header(line.headword)),
            Format::StarDict {
                info,
                idx,
                starts,
                synonyms,
                ..
            } => {
                !Self::stardict_idx(info, idx, starts)
                    .equal(word.as_bytes())
                    .is_empty()
                    || synonym_rows(synonyms, word).next().is_some()
            }
        }
    }

    /// The entries whose headword is `word` as the index orders it (case
    /// folded), exact spellings first.
    pub(crate) fn lookup(&self, word: &str) -> Result<Vec<Entry>, Problem> {
        let problem = |message: String| Problem::new(&self.path, None, message);
        let mut places: Vec<(Vec<u8>, u64, u64)> = Vec::new();
        match &self.format {
            Format::Dictd { .. } => {
                for line in self.dictd_index().equal(word.as_bytes()) {
                    if !dictd::is_header(line.headword) {
                        places.push((line.headword.to_vec(), line.offset, line.len));
                    }
                }
            }
            Format::StarDict {
                info,
                idx,
                starts,
                synonyms,
                ..
            } => {
                let table = Self::stardict_idx(info, idx, starts);
                let mut rows = table.equal(word.as_bytes());
                rows.extend(synonym_rows(synonyms, word).map(|row| row as usize));
                rows.sort_unstable();
                rows.dedup();
                places.extend(
                    rows.into_iter()
                        .filter_map(|row| table.row(row))
                        .map(|row| (row.headword.to_vec(), row.offset, row.len)),
                );
            }
        }
        // Exact spellings first, then other cases.
        places.sort_by_key(|(headword, ..)| headword.as_slice() != word.as_bytes());
        places.truncate(MAX_ENTRIES);
        places
            .into_iter()
            .map(|(headword, offset, len)| self.entry(&headword, offset, len))
            .collect::<Result<Vec<_>, String>>()
            .map_err(problem)
    }

    fn entry(&self, headword: &[u8], offset: u64, len: u64) -> Result<Entry, String> {
        let bytes = Data::open(self.data())?.read(offset, len)?;
        self.readable(headword, &bytes)
    }

    /// The data file's bytes (compressed or not).
    pub(super) fn data(&self) -> &[u8] {
        match &self.format {
            Format::Dictd { data, .. } => data,
            Format::StarDict { dict, .. } => dict,
        }
    }

    /// An entry's bytes as readable text and references.
    pub(super) fn readable(&self, headword: &[u8], bytes: &[u8]) -> Result<Entry, String> {
        let fields = match &self.format {
            Format::Dictd { .. } => vec![Field {
                markup: Markup::Text,
                bytes: strip_headword_line(bytes, headword).to_vec(),
            }],
            Format::StarDict { info, .. } => {
                stardict::fields(bytes, info.sametypesequence.as_deref())?
            }
        };
        let readable = markup::readable(&fields);
        Ok(Entry {
            headword: crate::model::text::sanitize(&dict::text(headword)).into_owned(),
            text: crate::model::text::sanitize(&readable.text).into_owned(),
            refs: readable
                .refs
                .iter()
                .map(|r| crate::model::text::one_line(r))
                .collect(),
        })
    }
    /// Its table of folded keys: kept for this version of the dictionary
    /// in the cache folder, else built from every headword (and kept).
    pub(crate) fn keys(&self) -> &Keys {
        self.keys.get_or_init(|| {
            let cache = super::dictionary_cache::path(&self.path, "keys");
            let kept = cache.as_deref().and_then(super::dictionary_cache::read);
            kept.and_then(Keys::open)
                .unwrap_or_else(|| self.build_keys(cache.as_deref()))
        })
    }

    /// The table of folded keys made from the index, kept in `cache`.
    fn build_keys(&self, cache: Option<&Path>) -> Keys {
        let table = super::dictionary_keys::build(self.headwords());
        if let Some(cache) = cache {
            super::dictionary_cache::write(cache, &table);
        }
        Keys::open(Blob::Owned(table)).unwrap_or_else(Keys::empty)
    }

    /// The headwords whose folded key (`model::text`) is `key`, by
    /// bisecting the table, one per spelling that differs beyond ASCII
    /// case, and only those the index has. A kept table is input: one that
    /// names a headword whose key is another is built again (and kept).
    pub(crate) fn folded_spellings(&self, key: &str) -> Vec<String> {
        self.spellings_in(self.keys(), key).unwrap_or_else(|| {
            let cache = super::dictionary_cache::path(&self.path, "keys");
            let rebuilt = self
                .rebuilt
                .get_or_init(|| self.build_keys(cache.as_deref()));
            self.spellings_in(rebuilt, key).unwrap_or_default()
        })
    }

    /// `None` if a row of `keys` has a headword whose key is not `key`.
    fn spellings_in(&self, keys: &Keys, key: &str) -> Option<Vec<String>> {
        let mut spellings: Vec<String> = Vec::new();
        for row in keys.equal(key) {
            if fold(&match_key(row.headword)) != key {
                return None;
            }
            let new = !spellings
                .iter()
                .any(|s| s.eq_ignore_ascii_case(row.headword));
            if new && self.has(row.headword) {
                spellings.push(row.headword.to_string());
            }
        }
        Some(spellings)
    }

    /// Headwords starting with `prefix` (as the index orders them, so case
    /// folded), found by bisecting the index: completion reads only these.
    pub(crate) fn headwords_from(&self, prefix: &str, limit: usize) -> Vec<String> {
        let lower = prefix.to_lowercase();
        let begins = |word: &[u8]| dict::text(word).to_lowercase().starts_with(&lower);
        match &self.format {
            Format::Dictd { .. } => self
                .dictd_index()
                .from(prefix.as_bytes())
                .filter_map(Result::ok)
                .filter(|line| !dictd::is_header(line.headword))
                .take_while(|line| begins(line.headword))
                .take(limit)
                .map(|line| dict::text(line.headword))
                .collect(),
            Format::StarDict {
                info, idx, starts, ..
            } => {
                let table = Self::stardict_idx(info, idx, starts);
                (table.lower_bound(prefix.as_bytes())..table.len())
                    .filter_map(|row| table.row(row))
                    .take_while(|row| begins(row.headword))
                    .take(limit)
                    .map(|row| dict::text(row.headword))
                    .collect()
            }
        }
    }
}

/// The `.idx` rows of the synonyms that are `word` with ASCII case
/// folded, by bisecting them (they are sorted as the `.idx`).
fn synonym_rows<'s>(
    synonyms: &'s [(Vec<u8>, u32)],
    word: &'s str,
) -> impl Iterator<Item = u32> + 's {
    let word = word.as_bytes();
    let first = synonyms.partition_point(|(w, _)| stardict::folded_cmp(w, word).is_lt());
    synonyms[first..]
        .iter()
        .take_while(move |(w, _)| w.eq_ignore_ascii_case(word))
        .map(|(_, row)| *row)
}

/// dictd definitions repeat the headword on their first line (FreeDict
/// with its pronunciation after it); the page shows it as the title
/// already, so only what follows it on that line is kept.
fn strip_headword_line<'a>(bytes: &'a [u8], headword: &[u8]) -> &'a [u8] {
    let start = bytes.len() - bytes.trim_ascii_start().len();
    let rest = &bytes[start..];
    let repeats = rest.len() >= headword.len()
        && rest[..headword.len()].eq_ignore_ascii_case(headword)
        && rest
            .get(headword.len())
            .is_none_or(|&b| b == b' ' || b == b'\n' || b == b'\t');
    match repeats {
        true => trim_spaces(&rest[headword.len()..]),
        false => bytes,
    }
}

/// Spaces and tabs off the front (not line breaks).
fn trim_spaces(bytes: &[u8]) -> &[u8] {
    let skip = bytes
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count();
    &bytes[skip..]
}
