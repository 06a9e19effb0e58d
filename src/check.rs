//! Walking a glossary folder (`<slug>/<lang>.md`) safely and validating what
//! it holds. The build script runs the same code over `data/`, so a bad
//! bundle fails the build with the message a user's folder would get.

use crate::article::{self, is_slug, Article, ArticleError};
use crate::lang;
use std::fmt;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest article file gloss reads; larger ones are reported, not read.
pub const MAX_ARTICLE_BYTES: u64 = 1 << 20;
/// The most term folders, and files in one term folder, gloss looks at.
pub const MAX_ENTRIES: usize = 200_000;

/// One thing wrong with a glossary file or folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl Problem {
    pub fn new(path: &Path, line: Option<usize>, message: impl Into<String>) -> Self {
        Problem {
            path: path.to_path_buf(),
            line,
            message: message.into(),
        }
    }

    /// A parse error of the article at `path`.
    pub fn from_article(path: &Path, error: ArticleError) -> Self {
        Problem::new(path, error.line, error.message)
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let line = self.line.map(|line| format!(":{line}")).unwrap_or_default();
        let text = format!("{}{line}: {}", self.path.display(), self.message);
        // File names are data too, and messages quote them: neither may
        // smuggle an escape sequence (or a line break) out.
        f.write_str(&crate::text::one_line(&text))
    }
}

/// An article file found by the walk: where it is and what it claims to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleFile {
    pub slug: String,
    pub lang: String,
    pub path: PathBuf,
}

/// Lists the article files under `root`, sorted by slug and language, and
/// records a problem for everything that cannot be one. Hidden entries
/// (`.git`, editor files) are skipped; nothing is opened, only listed.
pub fn walk(root: &Path, problems: &mut Vec<Problem>) -> Vec<ArticleFile> {
    let mut files = Vec::new();
    for (name, path) in sorted_entries(root, problems) {
        if !fs::metadata(&path).is_ok_and(|m| m.is_dir()) {
            continue; // READMEs and the like beside the term folders
        }
        if !is_slug(&name) {
            problems.push(Problem::new(
                &path,
                None,
                "folder name is not a slug (lower-case words joined by '-')",
            ));
            continue;
        }
        for (file_name, file_path) in sorted_entries(&path, problems) {
            match article_lang(&file_name) {
                Ok(lang) => files.push(ArticleFile {
                    slug: name.clone(),
                    lang,
                    path: file_path,
                }),
                Err(message) => problems.push(Problem::new(&file_path, None, message)),
            }
        }
    }
    files.sort_by(|a, b| (&a.slug, &a.lang).cmp(&(&b.slug, &b.lang)));
    files
}

/// The language an article file name declares: `pt-BR.md` → `pt-BR`. Other
/// spellings of a tag (`pt_br.md`, `zh-tw.md`) are accepted as their
/// canonical form: the language is unambiguous, and glossaries written
/// elsewhere should not lose articles over case.
pub fn article_lang(file_name: &str) -> Result<String, String> {
    let Some(stem) = file_name.strip_suffix(".md") else {
        return Err("not an article: files are named <lang>.md".into());
    };
    match lang::canonical(stem) {
        Some(tag) => Ok(tag),
        None => Err(format!(
            "'{stem}' is not a language tag (like sv, pt-BR or zh-TW)"
        )),
    }
}

/// The non-hidden entries of a folder with UTF-8 names, sorted by name.
fn sorted_entries(dir: &Path, problems: &mut Vec<Problem>) -> Vec<(String, PathBuf)> {
    let reader = match fs::read_dir(dir) {
        Ok(reader) => reader,
        Err(error) => {
            problems.push(Problem::new(
                dir,
                None,
                format!("cannot read folder: {error}"),
            ));
            return Vec::new();
        }
    };
    let mut entries = Vec::new();
    for entry in reader.flatten().take(MAX_ENTRIES) {
        let path = entry.path();
        match entry.file_name().into_string() {
            Ok(name) if name.starts_with('.') => {}
            Ok(name) => entries.push((name, path)),
            Err(_) => problems.push(Problem::new(&path, None, "name is not valid UTF-8")),
        }
    }
    entries.sort();
    entries
}

/// Reads an article file, refusing what is not a regular file, what is larger
/// than `MAX_ARTICLE_BYTES`, and what is not UTF-8.
pub fn read_file(path: &Path) -> Result<String, Problem> {
    read_prefix(path, MAX_ARTICLE_BYTES, true)
}

