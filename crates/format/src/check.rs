//! Walking a glossary folder (`<slug>/<lang>.md`) safely and validating what
//! it holds. The build script runs the same code over `data/`, so a bad
//! bundle fails the build with the message a user's folder would get.

use crate::model::article::{self, is_slug, Article};
use crate::model::lang;
use crate::read::{at_most_entries, read_file, Problem};
use std::fs;
use std::path::{Path, PathBuf};

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
            let message = match crate::model::text::first_invisible(&name) {
                Some(c) => invisible_message("folder name", c),
                None => "folder name is not a slug (lower-case words joined by '-')".into(),
            };
            problems.push(Problem::new(&path, None, message));
            continue;
        }
        if let Some(problem) = crate::read::other_device(root, &path) {
            problems.push(problem);
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
        None => Err(lang::not_a_tag(stem)),
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
    let (listed, limit) = at_most_entries(dir, reader.flatten());
    problems.extend(limit);
    let mut entries = Vec::new();
    for entry in listed {
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
    check_folder_with(root, |checked| checked)
}

/// [`check_folder`], keeping of each article only what `keep` makes of it,
/// as soon as it is parsed: the build script turns each into an index entry
/// on the spot, so a bundle's text is never in memory all at once.
pub fn check_folder_with<T: Send>(
    root: &Path,
    keep: impl Fn(Checked) -> T + Sync,
) -> (Vec<T>, Vec<Problem>) {
    let mut problems = Vec::new();
    let files = walk(root, &mut problems);
    problems.extend(same_language_twice(&files));
    let mut kept = Vec::new();
    let mut titles = Vec::new();
    let loaded = crate::parallel::map(&files, |file| {
        check_file(file).map(|(item, unknown)| (title_of(&item), unknown, keep(item)))
    });
    for loaded in loaded {
        match loaded {
            Ok((title, unknown, item)) => {
                problems.extend(unknown);
                titles.push(title);
                kept.push(item);
            }
            Err(problem) => problems.push(problem),
        }
    }
    problems.extend(duplicate_titles(&titles));
    problems.extend(alias_collisions(&titles));
    (kept, problems)
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

/// One file read and parsed, with what is wrong in a file that parses:
/// unknown front-matter keys, an invisible character in the title.
fn check_file(file: &ArticleFile) -> Result<(Checked, Vec<Problem>), Problem> {
    let text = read_file(&file.path)?;
    let article = article::parse(&file.slug, &file.lang, &text)
        .map_err(|error| Problem::from_article(&file.path, error))?;
    let mut unknown = unknown_keys(file, &article, &text);
    unknown.extend(avoided_names(file, &article, &text));
    if let Some(c) = crate::model::text::first_invisible(&article.front.title) {
        let line = line_of(&text, "title:");
        unknown.push(Problem::new(
            &file.path,
            line,
            invisible_message("title", c),
        ));
    }
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

/// A title or slug with a character nobody can see looks like another one.
fn invisible_message(what: &str, c: char) -> String {
    format!(
        "{what} has an invisible character (U+{:04X}) that makes it look like another; remove it",
        c as u32
    )
}

/// An avoided term that is also the article's title or one of its aliases:
/// `--lint` would report the very term the article recommends.
fn avoided_names(file: &ArticleFile, article: &Article, text: &str) -> Vec<Problem> {
    use crate::model::text::match_key;
    let front = &article.front;
    let names: std::collections::HashSet<String> = std::iter::once(&front.title)
        .chain(&front.aliases)
        .map(|name| match_key(name))
        .collect();
    front
        .avoid
        .iter()
        .filter(|avoided| names.contains(&match_key(avoided)))
        .map(|avoided| {
            let message = format!("'{avoided}' is both avoided and a name of this term");
            Problem::new(&file.path, line_of(text, "avoid:"), message)
        })
        .collect()
}

fn unknown_keys(file: &ArticleFile, article: &Article, text: &str) -> Vec<Problem> {
    article
        .front
        .unknown_keys
        .iter()
        .map(|key| {
            let line = line_of(text, &format!("{key}:"));
            let known = article::KNOWN_KEYS.join(", ");
            let message = format!("unknown front-matter key '{key}' (known: {known})");
            Problem::new(&file.path, line, message)
        })
        .collect()
}

/// What the duplicate-title and alias checks need of an article, kept
/// after its text is gone.
struct Title {
    file: ArticleFile,
    key: (String, String),
    title: String,
    line: Option<usize>,
    /// Each alias with the line it is on.
    aliases: Vec<(String, Option<usize>)>,
}

fn title_of(item: &Checked) -> Title {
    Title {
        file: item.file.clone(),
        key: (
            item.file.lang.clone(),
            crate::model::text::match_key(&item.article.front.title),
        ),
        title: item.article.front.title.clone(),
        line: line_of(&item.text, "title:"),
        aliases: item
            .article
            .front
            .aliases
            .iter()
            .map(|alias| (alias.clone(), line_of(&item.text, alias)))
            .collect(),
    }
}

/// Two terms with the same title in one language make title lookups ambiguous.
fn duplicate_titles(titles: &[Title]) -> Vec<Problem> {
    let mut seen: std::collections::HashMap<&(String, String), &Title> = Default::default();
    let mut problems = Vec::new();
    for item in titles {
        match seen.get(&item.key) {
            Some(first) if first.file.slug != item.file.slug => problems.push(Problem::new(
                &item.file.path,
                item.line,
                format!(
                    "title '{}' is also the title of {}",
                    item.title,
                    first.file.path.display()
                ),
            )),
            Some(_) => {}
            None => {
                seen.insert(&item.key, item);
            }
        }
    }
    problems
}

/// Aliases that name another term: its slug (in any language), or its
/// title or one of its aliases in the same language. Such an alias would
/// make a lookup ambiguous, and the other term would win or lose by chance.
fn alias_collisions(titles: &[Title]) -> Vec<Problem> {
    use crate::model::text::match_key;
    use std::collections::HashMap;
    let slugs: HashMap<String, &str> = titles
        .iter()
        .map(|item| (match_key(&item.file.slug), item.file.slug.as_str()))
        .collect();
    // (lang, key) → the articles with that title or alias, and which.
    let mut names: HashMap<(&str, String), Vec<(&Title, &str)>> = HashMap::new();
    for item in titles {
        let lang = item.file.lang.as_str();
        names
            .entry((lang, item.key.1.clone()))
            .or_default()
            .push((item, "the title"));
        for (alias, _) in &item.aliases {
            names
                .entry((lang, match_key(alias)))
                .or_default()
                .push((item, "an alias"));
        }
    }
    let mut problems = Vec::new();
    for item in titles {
        for (alias, line) in &item.aliases {
            let key = match_key(alias);
            let mut report = |what: String| {
                let message = format!("alias '{alias}' is {what}");
                problems.push(Problem::new(&item.file.path, *line, message));
            };
            if let Some(slug) = slugs.get(&key).filter(|slug| **slug != item.file.slug) {
                report(format!("the slug of another term, {slug}"));
            }
            let same = names.get(&(item.file.lang.as_str(), key));
            for (other, kind) in same.into_iter().flatten() {
                if other.file.slug != item.file.slug {
                    report(format!("also {kind} of {}", other.file.path.display()));
                }
            }
        }
    }
    problems
}

/// What the rest of the glossary (the bundle, other folders) knows, for the
/// checks that look beyond the folder being checked.
pub trait Known {
    fn has_term(&self, slug: &str) -> bool;
    /// The terms whose slug (no language), or title or alias (with its
    /// language), has this match key.
    fn named(&self, key: &str) -> Vec<(String, Option<String>)>;
}

/// Aliases that name a term of the rest of the glossary: its slug, or its
/// title or alias in the same language. Terms of the folder itself
/// (`defined`) are `alias_collisions`' to report.
fn aliases_known_elsewhere(
    checked: &[Checked],
    defined: &std::collections::HashSet<&str>,
    known: &dyn Known,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    for item in checked {
        for alias in &item.article.front.aliases {
            let hits = known.named(&crate::model::text::match_key(alias));
            for (slug, lang) in hits {
                if slug == item.file.slug || defined.contains(slug.as_str()) {
                    continue;
                }
                let what = match lang {
                    None => format!("the slug of another term, {slug}"),
                    Some(lang) if lang == item.file.lang => {
                        format!("also the title or an alias of {slug} in {lang}")
                    }
                    Some(_) => continue,
                };
                let line = line_of(&item.text, alias);
                let message = format!("alias '{alias}' is {what}");
                problems.push(Problem::new(&item.file.path, line, message));
            }
        }
    }
    problems
}

/// What `--check` would say about one article outside any folder (`--render`,
/// and a file just edited): unknown keys, links to terms the glossary does
/// not have, and aliases that name another term.
pub fn check_article(item: &Checked, known: &dyn Known) -> Vec<Problem> {
    let items = std::slice::from_ref(item);
    let own: std::collections::HashSet<&str> = [item.file.slug.as_str()].into();
    let mut problems = unknown_keys(&item.file, &item.article, &item.text);
    problems.extend(missing_links(items, |slug| {
        own.contains(slug) || known.has_term(slug)
    }));
    problems.extend(aliases_known_elsewhere(items, &own, known));
    problems
}

/// Links to terms that `exists` does not know, at the line of the link.
pub fn missing_links(checked: &[Checked], exists: impl Fn(&str) -> bool) -> Vec<Problem> {
    let mut problems = Vec::new();
    for item in checked {
        let mut lines = None;
        for link in item
            .article
            .links()
            .into_iter()
            .filter(|link| !exists(&link.slug))
        {
            let lines = lines.get_or_insert_with(|| link_lines(&item.text));
            let line = lines.get(link.slug.as_str()).copied();
            problems.push(Problem::new(
                &item.file.path,
                line,
                format!("links to '{}', which is not in the glossary", link.slug),
            ));
        }
    }
    problems
}

/// The 1-based line of the first `(/slug` of each slug in `text`, found in
/// one pass: an article may link to tens of thousands of terms, and
/// searching the text from its start for each would be quadratic.
fn link_lines(text: &str) -> std::collections::HashMap<&str, usize> {
    let mut lines = std::collections::HashMap::new();
    let (mut line, mut counted) = (1, 0);
    for (at, _) in text.match_indices("(/") {
        line += text.as_bytes()[counted..at]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        counted = at;
        let rest = &text[at + 2..];
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '-'))
            .unwrap_or(rest.len());
        lines.entry(&rest[..end]).or_insert(line);
    }
    lines
}

/// The 1-based line where `needle` first occurs in `text`.
fn line_of(text: &str, needle: &str) -> Option<usize> {
    let at = text.find(needle)?;
    Some(text[..at].matches('\n').count() + 1)
}

/// What `--check` found in a set of folders.
pub struct Report {
    pub articles: usize,
    /// Every problem, folder by folder, each folder's sorted by file and line.
    pub problems: Vec<Problem>,
}

/// Validates each folder; a link is fine when the folder itself or
/// `known` (the whole glossary) has its term.
pub fn check_folders(dirs: &[PathBuf], known: &dyn Known) -> Report {
    let mut report = Report {
        articles: 0,
        problems: Vec::new(),
    };
    for dir in dirs {
        let (checked, mut found) = check_folder(dir);
        let defined: std::collections::HashSet<&str> =
            checked.iter().map(|c| c.file.slug.as_str()).collect();
        found.extend(missing_links(&checked, |slug| {
            defined.contains(slug) || known.has_term(slug)
        }));
        found.extend(aliases_known_elsewhere(&checked, &defined, known));
        found.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
        report.articles += checked.len();
        report.problems.extend(found);
    }
    report
}
