//! Term bases in and out: the glossary as TBX, TSV or CSV (`--export`), and
//! TBX, CSV or PO files written into a folder as articles (`--import`). The
//! formats are read and written by crates (quick-xml, csv); this module
//! gathers the entries and writes articles, all or nothing.

pub(crate) mod csv;
pub(crate) mod po;
pub(crate) mod tbx;

use crate::model::error::Error;
use crate::model::lang;
use crate::model::text::one_line;
use crate::store::glossary::Glossary;
use crate::store::read::{self, Problem};
use std::path::{Path, PathBuf};

/// The largest file `--import` reads: a term base of 100,000 entries is a
/// few megabytes; anything far larger is refused before it is parsed.
pub(crate) const MAX_IMPORT_BYTES: u64 = 32 << 20;

/// One concept: a term in one or more languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    /// The glossary slug: set on export; on import, the entry's id where the
    /// file says its ids are slugs, else derived from a term.
    pub(crate) slug: Option<String>,
    /// The line the entry starts on, for messages.
    pub(crate) line: usize,
    pub(crate) terms: Vec<Term>,
}

/// A concept in one language.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Term {
    pub(crate) lang: String,
    /// The preferred term.
    pub(crate) title: String,
    pub(crate) definition: String,
    pub(crate) notes: Vec<String>,
    /// Admitted terms (the article's aliases).
    pub(crate) aliases: Vec<String>,
    /// Deprecated terms (the article's `avoid:` list).
    pub(crate) avoid: Vec<String>,
}

/// An input file that cannot be imported: the file, the line, what is wrong.
pub(crate) fn bad(path: &Path, line: Option<usize>, message: impl Into<String>) -> Error {
    Error::Data(Problem::new(path, line, message).to_string())
}

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

/// Reads a TBX, CSV or PO file: by its extension, else by its first
/// character. What is left out is said in `warnings`.
pub(crate) fn read(path: &Path, warnings: &mut Vec<String>) -> Result<Vec<Entry>, Error> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if matches!(extension.as_deref(), Some("po" | "pot")) {
        // A PO file says its own charset: read as bytes.
        let bytes = read::read_bytes(path, MAX_IMPORT_BYTES, true)
            .map_err(|p| Error::Data(p.to_string()))?;
        return po::read(path, &bytes, warnings);
    }
    let text =
        read::read_prefix(path, MAX_IMPORT_BYTES, true).map_err(|p| Error::Data(p.to_string()))?;
    let is_xml = match extension.as_deref() {
        Some("tbx" | "xml") => true,
        Some("csv") => false,
        _ => text
            .trim_start_matches('\u{feff}')
            .trim_start()
            .starts_with('<'),
    };
    if is_xml {
        tbx::read(path, &text)
    } else {
        csv::read(path, &text)
    }
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
            let file = target(into, &slug, &term.lang);
            let same = read::read_prefix(&file, MAX_IMPORT_BYTES, true)
                .is_ok_and(|text| text == article_text(term));
            unchanged += usize::from(same);
            !same
        });
    }
    entries.retain(|entry| !entry.terms.is_empty());
    unchanged
}

/// A slug from a term: transliterated to ASCII (`deunicode`), lower-case,
/// words of letters and digits joined by `-`, at most 100 bytes.
pub(crate) fn slugify(term: &str) -> Option<String> {
    let ascii = deunicode::deunicode(term).to_lowercase();
    let mut slug = String::new();
    for word in ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if slug.len() + word.len() + 1 > 100 {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(word);
    }
    crate::model::article::is_slug(&slug).then_some(slug)
}

