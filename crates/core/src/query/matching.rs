//! Where the glossary's terms occur in a text: the one definition of term
//! matching that `--lint`, `--scan` and the language server share.
//!
//! The rules, in the order they apply:
//!
//! - **Normalisation.** Terms and text are compared in Unicode NFC, so a
//!   decomposed `ä` is the `ä` of the glossary.
//! - **Whole words.** A text is cut into words at Unicode word boundaries
//!   (UAX #29): `file` is not found in `profile`. Scripts written without
//!   spaces between words (Han, Hiragana, Katakana, Thai) and Hangul, whose
//!   particles attach to the noun, are the exception: a term written in
//!   them is found anywhere inside a run of them, as written.
//! - **Case.** Insensitive, except for a term word written in capitals (two
//!   or more letters, all upper case: `CRM`, `POS`, `IT`), which matches
//!   only in capitals. Diacritics always count: `får` is not `far`.
//! - **Inflection.** A text word matches a term word when the two are equal
//!   in lower case. Beyond that, for term words of three letters or more:
//!   in a language with a Snowball stemmer (en, sv, nb/nn/no, da, fi, de,
//!   fr, es, it, pt, nl, ru, ro, hu, el, tr, ar, ta) when the text word's
//!   stem begins with the term word's stem; elsewhere (pl, cs, …) when the
//!   text word begins with the first half of the term word, at least three
//!   letters (memoQ's default prefix rule). Either way the text word may be
//!   at most four letters longer than the term word: `files`, `fakturan`,
//!   `kontot` and `faktury` match; `filosofi` is not a form of `fil`. A
//!   stem may also be the term's stem but its last letter, from four
//!   letters on: German `Konten` is a form of `Konto` (stems `kont` and
//!   `konto`), while `direct` is no form of `director`.
//! - **Compounds.** In languages that write compounds as one word (sv,
//!   nb/nn/no, da, de, nl, fi) a term word of four letters or more also
//!   matches the last part of a text word, by the same rule, starting at
//!   least two letters in: `skattefakturan` holds `faktura`, `bankkonto`
//!   holds `konto`. The whole compound is what is found.
//! - **Several words.** A term of several words matches word by word, the
//!   text's words separated only by spaces, line breaks or hyphens:
//!   `balance sheets`, `balance-sheet`.
//! - **Longest wins.** Where occurrences overlap, the longest is kept
//!   (`balance sheet` over `balance`); for one stretch of text found as
//!   several terms, a preferred term (a title) wins over an admitted one
//!   (an alias), and either over an avoided one, then the first slug.
//!
//! Cost: `Terms::build` reads every title, alias and avoided term of the
//! languages asked for once and builds one Aho-Corasick automaton over the
//! keys of their words (each word's fixed beginning: the part of it its
//! stem keeps, or its first half); `Terms::find` cuts the text into words
//! once, runs the automaton over each word, and walks a trie of term words
//! from each word that holds a key. Nothing loops over the terms: the work
//! is linear in the text, whatever the size of the glossary.

use crate::model::lang;
use crate::model::text::is_unspaced;
use crate::store::glossary::Glossary;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use rust_stemmers::{Algorithm, Stemmer};
use std::collections::HashMap;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// How a term stands in its article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Status {
    /// The article's title.
    Preferred,
    /// One of its aliases.
    Admitted,
    /// One of its `avoid:` terms.
    Avoided,
}

/// One occurrence of a term in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    /// The byte range in the text.
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) slug: String,
    pub(crate) status: Status,
    /// The term as the glossary writes it.
    pub(crate) term: String,
    /// The language of the article the term is from.
    pub(crate) lang: String,
}

/// An occurrence before it is spelled out as a `Found`: checkers look at
/// every one but keep few, and a `Found` is three strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// The term, by its number in the table.
    term: u32,
}

/// The names an article gives its term in its language.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Names {
    pub(crate) title: String,
    /// The article's one-line description.
    pub(crate) description: String,
    pub(crate) aliases: Vec<String>,
    pub(crate) avoid: Vec<String>,
}

