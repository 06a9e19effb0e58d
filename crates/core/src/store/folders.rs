//! User glossary folders: where they are (`--data-dir`, `GLOSS_DATA_DIRS`,
//! the config file, the user data folder) and reading them cheaply. A lookup
//! by slug reads only that term's folder; lists read only front matter;
//! only search and link questions read whole files.

use crate::model::article::is_slug;
use crate::store::cache::{self, Blob, Cached, Dir, File, Kind, Manifest, Stat, Verdict};
use crate::store::check;
use crate::store::index::{self, Entry, Index};
use crate::store::read::{self, front_matter_text, read_file, read_front_matter, Problem};
use crate::store::watch;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

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
    term_articles_with(root, slug, |path| {
        read_front_matter(path)
            .map(|front| front.title)
            .unwrap_or_default()
    })
}

/// The article files of one term, each with the title `title` gives it.
fn term_articles_with(
    root: &Path,
    slug: &str,
    title: impl Fn(&Path) -> String,
) -> Vec<FolderArticle> {
    if !is_slug(slug) {
        return Vec::new(); // never turn user input into a path otherwise
    }
    let dir = root.join(slug);
    if !on_root_device(root, &dir) {
        return Vec::new();
    }
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
            let title = title(&path);
            Some(FolderArticle { lang, title, path })
        })
        .collect();
    // By language, then name, so that of `pt-BR.md` and `pt_br.md` the same
    // one is always first, the one shown (`--check` reports the other).
    found.sort_by(|a, b| (&a.lang, &a.path).cmp(&(&b.lang, &b.path)));
    found
}

/// `term_articles`, with titles from the folder's titles index where the
/// folder watcher vouches for it (so it is the folder as it is now): the
/// term's folder is listed, and no file is read. A file the index lacks is
/// one whose front matter did not parse: broken, as `term_articles` finds
/// it. Two files of one language (`pt-BR.md`, `pt_br.md`) are told apart
/// only by reading them.
pub(crate) fn term_articles_indexed(root: &Path, slug: &str, index: &Index) -> Vec<FolderArticle> {
    let mut found = term_articles_with(root, slug, |_| String::new());
    let duplicated = found.windows(2).any(|pair| pair[0].lang == pair[1].lang);
    if duplicated {
        return term_articles(root, slug);
    }
    // One pass over the index's rows, not one per file: a term may have
    // thousands of languages.
    let titles: std::collections::HashMap<&str, &str> = index
        .find_slug(slug)
        .into_iter()
        .flat_map(|term| index.articles(term))
        .map(|(_, a)| (a.lang, a.title))
        .collect();
    for article in &mut found {
        let title = titles
            .get(article.lang.as_str())
            .copied()
            .unwrap_or_default();
        article.title = title.to_string();
    }
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

/// A folder as this call found it: listed, or checked unchanged against a
/// cached manifest. Established once per call, for both of its indexes.
pub(crate) struct Listing {
    manifest: Manifest,
    stamp: u64,
}

/// Whether `root` is still as `listing` found it, listed again: a
/// long-running session's question before it trusts what it read. A
/// listing with an entry recent enough that its times could hide a later
/// change is never vouched for; reopening reads such a file again.
pub(crate) fn unchanged(root: &Path, listing: &Listing) -> bool {
    !listing.manifest.unsettled() && list(root, crate::store::local::now()).stamp() == listing.stamp
}

/// Lists `root` and `stat`s everything in it, as of `taken` (a time before
/// the first `stat`). Each directory is `stat`ed before it is listed, so an
/// entry added meanwhile shows in its times.
pub(crate) fn list(root: &Path, taken: i64) -> Manifest {
    let mut manifest = Manifest {
        taken,
        ..Manifest::default()
    };
    let base = cache::Root::open(root);
    let stat = base.stat("", "");
    let (slugs, root_names) = names(root, true);
    manifest.dirs.push(Dir {
        name: String::new(),
        stat,
        names: root_names,
    });
    let terms = crate::store::parallel::map(&slugs, |slug| {
        let path = root.join(slug);
        let stat = base.stat(slug, "");
        let (files, hash) = if stat.is_dir() && on_root_device(root, &path) {
            names(&path, false)
        } else {
            (Vec::new(), 0)
        };
        let files: Vec<(String, Stat)> = files
            .into_iter()
            .map(|name| {
                let stat = base.stat(slug, &name);
                (name, stat)
            })
            .collect();
        (stat, hash, files)
    });
    for (slug, (stat, names, files)) in slugs.into_iter().zip(terms) {
        let dir = manifest.dirs.len() as u32;
        manifest.dirs.push(Dir {
            name: slug,
            stat,
            names,
        });
        for (name, stat) in files {
            let Ok(lang) = check::article_lang(&name) else {
                continue;
            };
            manifest.files.push(File {
                dir,
                name: name.into(),
                lang: lang.into(),
                stat,
            });
        }
    }
    manifest
}

/// Whether the term folder `dir` is on the file system of its glossary
/// folder `root` (see `read::other_device`); one that is not is told once.
fn on_root_device(root: &Path, dir: &Path) -> bool {
    match read::other_device(root, dir) {
        None => true,
        Some(problem) => {
            read::announce(&problem);
            false
        }
    }
}

/// The entries of a folder that matter to its index, sorted, and a hash of
/// them: in the root, names that are slugs; in a term folder, article file
/// names. Others are never indexed, so adding one changes nothing.
fn names(dir: &Path, root: bool) -> (Vec<String>, u64) {
    let listed = fs::read_dir(dir).into_iter().flatten().flatten();
    let (listed, limit) = read::at_most_entries(dir, listed);
    if let Some(problem) = limit {
        read::announce(&problem);
    }
    let mut names: Vec<String> = listed
        .into_iter()
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| {
            if root {
                is_slug(name)
            } else {
                !name.starts_with('.') && check::article_lang(name).is_ok()
            }
        })
        .collect();
    names.sort_unstable();
    let hash = xxhash_rust::xxh3::xxh3_64(names.join("\n").as_bytes());
    (names, hash)
}

