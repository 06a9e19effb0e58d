//! Whose article is shown, told where it matters (the page's `source`,
//! for JSON and the terminal's footer, is `query::page::source`): a notice when a project folder's article replaces one from a folder the
//! user chose or from the bundle, and the same for `--check`. A cloned
//! repository's `.gloss/` can redefine any term; it must never do so
//! silently.

use super::output::warn_plain;
use crate::model::text::one_line;
use crate::store::glossary::{ArticleRef, Glossary, Location};
use crate::store::paths::Kind;
use crate::store::read::Problem;
use std::path::{Path, PathBuf};

fn shown(path: &Path) -> String {
    one_line(&path.display().to_string())
}

fn file_of(article: &ArticleRef) -> Option<&PathBuf> {
    match &article.location {
        Location::File(path) => Some(path),
        Location::Bundle(_) => None,
    }
}

/// The sentence telling that a project article replaces another.
fn replaces(glossary: &Glossary, article: &ArticleRef, below: &ArticleRef) -> String {
    let what = match glossary.kind(below.layer) {
        None => "the built-in article".to_string(),
        Some(kind) => match file_of(below) {
            Some(path) => format!("the {} article {}", kind.label(), shown(path)),
            None => format!("the {} article", kind.label()),
        },
    };
    format!("replaces {what} for '{}' in {}", article.slug, article.lang)
}

/// The project article's replacement of a lower one, if it is one.
fn replaced(glossary: &Glossary, article: &ArticleRef) -> Option<ArticleRef> {
    (glossary.kind(article.layer) == Some(Kind::Project))
        .then(|| glossary.overridden(article))
        .flatten()
}

/// Tells on stderr, once, that the article about to be shown is a project
/// folder's and replaces another.
pub(super) fn tell_override(glossary: &Glossary, article: &ArticleRef) {
    if let Some(below) = replaced(glossary, article) {
        let path = file_of(article).map(|p| shown(p)).unwrap_or_default();
        warn_plain(&format!(
            "note: the project folder's {path} {}",
            replaces(glossary, article, &below)
        ));
    }
}

/// For `--check`: every article of the project folder that replaces
/// another, and every one that is a link leading out of it.
pub(super) fn project_problems(glossary: &Glossary) -> Vec<Problem> {
    let layers = glossary.layers().len();
    let Some(layer) = (0..layers).find(|&l| glossary.kind(l) == Some(Kind::Project)) else {
        return Vec::new();
    };
    let index = glossary.layers()[layer].index();
    let slugs: Vec<String> = (0..index.term_count() as u32)
        .map(|term| index.slug(term).to_string())
        .collect();
    let mut problems = Vec::new();
    for slug in slugs {
        for article in glossary.articles(&slug) {
            if article.layer != layer {
                continue;
            }
            let Some(path) = file_of(&article) else {
                continue;
            };
            if let Some(problem) = glossary.escapes(&article) {
                problems.push(problem);
            } else if let Some(below) = replaced(glossary, &article) {
                let message = format!("warning: {}", replaces(glossary, &article, &below));
                problems.push(Problem::new(path, None, message));
            }
        }
    }
    problems
}