/// One language of the table: its stemmer, and whether it writes compounds
/// as one word.
struct Language {
    tag: String,
    stemmer: Option<Stemmer>,
    compounds: bool,
}

/// How a term word matches a text word beyond equality.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    /// Equal in lower case only (words of fewer than three letters).
    Equal,
    /// The text word's stem begins with the term word's stem.
    Stem,
    /// The text word begins with the term word's key (its first half).
    Prefix,
}

/// One word of a term, in one language.
struct Word {
    lang: u16,
    /// NFC, lower case.
    lower: String,
    /// Its stem (the `Stem` rule), else empty.
    stem: String,
    /// Its length in characters.
    chars: usize,
    /// Written in capitals: matches only in capitals.
    capitals: bool,
    rule: Rule,
}

/// One term: a title, an alias or an avoided term of one article.
struct Term {
    slug: String,
    lang: u16,
    status: Status,
    term: String,
}

/// What a pattern of the automaton stands for.
enum Pattern {
    /// The key of these words (by index into `words`).
    Key(Vec<u32>),
    /// These terms, written in a script without spaces, matched as written.
    Literal(Vec<u32>),
}

/// The glossary's terms in some languages: the automaton over their words'
/// keys and the table of terms. Built once per call; `find` runs per text.
pub(crate) struct Terms {
    /// This table's number, unique in the process.
    id: u64,
    languages: Vec<Language>,
    words: Vec<Word>,
    terms: Vec<Term>,
    patterns: Vec<Pattern>,
    automaton: Option<AhoCorasick>,
    /// The trie of terms, word by word: (node, word) → node. Node 0 is the root.
    edges: HashMap<(u32, u32), u32, foldhash::fast::RandomState>,
    /// The terms that end at a node.
    ends: HashMap<u32, Vec<u32>, foldhash::fast::RandomState>,
    /// Each article's names, by slug, then language.
    names: HashMap<String, Vec<(u16, Names)>, foldhash::fast::RandomState>,
}

/// Shorter term words match only when equal: `it` is no stem of `items`.
const MIN_INFLECTED_CHARS: usize = 3;
/// A text word may be at most this many letters longer than the term word
/// it is a form of.
const MAX_ENDING_CHARS: usize = 4;
/// A text stem one letter shorter than the term's counts from this length.
const MIN_SHORTER_STEM_CHARS: usize = 4;
/// A term word this long or longer is also found as the last part of a compound.
const MIN_COMPOUND_PART_CHARS: usize = 4;
/// ... starting at least this many letters into the compound.
const MIN_COMPOUND_HEAD_CHARS: usize = 2;

