//! Building the table: each article's terms cut into words, each word's
//! key and rule, the trie of term words and the automaton over the keys.

use super::inflect::{
    common_prefix, stemmer, writes_compounds, MIN_INFLECTED_CHARS, MIN_SHORTER_STEM_CHARS,
};
use super::words::{in_capitals, lower, lower_into, nfc};
use super::*;
use crate::model::text::is_unspaced;
use aho_corasick::{AhoCorasickBuilder, MatchKind};
use unicode_segmentation::UnicodeSegmentation;

/// Numbers the tables a process builds, so the cache knows whose it is.
pub(super) static TABLES_BUILT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// The table as it is filled, article by article.
#[derive(Default)]
pub(super) struct Builder {
    languages: Vec<Language>,
    words: Vec<Word>,
    /// (language, lower-case word) → its index in `words`.
    /// By language and whether in capitals: lower-case word → its index.
    word_index: Vec<[HashMap<String, u32, foldhash::fast::RandomState>; 2]>,
    /// The slugs so far; articles come term by term, so the last is the
    /// one to reuse.
    slugs: Vec<String>,
    /// A buffer for lower-casing term words.
    lowered: String,
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
    pub(super) fn language(&mut self, tag: &str) -> u16 {
        if let Some(at) = self.languages.iter().position(|l| l.tag == tag) {
            return at as u16;
        }
        self.languages.push(Language {
            tag: tag.to_string(),
            stemmer: stemmer(tag).map(Stemmer::create),
            compounds: writes_compounds(tag),
        });
        self.word_index.push(Default::default());
        (self.languages.len() - 1) as u16
    }

    pub(super) fn article(&mut self, slug: &str, tag: &str, names: Names) {
        let lang = self.language(tag);
        if self.slugs.last().is_none_or(|last| last != slug) {
            self.slugs.push(slug.to_string());
        }
        let number = (self.slugs.len() - 1) as u32;
        let statuses = std::iter::once((Status::Preferred, &names.title))
            .chain(names.aliases.iter().map(|a| (Status::Admitted, a)))
            .chain(names.avoid.iter().map(|a| (Status::Avoided, a)));
        for (status, term) in statuses {
            self.term(number, lang, status, term);
        }
        let articles = match self.names.get_mut(slug) {
            Some(articles) => articles,
            None => self.names.entry(slug.to_string()).or_default(),
        };
        match articles.iter_mut().find(|(l, _)| *l == lang) {
            Some((_, kept)) => *kept = names,
            None => articles.push((lang, names)),
        }
    }

    pub(super) fn term(&mut self, slug: u32, lang: u16, status: Status, written: &str) {
        let normal = nfc(written);
        let number = self.terms.len() as u32;
        let mut letters = normal.chars().filter(|c| c.is_alphanumeric()).peekable();
        if letters.peek().is_none() {
            return;
        }
        if letters.all(is_unspaced) {
            let literal = lower(&normal);
            self.pattern(true, literal, number);
        } else {
            let mut node = 0;
            let mut any = false;
            // The term is cut into words by the rule the text is cut by
            // (`words.rs`: UAX #29, with elided articles apart), so that
            // `l'heure` is the two words `l’heure` is found as.
            let mut cut = Vec::new();
            super::words::tokens_into(&normal, &mut cut);
            let words = cut.iter().flat_map(|token| {
                let piece = &normal[token.start..token.end];
                // A run of an unspaced script inside a spaced term: its
                // characters, as UAX #29 gives them.
                let whole = (!token.run).then_some(piece);
                whole.into_iter().chain(
                    token
                        .run
                        .then(|| piece.unicode_words())
                        .into_iter()
                        .flatten(),
                )
            });
            for word in words {
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
            slug,
            lang,
            status,
            term: written.to_string(),
        });
    }

    /// The index of a term word, made (with its key in the automaton) the
    /// first time it is seen.
    pub(super) fn word(&mut self, lang: u16, written: &str) -> u32 {
        let capitals = in_capitals(written);
        lower_into(written, &mut self.lowered);
        let known = &self.word_index[lang as usize][capitals as usize];
        if let Some(&index) = known.get(self.lowered.as_str()) {
            return index;
        }
        let lowered = self.lowered.clone();
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
        self.word_index[lang as usize][capitals as usize].insert(lowered, index);
        self.pattern(false, key, index);
        index
    }

    pub(super) fn pattern(&mut self, literal: bool, key: String, item: u32) {
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

    pub(super) fn finish(self) -> Terms {
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
            slugs: self.slugs,
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
