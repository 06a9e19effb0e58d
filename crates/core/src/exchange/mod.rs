//! Term bases in and out of the glossary: the glossary as TBX, TSV or CSV
//! (`--export`), and TBX, CSV or PO files written into a folder as articles
//! (`--import`). The formats themselves are `formats::termbase`'s; this layer
//! reads the files, gathers the entries by slug and writes articles through
//! the store, all or nothing. It sits above the store (it reads the glossary
//! and writes folders) and below the queries, none of which it asks.

mod import;

pub(crate) use import::write;

use crate::formats::termbase::{
    self, bad, slugify, too_many, Entry, Reader, Term, MAX_IMPORT_ENTRIES,
};
use crate::model::error::Error;
use crate::model::lang;
use crate::model::text::one_line;
use crate::store::glossary::Glossary;
use crate::store::read;
use std::path::{Path, PathBuf};

/// The largest file `--import` reads: a term base of 100,000 entries is a
/// few megabytes; anything far larger is refused before it is parsed.
pub(crate) const MAX_IMPORT_BYTES: u64 = 32 << 20;

/// The whole glossary (bundle and folders, each article from the layer that
/// wins) as entries, in slug order; only `langs` when some are named.
pub(crate) fn entries(glossary: &Glossary, langs: &[String]) -> Vec<Entry> {
    let slugs: Vec<&str> = glossary.terms("").map(|term| term.slug).collect();
    let entries = crate::store::parallel::map(&slugs, |slug| {
        let terms: Vec<Term> = glossary
            .articles(slug)
            .into_iter()
            .filter(|article| {
                langs.is_empty() || langs.iter().any(|l| lang::serves(l, &article.lang))
            })
            .filter_map(|article| glossary.load(&article).ok())
            .map(|article| Term {
                lang: article.lang,
                title: article.front.title,
                definition: article.front.description,
                notes: Vec::new(),
                aliases: article.front.aliases,
                avoid: article.front.avoid,
            })
            .collect();
        Entry {
            slug: Some(slug.to_string()),
            line: 0,
            terms,
        }
    });
    entries
        .into_iter()
        .filter(|e| !e.terms.is_empty())
        .collect()
}

/// Reads a term-base file with the reader its extension names, else the
/// one its first characters suggest (`formats::termbase`), through the
/// store's bounded reading. What is left out is said in `warnings`.
pub(crate) fn read(path: &Path, warnings: &mut Vec<String>) -> Result<Vec<Entry>, Error> {
    let problem = |p: read::Problem| Error::Data(p.to_string());
    let named = path
        .extension()
        .and_then(|e| e.to_str())
        .and_then(termbase::reader_named);
    let reader = match named {
        // Read as bytes alone: the file says its own charset.
        Some(reader @ Reader::Bytes(_)) => reader,
        named => {
            let head = read::read_prefix(path, 4096, false).map_err(problem)?;
            named.unwrap_or_else(|| termbase::reader_of(&head))
        }
    };
    let entries = match reader {
        Reader::Bytes(parse) => {
            let bytes = read::read_bytes(path, MAX_IMPORT_BYTES, true).map_err(problem)?;
            parse(path, &bytes, warnings)?
        }
        Reader::Text(parse) => {
            let text = read::read_prefix(path, MAX_IMPORT_BYTES, true).map_err(problem)?;
            parse(path, &text)?
        }
        Reader::Stream(parse) => {
            let file = read::open_bounded(path, MAX_IMPORT_BYTES).map_err(problem)?;
            parse(path, &mut std::io::BufReader::new(file))?
        }
    };
    // A reader that streams refuses one entry too many as it reads; one
    // given the whole file is held to the same limit here.
    if entries.len() > MAX_IMPORT_ENTRIES {
        return Err(too_many(path, entries[MAX_IMPORT_ENTRIES].line));
    }
    Ok(entries)
}

/// What several files given to one `--import` come to.
pub(crate) struct Read {
    /// Every entry with its slug set; one entry per slug.
    pub(crate) entries: Vec<Entry>,
    /// What was left out: terms without a slug, definitions that differ
    /// between the files (the first file's kept).
    pub(crate) warnings: Vec<String>,
}

