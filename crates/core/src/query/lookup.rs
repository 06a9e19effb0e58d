//! From what the user typed to one article: slug, title in any language or
//! diacritic-folded title; then the language, from `--lang`, the title's own
//! language, or the preference list. Near misses become suggestions.

use crate::model::error::Error;
use crate::model::lang;
use crate::model::text::{char_set, fold, match_key};
use crate::store::glossary::{ArticleRef, Glossary};

/// The article chosen for a query, and a note for stderr when its language
/// is not one the user prefers.
#[derive(Debug)]
pub(crate) struct Resolved {
    pub(crate) article: ArticleRef,
    /// Every language the term has.
    pub(crate) langs: Vec<String>,
    pub(crate) note: Option<String>,
}

/// What the query matched: a term, and the language of the title it named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TermMatch {
    pub(crate) slug: String,
    pub(crate) title_lang: Option<String>,
}

/// Finds the term a query names. `preferences` breaks ties between titles
/// that match in several languages or terms.
pub(crate) fn find_term(
    glossary: &Glossary,
    query: &str,
    preferences: &[String],
) -> Option<TermMatch> {
    let lowered = query.trim().to_lowercase();
    if crate::model::article::is_slug(&lowered) && glossary.has_term(&lowered) {
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
pub(crate) fn resolve(
    glossary: &Glossary,
    query: &str,
    explicit: &[String],
    preferences: &[String],
) -> Result<Resolved, Error> {
    let Some(found) = find_term(glossary, query, preferences) else {
        return Err(not_found(glossary, query));
    };
    let all = glossary.articles(&found.slug);
    if !explicit.is_empty() {
        // Asked for by language, a broken article is shown as its error.
        let langs: Vec<String> = all.iter().map(|a| a.lang.clone()).collect();
        let pick = lang::best_serving(explicit, &langs).ok_or_else(|| Error::NoLanguage {
            slug: found.slug.clone(),
            wanted: explicit.to_vec(),
            available: langs.clone(),
        })?;
        return Ok(Resolved {
            article: all[pick].clone(),
            langs,
            note: None,
        });
    }
    // Otherwise a broken file never stands in the way of a healthy one.
    let healthy: Vec<ArticleRef> = all.iter().filter(|a| !a.is_broken()).cloned().collect();
    let articles = if healthy.is_empty() { all } else { healthy };
    let langs: Vec<String> = articles.iter().map(|a| a.lang.clone()).collect();
    let (pick, note) = match &found.title_lang {
        Some(title_lang) => (
            langs.iter().position(|l| l == title_lang).unwrap_or(0),
            None,
        ),
        None => choose_by_preference(&found.slug, &langs, preferences),
    };
    Ok(Resolved {
        article: articles[pick].clone(),
        langs,
        note,
    })
}

/// The first preferred language the term has; otherwise English, otherwise
/// its first language, with a note when that is not what the user asked
/// for (another region or script of a preferred language included).
fn choose_by_preference(
    slug: &str,
    langs: &[String],
    preferences: &[String],
) -> (usize, Option<String>) {
    let (pick, served) = match lang::best(preferences, langs) {
        Some(pick) => (
            pick,
            preferences
                .iter()
                .any(|wanted| lang::serves(wanted, &langs[pick])),
        ),
        None => (lang::best(&["en".to_string()], langs).unwrap_or(0), false),
    };
    let note = (!served && !preferences.is_empty()).then(|| {
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
pub(crate) fn not_found(glossary: &Glossary, query: &str) -> Error {
    let slug = query.trim().to_lowercase();
    if crate::model::article::is_slug(&slug) {
        if let Some(problem) = glossary.unreadable_term(&slug) {
            return Error::Data(problem.to_string());
        }
        let linked_from = glossary.backlinks(&slug);
        if !linked_from.is_empty() {
            return Error::NotWritten { slug, linked_from };
        }
    }
    Error::NotFound {
        term: query.to_string(),
        suggestions: suggestions(glossary, query),
    }
}

/// The optimal-string-alignment distance (edits, with adjacent swaps as one)
/// between `a` and `b` if it is at most `max`. Only cells within `max` of
/// the diagonal are computed, and it gives up as soon as a whole row exceeds
/// `max`: across a large glossary this is most of the cost of a miss, which
/// is why it is not `strsim::osa_distance` (the tests compare the two).
pub(crate) fn osa_within(a: &[char], b: &[char], max: usize) -> Option<usize> {
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > max {
        return None;
    }
    let over = max + 1;
    let mut before: Vec<usize> = vec![over; m + 1];
    let mut previous: Vec<usize> = (0..=m).map(|j| j.min(over)).collect();
    let mut current: Vec<usize> = vec![over; m + 1];
    for i in 1..=n {
        current.fill(over);
        current[0] = i.min(over);
        let mut row_min = current[0];
        for j in i.saturating_sub(max).max(1)..=(i + max).min(m) {
            let substitution = previous[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            let mut cell = substitution.min(previous[j] + 1).min(current[j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                cell = cell.min(before[j - 2] + 1);
            }
            current[j] = cell.min(over);
            row_min = row_min.min(current[j]);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    (previous[m] <= max).then_some(previous[m])
}

/// Longest query worth comparing; past it, edit distances cost more than
/// they could ever help.
const MAX_FUZZY_CHARS: usize = 64;

/// The did-you-mean rule, for the glossary's titles and dictionaries'
/// headwords alike: a folded key within a small edit distance of the
/// query's (one edit per four characters, one to three), or extending it
/// (for a query of three characters or more), which counts as one edit.
pub(crate) struct Near {
    key: String,
    chars: Vec<char>,
    set: u64,
    max: usize,
    candidate: Vec<char>,
}

impl Near {
    /// The rule for `query`; `None` for an empty query or one too long to
    /// compare.
    pub(crate) fn new(query: &str) -> Option<Near> {
        let key = fold(&match_key(query));
        let chars: Vec<char> = key.chars().collect();
        if chars.is_empty() || chars.len() > MAX_FUZZY_CHARS {
            return None;
        }
        Some(Near {
            set: char_set(&key),
            max: (chars.len() / 4).clamp(1, 3),
            key,
            chars,
            candidate: Vec::new(),
        })
    }

    /// The query's folded key.
    pub(crate) fn key(&self) -> &str {
        &self.key
    }

    /// The lengths, in characters, a key within the distance can have.
    pub(crate) fn lengths(&self) -> std::ops::RangeInclusive<usize> {
        self.chars.len().saturating_sub(self.max)..=self.chars.len() + self.max
    }

    /// The distance of a key of `chars` characters whose `char_set` is
    /// `set` and whose text `text` gives (asked only when the counts leave
    /// it possible), if it is near.
    pub(crate) fn distance<'t>(
        &mut self,
        chars: usize,
        set: u64,
        text: impl FnOnce() -> &'t str,
    ) -> Option<usize> {
        let len = self.chars.len();
        let near = chars.abs_diff(len) <= self.max
            && (set ^ self.set).count_ones() as usize <= 2 * self.max;
        // A prefix's characters are all in the key's set.
        let may_extend = len >= 3 && chars > len && self.set & !set == 0;
        if !near && !may_extend {
            return None;
        }
        let text = text();
        if may_extend && text.starts_with(&self.key) {
            return Some(1);
        }
        if !near {
            return None;
        }
        self.candidate.clear();
        self.candidate.extend(text.chars());
        osa_within(&self.chars, &self.candidate, self.max)
    }
}

/// Slugs whose slug or title is within a small edit distance of the query
/// (or starts with it), closest first, at most three.
pub(crate) fn suggestions(glossary: &Glossary, query: &str) -> Vec<String> {
    let Some(mut near) = Near::new(query) else {
        return Vec::new();
    };
    let mut scored: Vec<(usize, String)> = Vec::new();
    for layer in glossary.layers() {
        let index = layer.index();
        for key_row in index.folded_keys() {
            let text = || index.folded_key(key_row.row);
            if let Some(distance) = near.distance(key_row.chars as usize, key_row.char_set, text) {
                scored.push((distance, index.term(key_row.term).slug.to_string()));
            }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_distance_agrees_with_strsim() {
        let words = [
            "soft sell",
            "sotf sell",
            "soft",
            "sell soft",
            "mjuk salj",
            "mjuk salg",
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "ca",
            "продажа",
            "продажи",
            "hard sell",
            "soft selling",
        ];
        for a in words {
            for b in words {
                let full = strsim::osa_distance(a, b);
                let (ca, cb): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
                for max in 0..4 {
                    let expected = (full <= max).then_some(full);
                    assert_eq!(osa_within(&ca, &cb, max), expected, "{a:?} {b:?} max {max}");
                }
            }
        }
    }

    #[test]
    fn char_sets_bound_the_distance() {
        for (a, b) in [
            ("soft sell", "sotf sell"),
            ("mjuk salj", "mjuk salg"),
            ("abc", "xyz"),
        ] {
            let differing = (char_set(a) ^ char_set(b)).count_ones() as usize;
            assert!(differing <= 2 * strsim::osa_distance(a, b), "{a} {b}");
        }
    }
}