/// Reads at most `limit` bytes of a file. With `whole`, a longer file is a
/// problem; without, the text is cut at the last complete line.
pub fn read_prefix(path: &Path, limit: u64, whole: bool) -> Result<String, Problem> {
    let fail = |message: String| Problem::new(path, None, message);
    // Checked before opening: opening a FIFO would block, a device could be endless.
    let meta = fs::metadata(path).map_err(|e| fail(format!("cannot read: {e}")))?;
    if !meta.is_file() {
        return Err(fail("not a regular file".into()));
    }
    if whole && meta.len() > limit {
        return Err(fail(format!(
            "file is {} bytes, larger than the {limit}-byte limit",
            meta.len()
        )));
    }
    let file = fs::File::open(path).map_err(|e| fail(format!("cannot read: {e}")))?;
    let mut bytes = Vec::new();
    file.take(limit)
        .read_to_end(&mut bytes)
        .map_err(|e| fail(format!("cannot read: {e}")))?;
    if !whole {
        let end = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        if (bytes.len() as u64) == limit {
            bytes.truncate(end);
        }
    }
    String::from_utf8(bytes).map_err(|error| {
        let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        Problem::new(path, Some(line), "not valid UTF-8 text")
    })
}

/// Reads and parses one article file.
pub fn load(file: &ArticleFile) -> Result<Article, Problem> {
    let text = read_file(&file.path)?;
    article::parse(&file.slug, &file.lang, &text).map_err(|e| Problem::from_article(&file.path, e))
}

/// An article that parsed, with the text it was read from.
#[derive(Debug, Clone)]
pub struct Checked {
    pub file: ArticleFile,
    pub article: Article,
    pub text: String,
}

/// Reads and validates every article under `root`: files that cannot be
/// articles, front matter, unknown keys, and titles two terms share in one
/// language. Returns the articles that parsed, and every problem.
pub fn check_folder(root: &Path) -> (Vec<Checked>, Vec<Problem>) {
    let mut problems = Vec::new();
    let files = walk(root, &mut problems);
    problems.extend(same_language_twice(&files));
    let mut checked: Vec<Checked> = Vec::new();
    for loaded in crate::parallel::map(&files, check_file) {
        match loaded {
            Ok((item, unknown)) => {
                problems.extend(unknown);
                checked.push(item);
            }
            Err(problem) => problems.push(problem),
        }
    }
    problems.extend(duplicate_titles(&checked));
    (checked, problems)
}

/// Two files of one term that name the same language (`pt-BR.md` and
/// `pt_br.md`): only one of them can be shown. `walk` sorts them together.
fn same_language_twice(files: &[ArticleFile]) -> Vec<Problem> {
    files
        .windows(2)
        .filter(|pair| pair[0].slug == pair[1].slug && pair[0].lang == pair[1].lang)
        .map(|pair| {
            let first = pair[0]
                .path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy();
            let message = format!(
                "another file of this term is also {}: {first}",
                pair[1].lang
            );
            Problem::new(&pair[1].path, None, message)
        })
        .collect()
}

/// One file read and parsed, with its unknown front-matter keys.
fn check_file(file: &ArticleFile) -> Result<(Checked, Vec<Problem>), Problem> {
    let text = read_file(&file.path)?;
    let article = article::parse(&file.slug, &file.lang, &text)
        .map_err(|error| Problem::from_article(&file.path, error))?;
    let unknown = unknown_keys(file, &article, &text);
    let file = file.clone();
    Ok((
        Checked {
            file,
            article,
            text,
        },
        unknown,
    ))
}

fn unknown_keys(file: &ArticleFile, article: &Article, text: &str) -> Vec<Problem> {
    article
        .front
        .unknown_keys
        .iter()
        .map(|key| {
            let line = line_of(text, &format!("{key}:"));
            let message =
                format!("unknown front-matter key '{key}' (known: title, description, keywords)");
            Problem::new(&file.path, line, message)
        })
        .collect()
}

/// Two terms with the same title in one language make title lookups ambiguous.
fn duplicate_titles(checked: &[Checked]) -> Vec<Problem> {
    let mut seen: std::collections::HashMap<(String, String), &Checked> = Default::default();
    let mut problems = Vec::new();
    for item in checked {
        let key = (
            item.file.lang.clone(),
            crate::text::match_key(&item.article.front.title),
        );
        match seen.get(&key) {
            Some(first) if first.file.slug != item.file.slug => problems.push(Problem::new(
                &item.file.path,
                line_of(&item.text, "title:"),
                format!(
                    "title '{}' is also the title of {}",
                    item.article.front.title,
                    first.file.path.display()
                ),
            )),
            Some(_) => {}
            None => {
                seen.insert(key, item);
            }
        }
    }
    problems
}

/// Links to terms that `exists` does not know, at the line of the link.
pub fn missing_links(checked: &[Checked], exists: impl Fn(&str) -> bool) -> Vec<Problem> {
    let mut problems = Vec::new();
    for item in checked {
        for link in item
            .article
            .links()
            .into_iter()
            .filter(|link| !exists(&link.slug))
        {
            let line = line_of(&item.text, &format!("(/{}", link.slug));
            problems.push(Problem::new(
                &item.file.path,
                line,
                format!("links to '{}', which is not in the glossary", link.slug),
            ));
        }
    }
    problems
}

/// The 1-based line where `needle` first occurs in `text`.
fn line_of(text: &str, needle: &str) -> Option<usize> {
    let at = text.find(needle)?;
    Some(text[..at].matches('\n').count() + 1)
}