/// Builds the index of a folder, or takes the cached copy while the folder
/// is unchanged. Without `bodies`, from front matter only (lookups by title,
/// lists); with, from whole files (search, links). Broken files are left
/// out: they never stop the rest from being served. `answer` is what the
/// folder watcher said of the folder, before anything was checked.
pub(crate) fn scan(
    root: &Path,
    current: &OnceLock<Listing>,
    bodies: bool,
    answer: watch::Answer,
) -> Blob {
    let kind = if bodies { Kind::Full } else { Kind::Titles };
    let token = answer.token();
    let taken = current
        .get()
        .map_or_else(crate::store::local::now, |known| known.manifest.taken);
    // Nothing in the folder changed since its copy was checked: no `stat`,
    // and the manifest is not even decoded.
    if let Some(index) = vouched(root, kind, answer) {
        return index;
    }
    if let Some(opened) = cache::open(root, kind, answer.seal(kind)) {
        if let Some(mut cached) = opened.decode() {
            let known = current.get().map(|known| known.stamp);
            // The other index's copy, checked this call, describes the same
            // state: only the entries compared by content are read again.
            let stats_known = known == Some(cached.stamp);
            if known.is_none() || stats_known {
                let verdict = cache::verify(
                    root,
                    &cached,
                    taken,
                    stats_known,
                    |dir, root| names(dir, root).1,
                    |path| cache::content_hash(&read(path, kind)),
                );
                if let Verdict::Fresh { settled } = verdict {
                    cached.manifest.taken = taken;
                    // Checked now, so under this call's token. Without one,
                    // the token it has stays true: had the folder changed
                    // since, the watcher's token would have moved.
                    let retoken = token.is_some() && cached.manifest.watch != token;
                    if retoken {
                        cached.manifest.watch = token;
                    }
                    if settled || retoken {
                        let Cached {
                            manifest,
                            contents,
                            index,
                            ..
                        } = &cached;
                        cache::store(root, kind, manifest, contents, index);
                    }
                    start_watching(answer, &cached.manifest);
                    let _ = current.set(Listing {
                        manifest: cached.manifest,
                        stamp: cached.stamp,
                    });
                    return cached.index;
                }
            }
        }
    }
    let listing = current.get_or_init(|| {
        let mut manifest = list(root, taken);
        manifest.watch = token;
        let stamp = manifest.stamp();
        Listing { manifest, stamp }
    });
    let manifest = &listing.manifest;
    let (entries, contents): (Vec<_>, Vec<_>) =
        crate::store::parallel::map(&manifest.files, |file| {
            let path = manifest.path(root, file);
            let text = read(&path, kind);
            let hash = cache::content_hash(&text);
            let slug = &manifest.dirs[file.dir as usize].name;
            (entry(slug, &file.lang, text, kind), hash)
        })
        .into_iter()
        .unzip();
    let entries = entries.into_iter().flatten().collect();
    let index = match kind {
        Kind::Titles => index::write_titles(entries),
        Kind::Full => index::write(entries),
    };
    cache::store(root, kind, manifest, &contents, &index);
    start_watching(answer, manifest);
    Blob::Owned(index)
}

/// The cached index of `kind` if the watcher vouches for it: checked
/// against the folder under the token the watcher still gives. Nothing is
/// checked or built otherwise.
pub(crate) fn vouched(root: &Path, kind: Kind, answer: watch::Answer) -> Option<Blob> {
    let token = answer.token()?;
    let opened = cache::open(root, kind, answer.seal(kind))?;
    (opened.watch == Some(token)).then(|| opened.index())?
}

/// Starts the folder watcher when no watcher runs and the folder is large
/// enough that the next calls gain from one.
fn start_watching(answer: watch::Answer, manifest: &Manifest) {
    if answer == watch::Answer::Absent && manifest.files.len() >= watch::WATCH_FROM {
        watch::start();
    }
}

/// The text an index entry is made from: the front matter's part of the
/// file for titles, the whole file for the full index.
fn read(path: &Path, kind: Kind) -> Result<String, Problem> {
    match kind {
        Kind::Titles => front_matter_text(path),
        Kind::Full => read_file(path),
    }
}

/// The index entry of one file. No payload: a folder article is read from
/// its file when it is shown.
fn entry(slug: &str, lang: &str, text: Result<String, Problem>, kind: Kind) -> Option<Entry> {
    let text = text.ok()?;
    if kind == Kind::Titles {
        let front = crate::model::article::front_matter(&text).ok()?;
        return Some(Entry {
            slug: slug.to_string(),
            lang: lang.to_string(),
            title: front.title,
            description: front.description,
            aliases: front.aliases,
            avoid: front.avoid,
            ..Entry::default()
        });
    }
    let article = crate::model::article::parse(slug, lang, &text).ok()?;
    Some(Entry::from_article(article, String::new()))
}
