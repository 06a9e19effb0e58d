//! User glossary folders: where they are (`--data-dir`, `GLOSS_DATA_DIRS`,
//! the config file, the user data folder) and reading them cheaply. A lookup
//! by slug reads only that term's folder; lists read only front matter;
//! only search and link questions read whole files.

use crate::article::{self, is_slug, FrontMatter};
use crate::cache;
use crate::check::{self, Problem};
use crate::index::{self, Entry};
use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// Front matter longer than this is not read (the file is reported broken).
pub const MAX_FRONT_MATTER_BYTES: u64 = 64 * 1024;

/// Why a folder is read, for `--show-paths`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    DataDir,
    Env,
    Config,
    User,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::DataDir => "--data-dir",
            Kind::Env => "GLOSS_DATA_DIRS",
            Kind::Config => "config data_dirs",
            Kind::User => "user folder",
        }
    }
}

/// The glossary folders in precedence order: `--data-dir` (in the order
/// given), `GLOSS_DATA_DIRS`, the config file's `data_dirs`, the user folder.
pub fn locate(data_dirs: &[PathBuf], config_dirs: &[PathBuf]) -> Vec<(Kind, PathBuf)> {
    let mut folders: Vec<(Kind, PathBuf)> = Vec::new();
    let env_dirs: Vec<PathBuf> = std::env::var_os("GLOSS_DATA_DIRS")
        .map(|value| {
            std::env::split_paths(&value)
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        })
        .unwrap_or_default();
    let user = crate::config::data_dir().map(|dir| dir.join("gloss"));
    let all = data_dirs
        .iter()
        .map(|d| (Kind::DataDir, d.clone()))
        .chain(env_dirs.into_iter().map(|d| (Kind::Env, d)))
        .chain(config_dirs.iter().map(|d| (Kind::Config, d.clone())))
        .chain(user.map(|d| (Kind::User, d)));
    for (kind, path) in all {
        if !folders.iter().any(|(_, p)| *p == path) {
            folders.push((kind, path));
        }
    }
    folders
}

/// One article file of a term, read no further than its front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FolderArticle {
    pub lang: String,
    /// Empty when the front matter is broken; loading the article says why.
    pub title: String,
    pub path: PathBuf,
}

/// The articles of one term in `root`, by reading only `root/slug/`.
pub fn term_articles(root: &Path, slug: &str) -> Vec<FolderArticle> {
    if !is_slug(slug) {
        return Vec::new(); // never turn user input into a path otherwise
    }
    let dir = root.join(slug);
    let Ok(reader) = fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut found: Vec<FolderArticle> = reader
        .flatten()
        .take(check::MAX_ENTRIES)
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
pub fn unreadable_term(root: &Path, slug: &str) -> Option<Problem> {
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
pub fn has_term(root: &Path, slug: &str) -> bool {
    is_slug(slug)
        && fs::read_dir(root.join(slug)).is_ok_and(|entries| {
            entries.flatten().any(|e| {
                e.file_name()
                    .to_str()
                    .is_some_and(|n| check::article_lang(n).is_ok())
            })
        })
}

/// Reads a file only as far as the end of its front matter.
pub fn read_front_matter(path: &Path) -> Result<FrontMatter, Problem> {
    let meta =
        fs::metadata(path).map_err(|e| Problem::new(path, None, format!("cannot read: {e}")))?;
    if !meta.is_file() {
        return Err(Problem::new(path, None, "not a regular file"));
    }
    let file =
        fs::File::open(path).map_err(|e| Problem::new(path, None, format!("cannot read: {e}")))?;
    let mut reader = BufReader::with_capacity(4096, file.take(MAX_FRONT_MATTER_BYTES));
    let mut text = Vec::new();
    let mut line = Vec::new();
    let mut lines = 0;
    loop {
        line.clear();
        if reader
            .read_until(b'\n', &mut line)
            .map_err(|e| Problem::new(path, None, format!("cannot read: {e}")))?
            == 0
        {
            break;
        }
        text.extend_from_slice(&line);
        lines += 1;
        let bare = line.trim_ascii_end();
        if lines == 1 && bare != b"---" && bare != "\u{feff}---".as_bytes() {
            break; // no front matter: the parser says so
        }
        if lines > 1 && (bare == b"---" || bare == b"...") {
            break;
        }
    }
    let text =
        String::from_utf8(text).map_err(|_| Problem::new(path, None, "not valid UTF-8 text"))?;
    article::front_matter(&text).map_err(|error| Problem::from_article(path, error))
}

/// A folder's article files, and the stamp of what they hold now. Listed
/// once per call, for both of the folder's indexes.
pub struct Listing {
    files: Vec<check::ArticleFile>,
    stamp: cache::Stamp,
}

pub fn list(root: &Path) -> Listing {
    let mut ignored = Vec::new();
    let files = check::walk(root, &mut ignored);
    let stamp = cache::Stamp::of(root, &files);
    Listing { files, stamp }
}

/// Builds the index of a folder, or takes the cached copy while no file has
/// changed. Without `bodies`, from front matter only (lookups by title,
/// lists); with, from whole files (search, links). Broken files are left
/// out: they never stop the rest from being served.
pub fn scan(root: &Path, listing: &Listing, bodies: bool) -> Vec<u8> {
    let Listing { files, stamp } = listing;
    if let Some(index) = cache::load(root, bodies, stamp) {
        return index;
    }
    let entries = crate::parallel::map(files, |file| entry(file, bodies))
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
            ..Entry::default()
        });
    }
    let article = check::load(file).ok()?;
    Some(Entry::from_article(article, String::new()))
}
