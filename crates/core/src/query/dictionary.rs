//! Dictionary entries for a term: exact headwords first (as each index
//! orders them, so case folded), then headwords equal once case and
//! diacritics are folded, each from the dictionaries `--dict` and `--lang`
//! leave; near misses among headwords become suggestions. The glossary's
//! own article always comes first; this answers what follows it.

use crate::formats::alternatives::{translation_items, unannotated};
use crate::model::dictionary::DictionaryEntry;
use crate::model::lang;
use crate::model::page::Related;
use crate::model::records::{Cell, Records};
use crate::model::text::{char_set, fold, match_key};
use crate::query::lookup::Near;
use crate::store::glossary::Glossary;
use crate::store::source::Dictionary;
use std::sync::mpsc::RecvTimeoutError;
use std::time::Duration;

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

/// One dictionary's entries for `word`, as a page shows them.
fn read(glossary: &Glossary, dictionary: &Dictionary, word: &str) -> Vec<DictionaryEntry> {
    looked_up(dictionary, word)
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

/// Which way a bilingual dictionary answered `--translations`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Direction {
    /// From headword to text: the term is a headword (`eng-swe` for `house`).
    Forward,
    /// From text to headword: the term is one of an entry's translations
    /// (`swe-eng`'s `hus`, whose text is `house`).
    Reverse,
}

impl Direction {
    /// How JSON names it.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Direction::Forward => "forward",
            Direction::Reverse => "reverse",
        }
    }
}

/// One translation of a term: its language and text, and each dictionary
/// it came from with the direction that dictionary was read in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Translation {
    pub(crate) lang: String,
    pub(crate) text: String,
    pub(crate) sources: Vec<(String, Direction)>,
}

/// Translations, one per title (by match key) and language, each with
/// every source that gave it, in the order first found.
#[derive(Default)]
pub(crate) struct Translations {
    pub(crate) rows: Vec<Translation>,
    at: std::collections::HashMap<(String, String), usize>,
}

impl Translations {
    pub(crate) fn add(&mut self, lang: &str, text: &str, sources: Vec<(String, Direction)>) {
        let key = (lang.to_string(), match_key(text));
        match self.at.get(&key) {
            Some(&row) => {
                let known = &mut self.rows[row].sources;
                for source in sources {
                    if !known.contains(&source) {
                        known.push(source);
                    }
                }
            }
            None => {
                self.at.insert(key, self.rows.len());
                self.rows.push(Translation {
                    lang: lang.to_string(),
                    text: text.to_string(),
                    sources,
                });
            }
        }
    }
}

/// Most entries of one dictionary read to see whether the term is among
/// their translations. A word as common as `to` is in thousands of entries
/// of a large pair; the shortest are read (a translation list is short)
/// and the cap is announced.
const MAX_REVERSE_CANDIDATES: usize = 256;

/// `--translations` from bilingual dictionaries (those whose headword and
/// text languages are known and differ, as FreeDict's are), both ways:
/// each translation listed by an entry whose headword is `term`, then each
/// headword of an entry that lists `term` among its translations (from the
/// dictionary's full-text index: one lookup per word of the term, then the
/// few entries it names read). When some dictionary has `term` as a
/// headword, its language is the term's and only dictionaries translating
/// into that language are read in reverse; otherwise every bilingual one
/// is. A translation found more than once in one language is one row with
/// every source.
pub(crate) fn translations(
    glossary: &Glossary,
    term: &str,
    selection: &Selection,
) -> Vec<Translation> {
    let word = term.trim();
    let key = match_key(word);
    if key.is_empty() {
        return Vec::new();
    }
    let bilingual: Vec<(&Dictionary, &str, &str)> = selection
        .of(glossary)
        .filter_map(|d| match d.langs() {
            (Some(from), Some(to)) if lang::primary(from) != lang::primary(to) => {
                Some((d, from.as_str(), to.as_str()))
            }
            _ => None,
        })
        .collect();
    let mut found = Translations::default();
    let mut term_langs: Vec<&str> = Vec::new();
    for &(dictionary, from, to) in &bilingual {
        let entries = looked_up(dictionary, word);
        if !entries.is_empty() && !term_langs.contains(&from) {
            term_langs.push(from);
        }
        for entry in entries {
            for item in translation_items(&entry.text) {
                let source = (dictionary.name.clone(), Direction::Forward);
                found.add(to, item, vec![source]);
            }
        }
    }
    let into_term = |to: &str| {
        term_langs.is_empty()
            || term_langs
                .iter()
                .any(|l| lang::primary(l) == lang::primary(to))
    };
    for &(dictionary, from, _) in bilingual.iter().filter(|(_, _, to)| into_term(to)) {
        for headword in translating(dictionary, word, &key) {
            let source = (dictionary.name.clone(), Direction::Reverse);
            found.add(from, &headword, vec![source]);
        }
    }
    found.rows
}

