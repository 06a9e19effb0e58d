//! From what the user typed to one article: slug, title in any language or
//! diacritic-folded title; then the language, from `--lang`, the title's own
//! language, or the preference list. Near misses become suggestions.

use crate::error::Error;
use crate::glossary::{ArticleRef, Glossary};
use crate::lang;
use crate::text::{fold, match_key};

/// The article chosen for a query, and a note for stderr when its language
/// is not one the user prefers.
#[derive(Debug)]
pub struct Resolved {
    pub article: ArticleRef,
    /// Every language the term has.
    pub langs: Vec<String>,
    pub note: Option<String>,
}

/// What the query matched: a term, and the language of the title it named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermMatch {
    pub slug: String,
    pub title_lang: Option<String>,
}

/// Finds the term a query names. `preferences` breaks ties between titles
/// that match in several languages or terms.
pub fn find_term(glossary: &Glossary, query: &str, preferences: &[String]) -> Option<TermMatch> {
    let lowered = query.trim().to_lowercase();
    if crate::article::is_slug(&lowered) && glossary.has_term(&lowered) {
        return Some(TermMatch {
            slug: lowered,
            title_lang: None,
        });
    }
    let key = match_key(query);
    if key.is_empty() {
        return None;
    }
    let hits = match glossary.find_key(&key, false) {
        hits if !hits.is_empty() => hits,
        _ => glossary.find_key(&fold(&key), true),
    };
    best_hit(hits, preferences)
}

/// A slug hit beats a title hit; among titles, the most preferred language
/// wins, then the first slug.
fn best_hit(hits: Vec<(String, Option<String>)>, preferences: &[String]) -> Option<TermMatch> {
    if let Some((slug, _)) = hits.iter().find(|(_, lang)| lang.is_none()) {
        return Some(TermMatch {
            slug: slug.clone(),
            title_lang: None,
        });
    }
    let langs: Vec<&str> = hits
        .iter()
        .filter_map(|(_, lang)| lang.as_deref())
        .collect();
    let pick = lang::best(preferences, &langs).unwrap_or(0);
    hits.into_iter().nth(pick).map(|(slug, lang)| TermMatch {
        slug,
        title_lang: lang,
    })
}

/// Resolves a query to one article. `explicit` holds the `--lang` tags,
/// `preferences` the whole preference list (explicit tags first).
pub fn resolve(
    glossary: &Glossary,
    query: &str,
    explicit: &[String],
    preferences: &[String],
) -> Result<Resolved, Error> {
    let Some(found) = find_term(glossary, query, preferences) else {
        return Err(not_found(glossary, query));
    };
    let articles = glossary.articles(&found.slug);
    let langs: Vec<String> = articles.iter().map(|a| a.lang.clone()).collect();
    let (pick, note) = if !explicit.is_empty() {
        let pick = lang::best(explicit, &langs).ok_or_else(|| Error::NoLanguage {
            slug: found.slug.clone(),
            wanted: explicit.to_vec(),
            available: langs.clone(),
        })?;
        (pick, None)
    } else if let Some(title_lang) = &found.title_lang {
        (
            langs.iter().position(|l| l == title_lang).unwrap_or(0),
            None,
        )
    } else {
        choose_by_preference(&found.slug, &langs, preferences)
    };
    Ok(Resolved {
        article: articles[pick].clone(),
        langs,
        note,
    })
}

/// The first preferred language the term has; otherwise English, otherwise
/// its first language, with a note when the user had asked for another.
fn choose_by_preference(
    slug: &str,
    langs: &[String],
    preferences: &[String],
) -> (usize, Option<String>) {
    if let Some(pick) = lang::best(preferences, langs) {
        return (pick, None);
    }
    let pick = lang::best(&["en".to_string()], langs).unwrap_or(0);
    let note = (!preferences.is_empty()).then(|| {
        format!(
            "'{slug}' has no article in {}; showing {} (available: {})",
            preferences.join(", "),
            langs[pick],
            langs.join(", ")
        )
    });
    (pick, note)
}

/// The error for a query that matched nothing: a known link target that has
/// no article yet, or near misses to suggest.
pub fn not_found(glossary: &Glossary, query: &str) -> Error {
    let slug = query.trim().to_lowercase();
    if crate::article::is_slug(&slug) {
        let linked_from = glossary.linked_from(&slug);
        if !linked_from.is_empty() {
            return Error::NotWritten { slug, linked_from };
        }
    }
    Error::NotFound {
        term: query.to_string(),
        suggestions: suggestions(glossary, query),
    }
}

/// The characters of `text` hashed into 64 bits. One edit changes the set
/// of characters by at most two, so when the sets of two strings differ in
/// more than `2 * d` bits they are more than `d` edits apart: a cheap test
/// that spares most candidates the full edit distance.
fn char_set(text: &str) -> u64 {
    text.chars().fold(0, |set, c| set | 1 << (c as u32 % 64))
}

/// Longest query worth comparing; past it, edit distances cost more than
/// they could ever help.
const MAX_FUZZY_CHARS: usize = 64;

/// Slugs whose slug or title is within a small edit distance of the query
/// (or starts with it), closest first, at most three.
pub fn suggestions(glossary: &Glossary, query: &str) -> Vec<String> {
    let key = fold(&match_key(query));
    let len = key.chars().count();
    if len == 0 || len > MAX_FUZZY_CHARS {
        return Vec::new();
    }
    let max_distance = (len / 4).clamp(1, 3);
    let mut scored: Vec<(usize, String)> = Vec::new();
    let query_chars = char_set(&key);
    for (candidate, slug) in glossary.folded_keys() {
        let is_prefix = len >= 3 && candidate.starts_with(&key);
        let too_far = || {
            candidate.chars().count().abs_diff(len) > max_distance
                || (char_set(candidate) ^ query_chars).count_ones() as usize > 2 * max_distance
        };
        if !is_prefix && too_far() {
            continue;
        }
        let distance = if is_prefix {
            1
        } else {
            strsim::osa_distance(&key, candidate)
        };
        if distance <= max_distance {
            scored.push((distance, slug.to_string()));
        }
    }
    scored.sort();
    let mut slugs: Vec<String> = Vec::new();
    for (_, slug) in scored {
        if !slugs.contains(&slug) {
            slugs.push(slug);
        }
    }
    slugs.truncate(3);
    slugs
}