/// The slug an imported entry is written under.
fn slug_of(path: &Path, entry: &Entry) -> Result<String, Error> {
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
fn article_text(term: &Term) -> String {
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
    for note in &term.notes {
        text.push('\n');
        text.push_str(note.trim());
        text.push('\n');
    }
    text
}

/// Writes the entries into `into` as `<slug>/<lang>.md`: all of them or,
/// when anything is wrong (a slug, a clash, an existing file without
/// `force`, a problem `--check` finds), none. Returns the files written.
pub(crate) fn write(
    path: &Path,
    entries: &[Entry],
    into: &Path,
    force: bool,
) -> Result<Vec<PathBuf>, Error> {
    let mut files: Vec<(String, String, String, usize)> = Vec::new();
    let mut seen: std::collections::HashMap<(String, String), usize> = Default::default();
    for entry in entries {
        let slug = slug_of(path, entry)?;
        for term in &entry.terms {
            if let Some(first) = seen.insert((slug.clone(), term.lang.clone()), entry.line) {
                return Err(bad(
                    path,
                    Some(entry.line),
                    format!("'{slug}' in {} again (first at line {first})", term.lang),
                ));
            }
            files.push((
                slug.clone(),
                term.lang.clone(),
                article_text(term),
                entry.line,
            ));
        }
    }
    if files.is_empty() {
        return Err(bad(path, None, "no terms to import"));
    }
    if !force {
        if let Some((slug, lang, _, _)) = files
            .iter()
            .find(|(slug, lang, _, _)| target(into, slug, lang).exists())
        {
            return Err(Error::Usage(format!(
                "{} exists; nothing was written (--force replaces existing articles)",
                target(into, slug, lang).display()
            )));
        }
    }
    if into.exists() && !into.is_dir() {
        return Err(bad(into, None, "is not a folder"));
    }
    // A term folder that is a link could lead the files anywhere.
    let is_link = |path: &Path| path.symlink_metadata().is_ok_and(|m| m.is_symlink());
    if let Some((slug, _, _, _)) = files.iter().find(|(slug, ..)| is_link(&into.join(slug))) {
        let message = "is a symbolic link; nothing was written through it";
        return Err(bad(&into.join(slug), None, message));
    }
    let stage = into.join(format!(".gloss-import-{}", std::process::id()));
    let result = stage_and_check(&stage, &files, into).and_then(|()| {
        let mut written = Vec::new();
        for (slug, lang, _, _) in &files {
            let to = target(into, slug, lang);
            let folder = into.join(slug);
            // Files come term by term: one folder to make per term.
            if written
                .last()
                .is_none_or(|last: &PathBuf| !last.starts_with(&folder))
            {
                std::fs::create_dir_all(&folder).map_err(|e| cannot(&folder, e))?;
            }
            let from = stage.join(slug).join(format!("{lang}.md"));
            std::fs::rename(&from, &to).map_err(|e| cannot(&to, e))?;
            written.push(to);
        }
        Ok(written)
    });
    let _ = std::fs::remove_dir_all(&stage);
    result
}

/// A file or folder the import could not write, named.
fn cannot(path: &Path, error: std::io::Error) -> Error {
    bad(path, None, format!("cannot write: {error}"))
}

fn target(into: &Path, slug: &str, lang: &str) -> PathBuf {
    into.join(slug).join(format!("{lang}.md"))
}

/// Writes the files into a hidden folder beside their destination and runs
/// `--check`'s validation over it: nothing reaches `into` unless all pass.
fn stage_and_check(
    stage: &Path,
    files: &[(String, String, String, usize)],
    into: &Path,
) -> Result<(), Error> {
    let mut previous: Option<&str> = None;
    for (slug, lang, text, _) in files {
        let folder = stage.join(slug);
        if previous != Some(slug.as_str()) {
            std::fs::create_dir_all(&folder).map_err(|e| cannot(&folder, e))?;
            previous = Some(slug);
        }
        let file = folder.join(format!("{lang}.md"));
        std::fs::write(&file, text).map_err(|e| cannot(&file, e))?;
    }
    let (_, problems) = crate::store::check::check_folder(stage);
    match problems.first() {
        None => Ok(()),
        Some(problem) => {
            // Named where they were to go, not in the folder they were staged in.
            let shown = problem.path.strip_prefix(stage).unwrap_or(&problem.path);
            let message = (problem.message)
                .replace(&stage.display().to_string(), &into.display().to_string());
            let message = format!("{message}; nothing was written");
            Err(Error::Data(
                Problem::new(&into.join(shown), problem.line, message).to_string(),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_transliterated_words_or_nothing() {
        assert_eq!(slugify("Café au lait").as_deref(), Some("cafe-au-lait"));
        assert_eq!(
            slugify("Мягкая продажа").as_deref(),
            Some("miagkaia-prodazha")
        );
        assert_eq!(slugify("  3D -- printing!").as_deref(), Some("3d-printing"));
        assert_eq!(slugify("../.."), None);
        assert_eq!(slugify("!!!"), None);
        assert_eq!(slugify(""), None);
        let long = slugify(&"word ".repeat(40)).unwrap();
        assert!(long.len() <= 100 && crate::model::article::is_slug(&long));
    }

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
