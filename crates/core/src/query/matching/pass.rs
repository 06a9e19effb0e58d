//! The pass over a text: its words looked up in the automaton once each,
//! the trie of term words walked from each, and overlapping occurrences
//! settled, with the buffers and word cache each thread keeps between calls.

use super::words::{joins, lower_into, nfc, tokens_into, Token};
use super::{Hit, Language, Pattern, Terms};
use crate::model::lang;
use aho_corasick::AhoCorasick;
use std::collections::HashMap;

/// What `hits` keeps on each thread between calls: the term words each
/// text word (as written) matches, as last worked out for one table and one
/// language (most words of a text are words it has used before: the
/// automaton and the stemmer see each once), and the buffers of one call,
/// reused rather than allocated per paragraph.
#[derive(Default)]
pub(super) struct Scratch {
    /// The table's number and the language the entries hold for.
    owner: (u64, String),
    words: HashMap<Box<str>, Box<[u32]>, foldhash::fast::RandomState>,
    /// Which of the table's languages serve the owner's.
    wanted: Vec<bool>,
    tokens: Vec<Token>,
    matched: Vec<u32>,
    ranges: Vec<(u32, u32)>,
    candidates: Vec<(usize, usize, u32)>,
    active: Vec<u32>,
    next: Vec<u32>,
    lowered: String,
}

/// Buffers larger than this (a text of one huge paragraph) are given back
/// after the call.
pub(super) const MAX_KEPT_TOKENS: usize = 1 << 16;

impl Scratch {
    pub(super) fn let_go(&mut self) {
        if self.tokens.capacity() > MAX_KEPT_TOKENS {
            self.tokens = Vec::new();
            self.matched = Vec::new();
            self.ranges = Vec::new();
        }
        if self.candidates.capacity() > MAX_KEPT_TOKENS {
            self.candidates = Vec::new();
        }
    }
}

/// Past this many distinct words the cache starts again: memory stays
/// bounded on a text of endless distinct words.
pub(super) const MAX_CACHED_WORDS: usize = 100_000;

thread_local! {
    pub(super) static SCRATCH: std::cell::RefCell<Scratch> = Default::default();
}

impl Terms {
    /// `find`, each occurrence as a `Hit`.
    pub(crate) fn hits(&self, text: &str, lang: &str) -> Vec<Hit> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        SCRATCH.with_borrow_mut(|scratch| {
            let Scratch {
                owner,
                words,
                wanted,
                tokens,
                matched,
                ranges,
                candidates,
                active,
                next,
                lowered,
            } = scratch;
            if owner.0 != self.id || owner.1 != lang {
                words.clear();
                *owner = (self.id, lang.to_string());
                wanted.clear();
                let serves = |language: &Language| lang::serves(lang, &language.tag);
                wanted.extend(self.languages.iter().map(serves));
            }
            if !wanted.contains(&true) {
                return Vec::new();
            }
            tokens_into(text, tokens);
            // The term words each token matches, flat, with each token's range.
            matched.clear();
            ranges.clear();
            // (start, end, term) of every occurrence, before overlaps are settled.
            candidates.clear();
            for token in tokens.iter() {
                let from = matched.len() as u32;
                let piece = &text[token.start..token.end];
                if token.run {
                    self.literals(automaton, piece, token.start, wanted, candidates);
                } else if let Some(known) = words.get(piece) {
                    matched.extend_from_slice(known);
                } else {
                    lower_into(piece, lowered);
                    self.word_matches(automaton, piece, lowered, wanted, matched);
                    if words.len() >= MAX_CACHED_WORDS {
                        words.clear();
                    }
                    words.insert(piece.into(), matched[from as usize..].into());
                }
                ranges.push((from, matched.len() as u32));
            }
            // The trie walk from each word that matches a term word.
            for first in 0..tokens.len() {
                let (from, to) = ranges[first];
                if from == to {
                    continue;
                }
                active.clear();
                active.push(0);
                let mut at = first;
                loop {
                    let (from, to) = ranges[at];
                    next.clear();
                    for &node in active.iter() {
                        for &word in &matched[from as usize..to as usize] {
                            if let Some(&child) = self.edges.get(&(node, word)) {
                                next.push(child);
                            }
                        }
                    }
                    next.sort_unstable();
                    next.dedup();
                    for node in next.iter() {
                        for &term in self.ends.get(node).into_iter().flatten() {
                            candidates.push((tokens[first].start, tokens[at].end, term));
                        }
                    }
                    std::mem::swap(active, next);
                    at += 1;
                    if active.is_empty()
                        || at == tokens.len()
                        || tokens[at].run
                        || !joins(&text[tokens[at - 1].end..tokens[at].start])
                    {
                        break;
                    }
                }
            }
            let hits = self.settle(candidates);
            scratch.let_go();
            hits
        })
    }

    /// Terms written in an unspaced script, found anywhere in a run of it.
    pub(super) fn literals(
        &self,
        automaton: &AhoCorasick,
        run: &str,
        offset: usize,
        wanted: &[bool],
        candidates: &mut Vec<(usize, usize, u32)>,
    ) {
        let normal = nfc(run);
        // A run that was not in NFC is found as a whole, since offsets
        // inside it no longer line up.
        let moved = matches!(normal, std::borrow::Cow::Owned(_));
        for hit in automaton.find_overlapping_iter(normal.as_ref()) {
            let Pattern::Literal(terms) = &self.patterns[hit.pattern().as_usize()] else {
                continue;
            };
            for &term in terms {
                if wanted[self.terms[term as usize].lang as usize] {
                    let (start, end) = match moved {
                        true => (offset, offset + run.len()),
                        false => (offset + hit.start(), offset + hit.end()),
                    };
                    candidates.push((start, end, term));
                }
            }
        }
    }

    /// One occurrence per stretch of text: the longest, then the best.
    pub(super) fn settle(&self, candidates: &mut [(usize, usize, u32)]) -> Vec<Hit> {
        let rank = |&(start, end, term): &(usize, usize, u32)| {
            let term = &self.terms[term as usize];
            (
                std::cmp::Reverse(end - start),
                start,
                term.status,
                self.slugs[term.slug as usize].as_str(),
                term.term.as_str(),
            )
        };
        candidates.sort_unstable_by(|a, b| rank(a).cmp(&rank(b)));
        // Kept ranges by start: an occurrence is kept when it overlaps none.
        let mut kept: std::collections::BTreeMap<usize, (usize, u32)> = Default::default();
        for &mut (start, end, term) in candidates {
            let before = kept.range(..end).next_back();
            if before.is_some_and(|(_, &(other_end, _))| other_end > start) {
                continue;
            }
            kept.insert(start, (end, term));
        }
        kept.into_iter()
            .map(|(start, (end, term))| Hit { start, end, term })
            .collect()
    }
}