/// One dictionary's entries for `word`; a damaged one is announced and
/// answers nothing.
fn looked_up(
    dictionary: &Dictionary,
    word: &str,
) -> Vec<crate::store::source::dictionary_lookup::Entry> {
    dictionary.lookup(word).unwrap_or_else(|problem| {
        crate::store::read::announce(&problem);
        Vec::new()
    })
}

/// The headwords of `dictionary` whose entries list `word` (match key
/// `key`) as a whole translation, from its full-text index: the entries
/// holding every search token of `word` (the shortest, past
/// `MAX_REVERSE_CANDIDATES`), each read and its translation list compared.
fn translating(dictionary: &Dictionary, word: &str, key: &str) -> Vec<String> {
    let Some(blob) = search_index(dictionary, "--translations") else {
        return Vec::new();
    };
    let index = crate::store::source::open(&blob);
    let mut candidates: Option<Vec<u32>> = None;
    for token in crate::model::text::tokens(word) {
        let mut rows: Vec<u32> = index
            .tokens_matching(&token, false)
            .flat_map(|row| index.postings(row).1)
            .map(|posting| posting.article)
            .filter(|&row| (row as usize) < index.article_count())
            .collect();
        rows.sort_unstable();
        rows.dedup();
        candidates = Some(match candidates {
            None => rows,
            Some(before) => before
                .into_iter()
                .filter(|r| rows.binary_search(r).is_ok())
                .collect(),
        });
        // No entry has every word so far: the rest cannot add one.
        if candidates.as_ref().is_some_and(Vec::is_empty) {
            break;
        }
    }
    let mut candidates = candidates.unwrap_or_default();
    if candidates.len() > MAX_REVERSE_CANDIDATES {
        crate::store::read::announce(&crate::store::read::Problem::new(
            &dictionary.path,
            None,
            format!(
                "'{}' is in {} entries; --translations reads the {MAX_REVERSE_CANDIDATES} shortest",
                crate::model::text::one_line(word),
                candidates.len()
            ),
        ));
        candidates.sort_by_key(|&row| (index.body_len(row), row));
        candidates.truncate(MAX_REVERSE_CANDIDATES);
        candidates.sort_unstable();
    }
    // Entries sharing a headword are read by one lookup.
    let mut headwords: Vec<&str> = candidates.iter().map(|&row| index.title(row)).collect();
    headwords.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    let mut found: Vec<String> = Vec::new();
    for headword in headwords {
        for entry in looked_up(dictionary, headword) {
            let lists = translation_items(&entry.text)
                .into_iter()
                .any(|item| match_key(&unannotated(item)) == key);
            if lists && !found.contains(&entry.headword) {
                found.push(entry.headword);
            }
        }
    }
    found
}

/// How long building a dictionary's full-text index runs before the user
/// is told why they are waiting.
const SLOW_BUILD: Duration = Duration::from_secs(1);

/// The full-text index of `dictionary` (for `what`, the flag that needs
/// it): kept from an earlier call, or built now in one pass over the
/// dictionary, which a large one takes long enough over to be told (once,
/// on stderr, when it has run for `SLOW_BUILD`). A dictionary that cannot
/// be indexed is announced and answers nothing.
fn search_index(dictionary: &Dictionary, what: &str) -> Option<crate::store::cache::Blob> {
    let note = format!(
        "{}: building its full-text index for {what}, once for this version of the dictionary",
        dictionary.name
    );
    let built = told_if_slow(SLOW_BUILD, &note, crate::store::report::plain, || {
        crate::store::source::dictionary_search::index(dictionary)
    });
    built
        .map_err(|problem| crate::store::read::announce(&problem))
        .ok()
}

/// Runs `work`, and if it is still running after `after`, tells `note`.
fn told_if_slow<T>(
    after: Duration,
    note: &str,
    tell: impl Fn(&str) + Send,
    work: impl FnOnce() -> T,
) -> T {
    let (finished, wait) = std::sync::mpsc::channel::<()>();
    std::thread::scope(|scope| {
        scope.spawn(move || {
            if wait.recv_timeout(after) == Err(RecvTimeoutError::Timeout) {
                tell(note);
            }
        });
        let result = work();
        let _ = finished.send(());
        result
    })
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
        let Some(blob) = search_index(dictionary, "--search") else {
            continue;
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn slow_work_is_told_once_and_quick_work_never() {
        let told = Mutex::new(Vec::new());
        let tell = |note: &str| told.lock().unwrap().push(note.to_string());
        let slow = told_if_slow(Duration::ZERO, "slow", tell, || {
            std::thread::sleep(Duration::from_millis(200));
            1
        });
        let quick = told_if_slow(Duration::from_secs(60), "quick", tell, || 2);
        assert_eq!((slow, quick), (1, 2));
        assert_eq!(*told.lock().unwrap(), ["slow"]);
    }
}
