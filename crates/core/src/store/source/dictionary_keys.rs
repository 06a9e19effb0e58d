//! A dictionary's folded keys: each headword's key with case and
//! diacritics folded (`match_key` then `fold`, the rule of the glossary's
//! own titles), sorted by the key's length in characters and then by key.
//! Built on the first call that needs it (a folded lookup, a did-you-mean)
//! and kept per version of the dictionary (`dictionary_cache.rs`), so later
//! calls find a folded spelling by bisection and read did-you-mean's
//! candidates from the rows of nearby lengths only, none decoded or folded
//! again. A kept table is input: its layout is checked on opening, every
//! offset on use, and callers check what it answers against the dictionary.
//!
//! Layout, little-endian: `MAGIC`, the row count (u32), where each length's
//! rows start (`BUCKETS + 1` u32), the rows (`ROW` bytes: the offset of the
//! key's text u64, the key's and the headword's lengths in bytes u32 each,
//! the key's length in characters u32, its character set u64), then the
//! texts, each key followed by its headword.

use crate::model::text::{char_set, fold, match_key};
use crate::store::cache::Blob;
use std::ops::Range;

const MAGIC: &[u8; 8] = b"glosskt1";

/// Keys of `BUCKETS - 1` characters or more share the last length.
const BUCKETS: usize = 128;

const ROW: usize = 28;

/// Where the rows start.
const ROWS: usize = MAGIC.len() + 4 + (BUCKETS + 1) * 4;

/// One headword with its folded key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct KeyRow<'a> {
    pub(crate) key: &'a str,
    pub(crate) headword: &'a str,
    /// The key's length in characters.
    pub(crate) chars: usize,
    /// `model::text::char_set` of the key.
    pub(crate) set: u64,
}

/// A table of folded keys, mapped from the cache or just built.
pub(crate) struct Keys {
    blob: Blob,
    count: usize,
}

fn bucket(chars: usize) -> usize {
    chars.min(BUCKETS - 1)
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    let word = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes(word.try_into().ok()?))
}

fn u64_at(bytes: &[u8], at: usize) -> Option<u64> {
    let word = bytes.get(at..at.checked_add(8)?)?;
    Some(u64::from_le_bytes(word.try_into().ok()?))
}

/// The table of `headwords` (empty keys left out, repeats kept once).
pub(crate) fn build(headwords: impl IntoIterator<Item = String>) -> Vec<u8> {
    let mut rows: Vec<(usize, String, String)> = headwords
        .into_iter()
        .filter_map(|headword| {
            let key = fold(&match_key(&headword));
            (!key.is_empty()).then(|| (bucket(key.chars().count()), key, headword))
        })
        .collect();
    rows.sort_unstable();
    rows.dedup();
    let mut starts = [0u32; BUCKETS + 1];
    for (length, ..) in &rows {
        starts[length + 1] += 1;
    }
    for length in 0..BUCKETS {
        starts[length + 1] += starts[length];
    }
    let mut out = Vec::with_capacity(ROWS + rows.len() * (ROW + 24));
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
    for start in starts {
        out.extend_from_slice(&start.to_le_bytes());
    }
    let mut text: u64 = 0;
    for (_, key, headword) in &rows {
        out.extend_from_slice(&text.to_le_bytes());
        out.extend_from_slice(&(key.len() as u32).to_le_bytes());
        out.extend_from_slice(&(headword.len() as u32).to_le_bytes());
        out.extend_from_slice(&(key.chars().count() as u32).to_le_bytes());
        out.extend_from_slice(&char_set(key).to_le_bytes());
        text += (key.len() + headword.len()) as u64;
    }
    for (_, key, headword) in &rows {
        out.extend_from_slice(key.as_bytes());
        out.extend_from_slice(headword.as_bytes());
    }
    out
}

impl Keys {
    /// A table that answers nothing.
    pub(crate) fn empty() -> Keys {
        Keys {
            blob: Blob::Owned(Vec::new()),
            count: 0,
        }
    }

    /// The table in `blob` if its layout holds together: the magic, rows
    /// that fit, lengths' starts in order ending at the row count.
    pub(crate) fn open(blob: Blob) -> Option<Keys> {
        if !blob.starts_with(MAGIC) {
            return None;
        }
        let count = u32_at(&blob, MAGIC.len())? as usize;
        let texts = count.checked_mul(ROW)?.checked_add(ROWS)?;
        if texts > blob.len() {
            return None;
        }
        let mut previous = 0;
        for length in 0..=BUCKETS {
            let start = u32_at(&blob, MAGIC.len() + 4 + length * 4)? as usize;
            if start < previous || start > count || (length == 0 && start != 0) {
                return None;
            }
            previous = start;
        }
        (previous == count).then_some(Keys { blob, count })
    }

    /// The rows of keys of `length` characters (of at least `BUCKETS - 1`
    /// for the last).
    fn bucket(&self, length: usize) -> Range<usize> {
        let start = |length: usize| {
            u32_at(&self.blob, MAGIC.len() + 4 + length * 4)
                .map_or(0, |start| (start as usize).min(self.count))
        };
        let (first, end) = (start(length), start(length + 1));
        first..end.max(first)
    }

