//! Full-text search over titles, descriptions and article text, ranked with
//! BM25 and a title boost, against the token index each layer carries (built
//! at compile time for the embedded bundle).

use crate::model::error::Error;
use crate::model::text::tokens;
use crate::store::glossary::Glossary;
use crate::store::index::{Index, Posting};

/// BM25 parameters, the usual ones.
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// Every query word found in the title adds this much, more than any body
/// score can reach, so title hits always rank above body hits; description
/// hits rank between. Within a tier, BM25 orders.
const TITLE_BONUS: f64 = 100.0;
const DESCRIPTION_BONUS: f64 = 10.0;
/// The last word also matches as a prefix from this many characters on.
const MIN_PREFIX_CHARS: usize = 2;
/// The most words (distinct search tokens) a query may have, and the most
/// bytes: every token is looked up in the index and tried against every
/// word of every snippet, and no one searches with more.
pub(crate) const MAX_QUERY_WORDS: usize = 64;
pub(crate) const MAX_QUERY_BYTES: usize = 4096;

/// One matching article.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Hit<'a> {
    /// Where it was found: the layer, and the article's row in its full index.
    pub(crate) layer: usize,
    pub(crate) row: u32,
    pub(crate) slug: &'a str,
    pub(crate) lang: &'a str,
    pub(crate) title: &'a str,
    pub(crate) score: f64,
}

/// The query's tokens, deduplicated, and whether the last may match as a prefix.
pub(crate) struct Query {
    tokens: Vec<String>,
    last_is_prefix: bool,
}

impl Query {
    /// The query for `text`, or a usage error past the limits.
    pub(crate) fn parse(text: &str) -> Result<Query, Error> {
        let too_long = |what: String| {
            Error::Usage(format!(
                "--search takes at most {MAX_QUERY_WORDS} words and {MAX_QUERY_BYTES} bytes; this has {what}"
            ))
        };
        if text.len() > MAX_QUERY_BYTES {
            return Err(too_long(format!("{} bytes", text.len())));
        }
        let query = Query::new(text);
        if query.len() > MAX_QUERY_WORDS {
            return Err(too_long(format!("{} words", query.len())));
        }
        Ok(query)
    }

    pub(crate) fn new(text: &str) -> Query {
        let mut list: Vec<String> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for token in tokens(text) {
            if seen.insert(token.clone()) {
                list.push(token);
            }
        }
        let last_is_prefix = !text.ends_with(char::is_whitespace)
            && list
                .last()
                .is_some_and(|t| t.chars().count() >= MIN_PREFIX_CHARS);
        Query {
            tokens: list,
            last_is_prefix,
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// How many tokens the query has.
    pub(crate) fn len(&self) -> usize {
        self.tokens.len()
    }

    /// The query tokens that a token of text matches (the last also as a prefix).
    pub(crate) fn matching<'q>(&'q self, token: &'q str) -> impl Iterator<Item = usize> + 'q {
        let last = self.tokens.len().saturating_sub(1);
        self.tokens
            .iter()
            .enumerate()
            .filter(move |(i, wanted)| {
                token == wanted.as_str()
                    || (*i == last && self.last_is_prefix && token.starts_with(wanted.as_str()))
            })
            .map(|(i, _)| i)
    }

    /// How much finding token `i` says about a match: its length in
    /// characters. Long words are rare words, so the `e` that
    /// `e-postmeddelande` splits off counts for little and the rest for much;
    /// unlike the index's idf, this needs no index and means the same in a
    /// five-article folder as in the bundle.
    pub(crate) fn weight(&self, i: usize) -> usize {
        self.tokens.get(i).map_or(0, |token| token.chars().count())
    }
}

/// Articles that contain every word of the query, best first. `keep_lang`
/// filters languages (for `--lang`).
pub(crate) fn search<'g>(
    glossary: &'g Glossary,
    query: &Query,
    keep_lang: impl Fn(&str) -> bool,
) -> Vec<Hit<'g>> {
    let mut hits: Vec<Hit> = Vec::new();
    for (layer_number, layer) in glossary.layers().iter().enumerate() {
        let index = layer.full_index();
        for (article, score) in score_layer(&index, query) {
            let row = index.article(article);
            let slug = index.term(row.term).slug;
            if keep_lang(row.lang) && !glossary.shadowed(slug, row.lang, layer_number) {
                hits.push(Hit {
                    layer: layer_number,
                    row: article,
                    slug,
                    lang: row.lang,
                    title: row.title,
                    score,
                });
            }
        }
    }
    hits.sort_unstable_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| (a.slug, a.lang).cmp(&(b.slug, b.lang)))
    });
    hits
}

/// Scores every article of one layer that matches all query tokens. Scores
/// live in arrays indexed by article: a common word touches most of them.
pub(crate) fn score_layer(index: &Index<'_>, query: &Query) -> Vec<(u32, f64)> {
    let articles = index.article_count();
    if articles == 0 || query.is_empty() {
        return Vec::new();
    }
    let total_len: u64 = (0..articles as u32)
        .map(|a| u64::from(index.body_len(a)))
        .sum();
    let average_len = (total_len as f64 / articles as f64).max(1.0);
    let mut scores = vec![0.0f64; articles];
    let mut matched = vec![0usize; articles];
    let mut best = vec![0.0f64; articles];
    let last = query.tokens.len() - 1;
    for (i, token) in query.tokens.iter().enumerate() {
        let mut touched: Vec<u32> = Vec::new();
        for row in index.tokens_matching(token, i == last && query.last_is_prefix) {
            let (idf, postings) = index.postings(row);
            for posting in postings {
                let Some(slot) = best.get_mut(posting.article as usize) else {
                    continue; // a damaged index names no such article
                };
                let length_ratio = f64::from(index.body_len(posting.article)) / average_len;
                let score = weight(&posting, f64::from(idf), length_ratio);
                if *slot == 0.0 {
                    touched.push(posting.article);
                }
                *slot = slot.max(score);
            }
        }
        for article in touched {
            let a = article as usize;
            scores[a] += best[a];
            matched[a] += 1;
            best[a] = 0.0;
        }
    }
    (0..articles)
        .filter(|&a| matched[a] == query.tokens.len())
        .map(|a| (a as u32, scores[a]))
        .collect()
}

fn weight(posting: &Posting, idf: f64, length_ratio: f64) -> f64 {
    let tf = f64::from(posting.body_count);
    let body = tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * length_ratio));
    let title = if posting.in_title { TITLE_BONUS } else { 0.0 };
    let description = if posting.in_description {
        DESCRIPTION_BONUS
    } else {
        0.0
    };
    idf * body + title + description
}
