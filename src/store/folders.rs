//! User glossary folders: where they are (`--data-dir`, `GLOSS_DATA_DIRS`,
//! the config file, the user data folder) and reading them cheaply. A lookup
//! by slug reads only that term's folder; lists read only front matter;
//! only search and link questions read whole files.

use crate::model::article::is_slug;
use crate::store::cache;
use crate::store::check;
use crate::store::index::{self, Entry};
use crate::store::read::{self, read_front_matter, Problem};
use std::fs;
use std::path::{Path, PathBuf};

/// One article file of a term, read no further than its front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FolderArticle {
    pub(crate) lang: String,
    /// Empty when the front matter is broken; loading the article says why.
    pub(crate) title: String,
    pub(crate) path: PathBuf,
}

/// The articles of one term in `root`, by reading only `root/slug/`.
pub(crate) fn term_articles(root: &Path, slug: &str) -> Vec<FolderArticle> {
    if !is_slug(slug) {
        return Vec::new(); // never turn user input into a path otherwise
    }
    let dir = root.join(slug);
    let Ok(reader) = fs::read_dir(&dir) else {
        return Vec::new();
    };
    let (entries, limit) = read::at_most_entries(&dir, reader.flatten());
    if let Some(problem) = limit {
        read::announce(&problem);
    }
    let mut found: Vec<FolderArticle> = entries
        .into_iter()
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let lang = check::article_lang(&name).ok()?;
            let path = entry.path();
            let title = read_front_matter(&path)
                .map(|front| front.title)
                .unwrap_or_default();
            Some(FolderArticle { lang, title, path })
        })
        .collect();
    // By language, then name, so that of `pt-BR.md` and `pt_br.md` the same
    // one is always first, the one shown (`--check` reports the other).
    found.sort_by(|a, b| (&a.lang, &a.path).cmp(&(&b.lang, &b.path)));
    found
}

/// The problem with `root`'s folder for this term, when it exists but
/// cannot be listed (permissions, a symlink loop).
pub(crate) fn unreadable_term(root: &Path, slug: &str) -> Option<Problem> {
    let dir = root.join(slug);
    let exists = fs::symlink_metadata(&dir).is_ok();
    // A file of that name beside the term folders is not a term.
    let is_file = fs::metadata(&dir).is_ok_and(|meta| !meta.is_dir());
    if !is_slug(slug) || !exists || is_file {
        return None;
    }
    let error = fs::read_dir(&dir).err()?;
    Some(Problem::new(
        &dir,
        None,
        format!("cannot read folder: {error}"),
    ))
}

/// Whether `root` has a folder for this term with at least one article.
pub(crate) fn has_term(root: &Path, slug: &str) -> bool {
    is_slug(slug)
        && fs::read_dir(root.join(slug)).is_ok_and(|entries| {
            entries.flatten().any(|e| {
                e.file_name()
                    .to_str()
                    .is_some_and(|n| check::article_lang(n).is_ok())
            })
        })
}

/// A folder's article files, and the stamp of what they hold now. Listed
/// once per call, for both of the folder's indexes.
pub(crate) struct Listing {
    files: Vec<check::ArticleFile>,
    stamp: cache::Stamp,
}

pub(crate) fn list(root: &Path) -> Listing {
    let mut problems = Vec::new();
    let files = check::walk(root, &mut problems);
    // Broken files are `--check`'s to report; a limit is told every time.
    for problem in problems.iter().filter(|problem| read::is_limit(problem)) {
        read::announce(problem);
    }
    let stamp = cache::Stamp::of(root, &files);
    Listing { files, stamp }
}

/// Builds the index of a folder, or takes the cached copy while no file has
/// changed. Without `bodies`, from front matter only (lookups by title,
/// lists); with, from whole files (search, links). Broken files are left
/// out: they never stop the rest from being served.
pub(crate) fn scan(root: &Path, listing: &Listing, bodies: bool) -> Vec<u8> {
    let Listing { files, stamp } = listing;
    if let Some(index) = cache::load(root, bodies, stamp) {
        return index;
    }
    let entries = crate::store::parallel::map(files, |file| entry(file, bodies))
        .into_iter()
        .flatten()
        .collect();
    let index = index::write(entries);
    cache::store(root, bodies, stamp, &index);
    index
}

/// The index entry of one file. No payload: a folder article is read from
/// its file when it is shown.
fn entry(file: &check::ArticleFile, bodies: bool) -> Option<Entry> {
    if !bodies {
        let front = read_front_matter(&file.path).ok()?;
        return Some(Entry {
            slug: file.slug.clone(),
            lang: file.lang.clone(),
            title: front.title,
            description: front.description,
            aliases: front.aliases,
            ..Entry::default()
        });
    }
    let article = check::load(file).ok()?;
    Some(Entry::from_article(article, String::new()))
}
