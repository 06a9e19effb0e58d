//! The dictionaries a call reads, as the request says (`--dict`,
//! `--no-dictionaries`, `--data-dir`, the config file's `dictionaries`),
//! and what they add to a lookup: their entries after the article, their
//! headwords among the suggestions for a miss.

use super::config::Config;
use super::request::Request;
use crate::model::error::Error;
use crate::model::records::{Cell, Records};
use crate::query::dictionary::{self, Direction, Selection, Translations};
use crate::store::glossary::Glossary;
use crate::store::paths;
use crate::store::read::Problem;
use crate::store::source::places;
use crate::store::source::Source;
use std::path::PathBuf;

/// Every dictionary the store finds for `data_dirs` (`store/source/places.rs`),
/// with the languages the config file gives them.
pub(crate) fn all(data_dirs: &[PathBuf], config: &Config) -> Vec<Box<dyn Source>> {
    let mut opened = places::open_all(data_dirs);
    configure(&mut opened, config);
    opened
}

/// The dictionaries this call reads; a `--dict` name none of them has is
/// a usage error naming those there are.
pub(crate) fn open(request: &Request, config: &Config) -> Result<Vec<Box<dyn Source>>, Error> {
    if !request.dictionaries || (request.dicts.is_empty() && !request.mode.reads_dictionaries()) {
        return Ok(Vec::new());
    }
    let opened = all(&request.data_dirs, config);
    if let Some(missing) = request
        .dicts
        .iter()
        .find(|name| opened.iter().all(|s| s.name() != Some(name.as_str())))
    {
        let names: Vec<&str> = opened.iter().filter_map(|s| s.name()).collect();
        let have = match names.is_empty() {
            true => "none found; see --show-paths".to_string(),
            false => names.join(", "),
        };
        return Err(Error::Usage(format!(
            "no dictionary named '{}' (dictionaries: {have})",
            crate::model::error::shown(missing)
        )));
    }
    Ok(opened)
}

/// The config file's `dictionary_langs` over what the files say.
pub(crate) fn configure(sources: &mut [Box<dyn Source>], config: &Config) {
    for dictionary in sources.iter_mut().filter_map(|s| s.dictionary_mut()) {
        if let Some((_, langs)) = config
            .dictionary_langs
            .iter()
            .find(|(name, _)| *name == dictionary.name)
        {
            dictionary.set_langs(langs.clone());
        }
    }
}

/// What `--show-paths` lists after the glossary's folders: the dictionary
/// folders that exist (the places looked in are in the README), and each
/// dictionary read, by the name `--dict` takes.
pub(crate) fn places(glossary: &Glossary, request: &Request) -> Vec<(String, PathBuf)> {
    if !request.dictionaries {
        return Vec::new();
    }
    let folders = paths::dictionary_folders()
        .into_iter()
        .filter(|(_, path)| path.is_dir())
        .map(|(kind, path)| (kind.label().to_string(), path));
    let dictionaries = glossary
        .dictionaries()
        .map(|d| (format!("dictionary {}", d.name), d.path.clone()));
    folders.chain(dictionaries).collect()
}

fn selection(request: &Request) -> Selection<'_> {
    Selection {
        names: &request.dicts,
        langs: &request.explicit_langs,
    }
}

/// The entries the request's dictionaries have for its term.
pub(crate) fn entries(
    glossary: &Glossary,
    request: &Request,
    folded: bool,
) -> Vec<crate::model::dictionary::DictionaryEntry> {
    dictionary::entries(glossary, &request.term, &selection(request), folded)
}

/// A miss, with near headwords added to the glossary's suggestions.
pub(crate) fn suggest(glossary: &Glossary, request: &Request, error: Error) -> Error {
    match error {
        Error::NotFound {
            term,
            mut suggestions,
        } => {
            for word in dictionary::suggestions(glossary, &request.term, &selection(request)) {
                if suggestions.len() < 5 && !suggestions.contains(&word) {
                    suggestions.push(word);
                }
            }
            Error::NotFound { term, suggestions }
        }
        other => other,
    }
}