    /// Row `row`, if its numbers point into the texts and the texts are
    /// UTF-8.
    fn row(&self, row: usize) -> Option<KeyRow<'_>> {
        let at = ROWS + row.checked_mul(ROW)?;
        let texts = ROWS + self.count * ROW;
        let offset = usize::try_from(u64_at(&self.blob, at)?).ok()?;
        let key_len = u32_at(&self.blob, at + 8)? as usize;
        let head_len = u32_at(&self.blob, at + 12)? as usize;
        let key_at = texts.checked_add(offset)?;
        let head_at = key_at.checked_add(key_len)?;
        let key = self.blob.get(key_at..head_at)?;
        let headword = self.blob.get(head_at..head_at.checked_add(head_len)?)?;
        Some(KeyRow {
            key: std::str::from_utf8(key).ok()?,
            headword: std::str::from_utf8(headword).ok()?,
            chars: u32_at(&self.blob, at + 16)? as usize,
            set: u64_at(&self.blob, at + 20)?,
        })
    }

    fn rows(&self, rows: Range<usize>) -> impl Iterator<Item = KeyRow<'_>> + '_ {
        rows.filter_map(|row| self.row(row))
    }

    /// The first row of `rows` whose key sorts at or after `key`, by
    /// bisection (a damaged row reads as an empty key).
    fn lower_bound(&self, rows: Range<usize>, key: &str) -> usize {
        let (mut low, mut high) = (rows.start, rows.end);
        while low < high {
            let mid = low + (high - low) / 2;
            match self.row(mid).map_or("", |row| row.key) < key {
                true => low = mid + 1,
                false => high = mid,
            }
        }
        low
    }

    /// The rows whose key is `key`.
    pub(crate) fn equal<'k>(&'k self, key: &'k str) -> impl Iterator<Item = KeyRow<'k>> + 'k {
        let rows = self.bucket(bucket(key.chars().count()));
        let first = self.lower_bound(rows.clone(), key);
        self.rows(first..rows.end)
            .take_while(move |row| row.key == key)
    }

    /// The rows whose key is longer than `key` and starts with it: a
    /// bisection in each longer length.
    pub(crate) fn extending<'k>(&'k self, key: &'k str) -> impl Iterator<Item = KeyRow<'k>> + 'k {
        let shortest = bucket(key.chars().count() + 1);
        (shortest..BUCKETS).flat_map(move |length| {
            let rows = self.bucket(length);
            let first = self.lower_bound(rows.clone(), key);
            self.rows(first..rows.end)
                .take_while(move |row| row.key.starts_with(key))
                .filter(move |row| row.key != key)
        })
    }

    /// The rows whose key has `lengths` characters: one pass over those
    /// rows alone, for the edit distances of a did-you-mean.
    pub(crate) fn of_lengths(
        &self,
        lengths: std::ops::RangeInclusive<usize>,
    ) -> impl Iterator<Item = KeyRow<'_>> + '_ {
        let (low, high) = (bucket(*lengths.start()), bucket(*lengths.end()));
        self.rows(self.bucket(low).start..self.bucket(high).end)
    }
}

/// Arbitrary bytes as a kept table, asked every question with the keys
/// it holds (for the fuzz target): nothing may panic, and what it answers
/// is a row whose key is the one asked.
pub(crate) fn exercise(data: &[u8]) {
    let Some(keys) = Keys::open(Blob::Owned(data.to_vec())) else {
        return;
    };
    let rows: Vec<KeyRow> = keys.of_lengths(0..=BUCKETS + 4).take(64).collect();
    for row in rows {
        assert!(keys.equal(row.key).all(|found| found.key == row.key));
        assert!(keys
            .extending(row.key)
            .all(|found| found.key.starts_with(row.key)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(words: &[&str]) -> Keys {
        let bytes = build(words.iter().map(|w| w.to_string()));
        Keys::open(Blob::Owned(bytes)).expect("a table build wrote")
    }

    #[test]
    fn folded_spellings_are_found_by_key() {
        let keys = table(&["Café", "cafe", "naïve", "Naive", "zebra", "", "cafeteria"]);
        let found: Vec<&str> = keys.equal("cafe").map(|row| row.headword).collect();
        assert_eq!(found, ["Café", "cafe"]);
        let found: Vec<&str> = keys.equal("naive").map(|row| row.headword).collect();
        assert_eq!(found, ["Naive", "naïve"]);
        assert_eq!(keys.equal("zebr").count(), 0);
        let longer: Vec<&str> = keys.extending("caf").map(|row| row.key).collect();
        assert_eq!(longer, ["cafe", "cafe", "cafeteria"]);
        let near: Vec<&str> = keys.of_lengths(5..=5).map(|row| row.key).collect();
        assert_eq!(near, ["naive", "naive", "zebra"]);
    }

    #[test]
    fn long_keys_share_the_last_length() {
        let long = "x".repeat(300);
        let keys = table(&[&long, "xx"]);
        assert_eq!(keys.equal(&long).count(), 1);
        assert_eq!(keys.extending("xx").count(), 1);
    }

    #[test]
    fn a_damaged_table_is_refused_or_answers_nothing_wrong() {
        let bytes = build(["alpha", "beta", "gamma"].map(String::from));
        for cut in 0..bytes.len() {
            if let Some(keys) = Keys::open(Blob::Owned(bytes[..cut].to_vec())) {
                for row in keys.equal("beta") {
                    assert_eq!(row.key, "beta");
                }
            }
        }
        for at in 0..bytes.len() {
            let mut forged = bytes.clone();
            forged[at] ^= 0xff;
            if let Some(keys) = Keys::open(Blob::Owned(forged)) {
                // Whatever it answers is a row whose key is the one asked.
                for row in keys.equal("beta").chain(keys.extending("al")) {
                    assert!(row.key.starts_with("beta") || row.key.starts_with("al"));
                }
                let _ = keys.of_lengths(0..=200).count();
            }
        }
    }
}
