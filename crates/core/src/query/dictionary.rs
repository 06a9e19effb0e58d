//! Dictionary entries for a term: exact headwords first (as each index
//! orders them, so case folded), then headwords equal once case and
//! diacritics are folded, each from the dictionaries `--dict` and `--lang`
//! leave; near misses among headwords become suggestions. The glossary's
//! own article always comes first; this answers what follows it.

use crate::model::dictionary::DictionaryEntry;
use crate::model::lang;
use crate::model::page::Related;
use crate::model::records::{Cell, Records};
use crate::model::text::{char_set, fold, match_key};
use crate::query::lookup::Near;
use crate::store::glossary::Glossary;
use crate::store::source::Dictionary;

/// Which dictionaries a call reads: those `--dict` names (all when none),
/// and of those the ones whose languages serve `--lang` (all when no
/// `--lang`, or when a dictionary does not say its languages).
pub(crate) struct Selection<'a> {
    pub(crate) names: &'a [String],
    pub(crate) langs: &'a [String],
}

impl Selection<'_> {
    fn keeps(&self, dictionary: &Dictionary) -> bool {
        let named = self.names.is_empty() || self.names.contains(&dictionary.name);
        // Its languages only when asked: a dictd database's are in its
        // headers.
        let serves = || {
            let (from, to) = dictionary.langs();
            let known: Vec<&str> = [from, to]
                .into_iter()
                .flatten()
                .map(String::as_str)
                .collect();
            known.is_empty()
                || self
                    .langs
                    .iter()
                    .any(|wanted| known.iter().any(|have| lang::serves(wanted, have)))
        };
        named && (self.langs.is_empty() || serves())
    }

    /// The dictionaries kept, in the glossary's order.
    pub(crate) fn of<'g>(
        &'g self,
        glossary: &'g Glossary,
    ) -> impl Iterator<Item = &'g Dictionary> + 'g {
        glossary.dictionaries().filter(move |d| self.keeps(d))
    }
}

/// Most entries one call shows across its dictionaries.
const MAX_SHOWN: usize = 64;

/// The entries for `term`, each dictionary's in its order; with `folded`,
/// when no headword is `term` as typed, those that are with case and
/// diacritics folded (a pass over every headword).
pub(crate) fn entries(
    glossary: &Glossary,
    term: &str,
    selection: &Selection,
    folded: bool,
) -> Vec<DictionaryEntry> {
    let word = term.trim();
    if word.is_empty() {
        return Vec::new();
    }
    let mut found = Vec::new();
    for dictionary in selection.of(glossary) {
        found.extend(read(glossary, dictionary, word));
    }
    if found.is_empty() && folded {
        // Folded: `Cafe` for `café`, a bisection in each dictionary's table
        // of folded keys.
        let key = fold(&match_key(word));
        for dictionary in selection.of(glossary) {
            for spelling in dictionary.folded_spellings(&key).into_iter().take(4) {
                found.extend(read(glossary, dictionary, &spelling));
            }
        }
    }
    found.truncate(MAX_SHOWN);
    found
}

/// One dictionary's entries for `word`; a damaged one is announced and
/// answers nothing.
fn read(glossary: &Glossary, dictionary: &Dictionary, word: &str) -> Vec<DictionaryEntry> {
    let entries = match dictionary.lookup(word) {
        Ok(entries) => entries,
        Err(problem) => {
            crate::store::read::announce(&problem);
            return Vec::new();
        }
    };
    entries
        .into_iter()
        .map(|entry| DictionaryEntry {
            dictionary: dictionary.name.clone(),
            title: dictionary.title().to_string(),
            headword_lang: dictionary.langs().0.clone(),
            definition_lang: dictionary.langs().1.clone(),
            related: entry
                .refs
                .iter()
                .map(|word| Related {
                    in_glossary: known(glossary, dictionary, word),
                    slug: word.clone(),
                    text: word.clone(),
                })
                .collect(),
            headword: entry.headword,
            text: entry.text,
        })
        .collect()
}

/// Whether a cross reference leads anywhere: the dictionary has the
/// headword (one bisection) or the glossary has the term.
fn known(glossary: &Glossary, dictionary: &Dictionary, word: &str) -> bool {
    dictionary.has(word) || crate::query::lookup::find_term(glossary, word, &[]).is_some()
}