/// The Snowball stemmer for a language, if there is one.
fn stemmer(tag: &str) -> Option<Algorithm> {
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
fn writes_compounds(tag: &str) -> bool {
    matches!(
        lang::primary(tag),
        "sv" | "nb" | "nn" | "no" | "da" | "de" | "nl" | "fi"
    )
}

/// A piece of text to match in: a word, or a run of a script without spaces.
#[derive(Debug, Clone, Copy)]
struct Token {
    start: usize,
    end: usize,
    run: bool,
}

/// The text's words and runs of unspaced scripts, in order.
///
/// UAX #29 never joins across white space, so the text is cut at ASCII
/// white space first, and a piece that is letters and digits alone (past
/// brackets, quotes and sentence punctuation at its edges, which are word
/// boundaries there by the same rules) is one word as it stands: most
/// words of most texts never go through the full segmentation, which is
/// the slowest step of a check.
#[cfg(test)]
fn tokens(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    tokens_into(text, &mut tokens);
    tokens
}

/// `tokens` into a buffer the caller reuses.
fn tokens_into(text: &str, tokens: &mut Vec<Token>) {
    tokens.clear();
    let mut offset = 0;
    for chunk in text.split(|c: char| c.is_ascii_whitespace()) {
        let at = offset;
        offset += chunk.len() + 1;
        if chunk.is_empty() {
            continue;
        }
        let lead = chunk.len() - chunk.trim_start_matches(LEADING).len();
        let core = chunk[lead..].trim_end_matches(TRAILING);
        if !core.is_empty() && is_plain_word(core) {
            let start = at + lead;
            tokens.push(Token {
                start,
                end: start + core.len(),
                run: false,
            });
            continue;
        }
        for (from, segment) in chunk.split_word_bound_indices() {
            segment_token(tokens, at + from, segment);
        }
    }
}

/// Characters that end a word where they stand first in a piece without
/// spaces, whatever follows (UAX #29 joins none of them to a letter after).
const LEADING: &[char] = &['(', '[', '{', '"', '\'', '<', '¿', '¡', '«', '“', '‘'];
/// ... and last.
const TRAILING: &[char] = &[
    '.', ',', ';', ':', '!', '?', ')', ']', '}', '"', '>', '»', '”', '…',
];

/// Letters and digits only, none of a script written without spaces: one
/// word by UAX #29 (WB5, WB8, WB9, WB10).
fn is_plain_word(core: &str) -> bool {
    if core.is_ascii() {
        return core.bytes().all(|b| b.is_ascii_alphanumeric());
    }
    core.chars()
        .all(|c| c.is_ascii_alphanumeric() || (c.is_alphabetic() && !is_unspaced(c)))
}

/// A segment of UAX #29: a word, part of a run, or nothing to match.
fn segment_token(tokens: &mut Vec<Token>, start: usize, segment: &str) {
    let end = start + segment.len();
    let (run, word) = if segment.is_ascii() {
        (false, segment.bytes().any(|b| b.is_ascii_alphanumeric()))
    } else {
        (
            segment.chars().any(is_unspaced),
            segment.chars().any(char::is_alphanumeric),
        )
    };
    if !run && !word {
        return;
    }
    match tokens.last_mut() {
        // Characters of unspaced scripts are words of their own (Han) or
        // runs up to the next change of script: one run, searched inside.
        Some(last) if run && last.run && last.end == start => last.end = end,
        _ => tokens.push(Token { start, end, run }),
    }
}

/// What may stand between two words of one term: spaces and hyphens only.
fn joins(between: &str) -> bool {
    !between.is_empty()
        && between
            .chars()
            .all(|c| c.is_whitespace() || matches!(c, '-' | '\u{2010}' | '\u{2011}'))
}

/// NFC and lower case, the form words are compared in.
fn lower(text: &str) -> String {
    let mut lowered = String::new();
    lower_into(text, &mut lowered);
    lowered
}

/// `lower` into a buffer the caller reuses.
fn lower_into(text: &str, lowered: &mut String) {
    lowered.clear();
    if text.is_ascii() {
        lowered.push_str(text);
        lowered.make_ascii_lowercase();
        return;
    }
    lowered.extend(nfc(text).chars().flat_map(char::to_lowercase));
}

/// What `hits` keeps on each thread between calls: the term words each
/// text word (as written) matches, as last worked out for one table and one
/// language (most words of a text are words it has used before: the
/// automaton and the stemmer see each once), and the buffers of one call,
/// reused rather than allocated per paragraph.
#[derive(Default)]
struct Scratch {
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
const MAX_KEPT_TOKENS: usize = 1 << 16;

impl Scratch {
    fn let_go(&mut self) {
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
const MAX_CACHED_WORDS: usize = 100_000;

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = Default::default();
}

/// Numbers the tables a process builds, so the cache knows whose it is.
static TABLES_BUILT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

fn nfc(text: &str) -> std::borrow::Cow<'_, str> {
    match unicode_normalization::is_nfc_quick(text.chars()) {
        unicode_normalization::IsNormalized::Yes => std::borrow::Cow::Borrowed(text),
        _ => std::borrow::Cow::Owned(text.nfc().collect()),
    }
}

/// Two or more letters, all in upper case.
fn in_capitals(word: &str) -> bool {
    let mut letters = 0;
    for c in word.chars().filter(|c| c.is_alphabetic()) {
        if !c.is_uppercase() {
            return false;
        }
        letters += 1;
    }
    letters >= 2
}

/// The longest beginning two strings share.
fn common_prefix<'a>(a: &'a str, b: &str) -> &'a str {
    let end = a
        .char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or_else(|| a.len().min(b.len()), |((at, _), _)| at);
    &a[..end.min(a.len())]
}

