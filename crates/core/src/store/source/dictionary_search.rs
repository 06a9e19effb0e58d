//! A dictionary's full-text index: built from every entry the first time a
//! `--search --dict` needs it (one pass over the data), in the glossary's
//! own index format, and kept for that version of the dictionary
//! (`dictionary_cache.rs`), so later searches map it instead; a kept index
//! is checked for soundness before it is used.

use super::dictionary::Dictionary;
use super::dictionary_cache;
use crate::store::cache::Blob;
use crate::store::index::{self, Entry, Index};
use crate::store::read::Problem;

/// The search index of `dictionary`, from the cache when it holds this
/// version's, else built (and kept for the next call).
pub(crate) fn index(dictionary: &Dictionary) -> Result<Blob, Problem> {
    let path = dictionary_cache::path(&dictionary.path, "idx");
    let sound = |blob: &Blob| Index::open(blob).is_some_and(|index| index.is_sound());
    if let Some(blob) = path
        .as_deref()
        .and_then(dictionary_cache::read)
        .filter(sound)
    {
        return Ok(blob);
    }
    let (entries, skipped) = dictionary.all_entries()?;
    if skipped > 0 {
        crate::store::read::announce(&Problem::new(
            &dictionary.path,
            None,
            format!("{skipped} entries do not read and are not searched (see gloss --check)"),
        ));
    }
    let lang = dictionary.langs().0.clone().unwrap_or_else(|| "und".into());
    let rows = entries
        .into_iter()
        .enumerate()
        .map(|(number, entry)| Entry {
            // Unique and in order: rows are told apart by number, not word.
            slug: format!("e{number:09}"),
            lang: lang.clone(),
            description: first_line(&entry.text).to_string(),
            title: entry.headword,
            body: entry.text,
            ..Entry::default()
        })
        .collect();
    let blob = index::write(rows);
    if let Some(path) = path {
        dictionary_cache::write(&path, &blob);
    }
    Ok(Blob::Owned(blob))
}

fn first_line(text: &str) -> &str {
    text.lines()
        .map(str::trim)
        .find(|line| !line.is_empty())
        .unwrap_or_default()
}
