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

mod build;
mod inflect;
mod pass;
#[cfg(test)]
mod tests;
mod words;

use crate::model::lang;
use crate::store::glossary::Glossary;
use aho_corasick::AhoCorasick;
use build::Builder;
use rust_stemmers::Stemmer;
use std::collections::HashMap;

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
    /// Its article's slug, by number in `slugs`.
    slug: u32,
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
    /// The slugs of the terms, each once.
    slugs: Vec<String>,
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
        &self.slugs[self.terms[hit.term as usize].slug as usize]
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
            slug: self.slugs[term.slug as usize].clone(),
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
}