impl Terms {
    /// Every term of these languages in the glossary (titles, aliases,
    /// avoid lists): an article is taken when one of `langs` serves its
    /// language (`pt` takes `pt-BR`).
    pub(crate) fn build(glossary: &Glossary, langs: &[String]) -> Terms {
        let read = glossary.row_reader(|index, row| {
            (
                index.title(row).to_string(),
                index.description(row).to_string(),
                index.aliases(row),
                index.avoid(row),
            )
        });
        let mut builder = Builder::default();
        // Term by term in slug order, so the table is the same every call.
        for term in glossary.terms("") {
            for (tag, at) in &term.langs {
                if !langs.iter().any(|wanted| lang::serves(wanted, tag)) {
                    continue;
                }
                let (title, description, aliases, avoid) = read(*at);
                if title.is_empty() {
                    continue; // a broken file: --check says why
                }
                builder.article(
                    term.slug,
                    tag,
                    Names {
                        title,
                        description,
                        aliases,
                        avoid,
                    },
                );
            }
        }
        builder.finish()
    }

    /// A table of the given articles (slug, language, names), for tests.
    #[cfg(test)]
    pub(crate) fn of(articles: Vec<(&str, &str, Names)>) -> Terms {
        let mut builder = Builder::default();
        for (slug, lang, names) in articles {
            builder.article(slug, lang, names);
        }
        builder.finish()
    }

    /// The names of `slug`'s article in the language that serves `lang`
    /// (itself first), if the table has one.
    pub(crate) fn names(&self, slug: &str, lang: &str) -> Option<&Names> {
        let articles = self.names.get(slug)?;
        let tag = |l: u16| self.languages[l as usize].tag.as_str();
        let exact = articles.iter().find(|(l, _)| tag(*l) == lang);
        exact
            .or_else(|| articles.iter().find(|(l, _)| lang::serves(lang, tag(*l))))
            .map(|(_, names)| names)
    }

    /// Whether the table has any term in a language that serves `lang`.
    pub(crate) fn has_language(&self, lang: &str) -> bool {
        self.languages.iter().any(|l| lang::serves(lang, &l.tag))
    }

    /// The slug of the term a hit found.
    pub(crate) fn slug(&self, hit: Hit) -> &str {
        &self.terms[hit.term as usize].slug
    }

    /// How the term a hit found stands in its article.
    pub(crate) fn status(&self, hit: Hit) -> Status {
        self.terms[hit.term as usize].status
    }

    /// A hit spelled out.
    pub(crate) fn found(&self, hit: Hit) -> Found {
        let term = &self.terms[hit.term as usize];
        Found {
            start: hit.start,
            end: hit.end,
            slug: term.slug.clone(),
            status: term.status,
            term: term.term.clone(),
            lang: self.languages[term.lang as usize].tag.clone(),
        }
    }