/// Reads every file and joins the entries that have one slug into one
/// term: the same term in the same language from two files must have one
/// title (else nothing is imported); where only the definitions differ,
/// the first file's is kept and that is said. One slug twice in one file
/// is the error it always was.
pub(crate) fn read_all(paths: &[PathBuf]) -> Result<Read, Error> {
    let mut entries: Vec<Entry> = Vec::new();
    let mut by_slug: std::collections::HashMap<String, usize> = Default::default();
    // Where each (slug, language) came from: the file's index and line.
    let mut from: std::collections::HashMap<(String, String), (usize, usize)> = Default::default();
    let mut differ: Vec<String> = Vec::new();
    let mut warnings = Vec::new();
    for (index, path) in paths.iter().enumerate() {
        for entry in read(path, &mut warnings)? {
            let slug = slug_of(path, &entry)?;
            let at = *by_slug.entry(slug.clone()).or_insert_with(|| {
                entries.push(Entry {
                    slug: Some(slug.clone()),
                    line: entry.line,
                    terms: Vec::new(),
                });
                entries.len() - 1
            });
            for term in entry.terms {
                let key = (slug.clone(), term.lang.clone());
                let Some(&(first_file, first_line)) = from.get(&key) else {
                    from.insert(key, (index, entry.line));
                    entries[at].terms.push(term);
                    continue;
                };
                if first_file == index {
                    let message = format!(
                        "'{slug}' in {} again (first at line {first_line})",
                        term.lang
                    );
                    return Err(bad(path, Some(entry.line), message));
                }
                let Some(kept) = entries[at].terms.iter().find(|t| t.lang == term.lang) else {
                    continue;
                };
                if kept.title != term.title {
                    let message = format!(
                        "'{slug}' in {} is '{}' here and '{}' in {}; nothing was written",
                        term.lang,
                        crate::model::error::shown(&term.title),
                        crate::model::error::shown(&kept.title),
                        paths[first_file].display()
                    );
                    return Err(bad(path, Some(entry.line), message));
                }
                if kept.definition != term.definition || kept.notes != term.notes {
                    differ.push(format!("'{slug}' in {}", term.lang));
                }
            }
        }
    }
    if let Some(first) = differ.first() {
        warnings.push(format!(
            "{} term(s) have other definitions in a later file (the first: {first}); the first file's are kept",
            differ.len()
        ));
    }
    Ok(Read { entries, warnings })
}

/// Leaves out the articles that `into` already has exactly as they would
/// be written (importing a file again, or one more language of a glossary
/// already imported, is no conflict); returns how many were left out.
pub(crate) fn drop_unchanged(entries: &mut Vec<Entry>, into: &Path) -> usize {
    let mut unchanged = 0;
    for entry in entries.iter_mut() {
        let Some(slug) = entry.slug.clone() else {
            continue;
        };
        entry.terms.retain(|term| {
            let file = into.join(&slug).join(format!("{}.md", term.lang));
            let same = read::read_prefix(&file, MAX_IMPORT_BYTES, true)
                .is_ok_and(|text| text == article_text(term));
            unchanged += usize::from(same);
            !same
        });
    }
    entries.retain(|entry| !entry.terms.is_empty());
    unchanged
}

/// The slug an imported entry is written under.
pub(super) fn slug_of(path: &Path, entry: &Entry) -> Result<String, Error> {
    if let Some(slug) = &entry.slug {
        return Ok(slug.clone());
    }
    let english = entry.terms.iter().find(|t| lang::primary(&t.lang) == "en");
    let term = english
        .or(entry.terms.first())
        .ok_or_else(|| bad(path, Some(entry.line), "entry has no term"))?;
    slugify(&term.title).ok_or_else(|| {
        bad(
            path,
            Some(entry.line),
            format!(
                "term '{}' makes no usable slug (it needs letters or digits)",
                crate::model::error::shown(&term.title)
            ),
        )
    })
}

/// An article file for one term in one language. Values are written as
/// JSON strings, which YAML reads as double-quoted scalars: no title can
/// break out of its line.
pub(super) fn article_text(term: &Term) -> String {
    let quote = |text: &str| serde_json::to_string(&one_line(text)).unwrap_or_default();
    let title = one_line(&term.title);
    let description = match one_line(&term.definition) {
        blank if blank.is_empty() => title.clone(),
        description => description,
    };
    let mut text = format!(
        "---\ntitle: {}\ndescription: {}\n",
        quote(&title),
        quote(&description)
    );
    // A JSON list is a YAML flow sequence, each item quoted as above.
    for (key, list) in [("aliases", &term.aliases), ("avoid", &term.avoid)] {
        let items: Vec<String> = list.iter().map(|item| quote(item)).collect();
        if !items.is_empty() {
            text.push_str(&format!("{key}: [{}]\n", items.join(", ")));
        }
    }
    text.push_str(&format!("---\n\n# {title}\n"));
    // Notes keep their lines, but what gloss writes is sanitised as what
    // it shows: a control character in a TBX note would drive the
    // terminal of whoever runs `cat` on the article.
    for note in &term.notes {
        text.push('\n');
        text.push_str(crate::model::text::sanitize(note).trim());
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_cannot_break_out_of_front_matter() {
        let term = Term {
            lang: "en".into(),
            title: "A\n---\ninjected: yes".into(),
            definition: "\"quoted\": {x}".into(),
            notes: vec!["Note.".into()],
            aliases: vec!["B\", injected: [".into()],
            avoid: vec!["C]".into()],
        };
        let text = article_text(&term);
        let article = crate::model::article::parse("a", "en", &text).unwrap();
        assert_eq!(article.front.title, "A --- injected: yes");
        assert_eq!(article.front.description, "\"quoted\": {x}");
        assert_eq!(article.front.aliases, ["B\", injected: ["]);
        assert_eq!(article.front.avoid, ["C]"]);
        assert!(article.front.unknown_keys.is_empty());
    }
}