/// `--check`'s dictionaries: with no paths named, every dictionary the
/// call reads; otherwise those the named paths are (an index file) or hold.
/// Each problem is one line naming the dictionary. Returns the problems,
/// how many dictionaries were checked, and the paths left for the folder
/// check (the named folders; a dictionary file is not one).
pub(crate) fn check(glossary: &Glossary, dirs: &[PathBuf]) -> (Vec<Problem>, usize, Vec<PathBuf>) {
    let mut problems = Vec::new();
    let mut checked = 0;
    if dirs.is_empty() {
        for dictionary in glossary.dictionaries() {
            problems.extend(dictionary.check());
            checked += 1;
        }
        return (problems, checked, Vec::new());
    }
    let mut folders = Vec::new();
    for path in dirs {
        let candidates = match path.is_dir() {
            true => {
                folders.push(path.clone());
                places::discover(path, true)
            }
            false if places::is_source(path) => vec![path.clone()],
            false => {
                folders.push(path.clone());
                Vec::new()
            }
        };
        for candidate in candidates {
            checked += 1;
            match places::open(&candidate) {
                Ok(source) => problems.extend(source.problems()),
                Err(problem) => problems.push(problem),
            }
        }
    }
    // A folder of dictionaries is not a glossary folder to check.
    folders.retain(|folder| places::discover(folder, true).is_empty());
    (problems, checked, folders)
}

/// `--list` with `--dict`: the named dictionaries' headwords.
pub(crate) fn list(glossary: &Glossary, request: &Request) -> Records<'static> {
    dictionary::headwords(glossary, &selection(request))
}

/// `--translations`: the glossary's, then bilingual dictionaries' for the
/// same term, read both ways (`query/dictionary.rs`); a term only
/// dictionaries have answers with theirs alone. With dictionaries, a
/// third column names where each came from (`glossary`, a dictionary's
/// name, or its name and `(reversed)` when the term was found among its
/// translations), and JSON adds `dictionaries` and their `directions`
/// (`forward`, `reverse`). One title in one language is one row, with
/// every source.
pub(crate) fn translations<'g>(
    glossary: &'g Glossary,
    request: &Request,
    from_glossary: Result<Records<'g>, Error>,
) -> Result<Records<'g>, Error> {
    let found = dictionary::translations(glossary, &request.term, &selection(request));
    if found.is_empty() {
        return match from_glossary {
            Err(error) => Err(suggest(glossary, request, error)),
            found => found,
        };
    }
    let mut rows = Translations::default();
    match from_glossary {
        Ok(records) => {
            for row in &records.rows {
                if let (Some(Cell::Text(lang)), Some(Cell::Text(title))) = (row.first(), row.get(1))
                {
                    rows.add(lang, title, Vec::new());
                }
            }
        }
        Err(Error::NotFound { .. }) => {}
        Err(error) => return Err(error),
    }
    let glossary_rows = rows.rows.len();
    for translation in found {
        rows.add(&translation.lang, &translation.text, translation.sources);
    }
    let cells = rows
        .rows
        .into_iter()
        .enumerate()
        .map(|(number, row)| {
            let mut labels: Vec<Cell> = Vec::new();
            if number < glossary_rows {
                labels.push(Cell::from("glossary"));
            }
            labels.extend(row.sources.iter().map(|(name, direction)| {
                Cell::from(match direction {
                    Direction::Forward => name.clone(),
                    Direction::Reverse => format!("{name} (reversed)"),
                })
            }));
            let (names, directions) = row
                .sources
                .iter()
                .map(|(name, direction)| (Cell::from(name.clone()), Cell::from(direction.name())))
                .unzip();
            vec![
                Cell::from(row.lang),
                Cell::from(row.text),
                Cell::List(labels),
                Cell::List(names),
                Cell::List(directions),
            ]
        })
        .collect();
    Ok(Records::new(
        &["lang", "title", "source", "dictionaries", "directions"],
        3,
        cells,
    ))
}

/// `--search` with `--dict`: the named dictionaries' entries.
pub(crate) fn search(glossary: &Glossary, request: &Request) -> Result<Records<'static>, Error> {
    dictionary::search(glossary, &request.term, &selection(request))
}