    /// The occurrences in `text`, written in `lang`: in text order, not
    /// overlapping, longest first.
    pub(crate) fn find(&self, text: &str, lang: &str) -> Vec<Found> {
        let hits = self.hits(text, lang);
        hits.into_iter().map(|hit| self.found(hit)).collect()
    }

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
    fn literals(
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

    /// The term words a text word matches: `piece` as written, `lowered`
    /// in NFC and lower case.
    fn word_matches(
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
    fn inflects(&self, word: &Word, tail: &str, stem: impl FnOnce() -> String) -> bool {
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

    /// One occurrence per stretch of text: the longest, then the best.
    fn settle(&self, candidates: &mut [(usize, usize, u32)]) -> Vec<Hit> {
        let rank = |&(start, end, term): &(usize, usize, u32)| {
            let term = &self.terms[term as usize];
            (
                std::cmp::Reverse(end - start),
                start,
                term.status,
                term.slug.as_str(),
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

/// Whether the `chars` characters of `piece` from character `head` on are
/// free of lower-case letters.
fn capitals_at(piece: &str, head: usize, chars: usize) -> bool {
    let piece = nfc(piece);
    piece
        .chars()
        .skip(head)
        .take(chars)
        .all(|c| !c.is_lowercase())
}

/// The table as it is filled, article by article.
#[derive(Default)]
struct Builder {
    languages: Vec<Language>,
    words: Vec<Word>,
    /// (language, lower-case word) → its index in `words`.
    word_index: HashMap<(u16, String, bool), u32, foldhash::fast::RandomState>,
    terms: Vec<Term>,
    /// Key → pattern number.
    keys: HashMap<(bool, String), u32, foldhash::fast::RandomState>,
    patterns: Vec<Pattern>,
    pattern_text: Vec<String>,
    edges: HashMap<(u32, u32), u32, foldhash::fast::RandomState>,
    nodes: u32,
    ends: HashMap<u32, Vec<u32>, foldhash::fast::RandomState>,
    names: HashMap<String, Vec<(u16, Names)>, foldhash::fast::RandomState>,
}

impl Builder {
    fn language(&mut self, tag: &str) -> u16 {
        if let Some(at) = self.languages.iter().position(|l| l.tag == tag) {
            return at as u16;
        }
        self.languages.push(Language {
            tag: tag.to_string(),
            stemmer: stemmer(tag).map(Stemmer::create),
            compounds: writes_compounds(tag),
        });
        (self.languages.len() - 1) as u16
    }

    fn article(&mut self, slug: &str, tag: &str, names: Names) {
        let lang = self.language(tag);
        let statuses = std::iter::once((Status::Preferred, &names.title))
            .chain(names.aliases.iter().map(|a| (Status::Admitted, a)))
            .chain(names.avoid.iter().map(|a| (Status::Avoided, a)));
        for (status, term) in statuses {
            self.term(slug, lang, status, term);
        }
        let articles = self.names.entry(slug.to_string()).or_default();
        match articles.iter_mut().find(|(l, _)| *l == lang) {
            Some((_, kept)) => *kept = names,
            None => articles.push((lang, names)),
        }
    }

    fn term(&mut self, slug: &str, lang: u16, status: Status, written: &str) {
        let normal = nfc(written);
        let number = self.terms.len() as u32;
        let letters: Vec<char> = normal.chars().filter(|c| c.is_alphanumeric()).collect();
        if letters.is_empty() {
            return;
        }
        if letters.iter().all(|&c| is_unspaced(c)) {
            let literal = lower(&normal);
            self.pattern(true, literal, number);
        } else {
            let mut node = 0;
            let mut any = false;
            for word in normal.unicode_words() {
                any = true;
                let index = self.word(lang, word);
                let next = self.nodes + 1;
                node = *self.edges.entry((node, index)).or_insert(next);
                if node == next {
                    self.nodes = next;
                }
            }
            if !any {
                return;
            }
            self.ends.entry(node).or_default().push(number);
        }
        self.terms.push(Term {
            slug: slug.to_string(),
            lang,
            status,
            term: written.to_string(),
        });
    }

    /// The index of a term word, made (with its key in the automaton) the
    /// first time it is seen.
    fn word(&mut self, lang: u16, written: &str) -> u32 {
        let lowered = lower(written);
        let capitals = in_capitals(written);
        if let Some(&index) = self.word_index.get(&(lang, lowered.clone(), capitals)) {
            return index;
        }
        let chars = lowered.chars().count();
        let language = &self.languages[lang as usize];
        let (rule, stem, key) = if chars < MIN_INFLECTED_CHARS {
            (Rule::Equal, String::new(), lowered.clone())
        } else if let Some(stemmer) = &language.stemmer {
            let stem = stemmer.stem(&lowered).into_owned();
            // The part of the word its stem keeps as written: `director`
            // of `directory` (stem `directori`).
            let mut key = common_prefix(&lowered, &stem).to_string();
            // A text word whose stem lacks the term stem's last letter
            // must still reach the rule.
            if key.chars().count() > MIN_SHORTER_STEM_CHARS {
                key.pop();
            }
            match key.is_empty() {
                true => (Rule::Equal, String::new(), lowered.clone()),
                false => (Rule::Stem, stem, key),
            }
        } else {
            let half = chars.div_ceil(2).max(MIN_INFLECTED_CHARS);
            let key: String = lowered.chars().take(half).collect();
            (Rule::Prefix, String::new(), key)
        };
        let index = self.words.len() as u32;
        self.words.push(Word {
            lang,
            lower: lowered.clone(),
            stem,
            chars,
            capitals,
            rule,
        });
        self.word_index.insert((lang, lowered, capitals), index);
        self.pattern(false, key, index);
        index
    }

    fn pattern(&mut self, literal: bool, key: String, item: u32) {
        let next = self.patterns.len() as u32;
        let at = *self.keys.entry((literal, key.clone())).or_insert(next);
        if at == next {
            self.patterns.push(match literal {
                true => Pattern::Literal(Vec::new()),
                false => Pattern::Key(Vec::new()),
            });
            self.pattern_text.push(key);
        }
        match &mut self.patterns[at as usize] {
            Pattern::Key(items) | Pattern::Literal(items) => items.push(item),
        }
    }

    fn finish(self) -> Terms {
        // Standard semantics: overlapping search reports every key that
        // ends at each position, which the rules then sift.
        let automaton = (!self.pattern_text.is_empty())
            .then(|| {
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::Standard)
                    .build(&self.pattern_text)
                    .ok()
            })
            .flatten();
        Terms {
            id: TABLES_BUILT.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            languages: self.languages,
            words: self.words,
            terms: self.terms,
            patterns: self.patterns,
            automaton,
            edges: self.edges,
            ends: self.ends,
            names: self.names,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An article as (slug, language, title, aliases, avoid).
    type Given<'a> = (&'a str, &'a str, &'a str, &'a [&'a str], &'a [&'a str]);

    fn table(articles: &[Given]) -> Terms {
        let list = |items: &[&str]| items.iter().map(|s| s.to_string()).collect();
        Terms::of(
            articles
                .iter()
                .map(|&(slug, lang, title, aliases, avoid)| {
                    let names = Names {
                        title: title.to_string(),
                        description: String::new(),
                        aliases: list(aliases),
                        avoid: list(avoid),
                    };
                    (slug, lang, names)
                })
                .collect(),
        )
    }

    /// What `find` found, as the text it covers and the slug.
    fn found<'t>(terms: &Terms, text: &'t str, lang: &str) -> Vec<(&'t str, String)> {
        terms
            .find(text, lang)
            .into_iter()
            .map(|f| (&text[f.start..f.end], f.slug))
            .collect()
    }

    fn words<'t>(terms: &Terms, text: &'t str, lang: &str) -> Vec<&'t str> {
        found(terms, text, lang)
            .into_iter()
            .map(|(w, _)| w)
            .collect()
    }

    /// The quick cut into words gives what UAX #29 alone gives.
    #[test]
    fn words_are_those_of_uax_29() {
        let text = "(Öppna) \"filen\", U.S. don't 3.5 e-post: «citat» 東京タワー 계정을 x_y! ½a …";
        let ours: Vec<&str> = tokens(text)
            .iter()
            .filter(|t| !t.run)
            .map(|t| &text[t.start..t.end])
            .collect();
        let theirs: Vec<&str> = text
            .split_word_bounds()
            .filter(|w| w.chars().any(char::is_alphanumeric) && !w.chars().any(is_unspaced))
            .collect();
        assert_eq!(ours, theirs);
    }

    #[test]
    fn whole_words_only() {
        let terms = table(&[("file", "en", "file", &[], &[])]);
        assert_eq!(words(&terms, "Save the file.", "en"), ["file"]);
        assert!(words(&terms, "Edit your profile", "en").is_empty());
        assert!(words(&terms, "filesystem", "en").is_empty());
    }

    #[test]
    fn text_and_terms_compare_in_nfc() {
        let terms = table(&[("carry", "sv", "får", &[], &[])]);
        let decomposed = "Du fa\u{30A}r inte";
        assert_eq!(words(&terms, decomposed, "sv"), ["fa\u{30A}r"]);
        let decomposed_term = table(&[("carry", "sv", "fa\u{30A}r", &[], &[])]);
        assert_eq!(words(&decomposed_term, "Du får inte", "sv"), ["får"]);
    }

    #[test]
    fn unspaced_scripts_match_inside_words() {
        let terms = table(&[
            ("request", "zh", "请求", &[], &[]),
            ("file", "ja", "ファイル", &[], &[]),
            ("invoice", "ja", "請求書", &[], &[]),
            ("account", "th", "บัญชี", &[], &[]),
            ("account", "ko", "계정", &[], &[]),
        ]);
        assert_eq!(words(&terms, "发送请求到服务器", "zh"), ["请求"]);
        assert_eq!(words(&terms, "ファイルを開く", "ja"), ["ファイル"]);
        assert_eq!(words(&terms, "請求書を送ってください", "ja"), ["請求書"]);
        assert_eq!(words(&terms, "บัญชีของฉัน", "th"), ["บัญชี"]);
        assert_eq!(words(&terms, "계정을 만드세요", "ko"), ["계정"]);
    }

    #[test]
    fn capitals_match_only_in_capitals() {
        let terms = table(&[
            ("crm", "en", "CRM", &[], &[]),
            ("it", "en", "IT", &[], &[]),
            ("pos", "sv", "POS", &[], &[]),
            ("invoice", "en", "Invoice", &[], &[]),
        ]);
        assert_eq!(words(&terms, "Our CRM and the crm", "en"), ["CRM"]);
        assert_eq!(words(&terms, "Ask IT about it", "en"), ["IT"]);
        assert!(words(&terms, "Pos 3", "sv").is_empty());
        assert_eq!(words(&terms, "Betala i POS", "sv"), ["POS"]);
        // Other terms ignore case.
        assert_eq!(
            words(&terms, "INVOICE and invoice", "en"),
            ["INVOICE", "invoice"]
        );
    }

    #[test]
    fn diacritics_must_match() {
        let terms = table(&[("get", "sv", "får", &[], &[])]);
        assert!(words(&terms, "far och mor", "sv").is_empty());
        assert_eq!(words(&terms, "Han får", "sv"), ["får"]);
    }

    #[test]
    fn inflected_forms_by_stem() {
        let en = table(&[
            ("file", "en", "file", &[], &[]),
            ("directory", "en", "directory", &[], &[]),
        ]);
        assert_eq!(words(&en, "Two files", "en"), ["files"]);
        assert_eq!(words(&en, "all directories", "en"), ["directories"]);
        let sv = table(&[
            ("invoice", "sv", "faktura", &[], &[]),
            ("account", "sv", "konto", &[], &[]),
            ("file", "sv", "fil", &[], &[]),
        ]);
        assert_eq!(
            words(&sv, "fakturan och fakturor, kontot", "sv"),
            ["fakturan", "fakturor", "kontot"]
        );
        assert_eq!(words(&sv, "filen", "sv"), ["filen"]);
        assert!(words(&sv, "filosofi", "sv").is_empty());
    }

    #[test]
    fn a_stem_one_letter_short_is_a_form() {
        let de = table(&[("account", "de", "Konto", &[], &[])]);
        assert_eq!(
            words(&de, "Die Konten und das Konto", "de"),
            ["Konten", "Konto"]
        );
        let en = table(&[("director", "en", "director", &[], &[])]);
        assert!(words(&en, "a direct line", "en").is_empty());
        assert_eq!(words(&en, "two directors", "en"), ["directors"]);
    }

    #[test]
    fn inflected_forms_by_prefix_without_a_stemmer() {
        let pl = table(&[("invoice", "pl", "faktura", &[], &[])]);
        assert_eq!(words(&pl, "Brak faktury", "pl"), ["faktury"]);
        assert!(words(&pl, "fak", "pl").is_empty());
        // At most four letters longer.
        assert!(words(&pl, "fakturowaniami", "pl").is_empty());
    }

    #[test]
    fn compounds_hold_terms_in_compounding_languages() {
        let sv = table(&[
            ("invoice", "sv", "faktura", &[], &[]),
            ("account", "sv", "konto", &[], &[]),
        ]);
        assert_eq!(
            found(&sv, "skattefaktura, skattefakturan och bankkonto", "sv"),
            [
                ("skattefaktura", "invoice".to_string()),
                ("skattefakturan", "invoice".to_string()),
                ("bankkonto", "account".to_string())
            ]
        );
        // Not in English, which writes compounds apart.
        let en = table(&[("account", "en", "account", &[], &[])]);
        assert!(words(&en, "bankaccount", "en").is_empty());
        // At least two letters in.
        assert!(words(&sv, "akonto", "sv").is_empty());
    }

    #[test]
    fn several_words_across_spaces_and_hyphens() {
        let terms = table(&[("balance-sheet", "en", "balance sheet", &[], &[])]);
        assert_eq!(
            words(&terms, "A balance-sheet, two balance\n  sheets", "en"),
            ["balance-sheet", "balance\n  sheets"]
        );
        assert!(words(&terms, "balance, sheet", "en").is_empty());
    }

    #[test]
    fn longest_match_wins() {
        let terms = table(&[
            ("balance", "en", "balance", &[], &[]),
            ("balance-sheet", "en", "balance sheet", &[], &[]),
        ]);
        assert_eq!(
            found(&terms, "The balance sheet shows the balance", "en"),
            [
                ("balance sheet", "balance-sheet".to_string()),
                ("balance", "balance".to_string())
            ]
        );
    }

    #[test]
    fn statuses_and_the_best_of_one_stretch() {
        let terms = table(&[
            ("directory", "sv", "katalog", &["folder"], &["mapp"]),
            ("map", "sv", "mapp", &[], &[]),
        ]);
        let found = terms.find("en katalog, en folder, en mapp", "sv");
        let statuses: Vec<(Status, &str)> =
            found.iter().map(|f| (f.status, f.slug.as_str())).collect();
        assert_eq!(
            statuses,
            [
                (Status::Preferred, "directory"),
                (Status::Admitted, "directory"),
                // `mapp` is avoided for one term but the title of another.
                (Status::Preferred, "map"),
            ]
        );
        assert_eq!(found[1].term, "folder");
    }

    #[test]
    fn byte_ranges_after_multibyte_text() {
        let terms = table(&[("file", "en", "file", &[], &[])]);
        let text = "Ünïcødé → 文件 file";
        let found = terms.find(text, "en");
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].start..found[0].end], "file");
        assert_eq!(found[0].start, text.len() - 4);
    }

    #[test]
    fn languages_are_kept_apart() {
        let terms = table(&[
            ("file", "en", "file", &[], &[]),
            ("file", "sv", "fil", &[], &[]),
            ("file", "pt-BR", "arquivo", &[], &[]),
        ]);
        assert!(words(&terms, "fil", "en").is_empty());
        assert_eq!(words(&terms, "fil arquivo", "sv"), ["fil"]);
        // A language serves its regional forms.
        assert_eq!(words(&terms, "o arquivo", "pt"), ["arquivo"]);
        assert!(words(&terms, "file", "de").is_empty());
        assert_eq!(
            terms.names("file", "sv").map(|n| n.title.as_str()),
            Some("fil")
        );
    }
}
