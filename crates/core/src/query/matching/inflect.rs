//! How a text word matches a term word beyond equality: the stems and
//! prefixes of inflected forms, and the last parts of compounds.

use super::words::capitals_at;
use super::{Pattern, Rule, Terms, Word};
use crate::model::lang;
use aho_corasick::AhoCorasick;
use rust_stemmers::Algorithm;

/// Shorter term words match only when equal: `it` is no stem of `items`.
pub(super) const MIN_INFLECTED_CHARS: usize = 3;
/// A text word may be at most this many letters longer than the term word
/// it is a form of.
pub(super) const MAX_ENDING_CHARS: usize = 4;
/// A text stem one letter shorter than the term's counts from this length.
pub(super) const MIN_SHORTER_STEM_CHARS: usize = 4;
/// A term word this long or longer is also found as the last part of a compound.
pub(super) const MIN_COMPOUND_PART_CHARS: usize = 4;
/// ... starting at least this many letters into the compound.
pub(super) const MIN_COMPOUND_HEAD_CHARS: usize = 2;

/// The Snowball stemmer for a language, if there is one.
pub(super) fn stemmer(tag: &str) -> Option<Algorithm> {
    Some(match lang::primary(tag) {
        "ar" => Algorithm::Arabic,
        "da" => Algorithm::Danish,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "en" => Algorithm::English,
        "es" => Algorithm::Spanish,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "hu" => Algorithm::Hungarian,
        "it" => Algorithm::Italian,
        "nb" | "nn" | "no" => Algorithm::Norwegian,
        "nl" => Algorithm::Dutch,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        _ => return None,
    })
}

/// Languages that write compounds as one word.
pub(super) fn writes_compounds(tag: &str) -> bool {
    matches!(
        lang::primary(tag),
        "sv" | "nb" | "nn" | "no" | "da" | "de" | "nl" | "fi"
    )
}

/// The longest beginning two strings share.
pub(super) fn common_prefix<'a>(a: &'a str, b: &str) -> &'a str {
    let end = a
        .char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or_else(|| a.len().min(b.len()), |((at, _), _)| at);
    &a[..end.min(a.len())]
}

impl Terms {
    /// The term words a text word matches: `piece` as written, `lowered`
    /// in NFC and lower case.
    pub(super) fn word_matches(
        &self,
        automaton: &AhoCorasick,
        piece: &str,
        lowered: &str,
        wanted: &[bool],
        matched: &mut Vec<u32>,
    ) {
        let from = matched.len();
        // The stem of the word (or of a compound's tail) in each language
        // asked for, computed once.
        let mut stems: Vec<(u16, usize, String)> = Vec::new();
        for hit in automaton.find_overlapping_iter(lowered) {
            let Pattern::Key(words) = &self.patterns[hit.pattern().as_usize()] else {
                continue;
            };
            let start = hit.start();
            let head = lowered[..start].chars().count();
            for &index in words {
                let word = &self.words[index as usize];
                let language = &self.languages[word.lang as usize];
                if !wanted[word.lang as usize] {
                    continue;
                }
                if start > 0
                    && !(language.compounds
                        && word.chars >= MIN_COMPOUND_PART_CHARS
                        && head >= MIN_COMPOUND_HEAD_CHARS)
                {
                    continue;
                }
                let tail = &lowered[start..];
                if word.capitals && !capitals_at(piece, head, word.chars) {
                    continue;
                }
                let stem = |stems: &mut Vec<(u16, usize, String)>| -> String {
                    if let Some((_, _, stem)) = stems
                        .iter()
                        .find(|(l, s, _)| *l == word.lang && *s == start)
                    {
                        return stem.clone();
                    }
                    let stem = language
                        .stemmer
                        .as_ref()
                        .map(|stemmer| stemmer.stem(tail).into_owned())
                        .unwrap_or_default();
                    stems.push((word.lang, start, stem.clone()));
                    stem
                };
                if tail == word.lower || self.inflects(word, tail, || stem(&mut stems)) {
                    matched.push(index);
                }
            }
        }
        let mine = &mut matched[from..];
        mine.sort_unstable();
        let kept = {
            let mut kept = 0;
            for i in 0..mine.len() {
                if i == 0 || mine[i] != mine[i - 1] {
                    mine[kept] = mine[i];
                    kept += 1;
                }
            }
            kept
        };
        matched.truncate(from + kept);
    }

    /// Whether `tail` (lower case, starting with the word's key) is an
    /// inflected form of the term word.
    pub(super) fn inflects(&self, word: &Word, tail: &str, stem: impl FnOnce() -> String) -> bool {
        let longer = tail.chars().count().saturating_sub(word.chars);
        if longer > MAX_ENDING_CHARS {
            return false;
        }
        match word.rule {
            Rule::Equal => false,
            // The automaton found the key (the first half) at its start.
            Rule::Prefix => true,
            Rule::Stem => {
                let stem = stem();
                // Or the term's stem is the text's plus one letter: German
                // `Konten` (stem `kont`) is a form of `Konto` (`konto`).
                stem.starts_with(&word.stem)
                    || (word.stem.starts_with(&stem)
                        && stem.chars().count() >= MIN_SHORTER_STEM_CHARS
                        && stem.chars().count() + 1 == word.stem.chars().count())
            }
        }
    }
}