/// Headwords near `term` by the glossary's did-you-mean rule
/// (`lookup::Near`), closest first, at most three: each dictionary's table
/// of folded keys is read in the lengths the distance allows and, for
/// headwords extending the term, by bisection.
pub(crate) fn suggestions(glossary: &Glossary, term: &str, selection: &Selection) -> Vec<String> {
    let Some(mut near) = Near::new(term) else {
        return Vec::new();
    };
    let key = near.key().to_string();
    let mut scored: Vec<(usize, &str, &Dictionary)> = Vec::new();
    for dictionary in selection.of(glossary) {
        let keys = dictionary.keys();
        let rows = keys.of_lengths(near.lengths());
        for row in rows.chain(keys.extending(&key)) {
            if let Some(distance) = near.distance(row.chars, row.set, || row.key) {
                scored.push((distance, row.headword, dictionary));
            }
        }
    }
    scored.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    let mut words: Vec<String> = Vec::new();
    for (_, word, dictionary) in scored {
        if words.len() == 3 {
            break;
        }
        if words.iter().any(|w| w.eq_ignore_ascii_case(word)) {
            continue;
        }
        // The table is input: a word is offered only if its own key is
        // near and the dictionary has it.
        let key = fold(&match_key(word));
        let sound = near
            .distance(key.chars().count(), char_set(&key), || &key)
            .is_some()
            && dictionary.has(word);
        if sound {
            words.push(word.to_string());
        }
    }
    words
}

/// `--list --dict NAME`: every headword of the named dictionaries, in
/// each one's index order, with the dictionary it is in.
pub(crate) fn headwords(glossary: &Glossary, selection: &Selection) -> Records<'static> {
    let mut rows = Vec::new();
    for dictionary in selection.of(glossary) {
        for headword in dictionary.headwords() {
            rows.push(vec![
                Cell::from(headword),
                Cell::from(dictionary.name.clone()),
            ]);
        }
    }
    Records::new(&["headword", "dictionary"], 2, rows)
}

/// `--translations` from bilingual dictionaries (those whose headword and
/// definition languages are known and differ, as FreeDict's are): each
/// line of each entry for `term`, with its language and dictionary.
pub(crate) fn translations(
    glossary: &Glossary,
    term: &str,
    selection: &Selection,
) -> Vec<(String, String, String)> {
    let mut rows: Vec<(String, String, String)> = Vec::new();
    for entry in entries(glossary, term, selection, false) {
        let (Some(from), Some(to)) = (&entry.headword_lang, &entry.definition_lang) else {
            continue;
        };
        if from == to {
            continue;
        }
        for line in entry.text.lines().map(str::trim) {
            let pronunciation = line.starts_with('/') && line.ends_with('/');
            let row = (to.clone(), line.to_string(), entry.dictionary.clone());
            if !line.is_empty() && !pronunciation && !rows.contains(&row) {
                rows.push(row);
            }
        }
    }
    rows
}

/// `--search WORDS --dict NAME`: the entries of the named dictionaries
/// whose headword or text has every word (the last also as a prefix), best
/// first, from each one's full-text index (built once per version of the
/// dictionary and cached). No hits is the search's own error.
pub(crate) fn search(
    glossary: &Glossary,
    words: &str,
    selection: &Selection,
) -> Result<Records<'static>, crate::model::error::Error> {
    use crate::query::search::{score_layer, Query};
    let query = Query::parse(words)?;
    if query.is_empty() {
        return Err(crate::model::error::Error::no_search_words());
    }
    let mut hits: Vec<(f64, String, String, String)> = Vec::new();
    for dictionary in selection.of(glossary) {
        let blob = match crate::store::source::dictionary_search::index(dictionary) {
            Ok(blob) => blob,
            Err(problem) => {
                crate::store::read::announce(&problem);
                continue;
            }
        };
        let index = crate::store::source::open(&blob);
        for (row, score) in score_layer(&index, &query) {
            hits.push((
                score,
                index.title(row).to_string(),
                dictionary.name.clone(),
                index.description(row).to_string(),
            ));
        }
    }
    if hits.is_empty() {
        return Err(crate::model::error::Error::NoHits(words.to_string()));
    }
    hits.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then_with(|| (&a.1, &a.2).cmp(&(&b.1, &b.2)))
    });
    let rows = hits
        .into_iter()
        .map(|(score, headword, dictionary, first)| {
            vec![
                Cell::from(headword),
                Cell::from(dictionary),
                Cell::from(first),
                Cell::from((score * 1000.0).round() / 1000.0),
            ]
        })
        .collect();
    Ok(Records::new(
        &["headword", "dictionary", "first_line", "score"],
        3,
        rows,
    ))
}
